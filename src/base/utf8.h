/* utf8.h - strict UTF-8 validation and boundary helpers. Pure. */
#ifndef INNOMON_BASE_UTF8_H
#define INNOMON_BASE_UTF8_H

#include <stddef.h>

/* 1 when p[0..n) is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF);
 * on failure *bad_at (if not NULL) gets the byte offset of the first bad sequence. */
int utf8_valid(const char *p, size_t n, size_t *bad_at);
/* Largest m <= n such that p[0..m) ends on a character boundary; p must hold more than n bytes. */
size_t utf8_floor(const char *p, size_t n);
/* The bytes a character whose first byte is c takes (1 for a byte that leads none, 0xF8 up, and
 * for ASCII; a continuation byte's own answer means nothing). */
size_t utf8_lead_len(unsigned char c);
/* Bytes at the end of p[0..n) that begin a character the end cuts short (0..3): what a reader
 * of chunks carries into the next. A byte that cannot begin a character counts 0 (a check of
 * p[0..n) then reports it). */
size_t utf8_cut_tail(const char *p, size_t n);
/* Number of code points in p[0..n), counting each invalid byte as one. */
size_t utf8_count(const char *p, size_t n);
/* Length of the well-formed sequence at p (at most n bytes, n > 0) with its code point in *cp,
 * or 0 if it is not one (overlongs, surrogates and values past U+10FFFF are refused). */
size_t utf8_decode(const char *p, size_t n, unsigned *cp);

#endif
