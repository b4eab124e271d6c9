/* auth.c - passwords, tokens and sign-in (see auth.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/embed.h"
#include "base/utf8.h"
#include "store/store.h"
#include "web/auth.h"
#include "base/banned.h"

enum status auth_global_init(void)
{
	return sodium_init() < 0 ? ST_IO : ST_OK;
}

extern const struct embedded_file common_passwords[]; /* data/passwords/common-10k.txt */

/* Whether password, in lower case, is a line of the common-password list. */
static int is_common_password(const char *password, size_t len)
{
	char low[64];
	if (len >= sizeof(low))
		return 0; /* the list's longest entry is far shorter */
	for (size_t i = 0; i < len; i++)
		low[i] = (char)tolower((unsigned char)password[i]);
	const char *list = common_passwords[0].data;
	for (const char *line = list; *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		if (n == len && memcmp(line, low, len) == 0)
			return 1;
		line += n + (end != NULL);
	}
	return 0;
}

enum status auth_hash_password(const char *password, char out[crypto_pwhash_STRBYTES], const char **why)
{
	size_t len = strlen(password);
	*why = NULL;
	if (!utf8_valid(password, len, NULL) || utf8_count(password, len) < AUTH_PASSWORD_MIN_CHARS) {
		*why = "password.too_short";
		return ST_INVALID;
	}
	if (utf8_count(password, len) > AUTH_PASSWORD_MAX_CHARS) {
		*why = "password.too_long";
		return ST_INVALID;
	}
	if (is_common_password(password, len)) {
		*why = "password.common";
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
