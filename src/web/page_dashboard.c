/* page_dashboard.c - GET /: the plan at a glance. Every headline indicator as a tile (latest
 * value, target, achievement bar, status in colour and words, sparkline), grouped by goal
 * group, with a summary of statuses (滞后 counted) and a region switch (?region=: every region with
 * a headline target; default: each target in its own region). After the plan's end the final
 * verdicts lead, with the evidence under each and the running status kept as history. */
#include <math.h>
#include <string.h>

#include "core/plan_facts.h"
#include "report/assess.h"
#include "report/explain.h"
#include "report/fmt.h"
#include "web/app_req.h"
#include "web/dash.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/route.h"
#include "web/sup_pages.h"
#include "web/views.h"
#include "base/banned.h"

/* The regions a reader can switch to: every region with a headline target, in plan order
 * (from the plan, never a list in code). */
static void region_switch(struct req *r, const struct plan *p, int sel)
{
	struct buf *b = &r->out;
	bw(b, "<nav class=\"switch\" aria-label=\"");
	html_esc(b, req_t(r, "dash.region_switch"));
	bw(b, "\"><ul><li><a href=\"/\"");
	bw(b, sel < 0 ? " aria-current=\"page\">" : ">");
	html_esc(b, req_t(r, "dash.by_target"));
	bw(b, "</a></li>");
	for (size_t g = 0; g < p->n_regions; g++) {
		int has_target = 0;
		for (size_t i = 0; i < p->n_targets && !has_target; i++)
			has_target = p->targets[i].region == (int)g && p->indicators[p->targets[i].indicator].is_headline;
		if (!has_target)
			continue;
		bw(b, "<li><a href=\"/?region=");
		html_esc(b, p->regions[g].code);
		bw(b, (int)g == sel ? "\" aria-current=\"page\">" : "\">");
		html_esc(b, i18n_pick(r->lang, p->regions[g].name_zh, p->regions[g].name_en));
		bw(b, "</a></li>");
	}
	bw(b, "</ul></nav>\n");
}

/* The running status of the headline targets: counts by status, and how many lag the time. */
static void status_counts(struct req *r, const struct plan *p, const struct assess_row *rows, size_t n)
{
	size_t count[PS_STABLE + 1] = {0};
	size_t total = 0, n_behind = 0;
	for (size_t i = 0; i < n; i++)
		if (p->indicators[rows[i].indicator].is_headline) {
			count[rows[i].a.status]++;
			n_behind += rows[i].a.behind_schedule != 0;
			total++;
		}
	struct buf *b = &r->out;
	hf(b, "<p>%s %zu</p><ul class=\"counts\">", req_t(r, "dash.targets_total"), total);
	static const enum progress_status order[] = {PS_MET, PS_ON_TRACK, PS_NEEDS_ACCELERATION, PS_LIMITED, PS_STABLE,
						     PS_DETERIORATING, PS_NOT_MET, PS_NO_STATUS};
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (!count[order[i]])
			continue;
		bw(b, "<li>");
		html_status(r, order[i]);
		hf(b, " <strong>%zu</strong></li>", count[order[i]]);
	}
	bw(b, "</ul>\n");
	if (n_behind) {
		bw(b, "<p>");
		html_esc(b, req_t(r, "dash.behind_total"));
		bw(b, " <span class=\"badge behind\">");
		html_esc(b, req_t(r, "verdict.behind"));
		hf(b, "</span> <strong data-count-behind=\"%zu\">%zu</strong></p>\n", n_behind, n_behind);
	}
}

static void summary(struct req *r, const struct plan *p, const struct assess_row *rows, size_t n)
{
	struct buf *b = &r->out;
	bw(b, "<section class=\"summary\" aria-labelledby=\"summary\"><h2 id=\"summary\">");
	html_esc(b, req_t(r, "dash.summary"));
	bw(b, "</h2>\n");
	status_counts(r, p, rows, n);
	bw(b, "</section>\n");
}

/* One target under its verdict: what it is, the figure that decided and where it is from. */
static void evidence_item(struct req *r, const struct plan *p, const struct assess_row *row)
{
	struct buf *b = &r->out;
	const struct indicator *d = &p->indicators[row->indicator];
	const struct region *rg = &p->regions[row->region];
	bw(b, "<li><a href=\"/indicators/");
	html_esc(b, d->code);
	bw(b, "#target-");
	html_esc(b, rg->code);
	bw(b, "\">");
	html_esc(b, i18n_pick(r->lang, d->name_zh, d->name_en));
	bw(b, "</a> <span class=\"where\">");
	html_esc(b, i18n_pick(r->lang, rg->name_zh, rg->name_en));
	bw(b, "</span> ");
	html_verdict(r, row);
	bw(b, "<br><span class=\"words\">");
	html_verdict_words(r, p, row);
	bw(b, "</span>");
	if (row->j.fig && row->j.fig->obs) {
		bw(b, " ");
		html_source_link(r, row->j.fig->obs);
	}
	bw(b, "</li>\n");
}

/* After the plan's end: the final verdict of every headline target, grouped (达标, 未达标,
 * 参考判断, 缺终期数据) with the evidence under each; the counts on data-count-<verdict>, the
 * same numbers as GET /api/v1/progress?final=1 and every report format (assess_count_verdicts). */
static void final_summary(struct req *r, const struct plan *p, const struct assess_row *rows, size_t n)
{
	struct buf *b = &r->out;
	size_t count[VERDICT__COUNT];
	assess_count_verdicts(p, rows, n, count);
	size_t total = 0;
	for (size_t v = 0; v < VERDICT__COUNT; v++)
		total += count[v];
	bw(b, "<section class=\"final\" id=\"final-summary\" aria-labelledby=\"final-h\"");
	for (size_t i = 0; i < 5; i++)
		hf(b, " data-count-%s=\"%zu\"", verdict_name(verdict_final_order[i]), count[verdict_final_order[i]]);
	bw(b, "><h2 id=\"final-h\">");
	const char *names[] = {"year", "until", "n", "doc_kind"};
	const char *values[] = {arena_printf(r->arena, "%d", p->info.target_year), p->info.valid_until,
				arena_printf(r->arena, "%zu", total),
				req_t(r, arena_printf(r->arena, "doc_kind.%s", plan_doc_kind(p)))};
	struct buf t;
	buf_init(&t, 512);
	i18n_fill(&t, req_t(r, "dash.final_title"), names, values, 4);
	html_esc(b, buf_str(&t));
	bw(b, "</h2>\n<p>");
	buf_reset(&t);
	i18n_fill(&t, req_t(r, "dash.final_intro"), names, values, 4);
	html_esc(b, buf_str(&t));
	buf_release(&t);
	bw(b, "</p>\n<ul class=\"counts\">");
	for (size_t i = 0; i < 5; i++) {
		enum verdict v = verdict_final_order[i];
		hf(b, "<li><span class=\"verdict v-%s\">", verdict_name(v));
		html_esc(b, req_t(r, arena_printf(r->arena, "verdict.%s", verdict_name(v))));
		hf(b, "</span> <strong>%zu</strong></li>", count[v]);
	}
	bw(b, "</ul>\n<p class=\"downloads\">");
	html_esc(b, req_t(r, "dash.final_report"));
	hf(b, "%s<a href=\"/reports/evaluation?period=%d&amp;format=html\">HTML</a> · "
	       "<a href=\"/reports/evaluation?period=%d&amp;format=pdf\">PDF</a></p>\n",
	    r->lang == LANG_EN ? ": " : "：", p->info.target_year, p->info.target_year);
	/* the groups: provisional met and not met read together as 参考判断 */
	static const struct {
		const char *key;
		enum verdict v[2];
	} groups[] = {
		{"verdict.met", {VERDICT_MET, VERDICT_MET}},
		{"verdict.not_met", {VERDICT_NOT_MET, VERDICT_NOT_MET}},
		{"verdict.group.provisional", {VERDICT_PROVISIONAL_MET, VERDICT_PROVISIONAL_NOT_MET}},
		{"verdict.no_final", {VERDICT_NO_FINAL, VERDICT_NO_FINAL}},
	};
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		size_t k = count[groups[g].v[0]] + (groups[g].v[1] != groups[g].v[0] ? count[groups[g].v[1]] : 0);
		if (!k)
			continue;
		hf(b, "<h3 class=\"v-%s\">", verdict_name(groups[g].v[0]));
		html_esc(b, req_t(r, groups[g].key));
		hf(b, " <span class=\"muted\">%zu</span></h3>\n<ul class=\"evidence\">\n", k);
		for (size_t i = 0; i < n; i++)
			if (p->indicators[rows[i].indicator].is_headline &&
			    (rows[i].j.verdict == groups[g].v[0] || rows[i].j.verdict == groups[g].v[1]))
				evidence_item(r, p, &rows[i]);
		bw(b, "</ul>\n");
	}
	bw(b, "<details class=\"history\"><summary>");
	html_esc(b, req_t(r, "dash.history"));
	bw(b, "</summary>\n<p class=\"muted\">");
	html_esc(b, req_t(r, "dash.history_note"));
	bw(b, "</p>\n");
	status_counts(r, p, rows, n);
	bw(b, "</details>\n</section>\n");
}

/* The dashboard from its view model: nothing read, nothing decided here. */
void render_dashboard(struct req *r, const struct app_dashboard_view *v)
{
	const struct plan *p = v->f.plan;
	const struct assess_row *rows = v->f.rows;
	size_t n = v->f.n_rows;
	int sel = v->region;
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "dash.title"), "dashboard");
	hf(b, "<h1>%s</h1>\n<p class=\"lead\"><a href=\"/plan\">%s</a> <span class=\"muted\">%s</span></p>\n",
	   req_t(r, "dash.title"), i18n_pick(r->lang, p->info.title_zh, p->info.title_en),
	   p->info.doc_no ? p->info.doc_no : req_t(r, "plan.no_doc_no"));
	/* once the plan has run its course the question is the final evaluation: it leads */
	if (v->has_ended)
		final_summary(r, p, rows, n);
	region_switch(r, p, sel);
	if (sel < 0 && !v->has_ended)
		summary(r, p, rows, n);
	/* task supervision: measures by status, overdue reports, open and escalated notices */
	sup_section_dashboard(r, p, &v->sup);
	if (!v->f.who.is_signed_in)
		hf(b, "<p class=\"muted\">%s</p>\n", req_t(r, "dash.public_note"));
	for (size_t gi = 0; gi < p->n_goals; gi++) {
		hf(b, "<section class=\"goal\" aria-labelledby=\"g-%s\"><h2 id=\"g-%s\">%s</h2>\n<div class=\"tiles\">\n",
		   p->goals[gi].code, p->goals[gi].code, i18n_pick(r->lang, p->goals[gi].name_zh, p->goals[gi].name_en));
		int any = 0;
		for (size_t i = 0; i < p->n_indicators; i++) {
			const struct indicator *d = &p->indicators[i];
			if (d->goal != (int)gi || !d->is_headline)
				continue;
			if (sel < 0) {
				for (size_t k = 0; k < n; k++)
					if (rows[k].indicator == (int)i) {
						dash_tile(r, p, (int)i, rows[k].region, &rows[k], v->f.cur, v->f.n_cur);
						any = 1;
					}
			} else {
				const struct assess_row *row = NULL;
				for (size_t k = 0; k < n; k++)
					if (rows[k].indicator == (int)i && rows[k].region == sel)
						row = &rows[k];
				dash_tile(r, p, (int)i, sel, row, v->f.cur, v->f.n_cur);
				any = 1;
			}
		}
		if (!any)
			hf(b, "<p class=\"muted\">%s</p>", req_t(r, "plan.goal_qualitative"));
		bw(b, "</div></section>\n");
	}
	page_end(r);
}

enum status page_dashboard(struct req *r)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	const char *want = req_query(r, "region");
	int sel = want ? plan_find_region(p, want) : -1;
	if (want && sel < 0)
		return ST_NOT_FOUND;
	struct app_dashboard_view v;
	rc = app_dashboard_view(req_app(r), sel, &v, req_errs(r));
	if (rc != ST_OK)
		return rc;
	render_dashboard(r, &v);
	return ST_OK;
}
