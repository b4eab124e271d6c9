/* verdict_html.c - a target's verdict on a page (core/verdict.h via report/assess.h): the badge
 * and the words, the same on the dashboard, the plan, indicator and region pages. */
#include "report/explain.h"
#include "web/html.h"
#include "web/pages.h"
#include "base/banned.h"

void html_verdict(struct req *r, const struct assess_row *row)
{
	struct buf *b = &r->out;
	if (!row->j.is_final_phase) {
		html_status(r, row->a.status);
		if (row->a.behind_schedule) {
			bw(b, " <span class=\"badge behind\">");
			html_esc(b, req_t(r, "verdict.behind"));
			bw(b, "</span>");
		}
		return;
	}
	const char *name = verdict_name(row->j.verdict);
	bw(b, "<span class=\"verdict v-");
	html_esc(b, name);
	bw(b, "\">");
	html_esc(b, req_t(r, arena_printf(r->arena, "verdict.%s", name)));
	bw(b, "</span>");
}

void html_verdict_words(struct req *r, const struct plan *p, const struct assess_row *row)
{
	struct buf w;
	buf_init(&w, 512);
	explain_verdict(&w, r->lang, p, row);
	html_esc(&r->out, buf_str(&w));
	buf_release(&w);
}
