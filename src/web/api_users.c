/* api_users.c - GET/POST /api/v1/users, PATCH /api/v1/users/NAME (admins) and GET
 * /api/v1/audit (admins, with filters). A new user without a password gets a one-time
 * password, shown once in the answer and never stored in clear. */
#include <jansson.h>
#include <string.h>

#include "app/users.h"
#include "app/view_admin.h"
#include "base/num.h"
#include "store/store.h"
#include "web/api.h"
#include "web/app_req.h"
#include "web/route.h"
#include "base/banned.h"

static json_t *user_json(const struct user *u)
{
	return json_pack("{s:s, s:s?, s:s, s:s?, s:s?, s:b, s:b, s:s}", "name", u->name, "display_name", u->display_name,
			 "role", role_name(u->role), "unit", u->unit, "region", u->region, "must_change_password",
			 u->must_change_password, "disabled", u->is_disabled, "created_at", u->created_at);
}

enum status api_users_get(struct req *r)
{
	struct user *rows;
	size_t n;
	enum status rc = app_users(req_app(r), &rows, &n);
	if (rc != ST_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, user_json(&rows[i]));
	return req_send_json(r, arr);
}

/* A string member into *out (absent or null: NULL); another type is listed as "bad_type". */
static void str_member(json_t *body, const char *key, const char **out, struct diag_list *errs)
{
	json_t *v = json_object_get(body, key);
	*out = json_is_string(v) ? json_string_value(v) : NULL;
	if (v && !json_is_string(v) && !json_is_null(v))
		(void)app_refuse(errs, ST_INVALID, key, "bad_type", "error.bad_request", "'%s' is a string", key);
}

/* The role member as a role: ROLE_NONE when it is not one (the operation says so). */
static enum role role_member(json_t *body)
{
	enum role role = ROLE_NONE;
	const char *rn = json_get_string(body, "role");
	return rn && role_parse(rn, &role) ? role : ROLE_NONE;
}

enum status api_users_post(struct req *r)
{
	static const char *const fields[] = {"name", "display_name", "role", "unit", "region", "password", NULL};
	json_t *body;
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	struct diag_list *errs = req_errs(r);
	struct app_user_new in = {NULL, NULL, role_member(body), NULL, NULL, NULL};
	str_member(body, "name", &in.name, errs);
	str_member(body, "display_name", &in.display_name, errs);
	str_member(body, "unit", &in.unit, errs);
	str_member(body, "region", &in.region, errs);
	str_member(body, "password", &in.password, errs);
	struct app_user_result res;
	enum status rc = app_user_add(req_app(r), &in, &res, errs);
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, errs);
	json_t *o = user_json(res.user);
	if (res.one_time_password)
		json_object_set_new(o, "one_time_password", json_string(res.one_time_password));
	r->status = 201;
	return req_send_json(r, o);
}

enum status api_user_patch(struct req *r)
{
	static const char *const fields[] = {"role", "unit", "region", "disabled", "password", NULL};
	json_t *body;
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	struct diag_list *errs = req_errs(r);
	struct app_user_change in = {0};
	json_t *dis = json_object_get(body, "disabled");
	if (dis && !json_is_boolean(dis))
		(void)app_refuse(errs, ST_INVALID, "disabled", "bad_type", "error.bad_boolean", "'disabled' is true or false");
	in.has_disabled = json_is_boolean(dis);
	in.is_disabled = json_is_true(dis);
	in.has_role = json_object_get(body, "role") != NULL;
	in.role = role_member(body);
	str_member(body, "unit", &in.unit, errs);
	str_member(body, "region", &in.region, errs);
	str_member(body, "password", &in.password, errs);
	in.is_one_time = 1; /* a password set by an admin is a one-time password: the user must change it */
	struct app_user_result res;
	enum status rc = app_user_change(req_app(r), r->params[0], &in, &res, errs);
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, errs);
	return req_send_json(r, user_json(res.user));
}

json_t *audit_event_json(const struct audit_event *e)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s, s:s?, s:s, s:s}", "id", (json_int_t)e->id, "at", e->at,
			      "actor", e->actor, "ip", e->ip, "action", e->action, "object_type", e->object_type, "object_id",
			      e->object_id, "prev_hash", e->prev_hash, "hash", e->hash);
	json_error_t err;
	json_object_set_new(o, "before", e->before_json ? json_loads(e->before_json, 0, &err) : json_null());
	json_object_set_new(o, "after", e->after_json ? json_loads(e->after_json, 0, &err) : json_null());
	return o;
}

enum status api_audit(struct req *r)
{
	struct audit_filter f;
	memset(&f, 0, sizeof(f));
	f.actor = req_query(r, "actor"), f.action = req_query(r, "action"), f.object_type = req_query(r, "object_type");
	f.object_id = req_query(r, "object_id"), f.since = req_query(r, "since"), f.until = req_query(r, "until");
	const char *lim = req_query(r, "limit"), *before = req_query(r, "before_id");
	int64_t v;
	f.limit = 100;
	if (lim) {
		if (!num_parse_int(str_of(lim), 1, 1000, &v))
			return api_field_error(r, "limit", "bad_value", req_t(r, "error.bad_limit"));
		f.limit = (int)v;
	}
	if (before) {
		if (!num_parse_int(str_of(before), 1, INT64_MAX, &v))
			return api_field_error(r, "before_id", "bad_value", req_t(r, "error.bad_limit"));
		f.before_id = v;
	}
	struct audit_event *rows;
	size_t n;
	enum status rc = app_audit_events(req_app(r), &f, &rows, &n);
	if (rc != ST_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, audit_event_json(&rows[i]));
	return req_send_json(r, json_pack("{s:o}", "events", arr));
}
