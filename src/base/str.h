/* str.h - string views and small pure string helpers. A view borrows its bytes. */
#ifndef INNOMON_BASE_STR_H
#define INNOMON_BASE_STR_H

#include <stddef.h>

struct buf;

struct str {
	const char *p;
	size_t len;
};

#define STR_LIT(s) ((struct str){(s), sizeof(s) - 1})

/* A view of a NUL-terminated string (NULL gives the empty view). */
struct str str_of(const char *s);
/* Byte-wise equality of a view and a C string. */
int str_eq(struct str a, const char *b);
/* Trim ASCII spaces, tabs, CR/LF and U+3000 (ideographic space) from both ends. */
struct str str_trim(struct str s);
/* True if s starts with the C string prefix. */
int str_has_prefix(struct str s, const char *prefix);
/* True when a and b are equal C strings (NULL equals only NULL). */
int streq(const char *a, const char *b);
/* Write a connection URL with its passwords replaced by *** (the user-info's
 * scheme://user:PASSWORD@host and a password=PASSWORD query parameter), for messages and
 * `config show`; text that is not such a URL is written as it is. */
void str_url_masked(struct buf *out, const char *url);

#endif
