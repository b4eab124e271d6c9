/* period.h - reporting periods: a year "2024", a quarter "2024Q3" or a month "2024-07".
 * Parse, print, start/end dates, containment, next/previous, and a position on the time axis.
 * Pure. */
#ifndef INNOMON_CORE_PERIOD_H
#define INNOMON_CORE_PERIOD_H

#include <stddef.h>

enum period_kind { PERIOD_YEAR, PERIOD_QUARTER, PERIOD_MONTH };

struct period {
	int year;              /* 1900..2200 */
	enum period_kind kind;
	int sub;               /* quarter 1..4 or month 1..12; 0 for a year */
};

#define PERIOD_TEXT_MAX 16

/* Parse s[0..len): "2024", "2024Q3" (also "2024q3", "2024-Q3"), "2024-07" (also "2024-7",
 * "2024/07"), and the Chinese forms "2024年", "2024年第三季度"/"2024年3季度"/"2024年Q3",
 * "2024年7月". Surrounding spaces are not allowed (callers trim). Returns 1 on success.
 * Exactly: four digits (1900..2200), then nothing | "Q"/"q" + 1..4 | "-Q"/"-q" + 1..4 |
 * "-" or "/" + month of one or two digits (1..12) | "年" + (nothing | "Q"/"q" + 1..4 |
 * optional "第" + 1..4 or 一..四 + "季度" | month of one or two digits + "月"). Nothing else:
 * no sign, no space, no trailing byte, at most 32 bytes. */
int period_parse(const char *s, size_t len, struct period *out);
/* Canonical text "2024" / "2024Q3" / "2024-07" into out[PERIOD_TEXT_MAX]. */
void period_format(const struct period *p, char *out);
/* First and last day as "YYYY-MM-DD" into out[11]. */
void period_start_date(const struct period *p, char *out);
void period_end_date(const struct period *p, char *out);
/* 1 when inner lies wholly inside outer (a period contains itself). */
int period_contains(const struct period *outer, const struct period *inner);
/* The following / preceding period of the same kind (2024Q4 -> 2025Q1, 2024-01 -> 2023-12).
 * Stepping past 1900 or 2200 gives a year outside the parse range; callers that keep the
 * result check it. */
struct period period_next(const struct period *p);
struct period period_prev(const struct period *p);
/* Order by end date, then finer first: 2024-12, 2024Q4 and 2024 share an end and sort as
 * 2024-12 < 2024Q4 < 2024 (month < quarter < year), so the year's figure comes last.
 * Returns <0, 0, >0. */
int period_cmp(const struct period *a, const struct period *b);
/* Position on the time axis in "year labels": the end of the period, where the end of year Y
 * is Y. So 2024 -> 2024.0, 2024Q3 -> 2023.75, 2024-07 -> 2023.5833. Growth rates and
 * projections use this, so a July snapshot sits before the year-end value of the same year. */
double period_time(const struct period *p);

#endif
