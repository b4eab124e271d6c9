/* sup.c - the operations of task supervision (see sup.h): the principal's right and what it
 * may see around supervise/'s operations, whose single refusal joins the list. */
#include <string.h>

#include "app/sup.h"
#include "base/clock.h"
#include "base/str.h"
#include "base/banned.h"

/* supervise/'s refusal err (after rc) as an entry of errs, shown as "cycle.err_<code>". */
static enum status sup_refused(struct diag_list *errs, enum status rc, const struct sup_error *err)
{
	if (rc == ST_OK || !err->code)
		return rc;
	struct diag *d = diag_add(errs, NULL, 0, 0, err->field, err->code, "%s", err->msg ? err->msg : err->code);
	if (d)
		d->key = arena_printf(errs->arena, "cycle.err_%s", err->code);
	return rc;
}

/* The code of the plan supervision works on (app_plan: the context's, else the default). */
static enum status plan_code(struct app_ctx *x, const char **code)
{
	const struct plan *p;
	enum status rc = app_plan(x, &p);
	*code = rc == ST_OK ? p->info.code : NULL;
	return rc;
}

/* The cycle of the context's plan for period (any spelling): ST_INVALID "bad_period",
 * ST_NOT_FOUND "no_cycle". */
static enum status find_cycle(struct app_ctx *x, const char *period, struct sup_cycle **out, struct diag_list *errs)
{
	struct sup_error err = {0};
	const char *code;
	enum status rc = plan_code(x, &code);
	if (rc != ST_OK)
		return rc;
	return sup_refused(errs, sup_cycle_find(x->store, x->arena, code, period, out, &err), &err);
}

enum status app_sup_plan_of(struct app_ctx *x, const char *code, const struct plan **out)
{
	enum status rc = app_plan(x, out);
	if (rc != ST_OK || !code || strcmp((*out)->info.code, code) == 0)
		return rc;
	struct plan *p = NULL;
	rc = store_plan_get(x->store, x->arena, code, 0, &p);
	*out = rc == ST_OK ? p : NULL;
	return rc;
}

/* ---- cycles ------------------------------------------------------------------------------------ */

enum status app_cycles(struct app_ctx *x, struct sup_cycle **rows, size_t *n)
{
	const char *code;
	enum status rc = app_authorize(x, ACT_READ_INTERNAL, NULL, NULL);
	if (rc == ST_OK)
		rc = plan_code(x, &code);
	if (rc != ST_OK)
		return rc;
	return store_sup_cycles(x->store, x->arena, code, rows, n);
}

enum status app_cycle_pick(struct app_ctx *x, const char *period, struct sup_cycle **out)
{
	struct sup_error err;
	const char *code;
	enum status rc = app_authorize(x, ACT_READ_INTERNAL, NULL, NULL);
	if (rc == ST_OK)
		rc = plan_code(x, &code);
	if (rc != ST_OK)
		return rc;
	if (period) {
		rc = sup_cycle_find(x->store, x->arena, code, period, out, &err);
		return rc == ST_INVALID ? ST_NOT_FOUND : rc;
	}
	rc = sup_cycle_current(x->store, x->arena, code, out);
	if (rc != ST_NOT_FOUND)
		return rc;
	struct sup_cycle *rows;
	size_t n;
	rc = store_sup_cycles(x->store, x->arena, code, &rows, &n);
	if (rc == ST_OK && !n)
		return ST_NOT_FOUND;
	if (rc == ST_OK)
		*out = &rows[0];
	return rc;
}

enum status app_cycle_open(struct app_ctx *x, const char *period, const char *deadline, struct sup_cycle **out,
			   struct diag_list *errs)
{
	const struct plan *p;
	struct sup_error err = {0};
	enum status rc = app_authorize(x, ACT_SUPERVISE, NULL, errs);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc == ST_OK)
		rc = app_errors_status(errs);
	if (rc != ST_OK)
		return rc;
	return sup_refused(errs, sup_cycle_open(x->store, x->arena, p, period, deadline, out, &err), &err);
}

enum status app_cycle_close(struct app_ctx *x, const char *period, struct sup_cycle **out, struct diag_list *errs)
{
	struct sup_cycle *c;
	enum status rc = app_authorize(x, ACT_SUPERVISE, NULL, errs);
	if (rc == ST_OK)
		rc = find_cycle(x, period, &c, errs);
	if (rc != ST_OK)
		return rc;
	rc = store_sup_cycle_close(x->store, c->plan_code, c->period);
	if (rc == ST_CONFLICT)
		return app_refuse(errs, rc, NULL, "cycle_closed", "cycle.err_cycle_closed", "the cycle is closed already");
	if (rc != ST_OK)
		return rc;
	return store_sup_cycle_get(x->store, x->arena, c->plan_code, c->period, out);
}

int app_report_visible(struct app_ctx *x, const struct plan *p, int measure, const char *unit,
		       const struct sup_report *rep)
{
	size_t n_lead;
	const char **leads = sup_lead_units(x->arena, p, measure, &n_lead);
	return sup_report_visible(x->who, unit, rep ? rep->state : REPORT_DRAFT, leads, n_lead);
}

enum status app_cycle_status(struct app_ctx *x, const char *period, time_t now, struct app_cycle_status *out,
			     struct diag_list *errs)
{
	const struct plan *p;
	struct sup_owed *owed;
	size_t n;
	memset(out, 0, sizeof(*out));
	enum status rc = app_authorize(x, ACT_READ_INTERNAL, NULL, errs);
	if (rc == ST_OK)
		rc = period ? find_cycle(x, period, &out->cycle, errs) : app_cycle_pick(x, NULL, &out->cycle);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc == ST_OK)
		rc = sup_cycle_owed(x->store, x->arena, out->cycle, now, &owed, &n);
	if (rc != ST_OK)
		return rc;
	out->rows = arena_calloc(x->arena, n + 1, sizeof(*out->rows));
	out->n = n;
	for (size_t i = 0; i < n; i++) {
		struct app_owed *o = &out->rows[i];
		o->owed = owed[i];
		o->is_visible = app_report_visible(x, p, owed[i].duty.measure, owed[i].duty.unit, owed[i].report);
		if (o->is_visible) {
			out->n_visible++;
			out->count[owed[i].timeliness]++;
		}
	}
	return ST_OK;
}

/* ---- progress reports ------------------------------------------------------------------------ */

/* The key's cycle, measure and unit, all known (the plan's copy of the unit code), else
 * ST_NOT_FOUND. */
static enum status resolve_key(struct app_ctx *x, const struct app_report_key *k, struct sup_cycle **c, const char **unit)
{
	const struct plan *p;
	struct sup_error err;
	enum status rc = app_plan(x, &p);
	if (rc != ST_OK)
		return rc;
	int u = k->unit ? plan_find_unit(p, k->unit) : -1;
	if (k->measure < 1 || plan_find_measure(p, k->measure) < 0 || u < 0)
		return ST_NOT_FOUND;
	*unit = p->units[u].code;
	rc = sup_cycle_find(x->store, x->arena, p->info.code, k->period, c, &err);
	return rc == ST_INVALID ? ST_NOT_FOUND : rc;
}

/* The key and its duty (ST_NOT_FOUND when the cycle owes no such report), and when must_see
 * the principal's sight of it; the revisions only when want_history. */
static enum status load_report(struct app_ctx *x, const struct app_report_key *k, int must_see, struct app_report_view *v)
{
	const struct plan *p;
	struct sup_owed *owed;
	size_t n;
	memset(v, 0, sizeof(*v));
	v->measure = k->measure;
	enum status rc = resolve_key(x, k, &v->cycle, &v->unit);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc == ST_OK)
		rc = sup_cycle_owed(x->store, x->arena, v->cycle, clock_now(), &owed, &n);
	if (rc != ST_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (owed[i].duty.measure == v->measure && strcmp(owed[i].duty.unit, v->unit) == 0)
			v->owed = &owed[i];
	if (!v->owed || (must_see && !app_report_visible(x, p, v->measure, v->unit, v->owed->report)))
		return ST_NOT_FOUND;
	struct scope sc = {v->unit, NULL};
	v->may_write = authz_check(x->who, ACT_WRITE_REPORT, &sc) == ST_OK;
	return ST_OK;
}

enum status app_report_get(struct app_ctx *x, const struct app_report_key *key, struct app_report_view *out)
{
	enum status rc = app_authorize(x, ACT_READ_INTERNAL, NULL, NULL);
	if (rc == ST_OK)
		rc = load_report(x, key, 1, out);
	if (rc == ST_OK)
		rc = store_sup_report_history(x->store, x->arena, out->cycle->id, out->measure, out->unit, &out->revisions,
					      &out->n_revisions);
	if (rc == ST_OK)
		rc = store_sup_evidence_list(x->store, x->arena, out->cycle->id, out->measure, out->unit, &out->evidence,
					     &out->n_evidence);
	return rc;
}

enum status app_reports(struct app_ctx *x, const char *period, int measure, const char *unit, struct sup_report **rows,
			size_t *n, struct diag_list *errs)
{
	const struct plan *p;
	struct sup_cycle *c = NULL;
	struct sup_report *all;
	size_t n_all;
	enum status rc = app_authorize(x, ACT_READ_INTERNAL, NULL, errs);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc == ST_OK && period)
		rc = find_cycle(x, period, &c, errs);
	if (rc == ST_OK)
		rc = store_sup_reports(x->store, x->arena, c ? c->id : 0, measure, unit, &all, &n_all);
	if (rc != ST_OK)
		return rc;
	*rows = arena_calloc(x->arena, n_all + 1, sizeof(**rows));
	*n = 0;
	for (size_t i = 0; i < n_all; i++)
		if (strcmp(all[i].plan_code, p->info.code) == 0 && app_report_visible(x, p, all[i].measure, all[i].unit, &all[i]))
			(*rows)[(*n)++] = all[i];
	return ST_OK;
}

/* The key for a write by the unit: ST_NOT_FOUND when it is not owed, ST_DENIED when the
 * principal does not write for its unit (nothing about the report is told). */
static enum status writable(struct app_ctx *x, const struct app_report_key *key, struct app_report_view *v,
			    struct diag_list *errs)
{
	enum status rc = load_report(x, key, 0, v);
	if (rc != ST_OK)
		return rc;
	struct scope sc = {v->unit, NULL};
	return app_authorize(x, ACT_WRITE_REPORT, &sc, errs);
}

enum status app_report_save(struct app_ctx *x, const struct app_report_key *key, const struct sup_report_input *in,
			    int is_submit, int expect_revision, struct sup_report **out, struct diag_list *errs)
{
	const struct plan *p;
	struct app_report_view v;
	struct sup_error err = {0};
	enum status rc = writable(x, key, &v, errs);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc == ST_OK)
		rc = app_errors_status(errs);
	if (rc != ST_OK)
		return rc;
	rc = sup_report_save(x->store, x->arena, p, v.cycle, v.measure, v.unit, in, is_submit, expect_revision, out, &err);
	return sup_refused(errs, rc, &err);
}

enum status app_report_review(struct app_ctx *x, const struct app_report_key *key, int is_approve, const char *reason,
			      int expect_revision, struct sup_report **out, struct diag_list *errs)
{
	struct app_report_view v;
	struct sup_error err = {0};
	enum status rc = app_authorize(x, ACT_SUPERVISE, NULL, errs);
	if (rc == ST_OK)
		rc = load_report(x, key, 0, &v);
	if (rc == ST_OK)
		rc = app_errors_status(errs);
	if (rc != ST_OK)
		return rc;
	rc = sup_report_review(x->store, x->arena, v.cycle, v.measure, v.unit, is_approve, reason, expect_revision, out, &err);
	return sup_refused(errs, rc, &err);
}

enum status app_evidence_add(struct app_ctx *x, const struct app_report_key *key, const char *name, const void *data,
			     size_t len, struct sup_evidence **out, struct diag_list *errs)
{
	struct app_report_view v;
	struct sup_error err = {0};
	long long id;
	enum status rc = writable(x, key, &v, errs);
	if (rc == ST_OK)
		rc = app_errors_status(errs);
	if (rc != ST_OK)
		return rc;
	if (!x->sup)
		return ST_USAGE; /* a front end that takes files gives the settings */
	rc = sup_evidence_add(x->store, x->arena, x->sup, v.cycle, v.measure, v.unit, name, data ? data : "", len,
			      x->who->user_id, &id, &err);
	if (rc != ST_OK)
		return sup_refused(errs, rc, &err);
	return store_sup_evidence_get(x->store, x->arena, id, out, NULL);
}

enum status app_evidence_get(struct app_ctx *x, long long id, struct sup_evidence **out)
{
	const struct plan *p;
	struct sup_report *rows;
	size_t n;
	enum status rc = app_authorize(x, ACT_READ_INTERNAL, NULL, NULL);
	if (rc == ST_OK)
		rc = store_sup_evidence_get(x->store, x->arena, id, out, NULL);
	if (rc == ST_OK)
		rc = app_sup_plan_of(x, (*out)->plan_code, &p); /* the file's plan, whichever the context's */
	if (rc == ST_OK)
		rc = store_sup_reports(x->store, x->arena, (*out)->cycle_id, (*out)->measure, (*out)->unit, &rows, &n);
	if (rc != ST_OK)
		return rc;
	return app_report_visible(x, p, (*out)->measure, (*out)->unit, n ? &rows[0] : NULL) ? ST_OK : ST_NOT_FOUND;
}

/* ---- notices ----------------------------------------------------------------------------------- */

enum status app_notices(struct app_ctx *x, const struct app_notice_filter *f, struct sup_notice **rows, size_t *n)
{
	struct sup_notice_filter sf = {0};
	char now[32];
	struct sup_notice *all;
	size_t n_all;
	const char *code;
	enum status rc = app_authorize(x, ACT_READ_INTERNAL, NULL, NULL);
	if (rc == ST_OK)
		rc = plan_code(x, &code);
	if (rc != ST_OK)
		return rc;
	if (f)
		sf = f->store;
	sf.plan_code = code;
	if (!sf.overdue_at) {
		clock_format_utc(clock_now(), now);
		sf.overdue_at = now;
	}
	rc = store_sup_notices(x->store, x->arena, &sf, &all, &n_all);
	if (rc != ST_OK)
		return rc;
	*rows = arena_calloc(x->arena, n_all + 1, sizeof(**rows));
	*n = 0;
	for (size_t i = 0; i < n_all; i++) {
		if (!sup_notice_visible(x->who, all[i].unit) || (f && f->has_status && all[i].status != f->status) ||
		    (f && f->level && all[i].level != f->level))
			continue;
		(*rows)[(*n)++] = all[i];
	}
	return ST_OK;
}

enum status app_notice_get(struct app_ctx *x, long long id, struct sup_notice **out, struct sup_reply **replies,
			   size_t *n_replies)
{
	enum status rc = app_authorize(x, ACT_READ_INTERNAL, NULL, NULL);
	if (rc == ST_OK)
		rc = store_sup_notice_get(x->store, x->arena, id, out);
	if (rc == ST_OK && !sup_notice_visible(x->who, (*out)->unit))
		rc = ST_NOT_FOUND;
	if (rc == ST_OK && replies)
		rc = store_sup_notice_replies(x->store, x->arena, id, replies, n_replies);
	return rc;
}

enum status app_notice_raise(struct app_ctx *x, const struct app_notice_new *in, struct sup_notice **out,
			     struct diag_list *errs)
{
	const struct plan *p;
	struct sup_error err = {0};
	long long id;
	enum status rc = app_authorize(x, ACT_SUPERVISE, NULL, errs);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc == ST_OK)
		rc = app_errors_status(errs);
	if (rc != ST_OK)
		return rc;
	rc = sup_notice_raise_manual(x->store, p, in->unit, in->measure, in->subject, in->body, in->reply_days, &id, &err);
	if (rc != ST_OK)
		return sup_refused(errs, rc, &err);
	return store_sup_notice_get(x->store, x->arena, id, out);
}

enum status app_notice_reply(struct app_ctx *x, long long id, const char *body, struct diag_list *errs)
{
	struct sup_notice *n;
	struct sup_error err = {0};
	enum status rc = app_notice_get(x, id, &n, NULL, NULL);
	if (rc != ST_OK)
		return rc;
	struct scope sc = {n->unit, NULL};
	rc = app_authorize(x, ACT_WRITE_REPORT, &sc, errs);
	if (rc == ST_OK)
		rc = app_errors_status(errs);
	if (rc != ST_OK)
		return rc;
	return sup_refused(errs, sup_notice_reply(x->store, x->arena, id, body, &err), &err);
}

enum status app_notice_close(struct app_ctx *x, long long id, const char *note, struct diag_list *errs)
{
	struct sup_notice *n;
	struct sup_error err = {0};
	enum status rc = app_authorize(x, ACT_SUPERVISE, NULL, errs);
	if (rc == ST_OK)
		rc = app_notice_get(x, id, &n, NULL, NULL);
	if (rc == ST_OK)
		rc = app_errors_status(errs);
	if (rc != ST_OK)
		return rc;
	return sup_refused(errs, sup_notice_close(x->store, x->arena, id, note, &err), &err);
}

/* ---- notice rules ------------------------------------------------------------------------------ */

enum status app_notice_rules(struct app_ctx *x, struct sup_rule **rows, size_t *n)
{
	enum status rc = app_authorize(x, ACT_SUPERVISE, NULL, NULL);
	if (rc != ST_OK)
		return rc;
	return store_sup_rules(x->store, x->arena, rows, n);
}

/* The rule code among rows[0..n), or NULL. */
static struct sup_rule *rule_of(struct sup_rule *rows, size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(rows[i].code, code) == 0)
			return &rows[i];
	return NULL;
}

/* A rule's name as typed: trimmed into the arena; a refusal when empty or not text. */
static const char *rule_name(struct app_ctx *x, const char *field, const char *typed, struct diag_list *errs)
{
	struct str t = str_trim(str_of(typed));
	const char *name = arena_strndup(x->arena, t.p, t.len);
	if (!t.len || !app_text_is_valid(name, APP_RULE_NAME_MAX_BYTES, 0))
		(void)app_refuse(errs, ST_INVALID, field, "bad_value", "notice.err_rule_value",
				 "a rule's name is text of 1 to %d bytes", APP_RULE_NAME_MAX_BYTES);
	return name;
}

/* A day count or period count member in [min, max]. */
static void rule_number(int has, int value, int min, int max, const char *field, int *out, struct diag_list *errs)
{
	if (!has)
		return;
	if (value < min || value > max)
		(void)app_refuse(errs, ST_INVALID, field, "bad_value", "notice.err_rule_value", "%s is a whole number from %d to %d",
				 field, min, max);
	else
		*out = value;
}

enum status app_notice_rule_update(struct app_ctx *x, const char *code, const struct app_rule_change *in,
				   struct sup_rule **out, struct diag_list *errs)
{
	struct sup_rule *rows, *rule;
	size_t n;
	enum status rc = app_authorize(x, ACT_EDIT_PLAN, NULL, errs);
	if (rc == ST_OK)
		rc = store_sup_rules(x->store, x->arena, &rows, &n);
	if (rc != ST_OK)
		return rc;
	if (!(rule = rule_of(rows, n, code)))
		return ST_NOT_FOUND;
	/* one validation for the admin form and the API: every member checked, names trimmed */
	struct sup_rule next = *rule;
	if (in->name_zh)
		next.name_zh = rule_name(x, "name_zh", in->name_zh, errs);
	if (in->name_en)
		next.name_en = rule_name(x, "name_en", in->name_en, errs);
	if (in->has_enabled)
		next.is_enabled = in->is_enabled != 0;
	rule_number(in->has_grace_days, in->grace_days, 0, 365, "grace_days", &next.grace_days, errs);
	rule_number(in->has_reply_days, in->reply_days, 1, 365, "reply_days", &next.reply_days, errs);
	rule_number(in->has_escalate_days, in->escalate_days, 0, 365, "escalate_days", &next.escalate_days, errs);
	rule_number(in->has_periods, in->periods, 1, 12, "periods", &next.periods, errs);
	if ((rc = app_errors_status(errs)) != ST_OK)
		return rc;
	rc = store_sup_rule_update(x->store, &next);
	if (rc == ST_INVALID)
		return app_refuse(errs, rc, NULL, "bad_value", "notice.err_rule_value", "a value is out of range");
	if (rc == ST_OK)
		rc = store_sup_rules(x->store, x->arena, &rows, &n);
	if (rc != ST_OK)
		return rc;
	*out = rule_of(rows, n, code);
	return *out ? ST_OK : ST_NOT_FOUND;
}

/* ---- milestones -------------------------------------------------------------------------------- */

enum status app_milestones(struct app_ctx *x, int measure, struct sup_milestone **rows, size_t *n)
{
	const struct plan *p;
	enum status rc = app_authorize(x, ACT_READ_INTERNAL, NULL, NULL);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc != ST_OK)
		return rc;
	return store_sup_milestones(x->store, x->arena, p->info.code, measure, rows, n);
}

enum status app_milestone_save(struct app_ctx *x, const struct sup_milestone *m, enum app_milestone_mode mode,
			       struct sup_milestone **out, int *is_new, int *is_changed, struct diag_list *errs)
{
	const struct plan *p;
	struct sup_milestone *rows, *old = NULL;
	size_t n;
	*is_new = *is_changed = 0;
	enum status rc = app_authorize(x, ACT_EDIT_PLAN, NULL, errs);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc == ST_OK)
		rc = store_sup_milestones(x->store, x->arena, p->info.code, 0, &rows, &n);
	if (rc != ST_OK)
		return rc;
	for (size_t i = 0; m->code && i < n; i++)
		if (strcmp(rows[i].code, m->code) == 0)
			old = &rows[i];
	if (mode == APP_MILESTONE_EDIT && !old)
		return ST_NOT_FOUND;
	struct sup_milestone next = *m;
	next.plan_code = p->info.code;
	if (!next.code)
		next.code = "";
	if (mode == APP_MILESTONE_EDIT) {
		next.measure = old->measure;
		next.title_en = old->title_en;
	}
	if (mode == APP_MILESTONE_NEW && old)
		diag_set_value(errs, diag_add(errs, NULL, 0, 0, "code", "duplicate_code", "a milestone with code '%s' exists already",
					      next.code),
			       next.code, strlen(next.code));
	(void)milestone_check(p, &next, errs);
	if ((rc = app_errors_status(errs)) != ST_OK)
		return rc;
	const char *bad;
	if (next.indicators) /* stored as codes, however they were given */
		next.indicators = milestone_indicator_codes(x->arena, p, next.indicators, &bad);
	size_t n_new, n_changed;
	rc = store_sup_milestones_upsert(x->store, &next, 1, &n_new, &n_changed, NULL);
	if (rc == ST_OK)
		rc = store_sup_milestones(x->store, x->arena, p->info.code, next.measure, &rows, &n);
	if (rc != ST_OK)
		return rc;
	*is_new = n_new > 0;
	*is_changed = n_changed > 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].code, next.code) == 0) {
			*out = &rows[i];
			return ST_OK;
		}
	return ST_NOT_FOUND;
}

enum status app_milestones_import(struct app_ctx *x, const char *name, const void *data, size_t len,
				  const struct milestones_opts *opts, struct milestones_result *res, struct diag_list *errs)
{
	const struct plan *p;
	memset(res, 0, sizeof(*res));
	enum status rc = app_authorize(x, ACT_EDIT_PLAN, NULL, errs);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc != ST_OK)
		return rc;
	return milestones_import(x->store, x->arena, p, name, data, len, opts, res, errs);
}

/* ---- inbox ----------------------------------------------------------------------------------------- */

enum status app_inbox(struct app_ctx *x, int is_unread_only, int limit, struct sup_notification **rows, size_t *n,
		      long long *unread)
{
	enum status rc = app_authorize(x, ACT_OWN_ACCOUNT, NULL, NULL);
	if (rc == ST_OK)
		rc = store_sup_inbox(x->store, x->arena, x->who->user_id, is_unread_only, limit, rows, n);
	if (rc == ST_OK)
		rc = store_sup_inbox_unread(x->store, x->who->user_id, unread);
	return rc;
}

enum status app_inbox_read(struct app_ctx *x, long long id, long long *unread)
{
	enum status rc = app_authorize(x, ACT_OWN_ACCOUNT, NULL, NULL);
	if (rc == ST_OK)
		rc = store_sup_inbox_read(x->store, x->who->user_id, id);
	if (rc == ST_OK)
		rc = store_sup_inbox_unread(x->store, x->who->user_id, unread);
	return rc;
}

/* ---- periodic work and scorecards --------------------------------------------------------------- */

enum status app_tick(struct app_ctx *x, time_t now, struct sup_tick_result *res)
{
	enum status rc = app_authorize(x, ACT_SUPERVISE, NULL, NULL);
	if (rc != ST_OK)
		return rc;
	if (!x->sup)
		return ST_USAGE;
	return supervise_tick(x->store, x->sup, now, res);
}

enum status app_scorecards(struct app_ctx *x, const char *period, int is_city, time_t now, struct sup_cycle **cycle,
			   struct sup_scorecard **rows, size_t *n)
{
	const struct plan *p;
	enum status rc = app_authorize(x, ACT_READ_INTERNAL, NULL, NULL);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc != ST_OK)
		return rc;
	if (period) {
		struct sup_error err;
		rc = sup_cycle_find(x->store, x->arena, p->info.code, period, cycle, &err);
		if (rc == ST_INVALID)
			rc = ST_NOT_FOUND;
	} else {
		struct sup_cycle *all;
		size_t n_all;
		rc = store_sup_cycles(x->store, x->arena, p->info.code, &all, &n_all);
		if (rc == ST_OK && !n_all)
			rc = ST_NOT_FOUND;
		if (rc == ST_OK)
			*cycle = &all[0];
	}
	if (rc != ST_OK)
		return rc;
	return sup_scorecards(x->store, x->arena, p, (*cycle)->period, is_city, now, rows, n);
}
