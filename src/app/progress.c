/* progress.c - progress against a plan's targets as a reader may see it (see progress.h). */
#include <math.h>
#include <string.h>

#include "app/progress.h"
#include "store/store.h"
#include "base/banned.h"

enum status app_progress(struct app_ctx *x, int ind, unsigned flags, struct app_progress *out, struct diag_list *errs)
{
	memset(out, 0, sizeof(*out));
	enum status rc = app_authorize(x, ACT_READ_PUBLIC, NULL, errs);
	if (rc == ST_OK)
		rc = app_plan(x, &out->plan);
	if (rc != ST_OK)
		return rc;
	const struct plan *p = out->plan;
	if (ind < -1 || ind >= (int)p->n_indicators)
		return ST_NOT_FOUND;
	app_reader_of(x, &out->who);
	out->as_of_t = flags & APP_PROGRESS_FINAL ? INFINITY : assess_now_t();
	/* one indicator reads its own values only, unless a formula or a continued series reads others */
	const char *only = ind >= 0 && !indicator_reads_others(&p->indicators[ind]) ? p->indicators[ind].code : NULL;
	rc = store_obs_current(x->store, x->arena, only, NULL, out->who.view, &out->cur, &out->n_cur);
	if (rc != ST_OK)
		return rc;
	assess_plan_values(p, out->cur, out->n_cur, out->as_of_t, x->arena, &out->rows, &out->n_rows);
	if (flags & APP_PROGRESS_TRENDS)
		assess_trend_values(p, out->cur, out->n_cur, out->as_of_t, x->arena, &out->trends, &out->n_trends);
	if (ind < 0)
		return ST_OK;
	/* of ind alone: the rows are in plan order, so keeping them in place keeps the order */
	size_t k = 0;
	for (size_t i = 0; i < out->n_rows; i++)
		if (out->rows[i].indicator == ind)
			out->rows[k++] = out->rows[i];
	out->n_rows = k;
	k = 0;
	for (size_t i = 0; i < out->n_trends; i++)
		if (out->trends[i].indicator == ind)
			out->trends[k++] = out->trends[i];
	out->n_trends = k;
	return ST_OK;
}
