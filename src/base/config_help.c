/* config_help.c - the texts generated from the settings table: the settings part of --help,
 * `innomon config show` (config_describe: the values in effect and where each came from, with
 * secrets masked) and dist/innomon.conf.example (config_example). Output only: it reads a
 * struct config and the table, and changes nothing. */
#include <stdio.h>
#include <string.h>

#include "base/config.h"
#include "base/config_int.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "base/banned.h"

/* --help: where the help text starts (2 + 32 + 1 columns) */
#define HELP_INDENT "                                   "

enum status config_help(struct buf *out)
{
	struct config defaults;
	struct buf value;
	char flag[96], range[160];
	config_defaults(&defaults);
	buf_init(&value, 0);
	bw(out, "settings (each also `name = value` in the config file, and INNOMON_NAME in the environment):\n");
	for (size_t i = 0; i < CONFIG_N_SETTINGS; i++) {
		const struct config_setting *s = &config_table[i];
		buf_reset(&value);
		if (config_format_value(&defaults, s, &value) != ST_OK)
			BUG("cannot format the default of '%s'", s->name);
		config_allowed_text(s, 1, range, sizeof(range));
		snprintf(flag, sizeof(flag), "%s %s", s->flag, s->metavar);
		/* "[range, default X]" after the help, or under it when the line would pass 100 columns */
		size_t line_len = 2 + 32 + 1 + strlen(s->help) + 1 + strlen(range) + 11 + value.len + 4;
		bwf(out, "  %-32s %s%s[%s%sdefault %s]\n", flag, s->help, line_len > 100 ? "\n" HELP_INDENT : " ", range,
		    range[0] ? ", " : "", value.len ? buf_str(&value) : "none");
	}
	buf_release(&value);
	return buf_status(out);
}

/* value as a config-file value: quoted (with \" and \\) for texts, bare otherwise. */
static void put_file_value(struct buf *out, const struct config_setting *s, const char *value)
{
	if (s->type != CONFIG_STRING && s->type != CONFIG_ADDR) {
		bw(out, value);
		return;
	}
	bwc(out, '"');
	for (const char *p = value; *p; p++) {
		if (*p == '"' || *p == '\\')
			bwc(out, '\\');
		bwc(out, *p);
	}
	bwc(out, '"');
}

/* Settings whose values config_describe never prints. */
static int is_secret(const struct config_setting *s)
{
	size_t n = strlen(s->name);
	return n > 7 && strcmp(s->name + n - 7, "_secret") == 0;
}

enum status config_describe(const struct config *c, struct buf *out)
{
	struct buf line, value;
	buf_init(&line, 0);
	buf_init(&value, 0);
	bw(out, "# innomon settings in effect (default < config file < environment < flags)\n");
	bwf(out, "# config file: %s\n", c->file_path[0] ? c->file_path : "none");
	for (size_t i = 0; i < CONFIG_N_SETTINGS; i++) {
		const struct config_setting *s = &config_table[i];
		buf_reset(&line);
		buf_reset(&value);
		if (config_format_value(c, s, &value) != ST_OK)
			BUG("cannot format the value of '%s'", s->name);
		bwf(&line, "%s = ", s->name);
		if (is_secret(s) && value.len)
			bw(&line, "\"********\"");
		else if (s->type == CONFIG_STRING && strstr(buf_str(&value), "://")) {
			/* a connection URL (the db setting): its password never printed */
			struct buf masked;
			buf_init(&masked, 0);
			str_url_masked(&masked, buf_str(&value));
			put_file_value(&line, s, buf_str(&masked));
			buf_release(&masked);
		}
		else
			put_file_value(&line, s, buf_str(&value));
		bwf(out, "%-44s # ", buf_str(&line));
		if (c->source[i] == CONFIG_SOURCE_FILE)
			bwf(out, "%s:%ld\n", c->file_path[0] ? c->file_path : "config file", c->source_line[i]);
		else if (c->source[i] == CONFIG_SOURCE_ENV)
			bwf(out, "environment %s\n", s->env);
		else if (c->source[i] == CONFIG_SOURCE_FLAG)
			bwf(out, "flag %s\n", s->flag);
		else
			bw(out, "default\n");
	}
	enum status rc = buf_status(&line) != ST_OK ? ST_TOO_LARGE : buf_status(out);
	buf_release(&line);
	buf_release(&value);
	return rc;
}

enum status config_example(struct buf *out)
{
	struct config defaults;
	struct buf value;
	char expected[256];
	config_defaults(&defaults);
	buf_init(&value, 0);
	bw(out, "# innomon.conf - settings of the innomon server and command (see innomon(1)).\n"
		"# Generated from the settings table in src/base/config.c: do not edit by hand.\n"
		"# Copy to /etc/innomon.conf (read when it exists) or pass --config FILE.\n"
		"# Syntax: one `name = value` per line; '#' starts a comment; a value may be\n"
		"# \"double-quoted\" (inside, \\\" is a quote and \\\\ a backslash).\n"
		"# Sizes take K, M or G (1024-based); durations take s, m or h.\n"
		"# Each setting is also an environment variable and a flag; the later wins:\n"
		"# built-in default < this file < environment < flag.\n"
		"# Every setting is shown commented out, at its default.\n");
	for (size_t i = 0; i < CONFIG_N_SETTINGS; i++) {
		const struct config_setting *s = &config_table[i];
		buf_reset(&value);
		if (config_format_value(&defaults, s, &value) != ST_OK)
			BUG("cannot format the default of '%s'", s->name);
		config_allowed_text(s, 0, expected, sizeof(expected));
		bwf(out, "\n# %s\n# flag %s %s; environment %s\n# %s\n#%s = ", s->help, s->flag, s->metavar, s->env,
		    expected, s->name);
		put_file_value(out, s, buf_str(&value));
		bwc(out, '\n');
	}
	buf_release(&value);
	return buf_status(out);
}
