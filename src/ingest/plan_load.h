/* plan_load.h - read a plan folder (docs/plan-format.md) into a struct plan and check it.
 * Every problem in every file is reported with file, line, column and reason. */
#ifndef INNOMON_INGEST_PLAN_LOAD_H
#define INNOMON_INGEST_PLAN_LOAD_H

#include "base/arena.h"
#include "base/diag.h"
#include "base/status.h"
#include "core/plan.h"

#define PLAN_FILE_MAX_BYTES ((size_t)16 << 20)

/* Read and check the plan in folder dir. On ST_OK *out is a checked plan in arena. On
 * ST_INVALID diags holds every problem (and *out is NULL); ST_IO when a required file cannot
 * be read (also reported in diags). */
enum status plan_load_dir(struct arena *arena, const char *dir, struct plan **out, struct diag_list *diags) WUR;

/* Parse and check a plan from in-memory CSV texts, one per file name (same names as in a
 * folder; NULL text = file absent; rules.csv is optional). Used by plan_load_dir and by the fuzzer. */
struct plan_files {
	const char *plan, *goals, *regions, *units, *actions, *measures, *resps, *indicators, *targets, *rules;
	size_t plan_len, goals_len, regions_len, units_len, actions_len, measures_len, resps_len,
		indicators_len, targets_len, rules_len;
};
enum status plan_parse(struct arena *arena, const char *dir, const struct plan_files *f, struct plan **out,
		       struct diag_list *diags) WUR;

/* Read a whole file into arena memory (NUL-terminated), at most max_bytes. ST_IO when it cannot
 * be read, ST_TOO_LARGE past the cap. */
enum status file_read_all(struct arena *arena, const char *path, size_t max_bytes, char **data, size_t *len) WUR;

#endif
