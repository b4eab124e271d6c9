/* supervision.c - names of report states, progress, notice statuses and rule kinds, and the
 * report workflow's allowed moves (see supervision.h). Pure. */
#include "base/str.h"
#include "core/supervision.h"
#include "base/banned.h"

static const char *const state_names[REPORT_STATE_COUNT] = {"draft", "submitted", "approved", "returned"};
static const char *const progress_names[REPORT_PROGRESS_COUNT] = {"not_started", "on_track", "delayed", "done"};
static const char *const notice_names[NOTICE_STATUS_COUNT] = {"open", "answered", "escalated", "closed"};
static const char *const kind_names[NOTICE_RULE_KIND_COUNT] = {"report_missing", "milestone_overdue",
							       "indicator_off_track"};

static int find(const char *const *names, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (streq(s, names[i]))
			return i;
	return -1;
}

const char *report_state_name(enum report_state st)
{
	return (unsigned)st < REPORT_STATE_COUNT ? state_names[st] : "";
}

const char *report_progress_name(enum report_progress p)
{
	return (unsigned)p < REPORT_PROGRESS_COUNT ? progress_names[p] : "";
}

const char *notice_status_name(enum notice_status st)
{
	return (unsigned)st < NOTICE_STATUS_COUNT ? notice_names[st] : "";
}

const char *notice_rule_kind_name(enum notice_rule_kind k)
{
	return (unsigned)k < NOTICE_RULE_KIND_COUNT ? kind_names[k] : "";
}

int report_state_parse(const char *s, enum report_state *out)
{
	int i = find(state_names, REPORT_STATE_COUNT, s);
	if (i >= 0)
		*out = (enum report_state)i;
	return i >= 0;
}

int report_progress_parse(const char *s, enum report_progress *out)
{
	int i = find(progress_names, REPORT_PROGRESS_COUNT, s);
	if (i >= 0)
		*out = (enum report_progress)i;
	return i >= 0;
}

int notice_status_parse(const char *s, enum notice_status *out)
{
	int i = find(notice_names, NOTICE_STATUS_COUNT, s);
	if (i >= 0)
		*out = (enum notice_status)i;
	return i >= 0;
}

int notice_rule_kind_parse(const char *s, enum notice_rule_kind *out)
{
	int i = find(kind_names, NOTICE_RULE_KIND_COUNT, s);
	if (i >= 0)
		*out = (enum notice_rule_kind)i;
	return i >= 0;
}

int report_transition_allowed(int has_from, enum report_state from, enum report_state to)
{
	switch (to) {
	case REPORT_DRAFT:
	case REPORT_SUBMITTED:
		return !has_from || from == REPORT_DRAFT || from == REPORT_RETURNED;
	case REPORT_APPROVED:
	case REPORT_RETURNED:
		return has_from && from == REPORT_SUBMITTED;
	default:
		return 0;
	}
}
