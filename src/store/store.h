/* store.h - the one interface to innomon's persistent state. Callers never see SQL: the
 * back end (SQLite now, PostgreSQL later) owns the schema, migrations and transactions.
 * Every write function is one transaction: it happens entirely or not at all.
 * A struct store is one connection: use it from one thread at a time. */
#ifndef INNOMON_STORE_STORE_H
#define INNOMON_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"
#include "core/obs.h"
#include "core/plan.h"

struct store;

/* Open (creating if absent) the store at path and apply pending migrations. On failure *out
 * is still set when a connection exists, so store_errmsg can explain; close it either way. */
enum status store_open(const char *path, struct store **out) WUR;
/* Open an existing store only (ST_NOT_FOUND when path does not exist). */
enum status store_open_existing(const char *path, struct store **out) WUR;
/* Close the connection; NULL allowed. */
void store_close(struct store *s);
/* Message of the last failure on this connection (borrowed until the next call). */
const char *store_errmsg(const struct store *s);
/* Cheap liveness check (one round trip). */
enum status store_ping(struct store *s) WUR;

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
 * user's name (or "cli"). */
enum status store_plan_save(struct store *s, const struct plan *p, const char *who, struct plan_save_result *res) WUR;

/* Read a plan: code NULL means the default plan (the one created last); version 0 means the
 * latest. The plan and its strings live in arena. ST_NOT_FOUND when there is none. */
enum status store_plan_get(struct store *s, struct arena *a, const char *code, int version, struct plan **out) WUR;

struct plan_version_row {
	const char *code, *title_zh, *loaded_at, *loaded_by, *digest;
	int version;
};
/* Every version of every plan, oldest first. */
enum status store_plan_versions(struct store *s, struct arena *a, struct plan_version_row **rows, size_t *n) WUR;

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
};
enum status store_obs_write(struct store *s, const struct obs_batch *batch, const struct obs *rows, size_t n,
			    long long *batch_id) WUR;

/* Current values: for every cell of indicator (NULL = all) and region (NULL = all), its newest
 * revision visible in view. Ordered by indicator, region, period_t. */
enum status store_obs_current(struct store *s, struct arena *a, const char *indicator, const char *region,
			      enum obs_view view, struct obs **rows, size_t *n) WUR;

/* Every revision of the cells of indicator (region and period NULL = all), oldest first per cell. */
enum status store_obs_history(struct store *s, struct arena *a, const char *indicator, const char *region,
			      const char *period, struct obs **rows, size_t *n) WUR;

/* Whether the code is registered (defined by some plan version). */
enum status store_code_exists(struct store *s, const char *table_kind, const char *code, int *exists) WUR;

#endif
