/* auth.c - the sign-in flow (see auth.h); passwords and tokens are app/credentials.c's. */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "store/store.h"
#include "web/auth.h"
#include "base/banned.h"

/* An argon2id hash (same parameters as auth_hash_password) of a password nobody has: a name
 * that does not exist costs one verification against it, exactly what a known name with a
 * wrong password costs, so sign-in time does not tell which names exist. */
static const char no_such_user_hash[] =
	"$argon2id$v=19$m=65536,t=2,p=1$lUux9OfAabpaMPuWDGt/Vg$HXdOg670uBdCB3+auQggXiZ+qcWLcETe46y1VyG16cQ";

enum status auth_signin(struct store *s, struct arena *a, const struct auth_settings *cfg, const char *name,
			const char *password, const char *ip, struct signin *out)
{
	char since[32];
	long long by_name = 0, by_ip = 0;
	memset(out, 0, sizeof(*out));
	if (!name || !*name || !password || strlen(name) > 128 || strlen(password) > AUTH_PASSWORD_MAX_BYTES)
		return ST_UNAUTH;
	clock_format_utc(clock_now() - (time_t)cfg->failure_window_s, since);
	enum status rc = store_signin_failures(s, name, ip, since, &by_name, &by_ip);
	if (rc != ST_OK)
		return rc;
	if (by_name >= cfg->max_failures_account || by_ip >= cfg->max_failures_ip)
		return ST_THROTTLED;
	struct user *u = NULL;
	const char *hash = NULL;
	rc = store_user_get(s, a, name, &u, &hash);
	if (rc != ST_OK && rc != ST_NOT_FOUND)
		return rc;
	int ok;
	if (rc == ST_NOT_FOUND) {
		(void)auth_verify_password(no_such_user_hash, password); /* the same cost; never matches */
		ok = 0;
	} else {
		ok = auth_verify_password(hash, password) && !u->is_disabled;
	}
	rc = store_signin_record(s, name, ip, ok);
	if (rc != ST_OK)
		return rc;
	if (!ok)
		return ST_UNAUTH;
	char token_hash[AUTH_HASH_HEX_MAX];
	auth_new_token(out->token);
	auth_new_token(out->csrf);
	auth_token_hash(out->token, token_hash);
	clock_format_utc(clock_now() + (time_t)cfg->session_absolute_s, out->expires_at);
	rc = store_set_actor(s, u->name, u->id, ip);
	if (rc == ST_OK)
		rc = store_session_create(s, token_hash, u->id, out->csrf, out->expires_at, ip);
	if (rc != ST_OK)
		return rc;
	auth_principal_of(u, &out->principal);
	return ST_OK;
}
