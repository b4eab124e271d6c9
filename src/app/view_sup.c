/* view_sup.c - the view models of task supervision on the read pages (see view_sup.h). */
#include <string.h>

#include "app/view_reader.h"
#include "app/view_sup.h"
#include "base/clock.h"
#include "store/store.h"
#include "base/banned.h"

/* Whether x->who sees the supervision sections: signed in with ACT_READ_INTERNAL. */
static int is_shown(const struct app_ctx *x)
{
	struct app_reader who;
	app_reader_of(x, &who);
	return who.is_internal;
}

/* The cycle the sections show: app_cycle_pick's (the open one due last, else the newest), the
 * same as the supervision screen's and the matrix's; NULL when there is none. */
static enum status latest_cycle(struct app_ctx *x, const struct sup_cycle **out)
{
	struct sup_cycle *c = NULL;
	enum status rc = app_cycle_pick(x, NULL, &c);
	*out = c;
	return rc == ST_NOT_FOUND ? ST_OK : rc;
}

/* The duties of cycle c (those of measure, else of unit, else all), each marked visible or not. */
static enum status owed_of(struct app_ctx *x, const struct plan *p, const struct sup_cycle *c, int measure,
			   const char *unit, struct app_owed **out, size_t *n_out)
{
	struct sup_owed *owed;
	size_t n;
	enum status rc = sup_cycle_owed(x->store, x->arena, c, clock_now(), &owed, &n);
	if (rc != ST_OK)
		return rc;
	*out = arena_calloc(x->arena, n + 1, sizeof(**out));
	*n_out = 0;
	for (size_t i = 0; i < n; i++) {
		if ((measure && owed[i].duty.measure != measure) || (unit && strcmp(owed[i].duty.unit, unit) != 0))
			continue;
		struct app_owed *o = &(*out)[(*n_out)++];
		o->owed = owed[i];
		o->is_visible = app_report_visible(x, p, owed[i].duty.measure, owed[i].duty.unit, owed[i].report);
	}
	return ST_OK;
}

/* The milestones of measure (0: all) owned by owner (NULL: any), with their state today. */
static enum status milestones_of(struct app_ctx *x, const struct plan *p, int measure, const char *owner,
				 struct app_milestone **out, size_t *n_out)
{
	struct sup_milestone *ms;
	size_t n;
	enum status rc = store_sup_milestones(x->store, x->arena, p->info.code, measure, &ms, &n);
	if (rc != ST_OK)
		return rc;
	time_t now = clock_now();
	*out = arena_calloc(x->arena, n + 1, sizeof(**out));
	*n_out = 0;
	for (size_t i = 0; i < n; i++) {
		if (owner && strcmp(ms[i].owner, owner) != 0)
			continue;
		time_t due = sup_end_of_day(ms[i].due_date);
		(*out)[(*n_out)++] = (struct app_milestone){ms[i], ms[i].done_on ? "done" : due && now > due ? "overdue" : "open"};
	}
	return ST_OK;
}

/* The notices of f the principal may see. */
static enum status notices_of(struct app_ctx *x, const struct sup_notice_filter *f, struct sup_notice **out, size_t *n)
{
	struct app_notice_filter af = {.store = *f};
	return app_notices(x, &af, out, n);
}

enum status app_sup_dashboard_view(struct app_ctx *x, struct app_sup_dashboard *out)
{
	const struct plan *p;
	struct sup_notice *ns;
	size_t n_ns;
	struct app_cycle_status st;
	memset(out, 0, sizeof(*out));
	if (!is_shown(x))
		return ST_OK;
	out->is_shown = 1;
	/* every count is of what the principal may open: the notices app_notices lists them, the
	 * reports app_cycle_status counts them (the supervision screen's and the API's answer) */
	struct app_notice_filter f = {.store = {.only_unresolved = 1}};
	enum status rc = app_plan(x, &p);
	if (rc == ST_OK)
		rc = app_notices(x, &f, &ns, &n_ns);
	if (rc == ST_OK) {
		rc = app_cycle_status(x, NULL, clock_now(), &st, NULL);
		if (rc == ST_NOT_FOUND) /* no cycle yet */
			memset(&st, 0, sizeof(st)), rc = ST_OK;
	}
	if (rc != ST_OK)
		return rc;
	out->cycle = st.cycle;
	if (out->cycle) {
		const struct app_owed *owed = st.rows;
		size_t n = st.n;
		/* each measure by what its (first) lead unit reports, as far as the principal may see */
		for (size_t m = 0; m < p->n_measures; m++) {
			const struct app_owed *lead = NULL;
			for (size_t i = 0; i < n && !lead; i++)
				if (owed[i].owed.duty.measure == p->measures[m].number && owed[i].owed.duty.role == ROLE_LEAD)
					lead = &owed[i];
			const struct sup_report *rep = lead ? lead->owed.report : NULL;
			if (rep && rep->first_submitted_at && lead->is_visible)
				out->by_progress[rep->progress]++;
			else
				out->n_unreported++;
		}
		out->n_missing = st.count[SUP_MISSING];
		out->n_late = st.count[SUP_LATE];
		if (authz_is_department(x->who))
			out->overdue_href = arena_printf(x->arena, "/supervision?cycle=%s", out->cycle->period);
	}
	out->escalated = arena_calloc(x->arena, APP_SUP_ESCALATED_SHOWN + 1, sizeof(*out->escalated));
	for (size_t i = 0; i < n_ns; i++) {
		out->n_open += ns[i].status == NOTICE_OPEN || ns[i].status == NOTICE_ESCALATED;
		out->n_escalated += ns[i].level == 2;
		if (ns[i].level == 2 && out->n_escalated_shown < APP_SUP_ESCALATED_SHOWN)
			out->escalated[out->n_escalated_shown++] = ns[i];
	}
	return ST_OK;
}

enum status app_sup_measure_view(struct app_ctx *x, int measure, struct app_sup_measure *out)
{
	const struct plan *p;
	memset(out, 0, sizeof(*out));
	if (!is_shown(x))
		return ST_OK;
	out->is_shown = 1;
	struct sup_notice_filter f = {.measure = measure};
	enum status rc = app_plan(x, &p);
	if (rc == ST_OK)
		rc = milestones_of(x, p, measure, NULL, &out->milestones, &out->n_milestones);
	if (rc == ST_OK)
		rc = notices_of(x, &f, &out->notices, &out->n_notices);
	if (rc == ST_OK)
		rc = latest_cycle(x, &out->cycle);
	if (rc == ST_OK && out->cycle)
		rc = owed_of(x, p, out->cycle, measure, NULL, &out->owed, &out->n_owed);
	return rc;
}

enum status app_sup_unit_view(struct app_ctx *x, const char *unit, struct app_sup_unit *out)
{
	const struct plan *p;
	memset(out, 0, sizeof(*out));
	if (!is_shown(x))
		return ST_OK;
	out->is_shown = 1;
	struct sup_notice_filter f = {.unit = unit};
	enum status rc = app_plan(x, &p);
	if (rc == ST_OK)
		rc = milestones_of(x, p, 0, unit, &out->milestones, &out->n_milestones);
	if (rc == ST_OK)
		rc = notices_of(x, &f, &out->notices, &out->n_notices);
	if (rc == ST_OK)
		rc = latest_cycle(x, &out->cycle);
	if (rc != ST_OK || !out->cycle)
		return rc;
	struct sup_scorecard *cards;
	size_t n_cards;
	rc = sup_scorecards(x->store, x->arena, p, out->cycle->period, 0, clock_now(), &cards, &n_cards);
	if (rc != ST_OK)
		return rc;
	for (size_t i = 0; i < n_cards && !out->card; i++)
		if (strcmp(cards[i].unit, unit) == 0)
			out->card = &cards[i];
	return owed_of(x, p, out->cycle, 0, unit, &out->owed, &out->n_owed);
}

/* The cycles, and the one of period (NULL or "": app_cycle_pick's, the supervision screen's;
 * ST_NOT_FOUND when period names none). */
static enum status pick_cycle(struct app_ctx *x, const char *period, struct sup_cycle **cycles, size_t *n,
			      struct sup_cycle **out)
{
	*out = NULL;
	enum status rc = app_cycles(x, cycles, n);
	if (rc != ST_OK)
		return rc;
	int is_named = period && *period;
	rc = app_cycle_pick(x, is_named ? period : NULL, out);
	return rc == ST_NOT_FOUND && !is_named ? ST_OK : rc;
}

enum status app_matrix_view(struct app_ctx *x, const char *period, struct app_matrix_view *out)
{
	const struct plan *p;
	memset(out, 0, sizeof(*out));
	enum status rc = pick_cycle(x, period, &out->cycles, &out->n_cycles, &out->cycle);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc == ST_OK && out->cycle)
		rc = owed_of(x, p, out->cycle, 0, NULL, &out->owed, &out->n_owed);
	return rc;
}

enum status app_scorecards_view(struct app_ctx *x, const char *period, int is_city, struct app_scorecards_view *out)
{
	memset(out, 0, sizeof(*out));
	out->is_city = is_city;
	enum status rc = app_cycles(x, &out->cycles, &out->n_cycles);
	if (rc != ST_OK || (!period && !out->n_cycles)) /* none yet: an empty view */
		return rc;
	time_t now = clock_now();
	rc = app_scorecards(x, period, is_city, now, &out->cycle, &out->rows, &out->n_rows);
	if (rc != ST_OK)
		return rc;
	/* every cycle side by side, oldest first, at most APP_SCORE_HISTORY_MAX */
	size_t n_hist = out->n_cycles < APP_SCORE_HISTORY_MAX ? out->n_cycles : APP_SCORE_HISTORY_MAX;
	if (n_hist < 2)
		return ST_OK;
	out->hist_period = arena_calloc(x->arena, n_hist, sizeof(*out->hist_period));
	out->hist = arena_calloc(x->arena, n_hist, sizeof(*out->hist));
	out->n_h = arena_calloc(x->arena, n_hist, sizeof(*out->n_h));
	for (size_t k = 0; k < n_hist; k++) {
		struct sup_cycle *c;
		out->hist_period[k] = out->cycles[n_hist - 1 - k].period;
		rc = app_scorecards(x, out->hist_period[k], is_city, now, &c, &out->hist[k], &out->n_h[k]);
		if (rc != ST_OK)
			return rc;
	}
	out->n_hist = n_hist;
	return ST_OK;
}

const struct sup_scorecard *app_scorecards_hist(const struct app_scorecards_view *v, size_t k, const char *unit)
{
	for (size_t j = 0; k < v->n_hist && j < v->n_h[k]; j++)
		if (strcmp(v->hist[k][j].unit, unit) == 0)
			return &v->hist[k][j];
	return NULL;
}
