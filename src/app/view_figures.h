/* view_figures.h - the view models of the read pages about the plan's figures: the dashboard,
 * a region, the map, the plan, the reporting status and an indicator (with its chart files).
 * Each reads the current values the reader may see once and assesses the targets from them;
 * a renderer in web/ writes the view and asks nothing else. May call base, core, store and
 * report; never web. */
#ifndef INNOMON_APP_VIEW_FIGURES_H
#define INNOMON_APP_VIEW_FIGURES_H

#include "app/view_reader.h"
#include "app/view_sup.h"
#include "report/assess.h"

/* The current values the reader may see and every target assessed from them. */
struct app_figures {
	struct app_reader who;
	const struct plan *plan;
	const struct obs *cur;        /* the current values visible to who, ordered by indicator */
	size_t n_cur;
	const struct assess_row *rows; /* every target of the plan judged now, plan order */
	size_t n_rows;
};
/* The figures of x's plan (app_plan), ACT_READ_PUBLIC (anyone). */
enum status app_figures_view(struct app_ctx *x, struct app_figures *out, struct diag_list *errs) WUR;

/* GET /: the plan at a glance. */
struct app_dashboard_view {
	struct app_figures f;
	int region;                    /* the region chosen, -1: each target in its own */
	int has_ended;                 /* today is after the plan's valid_until: the final verdicts lead */
	struct app_sup_dashboard sup;  /* the supervision section (sup.is_shown: signed in) */
};
/* The dashboard of x's plan for region (an index of its regions, -1 for none; ST_NOT_FOUND
 * when out of range). */
enum status app_dashboard_view(struct app_ctx *x, int region, struct app_dashboard_view *out,
			       struct diag_list *errs) WUR;

/* GET /plan: its targets and the trends of the indicators without any. */
struct app_plan_view {
	struct app_figures f;
	const struct assess_row *trends; /* assess_trend_values of f.cur */
	size_t n_trends;
};
enum status app_plan_view(struct app_ctx *x, struct app_plan_view *out, struct diag_list *errs) WUR;

/* GET /reporting-status: which indicators have a figure the reader may see for which year. */
#define APP_STATUS_MAX_YEARS 10
struct app_status_view {
	const struct plan *plan;
	int first, last;          /* the years shown: the plan's, widened to the figures held, at most
	                           * APP_STATUS_MAX_YEARS, the latest */
	unsigned char *has;       /* [indicator * (last - first + 1) + year - first]: a figure that year */
	int latest;               /* the last year any indicator has a figure, within the range */
};
enum status app_status_view(struct app_ctx *x, struct app_status_view *out, struct diag_list *errs) WUR;
/* Whether v has a figure of indicator ind in year (first..last). */
int app_status_has(const struct app_status_view *v, size_t ind, int year);

/* Who decided the verdict in effect on a qualitative target: the reviewer who gave it and the
 * one who approved it (a verdict is written submitted, then approved by a second reviewer and
 * published; with the four-eyes rule off it is written published at once). */
struct app_verdict_by {
	const struct obs *verdict;             /* the revision in effect (the row's latest point), NULL
	                                        * when there is none: then nothing else is set */
	const char *given_by, *given_at;       /* the reviewer who gave it, when */
	const char *approved_by, *approved_at; /* who approved it, when; NULL when it took effect
	                                        * as given */
};

/* GET /indicators/CODE (and its chart files). */
struct app_indicator_view {
	struct app_reader who;
	const struct plan *plan;
	int ind;
	const struct obs *cur;               /* the current values the indicator's series read */
	size_t n_cur;
	struct obs *own;                 /* of them, the indicator's own that who may see
	                                  * (authz_obs_visible): its metadata's latest period */
	size_t n_own;
	const struct assess_row *rows;       /* the indicator's targets, plan order */
	size_t n_rows;
	struct app_verdict_by *verdicts; /* [n_rows]: of each qualitative target, who gave the
	                                  * verdict in effect and who approved it; zeroed for others */
	const struct assess_row *trend;  /* without targets: its trend row, else NULL */
	struct obs *history;             /* with_history: every revision who may see, else NULL */
	size_t n_history;
	int may_review;                  /* the department reviews qualitative targets */
};
/* Indicator ind of x's plan (ST_NOT_FOUND when out of range); its revisions when with_history. */
enum status app_indicator_view(struct app_ctx *x, int ind, int with_history, struct app_indicator_view *out,
			       struct diag_list *errs) WUR;

#endif
