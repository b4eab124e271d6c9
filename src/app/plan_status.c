/* plan_status.c - a plan's lifecycle status: draft, in force, superseded (see plan.h). The
 * checks read every plan's status once (store_plan_versions) and list every problem. */
#include <string.h>

#include "app/plan.h"
#include "base/banned.h"

/* The row of plan code in rows[0..n) (any of its versions: status is the plan's), or NULL. */
static const struct plan_version_row *row_of(const struct plan_version_row *rows, size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(rows[i].code, code) == 0)
			return &rows[i];
	return NULL;
}

/* Whether following successors from plan from reaches plan code (a cycle once code names it).
 * Bounded by the number of rows: a chain is never longer than the plans there are. */
static int leads_to(const struct plan_version_row *rows, size_t n, const char *from, const char *code)
{
	const struct plan_version_row *r = row_of(rows, n, from);
	for (size_t steps = 0; r && steps <= n; steps++) {
		if (strcmp(r->code, code) == 0)
			return 1;
		r = r->status == PLAN_STATUS_SUPERSEDED ? row_of(rows, n, r->superseded_by) : NULL;
	}
	return 0;
}

enum status app_plan_set_status(struct app_ctx *x, const char *code, enum plan_status status, const char *superseded_by,
				struct plan_status_result *res, struct diag_list *errs)
{
	memset(res, 0, sizeof(*res));
	enum status rc = app_authorize(x, ACT_EDIT_PLAN, NULL, errs);
	if (rc != ST_OK)
		return rc;
	struct plan_version_row *rows;
	size_t n;
	rc = store_plan_versions(x->store, x->arena, &rows, &n);
	if (rc != ST_OK)
		return rc;
	if (!row_of(rows, n, code))
		return app_refuse(errs, ST_NOT_FOUND, "code", "not_found", "error.no_such_plan", "there is no plan '%s'",
				  code ? code : "");
	if (superseded_by && !*superseded_by)
		superseded_by = NULL;
	if (status == PLAN_STATUS_SUPERSEDED) {
		const struct plan_version_row *by = row_of(rows, n, superseded_by);
		if (!superseded_by)
			(void)app_refuse(errs, ST_INVALID, "superseded_by", "missing", "plans.err.by_missing",
					 "a superseded plan names its successor");
		else if (!by)
			(void)app_refuse(errs, ST_INVALID, "superseded_by", "unknown_reference", "plans.err.by_unknown",
					 "there is no plan '%s' to be superseded by", superseded_by);
		else if (strcmp(by->code, code) == 0)
			(void)app_refuse(errs, ST_INVALID, "superseded_by", "bad_value", "plans.err.by_self",
					 "a plan is not superseded by itself");
		else if (by->status == PLAN_STATUS_DRAFT)
			(void)app_refuse(errs, ST_INVALID, "superseded_by", "bad_value", "plans.err.by_draft",
					 "plan '%s' is a draft: put it in force before it supersedes another", superseded_by);
		else if (leads_to(rows, n, superseded_by, code))
			(void)app_refuse(errs, ST_INVALID, "superseded_by", "bad_value", "plans.err.by_cycle",
					 "plan '%s' is itself superseded, in the end by '%s'", superseded_by, code);
	} else if (superseded_by) {
		(void)app_refuse(errs, ST_INVALID, "superseded_by", "unexpected", "plans.err.by_unexpected",
				 "only a superseded plan names a successor");
	}
	if (status == PLAN_STATUS_DRAFT)
		for (size_t i = 0; i < n; i++)
			if (rows[i].status == PLAN_STATUS_SUPERSEDED && rows[i].superseded_by &&
			    strcmp(rows[i].superseded_by, code) == 0 && strcmp(rows[i].code, code) != 0) {
				(void)app_refuse(errs, ST_INVALID, "status", "conflict", "plans.err.draft_successor",
						 "plan '%s' is superseded by this one: change that first", rows[i].code);
				break;
			}
	if ((rc = app_errors_status(errs)) != ST_OK)
		return rc;
	return store_plan_set_status(x->store, code, status, status == PLAN_STATUS_SUPERSEDED ? superseded_by : NULL,
				     &res->is_unchanged);
}
