/* page_matrix.c - GET /matrix: the responsibility matrix (measures x units, lead or co) with
 * the state of each unit's progress report in one cycle. Measures are rows (their titles read
 * whole), units are columns headed by their abbreviations with a legend; both headers stick
 * while the table scrolls. Filters by action and unit and a print view are plain GET
 * parameters, so every view is a link (?cycle=, ?action=, ?unit=, ?print=1). */
#include <string.h>

#include "base/num.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/route.h"
#include "web/sup_pages.h"
#include "web/sup_web.h"
#include "web/views.h"
#include "base/banned.h"

struct matrix_view {
	const struct plan *p;
	const struct sup_cycle *cycle; /* NULL: no cycle opened yet */
	const struct app_owed *owed;   /* its duties, each marked visible to the reader or not */
	size_t n_owed;
	int action;                /* index of the chosen action, -1 for all */
	int unit;                  /* index of the chosen unit, -1 for all */
	int is_print;
	char *is_row, *is_col;     /* measures and units shown */
};

/* The unit's abbreviation in the request's language, else its name. */
static const char *unit_short(struct req *r, const struct unit *u)
{
	const char *s = i18n_pick(r->lang, u->short_zh, u->short_en);
	return *s ? s : i18n_pick(r->lang, u->name_zh, u->name_en);
}

static const struct responsibility *duty_of(const struct plan *p, int number, const char *unit)
{
	for (size_t i = 0; i < p->n_resps; i++)
		if (p->resps[i].measure_number == number && strcmp(p->resps[i].unit_code, unit) == 0)
			return &p->resps[i];
	return NULL;
}

/* Whether measure m belongs to action a or to one of its sub-actions. */
static int in_action(const struct plan *p, const struct measure *m, int a)
{
	return m->action == a || (m->action >= 0 && p->actions[m->action].parent == a);
}

/* Rows: the measures of the chosen action on which the chosen unit has a duty; columns: the
 * units with a duty on some row. */
static void choose(struct req *r, struct matrix_view *v)
{
	const struct plan *p = v->p;
	v->is_row = arena_calloc(r->arena, p->n_measures + 1, 1);
	v->is_col = arena_calloc(r->arena, p->n_units + 1, 1);
	for (size_t m = 0; m < p->n_measures; m++) {
		const struct measure *ms = &p->measures[m];
		v->is_row[m] = (v->action < 0 || in_action(p, ms, v->action)) &&
			       (v->unit < 0 || duty_of(p, ms->number, p->units[v->unit].code));
		for (size_t u = 0; v->is_row[m] && u < p->n_units; u++)
			v->is_col[u] |= duty_of(p, ms->number, p->units[u].code) != NULL;
	}
}

static void option(struct req *r, const char *value, int is_selected, const char *label)
{
	bw(&r->out, "<option value=\"");
	html_esc(&r->out, value);
	bw(&r->out, is_selected ? "\" selected>" : "\">");
	html_esc(&r->out, label);
	bw(&r->out, "</option>");
}

static void filters(struct req *r, const struct matrix_view *v)
{
	struct buf *b = &r->out;
	const struct plan *p = v->p;
	bw(b, "<form class=\"filters\" method=\"get\" action=\"/matrix\" role=\"search\" aria-label=\"");
	html_esc(b, req_t(r, "matrix.filters"));
	bw(b, "\">");
	if (v->cycle) {
		bw(b, "<input type=\"hidden\" name=\"cycle\" value=\"");
		html_esc(b, v->cycle->period);
		bw(b, "\">");
	}
	bw(b, "<label for=\"f-action\">");
	html_esc(b, req_t(r, "plan.action"));
	bw(b, "</label><select id=\"f-action\" name=\"action\">");
	option(r, "", v->action < 0, req_t(r, "matrix.all_actions"));
	for (size_t a = 0; a < p->n_actions; a++) {
		const struct action *ac = &p->actions[a];
		if (ac->parent >= 0)
			continue;
		char num[16];
		num_format(num, sizeof(num), ac->number, 0);
		option(r, num, v->action == (int)a,
		       arena_printf(r->arena, "%d. %s", ac->number, i18n_pick(r->lang, ac->title_zh, ac->title_en)));
	}
	bw(b, "</select><label for=\"f-unit\">");
	html_esc(b, req_t(r, "col.unit_name"));
	bw(b, "</label><select id=\"f-unit\" name=\"unit\">");
	option(r, "", v->unit < 0, req_t(r, "matrix.all_units"));
	for (size_t u = 0; u < p->n_units; u++)
		option(r, p->units[u].code, v->unit == (int)u, i18n_pick(r->lang, p->units[u].name_zh, p->units[u].name_en));
	bw(b, "</select><button type=\"submit\">");
	html_esc(b, req_t(r, "matrix.apply"));
	bw(b, "</button>");
	if (v->action >= 0 || v->unit >= 0) {
		bw(b, " <a href=\"/matrix");
		if (v->cycle) {
			bw(b, "?cycle=");
			url_esc(b, v->cycle->period);
		}
		bw(b, "\">");
		html_esc(b, req_t(r, "matrix.clear"));
		bw(b, "</a>");
	}
	bw(b, "</form>\n");
}

/* This view's own link with print=1 added or taken away, escaped for an attribute. */
static void self_link(struct req *r, const struct matrix_view *v, int is_print)
{
	struct buf link; /* plain text, escaped as a whole below */
	buf_init(&link, 0);
	char sep = '?';
	tw(&link, "/matrix");
	if (v->cycle) {
		tf(&link, "%ccycle=", sep), sep = '&';
		url_esc(&link, v->cycle->period);
	}
	if (v->action >= 0)
		tf(&link, "%caction=%d", sep, v->p->actions[v->action].number), sep = '&';
	if (v->unit >= 0) {
		tf(&link, "%cunit=", sep), sep = '&';
		url_esc(&link, v->p->units[v->unit].code);
	}
	if (is_print)
		tf(&link, "%cprint=1", sep);
	html_esc(&r->out, buf_str(&link));
	buf_release(&link);
}

static void cell(struct req *r, const struct matrix_view *v, const struct measure *ms, const struct unit *u)
{
	struct buf *b = &r->out;
	const struct responsibility *duty = duty_of(v->p, ms->number, u->code);
	if (!duty) {
		bw(b, "<td></td>");
		return;
	}
	const struct app_owed *o = NULL;
	for (size_t i = 0; i < v->n_owed && !o; i++)
		if (v->owed[i].owed.duty.measure == ms->number && strcmp(v->owed[i].owed.duty.unit, u->code) == 0)
			o = &v->owed[i];
	const struct sup_report *rep = o && o->is_visible ? o->owed.report : NULL;
	const char *state = rep ? report_state_name(rep->state) : "none";
	const char *role = req_t(r, duty->role == ROLE_LEAD ? "units.lead_short" : "units.co_short");
	hf(b, "<td class=\"cell rs-%s%s\" title=\"", state, duty->role == ROLE_LEAD ? " lead" : "");
	html_esc(b, arena_printf(r->arena, "%s · %s · %s", unit_short(r, u),
				 req_t(r, duty->role == ROLE_LEAD ? "matrix.role_lead" : "matrix.role_co"),
				 req_t(r, arena_printf(r->arena, "cycle.state_%s", state))));
	bw(b, "\">");
	html_esc(b, role);
	bw(b, "<span class=\"sr\"> ");
	html_esc(b, req_t(r, arena_printf(r->arena, "cycle.state_%s", state)));
	bw(b, "</span></td>");
}

static void table(struct req *r, const struct matrix_view *v)
{
	struct buf *b = &r->out;
	const struct plan *p = v->p;
	size_t n_cols = 0;
	for (size_t u = 0; u < p->n_units; u++)
		n_cols += v->is_col[u] != 0;
	bw(b, "<div class=\"matrix-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"");
	html_esc(b, req_t(r, "units.matrix_title"));
	bw(b, "\"><table class=\"matrix rmatrix\"><thead><tr><th scope=\"col\" class=\"corner\">");
	html_esc(b, req_t(r, "col.measure"));
	bw(b, "</th>");
	for (size_t u = 0; u < p->n_units; u++) {
		if (!v->is_col[u])
			continue;
		hf(b, "<th scope=\"col\" class=\"unit%s\"><a href=\"/units/", v->unit == (int)u ? " chosen" : "");
		url_esc(b, p->units[u].code);
		bw(b, "\" title=\"");
		html_esc(b, i18n_pick(r->lang, p->units[u].name_zh, p->units[u].name_en));
		bw(b, "\"><abbr title=\"");
		html_esc(b, i18n_pick(r->lang, p->units[u].name_zh, p->units[u].name_en));
		bw(b, "\">");
		html_esc(b, unit_short(r, &p->units[u]));
		bw(b, "</abbr></a></th>");
	}
	bw(b, "</tr></thead>\n<tbody>\n");
	size_t n_rows = 0;
	for (size_t a = 0; a < p->n_actions; a++) {
		const struct action *ac = &p->actions[a];
		int has_rows = 0;
		for (size_t m = 0; m < p->n_measures && !has_rows; m++)
			has_rows = v->is_row[m] && p->measures[m].action == (int)a;
		if (!has_rows)
			continue;
		hf(b, "<tr class=\"action\"><th scope=\"rowgroup\" colspan=\"%zu\">", n_cols + 1);
		html_action_title(r, ac);
		bw(b, "</th></tr>\n");
		for (size_t m = 0; m < p->n_measures; m++) {
			const struct measure *ms = &p->measures[m];
			if (!v->is_row[m] || ms->action != (int)a)
				continue;
			n_rows++;
			hf(b, "<tr><th scope=\"row\"><a href=\"/measures/%d\">%d. ", ms->number, ms->number);
			html_esc(b, i18n_pick(r->lang, ms->title_zh, ms->title_en));
			bw(b, "</a></th>");
			for (size_t u = 0; u < p->n_units; u++)
				if (v->is_col[u])
					cell(r, v, ms, &p->units[u]);
			bw(b, "</tr>\n");
		}
	}
	bw(b, "</tbody></table></div>\n");
	if (!n_rows) {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "matrix.no_rows"));
		bw(b, "</p>\n");
	}
}

static void legends(struct req *r, const struct matrix_view *v)
{
	struct buf *b = &r->out;
	const struct plan *p = v->p;
	bw(b, "<section class=\"legends\" aria-labelledby=\"legend\"><h2 id=\"legend\">");
	html_esc(b, req_t(r, "matrix.legend"));
	bw(b, "</h2>\n<p class=\"legend\">");
	bw(b, "<span class=\"cell lead\">");
	html_esc(b, req_t(r, "units.lead_short"));
	bw(b, "</span> ");
	html_esc(b, req_t(r, "matrix.role_lead"));
	bw(b, " <span class=\"cell\">");
	html_esc(b, req_t(r, "units.co_short"));
	bw(b, "</span> ");
	html_esc(b, req_t(r, "matrix.role_co"));
	bw(b, "</p>\n<p class=\"legend\">");
	static const char *const states[] = {"none", "draft", "submitted", "approved", "returned"};
	for (size_t k = 0; k < sizeof(states) / sizeof(states[0]); k++) {
		hf(b, "<span class=\"cell rs-%s\">", states[k]);
		html_esc(b, req_t(r, arena_printf(r->arena, "cycle.state_%s", states[k])));
		bw(b, "</span> ");
	}
	bw(b, "</p>\n<dl class=\"abbrs\">");
	for (size_t u = 0; u < p->n_units; u++) {
		if (!v->is_col[u])
			continue;
		bw(b, "<dt>");
		html_esc(b, unit_short(r, &p->units[u]));
		bw(b, "</dt><dd>");
		html_unit_link(r, p, p->units[u].code);
		bw(b, "</dd>");
	}
	bw(b, "</dl></section>\n");
}

void render_matrix(struct req *r, const struct plan *p, const struct app_matrix_view *mv, int action, int unit,
		   int is_print)
{
	struct matrix_view v = {.p = p, .cycle = mv->cycle, .owed = mv->owed, .n_owed = mv->n_owed, .action = action,
				.unit = unit, .is_print = is_print};
	struct buf *b = &r->out;
	choose(r, &v);
	page_begin(r, req_t(r, "units.matrix_title"), "units");
	bw(b, v.is_print ? "<div class=\"print-view\">" : "<div>");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "units.matrix_title"));
	bw(b, "</h1>\n");
	if (p->n_measures == 0) { /* nothing to report on, measure by measure */
		html_no_measures(r, p);
		bw(b, "</div>\n");
		page_end(r);
		return;
	}
	bw(b, "<p>");
	html_esc(b, req_t(r, "units.matrix_intro"));
	if (v.cycle) {
		bw(b, " ");
		html_esc(b, req_t(r, "cycle.cycle"));
		bw(b, " <strong>");
		html_esc(b, v.cycle->period);
		bw(b, "</strong>");
	}
	if (v.action >= 0 || v.unit >= 0) {
		bw(b, " · ");
		if (v.action >= 0)
			html_action_title(r, &p->actions[v.action]);
		if (v.action >= 0 && v.unit >= 0)
			bw(b, " · ");
		if (v.unit >= 0)
			html_esc(b, i18n_pick(r->lang, p->units[v.unit].name_zh, p->units[v.unit].name_en));
	}
	bw(b, "</p>\n");
	if (!v.is_print)
		filters(r, &v);
	bw(b, "<p class=\"view-links\"><a href=\"");
	self_link(r, &v, !v.is_print);
	bw(b, "\">");
	html_esc(b, req_t(r, v.is_print ? "matrix.screen_view" : "matrix.print_view"));
	bw(b, "</a></p>\n");
	table(r, &v);
	legends(r, &v);
	bw(b, "</div>\n");
	page_end(r);
}

enum status page_matrix(struct req *r)
{
	struct plan *p;
	struct app_matrix_view v;
	int i_action = -1, i_unit = -1;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	const char *wanted = req_query(r, "cycle"), *action = req_query(r, "action"), *unit = req_query(r, "unit");
	const char *print = req_query(r, "print");
	if (action && *action) {
		int64_t n;
		if (!num_parse_int((struct str){action, strlen(action)}, 1, 10000, &n) ||
		    (i_action = plan_find_action(p, (int)n)) < 0)
			return ST_NOT_FOUND;
	}
	if (unit && *unit && (i_unit = plan_find_unit(p, unit)) < 0)
		return ST_NOT_FOUND;
	rc = app_matrix_view(req_app(r), wanted, &v);
	if (rc != ST_OK)
		return rc;
	render_matrix(r, p, &v, i_action, i_unit, print && strcmp(print, "1") == 0);
	return ST_OK;
}
