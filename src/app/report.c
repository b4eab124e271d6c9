/* report.c - the evaluation report with the supervision scorecards (see report.h). */
#include <string.h>

#include "app/report.h"
#include "app/sup.h"
#include "app/view_reader.h"
#include "base/clock.h"
#include "core/plan_facts.h"
#include "supervise/supervise.h"
#include "base/banned.h"

/* The scorecards of the cycle out->cycle_period attached (none when the period has no cycle). */
static enum status attach_scorecards(struct app_ctx *x, struct evaluation *out)
{
	struct sup_scorecard *rows;
	size_t n;
	enum status rc = sup_scorecards(x->store, x->arena, out->plan, out->cycle_period, 0, clock_now(), &rows, &n);
	if (rc == ST_NOT_FOUND)
		return ST_OK;
	if (rc != ST_OK)
		return rc;
	struct eval_scorecard *sc = arena_calloc(x->arena, n + 1, sizeof(*sc));
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		int unit = plan_find_unit(out->plan, rows[i].unit);
		if (unit < 0)
			continue;
		const struct sup_score_in *in = &rows[i].in;
		struct eval_scorecard *e = &sc[m++];
		e->unit = unit;
		e->n_owed = in->n_owed, e->n_on_time = in->n_on_time, e->n_late = in->n_late, e->n_missing = in->n_missing;
		e->n_returned = in->n_returned;
		e->n_notices = in->n_notices, e->n_unresolved = in->n_unresolved, e->n_escalated = in->n_escalated;
		e->n_ms_due = in->n_ms_due, e->n_ms_done = in->n_ms_done, e->n_ms_overdue = in->n_ms_overdue;
		e->n_ind_assessed = in->n_ind_assessed, e->n_ind_on_track = in->n_ind_on_track;
		for (int k = 0; k < EVAL_SCORE_PARTS && k < SUP_SCORE_PARTS; k++) {
			e->has_part[k] = rows[i].out.has_part[k];
			e->part[k] = rows[i].out.part[k];
			e->weight[k] = sup_score_weights[k];
		}
		e->has_score = rows[i].out.has_score;
		e->score = rows[i].out.score;
	}
	evaluation_set_scorecards(out, x->arena, sc, m);
	return ST_OK;
}

/* The progress reports and notices of out the reader may open, alone, and their counts: the
 * model takes every report submitted and every unresolved notice; what a reader sees of them is
 * supervise's rule, as on every page and in the API (app_report_visible, app_notices). */
static void keep_visible(struct app_ctx *x, struct evaluation *out)
{
	const struct plan *p = out->plan;
	out->n_reports = out->n_notices = out->n_notices_escalated = 0;
	for (size_t a = 0; a < out->n_actions; a++)
		for (size_t k = 0; k < out->actions[a].n_measures; k++) {
			struct eval_measure *m = &out->actions[a].measures[k];
			int number = p->measures[m->measure].number;
			size_t j = 0;
			for (size_t i = 0; i < m->n_reports; i++)
				if (app_report_visible(x, p, number, p->units[m->reports[i].unit].code, m->reports[i].r))
					m->reports[j++] = m->reports[i];
			m->n_reports = j;
			out->n_reports += j;
			j = 0;
			for (size_t i = 0; i < m->n_notices; i++)
				if (sup_notice_visible(x->who, m->notices[i].n->unit))
					m->notices[j++] = m->notices[i];
			m->n_notices = j;
			out->n_notices += j;
			for (size_t i = 0; i < j; i++)
				out->n_notices_escalated += m->notices[i].n->level >= 2 || m->notices[i].n->status == NOTICE_ESCALATED;
		}
}

enum status app_report_evaluation(struct app_ctx *x, const struct app_report_in *in, struct evaluation *out,
				  struct diag_list *errs)
{
	enum status rc = app_authorize(x, ACT_READ_PUBLIC, NULL, errs);
	if (rc != ST_OK)
		return rc;
	struct app_reader who; /* which values: the one answer of every page and the API */
	app_reader_of(x, &who);
	const char *code = in->plan_code;
	if (!code) { /* the plan shown when none is asked for */
		const struct plan *p;
		rc = app_plan(x, &p);
		if (rc != ST_OK)
			return rc;
		code = p->info.code;
	}
	struct eval_options eo = {code, in->period, who.view, in->issuer,
				  in->issuer_en && *in->issuer_en ? in->issuer_en : in->issuer, in->is_public || !who.is_internal,
				  x->who, in->site_name_zh, in->site_name_en};
	rc = evaluation_build(x->store, x->arena, &eo, out);
	if (rc == ST_INVALID)
		return app_refuse(errs, rc, "period", "bad_period", "reports.bad_request",
				  "'%s' is not a period (2025, 2025Q3 or 2025-07)", in->period ? in->period : "");
	if (rc == ST_CONFLICT) /* the plan read is out->plan */
		return app_refuse(errs, rc, "period", "after_plan", "reports.after_plan",
				  "plan %s ran until %s: %s is after its last year, %d, so there is nothing of it to "
				  "evaluate; its final evaluation is of %d", out->plan->info.code, out->plan->info.valid_until,
				  in->period, plan_last_year(out->plan), plan_last_year(out->plan));
	if (rc != ST_OK)
		return rc;
	keep_visible(x, out);
	if (!out->cycle_period)
		return ST_OK;
	return attach_scorecards(x, out);
}
