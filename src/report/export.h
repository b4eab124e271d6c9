/* export.h - open data: the published observations of the store with their provenance, as CSV,
 * JSON or XLSX in one stable layout with SDMX-style names (INDICATOR, REF_AREA, TIME_PERIOD,
 * OBS_VALUE, UNIT_MEASURE, OBS_STATUS ...), documented in docs/data.md ("Stable export
 * layout"). Only published revisions appear: drafts, submitted, returned and approved-but-not-
 * published values never do (store_obs_current with OBS_VIEW_PUBLIC). */
#ifndef INNOMON_REPORT_EXPORT_H
#define INNOMON_REPORT_EXPORT_H

#include "base/arena.h"
#include "base/buf.h"
#include "base/status.h"
#include "core/plan.h"

struct store;

enum export_format { EXPORT_CSV = 0, EXPORT_JSON, EXPORT_XLSX };

/* Parse "csv", "json" or "xlsx"; returns 1 and sets *out on success. */
int export_format_parse(const char *s, enum export_format *out);
/* The media type of a format. */
const char *export_format_mime(enum export_format f);

/* The columns, in order: the stable layout. NULL-terminated, static storage. */
extern const char *const export_columns[];

/* Append every published observation of plan p's indicators and regions (current published
 * revision of each cell, ordered by indicator, region and period) to out in format f, or only
 * those of indicator (a code; NULL: all); names of indicators and regions from p (borrowed). ST_STORE when
 * reading fails, ST_TOO_LARGE when out's cap is reached, ST_IO when the XLSX library fails. */
enum status export_observations(struct store *s, struct arena *a, const struct plan *p, const char *indicator,
				enum export_format f, struct buf *out) WUR;

#endif
