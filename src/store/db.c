/* db.c - what every back end shares below store.h: choosing the driver for a target, opening
 * and closing, the numbered migrations (applied on open, each in its own write transaction, so
 * servers starting together apply each once), and the statement helpers of db.h. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/num.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "store/db.h"
#include "store/store.h"
#include "base/banned.h"

enum status db_fail(struct store *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof(s->errmsg), fmt, ap);
	va_end(ap);
	return ST_STORE;
}

const char *db_actor(const struct store *s)
{
	return s->actor[0] ? s->actor : "system";
}

static void finalize_stmt(void *p)
{
	struct db_stmt *st = p;
	st->drv->finalize(st->h);
}

struct db_stmt *db_prep(struct store *s, struct arena *a, const char *sql)
{
	void *h = s->drv->prepare(s, sql);
	if (!h)
		return NULL;
	struct db_stmt *st = arena_alloc(a, sizeof(*st));
	st->s = s;
	st->drv = s->drv;
	st->h = h;
	arena_on_free(a, finalize_stmt, st);
	return st;
}

enum status db_exec(struct store *s, const char *sql)
{
	return s->drv->exec(s, sql);
}

enum status db_begin(struct store *s)
{
	/* inside a transaction (store_tx_begin, or a write function calling another): a savepoint,
	 * so the inner write can fail alone while the outer one decides */
	if (s->in_tx > 0) {
		enum status rc = s->drv->exec(s, "SAVEPOINT inner_write");
		if (rc == ST_OK)
			s->in_tx++;
		return rc;
	}
	enum status rc = s->drv->begin(s);
	if (rc == ST_OK)
		s->in_tx = 1;
	return rc;
}

/* After a durable transaction: back to the connection's usual flushing. */
static void end_durable(struct store *s)
{
	if (s->is_durable_tx && s->drv->set_durable)
		(void)s->drv->set_durable(s, 0);
	s->is_durable_tx = 0;
}

enum status db_commit(struct store *s)
{
	if (s->in_tx > 1) {
		enum status rc = s->drv->exec(s, "RELEASE SAVEPOINT inner_write");
		if (rc != ST_OK) {
			db_rollback(s);
			return rc;
		}
		s->in_tx--;
		return ST_OK;
	}
	enum status rc = s->drv->commit(s);
	if (rc != ST_OK) {
		db_rollback(s);
		return rc;
	}
	s->in_tx = 0;
	end_durable(s);
	return ST_OK;
}

void db_rollback(struct store *s)
{
	if (s->in_tx > 1) {
		/* the message of what failed stays: the savepoint's statements must not replace it */
		char msg[sizeof(s->errmsg)];
		memcpy(msg, s->errmsg, sizeof(msg));
		enum db_err err = s->err;
		if (s->drv->exec(s, "ROLLBACK TO SAVEPOINT inner_write") == ST_OK)
			(void)s->drv->exec(s, "RELEASE SAVEPOINT inner_write");
		memcpy(s->errmsg, msg, sizeof(msg));
		s->err = err;
		s->in_tx--;
		return;
	}
	if (s->in_tx)
		s->drv->rollback(s);
	s->in_tx = 0;
	end_durable(s);
}

enum status store_tx_begin(struct store *s)
{
	return db_begin(s);
}

enum status store_tx_begin_durable(struct store *s)
{
	if (s->in_tx == 0 && s->drv->set_durable) {
		enum status rc = s->drv->set_durable(s, 1);
		if (rc != ST_OK)
			return rc;
		s->is_durable_tx = 1;
	}
	enum status rc = db_begin(s);
	if (rc != ST_OK && s->in_tx == 0)
		end_durable(s);
	return rc;
}

enum status store_tx_commit(struct store *s)
{
	return db_commit(s);
}

void store_tx_rollback(struct store *s)
{
	db_rollback(s);
}

void db_bind_text(struct db_stmt *st, int i, const char *v)
{
	if (v)
		st->s->drv->bind_text(st->h, i, v);
	else
		st->s->drv->bind_null(st->h, i);
}

void db_bind_text_borrowed(struct db_stmt *st, int i, const char *v)
{
	if (!v)
		st->s->drv->bind_null(st->h, i);
	else if (st->s->drv->bind_text_borrowed)
		st->s->drv->bind_text_borrowed(st->h, i, v);
	else
		st->s->drv->bind_text(st->h, i, v);
}

void db_bind_int(struct db_stmt *st, int i, long long v)
{
	st->s->drv->bind_int(st->h, i, v);
}

void db_bind_double(struct db_stmt *st, int i, double v)
{
	st->s->drv->bind_double(st->h, i, v);
}

void db_bind_blob(struct db_stmt *st, int i, const void *p, size_t len)
{
	st->s->drv->bind_blob(st->h, i, p, len);
}

void db_bind_opt_int(struct db_stmt *st, int i, int is_set, long long v)
{
	if (is_set)
		db_bind_int(st, i, v);
	else
		st->s->drv->bind_null(st->h, i);
}

void db_bind_opt_double(struct db_stmt *st, int i, int is_set, double v)
{
	if (is_set)
		db_bind_double(st, i, v);
	else
		st->s->drv->bind_null(st->h, i);
}

enum db_step db_step(struct db_stmt *st)
{
	return st->s->drv->step(st->s, st->h);
}

void db_reset(struct db_stmt *st)
{
	st->s->drv->reset(st->h);
}

void db_stream(struct db_stmt *st)
{
	if (st->s->drv->stream)
		st->s->drv->stream(st->h);
}

enum status db_run(struct db_stmt *st)
{
	enum db_step r = db_step(st);
	db_reset(st);
	return r == DB_STEP_FAIL ? ST_STORE : ST_OK;
}

enum status db_insert(struct db_stmt *st, long long *id)
{
	enum db_step r = db_step(st);
	*id = r == DB_STEP_ROW ? db_int(st, 0) : 0;
	if (r == DB_STEP_ROW)
		r = db_step(st);
	db_reset(st);
	if (r == DB_STEP_FAIL)
		return ST_STORE;
	return *id ? ST_OK : ST_NOT_FOUND;
}

enum status db_row(struct db_stmt *st)
{
	switch (db_step(st)) {
	case DB_STEP_ROW:
		return ST_OK;
	case DB_STEP_DONE:
		return ST_NOT_FOUND;
	default:
		return ST_STORE;
	}
}

enum status db_scalar(struct db_stmt *st, long long *v)
{
	enum status rc = db_row(st);
	*v = rc == ST_OK ? db_int(st, 0) : 0;
	db_reset(st);
	return rc == ST_STORE ? ST_STORE : ST_OK;
}

static void free_held(void *p)
{
	void **held = p;
	free(*held);
}

void db_rows_init(struct db_rows *r, struct arena *a, size_t elem, size_t cap)
{
	r->elem = elem;
	r->cap = cap ? cap : 1;
	r->held = arena_alloc(a, sizeof(*r->held));
	*r->held = xcalloc(r->cap, elem);
	arena_on_free(a, free_held, r->held);
}

void *db_rows_room(struct db_rows *r, size_t n)
{
	if (n >= r->cap) {
		size_t cap = r->cap;
		while (n >= cap)
			cap *= 2;
		char *g = xrealloc(*r->held, cap * r->elem);
		memset(g + r->cap * r->elem, 0, (cap - r->cap) * r->elem);
		*r->held = g;
		r->cap = cap;
	}
	return *r->held;
}

void *db_rows_done(struct db_rows *r, size_t n)
{
	if (n < r->cap) {
		*r->held = xrealloc(*r->held, (n ? n : 1) * r->elem);
		r->cap = n ? n : 1;
	}
	return *r->held;
}

enum status db_collect(struct db_stmt *st, struct arena *a, size_t elem_size, size_t cap_hint, db_read_fn fn,
		       const void *ctx, void **items, size_t *n)
{
	struct db_rows rows;
	db_rows_init(&rows, a, elem_size, cap_hint ? cap_hint : 16);
	enum db_step r;
	*n = 0;
	while ((r = db_step(st)) == DB_STEP_ROW) {
		char *arr = db_rows_room(&rows, *n);
		fn(a, st, arr + *n * elem_size, ctx);
		(*n)++;
	}
	*items = db_rows_done(&rows, *n);
	/* done with the rows (they are copied): a statement left open would keep an SQLite read
	 * transaction for as long as its arena lives */
	db_reset(st);
	return r == DB_STEP_DONE ? ST_OK : ST_STORE;
}

const char *db_text(struct arena *a, struct db_stmt *st, int i)
{
	const char *t = st->s->drv->col_text(st->h, i);
	return t ? arena_strndup(a, t, st->s->drv->col_bytes(st->h, i)) : NULL;
}

const char *db_text_again(struct arena *a, struct db_stmt *st, int i, const char *prev)
{
	const char *t = st->s->drv->col_text(st->h, i);
	if (!t)
		return NULL;
	size_t len = st->s->drv->col_bytes(st->h, i);
	if (prev && strlen(prev) == len && memcmp(prev, t, len) == 0)
		return prev;
	return arena_strndup(a, t, len);
}

long long db_int(struct db_stmt *st, int i)
{
	return st->s->drv->col_int(st->h, i);
}

double db_double(struct db_stmt *st, int i)
{
	return st->s->drv->col_double(st->h, i);
}

int db_is_null(struct db_stmt *st, int i)
{
	return st->s->drv->col_type(st->h, i) == DB_NULL;
}

const void *db_blob(struct arena *a, struct db_stmt *st, int i, size_t *len)
{
	const void *p = st->s->drv->col_blob(st->h, i);
	*len = p ? st->s->drv->col_bytes(st->h, i) : 0;
	char *c = arena_alloc(a, *len + 1);
	if (*len)
		memcpy(c, p, *len);
	c[*len] = '\0';
	return c;
}

const char *db_peek(struct db_stmt *st, int i)
{
	const char *t = st->s->drv->col_text(st->h, i);
	return t ? t : "";
}

size_t db_chunk(size_t left, size_t max)
{
	size_t k = max;
	while (k > 1 && k > left)
		k /= 2;
	return k;
}

void db_now(char out[32])
{
	clock_format_utc(clock_now(), out);
}

void db_id_text(long long id, char out[32])
{
	snprintf(out, 32, "%lld", id);
}

void db_number_text(double v, char out[32])
{
	/* the fewest digits that read back to v: 0.1 stays "0.1" (exact in a NUMERIC column),
	 * whatever the back end; 17 significant digits always suffice for a double */
	for (int digits = 15; digits <= 17; digits++) {
		snprintf(out, 32, "%.*g", digits, v);
		double back;
		if (!isfinite(v) || (num_parse_double(str_of(out), &back) && back == v))
			return;
	}
}

enum status db_classify(const struct store *s, enum status rc)
{
	if (rc != ST_STORE)
		return rc;
	switch (s->err) {
	case DB_ERR_UNIQUE:
		return ST_CONFLICT;
	case DB_ERR_FOREIGN_KEY:
	case DB_ERR_CHECK:
	case DB_ERR_NOT_NULL:
		return ST_INVALID;
	default:
		return rc;
	}
}

enum status db_write_audited(struct db_stmt *st, struct store *s, const struct db_write *w)
{
	char new_oid[32];
	const char *oid = w->object_id;
	if (w->new_id)
		*w->new_id = 0;
	enum status rc = db_begin(s);
	if (rc != ST_OK)
		return rc;
	s->changes = 0;
	if (st && w->new_id) {
		rc = db_insert(st, w->new_id);
		db_id_text(*w->new_id, new_oid);
		oid = oid ? oid : new_oid;
	} else if (st) {
		rc = db_run(st);
	}
	if (w->is_classified)
		rc = db_classify(s, rc);
	if (rc == ST_OK && w->if_unchanged != ST_OK && st && s->changes == 0)
		rc = w->if_unchanged;
	if (rc == ST_OK && w->check)
		rc = w->check(s);
	if (rc == ST_OK)
		rc = db_audit(s, w->action, w->object_type, oid, w->before, w->after);
	if (rc != ST_OK) {
		db_rollback(s);
		return rc;
	}
	return db_commit(s);
}

enum status db_import_batch(struct store *s, const struct db_batch *b, const char *now, long long *id)
{
	struct arena *a = arena_new();
	struct db_stmt *st = db_prep(s, a,
				     "INSERT INTO import_batches (created_at, created_by, source_file, file_sha256, sheet, encoding,"
				     " n_rows, n_new, n_revised, n_unchanged, closed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
	enum status rc = ST_STORE;
	*id = 0;
	if (st) {
		db_bind_text(st, 1, now), db_bind_text(st, 2, b->who), db_bind_text(st, 3, b->source_file);
		db_bind_text(st, 4, b->file_sha256), db_bind_text(st, 5, b->sheet), db_bind_text(st, 6, b->encoding);
		db_bind_int(st, 7, (long long)b->n_rows), db_bind_int(st, 8, (long long)b->n_new);
		db_bind_int(st, 9, (long long)b->n_revised), db_bind_int(st, 10, (long long)b->n_unchanged);
		db_bind_text(st, 11, now);
		rc = db_insert(st, id);
	}
	arena_free(a);
	return rc;
}

/* b's file hash, NULL while it is not known (a file read in one pass is hashed by its end). */
static const char *batch_sha(const struct db_batch *b)
{
	return b->file_sha256 && *b->file_sha256 ? b->file_sha256 : NULL;
}

enum status db_batch_open(struct store *s, const struct db_batch *b, const char *now, long long *id)
{
	struct arena *a = arena_new();
	struct db_stmt *st = db_prep(s, a,
				     "INSERT INTO import_batches (created_at, created_by, source_file, file_sha256, sheet, encoding,"
				     " n_rows, n_new, n_revised, n_unchanged) VALUES (?,?,?,?,?,?,0,0,0,0) RETURNING id");
	enum status rc = ST_STORE;
	*id = 0;
	if (st) {
		/* no hash yet: db_batch_close writes it */
		db_bind_text(st, 1, now), db_bind_text(st, 2, b->who), db_bind_text(st, 3, b->source_file);
		db_bind_text(st, 4, batch_sha(b));
		db_bind_text(st, 5, b->sheet), db_bind_text(st, 6, b->encoding);
		rc = db_insert(st, id);
	}
	arena_free(a);
	return rc;
}

enum status db_batch_close(struct store *s, long long id, const struct db_batch *b, const char *now)
{
	struct arena *a = arena_new();
	struct db_stmt *st = db_prep(s, a,
				     "UPDATE import_batches SET n_rows = ?1, n_new = ?2, n_revised = ?3, n_unchanged = ?4, closed_at = ?5,"
				     " file_sha256 = coalesce(CAST(?7 AS TEXT), file_sha256) WHERE id = ?6");
	enum status rc = ST_STORE;
	if (st) {
		db_bind_int(st, 1, (long long)b->n_rows), db_bind_int(st, 2, (long long)b->n_new);
		db_bind_int(st, 3, (long long)b->n_revised), db_bind_int(st, 4, (long long)b->n_unchanged);
		db_bind_text(st, 5, now), db_bind_int(st, 6, id);
		db_bind_text(st, 7, batch_sha(b));
		rc = db_run(st);
	}
	arena_free(a);
	return rc;
}

/* ---- opening and migrations -------------------------------------------------------------- */

const char *store_errmsg(const struct store *s)
{
	return s ? s->errmsg : "out of memory";
}

const char *store_target_shown(struct arena *a, const char *target)
{
	struct buf b;
	buf_init(&b, 0);
	str_url_masked(&b, target);
	const char *out = buf_status(&b) == ST_OK ? arena_strdup(a, buf_str(&b)) : "(a store)";
	buf_release(&b);
	return out;
}

int store_is_postgres_target(const char *target)
{
	return strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0;
}

const char *store_kind(const struct store *s)
{
	return s->drv->name;
}

static int migration_number(const char *name)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return name[4] == '_' ? v : -1;
}

/* Apply migration m (number v) unless recorded, in one write transaction: writers take turns,
 * so of several processes opening a new store at once one applies it and the others see it. */
static enum status apply_migration(struct store *s, struct arena *a, const struct embedded_file *m, int v)
{
	enum status rc = db_begin(s);
	if (rc != ST_OK)
		return rc;
	rc = db_exec(s, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			" version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
	struct db_stmt *q = rc == ST_OK ? db_prep(s, a, "SELECT count(*) FROM schema_migrations WHERE version = ?") : NULL;
	struct db_stmt *ins = q ? db_prep(s, a, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
				: NULL;
	long long applied = 0;
	if (!ins)
		rc = ST_STORE;
	if (rc == ST_OK) {
		db_bind_int(q, 1, v);
		rc = db_scalar(q, &applied);
	}
	if (rc == ST_OK && !applied) {
		char now[32];
		db_now(now);
		rc = db_exec(s, m->data);
		if (rc == ST_OK) {
			db_bind_int(ins, 1, v), db_bind_text(ins, 2, m->name), db_bind_text(ins, 3, now);
			rc = db_run(ins);
		}
	}
	if (rc == ST_OK)
		return db_commit(s);
	char msg[512];
	snprintf(msg, sizeof(msg), "%s", s->errmsg);
	db_rollback(s);
	return db_fail(s, "migration %s failed: %s", m->name, msg);
}

static enum status migrate(struct store *s)
{
	const struct embedded_file *m;
	int last = 0;
	long long n_files = 0;
	for (m = s->drv->migrations; m->name; m++, n_files++) {
		int v = migration_number(m->name);
		if (v <= last)
			return db_fail(s, "migration '%s' is out of order", m->name);
		last = v;
	}
	struct arena *a = arena_new();
	/* the usual case, every migration applied, costs one query and no lock; a store without
	 * the table fails the query and takes the way below. Counted, not the newest number: a
	 * number left free for a branch merged later is applied when it arrives. Every migration
	 * the store records must be this build's, by number and name: a store made or upgraded by
	 * another version (a newer one, or a branch that gave a number to another change) is
	 * refused rather than read with a schema this build does not know. */
	long long n_applied = -1;
	struct db_stmt *q = db_prep(s, a, "SELECT version, name FROM schema_migrations ORDER BY version");
	enum status rc = ST_OK;
	if (q) {
		enum db_step r = DB_STEP_DONE;
		n_applied = 0;
		while (rc == ST_OK && (r = db_step(q)) == DB_STEP_ROW) {
			long long v = db_int(q, 0);
			const char *name = db_peek(q, 1);
			for (m = s->drv->migrations; m->name && migration_number(m->name) != v; m++)
				;
			if (!m->name)
				rc = db_fail(s, "the store has migration %s, which this build of innomon does not know: it was made "
					     "or upgraded by %s version (innomon --version)", name, v > last ? "a newer" : "another");
			else if (strcmp(m->name, name) != 0)
				rc = db_fail(s, "the store's migration %04lld is %s, this build's is %s: the store was made or "
					     "upgraded by another version of innomon", v, name, m->name);
			n_applied++;
		}
		db_reset(q);
		if (rc != ST_OK) {
			arena_free(a);
			return rc;
		}
		if (r != DB_STEP_DONE)
			n_applied = -1;
	}
	arena_reset(a);
	for (m = s->drv->migrations; rc == ST_OK && m->name && n_applied < n_files; m++) {
		rc = apply_migration(s, a, m, migration_number(m->name));
		arena_reset(a);
	}
	arena_free(a);
	return rc;
}

static enum status open_store(const char *target, int is_create, struct store **out)
{
	struct store *s = xcalloc(1, sizeof(*s));
	*out = s;
	s->drv = store_is_postgres_target(target) ? &db_postgres : &db_sqlite;
	enum status rc = s->drv->connect(s, target, is_create);
	if (rc == ST_NOT_FOUND) {
		store_close(s);
		*out = NULL;
	}
	if (rc != ST_OK)
		return rc;
	return migrate(s);
}

enum status store_open(const char *target, struct store **out)
{
	return open_store(target, 1, out);
}

enum status store_open_existing(const char *target, struct store **out)
{
	return open_store(target, 0, out);
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->version_h)
		s->drv->finalize(s->version_h);
	if (s->conn)
		s->drv->disconnect(s);
	free(s);
}

enum status store_version(struct store *s, long long *version)
{
	*version = 0;
	if (!s->version_h)
		s->version_h = s->drv->prepare(s, "SELECT coalesce(max(id), 0) FROM audit_events");
	enum db_step r = s->version_h ? s->drv->step(s, s->version_h) : DB_STEP_FAIL;
	if (r == DB_STEP_ROW)
		*version = s->drv->col_int(s->version_h, 0);
	if (s->version_h)
		s->drv->reset(s->version_h);
	if (r == DB_STEP_ROW)
		return ST_OK;
	char why[sizeof(s->errmsg)];
	memcpy(why, s->errmsg, sizeof(why));
	return db_fail(s, "cannot read the store version: %s", why);
}

enum status store_ping(struct store *s)
{
	return db_exec(s, "SELECT 1");
}

static void migration_row(struct arena *a, struct db_stmt *st, void *e, const void *ctx)
{
	(void)ctx;
	struct migration_row *r = e;
	*r = (struct migration_row){(int)db_int(st, 0), db_text(a, st, 1), db_text(a, st, 2)};
}

enum status store_migrations(struct store *s, struct arena *a, struct migration_row **rows, size_t *n)
{
	struct db_stmt *st = db_prep(s, a, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
	void *v = NULL;
	*n = 0;
	enum status rc = st ? db_collect(st, a, sizeof(**rows), 0, migration_row, NULL, &v, n) : ST_STORE;
	*rows = v;
	return rc;
}
