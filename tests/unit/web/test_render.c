/* test_render.c - unit tests of the read pages' renderers (web/views.h, web/sup_pages.h) from
 * hand-made view models, without a store or a server: what a reader sees of each flag (a
 * section not shown writes nothing, the department's link only with its href, a report the
 * reader may not open is named, not linked) and that hostile text in a view is escaped. The
 * plan is the shipped one, read from the source tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "web/sup_pages.h"
#include "web/views.h"
#include "base/banned.h"

#define HOSTILE "<script>alert(1)</script>"

static struct arena *group;
static struct plan *plan;
static struct req rq;

static int group_setup(void **state)
{
	(void)state;
	group = arena_new();
	return fixture_shipped_plan(group, &plan);
}

static int group_teardown(void **state)
{
	(void)state;
	arena_free(group);
	return 0;
}

/* A request of a signed-in analyst in Chinese, with an empty page. */
static int setup(void **state)
{
	(void)state;
	memset(&rq, 0, sizeof(rq));
	rq.arena = arena_new();
	rq.lang = LANG_ZH;
	rq.principal.role = ROLE_ANALYST;
	rq.principal.name = "ana";
	buf_init(&rq.out, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	buf_release(&rq.out);
	arena_free(rq.arena);
	return 0;
}

static const char *page(void)
{
	return buf_str(&rq.out);
}

static const struct sup_cycle cycle = {1, "test", "2025Q3", "2025-10-15T15:59:59Z", 1, NULL, NULL, NULL, NULL};

static struct sup_notice hostile_notice(void)
{
	struct sup_notice n;
	memset(&n, 0, sizeof(n));
	n.id = 7;
	n.unit = "amr";
	n.measure = 22;
	n.subject = HOSTILE;
	n.level = 2;
	n.status = NOTICE_ESCALATED;
	n.reply_due = "2025-08-01T00:00:00Z";
	return n;
}

static void test_sections_not_shown_write_nothing(void **state)
{
	(void)state;
	struct app_sup_dashboard d = {0};
	struct app_sup_measure m = {0};
	struct app_sup_unit u = {0};
	d.n_open = 3; /* set, but the view is not shown */
	sup_section_dashboard(&rq, plan, &d);
	sup_section_measure(&rq, plan, &m);
	sup_section_unit(&rq, plan, &u);
	assert_string_equal(page(), "");
}

static void test_dashboard_section(void **state)
{
	(void)state;
	struct sup_notice n = hostile_notice();
	struct app_sup_dashboard d = {0};
	d.is_shown = 1;
	d.cycle = &cycle;
	d.n_unreported = 5;
	d.n_missing = 4;
	d.n_open = 9;
	d.n_escalated = 1;
	d.escalated = &n;
	d.n_escalated_shown = 1;
	sup_section_dashboard(&rq, plan, &d);
	const char *s = page();
	assert_non_null(strstr(s, "<strong>2025Q3</strong>"));
	assert_non_null(strstr(s, " <strong>9</strong>"));
	assert_non_null(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_null(strstr(s, HOSTILE));
	/* no href: the overdue count is not a link (a unit reporter) */
	assert_null(strstr(s, "/supervision?cycle="));
	buf_reset(&rq.out);
	d.overdue_href = "/supervision?cycle=2025Q3";
	sup_section_dashboard(&rq, plan, &d);
	assert_non_null(strstr(page(), "<a href=\"/supervision?cycle=2025Q3\">"));
}

static void test_dashboard_section_without_cycle(void **state)
{
	(void)state;
	struct app_sup_dashboard d = {0};
	d.is_shown = 1;
	sup_section_dashboard(&rq, plan, &d);
	assert_non_null(strstr(page(), i18n(LANG_ZH, "cycle.none_yet")));
	assert_null(strstr(page(), "measures-by-status"));
}

static void test_measure_section_reports(void **state)
{
	(void)state;
	struct sup_report rep;
	memset(&rep, 0, sizeof(rep));
	rep.state = REPORT_SUBMITTED;
	rep.first_submitted_at = "2025-09-01T00:00:00Z";
	struct app_owed owed[2];
	memset(owed, 0, sizeof(owed));
	owed[0].owed.duty.measure = owed[1].owed.duty.measure = 22;
	owed[0].owed.duty.unit = "amr";
	owed[1].owed.duty.unit = "kjt";
	owed[0].owed.report = owed[1].owed.report = &rep;
	owed[0].is_visible = 1; /* the reader may open amr's report, not kjt's */
	struct app_milestone ms = {{0}, "overdue"};
	ms.m.title_zh = HOSTILE;
	ms.m.owner = "amr";
	ms.m.measure = 22;
	ms.m.due_date = "2025-06-30";
	struct app_sup_measure m = {0};
	m.is_shown = 1;
	m.cycle = &cycle;
	m.owed = owed;
	m.n_owed = 2;
	m.milestones = &ms;
	m.n_milestones = 1;
	sup_section_measure(&rq, plan, &m);
	const char *s = page();
	assert_non_null(strstr(s, "href=\"/reporting/2025Q3/22/amr\""));
	assert_null(strstr(s, "/reporting/2025Q3/22/kjt"));
	assert_non_null(strstr(s, "<tr class=\"ms-overdue\"><th scope=\"row\">&lt;script&gt;"));
	assert_null(strstr(s, HOSTILE));
	assert_non_null(strstr(s, i18n(LANG_ZH, "notice.none"))); /* no notices in the view */
}

static void test_unit_section_score(void **state)
{
	(void)state;
	struct sup_scorecard card;
	memset(&card, 0, sizeof(card));
	card.unit = "amr";
	card.in.n_owed = 4;
	card.in.n_on_time = 3;
	card.out.has_score = 1;
	card.out.score = 87.5;
	struct app_sup_unit u = {0};
	u.is_shown = 1;
	u.cycle = &cycle;
	u.card = &card;
	sup_section_unit(&rq, plan, &u);
	const char *s = page();
	assert_non_null(strstr(s, "<strong class=\"score\">87.5</strong>"));
	assert_non_null(strstr(s, " 3/4 · "));
	assert_non_null(strstr(s, i18n(LANG_ZH, "milestone.none")));
	/* without a scorecard: no score line */
	buf_reset(&rq.out);
	u.card = NULL;
	sup_section_unit(&rq, plan, &u);
	assert_null(strstr(page(), "score-line"));
}

/* The dashboard of a plan without figures: the note for the public only to the public, the
 * final evaluation leading once the plan has ended, the supervision section only when shown. */
static void test_dashboard_page(void **state)
{
	(void)state;
	struct app_dashboard_view v;
	memset(&v, 0, sizeof(v));
	v.f.plan = plan;
	v.region = -1;
	rq.principal.role = ROLE_NONE;
	render_dashboard(&rq, &v);
	const char *s = page();
	assert_non_null(strstr(s, i18n(LANG_ZH, "dash.public_note")));
	assert_non_null(strstr(s, "<section class=\"summary\" aria-labelledby=\"summary\">"));
	assert_null(strstr(s, "id=\"final-summary\""));
	assert_null(strstr(s, "summary supervision"));
	buf_reset(&rq.out);
	v.f.who.is_signed_in = 1;
	v.has_ended = 1;
	v.sup.is_shown = 1;
	render_dashboard(&rq, &v);
	s = page();
	assert_null(strstr(s, i18n(LANG_ZH, "dash.public_note")));
	assert_non_null(strstr(s, "id=\"final-summary\""));
	assert_null(strstr(s, "<section class=\"summary\" aria-labelledby=\"summary\">"));
	assert_non_null(strstr(s, "summary supervision"));
}

/* The search page: the query comes back escaped in its field; a bad query says so; notices are
 * named in the scope line only for who searches them; a notice hit without its notice (not the
 * reader's) is left out. */
static void test_search_page(void **state)
{
	(void)state;
	struct app_search_view v;
	memset(&v, 0, sizeof(v));
	v.plan = plan;
	v.q = "\"><b>x" HOSTILE;
	v.is_bad_query = 1;
	render_search(&rq, &v);
	const char *s = page();
	assert_non_null(strstr(s, "value=\"&quot;&gt;&lt;b&gt;x&lt;script&gt;"));
	assert_null(strstr(s, HOSTILE));
	assert_non_null(strstr(s, i18n(LANG_ZH, "search.bad_query")));
	assert_non_null(strstr(s, i18n(LANG_ZH, "search.scope_public")));
	buf_reset(&rq.out);
	struct sup_notice n = hostile_notice();
	struct app_search_hit hits[2] = {{{SEARCH_NOTICE, "7", 1}, &n}, {{SEARCH_NOTICE, "8", 1}, NULL}};
	v.q = "script";
	v.is_bad_query = 0;
	v.has_notices = 1;
	v.hits = hits;
	v.n_hits = 2;
	render_search(&rq, &v);
	s = page();
	assert_non_null(strstr(s, i18n(LANG_ZH, "search.scope_internal")));
	assert_non_null(strstr(s, "<a href=\"/notices/7\">&lt;script&gt;alert(1)&lt;/script&gt;</a>"));
	assert_null(strstr(s, "/notices/8"));
	assert_null(strstr(s, HOSTILE));
}

/* The matrix names a report's state only when the reader may see the report. */
static void test_matrix_cell_visibility(void **state)
{
	(void)state;
	struct sup_report rep;
	memset(&rep, 0, sizeof(rep));
	rep.state = REPORT_SUBMITTED;
	struct app_owed owed;
	memset(&owed, 0, sizeof(owed));
	owed.owed.duty.measure = 22;
	owed.owed.duty.unit = "amr";
	owed.owed.report = &rep;
	struct sup_cycle c = cycle;
	struct app_matrix_view v = {&c, 1, &c, &owed, 1};
	render_matrix(&rq, plan, &v, -1, -1, 0);
	/* amr leads measure 22 in the shipped plan */
	assert_null(strstr(page(), "\"cell rs-submitted lead\""));
	assert_non_null(strstr(page(), "\"cell rs-none lead\""));
	buf_reset(&rq.out);
	owed.is_visible = 1;
	render_matrix(&rq, plan, &v, -1, -1, 1);
	assert_non_null(strstr(page(), "\"cell rs-submitted lead\""));
	assert_non_null(strstr(page(), "<div class=\"print-view\">"));
}

/* The scorecards without a cycle: the note and the formula, no table. */
static void test_scorecards_without_cycle(void **state)
{
	(void)state;
	struct app_scorecards_view v;
	memset(&v, 0, sizeof(v));
	render_scorecards(&rq, plan, &v);
	assert_non_null(strstr(page(), i18n(LANG_ZH, "cycle.none_yet")));
	assert_non_null(strstr(page(), "class=\"formula\""));
	assert_null(strstr(page(), "class=\"scorecards\""));
}

/* The reporting status from a hand-made view: a figure in a year reads as held. */
static void test_reporting_status(void **state)
{
	(void)state;
	unsigned char *has = arena_calloc(rq.arena, plan->n_indicators * 2 + 1, 1);
	has[0 * 2 + 1] = 1; /* the first indicator has a figure in the second year */
	struct app_status_view v = {plan, 2023, 2024, has, 2024};
	render_reporting_status(&rq, &v);
	const char *s = page();
	assert_non_null(strstr(s, "<th scope=\"col\" class=\"num\">2023</th><th scope=\"col\" class=\"num\">2024</th>"));
	assert_non_null(strstr(s, "<td class=\"num yes\">"));
	assert_non_null(strstr(s, "<td class=\"num no\">"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sections_not_shown_write_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dashboard_section, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dashboard_section_without_cycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_measure_section_reports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unit_section_score, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dashboard_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_matrix_cell_visibility, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scorecards_without_cycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reporting_status, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
