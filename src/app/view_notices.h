/* view_notices.h - the views of the 督办 notices pages (web/page_notices.c): the list the
 * principal may see with the filter asked for and whether they may raise one by hand; one
 * notice with its replies and whether they may answer or close it; the principal's inbox. */
#ifndef INNOMON_APP_VIEW_NOTICES_H
#define INNOMON_APP_VIEW_NOTICES_H

#include "app/sup.h"

/* The list's query as the handler parsed it. */
struct notices_query {
	struct app_notice_filter filter;
	int has_status_param;  /* ?status= was given (whatever its value) */
	int has_level_param;   /* ?level= was given */
};
struct notices_view {
	const struct plan *plan;
	struct notices_query q;       /* as asked */
	struct sup_notice *rows;      /* those the principal may see, newest first */
	size_t n;
	int may_raise;                /* ACT_SUPERVISE: the form to raise one */
};
/* The notices (ACT_READ_INTERNAL) matching q. */
enum status app_notices_view(struct app_ctx *x, const struct notices_query *q, struct notices_view *out) WUR;

struct notice_view {
	const struct plan *plan;      /* the notice's plan */
	struct sup_notice *notice;
	struct sup_reply *replies;    /* oldest first */
	size_t n_replies;
	int may_reply;                /* open, and the principal may answer for its unit */
	int may_close;                /* open, and the principal supervises */
};
/* Notice id, as the principal may see it (ST_NOT_FOUND otherwise). */
enum status app_notice_view(struct app_ctx *x, long long id, struct notice_view *out) WUR;

struct inbox_view {
	const struct plan *plan;
	struct sup_notification *rows; /* newest first, at most the limit asked */
	size_t n;
	long long unread;              /* of all the principal's, not only those listed */
};
/* The principal's inbox (ACT_OWN_ACCOUNT), at most limit notifications. */
enum status app_inbox_view(struct app_ctx *x, int limit, struct inbox_view *out) WUR;

#endif
