/* api_cycles.c - reporting cycles and scorecards over HTTP: GET /api/v1/cycles, POST
 * /api/v1/cycles (open), GET /api/v1/cycles/PERIOD (the reports owed, those the caller may
 * see), POST /api/v1/cycles/PERIOD/close, GET /api/v1/scorecards?period=P&kind=unit|city. */
#include <jansson.h>
#include <string.h>

#include "base/clock.h"
#include "supervise/sup_json.h"
#include "web/api.h"
#include "web/route.h"
#include "web/sup_web.h"
#include "base/banned.h"

enum status api_cycles_get(struct req *r)
{
	struct sup_cycle *rows;
	size_t n;
	enum status rc = store_sup_cycles(r->store, r->arena, &rows, &n);
	if (rc != ST_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, sup_cycle_json(&rows[i]));
	return req_send_json(r, json_pack("{s:o}", "cycles", arr));
}

enum status api_cycles_post(struct req *r)
{
	static const char *const fields[] = {"period", "deadline", NULL};
	json_t *body;
	struct plan *p;
	struct sup_cycle *c;
	struct sup_error err = {0};
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	rc = sup_cycle_open(r->store, r->arena, p, json_get_string(body, "period"), json_get_string(body, "deadline"), &c,
			    &err);
	if (rc != ST_OK)
		return sup_api_error(r, rc, &err);
	r->status = 201;
	return req_send_json(r, sup_cycle_json(c));
}

enum status api_cycle_get(struct req *r)
{
	struct plan *p;
	struct sup_cycle *c;
	struct sup_owed *owed;
	struct sup_error err = {0};
	size_t n;
	enum status rc = req_plan(r, &p);
	if (rc == ST_OK)
		rc = sup_cycle_find(r->store, r->arena, r->params[0], &c, &err);
	if (rc == ST_INVALID)
		rc = ST_NOT_FOUND;
	if (rc == ST_OK)
		rc = sup_cycle_owed(r->store, r->arena, c, clock_now(), &owed, &n);
	if (rc != ST_OK)
		return rc;
	json_t *j = sup_cycle_json(c);
	json_t *arr = json_array();
	int count[4] = {0};
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (!sup_req_report_visible(r, p, owed[i].duty.measure, owed[i].duty.unit, owed[i].report))
			continue;
		json_array_append_new(arr, sup_owed_json(&owed[i]));
		count[owed[i].timeliness]++;
		shown++;
	}
	json_object_set_new(j, "owed", arr);
	json_object_set_new(j, "summary", json_pack("{s:I, s:i, s:i, s:i, s:i}", "owed", (json_int_t)shown, "on_time",
						   count[SUP_ON_TIME], "late", count[SUP_LATE], "missing", count[SUP_MISSING],
						   "pending", count[SUP_PENDING]));
	return req_send_json(r, j);
}

enum status api_cycle_close(struct req *r)
{
	struct sup_cycle *c;
	struct sup_error err = {0};
	enum status rc = sup_cycle_find(r->store, r->arena, r->params[0], &c, &err);
	if (rc == ST_INVALID)
		rc = ST_NOT_FOUND;
	if (rc == ST_OK)
		rc = store_sup_cycle_close(r->store, c->period);
	if (rc == ST_CONFLICT) {
		err = (struct sup_error){"cycle_closed", NULL, "the reporting cycle is closed"};
		return sup_api_error(r, rc, &err);
	}
	if (rc == ST_OK)
		rc = store_sup_cycle_get(r->store, r->arena, c->period, &c);
	if (rc != ST_OK)
		return rc;
	return req_send_json(r, sup_cycle_json(c));
}

enum status api_scorecards(struct req *r)
{
	struct plan *p;
	struct sup_cycle *c;
	struct sup_scorecard *rows;
	size_t n;
	const char *period = req_query(r, "period"), *kind = req_query(r, "kind");
	if (kind && strcmp(kind, "unit") != 0 && strcmp(kind, "city") != 0)
		return api_field_error(r, "kind", "bad_value", req_t(r, "score.bad_kind"));
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	if (!period) {
		struct sup_cycle *all;
		size_t n_all;
		rc = store_sup_cycles(r->store, r->arena, &all, &n_all);
		if (rc != ST_OK)
			return rc;
		if (!n_all)
			return ST_NOT_FOUND;
		c = &all[0];
	} else {
		struct sup_error err;
		rc = sup_cycle_find(r->store, r->arena, period, &c, &err);
		if (rc != ST_OK)
			return rc == ST_INVALID ? ST_NOT_FOUND : rc;
	}
	int is_city = kind && strcmp(kind, "city") == 0;
	rc = sup_scorecards(r->store, r->arena, p, c->period, is_city, clock_now(), &rows, &n);
	if (rc != ST_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, sup_scorecard_json(&rows[i]));
	json_t *weights = json_array();
	for (int k = 0; k < SUP_SCORE_PARTS; k++)
		json_array_append_new(weights, json_integer(sup_score_weights[k]));
	return req_send_json(r, json_pack("{s:s, s:s, s:o, s:s, s:o}", "period", c->period, "kind",
					  is_city ? "city" : "unit", "weights", weights, "formula",
					  req_t(r, "score.formula_text"), "scorecards", arr));
}
