/* test_plan.c - unit tests of app/plan.h: a broken plan folder reported whole; storing and
 * editing only for administrators (refusals write nothing); an edit's members checked whole
 * (wrong kinds, missing and unknown members listed together), then the plan's own checks; a
 * good edit a new version, the same edit again nothing; deleting what is not there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/plan.h"
#include "app_fixture.h"
#include "base/banned.h"

static struct app_fixture fx;

APP_FIXTURE_HOOKS(fx, "app-plan", NULL)

static int versions(void)
{
	struct plan_version_row *rows;
	size_t n;
	assert_int_equal(store_plan_versions(fx.store, fx.arena, &rows, &n), ST_OK);
	return (int)n;
}

static void test_plan_check_lists_every_problem(void **state)
{
	(void)state;
	const char *root = getenv("INNOMON_SOURCE_ROOT");
	struct plan *p;
	struct app_ctx x;
	struct diag_list d;
	diag_init(&d, fx.arena);
	app_ctx_init(&x, NULL, fx.arena, app_operator()); /* checking a folder needs no store */
	const char *dir = arena_printf(fx.arena, "%s/tests/data/broken-plans/bad-comparator", root ? root : ".");
	assert_int_equal(app_plan_check(&x, dir, &p, &d), ST_INVALID);
	assert_true(diag_errors(&d) >= 1);
	assert_string_equal(d.items[0].code, "bad_comparator");
	diag_init(&d, fx.arena);
	assert_int_equal(app_plan_check(&x, arena_printf(fx.arena, "%s/data/plans/czt-2024", root ? root : "."), &p, &d), ST_OK);
	assert_int_equal(d.n_errors, 0);
}

static void test_plan_save_for_admins_only(void **state)
{
	(void)state;
	struct plan_save_result res;
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_plan_save(app_fixture_as(&fx, WHO_ANALYST), fx.shipped, &res, &fx.errs), ST_DENIED);
	assert_int_equal(app_plan_save(app_fixture_as(&fx, WHO_ANON), fx.shipped, &res, &fx.errs), ST_UNAUTH);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* the same plan again: nothing written */
	assert_int_equal(app_plan_save(app_fixture_as(&fx, WHO_ADMIN), fx.shipped, &res, &fx.errs), ST_OK);
	assert_int_equal(res.is_unchanged, 1);
	assert_int_equal(versions(), 1);
}

static const struct edit_field *fields(size_t n, ...)
{
	va_list ap;
	struct edit_field *fs = arena_calloc(fx.arena, n + 1, sizeof(*fs));
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		fs[i] = va_arg(ap, struct edit_field);
	va_end(ap);
	return fs;
}

#define TEXT(k, v) ((struct edit_field){.name = (k), .kind = EDIT_TEXT, .text = (v)})
#define NUM(k, v) ((struct edit_field){.name = (k), .kind = EDIT_NUMBER, .number = (v), .is_integer = (v) == (int)(v)})

static void test_plan_edit_lists_every_member_problem(void **state)
{
	(void)state;
	struct plan_edit_result res;
	long long head = app_fixture_audit_head(&fx);
	/* a new indicator without its names, a whole number that is not, a wrong kind, a stranger */
	struct plan_edit e = {.kind = PLAN_EDIT_INDICATOR, .code = "brand_new",
			      .fields = fields(4, NUM("decimals", 1.5), TEXT("headline", "yes"), TEXT("direction", "sideways"),
					       TEXT("colour", "red")),
			      .n_fields = 4};
	assert_int_equal(app_plan_edit(app_fixture_as(&fx, WHO_ADMIN), &e, &res, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "name_zh", "missing"));
	assert_true(app_fixture_has_error(&fx, "decimals", "bad_type"));
	assert_true(app_fixture_has_error(&fx, "headline", "bad_type"));
	assert_true(app_fixture_has_error(&fx, "direction", "bad_type"));
	assert_true(app_fixture_has_error(&fx, "colour", "unknown_field"));
	assert_int_equal(app_fixture_audit_head(&fx), head);
	assert_int_equal(versions(), 1);
	/* the members are fine, the plan is not: plan_check's problems */
	struct plan_edit t = {.kind = PLAN_EDIT_TARGET, .code = "nope", .region = "zhuzhou", .year = 2030,
			      .fields = fields(2, TEXT("comparator", ">="), NUM("value", 1)), .n_fields = 2};
	assert_int_equal(app_plan_edit(app_fixture_as(&fx, WHO_ADMIN), &t, &res, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, NULL, "unknown_reference"));
	assert_int_equal(versions(), 1);
	/* not an administrator: refused before anything is read */
	assert_int_equal(app_plan_edit(app_fixture_as(&fx, WHO_ANALYST), &t, &res, &fx.errs), ST_DENIED);
	assert_int_equal(fx.errs.n, 0);
	assert_int_equal(app_fixture_audit_head(&fx), head);
}

static void test_plan_edit_saves_a_version(void **state)
{
	(void)state;
	struct plan_edit_result res;
	struct plan_edit e = {.kind = PLAN_EDIT_TARGET, .code = "tech_contract_turnover", .region = "changsha", .year = 2030,
			      .fields = fields(3, TEXT("comparator", ">="), NUM("value", 3000), TEXT("note_zh", "测试")),
			      .n_fields = 3};
	assert_int_equal(app_plan_edit(app_fixture_as(&fx, WHO_ADMIN), &e, &res, &fx.errs), ST_OK);
	assert_int_equal(res.version, 2);
	assert_int_equal(res.is_unchanged, 0);
	assert_int_equal(versions(), 2);
	struct plan *p;
	assert_int_equal(store_plan_get(fx.store, fx.arena, NULL, 0, &p), ST_OK);
	int found = 0;
	for (size_t i = 0; i < p->n_targets; i++)
		found |= strcmp(p->targets[i].indicator_code, "tech_contract_turnover") == 0 && p->targets[i].year == 2030 &&
			 p->targets[i].value == 3000;
	assert_true(found);
	struct plan_version_row *rows;
	size_t n;
	assert_int_equal(store_plan_versions(fx.store, fx.arena, &rows, &n), ST_OK);
	assert_string_equal(rows[n - 1].loaded_by, "boss"); /* the acting principal */
	/* the same edit again changes nothing */
	assert_int_equal(app_plan_edit(app_fixture_as(&fx, WHO_ADMIN), &e, &res, &fx.errs), ST_OK);
	assert_int_equal(res.is_unchanged, 1);
	assert_int_equal(versions(), 2);
	/* delete it, then delete what is no longer there */
	struct plan_edit del = {.kind = PLAN_EDIT_TARGET_DELETE, .code = "tech_contract_turnover", .region = "changsha",
				.year = 2030};
	assert_int_equal(app_plan_edit(app_fixture_as(&fx, WHO_ADMIN), &del, &res, &fx.errs), ST_OK);
	assert_int_equal(res.version, 3);
	assert_int_equal(app_plan_edit(app_fixture_as(&fx, WHO_ADMIN), &del, &res, &fx.errs), ST_NOT_FOUND);
	struct plan_edit bad_year = {.kind = PLAN_EDIT_TARGET_DELETE, .code = "tech_contract_turnover", .region = "changsha"};
	assert_int_equal(app_plan_edit(app_fixture_as(&fx, WHO_ADMIN), &bad_year, &res, &fx.errs), ST_NOT_FOUND);
	/* a measure's units: a lead code and a list of co units */
	const char *co[] = {"fgw", NULL};
	struct edit_field m[] = {TEXT("lead", "kjt"), {.name = "co", .kind = EDIT_LIST, .list = co, .n_list = 2}};
	struct plan_edit me = {.kind = PLAN_EDIT_MEASURE, .measure = 1, .fields = m, .n_fields = 2};
	assert_int_equal(app_plan_edit(app_fixture_as(&fx, WHO_ADMIN), &me, &res, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "co", "bad_type")); /* the NULL item is not a code */
	me.fields = fields(1, TEXT("lead", "kjt"));
	me.n_fields = 1;
	assert_int_equal(app_plan_edit(app_fixture_as(&fx, WHO_ADMIN), &me, &res, &fx.errs), ST_OK);
	assert_int_equal(res.version, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plan_check_lists_every_problem, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_save_for_admins_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_edit_lists_every_member_problem, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_edit_saves_a_version, setup, teardown),
	};
	return cmocka_run_group_tests_name("app/plan", tests, group_setup, group_teardown);
}
