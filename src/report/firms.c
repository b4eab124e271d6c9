/* firms.c - firms from the store, their evaluations as JSON, and the projection model (see
 * firms.h). The verdicts and counts are core's (eval, pipeline); what a reader may see is
 * core/firm_access's; this file only gathers and shapes. */
#include <stdio.h>
#include <string.h>

#include "core/firm_access.h"
#include "core/firm_load.h"
#include "core/period.h"
#include "report/firms.h"
#include "store/firms.h"
#include "store/store.h"
#include "base/banned.h"

#define DEFAULT_NEAR_POINTS 10

enum status firms_read_all(struct store *s, struct arena *a, const struct plan *p, struct firm **out, size_t *n)
{
	struct reg_record *rows, *ent;
	size_t n_rows, n_ent;
	enum status rc = store_registry_current(s, a, REG_FIRMS, &rows, &n_rows);
	if (rc == ST_OK)
		rc = store_registry_current(s, a, REG_ENTERPRISES, &ent, &n_ent);
	if (rc != ST_OK)
		return rc;
	*n = firm_load(a, p, rows, n_rows, ent, n_ent, out);
	return ST_OK;
}

enum status firms_read_one(struct store *s, struct arena *a, const struct plan *p, const char *code, struct firm **out)
{
	struct reg_record *rows, *ent;
	size_t n_rows, n_ent;
	enum status rc = store_registry_find(s, a, REG_FIRMS, "code", code, &rows, &n_rows);
	if (rc == ST_OK)
		rc = store_registry_find(s, a, REG_ENTERPRISES, "code", code, &ent, &n_ent);
	if (rc != ST_OK)
		return rc;
	if (n_rows == 0)
		return ST_NOT_FOUND;
	return firm_load(a, p, rows, n_rows, ent, n_ent, out) == 1 ? ST_OK : ST_NOT_FOUND;
}

enum status firms_open(struct store *s, struct arena *a, const struct plan *p, const struct principal *reader, const char *code,
		       int *year, struct firm **out)
{
	enum status rc = firms_read_one(s, a, p, code, out);
	if (rc != ST_OK && rc != ST_NOT_FOUND)
		return rc;
	if (rc == ST_OK && !*year)
		*year = (*out)->years[(*out)->n_years - 1].year;
	const struct firm_year *fy = rc == ST_OK ? firm_year_of(*out, *year) : NULL;
	int region = fy ? fy->region : rc == ST_OK ? (*out)->region : -1;
	if (!authz_is_department(reader) && !firm_may_see(reader, p, region))
		return ST_DENIED;
	return rc;
}

size_t firms_visible(struct arena *a, const struct plan *p, const struct principal *reader, const struct firm *firms, size_t n,
		     int year, int region, const struct firm ***out)
{
	unsigned char *scope = arena_alloc(a, p->n_regions + 1);
	if (region >= 0)
		reg_region_scope(p, region, scope);
	const struct firm **keep = arena_calloc(a, n ? n : 1, sizeof(*keep));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct firm_year *fy = firm_year_of(&firms[i], year);
		if (fy && (region < 0 || (fy->region >= 0 && scope[fy->region])) && firm_may_see(reader, p, fy->region))
			keep[k++] = &firms[i];
	}
	*out = keep;
	return k;
}

int firms_latest_year(const struct firm *firms, size_t n)
{
	int y = 0;
	for (size_t i = 0; i < n; i++)
		if (firms[i].n_years && firms[i].years[firms[i].n_years - 1].year > y)
			y = firms[i].years[firms[i].n_years - 1].year;
	return y;
}

/* ---- JSON -------------------------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static const char *kind_code(enum item_kind k)
{
	return k == IK_CONDITION ? "condition" : k == IK_SCORE ? "score" : "direct";
}

static json_t *region_json(const struct plan *p, int g)
{
	if (g < 0 || (size_t)g >= p->n_regions)
		return json_null();
	return json_pack("{s:s, s:s, s:s?}", "code", p->regions[g].code, "name_zh", p->regions[g].name_zh, "name_en",
			 p->regions[g].name_en);
}

static json_t *next_tier_json(const struct eval_result *res)
{
	json_t *a = json_array();
	unsigned bits = firm_next_tier(res);
	for (int m = 0; m < FM_N; m++)
		if (bits & (1u << m))
			json_array_append_new(a, json_string(firm_method_code((enum firm_method)m)));
	return a;
}

static json_t *method_json(const struct eval_result *r)
{
	json_t *items = json_array(), *lifts = json_array();
	for (size_t i = 0; i < r->n_items; i++) {
		const struct eval_item *it = &r->items[i];
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id", it->id, "kind",
				      kind_code(it->kind), "state", item_state_code(it->state), "name_zh", it->name_zh, "name_en",
				      it->name_en, "basis", it->basis, "rule_zh", it->rule_zh, "rule_en", it->rule_en, "figure_zh",
				      str_or_null(it->figure_zh), "figure_en", str_or_null(it->figure_en), "band", str_or_null(it->band),
				      "note_zh", str_or_null(it->note_zh), "note_en", str_or_null(it->note_en));
		if (it->kind == IK_SCORE)
			json_object_set_new(o, "points", json_pack("{s:i, s:i, s:i}", "min", it->pts_min, "max", it->pts_max, "of", it->pts_cap));
		if (it->kind == IK_CONDITION && it->is_waivable)
			json_object_set_new(o, "waivable", json_true());
		json_array_append_new(items, o);
	}
	for (size_t i = 0; i < r->n_lifts; i++) {
		const struct eval_lift *l = &r->lifts[i];
		json_array_append_new(lifts, json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:i}", "option", l->option, "item", l->item_id,
						       "what_zh", l->what_zh, "what_en", l->what_en, "need_zh", l->need_zh, "need_en",
						       l->need_en, "points", l->points_gain));
	}
	json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "method", firm_method_code(r->method), "name_zh", firm_method_name(r->method, 0),
			      "name_en", firm_method_name(r->method, 1), "verdict", firm_verdict_code(r->verdict));
	if (r->rules)
		json_object_set_new(o, "rules", json_pack("{s:s, s:s, s:s, s:b}", "version", r->rules->version, "doc_zh", r->rules->doc_zh,
							  "doc_en", r->rules->doc_en, "public", r->rules->is_public));
	if (r->has_score)
		json_object_set_new(o, "score", json_pack("{s:i, s:i, s:i, s:o}", "min", r->score_min, "max", r->score_max, "pass",
							  r->pass_mark, "experts", r->expert_score >= 0 ? json_integer(r->expert_score) : json_null()));
	json_object_set_new(o, "failed", json_integer(r->n_failed));
	json_object_set_new(o, "manual", json_integer(r->n_manual));
	json_object_set_new(o, "direct", json_boolean(r->is_direct));
	if (r->points_short)
		json_object_set_new(o, "points_short", json_integer(r->points_short));
	if (r->summary_zh)
		json_object_set_new(o, "summary_zh", json_string(r->summary_zh));
	if (r->summary_en)
		json_object_set_new(o, "summary_en", json_string(r->summary_en));
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "lifts", lifts);
	return o;
}

json_t *firm_eval_json(const struct plan *p, const struct firm *f, int year, const struct eval_result *res)
{
	const struct firm_year *y = firm_year_of(f, year);
	json_t *methods = json_array();
	for (int m = 0; m < FM_N; m++)
		json_array_append_new(methods, method_json(&res[m]));
	json_t *years = json_array();
	for (size_t i = 0; i < f->n_years; i++)
		json_array_append_new(years, json_integer(f->years[i].year));
	return json_pack("{s:s, s:o, s:o, s:o, s:i, s:o, s:i, s:o, s:o}", "code", f->code, "name", str_or_null(f->name), "region",
			 region_json(p, y ? y->region : f->region), "founded", str_or_null(f->founded), "year", year, "years", years,
			 "tier", firm_tier(res), "next_tier", next_tier_json(res), "methods", methods);
}

json_t *firm_row_json(const struct plan *p, const struct firm *f, int year, const struct eval_result *res)
{
	const struct firm_year *y = firm_year_of(f, year);
	json_t *methods = json_object();
	for (int m = 0; m < FM_N; m++) {
		json_t *o = json_pack("{s:s, s:i, s:i}", "verdict", firm_verdict_code(res[m].verdict), "failed", res[m].n_failed, "points_short",
				      res[m].points_short);
		if (res[m].has_score && res[m].verdict != FIRM_NOT_COMPUTED)
			json_object_set_new(o, "score", json_pack("{s:i, s:i}", "min", res[m].score_min, "max", res[m].score_max));
		json_object_set_new(methods, firm_method_code((enum firm_method)m), o);
	}
	return json_pack("{s:s, s:o, s:o, s:i, s:i, s:o, s:o}", "code", f->code, "name", str_or_null(f->name), "region",
			 region_json(p, y ? y->region : f->region), "year", year, "tier", firm_tier(res), "next_tier", next_tier_json(res),
			 "methods", methods);
}

/* ---- projections ------------------------------------------------------------------------- */

size_t projection_col(const char *what, enum firm_method m)
{
	if (strcmp(what, "qualifies") == 0)
		return 1 + (size_t)m;
	if (strcmp(what, "reach") == 0)
		return 1 + FM_N + (size_t)m;
	if (strcmp(what, "open") == 0)
		return 1 + 2 * FM_N + (size_t)m;
	return 0;
}

/* The current value of indicator ind for region g in year (or the latest before it). */
static enum status reported(struct store *s, struct arena *a, const struct plan *p, int ind, int g, int year, enum obs_view view,
			    struct projection_row *row)
{
	struct obs *obs;
	size_t n;
	enum status rc = store_obs_current(s, a, p->indicators[ind].code, p->regions[g].code, view, &obs, &n);
	if (rc != ST_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct period per;
		if (!period_parse(obs[i].period, strlen(obs[i].period), &per) || per.kind != PERIOD_YEAR || per.year > year)
			continue;
		row->has_reported = 1;
		row->reported = obs[i].value;
		row->reported_period = obs[i].period; /* ordered by time: the last kept is the latest */
	}
	return ST_OK;
}

enum status firm_projections_build(struct store *s, struct arena *a, const struct plan *p, int year, const struct principal *reader,
				   enum obs_view view, struct firm_projections *out)
{
	memset(out, 0, sizeof(*out));
	struct firm *firms;
	size_t n;
	enum status rc = firms_read_all(s, a, p, &firms, &n);
	if (rc != ST_OK)
		return rc;
	if (n == 0)
		return ST_NOT_FOUND;
	struct firm_projection *maps;
	size_t n_maps;
	rc = store_projections_get(s, a, &maps, &n_maps);
	if (rc != ST_OK)
		return rc;
	out->year = year ? year : firms_latest_year(firms, n);
	out->n_firms = n;
	out->n_regions = p->n_regions;
	for (int m = 0; m < FM_N; m++)
		out->near_points[m] = DEFAULT_NEAR_POINTS;
	for (size_t i = n_maps; i > 0; i--) {
		enum firm_method m;
		if (firm_method_parse(maps[i - 1].method, &m))
			out->near_points[m] = maps[i - 1].near_points;
	}
	size_t nr = p->n_regions ? p->n_regions : 1;
	out->rows = arena_calloc(a, nr, sizeof(*out->rows));
	pipeline_count(p, firms, n, out->year, out->near_points, out->rows);

	/* every column through the one suppression rule */
	out->shown = arena_calloc(a, nr, sizeof(*out->shown));
	long *counts = arena_alloc(a, nr * sizeof(*counts));
	unsigned char *shown = arena_alloc(a, nr);
	static const char *const whats[] = {"evaluated", "qualifies", "reach", "open"};
	for (size_t w = 0; w < 4; w++)
		for (int m = 0; m < (w == 0 ? 1 : FM_N); m++) {
			pipeline_column(out->rows, p->n_regions, whats[w], (enum firm_method)m, counts);
			firm_counts_shown(reader, p, counts, shown);
			size_t col = projection_col(whats[w], (enum firm_method)m);
			for (size_t g = 0; g < p->n_regions; g++)
				out->shown[g][col] = (struct shown_count){counts[g], shown[g]};
		}

	/* one row per target of every mapped indicator */
	out->proj = arena_calloc(a, p->n_targets + 1, sizeof(*out->proj));
	for (size_t i = 0; i < n_maps; i++) {
		int ind = plan_find_indicator(p, maps[i].indicator);
		enum firm_method m;
		if (ind < 0 || !firm_method_parse(maps[i].method, &m))
			continue;
		for (size_t t = 0; t < p->n_targets; t++) {
			if (p->targets[t].indicator != ind)
				continue;
			int g = p->targets[t].region;
			struct projection_row *row = &out->proj[out->n_proj++];
			row->indicator = ind, row->region = g, row->target = (int)t, row->method = m;
			row->near_points = maps[i].near_points;
			row->evaluated = out->shown[g][0];
			row->qualifies = out->shown[g][projection_col("qualifies", m)];
			row->reach = out->shown[g][projection_col("reach", m)];
			row->open = out->shown[g][projection_col("open", m)];
			rc = reported(s, a, p, ind, g, out->year, view, row);
			if (rc != ST_OK)
				return rc;
		}
	}
	return ST_OK;
}

static json_t *count_json(struct shown_count c)
{
	return c.is_shown ? json_integer(c.value) : json_null();
}

json_t *firm_projections_json(const struct plan *p, const struct firm_projections *fp)
{
	json_t *regions = json_array(), *proj = json_array();
	for (size_t g = 0; g < fp->n_regions; g++) {
		json_t *methods = json_object();
		for (int m = 0; m < FM_N; m++)
			json_object_set_new(methods, firm_method_code((enum firm_method)m),
					    json_pack("{s:o, s:o, s:o}", "qualifies", count_json(fp->shown[g][projection_col("qualifies", m)]),
						      "reach", count_json(fp->shown[g][projection_col("reach", m)]), "open",
						      count_json(fp->shown[g][projection_col("open", m)])));
		json_array_append_new(regions, json_pack("{s:o, s:o, s:o}", "region", region_json(p, (int)g), "evaluated",
							 count_json(fp->shown[g][0]), "methods", methods));
	}
	for (size_t i = 0; i < fp->n_proj; i++) {
		const struct projection_row *r = &fp->proj[i];
		const struct target *t = &p->targets[r->target];
		json_t *target = json_pack("{s:i, s:s}", "year", t->year, "comparator", cmp_name(t->cmp));
		if (t->has_value)
			json_object_set_new(target, "value", json_real(t->value));
		json_array_append_new(proj, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:i}", "indicator",
						      p->indicators[r->indicator].code, "method", firm_method_code(r->method), "region",
						      region_json(p, r->region), "target", target, "reported",
						      r->has_reported ? json_pack("{s:f, s:s}", "value", r->reported, "period", r->reported_period)
								      : json_null(),
						      "evaluated", count_json(r->evaluated), "qualifies", count_json(r->qualifies), "reach",
						      count_json(r->reach), "open", count_json(r->open), "near_points", r->near_points));
	}
	json_t *near = json_object();
	for (int m = 0; m < FM_N; m++)
		json_object_set_new(near, firm_method_code((enum firm_method)m), json_integer(fp->near_points[m]));
	return json_pack("{s:i, s:I, s:i, s:o, s:o, s:o, s:s, s:s}", "year", fp->year, "firms", (json_int_t)fp->n_firms, "min_cell",
			 FIRM_MIN_CELL, "near_points", near, "regions", regions, "projections", proj, "label_zh",
			 "登记库测算：按登记库企业数据和公开评价办法测算，非认定结果", "label_en",
			 "Projection from the registry: computed from the firms registry with the published methods, not an official recognition");
}
