/* config_value.c - one setting value, by the table's type: checking text against the type and
 * range and storing it in struct config (the one parser behind the config file, the environment
 * and the flags, so the three can never disagree), formatting it back, the built-in defaults,
 * and the messages that say what a good value looks like. Hostile text is capped and checked
 * for control bytes and UTF-8 before anything else. Only libc: no logging, no exit. */
#include <arpa/inet.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/config.h"
#include "base/config_int.h"
#include "base/num.h"
#include "base/str.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "base/banned.h"

/* Enum settings are stored through their table index: the enums must be int-sized. */
_Static_assert(sizeof(enum log_level) == sizeof(int), "enum log_level is not int-sized");
_Static_assert(sizeof(enum log_format) == sizeof(int), "enum log_format is not int-sized");
_Static_assert(sizeof(enum config_secure_cookies) == sizeof(int), "enum config_secure_cookies is not int-sized");

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

void config_allowed_text(const struct config_setting *s, int is_short, char *out, size_t cap)
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

void config_quote_value(char out[CONFIG_QUOTED_VALUE_MAX_BYTES + 4], struct str v)
{
	int is_utf8 = utf8_valid(v.p, v.len, NULL);
	size_t n = v.len;
	if (n > CONFIG_QUOTED_VALUE_MAX_BYTES)
		n = is_utf8 ? utf8_floor(v.p, CONFIG_QUOTED_VALUE_MAX_BYTES) : CONFIG_QUOTED_VALUE_MAX_BYTES;
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

int config_apply_value(struct config *c, const struct config_setting *s, struct str v, const char *who,
		       struct diag_list *diags, const char *file, long line, int col)
{
	char quoted[CONFIG_QUOTED_VALUE_MAX_BYTES + 4], expected[256];
	enum value_check vc = set_value(c, s, v);
	if (vc == VALUE_OK)
		return 1;
	config_quote_value(quoted, v);
	config_allowed_text(s, 0, expected, sizeof(expected));
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
		if (set_value(c, &config_table[i], str_of(config_table[i].default_text)) != VALUE_OK)
			BUG("the default '%s' of setting '%s' is not a valid value", config_table[i].default_text,
			    config_table[i].name);
		c->source[i] = CONFIG_SOURCE_DEFAULT;
	}
}
