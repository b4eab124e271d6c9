/* assess_at.c - a target's progress status on a prefix of its series (see assess_at.h). */
#include "supervise/assess_at.h"
#include "base/banned.h"

void sup_target_series(const struct plan *p, const struct series_input *in, int ti, struct arena *a, struct series *out)
{
	const struct target *t = &p->targets[ti];
	series_build_from(p, in, t->indicator, t->region, a, out);
	series_keep_assessed(p, t, out);
}

enum progress_status sup_target_status(const struct plan *p, int ti, const struct series *se, size_t n_pts,
				       struct arena *a)
{
	struct assessment out;
	struct assess_input in;
	target_assess_input(p, &p->targets[ti], series_points(se, a), n_pts <= se->n ? n_pts : se->n, &in);
	progress_assess(&in, &out);
	return out.status;
}
