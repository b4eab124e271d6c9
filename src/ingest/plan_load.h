/* plan_load.h - read a plan folder (docs/plan-format.md), or the same plan as one workbook, into
 * a struct plan and check it. Every problem in every file is reported with file (and sheet),
 * line, column and reason. */
#ifndef INNOMON_INGEST_PLAN_LOAD_H
#define INNOMON_INGEST_PLAN_LOAD_H

#include "base/arena.h"
#include "base/diag.h"
#include "base/status.h"
#include "core/plan.h"
#include "ingest/sheet.h"

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

/* Parse and check a plan workbook (docs/plan-format.md, "A plan as a workbook"): one sheet per
 * file of a folder, named in Chinese (规划, 目标, 地区, 责任单位, 行动, 举措, 责任分工, 指标, 目标值,
 * 校验规则) or by the file's stem (plan, goals, ...), the same columns with the same Chinese or
 * English headers. Every problem of every sheet at once, each with the workbook (file), its
 * sheet, row and column; an unknown sheet or one part given twice is an error too. The same
 * readers and checks as a folder: nothing differs but where the rows come from. buf borrowed. */
enum status plan_parse_xlsx(struct arena *arena, const char *file, const void *buf, size_t len, struct plan **out,
			    struct diag_list *diags) WUR;

/* The largest plan workbook read (an upload or a file named on the command line). */
#define PLAN_WORKBOOK_MAX_BYTES ((size_t)16 << 20)

/* The layout of a plan, part by part, in the order of a folder's files: the file name, the
 * workbook sheet's Chinese and English names, and the columns (canonical name, Chinese
 * headers, required). For the template workbook and the docs. */
struct plan_part_layout {
	const char *file;           /* "goals.csv" */
	const char *sheet_zh;       /* "目标" */
	char sheet_en[24];          /* "goals" */
	const struct col_spec *cols;
	size_t n_cols;
	int is_optional;
};
/* Fill out[0..cap) and return the number of parts (at most PLAN_N_PARTS). Static data. */
#define PLAN_N_PARTS 10
size_t plan_layout(struct plan_part_layout *out, size_t cap);

/* Read a whole file into arena memory (NUL-terminated), at most max_bytes. ST_IO when it cannot
 * be read, ST_TOO_LARGE past the cap. */
enum status file_read_all(struct arena *arena, const char *path, size_t max_bytes, char **data, size_t *len) WUR;

#endif
