/* sqlite_sup_events.c - supervision events in SQLite: the event row, every recipient's inbox
 * row and the webhook delivery, written inside the change's own transaction; the inbox; the
 * webhook outbox with its atomic claim (one UPDATE ... WHERE status = 'pending', so two
 * servers never take the same delivery). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_sup.h"
#include "base/banned.h"

/* The event as the webhook's JSON payload (caller frees). */
static char *event_payload(long long event_id, const struct sup_event *ev, long long object_id, const char *link,
			   const char *now)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:{s:s, s:I}, s:s?, s:s?, s:s?, s:s?}", "id", (json_int_t)event_id, "event",
			      ev->kind, "at", now, "object", "type", ev->object_type, "id", (json_int_t)object_id, "unit",
			      ev->unit, "period", ev->period, "link", link, "text", ev->text);
	if (j && ev->measure)
		json_object_set_new(j, "measure", json_integer(ev->measure));
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	return text;
}

enum status sq_sup_event(struct store *s, const struct sup_event *ev, long long new_id, int *is_new)
{
	struct arena *a = arena_new();
	enum status rc = ST_STORE;
	char now[32], *payload = NULL;
	long long object_id = ev->object_id ? ev->object_id : new_id;
	const char *link = ev->link;
	if (!link && strcmp(ev->object_type, "notice") == 0)
		link = arena_printf(a, "/notices/%lld", object_id);
	if (!link && strcmp(ev->object_type, "report") == 0 && ev->period && ev->unit)
		link = arena_printf(a, "/reporting/%s/%d/%s", ev->period, ev->measure, ev->unit);
	if (is_new)
		*is_new = 0;
	sq_now(now);
	sqlite3_stmt *ins = sq_prep(s, a,
				    "INSERT OR IGNORE INTO sup_events (kind, dedup_key, object_type, object_id, unit, measure, period,"
				    " link, text, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
	sqlite3_stmt *inbox = sq_prep(s, a,
				      "INSERT INTO notifications (user_id, event_id, created_at) SELECT id, ?1, ?2 FROM users"
				      " WHERE is_disabled = 0 AND ((?3 AND role = 'unit_reporter' AND unit = ?4)"
				      " OR (?5 AND role IN ('admin', 'analyst')))");
	sqlite3_stmt *hook = sq_prep(s, a,
				     "INSERT INTO webhook_deliveries (event_id, payload, status, attempts, next_attempt_at, created_at)"
				     " VALUES (?, ?, 'pending', 0, ?, ?)");
	if (!ins || !inbox || !hook)
		goto out;
	char oid[32];
	sq_id_text(object_id, oid);
	sq_bind_text(ins, 1, ev->kind), sq_bind_text(ins, 2, ev->dedup_key), sq_bind_text(ins, 3, ev->object_type);
	sq_bind_text(ins, 4, object_id ? oid : NULL), sq_bind_text(ins, 5, ev->unit);
	sq_bind_opt_int(ins, 6, ev->measure != 0, ev->measure), sq_bind_text(ins, 7, ev->period);
	sq_bind_text(ins, 8, link), sq_bind_text(ins, 9, ev->text), sq_bind_text(ins, 10, now);
	rc = sq_step_done(s, ins);
	if (rc != ST_OK || sqlite3_changes(s->db) == 0)
		goto out;
	long long event_id = sqlite3_last_insert_rowid(s->db);
	sq_bind_int(inbox, 1, event_id), sq_bind_text(inbox, 2, now), sq_bind_int(inbox, 3, ev->to_unit && ev->unit);
	sq_bind_text(inbox, 4, ev->unit), sq_bind_int(inbox, 5, ev->to_department);
	rc = sq_step_done(s, inbox);
	if (rc != ST_OK)
		goto out;
	payload = event_payload(event_id, ev, object_id, link, now);
	if (!payload) {
		rc = sq_fail(s, "cannot encode the event");
		goto out;
	}
	sq_bind_int(hook, 1, event_id), sq_bind_text(hook, 2, payload), sq_bind_text(hook, 3, now);
	sq_bind_text(hook, 4, now);
	rc = sq_step_done(s, hook);
	if (rc == ST_OK && is_new)
		*is_new = 1;
out:
	free(payload);
	arena_free(a);
	return rc;
}

enum status store_sup_event_add(struct store *s, const struct sup_event *ev, int *is_new)
{
	int fresh = 0;
	enum status rc = sq_begin(s);
	if (rc != ST_OK)
		return rc;
	rc = sq_sup_event(s, ev, 0, &fresh);
	if (rc == ST_OK && fresh)
		rc = sq_audit(s, "event.add", "event", ev->dedup_key ? ev->dedup_key : ev->kind, NULL, NULL);
	if (rc != ST_OK) {
		sq_rollback(s);
		return rc;
	}
	if (is_new)
		*is_new = fresh;
	return sq_commit(s);
}

/* ---- inbox ----------------------------------------------------------------------------------- */

enum status store_sup_inbox(struct store *s, struct arena *a, long long user_id, int is_unread_only, int limit,
			    struct sup_notification **rows, size_t *n)
{
	sqlite3_stmt *st = sq_prep(s, a,
				   "SELECT n.id, e.id, e.kind, e.object_type, e.object_id, e.unit, e.period, e.link, e.text,"
				   " n.created_at, n.read_at, coalesce(e.measure, 0) FROM notifications n"
				   " JOIN sup_events e ON e.id = n.event_id WHERE n.user_id = ? AND (? = 0 OR n.read_at IS NULL)"
				   " ORDER BY n.id DESC LIMIT ?");
	size_t cap = 0;
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	sq_bind_int(st, 1, user_id), sq_bind_int(st, 2, is_unread_only), sq_bind_int(st, 3, limit > 0 ? limit : 100);
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		*rows = sq_grow(a, *rows, &cap, *n, sizeof(**rows));
		struct sup_notification *x = &(*rows)[(*n)++];
		x->id = sqlite3_column_int64(st, 0), x->event_id = sqlite3_column_int64(st, 1);
		x->kind = sq_col_text(a, st, 2), x->object_type = sq_col_text(a, st, 3), x->object_id = sq_col_text(a, st, 4);
		x->unit = sq_col_text(a, st, 5), x->period = sq_col_text(a, st, 6), x->link = sq_col_text(a, st, 7);
		x->text = sq_col_text(a, st, 8), x->created_at = sq_col_text(a, st, 9), x->read_at = sq_col_text(a, st, 10);
		x->measure = sqlite3_column_int(st, 11);
	}
	return sq_done(s, r);
}

enum status store_sup_inbox_unread(struct store *s, long long user_id, long long *n)
{
	struct arena *a = arena_new();
	sqlite3_stmt *st = sq_prep(s, a, "SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL");
	enum status rc = ST_STORE;
	*n = 0;
	if (st) {
		sq_bind_int(st, 1, user_id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			*n = sqlite3_column_int64(st, 0);
			rc = ST_OK;
		} else {
			rc = sq_fail(s, "%s", sqlite3_errmsg(s->db));
		}
	}
	arena_free(a);
	return rc;
}

enum status store_sup_inbox_read(struct store *s, long long user_id, long long id)
{
	struct arena *a = arena_new();
	char now[32], oid[32];
	enum status rc = ST_STORE;
	sq_now(now);
	sqlite3_stmt *own = sq_prep(s, a, "SELECT 1 FROM notifications WHERE id = ? AND user_id = ?");
	sqlite3_stmt *st = sq_prep(s, a,
				   "UPDATE notifications SET read_at = ?1 WHERE user_id = ?2 AND read_at IS NULL AND (?3 = 0 OR id = ?3)");
	if (!own || !st)
		goto out;
	if (id) {
		sq_bind_int(own, 1, id), sq_bind_int(own, 2, user_id);
		rc = sq_row(s, own);
		if (rc != ST_OK)
			goto out;
	}
	sq_bind_text(st, 1, now), sq_bind_int(st, 2, user_id), sq_bind_int(st, 3, id);
	rc = sq_begin(s);
	if (rc != ST_OK)
		goto out;
	rc = sq_step_done(s, st);
	int changed = sqlite3_changes(s->db);
	sq_id_text(id, oid);
	if (rc == ST_OK && changed)
		rc = sq_audit(s, "inbox.read", "notification", id ? oid : "all", NULL, NULL);
	if (rc == ST_OK)
		rc = sq_commit(s);
	else
		sq_rollback(s);
out:
	arena_free(a);
	return rc;
}

/* ---- webhook outbox -------------------------------------------------------------------------- */

#define DELIVERY_COLUMNS                                                                                  \
	"d.id, d.event_id, e.kind, d.payload, d.attempts, d.status, d.next_attempt_at, d.url, d.signature," \
	" d.last_error, coalesce(d.last_status, 0)"

static void read_delivery(struct arena *a, sqlite3_stmt *st, struct sup_delivery *d)
{
	memset(d, 0, sizeof(*d));
	d->id = sqlite3_column_int64(st, 0), d->event_id = sqlite3_column_int64(st, 1);
	d->kind = sq_col_text(a, st, 2), d->payload = sq_col_text(a, st, 3), d->attempts = sqlite3_column_int(st, 4);
	d->status = sq_col_text(a, st, 5), d->next_attempt_at = sq_col_text(a, st, 6), d->url = sq_col_text(a, st, 7);
	d->signature = sq_col_text(a, st, 8), d->last_error = sq_col_text(a, st, 9);
	d->last_status = (long)sqlite3_column_int64(st, 10);
}

enum status store_sup_webhook_claim(struct store *s, struct arena *a, const char *now, const char *stale_before,
				    const char *claimer, struct sup_delivery **out)
{
	char oid[32];
	sqlite3_stmt *claim = sq_prep(s, a,
				      "UPDATE webhook_deliveries SET status = 'sending', attempts = attempts + 1, claimed_by = ?1,"
				      " claimed_at = ?2 WHERE id = (SELECT id FROM webhook_deliveries WHERE (status = 'pending' AND"
				      " next_attempt_at <= ?2) OR (status = 'sending' AND claimed_at < ?3) ORDER BY next_attempt_at, id"
				      " LIMIT 1) AND (status = 'pending' OR (status = 'sending' AND claimed_at < ?3)) RETURNING id");
	sqlite3_stmt *get = sq_prep(s, a,
				    "SELECT " DELIVERY_COLUMNS " FROM webhook_deliveries d JOIN sup_events e ON e.id = d.event_id"
				    " WHERE d.id = ?");
	if (!claim || !get)
		return ST_STORE;
	enum status rc = sq_begin(s);
	if (rc != ST_OK)
		return rc;
	sq_bind_text(claim, 1, claimer), sq_bind_text(claim, 2, now), sq_bind_text(claim, 3, stale_before);
	int r = sqlite3_step(claim);
	long long id = r == SQLITE_ROW ? sqlite3_column_int64(claim, 0) : 0;
	if (r == SQLITE_ROW)
		r = sqlite3_step(claim);
	if (r != SQLITE_DONE) {
		rc = sq_fail(s, "%s", sqlite3_errmsg(s->db));
		sq_rollback(s);
		return rc;
	}
	sqlite3_reset(claim);
	if (!id) {
		sq_rollback(s);
		return ST_NOT_FOUND;
	}
	sq_id_text(id, oid);
	rc = sq_audit(s, "webhook.claim", "webhook_delivery", oid, NULL, NULL);
	if (rc == ST_OK) {
		sq_bind_int(get, 1, id);
		r = sqlite3_step(get);
		if (r == SQLITE_ROW) {
			*out = arena_alloc(a, sizeof(**out));
			read_delivery(a, get, *out);
		} else {
			rc = sq_fail(s, "%s", sqlite3_errmsg(s->db));
		}
	}
	if (rc != ST_OK) {
		sq_rollback(s);
		return rc;
	}
	return sq_commit(s);
}

enum status store_sup_webhook_result(struct store *s, long long id, int is_ok, long http_status, const char *error,
				     const char *url, const char *signature, const char *next_attempt_at)
{
	struct arena *a = arena_new();
	char now[32], oid[32];
	enum status rc = ST_STORE;
	const char *status = is_ok ? "delivered" : next_attempt_at ? "pending" : "failed";
	sq_now(now);
	sqlite3_stmt *st = sq_prep(s, a,
				   "UPDATE webhook_deliveries SET status = ?, last_status = ?, last_error = ?, url = ?, signature = ?,"
				   " next_attempt_at = coalesce(?, next_attempt_at), delivered_at = ?, claimed_by = NULL"
				   " WHERE id = ? AND status = 'sending'");
	if (!st)
		goto out;
	sq_bind_text(st, 1, status), sq_bind_opt_int(st, 2, http_status != 0, http_status), sq_bind_text(st, 3, error);
	sq_bind_text(st, 4, url), sq_bind_text(st, 5, signature), sq_bind_text(st, 6, next_attempt_at);
	sq_bind_text(st, 7, is_ok ? now : NULL), sq_bind_int(st, 8, id);
	sq_id_text(id, oid);
	char after[96];
	snprintf(after, sizeof(after), "{\"status\":\"%s\",\"http_status\":%ld}", status, http_status);
	rc = sq_write_audited(s, st,
			      &(struct sq_write){.action = "webhook.result", .object_type = "webhook_delivery", .object_id = oid,
						 .after = after, .if_unchanged = ST_CONFLICT});
out:
	arena_free(a);
	return rc;
}

enum status store_sup_webhook_skip_pending(struct store *s, long long *n)
{
	struct arena *a = arena_new();
	enum status rc = ST_STORE;
	sqlite3_stmt *st = sq_prep(s, a,
				   "UPDATE webhook_deliveries SET status = 'skipped', last_error = 'no webhook_url is set'"
				   " WHERE status = 'pending'");
	*n = 0;
	if (!st)
		goto out;
	rc = sq_begin(s);
	if (rc != ST_OK)
		goto out;
	rc = sq_step_done(s, st);
	*n = rc == ST_OK ? sqlite3_changes(s->db) : 0;
	char after[64];
	snprintf(after, sizeof(after), "{\"skipped\":%lld}", *n);
	if (rc == ST_OK && *n)
		rc = sq_audit(s, "webhook.skip", "webhook_delivery", NULL, NULL, after);
	if (rc == ST_OK)
		rc = sq_commit(s);
	else
		sq_rollback(s);
out:
	arena_free(a);
	return rc;
}

enum status store_sup_webhooks(struct store *s, struct arena *a, int limit, struct sup_delivery **rows, size_t *n)
{
	sqlite3_stmt *st = sq_prep(s, a,
				   "SELECT " DELIVERY_COLUMNS " FROM webhook_deliveries d JOIN sup_events e ON e.id = d.event_id"
				   " ORDER BY d.id DESC LIMIT ?");
	size_t cap = 0;
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	sq_bind_int(st, 1, limit > 0 ? limit : 100);
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		*rows = sq_grow(a, *rows, &cap, *n, sizeof(**rows));
		read_delivery(a, st, &(*rows)[(*n)++]);
	}
	return sq_done(s, r);
}
