/* page_supervision.c - the department's review screen (GET /supervision): open a cycle, see
 * every report owed with its state and timeliness, approve or return (with a reason) what was
 * submitted, close the cycle; POST /supervision does those. GET /reporting/PERIOD/MEASURE/UNIT
 * shows one report (every revision, evidence, the review buttons for the department) to who
 * may see it. Works without JavaScript. */
#include <string.h>

#include "app/sup.h"
#include "web/render_work.h"
#include "base/clock.h"
#include "base/num.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/route.h"
#include "web/sup_pages.h"
#include "web/sup_web.h"
#include "base/banned.h"

static void hidden(struct req *r, const char *name, const char *value)
{
	hf(&r->out, "<input type=\"hidden\" name=\"%s\" value=\"", name);
	html_esc(&r->out, value);
	bw(&r->out, "\">");
}

static void th(struct req *r, const char *key)
{
	bw(&r->out, "<th scope=\"col\">");
	html_esc(&r->out, req_t(r, key));
	bw(&r->out, "</th>");
}

/* The approve and return forms of a submitted report; back: "review" or "detail". */
static void review_forms(struct req *r, const char *period, int measure, const char *unit, int revision, const char *back)
{
	struct buf *b = &r->out;
	for (int k = 0; k < 2; k++) {
		hf(b, "<form class=\"inline review\" method=\"post\" action=\"/supervision%s\">", sup_plan_param(r, 1));
		html_csrf_field(r);
		hidden(r, "do", k ? "return" : "approve");
		hidden(r, "cycle", period);
		hidden(r, "measure", arena_printf(r->arena, "%d", measure));
		hidden(r, "unit", unit);
		hidden(r, "revision", arena_printf(r->arena, "%d", revision));
		hidden(r, "back", back);
		if (k) {
			hf(b, "<label class=\"sr\" for=\"reason-%d-", measure);
			html_esc(b, unit);
			bw(b, "\">");
			html_esc(b, req_t(r, "cycle.return_reason"));
			hf(b, "</label><input id=\"reason-%d-", measure);
			html_esc(b, unit);
			bw(b, "\" name=\"reason\" size=\"24\" placeholder=\"");
			html_esc(b, req_t(r, "cycle.return_reason"));
			bw(b, "\">");
		}
		bw(b, "<button type=\"submit\">");
		html_esc(b, req_t(r, k ? "cycle.return" : "cycle.approve"));
		bw(b, "</button></form> ");
	}
}

static void open_form(struct req *r)
{
	struct buf *b = &r->out;
	bw(b, "<section aria-labelledby=\"open\"><h2 id=\"open\">");
	html_esc(b, req_t(r, "cycle.open_title"));
	hf(b, "</h2>\n<form class=\"inline\" method=\"post\" action=\"/supervision%s\">", sup_plan_param(r, 1));
	html_csrf_field(r);
	hidden(r, "do", "open");
	bw(b, "<label for=\"period\">");
	html_esc(b, req_t(r, "col.period"));
	bw(b, "</label><input id=\"period\" name=\"period\" size=\"8\" placeholder=\"2025Q3\"><label for=\"deadline\">");
	html_esc(b, req_t(r, "cycle.deadline"));
	bw(b, "</label><input id=\"deadline\" name=\"deadline\" type=\"date\"><button type=\"submit\">");
	html_esc(b, req_t(r, "cycle.open_button"));
	bw(b, "</button></form>\n<p class=\"muted hint\">");
	html_esc(b, req_t(r, "cycle.open_hint"));
	bw(b, "</p></section>\n");
}

void render_supervision(struct req *r, const struct supervision_view *v, const char *msg, int is_error)
{
	struct buf *b = &r->out;
	const struct plan *p = v->plan;
	const struct sup_cycle *rows = v->cycles, *c = v->cycle;
	size_t n_cycles = v->n_cycles;
	page_begin(r, req_t(r, "cycle.review_title"), "supervision");
	hf(b, "<h1>%s</h1>\n", req_t(r, "cycle.review_title"));
	if (msg)
		sup_html_message(r, msg, is_error);
	if (n_cycles) {
		bw(b, "<nav class=\"switch\" aria-label=\"");
		html_esc(b, req_t(r, "cycle.cycles"));
		bw(b, "\"><ul>");
		for (size_t i = 0; i < n_cycles; i++) {
			bw(b, "<li><a href=\"/supervision?cycle=");
			url_esc(b, rows[i].period);
			html_esc(b, sup_plan_param(r, 0));
			bw(b, c && strcmp(rows[i].period, c->period) == 0 ? "\" aria-current=\"page\">" : "\">");
			html_esc(b, rows[i].period);
			bw(b, "</a></li>");
		}
		bw(b, "</ul></nav>\n");
	}
	if (!c) {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "cycle.none_yet"));
		bw(b, "</p>\n");
		open_form(r);
		page_end(r);
		return;
	}
	/* the department's screen: it sees every report owed */
	size_t n = v->status.n;
	const int *count = v->status.count;
	struct sup_owed *owed = arena_calloc(r->arena, n + 1, sizeof(*owed));
	int n_waiting = v->n_waiting, n_approved = v->n_approved, n_returned = v->n_returned;
	for (size_t i = 0; i < n; i++)
		owed[i] = v->status.rows[i].owed;
	bw(b, "<section class=\"summary\" aria-labelledby=\"cycle-head\"><h2 id=\"cycle-head\">");
	html_esc(b, req_t(r, "cycle.cycle"));
	bw(b, " <span class=\"period\">");
	html_esc(b, c->period);
	bw(b, "</span></h2>\n<p>");
	html_esc(b, req_t(r, c->is_open ? "cycle.open" : "cycle.closed"));
	bw(b, " · ");
	html_esc(b, req_t(r, "cycle.deadline"));
	bw(b, " <strong>");
	html_esc(b, sup_local(r, c->deadline));
	bw(b, "</strong></p>\n<ul class=\"counts cycle-counts\">");
	const struct {
		const char *key, *cls;
		int v;
	} counts[] = {
		{"cycle.owed", "owed", (int)n},	      {"cycle.time_on_time", "on_time", count[SUP_ON_TIME]},
		{"cycle.time_late", "late", count[SUP_LATE]}, {"cycle.time_missing", "missing", count[SUP_MISSING]},
		{"cycle.time_pending", "pending", count[SUP_PENDING]}, {"cycle.waiting", "waiting", n_waiting},
		{"cycle.state_approved", "approved", n_approved}, {"cycle.state_returned", "returned", n_returned},
	};
	for (size_t k = 0; k < sizeof(counts) / sizeof(counts[0]); k++) {
		hf(b, "<li class=\"count-%s\">", counts[k].cls);
		html_esc(b, req_t(r, counts[k].key));
		hf(b, " <strong>%d</strong></li>", counts[k].v);
	}
	bw(b, "</ul>\n");
	if (c->is_open) {
		hf(b, "<form class=\"inline\" method=\"post\" action=\"/supervision%s\">", sup_plan_param(r, 1));
		html_csrf_field(r);
		hidden(r, "do", "close");
		hidden(r, "cycle", c->period);
		bw(b, "<button type=\"submit\">");
		html_esc(b, req_t(r, "cycle.close_button"));
		bw(b, "</button></form>\n");
	}
	bw(b, "</section>\n<section aria-labelledby=\"waiting\"><h2 id=\"waiting\">");
	html_esc(b, req_t(r, "cycle.waiting_title"));
	bw(b, "</h2>\n");
	if (n_waiting) {
		bw(b, "<table class=\"review-queue\"><thead><tr>");
		th(r, "col.measure"), th(r, "col.unit_name"), th(r, "cycle.col_progress"), th(r, "cycle.col_submitted"),
			th(r, "cycle.col_timeliness"), th(r, "cycle.col_review");
		bw(b, "</tr></thead><tbody>\n");
		for (size_t i = 0; i < n; i++) {
			const struct sup_report *rep = owed[i].report;
			if (!rep || rep->state != REPORT_SUBMITTED)
				continue;
			bw(b, "<tr><td>");
			sup_html_measure_link(r, p, owed[i].duty.measure);
			bw(b, "</td><td>");
			sup_html_report_link(r, c->period, owed[i].duty.measure, owed[i].duty.unit,
					     sup_unit_name(r, p, owed[i].duty.unit));
			bw(b, "</td><td>");
			sup_html_progress(r, rep->progress);
			bw(b, "</td><td>");
			html_esc(b, sup_local(r, rep->created_at));
			bw(b, "</td><td>");
			sup_html_timeliness(r, owed[i].timeliness);
			bw(b, "</td><td>");
			review_forms(r, c->period, owed[i].duty.measure, owed[i].duty.unit, rep->revision, "review");
			bw(b, "</td></tr>\n");
		}
		bw(b, "</tbody></table>\n");
	} else {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "cycle.nothing_waiting"));
		bw(b, "</p>\n");
	}
	bw(b, "</section>\n<section aria-labelledby=\"all\"><h2 id=\"all\">");
	html_esc(b, req_t(r, "cycle.all_owed"));
	bw(b, "</h2>\n<table class=\"owed-all\"><thead><tr>");
	th(r, "col.measure"), th(r, "col.unit_name"), th(r, "cycle.col_role"), th(r, "cycle.col_state"),
		th(r, "cycle.col_timeliness"), th(r, "cycle.col_submitted");
	bw(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct sup_owed *o = &owed[i];
		hf(b, "<tr class=\"tl-row-%s\"><td>", sup_timeliness_name(o->timeliness));
		sup_html_measure_link(r, p, o->duty.measure);
		bw(b, "</td><td>");
		if (o->report)
			sup_html_report_link(r, c->period, o->duty.measure, o->duty.unit, sup_unit_name(r, p, o->duty.unit));
		else
			html_esc(b, sup_unit_name(r, p, o->duty.unit));
		bw(b, "</td><td>");
		html_esc(b, req_t(r, o->duty.role == ROLE_LEAD ? "col.lead" : "col.co"));
		bw(b, "</td><td>");
		sup_html_state(r, o->report);
		bw(b, "</td><td>");
		sup_html_timeliness(r, o->timeliness);
		bw(b, "</td><td>");
		html_esc(b, sup_local(r, o->report ? o->report->first_submitted_at : NULL));
		bw(b, "</td></tr>\n");
	}
	bw(b, "</tbody></table></section>\n");
	open_form(r);
	page_end(r);
}

static enum status render(struct req *r, const char *wanted, const char *msg, int is_error)
{
	struct supervision_view v;
	enum status rc = app_supervision_view(req_app(r), wanted, &v, req_errs(r));
	if (rc != ST_OK)
		return rc;
	render_supervision(r, &v, msg, is_error);
	return ST_OK;
}

enum status page_supervision(struct req *r)
{
	const char *msg = req_query(r, "msg"), *text = NULL;
	static const char *const known[] = {"opened", "closed", "approved", "returned"};
	for (size_t i = 0; msg && i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(msg, known[i]) == 0)
			text = req_t(r, arena_printf(r->arena, "cycle.msg_%s", known[i]));
	struct sup_cycle *c;
	const char *wanted = req_query(r, "cycle");
	if (wanted && app_cycle_pick(req_app(r), wanted, &c) == ST_OK)
		wanted = c->period;
	return render(r, wanted, text, 0);
}

/* Back to the review screen (or a report's page, back "detail") with what was done. */
static void done(struct req *r, const char *period, int measure, const char *unit, const char *back, const char *msg)
{
	struct buf u;
	buf_init(&u, 4096);
	if (back && strcmp(back, "detail") == 0) {
		bw(&u, "/reporting/");
		url_esc(&u, period);
		tf(&u, "/%d/", measure);
		url_esc(&u, unit);
		tf(&u, "?msg=%s%s", msg, sup_plan_param(r, 0));
	} else {
		bw(&u, "/supervision?cycle=");
		url_esc(&u, period);
		tf(&u, "&msg=%s%s", msg, sup_plan_param(r, 0));
	}
	req_redirect(r, arena_strdup(r->arena, buf_str(&u)));
	buf_release(&u);
}

enum status page_supervision_post(struct req *r)
{
	struct plan *p;
	struct sup_cycle *c;
	struct sup_report *out;
	struct app_ctx *x = req_app(r);
	struct diag_list *errs = req_errs(r);
	const char *what = req_form(r, "do");
	const char *period = req_form(r, "cycle");
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	if (what && strcmp(what, "open") == 0) {
		rc = app_cycle_open(x, req_form(r, "period"), req_form(r, "deadline"), &c, errs);
		if (rc == ST_OK)
			done(r, c->period, 0, NULL, NULL, "opened");
		period = NULL;
	} else if (what && strcmp(what, "close") == 0) {
		rc = app_cycle_close(x, period, &c, errs);
		if (rc == ST_OK)
			done(r, c->period, 0, NULL, NULL, "closed");
	} else if (what && (strcmp(what, "approve") == 0 || strcmp(what, "return") == 0)) {
		int64_t revision = -1, measure = 0;
		const char *rev_text = req_form(r, "revision"), *m = req_form(r, "measure");
		if (rev_text && !num_parse_int(str_of(rev_text), 0, 1000000, &revision))
			revision = -1;
		if (m && !num_parse_int(str_of(m), 1, 10000, &measure))
			measure = 0;
		struct app_report_key k = {period, (int)measure, req_form(r, "unit")};
		int is_approve = strcmp(what, "approve") == 0;
		rc = app_report_review(x, &k, is_approve, req_form(r, "reason"), (int)revision, &out, errs);
		if (rc == ST_OK)
			done(r, out->period ? out->period : period, k.measure, out->unit, req_form(r, "back"),
			     is_approve ? "approved" : "returned");
	} else {
		return ST_INVALID;
	}
	if (rc == ST_OK || !req_errs_shown(rc, errs))
		return rc;
	r->status = status_http_code(rc);
	return render(r, period && app_cycle_pick(x, period, &c) == ST_OK ? c->period : NULL, req_errs_text(r, errs), 1);
}

/* ---- one report ---------------------------------------------------------------------------- */

void render_progress_report(struct req *r, const struct progress_report_view *v, const char *msg)
{
	const struct plan *p = v->plan;
	const struct sup_cycle *c = v->report.cycle;
	const struct sup_report *rep = v->report.owed->report, *revs = v->report.revisions;
	const struct sup_evidence *files = v->report.evidence;
	size_t n_revs = v->report.n_revisions, n_files = v->report.n_evidence;
	int measure = v->report.measure, mi = v->measure_index;
	const char *unit = v->report.unit;
	struct buf *b = &r->out;
	const char *title = arena_printf(r->arena, "%s · %d. %s · %s", c->period, measure,
					 mi >= 0 ? i18n_pick(r->lang, p->measures[mi].title_zh, p->measures[mi].title_en) : "",
					 sup_unit_name(r, p, unit));
	page_begin(r, title, v->is_department ? "supervision" : "reporting");
	bw(b, "<p class=\"crumbs\"><a href=\"");
	bw(b, v->is_department ? "/supervision?cycle=" : "/reporting?cycle=");
	url_esc(b, c->period);
	html_esc(b, sup_plan_param(r, 0));
	bw(b, "\">");
	html_esc(b, req_t(r, v->is_department ? "cycle.review_title" : "cycle.reporting_title"));
	bw(b, "</a></p>\n<h1>");
	html_esc(b, title);
	bw(b, "</h1>\n");
	if (msg)
		sup_html_message(r, msg, 0);
	bw(b, "<p class=\"state\">");
	sup_html_state(r, rep);
	bw(b, " ");
	sup_html_timeliness(r, v->timeliness);
	bw(b, "</p>\n");
	if (rep->state == REPORT_RETURNED) {
		bw(b, "<p class=\"error returned\">");
		html_esc(b, req_t(r, "cycle.returned_because"));
		bw(b, " ");
		html_esc(b, rep->reason);
		bw(b, "</p>\n");
	}
	bw(b, "<p>");
	html_esc(b, req_t(r, "cycle.col_progress"));
	bw(b, " ");
	sup_html_progress(r, rep->progress);
	bw(b, "</p>\n<p class=\"text narrative\">");
	html_esc(b, rep->narrative);
	bw(b, "</p>\n");
	sup_html_figures(r, p, rep->figures);
	if (v->may_review) {
		bw(b, "<p class=\"actions\">");
		review_forms(r, c->period, measure, unit, rep->revision, "detail");
		bw(b, "</p>\n");
	}
	bw(b, "<h2>");
	html_esc(b, req_t(r, "cycle.evidence"));
	bw(b, "</h2>\n");
	if (n_files) {
		bw(b, "<ul class=\"files\">");
		for (size_t i = 0; i < n_files; i++) {
			hf(b, "<li><a href=\"/api/v1/evidence/%lld\">", files[i].id);
			html_esc(b, files[i].file_name);
			bw(b, "</a> <span class=\"muted\">");
			html_esc(b, files[i].kind);
			bw(b, " · sha256 ");
			html_esc(b, arena_strndup(r->arena, files[i].sha256, 12));
			bw(b, "…</span></li>");
		}
		bw(b, "</ul>\n");
	} else {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "cycle.no_evidence"));
		bw(b, "</p>\n");
	}
	bw(b, "<h2>");
	html_esc(b, req_t(r, "cycle.revisions"));
	bw(b, "</h2>\n<table class=\"revisions\"><thead><tr>");
	th(r, "cycle.revision"), th(r, "cycle.col_state"), th(r, "cycle.col_progress"), th(r, "cycle.col_time"),
		th(r, "cycle.col_by"), th(r, "cycle.col_reason");
	bw(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n_revs; i++) {
		hf(b, "<tr><td class=\"num\">%d</td><td>", revs[i].revision);
		sup_html_state(r, &revs[i]);
		bw(b, "</td><td>");
		sup_html_progress(r, revs[i].progress);
		bw(b, "</td><td>");
		html_esc(b, sup_local(r, revs[i].created_at));
		bw(b, "</td><td>");
		html_esc(b, revs[i].created_by);
		bw(b, "</td><td>");
		html_esc(b, revs[i].reason ? revs[i].reason : "");
		bw(b, "</td></tr>\n");
	}
	bw(b, "</tbody></table>\n");
	page_end(r);
}

enum status page_progress_report(struct req *r)
{
	struct progress_report_view v;
	int64_t number = 0;
	if (!num_parse_int(str_of(r->params[1]), 1, 10000, &number))
		return ST_NOT_FOUND;
	struct app_report_key k = {r->params[0], (int)number, r->params[2]};
	enum status rc = app_progress_report_view(req_app(r), &k, &v);
	if (rc != ST_OK)
		return rc;
	const char *msg = req_query(r, "msg");
	if (msg && (strcmp(msg, "approved") == 0 || strcmp(msg, "returned") == 0))
		msg = req_t(r, arena_printf(r->arena, "cycle.msg_%s", msg));
	else
		msg = NULL;
	render_progress_report(r, &v, msg);
	return ST_OK;
}
