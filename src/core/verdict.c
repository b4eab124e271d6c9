/* verdict.c - a target's state at a date: series, running assessment and verdict (see
 * verdict.h). The final verdict reuses progress_assess on the points up to the end of the
 * target year, so every comparator keeps one rule. Pure. */
#include <math.h>
#include <string.h>

#include "core/verdict.h"
#include "base/banned.h"

const enum verdict verdict_final_order[5] = {VERDICT_MET, VERDICT_NOT_MET, VERDICT_PROVISIONAL_MET,
					     VERDICT_PROVISIONAL_NOT_MET, VERDICT_NO_FINAL};

const char *verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_MET: return "met";
	case VERDICT_NOT_MET: return "not_met";
	case VERDICT_PROVISIONAL_MET: return "provisional_met";
	case VERDICT_PROVISIONAL_NOT_MET: return "provisional_not_met";
	case VERDICT_NO_FINAL: return "no_final";
	case VERDICT_ON_TRACK: return "on_track";
	case VERDICT_OFF_TRACK: return "off_track";
	case VERDICT_NOT_ASSESSED:
	case VERDICT__COUNT:
	default: return "not_assessed";
	}
}

const char *verdict_basis_name(enum verdict_basis b)
{
	switch (b) {
	case VB_OWN: return "own";
	case VB_SUB_ANNUAL: return "sub_annual";
	case VB_PROXY: return "proxy";
	case VB_NONE:
	default: return "none";
	}
}

const char *verdict_gap_name(enum verdict_gap g)
{
	switch (g) {
	case VG_NO_FIGURE: return "no_figure";
	case VG_NO_FINAL_FIGURE: return "no_final_figure";
	case VG_CANNOT_JUDGE: return "cannot_judge";
	case VG_YEARS_MISSING: return "years_missing";
	case VG_NONE:
	default: return "none";
	}
}

int verdict_is_final(enum verdict v)
{
	return v == VERDICT_MET || v == VERDICT_NOT_MET || v == VERDICT_PROVISIONAL_MET ||
	       v == VERDICT_PROVISIONAL_NOT_MET || v == VERDICT_NO_FINAL;
}

int verdict_is_provisional(enum verdict v)
{
	return v == VERDICT_PROVISIONAL_MET || v == VERDICT_PROVISIONAL_NOT_MET;
}

enum verdict verdict_of_status(enum progress_status st)
{
	switch (st) {
	case PS_MET: return VERDICT_MET;
	case PS_ON_TRACK: return VERDICT_ON_TRACK;
	case PS_NOT_MET:
	case PS_NEEDS_ACCELERATION:
	case PS_LIMITED:
	case PS_DETERIORATING:
	case PS_STABLE: return VERDICT_OFF_TRACK;
	case PS_NO_STATUS:
	default: return VERDICT_NOT_ASSESSED;
	}
}

/* The first year a plan covers: the year it was issued (annual kinds judge the years from it). */
static int plan_first_year(const struct plan *p)
{
	int y = 0;
	for (int i = 0; i < 4 && p->info.issued && p->info.issued[i] >= '0' && p->info.issued[i] <= '9'; i++)
		y = y * 10 + (p->info.issued[i] - '0');
	return y;
}

void target_assess_input(const struct plan *p, const struct target *t, const struct obs_point *pts, size_t n,
			 struct assess_input *in)
{
	const struct indicator *ind = &p->indicators[t->indicator];
	*in = (struct assess_input){
		.cmp = t->cmp,
		.target = t->value,
		.target_max = t->value_max,
		.tolerance = t->tolerance,
		.target_year = t->year,
		.dir = ind->direction,
		.is_ordinal = ind->scale == SCALE_ORDINAL,
		.has_base = t->has_base_value,
		.base_value = t->base_value,
		.base_year = t->base_year,
		.plan_first_year = plan_first_year(p),
		.pts = pts,
		.n_pts = n,
	};
}

/* Assess the points of s with t <= t_max (every point when t_max is infinite) against target t. */
static void assess_upto(const struct plan *p, const struct target *t, const struct series *s, double t_max,
			struct arena *a, struct assessment *out)
{
	struct obs_point *pts = arena_alloc(a, (s->n + 1) * sizeof(*pts));
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->pts[i].t <= t_max)
			pts[n++] = (struct obs_point){s->pts[i].t, s->pts[i].value, s->pts[i].year};
	struct assess_input in;
	target_assess_input(p, t, pts, n, &in);
	progress_assess(&in, out);
}

/* The latest point of s at or before t_max, NULL when none. */
static const struct series_point *latest_upto(const struct series *s, double t_max)
{
	const struct series_point *best = NULL;
	for (size_t i = 0; i < s->n; i++)
		if (s->pts[i].t <= t_max && (!best || s->pts[i].t > best->t))
			best = &s->pts[i];
	return best;
}

/* The series s with its point pt moved to the end of the target year, so that progress_assess
 * judges it as the final figure (a stand-in figure is judged by the comparator's own rule). */
static struct series stand_in(const struct series *s, const struct series_point *pt, int target_year, struct arena *a)
{
	struct series out = *s;
	out.pts = arena_alloc(a, (s->n + 1) * sizeof(*out.pts));
	out.n = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (&s->pts[i] != pt && s->pts[i].t >= pt->t)
			continue; /* later points (none up to the year's end, by construction) */
		out.pts[out.n] = s->pts[i];
		if (&s->pts[i] == pt)
			out.pts[out.n].t = (double)target_year;
		out.n++;
	}
	return out;
}

/* Judge series s (region reg) finally: 1 when a verdict came out (met or not met, with the
 * deciding figure in out), 0 when s has nothing to decide by. is_stand_in: any figure of s
 * only stands in (a proxy region). */
static int judge_final(const struct plan *p, const struct target *t, const struct series *s, int reg, int is_stand_in,
		       struct arena *a, struct judgement *out)
{
	double end = (double)t->year;
	const struct series_point *last = latest_upto(s, end);
	if (!last || last->year != t->year)
		return 0; /* nothing for the target year itself */
	const struct series *judged = s;
	int is_sub_annual = last->t < end;
	struct series moved;
	if (is_sub_annual) {
		moved = stand_in(s, last, t->year, a);
		judged = &moved;
	}
	struct assessment fa;
	assess_upto(p, t, judged, end, a, &fa);
	int is_met = fa.status == PS_MET, is_not_met = fa.status == PS_NOT_MET;
	if (!is_met && !is_not_met)
		return 0;
	int is_provisional = is_stand_in || is_sub_annual;
	out->verdict = is_met ? (is_provisional ? VERDICT_PROVISIONAL_MET : VERDICT_MET)
			      : (is_provisional ? VERDICT_PROVISIONAL_NOT_MET : VERDICT_NOT_MET);
	out->basis = is_stand_in ? VB_PROXY : is_sub_annual ? VB_SUB_ANNUAL : VB_OWN;
	out->fig_region = reg;
	out->fig = last;
	out->fig_a = fa;
	return 1;
}

static void judge_final_phase(const struct plan *p, const struct series_input *in, const struct target *t,
			      struct arena *a, struct judgement *out)
{
	double end = (double)t->year;
	/* annual kinds: a year before the target year that fell short is a miss whatever comes later */
	struct assessment own;
	assess_upto(p, t, &out->series, end, a, &own);
	if (cmp_is_annual(t->cmp) && own.status == PS_NOT_MET) {
		int early = 0;
		for (size_t i = 0; i < own.n_years_short; i++)
			early |= own.years_short[i] < t->year;
		if (early) {
			out->verdict = VERDICT_NOT_MET;
			out->basis = VB_OWN;
			out->fig_region = t->region;
			out->fig = latest_upto(&out->series, end);
			out->fig_a = own;
			return;
		}
	}
	if (judge_final(p, t, &out->series, t->region, 0, a, out))
		return;
	if (t->proxy_region >= 0) {
		struct series *ps = arena_alloc(a, sizeof(*ps));
		series_build_from(p, in, t->indicator, t->proxy_region, a, ps);
		series_keep_assessed(p, t, ps);
		if (judge_final(p, t, ps, t->proxy_region, 1, a, out))
			return;
	}
	out->verdict = VERDICT_NO_FINAL;
	out->basis = VB_NONE;
	const struct series_point *last = latest_upto(&out->series, end);
	if (!last)
		out->gap = VG_NO_FIGURE;
	else if (last->year != t->year)
		out->gap = VG_NO_FINAL_FIGURE;
	else if ((cmp_is_annual(t->cmp) || t->cmp == CMP_CUMULATIVE_GE) && own.n_years_missing)
		out->gap = VG_YEARS_MISSING;
	else
		out->gap = VG_CANNOT_JUDGE;
}

/* Judge target t (index ti into plan.targets, -1 for a trend without a target). */
static void judge(const struct plan *p, const struct series_input *in, const struct target *t, int ti,
		  double as_of_t, struct arena *a, struct judgement *out)
{
	memset(out, 0, sizeof(*out));
	out->target = ti;
	out->fig_region = -1;
	series_build_from(p, in, t->indicator, t->region, a, &out->series);
	series_keep_assessed(p, t, &out->series);
	assess_upto(p, t, &out->series, INFINITY, a, &out->a);
	out->is_final_phase = t->cmp != CMP_NONE && t->year > 0 && as_of_t >= (double)t->year;
	if (out->is_final_phase) {
		judge_final_phase(p, in, t, a, out);
		return;
	}
	/* without a target there is no verdict: the trend is the assessment's status */
	out->verdict = t->cmp == CMP_NONE ? VERDICT_NOT_ASSESSED : verdict_of_status(out->a.status);
	out->basis = out->series.n > 0 ? VB_OWN : VB_NONE;
	if (out->series.n > 0) {
		out->fig_region = t->region;
		out->fig = latest_upto(&out->series, INFINITY);
	}
}

void judge_target(const struct plan *p, const struct series_input *in, int ti, double as_of_t,
		  struct arena *a, struct judgement *out)
{
	judge(p, in, &p->targets[ti], ti, as_of_t, a, out);
}

void judge_trend(const struct plan *p, const struct series_input *in, int ind, int reg, double as_of_t,
		 struct arena *a, struct judgement *out)
{
	struct target t = {
		.indicator_code = p->indicators[ind].code,
		.region_code = p->regions[reg].code,
		.cmp = CMP_NONE,
		.indicator = ind,
		.region = reg,
		.proxy_region = -1,
	};
	judge(p, in, &t, -1, as_of_t, a, out);
}
