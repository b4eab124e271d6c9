/* view_notices.c - the notices pages' views (see view_notices.h). */
#include <string.h>

#include "app/view_notices.h"
#include "base/banned.h"

enum status app_notices_view(struct app_ctx *x, const struct notices_query *q, struct notices_view *out)
{
	memset(out, 0, sizeof(*out));
	out->q = *q;
	enum status rc = app_plan(x, &out->plan);
	if (rc == ST_OK)
		rc = app_notices(x, &out->q.filter, &out->rows, &out->n);
	if (rc != ST_OK)
		return rc;
	out->may_raise = app_authorize(x, ACT_SUPERVISE, NULL, NULL) == ST_OK;
	return ST_OK;
}

enum status app_notice_view(struct app_ctx *x, long long id, struct notice_view *out)
{
	memset(out, 0, sizeof(*out));
	enum status rc = app_notice_get(x, id, &out->notice, &out->replies, &out->n_replies);
	if (rc == ST_OK)
		rc = app_sup_plan_of(x, out->notice->plan_code, &out->plan); /* the notice's, whichever is shown */
	if (rc != ST_OK)
		return rc;
	int is_open = out->notice->status != NOTICE_CLOSED;
	struct scope sc = {out->notice->unit, NULL};
	out->may_reply = is_open && app_authorize(x, ACT_WRITE_REPORT, &sc, NULL) == ST_OK;
	out->may_close = is_open && app_authorize(x, ACT_SUPERVISE, NULL, NULL) == ST_OK;
	return ST_OK;
}

enum status app_inbox_view(struct app_ctx *x, int limit, struct inbox_view *out)
{
	memset(out, 0, sizeof(*out));
	enum status rc = app_plan(x, &out->plan);
	if (rc == ST_OK)
		rc = app_inbox(x, 0, limit, &out->rows, &out->n, &out->unread);
	return rc;
}
