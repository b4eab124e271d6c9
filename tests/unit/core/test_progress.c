/* test_progress.c - unit tests of core/progress.c: the worked examples of PROGRESS.md and
 * anchors-mission.md, every status boundary, decreasing series and ranks, zero and negative
 * baselines, mixed signs, too few values, the final evaluation, between, annual>=,
 * keep-or-improve, rising, the trend measure without a target, scores and group bands.
 * Expected figures were computed independently (Python, double precision). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/progress.h"
#include "base/banned.h"

/* cmocka 1.1's assert_float_equal converts its arguments to float (about 7 significant digits,
 * and the cast binds to the first operand of an unparenthesised expression), so it is used
 * only for the figures the method documents round to 2 or 3 decimals; everything pinned
 * tighter goes through this double-precision check. */
#define assert_double_near(got, want, tol) double_near_at((got), (want), (tol), __FILE__, __LINE__)
static void double_near_at(double got, double want, double tol, const char *file, int line)
{
	if (!(fabs(got - want) <= tol)) {
		print_error("%.17g != %.17g (tolerance %g)\n", got, want, tol);
		_fail(file, line);
	}
}

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
/* Tolerances: figures quoted with 2 or 3 decimals in the method documents, and our own
 * double-precision expectations. */
#define TOL_2DP 0.005
#define TOL_3DP 0.0005
#define TOL_EXACT 1e-9
/* How far off a threshold the boundary tests step. */
#define STEP 1e-7

static struct obs_point yp(int year, double value)
{
	struct obs_point p = {(double)year, value, year};
	return p;
}

static struct assess_input mk_in(enum cmp_op cmp, double target, int target_year,
				 const struct obs_point *pts, size_t n_pts)
{
	struct assess_input in;
	memset(&in, 0, sizeof(in));
	in.cmp = cmp;
	in.target = target;
	in.target_year = target_year;
	in.dir = cmp == CMP_LE || cmp == CMP_KEEP_OR_IMPROVE || cmp == CMP_RISING ? DIR_DOWN : DIR_UP;
	in.pts = pts;
	in.n_pts = n_pts;
	return in;
}

static void with_base(struct assess_input *in, double value, int year)
{
	in->has_base = 1;
	in->base_value = value;
	in->base_year = year;
}

static struct assessment run(const struct assess_input *in)
{
	struct assessment out;
	memset(&out, 0x5a, sizeof(out)); /* progress_assess must set every field */
	progress_assess(in, &out);
	return out;
}

#define assert_status(out, name) assert_string_equal(progress_status_name((out).status), (name))

static void assert_no_status(const struct assessment *out, const char *reason)
{
	assert_int_equal(out->status, PS_NO_STATUS);
	assert_non_null(out->reason);
	assert_string_equal(out->reason, reason);
	assert_false(out->has_score);
}

/* ---- Worked examples ---------------------------------------------------------------------- */

/* PROGRESS.md: 100 in 2020, target 150 in 2025, 120 in 2023. */
static void test_progress_assess_worked_example(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 120)};
	struct assess_input in = mk_in(CMP_GE, 150, 2025, pts, N_OF(pts));
	with_base(&in, 100, 2020);
	struct assessment out = run(&in);
	assert_status(out, "needs_acceleration");
	assert_null(out.reason);
	assert_int_equal(out.base_is_plan, 1);
	assert_double_near(out.base_value, 100, TOL_EXACT);
	assert_double_near(out.base_t, 2020, TOL_EXACT);
	assert_double_near(out.latest_value, 120, TOL_EXACT);
	assert_double_near(out.latest_t, 2023, TOL_EXACT);
	assert_int_equal(out.latest_year, 2023);
	assert_false(out.is_final);
	assert_true(out.has_cagr);
	assert_true(out.has_cagr_required);
	assert_float_equal(out.cagr_actual, 0.0627, TOL_3DP / 10);   /* 6.27 % */
	assert_float_equal(out.cagr_required, 0.0845, TOL_3DP / 10); /* 8.45 % */
	assert_true(out.has_ratio);
	assert_float_equal(out.ratio, 0.742, TOL_3DP);
	assert_true(out.has_score);
	assert_float_equal(out.score, 1.01, TOL_2DP);
	assert_true(out.has_achievement);
	assert_double_near(out.achievement, 0.40, TOL_EXACT);
	assert_true(out.has_elapsed);
	assert_double_near(out.elapsed, 0.60, TOL_EXACT);
	assert_true(out.behind_schedule);
	assert_true(out.has_projection);
	assert_float_equal(out.projected_value, 135.5, 0.05);
	assert_int_equal(out.projected_year_met, 2027);
	assert_false(out.has_shortfall);
	assert_int_equal(out.n_years_short, 0);
	assert_int_equal(out.n_years_missing, 0);
	/* double-precision pins of the same figures */
	assert_double_near(out.cagr_actual, 0.06265856918261115, TOL_EXACT);
	assert_double_near(out.cagr_required, 0.08447177119769855, TOL_EXACT);
	assert_double_near(out.ratio, 0.741769330679292, TOL_EXACT);
	assert_double_near(out.score, 1.0126841521091139, TOL_EXACT);
	assert_double_near(out.projected_value, 135.5091881588681, 1e-6);
}

/* Without the plan's baseline the earliest value stands in, with the same result. */
static void test_progress_assess_earliest_value_is_base(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2020, 100), yp(2021, 104), yp(2023, 120)};
	struct assess_input in = mk_in(CMP_GE, 150, 2025, pts, N_OF(pts));
	struct assessment out = run(&in);
	assert_status(out, "needs_acceleration");
	assert_int_equal(out.base_is_plan, 0);
	assert_double_near(out.base_value, 100, TOL_EXACT);
	assert_double_near(out.base_t, 2020, TOL_EXACT);
	assert_double_near(out.ratio, 0.741769330679292, TOL_EXACT);
	assert_int_equal(out.projected_year_met, 2027);
}

/* anchors-mission.md C1: energy intensity 10 -> 9.4, target 8.5 (lower is better). */
static void test_progress_assess_negative_direction_example(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 9.4)};
	struct assess_input in = mk_in(CMP_LE, 8.5, 2025, pts, N_OF(pts));
	with_base(&in, 10, 2020);
	struct assessment out = run(&in);
	assert_status(out, "needs_acceleration");
	assert_float_equal(out.cagr_actual, -0.0204, TOL_3DP / 10);
	assert_float_equal(out.cagr_required, -0.0320, TOL_3DP / 10);
	assert_float_equal(out.ratio, 0.638, TOL_3DP);
	assert_float_equal(out.score, 0.27, TOL_2DP);
	assert_double_near(out.ratio, 0.6383088099067652, TOL_EXACT);
	assert_double_near(out.score, 0.273675998283033, TOL_EXACT);
	assert_double_near(out.achievement, 0.6 / 1.5, TOL_EXACT);
	assert_double_near(out.elapsed, 0.6, TOL_EXACT);
	assert_true(out.behind_schedule);
	assert_double_near(out.projected_value, 9.02013607725186, 1e-9);
	assert_int_equal(out.projected_year_met, 2028); /* t = 2027.88 */
}

/* anchors-mission.md C1, no target: 100 -> 103 in three years. */
static void test_progress_assess_no_target_example(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2020, 100), yp(2023, 103)};
	struct assess_input in = mk_in(CMP_NONE, 0, 0, pts, N_OF(pts));
	struct assessment out = run(&in);
	assert_status(out, "needs_acceleration"); /* moderate progress */
	assert_true(out.has_cagr);
	assert_false(out.has_cagr_required);
	assert_false(out.has_ratio);
	assert_float_equal(out.cagr_actual, 0.0099, TOL_3DP / 10);
	assert_double_near(out.cagr_actual, 0.009901634049960917, TOL_EXACT);
	assert_float_equal(out.score, 1.23, TOL_2DP);
	assert_double_near(out.score, 1.2254085124902292, TOL_EXACT);
	assert_false(out.is_final);
	assert_false(out.has_projection);
	assert_false(out.has_achievement);
}

/* ---- Status boundaries on R --------------------------------------------------------------- */

/* The 2025 value that gives ratio r: base 100 in 2020, target >= 200 in 2030. */
static double value_for_ratio_up(double r)
{
	double required = pow(2.0, 0.1) - 1.0;
	return 100.0 * pow(1.0 + r * required, 5.0);
}

/* The same for a decreasing series: base 200 in 2020, target <= 100 in 2030. */
static double value_for_ratio_down(double r)
{
	double required = fabs(pow(0.5, 0.1) - 1.0);
	return 200.0 * pow(1.0 - r * required, 5.0);
}

static struct assessment assess_ratio(double r, int down)
{
	static struct obs_point pts[1];
	pts[0] = yp(2025, down ? value_for_ratio_down(r) : value_for_ratio_up(r));
	struct assess_input in = mk_in(down ? CMP_LE : CMP_GE, down ? 100 : 200, 2030, pts, 1);
	with_base(&in, down ? 200 : 100, 2020);
	struct assessment out = run(&in);
	assert_true(out.has_ratio);
	assert_double_near(out.ratio, r, 1e-10);
	return out;
}

static void check_ratio_boundaries(int down)
{
	struct assessment out;
	out = assess_ratio(0.95 + STEP, down);
	assert_status(out, "on_track");
	out = assess_ratio(0.95 - STEP, down);
	assert_status(out, "needs_acceleration");
	out = assess_ratio(0.60 + STEP, down);
	assert_status(out, "needs_acceleration");
	out = assess_ratio(0.60 - STEP, down);
	assert_status(out, "limited");
	out = assess_ratio(0.0 + STEP, down);
	assert_status(out, "limited");
	out = assess_ratio(0.0 - STEP, down);
	assert_status(out, "deteriorating");
	out = assess_ratio(1.2, down);
	assert_status(out, "on_track");
	out = assess_ratio(-0.5, down);
	assert_status(out, "deteriorating");
}

static void test_progress_assess_ratio_boundaries_up(void **state)
{
	(void)state;
	check_ratio_boundaries(0);
}

static void test_progress_assess_ratio_boundaries_down(void **state)
{
	(void)state;
	check_ratio_boundaries(1);
}

/* R exactly 0 (no movement) is limited progress, not deterioration. */
static void test_progress_assess_ratio_zero_is_limited(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2020, 100), yp(2025, 100)};
	struct assess_input in = mk_in(CMP_GE, 200, 2030, pts, N_OF(pts));
	struct assessment out = run(&in);
	assert_status(out, "limited");
	assert_double_near(out.ratio, 0, TOL_EXACT);
	assert_double_near(out.score, -2.5, TOL_EXACT);
	/* no growth, so no year the target is met */
	assert_true(out.has_projection);
	assert_double_near(out.projected_value, 100, TOL_EXACT);
	assert_int_equal(out.projected_year_met, 0);
}

static void test_progress_assess_score_from_ratio(void **state)
{
	(void)state;
	/* score(R): 0.95 -> 2.5, 0.6 -> 0 from both sides, 0 -> -2.5, clamps at 1.3 and -0.6 */
	assert_double_near(assess_ratio(0.95, 0).score, 7.1429 * 0.95 - 4.2857, 1e-8);
	assert_double_near(assess_ratio(0.95, 0).score, 2.5, 1e-4);
	assert_double_near(assess_ratio(0.60 + STEP, 0).score, 7.1429 * (0.6 + STEP) - 4.2857, 1e-8);
	assert_double_near(assess_ratio(0.60 - STEP, 0).score, 4.1667 * (0.6 - STEP) - 2.5, 1e-8);
	assert_double_near(assess_ratio(0.60 - STEP, 0).score, 0, 1e-4);
	assert_double_near(assess_ratio(0.30, 0).score, 4.1667 * 0.3 - 2.5, 1e-8);
	assert_double_near(assess_ratio(0.0 + STEP, 0).score, -2.5, 1e-6);
	assert_double_near(assess_ratio(-0.3, 0).score, 4.1667 * -0.3 - 2.5, 1e-8);
	assert_double_near(assess_ratio(1.3, 0).score, 5.0, TOL_EXACT);
	assert_double_near(assess_ratio(2.0, 0).score, 5.0, TOL_EXACT);
	assert_double_near(assess_ratio(-0.6, 0).score, -5.0, 1e-3);
	assert_double_near(assess_ratio(-0.9, 0).score, -5.0, TOL_EXACT);
	assert_double_near(assess_ratio(1.1, 1).score, 7.1429 * 1.1 - 4.2857, 1e-8);
}

/* ---- Direction, ranks, zero and negative values ----------------------------------------- */

/* 长沙 rank 15 in 2020, target top ten (<= 10) by 2025. */
static void test_progress_assess_rank_le(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 12)};
	struct assess_input in = mk_in(CMP_LE, 10, 2025, pts, N_OF(pts));
	with_base(&in, 15, 2020);
	struct assessment out = run(&in);
	assert_status(out, "needs_acceleration");
	assert_double_near(out.ratio, 0.9202761749112514, TOL_EXACT);
	assert_double_near(out.score, 2.2877406897735773, TOL_EXACT);
	assert_double_near(out.achievement, 0.6, TOL_EXACT);
	assert_false(out.behind_schedule); /* 0.6 of the way in 0.6 of the time */
	assert_double_near(out.projected_value, 10.341286512153044, 1e-9);
	assert_int_equal(out.projected_year_met, 2026); /* t = 2025.45 */

	pts[0] = yp(2023, 10);
	out = run(&in);
	assert_status(out, "met");
	assert_double_near(out.score, 5, TOL_EXACT);

	pts[0] = yp(2023, 9);
	out = run(&in);
	assert_status(out, "met");

	pts[0] = yp(2023, 16);
	out = run(&in);
	assert_status(out, "deteriorating");
	assert_true(out.ratio < 0);
	assert_int_equal(out.projected_year_met, 0); /* moving away: never */
}

static void test_progress_assess_rank_le_final(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 12), yp(2025, 11)};
	struct assess_input in = mk_in(CMP_LE, 10, 2025, pts, N_OF(pts));
	with_base(&in, 15, 2020);
	struct assessment out = run(&in);
	assert_status(out, "not_met");
	assert_true(out.is_final);
	assert_true(out.has_shortfall);
	assert_double_near(out.shortfall, 1, TOL_EXACT); /* one place short */
	assert_double_near(out.ratio, 0.7721738727791602, TOL_EXACT);
	assert_double_near(out.score, 1.2298607558742631, TOL_EXACT);
	assert_false(out.has_projection);
}

/* A base of 0 is taken as 0.001 for the growth rate; the achievement uses the real 0. */
static void test_progress_assess_zero_base(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 5)};
	struct assess_input in = mk_in(CMP_GE, 10, 2025, pts, N_OF(pts));
	with_base(&in, 0, 2020);
	struct assessment out = run(&in);
	assert_status(out, "on_track");
	assert_double_near(out.base_value, 0, TOL_EXACT);
	assert_double_near(out.cagr_actual, 16.09975946676697, 1e-9);
	assert_double_near(out.cagr_required, 5.309573444801933, 1e-9);
	assert_double_near(out.ratio, 3.032213347105805, 1e-9);
	assert_double_near(out.score, 5, TOL_EXACT);
	assert_double_near(out.achievement, 0.5, TOL_EXACT);
	assert_true(out.behind_schedule); /* the yellow light is shown beside the status */
}

/* A target of 0 (lower is better) is taken as 0.001. */
static void test_progress_assess_zero_target(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 5)};
	struct assess_input in = mk_in(CMP_LE, 0, 2025, pts, N_OF(pts));
	with_base(&in, 10, 2020);
	struct assessment out = run(&in);
	assert_status(out, "limited");
	assert_double_near(out.cagr_required, -0.8415106807538887, 1e-9);
	assert_double_near(out.ratio, 0.24515372024878115, 1e-9);
	assert_double_near(out.score, 4.1667 * 0.24515372024878115 - 2.5, 1e-8);
	assert_double_near(out.achievement, 0.5, TOL_EXACT);

	pts[0] = yp(2023, 0);
	out = run(&in);
	assert_status(out, "met");
}

/* All values negative: s = -1, so growth in magnitude reads as going the wrong way. */
static void test_progress_assess_negative_base(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, -8)};
	struct assess_input in = mk_in(CMP_GE, -5, 2025, pts, N_OF(pts));
	with_base(&in, -10, 2020);
	struct assessment out = run(&in);
	assert_status(out, "limited");
	assert_double_near(out.ratio, 0.5537469694937491, 1e-9);
	assert_double_near(out.score, -0.19270250221039564, 1e-8);
	assert_double_near(out.achievement, 0.4, TOL_EXACT);

	pts[0] = yp(2023, -12);
	out = run(&in);
	assert_status(out, "deteriorating");
	assert_double_near(out.ratio, -0.48403894816434584, 1e-9);
	assert_double_near(out.score, -4.51684508531638, 1e-8);

	pts[0] = yp(2023, -4);
	out = run(&in);
	assert_status(out, "met");
}

/* A zero base with negative later values takes the series' sign (-0.001). */
static void test_progress_assess_zero_base_negative_series(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, -5)};
	struct assess_input in = mk_in(CMP_GE, -1, 2025, pts, N_OF(pts));
	with_base(&in, 0, 2020);
	struct assessment out = run(&in);
	assert_status(out, "deteriorating");
	assert_double_near(out.ratio, -5.400661593236571, 1e-9);
	assert_double_near(out.score, -5, TOL_EXACT);
}

static void test_progress_assess_mixed_sign(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 3)};
	struct assess_input in = mk_in(CMP_GE, 10, 2025, pts, N_OF(pts));
	with_base(&in, -5, 2020);
	struct assessment out = run(&in);
	assert_no_status(&out, "mixed_sign");
	assert_false(out.has_cagr);
	assert_false(out.has_ratio);
	assert_false(out.has_projection);
	/* the descriptive achievement does not need a growth rate */
	assert_true(out.has_achievement);
	assert_double_near(out.achievement, 8.0 / 15.0, TOL_EXACT);

	/* the target's sign counts: 5 -> 3 towards <= -1 */
	struct obs_point pts2[] = {yp(2020, 5), yp(2023, 3)};
	struct assess_input in2 = mk_in(CMP_LE, -1, 2025, pts2, N_OF(pts2));
	out = run(&in2);
	assert_no_status(&out, "mixed_sign");

	/* without a target */
	struct assess_input in3 = mk_in(CMP_NONE, 0, 0, pts2, N_OF(pts2));
	pts2[0] = yp(2020, -5);
	out = run(&in3);
	assert_no_status(&out, "mixed_sign");
}

/* A met target needs no growth rate: mixed signs or one value still read as met. */
static void test_progress_assess_met_without_growth_rate(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 12)};
	struct assess_input in = mk_in(CMP_GE, 10, 2025, pts, N_OF(pts));
	with_base(&in, -5, 2020);
	struct assessment out = run(&in);
	assert_status(out, "met");
	assert_double_near(out.score, 5, TOL_EXACT);
	assert_false(out.has_cagr);

	struct obs_point one[] = {yp(2023, 160)};
	struct assess_input in2 = mk_in(CMP_GE, 150, 2025, one, N_OF(one));
	out = run(&in2);
	assert_status(out, "met");
	assert_int_equal(out.base_is_plan, 0);
	assert_false(out.has_cagr);
	assert_false(out.has_achievement);
}

/* ---- Too few values ---------------------------------------------------------------------- */

static void test_progress_assess_no_data(void **state)
{
	(void)state;
	struct assess_input in = mk_in(CMP_GE, 150, 2025, NULL, 0);
	struct assessment out = run(&in);
	assert_no_status(&out, "no_data");
	with_base(&in, 100, 2020);
	out = run(&in);
	assert_no_status(&out, "no_data");
	in.cmp = CMP_NONE;
	out = run(&in);
	assert_no_status(&out, "no_data");
}

static void test_progress_assess_single_point(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 120)};
	struct assess_input in = mk_in(CMP_GE, 150, 2025, pts, N_OF(pts));
	struct assessment out = run(&in);
	assert_no_status(&out, "single_point");
	assert_double_near(out.latest_value, 120, TOL_EXACT);
	assert_int_equal(out.base_is_plan, 0);
	assert_false(out.has_cagr);
	assert_false(out.has_projection);

	in.cmp = CMP_NONE;
	out = run(&in);
	assert_no_status(&out, "single_point");

	/* with the plan's baseline the one value makes two */
	in.cmp = CMP_GE;
	with_base(&in, 100, 2020);
	out = run(&in);
	assert_status(out, "needs_acceleration");
}

/* The plan's baseline and a value for the base year itself: no interval to grow over. */
static void test_progress_assess_no_value_after_base(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2019, 95), yp(2020, 100)};
	struct assess_input in = mk_in(CMP_GE, 150, 2025, pts, N_OF(pts));
	with_base(&in, 100, 2020);
	struct assessment out = run(&in);
	assert_no_status(&out, "no_value_after_base");
	assert_double_near(out.latest_t, 2020, TOL_EXACT);
}

/* A baseline value without a year cannot be placed in time: the earliest value stands in. */
static void test_progress_assess_base_without_year(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2020, 100), yp(2023, 120)};
	struct assess_input in = mk_in(CMP_GE, 150, 2025, pts, N_OF(pts));
	with_base(&in, 90, 0);
	struct assessment out = run(&in);
	assert_int_equal(out.base_is_plan, 0);
	assert_double_near(out.base_value, 100, TOL_EXACT);
	assert_double_near(out.ratio, 0.741769330679292, TOL_EXACT);
}

/* ---- Target met, final evaluation -------------------------------------------------------- */

static void test_progress_assess_target_already_met(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 160)};
	struct assess_input in = mk_in(CMP_GE, 150, 2025, pts, N_OF(pts));
	with_base(&in, 100, 2020);
	struct assessment out = run(&in);
	assert_status(out, "met");
	assert_false(out.is_final);
	assert_double_near(out.score, 5, TOL_EXACT);
	assert_double_near(out.ratio, 2.0078553211367667, 1e-9);
	assert_double_near(out.achievement, 1.2, TOL_EXACT);
	assert_false(out.behind_schedule);
	assert_true(out.has_projection);
	assert_double_near(out.projected_value, 218.87692117461725, 1e-6);
	assert_int_equal(out.projected_year_met, 0);
	assert_false(out.has_shortfall);

	/* >= is met exactly at the target */
	pts[0] = yp(2023, 150);
	out = run(&in);
	assert_status(out, "met");
}

/* > is strict: the target value itself is not enough. */
static void test_progress_assess_gt_strict(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 150)};
	struct assess_input in = mk_in(CMP_GT, 150, 2025, pts, N_OF(pts));
	with_base(&in, 100, 2020);
	struct assessment out = run(&in);
	assert_status(out, "on_track");
	assert_double_near(out.ratio, 1.7131669018119824, 1e-9); /* ahead of the required pace */

	pts[0] = yp(2023, 150.0001);
	out = run(&in);
	assert_status(out, "met");

	pts[0] = yp(2025, 150);
	out = run(&in);
	assert_status(out, "not_met");
	assert_true(out.has_shortfall);
	assert_double_near(out.shortfall, 0, TOL_EXACT);
}

static void test_progress_assess_final_met(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 120), yp(2025, 151)};
	struct assess_input in = mk_in(CMP_GE, 150, 2025, pts, N_OF(pts));
	with_base(&in, 100, 2020);
	struct assessment out = run(&in);
	assert_status(out, "met");
	assert_true(out.is_final);
	assert_double_near(out.score, 5, TOL_EXACT);
	assert_false(out.has_shortfall);
	assert_false(out.has_projection);
	assert_double_near(out.elapsed, 1.0, TOL_EXACT);
}

static void test_progress_assess_final_not_met(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 120), yp(2025, 140)};
	struct assess_input in = mk_in(CMP_GE, 150, 2025, pts, N_OF(pts));
	with_base(&in, 100, 2020);
	struct assessment out = run(&in);
	assert_status(out, "not_met");
	assert_true(out.is_final);
	assert_true(out.has_shortfall);
	assert_double_near(out.shortfall, 10, TOL_EXACT);
	assert_double_near(out.ratio, 0.8240667235703154, TOL_EXACT);
	assert_double_near(out.score, 1.600526199790406, 1e-8);
	assert_double_near(out.achievement, 0.8, TOL_EXACT);
	assert_true(out.behind_schedule);
	assert_false(out.has_projection);
	assert_int_equal(out.projected_year_met, 0);
}

/* Once the target year's value exists there is no "on track", however close. */
static void test_progress_assess_final_has_no_growth_status(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2020, 100), yp(2025, 149.9)};
	struct assess_input in = mk_in(CMP_GE, 150, 2025, pts, N_OF(pts));
	struct assessment out = run(&in);
	assert_status(out, "not_met");
	assert_double_near(out.ratio, 0.9982877734355992, 1e-9);
	assert_double_near(out.score, 2.844969736873141, 1e-8);
	assert_double_near(out.shortfall, 0.1, 1e-9);

	/* a later year than the target year is final too */
	struct obs_point later[] = {yp(2023, 120), yp(2026, 145)};
	in = mk_in(CMP_GE, 150, 2025, later, N_OF(later));
	with_base(&in, 100, 2020);
	out = run(&in);
	assert_status(out, "not_met");
	assert_true(out.is_final);
	assert_double_near(out.shortfall, 5, TOL_EXACT);
	assert_double_near(out.ratio, 0.7562876139970024, 1e-9);
	assert_double_near(out.score, 1.116386798019188, 1e-8);
}

/* A snapshot inside the target year (2025Q3 sits at t = 2024.75) is not yet final. */
static void test_progress_assess_snapshot_in_target_year_not_final(void **state)
{
	(void)state;
	struct obs_point pts[] = {{2024.75, 140, 2025}};
	struct assess_input in = mk_in(CMP_GE, 150, 2025, pts, N_OF(pts));
	with_base(&in, 100, 2020);
	struct assessment out = run(&in);
	assert_false(out.is_final);
	assert_status(out, "needs_acceleration");
	assert_double_near(out.ratio, 0.8689938827491895, 1e-9);
	assert_double_near(out.score, 1.9214364050891861, 1e-8);
	assert_int_equal(out.latest_year, 2025);
}

/* Fractional times: a third-quarter value (t = 2023.75) against a year baseline. */
static void test_progress_assess_fractional_time(void **state)
{
	(void)state;
	struct obs_point pts[] = {{2023.75, 120, 2024}};
	struct assess_input in = mk_in(CMP_GE, 150, 2025, pts, N_OF(pts));
	with_base(&in, 100, 2020);
	struct assessment out = run(&in);
	assert_status(out, "limited");
	assert_double_near(out.cagr_actual, 0.04982037888984325, 1e-12);
	assert_double_near(out.ratio, 0.5897873121808132, 1e-9);
	assert_double_near(out.score, -0.04253320633620605, 1e-8);
	assert_double_near(out.elapsed, 0.75, TOL_EXACT);
	assert_double_near(out.projected_value, 127.51902830191331, 1e-6);
	assert_int_equal(out.projected_year_met, 2029); /* t = 2028.34 */
}

static void test_progress_assess_final_decreasing(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2025, 9.0)};
	struct assess_input in = mk_in(CMP_LE, 8.5, 2025, pts, N_OF(pts));
	with_base(&in, 10, 2020);
	struct assessment out = run(&in);
	assert_status(out, "not_met");
	assert_double_near(out.shortfall, 0.5, 1e-12); /* d·(T - xc) = -(8.5 - 9.0) */
	assert_double_near(out.ratio, 0.6519964185426058, 1e-9);
	assert_double_near(out.score, 0.37144521800797925, 1e-8);

	pts[0] = yp(2025, 8.5);
	out = run(&in);
	assert_status(out, "met");
}

/* A final miss with no usable growth rate (one value only) scores the floor. */
static void test_progress_assess_final_single_point(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2025, 140)};
	struct assess_input in = mk_in(CMP_GE, 150, 2025, pts, N_OF(pts));
	struct assessment out = run(&in);
	assert_status(out, "not_met");
	assert_double_near(out.shortfall, 10, TOL_EXACT);
	assert_false(out.has_ratio);
	assert_double_near(out.score, -5, TOL_EXACT);
}

/* The growth status applies to the latest value, whatever the calendar says. */
static void test_progress_assess_deteriorating_with_projection(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 90)};
	struct assess_input in = mk_in(CMP_GE, 150, 2025, pts, N_OF(pts));
	with_base(&in, 100, 2020);
	struct assessment out = run(&in);
	assert_status(out, "deteriorating");
	assert_double_near(out.ratio, -0.4085461320989861, 1e-9);
	assert_double_near(out.score, -4.202289168616845, 1e-8);
	assert_double_near(out.achievement, -0.2, TOL_EXACT);
	assert_true(out.behind_schedule);
	assert_double_near(out.projected_value, 83.89527766075418, 1e-6);
	assert_int_equal(out.projected_year_met, 0);
}

/* At a very slow pace the target year lies past 2200: reported as none. */
static void test_progress_assess_year_met_out_of_range(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 100.1)};
	struct assess_input in = mk_in(CMP_GE, 150, 2025, pts, N_OF(pts));
	with_base(&in, 100, 2020);
	struct assessment out = run(&in);
	assert_status(out, "limited");
	assert_true(out.has_projection);
	assert_int_equal(out.projected_year_met, 0); /* t = 3237 */
}

/* The target equals the base: nothing is required, so any fall is deterioration. */
static void test_progress_assess_target_equals_base(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 90)};
	struct assess_input in = mk_in(CMP_GE, 100, 2025, pts, N_OF(pts));
	with_base(&in, 100, 2020);
	struct assessment out = run(&in);
	assert_status(out, "deteriorating");
	assert_true(out.has_cagr_required);
	assert_double_near(out.cagr_required, 0, TOL_EXACT);
	assert_false(out.has_ratio);
	assert_false(out.has_achievement);
	assert_double_near(out.score, -5, TOL_EXACT);

	pts[0] = yp(2023, 100);
	in.cmp = CMP_GT;
	out = run(&in);
	assert_status(out, "limited");
	assert_double_near(out.score, -2.5, TOL_EXACT);
}

/* ---- between ----------------------------------------------------------------------------- */

static struct assessment assess_between(double base, const struct obs_point *pts, size_t n)
{
	struct assess_input in = mk_in(CMP_BETWEEN, 3, 2025, pts, n);
	in.target_max = 5;
	with_base(&in, base, 2020);
	return run(&in);
}

static void test_progress_assess_between_inside(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 4)};
	struct assessment out = assess_between(1, pts, 1);
	assert_status(out, "met");
	assert_double_near(out.score, 5, TOL_EXACT);
	pts[0] = yp(2023, 3);
	out = assess_between(1, pts, 1);
	assert_status(out, "met");
	pts[0] = yp(2023, 5);
	out = assess_between(1, pts, 1);
	assert_status(out, "met");
}

/* Below the range before the target year: judged as ">= 3". */
static void test_progress_assess_between_below(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 2)};
	struct assessment out = assess_between(1, pts, 1);
	assert_status(out, "on_track");
	assert_double_near(out.ratio, 1.0577465348952735, 1e-9);
	assert_double_near(out.score, 3.269677724103449, 1e-8);
	assert_double_near(out.achievement, 0.5, TOL_EXACT);
	assert_true(out.behind_schedule);
	assert_true(out.has_projection);
	assert_false(out.has_shortfall);
}

/* Above the range: not met, also before the target year. */
static void test_progress_assess_between_above(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 6)};
	struct assessment out = assess_between(1, pts, 1);
	assert_status(out, "not_met");
	assert_false(out.is_final);
	assert_double_near(out.score, -5, TOL_EXACT);
	assert_false(out.has_shortfall);
	pts[0] = yp(2023, 5.0001);
	out = assess_between(1, pts, 1);
	assert_status(out, "not_met");
}

static void test_progress_assess_between_final(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2025, 5)};
	struct assessment out = assess_between(1, pts, 1);
	assert_status(out, "met");
	assert_true(out.is_final);

	pts[0] = yp(2025, 2.5);
	out = assess_between(1, pts, 1);
	assert_status(out, "not_met");
	assert_true(out.has_shortfall);
	assert_double_near(out.shortfall, 0.5, TOL_EXACT);
	assert_double_near(out.ratio, 0.8184741990411155, 1e-9);
	assert_double_near(out.score, 1.5605793563307842, 1e-8);

	pts[0] = yp(2025, 7);
	out = assess_between(1, pts, 1);
	assert_status(out, "not_met");
	assert_double_near(out.shortfall, 2, TOL_EXACT);
	assert_double_near(out.score, -5, TOL_EXACT);
}

/* ---- annual>= ---------------------------------------------------------------------------- */

static struct assess_input annual_in(const struct obs_point *pts, size_t n)
{
	struct assess_input in = mk_in(CMP_ANNUAL_GE, 700, 2025, pts, n);
	in.plan_first_year = 2021;
	return in;
}

static void test_progress_assess_annual_all_met(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2021, 700), yp(2022, 812), yp(2023, 705)};
	struct assess_input in = annual_in(pts, N_OF(pts));
	struct assessment out = run(&in);
	assert_status(out, "met");
	assert_null(out.reason);
	assert_false(out.is_final);
	assert_double_near(out.score, 5, TOL_EXACT);
	assert_int_equal(out.n_years_short, 0);
	assert_int_equal(out.n_years_missing, 0);
	assert_int_equal(out.latest_year, 2023);
}

static void test_progress_assess_annual_one_short(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2021, 720), yp(2022, 650), yp(2023, 730)};
	struct assess_input in = annual_in(pts, N_OF(pts));
	struct assessment out = run(&in);
	assert_status(out, "not_met");
	assert_double_near(out.score, -5, TOL_EXACT);
	assert_int_equal(out.n_years_short, 1);
	assert_int_equal(out.years_short[0], 2022);
	assert_int_equal(out.n_years_missing, 0);
}

static void test_progress_assess_annual_missing_year(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2021, 720), yp(2023, 730)};
	struct assess_input in = annual_in(pts, N_OF(pts));
	struct assessment out = run(&in);
	assert_no_status(&out, "years_missing");
	assert_int_equal(out.n_years_missing, 1);
	assert_int_equal(out.years_missing[0], 2022);
	assert_int_equal(out.n_years_short, 0);

	/* the first plan year missing too */
	struct obs_point late[] = {yp(2023, 730)};
	in = annual_in(late, N_OF(late));
	out = run(&in);
	assert_no_status(&out, "years_missing");
	assert_int_equal(out.n_years_missing, 2);
	assert_int_equal(out.years_missing[0], 2021);
	assert_int_equal(out.years_missing[1], 2022);
}

static void test_progress_assess_annual_short_beats_missing(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2021, 690), yp(2023, 730), yp(2024, 600)};
	struct assess_input in = annual_in(pts, N_OF(pts));
	struct assessment out = run(&in);
	assert_status(out, "not_met");
	assert_null(out.reason);
	assert_int_equal(out.n_years_short, 2);
	assert_int_equal(out.years_short[0], 2021);
	assert_int_equal(out.years_short[1], 2024);
	assert_int_equal(out.n_years_missing, 1);
	assert_int_equal(out.years_missing[0], 2022);
}

/* Several points in one year: the one with the greatest t is that year's value. */
static void test_progress_assess_annual_latest_point_of_year(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2021, 700), {2021.5, 300, 2022}, yp(2022, 720)};
	struct assess_input in = annual_in(pts, N_OF(pts));
	struct assessment out = run(&in);
	assert_status(out, "met");

	struct obs_point pts2[] = {yp(2021, 700), {2021.25, 900, 2022}, {2021.5, 300, 2022}};
	in = annual_in(pts2, N_OF(pts2));
	out = run(&in);
	assert_status(out, "not_met");
	assert_int_equal(out.n_years_short, 1);
	assert_int_equal(out.years_short[0], 2022);
}

static void test_progress_assess_annual_outside_plan_years(void **state)
{
	(void)state;
	/* only years before the plan */
	struct obs_point early[] = {yp(2019, 800), yp(2020, 500)};
	struct assess_input in = annual_in(early, N_OF(early));
	struct assessment out = run(&in);
	assert_no_status(&out, "no_data");

	/* years before the plan and after the target year are not judged */
	struct obs_point pts[] = {yp(2020, 100), yp(2021, 700), yp(2022, 701), yp(2023, 702),
				  yp(2024, 703), yp(2025, 704), yp(2026, 1)};
	in = annual_in(pts, N_OF(pts));
	out = run(&in);
	assert_status(out, "met");
	assert_true(out.is_final);
	assert_int_equal(out.latest_year, 2026);
}

static void test_progress_assess_annual_final(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2021, 700), yp(2022, 710), yp(2023, 720), yp(2024, 730),
				  yp(2025, 699.5)};
	struct assess_input in = annual_in(pts, N_OF(pts));
	struct assessment out = run(&in);
	assert_status(out, "not_met");
	assert_true(out.is_final);
	assert_int_equal(out.n_years_short, 1);
	assert_int_equal(out.years_short[0], 2025);
}

/* Without a first plan year the earliest point's year starts the range. */
static void test_progress_assess_annual_no_first_year(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2022, 700), yp(2024, 710)};
	struct assess_input in = annual_in(pts, N_OF(pts));
	in.plan_first_year = 0;
	struct assessment out = run(&in);
	assert_no_status(&out, "years_missing");
	assert_int_equal(out.n_years_missing, 1);
	assert_int_equal(out.years_missing[0], 2023);
}

/* ---- keep-or-improve (保位进位) and rising (稳中有升) ------------------------------------ */

static struct assessment assess_rank(enum cmp_op cmp, int year, double rank)
{
	static struct obs_point pts[1];
	pts[0] = yp(year, rank);
	struct assess_input in = mk_in(cmp, 0, 2025, pts, 1);
	with_base(&in, 8, 2020);
	return run(&in);
}

static void test_progress_assess_keep_or_improve(void **state)
{
	(void)state;
	struct assessment out = assess_rank(CMP_KEEP_OR_IMPROVE, 2023, 6);
	assert_status(out, "met");
	assert_double_near(out.score, 5, TOL_EXACT);
	assert_false(out.has_ratio);
	out = assess_rank(CMP_KEEP_OR_IMPROVE, 2023, 8);
	assert_status(out, "met");
	out = assess_rank(CMP_KEEP_OR_IMPROVE, 2023, 9);
	assert_status(out, "deteriorating");
	assert_double_near(out.score, -5, TOL_EXACT);
	assert_false(out.has_shortfall);
}

static void test_progress_assess_keep_or_improve_final(void **state)
{
	(void)state;
	struct assessment out = assess_rank(CMP_KEEP_OR_IMPROVE, 2025, 8);
	assert_status(out, "met");
	assert_true(out.is_final);
	out = assess_rank(CMP_KEEP_OR_IMPROVE, 2025, 10);
	assert_status(out, "not_met");
	assert_true(out.has_shortfall);
	assert_double_near(out.shortfall, 2, TOL_EXACT);
	assert_double_near(out.score, -5, TOL_EXACT);
}

static void test_progress_assess_keep_or_improve_needs_two_values(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 8)};
	struct assess_input in = mk_in(CMP_KEEP_OR_IMPROVE, 0, 2025, pts, 1);
	struct assessment out = run(&in);
	assert_no_status(&out, "single_point");

	/* without the plan's baseline the earliest rank is the baseline */
	struct obs_point two[] = {yp(2021, 8), yp(2023, 7)};
	in = mk_in(CMP_KEEP_OR_IMPROVE, 0, 2025, two, 2);
	out = run(&in);
	assert_status(out, "met");
	assert_int_equal(out.base_is_plan, 0);
}

static void test_progress_assess_rising(void **state)
{
	(void)state;
	struct assessment out = assess_rank(CMP_RISING, 2023, 7);
	assert_status(out, "met");
	assert_double_near(out.score, 5, TOL_EXACT);
	out = assess_rank(CMP_RISING, 2023, 8);
	assert_status(out, "stable");
	assert_null(out.reason);
	assert_true(out.has_score);
	assert_double_near(out.score, 0, TOL_EXACT);
	out = assess_rank(CMP_RISING, 2023, 9);
	assert_status(out, "deteriorating");
	assert_double_near(out.score, -5, TOL_EXACT);
}

static void test_progress_assess_rising_final(void **state)
{
	(void)state;
	struct assessment out = assess_rank(CMP_RISING, 2025, 7);
	assert_status(out, "met");
	assert_true(out.is_final);
	out = assess_rank(CMP_RISING, 2025, 8);
	assert_status(out, "not_met");
	assert_double_near(out.shortfall, 0, TOL_EXACT);
	assert_double_near(out.score, -5, TOL_EXACT);
	out = assess_rank(CMP_RISING, 2025, 9);
	assert_status(out, "not_met");
	assert_double_near(out.shortfall, 1, TOL_EXACT);
}

/* 稳中有升 of a level where higher is better. */
static void test_progress_assess_rising_level_up(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 51.2)};
	struct assess_input in = mk_in(CMP_RISING, 0, 2025, pts, 1);
	in.dir = DIR_UP;
	with_base(&in, 50, 2020);
	struct assessment out = run(&in);
	assert_status(out, "met");
	pts[0] = yp(2023, 49.9);
	out = run(&in);
	assert_status(out, "deteriorating");
}

/* ---- No target: the trend measure ------------------------------------------------------- */

/* The 2023 value that gives trend p from 100 in 2020 (down: p measured for lower-is-better). */
static struct assessment assess_trend(double p, int down)
{
	static struct obs_point pts[2];
	pts[0] = yp(2020, 100);
	pts[1] = yp(2023, 100.0 * pow(1.0 + (down ? -p : p), 3.0));
	struct assess_input in = mk_in(CMP_NONE, 0, 0, pts, 2);
	in.dir = down ? DIR_DOWN : DIR_UP;
	struct assessment out = run(&in);
	assert_true(out.has_cagr);
	assert_double_near(out.cagr_actual, down ? -p : p, 1e-12);
	assert_false(out.is_final);
	return out;
}

static void check_trend_boundaries(int down)
{
	assert_status(assess_trend(0.015 + STEP, down), "on_track");
	assert_status(assess_trend(0.015 - STEP, down), "needs_acceleration");
	assert_status(assess_trend(0.005 + STEP, down), "needs_acceleration");
	assert_status(assess_trend(0.005 - STEP, down), "limited");
	assert_status(assess_trend(0.0 + STEP, down), "limited");
	assert_status(assess_trend(0.0 - STEP, down), "deteriorating");
}

static void test_progress_assess_trend_boundaries_up(void **state)
{
	(void)state;
	check_trend_boundaries(0);
}

static void test_progress_assess_trend_boundaries_down(void **state)
{
	(void)state;
	check_trend_boundaries(1);
}

static void test_progress_assess_trend_scores(void **state)
{
	(void)state;
	assert_double_near(assess_trend(0.02, 0).score, 5, 1e-9);
	assert_double_near(assess_trend(0.03, 0).score, 5, TOL_EXACT);
	assert_double_near(assess_trend(0.015 + STEP, 0).score, 2.5, 1e-4);
	assert_double_near(assess_trend(0.015 - STEP, 0).score, 2.5, 1e-4);
	assert_double_near(assess_trend(0.01, 0).score, 1.25, 1e-9);
	assert_double_near(assess_trend(0.005 + STEP, 0).score, 0, 1e-4);
	assert_double_near(assess_trend(0.005 - STEP, 0).score, 0, 1e-4);
	assert_double_near(assess_trend(0.002, 0).score, -1.5, 1e-9);
	assert_double_near(assess_trend(0.0 + STEP, 0).score, -2.5, 1e-4);
	assert_double_near(assess_trend(-0.01, 0).score, -3.75, 1e-9);
	assert_double_near(assess_trend(-0.02, 0).score, -5, 1e-9);
	assert_double_near(assess_trend(-0.05, 0).score, -5, TOL_EXACT);
	assert_double_near(assess_trend(0.01, 1).score, 1.25, 1e-9);
	/* no movement is limited progress */
	assert_status(assess_trend(0.0, 0), "limited");
	assert_double_near(assess_trend(0.0, 0).score, -2.5, TOL_EXACT);
}

/* Without a target the negative-series sign rule applies too. */
static void test_progress_assess_trend_negative_values(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2020, -100), yp(2023, -103)};
	struct assess_input in = mk_in(CMP_NONE, 0, 0, pts, 2);
	struct assessment out = run(&in);
	assert_status(out, "deteriorating"); /* the loss grew */
	assert_double_near(out.score, 125 * -0.009901634049960917 - 2.5, 1e-9);
}

/* ---- Input checks ------------------------------------------------------------------------ */

static void test_progress_assess_invalid_input(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2020, 100), yp(2023, NAN)};
	struct assess_input in = mk_in(CMP_GE, 150, 2025, pts, 2);
	struct assessment out = run(&in);
	assert_no_status(&out, "invalid_value");

	pts[1] = yp(2023, 120);
	in.target = INFINITY;
	out = run(&in);
	assert_no_status(&out, "invalid_value");

	in = mk_in(CMP_BETWEEN, 5, 2025, pts, 2);
	in.target_max = 3;
	out = run(&in);
	assert_no_status(&out, "invalid_value");

	in = mk_in(CMP_GE, 150, 2025, pts, 2);
	with_base(&in, NAN, 2020);
	out = run(&in);
	assert_no_status(&out, "invalid_value");

	in = mk_in(CMP_GE, 150, 0, pts, 2);
	out = run(&in);
	assert_no_status(&out, "no_target_year");

	struct obs_point bad_year[] = {{2023, 700, 0}};
	in = annual_in(bad_year, 1);
	out = run(&in);
	assert_no_status(&out, "invalid_value");
}

/* The latest point is the one with the greatest t, the base the one with the least. */
static void test_progress_assess_latest_and_base_by_time(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 120), yp(2020, 100), yp(2022, 110)};
	struct assess_input in = mk_in(CMP_GE, 150, 2025, pts, N_OF(pts));
	struct assessment out = run(&in);
	assert_double_near(out.latest_value, 120, TOL_EXACT);
	assert_double_near(out.base_value, 100, TOL_EXACT);
	assert_double_near(out.ratio, 0.741769330679292, TOL_EXACT);
}

/* ---- Names, group score and bands -------------------------------------------------------- */

static void test_progress_status_name_all(void **state)
{
	(void)state;
	assert_string_equal(progress_status_name(PS_NO_STATUS), "no_status");
	assert_string_equal(progress_status_name(PS_MET), "met");
	assert_string_equal(progress_status_name(PS_NOT_MET), "not_met");
	assert_string_equal(progress_status_name(PS_ON_TRACK), "on_track");
	assert_string_equal(progress_status_name(PS_NEEDS_ACCELERATION), "needs_acceleration");
	assert_string_equal(progress_status_name(PS_LIMITED), "limited");
	assert_string_equal(progress_status_name(PS_DETERIORATING), "deteriorating");
	assert_string_equal(progress_status_name(PS_STABLE), "stable");
	assert_string_equal(progress_status_name((enum progress_status)99), "no_status");
}

static void test_progress_group_score_mean(void **state)
{
	(void)state;
	const double scores[] = {5, 1.0126841521091139, -2.5, 0};
	assert_double_near(progress_group_score(scores, 4), (5 + 1.0126841521091139 - 2.5) / 4,
			   TOL_EXACT);
	assert_double_near(progress_group_score(scores, 1), 5, TOL_EXACT);
	assert_double_near(progress_group_score(scores, 0), 0, TOL_EXACT);
	assert_double_near(progress_group_score(NULL, 0), 0, TOL_EXACT);
}

static void test_progress_status_of_score_bands(void **state)
{
	(void)state;
	assert_int_equal(progress_status_of_score(5), PS_ON_TRACK);
	assert_int_equal(progress_status_of_score(2.5), PS_ON_TRACK);
	assert_int_equal(progress_status_of_score(2.5 - STEP), PS_NEEDS_ACCELERATION);
	assert_int_equal(progress_status_of_score(0 + STEP), PS_NEEDS_ACCELERATION);
	assert_int_equal(progress_status_of_score(0), PS_NEEDS_ACCELERATION);
	assert_int_equal(progress_status_of_score(0 - STEP), PS_LIMITED);
	assert_int_equal(progress_status_of_score(-2.5), PS_LIMITED);
	assert_int_equal(progress_status_of_score(-2.5 - STEP), PS_DETERIORATING);
	assert_int_equal(progress_status_of_score(-5), PS_DETERIORATING);
	assert_int_equal(progress_status_of_score(NAN), PS_NO_STATUS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_progress_assess_worked_example),
		cmocka_unit_test(test_progress_assess_earliest_value_is_base),
		cmocka_unit_test(test_progress_assess_negative_direction_example),
		cmocka_unit_test(test_progress_assess_no_target_example),
		cmocka_unit_test(test_progress_assess_ratio_boundaries_up),
		cmocka_unit_test(test_progress_assess_ratio_boundaries_down),
		cmocka_unit_test(test_progress_assess_ratio_zero_is_limited),
		cmocka_unit_test(test_progress_assess_score_from_ratio),
		cmocka_unit_test(test_progress_assess_rank_le),
		cmocka_unit_test(test_progress_assess_rank_le_final),
		cmocka_unit_test(test_progress_assess_zero_base),
		cmocka_unit_test(test_progress_assess_zero_target),
		cmocka_unit_test(test_progress_assess_negative_base),
		cmocka_unit_test(test_progress_assess_zero_base_negative_series),
		cmocka_unit_test(test_progress_assess_mixed_sign),
		cmocka_unit_test(test_progress_assess_met_without_growth_rate),
		cmocka_unit_test(test_progress_assess_no_data),
		cmocka_unit_test(test_progress_assess_single_point),
		cmocka_unit_test(test_progress_assess_no_value_after_base),
		cmocka_unit_test(test_progress_assess_base_without_year),
		cmocka_unit_test(test_progress_assess_target_already_met),
		cmocka_unit_test(test_progress_assess_gt_strict),
		cmocka_unit_test(test_progress_assess_final_met),
		cmocka_unit_test(test_progress_assess_final_not_met),
		cmocka_unit_test(test_progress_assess_final_has_no_growth_status),
		cmocka_unit_test(test_progress_assess_snapshot_in_target_year_not_final),
		cmocka_unit_test(test_progress_assess_fractional_time),
		cmocka_unit_test(test_progress_assess_final_decreasing),
		cmocka_unit_test(test_progress_assess_final_single_point),
		cmocka_unit_test(test_progress_assess_deteriorating_with_projection),
		cmocka_unit_test(test_progress_assess_year_met_out_of_range),
		cmocka_unit_test(test_progress_assess_target_equals_base),
		cmocka_unit_test(test_progress_assess_between_inside),
		cmocka_unit_test(test_progress_assess_between_below),
		cmocka_unit_test(test_progress_assess_between_above),
		cmocka_unit_test(test_progress_assess_between_final),
		cmocka_unit_test(test_progress_assess_annual_all_met),
		cmocka_unit_test(test_progress_assess_annual_one_short),
		cmocka_unit_test(test_progress_assess_annual_missing_year),
		cmocka_unit_test(test_progress_assess_annual_short_beats_missing),
		cmocka_unit_test(test_progress_assess_annual_latest_point_of_year),
		cmocka_unit_test(test_progress_assess_annual_outside_plan_years),
		cmocka_unit_test(test_progress_assess_annual_final),
		cmocka_unit_test(test_progress_assess_annual_no_first_year),
		cmocka_unit_test(test_progress_assess_keep_or_improve),
		cmocka_unit_test(test_progress_assess_keep_or_improve_final),
		cmocka_unit_test(test_progress_assess_keep_or_improve_needs_two_values),
		cmocka_unit_test(test_progress_assess_rising),
		cmocka_unit_test(test_progress_assess_rising_final),
		cmocka_unit_test(test_progress_assess_rising_level_up),
		cmocka_unit_test(test_progress_assess_trend_boundaries_up),
		cmocka_unit_test(test_progress_assess_trend_boundaries_down),
		cmocka_unit_test(test_progress_assess_trend_scores),
		cmocka_unit_test(test_progress_assess_trend_negative_values),
		cmocka_unit_test(test_progress_assess_invalid_input),
		cmocka_unit_test(test_progress_assess_latest_and_base_by_time),
		cmocka_unit_test(test_progress_status_name_all),
		cmocka_unit_test(test_progress_group_score_mean),
		cmocka_unit_test(test_progress_status_of_score_bands),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
