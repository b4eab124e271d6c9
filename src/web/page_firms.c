/* page_firms.c - enterprise evaluation in the browser (docs/firms.md): /pipeline (everyone:
 * counts per region and method, projections beside the mapped indicators' targets, every
 * count as core/firm_access allows the reader), /firms (the firms a reader may see, with their
 * tier and verdicts), /firms/CODE (one firm: each method's conditions and points with the rule
 * and the figure behind them, the verdict and the smallest lifts), and the projection section of
 * an indicator page. */
#include <stdlib.h>
#include <string.h>

#include "app/view_firms.h"
#include "core/firm_access.h"
#include "report/explain.h"
#include "web/app_req.h"
#include "web/firm_pages.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/render_work.h"
#include "web/route.h"
#include "base/banned.h"

#define FIRMS_PER_PAGE 200u

static const char *t2(struct req *r, const char *zh, const char *en)
{
	return i18n_pick(r->lang, zh, en);
}

static const char *region_name(struct req *r, const struct plan *p, int g)
{
	return g >= 0 && (size_t)g < p->n_regions ? t2(r, p->regions[g].name_zh, p->regions[g].name_en) : "—";
}

static const char *method_name(struct req *r, enum firm_method m)
{
	return firm_method_name(m, r->lang == LANG_EN);
}

static void verdict_badge(struct req *r, enum firm_verdict v)
{
	static const char *const cls[] = {"st-met", "st-off_track", "st-no_status", "st-no_status"};
	hf(&r->out, "<span class=\"status %s verdict-%s\">", cls[v], firm_verdict_code(v));
	html_esc(&r->out, req_t(r, arena_printf(r->arena, "firm.verdict_%s", firm_verdict_code(v))));
	bw(&r->out, "</span>");
}

static void count_cell(struct req *r, struct shown_count c)
{
	if (c.is_shown)
		hf(&r->out, "<td class=\"num\">%ld</td>", c.value);
	else
		bw(&r->out, "<td class=\"num muted\" title=\"<3\">&lt;3</td>");
}

/* The year asked for (?year=), or 0. */
static int year_query(struct req *r)
{
	const char *y = req_query(r, "year");
	long v = y ? strtol(y, NULL, 10) : 0;
	return v >= 1900 && v <= 2200 ? (int)v : 0;
}

static void label(struct req *r, int year, size_t n_firms)
{
	bw(&r->out, "<p class=\"projection-label\"><strong>");
	html_esc(&r->out, req_t(r, "firm.projection_label"));
	bw(&r->out, "</strong> ");
	const char *names[] = {"year", "firms", "min"};
	const char *values[] = {arena_printf(r->arena, "%d", year), arena_printf(r->arena, "%zu", n_firms),
				arena_printf(r->arena, "%d", FIRM_MIN_CELL)};
	struct buf tmp;
	buf_init(&tmp, 1024);
	i18n_fill(&tmp, req_t(r, "firm.projection_note"), names, values, 3);
	html_esc(&r->out, tmp.p ? tmp.p : "");
	buf_release(&tmp);
	bw(&r->out, "</p>\n");
}

static void projections_table(struct req *r, const struct plan *p, const struct firm_projections *fp, int only_ind)
{
	struct buf *b = &r->out;
	size_t n = 0;
	for (size_t i = 0; i < fp->n_proj; i++)
		n += only_ind < 0 || fp->proj[i].indicator == only_ind;
	if (n == 0)
		return;
	bw(b, "<div class=\"scroll\"><table class=\"projections\"><thead><tr>");
	static const char *const heads[] = {"col.indicator", "col.region", "firm.col_method", "col.target", "firm.col_reported",
					    "firm.col_qualifies", "firm.col_reach", "firm.col_open"};
	for (size_t h = 0; h < sizeof(heads) / sizeof(heads[0]); h++) {
		bw(b, "<th scope=\"col\">");
		html_esc(b, req_t(r, heads[h]));
		bw(b, "</th>");
	}
	bw(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < fp->n_proj; i++) {
		const struct projection_row *row = &fp->proj[i];
		if (only_ind >= 0 && row->indicator != only_ind)
			continue;
		const struct indicator *ind = &p->indicators[row->indicator];
		const struct target *t = &p->targets[row->target];
		bw(b, "<tr><td><a href=\"/indicators/");
		url_esc(b, ind->code);
		bw(b, "\">");
		html_esc(b, t2(r, ind->name_zh, ind->name_en));
		bw(b, "</a></td><td>");
		html_esc(b, region_name(r, p, row->region));
		bw(b, "</td><td>");
		html_esc(b, method_name(r, row->method));
		hf(b, "</td><td>%s ", cmp_name(t->cmp));
		if (t->has_value)
			html_value(r, t->value, QUAL_EXACT, ind, 1);
		hf(b, " (%d)</td><td class=\"num\">", t->year);
		if (row->has_reported) {
			html_value(r, row->reported, QUAL_EXACT, ind, 0);
			bw(b, " <span class=\"muted\">");
			html_esc(b, row->reported_period);
			bw(b, "</span>");
		} else {
			bw(b, "—");
		}
		bw(b, "</td>");
		count_cell(r, row->qualifies);
		count_cell(r, row->reach);
		count_cell(r, row->open);
		bw(b, "</tr>\n");
	}
	bw(b, "</tbody></table></div>\n");
}

void render_projection_section(struct req *r, const struct plan *p, int ind, const struct projection_section_view *v)
{
	if (!v->is_mapped)
		return;
	struct buf *b = &r->out;
	hf(b, "<section class=\"projection\" id=\"projection\"><h2>%s</h2>\n", req_t(r, "firm.projection_title"));
	if (v->built != ST_OK) {
		hf(b, "<p class=\"muted\">%s</p></section>\n", req_t(r, v->built == ST_NOT_FOUND ? "firm.no_registry" : "error.store"));
		return;
	}
	label(r, v->fp.year, v->fp.n_firms);
	projections_table(r, p, &v->fp, ind);
	hf(b, "<p><a href=\"/pipeline?year=%d\">%s</a></p></section>\n", v->fp.year, req_t(r, "firm.pipeline_link"));
}

void firm_projection_section(struct req *r, const struct plan *p, int ind)
{
	struct projection_section_view v;
	app_projection_section_view(req_app(r), ind, &v);
	render_projection_section(r, p, ind, &v);
}

/* ---- /pipeline --------------------------------------------------------------------------- */

void render_pipeline(struct req *r, const struct pipeline_view *v)
{
	const struct plan *p = v->plan;
	const struct firm_projections *fp = &v->fp;
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "firm.pipeline_title"), "pipeline");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "firm.pipeline_title"));
	bw(b, "</h1>\n<p class=\"text\">");
	html_esc(b, req_t(r, "firm.pipeline_intro"));
	bw(b, "</p>\n");
	if (!v->has_registry) {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "firm.no_registry"));
		bw(b, "</p>\n");
		page_end(r);
		return;
	}
	label(r, fp->year, fp->n_firms);
	if (v->may_list) {
		hf(b, "<p><a href=\"/firms?year=%d\">", fp->year);
		html_esc(b, req_t(r, "firm.list_link"));
		bw(b, "</a></p>\n");
	}
	bw(b, "<h2>");
	html_esc(b, req_t(r, "firm.projections"));
	bw(b, "</h2>\n");
	projections_table(r, p, fp, -1);
	bw(b, "<h2>");
	html_esc(b, req_t(r, "firm.by_region"));
	bw(b, "</h2>\n<div class=\"scroll\"><table class=\"pipeline\"><thead><tr><th scope=\"col\" rowspan=\"2\">");
	html_esc(b, req_t(r, "col.region"));
	bw(b, "</th><th scope=\"col\" rowspan=\"2\">");
	html_esc(b, req_t(r, "firm.col_evaluated"));
	bw(b, "</th>");
	for (int m = 0; m < FM_N; m++) {
		bw(b, "<th scope=\"colgroup\" colspan=\"3\">");
		html_esc(b, method_name(r, (enum firm_method)m));
		bw(b, "</th>");
	}
	bw(b, "</tr><tr>");
	for (int m = 0; m < FM_N; m++)
		for (int k = 0; k < 3; k++) {
			static const char *const keys[] = {"firm.col_qualifies", "firm.col_reach", "firm.col_open"};
			bw(b, "<th scope=\"col\">");
			html_esc(b, req_t(r, keys[k]));
			bw(b, "</th>");
		}
	bw(b, "</tr></thead><tbody>\n");
	for (size_t g = 0; g < p->n_regions; g++) {
		if (fp->rows[g].evaluated == 0)
			continue;
		bw(b, "<tr><th scope=\"row\">");
		html_esc(b, region_name(r, p, (int)g));
		bw(b, "</th>");
		count_cell(r, fp->shown[g][0]);
		for (int m = 0; m < FM_N; m++) {
			count_cell(r, fp->shown[g][projection_col("qualifies", (enum firm_method)m)]);
			count_cell(r, fp->shown[g][projection_col("reach", (enum firm_method)m)]);
			count_cell(r, fp->shown[g][projection_col("open", (enum firm_method)m)]);
		}
		bw(b, "</tr>\n");
	}
	bw(b, "</tbody></table></div>\n<p class=\"muted\">");
	const char *names[] = {"min", "near"};
	const char *values[] = {arena_printf(r->arena, "%d", FIRM_MIN_CELL), arena_printf(r->arena, "%d", fp->near_points[FM_TSME])};
	struct buf tmp;
	buf_init(&tmp, 1024);
	i18n_fill(&tmp, req_t(r, "firm.columns_note"), names, values, 2);
	html_esc(b, tmp.p ? tmp.p : "");
	buf_release(&tmp);
	bw(b, "</p>\n");
	page_end(r);
}

enum status page_pipeline(struct req *r)
{
	struct pipeline_view v;
	enum status rc = app_pipeline_view(req_app(r), year_query(r), &v);
	if (rc != ST_OK)
		return rc;
	render_pipeline(r, &v);
	return ST_OK;
}

/* ---- /firms ------------------------------------------------------------------------------ */

void render_firms(struct req *r, const struct firms_view *v)
{
	const struct plan *p = v->plan;
	int year = v->year, region = v->region;
	long page = (long)v->page;
	size_t seen = v->seen;
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "firm.list_title"), "pipeline");
	bw(b, "<p class=\"crumbs\"><a href=\"/pipeline\">");
	html_esc(b, req_t(r, "firm.pipeline_title"));
	bw(b, "</a></p>\n<h1>");
	html_esc(b, req_t(r, "firm.list_title"));
	bw(b, "</h1>\n<form class=\"inline\" method=\"get\" action=\"/firms\"><label for=\"f-year\">");
	html_esc(b, req_t(r, "firm.year"));
	hf(b, "</label> <input id=\"f-year\" name=\"year\" type=\"number\" min=\"1900\" max=\"2200\" value=\"%d\"> <label for=\"f-region\">", year);
	html_esc(b, req_t(r, "col.region"));
	bw(b, "</label> <select id=\"f-region\" name=\"region\"><option value=\"\">");
	html_esc(b, req_t(r, "registry.all_regions"));
	bw(b, "</option>");
	for (size_t g = 0; g < p->n_regions; g++) {
		bw(b, "<option value=\"");
		html_esc(b, p->regions[g].code);
		bw(b, (int)g == region ? "\" selected>" : "\">");
		html_esc(b, region_name(r, p, (int)g));
		bw(b, "</option>");
	}
	bw(b, "</select> <button type=\"submit\">");
	html_esc(b, req_t(r, "registry.show"));
	bw(b, "</button></form>\n");
	bw(b, "<div class=\"scroll\"><table class=\"firms\"><thead><tr><th scope=\"col\">");
	html_esc(b, req_t(r, "firm.col_name"));
	bw(b, "</th><th scope=\"col\">");
	html_esc(b, req_t(r, "col.region"));
	bw(b, "</th><th scope=\"col\">");
	html_esc(b, req_t(r, "firm.col_tier"));
	bw(b, "</th>");
	for (int m = 0; m < FM_N; m++) {
		bw(b, "<th scope=\"col\">");
		html_esc(b, method_name(r, (enum firm_method)m));
		bw(b, "</th>");
	}
	bw(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < v->n_rows; i++) {
		const struct firm_list_row *row = &v->rows[i];
		const struct firm *f = row->firm;
		bw(b, "<tr><td><a href=\"/firms/");
		url_esc(b, f->code);
		hf(b, "?year=%d\">%s</a><br><span class=\"muted code\">%s</span></td><td>%s</td><td class=\"num\">%d</td>", year,
		   f->name ? f->name : f->code, f->code, region_name(r, p, row->region), row->tier);
		for (int m = 0; m < FM_N; m++) {
			bw(b, "<td>");
			verdict_badge(r, row->verdict[m]);
			bw(b, "</td>");
		}
		bw(b, "</tr>\n");
	}
	bw(b, "</tbody></table></div>\n<p class=\"summary\">");
	html_esc(b, req_t(r, "firm.count"));
	hf(b, " <strong>%zu</strong>", seen);
	if (seen > v->per_page) {
		hf(b, " · %ld / %zu", page, (seen + v->per_page - 1) / v->per_page);
		if ((size_t)page * v->per_page < seen) {
			hf(b, " · <a href=\"/firms?year=%d&amp;page=%ld", year, page + 1);
			if (region >= 0) {
				bw(b, "&amp;region=");
				url_esc(b, p->regions[region].code);
			}
			bw(b, "\">");
			html_esc(b, req_t(r, "registry.next"));
			bw(b, "</a>");
		}
	}
	bw(b, "</p>\n");
	page_end(r);
}

enum status page_firms(struct req *r)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	int region = -1;
	const char *rq = req_query(r, "region");
	if (rc == ST_OK && rq && *rq)
		region = plan_find_region_any(p, rq);
	const char *pg = req_query(r, "page");
	long page = pg ? strtol(pg, NULL, 10) : 1;
	if (page < 1)
		page = 1;
	struct firms_view v;
	if (rc == ST_OK)
		rc = app_firms_view(req_app(r), year_query(r), region, (size_t)page, FIRMS_PER_PAGE, &v);
	if (rc == ST_DENIED) {
		r->status = 403;
		page_error(r, ST_DENIED, req_t(r, "firm.denied"));
		return ST_OK;
	}
	if (rc != ST_OK)
		return rc;
	render_firms(r, &v);
	return ST_OK;
}

/* ---- /firms/CODE ------------------------------------------------------------------------- */

static void item_row(struct req *r, const struct eval_item *it)
{
	struct buf *b = &r->out;
	hf(b, "<tr class=\"item is-%s\" data-item=\"", item_state_code(it->state));
	html_esc(b, it->id);
	bw(b, "\"><td><span class=\"mark\">");
	/* a score item that is computed is scored, not "met" */
	const char *state = it->kind == IK_SCORE && it->state == IS_MET ? "scored" : item_state_code(it->state);
	html_esc(b, req_t(r, arena_printf(r->arena, "firm.state_%s", state)));
	bw(b, "</span></td><th scope=\"row\">");
	html_esc(b, t2(r, it->name_zh, it->name_en));
	bw(b, "</th><td class=\"num\">");
	if (it->kind == IK_SCORE && it->state != IS_MISSING && it->state != IS_NOT_PUBLIC && it->state != IS_MANUAL) {
		if (it->pts_min == it->pts_max)
			hf(b, "%d / %d", it->pts_min, it->pts_cap);
		else
			hf(b, "%d–%d / %d", it->pts_min, it->pts_max, it->pts_cap);
	} else if (it->kind == IK_SCORE) {
		hf(b, "0–%d / %d", it->pts_cap, it->pts_cap);
	}
	bw(b, "</td><td>");
	if (it->figure_zh)
		html_esc(b, t2(r, it->figure_zh, it->figure_en));
	if (it->band) {
		bw(b, " <span class=\"band\">");
		html_esc(b, it->band);
		bw(b, "</span>");
	}
	if (it->note_zh) {
		bw(b, "<br><span class=\"muted note\">");
		html_esc(b, t2(r, it->note_zh, it->note_en));
		bw(b, "</span>");
	}
	bw(b, "</td><td class=\"rule\">");
	html_esc(b, t2(r, it->rule_zh, it->rule_en));
	bw(b, "<br><span class=\"muted\">");
	html_esc(b, it->basis);
	bw(b, "</span></td></tr>\n");
}

static void method_section(struct req *r, const struct eval_result *res, int is_next)
{
	struct buf *b = &r->out;
	hf(b, "<section class=\"method\" id=\"m-%s\"><h2>", firm_method_code(res->method));
	html_esc(b, method_name(r, res->method));
	bw(b, " ");
	verdict_badge(r, res->verdict);
	if (is_next) {
		bw(b, " <span class=\"badge next-tier\">");
		html_esc(b, req_t(r, "firm.next_tier"));
		bw(b, "</span>");
	}
	bw(b, "</h2>\n");
	if (res->rules) {
		bw(b, "<p class=\"muted\">");
		html_esc(b, t2(r, res->rules->doc_zh, res->rules->doc_en));
		bw(b, "</p>\n");
	}
	if (res->summary_zh) {
		bw(b, "<p>");
		html_esc(b, t2(r, res->summary_zh, res->summary_en));
		bw(b, "</p>\n");
	}
	if (res->has_score && res->n_items) {
		bw(b, "<p class=\"score\">");
		const char *names[] = {"min", "max", "pass"};
		const char *values[] = {arena_printf(r->arena, "%d", res->score_min), arena_printf(r->arena, "%d", res->score_max),
					arena_printf(r->arena, "%d", res->pass_mark)};
		struct buf tmp;
		buf_init(&tmp, 256);
		i18n_fill(&tmp, req_t(r, res->score_min == res->score_max ? "firm.score_exact" : "firm.score_range"), names, values, 3);
		html_esc(b, tmp.p ? tmp.p : "");
		buf_release(&tmp);
		if (res->is_direct) {
			bw(b, " ");
			html_esc(b, req_t(r, "firm.direct"));
		}
		bw(b, "</p>\n");
	}
	if (res->n_items) {
		bw(b, "<div class=\"scroll\"><table class=\"items\"><thead><tr>");
		static const char *const heads[] = {"firm.col_state", "firm.col_item", "firm.col_points", "firm.col_figure", "firm.col_rule"};
		for (size_t h = 0; h < 5; h++) {
			bw(b, "<th scope=\"col\">");
			html_esc(b, req_t(r, heads[h]));
			bw(b, "</th>");
		}
		bw(b, "</tr></thead><tbody>\n");
		for (size_t i = 0; i < res->n_items; i++)
			item_row(r, &res->items[i]);
		bw(b, "</tbody></table></div>\n");
	}
	if (res->n_lifts) {
		bw(b, "<h3>");
		html_esc(b, req_t(r, "firm.lifts"));
		bw(b, "</h3>\n<ul class=\"lifts\">");
		int last = -2;
		for (size_t i = 0; i < res->n_lifts; i++) {
			const struct eval_lift *l = &res->lifts[i];
			if (l->option != last) {
				if (last != -2)
					bw(b, "</ul></li>");
				bw(b, "<li>");
				if (l->option == 0)
					html_esc(b, req_t(r, "firm.lift_always"));
				else
					html_esc(b, arena_printf(r->arena, "%s %d", req_t(r, "firm.lift_option"), l->option));
				bw(b, "<ul>");
				last = l->option;
			}
			bw(b, "<li class=\"lift\"><strong>");
			html_esc(b, t2(r, l->what_zh, l->what_en));
			bw(b, "</strong>: ");
			html_esc(b, t2(r, l->need_zh, l->need_en));
			bw(b, "</li>");
		}
		bw(b, "</ul></li></ul>\n");
	}
	bw(b, "</section>\n");
}

void render_firm(struct req *r, const struct firm_view *v)
{
	const struct plan *p = v->plan;
	const struct firm *f = v->firm;
	int year = v->year, region = v->region;
	const struct eval_result *res = v->res;
	struct buf *b = &r->out;
	page_begin(r, f->name ? f->name : f->code, "pipeline");
	bw(b, "<p class=\"crumbs\"><a href=\"/pipeline\">");
	html_esc(b, req_t(r, "firm.pipeline_title"));
	hf(b, "</a> › <a href=\"/firms?year=%d\">", year);
	html_esc(b, req_t(r, "firm.list_title"));
	bw(b, "</a></p>\n<h1>");
	html_esc(b, f->name ? f->name : f->code);
	bw(b, "</h1>\n<dl class=\"facts\"><dt>");
	html_esc(b, req_t(r, "firm.code"));
	bw(b, "</dt><dd class=\"code\">");
	html_esc(b, f->code);
	bw(b, "</dd><dt>");
	html_esc(b, req_t(r, "col.region"));
	bw(b, "</dt><dd>");
	html_esc(b, region_name(r, p, region));
	bw(b, "</dd><dt>");
	html_esc(b, req_t(r, "firm.year"));
	bw(b, "</dt><dd>");
	for (size_t i = 0; i < f->n_years; i++) {
		if (f->years[i].year == year) {
			hf(b, "<strong>%d</strong> ", year);
			continue;
		}
		bw(b, "<a href=\"/firms/");
		url_esc(b, f->code);
		hf(b, "?year=%d\">%d</a> ", f->years[i].year, f->years[i].year);
	}
	bw(b, "</dd><dt>");
	html_esc(b, req_t(r, "firm.col_tier"));
	int tier = v->tier;
	bw(b, "</dt><dd class=\"tier\">");
	html_esc(b, req_t(r, arena_printf(r->arena, "firm.tier_%d", tier)));
	bw(b, "</dd></dl>\n<p class=\"muted\">");
	html_esc(b, req_t(r, "firm.detail_intro"));
	bw(b, "</p>\n");
	for (int m = 0; m < FM_N; m++)
		method_section(r, &res[m], (v->next >> m) & 1u);
	page_end(r);
}

enum status page_firm(struct req *r)
{
	struct firm_view v;
	enum status rc = app_firm_view(req_app(r), r->params[0], year_query(r), &v);
	if (rc == ST_DENIED) {
		r->status = 403;
		page_error(r, ST_DENIED, req_t(r, "firm.denied"));
		return ST_OK;
	}
	if (rc != ST_OK)
		return rc;
	render_firm(r, &v);
	return ST_OK;
}
