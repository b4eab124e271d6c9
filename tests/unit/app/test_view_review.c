/* test_view_review.c - unit tests of app/view_review.h: the review screen's queues are the
 * department's; a submitted value shows with the value it would replace and, for the one who
 * entered it, the four-eyes flag. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "app/values.h"
#include "ingest/sheet.h"
#include "app/view_review.h"
#include "app_fixture.h"
#include "base/banned.h"

static struct app_fixture fx;

APP_FIXTURE_HOOKS(fx, "app-view-review", NULL)

static struct sheet *sheet_of(const char *csv)
{
	struct sheet *sh = arena_alloc(fx.arena, sizeof(*sh));
	struct diag_list d;
	diag_init(&d, fx.arena);
	assert_int_equal(sheet_from_csv(fx.arena, "form", csv, strlen(csv), sh, &d), ST_OK);
	return sh;
}

#define HEAD "indicator,region,period,value,source\n"

static void test_review_rights(void **state)
{
	(void)state;
	struct review_view v;
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_ANON), &v, &fx.errs), ST_UNAUTH);
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_KJT), &v, &fx.errs), ST_DENIED);
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_READER), &v, &fx.errs), ST_DENIED);
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_ANALYST), &v, &fx.errs), ST_OK);
	assert_int_equal(v.submitted.n, 0);
	assert_int_equal(v.approved.n, 0);
	assert_non_null(v.plan);
}

static void test_review_queues(void **state)
{
	(void)state;
	struct import_result res;
	struct review_view v;
	struct obs *moved;
	/* kjt submits a first value; the analyst submits a second for the same cell */
	assert_int_equal(app_values_enter(app_fixture_as(&fx, WHO_KJT), sheet_of(HEAD "tech_contract_turnover,changsha,2023,1234.5,x\n"),
					  OBS_SUBMITTED, NULL, 0, &res, &fx.errs),
			 ST_OK);
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_ANALYST), &v, &fx.errs), ST_OK);
	assert_int_equal(v.submitted.n, 1);
	const struct review_row *row = &v.submitted.rows[0];
	assert_string_equal(row->o->indicator, "tech_contract_turnover");
	assert_true(row->ind >= 0 && row->region >= 0);
	assert_string_equal(v.plan->indicators[row->ind].code, "tech_contract_turnover");
	assert_null(row->was);   /* nothing approved yet to replace */
	assert_false(row->is_own); /* the analyst did not enter it */
	/* approved, it waits to be published and is the cell's current value */
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ANALYST), row->o->id, OBS_APPROVED, NULL, &moved, &fx.errs), ST_OK);
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_ANALYST), &v, &fx.errs), ST_OK);
	assert_int_equal(v.submitted.n, 0);
	assert_int_equal(v.approved.n, 1);
	assert_false(v.approved.rows[0].is_own); /* the four-eyes flag is for submitted values only */
	/* the analyst's own revision: it replaces the approved one, and the rule keeps the analyst
	 * from approving it */
	assert_int_equal(app_values_enter(app_fixture_as(&fx, WHO_ANALYST), sheet_of(HEAD "tech_contract_turnover,changsha,2023,2000,y\n"),
					  OBS_SUBMITTED, NULL, 0, &res, &fx.errs),
			 ST_OK);
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_ANALYST), &v, &fx.errs), ST_OK);
	assert_int_equal(v.submitted.n, 1);
	row = &v.submitted.rows[0];
	assert_non_null(row->was);
	assert_true(row->was->value > 1234 && row->was->value < 1235);
	assert_true(row->is_own);
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_ADMIN), &v, &fx.errs), ST_OK);
	assert_false(v.submitted.rows[0].is_own);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_review_rights, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_queues, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
