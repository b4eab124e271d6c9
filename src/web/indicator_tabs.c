/* indicator_tabs.c - an indicator's metadata tab, its comparison of regions (bars with a
 * table behind a toggle), its chart downloads, and GET /indicators/CODE/chart.svg and
 * chart.png (?region=, else the first target's region): the target chart of a region as a file, drawn by the same code as the
 * page (SVG canvas) and the PDF (cairo canvas). */
#include <math.h>
#include <string.h>

#include "core/period.h"
#include "report/chart_png.h"
#include "report/chart_spec.h"
#include "report/fmt.h"
#include "app/view_figures.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/indicator_tabs.h"
#include "web/pages.h"
#include "web/route.h"
#include "base/banned.h"

#define CHART_FILE_W 800
#define CHART_FILE_H 380

int indicator_tab_nav(struct req *r, const struct indicator *d, const char *tab)
{
	int is_meta = tab && strcmp(tab, "meta") == 0;
	struct buf *b = &r->out;
	bw(b, "<nav class=\"tabs\" aria-label=\"");
	html_esc(b, req_t(r, "tab.label"));
	bw(b, "\"><ul><li><a href=\"/indicators/");
	url_esc(b, d->code);
	bw(b, is_meta ? "\">" : "\" aria-current=\"page\">");
	html_esc(b, req_t(r, "tab.overview"));
	bw(b, "</a></li><li><a href=\"/indicators/");
	url_esc(b, d->code);
	bw(b, is_meta ? "?tab=meta\" aria-current=\"page\">" : "?tab=meta\">");
	html_esc(b, req_t(r, "tab.meta"));
	bw(b, "</a></li></ul></nav>\n");
	return is_meta;
}

static void meta_row(struct req *r, const char *key, const char *zh, const char *en)
{
	struct buf *b = &r->out;
	bw(b, "<dt>");
	html_esc(b, req_t(r, key));
	bw(b, "</dt><dd>");
	if ((zh && *zh) || (en && *en))
		html_text_lang(r, zh, en);
	else {
		bw(b, "<span class=\"muted\">");
		html_esc(b, req_t(r, "meta.not_given"));
		bw(b, "</span>");
	}
	bw(b, "</dd>");
}

void indicator_meta_section(struct req *r, const struct plan *p, int ind, const struct obs *own, size_t n_own)
{
	struct buf *b = &r->out;
	const struct indicator *d = &p->indicators[ind];
	/* what the figures held say: the latest period, the last change, their publishers */
	const struct obs *latest = NULL;
	const char *updated = NULL;
	const char *publishers[5];
	size_t n_pub = 0;
	for (size_t i = 0; i < n_own; i++) {
		const struct obs *o = &own[i];
		if (!latest || o->period_t > latest->period_t)
			latest = o;
		if (o->created_at && (!updated || strcmp(o->created_at, updated) > 0))
			updated = o->created_at;
		int seen = !o->publisher;
		for (size_t k = 0; k < n_pub && !seen; k++)
			seen = strcmp(publishers[k], o->publisher) == 0;
		if (!seen && n_pub < sizeof(publishers) / sizeof(publishers[0]))
			publishers[n_pub++] = o->publisher;
	}
	bw(b, "<section class=\"meta\" aria-labelledby=\"meta\"><h2 id=\"meta\">");
	html_esc(b, req_t(r, "tab.meta"));
	bw(b, "</h2>\n<dl class=\"facts meta\">");
	meta_row(r, "meta.definition", d->definition_zh, d->definition_en);
	if (d->method_zh || d->method_en || !d->formula)
		meta_row(r, "meta.method", d->method_zh, d->method_en);
	else
		meta_row(r, "meta.method", d->formula, d->formula);
	if (d->source_zh || d->source_en || !n_pub) {
		meta_row(r, "meta.source", d->source_zh, d->source_en);
	} else { /* no agency in the plan: who published the figures held */
		bw(b, "<dt>");
		html_esc(b, req_t(r, "meta.source"));
		bw(b, "</dt><dd>");
		for (size_t k = 0; k < n_pub; k++) {
			bw(b, k ? (r->lang == LANG_EN ? "; " : "；") : "");
			html_esc(b, publishers[k]);
		}
		bw(b, " <span class=\"muted\">");
		html_esc(b, req_t(r, "meta.source_from_figures"));
		bw(b, "</span></dd>");
	}
	static const char *const freqs[] = {"meta.freq_annual", "meta.freq_quarterly", "meta.freq_monthly"};
	const char *freq = req_t(r, freqs[d->frequency]);
	meta_row(r, "meta.frequency", freq, freq); /* words of the catalogue and figures: no mark */
	if (d->owner >= 0) {
		bw(b, "<dt>");
		html_esc(b, req_t(r, "ind.owner"));
		bw(b, "</dt><dd>");
		html_unit_link(r, p, d->owner_code);
		bw(b, "</dd>");
	}
	meta_row(r, "meta.latest_period", latest ? latest->period : NULL, latest ? latest->period : NULL);
	/* the date of the last change, not its clock time (the page shows no UTC time) */
	const char *day = updated ? arena_strndup(r->arena, updated, 10) : NULL;
	meta_row(r, "meta.updated", day, day);
	bw(b, "<dt>");
	html_esc(b, req_t(r, "meta.next_release"));
	bw(b, "</dt><dd>");
	struct period per;
	if (latest && period_parse(latest->period, strlen(latest->period), &per)) {
		char next[PERIOD_TEXT_MAX];
		struct period nx = period_next(&per);
		period_format(&nx, next);
		bw(b, "<span class=\"next-period\">");
		html_esc(b, req_t(r, "meta.next_period"));
		bw(b, " ");
		html_esc(b, next);
		bw(b, "</span>");
		if (d->release_zh || d->release_en)
			bw(b, r->lang == LANG_EN ? "; " : "；");
	}
	if (d->release_zh || d->release_en)
		html_text_lang(r, d->release_zh, d->release_en);
	else if (!latest) {
		bw(b, "<span class=\"muted\">");
		html_esc(b, req_t(r, "meta.not_given"));
		bw(b, "</span>");
	}
	bw(b, "</dd></dl>\n<p class=\"muted\">");
	html_esc(b, req_t(r, "meta.note"));
	bw(b, "</p></section>\n");
}

void indicator_compare_section(struct req *r, const struct plan *p, int ind, const struct obs *cur, size_t n_cur)
{
	const struct indicator *d = &p->indicators[ind];
	struct series *s = arena_calloc(r->arena, p->n_regions + 1, sizeof(*s));
	/* the latest period two regions or more have */
	const char *period = NULL;
	double period_t = -INFINITY;
	for (size_t g = 0; g < p->n_regions; g++)
		req_series(r, p, cur, n_cur, ind, (int)g, &s[g]);
	for (size_t g = 0; g < p->n_regions; g++)
		for (size_t i = 0; i < s[g].n; i++) {
			const struct series_point *pt = &s[g].pts[i];
			if (pt->t <= period_t)
				continue;
			size_t n_with = 0;
			for (size_t h = 0; h < p->n_regions; h++)
				for (size_t k = 0; k < s[h].n; k++)
					n_with += strcmp(s[h].pts[k].period, pt->period) == 0;
			if (n_with >= 2)
				period = pt->period, period_t = pt->t;
		}
	if (!period)
		return;
	double f;
	const char *unit = fmt_unit_scaled(r->lang, d, &f);
	struct chart_bar_item *items = arena_calloc(r->arena, p->n_regions + 1, sizeof(*items));
	const struct series_point **pts = arena_calloc(r->arena, p->n_regions + 1, sizeof(*pts));
	size_t n = 0;
	for (size_t g = 0; g < p->n_regions; g++)
		for (size_t k = 0; k < s[g].n; k++)
			if (strcmp(s[g].pts[k].period, period) == 0) {
				items[n] = (struct chart_bar_item){
					.label = i18n_pick(r->lang, p->regions[g].name_zh, p->regions[g].name_en),
					.value = s[g].pts[k].value * f};
				pts[n++] = &s[g].pts[k];
			}
	struct buf *b = &r->out;
	const char *title = arena_printf(r->arena, "%s · %s", i18n_pick(r->lang, d->name_zh, d->name_en), period);
	bw(b, "<section class=\"compare\" aria-labelledby=\"compare-regions\"><h2 id=\"compare-regions\">");
	html_esc(b, req_t(r, "ind.compare_regions"));
	bw(b, " <span class=\"year\">");
	html_esc(b, period);
	bw(b, "</span></h2>\n");
	int is_table_only = indicator_is_ranked(d) || d->scale != SCALE_NUMBER;
	if (!is_table_only) {
		struct chart_bar_spec spec = {.id = arena_printf(r->arena, "cmp%u", ++r->n_charts), .title = title,
					      .w = 640, .lang = r->lang, .unit = unit, .items = items, .n_items = n,
					      .empty_text = req_t(r, "ind.no_values")};
		struct canvas_svg svg;
		canvas_svg_init(&svg, b);
		bw(b, "<figure class=\"chart\">");
		chart_bar(r->arena, &svg.canvas, &spec);
		bw(b, "</figure>\n<details class=\"as-table\"><summary>");
		html_esc(b, req_t(r, "chart.as_table"));
		bw(b, "</summary>\n");
	}
	bw(b, "<table class=\"compare\"><caption>");
	html_esc(b, title);
	bw(b, "</caption><thead><tr><th scope=\"col\">");
	html_esc(b, req_t(r, "col.region"));
	bw(b, "</th><th scope=\"col\" class=\"num\">");
	html_esc(b, req_t(r, "col.value"));
	bw(b, "</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		bw(b, "<tr><th scope=\"row\">");
		html_esc(b, items[i].label);
		bw(b, "</th><td class=\"num\">");
		html_value(r, pts[i]->value, pts[i]->qualifier, d, 1);
		bw(b, "</td></tr>\n");
	}
	bw(b, "</tbody></table>\n");
	bw(b, is_table_only ? "</section>\n" : "</details></section>\n");
}

void indicator_chart_downloads(struct req *r, const struct plan *p, const struct assess_row *rows, size_t n_rows)
{
	if (!n_rows)
		return;
	struct buf *b = &r->out;
	bw(b, "<p class=\"downloads charts\">");
	html_esc(b, req_t(r, "ind.download_charts"));
	bw(b, r->lang == LANG_EN ? ": " : "：");
	for (size_t i = 0; i < n_rows; i++) {
		const struct region *g = &p->regions[rows[i].region];
		const char *code = p->indicators[rows[i].indicator].code;
		bw(b, i ? " · " : "");
		html_esc(b, i18n_pick(r->lang, g->name_zh, g->name_en));
		static const char *const kinds[] = {"svg", "png"};
		for (size_t k = 0; k < 2; k++) {
			bw(b, " <a href=\"/indicators/");
			url_esc(b, code);
			hf(b, "/chart.%s?region=", kinds[k]);
			url_esc(b, g->code);
			bw(b, r->lang == LANG_EN ? "&amp;lang=en\" download>" : "\" download>");
			bw(b, k ? "PNG" : "SVG");
			bw(b, "</a>");
		}
	}
	bw(b, "</p>\n");
}

/* ---- the chart as a file ---------------------------------------------------------------- */

static void draw_line(struct canvas *c, void *arg)
{
	void **a = arg;
	chart_line(a[0], c, a[1]);
}

static enum status chart_file(struct req *r, int is_png)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	int ind = plan_find_indicator(p, r->params[0]);
	const char *region = req_query(r, "region");
	int g = region && *region ? plan_find_region(p, region) : -1;
	if (ind < 0 || (region && *region && g < 0))
		return ST_NOT_FOUND;
	struct app_indicator_view v;
	rc = app_indicator_view(req_app(r), ind, 0, &v, req_errs(r));
	if (rc != ST_OK)
		return rc;
	const struct assess_row *rows = v.rows;
	size_t n_rows = v.n_rows;
	if (g < 0) /* no region asked for: the first target's, else the plan's first region */
		g = n_rows ? rows[0].region : 0;
	if (g >= (int)p->n_regions)
		return ST_NOT_FOUND;
	const struct assess_row *row = NULL;
	for (size_t i = 0; i < n_rows && !row; i++)
		if (rows[i].region == g)
			row = &rows[i];
	struct chart_line_spec spec;
	const char *id = "chart";
	if (row) {
		chart_spec_target(&spec, r->arena, p, row, r->lang, row->a.is_final, id, CHART_FILE_W, CHART_FILE_H);
	} else { /* a region without a target: its series alone */
		const struct indicator *d = &p->indicators[ind];
		struct series s;
		req_series(r, p, v.cur, v.n_cur, ind, g, &s);
		double f;
		const char *where = i18n_pick(r->lang, p->regions[g].name_zh, p->regions[g].name_en);
		struct chart_series *cs = arena_alloc(r->arena, sizeof(*cs));
		const char *unit = fmt_unit_scaled(r->lang, d, &f);
		*cs = chart_series_of(r->arena, &s, where, f, r->lang);
		spec = (struct chart_line_spec){.id = id, .w = CHART_FILE_W, .h = CHART_FILE_H, .lang = r->lang, .unit = unit,
			.title = arena_printf(r->arena, "%s · %s", i18n_pick(r->lang, d->name_zh, d->name_en), where),
			.series = cs, .n_series = 1, .is_rank_axis = indicator_is_ranked(d), .levels = d->levels,
			.n_levels = d->n_levels, .empty_text = req_t(r, "ind.no_values")};
	}
	const char *name = arena_printf(r->arena, "%s-%s.%s", p->indicators[ind].code, p->regions[g].code, is_png ? "png" : "svg");
	req_add_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"%s\"", name));
	req_add_header(r, "Cache-Control", "no-store");
	if (is_png) {
		void *arg[] = {r->arena, &spec};
		rc = chart_png(&r->out, CHART_FILE_W, CHART_FILE_H, 2, draw_line, arg);
		if (rc != ST_OK)
			return rc;
		r->content_type = "image/png";
		return ST_OK;
	}
	struct canvas_svg svg;
	canvas_svg_init(&svg, &r->out);
	bw(&r->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	chart_line(r->arena, &svg.canvas, &spec);
	r->content_type = "image/svg+xml; charset=utf-8";
	return ST_OK;
}

enum status page_indicator_chart_svg(struct req *r)
{
	return chart_file(r, 0);
}

enum status page_indicator_chart_png(struct req *r)
{
	return chart_file(r, 1);
}
