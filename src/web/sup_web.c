/* sup_web.c - helpers of the supervision pages and API (see sup_web.h). */
#include <jansson.h>
#include <string.h>

#include "base/clock.h"
#include "base/num.h"
#include "web/api.h"
#include "web/server.h"
#include "web/sup_web.h"
#include "base/banned.h"

const struct sup_settings *sup_req_settings(struct req *r)
{
	return &server_config(r->server)->sup;
}

enum status sup_req_key(struct req *r, const char *period, const char *measure, const char *unit, struct sup_cycle **c,
			int *number, const char **unit_code)
{
	struct plan *p;
	struct sup_error err;
	int64_t n;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	if (!measure || !num_parse_int(str_of(measure), 1, 10000, &n) || plan_find_measure(p, (int)n) < 0)
		return ST_NOT_FOUND;
	int u = unit ? plan_find_unit(p, unit) : -1;
	if (u < 0)
		return ST_NOT_FOUND;
	rc = sup_cycle_find(r->store, r->arena, period, c, &err);
	if (rc == ST_INVALID)
		return ST_NOT_FOUND;
	*number = (int)n;
	*unit_code = p->units[u].code;
	return rc;
}

int sup_req_report_visible(struct req *r, const struct plan *p, int measure, const char *unit,
			   const struct sup_report *rep)
{
	size_t n_lead;
	const char **leads = sup_lead_units(r->arena, p, measure, &n_lead);
	return sup_report_visible(&r->principal, unit, rep ? rep->state : REPORT_DRAFT, leads, n_lead);
}

int sup_req_may_write(struct req *r, const char *unit)
{
	struct scope sc = {unit, NULL};
	return authz_check(&r->principal, ACT_WRITE_REPORT, &sc) == ST_OK;
}

const char *sup_err_text(struct req *r, const struct sup_error *err)
{
	return req_t(r, arena_printf(r->arena, "cycle.err_%s", err->code ? err->code : "unknown"));
}

enum status sup_api_error(struct req *r, enum status st, const struct sup_error *err)
{
	if (!err->code)
		return st;
	json_t *details = json_pack("[{s:s?, s:s, s:s}]", "field", err->field, "code", err->code, "message", err->msg);
	req_json_error_full(r, st, err->code, sup_err_text(r, err), details);
	return st;
}

enum status sup_body_revision(struct req *r, json_t *body, int *out)
{
	json_t *v = json_object_get(body, "revision");
	*out = -1;
	if (!v)
		return ST_OK;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000000)
		return api_field_error(r, "revision", "bad_value", req_t(r, "cycle.err_bad_revision"));
	*out = (int)json_integer_value(v);
	return ST_OK;
}

const char *sup_local(struct req *r, const char *utc)
{
	time_t t;
	char out[32];
	if (!utc || !clock_parse_utc(utc, &t))
		return "—";
	clock_format_shanghai(t, out);
	return arena_strdup(r->arena, out);
}

const char *sup_unit_name(struct req *r, const struct plan *p, const char *code)
{
	int u = code ? plan_find_unit(p, code) : -1;
	return u >= 0 ? i18n_pick(r->lang, p->units[u].name_zh, p->units[u].name_en) : code ? code : "";
}

enum status sup_req_rule(struct req *r, const char *code, struct sup_rule **out)
{
	struct sup_rule *rows;
	size_t n;
	enum status rc = store_sup_rules(r->store, r->arena, &rows, &n);
	if (rc != ST_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].code, code) == 0) {
			*out = &rows[i];
			return ST_OK;
		}
	return ST_NOT_FOUND;
}
