/* api_progress.c - GET /api/v1/indicators, /api/v1/indicators/CODE and /api/v1/progress:
 * definitions, series per region with sources, targets and assessments as JSON. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/progress.h"
#include "report/assess.h"
#include "report/plan_json.h"
#include "web/app_req.h"
#include "web/req.h"
#include "web/route.h"
#include "base/banned.h"

/* The definition part of an indicator, as in the plan JSON. */
static json_t *indicator_def(const struct plan *p, int ind)
{
	json_t *all = plan_to_json(p);
	json_t *one = json_incref(json_array_get(json_object_get(all, "indicators"), (size_t)ind));
	json_decref(all);
	return one;
}

static json_t *point_json(const struct series_point *pt)
{
	json_t *o = json_object();
	json_object_set_new(o, "period", json_string(pt->period));
	json_object_set_new(o, "value", json_real(pt->value));
	const char *q = obs_qualifier_name(pt->qualifier);
	json_object_set_new(o, "qualifier", *q ? json_string(q) : json_null());
	json_object_set_new(o, "derived", json_boolean(pt->is_derived));
	if (pt->obs) {
		json_object_set_new(o, "revision", json_integer(pt->obs->revision));
		json_object_set_new(o, "status", json_string(obs_status_name(pt->obs->status)));
		json_object_set_new(o, "source", json_str_or_null(pt->obs->source));
		json_object_set_new(o, "source_url", json_str_or_null(pt->obs->source_url));
		json_object_set_new(o, "publisher", json_str_or_null(pt->obs->publisher));
		json_object_set_new(o, "title", json_str_or_null(pt->obs->title));
		json_object_set_new(o, "published", json_str_or_null(pt->obs->published));
		json_object_set_new(o, "note", json_str_or_null(pt->obs->note));
		json_object_set_new(o, "updated_at", json_string(pt->obs->created_at));
	} else {
		json_object_set_new(o, "parts", json_integer((json_int_t)pt->n_parts));
	}
	return o;
}

enum status api_indicators(struct req *r)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	json_t *all = plan_to_json(p);
	json_t *arr = json_incref(json_object_get(all, "indicators"));
	json_decref(all);
	return req_send_json(r, arr);
}

enum status api_indicator(struct req *r)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	int ind = plan_find_indicator(p, r->params[0]);
	if (ind < 0)
		return ST_NOT_FOUND;
	struct app_progress pr; /* the page's answer too (app_indicator_view) */
	rc = app_progress(req_app(r), ind, APP_PROGRESS_TRENDS, &pr, NULL);
	if (rc != ST_OK)
		return rc;
	const struct obs *cur = pr.cur;
	size_t n_cur = pr.n_cur;
	json_t *o = json_object();
	json_object_set_new(o, "indicator", indicator_def(p, ind));
	json_t *series = json_array();
	for (size_t g = 0; g < p->n_regions; g++) {
		struct series s;
		req_series(r, p, cur, n_cur, ind, (int)g, &s);
		if (s.n == 0)
			continue;
		json_t *so = json_object(), *pts = json_array(), *disc = json_array();
		json_object_set_new(so, "region", json_string(p->regions[g].code));
		for (size_t i = 0; i < s.n; i++)
			json_array_append_new(pts, point_json(&s.pts[i]));
		for (size_t i = 0; i < s.n_disc; i++)
			json_array_append_new(disc, json_pack("{s:s, s:f, s:f, s:s}", "period", s.disc[i].period, "reported",
							      s.disc[i].reported, "summed", s.disc[i].summed, "kind",
							      s.disc[i].is_formula ? "formula" : "sum"));
		json_object_set_new(so, "points", pts);
		json_object_set_new(so, "discrepancies", disc);
		json_array_append_new(series, so);
	}
	json_object_set_new(o, "series", series);
	json_t *assessments = json_array();
	for (size_t i = 0; i < pr.n_rows; i++)
		json_array_append_new(assessments, assess_row_json(p, &pr.rows[i]));
	for (size_t i = 0; i < pr.n_trends; i++) /* no target: its trend */
		json_array_append_new(assessments, assess_row_json(p, &pr.trends[i]));
	json_object_set_new(o, "assessments", assessments);
	return req_send_json(r, o);
}

enum status api_progress(struct req *r)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	const char *final = req_query(r, "final");
	int is_final = final && strcmp(final, "1") == 0;
	if (final && !is_final && strcmp(final, "0") != 0)
	{
		req_json_error(r, ST_INVALID, "final must be 1 or 0");
		return ST_OK;
	}
	const char *trends_q = req_query(r, "trends");
	int want_trends = trends_q && strcmp(trends_q, "1") == 0;
	if (trends_q && !want_trends && strcmp(trends_q, "0") != 0) {
		req_json_error(r, ST_INVALID, "trends must be 1 or 0");
		return ST_OK;
	}
	struct app_progress pr;
	/* indicators without a target: their trend (in the final object, or ?trends=1 alone) */
	unsigned flags = (is_final ? APP_PROGRESS_FINAL : 0) | (is_final || want_trends ? APP_PROGRESS_TRENDS : 0);
	rc = app_progress(req_app(r), -1, flags, &pr, NULL);
	if (rc != ST_OK)
		return rc;
	if (want_trends && !is_final)
		return req_send_json(r, assess_trends_json(p, pr.trends, pr.n_trends));
	if (is_final) {
		json_t *o = assess_final_json(p, pr.rows, pr.n_rows);
		json_object_set_new(o, "trends", assess_trends_json(p, pr.trends, pr.n_trends));
		return req_send_json(r, o);
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < pr.n_rows; i++)
		json_array_append_new(arr, assess_row_json(p, &pr.rows[i]));
	return req_send_json(r, arr);
}
