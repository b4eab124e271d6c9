/* test_registries.c - unit tests of app/registries.h: only the department imports a registry
 * or recomputes, every bad row listed at once (with the caller's own errors) and nothing
 * written, a dry run writes nothing, records that change are followed by the recompute of the
 * derived indicators (the demo plan has some) and records that do not change are not, and the
 * projections: an administrator's, checked whole against the plan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/plan.h"
#include "app/registries.h"
#include "app_fixture.h"
#include "fixture.h"
#include "ingest/plan_load.h"
#include "store/firms.h"
#include "base/banned.h"

static struct app_fixture fx;
static struct plan *demo;

static int group_setup(void **state)
{
	(void)state;
	if (app_fixture_group_setup(&fx) != 0)
		return -1;
	return fixture_demo_plan(fx.group, &demo);
}

static int group_teardown(void **state)
{
	(void)state;
	app_fixture_group_teardown(&fx);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	return app_fixture_setup(&fx, "app-registries", "2025-03-01T00:00:00Z");
}

static int teardown(void **state)
{
	(void)state;
	app_fixture_teardown(&fx);
	return 0;
}

#define ENTERPRISES "统一社会信用代码,企业名称,地区,资质,有效期起,有效期止\n" \
		    "91DEMO000000000001,【演示】企业一,长沙高新区,hnte,2022-11-03,2025-11-02\n" \
		    "91DEMO000000000002,【演示】企业二,湘潭,tsme,2022-09-14,2023-09-13\n"

static struct app_file file_of(const char *csv)
{
	return (struct app_file){"enterprises.csv", csv, strlen(csv), NULL};
}

/* Make the demo plan (with derived indicators) the store's current plan. */
static void use_demo_plan(void)
{
	struct plan_save_result sr;
	struct app_ctx x;
	app_ctx_init(&x, fx.store, fx.arena, app_operator());
	diag_init(&fx.errs, fx.arena);
	assert_int_equal(app_plan_save(&x, demo, &sr, &fx.errs), ST_OK);
}

static size_t n_records(void)
{
	struct reg_record *rows;
	size_t n;
	assert_int_equal(store_registry_current(fx.store, fx.arena, REG_ENTERPRISES, &rows, &n), ST_OK);
	return n;
}

static void test_registry_import_refusals_write_nothing(void **state)
{
	(void)state;
	struct app_registry_result res;
	struct app_file good = file_of(ENTERPRISES);
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_registry_import(app_fixture_as(&fx, WHO_ANON), REG_ENTERPRISES, &good, NULL, 0, &res, &fx.errs), ST_UNAUTH);
	for (enum who w = WHO_AMR; w <= WHO_READER; w++) {
		assert_int_equal(app_registry_import(app_fixture_as(&fx, w), REG_ENTERPRISES, &good, NULL, 0, &res, &fx.errs), ST_DENIED);
		assert_int_equal(fx.errs.n, 0);
	}
	/* every bad row at once */
	struct app_file bad = file_of("统一社会信用代码,企业名称,地区,资质,有效期起,有效期止\n"
				      "91DEMO000000000001,【演示】企业一,亚特兰蒂斯,hnte,2022-11-03,2025-11-02\n"
				      "91DEMO000000000002,【演示】企业二,湘潭,gold,2022-09-14,2023-09-13\n"
				      "91DEMO000000000003,【演示】企业三,湘潭,tsme,2022-13-14,2023-09-13\n");
	assert_int_equal(app_registry_import(app_fixture_as(&fx, WHO_ANALYST), REG_ENTERPRISES, &bad, NULL, 0, &res, &fx.errs),
			 ST_INVALID);
	assert_true(diag_errors(&fx.errs) >= 3);
	for (long line = 2; line <= 4; line++) {
		int found = 0;
		for (size_t i = 0; i < fx.errs.n; i++)
			found |= fx.errs.items[i].line == line;
		assert_true(found);
	}
	/* the caller's own error: the file is checked (a dry run) and nothing is written */
	app_fixture_as(&fx, WHO_ANALYST);
	(void)app_refuse(&fx.errs, ST_INVALID, "kind", "bad_value", NULL, "not a kind");
	assert_int_equal(app_registry_import(&fx.ctx, REG_ENTERPRISES, &good, NULL, 0, &res, &fx.errs), ST_INVALID);
	assert_int_equal(res.import.n_new, 2);
	assert_false(res.is_recomputed);
	/* a dry run */
	assert_int_equal(app_registry_import(app_fixture_as(&fx, WHO_ANALYST), REG_ENTERPRISES, &good, NULL, 1, &res, &fx.errs), ST_OK);
	assert_int_equal(res.import.n_new, 2);
	assert_false(res.is_recomputed);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	assert_int_equal(n_records(), 0);
}

static void test_registry_import_recomputes_what_changed(void **state)
{
	(void)state;
	use_demo_plan();
	struct app_registry_result res;
	struct app_file good = file_of(ENTERPRISES);
	assert_int_equal(app_registry_import(app_fixture_as(&fx, WHO_ANALYST), REG_ENTERPRISES, &good, NULL, 0, &res, &fx.errs), ST_OK);
	assert_int_equal(res.import.n_new, 2);
	assert_true(res.is_recomputed);
	assert_int_equal(res.derived_status, ST_OK);
	assert_null(res.derived_error);
	assert_true(res.derived.n_indicators > 0);
	assert_true(res.derived.n_new > 0);
	assert_int_equal(n_records(), 2);
	/* the derived values are the importer's and approved */
	struct obs *rows;
	size_t n;
	assert_int_equal(store_obs_current(fx.store, fx.arena, "demo_hnte_count", NULL, OBS_VIEW_INTERNAL, &rows, &n), ST_OK);
	assert_true(n > 0);
	assert_string_equal(rows[0].created_by, "ana");
	assert_int_equal(rows[0].status, OBS_APPROVED);
	/* the same file again changes no record: no recompute */
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_registry_import(app_fixture_as(&fx, WHO_ANALYST), REG_ENTERPRISES, &good, NULL, 0, &res, &fx.errs), ST_OK);
	assert_int_equal(res.import.n_unchanged, 2);
	assert_false(res.is_recomputed);
	assert_int_equal(app_fixture_audit_head(&fx), head);
}

static void test_registry_recompute(void **state)
{
	(void)state;
	use_demo_plan();
	struct app_registry_result ir;
	struct app_file good = file_of(ENTERPRISES);
	assert_int_equal(app_registry_import(app_fixture_as(&fx, WHO_ADMIN), REG_ENTERPRISES, &good, NULL, 0, &ir, &fx.errs), ST_OK);
	struct registry_recompute_result res;
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_registry_recompute(app_fixture_as(&fx, WHO_KJT), 0, &res, &fx.errs), ST_DENIED);
	assert_int_equal(app_registry_recompute(app_fixture_as(&fx, WHO_ANON), 0, &res, &fx.errs), ST_UNAUTH);
	/* everything is up to date: nothing to write */
	assert_int_equal(app_registry_recompute(app_fixture_as(&fx, WHO_ANALYST), 0, &res, &fx.errs), ST_OK);
	assert_true(res.n_indicators > 0);
	assert_int_equal(res.n_new + res.n_revised, 0);
	assert_int_equal(app_fixture_audit_head(&fx), head);
}

static void test_projections_load(void **state)
{
	(void)state;
	size_t n;
	struct app_file good = {"projections.csv", "indicator,method,near_points\nhnte_count,hnte,10\ntsme_count,tsme,5\n", 0, NULL};
	good.len = strlen(good.data);
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_projections_load(app_fixture_as(&fx, WHO_ANALYST), &good, &n, &fx.errs), ST_DENIED);
	assert_int_equal(app_projections_load(app_fixture_as(&fx, WHO_ANON), &good, &n, &fx.errs), ST_UNAUTH);
	assert_int_equal(fx.errs.n, 0);
	struct app_file bad = {"projections.csv", "indicator,method,near_points\nno_such,hnte,10\nhnte_count,gold,5\ntsme_count,tsme,500\n", 0, NULL};
	bad.len = strlen(bad.data);
	assert_int_equal(app_projections_load(app_fixture_as(&fx, WHO_ADMIN), &bad, &n, &fx.errs), ST_INVALID);
	assert_int_equal(diag_errors(&fx.errs), 3);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	assert_int_equal(app_projections_load(app_fixture_as(&fx, WHO_ADMIN), &good, &n, &fx.errs), ST_OK);
	assert_int_equal(n, 2);
	struct firm_projection *rows;
	size_t n_rows;
	assert_int_equal(store_projections_get(fx.store, fx.arena, &rows, &n_rows), ST_OK);
	assert_int_equal(n_rows, 2);
	/* identical: nothing written */
	head = app_fixture_audit_head(&fx);
	assert_int_equal(app_projections_load(app_fixture_as(&fx, WHO_ADMIN), &good, &n, &fx.errs), ST_OK);
	assert_int_equal(app_fixture_audit_head(&fx), head);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_registry_import_refusals_write_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_registry_import_recomputes_what_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_registry_recompute, setup, teardown),
		cmocka_unit_test_setup_teardown(test_projections_load, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
