/* projections.c - reading projections.csv (see projections.h): each row an indicator of the
 * plan and a method of core/eval.h; all rows checked, nothing returned unless all are clean. */
#include <string.h>

#include "base/num.h"
#include "core/eval.h"
#include "ingest/import.h"
#include "ingest/projections.h"
#include "ingest/sheet.h"
#include "base/banned.h"

enum status projections_read(struct arena *a, const struct plan *p, const char *file, const void *buf, size_t len,
			     struct firm_projection **rows, size_t *n, struct diag_list *diags)
{
	*rows = NULL;
	*n = 0;
	struct import_opts io = {NULL, NULL, OBS_APPROVED, "", 1, NULL, NULL};
	struct import_result ir;
	memset(&ir, 0, sizeof(ir));
	struct sheet sh;
	size_t errors = diag_errors(diags);
	enum status rc = import_read_sheet(a, file, buf, len, &io, &ir, &sh, diags);
	if (rc != ST_OK)
		return rc == ST_TOO_LARGE ? rc : ST_INVALID;
	static const char *const a_ind[] = {"指标", NULL}, *const a_met[] = {"评价方法", NULL}, *const a_near[] = {"临近分值", NULL};
	const struct col_spec specs[] = {{"indicator", a_ind, 1}, {"method", a_met, 1}, {"near_points", a_near, 0}};
	int idx[3];
	if (sheet_map_columns(&sh, specs, 3, 1, idx, diags))
		return ST_INVALID;
	struct firm_projection *out = arena_calloc(a, sh.n_rows ? sh.n_rows : 1, sizeof(*out));
	size_t k = 0;
	for (size_t r = 1; r < sh.n_rows; r++) {
		const struct sheet_row *row = &sh.rows[r];
		struct str ind = sheet_cell(row, idx[0]), met = sheet_cell(row, idx[1]), near = sheet_cell(row, idx[2]);
		const char *ind_s = arena_strndup(a, ind.p, ind.len), *met_s = arena_strndup(a, met.p, met.len);
		int i = ind.len ? plan_find_indicator_any(p, ind_s) : -1;
		enum firm_method m;
		int64_t np = PROJECTIONS_NEAR_DEFAULT;
		int ok = 1;
		if (i < 0) {
			sheet_cell_error(&sh, row, idx[0], "indicator", "unknown_indicator",
					 diags, "unknown indicator '%s': give its code or Chinese name as in the plan", ind_s);
			ok = 0;
		}
		if (!firm_method_parse(met_s, &m)) {
			sheet_cell_error(&sh, row, idx[1], "method", "bad_value", diags,
					 "'%s' is not a method: use tsme, innov_sme, hnte, srdi or little_giant", met_s);
			ok = 0;
		}
		if (near.len && !num_parse_int(near, 0, 100, &np)) {
			sheet_cell_error(&sh, row, idx[2], "near_points", "bad_number", diags, "'%.*s' is not a whole number of points 0..100",
					 (int)near.len, near.p);
			ok = 0;
		}
		for (size_t j = 0; ok && j < k; j++)
			if (strcmp(out[j].indicator, p->indicators[i].code) == 0) {
				sheet_cell_error(&sh, row, idx[0], "indicator", "duplicate_key", diags, "indicator '%s' is mapped twice",
						 p->indicators[i].code);
				ok = 0;
			}
		if (ok)
			out[k++] = (struct firm_projection){p->indicators[i].code, firm_method_code(m), (int)np};
	}
	if (diag_errors(diags) > errors)
		return ST_INVALID;
	*rows = out;
	*n = k;
	return ST_OK;
}
