/* firm_access.h - who may see what of the enterprise evaluation: the one place that decides
 * (pages, API, CLI and report all ask here). Firm-level figures and results are for the
 * department (admin, analyst) and for the reporters of the firm's own region (a region
 * reporter's region and every region below it); everyone else sees counts only, and never a
 * count below FIRM_MIN_CELL for a region, nor one that subtracting shown counts would reveal
 * (small-cell suppression). Pure. */
#ifndef INNOMON_CORE_FIRM_ACCESS_H
#define INNOMON_CORE_FIRM_ACCESS_H

#include <stddef.h>

#include "core/authz.h"
#include "core/plan.h"

#define FIRM_MIN_CELL 3

/* Whether p may see the figures and results of a firm in region (plan index; -1 unknown: only
 * the department). */
int firm_may_see(const struct principal *p, const struct plan *plan, int region);
/* Whether p may see any firm at all (the department or a region reporter). */
int firm_may_list(const struct principal *p);

/* Which records of registry kind (a struct reg_record's kind) p may see: every record of an
 * ordinary kind, and of a confidential one (firm-level figures) those whose region
 * firm_may_see allows. Returns 1 when p sees every record of kind (flags untouched), else 0 with
 * flags[g] (one per region of plan) 1 for the regions whose records p sees (a record of a region
 * the plan does not know: none). The store filters the records by these regions. */
int firm_kind_regions(const struct principal *p, const struct plan *plan, int kind, unsigned char *flags);

/* Which of the counts counts[g] (one per region of plan, g < n_regions) p may see: shown[g] 1
 * or 0. A region whose firms p may see is always shown. Any other is hidden when its count is
 * below FIRM_MIN_CELL; then, for every shown region, when the regions directly below it that
 * are hidden (with the firms of the region itself that no child holds) add up to a known number
 * below FIRM_MIN_CELL, one more child (the smallest shown) is hidden, or the region itself,
 * until nothing small can be worked out by subtraction. Cannot fail. */
void firm_counts_shown(const struct principal *p, const struct plan *plan, const long *counts, unsigned char *shown);

#endif
