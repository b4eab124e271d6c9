/* report_doc_firms.c - the evaluation report's projection from the firms registry: beside the
 * targets of every indicator mapped to an evaluation method, the count of firms the registry
 * says qualify, are within reach or are open, clearly labelled a projection (not a recognition)
 * and with the public's small-cell suppression. */
#include "report/firms.h"
#include "report/report_doc_int.h"
#include "base/banned.h"

static void count(const struct docb *b, struct doc_cell *c, struct shown_count v)
{
	if (v.is_shown)
		cell_count(b, c, (size_t)v.value);
	else
		cell_text(c, "<3");
}

void db_firm_projections(struct docb *b)
{
	const struct firm_projections *fp = b->ev->firms;
	static const char *const heads[] = {"col.indicator", "col.region", "firm.col_method", "col.target", "firm.col_reported",
					    "firm.col_qualifies", "firm.col_reach", "firm.col_open"};
	static const double widths[] = {26, 10, 14, 14, 12, 8, 8, 8};
	static const int numeric[] = {0, 0, 0, 0, 1, 1, 1, 1};
	if (!fp)
		return;
	db_heading(b, 2, db_t(b, "firm.report_title"));
	const char *names[] = {"year", "firms", "min", "near"};
	const char *values[] = {db_printf(b, "%d", fp->year), db_printf(b, "%zu", fp->n_firms), db_printf(b, "%d", 3),
				db_printf(b, "%d", fp->near_points[FM_HNTE])};
	db_para(b, db_fill(b, "firm.report_intro", names, values, 4));
	struct doc_table *t = db_table(b, db_t(b, "firm.report_sheet"), db_t(b, "firm.report_caption"), 8, fp->n_proj, heads, widths,
				       numeric);
	for (size_t i = 0; i < fp->n_proj; i++) {
		const struct projection_row *r = &fp->proj[i];
		const struct indicator *ind = &b->p->indicators[r->indicator];
		cell_text(db_cell(t, i, 0), db_ind_name(b, r->indicator));
		cell_text(db_cell(t, i, 1), db_region_name(b, r->region));
		cell_text(db_cell(t, i, 2), firm_method_name(r->method, b->lang == LANG_EN));
		cell_text(db_cell(t, i, 3), db_target_year(b, r->target));
		if (r->has_reported)
			cell_value(b, db_cell(t, i, 4), r->reported, QUAL_EXACT, ind, 0);
		else
			cell_empty(db_cell(t, i, 4));
		count(b, db_cell(t, i, 5), r->qualifies);
		count(b, db_cell(t, i, 6), r->reach);
		count(b, db_cell(t, i, 7), r->open);
	}
	db_note(b, db_t(b, "firm.report_note"), NULL);
}
