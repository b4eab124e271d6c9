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
	struct review_row *rows;  /* oldest first */
	size_t n;
};
struct review_view {
	const struct plan *plan;
	struct review_queue submitted, approved;
};

/* The two queues (ACT_REVIEW_VALUES: ST_DENIED / ST_UNAUTH otherwise), in x->arena. */
enum status app_review_view(struct app_ctx *x, struct review_view *out, struct diag_list *errs) WUR;

#endif
