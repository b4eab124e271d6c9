/* test_view_entry.c - unit tests of app/view_entry.h: the regions each reporter may enter
 * values for, a region not theirs refused, the period normalised or defaulted, every with a
 * region only; an import's commit approves at once only for the department with the
 * four-eyes rule off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "app/view_entry.h"
#include "app_fixture.h"
#include "base/banned.h"

static struct app_fixture fx;

APP_FIXTURE_HOOKS(fx, "app-view-entry", "2025-07-01T00:00:00Z")

static void test_entry_regions(void **state)
{
	(void)state;
	struct entry_view v;
	assert_int_equal(app_entry_view(app_fixture_as(&fx, WHO_REGION), NULL, NULL, NULL, &v, &fx.errs), ST_OK);
	size_t n_allowed = 0;
	for (size_t g = 0; g < v.plan->n_regions; g++)
		if (v.may_region[g]) {
			n_allowed++;
			assert_string_equal(v.plan->regions[g].code, "zhuzhou");
		}
	assert_int_equal(n_allowed, 1);
	assert_int_equal(v.region, -1);
	assert_string_equal(v.period, "2024"); /* last year */
	/* another region, or none at all: refused */
	assert_int_equal(app_entry_view(app_fixture_as(&fx, WHO_REGION), "changsha", NULL, NULL, &v, &fx.errs), ST_DENIED);
	assert_int_equal(app_entry_view(app_fixture_as(&fx, WHO_REGION), "nowhere", NULL, NULL, &v, &fx.errs), ST_DENIED);
	assert_int_equal(app_entry_view(app_fixture_as(&fx, WHO_REGION), "zhuzhou", "2023", "1", &v, &fx.errs), ST_OK);
	assert_true(v.region >= 0 && v.is_every);
	assert_string_equal(v.period, "2023");
	/* a unit reporter reports in every region; every without a region means nothing */
	assert_int_equal(app_entry_view(app_fixture_as(&fx, WHO_AMR), "changsha", NULL, NULL, &v, &fx.errs), ST_OK);
	for (size_t g = 0; g < v.plan->n_regions; g++)
		assert_true(v.may_region[g]);
	assert_int_equal(app_entry_view(app_fixture_as(&fx, WHO_AMR), NULL, "not a period", "1", &v, &fx.errs), ST_OK);
	assert_false(v.is_every);
	assert_string_equal(v.period, "2024");
	for (size_t k = 0; k < v.n; k++)
		assert_true(v.cells[k].indicator >= 0 && v.cells[k].region >= 0);
	assert_int_equal(app_entry_view(app_fixture_as(&fx, WHO_READER), NULL, NULL, NULL, &v, &fx.errs), ST_DENIED);
}

static void test_import_commit_status(void **state)
{
	(void)state;
	struct import_view v;
	struct upload u;
	struct import_result res;
	memset(&u, 0, sizeof(u));
	memset(&res, 0, sizeof(res));
	assert_int_equal(app_import_view(app_fixture_as(&fx, WHO_AMR), &u, ST_OK, &res, &fx.errs, 0, &v), ST_OK);
	assert_false(v.commit_approves);
	assert_int_equal(app_import_view(app_fixture_as(&fx, WHO_ANALYST), &u, ST_OK, &res, &fx.errs, 0, &v), ST_OK);
	assert_false(v.commit_approves); /* the four-eyes rule holds by default */
	app_fixture_as(&fx, WHO_ANALYST)->four_eyes = "none";
	assert_int_equal(app_import_view(&fx.ctx, &u, ST_OK, &res, &fx.errs, 0, &v), ST_OK);
	assert_true(v.commit_approves);
	app_fixture_as(&fx, WHO_AMR)->four_eyes = "none";
	assert_int_equal(app_import_view(&fx.ctx, &u, ST_OK, &res, &fx.errs, 0, &v), ST_OK);
	assert_false(v.commit_approves); /* a reporter's import waits for review regardless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_entry_regions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_commit_status, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
