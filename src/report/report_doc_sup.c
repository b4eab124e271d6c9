/* report_doc_sup.c - the supervision parts of the evaluation report (see report_doc.h), from the
 * model's issue-6 data: the milestones, progress reports and unresolved 督办 notices of each
 * action's measures, the supervision picture in words, and the units' supervision scorecards. */
#include <string.h>

#include "report/report_doc_int.h"
#include "base/banned.h"

/* ---- supervision: milestones, reports, notices (issue 6) ---------------------------------- */

static enum chart_role ms_role(enum eval_ms_state st)
{
	return st == EMS_DONE ? CHART_ROLE_OK : st == EMS_OVERDUE ? CHART_ROLE_BAD : CHART_ROLE_MUTED;
}

static const char *unit_or_code(const struct docb *b, int unit, const char *code)
{
	return unit >= 0 ? db_unit_name(b, unit) : code ? code : "—";
}

/* The first sentences of a narrative, at most about 120 characters, on one line. */
static const char *summary_of(const struct docb *b, const char *text)
{
	if (!text || !*text)
		return "—";
	struct buf x;
	buf_init(&x, 0);
	size_t n_chars = 0;
	const char *s = text;
	for (; *s && n_chars < 120; n_chars++) {
		size_t len = 1;
		while ((s[len] & 0xc0) == 0x80)
			len++;
		bwn(&x, *s == '\n' || *s == '\r' || *s == '\t' ? " " : s, *s == '\n' || *s == '\r' || *s == '\t' ? 1 : len);
		s += len;
	}
	if (*s)
		bw(&x, "…");
	const char *out = arena_strdup(b->a, buf_str(&x));
	buf_release(&x);
	return out;
}

static void action_milestones(struct docb *b, const struct eval_action *ac)
{
	static const char *const heads[] = {"report.col.measure_no", "report.col.milestone", "report.col.owner",
					    "report.col.due", "report.col.ms_state"};
	static const double widths[] = {7, 47, 18, 13, 15};
	static const int numeric[] = {1, 0, 0, 0, 0};
	size_t n = 0;
	for (size_t k = 0; k < ac->n_measures; k++)
		n += ac->measures[k].n_milestones;
	if (n == 0)
		return;
	const struct action *pa = &b->p->actions[ac->action];
	struct doc_table *t = db_table(b, db_printf(b, "%s%d", db_t(b, "report.sheet.milestones"), pa->number),
				       db_printf(b, "%s%s", i18n_pick(b->lang, pa->title_zh, pa->title_en), db_t(b, "report.cap.milestones")),
				       5, n, heads, widths, numeric);
	size_t row = 0;
	for (size_t k = 0; k < ac->n_measures; k++) {
		const struct eval_measure *m = &ac->measures[k];
		for (size_t i = 0; i < m->n_milestones; i++, row++) {
			const struct eval_milestone *x = &m->milestones[i];
			cell_count(b, db_cell(t, row, 0), (size_t)b->p->measures[m->measure].number);
			cell_text(db_cell(t, row, 1), i18n_pick(b->lang, x->ms->title_zh, x->ms->title_en));
			cell_text(db_cell(t, row, 2), unit_or_code(b, x->owner, x->ms->owner));
			cell_text(db_cell(t, row, 3), x->ms->due_date ? x->ms->due_date : "—");
			static const char *const ms_names[EMS__COUNT] = {"done", "overdue", "pending"};
			const char *st = db_t(b, db_printf(b, "report.ms.%s", ms_names[x->state]));
			if (x->state == EMS_DONE && x->ms->done_on)
				st = db_paren(b, st, x->ms->done_on);
			cell_status(db_cell(t, row, 4), st, ms_role(x->state));
		}
	}
}

static enum chart_role progress_role(enum report_progress p)
{
	return p == PROGRESS_DONE || p == PROGRESS_ON_TRACK ? CHART_ROLE_OK : p == PROGRESS_DELAYED ? CHART_ROLE_BAD
												     : CHART_ROLE_MUTED;
}

static void action_reports(struct docb *b, const struct eval_action *ac)
{
	static const char *const heads[] = {"report.col.measure_no", "report.col.unit", "report.col.progress",
					    "report.col.report_state", "report.col.summary"};
	static const double widths[] = {7, 18, 11, 11, 53};
	static const int numeric[] = {1, 0, 0, 0, 0};
	size_t n = 0;
	for (size_t k = 0; k < ac->n_measures; k++)
		n += ac->measures[k].n_reports;
	if (n == 0)
		return;
	const struct action *pa = &b->p->actions[ac->action];
	const char *names[] = {"title", "cycle"};
	const char *values[] = {i18n_pick(b->lang, pa->title_zh, pa->title_en), b->ev->cycle_period};
	struct doc_table *t = db_table(b, db_printf(b, "%s%d", db_t(b, "report.sheet.reports"), pa->number),
				       db_fill(b, "report.cap.reports", names, values, 2), 5, n, heads, widths, numeric);
	size_t row = 0;
	for (size_t k = 0; k < ac->n_measures; k++) {
		const struct eval_measure *m = &ac->measures[k];
		for (size_t i = 0; i < m->n_reports; i++, row++) {
			const struct sup_report *r = m->reports[i].r;
			cell_count(b, db_cell(t, row, 0), (size_t)b->p->measures[m->measure].number);
			cell_text(db_cell(t, row, 1), db_unit_name(b, m->reports[i].unit));
			cell_status(db_cell(t, row, 2), db_t(b, db_printf(b, "report.progress.%s", report_progress_name(r->progress))),
				    progress_role(r->progress));
			cell_text(db_cell(t, row, 3), db_t(b, db_printf(b, "report.rstate.%s", report_state_name(r->state))));
			cell_text(db_cell(t, row, 4), summary_of(b, r->narrative));
		}
	}
}

static void action_notices(struct docb *b, const struct eval_action *ac)
{
	static const char *const heads[] = {"report.col.measure_no", "report.col.unit", "report.col.subject",
					    "report.col.level", "report.col.notice_state", "report.col.reply_due"};
	static const double widths[] = {7, 18, 39, 8, 12, 16};
	static const int numeric[] = {1, 0, 0, 1, 0, 0};
	size_t n = 0;
	for (size_t k = 0; k < ac->n_measures; k++)
		n += ac->measures[k].n_notices;
	if (n == 0)
		return;
	const struct action *pa = &b->p->actions[ac->action];
	struct doc_table *t = db_table(b, db_printf(b, "%s%d", db_t(b, "report.sheet.notices"), pa->number),
				       db_printf(b, "%s%s", i18n_pick(b->lang, pa->title_zh, pa->title_en), db_t(b, "report.cap.notices")),
				       6, n, heads, widths, numeric);
	size_t row = 0;
	for (size_t k = 0; k < ac->n_measures; k++) {
		const struct eval_measure *m = &ac->measures[k];
		for (size_t i = 0; i < m->n_notices; i++, row++) {
			const struct sup_notice *x = m->notices[i].n;
			cell_count(b, db_cell(t, row, 0), (size_t)b->p->measures[m->measure].number);
			cell_text(db_cell(t, row, 1), unit_or_code(b, m->notices[i].unit, x->unit));
			cell_text(db_cell(t, row, 2), x->subject ? x->subject : "—");
			cell_count(b, db_cell(t, row, 3), (size_t)(x->level > 0 ? x->level : 1));
			cell_status(db_cell(t, row, 4), db_t(b, db_printf(b, "report.nstate.%s", notice_status_name(x->status))),
				    x->status == NOTICE_ESCALATED || x->level >= 2 ? CHART_ROLE_BAD
				    : x->status == NOTICE_ANSWERED		  ? CHART_ROLE_WARN
										  : CHART_ROLE_MUTED);
			cell_text(db_cell(t, row, 5), x->reply_due ? x->reply_due : "—");
		}
	}
}

void db_action_supervision(struct docb *b, const struct eval_action *ac)
{
	action_milestones(b, ac);
	action_reports(b, ac);
	action_notices(b, ac);
}

/* The supervision picture in a few words, before the actions. */
void db_supervision_words(struct docb *b)
{
	const struct evaluation *ev = b->ev;
	if (!ev->has_supervision) {
		db_para(b, db_t(b, "report.sup.none"));
		return;
	}
	size_t n_ms = 0;
	for (int i = 0; i < EMS__COUNT; i++)
		n_ms += ev->n_ms_state[i];
	const char *names[] = {"n_ms", "done", "overdue", "pending", "cycle", "n_reports", "n_owed", "n_notices",
			       "n_escalated", "period"};
	const char *values[] = {db_printf(b, "%zu", n_ms), db_printf(b, "%zu", ev->n_ms_state[EMS_DONE]),
				db_printf(b, "%zu", ev->n_ms_state[EMS_OVERDUE]), db_printf(b, "%zu", ev->n_ms_state[EMS_PENDING]),
				ev->cycle_period ? ev->cycle_period : "", db_printf(b, "%zu", ev->n_reports),
				db_printf(b, "%zu", ev->n_reports_owed), db_printf(b, "%zu", ev->n_notices),
				db_printf(b, "%zu", ev->n_notices_escalated), ev->period};
	db_para(b, db_fill(b, "report.sup.milestones", names, values, 10));
	db_para(b, db_fill(b, !ev->cycle_period ? "report.sup.no_cycle" : ev->n_reports ? "report.sup.cycle" : "report.sup.cycle_empty",
			   names, values, 10));
	db_para(b, db_fill(b, "report.sup.notices", names, values, 10));
}

static void score_part(const struct docb *b, struct doc_cell *c, int has, double v)
{
	if (!has) {
		cell_empty(c);
		return;
	}
	c->kind = DC_NUMBER;
	c->num = v;
	c->decimals = -1;
	c->mark = "";
	c->text = db_printf(b, "%.0f%%", v * 100);
}

/* The supervision scorecards of the newest cycle (supervise/'s formula), when attached. */
void db_scorecards(struct docb *b)
{
	const struct evaluation *ev = b->ev;
	static const char *const heads[] = {"report.col.unit", "report.col.sc_on_time", "report.col.sc_first_time",
					    "report.col.sc_notices", "report.col.sc_milestones", "report.col.sc_indicators",
					    "report.col.sc_score"};
	static const double widths[] = {30, 12, 12, 12, 12, 11, 11};
	static const int numeric[] = {0, 1, 1, 1, 1, 1, 1};
	if (!ev->cycle_period || ev->n_scorecards == 0)
		return;
	const struct eval_scorecard *s0 = &ev->scorecards[0];
	const char *names[] = {"cycle", "w1", "w2", "w3", "w4", "w5"};
	const char *values[] = {ev->cycle_period, db_printf(b, "%d", s0->weight[0]), db_printf(b, "%d", s0->weight[1]),
				db_printf(b, "%d", s0->weight[2]), db_printf(b, "%d", s0->weight[3]),
				db_printf(b, "%d", s0->weight[4])};
	db_para(b, db_fill(b, "report.sc.formula", names, values, 6));
	struct doc_table *t = db_table(b, db_t(b, "report.sheet.scorecards"), db_fill(b, "report.cap.scorecards", names, values, 6),
				       7, ev->n_scorecards, heads, widths, numeric);
	for (size_t i = 0; i < ev->n_scorecards; i++) {
		const struct eval_scorecard *sc = &ev->scorecards[i];
		cell_text(db_cell(t, i, 0), db_unit_name(b, sc->unit));
		for (int k = 0; k < EVAL_SCORE_PARTS; k++)
			score_part(b, db_cell(t, i, 1 + (size_t)k), sc->has_part[k], sc->part[k]);
		if (sc->has_score) {
			struct doc_cell *c = db_cell(t, i, 6);
			c->kind = DC_NUMBER;
			c->num = sc->score;
			c->decimals = 1;
			c->mark = "";
			c->text = db_printf(b, "%.1f", sc->score);
		} else {
			cell_empty(db_cell(t, i, 6));
		}
	}
}

