/* series.c - series assembly with sums from sub-regions (see series.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

void series_build(const struct plan *p, const struct obs *cur, size_t n_cur, int ind, int reg, struct arena *arena,
		  struct series *out)
{
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

	size_t cap = 8;
	for (size_t i = 0; i < n_cur; i++)
		cap += strcmp(cur[i].indicator, ind_code) == 0;
	out->pts = arena_alloc(arena, cap * sizeof(*out->pts));
	out->disc = arena_alloc(arena, cap * sizeof(*out->disc));

	for (size_t i = 0; i < n_cur; i++) {
		const struct obs *o = &cur[i];
		if (!is_match(o, ind_code, reg_code))
			continue;
		struct period per;
		if (!period_parse(o->period, strlen(o->period), &per))
			continue;
		out->pts[out->n++] = (struct series_point){o->period, o->period_t, per.year, o->value, o->qualifier, o, 0, 0};
	}
	if (n_parts == 0)
		goto sort;

	/* every period in which the first part has a value is a candidate for a sum */
	const char *first = p->regions[parts[0]].code;
	for (size_t i = 0; i < n_cur; i++) {
		const struct obs *o = &cur[i];
		if (!is_match(o, ind_code, first))
			continue;
		double sum = o->value;
		enum obs_qualifier q = o->qualifier;
		size_t found = 1;
		for (size_t k = 1; k < n_parts; k++) {
			const char *part = p->regions[parts[k]].code;
			for (size_t j = 0; j < n_cur; j++)
				if (is_match(&cur[j], ind_code, part) && strcmp(cur[j].period, o->period) == 0) {
					sum += cur[j].value;
					if (cur[j].qualifier != QUAL_EXACT)
						q = cur[j].qualifier;
					found++;
					break;
				}
		}
		if (found != n_parts)
			continue;
		struct series_point *reported = NULL;
		for (size_t k = 0; k < out->n; k++)
			if (strcmp(out->pts[k].period, o->period) == 0 && !out->pts[k].is_derived)
				reported = &out->pts[k];
		if (reported) {
			double diff = fabs(reported->value - sum);
			if (diff > SERIES_SUM_TOLERANCE * fmax(fabs(reported->value), fabs(sum)))
				out->disc[out->n_disc++] = (struct series_discrepancy){o->period, reported->value, sum};
			continue;
		}
		struct period per;
		if (!period_parse(o->period, strlen(o->period), &per))
			continue;
		out->pts[out->n++] = (struct series_point){o->period, o->period_t, per.year, sum, q, NULL, 1, n_parts};
	}
sort:
	qsort(out->pts, out->n, sizeof(*out->pts), point_cmp);
}

struct obs_point *series_points(const struct series *s, struct arena *arena)
{
	struct obs_point *pts = arena_alloc(arena, (s->n + 1) * sizeof(*pts));
	for (size_t i = 0; i < s->n; i++)
		pts[i] = (struct obs_point){s->pts[i].t, s->pts[i].value, s->pts[i].year};
	return pts;
}
