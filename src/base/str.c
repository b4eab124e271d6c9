/* str.c - string view helpers. Pure. */
#include <string.h>

#include "base/str.h"
#include "base/banned.h"

struct str str_of(const char *s)
{
	return (struct str){s ? s : "", s ? strlen(s) : 0};
}

int str_eq(struct str a, const char *b)
{
	size_t n = strlen(b);
	return a.len == n && memcmp(a.p, b, n) == 0;
}

static int is_space_at_start(struct str s, size_t *w)
{
	if (s.len == 0)
		return 0;
	unsigned char c = (unsigned char)s.p[0];
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
		*w = 1;
		return 1;
	}
	if (s.len >= 3 && memcmp(s.p, "\xe3\x80\x80", 3) == 0) {
		*w = 3;
		return 1;
	}
	return 0;
}

static int is_space_at_end(struct str s, size_t *w)
{
	if (s.len == 0)
		return 0;
	unsigned char c = (unsigned char)s.p[s.len - 1];
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
		*w = 1;
		return 1;
	}
	if (s.len >= 3 && memcmp(s.p + s.len - 3, "\xe3\x80\x80", 3) == 0) {
		*w = 3;
		return 1;
	}
	return 0;
}

struct str str_trim(struct str s)
{
	size_t w;
	while (is_space_at_start(s, &w)) {
		s.p += w;
		s.len -= w;
	}
	while (is_space_at_end(s, &w))
		s.len -= w;
	return s;
}

int str_has_prefix(struct str s, const char *prefix)
{
	size_t n = strlen(prefix);
	return s.len >= n && memcmp(s.p, prefix, n) == 0;
}

int streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}
