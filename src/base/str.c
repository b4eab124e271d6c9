/* str.c - string view helpers. Pure. */
#include <string.h>

#include "base/buf.h"
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

void str_url_masked(struct buf *out, const char *url)
{
	const char *scheme = strstr(url, "://");
	if (!scheme) {
		bw(out, url);
		return;
	}
	const char *auth = scheme + 3;
	size_t auth_len = strcspn(auth, "/?#");
	const char *at = memchr(auth, '@', auth_len);
	const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	const char *p = url;
	if (colon) {
		bwn(out, url, (size_t)(colon + 1 - url));
		bw(out, "***");
		p = at;
	}
	/* query parameters: password=... up to the next & (or the fragment) */
	while (*p) {
		const char *hit = strstr(p, "password=");
		if (!hit) {
			bw(out, p);
			return;
		}
		hit += 9;
		bwn(out, p, (size_t)(hit - p));
		int is_param = hit - 9 > url && (hit[-10] == '?' || hit[-10] == '&');
		p = hit;
		if (is_param) {
			p += strcspn(p, "&#");
			bw(out, "***");
		}
	}
}
