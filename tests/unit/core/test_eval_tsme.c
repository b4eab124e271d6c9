/* test_eval_tsme.c - 科技型中小企业评价 (core/eval_tsme.c) against 国科发政〔2017〕115号 as
 * methods-cn.md §1 gives it: every band edge of the 100-point table (lower edges included),
 * both R&D measures and the declared choice, the eligibility limits ("不超过"), the 60-point
 * pass with the non-zero S&T staff rule, each direct route, and the lifts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "firm_fixture.h"
#include "base/banned.h"

#define Y 2024

/* A firm that qualifies with 70 points: staff 100 of whom 30 S&T (20), R&D 600万 of sales
 * 10000万 (6%: 50), no IP (0). */
static struct firm_year *base(struct fx_firm *x)
{
	fx_init(x, "2015-03-01");
	struct firm_year *y = fx_year(x, Y);
	y->staff = 100, y->tech_staff = 30;
	y->revenue = W(10000), y->rd = W(600), y->cost = W(9000), y->assets = W(8000);
	y->ip1 = 0, y->ip2 = 0;
	y->compliance = 1;
	return y;
}

static struct eval_result eval(struct fx_firm *x)
{
	struct eval_result r;
	firm_evaluate(A, &x->f, Y, FM_TSME, &r);
	return r;
}

static int staff_points(int64_t tech, int64_t staff)
{
	struct fx_firm x;
	struct firm_year *y = base(&x);
	y->staff = staff, y->tech_staff = tech;
	struct eval_result r = eval(&x);
	return fx_item(&r, "tsme.staff_ratio")->pts_min;
}

static void test_tsme_staff_bands_include_their_lower_edge(void **state)
{
	(void)state;
	/* 500 staff: every edge and one person below it */
	static const struct {
		int64_t tech;
		int pts;
	} cases[] = {{150, 20}, {149, 16}, {125, 16}, {124, 12}, {100, 12}, {99, 8}, {75, 8}, {74, 4}, {50, 4}, {49, 0}, {0, 0}, {500, 20}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(staff_points(cases[i].tech, 500), cases[i].pts);
	/* an exact 30% that floating point would miss: 3 of 10 */
	assert_int_equal(staff_points(3, 10), 20);
	assert_int_equal(staff_points(1, 7), 4); /* 14.28%: the 10-15% band */
}

static int rd_points(int64_t rd_yuan, int64_t revenue_yuan, int64_t cost_yuan, int measure)
{
	struct fx_firm x;
	struct firm_year *y = base(&x);
	y->rd = rd_yuan, y->revenue = revenue_yuan, y->cost = cost_yuan, y->rd_measure = measure;
	struct eval_result r = eval(&x);
	const struct eval_item *it = fx_item(&r, "tsme.rd");
	return it->state == IS_MET ? it->pts_min : -1;
}

static void test_tsme_rd_over_sales_bands(void **state)
{
	(void)state;
	/* sales 10000万 = 1e8 yuan; each edge exactly (万元) and one yuan below */
	static const struct {
		int64_t rd;
		int pts;
	} cases[] = {{W(600), 50}, {W(600) - 1, 40}, {W(500), 40}, {W(500) - 1, 30}, {W(400), 30}, {W(400) - 1, 20},
		     {W(300), 20}, {W(300) - 1, 10}, {W(200), 10}, {W(200) - 1, 0}, {0, 0}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(rd_points(cases[i].rd, W(10000), FIRM_NA, RDM_SALES), cases[i].pts);
	/* a decimal R&D figure that lands exactly on 6%: 300.3 of 5005 */
	assert_int_equal(rd_points(3003000, W(5005), FIRM_NA, RDM_SALES), 50);
}

static void test_tsme_rd_over_costs_bands(void **state)
{
	(void)state;
	static const struct {
		int64_t rd;
		int pts;
	} cases[] = {{W(300), 50}, {W(300) - 1, 40}, {W(250), 40}, {W(250) - 1, 30}, {W(200), 30}, {W(200) - 1, 20},
		     {W(150), 20}, {W(150) - 1, 10}, {W(100), 10}, {W(100) - 1, 0}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(rd_points(cases[i].rd, FIRM_NA, W(1000), RDM_COST), cases[i].pts);
}

static void test_tsme_rd_measure_declared_or_the_higher(void **state)
{
	(void)state;
	/* R&D 300万: 3% of sales 10000万 (20) but 30% of costs 1000万 (50) */
	assert_int_equal(rd_points(W(300), W(10000), W(1000), RDM_SALES), 20);
	assert_int_equal(rd_points(W(300), W(10000), W(1000), RDM_COST), 50);
	assert_int_equal(rd_points(W(300), W(10000), W(1000), RDM_NONE), 50);
	struct fx_firm x;
	struct firm_year *y = base(&x);
	y->cost = W(1000), y->rd = W(300);
	struct eval_result r = eval(&x);
	const struct eval_item *it = fx_item(&r, "tsme.rd");
	assert_non_null(strstr(it->note_zh, "较高者"));
	assert_non_null(strstr(it->figure_zh, "3.00%"));
	assert_non_null(strstr(it->figure_zh, "30.00%"));
	/* declared over sales with no sales figure: not computed */
	assert_int_equal(rd_points(W(300), FIRM_NA, W(1000), RDM_SALES), -1);
}

static int ip_points(int64_t ip1, int64_t ip2)
{
	struct fx_firm x;
	struct firm_year *y = base(&x);
	y->ip1 = ip1, y->ip2 = ip2;
	struct eval_result r = eval(&x);
	return fx_item(&r, "tsme.ip")->pts_min;
}

static void test_tsme_ip_table(void **state)
{
	(void)state;
	assert_int_equal(ip_points(1, 0), 30);
	assert_int_equal(ip_points(2, 9), 30);
	assert_int_equal(ip_points(0, 5), 24);
	assert_int_equal(ip_points(0, 4), 24);
	assert_int_equal(ip_points(0, 3), 18);
	assert_int_equal(ip_points(0, 2), 12);
	assert_int_equal(ip_points(0, 1), 6);
	assert_int_equal(ip_points(0, 0), 0);
}

static void test_tsme_pass_at_60_with_staff_points(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	/* 4 (10%) + 50 + 6 = 60: passes */
	y->tech_staff = 10, y->ip2 = 1;
	struct eval_result r = eval(&x);
	assert_int_equal(r.score_min, 60);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	assert_int_equal(r.n_manual, 2); /* 居民企业 and 产品类别 are for a person */
	/* 9% staff: 0 + 50 + 6 = 56, and the staff indicator is 0 */
	y->tech_staff = 9;
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
	assert_int_equal(fx_item(&r, "tsme.staff_nonzero")->state, IS_NOT_MET);
	/* 0 staff points with 80 in total still fails */
	y->ip1 = 1;
	r = eval(&x);
	assert_int_equal(r.score_min, 80);
	assert_int_equal(fx_item(&r, "tsme.score")->state, IS_MET);
	assert_int_equal(r.verdict, FIRM_FAILS);
	/* 20 + 20 + 18 = 58: two short */
	y->ip1 = 0, y->tech_staff = 30, y->rd = W(300), y->ip2 = 3, y->cost = W(9000);
	r = eval(&x);
	assert_int_equal(r.score_min, 58);
	assert_int_equal(r.verdict, FIRM_FAILS);
	assert_int_equal(r.points_short, 2);
	assert_int_equal(r.n_failed, 1);
}

static void test_tsme_size_limits_are_inclusive(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	y->staff = 500, y->tech_staff = 150, y->revenue = W(20000), y->rd = W(1200), y->assets = W(20000);
	struct eval_result r = eval(&x);
	assert_int_equal(fx_item(&r, "tsme.size")->state, IS_MET);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	y->staff = 501;
	r = eval(&x);
	assert_int_equal(fx_item(&r, "tsme.size")->state, IS_NOT_MET);
	assert_int_equal(r.verdict, FIRM_FAILS);
	y->staff = 500, y->revenue = W(20000) + 1;
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
	y->revenue = W(20000), y->assets = W(20000) + 1;
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
	/* a direct route does not waive the size limit */
	y->rd_org = RDORG_NATIONAL;
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
}

static void test_tsme_compliance(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	y->compliance = 0;
	struct eval_result r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
	y->compliance = -1;
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	assert_int_equal(fx_item(&r, "tsme.compliance")->state, IS_MANUAL);
	assert_int_equal(r.n_manual, 3);
}

static void test_tsme_direct_routes(void **state)
{
	(void)state;
	struct fx_firm x;
	/* a firm with 0 S&T staff: only a direct route qualifies it */
	struct firm_year *y = base(&x);
	y->tech_staff = 0;
	struct eval_result r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);

	fx_cert(&x, "hnte", "2022-01-01", "2024-12-31");
	r = eval(&x);
	assert_int_equal(fx_item(&r, "tsme.direct_hnte")->state, IS_MET);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	assert_true(r.is_direct);
	x.certs[0].valid_to = "2024-12-30"; /* expired before the year end */
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
	x.f.n_certs = 0;

	/* a national award ranked third, four years back (近五年: 2020-2024) */
	struct firm_year *old = fx_year(&x, Y - 4);
	old->award = AWARD_NATIONAL, old->award_rank = 3;
	y = fx_year(&x, Y);
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	old->award_rank = 4;
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
	old->award = AWARD_PROVINCIAL, old->award_rank = 1;
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);

	/* a standard led within five years; only participating is not enough */
	old->standard = STD_LED;
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	old->standard = STD_PARTICIPATED;
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);

	/* a provincial R&D institution; an in-house one is not enough */
	y->rd_org = RDORG_PROVINCIAL;
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	y->rd_org = RDORG_INHOUSE;
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
}

static void test_tsme_award_five_years_back_only(void **state)
{
	(void)state;
	struct fx_firm x;
	base(&x)->tech_staff = 0;
	struct firm_year *old = fx_year(&x, Y - 5); /* 2019: outside 2020-2024 */
	old->award = AWARD_NATIONAL, old->award_rank = 1;
	struct eval_result r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
}

static void test_tsme_missing_figures_leave_it_open(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	y->ip1 = FIRM_NA, y->ip2 = FIRM_NA;
	/* 20 + 50 known: 70 already passes whatever the IP */
	struct eval_result r = eval(&x);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	assert_int_equal(r.score_min, 70);
	assert_int_equal(r.score_max, 100);
	/* 4 + 20 known, IP unknown: 24..54 cannot reach 60 */
	y->tech_staff = 10, y->rd = W(300);
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
	/* 4 + 50 known: 54..84 is open */
	y->rd = W(600);
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_UNDETERMINED);
	/* no row for the year */
	firm_evaluate(A, &x.f, Y + 1, FM_TSME, &r);
	assert_int_equal(r.verdict, FIRM_UNDETERMINED);
	assert_int_equal(r.n_items, 0);
	/* before the 办法 */
	firm_evaluate(A, &x.f, 2016, FM_TSME, &r);
	assert_int_equal(r.verdict, FIRM_NOT_COMPUTED);
}

static void test_tsme_lifts_name_the_smallest_changes(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	/* sales 15000万, R&D 2.7% (405万): 10; 30% staff: 20; 4 class II: 24 -> 54 */
	y->revenue = W(15000), y->rd = W(405), y->cost = W(14000), y->ip2 = 4, y->rd_measure = RDM_SALES;
	struct eval_result r = eval(&x);
	assert_int_equal(r.score_min, 54);
	assert_int_equal(r.verdict, FIRM_FAILS);
	assert_true(fx_has_lift(&r, "研发费用占销售收入比例 2.70% → 3%"));
	assert_true(fx_has_lift(&r, "研发费用约增加 45 万元"));
	assert_true(fx_has_lift(&r, "新增 1 项Ⅰ类知识产权"));
	/* every option is one change: each alone reaches 60 */
	for (size_t i = 0; i < r.n_lifts; i++)
		for (size_t j = 0; j < r.n_lifts; j++)
			assert_true(i == j || r.lifts[i].option != r.lifts[j].option);
	/* staff below 10%: the staff change is in every option */
	y->tech_staff = 8, y->rd = W(900);
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
	assert_true(r.n_lifts > 0);
	for (size_t i = 0; i < r.n_lifts; i++)
		if (strcmp(r.lifts[i].item_id, "tsme.staff_ratio") == 0)
			assert_non_null(strstr(r.lifts[i].need_zh, "新增科技人员 3 人")); /* (8+3)/(100+3) >= 10% */
	/* declared over costs (9%: 0 points) when 6% of sales gives 50: the lift is the
	 * declaration, no money */
	y->tech_staff = 30, y->rd = W(900), y->cost = W(10000), y->ip2 = 0, y->rd_measure = RDM_COST;
	struct eval_result d = eval(&x);
	assert_int_equal(d.score_min, 20);
	assert_int_equal(d.verdict, FIRM_FAILS);
	assert_true(fx_has_lift(&d, "研发投入改按销售收入口径计分：6.00%"));
	assert_true(fx_has_lift(&d, "无需增加研发费用"));
	y->tech_staff = 8, y->rd_measure = RDM_SALES, y->cost = W(14000), y->ip2 = 4;
	r = eval(&x);
	int options_with_staff = 0, max_option = 0;
	for (size_t i = 0; i < r.n_lifts; i++) {
		options_with_staff += strcmp(r.lifts[i].item_id, "tsme.staff_ratio") == 0;
		if (r.lifts[i].option > max_option)
			max_option = r.lifts[i].option;
	}
	assert_int_equal(options_with_staff, max_option);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tsme_staff_bands_include_their_lower_edge),
		cmocka_unit_test(test_tsme_rd_over_sales_bands),
		cmocka_unit_test(test_tsme_rd_over_costs_bands),
		cmocka_unit_test(test_tsme_rd_measure_declared_or_the_higher),
		cmocka_unit_test(test_tsme_ip_table),
		cmocka_unit_test(test_tsme_pass_at_60_with_staff_points),
		cmocka_unit_test(test_tsme_size_limits_are_inclusive),
		cmocka_unit_test(test_tsme_compliance),
		cmocka_unit_test(test_tsme_direct_routes),
		cmocka_unit_test(test_tsme_award_five_years_back_only),
		cmocka_unit_test(test_tsme_missing_figures_leave_it_open),
		cmocka_unit_test(test_tsme_lifts_name_the_smallest_changes),
	};
	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
