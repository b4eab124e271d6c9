/* progress.c - progress of one series against its target, after ../shared/design/PROGRESS.md
 * and docs/methodology.md: the Open SDG / Statistics Canada growth-rate measure (sdg-build
 * sdg/ProgressMeasure.py), the OKR linear achievement ratio and the 督办 序时进度 check, and the
 * comparator rules for between, about, annual>= / annual<=, keep-or-improve, rising, growth and
 * change against a base year (an implied level, then the growth-rate rule), cumulative sums and
 * ordinal classes (the linear pace ratio) and reviewers' verdicts (qualitative).
 * Every threshold and coefficient is a named constant in the block below; docs/methodology.md
 * names each one. Pure: libc math only, no I/O, no allocation. */
#include <math.h>
#include <string.h>

#include "core/progress.h"
#include "core/series.h"
#include "base/banned.h"

/* ---- Method constants (the only place they are written) ---------------------------------- */

/* Method 2 (target given), thresholds on R = s·d·CAGR_actual / |CAGR_required|:
 * Open SDG sdg-build ProgressMeasure.py get_progress_thresholds(), method 2
 * {'high': 0.95, 'med': 0.6, 'low': 0}. */
#define PROGRESS_RATIO_ON_TRACK 0.95
#define PROGRESS_RATIO_MODERATE 0.60
#define PROGRESS_RATIO_LIMITED 0.0

/* Method 2 score: min(7.1429·R - 4.2857, 5) for R >= 0.6, else max(4.1667·R - 2.5, -5):
 * ProgressMeasure.py get_score(), method 2 (R = 0.6 -> 0, 0.95 -> 2.5, 1.3 -> 5, 0 -> -2.5). */
#define PROGRESS_RATIO_SCORE_SLOPE_HIGH 7.1429
#define PROGRESS_RATIO_SCORE_OFFSET_HIGH 4.2857
#define PROGRESS_RATIO_SCORE_SLOPE_LOW 4.1667
#define PROGRESS_RATIO_SCORE_OFFSET_LOW 2.5

/* Method 1 (no target), thresholds on P = s·d·CAGR_actual: ProgressMeasure.py
 * get_progress_thresholds(), method 1 {'high': 0.015, 'med': 0.005, 'low': 0}, each times the
 * scaling factor C; C = 1 because innomon's indicators carry no natural limit. */
#define PROGRESS_TREND_HIGH 0.015
#define PROGRESS_TREND_MED 0.005
#define PROGRESS_TREND_LOW 0.0
#define PROGRESS_TREND_SCALE_C 1.0

/* Method 1 score: P < 0: max(125·P - 2.5, -5); P >= high: min(500·P/C - 5, 5);
 * med <= P < high: 250·P/C - 1.25; 0 <= P < med: 500·P/C - 2.5 (ProgressMeasure.py get_score(),
 * method 1). */
#define PROGRESS_TREND_SCORE_SLOPE_NEG 125.0
#define PROGRESS_TREND_SCORE_OFFSET_NEG 2.5
#define PROGRESS_TREND_SCORE_SLOPE_HIGH 500.0
#define PROGRESS_TREND_SCORE_OFFSET_HIGH 5.0
#define PROGRESS_TREND_SCORE_SLOPE_MED 250.0
#define PROGRESS_TREND_SCORE_OFFSET_MED 1.25
#define PROGRESS_TREND_SCORE_SLOPE_LOW 500.0
#define PROGRESS_TREND_SCORE_OFFSET_LOW 2.5

/* The score range and the fixed scores. 5 for a met target is Open SDG's ("target achieved"
 * scores 5, ProgressMeasure.py get_score()); the floor -5 is its clamp. Stable (稳中有升 held
 * level) scores 0 and a comparator failure without a growth rate (between above the range,
 * annual>= short, keep-or-improve / rising worse or not met, a final miss without a usable
 * growth rate) scores the floor: innomon's own choice, docs/methodology.md "Scores". */
#define PROGRESS_SCORE_MAX 5.0
#define PROGRESS_SCORE_MIN (-5.0)
#define PROGRESS_SCORE_MET PROGRESS_SCORE_MAX
#define PROGRESS_SCORE_STABLE 0.0
#define PROGRESS_SCORE_FAILED PROGRESS_SCORE_MIN

/* Group score bands: ProgressMeasure.py get_progress_status_from_score()
 * (2.5 <= s <= 5 substantial, 0 <= s < 2.5 moderate, -2.5 <= s < 0 limited, below deterioration). */
#define PROGRESS_GROUP_ON_TRACK 2.5
#define PROGRESS_GROUP_MODERATE 0.0
#define PROGRESS_GROUP_LIMITED (-2.5)

/* A base or target of exactly 0 is replaced by 0.001 so the CAGR exists: ProgressMeasure.py
 * (calculate_progress_value() and __init__). innomon gives it the sign of the series. */
#define PROGRESS_ZERO_SUBSTITUTE 0.001

/* A target derived by arithmetic (about's band, the implied level of the cagr and change kinds)
 * is reached when the figure is within this share of it, so that a figure exactly on the
 * boundary as the plan states it (100 x 1.07^5, 3 + 0.5) is not missed by rounding in the last
 * binary digit. Relative: 1e-9 of the bound, far below any published figure's precision. */
#define PROGRESS_COMPARE_SLACK 1e-9

/* "First whole year >= t": t is rounded up after subtracting this, so a t that is a whole year
 * up to floating-point noise (2026.0000000001) stays that year. PROGRESS.md step 5. */
#define PROGRESS_YEAR_ROUNDING_SLACK 1e-9
/* The years period.h can express (period.c PERIOD_YEAR_MIN / PERIOD_YEAR_MAX): a projected
 * year past the end is reported as "not at this pace"; annual>= years outside are invalid. */
#define PROGRESS_YEAR_MIN 1900
#define PROGRESS_YEAR_MAX 2200

/* ---- Helpers ----------------------------------------------------------------------------- */

/* Compound annual growth rate of a at ta from b at tb: (a / b)^(1 / (ta - tb)) - 1
 * (ProgressMeasure.py growth_calculation()). a and b share a sign, b != 0, ta != tb. */
static double cagr(double a, double b, double ta, double tb)
{
	return pow(a / b, 1.0 / (ta - tb)) - 1.0;
}

static double ratio_score(double r)
{
	if (r >= PROGRESS_RATIO_MODERATE)
		return fmin(PROGRESS_RATIO_SCORE_SLOPE_HIGH * r - PROGRESS_RATIO_SCORE_OFFSET_HIGH,
			    PROGRESS_SCORE_MAX);
	return fmax(PROGRESS_RATIO_SCORE_SLOPE_LOW * r - PROGRESS_RATIO_SCORE_OFFSET_LOW,
		    PROGRESS_SCORE_MIN);
}

static enum progress_status ratio_status(double r)
{
	if (r >= PROGRESS_RATIO_ON_TRACK)
		return PS_ON_TRACK;
	if (r >= PROGRESS_RATIO_MODERATE)
		return PS_NEEDS_ACCELERATION;
	if (r >= PROGRESS_RATIO_LIMITED)
		return PS_LIMITED;
	return PS_DETERIORATING;
}

static double trend_score(double p)
{
	const double c = PROGRESS_TREND_SCALE_C;
	if (p < PROGRESS_TREND_LOW * c)
		return fmax(PROGRESS_TREND_SCORE_SLOPE_NEG * p - PROGRESS_TREND_SCORE_OFFSET_NEG,
			    PROGRESS_SCORE_MIN);
	if (p >= PROGRESS_TREND_HIGH * c)
		return fmin(PROGRESS_TREND_SCORE_SLOPE_HIGH * p / c - PROGRESS_TREND_SCORE_OFFSET_HIGH,
			    PROGRESS_SCORE_MAX);
	if (p >= PROGRESS_TREND_MED * c)
		return PROGRESS_TREND_SCORE_SLOPE_MED * p / c - PROGRESS_TREND_SCORE_OFFSET_MED;
	return PROGRESS_TREND_SCORE_SLOPE_LOW * p / c - PROGRESS_TREND_SCORE_OFFSET_LOW;
}

static enum progress_status trend_status(double p)
{
	const double c = PROGRESS_TREND_SCALE_C;
	if (p >= PROGRESS_TREND_HIGH * c)
		return PS_ON_TRACK;
	if (p >= PROGRESS_TREND_MED * c)
		return PS_NEEDS_ACCELERATION;
	if (p >= PROGRESS_TREND_LOW * c)
		return PS_LIMITED;
	return PS_DETERIORATING;
}

/* The common sign of values that enter a growth rate: +1, -1, or 0 when some are positive and
 * some negative. Zeros fit either sign; all zeros count as positive. */
static int common_sign(const double *v, size_t n)
{
	int has_pos = 0, has_neg = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i] > 0)
			has_pos = 1;
		else if (v[i] < 0)
			has_neg = 1;
	}
	if (has_pos && has_neg)
		return 0;
	return has_neg ? -1 : 1;
}

static double nonzero(double v, int sign)
{
	return v == 0 ? sign * PROGRESS_ZERO_SUBSTITUTE : v;
}

/* The first whole year at or after t = tc + ln(T / xc) / ln(1 + g), or 0 when the pace never
 * gets there (g moves away from T or is 0, xc is 0, or the year is past the range). */
static int year_target_met(double xc, double target, double tc, double g)
{
	if (xc == 0 || !(1.0 + g > 0))
		return 0;
	double q = target / xc;
	if (!(q > 0))
		return 0;
	double lq = log(q), lg = log1p(g);
	if (lg == 0 || lq == 0 || (lq > 0) != (lg > 0))
		return 0;
	double t = tc + lq / lg;
	double year = ceil(t - PROGRESS_YEAR_ROUNDING_SLACK);
	if (!(year <= (double)PROGRESS_YEAR_MAX))
		return 0;
	return (int)year;
}

/* x is on the good side of bound b (sense +1: at or above; -1: at or below), allowing the
 * PROGRESS_COMPARE_SLACK of a derived bound. */
static int reaches(double x, double b, int sense)
{
	double slack = PROGRESS_COMPARE_SLACK * fabs(b);
	return sense > 0 ? x >= b - slack : x <= b + slack;
}

/* The point of year y with the greatest time, NULL when none; with is_year_end only a
 * full-year point (t at the end of y) counts. */
static const struct obs_point *point_of_year(const struct assess_input *in, int y, int is_year_end)
{
	const struct obs_point *pick = NULL;
	for (size_t i = 0; i < in->n_pts; i++) {
		const struct obs_point *pt = &in->pts[i];
		if (pt->year != y || (is_year_end && pt->t < (double)y))
			continue;
		if (!pick || pt->t > pick->t)
			pick = pt;
	}
	return pick;
}

/* ---- The base and the latest value: the span a growth rate is measured over ---------------*/

struct span {
	double x0, t0; /* base value and time */
	double xc, tc; /* latest value and time */
	int has_interval; /* a base and a later latest value: a growth rate can exist */
	const char *no_interval_reason;
};

static int input_is_valid(const struct assess_input *in)
{
	for (size_t i = 0; i < in->n_pts; i++)
		if (!isfinite(in->pts[i].t) || !isfinite(in->pts[i].value))
			return 0;
	if (in->has_base && !isfinite(in->base_value))
		return 0;
	int base_year_ok = in->base_year >= PROGRESS_YEAR_MIN && in->base_year <= PROGRESS_YEAR_MAX;
	switch (in->cmp) {
	case CMP_ANNUAL_GE:
	case CMP_ANNUAL_LE:
	case CMP_CUMULATIVE_GE:
		for (size_t i = 0; i < in->n_pts; i++)
			if (in->pts[i].year < PROGRESS_YEAR_MIN || in->pts[i].year > PROGRESS_YEAR_MAX)
				return 0;
		if (in->cmp == CMP_CUMULATIVE_GE)
			return isfinite(in->target) && in->target > 0;
		return isfinite(in->target);
	case CMP_GE:
	case CMP_GT:
	case CMP_LE:
	case CMP_LT:
		return isfinite(in->target);
	case CMP_BETWEEN:
		return isfinite(in->target) && isfinite(in->target_max) && in->target <= in->target_max;
	case CMP_ABOUT:
		return isfinite(in->target) && isfinite(in->tolerance) && in->tolerance >= 0;
	case CMP_CAGR_GE:
	case CMP_CAGR_LE:
	case CMP_CHANGE_PCT_GE:
	case CMP_CHANGE_PCT_LE:
		/* a fall of 100% or more cannot be: a growth factor must stay positive */
		return isfinite(in->target) && in->target > -100 && base_year_ok;
	case CMP_CHANGE_GE:
	case CMP_CHANGE_LE:
		return isfinite(in->target) && base_year_ok;
	case CMP_QUALITATIVE:
		for (size_t i = 0; i < in->n_pts; i++)
			if (in->pts[i].value != 0 && in->pts[i].value != 1)
				return 0;
		return 1;
	case CMP_NONE:
	case CMP_KEEP_OR_IMPROVE:
	case CMP_RISING:
		return 1;
	case CMP__COUNT:
	default:
		return 0;
	}
}

/* Latest = greatest t; base = the plan's baseline (at t = base_year), else the earliest point. */
static void span_init(const struct assess_input *in, struct span *sr, struct assessment *out)
{
	size_t latest = 0, earliest = 0;
	for (size_t i = 1; i < in->n_pts; i++) {
		if (in->pts[i].t > in->pts[latest].t)
			latest = i;
		if (in->pts[i].t < in->pts[earliest].t)
			earliest = i;
	}
	sr->xc = in->pts[latest].value;
	sr->tc = in->pts[latest].t;
	out->latest_value = sr->xc;
	out->latest_t = sr->tc;
	out->latest_year = in->pts[latest].year;

	size_t n_values = in->n_pts;
	if (in->has_base && in->base_year > 0) {
		sr->x0 = in->base_value;
		sr->t0 = (double)in->base_year;
		out->base_is_plan = 1;
		n_values++;
	} else {
		sr->x0 = in->pts[earliest].value;
		sr->t0 = in->pts[earliest].t;
		out->base_is_plan = 0;
	}
	out->base_value = sr->x0;
	out->base_t = sr->t0;

	sr->has_interval = 0;
	if (n_values < 2)
		sr->no_interval_reason = "single_point";
	else if (!(sr->tc > sr->t0))
		sr->no_interval_reason = "no_value_after_base";
	else
		sr->has_interval = 1;
}

static void set_score(struct assessment *out, double score)
{
	out->has_score = 1;
	out->score = score;
}

static void set_no_status(struct assessment *out, const char *reason)
{
	out->status = PS_NO_STATUS;
	out->reason = reason;
	out->has_score = 0;
	out->score = 0;
}

/* ---- Numeric targets: >=, >, <= and between below its range ------------------------------- */

/* Shown beside the status, never replacing it: the OKR achievement A = (xc - x0) / (T - x0)
 * and the 序时进度 share of time E = (tc - t0) / (tT - t0). */
static void shares(const struct assess_input *in, const struct span *sr, double target, struct assessment *out)
{
	double t_target = (double)in->target_year;
	if (sr->has_interval && target != sr->x0) {
		out->has_achievement = 1;
		out->achievement = (sr->xc - sr->x0) / (target - sr->x0);
	}
	if (sr->has_interval && t_target > sr->t0) {
		out->has_elapsed = 1;
		out->elapsed = (sr->tc - sr->t0) / (t_target - sr->t0);
	}
}

/* The status once the ratio is known, for both rules: met; a final miss with its shortfall
 * d·(T - xc) (scored by R, or the floor without it); no status without an interval, or with
 * why_no_ratio (mixed signs); without a ratio the target equals the base and is not met: the
 * series sits on or past the wrong side of it, no movement reads as R = 0 and any movement
 * (is_moved) as R -> -infinity; else the ratio's band. Then behind schedule when A < E. */
static void settle(const struct span *sr, double target, int d, int is_met, const char *why_no_ratio, int is_moved,
		   struct assessment *out)
{
	if (is_met) {
		out->status = PS_MET;
		set_score(out, PROGRESS_SCORE_MET);
	} else if (out->is_final) {
		out->status = PS_NOT_MET;
		out->has_shortfall = 1;
		out->shortfall = d * (target - sr->xc);
		set_score(out, out->has_ratio ? ratio_score(out->ratio) : PROGRESS_SCORE_FAILED);
	} else if (!sr->has_interval) {
		set_no_status(out, sr->no_interval_reason);
	} else if (why_no_ratio) {
		set_no_status(out, why_no_ratio);
	} else if (!out->has_ratio) {
		out->status = is_moved ? PS_DETERIORATING : PS_LIMITED;
		set_score(out, is_moved ? PROGRESS_SCORE_MIN : ratio_score(0.0));
	} else {
		out->status = ratio_status(out->ratio);
		set_score(out, ratio_score(out->ratio));
	}
	out->behind_schedule = out->has_achievement && out->has_elapsed && out->status != PS_MET &&
			       out->achievement < out->elapsed;
}

/* Judge a series heading for target (in direction d) by the linear pace: the share of the way
 * covered A against the share of the time elapsed E, R = A / E, on the thresholds and scores of
 * the growth-rate rule (docs/methodology.md section 5: ordinal classes, where a growth rate of a
 * class position means nothing, and cumulative sums, which start at 0). with_projection: extend
 * the pace to the target year (cumulative sums). */
static void assess_linear(const struct assess_input *in, const struct span *sr, double target, int d,
			  int is_met, int with_projection, struct assessment *out)
{
	double t_target = (double)in->target_year;
	shares(in, sr, target, out);
	if (out->has_achievement && out->has_elapsed && out->elapsed > 0) {
		out->has_ratio = 1;
		out->ratio = out->achievement / out->elapsed;
	}
	settle(sr, target, d, is_met, NULL, sr->xc != sr->x0, out);
	if (with_projection && sr->has_interval && !out->is_final && sr->tc < t_target) {
		double pace = (sr->xc - sr->x0) / (sr->tc - sr->t0);
		out->has_projection = 1;
		out->projected_value = sr->xc + pace * (t_target - sr->tc);
		if (!is_met && d * pace > 0) {
			double year = ceil(sr->tc + (target - sr->xc) / pace - PROGRESS_YEAR_ROUNDING_SLACK);
			out->projected_year_met = year <= (double)PROGRESS_YEAR_MAX ? (int)year : 0;
		}
	}
}

/* Judge a series heading for target (in direction d) by the growth-rate rule of PROGRESS.md.
 * is_met says whether the latest value already satisfies the comparator. */
static void assess_toward(const struct assess_input *in, const struct span *sr, double target,
			  int d, int is_met, struct assessment *out)
{
	double t_target = (double)in->target_year;
	if (in->is_ordinal) {
		assess_linear(in, sr, target, d, is_met, 0, out);
		return;
	}
	shares(in, sr, target, out);

	double values[3] = {sr->x0, sr->xc, target};
	int sign = common_sign(values, 3);
	double x0 = nonzero(sr->x0, sign), tz = nonzero(target, sign);
	if (sr->has_interval && sign != 0) {
		out->has_cagr = 1;
		out->cagr_actual = cagr(sr->xc, x0, sr->tc, sr->t0);
		if (t_target > sr->t0) {
			out->has_cagr_required = 1;
			out->cagr_required = cagr(tz, x0, t_target, sr->t0);
			if (out->cagr_required != 0) {
				double s = x0 < 0 ? -1.0 : 1.0;
				out->has_ratio = 1;
				out->ratio = s * d * out->cagr_actual / fabs(out->cagr_required);
			}
		}
	}

	settle(sr, target, d, is_met, sign == 0 ? "mixed_sign" : NULL, out->cagr_actual != 0, out);

	if (out->has_cagr && !out->is_final && sr->tc < t_target) {
		out->has_projection = 1;
		out->projected_value = sr->xc * pow(1.0 + out->cagr_actual, t_target - sr->tc);
		if (!is_met)
			out->projected_year_met = year_target_met(sr->xc, tz, sr->tc, out->cagr_actual);
	}
}

static void assess_numeric(const struct assess_input *in, const struct span *sr,
			   struct assessment *out)
{
	int d = cmp_sense(in->cmp);
	int is_met = in->cmp == CMP_GE ? sr->xc >= in->target
		   : in->cmp == CMP_GT ? sr->xc > in->target
		   : in->cmp == CMP_LT ? sr->xc < in->target
				       : sr->xc <= in->target;
	assess_toward(in, sr, in->target, d, is_met, out);
}

/* between a and b: inside is met; below is judged as ">= a"; above is not met (final or not).
 * about T +- tol: the band [T - tol, T + tol] (slack as for any derived bound); below is judged
 * as ">= T - tol", above as "<= T + tol", each heading for the nearer edge. */
static void assess_band(const struct assess_input *in, const struct span *sr,
			struct assessment *out)
{
	int is_about = in->cmp == CMP_ABOUT;
	double lo = is_about ? in->target - in->tolerance : in->target;
	double hi = is_about ? in->target + in->tolerance : in->target_max;
	int is_above = is_about ? !reaches(sr->xc, hi, -1) : sr->xc > hi;
	if (is_above && is_about) {
		assess_toward(in, sr, hi, -1, 0, out);
		return;
	}
	if (is_above) {
		out->status = PS_NOT_MET;
		set_score(out, PROGRESS_SCORE_FAILED);
		if (out->is_final) {
			out->has_shortfall = 1;
			out->shortfall = sr->xc - hi;
		}
		return;
	}
	assess_toward(in, sr, lo, 1, is_about ? reaches(sr->xc, lo, 1) : sr->xc >= lo, out);
}

/* ---- Growth and change against the base year: an implied level, then the >= / <= rule ----- */

static void assess_implied(const struct assess_input *in, struct span *sr, struct assessment *out)
{
	if (!(in->has_base && in->base_year > 0)) {
		/* the base year's full-year figure is the base */
		const struct obs_point *b = point_of_year(in, in->base_year, 1);
		if (!b) {
			set_no_status(out, "no_base");
			return;
		}
		sr->x0 = b->value;
		sr->t0 = b->t;
		out->base_value = sr->x0;
		out->base_t = sr->t0;
		out->base_is_plan = 0;
		sr->has_interval = sr->tc > sr->t0;
		sr->no_interval_reason = "no_value_after_base";
	}
	double x0 = sr->x0, v = in->target, target;
	int is_relative = in->cmp != CMP_CHANGE_GE && in->cmp != CMP_CHANGE_LE;
	if (is_relative && !(x0 > 0)) {
		set_no_status(out, "base_not_positive");
		return;
	}
	if (in->cmp == CMP_CAGR_GE || in->cmp == CMP_CAGR_LE)
		target = x0 * pow(1.0 + v / 100.0, (double)(in->target_year - in->base_year));
	else if (is_relative)
		target = x0 * (1.0 + v / 100.0);
	else
		target = x0 + v;
	out->has_implied_target = 1;
	out->implied_target = target;
	if (!sr->has_interval) {
		/* the base-year figure alone says nothing about a change since the base year */
		set_no_status(out, sr->no_interval_reason);
		return;
	}
	int d = cmp_sense(in->cmp);
	assess_toward(in, sr, target, d, reaches(sr->xc, target, d), out);
}

/* ---- Without a target: Open SDG method 1 -------------------------------------------------- */

static void assess_trend(const struct assess_input *in, const struct span *sr,
			 struct assessment *out)
{
	if (!sr->has_interval) {
		set_no_status(out, sr->no_interval_reason);
		return;
	}
	double values[2] = {sr->x0, sr->xc};
	int sign = common_sign(values, 2);
	if (sign == 0) {
		set_no_status(out, "mixed_sign");
		return;
	}
	double x0 = nonzero(sr->x0, sign);
	double s = x0 < 0 ? -1.0 : 1.0;
	int d = in->dir == DIR_DOWN ? -1 : 1;
	out->has_cagr = 1;
	out->cagr_actual = cagr(sr->xc, x0, sr->tc, sr->t0);
	double p = s * d * out->cagr_actual;
	out->status = trend_status(p);
	set_score(out, trend_score(p));
}

/* ---- Ranks and levels against the baseline: keep-or-improve (保位进位), rising (稳中有升) ---- */

static void assess_vs_base(const struct assess_input *in, const struct span *sr,
			   struct assessment *out)
{
	if (!sr->has_interval) {
		set_no_status(out, sr->no_interval_reason);
		return;
	}
	int d = in->dir == DIR_DOWN ? -1 : 1;
	double gain = d * (sr->xc - sr->x0); /* > 0: better than the baseline */
	int is_met = in->cmp == CMP_KEEP_OR_IMPROVE ? gain >= 0 : gain > 0;
	if (is_met) {
		out->status = PS_MET;
		set_score(out, PROGRESS_SCORE_MET);
	} else if (out->is_final) {
		out->status = PS_NOT_MET;
		out->has_shortfall = 1;
		out->shortfall = -gain;
		set_score(out, PROGRESS_SCORE_FAILED);
	} else if (gain == 0) {
		out->status = PS_STABLE; /* rising only: keep-or-improve is met when equal */
		set_score(out, PROGRESS_SCORE_STABLE);
	} else {
		out->status = PS_DETERIORATING;
		set_score(out, PROGRESS_SCORE_FAILED);
	}
}

/* ---- annual>=: each plan year on its own ------------------------------------------------- */

static void add_year(int *list, size_t *n, int year)
{
	if (*n < PROGRESS_MAX_YEARS_SHORT)
		list[(*n)++] = year;
}

/* annual>= / annual<=: each plan year from the first through the latest year with a value. */
static void assess_annual(const struct assess_input *in, struct assessment *out)
{
	int sense = cmp_sense(in->cmp);
	int first = in->plan_first_year, last = 0, any = 0;
	if (first < PROGRESS_YEAR_MIN) {
		first = in->pts[0].year;
		for (size_t i = 1; i < in->n_pts; i++)
			if (in->pts[i].year < first)
				first = in->pts[i].year;
	}
	for (size_t i = 0; i < in->n_pts; i++) {
		int y = in->pts[i].year;
		if (y < first || y > in->target_year)
			continue;
		if (!any || y > last)
			last = y;
		any = 1;
	}
	if (!any) {
		set_no_status(out, "no_data");
		return;
	}
	for (int y = first; y <= last; y++) {
		const struct obs_point *pick = NULL;
		for (size_t i = 0; i < in->n_pts; i++)
			if (in->pts[i].year == y && (pick == NULL || in->pts[i].t > pick->t))
				pick = &in->pts[i];
		if (pick == NULL)
			add_year(out->years_missing, &out->n_years_missing, y);
		else if (!(sense > 0 ? pick->value >= in->target : pick->value <= in->target))
			add_year(out->years_short, &out->n_years_short, y);
	}
	if (out->n_years_short > 0) {
		out->status = PS_NOT_MET;
		set_score(out, PROGRESS_SCORE_FAILED);
	} else if (out->n_years_missing > 0) {
		set_no_status(out, "years_missing");
	} else {
		out->status = PS_MET;
		set_score(out, PROGRESS_SCORE_MET);
	}
}

/* ---- cumulative>=: the years' values summed over the period --------------------------------*/

/* The sum of each year's value from the first year of the period (the year after base_year,
 * else the plan's first year, else the earliest point's) through the latest year with a value
 * (at most the target year); a year's value is its point with the greatest time (a July
 * year-to-date figure stands until the full-year one comes). A year without a value leaves the
 * sum unknown. Judged by the linear pace from 0 at the end of the year before the first. */
static void assess_cumulative(const struct assess_input *in, struct span *sr, struct assessment *out)
{
	int first = in->base_year > 0 ? in->base_year + 1 : in->plan_first_year;
	if (first < PROGRESS_YEAR_MIN) {
		first = in->pts[0].year;
		for (size_t i = 1; i < in->n_pts; i++)
			if (in->pts[i].year < first)
				first = in->pts[i].year;
	}
	int last = 0;
	for (size_t i = 0; i < in->n_pts; i++) {
		int y = in->pts[i].year;
		if (y >= first && y <= in->target_year && y > last)
			last = y;
	}
	if (last == 0) {
		set_no_status(out, "no_data");
		return;
	}
	double sum = 0;
	const struct obs_point *latest = NULL;
	for (int y = first; y <= last; y++) {
		const struct obs_point *pick = point_of_year(in, y, 0);
		if (!pick) {
			add_year(out->years_missing, &out->n_years_missing, y);
			continue;
		}
		sum += pick->value;
		latest = pick;
	}
	out->latest_value = latest->value;
	out->latest_t = latest->t;
	out->latest_year = latest->year;
	out->is_final = latest->t >= (double)in->target_year;
	if (out->n_years_missing > 0) {
		set_no_status(out, "years_missing");
		return;
	}
	out->has_cumulative = 1;
	out->cumulative = sum;
	sr->x0 = 0;
	sr->t0 = (double)(first - 1);
	sr->xc = sum;
	sr->tc = latest->t;
	sr->has_interval = 1;
	out->base_value = 0;
	out->base_t = sr->t0;
	out->base_is_plan = 1;
	assess_linear(in, sr, in->target, 1, reaches(sum, in->target, 1), 1, out);
}

/* ---- qualitative: a reviewer's verdict (1 met, 0 not met), the latest one counts --------- */

static void assess_qualitative(const struct span *sr, struct assessment *out)
{
	if (sr->xc == 1) {
		out->status = PS_MET;
		set_score(out, PROGRESS_SCORE_MET);
	} else {
		out->status = PS_NOT_MET;
		set_score(out, PROGRESS_SCORE_FAILED);
	}
}

/* ---- Entry points ------------------------------------------------------------------------ */

void progress_assess(const struct assess_input *in, struct assessment *out)
{
	struct span sr;
	memset(out, 0, sizeof(*out));
	out->status = PS_NO_STATUS;
	out->reason = NULL;
	if (!input_is_valid(in)) {
		set_no_status(out, "invalid_value");
		return;
	}
	if (in->n_pts == 0) {
		set_no_status(out, in->cmp == CMP_QUALITATIVE ? "no_review" : "no_data");
		return;
	}
	if (in->cmp != CMP_NONE && in->target_year <= 0) {
		set_no_status(out, "no_target_year");
		return;
	}
	span_init(in, &sr, out);
	/* Final evaluation: a value for the target year (or later) exists; statistics come out
	 * months after a year ends, so before that the growth-rate rule applies (PROGRESS.md 6). */
	out->is_final = in->cmp != CMP_NONE && sr.tc >= (double)in->target_year;

	switch (in->cmp) {
	case CMP_GE:
	case CMP_GT:
	case CMP_LE:
	case CMP_LT:
		assess_numeric(in, &sr, out);
		break;
	case CMP_BETWEEN:
	case CMP_ABOUT:
		assess_band(in, &sr, out);
		break;
	case CMP_ANNUAL_GE:
	case CMP_ANNUAL_LE:
		assess_annual(in, out);
		break;
	case CMP_CAGR_GE:
	case CMP_CAGR_LE:
	case CMP_CHANGE_GE:
	case CMP_CHANGE_LE:
	case CMP_CHANGE_PCT_GE:
	case CMP_CHANGE_PCT_LE:
		assess_implied(in, &sr, out);
		break;
	case CMP_CUMULATIVE_GE:
		assess_cumulative(in, &sr, out);
		break;
	case CMP_QUALITATIVE:
		assess_qualitative(&sr, out);
		break;
	case CMP_KEEP_OR_IMPROVE:
	case CMP_RISING:
		assess_vs_base(in, &sr, out);
		break;
	case CMP_NONE:
	case CMP__COUNT:
	default:
		assess_trend(in, &sr, out);
		break;
	}
}

const char *progress_status_name(enum progress_status st)
{
	switch (st) {
	case PS_MET:
		return "met";
	case PS_NOT_MET:
		return "not_met";
	case PS_ON_TRACK:
		return "on_track";
	case PS_NEEDS_ACCELERATION:
		return "needs_acceleration";
	case PS_LIMITED:
		return "limited";
	case PS_DETERIORATING:
		return "deteriorating";
	case PS_STABLE:
		return "stable";
	case PS_NO_STATUS:
	default:
		return "no_status";
	}
}

double progress_group_score(const double *scores, size_t n)
{
	double sum = 0;
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		sum += scores[i];
	return sum / (double)n;
}

enum progress_status progress_status_of_score(double score)
{
	if (!isfinite(score))
		return PS_NO_STATUS;
	if (score >= PROGRESS_GROUP_ON_TRACK)
		return PS_ON_TRACK;
	if (score >= PROGRESS_GROUP_MODERATE)
		return PS_NEEDS_ACCELERATION;
	if (score >= PROGRESS_GROUP_LIMITED)
		return PS_LIMITED;
	return PS_DETERIORATING;
}

#define PROGRESS_CONSTANT(name) {#name, (name)}

static const struct progress_constant constants[] = {
	PROGRESS_CONSTANT(PROGRESS_RATIO_ON_TRACK),
	PROGRESS_CONSTANT(PROGRESS_RATIO_MODERATE),
	PROGRESS_CONSTANT(PROGRESS_RATIO_LIMITED),
	PROGRESS_CONSTANT(PROGRESS_RATIO_SCORE_SLOPE_HIGH),
	PROGRESS_CONSTANT(PROGRESS_RATIO_SCORE_OFFSET_HIGH),
	PROGRESS_CONSTANT(PROGRESS_RATIO_SCORE_SLOPE_LOW),
	PROGRESS_CONSTANT(PROGRESS_RATIO_SCORE_OFFSET_LOW),
	PROGRESS_CONSTANT(PROGRESS_TREND_HIGH),
	PROGRESS_CONSTANT(PROGRESS_TREND_MED),
	PROGRESS_CONSTANT(PROGRESS_TREND_LOW),
	PROGRESS_CONSTANT(PROGRESS_TREND_SCALE_C),
	PROGRESS_CONSTANT(PROGRESS_TREND_SCORE_SLOPE_NEG),
	PROGRESS_CONSTANT(PROGRESS_TREND_SCORE_OFFSET_NEG),
	PROGRESS_CONSTANT(PROGRESS_TREND_SCORE_SLOPE_HIGH),
	PROGRESS_CONSTANT(PROGRESS_TREND_SCORE_OFFSET_HIGH),
	PROGRESS_CONSTANT(PROGRESS_TREND_SCORE_SLOPE_MED),
	PROGRESS_CONSTANT(PROGRESS_TREND_SCORE_OFFSET_MED),
	PROGRESS_CONSTANT(PROGRESS_TREND_SCORE_SLOPE_LOW),
	PROGRESS_CONSTANT(PROGRESS_TREND_SCORE_OFFSET_LOW),
	PROGRESS_CONSTANT(PROGRESS_SCORE_MAX),
	PROGRESS_CONSTANT(PROGRESS_SCORE_MIN),
	PROGRESS_CONSTANT(PROGRESS_SCORE_MET),
	PROGRESS_CONSTANT(PROGRESS_SCORE_STABLE),
	PROGRESS_CONSTANT(PROGRESS_SCORE_FAILED),
	PROGRESS_CONSTANT(PROGRESS_GROUP_ON_TRACK),
	PROGRESS_CONSTANT(PROGRESS_GROUP_MODERATE),
	PROGRESS_CONSTANT(PROGRESS_GROUP_LIMITED),
	PROGRESS_CONSTANT(PROGRESS_ZERO_SUBSTITUTE),
	PROGRESS_CONSTANT(PROGRESS_COMPARE_SLACK),
	PROGRESS_CONSTANT(PROGRESS_YEAR_ROUNDING_SLACK),
	PROGRESS_CONSTANT(PROGRESS_YEAR_MIN),
	PROGRESS_CONSTANT(PROGRESS_YEAR_MAX),
	PROGRESS_CONSTANT(SERIES_SUM_TOLERANCE),
};

const struct progress_constant *progress_constants(size_t *n)
{
	*n = sizeof(constants) / sizeof(constants[0]);
	return constants;
}
