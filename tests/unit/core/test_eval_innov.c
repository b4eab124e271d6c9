/* test_eval_innov.c - 创新型中小企业评价标准 (core/eval_innov.c) against 工信部企业〔2022〕63号 as
 * methods-cn.md §4a gives it: every band edge of the six indicators ("X以上" read as >= X), the
 * 60-point pass with the three group minima, each direct route, and the lifts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "firm_fixture.h"
#include "base/banned.h"

#define Y 2024

/* A firm scoring 10 (Ⅰ类) + 15 (R&D 3%) + 20 (growth 20%) + 10 (debt 40%) + 10 (emerging)
 * + 20 (main 80%) = 85. */
static struct firm_year *base(struct fx_firm *x)
{
	fx_init(x, "2010-01-01");
	struct firm_year *p = fx_year(x, Y - 1);
	p->main_revenue = W(4000);
	struct firm_year *y = fx_year(x, Y);
	y->ip1 = 1, y->ip1_self = 0, y->ip1_hv = 0, y->ip2 = 0;
	y->revenue = W(6000), y->rd = W(180), y->main_revenue = W(4800);
	y->assets = W(10000), y->liabilities = W(4000);
	y->emerging = 1;
	return y;
}

static struct eval_result eval(struct fx_firm *x)
{
	struct eval_result r;
	firm_evaluate(A, &x->f, Y, FM_INNOV, &r);
	return r;
}

static int pts(struct fx_firm *x, const char *id)
{
	struct eval_result r = eval(x);
	const struct eval_item *it = fx_item(&r, id);
	return it->state == IS_MET ? it->pts_min : -1;
}

static void test_innov_base_scores_85(void **state)
{
	(void)state;
	struct fx_firm x;
	base(&x);
	struct eval_result r = eval(&x);
	assert_int_equal(r.score_min, 85);
	assert_int_equal(r.score_max, 85);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
}

static void test_innov_ip_ladder(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	y->ip1_hv = 1;
	assert_int_equal(pts(&x, "innov.ip"), 20);
	y->ip1_hv = 0, y->ip1_self = 1;
	assert_int_equal(pts(&x, "innov.ip"), 15);
	y->ip1_self = 0;
	assert_int_equal(pts(&x, "innov.ip"), 10);
	y->ip1 = 0, y->ip2 = 1;
	assert_int_equal(pts(&x, "innov.ip"), 5);
	y->ip2 = 0;
	assert_int_equal(pts(&x, "innov.ip"), 0);
	y->ip1_self = FIRM_NA, y->ip1_hv = FIRM_NA, y->ip1 = 2; /* breakdowns left empty: none */
	assert_int_equal(pts(&x, "innov.ip"), 10);
}

static void test_innov_rd_bands(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	y->revenue = W(10000);
	static const struct {
		int64_t rd;
		int pts;
	} cases[] = {{W(500), 20}, {W(500) - 1, 15}, {W(300), 15}, {W(300) - 1, 10}, {W(200), 10}, {W(200) - 1, 5}, {W(100), 5}, {W(100) - 1, 0}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		y->rd = cases[i].rd;
		assert_int_equal(pts(&x, "innov.rd"), cases[i].pts);
	}
}

static void test_innov_growth_bands(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	/* last year 4000万: 15% = 4600, 10% = 4400, 5% = 4200, 0% = 4000 */
	static const struct {
		int64_t main;
		int pts;
	} cases[] = {{W(4600), 20}, {W(4600) - 1, 15}, {W(4400), 15}, {W(4400) - 1, 10}, {W(4200), 10}, {W(4200) - 1, 5},
		     {W(4000), 5}, {W(4000) - 1, 0}, {W(1000), 0}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		y->main_revenue = cases[i].main;
		y->revenue = W(5000);
		assert_int_equal(pts(&x, "innov.growth"), cases[i].pts);
	}
	/* no figure for the year before: not computed */
	x.years[0].main_revenue = FIRM_NA;
	assert_int_equal(pts(&x, "innov.growth"), -1);
}

static void test_innov_debt_bands(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	static const struct {
		int64_t liab;
		int pts;
	} cases[] = {{W(5500) - 1, 10}, {W(5500), 5}, {W(7500), 5}, {W(7500) + 1, 0}, {0, 10}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		y->liabilities = cases[i].liab;
		assert_int_equal(pts(&x, "innov.debt"), cases[i].pts);
	}
}

static void test_innov_field_and_main_share(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	y->emerging = 0;
	assert_int_equal(pts(&x, "innov.field"), 5);
	y->emerging = -1;
	struct eval_result r = eval(&x);
	assert_int_equal(fx_item(&r, "innov.field")->state, IS_MISSING);
	assert_int_equal(r.score_min, 80); /* unknown field: at least 5 */
	assert_int_equal(r.score_max, 85);
	y->emerging = 1;
	y->revenue = W(10000), y->rd = W(300);
	static const struct {
		int64_t main;
		int pts;
	} cases[] = {{W(7000), 20}, {W(7000) - 1, 15}, {W(6000), 15}, {W(6000) - 1, 10}, {W(5500), 10}, {W(5500) - 1, 5},
		     {W(5000), 5}, {W(5000) - 1, 0}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		y->main_revenue = cases[i].main;
		assert_int_equal(pts(&x, "innov.main_share"), cases[i].pts);
	}
}

static void test_innov_group_minima(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	/* 创新能力 5 + 10 = 15 < 20 with 75 in total: fails */
	y->ip1 = 0, y->ip2 = 1, y->rd = W(120); /* 2% of 6000 */
	struct eval_result r = eval(&x);
	assert_int_equal(r.score_min, 75);
	assert_int_equal(fx_item(&r, "innov.min_innovation")->state, IS_NOT_MET);
	assert_int_equal(r.verdict, FIRM_FAILS);
	/* 5 + 15 = 20: exactly the minimum */
	y->rd = W(180);
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	/* 成长性 5 + 5 = 10 < 15 */
	y->main_revenue = W(4000), y->liabilities = W(6000);
	r = eval(&x);
	assert_int_equal(fx_item(&r, "innov.min_growth")->state, IS_NOT_MET);
	assert_int_equal(r.verdict, FIRM_FAILS);
	/* 专业化 5 + 5 = 10 < 15 */
	base(&x)->emerging = 0;
	x.years[1].main_revenue = W(3000); /* 50% of 6000, and -25% growth */
	x.years[0].main_revenue = W(2000);
	r = eval(&x);
	assert_int_equal(fx_item(&r, "innov.min_specialisation")->state, IS_NOT_MET);
}

static void test_innov_total_60(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	/* 10 + 10 + 10 + 5 + 5 + 20 = 60 */
	y->rd = W(120), y->main_revenue = W(4800), x.years[0].main_revenue = W(4500); /* 6.67% */
	y->liabilities = W(6000), y->emerging = 0;
	struct eval_result r = eval(&x);
	assert_int_equal(r.score_min, 60);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	y->main_revenue = W(4750); /* 79% of 6000: still 20; growth 5.55%: 10 */
	y->rd = W(120) - 1;         /* below 2%: 5 */
	r = eval(&x);
	assert_int_equal(r.score_min, 55);
	assert_int_equal(r.verdict, FIRM_FAILS);
	assert_true(r.n_lifts > 0);
	assert_true(fx_has_lift(&r, "研发费用约增加"));
}

static void test_innov_direct_routes(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	y->ip1 = 0, y->ip2 = 0, y->rd = 0; /* innovation group 0: fails on the score */
	struct eval_result r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);

	struct firm_year *two = fx_year(&x, Y - 2);
	two->award = AWARD_PROVINCIAL;
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	two->award = AWARD_NONE;
	struct firm_year *three = fx_year(&x, Y - 3);
	three->award = AWARD_NATIONAL; /* outside 近三年 */
	y = fx_year(&x, Y);
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);

	y->titles = TITLE_IP_DEMO;
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	y->titles = TITLE_OWN_BRAND;
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
	fx_cert(&x, "hnte", "2023-06-01", "2026-05-31");
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	x.f.n_certs = 0;

	y->rd_org = RDORG_PROVINCIAL;
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	y->rd_org = RDORG_INHOUSE;

	/* equity: 500万 over three years, exactly */
	two->equity = W(200), y->equity = W(300);
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	y->equity = W(300) - 1;
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
	three->equity = W(1000); /* outside the window */
	r = eval(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_innov_base_scores_85),
		cmocka_unit_test(test_innov_ip_ladder),
		cmocka_unit_test(test_innov_rd_bands),
		cmocka_unit_test(test_innov_growth_bands),
		cmocka_unit_test(test_innov_debt_bands),
		cmocka_unit_test(test_innov_field_and_main_share),
		cmocka_unit_test(test_innov_group_minima),
		cmocka_unit_test(test_innov_total_60),
		cmocka_unit_test(test_innov_direct_routes),
	};
	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
