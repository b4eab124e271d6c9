/* view_registries.h - the view of the registries page (web/page_registries.c): each
 * registry's current records as far as the principal may see them (core/firm_access.h), the
 * count of each, and whether the principal may import a registry file. Also the records the
 * API lists (web/api_registries.c), so that the page and the API count alike. */
#ifndef INNOMON_APP_VIEW_REGISTRIES_H
#define INNOMON_APP_VIEW_REGISTRIES_H

#include "app/app.h"
#include "core/registry.h"

/* The current records of kind the principal may see (ACT_READ_INTERNAL), in x->arena. */
enum status app_registry_records(struct app_ctx *x, enum reg_kind kind, struct reg_record **recs, size_t *n) WUR;

struct registries_view {
	const struct plan *plan;
	enum reg_kind kind;              /* the registry shown */
	size_t counts[REG_N_KINDS];      /* records the principal sees, by kind */
	struct reg_record *recs;         /* those of kind */
	size_t n;
	int may_upload;                  /* ACT_REVIEW_VALUES: the import form */
};
enum status app_registries_view(struct app_ctx *x, enum reg_kind kind, struct registries_view *out) WUR;

#endif
