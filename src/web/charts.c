/* charts.c - the charts of the pages: tile bars and sparklines, the indicator's line chart
 * per region (series, target, required path, projection) and the comparison of the cities.
 * Everything is drawn by report/chart.c through the SVG canvas into the page. */
#include <math.h>
#include <string.h>

#include "report/chart.h"
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
	bw(&tip, i18n_pick(r->lang, d->name_zh, d->name_en));
	bw(&tip, ": ");
	for (size_t i = 0; i < s->n; i++) {
		ys[i] = d->direction == DIR_DOWN ? -s->pts[i].value : s->pts[i].value; /* ranks: better is up */
		bwf(&tip, "%s%s ", i ? ", " : "", s->pts[i].period);
		fmt_value(&tip, s->pts[i].value, d->decimals);
	}
	struct canvas_svg svg;
	canvas_svg_init(&svg, &r->out);
	bw(&r->out, "<div class=\"spark\">");
	chart_sparkline(r->arena, &svg.canvas, chart_id(r, "sp"), ys, s->n, 120, 28, buf_str(&tip));
	bw(&r->out, "</div>\n");
	buf_release(&tip);
}

static struct chart_series series_of(struct req *r, const struct series *s, const char *label)
{
	double *xs = arena_alloc(r->arena, (s->n + 1) * sizeof(double));
	double *ys = arena_alloc(r->arena, (s->n + 1) * sizeof(double));
	const char **tips = NULL;
	for (size_t i = 0; i < s->n; i++) {
		xs[i] = s->pts[i].t;
		ys[i] = s->pts[i].value;
		if (s->pts[i].is_continued && !tips)
			tips = arena_calloc(r->arena, s->n + 1, sizeof(*tips));
	}
	/* a predecessor plan's figure says so in its tooltip (the others keep the chart's own) */
	for (size_t i = 0; tips && i < s->n; i++) {
		if (!s->pts[i].is_continued)
			continue;
		struct buf t;
		buf_init(&t, 256);
		bwf(&t, "%s: ", s->pts[i].period);
		fmt_value(&t, s->pts[i].value, 2);
		bwf(&t, " (%s)", req_t(r, "ind.continued"));
		tips[i] = arena_strdup(r->arena, buf_str(&t));
		buf_release(&t);
	}
	return (struct chart_series){label, xs, ys, tips, s->n};
}

void indicator_chart(struct req *r, const struct plan *p, const struct assess_row *row)
{
	const struct indicator *d = &p->indicators[row->indicator];
	const struct region *rg = &p->regions[row->region];
	const struct target *t = &p->targets[row->target];
	const struct assessment *a = &row->a;
	const char *name = i18n_pick(r->lang, d->name_zh, d->name_en);
	const char *where = i18n_pick(r->lang, rg->name_zh, rg->name_en);
	struct chart_series cs = series_of(r, &row->series, where);
	struct buf tt;
	buf_init(&tt, 512);
	fmt_target(&tt, r->lang, t, d);
	struct chart_line_spec spec = {
		.id = chart_id(r, "lc"),
		.title = arena_printf(r->arena, "%s · %s", name, where),
		.desc = arena_printf(r->arena, "%s %d: %s", req_t(r, "dash.target"), t->year, buf_str(&tt)),
		.w = 640, .h = 300, .lang = r->lang, .unit = fmt_unit(r->lang, d),
		.series = &cs, .n_series = 1,
		.is_rank_axis = indicator_is_ranked(d),
		.levels = d->levels,
		.n_levels = d->n_levels,
		.empty_text = req_t(r, "ind.no_values"),
	};
	double level;
	int is_path;
	if (assess_target_level(t, a, &level, &is_path)) {
		spec.has_target = 1;
		spec.target_x = t->year;
		spec.target_y = level;
		spec.target_tip = spec.desc;
		spec.target_label = req_t(r, "chart.target");
	}
	if (spec.has_target && is_path && row->series.n) {
		spec.has_path = 1;
		spec.path_x0 = a->base_t, spec.path_y0 = a->base_value;
		spec.path_x1 = t->year, spec.path_y1 = level;
		spec.path_label = req_t(r, "chart.required_path");
	}
	if (a->has_projection && !a->is_final && isfinite(a->projected_value)) {
		spec.has_projection = 1;
		spec.projection_x = t->year;
		spec.projection_y = a->projected_value;
		spec.projection_label = req_t(r, "chart.projection");
		spec.projection_tip = spec.projection_label;
	}
	struct canvas_svg svg;
	canvas_svg_init(&svg, &r->out);
	bw(&r->out, "<figure class=\"chart\">");
	chart_line(r->arena, &svg.canvas, &spec);
	bw(&r->out, "</figure>\n");
	buf_release(&tt);
}

void indicator_regions_chart(struct req *r, const struct plan *p, int ind, const struct obs *cur, size_t n_cur)
{
	const struct indicator *d = &p->indicators[ind];
	struct chart_series *cs = arena_alloc(r->arena, (p->n_regions + 1) * sizeof(*cs));
	size_t n = 0;
	for (size_t g = 0; g < p->n_regions; g++) {
		struct series s;
		series_build(p, cur, n_cur, ind, (int)g, r->arena, &s);
		if (s.n)
			cs[n++] = series_of(r, &s, i18n_pick(r->lang, p->regions[g].name_zh, p->regions[g].name_en));
	}
	if (!n)
		return;
	struct chart_line_spec spec = {
		.id = chart_id(r, "rc"),
		.title = arena_printf(r->arena, "%s · %s", i18n_pick(r->lang, d->name_zh, d->name_en), req_t(r, "ind.all_regions")),
		.w = 640, .h = 300, .lang = r->lang, .unit = fmt_unit(r->lang, d),
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
		size_t n_with = 0;
		for (size_t c = 0; c < n_peers; c++) {
			int cg = peers[c];
			struct series s;
			memset(&panels[c], 0, sizeof(panels[c]));
			series_build(p, cur, n_cur, (int)i, cg, r->arena, &s);
			panels[c].title = i18n_pick(r->lang, p->regions[cg].name_zh, p->regions[cg].name_en);
			panels[c].series = series_of(r, &s, panels[c].title);
			n_with += s.n > 0;
		}
		if (n_with < 2 || !(d->is_headline || d->measure >= 0 || d->aggregation == AGG_SUM))
			continue; /* a comparison needs at least two cities with figures */
		struct chart_multiples_spec spec = {
			.id = chart_id(r, "sm"),
			.title = i18n_pick(r->lang, d->name_zh, d->name_en),
			.desc = NULL,
			.lang = r->lang,
			.unit = fmt_unit(r->lang, d),
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
		bwf(b, "<figure class=\"chart\"><figcaption><a href=\"/indicators/%s\">", d->code);
		html_esc(b, spec.title);
		bw(b, "</a></figcaption>");
		chart_small_multiples(r->arena, &svg.canvas, &spec);
		bw(b, "</figure>\n");
	}
	bw(b, "</section>\n");
}
