/* evaluation_sup.c - the supervision part of the evaluation model (see evaluation.h), read
 * through the store's supervision interface (store/supervise.h, issue 6): each measure's
 * milestones with their state at the end of the period, the newest reporting cycle within the
 * period with the reports submitted to it, and the 督办 notices not yet resolved. The
 * scorecards come from the caller (evaluation_set_scorecards): their formula is supervise/'s. */
#include <string.h>

#include "base/clock.h"
#include "report/evaluation.h"
#include "base/banned.h"

static struct eval_measure *measure_of(struct evaluation *ev, int number)
{
	int mi = plan_find_measure(ev->plan, number);
	if (mi < 0)
		return NULL;
	for (size_t a = 0; a < ev->n_actions; a++)
		for (size_t k = 0; k < ev->actions[a].n_measures; k++)
			if (ev->actions[a].measures[k].measure == mi)
				return &ev->actions[a].measures[k];
	return NULL;
}

/* Done by the period's end; overdue when due by then and already past today, not done by then. */
static enum eval_ms_state ms_state(const struct sup_milestone *m, const char *period_end, const char *today)
{
	if (m->done_on && strcmp(m->done_on, period_end) <= 0)
		return EMS_DONE;
	if (m->due_date && strcmp(m->due_date, period_end) <= 0 && strcmp(m->due_date, today) < 0)
		return EMS_OVERDUE;
	return EMS_PENDING;
}

static enum status milestones(struct evaluation *ev, struct store *s, struct arena *a, const char *period_end,
			      const char *today)
{
	struct sup_milestone *rows;
	size_t n;
	enum status rc = store_sup_milestones(s, a, ev->plan->info.code, 0, &rows, &n);
	if (rc != ST_OK)
		return rc;
	ev->has_supervision |= n > 0;
	for (size_t a_i = 0; a_i < ev->n_actions; a_i++)
		for (size_t k = 0; k < ev->actions[a_i].n_measures; k++)
			ev->actions[a_i].measures[k].milestones = arena_calloc(a, n + 1, sizeof(struct eval_milestone));
	for (size_t i = 0; i < n; i++) {
		struct eval_measure *m = measure_of(ev, rows[i].measure);
		if (!m)
			continue;
		struct eval_milestone *x = &m->milestones[m->n_milestones++];
		x->ms = &rows[i];
		x->owner = rows[i].owner ? plan_find_unit(ev->plan, rows[i].owner) : -1;
		x->state = ms_state(&rows[i], period_end, today);
		ev->n_ms_state[x->state]++;
	}
	return ST_OK;
}

/* The newest cycle whose period lies within the report's period (ends by its end). */
static enum status newest_cycle(struct evaluation *ev, struct store *s, struct arena *a, struct sup_cycle **out)
{
	struct sup_cycle *rows;
	size_t n;
	*out = NULL;
	enum status rc = store_sup_cycles(s, a, ev->plan->info.code, &rows, &n);
	if (rc != ST_OK)
		return rc;
	ev->has_supervision |= n > 0;
	struct period best;
	for (size_t i = 0; i < n; i++) {
		struct period cp;
		if (!period_parse(rows[i].period, strlen(rows[i].period), &cp) || period_cmp(&cp, &ev->per) > 0)
			continue;
		if (!*out || period_cmp(&cp, &best) > 0) {
			*out = &rows[i];
			best = cp;
		}
	}
	return ST_OK;
}

static int role_of(const struct plan *p, int measure, int unit)
{
	for (size_t i = 0; i < p->n_resps; i++)
		if (p->resps[i].measure == measure && p->resps[i].unit == unit)
			return p->resps[i].role == ROLE_LEAD ? 0 : 1;
	return 2;
}

static enum status reports(struct evaluation *ev, struct store *s, struct arena *a)
{
	struct sup_cycle *cy;
	enum status rc = newest_cycle(ev, s, a, &cy);
	if (rc != ST_OK || !cy)
		return rc;
	ev->cycle_period = cy->period;
	ev->cycle_deadline = cy->deadline;
	struct sup_duty *duties;
	size_t n_duties;
	rc = store_sup_duties(s, a, cy->id, &duties, &n_duties);
	if (rc != ST_OK)
		return rc;
	ev->n_reports_owed = n_duties;
	struct sup_report *rows;
	size_t n;
	rc = store_sup_reports(s, a, cy->id, 0, NULL, &rows, &n);
	if (rc != ST_OK)
		return rc;
	for (size_t a_i = 0; a_i < ev->n_actions; a_i++)
		for (size_t k = 0; k < ev->actions[a_i].n_measures; k++)
			ev->actions[a_i].measures[k].reports = arena_calloc(a, n + 1, sizeof(struct eval_report));
	for (size_t i = 0; i < n; i++) {
		/* drafts belong to the unit until submitted: the department's report shows the rest */
		if (rows[i].state == REPORT_DRAFT)
			continue;
		struct eval_measure *m = measure_of(ev, rows[i].measure);
		int unit = rows[i].unit ? plan_find_unit(ev->plan, rows[i].unit) : -1;
		if (!m || unit < 0)
			continue;
		/* lead units first, then co-units, each in the store's order */
		size_t k = m->n_reports++;
		int role = role_of(ev->plan, m->measure, unit);
		while (k > 0 && role_of(ev->plan, m->measure, m->reports[k - 1].unit) > role) {
			m->reports[k] = m->reports[k - 1];
			k--;
		}
		m->reports[k] = (struct eval_report){&rows[i], unit};
		ev->n_reports++;
	}
	return ST_OK;
}

static enum status notices(struct evaluation *ev, struct store *s, struct arena *a)
{
	struct sup_notice_filter f = {.only_unresolved = 1, .plan_code = ev->plan->info.code};
	struct sup_notice *rows;
	size_t n;
	enum status rc = store_sup_notices(s, a, &f, &rows, &n);
	if (rc != ST_OK)
		return rc;
	ev->has_supervision |= n > 0;
	for (size_t a_i = 0; a_i < ev->n_actions; a_i++)
		for (size_t k = 0; k < ev->actions[a_i].n_measures; k++)
			ev->actions[a_i].measures[k].notices = arena_calloc(a, n + 1, sizeof(struct eval_notice));
	for (size_t i = 0; i < n; i++) {
		struct eval_measure *m = rows[i].measure > 0 ? measure_of(ev, rows[i].measure) : NULL;
		if (!m)
			continue;
		m->notices[m->n_notices++] = (struct eval_notice){&rows[i], rows[i].unit ? plan_find_unit(ev->plan, rows[i].unit) : -1};
		ev->n_notices++;
		ev->n_notices_escalated += rows[i].level >= 2 || rows[i].status == NOTICE_ESCALATED;
	}
	return ST_OK;
}

enum status evaluation_build_supervision(struct evaluation *ev, struct store *s, struct arena *a)
{
	char end[11], today[32];
	period_end_date(&ev->per, end);
	clock_format_shanghai(clock_now(), today);
	today[10] = '\0';
	enum status rc = milestones(ev, s, a, end, today);
	if (rc == ST_OK)
		rc = reports(ev, s, a);
	if (rc == ST_OK)
		rc = notices(ev, s, a);
	return rc;
}

void evaluation_set_scorecards(struct evaluation *ev, struct arena *a, const struct eval_scorecard *rows, size_t n)
{
	ev->scorecards = arena_calloc(a, n + 1, sizeof(*rows));
	if (n)
		memcpy(ev->scorecards, rows, n * sizeof(*rows));
	ev->n_scorecards = n;
}
