/* milestones.h - the department's 任务分解表: milestones under measures, read from CSV (UTF-8 or
 * GBK) or XLSX, checked against the plan, and stored in one transaction (all or nothing; every
 * bad row reported with file, line and column). The shipped plan's milestones.csv loads the
 * same way (docs/plan-format.md). */
#ifndef INNOMON_INGEST_MILESTONES_H
#define INNOMON_INGEST_MILESTONES_H

#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/status.h"
#include "core/plan.h"
#include "store/store.h"

struct milestones_opts {
	const char *encoding;  /* CSV: NULL or "auto" = detect; "utf-8", "gbk", "gb18030" */
	const char *sheet;     /* XLSX sheet; NULL = the first */
	int is_dry_run;        /* check only */
};

struct milestones_result {
	const char *format;    /* "csv" or "xlsx" */
	size_t n_rows, n_new, n_changed, n_unchanged;
};

/* Read, check and (unless a dry run) store the milestones in buf[0..len) (named file in
 * messages) for plan p. Columns (Chinese or English headers): code/编号, measure/举措,
 * title_zh/里程碑, title_en/英文名称, owner/责任单位 (code or Chinese name), due_date/完成时限,
 * deliverable_zh/成果形式, indicators/关联指标 (codes or Chinese names, ';'-separated),
 * done_on/完成日期. Rows with a code already stored update it; other stored milestones stay.
 * ST_OK, ST_INVALID (diags), ST_TOO_LARGE, ST_STORE. */
enum status milestones_import(struct store *s, struct arena *a, const struct plan *p, const char *file,
			      const void *buf, size_t len, const struct milestones_opts *opts,
			      struct milestones_result *res, struct diag_list *diags) WUR;

/* Check one milestone against p (an API edit): code, measure, owner (a unit that leads or
 * shares the measure), dates, indicators. Adds diagnostics with field names; returns how many
 * errors. */
size_t milestone_check(const struct plan *p, const struct sup_milestone *m, struct diag_list *diags);

/* The indicator codes of a ';'- (or '；'-) separated list of codes or Chinese names, re-joined
 * with ';' in a: what is stored, however it was typed. NULL and *bad set to the first unknown. */
const char *milestone_indicator_codes(struct arena *a, const struct plan *p, const char *list, const char **bad);

#endif
