/* users.c - users, sessions, API tokens and sign-in attempts. Secrets are
 * never stored: callers pass SHA-256 hashes of tokens and argon2id hashes of passwords.
 * Every change is audited in its own transaction (never the hashes themselves). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "store/db.h"
#include "store/store.h"
#include "base/banned.h"

#define USER_COLUMNS "u.id, u.name, u.display_name, u.role, u.unit, u.region, u.must_change_password, u.is_disabled, u.created_at"

static void read_user(struct arena *a, struct db_stmt *st, int base, struct user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = db_int(st, base);
	u->name = db_text(a, st, base + 1);
	u->display_name = db_text(a, st, base + 2);
	if (!role_parse(db_peek(st, base + 3), &u->role))
		u->role = ROLE_READER;
	u->unit = db_text(a, st, base + 4);
	u->region = db_text(a, st, base + 5);
	u->must_change_password = db_int(st, base + 6);
	u->is_disabled = db_int(st, base + 7);
	u->created_at = db_text(a, st, base + 8);
}

/* The user's public fields as JSON text for the audit trail (never the password hash). */
static char *user_json(const struct user *u)
{
	json_t *j = json_pack("{s:s, s:s, s:s?, s:s?, s:b, s:b}", "name", u->name, "role", role_name(u->role), "unit",
			      u->unit, "region", u->region, "must_change_password", u->must_change_password, "disabled",
			      u->is_disabled);
	char *t = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	return t;
}

/* ST_CONFLICT when no enabled admin would be left (inside the caller's transaction): nobody
 * could then manage users, and only the command line on the server could repair it. */
static enum status keep_an_admin(struct store *s)
{
	struct arena *a = arena_new();
	struct db_stmt *st = db_prep(s, a, "SELECT count(*) FROM users WHERE role = 'admin' AND is_disabled = 0");
	long long n = 0;
	enum status rc = st ? db_scalar(st, &n) : ST_STORE;
	arena_free(a);
	if (rc == ST_OK && n == 0)
		rc = ST_CONFLICT;
	if (rc == ST_CONFLICT)
		db_fail(s, "this would leave no enabled administrator");
	return rc;
}

enum status store_user_add(struct store *s, const struct user *u, const char *password_hash, long long *id)
{
	struct arena *a = arena_new();
	char now[32];
	enum status rc = ST_STORE;
	*id = 0;
	db_now(now);
	struct db_stmt *st = db_prep(s, a,
				   "INSERT INTO users (name, display_name, role, unit, region, password_hash, must_change_password,"
				   " is_disabled, created_at, updated_at) VALUES (?,?,?,?,?,?,?,0,?,?) RETURNING id");
	if (!st)
		goto out;
	db_bind_text(st, 1, u->name), db_bind_text(st, 2, u->display_name), db_bind_text(st, 3, role_name(u->role));
	db_bind_text(st, 4, u->unit), db_bind_text(st, 5, u->region), db_bind_text(st, 6, password_hash);
	db_bind_int(st, 7, u->must_change_password), db_bind_text(st, 8, now), db_bind_text(st, 9, now);
	char *after = user_json(u);
	rc = db_write_audited(st, s,
			      &(struct db_write){.action = "user.add", .object_type = "user", .object_id = u->name, .after = after,
						 .is_classified = 1, .new_id = id});
	free(after);
out:
	arena_free(a);
	return rc;
}

enum status store_user_get(struct store *s, struct arena *a, const char *name, struct user **out, const char **password_hash)
{
	struct db_stmt *st = db_prep(s, a, "SELECT " USER_COLUMNS ", u.password_hash FROM users u WHERE u.name = ?");
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, name);
	enum status rc = db_row(st);
	if (rc != ST_OK)
		return rc;
	*out = arena_alloc(a, sizeof(**out));
	read_user(a, st, 0, *out);
	if (password_hash)
		*password_hash = db_text(a, st, 9);
	db_reset(st);
	return ST_OK;
}

static void user_row(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	(void)ctx;
	read_user(a, st, 0, elem);
}

enum status store_user_list(struct store *s, struct arena *a, struct user **rows, size_t *n)
{
	struct db_stmt *st = db_prep(s, a, "SELECT " USER_COLUMNS " FROM users u ORDER BY u.name");
	void *v = NULL;
	*n = 0;
	enum status rc = st ? db_collect(st, a, sizeof(**rows), 0, user_row, NULL, &v, n) : ST_STORE;
	*rows = v;
	return rc;
}

enum status store_user_count(struct store *s, long long *n)
{
	struct arena *a = arena_new();
	struct db_stmt *st = db_prep(s, a, "SELECT count(*) FROM users");
	enum status rc = st ? db_scalar(st, n) : ST_STORE;
	arena_free(a);
	return rc;
}

enum status store_user_set_password(struct store *s, const char *name, const char *password_hash, int must_change,
				    const char *keep_session_hash)
{
	struct arena *a = arena_new();
	char now[32];
	enum status rc = ST_STORE;
	db_now(now);
	struct db_stmt *st = db_prep(s, a, "UPDATE users SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE name = ?");
	struct db_stmt *rv = db_prep(s, a,
				   "UPDATE sessions SET revoked_at = ? WHERE revoked_at IS NULL AND (CAST(?2 AS TEXT) IS NULL OR token_hash <> ?2)"
				   " AND user_id = (SELECT id FROM users WHERE name = ?3)");
	if (!st || !rv)
		goto out;
	db_bind_text(st, 1, password_hash), db_bind_int(st, 2, must_change), db_bind_text(st, 3, now), db_bind_text(st, 4, name);
	db_bind_text(rv, 1, now), db_bind_text(rv, 2, keep_session_hash), db_bind_text(rv, 3, name);
	rc = db_begin(s);
	if (rc != ST_OK)
		goto out;
	rc = db_run(st);
	if (rc == ST_OK && s->changes == 0)
		rc = ST_NOT_FOUND;
	if (rc == ST_OK)
		rc = db_run(rv);
	if (rc == ST_OK)
		rc = db_audit(s, "user.password", "user", name, NULL, must_change ? "{\"must_change_password\":true}" : "{\"must_change_password\":false}");
	if (rc == ST_OK)
		rc = db_commit(s);
	else
		db_rollback(s);
out:
	arena_free(a);
	return rc;
}

enum status store_user_set_role(struct store *s, const char *name, enum role role, const char *unit, const char *region)
{
	struct arena *a = arena_new();
	char now[32];
	struct user *before;
	enum status rc = store_user_get(s, a, name, &before, NULL);
	if (rc != ST_OK)
		goto out;
	db_now(now);
	struct db_stmt *st = db_prep(s, a, "UPDATE users SET role = ?, unit = ?, region = ?, updated_at = ? WHERE name = ?");
	if (!st) {
		rc = ST_STORE;
		goto out;
	}
	db_bind_text(st, 1, role_name(role)), db_bind_text(st, 2, unit), db_bind_text(st, 3, region);
	db_bind_text(st, 4, now), db_bind_text(st, 5, name);
	struct user after = *before;
	after.role = role, after.unit = unit, after.region = region;
	char *bj = user_json(before), *aj = user_json(&after);
	rc = db_write_audited(st, s,
			      &(struct db_write){.action = "user.role", .object_type = "user", .object_id = name, .before = bj,
						 .after = aj, .if_unchanged = ST_NOT_FOUND, .is_classified = 1,
						 .check = keep_an_admin});
	free(bj), free(aj);
out:
	arena_free(a);
	return rc;
}

enum status store_user_set_disabled(struct store *s, const char *name, int is_disabled)
{
	struct arena *a = arena_new();
	char now[32];
	enum status rc = ST_STORE;
	db_now(now);
	struct db_stmt *st = db_prep(s, a, "UPDATE users SET is_disabled = ?, updated_at = ? WHERE name = ?");
	struct db_stmt *rs = db_prep(s, a, "UPDATE sessions SET revoked_at = ?1 WHERE revoked_at IS NULL AND user_id = (SELECT id FROM users WHERE name = ?2)");
	struct db_stmt *rt = db_prep(s, a, "UPDATE api_tokens SET revoked_at = ?1 WHERE revoked_at IS NULL AND user_id = (SELECT id FROM users WHERE name = ?2)");
	if (!st || !rs || !rt)
		goto out;
	db_bind_int(st, 1, is_disabled), db_bind_text(st, 2, now), db_bind_text(st, 3, name);
	db_bind_text(rs, 1, now), db_bind_text(rs, 2, name);
	db_bind_text(rt, 1, now), db_bind_text(rt, 2, name);
	rc = db_begin(s);
	if (rc != ST_OK)
		goto out;
	rc = db_run(st);
	if (rc == ST_OK && s->changes == 0)
		rc = ST_NOT_FOUND;
	if (rc == ST_OK && is_disabled)
		rc = db_run(rs);
	if (rc == ST_OK && is_disabled)
		rc = db_run(rt);
	if (rc == ST_OK && is_disabled)
		rc = keep_an_admin(s);
	if (rc == ST_OK)
		rc = db_audit(s, is_disabled ? "user.disable" : "user.enable", "user", name, NULL, NULL);
	if (rc == ST_OK)
		rc = db_commit(s);
	else
		db_rollback(s);
out:
	arena_free(a);
	return rc;
}

enum status store_session_create(struct store *s, const char *token_hash, long long user_id, const char *csrf_token,
				 const char *expires_at, const char *ip)
{
	struct arena *a = arena_new();
	char now[32];
	enum status rc = ST_STORE;
	db_now(now);
	struct db_stmt *st = db_prep(s, a,
				   "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip)"
				   " VALUES (?,?,?,?,?,?,?)");
	if (st) {
		db_bind_text(st, 1, token_hash), db_bind_int(st, 2, user_id), db_bind_text(st, 3, csrf_token);
		db_bind_text(st, 4, now), db_bind_text(st, 5, now), db_bind_text(st, 6, expires_at), db_bind_text(st, 7, ip);
		char id[32];
		db_id_text(user_id, id);
		rc = db_write_audited(st, s, &(struct db_write){.action = "session.create", .object_type = "session", .object_id = id});
	}
	arena_free(a);
	return rc;
}

enum status store_session_get(struct store *s, struct arena *a, const char *token_hash, long long idle_seconds,
			      struct session_info *out)
{
	char now[32], idle_since[32];
	time_t t = clock_now();
	clock_format_utc(t, now);
	clock_format_utc(t - (time_t)idle_seconds, idle_since);
	struct db_stmt *st = db_prep(s, a,
				   "SELECT " USER_COLUMNS ", s.csrf_token, s.expires_at, s.last_seen_at FROM sessions s"
				   " JOIN users u ON u.id = s.user_id"
				   " WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND s.last_seen_at >= ?"
				   "   AND u.is_disabled = 0");
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, token_hash), db_bind_text(st, 2, now), db_bind_text(st, 3, idle_since);
	enum status rc = db_row(st);
	if (rc != ST_OK)
		return rc;
	read_user(a, st, 0, &out->user);
	out->csrf_token = db_text(a, st, 9);
	out->expires_at = db_text(a, st, 10);
	const char *seen = db_text(a, st, 11);
	db_reset(st);
	/* refresh at most once a minute: a read should rarely write */
	char refresh_before[32];
	clock_format_utc(t - 60, refresh_before);
	if (seen && strcmp(seen, refresh_before) < 0) {
		struct db_stmt *up = db_prep(s, a, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
		if (!up)
			return ST_STORE;
		db_bind_text(up, 1, now), db_bind_text(up, 2, token_hash);
		return db_run(up);
	}
	return ST_OK;
}

enum status store_session_revoke(struct store *s, const char *token_hash)
{
	struct arena *a = arena_new();
	char now[32];
	enum status rc = ST_STORE;
	db_now(now);
	struct db_stmt *st = db_prep(s, a, "UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL");
	if (st) {
		db_bind_text(st, 1, now), db_bind_text(st, 2, token_hash);
		rc = db_write_audited(st, s,
				      &(struct db_write){.action = "session.revoke", .object_type = "session", .if_unchanged = ST_NOT_FOUND});
	}
	arena_free(a);
	return rc;
}

enum status store_token_create(struct store *s, long long user_id, const char *name, const char *token_hash,
			       const char *expires_at, long long *id)
{
	struct arena *a = arena_new();
	char now[32];
	enum status rc = ST_STORE;
	db_now(now);
	struct db_stmt *st = db_prep(s, a, "INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at) VALUES (?,?,?,?,?)"
					   " RETURNING id");
	if (st) {
		db_bind_text(st, 1, token_hash), db_bind_int(st, 2, user_id), db_bind_text(st, 3, name);
		db_bind_text(st, 4, now), db_bind_text(st, 5, expires_at);
		rc = db_write_audited(st, s, &(struct db_write){.action = "token.create", .object_type = "api_token",
								   .new_id = id, .is_classified = 1});
		if (rc == ST_INVALID) /* the foreign key: no such user */
			rc = ST_NOT_FOUND;
	}
	arena_free(a);
	return rc;
}

enum status store_token_user(struct store *s, struct arena *a, const char *token_hash, struct user *out)
{
	char now[32];
	db_now(now);
	struct db_stmt *st = db_prep(s, a,
				   "SELECT " USER_COLUMNS ", t.id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id"
				   " WHERE t.token_hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)"
				   "   AND u.is_disabled = 0");
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, token_hash), db_bind_text(st, 2, now);
	enum status rc = db_row(st);
	if (rc != ST_OK)
		return rc;
	read_user(a, st, 0, out);
	long long id = db_int(st, 9);
	const char *used = db_text(a, st, 10);
	db_reset(st);
	/* when a token was last used helps an admin retire forgotten ones; at most once a minute */
	char minute_ago[32];
	clock_format_utc(clock_now() - 60, minute_ago);
	if (!used || strcmp(used, minute_ago) < 0) {
		struct db_stmt *up = db_prep(s, a, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
		if (!up)
			return ST_STORE;
		db_bind_text(up, 1, now), db_bind_int(up, 2, id);
		return db_run(up);
	}
	return ST_OK;
}

static void token_row(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	(void)ctx;
	struct api_token *t = elem;
	t->id = db_int(st, 0);
	t->user = db_text(a, st, 1), t->name = db_text(a, st, 2), t->created_at = db_text(a, st, 3);
	t->expires_at = db_text(a, st, 4), t->revoked_at = db_text(a, st, 5);
	t->last_used_at = db_text(a, st, 6);
}

enum status store_token_list(struct store *s, struct arena *a, struct api_token **rows, size_t *n)
{
	struct db_stmt *st = db_prep(s, a,
				   "SELECT t.id, u.name, t.name, t.created_at, t.expires_at, t.revoked_at, t.last_used_at"
				   " FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id");
	void *v = NULL;
	*n = 0;
	enum status rc = st ? db_collect(st, a, sizeof(**rows), 0, token_row, NULL, &v, n) : ST_STORE;
	*rows = v;
	return rc;
}

enum status store_token_revoke(struct store *s, long long id)
{
	struct arena *a = arena_new();
	char now[32], oid[32];
	enum status rc = ST_STORE;
	db_now(now);
	db_id_text(id, oid);
	struct db_stmt *st = db_prep(s, a, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
	if (st) {
		db_bind_text(st, 1, now), db_bind_int(st, 2, id);
		rc = db_write_audited(st, s,
				      &(struct db_write){.action = "token.revoke", .object_type = "api_token", .object_id = oid,
							 .if_unchanged = ST_NOT_FOUND});
	}
	arena_free(a);
	return rc;
}

enum status store_signin_record(struct store *s, const char *name, const char *ip, int ok)
{
	struct arena *a = arena_new();
	char now[32];
	enum status rc = ST_STORE;
	db_now(now);
	struct db_stmt *st = db_prep(s, a, "INSERT INTO signin_attempts (name, ip, at, ok) VALUES (?,?,?,?)");
	if (st) {
		db_bind_text(st, 1, name), db_bind_text(st, 2, ip ? ip : ""), db_bind_text(st, 3, now), db_bind_int(st, 4, ok);
		rc = db_write_audited(st, s,
				      &(struct db_write){.action = ok ? "session.signin" : "session.signin_failed", .object_type = "user",
							 .object_id = name});
	}
	arena_free(a);
	return rc;
}

enum status store_signin_failures(struct store *s, const char *name, const char *ip, const char *since,
				  long long *by_name, long long *by_ip)
{
	struct arena *a = arena_new();
	enum status rc = ST_STORE;
	struct db_stmt *st = db_prep(s, a,
				   "SELECT (SELECT count(*) FROM signin_attempts WHERE name = ?1 AND ok = 0 AND at >= ?3),"
				   "       (SELECT count(*) FROM signin_attempts WHERE ip = ?2 AND ok = 0 AND at >= ?3)");
	if (st) {
		db_bind_text(st, 1, name), db_bind_text(st, 2, ip ? ip : ""), db_bind_text(st, 3, since);
		rc = db_row(st);
		if (rc == ST_OK) {
			*by_name = db_int(st, 0);
			*by_ip = db_int(st, 1);
		}
		rc = rc == ST_NOT_FOUND ? ST_STORE : rc;
	}
	arena_free(a);
	return rc;
}
