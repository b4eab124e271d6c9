/* assess_at.h - private to supervise/: the progress status of one target as it stood at a
 * point of the time axis (only the values of periods ending by then), from current values.
 * The same inputs judge_target gives progress_assess (target_assess_input), so supervision
 * and the progress pages judge a target alike. */
#ifndef INNOMON_SUPERVISE_ASSESS_AT_H
#define INNOMON_SUPERVISE_ASSESS_AT_H

#include <stddef.h>

#include "base/arena.h"
#include "core/obs.h"
#include "core/plan.h"
#include "core/progress.h"
#include "core/series.h"
#include "core/verdict.h"

/* The series of target ti built from the current values in (of any indicators; series_input_of),
 * in arena a. */
void sup_target_series(const struct plan *p, const struct series_input *in, int ti, struct arena *a, struct series *out);
/* The status of target ti judged on the first n_pts points of its series se (n_pts <= se->n).
 * Cannot fail. */
enum progress_status sup_target_status(const struct plan *p, int ti, const struct series *se, size_t n_pts,
				       struct arena *a);

#endif
