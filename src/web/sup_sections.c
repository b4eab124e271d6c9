/* sup_sections.c - the supervision sections of the dashboard, a measure's page and a unit's
 * page (see sup_pages.h): measures by status, overdue reports and open and escalated notices;
 * a measure's milestones, reports and notices; a unit's scorecard, reports, notices and
 * milestones. Each writes its view model (app/view_sup.h), which holds only what the principal
 * may see; nothing for a view that is not shown. */
#include <string.h>

#include "report/fmt.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/sup_pages.h"
#include "web/sup_web.h"
#include "base/banned.h"

static void heading(struct req *r, const char *id, const char *key)
{
	hf(&r->out, "<h2 id=\"%s\">%s</h2>\n", id, req_t(r, key));
}

static void muted(struct req *r, const char *key)
{
	hf(&r->out, "<p class=\"muted\">%s</p>\n", req_t(r, key));
}

static void cycle_line(struct req *r, const struct sup_cycle *c)
{
	hf(&r->out, "<p>%s <strong>%s</strong> · %s · %s %s</p>\n", req_t(r, "cycle.cycle"), c->period,
	   req_t(r, c->is_open ? "cycle.open" : "cycle.closed"), req_t(r, "cycle.deadline"), sup_local(r, c->deadline));
}

static void count_item(struct req *r, const char *key, int n, const char *href)
{
	struct buf *b = &r->out;
	bw(b, "<li>");
	if (href)
		hf(b, "<a href=\"%s\">", href);
	html_esc(b, req_t(r, key));
	if (href)
		bw(b, "</a>");
	hf(b, " <strong>%d</strong></li>", n);
}

void sup_section_dashboard(struct req *r, const struct plan *p, const struct app_sup_dashboard *v)
{
	if (!v->is_shown)
		return;
	struct buf *b = &r->out;
	bw(b, "<section class=\"summary supervision\" aria-labelledby=\"sup\">");
	heading(r, "sup", "cycle.dashboard_title");
	if (!v->cycle) {
		muted(r, "cycle.none_yet");
	} else {
		cycle_line(r, v->cycle);
		hf(b, "<h3>%s</h3>\n<ul class=\"counts measures-by-status\">", req_t(r, "cycle.measures_by_status"));
		for (int k = 0; k < REPORT_PROGRESS_COUNT; k++) {
			bw(b, "<li>");
			sup_html_progress(r, (enum report_progress)k);
			hf(b, " <strong>%d</strong></li>", v->by_progress[k]);
		}
		count_item(r, "cycle.unreported", v->n_unreported, NULL);
		bw(b, "</ul>\n<ul class=\"counts\">");
		count_item(r, "cycle.overdue_reports", v->n_missing,
			   v->overdue_href ? arena_printf(r->arena, "%s%s", v->overdue_href, sup_plan_param(r, 0)) : NULL);
		count_item(r, "cycle.late_reports", v->n_late, NULL);
		bw(b, "</ul>\n");
	}
	bw(b, "<ul class=\"counts notices-counts\">");
	count_item(r, "notice.open_count", v->n_open, arena_printf(r->arena, "/notices%s", sup_plan_param(r, 1)));
	count_item(r, "notice.escalated_count", v->n_escalated, arena_printf(r->arena, "/notices?level=2%s", sup_plan_param(r, 0)));
	bw(b, "</ul>\n");
	if (v->n_escalated_shown) {
		hf(b, "<h3>%s</h3>\n", req_t(r, "notice.escalated_title"));
		sup_html_notice_table(r, p, v->escalated, v->n_escalated_shown);
	}
	bw(b, "</section>\n");
}

static void milestone_table(struct req *r, const struct plan *p, const struct app_milestone *ms, size_t n,
			    int show_measure)
{
	struct buf *b = &r->out;
	bw(b, "<table class=\"milestones\"><thead><tr>");
	const char *cols[] = {"milestone.col_title", show_measure ? "col.measure" : "milestone.col_owner",
			      "milestone.col_due", "milestone.col_deliverable", "milestone.col_state"};
	for (size_t k = 0; k < 5; k++)
		hf(b, "<th scope=\"col\">%s</th>", req_t(r, cols[k]));
	bw(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct sup_milestone *m = &ms[i].m;
		hf(b, "<tr class=\"ms-%s\"><th scope=\"row\">%s</th><td>", ms[i].state, i18n_pick(r->lang, m->title_zh, m->title_en));
		if (show_measure)
			sup_html_measure_link(r, p, m->measure);
		else
			html_unit_link(r, p, m->owner);
		hf(b, "</td><td>%s</td><td>%s</td><td><span class=\"badge ms-%s\">%s", m->due_date,
		   m->deliverable_zh ? m->deliverable_zh : "—", ms[i].state,
		   req_t(r, arena_printf(r->arena, "milestone.state_%s", ms[i].state)));
		if (m->done_on)
			hf(b, " %s", m->done_on);
		bw(b, "</span></td></tr>\n");
	}
	bw(b, "</tbody></table>\n");
}

/* The reports of a cycle's duties (of a measure: by unit; of a unit: by measure) as a table. */
static void owed_table(struct req *r, const struct plan *p, const struct sup_cycle *c, const struct app_owed *owed,
		       size_t n, int by_measure)
{
	struct buf *b = &r->out;
	hf(b, "<table class=\"owed\"><thead><tr><th scope=\"col\">%s", req_t(r, by_measure ? "col.measure" : "col.unit_name"));
	const char *cols[] = {"cycle.col_role", "cycle.col_state", "cycle.col_timeliness", "cycle.col_progress"};
	for (size_t k = 0; k < 4; k++)
		hf(b, "</th><th scope=\"col\">%s", req_t(r, cols[k]));
	bw(b, "</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct sup_owed *o = &owed[i].owed;
		int is_visible = owed[i].is_visible;
		bw(b, "<tr><th scope=\"row\">");
		if (by_measure)
			sup_html_measure_link(r, p, o->duty.measure);
		else
			html_unit_link(r, p, o->duty.unit);
		hf(b, "</th><td>%s</td><td>", req_t(r, o->duty.role == ROLE_LEAD ? "col.lead" : "col.co"));
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

void sup_section_measure(struct req *r, const struct plan *p, const struct app_sup_measure *v)
{
	if (!v->is_shown)
		return;
	struct buf *b = &r->out;
	bw(b, "<section aria-labelledby=\"milestones\">");
	heading(r, "milestones", "milestone.title");
	if (v->n_milestones)
		milestone_table(r, p, v->milestones, v->n_milestones, 0);
	else
		muted(r, "milestone.none");
	bw(b, "</section>\n<section aria-labelledby=\"reports\">");
	heading(r, "reports", "cycle.reports_title");
	if (!v->cycle) {
		muted(r, "cycle.none_yet");
	} else {
		cycle_line(r, v->cycle);
		owed_table(r, p, v->cycle, v->owed, v->n_owed, 0);
	}
	bw(b, "</section>\n<section aria-labelledby=\"notices\">");
	heading(r, "notices", "notice.title");
	sup_html_notice_table(r, p, v->notices, v->n_notices);
	bw(b, "</section>\n");
}

void sup_section_unit(struct req *r, const struct plan *p, const struct app_sup_unit *v)
{
	if (!v->is_shown)
		return;
	struct buf *b = &r->out;
	bw(b, "<section aria-labelledby=\"record\">");
	heading(r, "record", "units.record");
	if (!v->cycle) {
		muted(r, "cycle.none_yet");
	} else {
		cycle_line(r, v->cycle);
		if (v->card) {
			const struct sup_score_in *in = &v->card->in;
			hf(b, "<p class=\"score-line\">%s <strong class=\"score\">", req_t(r, "score.score"));
			if (v->card->out.has_score)
				fmt_value(b, v->card->out.score, 1);
			else
				bw(b, "—");
			hf(b, "</strong> · %s %d/%d · %s %d · %s %d · %s %d · <a href=\"/scorecards\">%s</a></p>\n",
			   req_t(r, "score.reports_on_time"), in->n_on_time, in->n_owed - in->n_pending, req_t(r, "score.returned"),
			   in->n_returned, req_t(r, "notice.open_count"), in->n_unresolved, req_t(r, "notice.escalated_count"),
			   in->n_escalated, req_t(r, "score.formula_link"));
		}
		owed_table(r, p, v->cycle, v->owed, v->n_owed, 1);
	}
	hf(b, "<h3>%s</h3>\n", req_t(r, "notice.title"));
	sup_html_notice_table(r, p, v->notices, v->n_notices);
	hf(b, "<h3>%s</h3>\n", req_t(r, "milestone.owned"));
	if (v->n_milestones)
		milestone_table(r, p, v->milestones, v->n_milestones, 1);
	else
		muted(r, "milestone.none");
	bw(b, "</section>\n");
}
