/* test_eval_srdi.c - 专精特新中小企业 and 专精特新"小巨人" (core/eval_srdi.c) against
 * 工信部企业〔2022〕63号 as methods-cn.md §4b and §4c give them: the conditions' edges, the bands
 * of the public 专业化 and 精细化 items, the range the unpublished 50 points leave, the direct
 * routes, and 小巨人's six aspects with 链 and 品 left to a person. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "firm_fixture.h"
#include "base/banned.h"

#define Y 2024

/* main-business revenue 3600 -> 4000 -> 4500 (mean growth 11.8%), revenue 5000, R&D 500 */
static struct firm_year *base(struct fx_firm *x)
{
	fx_init(x, "2012-01-01");
	int64_t mr[3] = {W(3600), W(4000), W(4500)};
	for (int k = 0; k < 3; k++) {
		struct firm_year *w = fx_year(x, Y - 2 + k);
		w->main_revenue = mr[k];
		w->revenue = W(5000);
		w->rd = W(500);
		w->staff = 100, w->rd_staff = 30;
	}
	struct firm_year *y = fx_year(x, Y);
	y->market_since = Y - 5;
	y->digital_level = 3;
	y->titles_known = 1, y->titles = TITLE_MGMT_CERT | TITLE_OWN_BRAND;
	y->net_profit = W(600);
	y->assets = W(10000), y->liabilities = W(4000);
	y->market_share = 1200; /* 12% */
	y->rd_org = RDORG_INHOUSE;
	y->ip1 = 2;
	return y;
}

static struct eval_result srdi(struct fx_firm *x)
{
	struct eval_result r;
	firm_evaluate(A, &x->f, Y, FM_SRDI, &r);
	return r;
}

static struct eval_result giant(struct fx_firm *x)
{
	struct eval_result r;
	firm_evaluate(A, &x->f, Y, FM_GIANT, &r);
	return r;
}

static enum item_state srdi_state(struct fx_firm *x, const char *id)
{
	struct eval_result r = srdi(x);
	return fx_item(&r, id)->state;
}

static int srdi_pts(struct fx_firm *x, const char *id)
{
	struct eval_result r = srdi(x);
	return fx_item(&r, id)->pts_min;
}

static void test_srdi_score_is_a_range_over_unpublished_items(void **state)
{
	(void)state;
	struct fx_firm x;
	base(&x);
	struct eval_result r = srdi(&x);
	/* 5 + 10 + 2 (5 years) + 5 (level 3) + 5 (two of four, capped) + 10 (12%) + 5 (40%) = 42;
	 * the field (5), 特色化 (15) and 创新能力 (35) are open */
	assert_int_equal(r.score_min, 42);
	assert_int_equal(r.score_max, 42 + 5 + 15 + 35);
	assert_int_equal(fx_item(&r, "srdi.specialty")->state, IS_NOT_PUBLIC);
	assert_int_equal(fx_item(&r, "srdi.innovation")->state, IS_NOT_PUBLIC);
	assert_int_equal(fx_item(&r, "srdi.score")->state, IS_EXPERT);
	assert_int_equal(r.verdict, FIRM_UNDETERMINED);
}

static void test_srdi_conditions_edges(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	y->market_since = Y - 2;
	assert_int_equal(srdi_state(&x, "srdi.market_years"), IS_MET);
	y->market_since = Y - 1;
	assert_int_equal(srdi_state(&x, "srdi.market_years"), IS_NOT_MET);
	y->market_since = 0;
	assert_int_equal(srdi_state(&x, "srdi.market_years"), IS_MISSING);
	y->market_since = Y - 5;
	/* 100万 and 3% */
	y->revenue = W(2000), y->rd = W(100);
	assert_int_equal(srdi_state(&x, "srdi.rd"), IS_MET);
	y->rd = W(100) - 1;
	assert_int_equal(srdi_state(&x, "srdi.rd"), IS_NOT_MET);
	y->revenue = W(5000), y->rd = W(150);
	assert_int_equal(srdi_state(&x, "srdi.rd"), IS_MET);
	y->rd = W(150) - 1;
	assert_int_equal(srdi_state(&x, "srdi.rd"), IS_NOT_MET);
	/* 1000万, or 2000万 of equity in two years */
	y->revenue = W(1000), y->rd = W(100);
	assert_int_equal(srdi_state(&x, "srdi.revenue"), IS_MET);
	y->revenue = W(1000) - 1;
	assert_int_equal(srdi_state(&x, "srdi.revenue"), IS_NOT_MET);
	fx_year(&x, Y - 1)->equity = W(800), y->equity = W(1200);
	assert_int_equal(srdi_state(&x, "srdi.revenue"), IS_MET);
	fx_year(&x, Y - 2)->equity = W(800), fx_year(&x, Y - 1)->equity = 0; /* outside 近2年 */
	assert_int_equal(srdi_state(&x, "srdi.revenue"), IS_NOT_MET);
}

static void test_srdi_public_item_bands(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	/* 主营 share */
	static const struct {
		int64_t main;
		int pts;
	} share[] = {{W(4000), 5}, {W(4000) - 1, 3}, {W(3500), 3}, {W(3500) - 1, 1}, {W(3000), 1}, {W(3000) - 1, 0}};
	for (size_t i = 0; i < sizeof(share) / sizeof(share[0]); i++) {
		y->main_revenue = share[i].main;
		fx_year(&x, Y - 1)->main_revenue = W(3000), fx_year(&x, Y - 2)->main_revenue = W(3000);
		assert_int_equal(srdi_pts(&x, "srdi.main_share"), share[i].pts);
	}
	/* the mean of two rates with v1 = v2 = 1000: v3 = 1200 is 10% */
	fx_year(&x, Y - 2)->main_revenue = W(1000), fx_year(&x, Y - 1)->main_revenue = W(1000);
	static const struct {
		int64_t v3;
		int pts;
	} growth[] = {{W(1200), 10}, {W(1200) - 1, 8}, {W(1160), 8}, {W(1160) - 1, 6}, {W(1120), 6}, {W(1120) - 1, 4},
		      {W(1080), 4}, {W(1080) - 1, 2}, {W(1000), 2}, {W(1000) - 1, 0}};
	for (size_t i = 0; i < sizeof(growth) / sizeof(growth[0]); i++) {
		y->main_revenue = growth[i].v3;
		assert_int_equal(srdi_pts(&x, "srdi.growth"), growth[i].pts);
	}
	/* years in the market: 1 a full 2 years, at most 5 */
	y->market_since = Y - 3;
	assert_int_equal(srdi_pts(&x, "srdi.market_points"), 1);
	y->market_since = Y - 11;
	assert_int_equal(srdi_pts(&x, "srdi.market_points"), 5);
	y->digital_level = 2;
	assert_int_equal(srdi_pts(&x, "srdi.digital"), 3);
	y->digital_level = 1;
	assert_int_equal(srdi_pts(&x, "srdi.digital"), 0);
	y->titles = TITLE_QUALITY_AWARD;
	assert_int_equal(srdi_pts(&x, "srdi.quality"), 3);
	y->titles = 0, y->standard = STD_PARTICIPATED;
	assert_int_equal(srdi_pts(&x, "srdi.quality"), 3);
	y->titles = TITLE_OWN_BRAND;
	assert_int_equal(srdi_pts(&x, "srdi.quality"), 5);
	/* net margin over revenue 5000 */
	static const struct {
		int64_t np;
		int pts;
	} margin[] = {{W(500), 10}, {W(500) - 1, 8}, {W(400), 8}, {W(400) - 1, 6}, {W(300), 6}, {W(300) - 1, 4}, {W(200), 4},
		      {W(200) - 1, 2}, {W(100), 2}, {W(100) - 1, 0}, {-W(100), 0}};
	y->revenue = W(5000);
	for (size_t i = 0; i < sizeof(margin) / sizeof(margin[0]); i++) {
		y->net_profit = margin[i].np;
		assert_int_equal(srdi_pts(&x, "srdi.margin"), margin[i].pts);
	}
	/* debt over assets 10000 */
	static const struct {
		int64_t liab;
		int pts;
	} debt[] = {{W(5000) - 1, 5}, {W(5000), 3}, {W(6000) - 1, 3}, {W(6000), 1}, {W(7000), 1}, {W(7000) + 1, 0}};
	for (size_t i = 0; i < sizeof(debt) / sizeof(debt[0]); i++) {
		y->liabilities = debt[i].liab;
		assert_int_equal(srdi_pts(&x, "srdi.debt"), debt[i].pts);
	}
}

static void test_srdi_fails_when_even_the_open_points_cannot_reach_60(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	y->main_revenue = W(2500);          /* 50%: 0; and growth negative: 0 */
	y->market_since = Y - 2;             /* 1 */
	y->digital_level = 1, y->titles = 0; /* 0, 0 */
	y->net_profit = 0;                   /* 0 */
	y->liabilities = W(8000);            /* 0 */
	struct eval_result r = srdi(&x);
	assert_int_equal(r.score_min, 1);
	assert_int_equal(r.score_max, 1 + 5 + 15 + 35);
	assert_int_equal(r.verdict, FIRM_FAILS);
	assert_int_equal(r.points_short, 4);
	/* a direct route replaces the score only */
	fx_year(&x, Y - 2)->award = AWARD_PROVINCIAL, fx_year(&x, Y - 2)->award_rank = 3;
	r = srdi(&x);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	y->market_since = Y - 1;
	r = srdi(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
	assert_true(fx_has_lift(&r, "再从事该细分市场 1 年"));
}

static void test_srdi_direct_routes(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	struct firm_year *two = fx_year(&x, Y - 2);
	two->award = AWARD_PROVINCIAL, two->award_rank = 4;
	assert_int_equal(srdi_state(&x, "srdi.direct_award"), IS_NOT_MET);
	two->award = AWARD_NATIONAL, two->award_rank = 5;
	assert_int_equal(srdi_state(&x, "srdi.direct_award"), IS_MET);
	two->award_rank = 6;
	assert_int_equal(srdi_state(&x, "srdi.direct_award"), IS_NOT_MET);
	fx_year(&x, Y - 1)->rd = W(1000), y->rd = W(1000);
	assert_int_equal(srdi_state(&x, "srdi.direct_rd"), IS_MET);
	y->rd = W(1000) - 1;
	assert_int_equal(srdi_state(&x, "srdi.direct_rd"), IS_NOT_MET);
	fx_year(&x, Y - 1)->equity = W(2000), y->equity = W(4000);
	assert_int_equal(srdi_state(&x, "srdi.direct_equity"), IS_MET);
	y->equity = W(4000) - 1;
	assert_int_equal(srdi_state(&x, "srdi.direct_equity"), IS_NOT_MET);
	two->titles = TITLE_CHUANGKE_500;
	assert_int_equal(srdi_state(&x, "srdi.direct_chuangke"), IS_MET);
	struct eval_result r = srdi(&x);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	/* the 2026 rules are not public: years from 2026 are not computed */
	firm_evaluate(A, &x.f, 2026, FM_SRDI, &r);
	assert_int_equal(r.verdict, FIRM_NOT_COMPUTED);
	assert_non_null(strstr(r.summary_zh, "〔2026〕2号"));
}

static enum item_state giant_state(struct fx_firm *x, const char *id)
{
	struct eval_result r = giant(x);
	return fx_item(&r, id)->state;
}

static void test_giant_base_qualifies_with_chain_and_field_left(void **state)
{
	(void)state;
	struct fx_firm x;
	base(&x);
	/* revenue 5000 is the 6% tier: R&D 500 is 10% in both years */
	struct eval_result r = giant(&x);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	assert_int_equal(fx_item(&r, "giant.chain")->state, IS_NOT_PUBLIC);
	assert_int_equal(fx_item(&r, "giant.product_field")->state, IS_NOT_PUBLIC);
	assert_int_equal(r.n_manual, 2);
	assert_int_equal(r.n_failed, 0);
}

static void test_giant_specialised_and_refined_edges(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	y->market_since = Y - 3;
	assert_int_equal(giant_state(&x, "giant.market_years"), IS_MET);
	y->market_since = Y - 2;
	assert_int_equal(giant_state(&x, "giant.market_years"), IS_NOT_MET);
	y->market_since = Y - 4;
	y->main_revenue = W(3500); /* 70% of 5000 */
	fx_year(&x, Y - 2)->main_revenue = W(3000), fx_year(&x, Y - 1)->main_revenue = W(3000);
	assert_int_equal(giant_state(&x, "giant.main_share"), IS_MET);
	y->main_revenue = W(3500) - 1;
	assert_int_equal(giant_state(&x, "giant.main_share"), IS_NOT_MET);
	/* mean growth 5%: 3000, 3000, 3300 */
	y->main_revenue = W(3300);
	assert_int_equal(giant_state(&x, "giant.growth"), IS_MET);
	y->main_revenue = W(3300) - 1;
	assert_int_equal(giant_state(&x, "giant.growth"), IS_NOT_MET);
	struct eval_result r = giant(&x);
	assert_true(fx_has_lift(&r, "主营业务收入约增加"));
	y->liabilities = W(7000);
	assert_int_equal(giant_state(&x, "giant.debt"), IS_MET);
	y->liabilities = W(7000) + 1;
	assert_int_equal(giant_state(&x, "giant.debt"), IS_NOT_MET);
	y->digital_level = 1;
	assert_int_equal(giant_state(&x, "giant.digital"), IS_MANUAL);
	y->titles = TITLE_OWN_BRAND;
	assert_int_equal(giant_state(&x, "giant.certification"), IS_MANUAL);
}

static void test_giant_distinctive_edges(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	y->market_share = 1000;
	assert_int_equal(giant_state(&x, "giant.market_share"), IS_MET);
	y->market_share = 999;
	assert_int_equal(giant_state(&x, "giant.market_share"), IS_NOT_MET);
	y->titles = TITLE_MGMT_CERT;
	assert_int_equal(giant_state(&x, "giant.brand"), IS_NOT_MET);
	y->titles_known = 0, y->titles = 0;
	assert_int_equal(giant_state(&x, "giant.brand"), IS_MISSING);
}

/* R&D of both years at the least share bp of revenue s (less `under` yuan in the last year). */
static void rd_both(struct fx_firm *x, int64_t s, int64_t bp, int64_t under)
{
	for (int k = 1; k <= 2; k++) {
		struct firm_year *w = fx_year(x, Y - 2 + k);
		w->revenue = s;
		w->rd = (s * bp + 9999) / 10000 - (k == 2 ? under : 0);
	}
}

static void test_giant_innovative_tiers(void **state)
{
	(void)state;
	struct fx_firm x;
	base(&x);
	rd_both(&x, W(10000), 300, 0); /* 1亿: 3% */
	assert_int_equal(giant_state(&x, "giant.rd"), IS_MET);
	rd_both(&x, W(10000), 300, 1);
	assert_int_equal(giant_state(&x, "giant.rd"), IS_NOT_MET);
	rd_both(&x, W(10000) - 1, 300, 0); /* below 1亿: 6% */
	assert_int_equal(giant_state(&x, "giant.rd"), IS_NOT_MET);
	rd_both(&x, W(5000), 600, 0); /* 5000万: 6% */
	assert_int_equal(giant_state(&x, "giant.rd"), IS_MET);
	rd_both(&x, W(5000), 600, 1);
	assert_int_equal(giant_state(&x, "giant.rd"), IS_NOT_MET);
	/* a year below 6% fails although the other is far above */
	rd_both(&x, W(5000), 600, 0);
	fx_year(&x, Y - 1)->rd = W(299);
	fx_year(&x, Y)->rd = W(2000);
	assert_int_equal(giant_state(&x, "giant.rd"), IS_NOT_MET);
	/* below 5000万: equity 8000万 and R&D 3000万 in two years, R&D staff 50% */
	rd_both(&x, W(4000), 0, 0);
	fx_year(&x, Y - 1)->rd = W(1500), fx_year(&x, Y)->rd = W(1500);
	fx_year(&x, Y - 1)->equity = W(5000), fx_year(&x, Y)->equity = W(3000);
	fx_year(&x, Y)->rd_staff = 50;
	assert_int_equal(giant_state(&x, "giant.rd"), IS_MET);
	fx_year(&x, Y)->rd_staff = 49;
	assert_int_equal(giant_state(&x, "giant.rd"), IS_NOT_MET);
	fx_year(&x, Y)->rd_staff = 50, fx_year(&x, Y)->rd = W(1500) - 1;
	assert_int_equal(giant_state(&x, "giant.rd"), IS_NOT_MET);
	fx_year(&x, Y)->rd = W(1500), fx_year(&x, Y)->equity = W(3000) - 1;
	assert_int_equal(giant_state(&x, "giant.rd"), IS_NOT_MET);
}

static void test_giant_ip_rd_unit_and_direct_routes(void **state)
{
	(void)state;
	struct fx_firm x;
	struct firm_year *y = base(&x);
	y->ip1 = 1;
	struct eval_result r = giant(&x);
	assert_int_equal(fx_item(&r, "giant.ip")->state, IS_NOT_MET);
	assert_int_equal(r.verdict, FIRM_FAILS);
	assert_true(fx_has_lift(&r, "新增 1 项与主导产品相关的Ⅰ类知识产权"));
	y->rd_org = RDORG_NONE;
	r = giant(&x);
	assert_int_equal(r.n_failed, 2);
	/* a national award, third, in the last three years waives 新's general conditions */
	fx_year(&x, Y - 2)->award = AWARD_NATIONAL, fx_year(&x, Y - 2)->award_rank = 3;
	r = giant(&x);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	assert_true(r.is_direct);
	fx_year(&x, Y - 2)->award_rank = 4;
	r = giant(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
	fx_year(&x, Y - 1)->titles = TITLE_CHUANGKE_50;
	r = giant(&x);
	assert_int_equal(r.verdict, FIRM_QUALIFIES);
	/* but not the other aspects */
	y->market_share = 500;
	r = giant(&x);
	assert_int_equal(r.verdict, FIRM_FAILS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_srdi_score_is_a_range_over_unpublished_items),
		cmocka_unit_test(test_srdi_conditions_edges),
		cmocka_unit_test(test_srdi_public_item_bands),
		cmocka_unit_test(test_srdi_fails_when_even_the_open_points_cannot_reach_60),
		cmocka_unit_test(test_srdi_direct_routes),
		cmocka_unit_test(test_giant_base_qualifies_with_chain_and_field_left),
		cmocka_unit_test(test_giant_specialised_and_refined_edges),
		cmocka_unit_test(test_giant_distinctive_edges),
		cmocka_unit_test(test_giant_innovative_tiers),
		cmocka_unit_test(test_giant_ip_rd_unit_and_direct_routes),
	};
	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
