/* api_values.c - values through the API: GET /api/v1/values (revisions the caller may see),
 * POST /api/v1/values (enter values: drafts or submitted, checked like an import), the
 * workflow moves POST /api/v1/observations/ID/{submit,approve,return,publish} and the review
 * queue GET /api/v1/review: adapters of app/values.h. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/values.h"
#include "app/view_reader.h"
#include "base/num.h"
#include "report/plan_json.h"
#include "store/store.h"
#include "web/api.h"
#include "web/app_req.h"
#include "web/route.h"
#include "base/banned.h"

#define VALUES_MAX_ROWS 5000u

/* GET /api/v1/values' walk over the revisions: those the reader may see, of the status asked. */
struct values_walk {
	struct req *r;
	const struct plan *p;
	int is_status;
	enum obs_status want;
	json_t *arr;
	size_t shown;
	int is_truncated;
};

static int values_walk_row(void *ctx, const struct obs *o)
{
	struct values_walk *w = ctx;
	if ((w->is_status && o->status != w->want) || !req_obs_visible(w->r, w->p, o))
		return 1;
	if (w->shown == VALUES_MAX_ROWS) {
		w->is_truncated = 1;
		return 0;
	}
	json_array_append_new(w->arr, obs_to_json(o));
	w->shown++;
	return 1;
}

enum status api_values_get(struct req *r)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	const char *ind = req_query(r, "indicator"), *reg = req_query(r, "region"), *per = req_query(r, "period");
	const char *st_text = req_query(r, "status");
	struct values_walk w = {r, p, st_text != NULL, OBS_PUBLISHED, NULL, 0, 0};
	if (st_text && !obs_status_parse(st_text, &w.want))
		return api_field_error(r, "status", "bad_value", req_t(r, "error.bad_status"));
	if (ind && plan_find_indicator(p, ind) < 0)
		return ST_NOT_FOUND;
	/* the revisions stream past: a request holds the answer (at most VALUES_MAX_ROWS), not the
	 * store; the status asked, or the only one an anonymous visitor sees, is asked of the store */
	struct app_reader who;
	app_reader_of(req_app(r), &who);
	enum obs_status published = OBS_PUBLISHED;
	const enum obs_status *only = w.is_status ? &w.want : !who.is_signed_in ? &published : NULL;
	w.arr = json_array();
	rc = store_obs_each(r->store, ind, reg, per, only, values_walk_row, &w);
	if (rc != ST_OK) {
		json_decref(w.arr);
		return rc;
	}
	return req_send_json(r, json_pack("{s:o, s:b}", "values", w.arr, "truncated", w.is_truncated));
}

/* JSON values -> a sheet with the import's English headers, so they go through the same checks. */
static const char *const value_fields[] = {"indicator", "region", "period", "value", "qualifier", "source",
					   "source_url", "note", "publisher", "title", "published", NULL};

/* JSON values -> a sheet as above, and each value's optional "revision" (the cell's newest
 * revision the writer saw; 0 for a new cell) into *base (NULL when no value names one). */
static enum status values_to_sheet(struct req *r, json_t *values, struct sheet *sh, int **base)
{
	size_t n = json_array_size(values), nf = sizeof(value_fields) / sizeof(value_fields[0]) - 1;
	memset(sh, 0, sizeof(*sh));
	sh->file = "values";
	sh->rows = arena_calloc(r->arena, n + 1, sizeof(*sh->rows));
	sh->n_rows = n + 1;
	struct str *head = arena_alloc(r->arena, nf * sizeof(*head));
	for (size_t k = 0; k < nf; k++)
		head[k] = str_of(value_fields[k]);
	sh->rows[0] = (struct sheet_row){head, nf, 0};
	json_t *details = json_array();
	*base = NULL;
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(values, i);
		json_t *rev = json_is_object(o) ? json_object_get(o, "revision") : NULL;
		if (rev && (!json_is_integer(rev) || json_integer_value(rev) < 0 || json_integer_value(rev) > INT32_MAX)) {
			json_array_append_new(details, json_pack("{s:i, s:s, s:s, s:s}", "row", (int)i, "field", "revision", "code",
								 "bad_type", "message", "a whole number, 0 or more"));
		} else if (rev) {
			if (!*base) {
				*base = arena_alloc(r->arena, n * sizeof(**base));
				for (size_t k = 0; k < n; k++)
					(*base)[k] = -1;
			}
			(*base)[i] = (int)json_integer_value(rev);
		}
		struct str *cells = arena_calloc(r->arena, nf, sizeof(*cells));
		sh->rows[i + 1] = (struct sheet_row){cells, nf, (long)i + 1};
		if (!json_is_object(o)) {
			json_array_append_new(details, json_pack("{s:i, s:s, s:s}", "row", (int)i, "code", "bad_value", "message",
								 "each value must be a JSON object"));
			continue;
		}
		const char *key;
		json_t *v;
		json_object_foreach(o, key, v) {
			size_t k = 0;
			if (strcmp(key, "revision") == 0)
				continue;
			while (value_fields[k] && strcmp(value_fields[k], key) != 0)
				k++;
			if (!value_fields[k]) {
				json_array_append_new(details, json_pack("{s:i, s:s, s:s, s:s}", "row", (int)i, "field", key, "code",
									 "unknown_field", "message", "this field is not accepted here"));
				continue;
			}
			if (json_is_string(v)) {
				cells[k] = str_trim(str_of(arena_strdup(r->arena, json_string_value(v))));
			} else if (json_is_number(v) && k == 3) {
				char num[64];
				snprintf(num, sizeof(num), "%.17g", json_number_value(v));
				cells[k] = str_of(arena_strdup(r->arena, num));
			} else if (!json_is_null(v)) {
				json_array_append_new(details, json_pack("{s:i, s:s, s:s, s:s}", "row", (int)i, "field", key, "code",
									 "bad_type", "message", k == 3 ? "a number or a string" : "a string"));
			}
		}
	}
	if (json_array_size(details)) {
		req_json_error_full(r, ST_INVALID, "invalid", req_t(r, "error.values_invalid"), details);
		return ST_INVALID;
	}
	json_decref(details);
	return ST_OK;
}

/* For a refused edit: each value that named its base revision and whose cell has moved past it,
 * with the cell's newest revision as it is now (so the writer can look and decide). */
static json_t *conflict_details(struct req *r, const struct plan *p, json_t *values, const int *base)
{
	json_t *out = json_array();
	for (size_t i = 0; base && i < json_array_size(values); i++) {
		json_t *o = json_array_get(values, i);
		struct obs_key key = {json_get_string(o, "indicator"), json_get_string(o, "region"), json_get_string(o, "period")};
		struct obs *now = NULL;
		if (base[i] < 0 || !key.indicator || !key.region || !key.period ||
		    store_obs_latest(r->store, r->arena, &key, 1, &now) != ST_OK)
			continue;
		if ((now ? now->revision : 0) == base[i])
			continue;
		json_array_append_new(out, json_pack("{s:i, s:s, s:s, s:s, s:i, s:o}", "row", (int)i, "indicator", key.indicator,
						     "region", key.region, "period", key.period, "revision", base[i], "current",
						     now && req_obs_visible(r, p, now) ? obs_to_json(now) : json_null()));
	}
	return out;
}

enum status api_values_post(struct req *r)
{
	static const char *const fields[] = {"values", "submit", NULL};
	json_t *body;
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	json_t *values = json_object_get(body, "values"), *submit = json_object_get(body, "submit");
	if (!json_is_array(values) || json_array_size(values) == 0)
		return api_field_error(r, "values", "missing", req_t(r, "error.values_missing"));
	if (json_array_size(values) > VALUES_MAX_ROWS)
		return api_field_error(r, "values", "too_many", req_t(r, "error.too_large"));
	if (submit && !json_is_boolean(submit))
		return api_field_error(r, "submit", "bad_type", req_t(r, "error.bad_boolean"));
	struct sheet sh;
	int *base;
	if (values_to_sheet(r, values, &sh, &base) != ST_OK)
		return ST_INVALID;
	struct import_result res;
	struct diag_list *d = req_errs(r);
	enum status rc = app_values_enter(req_app(r), &sh, json_is_true(submit) ? OBS_SUBMITTED : OBS_DRAFT, base, 0, &res, d);
	if ((rc == ST_INVALID || rc == ST_DENIED) && d->n) {
		req_json_error_full(r, rc, rc == ST_DENIED ? "forbidden" : "invalid",
				    req_t(r, rc == ST_DENIED ? "error.values_forbidden" : "error.values_invalid"), req_diag_details(d, -1));
		return rc;
	}
	if (rc == ST_CONFLICT) {
		struct plan *p;
		if (req_plan(r, &p) != ST_OK)
			return ST_STORE;
		req_json_error_full(r, rc, "conflict", d->n ? d->items[d->n - 1].msg : NULL, conflict_details(r, p, values, base));
		return rc;
	}
	if (rc != ST_OK)
		return rc;
	/* the revisions as written, with their ids */
	json_t *written = json_array();
	for (size_t i = 0; i < res.n_changes; i++) {
		struct obs_key key = {res.changes[i].after.indicator, res.changes[i].after.region, res.changes[i].after.period};
		struct obs *now;
		if (store_obs_latest(r->store, r->arena, &key, 1, &now) == ST_OK && now)
			json_array_append_new(written, obs_to_json(now));
	}
	r->status = res.n_changes ? 201 : 200;
	return req_send_json(r, json_pack("{s:i, s:i, s:i, s:o, s:o}", "new", (int)res.n_new, "revised", (int)res.n_revised,
					  "unchanged", (int)res.n_unchanged, "values", written, "warnings", req_diag_details(d, -1)));
}

static enum status transition(struct req *r, enum obs_status to)
{
	int64_t id;
	if (!num_parse_int(str_of(r->params[0]), 1, INT64_MAX, &id))
		return ST_NOT_FOUND;
	const char *reason = NULL;
	if (r->body.len) {
		static const char *const fields[] = {"reason", NULL};
		json_t *body;
		if (req_json_body(r, fields, &body) != ST_OK)
			return ST_INVALID;
		reason = json_get_string(body, "reason");
	}
	struct obs *n;
	struct diag_list *errs = req_errs(r);
	enum status rc = app_value_move(req_app(r), id, to, reason, &n, errs);
	if (rc == ST_CONFLICT) {
		req_json_error_full(r, rc, "conflict", errs->n ? errs->items[0].msg : NULL, NULL);
		return rc;
	}
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, errs);
	return req_send_json(r, obs_to_json(n));
}

enum status api_obs_submit(struct req *r)
{
	return transition(r, OBS_SUBMITTED);
}

enum status api_obs_approve(struct req *r)
{
	return transition(r, OBS_APPROVED);
}

enum status api_obs_return(struct req *r)
{
	return transition(r, OBS_RETURNED);
}

enum status api_obs_publish(struct req *r)
{
	return transition(r, OBS_PUBLISHED);
}

enum status api_review(struct req *r)
{
	const char *st_text = req_query(r, "status");
	enum obs_status want = OBS_SUBMITTED;
	if (st_text && !obs_status_parse(st_text, &want))
		return api_field_error(r, "status", "bad_value", req_t(r, "error.bad_status"));
	size_t limit, offset;
	if (api_page_params(r, APP_REVIEW_MAX, &limit, &offset) != ST_OK)
		return ST_INVALID;
	struct obs *rows;
	size_t n, total;
	struct diag_list *errs = req_errs(r);
	enum status rc = app_review_queue(req_app(r), want, offset, limit, &rows, &n, &total, errs);
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, errs);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, obs_to_json(&rows[i]));
	return req_send_json(r, json_pack("{s:s, s:I, s:I, s:o}", "status", obs_status_name(want), "total", (json_int_t)total,
					  "offset", (json_int_t)offset, "values", arr));
}
