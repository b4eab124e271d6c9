/* view_reporting.h - the view of a unit's reporting page for a cycle (web/page_reporting.c):
 * the cycle and the others to switch to, the unit the page is for (a unit reporter's own; for
 * the department the one asked for or the first with a duty) and the units to pick from, and
 * each of the unit's duties with its report, what the principal may do with it, its evidence
 * files and, on a measure the unit leads, its co-units' reports. */
#ifndef INNOMON_APP_VIEW_REPORTING_H
#define INNOMON_APP_VIEW_REPORTING_H

#include "app/sup.h"

struct reporting_duty {
	const struct sup_owed *owed;     /* the duty, its newest revision (NULL: none), timeliness */
	int measure_index;               /* in the view's plan; -1 when unknown */
	int is_writable;                 /* the form: open cycle, may write for the unit, draft or returned */
	int may_upload;                  /* the evidence form: open cycle, may write, not approved */
	struct sup_evidence *evidence;   /* the report's files, oldest first (contents not read) */
	size_t n_evidence;
	const struct app_owed **co;      /* lead duty: its co-units' duties on the measure (each with
	                                  * is_visible), in duty order */
	size_t n_co;
};
struct reporting_view {
	const struct plan *plan;
	const struct sup_cycle *cycle;   /* NULL: no cycle opened yet (the rest empty) */
	struct sup_cycle *cycles;        /* every cycle, newest first, when there are two or more */
	size_t n_cycles;
	int is_department;               /* picks the unit: the unit select, ?unit= kept in links */
	const char *unit;                /* the plan's copy of the unit's code */
	const char **units;              /* the units with a duty in the cycle, in plan order (is_department) */
	size_t n_units;
	struct reporting_duty *duties;   /* the unit's duties, in duty order */
	size_t n_duties;
};

/* The page of cycle period (NULL: app_cycle_pick's choice; none opened yet: ST_OK with cycle
 * NULL) for unit (NULL or unknown: see above; ST_NOT_FOUND when there is no unit to show),
 * ACT_WRITE_REPORT for some unit (ST_DENIED otherwise). */
enum status app_reporting_view(struct app_ctx *x, const char *period, const char *unit, struct reporting_view *out,
			       struct diag_list *errs) WUR;

#endif
