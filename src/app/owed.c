/* owed.c - what a person owes (owed.h): the one rule of which cells an entry form lists and a
 * template holds. */
#include <string.h>

#include "app/owed.h"
#include "report/xlsx_table.h"
#include "store/store.h"
#include "base/banned.h"

/* Whether the plan sets a target for indicator i in region g, or (a summed indicator) in a
 * region g adds up into; depth-bounded against a malformed chain. */
static int is_expected(const struct plan *p, int i, int g)
{
	const struct indicator *d = &p->indicators[i];
	for (int depth = 0; g >= 0 && depth < 16; depth++) {
		for (size_t t = 0; t < p->n_targets; t++)
			if (strcmp(p->targets[t].indicator_code, d->code) == 0 &&
			    strcmp(p->targets[t].region_code, p->regions[g].code) == 0)
				return 1;
		if (d->aggregation != AGG_SUM)
			return 0;
		g = p->regions[g].sums_into_idx;
	}
	return 0;
}

enum status app_values_owed(struct app_ctx *x, const struct plan *p, int region, const char *period, int is_every,
			    struct app_owed **rows, size_t *n, struct diag_list *errs)
{
	*rows = NULL, *n = 0;
	enum status rc = app_authorize_any(x, ACT_WRITE_VALUES, errs);
	if (rc != ST_OK)
		return rc;
	struct app_owed *out = arena_alloc(x->arena, (p->n_regions * p->n_indicators + 1) * sizeof(*out));
	for (size_t g = 0; g < p->n_regions; g++) {
		if (region >= 0 && (int)g != region)
			continue;
		size_t first = *n;
		for (size_t i = 0; i < p->n_indicators; i++) {
			const struct indicator *d = &p->indicators[i];
			struct scope sc = {d->owner_code, p->regions[g].code};
			if (d->kind != IND_REPORTED || authz_check(x->who, ACT_WRITE_VALUES, &sc) != ST_OK)
				continue;
			if ((is_every && region >= 0) || is_expected(p, (int)i, (int)g))
				out[(*n)++] = (struct app_owed){(int)i, (int)g, NULL};
		}
		if (*n == first)
			continue;
		/* the newest visible revision of each cell in the period */
		struct obs *h;
		size_t n_h;
		rc = store_obs_history(x->store, x->arena, NULL, p->regions[g].code, period, &h, &n_h);
		if (rc != ST_OK)
			return rc;
		for (size_t k = first; k < *n; k++)
			for (size_t j = 0; j < n_h; j++) /* history is oldest first: the last seen is the newest */
				if (strcmp(h[j].indicator, p->indicators[out[k].indicator].code) == 0 &&
				    authz_obs_visible(x->who, p, &h[j]))
					out[k].latest = &h[j];
	}
	*rows = out;
	return ST_OK;
}

/* name when it finds record i again (names.c), else code */
static const char *findable(const struct plan *p, const char *name, const char *code, int i,
			    int (*find)(const struct plan *, const char *))
{
	return name && *name && find(p, name) == i ? name : code;
}

enum status app_owed_template(struct app_ctx *x, const struct plan *p, const struct app_owed *rows, size_t n,
			      const char *period, int is_en, struct buf *out)
{
	static const char *const head_zh[] = {"指标", "地区", "时期", "数值", "单位", "来源", "来源链接", "备注"};
	static const char *const head_en[] = {"indicator", "region", "period", "value", "unit", "source", "source_url", "note"};
	static const double widths[] = {40, 16, 10, 14, 12, 30, 30, 24};
	enum { N_TEMPLATE_COLS = 8 };
	const char **cells = arena_calloc(x->arena, n * N_TEMPLATE_COLS + 1, sizeof(*cells));
	for (size_t k = 0; k < n; k++) {
		const struct indicator *d = &p->indicators[rows[k].indicator];
		const struct region *g = &p->regions[rows[k].region];
		const char **c = &cells[k * N_TEMPLATE_COLS];
		c[0] = findable(p, is_en ? d->name_en : d->name_zh, d->code, rows[k].indicator, plan_find_indicator_any);
		c[1] = findable(p, is_en ? g->name_en : g->name_zh, g->code, rows[k].region, plan_find_region_any);
		c[2] = period;
		/* the plan's own unit, in English where the plan gives it (the import takes either) */
		c[4] = is_en && d->unit_en && *d->unit_en ? d->unit_en : d->unit_zh;
	}
	/* every column but the value's is text: a period such as 2025 stays the text it is */
	return xlsx_table(is_en ? "values" : "填报", is_en ? head_en : head_zh, widths, N_TEMPLATE_COLS, 0xffu & ~(1u << 3), cells, n,
			  out);
}
