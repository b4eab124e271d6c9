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
/* Store an upload made by the request's user (ST_INVALID when empty, ST_TOO_LARGE past the cap). */
enum status upload_add(struct req *r, const char *name, const char *sheet, const char *encoding, const void *data,
		       size_t len, struct upload *u) WUR;
/* The upload id_text if the request's user may use it (their own, or the department's). */
enum status upload_own(struct req *r, const char *id_text, struct upload **out) WUR;
/* Dry-run or import an upload as the request's user with status for the new revisions; a
 * successful real run marks the upload committed. */
enum status upload_run(struct req *r, const struct upload *u, int is_dry_run, enum obs_status status,
		       struct import_result *res, struct diag_list *d) WUR;

/* Plan edits (api_plan_edit.c), shared by the JSON API and the admin pages. params come from
 * r->params as the API routes name them (indicator code; indicator, region, year; measure
 * number; unit code; rule code). */
enum plan_edit {
	PLAN_EDIT_INDICATOR, PLAN_EDIT_TARGET, PLAN_EDIT_TARGET_DELETE, PLAN_EDIT_MEASURE, PLAN_EDIT_UNIT,
	PLAN_EDIT_RULE, PLAN_EDIT_RULE_DELETE,
};
/* The body members an edit accepts (NULL-terminated). */
const char *const *plan_edit_fields(enum plan_edit kind);
/* Apply an edit described by body (borrowed; NULL for deletions) to the latest plan and store it
 * as a new version (*version). ST_INVALID: *details (arena-owned) lists the problems. */
enum status plan_edit(struct req *r, enum plan_edit kind, json_t *body, json_t **details, int *version) WUR;

#endif
