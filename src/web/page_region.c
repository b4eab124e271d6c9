/* page_region.c - GET /regions/CODE: every indicator with a value in one region, its latest
 * value, target and status there, and the headline indicators compared across the cities
 * (small multiples sharing one scale). */
#include <string.h>

#include "report/assess.h"
#include "report/fmt.h"
#include "web/app_req.h"
#include "web/charts.h"
#include "web/dash.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/route.h"
#include "web/views.h"
#include "base/banned.h"

void render_region(struct req *r, const struct app_figures *v, int g)
{
	const struct plan *p = v->plan;
	const struct assess_row *rows = v->rows;
	size_t n = v->n_rows;
	const struct obs *cur = v->cur;
	size_t n_cur = v->n_cur;
	const struct region *rg = &p->regions[g];
	const char *name = i18n_pick(r->lang, rg->name_zh, rg->name_en);
	struct buf *b = &r->out;
	page_begin(r, name, "regions");
	bw(b, "<h1>");
	html_esc(b, name);
	bw(b, "</h1>\n");
	if (rg->n_parents) {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "region.part_of"));
		for (size_t k = 0; k < rg->n_parents; k++) {
			const struct region *pr = &p->regions[rg->parents[k]];
			hf(b, "%s<a href=\"/regions/%s\">", k ? "、" : " ", pr->code);
			html_esc(b, i18n_pick(r->lang, pr->name_zh, pr->name_en));
			bw(b, "</a>");
		}
		bw(b, "</p>\n");
	}
	/* headline indicators as tiles */
	bw(b, "<section aria-labelledby=\"headline\"><h2 id=\"headline\">");
	html_esc(b, req_t(r, "region.headline"));
	bw(b, "</h2>\n<div class=\"tiles\">\n");
	for (size_t i = 0; i < p->n_indicators; i++) {
		if (!p->indicators[i].is_headline)
			continue;
		const struct assess_row *row = NULL;
		for (size_t k = 0; k < n; k++)
			if (rows[k].indicator == (int)i && rows[k].region == g)
				row = &rows[k];
		dash_tile(r, p, (int)i, g, row, cur, n_cur);
	}
	bw(b, "</div></section>\n");
	/* every other indicator with values here */
	bw(b, "<section aria-labelledby=\"others\"><h2 id=\"others\">");
	html_esc(b, req_t(r, "region.others"));
	bw(b, "</h2>\n<table class=\"indicators\"><thead><tr>");
	const char *cols[] = {"col.indicator", "ind.latest", "col.period", "col.source"};
	for (size_t i = 0; i < 4; i++) {
		bw(b, "<th scope=\"col\">");
		html_esc(b, req_t(r, cols[i]));
		bw(b, "</th>");
	}
	bw(b, "</tr></thead><tbody>\n");
	int any = 0;
	for (size_t i = 0; i < p->n_indicators; i++) {
		const struct indicator *d = &p->indicators[i];
		if (d->is_headline)
			continue;
		struct series s;
		req_series(r, p, cur, n_cur, (int)i, g, &s);
		if (!s.n)
			continue;
		any = 1;
		const struct series_point *lp = &s.pts[s.n - 1];
		hf(b, "<tr><th scope=\"row\"><a href=\"/indicators/%s\">", d->code);
		html_esc(b, i18n_pick(r->lang, d->name_zh, d->name_en));
		bw(b, "</a></th><td class=\"num\">");
		html_value(r, lp->value, lp->qualifier, d, 1);
		bw(b, "</td><td>");
		html_esc(b, lp->period);
		bw(b, "</td><td>");
		html_source_link(r, lp->obs);
		bw(b, "</td></tr>\n");
	}
	bw(b, "</tbody></table>\n");
	if (!any) {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "ind.no_values"));
		bw(b, "</p>\n");
	}
	bw(b, "</section>\n");
	region_compare(r, p, g, cur, n_cur);
	page_end(r);
}

enum status page_region(struct req *r)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	int g = plan_find_region(p, r->params[0]);
	if (g < 0)
		return ST_NOT_FOUND;
	struct app_figures v;
	rc = app_figures_view(req_app(r), &v, req_errs(r));
	if (rc != ST_OK)
		return rc;
	render_region(r, &v, g);
	return ST_OK;
}
