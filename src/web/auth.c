/* auth.c - passwords, tokens and sign-in (see auth.h). */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/utf8.h"
#include "store/store.h"
#include "web/auth.h"
#include "base/banned.h"

enum status auth_global_init(void)
{
	return sodium_init() < 0 ? ST_IO : ST_OK;
}

enum status auth_hash_password(const char *password, char out[crypto_pwhash_STRBYTES], const char **why)
{
	size_t len = strlen(password);
	*why = NULL;
	if (len > AUTH_PASSWORD_MAX_BYTES) {
		*why = "password.too_long";
		return ST_INVALID;
	}
	if (!utf8_valid(password, len, NULL) || utf8_count(password, len) < AUTH_PASSWORD_MIN_CHARS) {
		*why = "password.too_short";
		return ST_INVALID;
	}
	if (crypto_pwhash_str(out, password, len, crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return ST_IO; /* out of memory */
	return ST_OK;
}

int auth_verify_password(const char *hash, const char *password)
{
	return hash && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void auth_new_token(char out[AUTH_TOKEN_TEXT_MAX])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, AUTH_TOKEN_TEXT_MAX, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void auth_token_hash(const char *token, char out[AUTH_HASH_HEX_MAX])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, AUTH_HASH_HEX_MAX, h, sizeof(h));
}

void auth_new_password(char out[32])
{
	unsigned char raw[12];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, 32, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void auth_principal_of(const struct user *u, struct principal *out)
{
	memset(out, 0, sizeof(*out));
	out->role = u->role;
	out->user_id = u->id;
	out->name = u->name;
	out->unit = u->unit;
	out->region = u->region;
	out->must_change_password = u->must_change_password;
}

/* A valid argon2id hash of a password nobody has, so a missing user costs as much as a wrong
 * password (no timing oracle for user names). Computed once per process lazily is not
 * possible without shared state, so it is computed per failed lookup: the cost is the point. */
static void burn_verify(const char *password)
{
	char dummy[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str(dummy, "innomon-no-such-user", 20, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0)
		if (crypto_pwhash_str_verify(dummy, password, strlen(password)) == 0)
			return; /* cannot happen: nobody knows this password; either way the cost is paid */
}

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
		burn_verify(password);
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
