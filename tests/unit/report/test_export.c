/* test_export.c - unit tests of report/export.c on a store holding the shipped plan and its
 * shipped real figures (published) plus one submitted figure: the JSON export written a row at a
 * time is the document a tree of every row would give (parsed back: the dataset, the columns,
 * every published figure once, members in column order, none of the submitted), the CSV has a
 * line per published figure, and an answer larger than its buffer's limit fails as too large
 * (ST_TOO_LARGE) for CSV and JSON alike instead of growing without bound. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/buf.h"
#include "report/export.h"
#include "store/store.h"
#include "fixture.h"
#include "base/banned.h"

struct fixture {
	struct arena *arena;
	char tmpdir[64];
	char db[128];
	struct store *store;
	struct plan *plan;
	size_t n_published;
};

static struct fixture fx;

static int group_setup(void **state)
{
	(void)state;
	fx.arena = arena_new();
	if (fixture_shipped_plan(fx.arena, &fx.plan) != 0 || fixture_tmpdir(fx.tmpdir, fx.db, "export") != 0 ||
	    fixture_store(fx.db, fx.plan, &fx.store) != 0 ||
	    fixture_shipped_figures(fx.store, fx.arena, fx.plan, &fx.n_published) != 0)
		return -1;
	return fixture_submitted_figures(fx.store, fx.arena, fx.plan,
					 "indicator,region,period,value,source\n"
					 "tech_contract_turnover,changsha,2025,1999.25,pending figure\n");
}

static int group_teardown(void **state)
{
	(void)state;
	store_close(fx.store);
	arena_free(fx.arena);
	fixture_remove(fx.tmpdir, fx.db);
	return 0;
}

static void test_json_streamed_whole(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(export_observations(fx.store, fx.arena, fx.plan, NULL, EXPORT_JSON, &b), ST_OK);
	json_error_t err;
	json_t *doc = json_loadb(b.p, b.len, 0, &err);
	if (!doc)
		fail_msg("the export is not JSON: %s at line %d", err.text, err.line);
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "dataset"), "plan")), fx.plan->info.code);
	json_t *cols = json_object_get(doc, "columns"), *obs = json_object_get(doc, "observations");
	assert_int_equal(json_array_size(cols), 19);
	assert_int_equal(json_array_size(obs), fx.n_published);
	for (size_t i = 0; i < json_array_size(obs); i++) {
		json_t *o = json_array_get(obs, i);
		const char *key;
		json_t *v;
		size_t c = 0;
		json_object_foreach(o, key, v) /* jansson keeps insertion order */
			assert_string_equal(key, json_string_value(json_array_get(cols, c++)));
		assert_int_equal(c, 19);
		assert_string_equal(json_string_value(json_object_get(o, "STATUS")), "published");
		assert_false(json_real_value(json_object_get(o, "OBS_VALUE")) == 1999.25);
	}
	/* the text is indented as a whole document's dump would be, and ends with it */
	assert_non_null(strstr(buf_str(&b), "\n \"observations\": [\n  {\n   \"INDICATOR\": "));
	assert_true(b.len > 6 && strcmp(buf_str(&b) + b.len - 6, "\n ]\n}\n") == 0);
	json_decref(doc);
	buf_release(&b);
}

static void test_csv_a_line_a_figure(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(export_observations(fx.store, fx.arena, fx.plan, NULL, EXPORT_CSV, &b), ST_OK);
	size_t lines = 0;
	for (size_t i = 0; i < b.len; i++)
		lines += b.p[i] == '\n';
	assert_true(lines >= fx.n_published + 1); /* a quoted source may hold a line break of its own */
	assert_null(strstr(buf_str(&b), "pending figure"));
	buf_release(&b);
}

static void test_too_large_fails(void **state)
{
	(void)state;
	enum export_format formats[] = {EXPORT_CSV, EXPORT_JSON};
	for (size_t k = 0; k < 2; k++) {
		struct buf b;
		buf_init(&b, 16 * 1024); /* far below the whole export */
		assert_int_equal(export_observations(fx.store, fx.arena, fx.plan, NULL, formats[k], &b), ST_TOO_LARGE);
		assert_true(b.len <= 16 * 1024);
		buf_release(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_streamed_whole),
		cmocka_unit_test(test_csv_a_line_a_figure),
		cmocka_unit_test(test_too_large_fails),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
