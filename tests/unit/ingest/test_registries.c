/* test_registries.c - registry import and derived-indicator computation through
 * ingest/registries.h on the demo plan (data/demo/plan): every bad cell reported with its row
 * and column and nothing written; a key given twice listed in its row's place across the
 * store's write batches; a clean file written once; recompute writing values once and nothing
 * the second time; a record moved to another region and year revising the values it
 * used to count in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "base/buf.h"
#include "ingest/plan_load.h"
#include "ingest/registries.h"
#include "store/store.h"
#include "base/banned.h"

struct fixture {
	struct arena *arena;
	struct plan *demo;
	char tmpdir[64];
	char db[128];
	struct store *store;
};

static struct fixture fx;

static int group_setup(void **state)
{
	(void)state;
	fx.arena = arena_new();
	return fixture_demo_plan(fx.arena, &fx.demo);
}

static int group_teardown(void **state)
{
	(void)state;
	arena_free(fx.arena);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	if (fixture_tmpdir(fx.tmpdir, fx.db, "registries") != 0)
		return -1;
	return fixture_store(fx.db, fx.demo, &fx.store);
}

static int teardown(void **state)
{
	(void)state;
	store_close(fx.store);
	fx.store = NULL;
	fixture_remove(fx.tmpdir, fx.db);
	return 0;
}

static enum status import_text(enum reg_kind k, const char *text, struct registry_import_result *res, struct diag_list *d)
{
	struct registry_import_opts o = {NULL, NULL, "tester", 0};
	return registry_import(fx.store, fx.arena, fx.demo, k, "t.csv", text, strlen(text), &o, res, d);
}

/* The message of the error at line:col (the test fails when there is none). */
static const char *diag_at(const struct diag_list *d, long line, int col)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].line == line && d->items[i].col == col)
			return d->items[i].msg;
	fail_msg("no diagnostic at %ld:%d", line, col);
	return "";
}

static void test_registry_import_reports_every_bad_cell(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d, fx.arena);
	struct registry_import_result res;
	const char *text = "no,granted,lapsed,region\n"
			   "P1,2024-01-01,,长沙\n"
			   "P|2,2024-01-01,,长沙\n"
			   "P3,2024-01-01,2023-12-31,changsha\n"
			   "P4,,,nowhere\n"
			   "P1,2024-01-01,,changsha\n";
	assert_int_equal(import_text(REG_PATENTS, text, &res, &d), ST_INVALID);
	assert_non_null(strstr(diag_at(&d, 3, 1), "may not contain '|'"));
	assert_non_null(strstr(diag_at(&d, 4, 3), "before the granted"));
	assert_non_null(strstr(diag_at(&d, 5, 2), "the granted is empty"));
	assert_non_null(strstr(diag_at(&d, 5, 4), "unknown region 'nowhere'"));
	assert_non_null(strstr(diag_at(&d, 6, 1), "the same patents record as row 2"));
	assert_int_equal(diag_errors(&d), 5);
	struct reg_record *cur;
	size_t n = 1;
	assert_int_equal(store_registry_current(fx.store, fx.arena, REG_PATENTS, &cur, &n), ST_OK);
	assert_int_equal(n, 0);
}

/* The store writes records a batch at a time (store.h), so a key given twice is found only when
 * its batch is written, after later rows were checked: its error still comes in its row's
 * place, within a batch and across a batch's edge (256 records), between the errors of the rows
 * around it, and the counts are those of the whole file. */
static void test_registry_import_lists_duplicates_in_row_order(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d, fx.arena);
	struct registry_import_result res;
	struct buf b;
	buf_init(&b, 0);
	bw(&b, "no,granted,lapsed,region\n");
	for (int line = 2; line <= 320; line++) {
		if (line == 100 || line == 270)
			bw(&b, "P2,2024-01-01,,长沙\n"); /* line 2's key: in its batch, then past the edge */
		else if (line == 101 || line == 271)
			bwf(&b, "P%d,2024-13-01,,长沙\n", line); /* a bad date after each */
		else
			bwf(&b, "P%d,2024-01-01,,长沙\n", line);
	}
	assert_int_equal(import_text(REG_PATENTS, buf_str(&b), &res, &d), ST_INVALID);
	buf_release(&b);
	assert_int_equal(d.n, 4);
	long want_line[] = {100, 101, 270, 271};
	const char *want_code[] = {"duplicate_key", "bad_date", "duplicate_key", "bad_date"};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(d.items[i].line, want_line[i]);
		assert_string_equal(d.items[i].code, want_code[i]);
	}
	assert_non_null(strstr(d.items[2].msg, "the same patents record as row 2"));
	assert_int_equal(res.n_rows, 319);
	struct reg_record *cur;
	size_t n = 1;
	assert_int_equal(store_registry_current(fx.store, fx.arena, REG_PATENTS, &cur, &n), ST_OK);
	assert_int_equal(n, 0);
}

/* A contract amount written 1,234.5 without quotes shifts the region into the buyer column:
 * the row is refused with both counts, and no record of the file is stored. */
static void test_registry_import_rejects_row_of_another_shape(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d, fx.arena);
	struct registry_import_result res;
	const char *text = "合同编号,签订日期,成交额,地区,买方,卖方\n"
			   "C1,2024-03-01,12.5,长沙,甲,乙\n"
			   "C2,2024-03-02,1,234.5,长沙,甲,乙\n";
	assert_int_equal(import_text(REG_CONTRACTS, text, &res, &d), ST_INVALID);
	assert_int_equal(diag_errors(&d), 1);
	assert_string_equal(d.items[0].code, "row_shape");
	assert_string_equal(d.items[0].file, "t.csv");
	assert_int_equal(d.items[0].line, 3);
	assert_non_null(strstr(d.items[0].msg, "the row has 7 fields but the header has 6"));
	struct reg_record *cur;
	size_t n = 1;
	assert_int_equal(store_registry_current(fx.store, fx.arena, REG_CONTRACTS, &cur, &n), ST_OK);
	assert_int_equal(n, 0);
}

static void test_registry_recompute_writes_once(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d, fx.arena);
	struct registry_import_result res;
	const char *text = "专利号,授权日,失效日,地区\n"
			   "P1,2023-03-01,,长沙\n"
			   "P2,2023-06-01,2024-12-31,长沙高新区\n";
	assert_int_equal(import_text(REG_PATENTS, text, &res, &d), ST_OK);
	assert_int_equal(res.n_new, 2);
	assert_true(res.batch_id > 0);
	/* the import computed the one indicator reading patents, in its own transaction:
	 * changsha, cs-hitech, zcq, czt, hunan x 2023..2024 */
	assert_int_equal(res.derived.n_indicators, 1);
	assert_int_equal(res.derived.n_cells, 10);
	assert_int_equal(res.derived.n_new, 10);
	assert_true(res.derived.batch_id == 0); /* values are not an import batch */

	/* computed again from scratch: the same values to the bit, nothing written */
	struct registry_recompute_result rr;
	assert_int_equal(registry_recompute(fx.store, fx.arena, fx.demo, "tester", 2025, 0, &rr, &d), ST_OK);
	assert_int_equal(rr.n_indicators, 6);
	assert_int_equal(rr.n_cells, 10);
	assert_int_equal(rr.n_unchanged, 10);
	assert_int_equal(rr.n_new + rr.n_revised, 0);
	struct obs *rows;
	size_t n;
	assert_int_equal(store_obs_current(fx.store, fx.arena, "demo_patents_stock", "zcq", OBS_VIEW_INTERNAL, &rows, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].period, "2023");
	assert_true(rows[0].value == 1);
	assert_true(rows[1].value == 0); /* P2 lapsed on 2024-12-31 */
	assert_string_equal(rows[0].source, "registry: count(patents where granted <= period_end and (lapsed is null or lapsed > period_end))");
	assert_int_equal(rows[0].status, OBS_APPROVED);

	assert_int_equal(registry_recompute(fx.store, fx.arena, fx.demo, "tester", 2025, 0, &rr, &d), ST_OK);
	assert_int_equal(rr.n_unchanged, 10);
	assert_int_equal(rr.n_new + rr.n_revised, 0);
	assert_int_equal(rr.batch_id, 0);
	/* a max year before every record: only the cells computed before, unchanged */
	assert_int_equal(registry_recompute(fx.store, fx.arena, fx.demo, "tester", 2020, 0, &rr, &d), ST_OK);
	assert_int_equal(rr.n_cells, 10);
	assert_int_equal(rr.n_unchanged, 10);
}

static void test_registry_recompute_revises_cells_a_record_left(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d, fx.arena);
	struct registry_import_result res;
	assert_int_equal(import_text(REG_TALENTS, "id,programme,year,region\nT1,芙蓉计划,2024,xiangtan\n", &res, &d), ST_OK);
	assert_int_equal(res.derived.n_new, 3); /* xiangtan, czt, hunan in 2024 */
	/* the record was entered with the wrong region and year: corrected, it leaves xiangtan 2024 */
	assert_int_equal(import_text(REG_TALENTS, "id,programme,year,region\nT1,芙蓉计划,2025,zhuzhou\n", &res, &d), ST_OK);
	assert_int_equal(res.n_revised, 1);
	struct registry_recompute_result rr;
	assert_int_equal(registry_recompute(fx.store, fx.arena, fx.demo, "tester", 2025, 0, &rr, &d), ST_OK);
	assert_int_equal(rr.n_new + rr.n_revised, 0); /* the import had done it all */
	struct obs *rows;
	size_t n;
	assert_int_equal(store_obs_current(fx.store, fx.arena, "demo_talent_new", "xiangtan", OBS_VIEW_INTERNAL, &rows, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].period, "2024");
	assert_true(rows[0].value == 0);
	assert_int_equal(rows[0].revision, 2);
	assert_string_equal(rows[1].period, "2025");
	assert_true(rows[1].value == 0);
	assert_int_equal(store_obs_current(fx.store, fx.arena, "demo_talent_new", "zhuzhou", OBS_VIEW_INTERNAL, &rows, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_true(rows[0].value == 0 && rows[1].value == 1);
	assert_int_equal(store_obs_current(fx.store, fx.arena, "demo_talent_new", "czt", OBS_VIEW_INTERNAL, &rows, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_true(rows[0].value == 0 && rows[1].value == 1);
}


/* The firms registry: a credit code failing GB 32100 names the character it should end in;
 * titles are a list of allowed values; counts are whole; expert points stay in range; a
 * negative profit is allowed where a negative revenue is not. */
static void test_registry_firms_cells_checked(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d, fx.arena);
	struct registry_import_result res;
	const char *text = "统一社会信用代码,年度,企业名称,地区,职工总数,营业收入,净利润,称号,专家评分成长性\n"
			   "9144030071526726XG,2024,甲,长沙,120,5000,-30,自主品牌;管理体系认证,15\n"
			   "9144030071526726XA,2024,乙,长沙,12.5,-1,0,金奖,21\n"
			   "91DEMO000000000001,2024,丙,株洲,1,1,1,无,0\n";
	assert_int_equal(import_text(REG_FIRMS, text, &res, &d), ST_INVALID);
	assert_non_null(strstr(diag_at(&d, 3, 1), "the 18th character should be 'G'"));
	assert_non_null(strstr(diag_at(&d, 3, 5), "whole number"));
	assert_non_null(strstr(diag_at(&d, 3, 6), "must not be negative"));
	assert_non_null(strstr(diag_at(&d, 3, 8), "'金奖' is not a list of titles"));
	assert_non_null(strstr(diag_at(&d, 3, 9), "at most 20"));
	assert_non_null(strstr(diag_at(&d, 4, 1), "character 6 is not one of"));
	assert_int_equal(diag_errors(&d), 6);
}

static void test_registry_firms_import_and_revise(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d, fx.arena);
	struct registry_import_result res;
	const char *text = "code,year,name,region,revenue,titles\n"
			   "9144030071526726XG,2023,甲,changsha,4000,own_brand\n"
			   "9144030071526726XG,2024,甲,changsha,5000.25,管理体系认证、自主品牌\n";
	assert_int_equal(import_text(REG_FIRMS, text, &res, &d), ST_OK);
	assert_int_equal(res.n_new, 2);
	struct reg_record *cur;
	size_t n;
	assert_int_equal(store_registry_current(fx.store, fx.arena, REG_FIRMS, &cur, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(cur[1].key, "9144030071526726XG|2024");
	int t = reg_field_find(REG_FIRMS, "titles", 6), rev = reg_field_find(REG_FIRMS, "revenue", 7);
	assert_string_equal(cur[1].vals[t], "mgmt_cert;own_brand"); /* canonical, in the field's order */
	assert_string_equal(cur[1].vals[rev], "5000.25");
	/* the same file again changes nothing; a corrected figure is revision 2 */
	assert_int_equal(import_text(REG_FIRMS, text, &res, &d), ST_OK);
	assert_int_equal(res.n_unchanged, 2);
	const char *fixed = "code,year,name,region,revenue,titles\n9144030071526726XG,2024,甲,changsha,5100,own_brand;mgmt_cert\n";
	assert_int_equal(import_text(REG_FIRMS, fixed, &res, &d), ST_OK);
	assert_int_equal(res.n_revised, 1);
	assert_int_equal(store_registry_current(fx.store, fx.arena, REG_FIRMS, &cur, &n), ST_OK);
	assert_int_equal(cur[1].revision, 2);
	assert_string_equal(cur[1].vals[rev], "5100");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	/* 2025 has ended: imports compute derived values up to 2025 */
	setenv("INNOMON_NOW", "2026-03-01T00:00:00Z", 1);
	const struct CMUnitTest tests[] = {
		T(test_registry_import_reports_every_bad_cell),
		T(test_registry_import_lists_duplicates_in_row_order),
		T(test_registry_import_rejects_row_of_another_shape),
		T(test_registry_recompute_writes_once),
		T(test_registry_recompute_revises_cells_a_record_left),
		T(test_registry_firms_cells_checked),
		T(test_registry_firms_import_and_revise),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
