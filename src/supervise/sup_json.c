/* sup_json.c - supervision objects as JSON (see sup_json.h). */
#include <math.h>
#include <string.h>

#include "base/clock.h"
#include "supervise/sup_json.h"
#include "base/banned.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *local_time(const char *utc)
{
	time_t t;
	char out[32];
	if (!utc || !clock_parse_utc(utc, &t))
		return json_null();
	clock_format_shanghai(t, out);
	return json_string(out);
}

json_t *sup_cycle_json(const struct sup_cycle *c)
{
	json_t *j = json_object();
	json_object_set_new(j, "period", json_string(c->period));
	json_object_set_new(j, "plan", str_or_null(c->plan_code));
	json_object_set_new(j, "deadline", json_string(c->deadline));
	json_object_set_new(j, "deadline_local", local_time(c->deadline));
	json_object_set_new(j, "status", json_string(c->is_open ? "open" : "closed"));
	json_object_set_new(j, "opened_at", str_or_null(c->opened_at));
	json_object_set_new(j, "opened_by", str_or_null(c->opened_by));
	json_object_set_new(j, "closed_at", str_or_null(c->closed_at));
	json_object_set_new(j, "closed_by", str_or_null(c->closed_by));
	return j;
}

json_t *sup_owed_json(const struct sup_owed *o)
{
	json_t *j = json_object();
	json_object_set_new(j, "measure", json_integer(o->duty.measure));
	json_object_set_new(j, "unit", json_string(o->duty.unit));
	json_object_set_new(j, "role", json_string(o->duty.role == ROLE_LEAD ? "lead" : "co"));
	json_object_set_new(j, "state", json_string(o->report ? report_state_name(o->report->state) : "none"));
	json_object_set_new(j, "timeliness", json_string(sup_timeliness_name(o->timeliness)));
	json_object_set_new(j, "revision", json_integer(o->report ? o->report->revision : 0));
	json_object_set_new(j, "first_submitted_at", str_or_null(o->report ? o->report->first_submitted_at : NULL));
	json_object_set_new(j, "returned", json_integer(o->report ? o->report->n_returned : 0));
	return j;
}

json_t *sup_report_json(const struct sup_report *r)
{
	json_error_t err;
	json_t *figures = r->figures ? json_loads(r->figures, 0, &err) : NULL;
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(r->id));
	json_object_set_new(j, "plan", str_or_null(r->plan_code));
	json_object_set_new(j, "period", str_or_null(r->period));
	json_object_set_new(j, "measure", json_integer(r->measure));
	json_object_set_new(j, "unit", json_string(r->unit));
	json_object_set_new(j, "revision", json_integer(r->revision));
	json_object_set_new(j, "state", json_string(report_state_name(r->state)));
	json_object_set_new(j, "progress", json_string(report_progress_name(r->progress)));
	json_object_set_new(j, "narrative", json_string(r->narrative ? r->narrative : ""));
	json_object_set_new(j, "figures", figures ? figures : json_array());
	json_object_set_new(j, "reason", str_or_null(r->reason));
	json_object_set_new(j, "created_at", str_or_null(r->created_at));
	json_object_set_new(j, "created_by", str_or_null(r->created_by));
	if (r->first_submitted_at || r->n_returned) {
		json_object_set_new(j, "first_submitted_at", str_or_null(r->first_submitted_at));
		json_object_set_new(j, "returned", json_integer(r->n_returned));
	}
	return j;
}

json_t *sup_notice_json(const struct sup_notice *n)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(n->id));
	json_object_set_new(j, "plan", str_or_null(n->plan_code));
	json_object_set_new(j, "rule", str_or_null(n->rule_code));
	json_object_set_new(j, "unit", json_string(n->unit));
	json_object_set_new(j, "measure", json_integer(n->measure));
	json_object_set_new(j, "period", json_string(n->period));
	if (n->indicator) {
		json_object_set_new(j, "indicator", json_string(n->indicator));
		json_object_set_new(j, "region", str_or_null(n->region));
	}
	json_object_set_new(j, "subject", json_string(n->subject));
	json_object_set_new(j, "body", str_or_null(n->body));
	json_object_set_new(j, "level", json_integer(n->level));
	json_object_set_new(j, "status", json_string(notice_status_name(n->status)));
	json_object_set_new(j, "reply_due", json_string(n->reply_due));
	json_object_set_new(j, "reply_due_local", local_time(n->reply_due));
	json_object_set_new(j, "raised_at", json_string(n->raised_at));
	json_object_set_new(j, "raised_by", json_string(n->raised_by));
	json_object_set_new(j, "answered_at", str_or_null(n->answered_at));
	json_object_set_new(j, "escalated_at", str_or_null(n->escalated_at));
	json_object_set_new(j, "closed_at", str_or_null(n->closed_at));
	json_object_set_new(j, "closed_by", str_or_null(n->closed_by));
	json_object_set_new(j, "close_note", str_or_null(n->close_note));
	json_object_set_new(j, "replies", json_integer(n->n_replies));
	return j;
}

json_t *sup_reply_json(const struct sup_reply *r)
{
	return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)r->id, "body", r->body, "created_at", r->created_at,
			 "created_by", r->created_by);
}

json_t *sup_milestone_json(const struct sup_milestone *m, time_t now)
{
	json_t *j = json_object();
	json_t *inds = json_array();
	const char *s = m->indicators;
	while (s && *s) {
		size_t len = strcspn(s, ";");
		json_array_append_new(inds, json_stringn(s, len));
		s += len + (s[len] == ';');
	}
	time_t due = sup_end_of_day(m->due_date);
	json_object_set_new(j, "code", json_string(m->code));
	json_object_set_new(j, "plan", json_string(m->plan_code));
	json_object_set_new(j, "measure", json_integer(m->measure));
	json_object_set_new(j, "title_zh", json_string(m->title_zh));
	json_object_set_new(j, "title_en", str_or_null(m->title_en));
	json_object_set_new(j, "owner", json_string(m->owner));
	json_object_set_new(j, "due_date", json_string(m->due_date));
	json_object_set_new(j, "deliverable_zh", str_or_null(m->deliverable_zh));
	json_object_set_new(j, "indicators", inds);
	json_object_set_new(j, "done_on", str_or_null(m->done_on));
	json_object_set_new(j, "state", json_string(m->done_on ? "done" : due && now > due ? "overdue" : "open"));
	return j;
}

json_t *sup_rule_json(const struct sup_rule *r)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:b, s:i, s:i, s:i, s:i, s:s, s:s}", "code", r->code, "kind",
			 notice_rule_kind_name(r->kind), "name_zh", r->name_zh, "name_en", r->name_en, "enabled", r->is_enabled,
			 "grace_days", r->grace_days, "reply_days", r->reply_days, "escalate_days", r->escalate_days, "periods",
			 r->periods, "updated_at", r->updated_at, "updated_by", r->updated_by);
}

json_t *sup_evidence_json(const struct sup_evidence *e)
{
	return json_pack("{s:I, s:s?, s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)e->id, "plan", e->plan_code,
			 "file_name", e->file_name, "kind", e->kind, "content_type", e->content_type, "size", (json_int_t)e->size,
			 "sha256", e->sha256, "created_at", e->created_at, "created_by", e->created_by);
}

json_t *sup_notification_json(const struct sup_notification *n)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(n->id));
	json_object_set_new(j, "event", json_string(n->kind));
	json_object_set_new(j, "object_type", json_string(n->object_type));
	json_object_set_new(j, "object_id", str_or_null(n->object_id));
	json_object_set_new(j, "plan", str_or_null(n->plan_code));
	json_object_set_new(j, "unit", str_or_null(n->unit));
	if (n->measure)
		json_object_set_new(j, "measure", json_integer(n->measure));
	json_object_set_new(j, "period", str_or_null(n->period));
	json_object_set_new(j, "link", str_or_null(n->link));
	json_object_set_new(j, "text", str_or_null(n->text));
	json_object_set_new(j, "created_at", json_string(n->created_at));
	json_object_set_new(j, "read", json_boolean(n->read_at != NULL));
	return j;
}

static json_t *ratio(const struct sup_score *s, int k)
{
	return s->has_part[k] ? json_real(round(s->part[k] * 10000) / 10000) : json_null();
}

json_t *sup_scorecard_json(const struct sup_scorecard *s)
{
	const struct sup_score_in *c = &s->in;
	json_t *counts = json_object();
	const struct {
		const char *name;
		int v;
	} fields[] = {
		{"owed", c->n_owed},	       {"on_time", c->n_on_time},	 {"late", c->n_late},
		{"missing", c->n_missing},     {"pending", c->n_pending},	 {"submitted", c->n_submitted},
		{"returned", c->n_returned},   {"approved", c->n_approved},	 {"notices", c->n_notices},
		{"open", c->n_open},	       {"answered", c->n_answered},	 {"escalated", c->n_escalated},
		{"unresolved", c->n_unresolved}, {"closed", c->n_closed},	 {"milestones_due", c->n_ms_due},
		{"milestones_done", c->n_ms_done}, {"milestones_overdue", c->n_ms_overdue},
		{"indicators_assessed", c->n_ind_assessed}, {"indicators_on_track", c->n_ind_on_track},
		{"indicators_off_track", c->n_ind_off_track},
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		json_object_set_new(counts, fields[i].name, json_integer(fields[i].v));
	json_t *parts = json_pack("{s:o, s:o, s:o, s:o, s:o}", "on_time", ratio(&s->out, 0), "first_time", ratio(&s->out, 1),
				  "notices", ratio(&s->out, 2), "milestones", ratio(&s->out, 3), "indicators",
				  ratio(&s->out, 4));
	json_t *j = json_object();
	json_object_set_new(j, "unit", json_string(s->unit));
	json_object_set_new(j, "region", str_or_null(s->region));
	json_object_set_new(j, "counts", counts);
	json_object_set_new(j, "parts", parts);
	json_object_set_new(j, "score", s->out.has_score ? json_real(round(s->out.score * 10) / 10) : json_null());
	return j;
}
