/* test_firm_access.c - who sees what of the enterprise evaluation (core/firm_access.c) and the
 * pipeline counts (core/pipeline.c): firm-level results for the department and the firm's own
 * region (and the regions above a reporter's region: no); counts below 3 withheld from everyone
 * else, with the complementary cells subtraction would reveal; a firm counted once in its
 * region and every region above it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/firm_access.h"
#include "core/pipeline.h"
#include "firm_fixture.h"
#include "base/banned.h"

/* 0 hunan <- 1 czt <- {2 changsha, 3 zhuzhou, 4 xiangtan} (summing into czt); 5 zcq under czt;
 * 6 cs-hitech under changsha and zcq (summing into zcq); 7 zz-hitech under zhuzhou and zcq */
static int par_czt[] = {0}, par_city[] = {1}, par_zcq[] = {1}, par_cs[] = {2, 5}, par_zz[] = {3, 5};
static struct region regions[] = {
	{"hunan", "湖南", "Hunan", "province", NULL, 0, NULL, NULL, -1, {NULL, 0}, NULL, 0, 0, 0},
	{"czt", "长株潭", "CZT", "metro", NULL, 1, par_czt, NULL, -1, {NULL, 0}, NULL, 0, 0, 0},
	{"changsha", "长沙", "Changsha", "city", NULL, 1, par_city, "czt", 1, {NULL, 0}, NULL, 0, 0, 0},
	{"zhuzhou", "株洲", "Zhuzhou", "city", NULL, 1, par_city, "czt", 1, {NULL, 0}, NULL, 0, 0, 0},
	{"xiangtan", "湘潭", "Xiangtan", "city", NULL, 1, par_city, "czt", 1, {NULL, 0}, NULL, 0, 0, 0},
	{"zcq", "自创区", "Zone", "zone", NULL, 1, par_zcq, NULL, -1, {NULL, 0}, NULL, 0, 0, 0},
	{"cs-hitech", "长沙高新区", "CS park", "park", NULL, 2, par_cs, "zcq", 5, {NULL, 0}, NULL, 0, 0, 0},
	{"zz-hitech", "株洲高新区", "ZZ park", "park", NULL, 2, par_zz, "zcq", 5, {NULL, 0}, NULL, 0, 0, 0},
};
static struct plan plan = {.regions = regions, .n_regions = 8};

static const struct principal anon = {ROLE_NONE, 0, NULL, NULL, NULL, 0};
static const struct principal analyst = {ROLE_ANALYST, 1, "ana", NULL, NULL, 0};
static const struct principal reader = {ROLE_READER, 2, "rea", NULL, NULL, 0};
static const struct principal zz_rep = {ROLE_REGION_REPORTER, 3, "zz", NULL, "zhuzhou", 0};
static const struct principal unit_rep = {ROLE_UNIT_REPORTER, 4, "u", "kjt", NULL, 0};

static void test_firm_detail_for_department_and_own_region(void **state)
{
	(void)state;
	assert_true(firm_may_see(&analyst, &plan, 6));
	assert_true(firm_may_see(&analyst, &plan, -1));
	assert_true(firm_may_see(&zz_rep, &plan, 3));
	assert_true(firm_may_see(&zz_rep, &plan, 7));  /* a park below the reporter's city */
	assert_false(firm_may_see(&zz_rep, &plan, 2)); /* another city */
	assert_false(firm_may_see(&zz_rep, &plan, 1)); /* the region above */
	assert_false(firm_may_see(&zz_rep, &plan, -1));
	assert_false(firm_may_see(&reader, &plan, 3));
	assert_false(firm_may_see(&unit_rep, &plan, 3));
	assert_false(firm_may_see(&anon, &plan, 3));
	assert_false(firm_may_see(NULL, &plan, 3));
	assert_true(firm_may_list(&zz_rep));
	assert_false(firm_may_list(&reader));
	assert_false(firm_may_list(&unit_rep));
}

static void shown_for(const struct principal *p, const long *counts, unsigned char *shown)
{
	firm_counts_shown(p, &plan, counts, shown);
}

static void test_counts_below_three_are_withheld(void **state)
{
	(void)state;
	/* hunan czt cs zz xt zcq csp zzp */
	long counts[8] = {21, 21, 12, 6, 3, 9, 6, 3};
	unsigned char shown[8];
	shown_for(&anon, counts, shown);
	for (int g = 0; g < 8; g++)
		assert_true(shown[g]);
	/* zhuzhou 5 with a park of 3: 2 firms of zhuzhou outside the park would show, so the park is hidden */
	counts[3] = 5, counts[1] = 20, counts[0] = 20;
	shown_for(&anon, counts, shown);
	assert_false(shown[7]);
	assert_true(shown[3]);
	counts[3] = 6, counts[4] = 2, counts[1] = 20, counts[0] = 20; /* xiangtan 2 */
	shown_for(&anon, counts, shown);
	assert_false(shown[4]);
	/* czt - changsha - zhuzhou = 2 would give xiangtan away: the smallest other city goes too */
	assert_false(shown[3]);
	assert_true(shown[2]);
	assert_true(shown[1]);
	/* the department sees every count */
	shown_for(&analyst, counts, shown);
	for (int g = 0; g < 8; g++)
		assert_true(shown[g]);
	/* zero is below three too */
	long zeros[8] = {10, 10, 10, 0, 0, 4, 4, 0};
	shown_for(&reader, zeros, shown);
	assert_false(shown[3]);
	assert_false(shown[4]);
	assert_false(shown[7]);
}

static void test_complementary_cells_through_every_family(void **state)
{
	(void)state;
	/* zcq 7 = cs park 6 + zz park 1: the park of 1 is hidden, and zcq - 6 = 1 would reveal it */
	long counts[8] = {30, 30, 16, 9, 5, 7, 6, 1};
	unsigned char shown[8];
	shown_for(&anon, counts, shown);
	assert_false(shown[7]);
	assert_false(shown[6]);
	assert_true(shown[5]);
	/* czt's own firms outside every city: 30 - 16 - 9 - 3 = 2 firms of czt itself */
	long own[8] = {30, 30, 16, 9, 3, 7, 6, 1};
	shown_for(&anon, own, shown);
	int hidden_cities = !shown[2] + !shown[3] + !shown[4];
	assert_true(hidden_cities >= 1);
	/* whatever is shown, no shown parent minus its shown disjoint children is 1 or 2 */
	long rest = own[1];
	for (int c = 2; c <= 4; c++)
		if (shown[c])
			rest -= own[c];
	assert_true(rest >= 3 || !shown[1]);
}

static void test_reporter_sees_its_own_counts(void **state)
{
	(void)state;
	long counts[8] = {20, 20, 14, 2, 4, 6, 4, 2};
	unsigned char shown[8];
	shown_for(&zz_rep, counts, shown);
	assert_true(shown[3]); /* its own city, though 2 */
	assert_true(shown[7]); /* and its park */
	shown_for(&reader, counts, shown);
	assert_false(shown[3]);
	assert_false(shown[7]);
}

static void test_pipeline_counts_each_firm_once_up_the_tree(void **state)
{
	(void)state;
	/* three firms: a qualifying TSME in the changsha park, one in zhuzhou, one with no 2024 row */
	struct fx_firm x[3];
	struct firm firms[3];
	int regs[3] = {6, 3, 2};
	for (int i = 0; i < 3; i++) {
		fx_init(&x[i], "2015-01-01");
		struct firm_year *y = fx_year(&x[i], i == 2 ? 2023 : 2024);
		y->region = regs[i];
		y->staff = 100, y->tech_staff = i == 1 ? 5 : 30, y->revenue = W(10000), y->rd = W(600), y->cost = W(9000);
		y->assets = W(8000), y->ip1 = 0, y->ip2 = 0, y->compliance = 1;
		firms[i] = x[i].f;
	}
	int near[FM_N] = {10, 10, 10, 10, 10};
	struct pipeline_row rows[8];
	pipeline_count(&plan, firms, 3, 2024, near, rows);
	assert_int_equal(rows[6].evaluated, 1);
	assert_int_equal(rows[2].evaluated, 1); /* the park counts for changsha */
	assert_int_equal(rows[5].evaluated, 1); /* and for the zone */
	assert_int_equal(rows[1].evaluated, 2); /* and once for czt */
	assert_int_equal(rows[0].evaluated, 2);
	assert_int_equal(rows[4].evaluated, 0);
	assert_int_equal(rows[0].qualifies[FM_TSME], 1);
	assert_int_equal(rows[3].qualifies[FM_TSME], 0);
	/* 5% S&T staff: 0 staff points and a total of 50, two conditions short: not within reach */
	assert_int_equal(rows[3].reach[FM_TSME], 0);
	long col[8];
	assert_true(pipeline_column(rows, 8, "qualifies", FM_TSME, col));
	assert_int_equal(col[1], 1);
	assert_false(pipeline_column(rows, 8, "nonsense", FM_TSME, col));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_firm_detail_for_department_and_own_region),
		cmocka_unit_test(test_counts_below_three_are_withheld),
		cmocka_unit_test(test_complementary_cells_through_every_family),
		cmocka_unit_test(test_reporter_sees_its_own_counts),
		cmocka_unit_test(test_pipeline_counts_each_firm_once_up_the_tree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
