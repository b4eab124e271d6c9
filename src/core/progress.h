/* progress.h - progress of one series (indicator x region) against its target, after
 * ../shared/design/PROGRESS.md and docs/methodology.md: achievement, expected share by elapsed
 * time, actual vs required CAGR and their ratio, status, score, projection and the year the
 * target would be met; ranks, between, about, annual>=/<=, keep-or-improve, rising, growth and
 * change against a base year, cumulative sums, ordinal classes and reviewers' verdicts by
 * their own rules (docs/methodology.md sections 3-5).
 * Every threshold is a named constant in progress.c. Pure: no I/O, no allocation. */
#ifndef INNOMON_CORE_PROGRESS_H
#define INNOMON_CORE_PROGRESS_H

#include <stddef.h>

#include "core/plan.h"

enum progress_status {
	PS_NO_STATUS = 0,
	PS_MET,
	PS_NOT_MET,
	PS_ON_TRACK,
	PS_NEEDS_ACCELERATION,
	PS_LIMITED,
	PS_DETERIORATING,
	PS_STABLE,
};

/* One observation on the time axis (period_time), with its calendar year. */
struct obs_point {
	double t;
	double value;
	int year;
};

struct assess_input {
	enum cmp_op cmp;        /* CMP_NONE: no target, the trend measure of PROGRESS.md */
	double target, target_max; /* target_max for CMP_BETWEEN; target: % for cagr and change% */
	double tolerance;       /* CMP_ABOUT: the band is target +- tolerance (>= 0) */
	int target_year;
	enum direction dir;
	int is_ordinal;         /* values are class positions: judged by steps, not growth rates */
	int has_base;           /* the plan's baseline, else the earliest point is the base */
	double base_value;
	int base_year;          /* cagr / change kinds: required; without has_base the series'
	                         * figure for that year is the base */
	int plan_first_year;    /* first year the plan covers (annual kinds: years judged;
	                         * cumulative: the first year summed when there is no base_year) */
	const struct obs_point *pts; /* ascending t, at most one point per t */
	size_t n_pts;
};

#define PROGRESS_MAX_YEARS_SHORT 32

struct assessment {
	enum progress_status status;
	const char *reason;     /* why PS_NO_STATUS, else NULL: "no_data", "single_point",
	                         * "no_value_after_base", "mixed_sign", "years_missing",
	                         * "no_target_year", "invalid_value", "no_base" (cagr / change: no
	                         * figure for the base year), "base_not_positive" (cagr, change%:
	                         * a base of 0 or less), "no_review" (qualitative: no verdict yet)
	                         * (static strings) */
	double base_value, base_t;
	int base_is_plan;       /* 1: the plan's baseline; 0: the earliest value stands in */
	double latest_value, latest_t;
	int latest_year;
	int is_final;           /* a value for the target year (or later) exists: met / not met only */
	int has_ratio;
	double ratio;           /* R = s·d·CAGR_actual / |CAGR_required| */
	int has_cagr;           /* cagr_actual: CAGR(xc at tc, x0 at t0), zeros taken as 0.001 */
	double cagr_actual, cagr_required;
	int has_cagr_required;  /* cagr_required: CAGR(T at tT, x0 at t0); not for CMP_NONE */
	int has_score;
	double score;           /* -5 .. 5 */
	int has_achievement;
	double achievement;     /* (xc - x0) / (T - x0) */
	int has_elapsed;
	double elapsed;         /* (tc - t0) / (tT - t0) */
	int behind_schedule;    /* 1 when achievement < elapsed (only when both exist) */
	int has_projection;
	double projected_value; /* at the target year, at the actual pace */
	int projected_year_met; /* first whole year the target is reached at that pace; 0 = none */
	int has_shortfall;
	double shortfall;       /* final PS_NOT_MET only: how far the latest value is short, >= 0:
	                         * d·(T - xc) for >=, >, <=, <, and the implied target of the cagr
	                         * and change kinds; T - sum for cumulative; the distance to the
	                         * nearer bound for between and about; d·(x0 - xc) for
	                         * keep-or-improve and rising */
	int has_implied_target;
	double implied_target;  /* cagr / change kinds: the level the target year must reach, from
	                         * the base-year figure (x0·(1+v/100)^(tT-t0), x0+v, x0·(1+v/100)) */
	int has_cumulative;
	double cumulative;      /* cumulative>=: the sum of the years' values so far */
	int years_short[PROGRESS_MAX_YEARS_SHORT]; /* annual kinds: years on the wrong side */
	size_t n_years_short;
	int years_missing[PROGRESS_MAX_YEARS_SHORT]; /* annual kinds, cumulative: years without a value */
	size_t n_years_missing;
};

/* Assess one series. Cannot fail: what cannot be judged gets PS_NO_STATUS and a reason. */
void progress_assess(const struct assess_input *in, struct assessment *out);

/* Stable machine name of a status ("met", "not_met", "on_track", "needs_acceleration",
 * "limited", "deteriorating", "stable", "no_status"). */
const char *progress_status_name(enum progress_status st);
/* The mean of scores[0..n) (a goal group's score); 0 when n is 0. */
double progress_group_score(const double *scores, size_t n);
/* The status a group score stands for (PROGRESS.md aggregation bands). */
enum progress_status progress_status_of_score(double score);

/* One named method constant of progress.c (or series.h) with its value, so reports print the
 * thresholds the code applies rather than a copy of them (the methodology annex). */
struct progress_constant {
	const char *name; /* the C name, "PROGRESS_RATIO_ON_TRACK" */
	double value;
};
/* Every method constant, in the order progress.c defines them; *n gets the count. Static
 * storage; cannot fail. */
const struct progress_constant *progress_constants(size_t *n);

#endif
