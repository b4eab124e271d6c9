/* view_frame.c - the page frame's menu rights and unread count (see view_frame.h). */
#include <string.h>

#include "app/view_frame.h"
#include "store/store.h"
#include "base/banned.h"

void app_frame_view(struct app_ctx *x, struct frame_view *out)
{
	const struct principal *p = x->who;
	memset(out, 0, sizeof(*out));
	out->is_signed_in = p->role != ROLE_NONE;
	out->may_enter = app_authorize_any(x, ACT_WRITE_VALUES, NULL) == ST_OK;
	out->may_review = app_authorize(x, ACT_REVIEW_VALUES, NULL, NULL) == ST_OK;
	out->may_report = app_authorize_any(x, ACT_WRITE_REPORT, NULL) == ST_OK;
	out->may_supervise = app_authorize(x, ACT_SUPERVISE, NULL, NULL) == ST_OK;
	out->is_admin = p->role == ROLE_ADMIN;
	out->role = role_name(p->role);
	if (!out->is_signed_in)
		return;
	out->name = p->name;
	if (x->store && store_sup_inbox_unread(x->store, p->user_id, &out->unread) != ST_OK)
		out->unread = 0;
}
