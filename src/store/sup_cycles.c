/* sup_cycles.c - reporting cycles, the duties they owe, progress reports (append-only
 * revisions checked against the workflow and an optimistic revision number) and evidence files
 *. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sup.h"
#include "base/banned.h"

/* ---- cycles ---------------------------------------------------------------------------------- */

#define CYCLE_COLUMNS "id, plan_code, period, deadline, status, opened_at, opened_by, closed_at, closed_by"

static void read_cycle(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	(void)ctx;
	struct sup_cycle *c = elem;
	memset(c, 0, sizeof(*c));
	c->id = db_int(st, 0);
	c->plan_code = db_text(a, st, 1), c->period = db_text(a, st, 2), c->deadline = db_text(a, st, 3);
	c->is_open = strcmp(db_peek(st, 4), "open") == 0;
	c->opened_at = db_text(a, st, 5), c->opened_by = db_text(a, st, 6);
	c->closed_at = db_text(a, st, 7), c->closed_by = db_text(a, st, 8);
}

enum status store_sup_cycle_open(struct store *s, const char *plan_code, const char *period, const char *deadline,
				 const struct sup_duty *duties, size_t n, const struct sup_event *evs, size_t n_ev,
				 long long *id)
{
	struct arena *a = arena_new();
	char now[32], oid[32];
	enum status rc = ST_STORE;
	db_now(now);
	*id = 0;
	struct db_stmt *ins = db_prep(s, a,
				    "INSERT INTO cycles (plan_code, period, deadline, status, opened_at, opened_by)"
				    " VALUES (?, ?, ?, 'open', ?, ?) RETURNING id");
	struct db_stmt *duty = db_prep(s, a, "INSERT INTO cycle_duties (cycle_id, measure, unit, role) VALUES (?,?,?,?)");
	if (!ins || !duty)
		goto out;
	db_bind_text(ins, 1, plan_code), db_bind_text(ins, 2, period), db_bind_text(ins, 3, deadline);
	db_bind_text(ins, 4, now), db_bind_text(ins, 5, db_actor(s));
	rc = db_begin(s);
	if (rc != ST_OK)
		goto out;
	rc = db_insert(ins, id);
	if (rc != ST_OK) {
		rc = db_classify(s, rc);
		db_rollback(s);
		goto out;
	}
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		db_bind_int(duty, 1, *id), db_bind_int(duty, 2, duties[i].measure), db_bind_text(duty, 3, duties[i].unit);
		db_bind_text(duty, 4, duties[i].role == ROLE_LEAD ? "lead" : "co");
		rc = db_run(duty);
	}
	json_t *after = json_pack("{s:s, s:s, s:s, s:I}", "plan", plan_code, "period", period, "deadline", deadline,
				  "duties", (json_int_t)n);
	char *text = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(after);
	db_id_text(*id, oid);
	if (rc == ST_OK)
		rc = db_audit(s, "cycle.open", "cycle", oid, NULL, text);
	free(text);
	for (size_t i = 0; rc == ST_OK && i < n_ev; i++)
		rc = db_sup_event(s, &evs[i], *id, NULL);
	if (rc == ST_OK)
		rc = db_commit(s);
	else
		db_rollback(s);
	if (rc != ST_OK)
		*id = 0;
out:
	arena_free(a);
	return rc;
}

enum status store_sup_cycle_close(struct store *s, const char *plan_code, const char *period)
{
	struct arena *a = arena_new();
	char now[32];
	struct sup_cycle *c;
	enum status rc = store_sup_cycle_get(s, a, plan_code, period, &c);
	if (rc != ST_OK)
		goto out;
	if (!c->is_open) {
		rc = ST_CONFLICT;
		goto out;
	}
	db_now(now);
	struct db_stmt *st = db_prep(s, a,
				   "UPDATE cycles SET status = 'closed', closed_at = ?, closed_by = ? WHERE id = ? AND status = 'open'");
	if (!st) {
		rc = ST_STORE;
		goto out;
	}
	db_bind_text(st, 1, now), db_bind_text(st, 2, db_actor(s)), db_bind_int(st, 3, c->id);
	char oid[32];
	db_id_text(c->id, oid);
	rc = db_write_audited(st, s,
			      &(struct db_write){.action = "cycle.close", .object_type = "cycle", .object_id = oid,
						 .before = "{\"status\":\"open\"}", .after = "{\"status\":\"closed\"}",
						 .if_unchanged = ST_CONFLICT});
out:
	arena_free(a);
	return rc;
}

enum status store_sup_cycle_get(struct store *s, struct arena *a, const char *plan_code, const char *period,
				struct sup_cycle **out)
{
	struct db_stmt *st = db_prep(s, a, "SELECT " CYCLE_COLUMNS " FROM cycles WHERE plan_code = ? AND period = ?");
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, plan_code), db_bind_text(st, 2, period);
	enum status rc = db_row(st);
	if (rc != ST_OK)
		return rc;
	*out = arena_alloc(a, sizeof(**out));
	read_cycle(a, st, *out, NULL);
	db_reset(st);
	return ST_OK;
}

enum status store_sup_cycles(struct store *s, struct arena *a, const char *plan_code, struct sup_cycle **rows,
			     size_t *n)
{
	/* newest period first: by deadline, then id */
	struct db_stmt *st = db_prep(s, a,
				   "SELECT " CYCLE_COLUMNS " FROM cycles WHERE CAST(?1 AS TEXT) IS NULL OR plan_code = ?1"
				   " ORDER BY deadline DESC, id DESC");
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, plan_code);
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**rows), 0, read_cycle, NULL, &v, n);
	*rows = v;
	return rc;
}

static void read_duty(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	(void)ctx;
	struct sup_duty *d = elem;
	d->measure = (int)db_int(st, 0);
	d->unit = db_text(a, st, 1);
	d->role = strcmp(db_peek(st, 2), "lead") == 0 ? ROLE_LEAD : ROLE_CO;
}

enum status store_sup_duties(struct store *s, struct arena *a, long long cycle_id, struct sup_duty **rows, size_t *n)
{
	struct db_stmt *st = db_prep(s, a,
				   "SELECT measure, unit, role FROM cycle_duties WHERE cycle_id = ?"
				   " ORDER BY measure, role = 'co', unit");
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	db_bind_int(st, 1, cycle_id);
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**rows), 0, read_duty, NULL, &v, n);
	*rows = v;
	return rc;
}

/* ---- reports --------------------------------------------------------------------------------- */

#define REPORT_COLUMNS                                                                                            \
	"r.id, r.cycle_id, c.period, r.measure, r.unit, r.revision, r.state, r.progress, r.narrative, r.figures,"   \
	" r.reason, r.created_at, r.created_by, c.plan_code"
#define REPORT_KEY_FACTS                                                                                          \
	", (SELECT min(x.created_at) FROM reports x WHERE x.cycle_id = r.cycle_id AND x.measure = r.measure AND"    \
	" x.unit = r.unit AND x.state = 'submitted'), (SELECT count(*) FROM reports x WHERE x.cycle_id = r.cycle_id" \
	" AND x.measure = r.measure AND x.unit = r.unit AND x.state = 'returned')"

static const int has_facts_yes = 1, has_facts_no = 0;

/* ctx points to has_facts_yes when the row carries REPORT_KEY_FACTS. */
static void read_report(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	struct sup_report *r = elem;
	int has_facts = *(const int *)ctx;
	memset(r, 0, sizeof(*r));
	r->id = db_int(st, 0), r->cycle_id = db_int(st, 1);
	r->period = db_text(a, st, 2), r->measure = db_int(st, 3), r->unit = db_text(a, st, 4);
	r->revision = db_int(st, 5);
	if (!report_state_parse(db_peek(st, 6), &r->state))
		r->state = REPORT_DRAFT;
	if (!report_progress_parse(db_peek(st, 7), &r->progress))
		r->progress = PROGRESS_NOT_STARTED;
	r->narrative = db_text(a, st, 8), r->figures = db_text(a, st, 9), r->reason = db_text(a, st, 10);
	r->created_at = db_text(a, st, 11), r->created_by = db_text(a, st, 12), r->plan_code = db_text(a, st, 13);
	if (has_facts) {
		r->first_submitted_at = db_text(a, st, 14);
		r->n_returned = db_int(st, 15);
	}
}

static const char *const audit_of_state[REPORT_STATE_COUNT] = {"report.draft", "report.submit", "report.approve",
							       "report.return"};

enum status store_sup_report_write(struct store *s, struct arena *a, const struct sup_report_write *w,
				   const struct sup_event *ev, struct sup_report **out)
{
	struct arena *t = arena_new();
	char now[32];
	enum status rc = ST_STORE;
	db_now(now);
	struct db_stmt *duty = db_prep(s, t,
				     "SELECT c.status, c.period, c.plan_code FROM cycle_duties d JOIN cycles c ON c.id = d.cycle_id"
				     " WHERE d.cycle_id = ? AND d.measure = ? AND d.unit = ?");
	struct db_stmt *last = db_prep(s, t,
				     "SELECT " REPORT_COLUMNS " FROM reports r JOIN cycles c ON c.id = r.cycle_id"
				     " WHERE r.cycle_id = ? AND r.measure = ? AND r.unit = ? ORDER BY r.revision DESC LIMIT 1");
	struct db_stmt *ins = db_prep(s, t,
				    "INSERT INTO reports (cycle_id, measure, unit, revision, state, progress, narrative, figures, reason,"
				    " created_at, created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
	if (!duty || !last || !ins)
		goto out;
	rc = db_begin(s);
	if (rc != ST_OK)
		goto out;
	db_bind_int(duty, 1, w->cycle_id), db_bind_int(duty, 2, w->measure), db_bind_text(duty, 3, w->unit);
	rc = db_row(duty);
	if (rc != ST_OK)
		goto fail;
	int is_open = strcmp(db_peek(duty, 0), "open") == 0;
	const char *period = db_text(t, duty, 1), *plan_code = db_text(t, duty, 2);
	db_reset(duty);
	if (!is_open && (w->to == REPORT_DRAFT || w->to == REPORT_SUBMITTED)) {
		rc = ST_CONFLICT;
		goto fail;
	}
	struct sup_report prev;
	int has_prev = 0;
	db_bind_int(last, 1, w->cycle_id), db_bind_int(last, 2, w->measure), db_bind_text(last, 3, w->unit);
	rc = db_row(last);
	if (rc == ST_OK) {
		read_report(t, last, &prev, &has_facts_no);
		has_prev = 1;
	}
	db_reset(last);
	if (rc == ST_STORE)
		goto fail;
	int seen = has_prev ? prev.revision : 0;
	if ((w->expect_revision >= 0 && w->expect_revision != seen) ||
	    !report_transition_allowed(has_prev, has_prev ? prev.state : REPORT_DRAFT, w->to) ||
	    (!w->narrative && !has_prev) || (w->to == REPORT_RETURNED && (!w->reason || !*w->reason))) {
		rc = ST_CONFLICT;
		goto fail;
	}
	enum report_progress progress = w->narrative ? w->progress : prev.progress;
	const char *narrative = w->narrative ? w->narrative : prev.narrative;
	const char *figures = w->narrative ? (w->figures ? w->figures : "[]") : prev.figures;
	db_bind_int(ins, 1, w->cycle_id), db_bind_int(ins, 2, w->measure), db_bind_text(ins, 3, w->unit);
	db_bind_int(ins, 4, seen + 1), db_bind_text(ins, 5, report_state_name(w->to));
	db_bind_text(ins, 6, report_progress_name(progress)), db_bind_text(ins, 7, narrative);
	db_bind_text(ins, 8, figures), db_bind_text(ins, 9, w->to == REPORT_RETURNED ? w->reason : NULL);
	db_bind_text(ins, 10, now), db_bind_text(ins, 11, db_actor(s));
	long long id;
	rc = db_insert(ins, &id);
	if (rc != ST_OK)
		goto fail;
	char oid[32];
	db_id_text(id, oid);
	json_t *before = has_prev ? json_pack("{s:i, s:s}", "revision", prev.revision, "state", report_state_name(prev.state))
				  : NULL;
	json_t *after = json_pack("{s:I, s:i, s:s, s:i, s:s, s:s, s:s?}", "cycle", (json_int_t)w->cycle_id, "measure",
				  w->measure, "unit", w->unit, "revision", seen + 1, "state", report_state_name(w->to),
				  "progress", report_progress_name(progress), "reason",
				  w->to == REPORT_RETURNED ? w->reason : NULL);
	char *bt = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *at = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(before), json_decref(after);
	rc = db_audit(s, audit_of_state[w->to], "report", oid, bt, at);
	free(bt), free(at);
	if (rc == ST_OK && ev)
		rc = db_sup_event(s, ev, id, NULL);
	if (rc != ST_OK)
		goto fail;
	rc = db_commit(s);
	if (rc == ST_OK && out) {
		struct sup_report *o = arena_calloc(a, 1, sizeof(*o));
		o->id = id, o->cycle_id = w->cycle_id, o->period = arena_strdup(a, period);
		o->plan_code = arena_strdup(a, plan_code);
		o->measure = w->measure, o->unit = arena_strdup(a, w->unit), o->revision = seen + 1, o->state = w->to;
		o->progress = progress, o->narrative = arena_strdup(a, narrative), o->figures = arena_strdup(a, figures);
		o->reason = w->to == REPORT_RETURNED ? arena_strdup(a, w->reason) : NULL;
		o->created_at = arena_strdup(a, now), o->created_by = arena_strdup(a, db_actor(s));
		*out = o;
	}
	goto out;
fail:
	db_rollback(s);
out:
	arena_free(t);
	return rc;
}

enum status store_sup_reports(struct store *s, struct arena *a, long long cycle_id, int measure, const char *unit,
			      struct sup_report **rows, size_t *n)
{
	/* only the conditions given (as store_obs_current): "?1 = 0 OR r.cycle_id = ?1" would keep
	 * the planners off the index of (cycle_id, measure, unit, revision), a scan of every cycle's
	 * reports for one cycle's */
	struct db_stmt *st = db_prep(s, a,
				   arena_printf(a,
						"SELECT " REPORT_COLUMNS REPORT_KEY_FACTS " FROM reports r JOIN cycles c ON c.id = r.cycle_id"
						" WHERE %s AND %s AND %s"
						" AND r.revision = (SELECT max(x.revision) FROM reports x WHERE x.cycle_id = r.cycle_id AND"
						" x.measure = r.measure AND x.unit = r.unit) ORDER BY c.deadline, c.period, r.measure, r.unit",
						cycle_id ? "r.cycle_id = ?1" : "?1 = 0", measure ? "r.measure = ?2" : "?2 = 0",
						unit ? "r.unit = ?3" : "CAST(?3 AS TEXT) IS NULL"));
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	db_bind_int(st, 1, cycle_id), db_bind_int(st, 2, measure), db_bind_text(st, 3, unit);
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**rows), 0, read_report, &has_facts_yes, &v, n);
	*rows = v;
	return rc;
}

enum status store_sup_report_history(struct store *s, struct arena *a, long long cycle_id, int measure,
				     const char *unit, struct sup_report **rows, size_t *n)
{
	struct db_stmt *st = db_prep(s, a,
				   "SELECT " REPORT_COLUMNS " FROM reports r JOIN cycles c ON c.id = r.cycle_id"
				   " WHERE r.cycle_id = ? AND r.measure = ? AND r.unit = ? ORDER BY r.revision");
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	db_bind_int(st, 1, cycle_id), db_bind_int(st, 2, measure), db_bind_text(st, 3, unit);
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**rows), 0, read_report, &has_facts_no, &v, n);
	*rows = v;
	return rc;
}

/* ---- evidence -------------------------------------------------------------------------------- */

enum status store_sup_evidence_add(struct store *s, const struct sup_evidence *e, long long *id)
{
	struct arena *a = arena_new();
	char now[32], oid[32];
	enum status rc = ST_STORE;
	db_now(now);
	*id = 0;
	struct db_stmt *duty = db_prep(s, a,
				     "SELECT c.status FROM cycle_duties d JOIN cycles c ON c.id = d.cycle_id"
				     " WHERE d.cycle_id = ? AND d.measure = ? AND d.unit = ?");
	struct db_stmt *ins = db_prep(s, a,
				    "INSERT INTO evidence (cycle_id, measure, unit, file_name, kind, content_type, size, sha256, content,"
				    " created_at, created_by, user_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
	if (!duty || !ins)
		goto out;
	rc = db_begin(s);
	if (rc != ST_OK)
		goto out;
	db_bind_int(duty, 1, e->cycle_id), db_bind_int(duty, 2, e->measure), db_bind_text(duty, 3, e->unit);
	rc = db_row(duty);
	if (rc == ST_OK && strcmp(db_peek(duty, 0), "open") != 0)
		rc = ST_CONFLICT;
	db_reset(duty);
	if (rc == ST_OK) {
		db_bind_int(ins, 1, e->cycle_id), db_bind_int(ins, 2, e->measure), db_bind_text(ins, 3, e->unit);
		db_bind_text(ins, 4, e->file_name), db_bind_text(ins, 5, e->kind), db_bind_text(ins, 6, e->content_type);
		db_bind_int(ins, 7, (long long)e->size), db_bind_text(ins, 8, e->sha256);
		db_bind_blob(ins, 9, e->content, e->size);
		db_bind_text(ins, 10, now), db_bind_text(ins, 11, db_actor(s));
		db_bind_opt_int(ins, 12, e->user_id != 0, e->user_id);
		rc = db_insert(ins, id);
	}
	if (rc == ST_OK) {
		db_id_text(*id, oid);
		json_t *after = json_pack("{s:I, s:i, s:s, s:s, s:s, s:I, s:s}", "cycle", (json_int_t)e->cycle_id, "measure",
					  e->measure, "unit", e->unit, "file_name", e->file_name, "kind", e->kind, "size",
					  (json_int_t)e->size, "sha256", e->sha256);
		char *text = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
		json_decref(after);
		rc = db_audit(s, "evidence.add", "evidence", oid, NULL, text);
		free(text);
	}
	if (rc == ST_OK)
		rc = db_commit(s);
	else
		db_rollback(s);
	if (rc != ST_OK)
		*id = 0;
out:
	arena_free(a);
	return rc;
}

#define EVIDENCE_COLUMNS                                                                                      \
	"e.id, e.cycle_id, e.measure, e.unit, e.file_name, e.kind, e.content_type, e.size, e.sha256, e.created_at," \
	" e.created_by, coalesce(e.user_id, 0), c.period, c.plan_code"

static void read_evidence(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	(void)ctx;
	struct sup_evidence *e = elem;
	memset(e, 0, sizeof(*e));
	e->id = db_int(st, 0), e->cycle_id = db_int(st, 1);
	e->measure = db_int(st, 2), e->unit = db_text(a, st, 3), e->file_name = db_text(a, st, 4);
	e->kind = db_text(a, st, 5), e->content_type = db_text(a, st, 6);
	e->size = (size_t)db_int(st, 7), e->sha256 = db_text(a, st, 8);
	e->created_at = db_text(a, st, 9), e->created_by = db_text(a, st, 10);
	e->user_id = db_int(st, 11);
	e->plan_code = db_text(a, st, 13);
}

enum status store_sup_evidence_list(struct store *s, struct arena *a, long long cycle_id, int measure,
				    const char *unit, struct sup_evidence **rows, size_t *n)
{
	struct db_stmt *st = db_prep(s, a,
				   "SELECT " EVIDENCE_COLUMNS " FROM evidence e JOIN cycles c ON c.id = e.cycle_id"
				   " WHERE e.cycle_id = ? AND e.measure = ? AND e.unit = ? ORDER BY e.id");
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	db_bind_int(st, 1, cycle_id), db_bind_int(st, 2, measure), db_bind_text(st, 3, unit);
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**rows), 0, read_evidence, NULL, &v, n);
	*rows = v;
	return rc;
}

enum status store_sup_evidence_get(struct store *s, struct arena *a, long long id, struct sup_evidence **out,
				   const char **period)
{
	struct db_stmt *st = db_prep(s, a,
				   "SELECT " EVIDENCE_COLUMNS ", e.content FROM evidence e JOIN cycles c ON c.id = e.cycle_id"
				   " WHERE e.id = ?");
	if (!st)
		return ST_STORE;
	db_bind_int(st, 1, id);
	enum status rc = db_row(st);
	if (rc != ST_OK)
		return rc;
	struct sup_evidence *e = arena_alloc(a, sizeof(*e));
	read_evidence(a, st, e, NULL);
	e->content = db_blob(a, st, 14, &e->size);
	if (period)
		*period = db_text(a, st, 12);
	db_reset(st);
	*out = e;
	return ST_OK;
}
