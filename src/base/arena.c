/* arena.c - chunked bump allocator with cleanup callbacks (nginx pools, PG memory contexts). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/xalloc.h"
#include "base/banned.h"

#define ARENA_BLOCK_BYTES 8192u
#define ARENA_ALIGN _Alignof(max_align_t)

struct arena_block {
	struct arena_block *next;
	size_t cap;
	size_t used;
	_Alignas(max_align_t) unsigned char data[];
};

struct arena_cleanup {
	struct arena_cleanup *next;
	void (*fn)(void *);
	void *ptr;
};

struct arena {
	struct arena_block *head; /* newest block first; the last one is kept by reset */
	struct arena_cleanup *cleanups;
	size_t used;
	size_t next_block;        /* size of the next block: doubles up to ARENA_BLOCK_MAX_BYTES */
};

#define ARENA_BLOCK_MAX_BYTES (1u << 20)

static struct arena_block *block_new(size_t min)
{
	size_t cap = min > ARENA_BLOCK_BYTES ? min : ARENA_BLOCK_BYTES;
	struct arena_block *b = xmalloc(sizeof(*b) + cap);
	b->next = NULL;
	b->cap = cap;
	b->used = 0;
	return b;
}

struct arena *arena_new(void)
{
	struct arena *a = xcalloc(1, sizeof(*a));
	a->head = block_new(0);
	return a;
}

static void run_cleanups(struct arena *a)
{
	while (a->cleanups) {
		struct arena_cleanup *c = a->cleanups;
		a->cleanups = c->next;
		c->fn(c->ptr);
	}
}

void arena_reset(struct arena *a)
{
	run_cleanups(a);
	while (a->head->next) {
		struct arena_block *b = a->head;
		a->head = b->next;
		free(b);
	}
	a->head->used = 0;
	a->used = 0;
	a->next_block = 0;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	arena_reset(a);
	free(a->head);
	free(a);
}

void *arena_alloc(struct arena *a, size_t n)
{
	size_t pad = (ARENA_ALIGN - (a->head->used % ARENA_ALIGN)) % ARENA_ALIGN;
	if (n > SIZE_MAX / 2)
		BUG("arena_alloc of %zu bytes", n);
	if (a->head->used + pad + n > a->head->cap) {
		/* big arenas get big blocks: fewer mallocs for an import of a million cells */
		if (a->next_block < ARENA_BLOCK_MAX_BYTES)
			a->next_block = a->next_block ? a->next_block * 2 : 2 * ARENA_BLOCK_BYTES;
		struct arena_block *b = block_new(n > a->next_block ? n : a->next_block);
		b->next = a->head;
		a->head = b;
		pad = 0;
	}
	void *p = a->head->data + a->head->used + pad;
	a->head->used += pad + n;
	a->used += n;
	return p;
}

void *arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		BUG("arena_calloc overflow %zu x %zu", n, size);
	void *p = arena_alloc(a, n * size);
	memset(p, 0, n * size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		BUG("bad format \"%s\"", fmt);
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

size_t arena_used(const struct arena *a)
{
	return a->used;
}

void arena_on_free(struct arena *a, void (*fn)(void *), void *ptr)
{
	struct arena_cleanup *c = arena_alloc(a, sizeof(*c));
	c->fn = fn;
	c->ptr = ptr;
	c->next = a->cleanups;
	a->cleanups = c;
}
