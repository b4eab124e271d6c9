/* firms.c - store/firms.h: a registry's records by one field (the firms table is indexed by
 * credit code, 0010_firms.sql) and the firm_projections table. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store/firms.h"
#include "store/db.h"
#include "base/banned.h"

enum status store_registry_find(struct store *s, struct arena *a, enum reg_kind kind, const char *field, const char *value,
				struct reg_record **rows, size_t *n)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	*rows = NULL;
	*n = 0;
	int f = reg_field_find(kind, field, strlen(field));
	if (f < 0) {
		(void)db_fail(s, "the %s registry has no field '%s'", k->name, field);
		return ST_INVALID;
	}
	/* the field name comes from the schema table, never from input */
	struct db_stmt *st = db_prep(s, a,
				     arena_printf(a,
						  "SELECT %s FROM registry_%s o WHERE o.\"%s\" = ? AND o.revision ="
						  " (SELECT max(i.revision) FROM registry_%s i WHERE i.rkey = o.rkey) ORDER BY o.rkey",
						  db_registry_columns(a, k), k->name, k->fields[f].name, k->name));
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, value);
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**rows), 8, db_registry_record, k, &v, n);
	*rows = v;
	return rc;
}

static void read_projection(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	(void)ctx;
	struct firm_projection *p = elem;
	p->indicator = db_text(a, st, 0);
	p->method = db_text(a, st, 1);
	p->near_points = (int)db_int(st, 2);
}

enum status store_projections_get(struct store *s, struct arena *a, struct firm_projection **rows, size_t *n)
{
	struct db_stmt *st = db_prep(s, a, "SELECT indicator, method, near_points FROM firm_projections ORDER BY indicator");
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**rows), 4, read_projection, NULL, &v, n);
	*rows = v;
	return rc;
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
		rc = same ? ST_OK : db_fail(s, "cannot encode the audit record");
		goto done;
	}
	char now[32];
	db_now(now);
	struct db_stmt *del = db_prep(s, a, "DELETE FROM firm_projections");
	struct db_stmt *ins = db_prep(s, a,
				      "INSERT INTO firm_projections (indicator, method, near_points, updated_at, updated_by)"
				      " VALUES (?,?,?,?,?)");
	if (!del || !ins) {
		rc = ST_STORE;
		goto done;
	}
	rc = db_begin(s);
	if (rc != ST_OK)
		goto done;
	rc = db_run(del);
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		db_bind_text(ins, 1, rows[i].indicator);
		db_bind_text(ins, 2, rows[i].method);
		db_bind_int(ins, 3, rows[i].near_points);
		db_bind_text(ins, 4, now);
		db_bind_text(ins, 5, who);
		/* an unknown indicator, a method or near_points out of range, an indicator twice */
		rc = db_run(ins);
		if (rc != ST_OK && s->err != DB_ERR_OTHER)
			rc = ST_INVALID;
	}
	if (rc == ST_OK)
		rc = db_audit(s, "projections.replace", "firm_projections", "all", b, af);
	if (rc == ST_OK)
		rc = db_commit(s);
	else
		db_rollback(s);
done:
	free(b);
	free(af);
out:
	arena_free(a);
	return rc;
}
