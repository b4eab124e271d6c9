/* view_firms.c - the enterprise-evaluation pages' views (see view_firms.h). */
#include <string.h>

#include "app/view_firms.h"
#include "app/view_reader.h"
#include "core/firm_access.h"
#include "store/firms.h"
#include "store/store.h"
#include "base/banned.h"

enum status app_pipeline_view(struct app_ctx *x, int year, struct pipeline_view *out)
{
	struct app_reader who;
	app_reader_of(x, &who);
	memset(out, 0, sizeof(*out));
	enum status rc = app_plan(x, &out->plan);
	if (rc == ST_OK)
		rc = firm_projections_build(x->store, x->arena, out->plan, year, x->who, who.view, &out->fp);
	if (rc == ST_NOT_FOUND)
		return ST_OK; /* no registry yet: the page says so */
	if (rc != ST_OK)
		return rc;
	out->has_registry = 1;
	out->may_list = firm_may_list(x->who);
	return ST_OK;
}

void app_projection_section_view(struct app_ctx *x, int ind, struct projection_section_view *out)
{
	struct firm_projection *maps;
	size_t n_maps;
	const struct plan *p;
	memset(out, 0, sizeof(*out));
	if (app_plan(x, &p) != ST_OK || store_projections_get(x->store, x->arena, &maps, &n_maps) != ST_OK)
		return; /* the page stands without its projection; the store error is logged by the store */
	for (size_t i = 0; i < n_maps; i++)
		out->is_mapped |= strcmp(maps[i].indicator, p->indicators[ind].code) == 0;
	struct app_reader who;
	app_reader_of(x, &who);
	if (out->is_mapped)
		out->built = firm_projections_build(x->store, x->arena, p, 0, x->who, who.view, &out->fp);
}

enum status app_firms_view(struct app_ctx *x, int year, int region, size_t page, size_t per_page, struct firms_view *out)
{
	memset(out, 0, sizeof(*out));
	if (!firm_may_list(x->who))
		return ST_DENIED;
	struct firm *firms;
	size_t n;
	enum status rc = app_plan(x, &out->plan);
	if (rc == ST_OK)
		rc = firms_read_all(x->store, x->arena, out->plan, &firms, &n);
	if (rc != ST_OK)
		return rc;
	out->year = year ? year : firms_latest_year(firms, n);
	out->region = region;
	out->page = page ? page : 1;
	out->per_page = per_page;
	const struct firm **shown;
	out->seen = firms_visible(x->arena, out->plan, x->who, firms, n, out->year, region, &shown);
	size_t first = (out->page - 1) * per_page;
	out->rows = arena_calloc(x->arena, per_page + 1, sizeof(*out->rows));
	struct arena *scratch = arena_new();
	for (size_t i = first; i < out->seen && i < first + per_page; i++) {
		struct firm_list_row *row = &out->rows[out->n_rows++];
		struct eval_result res[FM_N];
		row->firm = shown[i];
		row->region = firm_year_of(shown[i], out->year)->region;
		firm_evaluate_all(scratch, shown[i], out->year, res);
		row->tier = firm_tier(res);
		for (int m = 0; m < FM_N; m++)
			row->verdict[m] = res[m].verdict;
		arena_reset(scratch);
	}
	arena_free(scratch);
	return ST_OK;
}

enum status app_firm_view(struct app_ctx *x, const char *code, int year, struct firm_view *out)
{
	memset(out, 0, sizeof(*out));
	struct firm *f;
	enum status rc = app_plan(x, &out->plan);
	if (rc == ST_OK)
		rc = firms_open(x->store, x->arena, out->plan, x->who, code, &year, &f);
	if (rc != ST_OK)
		return rc;
	const struct firm_year *fy = firm_year_of(f, year);
	out->firm = f;
	out->year = year;
	out->region = fy ? fy->region : f->region;
	firm_evaluate_all(x->arena, f, year, out->res);
	out->tier = firm_tier(out->res);
	out->next = firm_next_tier(out->res);
	return ST_OK;
}
