/* registries.c - registry imports (whose derived values follow in their own transaction), the
 * recompute alone, the projections (see registries.h). */
#include <string.h>

#include "app/registries.h"
#include "ingest/projections.h"
#include "store/firms.h"
#include "store/store.h"
#include "base/banned.h"

enum status app_registry_import(struct app_ctx *x, enum reg_kind kind, const struct app_file *f, const struct app_read_opts *ro,
				int is_dry_run, struct app_registry_result *res, struct diag_list *errs)
{
	const struct plan *p;
	memset(res, 0, sizeof(*res));
	enum status rc = app_authorize(x, ACT_REVIEW_VALUES, NULL, errs);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc != ST_OK)
		return rc;
	int has_errors = app_errors_status(errs) != ST_OK;
	struct registry_import_opts opts = {ro ? ro->encoding : NULL, ro ? ro->sheet : NULL, x->who->name, is_dry_run || has_errors};
	if (f->src)
		rc = registry_import_source(x->store, x->arena, p, kind, f->src, &opts, &res->import, errs);
	else
		rc = registry_import(x->store, x->arena, p, kind, f->name, f->data ? f->data : "", f->len, &opts, &res->import,
				     errs);
	if (rc == ST_OK && has_errors)
		return ST_INVALID;
	if (rc != ST_OK || is_dry_run || res->import.n_new + res->import.n_revised == 0)
		return rc;
	/* the derived indicators followed the records in the import's own transaction, for exactly
	 * the regions and years they touch (ingest/derived.h) */
	res->is_recomputed = 1;
	res->derived_status = ST_OK;
	res->derived = res->import.derived;
	return ST_OK;
}

enum status app_registry_recompute(struct app_ctx *x, int is_dry_run, struct registry_recompute_result *res,
				   struct diag_list *errs)
{
	const struct plan *p;
	memset(res, 0, sizeof(*res));
	enum status rc = app_authorize(x, ACT_REVIEW_VALUES, NULL, errs);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc != ST_OK)
		return rc;
	return registry_recompute_ended(x->store, x->arena, p, x->who->name, is_dry_run, res, errs);
}

enum status app_projections_load(struct app_ctx *x, const struct app_file *f, size_t *n, struct diag_list *errs)
{
	const struct plan *p;
	struct firm_projection *rows;
	*n = 0;
	enum status rc = app_authorize(x, ACT_EDIT_PLAN, NULL, errs);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc != ST_OK)
		return rc;
	rc = projections_read(x->arena, p, f->name, f->data ? f->data : "", f->len, &rows, n, errs);
	if (rc == ST_OK)
		rc = app_errors_status(errs);
	if (rc != ST_OK)
		return rc;
	rc = store_projections_put(x->store, x->who->name, rows, *n);
	if (rc == ST_INVALID)
		return app_refuse(errs, rc, NULL, "bad_value", NULL, "%s", store_errmsg(x->store));
	return rc;
}
