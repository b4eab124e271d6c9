/* db.h - private to src/store/ (and the store's own tests): the connection behind struct store,
 * the driver table every back end fills in (sqlite.c, postgres.c), and the statement helpers the
 * shared layer (plan.c, obs.c, users.c, audit.c, ...) is written with. SQL given to db_prep is
 * one dialect both drivers run: '?' and '?N' parameters, INSERT ... ON CONFLICT DO NOTHING,
 * RETURNING id for new rows, integers for booleans, CAST(?N AS TEXT) IS NULL for an optional
 * filter (PostgreSQL must know a parameter's type where nothing else tells it); a driver
 * rewrites what its server needs ('?N' becomes '$N'). Nothing outside src/store/ sees SQL. */
#ifndef INNOMON_STORE_DB_H
#define INNOMON_STORE_DB_H

#include <stddef.h>

#include "base/arena.h"
#include "base/embed.h"
#include "base/status.h"

/* The kind of a failed statement, so callers can answer ST_CONFLICT or ST_INVALID. */
enum db_err {
	DB_ERR_OTHER,
	DB_ERR_UNIQUE,      /* a UNIQUE or PRIMARY KEY constraint */
	DB_ERR_FOREIGN_KEY, /* a reference to a row that does not exist */
	DB_ERR_CHECK,       /* a CHECK constraint */
	DB_ERR_NOT_NULL,    /* a NOT NULL column left empty */
};

/* The type of a result value. */
enum db_type { DB_NULL, DB_INT, DB_FLOAT, DB_TEXT, DB_BLOB };

/* One value of a row written in bulk (db_copy_put): its type says which field holds it. */
struct db_value {
	enum db_type type;
	long long i;      /* DB_INT */
	double d;         /* DB_FLOAT */
	const char *text; /* DB_TEXT: NUL-terminated, borrowed for the call */
	const void *blob; /* DB_BLOB: len bytes, borrowed for the call */
	size_t len;
};

/* What one step of a statement gave. */
enum db_step { DB_STEP_ROW, DB_STEP_DONE, DB_STEP_FAIL };

struct store;

/* A back end: every function a driver provides. h is the driver's own statement handle. The
 * functions taking a store record a failure's message in s->errmsg and its kind in s->err;
 * s->changes is set when a statement runs to its end. */
struct db_driver {
	const char *name;                       /* "sqlite", "postgres" */
	const struct embedded_file *migrations; /* NNNN_name.sql, in order, NULL-terminated */
	/* Connect to target (a path, a postgresql:// URL). is_create: a missing SQLite file is
	 * created; otherwise ST_NOT_FOUND when the store does not exist. */
	enum status (*connect)(struct store *s, const char *target, int is_create);
	void (*disconnect)(struct store *s);
	void *(*prepare)(struct store *s, const char *sql); /* NULL on failure */
	void (*finalize)(void *h);
	void (*bind_null)(void *h, int i);
	void (*bind_int)(void *h, int i, long long v);
	void (*bind_double)(void *h, int i, double v);
	void (*bind_text)(void *h, int i, const char *v); /* v copied */
	/* v not copied: it stays until the statement has run (NULL: the driver copies, bind_text) */
	void (*bind_text_borrowed)(void *h, int i, const char *v);
	void (*bind_blob)(void *h, int i, const void *p, size_t len); /* p copied */
	enum db_step (*step)(struct store *s, void *h);
	void (*reset)(void *h); /* ready to run again; bindings stay */
	int (*n_cols)(void *h);
	const char *(*col_name)(void *h, int i);
	enum db_type (*col_type)(void *h, int i);
	long long (*col_int)(void *h, int i);     /* 0 for NULL */
	double (*col_double)(void *h, int i);     /* 0 for NULL */
	const char *(*col_text)(void *h, int i);  /* NULL for NULL; valid until the next step */
	size_t (*col_bytes)(void *h, int i);
	const void *(*col_blob)(void *h, int i);  /* valid until the next step */
	/* Statements without results or parameters (migrations, transaction control). */
	enum status (*exec)(struct store *s, const char *sql);
	/* A write transaction: writers take turns, so what a writer reads stays true until it
	 * commits (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock). */
	enum status (*begin)(struct store *s);
	/* A read-only transaction that sees one moment (for copies). */
	enum status (*begin_read)(struct store *s);
	enum status (*commit)(struct store *s);
	void (*rollback)(struct store *s);
	/* Rows (table, a table it references or NULL) naming every table of the store, from the
	 * database's catalogue (store_copy). */
	const char *tables_sql;
	/* Rows (column) naming the generated columns of table ?1, which a copy does not write. */
	const char *generated_sql;
	/* May be NULL: the next run of h will have its rows read one at a time while nothing else
	 * runs on the connection, so the driver need not hold them all at once. */
	void (*stream)(void *h);
	/* May be NULL (every commit is durable): outside a transaction, make the next commits
	 * return only once on disk (is_durable) or go back to the usual flushing (SQLite: PRAGMA
	 * synchronous FULL / NORMAL). */
	enum status (*set_durable)(struct store *s, int is_durable);
	/* After rows with their ids were copied into table: make new ids follow them. May be NULL. */
	enum status (*after_copy)(struct store *s, const char *table);
	/* store_backup's copy of the store into the new empty SQLite file tmp_path; NULL: copied
	 * table by table (store_copy). */
	enum status (*backup_into)(struct store *s, const char *tmp_path);
	/* May be NULL (bulk.c then runs an INSERT per row): rows sent to the server in bulk
	 * (PostgreSQL: COPY FROM STDIN), inside the open transaction. copy_begin names the table
	 * and its n columns, copy_put sends one row of n values, copy_end ends it (is_ok 0: the
	 * rows are abandoned and the transaction is to be rolled back) and reports what the
	 * server made of the rows, s->changes their number. */
	enum status (*copy_begin)(struct store *s, const char *table, const char *const *cols, int n);
	enum status (*copy_put)(struct store *s, const struct db_value *row, int n);
	enum status (*copy_end)(struct store *s, int is_ok);
	/* May be NULL (a writer then asks for RETURNING id): the row id of the row the last INSERT
	 * on the connection wrote last. The rows of one multi-row INSERT into a table get
	 * consecutive ids (SQLite: each new row id is the table's greatest plus one). */
	long long (*last_id)(struct store *s);
};

extern const struct db_driver db_sqlite, db_postgres;

/* One connection. The shared layer reads and writes the fields below drv/conn; drivers own conn. */
struct store {
	const struct db_driver *drv;
	void *conn;            /* the driver's connection */
	char errmsg[512];
	enum db_err err;       /* kind of the last failed statement */
	long long changes;     /* rows changed by the last statement run to its end */
	int in_tx;             /* depth of db_begin without commit/rollback: 1 the transaction,
				  more its savepoints */
	int is_durable_tx;     /* the open transaction commits durably (store_tx_begin_durable) */
	void *version_h;       /* store_version's statement (the driver's), prepared once */
	char actor[128];       /* who acts on this connection (store_set_actor) */
	long long actor_id;    /* 0 when not a user */
	char actor_ip[64];
	long long commit_upload_id; /* marked committed by the next store_obs_write (0: none) */
	struct write_behind *write_behind; /* the driver's, while a durable transaction runs (sqlite.c) */
};

/* A prepared statement: the store it belongs to, its driver and the driver's handle. It may be
 * finalized (its arena freed) after the store was closed: finalizing needs only drv. */
struct db_stmt {
	struct store *s;
	const struct db_driver *drv;
	void *h;
};

/* Record a failure message (printf-style) and return ST_STORE. */
enum status db_fail(struct store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The actor's name for created_by columns: "system" when none is set. */
const char *db_actor(const struct store *s);

/* Prepare sql; the statement is finalized when arena a is reset or freed. NULL on failure
 * (message recorded). */
struct db_stmt *db_prep(struct store *s, struct arena *a, const char *sql);
enum status db_exec(struct store *s, const char *sql) WUR;
/* Transactions (see struct db_driver); commit rolls back when it fails. Inside a transaction,
 * begin opens a savepoint that commit releases and rollback undoes alone. */
enum status db_begin(struct store *s) WUR;
enum status db_commit(struct store *s) WUR;
void db_rollback(struct store *s);

/* Bind parameter i (from 1): NULL text binds SQL NULL; the opt forms bind NULL when !is_set. */
void db_bind_text(struct db_stmt *st, int i, const char *v);
/* db_bind_text of a text the caller keeps unchanged until the statement has run (a row of a
 * multi-row INSERT run at once): no copy where the driver can do without. */
void db_bind_text_borrowed(struct db_stmt *st, int i, const char *v);
void db_bind_int(struct db_stmt *st, int i, long long v);
void db_bind_double(struct db_stmt *st, int i, double v);
void db_bind_blob(struct db_stmt *st, int i, const void *p, size_t len);
void db_bind_opt_int(struct db_stmt *st, int i, int is_set, long long v);
void db_bind_opt_double(struct db_stmt *st, int i, int is_set, double v);

/* One step: DB_STEP_ROW with a row to read, DB_STEP_DONE, DB_STEP_FAIL (message recorded). */
enum db_step db_step(struct db_stmt *st);
void db_reset(struct db_stmt *st);
/* Read st's next run row by row (a large table) with no other statement run on its connection
 * until it is done or reset. */
void db_stream(struct db_stmt *st);
/* Run a statement expected to finish (INSERT/UPDATE/DELETE); resets it for reuse.
 * ST_OK or ST_STORE; s->changes says how many rows it changed. */
enum status db_run(struct db_stmt *st) WUR;
/* Run an INSERT ... RETURNING id: *id gets the new row's id. ST_NOT_FOUND when no row was
 * inserted (ON CONFLICT DO NOTHING), ST_STORE on failure. Resets the statement. */
enum status db_insert(struct db_stmt *st, long long *id) WUR;
/* Step once for the one row st should give: ST_OK with the row ready to read, ST_NOT_FOUND when
 * there is none, else ST_STORE. */
enum status db_row(struct db_stmt *st) WUR;
/* The first column of the first row as an integer (0 when there is no row). ST_OK or ST_STORE.
 * Resets the statement. */
enum status db_scalar(struct db_stmt *st, long long *v) WUR;

/* An array of rows read, grown by doubling outside the arena's blocks and freed with the arena:
 * an array grown inside an arena would keep every smaller copy until the arena goes (twice
 * the rows' memory, for as long as a request or a report holds them). */
struct db_rows {
	void **held; /* in the arena: the array's address, freed when the arena is */
	size_t cap, elem;
};
/* An empty array of elements of elem bytes with room for cap (at least 1), zero-filled. */
void db_rows_init(struct db_rows *r, struct arena *a, size_t elem, size_t cap);
/* The array, with room for element n (those after the ones written are zero). */
void *db_rows_room(struct db_rows *r, size_t n);
/* The array holding its first n elements only (no room to spare). */
void *db_rows_done(struct db_rows *r, size_t n);

/* Reads one row of st into elem (of the array being collected); ctx is db_collect's. */
typedef void (*db_read_fn)(struct arena *a, struct db_stmt *st, void *elem, const void *ctx);
/* Run st and read every row with fn into a new array of elem_size elements in arena a (never
 * NULL, zero-filled, room for cap_hint rows before it grows). *items and *n are the result;
 * ST_OK or ST_STORE. This is the one loop every list in the store is read with. */
enum status db_collect(struct db_stmt *st, struct arena *a, size_t elem_size, size_t cap_hint, db_read_fn fn,
		       const void *ctx, void **items, size_t *n) WUR;

/* Column readers (i from 0). Text and blobs are copied into arena a; NULL reads as NULL / 0. */
const char *db_text(struct arena *a, struct db_stmt *st, int i);
/* As db_text, but prev itself when it holds the same text (rows read in order repeat their
 * texts: one copy serves them all). */
const char *db_text_again(struct arena *a, struct db_stmt *st, int i, const char *prev);
long long db_int(struct db_stmt *st, int i);
double db_double(struct db_stmt *st, int i);
int db_is_null(struct db_stmt *st, int i);
/* A blob copied into a (NUL-terminated one past its end); *len its size. */
const void *db_blob(struct arena *a, struct db_stmt *st, int i, size_t *len);
/* The column's text without copying, valid until the next step ("" for NULL). */
const char *db_peek(struct db_stmt *st, int i);

/* How many of `left` rows the next chunk of a multi-row statement takes: the largest power of
 * two not above left or max (max a power of two), so few distinct statements are prepared. */
size_t db_chunk(size_t left, size_t max);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (INNOMON_NOW overrides, for tests). */
void db_now(char out[32]);
/* The id as text for audit object ids, in out[32]. Cannot fail. */
void db_id_text(long long id, char out[32]);
/* A double as the shortest decimal text that reads back to the same value, in out[32]. */
void db_number_text(double v, char out[32]);

/* Append an audit event inside the open transaction (the chain's previous hash is read in the
 * same transaction, which writers take one at a time, so the chain cannot fork). */
enum status db_audit(struct store *s, const char *action, const char *object_type, const char *object_id,
		     const char *before_json, const char *after_json) WUR;

/* What db_write_audited does around its statement; the strings are borrowed for the call. */
struct db_write {
	const char *action, *object_type; /* the audit event */
	const char *object_id;            /* NULL: the new row's id when new_id is set, else none */
	const char *before, *after;       /* JSON text or NULL */
	enum status if_unchanged;         /* ST_OK: a statement changing no row is fine; else returned */
	int is_classified;                /* a broken constraint is ST_CONFLICT (unique) or ST_INVALID
					     (foreign key, check) instead of ST_STORE */
	enum status (*check)(struct store *s); /* may be NULL: run after the statement, inside the
						  transaction; a status other than ST_OK undoes it */
	long long *new_id;                /* may be NULL: st is an INSERT ... RETURNING id and this
					     gets the new row's id (0 when the statement failed) */
};

/* One audited change in its own transaction: begin, run st (bound by the caller; NULL: no
 * statement, the audit event alone), w's checks, the audit event, commit; roll back on any
 * failure. Returns ST_OK, the status of a failed check, or ST_STORE (message recorded). */
enum status db_write_audited(struct db_stmt *st, struct store *s, const struct db_write *w) WUR;

/* An import_batches row: where a batch of revisions came from and what the file held. */
struct db_batch {
	const char *who, *source_file, *file_sha256, *sheet, *encoding; /* NULL when not known */
	size_t n_rows, n_new, n_revised, n_unchanged;
};
/* Insert the batch row inside the open transaction, created and closed at now; *id gets its id. */
enum status db_import_batch(struct store *s, const struct db_batch *b, const char *now, long long *id) WUR;
/* The same opened (counts 0, not closed), for rows that reference it before its counts are
 * known (a streamed import); b's counts are not read. */
enum status db_batch_open(struct store *s, const struct db_batch *b, const char *now, long long *id) WUR;
/* Close batch id with b's counts at now, and b's file hash when it has one (a file read in one
 * pass is hashed by its end): it never changes again. */
enum status db_batch_close(struct store *s, long long id, const struct db_batch *b, const char *now) WUR;

/* registry_read.c, for registry.c, registry_page.c and firms.c: the column list of kind k's
 * table ("rkey, revision, "f1", ..., created_at, created_by", the last two the row's or its
 * batch's), and a db_read_fn reading one row in that order into a struct reg_record (ctx: the
 * struct reg_kind_info); the SQL column of field f (talents' "id" is "id_no", as the row id is
 * "id"). */
struct reg_kind_info;
struct reg_field;
const char *db_registry_column(const struct reg_field *f);
char *db_registry_columns(struct arena *a, const struct reg_kind_info *k);
void db_registry_record(struct arena *a, struct db_stmt *st, void *elem, const void *ctx);

/* uploads.c: mark upload id committed with batch_id inside the open transaction; ST_CONFLICT
 * when it is committed already. */
enum status db_upload_mark(struct store *s, long long id, long long batch_id) WUR;

/* bulk.c: rows into one table of the open transaction as fast as the driver can take them
 * (PostgreSQL: COPY; SQLite: a prepared INSERT per row). begin gives NULL on failure (message
 * recorded; a is the copy's arena); put takes one row of the n values named at begin; end
 * finishes (is_ok 0: abandon, then roll back) and gives the first failure of the copy, named
 * by the table and, where the server says, the row. */
struct db_copy;
/* "\"c1\", \"c2\"": n column names quoted and joined, appended to b (buf.h). */
struct buf;
void db_quoted_names(struct buf *b, const char *const *names, int n);
struct db_copy *db_copy_begin(struct store *s, struct arena *a, const char *table, const char *const *cols, int n);
enum status db_copy_put(struct db_copy *c, const struct db_value *row) WUR;
enum status db_copy_end(struct db_copy *c, int is_ok) WUR;

/* The status for a failed write by the kind of failure: ST_CONFLICT for a unique key,
 * ST_INVALID for a foreign key, check or not-null constraint, else rc. */
enum status db_classify(const struct store *s, enum status rc);

#endif
