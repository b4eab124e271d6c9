/* pipeline.c - counting the pipeline (see pipeline.h): every firm evaluated once under every
 * method in a scratch arena, then added to each region its row counts for. Pure. */
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/pipeline.h"
#include "core/registry.h"
#include "base/banned.h"

void pipeline_count(const struct plan *p, const struct firm *firms, size_t n, int year, const int *near_points,
		    struct pipeline_row *rows)
{
	size_t nr = p->n_regions;
	memset(rows, 0, nr * sizeof(*rows));
	if (nr == 0)
		return;
	/* up[r * nr + g]: a firm of region r counts for region g */
	unsigned char *up = xmalloc(nr * nr), *scope = xmalloc(nr);
	for (size_t g = 0; g < nr; g++) {
		reg_region_scope(p, (int)g, scope);
		for (size_t r = 0; r < nr; r++)
			up[r * nr + g] = scope[r];
	}
	struct arena *scratch = arena_new();
	for (size_t i = 0; i < n; i++) {
		const struct firm_year *y = firm_year_of(&firms[i], year);
		if (!y || y->region < 0 || (size_t)y->region >= nr)
			continue;
		struct eval_result res[FM_N];
		firm_evaluate_all(scratch, &firms[i], year, res);
		const unsigned char *to = up + (size_t)y->region * nr;
		for (size_t g = 0; g < nr; g++) {
			if (!to[g])
				continue;
			rows[g].evaluated++;
			for (int m = 0; m < FM_N; m++) {
				rows[g].qualifies[m] += res[m].verdict == FIRM_QUALIFIES;
				rows[g].reach[m] += eval_within_reach(&res[m], near_points[m]);
				rows[g].open[m] += res[m].verdict == FIRM_UNDETERMINED;
			}
		}
		arena_reset(scratch);
	}
	arena_free(scratch);
	free(up);
	free(scope);
}

int pipeline_column(const struct pipeline_row *rows, size_t n_regions, const char *what, enum firm_method m, long *counts)
{
	for (size_t g = 0; g < n_regions; g++) {
		if (strcmp(what, "evaluated") == 0)
			counts[g] = rows[g].evaluated;
		else if (strcmp(what, "qualifies") == 0)
			counts[g] = rows[g].qualifies[m];
		else if (strcmp(what, "reach") == 0)
			counts[g] = rows[g].reach[m];
		else if (strcmp(what, "open") == 0)
			counts[g] = rows[g].open[m];
		else
			return 0;
	}
	return 1;
}
