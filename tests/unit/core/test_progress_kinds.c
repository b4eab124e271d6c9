/* test_progress_kinds.c - unit tests of core/progress.c for the target kinds of the successor
 * plans (docs/methodology.md section 5): strict <, about with a tolerance, average annual
 * growth and change against a base year (absolute and percent, the base from the plan or from
 * the series), cumulative sums, annual<=, ordinal classes by the linear pace, qualitative
 * verdicts, and rising for a quantity. Each kind at its edges: exactly on the boundary, one
 * step inside and outside, strict against non-strict, a missing base year, missing years.
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

#define assert_double_near(got, want, tol) double_near_at((got), (want), (tol), __FILE__, __LINE__)
static void double_near_at(double got, double want, double tol, const char *file, int line)
{
	if (!(fabs(got - want) <= tol)) {
		print_error("%.17g != %.17g (tolerance %g)\n", got, want, tol);
		_fail(file, line);
	}
}

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define TOL 1e-9
#define TOL_4DP 0.00005
/* How far off a boundary the edge tests step: far above the comparison slack (1e-9 relative). */
#define STEP 1e-6

static struct obs_point yp(int year, double value)
{
	return (struct obs_point){(double)year, value, year};
}

/* A July figure of year y (period_time: the end of the month on the year axis). */
static struct obs_point july(int year, double value)
{
	return (struct obs_point){(double)(year - 1) + 7.0 / 12.0, value, year};
}

static struct assess_input mk(enum cmp_op cmp, double target, const struct obs_point *pts, size_t n)
{
	struct assess_input in;
	memset(&in, 0, sizeof(in));
	in.cmp = cmp;
	in.target = target;
	in.target_year = 2025;
	in.dir = cmp_sense(cmp) < 0 ? DIR_DOWN : DIR_UP;
	in.pts = pts;
	in.n_pts = n;
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
	memset(&out, 0x5a, sizeof(out));
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

/* ---- < (strict) ------------------------------------------------------------------------- */

static void test_lt_strict_at_the_boundary(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 13)};
	struct assess_input in = mk(CMP_LT, 13, pts, 1);
	with_base(&in, 15, 2020);
	struct assessment out = run(&in);
	assert_int_not_equal(out.status, PS_MET); /* 13 is not below 13 */
	pts[0] = yp(2023, 13 - STEP);
	out = run(&in);
	assert_status(out, "met");
	/* <= takes the boundary */
	pts[0] = yp(2023, 13);
	in.cmp = CMP_LE;
	out = run(&in);
	assert_status(out, "met");
}

static void test_lt_running_and_final(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 14)};
	struct assess_input in = mk(CMP_LT, 13, pts, 1);
	with_base(&in, 15, 2020);
	struct assessment out = run(&in);
	assert_true(out.has_ratio);
	assert_double_near(out.ratio, 0.8057984813955165, TOL);
	assert_status(out, "needs_acceleration");
	pts[0] = yp(2025, 13);
	out = run(&in);
	assert_status(out, "not_met");
	assert_true(out.is_final);
	assert_double_near(out.shortfall, 0, TOL); /* exactly at the bound: short by nothing, still missed */
}

/* ---- about (左右) ------------------------------------------------------------------------ */

static struct assessment about_at(int year, double x)
{
	static struct obs_point pts[1];
	pts[0] = yp(year, x);
	struct assess_input in = mk(CMP_ABOUT, 3, pts, 1);
	in.tolerance = 0.5;
	with_base(&in, 4, 2020);
	return run(&in);
}

static void test_about_edges(void **state)
{
	(void)state;
	assert_status(about_at(2025, 3.5), "met");
	assert_status(about_at(2025, 2.5), "met");
	assert_status(about_at(2025, 3), "met");
	struct assessment out = about_at(2025, 3.5 + STEP);
	assert_status(out, "not_met");
	assert_double_near(out.shortfall, STEP, 1e-12);
	out = about_at(2025, 2.5 - STEP);
	assert_status(out, "not_met");
	assert_double_near(out.shortfall, STEP, 1e-12);
	/* 3.5 written as 3 + 0.5 in binary: a figure of 3.5 is on the edge, not past it */
	out = about_at(2025, 3.0 + 0.5);
	assert_status(out, "met");
}

static void test_about_running_above_heads_down(void **state)
{
	(void)state;
	struct assessment out = about_at(2023, 3.8);
	assert_status(out, "needs_acceleration");
	assert_double_near(out.ratio, 0.6432870525496386, TOL);
	assert_double_near(out.cagr_required, -0.026352819384831916, TOL);
	/* below the band it heads up to the lower edge */
	out = about_at(2023, 2.0);
	assert_int_not_equal(out.status, PS_MET);
	assert_true(out.has_ratio);
}

static void test_about_zero_tolerance_and_invalid(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2025, 3)};
	struct assess_input in = mk(CMP_ABOUT, 3, pts, 1);
	with_base(&in, 4, 2020);
	assert_status(run(&in), "met");
	pts[0] = yp(2025, 3 + STEP);
	assert_status(run(&in), "not_met");
	in.tolerance = -1;
	struct assessment out = run(&in);
	assert_no_status(&out, "invalid_value");
}

/* ---- growth and change against the base year -------------------------------------------- */

static void test_cagr_met_exactly_at_the_implied_level(void **state)
{
	(void)state;
	double level = 100 * pow(1.07, 5);
	struct obs_point pts[] = {yp(2025, level)};
	struct assess_input in = mk(CMP_CAGR_GE, 7, pts, 1);
	with_base(&in, 100, 2020);
	struct assessment out = run(&in);
	assert_status(out, "met");
	assert_true(out.has_implied_target);
	assert_double_near(out.implied_target, 140.25517307000004, 1e-9);
	/* a published figure rounded to 140.2552 meets it; 140.25 does not */
	pts[0] = yp(2025, 140.2552);
	assert_status(run(&in), "met");
	pts[0] = yp(2025, 140.25);
	out = run(&in);
	assert_status(out, "not_met");
	assert_double_near(out.shortfall, 0.00517307000004, 1e-9);
}

static void test_cagr_running_required_rate_is_the_plans(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2023, 120)};
	struct assess_input in = mk(CMP_CAGR_GE, 7, pts, 1);
	with_base(&in, 100, 2020);
	struct assessment out = run(&in);
	assert_double_near(out.cagr_required, 0.07, 1e-12);
	assert_double_near(out.ratio, 0.8951224168944448, TOL);
	assert_status(out, "needs_acceleration");
	assert_double_near(out.score, 2.1080699116353294, 1e-4);
}

static void test_cagr_fall(void **state)
{
	(void)state;
	/* cagr<= -3: an average fall of at least 3% a year */
	struct obs_point pts[] = {yp(2025, 100 * pow(0.97, 5))};
	struct assess_input in = mk(CMP_CAGR_LE, -3, pts, 1);
	with_base(&in, 100, 2020);
	assert_status(run(&in), "met");
	pts[0] = yp(2025, 100 * pow(0.97, 5) + STEP);
	assert_status(run(&in), "not_met");
}

static void test_change_pct_base_from_the_series(void **state)
{
	(void)state;
	/* 较2019年下降10%以上: change%<= -10 with the 2019 full-year figure as the base */
	struct obs_point pts[] = {yp(2018, 210), yp(2019, 200), yp(2023, 190)};
	struct assess_input in = mk(CMP_CHANGE_PCT_LE, -10, pts, N_OF(pts));
	in.base_year = 2019;
	struct assessment out = run(&in);
	assert_false(out.base_is_plan);
	assert_double_near(out.base_value, 200, TOL);
	assert_double_near(out.implied_target, 180, TOL);
	assert_double_near(out.ratio, 0.7319812141720828, TOL);
	assert_status(out, "needs_acceleration");

	struct obs_point fin[] = {yp(2019, 200), yp(2025, 180)};
	in = mk(CMP_CHANGE_PCT_LE, -10, fin, 2);
	in.base_year = 2019;
	assert_status(run(&in), "met");
	fin[1] = yp(2025, 180.001);
	out = run(&in);
	assert_status(out, "not_met");
	assert_double_near(out.shortfall, 0.001, 1e-9);
}

static void test_change_base_year_missing(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2018, 210), yp(2023, 190)};
	struct assess_input in = mk(CMP_CHANGE_PCT_LE, -10, pts, N_OF(pts));
	in.base_year = 2019;
	struct assessment out = run(&in);
	assert_no_status(&out, "no_base");
	/* a July figure of the base year is not its full-year figure */
	struct obs_point jul[] = {july(2019, 200), yp(2023, 190)};
	in = mk(CMP_CHANGE_PCT_LE, -10, jul, 2);
	in.base_year = 2019;
	out = run(&in);
	assert_no_status(&out, "no_base");
	/* only the base year itself: nothing has changed yet */
	struct obs_point one[] = {yp(2019, 200)};
	in = mk(CMP_CHANGE_PCT_LE, -10, one, 1);
	in.base_year = 2019;
	out = run(&in);
	assert_no_status(&out, "no_value_after_base");
	/* no base year at all cannot be judged */
	in.base_year = 0;
	out = run(&in);
	assert_no_status(&out, "invalid_value");
}

static void test_change_absolute_and_base_not_positive(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2020, 100), yp(2025, 149.9)};
	struct assess_input in = mk(CMP_CHANGE_GE, 50, pts, 2);
	in.base_year = 2020;
	struct assessment out = run(&in);
	assert_double_near(out.implied_target, 150, TOL);
	assert_status(out, "not_met");
	assert_double_near(out.shortfall, 0.1, 1e-9);
	pts[1] = yp(2025, 150);
	assert_status(run(&in), "met");
	/* an absolute change has a meaning from a negative base; a percentage does not */
	struct obs_point neg[] = {yp(2020, -5), yp(2025, 46)};
	in = mk(CMP_CHANGE_GE, 50, neg, 2);
	in.base_year = 2020;
	assert_status(run(&in), "met");
	in.cmp = CMP_CHANGE_PCT_GE;
	out = run(&in);
	assert_no_status(&out, "base_not_positive");
	struct obs_point zero[] = {yp(2020, 0), yp(2025, 46)};
	in = mk(CMP_CAGR_GE, 5, zero, 2);
	in.base_year = 2020;
	out = run(&in);
	assert_no_status(&out, "base_not_positive");
}

/* ---- cumulative>= (累计) ------------------------------------------------------------------ */

static void test_cumulative_linear_pace(void **state)
{
	(void)state;
	/* 2021-2025 in total >= 500; the 2020 figure lies before the period */
	struct obs_point pts[] = {yp(2020, 90), yp(2021, 100), yp(2022, 110), yp(2023, 95)};
	struct assess_input in = mk(CMP_CUMULATIVE_GE, 500, pts, N_OF(pts));
	in.base_year = 2020;
	struct assessment out = run(&in);
	assert_true(out.has_cumulative);
	assert_double_near(out.cumulative, 305, TOL);
	assert_double_near(out.achievement, 0.61, TOL);
	assert_double_near(out.elapsed, 0.6, TOL);
	assert_double_near(out.ratio, 1.0166666666666666, TOL);
	assert_status(out, "on_track");
	assert_false(out.behind_schedule);
	assert_double_near(out.projected_value, 508.33333333333337, 1e-9);
	assert_int_equal(out.projected_year_met, 2025);
	assert_false(out.has_cagr);
}

static void test_cumulative_final_boundary(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2021, 100), yp(2022, 110), yp(2023, 95), yp(2024, 100), yp(2025, 95)};
	struct assess_input in = mk(CMP_CUMULATIVE_GE, 500, pts, N_OF(pts));
	in.base_year = 2020;
	struct assessment out = run(&in);
	assert_status(out, "met");
	assert_true(out.is_final);
	pts[4] = yp(2025, 94);
	out = run(&in);
	assert_status(out, "not_met");
	assert_double_near(out.shortfall, 1, TOL);
	/* the sum may reach the target before the last year */
	pts[3] = yp(2024, 200);
	out = run(&in);
	assert_status(out, "met");
}

static void test_cumulative_years_missing(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2021, 100), yp(2023, 95)};
	struct assess_input in = mk(CMP_CUMULATIVE_GE, 500, pts, N_OF(pts));
	in.base_year = 2020;
	struct assessment out = run(&in);
	assert_no_status(&out, "years_missing");
	assert_int_equal(out.n_years_missing, 1);
	assert_int_equal(out.years_missing[0], 2022);
	/* without a base year the plan's first year starts the sum */
	in.base_year = 0;
	in.plan_first_year = 2023;
	out = run(&in);
	assert_status(out, "limited"); /* 95 of 500 with a third of 2023-2025 gone */
	assert_double_near(out.cumulative, 95, TOL);
	/* nothing in the period */
	in.plan_first_year = 2024;
	out = run(&in);
	assert_no_status(&out, "no_data");
}

static void test_cumulative_year_to_date_counts(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2021, 100), yp(2022, 110), july(2023, 40)};
	struct assess_input in = mk(CMP_CUMULATIVE_GE, 500, pts, N_OF(pts));
	in.base_year = 2020;
	struct assessment out = run(&in);
	assert_double_near(out.cumulative, 250, TOL);
	assert_double_near(out.elapsed, (2022 + 7.0 / 12.0 - 2020) / 5.0, TOL);
	assert_false(out.is_final);
}

/* ---- annual<= ----------------------------------------------------------------------------- */

static void test_annual_le(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2021, 7), yp(2022, 8), yp(2023, 8 + STEP)};
	struct assess_input in = mk(CMP_ANNUAL_LE, 8, pts, N_OF(pts));
	in.plan_first_year = 2021;
	struct assessment out = run(&in);
	assert_status(out, "not_met");
	assert_int_equal(out.n_years_short, 1);
	assert_int_equal(out.years_short[0], 2023);
	pts[2] = yp(2023, 8);
	out = run(&in);
	assert_status(out, "met"); /* every year at or below, the boundary included */
}

/* ---- ordinal classes ---------------------------------------------------------------------- */

static void test_ordinal_linear_steps(void **state)
{
	(void)state;
	/* water quality class, Ⅰ best: reach Ⅱ or better (<= 2) from Ⅳ in 2020 */
	struct obs_point pts[] = {yp(2023, 3)};
	struct assess_input in = mk(CMP_LE, 2, pts, 1);
	in.is_ordinal = 1;
	with_base(&in, 4, 2020);
	struct assessment out = run(&in);
	assert_false(out.has_cagr);
	assert_double_near(out.achievement, 0.5, TOL);
	assert_double_near(out.elapsed, 0.6, TOL);
	assert_double_near(out.ratio, 0.5 / 0.6, TOL);
	assert_status(out, "needs_acceleration");
	assert_true(out.behind_schedule);
	assert_false(out.has_projection);
	pts[0] = yp(2023, 2);
	assert_status(run(&in), "met");
	pts[0] = yp(2023, 5);
	assert_status(run(&in), "deteriorating");
	pts[0] = yp(2025, 3);
	out = run(&in);
	assert_status(out, "not_met");
	assert_double_near(out.shortfall, 1, TOL);
}

/* ---- qualitative ---------------------------------------------------------------------------- */

static void test_qualitative_reviews(void **state)
{
	(void)state;
	struct assess_input in = mk(CMP_QUALITATIVE, 0, NULL, 0);
	struct assessment out = run(&in);
	assert_no_status(&out, "no_review");
	struct obs_point pts[] = {yp(2024, 0)};
	in = mk(CMP_QUALITATIVE, 0, pts, 1);
	out = run(&in);
	assert_status(out, "not_met");
	assert_false(out.is_final);
	pts[0] = yp(2025, 1);
	out = run(&in);
	assert_status(out, "met");
	assert_true(out.is_final);
	pts[0] = yp(2025, 0.5);
	out = run(&in);
	assert_no_status(&out, "invalid_value");
}

/* ---- rising / keep-or-improve of a quantity ----------------------------------------------- */

static void test_rising_quantity_and_keep(void **state)
{
	(void)state;
	/* 显著提升 of a share where higher is better: no rank involved */
	struct obs_point pts[] = {yp(2023, 61)};
	struct assess_input in = mk(CMP_RISING, 0, pts, 1);
	in.dir = DIR_UP;
	with_base(&in, 60, 2020);
	assert_status(run(&in), "met");
	pts[0] = yp(2023, 60);
	assert_status(run(&in), "stable");
	in.cmp = CMP_KEEP_OR_IMPROVE;
	assert_status(run(&in), "met");
	pts[0] = yp(2023, 60 - STEP);
	assert_status(run(&in), "deteriorating");
}

/* docs/methodology.md section 8, examples 4 and 5. */
static void test_methodology_examples_4_and_5(void **state)
{
	(void)state;
	struct obs_point pts[] = {yp(2026, 1080)};
	struct assess_input in = mk(CMP_CAGR_GE, 7, pts, 1);
	in.target_year = 2030;
	with_base(&in, 1000, 2025);
	struct assessment out = run(&in);
	assert_double_near(out.implied_target, 1402.5517307000005, 1e-9);
	assert_double_near(out.ratio, 1.1428571428571428, 1e-9);
	assert_status(out, "on_track");
	assert_double_near(out.score, 3.8776142857142855, 1e-9);

	struct obs_point add[] = {yp(2026, 4200)};
	in = mk(CMP_CUMULATIVE_GE, 20000, add, 1);
	in.target_year = 2030;
	in.base_year = 2025;
	out = run(&in);
	assert_double_near(out.ratio, 1.05, 1e-9);
	assert_status(out, "on_track");
	assert_double_near(out.score, 3.214345, 1e-6);
	assert_double_near(out.projected_value, 21000, 1e-9);
}

static void test_cmp_names_round_trip(void **state)
{
	(void)state;
	for (int i = 1; i < CMP__COUNT; i++) {
		const char *name = cmp_name((enum cmp_op)i);
		assert_true(name[0] != '\0');
		assert_int_equal(cmp_parse(name), i);
	}
	assert_int_equal(cmp_parse("change%<="), CMP_CHANGE_PCT_LE);
	assert_int_equal(cmp_parse("=<"), CMP_NONE);
	assert_false(cmp_needs_value(CMP_QUALITATIVE));
	assert_true(cmp_needs_base_year(CMP_CAGR_GE));
	assert_false(cmp_needs_base_year(CMP_CUMULATIVE_GE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lt_strict_at_the_boundary),
		cmocka_unit_test(test_lt_running_and_final),
		cmocka_unit_test(test_about_edges),
		cmocka_unit_test(test_about_running_above_heads_down),
		cmocka_unit_test(test_about_zero_tolerance_and_invalid),
		cmocka_unit_test(test_cagr_met_exactly_at_the_implied_level),
		cmocka_unit_test(test_cagr_running_required_rate_is_the_plans),
		cmocka_unit_test(test_cagr_fall),
		cmocka_unit_test(test_change_pct_base_from_the_series),
		cmocka_unit_test(test_change_base_year_missing),
		cmocka_unit_test(test_change_absolute_and_base_not_positive),
		cmocka_unit_test(test_cumulative_linear_pace),
		cmocka_unit_test(test_cumulative_final_boundary),
		cmocka_unit_test(test_cumulative_years_missing),
		cmocka_unit_test(test_cumulative_year_to_date_counts),
		cmocka_unit_test(test_annual_le),
		cmocka_unit_test(test_ordinal_linear_steps),
		cmocka_unit_test(test_qualitative_reviews),
		cmocka_unit_test(test_rising_quantity_and_keep),
		cmocka_unit_test(test_methodology_examples_4_and_5),
		cmocka_unit_test(test_cmp_names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
