/* test_num.c - unit tests of base/num.c: strict decimal parsing (thousands separators in
 * groups of three, exponents, signs; no spaces, hex, inf or nan), integer ranges and overflow,
 * and number formatting. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/num.h"
#include "base/banned.h"

static int dbl(const char *s, double *out)
{
	*out = -12345.678; /* must stay untouched on failure */
	return num_parse_double(str_of(s), out);
}

static void ok_double(const char *s, double want)
{
	double v;
	if (!dbl(s, &v))
		fail_msg("'%s' was rejected", s);
	if (v != want)
		fail_msg("'%s' parsed as %.17g, not %.17g", s, v, want);
}

static void bad_double(const char *s)
{
	double v;
	if (dbl(s, &v))
		fail_msg("'%s' was accepted as %.17g", s, v);
	assert_true(v == -12345.678);
}

static void test_num_parse_double_plain(void **state)
{
	(void)state;
	ok_double("0", 0);
	ok_double("42", 42);
	ok_double("3.25", 3.25);
	ok_double("-3.5", -3.5);
	ok_double("+7", 7);
	ok_double(".5", 0.5);
	ok_double("5.", 5);
	ok_double("30000", 30000);
	ok_double("007", 7);
}

/* Figures of up to 15 digits take a path of their own (the digits over a power of ten): the
 * same double as strtod, for every length, point position, sign and separator. */
static void test_num_parse_double_short_figures_as_strtod(void **state)
{
	(void)state;
	uint64_t x = 0x9E3779B97F4A7C15ull;
	char text[48], plain[48];
	for (int round = 0; round < 200000; round++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		int n_digits = 1 + (int)(x % 17), point = (int)((x >> 8) % (unsigned)(n_digits + 1));
		int neg = (x >> 16) & 1, sep = ((x >> 17) & 3) == 0;
		uint64_t y = x;
		size_t t = 0, p = 0;
		if (neg)
			text[t++] = '-', plain[p++] = '-';
		for (int i = 0; i < n_digits; i++) {
			if (i == n_digits - point && i > 0)
				text[t++] = '.', plain[p++] = '.';
			else if (sep && i > 0 && i < n_digits - point && (n_digits - point - i) % 3 == 0)
				text[t++] = ',';
			char c = (char)('0' + (y % 10));
			y = y / 10 ^ (y << 7);
			text[t++] = c, plain[p++] = c;
		}
		text[t] = plain[p] = '\0';
		double v, want = strtod(plain, NULL);
		want = want == 0 ? 0.0 : want;
		if (!dbl(text, &v))
			fail_msg("'%s' was rejected", text);
		if (memcmp(&v, &want, sizeof(v)) != 0)
			fail_msg("'%s' parsed as %.17g, strtod gives %.17g", text, v, want);
	}
}

static void test_num_parse_double_thousands(void **state)
{
	(void)state;
	ok_double("1,234.5", 1234.5);
	ok_double("1,234", 1234);
	ok_double("12,345,678", 12345678);
	ok_double("-1,000", -1000);
	bad_double("1,23");
	bad_double("1,2345");
	bad_double("1234,567");
	bad_double(",123");
	bad_double("1,");
	bad_double("1,,234");
	bad_double("1,234,56");
	bad_double("1.234,5");
}

static void test_num_parse_double_exponent(void **state)
{
	(void)state;
	ok_double("1e3", 1000);
	ok_double("1E3", 1000);
	ok_double("2.5e-2", 0.025);
	ok_double("-4e+1", -40);
	bad_double("1e");
	bad_double("1e+");
	bad_double("e5");
	bad_double("1e400"); /* overflows to infinity */
	bad_double("1e3.5");
}

static void test_num_parse_double_rejects_junk(void **state)
{
	(void)state;
	bad_double("");
	bad_double("inf");
	bad_double("-inf");
	bad_double("nan");
	bad_double("NaN");
	bad_double("infinity");
	bad_double("0x10");
	bad_double(" 1");
	bad_double("1 ");
	bad_double("1\t");
	bad_double("-");
	bad_double("+");
	bad_double(".");
	bad_double("--1");
	bad_double("1-");
	bad_double("1.2.3");
	bad_double("12abc");
	bad_double("１２"); /* full-width digits */
	bad_double("1_000");
	/* longer than the 64-byte limit */
	bad_double("11111111111111111111111111111111111111111111111111111111111111111");
}

static void test_num_parse_double_no_negative_zero(void **state)
{
	(void)state;
	double v;
	assert_true(dbl("-0", &v));
	assert_true(v == 0);
	assert_false(signbit(v));
	assert_true(dbl("-0.0e5", &v));
	assert_false(signbit(v));
}

static void test_num_parse_double_uses_the_view_length(void **state)
{
	(void)state;
	double v;
	/* only the first 2 bytes belong to the view */
	assert_true(num_parse_double((struct str){"12abc", 2}, &v));
	assert_true(v == 12);
}

static int int_ok(const char *s, int64_t min, int64_t max, int64_t *out)
{
	*out = 777;
	return num_parse_int(str_of(s), min, max, out);
}

static void test_num_parse_int_ranges(void **state)
{
	(void)state;
	int64_t v;
	assert_true(int_ok("42", 0, 100, &v));
	assert_int_equal(v, 42);
	assert_true(int_ok("-42", -100, 100, &v));
	assert_int_equal(v, -42);
	assert_true(int_ok("+7", 0, 10, &v));
	assert_int_equal(v, 7);
	assert_true(int_ok("1", 1, 1, &v));
	assert_int_equal(v, 1);
	assert_false(int_ok("0", 1, 10000, &v));
	assert_int_equal(v, 777);
	assert_false(int_ok("10001", 1, 10000, &v));
	assert_false(int_ok("-1", 0, 10, &v));
	assert_true(int_ok("2025", 1900, 2200, &v));
	assert_int_equal(v, 2025);
	assert_false(int_ok("1899", 1900, 2200, &v));
}

static void test_num_parse_int_rejects_junk(void **state)
{
	(void)state;
	int64_t v;
	const char *bad[] = {"", "-", "+", " 1", "1 ", "1,000", "1.0", "1e3", "0x10", "12a", "--1", "inf"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (int_ok(bad[i], INT64_MIN, INT64_MAX, &v))
			fail_msg("'%s' was accepted as %lld", bad[i], (long long)v);
}

static void test_num_parse_int_overflow(void **state)
{
	(void)state;
	int64_t v;
	assert_true(int_ok("9223372036854775807", INT64_MIN, INT64_MAX, &v));
	assert_true(v == INT64_MAX);
	assert_false(int_ok("9223372036854775808", INT64_MIN, INT64_MAX, &v));
	assert_true(int_ok("-9223372036854775808", INT64_MIN, INT64_MAX, &v));
	assert_true(v == INT64_MIN);
	assert_false(int_ok("-9223372036854775809", INT64_MIN, INT64_MAX, &v));
	assert_false(int_ok("99999999999999999999", INT64_MIN, INT64_MAX, &v));
	assert_false(int_ok("123456789012345678901", INT64_MIN, INT64_MAX, &v));
	assert_int_equal(v, 777);
}

static void test_num_format(void **state)
{
	(void)state;
	char out[64];
	num_format(out, sizeof(out), 30000, 0);
	assert_string_equal(out, "30000");
	num_format(out, sizeof(out), 50.5, 2);
	assert_string_equal(out, "50.5");
	num_format(out, sizeof(out), 1.0, 2);
	assert_string_equal(out, "1");
	num_format(out, sizeof(out), 2.345, 1);
	assert_string_equal(out, "2.3");
	num_format(out, sizeof(out), -0.001, 2);
	assert_string_equal(out, "0");
	num_format(out, sizeof(out), 1.23456789, 9); /* at most 6 places */
	assert_string_equal(out, "1.234568");
	num_format(out, sizeof(out), 7.6, -1);
	assert_string_equal(out, "8");
	num_format(out, sizeof(out), 100, 2); /* zeros of the integer part stay */
	assert_string_equal(out, "100");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_num_parse_double_plain),
		cmocka_unit_test(test_num_parse_double_short_figures_as_strtod),
		cmocka_unit_test(test_num_parse_double_thousands),
		cmocka_unit_test(test_num_parse_double_exponent),
		cmocka_unit_test(test_num_parse_double_rejects_junk),
		cmocka_unit_test(test_num_parse_double_no_negative_zero),
		cmocka_unit_test(test_num_parse_double_uses_the_view_length),
		cmocka_unit_test(test_num_parse_int_ranges),
		cmocka_unit_test(test_num_parse_int_rejects_junk),
		cmocka_unit_test(test_num_parse_int_overflow),
		cmocka_unit_test(test_num_format),
	};
	return cmocka_run_group_tests_name("base/num", tests, NULL, NULL);
}
