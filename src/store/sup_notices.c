/* sup_notices.c - milestones, notice rules, 督办 notices and their replies.
 * A notice's moves are conditional updates (escalate only what is still open, close only what
 * is not closed), so periodic work running on several servers at once changes it once. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "store/sup.h"
#include "base/banned.h"

/* ---- milestones ------------------------------------------------------------------------------ */

#define MILESTONE_COLUMNS                                                                                   \
	"id, plan_code, code, measure, title_zh, title_en, owner, due_date, deliverable_zh, indicators, done_on," \
	" created_at, updated_at, updated_by"

static void read_milestone(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	(void)ctx;
	struct sup_milestone *m = elem;
	memset(m, 0, sizeof(*m));
	m->id = db_int(st, 0);
	m->plan_code = db_text(a, st, 1), m->code = db_text(a, st, 2), m->measure = db_int(st, 3);
	m->title_zh = db_text(a, st, 4), m->title_en = db_text(a, st, 5), m->owner = db_text(a, st, 6);
	m->due_date = db_text(a, st, 7), m->deliverable_zh = db_text(a, st, 8);
	m->indicators = db_text(a, st, 9), m->done_on = db_text(a, st, 10);
	m->created_at = db_text(a, st, 11), m->updated_at = db_text(a, st, 12), m->updated_by = db_text(a, st, 13);
}

static json_t *milestone_json(const struct sup_milestone *m)
{
	return json_pack("{s:s, s:s, s:i, s:s, s:s?, s:s, s:s, s:s?, s:s?, s:s?}", "plan", m->plan_code, "code", m->code,
			 "measure", m->measure, "title_zh", m->title_zh, "title_en", m->title_en, "owner", m->owner, "due_date",
			 m->due_date, "deliverable_zh", m->deliverable_zh, "indicators", m->indicators, "done_on", m->done_on);
}

static int same_milestone(const struct sup_milestone *x, const struct sup_milestone *y)
{
	return x->measure == y->measure && streq(x->title_zh, y->title_zh) && streq(x->title_en, y->title_en) &&
	       streq(x->owner, y->owner) && streq(x->due_date, y->due_date) && streq(x->deliverable_zh, y->deliverable_zh) &&
	       streq(x->indicators, y->indicators) && streq(x->done_on, y->done_on);
}

enum status store_sup_milestones_upsert(struct store *s, const struct sup_milestone *rows, size_t n, size_t *n_new,
					size_t *n_changed, size_t *n_unchanged)
{
	struct arena *a = arena_new();
	char now[32];
	size_t k_new = 0, k_changed = 0, k_same = 0;
	enum status rc = ST_STORE;
	db_now(now);
	struct db_stmt *get = db_prep(s, a, "SELECT " MILESTONE_COLUMNS " FROM milestones WHERE plan_code = ? AND code = ?");
	struct db_stmt *ins = db_prep(s, a,
				    "INSERT INTO milestones (plan_code, code, measure, title_zh, title_en, owner, due_date,"
				    " deliverable_zh, indicators, done_on, created_at, updated_at, updated_by)"
				    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11,?12)");
	struct db_stmt *upd = db_prep(s, a,
				    "UPDATE milestones SET measure = ?3, title_zh = ?4, title_en = ?5, owner = ?6, due_date = ?7,"
				    " deliverable_zh = ?8, indicators = ?9, done_on = ?10, updated_at = ?11, updated_by = ?12"
				    " WHERE plan_code = ?1 AND code = ?2");
	if (!get || !ins || !upd)
		goto out;
	rc = db_begin(s);
	if (rc != ST_OK)
		goto out;
	const char *who = db_actor(s);
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		const struct sup_milestone *m = &rows[i];
		struct sup_milestone old;
		db_bind_text(get, 1, m->plan_code), db_bind_text(get, 2, m->code);
		rc = db_row(get);
		int exists = rc == ST_OK;
		if (exists)
			read_milestone(a, get, &old, NULL);
		db_reset(get);
		if (rc == ST_STORE)
			break;
		rc = ST_OK;
		if (exists && same_milestone(&old, m)) {
			k_same++;
			continue;
		}
		struct db_stmt *st = exists ? upd : ins;
		db_bind_text(st, 1, m->plan_code), db_bind_text(st, 2, m->code), db_bind_int(st, 3, m->measure);
		db_bind_text(st, 4, m->title_zh), db_bind_text(st, 5, m->title_en), db_bind_text(st, 6, m->owner);
		db_bind_text(st, 7, m->due_date), db_bind_text(st, 8, m->deliverable_zh), db_bind_text(st, 9, m->indicators);
		db_bind_text(st, 10, m->done_on), db_bind_text(st, 11, now), db_bind_text(st, 12, who);
		rc = db_run(st);
		if (rc != ST_OK)
			break;
		json_t *bj = exists ? milestone_json(&old) : NULL, *aj = milestone_json(m);
		char *bt = bj ? json_dumps(bj, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
		char *at = aj ? json_dumps(aj, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
		json_decref(bj), json_decref(aj);
		rc = db_audit(s, exists ? "milestone.update" : "milestone.add", "milestone",
			      arena_printf(a, "%s/%s", m->plan_code, m->code), bt, at);
		free(bt), free(at);
		if (exists)
			k_changed++;
		else
			k_new++;
	}
	if (rc == ST_OK) {
		rc = db_commit(s);
	} else {
		rc = db_classify(s, rc);
		db_rollback(s);
	}
out:
	if (n_new)
		*n_new = rc == ST_OK ? k_new : 0;
	if (n_changed)
		*n_changed = rc == ST_OK ? k_changed : 0;
	if (n_unchanged)
		*n_unchanged = rc == ST_OK ? k_same : 0;
	arena_free(a);
	return rc;
}

enum status store_sup_milestones(struct store *s, struct arena *a, const char *plan_code, int measure,
				 struct sup_milestone **rows, size_t *n)
{
	struct db_stmt *st = db_prep(s, a,
				   "SELECT " MILESTONE_COLUMNS " FROM milestones WHERE (CAST(?1 AS TEXT) IS NULL OR plan_code = ?1)"
				   " AND (?2 = 0 OR measure = ?2) ORDER BY measure, due_date, code");
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, plan_code), db_bind_int(st, 2, measure);
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**rows), 0, read_milestone, NULL, &v, n);
	*rows = v;
	return rc;
}

/* ---- rules ----------------------------------------------------------------------------------- */

#define RULE_COLUMNS "code, kind, name_zh, name_en, is_enabled, grace_days, reply_days, escalate_days, periods, updated_at, updated_by"

static void read_rule(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	(void)ctx;
	struct sup_rule *r = elem;
	memset(r, 0, sizeof(*r));
	r->code = db_text(a, st, 0);
	if (!notice_rule_kind_parse(db_peek(st, 1), &r->kind))
		r->kind = NRULE_REPORT_MISSING;
	r->name_zh = db_text(a, st, 2), r->name_en = db_text(a, st, 3);
	r->is_enabled = db_int(st, 4), r->grace_days = db_int(st, 5);
	r->reply_days = db_int(st, 6), r->escalate_days = db_int(st, 7);
	r->periods = db_int(st, 8), r->updated_at = db_text(a, st, 9), r->updated_by = db_text(a, st, 10);
}

static json_t *rule_json(const struct sup_rule *r)
{
	return json_pack("{s:s, s:s, s:s, s:b, s:i, s:i, s:i, s:i}", "code", r->code, "name_zh", r->name_zh, "name_en",
			 r->name_en, "enabled", r->is_enabled, "grace_days", r->grace_days, "reply_days", r->reply_days,
			 "escalate_days", r->escalate_days, "periods", r->periods);
}

enum status store_sup_rules(struct store *s, struct arena *a, struct sup_rule **rows, size_t *n)
{
	struct db_stmt *st = db_prep(s, a, "SELECT " RULE_COLUMNS " FROM notice_rules ORDER BY code");
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**rows), 0, read_rule, NULL, &v, n);
	*rows = v;
	return rc;
}

enum status store_sup_rule_update(struct store *s, const struct sup_rule *r)
{
	struct arena *a = arena_new();
	char now[32];
	enum status rc = ST_STORE;
	db_now(now);
	struct db_stmt *get = db_prep(s, a, "SELECT " RULE_COLUMNS " FROM notice_rules WHERE code = ?");
	struct db_stmt *upd = db_prep(s, a,
				    "UPDATE notice_rules SET name_zh = ?, name_en = ?, is_enabled = ?, grace_days = ?, reply_days = ?,"
				    " escalate_days = ?, periods = ?, updated_at = ?, updated_by = ? WHERE code = ?");
	if (!get || !upd)
		goto out;
	rc = db_begin(s);
	if (rc != ST_OK)
		goto out;
	db_bind_text(get, 1, r->code);
	rc = db_row(get);
	struct sup_rule old;
	if (rc != ST_OK) {
		db_rollback(s);
		goto out;
	}
	read_rule(a, get, &old, NULL);
	db_reset(get);
	db_bind_text(upd, 1, r->name_zh), db_bind_text(upd, 2, r->name_en), db_bind_int(upd, 3, r->is_enabled != 0);
	db_bind_int(upd, 4, r->grace_days), db_bind_int(upd, 5, r->reply_days), db_bind_int(upd, 6, r->escalate_days);
	db_bind_int(upd, 7, r->periods), db_bind_text(upd, 8, now), db_bind_text(upd, 9, db_actor(s));
	db_bind_text(upd, 10, r->code);
	rc = db_classify(s, db_run(upd));
	if (rc != ST_OK) {
		db_rollback(s);
		goto out;
	}
	json_t *bj = rule_json(&old), *aj = rule_json(r);
	char *bt = bj ? json_dumps(bj, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *at = aj ? json_dumps(aj, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(bj), json_decref(aj);
	rc = db_audit(s, "rule.update", "notice_rule", r->code, bt, at);
	free(bt), free(at);
	if (rc == ST_OK)
		rc = db_commit(s);
	else
		db_rollback(s);
out:
	arena_free(a);
	return rc;
}

/* ---- notices --------------------------------------------------------------------------------- */

#define NOTICE_COLUMNS                                                                                           \
	"n.id, n.rule_code, n.dedup_key, n.unit, n.measure, n.period, coalesce(n.cycle_id, 0),"                     \
	" coalesce(n.milestone_id, 0), n.indicator, n.region, n.subject, n.body, n.level, n.status, n.reply_due,"    \
	" n.raised_at, n.raised_by, n.answered_at, n.escalated_at, n.closed_at, n.closed_by, n.close_note,"          \
	" (SELECT count(*) FROM notice_replies r WHERE r.notice_id = n.id), n.plan_code"

static void read_notice(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	(void)ctx;
	struct sup_notice *n = elem;
	memset(n, 0, sizeof(*n));
	n->id = db_int(st, 0);
	n->rule_code = db_text(a, st, 1), n->dedup_key = db_text(a, st, 2), n->unit = db_text(a, st, 3);
	n->measure = db_int(st, 4), n->period = db_text(a, st, 5);
	n->cycle_id = db_int(st, 6), n->milestone_id = db_int(st, 7);
	n->indicator = db_text(a, st, 8), n->region = db_text(a, st, 9);
	n->subject = db_text(a, st, 10), n->body = db_text(a, st, 11), n->level = db_int(st, 12);
	if (!notice_status_parse(db_peek(st, 13), &n->status))
		n->status = NOTICE_OPEN;
	n->reply_due = db_text(a, st, 14), n->raised_at = db_text(a, st, 15), n->raised_by = db_text(a, st, 16);
	n->answered_at = db_text(a, st, 17), n->escalated_at = db_text(a, st, 18);
	n->closed_at = db_text(a, st, 19), n->closed_by = db_text(a, st, 20), n->close_note = db_text(a, st, 21);
	n->n_replies = db_int(st, 22);
	n->plan_code = db_text(a, st, 23);
}

enum status store_sup_notice_raise(struct store *s, const struct sup_notice *n, const struct sup_event *ev,
				   long long *id, int *is_new)
{
	struct arena *a = arena_new();
	char now[32], oid[32];
	enum status rc = ST_STORE;
	db_now(now);
	*id = 0;
	*is_new = 0;
	struct db_stmt *ins = db_prep(s, a,
				    "INSERT INTO notices (rule_code, dedup_key, unit, measure, period, cycle_id, milestone_id, indicator,"
				      " region, subject, body, level, status, reply_due, raised_at, raised_by, plan_code)"
				      " VALUES (?,?,?,?,?,?,?,?,?,?,?,1,'open',?,?,?,?) ON CONFLICT DO NOTHING RETURNING id");
	struct db_stmt *old = db_prep(s, a, "SELECT id FROM notices WHERE dedup_key = ?");
	if (!ins || !old)
		goto out;
	rc = db_begin(s);
	if (rc != ST_OK)
		goto out;
	db_bind_text(ins, 1, n->rule_code), db_bind_text(ins, 2, n->dedup_key), db_bind_text(ins, 3, n->unit);
	db_bind_int(ins, 4, n->measure), db_bind_text(ins, 5, n->period), db_bind_opt_int(ins, 6, n->cycle_id != 0, n->cycle_id);
	db_bind_opt_int(ins, 7, n->milestone_id != 0, n->milestone_id), db_bind_text(ins, 8, n->indicator);
	db_bind_text(ins, 9, n->region), db_bind_text(ins, 10, n->subject), db_bind_text(ins, 11, n->body);
	db_bind_text(ins, 12, n->reply_due), db_bind_text(ins, 13, now), db_bind_text(ins, 14, db_actor(s));
	db_bind_text(ins, 15, n->plan_code);
	rc = db_insert(ins, id);
	if (rc == ST_NOT_FOUND) { /* raised before: its id */
		db_bind_text(old, 1, n->dedup_key);
		rc = db_scalar(old, id);
		db_rollback(s);
		goto out;
	}
	if (rc != ST_OK) {
		rc = db_classify(s, rc);
		db_rollback(s);
		goto out;
	}
	db_id_text(*id, oid);
	json_t *aj = json_pack("{s:s, s:s?, s:s, s:i, s:s, s:s, s:s}", "plan", n->plan_code, "rule", n->rule_code, "unit",
			       n->unit, "measure", n->measure, "period", n->period, "subject", n->subject, "reply_due",
			       n->reply_due);
	char *at = aj ? json_dumps(aj, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(aj);
	rc = db_audit(s, "notice.raise", "notice", oid, NULL, at);
	free(at);
	if (rc == ST_OK && ev)
		rc = db_sup_event(s, ev, *id, NULL);
	if (rc == ST_OK)
		rc = db_commit(s);
	else
		db_rollback(s);
	if (rc == ST_OK)
		*is_new = 1;
	else
		*id = 0;
out:
	arena_free(a);
	return rc;
}

enum status store_sup_notice_get(struct store *s, struct arena *a, long long id, struct sup_notice **out)
{
	struct db_stmt *st = db_prep(s, a, "SELECT " NOTICE_COLUMNS " FROM notices n WHERE n.id = ?");
	if (!st)
		return ST_STORE;
	db_bind_int(st, 1, id);
	enum status rc = db_row(st);
	if (rc != ST_OK)
		return rc;
	*out = arena_alloc(a, sizeof(**out));
	read_notice(a, st, *out, NULL);
	db_reset(st);
	return ST_OK;
}

enum status store_sup_notices(struct store *s, struct arena *a, const struct sup_notice_filter *f,
			      struct sup_notice **rows, size_t *n)
{
	static const struct sup_notice_filter all;
	if (!f)
		f = &all;
	/* only the conditions given (as store_obs_current): "?1 IS NULL OR n.unit = ?1" would keep
	 * the planners off notices_by_unit and notices_by_period, a scan of every notice; an absent
	 * one still names its parameter, so the numbering and the types hold (?6 is bound "" then) */
	struct db_stmt *st = db_prep(s, a,
				   arena_printf(a,
						"SELECT " NOTICE_COLUMNS " FROM notices n WHERE %s AND %s AND %s AND %s AND %s AND %s"
						" ORDER BY n.id DESC",
						f->unit ? "n.unit = ?1" : "CAST(?1 AS TEXT) IS NULL",
						f->measure ? "n.measure = ?2" : "?2 = 0",
						f->period ? "n.period = ?3" : "CAST(?3 AS TEXT) IS NULL",
						f->only_unresolved ? "?4 <> 0 AND n.status <> 'closed'" : "?4 = 0",
						f->only_overdue ? "?5 <> 0 AND n.status IN ('open', 'escalated') AND n.reply_due < ?6"
								: "?5 = 0 AND CAST(?6 AS TEXT) IS NOT NULL",
						f->plan_code ? "n.plan_code = ?7" : "CAST(?7 AS TEXT) IS NULL"));
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, f->unit), db_bind_int(st, 2, f->measure), db_bind_text(st, 3, f->period);
	db_bind_int(st, 4, f->only_unresolved), db_bind_int(st, 5, f->only_overdue);
	db_bind_text(st, 6, f->overdue_at ? f->overdue_at : ""), db_bind_text(st, 7, f->plan_code);
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**rows), 0, read_notice, NULL, &v, n);
	*rows = v;
	return rc;
}

static void read_reply(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	(void)ctx;
	struct sup_reply *x = elem;
	x->id = db_int(st, 0), x->notice_id = db_int(st, 1);
	x->body = db_text(a, st, 2), x->created_at = db_text(a, st, 3), x->created_by = db_text(a, st, 4);
}

enum status store_sup_notice_replies(struct store *s, struct arena *a, long long id, struct sup_reply **rows,
				     size_t *n)
{
	struct db_stmt *st = db_prep(s, a,
				   "SELECT id, notice_id, body, created_at, created_by FROM notice_replies WHERE notice_id = ?"
				   " ORDER BY id");
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	db_bind_int(st, 1, id);
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**rows), 0, read_reply, NULL, &v, n);
	*rows = v;
	return rc;
}

/* Run upd (bound by the caller, changing one notice conditionally) with an extra statement
 * (extra, may be NULL) and the audit event and ev, in one transaction; ST_CONFLICT when upd
 * changed nothing, ST_NOT_FOUND when the notice does not exist. */
static enum status notice_move(struct store *s, struct arena *a, long long id, struct db_stmt *upd, struct db_stmt *extra,
			       const char *action, const char *after, const struct sup_event *ev)
{
	char oid[32];
	struct sup_notice *cur;
	enum status rc = db_begin(s);
	if (rc != ST_OK)
		return rc;
	rc = store_sup_notice_get(s, a, id, &cur);
	if (rc == ST_OK)
		rc = db_run(upd);
	if (rc == ST_OK && s->changes == 0)
		rc = ST_CONFLICT;
	if (rc == ST_OK && extra)
		rc = db_run(extra);
	db_id_text(id, oid);
	char before[96];
	if (rc == ST_OK) {
		snprintf(before, sizeof(before), "{\"level\":%d,\"status\":\"%s\"}", cur->level, notice_status_name(cur->status));
		rc = db_audit(s, action, "notice", oid, before, after);
	}
	if (rc == ST_OK && ev)
		rc = db_sup_event(s, ev, id, NULL);
	if (rc != ST_OK) {
		db_rollback(s);
		return rc;
	}
	return db_commit(s);
}

enum status store_sup_notice_reply(struct store *s, long long id, const char *body, const struct sup_event *ev)
{
	struct arena *a = arena_new();
	char now[32];
	enum status rc = ST_STORE;
	db_now(now);
	struct db_stmt *upd = db_prep(s, a,
				    "UPDATE notices SET status = 'answered', answered_at = coalesce(answered_at, ?) WHERE id = ?"
				    " AND status <> 'closed'");
	struct db_stmt *ins = db_prep(s, a,
				    "INSERT INTO notice_replies (notice_id, body, created_at, created_by, user_id) VALUES (?,?,?,?,?)");
	if (upd && ins) {
		db_bind_text(upd, 1, now), db_bind_int(upd, 2, id);
		db_bind_int(ins, 1, id), db_bind_text(ins, 2, body), db_bind_text(ins, 3, now);
		db_bind_text(ins, 4, db_actor(s)), db_bind_opt_int(ins, 5, s->actor_id != 0, s->actor_id);
		rc = notice_move(s, a, id, upd, ins, "notice.reply", "{\"status\":\"answered\"}", ev);
	}
	arena_free(a);
	return rc;
}

enum status store_sup_notice_escalate(struct store *s, long long id, const struct sup_event *ev)
{
	struct arena *a = arena_new();
	char now[32];
	enum status rc = ST_STORE;
	db_now(now);
	struct db_stmt *upd = db_prep(s, a,
				    "UPDATE notices SET status = 'escalated', level = 2, escalated_at = ? WHERE id = ?"
				    " AND status = 'open'");
	if (upd) {
		db_bind_text(upd, 1, now), db_bind_int(upd, 2, id);
		rc = notice_move(s, a, id, upd, NULL, "notice.escalate", "{\"level\":2,\"status\":\"escalated\"}", ev);
	}
	arena_free(a);
	return rc;
}

enum status store_sup_notice_close(struct store *s, long long id, const char *note, const struct sup_event *ev)
{
	struct arena *a = arena_new();
	char now[32];
	enum status rc = ST_STORE;
	db_now(now);
	struct db_stmt *upd = db_prep(s, a,
				    "UPDATE notices SET status = 'closed', closed_at = ?, closed_by = ?, close_note = ? WHERE id = ?"
				    " AND status <> 'closed'");
	if (upd) {
		db_bind_text(upd, 1, now), db_bind_text(upd, 2, db_actor(s));
		db_bind_text(upd, 3, note), db_bind_int(upd, 4, id);
		rc = notice_move(s, a, id, upd, NULL, "notice.close", "{\"status\":\"closed\"}", ev);
	}
	arena_free(a);
	return rc;
}
