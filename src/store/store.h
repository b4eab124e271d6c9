/* store.h - the one interface to innomon's persistent state. Callers never see SQL: the
 * back end (SQLite for a file, PostgreSQL for a postgresql:// URL) owns the schema, migrations
 * and transactions. Every write function is one transaction: it happens entirely or not at all
 * (inside store_tx_begin it joins the caller's transaction).
 * A struct store is one connection: use it from one thread at a time. */
#ifndef INNOMON_STORE_STORE_H
#define INNOMON_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"
#include "core/authz.h"
#include "core/obs.h"
#include "core/plan.h"
#include "core/registry.h"

struct store;

/* Process-wide set-up of the back end, called once by main before any thread starts (SQLite:
 * no global memory statistics, whose mutex every allocation of every connection would take).
 * Returns ST_OK or ST_STORE. */
enum status store_global_init(void) WUR;

/* Open the store at target and apply pending migrations: a file path (SQLite; created when
 * absent) or a postgresql:// (or postgres://) URL naming an existing database (PostgreSQL; an
 * empty database gets the schema). On failure *out is still set when a connection exists, so
 * store_errmsg can explain; close it either way. */
enum status store_open(const char *target, struct store **out) WUR;
/* Open an existing store only: ST_NOT_FOUND (*out NULL) when the file does not exist. */
enum status store_open_existing(const char *target, struct store **out) WUR;
/* Whether target names a PostgreSQL database (a postgresql:// or postgres:// URL). */
int store_is_postgres_target(const char *target);
/* target as it may be shown or logged: a URL's password replaced by "***" (in arena a). */
const char *store_target_shown(struct arena *a, const char *target);
/* The back end of s: "sqlite" or "postgres" (static). */
const char *store_kind(const struct store *s);
/* Close the connection; NULL allowed. */
void store_close(struct store *s);
/* Message of the last failure on this connection (borrowed until the next call). */
const char *store_errmsg(const struct store *s);
/* Cheap liveness check (one round trip). */
enum status store_ping(struct store *s) WUR;
/* The store's version: a number that grows with every committed change of what it holds (every
 * such change is audited in its transaction: the newest audit event's id), whichever process
 * made it; sessions kept alive and sign-in counts do not change it. One indexed read: cheap
 * enough for every request (a cache keyed on it is never stale). ST_OK or ST_STORE. */
enum status store_version(struct store *s, long long *version) WUR;

/* A transaction around several calls (an import that writes in batches): every write function
 * called inside it joins it (as a savepoint: a failed call undoes only itself), and nothing is
 * visible to other connections, nor durable, before store_tx_commit. Writers take turns: begin
 * waits while another connection writes. store_tx_commit rolls back when it fails. */
enum status store_tx_begin(struct store *s) WUR;
/* store_tx_begin for a transaction whose commit returns only once it is on disk (fsync), as
 * an import's is: a commit answered is a commit kept, power cut or not. (Other transactions
 * are flushed at the next checkpoint.) Inside a transaction it is store_tx_begin. */
enum status store_tx_begin_durable(struct store *s) WUR;
enum status store_tx_commit(struct store *s) WUR;
void store_tx_rollback(struct store *s);

/* Who is acting on this connection: every state change is audited under this name, user id
 * and address until the next call. Strings are copied. Without a call the actor is "system". */
enum status store_set_actor(struct store *s, const char *name, long long user_id, const char *ip) WUR;

/* Applied migrations, newest last. */
struct migration_row {
	int version;
	const char *name, *applied_at;
};
enum status store_migrations(struct store *s, struct arena *a, struct migration_row **rows, size_t *n) WUR;

/* ---- plans ----------------------------------------------------------------------------- */

struct plan_save_result {
	int version;       /* the plan's version after the call */
	int is_new_plan;   /* first version of this plan code */
	int is_unchanged;  /* identical to the latest stored version: nothing written */
};

/* Store a checked plan. Identical content (same canonical text) changes nothing; changed
 * content becomes a new version and every older version stays readable. who is the acting
 * user's name (or "cli"). A new plan is created a draft when p->info.status says so, else in
 * force; an existing plan keeps its status (store_plan_set_status changes it). */
enum status store_plan_save(struct store *s, const struct plan *p, const char *who, struct plan_save_result *res) WUR;

/* Read a plan: code NULL means the default plan (the one created last); version 0 means the
 * latest. The plan and its strings live in arena. ST_NOT_FOUND when there is none. */
enum status store_plan_get(struct store *s, struct arena *a, const char *code, int version, struct plan **out) WUR;

/* The code and version store_plan_get(s, a, NULL, 0, ...) would read: the newest version of
 * the plan created last (code copied into code_out, at most cap bytes). ST_NOT_FOUND when none. */
enum status store_plan_current(struct store *s, char *code_out, size_t cap, int *version) WUR;

struct plan_version_row {
	const char *code, *title_zh, *loaded_at, *loaded_by, *digest;
	int version;
	enum plan_status status;   /* the plan's, now (the same on every row of a plan) */
	const char *superseded_by; /* NULL unless superseded */
};
/* Every version of every plan, oldest first. */
enum status store_plan_versions(struct store *s, struct arena *a, struct plan_version_row **rows, size_t *n) WUR;

/* Set plan code's lifecycle status (superseded_by: the successor's code for
 * PLAN_STATUS_SUPERSEDED, else NULL), audited as "plan.status" with the status before and
 * after. The caller has checked the change (app_plan_set_status). ST_NOT_FOUND when there is
 * no such plan; setting the status it has changes nothing (*is_unchanged 1, no audit). */
enum status store_plan_set_status(struct store *s, const char *code, enum plan_status status, const char *superseded_by,
				  int *is_unchanged) WUR;

/* ---- observations ----------------------------------------------------------------------- */

/* The newest revision (any status) of each cell keys[i] = {indicator, region, period} into
 * out[i] (NULL when the cell has no revision yet). Reads only. */
struct obs_key {
	const char *indicator, *region, *period;
};
enum status store_obs_latest(struct store *s, struct arena *a, const struct obs_key *keys, size_t n,
			     struct obs **out) WUR;

/* One batch of new revisions, written in one transaction. Each row's revision must be the
 * cell's newest revision + 1 as the caller saw it: if another writer got there first the
 * whole batch fails with ST_CONFLICT and nothing is written. */
struct obs_batch {
	const char *who;
	const char *source_file, *file_sha256, *sheet, *encoding; /* NULL when not from a file */
	size_t n_rows, n_new, n_revised, n_unchanged;           /* what the file held */
	int is_import;                                          /* record an import_batches row */
	const char *action;   /* the audit action ("values.import", "values.submit", ...); NULL = "values.write" */
};
enum status store_obs_write(struct store *s, const struct obs_batch *batch, const struct obs *rows, size_t n,
			    long long *batch_id) WUR;

/* The same written one revision at a time inside the caller's transaction (store_tx_begin), for
 * an import that streams its file: open (with batch->is_import, the import batch is opened
 * too), put each revision (its revision the cell's newest + 1, else ST_CONFLICT), finish with
 * the file's counts (closes the batch, writes the one audit event; *batch_id 0 without a batch).
 * The transaction stays open; statements are prepared once, in arena a. Revisions put are
 * held and written many to a statement: before the writer reads their cell again, and at finish
 * (a failure of the store may so show at a later put or at finish; the writer then writes
 * nothing more, and the caller rolls back). */
struct obs_writer;
enum status store_obs_writer_open(struct store *s, struct arena *a, const struct obs_batch *batch,
				  struct obs_writer **out) WUR;
enum status store_obs_put(struct obs_writer *w, const struct obs *o) WUR;
/* The newest revision (any status) of the cell key, as store_obs_latest reads it, through the
 * writer's prepared statement and transaction (so it sees what the writer wrote): *out in a,
 * NULL when the cell has none. */
enum status store_obs_writer_latest(struct obs_writer *w, struct arena *a, const struct obs_key *key, struct obs **out) WUR;
/* Read the newest revision of every cell of indicator at once, for a caller about to look up many
 * of them (store_obs_writer_latest then answers from memory, until the writer turns to another
 * indicator): on SQLite, where cells are otherwise looked up alone, when it has at most 16,384
 * revisions (else nothing is kept); PostgreSQL reads such groups at its look-ups anyway. */
enum status store_obs_writer_read_indicator(struct obs_writer *w, const char *indicator) WUR;
/* Write from now on on a thread of the writer's own, while the caller goes on putting (ST_OK
 * also when no thread could be started: then nothing changes). The caller then uses the store
 * only through the writer, or after store_obs_writer_pause, until its next put or finish. */
enum status store_obs_writer_pipe(struct obs_writer *w) WUR;
/* Wait until the writer's thread has written what it was handed: the caller may use the store
 * itself (read, roll back) until its next put. The writer's failure, if any. */
enum status store_obs_writer_pause(struct obs_writer *w) WUR;
enum status store_obs_writer_finish(struct obs_writer *w, size_t n_rows, size_t n_new, size_t n_revised,
				    size_t n_unchanged, long long *batch_id) WUR;

/* Current values: for every cell of indicator (NULL = all) and region (NULL = all), its newest
 * revision visible in view. Ordered by indicator, region, period_t. */
enum status store_obs_current(struct store *s, struct arena *a, const char *indicator, const char *region,
			      enum obs_view view, struct obs **rows, size_t *n) WUR;
/* The same for every indicator and region, of the periods whose time (period_time: their end)
 * is at most max_t: a reader of the values up to a period reads no later one. */
enum status store_obs_current_until(struct store *s, struct arena *a, double max_t, enum obs_view view, struct obs **rows,
				    size_t *n) WUR;

/* Every revision of the cells of indicator (region and period NULL = all), oldest first per cell. */
enum status store_obs_history(struct store *s, struct arena *a, const char *indicator, const char *region,
			      const char *period, struct obs **rows, size_t *n) WUR;
/* The same revisions in the same order (those of *status only, when status is not NULL), one at
 * a time to fn (o and its texts valid for the call) until fn returns 0: memory stays flat however
 * many there are (the database sorts them, on disk when it must). ST_OK, or ST_STORE. */
enum status store_obs_each(struct store *s, const char *indicator, const char *region, const char *period,
			   const enum obs_status *status, int (*fn)(void *ctx, const struct obs *o), void *ctx) WUR;

/* Whether the code is registered (defined by some plan version). */
enum status store_code_exists(struct store *s, const char *table_kind, const char *code, int *exists) WUR;

/* One revision by id. ST_NOT_FOUND when absent. */
enum status store_obs_get(struct store *s, struct arena *a, long long id, struct obs **out) WUR;
/* Move the cell of revision id to status `to` by writing a new revision (same value, the new
 * status, reason) — only when id is still the cell's newest revision (else ST_CONFLICT) and
 * the move is allowed from its status (obs_transition_allowed; else ST_CONFLICT). The new
 * revision goes to *out (in a). */
enum status store_obs_transition(struct store *s, struct arena *a, long long id, enum obs_status to, const char *reason,
				 struct obs **out) WUR;
/* The newest revision of every cell whose newest revision has status st (a status that waits
 * for someone: OBS_PUBLISHED gives none), oldest first: limit of them (0: all) from the
 * offset-th on; *total (may be NULL) gets how many there are in all. */
enum status store_obs_with_status(struct store *s, struct arena *a, enum obs_status st, size_t offset, size_t limit,
				  struct obs **rows, size_t *n, size_t *total) WUR;

/* ---- registries (microdata) ----------------------------------------------------------------- */

struct reg_batch {
	const char *who;
	const char *source_file, *file_sha256, *sheet, *encoding; /* NULL when not from a file */
	int is_dry_run;  /* work out what would change, write nothing */
};
enum reg_outcome { REG_UNCHANGED, REG_NEW, REG_REVISED, REG_DUPLICATE };
struct reg_write_result {
	size_t n_new, n_revised, n_unchanged;
	unsigned char *outcome; /* enum reg_outcome per record, in the caller's arena */
	long long batch_id;     /* 0 on a dry run or when nothing changed */
};
/* Write registry records of kind (recs[i].key set by reg_record_key, keys distinct) in one
 * transaction: a key not stored yet becomes revision 1, a stored key whose newest revision holds
 * other values a new revision, an identical one nothing. Sets every recs[i].revision. When
 * anything changes: an import batch row and one audit event ("registry.import"). ST_INVALID
 * when a record breaks a constraint (unknown region, bad value), ST_CONFLICT / ST_STORE
 * otherwise; nothing is written on any failure. */
enum status store_registry_write(struct store *s, struct arena *a, enum reg_kind kind, const struct reg_batch *batch,
				 struct reg_record *recs, size_t n, struct reg_write_result *res) WUR;
/* Registry records written inside the caller's transaction (store_tx_begin), for an import
 * that streams its file: open a writer (it opens the import batch), put each record, flush,
 * finish (it closes the batch with its counts and writes the one audit event), commit. Records
 * are decided and written a batch of a few hundred at a time (a constant: memory stays bounded),
 * with a few statements per batch rather than one per record; each record's outcome reaches fn
 * (may be NULL), in the order the records were put, when its batch is written. Its statements
 * are prepared once, in arena a. */
struct reg_writer;
struct reg_put {
	const struct reg_record *rec;    /* the record with its revision set: the writer's copy, valid
					    during the call */
	long line;                       /* as put */
	size_t tag;                      /* as put */
	enum reg_outcome outcome;
	const struct reg_record *before; /* REG_REVISED: the revision it replaced (valid during the
					    call); else NULL */
	long dup_line;                   /* REG_DUPLICATE: the line the key was written from (0 when
					    unknown) */
	size_t n_dup_before;             /* duplicates among the records put before this one */
};
/* A status other than ST_OK stops the writer: it is returned by the put or flush that called. */
typedef enum status (*reg_put_fn)(void *ctx, const struct reg_put *p);
enum status store_registry_writer_open(struct store *s, struct arena *a, enum reg_kind kind, const struct reg_batch *batch,
				       reg_put_fn fn, void *ctx, struct reg_writer **out) WUR;
/* Put rec (its key set by reg_record_key; copied, so the caller may reuse it at once) read from
 * line of the file; tag is any number, handed back with the outcome. When its batch is written:
 * a new key becomes revision 1, a key whose newest revision holds other values a new revision,
 * an identical one nothing; REG_DUPLICATE (nothing written) when this writer wrote the key
 * already. A put that fills the batch writes it: then ST_INVALID when a record breaks a
 * constraint, ST_CONFLICT, ST_STORE, or fn's status; after a failure every call returns it. */
enum status store_registry_put(struct reg_writer *w, const struct reg_record *rec, long line, size_t tag) WUR;
/* Decide and write the records put since the last batch (fn called for each). As the put. */
enum status store_registry_writer_flush(struct reg_writer *w) WUR;
/* From now until the next flush, write each full batch on a thread of the writer's own while
 * the caller puts the next (at most seven batches ahead): the same statements in the same order,
 * so the same rows, ids and audit record. Meanwhile the caller must not use the store, and fn
 * is called on the writer's thread, in order, for every outcome but REG_DUPLICATE, which it is
 * called for on the caller's thread, in order, from a later put or the flush (n_dup_before
 * counts the duplicates before it, so the caller can place them as if each was found at once).
 * ST_OK also when no thread could be started (then nothing changes). */
enum status store_registry_writer_pipe(struct reg_writer *w) WUR;
/* Counts of the records decided so far (after a flush: all put). */
void store_registry_writer_counts(const struct reg_writer *w, size_t *n_new, size_t *n_revised, size_t *n_unchanged);
/* Flush, close the batch (n_rows: the file's records) and write its audit event; *batch_id gets its id,
 * or 0 when nothing was written (then there is no batch). The transaction stays open. */
enum status store_registry_writer_finish(struct reg_writer *w, size_t n_rows, long long *batch_id) WUR;

/* A page of kind's current records in key order (region left -1, as below): those whose region
 * is one of regions[0..n_regions) (regions NULL: any region; not NULL and n_regions 0: none),
 * limit of them (0: none, only the count) from the offset-th; *total (may be NULL) how many
 * there are in all. At most STORE_REGISTRY_MAX_REGIONS regions. */
#define STORE_REGISTRY_MAX_REGIONS 4096
enum status store_registry_page(struct store *s, struct arena *a, enum reg_kind kind, const char *const *regions,
				size_t n_regions, size_t offset, size_t limit, struct reg_record **rows, size_t *n,
				size_t *total) WUR;
/* The newest revision of every record of kind, in key order (region left -1: the caller
 * resolves it against its plan). */
enum status store_registry_current(struct store *s, struct arena *a, enum reg_kind kind, struct reg_record **rows,
				   size_t *n) WUR;

/* Call fn for the current revision of every record of kind, in store order, with row filled:
 * the fields in field_mask (bit (uint64_t)1 << f for field f), the region field and every date and year field
 * always; numbers exactly as stored; dates as yyyymmdd (their text NULL); other texts borrowed
 * for the call; row->region what region(ctx, text of the region field or NULL) answered (the
 * caller resolves the code against its plan; asked once per distinct code and chunk of the
 * columns, so it must answer the same for the same code), or -1 when region is NULL.
 * Only the fields asked for are read: a scan of millions of records reads what derived
 * indicators need. On SQLite the records are read from the registries' columnar copy
 * (0017_registry_columns.sql) when it covers the fields, built from the rows first when it does
 * not hold every row and a transaction is open. fn's status other than ST_OK stops the scan and
 * is returned; else ST_OK or ST_STORE. */
typedef enum status (*reg_row_fn)(void *ctx, struct reg_row *row);
typedef int (*reg_region_fn)(void *ctx, const char *code);
enum status store_registry_scan(struct store *s, enum reg_kind kind, uint64_t field_mask, reg_region_fn region, reg_row_fn fn,
				void *ctx) WUR;
/* store_registry_scan in n_ctxs parts (1 or 2) that may run at once: each record goes to
 * region(ctxs[p], ...) and fn(ctxs[p], row) of one part p, the parts on threads of their own
 * (so fn and region may write only what their own context owns, and read nothing another part
 * writes). Read from the rows, every record goes to ctxs[0]. */
enum status store_registry_scan_parts(struct store *s, enum reg_kind kind, uint64_t field_mask, reg_region_fn region,
				      reg_row_fn fn, size_t n_ctxs, void *const *ctxs) WUR;
/* store_registry_scan from the rows always: what the columns must equal (tests). */
enum status store_registry_scan_rows(struct store *s, enum reg_kind kind, uint64_t field_mask, reg_region_fn region,
				     reg_row_fn fn, void *ctx) WUR;
/* Build the columnar copy of kind again from its rows, inside the open transaction (nothing on
 * PostgreSQL). ST_OK or ST_STORE. */
enum status store_registry_columns_build(struct store *s, enum reg_kind kind) WUR;
/* 1 when the columnar copy of kind is kept and holds every row (a scan reads it without building
 * it first), 0 when not, -1 on a failure. */
int store_registry_columns_ready(struct store *s, enum reg_kind kind);
/* How many records of kind there are (current revisions), without reading them. */
enum status store_registry_count(struct store *s, enum reg_kind kind, size_t *n) WUR;
/* The earliest and latest year the date and year fields of the current records of kind
 * mention: 1 with *lo, *hi; 0 when there are none (or none has a date). -1 on a store failure. */
int store_registry_year_span(struct store *s, enum reg_kind kind, int *lo, int *hi);
/* The same from the rows always (tests). */
int store_registry_year_span_rows(struct store *s, enum reg_kind kind, int *lo, int *hi);

/* ---- derived indicators' totals (0013_derived_totals.sql) ----------------------------------- */

/* What an indicator's totals were computed for. */
struct derived_state {
	const char *indicator, *definition, *tree;
	int first_year, last_year, max_year, hi_year;
};
/* The state of indicator into *out (strings in a): ST_OK, ST_NOT_FOUND, ST_STORE. */
enum status store_derived_state(struct store *s, struct arena *a, const char *indicator, struct derived_state *out) WUR;
/* Write (insert or replace) the state. */
enum status store_derived_state_put(struct store *s, const struct derived_state *st) WUR;
/* The regions that have totals for indicator (codes in a). */
enum status store_derived_regions(struct store *s, struct arena *a, const char *indicator, const char ***codes,
				  size_t *n) WUR;
/* Drop every total of indicator (before writing them all again). */
enum status store_derived_clear(struct store *s, const char *indicator) WUR;
/* Totals of indicator for region and year: totals[leaf] for leaf < n_leaves, 0 where there is
 * no row. */
enum status store_derived_get(struct store *s, const char *indicator, const char *region, int year, size_t n_leaves,
			      int64_t *totals) WUR;
/* Set the totals of indicator, region and year (every leaf < n_leaves). */
enum status store_derived_set(struct store *s, const char *indicator, const char *region, int year, size_t n_leaves,
			      const int64_t *totals) WUR;

/* ---- uploads ------------------------------------------------------------------------------- */

struct upload {
	long long id, user_id, batch_id;
	const char *created_at, *created_by, *file_name, *sheet, *encoding, *sha256, *committed_at;
	const void *content;
	size_t content_len;
};
enum status store_upload_add(struct store *s, const struct upload *u, long long *id) WUR;
enum status store_upload_get(struct store *s, struct arena *a, long long id, struct upload **out) WUR;
/* Mark an upload committed with its batch (for an import that wrote nothing). */
enum status store_upload_committed(struct store *s, long long id, long long batch_id) WUR;
/* The next store_obs_write on this connection also marks upload id committed, in the same
 * transaction as the rows it writes (so a crash leaves both or neither; an upload committed
 * already makes it write nothing, ST_CONFLICT). Cleared by that write; 0 clears it. */
void store_upload_commit_next(struct store *s, long long id);
/* Drop upload id (its owner cancelled the preview): audited "import.cancel". ST_CONFLICT when
 * it was committed (or dropped) meanwhile: a committed upload stays as the record of its batch. */
enum status store_upload_cancel(struct store *s, long long id) WUR;

/* ---- users, sessions, tokens --------------------------------------------------------------- */

struct user {
	long long id;
	const char *name, *display_name;
	enum role role;
	const char *unit, *region;   /* unit / region reporters only */
	int must_change_password, is_disabled;
	const char *created_at;
};

/* Add a user with an already-hashed password. ST_CONFLICT when the name is taken, ST_INVALID
 * when the unit or region is unknown or does not fit the role. */
enum status store_user_add(struct store *s, const struct user *u, const char *password_hash, long long *id) WUR;
/* A user by name (password_hash may be NULL when not wanted). ST_NOT_FOUND when absent. */
enum status store_user_get(struct store *s, struct arena *a, const char *name, struct user **out,
			   const char **password_hash) WUR;
enum status store_user_list(struct store *s, struct arena *a, struct user **rows, size_t *n) WUR;
enum status store_user_count(struct store *s, long long *n) WUR;
/* Replace the password hash; must_change sets the one-time flag. Revokes the user's sessions
 * except keep_session_hash (NULL: all). */
enum status store_user_set_password(struct store *s, const char *name, const char *password_hash, int must_change,
				    const char *keep_session_hash) WUR;
enum status store_user_set_role(struct store *s, const char *name, enum role role, const char *unit,
				const char *region) WUR;
/* Disable (or enable) a user; disabling revokes every session and token of theirs. */
enum status store_user_set_disabled(struct store *s, const char *name, int is_disabled) WUR;

struct session_info {
	struct user user;
	const char *csrf_token;
	const char *expires_at;
};
enum status store_session_create(struct store *s, const char *token_hash, long long user_id, const char *csrf_token,
				 const char *expires_at, const char *ip) WUR;
/* The live session with token_hash: not revoked, not past expires_at, seen within idle_seconds,
 * its user enabled. Refreshes last_seen_at. ST_NOT_FOUND otherwise. */
enum status store_session_get(struct store *s, struct arena *a, const char *token_hash, long long idle_seconds,
			      struct session_info *out) WUR;
enum status store_session_revoke(struct store *s, const char *token_hash) WUR;

struct api_token {
	long long id;
	const char *user, *name, *created_at, *expires_at, *revoked_at, *last_used_at;
};
enum status store_token_create(struct store *s, long long user_id, const char *name, const char *token_hash,
			       const char *expires_at, long long *id) WUR;
/* The user of a live token (not revoked, not expired, user enabled). ST_NOT_FOUND otherwise. */
enum status store_token_user(struct store *s, struct arena *a, const char *token_hash, struct user *out) WUR;
enum status store_token_list(struct store *s, struct arena *a, struct api_token **rows, size_t *n) WUR;
enum status store_token_revoke(struct store *s, long long id) WUR;

/* Record a sign-in attempt; count failures since `since` (UTC text) for name and for ip. */
enum status store_signin_record(struct store *s, const char *name, const char *ip, int ok) WUR;
enum status store_signin_failures(struct store *s, const char *name, const char *ip, const char *since,
				  long long *by_name, long long *by_ip) WUR;

/* ---- audit trail --------------------------------------------------------------------------- */

struct audit_event {
	long long id;
	const char *at, *actor, *ip, *action, *object_type, *object_id, *before_json, *after_json;
	const char *prev_hash, *hash;
	long long actor_id;
};

struct audit_filter {
	const char *actor, *action, *object_type, *object_id, *since, *until; /* NULL = any */
	long long before_id;   /* 0 = newest first from the end */
	int limit;             /* at most this many, newest first */
};

/* Append an event inside the caller's own transaction (store internals) or alone (callers
 * outside the store, e.g. a sign-in): write the event in its own transaction. */
enum status store_audit(struct store *s, const char *action, const char *object_type, const char *object_id,
			const char *before_json, const char *after_json) WUR;
enum status store_audit_list(struct store *s, struct arena *a, const struct audit_filter *f,
			     struct audit_event **rows, size_t *n) WUR;
/* Recompute the chain. *first_bad = 0 when intact, else the id of the first event whose hash or
 * link does not match; *head gets the newest hash (record it elsewhere to pin the tail). */
enum status store_audit_verify(struct store *s, struct arena *a, long long *n_events, long long *first_bad,
			       const char **head, const char **why) WUR;

/* ---- backup -------------------------------------------------------------------------------- */

/* Copy the whole store, consistent as of one moment, to the new SQLite file dest_path while
 * other connections go on reading and writing (SQLite: its online backup API, a writer holding
 * the lock is waited for; PostgreSQL: store_copy from a read-only snapshot). Writes dest_path.tmp and renames it into place, so dest_path is either absent
 * or complete. ST_CONFLICT when dest_path exists and is not empty (nothing is overwritten),
 * ST_IO when the destination cannot be written, ST_STORE when reading the store fails. */
enum status store_backup(struct store *s, const char *dest_path) WUR;

/* ---- moving a store ------------------------------------------------------------------------- */

/* Copy every row of every table of src (one consistent moment of it) into dst, a store with the
 * same migrations applied and no rows of its own yet (ST_CONFLICT otherwise, nothing written):
 * plans, values with their revisions, users, sessions, supervision, uploads, registries and the
 * audit chain, ids kept, so `audit verify` holds on the copy. One transaction on dst: the copy is
 * complete or absent; *n_rows gets how many rows were copied. ST_INVALID when the two schemas
 * differ, ST_CONFLICT when dst holds data (the reason in store_errmsg(dst)). */
enum status store_copy(struct store *src, struct store *dst, long long *n_rows) WUR;

/* ---- task supervision: milestones, cycles, reports, notices, inbox, webhooks ---------------- */
#include "store/supervise.h"

/* ---- search -------------------------------------------------------------------------------- */

enum search_kind { SEARCH_INDICATOR, SEARCH_MEASURE, SEARCH_UNIT, SEARCH_NOTICE };

/* One thing found: its kind and key (an indicator's or unit's code, a measure's number, a
 * notice's id, as text); the caller shows it from the plan or the notice. */
struct search_hit {
	enum search_kind kind;
	const char *key;
	int is_title;      /* a term is in its name or title, not only in its text */
};

#define SEARCH_QUERY_MAX_BYTES 200
#define SEARCH_MAX_TERMS 8

/* Find q in the indicators, measures and units of the current version of the plan with code
 * plan_code (NULL: the default plan, the one created last), and (has_notices) in 督办 notices (their subject and text; the caller still checks who may
 * see each one). Every whitespace-separated term of q (at most SEARCH_MAX_TERMS) must occur,
 * case-insensitively, as a substring of the item's title or text: an indexed full-text match
 * for terms of three or more characters, a scan of the same rows for shorter ones. At most
 * limit hits in *out (arena a): those with a term in their title first, then the best
 * full-text matches. ST_INVALID for a query without terms, over SEARCH_QUERY_MAX_BYTES or not
 * UTF-8; ST_STORE on failure. */
enum status store_search(struct store *s, struct arena *a, const char *plan_code, const char *q, int has_notices,
			 size_t limit, struct search_hit **out, size_t *n) WUR;

#endif
