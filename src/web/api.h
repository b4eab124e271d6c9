/* api.h - helpers shared by the JSON API handlers. */
#ifndef INNOMON_WEB_API_H
#define INNOMON_WEB_API_H

#include <jansson.h>

#include "core/authz.h"
#include "core/obs.h"
#include "web/req.h"

/* The public view of a principal: {name, role, unit, region, must_change_password}. */
json_t *principal_json(const struct principal *p);
/* A string member, or NULL when absent or not a string. */
const char *json_get_string(json_t *o, const char *key);
/* Answer 422 naming one bad field; returns ST_INVALID. */
enum status api_field_error(struct req *r, const char *field, const char *code, const char *message);
/* Change the signed-in user's password (keeping this session); *why_key names the message when
 * the current password is wrong (ST_UNAUTH) or the new one breaks the policy (ST_INVALID). */
enum status account_change_password(struct req *r, const char *current, const char *fresh, const char **why_key) WUR;
struct audit_event;
/* An audit event as JSON, before/after parsed. */
json_t *audit_event_json(const struct audit_event *e);

struct upload;
struct import_result;
struct diag_list;
/* Check a file uploaded by the request's user (a dry run of its import into res and d) and
 * store it, u->id set, only when the check passes; otherwise the store is left as it was and
 * the check's status returned (ST_INVALID also when empty, ST_TOO_LARGE past the cap,
 * ST_DENIED for rows outside the user's scope). */
enum status upload_check(struct req *r, const char *name, const char *sheet, const char *encoding, const void *data,
			 size_t len, struct upload *u, struct import_result *res, struct diag_list *d) WUR;
/* The upload id_text if the request's user may use it (their own, or the department's). */
enum status upload_own(struct req *r, const char *id_text, struct upload **out) WUR;
/* Dry-run or import an upload as the request's user with status for the new revisions; a
 * successful real run marks the upload committed. */
enum status upload_run(struct req *r, const struct upload *u, int is_dry_run, enum obs_status status,
		       struct import_result *res, struct diag_list *d) WUR;

/* Record a reviewer's verdict ("met" or "not_met", with the reason) on the qualitative target of
 * indicator in region for year (api_reviews.c), shared by POST /api/v1/reviews and the indicator
 * page's form: a published revision of the indicator's value for that year (1 met, 0 not met),
 * the reason as its note, the signed-in reviewer as its author, audited as "target.review".
 * ST_INVALID: *details (caller owns) lists every problem; otherwise *details is an empty array
 * the caller owns and, on ST_OK, *out the new revision (arena). */
enum status target_review(struct req *r, const char *indicator, const char *region, const char *year,
			  const char *verdict, const char *reason, json_t **details, struct obs **out) WUR;

#endif
