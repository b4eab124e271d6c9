/* view_admin.h - the views of the administrators' pages (web/page_admin.c): the audit trail,
 * filtered and a page at a time. The API's GET /api/v1/audit lists events through the same
 * call. */
#ifndef INNOMON_APP_VIEW_ADMIN_H
#define INNOMON_APP_VIEW_ADMIN_H

#include "app/app.h"
#include "store/store.h"

/* The events matching f, newest first (ACT_READ_AUDIT). */
enum status app_audit_events(struct app_ctx *x, const struct audit_filter *f, struct audit_event **rows, size_t *n) WUR;

struct audit_view {
	struct audit_filter filter;   /* as asked (actor, action; NULL: any) */
	struct audit_event *rows;     /* newest first, at most filter.limit */
	size_t n;
	long long older_id;           /* the page of older events begins before this id; 0: no link */
};
/* /admin/audit: the events of filter f (f->limit per page). */
enum status app_audit_view(struct app_ctx *x, const struct audit_filter *f, struct audit_view *out) WUR;

#endif
