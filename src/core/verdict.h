/* verdict.h - the one place that decides what a target's state is at a date: its series, the
 * running assessment (core/progress.h) and its verdict. Every page, API route, command and
 * report format reads a target's state from judge_target and nothing else.
 *
 * Before the target year has ended (the running phase) the verdict follows the assessment:
 * met, on track, off track (with the finer status and 滞后 in the assessment) or not assessed.
 * Once it has ended (the final phase) only figures up to the end of the target year count:
 *  - the target region's figure for the target year decides: met / not met;
 *  - failing that, a figure that stands in decides provisionally (参考判断), and says which:
 *    the target region's latest figure within the target year (a July stock for a year-end
 *    target), else the figure of the target's declared proxy region (targets.csv
 *    proxy_region, e.g. the three cities' sum for the zone) for the target year or within it;
 *  - failing that, no final verdict (缺终期数据), whatever earlier figures suggest.
 * annual>= / annual<= targets (every year) are missed for good by any year that fell short.
 * Pure: no I/O; memory from the caller's arena. */
#ifndef INNOMON_CORE_VERDICT_H
#define INNOMON_CORE_VERDICT_H

#include <stddef.h>

#include "base/arena.h"
#include "core/obs.h"
#include "core/plan.h"
#include "core/progress.h"
#include "core/series.h"

enum verdict {
	VERDICT_MET = 0,            /* final: the target-year figure meets it; running: already reached */
	VERDICT_NOT_MET,            /* final: the target-year figure misses it, or (annual>=) a year fell short */
	VERDICT_PROVISIONAL_MET,    /* final, on a stand-in figure */
	VERDICT_PROVISIONAL_NOT_MET,/* final, on a stand-in figure */
	VERDICT_NO_FINAL,           /* final: no figure can decide (none, or none that can be judged) */
	VERDICT_ON_TRACK,           /* running: PS_ON_TRACK */
	VERDICT_OFF_TRACK,          /* running: needs acceleration, limited, deteriorating, stable, not met */
	VERDICT_NOT_ASSESSED,       /* running: nothing to judge by */
	VERDICT__COUNT
};

/* What decided a verdict. */
enum verdict_basis {
	VB_NONE = 0,      /* nothing: no final verdict, or a running verdict without data */
	VB_OWN,           /* the target region's own figure: for the target year (final), or its latest (running) */
	VB_SUB_ANNUAL,    /* the target region's latest figure within the target year, before the year's end */
	VB_PROXY,         /* the declared proxy region's figure (for the target year or within it) */
};

/* Why there is no final verdict (VERDICT_NO_FINAL). */
enum verdict_gap {
	VG_NONE = 0,
	VG_NO_FIGURE,       /* no figure up to the end of the target year at all */
	VG_NO_FINAL_FIGURE, /* earlier figures only */
	VG_CANNOT_JUDGE,    /* a target-year figure exists but cannot be judged (e.g. no baseline) */
	VG_YEARS_MISSING,   /* annual>=: years without a figure and none short */
};

struct judgement {
	int target;                  /* index into plan.targets, -1 for a trend (judge_trend) */
	int is_final_phase;          /* the as-of time has reached the end of the target year */
	struct series series;        /* the target region's series (every value given) */
	struct assessment a;         /* the running assessment on that series */
	enum verdict verdict;
	enum verdict_basis basis;
	enum verdict_gap gap;        /* VERDICT_NO_FINAL only */
	/* The figure the verdict rests on (basis != VB_NONE): its region (index into plan.regions),
	 * its series point (period, value, qualifier, the revision when reported). */
	int fig_region;
	const struct series_point *fig;
	struct assessment fig_a;     /* the final assessment that judged fig (final phase) */
};

/* Judge target ti of p at as_of_t (a period_time: the report's period, the current month, or
 * INFINITY for "as at the end of every target year") from the current values in (series_input_of),
 * which hold at least the target's indicator in every region (and, for a formula, its inputs).
 * Memory in a. Cannot fail. */
void judge_target(const struct plan *p, const struct series_input *in, int ti, double as_of_t, struct arena *a,
		  struct judgement *out);

/* Judge indicator ind in region reg, which has no target there: the trend only (Open SDG
 * method 1, CMP_NONE) in out->a.status; the verdict is VERDICT_NOT_ASSESSED (there is no
 * target to judge against), never final. As judge_target otherwise; out->target is -1. */
void judge_trend(const struct plan *p, const struct series_input *in, int ind, int reg, double as_of_t, struct arena *a,
		 struct judgement *out);

/* The input of progress_assess for target t of p over pts[0..n) (borrowed): the one mapping
 * from a target to its assessment (comparator, values, tolerance, baseline, the indicator's
 * direction and scale, the plan's first year). Cannot fail. */
void target_assess_input(const struct plan *p, const struct target *t, const struct obs_point *pts, size_t n,
			 struct assess_input *in);

/* The running verdict a status stands for (met, on track, off track, not assessed). */
enum verdict verdict_of_status(enum progress_status st);

/* Whether v is a final-phase verdict. */
int verdict_is_final(enum verdict v);
/* Whether v rests on a stand-in figure (provisional_met, provisional_not_met). */
int verdict_is_provisional(enum verdict v);

/* Stable machine names: "met", "not_met", "provisional_met", "provisional_not_met", "no_final",
 * "on_track", "off_track", "not_assessed"; "sub_annual", "proxy", "own", "none"; "no_figure",
 * "no_final_figure", "cannot_judge", "years_missing", "none". Static strings. */
const char *verdict_name(enum verdict v);
const char *verdict_basis_name(enum verdict_basis b);
const char *verdict_gap_name(enum verdict_gap g);

/* The final verdicts in the order every summary lists them. */
extern const enum verdict verdict_final_order[5];

#endif
