/* page_status.c - GET /reporting-status: which indicators have a figure for which year, goal
 * by goal (as Open SDG's reporting status page): per goal the share of its indicators with a
 * figure for the latest year, and a table of indicators by year. Public: it counts the figures
 * the reader may see (published ones for the public). */
#include <string.h>

#include "report/explain.h"
#include "store/store.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/route.h"
#include "base/banned.h"

#define STATUS_MAX_YEARS 10

struct status_view {
	const struct plan *p;
	int first, last;          /* the years shown */
	unsigned char *has;       /* [indicator * n_years + year - first]: a figure that year */
	int latest;               /* the last year any indicator has a figure, within the range */
};

static int year_of(const char *period)
{
	int y = 0;
	for (int i = 0; i < 4 && period[i] >= '0' && period[i] <= '9'; i++)
		y = y * 10 + (period[i] - '0');
	return y;
}

static int has(const struct status_view *v, size_t ind, int year)
{
	return v->has[ind * (size_t)(v->last - v->first + 1) + (size_t)(year - v->first)];
}

/* Indicators of group (a goal's code, or NULL for those without a goal). */
static int in_group(const struct indicator *d, const char *goal)
{
	return goal ? d->goal_code && strcmp(d->goal_code, goal) == 0 : d->goal_code == NULL;
}

static void group(struct req *r, const struct status_view *v, const char *goal, const char *title, int id)
{
	const struct plan *p = v->p;
	struct buf *b = &r->out;
	size_t n = 0, n_latest = 0;
	for (size_t i = 0; i < p->n_indicators; i++)
		if (in_group(&p->indicators[i], goal)) {
			n++;
			n_latest += has(v, i, v->latest);
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
			int is = has(v, i, y);
			hf(b, "<td class=\"num %s\">", is ? "yes" : "no");
			html_esc(b, req_t(r, is ? "status.has_figure" : "status.no_figure"));
			bw(b, "</td>");
		}
		bw(b, "</tr>\n");
	}
	bw(b, "</tbody></table></div></section>\n");
}

enum status page_reporting_status(struct req *r)
{
	struct plan *p;
	struct obs *cur;
	size_t n_cur;
	enum status rc = req_plan(r, &p);
	if (rc == ST_OK)
		rc = store_obs_current(r->store, r->arena, NULL, NULL, req_view(r), &cur, &n_cur);
	if (rc != ST_OK)
		return rc;
	struct status_view v = {.p = p};
	/* the plan's years, widened to the figures held, the latest STATUS_MAX_YEARS of them */
	int lo = p->info.base_year ? p->info.base_year : p->info.target_year, hi = p->info.target_year;
	for (size_t i = 0; i < n_cur; i++) {
		int y = year_of(cur[i].period);
		if (y >= 1900 && req_obs_visible(r, p, &cur[i]))
			lo = y < lo ? y : lo, hi = y > hi ? y : hi;
	}
	v.last = hi;
	v.first = hi - lo + 1 > STATUS_MAX_YEARS ? hi - STATUS_MAX_YEARS + 1 : lo;
	size_t n_years = (size_t)(v.last - v.first + 1);
	v.has = arena_calloc(r->arena, p->n_indicators * n_years + 1, 1);
	v.latest = v.first;
	for (size_t i = 0; i < n_cur; i++) {
		int y = year_of(cur[i].period), ind = plan_find_indicator(p, cur[i].indicator);
		if (ind < 0 || y < v.first || y > v.last || !req_obs_visible(r, p, &cur[i]))
			continue;
		v.has[(size_t)ind * n_years + (size_t)(y - v.first)] = 1;
		v.latest = y > v.latest ? y : v.latest;
	}
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "status.title"), "plan");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "status.title"));
	bw(b, "</h1>\n<p>");
	html_esc(b, req_t(r, "status.intro"));
	bw(b, "</p>\n");
	for (size_t g = 0; g < p->n_goals; g++)
		group(r, &v, p->goals[g].code, i18n_pick(r->lang, p->goals[g].name_zh, p->goals[g].name_en), (int)g);
	group(r, &v, NULL, req_t(r, "plan.other_indicators"), (int)p->n_goals);
	page_end(r);
	return ST_OK;
}
