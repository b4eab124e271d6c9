/* api_plan.c - GET /api/v1/plan: the plan JSON (the same document as `innomon plan show
 * --json`), and GET /healthz. */
#include <jansson.h>
#include <stdlib.h>

#include "report/plan_json.h"
#include "store/store.h"
#include "web/route.h"
#include "base/banned.h"

enum status api_plan(struct req *r)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	json_t *j = plan_to_json(p);
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	json_decref(j);
	if (!text)
		return ST_STORE;
	bw(&r->out, text);
	bwc(&r->out, '\n');
	free(text);
	r->content_type = "application/json; charset=utf-8";
	return ST_OK;
}

enum status api_health(struct req *r)
{
	enum status rc = store_ping(r->store);
	r->content_type = "application/json; charset=utf-8";
	if (rc != ST_OK) {
		r->status = 503;
		bw(&r->out, "{\"status\":\"unavailable\",\"store\":\"unreachable\"}\n");
		return ST_OK;
	}
	bw(&r->out, "{\"status\":\"ok\",\"store\":\"ok\"}\n");
	return ST_OK;
}
