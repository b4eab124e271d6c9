/* plan_json.h - the plan as JSON: the contract of `innomon plan show --json` and
 * GET /api/v1/plan (issue 2). Fields may be added later; none may change meaning. */
#ifndef INNOMON_REPORT_PLAN_JSON_H
#define INNOMON_REPORT_PLAN_JSON_H

#include <jansson.h>

#include "core/obs.h"
#include "core/plan.h"

/* A new JSON object (caller owns the reference) describing p. Cannot fail (aborts on OOM). */
json_t *plan_to_json(const struct plan *p);

/* One revision of a value as JSON, the one shape of `innomon values --json` and the values API:
 * id, indicator, region, period, revision, value, qualifier, status, source (the quote),
 * source_url (the original's address), publisher, title, published, note, reason, created_at,
 * created_by; absent texts are null. A new reference the caller owns. */
json_t *obs_to_json(const struct obs *o);

/* Shared helpers for other JSON writers: a string or null, and a number or null. */
json_t *json_str_or_null(const char *s);
json_t *json_num_or_null(int is_set, double v);

#endif
