/* view_reader.c - what the acting principal may see on the read pages (see view_reader.h). */
#include "app/view_reader.h"
#include "base/banned.h"

void app_reader_of(const struct app_ctx *x, struct app_reader *out)
{
	out->is_signed_in = x->who->role != ROLE_NONE;
	out->is_internal = authz_check(x->who, ACT_READ_INTERNAL, NULL) == ST_OK;
	out->is_department = authz_is_department(x->who);
	out->may_edit_plan = authz_check(x->who, ACT_EDIT_PLAN, NULL) == ST_OK;
	out->view = out->is_internal ? OBS_VIEW_INTERNAL : OBS_VIEW_PUBLIC;
}
