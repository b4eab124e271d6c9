/* plan.c - checking a plan folder and storing a plan (see plan.h). */
#include <string.h>
#include <strings.h>

#include "app/plan.h"
#include "ingest/plan_load.h"
#include "base/banned.h"

/* Whether path names a workbook (FILE.xlsx) rather than a folder. */
static int is_workbook(const char *path)
{
	size_t n = strlen(path);
	return n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
}

enum status app_plan_check(struct app_ctx *x, const char *dir, struct plan **out, struct diag_list *errs)
{
	enum status rc;
	if (is_workbook(dir)) {
		char *data;
		size_t len;
		rc = file_read_all(x->arena, dir, PLAN_WORKBOOK_MAX_BYTES, &data, &len);
		if (rc == ST_TOO_LARGE)
			diag_add(errs, dir, 0, 0, NULL, "too_large", "the workbook is larger than %zu bytes", PLAN_WORKBOOK_MAX_BYTES);
		else if (rc != ST_OK)
			diag_add(errs, dir, 0, 0, NULL, "unreadable", "cannot read the workbook");
		if (rc != ST_OK)
			return rc == ST_TOO_LARGE ? ST_INVALID : ST_IO;
		rc = plan_parse_xlsx(x->arena, dir, data, len, out, errs);
	} else {
		rc = plan_load_dir(x->arena, dir, out, errs);
	}
	return rc == ST_OK || rc == ST_IO ? rc : ST_INVALID;
}

enum status app_plan_check_continued(struct app_ctx *x, const struct plan *p, struct diag_list *errs)
{
	int any = 0;
	for (size_t i = 0; i < p->n_indicators; i++)
		any |= p->indicators[i].continues != NULL;
	if (!any)
		return ST_OK;
	struct plan_version_row *rows;
	size_t n;
	enum status rc = store_plan_versions(x->store, x->arena, &rows, &n);
	unsigned char *is_found = arena_calloc(x->arena, p->n_indicators + 1, 1);
	for (size_t i = n; rc == ST_OK && i-- > 0;) {
		int seen = strcmp(rows[i].code, p->info.code) == 0;
		for (size_t k = i + 1; k < n && !seen; k++)
			seen = strcmp(rows[k].code, rows[i].code) == 0;
		struct plan *other;
		if (seen || (rc = store_plan_get(x->store, x->arena, rows[i].code, 0, &other)) != ST_OK)
			continue;
		for (size_t k = 0; k < p->n_indicators; k++) {
			const struct indicator *d = &p->indicators[k];
			int j = d->continues ? plan_find_indicator(other, d->continues) : -1;
			if (j >= 0)
				is_found[k] = 1;
			if (j < 0 || strcmp(other->indicators[j].unit_zh, d->unit_zh) == 0)
				continue;
			diag_add(errs, d->pos.file, d->pos.line, 0, "continues", "unit_mismatch",
				 "'%s' continues '%s' of plan '%s', which is in %s, not %s: a series keeps its unit", d->code,
				 d->continues, other->info.code, other->indicators[j].unit_zh, d->unit_zh);
		}
	}
	/* a predecessor may be loaded later, so a series not found yet is said, not refused */
	for (size_t k = 0; rc == ST_OK && k < p->n_indicators; k++)
		if (p->indicators[k].continues && !is_found[k])
			diag_warn(errs, p->indicators[k].pos.file, p->indicators[k].pos.line, 0, "continues", "unknown_series",
				  "'%s' continues '%s', which no other stored plan defines: its charts show this plan's "
				  "figures alone until the plan it continues is loaded",
				  p->indicators[k].code, p->indicators[k].continues);
	return rc;
}

enum status app_plan_save(struct app_ctx *x, struct plan *p, struct plan_save_result *res, struct diag_list *errs)
{
	enum status rc = app_authorize(x, ACT_EDIT_PLAN, NULL, errs);
	if (rc != ST_OK)
		return rc;
	/* every stored version has passed the checks, however it was made */
	if (plan_check(p, errs) != 0 || (rc = app_errors_status(errs)) != ST_OK)
		return ST_INVALID;
	rc = app_plan_check_continued(x, p, errs);
	if (rc != ST_OK)
		return rc;
	if ((rc = app_errors_status(errs)) != ST_OK)
		return rc;
	return store_plan_save(x->store, p, x->who->name, res);
}
