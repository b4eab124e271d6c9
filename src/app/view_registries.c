/* view_registries.c - the registries' records as the principal may see them (see
 * view_registries.h). */
#include <string.h>

#include "app/view_registries.h"
#include "core/firm_access.h"
#include "store/store.h"
#include "base/banned.h"

/* The codes of the regions whose records of kind the principal may see within region's scope
 * into *codes (*n of them), or *codes NULL when every record is seen. */
static void listed_regions(struct app_ctx *x, const struct plan *p, enum reg_kind kind, int region, const char ***codes,
			   size_t *n)
{
	size_t n_regions = p->n_regions;
	unsigned char *seen = arena_calloc(x->arena, n_regions + 1, 1), *scope = arena_calloc(x->arena, n_regions + 1, 1);
	int is_all = firm_kind_regions(x->who, p, (int)kind, seen);
	*codes = NULL, *n = 0;
	if (is_all && region < 0)
		return;
	if (region >= 0)
		reg_region_scope(p, region, scope);
	*codes = arena_calloc(x->arena, n_regions + 1, sizeof(**codes));
	for (size_t g = 0; g < n_regions; g++)
		if ((is_all || seen[g]) && (region < 0 || scope[g]))
			(*codes)[(*n)++] = p->regions[g].code;
}

enum status app_registry_page(struct app_ctx *x, enum reg_kind kind, int region, size_t offset, size_t limit,
			      struct reg_record **recs, size_t *n, size_t *total)
{
	const struct plan *p;
	*recs = NULL;
	*n = 0;
	if (total)
		*total = 0;
	enum status rc = app_authorize(x, ACT_READ_INTERNAL, NULL, NULL);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc != ST_OK)
		return rc;
	if (region >= (int)p->n_regions)
		return ST_INVALID;
	const char **codes;
	size_t n_codes;
	listed_regions(x, p, kind, region, &codes, &n_codes);
	return store_registry_page(x->store, x->arena, kind, codes, n_codes, offset, limit, recs, n, total);
}

enum status app_registries_view(struct app_ctx *x, enum reg_kind kind, int region, size_t page,
				struct registries_view *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = kind, out->region = region;
	enum status rc = app_plan(x, &out->plan);
	for (int k = 0; k < REG_N_KINDS && rc == ST_OK; k++) {
		struct reg_record *none;
		size_t n_none;
		rc = app_registry_page(x, (enum reg_kind)k, -1, 0, 0, &none, &n_none, &out->counts[k]);
	}
	out->total = out->counts[kind];
	if (rc == ST_OK && region >= 0)
		rc = app_registry_page(x, kind, region, 0, 0, &out->recs, &out->n, &out->total);
	if (rc != ST_OK)
		return rc;
	out->pages = (out->total + REGISTRY_PAGE - 1) / REGISTRY_PAGE;
	out->page = page < 1 ? 1 : page > out->pages ? (out->pages ? out->pages : 1) : page;
	if (out->total > 0)
		rc = app_registry_page(x, kind, region, (out->page - 1) * REGISTRY_PAGE, REGISTRY_PAGE, &out->recs, &out->n,
				       NULL);
	if (rc != ST_OK)
		return rc;
	out->may_upload = app_authorize(x, ACT_REVIEW_VALUES, NULL, NULL) == ST_OK;
	return ST_OK;
}
