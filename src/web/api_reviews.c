/* api_reviews.c - POST /api/v1/reviews: a reviewer's verdict on a qualitative target
 * (app_target_review, which the indicator page's form calls too): a published revision of the
 * indicator's value for the year judged, with the reason as its note (docs/methodology.md
 * section 5). */
#include <jansson.h>
#include <stdio.h>

#include "app/values.h"
#include "report/plan_json.h"
#include "web/api.h"
#include "web/app_req.h"
#include "web/route.h"
#include "base/banned.h"

enum status api_reviews_post(struct req *r)
{
	static const char *const fields[] = {"indicator", "region", "year", "verdict", "reason", NULL};
	json_t *body; /* released with the request's arena */
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	char year[32] = "";
	json_t *y = json_object_get(body, "year");
	if (json_is_integer(y))
		snprintf(year, sizeof(year), "%lld", (long long)json_integer_value(y));
	else if (json_is_string(y))
		snprintf(year, sizeof(year), "%s", json_string_value(y));
	struct app_target_verdict in = {json_get_string(body, "indicator"), json_get_string(body, "region"), year,
					json_get_string(body, "verdict"), json_get_string(body, "reason")};
	struct diag_list *errs = req_errs(r);
	struct obs *o;
	enum status rc = app_target_review(req_app(r), &in, &o, errs);
	if (rc == ST_INVALID)
		return req_app_error(r, rc, "invalid", "qreview.invalid", errs);
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, errs);
	r->status = 201;
	return req_send_json(r, obs_to_json(o));
}
