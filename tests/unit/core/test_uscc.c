/* test_uscc.c - the GB 32100-2015 check character (core/uscc.c): codes of real enterprises
 * published in their business licences pass, every single-character change to them fails, and
 * the wrong length and letters outside the alphabet are named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/uscc.h"
#include "base/banned.h"

/* published codes: 腾讯科技（深圳）, 华为技术, 北京百度网讯科技, 杭州 (a 91330100 firm) */
static const char *const real[] = {"9144030071526726XG", "914403001922038216", "91110000802100433B", "91330100716105852F"};

static void test_uscc_real_codes_pass(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(real) / sizeof(real[0]); i++) {
		assert_int_equal(uscc_check(real[i], 18, NULL, NULL), USCC_OK);
		assert_int_equal(uscc_check_char(real[i]), real[i][17]);
	}
}

static void test_uscc_any_changed_character_fails(void **state)
{
	(void)state;
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	for (size_t i = 0; i < sizeof(real) / sizeof(real[0]); i++)
		for (size_t at = 0; at < 18; at++)
			for (const char *c = alphabet; *c; c++) {
				char s[19];
				memcpy(s, real[i], 19);
				if (s[at] == *c)
					continue;
				s[at] = *c;
				/* weights 3^k mod 31 are all non-zero mod 31 (a prime): one change always shows */
				assert_int_equal(uscc_check(s, 18, NULL, NULL), USCC_CHECK);
			}
}

static void test_uscc_says_what_is_wrong(void **state)
{
	(void)state;
	size_t at = 99;
	char want = 0;
	assert_int_equal(uscc_check("9144030071526726X", 17, NULL, NULL), USCC_LENGTH);
	assert_int_equal(uscc_check("9144030071526726XGG", 19, NULL, NULL), USCC_LENGTH);
	assert_int_equal(uscc_check("91440300715267I6XG", 18, &at, NULL), USCC_CHAR);
	assert_int_equal(at, 14);
	assert_int_equal(uscc_check("9144030071526726xg", 18, &at, NULL), USCC_CHAR); /* lower case is not the code */
	assert_int_equal(uscc_check("91DEMO000000000001", 18, &at, NULL), USCC_CHAR);
	assert_int_equal(at, 5); /* O */
	assert_int_equal(uscc_check("9144030071526726XA", 18, NULL, &want), USCC_CHECK);
	assert_int_equal(want, 'G');
	assert_int_equal(uscc_check_char("9144030071526726I"), 0);
}

static void test_uscc_check_zero_is_written_0(void **state)
{
	(void)state;
	/* find a body whose check value is 31 mod 31 = 0: the check character is '0' */
	char s[19] = "91430100MA4L16JQ00";
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	for (const char *c = alphabet; *c; c++) {
		s[16] = *c;
		if (uscc_check_char(s) == '0')
			break;
	}
	assert_int_equal(uscc_check_char(s), '0');
	s[17] = '0';
	assert_int_equal(uscc_check(s, 18, NULL, NULL), USCC_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uscc_real_codes_pass),
		cmocka_unit_test(test_uscc_any_changed_character_fails),
		cmocka_unit_test(test_uscc_says_what_is_wrong),
		cmocka_unit_test(test_uscc_check_zero_is_written_0),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
