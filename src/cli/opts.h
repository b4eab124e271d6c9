/* opts.h - a small option parser for subcommands: --name VALUE, --name=VALUE, --flag, and
 * positional arguments; anything unknown is a usage error naming the option. */
#ifndef INNOMON_CLI_OPTS_H
#define INNOMON_CLI_OPTS_H

#include <stddef.h>

#include "base/status.h"

struct opt {
	const char *name;   /* without the leading "--" */
	const char **value; /* set for options taking a value (NULL for flags) */
	int *flag;          /* set to 1 for flags (NULL for valued options) */
};

/* Parse argv[1..argc) of command cmd. Positional arguments go to pos (at most max_pos).
 * Returns ST_OK or ST_USAGE (message printed). */
enum status opts_parse(const char *cmd, int argc, char **argv, const struct opt *opts, size_t n_opts,
		       const char **pos, size_t max_pos, size_t *n_pos) WUR;
/* Parse an integer option value in [min, max]; prints a usage error and returns ST_USAGE. */
enum status opts_int(const char *cmd, const char *name, const char *value, long min, long max, long *out) WUR;

#endif
