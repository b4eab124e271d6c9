/* arena.h - region allocator: many allocations, one release.
 * Lifetimes in innomon are arenas: a request, an import batch, a CLI command.
 * Non-memory resources (statements, json values, files) register a cleanup with
 * arena_on_free and are released, newest first, when the arena is reset or freed. */
#ifndef INNOMON_BASE_ARENA_H
#define INNOMON_BASE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* New empty arena; caller frees with arena_free. Cannot fail (aborts on OOM). */
struct arena *arena_new(void);
/* Run cleanups and release all memory, including the arena itself. NULL is allowed. */
void arena_free(struct arena *a);
/* Run cleanups and forget every allocation, keeping the first block for reuse. */
void arena_reset(struct arena *a);

/* n bytes aligned for any type, never NULL; lives until the arena is reset or freed. */
void *arena_alloc(struct arena *a, size_t n);
/* Like arena_alloc but zero-filled; n * size is checked for overflow. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
/* Copies of strings into the arena, NUL-terminated. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Bytes allocated from the arena so far (for limits and tests). */
size_t arena_used(const struct arena *a);

/* Register fn(ptr) to run when the arena is reset or freed (newest first). */
void arena_on_free(struct arena *a, void (*fn)(void *), void *ptr);

#endif
