/* page_indicator.c - GET /indicators/CODE: an indicator's definition, its targets with the
 * assessment in words (or its trend when the plan sets none), and its values per region with
 * their sources (every revision with ?revisions=1), a predecessor plan's figures of the series
 * it continues marked as such; for a qualitative target the department's review form,
 * POST /indicators/CODE/review (app_target_review); with ?tab=meta its metadata instead
 * (indicator_tabs.c). */
#include <math.h>
#include <string.h>

#include "app/values.h"
#include "app/view_figures.h"
#include "report/assess.h"
#include "report/explain.h"
#include "report/fmt.h"
#include "web/api.h"
#include "web/app_req.h"
#include "web/charts.h"
#include "web/firm_pages.h"
#include "web/html.h"
#include "web/indicator_tabs.h"
#include "web/pages.h"
#include "web/plan_select.h"
#include "web/route.h"
#include "base/banned.h"

/* A figure's citation: publisher · title · date, the title linked only when the original's
 * address is known; the quoted sentence is the tooltip. Without publisher and title (a value
 * entered without them) the short link of html_source_link. */
static void html_source_cite(struct req *r, const struct obs *o)
{
	if (!o || (!o->publisher && !o->title)) {
		html_source_link(r, o);
		return;
	}
	struct buf *b = &r->out;
	bw(b, "<span class=\"cite\"");
	if (o->source) {
		bw(b, " title=\"");
		html_esc(b, o->source);
		bw(b, "\"");
	}
	bw(b, ">");
	if (o->publisher)
		html_esc(b, o->publisher);
	if (o->title) {
		bw(b, o->publisher ? " · " : "");
		if (html_url_is_web(o->source_url)) {
			bw(b, "<a class=\"source\" rel=\"noopener noreferrer\" href=\"");
			html_esc(b, o->source_url);
			bw(b, "\">");
		}
		html_esc(b, o->title);
		bw(b, html_url_is_web(o->source_url) ? "</a>" : "");
	}
	if (o->published) {
		bw(b, " · <time>");
		html_esc(b, o->published);
		bw(b, "</time>");
	}
	bw(b, "</span>");
}

static void fact(struct req *r, const char *key, const char *value)
{
	bw(&r->out, "<dt>");
	html_esc(&r->out, req_t(r, key));
	bw(&r->out, "</dt><dd>");
	html_esc(&r->out, value ? value : "—");
	bw(&r->out, "</dd>");
}

/* What a refused review form held, so it comes back as it was typed. */
struct review_form {
	const char *region, *year, *verdict, *reason;
	const char *error; /* the problems in words */
};

/* The latest review of a qualitative target in words: the verdict, the year, the reviewer, the
 * date and the reason (the revision's note). */
/* The verdict in effect on a qualitative target: met or not, the year, who gave it and who
 * approved it (when a second reviewer did), and why. */
static void review_shown(struct req *r, const struct app_verdict_by *by)
{
	const struct obs *o = by ? by->verdict : NULL;
	if (!o)
		return;
	const char *names[] = {"verdict", "period", "who", "when", "reason", "approver", "approved_when"};
	const char *vals[] = {req_t(r, o->value == 1 ? "judgement.met" : "judgement.not_met"), o->period,
			      by->given_by ? by->given_by : "—", html_local_time(r, by->given_at),
			      o->note ? o->note : "—", by->approved_by ? by->approved_by : "—",
			      by->approved_at ? html_local_time(r, by->approved_at) : "—"};
	struct buf t;
	buf_init(&t, 1024);
	i18n_fill(&t, req_t(r, by->approved_by ? "qreview.shown_approved" : "qreview.shown"), names, vals, 7);
	bw(&r->out, "<p class=\"review\">");
	html_esc(&r->out, buf_str(&t));
	bw(&r->out, "</p>\n");
	buf_release(&t);
}

/* The department's form for a verdict on a qualitative target (the year judged, met or not,
 * and why). */
static void review_form(struct req *r, const struct plan *p, const struct assess_row *row, const struct review_form *rf)
{
	const struct target *t = &p->targets[row->target];
	struct buf *b = &r->out;
	const char *code = p->indicators[row->indicator].code, *region = p->regions[row->region].code;
	int is_mine = rf && rf->region && strcmp(rf->region, region) == 0;
	hf(b, "<form class=\"stack review\" method=\"post\" action=\"/indicators/%s/review\">", code);
	html_csrf_field(r);
	bw(b, "<input type=\"hidden\" name=\"region\" value=\"");
	html_esc(b, region);
	bw(b, "\"><label for=\"review-year-");
	html_esc(b, region);
	bw(b, "\">");
	html_esc(b, req_t(r, "qreview.year"));
	bw(b, "</label><input id=\"review-year-");
	html_esc(b, region);
	bw(b, "\" name=\"year\" inputmode=\"numeric\" class=\"narrow\" value=\"");
	if (is_mine && rf->year)
		html_esc(b, rf->year);
	else
		hf(b, "%d", t->year);
	bw(b, "\"><fieldset><legend>");
	html_esc(b, req_t(r, "qreview.verdict"));
	bw(b, "</legend>");
	static const char *const verdicts[] = {"met", "not_met"};
	for (size_t k = 0; k < 2; k++) {
		int is_checked = is_mine && rf->verdict && strcmp(rf->verdict, verdicts[k]) == 0;
		hf(b, "<label><input type=\"radio\" name=\"verdict\" value=\"%s\"%s> ", verdicts[k], is_checked ? " checked" : "");
		html_esc(b, req_t(r, k == 0 ? "judgement.met" : "judgement.not_met"));
		bw(b, "</label>");
	}
	bw(b, "</fieldset><label for=\"review-reason-");
	html_esc(b, region);
	bw(b, "\">");
	html_esc(b, req_t(r, "qreview.reason"));
	bw(b, "</label><textarea id=\"review-reason-");
	html_esc(b, region);
	bw(b, "\" name=\"reason\" rows=\"3\">");
	if (is_mine && rf->reason)
		html_esc(b, rf->reason);
	bw(b, "</textarea><button type=\"submit\">");
	html_esc(b, req_t(r, "qreview.submit"));
	bw(b, "</button></form>\n");
}

static void targets_section(struct req *r, const struct plan *p, const struct assess_row *rows, size_t n,
			    const struct app_verdict_by *verdicts, const struct assess_row *trend, int may_review,
			    const struct review_form *rf)
{
	struct buf *b = &r->out;
	bw(b, "<section aria-labelledby=\"progress\"><h2 id=\"progress\">");
	html_esc(b, req_t(r, "ind.progress"));
	bw(b, "</h2>\n");
	if (n == 0) {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "ind.no_target"));
		bw(b, "</p>\n");
		if (trend && trend->series.n) { /* no target: the trend (Open SDG method 1) */
			struct buf e;
			buf_init(&e, 1024);
			explain_assessment(&e, r->lang, p, trend);
			hf(b, "<p class=\"explain trend\" data-trend=\"%s\">", progress_status_name(trend->a.status));
			html_esc(b, buf_str(&e));
			bw(b, " ");
			html_esc(b, req_t(r, arena_printf(r->arena, "trend.%s", progress_status_name(trend->a.status))));
			bw(b, "</p>\n");
			buf_release(&e);
		}
		bw(b, "</section>\n");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct assess_row *row = &rows[i];
		const struct indicator *ind = &p->indicators[row->indicator];
		const struct region *rg = &p->regions[row->region];
		const struct assessment *a = &row->a;
		hf(b, "<article class=\"assessment\" id=\"target-%s\"><h3>", rg->code);
		html_esc(b, i18n_pick(r->lang, rg->name_zh, rg->name_en));
		bw(b, " ");
		html_verdict(r, row);
		bw(b, "</h3>\n<dl class=\"facts\">");
		struct buf t;
		buf_init(&t, 512);
		fmt_target_in(&t, r->lang, p, &p->targets[row->target], ind);
		tf(&t, " (%d)", p->targets[row->target].year);
		fact(r, "col.target", buf_str(&t));
		buf_release(&t);
		bw(b, "<dt>");
		html_esc(b, req_t(r, "ind.latest"));
		bw(b, "</dt><dd>");
		if (row->series.n) {
			const struct series_point *lp = NULL;
			for (size_t k = 0; k < row->series.n; k++)
				if (row->series.pts[k].t == a->latest_t)
					lp = &row->series.pts[k];
			html_value(r, a->latest_value, lp ? lp->qualifier : QUAL_EXACT, ind, 1);
			bw(b, " <span class=\"muted\">(");
			html_esc(b, row->latest_period);
			bw(b, ")</span> ");
			if (lp)
				html_source_link(r, lp->obs);
		} else {
			bw(b, "—");
		}
		bw(b, "</dd>");
		if (a->has_achievement && isfinite(a->achievement) && a->status != PS_MET) {
			bw(b, "<dt>");
			html_esc(b, req_t(r, "ind.achievement"));
			hf(b, "</dt><dd>%.0f%%", a->achievement * 100);
			if (a->has_elapsed)
				hf(b, " <span class=\"muted\">(%s %.0f%%)</span>", req_t(r, "ind.elapsed"), a->elapsed * 100);
			if (a->behind_schedule) {
				bw(b, " <span class=\"flag\">");
				html_esc(b, req_t(r, "ind.behind_schedule"));
				bw(b, "</span>");
			}
			bw(b, "</dd>");
		}
		bw(b, "</dl>\n");
		indicator_chart(r, p, row);
		bw(b, "<p class=\"explain\">");
		struct buf e;
		buf_init(&e, 4096);
		explain_verdict(&e, r->lang, p, row);
		html_esc(b, buf_str(&e));
		if (row->j.is_final_phase) { /* the running status, kept as history */
			bw(b, "</p>\n<p class=\"muted history\">");
			html_esc(b, req_t(r, "dash.running_status"));
			bw(b, r->lang == LANG_EN ? ": " : "：");
			html_status(r, a->status);
			if (row->j.verdict != VERDICT_NO_FINAL || row->j.gap != VG_NO_FINAL_FIGURE) {
				bw(b, " ");
				buf_reset(&e);
				explain_assessment(&e, r->lang, p, row);
				html_esc(b, buf_str(&e));
			}
		}
		buf_reset(&e);
		explain_baseline(&e, r->lang, p, row);
		if (e.len) {
			bw(b, "</p>\n<p class=\"muted baseline\">");
			html_esc(b, buf_str(&e));
		}
		buf_release(&e);
		bw(b, "</p>\n");
		for (size_t k = 0; k < row->series.n_disc; k++) {
			bw(b, "<p class=\"flag\">");
			html_esc(b, req_t(r, row->series.disc[k].is_formula ? "ind.formula_diff" : "ind.discrepancy"));
			hf(b, " %s: ", row->series.disc[k].period);
			fmt_value(b, row->series.disc[k].reported, ind->decimals);
			bw(b, " ≠ ");
			fmt_value(b, row->series.disc[k].summed, ind->decimals);
			bw(b, "</p>\n");
		}
		if (p->targets[row->target].cmp == CMP_QUALITATIVE) {
			review_shown(r, verdicts ? &verdicts[i] : NULL);
			if (may_review)
				review_form(r, p, row, rf);
		}
		bw(b, "</article>\n");
	}
	bw(b, "</section>\n");
}

static void values_table(struct req *r, const struct plan *p, int ind, const struct obs *cur, size_t n_cur)
{
	struct buf *b = &r->out;
	const struct indicator *d = &p->indicators[ind];
	bw(b, "<section aria-labelledby=\"values\"><h2 id=\"values\">");
	html_esc(b, req_t(r, "ind.values"));
	bw(b, "</h2>\n<p class=\"downloads\">");
	html_esc(b, req_t(r, "ind.download"));
	bw(b, r->lang == LANG_EN ? ": " : "：");
	bw(b, "<a href=\"/api/v1/export?format=csv&amp;indicator=");
	html_esc(b, d->code);
	bw(b, "\" download>CSV</a> · <a href=\"/api/v1/export?format=xlsx&amp;indicator=");
	html_esc(b, d->code);
	bw(b, "\" download>XLSX</a></p>\n");
	indicator_regions_chart(r, p, ind, cur, n_cur);
	if (d->continues) {
		bw(b, "<p class=\"muted continued-note\">");
		html_esc(b, req_t(r, "ind.continued_note"));
		bw(b, "</p>\n");
	}
	int any = 0;
	for (size_t g = 0; g < p->n_regions; g++) {
		struct series s;
		req_series(r, p, cur, n_cur, ind, (int)g, &s);
		if (s.n == 0)
			continue;
		any = 1;
		bw(b, "<h3>");
		html_esc(b, i18n_pick(r->lang, p->regions[g].name_zh, p->regions[g].name_en));
		bw(b, "</h3>\n<table class=\"values\"><thead><tr><th scope=\"col\">");
		html_esc(b, req_t(r, "col.period"));
		bw(b, "</th><th scope=\"col\" class=\"num\">");
		html_esc(b, req_t(r, "col.value"));
		bw(b, "</th><th scope=\"col\">");
		html_esc(b, req_t(r, "col.source"));
		bw(b, "</th><th scope=\"col\">");
		html_esc(b, req_t(r, "col.note"));
		bw(b, "</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < s.n; i++) {
			const struct series_point *pt = &s.pts[i];
			bw(b, pt->is_continued ? "<tr class=\"continued\"><th scope=\"row\">" : "<tr><th scope=\"row\">");
			html_esc(b, pt->period);
			bw(b, "</th><td class=\"num\">");
			html_value(r, pt->value, pt->qualifier, d, 0);
			bw(b, "</td><td>");
			if (pt->is_continued) {
				/* the earlier plan's figure, said where it is read */
				bw(b, "<span class=\"badge earlier\">");
				html_esc(b, req_t(r, "ind.continued"));
				bw(b, "</span> ");
			}
			if (pt->is_derived) {
				html_esc(b, req_t(r, "ind.derived_sum"));
			} else if (pt->is_formula) {
				html_esc(b, req_t(r, "ind.derived_formula"));
				bw(b, " <code>");
				html_esc(b, d->formula);
				bw(b, "</code>");
			} else {
				html_source_cite(r, pt->obs);
			}
			bw(b, "</td><td class=\"note\">");
			if (pt->obs && pt->obs->note)
				html_esc(b, pt->obs->note);
			if (pt->obs && pt->obs->revision > 1 && pt->obs->reason) {
				/* a revised figure says so where it is read; every revision is in the table below */
				bw(b, pt->obs->note ? " " : "");
				hf(b, "<a href=\"/indicators/%s?revisions=1#revisions\">", d->code);
				html_esc(b, req_t(r, "ind.revised"));
				bw(b, "</a>");
				html_esc(b, pt->obs->reason);
			}
			if (pt->obs && pt->obs->has_value_given && pt->obs->value_given != pt->obs->value) {
				bw(b, " (");
				html_esc(b, req_t(r, "ind.reported_as"));
				bw(b, " ");
				fmt_value(b, pt->obs->value_given, 6);
				html_esc(b, pt->obs->unit_given);
				bw(b, ")");
			}
			bw(b, "</td></tr>\n");
		}
		bw(b, "</tbody></table>\n");
	}
	if (!any) {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "ind.no_values"));
		bw(b, "</p>\n");
	}
	bw(b, "</section>\n");
}

/* Every revision of the indicator's values the reader may see (v->history). */
static void revisions_table(struct req *r, const struct app_indicator_view *v)
{
	const struct plan *p = v->plan;
	int ind = v->ind;
	const struct obs *hist = v->history;
	size_t n = v->n_history;
	struct buf *b = &r->out;
	bw(b, "<section aria-labelledby=\"revisions\"><h2 id=\"revisions\">");
	html_esc(b, req_t(r, "ind.revisions"));
	bw(b, "</h2>\n<table class=\"revisions\"><thead><tr>");
	const char *cols[] = {"col.region", "col.period", "col.revision", "col.value", "col.source", "col.revision_reason",
			      "col.status", "col.changed_at", "col.changed_by"};
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		bw(b, "<th scope=\"col\">");
		html_esc(b, req_t(r, cols[i]));
		bw(b, "</th>");
	}
	bw(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct obs *o = &hist[i];
		int g = plan_find_region(p, o->region);
		bw(b, "<tr><td>");
		html_esc(b, g >= 0 ? i18n_pick(r->lang, p->regions[g].name_zh, p->regions[g].name_en) : o->region);
		bw(b, "</td><td>");
		html_esc(b, o->period);
		hf(b, "</td><td class=\"num\">%d</td><td class=\"num\">", o->revision);
		html_value(r, o->value, o->qualifier, &p->indicators[ind], 0);
		bw(b, "</td><td>");
		html_source_cite(r, o);
		bw(b, "</td><td class=\"note\">");
		html_esc(b, o->reason ? o->reason : "");
		bw(b, "</td><td>");
		html_esc(b, req_t(r, arena_printf(r->arena, "obs_status.%s", obs_status_name(o->status))));
		bw(b, "</td><td>");
		html_time(r, o->created_at);
		bw(b, "</td><td>");
		html_esc(b, o->created_by);
		bw(b, "</td></tr>\n");
	}
	bw(b, "</tbody></table></section>\n");
}

/* The page from its view; pred: the plan whose series the indicator continues (index pi
 * there), NULL when none; rf: a refused review form to show again (NULL: none). */
static void render_indicator(struct req *r, const struct app_indicator_view *v, const struct plan *pred, int pi,
			     const struct review_form *rf)
{
	const struct plan *p = v->plan;
	int ind = v->ind;
	const struct indicator *d = &p->indicators[ind];
	const struct obs *cur = v->cur;
	size_t n_cur = v->n_cur;
	struct buf *b = &r->out;
	const char *name = i18n_pick(r->lang, d->name_zh, d->name_en);
	page_begin(r, name, "plan");
	bw(b, "<p class=\"crumbs\"><a href=\"/#goals\">");
	html_esc(b, req_t(r, "plan.goals"));
	bw(b, "</a></p>\n<h1>");
	html_esc(b, name);
	bw(b, "</h1>\n");
	const char *def = i18n_pick(r->lang, d->definition_zh, d->definition_en);
	if (def && *def) {
		bw(b, "<p class=\"text\">");
		html_esc(b, def);
		bw(b, "</p>\n");
	}
	bw(b, "<dl class=\"facts\">");
	fact(r, "units.code", d->code);
	fact(r, "col.unit", fmt_unit(r->lang, d));
	fact(r, "ind.direction", req_t(r, d->direction == DIR_UP ? "ind.direction_up"
						       : d->scale == SCALE_RANK ? "ind.direction_down_rank" : "ind.direction_down"));
	if (d->owner >= 0) {
		bw(b, "<dt>");
		html_esc(b, req_t(r, "ind.owner"));
		bw(b, "</dt><dd>");
		html_unit_link(r, p, d->owner_code);
		bw(b, "</dd>");
	}
	if (d->measure >= 0) {
		bw(b, "<dt>");
		html_esc(b, req_t(r, "col.measure"));
		hf(b, "</dt><dd><a href=\"/measures/%d\">%d. ", d->measure_number, d->measure_number);
		html_esc(b, i18n_pick(r->lang, p->measures[d->measure].title_zh, p->measures[d->measure].title_en));
		bw(b, "</a></dd>");
	}
	if (d->continues) {
		/* the series this one carries on, in the plan before it */
		bw(b, "<dt>");
		html_esc(b, req_t(r, "ind.continues"));
		bw(b, "</dt><dd>");
		if (pred) {
			bw(b, "<a href=\"/indicators/");
			html_esc(b, d->continues);
			bw(b, "?plan=");
			html_esc(b, pred->info.code);
			bw(b, "\">《");
			html_esc(b, i18n_pick(r->lang, pred->info.title_zh, pred->info.title_en));
			bw(b, "》 · ");
			html_esc(b, i18n_pick(r->lang, pred->indicators[pi].name_zh, pred->indicators[pi].name_en));
			bw(b, "</a>");
		} else {
			bw(b, "<code>");
			html_esc(b, d->continues);
			bw(b, "</code>");
		}
		bw(b, "</dd>");
	}
	bw(b, "</dl>\n");
	if (indicator_tab_nav(r, d, req_query(r, "tab"))) {
		indicator_meta_section(r, p, ind, v->own, v->n_own);
		page_end(r);
		return;
	}
	const char *msg = rf == NULL ? req_query(r, "msg") : NULL;
	if (msg && (strcmp(msg, "reviewed") == 0 || strcmp(msg, "review_pending") == 0))
		hf(b, "<p class=\"msg ok\" role=\"status\">%s</p>\n",
		   req_t(r, strcmp(msg, "reviewed") == 0 ? "qreview.done" : "qreview.pending"));
	if (rf && rf->error) { /* a refused review: why, above the form that comes back as typed */
		bw(b, "<p class=\"msg error\" role=\"alert\" id=\"review-error\">");
		html_esc(b, rf->error);
		bw(b, "</p>\n");
	}
	targets_section(r, p, v->rows, v->n_rows, v->verdicts, v->trend, v->may_review, rf);
	indicator_chart_downloads(r, p, v->rows, v->n_rows);
	firm_projection_section(r, p, ind);
	indicator_compare_section(r, p, ind, cur, n_cur);
	values_table(r, p, ind, cur, n_cur);
	if (v->history) {
		revisions_table(r, v);
	} else {
		hf(b, "<p><a href=\"/indicators/%s?revisions=1#revisions\">", d->code);
		html_esc(b, req_t(r, "ind.show_revisions"));
		bw(b, "</a></p>\n");
	}
	page_end(r);
}

static enum status render(struct req *r, const struct review_form *rf)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	int ind = plan_find_indicator(p, r->params[0]);
	if (ind < 0)
		return ST_NOT_FOUND;
	const char *rev = req_query(r, "revisions");
	struct app_indicator_view v;
	rc = app_indicator_view(req_app(r), ind, rev && strcmp(rev, "1") == 0, &v, req_errs(r));
	if (rc != ST_OK)
		return rc;
	/* the series this one carries on, in the plan before it (among the plans the request may see) */
	int pi;
	const struct plan *pred = plan_select_predecessor(r, p, p->indicators[ind].continues, &pi);
	render_indicator(r, &v, pred, pi, rf);
	return ST_OK;
}

enum status page_indicator(struct req *r)
{
	return render(r, NULL);
}

enum status page_indicator_review_post(struct req *r)
{
	struct review_form rf = {req_form(r, "region"), req_form(r, "year"), req_form(r, "verdict"), req_form(r, "reason"),
				 NULL};
	struct app_target_verdict in = {r->params[0], rf.region, rf.year, rf.verdict, rf.reason};
	struct diag_list *errs = req_errs(r);
	struct obs *o;
	enum status rc = app_target_review(req_app(r), &in, &o, errs);
	if (rc == ST_OK) {
		/* under four eyes the verdict waits for a second reviewer: the message says so */
		req_redirect(r, arena_printf(r->arena, "/indicators/%s?msg=%s#target-%s", r->params[0],
					     o->status == OBS_PUBLISHED ? "reviewed" : "review_pending", o->region));
		return ST_OK;
	}
	if (rc != ST_INVALID)
		return rc;
	rf.error = req_errs_text(r, errs);
	r->status = 422;
	return render(r, &rf);
}
