/* api_author.c - a plan authored as a workbook over HTTP (admins; app/plan_author.h): POST
 * /api/v1/plans?name=FILE.xlsx[&dry_run=1] with the workbook as the body answers what it would
 * create with every problem (sheet, row, column), and without dry_run creates the plan as a
 * draft (or the draft's next version). The pages at /admin/plans/new do the same. */
#include <jansson.h>
#include <string.h>

#include "app/plan_author.h"
#include "web/api.h"
#include "web/app_req.h"
#include "web/route.h"
#include "base/banned.h"

static json_t *plan_summary(const struct plan *p)
{
	size_t n_head = 0;
	for (size_t i = 0; i < p->n_indicators; i++)
		n_head += p->indicators[i].is_headline;
	return json_pack("{s:s, s:s, s:s?, s:s, s:s?, s:s, s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "code", p->info.code,
			 "title_zh", p->info.title_zh, "title_en", p->info.title_en, "issuer_zh", p->info.issuer_zh, "doc_no",
			 p->info.doc_no, "issued", p->info.issued, "valid_until", p->info.valid_until, "goals", (int)p->n_goals,
			 "indicators", (int)p->n_indicators, "headline", (int)n_head, "targets", (int)p->n_targets, "actions",
			 (int)p->n_actions, "measures", (int)p->n_measures, "units", (int)p->n_units, "regions",
			 (int)p->n_regions, "rules", (int)p->n_rules);
}

enum status api_plans_post(struct req *r)
{
	const char *name = req_query(r, "name"), *dry = req_query(r, "dry_run");
	int is_dry_run = dry && strcmp(dry, "0") != 0;
	struct app_ctx *x = req_app(r);
	struct diag_list *d = req_errs(r);
	struct plan_author_result res;
	enum status rc = app_plan_author_check(x, name, r->body.p ? r->body.p : "", r->body.len, !is_dry_run, &res, d);
	if (rc == ST_OK && !is_dry_run)
		rc = app_plan_author_upload(x, res.upload_id, 1, &res, d);
	if (rc == ST_INVALID || rc == ST_TOO_LARGE) {
		json_t *o = json_pack("{s:s, s:o, s:o}", "outcome", "rejected", "plan", res.plan ? plan_summary(res.plan) : json_null(),
				      "errors", req_diag_details(d, 0));
		req_json_error_full(r, rc, rc == ST_TOO_LARGE ? "too_large" : "invalid", req_t(r, "author.refused"), json_pack("[o]", o));
		return rc;
	}
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, d);
	json_t *o = json_pack("{s:s, s:o, s:s, s:b}", "outcome", is_dry_run ? "checked" : "created", "plan", plan_summary(res.plan),
			      "status", "draft", "new_version", res.is_new_version);
	if (!is_dry_run) {
		json_object_set_new(o, "version", json_integer(res.version));
		json_object_set_new(o, "unchanged", json_boolean(res.is_unchanged));
		r->status = 201;
	}
	return req_send_json(r, o);
}
