/* auth.h - credentials: argon2id password hashes (libsodium), random 256-bit tokens stored
 * as SHA-256, the password policy, and the sign-in flow with throttling per account and per
 * address. Used by the web server and by the CLI (user and token commands). */
#ifndef INNOMON_WEB_AUTH_H
#define INNOMON_WEB_AUTH_H

#include <sodium.h>

#include "base/arena.h"
#include "base/status.h"
#include "core/authz.h"

struct store;
struct user;

#define AUTH_TOKEN_TEXT_MAX 64 /* base64url of 32 bytes is 43 characters */
#define AUTH_HASH_HEX_MAX 65
#define AUTH_PASSWORD_MIN_CHARS 10
#define AUTH_PASSWORD_MAX_CHARS 1024
#define AUTH_PASSWORD_MAX_BYTES (4 * AUTH_PASSWORD_MAX_CHARS) /* UTF-8: 4 bytes a character at most */

struct auth_settings {
	long long session_idle_s;     /* a session unused this long ends */
	long long session_absolute_s; /* a session ends this long after sign-in regardless */
	long long max_failures_account, max_failures_ip;
	long long failure_window_s;
};

/* Library setup (sodium_init); call once from main. Returns ST_OK or ST_IO. */
enum status auth_global_init(void) WUR;
/* Hash a password with argon2id into out (crypto_pwhash_STRBYTES). ST_INVALID when it breaks
 * the policy: 10 to 1024 characters (not bytes), valid UTF-8, not one of the 10,000 most common
 * passwords (data/passwords/) in any letter case; *why gets the reason key: "password.too_short",
 * "password.too_long", "password.common". */
enum status auth_hash_password(const char *password, char out[crypto_pwhash_STRBYTES], const char **why) WUR;
/* 1 when password matches the stored hash. */
int auth_verify_password(const char *hash, const char *password);
/* A new random token (256 bits, base64url without padding). */
void auth_new_token(char out[AUTH_TOKEN_TEXT_MAX]);
/* SHA-256 of a token as lower-case hex (what the store keeps). */
void auth_token_hash(const char *token, char out[AUTH_HASH_HEX_MAX]);
/* A readable one-time password (base64url, 16 characters). */
void auth_new_password(char out[32]);
/* The principal of a stored user. Strings borrowed from u. */
void auth_principal_of(const struct user *u, struct principal *out);

struct signin {
	char token[AUTH_TOKEN_TEXT_MAX];      /* the session cookie value: shown once */
	char csrf[AUTH_TOKEN_TEXT_MAX];
	struct principal principal;          /* strings in the arena */
	char expires_at[32];
};

/* Check name/password (throttled: ST_THROTTLED once failures in the window reach a limit),
 * record the attempt, and open a session. ST_UNAUTH on a wrong name, password or a disabled
 * user, with the same timing. */
enum status auth_signin(struct store *s, struct arena *a, const struct auth_settings *cfg, const char *name,
			const char *password, const char *ip, struct signin *out) WUR;

#endif
