/* xalloc.h - allocation wrappers that abort with a message on out-of-memory.
 * Hostile input never reaches them with a huge size: callers check caps first. */
#ifndef INNOMON_BASE_XALLOC_H
#define INNOMON_BASE_XALLOC_H

#include <stddef.h>

/* Like malloc/calloc/realloc/strdup but never return NULL (abort instead). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* Programmer error: log file:line and the message, then abort. Never used to reject input. */
#define BUG(...) bug_at(__FILE__, __LINE__, __VA_ARGS__)
_Noreturn void bug_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
