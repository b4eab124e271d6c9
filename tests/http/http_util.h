/* http_util.h - what every tests/http/test_*.c shares: a temporary folder with a store path, the
 * innomon binary run as a child, `innomon serve --port 0` started (its port read from its
 * "serving on" line) and stopped with SIGTERM, a libcurl client sending cookie, CSRF token or
 * bearer token, sign-in through the API, the JSON error shape, tidy over a page, and the store
 * read directly (testdb.h: SQLite or PostgreSQL). Test code for cmocka: a function whose contract says "fails the
 * test" calls cmocka's asserts and may only run inside a test (not in group setup). */
#ifndef INNOMON_TESTS_HTTP_UTIL_H
#define INNOMON_TESTS_HTTP_UTIL_H

#include <curl/curl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#include "base/buf.h"
#include "testdb.h"

#define HT_TIMEOUT_S 60L /* a request's time limit unless struct ht_request says otherwise */

/* ---- the temporary folder --------------------------------------------------------------- */

/* What a test file runs on; ht_env_init writes the fields, nothing else does. */
struct ht_env {
	char *bin;       /* INNOMON_BIN, borrowed from the environment */
	const char *src; /* INNOMON_SOURCE_ROOT, borrowed from the environment */
	char tmpdir[64]; /* a fresh folder /tmp/innomon-NAME-XXXXXX */
	char db[160];    /* TMPDIR/store.db, not created; or a new schema of the test database */
};

/* Read INNOMON_BIN and INNOMON_SOURCE_ROOT, make the folder for name (a short word). 0, or -1
 * with a message on stderr (a variable unset, the folder not made). */
int ht_env_init(struct ht_env *e, const char *name);
/* Remove the folder and all in it. Cannot fail (a failure is ignored). */
void ht_env_release(const struct ht_env *e);

/* ---- children --------------------------------------------------------------------------- */

/* Run argv (argv[0] the program, NULL-terminated) with stdin_text (NULL: empty) on its
 * standard input, through the file TMPDIR/cmd.stdin; its standard output goes to
 * TMPDIR/cmd.stdout and, when out is not NULL, into out (reset first); standard error is the
 * test's. Returns the exit code, -1 when it could not run or did not exit normally. */
int ht_run(const struct ht_env *e, char *const argv[], const char *stdin_text, struct buf *out);
/* ht_run of `innomon --db DB ARGS...` (the arguments char *, NULL-terminated, at most 20). */
int ht_innomon(const struct ht_env *e, const char *stdin_text, struct buf *out, ...) __attribute__((sentinel));
/* The same with the arguments in ap. */
int ht_innomon_v(const struct ht_env *e, const char *stdin_text, struct buf *out, va_list ap);

/* A server started by ht_server_start; pid 0 when none runs. */
struct ht_server {
	pid_t pid;
	int out_fd;    /* read end of the child's stdout */
	char url[128]; /* "http://127.0.0.1:PORT" without the final slash */
	char log[256]; /* where its stderr goes */
};

/* Start `innomon --db db serve --port 0 ARGS...` (args NULL-terminated, may be NULL; at most 10)
 * with the environment envp (NULL: the test's), its stderr to log_path (appended to when
 * is_log_append, else truncated), and wait (at most 20 s) for its "serving on" line. 0 with s
 * filled; -1 on failure (see the log; an unexpected first line is printed on stderr). */
int ht_server_start(struct ht_server *s, const struct ht_env *e, const char *db, const char *const *args,
		    char *const *envp, const char *log_path, int is_log_append);
/* Wait at most timeout_ms for the server to exit (after a signal sent to s->pid), then kill
 * it. Returns its exit code, -1 when it did not exit normally; s->pid becomes 0. */
int ht_server_wait(struct ht_server *s, int timeout_ms);
/* SIGTERM and ht_server_wait for 60 s; -1 when none runs. */
int ht_server_stop(struct ht_server *s);

/* ---- the client ------------------------------------------------------------------------- */

/* What a request carries; empty strings are not sent. */
struct ht_cred {
	char user[64];    /* for messages only */
	char cookie[128]; /* the innomon_session cookie */
	char csrf[128];   /* sent as X-CSRF-Token */
	char bearer[128]; /* sent as Authorization: Bearer */
	char extra[192];  /* one more header line, sent as it is */
};

/* An answer; ht_resp_free releases it. */
struct ht_resp {
	long status;        /* -1 when ht_send got no answer */
	struct buf body;
	struct buf headers; /* raw header lines */
	char content_type[128];
};

/* One request; all pointers are borrowed for the call. */
struct ht_request {
	const char *base;            /* "http://127.0.0.1:PORT" */
	const char *method;          /* NULL: GET; HEAD reads no body */
	const char *path;
	const struct ht_cred *cred;  /* NULL: none */
	const char *const *headers;  /* more header lines, NULL-terminated; NULL: none */
	const char *ctype;           /* the Content-Type sent; NULL: none (curl's default with a body) */
	const void *body;            /* NULL: none, but POST, PUT and PATCH always send one, maybe empty */
	size_t body_len;
	long timeout_s;              /* 0: HT_TIMEOUT_S */
};

/* Send q; r gets the answer (status -1 and the other fields empty when there was none).
 * Returns curl's code. The caller releases r with ht_resp_free either way. */
CURLcode ht_send(struct ht_resp *r, const struct ht_request *q);
/* One request to base with the credentials c (NULL: none) and a body of content type ctype
 * (see struct ht_request). Fails the test when no answer came. */
void ht_http(struct ht_resp *r, const char *base, const char *method, const char *path, const struct ht_cred *c,
	     const char *ctype, const void *body, size_t body_len);
void ht_resp_free(struct ht_resp *r);

/* The value of response header name (case-insensitive) copied into out; NULL when absent. */
const char *ht_header(const struct ht_resp *r, const char *name, char *out, size_t cap);
/* The body as JSON (duplicate keys refused; the caller decrefs); NULL when it is not JSON,
 * with err (may be NULL) saying why. */
json_t *ht_json(const struct ht_resp *r, json_error_t *err);
/* The JSON error code of r when r is exactly {error: {code, message, details}} (code and a
 * non-empty message strings, details an array) in application/json; copied into out. Else NULL. */
const char *ht_error_code(const struct ht_resp *r, char *out, size_t cap);
/* Fails the test unless r has this status and is the JSON error with this code. */
void ht_expect_error(const struct ht_resp *r, long status, const char *code);
/* A request with a JSON body (NULL: none) to base; fails the test unless the status is want
 * and the answer JSON, which it returns (the caller decrefs). */
json_t *ht_api(const char *base, const struct ht_cred *c, const char *method, const char *path, const char *body,
	       long want);

/* Sign name in through POST /api/v1/session at base. Returns 0 with out holding the user, the
 * cookie and the CSRF token; else the HTTP status (out cleared). keep (may be NULL) gets the
 * answer, for the caller to release. Fails the test when no answer came, or a 200 lacks the
 * cookie or the token. */
long ht_signin(const char *base, const char *name, const char *password, struct ht_cred *out, struct ht_resp *keep);
/* ht_signin that fails the test unless the sign-in succeeds. */
void ht_signin_ok(const char *base, const char *name, const char *password, struct ht_cred *out);

/* Fails the test when `tidy -q -e` finds a problem in the body (written to TMPDIR/page.html)
 * other than the false alarms of tidy 5.6 on valid HTML5, or exits with 2; what names the page
 * in the message. */
void ht_expect_tidy(const struct ht_env *e, const struct ht_resp *r, const char *what);

/* ---- the store, read directly ----------------------------------------------------------- */

/* The first column of the first row of sql on the store at target (testdb.h). Fails the test
 * when sql fails or gives no row. */
long long ht_db_int(const char *target, const char *sql);
/* Another new store target of the test, named name: TMPDIR/NAME.db, or a schema of the test
 * database. 0, or -1 with a message on stderr. */
int ht_db_new(const struct ht_env *e, const char *name, char *out, size_t cap);

#endif
