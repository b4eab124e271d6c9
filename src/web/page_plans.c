/* page_plans.c - GET /plans and GET /api/v1/plans: every plan the store holds (drafts for the
 * department only) with its phase on today's date (a draft, not yet in force, in force, ended,
 * superseded and by which plan), its document, issuer and dates, and which one pages show by
 * default (plan_select.h). An ended or superseded plan keeps its final evaluation: its
 * dashboard, pages and reports stay one ?plan= away. */
#include <jansson.h>
#include <string.h>

#include "base/clock.h"
#include "report/plan_json.h"
#include "web/api.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/plan_select.h"
#include "web/route.h"
#include "web/views.h"
#include "base/banned.h"

/* The plan in plans[0..n) that in is superseded by, NULL when none (or not visible). */
static const struct plan *successor_of(struct plan *const *plans, size_t n, const struct plan_info *in)
{
	for (size_t i = 0; in->superseded_by && i < n; i++)
		if (strcmp(plans[i]->info.code, in->superseded_by) == 0)
			return plans[i];
	return NULL;
}

void render_plans(struct req *r, struct plan *const *plans, size_t n, const struct plan *cur,
		  const struct app_reader *who)
{
	char today[32];
	clock_today_shanghai(today);
	int may_edit = who->may_edit_plan;
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "plans.title"), "plans");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "plans.title"));
	bw(b, "</h1>\n<table class=\"plans\"><thead><tr>");
	static const char *const cols[] = {"plans.col.title", "plans.col.doc_no", "plans.col.issuer", "plans.col.period",
					   "plans.col.phase"};
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		bw(b, "<th scope=\"col\">");
		html_esc(b, req_t(r, cols[i]));
		bw(b, "</th>");
	}
	bw(b, "</tr></thead><tbody>\n");
	for (size_t i = n; i-- > 0;) {
		const struct plan_info *in = &plans[i]->info;
		bw(b, "<tr><th scope=\"row\"><a href=\"/?plan=");
		html_esc(b, in->code);
		bw(b, "\">");
		html_esc(b, i18n_pick(r->lang, in->title_zh, in->title_en));
		bw(b, "</a>");
		if (cur && strcmp(cur->info.code, in->code) == 0) {
			bw(b, " <span class=\"badge\">");
			html_esc(b, req_t(r, "plans.shown"));
			bw(b, "</span>");
		}
		bw(b, "</th><td>");
		html_esc(b, in->doc_no && *in->doc_no ? in->doc_no : req_t(r, "plans.no_doc_no"));
		bw(b, "</td><td>");
		html_esc(b, i18n_pick(r->lang, in->issuer_zh, in->issuer_en));
		bw(b, "</td><td>");
		html_esc(b, in->issued ? in->issued : "");
		bw(b, " – ");
		html_esc(b, in->valid_until ? in->valid_until : "");
		bw(b, "</td><td>");
		html_esc(b, req_t(r, arena_printf(r->arena, "plans.phase.%s", plan_phase_name(plan_phase_on(in, today)))));
		const struct plan *by = successor_of(plans, n, in);
		if (by) {
			bw(b, "<br>");
			html_esc(b, req_t(r, "plans.superseded_by"));
			bw(b, " <a href=\"/?plan=");
			html_esc(b, by->info.code);
			bw(b, "\">");
			html_esc(b, i18n_pick(r->lang, by->info.title_zh, by->info.title_en));
			bw(b, "</a>");
		}
		if (may_edit) {
			bw(b, "<br><a href=\"/admin/plan?plan=");
			html_esc(b, in->code);
			bw(b, "\">");
			html_esc(b, req_t(r, "plans.manage"));
			bw(b, "</a>");
		}
		bw(b, "</td></tr>\n");
	}
	bw(b, "</tbody></table>\n");
	if (may_edit) {
		bw(b, "<p><a href=\"/admin/plans/new\">");
		html_esc(b, req_t(r, "author.title"));
		bw(b, "</a></p>\n");
	}
	page_end(r);
}

enum status page_plans(struct req *r)
{
	struct plan **plans;
	size_t n;
	enum status rc = plan_select_all(r, &plans, &n);
	if (rc != ST_OK)
		return rc;
	struct plan *cur = NULL;
	if (n && req_plan(r, &cur) != ST_OK)
		cur = NULL;
	struct app_reader who;
	app_reader_of(req_app(r), &who);
	render_plans(r, plans, n, cur, &who);
	return ST_OK;
}

enum status api_plans(struct req *r)
{
	struct plan **plans;
	size_t n;
	enum status rc = plan_select_all(r, &plans, &n);
	if (rc != ST_OK)
		return rc;
	struct plan *cur = NULL;
	if (n && req_plan(r, &cur) != ST_OK)
		cur = NULL;
	char today[32];
	clock_today_shanghai(today);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct plan_info *in = &plans[i]->info;
		json_array_append_new(arr, json_pack("{s:s, s:i, s:s, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:b}", "code", in->code,
						     "version", in->version, "title_zh", in->title_zh, "title_en",
						     json_str_or_null(in->title_en), "doc_no", json_str_or_null(in->doc_no), "issued",
						     json_str_or_null(in->issued), "valid_until", json_str_or_null(in->valid_until),
						     "phase", plan_phase_name(plan_phase_on(in, today)), "status",
						     plan_status_name(in->status), "superseded_by", json_str_or_null(in->superseded_by),
						     "is_default", cur && strcmp(cur->info.code, in->code) == 0));
	}
	return req_send_json(r, json_pack("{s:o}", "plans", arr));
}
