/* test_view_registries.c - unit tests of app/view_registries.h and app/view_firms.h: who may
 * read the registries and import one; an empty registry; who may list firms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "app/view_firms.h"
#include "app/view_registries.h"
#include "app_fixture.h"
#include "base/banned.h"

static struct app_fixture fx;

APP_FIXTURE_HOOKS(fx, "app-view-registries", NULL)

static void test_registries(void **state)
{
	(void)state;
	struct registries_view v;
	assert_int_equal(app_registries_view(app_fixture_as(&fx, WHO_ANON), REG_CONTRACTS, &v), ST_UNAUTH);
	assert_int_equal(app_registries_view(app_fixture_as(&fx, WHO_READER), REG_CONTRACTS, &v), ST_OK);
	assert_int_equal(v.kind, REG_CONTRACTS);
	assert_int_equal(v.n, 0);
	for (int k = 0; k < REG_N_KINDS; k++)
		assert_int_equal(v.counts[k], 0);
	assert_false(v.may_upload);
	assert_int_equal(app_registries_view(app_fixture_as(&fx, WHO_ANALYST), REG_FIRMS, &v), ST_OK);
	assert_true(v.may_upload);
}

static void test_firms(void **state)
{
	(void)state;
	struct firms_view v;
	struct pipeline_view pv;
	/* firms are listed to the department and region reporters only */
	assert_int_equal(app_firms_view(app_fixture_as(&fx, WHO_READER), 0, -1, 1, 200, &v), ST_DENIED);
	assert_int_equal(app_firms_view(app_fixture_as(&fx, WHO_AMR), 0, -1, 1, 200, &v), ST_DENIED);
	assert_int_equal(app_firms_view(app_fixture_as(&fx, WHO_ANALYST), 0, -1, 1, 200, &v), ST_OK);
	assert_int_equal(v.seen, 0);
	assert_int_equal(v.n_rows, 0);
	/* no registry yet: the pipeline says so rather than failing */
	assert_int_equal(app_pipeline_view(app_fixture_as(&fx, WHO_ANON), 0, &pv), ST_OK);
	assert_false(pv.has_registry);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_registries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_firms, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
