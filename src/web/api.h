/* api.h - helpers shared by the JSON API handlers. */
#ifndef INNOMON_WEB_API_H
#define INNOMON_WEB_API_H

#include <jansson.h>

#include "core/authz.h"
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
/* One revision as JSON (id, indicator, region, period, revision, value, qualifier, status,
 * source, source_url, note, reason, created_at, created_by). */
struct obs;
json_t *api_obs_json(const struct obs *o);

struct audit_event;
/* An audit event as JSON, before/after parsed. */
json_t *audit_event_json(const struct audit_event *e);

#endif
