/* view_sup.h - the view models of task supervision on the read pages: the sections the
 * dashboard, a measure's page and a unit's page show to signed-in users, the responsibility
 * matrix with each report's state (GET /matrix) and the scorecards (GET /scorecards). Each
 * marks what the principal may see (a report outside supervise's rule is shown as submitted
 * or not, never opened; notices they may not see are left out). May call base, core, store
 * and supervise; never web. */
#ifndef INNOMON_APP_VIEW_SUP_H
#define INNOMON_APP_VIEW_SUP_H

#include "app/sup.h"

/* A milestone with its state on the day: "done", "overdue" or "open". */
struct app_milestone {
	struct sup_milestone m;
	const char *state;
};

/* The dashboard's section: measures by status, overdue reports, open and escalated notices.
 * Every count is of what the principal may open: the reports app_cycle_status counts (the
 * supervision screen's and GET /api/v1/cycles/P's summary), the notices app_notices lists. */
#define APP_SUP_ESCALATED_SHOWN 10
struct app_sup_dashboard {
	int is_shown;                 /* signed in (ACT_READ_INTERNAL); nothing else set otherwise */
	const struct sup_cycle *cycle; /* the newest cycle, NULL when none yet */
	int by_progress[REPORT_PROGRESS_COUNT]; /* each measure by its (first) lead unit's submitted
	                                         * report the principal may see */
	int n_unreported;             /* measures without such a report */
	int n_missing, n_late;        /* the cycle's reports the principal may see, by timeliness */
	const char *overdue_href;     /* the department's link to the overdue reports, else NULL */
	int n_open, n_escalated;      /* unresolved notices the principal may see, open or
	                               * escalated; escalated to level 2 */
	struct sup_notice *escalated; /* the escalated ones the principal may see, at most
	                               * APP_SUP_ESCALATED_SHOWN */
	size_t n_escalated_shown;
};
/* Nothing but is_shown = 0 for who may not read internal records. */
enum status app_sup_dashboard_view(struct app_ctx *x, struct app_sup_dashboard *out) WUR;

/* A measure's section: its milestones, the reports of the newest cycle, its notices. */
struct app_sup_measure {
	int is_shown;
	struct app_milestone *milestones;
	size_t n_milestones;
	const struct sup_cycle *cycle;  /* NULL when none yet */
	struct app_owed *owed;          /* the cycle's duties of the measure */
	size_t n_owed;
	struct sup_notice *notices;     /* those the principal may see */
	size_t n_notices;
};
enum status app_sup_measure_view(struct app_ctx *x, int measure, struct app_sup_measure *out) WUR;

/* A unit's section: its scorecard and reports in the newest cycle, its notices, the milestones
 * it owns. */
struct app_sup_unit {
	int is_shown;
	const struct sup_cycle *cycle;   /* NULL when none yet */
	const struct sup_scorecard *card; /* the unit's scorecard in cycle, NULL when it has none */
	struct app_owed *owed;           /* the cycle's duties of the unit */
	size_t n_owed;
	struct sup_notice *notices;
	size_t n_notices;
	struct app_milestone *milestones; /* those it owns */
	size_t n_milestones;
};
enum status app_sup_unit_view(struct app_ctx *x, const char *unit, struct app_sup_unit *out) WUR;

/* GET /matrix: every measure by every unit with the state of the report the principal may see. */
struct app_matrix_view {
	struct sup_cycle *cycles;    /* every cycle, newest first */
	size_t n_cycles;
	struct sup_cycle *cycle;     /* the one asked for, else the newest; NULL when none yet */
	struct app_owed *owed;       /* its duties, in duty order */
	size_t n_owed;
};
/* ACT_READ_INTERNAL. period NULL or "": the newest cycle; a period with no cycle: ST_NOT_FOUND. */
enum status app_matrix_view(struct app_ctx *x, const char *period, struct app_matrix_view *out) WUR;

/* GET /scorecards: one cycle's scorecards and every unit's score in the latest cycles. */
#define APP_SCORE_HISTORY_MAX 12
struct app_scorecards_view {
	struct sup_cycle *cycles;    /* every cycle, newest first */
	size_t n_cycles;
	struct sup_cycle *cycle;     /* the one asked for, else the newest; NULL when none yet */
	int is_city;
	struct sup_scorecard *rows;  /* cycle's scorecards */
	size_t n_rows;
	size_t n_hist;               /* the history's cycles when more than one, oldest first: */
	const char **hist_period;    /* [n_hist] */
	struct sup_scorecard **hist; /* [n_hist][n_h[k]] */
	size_t *n_h;
};
/* ACT_READ_INTERNAL; app_scorecards' answer for period (NULL: the newest cycle; one with no
 * cycle: ST_NOT_FOUND) with the cycles and the history; no cycle yet: cycle NULL, ST_OK. */
enum status app_scorecards_view(struct app_ctx *x, const char *period, int is_city, struct app_scorecards_view *out) WUR;
/* The score of unit in history cycle k of v, NULL when it has none. */
const struct sup_scorecard *app_scorecards_hist(const struct app_scorecards_view *v, size_t k, const char *unit);

#endif
