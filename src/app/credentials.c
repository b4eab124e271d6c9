/* credentials.c - password hashes, the password policy and tokens (see credentials.h). */
#include <ctype.h>
#include <string.h>

#include "app/credentials.h"
#include "base/embed.h"
#include "base/utf8.h"
#include "store/store.h"
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
