/* series.c - series assembly with sums from sub-regions (see series.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/expr.h"
#include "core/period.h"
#include "core/series.h"
#include "base/banned.h"

static int point_cmp(const void *x, const void *y)
{
	const struct series_point *a = x, *b = y;
	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	return strcmp(a->period, b->period);
}

static int is_match(const struct obs *o, const char *ind, const char *reg)
{
	return strcmp(o->indicator, ind) == 0 && strcmp(o->region, reg) == 0;
}

/* A look-up of values (struct series_input) narrows to a range by binary search when they are
 * sorted, else it is all of them: the scans over a range match each value anyway. */

/* o against (ind, reg): by indicator, then region when reg is not NULL. */
static int key_cmp(const struct obs *o, const char *ind, const char *reg)
{
	int c = strcmp(o->indicator, ind);
	return c || !reg ? c : strcmp(o->region, reg);
}

/* The range [*lo, *hi) of v holding the values of ind (and of reg, unless NULL). */
static void range_of(const struct series_input *v, const char *ind, const char *reg, size_t *lo, size_t *hi)
{
	*lo = 0, *hi = v->n;
	if (!v->is_sorted)
		return;
	size_t a = 0, b = v->n;
	while (a < b) { /* the first value not before the key */
		size_t mid = a + (b - a) / 2;
		if (key_cmp(&v->cur[mid], ind, reg) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	b = v->n;
	while (a < b) { /* the first value after it */
		size_t mid = a + (b - a) / 2;
		if (key_cmp(&v->cur[mid], ind, reg) <= 0)
			a = mid + 1;
		else
			b = mid;
	}
	*hi = a;
}

/* A value found by its period: cur[idx]'s period. Sorted by period, then by idx, the first
 * value of a period in cur's order comes first (what a scan of cur would have found). */
struct by_period {
	const char *period;
	size_t idx;
};

static int by_period_cmp(const void *x, const void *y)
{
	const struct by_period *a = x, *b = y;
	int c = strcmp(a->period, b->period);
	return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

/* How many values v holds of (ind, reg). */
static size_t count_of(const struct series_input *v, const char *ind, const char *reg)
{
	size_t lo, hi, m = 0;
	range_of(v, ind, reg, &lo, &hi);
	for (size_t i = lo; i < hi; i++)
		m += is_match(&v->cur[i], ind, reg);
	return m;
}

/* The values of v of (ind, reg) sorted by period into *out (*n of them), in arena. */
static void index_by_period(const struct series_input *v, const char *ind, const char *reg, struct arena *arena,
			    struct by_period **out, size_t *n)
{
	size_t lo, hi;
	range_of(v, ind, reg, &lo, &hi);
	*out = arena_alloc(arena, (count_of(v, ind, reg) + 1) * sizeof(**out));
	*n = 0;
	for (size_t i = lo; i < hi; i++)
		if (is_match(&v->cur[i], ind, reg))
			(*out)[(*n)++] = (struct by_period){v->cur[i].period, i};
	qsort(*out, *n, sizeof(**out), by_period_cmp);
}

/* The first entry of ix[0..n) for period, or NULL. */
static const struct by_period *find_period(const struct by_period *ix, size_t n, const char *period)
{
	size_t lo = 0, hi = n;
	while (lo < hi) { /* the first entry not before period */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ix[mid].period, period) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(ix[lo].period, period) == 0 ? &ix[lo] : NULL;
}

/* Room for one more point and one more discrepancy in out, whose arrays hold *cap each:
 * doubled when either is full. */
static void room_for_one(struct series *out, size_t *cap, struct arena *arena)
{
	if (out->n < *cap && out->n_disc < *cap)
		return;
	size_t ncap = *cap * 2;
	struct series_point *g = arena_alloc(arena, ncap * sizeof(*g));
	struct series_discrepancy *gd = arena_alloc(arena, ncap * sizeof(*gd));
	memcpy(g, out->pts, out->n * sizeof(*g));
	memcpy(gd, out->disc, out->n_disc * sizeof(*gd));
	out->pts = g;
	out->disc = gd;
	*cap = ncap;
}

/* The predecessor's figures (indicator code from, region reg_code) for the periods out has
 * none of: the series a successor's indicator continues (indicators.csv continues). */
static void continued_points(const struct series_input *v, const char *from, const char *reg_code, struct arena *arena,
			     struct series *out, size_t *cap)
{
	size_t n_own = out->n, lo, hi;
	range_of(v, from, reg_code, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		const struct obs *o = &v->cur[i];
		if (!is_match(o, from, reg_code))
			continue;
		int is_own = 0;
		for (size_t k = 0; k < n_own && !is_own; k++)
			is_own = strcmp(out->pts[k].period, o->period) == 0;
		struct period per;
		if (is_own || !period_parse(o->period, strlen(o->period), &per))
			continue;
		room_for_one(out, cap, arena);
		out->pts[out->n++] = (struct series_point){o->period, o->period_t, per.year, o->value, o->qualifier, o, 0, 0, 0, 1};
	}
}

void series_keep_assessed(const struct plan *p, const struct target *t, struct series *s)
{
	int base = t->base_year ? t->base_year : p->info.base_year;
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++)
		if (!s->pts[i].is_continued || (base && s->pts[i].year >= base))
			s->pts[k++] = s->pts[i];
	s->n = k;
}

int indicator_reads_others(const struct indicator *d)
{
	return d->kind == IND_FORMULA || d->continues != NULL;
}

/* ---- formula indicators ------------------------------------------------------------------ */

struct formula_ctx {
	const struct plan *p;
	int reg;
	struct arena *arena;
	const struct series_point *at; /* the candidate period */
	const char **codes;            /* the references and their series, built once */
	struct series *series;
	size_t n_refs;
};

static const struct series *ref_series(struct formula_ctx *f, const char *code)
{
	for (size_t i = 0; i < f->n_refs; i++)
		if (strcmp(f->codes[i], code) == 0)
			return &f->series[i];
	return NULL;
}

static int formula_lookup(void *ctx, const char *code, int is_last, double *out)
{
	struct formula_ctx *f = ctx;
	const struct series *s = ref_series(f, code);
	if (!s)
		return 0;
	const struct series_point *best = NULL;
	for (size_t i = 0; i < s->n; i++) {
		const struct series_point *pt = &s->pts[i];
		if (!is_last && strcmp(pt->period, f->at->period) == 0)
			best = pt;
		else if (is_last && pt->t <= f->at->t && (!best || pt->t >= best->t))
			best = pt;
	}
	if (!best)
		return 0;
	*out = best->value;
	return 1;
}

/* Computed points of formula indicator ind in region reg, added to out (room for them made by
 * the caller's growth). Periods are those of the references used without last(). */
static void build(const struct plan *p, const struct series_input *v, int ind, int reg, struct arena *arena, struct series *out);

static void formula_points(const struct plan *p, const struct series_input *vals, int ind, int reg, struct arena *arena,
			   struct series *out, size_t *cap)
{
	const struct indicator *d = &p->indicators[ind];
	size_t err_at;
	const char *err;
	struct expr *e = d->formula ? expr_parse(arena, d->formula, strlen(d->formula), &err_at, &err) : NULL;
	if (!e)
		return;
	struct formula_ctx f = {p, reg, arena, NULL, NULL, NULL, 0};
	const char *refs[64];
	size_t n = expr_refs(e, refs, 64);
	if (n > 64)
		return;
	f.codes = arena_alloc(arena, (n + 1) * sizeof(char *));
	f.series = arena_alloc(arena, (n + 1) * sizeof(struct series));
	for (size_t i = 0; i < n; i++) {
		int ri = plan_find_indicator(p, refs[i]);
		if (ri < 0 || p->indicators[ri].kind == IND_FORMULA || ref_series(&f, refs[i]))
			continue;
		f.codes[f.n_refs] = refs[i];
		build(p, vals, ri, reg, arena, &f.series[f.n_refs]);
		f.n_refs++;
	}
	/* candidate periods: every point of every reference (those used plainly must match) */
	for (size_t r = 0; r < f.n_refs; r++)
		for (size_t k = 0; k < f.series[r].n; k++) {
			const struct series_point *cand = &f.series[r].pts[k];
			/* a period is computed once, whichever references have it: its point, or the
			 * discrepancy with the figure reported for it */
			int seen = 0;
			for (size_t j = 0; j < out->n && !seen; j++)
				seen = out->pts[j].is_formula && strcmp(out->pts[j].period, cand->period) == 0;
			for (size_t j = 0; j < out->n_disc && !seen; j++)
				seen = out->disc[j].is_formula && strcmp(out->disc[j].period, cand->period) == 0;
			if (seen)
				continue;
			f.at = cand;
			double v;
			if (!expr_eval(e, formula_lookup, &f, &v))
				continue;
			struct series_point *reported = NULL;
			for (size_t j = 0; j < out->n; j++)
				if (!out->pts[j].is_formula && !out->pts[j].is_derived && strcmp(out->pts[j].period, cand->period) == 0)
					reported = &out->pts[j];
			if (reported) {
				if (fabs(reported->value - v) > SERIES_SUM_TOLERANCE * fmax(fabs(reported->value), fabs(v))) {
					room_for_one(out, cap, arena);
					out->disc[out->n_disc++] = (struct series_discrepancy){cand->period, reported->value, v, 1};
				}
				continue;
			}
			room_for_one(out, cap, arena);
			out->pts[out->n++] = (struct series_point){cand->period, cand->t, cand->year, v, QUAL_EXACT, NULL, 0, 0, 1, 0};
		}
}

static void build(const struct plan *p, const struct series_input *v, int ind, int reg, struct arena *arena, struct series *out)
{
	const struct obs *cur = v->cur;
	size_t lo, hi;
	const char *ind_code = p->indicators[ind].code, *reg_code = p->regions[reg].code;
	memset(out, 0, sizeof(*out));
	out->indicator = ind;
	out->region = reg;

	/* parts: the regions that sum into reg */
	size_t n_parts = 0;
	int *parts = arena_alloc(arena, (p->n_regions + 1) * sizeof(int));
	if (p->indicators[ind].aggregation == AGG_SUM)
		for (size_t r = 0; r < p->n_regions; r++)
			if (p->regions[r].sums_into_idx == reg)
				parts[n_parts++] = (int)r;

	/* room for the region's own points and a sum (or a discrepancy) for each of the first
	 * part's; formulas and continued series make their own room (room_for_one) */
	size_t cap = 8 + count_of(v, ind_code, reg_code) + (n_parts ? count_of(v, ind_code, p->regions[parts[0]].code) : 0);
	out->pts = arena_alloc(arena, cap * sizeof(*out->pts));
	out->disc = arena_alloc(arena, cap * sizeof(*out->disc));

	range_of(v, ind_code, reg_code, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		const struct obs *o = &cur[i];
		if (!is_match(o, ind_code, reg_code))
			continue;
		struct period per;
		if (!period_parse(o->period, strlen(o->period), &per))
			continue;
		out->pts[out->n++] = (struct series_point){o->period, o->period_t, per.year, o->value, o->qualifier, o, 0, 0, 0, 0};
	}
	if (n_parts == 0)
		goto formula;

	/* every period in which the first part has a value is a candidate for a sum; the other
	 * parts' values and the region's own are found by period (sorted once: a scan of cur per
	 * candidate made long series quadratic) */
	const char *first = p->regions[parts[0]].code;
	struct by_period **part_ix = arena_alloc(arena, n_parts * sizeof(*part_ix));
	size_t *part_n = arena_alloc(arena, n_parts * sizeof(*part_n));
	for (size_t k = 1; k < n_parts; k++)
		index_by_period(v, ind_code, p->regions[parts[k]].code, arena, &part_ix[k], &part_n[k]);
	size_t n_own = out->n; /* the reported points, before any sum is added */
	struct by_period *own = arena_alloc(arena, (n_own + 1) * sizeof(*own));
	for (size_t k = 0; k < n_own; k++)
		own[k] = (struct by_period){out->pts[k].period, k};
	qsort(own, n_own, sizeof(*own), by_period_cmp);
	range_of(v, ind_code, first, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		const struct obs *o = &cur[i];
		if (!is_match(o, ind_code, first))
			continue;
		double sum = o->value;
		enum obs_qualifier q = o->qualifier;
		size_t found = 1;
		for (size_t k = 1; k < n_parts; k++) {
			const struct by_period *hit = find_period(part_ix[k], part_n[k], o->period);
			if (!hit)
				continue;
			sum += cur[hit->idx].value;
			if (cur[hit->idx].qualifier != QUAL_EXACT)
				q = cur[hit->idx].qualifier;
			found++;
		}
		if (found != n_parts)
			continue;
		/* the region's own figure of the period: the last reported one, as a scan found it */
		struct series_point *reported = NULL;
		for (const struct by_period *r = find_period(own, n_own, o->period); r && r < own + n_own &&
		     strcmp(r->period, o->period) == 0; r++)
			reported = &out->pts[r->idx];
		if (reported) {
			double diff = fabs(reported->value - sum);
			if (diff > SERIES_SUM_TOLERANCE * fmax(fabs(reported->value), fabs(sum)))
				out->disc[out->n_disc++] = (struct series_discrepancy){o->period, reported->value, sum, 0};
			continue;
		}
		struct period per;
		if (!period_parse(o->period, strlen(o->period), &per))
			continue;
		out->pts[out->n++] = (struct series_point){o->period, o->period_t, per.year, sum, q, NULL, 1, n_parts, 0, 0};
	}
formula:
	/* after the sums: formula_points grows the arrays itself when it needs room */
	if (p->indicators[ind].kind == IND_FORMULA)
		formula_points(p, v, ind, reg, arena, out, &cap);
	if (p->indicators[ind].continues)
		continued_points(v, p->indicators[ind].continues, reg_code, arena, out, &cap);
	qsort(out->pts, out->n, sizeof(*out->pts), point_cmp);
}

void series_build(const struct plan *p, const struct obs *cur, size_t n_cur, int ind, int reg, struct arena *arena,
		  struct series *out)
{
	const struct series_input v = {cur, n_cur, 0};
	build(p, &v, ind, reg, arena, out);
}

void series_build_from(const struct plan *p, const struct series_input *in, int ind, int reg, struct arena *arena,
		       struct series *out)
{
	build(p, in, ind, reg, arena, out);
}

struct series_input series_input_of(const struct obs *cur, size_t n)
{
	struct series_input in = {cur, n, 1};
	for (size_t i = 1; i < n && in.is_sorted; i++)
		in.is_sorted = obs_current_cmp(&cur[i - 1], &cur[i]) <= 0;
	return in;
}

struct obs_point *series_points(const struct series *s, struct arena *arena)
{
	struct obs_point *pts = arena_alloc(arena, (s->n + 1) * sizeof(*pts));
	for (size_t i = 0; i < s->n; i++)
		pts[i] = (struct obs_point){s->pts[i].t, s->pts[i].value, s->pts[i].year};
	return pts;
}
