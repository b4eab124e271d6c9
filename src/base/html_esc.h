/* html_esc.h - the one HTML/XML escaper of innomon and the writers built on it, for the web
 * pages (src/web/), the HTML report and the SVG charts (src/report/). Escaping is the default:
 * hf() formats like printf but every %s and %c is escaped; markup that is not a string literal
 * is written only through h_raw(), whose name marks it for review. Plain text that is built in
 * a scratch buffer and escaped later is written with tf()/tw(). tools/check_escape.py (run by
 * tools/lint.sh) holds every HTML-writing file to this: docs/escaping.md. */
#ifndef INNOMON_BASE_HTML_ESC_H
#define INNOMON_BASE_HTML_ESC_H

#include <stdarg.h>
#include <stddef.h>

#include "base/buf.h"

/* Append s as HTML text or as a quoted attribute value (also valid XML 1.0): & < > " ' become
 * entities; invalid UTF-8, C0 controls other than tab, newline and carriage return, and
 * U+FFFE/U+FFFF become U+FFFD, so the markup stays well-formed whatever s holds. NULL writes
 * nothing. Borrows s. Cannot fail (refusal shows in the buf's sticky flag). */
void html_esc(struct buf *b, const char *s);
/* The same for the first n bytes of s (a sequence cut at n becomes U+FFFD). */
void html_escn(struct buf *b, const char *s, size_t n);
/* Percent-encode s for a URL path segment or query value: only A-Z a-z 0-9 - _ . ~ pass, so
 * the result is also safe in an HTML attribute. NULL writes nothing. */
void url_esc(struct buf *b, const char *s);

/* 1 when u may become a link's href: it starts with http:// or https:// (a stored URL is data:
 * javascript:, data: and relative URLs stay text). */
int html_url_is_web(const char *u);

/* printf into HTML: the format string is markup written as is (a literal the compiler checks
 * against the arguments); %s and %c arguments are escaped with html_esc (a NULL %s writes
 * nothing); numbers are formatted as printf formats them. Supported conversions: d i u o x X
 * with hh h l ll z j t, f F e E g G a A with L, c, s (precision allowed: %.*s), %%. Flags and
 * field width apply to numbers only; anything else is a BUG. Cannot fail (sticky flag). */
void hf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void hvf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Append markup that is not a string literal, unescaped: a fragment built by an escaping
 * writer, a constant style sheet. The call site says why in a raw: comment (the lint checks). */
void h_raw(struct buf *b, const char *markup);

/* Plain text into a scratch buffer that is not HTML (a tooltip, a message, a URL) and is
 * escaped when it reaches a page: printf and append, unescaped. */
void tf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tw(struct buf *b, const char *text);

#endif
