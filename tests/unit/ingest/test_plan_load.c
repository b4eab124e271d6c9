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

#include <math.h>
#include <sodium.h>

#include "base/buf.h"
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
/* Both at once, in one pass (a second run used to find the reference errors only after the
 * read errors were fixed): errors in six files, a file whose header has an unknown column
 * (its rows are still read and checked) and one that cannot be read without a required
 * column (left out of the checks that need it: measures' actions are not reported). */
BROKEN_TEST(test_plan_load_reports_everything_in_one_pass, "all-at-once",
	    {"goals.csv", 3, 2, "bad_number", "'two' is not a whole number between 1 and 1000"},
	    {"units.csv", 1, 5, "unknown_column", "unknown column 'remark'"},
	    {"actions.csv", 1, 2, "unknown_column", "unknown column 'titel_zh'"},
	    {"actions.csv", 1, 0, "missing_column", "required column 'title_zh' is missing from the header"},
	    {"measures.csv", 4, 5, "missing", "required value 'text_zh' is empty"},
	    {"targets.csv", 2, 4, "bad_comparator", "unknown comparator '=<'"},
	    {"targets.csv", 5, 6, "bad_number", "'five' is not a number"},
	    {"responsibilities.csv", 13, 2, "unknown_reference", "unit 'nobody' is not defined in units.csv"},
	    {"indicators.csv", 3, 11, "unknown_reference", "goal 'g9' is not defined in goals.csv"},
	    {"targets.csv", 2, 2, "unknown_reference", "region 'nowhere' is not defined in regions.csv"})

/* ---- every kind of target, optional fields (tests/data/plans/every-kind) ------------------ */

#define KINDS "tests/data/plans/every-kind"

static const char *const plan_file_names[] = {"plan.csv", "goals.csv", "regions.csv", "units.csv", "actions.csv",
					      "measures.csv", "responsibilities.csv", "indicators.csv", "targets.csv"};

/* The files of dir in memory, file `name` (when not NULL) replaced by text. */
static struct plan_files files_with(const char *dir, const char *name, const char *text)
{
	struct plan_files f;
	memset(&f, 0, sizeof(f));
	const char **texts[] = {&f.plan, &f.goals, &f.regions, &f.units, &f.actions, &f.measures, &f.resps, &f.indicators, &f.targets};
	size_t *lens[] = {&f.plan_len, &f.goals_len, &f.regions_len, &f.units_len, &f.actions_len, &f.measures_len, &f.resps_len, &f.indicators_len, &f.targets_len};
	for (size_t k = 0; k < 9; k++) {
		char *data;
		size_t len;
		if (name && strcmp(name, plan_file_names[k]) == 0) {
			*texts[k] = text;
			*lens[k] = strlen(text);
			continue;
		}
		const char *path = arena_printf(fx.arena, "%s/%s", dir, plan_file_names[k]);
		assert_int_equal(file_read_all(fx.arena, path, PLAN_FILE_MAX_BYTES, &data, &len), ST_OK);
		*texts[k] = data;
		*lens[k] = len;
	}
	return f;
}

static void test_plan_load_every_kind(void **state)
{
	(void)state;
	struct diag_list d;
	struct plan *p;
	diag_init(&d, fx.arena);
	if (plan_load_dir(fx.arena, KINDS, &p, &d) != ST_OK) {
		diag_print(&d, stderr);
		fail();
	}
	/* optional fields stay optional: no document number, a year-month issue date, a year end */
	assert_null(p->info.doc_no);
	assert_string_equal(p->info.issued, "2026-03");
	assert_string_equal(p->info.valid_until, "2030");
	assert_int_equal(p->n_measures, 0);
	assert_string_equal(p->regions[0].kind, "nation");
	/* rank versus quantity comes from the indicator, not from direction=down */
	const struct indicator *energy = &p->indicators[plan_find_indicator(p, "energy_intensity")];
	assert_int_equal(energy->direction, DIR_DOWN);
	assert_int_equal(energy->scale, SCALE_NUMBER);
	assert_false(indicator_is_ranked(energy));
	assert_int_equal(p->indicators[plan_find_indicator(p, "city_rank")].scale, SCALE_RANK);
	const struct indicator *water = &p->indicators[plan_find_indicator(p, "water_class")];
	assert_int_equal(water->scale, SCALE_ORDINAL);
	assert_int_equal(water->n_levels, 6);
	assert_string_equal(water->levels[5], "劣Ⅴ类");
	assert_int_equal(p->indicators[plan_find_indicator(p, "ecosystem")].scale, SCALE_JUDGEMENT);

	const struct target *t = target_of(p, "water_class", "hunan", 2030);
	assert_int_equal(t->cmp, CMP_LE);
	assert_true(t->has_value && t->value == 2); /* "Ⅱ类" is the second class */
	assert_int_equal(t->nature, NATURE_BINDING);
	t = target_of(p, "cpi_rise", "hunan", 2030);
	assert_int_equal(t->cmp, CMP_ABOUT);
	assert_true(t->has_tolerance && t->tolerance == 0.5);
	assert_int_equal(t->nature, NATURE_INDICATIVE);
	t = target_of(p, "energy_intensity", "hunan", 2030);
	assert_int_equal(t->cmp, CMP_CHANGE_PCT_LE);
	assert_int_equal(t->base_year, 2025);
	assert_true(t->value == -13.5);
	/* 800万名 against a stock in 万人 */
	t = target_of(p, "talent_stock", "hunan", 2030);
	assert_string_equal(t->unit_given, "名");
	assert_true(fabs(t->value - 800) < 1e-9);
	assert_int_equal(target_of(p, "ecosystem", "hunan", 2030)->cmp, CMP_QUALITATIVE);
	assert_int_equal(target_of(p, "hightech_new", "hunan", 2030)->cmp, CMP_CUMULATIVE_GE);
	assert_int_equal(target_of(p, "debt_new", "hunan", 2030)->cmp, CMP_ANNUAL_LE);
	assert_int_equal(target_of(p, "unemployment", "hunan", 2030)->cmp, CMP_LT);
}

/* Actions in two levels with their own text, a unit responsible for a whole action, and a group
 * unit standing for regions (tests/data/plans/two-levels). */
static void test_plan_load_two_levels(void **state)
{
	(void)state;
	struct diag_list d;
	struct plan *p;
	diag_init(&d, fx.arena);
	if (plan_load_dir(fx.arena, "tests/data/plans/two-levels", &p, &d) != ST_OK) {
		diag_print(&d, stderr);
		fail();
	}
	const struct action *sub = &p->actions[plan_find_action(p, 11)];
	assert_int_equal(sub->parent, plan_find_action(p, 1));
	assert_string_equal(sub->text_zh, "以长株潭为核心争创国家区域科技创新中心。");
	assert_int_equal(p->actions[plan_find_action(p, 1)].parent, -1);
	assert_int_equal(p->measures[plan_find_measure(p, 6)].action, plan_find_action(p, 12));
	assert_int_equal(p->n_resps, 13);
	assert_int_equal(p->n_action_resps, 2);
	assert_int_equal(p->action_resps[1].action_number, 1);
	assert_string_equal(p->action_resps[1].unit_code, "cities");
	assert_int_equal(p->action_resps[1].role, ROLE_CO);
	const struct unit *u = &p->units[plan_find_unit(p, "cities")];
	assert_int_equal(u->n_regions, 1);
	assert_string_equal(p->regions[u->regions[0]].code, "changsha");
	/* they are part of the plan's canonical text (a plan without them keeps its digest:
	 * test_plan_canonical_unchanged_without_new_fields) */
	assert_non_null(strstr(plan_canonical(p, fx.arena), "\naresp"));
}

static void expect_levels_error(const char *file, const char *from, const char *to, long line, const char *field,
				const char *code, const char *msg);

static void test_plan_parse_two_levels_errors(void **state)
{
	(void)state;
	expect_levels_error("actions.csv", "2,创新引领产业升级行动,Action for innovation-led industrial upgrading,,",
			    "2,创新引领产业升级行动,Action for innovation-led industrial upgrading,11,", 5, "parent", "bad_level",
			    "action 11 is itself under action 1: actions have two levels at most");
	expect_levels_error("actions.csv", "2,创新引领产业升级行动,Action for innovation-led industrial upgrading,,",
			    "2,创新引领产业升级行动,Action for innovation-led industrial upgrading,9,", 5, "parent",
			    "unknown_reference", "action 9 is not defined in actions.csv");
	expect_levels_error("responsibilities.csv", ",cities,co,2,1", "8,cities,co,2,1", 16, "action", "unexpected",
			    "a responsibility names a measure or an action, not both");
	expect_levels_error("responsibilities.csv", ",cities,co,2,1", ",cities,co,2,", 16, "measure", "missing",
			    "a responsibility needs the measure (or the whole action) it is for");
	/* reported on the action's row, as a measure's are on the measure's */
	expect_levels_error("responsibilities.csv", ",cities,co,2,1", ",cities,co,3,1", 2, "number", "position_gap",
			    "action 1 has 2 units but positions up to 3");
	expect_levels_error("units.csv", "city_gov,changsha", "city_gov,changsha;nowhere", 7, "regions",
			    "unknown_reference", "region 'nowhere' is not defined in regions.csv");
}

/* The canonical text of a plan that uses none of the new fields is what it was before they
 * came (sha256 of tests/data/plans/minimal as innomon 3afec31 wrote it), also when the new
 * columns are present but empty: a stored plan does not get a new version for nothing. */
static void test_plan_canonical_unchanged_without_new_fields(void **state)
{
	(void)state;
	static const char want[] = "bcd68b87819abef3a8bfced84972a6e55213e61706f92e15e23978ee5b2fcdd9";
	struct diag_list d;
	struct plan *p;
	diag_init(&d, fx.arena);
	assert_int_equal(plan_load_dir(fx.arena, "tests/data/plans/minimal", &p, &d), ST_OK);
	const char *canon = plan_canonical(p, fx.arena);
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[65];
	crypto_hash_sha256(h, (const unsigned char *)canon, strlen(canon));
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	assert_string_equal(hex, want);

	char *ind, *tgt;
	size_t len;
	assert_int_equal(file_read_all(fx.arena, "tests/data/plans/minimal/indicators.csv", PLAN_FILE_MAX_BYTES, &ind, &len), ST_OK);
	assert_int_equal(file_read_all(fx.arena, "tests/data/plans/minimal/targets.csv", PLAN_FILE_MAX_BYTES, &tgt, &len), ST_OK);
	struct buf bi, bt;
	buf_init(&bi, 0);
	buf_init(&bt, 0);
	for (const char *c = ind; *c; c++) /* two empty columns at the end of every line */
		*c == '\n' ? bw(&bi, c == strchr(ind, '\n') ? ",scale,levels\n" : ",,\n") : bwc(&bi, *c);
	for (const char *c = tgt; *c; c++)
		*c == '\n' ? bw(&bt, c == strchr(tgt, '\n') ? ",tolerance,nature,unit\n" : ",,,\n") : bwc(&bt, *c);
	struct plan_files f = files_with("tests/data/plans/minimal", "indicators.csv", arena_strdup(fx.arena, buf_str(&bi)));
	f.targets = arena_strdup(fx.arena, buf_str(&bt));
	f.targets_len = strlen(f.targets);
	buf_release(&bi);
	buf_release(&bt);
	struct plan *q;
	if (plan_parse(fx.arena, NULL, &f, &q, &d) != ST_OK) {
		diag_print(&d, stderr);
		fail();
	}
	assert_string_equal(plan_canonical(q, fx.arena), canon);
}

/* One defect in the every-kind plan: the diagnostic a user must see. */
static void expect_kind_error(const char *file, const char *text, long line, const char *field, const char *code,
			      const char *msg)
{
	struct plan_files f = files_with(KINDS, file, text);
	struct diag_list d;
	struct plan *p;
	diag_init(&d, fx.arena);
	if (plan_parse(fx.arena, NULL, &f, &p, &d) != ST_INVALID)
		fail_msg("loaded although %s:%ld %s should be refused: %s", file, line, field, msg);
	assert_null(p);
	if (d.n != 1 || d.items[0].line != line || strcmp(d.items[0].field ? d.items[0].field : "", field) != 0 ||
	    strcmp(d.items[0].code, code) != 0 || !strstr(d.items[0].msg, msg)) {
		diag_print(&d, stderr);
		fail_msg("want %s:%ld %s [%s] ...%s...", file, line, field, code, msg);
	}
}

/* The every-kind file name with its one occurrence of from replaced by to. */
static const char *kinds_replaced(const char *name, const char *from, const char *to)
{
	char *data;
	size_t len;
	assert_int_equal(file_read_all(fx.arena, arena_printf(fx.arena, KINDS "/%s", name), PLAN_FILE_MAX_BYTES, &data, &len),
			 ST_OK);
	const char *at = strstr(data, from);
	assert_non_null(at);
	assert_null(strstr(at + 1, from));
	return arena_printf(fx.arena, "%.*s%s%s", (int)(at - data), data, to, at + strlen(from));
}

/* One defect in the two-levels plan: file with its one occurrence of from replaced by to. */
static void expect_levels_error(const char *file, const char *from, const char *to, long line, const char *field,
				const char *code, const char *msg)
{
	char *data;
	size_t len;
	assert_int_equal(file_read_all(fx.arena, arena_printf(fx.arena, "tests/data/plans/two-levels/%s", file),
				       PLAN_FILE_MAX_BYTES, &data, &len),
			 ST_OK);
	const char *at = strstr(data, from);
	assert_non_null(at);
	const char *text = arena_printf(fx.arena, "%.*s%s%s", (int)(at - data), data, to, at + strlen(from));
	struct plan_files f = files_with("tests/data/plans/two-levels", file, text);
	struct diag_list d;
	struct plan *p;
	diag_init(&d, fx.arena);
	if (plan_parse(fx.arena, NULL, &f, &p, &d) != ST_INVALID)
		fail_msg("loaded although %s:%ld %s should be refused: %s", file, line, field, msg);
	if (d.n != 1 || d.items[0].line != line || strcmp(d.items[0].field ? d.items[0].field : "", field) != 0 ||
	    strcmp(d.items[0].code, code) != 0 || !strstr(d.items[0].msg, msg)) {
		diag_print(&d, stderr);
		fail_msg("want %s:%ld %s [%s] ...%s...", file, line, field, code, msg);
	}
}

#define TARGETS_HEAD "indicator,region,year,comparator,value,value_max,base_value,base_year,note_zh,tolerance,nature,unit\n"

static void test_plan_parse_target_kind_errors(void **state)
{
	(void)state;
	expect_kind_error("targets.csv", TARGETS_HEAD "cpi_rise,hunan,2030,about,3,,,,,,,\n", 2, "tolerance", "missing",
			  "comparator 'about' needs a tolerance");
	expect_kind_error("targets.csv", TARGETS_HEAD "gdp,hunan,2030,>=,3,,,,,0.5,,\n", 2, "tolerance", "unexpected",
			  "tolerance is only used with 'about'");
	expect_kind_error("targets.csv", TARGETS_HEAD "rd_spending,hunan,2030,cagr>=,7,,,,,,,\n", 2, "base_year", "missing",
			  "comparator 'cagr>=' needs base_year");
	expect_kind_error("targets.csv", TARGETS_HEAD "energy_intensity,hunan,2030,change%<=,-120,,,2025,,,,\n", 2, "value",
			  "bad_value", "a fall is at most 100%");
	expect_kind_error("targets.csv", TARGETS_HEAD "hightech_new,hunan,2030,cumulative>=,0,,,,,,,\n", 2, "value",
			  "bad_value", "a cumulative target must be more than 0");
	expect_kind_error("targets.csv", TARGETS_HEAD "gdp,hunan,2030,qualitative,,,,,,,,\n", 2, "comparator",
			  "bad_comparator", "comparator 'qualitative' needs an indicator of scale judgement");
	expect_kind_error("targets.csv", TARGETS_HEAD "ecosystem,hunan,2030,>=,1,,,,,,,\n", 2, "comparator",
			  "bad_comparator", "its targets are 'qualitative'");
	expect_kind_error("targets.csv", TARGETS_HEAD "ecosystem,hunan,2030,qualitative,1,,,,,,,\n", 2, "value",
			  "unexpected", "a reviewer's verdict decides it");
	expect_kind_error("targets.csv", TARGETS_HEAD "water_class,hunan,2030,<=,Ⅶ类,,,,,,,\n", 2, "value", "bad_number",
			  "'Ⅶ类' is not a number nor a class label");
	expect_kind_error("targets.csv", TARGETS_HEAD "water_class,hunan,2030,<=,7,,,,,,,\n", 2, "value", "bad_value",
			  "7 is not a class of 'water_class'");
	expect_kind_error("targets.csv", TARGETS_HEAD "water_class,hunan,2030,cagr>=,3,,,2025,,,,\n", 2, "comparator",
			  "bad_comparator", "is a class on an ordinal scale");
	expect_kind_error("targets.csv", TARGETS_HEAD "gdp,hunan,2030,>=,3,,,,,,必须,\n", 2, "nature", "bad_value",
			  "'必须' is not one of: binding");
	expect_kind_error("targets.csv", TARGETS_HEAD "gdp,hunan,2030,>=,3,,,,,,,公斤\n", 2, "unit", "bad_unit",
			  "unit '公斤' cannot be converted to the indicator's unit '亿元'");
	expect_kind_error("targets.csv", TARGETS_HEAD "rd_spending,hunan,2030,cagr>=,7,,,2025,,,,万元\n", 2, "unit",
			  "unexpected", "comparator 'cagr>=' takes no figure in a unit");
	expect_kind_error("plan.csv",
			  "code,title_zh,issuer_zh,doc_no,issued,valid_until,target_year\nk,标题,机关,,2026-13,2030,2030\n", 2,
			  "issued", "bad_date", "date '2026-13' is not a valid date");
	expect_kind_error("plan.csv",
			  "code,title_zh,issuer_zh,doc_no,issued,valid_until,target_year\nk,标题,机关,,2026,2025-12,2030\n", 2,
			  "valid_until", "bad_date", "the plan ends (2025-12) before it is issued (2026)");
	/* population has no target: an ordinal scale without its labels */
	expect_kind_error("indicators.csv", kinds_replaced("indicators.csv", "sum,,,kjt,0,,,,,\n", "sum,,,kjt,0,,,,ordinal,\n"),
			  14, "levels", "missing", "an ordinal indicator needs its class labels");
	expect_kind_error("indicators.csv", kinds_replaced("indicators.csv", "sum,,,kjt,0,,,,,\n", "sum,,,kjt,0,,,,number,高;低\n"),
			  14, "levels", "unexpected", "levels are only for scale ordinal, not 'number'");
	expect_kind_error("indicators.csv", kinds_replaced("indicators.csv", "sum,,,kjt,0,,,,,\n", "sum,,,kjt,0,,,,grade,\n"),
			  14, "scale", "bad_value", "scale 'grade' is not one of number, rank, ordinal, judgement");
}

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
		T(test_plan_load_reports_everything_in_one_pass),
		T(test_plan_load_every_kind),
		T(test_plan_load_two_levels),
		T(test_plan_parse_two_levels_errors),
		T(test_plan_canonical_unchanged_without_new_fields),
		T(test_plan_parse_target_kind_errors),
		T(test_plan_load_diag_carries_the_value),
	};
#undef T
	return cmocka_run_group_tests_name("ingest/plan_load", tests, group_setup, group_teardown);
}
