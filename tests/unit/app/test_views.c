/* test_views.c - unit tests of the read pages' view models (app/view_figures.h, app/view_sup.h,
 * app/view_search.h) and of progress (app/progress.h): what an anonymous visitor, a unit
 * reporter and the department each get (the values and revisions they may see, the supervision
 * sections, notices in search, the review form, the overdue link), and the refusals (an index
 * out of range, a period without a cycle, internal views for a visitor). Each test gets a fresh
 * store with the shipped plan and a user of each role. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "app/progress.h"
#include "app/values.h"
#include "app/view_figures.h"
#include "app/view_search.h"
#include "app/view_sup.h"
#include "app_fixture.h"
#include "base/clock.h"
#include "base/banned.h"

#define NOW "2025-07-01T00:00:00Z"
#define IND "tech_contract_turnover"

static struct app_fixture fx;

APP_FIXTURE_HOOKS(fx, "app-views", NOW)

/* w enters a figure of kjt's indicator for period with status st. */
static void enter(enum who w, enum obs_status st, const char *period)
{
	const char *csv = arena_printf(fx.arena, "indicator,region,period,value,source\n" IND ",changsha,%s,1234.5,统计公报\n",
				       period);
	struct sheet *sh = app_fixture_sheet(&fx, csv);
	struct import_result res;
	assert_non_null(sh);
	app_fixture_as(&fx, w)->four_eyes = "none"; /* the department writes approved values at once */
	assert_int_equal(app_values_enter(&fx.ctx, sh, st, NULL, 0, &res, &fx.errs), ST_OK);
	assert_int_equal(res.n_new, 1);
}

/* How many of rows[0..n) are of IND in period. */
static size_t n_of(const struct obs *rows, size_t n, const char *period)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += strcmp(rows[i].indicator, IND) == 0 && strcmp(rows[i].period, period) == 0;
	return k;
}
#define n_drafts(rows, n) n_of(rows, n, "2023")
#define n_approved(rows, n) n_of(rows, n, "2022")

static int ind_of(void)
{
	int ind = plan_find_indicator(fx.shipped, IND);
	assert_true(ind >= 0);
	return ind;
}

static void test_reader_flags(void **state)
{
	(void)state;
	struct app_figures f;
	assert_int_equal(app_figures_view(app_fixture_as(&fx, WHO_ANON), &f, &fx.errs), ST_OK);
	assert_false(f.who.is_signed_in);
	assert_false(f.who.is_internal);
	assert_false(f.who.is_department);
	assert_int_equal(f.who.view, OBS_VIEW_PUBLIC);
	assert_true(f.n_rows > 0); /* every target assessed, even without figures */
	assert_int_equal(app_figures_view(app_fixture_as(&fx, WHO_ANALYST), &f, &fx.errs), ST_OK);
	assert_true(f.who.is_signed_in && f.who.is_internal && f.who.is_department);
	assert_int_equal(f.who.view, OBS_VIEW_INTERNAL);
	assert_false(f.who.may_edit_plan);
	assert_int_equal(app_figures_view(app_fixture_as(&fx, WHO_ADMIN), &f, &fx.errs), ST_OK);
	assert_true(f.who.may_edit_plan);
	assert_int_equal(app_figures_view(app_fixture_as(&fx, WHO_AMR), &f, &fx.errs), ST_OK);
	assert_true(f.who.is_internal);
	assert_false(f.who.is_department);
}

/* A draft is its unit's and the department's: the revisions show it to them only, and no
 * current value is a draft; an approved value is current for the signed-in, not the public. */
static void test_indicator_drafts(void **state)
{
	(void)state;
	struct app_indicator_view v;
	int ind = ind_of();
	enter(WHO_KJT, OBS_DRAFT, "2023");
	enter(WHO_ANALYST, OBS_APPROVED, "2022");
	assert_int_equal(app_indicator_view(app_fixture_as(&fx, WHO_KJT), ind, 1, &v, &fx.errs), ST_OK);
	assert_int_equal(n_drafts(v.history, v.n_history), 1);
	assert_int_equal(n_drafts(v.own, v.n_own), 0);
	assert_int_equal(n_approved(v.own, v.n_own), 1);
	assert_false(v.may_review);
	assert_int_equal(app_indicator_view(app_fixture_as(&fx, WHO_ANALYST), ind, 1, &v, &fx.errs), ST_OK);
	assert_int_equal(n_drafts(v.history, v.n_history), 1);
	assert_true(v.may_review);
	assert_int_equal(app_indicator_view(app_fixture_as(&fx, WHO_AMR), ind, 1, &v, &fx.errs), ST_OK);
	assert_int_equal(n_drafts(v.history, v.n_history), 0);
	assert_int_equal(n_approved(v.history, v.n_history), 1);
	assert_int_equal(n_approved(v.own, v.n_own), 1);
	assert_int_equal(app_indicator_view(app_fixture_as(&fx, WHO_ANON), ind, 1, &v, &fx.errs), ST_OK);
	assert_int_equal(n_drafts(v.history, v.n_history), 0);
	assert_int_equal(n_approved(v.history, v.n_history), 0);
	assert_int_equal(n_approved(v.cur, v.n_cur), 0);
	/* without ?revisions=1 no history is read */
	assert_int_equal(app_indicator_view(app_fixture_as(&fx, WHO_KJT), ind, 0, &v, &fx.errs), ST_OK);
	assert_null(v.history);
	/* the rows are the indicator's targets only */
	for (size_t i = 0; i < v.n_rows; i++)
		assert_int_equal(v.rows[i].indicator, ind);
	assert_int_equal(app_indicator_view(app_fixture_as(&fx, WHO_ANON), -1, 0, &v, &fx.errs), ST_NOT_FOUND);
	assert_int_equal(app_indicator_view(app_fixture_as(&fx, WHO_ANON), (int)fx.shipped->n_indicators, 0, &v, &fx.errs),
			 ST_NOT_FOUND);
}

/* The reporting status counts the figures the reader may see: an approved one for the
 * signed-in, not for the public. */
static void test_status_counts_visible(void **state)
{
	(void)state;
	struct app_status_view v;
	int ind = ind_of();
	enter(WHO_ANALYST, OBS_APPROVED, "2023");
	assert_int_equal(app_status_view(app_fixture_as(&fx, WHO_READER), &v, &fx.errs), ST_OK);
	assert_true(v.first <= 2023 && 2023 <= v.last);
	assert_true(v.last - v.first < APP_STATUS_MAX_YEARS);
	assert_true(app_status_has(&v, (size_t)ind, 2023));
	assert_int_equal(app_status_view(app_fixture_as(&fx, WHO_ANON), &v, &fx.errs), ST_OK);
	assert_true(2023 < v.first || !app_status_has(&v, (size_t)ind, 2023));
}

/* The row of rows[0..n) for the target of indicator ind in region code, NULL when none. */
static const struct assess_row *row_in(const struct plan *p, const struct assess_row *rows, size_t n, int ind,
				       const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].indicator == ind && strcmp(p->regions[rows[i].region].code, code) == 0)
			return &rows[i];
	return NULL;
}

/* One answer for progress: app_progress judges the values the reader may see (an approved
 * figure for the signed-in, not the public), of one indicator or all, now or finally, and the
 * indicator page and the figures pages show its rows. */
static void test_progress_one_answer(void **state)
{
	(void)state;
	struct app_progress pub, dept, all, fin;
	struct app_indicator_view iv;
	struct app_figures fv;
	int ind = ind_of();
	const char *csv = "indicator,region,period,value,source\n" IND ",zcq,2025,1300,统计公报\n";
	struct sheet *sh = app_fixture_sheet(&fx, csv);
	struct import_result res;
	assert_non_null(sh);
	app_fixture_as(&fx, WHO_ANALYST)->four_eyes = "none";
	assert_int_equal(app_values_enter(&fx.ctx, sh, OBS_APPROVED, NULL, 0, &res, &fx.errs), ST_OK);
	assert_int_equal(app_progress(app_fixture_as(&fx, WHO_ANON), ind, APP_PROGRESS_TRENDS, &pub, &fx.errs), ST_OK);
	assert_int_equal(app_progress(app_fixture_as(&fx, WHO_ANALYST), ind, APP_PROGRESS_TRENDS, &dept, &fx.errs), ST_OK);
	assert_int_equal(pub.who.view, OBS_VIEW_PUBLIC);
	assert_int_equal(dept.who.view, OBS_VIEW_INTERNAL);
	/* the zone's target: the approved 2025 figure counts for the department only */
	const struct assess_row *zp = row_in(pub.plan, pub.rows, pub.n_rows, ind, "zcq");
	const struct assess_row *zd = row_in(dept.plan, dept.rows, dept.n_rows, ind, "zcq");
	assert_non_null(zp);
	assert_non_null(zd);
	assert_string_equal(zd->latest_period, "2025");
	assert_true(zd->a.latest_value == 1300);
	assert_true(!zp->latest_period || zp->a.latest_value != 1300);
	/* of the indicator alone: its targets in plan order, no trend (it has targets) */
	size_t n_targets = 0;
	for (size_t i = 0; i < fx.shipped->n_targets; i++)
		n_targets += fx.shipped->targets[i].indicator == ind;
	assert_int_equal(dept.n_rows, n_targets);
	for (size_t i = 0; i < dept.n_rows; i++) {
		assert_int_equal(dept.rows[i].indicator, ind);
		assert_true(i == 0 || dept.rows[i].target > dept.rows[i - 1].target);
	}
	assert_int_equal(dept.n_trends, 0);
	/* the indicator page and the figures pages show the same rows as the reader's */
	assert_int_equal(app_indicator_view(app_fixture_as(&fx, WHO_ANALYST), ind, 0, &iv, &fx.errs), ST_OK);
	assert_int_equal(iv.n_rows, dept.n_rows);
	assert_int_equal(app_figures_view(app_fixture_as(&fx, WHO_ANALYST), &fv, &fx.errs), ST_OK);
	assert_int_equal(app_progress(app_fixture_as(&fx, WHO_ANALYST), -1, 0, &all, &fx.errs), ST_OK);
	assert_int_equal(fv.n_rows, all.n_rows);
	assert_int_equal(all.n_rows, fx.shipped->n_targets);
	assert_null(all.trends);
	for (size_t i = 0; i < dept.n_rows; i++) {
		const struct assess_row *a = &dept.rows[i], *b = &iv.rows[i];
		const struct assess_row *c = row_in(fv.plan, fv.rows, fv.n_rows, ind, fv.plan->regions[a->region].code);
		assert_int_equal(b->target, a->target);
		assert_int_equal(b->a.status, a->a.status);
		assert_int_equal(b->j.verdict, a->j.verdict);
		assert_non_null(c);
		assert_int_equal(c->a.status, a->a.status);
		assert_int_equal(c->j.verdict, a->j.verdict);
	}
	/* finally: as of the end of time; an indicator without a target has its trend alone */
	assert_int_equal(app_progress(app_fixture_as(&fx, WHO_ANON), -1, APP_PROGRESS_FINAL | APP_PROGRESS_TRENDS, &fin,
				      &fx.errs), ST_OK);
	assert_true(isinf(fin.as_of_t));
	assert_true(fin.n_trends > 0);
	int bare = fin.trends[0].indicator;
	assert_int_equal(app_progress(app_fixture_as(&fx, WHO_ANON), bare, APP_PROGRESS_TRENDS, &pub, &fx.errs), ST_OK);
	assert_int_equal(pub.n_rows, 0);
	assert_int_equal(pub.n_trends, 1);
	assert_int_equal(pub.trends[0].indicator, bare);
	assert_int_equal(app_indicator_view(app_fixture_as(&fx, WHO_ANON), bare, 0, &iv, &fx.errs), ST_OK);
	assert_non_null(iv.trend);
	assert_int_equal(iv.trend->a.status, pub.trends[0].a.status);
	/* out of range */
	assert_int_equal(app_progress(app_fixture_as(&fx, WHO_ANON), -2, 0, &pub, &fx.errs), ST_NOT_FOUND);
	assert_int_equal(app_progress(app_fixture_as(&fx, WHO_ANON), (int)fx.shipped->n_indicators, 0, &pub, &fx.errs),
			 ST_NOT_FOUND);
}

static void test_dashboard(void **state)
{
	(void)state;
	struct app_dashboard_view v;
	struct sup_cycle *c;
	assert_int_equal(app_dashboard_view(app_fixture_as(&fx, WHO_ANON), -2, &v, &fx.errs), ST_NOT_FOUND);
	assert_int_equal(app_dashboard_view(app_fixture_as(&fx, WHO_ANON), (int)fx.shipped->n_regions, &v, &fx.errs),
			 ST_NOT_FOUND);
	assert_int_equal(app_dashboard_view(app_fixture_as(&fx, WHO_ANON), -1, &v, &fx.errs), ST_OK);
	assert_false(v.sup.is_shown); /* no supervision records for the public */
	assert_false(v.has_ended);    /* the shipped plan runs past NOW */
	assert_int_equal(app_dashboard_view(app_fixture_as(&fx, WHO_ANALYST), 0, &v, &fx.errs), ST_OK);
	assert_int_equal(v.region, 0);
	assert_true(v.sup.is_shown);
	assert_null(v.sup.cycle);
	assert_int_equal(app_cycle_open(app_fixture_as(&fx, WHO_ANALYST), "2025Q3", "2025-10-15", &c, &fx.errs), ST_OK);
	assert_int_equal(app_dashboard_view(app_fixture_as(&fx, WHO_ANALYST), -1, &v, &fx.errs), ST_OK);
	assert_non_null(v.sup.cycle);
	assert_string_equal(v.sup.cycle->period, "2025Q3");
	/* nothing submitted yet: every measure unreported */
	assert_int_equal(v.sup.n_unreported, (int)fx.shipped->n_measures);
	assert_string_equal(v.sup.overdue_href, "/supervision?cycle=2025Q3");
	/* a unit reporter sees the counts, not the department's list of overdue reports */
	assert_int_equal(app_dashboard_view(app_fixture_as(&fx, WHO_AMR), -1, &v, &fx.errs), ST_OK);
	assert_true(v.sup.is_shown);
	assert_null(v.sup.overdue_href);
}

/* The dashboard counts what each reader may open, as the supervision screen's and the API's
 * summary (app_cycle_status) and the notices list (app_notices) do: a cycle past its deadline
 * with nothing submitted owes the department every report, a unit's reporter those of its
 * unit and the co-units of the measures it leads, a reader none yet. */
static void test_dashboard_counts_what_the_reader_may_open(void **state)
{
	(void)state;
	struct app_dashboard_view v;
	struct app_cycle_status st;
	struct sup_cycle *c;
	struct sup_notice *n, *rows;
	size_t n_rows;
	assert_int_equal(app_cycle_open(app_fixture_as(&fx, WHO_ANALYST), "2025Q2", "2025-06-15", &c, &fx.errs), ST_OK);
	struct app_notice_new to_amr = {"amr", 22, "请说明进展", NULL, 10}, to_kjt = {"kjt", 1, "请报送材料", NULL, 10};
	assert_int_equal(app_notice_raise(app_fixture_as(&fx, WHO_ANALYST), &to_amr, &n, &fx.errs), ST_OK);
	assert_int_equal(app_notice_raise(app_fixture_as(&fx, WHO_ANALYST), &to_kjt, &n, &fx.errs), ST_OK);
	int n_dept = -1;
	for (enum who w = WHO_ADMIN; w < WHO__COUNT; w++) {
		assert_int_equal(app_dashboard_view(app_fixture_as(&fx, w), -1, &v, &fx.errs), ST_OK);
		assert_true(v.sup.is_shown);
		assert_int_equal(app_cycle_status(app_fixture_as(&fx, w), NULL, clock_now(), &st, &fx.errs), ST_OK);
		assert_int_equal(v.sup.n_missing, st.count[SUP_MISSING]);
		assert_int_equal(v.sup.n_late, st.count[SUP_LATE]);
		int n_visible = 0;
		for (size_t i = 0; i < st.n; i++)
			n_visible += st.rows[i].is_visible && st.rows[i].owed.timeliness == SUP_MISSING;
		assert_int_equal(v.sup.n_missing, n_visible);
		if (w == WHO_ADMIN)
			n_dept = v.sup.n_missing;
		assert_int_equal(app_notices(app_fixture_as(&fx, w), NULL, &rows, &n_rows), ST_OK);
		assert_int_equal(v.sup.n_open, (int)n_rows);
		assert_int_equal(v.sup.n_escalated, 0);
		assert_int_equal(v.sup.n_escalated_shown, 0);
	}
	/* the department sees every report owed missing, others only theirs */
	assert_int_equal(n_dept, (int)st.n);
	assert_int_equal(app_dashboard_view(app_fixture_as(&fx, WHO_ANALYST), -1, &v, &fx.errs), ST_OK);
	assert_int_equal(v.sup.n_missing, n_dept);
	assert_int_equal(v.sup.n_open, 2);
	assert_int_equal(app_dashboard_view(app_fixture_as(&fx, WHO_AMR), -1, &v, &fx.errs), ST_OK);
	assert_true(v.sup.n_missing > 0 && v.sup.n_missing < n_dept);
	assert_int_equal(app_dashboard_view(app_fixture_as(&fx, WHO_READER), -1, &v, &fx.errs), ST_OK);
	assert_int_equal(v.sup.n_missing, 0);
	assert_int_equal(app_dashboard_view(app_fixture_as(&fx, WHO_REGION), -1, &v, &fx.errs), ST_OK);
	assert_int_equal(v.sup.n_missing, 0);
}

static void test_sup_sections(void **state)
{
	(void)state;
	struct app_sup_measure m;
	struct app_sup_unit u;
	struct sup_cycle *c;
	struct sup_notice *n;
	assert_int_equal(app_sup_measure_view(app_fixture_as(&fx, WHO_ANON), 22, &m), ST_OK);
	assert_false(m.is_shown);
	assert_int_equal(app_sup_unit_view(app_fixture_as(&fx, WHO_ANON), "amr", &u), ST_OK);
	assert_false(u.is_shown);
	assert_int_equal(app_cycle_open(app_fixture_as(&fx, WHO_ANALYST), "2025Q3", "2025-10-15", &c, &fx.errs), ST_OK);
	struct app_notice_new in = {"amr", 22, "请说明进展", NULL, 10};
	assert_int_equal(app_notice_raise(app_fixture_as(&fx, WHO_ANALYST), &in, &n, &fx.errs), ST_OK);
	assert_int_equal(app_sup_measure_view(app_fixture_as(&fx, WHO_READER), 22, &m), ST_OK);
	assert_true(m.is_shown);
	assert_non_null(m.cycle);
	assert_true(m.n_owed > 0);
	for (size_t i = 0; i < m.n_owed; i++)
		assert_int_equal(m.owed[i].owed.duty.measure, 22);
	assert_int_equal(m.n_notices, 1);
	assert_string_equal(m.notices[0].subject, "请说明进展");
	assert_int_equal(app_sup_unit_view(app_fixture_as(&fx, WHO_AMR), "amr", &u), ST_OK);
	assert_true(u.is_shown);
	assert_non_null(u.card);
	assert_string_equal(u.card->unit, "amr");
	for (size_t i = 0; i < u.n_owed; i++)
		assert_string_equal(u.owed[i].owed.duty.unit, "amr");
	assert_int_equal(u.n_notices, 1);
	for (size_t i = 0; i < u.n_milestones; i++)
		assert_string_equal(u.milestones[i].m.owner, "amr");
}

static void test_matrix_and_scorecards(void **state)
{
	(void)state;
	struct app_matrix_view m;
	struct app_scorecards_view s;
	struct sup_cycle *c;
	assert_int_equal(app_matrix_view(app_fixture_as(&fx, WHO_ANON), NULL, &m), ST_UNAUTH);
	assert_int_equal(app_scorecards_view(app_fixture_as(&fx, WHO_ANON), NULL, 0, &s), ST_UNAUTH);
	/* no cycle yet: an empty view, not an error */
	assert_int_equal(app_matrix_view(app_fixture_as(&fx, WHO_READER), NULL, &m), ST_OK);
	assert_null(m.cycle);
	assert_int_equal(app_scorecards_view(app_fixture_as(&fx, WHO_READER), NULL, 0, &s), ST_OK);
	assert_null(s.cycle);
	assert_int_equal(app_cycle_open(app_fixture_as(&fx, WHO_ANALYST), "2025Q2", "2025-07-15", &c, &fx.errs), ST_OK);
	assert_int_equal(app_cycle_open(app_fixture_as(&fx, WHO_ANALYST), "2025Q3", "2025-10-15", &c, &fx.errs), ST_OK);
	assert_int_equal(app_matrix_view(app_fixture_as(&fx, WHO_READER), "", &m), ST_OK);
	assert_string_equal(m.cycle->period, "2025Q3"); /* the newest */
	assert_int_equal(m.n_cycles, 2);
	assert_true(m.n_owed > 0);
	assert_int_equal(app_matrix_view(app_fixture_as(&fx, WHO_READER), "2025Q2", &m), ST_OK);
	assert_string_equal(m.cycle->period, "2025Q2");
	assert_int_equal(app_matrix_view(app_fixture_as(&fx, WHO_READER), "2024Q1", &m), ST_NOT_FOUND);
	assert_int_equal(app_matrix_view(app_fixture_as(&fx, WHO_READER), "no period", &m), ST_NOT_FOUND);
	assert_int_equal(app_scorecards_view(app_fixture_as(&fx, WHO_READER), NULL, 0, &s), ST_OK);
	assert_string_equal(s.cycle->period, "2025Q3");
	assert_true(s.n_rows > 0);
	/* the history: both cycles, oldest first, every unit of the newest scored in each */
	assert_int_equal(s.n_hist, 2);
	assert_string_equal(s.hist_period[0], "2025Q2");
	assert_string_equal(s.hist_period[1], "2025Q3");
	assert_non_null(app_scorecards_hist(&s, 1, s.rows[0].unit));
	assert_null(app_scorecards_hist(&s, 1, "no-such-unit"));
	assert_int_equal(app_scorecards_view(app_fixture_as(&fx, WHO_READER), "2024Q1", 1, &s), ST_NOT_FOUND);
}

static int has_notice_hit(const struct app_search_view *v)
{
	for (size_t i = 0; i < v->n_hits; i++)
		if (v->hits[i].hit.kind == SEARCH_NOTICE && v->hits[i].notice)
			return 1;
	return 0;
}

static void test_search(void **state)
{
	(void)state;
	struct app_search_view v;
	struct sup_cycle *c;
	struct sup_notice *n;
	assert_int_equal(app_cycle_open(app_fixture_as(&fx, WHO_ANALYST), "2025Q3", "2025-10-15", &c, &fx.errs), ST_OK);
	struct app_notice_new in = {"amr", 22, "请说明进展情况", NULL, 10};
	assert_int_equal(app_notice_raise(app_fixture_as(&fx, WHO_ANALYST), &in, &n, &fx.errs), ST_OK);
	assert_int_equal(app_search_view(app_fixture_as(&fx, WHO_ANON), NULL, 60, &v, &fx.errs), ST_OK);
	assert_false(v.has_notices);
	assert_int_equal(v.n_hits, 0);
	assert_false(v.is_bad_query);
	assert_int_equal(app_search_view(app_fixture_as(&fx, WHO_ANON), "进展情况", 60, &v, &fx.errs), ST_OK);
	assert_false(has_notice_hit(&v));
	assert_int_equal(app_search_view(app_fixture_as(&fx, WHO_READER), "进展情况", 60, &v, &fx.errs), ST_OK);
	assert_true(v.has_notices);
	assert_true(has_notice_hit(&v));
	/* a query over the limit is the reader's to fix, not an error of the page */
	char longq[SEARCH_QUERY_MAX_BYTES + 2];
	memset(longq, 'a', sizeof(longq) - 1);
	longq[sizeof(longq) - 1] = '\0';
	assert_int_equal(app_search_view(app_fixture_as(&fx, WHO_ANON), longq, 60, &v, &fx.errs), ST_OK);
	assert_true(v.is_bad_query);
	assert_int_equal(v.n_hits, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reader_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_indicator_drafts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_counts_visible, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress_one_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dashboard, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dashboard_counts_what_the_reader_may_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sup_sections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_matrix_and_scorecards, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
