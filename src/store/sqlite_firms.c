/* sqlite_firms.c - store/firms.h in SQLite: a registry's records by one field (the firms
 * table is indexed by credit code, 0008_firms.sql) and the firm_projections table. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store/firms.h"
#include "store/sqlite_int.h"
#include "base/banned.h"

enum status store_registry_find(struct store *s, struct arena *a, enum reg_kind kind, const char *field, const char *value,
				struct reg_record **rows, size_t *n)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	*rows = NULL;
	*n = 0;
	int f = reg_field_find(kind, field, strlen(field));
	if (f < 0) {
		(void)sq_fail(s, "the %s registry has no field '%s'", k->name, field);
		return ST_INVALID;
	}
	/* the field name comes from the schema table, never from input */
	sqlite3_stmt *st = sq_prep(s, a,
				   arena_printf(a,
						"SELECT %s FROM registry_%s o WHERE o.\"%s\" = ? AND o.revision ="
						" (SELECT max(i.revision) FROM registry_%s i WHERE i.rkey = o.rkey) ORDER BY o.rkey",
						sq_registry_columns(a, k), k->name, k->fields[f].name, k->name));
	if (!st)
		return ST_STORE;
	sq_bind_text(st, 1, value);
	size_t cap = 8;
	int rc;
	*rows = sq_grow(a, NULL, &cap, 0, sizeof(**rows));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*rows = sq_grow(a, *rows, &cap, *n, sizeof(**rows));
		sq_registry_record(a, k, st, &(*rows)[(*n)++]);
	}
	return sq_done(s, rc);
}

enum status store_projections_get(struct store *s, struct arena *a, struct firm_projection **rows, size_t *n)
{
	sqlite3_stmt *st = sq_prep(s, a, "SELECT indicator, method, near_points FROM firm_projections ORDER BY indicator");
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	size_t cap = 4;
	int rc;
	*rows = sq_grow(a, NULL, &cap, 0, sizeof(**rows));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*rows = sq_grow(a, *rows, &cap, *n, sizeof(**rows));
		struct firm_projection *p = &(*rows)[(*n)++];
		p->indicator = sq_col_text(a, st, 0);
		p->method = sq_col_text(a, st, 1);
		p->near_points = sqlite3_column_int(st, 2);
	}
	return sq_done(s, rc);
}

static json_t *projections_json(const struct firm_projection *rows, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:i}", "indicator", rows[i].indicator, "method", rows[i].method,
						     "near_points", rows[i].near_points));
	return arr;
}

enum status store_projections_put(struct store *s, const char *who, const struct firm_projection *rows, size_t n)
{
	struct arena *a = arena_new();
	struct firm_projection *old;
	size_t n_old;
	enum status rc = store_projections_get(s, a, &old, &n_old);
	if (rc != ST_OK)
		goto out;
	json_t *before = projections_json(old, n_old), *after = projections_json(rows, n);
	int same = json_equal(before, after);
	char *b = json_dumps(before, JSON_COMPACT), *af = json_dumps(after, JSON_COMPACT);
	json_decref(before);
	json_decref(after);
	if (same || !b || !af) {
		rc = same ? ST_OK : sq_fail(s, "cannot encode the audit record");
		goto done;
	}
	char now[32];
	sq_now(now);
	sqlite3_stmt *del = sq_prep(s, a, "DELETE FROM firm_projections");
	sqlite3_stmt *ins = sq_prep(s, a, "INSERT INTO firm_projections (indicator, method, near_points, updated_at, updated_by) VALUES (?,?,?,?,?)");
	if (!del || !ins) {
		rc = ST_STORE;
		goto done;
	}
	rc = sq_begin(s);
	if (rc != ST_OK)
		goto done;
	rc = sq_step_done(s, del);
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		sq_bind_text(ins, 1, rows[i].indicator);
		sq_bind_text(ins, 2, rows[i].method);
		sq_bind_int(ins, 3, rows[i].near_points);
		sq_bind_text(ins, 4, now);
		sq_bind_text(ins, 5, who);
		rc = sq_step_done(s, ins);
		if (rc != ST_OK) {
			int ext = sqlite3_extended_errcode(s->db);
			if (ext == SQLITE_CONSTRAINT_FOREIGNKEY || ext == SQLITE_CONSTRAINT_CHECK || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
				rc = ST_INVALID;
		}
	}
	if (rc == ST_OK)
		rc = sq_audit(s, "projections.replace", "firm_projections", "all", b, af);
	if (rc == ST_OK)
		rc = sq_commit(s);
	else
		sq_rollback(s);
done:
	free(b);
	free(af);
out:
	arena_free(a);
	return rc;
}
