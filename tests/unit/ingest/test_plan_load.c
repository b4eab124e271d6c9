/* test_plan_load.c - unit tests of ingest/plan_load.c on real folders: the shipped plan
 * (data/plans/czt-2024) with exact counts and facts from the document, and one broken copy per
 * error class (tests/data/broken-plans/<class>/) reported with its exact file, line, column
 * and reason, leaving a store that holds the good plan unchanged. Paths are relative to
 * INNOMON_SOURCE_ROOT, which the test changes into. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ingest/plan_load.h"
#include "store/store.h"
#include "base/banned.h"

#define SHIPPED "data/plans/czt-2024"
#define BROKEN "tests/data/broken-plans/"

struct fixture {
	struct arena *arena;    /* per test */
	char tmpdir[64];
	char db[128];
	struct store *store;    /* holds the shipped plan, version 1 */
	const char *digest;     /* of that version (heap copy) */
	struct plan *shipped;   /* loaded once, in keep */
	struct arena *keep;
};

static struct fixture fx;

static int group_setup(void **state)
{
	(void)state;
	const char *root = getenv("INNOMON_SOURCE_ROOT");
	if (!root || chdir(root) != 0) {
		fprintf(stderr, "INNOMON_SOURCE_ROOT is not set to the source tree\n");
		return -1;
	}
	snprintf(fx.tmpdir, sizeof(fx.tmpdir), "/tmp/innomon-plan-load-XXXXXX");
	if (!mkdtemp(fx.tmpdir))
		return -1;
	snprintf(fx.db, sizeof(fx.db), "%s/store.db", fx.tmpdir);
	fx.keep = arena_new();
	struct diag_list d;
	diag_init(&d, fx.keep);
	if (plan_load_dir(fx.keep, SHIPPED, &fx.shipped, &d) != ST_OK) {
		diag_print(&d, stderr);
		return -1;
	}
	struct plan_save_result res;
	if (store_open(fx.db, &fx.store) != ST_OK || store_plan_save(fx.store, fx.shipped, "test", &res) != ST_OK ||
	    res.version != 1)
		return -1;
	struct plan_version_row *rows;
	size_t n;
	if (store_plan_versions(fx.store, fx.keep, &rows, &n) != ST_OK || n != 1)
		return -1;
	fx.digest = rows[0].digest;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	store_close(fx.store);
	arena_free(fx.keep);
	const char *suffixes[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++) {
		char p[160];
		snprintf(p, sizeof(p), "%s%s", fx.db, suffixes[i]);
		unlink(p);
	}
	rmdir(fx.tmpdir);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	fx.arena = arena_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(fx.arena);
	return 0;
}

/* ---- the shipped plan ------------------------------------------------------------------- */

static size_t count_units(const struct plan *p, int measure, enum resp_role role)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_resps; i++)
		n += p->resps[i].measure_number == measure && p->resps[i].role == role;
	return n;
}

/* The codes of the units of measure with role, in the plan's order (position), joined by ','. */
static const char *units_of(const struct plan *p, int measure, enum resp_role role)
{
	char *out = arena_strdup(fx.arena, "");
	for (int pos = 1; pos <= 1000; pos++)
		for (size_t i = 0; i < p->n_resps; i++) {
			const struct responsibility *r = &p->resps[i];
			if (r->measure_number == measure && r->role == role && r->position == pos)
				out = arena_printf(fx.arena, "%s%s%s", out, *out ? "," : "", r->unit_code);
		}
	return out;
}

static const struct target *target_of(const struct plan *p, const char *ind, const char *region, int year)
{
	for (size_t i = 0; i < p->n_targets; i++) {
		const struct target *t = &p->targets[i];
		if (strcmp(t->indicator_code, ind) == 0 && strcmp(t->region_code, region) == 0 && t->year == year)
			return t;
	}
	fail_msg("no target for %s in %s for %d", ind, region, year);
	return NULL;
}

static void test_plan_load_dir_shipped_counts(void **state)
{
	(void)state;
	const struct plan *p = fx.shipped;
	size_t n_headline = 0, n_measure_level = 0;
	for (size_t i = 0; i < p->n_indicators; i++) {
		n_headline += p->indicators[i].is_headline != 0;
		n_measure_level += p->indicators[i].measure_number != 0;
	}
	assert_string_equal(p->info.code, "czt-2024");
	assert_string_equal(p->info.title_zh, "长株潭国家自主创新示范区提质升级行动计划");
	assert_string_equal(p->info.doc_no, "湘政办发〔2024〕3号");
	assert_string_equal(p->info.issued, "2024-02-02");
	assert_string_equal(p->info.valid_until, "2025-12-31");
	assert_int_equal(p->info.target_year, 2025);
	assert_int_equal(p->n_goals, 5);
	assert_int_equal(n_headline, 11);
	assert_int_equal(n_measure_level, 13);
	assert_int_equal(p->n_actions, 6);
	assert_int_equal(p->n_measures, 27);
	assert_int_equal(p->n_units, 24);
	assert_int_equal(p->n_regions, 10);
	assert_int_equal(p->n_targets, 27);
	assert_int_equal(p->n_resps, 214);
	/* every measure has at least one lead */
	for (size_t m = 0; m < p->n_measures; m++)
		assert_true(count_units(p, p->measures[m].number, ROLE_LEAD) >= 1);
}

static void test_plan_load_dir_shipped_responsibilities(void **state)
{
	(void)state;
	const struct plan *p = fx.shipped;
	assert_string_equal(units_of(p, 1, ROLE_LEAD), "kjt");
	assert_string_equal(units_of(p, 1, ROLE_CO), "fgw,jyt,zrzyt,cz,cs-gov,zz-gov,xt-gov");
	assert_string_equal(units_of(p, 2, ROLE_LEAD), "xjxq");
	assert_string_equal(units_of(p, 4, ROLE_LEAD), "cs-gov");
	assert_string_equal(units_of(p, 16, ROLE_LEAD), "zzb");
	assert_string_equal(units_of(p, 22, ROLE_LEAD), "amr");
	assert_string_equal(units_of(p, 26, ROLE_LEAD), "cs-gov,zz-gov,xt-gov");
	int m1 = plan_find_measure(p, 1);
	assert_true(m1 >= 0);
	assert_string_equal(p->measures[m1].title_zh, "争创国家区域科技创新中心");
	assert_int_equal(p->actions[p->measures[m1].action].number, 1);
	int kjt = plan_find_unit(p, "kjt");
	assert_true(kjt >= 0);
	assert_string_equal(p->units[kjt].name_zh, "省科技厅");
	assert_string_equal(p->units[kjt].kind, "provincial_dept");
}

static void test_plan_load_dir_shipped_targets(void **state)
{
	(void)state;
	const struct plan *p = fx.shipped;
	const struct target *t = target_of(p, "revenue_tiq", "zcq", 2025);
	assert_int_equal(t->cmp, CMP_GT);
	assert_string_equal(cmp_name(t->cmp), ">");
	assert_true(t->has_value);
	assert_true(t->value == 30000);
	assert_false(t->has_value_max);

	t = target_of(p, "city_rank_changsha", "changsha", 2025);
	assert_int_equal(t->cmp, CMP_LE);
	assert_true(t->value == 10);
	assert_int_equal(p->indicators[t->indicator].direction, DIR_DOWN);

	t = target_of(p, "national_etc_new", "czt", 2025);
	assert_int_equal(t->cmp, CMP_BETWEEN);
	assert_true(t->value == 3);
	assert_true(t->has_value_max);
	assert_true(t->value_max == 5);

	t = target_of(p, "talent_new", "czt", 2025);
	assert_int_equal(t->cmp, CMP_ANNUAL_GE);
	assert_string_equal(cmp_name(t->cmp), "annual>=");
	assert_true(t->value == 700);

	t = target_of(p, "city_rank_zz_xt", "zhuzhou", 2025);
	assert_int_equal(t->cmp, CMP_KEEP_OR_IMPROVE);
	assert_false(t->has_value);
}

static void test_plan_load_dir_shipped_regions(void **state)
{
	(void)state;
	const struct plan *p = fx.shipped;
	int r = plan_find_region(p, "cs-hitech");
	assert_true(r >= 0);
	const struct region *g = &p->regions[r];
	assert_string_equal(g->name_zh, "长沙高新区");
	assert_string_equal(g->kind, "park");
	assert_int_equal(g->n_parents, 2);
	assert_string_equal(g->parent_codes[0], "changsha");
	assert_string_equal(g->parent_codes[1], "zcq");
	assert_int_equal(g->parents[0], plan_find_region(p, "changsha"));
	assert_int_equal(g->parents[1], plan_find_region(p, "zcq"));
	int hunan = plan_find_region(p, "hunan");
	assert_int_equal(p->regions[hunan].n_parents, 0);
	assert_int_equal(plan_find_region_any(p, "湘潭"), plan_find_region(p, "xiangtan"));
}

static void test_plan_load_dir_minimal_base_is_valid(void **state)
{
	(void)state;
	/* every broken plan is this folder with one defect */
	struct diag_list d;
	struct plan *p;
	diag_init(&d, fx.arena);
	assert_int_equal(plan_load_dir(fx.arena, "tests/data/plans/minimal", &p, &d), ST_OK);
	assert_int_equal(d.n, 0);
	assert_int_equal(p->n_measures, 4);
	assert_int_equal(p->n_resps, 13);
	assert_int_equal(p->n_targets, 4);
}

/* The same plan with CRLF line ends, a BOM and one tab-separated file reads the same. */
static void test_plan_parse_crlf_bom_and_tabs(void **state)
{
	(void)state;
	static const char *const names[] = {"plan.csv", "goals.csv", "regions.csv", "units.csv", "actions.csv",
					    "measures.csv", "responsibilities.csv", "indicators.csv", "targets.csv"};
	struct plan_files f;
	memset(&f, 0, sizeof(f));
	const char **texts[] = {&f.plan, &f.goals, &f.regions, &f.units, &f.actions, &f.measures, &f.resps, &f.indicators, &f.targets};
	size_t *lens[] = {&f.plan_len, &f.goals_len, &f.regions_len, &f.units_len, &f.actions_len, &f.measures_len, &f.resps_len, &f.indicators_len, &f.targets_len};
	for (size_t k = 0; k < 9; k++) {
		char *data, *out;
		size_t len, n = 0;
		const char *path = arena_printf(fx.arena, "tests/data/plans/minimal/%s", names[k]);
		assert_int_equal(file_read_all(fx.arena, path, PLAN_FILE_MAX_BYTES, &data, &len), ST_OK);
		out = arena_alloc(fx.arena, 2 * len + 4);
		memcpy(out, "\xEF\xBB\xBF", 3), n = 3;
		for (size_t i = 0; i < len; i++) {
			if (data[i] == '\n')
				out[n++] = '\r';
			/* units.csv has no quoted commas in the minimal plan: commas become tabs */
			out[n++] = k == 3 && data[i] == ',' ? '\t' : data[i];
		}
		*texts[k] = out;
		*lens[k] = n;
	}
	struct diag_list d;
	struct plan *p, *base;
	diag_init(&d, fx.arena);
	assert_int_equal(plan_parse(fx.arena, NULL, &f, &p, &d), ST_OK);
	assert_int_equal(d.n, 0);
	assert_int_equal(plan_load_dir(fx.arena, "tests/data/plans/minimal", &base, &d), ST_OK);
	assert_string_equal(plan_canonical(p, fx.arena), plan_canonical(base, fx.arena));
}

static void test_plan_load_dir_not_a_folder(void **state)
{
	(void)state;
	struct diag_list d;
	static struct plan sentinel;
	struct plan *p = &sentinel; /* must be reset to NULL */
	diag_init(&d, fx.arena);
	assert_int_equal(plan_load_dir(fx.arena, "tests/data/no-such-plan", &p, &d), ST_IO);
	assert_null(p);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.items[0].code, "not_a_folder");
	assert_string_equal(d.items[0].msg, "'tests/data/no-such-plan' is not a readable folder");
}

/* ---- broken plans ----------------------------------------------------------------------- */

struct expect {
	const char *file; /* relative to the plan folder */
	long line;
	int col;
	const char *code;
	const char *msg; /* a part of the message */
};

/* What `plan load` does: read and check the folder, store only a valid plan. */
static enum status try_load(const char *dir, struct diag_list *d)
{
	static struct plan sentinel;
	struct plan *p = &sentinel; /* must be reset to NULL on failure */
	enum status rc = plan_load_dir(fx.arena, dir, &p, d);
	if (rc != ST_OK) {
		assert_null(p);
		return rc;
	}
	struct plan_save_result res;
	assert_int_equal(store_plan_save(fx.store, p, "test", &res), ST_OK);
	return ST_OK;
}

static void assert_store_unchanged(void)
{
	struct plan_version_row *rows;
	size_t n;
	assert_int_equal(store_plan_versions(fx.store, fx.arena, &rows, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].version, 1);
	assert_string_equal(rows[0].code, "czt-2024");
	assert_string_equal(rows[0].digest, fx.digest);
	struct plan *p;
	assert_int_equal(store_plan_get(fx.store, fx.arena, NULL, 0, &p), ST_OK);
	assert_int_equal(p->info.version, 1);
	assert_int_equal(p->n_measures, 27);
}

static void check_diag(const char *dir, const struct diag *d, const struct expect *e)
{
	const char *file = arena_printf(fx.arena, "%s/%s", dir, e->file);
	if (strcmp(d->file ? d->file : "", file) != 0 || d->line != e->line || d->col != e->col ||
	    strcmp(d->code, e->code) != 0 || !strstr(d->msg, e->msg))
		fail_msg("got %s:%ld:%d [%s] %s\nwant %s:%ld:%d [%s] ...%s...", d->file ? d->file : "(none)", d->line,
			 d->col, d->code, d->msg, file, e->line, e->col, e->code, e->msg);
}

/* Load the broken plan cls and expect exactly the diagnostics in want (in order). */
static void expect_broken(const char *cls, const struct expect *want, size_t n_want)
{
	const char *dir = arena_printf(fx.arena, BROKEN "%s", cls);
	struct diag_list d;
	diag_init(&d, fx.arena);
	assert_int_equal(try_load(dir, &d), ST_INVALID);
	if (d.n != n_want) {
		diag_print(&d, stderr);
		fail_msg("%s: %zu diagnostics, expected %zu", cls, d.n, n_want);
	}
	assert_int_equal(diag_errors(&d), n_want);
	for (size_t i = 0; i < n_want; i++)
		check_diag(dir, &d.items[i], &want[i]);
	assert_store_unchanged();
}

#define BROKEN_TEST(name, cls, ...)                                                               \
	static void name(void **state)                                                            \
	{                                                                                         \
		(void)state;                                                                      \
		const struct expect want[] = {__VA_ARGS__};                                       \
		expect_broken(cls, want, sizeof(want) / sizeof(want[0]));                         \
	}

BROKEN_TEST(test_plan_load_unknown_goal, "unknown-goal",
	    {"indicators.csv", 3, 11, "unknown_reference", "goal 'g9' is not defined in goals.csv"})
BROKEN_TEST(test_plan_load_bad_formula, "bad-formula",
	    {"indicators.csv", 3, 17, "bad_formula",
	     "formula of 'platforms_national', at character 29: the formula ends where a number, a code or '(' was expected"})
BROKEN_TEST(test_plan_load_unknown_region, "unknown-region",
	    {"targets.csv", 3, 2, "unknown_reference", "region 'czx' is not defined in regions.csv"})
BROKEN_TEST(test_plan_load_unknown_unit, "unknown-unit",
	    {"responsibilities.csv", 3, 2, "unknown_reference", "unit 'fwg' is not defined in units.csv"})
BROKEN_TEST(test_plan_load_unknown_action, "unknown-action",
	    {"measures.csv", 5, 2, "unknown_reference", "action 7 is not defined in actions.csv"})
BROKEN_TEST(test_plan_load_unknown_parent, "unknown-parent",
	    {"regions.csv", 6, 5, "unknown_reference", "parent region 'changsah' is not defined in regions.csv"})
BROKEN_TEST(test_plan_load_duplicate_code, "duplicate-code",
	    {"units.csv", 7, 1, "duplicate", "unit code 'kjt' is already used on line 2"})
BROKEN_TEST(test_plan_load_bad_comparator, "bad-comparator",
	    {"targets.csv", 3, 4, "bad_comparator", "unknown comparator '=>'"})
BROKEN_TEST(test_plan_load_bad_number, "bad-number",
	    {"targets.csv", 3, 5, "bad_number", "'1,42' is not a number"})
BROKEN_TEST(test_plan_load_row_shape, "row-shape",
	    {"targets.csv", 3, 0, "row_shape", "the row has 10 fields but the header has 9; a number with a thousands separator"})
BROKEN_TEST(test_plan_load_missing_column, "missing-column",
	    {"measures.csv", 1, 0, "missing_column", "required column 'text_zh' is missing from the header"})
BROKEN_TEST(test_plan_load_missing_value, "missing-value",
	    {"measures.csv", 3, 3, "missing", "required value 'title_zh' is empty"})
BROKEN_TEST(test_plan_load_unknown_column, "unknown-column",
	    {"actions.csv", 1, 3, "unknown_column", "unknown column 'titel_en'"})
BROKEN_TEST(test_plan_load_unterminated_quote, "unterminated-quote",
	    {"units.csv", 6, 3, "unterminated_quote", "a quoted field starting here is never closed"})
BROKEN_TEST(test_plan_load_bad_utf8, "bad-utf8",
	    {"goals.csv", 3, 0, "bad_encoding", "the file is not valid UTF-8 (byte offset 464)"})
BROKEN_TEST(test_plan_load_between_range, "between-range",
	    {"targets.csv", 5, 6, "bad_range", "value_max 3 is less than value 5"})
BROKEN_TEST(test_plan_load_no_lead, "no-lead",
	    {"measures.csv", 5, 1, "no_lead", "measure 8 has no lead unit in responsibilities.csv"})
BROKEN_TEST(test_plan_load_co_before_lead, "co-before-lead",
	    {"measures.csv", 4, 1, "lead_order",
	     "measure 6 lists a co-responsible unit (position 1) before a lead unit (position 2)"})
BROKEN_TEST(test_plan_load_position_gap, "position-gap",
	    {"measures.csv", 3, 1, "position_gap", "measure 2 has 3 units but positions up to 4: positions must run 1..3"})
BROKEN_TEST(test_plan_load_region_cycle, "region-cycle",
	    {"regions.csv", 2, 5, "cycle", "the region graph has a cycle through 'hunan'"})
BROKEN_TEST(test_plan_load_two_plan_rows, "two-plan-rows",
	    {"plan.csv", 3, 0, "plan_rows", "plan.csv must have exactly one plan row, not 2"})
BROKEN_TEST(test_plan_load_missing_file, "missing-file",
	    {"targets.csv", 0, 0, "missing_file", "required file 'targets.csv' is missing"})

/* Every problem is reported, not only the first: four while reading three files ... */
BROKEN_TEST(test_plan_load_reports_every_read_error, "several",
	    {"goals.csv", 3, 2, "bad_number", "'two' is not a whole number between 1 and 1000"},
	    {"measures.csv", 4, 5, "missing", "required value 'text_zh' is empty"},
	    {"targets.csv", 2, 4, "bad_comparator", "unknown comparator '=<'"},
	    {"targets.csv", 5, 6, "bad_number", "'five' is not a number"})
/* ... and three found by the cross-file checks. */
BROKEN_TEST(test_plan_load_reports_every_reference_error, "several-refs",
	    {"responsibilities.csv", 13, 2, "unknown_reference", "unit 'nobody' is not defined in units.csv"},
	    {"indicators.csv", 3, 11, "unknown_reference", "goal 'g9' is not defined in goals.csv"},
	    {"targets.csv", 2, 2, "unknown_reference", "region 'nowhere' is not defined in regions.csv"})

static void test_plan_load_diag_carries_the_value(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d, fx.arena);
	assert_int_equal(try_load(BROKEN "bad-comparator", &d), ST_INVALID);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.items[0].field, "comparator");
	assert_string_equal(d.items[0].value, "=>");
	assert_store_unchanged();
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_plan_load_dir_shipped_counts),
		T(test_plan_load_dir_shipped_responsibilities),
		T(test_plan_load_dir_shipped_targets),
		T(test_plan_load_dir_shipped_regions),
		T(test_plan_load_dir_minimal_base_is_valid),
		T(test_plan_parse_crlf_bom_and_tabs),
		T(test_plan_load_dir_not_a_folder),
		T(test_plan_load_unknown_goal),
		T(test_plan_load_bad_formula),
		T(test_plan_load_unknown_region),
		T(test_plan_load_unknown_unit),
		T(test_plan_load_unknown_action),
		T(test_plan_load_unknown_parent),
		T(test_plan_load_duplicate_code),
		T(test_plan_load_bad_comparator),
		T(test_plan_load_bad_number),
		T(test_plan_load_row_shape),
		T(test_plan_load_missing_column),
		T(test_plan_load_missing_value),
		T(test_plan_load_unknown_column),
		T(test_plan_load_unterminated_quote),
		T(test_plan_load_bad_utf8),
		T(test_plan_load_between_range),
		T(test_plan_load_no_lead),
		T(test_plan_load_co_before_lead),
		T(test_plan_load_position_gap),
		T(test_plan_load_region_cycle),
		T(test_plan_load_two_plan_rows),
		T(test_plan_load_missing_file),
		T(test_plan_load_reports_every_read_error),
		T(test_plan_load_reports_every_reference_error),
		T(test_plan_load_diag_carries_the_value),
	};
#undef T
	return cmocka_run_group_tests_name("ingest/plan_load", tests, group_setup, group_teardown);
}
