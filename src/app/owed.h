/* owed.h - what a person owes: the cells (indicator x region) of a period they are expected to
 * report, for the entry form (web/page_entry.c) and its downloadable template. */
#ifndef INNOMON_APP_OWED_H
#define INNOMON_APP_OWED_H

#include "app/app.h"
#include "base/buf.h"

/* One cell owed: indexes into the plan, and the newest revision of the cell in the period the
 * principal may see (NULL when none). */
struct app_owed {
	int indicator, region;
	const struct obs *latest;
};

/* The cells of period the principal owes, in plan order (region, then indicator): a reported
 * indicator the principal may write in the region (authz ACT_WRITE_VALUES on its owner and the
 * region), where the plan sets a target for it in that region or in a region the region adds
 * up into (a summed indicator's parts: a city owes its share of the metro area's target).
 * region >= 0 keeps that region's cells only; with is_every, that region's every indicator the
 * principal may write, owed or not. *rows in x's arena. ST_DENIED (nothing listed) without
 * ACT_WRITE_VALUES anywhere; the store's error. */
enum status app_values_owed(struct app_ctx *x, const struct plan *p, int region, const char *period, int is_every,
			    struct app_owed **rows, size_t *n, struct diag_list *errs) WUR;

/* The template of rows (an .xlsx workbook into out): one row per cell, the indicator and region
 * by the name that finds them again (core/names.c; the code when a name would not), the period,
 * an empty value and source, the indicator's unit; headers and names in Chinese, or English
 * with is_en. Imported back as it is after values are filled in (rows left empty are skipped:
 * ingest/import.c). ST_IO when the workbook cannot be written. */
enum status app_owed_template(struct app_ctx *x, const struct plan *p, const struct app_owed *rows, size_t n,
			      const char *period, int is_en, struct buf *out) WUR;

#endif
