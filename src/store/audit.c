/* audit.c - the hash-chained audit trail: append inside a write's transaction, list
 * with filters, verify the chain. hash = SHA-256(prev_hash US id US at US actor US actor_id US
 * ip US action US object_type US object_id US before US after), US = 0x1f, NULL as "\x1e". */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "store/db.h"
#include "store/store.h"
#include "base/banned.h"

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void field(struct buf *b, const char *v)
{
	bw(b, v ? v : "\x1e");
	bwc(b, '\x1f');
}

static void event_hash(const struct audit_event *e, char out[65])
{
	struct buf b;
	char num[32];
	buf_init(&b, 0);
	field(&b, e->prev_hash);
	snprintf(num, sizeof(num), "%lld", e->id);
	field(&b, num);
	field(&b, e->at), field(&b, e->actor);
	snprintf(num, sizeof(num), "%lld", e->actor_id);
	field(&b, num);
	field(&b, e->ip), field(&b, e->action), field(&b, e->object_type), field(&b, e->object_id);
	field(&b, e->before_json), field(&b, e->after_json);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)buf_str(&b), b.len);
	sodium_bin2hex(out, 65, h, sizeof(h));
	buf_release(&b);
}

enum status db_audit(struct store *s, const char *action, const char *object_type, const char *object_id,
		     const char *before_json, const char *after_json)
{
	struct arena *a = arena_new();
	enum status rc = ST_STORE;
	struct db_stmt *last = db_prep(s, a, "SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1");
	struct db_stmt *ins = db_prep(s, a,
				      "INSERT INTO audit_events (id, at, actor, actor_id, ip, action, object_type, object_id,"
				      " before_json, after_json, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!last || !ins)
		goto out;
	struct audit_event e;
	char now[32], hash[65];
	memset(&e, 0, sizeof(e));
	e.prev_hash = AUDIT_GENESIS;
	e.id = 1;
	rc = db_row(last);
	if (rc == ST_OK) {
		e.id = db_int(last, 0) + 1;
		e.prev_hash = db_text(a, last, 1);
	} else if (rc != ST_NOT_FOUND) {
		goto out;
	}
	db_reset(last);
	db_now(now);
	e.at = now;
	e.actor = db_actor(s);
	e.actor_id = s->actor_id;
	e.ip = s->actor_ip[0] ? s->actor_ip : NULL;
	e.action = action, e.object_type = object_type, e.object_id = object_id;
	e.before_json = before_json, e.after_json = after_json;
	event_hash(&e, hash);
	db_bind_int(ins, 1, e.id), db_bind_text(ins, 2, e.at), db_bind_text(ins, 3, e.actor);
	db_bind_opt_int(ins, 4, e.actor_id != 0, e.actor_id), db_bind_text(ins, 5, e.ip), db_bind_text(ins, 6, action);
	db_bind_text(ins, 7, object_type), db_bind_text(ins, 8, object_id), db_bind_text(ins, 9, before_json);
	db_bind_text(ins, 10, after_json), db_bind_text(ins, 11, e.prev_hash), db_bind_text(ins, 12, hash);
	rc = db_run(ins);
out:
	arena_free(a);
	return rc;
}

enum status store_set_actor(struct store *s, const char *name, long long user_id, const char *ip)
{
	if (name && strlen(name) >= sizeof(s->actor))
		return ST_TOO_LARGE;
	if (ip && strlen(ip) >= sizeof(s->actor_ip))
		return ST_TOO_LARGE;
	snprintf(s->actor, sizeof(s->actor), "%s", name ? name : "");
	snprintf(s->actor_ip, sizeof(s->actor_ip), "%s", ip ? ip : "");
	s->actor_id = user_id;
	return ST_OK;
}

enum status store_audit(struct store *s, const char *action, const char *object_type, const char *object_id,
			const char *before_json, const char *after_json)
{
	return db_write_audited(NULL, s,
				&(struct db_write){.action = action, .object_type = object_type, .object_id = object_id,
						   .before = before_json, .after = after_json});
}

static void read_event(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	(void)ctx;
	struct audit_event *e = elem;
	e->id = db_int(st, 0);
	e->at = db_text(a, st, 1);
	e->actor = db_text(a, st, 2);
	e->actor_id = db_int(st, 3);
	e->ip = db_text(a, st, 4);
	e->action = db_text(a, st, 5);
	e->object_type = db_text(a, st, 6);
	e->object_id = db_text(a, st, 7);
	e->before_json = db_text(a, st, 8);
	e->after_json = db_text(a, st, 9);
	e->prev_hash = db_text(a, st, 10);
	e->hash = db_text(a, st, 11);
}

#define AUDIT_COLUMNS "id, at, actor, actor_id, ip, action, object_type, object_id, before_json, after_json, prev_hash, hash"

enum status store_audit_list(struct store *s, struct arena *a, const struct audit_filter *f, struct audit_event **rows,
			     size_t *n)
{
	/* only the conditions given (as store_obs_current): "?1 IS NULL OR actor = ?1" would keep
	 * the planners off audit_by_actor and audit_by_action, a scan of the whole trail; an
	 * absent one still names its parameter, so the numbering and the types hold */
	struct db_stmt *st = db_prep(s, a,
				     arena_printf(a,
						  "SELECT " AUDIT_COLUMNS " FROM audit_events"
						  " WHERE %s AND %s AND %s AND %s AND %s AND %s AND %s"
						  " ORDER BY id DESC LIMIT ?8",
						  f->actor ? "actor = ?1" : "CAST(?1 AS TEXT) IS NULL",
						  f->action ? "action = ?2" : "CAST(?2 AS TEXT) IS NULL",
						  f->object_type ? "object_type = ?3" : "CAST(?3 AS TEXT) IS NULL",
						  f->object_id ? "object_id = ?4" : "CAST(?4 AS TEXT) IS NULL",
						  f->since ? "at >= ?5" : "CAST(?5 AS TEXT) IS NULL",
						  f->until ? "at < ?6" : "CAST(?6 AS TEXT) IS NULL",
						  f->before_id ? "id < ?7" : "?7 = 0"));
	void *v = NULL;
	*n = 0;
	if (!st) {
		*rows = NULL;
		return ST_STORE;
	}
	db_bind_text(st, 1, f->actor), db_bind_text(st, 2, f->action), db_bind_text(st, 3, f->object_type);
	db_bind_text(st, 4, f->object_id), db_bind_text(st, 5, f->since), db_bind_text(st, 6, f->until);
	db_bind_int(st, 7, f->before_id), db_bind_int(st, 8, f->limit > 0 && f->limit <= 1000 ? f->limit : 100);
	enum status rc = db_collect(st, a, sizeof(**rows), 32, read_event, NULL, &v, n);
	*rows = v;
	return rc;
}

enum status store_audit_verify(struct store *s, struct arena *a, long long *n_events, long long *first_bad,
			       const char **head, const char **why)
{
	struct db_stmt *st = db_prep(s, a, "SELECT " AUDIT_COLUMNS " FROM audit_events ORDER BY id");
	*n_events = 0, *first_bad = 0, *head = AUDIT_GENESIS, *why = NULL;
	if (!st)
		return ST_STORE;
	const char *prev = AUDIT_GENESIS;
	long long expect_id = 1;
	enum db_step r;
	struct arena *row = arena_new();
	while ((r = db_step(st)) == DB_STEP_ROW) {
		struct audit_event e;
		char hash[65];
		arena_reset(row);
		read_event(row, st, &e, NULL);
		(*n_events)++;
		if (!*first_bad) {
			if (e.id != expect_id) {
				*first_bad = expect_id;
				*why = arena_printf(a, "event %lld is missing (the next stored event is %lld)", expect_id, e.id);
			} else if (!e.prev_hash || strcmp(e.prev_hash, prev) != 0) {
				*first_bad = e.id;
				*why = arena_strdup(a, "its link to the previous event does not match");
			} else {
				event_hash(&e, hash);
				if (!e.hash || strcmp(hash, e.hash) != 0) {
					*first_bad = e.id;
					*why = arena_strdup(a, "its content does not match its hash (the row was changed)");
				}
			}
		}
		prev = arena_strdup(a, e.hash ? e.hash : "");
		expect_id = e.id + 1;
	}
	arena_free(row);
	db_reset(st);
	*head = prev;
	return r == DB_STEP_DONE ? ST_OK : ST_STORE;
}
