/* test_sup.c - unit tests of app/sup.h: who may open and close cycles, write, review and see
 * reports, raise, answer and close notices, change the notice rules, save milestones and run the
 * tick (every refusal of rights writes nothing and lists nothing); what a principal sees of the
 * reports owed; the notice rules' one validation (every bad member listed, names trimmed);
 * supervise's own refusals carried with their message keys; the caller's parse errors stop a
 * write; the evaluation report's reports and notices as each reader may open them. Each test gets a fresh store with the shipped plan and a user of each role. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "app/report.h"
#include "app/sup.h"
#include "app_fixture.h"
#include "base/banned.h"

#define NOW "2025-07-01T00:00:00Z"

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

/* A store with the cycle 2025Q3 open (deadline 2025-10-15), opened by the analyst. */
static int setup(void **state)
{
	(void)state;
	struct sup_cycle *c;
	if (app_fixture_setup(&fx, "app-sup", NOW) != 0)
		return -1;
	return app_cycle_open(app_fixture_as(&fx, WHO_ANALYST), "2025Q3", "2025-10-15", &c, &fx.errs) == ST_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	app_fixture_teardown(&fx);
	return 0;
}

static void test_cycles_for_the_department(void **state)
{
	(void)state;
	struct sup_cycle *c;
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_cycle_open(app_fixture_as(&fx, WHO_AMR), "2025Q4", "2026-01-15", &c, &fx.errs), ST_DENIED);
	assert_int_equal(app_cycle_open(app_fixture_as(&fx, WHO_ANON), "2025Q4", "2026-01-15", &c, &fx.errs), ST_UNAUTH);
	assert_int_equal(app_cycle_close(app_fixture_as(&fx, WHO_READER), "2025Q3", &c, &fx.errs), ST_DENIED);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* supervise's refusals, with the key of their message */
	assert_int_equal(app_cycle_open(app_fixture_as(&fx, WHO_ADMIN), "2025Q5", "2026-01-15", &c, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "period", "bad_period"));
	assert_string_equal(fx.errs.items[0].key, "cycle.err_bad_period");
	assert_int_equal(app_cycle_open(app_fixture_as(&fx, WHO_ADMIN), "2025年第三季度", "2026-01-15", &c, &fx.errs),
			 ST_CONFLICT);
	assert_true(app_fixture_has_error(&fx, "period", "cycle_exists"));
	assert_int_equal(app_cycle_close(app_fixture_as(&fx, WHO_ADMIN), "2024Q1", &c, &fx.errs), ST_NOT_FOUND);
	assert_true(app_fixture_has_error(&fx, "period", "no_cycle"));
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* the caller's own problem stops the operation before anything is written */
	app_fixture_as(&fx, WHO_ADMIN);
	(void)app_refuse(&fx.errs, ST_INVALID, "deadline", "bad_value", NULL, "not text");
	assert_int_equal(app_cycle_open(&fx.ctx, "2025Q4", "2026-01-15", &c, &fx.errs), ST_INVALID);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* close once; twice is a conflict */
	assert_int_equal(app_cycle_close(app_fixture_as(&fx, WHO_ANALYST), "2025Q3", &c, &fx.errs), ST_OK);
	assert_int_equal(c->is_open, 0);
	assert_int_equal(app_cycle_close(app_fixture_as(&fx, WHO_ANALYST), "2025Q3", &c, &fx.errs), ST_CONFLICT);
	assert_true(app_fixture_has_error(&fx, NULL, "cycle_closed"));
	/* readers see the cycles, the anonymous do not */
	struct sup_cycle *rows;
	size_t n;
	assert_int_equal(app_cycles(app_fixture_as(&fx, WHO_READER), &rows, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(app_cycles(app_fixture_as(&fx, WHO_ANON), &rows, &n), ST_UNAUTH);
}

static struct sup_report *save(enum who w, int measure, const char *unit, const char *text, int is_submit, enum status want)
{
	struct app_report_key k = {"2025Q3", measure, unit};
	struct sup_report_input in = {PROGRESS_ON_TRACK, text, NULL};
	struct sup_report *out = NULL;
	assert_int_equal(app_report_save(app_fixture_as(&fx, w), &k, &in, is_submit, -1, &out, &fx.errs), want);
	return out;
}

static int sees(enum who w, int measure, const char *unit)
{
	struct app_report_key k = {"2025Q3", measure, unit};
	struct app_report_view v;
	enum status rc = app_report_get(app_fixture_as(&fx, w), &k, &v);
	assert_true(rc == ST_OK || rc == ST_NOT_FOUND);
	return rc == ST_OK;
}

static void test_reports_written_by_their_unit_seen_by_who_may(void **state)
{
	(void)state;
	long long head = app_fixture_audit_head(&fx);
	/* measure 22: amr leads, kjt shares it */
	(void)save(WHO_KJT, 22, "amr", "not kjt's report", 0, ST_DENIED);
	(void)save(WHO_REGION, 22, "amr", "a region reporter writes no report", 0, ST_DENIED);
	(void)save(WHO_READER, 22, "amr", "nor a reader", 0, ST_DENIED);
	(void)save(WHO_AMR, 22, "jyt", "jyt owes no report on 22", 0, ST_NOT_FOUND);
	(void)save(WHO_AMR, 999, "amr", "no such measure", 0, ST_NOT_FOUND);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	(void)save(WHO_AMR, 22, "amr", "", 1, ST_INVALID); /* a submission needs a narrative */
	assert_true(app_fixture_has_error(&fx, "narrative", "narrative_missing"));
	assert_string_equal(fx.errs.items[0].key, "cycle.err_narrative_missing");
	assert_int_equal(app_fixture_audit_head(&fx), head);
	struct sup_report *r = save(WHO_AMR, 22, "amr", "amr's draft", 0, ST_OK);
	assert_int_equal(r->revision, 1);
	(void)save(WHO_KJT, 22, "kjt", "kjt's draft as a co-unit", 0, ST_OK);
	/* the lead sees its co-unit's draft; the co-unit not the lead's; readers neither */
	assert_true(sees(WHO_AMR, 22, "kjt"));
	assert_false(sees(WHO_KJT, 22, "amr"));
	assert_false(sees(WHO_READER, 22, "amr"));
	assert_true(sees(WHO_ANALYST, 22, "amr"));
	struct app_cycle_status st;
	assert_int_equal(app_cycle_status(app_fixture_as(&fx, WHO_KJT), "2025Q3", 0, &st, &fx.errs), ST_OK);
	assert_true(st.n_visible < st.n);
	for (size_t i = 0; i < st.n; i++)
		if (st.rows[i].owed.duty.measure == 22 && strcmp(st.rows[i].owed.duty.unit, "amr") == 0)
			assert_false(st.rows[i].is_visible);
	/* review: the department only, a return needs a reason */
	struct app_report_key k = {"2025Q3", 22, "amr"};
	struct sup_report *out;
	(void)save(WHO_AMR, 22, "amr", "amr's report", 1, ST_OK);
	head = app_fixture_audit_head(&fx);
	assert_int_equal(app_report_review(app_fixture_as(&fx, WHO_AMR), &k, 1, NULL, -1, &out, &fx.errs), ST_DENIED);
	assert_int_equal(app_report_review(app_fixture_as(&fx, WHO_ANALYST), &k, 0, "  ", -1, &out, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "reason", "reason_missing"));
	assert_int_equal(app_fixture_audit_head(&fx), head);
	assert_int_equal(app_report_review(app_fixture_as(&fx, WHO_ANALYST), &k, 1, NULL, -1, &out, &fx.errs), ST_OK);
	assert_int_equal(out->state, REPORT_APPROVED);
	/* approved: every signed-in user sees it */
	assert_true(sees(WHO_READER, 22, "amr"));
	assert_true(sees(WHO_KJT, 22, "amr"));
	struct sup_report *rows;
	size_t n;
	assert_int_equal(app_reports(app_fixture_as(&fx, WHO_READER), "2025Q3", 22, NULL, &rows, &n, &fx.errs), ST_OK);
	assert_int_equal(n, 1); /* kjt's draft stays hidden */
	assert_int_equal(app_reports(app_fixture_as(&fx, WHO_READER), "2025Q9", 0, NULL, &rows, &n, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "period", "bad_period"));
}

static void test_notices(void **state)
{
	(void)state;
	struct sup_notice *n;
	long long head = app_fixture_audit_head(&fx);
	struct app_notice_new in = {"amr", 22, "请说明进展", NULL, 10};
	assert_int_equal(app_notice_raise(app_fixture_as(&fx, WHO_AMR), &in, &n, &fx.errs), ST_DENIED);
	struct app_notice_new bad = {"amr", 1, "请说明进展", NULL, 10}; /* amr has no duty on measure 1 */
	assert_int_equal(app_notice_raise(app_fixture_as(&fx, WHO_ANALYST), &bad, &n, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "measure", "bad_measure"));
	assert_int_equal(app_fixture_audit_head(&fx), head);
	assert_int_equal(app_notice_raise(app_fixture_as(&fx, WHO_ANALYST), &in, &n, &fx.errs), ST_OK);
	long long id = n->id;
	/* every signed-in user reads it; only its unit answers; only the department closes */
	struct sup_notice *got;
	assert_int_equal(app_notice_get(app_fixture_as(&fx, WHO_READER), id, &got, NULL, NULL), ST_OK);
	assert_int_equal(app_notice_get(app_fixture_as(&fx, WHO_ANON), id, &got, NULL, NULL), ST_UNAUTH);
	head = app_fixture_audit_head(&fx);
	assert_int_equal(app_notice_reply(app_fixture_as(&fx, WHO_KJT), id, "不是我们的", &fx.errs), ST_DENIED);
	assert_int_equal(app_notice_close(app_fixture_as(&fx, WHO_AMR), id, NULL, &fx.errs), ST_DENIED);
	assert_int_equal(app_notice_reply(app_fixture_as(&fx, WHO_AMR), id, " ", &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "body", "body_missing"));
	assert_int_equal(app_notice_reply(app_fixture_as(&fx, WHO_AMR), 999999, "x", &fx.errs), ST_NOT_FOUND);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	assert_int_equal(app_notice_reply(app_fixture_as(&fx, WHO_AMR), id, "已推进", &fx.errs), ST_OK);
	assert_int_equal(app_notice_close(app_fixture_as(&fx, WHO_ADMIN), id, "已约谈", &fx.errs), ST_OK);
	assert_int_equal(app_notice_close(app_fixture_as(&fx, WHO_ADMIN), id, NULL, &fx.errs), ST_CONFLICT);
	assert_true(app_fixture_has_error(&fx, NULL, "notice_closed"));
	/* the unit heard of it in its inbox */
	struct sup_notification *rows;
	size_t k;
	long long unread;
	assert_int_equal(app_inbox(app_fixture_as(&fx, WHO_AMR), 1, 50, &rows, &k, &unread), ST_OK);
	assert_true(unread >= 2); /* the cycle opened, the notice raised, closed */
	assert_int_equal(app_inbox_read(app_fixture_as(&fx, WHO_AMR), 0, &unread), ST_OK);
	assert_int_equal(unread, 0);
	assert_int_equal(app_inbox(app_fixture_as(&fx, WHO_ANON), 0, 50, &rows, &k, &unread), ST_UNAUTH);
}

static struct sup_rule *rule(const char *code)
{
	struct sup_rule *rows;
	size_t n;
	assert_int_equal(store_sup_rules(fx.store, fx.arena, &rows, &n), ST_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].code, code) == 0)
			return &rows[i];
	fail_msg("no rule %s", code);
	return NULL;
}

/* The evaluation report's progress reports and notices, and their counts, for a reader: those
 * they may open (as the pages and the API), not every one the model read. */
static size_t report_count(enum who w, size_t *n_notices)
{
	struct app_report_in in = {NULL, "2025Q3", NULL, 0, NULL, NULL, NULL};
	struct evaluation ev;
	assert_int_equal(app_report_evaluation(app_fixture_as(&fx, w), &in, &ev, &fx.errs), ST_OK);
	size_t n = 0, k = 0;
	for (size_t a = 0; a < ev.n_actions; a++)
		for (size_t m = 0; m < ev.actions[a].n_measures; m++) {
			n += ev.actions[a].measures[m].n_reports;
			k += ev.actions[a].measures[m].n_notices;
		}
	assert_int_equal(ev.n_reports, n); /* the count is of the reports listed */
	assert_int_equal(ev.n_notices, k);
	*n_notices = k;
	return n;
}

static void test_report_shows_what_the_reader_may_open(void **state)
{
	(void)state;
	size_t n_notices;
	struct sup_notice *notice;
	struct app_notice_new in = {"amr", 22, "请说明进展", NULL, 10};
	assert_int_equal(app_notice_raise(app_fixture_as(&fx, WHO_ANALYST), &in, &notice, &fx.errs), ST_OK);
	struct sup_report *r = save(WHO_AMR, 22, "amr", "amr's report", 1, ST_OK);
	/* submitted: its unit and the department read it, not another unit nor a reader */
	assert_int_equal(report_count(WHO_ANALYST, &n_notices), 1);
	assert_int_equal(n_notices, 1);
	assert_int_equal(report_count(WHO_AMR, &n_notices), 1);
	assert_int_equal(report_count(WHO_KJT, &n_notices), 0);
	assert_int_equal(n_notices, 1); /* notices are read by every signed-in user */
	assert_int_equal(report_count(WHO_READER, &n_notices), 0);
	assert_int_equal(report_count(WHO_ANON, &n_notices), 0);
	assert_int_equal(n_notices, 0); /* the public edition has no supervision */
	/* approved: every signed-in user reads it */
	struct app_report_key k = {"2025Q3", 22, "amr"};
	struct sup_report *out;
	assert_int_equal(app_report_review(app_fixture_as(&fx, WHO_ANALYST), &k, 1, NULL, r->revision, &out, &fx.errs), ST_OK);
	assert_int_equal(report_count(WHO_KJT, &n_notices), 1);
	assert_int_equal(report_count(WHO_READER, &n_notices), 1);
}

static void test_notice_rule_one_validation(void **state)
{
	(void)state;
	struct sup_rule *out, before = *rule("report-missing");
	long long head = app_fixture_audit_head(&fx);
	struct app_rule_change bad = {.name_zh = "   ", .name_en = "x\x01y", .has_grace_days = 1, .grace_days = 400,
				      .has_reply_days = 1, .reply_days = 0, .has_periods = 1, .periods = 13};
	assert_int_equal(app_notice_rule_update(app_fixture_as(&fx, WHO_ADMIN), "report-missing", &bad, &out, &fx.errs),
			 ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "name_zh", "bad_value"));
	assert_true(app_fixture_has_error(&fx, "name_en", "bad_value"));
	assert_true(app_fixture_has_error(&fx, "grace_days", "bad_value"));
	assert_true(app_fixture_has_error(&fx, "reply_days", "bad_value"));
	assert_true(app_fixture_has_error(&fx, "periods", "bad_value"));
	assert_int_equal(fx.errs.n, 5);
	assert_string_equal(fx.errs.items[0].key, "notice.err_rule_value");
	assert_int_equal(app_fixture_audit_head(&fx), head);
	assert_int_equal(rule("report-missing")->grace_days, before.grace_days);
	/* the department supervises but does not change the rules: that is the plan's admins' */
	struct app_rule_change good = {.name_zh = "  报告逾期未报  ", .has_enabled = 1, .is_enabled = 0, .has_grace_days = 1,
				       .grace_days = 3};
	assert_int_equal(app_notice_rule_update(app_fixture_as(&fx, WHO_ANALYST), "report-missing", &good, &out, &fx.errs),
			 ST_DENIED);
	assert_int_equal(app_notice_rule_update(app_fixture_as(&fx, WHO_ADMIN), "no-such-rule", &good, &out, &fx.errs),
			 ST_NOT_FOUND);
	assert_int_equal(app_notice_rule_update(app_fixture_as(&fx, WHO_ADMIN), "report-missing", &good, &out, &fx.errs), ST_OK);
	assert_string_equal(out->name_zh, "报告逾期未报"); /* trimmed, however it came */
	assert_int_equal(out->is_enabled, 0);
	assert_int_equal(out->grace_days, 3);
	assert_int_equal(out->reply_days, before.reply_days); /* what was not given is kept */
}

static void test_milestones_and_tick(void **state)
{
	(void)state;
	struct sup_milestone m = {.code = "t-01", .measure = 22, .title_zh = "完成试点", .owner = "amr",
				  .due_date = "2025-09-30", .indicators = NULL}, *out;
	int is_new, is_changed;
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_milestone_save(app_fixture_as(&fx, WHO_ANALYST), &m, APP_MILESTONE_NEW, &out, &is_new, &is_changed,
					    &fx.errs),
			 ST_DENIED);
	assert_int_equal(app_milestone_save(app_fixture_as(&fx, WHO_ADMIN), &m, APP_MILESTONE_EDIT, &out, &is_new, &is_changed,
					    &fx.errs),
			 ST_NOT_FOUND);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	assert_int_equal(app_milestone_save(app_fixture_as(&fx, WHO_ADMIN), &m, APP_MILESTONE_NEW, &out, &is_new, &is_changed,
					    &fx.errs),
			 ST_OK);
	assert_int_equal(is_new, 1);
	assert_string_equal(out->plan_code, fx.shipped->info.code);
	/* again as new: its code is taken; and an owner with no duty on the measure, all listed */
	struct sup_milestone again = m;
	again.owner = "jyt";
	again.due_date = "2025-13-01";
	assert_int_equal(app_milestone_save(app_fixture_as(&fx, WHO_ADMIN), &again, APP_MILESTONE_NEW, &out, &is_new,
					    &is_changed, &fx.errs),
			 ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "code", "duplicate_code"));
	assert_true(fx.errs.n_errors >= 3);
	struct sup_milestone *rows;
	size_t n;
	assert_int_equal(app_milestones(app_fixture_as(&fx, WHO_READER), 22, &rows, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].owner, "amr");
	/* the tick: the department's (and the server's own principal) */
	struct sup_settings cfg = {0};
	struct sup_tick_result res;
	struct app_ctx *x = app_fixture_as(&fx, WHO_AMR);
	x->sup = &cfg;
	assert_int_equal(app_tick(x, 0, &res), ST_DENIED);
	struct app_ctx sys;
	app_ctx_init(&sys, fx.store, fx.arena, app_system());
	sys.sup = &cfg;
	assert_int_equal(app_tick(&sys, 0, &res), ST_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cycles_for_the_department, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reports_written_by_their_unit_seen_by_who_may, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_shows_what_the_reader_may_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notice_rule_one_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_milestones_and_tick, setup, teardown),
	};
	return cmocka_run_group_tests_name("app/sup", tests, group_setup, group_teardown);
}
