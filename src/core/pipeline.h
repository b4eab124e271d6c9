/* pipeline.h - the cultivation pipeline: per region, how many firms of the registry qualify
 * under each method for a year, how many are within reach (one condition short, or a total
 * at most near_points short), and how many the registry leaves open (a figure missing, or the
 * experts' points deciding). A firm counts in the region of its row for the year and in every
 * region above it (every parent link), once each. Pure; what a reader may see of the counts is
 * core/firm_access.h's. */
#ifndef INNOMON_CORE_PIPELINE_H
#define INNOMON_CORE_PIPELINE_H

#include "core/eval.h"
#include "core/plan.h"

struct pipeline_row {
	long evaluated;          /* firms with figures for the year */
	long qualifies[FM_N];
	long reach[FM_N];        /* within reach and not qualifying */
	long open[FM_N];         /* FIRM_UNDETERMINED */
};

/* rows[g] for every region g of p (n_regions of them, zeroed here) over firms[0..n) for year;
 * near_points[m] per method. Cannot fail. */
void pipeline_count(const struct plan *p, const struct firm *firms, size_t n, int year, const int *near_points,
		    struct pipeline_row *rows);

/* The column of rows named by what ("evaluated", "qualifies", "reach", "open") for method m,
 * as counts[g] (for firm_counts_shown). Returns 0 for an unknown name. */
int pipeline_column(const struct pipeline_row *rows, size_t n_regions, const char *what, enum firm_method m, long *counts);

#endif
