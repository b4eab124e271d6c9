/* test_plan_json.c - unit tests of report/plan_json.c: the JSON contract of `innomon plan show
 * --json` and GET /api/v1/plan (issue 2). Every object of the shipped plan is checked for its
 * keys and their JSON types, then a sample of values; a plan with absent optional texts gives
 * null, never a missing key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/plan_json.h"
#include "fixture.h"
#include "base/banned.h"

struct fixture {
	struct arena *arena;
	struct plan *plan;
	json_t *json;
};

static struct fixture fx;

static int group_setup(void **state)
{
	(void)state;
	fx.arena = arena_new();
	if (fixture_shipped_plan(fx.arena, &fx.plan) != 0)
		return -1;
	fx.json = plan_to_json(fx.plan);
	return fx.json ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	json_decref(fx.json);
	arena_free(fx.arena);
	return 0;
}

/* The JSON types a key may have: a string of letters, s string, i integer, n number (integer
 * or real), b boolean, a array, o object, z null. */
static int type_ok(const json_t *v, const char *types)
{
	for (const char *t = types; *t; t++) {
		switch (*t) {
		case 's': if (json_is_string(v)) return 1; break;
		case 'i': if (json_is_integer(v)) return 1; break;
		case 'n': if (json_is_number(v)) return 1; break;
		case 'b': if (json_is_boolean(v)) return 1; break;
		case 'a': if (json_is_array(v)) return 1; break;
		case 'o': if (json_is_object(v)) return 1; break;
		case 'z': if (json_is_null(v)) return 1; break;
		default: fail_msg("bad type letter %c", *t);
		}
	}
	return 0;
}

struct key {
	const char *name, *types;
};

/* Check that object o (described by what) has every key with one of its allowed types. */
static void check_keys(const json_t *o, const char *what, const struct key *keys, size_t n)
{
	if (!json_is_object(o))
		fail_msg("%s is not an object", what);
	for (size_t i = 0; i < n; i++) {
		const json_t *v = json_object_get(o, keys[i].name);
		if (!v)
			fail_msg("%s has no key '%s'", what, keys[i].name);
		if (!type_ok(v, keys[i].types))
			fail_msg("%s: key '%s' has JSON type %d, expected one of '%s'", what, keys[i].name,
				 (int)json_typeof(v), keys[i].types);
	}
}

#define CHECK(o, what, ...)                                                                      \
	do {                                                                                     \
		const struct key k_[] = {__VA_ARGS__};                                           \
		check_keys((o), (what), k_, sizeof(k_) / sizeof(k_[0]));                          \
	} while (0)

/* Every element of array a is a string. */
static void all_strings(const json_t *a, const char *what)
{
	size_t i;
	const json_t *v;
	if (!json_is_array(a))
		fail_msg("%s is not an array", what);
	json_array_foreach(a, i, v)
		if (!json_is_string(v))
			fail_msg("%s[%zu] is not a string", what, i);
}

static const json_t *array_of(const char *key)
{
	const json_t *a = json_object_get(fx.json, key);
	if (!json_is_array(a))
		fail_msg("top-level '%s' is not an array", key);
	return a;
}

static void test_plan_to_json_plan_object(void **state)
{
	(void)state;
	const json_t *plan = json_object_get(fx.json, "plan");
	CHECK(plan, "plan", {"code", "s"}, {"title_zh", "s"}, {"title_en", "sz"}, {"doc_no", "s"}, {"issued", "s"},
	      {"valid_until", "s"}, {"target_year", "i"}, {"version", "iz"});
	assert_string_equal(json_string_value(json_object_get(plan, "code")), "czt-2024");
	assert_string_equal(json_string_value(json_object_get(plan, "title_zh")), "长株潭国家自主创新示范区提质升级行动计划");
	assert_string_equal(json_string_value(json_object_get(plan, "doc_no")), "湘政办发〔2024〕3号");
	assert_string_equal(json_string_value(json_object_get(plan, "issued")), "2024-02-02");
	assert_string_equal(json_string_value(json_object_get(plan, "valid_until")), "2025-12-31");
	assert_int_equal(json_integer_value(json_object_get(plan, "target_year")), 2025);
	/* read from files, not from a store: no version yet */
	assert_true(json_is_null(json_object_get(plan, "version")));
}

static void test_plan_to_json_goals(void **state)
{
	(void)state;
	const json_t *goals = array_of("goals");
	size_t i;
	const json_t *g;
	assert_int_equal(json_array_size(goals), 5);
	json_array_foreach(goals, i, g) {
		CHECK(g, "goal", {"code", "s"}, {"name_zh", "s"}, {"name_en", "sz"}, {"indicators", "a"});
		all_strings(json_object_get(g, "indicators"), "goal.indicators");
	}
	g = json_array_get(goals, 0);
	assert_string_equal(json_string_value(json_object_get(g, "code")), "g1");
	const json_t *codes = json_object_get(g, "indicators");
	assert_int_equal(json_array_size(codes), 3);
	assert_string_equal(json_string_value(json_array_get(codes, 0)), "city_rank_changsha");
	/* the five groups hold the eleven headline indicators */
	size_t n = 0;
	json_array_foreach(goals, i, g)
		n += json_array_size(json_object_get(g, "indicators"));
	assert_int_equal(n, 11);
}

static const json_t *indicator(const char *code)
{
	size_t i;
	const json_t *o;
	json_array_foreach(array_of("indicators"), i, o)
		if (strcmp(json_string_value(json_object_get(o, "code")), code) == 0)
			return o;
	fail_msg("no indicator %s", code);
	return NULL;
}

static void test_plan_to_json_indicators(void **state)
{
	(void)state;
	const json_t *inds = array_of("indicators");
	size_t i, k;
	const json_t *o, *t;
	size_t n_headline = 0, n_targets = 0;
	assert_int_equal(json_array_size(inds), fx.plan->n_indicators);
	json_array_foreach(inds, i, o) {
		CHECK(o, "indicator", {"code", "s"}, {"name_zh", "s"}, {"name_en", "sz"}, {"unit", "s"},
		      {"direction", "s"}, {"kind", "s"}, {"headline", "b"}, {"measure", "iz"}, {"targets", "a"});
		const char *dir = json_string_value(json_object_get(o, "direction"));
		assert_true(strcmp(dir, "up") == 0 || strcmp(dir, "down") == 0);
		const char *kind = json_string_value(json_object_get(o, "kind"));
		assert_true(strcmp(kind, "reported") == 0 || strcmp(kind, "derived") == 0 || strcmp(kind, "formula") == 0);
		n_headline += json_is_true(json_object_get(o, "headline"));
		json_array_foreach(json_object_get(o, "targets"), k, t) {
			CHECK(t, "target", {"region", "s"}, {"year", "i"}, {"comparator", "s"}, {"value", "nz"},
			      {"value_max", "nz"});
			n_targets++;
		}
	}
	assert_int_equal(n_headline, 11);
	assert_int_equal(n_targets, 27);

	o = indicator("city_rank_changsha");
	assert_true(json_is_true(json_object_get(o, "headline")));
	assert_true(json_is_null(json_object_get(o, "measure")));
	assert_string_equal(json_string_value(json_object_get(o, "direction")), "down");
	assert_string_equal(json_string_value(json_object_get(o, "unit")), "位");
	t = json_array_get(json_object_get(o, "targets"), 0);
	assert_string_equal(json_string_value(json_object_get(t, "region")), "changsha");
	assert_int_equal(json_integer_value(json_object_get(t, "year")), 2025);
	assert_string_equal(json_string_value(json_object_get(t, "comparator")), "<=");
	assert_int_equal(json_integer_value(json_object_get(t, "value")), 10);
	assert_true(json_is_null(json_object_get(t, "value_max")));

	o = indicator("major_original_results");
	assert_true(json_is_false(json_object_get(o, "headline")));
	assert_int_equal(json_integer_value(json_object_get(o, "measure")), 1);

	t = json_array_get(json_object_get(indicator("national_etc_new"), "targets"), 0);
	assert_string_equal(json_string_value(json_object_get(t, "comparator")), "between");
	assert_true(json_number_value(json_object_get(t, "value")) == 3);
	assert_true(json_number_value(json_object_get(t, "value_max")) == 5);

	t = json_array_get(json_object_get(indicator("revenue_tiq"), "targets"), 0);
	assert_string_equal(json_string_value(json_object_get(t, "comparator")), ">");
	assert_true(json_is_integer(json_object_get(t, "value"))); /* whole numbers print without ".0" */
	assert_int_equal(json_integer_value(json_object_get(t, "value")), 30000);

	t = json_array_get(json_object_get(indicator("city_rank_zz_xt"), "targets"), 0);
	assert_string_equal(json_string_value(json_object_get(t, "comparator")), "keep-or-improve");
	assert_true(json_is_null(json_object_get(t, "value")));
}

static const json_t *measure(int number)
{
	size_t i, k;
	const json_t *a, *m;
	json_array_foreach(array_of("actions"), i, a)
		json_array_foreach(json_object_get(a, "measures"), k, m)
			if (json_integer_value(json_object_get(m, "number")) == number)
				return m;
	fail_msg("no measure %d", number);
	return NULL;
}

/* The strings of array a joined by ','. */
static const char *joined(const json_t *a)
{
	char *out = arena_strdup(fx.arena, "");
	size_t i;
	const json_t *v;
	json_array_foreach(a, i, v)
		out = arena_printf(fx.arena, "%s%s%s", out, i ? "," : "", json_string_value(v));
	return out;
}

static void test_plan_to_json_actions_and_measures(void **state)
{
	(void)state;
	const json_t *actions = array_of("actions");
	size_t i, k;
	const json_t *a, *m;
	size_t n_measures = 0;
	assert_int_equal(json_array_size(actions), 6);
	json_array_foreach(actions, i, a) {
		CHECK(a, "action", {"number", "i"}, {"title_zh", "s"}, {"title_en", "sz"}, {"measures", "a"});
		assert_int_equal(json_integer_value(json_object_get(a, "number")), (json_int_t)i + 1);
		json_array_foreach(json_object_get(a, "measures"), k, m) {
			CHECK(m, "measure", {"number", "i"}, {"title_zh", "s"}, {"title_en", "sz"}, {"text_zh", "s"},
			      {"lead", "s"}, {"co", "a"}, {"indicators", "a"});
			all_strings(json_object_get(m, "co"), "measure.co");
			all_strings(json_object_get(m, "indicators"), "measure.indicators");
			n_measures++;
		}
	}
	assert_int_equal(n_measures, 27);
	assert_string_equal(json_string_value(json_object_get(json_array_get(actions, 0), "title_zh")), "自主创新登峰行动");

	m = measure(1);
	assert_string_equal(json_string_value(json_object_get(m, "title_zh")), "争创国家区域科技创新中心");
	assert_string_equal(json_string_value(json_object_get(m, "lead")), "kjt");
	assert_string_equal(joined(json_object_get(m, "co")), "fgw,jyt,zrzyt,cz,cs-gov,zz-gov,xt-gov");
	assert_string_equal(joined(json_object_get(m, "indicators")), "major_original_results,sci_tech_leading_firms");
	assert_string_equal(json_string_value(json_object_get(measure(2), "lead")), "xjxq");
	assert_string_equal(json_string_value(json_object_get(measure(16), "lead")), "zzb");
	/* several leads: "lead" is the first, all of them in "leads" */
	m = measure(26);
	assert_string_equal(json_string_value(json_object_get(m, "lead")), "cs-gov");
	assert_string_equal(joined(json_object_get(m, "leads")), "cs-gov,zz-gov,xt-gov");
	assert_string_equal(joined(json_object_get(m, "co")), "fgw,kjt,gxt,dfjrj,nynct,jyt");
	assert_int_equal(json_array_size(json_object_get(measure(27), "indicators")), 0);
}

static void test_plan_to_json_units_and_regions(void **state)
{
	(void)state;
	size_t i;
	const json_t *o;
	assert_int_equal(json_array_size(array_of("units")), 24);
	json_array_foreach(array_of("units"), i, o)
		CHECK(o, "unit", {"code", "s"}, {"name_zh", "s"}, {"name_en", "sz"}, {"kind", "s"});
	o = json_array_get(array_of("units"), 0);
	assert_string_equal(json_string_value(json_object_get(o, "code")), "kjt");
	assert_string_equal(json_string_value(json_object_get(o, "name_zh")), "省科技厅");
	assert_string_equal(json_string_value(json_object_get(o, "kind")), "provincial_dept");

	assert_int_equal(json_array_size(array_of("regions")), 10);
	json_array_foreach(array_of("regions"), i, o) {
		CHECK(o, "region", {"code", "s"}, {"name_zh", "s"}, {"name_en", "sz"}, {"kind", "s"}, {"parents", "a"});
		all_strings(json_object_get(o, "parents"), "region.parents");
		if (strcmp(json_string_value(json_object_get(o, "code")), "cs-hitech") == 0)
			assert_string_equal(joined(json_object_get(o, "parents")), "changsha,zcq");
		if (strcmp(json_string_value(json_object_get(o, "code")), "hunan") == 0)
			assert_int_equal(json_array_size(json_object_get(o, "parents")), 0);
	}
}

static void test_plan_to_json_absent_texts_are_null(void **state)
{
	(void)state;
	/* a copy of the plan without its English texts and with a stored version */
	struct plan p = *fx.plan;
	struct unit u = p.units[0];
	struct action ac = p.actions[0];
	p.info.title_en = NULL;
	p.info.version = 3;
	u.name_en = NULL;
	ac.title_en = NULL;
	p.units = &u, p.n_units = 1;
	p.actions = &ac, p.n_actions = 1;
	json_t *j = plan_to_json(&p);
	const json_t *plan = json_object_get(j, "plan");
	assert_true(json_is_null(json_object_get(plan, "title_en")));
	assert_int_equal(json_integer_value(json_object_get(plan, "version")), 3);
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(j, "units"), 0), "name_en")));
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(j, "actions"), 0), "title_en")));
	json_decref(j);
}

static void test_plan_to_json_round_trips_as_text(void **state)
{
	(void)state;
	char *text = json_dumps(fx.json, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	assert_non_null(text);
	json_error_t err;
	json_t *back = json_loads(text, JSON_REJECT_DUPLICATES, &err);
	if (!back)
		fail_msg("the dump does not parse: %s at line %d", err.text, err.line);
	assert_true(json_equal(back, fx.json));
	/* Chinese text is written as UTF-8, not \u escapes */
	assert_non_null(strstr(text, "长株潭国家自主创新示范区提质升级行动计划"));
	json_decref(back);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_to_json_plan_object),
		cmocka_unit_test(test_plan_to_json_goals),
		cmocka_unit_test(test_plan_to_json_indicators),
		cmocka_unit_test(test_plan_to_json_actions_and_measures),
		cmocka_unit_test(test_plan_to_json_units_and_regions),
		cmocka_unit_test(test_plan_to_json_absent_texts_are_null),
		cmocka_unit_test(test_plan_to_json_round_trips_as_text),
	};
	return cmocka_run_group_tests_name("report/plan_json", tests, group_setup, group_teardown);
}
