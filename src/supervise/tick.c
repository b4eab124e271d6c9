/* tick.c - the periodic work of supervision (see supervise_tick in supervise.h). Every step is
 * safe to repeat: notices are keyed by what the rule fired on (dedup_key, naming the plan),
 * escalation moves only notices still open, reminders are events with a key, deliveries are
 * claimed. So cron, a server's background thread and a second server may all run it. The
 * rules run plan by plan: a plan's cycles, milestones and indicators raise notices of that
 * plan only, so two plans in force never mix. */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "supervise/assess_at.h"
#include "supervise/supervise.h"
#include "base/banned.h"

struct tick {
	struct store *s;
	struct arena *a;
	const struct plan *p;            /* the plan whose rules run now */
	const struct sup_settings *cfg;
	time_t now;
	const char *period;              /* p's period for notices not tied to a cycle */
	struct sup_rule *rules;
	size_t n_rules;
	struct sup_tick_result *res;
};

static const struct sup_rule *rule_of_kind(const struct tick *t, enum notice_rule_kind k)
{
	for (size_t i = 0; i < t->n_rules; i++)
		if (t->rules[i].kind == k && t->rules[i].is_enabled)
			return &t->rules[i];
	return NULL;
}

static const struct sup_rule *rule_of_code(const struct tick *t, const char *code)
{
	for (size_t i = 0; code && i < t->n_rules; i++)
		if (strcmp(t->rules[i].code, code) == 0)
			return &t->rules[i];
	return NULL;
}

static const char *measure_title(const struct plan *p, int number)
{
	int mi = plan_find_measure(p, number);
	return mi >= 0 ? p->measures[mi].title_zh : "";
}

/* Raise n (its dedup_key set) with the rule's reply deadline and the event to the unit. */
static enum status raise_notice(struct tick *t, const struct sup_rule *rule, struct sup_notice *n)
{
	char due[32];
	long long id;
	int is_new;
	clock_format_utc(sup_reply_due(t->now, rule->reply_days), due);
	n->rule_code = rule->code;
	n->reply_due = due;
	n->plan_code = t->p->info.code;
	struct sup_event ev = {
		.kind = "notice.raised",
		.object_type = "notice",
		.plan_code = n->plan_code,
		.unit = n->unit,
		.measure = n->measure,
		.period = n->period,
		.text = n->subject,
		.to_unit = 1,
	};
	enum status rc = store_sup_notice_raise(t->s, n, &ev, &id, &is_new);
	if (rc == ST_OK && is_new) {
		t->res->n_raised++;
		log_debug("supervise", "notice %lld raised by rule %s for unit %s on measure %d of plan %s", id, rule->code,
			  n->unit, n->measure, n->plan_code);
	}
	return rc;
}

/* A report owed at a cycle's deadline (a cycle of the plan) and never submitted. */
static enum status rule_reports(struct tick *t, const struct sup_rule *rule)
{
	struct sup_cycle *cycles;
	size_t n_cycles;
	enum status rc = store_sup_cycles(t->s, t->a, t->p->info.code, &cycles, &n_cycles);
	for (size_t i = 0; rc == ST_OK && i < n_cycles; i++) {
		time_t deadline;
		if (!clock_parse_utc(cycles[i].deadline, &deadline) || !sup_rule_fires(deadline, rule->grace_days, t->now))
			continue;
		struct sup_owed *owed;
		size_t n_owed;
		rc = sup_cycle_owed(t->s, t->a, &cycles[i], t->now, &owed, &n_owed);
		for (size_t k = 0; rc == ST_OK && k < n_owed; k++) {
			if (owed[k].timeliness != SUP_MISSING)
				continue;
			struct sup_notice n = {
				.dedup_key = arena_printf(t->a, "report_missing:%s:%s:%d:%s", cycles[i].plan_code, cycles[i].period,
							  owed[k].duty.measure, owed[k].duty.unit),
				.unit = owed[k].duty.unit,
				.measure = owed[k].duty.measure,
				.period = cycles[i].period,
				.cycle_id = cycles[i].id,
				.subject = arena_printf(t->a, "举措%d“%s”%s进展报告逾期未报", owed[k].duty.measure,
							measure_title(t->p, owed[k].duty.measure), cycles[i].period),
			};
			rc = raise_notice(t, rule, &n);
		}
	}
	return rc;
}

/* A milestone past its due date and not done. */
static enum status rule_milestones(struct tick *t, const struct sup_rule *rule)
{
	struct sup_milestone *ms;
	size_t n;
	enum status rc = store_sup_milestones(t->s, t->a, t->p->info.code, 0, &ms, &n);
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		if (ms[i].done_on || !sup_rule_fires(sup_end_of_day(ms[i].due_date), rule->grace_days, t->now))
			continue;
		struct sup_notice notice = {
			.dedup_key = arena_printf(t->a, "milestone_overdue:%s:%s", ms[i].plan_code, ms[i].code),
			.unit = ms[i].owner,
			.measure = ms[i].measure,
			.period = t->period,
			.milestone_id = ms[i].id,
			.subject = arena_printf(t->a, "举措%d里程碑“%s”已逾期（应于%s完成）", ms[i].measure, ms[i].title_zh,
						ms[i].due_date),
		};
		rc = raise_notice(t, rule, &notice);
	}
	return rc;
}

/* A target of an indicator linked to a measure, off track in each of the last `periods`
 * periods with a value: a notice to the measure's lead units. */
static enum status rule_indicators(struct tick *t, const struct sup_rule *rule)
{
	struct obs *cur;
	size_t n_cur;
	enum status rc = store_obs_current(t->s, t->a, NULL, NULL, OBS_VIEW_INTERNAL, &cur, &n_cur);
	enum progress_status statuses[12];
	const struct series_input in = series_input_of(cur, rc == ST_OK ? n_cur : 0);
	for (size_t ti = 0; rc == ST_OK && ti < t->p->n_targets; ti++) {
		const struct target *tg = &t->p->targets[ti];
		const struct indicator *ind = &t->p->indicators[tg->indicator];
		if (ind->measure < 0)
			continue;
		struct series se;
		sup_target_series(t->p, &in, (int)ti, t->a, &se);
		size_t k = (size_t)rule->periods;
		if (k > sizeof(statuses) / sizeof(statuses[0]) || se.n < k)
			continue;
		for (size_t j = 0; j < k; j++)
			statuses[j] = sup_target_status(t->p, (int)ti, &se, se.n - (k - 1 - j), t->a);
		if (!sup_off_track_running(statuses, k, rule->periods))
			continue;
		int number = t->p->measures[ind->measure].number;
		size_t n_lead;
		const char **leads = sup_lead_units(t->a, t->p, number, &n_lead);
		const struct region *reg = &t->p->regions[tg->region];
		for (size_t u = 0; rc == ST_OK && u < n_lead; u++) {
			struct sup_notice n = {
				.dedup_key = arena_printf(t->a, "indicator_off_track:%s:%s:%s:%s:%s", t->p->info.code, ind->code,
							  reg->code, se.pts[se.n - 1].period, leads[u]),
				.unit = leads[u],
				.measure = number,
				.period = t->period,
				.indicator = ind->code,
				.region = reg->code,
				.subject = arena_printf(t->a, "举措%d关联指标“%s”（%s）连续%d期进度滞后", number, ind->name_zh,
							reg->name_zh, rule->periods),
			};
			rc = raise_notice(t, rule, &n);
		}
	}
	return rc;
}

/* Open notices unanswered past their reply deadline (plus the rule's escalate_days). */
static enum status escalate(struct tick *t)
{
	struct sup_notice *ns;
	size_t n;
	struct sup_notice_filter f = {.only_unresolved = 1};
	enum status rc = store_sup_notices(t->s, t->a, &f, &ns, &n);
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		const struct sup_rule *rule = rule_of_code(t, ns[i].rule_code);
		time_t due;
		if (!clock_parse_utc(ns[i].reply_due, &due) ||
		    !sup_should_escalate(ns[i].status, due, rule ? rule->escalate_days : 0, t->now))
			continue;
		struct sup_event ev = {
			.kind = "notice.escalated",
			.object_type = "notice",
			.object_id = ns[i].id,
			.plan_code = ns[i].plan_code,
			.unit = ns[i].unit,
			.measure = ns[i].measure,
			.period = ns[i].period,
			.text = ns[i].subject,
			.dedup_key = arena_printf(t->a, "notice.escalated:%lld", ns[i].id),
			.to_unit = 1,
			.to_department = 1,
		};
		rc = store_sup_notice_escalate(t->s, ns[i].id, &ev);
		if (rc == ST_CONFLICT) {
			rc = ST_OK; /* answered or escalated meanwhile, perhaps by another server */
			continue;
		}
		if (rc == ST_OK) {
			t->res->n_escalated++;
			log_debug("supervise", "notice %lld escalated to level 2", ns[i].id);
		}
	}
	return rc;
}

static enum status remind(struct tick *t, struct sup_event *ev)
{
	int is_new;
	ev->to_unit = 1;
	enum status rc = store_sup_event_add(t->s, ev, &is_new);
	if (rc == ST_OK && is_new)
		t->res->n_reminders++;
	return rc;
}

/* Reminders reminder_days before a report deadline of the plan's cycles (to units that have
 * not submitted) and, when is_current, a due date of its milestones. */
static enum status remind_plan(struct tick *t, int is_current)
{
	long long days = t->cfg->reminder_days;
	const char *code = t->p->info.code;
	struct sup_cycle *cycles;
	size_t n_cycles;
	if (days <= 0)
		return ST_OK;
	enum status rc = store_sup_cycles(t->s, t->a, code, &cycles, &n_cycles);
	for (size_t i = 0; rc == ST_OK && i < n_cycles; i++) {
		time_t deadline;
		if (!cycles[i].is_open || !clock_parse_utc(cycles[i].deadline, &deadline) ||
		    !sup_reminder_due(deadline, days, t->now))
			continue;
		struct sup_owed *owed;
		size_t n_owed;
		rc = sup_cycle_owed(t->s, t->a, &cycles[i], t->now, &owed, &n_owed);
		for (size_t k = 0; rc == ST_OK && k < n_owed; k++) {
			if (owed[k].timeliness != SUP_PENDING)
				continue;
			struct sup_event ev = {
				.kind = "reminder.report",
				.object_type = "cycle",
				.object_id = cycles[i].id,
				.plan_code = code,
				.unit = owed[k].duty.unit,
				.period = cycles[i].period,
				.link = arena_printf(t->a, "/reporting?cycle=%s&plan=%s", cycles[i].period, code),
				.text = arena_printf(t->a, "%s 进展报告将于 %s 截止", cycles[i].period, cycles[i].deadline),
				.dedup_key = arena_printf(t->a, "reminder.report:%s:%s:%s", code, cycles[i].period, owed[k].duty.unit),
			};
			rc = remind(t, &ev);
		}
	}
	struct sup_milestone *ms;
	size_t n_ms = 0;
	if (rc == ST_OK && is_current)
		rc = store_sup_milestones(t->s, t->a, code, 0, &ms, &n_ms);
	for (size_t i = 0; rc == ST_OK && i < n_ms; i++) {
		if (ms[i].done_on || !sup_reminder_due(sup_end_of_day(ms[i].due_date), days, t->now))
			continue;
		struct sup_event ev = {
			.kind = "reminder.milestone",
			.object_type = "milestone",
			.object_id = ms[i].id,
			.plan_code = code,
			.unit = ms[i].owner,
			.measure = ms[i].measure,
			.link = arena_printf(t->a, "/measures/%d?plan=%s", ms[i].measure, code),
			.text = arena_printf(t->a, "里程碑“%s”将于 %s 到期", ms[i].title_zh, ms[i].due_date),
			.dedup_key = arena_printf(t->a, "reminder.milestone:%s:%s", ms[i].plan_code, ms[i].code),
		};
		rc = remind(t, &ev);
	}
	return rc;
}

/* Reminders reminder_days before a notice's reply deadline (every plan's notices). */
static enum status remind_notices(struct tick *t)
{
	long long days = t->cfg->reminder_days;
	struct sup_notice *ns;
	size_t n_ns = 0;
	struct sup_notice_filter f = {.only_unresolved = 1};
	if (days <= 0)
		return ST_OK;
	enum status rc = store_sup_notices(t->s, t->a, &f, &ns, &n_ns);
	for (size_t i = 0; rc == ST_OK && i < n_ns; i++) {
		time_t due;
		if ((ns[i].status != NOTICE_OPEN && ns[i].status != NOTICE_ESCALATED) ||
		    !clock_parse_utc(ns[i].reply_due, &due) || !sup_reminder_due(due, days, t->now))
			continue;
		struct sup_event ev = {
			.kind = "reminder.notice",
			.object_type = "notice",
			.object_id = ns[i].id,
			.plan_code = ns[i].plan_code,
			.unit = ns[i].unit,
			.measure = ns[i].measure,
			.period = ns[i].period,
			.text = ns[i].subject,
			.dedup_key = arena_printf(t->a, "reminder.notice:%lld", ns[i].id),
		};
		rc = remind(t, &ev);
	}
	return rc;
}

/* The rules of plan t->p: a report missing in its cycles always (its cycles owe them whatever
 * the plan's phase now); when is_current (the plan is in force) also its milestones overdue
 * and its linked indicators off track; then the plan's reminders. */
static enum status tick_plan(struct tick *t, int is_current)
{
	const struct sup_rule *rule;
	enum status rc = ST_OK;
	t->period = sup_notice_period(t->s, t->a, t->p->info.code, t->now);
	if ((rule = rule_of_kind(t, NRULE_REPORT_MISSING)))
		rc = rule_reports(t, rule);
	if (rc == ST_OK && is_current && (rule = rule_of_kind(t, NRULE_MILESTONE_OVERDUE)))
		rc = rule_milestones(t, rule);
	if (rc == ST_OK && is_current && (rule = rule_of_kind(t, NRULE_INDICATOR_OFF_TRACK)))
		rc = rule_indicators(t, rule);
	if (rc == ST_OK)
		rc = remind_plan(t, is_current);
	return rc;
}

/* Every plan of the store once (its newest version), oldest first. */
static enum status tick_plans(struct store *s, struct arena *a, struct plan ***plans, size_t *n)
{
	struct plan_version_row *rows;
	size_t n_rows;
	*n = 0;
	enum status rc = store_plan_versions(s, a, &rows, &n_rows);
	if (rc != ST_OK)
		return rc;
	*plans = arena_calloc(a, n_rows + 1, sizeof(**plans));
	for (size_t i = 0; rc == ST_OK && i < n_rows; i++) {
		int seen = 0;
		for (size_t k = 0; k < *n && !seen; k++)
			seen = strcmp((*plans)[k]->info.code, rows[i].code) == 0;
		if (seen)
			continue;
		rc = store_plan_get(s, a, rows[i].code, 0, &(*plans)[*n]);
		if (rc == ST_OK)
			(*n)++;
	}
	return rc;
}

enum status supervise_tick(struct store *s, const struct sup_settings *cfg, time_t now, struct sup_tick_result *res)
{
	struct arena *a = arena_new();
	struct plan **plans;
	size_t n_plans;
	memset(res, 0, sizeof(*res));
	struct tick t = {s, a, NULL, cfg, now, NULL, NULL, 0, res};
	enum status rc = tick_plans(s, a, &plans, &n_plans);
	if (rc == ST_OK && n_plans == 0) {
		arena_free(a);
		return ST_OK;
	}
	if (rc == ST_OK)
		rc = store_sup_rules(s, a, &t.rules, &t.n_rules);
	/* the plans in force on the day of now; when none is, the plan shown by default (the newest
	 * not a draft: plan_default_of), as before plans could overlap */
	char today[11];
	sup_shanghai_date(now, today);
	const struct plan_info **infos = arena_calloc(a, n_plans + 1, sizeof(*infos));
	int n_in_force = 0;
	for (size_t i = 0; i < n_plans; i++) {
		infos[i] = &plans[i]->info;
		n_in_force += plan_phase_on(infos[i], today) == PLAN_PHASE_IN_FORCE;
	}
	int k_default = plan_default_of(infos, n_plans, today);
	for (size_t i = 0; rc == ST_OK && i < n_plans; i++) {
		t.p = plans[i];
		int is_current = n_in_force ? plan_phase_on(infos[i], today) == PLAN_PHASE_IN_FORCE : (int)i == k_default;
		rc = tick_plan(&t, is_current);
	}
	if (rc == ST_OK)
		rc = escalate(&t);
	if (rc == ST_OK)
		rc = remind_notices(&t);
	if (rc == ST_OK)
		rc = sup_webhook_run(s, cfg, now, res);
	arena_free(a);
	return rc;
}
