/* test_eval.c - what the methods share (core/eval.c): rule sets by year, exact shares and
 * their texts (truncated, never rounded across an edge), the lift arithmetic, the verdict
 * rule, the ladder and "within reach". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/eval_int.h"
#include "firm_fixture.h"
#include "base/banned.h"

static void test_rule_sets_by_year(void **state)
{
	(void)state;
	assert_null(rule_set_for(FM_TSME, 2016));
	assert_string_equal(rule_set_for(FM_TSME, 2017)->version, "2017");
	assert_string_equal(rule_set_for(FM_TSME, 2030)->version, "2017");
	assert_string_equal(rule_set_for(FM_SRDI, 2025)->version, "2022");
	assert_string_equal(rule_set_for(FM_SRDI, 2026)->version, "2026");
	assert_false(rule_set_for(FM_SRDI, 2026)->is_public);
	assert_string_equal(rule_set_for(FM_HNTE, 2026)->version, "2016");
	size_t n;
	const struct rule_set *all = rule_sets(&n);
	for (size_t i = 0; i < n; i++)
		assert_true(all[i].is_public == (all[i].eval != NULL));
	enum firm_method m;
	assert_true(firm_method_parse("little_giant", &m));
	assert_int_equal(m, FM_GIANT);
	assert_false(firm_method_parse("giant", &m));
}

static void test_shares_are_exact_and_truncated(void **state)
{
	(void)state;
	assert_true(ratio_ge(3, 10, 3000));
	assert_false(ratio_ge(2999999, 10000000, 3000));
	assert_true(ratio_gt(7501, 10000, 7500));
	assert_false(ratio_gt(7500, 10000, 7500));
	assert_string_equal(fmt_share(A, 2999999, 10000000), "29.99%"); /* not 30.00% */
	assert_string_equal(fmt_share(A, 1, 3), "33.33%");
	assert_string_equal(fmt_share(A, -1, 8), "-12.50%");
	assert_string_equal(fmt_bp(A, 3000), "30%");
	assert_string_equal(fmt_bp(A, 250), "2.5%");
	assert_string_equal(fmt_bp(A, 1), "0.01%");
	assert_string_equal(fmt_wan(A, 3003000), "300.3");
	assert_string_equal(fmt_wan(A, 450000), "45");
	assert_string_equal(fmt_wan(A, -120001), "-12.0001");
	assert_string_equal(fmt_wan_up(A, 450001), "45.01");
	assert_string_equal(fmt_wan_up(A, 1), "0.01");
}

static void test_band_texts(void **state)
{
	(void)state;
	static const struct band b[] = {{3000, 20}, {2500, 16}, {0, 0}};
	size_t i;
	assert_int_equal(band_pick(30, 100, b, 3, &i), 20);
	assert_string_equal(band_text(A, b, 3, i), "x ≥ 30%");
	assert_int_equal(band_pick(29, 100, b, 3, &i), 16);
	assert_string_equal(band_text(A, b, 3, i), "25% ≤ x < 30%");
	assert_int_equal(band_pick(1, 100, b, 3, &i), 0);
	assert_string_equal(band_text(A, b, 3, i), "x < 25%");
}

static void test_lift_arithmetic(void **state)
{
	(void)state;
	/* R&D 2.7% of 15000万 to 3%: 45万 */
	assert_int_equal(lift_num(W(405), W(15000), 300), W(45));
	assert_int_equal(lift_num(W(500), W(15000), 300), 0);
	/* 8 of 100 to 10% with new hires counted in both: (8 + 3) / 103 >= 10%, (8 + 2) / 102 not */
	assert_int_equal(lift_both(8, 100, 1000), 3);
	/* R&D to 10% of costs, the extra R&D also a cost */
	int64_t d = lift_both(W(50), W(1000), 1000);
	assert_true(ratio_ge(W(50) + d, W(1000) + d, 1000));
	assert_false(ratio_ge(W(50) + d - 1, W(1000) + d - 1, 1000));
	/* growth: v1 = v2 = 100, v3 to 35% */
	eval_i128 n, dd;
	growth_mean2(W(100), W(100), W(150), &n, &dd);
	int64_t g = growth_lift_v3(n, dd, W(100), 3500);
	assert_int_equal(g, W(20));
}

static void test_ladder_and_reach(void **state)
{
	(void)state;
	struct eval_result r[FM_N];
	memset(r, 0, sizeof(r));
	for (int m = 0; m < FM_N; m++)
		r[m].verdict = FIRM_FAILS, r[m].n_failed = 2;
	assert_int_equal(firm_tier(r), 0);
	assert_int_equal(firm_next_tier(r), 1u << FM_TSME);
	r[FM_TSME].verdict = FIRM_QUALIFIES;
	assert_int_equal(firm_tier(r), 1);
	assert_int_equal(firm_next_tier(r), 1u << FM_INNOV);
	r[FM_SRDI].verdict = FIRM_QUALIFIES;
	assert_int_equal(firm_tier(r), 3);
	assert_int_equal(firm_next_tier(r), (1u << FM_HNTE) | (1u << FM_GIANT));
	r[FM_HNTE].verdict = FIRM_QUALIFIES;
	assert_int_equal(firm_next_tier(r), 1u << FM_GIANT);
	r[FM_GIANT].verdict = FIRM_QUALIFIES;
	assert_int_equal(firm_next_tier(r), 0);

	struct eval_result x = {0};
	x.verdict = FIRM_FAILS, x.n_failed = 1, x.points_short = 0;
	assert_true(eval_within_reach(&x, 10));
	x.points_short = 10;
	assert_true(eval_within_reach(&x, 10));
	x.points_short = 11;
	assert_false(eval_within_reach(&x, 10));
	x.n_failed = 2, x.points_short = 0;
	assert_false(eval_within_reach(&x, 10));
	x.verdict = FIRM_QUALIFIES, x.n_failed = 0;
	assert_false(eval_within_reach(&x, 10));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_sets_by_year),
		cmocka_unit_test(test_shares_are_exact_and_truncated),
		cmocka_unit_test(test_band_texts),
		cmocka_unit_test(test_lift_arithmetic),
		cmocka_unit_test(test_ladder_and_reach),
	};
	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
