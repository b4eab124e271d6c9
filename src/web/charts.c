/* charts.c - the charts of the pages: tile bars and sparklines, the indicator's line chart
 * per region (series, target, required path, projection) and the comparison of the cities.
 * Everything is drawn by report/chart.c through the SVG canvas into the page. */
#include <math.h>
#include <string.h>

#include "report/chart.h"
#include "report/chart_spec.h"
#include "report/fmt.h"
#include "web/charts.h"
#include "web/dash.h"
#include "web/html.h"
#include "base/banned.h"

enum chart_role chart_role_of_status(enum progress_status st)
{
	switch (st) {
	case PS_MET:
	case PS_ON_TRACK:
		return CHART_ROLE_OK;
	case PS_NEEDS_ACCELERATION:
	case PS_LIMITED:
	case PS_STABLE:
		return CHART_ROLE_WARN;
	case PS_NOT_MET:
	case PS_DETERIORATING:
		return CHART_ROLE_BAD;
	default:
		return CHART_ROLE_MUTED;
	}
}

static const char *chart_id(struct req *r, const char *kind)
{
	return arena_printf(r->arena, "%s%u", kind, ++r->n_charts);
}

void dash_tile_bar(struct req *r, const struct assess_row *row)
{
	const struct assessment *a = &row->a;
	double achieved = a->status == PS_MET ? 1.0 : a->has_achievement ? a->achievement : NAN;
	double expected = a->has_elapsed ? a->elapsed : NAN;
	if (!isfinite(achieved))
		return;
	const char *label = arena_printf(r->arena, "%s %.0f%%%s", req_t(r, "dash.achieved"),
					 a->status == PS_MET ? 100.0 : achieved * 100,
					 isfinite(expected) ? arena_printf(r->arena, ", %s %.0f%%", req_t(r, "dash.expected"), expected * 100) : "");
	struct canvas_svg svg;
	canvas_svg_init(&svg, &r->out);
	bw(&r->out, "<div class=\"bar\">");
	chart_progress_bar(&svg.canvas, chart_id(r, "pb"), 220, 18, achieved, expected, chart_role_of_status(a->status), label);
	bw(&r->out, "</div>\n");
}

void dash_tile_spark(struct req *r, const struct indicator *d, const struct series *s)
{
	if (s->n < 2)
		return;
	double *ys = arena_alloc(r->arena, s->n * sizeof(double));
	struct buf tip;
	buf_init(&tip, 4096);
	tw(&tip, i18n_pick(r->lang, d->name_zh, d->name_en));
	tw(&tip, ": ");
	for (size_t i = 0; i < s->n; i++) {
		ys[i] = d->direction == DIR_DOWN ? -s->pts[i].value : s->pts[i].value; /* ranks: better is up */
		tf(&tip, "%s%s ", i ? ", " : "", s->pts[i].period);
		fmt_value(&tip, s->pts[i].value, d->decimals);
	}
	struct canvas_svg svg;
	canvas_svg_init(&svg, &r->out);
	bw(&r->out, "<div class=\"spark\">");
	chart_sparkline(r->arena, &svg.canvas, chart_id(r, "sp"), ys, s->n, 120, 28, buf_str(&tip));
	bw(&r->out, "</div>\n");
	buf_release(&tip);
}

void indicator_chart(struct req *r, const struct plan *p, const struct assess_row *row)
{
	struct chart_line_spec spec;
	chart_spec_target(&spec, r->arena, p, row, r->lang, row->a.is_final, chart_id(r, "lc"), 640, 300);
	struct canvas_svg svg;
	canvas_svg_init(&svg, &r->out);
	bw(&r->out, "<figure class=\"chart\">");
	chart_line(r->arena, &svg.canvas, &spec);
	bw(&r->out, "</figure>\n");
}

void indicator_regions_chart(struct req *r, const struct plan *p, int ind, const struct obs *cur, size_t n_cur)
{
	const struct indicator *d = &p->indicators[ind];
	double f;
	const char *unit = fmt_unit_scaled(r->lang, d, &f);
	struct chart_series *cs = arena_alloc(r->arena, (p->n_regions + 1) * sizeof(*cs));
	size_t n = 0;
	for (size_t g = 0; g < p->n_regions; g++) {
		struct series s;
		req_series(r, p, cur, n_cur, ind, (int)g, &s);
		if (s.n)
			cs[n++] = chart_series_of(r->arena, &s, i18n_pick(r->lang, p->regions[g].name_zh, p->regions[g].name_en), f, r->lang);
	}
	if (!n)
		return;
	struct chart_line_spec spec = {
		.id = chart_id(r, "rc"),
		.title = arena_printf(r->arena, "%s · %s", i18n_pick(r->lang, d->name_zh, d->name_en), req_t(r, "ind.all_regions")),
		.w = 640, .h = 300, .lang = r->lang, .unit = unit,
		.series = cs, .n_series = n,
		.is_rank_axis = indicator_is_ranked(d),
		.levels = d->levels,
		.n_levels = d->n_levels,
		.empty_text = req_t(r, "ind.no_values"),
	};
	struct canvas_svg svg;
	canvas_svg_init(&svg, &r->out);
	bw(&r->out, "<figure class=\"chart\">");
	chart_line(r->arena, &svg.canvas, &spec);
	bw(&r->out, "</figure>\n");
}

/* Whether regions x and y are siblings: the same kind under a common parent. */
static int is_sibling(const struct plan *p, int x, int y)
{
	const struct region *a = &p->regions[x], *b = &p->regions[y];
	if (!a->kind || !b->kind || strcmp(a->kind, b->kind) != 0)
		return 0;
	for (size_t i = 0; i < a->n_parents; i++)
		for (size_t k = 0; k < b->n_parents; k++)
			if (a->parents[i] == b->parents[k])
				return 1;
	return 0;
}

void region_compare(struct req *r, const struct plan *p, int g, const struct obs *cur, size_t n_cur)
{
	/* the region and its siblings (the same kind under a common parent), in plan order */
	int *peers = arena_alloc(r->arena, (p->n_regions + 1) * sizeof(int));
	size_t n_peers = 0;
	for (size_t k = 0; k < p->n_regions; k++)
		if ((int)k == g || is_sibling(p, g, (int)k))
			peers[n_peers++] = (int)k;
	if (n_peers < 2)
		return;
	struct buf *b = &r->out;
	bw(b, "<section aria-labelledby=\"compare\"><h2 id=\"compare\">");
	html_esc(b, req_t(r, "region.compare"));
	bw(b, "</h2>\n");
	struct chart_panel *panels = arena_alloc(r->arena, (n_peers + 1) * sizeof(*panels));
	for (size_t i = 0; i < p->n_indicators; i++) {
		const struct indicator *d = &p->indicators[i];
		double f;
		const char *unit = fmt_unit_scaled(r->lang, d, &f);
		size_t n_with = 0;
		for (size_t c = 0; c < n_peers; c++) {
			int cg = peers[c];
			struct series s;
			memset(&panels[c], 0, sizeof(panels[c]));
			req_series(r, p, cur, n_cur, (int)i, cg, &s);
			panels[c].title = i18n_pick(r->lang, p->regions[cg].name_zh, p->regions[cg].name_en);
			panels[c].series = chart_series_of(r->arena, &s, panels[c].title, f, r->lang);
			n_with += s.n > 0;
		}
		if (n_with < 2 || !(d->is_headline || d->measure >= 0 || d->aggregation == AGG_SUM))
			continue; /* a comparison needs at least two cities with figures */
		struct chart_multiples_spec spec = {
			.id = chart_id(r, "sm"),
			.title = i18n_pick(r->lang, d->name_zh, d->name_en),
			.desc = NULL,
			.lang = r->lang,
			.unit = unit,
			.panels = panels,
			.n_panels = n_peers,
			.cols = n_peers < 3 ? n_peers : 3,
			.panel_w = 220,
			.panel_h = 150,
			.is_rank_axis = indicator_is_ranked(d),
			.levels = d->levels,
			.n_levels = d->n_levels,
			.empty_text = req_t(r, "ind.no_values"),
		};
		struct canvas_svg svg;
		canvas_svg_init(&svg, b);
		hf(b, "<figure class=\"chart\"><figcaption><a href=\"/indicators/%s\">", d->code);
		html_esc(b, spec.title);
		bw(b, "</a></figcaption>");
		chart_small_multiples(r->arena, &svg.canvas, &spec);
		bw(b, "</figure>\n");
	}
	bw(b, "</section>\n");
}
