/* api_cycles.c - reporting cycles and scorecards over HTTP: GET /api/v1/cycles, POST
 * /api/v1/cycles (open), GET /api/v1/cycles/PERIOD (the reports owed, those the caller may
 * see), POST /api/v1/cycles/PERIOD/close, GET /api/v1/scorecards?period=P&kind=unit|city.
 * Adapters over app/sup.h. */
#include <jansson.h>
#include <string.h>

#include "app/sup.h"
#include "base/clock.h"
#include "supervise/sup_json.h"
#include "web/api.h"
#include "web/app_req.h"
#include "web/route.h"
#include "web/sup_web.h"
#include "base/banned.h"

enum status api_cycles_get(struct req *r)
{
	struct sup_cycle *rows;
	size_t n;
	enum status rc = app_cycles(req_app(r), &rows, &n);
	if (rc != ST_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, sup_cycle_json(&rows[i]));
	return req_send_json(r, json_pack("{s:s?, s:o}", "plan", sup_req_plan_code(r), "cycles", arr));
}

enum status api_cycles_post(struct req *r)
{
	static const char *const fields[] = {"period", "deadline", NULL};
	json_t *body;
	struct sup_cycle *c;
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	struct diag_list *errs = req_errs(r);
	enum status rc = app_cycle_open(req_app(r), json_get_string(body, "period"), json_get_string(body, "deadline"), &c, errs);
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, errs);
	r->status = 201;
	return req_send_json(r, sup_cycle_json(c));
}

enum status api_cycle_get(struct req *r)
{
	struct app_cycle_status st;
	enum status rc = app_cycle_status(req_app(r), r->params[0], clock_now(), &st, req_errs(r));
	if (rc != ST_OK)
		return rc == ST_INVALID ? ST_NOT_FOUND : rc; /* a path that names no cycle */
	json_t *j = sup_cycle_json(st.cycle);
	json_t *arr = json_array();
	for (size_t i = 0; i < st.n; i++)
		if (st.rows[i].is_visible)
			json_array_append_new(arr, sup_owed_json(&st.rows[i].owed));
	json_object_set_new(j, "owed", arr);
	json_object_set_new(j, "summary", json_pack("{s:I, s:i, s:i, s:i, s:i}", "owed", (json_int_t)st.n_visible, "on_time",
						   st.count[SUP_ON_TIME], "late", st.count[SUP_LATE], "missing",
						   st.count[SUP_MISSING], "pending", st.count[SUP_PENDING]));
	return req_send_json(r, j);
}

enum status api_cycle_close(struct req *r)
{
	struct sup_cycle *c;
	struct diag_list *errs = req_errs(r);
	enum status rc = app_cycle_close(req_app(r), r->params[0], &c, errs);
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, errs);
	return req_send_json(r, sup_cycle_json(c));
}

enum status api_scorecards(struct req *r)
{
	struct sup_cycle *c;
	struct sup_scorecard *rows;
	size_t n;
	const char *kind = req_query(r, "kind");
	if (kind && strcmp(kind, "unit") != 0 && strcmp(kind, "city") != 0)
		return api_field_error(r, "kind", "bad_value", req_t(r, "score.bad_kind"));
	int is_city = kind && strcmp(kind, "city") == 0;
	enum status rc = app_scorecards(req_app(r), req_query(r, "period"), is_city, clock_now(), &c, &rows, &n);
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
