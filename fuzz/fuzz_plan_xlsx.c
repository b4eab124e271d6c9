/* fuzz_plan_xlsx.c - libFuzzer target: plan_parse_xlsx over the input bytes as a plan workbook
 * (one sheet per part of a plan, docs/plan-format.md). Besides the sanitizers it checks the
 * loader's promises: a rejected workbook says why and yields no plan; a plan that passes has no
 * error and every resolved index inside its array; every diagnostic names the workbook, never a
 * part's internal label. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/plan_load.h"
#include "ingest/xlsx.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int in_range(int i, size_t n)
{
	return i >= 0 && (size_t)i < n;
}

static void check_plan(const struct plan *p)
{
	for (size_t i = 0; i < p->n_measures; i++)
		if (!in_range(p->measures[i].action, p->n_actions))
			abort();
	for (size_t i = 0; i < p->n_targets; i++)
		if (!in_range(p->targets[i].indicator, p->n_indicators) || !in_range(p->targets[i].region, p->n_regions))
			abort();
	for (size_t i = 0; i < p->n_resps; i++)
		if (!in_range(p->resps[i].measure, p->n_measures) || !in_range(p->resps[i].unit, p->n_units))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int is_ready;
	if (!is_ready) {
		xlsx_global_init();
		is_ready = 1;
	}
	struct arena *a = arena_new();
	struct diag_list d;
	struct plan *p = NULL;
	diag_init(&d, a);
	enum status st = plan_parse_xlsx(a, "fuzz.xlsx", data, size, &p, &d);
	if (st == ST_OK) {
		if (!p || diag_errors(&d) != 0)
			abort();
		check_plan(p);
	} else if (p || diag_errors(&d) == 0) {
		abort(); /* a rejected workbook says why and yields nothing */
	}
	for (size_t i = 0; i < d.n; i++)
		if (d.items[i].file && strcmp(d.items[i].file, "fuzz.xlsx") != 0)
			abort();
	arena_free(a);
	return 0;
}
