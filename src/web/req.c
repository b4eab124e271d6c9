/* req.c - request inputs and response helpers.
 * check_escape: no HTML (URLs built here are escaped where a page writes them; JSON bodies). */
#include <jansson.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "app/view_reader.h"
#include "base/diag.h"
#include "store/store.h"
#include "web/html.h"
#include "web/json_body.h"
#include "web/plan_select.h"
#include "web/req.h"
#include "web/server.h"
#include "base/banned.h"

const char *req_query(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct view_url {
	struct buf *b;
	char sep;
};

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct view_url *v = cls;
	/* lang is set anew; where to go after signing in and a one-time message are no part of a view */
	if (!key || strcmp(key, "lang") == 0 || strcmp(key, "next") == 0 || strcmp(key, "msg") == 0)
		return MHD_YES;
	bwc(v->b, v->sep);
	v->sep = '&';
	url_esc(v->b, key);
	if (value) {
		bwc(v->b, '=');
		url_esc(v->b, value);
	}
	return MHD_YES;
}

void req_view_url(struct req *r, struct buf *b, enum lang lang)
{
	struct view_url v = {b, '?'};
	for (const char *s = r->path ? r->path : "/"; *s; s++) { /* each segment encoded, the slashes kept */
		char one[2] = {*s, '\0'};
		if (*s == '/')
			bwc(b, '/');
		else
			url_esc(b, one);
	}
	if (r->conn)
		MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, add_arg, &v);
	bwf(b, "%clang=%s", v.sep, lang == LANG_EN ? "en" : "zh");
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
		/* the plan the request is about (plan_select.h): the server's shared copy of its
		 * current version; a request without a server (or past the cache's size) reads its own */
		const char *code;
		enum status rc = plan_select_code(r, &code);
		if (rc != ST_OK)
			return rc;
		rc = r->server ? server_plan(r->server, r->store, code, &r->plan_cache) : ST_NOT_FOUND;
		r->is_plan_shared = rc == ST_OK;
		if (rc == ST_NOT_FOUND)
			rc = store_plan_get(r->store, r->arena, code, 0, &r->plan_cache);
		if (rc != ST_OK)
			return rc;
	}
	*out = r->plan_cache;
	return ST_OK;
}

enum status req_plan_mutable(struct req *r, struct plan **out)
{
	const char *code;
	enum status rc = plan_select_code(r, &code);
	return rc == ST_OK ? store_plan_get(r->store, r->arena, code, 0, out) : rc;
}

const char *req_t(struct req *r, const char *key)
{
	return i18n(r->lang, key);
}

void req_json_error(struct req *r, enum status st, const char *message)
{
	req_json_error_full(r, st, NULL, message, NULL);
}

void req_json_error_full(struct req *r, enum status st, const char *code, const char *message, json_t *details)
{
	json_t *err = json_pack("{s:{s:s, s:s, s:o}}", "error", "code", code ? code : status_name(st), "message",
				message ? message : "", "details", details ? details : json_array());
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
	struct app_ctx x;
	struct app_reader who;
	app_ctx_init(&x, r->store, r->arena, &r->principal);
	app_reader_of(&x, &who); /* the one answer, the read pages' views' too */
	return who.view;
}

int req_obs_visible(struct req *r, const struct plan *p, const struct obs *o)
{
	return authz_obs_visible(&r->principal, p, o);
}

enum status req_send_json(struct req *r, json_t *j)
{
	char *text = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)) : NULL;
	json_decref(j);
	if (!text)
		return ST_STORE;
	buf_reset(&r->out);
	bw(&r->out, text);
	bwc(&r->out, '\n');
	free(text);
	r->content_type = "application/json; charset=utf-8";
	return ST_OK;
}

static void json_release(void *p)
{
	json_decref(p);
}

enum status req_json_body(struct req *r, const char *const *allowed, json_t **out)
{
	json_t *details;
	enum json_body_error e = json_body_parse(r->body.p, r->body.len, allowed, out, &details);
	switch (e) {
	case JSON_BODY_OK:
		arena_on_free(r->arena, json_release, *out);
		return ST_OK;
	case JSON_BODY_BAD_JSON:
		req_json_error_full(r, ST_USAGE, "bad_json", req_t(r, "error.bad_json"), details);
		return ST_INVALID;
	case JSON_BODY_NOT_OBJECT:
		req_json_error_full(r, ST_USAGE, "bad_json", req_t(r, "error.json_object"), details);
		return ST_INVALID;
	case JSON_BODY_UNKNOWN_FIELD:
	default:
		req_json_error_full(r, ST_INVALID, "unknown_field", req_t(r, "error.unknown_field"), details);
		return ST_INVALID;
	}
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

size_t req_form_all(struct req *r, const char *name, const char **out, size_t max)
{
	const char *p = r->body.p, *end = r->body.p + r->body.len;
	size_t nlen = strlen(name), found = 0;
	while (p && p < end && found < max) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *pair_end = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(pair_end - p));
		if (eq && (size_t)(eq - p) == nlen && memcmp(p, name, nlen) == 0) {
			const char *v = eq + 1;
			char *dec = arena_alloc(r->arena, (size_t)(pair_end - v) + 1);
			size_t n = 0;
			for (const char *q = v; q < pair_end; q++) {
				if (*q == '+') {
					dec[n++] = ' ';
				} else if (*q == '%' && pair_end - q >= 3 && hexval(q[1]) >= 0 && hexval(q[2]) >= 0) {
					dec[n++] = (char)(hexval(q[1]) * 16 + hexval(q[2]));
					q += 2;
				} else {
					dec[n++] = *q;
				}
			}
			dec[n] = '\0';
			out[found++] = dec;
		}
		p = amp ? amp + 1 : end;
	}
	return found;
}

const char *req_form(struct req *r, const char *name)
{
	const char *v;
	return req_form_all(r, name, &v, 1) ? v : NULL;
}

void req_redirect(struct req *r, const char *path)
{
	r->status = 303;
	req_add_header(r, "Location", path);
	buf_reset(&r->out);
}

json_t *req_diag_details(const struct diag_list *d, int row_offset)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *x = &d->items[i];
		json_t *o = json_object();
		if (x->line)
			json_object_set_new(o, "row", json_integer(x->line + row_offset));
		if (x->col)
			json_object_set_new(o, "column", json_integer(x->col));
		if (x->sheet)
			json_object_set_new(o, "sheet", json_string(x->sheet));
		if (x->field)
			json_object_set_new(o, "field", json_string(x->field));
		json_object_set_new(o, "code", json_string(x->code));
		json_object_set_new(o, "message", json_string(x->msg));
		if (x->value)
			json_object_set_new(o, "value", json_string(x->value));
		json_object_set_new(o, "severity", json_string(x->is_warning ? "warning" : "error"));
		json_array_append_new(arr, o);
	}
	return arr;
}

void req_series(struct req *r, const struct plan *p, const struct obs *cur, size_t n_cur, int ind, int g, struct series *out)
{
	if (r->series_in.cur != cur || r->series_in.n != n_cur)
		r->series_in = series_input_of(cur, n_cur);
	series_build_from(p, &r->series_in, ind, g, r->arena, out);
}
