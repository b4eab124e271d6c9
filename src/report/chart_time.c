/* chart_time.c - where periods sit on a chart's time axis: calendar years, each period at its
 * middle (report/chart.h). Pure. */
#include <math.h>
#include <string.h>

#include "core/period.h"
#include "report/chart.h"
#include "base/banned.h"

static double period_len_years(enum period_kind kind)
{
	return kind == PERIOD_MONTH ? 1.0 / 12 : kind == PERIOD_QUARTER ? 0.25 : 1.0;
}

double chart_period_x(const char *period)
{
	struct period p;
	if (!period || !period_parse(period, strlen(period), &p))
		return NAN;
	/* period_time is the end in "year labels" (the end of year Y is Y): the end in calendar
	 * years is one more, the middle half a period before that. */
	return period_time(&p) + 1 - period_len_years(p.kind) / 2;
}

double chart_year_x(int year)
{
	return year + 0.5;
}

double chart_time_x(double t, const char *const *periods, size_t n)
{
	for (size_t i = 0; periods && i < n; i++) {
		struct period p;
		if (periods[i] && period_parse(periods[i], strlen(periods[i]), &p) && fabs(period_time(&p) - t) < 1e-9)
			return chart_period_x(periods[i]);
	}
	return t + 0.5; /* the end of year Y is Y: its middle */
}
