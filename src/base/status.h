/* status.h - the one vocabulary of failure shared by every module.
 * Each status maps to one CLI exit code and one HTTP status (status.c), so the
 * command line and the API can never disagree about what went wrong. */
#ifndef INNOMON_BASE_STATUS_H
#define INNOMON_BASE_STATUS_H

enum status {
	ST_OK = 0,
	ST_INVALID,    /* the input is wrong: the caller's diagnostics say where */
	ST_NOT_FOUND,  /* a named thing does not exist */
	ST_CONFLICT,   /* the request contradicts what is stored */
	ST_DENIED,     /* not allowed for this user */
	ST_UNAUTH,     /* no or expired credentials */
	ST_TOO_LARGE,  /* an input-driven size passed its cap */
	ST_STORE,      /* the store failed (I/O, corruption, lock) */
	ST_IO,         /* a file or socket operation failed */
	ST_USAGE,      /* the command line is wrong */
	ST_THROTTLED,  /* too many attempts: wait and try again */
	ST__COUNT
};

#define WUR __attribute__((warn_unused_result))

/* Short stable name ("invalid", "not_found"...) used in JSON error codes. Cannot fail. */
const char *status_name(enum status st);
/* Exit code documented in docs/innomon.1.scd: 0 ok, 1 usage, 2 bad input, 3 store, 4 not found,
 * 5 conflict, 6 denied, 7 I/O. Cannot fail. */
int status_exit_code(enum status st);
/* HTTP status code for an API answer. Cannot fail. */
unsigned status_http_code(enum status st);

#endif
