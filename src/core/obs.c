/* obs.c - observation status and qualifier names. Pure. */
#include "base/str.h"
#include "core/obs.h"
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
