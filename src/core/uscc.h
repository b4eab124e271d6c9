/* uscc.h - the 统一社会信用代码 (unified social credit code) of GB 32100-2015: 18 characters
 * from 0-9 and the capitals without I, O, Z, S, V; the 18th is a check character over the
 * first 17 (weights 3^(i-1) mod 31). Pure. */
#ifndef INNOMON_CORE_USCC_H
#define INNOMON_CORE_USCC_H

#include <stddef.h>

enum uscc_error {
	USCC_OK = 0,
	USCC_LENGTH,  /* not 18 characters */
	USCC_CHAR,    /* a character outside the code's alphabet (*at says which, 0-based) */
	USCC_CHECK,   /* the 18th character does not match the check computed from the first 17 */
};

/* Check s[0..len). On USCC_CHAR *at is the offending position; on USCC_CHECK *expected is the
 * check character the first 17 call for. at and expected may be NULL. Cannot fail. */
enum uscc_error uscc_check(const char *s, size_t len, size_t *at, char *expected);

/* The check character for the 17 characters s[0..17), or 0 when one is outside the alphabet. */
char uscc_check_char(const char *s17);

#endif
