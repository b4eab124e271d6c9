/* api_firms.c - enterprise evaluation over HTTP (docs/api.md): GET /api/v1/pipeline[?year=Y]
 * (everyone: counts per region and method and the projections beside mapped indicators, as
 * core/firm_access lets the reader see them), GET /api/v1/firms[?year=Y&region=R] (the firms
 * the reader may see, one row each) and GET /api/v1/firms/CODE[?year=Y] (one firm's evaluation
 * in the shape of `innomon evaluate CODE --json`). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/firm_access.h"
#include "report/firms.h"
#include "store/store.h"
#include "web/api.h"
#include "web/route.h"
#include "base/banned.h"

static enum status year_param(struct req *r, int *year)
{
	const char *y = req_query(r, "year");
	*year = 0;
	if (!y)
		return ST_OK;
	char *end;
	long v = strtol(y, &end, 10);
	if (*end || v < 1900 || v > 2200)
		return api_field_error(r, "year", "bad_year", req_t(r, "firm.err_year"));
	*year = (int)v;
	return ST_OK;
}

enum status api_pipeline(struct req *r)
{
	struct plan *p;
	int year;
	enum status rc = req_plan(r, &p);
	if (rc == ST_OK)
		rc = year_param(r, &year);
	if (rc != ST_OK)
		return rc;
	struct firm_projections fp;
	rc = firm_projections_build(r->store, r->arena, p, year, &r->principal, req_view(r), &fp);
	if (rc == ST_NOT_FOUND) /* no firms yet: nothing to count */
		return req_send_json(r, json_pack("{s:i, s:i, s:o, s:o}", "year", year, "firms", 0, "regions", json_array(), "projections",
						  json_array()));
	if (rc != ST_OK)
		return rc;
	return req_send_json(r, firm_projections_json(p, &fp));
}

enum status api_firms(struct req *r)
{
	if (!firm_may_list(&r->principal)) {
		req_json_error(r, ST_DENIED, req_t(r, "firm.denied"));
		return ST_DENIED;
	}
	struct plan *p;
	int year;
	enum status rc = req_plan(r, &p);
	if (rc == ST_OK)
		rc = year_param(r, &year);
	if (rc != ST_OK)
		return rc;
	int region = -1;
	const char *rq = req_query(r, "region");
	if (rq && (region = plan_find_region_any(p, rq)) < 0)
		return api_field_error(r, "region", "unknown_region", req_t(r, "registry.err_region"));
	struct firm *firms;
	size_t n;
	rc = firms_read_all(r->store, r->arena, p, &firms, &n);
	if (rc != ST_OK)
		return rc;
	if (!year)
		year = firms_latest_year(firms, n);
	const struct firm **seen;
	size_t n_seen = firms_visible(r->arena, p, &r->principal, firms, n, year, region, &seen);
	json_t *arr = json_array();
	struct arena *scratch = arena_new();
	for (size_t i = 0; i < n_seen; i++) {
		struct eval_result res[FM_N];
		firm_evaluate_all(scratch, seen[i], year, res);
		json_array_append_new(arr, firm_row_json(p, seen[i], year, res));
		arena_reset(scratch);
	}
	arena_free(scratch);
	return req_send_json(r, json_pack("{s:i, s:I, s:o}", "year", year, "total", (json_int_t)json_array_size(arr), "firms", arr));
}

enum status api_firm(struct req *r)
{
	struct plan *p;
	int year;
	enum status rc = req_plan(r, &p);
	if (rc == ST_OK)
		rc = year_param(r, &year);
	if (rc != ST_OK)
		return rc;
	struct firm *f;
	rc = firms_open(r->store, r->arena, p, &r->principal, r->params[0], &year, &f);
	if (rc == ST_DENIED) {
		req_json_error(r, ST_DENIED, req_t(r, "firm.denied"));
		return ST_DENIED;
	}
	if (rc != ST_OK)
		return rc;
	struct eval_result res[FM_N];
	firm_evaluate_all(r->arena, f, year, res);
	return req_send_json(r, firm_eval_json(p, f, year, res));
}
