/* uscc.c - 统一社会信用代码 check character, GB 32100-2015 §4 and annex: C18 = 31 - (sum of
 * value(Ci) * Wi for i = 1..17) mod 31, Wi = 3^(i-1) mod 31, and 31 written as 0. Pure. */
#include <string.h>

#include "core/uscc.h"
#include "base/banned.h"

/* the 31 characters of the code, in value order (I, O, Z, S and V are never used) */
static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

static int value_of(char c)
{
	const char *p = c ? strchr(alphabet, c) : NULL;
	return p ? (int)(p - alphabet) : -1;
}

char uscc_check_char(const char *s17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = value_of(s17[i]);
		if (v < 0)
			return 0;
		sum += v * weights[i];
	}
	return alphabet[(31 - sum % 31) % 31];
}

enum uscc_error uscc_check(const char *s, size_t len, size_t *at, char *expected)
{
	if (len != 18)
		return USCC_LENGTH;
	for (size_t i = 0; i < 18; i++)
		if (value_of(s[i]) < 0) {
			if (at)
				*at = i;
			return USCC_CHAR;
		}
	char c = uscc_check_char(s);
	if (expected)
		*expected = c;
	return c == s[17] ? USCC_OK : USCC_CHECK;
}
