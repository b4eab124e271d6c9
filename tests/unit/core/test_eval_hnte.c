/* test_eval_hnte.c - 高新技术企业认定 (core/eval_hnte.c) against 国科发火〔2016〕32号 and 195号 as
 * methods-cn.md §2 gives them: the edges of each computed condition (one year, 10% staff, the
 * three R&D tiers and their sales limits, 60% in China, 60% high-tech income), the score ranges
 * of every band (IP count, conversion, both growth rates), the experts' points with the pass
 * above 70, and the lifts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "firm_fixture.h"
#include "base/banned.h"

#define Y 2024

/* Three years of sales 8000万 with R&D 5% (all in China), net assets 1000 -> 1200 -> 1440. */
static struct firm_year *base(struct fx_firm *x)
{
	fx_init(x, "2015-06-01");
	int64_t na[3] = {W(1000), W(1200), W(1440)};
	for (int k = 0; k < 3; k++) {
		struct firm_year *w = fx_year(x, Y - 2 + k);
		w->revenue = W(8000), w->rd = W(400), w->rd_domestic = W(400);
		w->assets = na[k] + W(500), w->liabilities = W(500);
		w->conversions = 5;
	}
	struct firm_year *y = fx_year(x, Y);
	y->staff = 100, y->tech_staff = 20;
	y->hitech_revenue = W(6000), y->total_income = W(8000);
	y->ip1 = 1, y->ip1_self = 1, y->ip2 = 3, y->ip2_self = 0;
	y->standard = STD_PARTICIPATED;
	y->hnte_field = 1, y->compliance = 1;
	return y;
}

static struct eval_result eval(struct fx_firm *x)
{
	struct eval_result r;
	firm_evaluate(A, &x->f, Y, FM_HNTE, &r);
	return r;
}

static enum item_state state_of(struct fx_firm *x, const char *id)
{
	struct eval_result r = eval(x);
	return fx_item(&r, id)->state;
}

static void test_hnte_base_is_open_on_the_experts(void **state)
{
	(void)state;
	struct fx_firm x;
	base(&x);
	struct eval_result r = eval(&x);
	/* IP 0..8 + 0..8 + 7..8 + 1..6 + 1..2 = 9..32, capped 30; conversion 25..30; management
	 * 0..20; net assets +20% 5..6; sales flat 0 */
	assert_int_equal(r.score_min, 9 + 25 + 0 + 5 + 0);
	assert_int_equal(r.score_max, 30 + 30 + 20 + 6 + 0);
	assert_int_equal(fx_item(&r, "hnte.score")->state, IS_EXPERT);
	assert_int_equal(r.verdict, FIRM_UNDETERMINED);
	assert_int_equal(r.n_failed, 0);
	assert_int_equal(r.pass_mark, 71);
}

static void test_hnte_registered_one_year(void **state)
{
	(void)state;
	struct fx_firm x;
	base(&x);
	x.f.founded = "2024-01-01"; /* 365 days to 2024-12-31 */
	assert_int_equal(state_of(&x, "hnte.registered"), IS_MET);
	x.f.founded = "2024-01-02";
	assert_int_equal(state_of(&x, "hnte.registered"), IS_NOT_MET);
	x.f.founded = NULL;
	assert_int_equal(state_of(&x, "hnte.registered"), IS_MISSING);
}

static void test_hnte_staff_ten_percent(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	y->tech_staff = 10;
	assert_int_equal(state_of(&x, "hnte.staff"), IS_MET);
	y->tech_staff = 9;
	assert_int_equal(state_of(&x, "hnte.staff"), IS_NOT_MET);
	struct eval_result r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
	assert_true(fx_has_lift(&r, "新增科技人员 2 人")); /* 11 / 102 >= 10% */
}

/* Every year's sales s; the three years' R&D the least that reaches bp of their sales (all
 * spent in the last year, in China), less `under` yuan. */
static void sales_and_rd(struct fx_firm *x, int64_t s, int64_t bp, int64_t under)
{
	for (int k = 0; k < 3; k++) {
		struct firm_year *w = fx_year(x, Y - 2 + k);
		w->revenue = s;
		w->rd = k == 2 ? (3 * s * bp + 9999) / 10000 - under : 0;
		w->rd_domestic = w->rd;
	}
}

static void test_hnte_rd_tiers(void **state)
{
	(void)state;
	struct fx_firm x;
	base(&x);
	/* sales of 5000万 exactly: the 5% tier */
	sales_and_rd(&x, W(5000), 500, 0);
	assert_int_equal(state_of(&x, "hnte.rd_ratio"), IS_MET);
	sales_and_rd(&x, W(5000), 500, 1);
	assert_int_equal(state_of(&x, "hnte.rd_ratio"), IS_NOT_MET);
	/* one yuan above 5000万: the 4% tier */
	sales_and_rd(&x, W(5000) + 1, 400, 0);
	assert_int_equal(state_of(&x, "hnte.rd_ratio"), IS_MET);
	sales_and_rd(&x, W(5000) + 1, 400, 1);
	assert_int_equal(state_of(&x, "hnte.rd_ratio"), IS_NOT_MET);
	/* 2亿 exactly: still 4% */
	sales_and_rd(&x, W(20000), 400, 0);
	assert_int_equal(state_of(&x, "hnte.rd_ratio"), IS_MET);
	sales_and_rd(&x, W(20000), 300, 0);
	assert_int_equal(state_of(&x, "hnte.rd_ratio"), IS_NOT_MET);
	/* above 2亿: 3% */
	sales_and_rd(&x, W(20000) + 10000, 300, 0);
	assert_int_equal(state_of(&x, "hnte.rd_ratio"), IS_MET);
	sales_and_rd(&x, W(20000) + 10000, 300, 1);
	assert_int_equal(state_of(&x, "hnte.rd_ratio"), IS_NOT_MET);
	struct eval_result r = eval(&x);
	assert_true(fx_has_lift(&r, "研发费用约增加 0.01 万元"));
}

static void test_hnte_tier_by_the_latest_year_over_three(void **state)
{
	(void)state;
	struct fx_firm x;
	base(&x);
	/* 2022-23 at 10000万 with 3%, 2024 at 4000万 with 12%: 3 years 1080 / 24000 = 4.5% < 5% */
	for (int k = 0; k < 2; k++)
		fx_year(&x, Y - 2 + k)->revenue = W(10000), fx_year(&x, Y - 2 + k)->rd = W(300);
	fx_year(&x, Y)->revenue = W(4000), fx_year(&x, Y)->rd = W(480);
	struct eval_result r = eval(&x);
	const struct eval_item *it = fx_item(&r, "hnte.rd_ratio");
	assert_int_equal(it->state, IS_NOT_MET);
	assert_non_null(strstr(it->figure_zh, "4.50%"));
	assert_non_null(strstr(it->figure_zh, "不低于 5%"));
	/* a firm of two years: the window is its two years */
	fx_init(&x, "2023-03-01");
	for (int k = 0; k < 2; k++) {
		struct firm_year *w = fx_year(&x, Y - 1 + k);
		w->revenue = W(1000), w->rd = W(50), w->rd_domestic = W(50);
	}
	r = eval(&x);
	assert_int_equal(fx_item(&r, "hnte.rd_ratio")->state, IS_MET);
	/* a firm of ten years with a year missing: not computed */
	fx_init(&x, "2014-03-01");
	fx_year(&x, Y)->revenue = W(1000), fx_year(&x, Y)->rd = W(50);
	r = eval(&x);
	assert_int_equal(fx_item(&r, "hnte.rd_ratio")->state, IS_MISSING);
}

static void test_hnte_domestic_and_hitech_sixty_percent(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	for (int k = 0; k < 3; k++)
		fx_year(&x, Y - 2 + k)->rd_domestic = W(240); /* 720 / 1200 = 60% */
	assert_int_equal(state_of(&x, "hnte.rd_domestic"), IS_MET);
	y->rd_domestic = W(240) - 1;
	assert_int_equal(state_of(&x, "hnte.rd_domestic"), IS_NOT_MET);
	y->rd_domestic = W(240);
	y->hitech_revenue = W(4800); /* 60% of 8000 */
	assert_int_equal(state_of(&x, "hnte.hitech_income"), IS_MET);
	y->hitech_revenue = W(4800) - 1;
	assert_int_equal(state_of(&x, "hnte.hitech_income"), IS_NOT_MET);
	y->total_income = FIRM_NA; /* sales used instead, said so */
	y->hitech_revenue = W(4800);
	struct eval_result r = eval(&x);
	assert_int_equal(fx_item(&r, "hnte.hitech_income")->state, IS_MET);
	assert_non_null(fx_item(&r, "hnte.hitech_income")->note_zh);
}

static void range_of(struct fx_firm *x, const char *id, int lo, int hi)
{
	struct eval_result r = eval(x);
	const struct eval_item *it = fx_item(&r, id);
	assert_int_equal(it->pts_min, lo);
	assert_int_equal(it->pts_max, hi);
}

static void test_hnte_ip_count_bands(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	range_of(&x, "hnte.ip_count", 7, 8);
	y->ip1 = 0, y->ip1_self = 0, y->ip2 = 5;
	range_of(&x, "hnte.ip_count", 5, 6);
	y->ip2 = 4;
	range_of(&x, "hnte.ip_count", 3, 4);
	y->ip2 = 3;
	range_of(&x, "hnte.ip_count", 3, 4);
	y->ip2 = 2;
	range_of(&x, "hnte.ip_count", 1, 2);
	y->ip2 = 1;
	range_of(&x, "hnte.ip_count", 1, 2);
	range_of(&x, "hnte.ip_acquired", 1, 3); /* none self-developed */
	y->ip2_self = 1;
	range_of(&x, "hnte.ip_acquired", 1, 6);
	y->ip2 = 0;
	range_of(&x, "hnte.ip_count", 0, 0);
	assert_int_equal(state_of(&x, "hnte.ip_owned"), IS_NOT_MET);
	y->standard = STD_NONE;
	range_of(&x, "hnte.ip_standard", 0, 0);
}

static void conversions(struct fx_firm *x, int a, int b, int c)
{
	fx_year(x, Y - 2)->conversions = a;
	fx_year(x, Y - 1)->conversions = b;
	fx_year(x, Y)->conversions = c;
}

static void test_hnte_conversion_bands(void **state)
{
	(void)state;
	struct fx_firm x;
	base(&x);
	static const struct {
		int sum, lo, hi;
	} cases[] = {{15, 25, 30}, {14, 19, 24}, {12, 19, 24}, {11, 13, 18}, {9, 13, 18}, {8, 7, 12}, {6, 7, 12}, {5, 1, 6}, {3, 1, 6},
		     {2, 0, 0}, {0, 0, 0}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		conversions(&x, cases[i].sum / 3, cases[i].sum / 3, cases[i].sum - 2 * (cases[i].sum / 3));
		range_of(&x, "hnte.conversion", cases[i].lo, cases[i].hi);
	}
}

/* Net assets v1, v2, v3 over the three years (liabilities 0). */
static void net_assets(struct fx_firm *x, int64_t v1, int64_t v2, int64_t v3)
{
	int64_t v[3] = {v1, v2, v3};
	for (int k = 0; k < 3; k++) {
		struct firm_year *w = fx_year(x, Y - 2 + k);
		w->assets = v[k], w->liabilities = 0;
	}
}

static void test_hnte_growth_bands(void **state)
{
	(void)state;
	struct fx_firm x;
	base(&x);
	/* 1/2 (v2/v1 + v3/v2) - 1 with v1 = v2 = 100: v3 = 170 is 35% exactly */
	static const struct {
		int64_t v3;
		int lo, hi;
	} cases[] = {{W(170), 9, 10}, {W(170) - 1, 7, 8}, {W(150), 7, 8}, {W(150) - 1, 5, 6}, {W(130), 5, 6}, {W(130) - 1, 3, 4},
		     {W(110), 3, 4}, {W(110) - 1, 1, 2}, {W(100) + 1, 1, 2}, {W(100), 0, 0}, {W(50), 0, 0}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		net_assets(&x, W(100), W(100), cases[i].v3);
		range_of(&x, "hnte.growth_net_assets", cases[i].lo, cases[i].hi);
	}
	/* the formula, not the mean of levels: 100 -> 200 -> 200 is (2 + 1) / 2 - 1 = 50% */
	net_assets(&x, W(100), W(200), W(200));
	range_of(&x, "hnte.growth_net_assets", 9, 10);
	/* year one 0: the last two years only (200 / 100 - 1 = 100%) */
	net_assets(&x, 0, W(100), W(200));
	range_of(&x, "hnte.growth_net_assets", 9, 10);
	/* year two 0: scores 0 */
	net_assets(&x, W(100), 0, W(200));
	range_of(&x, "hnte.growth_net_assets", 0, 0);
	/* sales growth the same way: 8000 flat is 0 */
	range_of(&x, "hnte.growth_sales", 0, 0);
	fx_year(&x, Y)->revenue = W(8000) * 17 / 10; /* 8000, 8000, 13600: 35% */
	range_of(&x, "hnte.growth_sales", 9, 10);
}

static void test_hnte_growth_short_histories(void **state)
{
	(void)state;
	struct fx_firm x;
	fx_init(&x, "2023-02-01"); /* two years in business: v3 / v2 - 1 */
	struct firm_year *a = fx_year(&x, Y - 1), *b = fx_year(&x, Y);
	a->assets = W(100), a->liabilities = 0, a->revenue = W(100);
	b->assets = W(105), b->liabilities = 0, b->revenue = W(135);
	range_of(&x, "hnte.growth_net_assets", 3, 4);
	range_of(&x, "hnte.growth_sales", 9, 10);
	fx_init(&x, "2024-01-01"); /* one year: 0 */
	b = fx_year(&x, Y);
	b->assets = W(105), b->liabilities = 0, b->revenue = W(135);
	range_of(&x, "hnte.growth_sales", 0, 0);
}

static void test_hnte_experts_points_pass_above_70(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	/* within each indicator's range: IP 9..30, conversion 25..30, management 0..20, growth 5..6 */
	y->hnte_expert[0] = 22, y->hnte_expert[1] = 28, y->hnte_expert[2] = 15, y->hnte_expert[3] = 6;
	struct eval_result r = eval(&x);
	assert_int_equal(r.expert_score, 71);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	y->hnte_expert[2] = 14;
	r = eval(&x);
	assert_int_equal(r.expert_score, 70);
	assert_int_equal(r.verdict, FIRM_FAILS);
	/* points outside a band's range are used and flagged */
	y->hnte_expert[1] = 10, y->hnte_expert[2] = 20, y->hnte_expert[0] = 30, y->hnte_expert[3] = 11;
	r = eval(&x);
	assert_int_equal(r.expert_score, 71);
	assert_non_null(strstr(fx_item(&r, "hnte.score")->note_zh, "超出"));
	/* some given: the rest by range */
	y->hnte_expert[0] = 20, y->hnte_expert[1] = -1, y->hnte_expert[2] = -1, y->hnte_expert[3] = -1;
	r = eval(&x);
	assert_int_equal(r.expert_score, -1);
	assert_int_equal(r.score_min, 20 + 25 + 0 + 5);
	assert_int_equal(r.score_max, 20 + 30 + 20 + 6);
}

static void test_hnte_best_case_below_71_fails_with_lifts(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	/* D-band IP (1 class II, bought): 8 + 8 + 2 + 3 + 2 = 23; no conversions: 0; management 20;
	 * growth: net assets 5..6, sales 0 -> at best 23 + 0 + 20 + 6 = 49 */
	y->ip1 = 0, y->ip1_self = 0, y->ip2 = 1;
	conversions(&x, 0, 0, 0);
	struct eval_result r = eval(&x);
	assert_int_equal(r.score_max, 49);
	assert_int_equal(r.verdict, FIRM_FAILS);
	assert_int_equal(r.points_short, 22);
	assert_true(r.n_lifts > 0);
	assert_true(fx_has_lift(&r, "科技成果转化"));
	/* a condition and the score: the condition's lift is needed in every option (option 0) */
	y->tech_staff = 5;
	r = eval(&x);
	int has0 = 0;
	for (size_t i = 0; i < r.n_lifts; i++)
		has0 |= r.lifts[i].option == 0 && strcmp(r.lifts[i].item_id, "hnte.staff") == 0;
	assert_true(has0);
}

static void test_hnte_manual_and_failing_conditions(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	y->hnte_field = -1, y->compliance = -1;
	struct eval_result r = eval(&x);
	assert_int_equal(fx_item(&r, "hnte.field")->state, IS_MANUAL);
	assert_int_equal(r.n_manual, 2);
	y->hnte_field = 0;
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
	y->hnte_field = 1, y->compliance = 0;
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hnte_base_is_open_on_the_experts),
		cmocka_unit_test(test_hnte_registered_one_year),
		cmocka_unit_test(test_hnte_staff_ten_percent),
		cmocka_unit_test(test_hnte_rd_tiers),
		cmocka_unit_test(test_hnte_tier_by_the_latest_year_over_three),
		cmocka_unit_test(test_hnte_domestic_and_hitech_sixty_percent),
		cmocka_unit_test(test_hnte_ip_count_bands),
		cmocka_unit_test(test_hnte_conversion_bands),
		cmocka_unit_test(test_hnte_growth_bands),
		cmocka_unit_test(test_hnte_growth_short_histories),
		cmocka_unit_test(test_hnte_experts_points_pass_above_70),
		cmocka_unit_test(test_hnte_best_case_below_71_fails_with_lifts),
		cmocka_unit_test(test_hnte_manual_and_failing_conditions),
	};
	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
