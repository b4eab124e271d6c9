/* bulk.c - db_copy_*: rows into one table in bulk, for store_copy (`innomon migrate`). A driver
 * with a bulk path (PostgreSQL's COPY, which takes rows as a stream instead of a statement and a
 * round trip each) gets them through it; otherwise every row runs one prepared INSERT, which on
 * SQLite, in process, is as fast as anything. Either way the rows are checked by the target's
 * own constraints and a failure names the table. */
#include <stdio.h>

#include "base/buf.h"
#include "store/db.h"
#include "store/store.h"
#include "base/banned.h"

struct db_copy {
	struct store *s;
	const char *table;
	int n;
	struct db_stmt *ins; /* NULL: the driver's bulk path */
	long long n_rows;
	enum status failed;  /* the first failure: nothing more is sent */
};

void db_quoted_names(struct buf *b, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		bw(b, i ? ", \"" : "\""), bw(b, names[i]), bwc(b, '"');
}

struct db_copy *db_copy_begin(struct store *s, struct arena *a, const char *table, const char *const *cols, int n)
{
	struct db_copy *c = arena_calloc(a, 1, sizeof(*c));
	c->s = s, c->table = arena_strdup(a, table), c->n = n;
	if (s->drv->copy_begin) {
		if (s->drv->copy_begin(s, table, cols, n) != ST_OK)
			return NULL;
		return c;
	}
	struct buf ins;
	buf_init(&ins, 0);
	bw(&ins, "INSERT INTO \""), bw(&ins, table), bw(&ins, "\" (");
	db_quoted_names(&ins, cols, n);
	bw(&ins, ") VALUES (");
	for (int i = 0; i < n; i++)
		bw(&ins, i ? ", ?" : "?");
	bwc(&ins, ')');
	c->ins = db_prep(s, a, buf_str(&ins));
	buf_release(&ins);
	return c->ins ? c : NULL;
}

static void bind_value(struct db_stmt *ins, int p, const struct db_value *v)
{
	switch (v->type) {
	case DB_NULL:
		db_bind_text(ins, p, NULL);
		break;
	case DB_INT:
		db_bind_int(ins, p, v->i);
		break;
	case DB_FLOAT:
		db_bind_double(ins, p, v->d);
		break;
	case DB_BLOB:
		db_bind_blob(ins, p, v->blob, v->len);
		break;
	default:
		db_bind_text_borrowed(ins, p, v->text);
	}
}

/* The copy's failure as "table T: why" (the driver's message kept). */
static enum status fail(struct db_copy *c)
{
	char msg[sizeof(c->s->errmsg)];
	snprintf(msg, sizeof(msg), "%s", c->s->errmsg);
	c->failed = db_fail(c->s, "table %s: %s", c->table, msg);
	return c->failed;
}

enum status db_copy_put(struct db_copy *c, const struct db_value *row)
{
	if (c->failed != ST_OK)
		return c->failed;
	if (!c->ins) {
		if (c->s->drv->copy_put(c->s, row, c->n) != ST_OK)
			return fail(c);
	} else {
		for (int i = 0; i < c->n; i++)
			bind_value(c->ins, i + 1, &row[i]);
		if (db_run(c->ins) != ST_OK)
			return fail(c);
	}
	c->n_rows++;
	return ST_OK;
}

enum status db_copy_end(struct db_copy *c, int is_ok)
{
	is_ok = is_ok && c->failed == ST_OK;
	if (c->ins) {
		c->s->changes = c->n_rows;
		return is_ok ? ST_OK : (c->failed != ST_OK ? c->failed : ST_STORE);
	}
	if (c->s->drv->copy_end(c->s, is_ok) != ST_OK)
		return c->failed != ST_OK ? c->failed : fail(c);
	return is_ok ? ST_OK : (c->failed != ST_OK ? c->failed : ST_STORE);
}
