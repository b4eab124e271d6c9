/* test_clock.c - unit tests of base/clock.c: parsing dates and UTC timestamps (rejecting
 * impossible dates such as 2025-02-30), INNOMON_NOW fixing the clock, UTC formatting and the
 * Asia/Shanghai (UTC+8) calendar time; the zone pages show times in (time_zone: tzdata names
 * only, nothing that reaches outside the zone folder). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <cmocka.h>

#include "base/clock.h"
#include "base/banned.h"

static time_t parsed(const char *s)
{
	time_t t = 0;
	if (!clock_parse_utc(s, &t))
		fail_msg("'%s' was rejected", s);
	return t;
}

static void rejected(const char *s)
{
	time_t t = 12345;
	if (clock_parse_utc(s, &t))
		fail_msg("'%s' was accepted as %lld", s, (long long)t);
	assert_int_equal(t, 12345);
}

static void test_clock_parse_utc_valid(void **state)
{
	(void)state;
	assert_int_equal(parsed("1970-01-01"), 0);
	assert_int_equal(parsed("1970-01-01T00:00:01Z"), 1);
	assert_int_equal(parsed("2024-02-02"), 1706832000);
	assert_int_equal(parsed("2025-12-31T23:59:59Z"), 1767225599);
	assert_int_equal(parsed("2024-02-29"), 1709164800); /* leap year */
	assert_int_equal(parsed("2000-02-29"), 951782400);  /* divisible by 400 */
}

static void test_clock_parse_utc_invalid_dates(void **state)
{
	(void)state;
	rejected("2025-02-30");
	rejected("2025-02-29"); /* not a leap year */
	rejected("1900-02-29");
	rejected("2025-04-31");
	rejected("2025-13-01");
	rejected("2025-00-10");
	rejected("2025-01-00");
	rejected("2025-01-32");
	rejected("1969-12-31");
}

static void test_clock_parse_utc_invalid_syntax(void **state)
{
	(void)state;
	rejected("");
	rejected("2025-1-01");
	rejected("2025/01/01");
	rejected("2025-01-01 ");
	rejected(" 2025-01-01");
	rejected("2025-01-01T10:00:00");   /* no Z */
	rejected("2025-01-01T10:00:00+08"); /* offsets are not accepted */
	rejected("2025-01-01 10:00:00Z");
	rejected("2025-01-01T24:00:00Z");
	rejected("2025-01-01T10:60:00Z");
	rejected("2025-01-01T1a:00:00Z");
	rejected("abcd-01-01");
	time_t t;
	assert_false(clock_parse_utc(NULL, &t));
}

static void test_clock_now_follows_innomon_now(void **state)
{
	(void)state;
	assert_int_equal(setenv("INNOMON_NOW", "2025-06-30T16:00:00Z", 1), 0);
	assert_int_equal(clock_now(), 1751299200);
	/* an invalid value is ignored: the system clock answers */
	assert_int_equal(setenv("INNOMON_NOW", "2025-02-30T00:00:00Z", 1), 0);
	time_t before = time(NULL);
	time_t now = clock_now();
	time_t after = time(NULL);
	assert_true(now >= before && now <= after);
	unsetenv("INNOMON_NOW");
	now = clock_now();
	assert_true(now >= before);
}

static void test_clock_format_utc(void **state)
{
	(void)state;
	char out[32];
	clock_format_utc(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	clock_format_utc(1767225599, out);
	assert_string_equal(out, "2025-12-31T23:59:59Z");
	/* round trip */
	assert_int_equal(parsed(out), 1767225599);
}

static void test_clock_format_shanghai(void **state)
{
	(void)state;
	char out[32];
	/* 16:30 UTC on New Year's Eve is already half past midnight in Shanghai */
	clock_format_shanghai(parsed("2024-12-31T16:30:00Z"), out);
	assert_string_equal(out, "2025-01-01 00:30");
	clock_format_shanghai(parsed("2025-06-30T15:59:00Z"), out);
	assert_string_equal(out, "2025-06-30 23:59");
	clock_format_shanghai(parsed("2024-02-28T16:00:00Z"), out);
	assert_string_equal(out, "2024-02-29 00:00");
	/* no daylight saving: the same +8 hours in summer and winter */
	clock_format_shanghai(parsed("2025-01-15T04:00:00Z"), out);
	assert_string_equal(out, "2025-01-15 12:00");
	clock_format_shanghai(parsed("2025-07-15T04:00:00Z"), out);
	assert_string_equal(out, "2025-07-15 12:00");
}

static void test_clock_zone_apply(void **state)
{
	(void)state;
	char out[32];
	time_t t = parsed("2026-12-20T15:59:59Z");
	/* names that are not zones change nothing */
	static const char *const bad[] = {"", "Mars/Olympus", "../../etc/passwd", "/etc/localtime", "Asia/Shanghai x",
					  "Asia/../Asia/Shanghai", "Asia", "Asia/Shanghai\n"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (clock_zone_apply(bad[i]))
			fail_msg("'%s' was taken for a zone", bad[i]);
	assert_false(clock_zone_apply(NULL));
	assert_true(clock_zone_apply("Asia/Shanghai"));
	clock_format_local(t, out);
	assert_string_equal(out, "2026-12-20 23:59");
	assert_false(clock_zone_apply("Nowhere/Else")); /* refused: the zone stays */
	clock_format_local(t, out);
	assert_string_equal(out, "2026-12-20 23:59");
	assert_true(clock_zone_apply("Europe/Berlin")); /* with daylight saving: winter is UTC+1 */
	clock_format_local(t, out);
	assert_string_equal(out, "2026-12-20 16:59");
	clock_format_local(parsed("2026-07-01T12:00:00Z"), out);
	assert_string_equal(out, "2026-07-01 14:00");
	assert_true(clock_zone_apply("UTC"));
	clock_format_local(t, out);
	assert_string_equal(out, "2026-12-20 15:59");
	/* Beijing days (deadlines) do not follow the setting */
	clock_format_shanghai(t, out);
	assert_string_equal(out, "2026-12-20 23:59");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clock_parse_utc_valid),
		cmocka_unit_test(test_clock_parse_utc_invalid_dates),
		cmocka_unit_test(test_clock_parse_utc_invalid_syntax),
		cmocka_unit_test(test_clock_now_follows_innomon_now),
		cmocka_unit_test(test_clock_format_utc),
		cmocka_unit_test(test_clock_format_shanghai),
		cmocka_unit_test(test_clock_zone_apply),
	};
	return cmocka_run_group_tests_name("base/clock", tests, NULL, NULL);
}
