/* derived.h - the values of derived indicators (core/derive.h) kept current from the
 * registries. For every annual derived indicator the store keeps totals per aggregate, region
 * and year (store.h, derived_*): an import notes each record it writes (derived_note) and,
 * before it commits, derived_apply adds what those records change to the totals of exactly
 * the regions and years they count in, and writes the values that changed as revisions, in the
 * import's own transaction: the dashboard is current when the import commits, at a cost that
 * grows with the import. When the totals cannot be trusted to follow (no totals yet, a changed
 * definition or region tree, a span of years that grows), the indicator is computed again from
 * the records: one scan per registry, its columns read into compact rows and aggregated in one
 * pass. derived_recompute does that for every indicator; both ways give the same values, to the
 * bit (sums add whole millionths). */
#ifndef INNOMON_INGEST_DERIVED_H
#define INNOMON_INGEST_DERIVED_H

#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/status.h"
#include "core/plan.h"
#include "core/registry.h"

struct store;
struct registry_recompute_result;

/* The prefix of the source of every value computed from a registry (then the definition). */
#define DERIVED_SOURCE_PREFIX "registry: "

struct derived;

/* The derived indicators of p that read a registry of kind_mask (bit 1u << kind), with their
 * stored state; warnings in diags for a derived indicator without a definition or not annual,
 * an error for a definition that does not parse. max_year: the last year computed (the last
 * ended year). Memory in a. ST_OK or ST_STORE. */
enum status derived_open(struct store *s, struct arena *a, const struct plan *p, int max_year, unsigned kind_mask,
			 struct derived **out, struct diag_list *diags) WUR;

/* A record of kind written in the open transaction: old (NULL for a new key) replaced by new_.
 * Its regions are resolved against the plan. ST_OK; cannot fail otherwise. */
enum status derived_note(struct derived *dv, enum reg_kind kind, const struct reg_record *old, const struct reg_record *new_) WUR;

/* Bring every indicator up to date in the open transaction: incrementally where its totals
 * allow, else computed from the records (all of them when is_full); the values that changed
 * written as approved revisions (source DERIVED_SOURCE_PREFIX + definition, one audit event
 * "registry.recompute" by who). res says what was computed and written (its cells listed).
 * ST_OK, ST_TOO_LARGE (a total past 64 bits, with a diagnostic), ST_CONFLICT or ST_STORE. */
enum status derived_apply(struct derived *dv, const char *who, int is_full, struct registry_recompute_result *res) WUR;

#endif
