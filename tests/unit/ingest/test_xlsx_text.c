/* test_xlsx_text.c - unit tests of ingest/xlsx_text.c's pure helpers (through xlsx_int.h):
 * numbers as the shortest text that reads back to the same double, laid out as JavaScript's
 * Number toString (plain digits from 1e-6 to 1e21, exponent form outside), and ST_Xstring
 * _xHHHH_ escapes. The shared strings part itself is read in test_xlsx.c. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/arena.h"
#include "ingest/xlsx_int.h"
#include "base/banned.h"

static void expect_number(double v, const char *want)
{
	char out[40];
	xlsx_number_text(v, out);
	if (strcmp(out, want) != 0)
		fail_msg("%.17g is '%s', expected '%s'", v, out, want);
}

/* Decode p[0..n) and compare with want (want_len bytes). */
static void expect_decoded_n(const char *p, size_t n, const char *want, size_t want_len)
{
	struct arena *a = arena_new();
	struct str s = xlsx_xstring_decode(a, p, n);
	int is_ok = s.len == want_len && memcmp(s.p, want, want_len) == 0 && s.p[s.len] == '\0';
	if (!is_ok) {
		char got[64];
		size_t shown = s.len < sizeof(got) - 1 ? s.len : sizeof(got) - 1;
		memcpy(got, s.p, shown);
		got[shown] = '\0';
		arena_free(a);
		fail_msg("'%.*s' decoded to '%s' (%zu bytes), expected '%s'", (int)n, p, got, s.len, want);
	}
	arena_free(a);
}

static void expect_decoded(const char *p, const char *want)
{
	expect_decoded_n(p, strlen(p), want, strlen(want));
}

static void test_xlsx_number_text_integers(void **state)
{
	(void)state;
	expect_number(0, "0");
	expect_number(-0.0, "0");
	expect_number(1, "1");
	expect_number(-1, "-1");
	expect_number(1200, "1200");
	expect_number(45474, "45474");
	expect_number(9007199254740992.0, "9007199254740992");
	expect_number(1e20, "100000000000000000000");
	expect_number(123456789012345680000.0, "123456789012345680000");
}

static void test_xlsx_number_text_fractions(void **state)
{
	(void)state;
	expect_number(0.5, "0.5");
	expect_number(-2.25, "-2.25");
	expect_number(1.5, "1.5");
	expect_number(45474.75, "45474.75");
	expect_number(0.1 + 0.2, "0.30000000000000004");
	expect_number(1.0 / 3, "0.3333333333333333");
	expect_number(0.000001, "0.000001");
	expect_number(0.0000015, "0.0000015");
}

static void test_xlsx_number_text_exponent_form(void **state)
{
	(void)state;
	expect_number(1e21, "1e+21");
	expect_number(1.5e300, "1.5e+300");
	expect_number(-1e21, "-1e+21");
	expect_number(1e-7, "1e-7");
	expect_number(1.5e-7, "1.5e-7");
	expect_number(-2.5e-8, "-2.5e-8");
	expect_number(DBL_MAX, "1.7976931348623157e+308");
	expect_number(5e-324, "5e-324");
}

static void test_xlsx_number_text_reads_back(void **state)
{
	(void)state;
	uint64_t x = 88172645463325252u;
	for (int i = 0; i < 20000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		double v;
		memcpy(&v, &x, sizeof(v));
		if (!isfinite(v))
			continue;
		char out[40];
		xlsx_number_text(v, out);
		if (strtod(out, NULL) != v && v != 0)
			fail_msg("'%s' does not read back as %a", out, v);
	}
}

static void test_xlsx_xstring_decode_escapes(void **state)
{
	(void)state;
	expect_decoded("a_x000D_b", "a\rb");
	expect_decoded("_x000A_", "\n");
	expect_decoded("_x005F_", "_");
	expect_decoded("_x0041__x0042_", "AB");
	expect_decoded("_x00E9_", "é");
	expect_decoded("_x00e9_", "é");
	expect_decoded("_x4E2D__x6587_", "中文");
	expect_decoded("_xE000_", "\xEE\x80\x80");
	expect_decoded("_xFFFF_", "\xEF\xBF\xBF");
	/* an escaped underscore keeps a literal "_x0041_" from being decoded */
	expect_decoded("_x005F_x0041_", "_x0041_");
}

static void test_xlsx_xstring_decode_keeps_what_is_no_escape(void **state)
{
	(void)state;
	expect_decoded("", "");
	expect_decoded("plain text", "plain text");
	expect_decoded("_x0000_", "_x0000_");
	expect_decoded("_xD800_", "_xD800_");
	expect_decoded("_xDFFF_", "_xDFFF_");
	expect_decoded("_x00G1_", "_x00G1_");
	expect_decoded("_X0041_", "_X0041_");
	expect_decoded("_x041_", "_x041_");
	expect_decoded("_x0041", "_x0041");
	expect_decoded("__x0041_", "_A");
}

static void test_xlsx_xstring_decode_reads_only_n_bytes(void **state)
{
	(void)state;
	expect_decoded_n("_x0041_tail", 7, "A", 1);
	expect_decoded_n("_x0041_", 6, "_x0041", 6);
	expect_decoded_n("ab\0cd", 5, "ab\0cd", 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsx_number_text_integers),
		cmocka_unit_test(test_xlsx_number_text_fractions),
		cmocka_unit_test(test_xlsx_number_text_exponent_form),
		cmocka_unit_test(test_xlsx_number_text_reads_back),
		cmocka_unit_test(test_xlsx_xstring_decode_escapes),
		cmocka_unit_test(test_xlsx_xstring_decode_keeps_what_is_no_escape),
		cmocka_unit_test(test_xlsx_xstring_decode_reads_only_n_bytes),
	};
	return cmocka_run_group_tests_name("ingest/xlsx_text", tests, NULL, NULL);
}
