/* registry_json.h - registry records as JSON, the one shape shared by `innomon registry list
 * --json` and GET /api/v1/registries/KIND: an object per record with each field by its name
 * (text or null), then revision, created_at and created_by. */
#ifndef INNOMON_REPORT_REGISTRY_JSON_H
#define INNOMON_REPORT_REGISTRY_JSON_H

#include <jansson.h>

#include "core/registry.h"

/* The records of kind k in recs[0..n) as a new JSON array (caller owns it); region >= 0 keeps
 * only the records of that region and the regions below it (reg_region_scope), -1 keeps all.
 * *n_shown (may be NULL) gets how many were kept. Cannot fail (aborts on OOM). */
json_t *registry_records_json(const struct plan *p, enum reg_kind k, const struct reg_record *recs, size_t n, int region,
			      size_t *n_shown);

/* Whether record rec of kind k lies in the region scope flags (reg_region_scope); flags NULL
 * keeps every record. */
int registry_record_in_scope(const struct plan *p, enum reg_kind k, const struct reg_record *rec, const unsigned char *flags);

#endif
