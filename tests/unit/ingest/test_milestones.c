/* test_milestones.c - unit tests of ingest/milestones.c: the shipped milestones.csv loads clean;
 * Chinese headers, units by Chinese name and indicators by name; every bad row reported at its
 * line and column and nothing written; a duplicate code; a second import updating one row; a
 * dry run writing nothing; GBK text; milestone_check for API edits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ingest/milestones.h"
#include "ingest/plan_load.h"
#include "store/store.h"
#include "fixture.h"
#include "base/banned.h"

struct fixture {
	struct arena *arena;
	struct plan *plan;
	char tmpdir[64], db[128];
	struct store *store;
	struct diag_list d;
};

static struct fixture fx;

static int setup(void **state)
{
	(void)state;
	fx.arena = arena_new();
	diag_init(&fx.d, fx.arena);
	if (fixture_shipped_plan(fx.arena, &fx.plan) != 0 || fixture_tmpdir(fx.tmpdir, fx.db, "ms") != 0)
		return -1;
	return fixture_store(fx.db, fx.plan, &fx.store);
}

static int teardown(void **state)
{
	(void)state;
	store_close(fx.store);
	fixture_remove(fx.tmpdir, fx.db);
	arena_free(fx.arena);
	return 0;
}

static enum status import(const char *text, int is_dry_run, struct milestones_result *res)
{
	struct milestones_opts mo = {NULL, NULL, is_dry_run};
	return milestones_import(fx.store, fx.arena, fx.plan, "ms.csv", text, strlen(text), &mo, res, &fx.d);
}

static size_t stored(void)
{
	struct sup_milestone *rows;
	size_t n;
	assert_int_equal(store_sup_milestones(fx.store, fx.arena, "czt-2024", 0, &rows, &n), ST_OK);
	return n;
}

static void test_milestones_shipped_file_loads(void **state)
{
	(void)state;
	char *data;
	size_t len;
	struct milestones_result res;
	struct milestones_opts mo = {NULL, NULL, 0};
	assert_int_equal(file_read_all(fx.arena, arena_printf(fx.arena, "%s/milestones.csv", fixture_shipped_dir(fx.arena)),
				       1 << 20, &data, &len),
			 ST_OK);
	assert_int_equal(milestones_import(fx.store, fx.arena, fx.plan, "milestones.csv", data, len, &mo, &res, &fx.d), ST_OK);
	diag_print(&fx.d, stderr);
	assert_int_equal(fx.d.n, 0);
	assert_true(res.n_new >= 7);
	/* measure 2's milestone from the plan text, owned by its lead unit */
	struct sup_milestone *rows;
	size_t n;
	assert_int_equal(store_sup_milestones(fx.store, fx.arena, "czt-2024", 2, &rows, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].title_zh, "初步完成首开区重点项目建设");
	assert_string_equal(rows[0].due_date, "2025-12-31");
	assert_string_equal(rows[0].owner, "xjxq");
	/* the same file again changes nothing */
	assert_int_equal(milestones_import(fx.store, fx.arena, fx.plan, "milestones.csv", data, len, &mo, &res, &fx.d), ST_OK);
	assert_int_equal(res.n_new + res.n_changed, 0);
}

static void test_milestones_chinese_headers_and_names(void **state)
{
	(void)state;
	struct milestones_result res;
	const char *csv = "编号,举措,里程碑,责任单位,完成时限,关联指标,完成日期\n"
			  "m22-a,22,专利开放许可试点,省市场监管局,2025-09-30,每万人有效发明专利拥有量,\n"
			  "m3-a,3,装置建成,kjt,2025-12-31,p44_research_staff；p44_key_core_tech,2025-11-02\n";
	assert_int_equal(import(csv, 0, &res), ST_OK);
	assert_int_equal(res.n_new, 2);
	struct sup_milestone *rows;
	size_t n;
	assert_int_equal(store_sup_milestones(fx.store, fx.arena, "czt-2024", 22, &rows, &n), ST_OK);
	assert_string_equal(rows[0].owner, "amr");
	assert_string_equal(rows[0].indicators, "invention_patents_per_10k");
	assert_int_equal(store_sup_milestones(fx.store, fx.arena, "czt-2024", 3, &rows, &n), ST_OK);
	assert_string_equal(rows[0].indicators, "p44_research_staff;p44_key_core_tech");
	assert_string_equal(rows[0].done_on, "2025-11-02");
	/* one row changed on a second import */
	csv = "code,measure,title_zh,owner,due_date\nm22-a,22,专利开放许可试点,amr,2025-10-31\n";
	assert_int_equal(import(csv, 0, &res), ST_OK);
	assert_int_equal(res.n_changed, 1);
	assert_int_equal(stored(), 2);
}

static void test_milestones_every_bad_row_nothing_written(void **state)
{
	(void)state;
	struct milestones_result res;
	const char *csv = "code,measure,title_zh,owner,due_date,indicators\n"
			  "ok-1,22,好的,amr,2025-09-30,\n"
			  "Bad Code,22,坏,amr,2025-09-30,\n"
			  "m-2,99,坏,amr,2025-09-30,\n"
			  "m-3,22,坏,nobody,2025-09-30,\n"
			  "m-4,22,坏,zzb,2025-09-30,\n"
			  "m-5,22,坏,amr,2025-02-30,\n"
			  "m-6,22,坏,amr,2025-09-30,no_such_indicator\n"
			  "ok-1,22,重复,amr,2025-09-30,\n";
	assert_int_equal(import(csv, 0, &res), ST_INVALID);
	assert_int_equal(stored(), 0);
	const struct {
		long line;
		int col;
		const char *code;
	} want[] = {{3, 1, "bad_code"}, {4, 2, "unknown_measure"}, {5, 4, "unknown_unit"}, {6, 4, "not_responsible"},
		    {7, 5, "bad_date"}, {8, 6, "unknown_indicator"}, {9, 1, "duplicate_code"}};
	assert_int_equal(fx.d.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < fx.d.n; i++) {
		assert_int_equal(fx.d.items[i].line, want[i].line);
		assert_int_equal(fx.d.items[i].col, want[i].col);
		assert_string_equal(fx.d.items[i].code, want[i].code);
		assert_string_equal(fx.d.items[i].file, "ms.csv");
	}
	/* a missing column and an unknown one */
	diag_init(&fx.d, fx.arena);
	assert_int_equal(import("code,measure,title_zh,owner,colour\nx,22,y,amr,red\n", 0, &res), ST_INVALID);
	assert_true(fx.d.n >= 2);
	assert_int_equal(stored(), 0);
}

/* A title with an unquoted comma becomes two cells: the row is refused, nothing is stored. */
static void test_milestones_row_of_another_shape(void **state)
{
	(void)state;
	struct milestones_result res;
	const char *csv = "code,measure,title_zh,owner,due_date\n"
			  "ok-1,22,好的,amr,2025-09-30\n"
			  "m-2,22,开放许可,试点,amr,2025-09-30\n";
	assert_int_equal(import(csv, 0, &res), ST_INVALID);
	assert_int_equal(fx.d.n, 1);
	assert_string_equal(fx.d.items[0].code, "row_shape");
	assert_string_equal(fx.d.items[0].file, "ms.csv");
	assert_int_equal(fx.d.items[0].line, 3);
	assert_non_null(strstr(fx.d.items[0].msg, "the row has 6 fields but the header has 5"));
	assert_int_equal(stored(), 0);
}

static void test_milestones_dry_run_and_gbk(void **state)
{
	(void)state;
	struct milestones_result res;
	/* "编号,举措,里程碑,责任单位,完成时限" and a row, in GBK */
	const char gbk[] = "\xb1\xe0\xba\xc5,\xbe\xd9\xb4\xeb,\xc0\xef\xb3\xcc\xb1\xae,\xd4\xf0\xc8\xce\xb5\xa5\xce\xbb,"
			   "\xcd\xea\xb3\xc9\xca\xb1\xcf\xde\nm-g,22,\xca\xd4\xb5\xe3,amr,2025-09-30\n";
	assert_int_equal(import(gbk, 1, &res), ST_OK);
	assert_int_equal(res.n_rows, 1);
	assert_int_equal(stored(), 0);
	assert_int_equal(import(gbk, 0, &res), ST_OK);
	struct sup_milestone *rows;
	size_t n;
	assert_int_equal(store_sup_milestones(fx.store, fx.arena, "czt-2024", 22, &rows, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].title_zh, "试点");
}

static void test_milestone_check_for_edits(void **state)
{
	(void)state;
	struct sup_milestone m = {.plan_code = "czt-2024", .code = "m-1", .measure = 22, .title_zh = "试点", .owner = "amr",
				  .due_date = "2025-09-30", .indicators = "invention_patents_per_10k"};
	assert_int_equal(milestone_check(fx.plan, &m, &fx.d), 0);
	m.owner = "zzb", m.due_date = "soon", m.done_on = "2025-13-01", m.indicators = "nothing", m.code = "X";
	assert_int_equal(milestone_check(fx.plan, &m, &fx.d), 5);
	assert_string_equal(fx.d.items[0].field, "code");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_milestones_shipped_file_loads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_milestones_chinese_headers_and_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_milestones_every_bad_row_nothing_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_milestones_row_of_another_shape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_milestones_dry_run_and_gbk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_milestone_check_for_edits, setup, teardown),
	};
	return cmocka_run_group_tests_name("ingest/milestones", tests, NULL, NULL);
}
