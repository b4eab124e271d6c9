/* registry_read.c - registry records read back (0007_registries.sql, 0021_registry_rows.sql):
 * the column list every reader selects, a row of it as a struct reg_record, and the current
 * record of each key in key order. Written by registry.c. */
#include <string.h>

#include "store/db.h"
#include "store/store.h"
#include "base/banned.h"

/* The SQL column of field f: the field's name, except talents' "id", which would collide
 * with the row id. */
const char *db_registry_column(const struct reg_field *f)
{
	return strcmp(f->name, "id") == 0 ? "id_no" : f->name;
}

char *db_registry_columns(struct arena *a, const struct reg_kind_info *k)
{
	char *cols = arena_strdup(a, "rkey, revision");
	for (size_t i = 0; i < k->n_fields; i++)
		cols = arena_printf(a, "%s, \"%s\"", cols, db_registry_column(&k->fields[i]));
	/* a row an import wrote leaves its time and author to its batch (0021_registry_rows) */
	return arena_printf(a,
			    "%s, coalesce(created_at, (SELECT b.created_at FROM import_batches b WHERE b.id = batch_id)),"
			    " coalesce(created_by, (SELECT b.created_by FROM import_batches b WHERE b.id = batch_id))",
			    cols);
}

void db_registry_record(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	const struct reg_kind_info *k = ctx;
	struct reg_record *r = elem;
	memset(r, 0, sizeof(*r));
	r->vals = arena_calloc(a, k->n_fields ? k->n_fields : 1, sizeof(*r->vals));
	r->key = db_text(a, st, 0);
	r->revision = db_int(st, 1);
	r->region = -1;
	for (size_t i = 0; i < k->n_fields; i++) {
		int c = 2 + (int)i;
		char num[32];
		if (db_is_null(st, c)) {
			r->vals[i] = NULL;
		} else if (k->fields[i].type == RT_NUMBER) {
			db_number_text(db_double(st, c), num);
			r->vals[i] = arena_strdup(a, num);
		} else {
			r->vals[i] = db_text(a, st, c);
		}
	}
	r->created_at = db_text(a, st, 2 + (int)k->n_fields);
	r->created_by = db_text(a, st, 3 + (int)k->n_fields);
}

enum status store_registry_current(struct store *s, struct arena *a, enum reg_kind kind, struct reg_record **rows, size_t *n)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	struct db_stmt *st = db_prep(s, a,
				   arena_printf(a,
						"SELECT %s FROM registry_%s o WHERE o.id NOT IN"
						" (SELECT id FROM registry_superseded WHERE kind = '%s') ORDER BY o.rkey",
						db_registry_columns(a, k), k->name, k->name));
	if (!st)
		return ST_STORE;
	/* sized once by the number of keys, so a large registry is not copied while it grows */
	struct db_stmt *count = db_prep(s, a, arena_printf(a, "SELECT count(DISTINCT rkey) FROM registry_%s", k->name));
	if (!count)
		return ST_STORE;
	long long n_keys;
	if (db_scalar(count, &n_keys) != ST_OK)
		return ST_STORE;
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**rows), n_keys > 0 ? (size_t)n_keys : 64, db_registry_record, k, &v, n);
	*rows = v;
	return rc;
}
