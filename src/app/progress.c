/* progress.c - progress against a plan's targets as a reader may see it (see progress.h). */
#include <math.h>
#include <string.h>

#include "app/progress.h"
#include "app/progress_memo.h"
#include "store/store.h"
#include "base/banned.h"

/* The rows of rows[0..*n) about indicator ind, copied into a in their order; *n becomes their count. */
static const struct assess_row *of_indicator(struct arena *a, const struct assess_row *rows, size_t *n, int ind)
{
	if (!rows)
		return NULL;
	struct assess_row *out = arena_alloc(a, (*n + 1) * sizeof(*out));
	size_t k = 0;
	for (size_t i = 0; i < *n; i++)
		if (rows[i].indicator == ind)
			out[k++] = rows[i];
	*n = k;
	return out;
}

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
	rc = ST_NOT_FOUND;
	if (x->progress && x->plan == p) {
		/* computed once per store version for every request of this view; one indicator's
		 * values alone are read faster than every indicator's, so it takes the answer only
		 * when it is there already */
		struct progress_answer ans;
		unsigned how = (flags & APP_PROGRESS_TRENDS ? PROGRESS_MEMO_TRENDS : 0) | (only ? PROGRESS_MEMO_IF_KEPT : 0);
		rc = progress_memo_get(x->progress, x->store, x->arena, p, out->who.view, out->as_of_t, how, &ans);
		if (rc != ST_OK && rc != ST_NOT_FOUND)
			return rc;
		out->cur = ans.cur, out->n_cur = ans.n_cur;
		out->rows = ans.rows, out->n_rows = ans.n_rows;
		if (flags & APP_PROGRESS_TRENDS)
			out->trends = ans.trends, out->n_trends = ans.n_trends;
	}
	if (rc == ST_NOT_FOUND) {
		struct obs *cur;
		struct assess_row *rows, *trends = NULL;
		rc = store_obs_current(x->store, x->arena, only, NULL, out->who.view, &cur, &out->n_cur);
		if (rc != ST_OK)
			return rc;
		assess_plan_values(p, cur, out->n_cur, out->as_of_t, x->arena, &rows, &out->n_rows);
		if (flags & APP_PROGRESS_TRENDS)
			assess_trend_values(p, cur, out->n_cur, out->as_of_t, x->arena, &trends, &out->n_trends);
		out->cur = cur, out->rows = rows, out->trends = trends;
	}
	if (ind < 0)
		return ST_OK;
	/* of ind alone, in plan order (a copy: the rows may be shared) */
	out->rows = of_indicator(x->arena, out->rows, &out->n_rows, ind);
	out->trends = of_indicator(x->arena, out->trends, &out->n_trends, ind);
	return ST_OK;
}

enum status app_current_values(struct app_ctx *x, const struct plan *p, enum obs_view view, const struct obs **cur,
			       size_t *n)
{
	if (x->progress && x->plan == p) {
		struct progress_answer ans;
		enum status rc = progress_memo_get(x->progress, x->store, x->arena, p, view, assess_now_t(), 0, &ans);
		*cur = ans.cur, *n = ans.n_cur;
		return rc;
	}
	struct obs *own;
	enum status rc = store_obs_current(x->store, x->arena, NULL, NULL, view, &own, n);
	*cur = own;
	return rc;
}
