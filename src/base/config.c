/* config.c - loading the settings: the config file (parsed line by line, all or nothing), the
 * INNOMON_* environment, command-line flags, and the start-up order that applies them over the
 * defaults (default < file < environment < flag). Hostile input (a config file is text someone
 * may hand us) is capped before it is looked at: file size, line length and value length; a bad
 * file changes nothing. Values are checked by config_value.c against the table in
 * config_table.c. Only libc: no logging, no exit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/config.h"
#include "base/config_int.h"
#include "base/str.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "base/banned.h"

/* Names longer than this get no "did you mean" suggestion (keeps the edit distance cheap). */
#define SUGGEST_MAX_BYTES 64u

/* ---- the config file ----------------------------------------------------------------------- */

/* Levenshtein distance of a and b (b at most SUGGEST_MAX_BYTES long), for suggestions. */
static size_t edit_distance(const char *a, size_t a_len, const char *b, size_t b_len)
{
	size_t row[SUGGEST_MAX_BYTES + 1];
	for (size_t j = 0; j <= b_len; j++)
		row[j] = j;
	for (size_t i = 1; i <= a_len; i++) {
		size_t diagonal = row[0];
		row[0] = i;
		for (size_t j = 1; j <= b_len; j++) {
			size_t above = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = diagonal + cost;
			if (above + 1 < best)
				best = above + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diagonal = above;
		}
	}
	return row[b_len];
}

/* The setting a mistyped name most likely meant: the user may have written the flag
 * ("--log-level"), the variable ("INNOMON_LOG_LEVEL") or a typo ("prot"). NULL when nothing is
 * close. */
static const struct config_setting *suggest(struct str name)
{
	char norm[SUGGEST_MAX_BYTES];
	size_t n = 0;
	if (name.len > SUGGEST_MAX_BYTES)
		return NULL;
	for (size_t i = 0; i < name.len; i++) {
		char ch = name.p[i];
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (ch == '-')
			ch = '_';
		norm[n++] = ch;
	}
	size_t start = 0;
	while (start < n && norm[start] == '_')
		start++;
	if (n - start > 8 && memcmp(norm + start, "innomon_", 8) == 0)
		start += 8;
	const struct config_setting *best = NULL;
	size_t best_distance = 3; /* suggest only within two edits */
	for (size_t i = 0; i < CONFIG_N_SETTINGS; i++) {
		size_t d = edit_distance(norm + start, n - start, config_table[i].name, strlen(config_table[i].name));
		if (d < best_distance) {
			best_distance = d;
			best = &config_table[i];
		}
	}
	return best;
}

struct file_parse {
	struct config *c;                      /* the copy being filled */
	const char *file;
	struct diag_list *diags;
	long first_line[CONFIG_N_SETTINGS];    /* where each setting was first set; 0 = not yet */
};

static int col_at(const char *line, size_t offset)
{
	return (int)utf8_count(line, offset) + 1;
}

#define is_blank(ch) ((ch) == ' ' || (ch) == '\t')

/* One line, already checked for length, encoding and control characters. */
static void parse_line(struct file_parse *fp, const char *line, size_t len, long line_no)
{
	size_t i = 0;
	while (i < len && is_blank(line[i]))
		i++;
	if (i == len || line[i] == '#')
		return;
	size_t name_at = i;
	while (i < len && !is_blank(line[i]) && line[i] != '=' && line[i] != '#')
		i++;
	struct str name = {line + name_at, i - name_at};
	if (name.len == 0) {
		diag_add(fp->diags, fp->file, line_no, col_at(line, name_at), NULL, "syntax",
			 "expected a setting name before '='");
		return;
	}
	while (i < len && is_blank(line[i]))
		i++;
	if (i == len || line[i] != '=') {
		diag_add(fp->diags, fp->file, line_no, col_at(line, i), NULL, "syntax",
			 "expected '=' after '%.*s' (write: name = value)", (int)name.len, name.p);
		return;
	}
	i++;
	while (i < len && is_blank(line[i]))
		i++;
	size_t value_at = i;
	char value[CONFIG_VALUE_MAX_BYTES + 1];
	size_t value_len = 0;
	int is_too_long = 0;
	if (i < len && line[i] == '"') {
		int is_closed = 0;
		for (i++; i < len; i++) {
			char ch = line[i];
			if (ch == '"') {
				is_closed = 1;
				i++;
				break;
			}
			if (ch == '\\' && i + 1 < len && (line[i + 1] == '"' || line[i + 1] == '\\'))
				ch = line[++i];
			if (value_len < CONFIG_VALUE_MAX_BYTES)
				value[value_len++] = ch;
			else
				is_too_long = 1;
		}
		if (!is_closed) {
			diag_add(fp->diags, fp->file, line_no, col_at(line, value_at), NULL, "syntax",
				 "missing closing '\"' in the value of '%.*s'", (int)name.len, name.p);
			return;
		}
		while (i < len && is_blank(line[i]))
			i++;
		if (i < len && line[i] != '#') {
			diag_add(fp->diags, fp->file, line_no, col_at(line, i), NULL, "syntax",
				 "unexpected text after the quoted value of '%.*s'", (int)name.len, name.p);
			return;
		}
	} else {
		size_t end = i;
		while (end < len && line[end] != '#')
			end++;
		while (end > i && is_blank(line[end - 1]))
			end--;
		value_len = end - i;
		if (value_len > CONFIG_VALUE_MAX_BYTES) {
			is_too_long = 1;
			value_len = CONFIG_VALUE_MAX_BYTES;
		}
		memcpy(value, line + i, value_len);
	}
	const struct config_setting *s = config_find_name(name);
	if (!s) {
		const struct config_setting *guess = suggest(name);
		char quoted[CONFIG_QUOTED_VALUE_MAX_BYTES + 4];
		config_quote_value(quoted, name);
		if (guess)
			diag_add(fp->diags, fp->file, line_no, col_at(line, name_at), NULL, "unknown_setting",
				 "unknown setting '%s' (did you mean '%s'?)", quoted, guess->name);
		else
			diag_add(fp->diags, fp->file, line_no, col_at(line, name_at), NULL, "unknown_setting",
				 "unknown setting '%s' (innomon --help lists the settings)", quoted);
		return;
	}
	size_t k = (size_t)(s - config_table);
	if (fp->first_line[k]) {
		diag_add(fp->diags, fp->file, line_no, col_at(line, name_at), NULL, "duplicate_setting",
			 "setting '%s' is set twice (first on line %ld)", s->name, fp->first_line[k]);
		return;
	}
	fp->first_line[k] = line_no;
	char who[64];
	snprintf(who, sizeof(who), "setting '%s'", s->name);
	if (is_too_long) {
		diag_add(fp->diags, fp->file, line_no, col_at(line, value_at), NULL, "too_long",
			 "value for %s is longer than %u bytes", who, CONFIG_VALUE_MAX_BYTES);
		return;
	}
	if (config_apply_value(fp->c, s, (struct str){value, value_len}, who, fp->diags, fp->file, line_no,
			col_at(line, value_at))) {
		fp->c->source[k] = CONFIG_SOURCE_FILE;
		fp->c->source_line[k] = line_no;
	}
}

/* Checks every line must pass before its syntax is looked at. Returns 1 when it passes. */
static int check_line(struct file_parse *fp, const char *line, size_t len, long line_no)
{
	size_t bad_at;
	if (len > CONFIG_LINE_MAX_BYTES) {
		diag_add(fp->diags, fp->file, line_no, 0, NULL, "too_long", "line is longer than %u bytes",
			 CONFIG_LINE_MAX_BYTES);
		return 0;
	}
	if (!utf8_valid(line, len, &bad_at)) {
		diag_add(fp->diags, fp->file, line_no, col_at(line, bad_at), NULL, "bad_encoding",
			 "invalid UTF-8 (save the file as UTF-8)");
		return 0;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)line[i];
		if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
			diag_add(fp->diags, fp->file, line_no, col_at(line, i), NULL, "bad_character",
				 "control character 0x%02x is not allowed", ch);
			return 0;
		}
	}
	return 1;
}

enum status config_parse_file(struct config *c, const char *text, size_t len, const char *file_name,
			      struct diag_list *diags)
{
	if (len > CONFIG_FILE_MAX_BYTES) {
		diag_add(diags, file_name, 0, 0, NULL, "too_large", "config file is larger than %zu bytes",
			 CONFIG_FILE_MAX_BYTES);
		return ST_TOO_LARGE;
	}
	struct config *copy = xmalloc(sizeof(*copy));
	*copy = *c;
	struct file_parse fp = {copy, file_name, diags, {0}};
	size_t errors_before = diag_errors(diags);
	size_t pos = 0;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	for (long line_no = 1; pos < len; line_no++) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t line_len = end - pos;
		if (line_len > 0 && text[pos + line_len - 1] == '\r')
			line_len--;
		if (check_line(&fp, text + pos, line_len, line_no))
			parse_line(&fp, text + pos, line_len, line_no);
		pos = end + 1;
	}
	enum status rc = ST_INVALID;
	if (diag_errors(diags) == errors_before) {
		*c = *copy;
		rc = ST_OK;
	}
	free(copy);
	return rc;
}

enum status config_read_file(struct config *c, const char *path, struct diag_list *diags)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f) {
		int is_missing = errno == ENOENT;
		diag_add(diags, NULL, 0, 0, NULL, is_missing ? "not_found" : "io", "cannot open config file '%s': %s", path,
			 strerror(errno));
		return is_missing ? ST_NOT_FOUND : ST_IO;
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		diag_add(diags, NULL, 0, 0, NULL, "io", "config file '%s' is not a regular file", path);
		return ST_IO;
	}
	/* read one byte past the cap so that a file growing meanwhile is still caught */
	char *text = xmalloc(CONFIG_FILE_MAX_BYTES + 1);
	size_t len = fread(text, 1, CONFIG_FILE_MAX_BYTES + 1, f);
	int is_read_error = ferror(f);
	fclose(f);
	if (is_read_error) {
		free(text);
		diag_add(diags, NULL, 0, 0, NULL, "io", "cannot read config file '%s'", path);
		return ST_IO;
	}
	enum status rc = config_parse_file(c, text, len, path, diags);
	free(text);
	if (rc == ST_OK)
		snprintf(c->file_path, sizeof(c->file_path), "%s", path);
	return rc;
}

/* ---- environment and flags ----------------------------------------------------------------- */

/* The value of the first "name=value" entry of env, or NULL. */
static const char *env_get(char **env, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; env && env[i]; i++)
		if (strncmp(env[i], name, n) == 0 && env[i][n] == '=')
			return env[i] + n + 1;
	return NULL;
}

enum status config_apply_env(struct config *c, char **env, struct diag_list *diags)
{
	struct config *copy = xmalloc(sizeof(*copy));
	*copy = *c;
	size_t errors_before = diag_errors(diags);
	for (size_t i = 0; i < CONFIG_N_SETTINGS; i++) {
		const char *v = env_get(env, config_table[i].env);
		if (!v || !*v)
			continue;
		if (config_apply_value(copy, &config_table[i], str_of(v), config_table[i].env, diags, NULL, 0, 0))
			copy->source[i] = CONFIG_SOURCE_ENV;
	}
	enum status rc = ST_INVALID;
	if (diag_errors(diags) == errors_before) {
		*c = *copy;
		rc = ST_OK;
	}
	free(copy);
	return rc;
}

int config_apply_flag(struct config *c, const char *flag, const char *value, struct diag_list *diags)
{
	const struct config_setting *s = config_find_flag(flag);
	if (!s)
		return 0;
	const char *eq = strchr(flag, '=');
	if (eq)
		value = eq + 1;
	if (!value) {
		char expected[256];
		config_allowed_text(s, 0, expected, sizeof(expected));
		diag_add(diags, NULL, 0, 0, NULL, "missing_value", "option %s needs a value: expected %s", s->flag, expected);
		return 1;
	}
	if (config_apply_value(c, s, str_of(value), s->flag, diags, NULL, 0, 0))
		c->source[(size_t)(s - config_table)] = CONFIG_SOURCE_FLAG;
	return 1;
}

int config_apply_args(struct config *c, int argc, char **argv, int *i, struct diag_list *diags)
{
	const char *arg = argv[*i];
	if (!config_find_flag(arg))
		return 0;
	if (strchr(arg, '=') || *i + 1 >= argc)
		return config_apply_flag(c, arg, NULL, diags);
	(*i)++;
	return config_apply_flag(c, arg, argv[*i], diags);
}

const char *config_arg_path(int argc, char **argv)
{
	for (int i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--config") == 0)
			return i + 1 < argc ? argv[i + 1] : "";
		if (strncmp(argv[i], "--config=", 9) == 0)
			return argv[i] + 9;
		if (config_find_flag(argv[i]) && !strchr(argv[i], '='))
			i++; /* skip the setting's value */
	}
	return NULL;
}

enum status config_load(struct config *c, const char *explicit_path, const char *default_path, char **env,
			struct diag_list *diags)
{
	struct stat st;
	enum status rc = ST_OK;
	config_defaults(c);
	const char *path = explicit_path;
	if (!path) {
		const char *from_env = env_get(env, "INNOMON_CONFIG");
		if (from_env && *from_env)
			path = from_env;
	}
	if (path)
		rc = config_read_file(c, path, diags);
	else if (default_path && (stat(default_path, &st) == 0 || errno != ENOENT))
		rc = config_read_file(c, default_path, diags);
	if (rc != ST_OK)
		return rc;
	return config_apply_env(c, env, diags);
}
