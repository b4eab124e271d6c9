/* sup_events.c - supervision events: the event row, every recipient's inbox
 * row and the webhook delivery, written inside the change's own transaction; the inbox; the
 * webhook outbox with its atomic claim (one UPDATE ... WHERE status = 'pending', so two
 * servers never take the same delivery). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sup.h"
#include "base/banned.h"

/* The event as the webhook's JSON payload (caller frees). */
static char *event_payload(long long event_id, const struct sup_event *ev, long long object_id, const char *link,
			   const char *now)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:{s:s, s:I}, s:s?, s:s?, s:s?, s:s?, s:s?}", "id", (json_int_t)event_id,
			      "event", ev->kind, "at", now, "object", "type", ev->object_type, "id", (json_int_t)object_id,
			      "plan", ev->plan_code, "unit", ev->unit, "period", ev->period, "link", link, "text", ev->text);
	if (j && ev->measure)
		json_object_set_new(j, "measure", json_integer(ev->measure));
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	return text;
}

enum status db_sup_event(struct store *s, const struct sup_event *ev, long long new_id, int *is_new)
{
	struct arena *a = arena_new();
	enum status rc = ST_STORE;
	char now[32], *payload = NULL;
	long long object_id = ev->object_id ? ev->object_id : new_id;
	const char *link = ev->link;
	if (!link && strcmp(ev->object_type, "notice") == 0)
		link = arena_printf(a, "/notices/%lld", object_id);
	if (!link && strcmp(ev->object_type, "report") == 0 && ev->period && ev->unit)
		link = arena_printf(a, "/reporting/%s/%d/%s%s%s", ev->period, ev->measure, ev->unit,
				    ev->plan_code ? "?plan=" : "", ev->plan_code ? ev->plan_code : "");
	if (is_new)
		*is_new = 0;
	db_now(now);
	struct db_stmt *ins = db_prep(s, a,
				    "INSERT INTO sup_events (kind, dedup_key, object_type, object_id, unit, measure, period, link, text,"
				      " created_at, plan_code) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING RETURNING id");
	struct db_stmt *inbox = db_prep(s, a,
				      "INSERT INTO notifications (user_id, event_id, created_at)"
					" SELECT id, CAST(?1 AS BIGINT), CAST(?2 AS TEXT) FROM users WHERE is_disabled = 0"
					" AND ((?3 <> 0 AND role = 'unit_reporter' AND unit = ?4) OR (?5 <> 0 AND role IN ('admin', 'analyst')))");
	struct db_stmt *hook = db_prep(s, a,
				     "INSERT INTO webhook_deliveries (event_id, payload, status, attempts, next_attempt_at, created_at)"
				     " VALUES (?, ?, 'pending', 0, ?, ?)");
	if (!ins || !inbox || !hook)
		goto out;
	char oid[32];
	db_id_text(object_id, oid);
	db_bind_text(ins, 1, ev->kind), db_bind_text(ins, 2, ev->dedup_key), db_bind_text(ins, 3, ev->object_type);
	db_bind_text(ins, 4, object_id ? oid : NULL), db_bind_text(ins, 5, ev->unit);
	db_bind_opt_int(ins, 6, ev->measure != 0, ev->measure), db_bind_text(ins, 7, ev->period);
	db_bind_text(ins, 8, link), db_bind_text(ins, 9, ev->text), db_bind_text(ins, 10, now);
	db_bind_text(ins, 11, ev->plan_code);
	long long event_id;
	rc = db_insert(ins, &event_id);
	if (rc == ST_NOT_FOUND) /* recorded before: nothing more to write */
		rc = ST_OK;
	if (rc != ST_OK || !event_id)
		goto out;
	db_bind_int(inbox, 1, event_id), db_bind_text(inbox, 2, now), db_bind_int(inbox, 3, ev->to_unit && ev->unit);
	db_bind_text(inbox, 4, ev->unit), db_bind_int(inbox, 5, ev->to_department);
	rc = db_run(inbox);
	if (rc != ST_OK)
		goto out;
	payload = event_payload(event_id, ev, object_id, link, now);
	if (!payload) {
		rc = db_fail(s, "cannot encode the event");
		goto out;
	}
	db_bind_int(hook, 1, event_id), db_bind_text(hook, 2, payload), db_bind_text(hook, 3, now);
	db_bind_text(hook, 4, now);
	rc = db_run(hook);
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
	enum status rc = db_begin(s);
	if (rc != ST_OK)
		return rc;
	rc = db_sup_event(s, ev, 0, &fresh);
	if (rc == ST_OK && fresh)
		rc = db_audit(s, "event.add", "event", ev->dedup_key ? ev->dedup_key : ev->kind, NULL, NULL);
	if (rc != ST_OK) {
		db_rollback(s);
		return rc;
	}
	if (is_new)
		*is_new = fresh;
	return db_commit(s);
}

/* ---- inbox ----------------------------------------------------------------------------------- */

static void read_notification(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	(void)ctx;
	struct sup_notification *x = elem;
	x->id = db_int(st, 0), x->event_id = db_int(st, 1);
	x->kind = db_text(a, st, 2), x->object_type = db_text(a, st, 3), x->object_id = db_text(a, st, 4);
	x->unit = db_text(a, st, 5), x->period = db_text(a, st, 6), x->link = db_text(a, st, 7);
	x->text = db_text(a, st, 8), x->created_at = db_text(a, st, 9), x->read_at = db_text(a, st, 10);
	x->measure = (int)db_int(st, 11);
	x->plan_code = db_text(a, st, 12);
}

enum status store_sup_inbox(struct store *s, struct arena *a, long long user_id, int is_unread_only, int limit,
			    struct sup_notification **rows, size_t *n)
{
	struct db_stmt *st = db_prep(s, a,
				   "SELECT n.id, e.id, e.kind, e.object_type, e.object_id, e.unit, e.period, e.link, e.text,"
				   " n.created_at, n.read_at, coalesce(e.measure, 0), e.plan_code FROM notifications n"
				   " JOIN sup_events e ON e.id = n.event_id WHERE n.user_id = ? AND (? = 0 OR n.read_at IS NULL)"
				   " ORDER BY n.id DESC LIMIT ?");
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	db_bind_int(st, 1, user_id), db_bind_int(st, 2, is_unread_only), db_bind_int(st, 3, limit > 0 ? limit : 100);
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**rows), 0, read_notification, NULL, &v, n);
	*rows = v;
	return rc;
}

enum status store_sup_inbox_unread(struct store *s, long long user_id, long long *n)
{
	struct arena *a = arena_new();
	struct db_stmt *st = db_prep(s, a, "SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL");
	enum status rc = ST_STORE;
	*n = 0;
	if (st) {
		db_bind_int(st, 1, user_id);
		rc = db_scalar(st, n);
	}
	arena_free(a);
	return rc;
}

enum status store_sup_inbox_read(struct store *s, long long user_id, long long id)
{
	struct arena *a = arena_new();
	char now[32], oid[32];
	enum status rc = ST_STORE;
	db_now(now);
	struct db_stmt *own = db_prep(s, a, "SELECT 1 FROM notifications WHERE id = ? AND user_id = ?");
	struct db_stmt *st = db_prep(s, a,
				   "UPDATE notifications SET read_at = ?1 WHERE user_id = ?2 AND read_at IS NULL AND (?3 = 0 OR id = ?3)");
	if (!own || !st)
		goto out;
	if (id) {
		db_bind_int(own, 1, id), db_bind_int(own, 2, user_id);
		rc = db_row(own);
		db_reset(own);
		if (rc != ST_OK)
			goto out;
	}
	db_bind_text(st, 1, now), db_bind_int(st, 2, user_id), db_bind_int(st, 3, id);
	rc = db_begin(s);
	if (rc != ST_OK)
		goto out;
	rc = db_run(st);
	int changed = s->changes;
	db_id_text(id, oid);
	if (rc == ST_OK && changed)
		rc = db_audit(s, "inbox.read", "notification", id ? oid : "all", NULL, NULL);
	if (rc == ST_OK)
		rc = db_commit(s);
	else
		db_rollback(s);
out:
	arena_free(a);
	return rc;
}

/* ---- webhook outbox -------------------------------------------------------------------------- */

#define DELIVERY_COLUMNS                                                                                  \
	"d.id, d.event_id, e.kind, d.payload, d.attempts, d.status, d.next_attempt_at, d.url, d.signature," \
	" d.last_error, coalesce(d.last_status, 0)"

static void read_delivery(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	(void)ctx;
	struct sup_delivery *d = elem;
	memset(d, 0, sizeof(*d));
	d->id = db_int(st, 0), d->event_id = db_int(st, 1);
	d->kind = db_text(a, st, 2), d->payload = db_text(a, st, 3), d->attempts = db_int(st, 4);
	d->status = db_text(a, st, 5), d->next_attempt_at = db_text(a, st, 6), d->url = db_text(a, st, 7);
	d->signature = db_text(a, st, 8), d->last_error = db_text(a, st, 9);
	d->last_status = (long)db_int(st, 10);
}

enum status store_sup_webhook_claim(struct store *s, struct arena *a, const char *now, const char *stale_before,
				    const char *claimer, struct sup_delivery **out)
{
	char oid[32];
	struct db_stmt *claim = db_prep(s, a,
				      "UPDATE webhook_deliveries SET status = 'sending', attempts = attempts + 1, claimed_by = ?1,"
				      " claimed_at = ?2 WHERE id = (SELECT id FROM webhook_deliveries WHERE (status = 'pending' AND"
				      " next_attempt_at <= ?2) OR (status = 'sending' AND claimed_at < ?3) ORDER BY next_attempt_at, id"
				      " LIMIT 1) AND (status = 'pending' OR (status = 'sending' AND claimed_at < ?3)) RETURNING id");
	struct db_stmt *get = db_prep(s, a,
				    "SELECT " DELIVERY_COLUMNS " FROM webhook_deliveries d JOIN sup_events e ON e.id = d.event_id"
				    " WHERE d.id = ?");
	if (!claim || !get)
		return ST_STORE;
	enum status rc = db_begin(s);
	if (rc != ST_OK)
		return rc;
	db_bind_text(claim, 1, claimer), db_bind_text(claim, 2, now), db_bind_text(claim, 3, stale_before);
	long long id;
	rc = db_insert(claim, &id); /* an UPDATE ... RETURNING id: the claimed row, if any */
	if (rc != ST_OK) {
		db_rollback(s);
		return rc;
	}
	db_id_text(id, oid);
	rc = db_audit(s, "webhook.claim", "webhook_delivery", oid, NULL, NULL);
	if (rc == ST_OK) {
		db_bind_int(get, 1, id);
		rc = db_row(get);
		if (rc == ST_OK) {
			*out = arena_alloc(a, sizeof(**out));
			read_delivery(a, get, *out, NULL);
		}
		db_reset(get);
		rc = rc == ST_NOT_FOUND ? db_fail(s, "the claimed delivery %lld is gone", id) : rc;
	}
	if (rc != ST_OK) {
		db_rollback(s);
		return rc;
	}
	return db_commit(s);
}

enum status store_sup_webhook_result(struct store *s, long long id, int is_ok, long http_status, const char *error,
				     const char *url, const char *signature, const char *next_attempt_at)
{
	struct arena *a = arena_new();
	char now[32], oid[32];
	enum status rc = ST_STORE;
	const char *status = is_ok ? "delivered" : next_attempt_at ? "pending" : "failed";
	db_now(now);
	struct db_stmt *st = db_prep(s, a,
				   "UPDATE webhook_deliveries SET status = ?, last_status = ?, last_error = ?, url = ?, signature = ?,"
				   " next_attempt_at = coalesce(?, next_attempt_at), delivered_at = ?, claimed_by = NULL"
				   " WHERE id = ? AND status = 'sending'");
	if (!st)
		goto out;
	db_bind_text(st, 1, status), db_bind_opt_int(st, 2, http_status != 0, http_status), db_bind_text(st, 3, error);
	db_bind_text(st, 4, url), db_bind_text(st, 5, signature), db_bind_text(st, 6, next_attempt_at);
	db_bind_text(st, 7, is_ok ? now : NULL), db_bind_int(st, 8, id);
	db_id_text(id, oid);
	char after[96];
	snprintf(after, sizeof(after), "{\"status\":\"%s\",\"http_status\":%ld}", status, http_status);
	rc = db_write_audited(st, s,
			      &(struct db_write){.action = "webhook.result", .object_type = "webhook_delivery", .object_id = oid,
						 .after = after, .if_unchanged = ST_CONFLICT});
out:
	arena_free(a);
	return rc;
}

enum status store_sup_webhook_skip_pending(struct store *s, long long *n)
{
	struct arena *a = arena_new();
	enum status rc = ST_STORE;
	struct db_stmt *st = db_prep(s, a,
				   "UPDATE webhook_deliveries SET status = 'skipped', last_error = 'no webhook_url is set'"
				   " WHERE status = 'pending'");
	*n = 0;
	if (!st)
		goto out;
	rc = db_begin(s);
	if (rc != ST_OK)
		goto out;
	rc = db_run(st);
	*n = rc == ST_OK ? s->changes : 0;
	char after[64];
	snprintf(after, sizeof(after), "{\"skipped\":%lld}", *n);
	if (rc == ST_OK && *n)
		rc = db_audit(s, "webhook.skip", "webhook_delivery", NULL, NULL, after);
	if (rc == ST_OK)
		rc = db_commit(s);
	else
		db_rollback(s);
out:
	arena_free(a);
	return rc;
}

enum status store_sup_webhooks(struct store *s, struct arena *a, int limit, struct sup_delivery **rows, size_t *n)
{
	struct db_stmt *st = db_prep(s, a,
				   "SELECT " DELIVERY_COLUMNS " FROM webhook_deliveries d JOIN sup_events e ON e.id = d.event_id"
				   " ORDER BY d.id DESC LIMIT ?");
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	db_bind_int(st, 1, limit > 0 ? limit : 100);
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**rows), 0, read_delivery, NULL, &v, n);
	*rows = v;
	return rc;
}
