/* obs_int.h - what the observations' files of the store share (obs.c: batches, reads,
 * transitions; obs_writer.c: the streamed writer): the columns read, a row read, the INSERT of
 * many revisions and its binding, the audit's state of a revision. Internal to src/store/. */
#ifndef INNOMON_STORE_OBS_INT_H
#define INNOMON_STORE_OBS_INT_H

#include <jansson.h>

#include "store/db.h"
#include "store/store.h"

#define OBS_COLUMNS                                                                              \
	"o.id, o.indicator, o.region, o.period, o.period_t, o.revision, o.value, o.qualifier, o.status," \
	" o.source, o.source_url, o.note, o.unit_given, o.value_given, o.reason, o.created_at,"          \
	" o.created_by, o.batch_id, o.publisher, o.title, o.published"

#define OBS_INSERT_COLS 20
#define OBS_INSERT_HEAD                                                                              \
	"INSERT INTO observations (indicator, region, period, period_t, revision, value, qualifier, status,"  \
	" source, source_url, note, unit_given, value_given, reason, created_at, created_by, batch_id,"      \
	" publisher, title, published) VALUES "
#define OBS_INSERT_ROWS 128u /* rows of one INSERT at most: 2,560 parameters */
#define AUDIT_CELLS_LISTED 200u /* a larger batch is recorded by count and digest */

/* One row of OBS_COLUMNS into elem (a struct obs), texts copied into a (db_collect's reader). */
void obs_read_row(struct arena *a, struct db_stmt *st, void *elem, const void *ctx);
/* Every row of st as revisions in a. */
enum status obs_collect(struct db_stmt *st, struct arena *a, struct obs **rows, size_t *n);
/* Run st, whose rows (OBS_COLUMNS) come in cell order and a cell's revisions oldest first, and
 * keep each cell's last row: *rows in a, *n cells. ST_TOO_LARGE (nothing kept) past max_rows rows
 * read (0: no limit); texts of the rows passed over stay in a. */
enum status obs_collect_newest(struct db_stmt *st, struct arena *a, size_t max_rows, struct obs **rows, size_t *n);
/* A revision's state as the audit records it. */
json_t *obs_state_json(const struct obs *o, int revision, enum obs_status st);
/* Bind revision o (its status and reason as they are) by who at now, in batch bid (0: none), to
 * the parameters after p of an insert, run before any of the texts changes (they are borrowed). */
void obs_bind_insert(struct db_stmt *ins, int p, const struct obs *o, const char *now, const char *who, long long bid);
/* An INSERT of n revisions (OBS_INSERT_HEAD and n rows of parameters), in a. */
const char *obs_insert_rows_sql(struct arena *a, size_t n);

#endif
