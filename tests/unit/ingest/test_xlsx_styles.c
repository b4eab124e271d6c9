/* test_xlsx_styles.c - unit tests of ingest/xlsx_styles.c's pure helpers (through xlsx_int.h):
 * which built-in number formats show dates, the test of a custom format code (quoted text,
 * [brackets] such as [Red] and [$-804], escapes, elapsed time), and Excel date serials in the
 * 1900 system (serials 59 to 61 around Excel's 1900-02-29, the first and last dates) and the
 * 1904 system. The styles part itself is read in test_xlsx.c. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ingest/xlsx_int.h"
#include "base/banned.h"

/* The 1904 system's serial 0 is the 1900 system's serial 1462. */
#define SERIAL_1904_SHIFT 1462

static void expect_date(double serial, int is_date1904, const char *want)
{
	char out[16] = "";
	if (!xlsx_date_text(serial, is_date1904, out))
		fail_msg("serial %.17g (%s system) refused, expected %s", serial, is_date1904 ? "1904" : "1900", want);
	if (strcmp(out, want) != 0)
		fail_msg("serial %.17g (%s system) is %s, expected %s", serial, is_date1904 ? "1904" : "1900", out, want);
}

static void expect_no_date(double serial, int is_date1904)
{
	char out[16] = "untouched";
	if (xlsx_date_text(serial, is_date1904, out))
		fail_msg("serial %.17g (%s system) gave %s, expected a refusal", serial, is_date1904 ? "1904" : "1900", out);
}

static void expect_fmt(const char *code, int want)
{
	if (xlsx_fmt_code_is_date(code) != want)
		fail_msg("format code '%s' %s, expected the opposite", code, want ? "is no date" : "is a date");
}

static void test_xlsx_builtin_fmt_is_date_ranges(void **state)
{
	(void)state;
	static const long dates[] = {14, 15, 18, 22, 27, 31, 36, 45, 47, 50, 55, 58};
	static const long others[] = {-1, 0, 1, 2, 9, 10, 11, 12, 13, 23, 26, 37, 44, 48, 49, 59, 164, 100000};
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
		if (!xlsx_builtin_fmt_is_date(dates[i]))
			fail_msg("built-in format %ld is no date", dates[i]);
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		if (xlsx_builtin_fmt_is_date(others[i]))
			fail_msg("built-in format %ld is a date", others[i]);
}

static void test_xlsx_fmt_code_is_date_plain_codes(void **state)
{
	(void)state;
	expect_fmt("yyyy-mm-dd", 1);
	expect_fmt("m/d/yyyy", 1);
	expect_fmt("d-mmm", 1);
	expect_fmt("mmm-yy", 1);
	expect_fmt("YYYY/MM/DD", 1);
	expect_fmt("D", 1);
	/* a time of day is a date format too, as the built-in formats 18 to 21 are */
	expect_fmt("h:mm", 1);
	expect_fmt("General", 0);
	expect_fmt("0.00", 0);
	expect_fmt("#,##0;(#,##0)", 0);
	expect_fmt("0%", 0);
	expect_fmt("", 0);
}

static void test_xlsx_fmt_code_is_date_skips_quoted_text(void **state)
{
	(void)state;
	expect_fmt("0.0 \"days\"", 0);
	expect_fmt("\"y\"0", 0);
	expect_fmt("0\" mm\"", 0);
	expect_fmt("yyyy\"年\"m\"月\"d\"日\"", 1);
	expect_fmt("\"total\" d", 1);
	/* an unclosed quote ends the code */
	expect_fmt("0 \"day", 0);
	expect_fmt("d \"x", 1);
}

static void test_xlsx_fmt_code_is_date_skips_brackets(void **state)
{
	(void)state;
	expect_fmt("[Red]0.0", 0);
	expect_fmt("[Red]0.0;\\d0", 0);
	expect_fmt("[Blue]#,##0;[Red]-#,##0", 0);
	expect_fmt("[$€-1809]#,##0.00", 0);
	expect_fmt("[Red]yyyy-mm-dd", 1);
	expect_fmt("[$-804]yyyy/m/d", 1);
	expect_fmt("[DBNum1]General", 0);
	/* an unclosed bracket ends the code */
	expect_fmt("[Red 0", 0);
	expect_fmt("d[Red", 1);
}

static void test_xlsx_fmt_code_is_date_skips_escapes(void **state)
{
	(void)state;
	expect_fmt("\\d0", 0);
	expect_fmt("0_d", 0);
	expect_fmt("*d0", 0);
	expect_fmt("0_)", 0);
	expect_fmt("\\y\\m\\d", 0);
	expect_fmt("\\yd", 1);
	/* a trailing escape character escapes nothing */
	expect_fmt("0\\", 0);
	expect_fmt("0_", 0);
}

static void test_xlsx_fmt_code_is_date_elapsed_time(void **state)
{
	(void)state;
	/* [h], [mm] and [ss] are elapsed time: its m is minutes, not months */
	expect_fmt("[h]:mm:ss", 0);
	expect_fmt("[H]:MM", 0);
	expect_fmt("[mm]:ss", 0);
	expect_fmt("[ss].00", 0);
	expect_fmt("[hhh]:mm", 0);
	/* with a y or d it shows a date all the same */
	expect_fmt("d [h]:mm", 1);
	expect_fmt("[h]:mm yyyy", 1);
	/* mixed letters in the brackets are no elapsed-time code */
	expect_fmt("[hm]:mm", 1);
	expect_fmt("[]mm", 1);
}

static void test_xlsx_date_text_1900_system(void **state)
{
	(void)state;
	expect_date(1, 0, "1900-01-01");
	expect_date(1.999, 0, "1900-01-01");
	expect_date(31, 0, "1900-01-31");
	expect_date(25569, 0, "1970-01-01");
	expect_date(36526, 0, "2000-01-01");
	expect_date(36585, 0, "2000-02-29");
	expect_date(45474, 0, "2024-07-01");
	expect_date(45474.75, 0, "2024-07-01");
	expect_date(2958465, 0, "9999-12-31");
	expect_date(2958465.999, 0, "9999-12-31");
}

static void test_xlsx_date_text_around_excel_1900_leap_day(void **state)
{
	(void)state;
	/* Excel counts a 1900-02-29 (serial 60) that never was: 59 is 1900-02-28 and 61 is
	 * 1900-03-01. Serial 60 has no real date and reads as the day after. */
	expect_date(59, 0, "1900-02-28");
	expect_date(59.5, 0, "1900-02-28");
	expect_date(60, 0, "1900-03-01");
	expect_date(60.25, 0, "1900-03-01");
	expect_date(61, 0, "1900-03-01");
	expect_date(62, 0, "1900-03-02");
}

static void test_xlsx_date_text_1904_system(void **state)
{
	(void)state;
	expect_date(0, 1, "1904-01-01");
	expect_date(0.5, 1, "1904-01-01");
	expect_date(1, 1, "1904-01-02");
	/* 1904 was a leap year: the 1904 system has no phantom day */
	expect_date(59, 1, "1904-02-29");
	expect_date(60, 1, "1904-03-01");
	expect_date(61, 1, "1904-03-02");
	expect_date(1462, 1, "1908-01-02");
	expect_date(44012, 1, "2024-07-01");
	expect_date(2958465 - SERIAL_1904_SHIFT, 1, "9999-12-31");
}

static void test_xlsx_date_text_1904_is_1900_shifted(void **state)
{
	(void)state;
	char a[16], b[16];
	for (long s = 0; s <= 2958465 - SERIAL_1904_SHIFT; s += s < 4000 ? 1 : 977) {
		int is_a = xlsx_date_text((double)s, 1, a);
		int is_b = xlsx_date_text((double)(s + SERIAL_1904_SHIFT), 0, b);
		if (!is_a || !is_b || strcmp(a, b) != 0)
			fail_msg("1904 serial %ld is %s, 1900 serial %ld is %s", s, is_a ? a : "refused",
				 s + SERIAL_1904_SHIFT, is_b ? b : "refused");
	}
}

static void test_xlsx_date_text_refuses_serials_outside_excel(void **state)
{
	(void)state;
	expect_no_date(0, 0);
	expect_no_date(0.999, 0);
	expect_no_date(-1, 0);
	expect_no_date(-5.5, 0);
	expect_no_date(2958466, 0);
	expect_no_date(1e300, 0);
	expect_no_date(-0.5, 1);
	expect_no_date(-1, 1);
	expect_no_date(2958465 - SERIAL_1904_SHIFT + 1, 1);
	expect_no_date(NAN, 0);
	expect_no_date(NAN, 1);
	expect_no_date(INFINITY, 0);
	expect_no_date(-INFINITY, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsx_builtin_fmt_is_date_ranges),
		cmocka_unit_test(test_xlsx_fmt_code_is_date_plain_codes),
		cmocka_unit_test(test_xlsx_fmt_code_is_date_skips_quoted_text),
		cmocka_unit_test(test_xlsx_fmt_code_is_date_skips_brackets),
		cmocka_unit_test(test_xlsx_fmt_code_is_date_skips_escapes),
		cmocka_unit_test(test_xlsx_fmt_code_is_date_elapsed_time),
		cmocka_unit_test(test_xlsx_date_text_1900_system),
		cmocka_unit_test(test_xlsx_date_text_around_excel_1900_leap_day),
		cmocka_unit_test(test_xlsx_date_text_1904_system),
		cmocka_unit_test(test_xlsx_date_text_1904_is_1900_shifted),
		cmocka_unit_test(test_xlsx_date_text_refuses_serials_outside_excel),
	};
	return cmocka_run_group_tests_name("ingest/xlsx_styles", tests, NULL, NULL);
}
