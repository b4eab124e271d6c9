/* test_view_registries.c - unit tests of app/view_registries.h and app/view_firms.h: who may
 * read the registries and import one; an empty registry; records a page at a time in key order,
 * by region, with their totals, as far as each principal may see them (firm-level records to the
 * department and the region's reporters only); who may list firms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/registries.h"
#include "app/view_firms.h"
#include "base/buf.h"
#include "app/view_registries.h"
#include "app_fixture.h"
#include "base/banned.h"

static struct app_fixture fx;

APP_FIXTURE_HOOKS(fx, "app-view-registries", NULL)

static void test_registries(void **state)
{
	(void)state;
	struct registries_view v;
	assert_int_equal(app_registries_view(app_fixture_as(&fx, WHO_ANON), REG_CONTRACTS, -1, 1, &v), ST_UNAUTH);
	assert_int_equal(app_registries_view(app_fixture_as(&fx, WHO_READER), REG_CONTRACTS, -1, 1, &v), ST_OK);
	assert_int_equal(v.kind, REG_CONTRACTS);
	assert_int_equal(v.n, 0);
	for (int k = 0; k < REG_N_KINDS; k++)
		assert_int_equal(v.counts[k], 0);
	assert_false(v.may_upload);
	assert_int_equal(app_registries_view(app_fixture_as(&fx, WHO_ANALYST), REG_FIRMS, -1, 1, &v), ST_OK);
	assert_true(v.may_upload);
}

/* Import kind from the text csv as the department. */
static void import(enum reg_kind kind, const char *name, const char *csv, size_t len)
{
	struct app_file f = {name, csv, len, NULL};
	struct app_registry_result res;
	assert_int_equal(app_registry_import(app_fixture_as(&fx, WHO_ADMIN), kind, &f, NULL, 0, &res, &fx.errs), ST_OK);
}

/* The golden firms file (145 records: 长沙 60, 长沙高新区 25, 宁乡高新区 12, 株洲 15, 株洲高新区 12, 湘潭 21). */
static void import_firms(void)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/tests/golden/firms50/demo_firms.csv", getenv("INNOMON_SOURCE_ROOT"));
	FILE *in = fopen(path, "rb");
	assert_non_null(in);
	struct buf b;
	buf_init(&b, 0);
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), in)) > 0)
		bwn(&b, chunk, got);
	fclose(in);
	import(REG_FIRMS, "firms.csv", buf_str(&b), b.len);
	buf_release(&b);
}

static void test_registry_pages(void **state)
{
	(void)state;
	struct buf csv;
	buf_init(&csv, 0);
	bw(&csv, "合同编号,签订日期,成交额,地区,买方,卖方\n");
	for (int i = 0; i < 450; i++)
		bwf(&csv, "HT-%04d,2024-05-%02d,%d.5,%s,买方,卖方\n", 449 - i, 1 + i % 28, i, i % 3 ? "长沙" : "株洲高新区");
	import(REG_CONTRACTS, "contracts.csv", buf_str(&csv), csv.len);
	buf_release(&csv);
	import_firms();
	struct reg_record *recs, *next;
	size_t n, total, n_next;
	/* a page, the next page: key order, no overlap, the total whole */
	assert_int_equal(app_registry_page(app_fixture_as(&fx, WHO_READER), REG_CONTRACTS, -1, 0, 10, &recs, &n, &total), ST_OK);
	assert_int_equal(total, 450);
	assert_int_equal(n, 10);
	assert_string_equal(recs[0].key, "HT-0000");
	assert_int_equal(app_registry_page(app_fixture_as(&fx, WHO_READER), REG_CONTRACTS, -1, 10, 10, &next, &n_next, NULL), ST_OK);
	assert_int_equal(n_next, 10);
	assert_string_equal(next[0].key, "HT-0010");
	assert_true(strcmp(recs[9].key, next[0].key) < 0);
	/* by region: 株洲高新区 lies under 株洲 */
	int zhuzhou = plan_find_region(fx.shipped, "zhuzhou");
	assert_true(zhuzhou >= 0);
	assert_int_equal(app_registry_page(app_fixture_as(&fx, WHO_READER), REG_CONTRACTS, zhuzhou, 0, 1000, &recs, &n, &total), ST_OK);
	assert_int_equal(total, 150);
	assert_int_equal(n, 150);
	/* firm-level records: the department sees all, the 株洲 reporter 株洲's 27, a reader none */
	assert_int_equal(app_registry_page(app_fixture_as(&fx, WHO_ANALYST), REG_FIRMS, -1, 0, 1000, &recs, &n, &total), ST_OK);
	assert_int_equal(total, 145);
	assert_int_equal(app_registry_page(app_fixture_as(&fx, WHO_REGION), REG_FIRMS, -1, 0, 1000, &recs, &n, &total), ST_OK);
	assert_int_equal(total, 27);
	assert_int_equal(n, 27);
	unsigned char *scope = arena_calloc(fx.arena, fx.shipped->n_regions, 1);
	reg_region_scope(fx.shipped, zhuzhou, scope);
	for (size_t i = 0; i < n; i++)
		assert_true(scope[plan_find_region(fx.shipped, recs[i].vals[reg_kind_info(REG_FIRMS)->region_field])]);
	assert_int_equal(app_registry_page(app_fixture_as(&fx, WHO_REGION), REG_FIRMS, plan_find_region(fx.shipped, "changsha"),
					   0, 1000, &recs, &n, &total),
			 ST_OK);
	assert_int_equal(total, 0);
	assert_int_equal(app_registry_page(app_fixture_as(&fx, WHO_READER), REG_FIRMS, -1, 0, 1000, &recs, &n, &total), ST_OK);
	assert_int_equal(total, 0);
	/* the page's view: counts per kind as the principal sees them; pages of 200; past the end the last */
	struct registries_view v;
	assert_int_equal(app_registries_view(app_fixture_as(&fx, WHO_READER), REG_CONTRACTS, -1, 3, &v), ST_OK);
	assert_int_equal(v.counts[REG_CONTRACTS], 450);
	assert_int_equal(v.counts[REG_FIRMS], 0);
	assert_int_equal(v.pages, 3);
	assert_int_equal(v.page, 3);
	assert_int_equal(v.n, 50);
	assert_string_equal(v.recs[0].key, "HT-0400");
	assert_int_equal(app_registries_view(app_fixture_as(&fx, WHO_READER), REG_CONTRACTS, zhuzhou, 99, &v), ST_OK);
	assert_int_equal(v.total, 150);
	assert_int_equal(v.page, 1);
	assert_int_equal(v.n, 150);
	assert_int_equal(app_registries_view(app_fixture_as(&fx, WHO_REGION), REG_FIRMS, -1, 1, &v), ST_OK);
	assert_int_equal(v.counts[REG_FIRMS], 27);
	assert_int_equal(v.counts[REG_CONTRACTS], 450);
}

static void test_firms(void **state)
{
	(void)state;
	struct firms_view v;
	struct pipeline_view pv;
	/* firms are listed to the department and region reporters only */
	assert_int_equal(app_firms_view(app_fixture_as(&fx, WHO_READER), 0, -1, 1, 200, &v), ST_DENIED);
	assert_int_equal(app_firms_view(app_fixture_as(&fx, WHO_AMR), 0, -1, 1, 200, &v), ST_DENIED);
	assert_int_equal(app_firms_view(app_fixture_as(&fx, WHO_ANALYST), 0, -1, 1, 200, &v), ST_OK);
	assert_int_equal(v.seen, 0);
	assert_int_equal(v.n_rows, 0);
	/* no registry yet: the pipeline says so rather than failing */
	assert_int_equal(app_pipeline_view(app_fixture_as(&fx, WHO_ANON), 0, &pv), ST_OK);
	assert_false(pv.has_registry);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_registries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_registry_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_firms, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
