/* view_registries.h - the view of the registries page (web/page_registries.c): a page of each
 * registry's current records as far as the principal may see them (core/firm_access.h), the
 * count of each, and whether the principal may import a registry file. Also the records the
 * API lists (web/api_registries.c), so that the page and the API count alike. The store
 * filters, orders and cuts the records: a request holds one page, whatever the registry's size. */
#ifndef INNOMON_APP_VIEW_REGISTRIES_H
#define INNOMON_APP_VIEW_REGISTRIES_H

#include "app/app.h"
#include "core/registry.h"

/* Records on a page of the registries page. */
#define REGISTRY_PAGE 200u

/* The current records of kind the principal may see (ACT_READ_INTERNAL), of region's scope
 * (a plan region index and every region below it; -1: every region), in key order: limit of
 * them (0: none, only the count) from the offset-th, in x->arena; *total (may be NULL) how many in
 * all. */
enum status app_registry_page(struct app_ctx *x, enum reg_kind kind, int region, size_t offset, size_t limit,
			      struct reg_record **recs, size_t *n, size_t *total) WUR;

struct registries_view {
	const struct plan *plan;
	enum reg_kind kind;              /* the registry shown */
	size_t counts[REG_N_KINDS];      /* records the principal sees, by kind */
	int region;                      /* the records shown are of this region's scope (-1: all) */
	struct reg_record *recs;         /* a page of those of kind */
	size_t n;
	size_t total;                    /* how many of kind in the region's scope */
	size_t page, pages;              /* the page shown (from 1; past the end: the last), and how many */
	int may_upload;                  /* ACT_REVIEW_VALUES: the import form */
};
/* The registries page's view: kind's records of region's scope (-1: all), page (from 1) of
 * them. */
enum status app_registries_view(struct app_ctx *x, enum reg_kind kind, int region, size_t page,
				struct registries_view *out) WUR;

#endif
