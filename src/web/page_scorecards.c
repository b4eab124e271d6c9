/* page_scorecards.c - GET /scorecards: per unit or per city, for one cycle, the counts behind
 * the score and the score, with the formula in words on the page, and every unit's score in
 * every cycle side by side (the same formula, so periods compare). */
#include <string.h>

#include "report/fmt.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/route.h"
#include "web/sup_pages.h"
#include "web/sup_web.h"
#include "web/views.h"
#include "base/banned.h"

static void th(struct req *r, const char *key, const char *cls)
{
	bw(&r->out, "<th scope=\"col\"");
	if (cls)
		hf(&r->out, " class=\"%s\"", cls);
	bw(&r->out, ">");
	html_esc(&r->out, req_t(r, key));
	bw(&r->out, "</th>");
}

static void pct(struct req *r, const struct sup_score *s, int k)
{
	bw(&r->out, "<td class=\"num\">");
	if (s->has_part[k]) {
		fmt_value(&r->out, 100.0 * s->part[k], 0);
		bwc(&r->out, '%');
	} else {
		bw(&r->out, "—");
	}
	bw(&r->out, "</td>");
}

static void formula(struct req *r)
{
	struct buf *b = &r->out;
	bw(b, "<section class=\"formula\" aria-labelledby=\"formula\"><h2 id=\"formula\">");
	html_esc(b, req_t(r, "score.formula_title"));
	bw(b, "</h2>\n<p>");
	html_esc(b, req_t(r, "score.formula_text"));
	bw(b, "</p>\n<ol class=\"parts\">");
	static const char *const parts[SUP_SCORE_PARTS] = {"score.part_a", "score.part_b", "score.part_c", "score.part_d",
							   "score.part_e"};
	for (int k = 0; k < SUP_SCORE_PARTS; k++) {
		bw(b, "<li>");
		html_esc(b, req_t(r, parts[k]));
		hf(b, " <span class=\"muted\">(%s %d)</span></li>", req_t(r, "score.weight"), sup_score_weights[k]);
	}
	bw(b, "</ol>\n<p class=\"muted\">");
	html_esc(b, req_t(r, "score.formula_note"));
	bw(b, "</p></section>\n");
}

static const char *row_name(struct req *r, const struct plan *p, const struct sup_scorecard *s)
{
	if (s->region) {
		int g = plan_find_region(p, s->region);
		return g >= 0 ? i18n_pick(r->lang, p->regions[g].name_zh, p->regions[g].name_en) : s->region;
	}
	return sup_unit_name(r, p, s->unit);
}

void render_scorecards(struct req *r, const struct plan *p, const struct app_scorecards_view *v)
{
	const struct sup_cycle *cycles = v->cycles, *c = v->cycle;
	size_t n_cycles = v->n_cycles;
	int is_city = v->is_city;
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "score.title"), "scorecards");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "score.title"));
	bw(b, "</h1>\n");
	if (!c) {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "cycle.none_yet"));
		bw(b, "</p>\n");
		formula(r);
		page_end(r);
		return;
	}
	bw(b, "<nav class=\"switch\" aria-label=\"");
	html_esc(b, req_t(r, "cycle.cycles"));
	bw(b, "\"><ul>");
	for (size_t i = 0; i < n_cycles; i++) {
		hf(b, "<li><a href=\"/scorecards?period=%s&amp;kind=%s%s\"", cycles[i].period, is_city ? "city" : "unit",
		   sup_plan_param(r, 0));
		bw(b, strcmp(cycles[i].period, c->period) == 0 ? " aria-current=\"page\"" : "");
		bw(b, ">");
		html_esc(b, cycles[i].period);
		bw(b, "</a></li>");
	}
	bw(b, "</ul></nav>\n<nav class=\"switch\" aria-label=\"");
	html_esc(b, req_t(r, "score.kind"));
	hf(b, "\"><ul><li><a href=\"/scorecards?period=%s&amp;kind=unit%s\"", c->period, sup_plan_param(r, 0));
	bw(b, is_city ? "" : " aria-current=\"page\"");
	bw(b, ">");
	html_esc(b, req_t(r, "score.by_unit"));
	hf(b, "</a></li><li><a href=\"/scorecards?period=%s&amp;kind=city%s\"", c->period, sup_plan_param(r, 0));
	bw(b, is_city ? " aria-current=\"page\"" : "");
	bw(b, ">");
	html_esc(b, req_t(r, "score.by_city"));
	bw(b, "</a></li></ul></nav>\n");
	const struct sup_scorecard *rows = v->rows;
	size_t n = v->n_rows;
	bw(b, "<h2>");
	html_esc(b, c->period);
	bw(b, " · ");
	html_esc(b, req_t(r, is_city ? "score.by_city" : "score.by_unit"));
	bw(b, "</h2>\n<table class=\"scorecards\"><thead><tr>");
	th(r, is_city ? "col.region" : "col.unit_name", NULL);
	const char *cols[] = {"cycle.owed", "cycle.time_on_time", "cycle.time_late", "cycle.time_missing", "score.returned",
			      "notice.open_count", "notice.escalated_count", "score.milestones", "score.indicators"};
	for (size_t k = 0; k < sizeof(cols) / sizeof(cols[0]); k++)
		th(r, cols[k], "num");
	for (int k = 0; k < SUP_SCORE_PARTS; k++)
		th(r, arena_printf(r->arena, "score.short_%c", 'a' + k), "num");
	th(r, "score.score", "num");
	bw(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct sup_score_in *in = &rows[i].in;
		hf(b, "<tr data-unit=\"%s\"><th scope=\"row\"><a href=\"/units/", rows[i].unit);
		url_esc(b, rows[i].unit);
		bw(b, "\">");
		html_esc(b, row_name(r, p, &rows[i]));
		hf(b, "</a></th><td class=\"num owed\">%d</td><td class=\"num on-time\">%d</td><td class=\"num late\">%d</td>"
		       "<td class=\"num missing\">%d</td><td class=\"num returned\">%d</td><td class=\"num open\">%d</td>"
		       "<td class=\"num escalated\">%d</td><td class=\"num milestones\">%d/%d</td><td class=\"num indicators\">%d/%d</td>",
		    in->n_owed, in->n_on_time, in->n_late, in->n_missing, in->n_returned, in->n_unresolved, in->n_escalated,
		    in->n_ms_done, in->n_ms_due, in->n_ind_on_track, in->n_ind_assessed);
		for (int k = 0; k < SUP_SCORE_PARTS; k++)
			pct(r, &rows[i].out, k);
		bw(b, "<td class=\"num score\"><strong>");
		if (rows[i].out.has_score)
			fmt_value(b, rows[i].out.score, 1);
		else
			bw(b, "—");
		bw(b, "</strong></td></tr>\n");
	}
	bw(b, "</tbody></table>\n");
	formula(r);

	/* every cycle side by side, oldest first (v->n_hist, when more than one) */
	size_t n_hist = v->n_hist;
	if (n_hist > 1) {
		bw(b, "<h2>");
		html_esc(b, req_t(r, "score.history"));
		bw(b, "</h2>\n<table class=\"score-history\"><thead><tr>");
		th(r, is_city ? "col.region" : "col.unit_name", NULL);
		for (size_t k = 0; k < n_hist; k++) {
			bw(b, "<th scope=\"col\" class=\"num\">");
			html_esc(b, v->hist_period[k]);
			bw(b, "</th>");
		}
		bw(b, "</tr></thead><tbody>\n");
		for (size_t i = 0; i < n; i++) {
			bw(b, "<tr><th scope=\"row\">");
			html_esc(b, row_name(r, p, &rows[i]));
			bw(b, "</th>");
			for (size_t k = 0; k < n_hist; k++) {
				const struct sup_scorecard *found = app_scorecards_hist(v, k, rows[i].unit);
				bw(b, "<td class=\"num\">");
				if (found && found->out.has_score)
					fmt_value(b, found->out.score, 1);
				else
					bw(b, "—");
				bw(b, "</td>");
			}
			bw(b, "</tr>\n");
		}
		bw(b, "</tbody></table>\n");
	}
	page_end(r);
}

enum status page_scorecards(struct req *r)
{
	struct plan *p;
	struct app_scorecards_view v;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	const char *wanted = req_query(r, "period"), *kind = req_query(r, "kind");
	if (wanted && !*wanted) /* a period that names none */
		return ST_NOT_FOUND;
	rc = app_scorecards_view(req_app(r), wanted, kind && strcmp(kind, "city") == 0, &v);
	if (rc == ST_OK)
		render_scorecards(r, p, &v);
	return rc;
}
