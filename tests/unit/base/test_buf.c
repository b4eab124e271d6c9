/* test_buf.c - unit tests of base/buf.c: appends, the hard cap (ST_TOO_LARGE with the content
 * unchanged), the sticky flag of the bw* writers, reset and detach. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/banned.h"

static void test_buf_empty_is_empty_string(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap_max, BUF_DEFAULT_MAX);
	assert_int_equal(buf_status(&b), ST_OK);
	buf_release(&b);
}

static void test_buf_append_and_printf(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(buf_append(&b, "ab", 2), ST_OK);
	assert_int_equal(buf_puts(&b, "长"), ST_OK);
	assert_int_equal(buf_putc(&b, '!'), ST_OK);
	assert_int_equal(buf_printf(&b, " %d/%s", 27, "measures"), ST_OK);
	assert_string_equal(buf_str(&b), "ab长! 27/measures");
	assert_int_equal(b.len, strlen("ab长! 27/measures"));
	assert_int_equal(b.p[b.len], '\0');
	buf_release(&b);
}

static void test_buf_grows_past_many_doublings(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(buf_putc(&b, (char)('a' + i % 26)), ST_OK);
	assert_int_equal(b.len, 10000);
	assert_int_equal(b.p[9999], 'a' + 9999 % 26);
	assert_int_equal(b.p[10000], '\0');
	buf_release(&b);
}

static void test_buf_cap_refuses_and_keeps_content(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 8); /* room for 7 bytes and the NUL */
	assert_int_equal(buf_puts(&b, "1234567"), ST_OK);
	assert_int_equal(buf_puts(&b, "8"), ST_TOO_LARGE);
	assert_string_equal(buf_str(&b), "1234567");
	assert_int_equal(b.len, 7);
	assert_int_equal(buf_status(&b), ST_TOO_LARGE);
	buf_release(&b);

	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "abc"), ST_OK);
	assert_int_equal(buf_printf(&b, "%s", "defghij"), ST_TOO_LARGE);
	assert_string_equal(buf_str(&b), "abc");
	assert_int_equal(buf_append(&b, "0123456789", 10), ST_TOO_LARGE);
	assert_string_equal(buf_str(&b), "abc");
	assert_int_equal(b.len, 3);
	buf_release(&b);
}

static void test_buf_cap_exact_fit(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 4);
	assert_int_equal(buf_puts(&b, "abcd"), ST_TOO_LARGE);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(buf_puts(&b, "abc"), ST_OK);
	assert_string_equal(buf_str(&b), "abc");
	buf_release(&b);
}

static void test_buf_bw_flag_is_sticky(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 8);
	bw(&b, "12345");
	assert_int_equal(buf_status(&b), ST_OK);
	bw(&b, "678"); /* would make 8 bytes: refused */
	assert_string_equal(buf_str(&b), "12345");
	assert_int_equal(buf_status(&b), ST_TOO_LARGE);
	bwc(&b, '6'); /* fits, but the earlier refusal is remembered */
	bwf(&b, "%d", 7);
	assert_string_equal(buf_str(&b), "1234567");
	assert_int_equal(buf_status(&b), ST_TOO_LARGE);
	bwn(&b, "x", 1);
	assert_string_equal(buf_str(&b), "1234567");
	buf_reset(&b);
	assert_int_equal(buf_status(&b), ST_OK);
	assert_string_equal(buf_str(&b), "");
	bw(&b, "ok");
	assert_string_equal(buf_str(&b), "ok");
	assert_int_equal(buf_status(&b), ST_OK);
	buf_release(&b);
}

static void test_buf_detach_hands_over(void **state)
{
	(void)state;
	struct buf b;
	size_t len = 99;
	buf_init(&b, 0);
	char *empty = buf_detach(&b, &len);
	assert_string_equal(empty, "");
	assert_int_equal(len, 0);
	free(empty);
	bw(&b, "plan");
	char *s = buf_detach(&b, &len);
	assert_string_equal(s, "plan");
	assert_int_equal(len, 4);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	free(s);
	bw(&b, "reused");
	assert_string_equal(buf_str(&b), "reused");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_empty_is_empty_string),
		cmocka_unit_test(test_buf_append_and_printf),
		cmocka_unit_test(test_buf_grows_past_many_doublings),
		cmocka_unit_test(test_buf_cap_refuses_and_keeps_content),
		cmocka_unit_test(test_buf_cap_exact_fit),
		cmocka_unit_test(test_buf_bw_flag_is_sticky),
		cmocka_unit_test(test_buf_detach_hands_over),
	};
	return cmocka_run_group_tests_name("base/buf", tests, NULL, NULL);
}
