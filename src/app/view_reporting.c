/* view_reporting.c - a unit's reporting page for a cycle (see view_reporting.h). */
#include <string.h>

#include "app/view_reporting.h"
#include "base/clock.h"
#include "store/store.h"
#include "base/banned.h"

/* The unit the page is for: a unit reporter's own; for the department the one asked for, or the
 * first with a responsibility. NULL when none. */
static const char *pick_unit(const struct app_ctx *x, const struct plan *p, const char *wanted)
{
	if (x->who->role == ROLE_UNIT_REPORTER)
		return x->who->unit;
	int u = wanted ? plan_find_unit(p, wanted) : -1;
	if (u >= 0)
		return p->units[u].code;
	return p->n_resps ? p->resps[0].unit_code : NULL;
}

static enum status duty(struct app_ctx *x, const struct sup_cycle *c, const struct app_cycle_status *st, size_t i,
			int may_write, struct reporting_duty *d)
{
	const struct sup_owed *o = &st->rows[i].owed;
	const struct sup_report *rep = o->report;
	d->owed = o;
	d->measure_index = plan_find_measure(x->plan, o->duty.measure);
	d->is_writable = c->is_open && may_write && (!rep || rep->state == REPORT_DRAFT || rep->state == REPORT_RETURNED);
	d->may_upload = c->is_open && may_write && (!rep || rep->state != REPORT_APPROVED);
	if (store_sup_evidence_list(x->store, x->arena, c->id, o->duty.measure, o->duty.unit, &d->evidence, &d->n_evidence) !=
	    ST_OK)
		d->n_evidence = 0;
	if (o->duty.role != ROLE_LEAD)
		return ST_OK;
	d->co = arena_calloc(x->arena, st->n + 1, sizeof(*d->co));
	for (size_t k = 0; k < st->n; k++) {
		const struct sup_owed *e = &st->rows[k].owed;
		if (e->duty.measure == o->duty.measure && strcmp(e->duty.unit, o->duty.unit) != 0 && e->duty.role == ROLE_CO)
			d->co[d->n_co++] = &st->rows[k];
	}
	return ST_OK;
}

enum status app_reporting_view(struct app_ctx *x, const char *period, const char *unit, struct reporting_view *out,
			       struct diag_list *errs)
{
	memset(out, 0, sizeof(*out));
	struct sup_cycle *c;
	enum status rc = app_authorize_any(x, ACT_WRITE_REPORT, errs);
	if (rc == ST_OK)
		rc = app_plan(x, &out->plan);
	if (rc != ST_OK)
		return rc;
	const struct plan *p = out->plan;
	rc = app_cycle_pick(x, period, &c);
	if (rc == ST_NOT_FOUND && !period)
		return ST_OK; /* none opened yet */
	if (rc != ST_OK)
		return rc;
	out->unit = pick_unit(x, p, unit);
	if (!out->unit)
		return ST_NOT_FOUND;
	struct app_cycle_status st;
	rc = app_cycle_status(x, c->period, clock_now(), &st, errs);
	if (rc != ST_OK)
		return rc;
	out->cycle = c;
	if (app_cycles(x, &out->cycles, &out->n_cycles) != ST_OK || out->n_cycles < 2)
		out->n_cycles = 0;
	out->is_department = authz_is_department(x->who);
	if (out->is_department) {
		out->units = arena_calloc(x->arena, p->n_units + 1, sizeof(*out->units));
		for (size_t u = 0; u < p->n_units; u++)
			for (size_t i = 0; i < st.n; i++)
				if (strcmp(st.rows[i].owed.duty.unit, p->units[u].code) == 0) {
					out->units[out->n_units++] = p->units[u].code;
					break;
				}
	}
	struct scope sc = {out->unit, NULL};
	int may_write = app_authorize(x, ACT_WRITE_REPORT, &sc, NULL) == ST_OK;
	out->duties = arena_calloc(x->arena, st.n + 1, sizeof(*out->duties));
	for (size_t i = 0; i < st.n; i++) {
		if (strcmp(st.rows[i].owed.duty.unit, out->unit) != 0)
			continue;
		rc = duty(x, out->cycle, &st, i, may_write, &out->duties[out->n_duties++]);
		if (rc != ST_OK)
			return rc;
	}
	return ST_OK;
}
