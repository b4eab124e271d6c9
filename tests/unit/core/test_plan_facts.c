/* test_plan_facts.c - unit tests of core/plan_facts.c: the years a plan covers, its document
 * kind from the title (with and without a trailing parenthesis), its level from the region
 * tree, the place a local government answers for (cities, counties and districts, the longest
 * name winning), the unit kind keys by level, and Chinese numerals at every edge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/plan_facts.h"
#include "base/banned.h"

static struct plan plan_with(const char *title, const char *issued, const char *valid_until, int target_year)
{
	struct plan p;
	memset(&p, 0, sizeof(p));
	p.info.title_zh = title;
	p.info.issued = issued;
	p.info.valid_until = valid_until;
	p.info.target_year = target_year;
	return p;
}

static void test_years_covered(void **state)
{
	(void)state;
	struct plan p = plan_with("某某行动计划", "2024-02-02", "2025-12-31", 2025);
	assert_int_equal(plan_first_year(&p), 2024);
	assert_int_equal(plan_last_year(&p), 2025);
	/* a target after the plan's own years extends them; a year-only date counts */
	struct target t[2];
	memset(t, 0, sizeof(t));
	t[0].year = 2022, t[1].year = 2035;
	p.targets = t, p.n_targets = 2;
	p.info.valid_until = "2030";
	assert_int_equal(plan_last_year(&p), 2035);
	p.info.issued = "2026-03";
	assert_int_equal(plan_first_year(&p), 2026);
	p.info.issued = NULL;
	assert_int_equal(plan_first_year(&p), 0);
	p.info.issued = "20x6";
	assert_int_equal(plan_first_year(&p), 0);
}

static void assert_kind(const char *title, const char *kind)
{
	struct plan p = plan_with(title, "2020", "2020", 2020);
	if (strcmp(plan_doc_kind(&p), kind) != 0)
		fail_msg("'%s': %s, not %s", title, plan_doc_kind(&p), kind);
}

static void test_document_kind_from_the_title(void **state)
{
	(void)state;
	assert_kind("长株潭国家自主创新示范区提质升级行动计划", "action_plan");
	assert_kind("湖南省动力支撑能力提升行动方案（2022—2025年）", "action_programme");
	assert_kind("湖南创新型省份建设实施方案", "implementation_plan");
	assert_kind("关于全力建设全球研发中心城市的实施意见", "implementing_opinions");
	assert_kind("湖南省“十四五”科技创新规划", "plan");
	assert_kind("国民经济和社会发展第十五个五年规划纲要", "outline");
	assert_kind("高新技术产业开发区提质增效三年行动计划(2026-2028年)", "action_plan");
	assert_kind("某某工作方案（试行）", "programme");
	assert_kind("关于加快科技创新的若干意见", "opinions");
	assert_kind("支持科技创新的若干措施", "measures");
	assert_kind("科技创新白皮书", "document");
	assert_kind("（）", "document");
	assert_kind("", "document");
	struct plan p = plan_with(NULL, "2020", "2020", 2020);
	assert_string_equal(plan_doc_kind(&p), "document");
}

static void test_level_and_places(void **state)
{
	(void)state;
	struct plan p = plan_with("某某实施意见", "2013-05-01", "2016-12-31", 2016);
	struct region g[5];
	memset(g, 0, sizeof(g));
	int parent_city[] = {0};
	g[0] = (struct region){.code = "cs", .name_zh = "长沙", .kind = "city"};
	g[1] = (struct region){.code = "yl", .name_zh = "岳麓区", .kind = "district", .n_parents = 1, .parents = parent_city};
	g[2] = (struct region){.code = "csx", .name_zh = "长沙县", .kind = "county", .n_parents = 1, .parents = parent_city};
	g[3] = (struct region){.code = "park", .name_zh = "长沙高新区", .kind = "park", .n_parents = 1, .parents = parent_city};
	g[4] = (struct region){.code = "zone", .name_zh = "某园区", .kind = "park"};
	p.regions = g, p.n_regions = 5;
	/* a city's plan: its top region is a city (a top park does not count) */
	assert_string_equal(plan_level(&p), "city");
	struct unit u[6];
	u[0] = (struct unit){.code = "a", .name_zh = "长沙市人民政府", .kind = "city_gov"};
	u[1] = (struct unit){.code = "b", .name_zh = "岳麓区人民政府", .kind = "city_gov"};
	u[2] = (struct unit){.code = "c", .name_zh = "长沙县人民政府", .kind = "city_gov"};
	u[3] = (struct unit){.code = "d", .name_zh = "市委组织部", .kind = "party_dept"};
	u[4] = (struct unit){.code = "e", .name_zh = "市科技局", .kind = "provincial_dept"};
	u[5] = (struct unit){.code = "f", .name_zh = "某某市人民政府", .kind = "city_gov"};
	p.units = u, p.n_units = 6;
	assert_int_equal(plan_unit_place(&p, 0), 0);
	assert_int_equal(plan_unit_place(&p, 1), 1);
	assert_int_equal(plan_unit_place(&p, 2), 2); /* 长沙县, not 长沙 */
	assert_int_equal(plan_unit_place(&p, 3), -1); /* not a government */
	assert_int_equal(plan_unit_place(&p, 5), -1); /* no such place */
	assert_int_equal(plan_unit_place(&p, -1), -1);
	assert_int_equal(plan_unit_place(&p, 6), -1);
	char k[96];
	assert_string_equal(plan_unit_kind_key(&p, 0, k, sizeof(k)), "unit_kind.city_gov.city");
	assert_string_equal(plan_unit_kind_key(&p, 1, k, sizeof(k)), "unit_kind.city_gov.district");
	assert_string_equal(plan_unit_kind_key(&p, 2, k, sizeof(k)), "unit_kind.city_gov.county");
	assert_string_equal(plan_unit_kind_key(&p, 3, k, sizeof(k)), "unit_kind.party_dept.city");
	assert_string_equal(plan_unit_kind_key(&p, 4, k, sizeof(k)), "unit_kind.provincial_dept.city");
	assert_string_equal(plan_unit_kind_key(&p, 5, k, sizeof(k)), "unit_kind.city_gov");
	/* a province above the city: a provincial plan */
	struct region h[2];
	int parent_prov[] = {0};
	h[0] = (struct region){.code = "hn", .name_zh = "湖南", .kind = "province"};
	h[1] = (struct region){.code = "cs", .name_zh = "长沙", .kind = "city", .n_parents = 1, .parents = parent_prov};
	p.regions = h, p.n_regions = 2;
	assert_string_equal(plan_level(&p), "province");
	assert_string_equal(plan_unit_kind_key(&p, 3, k, sizeof(k)), "unit_kind.party_dept.province");
	/* no region of a known level: provincial */
	p.n_regions = 0;
	assert_string_equal(plan_level(&p), "province");
	u[0].kind = "central_agency";
	assert_string_equal(plan_unit_kind_key(&p, 0, k, sizeof(k)), "unit_kind.central_agency");
}

static void test_chinese_numerals(void **state)
{
	(void)state;
	char s[16];
	static const struct {
		int n;
		const char *zh;
	} cases[] = {{1, "一"},  {9, "九"},    {10, "十"},    {11, "十一"},     {12, "十二"},   {19, "十九"},
		     {20, "二十"}, {21, "二十一"}, {30, "三十"}, {99, "九十九"}, {0, "0"},     {100, "100"},
		     {-3, "-3"}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(zh_numeral(cases[i].n, s), cases[i].zh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_years_covered),
		cmocka_unit_test(test_document_kind_from_the_title),
		cmocka_unit_test(test_level_and_places),
		cmocka_unit_test(test_chinese_numerals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
