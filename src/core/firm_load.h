/* firm_load.h - firms from registry records (the `firms` kind, core/registry.h) for the
 * evaluation methods (core/eval.h). Pure. */
#ifndef INNOMON_CORE_FIRM_LOAD_H
#define INNOMON_CORE_FIRM_LOAD_H

#include "core/firm.h"
#include "core/plan.h"
#include "core/registry.h"

/* Group firm-year records rows[0..n) (kind REG_FIRMS, any order) into firms sorted by credit
 * code, years ascending; certificates from enterprise records ent[0..n_ent) (may be NULL) are
 * attached by code. Regions resolve through p (or the records' region when set). Everything in
 * arena a; records are borrowed. Returns the number of firms. Cannot fail. */
size_t firm_load(struct arena *a, const struct plan *p, const struct reg_record *rows, size_t n, const struct reg_record *ent,
		 size_t n_ent, struct firm **out);
/* One record into y (unknown text reads as unknown). */
void firm_year_from_record(const struct plan *p, const struct reg_record *r, struct firm_year *y);
#define FIRM_FIGURE_MAX 1e10 /* larger figures read as unknown */

/* A figure's text as an exact number: 万元 to yuan (is_wan), a percent to 1/10000 (is_pct), else
 * a whole count; FIRM_NA when it is not a number. */
int64_t firm_parse_figure(const char *text, int is_wan, int is_pct);
/* The firm with credit code code in firms[0..n) (as firm_load sorts them), or NULL. */
const struct firm *firm_find(const struct firm *firms, size_t n, const char *code);

#endif
