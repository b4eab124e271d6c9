/* test_names.c - the one matcher of typed names (core/names.c): codes, Chinese and English
 * names, 市/省 and "city" added or left out, 区/县 left out, a unit's leading 省, ambiguity
 * refused with the candidates named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/arena.h"
#include "core/plan.h"

static struct region regions[] = {
	{.code = "hunan", .name_zh = "湖南", .name_en = "Hunan", .kind = "province"},
	{.code = "changsha", .name_zh = "长沙", .name_en = "Changsha", .kind = "city"},
	{.code = "cs-hitech", .name_zh = "长沙高新区", .name_en = "Changsha High-tech Zone", .kind = "park"},
	{.code = "csx", .name_zh = "长沙县", .name_en = "Changsha County", .kind = "county"},
	{.code = "zhuzhou", .name_zh = "株洲市", .name_en = "Zhuzhou", .kind = "city"},
	{.code = "yuelu", .name_zh = "岳麓区", .name_en = "Yuelu District", .kind = "district"},
};
static struct unit units[] = {
	{.code = "kjt", .name_zh = "省科技厅", .name_en = "Department of Science and Technology"},
	{.code = "cs-gov", .name_zh = "长沙市人民政府", .name_en = "Changsha Municipal Government"},
};
static struct indicator indicators[] = {
	{.code = "rd_intensity", .name_zh = "研发投入强度", .name_en = "R&D intensity"},
	{.code = "tech_contract_turnover", .name_zh = "技术合同成交额", .name_en = "Technology contract turnover"},
};
static struct plan plan = {.regions = regions, .n_regions = 6, .units = units, .n_units = 2,
			   .indicators = indicators, .n_indicators = 2};

static void regions_by_code_and_name(void **state)
{
	(void)state;
	assert_int_equal(plan_find_region_any(&plan, "changsha"), 1);
	assert_int_equal(plan_find_region_any(&plan, "长沙"), 1);
	assert_int_equal(plan_find_region_any(&plan, "长沙市"), 1);
	assert_int_equal(plan_find_region_any(&plan, " 长沙市 "), 1);
	assert_int_equal(plan_find_region_any(&plan, "Changsha"), 1);
	assert_int_equal(plan_find_region_any(&plan, "CHANGSHA city"), 1);
	assert_int_equal(plan_find_region_any(&plan, "湖南省"), 0);
	assert_int_equal(plan_find_region_any(&plan, "Hunan Province"), 0);
	/* a region named with its 市 is found without it */
	assert_int_equal(plan_find_region_any(&plan, "株洲"), 4);
	assert_int_equal(plan_find_region_any(&plan, "株洲市"), 4);
	/* 县 and 区 are other places, not a spelling of the city */
	assert_int_equal(plan_find_region_any(&plan, "长沙县"), 3);
	assert_int_equal(plan_find_region_any(&plan, "长沙区"), -1);
	assert_int_equal(plan_find_region_any(&plan, "changsha high-tech zone"), 2);
	assert_int_equal(plan_find_region_any(&plan, "cs-hitech"), 2);
	/* a district or county without its 区/县, in either language */
	assert_int_equal(plan_find_region_any(&plan, "岳麓"), 5);
	assert_int_equal(plan_find_region_any(&plan, "岳麓区"), 5);
	assert_int_equal(plan_find_region_any(&plan, "yuelu"), 5);
	assert_int_equal(plan_find_region_any(&plan, "YUELU district"), 5);
	assert_int_equal(plan_find_region_any(&plan, "岳麓市"), 5); /* a 市 is dropped from what is typed */
	/* an exact name beats a loose one: 长沙 is the city, not 长沙县 without its 县 */
	assert_int_equal(plan_find_region_any(&plan, "长沙"), 1);
	assert_int_equal(plan_find_region_any(&plan, "changsha county"), 3);
	/* ideographic and ASCII spaces, tabs, case */
	assert_int_equal(plan_find_region_any(&plan, "\xe3\x80\x80长沙市\t"), 1);
	assert_int_equal(plan_find_region_any(&plan, "ChAnGsHa"), 1);
	/* a code as written wins over any name */
	assert_int_equal(plan_find_region_any(&plan, "csx"), 3);
}

static void nothing_and_junk(void **state)
{
	(void)state;
	assert_int_equal(plan_find_region_any(&plan, NULL), -1);
	assert_int_equal(plan_find_region_any(&plan, ""), -1);
	assert_int_equal(plan_find_region_any(&plan, "   "), -1);
	assert_int_equal(plan_find_region_any(&plan, "市"), -1);
	assert_int_equal(plan_find_region_any(&plan, "湘潭"), -1);
	assert_int_equal(plan_find_region_any(&plan, "长"), -1);
	assert_int_equal(plan_find_region_any(&plan, "区"), -1);
	assert_int_equal(plan_find_region_any(&plan, "city"), -1);
	/* longer than any name can be: no match, no overflow */
	char long_name[2000];
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	assert_int_equal(plan_find_region_any(&plan, long_name), -1);
	/* a plan without records */
	struct plan empty = {0};
	assert_int_equal(plan_find_region_any(&empty, "长沙"), -1);
	assert_int_equal(plan_find_unit_any(&empty, "kjt"), -1);
	assert_int_equal(plan_find_indicator_any(&empty, "rd_intensity"), -1);
}

static void units_and_indicators(void **state)
{
	(void)state;
	assert_int_equal(plan_find_unit_any(&plan, "kjt"), 0);
	assert_int_equal(plan_find_unit_any(&plan, "省科技厅"), 0);
	assert_int_equal(plan_find_unit_any(&plan, "科技厅"), 0);
	assert_int_equal(plan_find_unit_any(&plan, "department of science and technology"), 0);
	assert_int_equal(plan_find_unit_any(&plan, "长沙市人民政府"), 1);
	assert_int_equal(plan_find_unit_any(&plan, "科技"), -1);
	assert_int_equal(plan_find_indicator_any(&plan, "技术合同成交额"), 1);
	assert_int_equal(plan_find_indicator_any(&plan, "r&d intensity"), 0);
	assert_int_equal(plan_find_indicator_any(&plan, "Technology Contract Turnover"), 1);
	assert_int_equal(plan_find_indicator_any(&plan, "tech_contract_turnover"), 1);
}

static void ambiguity_is_no_match(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	/* the city 长沙市 is "长沙" before the county 长沙县 is */
	struct region two[] = {
		{.code = "cs", .name_zh = "长沙市", .name_en = "Changsha"},
		{.code = "csx", .name_zh = "长沙县", .name_en = "Changsha County"},
		{.code = "zzx", .name_zh = "株洲县", .name_en = "Zhuzhou County"},
		{.code = "zzq", .name_zh = "株洲区", .name_en = "Zhuzhou District"},
	};
	struct plan q = {.regions = two, .n_regions = 4};
	assert_int_equal(plan_find_region_any(&q, "长沙"), 0);
	assert_null(plan_name_candidates(a, &q, PLAN_REGION, "长沙"));
	/* a county and a district of one name, and no city: "株洲" could be either */
	assert_int_equal(plan_find_region_any(&q, "株洲"), -1);
	assert_int_equal(plan_find_region_any(&q, "株洲市"), -1);
	assert_string_equal(plan_name_candidates(a, &q, PLAN_REGION, "株洲"), "株洲县 (zzx), 株洲区 (zzq)");
	assert_string_equal(plan_name_candidates(a, &q, PLAN_REGION, "zhuzhou"), "株洲县 (zzx), 株洲区 (zzq)");
	/* each by its full name, its code or its English name is one place */
	assert_int_equal(plan_find_region_any(&q, "株洲县"), 2);
	assert_int_equal(plan_find_region_any(&q, "zhuzhou district"), 3);
	assert_int_equal(plan_find_region_any(&q, "zzq"), 3);
	assert_null(plan_name_candidates(a, &q, PLAN_REGION, "株洲县"));
	assert_null(plan_name_candidates(a, &q, PLAN_REGION, "zzq"));
	/* unknown is not ambiguous */
	assert_null(plan_name_candidates(a, &q, PLAN_REGION, "湘潭"));
	assert_null(plan_name_candidates(a, &plan, PLAN_REGION, "长沙区"));
	/* units and indicators alike */
	struct unit us[] = {{.code = "kjt", .name_zh = "省科技厅"}, {.code = "kjj", .name_zh = "科技厅"}};
	struct indicator is[] = {{.code = "x1", .name_zh = "专利数", .name_en = "Patents"},
				 {.code = "x2", .name_zh = "授权专利", .name_en = "patents"}};
	struct plan r = {.units = us, .n_units = 2, .indicators = is, .n_indicators = 2};
	assert_int_equal(plan_find_unit_any(&r, "科技厅"), 1);   /* exact beats the unit's leading 省 */
	assert_int_equal(plan_find_unit_any(&r, "省科技厅"), 0);
	assert_int_equal(plan_find_indicator_any(&r, "PATENTS"), -1);
	assert_string_equal(plan_name_candidates(a, &r, PLAN_INDICATOR, "PATENTS"), "专利数 (x1), 授权专利 (x2)");
	assert_null(plan_name_candidates(a, &r, PLAN_UNIT, "科技厅"));
	arena_free(a);
}

/* The memo answers what the matcher answers, the first time and every time after, for names
 * that resolve, names that do not (refused each time), and past its bound. */
static void memo_answers_as_the_matcher(void **state)
{
	(void)state;
	static const char *const typed[] = {"changsha", "长沙", "长沙市", "CHANGSHA city", "长沙区", "长沙县", "岳麓",
					    "", "nowhere", "长沙", "岳麓区", "株洲", "changsha"};
	struct arena *a = arena_new();
	struct plan_name_memo regs, inds;
	plan_name_memo_init(&regs, a, &plan, PLAN_REGION);
	plan_name_memo_init(&inds, a, &plan, PLAN_INDICATOR);
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < sizeof(typed) / sizeof(typed[0]); i++)
			assert_int_equal(plan_name_memo_find(&regs, typed[i], strlen(typed[i])), plan_find_region_any(&plan, typed[i]));
	assert_int_equal(plan_name_memo_find(&regs, "长沙", strlen("长沙")), 1);
	assert_int_equal(plan_name_memo_find(&regs, "长沙区", strlen("长沙区")), -1);
	/* a text is its bytes, not up to a NUL inside it */
	assert_int_equal(plan_name_memo_find(&regs, "changsha\0x", 10), -1);
	assert_int_equal(plan_name_memo_find(&regs, "changshax", 8), 1);
	assert_int_equal(plan_name_memo_find(&inds, "技术合同成交额", strlen("技术合同成交额")), 1);
	assert_int_equal(plan_name_memo_find(&inds, "R&D intensity", strlen("R&D intensity")), 0);
	assert_int_equal(plan_name_memo_find(&inds, "长沙", strlen("长沙")), -1);
	/* past its bound the memo keeps nothing more and still answers */
	char name[64];
	for (int i = 0; i < PLAN_NAME_MEMO_MAX + 50; i++) {
		int n = snprintf(name, sizeof(name), " changsha%*s", i % 40, "");
		assert_int_equal(plan_name_memo_find(&regs, name, (size_t)n), 1);
		n = snprintf(name, sizeof(name), "长沙市 %d", i);
		assert_int_equal(plan_name_memo_find(&regs, name, (size_t)n), -1);
	}
	assert_true(regs.n <= PLAN_NAME_MEMO_MAX);
	assert_int_equal(plan_name_memo_find(&regs, "yuelu", 5), 5);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(regions_by_code_and_name),
		cmocka_unit_test(nothing_and_junk),
		cmocka_unit_test(units_and_indicators),
		cmocka_unit_test(ambiguity_is_no_match),
		cmocka_unit_test(memo_answers_as_the_matcher),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
