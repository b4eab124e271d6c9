/* fragments.c - the HTML fragments several pages share (declared in web/pages.h): unit links,
 * target lists and statuses, action titles, responsible units, status badges, values with their
 * qualifier marks, source links and plan texts in the reader's language. A fragment used by more
 * than one page lives here, not in one of the pages. Everything through the escaping writers. */
#include <string.h>

#include "core/plan_facts.h"
#include "report/assess.h"
#include "report/explain.h"
#include "report/fmt.h"
#include "web/html.h"
#include "web/pages.h"
#include "base/banned.h"

void html_unit_link(struct req *r, const struct plan *p, const char *code)
{
	int u = plan_find_unit(p, code);
	struct buf *b = &r->out;
	bw(b, "<a href=\"/units/");
	url_esc(b, code);
	bw(b, "\">");
	html_esc(b, u >= 0 ? i18n_pick(r->lang, p->units[u].name_zh, p->units[u].name_en) : code);
	bw(b, "</a>");
}

void html_targets(struct req *r, const struct plan *p, int ind)
{
	struct buf *b = &r->out;
	int any = 0;
	for (size_t t = 0; t < p->n_targets; t++) {
		const struct target *tg = &p->targets[t];
		if (tg->indicator != ind)
			continue;
		struct buf tb;
		buf_init(&tb, 4096);
		fmt_target_in(&tb, r->lang, p, tg, &p->indicators[ind]);
		const struct region *rg = &p->regions[tg->region];
		bw(b, any ? "<br>" : "");
		bw(b, "<span class=\"target\">");
		html_esc(b, i18n_pick(r->lang, rg->name_zh, rg->name_en));
		bw(b, " ");
		html_esc(b, buf_str(&tb));
		hf(b, " <span class=\"year\">(%d)</span></span>", tg->year);
		buf_release(&tb);
		any = 1;
	}
	if (!any)
		bw(b, "—");
}

void html_action_title(struct req *r, const struct action *ac)
{
	char zh[16];
	if (r->lang == LANG_ZH && ac->number >= 1 && ac->number <= 99)
		hf(&r->out, "（%s）", zh_numeral(ac->number, zh));
	else
		hf(&r->out, "%s %d. ", req_t(r, "plan.action"), ac->number);
	html_esc(&r->out, i18n_pick(r->lang, ac->title_zh, ac->title_en));
}

void html_resp_units(struct req *r, const struct plan *p, int measure, enum resp_role role)
{
	int n = 0;
	for (size_t i = 0; i < p->n_resps; i++) {
		const struct responsibility *x = &p->resps[i];
		if (x->measure_number != measure || x->role != role)
			continue;
		bw(&r->out, n++ ? (r->lang == LANG_EN ? ", " : "、") : "");
		html_unit_link(r, p, x->unit_code);
	}
	if (!n)
		bw(&r->out, "—");
}

void html_status(struct req *r, enum progress_status st)
{
	const char *name = progress_status_name(st);
	hf(&r->out, "<span class=\"status st-%s\">", name);
	html_esc(&r->out, req_t(r, arena_printf(r->arena, "status.%s", name)));
	bw(&r->out, "</span>");
}

void html_value(struct req *r, double v, enum obs_qualifier q, const struct indicator *ind, int with_unit)
{
	struct buf t; /* a class label or a verdict word comes from the plan: escaped */
	buf_init(&t, 128);
	if (with_unit)
		fmt_ind_value_unit(&t, r->lang, ind, v);
	else
		fmt_ind_value(&t, r->lang, ind, v);
	html_esc(&r->out, obs_qualifier_mark(q));
	html_esc(&r->out, buf_str(&t));
	buf_release(&t);
}

void html_source_link(struct req *r, const struct obs *o)
{
	if (!o)
		return;
	if (html_url_is_web(o->source_url)) {
		bw(&r->out, "<a class=\"source\" rel=\"noopener noreferrer\" href=\"");
		html_esc(&r->out, o->source_url);
		bw(&r->out, "\" title=\"");
		html_esc(&r->out, o->source ? o->source : o->source_url);
		bw(&r->out, "\">");
		html_esc(&r->out, req_t(r, "ind.source_link"));
		bw(&r->out, "</a>");
	} else if (o->source) {
		bw(&r->out, "<span class=\"source\" title=\"");
		html_esc(&r->out, o->source);
		bw(&r->out, "\">");
		html_esc(&r->out, req_t(r, "ind.source_text"));
		bw(&r->out, "</span>");
	}
}

void html_text_lang(struct req *r, const char *zh, const char *en)
{
	struct buf *b = &r->out;
	if (r->lang == LANG_EN && en && *en) {
		html_esc(b, en);
		return;
	}
	if (r->lang == LANG_ZH || !zh || !*zh) {
		html_esc(b, zh && *zh ? zh : (en ? en : ""));
		return;
	}
	bw(b, "<span lang=\"zh-CN\">");
	html_esc(b, zh);
	bw(b, "</span> <span class=\"zh-only\">");
	html_esc(b, req_t(r, "lang.zh_only"));
	bw(b, "</span>");
}
