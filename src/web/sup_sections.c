/* sup_sections.c - the supervision sections of the dashboard, a measure's page and a unit's
 * page (see sup_pages.h): measures by status, overdue reports and open and escalated notices;
 * a measure's milestones, reports and notices; a unit's scorecard, reports, notices and
 * milestones. Signed-in users only; each report or notice shown only to who may see it. */
#include <string.h>

#include "base/clock.h"
#include "report/fmt.h"
#include "store/store.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/sup_pages.h"
#include "web/sup_web.h"
#include "base/banned.h"

static int signed_in(struct req *r)
{
	return authz_check(&r->principal, ACT_READ_INTERNAL, NULL) == ST_OK;
}

static void heading(struct req *r, const char *id, const char *key)
{
	hf(&r->out, "<h2 id=\"%s\">", id);
	html_esc(&r->out, req_t(r, key));
	bw(&r->out, "</h2>\n");
}

static void muted(struct req *r, const char *key)
{
	bw(&r->out, "<p class=\"muted\">");
	html_esc(&r->out, req_t(r, key));
	bw(&r->out, "</p>\n");
}

/* The newest cycle (open or not); ST_NOT_FOUND when there is none. */
static enum status latest_cycle(struct req *r, struct sup_cycle **out)
{
	struct sup_cycle *rows;
	size_t n;
	enum status rc = store_sup_cycles(r->store, r->arena, &rows, &n);
	if (rc != ST_OK)
		return rc;
	if (!n)
		return ST_NOT_FOUND;
	*out = &rows[0];
	return ST_OK;
}

static void cycle_line(struct req *r, const struct sup_cycle *c)
{
	struct buf *b = &r->out;
	bw(b, "<p>");
	html_esc(b, req_t(r, "cycle.cycle"));
	bw(b, " <strong>");
	html_esc(b, c->period);
	bw(b, "</strong> · ");
	html_esc(b, req_t(r, c->is_open ? "cycle.open" : "cycle.closed"));
	bw(b, " · ");
	html_esc(b, req_t(r, "cycle.deadline"));
	bw(b, " ");
	html_esc(b, sup_local(r, c->deadline));
	bw(b, "</p>\n");
}

static void count_item(struct req *r, const char *key, int n, const char *href)
{
	struct buf *b = &r->out;
	bw(b, "<li>");
	if (href) {
		bw(b, "<a href=\"");
		html_esc(b, href);
		bw(b, "\">");
	}
	html_esc(b, req_t(r, key));
	if (href)
		bw(b, "</a>");
	hf(b, " <strong>%d</strong></li>", n);
}

enum status sup_section_dashboard(struct req *r, const struct plan *p)
{
	if (!signed_in(r))
		return ST_OK;
	struct buf *b = &r->out;
	struct sup_cycle *c;
	struct sup_notice *ns;
	size_t n_ns;
	struct sup_notice_filter f = {.only_unresolved = 1};
	enum status rc = store_sup_notices(r->store, r->arena, &f, &ns, &n_ns);
	if (rc != ST_OK)
		return rc;
	bw(b, "<section class=\"summary supervision\" aria-labelledby=\"sup\">");
	heading(r, "sup", "cycle.dashboard_title");
	rc = latest_cycle(r, &c);
	if (rc == ST_NOT_FOUND) {
		muted(r, "cycle.none_yet");
	} else if (rc != ST_OK) {
		return rc;
	} else {
		struct sup_owed *owed;
		size_t n;
		rc = sup_cycle_owed(r->store, r->arena, c, clock_now(), &owed, &n);
		if (rc != ST_OK)
			return rc;
		cycle_line(r, c);
		/* each measure by what its (first) lead unit reports, as far as the user may see */
		int by_progress[REPORT_PROGRESS_COUNT] = {0}, n_unreported = 0, n_missing = 0, n_late = 0;
		for (size_t m = 0; m < p->n_measures; m++) {
			const struct sup_owed *lead = NULL;
			for (size_t i = 0; i < n && !lead; i++)
				if (owed[i].duty.measure == p->measures[m].number && owed[i].duty.role == ROLE_LEAD)
					lead = &owed[i];
			const struct sup_report *rep = lead ? lead->report : NULL;
			if (rep && rep->first_submitted_at &&
			    sup_req_report_visible(r, p, lead->duty.measure, lead->duty.unit, rep))
				by_progress[rep->progress]++;
			else
				n_unreported++;
		}
		for (size_t i = 0; i < n; i++) {
			n_missing += owed[i].timeliness == SUP_MISSING;
			n_late += owed[i].timeliness == SUP_LATE;
		}
		bw(b, "<h3>");
		html_esc(b, req_t(r, "cycle.measures_by_status"));
		bw(b, "</h3>\n<ul class=\"counts measures-by-status\">");
		for (int k = 0; k < REPORT_PROGRESS_COUNT; k++) {
			bw(b, "<li>");
			sup_html_progress(r, (enum report_progress)k);
			hf(b, " <strong>%d</strong></li>", by_progress[k]);
		}
		count_item(r, "cycle.unreported", n_unreported, NULL);
		bw(b, "</ul>\n<ul class=\"counts\">");
		count_item(r, "cycle.overdue_reports", n_missing,
			   authz_is_department(&r->principal) ? arena_printf(r->arena, "/supervision?cycle=%s", c->period)
							      : NULL);
		count_item(r, "cycle.late_reports", n_late, NULL);
		bw(b, "</ul>\n");
	}
	int n_open = 0, n_escalated = 0;
	for (size_t i = 0; i < n_ns; i++) {
		n_open += ns[i].status == NOTICE_OPEN || ns[i].status == NOTICE_ESCALATED;
		n_escalated += ns[i].level == 2;
	}
	bw(b, "<ul class=\"counts notices-counts\">");
	count_item(r, "notice.open_count", n_open, "/notices");
	count_item(r, "notice.escalated_count", n_escalated, "/notices?level=2");
	bw(b, "</ul>\n");
	/* the escalated ones the user may see, at most ten */
	size_t k = 0;
	struct sup_notice *esc = arena_calloc(r->arena, n_ns + 1, sizeof(*esc));
	for (size_t i = 0; i < n_ns && k < 10; i++)
		if (ns[i].level == 2 && sup_notice_visible(&r->principal, ns[i].unit))
			esc[k++] = ns[i];
	if (k) {
		bw(b, "<h3>");
		html_esc(b, req_t(r, "notice.escalated_title"));
		bw(b, "</h3>\n");
		sup_html_notice_table(r, p, esc, k);
	}
	bw(b, "</section>\n");
	return ST_OK;
}

static void milestone_table(struct req *r, const struct plan *p, const struct sup_milestone *ms, size_t n, int show_measure)
{
	struct buf *b = &r->out;
	time_t now = clock_now();
	bw(b, "<table class=\"milestones\"><thead><tr>");
	const char *cols[] = {"milestone.col_title", show_measure ? "col.measure" : "milestone.col_owner",
			      "milestone.col_due", "milestone.col_deliverable", "milestone.col_state"};
	for (size_t k = 0; k < 5; k++) {
		bw(b, "<th scope=\"col\">");
		html_esc(b, req_t(r, cols[k]));
		bw(b, "</th>");
	}
	bw(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		time_t due = sup_end_of_day(ms[i].due_date);
		const char *state = ms[i].done_on ? "done" : due && now > due ? "overdue" : "open";
		hf(b, "<tr class=\"ms-%s\"><th scope=\"row\">", state);
		html_esc(b, i18n_pick(r->lang, ms[i].title_zh, ms[i].title_en));
		bw(b, "</th><td>");
		if (show_measure)
			sup_html_measure_link(r, p, ms[i].measure);
		else
			html_unit_link(r, p, ms[i].owner);
		bw(b, "</td><td>");
		html_esc(b, ms[i].due_date);
		bw(b, "</td><td>");
		html_esc(b, ms[i].deliverable_zh ? ms[i].deliverable_zh : "—");
		hf(b, "</td><td><span class=\"badge ms-%s\">", state);
		html_esc(b, req_t(r, arena_printf(r->arena, "milestone.state_%s", state)));
		if (ms[i].done_on) {
			bwc(b, ' ');
			html_esc(b, ms[i].done_on);
		}
		bw(b, "</span></td></tr>\n");
	}
	bw(b, "</tbody></table>\n");
}

/* The reports of a cycle's duties (selected by measure or by unit) as a table. */
static void owed_table(struct req *r, const struct plan *p, const struct sup_cycle *c, const struct sup_owed *owed,
		       size_t n, int measure, const char *unit)
{
	struct buf *b = &r->out;
	bw(b, "<table class=\"owed\"><thead><tr><th scope=\"col\">");
	html_esc(b, req_t(r, unit ? "col.measure" : "col.unit_name"));
	const char *cols[] = {"cycle.col_role", "cycle.col_state", "cycle.col_timeliness", "cycle.col_progress"};
	for (size_t k = 0; k < 4; k++) {
		bw(b, "</th><th scope=\"col\">");
		html_esc(b, req_t(r, cols[k]));
	}
	bw(b, "</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct sup_owed *o = &owed[i];
		if ((measure && o->duty.measure != measure) || (unit && strcmp(o->duty.unit, unit) != 0))
			continue;
		int is_visible = sup_req_report_visible(r, p, o->duty.measure, o->duty.unit, o->report);
		bw(b, "<tr><th scope=\"row\">");
		if (unit)
			sup_html_measure_link(r, p, o->duty.measure);
		else
			html_unit_link(r, p, o->duty.unit);
		bw(b, "</th><td>");
		html_esc(b, req_t(r, o->duty.role == ROLE_LEAD ? "col.lead" : "col.co"));
		bw(b, "</td><td>");
		if (is_visible && o->report)
			sup_html_report_link(r, c->period, o->duty.measure, o->duty.unit,
					     req_t(r, arena_printf(r->arena, "cycle.state_%s", report_state_name(o->report->state))));
		else if (o->report && o->report->first_submitted_at)
			html_esc(b, req_t(r, "cycle.state_submitted"));
		else
			sup_html_state(r, NULL);
		bw(b, "</td><td>");
		sup_html_timeliness(r, o->timeliness);
		bw(b, "</td><td>");
		if (is_visible && o->report)
			sup_html_progress(r, o->report->progress);
		else
			bw(b, "—");
		bw(b, "</td></tr>\n");
	}
	bw(b, "</tbody></table>\n");
}

enum status sup_section_measure(struct req *r, const struct plan *p, int number)
{
	if (!signed_in(r))
		return ST_OK;
	struct buf *b = &r->out;
	struct sup_milestone *ms;
	struct sup_notice *ns;
	size_t n_ms, n_ns;
	struct sup_notice_filter f = {.measure = number};
	enum status rc = store_sup_milestones(r->store, r->arena, p->info.code, number, &ms, &n_ms);
	if (rc == ST_OK)
		rc = store_sup_notices(r->store, r->arena, &f, &ns, &n_ns);
	if (rc != ST_OK)
		return rc;
	bw(b, "<section aria-labelledby=\"milestones\">");
	heading(r, "milestones", "milestone.title");
	if (n_ms)
		milestone_table(r, p, ms, n_ms, 0);
	else
		muted(r, "milestone.none");
	bw(b, "</section>\n<section aria-labelledby=\"reports\">");
	heading(r, "reports", "cycle.reports_title");
	struct sup_cycle *c;
	rc = latest_cycle(r, &c);
	if (rc == ST_NOT_FOUND) {
		muted(r, "cycle.none_yet");
	} else if (rc != ST_OK) {
		return rc;
	} else {
		struct sup_owed *owed;
		size_t n;
		rc = sup_cycle_owed(r->store, r->arena, c, clock_now(), &owed, &n);
		if (rc != ST_OK)
			return rc;
		cycle_line(r, c);
		owed_table(r, p, c, owed, n, number, NULL);
	}
	bw(b, "</section>\n<section aria-labelledby=\"notices\">");
	heading(r, "notices", "notice.title");
	sup_html_notice_table(r, p, ns, n_ns);
	bw(b, "</section>\n");
	return ST_OK;
}

enum status sup_section_unit(struct req *r, const struct plan *p, const char *unit)
{
	if (!signed_in(r))
		return ST_OK;
	struct buf *b = &r->out;
	struct sup_milestone *ms;
	struct sup_notice *ns;
	size_t n_ms, n_ns;
	struct sup_notice_filter f = {.unit = unit};
	enum status rc = store_sup_milestones(r->store, r->arena, p->info.code, 0, &ms, &n_ms);
	if (rc == ST_OK)
		rc = store_sup_notices(r->store, r->arena, &f, &ns, &n_ns);
	if (rc != ST_OK)
		return rc;
	bw(b, "<section aria-labelledby=\"record\">");
	heading(r, "record", "units.record");
	struct sup_cycle *c;
	rc = latest_cycle(r, &c);
	if (rc == ST_NOT_FOUND) {
		muted(r, "cycle.none_yet");
	} else if (rc != ST_OK) {
		return rc;
	} else {
		struct sup_scorecard *cards;
		struct sup_owed *owed;
		size_t n_cards, n;
		rc = sup_scorecards(r->store, r->arena, p, c->period, 0, clock_now(), &cards, &n_cards);
		if (rc == ST_OK)
			rc = sup_cycle_owed(r->store, r->arena, c, clock_now(), &owed, &n);
		if (rc != ST_OK)
			return rc;
		cycle_line(r, c);
		for (size_t i = 0; i < n_cards; i++) {
			if (strcmp(cards[i].unit, unit) != 0)
				continue;
			const struct sup_score_in *in = &cards[i].in;
			bw(b, "<p class=\"score-line\">");
			html_esc(b, req_t(r, "score.score"));
			bw(b, " <strong class=\"score\">");
			if (cards[i].out.has_score)
				fmt_value(b, cards[i].out.score, 1);
			else
				bw(b, "—");
			bw(b, "</strong> · ");
			html_esc(b, req_t(r, "score.reports_on_time"));
			hf(b, " %d/%d · ", in->n_on_time, in->n_owed - in->n_pending);
			html_esc(b, req_t(r, "score.returned"));
			hf(b, " %d · ", in->n_returned);
			html_esc(b, req_t(r, "notice.open_count"));
			hf(b, " %d · ", in->n_unresolved);
			html_esc(b, req_t(r, "notice.escalated_count"));
			hf(b, " %d", in->n_escalated);
			bw(b, " · <a href=\"/scorecards\">");
			html_esc(b, req_t(r, "score.formula_link"));
			bw(b, "</a></p>\n");
		}
		owed_table(r, p, c, owed, n, 0, unit);
	}
	bw(b, "<h3>");
	html_esc(b, req_t(r, "notice.title"));
	bw(b, "</h3>\n");
	sup_html_notice_table(r, p, ns, n_ns);
	bw(b, "<h3>");
	html_esc(b, req_t(r, "milestone.owned"));
	bw(b, "</h3>\n");
	size_t k = 0;
	for (size_t i = 0; i < n_ms; i++)
		if (strcmp(ms[i].owner, unit) == 0)
			ms[k++] = ms[i];
	if (k)
		milestone_table(r, p, ms, k, 1);
	else
		muted(r, "milestone.none");
	bw(b, "</section>\n");
	return ST_OK;
}
