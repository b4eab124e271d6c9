/* sessions.h - signing in and out, and whom a credential names: a name and password checked
 * (throttled per account and per address; a name that does not exist costs the same as a wrong
 * password, so the time taken does not tell which names exist), the attempt recorded, a
 * session opened (its token shown once); a session cookie or an API token looked up, which
 * refreshes its last use (a write, so the lookup is an operation too); a session ended. Sign-in
 * and the lookups need no right (they are how a principal comes to be); signing out is
 * ACT_OWN_ACCOUNT. The tokens are app/credentials.h's: random 256-bit, stored as SHA-256. */
#ifndef INNOMON_APP_SESSIONS_H
#define INNOMON_APP_SESSIONS_H

#include "app/app.h"
#include "app/credentials.h"

struct auth_settings {
	long long session_idle_s;     /* a session unused this long ends */
	long long session_absolute_s; /* a session ends this long after sign-in regardless */
	long long max_failures_account, max_failures_ip;
	long long failure_window_s;
};

struct signin {
	char token[AUTH_TOKEN_TEXT_MAX];      /* the session cookie value: shown once */
	char csrf[AUTH_TOKEN_TEXT_MAX];
	struct principal principal;          /* strings in x->arena */
	char expires_at[32];
};

/* Check name and password from address ip (may be NULL), record the attempt and open a session
 * as cfg says; the store's audit actor becomes the user. ST_THROTTLED once the failures in the
 * window reach a limit (nothing checked, nothing recorded); ST_UNAUTH for a wrong name or
 * password or a disabled user, in the same time; ST_STORE. */
enum status app_signin(struct app_ctx *x, const struct auth_settings *cfg, const char *name, const char *password,
		       const char *ip, struct signin *out) WUR;

/* A session as its cookie names it. */
struct app_session {
	struct principal principal;  /* strings in x->arena */
	const char *csrf_token;
	const char *session_hash;    /* what signing out and a password change name it by */
};

/* The live session of cookie token (not revoked, not expired, used within idle_s seconds, its
 * user enabled): refreshes its last use. ST_NOT_FOUND otherwise (also for a token that cannot be
 * one); ST_STORE. */
enum status app_session_find(struct app_ctx *x, const char *token, long long idle_s, struct app_session *out) WUR;

/* The principal (strings in x->arena) of the live API token token (not revoked, not expired,
 * its user enabled): refreshes its last use. ST_NOT_FOUND otherwise; ST_STORE. */
enum status app_token_find(struct app_ctx *x, const char *token, struct principal *out) WUR;

/* End the session session_hash of the acting principal (ACT_OWN_ACCOUNT; one ended already is
 * no error). */
enum status app_signout(struct app_ctx *x, const char *session_hash) WUR;

#endif
