/* api_users.c - GET/POST /api/v1/users, PATCH /api/v1/users/NAME (admins) and GET
 * /api/v1/audit (admins, with filters). A new user without a password gets a one-time
 * password, shown once in the answer and never stored in clear. */
#include <jansson.h>
#include <string.h>

#include "base/num.h"
#include "store/store.h"
#include "web/api.h"
#include "web/auth.h"
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
	enum status rc = store_user_list(r->store, r->arena, &rows, &n);
	if (rc != ST_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, user_json(&rows[i]));
	return req_send_json(r, arr);
}

/* Role with its unit/region from body members; answers 422 itself on a bad combination. */
static enum status read_role(struct req *r, json_t *body, enum role *role, const char **unit, const char **region)
{
	const char *rn = json_get_string(body, "role");
	*unit = json_get_string(body, "unit");
	*region = json_get_string(body, "region");
	if (!rn || !role_parse(rn, role))
		return api_field_error(r, "role", "bad_value", req_t(r, "error.bad_role"));
	if ((*role == ROLE_UNIT_REPORTER) != (*unit != NULL))
		return api_field_error(r, "unit", "bad_value", req_t(r, "error.role_unit"));
	if ((*role == ROLE_REGION_REPORTER) != (*region != NULL))
		return api_field_error(r, "region", "bad_value", req_t(r, "error.role_region"));
	return ST_OK;
}

static int name_is_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 2 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

enum status api_users_post(struct req *r)
{
	static const char *const fields[] = {"name", "display_name", "role", "unit", "region", "password", NULL};
	json_t *body;
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	struct user u;
	memset(&u, 0, sizeof(u));
	u.name = json_get_string(body, "name");
	u.display_name = json_get_string(body, "display_name");
	if (!name_is_valid(u.name))
		return api_field_error(r, "name", "bad_value", req_t(r, "error.bad_user_name"));
	enum status rc = read_role(r, body, &u.role, &u.unit, &u.region);
	if (rc != ST_OK)
		return rc;
	const char *password = json_get_string(body, "password");
	char one_time[32], hash[crypto_pwhash_STRBYTES];
	if (!password) {
		auth_new_password(one_time);
		password = one_time;
		u.must_change_password = 1;
	}
	const char *why;
	rc = auth_hash_password(password, hash, &why);
	if (rc == ST_INVALID)
		return api_field_error(r, "password", "weak_password", req_t(r, why));
	if (rc != ST_OK)
		return rc;
	long long id;
	rc = store_user_add(r->store, &u, hash, &id);
	if (rc == ST_CONFLICT) {
		req_json_error_full(r, rc, "conflict", req_t(r, "error.user_exists"), NULL);
		return rc;
	}
	if (rc == ST_INVALID)
		return api_field_error(r, u.unit ? "unit" : "region", "unknown_reference", req_t(r, "error.unknown_scope"));
	if (rc != ST_OK)
		return rc;
	struct user *stored;
	rc = store_user_get(r->store, r->arena, u.name, &stored, NULL);
	if (rc != ST_OK)
		return rc;
	json_t *o = user_json(stored);
	if (password == one_time)
		json_object_set_new(o, "one_time_password", json_string(one_time));
	r->status = 201;
	return req_send_json(r, o);
}

enum status api_user_patch(struct req *r)
{
	static const char *const fields[] = {"role", "unit", "region", "disabled", "password", NULL};
	json_t *body;
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	struct user *u;
	enum status rc = store_user_get(r->store, r->arena, r->params[0], &u, NULL);
	if (rc != ST_OK)
		return rc;
	/* every member is checked before anything is written: a refused PATCH changes nothing */
	json_t *dis = json_object_get(body, "disabled");
	if (dis && !json_is_boolean(dis))
		return api_field_error(r, "disabled", "bad_type", req_t(r, "error.bad_boolean"));
	if (dis && json_is_true(dis) && u->id == r->principal.user_id)
		return api_field_error(r, "disabled", "self", req_t(r, "error.disable_self"));
	int has_role = json_object_get(body, "role") != NULL;
	enum role role = ROLE_NONE;
	const char *unit = NULL, *region = NULL;
	if (has_role && (rc = read_role(r, body, &role, &unit, &region)) != ST_OK)
		return rc;
	json_t *pw = json_object_get(body, "password");
	char hash[crypto_pwhash_STRBYTES];
	if (pw) {
		const char *why;
		if (!json_is_string(pw))
			return api_field_error(r, "password", "bad_type", req_t(r, "error.bad_request"));
		rc = auth_hash_password(json_string_value(pw), hash, &why);
		if (rc == ST_INVALID)
			return api_field_error(r, "password", "weak_password", req_t(r, why));
		if (rc != ST_OK)
			return rc;
	}
	if (has_role) {
		rc = store_user_set_role(r->store, u->name, role, unit, region);
		if (rc == ST_INVALID)
			return api_field_error(r, unit ? "unit" : "region", "unknown_reference", req_t(r, "error.unknown_scope"));
		if (rc == ST_CONFLICT) {
			req_json_error_full(r, rc, "last_admin", req_t(r, "error.last_admin"), NULL);
			return rc;
		}
		if (rc != ST_OK)
			return rc;
	}
	if (dis && (rc = store_user_set_disabled(r->store, u->name, json_is_true(dis))) != ST_OK) {
		if (rc == ST_CONFLICT)
			req_json_error_full(r, rc, "last_admin", req_t(r, "error.last_admin"), NULL);
		return rc;
	}
	/* a password set by an admin is a one-time password: the user must change it */
	if (pw && (rc = store_user_set_password(r->store, u->name, hash, 1, NULL)) != ST_OK)
		return rc;
	if ((rc = store_user_get(r->store, r->arena, u->name, &u, NULL)) != ST_OK)
		return rc;
	return req_send_json(r, user_json(u));
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
	enum status rc = store_audit_list(r->store, r->arena, &f, &rows, &n);
	if (rc != ST_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, audit_event_json(&rows[i]));
	return req_send_json(r, json_pack("{s:o}", "events", arr));
}
