/* api_registries.c - the registries over HTTP: GET /api/v1/registries (each kind, its fields
 * and how many records it holds), GET /api/v1/registries/KIND[?region=R] (the current records,
 * of R and the regions below it), POST /api/v1/registries/KIND?name=F[&sheet=S][&encoding=E]
 * [&dry_run=1] with the file as the body (the department: checked all or nothing like
 * `innomon import registry`; stored records recompute the derived indicators at once:
 * app_registry_import). */
#include <jansson.h>
#include <string.h>

#include "app/registries.h"
#include "app/view_registries.h"
#include "report/registry_json.h"
#include "store/store.h"
#include "web/api.h"
#include "web/app_req.h"
#include "web/route.h"
#include "base/banned.h"

#define API_REGISTRY_MAX 10000 /* records of one answer */

static json_t *fields_json(const struct reg_kind_info *k)
{
	static const char *const types[] = {"text", "enum", "date", "number", "year", "region"};
	json_t *arr = json_array();
	for (size_t f = 0; f < k->n_fields; f++) {
		const struct reg_field *x = &k->fields[f];
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:b, s:b}", "name", x->name, "name_zh", x->name_zh, "type",
						     types[x->type], "key", x->is_key, "required", x->is_key || x->is_required));
	}
	return arr;
}

enum status api_registries_get(struct req *r)
{
	json_t *arr = json_array();
	for (int k = 0; k < REG_N_KINDS; k++) {
		struct reg_record *none;
		size_t n_none, n;
		enum status rc = app_registry_page(req_app(r), (enum reg_kind)k, -1, 0, 0, &none, &n_none, &n);
		if (rc != ST_OK) {
			json_decref(arr);
			return rc;
		}
		const struct reg_kind_info *info = reg_kind_info((enum reg_kind)k);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:o}", "kind", info->name, "name_zh", info->name_zh, "records",
						     (json_int_t)n, "fields", fields_json(info)));
	}
	return req_send_json(r, json_pack("{s:o}", "registries", arr));
}

/* The registry kind of the path (ST_NOT_FOUND when unknown) and the plan. */
static enum status kind_and_plan(struct req *r, enum reg_kind *k, struct plan **p)
{
	if (!reg_kind_parse(r->params[0], strlen(r->params[0]), k))
		return ST_NOT_FOUND;
	return req_plan(r, p);
}

enum status api_registry_get(struct req *r)
{
	enum reg_kind k;
	struct plan *p;
	enum status rc = kind_and_plan(r, &k, &p);
	if (rc != ST_OK)
		return rc;
	int region = -1;
	const char *rq = req_query(r, "region");
	if (rq && (region = plan_find_region_any(p, rq)) < 0)
		return api_field_error(r, "region", "unknown_region", req_t(r, "registry.err_region"));
	size_t limit, offset;
	if (api_page_params(r, API_REGISTRY_MAX, &limit, &offset) != ST_OK)
		return ST_INVALID;
	struct reg_record *recs;
	size_t n, total;
	rc = app_registry_page(req_app(r), k, region, offset, limit, &recs, &n, &total);
	if (rc != ST_OK)
		return rc;
	json_t *arr = registry_records_json(p, k, recs, n, -1, NULL);
	return req_send_json(r, json_pack("{s:s, s:s?, s:I, s:I, s:o}", "kind", reg_kind_info(k)->name, "region",
					  region >= 0 ? p->regions[region].code : NULL, "total", (json_int_t)total, "offset",
					  (json_int_t)offset, "records", arr));
}

enum status api_registry_post(struct req *r)
{
	enum reg_kind k;
	struct plan *p;
	enum status rc = kind_and_plan(r, &k, &p);
	if (rc != ST_OK)
		return rc;
	if (r->body.len == 0)
		return api_field_error(r, "body", "missing", req_t(r, "error.upload_empty"));
	const char *name = req_query(r, "name"), *dry = req_query(r, "dry_run");
	if (!name || !*name || strlen(name) > 255)
		name = "upload";
	int is_dry_run = dry && strcmp(dry, "0") != 0;
	struct app_file f = {name, r->body.p, r->body.len, NULL};
	struct app_read_opts ro = {req_query(r, "encoding"), req_query(r, "sheet")};
	struct app_registry_result res;
	struct diag_list *d = req_errs(r);
	rc = app_registry_import(req_app(r), k, &f, &ro, is_dry_run, &res, d);
	if (rc == ST_INVALID || rc == ST_TOO_LARGE) { /* too large: 413 too_large, as every import route */
		req_json_error_full(r, rc, rc == ST_TOO_LARGE ? "too_large" : "invalid", req_t(r, "error.import_rejected"),
				    req_diag_details(d, 0));
		return rc;
	}
	if (rc != ST_OK)
		return rc;
	const struct registry_import_result *ir = &res.import;
	json_t *o = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:I, s:I, s:I, s:I, s:o}", "kind", reg_kind_info(k)->name, "file", name,
			      "outcome", is_dry_run ? "checked" : "imported", "format", ir->format, "encoding", ir->encoding, "rows",
			      (json_int_t)ir->n_rows, "new", (json_int_t)ir->n_new, "revised", (json_int_t)ir->n_revised,
			      "unchanged", (json_int_t)ir->n_unchanged, "derived", json_null());
	if (res.is_recomputed && res.derived_status != ST_OK) /* the records are stored: say so, and that a recompute is owed */
		json_object_set_new(o, "derived_error", json_string(res.derived_error));
	else if (res.is_recomputed)
		json_object_set_new(o, "derived", json_pack("{s:I, s:I, s:I, s:I, s:I}", "indicators", (json_int_t)res.derived.n_indicators,
							     "values", (json_int_t)res.derived.n_cells, "new", (json_int_t)res.derived.n_new,
							     "revised", (json_int_t)res.derived.n_revised, "unchanged",
							     (json_int_t)res.derived.n_unchanged));
	return req_send_json(r, o);
}
