/* sqlite_sup_cycles.c - reporting cycles, the duties they owe, progress reports (append-only
 * revisions checked against the workflow and an optimistic revision number) and evidence files
 * in SQLite. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_sup.h"
#include "base/banned.h"

/* ---- cycles ---------------------------------------------------------------------------------- */

#define CYCLE_COLUMNS "id, plan_code, period, deadline, status, opened_at, opened_by, closed_at, closed_by"

static void read_cycle(struct arena *a, sqlite3_stmt *st, struct sup_cycle *c)
{
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	c->plan_code = sq_col_text(a, st, 1), c->period = sq_col_text(a, st, 2), c->deadline = sq_col_text(a, st, 3);
	const unsigned char *status = sqlite3_column_text(st, 4);
	c->is_open = status && strcmp((const char *)status, "open") == 0;
	c->opened_at = sq_col_text(a, st, 5), c->opened_by = sq_col_text(a, st, 6);
	c->closed_at = sq_col_text(a, st, 7), c->closed_by = sq_col_text(a, st, 8);
}

enum status store_sup_cycle_open(struct store *s, const char *plan_code, const char *period, const char *deadline,
				 const struct sup_duty *duties, size_t n, const struct sup_event *evs, size_t n_ev,
				 long long *id)
{
	struct arena *a = arena_new();
	char now[32], oid[32];
	enum status rc = ST_STORE;
	sq_now(now);
	*id = 0;
	sqlite3_stmt *ins = sq_prep(s, a,
				    "INSERT INTO cycles (plan_code, period, deadline, status, opened_at, opened_by)"
				    " VALUES (?, ?, ?, 'open', ?, ?)");
	sqlite3_stmt *duty = sq_prep(s, a, "INSERT INTO cycle_duties (cycle_id, measure, unit, role) VALUES (?,?,?,?)");
	if (!ins || !duty)
		goto out;
	sq_bind_text(ins, 1, plan_code), sq_bind_text(ins, 2, period), sq_bind_text(ins, 3, deadline);
	sq_bind_text(ins, 4, now), sq_bind_text(ins, 5, s->actor[0] ? s->actor : "system");
	rc = sq_begin(s);
	if (rc != ST_OK)
		goto out;
	rc = sq_step_done(s, ins);
	if (rc != ST_OK) {
		if (sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_UNIQUE)
			rc = ST_CONFLICT;
		sq_rollback(s);
		goto out;
	}
	*id = sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		sq_bind_int(duty, 1, *id), sq_bind_int(duty, 2, duties[i].measure), sq_bind_text(duty, 3, duties[i].unit);
		sq_bind_text(duty, 4, duties[i].role == ROLE_LEAD ? "lead" : "co");
		rc = sq_step_done(s, duty);
	}
	json_t *after = json_pack("{s:s, s:s, s:s, s:I}", "plan", plan_code, "period", period, "deadline", deadline,
				  "duties", (json_int_t)n);
	char *text = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(after);
	sq_id_text(*id, oid);
	if (rc == ST_OK)
		rc = sq_audit(s, "cycle.open", "cycle", oid, NULL, text);
	free(text);
	for (size_t i = 0; rc == ST_OK && i < n_ev; i++)
		rc = sq_sup_event(s, &evs[i], *id, NULL);
	if (rc == ST_OK)
		rc = sq_commit(s);
	else
		sq_rollback(s);
	if (rc != ST_OK)
		*id = 0;
out:
	arena_free(a);
	return rc;
}

enum status store_sup_cycle_close(struct store *s, const char *period)
{
	struct arena *a = arena_new();
	char now[32];
	struct sup_cycle *c;
	enum status rc = store_sup_cycle_get(s, a, period, &c);
	if (rc != ST_OK)
		goto out;
	if (!c->is_open) {
		rc = ST_CONFLICT;
		goto out;
	}
	sq_now(now);
	sqlite3_stmt *st = sq_prep(s, a,
				   "UPDATE cycles SET status = 'closed', closed_at = ?, closed_by = ? WHERE id = ? AND status = 'open'");
	if (!st) {
		rc = ST_STORE;
		goto out;
	}
	sq_bind_text(st, 1, now), sq_bind_text(st, 2, s->actor[0] ? s->actor : "system"), sq_bind_int(st, 3, c->id);
	char oid[32];
	sq_id_text(c->id, oid);
	rc = sq_write_audited(s, st,
			      &(struct sq_write){.action = "cycle.close", .object_type = "cycle", .object_id = oid,
						 .before = "{\"status\":\"open\"}", .after = "{\"status\":\"closed\"}",
						 .if_unchanged = ST_CONFLICT});
out:
	arena_free(a);
	return rc;
}

enum status store_sup_cycle_get(struct store *s, struct arena *a, const char *period, struct sup_cycle **out)
{
	sqlite3_stmt *st = sq_prep(s, a, "SELECT " CYCLE_COLUMNS " FROM cycles WHERE period = ?");
	if (!st)
		return ST_STORE;
	sq_bind_text(st, 1, period);
	enum status rc = sq_row(s, st);
	if (rc != ST_OK)
		return rc;
	*out = arena_alloc(a, sizeof(**out));
	read_cycle(a, st, *out);
	return ST_OK;
}

enum status store_sup_cycles(struct store *s, struct arena *a, struct sup_cycle **rows, size_t *n)
{
	/* newest period first: by deadline, then id */
	sqlite3_stmt *st = sq_prep(s, a, "SELECT " CYCLE_COLUMNS " FROM cycles ORDER BY deadline DESC, id DESC");
	size_t cap = 0;
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		*rows = sq_grow(a, *rows, &cap, *n, sizeof(**rows));
		read_cycle(a, st, &(*rows)[(*n)++]);
	}
	return sq_done(s, r);
}

enum status store_sup_duties(struct store *s, struct arena *a, long long cycle_id, struct sup_duty **rows, size_t *n)
{
	sqlite3_stmt *st = sq_prep(s, a,
				   "SELECT measure, unit, role FROM cycle_duties WHERE cycle_id = ?"
				   " ORDER BY measure, role = 'co', unit");
	size_t cap = 0;
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	sq_bind_int(st, 1, cycle_id);
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		*rows = sq_grow(a, *rows, &cap, *n, sizeof(**rows));
		struct sup_duty *d = &(*rows)[(*n)++];
		d->measure = sqlite3_column_int(st, 0);
		d->unit = sq_col_text(a, st, 1);
		const unsigned char *role = sqlite3_column_text(st, 2);
		d->role = role && strcmp((const char *)role, "lead") == 0 ? ROLE_LEAD : ROLE_CO;
	}
	return sq_done(s, r);
}

/* ---- reports --------------------------------------------------------------------------------- */

#define REPORT_COLUMNS                                                                                            \
	"r.id, r.cycle_id, c.period, r.measure, r.unit, r.revision, r.state, r.progress, r.narrative, r.figures,"   \
	" r.reason, r.created_at, r.created_by"
#define REPORT_KEY_FACTS                                                                                          \
	", (SELECT min(x.created_at) FROM reports x WHERE x.cycle_id = r.cycle_id AND x.measure = r.measure AND"    \
	" x.unit = r.unit AND x.state = 'submitted'), (SELECT count(*) FROM reports x WHERE x.cycle_id = r.cycle_id" \
	" AND x.measure = r.measure AND x.unit = r.unit AND x.state = 'returned')"

static void read_report(struct arena *a, sqlite3_stmt *st, struct sup_report *r, int has_facts)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0), r->cycle_id = sqlite3_column_int64(st, 1);
	r->period = sq_col_text(a, st, 2), r->measure = sqlite3_column_int(st, 3), r->unit = sq_col_text(a, st, 4);
	r->revision = sqlite3_column_int(st, 5);
	if (!report_state_parse((const char *)sqlite3_column_text(st, 6), &r->state))
		r->state = REPORT_DRAFT;
	if (!report_progress_parse((const char *)sqlite3_column_text(st, 7), &r->progress))
		r->progress = PROGRESS_NOT_STARTED;
	r->narrative = sq_col_text(a, st, 8), r->figures = sq_col_text(a, st, 9), r->reason = sq_col_text(a, st, 10);
	r->created_at = sq_col_text(a, st, 11), r->created_by = sq_col_text(a, st, 12);
	if (has_facts) {
		r->first_submitted_at = sq_col_text(a, st, 13);
		r->n_returned = sqlite3_column_int(st, 14);
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
	sq_now(now);
	sqlite3_stmt *duty = sq_prep(s, t,
				     "SELECT c.status, c.period FROM cycle_duties d JOIN cycles c ON c.id = d.cycle_id"
				     " WHERE d.cycle_id = ? AND d.measure = ? AND d.unit = ?");
	sqlite3_stmt *last = sq_prep(s, t,
				     "SELECT " REPORT_COLUMNS " FROM reports r JOIN cycles c ON c.id = r.cycle_id"
				     " WHERE r.cycle_id = ? AND r.measure = ? AND r.unit = ? ORDER BY r.revision DESC LIMIT 1");
	sqlite3_stmt *ins = sq_prep(s, t,
				    "INSERT INTO reports (cycle_id, measure, unit, revision, state, progress, narrative, figures, reason,"
				    " created_at, created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
	if (!duty || !last || !ins)
		goto out;
	rc = sq_begin(s);
	if (rc != ST_OK)
		goto out;
	sq_bind_int(duty, 1, w->cycle_id), sq_bind_int(duty, 2, w->measure), sq_bind_text(duty, 3, w->unit);
	rc = sq_row(s, duty);
	if (rc != ST_OK)
		goto fail;
	int is_open = strcmp((const char *)sqlite3_column_text(duty, 0), "open") == 0;
	const char *period = sq_col_text(t, duty, 1);
	if (!is_open && (w->to == REPORT_DRAFT || w->to == REPORT_SUBMITTED)) {
		rc = ST_CONFLICT;
		goto fail;
	}
	struct sup_report prev;
	int has_prev = 0;
	sq_bind_int(last, 1, w->cycle_id), sq_bind_int(last, 2, w->measure), sq_bind_text(last, 3, w->unit);
	int r = sqlite3_step(last);
	if (r == SQLITE_ROW) {
		read_report(t, last, &prev, 0);
		has_prev = 1;
	} else if (r != SQLITE_DONE) {
		rc = sq_fail(s, "%s", sqlite3_errmsg(s->db));
		goto fail;
	}
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
	sq_bind_int(ins, 1, w->cycle_id), sq_bind_int(ins, 2, w->measure), sq_bind_text(ins, 3, w->unit);
	sq_bind_int(ins, 4, seen + 1), sq_bind_text(ins, 5, report_state_name(w->to));
	sq_bind_text(ins, 6, report_progress_name(progress)), sq_bind_text(ins, 7, narrative);
	sq_bind_text(ins, 8, figures), sq_bind_text(ins, 9, w->to == REPORT_RETURNED ? w->reason : NULL);
	sq_bind_text(ins, 10, now), sq_bind_text(ins, 11, s->actor[0] ? s->actor : "system");
	rc = sq_step_done(s, ins);
	if (rc != ST_OK)
		goto fail;
	long long id = sqlite3_last_insert_rowid(s->db);
	char oid[32];
	sq_id_text(id, oid);
	json_t *before = has_prev ? json_pack("{s:i, s:s}", "revision", prev.revision, "state", report_state_name(prev.state))
				  : NULL;
	json_t *after = json_pack("{s:I, s:i, s:s, s:i, s:s, s:s, s:s?}", "cycle", (json_int_t)w->cycle_id, "measure",
				  w->measure, "unit", w->unit, "revision", seen + 1, "state", report_state_name(w->to),
				  "progress", report_progress_name(progress), "reason",
				  w->to == REPORT_RETURNED ? w->reason : NULL);
	char *bt = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *at = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(before), json_decref(after);
	rc = sq_audit(s, audit_of_state[w->to], "report", oid, bt, at);
	free(bt), free(at);
	if (rc == ST_OK && ev)
		rc = sq_sup_event(s, ev, id, NULL);
	if (rc != ST_OK)
		goto fail;
	rc = sq_commit(s);
	if (rc == ST_OK && out) {
		struct sup_report *o = arena_calloc(a, 1, sizeof(*o));
		o->id = id, o->cycle_id = w->cycle_id, o->period = arena_strdup(a, period);
		o->measure = w->measure, o->unit = arena_strdup(a, w->unit), o->revision = seen + 1, o->state = w->to;
		o->progress = progress, o->narrative = arena_strdup(a, narrative), o->figures = arena_strdup(a, figures);
		o->reason = w->to == REPORT_RETURNED ? arena_strdup(a, w->reason) : NULL;
		o->created_at = arena_strdup(a, now), o->created_by = arena_strdup(a, s->actor[0] ? s->actor : "system");
		*out = o;
	}
	goto out;
fail:
	sq_rollback(s);
out:
	arena_free(t);
	return rc;
}

enum status store_sup_reports(struct store *s, struct arena *a, long long cycle_id, int measure, const char *unit,
			      struct sup_report **rows, size_t *n)
{
	sqlite3_stmt *st = sq_prep(s, a,
				   "SELECT " REPORT_COLUMNS REPORT_KEY_FACTS " FROM reports r JOIN cycles c ON c.id = r.cycle_id"
				   " WHERE (?1 = 0 OR r.cycle_id = ?1) AND (?2 = 0 OR r.measure = ?2) AND (?3 IS NULL OR r.unit = ?3)"
				   " AND r.revision = (SELECT max(x.revision) FROM reports x WHERE x.cycle_id = r.cycle_id AND"
				   " x.measure = r.measure AND x.unit = r.unit) ORDER BY c.deadline, c.period, r.measure, r.unit");
	size_t cap = 0;
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	sq_bind_int(st, 1, cycle_id), sq_bind_int(st, 2, measure), sq_bind_text(st, 3, unit);
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		*rows = sq_grow(a, *rows, &cap, *n, sizeof(**rows));
		read_report(a, st, &(*rows)[(*n)++], 1);
	}
	return sq_done(s, r);
}

enum status store_sup_report_history(struct store *s, struct arena *a, long long cycle_id, int measure,
				     const char *unit, struct sup_report **rows, size_t *n)
{
	sqlite3_stmt *st = sq_prep(s, a,
				   "SELECT " REPORT_COLUMNS " FROM reports r JOIN cycles c ON c.id = r.cycle_id"
				   " WHERE r.cycle_id = ? AND r.measure = ? AND r.unit = ? ORDER BY r.revision");
	size_t cap = 0;
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	sq_bind_int(st, 1, cycle_id), sq_bind_int(st, 2, measure), sq_bind_text(st, 3, unit);
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		*rows = sq_grow(a, *rows, &cap, *n, sizeof(**rows));
		read_report(a, st, &(*rows)[(*n)++], 0);
	}
	return sq_done(s, r);
}

/* ---- evidence -------------------------------------------------------------------------------- */

enum status store_sup_evidence_add(struct store *s, const struct sup_evidence *e, long long *id)
{
	struct arena *a = arena_new();
	char now[32], oid[32];
	enum status rc = ST_STORE;
	sq_now(now);
	*id = 0;
	sqlite3_stmt *duty = sq_prep(s, a,
				     "SELECT c.status FROM cycle_duties d JOIN cycles c ON c.id = d.cycle_id"
				     " WHERE d.cycle_id = ? AND d.measure = ? AND d.unit = ?");
	sqlite3_stmt *ins = sq_prep(s, a,
				    "INSERT INTO evidence (cycle_id, measure, unit, file_name, kind, content_type, size, sha256, content,"
				    " created_at, created_by, user_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!duty || !ins)
		goto out;
	rc = sq_begin(s);
	if (rc != ST_OK)
		goto out;
	sq_bind_int(duty, 1, e->cycle_id), sq_bind_int(duty, 2, e->measure), sq_bind_text(duty, 3, e->unit);
	rc = sq_row(s, duty);
	if (rc == ST_OK && strcmp((const char *)sqlite3_column_text(duty, 0), "open") != 0)
		rc = ST_CONFLICT;
	if (rc == ST_OK) {
		sq_bind_int(ins, 1, e->cycle_id), sq_bind_int(ins, 2, e->measure), sq_bind_text(ins, 3, e->unit);
		sq_bind_text(ins, 4, e->file_name), sq_bind_text(ins, 5, e->kind), sq_bind_text(ins, 6, e->content_type);
		sq_bind_int(ins, 7, (long long)e->size), sq_bind_text(ins, 8, e->sha256);
		sqlite3_bind_blob64(ins, 9, e->content, e->size, SQLITE_TRANSIENT);
		sq_bind_text(ins, 10, now), sq_bind_text(ins, 11, s->actor[0] ? s->actor : "system");
		sq_bind_opt_int(ins, 12, e->user_id != 0, e->user_id);
		rc = sq_step_done(s, ins);
	}
	if (rc == ST_OK) {
		*id = sqlite3_last_insert_rowid(s->db);
		sq_id_text(*id, oid);
		json_t *after = json_pack("{s:I, s:i, s:s, s:s, s:s, s:I, s:s}", "cycle", (json_int_t)e->cycle_id, "measure",
					  e->measure, "unit", e->unit, "file_name", e->file_name, "kind", e->kind, "size",
					  (json_int_t)e->size, "sha256", e->sha256);
		char *text = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
		json_decref(after);
		rc = sq_audit(s, "evidence.add", "evidence", oid, NULL, text);
		free(text);
	}
	if (rc == ST_OK)
		rc = sq_commit(s);
	else
		sq_rollback(s);
	if (rc != ST_OK)
		*id = 0;
out:
	arena_free(a);
	return rc;
}

#define EVIDENCE_COLUMNS                                                                                      \
	"e.id, e.cycle_id, e.measure, e.unit, e.file_name, e.kind, e.content_type, e.size, e.sha256, e.created_at," \
	" e.created_by, coalesce(e.user_id, 0), c.period"

static void read_evidence(struct arena *a, sqlite3_stmt *st, struct sup_evidence *e)
{
	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(st, 0), e->cycle_id = sqlite3_column_int64(st, 1);
	e->measure = sqlite3_column_int(st, 2), e->unit = sq_col_text(a, st, 3), e->file_name = sq_col_text(a, st, 4);
	e->kind = sq_col_text(a, st, 5), e->content_type = sq_col_text(a, st, 6);
	e->size = (size_t)sqlite3_column_int64(st, 7), e->sha256 = sq_col_text(a, st, 8);
	e->created_at = sq_col_text(a, st, 9), e->created_by = sq_col_text(a, st, 10);
	e->user_id = sqlite3_column_int64(st, 11);
}

enum status store_sup_evidence_list(struct store *s, struct arena *a, long long cycle_id, int measure,
				    const char *unit, struct sup_evidence **rows, size_t *n)
{
	sqlite3_stmt *st = sq_prep(s, a,
				   "SELECT " EVIDENCE_COLUMNS " FROM evidence e JOIN cycles c ON c.id = e.cycle_id"
				   " WHERE e.cycle_id = ? AND e.measure = ? AND e.unit = ? ORDER BY e.id");
	size_t cap = 0;
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	sq_bind_int(st, 1, cycle_id), sq_bind_int(st, 2, measure), sq_bind_text(st, 3, unit);
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		*rows = sq_grow(a, *rows, &cap, *n, sizeof(**rows));
		read_evidence(a, st, &(*rows)[(*n)++]);
	}
	return sq_done(s, r);
}

enum status store_sup_evidence_get(struct store *s, struct arena *a, long long id, struct sup_evidence **out,
				   const char **period)
{
	sqlite3_stmt *st = sq_prep(s, a,
				   "SELECT " EVIDENCE_COLUMNS ", e.content FROM evidence e JOIN cycles c ON c.id = e.cycle_id"
				   " WHERE e.id = ?");
	if (!st)
		return ST_STORE;
	sq_bind_int(st, 1, id);
	enum status rc = sq_row(s, st);
	if (rc != ST_OK)
		return rc;
	struct sup_evidence *e = arena_alloc(a, sizeof(*e));
	read_evidence(a, st, e);
	size_t len = (size_t)sqlite3_column_bytes(st, 13);
	void *c = arena_alloc(a, len + 1);
	if (len)
		memcpy(c, sqlite3_column_blob(st, 13), len);
	e->content = c;
	e->size = len;
	if (period)
		*period = sq_col_text(a, st, 12);
	*out = e;
	return ST_OK;
}
