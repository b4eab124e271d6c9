/* page_plan.c - GET /: the plan at a glance: its goal groups with their indicators and
 * targets, and its actions with every measure's lead and co-responsible units. */
#include <string.h>

#include "core/plan_facts.h"
#include "report/assess.h"
#include "report/explain.h"
#include "report/fmt.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/route.h"
#include "web/views.h"
#include "base/banned.h"

/* One row per target of indicator i (the indicator's name spans them): target, latest value
 * with its source, and the status. */
/* The latest value of a row with its period and source. */
static void latest_cell(struct req *r, const struct indicator *d, const struct assess_row *row)
{
	struct buf *b = &r->out;
	if (!row || !row->series.n) {
		bw(b, "—");
		return;
	}
	const struct series_point *lp = &row->series.pts[row->series.n - 1];
	for (size_t q = 0; q < row->series.n; q++)
		if (row->series.pts[q].t == row->a.latest_t)
			lp = &row->series.pts[q];
	html_value(r, row->a.latest_value, lp->qualifier, d, 0);
	bw(b, " <span class=\"year\">(");
	html_esc(b, row->latest_period);
	bw(b, ")</span> ");
	html_source_link(r, lp->obs);
}

static void indicator_rows(struct req *r, const struct plan *p, size_t i, const struct assess_row *rows, size_t n_rows,
			   const struct assess_row *trends, size_t n_trends)
{
	const struct indicator *d = &p->indicators[i];
	struct buf *b = &r->out;
	size_t n_targets = 0;
	for (size_t k = 0; k < n_rows; k++)
		n_targets += rows[k].indicator == (int)i;
	hf(b, "<tr><th scope=\"row\" rowspan=\"%zu\"><a href=\"/indicators/%s\">", n_targets ? n_targets : 1, d->code);
	html_esc(b, i18n_pick(r->lang, d->name_zh, d->name_en));
	bw(b, "</a></th><td rowspan=\"");
	hf(b, "%zu\">", n_targets ? n_targets : 1);
	html_esc(b, fmt_unit(r->lang, d));
	bw(b, "</td>");
	if (!n_targets) { /* no target: the trend (docs/methodology.md section 4) */
		const struct assess_row *tr = NULL;
		for (size_t k = 0; k < n_trends; k++)
			if (trends[k].indicator == (int)i)
				tr = &trends[k];
		bw(b, "<td><span class=\"target muted\">");
		html_esc(b, req_t(r, "cmp.none"));
		bw(b, "</span></td><td class=\"num\">");
		latest_cell(r, d, tr);
		bw(b, "</td><td>");
		if (tr && tr->a.status != PS_NO_STATUS) {
			hf(b, "<span class=\"status trend st-%s\">", progress_status_name(tr->a.status));
			html_esc(b, req_t(r, arena_printf(r->arena, "trend.%s", progress_status_name(tr->a.status))));
			bw(b, "</span>");
		}
		bw(b, "</td></tr>\n");
	}
	size_t shown = 0;
	for (size_t k = 0; k < n_rows; k++) {
		const struct assess_row *row = &rows[k];
		if (row->indicator != (int)i)
			continue;
		const struct target *t = &p->targets[row->target];
		const struct region *rg = &p->regions[row->region];
		if (shown++)
			bw(b, "<tr>");
		struct buf tb;
		buf_init(&tb, 4096);
		fmt_target_in(&tb, r->lang, p, t, d);
		bw(b, "<td><span class=\"target\">");
		html_esc(b, i18n_pick(r->lang, rg->name_zh, rg->name_en));
		bw(b, " ");
		html_esc(b, buf_str(&tb));
		hf(b, " <span class=\"year\">(%d)</span></span></td><td class=\"num\">", t->year);
		buf_release(&tb);
		latest_cell(r, d, row);
		bw(b, "</td><td>");
		html_verdict(r, row);
		bw(b, "</td></tr>\n");
	}
}

static void indicator_table_head(struct req *r)
{
	struct buf *b = &r->out;
	const char *cols[] = {"col.indicator", "col.unit", "col.target", "ind.latest", "col.progress"};
	bw(b, "<table class=\"indicators\"><thead><tr>");
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		bw(b, "<th scope=\"col\">");
		html_esc(b, req_t(r, cols[i]));
		bw(b, "</th>");
	}
	bw(b, "</tr></thead><tbody>\n");
}

static void goals_section(struct req *r, const struct plan *p, const struct assess_row *rows, size_t n_rows,
			  const struct assess_row *trends, size_t n_trends)
{
	struct buf *b = &r->out;
	bw(b, "<section aria-labelledby=\"goals\"><h2 id=\"goals\">");
	html_esc(b, req_t(r, "plan.goals"));
	bw(b, "</h2>\n");
	for (size_t g = 0; g < p->n_goals; g++) {
		const struct goal *gl = &p->goals[g];
		hf(b, "<article class=\"goal\" id=\"goal-%s\"><h3>", gl->code);
		html_esc(b, i18n_pick(r->lang, gl->name_zh, gl->name_en));
		bw(b, "</h3>\n");
		if (r->lang == LANG_ZH && gl->text_zh) {
			bw(b, "<p class=\"text\">");
			html_esc(b, gl->text_zh);
			bw(b, "</p>\n");
		}
		int n = 0;
		for (size_t i = 0; i < p->n_indicators; i++)
			if (p->indicators[i].goal == (int)g) {
				if (n++ == 0)
					indicator_table_head(r);
				indicator_rows(r, p, i, rows, n_rows, trends, n_trends);
			}
		if (n)
			bw(b, "</tbody></table>\n");
		else {
			bw(b, "<p class=\"muted\">");
			html_esc(b, req_t(r, "plan.goal_qualitative"));
			bw(b, "</p>\n");
		}
		bw(b, "</article>\n");
	}
	/* indicators of no goal and no measure (context figures): listed, so none vanishes */
	int n = 0;
	for (size_t i = 0; i < p->n_indicators; i++)
		if (p->indicators[i].goal < 0 && p->indicators[i].measure < 0) {
			if (n++ == 0) {
				bw(b, "<article class=\"goal\" id=\"goal-other\"><h3>");
				html_esc(b, req_t(r, "plan.other_indicators"));
				bw(b, "</h3>\n");
				indicator_table_head(r);
			}
			indicator_rows(r, p, i, rows, n_rows, trends, n_trends);
		}
	if (n)
		bw(b, "</tbody></table></article>\n");
	bw(b, "</section>\n");
}

/* The units responsible for a whole action (responsibilities.csv rows naming an action). */
static void action_units(struct req *r, const struct plan *p, int number)
{
	struct buf *b = &r->out;
	int n = 0;
	for (int role = ROLE_LEAD; role <= ROLE_CO; role++)
		for (size_t i = 0; i < p->n_action_resps; i++) {
			const struct responsibility *x = &p->action_resps[i];
			if (x->action_number != number || (int)x->role != role)
				continue;
			if (n++ == 0) {
				bw(b, "<p class=\"action-units\">");
				html_esc(b, req_t(r, "plan.action_units"));
				bw(b, r->lang == LANG_EN ? ": " : "：");
			} else {
				bw(b, r->lang == LANG_EN ? ", " : "、");
			}
			html_unit_link(r, p, x->unit_code);
			if (role == ROLE_CO) {
				bw(b, r->lang == LANG_EN ? " (" : "（");
				html_esc(b, req_t(r, "col.co"));
				bw(b, r->lang == LANG_EN ? ")" : "）");
			}
		}
	if (n)
		bw(b, "</p>\n");
}

/* An action's text, its whole-action units and its measures. */
static void action_body(struct req *r, const struct plan *p, size_t a)
{
	struct buf *b = &r->out;
	const struct action *ac = &p->actions[a];
	if (r->lang == LANG_ZH && ac->text_zh) {
		bw(b, "<p class=\"text\">");
		html_esc(b, ac->text_zh);
		bw(b, "</p>\n");
	}
	action_units(r, p, ac->number);
	int n = 0;
	for (size_t m = 0; m < p->n_measures; m++) {
		const struct measure *ms = &p->measures[m];
		if (ms->action != (int)a)
			continue;
		if (n++ == 0) {
			bw(b, "<table class=\"measures\"><thead><tr><th scope=\"col\">");
			html_esc(b, req_t(r, "col.measure"));
			bw(b, "</th><th scope=\"col\">");
			html_esc(b, req_t(r, "col.lead"));
			bw(b, "</th><th scope=\"col\">");
			html_esc(b, req_t(r, "col.co"));
			bw(b, "</th></tr></thead><tbody>\n");
		}
		hf(b, "<tr><th scope=\"row\"><a href=\"/measures/%d\">%d. ", ms->number, ms->number);
		html_esc(b, i18n_pick(r->lang, ms->title_zh, ms->title_en));
		bw(b, "</a></th><td>");
		html_resp_units(r, p, ms->number, ROLE_LEAD);
		bw(b, "</td><td class=\"co\">");
		html_resp_units(r, p, ms->number, ROLE_CO);
		bw(b, "</td></tr>\n");
	}
	if (n)
		bw(b, "</tbody></table>\n");
}

static void actions_section(struct req *r, const struct plan *p)
{
	struct buf *b = &r->out;
	bw(b, "<section aria-labelledby=\"actions\"><h2 id=\"actions\">");
	html_esc(b, req_t(r, "plan.actions"));
	bw(b, "</h2>\n");
	if (p->n_measures == 0) /* a plan of targets only: said once, no empty table */
		html_no_measures(r, p);
	for (size_t a = 0; a < p->n_actions; a++) {
		const struct action *ac = &p->actions[a];
		if (ac->parent >= 0)
			continue; /* shown under its action */
		hf(b, "<article class=\"action\" id=\"action-%d\"><h3>", ac->number);
		html_action_title(r, ac);
		bw(b, "</h3>\n");
		action_body(r, p, a);
		for (size_t k = 0; k < p->n_actions; k++) { /* its sub-actions (the second level) */
			const struct action *sub = &p->actions[k];
			if (sub->parent != (int)a)
				continue;
			hf(b, "<section class=\"sub-action\" id=\"action-%d\"><h4>", sub->number);
			html_esc(b, i18n_pick(r->lang, sub->title_zh, sub->title_en));
			bw(b, "</h4>\n");
			action_body(r, p, k);
			bw(b, "</section>\n");
		}
		bw(b, "</article>\n");
	}
	bw(b, "</section>\n");
}

/* A plan date as published; a year or a year-month says that the exact day is not public. */
static void plan_date(struct req *r, const char *date)
{
	if (!date || strlen(date) == 10) {
		html_esc(&r->out, date);
		return;
	}
	const char *names[] = {"date"};
	const char *vals[] = {date};
	struct buf t;
	buf_init(&t, 128);
	i18n_fill(&t, req_t(r, "plan.date_partial"), names, vals, 1);
	html_esc(&r->out, buf_str(&t));
	buf_release(&t);
}

void render_plan(struct req *r, const struct app_plan_view *v)
{
	const struct plan *p = v->f.plan;
	struct buf *b = &r->out;
	const char *title = i18n_pick(r->lang, p->info.title_zh, p->info.title_en);
	page_begin(r, title, "plan");
	bw(b, "<h1>");
	html_esc(b, title);
	bw(b, "</h1>\n<dl class=\"facts\"><dt>");
	html_esc(b, req_t(r, "plan.doc_no"));
	bw(b, "</dt><dd>");
	html_esc(b, p->info.doc_no ? p->info.doc_no : req_t(r, "plan.no_doc_no"));
	bw(b, "</dd><dt>");
	html_esc(b, req_t(r, "plan.issuer"));
	bw(b, "</dt><dd>");
	struct buf iss;
	buf_init(&iss, 256);
	fmt_issuers(&iss, r->lang, &p->info);
	html_esc(b, buf_str(&iss));
	buf_release(&iss);
	bw(b, "</dd><dt>");
	html_esc(b, req_t(r, "plan.issued"));
	bw(b, "</dt><dd>");
	plan_date(r, p->info.issued);
	bw(b, "</dd><dt>");
	html_esc(b, req_t(r, "plan.valid_until"));
	bw(b, "</dt><dd>");
	plan_date(r, p->info.valid_until);
	hf(b, "</dd><dt>%s</dt><dd>%d</dd></dl>\n", req_t(r, "plan.version"), p->info.version);
	goals_section(r, p, v->f.rows, v->f.n_rows, v->trends, v->n_trends);
	actions_section(r, p);
	page_end(r);
}

enum status page_plan(struct req *r)
{
	struct plan *p;
	struct app_plan_view v;
	enum status rc = req_plan(r, &p); /* ?plan= chooses (404 when it names none) */
	if (rc == ST_OK)
		rc = app_plan_view(req_app(r), &v, req_errs(r));
	if (rc == ST_OK)
		render_plan(r, &v);
	return rc;
}

