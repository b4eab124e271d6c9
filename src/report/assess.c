/* assess.c - assessing a plan's targets from stored values (see assess.h). */
#include <math.h>
#include <string.h>

#include "base/clock.h"
#include "base/xalloc.h"
#include "report/assess.h"
#include "report/plan_json.h"
#include "base/banned.h"

static const char *period_of_t(const struct series *s, double t)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->pts[i].t == t)
			return s->pts[i].period;
	return NULL;
}

double assess_now_t(void)
{
	char now[32];
	clock_format_shanghai(clock_now(), now);
	int y = 0, m = 0;
	for (int i = 0; i < 4; i++)
		y = y * 10 + (now[i] - '0');
	m = (now[5] - '0') * 10 + (now[6] - '0');
	return (double)(y - 1) + (double)(m - 1) / 12.0;
}

static void fill_periods(struct assess_row *row, struct arena *a)
{
	row->base_period = row->a.base_is_plan ? arena_printf(a, "%d", (int)row->a.base_t)
					       : period_of_t(&row->series, row->a.base_t);
	row->latest_period = period_of_t(&row->series, row->a.latest_t);
}

static void assess_target(const struct plan *p, const struct series_input *in, int ti, double as_of_t, struct arena *a,
			  struct assess_row *row)
{
	const struct target *t = &p->targets[ti];
	memset(row, 0, sizeof(*row));
	row->target = ti;
	row->indicator = t->indicator;
	row->region = t->region;
	judge_target(p, in, ti, as_of_t, a, &row->j);
	row->series = row->j.series;
	row->a = row->j.a;
	fill_periods(row, a);
}

/* The values a series of indicator d reads: those of d alone (cur holds each indicator's values
 * together, as store_obs_current gives them), or all of cur for a formula or a continued
 * series, which read others. */
static void values_of(const struct indicator *d, const struct obs *cur, size_t n_cur, const struct obs **out, size_t *n)
{
	if (indicator_reads_others(d)) {
		*out = cur, *n = n_cur;
		return;
	}
	size_t lo = 0;
	while (lo < n_cur && strcmp(cur[lo].indicator, d->code) != 0)
		lo++;
	size_t hi = lo;
	while (hi < n_cur && strcmp(cur[hi].indicator, d->code) == 0)
		hi++;
	*out = cur + lo, *n = hi - lo;
}

/* The region an indicator without a target is followed in: the first region (plan order) with
 * a value of it, else the first region without a parent (the plan's whole area). */
static int trend_region(const struct plan *p, const struct obs *cur, size_t n_cur, int ind)
{
	for (size_t g = 0; g < p->n_regions; g++)
		for (size_t i = 0; i < n_cur; i++)
			if (strcmp(cur[i].indicator, p->indicators[ind].code) == 0 &&
			    strcmp(cur[i].region, p->regions[g].code) == 0)
				return (int)g;
	for (size_t g = 0; g < p->n_regions; g++)
		if (p->regions[g].n_parents == 0)
			return (int)g;
	return 0;
}

static int has_target(const struct plan *p, int ind)
{
	for (size_t ti = 0; ti < p->n_targets; ti++)
		if (p->targets[ti].indicator == ind)
			return 1;
	return 0;
}

void assess_trend_values(const struct plan *p, const struct obs *cur, size_t n_cur, double as_of_t, struct arena *a,
			 struct assess_row **rows, size_t *n)
{
	*rows = arena_alloc(a, (p->n_indicators + 1) * sizeof(**rows));
	*n = 0;
	if (p->n_regions == 0)
		return;
	const struct series_input all = series_input_of(cur, n_cur); /* a slice of it keeps its order */
	for (size_t i = 0; i < p->n_indicators; i++) {
		if (has_target(p, (int)i))
			continue;
		struct assess_row *row = &(*rows)[(*n)++];
		memset(row, 0, sizeof(*row));
		row->target = -1;
		row->indicator = (int)i;
		const struct obs *own;
		size_t n_own;
		values_of(&p->indicators[i], cur, n_cur, &own, &n_own);
		row->region = trend_region(p, own, n_own, (int)i);
		const struct series_input in = {own, n_own, all.is_sorted};
		judge_trend(p, &in, row->indicator, row->region, as_of_t, a, &row->j);
		row->series = row->j.series;
		row->a = row->j.a;
		fill_periods(row, a);
	}
}

static void assess_values(const struct plan *p, const struct obs *cur, size_t n_cur, int only_ind, double as_of_t,
			  struct arena *a, struct assess_row **rows, size_t *n)
{
	*rows = arena_alloc(a, (p->n_targets + 1) * sizeof(**rows));
	*n = 0;
	const struct series_input all = series_input_of(cur, n_cur); /* a slice of it keeps its order */
	for (size_t ti = 0; ti < p->n_targets; ti++) {
		if (only_ind >= 0 && p->targets[ti].indicator != only_ind)
			continue;
		/* only the values of this indicator take part, except for a formula and a continued
		 * series, which read others */
		const struct obs *own;
		size_t n_own;
		values_of(&p->indicators[p->targets[ti].indicator], cur, n_cur, &own, &n_own);
		const struct series_input in = {own, n_own, all.is_sorted};
		assess_target(p, &in, (int)ti, as_of_t, a, &(*rows)[(*n)++]);
	}
}

void assess_plan_values(const struct plan *p, const struct obs *cur, size_t n_cur, double as_of_t, struct arena *a,
			struct assess_row **rows, size_t *n)
{
	assess_values(p, cur, n_cur, -1, as_of_t, a, rows, n);
}

int assess_target_level(const struct target *t, const struct assessment *a, double *level, int *is_path)
{
	*is_path = 0;
	if (cmp_needs_base_year(t->cmp)) {
		if (!a->has_implied_target)
			return 0;
		*level = a->implied_target;
		*is_path = 1;
		return 1;
	}
	if (!t->has_value || t->cmp == CMP_CUMULATIVE_GE || t->cmp == CMP_QUALITATIVE)
		return 0;
	*level = t->value;
	*is_path = t->cmp != CMP_BETWEEN && !cmp_is_annual(t->cmp);
	return 1;
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

/* The figure a verdict rests on, with where it comes from; null when none. */
static json_t *evidence_json(const struct plan *p, const struct assess_row *r)
{
	const struct judgement *j = &r->j;
	if (!j->fig || j->fig_region < 0)
		return json_null();
	const struct target *t = &p->targets[r->target];
	json_t *o = must(json_object());
	set(o, "region", json_string(p->regions[j->fig_region].code));
	set(o, "period", json_string(j->fig->period));
	set(o, "value", num(1, j->fig->value));
	set(o, "qualifier", json_string(obs_qualifier_name(j->fig->qualifier)));
	const struct obs *ob = j->fig->obs;
	set(o, "source", json_str_or_null(ob ? ob->source : NULL));
	set(o, "source_url", json_str_or_null(ob ? ob->source_url : NULL));
	set(o, "is_summed", json_boolean(j->fig->is_derived));
	set(o, "proxy_note_zh", json_str_or_null(j->basis == VB_PROXY ? t->proxy_note_zh : NULL));
	set(o, "proxy_note_en", json_str_or_null(j->basis == VB_PROXY ? t->proxy_note_en : NULL));
	return o;
}

json_t *assess_row_json(const struct plan *p, const struct assess_row *r)
{
	static const struct target no_target = {.cmp = CMP_NONE};
	const struct target *t = r->target >= 0 ? &p->targets[r->target] : &no_target;
	const struct assessment *x = &r->a;
	int has_data = r->series.n > 0;
	json_t *o = must(json_object());
	set(o, "indicator", json_string(p->indicators[r->indicator].code));
	set(o, "region", json_string(p->regions[r->region].code));
	set(o, "comparator", r->target >= 0 ? json_string(cmp_name(t->cmp)) : json_null());
	set(o, "target", num(t->has_value, t->value));
	set(o, "target_max", num(t->has_value_max, t->value_max));
	set(o, "tolerance", num(t->has_tolerance, t->tolerance));
	set(o, "nature", t->nature != NATURE_NONE ? json_string(nature_name(t->nature)) : json_null());
	set(o, "target_year", t->year ? json_integer(t->year) : json_null());
	set(o, "implied_target", num(x->has_implied_target, x->implied_target));
	set(o, "cumulative", num(x->has_cumulative, x->cumulative));
	set(o, "base_value", num(has_data || x->base_is_plan, x->base_value));
	set(o, "base_year", x->base_is_plan && t->base_year ? json_integer(t->base_year) : year_of(r->base_period));
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
	set(o, "verdict", json_string(verdict_name(r->j.verdict)));
	set(o, "is_final_phase", json_boolean(r->j.is_final_phase));
	set(o, "verdict_basis", json_string(verdict_basis_name(r->j.basis)));
	set(o, "verdict_gap", r->j.verdict == VERDICT_NO_FINAL ? json_string(verdict_gap_name(r->j.gap)) : json_null());
	set(o, "evidence", evidence_json(p, r));
	return o;
}

void assess_count_verdicts(const struct plan *p, const struct assess_row *rows, size_t n, size_t count[VERDICT__COUNT])
{
	memset(count, 0, VERDICT__COUNT * sizeof(count[0]));
	for (size_t i = 0; i < n; i++)
		if (p->indicators[rows[i].indicator].is_headline)
			count[rows[i].j.verdict]++;
}

json_t *assess_summary_json(const struct plan *p, const struct assess_row *rows, size_t n)
{
	size_t count[VERDICT__COUNT];
	assess_count_verdicts(p, rows, n, count);
	json_t *o = must(json_object());
	for (size_t i = 0; i < VERDICT__COUNT; i++)
		set(o, verdict_name((enum verdict)i), json_integer((json_int_t)count[i]));
	return o;
}

json_t *assess_trends_json(const struct plan *p, const struct assess_row *rows, size_t n)
{
	json_t *arr = must(json_array());
	for (size_t i = 0; i < n; i++)
		if (json_array_append_new(arr, assess_row_json(p, &rows[i])) != 0)
			BUG("json_array_append_new failed");
	return arr;
}

json_t *assess_final_json(const struct plan *p, const struct assess_row *rows, size_t n)
{
	json_t *o = must(json_object()), *arr = must(json_array());
	size_t n_headline = 0;
	for (size_t i = 0; i < n; i++) {
		n_headline += p->indicators[rows[i].indicator].is_headline != 0;
		json_t *x = assess_row_json(p, &rows[i]);
		set(x, "is_headline", json_boolean(p->indicators[rows[i].indicator].is_headline));
		if (json_array_append_new(arr, x) != 0)
			BUG("json_array_append_new failed");
	}
	set(o, "plan", json_string(p->info.code));
	set(o, "n_targets", json_integer((json_int_t)n));
	set(o, "n_headline", json_integer((json_int_t)n_headline));
	set(o, "summary", assess_summary_json(p, rows, n));
	set(o, "targets", arr);
	return o;
}
