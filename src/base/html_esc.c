/* html_esc.c - the one HTML/XML escaper and the escaping formatter hf() (see html_esc.h).
 * hvf walks the format itself: literal runs are copied, each conversion is taken apart,
 * strings and characters go through the escaper and numbers through snprintf with the
 * conversion's own spec (the format was checked against the arguments at the call site). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/html_esc.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "base/banned.h"

#define REPLACEMENT "\xef\xbf\xbd"

void html_escn(struct buf *b, const char *s, size_t n)
{
	if (!s)
		return;
	size_t run = 0, i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;
		size_t len = 1;
		if (c >= 0x80) {
			unsigned cp = 0;
			len = utf8_decode(s + i, n - i, &cp);
			if (len == 0 || cp == 0xfffe || cp == 0xffff)
				rep = REPLACEMENT;
			if (len == 0)
				len = 1;
		} else {
			switch (c) {
			case '&': rep = "&amp;"; break;
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break;
			case '"': rep = "&quot;"; break;
			case '\'': rep = "&#39;"; break;
			case '\t': case '\n': case '\r': break;
			default:
				if (c < 0x20 || c == 0x7f)
					rep = REPLACEMENT;
				break;
			}
		}
		if (rep) {
			bwn(b, s + run, i - run);
			bw(b, rep);
			run = i + len;
		}
		i += len;
	}
	bwn(b, s + run, n - run);
}

void html_esc(struct buf *b, const char *s)
{
	if (s)
		html_escn(b, s, strlen(s));
}

void url_esc(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~') {
			bwc(b, (char)c);
		} else {
			bwc(b, '%');
			bwc(b, hex[c >> 4]);
			bwc(b, hex[c & 15]);
		}
	}
}

int html_url_is_web(const char *u)
{
	return u && (strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0);
}

void h_raw(struct buf *b, const char *markup)
{
	bw(b, markup);
}

void tw(struct buf *b, const char *text)
{
	bw(b, text);
}

void tf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enum status st = buf_vprintf(b, fmt, ap);
	va_end(ap);
	if (st != ST_OK)
		b->is_too_large = 1;
}

/* One numeric conversion: spec is "%...<conv>" (NUL-terminated), with n_star '*' arguments
 * (width and/or precision) already taken. The format was checked at the call site. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#define PUT_NUM(T)                                                                          \
	do {                                                                                \
		T v_ = va_arg(*ap, T);                                                      \
		if (n_star == 0)                                                            \
			n = snprintf(out, sizeof(out), spec, v_);                           \
		else if (n_star == 1)                                                       \
			n = snprintf(out, sizeof(out), spec, star[0], v_);                  \
		else                                                                        \
			n = snprintf(out, sizeof(out), spec, star[0], star[1], v_);         \
	} while (0)

static void put_num(struct buf *b, const char *spec, char conv, const char *len_mod, int n_star, const int *star,
		    va_list *ap)
{
	char out[512];
	int n = -1;
	int is_signed = conv == 'd' || conv == 'i';
	if (strchr("fFeEgGaA", conv)) {
		if (strcmp(len_mod, "L") == 0)
			PUT_NUM(long double);
		else if (*len_mod == '\0' || strcmp(len_mod, "l") == 0)
			PUT_NUM(double);
		else
			BUG("hf: length modifier '%s' with %%%c", len_mod, conv);
	} else if (*len_mod == '\0' || strcmp(len_mod, "hh") == 0 || strcmp(len_mod, "h") == 0) {
		/* char and short arguments are promoted to int; the spec narrows them again */
		if (is_signed)
			PUT_NUM(int);
		else
			PUT_NUM(unsigned);
	} else if (strcmp(len_mod, "l") == 0) {
		if (is_signed)
			PUT_NUM(long);
		else
			PUT_NUM(unsigned long);
	} else if (strcmp(len_mod, "ll") == 0) {
		if (is_signed)
			PUT_NUM(long long);
		else
			PUT_NUM(unsigned long long);
	} else if (strcmp(len_mod, "z") == 0) {
		if (is_signed)
			PUT_NUM(ptrdiff_t); /* ssize_t is not C17; same size as size_t on our targets */
		else
			PUT_NUM(size_t);
	} else if (strcmp(len_mod, "j") == 0) {
		if (is_signed)
			PUT_NUM(intmax_t);
		else
			PUT_NUM(uintmax_t);
	} else if (strcmp(len_mod, "t") == 0) {
		PUT_NUM(ptrdiff_t);
	} else {
		BUG("hf: length modifier '%s' with %%%c", len_mod, conv);
	}
	if (n < 0 || (size_t)n >= sizeof(out))
		BUG("hf: conversion '%s' does not fit", spec);
	bwn(b, out, (size_t)n);
}
#undef PUT_NUM
#pragma GCC diagnostic pop

void hvf(struct buf *b, const char *fmt, va_list ap_in)
{
	va_list ap;
	va_copy(ap, ap_in);
	const char *p = fmt, *run = fmt;
	while (*p) {
		if (*p != '%') {
			p++;
			continue;
		}
		bwn(b, run, (size_t)(p - run));
		const char *spec_start = p++;
		if (*p == '%') {
			bwc(b, '%');
			run = ++p;
			continue;
		}
		int star[2], n_star = 0, has_flags = 0, has_width = 0, has_prec = 0, prec = -1;
		while (*p && strchr("-+ #0", *p)) {
			has_flags = 1;
			p++;
		}
		if (*p == '*') {
			star[n_star++] = va_arg(ap, int);
			has_width = 1;
			p++;
		}
		while (*p >= '0' && *p <= '9') {
			has_width = 1;
			p++;
		}
		if (*p == '.') {
			has_prec = 1;
			p++;
			if (*p == '*') {
				prec = va_arg(ap, int);
				star[n_star++] = prec;
				p++;
			} else {
				prec = 0;
				while (*p >= '0' && *p <= '9')
					prec = prec * 10 + (*p++ - '0');
			}
		}
		char len_mod[3] = "";
		size_t n_len = 0;
		while (*p && strchr("hlzjtL", *p) && n_len < 2)
			len_mod[n_len++] = *p++;
		len_mod[n_len] = '\0';
		char conv = *p;
		if (!conv)
			BUG("hf: format ends inside a conversion: \"%s\"", fmt);
		p++;
		run = p;
		if (conv == 's' || conv == 'c') {
			if (has_flags || has_width || n_len)
				BUG("hf: %%%c takes no flags, width or length modifier: \"%s\"", conv, fmt);
			if (conv == 'c') {
				char c = (char)va_arg(ap, int);
				html_escn(b, &c, 1);
				continue;
			}
			const char *s = va_arg(ap, const char *);
			if (!s)
				continue;
			size_t n = strlen(s);
			if (has_prec && prec >= 0 && (size_t)prec < n)
				n = (size_t)prec;
			html_escn(b, s, n);
			continue;
		}
		if (!strchr("diuoxXfFeEgGaA", conv))
			BUG("hf: unsupported conversion %%%c: \"%s\"", conv, fmt);
		char spec[32];
		size_t spec_len = (size_t)(p - spec_start);
		if (spec_len >= sizeof(spec))
			BUG("hf: conversion too long: \"%s\"", fmt);
		memcpy(spec, spec_start, spec_len);
		spec[spec_len] = '\0';
		put_num(b, spec, conv, len_mod, n_star, star, &ap);
	}
	bwn(b, run, (size_t)(p - run));
	va_end(ap);
}

void hf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	hvf(b, fmt, ap);
	va_end(ap);
}
