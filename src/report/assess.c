/* assess.c - assessing a plan's targets from stored values (see assess.h). */
#include <math.h>
#include <string.h>

#include "base/xalloc.h"
#include "report/assess.h"
#include "report/plan_json.h"
#include "store/store.h"
#include "base/banned.h"

/* The first year a plan covers: the year it was issued. */
static int plan_first_year(const struct plan *p)
{
	int y = 0;
	for (int i = 0; i < 4 && p->info.issued && p->info.issued[i]; i++)
		y = y * 10 + (p->info.issued[i] - '0');
	return y;
}

static const char *period_of_t(const struct series *s, double t)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->pts[i].t == t)
			return s->pts[i].period;
	return NULL;
}

static void assess_target(const struct plan *p, const struct obs *cur, size_t n_cur, int ti, struct arena *a,
			  struct assess_row *row)
{
	const struct target *t = &p->targets[ti];
	const struct indicator *ind = &p->indicators[t->indicator];
	memset(row, 0, sizeof(*row));
	row->target = ti;
	row->indicator = t->indicator;
	row->region = t->region;
	series_build(p, cur, n_cur, t->indicator, t->region, a, &row->series);
	struct assess_input in = {
		.cmp = t->cmp,
		.target = t->value,
		.target_max = t->value_max,
		.target_year = t->year,
		.dir = ind->direction,
		.has_base = t->has_base_value,
		.base_value = t->base_value,
		.base_year = t->base_year,
		.plan_first_year = plan_first_year(p),
		.pts = series_points(&row->series, a),
		.n_pts = row->series.n,
	};
	progress_assess(&in, &row->a);
	row->base_period = row->a.base_is_plan ? arena_printf(a, "%d", t->base_year) : period_of_t(&row->series, row->a.base_t);
	row->latest_period = period_of_t(&row->series, row->a.latest_t);
}

static void assess_values(const struct plan *p, const struct obs *cur, size_t n_cur, int only_ind, struct arena *a,
			  struct assess_row **rows, size_t *n)
{
	*rows = arena_alloc(a, (p->n_targets + 1) * sizeof(**rows));
	*n = 0;
	for (size_t ti = 0; ti < p->n_targets; ti++) {
		if (only_ind >= 0 && p->targets[ti].indicator != only_ind)
			continue;
		/* only the values of this indicator take part, except for a formula, which reads others */
		const struct indicator *d = &p->indicators[p->targets[ti].indicator];
		if (d->kind == IND_FORMULA) {
			assess_target(p, cur, n_cur, (int)ti, a, &(*rows)[(*n)++]);
			continue;
		}
		const char *code = d->code;
		size_t lo = 0;
		while (lo < n_cur && strcmp(cur[lo].indicator, code) != 0)
			lo++;
		size_t hi = lo;
		while (hi < n_cur && strcmp(cur[hi].indicator, code) == 0)
			hi++;
		assess_target(p, cur + lo, hi - lo, (int)ti, a, &(*rows)[(*n)++]);
	}
}

void assess_plan_values(const struct plan *p, const struct obs *cur, size_t n_cur, struct arena *a,
			struct assess_row **rows, size_t *n)
{
	assess_values(p, cur, n_cur, -1, a, rows, n);
}

static enum status assess_some(struct store *s, struct arena *a, const struct plan *p, int only_ind, enum obs_view view,
			       struct assess_row **rows, size_t *n)
{
	struct obs *cur;
	size_t n_cur;
	int is_narrow = only_ind >= 0 && p->indicators[only_ind].kind != IND_FORMULA;
	enum status rc = store_obs_current(s, a, is_narrow ? p->indicators[only_ind].code : NULL, NULL, view, &cur, &n_cur);
	if (rc != ST_OK)
		return rc;
	assess_values(p, cur, n_cur, only_ind, a, rows, n);
	return ST_OK;
}

enum status assess_plan(struct store *s, struct arena *a, const struct plan *p, enum obs_view view,
			struct assess_row **rows, size_t *n)
{
	return assess_some(s, a, p, -1, view, rows, n);
}

enum status assess_indicator(struct store *s, struct arena *a, const struct plan *p, int ind, enum obs_view view,
			     struct assess_row **rows, size_t *n)
{
	return assess_some(s, a, p, ind, view, rows, n);
}

static json_t *must(json_t *j)
{
	if (!j)
		BUG("jansson allocation failed");
	return j;
}

static void set(json_t *o, const char *k, json_t *v)
{
	if (json_object_set_new(o, k, must(v)) != 0)
		BUG("json_object_set_new(%s) failed", k);
}

static json_t *num(int has, double v)
{
	/* a ratio of no movement is -0 when d = -1 (ranks); the contract says 0, not -0.0 */
	return has && isfinite(v) ? json_real(v == 0 ? 0.0 : v) : json_null();
}

static json_t *year_of(const char *period)
{
	if (!period)
		return json_null();
	int y = 0;
	for (int i = 0; i < 4 && period[i] >= '0' && period[i] <= '9'; i++)
		y = y * 10 + (period[i] - '0');
	return json_integer(y);
}

json_t *assess_row_json(const struct plan *p, const struct assess_row *r)
{
	const struct target *t = &p->targets[r->target];
	const struct assessment *x = &r->a;
	int has_data = r->series.n > 0;
	json_t *o = must(json_object());
	set(o, "indicator", json_string(p->indicators[r->indicator].code));
	set(o, "region", json_string(p->regions[r->region].code));
	set(o, "comparator", json_string(cmp_name(t->cmp)));
	set(o, "target", num(t->has_value, t->value));
	set(o, "target_max", num(t->has_value_max, t->value_max));
	set(o, "target_year", json_integer(t->year));
	set(o, "base_value", num(has_data || x->base_is_plan, x->base_value));
	set(o, "base_year", x->base_is_plan ? json_integer(t->base_year) : year_of(r->base_period));
	set(o, "base_period", json_str_or_null(r->base_period));
	set(o, "base_is_plan", json_boolean(x->base_is_plan));
	set(o, "latest_value", num(has_data, x->latest_value));
	set(o, "latest_year", has_data ? year_of(r->latest_period) : json_null());
	set(o, "latest_period", json_str_or_null(r->latest_period));
	set(o, "status", json_string(progress_status_name(x->status)));
	set(o, "reason", json_str_or_null(x->reason));
	set(o, "is_final", json_boolean(x->is_final));
	set(o, "ratio", num(x->has_ratio, x->ratio));
	set(o, "score", num(x->has_score, x->score));
	set(o, "achievement", num(x->has_achievement, x->achievement));
	set(o, "elapsed", num(x->has_elapsed, x->elapsed));
	set(o, "behind_schedule", x->has_achievement && x->has_elapsed ? json_boolean(x->behind_schedule) : json_null());
	set(o, "cagr_actual", num(x->has_cagr, x->cagr_actual));
	set(o, "cagr_required", num(x->has_cagr_required, x->cagr_required));
	set(o, "projected_value", num(x->has_projection, x->projected_value));
	set(o, "projected_year_met", x->projected_year_met ? json_integer(x->projected_year_met) : json_null());
	set(o, "shortfall", num(x->has_shortfall, x->shortfall));
	json_t *ys = must(json_array());
	for (size_t i = 0; i < x->n_years_short; i++)
		json_array_append_new(ys, json_integer(x->years_short[i]));
	set(o, "years_short", ys);
	json_t *ym = must(json_array());
	for (size_t i = 0; i < x->n_years_missing; i++)
		json_array_append_new(ym, json_integer(x->years_missing[i]));
	set(o, "years_missing", ym);
	set(o, "n_points", json_integer((json_int_t)r->series.n));
	return o;
}
