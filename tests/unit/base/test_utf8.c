/* test_utf8.c - unit tests of base/utf8.c: RFC 3629 validation (overlongs, surrogates, values
 * past U+10FFFF, truncated and broken sequences, with the offset of the first bad byte),
 * utf8_floor and utf8_count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/utf8.h"
#include "base/banned.h"

/* Expect s (n bytes) to be invalid with the first bad sequence at offset at. */
static void bad_at(const char *s, size_t n, size_t at)
{
	size_t where = 9999;
	if (utf8_valid(s, n, &where))
		fail_msg("sequence of %zu bytes accepted", n);
	if (where != at)
		fail_msg("bad at %zu, expected %zu", where, at);
}

static void good(const char *s, size_t n)
{
	size_t where = 9999;
	if (!utf8_valid(s, n, &where))
		fail_msg("valid sequence rejected at %zu", where);
	assert_int_equal(where, 9999); /* untouched on success */
}

static void test_utf8_valid_accepts_well_formed(void **state)
{
	(void)state;
	good("", 0);
	good("plain ascii, 123", 16);
	good("长株潭", 9);
	good("\xc2\x80", 2);             /* U+0080, smallest 2-byte */
	good("\xdf\xbf", 2);             /* U+07FF */
	good("\xe0\xa0\x80", 3);         /* U+0800, smallest 3-byte */
	good("\xed\x9f\xbf", 3);         /* U+D7FF, just below the surrogates */
	good("\xee\x80\x80", 3);         /* U+E000, just above */
	good("\xef\xbb\xbf", 3);         /* BOM */
	good("\xf0\x90\x80\x80", 4);     /* U+10000 */
	good("\xf4\x8f\xbf\xbf", 4);     /* U+10FFFF, the last code point */
	good("\xe3\x80\x80", 3);         /* U+3000 ideographic space */
	good("a\0b", 3);                 /* NUL is a character */
}

static void test_utf8_valid_rejects_overlongs(void **state)
{
	(void)state;
	bad_at("\xc0\x80", 2, 0);
	bad_at("\xc1\xbf", 2, 0);
	bad_at("ab\xe0\x80\x80", 5, 2);
	bad_at("\xe0\x9f\xbf", 3, 0);
	bad_at("\xf0\x80\x80\x80", 4, 0);
	bad_at("\xf0\x8f\xbf\xbf", 4, 0);
}

static void test_utf8_valid_rejects_surrogates(void **state)
{
	(void)state;
	bad_at("\xed\xa0\x80", 3, 0); /* U+D800 */
	bad_at("x\xed\xbf\xbf", 4, 1); /* U+DFFF */
}

static void test_utf8_valid_rejects_past_10ffff(void **state)
{
	(void)state;
	bad_at("\xf4\x90\x80\x80", 4, 0); /* U+110000 */
	bad_at("\xf5\x80\x80\x80", 4, 0);
	bad_at("\xf8\x88\x80\x80\x80", 5, 0);
	bad_at("\xff", 1, 0);
	bad_at("\xfe", 1, 0);
}

static void test_utf8_valid_rejects_truncated_and_broken(void **state)
{
	(void)state;
	bad_at("\xe9\x95", 2, 0);           /* 长 without its last byte */
	bad_at("长\xe9", 4, 3);
	bad_at("abc\xf0\x90\x80", 6, 3);
	bad_at("\x80", 1, 0);               /* lone continuation */
	bad_at("a\xbf" "b", 3, 1);
	bad_at("\xe9\x95" "a", 3, 0);       /* continuation replaced by ASCII */
	bad_at("\xc3(", 2, 0);
	bad_at("\xe9\x95\xbf\xe9", 4, 3);   /* the view ends inside a character */
	/* the length matters, not the NUL: the same bytes are fine when cut before */
	good("长\xe9", 3);
	assert_true(utf8_valid("\xe9", 1, NULL) == 0); /* bad_at may be NULL */
}

static void test_utf8_floor(void **state)
{
	(void)state;
	const char *s = "a长b"; /* a=0, 长=1..3, b=4 */
	assert_int_equal(utf8_floor(s, 0), 0);
	assert_int_equal(utf8_floor(s, 1), 1);
	assert_int_equal(utf8_floor(s, 2), 1);
	assert_int_equal(utf8_floor(s, 3), 1);
	assert_int_equal(utf8_floor(s, 4), 4);
	assert_int_equal(utf8_floor(s, 5), 5);
	const char *four = "\xf0\x9f\x98\x80z"; /* U+1F600 then z */
	assert_int_equal(utf8_floor(four, 3), 0);
	assert_int_equal(utf8_floor(four, 4), 4);
}

/* What a reader of chunks carries: the start of a character the end cuts short, nothing when the
 * end falls between characters or on a byte that cannot begin one. */
static void test_utf8_cut_tail(void **state)
{
	(void)state;
	const char *zh = "a长"; /* 'a', E9 95 BF */
	assert_int_equal(utf8_cut_tail(zh, 4), 0);
	assert_int_equal(utf8_cut_tail(zh, 3), 2);
	assert_int_equal(utf8_cut_tail(zh, 2), 1);
	assert_int_equal(utf8_cut_tail(zh, 1), 0);
	assert_int_equal(utf8_cut_tail(zh, 0), 0);
	assert_int_equal(utf8_cut_tail("\xF0\x9F\x98", 3), 3); /* a 4-byte character, 3 of it */
	assert_int_equal(utf8_cut_tail("\xF0\x9F\x98\x80", 4), 0);
	assert_int_equal(utf8_cut_tail("x\xFF", 2), 0); /* no character: the check reports it */
	assert_int_equal(utf8_cut_tail("\x80\x80\x80", 3), 0);
	assert_int_equal(utf8_lead_len('a'), 1);
	assert_int_equal(utf8_lead_len(0xC3), 2);
	assert_int_equal(utf8_lead_len(0xE9), 3);
	assert_int_equal(utf8_lead_len(0xF0), 4);
	assert_int_equal(utf8_lead_len(0xFF), 1);
}

static void test_utf8_count(void **state)
{
	(void)state;
	assert_int_equal(utf8_count("", 0), 0);
	assert_int_equal(utf8_count("abc", 3), 3);
	assert_int_equal(utf8_count("长株潭", 9), 3);
	assert_int_equal(utf8_count("a长b", 5), 3);
	assert_int_equal(utf8_count("\xff\xfe", 2), 2); /* invalid bytes count one each */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid_accepts_well_formed),
		cmocka_unit_test(test_utf8_cut_tail),
		cmocka_unit_test(test_utf8_valid_rejects_overlongs),
		cmocka_unit_test(test_utf8_valid_rejects_surrogates),
		cmocka_unit_test(test_utf8_valid_rejects_past_10ffff),
		cmocka_unit_test(test_utf8_valid_rejects_truncated_and_broken),
		cmocka_unit_test(test_utf8_floor),
		cmocka_unit_test(test_utf8_count),
	};
	return cmocka_run_group_tests_name("base/utf8", tests, NULL, NULL);
}
