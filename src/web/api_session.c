/* api_session.c - POST/GET/DELETE /api/v1/session (sign in, who am I, sign out) and POST
 * /api/v1/account/password, plus what other handlers share: the JSON view of a principal, a
 * field's 422, a list's page parameters. */
#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "app/sessions.h"
#include "app/users.h"
#include "base/num.h"
#include "web/api.h"
#include "web/app_req.h"
#include "web/route.h"
#include "web/server.h"
#include "web/session.h"
#include "base/banned.h"

json_t *principal_json(const struct principal *p)
{
	return json_pack("{s:s, s:s, s:s?, s:s?, s:b}", "name", p->name, "role", role_name(p->role), "unit", p->unit,
			 "region", p->region, "must_change_password", p->must_change_password);
}

const char *json_get_string(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

enum status api_field_error(struct req *r, const char *field, const char *code, const char *message)
{
	req_json_error_full(r, ST_INVALID, code, message,
			    json_pack("[{s:s, s:s, s:s}]", "field", field, "code", code, "message", message));
	return ST_INVALID;
}

enum status api_page_params(struct req *r, size_t max, size_t *limit, size_t *offset)
{
	const char *lim = req_query(r, "limit"), *off = req_query(r, "offset");
	int64_t v;
	*limit = max, *offset = 0;
	if (lim) {
		if (!num_parse_int(str_of(lim), 1, (int64_t)max, &v))
			return api_field_error(r, "limit", "bad_value", req_t(r, "error.bad_limit"));
		*limit = (size_t)v;
	}
	if (off) {
		if (!num_parse_int(str_of(off), 0, INT64_MAX / 2, &v))
			return api_field_error(r, "offset", "bad_value", req_t(r, "error.bad_limit"));
		*offset = (size_t)v;
	}
	return ST_OK;
}

enum status api_session_create(struct req *r)
{
	static const char *const fields[] = {"name", "password", NULL};
	json_t *body;
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	const char *name = json_get_string(body, "name"), *password = json_get_string(body, "password");
	if (!name)
		return api_field_error(r, "name", "missing", req_t(r, "error.field_missing"));
	if (!password)
		return api_field_error(r, "password", "missing", req_t(r, "error.field_missing"));
	struct signin si;
	enum status rc = app_signin(req_app(r), &server_config(r->server)->auth, name, password, r->client_ip, &si);
	if (rc == ST_UNAUTH) {
		req_json_error_full(r, ST_UNAUTH, "bad_credentials", req_t(r, "signin.bad_credentials"), NULL);
		return ST_UNAUTH;
	}
	if (rc == ST_THROTTLED) {
		req_add_header(r, "Retry-After", "900");
		req_json_error_full(r, ST_THROTTLED, "too_many_attempts", req_t(r, "signin.throttled"), NULL);
		return ST_THROTTLED;
	}
	if (rc != ST_OK)
		return rc;
	session_set_cookie(r, si.token);
	return req_send_json(r, json_pack("{s:o, s:s, s:s}", "user", principal_json(&si.principal), "csrf_token", si.csrf,
					  "expires_at", si.expires_at));
}

enum status api_session_get(struct req *r)
{
	return req_send_json(r, json_pack("{s:o, s:s?, s:s}", "user", principal_json(&r->principal), "csrf_token",
					  r->csrf_token, "auth", r->is_cookie_session ? "session" : "token"));
}

enum status api_session_delete(struct req *r)
{
	if (!r->is_cookie_session) {
		req_json_error_full(r, ST_USAGE, "not_a_session", req_t(r, "signin.not_a_session"), NULL);
		return ST_USAGE;
	}
	enum status rc = app_signout(req_app(r), r->session_hash);
	if (rc != ST_OK)
		return rc;
	session_clear_cookie(r);
	return req_send_json(r, json_pack("{s:b}", "signed_out", 1));
}

enum status account_change_password(struct req *r, const char *current, const char *fresh, const char **why_key)
{
	struct diag_list *errs = req_errs(r);
	enum status rc = app_account_password(req_app(r), current, fresh, r->session_hash, errs);
	*why_key = errs->n ? errs->items[0].key : NULL;
	return rc;
}

enum status api_account_password(struct req *r)
{
	static const char *const fields[] = {"current", "new", NULL};
	json_t *body;
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	const char *why;
	enum status rc = account_change_password(r, json_get_string(body, "current"), json_get_string(body, "new"), &why);
	if (rc == ST_UNAUTH || rc == ST_INVALID) {
		const char *field = rc == ST_UNAUTH ? "current" : "new";
		api_field_error(r, field, rc == ST_UNAUTH ? "wrong_password" : "weak_password", req_t(r, why));
		if (rc == ST_UNAUTH)
			r->status = 403;
		return rc;
	}
	if (rc != ST_OK)
		return rc;
	return req_send_json(r, json_pack("{s:b}", "changed", 1));
}
