/* assess_at.c - a target's progress status on a prefix of its series (see assess_at.h). */
#include "supervise/assess_at.h"
#include "base/banned.h"

/* The first year a plan covers: the year it was issued (as report/assess.c). */
static int plan_first_year(const struct plan *p)
{
	int y = 0;
	for (int i = 0; i < 4 && p->info.issued && p->info.issued[i]; i++)
		y = y * 10 + (p->info.issued[i] - '0');
	return y;
}

void sup_target_series(const struct plan *p, const struct obs *cur, size_t n_cur, int ti, struct arena *a,
		       struct series *out)
{
	const struct target *t = &p->targets[ti];
	series_build(p, cur, n_cur, t->indicator, t->region, a, out);
}

enum progress_status sup_target_status(const struct plan *p, int ti, const struct series *se, size_t n_pts,
				       struct arena *a)
{
	const struct target *t = &p->targets[ti];
	const struct indicator *ind = &p->indicators[t->indicator];
	struct assessment out;
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
		.pts = series_points(se, a),
		.n_pts = n_pts <= se->n ? n_pts : se->n,
	};
	progress_assess(&in, &out);
	return out.status;
}
