/* obs.c - observation status and qualifier names, publication dates, the order of current values. Pure. */
#include <string.h>

#include "base/str.h"
#include "core/obs.h"
#include "core/registry.h"
#include "base/banned.h"

static const char *const status_names[] = {"draft", "submitted", "approved", "published", "returned"};
static const char *const qualifier_names[] = {"", "lower_bound", "approx", "forecast_lower_bound", "upper_bound"};
static const char *const qualifier_marks[] = {"", "≥", "≈", "≥", "≤"};

const char *obs_status_name(enum obs_status st)
{
	return (unsigned)st < 5 ? status_names[st] : "";
}

int obs_status_parse(const char *s, enum obs_status *out)
{
	for (int i = 0; i < 5; i++)
		if (streq(s, status_names[i])) {
			*out = (enum obs_status)i;
			return 1;
		}
	return 0;
}

const char *obs_qualifier_name(enum obs_qualifier q)
{
	return (unsigned)q < 5 ? qualifier_names[q] : "";
}

int obs_qualifier_parse(const char *s, enum obs_qualifier *out)
{
	for (int i = 0; i < 5; i++)
		if (streq(s ? s : "", qualifier_names[i])) {
			*out = (enum obs_qualifier)i;
			return 1;
		}
	return 0;
}

const char *obs_qualifier_mark(enum obs_qualifier q)
{
	return (unsigned)q < 5 ? qualifier_marks[q] : "";
}

int obs_transition_allowed(enum obs_status from, enum obs_status to)
{
	switch (to) {
	case OBS_SUBMITTED:
		return from == OBS_DRAFT || from == OBS_RETURNED;
	case OBS_APPROVED:
		return from == OBS_SUBMITTED;
	case OBS_RETURNED:
		return from == OBS_SUBMITTED || from == OBS_APPROVED;
	case OBS_PUBLISHED:
		return from == OBS_APPROVED;
	default:
		return 0;
	}
}

int obs_published_valid(const char *s)
{
	size_t len = s ? strlen(s) : 0;
	if (len == 10)
		return reg_date_valid(s, len);
	if (len != 4 && len != 7)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (i == 4 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = len == 7 ? (s[5] - '0') * 10 + (s[6] - '0') : 1;
	return y >= 1900 && y <= 2200 && m >= 1 && m <= 12;
}

int obs_current_cmp(const void *x, const void *y)
{
	const struct obs *a = x, *b = y;
	int c = strcmp(a->indicator, b->indicator);
	if (!c)
		c = strcmp(a->region, b->region);
	if (!c && a->period_t != b->period_t)
		c = a->period_t < b->period_t ? -1 : 1;
	if (!c) {
		size_t la = strlen(a->period), lb = strlen(b->period);
		c = (la > lb) - (la < lb);
	}
	return c;
}
