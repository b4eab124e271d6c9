/* imports.h - importing values from a file (CSV in UTF-8 or GBK, or XLSX; checked by
 * ingest/import.h, all or nothing): the upload of the web (kept for its owner only after its dry
 * run passed, its dry run repeated, its commit) and a file imported at once (the CLI). Rights:
 * ACT_WRITE_VALUES with every row in the principal's scope, and the status written as
 * app_value_status_allowed decides. An upload is its owner's and the department's: anyone
 * else is told ST_NOT_FOUND. The commit writes the rows and marks the upload committed in one
 * transaction (a crash leaves both or neither; tests/crash checks it). */
#ifndef INNOMON_APP_IMPORTS_H
#define INNOMON_APP_IMPORTS_H

#include "app/app.h"
#include "ingest/import.h"
#include "store/store.h"

/* Check file f as a dry run (status submitted, as the principal) and keep it as an upload of
 * the principal when it passes. *u: the upload (strings in x->arena; u->id 0 when not kept);
 * a name that is empty or longer than APP_FILE_NAME_MAX_BYTES is kept as "upload". Refusals
 * (nothing kept): an empty file "missing" (field file); ST_TOO_LARGE "too_large" past
 * IMPORT_FILE_MAX_BYTES; every bad row (ST_INVALID); rows outside the scope (ST_DENIED, each
 * "forbidden"). *res: what the dry run found (zeroed first). */
enum status app_upload_add(struct app_ctx *x, const struct app_file *f, const struct app_read_opts *ro, struct upload *u,
			   struct import_result *res, struct diag_list *errs) WUR;

/* Upload id with its content, when the principal may see it (ACT_WRITE_VALUES; its owner or the
 * department), else ST_NOT_FOUND. */
enum status app_upload_get(struct app_ctx *x, long long id, struct upload **out) WUR;

/* The dry run of upload u again, against the store as it is now (status submitted). */
enum status app_upload_check(struct app_ctx *x, const struct upload *u, struct import_result *res,
			     struct diag_list *errs) WUR;

/* Cancel the preview of upload u (the principal's own, not committed): the file is dropped and
 * nothing is imported; audited. ST_NOT_FOUND when u is not the principal's, ST_CONFLICT
 * "already_committed" when it was committed (or cancelled) before or meanwhile. */
enum status app_upload_cancel(struct app_ctx *x, const struct upload *u, struct diag_list *errs) WUR;

/* The status app_upload_commit writes when none is given: submitted, or approved for the
 * department when the four-eyes rule is off (the preview's button says which). */
enum obs_status app_upload_commit_status(struct app_ctx *x);

/* Import upload u for real, checked again against the store as it is now, with status
 * (NULL: submitted, or approved for the department when the four-eyes rule is off
 * (app/values.h); a status given must pass
 * app_value_status_allowed), the rows and the upload's mark in one transaction (an upload
 * that changes nothing is marked alone). ST_CONFLICT "already_committed" when u was committed
 * before (or meanwhile: the write then fails whole), "conflict" when a cell changed meanwhile. */
enum status app_upload_commit(struct app_ctx *x, const struct upload *u, const enum obs_status *status,
			      struct import_result *res, struct diag_list *errs) WUR;

/* Import file f at once with status st (app_value_status_allowed), recorded as the
 * principal's; is_dry_run checks and writes nothing. The refusals of app_upload_add (but no
 * "missing": an empty file has no header, an ST_INVALID of the reader). */
enum status app_values_import(struct app_ctx *x, const struct app_file *f, const struct app_read_opts *ro, enum obs_status st,
			      int is_dry_run, struct import_result *res, struct diag_list *errs) WUR;

#endif
