/* sup_web.h - helpers the supervision pages and API handlers share (page_reporting.c,
 * page_supervision.c, page_notices.c, page_scorecards.c, api_cycles.c, api_reports.c,
 * api_notices.c, sup_html.c): who may see a report (as app/sup.h decides),
 * times in Beijing time, unit names. */
#ifndef INNOMON_WEB_SUP_WEB_H
#define INNOMON_WEB_SUP_WEB_H

#include "supervise/supervise.h"
#include "web/req.h"

/* Whether the request's user may see the report of unit on measure (rep: its newest
 * revision, NULL when none: then seen by those who could see a draft). */
int sup_req_report_visible(struct req *r, const struct plan *p, int measure, const char *unit,
			   const struct sup_report *rep);

/* "2025-10-15 23:59" in the configured zone of a UTC timestamp: html_local_time. */
const char *sup_local(struct req *r, const char *utc);
/* The unit's name in the request's language (its code when unknown). */
const char *sup_unit_name(struct req *r, const struct plan *p, const char *code);

#endif
