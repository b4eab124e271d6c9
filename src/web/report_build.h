/* report_build.h - the evaluation report's model as the web page and the CLI build it: the model
 * of report/evaluation.h plus the supervision scorecards of its newest reporting cycle, which
 * supervise/ computes (report/ may not call supervise/; web/ and cli/ may). */
#ifndef INNOMON_WEB_REPORT_BUILD_H
#define INNOMON_WEB_REPORT_BUILD_H

#include "report/evaluation.h"

/* evaluation_build, then the scorecards of out->cycle_period attached (none when the period has
 * no cycle). Everything in a; errors as evaluation_build's. */
enum status report_evaluation_build(struct store *s, struct arena *a, const struct eval_options *opts,
				    struct evaluation *out) WUR;

#endif
