/* buf.c - capped growable buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "base/banned.h"

void buf_init(struct buf *b, size_t cap_max)
{
	b->p = NULL;
	b->len = 0;
	b->alloc = 0;
	b->cap_max = cap_max ? cap_max : BUF_DEFAULT_MAX;
	b->is_too_large = 0;
}

void buf_release(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->alloc = 0;
	b->is_too_large = 0;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
	b->is_too_large = 0;
}

const char *buf_str(const struct buf *b)
{
	return b->p ? b->p : "";
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p = b->p ? b->p : xstrdup("");
	if (len)
		*len = b->len;
	b->p = NULL;
	b->len = b->alloc = 0;
	return p;
}

static enum status grow(struct buf *b, size_t extra)
{
	if (extra >= b->cap_max || b->len + extra + 1 > b->cap_max) {
		b->is_too_large = 1;
		return ST_TOO_LARGE;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->alloc)
		return ST_OK;
	size_t n = b->alloc ? b->alloc : 64;
	while (n < need)
		n *= 2;
	if (n > b->cap_max)
		n = b->cap_max;
	b->p = xrealloc(b->p, n);
	b->alloc = n;
	return ST_OK;
}

enum status buf_append(struct buf *b, const void *p, size_t n)
{
	enum status rc = grow(b, n);
	if (rc != ST_OK)
		return rc;
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return ST_OK;
}

enum status buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

enum status buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

enum status buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		BUG("bad format \"%s\"", fmt);
	enum status rc = grow(b, (size_t)n);
	if (rc != ST_OK)
		return rc;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return ST_OK;
}

enum status buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enum status rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void bwn(struct buf *b, const void *p, size_t n)
{
	if (buf_append(b, p, n) != ST_OK)
		b->is_too_large = 1;
}

void bw(struct buf *b, const char *s)
{
	bwn(b, s, strlen(s));
}

void bwc(struct buf *b, char c)
{
	bwn(b, &c, 1);
}

void bwf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (buf_vprintf(b, fmt, ap) != ST_OK)
		b->is_too_large = 1;
	va_end(ap);
}

enum status buf_status(const struct buf *b)
{
	return b->is_too_large ? ST_TOO_LARGE : ST_OK;
}
