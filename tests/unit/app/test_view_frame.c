/* test_view_frame.c - unit tests of app/view_frame.h: the menu each role's frame offers, and
 * the unread count (nothing without a store). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "app/sup.h"
#include "app/view_frame.h"
#include "app_fixture.h"
#include "base/banned.h"

static struct app_fixture fx;

APP_FIXTURE_HOOKS(fx, "app-view-frame", "2025-07-01T00:00:00Z")

static void test_frame_by_role(void **state)
{
	(void)state;
	struct frame_view v;
	app_frame_view(app_fixture_as(&fx, WHO_ANON), &v);
	assert_false(v.is_signed_in || v.may_enter || v.may_review || v.may_report || v.may_supervise || v.is_admin);
	assert_null(v.name);
	assert_int_equal(v.unread, 0);
	app_frame_view(app_fixture_as(&fx, WHO_READER), &v);
	assert_true(v.is_signed_in);
	assert_false(v.may_enter || v.may_review || v.may_report || v.may_supervise || v.is_admin);
	assert_string_equal(v.name, "rd");
	app_frame_view(app_fixture_as(&fx, WHO_AMR), &v);
	assert_true(v.is_signed_in && v.may_enter && v.may_report);
	assert_false(v.may_review || v.may_supervise || v.is_admin);
	assert_string_equal(v.role, "unit_reporter");
	app_frame_view(app_fixture_as(&fx, WHO_ANALYST), &v);
	assert_true(v.may_review && v.may_supervise);
	assert_false(v.is_admin);
	app_frame_view(app_fixture_as(&fx, WHO_ADMIN), &v);
	assert_true(v.is_admin && v.may_review && v.may_supervise);
}

static void test_frame_unread(void **state)
{
	(void)state;
	struct frame_view v;
	struct sup_cycle *c;
	/* opening a cycle tells every unit with a duty: amr's reporter has unread notifications */
	assert_int_equal(app_cycle_open(app_fixture_as(&fx, WHO_ANALYST), "2025Q3", "2025-10-15", &c, &fx.errs), ST_OK);
	app_frame_view(app_fixture_as(&fx, WHO_AMR), &v);
	assert_true(v.unread >= 1);
	long long unread;
	assert_int_equal(app_inbox_read(app_fixture_as(&fx, WHO_AMR), 0, &unread), ST_OK);
	app_frame_view(app_fixture_as(&fx, WHO_AMR), &v);
	assert_int_equal(v.unread, 0);
	/* a page without a store: no count, no failure */
	struct app_ctx bare;
	app_ctx_init(&bare, NULL, fx.arena, &fx.who[WHO_AMR]);
	app_frame_view(&bare, &v);
	assert_true(v.is_signed_in);
	assert_int_equal(v.unread, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_frame_by_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frame_unread, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
