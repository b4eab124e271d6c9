/* sup_web.h - helpers the supervision pages and API handlers share (page_reporting.c,
 * page_supervision.c, page_notices.c, page_scorecards.c, api_cycles.c, api_reports.c,
 * api_notices.c, sup_html.c): who may see a report (as app/sup.h decides), the plan kept in
 * links, times in Beijing time, unit names. */
#ifndef INNOMON_WEB_SUP_WEB_H
#define INNOMON_WEB_SUP_WEB_H

#include "supervise/supervise.h"
#include "web/req.h"

/* Whether the request's user may see the report of unit on measure (rep: its newest
 * revision, NULL when none: then seen by those who could see a draft). */
int sup_req_report_visible(struct req *r, const struct plan *p, int measure, const char *unit,
			   const struct sup_report *rep);

/* The request's plan as a parameter to add to a supervision link, form or redirect, so that it
 * keeps working on the plan it shows (plan_select_query: when the request chose a plan):
 * "?plan=CODE" when is_first, else "&plan=CODE"; "" when no plan was chosen. Arena text of a
 * plan code ([a-z0-9_-]): safe in a URL; write it into HTML with hf or html_esc. */
const char *sup_plan_param(struct req *r, int is_first);

/* The code of the request's plan (req_plan), NULL when the store holds none: the "plan" of
 * the supervision lists' JSON. */
const char *sup_req_plan_code(struct req *r);

/* "2025-10-15 23:59" in the configured zone of a UTC timestamp: html_local_time. */
const char *sup_local(struct req *r, const char *utc);
/* The unit's name in the request's language (its code when unknown). */
const char *sup_unit_name(struct req *r, const struct plan *p, const char *code);

#endif
