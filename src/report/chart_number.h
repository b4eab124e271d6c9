/* chart_number.h - number formatting shared by the chart drawers (chart.c); chart.h's
 * chart_format_compact is the public face of it. */
#ifndef INNOMON_REPORT_CHART_NUMBER_H
#define INNOMON_REPORT_CHART_NUMBER_H

#include <stddef.h>

#include "report/i18n.h"

struct chart_unit_step {
	double div;
	const char *suffix;
};

/* v with `decimals` places (0..6), thousands grouped with ',', trailing zeros trimmed when
 * is_trim, never "-0". Truncated (still NUL-terminated) past cap. */
void chart_format_grouped(char *out, size_t cap, double v, int decimals, int is_trim);
/* Decimals for a compact number of magnitude a: 0 from 1,000, 2 from 1, else 3 significant. */
int chart_compact_decimals(double a);
/* The compact units of lang, largest first (亿, 万 / T, B, M, k). */
const struct chart_unit_step *chart_units_of(enum lang lang, size_t *n);

#endif
