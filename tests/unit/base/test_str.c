/* test_str.c - unit tests of base/str.c: views, equality, prefixes and str_trim (ASCII space,
 * tab, CR/LF and U+3000 ideographic space at both ends, nothing inside), and a connection URL
 * with its passwords masked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/str.h"
#include "base/banned.h"

/* Trim s and compare with want. */
static void trims_to(const char *s, const char *want)
{
	struct str t = str_trim(str_of(s));
	if (!str_eq(t, want))
		fail_msg("'%s' trimmed to '%.*s', expected '%s'", s, (int)t.len, t.p, want);
}

static void test_str_of_and_eq(void **state)
{
	(void)state;
	struct str s = str_of("kjt");
	assert_int_equal(s.len, 3);
	assert_true(str_eq(s, "kjt"));
	assert_false(str_eq(s, "kj"));
	assert_false(str_eq(s, "kjtx"));
	struct str n = str_of(NULL);
	assert_int_equal(n.len, 0);
	assert_non_null(n.p);
	assert_true(str_eq(n, ""));
	struct str lit = STR_LIT("长沙");
	assert_int_equal(lit.len, 6);
	assert_true(str_eq((struct str){"abc", 2}, "ab"));
}

static void test_str_trim_ascii(void **state)
{
	(void)state;
	trims_to("  kjt  ", "kjt");
	trims_to("\tkjt\r\n", "kjt");
	trims_to("kjt", "kjt");
	trims_to("a b", "a b");
	trims_to(" a  b ", "a  b");
	trims_to("", "");
	trims_to(" \t\r\n ", "");
}

static void test_str_trim_ideographic_space(void **state)
{
	(void)state;
	trims_to("\xe3\x80\x80长沙\xe3\x80\x80", "长沙");
	trims_to("\xe3\x80\x80 \xe3\x80\x80长沙 \xe3\x80\x80\t", "长沙");
	trims_to("长\xe3\x80\x80沙", "长\xe3\x80\x80沙");
	trims_to("\xe3\x80\x80\xe3\x80\x80", "");
	/* an incomplete U+3000 is not a space and stays */
	trims_to("长沙\xe3\x80", "长沙\xe3\x80");
	trims_to("\x80\x80长", "\x80\x80长");
}

static void test_str_trim_keeps_pointer_into_input(void **state)
{
	(void)state;
	const char *s = "  abc ";
	struct str t = str_trim(str_of(s));
	assert_ptr_equal(t.p, s + 2);
	assert_int_equal(t.len, 3);
}

static void test_str_has_prefix(void **state)
{
	(void)state;
	assert_true(str_has_prefix(str_of("/api/v1/plan"), "/api/"));
	assert_true(str_has_prefix(str_of("abc"), ""));
	assert_true(str_has_prefix(str_of("abc"), "abc"));
	assert_false(str_has_prefix(str_of("ab"), "abc"));
	assert_false(str_has_prefix(str_of("xabc"), "abc"));
}

static void test_streq(void **state)
{
	(void)state;
	assert_true(streq("a", "a"));
	assert_false(streq("a", "b"));
	assert_true(streq(NULL, NULL));
	assert_false(streq(NULL, ""));
	assert_false(streq("", NULL));
	assert_true(streq("", ""));
}

static void masks_to(const char *url, const char *want)
{
	struct buf b;
	buf_init(&b, 0);
	str_url_masked(&b, url);
	if (strcmp(buf_str(&b), want) != 0)
		fail_msg("'%s' masked to '%s', expected '%s'", url, buf_str(&b), want);
	buf_release(&b);
}

static void test_str_url_masked(void **state)
{
	(void)state;
	masks_to("postgresql://innomon:s3cret@db.example/innomon", "postgresql://innomon:***@db.example/innomon");
	masks_to("postgres://u:p@h/d?sslmode=require&password=x&y=1", "postgres://u:***@h/d?sslmode=require&password=***&y=1");
	masks_to("postgresql://h/d?password=only", "postgresql://h/d?password=***");
	/* a user without a password, an @ after the host, a parameter merely ending in password= */
	masks_to("postgresql://innomon@h/d", "postgresql://innomon@h/d");
	masks_to("postgresql://h/d?x=a@b:c", "postgresql://h/d?x=a@b:c");
	masks_to("postgresql://h/d?oldpassword=k", "postgresql://h/d?oldpassword=k");
	/* not a URL: as it is (an SQLite file name) */
	masks_to("/var/lib/innomon/innomon.db", "/var/lib/innomon/innomon.db");
	masks_to("", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_str_of_and_eq),
		cmocka_unit_test(test_str_trim_ascii),
		cmocka_unit_test(test_str_trim_ideographic_space),
		cmocka_unit_test(test_str_trim_keeps_pointer_into_input),
		cmocka_unit_test(test_str_has_prefix),
		cmocka_unit_test(test_streq),
		cmocka_unit_test(test_str_url_masked),
	};
	return cmocka_run_group_tests_name("base/str", tests, NULL, NULL);
}
