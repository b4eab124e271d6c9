/* test_verdict.c - unit tests of core/verdict.c, the one place a target's state at a date is
 * decided: the running phase follows the assessment; from the end of the target year only
 * figures up to that end count: the target-year figure decides (met / not met), else a July
 * figure of the same year stands in provisionally, else the declared proxy region's figure,
 * else no final verdict (with why); annual>= is missed for good by an earlier short year; a
 * later year's figure never decides a final verdict. The plan is made in memory. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/period.h"
#include "core/verdict.h"
#include "base/banned.h"

#define MAX_OBS 32

enum { I_FIRMS, I_RANK, I_TALENT, I_REVIEW, I_WATER, N_IND };
enum { R_ZONE, R_METRO, N_REG };

struct fixture {
	struct arena *arena;
	struct indicator ind[N_IND];
	struct region reg[N_REG];
	struct target tgt[1];
	struct plan plan;
	struct obs obs[MAX_OBS];
	size_t n_obs;
	struct judgement j;
};

static struct fixture fx;

static void reset(enum cmp_op cmp, int ind, double value)
{
	arena_free(fx.arena);
	memset(&fx, 0, sizeof(fx));
	fx.arena = arena_new();
	fx.ind[I_FIRMS] = (struct indicator){.code = "firms", .unit_zh = "家", .direction = DIR_UP};
	fx.ind[I_RANK] = (struct indicator){.code = "rank", .unit_zh = "位", .direction = DIR_DOWN};
	fx.ind[I_TALENT] = (struct indicator){.code = "talent", .unit_zh = "人", .direction = DIR_UP};
	fx.ind[I_REVIEW] = (struct indicator){.code = "review", .unit_zh = "—", .direction = DIR_UP, .scale = SCALE_JUDGEMENT};
	fx.ind[I_WATER] = (struct indicator){.code = "water", .unit_zh = "类", .direction = DIR_DOWN, .scale = SCALE_ORDINAL};
	fx.reg[R_ZONE] = (struct region){.code = "zone", .sums_into_idx = -1};
	fx.reg[R_METRO] = (struct region){.code = "metro", .sums_into_idx = -1};
	fx.tgt[0] = (struct target){.indicator_code = fx.ind[ind].code, .region_code = "zone", .year = 2025, .cmp = cmp,
				    .value = value, .has_value = cmp_needs_value(cmp), .indicator = ind, .region = R_ZONE,
				    .proxy_region = -1};
	fx.plan.info = (struct plan_info){.code = "t", .issued = "2024-02-02", .target_year = 2025};
	fx.plan.indicators = fx.ind;
	fx.plan.n_indicators = N_IND;
	fx.plan.regions = fx.reg;
	fx.plan.n_regions = N_REG;
	fx.plan.targets = fx.tgt;
	fx.plan.n_targets = 1;
}

static void with_proxy(void)
{
	fx.tgt[0].proxy_region_code = "metro";
	fx.tgt[0].proxy_region = R_METRO;
	fx.tgt[0].proxy_note_zh = "以三市合计代替";
}

static void add(const char *reg, const char *period, double value)
{
	struct period p;
	assert_true(fx.n_obs < MAX_OBS);
	if (!period_parse(period, strlen(period), &p))
		fail_msg("bad period in the test: %s", period);
	struct obs *o = &fx.obs[fx.n_obs];
	memset(o, 0, sizeof(*o));
	o->id = (long long)fx.n_obs + 1;
	o->indicator = fx.tgt[0].indicator_code;
	o->region = reg;
	o->period = period;
	o->period_t = period_time(&p);
	o->revision = 1;
	o->value = value;
	o->status = OBS_PUBLISHED;
	fx.n_obs++;
}

static void judge(double as_of_t)
{
	const struct series_input in = series_input_of(fx.obs, fx.n_obs);
	judge_target(&fx.plan, &in, 0, as_of_t, fx.arena, &fx.j);
}

static void assert_double_near_fx(double got, double want)
{
	if (!(fabs(got - want) <= 1e-9))
		fail_msg("%.17g != %.17g", got, want);
}

static int teardown(void **state)
{
	(void)state;
	arena_free(fx.arena);
	fx.arena = NULL;
	return 0;
}

static void test_judge_target_final_figure_decides(void **state)
{
	(void)state;
	reset(CMP_GE, I_FIRMS, 100);
	add("zone", "2023", 80), add("zone", "2024", 90), add("zone", "2025", 101);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_MET);
	assert_int_equal(fx.j.basis, VB_OWN);
	assert_string_equal(fx.j.fig->period, "2025");
	assert_int_equal(fx.j.fig_region, R_ZONE);

	reset(CMP_GE, I_FIRMS, 100);
	add("zone", "2024", 120), add("zone", "2025", 99.9);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_NOT_MET);
	assert_string_equal(fx.j.fig->period, "2025");
}

static void test_judge_target_later_year_never_decides(void **state)
{
	(void)state;
	/* a 2026 figure is after the end of the target year: the final verdict waits for 2025 */
	reset(CMP_GE, I_FIRMS, 100);
	add("zone", "2024", 90), add("zone", "2026", 130);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_NO_FINAL);
	assert_int_equal(fx.j.gap, VG_NO_FINAL_FIGURE);
	assert_null(fx.j.fig);
	/* the running status still reads every figure */
	assert_int_equal(fx.j.a.status, PS_MET);
}

static void test_judge_target_sub_annual_stands_in(void **state)
{
	(void)state;
	reset(CMP_GE, I_FIRMS, 50);
	add("zone", "2024", 45), add("zone", "2025-07", 60.8);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_PROVISIONAL_MET);
	assert_int_equal(fx.j.basis, VB_SUB_ANNUAL);
	assert_string_equal(fx.j.fig->period, "2025-07");

	reset(CMP_GE, I_FIRMS, 50);
	add("zone", "2024", 45), add("zone", "2025-07", 49);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_PROVISIONAL_NOT_MET);
	assert_int_equal(fx.j.basis, VB_SUB_ANNUAL);
	/* a year-end figure of the same year wins over the July one */
	add("zone", "2025", 51);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_MET);
	assert_int_equal(fx.j.basis, VB_OWN);
}

static void test_judge_target_proxy_region_stands_in(void **state)
{
	(void)state;
	reset(CMP_GE, I_FIRMS, 1200);
	with_proxy();
	add("zone", "2024", 900), add("metro", "2025", 2443);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_PROVISIONAL_MET);
	assert_int_equal(fx.j.basis, VB_PROXY);
	assert_int_equal(fx.j.fig_region, R_METRO);
	assert_string_equal(fx.j.fig->period, "2025");
	/* without the declaration the same figures give no final verdict */
	fx.tgt[0].proxy_region = -1;
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_NO_FINAL);
	/* the target region's own figure wins over the proxy */
	with_proxy();
	add("zone", "2025", 1100);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_NOT_MET);
	assert_int_equal(fx.j.basis, VB_OWN);
}

static void test_judge_target_proxy_short_is_provisional_not_met(void **state)
{
	(void)state;
	reset(CMP_GT, I_FIRMS, 30000);
	with_proxy();
	add("metro", "2025", 29000);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_PROVISIONAL_NOT_MET);
	assert_int_equal(fx.j.basis, VB_PROXY);
}

static void test_judge_target_no_figure(void **state)
{
	(void)state;
	reset(CMP_GE, I_FIRMS, 100);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_NO_FINAL);
	assert_int_equal(fx.j.gap, VG_NO_FIGURE);
	/* in the running phase: not assessed */
	judge(2024.5);
	assert_int_equal(fx.j.verdict, VERDICT_NOT_ASSESSED);
	assert_int_equal(fx.j.is_final_phase, 0);
}

static void test_judge_target_cannot_judge(void **state)
{
	(void)state;
	/* keep-or-improve with a single figure and no baseline: the 2025 figure exists, nothing to compare */
	reset(CMP_KEEP_OR_IMPROVE, I_RANK, 0);
	add("zone", "2025", 40);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_NO_FINAL);
	assert_int_equal(fx.j.gap, VG_CANNOT_JUDGE);
	/* with an earlier figure it is judged */
	add("zone", "2023", 45);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_MET);
}

static void test_judge_target_annual_early_short_is_final(void **state)
{
	(void)state;
	reset(CMP_ANNUAL_GE, I_TALENT, 700);
	add("zone", "2024", 650);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_NOT_MET);
	/* every year at the target, the last only as a July figure: provisionally met */
	reset(CMP_ANNUAL_GE, I_TALENT, 700);
	add("zone", "2024", 720), add("zone", "2025-07", 710);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_PROVISIONAL_MET);
	/* a missing year and none short: no final verdict */
	reset(CMP_ANNUAL_GE, I_TALENT, 700);
	add("zone", "2025", 710);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_NO_FINAL);
	assert_int_equal(fx.j.gap, VG_YEARS_MISSING);
}

static void test_judge_target_running_phase(void **state)
{
	(void)state;
	reset(CMP_GE, I_FIRMS, 200);
	add("zone", "2022", 100), add("zone", "2023", 130), add("zone", "2024", 170);
	judge(2024.0); /* the end of 2024: the target year has not ended */
	assert_int_equal(fx.j.is_final_phase, 0);
	assert_int_equal(fx.j.verdict, verdict_of_status(fx.j.a.status));
	assert_false(verdict_is_final(fx.j.verdict));
	assert_string_equal(fx.j.fig->period, "2024");
	/* the first day of the next year: final */
	judge(2025.0);
	assert_int_equal(fx.j.is_final_phase, 1);
	assert_int_equal(fx.j.verdict, VERDICT_NO_FINAL);
}

static void test_judge_target_qualitative(void **state)
{
	(void)state;
	reset(CMP_QUALITATIVE, I_REVIEW, 0);
	judge(2024.5);
	assert_int_equal(fx.j.verdict, VERDICT_NOT_ASSESSED); /* no review yet: no status */
	assert_string_equal(fx.j.a.reason, "no_review");
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_NO_FINAL);
	assert_int_equal(fx.j.gap, VG_NO_FIGURE);
	/* a review of an earlier year runs, but does not decide the final verdict */
	add("zone", "2024", 1);
	judge(2024.5);
	assert_int_equal(fx.j.verdict, VERDICT_MET);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_NO_FINAL);
	assert_int_equal(fx.j.gap, VG_NO_FINAL_FIGURE);
	/* the review of the target year decides; a later one does not */
	add("zone", "2025", 0);
	add("zone", "2026", 1);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_NOT_MET);
	assert_string_equal(fx.j.fig->period, "2025");
}

static void test_judge_target_cumulative_years_missing(void **state)
{
	(void)state;
	reset(CMP_CUMULATIVE_GE, I_FIRMS, 500);
	fx.tgt[0].base_year = 2020;
	add("zone", "2021", 100), add("zone", "2023", 100), add("zone", "2025", 100);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_NO_FINAL);
	assert_int_equal(fx.j.gap, VG_YEARS_MISSING);
	add("zone", "2022", 100), add("zone", "2024", 99.9);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_NOT_MET);
	assert_double_near_fx(fx.j.fig_a.shortfall, 0.1);
}

static void test_judge_target_annual_le_early_over(void **state)
{
	(void)state;
	reset(CMP_ANNUAL_LE, I_FIRMS, 10);
	add("zone", "2024", 10.5), add("zone", "2025", 9);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_NOT_MET);
	assert_int_equal(fx.j.fig_a.years_short[0], 2024);
}

static void test_judge_target_change_needs_the_base_year(void **state)
{
	(void)state;
	reset(CMP_CHANGE_PCT_LE, I_FIRMS, -10);
	fx.tgt[0].base_year = 2019;
	add("zone", "2025", 170);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_NO_FINAL);
	assert_int_equal(fx.j.gap, VG_CANNOT_JUDGE);
	add("zone", "2019", 200);
	judge(INFINITY);
	assert_int_equal(fx.j.verdict, VERDICT_MET);
	assert_true(fx.j.fig_a.has_implied_target);
}

static void test_judge_trend_is_never_final(void **state)
{
	(void)state;
	reset(CMP_GE, I_FIRMS, 0);
	add("zone", "2021", 100), add("zone", "2024", 110);
	const struct series_input in = series_input_of(fx.obs, fx.n_obs);
	judge_trend(&fx.plan, &in, I_FIRMS, R_ZONE, INFINITY, fx.arena, &fx.j);
	assert_int_equal(fx.j.target, -1);
	assert_int_equal(fx.j.is_final_phase, 0);
	assert_int_equal(fx.j.a.status, PS_ON_TRACK); /* 3.2% a year, above Open SDG's 1.5% */
	assert_int_equal(fx.j.verdict, VERDICT_NOT_ASSESSED); /* no target, no verdict */
	assert_false(fx.j.a.has_cagr_required);
}

static void test_target_assess_input_carries_the_kind(void **state)
{
	(void)state;
	reset(CMP_ABOUT, I_WATER, 2);
	fx.tgt[0].tolerance = 0.5;
	fx.tgt[0].has_tolerance = 1;
	struct assess_input in;
	target_assess_input(&fx.plan, &fx.tgt[0], NULL, 0, &in);
	assert_int_equal(in.cmp, CMP_ABOUT);
	assert_true(in.tolerance == 0.5);
	assert_int_equal(in.is_ordinal, 1);
	assert_int_equal(in.dir, DIR_DOWN);
	assert_int_equal(in.plan_first_year, 2024);
}

static void test_verdict_names_are_stable(void **state)
{
	(void)state;
	static const char *const want[] = {"met", "not_met", "provisional_met", "provisional_not_met", "no_final"};
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(verdict_name(verdict_final_order[i]), want[i]);
		assert_true(verdict_is_final(verdict_final_order[i]));
	}
	assert_true(verdict_is_provisional(VERDICT_PROVISIONAL_NOT_MET));
	assert_false(verdict_is_provisional(VERDICT_MET));
	assert_string_equal(verdict_name(VERDICT_OFF_TRACK), "off_track");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_judge_target_final_figure_decides),
		cmocka_unit_test(test_judge_target_later_year_never_decides),
		cmocka_unit_test(test_judge_target_sub_annual_stands_in),
		cmocka_unit_test(test_judge_target_proxy_region_stands_in),
		cmocka_unit_test(test_judge_target_proxy_short_is_provisional_not_met),
		cmocka_unit_test(test_judge_target_no_figure),
		cmocka_unit_test(test_judge_target_cannot_judge),
		cmocka_unit_test(test_judge_target_annual_early_short_is_final),
		cmocka_unit_test(test_judge_target_running_phase),
		cmocka_unit_test(test_judge_target_qualitative),
		cmocka_unit_test(test_judge_target_cumulative_years_missing),
		cmocka_unit_test(test_judge_target_annual_le_early_over),
		cmocka_unit_test(test_judge_target_change_needs_the_base_year),
		cmocka_unit_test(test_judge_trend_is_never_final),
		cmocka_unit_test(test_target_assess_input_carries_the_kind),
		cmocka_unit_test(test_verdict_names_are_stable),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
