/* test_view_admin.c - unit tests of app/view_admin.h: the audit trail is the administrators',
 * filtered as asked, a page at a time with the link to older events; the users page and the
 * supervision settings are theirs too, with every user, rule and milestone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "app/view_admin.h"
#include "app_fixture.h"
#include "base/banned.h"

static struct app_fixture fx;

APP_FIXTURE_HOOKS(fx, "app-view-admin", NULL)

static void test_audit(void **state)
{
	(void)state;
	struct audit_filter f;
	struct audit_view v;
	memset(&f, 0, sizeof(f));
	f.limit = 200;
	assert_int_equal(app_audit_view(app_fixture_as(&fx, WHO_ANON), &f, &v), ST_UNAUTH);
	assert_int_equal(app_audit_view(app_fixture_as(&fx, WHO_ANALYST), &f, &v), ST_DENIED);
	assert_int_equal(app_audit_view(app_fixture_as(&fx, WHO_ADMIN), &f, &v), ST_OK);
	assert_true(v.n >= 2); /* the plan and the users were written */
	assert_int_equal(v.older_id, 0); /* all of it on one page */
	f.limit = 1;
	assert_int_equal(app_audit_view(app_fixture_as(&fx, WHO_ADMIN), &f, &v), ST_OK);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.older_id, v.rows[0].id);
	f.before_id = v.older_id;
	assert_int_equal(app_audit_view(app_fixture_as(&fx, WHO_ADMIN), &f, &v), ST_OK);
	assert_int_equal(v.n, 1);
	assert_true(v.rows[0].id < f.before_id);
	/* filtered by actor as asked */
	f.limit = 200;
	f.before_id = 0;
	f.actor = "nobody-at-all";
	assert_int_equal(app_audit_view(app_fixture_as(&fx, WHO_ADMIN), &f, &v), ST_OK);
	assert_int_equal(v.n, 0);
	assert_string_equal(v.filter.actor, "nobody-at-all");
}

static void test_users(void **state)
{
	(void)state;
	struct users_view v;
	assert_int_equal(app_users_view(app_fixture_as(&fx, WHO_ANALYST), &v), ST_DENIED);
	assert_int_equal(app_users_view(app_fixture_as(&fx, WHO_ADMIN), &v), ST_OK);
	assert_int_equal(v.n, WHO__COUNT - 1); /* every user of the fixture; the anonymous is none */
	assert_non_null(v.plan);
	assert_true(v.plan->n_units > 0 && v.plan->n_regions > 0);
}

static void test_sup_settings(void **state)
{
	(void)state;
	struct sup_settings_view v;
	assert_int_equal(app_sup_settings_view(app_fixture_as(&fx, WHO_ANON), &v, &fx.errs), ST_UNAUTH);
	assert_int_equal(app_sup_settings_view(app_fixture_as(&fx, WHO_ANALYST), &v, &fx.errs), ST_DENIED);
	assert_int_equal(app_sup_settings_view(app_fixture_as(&fx, WHO_ADMIN), &v, &fx.errs), ST_OK);
	assert_non_null(v.plan);
	assert_true(v.n_rules > 0); /* the shipped rules */
	struct sup_rule *rows;
	size_t n;
	assert_int_equal(app_notice_rules(app_fixture_as(&fx, WHO_ADMIN), &rows, &n), ST_OK);
	assert_int_equal(v.n_rules, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_users, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sup_settings, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
