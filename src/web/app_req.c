/* app_req.c - operation contexts and refusals of a request (see app_req.h). */
#include <jansson.h>
#include <string.h>

#include "base/buf.h"
#include "web/app_req.h"
#include "web/server.h"
#include "base/banned.h"

struct app_ctx *req_app(struct req *r)
{
	struct app_ctx *x = arena_alloc(r->arena, sizeof(*x));
	struct plan *p;
	app_ctx_init(x, r->store, r->arena, &r->principal);
	if (req_plan(r, &p) == ST_OK)
		x->plan = p;
	if (r->server) {
		x->sup = &server_config(r->server)->sup;
		x->four_eyes = server_config(r->server)->four_eyes;
		if (r->is_plan_shared) /* answers kept for it live while the server does (NULL: none kept) */
			x->progress = server_progress(r->server);
	}
	return x;
}

struct diag_list *req_errs(struct req *r)
{
	struct diag_list *d = arena_alloc(r->arena, sizeof(*d));
	diag_init(d, r->arena);
	return d;
}

const char *req_diag_text(struct req *r, const struct diag *d)
{
	if (d->key)
		return req_t(r, d->key);
	const char *t = d->code ? i18n_find(r->lang, arena_printf(r->arena, "diag.%s", d->code)) : NULL;
	return t && !strchr(t, '{') ? t : d->msg;
}

int req_errs_shown(enum status st, const struct diag_list *errs)
{
	if (!errs->n || st == ST_OK)
		return 0;
	return st != ST_NOT_FOUND || strcmp(errs->items[0].code, "not_found") == 0 || strcmp(errs->items[0].code, "no_cycle") == 0;
}

const char *req_errs_text(struct req *r, const struct diag_list *errs)
{
	struct buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i < errs->n; i++) {
		if (errs->items[i].is_warning)
			continue;
		if (b.len)
			bwc(&b, ' ');
		bw(&b, req_diag_text(r, &errs->items[i]));
	}
	const char *out = arena_strdup(r->arena, buf_str(&b));
	buf_release(&b);
	return out;
}

enum status req_app_error(struct req *r, enum status st, const char *code, const char *message_key,
			  const struct diag_list *errs)
{
	if (!errs || !errs->n)
		return st; /* a refusal of rights lists nothing (app_authorize) */
	const struct diag *first = &errs->items[0];
	if (st == ST_NOT_FOUND) {
		/* only what was not found: the input's other problems wait until it exists */
		first = NULL;
		for (size_t i = 0; i < errs->n && !first; i++)
			if (strcmp(errs->items[i].code, "not_found") == 0 || strcmp(errs->items[i].code, "no_cycle") == 0)
				first = &errs->items[i];
		if (!first)
			return st;
		json_t *one = json_pack("[{s:s?, s:s, s:s}]", "field", first->field, "code", first->code, "message", first->msg);
		req_json_error_full(r, st, code ? code : first->code, message_key ? req_t(r, message_key) : req_diag_text(r, first),
				    one);
		return st;
	}
	json_t *details = json_array();
	for (size_t i = 0; i < errs->n; i++) {
		const struct diag *d = &errs->items[i];
		json_t *o = json_pack("{s:s?, s:s, s:s}", "field", d->field, "code", d->code, "message", d->msg);
		if (d->value)
			json_object_set_new(o, "value", json_string(d->value));
		json_array_append_new(details, o);
	}
	req_json_error_full(r, st, code ? code : first->code, message_key ? req_t(r, message_key) : req_diag_text(r, first),
			    details);
	return st;
}
