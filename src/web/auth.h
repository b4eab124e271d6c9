/* auth.h - the sign-in flow: name and password checked (app/credentials.h hashes and
 * verifies), throttled per account and per address, and a session opened. The password and
 * token primitives moved to app/credentials.h (included here, so the web's callers keep their
 * names); users and tokens are made through app/users.h. */
#ifndef INNOMON_WEB_AUTH_H
#define INNOMON_WEB_AUTH_H

#include "app/credentials.h"
#include "base/arena.h"
#include "base/status.h"
#include "core/authz.h"

struct store;

struct auth_settings {
	long long session_idle_s;     /* a session unused this long ends */
	long long session_absolute_s; /* a session ends this long after sign-in regardless */
	long long max_failures_account, max_failures_ip;
	long long failure_window_s;
};

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
