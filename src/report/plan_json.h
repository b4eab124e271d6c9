/* plan_json.h - the plan as JSON: the contract of `innomon plan show --json` and
 * GET /api/v1/plan (issue 2). Fields may be added later; none may change meaning. */
#ifndef INNOMON_REPORT_PLAN_JSON_H
#define INNOMON_REPORT_PLAN_JSON_H

#include <jansson.h>

#include "core/plan.h"

/* A new JSON object (caller owns the reference) describing p. Cannot fail (aborts on OOM). */
json_t *plan_to_json(const struct plan *p);

/* Shared helpers for other JSON writers: a string or null, and a number or null. */
json_t *json_str_or_null(const char *s);
json_t *json_num_or_null(int is_set, double v);

#endif
