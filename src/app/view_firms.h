/* view_firms.h - the views of enterprise evaluation in the browser (web/page_firms.c, docs/
 * firms.md): the pipeline's projection model as the principal may see it, the projection
 * section of an indicator page, the list of firms the principal may see with each one's tier
 * and verdicts, and one firm's evaluation. Who sees which firm and which count is
 * core/firm_access's rule, applied here (report/firms.h). */
#ifndef INNOMON_APP_VIEW_FIRMS_H
#define INNOMON_APP_VIEW_FIRMS_H

#include "app/app.h"
#include "core/eval.h"
#include "core/obs.h"
#include "report/firms.h"

struct pipeline_view {
	const struct plan *plan;
	int has_registry;              /* 0: the registry holds no firm (fp empty) */
	struct firm_projections fp;    /* counts as the principal may see them */
	int may_list;                  /* the principal may list firms (/firms) */
};
/* /pipeline for year (0: the registry's latest), reported figures read as the principal may
 * (app_reader_of). */
enum status app_pipeline_view(struct app_ctx *x, int year, struct pipeline_view *out) WUR;

struct projection_section_view {
	int is_mapped;                 /* the projections mapping names the indicator: show the section */
	enum status built;             /* ST_OK: fp holds the model; ST_NOT_FOUND: no registry; else failed */
	struct firm_projections fp;
};
/* The section on the page of indicator ind (a plan index). Cannot fail: a store error shows as
 * nothing (is_mapped 0) or as built != ST_OK. */
void app_projection_section_view(struct app_ctx *x, int ind, struct projection_section_view *out);

struct firm_list_row {
	const struct firm *firm;
	int region;                    /* plan index of the year's region */
	int tier;
	enum firm_verdict verdict[FM_N];
};
struct firms_view {
	const struct plan *plan;
	int year;                      /* asked, else the registry's latest */
	int region;                    /* plan index, -1 all */
	size_t page;                   /* from 1 */
	size_t per_page;
	size_t seen;                   /* firms the principal may see in year and region */
	struct firm_list_row *rows;    /* those of page */
	size_t n_rows;
};
/* /firms: ST_DENIED when the principal may list no firm (firm_may_list). */
enum status app_firms_view(struct app_ctx *x, int year, int region, size_t page, size_t per_page, struct firms_view *out) WUR;

struct firm_view {
	const struct plan *plan;
	const struct firm *firm;
	int year;                      /* of the figures shown */
	int region;                    /* plan index */
	struct eval_result res[FM_N];
	int tier;
	unsigned next;                 /* bit m: method m is the next tier */
};
/* /firms/CODE for year (0: its latest): firms_open's answer (ST_DENIED outside the principal's
 * scope, ST_NOT_FOUND). */
enum status app_firm_view(struct app_ctx *x, const char *code, int year, struct firm_view *out) WUR;

#endif
