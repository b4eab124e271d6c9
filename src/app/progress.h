/* progress.h - progress against a plan's targets as a reader may see it: the values the
 * reader's rights give (app_reader_of), every target judged from them, and the trend of each
 * indicator without a target. The one answer the pages (app/view_figures.c), the API (GET
 * /api/v1/progress, /api/v1/indicators/CODE) and `innomon progress` give; the evaluation
 * report judges its own period's values with the same report/assess.h functions. May call
 * base, core, store and report; never web. */
#ifndef INNOMON_APP_PROGRESS_H
#define INNOMON_APP_PROGRESS_H

#include "app/view_reader.h"
#include "report/assess.h"

enum app_progress_flags {
	APP_PROGRESS_FINAL = 1u << 0,  /* the final verdict of every target (as of INFINITY), not now */
	APP_PROGRESS_TRENDS = 1u << 1, /* the trends of the indicators without a target too */
};

struct app_progress {
	struct app_reader who;
	const struct plan *plan;
	double as_of_t;               /* assess_now_t(), or INFINITY with APP_PROGRESS_FINAL */
	const struct obs *cur;        /* the current values read (view who.view), sorted
	                               * (obs_current_cmp): every indicator's, or with ind given
	                               * perhaps its own only, unless it reads others */
	size_t n_cur;
	const struct assess_row *rows;   /* the targets (of ind when given) judged, plan order */
	size_t n_rows;
	const struct assess_row *trends; /* APP_PROGRESS_TRENDS: the trend of each indicator without
	                                  * a target (ind's alone when given), else NULL */
	size_t n_trends;
};

/* The progress of x's plan (app_plan) for anyone (ACT_READ_PUBLIC): of indicator ind (an index
 * of the plan's indicators; ST_NOT_FOUND when out of range), or of every indicator when ind is
 * -1; flags of enum app_progress_flags. Results in x->arena, or, when x has the server's memo
 * (x->progress), shared with other requests: read-only, valid until x->arena is freed. */
enum status app_progress(struct app_ctx *x, int ind, unsigned flags, struct app_progress *out,
			 struct diag_list *errs) WUR;

/* The current values of view (sorted: obs_current_cmp) of plan p (app_plan's): those the
 * server's memo read for p's progress when x has it (shared, read-only, valid until x->arena
 * is freed), else read into x->arena. ST_STORE when they cannot be read. */
enum status app_current_values(struct app_ctx *x, const struct plan *p, enum obs_view view, const struct obs **cur,
			       size_t *n) WUR;

#endif
