/* view_entry.h - the view of the entry form (web/page_entry.c): which regions the principal
 * may report for, the region and period asked for (the period defaults to last year), and the
 * cells they owe there with each cell's latest value (app_values_owed). The form as typed and
 * the check's findings are the handler's; the import pages' view is the upload's check
 * (app/imports.h) with app_upload_commit_status. */
#ifndef INNOMON_APP_VIEW_ENTRY_H
#define INNOMON_APP_VIEW_ENTRY_H

#include "app/imports.h"
#include "app/owed.h"

struct entry_view {
	const struct plan *plan;
	unsigned char *may_region;  /* per plan region: the principal may report for it (the select) */
	int region;                 /* plan index; -1: every region the principal owes */
	int is_every;               /* the region's every indicator the principal may write, owed or not */
	const char *period;         /* normalised */
	struct app_owed *cells;     /* plan order (region, then indicator) */
	size_t n;
};
/* The form for region (code or name as typed; NULL or "": all), period (NULL or not a period:
 * last year) and every ("1": is_every, with a region only). ST_DENIED when region names one the
 * principal may not report for or none at all; app_values_owed's refusals. */
enum status app_entry_view(struct app_ctx *x, const char *region, const char *period, const char *every,
			   struct entry_view *out, struct diag_list *errs) WUR;

/* An import's check or commit as its page shows it. */
struct import_view {
	const struct plan *plan;
	const struct upload *upload;      /* file_name; id 0 when refused and not kept */
	enum status rc;                   /* the check's or the commit's */
	const struct import_result *res;
	const struct diag_list *diags;
	int is_done;                      /* committed now */
	int commit_approves;              /* the commit writes approved values (app_upload_commit_status) */
};
/* The view of upload u's check or commit (rc, res, diags: what it answered). Cannot fail but for
 * the plan's read. */
enum status app_import_view(struct app_ctx *x, const struct upload *u, enum status rc, const struct import_result *res,
			    const struct diag_list *diags, int is_done, struct import_view *out) WUR;

#endif
