/* chart_spec.h - the line chart of one assessed target and the series of a region, as pages
 * and reports draw them: one place decides where each point, the target, the required path
 * and the projection sit, so the web and the report cannot disagree. */
#ifndef INNOMON_REPORT_CHART_SPEC_H
#define INNOMON_REPORT_CHART_SPEC_H

#include "base/arena.h"
#include "core/plan.h"
#include "core/series.h"
#include "report/assess.h"
#include "report/chart.h"

/* The points of s as a chart series labelled label: each period at its middle
 * (chart_period_x), the values times factor (fmt_unit_scaled), the periods as the points'
 * names, a predecessor plan's figure (is_continued) noted as such in lang. Memory from a; s
 * and label borrowed. */
struct chart_series chart_series_of(struct arena *a, const struct series *s, const char *label, double factor,
				    enum lang lang);

/* Fill spec (zeroed first) with the chart of row, a target of plan p, in lang: the region's
 * series in the unit of fmt_unit_scaled; the target star at the middle of its year; the required path from the baseline to
 * the target when the target is a level to reach (flat at the target's level when the
 * baseline already meets it, so it never points the wrong way); the projection unless
 * is_final. id, w and h are the caller's; every text comes from the message catalogue.
 * Memory from a. */
void chart_spec_target(struct chart_line_spec *spec, struct arena *a, const struct plan *p, const struct assess_row *row,
		       enum lang lang, int is_final, const char *id, double w, double h);

#endif
