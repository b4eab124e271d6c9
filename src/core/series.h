/* series.h - the series of one indicator in one region, built from current values: a point
 * per period, reported directly or (for summing indicators) added up from the sub-regions
 * that sum into the region when every one of them has a value. When both exist they are both
 * kept and a difference beyond SERIES_SUM_TOLERANCE is recorded as a discrepancy. A formula
 * indicator's series also gets a computed point for every period its formula can be evaluated
 * in (core/expr.h), kept beside a reported value of the same period the same way. Pure. */
#ifndef INNOMON_CORE_SERIES_H
#define INNOMON_CORE_SERIES_H

#include <stddef.h>

#include "base/arena.h"
#include "core/obs.h"
#include "core/plan.h"
#include "core/progress.h"

/* Relative difference between a reported total and the sum of its parts that is flagged. */
#define SERIES_SUM_TOLERANCE 0.005

struct series_point {
	const char *period;     /* canonical text */
	double t;               /* period_time */
	int year;
	double value;
	enum obs_qualifier qualifier;
	const struct obs *obs;  /* the reported revision, NULL for a derived sum */
	int is_derived;         /* summed from n_parts sub-regions */
	size_t n_parts;
	int is_formula;         /* computed by the indicator's formula from other indicators */
	int is_continued;       /* the predecessor plan's figure (indicator.continues), for a
	                         * period the indicator has none of its own */
};

/* A reported figure that differs (beyond SERIES_SUM_TOLERANCE) from the one the plan derives:
 * the sum of the region's parts, or (is_formula) the indicator's formula over the figures it
 * reads. summed is that derived figure. */
struct series_discrepancy {
	const char *period;
	double reported, summed;
	int is_formula;
};

struct series {
	int indicator, region;
	struct series_point *pts; /* ascending t */
	size_t n;
	struct series_discrepancy *disc;
	size_t n_disc;
};

/* Build the series of indicator ind in region reg from cur[0..n_cur), the current values of
 * (at least) that indicator, in any order; for an indicator that continues a predecessor's
 * series, that indicator's reported figures of the same region fill the periods it has none of
 * (is_continued: the whole series across plans, as charts and tables show it). Memory from
 * arena. */
void series_build(const struct plan *p, const struct obs *cur, size_t n_cur, int ind, int reg, struct arena *arena,
		  struct series *out);
/* The values series read: cur[0..n), in obs_current_cmp's order (as store_obs_current gives
 * them) when is_sorted: each look-up then narrows to its values by binary search instead of
 * reading all of cur. */
struct series_input {
	const struct obs *cur;
	size_t n;
	int is_sorted;
};
/* cur[0..n) as series input, is_sorted when it is in obs_current_cmp's order (checked: one
 * pass). */
struct series_input series_input_of(const struct obs *cur, size_t n);
/* series_build from in. */
void series_build_from(const struct plan *p, const struct series_input *in, int ind, int reg, struct arena *arena,
		       struct series *out);

/* Keep in s only the points the assessment of target t (of plan p) reads: the indicator's own,
 * and the predecessor's from the base year on (the target's base_year, else the plan's) - so a
 * plan that gives no baseline takes the base-year figure published under the predecessor's
 * code, and earlier years of the predecessor are shown but never judged (docs/methodology.md).
 * With no base year at all, no predecessor figure counts. In place; cannot fail. */
void series_keep_assessed(const struct plan *p, const struct target *t, struct series *s);

/* Whether the series of d reads other indicators' figures (a formula's inputs, the predecessor
 * it continues): a reader that fetches one indicator's values fetches all for it. */
int indicator_reads_others(const struct indicator *d);

/* The points as progress input (t, value, year) in arena. */
struct obs_point *series_points(const struct series *s, struct arena *arena);

#endif
