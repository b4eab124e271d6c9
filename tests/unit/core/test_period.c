/* test_period.c - unit tests of core/period.c: every accepted spelling, the rejected ones,
 * canonical text, calendar dates (leap years), containment, stepping, order and time axis. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/period.h"
#include "base/banned.h"

/* cmocka 1.1's assert_float_equal converts its arguments to float (about 7 significant
 * digits: 2023.5833 and 2023.5834 would compare equal), so times are checked in double. */
#define assert_double_near(got, want, tol) double_near_at((got), (want), (tol), __FILE__, __LINE__)
static void double_near_at(double got, double want, double tol, const char *file, int line)
{
	if (!(fabs(got - want) <= tol)) {
		print_error("%.17g != %.17g (tolerance %g)\n", got, want, tol);
		_fail(file, line);
	}
}

static struct period parse_ok(const char *s)
{
	struct period p = {0, PERIOD_YEAR, -1};
	if (!period_parse(s, strlen(s), &p))
		fail_msg("period_parse rejected \"%s\"", s);
	return p;
}

static void assert_parses_to(const char *s, int year, enum period_kind kind, int sub)
{
	struct period p = parse_ok(s);
	assert_int_equal(p.year, year);
	assert_int_equal(p.kind, kind);
	assert_int_equal(p.sub, sub);
}

static void assert_rejected(const char *s, size_t len)
{
	struct period p = {1234, PERIOD_MONTH, 7};
	if (period_parse(s, len, &p))
		fail_msg("period_parse accepted \"%.*s\"", (int)len, s);
	/* out is left alone on failure */
	assert_int_equal(p.year, 1234);
	assert_int_equal(p.kind, PERIOD_MONTH);
	assert_int_equal(p.sub, 7);
}

#define REJECT(s) assert_rejected((s), sizeof(s) - 1)

static struct period mk(int year, enum period_kind kind, int sub)
{
	struct period p = {year, kind, sub};
	return p;
}

static void test_period_parse_year(void **state)
{
	(void)state;
	assert_parses_to("2024", 2024, PERIOD_YEAR, 0);
	assert_parses_to("1900", 1900, PERIOD_YEAR, 0);
	assert_parses_to("2200", 2200, PERIOD_YEAR, 0);
	assert_parses_to("2024年", 2024, PERIOD_YEAR, 0);
}

static void test_period_parse_quarter(void **state)
{
	(void)state;
	assert_parses_to("2024Q1", 2024, PERIOD_QUARTER, 1);
	assert_parses_to("2024Q3", 2024, PERIOD_QUARTER, 3);
	assert_parses_to("2024Q4", 2024, PERIOD_QUARTER, 4);
	assert_parses_to("2024q2", 2024, PERIOD_QUARTER, 2);
	assert_parses_to("2024-Q3", 2024, PERIOD_QUARTER, 3);
	assert_parses_to("2024-q4", 2024, PERIOD_QUARTER, 4);
	assert_parses_to("1900Q1", 1900, PERIOD_QUARTER, 1);
	assert_parses_to("2200Q4", 2200, PERIOD_QUARTER, 4);
}

static void test_period_parse_quarter_chinese(void **state)
{
	(void)state;
	assert_parses_to("2024年第一季度", 2024, PERIOD_QUARTER, 1);
	assert_parses_to("2024年第二季度", 2024, PERIOD_QUARTER, 2);
	assert_parses_to("2024年第三季度", 2024, PERIOD_QUARTER, 3);
	assert_parses_to("2024年第四季度", 2024, PERIOD_QUARTER, 4);
	assert_parses_to("2024年三季度", 2024, PERIOD_QUARTER, 3);
	assert_parses_to("2024年3季度", 2024, PERIOD_QUARTER, 3);
	assert_parses_to("2024年第3季度", 2024, PERIOD_QUARTER, 3);
	assert_parses_to("2024年Q3", 2024, PERIOD_QUARTER, 3);
	assert_parses_to("2024年q1", 2024, PERIOD_QUARTER, 1);
}

static void test_period_parse_month(void **state)
{
	(void)state;
	assert_parses_to("2024-07", 2024, PERIOD_MONTH, 7);
	assert_parses_to("2024-7", 2024, PERIOD_MONTH, 7);
	assert_parses_to("2024-01", 2024, PERIOD_MONTH, 1);
	assert_parses_to("2024-1", 2024, PERIOD_MONTH, 1);
	assert_parses_to("2024-12", 2024, PERIOD_MONTH, 12);
	assert_parses_to("2024/07", 2024, PERIOD_MONTH, 7);
	assert_parses_to("2024/7", 2024, PERIOD_MONTH, 7);
	assert_parses_to("2024/12", 2024, PERIOD_MONTH, 12);
	assert_parses_to("2024年7月", 2024, PERIOD_MONTH, 7);
	assert_parses_to("2024年07月", 2024, PERIOD_MONTH, 7);
	assert_parses_to("2024年12月", 2024, PERIOD_MONTH, 12);
	assert_parses_to("2024年1月", 2024, PERIOD_MONTH, 1);
}

static void test_period_parse_rejects_bad_year(void **state)
{
	(void)state;
	REJECT("1899");
	REJECT("2201");
	REJECT("0000");
	REJECT("9999");
	REJECT("1899Q1");
	REJECT("2201-01");
	REJECT("1899年");
	REJECT("202");
	REJECT("20245");
	REJECT("02024");
	REJECT("+2024");
	REJECT("-2024");
	REJECT("２０２４"); /* full-width digits */
	REJECT("abcd");
	REJECT("");
	assert_rejected(NULL, 0);
}

static void test_period_parse_rejects_bad_quarter(void **state)
{
	(void)state;
	REJECT("2024Q5");
	REJECT("2024Q0");
	REJECT("2024Q");
	REJECT("2024Q12");
	REJECT("2024Q03");
	REJECT("2024QQ3");
	REJECT("2024-Q5");
	REJECT("2024-Q");
	REJECT("2024/Q3");
	REJECT("2024 Q3");
	REJECT("2024Q-3");
	REJECT("2024Q+3");
	REJECT("2024年第五季度");
	REJECT("2024年第5季度");
	REJECT("2024年0季度");
	REJECT("2024年第季度");
	REJECT("2024年第三季");
	REJECT("2024年第三");
	REJECT("2024年Q5");
	REJECT("2024年第Q3");
	REJECT("2024年12季度");
	REJECT("2024年第三季度末");
}

static void test_period_parse_rejects_bad_month(void **state)
{
	(void)state;
	REJECT("2024-13");
	REJECT("2024-00");
	REJECT("2024-0");
	REJECT("2024-");
	REJECT("2024-007");
	REJECT("2024-+7");
	REJECT("2024--7");
	REJECT("2024-7a");
	REJECT("2024/13");
	REJECT("2024/00");
	REJECT("2024/");
	REJECT("2024-07-01");
	REJECT("2024年13月");
	REJECT("2024年0月");
	REJECT("2024年00月");
	REJECT("2024年007月");
	REJECT("2024年7");
	REJECT("2024年第7月");
	REJECT("2024年月");
	REJECT("2024年7月份");
}

static void test_period_parse_rejects_garbage_and_spaces(void **state)
{
	(void)state;
	REJECT(" 2024");
	REJECT("2024 ");
	REJECT("2024\n");
	REJECT("2024Q3 ");
	REJECT("2024-07 ");
	REJECT("2024Q3x");
	REJECT("2024x");
	REJECT("2024年 ");
	REJECT("2024年x");
	REJECT("2024.5");
	REJECT("2024,07");
	REJECT("2024H1");
	REJECT("2024\xe5\xb9"); /* a truncated 年 */
	/* an embedded NUL counts as a byte */
	assert_rejected("2024\0Q3", 7);
	/* only len bytes are read: "2024Q3" cut to 5 bytes is "2024Q" */
	assert_rejected("2024Q3", 5);
	/* overlong input is rejected before it is looked at */
	REJECT("2024000000000000000000000000000000");
	REJECT("2024年第三季度2024年第三季度");
}

static void test_period_parse_len_bounds(void **state)
{
	(void)state;
	struct period p;
	/* the first len bytes decide, what follows is not read */
	assert_int_equal(period_parse("2024-07xyz", 7, &p), 1);
	assert_int_equal(p.kind, PERIOD_MONTH);
	assert_int_equal(p.sub, 7);
	assert_int_equal(period_parse("2024", 3, &p), 0);
}

static void assert_format(struct period p, const char *want)
{
	char out[PERIOD_TEXT_MAX];
	memset(out, 'x', sizeof(out));
	period_format(&p, out);
	assert_string_equal(out, want);
}

static void test_period_format_canonical(void **state)
{
	(void)state;
	assert_format(mk(2024, PERIOD_YEAR, 0), "2024");
	assert_format(mk(2024, PERIOD_QUARTER, 3), "2024Q3");
	assert_format(mk(2024, PERIOD_MONTH, 7), "2024-07");
	assert_format(mk(2024, PERIOD_MONTH, 12), "2024-12");
	assert_format(mk(1900, PERIOD_MONTH, 1), "1900-01");
	assert_format(parse_ok("2024年第三季度"), "2024Q3");
	assert_format(parse_ok("2024/7"), "2024-07");
	assert_format(parse_ok("2024年7月"), "2024-07");
	assert_format(parse_ok("2024年"), "2024");
	assert_format(parse_ok("2024-q1"), "2024Q1");
}

static void test_period_format_round_trips(void **state)
{
	(void)state;
	for (int y = 1900; y <= 2200; y += 13) {
		struct period ps[17];
		size_t n = 0;
		ps[n++] = mk(y, PERIOD_YEAR, 0);
		for (int q = 1; q <= 4; q++)
			ps[n++] = mk(y, PERIOD_QUARTER, q);
		for (int m = 1; m <= 12; m++)
			ps[n++] = mk(y, PERIOD_MONTH, m);
		for (size_t i = 0; i < n; i++) {
			char text[PERIOD_TEXT_MAX];
			struct period back;
			period_format(&ps[i], text);
			assert_int_equal(period_parse(text, strlen(text), &back), 1);
			assert_int_equal(period_cmp(&back, &ps[i]), 0);
			assert_int_equal(back.year, ps[i].year);
			assert_int_equal(back.kind, ps[i].kind);
			assert_int_equal(back.sub, ps[i].sub);
		}
	}
}

static void assert_dates(const char *period_text, const char *start, const char *end)
{
	struct period p = parse_ok(period_text);
	char out[11];
	period_start_date(&p, out);
	assert_string_equal(out, start);
	period_end_date(&p, out);
	assert_string_equal(out, end);
}

static void test_period_dates_year_quarter_month(void **state)
{
	(void)state;
	assert_dates("2024", "2024-01-01", "2024-12-31");
	assert_dates("2024Q1", "2024-01-01", "2024-03-31");
	assert_dates("2024Q2", "2024-04-01", "2024-06-30");
	assert_dates("2024Q3", "2024-07-01", "2024-09-30");
	assert_dates("2024Q4", "2024-10-01", "2024-12-31");
	assert_dates("2024-01", "2024-01-01", "2024-01-31");
	assert_dates("2024-04", "2024-04-01", "2024-04-30");
	assert_dates("2024-07", "2024-07-01", "2024-07-31");
	assert_dates("2024-09", "2024-09-01", "2024-09-30");
	assert_dates("2024-11", "2024-11-01", "2024-11-30");
	assert_dates("2024-12", "2024-12-01", "2024-12-31");
}

static void test_period_dates_leap_years(void **state)
{
	(void)state;
	assert_dates("2024-02", "2024-02-01", "2024-02-29");
	assert_dates("2023-02", "2023-02-01", "2023-02-28");
	assert_dates("2000-02", "2000-02-01", "2000-02-29"); /* divisible by 400 */
	assert_dates("1900-02", "1900-02-01", "1900-02-28"); /* divisible by 100, not 400 */
	assert_dates("2100-02", "2100-02-01", "2100-02-28");
	assert_dates("2024Q1", "2024-01-01", "2024-03-31");
}

static void test_period_contains(void **state)
{
	(void)state;
	struct period y2024 = parse_ok("2024"), q3 = parse_ok("2024Q3"), q4 = parse_ok("2024Q4");
	struct period jul = parse_ok("2024-07"), aug = parse_ok("2024-08"), oct = parse_ok("2024-10");
	struct period y2025 = parse_ok("2025"), jan25 = parse_ok("2025-01"), q3_23 = parse_ok("2023Q3");
	assert_true(period_contains(&y2024, &q3));
	assert_true(period_contains(&y2024, &jul));
	assert_true(period_contains(&y2024, &y2024));
	assert_true(period_contains(&q3, &aug));
	assert_true(period_contains(&q3, &jul));
	assert_true(period_contains(&q3, &q3));
	assert_true(period_contains(&jul, &jul));
	assert_false(period_contains(&q3, &oct));
	assert_true(period_contains(&q4, &oct));
	assert_false(period_contains(&jul, &y2024));
	assert_false(period_contains(&jul, &q3));
	assert_false(period_contains(&q3, &y2024));
	assert_false(period_contains(&y2024, &y2025));
	assert_false(period_contains(&y2024, &jan25));
	assert_false(period_contains(&y2025, &q3));
	assert_false(period_contains(&q3, &q3_23));
	assert_false(period_contains(&jul, &aug));
}

static void assert_step(const char *from, const char *next, const char *prev)
{
	struct period p = parse_ok(from);
	char out[PERIOD_TEXT_MAX];
	struct period n = period_next(&p), b = period_prev(&p);
	period_format(&n, out);
	assert_string_equal(out, next);
	period_format(&b, out);
	assert_string_equal(out, prev);
	/* next and prev undo each other */
	struct period back = period_prev(&n);
	assert_int_equal(period_cmp(&back, &p), 0);
	back = period_next(&b);
	assert_int_equal(period_cmp(&back, &p), 0);
}

static void test_period_next_prev(void **state)
{
	(void)state;
	assert_step("2024", "2025", "2023");
	assert_step("2024Q1", "2024Q2", "2023Q4");
	assert_step("2024Q3", "2024Q4", "2024Q2");
	assert_step("2024Q4", "2025Q1", "2024Q3");
	assert_step("2024-01", "2024-02", "2023-12");
	assert_step("2024-07", "2024-08", "2024-06");
	assert_step("2024-11", "2024-12", "2024-10");
	assert_step("2024-12", "2025-01", "2024-11");
	assert_step("2000-12", "2001-01", "2000-11");
}

static void test_period_next_prev_keep_kind(void **state)
{
	(void)state;
	struct period q = parse_ok("2024Q4"), m = parse_ok("2024-12"), y = parse_ok("2024");
	assert_int_equal(period_next(&q).kind, PERIOD_QUARTER);
	assert_int_equal(period_next(&m).kind, PERIOD_MONTH);
	assert_int_equal(period_next(&y).kind, PERIOD_YEAR);
	assert_int_equal(period_next(&y).sub, 0);
	/* at the ends of the range the year simply steps outside it */
	struct period last = parse_ok("2200-12"), first = parse_ok("1900Q1");
	assert_int_equal(period_next(&last).year, 2201);
	assert_int_equal(period_prev(&first).year, 1899);
	assert_int_equal(period_prev(&first).sub, 4);
}

static int cmp_text(const char *a, const char *b)
{
	struct period pa = parse_ok(a), pb = parse_ok(b);
	int r = period_cmp(&pa, &pb);
	return r < 0 ? -1 : r > 0 ? 1 : 0;
}

static void test_period_cmp_order(void **state)
{
	(void)state;
	assert_int_equal(cmp_text("2024", "2024"), 0);
	assert_int_equal(cmp_text("2024Q3", "2024年第三季度"), 0);
	assert_int_equal(cmp_text("2023", "2024"), -1);
	assert_int_equal(cmp_text("2024", "2023"), 1);
	assert_int_equal(cmp_text("2024Q2", "2024Q3"), -1);
	assert_int_equal(cmp_text("2024-07", "2024-08"), -1);
	/* by end date: July ends before Q3 ends, Q3 before the year */
	assert_int_equal(cmp_text("2024-07", "2024Q3"), -1);
	assert_int_equal(cmp_text("2024Q3", "2024"), -1);
	assert_int_equal(cmp_text("2024-10", "2024Q3"), 1);
	assert_int_equal(cmp_text("2023", "2024-01"), -1);
	assert_int_equal(cmp_text("2024", "2025Q1"), -1);
	/* shared end: month < quarter < year */
	assert_int_equal(cmp_text("2024-12", "2024Q4"), -1);
	assert_int_equal(cmp_text("2024Q4", "2024"), -1);
	assert_int_equal(cmp_text("2024-12", "2024"), -1);
	assert_int_equal(cmp_text("2024", "2024-12"), 1);
	assert_int_equal(cmp_text("2024Q4", "2024-12"), 1);
	assert_int_equal(cmp_text("2024-09", "2024Q3"), -1);
}

static void assert_time(const char *text, double want)
{
	struct period p = parse_ok(text);
	assert_double_near(period_time(&p), want, 1e-12);
}

static void test_period_time(void **state)
{
	(void)state;
	assert_time("2024", 2024.0);
	assert_time("2024Q3", 2023.75);
	assert_time("2024Q4", 2024.0);
	assert_time("2024Q1", 2023.25);
	assert_time("2024-07", 2024.0 - 5.0 / 12.0);
	assert_time("2024-12", 2024.0);
	assert_time("2024-01", 2023.0 + 1.0 / 12.0);
	assert_time("1900", 1900.0);
	/* a July snapshot sits before the year-end value of the same year */
	struct period jul = parse_ok("2024-07"), y = parse_ok("2024");
	assert_true(period_time(&jul) < period_time(&y));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period_parse_year),
		cmocka_unit_test(test_period_parse_quarter),
		cmocka_unit_test(test_period_parse_quarter_chinese),
		cmocka_unit_test(test_period_parse_month),
		cmocka_unit_test(test_period_parse_rejects_bad_year),
		cmocka_unit_test(test_period_parse_rejects_bad_quarter),
		cmocka_unit_test(test_period_parse_rejects_bad_month),
		cmocka_unit_test(test_period_parse_rejects_garbage_and_spaces),
		cmocka_unit_test(test_period_parse_len_bounds),
		cmocka_unit_test(test_period_format_canonical),
		cmocka_unit_test(test_period_format_round_trips),
		cmocka_unit_test(test_period_dates_year_quarter_month),
		cmocka_unit_test(test_period_dates_leap_years),
		cmocka_unit_test(test_period_contains),
		cmocka_unit_test(test_period_next_prev),
		cmocka_unit_test(test_period_next_prev_keep_kind),
		cmocka_unit_test(test_period_cmp_order),
		cmocka_unit_test(test_period_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
