/* plan.c - checking a plan folder and storing a plan (see plan.h). */
#include "app/plan.h"
#include "ingest/plan_load.h"
#include "base/banned.h"

enum status app_plan_check(struct app_ctx *x, const char *dir, struct plan **out, struct diag_list *errs)
{
	enum status rc = plan_load_dir(x->arena, dir, out, errs);
	return rc == ST_OK || rc == ST_IO ? rc : ST_INVALID;
}

enum status app_plan_save(struct app_ctx *x, struct plan *p, struct plan_save_result *res, struct diag_list *errs)
{
	enum status rc = app_authorize(x, ACT_EDIT_PLAN, NULL, errs);
	if (rc != ST_OK)
		return rc;
	/* every stored version has passed the checks, however it was made */
	if (plan_check(p, errs) != 0 || (rc = app_errors_status(errs)) != ST_OK)
		return ST_INVALID;
	return store_plan_save(x->store, p, x->who->name, res);
}
