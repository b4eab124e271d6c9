/* view_review.c - the review screen's queues (see view_review.h). */
#include <string.h>

#include "app/values.h"
#include "app/view_review.h"
#include "store/store.h"
#include "base/banned.h"

static enum status queue(struct app_ctx *x, const struct plan *p, enum obs_status st, size_t from,
			 struct review_queue *q, struct diag_list *errs)
{
	struct obs *rows;
	size_t n, total;
	enum status rc = app_review_queue(x, st, from, REVIEW_PAGE, &rows, &n, &total, errs);
	if (rc == ST_OK && n == 0 && from > 0 && total > 0) { /* past the end (the queue shrank): its last page */
		from = (total - 1) / REVIEW_PAGE * REVIEW_PAGE;
		rc = app_review_queue(x, st, from, REVIEW_PAGE, &rows, &n, &total, errs);
	}
	if (rc != ST_OK)
		return rc;
	q->status = st;
	q->n = n, q->total = total, q->offset = n ? from : 0;
	q->rows = arena_calloc(x->arena, n + 1, sizeof(*q->rows));
	for (size_t i = 0; i < n; i++) {
		const struct obs *o = &rows[i];
		struct review_row *row = &q->rows[i];
		struct obs *cur = NULL;
		size_t n_cur = 0;
		if (store_obs_current(x->store, x->arena, o->indicator, o->region, OBS_VIEW_INTERNAL, &cur, &n_cur) != ST_OK)
			return ST_STORE;
		row->o = o;
		for (size_t k = 0; k < n_cur; k++)
			if (strcmp(cur[k].period, o->period) == 0)
				row->was = &cur[k];
		row->ind = plan_find_indicator(p, o->indicator);
		row->region = plan_find_region(p, o->region);
		row->is_own = st == OBS_SUBMITTED && app_four_eyes_blocks(x, o);
	}
	return ST_OK;
}

enum status app_review_view(struct app_ctx *x, size_t submitted_from, size_t approved_from, struct review_view *out,
			    struct diag_list *errs)
{
	memset(out, 0, sizeof(*out));
	enum status rc = app_authorize(x, ACT_REVIEW_VALUES, NULL, errs);
	if (rc == ST_OK)
		rc = app_plan(x, &out->plan);
	if (rc == ST_OK)
		rc = queue(x, out->plan, OBS_SUBMITTED, submitted_from, &out->submitted, errs);
	if (rc == ST_OK)
		rc = queue(x, out->plan, OBS_APPROVED, approved_from, &out->approved, errs);
	return rc;
}
