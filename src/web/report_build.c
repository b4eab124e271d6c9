/* report_build.c - the evaluation model with the supervision scorecards (see report_build.h). */
#include <string.h>

#include "base/clock.h"
#include "supervise/supervise.h"
#include "web/report_build.h"
#include "base/banned.h"

enum status report_evaluation_build(struct store *s, struct arena *a, const struct eval_options *opts,
				    struct evaluation *out)
{
	enum status rc = evaluation_build(s, a, opts, out);
	if (rc != ST_OK || !out->cycle_period)
		return rc;
	struct sup_scorecard *rows;
	size_t n;
	rc = sup_scorecards(s, a, out->plan, out->cycle_period, 0, clock_now(), &rows, &n);
	if (rc == ST_NOT_FOUND)
		return ST_OK;
	if (rc != ST_OK)
		return rc;
	struct eval_scorecard *sc = arena_calloc(a, n + 1, sizeof(*sc));
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		int unit = plan_find_unit(out->plan, rows[i].unit);
		if (unit < 0)
			continue;
		const struct sup_score_in *in = &rows[i].in;
		struct eval_scorecard *x = &sc[m++];
		x->unit = unit;
		x->n_owed = in->n_owed, x->n_on_time = in->n_on_time, x->n_late = in->n_late, x->n_missing = in->n_missing;
		x->n_returned = in->n_returned;
		x->n_notices = in->n_notices, x->n_unresolved = in->n_unresolved, x->n_escalated = in->n_escalated;
		x->n_ms_due = in->n_ms_due, x->n_ms_done = in->n_ms_done, x->n_ms_overdue = in->n_ms_overdue;
		x->n_ind_assessed = in->n_ind_assessed, x->n_ind_on_track = in->n_ind_on_track;
		for (int k = 0; k < EVAL_SCORE_PARTS && k < SUP_SCORE_PARTS; k++) {
			x->has_part[k] = rows[i].out.has_part[k];
			x->part[k] = rows[i].out.part[k];
			x->weight[k] = sup_score_weights[k];
		}
		x->has_score = rows[i].out.has_score;
		x->score = rows[i].out.score;
	}
	evaluation_set_scorecards(out, a, sc, m);
	return ST_OK;
}
