/* sessions.c - signing in and out, and the lookups of session cookies and API tokens (see
 * sessions.h). Moved from web/auth.c and web/session.c: the sign-in's timing rule is kept
 * exactly (tests/security/test_signin.py measures it). */
#include <string.h>

#include "app/sessions.h"
#include "base/clock.h"
#include "store/store.h"
#include "base/banned.h"

#define SIGNIN_NAME_MAX_BYTES 128

/* An argon2id hash (same parameters as auth_hash_password) of a password nobody has: a name
 * that does not exist costs one verification against it, exactly what a known name with a
 * wrong password costs, so sign-in time does not tell which names exist. */
static const char no_such_user_hash[] =
	"$argon2id$v=19$m=65536,t=2,p=1$lUux9OfAabpaMPuWDGt/Vg$HXdOg670uBdCB3+auQggXiZ+qcWLcETe46y1VyG16cQ";

enum status app_signin(struct app_ctx *x, const struct auth_settings *cfg, const char *name, const char *password,
		       const char *ip, struct signin *out)
{
	char since[32];
	long long by_name = 0, by_ip = 0;
	memset(out, 0, sizeof(*out));
	if (!name || !*name || !password || strlen(name) > SIGNIN_NAME_MAX_BYTES || strlen(password) > AUTH_PASSWORD_MAX_BYTES)
		return ST_UNAUTH;
	clock_format_utc(clock_now() - (time_t)cfg->failure_window_s, since);
	enum status rc = store_signin_failures(x->store, name, ip, since, &by_name, &by_ip);
	if (rc != ST_OK)
		return rc;
	if (by_name >= cfg->max_failures_account || by_ip >= cfg->max_failures_ip)
		return ST_THROTTLED;
	struct user *u = NULL;
	const char *hash = NULL;
	rc = store_user_get(x->store, x->arena, name, &u, &hash);
	if (rc != ST_OK && rc != ST_NOT_FOUND)
		return rc;
	int ok;
	if (rc == ST_NOT_FOUND) {
		(void)auth_verify_password(no_such_user_hash, password); /* the same cost; never matches */
		ok = 0;
	} else {
		ok = auth_verify_password(hash, password) && !u->is_disabled;
	}
	rc = store_signin_record(x->store, name, ip, ok);
	if (rc != ST_OK)
		return rc;
	if (!ok)
		return ST_UNAUTH;
	char token_hash[AUTH_HASH_HEX_MAX];
	auth_new_token(out->token);
	auth_new_token(out->csrf);
	auth_token_hash(out->token, token_hash);
	clock_format_utc(clock_now() + (time_t)cfg->session_absolute_s, out->expires_at);
	/* the session is the user's own act: audited as theirs */
	rc = store_set_actor(x->store, u->name, u->id, ip);
	if (rc == ST_OK)
		rc = store_session_create(x->store, token_hash, u->id, out->csrf, out->expires_at, ip);
	if (rc != ST_OK)
		return rc;
	auth_principal_of(u, &out->principal);
	return ST_OK;
}

enum status app_session_find(struct app_ctx *x, const char *token, long long idle_s, struct app_session *out)
{
	char hash[AUTH_HASH_HEX_MAX];
	struct session_info si;
	memset(out, 0, sizeof(*out));
	if (!token || !*token || strlen(token) >= AUTH_TOKEN_TEXT_MAX)
		return ST_NOT_FOUND;
	auth_token_hash(token, hash);
	enum status rc = store_session_get(x->store, x->arena, hash, idle_s, &si);
	if (rc != ST_OK)
		return rc;
	struct user *kept = arena_alloc(x->arena, sizeof(*kept));
	*kept = si.user;
	auth_principal_of(kept, &out->principal);
	out->csrf_token = si.csrf_token;
	out->session_hash = arena_strdup(x->arena, hash);
	return ST_OK;
}

enum status app_token_find(struct app_ctx *x, const char *token, struct principal *out)
{
	char hash[AUTH_HASH_HEX_MAX];
	memset(out, 0, sizeof(*out));
	if (!token || !*token || strlen(token) >= AUTH_TOKEN_TEXT_MAX)
		return ST_NOT_FOUND;
	auth_token_hash(token, hash);
	struct user *u = arena_alloc(x->arena, sizeof(*u));
	enum status rc = store_token_user(x->store, x->arena, hash, u);
	if (rc == ST_OK)
		auth_principal_of(u, out);
	return rc;
}

enum status app_signout(struct app_ctx *x, const char *session_hash)
{
	enum status rc = app_authorize(x, ACT_OWN_ACCOUNT, NULL, NULL);
	if (rc != ST_OK || !session_hash)
		return rc;
	rc = store_session_revoke(x->store, session_hash);
	return rc == ST_NOT_FOUND ? ST_OK : rc;
}
