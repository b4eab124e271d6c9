/* users.c - users, passwords and API tokens (see users.h). Each operation checks every part of
 * its input first, so a refusal lists every problem and writes nothing. */
#include <string.h>

#include "app/credentials.h"
#include "app/users.h"
#include "base/clock.h"
#include "base/banned.h"

#define FIRST_ADMIN_NAME "admin"

static int name_is_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < APP_USER_NAME_MIN_BYTES || n > APP_USER_NAME_MAX_BYTES)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

static const char *blank_to_null(const char *s)
{
	return s && *s ? s : NULL;
}

/* The password policy's refusal of field (auth_hash_password's reason key why). */
static void weak_password(struct diag_list *errs, const char *field, const char *why)
{
	if (why && strcmp(why, "password.common") == 0)
		(void)app_refuse(errs, ST_INVALID, field, "weak_password", "password.common",
				 "the password is one of the 10,000 most common ones");
	else if (why && strcmp(why, "password.too_long") == 0)
		(void)app_refuse(errs, ST_INVALID, field, "weak_password", "password.too_long",
				 "the password has more than %d characters", AUTH_PASSWORD_MAX_CHARS);
	else
		(void)app_refuse(errs, ST_INVALID, field, "weak_password", "password.too_short",
				 "the password needs at least %d characters", AUTH_PASSWORD_MIN_CHARS);
}

/* Hash password into hash, listing a policy refusal on field. ST_IO when hashing fails. */
static enum status hash_or_refuse(const char *password, char hash[crypto_pwhash_STRBYTES], const char *field,
				  struct diag_list *errs)
{
	const char *why;
	enum status rc = auth_hash_password(password, hash, &why);
	if (rc == ST_INVALID)
		weak_password(errs, field, why);
	return rc == ST_INVALID ? ST_OK : rc;
}

/* A role with its unit or region: listed problems; a scope no plan defines is looked up. */
static enum status check_role(struct app_ctx *x, enum role role, const char *unit, const char *region,
			      struct diag_list *errs)
{
	if (role < ROLE_ADMIN || role > ROLE_READER) {
		(void)app_refuse(errs, ST_INVALID, "role", "bad_value", "error.bad_role",
				 "not a role: use admin, analyst, unit_reporter, region_reporter or reader");
		return ST_OK;
	}
	if ((role == ROLE_UNIT_REPORTER) != (unit != NULL))
		(void)app_refuse(errs, ST_INVALID, "unit", "bad_value", "error.role_unit",
				 "a unit reporter needs a unit, and only a unit reporter has one");
	if ((role == ROLE_REGION_REPORTER) != (region != NULL))
		(void)app_refuse(errs, ST_INVALID, "region", "bad_value", "error.role_region",
				 "a region reporter needs a region, and only a region reporter has one");
	const char *kinds[2] = {"unit", "region"}, *codes[2] = {role == ROLE_UNIT_REPORTER ? unit : NULL,
								 role == ROLE_REGION_REPORTER ? region : NULL};
	for (int k = 0; k < 2; k++) {
		int exists;
		if (!codes[k])
			continue;
		enum status rc = store_code_exists(x->store, kinds[k], codes[k], &exists);
		if (rc != ST_OK)
			return rc;
		if (!exists)
			(void)app_refuse(errs, ST_INVALID, kinds[k], "unknown_reference", "error.unknown_scope",
					 "the unit or region is not defined by any plan: '%s'", codes[k]);
	}
	return ST_OK;
}

/* A store write's failure as a refusal: the store checks again what was checked above (another
 * writer may have got there first). */
static enum status write_failed(struct app_ctx *x, enum status rc, const char *name, const char *scope_field,
				struct diag_list *errs)
{
	if (rc == ST_CONFLICT && strstr(store_errmsg(x->store), "administrator"))
		return app_refuse(errs, rc, "role", "last_admin", "error.last_admin", "this would leave no enabled administrator");
	if (rc == ST_CONFLICT)
		return app_refuse(errs, rc, "name", "conflict", "error.user_exists", "user '%s' already exists", name);
	if (rc == ST_INVALID)
		return app_refuse(errs, rc, scope_field, "unknown_reference", "error.unknown_scope",
				  "the unit or region is not defined by any plan");
	if (rc == ST_NOT_FOUND)
		return app_refuse(errs, rc, "name", "not_found", "error.not_found", "no user '%s'", name);
	return rc;
}

enum status app_users(struct app_ctx *x, struct user **rows, size_t *n)
{
	enum status rc = app_authorize(x, ACT_MANAGE_USERS, NULL, NULL);
	if (rc != ST_OK)
		return rc;
	return store_user_list(x->store, x->arena, rows, n);
}

enum status app_user_add(struct app_ctx *x, const struct app_user_new *in, struct app_user_result *out,
			 struct diag_list *errs)
{
	memset(out, 0, sizeof(*out));
	enum status rc = app_authorize(x, ACT_MANAGE_USERS, NULL, errs);
	if (rc != ST_OK)
		return rc;
	const char *unit = blank_to_null(in->unit), *region = blank_to_null(in->region);
	if (!name_is_valid(in->name))
		(void)app_refuse(errs, ST_INVALID, "name", "bad_value", "error.bad_user_name",
				 "a user name has 2 to 64 lower-case letters, digits, dots, dashes or underscores");
	if (!app_text_is_valid(in->display_name, APP_DISPLAY_NAME_MAX_BYTES, 0))
		(void)app_refuse(errs, ST_INVALID, "display_name", "bad_value", "error.bad_display_name",
				 "a display name is text of at most %d bytes", APP_DISPLAY_NAME_MAX_BYTES);
	rc = check_role(x, in->role, unit, region, errs);
	if (rc != ST_OK)
		return rc;
	char one_time[32], hash[crypto_pwhash_STRBYTES];
	const char *password = in->password;
	if (!password) {
		auth_new_password(one_time);
		password = one_time;
	}
	rc = hash_or_refuse(password, hash, "password", errs);
	if (rc != ST_OK || (rc = app_errors_status(errs)) != ST_OK)
		return rc;
	struct user u = {0, in->name, blank_to_null(in->display_name), in->role, unit, region, password == one_time, 0, NULL};
	long long id;
	rc = store_user_add(x->store, &u, hash, &id);
	sodium_memzero(hash, sizeof(hash));
	if (rc != ST_OK)
		return write_failed(x, rc, in->name, unit ? "unit" : "region", errs);
	rc = store_user_get(x->store, x->arena, in->name, &out->user, NULL);
	if (rc == ST_OK && password == one_time)
		out->one_time_password = arena_strdup(x->arena, one_time);
	sodium_memzero(one_time, sizeof(one_time));
	return rc;
}

enum status app_user_change(struct app_ctx *x, const char *name, const struct app_user_change *in,
			    struct app_user_result *out, struct diag_list *errs)
{
	memset(out, 0, sizeof(*out));
	enum status rc = app_authorize(x, ACT_MANAGE_USERS, NULL, errs);
	if (rc != ST_OK)
		return rc;
	struct user *u;
	rc = store_user_get(x->store, x->arena, name ? name : "", &u, NULL);
	if (rc != ST_OK)
		return write_failed(x, rc, name ? name : "", NULL, errs);
	const char *unit = in->has_role ? blank_to_null(in->unit) : NULL, *region = in->has_role ? blank_to_null(in->region) : NULL;
	/* every part is checked before anything is written: a refused change changes nothing */
	if (in->has_disabled && in->is_disabled && x->who->user_id && u->id == x->who->user_id)
		(void)app_refuse(errs, ST_INVALID, "disabled", "self", "error.disable_self", "you cannot disable your own account");
	if (in->has_role && (rc = check_role(x, in->role, unit, region, errs)) != ST_OK)
		return rc;
	char one_time[32], hash[crypto_pwhash_STRBYTES];
	const char *password = in->password;
	if (in->is_reset && !password) {
		auth_new_password(one_time);
		password = one_time;
	}
	if (password && (rc = hash_or_refuse(password, hash, "password", errs)) != ST_OK)
		return rc;
	if ((rc = app_errors_status(errs)) != ST_OK)
		return rc;
	if (in->has_role && (rc = store_user_set_role(x->store, u->name, in->role, unit, region)) != ST_OK)
		return write_failed(x, rc, u->name, unit ? "unit" : "region", errs);
	if (in->has_disabled && (rc = store_user_set_disabled(x->store, u->name, in->is_disabled)) != ST_OK)
		return write_failed(x, rc, u->name, NULL, errs);
	if (password) {
		rc = store_user_set_password(x->store, u->name, hash, password == one_time || in->is_one_time, NULL);
		sodium_memzero(hash, sizeof(hash));
		if (rc != ST_OK)
			return write_failed(x, rc, u->name, NULL, errs);
		if (password == one_time)
			out->one_time_password = arena_strdup(x->arena, one_time);
		sodium_memzero(one_time, sizeof(one_time));
	}
	return store_user_get(x->store, x->arena, u->name, &out->user, NULL);
}

enum status app_first_admin(struct app_ctx *x, const char *password, int *is_created, struct app_user_result *out,
			    struct diag_list *errs)
{
	long long n;
	*is_created = 0;
	memset(out, 0, sizeof(*out));
	enum status rc = app_authorize(x, ACT_MANAGE_USERS, NULL, errs);
	if (rc == ST_OK)
		rc = store_user_count(x->store, &n);
	if (rc != ST_OK || n > 0)
		return rc;
	struct app_user_new in = {FIRST_ADMIN_NAME, NULL, ROLE_ADMIN, NULL, NULL, password};
	rc = app_user_add(x, &in, out, errs);
	*is_created = rc == ST_OK;
	return rc;
}

enum status app_account_password(struct app_ctx *x, const char *current, const char *fresh, const char *keep_session_hash,
				 struct diag_list *errs)
{
	struct user *u;
	const char *hash;
	enum status rc = app_authorize(x, ACT_OWN_ACCOUNT, NULL, errs);
	if (rc != ST_OK)
		return rc;
	rc = store_user_get(x->store, x->arena, x->who->name, &u, &hash);
	if (rc != ST_OK)
		return rc;
	if (!current || !auth_verify_password(hash, current))
		return app_refuse(errs, ST_UNAUTH, "current", "wrong_password", "account.wrong_current",
				  "the current password is not correct");
	char new_hash[crypto_pwhash_STRBYTES];
	rc = hash_or_refuse(fresh ? fresh : "", new_hash, "new", errs);
	if (rc != ST_OK)
		return rc;
	if (fresh && strcmp(current, fresh) == 0)
		(void)app_refuse(errs, ST_INVALID, "new", "weak_password", "account.same_password",
				 "the new password must differ from the current one");
	if ((rc = app_errors_status(errs)) == ST_OK)
		rc = store_user_set_password(x->store, u->name, new_hash, 0, keep_session_hash);
	sodium_memzero(new_hash, sizeof(new_hash));
	return rc;
}

enum status app_token_create(struct app_ctx *x, const char *user, const char *name, int days,
			     struct app_token_result *out, struct diag_list *errs)
{
	struct user *u;
	memset(out, 0, sizeof(*out));
	enum status rc = app_authorize(x, ACT_MANAGE_USERS, NULL, errs);
	if (rc != ST_OK)
		return rc;
	if (!name)
		name = "cli";
	if (!*name || !app_text_is_valid(name, APP_TOKEN_NAME_MAX_BYTES, 0))
		(void)app_refuse(errs, ST_INVALID, "name", "bad_value", "error.bad_request",
				 "a token's name is text of 1 to %d bytes", APP_TOKEN_NAME_MAX_BYTES);
	if (days < 0 || days > APP_TOKEN_MAX_DAYS)
		(void)app_refuse(errs, ST_INVALID, "days", "bad_value", "error.bad_request",
				 "a token lasts 1 to %d days (0: without end)", APP_TOKEN_MAX_DAYS);
	rc = store_user_get(x->store, x->arena, user ? user : "", &u, NULL);
	if (rc != ST_OK)
		return write_failed(x, rc, user ? user : "", NULL, errs);
	if ((rc = app_errors_status(errs)) != ST_OK)
		return rc;
	char token[AUTH_TOKEN_TEXT_MAX], hash[AUTH_HASH_HEX_MAX], expires[32];
	auth_new_token(token);
	auth_token_hash(token, hash);
	if (days)
		clock_format_utc(clock_now() + (time_t)days * 86400, expires);
	rc = store_token_create(x->store, u->id, name, hash, days ? expires : NULL, &out->id);
	if (rc == ST_OK) {
		out->token = arena_strdup(x->arena, token);
		out->expires_at = days ? arena_strdup(x->arena, expires) : NULL;
		out->user = u->name;
	}
	sodium_memzero(token, sizeof(token));
	return rc;
}

enum status app_tokens(struct app_ctx *x, struct api_token **rows, size_t *n)
{
	enum status rc = app_authorize(x, ACT_MANAGE_USERS, NULL, NULL);
	if (rc != ST_OK)
		return rc;
	return store_token_list(x->store, x->arena, rows, n);
}

enum status app_token_revoke(struct app_ctx *x, long long id, struct diag_list *errs)
{
	enum status rc = app_authorize(x, ACT_MANAGE_USERS, NULL, errs);
	if (rc != ST_OK)
		return rc;
	rc = store_token_revoke(x->store, id);
	if (rc == ST_NOT_FOUND)
		return app_refuse(errs, rc, "id", "not_found", "error.not_found", "no active token %lld", id);
	return rc;
}
