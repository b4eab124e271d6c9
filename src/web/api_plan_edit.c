/* api_plan_edit.c - plan edits over HTTP (admins): PUT /api/v1/plan/indicators/CODE,
 * PUT|DELETE /api/v1/plan/targets/INDICATOR/REGION/YEAR, PUT /api/v1/plan/measures/N,
 * PUT /api/v1/plan/units/CODE, PUT|DELETE /api/v1/plan/rules/CODE, and a plan's lifecycle,
 * POST /api/v1/plans/CODE/status. The JSON body becomes the
 * typed members of app_plan_edit (app/plan.h), which checks, applies and stores the edit as a
 * new plan version, as the admin pages' forms do. */
#include <jansson.h>
#include <string.h>

#include "app/plan.h"
#include "base/num.h"
#include "web/api.h"
#include "web/app_req.h"
#include "web/route.h"
#include "base/banned.h"

/* The members of body as typed edit fields (in r's arena; strings borrowed from body, which
 * lives as long as the request). */
static void body_fields(struct req *r, json_t *body, struct plan_edit *e)
{
	size_t n = json_object_size(body), k = 0;
	struct edit_field *fs = arena_calloc(r->arena, n + 1, sizeof(*fs));
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) {
		struct edit_field *f = &fs[k++];
		f->name = key;
		if (json_is_null(v)) {
			f->kind = EDIT_NULL;
		} else if (json_is_string(v)) {
			f->kind = EDIT_TEXT, f->text = json_string_value(v);
		} else if (json_is_number(v)) {
			f->kind = EDIT_NUMBER, f->number = json_number_value(v), f->is_integer = json_is_integer(v);
		} else if (json_is_boolean(v)) {
			f->kind = EDIT_BOOL, f->boolean = json_is_true(v);
		} else if (json_is_array(v)) {
			const char **items = arena_calloc(r->arena, json_array_size(v) + 1, sizeof(*items));
			size_t i;
			json_t *x;
			json_array_foreach(v, i, x) items[i] = json_string_value(x);
			f->kind = EDIT_LIST, f->list = items, f->n_list = json_array_size(v);
		} else {
			f->kind = EDIT_OTHER;
		}
	}
	e->fields = fs;
	e->n_fields = k;
}

/* The key of the path: a code; a target's indicator, region and year; a measure's number. */
static void path_key(struct req *r, struct plan_edit *e)
{
	int64_t n;
	e->code = r->params[0];
	if (e->kind == PLAN_EDIT_TARGET || e->kind == PLAN_EDIT_TARGET_DELETE) {
		e->region = r->params[1];
		e->year = num_parse_int(str_of(r->params[2]), 1900, 2200, &n) ? (int)n : 0;
	}
	if (e->kind == PLAN_EDIT_MEASURE)
		e->measure = num_parse_int(str_of(r->params[0]), 1, 10000, &n) ? (int)n : 0;
}

static enum status api_edit(struct req *r, enum plan_edit_kind kind)
{
	json_t *body = NULL;
	struct plan_edit e = {.kind = kind};
	if (kind != PLAN_EDIT_TARGET_DELETE && kind != PLAN_EDIT_RULE_DELETE) {
		if (req_json_body(r, app_plan_edit_fields(kind), &body) != ST_OK)
			return ST_INVALID;
		body_fields(r, body, &e);
	}
	path_key(r, &e);
	struct diag_list *errs = req_errs(r);
	struct plan_edit_result res;
	enum status rc = app_plan_edit(req_app(r), &e, &res, errs);
	if (rc == ST_INVALID)
		return req_app_error(r, rc, "invalid", "error.plan_invalid", errs);
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, errs);
	return req_send_json(r, json_pack("{s:s, s:i, s:b}", "plan", res.plan_code, "version", res.version, "unchanged",
					  res.is_unchanged));
}

enum status api_plan_indicator_put(struct req *r)
{
	return api_edit(r, PLAN_EDIT_INDICATOR);
}

enum status api_plan_target_put(struct req *r)
{
	return api_edit(r, PLAN_EDIT_TARGET);
}

enum status api_plan_target_delete(struct req *r)
{
	return api_edit(r, PLAN_EDIT_TARGET_DELETE);
}

enum status api_plan_measure_put(struct req *r)
{
	return api_edit(r, PLAN_EDIT_MEASURE);
}

enum status api_plan_unit_put(struct req *r)
{
	return api_edit(r, PLAN_EDIT_UNIT);
}

enum status api_plan_rule_put(struct req *r)
{
	return api_edit(r, PLAN_EDIT_RULE);
}

enum status api_plan_rule_delete(struct req *r)
{
	return api_edit(r, PLAN_EDIT_RULE_DELETE);
}

/* POST /api/v1/plans/CODE/status {"status": "draft"|"in_force"|"superseded", "superseded_by": CODE}:
 * the plan's lifecycle (app_plan_set_status). */
enum status api_plan_status_post(struct req *r)
{
	static const char *const allowed[] = {"status", "superseded_by", NULL};
	json_t *body = NULL;
	if (req_json_body(r, allowed, &body) != ST_OK)
		return ST_INVALID;
	struct diag_list *errs = req_errs(r);
	json_t *st_json = json_object_get(body, "status"), *by_json = json_object_get(body, "superseded_by");
	int st = plan_status_parse(json_string_value(st_json));
	if (st < 0)
		(void)app_refuse(errs, ST_INVALID, "status", st_json ? "bad_value" : "missing", NULL,
				 "status is one of draft, in_force, superseded");
	if (by_json && !json_is_null(by_json) && !json_is_string(by_json))
		(void)app_refuse(errs, ST_INVALID, "superseded_by", "bad_type", NULL, "superseded_by is a plan's code");
	struct plan_status_result res;
	enum status rc = app_errors_status(errs);
	if (rc == ST_OK)
		rc = app_plan_set_status(req_app(r), r->params[0], (enum plan_status)st, json_string_value(by_json), &res, errs);
	if (rc == ST_INVALID)
		return req_app_error(r, rc, "invalid", NULL, errs);
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, errs);
	return req_send_json(r, json_pack("{s:s, s:s, s:o, s:b}", "plan", r->params[0], "status",
					  plan_status_name((enum plan_status)st), "superseded_by",
					  st == PLAN_STATUS_SUPERSEDED ? json_string(json_string_value(by_json)) : json_null(),
					  "unchanged", res.is_unchanged));
}
