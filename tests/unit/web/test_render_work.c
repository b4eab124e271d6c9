/* test_render_work.c - unit tests of the work pages' renderers (web/render_work.h,
 * the entry form's in test_render_entry.c): each page written from a hand-made view, without a store or a server,
 * shows what the view says and only that: a hostile string in the view comes out escaped, a
 * section whose flag is off is absent, its form present when the flag is on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "web/render_work.h"
#include "render_fixture.h"
#include "base/banned.h"

static void test_review(void **state)
{
	struct fixture *f = *state;
	struct obs o = {0};
	o.id = 41;
	o.indicator = "ind_a", o.region = "r1", o.period = "2024";
	o.value = 12;
	o.created_by = "rep" HOSTILE;
	o.created_at = "2025-01-02T03:04:05Z";
	struct review_row row = {&o, NULL, 0, 0, 1};
	struct review_view v = {&f->plan, {OBS_SUBMITTED, &row, 1, 1, 0}, {OBS_APPROVED, NULL, 0, 0, 0}};
	render_review(&f->r, &v, "done" HOSTILE, 0);
	assert_escaped(f);
	assert_non_null(strstr(out(f), "name=\"id\" value=\"41\""));
	assert_non_null(strstr(out(f), req_t(&f->r, "review.own"))); /* the four-eyes flag */
	assert_non_null(strstr(out(f), req_t(&f->r, "review.empty"))); /* the approved queue */
	assert_non_null(strstr(out(f), "value=\"approve\""));
	assert_null(strstr(out(f), "value=\"publish\"")); /* nothing approved to publish */
	buf_reset(&f->r.out);
	row.is_own = 0;
	render_review(&f->r, &v, NULL, 0);
	assert_null(strstr(out(f), req_t(&f->r, "review.own")));
	assert_null(strstr(out(f), "class=\"pager\"")); /* one page: no pager */
	/* the 201st of 450: the rows shown, links to the pages before and after; the form keeps the page */
	buf_reset(&f->r.out);
	v.submitted.total = 450, v.submitted.offset = 200;
	render_review(&f->r, &v, NULL, 0);
	assert_non_null(strstr(out(f), "201–201 / 450"));
	assert_non_null(strstr(out(f), "href=\"/review?submitted_from=0&amp;approved_from=0\""));
	assert_non_null(strstr(out(f), "href=\"/review?submitted_from=201&amp;approved_from=0\""));
	assert_non_null(strstr(out(f), "action=\"/review?submitted_from=200&amp;approved_from=0\""));
	assert_non_null(strstr(out(f), "<span class=\"count\">(450)</span>"));
}

static void test_notice(void **state)
{
	struct fixture *f = *state;
	struct sup_notice n = {0};
	n.id = 5;
	n.unit = "u1", n.measure = 7, n.period = "2025Q3";
	n.subject = "主题" HOSTILE;
	n.raised_by = "ana", n.raised_at = "2025-07-01T00:00:00Z", n.reply_due = "2025-07-11T00:00:00Z";
	n.status = NOTICE_OPEN;
	struct sup_reply reply = {0};
	reply.body = "答复" HOSTILE, reply.created_by = "amr-rep", reply.created_at = "2025-07-02T00:00:00Z";
	struct notice_view v = {&f->plan, &n, &reply, 1, 0, 0};
	render_notice(&f->r, &v, NULL, 0);
	assert_escaped(f);
	assert_null(strstr(out(f), "/notices/5/reply"));
	assert_null(strstr(out(f), "/notices/5/close"));
	buf_reset(&f->r.out);
	v.may_reply = 1;
	render_notice(&f->r, &v, NULL, 0);
	assert_non_null(strstr(out(f), "action=\"/notices/5/reply\""));
	assert_null(strstr(out(f), "/notices/5/close"));
	buf_reset(&f->r.out);
	v.may_reply = 0, v.may_close = 1;
	render_notice(&f->r, &v, NULL, 0);
	assert_non_null(strstr(out(f), "action=\"/notices/5/close\""));
}

static void test_notices(void **state)
{
	struct fixture *f = *state;
	struct notices_view v;
	memset(&v, 0, sizeof(v));
	v.plan = &f->plan;
	v.q.has_status_param = 1, v.q.filter.has_status = 1, v.q.filter.status = NOTICE_CLOSED;
	render_notices(&f->r, &v, NULL, 0);
	assert_non_null(strstr(out(f), req_t(&f->r, "notice.none")));
	assert_non_null(strstr(out(f), "href=\"/notices?status=closed\" aria-current=\"page\""));
	assert_null(strstr(out(f), "action=\"/notices\"")); /* no raise form */
	buf_reset(&f->r.out);
	v.may_raise = 1;
	render_notices(&f->r, &v, NULL, 0);
	assert_non_null(strstr(out(f), "action=\"/notices\""));
	assert_escaped(f); /* the measure's title in the form's select */
}

static void test_inbox(void **state)
{
	struct fixture *f = *state;
	struct sup_notification x = {0};
	x.id = 3, x.kind = "notice_raised", x.text = "文本" HOSTILE, x.link = "/notices/5", x.created_at = "2025-07-01T00:00:00Z";
	struct inbox_view v = {&f->plan, &x, 1, 1};
	render_inbox(&f->r, &v);
	assert_escaped(f);
	assert_non_null(strstr(out(f), "href=\"/notices/5\""));
	assert_non_null(strstr(out(f), "name=\"id\" value=\"all\""));  /* read them all */
	assert_non_null(strstr(out(f), "name=\"id\" value=\"3\""));    /* read this one */
	buf_reset(&f->r.out);
	x.read_at = "2025-07-02T00:00:00Z";
	v.unread = 0;
	render_inbox(&f->r, &v);
	assert_null(strstr(out(f), "name=\"id\""));
	buf_reset(&f->r.out);
	v.n = 0;
	render_inbox(&f->r, &v);
	assert_non_null(strstr(out(f), req_t(&f->r, "inbox.empty")));
}

static void test_reporting(void **state)
{
	struct fixture *f = *state;
	struct reporting_view v;
	memset(&v, 0, sizeof(v));
	v.plan = &f->plan;
	render_reporting(&f->r, &v, NULL, NULL, 0);
	assert_non_null(strstr(out(f), req_t(&f->r, "cycle.none_yet")));
	buf_reset(&f->r.out);
	struct sup_cycle c = {0};
	c.id = 1, c.period = "2025Q3", c.deadline = "2025-10-15T15:59:59Z", c.is_open = 1;
	struct sup_report rep = {0};
	rep.state = REPORT_RETURNED, rep.revision = 2, rep.narrative = "叙述" HOSTILE, rep.reason = "理由" HOSTILE;
	rep.created_at = "2025-07-02T00:00:00Z";
	struct sup_owed o = {{0}, &rep, SUP_PENDING};
	o.duty.measure = 7, o.duty.unit = "u1", o.duty.role = ROLE_LEAD;
	struct reporting_duty d = {&o, 0, 0, 0, NULL, 0, NULL, 0};
	v.cycle = &c, v.unit = "u1";
	v.duties = &d, v.n_duties = 1;
	render_reporting(&f->r, &v, NULL, NULL, 0);
	assert_escaped(f);
	assert_null(strstr(out(f), "id=\"form-7\""));               /* not writable: the report shown */
	assert_null(strstr(out(f), "action=\"/reporting/evidence\"")); /* nor an upload */
	assert_null(strstr(out(f), "name=\"unit\"><option"));       /* no unit select for a unit */
	buf_reset(&f->r.out);
	d.is_writable = d.may_upload = 1;
	render_reporting(&f->r, &v, NULL, NULL, 0);
	assert_non_null(strstr(out(f), "id=\"form-7\""));
	assert_non_null(strstr(out(f), "action=\"/reporting/evidence\""));
	assert_non_null(strstr(out(f), "叙述&lt;script&gt;")); /* the draft in the textarea */
}

static void test_audit(void **state)
{
	struct fixture *f = *state;
	struct audit_event e = {0};
	e.id = 9, e.at = "2025-07-01T00:00:00Z", e.actor = HOSTILE, e.action = "user.add", e.object_type = "user";
	e.after_json = "{\"name\":\"x\"}";
	struct audit_view v;
	memset(&v, 0, sizeof(v));
	v.rows = &e, v.n = 1;
	render_admin_audit(&f->r, &v);
	assert_escaped(f);
	assert_null(strstr(out(f), "before_id="));
	buf_reset(&f->r.out);
	v.older_id = 9;
	render_admin_audit(&f->r, &v);
	assert_non_null(strstr(out(f), "href=\"/admin/audit?before_id=9\""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_review, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inbox, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reporting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
