/* postgres.c - the PostgreSQL driver (db.h), through libpq. Every statement is a server-side
 * prepared statement, prepared once per connection on its first run (the connection keeps a
 * table of them by SQL text) and run with its parameters sent apart from the SQL: text for
 * numbers and strings, binary for blobs. The shared dialect's '?N' and '?' become '$N'.
 * Writers take turns through a transaction-scoped advisory lock, as SQLite's BEGIN IMMEDIATE
 * makes them: what a writer reads (the audit chain's last hash, a cell's newest revision) stays
 * true until it commits, on both back ends alike. Migrations: sql/postgres/NNNN_name.sql. A lost
 * connection (a restarted server) is reset before the next statement. */
#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "store/db.h"
#include "store/store.h"
#include "base/banned.h"

extern const struct embedded_file postgres_migrations[];

/* pg_advisory_xact_lock(PG_LOCK_CLASS, hash of the schema): "inno" */
#define PG_LOCK_CLASS 1768846959
#define PG_CACHE_CAP 2048u       /* distinct statements a connection keeps prepared */
#define PG_MAX_PARAMS 32767      /* parameters of one statement (as SQLite's limit) */

#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_OID 26
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700

/* One statement prepared on the connection, found by its SQL text (as the shared layer wrote it). */
struct pg_prepared {
	char *sql;       /* NULL: a free slot */
	uint64_t hash;
	char *pg_sql;    /* with $N parameters */
	char name[24];   /* "s<N>" */
	int n_params;
	int is_prepared; /* on the server now (a reset connection forgets them all) */
};

struct pg_conn {
	PGconn *pg;
	int is_lost;               /* a statement found the server gone: reset before the next */
	struct pg_prepared *cache; /* open addressing, PG_CACHE_CAP slots */
	size_t n_cache;
	unsigned long next_name;
	struct buf copy;           /* rows of a COPY not sent yet (copy_put) */
	int is_copying;
};

struct pg_stmt {
	struct pg_conn *c;
	struct pg_prepared *p;     /* the connection's: not to be read once it is closed */
	int n_params;
	char **values;
	int *lengths, *formats;
	PGresult *res;
	int row, n_rows;
	int is_run;                /* res belongs to the current run */
	int is_stream, is_streaming;
	unsigned char **blobs;     /* unescaped bytea of the current row, per column */
	size_t *blob_lens;
	int n_blobs;
};

#define CONN(s) ((struct pg_conn *)(s)->conn)

static uint64_t fnv1a(const char *t)
{
	uint64_t h = 1469598103934665603ull;
	for (; *t; t++) {
		h ^= (unsigned char)*t;
		h *= 1099511628211ull;
	}
	return h;
}

/* The kind of a failed statement from its SQLSTATE (class 23: integrity constraint violation). */
static enum db_err error_kind(const char *sqlstate)
{
	if (!sqlstate)
		return DB_ERR_OTHER;
	if (strcmp(sqlstate, "23505") == 0)
		return DB_ERR_UNIQUE;
	if (strcmp(sqlstate, "23503") == 0)
		return DB_ERR_FOREIGN_KEY;
	if (strcmp(sqlstate, "23514") == 0)
		return DB_ERR_CHECK;
	if (strcmp(sqlstate, "23502") == 0)
		return DB_ERR_NOT_NULL;
	return DB_ERR_OTHER;
}

/* Record the failure of res (or of the connection when res is NULL) in s. */
static void note_error(struct store *s, const PGresult *res)
{
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	s->err = error_kind(res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL);
	if (!msg)
		msg = CONN(s) && CONN(s)->pg ? PQerrorMessage(CONN(s)->pg) : "no connection";
	db_fail(s, "%s%s%s", msg, detail ? ": " : "", detail ? detail : "");
	size_t n = strlen(s->errmsg);
	while (n && (s->errmsg[n - 1] == '\n' || s->errmsg[n - 1] == ' '))
		s->errmsg[--n] = '\0';
}

/* A lost connection is made again before the next statement; its prepared statements are gone.
 * Not inside a transaction: what it wrote so far is gone with the connection, and the rest must
 * not go on without it (the caller rolls back; the next transaction reconnects). */
static enum status ensure_connected(struct store *s)
{
	struct pg_conn *c = CONN(s);
	if (PQstatus(c->pg) == CONNECTION_OK && !c->is_lost)
		return ST_OK;
	c->is_lost = 0;
	if (s->in_tx)
		return db_fail(s, "the connection to the database was lost in the middle of a transaction");
	PQreset(c->pg);
	if (PQstatus(c->pg) != CONNECTION_OK) {
		note_error(s, NULL);
		return ST_STORE;
	}
	for (size_t i = 0; i < PG_CACHE_CAP; i++)
		c->cache[i].is_prepared = 0;
	return ST_OK;
}

/* Whether the statement that just failed (res) failed because the connection was lost (a
 * restarted or failed-over server, a terminated backend: SQLSTATE class 08 or 57P, or an error
 * libpq made itself, without a SQLSTATE, such as "server closed the connection unexpectedly",
 * which it reports before it marks the connection bad) outside a transaction: then it did not
 * run, and may be run once more on a new connection, which the next ensure_connected makes. */
static int is_lost(struct store *s, const PGresult *res)
{
	const char *code = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	int lost = PQstatus(CONN(s)->pg) == CONNECTION_BAD || !code || strncmp(code, "08", 2) == 0 ||
		   strncmp(code, "57P", 3) == 0;
	if (lost)
		CONN(s)->is_lost = 1;
	return lost && !s->in_tx;
}

static enum status pg_exec(struct store *s, const char *sql)
{
	for (int attempt = 0;; attempt++) {
		if (ensure_connected(s) != ST_OK)
			return ST_STORE;
		PGresult *res = PQexec(CONN(s)->pg, sql);
		ExecStatusType st = PQresultStatus(res);
		if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
			PQclear(res);
			return ST_OK;
		}
		if (is_lost(s, res) && attempt == 0) {
			PQclear(res);
			continue;
		}
		note_error(s, res);
		PQclear(res);
		return ST_STORE;
	}
}

static void notice_quiet(void *arg, const char *message)
{
	(void)arg, (void)message; /* "relation already exists, skipping" and the like */
}

static enum status pg_connect(struct store *s, const char *target, int is_create)
{
	(void)is_create; /* a database is created by its administrator, never by innomon */
	const char *const keys[] = {"dbname", "fallback_application_name", "client_encoding", NULL};
	const char *const values[] = {target, "innomon", "UTF8", NULL};
	struct pg_conn *c = xcalloc(1, sizeof(*c));
	s->conn = c;
	c->cache = xcalloc(PG_CACHE_CAP, sizeof(*c->cache));
	buf_init(&c->copy, 0);
	c->pg = PQconnectdbParams(keys, values, 1);
	if (!c->pg || PQstatus(c->pg) != CONNECTION_OK) {
		struct arena *a = arena_new();
		const char *why = c->pg ? PQerrorMessage(c->pg) : "out of memory";
		db_fail(s, "cannot connect to '%s': %.*s", store_target_shown(a, target), (int)strcspn(why, "\n"), why);
		arena_free(a);
		return ST_STORE;
	}
	PQsetNoticeProcessor(c->pg, notice_quiet, NULL);
	/* as long as SQLite waits for a busy store before giving up */
	return pg_exec(s, "SET lock_timeout = '10s'");
}

static void pg_disconnect(struct store *s)
{
	struct pg_conn *c = CONN(s);
	PQfinish(c->pg);
	for (size_t i = 0; i < PG_CACHE_CAP; i++) {
		free(c->cache[i].sql);
		free(c->cache[i].pg_sql);
	}
	free(c->cache);
	buf_release(&c->copy);
	free(c);
	s->conn = NULL;
}

/* sql with every '?N' as '$N' and every bare '?' as the next number, as SQLite numbers them;
 * quoted text is left alone. *n_params gets the largest number. NULL when a number is too big. */
static char *translate(const char *sql, int *n_params)
{
	struct buf b;
	char quote = 0;
	int max = 0;
	buf_init(&b, 0);
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			bwc(&b, *p);
			continue;
		}
		if (*p == '\'' || *p == '"') {
			quote = *p;
			bwc(&b, *p);
			continue;
		}
		if (*p != '?') {
			bwc(&b, *p);
			continue;
		}
		int n = 0;
		while (p[1] >= '0' && p[1] <= '9' && n <= PG_MAX_PARAMS)
			n = n * 10 + (*++p - '0');
		if (!n)
			n = max + 1;
		if (n > PG_MAX_PARAMS) {
			buf_release(&b);
			return NULL;
		}
		max = n > max ? n : max;
		char num[16];
		snprintf(num, sizeof(num), "$%d", n);
		bw(&b, num);
	}
	*n_params = max;
	size_t len;
	return buf_detach(&b, &len);
}

/* The connection's entry for sql, made when new (not yet prepared on the server). */
static struct pg_prepared *lookup(struct store *s, const char *sql)
{
	struct pg_conn *c = CONN(s);
	uint64_t h = fnv1a(sql);
	size_t i = (size_t)h & (PG_CACHE_CAP - 1);
	for (;; i = (i + 1) & (PG_CACHE_CAP - 1)) {
		struct pg_prepared *p = &c->cache[i];
		if (!p->sql)
			break;
		if (p->hash == h && strcmp(p->sql, sql) == 0)
			return p;
	}
	if (c->n_cache >= PG_CACHE_CAP * 3 / 4) {
		db_fail(s, "more than %u distinct statements on one connection", PG_CACHE_CAP * 3 / 4);
		return NULL;
	}
	struct pg_prepared *p = &c->cache[i];
	p->pg_sql = translate(sql, &p->n_params);
	if (!p->pg_sql) {
		db_fail(s, "a statement has a parameter number past %d", PG_MAX_PARAMS);
		return NULL;
	}
	p->sql = xstrdup(sql);
	p->hash = h;
	snprintf(p->name, sizeof(p->name), "s%lu", ++c->next_name);
	c->n_cache++;
	return p;
}

static void *pg_prepare(struct store *s, const char *sql)
{
	struct pg_prepared *p = lookup(s, sql);
	if (!p)
		return NULL;
	struct pg_stmt *st = xcalloc(1, sizeof(*st));
	st->c = CONN(s);
	st->p = p;
	st->n_params = p->n_params;
	int n = p->n_params ? p->n_params : 1;
	st->values = xcalloc((size_t)n, sizeof(*st->values));
	st->lengths = xcalloc((size_t)n, sizeof(*st->lengths));
	st->formats = xcalloc((size_t)n, sizeof(*st->formats));
	st->row = -1;
	return st;
}

static void free_blobs(struct pg_stmt *st)
{
	for (int i = 0; i < st->n_blobs; i++)
		PQfreemem(st->blobs[i]);
	free(st->blobs);
	free(st->blob_lens);
	st->blobs = NULL;
	st->blob_lens = NULL;
	st->n_blobs = 0;
}

/* Read and drop what a streamed run still has, so the connection is free again. */
static void drain(struct pg_stmt *st)
{
	if (!st->is_streaming)
		return;
	PGresult *r;
	while ((r = PQgetResult(st->c->pg)) != NULL)
		PQclear(r);
	st->is_streaming = 0;
}

static void pg_reset(void *h)
{
	struct pg_stmt *st = h;
	drain(st);
	PQclear(st->res);
	st->res = NULL;
	free_blobs(st);
	st->is_run = 0;
	st->row = -1;
	st->n_rows = 0;
}

static void pg_finalize(void *h)
{
	struct pg_stmt *st = h;
	pg_reset(st);
	for (int i = 0; i < (st->n_params ? st->n_params : 1); i++)
		free(st->values[i]);
	free(st->values);
	free(st->lengths);
	free(st->formats);
	free(st);
}

static void set_param(struct pg_stmt *st, int i, char *v, int len, int format)
{
	if (i < 1 || i > st->n_params) {
		free(v);
		return; /* as SQLite: binding a parameter the statement does not have does nothing */
	}
	free(st->values[i - 1]);
	st->values[i - 1] = v;
	st->lengths[i - 1] = len;
	st->formats[i - 1] = format;
}

static void pg_bind_null(void *h, int i)
{
	set_param(h, i, NULL, 0, 0);
}

static void pg_bind_int(void *h, int i, long long v)
{
	char t[32];
	snprintf(t, sizeof(t), "%lld", v);
	set_param(h, i, xstrdup(t), 0, 0);
}

static void pg_bind_double(void *h, int i, double v)
{
	char t[32];
	db_number_text(v, t); /* exact in a NUMERIC column: 0.1 is stored as 0.1 */
	set_param(h, i, xstrdup(t), 0, 0);
}

static void pg_bind_text(void *h, int i, const char *v)
{
	set_param(h, i, xstrdup(v), 0, 0);
}

static void pg_bind_blob(void *h, int i, const void *p, size_t len)
{
	char *c = xmalloc(len + 1);
	if (len)
		memcpy(c, p, len);
	if (len > INT32_MAX) /* libpq lengths are ints; stores cap files far below */
		len = INT32_MAX;
	set_param(h, i, c, (int)len, 1);
}

static void pg_stream(void *h)
{
	((struct pg_stmt *)h)->is_stream = 1;
}

/* Prepare st's statement on the server unless it is there. */
static enum status prepare_on_server(struct store *s, struct pg_prepared *p)
{
	if (p->is_prepared)
		return ST_OK;
	PGresult *res = PQprepare(CONN(s)->pg, p->name, p->pg_sql, p->n_params, NULL);
	enum status rc = ST_OK;
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		note_error(s, res);
		char msg[sizeof(s->errmsg)];
		snprintf(msg, sizeof(msg), "%s", s->errmsg);
		db_fail(s, "cannot prepare statement: %s (%.120s)", msg, p->pg_sql);
		rc = ST_STORE;
	} else {
		p->is_prepared = 1;
	}
	PQclear(res);
	return rc;
}

/* The outcome of a finished result: rows to read, done (changes counted), or a failure. */
static enum db_step take_result(struct store *s, struct pg_stmt *st, PGresult *res)
{
	ExecStatusType t = PQresultStatus(res);
	if (t == PGRES_TUPLES_OK || t == PGRES_COMMAND_OK || t == PGRES_SINGLE_TUPLE) {
		const char *n = PQcmdTuples(res);
		if (*n)
			s->changes = atoll(n);
		st->res = res;
		st->n_rows = PQntuples(res);
		st->row = 0;
		return st->n_rows ? DB_STEP_ROW : DB_STEP_DONE;
	}
	note_error(s, res);
	PQclear(res);
	return DB_STEP_FAIL;
}

static enum db_step run(struct store *s, struct pg_stmt *st)
{
	struct pg_conn *c = st->c;
	const char *const *values = (const char *const *)st->values;
	for (int attempt = 0; !st->is_stream; attempt++) {
		if (ensure_connected(s) != ST_OK)
			return DB_STEP_FAIL;
		PGresult *res = NULL;
		if (prepare_on_server(s, st->p) == ST_OK)
			res = PQexecPrepared(c->pg, st->p->name, st->p->n_params, values, st->lengths, st->formats, 0);
		ExecStatusType t = PQresultStatus(res);
		if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK && is_lost(s, res) && attempt == 0) {
			PQclear(res);
			continue;
		}
		if (!res)
			return DB_STEP_FAIL;
		st->is_run = 1;
		s->changes = 0;
		return take_result(s, st, res);
	}
	if (ensure_connected(s) != ST_OK || prepare_on_server(s, st->p) != ST_OK)
		return DB_STEP_FAIL;
	st->is_run = 1;
	s->changes = 0;
	if (!PQsendQueryPrepared(c->pg, st->p->name, st->p->n_params, values, st->lengths, st->formats, 0) ||
	    !PQsetSingleRowMode(c->pg)) {
		note_error(s, NULL);
		return DB_STEP_FAIL;
	}
	st->is_streaming = 1;
	return DB_STEP_DONE; /* not read yet: the caller's step reads the first row */
}

static enum db_step pg_step(struct store *s, void *h)
{
	struct pg_stmt *st = h;
	free_blobs(st);
	if (!st->is_run) {
		enum db_step r = run(s, st);
		if (r == DB_STEP_FAIL || !st->is_streaming)
			return r;
	} else if (!st->is_streaming) {
		if (st->row + 1 < st->n_rows) {
			st->row++;
			return DB_STEP_ROW;
		}
		st->row = st->n_rows;
		return DB_STEP_DONE;
	}
	/* streamed: one row per result, then the final empty result */
	PQclear(st->res);
	st->res = NULL;
	PGresult *res = PQgetResult(st->c->pg);
	if (!res) {
		st->is_streaming = 0;
		return DB_STEP_DONE;
	}
	enum db_step r = take_result(s, st, res);
	if (r != DB_STEP_ROW)
		drain(st);
	return r;
}

static int pg_n_cols(void *h)
{
	struct pg_stmt *st = h;
	return st->res ? PQnfields(st->res) : 0;
}

static const char *pg_col_name(void *h, int i)
{
	struct pg_stmt *st = h;
	return st->res ? PQfname(st->res, i) : "";
}

static int has_value(const struct pg_stmt *st, int i)
{
	return st->res && st->row >= 0 && st->row < st->n_rows && i < PQnfields(st->res) && !PQgetisnull(st->res, st->row, i);
}

static enum db_type pg_col_type(void *h, int i)
{
	struct pg_stmt *st = h;
	if (!has_value(st, i))
		return DB_NULL;
	switch (PQftype(st->res, i)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
		return DB_INT;
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_NUMERIC:
		return DB_FLOAT;
	case OID_BYTEA:
		return DB_BLOB;
	default:
		return DB_TEXT;
	}
}

static const char *pg_col_text(void *h, int i)
{
	struct pg_stmt *st = h;
	return has_value(st, i) ? PQgetvalue(st->res, st->row, i) : NULL;
}

static long long pg_col_int(void *h, int i)
{
	const char *t = pg_col_text(h, i);
	if (!t)
		return 0;
	if (*t == 't' || *t == 'f') /* a boolean */
		return *t == 't';
	return strtoll(t, NULL, 10);
}

static double pg_col_double(void *h, int i)
{
	const char *t = pg_col_text(h, i);
	return t ? strtod(t, NULL) : 0;
}

/* The bytea of column i of the current row, unescaped once. */
static const unsigned char *blob(struct pg_stmt *st, int i, size_t *len)
{
	int n = PQnfields(st->res);
	if (!st->blobs) {
		st->blobs = xcalloc((size_t)n, sizeof(*st->blobs));
		st->blob_lens = xcalloc((size_t)n, sizeof(*st->blob_lens));
		st->n_blobs = n;
	}
	if (!st->blobs[i])
		st->blobs[i] = PQunescapeBytea((const unsigned char *)PQgetvalue(st->res, st->row, i), &st->blob_lens[i]);
	*len = st->blobs[i] ? st->blob_lens[i] : 0;
	return st->blobs[i];
}

static size_t pg_col_bytes(void *h, int i)
{
	struct pg_stmt *st = h;
	if (!has_value(st, i))
		return 0;
	size_t len = (size_t)PQgetlength(st->res, st->row, i);
	if (PQftype(st->res, i) == OID_BYTEA)
		blob(st, i, &len);
	return len;
}

static const void *pg_col_blob(void *h, int i)
{
	struct pg_stmt *st = h;
	size_t len;
	if (!has_value(st, i))
		return NULL;
	if (PQftype(st->res, i) != OID_BYTEA)
		return PQgetvalue(st->res, st->row, i);
	return blob(st, i, &len);
}

static enum status pg_begin(struct store *s)
{
	/* one lock per schema: stores in two schemas of one database do not wait for each other */
	char lock[96];
	snprintf(lock, sizeof(lock), "SELECT pg_advisory_xact_lock(%d, hashtext(current_schema()))", PG_LOCK_CLASS);
	enum status rc = pg_exec(s, "BEGIN");
	if (rc == ST_OK)
		rc = pg_exec(s, lock);
	/* a connection lost and made again between the two would hold the lock outside a transaction */
	if (rc == ST_OK && PQtransactionStatus(CONN(s)->pg) != PQTRANS_INTRANS)
		rc = db_fail(s, "the connection to the database was lost at the start of a transaction");
	if (rc != ST_OK)
		PQclear(PQexec(CONN(s)->pg, "ROLLBACK"));
	return rc;
}

static enum status pg_begin_read(struct store *s)
{
	enum status rc = pg_exec(s, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
	if (rc == ST_OK && PQtransactionStatus(CONN(s)->pg) != PQTRANS_INTRANS)
		rc = db_fail(s, "the connection to the database was lost at the start of a transaction");
	return rc;
}

static enum status pg_commit(struct store *s)
{
	PGresult *res = PQexec(CONN(s)->pg, "COMMIT");
	enum status rc = ST_OK;
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		note_error(s, res);
		rc = ST_STORE;
	} else if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		/* a transaction that failed earlier ends in ROLLBACK */
		db_fail(s, "the transaction was rolled back");
		rc = ST_STORE;
	}
	PQclear(res);
	return rc;
}

static void pg_rollback(struct store *s)
{
	PQclear(PQexec(CONN(s)->pg, "ROLLBACK"));
}

/* After a copy with ids: the identity columns of table continue past the largest id. */
static enum status pg_after_copy(struct store *s, const char *table)
{
	struct arena *a = arena_new();
	struct db_stmt *q = db_prep(s, a,
				    "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
				    " WHERE c.relname = ? AND c.relnamespace = current_schema()::regnamespace AND a.attidentity <> ''");
	enum status rc = ST_STORE;
	if (!q)
		goto out;
	db_bind_text(q, 1, table);
	const char *col = NULL;
	rc = db_row(q);
	if (rc == ST_OK)
		col = db_text(a, q, 0);
	db_reset(q);
	if (rc == ST_NOT_FOUND) {
		rc = ST_OK;
		goto out;
	}
	if (rc != ST_OK)
		goto out;
	struct db_stmt *set = db_prep(s, a,
				      arena_printf(a,
						   "SELECT setval(pg_get_serial_sequence(?, ?), (SELECT coalesce(max(\"%s\"), 0) + 1"
						   " FROM \"%s\"), false)",
						   col, table));
	if (!set) {
		rc = ST_STORE;
		goto out;
	}
	db_bind_text(set, 1, arena_printf(a, "\"%s\"", table)), db_bind_text(set, 2, col);
	rc = db_run(set);
out:
	arena_free(a);
	return rc;
}

/* ---- COPY FROM STDIN (db_copy_*): rows in PostgreSQL's text format, sent 256 KiB at a time ---- */

#define PG_COPY_FLUSH (256u * 1024u)

/* t as a field of the text format: backslash, tab, newline and carriage return escaped. */
static void copy_text(struct buf *b, const char *t)
{
	for (;;) {
		size_t n = strcspn(t, "\\\t\n\r");
		bwn(b, t, n);
		t += n;
		if (!*t)
			return;
		bw(b, *t == '\\' ? "\\\\" : *t == '\t' ? "\\t" : *t == '\n' ? "\\n" : "\\r");
		t++;
	}
}

static enum status copy_flush(struct store *s)
{
	struct pg_conn *c = CONN(s);
	if (buf_status(&c->copy) != ST_OK)
		return db_fail(s, "out of memory for the rows of a copy");
	size_t len = c->copy.len;
	if (len && PQputCopyData(c->pg, buf_str(&c->copy), (int)len) != 1) {
		note_error(s, NULL);
		return ST_STORE;
	}
	buf_reset(&c->copy);
	return ST_OK;
}

static enum status pg_copy_begin(struct store *s, const char *table, const char *const *cols, int n)
{
	struct pg_conn *c = CONN(s);
	struct buf sql;
	buf_init(&sql, 0);
	bw(&sql, "COPY \""), bw(&sql, table), bw(&sql, "\" (");
	db_quoted_names(&sql, cols, n);
	bw(&sql, ") FROM STDIN");
	PGresult *res = buf_status(&sql) == ST_OK ? PQexec(c->pg, buf_str(&sql)) : NULL;
	buf_release(&sql);
	enum status rc = ST_OK;
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		note_error(s, res);
		rc = ST_STORE;
	}
	PQclear(res);
	buf_reset(&c->copy);
	c->is_copying = rc == ST_OK;
	return rc;
}

static enum status pg_copy_put(struct store *s, const struct db_value *row, int n)
{
	struct pg_conn *c = CONN(s);
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < n; i++) {
		const struct db_value *v = &row[i];
		char t[32];
		if (i)
			bwc(&c->copy, '\t');
		switch (v->type) {
		case DB_NULL:
			bw(&c->copy, "\\N");
			break;
		case DB_INT:
			snprintf(t, sizeof(t), "%lld", v->i);
			bw(&c->copy, t);
			break;
		case DB_FLOAT:
			db_number_text(v->d, t); /* as pg_bind_double */
			bw(&c->copy, t);
			break;
		case DB_BLOB:
			bw(&c->copy, "\\\\x"); /* bytea's hex form, its backslash escaped */
			for (size_t k = 0; k < v->len; k++) {
				unsigned char byte = ((const unsigned char *)v->blob)[k];
				bwc(&c->copy, hex[byte >> 4]), bwc(&c->copy, hex[byte & 15]);
			}
			break;
		default:
			copy_text(&c->copy, v->text ? v->text : "");
		}
	}
	bwc(&c->copy, '\n');
	return c->copy.len >= PG_COPY_FLUSH ? copy_flush(s) : buf_status(&c->copy);
}

static enum status pg_copy_end(struct store *s, int is_ok)
{
	struct pg_conn *c = CONN(s);
	if (!c->is_copying)
		return ST_STORE;
	c->is_copying = 0;
	enum status rc = is_ok ? copy_flush(s) : ST_STORE;
	buf_reset(&c->copy);
	if (PQputCopyEnd(c->pg, rc == ST_OK ? NULL : "the copy was abandoned") != 1) {
		note_error(s, NULL);
		rc = ST_STORE;
	}
	PGresult *res;
	while ((res = PQgetResult(c->pg)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == ST_OK) {
			note_error(s, res);
			const char *where = PQresultErrorField(res, PG_DIAG_CONTEXT);
			if (where) {
				char msg[sizeof(s->errmsg)];
				snprintf(msg, sizeof(msg), "%s", s->errmsg);
				db_fail(s, "%s (%.*s)", msg, (int)strcspn(where, "\n"), where);
			}
			rc = ST_STORE;
		} else if (PQresultStatus(res) == PGRES_COMMAND_OK && *PQcmdTuples(res)) {
			s->changes = atoll(PQcmdTuples(res));
		}
		PQclear(res);
	}
	return rc;
}

const struct db_driver db_postgres = {
	.name = "postgres",
	.migrations = postgres_migrations,
	.connect = pg_connect,
	.disconnect = pg_disconnect,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.bind_null = pg_bind_null,
	.bind_int = pg_bind_int,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.step = pg_step,
	.reset = pg_reset,
	.n_cols = pg_n_cols,
	.col_name = pg_col_name,
	.col_type = pg_col_type,
	.col_int = pg_col_int,
	.col_double = pg_col_double,
	.col_text = pg_col_text,
	.col_bytes = pg_col_bytes,
	.col_blob = pg_col_blob,
	.exec = pg_exec,
	.begin = pg_begin,
	.begin_read = pg_begin_read,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.tables_sql = "SELECT c.relname, p.relname FROM pg_class c"
		      " LEFT JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'f'"
		      " LEFT JOIN pg_class p ON p.oid = k.confrelid"
		      " WHERE c.relkind IN ('r', 'p') AND c.relnamespace = current_schema()::regnamespace"
		      " AND c.relname NOT LIKE 'search\\_docs%' ESCAPE '\\' ORDER BY 1", /* derived: triggers fill it */
	.generated_sql = "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
			 " AND table_name = ?1 AND is_generated = 'ALWAYS'",
	.stream = pg_stream,
	.after_copy = pg_after_copy,
	.backup_into = NULL,
	.copy_begin = pg_copy_begin,
	.copy_put = pg_copy_put,
	.copy_end = pg_copy_end,
};
