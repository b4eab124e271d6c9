/* chart_number.c - the numbers on charts: thousands grouped, 万/亿 (k/M/B/T in English) compact
 * labels that move up a unit when they round into it, and the decimals a magnitude needs. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/chart.h"
#include "report/chart_number.h"
#include "base/banned.h"

#define LABEL_CAP 64

/* v with `decimals` places (0..6), thousands grouped with ',', trailing zeros trimmed when
 * is_trim, never "-0". Truncated (still NUL-terminated) past cap. */
void chart_format_grouped(char *out, size_t cap, double v, int decimals, int is_trim)
{
	char raw[400];
	decimals = decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
	snprintf(raw, sizeof(raw), "%.*f", decimals, v);
	if (is_trim && strchr(raw, '.')) {
		size_t n = strlen(raw);
		while (n > 0 && raw[n - 1] == '0')
			raw[--n] = '\0';
		if (n > 0 && raw[n - 1] == '.')
			raw[--n] = '\0';
	}
	const char *s = raw;
	if (*s == '-' && strspn(s + 1, "0.") == strlen(s + 1))
		s++; /* "-0", "-0.00" */
	size_t o = 0;
	if (*s == '-' && o + 1 < cap)
		out[o++] = *s++;
	const char *dot = strchr(s, '.');
	size_t int_len = dot ? (size_t)(dot - s) : strlen(s);
	for (size_t i = 0; i < int_len && o + 2 < cap; i++) {
		if (i && (int_len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = s[i];
	}
	for (const char *p = dot; p && *p && o + 1 < cap; p++)
		out[o++] = *p;
	out[o] = '\0';
}

/* Decimals for a compact number of magnitude a: 0 from 1,000, 2 from 1, else 3 significant. */
int chart_compact_decimals(double a)
{
	if (!isfinite(a) || a >= 1000 || a == 0)
		return 0;
	if (a >= 1)
		return 2;
	int d = 2 - (int)floor(log10(a));
	return d > 6 ? 6 : d;
}

static const struct chart_unit_step zh_units[] = {{1e8, "亿"}, {1e4, "万"}};
static const struct chart_unit_step en_units[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};

const struct chart_unit_step *chart_units_of(enum lang lang, size_t *n)
{
	if (lang == LANG_EN) {
		*n = sizeof(en_units) / sizeof(en_units[0]);
		return en_units;
	}
	*n = sizeof(zh_units) / sizeof(zh_units[0]);
	return zh_units;
}

static void format_compact(char *out, size_t cap, enum lang lang, double v)
{
	if (!isfinite(v)) {
		snprintf(out, cap, "%s", "–");
		return;
	}
	size_t n_units;
	const struct chart_unit_step *u = chart_units_of(lang, &n_units);
	double a = fabs(v);
	size_t k = n_units; /* the unit in use; n_units: none */
	for (size_t i = 0; i < n_units && k == n_units; i++)
		if (a >= u[i].div)
			k = i;
	/* A number that rounds up to the next unit moves there: 99,999,999 reads "1亿",
	 * not "10,000万"; 9,999.999 reads "1万". */
	double div = k < n_units ? u[k].div : 1;
	int d = chart_compact_decimals(a / div);
	double p = pow(10, d);
	if (k > 0 && round(a / div * p) / p >= (k < n_units ? u[k - 1].div : u[n_units - 1].div) / div) {
		k = k < n_units ? k - 1 : n_units - 1;
		div = u[k].div;
		d = chart_compact_decimals(a / div);
	}
	char num[LABEL_CAP];
	chart_format_grouped(num, sizeof(num), v / div, d, 1);
	snprintf(out, cap, "%s%s", num, k < n_units ? u[k].suffix : "");
}

void chart_format_compact(struct buf *b, enum lang lang, double v)
{
	char s[LABEL_CAP];
	format_compact(s, sizeof(s), lang, v);
	bw(b, s);
}
