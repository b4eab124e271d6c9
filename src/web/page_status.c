/* page_status.c - GET /reporting-status: which indicators have a figure for which year, goal
 * by goal (as Open SDG's reporting status page): per goal the share of its indicators with a
 * figure for the latest year, and a table of indicators by year. Public: it counts the figures
 * the reader may see (published ones for the public). */
#include <string.h>

#include "report/explain.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/route.h"
#include "web/views.h"
#include "base/banned.h"

/* Indicators of group (a goal's code, or NULL for those without a goal). */
static int in_group(const struct indicator *d, const char *goal)
{
	return goal ? d->goal_code && strcmp(d->goal_code, goal) == 0 : d->goal_code == NULL;
}

static void group(struct req *r, const struct app_status_view *v, const char *goal, const char *title, int id)
{
	const struct plan *p = v->plan;
	struct buf *b = &r->out;
	size_t n = 0, n_latest = 0;
	for (size_t i = 0; i < p->n_indicators; i++)
		if (in_group(&p->indicators[i], goal)) {
			n++;
			n_latest += app_status_has(v, i, v->latest);
		}
	if (!n)
		return;
	int pct = (int)(100.0 * (double)n_latest / (double)n + 0.5);
	hf(b, "<section class=\"goal-status\" aria-labelledby=\"g%d\"><h2 id=\"g%d\">", id, id);
	html_esc(b, title);
	hf(b, "</h2>\n<p class=\"reported\"><meter min=\"0\" max=\"100\" value=\"%d\" aria-hidden=\"true\"></meter> ", pct);
	struct buf line;
	buf_init(&line, 128);
	const char *names[] = {"n", "total", "year", "pct"};
	const char *vals[] = {arena_printf(r->arena, "%zu", n_latest), arena_printf(r->arena, "%zu", n),
			      arena_printf(r->arena, "%d", v->latest), arena_printf(r->arena, "%d", pct)};
	i18n_fill(&line, req_t(r, "status.reported_line"), names, vals, 4);
	html_esc(b, buf_str(&line));
	buf_release(&line);
	bw(b, "</p>\n<div class=\"scroll\"><table class=\"reporting-status\"><thead><tr><th scope=\"col\">");
	html_esc(b, req_t(r, "col.indicator"));
	bw(b, "</th>");
	for (int y = v->first; y <= v->last; y++)
		hf(b, "<th scope=\"col\" class=\"num\">%d</th>", y);
	bw(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < p->n_indicators; i++) {
		const struct indicator *d = &p->indicators[i];
		if (!in_group(d, goal))
			continue;
		bw(b, "<tr><th scope=\"row\"><a href=\"/indicators/");
		url_esc(b, d->code);
		bw(b, "?tab=meta\">");
		html_esc(b, i18n_pick(r->lang, d->name_zh, d->name_en));
		bw(b, "</a></th>");
		for (int y = v->first; y <= v->last; y++) {
			int is = app_status_has(v, i, y);
			hf(b, "<td class=\"num %s\">", is ? "yes" : "no");
			html_esc(b, req_t(r, is ? "status.has_figure" : "status.no_figure"));
			bw(b, "</td>");
		}
		bw(b, "</tr>\n");
	}
	bw(b, "</tbody></table></div></section>\n");
}

void render_reporting_status(struct req *r, const struct app_status_view *v)
{
	const struct plan *p = v->plan;
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "status.title"), "plan");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "status.title"));
	bw(b, "</h1>\n<p>");
	html_esc(b, req_t(r, "status.intro"));
	bw(b, "</p>\n");
	for (size_t g = 0; g < p->n_goals; g++)
		group(r, v, p->goals[g].code, i18n_pick(r->lang, p->goals[g].name_zh, p->goals[g].name_en), (int)g);
	group(r, v, NULL, req_t(r, "plan.other_indicators"), (int)p->n_goals);
	page_end(r);
}

enum status page_reporting_status(struct req *r)
{
	struct plan *p;
	struct app_status_view v;
	enum status rc = req_plan(r, &p); /* ?plan= chooses (404 when it names none) */
	if (rc == ST_OK)
		rc = app_status_view(req_app(r), &v, req_errs(r));
	if (rc == ST_OK)
		render_reporting_status(r, &v);
	return rc;
}
