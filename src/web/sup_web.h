/* sup_web.h - helpers the supervision pages and API handlers share (page_reporting.c,
 * page_supervision.c, page_notices.c, page_scorecards.c, api_cycles.c, api_reports.c,
 * api_notices.c, sup_html.c): the settings, the report key of a path, who may see a report or
 * a notice, refusals as JSON or as text in the request's language. */
#ifndef INNOMON_WEB_SUP_WEB_H
#define INNOMON_WEB_SUP_WEB_H

#include "supervise/supervise.h"
#include "web/req.h"

/* The server's supervision settings. Cannot fail. */
const struct sup_settings *sup_req_settings(struct req *r);

/* The report key given as texts (a path's :period, :measure, :unit): the cycle of period, the
 * measure number and the unit code, all known. ST_NOT_FOUND otherwise (or the store's
 * failure). */
enum status sup_req_key(struct req *r, const char *period, const char *measure, const char *unit, struct sup_cycle **c,
			int *number, const char **unit_code) WUR;

/* Whether the request's user may see the report of unit on measure (rep: its newest
 * revision, NULL when none: then seen by those who could see a draft). */
int sup_req_report_visible(struct req *r, const struct plan *p, int measure, const char *unit,
			   const struct sup_report *rep);
/* Whether the request's user may write the unit's reports and answer its notices. */
int sup_req_may_write(struct req *r, const char *unit);

/* The notice rule with this code (in the request's arena); ST_NOT_FOUND when none. */
enum status sup_req_rule(struct req *r, const char *code, struct sup_rule **out) WUR;

/* The message of a refusal in the request's language ("cycle.err_<code>"). */
const char *sup_err_text(struct req *r, const struct sup_error *err);
/* Answer a refusal as the JSON error {error: {code, message, details: [{field, code,
 * message}]}} with the HTTP status of st; returns st. */
enum status sup_api_error(struct req *r, enum status st, const struct sup_error *err);
/* An optional "revision" member of a JSON body: -1 when absent; ST_INVALID (answered) when not
 * a whole number >= 0. */
enum status sup_body_revision(struct req *r, struct json_t *body, int *out) WUR;

/* "2025-10-15 23:59" (Beijing time) of a UTC timestamp, in the request's arena; "—" for NULL. */
const char *sup_local(struct req *r, const char *utc);
/* The unit's name in the request's language (its code when unknown). */
const char *sup_unit_name(struct req *r, const struct plan *p, const char *code);

#endif
