/* sqlite_int.h - private to the SQLite back end: the connection and small statement helpers.
 * Nothing outside src/store/ includes this file. */
#ifndef INNOMON_STORE_SQLITE_INT_H
#define INNOMON_STORE_SQLITE_INT_H

#include <sqlite3.h>

#include "base/arena.h"
#include "base/status.h"

struct store {
	sqlite3 *db;
	char errmsg[512];
	int in_tx; /* depth of sq_begin without commit/rollback: 1 the transaction, more savepoints */
	int is_durable_tx; /* the open transaction runs with synchronous = FULL (store_tx_begin_durable) */
	sqlite3_stmt *version_st; /* store_version's statement, prepared once per connection */
	char actor[128];       /* who acts on this connection (store_set_actor) */
	long long actor_id;    /* 0 when not a user */
	char actor_ip[64];
	long long commit_upload_id; /* marked committed by the next store_obs_write (0 = none) */
};

/* Mark upload id committed with its batch, inside the caller's transaction (ST_CONFLICT when
 * it is committed already). */
enum status sq_upload_mark(struct store *s, long long id, long long batch_id) WUR;

/* Append an audit event inside the open transaction (the chain's previous hash is read in the
 * same transaction, so concurrent writers cannot fork it). */
enum status sq_audit(struct store *s, const char *action, const char *object_type, const char *object_id,
		     const char *before_json, const char *after_json) WUR;

/* Record a failure message (printf-style) and return ST_STORE. */
enum status sq_fail(struct store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prepare sql; the statement is finalized when arena a is reset or freed. NULL on failure
 * (message recorded). */
sqlite3_stmt *sq_prep(struct store *s, struct arena *a, const char *sql);
/* Execute one or more statements without results. */
enum status sq_exec(struct store *s, const char *sql) WUR;
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK; inside a transaction SAVEPOINT / RELEASE / ROLLBACK TO. */
enum status sq_begin(struct store *s) WUR;
enum status sq_commit(struct store *s) WUR;
void sq_rollback(struct store *s);
/* Step a statement expected to finish (INSERT/UPDATE/DELETE); resets it for reuse. */
enum status sq_step_done(struct store *s, sqlite3_stmt *st) WUR;

/* Bind helpers: NULL text binds SQL NULL; bind_opt_int binds NULL when is_set is 0. */
void sq_bind_text(sqlite3_stmt *st, int i, const char *v);
void sq_bind_int(sqlite3_stmt *st, int i, long long v);
void sq_bind_opt_int(sqlite3_stmt *st, int i, int is_set, long long v);
void sq_bind_opt_double(sqlite3_stmt *st, int i, int is_set, double v);
/* Column text copied into arena (NULL for SQL NULL). */
const char *sq_col_text(struct arena *a, sqlite3_stmt *st, int i);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (INNOMON_NOW overrides, for tests). */
void sq_now(char out[32]);

/* The id as text for audit object ids, in out[32]. Cannot fail. */
void sq_id_text(long long id, char out[32]);

/* Room for one more element in an arena array of elements of size bytes: allocates *cap
 * zeroed elements (16 when *cap is 0) when arr is NULL, returns arr while n < *cap, else a copy
 * twice as large (doubling *cap). Never NULL: call it once with arr NULL and n 0 for an array
 * that exists even when no row comes. */
void *sq_grow(struct arena *a, void *arr, size_t *cap, size_t n, size_t size);

/* An import batch opened (counts 0, not closed) in the open transaction, for rows that
 * reference it before its counts are known; *id gets its id. ST_OK or ST_STORE. */
enum status sq_batch_open(struct store *s, struct arena *a, const char *now, const char *who, const char *source_file,
			  const char *file_sha256, const char *sheet, const char *encoding, long long *id) WUR;
/* Close batch id with its counts (it never changes again). ST_OK or ST_STORE. */
enum status sq_batch_close(struct store *s, struct arena *a, long long id, const char *now, size_t n_rows, size_t n_new,
			   size_t n_revised, size_t n_unchanged) WUR;

/* Step st once for the one row it should give: ST_OK with the row ready to read, ST_NOT_FOUND
 * when there is none, else ST_STORE (message recorded). */
enum status sq_row(struct store *s, sqlite3_stmt *st) WUR;

/* Finish a statement loop: ST_OK when rc (the last sqlite3_step) is SQLITE_DONE, else
 * ST_STORE with the connection's message recorded. */
enum status sq_done(struct store *s, int rc) WUR;

/* What sq_write_audited does around its statement; the strings are borrowed for the call. */
struct sq_write {
	const char *action, *object_type; /* the audit event */
	const char *object_id;            /* NULL: the new row's id when new_id is set, else none */
	const char *before, *after;       /* JSON text or NULL */
	enum status if_unchanged;         /* ST_OK: a statement changing no row is fine; else returned */
	int is_classified;                /* a broken constraint is ST_CONFLICT (unique) or ST_INVALID
					     (foreign key, check) instead of ST_STORE */
	enum status (*check)(struct store *s); /* may be NULL: run after the statement, inside the
						  transaction; a status other than ST_OK undoes it */
	long long *new_id;                /* may be NULL: gets the inserted row's id (0 when the
					     statement failed) */
};

/* One audited change in its own transaction: BEGIN, step st (bound by the caller; NULL: no
 * statement, the audit event alone), w's checks, the audit event, COMMIT; ROLLBACK on any
 * failure. Returns ST_OK, the status of a failed check, or ST_STORE (message recorded). */
enum status sq_write_audited(struct store *s, sqlite3_stmt *st, const struct sq_write *w) WUR;

/* sqlite_registry.c: the column list of kind k's table ("rkey, revision, "f1", ...,
 * created_at, created_by") and one row read back in that order into r (in a). */
struct reg_kind_info;
struct reg_record;
char *sq_registry_columns(struct arena *a, const struct reg_kind_info *k);
void sq_registry_record(struct arena *a, const struct reg_kind_info *k, sqlite3_stmt *st, struct reg_record *r);

#endif
