/* view_admin.h - the views of the administrators' pages: the users with the plan's units and
 * regions to scope them to (web/page_admin.c), the audit trail, filtered and a page at a time (web/page_admin.c; the API's GET /api/v1/audit lists events through the same
 * call), and the supervision settings: the 督办 rules and every milestone
 * (web/page_admin_sup.c). */
#ifndef INNOMON_APP_VIEW_ADMIN_H
#define INNOMON_APP_VIEW_ADMIN_H

#include "app/sup.h"
#include "app/users.h"
#include "store/store.h"

struct users_view {
	const struct plan *plan;       /* units and regions to pick; NULL before any plan is stored */
	struct user *rows;             /* every user, as app_users lists them */
	size_t n;
};
/* /admin/users (ACT_MANAGE_USERS). */
enum status app_users_view(struct app_ctx *x, struct users_view *out) WUR;

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

struct sup_settings_view {
	const struct plan *plan;
	struct sup_rule *rules;           /* every 督办 rule; none when they could not be read */
	size_t n_rules;
	struct sup_milestone *milestones; /* every measure's, in measure order; none likewise */
	size_t n_milestones;
};
/* /admin/supervision (ACT_EDIT_PLAN). */
enum status app_sup_settings_view(struct app_ctx *x, struct sup_settings_view *out, struct diag_list *errs) WUR;

#endif
