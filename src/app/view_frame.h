/* view_frame.h - the view of the page frame's header (web/html.c page_begin): which work pages
 * the acting principal's menu offers and the number of unread inbox notifications. The one
 * place the menu's rights are decided; the renderer only reads the flags. */
#ifndef INNOMON_APP_VIEW_FRAME_H
#define INNOMON_APP_VIEW_FRAME_H

#include "app/app.h"

struct frame_view {
	int is_signed_in;  /* reports, notices, scorecards, registries, the account and the inbox */
	int may_enter;     /* /entry: could write values for some unit or region */
	int may_review;    /* /review */
	int may_report;    /* /reporting: could write some unit's reports */
	int may_supervise; /* /supervision */
	int is_admin;      /* users, plan edits, supervision settings, the audit trail */
	const char *name;  /* the principal's name as stored; NULL when anonymous */
	const char *role;  /* role_name of the principal */
	long long unread;  /* unread inbox notifications (0 when the store cannot say) */
};

/* The frame of x->who's pages. x->store may be NULL (a page without a store): unread 0.
 * Cannot fail. */
void app_frame_view(struct app_ctx *x, struct frame_view *out);

#endif
