/* page_measure.c - GET /measures/N: a measure's full text, its action, lead and
 * co-responsible units, and the indicators that carry its quantitative targets. */
#include "base/num.h"
#include "report/fmt.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/route.h"
#include "web/sup_pages.h"
#include "web/views.h"
#include "base/banned.h"

/* The verdicts of indicator ind's targets, one a line; "—" when it has none. */
static void target_statuses(struct req *r, const struct app_figures *v, int ind)
{
	int n = 0;
	for (size_t k = 0; k < v->n_rows; k++)
		if (v->rows[k].indicator == ind) {
			bw(&r->out, n++ ? "<br>" : "");
			html_verdict(r, &v->rows[k]);
		}
	if (!n)
		bw(&r->out, "—");
}

void render_measure(struct req *r, const struct app_figures *v, int mi, const struct app_sup_measure *sup)
{
	const struct plan *p = v->plan;
	const struct measure *m = &p->measures[mi];
	struct buf *b = &r->out;
	const char *title = i18n_pick(r->lang, m->title_zh, m->title_en);
	char *head = arena_printf(r->arena, "%d. %s", m->number, title);
	page_begin(r, head, "plan");
	bw(b, "<p class=\"crumbs\"><a href=\"/#actions\">");
	html_esc(b, req_t(r, "plan.actions"));
	hf(b, "</a> › <a href=\"/#action-%d\">", p->actions[m->action].number);
	html_action_title(r, &p->actions[m->action]);
	bw(b, "</a></p>\n<h1>");
	html_esc(b, head);
	bw(b, "</h1>\n");
	if (r->lang == LANG_EN && m->title_en) {
		bw(b, "<p class=\"muted\" lang=\"zh-CN\">");
		html_esc(b, m->title_zh);
		bw(b, "</p>\n");
	}
	bw(b, "<section aria-labelledby=\"text\"><h2 id=\"text\">");
	html_esc(b, req_t(r, "measure.text"));
	/* the English text where the plan gives one, else the Chinese marked "Chinese only" */
	bw(b, "</h2>\n<p class=\"text\">");
	html_text_lang(r, m->text_zh, m->text_en);
	bw(b, "</p></section>\n<section aria-labelledby=\"units\"><h2 id=\"units\">");
	html_esc(b, req_t(r, "measure.units"));
	bw(b, "</h2>\n<dl class=\"facts\"><dt>");
	html_esc(b, req_t(r, "col.lead"));
	bw(b, "</dt><dd class=\"lead\">");
	html_resp_units(r, p, m->number, ROLE_LEAD);
	bw(b, "</dd><dt>");
	html_esc(b, req_t(r, "col.co"));
	bw(b, "</dt><dd class=\"co\">");
	html_resp_units(r, p, m->number, ROLE_CO);
	bw(b, "</dd></dl></section>\n<section aria-labelledby=\"inds\"><h2 id=\"inds\">");
	html_esc(b, req_t(r, "measure.indicators"));
	bw(b, "</h2>\n");
	int n = 0;
	for (size_t i = 0; i < p->n_indicators; i++) {
		const struct indicator *d = &p->indicators[i];
		if (d->measure != mi)
			continue;
		if (n++ == 0) {
			bw(b, "<table class=\"indicators\"><thead><tr><th scope=\"col\">");
			html_esc(b, req_t(r, "col.indicator"));
			bw(b, "</th><th scope=\"col\">");
			html_esc(b, req_t(r, "col.target"));
			bw(b, "</th><th scope=\"col\">");
			html_esc(b, req_t(r, "col.progress"));
			bw(b, "</th></tr></thead><tbody>\n");
		}
		hf(b, "<tr><th scope=\"row\"><a href=\"/indicators/%s\">", d->code);
		html_esc(b, i18n_pick(r->lang, d->name_zh, d->name_en));
		bw(b, "</a></th><td>");
		html_targets(r, p, (int)i);
		bw(b, "</td><td>");
		target_statuses(r, v, (int)i);
		bw(b, "</td></tr>\n");
	}
	if (n)
		bw(b, "</tbody></table>\n");
	else {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "measure.no_indicators"));
		bw(b, "</p>\n");
	}
	bw(b, "</section>\n");
	/* task supervision: milestones, reports, notices (signed-in users) */
	sup_section_measure(r, p, sup);
	page_end(r);
}

enum status page_measure(struct req *r)
{
	struct plan *p;
	int64_t number;
	if (!num_parse_int(str_of(r->params[0]), 1, 10000, &number))
		return ST_NOT_FOUND;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	int mi = plan_find_measure(p, (int)number);
	if (mi < 0)
		return ST_NOT_FOUND;
	struct app_ctx *x = req_app(r);
	struct app_figures v;
	struct app_sup_measure sup;
	rc = app_figures_view(x, &v, req_errs(r));
	if (rc == ST_OK)
		rc = app_sup_measure_view(x, p->measures[mi].number, &sup);
	if (rc != ST_OK)
		return rc;
	render_measure(r, &v, mi, &sup);
	return ST_OK;
}
