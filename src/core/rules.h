/* rules.h - the plan's validation rules applied to a set of values: per-value rules (range,
 * non-negative, positive integer) and cross-value rules (a sub-region not above its parent
 * for summing indicators; year-on-year jumps). Pure. */
#ifndef INNOMON_CORE_RULES_H
#define INNOMON_CORE_RULES_H

#include <stddef.h>

#include "base/arena.h"
#include "core/obs.h"
#include "core/period.h"
#include "core/plan.h"

struct cell {
	int indicator, region;       /* indexes into the plan */
	struct period period;
	double value;
	enum obs_qualifier qualifier;
	int is_new;                  /* part of the batch being checked */
	long ref;                    /* the caller's reference (row number, observation id) */
};

#define VIOLATION_MESSAGE_MAX 200

struct violation {
	int rule;          /* index into plan.rules */
	size_t cell;       /* the offending cell */
	size_t other;      /* the parent or previous-year cell, or (size_t)-1 */
	int is_warning;
	char message[VIOLATION_MESSAGE_MAX]; /* English sentence, e.g. "value -5 is below the minimum 0" */
};

/* Order of cells by (indicator, region, period kind, year, sub); 0 means the same cell. */
int cell_key_cmp(const struct cell *a, const struct cell *b);

/* Check cells[0..n) against every rule of p. With only_new, a violation is kept only when one
 * of its cells is new (an import is not blamed for what is already stored). Violations go to
 * out[0..cap); the return value counts all of them (it may exceed cap). scratch holds the
 * lookup index. */
size_t rules_check(const struct plan *p, const struct cell *cells, size_t n, int only_new, struct arena *scratch,
		   struct violation *out, size_t cap);

#endif
