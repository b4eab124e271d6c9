/* opts.c - subcommand option parsing. */
#include <string.h>

#include "base/num.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "base/banned.h"

enum status opts_parse(const char *cmd, int argc, char **argv, const struct opt *opts, size_t n_opts,
		       const char **pos, size_t max_pos, size_t *n_pos)
{
	*n_pos = 0;
	int only_pos = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!only_pos && strcmp(a, "--") == 0) {
			only_pos = 1;
			continue;
		}
		if (only_pos || a[0] != '-' || a[1] == '\0') {
			if (*n_pos == max_pos)
				return cli_usage(cmd, "unexpected argument '%s'", a);
			pos[(*n_pos)++] = a;
			continue;
		}
		if (a[1] != '-')
			return cli_usage(cmd, "unknown option '%s'", a);
		const char *name = a + 2;
		const char *eq = strchr(name, '=');
		size_t name_len = eq ? (size_t)(eq - name) : strlen(name);
		const struct opt *o = NULL;
		for (size_t k = 0; k < n_opts; k++)
			if (strlen(opts[k].name) == name_len && strncmp(opts[k].name, name, name_len) == 0)
				o = &opts[k];
		if (!o)
			return cli_usage(cmd, "unknown option '%s'", a);
		if (o->flag) {
			if (eq)
				return cli_usage(cmd, "option '--%s' takes no value", o->name);
			*o->flag = 1;
		} else if (eq) {
			*o->value = eq + 1;
		} else if (i + 1 < argc) {
			*o->value = argv[++i];
		} else {
			return cli_usage(cmd, "option '--%s' needs a value", o->name);
		}
	}
	return ST_OK;
}

enum status opts_int(const char *cmd, const char *name, const char *value, long min, long max, long *out)
{
	int64_t v;
	if (!num_parse_int(str_of(value), min, max, &v))
		return cli_usage(cmd, "--%s must be a whole number from %ld to %ld, not '%s'", name, min, max, value);
	*out = (long)v;
	return ST_OK;
}
