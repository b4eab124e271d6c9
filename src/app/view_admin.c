/* view_admin.c - the audit trail as the administrators' page and the API list it, and the
 * supervision settings page (see view_admin.h). */
#include <string.h>

#include "app/view_admin.h"
#include "base/banned.h"

enum status app_users_view(struct app_ctx *x, struct users_view *out)
{
	memset(out, 0, sizeof(*out));
	enum status rc = app_users(x, &out->rows, &out->n);
	if (rc != ST_OK)
		return rc;
	if (app_plan(x, &out->plan) != ST_OK)
		out->plan = NULL; /* no plan yet: the role alone */
	return ST_OK;
}

enum status app_audit_events(struct app_ctx *x, const struct audit_filter *f, struct audit_event **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	enum status rc = app_authorize(x, ACT_READ_AUDIT, NULL, NULL);
	if (rc != ST_OK)
		return rc;
	return store_audit_list(x->store, x->arena, f, rows, n);
}

enum status app_audit_view(struct app_ctx *x, const struct audit_filter *f, struct audit_view *out)
{
	memset(out, 0, sizeof(*out));
	out->filter = *f;
	enum status rc = app_audit_events(x, f, &out->rows, &out->n);
	if (rc != ST_OK)
		return rc;
	/* a full page: there may be older events */
	if (f->limit > 0 && out->n == (size_t)f->limit)
		out->older_id = out->rows[out->n - 1].id;
	return ST_OK;
}

enum status app_sup_settings_view(struct app_ctx *x, struct sup_settings_view *out, struct diag_list *errs)
{
	memset(out, 0, sizeof(*out));
	enum status rc = app_authorize(x, ACT_EDIT_PLAN, NULL, errs);
	if (rc == ST_OK)
		rc = app_plan(x, &out->plan);
	if (rc != ST_OK)
		return rc;
	/* the page stands with what could be read */
	if (app_notice_rules(x, &out->rules, &out->n_rules) != ST_OK)
		out->n_rules = 0;
	if (app_milestones(x, 0, &out->milestones, &out->n_milestones) != ST_OK)
		out->n_milestones = 0;
	return ST_OK;
}
