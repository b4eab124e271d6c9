/* page_report.c - GET /reports (choose the period, format and language of the evaluation report,
 * and the open-data downloads) and GET /reports/evaluation (the report itself, as a download:
 * HTML, PDF, XLSX or Markdown). Everyone may read it: signed-in users (ACT_READ_INTERNAL) get the
 * department's edition (approved values, revisions awaiting review, supervision records), anyone
 * else the public edition (published values only, eval_options.is_public). */
#include <stdio.h>
#include <string.h>

#include "app/report.h"
#include "core/plan_facts.h"
#include "report/explain.h"
#include "report/report.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/route.h"
#include "web/server.h"
#include "base/banned.h"

static void option(struct buf *b, const char *value, const char *label, int is_selected)
{
	bw(b, "<option value=\"");
	html_esc(b, value);
	bw(b, is_selected ? "\" selected>" : "\">");
	html_esc(b, label);
	bw(b, "</option>");
}

enum status page_reports(struct req *r)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "reports.title"), "reports");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "reports.title"));
	bw(b, "</h1>\n<p>");
	html_esc(b, req_t(r, "reports.intro"));
	bw(b, "</p>\n<form method=\"get\" action=\"/reports/evaluation\" class=\"report-form\">\n<p><label for=\"period\">");
	html_esc(b, req_t(r, "reports.period"));
	bw(b, "</label> <select id=\"period\" name=\"period\">");
	/* the years the plan covers: a later period has nothing of it to evaluate */
	int first = plan_first_year(p), last = plan_last_year(p);
	if (first <= 0 || first > last)
		first = last;
	for (int y = last; y >= first; y--) {
		char v[16];
		snprintf(v, sizeof(v), "%d", y);
		option(b, v, v, y == p->info.target_year);
	}
	bw(b, "</select></p>\n<p><label for=\"format\">");
	html_esc(b, req_t(r, "reports.format"));
	bw(b, "</label> <select id=\"format\" name=\"format\">");
	option(b, "pdf", "PDF", 1);
	option(b, "xlsx", "Excel (XLSX)", 0);
	option(b, "html", "HTML", 0);
	option(b, "md", "Markdown", 0);
	bw(b, "</select></p>\n<p><label for=\"lang\">");
	html_esc(b, req_t(r, "reports.lang"));
	bw(b, "</label> <select id=\"lang\" name=\"lang\">");
	option(b, "zh", "中文", r->lang == LANG_ZH);
	option(b, "en", "English", r->lang == LANG_EN);
	bw(b, "</select></p>\n<p><button type=\"submit\">");
	html_esc(b, req_t(r, "reports.generate"));
	bw(b, "</button></p>\n</form>\n<h2>");
	html_esc(b, req_t(r, "reports.open_data"));
	bw(b, "</h2>\n<p>");
	html_esc(b, req_t(r, "reports.open_data_intro"));
	bw(b, "</p>\n<ul>\n<li><a href=\"/api/v1/export?format=csv\">CSV</a></li>\n"
	      "<li><a href=\"/api/v1/export?format=json\">JSON</a></li>\n"
	      "<li><a href=\"/api/v1/export?format=xlsx\">XLSX</a></li>\n</ul>\n");
	page_end(r);
	return ST_OK;
}

enum status page_report_evaluation(struct req *r)
{
	const char *period = req_query(r, "period"), *format = req_query(r, "format"), *lang_text = req_query(r, "lang");
	enum report_format f = REPORT_HTML;
	enum lang lang = r->lang;
	if (!period || !*period || (format && !report_format_parse(format, &f)) || (lang_text && !lang_parse(lang_text, &lang))) {
		r->status = 400;
		page_error(r, ST_INVALID, req_t(r, "reports.bad_request"));
		return ST_OK;
	}
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	const struct server_config *cfg = server_config(r->server);
	struct app_report_in in = {p->info.code, period, cfg->org_name_zh, 0, cfg->org_name_en, cfg->site_name_zh,
				   cfg->site_name_en};
	struct evaluation ev;
	rc = app_report_evaluation(req_app(r), &in, &ev, req_errs(r));
	if (rc == ST_INVALID || rc == ST_CONFLICT) {
		r->status = 400;
		struct buf t;
		buf_init(&t, 512);
		const char *names[] = {"period", "until", "last"};
		const char *values[] = {period, p->info.valid_until, arena_printf(r->arena, "%d", plan_last_year(p))};
		i18n_fill(&t, req_t(r, rc == ST_CONFLICT ? "reports.after_plan" : "reports.bad_request"), names, values, 3);
		page_error(r, ST_INVALID, arena_strdup(r->arena, buf_str(&t)));
		buf_release(&t);
		return ST_OK;
	}
	if (rc != ST_OK)
		return rc;
	struct report_doc doc;
	report_doc_build(&ev, lang, r->arena, &doc);
	rc = report_render(&doc, f, &r->out);
	if (rc != ST_OK)
		return rc;
	r->content_type = report_format_mime(f);
	/* a download: the standalone page carries its own style sheet, which the site's CSP would
	 * refuse inline, and a report is a document to keep */
	req_add_header(r, "Content-Disposition",
		       arena_printf(r->arena, "attachment; filename=\"%s\"", report_file_name(&doc, f, r->arena)));
	return ST_OK;
}
