/* test_names.c - the one matcher of typed names (core/names.c): codes, Chinese and English
 * names, 市/省 and "city" added or left out, a unit's leading 省, ambiguity refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/plan.h"

static struct region regions[] = {
	{.code = "hunan", .name_zh = "湖南", .name_en = "Hunan", .kind = "province"},
	{.code = "changsha", .name_zh = "长沙", .name_en = "Changsha", .kind = "city"},
	{.code = "cs-hitech", .name_zh = "长沙高新区", .name_en = "Changsha High-tech Zone", .kind = "park"},
	{.code = "csx", .name_zh = "长沙县", .name_en = "Changsha County", .kind = "county"},
	{.code = "zhuzhou", .name_zh = "株洲市", .name_en = "Zhuzhou", .kind = "city"},
};
static struct unit units[] = {
	{.code = "kjt", .name_zh = "省科技厅", .name_en = "Department of Science and Technology"},
	{.code = "cs-gov", .name_zh = "长沙市人民政府", .name_en = "Changsha Municipal Government"},
};
static struct indicator indicators[] = {
	{.code = "rd_intensity", .name_zh = "研发投入强度", .name_en = "R&D intensity"},
	{.code = "tech_contract_turnover", .name_zh = "技术合同成交额", .name_en = "Technology contract turnover"},
};
static struct plan plan = {.regions = regions, .n_regions = 5, .units = units, .n_units = 2,
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
	struct region two[] = {
		{.code = "a", .name_zh = "新区", .name_en = "New Area"},
		{.code = "b", .name_zh = "新区市", .name_en = "New City"},
	};
	struct plan q = {.regions = two, .n_regions = 2};
	assert_int_equal(plan_find_region_any(&q, "新区"), 0);  /* exact beats loose */
	assert_int_equal(plan_find_region_any(&q, "新区省"), -1); /* loose for both: ambiguous */
	assert_int_equal(plan_find_region_any(&q, "b"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(regions_by_code_and_name),
		cmocka_unit_test(nothing_and_junk),
		cmocka_unit_test(units_and_indicators),
		cmocka_unit_test(ambiguity_is_no_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
