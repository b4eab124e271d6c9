/* fuzz_plan.c - libFuzzer target: plan_parse over up to ten CSV texts (plan, goals, regions,
 * units, actions, measures, responsibilities, indicators, targets, rules) cut from the input
 * at NUL bytes; a missing part is a missing file. A plan that passes must keep plan_check's
 * promise that every resolved index points into its array. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/plan_load.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define N_PARTS 10

static int in_range(int i, size_t n)
{
	return i >= 0 && (size_t)i < n;
}

static void check_plan(const struct plan *p, struct arena *a)
{
	for (size_t i = 0; i < p->n_measures; i++)
		if (!in_range(p->measures[i].action, p->n_actions))
			abort();
	for (size_t i = 0; i < p->n_resps; i++)
		if (!in_range(p->resps[i].measure, p->n_measures) || !in_range(p->resps[i].unit, p->n_units))
			abort();
	for (size_t i = 0; i < p->n_targets; i++)
		if (!in_range(p->targets[i].indicator, p->n_indicators) || !in_range(p->targets[i].region, p->n_regions))
			abort();
	for (size_t i = 0; i < p->n_regions; i++)
		for (size_t k = 0; k < p->regions[i].n_parents; k++)
			if (!in_range(p->regions[i].parents[k], p->n_regions))
				abort();
	for (size_t i = 0; i < p->n_indicators; i++) {
		const struct indicator *x = &p->indicators[i];
		if ((x->goal_code && !in_range(x->goal, p->n_goals)) || (x->measure_number && !in_range(x->measure, p->n_measures)))
			abort();
	}
	if (!plan_canonical(p, a))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *parts[N_PARTS] = {0};
	size_t lens[N_PARTS] = {0};
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= size && k < N_PARTS; i++) {
		if (i == size || data[i] == '\0') {
			parts[k] = (const char *)data + start;
			lens[k] = i - start;
			k++;
			start = i + 1;
		}
	}
	struct plan_files f = {
		.plan = parts[0], .goals = parts[1], .regions = parts[2], .units = parts[3], .actions = parts[4],
		.measures = parts[5], .resps = parts[6], .indicators = parts[7], .targets = parts[8], .rules = parts[9],
		.plan_len = lens[0], .goals_len = lens[1], .regions_len = lens[2], .units_len = lens[3],
		.actions_len = lens[4], .measures_len = lens[5], .resps_len = lens[6], .indicators_len = lens[7],
		.targets_len = lens[8], .rules_len = lens[9],
	};
	struct arena *a = arena_new();
	struct diag_list d;
	struct plan *p = NULL;
	diag_init(&d, a);
	enum status st = plan_parse(a, NULL, &f, &p, &d);
	if (st == ST_OK) {
		if (!p || diag_errors(&d) != 0)
			abort();
		check_plan(p, a);
	} else if (p || diag_errors(&d) == 0) {
		abort(); /* a rejected plan says why and yields nothing */
	}
	arena_free(a);
	return 0;
}
