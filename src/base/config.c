/* config.c - the settings table and the one parser of setting values, shared by the config
 * file, the environment and the command line so that the three can never disagree.
 * Hostile input (a config file is text someone may hand us) is capped before it is looked at:
 * file size, line length and value length; every value is checked against the table's type
 * and range, and a bad file changes nothing. Only libc: no logging, no exit. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/config.h"
#include "base/num.h"
#include "base/str.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "base/banned.h"

#define KIB 1024LL
#define MIB (1024LL * KIB)
#define GIB (1024LL * MIB)
#define MINUTE_S 60LL
#define HOUR_S (60LL * MINUTE_S)

/* How much of an offending value a message quotes. */
#define QUOTED_VALUE_MAX_BYTES 60u
/* --help: where the help text starts (2 + 32 + 1 columns) */
#define HELP_INDENT "                                   "
/* Names longer than this get no "did you mean" suggestion (keeps the edit distance cheap). */
#define SUGGEST_MAX_BYTES 64u

/* Enum settings are stored through their table index: the enums must be int-sized. */
_Static_assert(sizeof(enum log_level) == sizeof(int), "enum log_level is not int-sized");
_Static_assert(sizeof(enum log_format) == sizeof(int), "enum log_format is not int-sized");
_Static_assert(sizeof(enum config_secure_cookies) == sizeof(int), "enum config_secure_cookies is not int-sized");

/* Index = enum value (LOG_ERROR..LOG_DEBUG, LOG_FORMAT_TEXT/JSON, CONFIG_SECURE_COOKIES_*). */
static const char *const log_level_words[] = {"error", "warn", "info", "debug", NULL};
static const char *const log_format_words[] = {"text", "json", NULL};
static const char *const secure_cookies_words[] = {"auto", "always", "never", NULL};

#define FIELD(f) offsetof(struct config, f), sizeof(((struct config *)0)->f)

static const struct config_setting settings[] = {
	{"db", "--db", "INNOMON_DB", CONFIG_STRING, "innomon.db", 0, 0, NULL, 0, "PATH",
	 "the SQLite store file", FIELD(db_path)},
	{"bind", "--bind", "INNOMON_BIND", CONFIG_ADDR, "127.0.0.1", 0, 0, NULL, 0, "ADDR",
	 "IPv4 address to listen on (0.0.0.0: every interface)", FIELD(bind_addr)},
	{"port", "--port", "INNOMON_PORT", CONFIG_INT, "8080", 0, 65535, NULL, 0, "N",
	 "TCP port to listen on; 0 picks a free one and prints it", FIELD(port)},
	{"threads", "--threads", "INNOMON_THREADS", CONFIG_INT, "4", 1, 256, NULL, 0, "N",
	 "worker threads answering requests", FIELD(threads)},
	{"log_level", "--log-level", "INNOMON_LOG_LEVEL", CONFIG_ENUM, "info", 0, 0, log_level_words, 0, "LEVEL",
	 "least severe log lines written to stderr", FIELD(log_level)},
	{"log_format", "--log-format", "INNOMON_LOG_FORMAT", CONFIG_ENUM, "text", 0, 0, log_format_words, 0, "FORMAT",
	 "log lines as text, or as one JSON object per line", FIELD(log_format)},
	{"body_max", "--body-max", "INNOMON_BODY_MAX", CONFIG_SIZE, "8M", KIB, GIB, NULL, 0, "SIZE",
	 "largest request body accepted (larger: answered 413)", FIELD(body_max_bytes)},
	{"upload_max", "--upload-max", "INNOMON_UPLOAD_MAX", CONFIG_SIZE, "32M", KIB, GIB, NULL, 0, "SIZE",
	 "largest file accepted for an import upload", FIELD(upload_max_bytes)},
	{"conn_limit", "--conn-limit", "INNOMON_CONN_LIMIT", CONFIG_INT, "256", 1, 65536, NULL, 0, "N",
	 "connections served at once", FIELD(conn_limit)},
	{"per_ip_conn_limit", "--per-ip-conn-limit", "INNOMON_PER_IP_CONN_LIMIT", CONFIG_INT, "64", 0, 65536, NULL, 0,
	 "N", "connections served at once per address; 0: no limit", FIELD(per_ip_conn_limit)},
	{"request_timeout", "--request-timeout", "INNOMON_REQUEST_TIMEOUT", CONFIG_DURATION, "30s", 1, HOUR_S, NULL, 0,
	 "DURATION", "a connection silent this long is closed", FIELD(request_timeout_s)},
	{"session_idle", "--session-idle", "INNOMON_SESSION_IDLE", CONFIG_DURATION, "30m", MINUTE_S, 24 * HOUR_S, NULL,
	 0, "DURATION", "a sign-in session unused this long ends", FIELD(session_idle_s)},
	{"session_absolute", "--session-absolute", "INNOMON_SESSION_ABSOLUTE", CONFIG_DURATION, "12h", MINUTE_S,
	 720 * HOUR_S, NULL, 0, "DURATION", "a sign-in session ends this long after sign-in", FIELD(session_absolute_s)},
	{"secure_cookies", "--secure-cookies", "INNOMON_SECURE_COOKIES", CONFIG_ENUM, "auto", 0, 0, secure_cookies_words,
	 0, "MODE", "mark cookies Secure; auto: when trusted_proxy reports https", FIELD(secure_cookies)},
	{"trusted_proxy", "--trusted-proxy", "INNOMON_TRUSTED_PROXY", CONFIG_ADDR, "", 0, 0, NULL, 1, "ADDR",
	 "IPv4 of the proxy whose X-Forwarded-* count; empty: none", FIELD(trusted_proxy)},
	{"signin_max_failures_account", "--signin-max-failures-account", "INNOMON_SIGNIN_MAX_FAILURES_ACCOUNT",
	 CONFIG_INT, "5", 1, 1000, NULL, 0, "N", "failed sign-ins per account in signin_window, then wait",
	 FIELD(signin_max_failures_account)},
	{"signin_max_failures_ip", "--signin-max-failures-ip", "INNOMON_SIGNIN_MAX_FAILURES_IP", CONFIG_INT, "20", 1,
	 100000, NULL, 0, "N", "failed sign-ins per address in signin_window, then wait",
	 FIELD(signin_max_failures_ip)},
	{"signin_window", "--signin-window", "INNOMON_SIGNIN_WINDOW", CONFIG_DURATION, "15m", MINUTE_S, 24 * HOUR_S,
	 NULL, 0, "DURATION", "the span in which failed sign-ins are counted", FIELD(signin_window_s)},
	{"metrics", "--metrics", "INNOMON_METRICS", CONFIG_BOOL, "true", 0, 0, NULL, 0, "BOOL",
	 "serve GET /metrics (Prometheus) to anyone on the port", FIELD(is_metrics_enabled)},
	{"webhook_url", "--webhook-url", "INNOMON_WEBHOOK_URL", CONFIG_STRING, "", 0, 0, NULL, 1, "URL",
	 "http(s) URL that receives supervision events as signed JSON; empty: none", FIELD(webhook_url)},
	{"webhook_secret", "--webhook-secret", "INNOMON_WEBHOOK_SECRET", CONFIG_STRING, "", 0, 0, NULL, 1, "TEXT",
	 "key of the HMAC-SHA256 signature of each webhook body", FIELD(webhook_secret)},
	{"reminder_days", "--reminder-days", "INNOMON_REMINDER_DAYS", CONFIG_INT, "3", 0, 60, NULL, 0, "N",
	 "remind units this many days before a deadline; 0: no reminders", FIELD(reminder_days)},
	{"evidence_max", "--evidence-max", "INNOMON_EVIDENCE_MAX", CONFIG_SIZE, "20M", KIB, GIB, NULL, 0, "SIZE",
	 "largest evidence file accepted with a progress report", FIELD(evidence_max_bytes)},
	{"scan_command", "--scan-command", "INNOMON_SCAN_COMMAND", CONFIG_STRING, "", 0, 0, NULL, 1, "COMMAND",
	 "command run on each evidence file (path appended); non-zero exit refuses it", FIELD(scan_command)},
	{"tick_interval", "--tick-interval", "INNOMON_TICK_INTERVAL", CONFIG_DURATION, "60s", 0, 24 * HOUR_S, NULL, 0,
	 "DURATION", "how often serve runs the supervision tick; 0: never (use innomon tick)", FIELD(tick_interval_s)},
};

_Static_assert(sizeof(settings) / sizeof(settings[0]) == CONFIG_N_SETTINGS, "CONFIG_N_SETTINGS is out of date");

const struct config_setting *config_settings(size_t *n)
{
	*n = CONFIG_N_SETTINGS;
	return settings;
}

static const struct config_setting *find_by_name(struct str name)
{
	for (size_t i = 0; i < CONFIG_N_SETTINGS; i++)
		if (str_eq(name, settings[i].name))
			return &settings[i];
	return NULL;
}

const struct config_setting *config_find(const char *name)
{
	return find_by_name(str_of(name));
}

/* ---- values -------------------------------------------------------------------------------- */

enum value_check { VALUE_OK, VALUE_BAD, VALUE_RANGE, VALUE_TOO_LONG };

static int is_digits(struct str s)
{
	if (s.len == 0)
		return 0;
	for (size_t i = 0; i < s.len; i++)
		if (s.p[i] < '0' || s.p[i] > '9')
			return 0;
	return 1;
}

static int has_control_bytes(struct str s)
{
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c < 0x20 || c == 0x7f)
			return 1;
	}
	return 0;
}

/* An integer with an optional one-letter unit suffix: units[k] (either case) multiplies by
 * unit_factors[k]. Digits without a suffix are taken as they are (bytes, seconds). */
static enum value_check parse_scaled(struct str v, const char *units, const long long *unit_factors, long long min,
				     long long max, long long *out)
{
	long long factor = 1;
	if (v.len > 0) {
		char last = v.p[v.len - 1];
		for (size_t k = 0; units[k]; k++)
			if (last == units[k] || last == units[k] - 'a' + 'A') {
				factor = unit_factors[k];
				v.len--;
				break;
			}
	}
	if (!is_digits(v))
		return VALUE_BAD;
	int64_t n;
	if (!num_parse_int(v, 0, INT64_MAX, &n) || n > LLONG_MAX / factor)
		return VALUE_RANGE; /* all digits, but too many of them */
	long long scaled = (long long)n * factor;
	if (scaled < min || scaled > max)
		return VALUE_RANGE;
	*out = scaled;
	return VALUE_OK;
}

static const long long size_factors[] = {KIB, MIB, GIB};
static const long long duration_factors[] = {1, MINUTE_S, HOUR_S};

static int word_index(const char *const *words, struct str v)
{
	for (int k = 0; words[k]; k++)
		if (v.len == strlen(words[k]) && strncasecmp(v.p, words[k], v.len) == 0)
			return k;
	return -1;
}

static enum value_check parse_bool(struct str v, int *out)
{
	/* odd indexes mean true */
	static const char *const words[] = {"false", "true", "no", "yes", "off", "on", "0", "1", NULL};
	int k = word_index(words, v);
	if (k < 0)
		return VALUE_BAD;
	*out = k % 2;
	return VALUE_OK;
}

static enum value_check parse_addr(const struct config_setting *s, struct str v)
{
	char text[CONFIG_ADDR_MAX_BYTES + 1];
	struct in_addr addr;
	if (v.len == 0)
		return s->is_empty_ok ? VALUE_OK : VALUE_BAD;
	if (v.len > CONFIG_ADDR_MAX_BYTES)
		return VALUE_BAD;
	memcpy(text, v.p, v.len);
	text[v.len] = '\0';
	return inet_pton(AF_INET, text, &addr) == 1 ? VALUE_OK : VALUE_BAD;
}

/* Check value v for setting s and, when good, store it in c. c is untouched otherwise. */
static enum value_check set_value(struct config *c, const struct config_setting *s, struct str v)
{
	char *field = (char *)c + s->offset;
	long long n = 0;
	int flag = 0;
	enum value_check vc;
	if (v.len > CONFIG_VALUE_MAX_BYTES)
		return VALUE_TOO_LONG;
	if (has_control_bytes(v) || !utf8_valid(v.p, v.len, NULL))
		return VALUE_BAD;
	switch (s->type) {
	case CONFIG_STRING:
	case CONFIG_ADDR:
		if (s->type == CONFIG_STRING && v.len == 0 && !s->is_empty_ok)
			return VALUE_BAD;
		vc = s->type == CONFIG_ADDR ? parse_addr(s, v) : VALUE_OK;
		if (vc != VALUE_OK)
			return vc;
		if (v.len >= s->field_bytes)
			return VALUE_TOO_LONG;
		memset(field, 0, s->field_bytes);
		memcpy(field, v.p, v.len);
		return VALUE_OK;
	case CONFIG_INT: {
		struct str digits = v;
		int64_t parsed;
		if (digits.len && (digits.p[0] == '-' || digits.p[0] == '+'))
			digits.p++, digits.len--;
		if (!is_digits(digits))
			return VALUE_BAD;
		if (!num_parse_int(v, INT64_MIN, INT64_MAX, &parsed) || parsed < s->min || parsed > s->max)
			return VALUE_RANGE;
		n = (long long)parsed;
		memcpy(field, &n, sizeof(n));
		return VALUE_OK;
	}
	case CONFIG_BOOL:
		vc = parse_bool(v, &flag);
		if (vc != VALUE_OK)
			return vc;
		memcpy(field, &flag, sizeof(flag));
		return VALUE_OK;
	case CONFIG_ENUM:
		flag = word_index(s->allowed, v);
		if (flag < 0)
			return VALUE_BAD;
		memcpy(field, &flag, sizeof(flag));
		return VALUE_OK;
	case CONFIG_SIZE: {
		vc = parse_scaled(v, "kmg", size_factors, s->min, s->max, &n);
		if (vc != VALUE_OK)
			return vc;
		size_t bytes = (size_t)n;
		memcpy(field, &bytes, sizeof(bytes));
		return VALUE_OK;
	}
	case CONFIG_DURATION:
		vc = parse_scaled(v, "smh", duration_factors, s->min, s->max, &n);
		if (vc != VALUE_OK)
			return vc;
		memcpy(field, &n, sizeof(n));
		return VALUE_OK;
	}
	BUG("setting '%s' has an unknown type %d", s->name, (int)s->type);
}

static void format_size(char out[32], long long bytes)
{
	if (bytes > 0 && bytes % GIB == 0)
		snprintf(out, 32, "%lldG", bytes / GIB);
	else if (bytes > 0 && bytes % MIB == 0)
		snprintf(out, 32, "%lldM", bytes / MIB);
	else if (bytes > 0 && bytes % KIB == 0)
		snprintf(out, 32, "%lldK", bytes / KIB);
	else
		snprintf(out, 32, "%lld", bytes);
}

static void format_duration(char out[32], long long seconds)
{
	if (seconds > 0 && seconds % HOUR_S == 0)
		snprintf(out, 32, "%lldh", seconds / HOUR_S);
	else if (seconds > 0 && seconds % MINUTE_S == 0)
		snprintf(out, 32, "%lldm", seconds / MINUTE_S);
	else
		snprintf(out, 32, "%llds", seconds);
}

enum status config_format_value(const struct config *c, const struct config_setting *s, struct buf *out)
{
	const char *field = (const char *)c + s->offset;
	char text[32];
	long long n;
	int k;
	size_t bytes;
	switch (s->type) {
	case CONFIG_STRING:
	case CONFIG_ADDR:
		return buf_puts(out, field);
	case CONFIG_INT:
		memcpy(&n, field, sizeof(n));
		return buf_printf(out, "%lld", n);
	case CONFIG_BOOL:
		memcpy(&k, field, sizeof(k));
		return buf_puts(out, k ? "true" : "false");
	case CONFIG_ENUM:
		memcpy(&k, field, sizeof(k));
		return buf_puts(out, s->allowed[k]);
	case CONFIG_SIZE:
		memcpy(&bytes, field, sizeof(bytes));
		format_size(text, (long long)bytes);
		return buf_puts(out, text);
	case CONFIG_DURATION:
		memcpy(&n, field, sizeof(n));
		format_duration(text, n);
		return buf_puts(out, text);
	}
	BUG("setting '%s' has an unknown type %d", s->name, (int)s->type);
}

/* What a good value of s looks like: the phrase messages and the example file use ("an integer
 * from 0 to 65535"), or the short form --help shows ("0..65535"; nothing for texts). */
static void allowed_text(const struct config_setting *s, int is_short, char *out, size_t cap)
{
	char lo[32], hi[32];
	size_t used;
	out[0] = '\0';
	switch (s->type) {
	case CONFIG_STRING:
		snprintf(out, cap, "%s", is_short ? "" : s->is_empty_ok ? "a text, or empty for none" : "a non-empty text");
		return;
	case CONFIG_ADDR:
		snprintf(out, cap, "%s",
			 is_short		? ""
			 : s->is_empty_ok ? "an IPv4 address such as 10.0.0.2, or empty for none"
					  : "an IPv4 address such as 127.0.0.1");
		return;
	case CONFIG_INT:
		snprintf(out, cap, is_short ? "%lld..%lld" : "an integer from %lld to %lld", s->min, s->max);
		return;
	case CONFIG_BOOL:
		snprintf(out, cap, "%s", is_short ? "true|false" : "true or false");
		return;
	case CONFIG_ENUM:
		used = (size_t)snprintf(out, cap, "%s", is_short ? "" : "one of ");
		for (size_t k = 0; s->allowed[k] && used < cap; k++)
			used += (size_t)snprintf(out + used, cap - used, "%s%s", k == 0 ? "" : is_short ? "|" : ", ",
						 s->allowed[k]);
		return;
	case CONFIG_SIZE:
		format_size(lo, s->min);
		format_size(hi, s->max);
		snprintf(out, cap, is_short ? "%s..%s" : "a size from %s to %s (bytes, or a number with K, M or G)", lo, hi);
		return;
	case CONFIG_DURATION:
		format_duration(lo, s->min);
		format_duration(hi, s->max);
		snprintf(out, cap, is_short ? "%s..%s" : "a duration from %s to %s (seconds, or a number with s, m or h)",
			 lo, hi);
		return;
	}
	BUG("setting '%s' has an unknown type %d", s->name, (int)s->type);
}

/* A value as messages quote it: cut to QUOTED_VALUE_MAX_BYTES on a character boundary, control
 * bytes (and every non-ASCII byte of invalid UTF-8) shown as '?'. */
static void quote_value(char out[QUOTED_VALUE_MAX_BYTES + 4], struct str v)
{
	int is_utf8 = utf8_valid(v.p, v.len, NULL);
	size_t n = v.len;
	if (n > QUOTED_VALUE_MAX_BYTES)
		n = is_utf8 ? utf8_floor(v.p, QUOTED_VALUE_MAX_BYTES) : QUOTED_VALUE_MAX_BYTES;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v.p[i];
		out[i] = (c < 0x20 || c == 0x7f || (c >= 0x80 && !is_utf8)) ? '?' : (char)c;
	}
	if (n < v.len) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
}

/* Apply v to s in c and explain a refusal. who names the setting as the user wrote it:
 * "setting 'port'", "INNOMON_PORT", "--port". Returns 1 when applied. */
static int apply_value(struct config *c, const struct config_setting *s, struct str v, const char *who,
		       struct diag_list *diags, const char *file, long line, int col)
{
	char quoted[QUOTED_VALUE_MAX_BYTES + 4], expected[256];
	enum value_check vc = set_value(c, s, v);
	if (vc == VALUE_OK)
		return 1;
	quote_value(quoted, v);
	allowed_text(s, 0, expected, sizeof(expected));
	if (vc == VALUE_TOO_LONG)
		diag_add(diags, file, line, col, NULL, "too_long", "value for %s is longer than %u bytes", who,
			 s->type == CONFIG_ADDR ? CONFIG_ADDR_MAX_BYTES : CONFIG_VALUE_MAX_BYTES);
	else if (vc == VALUE_RANGE)
		diag_add(diags, file, line, col, NULL, "out_of_range", "value '%s' for %s is out of range: expected %s",
			 quoted, who, expected);
	else
		diag_add(diags, file, line, col, NULL, "bad_value", "invalid value '%s' for %s: expected %s", quoted, who,
			 expected);
	return 0;
}

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < CONFIG_N_SETTINGS; i++) {
		if (set_value(c, &settings[i], str_of(settings[i].default_text)) != VALUE_OK)
			BUG("the default '%s' of setting '%s' is not a valid value", settings[i].default_text,
			    settings[i].name);
		c->source[i] = CONFIG_SOURCE_DEFAULT;
	}
}

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
		size_t d = edit_distance(norm + start, n - start, settings[i].name, strlen(settings[i].name));
		if (d < best_distance) {
			best_distance = d;
			best = &settings[i];
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
	const struct config_setting *s = find_by_name(name);
	if (!s) {
		const struct config_setting *guess = suggest(name);
		char quoted[QUOTED_VALUE_MAX_BYTES + 4];
		quote_value(quoted, name);
		if (guess)
			diag_add(fp->diags, fp->file, line_no, col_at(line, name_at), NULL, "unknown_setting",
				 "unknown setting '%s' (did you mean '%s'?)", quoted, guess->name);
		else
			diag_add(fp->diags, fp->file, line_no, col_at(line, name_at), NULL, "unknown_setting",
				 "unknown setting '%s' (innomon --help lists the settings)", quoted);
		return;
	}
	size_t k = (size_t)(s - settings);
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
	if (apply_value(fp->c, s, (struct str){value, value_len}, who, fp->diags, fp->file, line_no,
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
		const char *v = env_get(env, settings[i].env);
		if (!v || !*v)
			continue;
		if (apply_value(copy, &settings[i], str_of(v), settings[i].env, diags, NULL, 0, 0))
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

/* The setting whose flag arg is ("--port" or "--port=..."), or NULL. */
static const struct config_setting *find_flag(const char *arg)
{
	if (strncmp(arg, "--", 2) != 0)
		return NULL;
	const char *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
	for (size_t i = 0; i < CONFIG_N_SETTINGS; i++)
		if (strlen(settings[i].flag) == n && memcmp(settings[i].flag, arg, n) == 0)
			return &settings[i];
	return NULL;
}

int config_apply_flag(struct config *c, const char *flag, const char *value, struct diag_list *diags)
{
	const struct config_setting *s = find_flag(flag);
	if (!s)
		return 0;
	const char *eq = strchr(flag, '=');
	if (eq)
		value = eq + 1;
	if (!value) {
		char expected[256];
		allowed_text(s, 0, expected, sizeof(expected));
		diag_add(diags, NULL, 0, 0, NULL, "missing_value", "option %s needs a value: expected %s", s->flag, expected);
		return 1;
	}
	if (apply_value(c, s, str_of(value), s->flag, diags, NULL, 0, 0))
		c->source[(size_t)(s - settings)] = CONFIG_SOURCE_FLAG;
	return 1;
}

int config_apply_args(struct config *c, int argc, char **argv, int *i, struct diag_list *diags)
{
	const char *arg = argv[*i];
	if (!find_flag(arg))
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
		if (find_flag(argv[i]) && !strchr(argv[i], '='))
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

/* ---- help, describe, example --------------------------------------------------------------- */

enum status config_help(struct buf *out)
{
	struct config defaults;
	struct buf value;
	char flag[96], range[160];
	config_defaults(&defaults);
	buf_init(&value, 0);
	bw(out, "settings (each also `name = value` in the config file, and INNOMON_NAME in the environment):\n");
	for (size_t i = 0; i < CONFIG_N_SETTINGS; i++) {
		const struct config_setting *s = &settings[i];
		buf_reset(&value);
		if (config_format_value(&defaults, s, &value) != ST_OK)
			BUG("cannot format the default of '%s'", s->name);
		allowed_text(s, 1, range, sizeof(range));
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
		const struct config_setting *s = &settings[i];
		buf_reset(&line);
		buf_reset(&value);
		if (config_format_value(c, s, &value) != ST_OK)
			BUG("cannot format the value of '%s'", s->name);
		bwf(&line, "%s = ", s->name);
		if (is_secret(s) && value.len)
			bw(&line, "\"********\"");
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
		const struct config_setting *s = &settings[i];
		buf_reset(&value);
		if (config_format_value(&defaults, s, &value) != ST_OK)
			BUG("cannot format the default of '%s'", s->name);
		allowed_text(s, 0, expected, sizeof(expected));
		bwf(out, "\n# %s\n# flag %s %s; environment %s\n# %s\n#%s = ", s->help, s->flag, s->metavar, s->env,
		    expected, s->name);
		put_file_value(out, s, buf_str(&value));
		bwc(out, '\n');
	}
	buf_release(&value);
	return buf_status(out);
}
