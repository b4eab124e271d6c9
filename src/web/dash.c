/* dash.c - the indicator tile (see dash.h). */
#include <math.h>
#include <string.h>

#include "report/fmt.h"
#include "web/charts.h"
#include "web/dash.h"
#include "web/html.h"
#include "web/pages.h"
#include "base/banned.h"

void dash_tile(struct req *r, const struct plan *p, int ind, int g, const struct assess_row *row, const struct obs *cur,
	       size_t n_cur)
{
	struct buf *b = &r->out;
	const struct indicator *d = &p->indicators[ind];
	const struct region *rg = &p->regions[g];
	struct series own;
	const struct series *s = row ? &row->series : NULL;
	if (!s) {
		req_series(r, p, cur, n_cur, ind, g, &own);
		s = &own;
	}
	enum progress_status st = row ? row->a.status : PS_NO_STATUS;
	const char *border = row && row->j.is_final_phase ? arena_printf(r->arena, "v-border-%s", verdict_name(row->j.verdict))
						       : arena_printf(r->arena, "st-border-%s", progress_status_name(st));
	hf(b, "<article class=\"tile %s\"><h3><a href=\"/indicators/%s#target-%s\">", border, d->code, rg->code);
	html_esc(b, i18n_pick(r->lang, d->name_zh, d->name_en));
	bw(b, "</a></h3>\n<p class=\"where\">");
	html_esc(b, i18n_pick(r->lang, rg->name_zh, rg->name_en));
	bw(b, s->n ? "</p>\n<p class=\"value\">" : "</p>\n<p class=\"value none\">");
	if (s->n) {
		const struct series_point *lp = &s->pts[s->n - 1];
		if (r->lang == LANG_ZH && fabs(lp->value) >= 1e4 && d->direction == DIR_UP) {
			/* 万 and 亿 read better in a headline figure: 21,200亿元 -> 2.12万亿元 */
			html_esc(b, obs_qualifier_mark(lp->qualifier));
			chart_format_compact(b, LANG_ZH, lp->value);
			html_esc(b, fmt_unit(r->lang, d));
		} else {
			html_value(r, lp->value, lp->qualifier, d, 1);
		}
		bw(b, " <span class=\"year\">");
		html_esc(b, lp->period);
		bw(b, "</span>");
	} else {
		html_esc(b, req_t(r, "ind.no_values"));
	}
	bw(b, "</p>\n");
	if (row) {
		struct buf t;
		buf_init(&t, 512);
		fmt_target(&t, r->lang, &p->targets[row->target], d);
		bw(b, "<p class=\"target\">");
		html_esc(b, req_t(r, "dash.target"));
		bw(b, " ");
		html_esc(b, buf_str(&t));
		hf(b, " <span class=\"year\">(%d)</span></p>\n", p->targets[row->target].year);
		buf_release(&t);
		dash_tile_bar(r, row);
		bw(b, "<p>");
		html_verdict(r, row);
		bw(b, "</p>\n");
		if (row->j.is_final_phase) { /* the running status, kept as history */
			bw(b, "<p class=\"muted history\">");
			html_esc(b, req_t(r, "dash.running_status"));
			bw(b, r->lang == LANG_EN ? ": " : "：");
			html_status(r, st);
			bw(b, "</p>\n");
		}
	} else {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "dash.no_target_here"));
		bw(b, "</p>\n");
	}
	dash_tile_spark(r, d, s);
	bw(b, "</article>\n");
}
