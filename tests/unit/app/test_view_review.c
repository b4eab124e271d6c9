/* test_view_review.c - unit tests of app/view_review.h: the review screen's queues are the
 * department's; a submitted value shows with the value it would replace and, for the one who
 * entered it, the four-eyes flag; a long queue comes a page at a time, with its total. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "app/values.h"
#include "base/buf.h"
#include "ingest/sheet.h"
#include "app/view_review.h"
#include "app_fixture.h"
#include "base/banned.h"

static struct app_fixture fx;

APP_FIXTURE_HOOKS(fx, "app-view-review", NULL)

static struct sheet *sheet_of(const char *csv)
{
	struct sheet *sh = app_fixture_sheet(&fx, csv);
	assert_non_null(sh);
	return sh;
}

#define HEAD "indicator,region,period,value,source\n"

static void test_review_rights(void **state)
{
	(void)state;
	struct review_view v;
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_ANON), 0, 0, &v, &fx.errs), ST_UNAUTH);
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_KJT), 0, 0, &v, &fx.errs), ST_DENIED);
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_READER), 0, 0, &v, &fx.errs), ST_DENIED);
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_ANALYST), 0, 0, &v, &fx.errs), ST_OK);
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
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_ANALYST), 0, 0, &v, &fx.errs), ST_OK);
	assert_int_equal(v.submitted.n, 1);
	const struct review_row *row = &v.submitted.rows[0];
	assert_string_equal(row->o->indicator, "tech_contract_turnover");
	assert_true(row->ind >= 0 && row->region >= 0);
	assert_string_equal(v.plan->indicators[row->ind].code, "tech_contract_turnover");
	assert_null(row->was);   /* nothing approved yet to replace */
	assert_false(row->is_own); /* the analyst did not enter it */
	/* approved, it waits to be published and is the cell's current value */
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ANALYST), row->o->id, OBS_APPROVED, NULL, &moved, &fx.errs), ST_OK);
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_ANALYST), 0, 0, &v, &fx.errs), ST_OK);
	assert_int_equal(v.submitted.n, 0);
	assert_int_equal(v.approved.n, 1);
	assert_false(v.approved.rows[0].is_own); /* the four-eyes flag is for submitted values only */
	/* the analyst's own revision: it replaces the approved one, and the rule keeps the analyst
	 * from approving it */
	assert_int_equal(app_values_enter(app_fixture_as(&fx, WHO_ANALYST), sheet_of(HEAD "tech_contract_turnover,changsha,2023,2000,y\n"),
					  OBS_SUBMITTED, NULL, 0, &res, &fx.errs),
			 ST_OK);
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_ANALYST), 0, 0, &v, &fx.errs), ST_OK);
	assert_int_equal(v.submitted.n, 1);
	row = &v.submitted.rows[0];
	assert_non_null(row->was);
	assert_true(row->was->value > 1234 && row->was->value < 1235);
	assert_true(row->is_own);
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_ADMIN), 0, 0, &v, &fx.errs), ST_OK);
	assert_false(v.submitted.rows[0].is_own);
}

/* 2 x 230 values waiting: pages of REVIEW_PAGE rows, oldest first, the totals whole; a page past
 * the end shows the last one; a value approved leaves the submitted queue's total. */
static void test_review_pages(void **state)
{
	(void)state;
	struct buf csv;
	buf_init(&csv, 0);
	bw(&csv, HEAD);
	for (int m = 0; m < 230; m++)
		bwf(&csv, "tech_contract_turnover,%s,%d,%d,x\n", m < 115 ? "changsha" : "zhuzhou", 1900 + m % 115, m + 1);
	struct import_result res;
	assert_int_equal(app_values_enter(app_fixture_as(&fx, WHO_ADMIN), sheet_of(buf_str(&csv)), OBS_SUBMITTED, NULL, 0, &res,
					  &fx.errs),
			 ST_OK);
	assert_int_equal(res.n_new, 230);
	buf_release(&csv);
	struct review_view v;
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_ANALYST), 0, 0, &v, &fx.errs), ST_OK);
	assert_int_equal(v.submitted.total, 230);
	assert_int_equal(v.submitted.n, REVIEW_PAGE);
	assert_int_equal(v.submitted.offset, 0);
	assert_string_equal(v.submitted.rows[0].o->region, "changsha");
	assert_string_equal(v.submitted.rows[0].o->period, "1900");
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_ANALYST), REVIEW_PAGE, 0, &v, &fx.errs), ST_OK);
	assert_int_equal(v.submitted.n, 30);
	assert_int_equal(v.submitted.offset, REVIEW_PAGE);
	assert_string_equal(v.submitted.rows[0].o->region, "zhuzhou");
	assert_string_equal(v.submitted.rows[0].o->period, "1985");
	assert_string_equal(v.submitted.rows[29].o->period, "2014");
	/* past the end: the last page */
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_ANALYST), 100000, 0, &v, &fx.errs), ST_OK);
	assert_int_equal(v.submitted.offset, REVIEW_PAGE);
	assert_int_equal(v.submitted.n, 30);
	/* one approved: 229 submitted, 1 approved */
	struct obs *moved;
	long long first = v.submitted.rows[0].o->id;
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ANALYST), first, OBS_APPROVED, NULL, &moved, &fx.errs), ST_OK);
	assert_int_equal(app_review_view(app_fixture_as(&fx, WHO_ANALYST), 0, 0, &v, &fx.errs), ST_OK);
	assert_int_equal(v.submitted.total, 229);
	assert_int_equal(v.approved.total, 1);
	assert_int_equal(v.approved.rows[0].o->id, moved->id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_review_rights, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_queues, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_pages, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
