/* buf.h - growable byte buffer with a hard cap, always NUL-terminated (curl dynbuf + git strbuf).
 * Invariant: p[len] == '\0' whenever p != NULL; len < cap_max. Only buf_* functions write the fields.
 * Appends past cap_max fail with ST_TOO_LARGE and leave the content unchanged. */
#ifndef INNOMON_BASE_BUF_H
#define INNOMON_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "base/status.h"

struct buf {
	char *p;        /* heap memory owned by the buf; NULL until first append */
	size_t len;     /* bytes in use, excluding the terminating NUL */
	size_t alloc;   /* bytes allocated */
	size_t cap_max; /* hard limit on len + 1 */
	int is_too_large; /* sticky: some append was refused */
};

#define BUF_DEFAULT_MAX ((size_t)256 << 20)

/* Start empty with a size limit (0 means BUF_DEFAULT_MAX). Cannot fail. */
void buf_init(struct buf *b, size_t cap_max);
/* Free the memory; the buf can be reused after buf_init. */
void buf_release(struct buf *b);
/* Empty it, keeping the memory. */
void buf_reset(struct buf *b);
/* Hand the heap string to the caller (caller frees); the buf becomes empty. Never NULL. */
char *buf_detach(struct buf *b, size_t *len);
/* The content as a C string (never NULL; "" when empty); borrowed until the next write. */
const char *buf_str(const struct buf *b);

enum status buf_append(struct buf *b, const void *p, size_t n) WUR;
enum status buf_puts(struct buf *b, const char *s) WUR;
enum status buf_putc(struct buf *b, char c) WUR;
enum status buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3))) WUR;
enum status buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0))) WUR;

/* Writers that remember refusal in is_too_large instead of returning it, for long
 * stretches of output (pages, reports) checked once at the end with buf_status. */
void bw(struct buf *b, const char *s);
void bwn(struct buf *b, const void *p, size_t n);
void bwf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void bwc(struct buf *b, char c);
/* ST_TOO_LARGE if any append was refused since init/reset, else ST_OK. */
enum status buf_status(const struct buf *b) WUR;

#endif
