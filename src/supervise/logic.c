/* logic.c - the pure decisions of task supervision (see supervise.h): deadlines in
 * Asia/Shanghai, timeliness, when rules fire, escalation, reminders, the webhook back-off,
 * which progress statuses are on and off track, who sees a report or a notice, and the
 * scorecard formula. No I/O; "now" is always a parameter. */
#include <string.h>

#include "base/clock.h"
#include "base/str.h"
#include "supervise/supervise.h"
#include "base/banned.h"

#define SHANGHAI_OFFSET_S (8 * 3600)

/* The weights of the shares A..E; they sum to 100. */
const int sup_score_weights[SUP_SCORE_PARTS] = {40, 15, 20, 15, 10};

time_t sup_end_of_day(const char *date)
{
	time_t t;
	if (!date || strlen(date) != 10 || !clock_parse_utc(date, &t))
		return 0;
	/* midnight UTC of the date, then the last second of that day at UTC+8 */
	return t + SUP_DAY_S - 1 - SHANGHAI_OFFSET_S;
}

int sup_deadline_parse(const char *text, time_t *out)
{
	if (!text)
		return 0;
	size_t n = strlen(text);
	if (n == 10) {
		time_t t = sup_end_of_day(text);
		if (!t)
			return 0;
		*out = t;
		return 1;
	}
	return n == 20 && clock_parse_utc(text, out);
}

void sup_shanghai_date(time_t t, char out[11])
{
	struct tm tm;
	time_t local = t + SHANGHAI_OFFSET_S;
	gmtime_r(&local, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

time_t sup_reply_due(time_t raised, int reply_days)
{
	char date[11];
	sup_shanghai_date(raised + (time_t)reply_days * SUP_DAY_S, date);
	return sup_end_of_day(date);
}

struct period sup_quarter_of(time_t t)
{
	struct tm tm;
	time_t local = t + SHANGHAI_OFFSET_S;
	gmtime_r(&local, &tm);
	struct period p = {tm.tm_year + 1900, PERIOD_QUARTER, tm.tm_mon / 3 + 1};
	return p;
}

enum sup_timeliness sup_timeliness(const char *first_submitted, time_t deadline, time_t now)
{
	time_t at;
	if (first_submitted && clock_parse_utc(first_submitted, &at))
		return at <= deadline ? SUP_ON_TIME : SUP_LATE;
	return now > deadline ? SUP_MISSING : SUP_PENDING;
}

const char *sup_timeliness_name(enum sup_timeliness t)
{
	static const char *const names[] = {"pending", "on_time", "late", "missing"};
	return (unsigned)t < 4 ? names[t] : "";
}

int sup_rule_fires(time_t deadline, int grace_days, time_t now)
{
	return deadline > 0 && now > deadline + (time_t)grace_days * SUP_DAY_S;
}

int sup_should_escalate(enum notice_status st, time_t reply_due, int escalate_days, time_t now)
{
	return st == NOTICE_OPEN && reply_due > 0 && now > reply_due + (time_t)escalate_days * SUP_DAY_S;
}

int sup_reminder_due(time_t deadline, long long reminder_days, time_t now)
{
	return reminder_days > 0 && deadline > 0 && now < deadline && now >= deadline - (time_t)reminder_days * SUP_DAY_S;
}

long long sup_backoff_s(int attempts)
{
	long long d = SUP_WEBHOOK_FIRST_DELAY_S;
	for (int i = 1; i < attempts && d < SUP_WEBHOOK_MAX_DELAY_S; i++)
		d *= 2;
	return d < SUP_WEBHOOK_MAX_DELAY_S ? d : SUP_WEBHOOK_MAX_DELAY_S;
}

int sup_status_on_track(enum progress_status st)
{
	return st == PS_MET || st == PS_ON_TRACK || st == PS_STABLE;
}

int sup_status_off_track(enum progress_status st)
{
	return st == PS_NOT_MET || st == PS_LIMITED || st == PS_DETERIORATING;
}

int sup_off_track_running(const enum progress_status *statuses, size_t n, int periods)
{
	if (periods < 1 || n < (size_t)periods)
		return 0;
	for (size_t i = n - (size_t)periods; i < n; i++)
		if (!sup_status_off_track(statuses[i]))
			return 0;
	return 1;
}

int sup_report_visible(const struct principal *p, const char *unit, enum report_state st, const char *const *lead_units,
		       size_t n_lead)
{
	if (st == REPORT_APPROVED && authz_check(p, ACT_READ_INTERNAL, NULL) == ST_OK)
		return 1;
	struct scope own = {unit, NULL};
	if (authz_check(p, ACT_READ_SCOPED, &own) == ST_OK)
		return 1;
	/* the lead unit prepares its report from its co-units' */
	for (size_t i = 0; p && p->role == ROLE_UNIT_REPORTER && i < n_lead; i++) {
		struct scope lead = {lead_units[i], NULL};
		if (authz_check(p, ACT_READ_SCOPED, &lead) == ST_OK)
			return 1;
	}
	return 0;
}

int sup_notice_visible(const struct principal *p, const char *unit)
{
	/* a notice is the department's official word to a unit, not a draft: every signed-in
	 * user (leaders, readers, the other units) may read it; only its unit answers it */
	(void)unit;
	return authz_check(p, ACT_READ_INTERNAL, NULL) == ST_OK;
}

const char **sup_lead_units(struct arena *a, const struct plan *p, int measure, size_t *n)
{
	const char **out = arena_calloc(a, p->n_resps + 1, sizeof(*out));
	*n = 0;
	for (size_t i = 0; i < p->n_resps; i++)
		if (p->resps[i].measure_number == measure && p->resps[i].role == ROLE_LEAD)
			out[(*n)++] = p->resps[i].unit_code;
	return out;
}

/* A share num / den in [0, 1], defined when den > 0. */
static void share(struct sup_score *out, int k, int num, int den)
{
	out->has_part[k] = den > 0;
	out->part[k] = den > 0 ? (double)num / den : 0;
	if (out->part[k] < 0)
		out->part[k] = 0;
	if (out->part[k] > 1)
		out->part[k] = 1;
}

void sup_score_compute(const struct sup_score_in *in, struct sup_score *out)
{
	memset(out, 0, sizeof(*out));
	int owed_due = in->n_owed - in->n_pending;
	share(out, 0, in->n_on_time, owed_due);
	share(out, 1, in->n_submitted - in->n_returned, in->n_submitted);
	share(out, 2, in->n_notices - in->n_unresolved, in->n_notices);
	share(out, 3, in->n_ms_done, in->n_ms_due);
	share(out, 4, in->n_ind_on_track, in->n_ind_assessed);
	double sum = 0;
	int weight = 0;
	for (int k = 0; k < SUP_SCORE_PARTS; k++)
		if (out->has_part[k]) {
			sum += sup_score_weights[k] * out->part[k];
			weight += sup_score_weights[k];
		}
	if (weight > 0) {
		out->has_score = 1;
		out->score = 100.0 * sum / weight;
	}
}
