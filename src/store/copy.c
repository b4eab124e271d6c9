/* copy.c - store_copy: every row of every table of one store into another, whatever their back
 * ends (`innomon migrate`, and the backup of a PostgreSQL store into an SQLite file). The tables
 * and the references between them come from each database's catalogue (db_driver.tables_sql),
 * so a new migration needs nothing here: tables are copied parents first, rows as they are
 * (ids, texts, numbers, blobs), columns matched by name. The source is read in one snapshot, the
 * target written in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "store/db.h"
#include "store/store.h"
#include "base/banned.h"

#define COPY_MAX_TABLES 128
#define COPY_MAX_COLS 64

struct table {
	const char *name;
	const char *parents[16]; /* tables it references */
	size_t n_parents;
	int is_done;
};

struct schema {
	struct table t[COPY_MAX_TABLES];
	size_t n;
};

static struct table *find_table(struct schema *sc, const char *name)
{
	for (size_t i = 0; i < sc->n; i++)
		if (strcmp(sc->t[i].name, name) == 0)
			return &sc->t[i];
	return NULL;
}

/* The tables of s (without schema_migrations, the migrations' own record) and their parents. */
static enum status read_schema(struct store *s, struct arena *a, struct schema *sc)
{
	struct db_stmt *st = db_prep(s, a, s->drv->tables_sql);
	enum db_step r;
	memset(sc, 0, sizeof(*sc));
	if (!st)
		return ST_STORE;
	while ((r = db_step(st)) == DB_STEP_ROW) {
		const char *name = db_peek(st, 0), *parent = db_is_null(st, 1) ? NULL : db_peek(st, 1);
		if (strcmp(name, "schema_migrations") == 0)
			continue;
		struct table *t = find_table(sc, name);
		if (!t) {
			if (sc->n == COPY_MAX_TABLES)
				return db_fail(s, "more than %d tables", COPY_MAX_TABLES);
			t = &sc->t[sc->n++];
			t->name = arena_strdup(a, name);
		}
		if (!parent || strcmp(parent, name) == 0)
			continue;
		int is_known = 0;
		for (size_t k = 0; k < t->n_parents; k++)
			is_known |= strcmp(t->parents[k], parent) == 0;
		if (is_known)
			continue;
		if (t->n_parents == sizeof(t->parents) / sizeof(t->parents[0]))
			return db_fail(s, "table %s references too many tables", name);
		t->parents[t->n_parents++] = arena_strdup(a, parent);
	}
	db_reset(st);
	return r == DB_STEP_DONE ? ST_OK : ST_STORE;
}

/* The tables of sc, parents before children, into order[]. */
static enum status order_tables(struct store *s, struct schema *sc, struct table **order)
{
	size_t n = 0;
	while (n < sc->n) {
		size_t before = n;
		for (size_t i = 0; i < sc->n; i++) {
			struct table *t = &sc->t[i];
			int is_ready = !t->is_done;
			for (size_t k = 0; is_ready && k < t->n_parents; k++) {
				struct table *p = find_table(sc, t->parents[k]);
				is_ready = !p || p->is_done;
			}
			if (is_ready) {
				t->is_done = 1;
				order[n++] = t;
			}
		}
		if (n == before)
			return db_fail(s, "the tables reference each other in a cycle");
	}
	return ST_OK;
}

/* The column names of table in s that a copy writes (not the generated ones, which the
 * database computes from the others), in the order SELECT * gives them. */
static enum status columns(struct store *s, struct arena *a, const char *table, const char ***names, int *n)
{
	struct db_stmt *gen = db_prep(s, a, s->drv->generated_sql);
	if (!gen)
		return ST_STORE;
	db_bind_text(gen, 1, table);
	struct buf generated; /* "\n" + each generated column's name + "\n" */
	buf_init(&generated, 0);
	bwc(&generated, '\n');
	enum db_step r;
	while ((r = db_step(gen)) == DB_STEP_ROW)
		bw(&generated, db_peek(gen, 0)), bwc(&generated, '\n');
	db_reset(gen);
	struct db_stmt *st = r == DB_STEP_DONE ? db_prep(s, a, arena_printf(a, "SELECT * FROM \"%s\" LIMIT 0", table)) : NULL;
	enum status rc = st && db_step(st) != DB_STEP_FAIL ? ST_OK : ST_STORE;
	int n_all = rc == ST_OK ? s->drv->n_cols(st->h) : 0;
	if (n_all > COPY_MAX_COLS)
		rc = db_fail(s, "table %s has more than %d columns", table, COPY_MAX_COLS);
	*names = arena_calloc(a, (size_t)n_all + 1, sizeof(**names));
	*n = 0;
	for (int i = 0; rc == ST_OK && i < n_all; i++) {
		const char *name = s->drv->col_name(st->h, i);
		if (!strstr(buf_str(&generated), arena_printf(a, "\n%s\n", name)))
			(*names)[(*n)++] = arena_strdup(a, name);
	}
	if (st)
		db_reset(st);
	buf_release(&generated);
	return rc;
}

/* Why the two schemas differ, in dst's message; ST_INVALID, or ST_OK when they agree. */
static enum status compare(struct store *src, struct store *dst, struct arena *a, struct schema *from, struct schema *to)
{
	for (size_t i = 0; i < from->n; i++)
		if (!find_table(to, from->t[i].name)) {
			db_fail(dst, "table %s of the source is missing in the target (are both at the same version of innomon?)",
				from->t[i].name);
			return ST_INVALID;
		}
	for (size_t i = 0; i < to->n; i++) {
		const char **fc, **tc;
		int nf, nt;
		if (!find_table(from, to->t[i].name)) {
			db_fail(dst, "table %s of the target is missing in the source (are both at the same version of innomon?)",
				to->t[i].name);
			return ST_INVALID;
		}
		if (columns(src, a, to->t[i].name, &fc, &nf) != ST_OK) {
			db_fail(dst, "source: %s", store_errmsg(src));
			return ST_STORE;
		}
		if (columns(dst, a, to->t[i].name, &tc, &nt) != ST_OK)
			return ST_STORE;
		for (int k = 0; k < nf; k++) {
			int is_found = 0;
			for (int j = 0; j < nt; j++)
				is_found |= strcmp(fc[k], tc[j]) == 0;
			if (!is_found || nf != nt) {
				db_fail(dst, "table %s: the columns differ between source and target (%s)", to->t[i].name,
					is_found ? "not as many" : fc[k]);
				return ST_INVALID;
			}
		}
	}
	return ST_OK;
}

/* Rows the target already holds: only what its migrations wrote (seed rows) may be there, so
 * no audit event may be. Those rows are deleted, children first, to make room for the copy. */
static enum status clear_seeds(struct store *dst, struct arena *a, struct table **order, size_t n)
{
	long long events = 0;
	struct db_stmt *q = db_prep(dst, a, "SELECT count(*) FROM audit_events");
	if (!q || db_scalar(q, &events) != ST_OK)
		return ST_STORE;
	if (events) {
		db_fail(dst, "the target store is not empty (it has %lld audit events): copy into a new store", events);
		return ST_CONFLICT;
	}
	for (size_t i = n; i-- > 0;) {
		long long rows = 0;
		q = db_prep(dst, a, arena_printf(a, "SELECT count(*) FROM \"%s\"", order[i]->name));
		if (!q || db_scalar(q, &rows) != ST_OK)
			return ST_STORE;
		if (rows && db_exec(dst, arena_printf(a, "DELETE FROM \"%s\"", order[i]->name)) != ST_OK) {
			char msg[512];
			snprintf(msg, sizeof(msg), "%s", dst->errmsg);
			db_fail(dst, "the target store is not empty (table %s: %s): copy into a new store", order[i]->name, msg);
			return ST_CONFLICT;
		}
	}
	return ST_OK;
}

/* Column c of the source row as a value to copy (valid until the next step of row). */
static void read_value(struct db_stmt *row, int c, struct db_value *v)
{
	const struct db_driver *d = row->s->drv;
	memset(v, 0, sizeof(*v));
	v->type = d->col_type(row->h, c);
	switch (v->type) {
	case DB_NULL:
		break;
	case DB_INT:
		v->i = d->col_int(row->h, c);
		break;
	case DB_FLOAT:
		v->d = d->col_double(row->h, c);
		break;
	case DB_BLOB:
		v->blob = d->col_blob(row->h, c);
		v->len = d->col_bytes(row->h, c);
		break;
	default:
		v->type = DB_TEXT;
		v->text = d->col_text(row->h, c);
	}
}

static enum status copy_table(struct store *src, struct store *dst, struct arena *a, const char *table, long long *n_rows)
{
	const char **cols;
	int n;
	enum status rc = columns(src, a, table, &cols, &n);
	if (rc != ST_OK)
		return db_fail(dst, "source: %s", store_errmsg(src));
	struct buf sel;
	buf_init(&sel, 0);
	bw(&sel, "SELECT ");
	db_quoted_names(&sel, cols, n);
	bw(&sel, " FROM \""), bw(&sel, table), bw(&sel, "\" ORDER BY 1");
	struct db_stmt *from = db_prep(src, a, buf_str(&sel));
	buf_release(&sel);
	if (!from)
		return db_fail(dst, "source: %s", store_errmsg(src));
	struct db_copy *to = db_copy_begin(dst, a, table, cols, n);
	if (!to)
		return ST_STORE;
	struct db_value *row = arena_calloc(a, (size_t)n, sizeof(*row));
	db_stream(from);
	enum db_step r;
	while (rc == ST_OK && (r = db_step(from)) == DB_STEP_ROW) {
		for (int i = 0; i < n; i++)
			read_value(from, i, &row[i]);
		rc = db_copy_put(to, row);
		(*n_rows)++;
	}
	db_reset(from);
	if (rc == ST_OK && r != DB_STEP_DONE) {
		char msg[sizeof(src->errmsg)];
		snprintf(msg, sizeof(msg), "%s", store_errmsg(src));
		enum status end = db_copy_end(to, 0);
		(void)end; /* the source's failure is the one to report */
		return db_fail(dst, "source: %s", msg);
	}
	enum status end = db_copy_end(to, rc == ST_OK);
	if (rc == ST_OK)
		rc = end;
	if (rc != ST_OK)
		return rc;
	return dst->drv->after_copy ? dst->drv->after_copy(dst, table) : ST_OK;
}

enum status store_copy(struct store *src, struct store *dst, long long *n_rows_out)
{
	struct arena *a = arena_new();
	struct schema *from = arena_alloc(a, sizeof(*from)), *to = arena_alloc(a, sizeof(*to));
	struct table **order = arena_calloc(a, COPY_MAX_TABLES, sizeof(*order));
	long long n_rows = 0;
	enum status rc = src->drv->begin_read(src);
	if (rc != ST_OK) {
		db_fail(dst, "source: %s", store_errmsg(src));
		goto out;
	}
	src->in_tx = 1;
	rc = db_begin(dst);
	if (rc != ST_OK)
		goto out;
	rc = read_schema(src, a, from);
	if (rc != ST_OK)
		db_fail(dst, "source: %s", store_errmsg(src));
	if (rc == ST_OK)
		rc = read_schema(dst, a, to);
	if (rc == ST_OK)
		rc = compare(src, dst, a, from, to);
	if (rc == ST_OK)
		rc = order_tables(dst, to, order);
	if (rc == ST_OK)
		rc = clear_seeds(dst, a, order, to->n);
	struct arena *per_table = arena_new();
	for (size_t i = 0; rc == ST_OK && i < to->n; i++) {
		rc = copy_table(src, dst, per_table, order[i]->name, &n_rows);
		arena_reset(per_table);
	}
	arena_free(per_table);
	if (rc == ST_OK)
		rc = db_commit(dst);
	*n_rows_out = rc == ST_OK ? n_rows : 0;
out:
	db_rollback(dst);
	db_rollback(src);
	arena_free(a);
	return rc;
}
