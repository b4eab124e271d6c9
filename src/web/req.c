/* req.c - request inputs and response helpers. */
#include <jansson.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "web/req.h"
#include "base/banned.h"

const char *req_query(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_cookie(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

void req_add_header(struct req *r, const char *name, const char *value)
{
	if (r->n_headers == REQ_MAX_HEADERS)
		return;
	r->hdr_names[r->n_headers] = name;
	r->hdr_values[r->n_headers] = value;
	r->n_headers++;
}

enum status req_plan(struct req *r, struct plan **out)
{
	if (!r->plan_cache) {
		enum status rc = store_plan_get(r->store, r->arena, NULL, 0, &r->plan_cache);
		if (rc != ST_OK)
			return rc;
	}
	*out = r->plan_cache;
	return ST_OK;
}

const char *req_t(struct req *r, const char *key)
{
	return i18n(r->lang, key);
}

void req_json_error(struct req *r, enum status st, const char *message)
{
	json_t *err = json_pack("{s:{s:s, s:s, s:o}}", "error", "code", status_name(st), "message", message ? message : "",
				"details", json_array());
	char *text = err ? json_dumps(err, JSON_COMPACT) : NULL;
	buf_reset(&r->out);
	bw(&r->out, text ? text : "{\"error\":{\"code\":\"internal\",\"message\":\"\",\"details\":[]}}");
	bwc(&r->out, '\n');
	free(text);
	json_decref(err);
	r->status = status_http_code(st);
	r->content_type = "application/json; charset=utf-8";
}

enum obs_view req_view(struct req *r)
{
	(void)r; /* every visitor is internal until sign-in exists */
	return OBS_VIEW_INTERNAL;
}
