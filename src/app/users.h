/* users.h - the operations on people and their credentials: users (add, change role, disable,
 * enable, set or reset a password), the first administrator of a new store, one's own password,
 * and API tokens. Every change of another person's account needs ACT_MANAGE_USERS; one's own
 * password ACT_OWN_ACCOUNT. Passwords are hashed here (app/credentials.h) and never leave in
 * clear except a one-time password made by the operation, returned once to show. The store
 * audits every write (user.add, user.role, user.disabled, user.password, token.create, ...). */
#ifndef INNOMON_APP_USERS_H
#define INNOMON_APP_USERS_H

#include "app/app.h"
#include "store/store.h"

#define APP_USER_NAME_MIN_BYTES 2
#define APP_USER_NAME_MAX_BYTES 64
#define APP_DISPLAY_NAME_MAX_BYTES 200
#define APP_TOKEN_NAME_MAX_BYTES 100
#define APP_TOKEN_MAX_DAYS 3650

/* Every user (ACT_MANAGE_USERS), in the store's order; rows in x->arena. */
enum status app_users(struct app_ctx *x, struct user **rows, size_t *n) WUR;

struct app_user_new {
	const char *name;           /* 2 to 64 of a-z 0-9 . - _ */
	const char *display_name;   /* NULL: none; at most 200 bytes of text */
	enum role role;             /* ROLE_NONE when the input named no role (refused) */
	const char *unit, *region;  /* a unit reporter's unit, a region reporter's region, else NULL */
	const char *password;       /* NULL: the operation makes a one-time password */
};

struct app_user_result {
	struct user *user;              /* as stored afterwards (x->arena) */
	const char *one_time_password;  /* made by the operation, shown once; else NULL */
};

/* Add a user. Refusals, all listed: name "bad_value", role "bad_value", unit or region
 * "bad_value" (missing for, or given to, a role that has none) or "unknown_reference" (no plan
 * defines it), display_name "bad_value", password "weak_password"; ST_CONFLICT "conflict" when
 * the name is taken. */
enum status app_user_add(struct app_ctx *x, const struct app_user_new *in, struct app_user_result *out,
			 struct diag_list *errs) WUR;

/* What to change of an existing user; each part only when asked. */
struct app_user_change {
	int has_role;               /* set role with its unit or region (checked as app_user_add) */
	enum role role;
	const char *unit, *region;
	int has_disabled;           /* disable (revoking the user's sessions and tokens) or enable */
	int is_disabled;
	const char *password;       /* a new password (policy checked), or NULL */
	int is_one_time;            /* the given password must be changed at the next sign-in */
	int is_reset;               /* make a new one-time password (password NULL) */
};

/* Change the user name: everything is checked before anything is written. ST_NOT_FOUND
 * "not_found" for an unknown name; refusals as app_user_add's, and "self" when the acting user
 * would disable themselves; ST_CONFLICT "last_admin" when no enabled administrator would be
 * left (nothing of that part is written). */
enum status app_user_change(struct app_ctx *x, const char *name, const struct app_user_change *in,
			    struct app_user_result *out, struct diag_list *errs) WUR;

/* The first administrator of a store without users, named "admin": with password, or with a
 * one-time password made here when password is NULL. *is_created 0 (and nothing written) when
 * the store has a user already. ACT_MANAGE_USERS (the operator). */
enum status app_first_admin(struct app_ctx *x, const char *password, int *is_created, struct app_user_result *out,
			    struct diag_list *errs) WUR;

/* The acting user changes their own password (ACT_OWN_ACCOUNT): current must match (else
 * ST_UNAUTH, "wrong_password" on field current, and nothing else is checked); fresh must pass
 * the policy and differ from current ("weak_password" on field new). Every session of theirs
 * but keep_session_hash (NULL: all) is revoked. */
enum status app_account_password(struct app_ctx *x, const char *current, const char *fresh, const char *keep_session_hash,
				 struct diag_list *errs) WUR;

struct app_token_result {
	long long id;
	const char *token;        /* shown once (x->arena) */
	const char *expires_at;   /* UTC text, or NULL when it does not expire */
	const char *user;
};

/* A new API token for user (ACT_MANAGE_USERS), named name (NULL: "cli"), valid days days (0:
 * without end). ST_NOT_FOUND "not_found" for an unknown user; name and days "bad_value". */
enum status app_token_create(struct app_ctx *x, const char *user, const char *name, int days,
			     struct app_token_result *out, struct diag_list *errs) WUR;
/* Every token (ACT_MANAGE_USERS), newest first; the tokens themselves are not kept. */
enum status app_tokens(struct app_ctx *x, struct api_token **rows, size_t *n) WUR;
/* Revoke token id (ACT_MANAGE_USERS). ST_NOT_FOUND "not_found" when no active token has it. */
enum status app_token_revoke(struct app_ctx *x, long long id, struct diag_list *errs) WUR;

#endif
