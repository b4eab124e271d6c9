/* view_review.h - the view of the department's review screen (web/page_review.c): the values
 * submitted for review and those approved and waiting to be published, each with the value it
 * would replace and whether the four-eyes rule keeps the reviewer from approving it. */
#ifndef INNOMON_APP_VIEW_REVIEW_H
#define INNOMON_APP_VIEW_REVIEW_H

#include "app/app.h"
#include "core/obs.h"

struct review_row {
	const struct obs *o;      /* the revision waiting */
	const struct obs *was;    /* the cell's current value it would replace (internal view), or NULL */
	int ind, region;          /* indexes in the view's plan, -1 when the plan does not know them */
	int is_own;               /* submitted, and the four-eyes rule keeps the principal from approving it */
};
struct review_queue {
	enum obs_status status;   /* OBS_SUBMITTED or OBS_APPROVED */
	struct review_row *rows;  /* oldest first: one page of the queue */
	size_t n;
	size_t total;             /* how many wait in all */
	size_t offset;            /* the page's first row, from 0 */
};
struct review_view {
	const struct plan *plan;
	struct review_queue submitted, approved;
};

/* Rows of a queue a page shows. */
#define REVIEW_PAGE 200u

/* The two queues (ACT_REVIEW_VALUES: ST_DENIED / ST_UNAUTH otherwise), in x->arena: a page of
 * REVIEW_PAGE rows of each, from the submitted_from-th and the approved_from-th row (from 0; past
 * the end: the last page). */
enum status app_review_view(struct app_ctx *x, size_t submitted_from, size_t approved_from, struct review_view *out,
			    struct diag_list *errs) WUR;

#endif
