/* test_view_reporting.c - unit tests of app/view_reporting.h and app/view_supervision.h: the
 * unit a reporting page is for (a unit reporter's own whatever is asked), the department's
 * choice of units, each duty's form and upload rights as its report moves; the supervision
 * screen's cycle and counts; one progress report and who reviews it there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "app/view_reporting.h"
#include "app/view_supervision.h"
#include "app_fixture.h"
#include "base/banned.h"

static struct app_fixture fx;

static int group_setup(void **state)
{
	(void)state;
	return app_fixture_group_setup(&fx);
}

static int group_teardown(void **state)
{
	(void)state;
	app_fixture_group_teardown(&fx);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	app_fixture_teardown(&fx);
	return 0;
}

/* A store with the cycle 2025Q3 open (deadline 2025-10-15), opened by the analyst. */
static int setup(void **state)
{
	(void)state;
	struct sup_cycle *c;
	if (app_fixture_setup(&fx, "app-view-reporting", "2025-07-01T00:00:00Z") != 0)
		return -1;
	return app_cycle_open(app_fixture_as(&fx, WHO_ANALYST), "2025Q3", "2025-10-15", &c, &fx.errs) == ST_OK ? 0 : -1;
}

static const struct reporting_duty *duty_of(const struct reporting_view *v, int measure)
{
	for (size_t i = 0; i < v->n_duties; i++)
		if (v->duties[i].owed->duty.measure == measure)
			return &v->duties[i];
	fail_msg("no duty on measure %d", measure);
	return NULL;
}

static void save(enum who w, int is_submit)
{
	struct app_report_key k = {"2025Q3", 22, "amr"};
	struct sup_report_input in = {PROGRESS_ON_TRACK, "进展顺利", NULL};
	struct sup_report *out;
	assert_int_equal(app_report_save(app_fixture_as(&fx, w), &k, &in, is_submit, -1, &out, &fx.errs), ST_OK);
}

static void test_reporting_unit(void **state)
{
	(void)state;
	struct reporting_view v;
	assert_int_equal(app_reporting_view(app_fixture_as(&fx, WHO_ANON), NULL, NULL, &v, &fx.errs), ST_UNAUTH);
	assert_int_equal(app_reporting_view(app_fixture_as(&fx, WHO_READER), NULL, NULL, &v, &fx.errs), ST_DENIED);
	/* a unit reporter sees its own unit, whatever it asks for */
	assert_int_equal(app_reporting_view(app_fixture_as(&fx, WHO_AMR), NULL, "kjt", &v, &fx.errs), ST_OK);
	assert_string_equal(v.unit, "amr");
	assert_string_equal(v.cycle->period, "2025Q3");
	assert_false(v.is_department);
	assert_int_equal(v.n_units, 0);
	assert_int_equal(v.n_cycles, 0); /* one cycle: nothing to switch to */
	assert_true(v.n_duties > 0);
	for (size_t i = 0; i < v.n_duties; i++)
		assert_string_equal(v.duties[i].owed->duty.unit, "amr");
	const struct reporting_duty *d = duty_of(&v, 22);
	assert_true(d->is_writable && d->may_upload);
	/* the department picks the unit; an unknown one falls back to the first with a duty */
	assert_int_equal(app_reporting_view(app_fixture_as(&fx, WHO_ANALYST), "2025Q3", "kjt", &v, &fx.errs), ST_OK);
	assert_true(v.is_department);
	assert_string_equal(v.unit, "kjt");
	assert_true(v.n_units > 1);
	assert_int_equal(app_reporting_view(app_fixture_as(&fx, WHO_ANALYST), NULL, "nosuchunit", &v, &fx.errs), ST_OK);
	assert_non_null(v.unit);
	assert_int_equal(app_reporting_view(app_fixture_as(&fx, WHO_AMR), "2024Q1", NULL, &v, &fx.errs), ST_NOT_FOUND);
}

static void test_reporting_rights_follow_the_report(void **state)
{
	(void)state;
	struct reporting_view v;
	save(WHO_AMR, 1); /* submitted: no form, files still welcome */
	assert_int_equal(app_reporting_view(app_fixture_as(&fx, WHO_AMR), NULL, NULL, &v, &fx.errs), ST_OK);
	const struct reporting_duty *d = duty_of(&v, 22);
	assert_non_null(d->owed->report);
	assert_false(d->is_writable);
	assert_true(d->may_upload);
	/* another unit's reporter sees no form for amr (it is shown its own unit) and a reader
	 * cannot open the page at all */
	assert_int_equal(app_reporting_view(app_fixture_as(&fx, WHO_KJT), NULL, "amr", &v, &fx.errs), ST_OK);
	assert_string_equal(v.unit, "kjt");
	/* approved: neither */
	struct app_report_key k = {"2025Q3", 22, "amr"};
	struct sup_report *out;
	assert_int_equal(app_report_review(app_fixture_as(&fx, WHO_ANALYST), &k, 1, NULL, -1, &out, &fx.errs), ST_OK);
	assert_int_equal(app_reporting_view(app_fixture_as(&fx, WHO_AMR), NULL, NULL, &v, &fx.errs), ST_OK);
	d = duty_of(&v, 22);
	assert_false(d->is_writable || d->may_upload);
	/* a closed cycle: nothing to write */
	struct sup_cycle *c;
	assert_int_equal(app_cycle_close(app_fixture_as(&fx, WHO_ANALYST), "2025Q3", &c, &fx.errs), ST_OK);
	assert_int_equal(app_reporting_view(app_fixture_as(&fx, WHO_AMR), NULL, NULL, &v, &fx.errs), ST_OK);
	for (size_t i = 0; i < v.n_duties; i++)
		assert_false(v.duties[i].is_writable || v.duties[i].may_upload);
}

static void test_supervision_screen(void **state)
{
	(void)state;
	struct supervision_view v;
	assert_int_equal(app_supervision_view(app_fixture_as(&fx, WHO_AMR), NULL, &v, &fx.errs), ST_DENIED);
	assert_int_equal(app_supervision_view(app_fixture_as(&fx, WHO_ANALYST), "2024Q1", &v, &fx.errs), ST_NOT_FOUND);
	save(WHO_AMR, 1);
	assert_int_equal(app_supervision_view(app_fixture_as(&fx, WHO_ANALYST), NULL, &v, &fx.errs), ST_OK);
	assert_string_equal(v.cycle->period, "2025Q3");
	assert_true(v.status.n > 1);
	assert_int_equal(v.n_waiting, 1);
	assert_int_equal(v.n_approved, 0);
}

static void test_progress_report(void **state)
{
	(void)state;
	struct progress_report_view v;
	struct app_report_key k = {"2025Q3", 22, "amr"};
	assert_int_equal(app_progress_report_view(app_fixture_as(&fx, WHO_ANALYST), &k, &v), ST_NOT_FOUND); /* nothing yet */
	save(WHO_AMR, 1);
	assert_int_equal(app_progress_report_view(app_fixture_as(&fx, WHO_ANALYST), &k, &v), ST_OK);
	assert_true(v.is_department && v.may_review);
	assert_int_equal(v.timeliness, SUP_ON_TIME);
	assert_string_equal(v.report.owed->report->narrative, "进展顺利");
	assert_int_equal(app_progress_report_view(app_fixture_as(&fx, WHO_AMR), &k, &v), ST_OK);
	assert_false(v.is_department || v.may_review);
	struct sup_report *out;
	assert_int_equal(app_report_review(app_fixture_as(&fx, WHO_ANALYST), &k, 1, NULL, -1, &out, &fx.errs), ST_OK);
	assert_int_equal(app_progress_report_view(app_fixture_as(&fx, WHO_ANALYST), &k, &v), ST_OK);
	assert_false(v.may_review); /* approved: nothing left to review */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reporting_unit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reporting_rights_follow_the_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_supervision_screen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress_report, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
