/* page_unit.c - GET /units (the responsibility matrix: every unit with the measures it leads
 * and shares) and GET /units/CODE (one unit's duties). */
#include <string.h>

#include "core/plan_facts.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/route.h"
#include "web/sup_pages.h"
#include "web/views.h"
#include "base/banned.h"

static void measure_links(struct req *r, const struct plan *p, const char *unit, enum resp_role role, int *count)
{
	int n = 0;
	for (size_t i = 0; i < p->n_resps; i++) {
		const struct responsibility *x = &p->resps[i];
		if (strcmp(x->unit_code, unit) != 0 || x->role != role)
			continue;
		hf(&r->out, "%s<a href=\"/measures/%d\" title=\"", n++ ? " " : "", x->measure_number);
		const struct measure *m = &p->measures[x->measure];
		html_esc(&r->out, i18n_pick(r->lang, m->title_zh, m->title_en));
		hf(&r->out, "\">%d</a>", x->measure_number);
	}
	if (!n)
		bw(&r->out, "—");
	*count = n;
}

void render_units(struct req *r, const struct plan *p, const struct app_reader *who)
{
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "units.title"), "units");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "units.title"));
	bw(b, "</h1>\n");
	if (p->n_measures == 0) {
		/* a plan of targets only: no division of work to tabulate; its units own indicator data */
		html_no_measures(r, p);
		bw(b, "<ul class=\"units\">");
		for (size_t u = 0; u < p->n_units; u++) {
			char kind_key[96];
			bw(b, "<li>");
			html_unit_link(r, p, p->units[u].code);
			bw(b, " <span class=\"muted\">(");
			html_esc(b, req_t(r, plan_unit_kind_key(p, (int)u, kind_key, sizeof(kind_key))));
			bw(b, ")</span></li>\n");
		}
		bw(b, "</ul>\n");
		page_end(r);
		return;
	}
	bw(b, "<p>");
	html_esc(b, req_t(r, "units.intro"));
	bw(b, "</p>\n");
	if (who->is_internal) {
		/* task supervision: the same matrix with each report's status */
		bw(b, "<p><a href=\"/matrix\">");
		html_esc(b, req_t(r, "units.matrix_title"));
		bw(b, "</a></p>\n");
	}
	bw(b, "<table class=\"matrix\"><thead><tr><th scope=\"col\">");
	html_esc(b, req_t(r, "col.unit_name"));
	bw(b, "</th><th scope=\"col\">");
	html_esc(b, req_t(r, "col.leads"));
	bw(b, "</th><th scope=\"col\">");
	html_esc(b, req_t(r, "col.shares"));
	bw(b, "</th><th scope=\"col\" class=\"num\">");
	html_esc(b, req_t(r, "col.total"));
	bw(b, "</th></tr></thead><tbody>\n");
	for (size_t u = 0; u < p->n_units; u++) {
		int n_lead, n_co;
		bw(b, "<tr><th scope=\"row\">");
		html_unit_link(r, p, p->units[u].code);
		bw(b, "</th><td>");
		measure_links(r, p, p->units[u].code, ROLE_LEAD, &n_lead);
		bw(b, "</td><td>");
		measure_links(r, p, p->units[u].code, ROLE_CO, &n_co);
		hf(b, "</td><td class=\"num\">%d</td></tr>\n", n_lead + n_co);
	}
	bw(b, "</tbody></table>\n");
	page_end(r);
}

enum status page_units(struct req *r)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	struct app_reader who;
	app_reader_of(req_app(r), &who);
	render_units(r, p, &who);
	return ST_OK;
}

static void duty_list(struct req *r, const struct plan *p, const char *unit, enum resp_role role, const char *key)
{
	struct buf *b = &r->out;
	bw(b, "<section><h2>");
	html_esc(b, req_t(r, key));
	bw(b, "</h2>\n");
	int n = 0;
	for (size_t i = 0; i < p->n_resps; i++) {
		const struct responsibility *x = &p->resps[i];
		if (strcmp(x->unit_code, unit) != 0 || x->role != role)
			continue;
		const struct measure *m = &p->measures[x->measure];
		bw(b, n++ ? "" : "<ul class=\"duties\">");
		hf(b, "<li><a href=\"/measures/%d\">%d. ", m->number, m->number);
		html_esc(b, i18n_pick(r->lang, m->title_zh, m->title_en));
		bw(b, "</a>");
		if (role == ROLE_CO) {
			bw(b, " <span class=\"muted\">(");
			html_esc(b, req_t(r, "col.lead"));
			bw(b, r->lang == LANG_EN ? ": " : "：");
			html_resp_units(r, p, m->number, ROLE_LEAD);
			bw(b, ")</span>");
		}
		bw(b, "</li>\n");
	}
	if (n)
		bw(b, "</ul>\n");
	else {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "units.none"));
		bw(b, "</p>\n");
	}
	bw(b, "</section>\n");
}

void render_unit(struct req *r, const struct plan *p, int ui, const struct app_sup_unit *sup)
{
	const struct unit *u = &p->units[ui];
	struct buf *b = &r->out;
	const char *name = i18n_pick(r->lang, u->name_zh, u->name_en);
	page_begin(r, name, "units");
	bw(b, "<p class=\"crumbs\"><a href=\"/units\">");
	html_esc(b, req_t(r, "units.title"));
	bw(b, "</a></p>\n<h1>");
	html_esc(b, name);
	bw(b, "</h1>\n<dl class=\"facts\"><dt>");
	html_esc(b, req_t(r, "units.code"));
	bw(b, "</dt><dd><code>");
	html_esc(b, u->code);
	bw(b, "</code></dd><dt>");
	html_esc(b, req_t(r, "units.kind"));
	bw(b, "</dt><dd>");
	char kind_key[96]; /* the kind as the unit's level makes it read: 市委部门 in a city's plan */
	html_esc(b, req_t(r, plan_unit_kind_key(p, ui, kind_key, sizeof(kind_key))));
	bw(b, "</dd>");
	if (u->n_regions) { /* a group unit: the regions it stands for */
		bw(b, "<dt>");
		html_esc(b, req_t(r, "units.regions"));
		bw(b, "</dt><dd>");
		for (size_t k = 0; k < u->n_regions; k++) {
			const struct region *g = &p->regions[u->regions[k]];
			bw(b, k ? (r->lang == LANG_EN ? ", " : "、") : "");
			hf(b, "<a href=\"/regions/%s\">", g->code);
			html_esc(b, i18n_pick(r->lang, g->name_zh, g->name_en));
			bw(b, "</a>");
		}
		bw(b, "</dd>");
	}
	bw(b, "</dl>\n");
	duty_list(r, p, u->code, ROLE_LEAD, "units.leads");
	duty_list(r, p, u->code, ROLE_CO, "units.shares");
	/* task supervision: the unit's record (signed-in users) */
	sup_section_unit(r, p, sup);
	page_end(r);
}

enum status page_unit(struct req *r)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	int ui = plan_find_unit(p, r->params[0]);
	if (ui < 0)
		return ST_NOT_FOUND;
	struct app_sup_unit sup;
	rc = app_sup_unit_view(req_app(r), p->units[ui].code, &sup);
	if (rc != ST_OK)
		return rc;
	render_unit(r, p, ui, &sup);
	return ST_OK;
}
