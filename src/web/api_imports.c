/* api_imports.c - file imports over HTTP: POST /api/v1/imports?name=F[&sheet=S][&encoding=E]
 * with the file as the body answers its dry run (what would change, every row error) and
 * keeps the upload only when the dry run passed (a file with errors, rows outside the caller's
 * scope or past a size limit leaves the store as it was; the page /entry/import likewise); GET
 * /api/v1/imports/ID repeats the dry run; POST .../ID/commit imports it for real, checked
 * again against the store as it is then. */
#include <jansson.h>
#include <sodium.h>
#include <string.h>

#include "base/num.h"
#include "ingest/import.h"
#include "store/store.h"
#include "web/api.h"
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

/* Run the import of an upload (dry or real) as the request's user; counts rows in metrics. */
enum status upload_run(struct req *r, const struct upload *u, int is_dry_run, enum obs_status status,
		       struct import_result *res, struct diag_list *d)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	struct import_opts io = {u->encoding, u->sheet, status, r->principal.name, is_dry_run, &r->principal};
	if (!is_dry_run)
		store_upload_commit_next(r->store, u->id); /* the rows and the mark: one transaction */
	rc = import_values(r->store, r->arena, p, u->file_name, u->content, u->content_len, &io, res, d);
	store_upload_commit_next(r->store, 0);
	struct metrics *m = server_metrics(r->server);
	if (m && !is_dry_run)
		metrics_import_rows(m, rc == ST_OK ? "imported" : "rejected", res->n_rows);
	if (rc == ST_OK && !is_dry_run && res->batch_id == 0)
		rc = store_upload_committed(r->store, u->id, 0); /* nothing to write: the mark alone */
	return rc;
}

/* The answer to a run of u (rc, res and d from upload_run or upload_check) as JSON. */
static enum status answer(struct req *r, const struct upload *u, int is_dry_run, enum status rc,
			  const struct import_result *res0, const struct diag_list *d)
{
	const struct import_result *res = res0;
	long long id = u->id;
	if (rc != ST_OK && rc != ST_INVALID && rc != ST_DENIED && rc != ST_TOO_LARGE) {
		if (rc == ST_CONFLICT)
			req_json_error_full(r, rc, "conflict", store_errmsg(r->store), NULL);
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

/* Run a stored upload and answer it as JSON. */
static enum status run(struct req *r, const struct upload *u, int is_dry_run, enum obs_status status)
{
	struct import_result res;
	struct diag_list d;
	diag_init(&d, r->arena);
	enum status rc = upload_run(r, u, is_dry_run, status, &res, &d);
	return answer(r, u, is_dry_run, rc, &res, &d);
}

/* The upload must be the caller's own, unless the caller is the department. */
enum status upload_own(struct req *r, const char *id_text, struct upload **out)
{
	int64_t id;
	if (!num_parse_int(str_of(id_text), 1, INT64_MAX, &id))
		return ST_NOT_FOUND;
	enum status rc = store_upload_get(r->store, r->arena, id, out);
	if (rc != ST_OK)
		return rc;
	if (!authz_is_department(&r->principal) && (*out)->user_id != r->principal.user_id)
		return ST_NOT_FOUND;
	return ST_OK;
}

/* Fill u for the request's user and check its size; does not store it. */
static enum status upload_prepare(struct req *r, const char *name, const char *sheet, const char *encoding,
				  const void *data, size_t len, struct upload *u)
{
	memset(u, 0, sizeof(*u));
	u->file_name = name && *name && strlen(name) <= 255 ? name : "upload";
	u->sheet = sheet && *sheet ? sheet : NULL;
	u->encoding = encoding && *encoding ? encoding : NULL;
	u->content = data ? data : "";
	u->content_len = len;
	u->created_by = r->principal.name;
	u->user_id = r->principal.user_id;
	if (len == 0)
		return ST_INVALID;
	if (len > IMPORT_FILE_MAX_BYTES)
		return ST_TOO_LARGE;
	unsigned char h[crypto_hash_sha256_BYTES];
	char *hex = arena_alloc(r->arena, 2 * crypto_hash_sha256_BYTES + 1);
	crypto_hash_sha256(h, u->content, len);
	sodium_bin2hex(hex, 2 * crypto_hash_sha256_BYTES + 1, h, sizeof(h));
	u->sha256 = hex;
	return ST_OK;
}

enum status upload_check(struct req *r, const char *name, const char *sheet, const char *encoding, const void *data,
			 size_t len, struct upload *u, struct import_result *res, struct diag_list *d)
{
	memset(res, 0, sizeof(*res));
	enum status rc = upload_prepare(r, name, sheet, encoding, data, len, u);
	if (rc == ST_TOO_LARGE)
		diag_add(d, u->file_name, 0, 0, NULL, "too_large", "the file is larger than %zu bytes", IMPORT_FILE_MAX_BYTES);
	if (rc != ST_OK)
		return rc;
	rc = upload_run(r, u, 1, OBS_SUBMITTED, res, d);
	if (rc == ST_OK)
		rc = store_upload_add(r->store, u, &u->id);
	return rc;
}

enum status api_imports_post(struct req *r)
{
	struct upload u;
	struct import_result res;
	struct diag_list d;
	diag_init(&d, r->arena);
	enum status rc = upload_check(r, req_query(r, "name"), req_query(r, "sheet"), req_query(r, "encoding"), r->body.p,
				      r->body.len, &u, &res, &d);
	if (rc == ST_INVALID && r->body.len == 0)
		return api_field_error(r, "body", "missing", req_t(r, "error.upload_empty"));
	rc = answer(r, &u, 1, rc, &res, &d);
	if (rc == ST_OK)
		r->status = 201;
	return rc;
}

enum status api_import_get(struct req *r)
{
	struct upload *u;
	enum status rc = upload_own(r, r->params[0], &u);
	if (rc != ST_OK)
		return rc;
	return run(r, u, 1, OBS_SUBMITTED);
}

enum status api_import_commit(struct req *r)
{
	struct upload *u;
	enum status rc = upload_own(r, r->params[0], &u);
	if (rc != ST_OK)
		return rc;
	if (u->committed_at) {
		req_json_error_full(r, ST_CONFLICT, "already_committed", req_t(r, "error.already_committed"), NULL);
		return ST_CONFLICT;
	}
	/* reporters submit for review; the department's own imports are approved at once */
	enum obs_status status = authz_is_department(&r->principal) ? OBS_APPROVED : OBS_SUBMITTED;
	const char *want = req_query(r, "status");
	if (want && authz_is_department(&r->principal) &&
	    (!obs_status_parse(want, &status) || status == OBS_RETURNED))
		return api_field_error(r, "status", "bad_value", req_t(r, "error.bad_status"));
	return run(r, u, 0, status);
}
