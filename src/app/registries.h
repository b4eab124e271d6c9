/* registries.h - the operations on the registries (microdata: enterprises, contracts, patents,
 * platforms, talents, firms) and what is computed from them: a registry file imported all or
 * nothing (ingest/registries.h) with the derived indicators kept current in its transaction, the recompute alone, and the projections of enterprise evaluation (which
 * indicator each method's registry count stands beside: ingest/projections.h). Rights:
 *   ACT_REVIEW_VALUES  import a registry, recompute (the derived values are written approved)
 *   ACT_EDIT_PLAN      replace the projections
 * The store audits every write (registry.import, values.write, projections.replace). */
#ifndef INNOMON_APP_REGISTRIES_H
#define INNOMON_APP_REGISTRIES_H

#include "app/app.h"
#include "ingest/registries.h"

struct app_registry_result {
	struct registry_import_result import; /* what the file held and what changed */
	int is_recomputed;       /* records changed, so the derived indicators were recomputed */
	enum status derived_status; /* the recompute's: ST_OK, or why it failed (the records stay
	                         * stored: a later recompute catches up) */
	const char *derived_error;  /* its message when it failed (x->arena), else NULL */
	struct registry_recompute_result derived; /* what it changed */
};

/* Import the registry file f of kind (read as ro says: NULL detects) against the current plan,
 * recorded as the principal's; is_dry_run checks and says what would change. When records
 * changed, the derived values of the regions and years they touch followed in the import's own
 * transaction (res->derived; derived_status ST_OK: a failure there fails the import). Refusals:
 * every bad row (ST_INVALID, each with line, column, field, code), ST_TOO_LARGE "too_large";
 * errors the caller listed first turn it into a dry run whose findings join them. Warnings of
 * the recompute (indicators it cannot compute) stay in errs. */
enum status app_registry_import(struct app_ctx *x, enum reg_kind kind, const struct app_file *f, const struct app_read_opts *ro,
				int is_dry_run, struct app_registry_result *res, struct diag_list *errs) WUR;

/* Recompute every derived indicator of the current plan from the registries up to the last year
 * that has ended (is_dry_run: say what would change, write nothing). ST_STORE and the like
 * when it fails: nothing was written; warnings in errs. */
enum status app_registry_recompute(struct app_ctx *x, int is_dry_run, struct registry_recompute_result *res,
				   struct diag_list *errs) WUR;

/* Replace the projections by those of file f (CSV or XLSX, checked against the current plan:
 * every problem listed, ST_INVALID, nothing written); *n the number stored. Identical ones
 * change nothing. */
enum status app_projections_load(struct app_ctx *x, const struct app_file *f, size_t *n, struct diag_list *errs) WUR;

#endif
