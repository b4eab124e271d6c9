/* credentials.h - passwords and tokens: argon2id password hashes (libsodium), the password
 * policy, random 256-bit tokens stored as SHA-256, one-time passwords, and the principal of a
 * stored user. Moved here from web/auth.h (issue 13) with their names kept, so the web's
 * sign-in flow and session lookup, the user operations (app/users.h) and the CLI share one copy;
 * front ends create users and tokens through app/users.h, not with these directly. */
#ifndef INNOMON_APP_CREDENTIALS_H
#define INNOMON_APP_CREDENTIALS_H

#include <sodium.h>

#include "base/status.h"
#include "core/authz.h"

struct user;

#define AUTH_TOKEN_TEXT_MAX 64 /* base64url of 32 bytes is 43 characters */
#define AUTH_HASH_HEX_MAX 65
#define AUTH_PASSWORD_MIN_CHARS 10
#define AUTH_PASSWORD_MAX_CHARS 1024
#define AUTH_PASSWORD_MAX_BYTES (4 * AUTH_PASSWORD_MAX_CHARS) /* UTF-8: 4 bytes a character at most */

/* Library setup (sodium_init); call once from main. Returns ST_OK or ST_IO. */
enum status auth_global_init(void) WUR;
/* Hash a password with argon2id into out (crypto_pwhash_STRBYTES). ST_INVALID when it breaks
 * the policy: 10 to 1024 characters (not bytes), valid UTF-8, not one of the 10,000 most common
 * passwords (data/passwords/) in any letter case; *why gets the reason key: "password.too_short",
 * "password.too_long", "password.common". ST_IO when hashing runs out of memory. */
enum status auth_hash_password(const char *password, char out[crypto_pwhash_STRBYTES], const char **why) WUR;
/* 1 when password matches the stored hash (hash NULL: 0). */
int auth_verify_password(const char *hash, const char *password);
/* A new random token (256 bits, base64url without padding). */
void auth_new_token(char out[AUTH_TOKEN_TEXT_MAX]);
/* SHA-256 of a token as lower-case hex (what the store keeps). */
void auth_token_hash(const char *token, char out[AUTH_HASH_HEX_MAX]);
/* A readable one-time password (base64url, 16 characters). */
void auth_new_password(char out[32]);
/* The principal of a stored user. Strings borrowed from u. */
void auth_principal_of(const struct user *u, struct principal *out);

#endif
