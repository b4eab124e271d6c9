/* status.c - the table mapping each status to its name, exit code and HTTP status. */
#include "base/status.h"
#include "base/banned.h"

static const struct {
	const char *name;
	int exit_code;
	unsigned http;
} status_table[ST__COUNT] = {
	[ST_OK] = {"ok", 0, 200},
	[ST_INVALID] = {"invalid", 2, 422},
	[ST_NOT_FOUND] = {"not_found", 4, 404},
	[ST_CONFLICT] = {"conflict", 5, 409},
	[ST_DENIED] = {"forbidden", 6, 403},
	[ST_UNAUTH] = {"unauthorized", 6, 401},
	[ST_TOO_LARGE] = {"too_large", 2, 413},
	[ST_STORE] = {"store_error", 3, 500},
	[ST_IO] = {"io_error", 7, 500},
	[ST_USAGE] = {"usage", 1, 400},
	[ST_THROTTLED] = {"too_many_attempts", 6, 429},
};

const char *status_name(enum status st)
{
	return (unsigned)st < ST__COUNT ? status_table[st].name : "unknown";
}

int status_exit_code(enum status st)
{
	return (unsigned)st < ST__COUNT ? status_table[st].exit_code : 3;
}

unsigned status_http_code(enum status st)
{
	return (unsigned)st < ST__COUNT ? status_table[st].http : 500;
}
