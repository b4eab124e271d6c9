/* test_fmt.c - unit tests of report/fmt.c on the shipped plan's indicators: English numbers
 * with a multiplier unit in words ("2.12 trillion yuan"), ranks as ordinals ("8th"), rank
 * targets in words ("10th or better"), Chinese left as the plan writes it. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "report/fmt.h"
#include "fixture.h"
#include "base/banned.h"

static struct arena *arena;
static struct plan *plan;

static int setup(void **state)
{
	(void)state;
	arena = arena_new();
	return fixture_shipped_plan(arena, &plan);
}

static int teardown(void **state)
{
	(void)state;
	arena_free(arena);
	return 0;
}

static const struct indicator *ind(const char *code)
{
	int i = plan_find_indicator(plan, code);
	assert_true(i >= 0);
	return &plan->indicators[i];
}

static const char *value_unit(enum lang lang, const char *code, double v)
{
	struct buf b;
	buf_init(&b, 256);
	fmt_ind_value_unit(&b, lang, ind(code), v);
	const char *s = arena_strdup(arena, buf_str(&b));
	buf_release(&b);
	return s;
}

static void test_multiplier_units_in_words(void **state)
{
	(void)state;
	/* tech_contract_turnover is in 亿元 / "100 million yuan" */
	assert_string_equal(value_unit(LANG_EN, "tech_contract_turnover", 21200), "2.12 trillion yuan");
	assert_string_equal(value_unit(LANG_EN, "tech_contract_turnover", 2443.38), "244.338 billion yuan");
	assert_string_equal(value_unit(LANG_EN, "tech_contract_turnover", 0.5), "50 million yuan");
	assert_string_equal(value_unit(LANG_EN, "tech_contract_turnover", 0.004), "400,000 yuan");
	assert_string_equal(value_unit(LANG_ZH, "tech_contract_turnover", 21200), "21,200亿元");
	double f;
	assert_string_equal(fmt_unit_scaled(LANG_EN, ind("tech_contract_turnover"), &f), "yuan");
	assert_true(f == 1e8);
	assert_string_equal(fmt_unit_scaled(LANG_ZH, ind("tech_contract_turnover"), &f), "亿元");
	assert_true(f == 1);
	/* a unit without a multiplier stays as it is */
	assert_string_equal(fmt_unit_scaled(LANG_EN, ind("hnte_count"), &f), "enterprises");
	assert_true(f == 1);
	assert_string_equal(value_unit(LANG_EN, "hnte_count", 16000), "16,000 enterprises");
	/* "patents per 10,000 people": the number is not in front, nothing to scale */
	const char *u = fmt_unit_scaled(LANG_EN, ind("invention_patents_per_10k"), &f);
	assert_true(f == 1);
	assert_string_equal(u, ind("invention_patents_per_10k")->unit_en);
}

static void test_ranks_as_ordinals(void **state)
{
	(void)state;
	static const struct {
		double v;
		const char *want;
	} cases[] = {{1, "1st"}, {2, "2nd"}, {3, "3rd"}, {4, "4th"}, {8, "8th"}, {11, "11th"}, {12, "12th"}, {13, "13th"},
		     {21, "21st"}, {22, "22nd"}, {101, "101st"}, {111, "111th"}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(value_unit(LANG_EN, "city_rank_changsha", cases[i].v), cases[i].want);
	assert_string_equal(value_unit(LANG_ZH, "city_rank_changsha", 8), "8位");
	/* a figure that is no place keeps its number and unit */
	assert_string_equal(value_unit(LANG_EN, "city_rank_changsha", 0), "0 rank");
}

static void test_rank_targets_in_words(void **state)
{
	(void)state;
	int ti = -1;
	for (size_t i = 0; i < plan->n_targets; i++)
		if (strcmp(plan->targets[i].indicator_code, "city_rank_changsha") == 0)
			ti = (int)i;
	assert_true(ti >= 0);
	struct buf b;
	buf_init(&b, 256);
	fmt_target(&b, LANG_EN, &plan->targets[ti], ind("city_rank_changsha"));
	assert_string_equal(buf_str(&b), "10th or better");
	buf_reset(&b);
	fmt_target(&b, LANG_ZH, &plan->targets[ti], ind("city_rank_changsha"));
	assert_string_equal(buf_str(&b), "≤ 10位");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multiplier_units_in_words),
		cmocka_unit_test(test_ranks_as_ordinals),
		cmocka_unit_test(test_rank_targets_in_words),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
