/* api_imports.c - file imports over HTTP: POST /api/v1/imports?name=F[&sheet=S][&encoding=E]
 * with the file as the body answers its dry run (what would change, every row error) and
 * keeps the upload only when the dry run passed (a file with errors, rows outside the caller's
 * scope or past a size limit leaves the store as it was; the page /entry/import likewise); GET
 * /api/v1/imports/ID repeats the dry run; POST .../ID/commit imports it for real, checked
 * again against the store as it is then; POST .../ID/cancel drops it unimported. Adapters of
 * app/imports.h. */
#include <jansson.h>
#include <string.h>

#include "app/imports.h"
#include "base/num.h"
#include "web/api.h"
#include "web/app_req.h"
#include "web/metrics.h"
#include "web/server.h"
#include "web/route.h"
#include "base/banned.h"

#define IMPORT_CHANGES_SHOWN 2000u

static json_t *change_json(const struct import_change *ch)
{
	json_t *o = json_pack("{s:i, s:s, s:s, s:s, s:f, s:s}", "row", (int)ch->line, "indicator", ch->after.indicator, "region",
			      ch->after.region, "period", ch->after.period, "value", ch->after.value, "kind",
			      ch->before ? "revised" : "new");
	if (ch->before)
		json_object_set_new(o, "before", json_real(ch->before->value));
	return o;
}

enum status upload_commit(struct req *r, const struct upload *u, const enum obs_status *status, struct import_result *res,
			  struct diag_list *d)
{
	enum status rc = app_upload_commit(req_app(r), u, status, res, d);
	struct metrics *m = server_metrics(r->server);
	if (m) /* a commit refused before reading the file counts no rows */
		metrics_import_rows(m, rc == ST_OK ? "imported" : "rejected", res->n_rows);
	return rc;
}

/* The answer to a run of u (rc, res and d from an operation of app/imports.h) as JSON. */
static enum status answer(struct req *r, const struct upload *u, int is_dry_run, enum status rc,
			  const struct import_result *res0, const struct diag_list *d)
{
	const struct import_result *res = res0;
	long long id = u->id;
	if (rc == ST_DENIED && !d->n)
		return rc; /* a refusal of rights: nothing about the file */
	if (rc != ST_OK && rc != ST_INVALID && rc != ST_DENIED && rc != ST_TOO_LARGE) {
		if (rc == ST_CONFLICT && d->n) {
			const struct diag *c = &d->items[d->n - 1];
			req_json_error_full(r, rc, c->code, c->key ? req_t(r, c->key) : c->msg, NULL);
		}
		return rc;
	}
	json_t *errors = req_diag_details(d, 0);
	json_t *changes = json_array();
	for (size_t i = 0; rc == ST_OK && i < res->n_changes && i < IMPORT_CHANGES_SHOWN; i++)
		json_array_append_new(changes, change_json(&res->changes[i]));
	json_t *o = json_pack("{s:o, s:s, s:b, s:s, s:s?, s:s?, s:s?, s:i, s:i, s:i, s:i, s:o, s:o}", "id",
			      id ? json_integer((json_int_t)id) : json_null(), "file", u->file_name, "committed",
			      !is_dry_run && rc == ST_OK, "outcome", rc == ST_OK ? (is_dry_run ? "checked" : "imported") : "rejected", "format", res->format, "encoding",
			      res->encoding, "sheet", res->sheet, "rows", (int)res->n_rows, "new", (int)res->n_new, "revised",
			      (int)res->n_revised, "unchanged", (int)res->n_unchanged, "changes", changes, "errors", errors);
	if (rc != ST_OK) {
		req_json_error_full(r, rc, rc == ST_DENIED ? "forbidden" : rc == ST_TOO_LARGE ? "too_large" : "invalid",
				    req_t(r, "error.import_rejected"), json_pack("[o]", o));
		return rc;
	}
	return req_send_json(r, o);
}

enum status upload_own(struct req *r, const char *id_text, struct upload **out)
{
	int64_t id;
	if (!num_parse_int(str_of(id_text), 1, INT64_MAX, &id))
		return ST_NOT_FOUND;
	return app_upload_get(req_app(r), id, out);
}

enum status api_imports_post(struct req *r)
{
	if (r->body.len == 0)
		return api_field_error(r, "body", "missing", req_t(r, "error.upload_empty"));
	struct upload u;
	struct import_result res;
	struct diag_list *d = req_errs(r);
	struct app_file f = {req_query(r, "name"), r->body.p, r->body.len, NULL};
	struct app_read_opts ro = {req_query(r, "encoding"), req_query(r, "sheet")};
	enum status rc = app_upload_add(req_app(r), &f, &ro, &u, &res, d);
	rc = answer(r, &u, 1, rc, &res, d);
	if (rc == ST_OK)
		r->status = 201;
	return rc;
}

enum status api_import_get(struct req *r)
{
	struct upload *u;
	struct import_result res;
	struct diag_list *d = req_errs(r);
	enum status rc = upload_own(r, r->params[0], &u);
	if (rc != ST_OK)
		return rc;
	rc = app_upload_check(req_app(r), u, &res, d);
	return answer(r, u, 1, rc, &res, d);
}

enum status api_import_commit(struct req *r)
{
	struct upload *u;
	struct import_result res;
	struct diag_list *d = req_errs(r);
	enum status rc = upload_own(r, r->params[0], &u);
	if (rc != ST_OK)
		return rc;
	enum obs_status status;
	const char *want = req_query(r, "status");
	if (want && !obs_status_parse(want, &status))
		return api_field_error(r, "status", "bad_value", req_t(r, "error.bad_status"));
	rc = upload_commit(r, u, want ? &status : NULL, &res, d);
	if ((rc == ST_INVALID || rc == ST_DENIED) && d->n && d->items[0].field && strcmp(d->items[0].field, "status") == 0)
		return req_app_error(r, rc, NULL, NULL, d); /* the status asked for, not the file */
	return answer(r, u, 0, rc, &res, d);
}

enum status api_import_cancel(struct req *r)
{
	struct upload *u;
	struct diag_list *d = req_errs(r);
	enum status rc = upload_own(r, r->params[0], &u);
	if (rc == ST_OK)
		rc = app_upload_cancel(req_app(r), u, d);
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, d);
	return req_send_json(r, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)u->id, "file", u->file_name, "cancelled", 1));
}
