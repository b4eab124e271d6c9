/* imports.c - uploads, their dry runs and commits, and files imported at once (see imports.h).
 * The file's checks are the import's (ingest/import.c); decided here: who imports which status,
 * whose upload is whose, and that a commit's rows and its mark are one transaction. */
#include <string.h>

#include "app/imports.h"
#include "app/values.h"
#include "ingest/source.h"
#include "base/banned.h"

static const char *blank_to_null(const char *s)
{
	return s && *s ? s : NULL;
}

/* One pass of the import over the file: streamed from src when there is one, else from memory. */
static enum status import_once(struct app_ctx *x, const struct plan *p, const char *name, const void *data, size_t len,
			       struct byte_source *src, const struct import_opts *io, struct import_result *res,
			       struct diag_list *errs)
{
	if (src)
		return import_values_source(x->store, x->arena, p, src, io, res, errs);
	return import_values(x->store, x->arena, p, name, data, len, io, res, errs);
}

/* Import data (named name) with status st as the principal; a dry run when asked or when errs
 * already holds an error (then ST_INVALID: every problem listed, nothing written). A race with
 * another writer is listed: "conflict". */
static enum status run(struct app_ctx *x, const char *name, const void *data, size_t len, struct byte_source *src,
		       const char *encoding, const char *sheet, enum obs_status st, int is_dry_run, struct import_result *res,
		       struct diag_list *errs)
{
	const struct plan *p;
	memset(res, 0, sizeof(*res));
	enum status rc = app_plan(x, &p);
	if (rc != ST_OK)
		return rc;
	int has_errors = app_errors_status(errs) != ST_OK;
	struct import_opts io = {blank_to_null(encoding), blank_to_null(sheet), st, x->who->name, is_dry_run || has_errors, x->who, NULL};
	if (!io.is_dry_run && (st == OBS_APPROVED || st == OBS_PUBLISHED) && !app_four_eyes_is_off(x)) {
		/* the four-eyes rule per plan: which indicators the file holds is known once it is read */
		io.is_dry_run = 1;
		rc = import_once(x, p, name, data, len, src, &io, res, errs);
		if (rc == ST_OK)
			rc = app_four_eyes_check_write(x, st, res, errs);
		if (rc == ST_OK && src && source_rewind(src) != ST_OK)
			rc = app_refuse(errs, ST_IO, NULL, "io", NULL, "%s could not be read again", name);
		if (rc != ST_OK)
			return rc;
		memset(res, 0, sizeof(*res));
		io.is_dry_run = 0;
	}
	rc = import_once(x, p, name, data, len, src, &io, res, errs);
	if (rc == ST_CONFLICT)
		return app_refuse(errs, rc, NULL, "conflict", NULL, "%s", store_errmsg(x->store));
	return rc == ST_OK && has_errors ? ST_INVALID : rc;
}

/* Whether the principal may see upload u: its owner, or the department. */
static int is_own(const struct app_ctx *x, const struct upload *u)
{
	return authz_is_department(x->who) || (x->who->user_id && u->user_id == x->who->user_id);
}

enum status app_upload_add(struct app_ctx *x, const struct app_file *f, const struct app_read_opts *ro, struct upload *u,
			   struct import_result *res, struct diag_list *errs)
{
	memset(u, 0, sizeof(*u));
	memset(res, 0, sizeof(*res));
	enum status rc = app_authorize_any(x, ACT_WRITE_VALUES, errs);
	if (rc != ST_OK)
		return rc;
	size_t name_len = f->name ? strlen(f->name) : 0;
	u->file_name = name_len && name_len <= APP_FILE_NAME_MAX_BYTES ? f->name : "upload";
	u->sheet = blank_to_null(ro ? ro->sheet : NULL);
	u->encoding = blank_to_null(ro ? ro->encoding : NULL);
	u->content = f->data ? f->data : "";
	u->content_len = f->len;
	u->created_by = x->who->name;
	u->user_id = x->who->user_id;
	if (f->len == 0)
		return app_refuse(errs, ST_INVALID, "file", "missing", "error.upload_empty", "the uploaded file is empty");
	/* an upload is kept whole in the store until it is committed: it has a cap (a file on disk
	 * streams through app_values_import, whatever its size) */
	if (f->len > IMPORT_FILE_MAX_BYTES)
		return app_refuse(errs, ST_TOO_LARGE, "file", "too_large", NULL, "the file is larger than %zu bytes",
				  IMPORT_FILE_MAX_BYTES);
	rc = run(x, u->file_name, u->content, u->content_len, NULL, u->encoding, u->sheet, OBS_SUBMITTED, 1, res, errs);
	if (rc != ST_OK)
		return rc;
	u->sha256 = res->file_sha256;
	return store_upload_add(x->store, u, &u->id);
}

enum status app_upload_get(struct app_ctx *x, long long id, struct upload **out)
{
	*out = NULL;
	enum status rc = app_authorize_any(x, ACT_WRITE_VALUES, NULL);
	if (rc != ST_OK)
		return rc;
	struct upload *u;
	rc = store_upload_get(x->store, x->arena, id, &u);
	if (rc != ST_OK)
		return rc;
	if (!is_own(x, u))
		return ST_NOT_FOUND;
	*out = u;
	return ST_OK;
}

enum status app_upload_check(struct app_ctx *x, const struct upload *u, struct import_result *res, struct diag_list *errs)
{
	memset(res, 0, sizeof(*res));
	enum status rc = app_authorize_any(x, ACT_WRITE_VALUES, errs);
	if (rc != ST_OK)
		return rc;
	if (!is_own(x, u))
		return ST_NOT_FOUND;
	return run(x, u->file_name, u->content, u->content_len, NULL, u->encoding, u->sheet, OBS_SUBMITTED, 1, res, errs);
}

enum status app_upload_cancel(struct app_ctx *x, const struct upload *u, struct diag_list *errs)
{
	enum status rc = app_authorize_any(x, ACT_WRITE_VALUES, errs);
	if (rc != ST_OK)
		return rc;
	if (!is_own(x, u))
		return ST_NOT_FOUND;
	if (!u->committed_at && (rc = store_upload_cancel(x->store, u->id)) != ST_CONFLICT)
		return rc;
	return app_refuse(errs, ST_CONFLICT, NULL, "already_committed", "error.already_committed",
			  "upload %lld was imported already", u->id);
}

enum obs_status app_upload_commit_status(struct app_ctx *x)
{
	/* reporters submit for review; the department's own imports wait for a second person too,
	 * unless the four-eyes rule is off (then they are approved at once) */
	return authz_is_department(x->who) && app_four_eyes_is_off(x) ? OBS_APPROVED : OBS_SUBMITTED;
}

enum status app_upload_commit(struct app_ctx *x, const struct upload *u, const enum obs_status *status,
			      struct import_result *res, struct diag_list *errs)
{
	memset(res, 0, sizeof(*res));
	enum obs_status st = status ? *status : app_upload_commit_status(x);
	enum status rc = app_value_status_allowed(x, st, errs);
	if (rc != ST_OK)
		return rc;
	if (!is_own(x, u))
		return ST_NOT_FOUND;
	if (u->committed_at)
		return app_refuse(errs, ST_CONFLICT, NULL, "already_committed", "error.already_committed",
				  "upload %lld was imported already", u->id);
	if ((rc = app_errors_status(errs)) != ST_OK)
		return rc;
	store_upload_commit_next(x->store, u->id); /* the rows and the mark: one transaction */
	rc = run(x, u->file_name, u->content, u->content_len, NULL, u->encoding, u->sheet, st, 0, res, errs);
	store_upload_commit_next(x->store, 0);
	if (rc == ST_OK && res->batch_id == 0) {
		rc = store_upload_committed(x->store, u->id, 0); /* nothing to write: the mark alone */
		if (rc == ST_CONFLICT)
			return app_refuse(errs, rc, NULL, "already_committed", "error.already_committed",
					  "upload %lld was imported already", u->id);
	}
	return rc;
}

enum status app_values_import(struct app_ctx *x, const struct app_file *f, const struct app_read_opts *ro, enum obs_status st,
			      int is_dry_run, struct import_result *res, struct diag_list *errs)
{
	memset(res, 0, sizeof(*res));
	enum status rc = app_value_status_allowed(x, st, errs);
	if (rc != ST_OK)
		return rc;
	return run(x, f->name, f->data ? f->data : "", f->len, f->src, ro ? ro->encoding : NULL, ro ? ro->sheet : NULL, st,
		   is_dry_run, res, errs);
}
