/* columns.h - the columnar copy of the registries (0017_registry_columns.sql; columns.c), private
 * to store/: the registry writer appends what it writes (registry.c), a full scan of a registry
 * reads the columns when they hold every row and builds them from the rows when not (derived.c). */
#ifndef INNOMON_STORE_COLUMNS_H
#define INNOMON_STORE_COLUMNS_H

#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"
#include "core/registry.h"
#include "store/store.h"

/* Whether the columns of kind are kept on this store and hold every field of field_mask (fields
 * of free text are not kept). Cannot fail. */
int col_covers(const struct store *s, enum reg_kind kind, uint64_t field_mask);

/* Whether the columns of kind hold exactly the table's rows: *is_ready 1 when their state names
 * the current layout and the table's newest row id. ST_OK or ST_STORE. */
enum status col_ready(struct store *s, enum reg_kind kind, int *is_ready) WUR;

struct col_appender;

/* Start appending to the columns of kind inside the open transaction; statements in a. When the
 * columns are not kept (PostgreSQL) or do not hold every row so far (a store from before 0017,
 * rows written without them), *out is NULL and nothing is appended: a later full scan builds
 * them. is_rebuild: drop what the columns hold and start from nothing (the caller then appends
 * every row). ST_OK or ST_STORE. */
enum status col_appender_open(struct store *s, struct arena *a, enum reg_kind kind, int is_rebuild,
			      struct col_appender **out) WUR;
/* The record the registry writer writes (texts as it binds them, num[f] each number and year
 * field it binds, finite, where the field is given) as a scan of its row reads it back, for
 * col_append_row: worked out where the file is read, not on the writer's thread. Texts are
 * borrowed from rec. */
void col_record_row(enum reg_kind kind, const struct reg_record *rec, const double *num, struct reg_row *row);
/* Row id and the record as a scan of the rows reads it (every kept field read), in row-id order. */
enum status col_append_row(struct col_appender *ap, long long id, const struct reg_row *row) WUR;
/* Write what is buffered and the state. ST_OK or ST_STORE. */
enum status col_appender_finish(struct col_appender *ap) WUR;

/* The current records of kind from the columns (col_ready, col_covers): fn called with each,
 * its fields read as store_registry_scan_rows reads them (field_mask, the region, every date
 * and year), row->region from region (asked once per distinct code of a chunk; NULL: -1).
 * n_ctxs contexts (1 or 2): with 2, the chunks a second thread is idle for go to fn(ctxs[1], ...)
 * on it, at the same time as the others go to fn(ctxs[0], ...) (which go where depends on
 * timing: fn must give the same whatever records each context gets). ST_OK, ST_STORE, or fn's
 * status. */
enum status col_scan(struct store *s, enum reg_kind kind, uint64_t field_mask, reg_region_fn region, reg_row_fn fn,
		     size_t n_ctxs, void *const *ctxs) WUR;

/* The earliest and latest year the date and year fields of the current records of kind mention,
 * from the columns (as store_registry_year_span): 1 with *lo, *hi; 0 when none; -1 on a failure. */
int col_year_span(struct store *s, enum reg_kind kind, int *lo, int *hi);

#endif
