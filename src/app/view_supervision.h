/* view_supervision.h - the views of the department's supervision screen and of one progress
 * report (web/page_supervision.c): the cycles, the one shown with every report it owes and
 * the counts of the screen's summary; one report with its revisions and evidence, whether the
 * principal reviews it here and which screen it came from. */
#ifndef INNOMON_APP_VIEW_SUPERVISION_H
#define INNOMON_APP_VIEW_SUPERVISION_H

#include "app/sup.h"

struct supervision_view {
	const struct plan *plan;
	struct sup_cycle *cycles;        /* newest first */
	size_t n_cycles;
	const struct sup_cycle *cycle;   /* the one shown; NULL: none opened yet (status empty) */
	struct app_cycle_status status;  /* every report owed (the department sees them all) */
	int n_waiting, n_approved, n_returned; /* reports by state */
};
/* The screen (ACT_SUPERVISE) for cycle period as stored (NULL: the open one, else the newest;
 * ST_NOT_FOUND when period names no cycle). */
enum status app_supervision_view(struct app_ctx *x, const char *period, struct supervision_view *out,
				 struct diag_list *errs) WUR;

struct progress_report_view {
	const struct plan *plan;
	struct app_report_view report;   /* its owed->report is set */
	int measure_index;               /* in plan; -1 when unknown */
	enum sup_timeliness timeliness;  /* of the first submission against the deadline, now */
	int is_department;               /* came from /supervision (else /reporting) */
	int may_review;                  /* submitted, and the principal supervises: the buttons */
};
/* The report of key as the principal may see it; ST_NOT_FOUND when nothing is written yet. */
enum status app_progress_report_view(struct app_ctx *x, const struct app_report_key *key,
				     struct progress_report_view *out) WUR;

#endif
