/* view_supervision.c - the supervision screen and one progress report (see
 * view_supervision.h). */
#include <string.h>

#include "app/view_supervision.h"
#include "base/clock.h"
#include "base/banned.h"

enum status app_supervision_view(struct app_ctx *x, const char *period, struct supervision_view *out,
				 struct diag_list *errs)
{
	memset(out, 0, sizeof(*out));
	enum status rc = app_authorize(x, ACT_SUPERVISE, NULL, errs);
	if (rc == ST_OK)
		rc = app_plan(x, &out->plan);
	if (rc == ST_OK)
		rc = app_cycles(x, &out->cycles, &out->n_cycles);
	if (rc != ST_OK)
		return rc;
	const struct sup_cycle *c = NULL;
	for (size_t i = 0; i < out->n_cycles && !c; i++)
		if (period ? strcmp(out->cycles[i].period, period) == 0 : out->cycles[i].is_open)
			c = &out->cycles[i];
	if (!c && !period && out->n_cycles)
		c = &out->cycles[0];
	if (!c && period)
		return ST_NOT_FOUND;
	out->cycle = c;
	if (!c)
		return ST_OK;
	rc = app_cycle_status(x, c->period, clock_now(), &out->status, errs);
	if (rc != ST_OK)
		return rc;
	for (size_t i = 0; i < out->status.n; i++) {
		const struct sup_report *rep = out->status.rows[i].owed.report;
		out->n_waiting += rep && rep->state == REPORT_SUBMITTED;
		out->n_approved += rep && rep->state == REPORT_APPROVED;
		out->n_returned += rep && rep->state == REPORT_RETURNED;
	}
	return ST_OK;
}

enum status app_progress_report_view(struct app_ctx *x, const struct app_report_key *key,
				     struct progress_report_view *out)
{
	memset(out, 0, sizeof(*out));
	enum status rc = app_plan(x, &out->plan);
	if (rc == ST_OK)
		rc = app_report_get(x, key, &out->report);
	if (rc != ST_OK)
		return rc;
	const struct sup_report *rep = out->report.owed->report;
	if (!rep)
		return ST_NOT_FOUND; /* nothing written yet */
	time_t deadline = 0;
	if (!clock_parse_utc(out->report.cycle->deadline, &deadline))
		deadline = 0;
	out->timeliness = sup_timeliness(rep->first_submitted_at, deadline, clock_now());
	out->measure_index = plan_find_measure(out->plan, out->report.measure);
	out->is_department = authz_is_department(x->who);
	out->may_review = rep->state == REPORT_SUBMITTED && app_authorize(x, ACT_SUPERVISE, NULL, NULL) == ST_OK;
	return ST_OK;
}
