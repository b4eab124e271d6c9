/* test_config_value.c - unit tests of base/config_value.c's shared helpers (through
 * config_int.h): how a value is quoted in messages (capped on a character boundary, control
 * bytes and broken UTF-8 masked), what each type says a good value looks like in messages and
 * in --help, and applying one value (stored when good; refused with the right message and c
 * unchanged otherwise). Values from files, the environment and flags are tested in
 * test_config.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/config.h"
#include "base/config_int.h"
#include "base/str.h"
#include "base/banned.h"

static void expect_quoted(struct str v, const char *want)
{
	char out[CONFIG_QUOTED_VALUE_MAX_BYTES + 4];
	config_quote_value(out, v);
	if (strcmp(out, want) != 0)
		fail_msg("'%.*s' quoted as '%s', expected '%s'", (int)v.len, v.p, out, want);
}

static void expect_allowed(const char *name, const char *want_long, const char *want_short)
{
	const struct config_setting *s = config_find(name);
	char out[256];
	assert_non_null(s);
	config_allowed_text(s, 0, out, sizeof(out));
	if (strcmp(out, want_long) != 0)
		fail_msg("setting '%s' allows '%s', expected '%s'", name, out, want_long);
	config_allowed_text(s, 1, out, sizeof(out));
	if (strcmp(out, want_short) != 0)
		fail_msg("setting '%s' allows '%s' in --help, expected '%s'", name, out, want_short);
}

static void test_config_quote_value_short_values_as_they_are(void **state)
{
	(void)state;
	expect_quoted(str_of(""), "");
	expect_quoted(str_of("8080"), "8080");
	expect_quoted(str_of("长沙 tab\there"), "长沙 tab?here");
	expect_quoted(str_of("a\x01" "b\x7f" "c\n"), "a?b?c?");
}

static void test_config_quote_value_masks_broken_utf8(void **state)
{
	(void)state;
	/* invalid UTF-8 anywhere: every non-ASCII byte is masked, even a valid sequence */
	expect_quoted(str_of("\xff\xfeok"), "??ok");
	expect_quoted(str_of("\xe4\xb8\xad\xff"), "????");
}

static void test_config_quote_value_caps_on_a_character_boundary(void **state)
{
	(void)state;
	char v[128], want[128];
	memset(v, 'a', 60);
	v[60] = '\0';
	expect_quoted(str_of(v), v); /* exactly the cap: whole */
	memset(v, 'a', 61);
	v[61] = '\0';
	memset(want, 'a', 60);
	memcpy(want + 60, "...", 4);
	expect_quoted(str_of(v), want);
	/* 59 bytes and a three-byte character: the character does not fit and is dropped whole */
	memset(v, 'a', 59);
	memcpy(v + 59, "中", 4);
	memset(want, 'a', 59);
	memcpy(want + 59, "...", 4);
	expect_quoted(str_of(v), want);
	/* broken UTF-8 is cut at the cap byte for byte */
	memset(v, 'a', 70);
	v[0] = '\xff';
	v[70] = '\0';
	memset(want, 'a', 60);
	want[0] = '?';
	memcpy(want + 60, "...", 4);
	expect_quoted(str_of(v), want);
}

static void test_config_allowed_text_every_type(void **state)
{
	(void)state;
	expect_allowed("db", "a non-empty text", "");
	expect_allowed("webhook_url", "a text, or empty for none", "");
	expect_allowed("bind", "an IPv4 address such as 127.0.0.1", "");
	expect_allowed("trusted_proxy", "an IPv4 address such as 10.0.0.2, or empty for none", "");
	expect_allowed("port", "an integer from 0 to 65535", "0..65535");
	expect_allowed("metrics", "true or false", "true|false");
	expect_allowed("log_level", "one of error, warn, info, debug", "error|warn|info|debug");
	expect_allowed("body_max", "a size from 1K to 1G (bytes, or a number with K, M or G)", "1K..1G");
	expect_allowed("request_timeout", "a duration from 1s to 1h (seconds, or a number with s, m or h)", "1s..1h");
	expect_allowed("tick_interval", "a duration from 0s to 24h (seconds, or a number with s, m or h)", "0s..24h");
}

static void test_config_allowed_text_stays_within_cap(void **state)
{
	(void)state;
	char out[10];
	config_allowed_text(config_find("log_level"), 0, out, sizeof(out));
	assert_string_equal(out, "one of er");
	config_allowed_text(config_find("port"), 0, out, sizeof(out));
	assert_string_equal(out, "an intege");
}

static void test_config_apply_value_stores_good_values(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct diag_list d;
	struct config c;
	diag_init(&d, a);
	config_defaults(&c);
	assert_int_equal(config_apply_value(&c, config_find("port"), str_of("9090"), "--port", &d, NULL, 0, 0), 1);
	assert_int_equal(c.port, 9090);
	assert_int_equal(config_apply_value(&c, config_find("body_max"), str_of("2m"), "--body-max", &d, NULL, 0, 0), 1);
	assert_int_equal(c.body_max_bytes, 2u << 20);
	assert_int_equal(config_apply_value(&c, config_find("log_level"), str_of("DEBUG"), "--log-level", &d, NULL, 0, 0),
			 1);
	assert_int_equal(c.log_level, LOG_DEBUG);
	assert_int_equal(config_apply_value(&c, config_find("trusted_proxy"), str_of(""), "x", &d, NULL, 0, 0), 1);
	assert_string_equal(c.trusted_proxy, "");
	assert_int_equal(d.n, 0);
	/* the source is the caller's to record */
	assert_int_equal(c.source[0], CONFIG_SOURCE_DEFAULT);
	arena_free(a);
}

static void test_config_apply_value_refuses_with_a_message(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct diag_list d;
	struct config c, before;
	char long_value[1100];
	diag_init(&d, a);
	config_defaults(&c);
	memcpy(&before, &c, sizeof(before));
	memset(long_value, 'x', 1024);
	long_value[1024] = '\0';
	assert_int_equal(config_apply_value(&c, config_find("port"), str_of("70000"), "setting 'port'", &d, "a.conf", 3, 8),
			 0);
	assert_int_equal(config_apply_value(&c, config_find("port"), str_of("80a"), "INNOMON_PORT", &d, NULL, 0, 0), 0);
	assert_int_equal(config_apply_value(&c, config_find("db"), str_of(long_value), "--db", &d, NULL, 0, 0), 0);
	assert_int_equal(config_apply_value(&c, config_find("bind"), str_of(long_value), "--bind", &d, NULL, 0, 0), 0);
	assert_int_equal(config_apply_value(&c, config_find("db"), str_of(""), "--db", &d, NULL, 0, 0), 0);
	assert_memory_equal(&c, &before, sizeof(c));
	assert_int_equal(d.n, 5);
	assert_string_equal(d.items[0].file, "a.conf");
	assert_int_equal(d.items[0].line, 3);
	assert_int_equal(d.items[0].col, 8);
	assert_string_equal(d.items[0].code, "out_of_range");
	assert_string_equal(d.items[0].msg,
			    "value '70000' for setting 'port' is out of range: expected an integer from 0 to 65535");
	assert_string_equal(d.items[1].code, "bad_value");
	assert_string_equal(d.items[1].msg, "invalid value '80a' for INNOMON_PORT: expected an integer from 0 to 65535");
	assert_string_equal(d.items[2].code, "too_long");
	assert_string_equal(d.items[2].msg, "value for --db is longer than 1023 bytes");
	assert_string_equal(d.items[3].code, "too_long");
	assert_string_equal(d.items[3].msg, "value for --bind is longer than 15 bytes");
	assert_string_equal(d.items[4].code, "bad_value");
	assert_string_equal(d.items[4].msg, "invalid value '' for --db: expected a non-empty text");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_quote_value_short_values_as_they_are),
		cmocka_unit_test(test_config_quote_value_masks_broken_utf8),
		cmocka_unit_test(test_config_quote_value_caps_on_a_character_boundary),
		cmocka_unit_test(test_config_allowed_text_every_type),
		cmocka_unit_test(test_config_allowed_text_stays_within_cap),
		cmocka_unit_test(test_config_apply_value_stores_good_values),
		cmocka_unit_test(test_config_apply_value_refuses_with_a_message),
	};
	return cmocka_run_group_tests_name("base/config_value", tests, NULL, NULL);
}
