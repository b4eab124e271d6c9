/* assess.h - progress of every target of a plan, computed on read from the stored values:
 * the series (reported and summed), its assessment, and the JSON of the progress contract
 * (`innomon progress --json`, GET /api/v1/progress). */
#ifndef INNOMON_REPORT_ASSESS_H
#define INNOMON_REPORT_ASSESS_H

#include <jansson.h>

#include "base/status.h"

#include "core/obs.h"
#include "core/plan.h"
#include "core/progress.h"
#include "core/series.h"

struct store;

struct assess_row {
	int target;              /* index into plan.targets */
	int indicator, region;
	struct series series;
	struct assessment a;
	const char *base_period, *latest_period; /* the periods the base and latest values come from */
};

/* Assess every target of p (in plan order) from the values visible in view. */
enum status assess_plan(struct store *s, struct arena *a, const struct plan *p, enum obs_view view,
			struct assess_row **rows, size_t *n) WUR;
/* Assess one indicator's targets only (rows for that indicator, plan order). */
enum status assess_indicator(struct store *s, struct arena *a, const struct plan *p, int ind, enum obs_view view,
			     struct assess_row **rows, size_t *n) WUR;

/* Assess every target of p from the current values cur[0..n_cur) the caller already holds
 * (ordered by indicator, as store_obs_current returns them; a report passes the values up to
 * its period). Rows in plan order, memory in a. Cannot fail. */
void assess_plan_values(const struct plan *p, const struct obs *cur, size_t n_cur, struct arena *a,
			struct assess_row **rows, size_t *n);

/* One object of the progress JSON contract (caller owns the reference). */
json_t *assess_row_json(const struct plan *p, const struct assess_row *r);

#endif
