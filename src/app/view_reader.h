/* view_reader.h - what the acting principal may see on the read pages, decided once per
 * request: which values they read (published only, or the department's internal view too),
 * whether they see the supervision sections and notices, the review form, the plan's admin
 * links. A view model (app/view_*.h) carries it so that a renderer tests flags, never a role.
 * May call core only. */
#ifndef INNOMON_APP_VIEW_READER_H
#define INNOMON_APP_VIEW_READER_H

#include "app/app.h"
#include "core/obs.h"

struct app_reader {
	enum obs_view view;   /* the values they read: OBS_VIEW_INTERNAL when is_internal */
	int is_signed_in;     /* anyone but an anonymous visitor */
	int is_internal;      /* ACT_READ_INTERNAL: supervision sections, notices in search, the matrix */
	int is_department;    /* the department (authz_is_department): qualitative reviews, overdue reports */
	int may_edit_plan;    /* ACT_EDIT_PLAN: the plans' admin links */
};

/* The rights of x->who as flags. Cannot fail. */
void app_reader_of(const struct app_ctx *x, struct app_reader *out);

#endif
