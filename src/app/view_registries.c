/* view_registries.c - the registries' records as the principal may see them (see
 * view_registries.h). */
#include <string.h>

#include "app/view_registries.h"
#include "core/firm_access.h"
#include "store/store.h"
#include "base/banned.h"

enum status app_registry_records(struct app_ctx *x, enum reg_kind kind, struct reg_record **recs, size_t *n)
{
	const struct plan *p;
	*recs = NULL;
	*n = 0;
	enum status rc = app_authorize(x, ACT_READ_INTERNAL, NULL, NULL);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc == ST_OK)
		rc = store_registry_current(x->store, x->arena, kind, recs, n);
	if (rc != ST_OK)
		return rc;
	*n = firm_records_visible(x->who, p, (int)kind, *recs, *n);
	return ST_OK;
}

enum status app_registries_view(struct app_ctx *x, enum reg_kind kind, struct registries_view *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = kind;
	enum status rc = app_plan(x, &out->plan);
	for (int k = 0; k < REG_N_KINDS && rc == ST_OK; k++) {
		struct reg_record *recs;
		rc = app_registry_records(x, (enum reg_kind)k, &recs, &out->counts[k]);
		if (rc == ST_OK && k == (int)kind) {
			out->recs = recs;
			out->n = out->counts[k];
		}
	}
	if (rc != ST_OK)
		return rc;
	out->may_upload = app_authorize(x, ACT_REVIEW_VALUES, NULL, NULL) == ST_OK;
	return ST_OK;
}
