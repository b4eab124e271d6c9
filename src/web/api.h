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
/* The page a list route is asked for: ?limit= (1 to max; max when absent) into *limit and
 * ?offset= (from 0; 0 when absent) into *offset; a bad one answers 422 naming it (ST_INVALID). */
enum status api_page_params(struct req *r, size_t max, size_t *limit, size_t *offset);
/* Change the signed-in user's password (keeping this session); *why_key names the message when
 * the current password is wrong (ST_UNAUTH) or the new one breaks the policy (ST_INVALID). */
enum status account_change_password(struct req *r, const char *current, const char *fresh, const char **why_key) WUR;
struct audit_event;
/* An audit event as JSON, before/after parsed. */
json_t *audit_event_json(const struct audit_event *e);

struct upload;
struct import_result;
struct diag_list;
/* The upload id_text when the request's user may use it (their own, or the department's:
 * app_upload_get); ST_NOT_FOUND otherwise. */
enum status upload_own(struct req *r, const char *id_text, struct upload **out) WUR;
/* Commit upload u as the request's user (app_upload_commit; status NULL: the default) and
 * count its rows in the server's metrics. */
enum status upload_commit(struct req *r, const struct upload *u, const enum obs_status *status, struct import_result *res,
			  struct diag_list *d) WUR;

#endif
