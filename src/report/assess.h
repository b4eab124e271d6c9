/* assess.h - progress of every target of a plan, computed from the current values the caller
 * read (app/progress.h reads them for every front end): the series (reported and summed), its
 * assessment, and the JSON of the progress contract (`innomon progress --json`, GET
 * /api/v1/progress). */
#ifndef INNOMON_REPORT_ASSESS_H
#define INNOMON_REPORT_ASSESS_H

#include <jansson.h>

#include "base/status.h"

#include "core/obs.h"
#include "core/plan.h"
#include "core/progress.h"
#include "core/series.h"
#include "core/verdict.h"


/* One target judged (core/verdict.h): series, series and a are j's, copied for brevity. */
struct assess_row {
	int target;              /* index into plan.targets; -1 for a trend row (assess_trend_values) */
	int indicator, region;
	struct series series;
	struct assessment a;
	const char *base_period, *latest_period; /* the periods the base and latest values come from */
	struct judgement j;      /* the verdict and the figure it rests on */
};

/* The as-of time of "now" for judge_target: the end of the last whole month in Asia/Shanghai
 * (clock_now), so a target year is final from the first day of the next year. */
double assess_now_t(void);


/* Assess every target of p from the current values cur[0..n_cur) the caller already holds
 * (ordered by indicator, as store_obs_current returns them; a report passes the values up to
 * its period). Rows in plan order, memory in a. Cannot fail. */
void assess_plan_values(const struct plan *p, const struct obs *cur, size_t n_cur, double as_of_t, struct arena *a,
			struct assess_row **rows, size_t *n);

/* Every indicator of p without any target, followed as a trend (Open SDG method 1, CMP_NONE;
 * judge_trend) in the first region with a value of it, else the plan's whole area: rows with
 * target -1, in indicator order, so no indicator vanishes from progress and reports. cur is
 * ordered by indicator, as for assess_plan_values. */
void assess_trend_values(const struct plan *p, const struct obs *cur, size_t n_cur, double as_of_t, struct arena *a,
			 struct assess_row **rows, size_t *n);

/* The level target t asks the target year's figure to reach, for a chart's target mark: the
 * value of >=, >, <=, <, about, between (its lower bound) and annual>= / annual<=; the implied
 * level of the cagr and change kinds (from a's base-year figure). 0 when the target names no
 * level a single figure is held to (cumulative sums, keep-or-improve, rising, qualitative, no
 * target, or an implied level without a base). *is_path: the straight path from the base to
 * that level is the required one (not for between and the annual kinds). */
int assess_target_level(const struct target *t, const struct assessment *a, double *level, int *is_path);

/* One object of the progress JSON contract (caller owns the reference). */
json_t *assess_row_json(const struct plan *p, const struct assess_row *r);

/* Headline targets of rows by verdict, every verdict name a key in enum order: {"met": n,
 * "not_met": n, "provisional_met": n, "provisional_not_met": n, "no_final": n, "on_track": n,
 * "off_track": n, "not_assessed": n} (caller owns the reference). The one summary that the
 * dashboard, the API, the CLI and every report format show. */
json_t *assess_summary_json(const struct plan *p, const struct assess_row *rows, size_t n);
/* The final evaluation as JSON (`innomon progress --json --final`, GET /api/v1/progress?final=1):
 * {"plan", "n_targets", "n_headline", "summary": assess_summary_json, "targets": [assess_row_json
 * with "is_headline"]}; rows judged at INFINITY. Caller owns the reference. */
json_t *assess_final_json(const struct plan *p, const struct assess_row *rows, size_t n);
/* Trend rows (assess_trend_values) as a JSON array of assess_row_json objects (comparator and target
 * null). Caller owns the reference. */
json_t *assess_trends_json(const struct plan *p, const struct assess_row *rows, size_t n);
/* The same counts into count[VERDICT__COUNT] (headline targets only). */
void assess_count_verdicts(const struct plan *p, const struct assess_row *rows, size_t n, size_t count[VERDICT__COUNT]);

#endif
