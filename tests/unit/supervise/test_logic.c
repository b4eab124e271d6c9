/* test_logic.c - unit tests of supervise/logic.c: deadlines end at 24:00 Beijing time, reply
 * deadlines and quarters in Asia/Shanghai, a report's timeliness, when rules fire, escalation,
 * reminders, the webhook back-off, on/off-track statuses and "off track k periods running",
 * who sees a report or a notice (through authz), and the scorecard formula. Pure: no store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#include "base/clock.h"
#include "supervise/supervise.h"
#include "base/banned.h"

static time_t at(const char *utc)
{
	time_t t;
	assert_true(clock_parse_utc(utc, &t));
	return t;
}

static void expect_time(time_t t, const char *utc)
{
	char out[32];
	clock_format_utc(t, out);
	assert_string_equal(out, utc);
}

static void test_sup_deadline_parse_date_ends_at_midnight_beijing(void **state)
{
	(void)state;
	time_t t;
	assert_true(sup_deadline_parse("2025-10-15", &t));
	expect_time(t, "2025-10-15T15:59:59Z");
	assert_true(sup_deadline_parse("2025-10-15T08:00:00Z", &t));
	expect_time(t, "2025-10-15T08:00:00Z");
	const char *bad[] = {NULL, "", "2025-13-01", "2025-02-30", "2025-10-15 ", "15/10/2025", "2025-10-15T08:00:00"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(sup_deadline_parse(bad[i], &t));
	assert_int_equal(sup_end_of_day("nonsense"), 0);
	expect_time(sup_end_of_day("2025-12-31"), "2025-12-31T15:59:59Z");
}

static void test_sup_reply_due_counts_days_in_shanghai(void **state)
{
	(void)state;
	/* 09:00 on 16 October in Beijing: five days to the end of 21 October */
	expect_time(sup_reply_due(at("2025-10-16T01:00:00Z"), 5), "2025-10-21T15:59:59Z");
	/* 01:00 on 17 October in Beijing (still 16 October in UTC): the end of 22 October */
	expect_time(sup_reply_due(at("2025-10-16T17:00:00Z"), 5), "2025-10-22T15:59:59Z");
	char date[11];
	sup_shanghai_date(at("2025-10-16T17:00:00Z"), date);
	assert_string_equal(date, "2025-10-17");
}

static void test_sup_quarter_of_is_local(void **state)
{
	(void)state;
	char text[PERIOD_TEXT_MAX];
	struct period q = sup_quarter_of(at("2025-09-30T16:30:00Z")); /* 1 October 00:30 in Beijing */
	period_format(&q, text);
	assert_string_equal(text, "2025Q4");
	q = sup_quarter_of(at("2025-09-30T15:59:59Z"));
	period_format(&q, text);
	assert_string_equal(text, "2025Q3");
}

static void test_sup_timeliness_on_time_late_pending_missing(void **state)
{
	(void)state;
	time_t deadline = at("2025-10-15T15:59:59Z");
	assert_int_equal(sup_timeliness("2025-10-15T15:59:59Z", deadline, deadline + 99), SUP_ON_TIME);
	assert_int_equal(sup_timeliness("2025-10-15T16:00:00Z", deadline, deadline + 99), SUP_LATE);
	assert_int_equal(sup_timeliness(NULL, deadline, deadline), SUP_PENDING);
	assert_int_equal(sup_timeliness(NULL, deadline, deadline + 1), SUP_MISSING);
	assert_int_equal(sup_timeliness("garbage", deadline, deadline - 1), SUP_PENDING);
	assert_string_equal(sup_timeliness_name(SUP_MISSING), "missing");
	assert_string_equal(sup_timeliness_name(SUP_ON_TIME), "on_time");
}

static void test_sup_rule_fires_after_grace(void **state)
{
	(void)state;
	time_t d = at("2025-10-15T15:59:59Z");
	assert_false(sup_rule_fires(d, 0, d));
	assert_true(sup_rule_fires(d, 0, d + 1));
	assert_false(sup_rule_fires(d, 2, d + 2 * SUP_DAY_S));
	assert_true(sup_rule_fires(d, 2, d + 2 * SUP_DAY_S + 1));
	assert_false(sup_rule_fires(0, 0, d));
}

static void test_sup_should_escalate_only_open_notices(void **state)
{
	(void)state;
	time_t due = at("2025-10-21T15:59:59Z");
	assert_false(sup_should_escalate(NOTICE_OPEN, due, 0, due));
	assert_true(sup_should_escalate(NOTICE_OPEN, due, 0, due + 1));
	assert_false(sup_should_escalate(NOTICE_OPEN, due, 3, due + 3 * SUP_DAY_S));
	assert_true(sup_should_escalate(NOTICE_OPEN, due, 3, due + 3 * SUP_DAY_S + 1));
	assert_false(sup_should_escalate(NOTICE_ANSWERED, due, 0, due + 99));
	assert_false(sup_should_escalate(NOTICE_ESCALATED, due, 0, due + 99));
	assert_false(sup_should_escalate(NOTICE_CLOSED, due, 0, due + 99));
}

static void test_sup_reminder_due_window(void **state)
{
	(void)state;
	time_t d = at("2025-10-15T15:59:59Z");
	assert_false(sup_reminder_due(d, 3, d - 3 * SUP_DAY_S - 1));
	assert_true(sup_reminder_due(d, 3, d - 3 * SUP_DAY_S));
	assert_true(sup_reminder_due(d, 3, d - 1));
	assert_false(sup_reminder_due(d, 3, d));
	assert_false(sup_reminder_due(d, 0, d - 1));
}

static void test_sup_backoff_doubles_and_caps(void **state)
{
	(void)state;
	assert_int_equal(sup_backoff_s(1), 60);
	assert_int_equal(sup_backoff_s(2), 120);
	assert_int_equal(sup_backoff_s(3), 240);
	assert_int_equal(sup_backoff_s(9), 60 << 8);
	assert_int_equal(sup_backoff_s(10), 6 * 3600);
	assert_int_equal(sup_backoff_s(40), 6 * 3600);
}

static void test_sup_off_track_running(void **state)
{
	(void)state;
	assert_true(sup_status_on_track(PS_MET) && sup_status_on_track(PS_ON_TRACK) && sup_status_on_track(PS_STABLE));
	assert_false(sup_status_on_track(PS_NEEDS_ACCELERATION) || sup_status_off_track(PS_NEEDS_ACCELERATION));
	assert_true(sup_status_off_track(PS_LIMITED) && sup_status_off_track(PS_DETERIORATING) &&
		    sup_status_off_track(PS_NOT_MET));
	assert_false(sup_status_off_track(PS_NO_STATUS) || sup_status_on_track(PS_NO_STATUS));
	enum progress_status s[] = {PS_ON_TRACK, PS_LIMITED, PS_DETERIORATING};
	assert_true(sup_off_track_running(s, 3, 2));
	assert_false(sup_off_track_running(s, 3, 3));
	assert_false(sup_off_track_running(s, 2, 2));
	assert_true(sup_off_track_running(s, 2, 1));
	assert_false(sup_off_track_running(s, 1, 2));
	assert_false(sup_off_track_running(s, 3, 0));
}

static struct principal who(enum role role, const char *unit, const char *region)
{
	struct principal p = {role, 7, "someone", unit, region, 0};
	return p;
}

static void test_sup_report_visible_by_scope(void **state)
{
	(void)state;
	const char *leads[] = {"kjt"};
	struct principal admin = who(ROLE_ADMIN, NULL, NULL), analyst = who(ROLE_ANALYST, NULL, NULL);
	struct principal own = who(ROLE_UNIT_REPORTER, "amr", NULL), lead = who(ROLE_UNIT_REPORTER, "kjt", NULL);
	struct principal other = who(ROLE_UNIT_REPORTER, "fgw", NULL), reader = who(ROLE_READER, NULL, NULL);
	struct principal region = who(ROLE_REGION_REPORTER, NULL, "changsha"), anon = who(ROLE_NONE, NULL, NULL);
	/* a co-unit's draft: the department, the unit and the measure's lead unit */
	for (enum report_state st = REPORT_DRAFT; st <= REPORT_RETURNED; st++) {
		int is_approved = st == REPORT_APPROVED;
		assert_true(sup_report_visible(&admin, "amr", st, leads, 1));
		assert_true(sup_report_visible(&analyst, "amr", st, leads, 1));
		assert_true(sup_report_visible(&own, "amr", st, leads, 1));
		assert_true(sup_report_visible(&lead, "amr", st, leads, 1));
		assert_int_equal(sup_report_visible(&other, "amr", st, leads, 1), is_approved);
		assert_int_equal(sup_report_visible(&reader, "amr", st, leads, 1), is_approved);
		assert_int_equal(sup_report_visible(&region, "amr", st, leads, 1), is_approved);
		assert_false(sup_report_visible(&anon, "amr", st, leads, 1));
	}
	/* a lead unit sees nothing of another measure's co-units (no lead there) */
	assert_false(sup_report_visible(&lead, "amr", REPORT_DRAFT, NULL, 0));
	/* a co-unit does not see the lead unit's draft */
	const char *amr_leads[] = {"amr"};
	assert_true(sup_report_visible(&lead, "kjt", REPORT_DRAFT, leads, 1));
	assert_false(sup_report_visible(&own, "kjt", REPORT_DRAFT, leads, 1));
	assert_true(sup_report_visible(&own, "kjt", REPORT_DRAFT, amr_leads, 1));
}

static void test_sup_notice_visible_to_signed_in(void **state)
{
	(void)state;
	struct principal reader = who(ROLE_READER, NULL, NULL), anon = who(ROLE_NONE, NULL, NULL);
	struct principal other = who(ROLE_UNIT_REPORTER, "fgw", NULL);
	assert_true(sup_notice_visible(&reader, "amr"));
	assert_true(sup_notice_visible(&other, "amr"));
	assert_false(sup_notice_visible(&anon, "amr"));
	assert_false(sup_notice_visible(NULL, "amr"));
}

static void test_authz_write_report_and_supervise(void **state)
{
	(void)state;
	struct principal admin = who(ROLE_ADMIN, NULL, NULL), own = who(ROLE_UNIT_REPORTER, "amr", NULL);
	struct principal region = who(ROLE_REGION_REPORTER, NULL, "amr"), reader = who(ROLE_READER, NULL, NULL);
	struct scope amr = {"amr", "amr"}, kjt = {"kjt", NULL};
	assert_int_equal(authz_check(&admin, ACT_WRITE_REPORT, &amr), ST_OK);
	assert_int_equal(authz_check(&own, ACT_WRITE_REPORT, &amr), ST_OK);
	assert_int_equal(authz_check(&own, ACT_WRITE_REPORT, &kjt), ST_DENIED);
	/* a region reporter whose region happens to share the code is still no unit */
	assert_int_equal(authz_check(&region, ACT_WRITE_REPORT, &amr), ST_DENIED);
	assert_int_equal(authz_check(&reader, ACT_WRITE_REPORT, &amr), ST_DENIED);
	assert_int_equal(authz_check(NULL, ACT_WRITE_REPORT, &amr), ST_UNAUTH);
	assert_int_equal(authz_may_attempt(&own, ACT_WRITE_REPORT), ST_OK);
	assert_int_equal(authz_may_attempt(&region, ACT_WRITE_REPORT), ST_DENIED);
	assert_int_equal(authz_may_attempt(&admin, ACT_SUPERVISE), ST_OK);
	assert_int_equal(authz_may_attempt(&own, ACT_SUPERVISE), ST_DENIED);
	assert_string_equal(action_name(ACT_WRITE_REPORT), "write_report");
	assert_string_equal(action_name(ACT_SUPERVISE), "supervise");
}

static void test_sup_score_compute_weights_defined_parts(void **state)
{
	(void)state;
	struct sup_score out;
	/* 4 owed, 1 pending: 2 of 3 on time; 3 submitted, 1 returned; 2 notices, 1 unresolved;
	 * 1 of 2 milestones done; 3 of 4 targets on track */
	struct sup_score_in in = {.n_owed = 4, .n_on_time = 2, .n_late = 1, .n_pending = 1, .n_submitted = 3,
				  .n_returned = 1, .n_notices = 2, .n_unresolved = 1, .n_ms_due = 2, .n_ms_done = 1,
				  .n_ind_assessed = 4, .n_ind_on_track = 3};
	sup_score_compute(&in, &out);
	for (int k = 0; k < SUP_SCORE_PARTS; k++)
		assert_true(out.has_part[k]);
	assert_true(fabs(out.part[0] - 2.0 / 3) < 1e-12);
	assert_true(fabs(out.part[1] - 2.0 / 3) < 1e-12);
	assert_true(fabs(out.part[2] - 0.5) < 1e-12);
	assert_true(fabs(out.part[3] - 0.5) < 1e-12);
	assert_true(fabs(out.part[4] - 0.75) < 1e-12);
	double want = (40 * 2.0 / 3 + 15 * 2.0 / 3 + 20 * 0.5 + 15 * 0.5 + 10 * 0.75);
	assert_true(out.has_score);
	assert_true(fabs(out.score - want) < 1e-9);

	/* only the reports count: two owed, one on time, one missing, nothing else */
	struct sup_score_in few = {.n_owed = 2, .n_on_time = 1, .n_missing = 1, .n_submitted = 1};
	sup_score_compute(&few, &out);
	assert_false(out.has_part[2] || out.has_part[3] || out.has_part[4]);
	assert_true(fabs(out.score - 100.0 * (40 * 0.5 + 15 * 1.0) / 55) < 1e-9);

	/* nothing due yet: no score */
	struct sup_score_in none = {.n_owed = 3, .n_pending = 3};
	sup_score_compute(&none, &out);
	assert_false(out.has_score);
	int sum = 0;
	for (int k = 0; k < SUP_SCORE_PARTS; k++)
		sum += sup_score_weights[k];
	assert_int_equal(sum, 100);
}

static void test_report_transition_allowed(void **state)
{
	(void)state;
	assert_true(report_transition_allowed(0, REPORT_DRAFT, REPORT_DRAFT));
	assert_true(report_transition_allowed(0, REPORT_DRAFT, REPORT_SUBMITTED));
	assert_false(report_transition_allowed(0, REPORT_DRAFT, REPORT_APPROVED));
	assert_true(report_transition_allowed(1, REPORT_DRAFT, REPORT_SUBMITTED));
	assert_true(report_transition_allowed(1, REPORT_RETURNED, REPORT_DRAFT));
	assert_false(report_transition_allowed(1, REPORT_SUBMITTED, REPORT_DRAFT));
	assert_true(report_transition_allowed(1, REPORT_SUBMITTED, REPORT_APPROVED));
	assert_true(report_transition_allowed(1, REPORT_SUBMITTED, REPORT_RETURNED));
	assert_false(report_transition_allowed(1, REPORT_APPROVED, REPORT_RETURNED));
	assert_false(report_transition_allowed(1, REPORT_APPROVED, REPORT_DRAFT));
	enum report_state st;
	assert_true(report_state_parse("returned", &st) && st == REPORT_RETURNED);
	assert_false(report_state_parse("published", &st));
	enum notice_rule_kind k;
	assert_true(notice_rule_kind_parse("indicator_off_track", &k) && k == NRULE_INDICATOR_OFF_TRACK);
	assert_string_equal(notice_status_name(NOTICE_ESCALATED), "escalated");
	assert_string_equal(report_progress_name(PROGRESS_DELAYED), "delayed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sup_deadline_parse_date_ends_at_midnight_beijing),
		cmocka_unit_test(test_sup_reply_due_counts_days_in_shanghai),
		cmocka_unit_test(test_sup_quarter_of_is_local),
		cmocka_unit_test(test_sup_timeliness_on_time_late_pending_missing),
		cmocka_unit_test(test_sup_rule_fires_after_grace),
		cmocka_unit_test(test_sup_should_escalate_only_open_notices),
		cmocka_unit_test(test_sup_reminder_due_window),
		cmocka_unit_test(test_sup_backoff_doubles_and_caps),
		cmocka_unit_test(test_sup_off_track_running),
		cmocka_unit_test(test_sup_report_visible_by_scope),
		cmocka_unit_test(test_sup_notice_visible_to_signed_in),
		cmocka_unit_test(test_authz_write_report_and_supervise),
		cmocka_unit_test(test_sup_score_compute_weights_defined_parts),
		cmocka_unit_test(test_report_transition_allowed),
	};
	return cmocka_run_group_tests_name("supervise/logic", tests, NULL, NULL);
}
