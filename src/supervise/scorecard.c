/* scorecard.c - scorecards per unit and per place (a city, county or district government) for
 * one reporting cycle: the counts behind the formula (reports, notices, milestones, linked targets) gathered from the store, then
 * sup_score_compute. A period's indicators are judged on the values of periods ending by the
 * period's end, so a scorecard reads the same later as it did then, and periods compare. */
#include <string.h>

#include "base/clock.h"
#include "core/plan_facts.h"
#include "supervise/assess_at.h"
#include "supervise/supervise.h"
#include "base/banned.h"

/* Whether region g is city or lies in it (one of its parents is city). */
static int in_city(const struct plan *p, int g, int city)
{
	if (g == city)
		return 1;
	for (size_t k = 0; k < p->regions[g].n_parents; k++)
		if (p->regions[g].parents[k] == city)
			return 1;
	return 0;
}

/* Whether unit leads measure number. */
static int leads(const struct plan *p, const char *unit, int number)
{
	for (size_t i = 0; i < p->n_resps; i++)
		if (p->resps[i].measure_number == number && p->resps[i].role == ROLE_LEAD && strcmp(p->resps[i].unit_code, unit) == 0)
			return 1;
	return 0;
}

static void count_reports(struct sup_score_in *in, const struct sup_owed *owed, size_t n, const char *unit)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(owed[i].duty.unit, unit) != 0)
			continue;
		in->n_owed++;
		in->n_on_time += owed[i].timeliness == SUP_ON_TIME;
		in->n_late += owed[i].timeliness == SUP_LATE;
		in->n_missing += owed[i].timeliness == SUP_MISSING;
		in->n_pending += owed[i].timeliness == SUP_PENDING;
		const struct sup_report *r = owed[i].report;
		if (r && r->first_submitted_at) {
			in->n_submitted++;
			in->n_returned += r->n_returned > 0;
			in->n_approved += r->state == REPORT_APPROVED;
		}
	}
}

static void count_notices(struct sup_score_in *in, const struct sup_notice *ns, size_t n, const char *unit)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(ns[i].unit, unit) != 0)
			continue;
		in->n_notices++;
		in->n_open += ns[i].status == NOTICE_OPEN;
		in->n_answered += ns[i].status == NOTICE_ANSWERED;
		in->n_closed += ns[i].status == NOTICE_CLOSED;
		in->n_escalated += ns[i].level == 2;
		in->n_unresolved += ns[i].status == NOTICE_OPEN || ns[i].status == NOTICE_ESCALATED;
	}
}

static void count_milestones(struct sup_score_in *in, const struct sup_milestone *ms, size_t n, const char *unit,
			     const char *period_end, time_t now)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(ms[i].owner, unit) != 0 || strcmp(ms[i].due_date, period_end) > 0)
			continue;
		time_t due = sup_end_of_day(ms[i].due_date);
		int is_done = ms[i].done_on && strcmp(ms[i].done_on, period_end) <= 0;
		if (!is_done && (!due || due >= now))
			continue; /* not due yet */
		in->n_ms_due++;
		in->n_ms_done += is_done;
		in->n_ms_overdue += !is_done;
	}
}

enum status sup_scorecards(struct store *s, struct arena *a, const struct plan *p, const char *period, int is_city,
			   time_t now, struct sup_scorecard **rows, size_t *n)
{
	struct sup_cycle *c;
	struct sup_error err;
	*rows = NULL;
	*n = 0;
	enum status rc = sup_cycle_find(s, a, p->info.code, period, &c, &err);
	if (rc != ST_OK)
		return rc;
	struct period per;
	char period_end[11];
	period_parse(c->period, strlen(c->period), &per);
	period_end_date(&per, period_end);
	double t_end = period_time(&per);

	struct sup_owed *owed;
	size_t n_owed, n_notices, n_ms, n_cur;
	struct sup_notice *notices;
	struct sup_milestone *ms;
	struct obs *cur;
	struct sup_notice_filter f = {.period = c->period, .plan_code = p->info.code};
	rc = sup_cycle_owed(s, a, c, now, &owed, &n_owed);
	if (rc == ST_OK)
		rc = store_sup_notices(s, a, &f, &notices, &n_notices);
	if (rc == ST_OK)
		rc = store_sup_milestones(s, a, p->info.code, 0, &ms, &n_ms);
	if (rc == ST_OK)
		rc = store_obs_current(s, a, NULL, NULL, OBS_VIEW_INTERNAL, &cur, &n_cur);
	if (rc != ST_OK)
		return rc;

	/* every target's status at the period's end, once */
	enum progress_status *status = arena_calloc(a, p->n_targets + 1, sizeof(*status));
	const struct series_input in = series_input_of(cur, n_cur);
	for (size_t ti = 0; ti < p->n_targets; ti++) {
		struct series se;
		sup_target_series(p, &in, (int)ti, a, &se);
		size_t k = 0;
		while (k < se.n && se.pts[k].t <= t_end + 1e-9)
			k++;
		status[ti] = sup_target_status(p, (int)ti, &se, k, a);
	}

	*rows = arena_calloc(a, p->n_units + 1, sizeof(**rows));
	for (size_t u = 0; u < p->n_units; u++) {
		const char *unit = p->units[u].code;
		int city = plan_unit_place(p, (int)u);
		int has_duty = 0;
		for (size_t i = 0; i < n_owed && !has_duty; i++)
			has_duty = strcmp(owed[i].duty.unit, unit) == 0;
		if (is_city ? city < 0 : !has_duty)
			continue;
		struct sup_scorecard *sc = &(*rows)[(*n)++];
		sc->unit = unit;
		sc->region = is_city ? p->regions[city].code : NULL;
		count_reports(&sc->in, owed, n_owed, unit);
		count_notices(&sc->in, notices, n_notices, unit);
		count_milestones(&sc->in, ms, n_ms, unit, period_end, now);
		for (size_t ti = 0; ti < p->n_targets; ti++) {
			const struct target *tg = &p->targets[ti];
			const struct indicator *ind = &p->indicators[tg->indicator];
			int counts = is_city ? in_city(p, tg->region, city)
					     : ind->measure >= 0 && leads(p, unit, p->measures[ind->measure].number);
			if (!counts || status[ti] == PS_NO_STATUS)
				continue;
			sc->in.n_ind_assessed++;
			sc->in.n_ind_on_track += sup_status_on_track(status[ti]);
			sc->in.n_ind_off_track += sup_status_off_track(status[ti]);
		}
		sup_score_compute(&sc->in, &sc->out);
	}
	return ST_OK;
}
