/* test_assess.c - unit tests of report/assess.c and report/explain.c on a store holding the
 * shipped plan and its shipped real figures (data/plans/czt-2024/observations.csv imported as
 * published): one row per target in plan order, the assessments a user reads for 长沙's and
 * 株洲's innovative-city ranks, 自创区 revenue and 长沙's innovation platforms, the progress JSON
 * contract of issue 3 (every key, its JSON type, null where not defined), and the assessment
 * and baseline in words in Chinese and English. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/assess.h"
#include "report/explain.h"
#include "store/store.h"
#include "fixture.h"
#include "base/banned.h"

#define NOW "2025-03-01T08:00:00Z"

struct fixture {
	struct arena *arena;
	char tmpdir[64];
	char db[128];
	struct store *store;
	struct plan *plan;
	struct assess_row *rows;
	size_t n_rows;
};

static struct fixture fx;

/* The targets assessed from the store's current values in view, as app/progress.c reads them;
 * only those of indicator only_ind when it is not -1. */
static enum status assess_from_store(enum obs_view view, int only_ind, struct assess_row **rows, size_t *n)
{
	struct obs *cur;
	size_t n_cur;
	if (store_obs_current(fx.store, fx.arena, NULL, NULL, view, &cur, &n_cur) != ST_OK)
		return ST_STORE;
	assess_plan_values(fx.plan, cur, n_cur, INFINITY, fx.arena, rows, n);
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++)
		if (only_ind < 0 || (*rows)[i].indicator == only_ind)
			(*rows)[kept++] = (*rows)[i];
	*n = kept;
	return ST_OK;
}

static int group_setup(void **state)
{
	(void)state;
	fx.arena = arena_new();
	size_t n_new;
	if (fixture_shipped_plan(fx.arena, &fx.plan) != 0 || fixture_tmpdir(fx.tmpdir, fx.db, "assess") != 0 ||
	    fixture_store(fx.db, fx.plan, &fx.store) != 0 || fixture_shipped_figures(fx.store, fx.arena, fx.plan, &n_new) != 0 ||
	    n_new != 222)
		return -1;
	if (assess_from_store(OBS_VIEW_PUBLIC, -1, &fx.rows, &fx.n_rows) != ST_OK)
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	store_close(fx.store);
	arena_free(fx.arena); /* finalizes the statements, so the connection closes here */
	fixture_remove(fx.tmpdir, fx.db);
	return 0;
}

static const struct assess_row *row_of(const char *ind, const char *reg)
{
	for (size_t i = 0; i < fx.n_rows; i++)
		if (strcmp(fx.plan->indicators[fx.rows[i].indicator].code, ind) == 0 &&
		    strcmp(fx.plan->regions[fx.rows[i].region].code, reg) == 0)
			return &fx.rows[i];
	fail_msg("no assessment of %s / %s", ind, reg);
	return NULL;
}

static void test_assess_plan_one_row_per_target(void **state)
{
	(void)state;
	assert_int_equal(fx.plan->n_targets, 27);
	assert_int_equal(fx.n_rows, 27);
	for (size_t i = 0; i < fx.n_rows; i++) {
		const struct assess_row *r = &fx.rows[i];
		assert_int_equal(r->target, (int)i);
		assert_int_equal(r->indicator, fx.plan->targets[i].indicator);
		assert_int_equal(r->region, fx.plan->targets[i].region);
		assert_int_equal(r->series.indicator, r->indicator);
		assert_int_equal(r->series.region, r->region);
		/* every status is a judgement or says why there is none */
		if (r->a.status == PS_NO_STATUS)
			assert_non_null(r->a.reason);
		else
			assert_null(r->a.reason);
	}
	/* the same store read as the public sees it: every figure is published, so nothing differs */
	struct assess_row *internal;
	size_t n;
	assert_int_equal(assess_from_store(OBS_VIEW_INTERNAL, -1, &internal, &n), ST_OK);
	assert_int_equal(n, 27);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(internal[i].a.status, fx.rows[i].a.status);
		assert_int_equal(internal[i].series.n, fx.rows[i].series.n);
	}
}

static void test_assess_plan_changsha_rank_is_met(void **state)
{
	(void)state;
	const struct assess_row *r = row_of("city_rank_changsha", "changsha");
	assert_int_equal(r->a.status, PS_MET);
	assert_true(r->a.latest_value == 8);
	assert_int_equal(r->a.latest_year, 2022);
	assert_string_equal(r->latest_period, "2022");
	/* the plan publishes no baseline: the earliest figure (the 2021 edition, 8th) stands in */
	assert_int_equal(r->a.base_is_plan, 0);
	assert_true(r->a.base_value == 8);
	assert_string_equal(r->base_period, "2021");
	assert_int_equal(r->a.is_final, 0);
	assert_int_equal(r->a.has_score, 1);
	assert_true(r->a.score == 5);
	assert_int_equal(r->series.n, 2); /* 2021, 2022 */
	assert_string_equal(r->series.pts[1].period, "2022");
	assert_non_null(r->series.pts[0].obs);
	/* known by its publisher, title and date; no link: only copies on other sites were found */
	assert_string_equal(r->series.pts[0].obs->title, "2021国家创新型城市榜单出炉!湖南这3个地方上榜");
	assert_string_equal(r->series.pts[0].obs->published, "2022-02-10");
	assert_null(r->series.pts[0].obs->source_url);
}

static void test_assess_plan_zhuzhou_kept_its_rank(void **state)
{
	(void)state;
	const struct assess_row *r = row_of("city_rank_zz_xt", "zhuzhou");
	assert_int_equal(fx.plan->targets[r->target].cmp, CMP_KEEP_OR_IMPROVE);
	/* 37th in the 2021 edition, 34th in the 2024 one */
	assert_int_equal(r->a.status, PS_MET);
	assert_true(r->a.base_value == 37);
	assert_string_equal(r->base_period, "2021");
	assert_true(r->a.latest_value == 34);
	assert_string_equal(r->latest_period, "2024");
	assert_true(r->a.score == 5);
	/* 湘潭 has one edition only: nothing to compare */
	r = row_of("city_rank_zz_xt", "xiangtan");
	assert_int_equal(r->a.status, PS_NO_STATUS);
	assert_string_equal(r->a.reason, "single_point");
	assert_true(r->a.latest_value == 58);
}

static void test_assess_plan_zone_revenue_has_one_point(void **state)
{
	(void)state;
	const struct assess_row *r = row_of("revenue_tiq", "zcq");
	assert_int_equal(r->a.status, PS_NO_STATUS);
	assert_string_equal(r->a.reason, "single_point");
	assert_int_equal(r->series.n, 1);
	assert_string_equal(r->series.pts[0].period, "2019");
	assert_true(r->series.pts[0].value == 21200);
	assert_true(r->a.latest_value == 21200);
	assert_int_equal(r->a.has_score, 0);
	assert_int_equal(r->a.has_ratio, 0);
	assert_int_equal(r->a.has_projection, 0);
}

static void test_assess_plan_changsha_platforms_met(void **state)
{
	(void)state;
	const struct assess_row *r = row_of("innovation_platforms_cs", "changsha");
	/* "超过3000家" in 2023: a lower bound above the 2600 of the target meets it */
	assert_int_equal(r->a.status, PS_MET);
	assert_true(r->a.latest_value == 3000);
	assert_string_equal(r->latest_period, "2023");
	assert_int_equal(r->series.n, 1);
	assert_int_equal(r->series.pts[0].qualifier, QUAL_LOWER_BOUND);
}

static void test_assess_plan_target_without_values(void **state)
{
	(void)state;
	const struct assess_row *r = row_of("hightech_value_added", "czt");
	assert_int_equal(r->a.status, PS_NO_STATUS);
	assert_string_equal(r->a.reason, "no_data");
	assert_int_equal(r->series.n, 0);
	assert_null(r->latest_period);
}

static void test_assess_indicator_only_its_targets(void **state)
{
	(void)state;
	int ind = plan_find_indicator(fx.plan, "city_rank_zz_xt");
	assert_true(ind >= 0);
	struct assess_row *rows;
	size_t n;
	assert_int_equal(assess_from_store(OBS_VIEW_PUBLIC, ind, &rows, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(fx.plan->regions[rows[0].region].code, "zhuzhou");
	assert_string_equal(fx.plan->regions[rows[1].region].code, "xiangtan");
	assert_int_equal(rows[0].a.status, PS_MET);
	assert_int_equal(rows[1].a.status, PS_NO_STATUS);
}

/* JSON types a key may have: s string, i integer, r real, b boolean, a array, z null. */
static int type_ok(const json_t *v, const char *types)
{
	for (const char *t = types; *t; t++) {
		switch (*t) {
		case 's': if (json_is_string(v)) return 1; break;
		case 'i': if (json_is_integer(v)) return 1; break;
		case 'r': if (json_is_real(v)) return 1; break;
		case 'b': if (json_is_boolean(v)) return 1; break;
		case 'a': if (json_is_array(v)) return 1; break;
		case 'z': if (json_is_null(v)) return 1; break;
		default: fail_msg("bad type letter %c", *t);
		}
	}
	return 0;
}

/* The progress JSON contract of issue 3 (later issues may add keys). */
static const struct {
	const char *name, *types;
} contract[] = {
	{"indicator", "s"},	  {"region", "s"},	 {"comparator", "s"},	  {"target", "rz"},
	{"target_year", "i"},	  {"base_value", "rz"},	 {"base_year", "iz"},	  {"latest_value", "rz"},
	{"latest_year", "iz"},	  {"status", "s"},	 {"ratio", "rz"},	  {"score", "rz"},
	{"achievement", "rz"},	  {"elapsed", "rz"},	 {"behind_schedule", "bz"}, {"projected_value", "rz"},
	{"projected_year_met", "iz"},
};

static const char *const statuses[] = {"met", "not_met", "on_track", "needs_acceleration", "limited",
				       "deteriorating", "stable", "no_status"};

static void check_contract(const json_t *o, const char *what)
{
	assert_true(json_is_object(o));
	for (size_t k = 0; k < sizeof(contract) / sizeof(contract[0]); k++) {
		const json_t *v = json_object_get(o, contract[k].name);
		if (!v)
			fail_msg("%s has no key '%s'", what, contract[k].name);
		if (!type_ok(v, contract[k].types))
			fail_msg("%s: key '%s' has JSON type %d, expected '%s'", what, contract[k].name, (int)json_typeof(v),
				 contract[k].types);
	}
	const char *st = json_string_value(json_object_get(o, "status"));
	size_t i = 0;
	while (i < sizeof(statuses) / sizeof(statuses[0]) && strcmp(statuses[i], st) != 0)
		i++;
	if (i == sizeof(statuses) / sizeof(statuses[0]))
		fail_msg("%s: unknown status '%s'", what, st);
}

static double real_of(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	if (!json_is_real(v))
		fail_msg("'%s' is not a real number", key);
	return json_real_value(v);
}

static void test_assess_row_json_contract(void **state)
{
	(void)state;
	for (size_t i = 0; i < fx.n_rows; i++) {
		json_t *o = assess_row_json(fx.plan, &fx.rows[i]);
		check_contract(o, arena_printf(fx.arena, "row %zu", i));
		const struct target *t = &fx.plan->targets[i];
		assert_string_equal(json_string_value(json_object_get(o, "indicator")), t->indicator_code);
		assert_string_equal(json_string_value(json_object_get(o, "region")), t->region_code);
		assert_int_equal(json_integer_value(json_object_get(o, "target_year")), 2025);
		json_decref(o);
	}
}

static void test_assess_row_json_values(void **state)
{
	(void)state;
	/* 长沙's rank: met, 8th in 2022, 8th at the 2021 base */
	json_t *o = assess_row_json(fx.plan, row_of("city_rank_changsha", "changsha"));
	assert_string_equal(json_string_value(json_object_get(o, "comparator")), "<=");
	assert_true(real_of(o, "target") == 10);
	assert_true(real_of(o, "base_value") == 8);
	assert_int_equal(json_integer_value(json_object_get(o, "base_year")), 2021);
	assert_true(real_of(o, "latest_value") == 8);
	assert_int_equal(json_integer_value(json_object_get(o, "latest_year")), 2022);
	assert_string_equal(json_string_value(json_object_get(o, "status")), "met");
	assert_true(real_of(o, "score") == 5);
	/* no movement from the base: a ratio and an achievement of zero, never "-0" */
	assert_true(real_of(o, "ratio") == 0 && !signbit(real_of(o, "ratio")));
	assert_true(real_of(o, "achievement") == 0 && !signbit(real_of(o, "achievement")));
	assert_true(real_of(o, "elapsed") == 0.25); /* 2021 to 2022 of 2021 to 2025 */
	assert_true(json_is_false(json_object_get(o, "behind_schedule")));
	assert_true(json_is_null(json_object_get(o, "projected_year_met")));
	char *text = json_dumps(o, JSON_COMPACT);
	assert_null(strstr(text, "-0.0"));
	free(text);
	json_decref(o);

	/* 株洲 keep-or-improve: no target value, no growth measures */
	o = assess_row_json(fx.plan, row_of("city_rank_zz_xt", "zhuzhou"));
	assert_string_equal(json_string_value(json_object_get(o, "comparator")), "keep-or-improve");
	assert_true(json_is_null(json_object_get(o, "target")));
	assert_true(real_of(o, "base_value") == 37);
	assert_int_equal(json_integer_value(json_object_get(o, "base_year")), 2021);
	assert_true(real_of(o, "latest_value") == 34);
	assert_int_equal(json_integer_value(json_object_get(o, "latest_year")), 2024);
	assert_string_equal(json_string_value(json_object_get(o, "status")), "met");
	assert_true(json_is_null(json_object_get(o, "ratio")));
	assert_true(json_is_null(json_object_get(o, "behind_schedule")));
	json_decref(o);

	/* 自创区 revenue: one point, so nothing but the point itself */
	o = assess_row_json(fx.plan, row_of("revenue_tiq", "zcq"));
	assert_string_equal(json_string_value(json_object_get(o, "comparator")), ">");
	assert_true(real_of(o, "target") == 30000);
	assert_true(real_of(o, "base_value") == 21200);
	assert_int_equal(json_integer_value(json_object_get(o, "base_year")), 2019);
	assert_true(real_of(o, "latest_value") == 21200);
	assert_int_equal(json_integer_value(json_object_get(o, "latest_year")), 2019);
	assert_string_equal(json_string_value(json_object_get(o, "status")), "no_status");
	const char *const nulls[] = {"ratio", "score", "achievement", "elapsed", "behind_schedule", "projected_value",
				     "projected_year_met"};
	for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (!json_is_null(json_object_get(o, nulls[i])))
			fail_msg("revenue_tiq/zcq: '%s' is not null", nulls[i]);
	json_decref(o);

	/* no value at all: no base and no latest either */
	o = assess_row_json(fx.plan, row_of("hightech_value_added", "czt"));
	assert_string_equal(json_string_value(json_object_get(o, "status")), "no_status");
	assert_true(json_is_null(json_object_get(o, "base_value")));
	assert_true(json_is_null(json_object_get(o, "base_year")));
	assert_true(json_is_null(json_object_get(o, "latest_value")));
	assert_true(json_is_null(json_object_get(o, "latest_year")));
	json_decref(o);
}

static const char *explain(enum lang lang, const struct assess_row *r, int is_baseline)
{
	struct buf b;
	buf_init(&b, 4096);
	if (is_baseline)
		explain_baseline(&b, lang, fx.plan, r);
	else
		explain_assessment(&b, lang, fx.plan, r);
	const char *out = arena_strdup(fx.arena, buf_str(&b));
	buf_release(&b);
	return out;
}

static void test_explain_assessment_met(void **state)
{
	(void)state;
	const struct assess_row *r = row_of("city_rank_changsha", "changsha");
	assert_string_equal(explain(LANG_ZH, r, 0), "最新数值（2022）为8位，已达到2025年≤ 10位的目标。（依据2022数据）");
	assert_string_equal(explain(LANG_EN, r, 0),
			    "The latest value (2022), 8th, already meets the 2025 target of 10th or better. "
			    "(based on the 2022 figure)");
	assert_string_equal(explain(LANG_ZH, r, 1), "计划未公布基期值，以最早公布值（2021：8位）为基期。");
	assert_string_equal(explain(LANG_EN, r, 1),
			    "The plan publishes no baseline; the earliest published value (2021: 8th) serves as the baseline.");
}

static void test_explain_assessment_no_status(void **state)
{
	(void)state;
	const struct assess_row *r = row_of("revenue_tiq", "zcq");
	assert_string_equal(explain(LANG_ZH, r, 0), "仅有一个数据点，无法计算增速。");
	assert_string_equal(explain(LANG_EN, r, 0), "Only one value: no growth rate can be computed.");
	r = row_of("hightech_value_added", "czt");
	assert_string_equal(explain(LANG_ZH, r, 0), "暂无数据，无法评估。");
	assert_string_equal(explain(LANG_EN, r, 0), "No data yet: cannot be assessed.");
	assert_string_equal(explain(LANG_ZH, r, 1), ""); /* no value, so no baseline sentence */
}

int main(void)
{
	setenv("INNOMON_NOW", NOW, 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assess_plan_one_row_per_target),
		cmocka_unit_test(test_assess_plan_changsha_rank_is_met),
		cmocka_unit_test(test_assess_plan_zhuzhou_kept_its_rank),
		cmocka_unit_test(test_assess_plan_zone_revenue_has_one_point),
		cmocka_unit_test(test_assess_plan_changsha_platforms_met),
		cmocka_unit_test(test_assess_plan_target_without_values),
		cmocka_unit_test(test_assess_indicator_only_its_targets),
		cmocka_unit_test(test_assess_row_json_contract),
		cmocka_unit_test(test_assess_row_json_values),
		cmocka_unit_test(test_explain_assessment_met),
		cmocka_unit_test(test_explain_assessment_no_status),
	};
	return cmocka_run_group_tests_name("report/assess", tests, group_setup, group_teardown);
}
