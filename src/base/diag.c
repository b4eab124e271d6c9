/* diag.c - diagnostic list. */
#include <stdarg.h>
#include <string.h>

#include "base/diag.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "base/banned.h"

#define DIAG_VALUE_MAX_BYTES 80u

void diag_init(struct diag_list *l, struct arena *arena)
{
	memset(l, 0, sizeof(*l));
	l->arena = arena;
	l->max = DIAG_DEFAULT_MAX;
}

static struct diag *vadd(struct diag_list *l, int is_warning, const char *file, long line, int col,
			 const char *field, const char *code, const char *fmt, va_list ap) __attribute__((format(printf, 8, 0)));

static struct diag *vadd(struct diag_list *l, int is_warning, const char *file, long line, int col,
			 const char *field, const char *code, const char *fmt, va_list ap)
{
	if (!is_warning)
		l->n_errors++;
	if (l->n >= l->max) {
		l->n_dropped++;
		return NULL;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct diag *items = arena_alloc(l->arena, cap * sizeof(*items));
		if (l->n)
			memcpy(items, l->items, l->n * sizeof(*items));
		l->items = items;
		l->cap = cap;
	}
	struct diag *d = &l->items[l->n++];
	memset(d, 0, sizeof(*d));
	d->file = file ? arena_strdup(l->arena, file) : NULL;
	d->line = line;
	d->col = col;
	d->field = field ? arena_strdup(l->arena, field) : NULL;
	d->code = code ? arena_strdup(l->arena, code) : "invalid";
	d->msg = arena_vprintf(l->arena, fmt, ap);
	d->is_warning = is_warning;
	return d;
}

struct diag *diag_add(struct diag_list *l, const char *file, long line, int col, const char *field,
		      const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct diag *d = vadd(l, 0, file, line, col, field, code, fmt, ap);
	va_end(ap);
	return d;
}

struct diag *diag_warn(struct diag_list *l, const char *file, long line, int col, const char *field,
		       const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct diag *d = vadd(l, 1, file, line, col, field, code, fmt, ap);
	va_end(ap);
	return d;
}

size_t diag_count(const struct diag_list *l)
{
	return l->n + l->n_dropped;
}

struct diag *diag_add_at(struct diag_list *l, size_t at, const char *file, long line, int col, const char *field,
			 const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	/* at or past the end, or where the list was full already: an ordinary add */
	int is_inside = at < l->n;
	int was_full = is_inside && l->n >= l->max;
	if (was_full)
		l->max++; /* room for a moment: the last one listed makes way below */
	struct diag *d = vadd(l, 0, file, line, col, field, code, fmt, ap);
	va_end(ap);
	if (!is_inside || !d)
		return d;
	struct diag added = *d;
	memmove(&l->items[at + 1], &l->items[at], (l->n - 1 - at) * sizeof(*l->items));
	l->items[at] = added;
	if (was_full) {
		l->max--;
		l->n--;
		l->n_dropped++;
	}
	return &l->items[at];
}

void diag_set_value(struct diag_list *l, struct diag *d, const char *value, size_t len)
{
	if (!d) /* dropped past the cap */
		return;
	if (len > DIAG_VALUE_MAX_BYTES)
		len = utf8_floor(value, DIAG_VALUE_MAX_BYTES);
	d->value = arena_strndup(l->arena, value, len);
}

size_t diag_errors(const struct diag_list *l)
{
	return l->n_errors;
}

void diag_print(const struct diag_list *l, FILE *out)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct diag *d = &l->items[i];
		if (d->file)
			fprintf(out, "%s", d->file);
		if (d->sheet)
			fprintf(out, "[%s]", d->sheet);
		if (d->line)
			fprintf(out, ":%ld", d->line);
		if (d->line && d->col)
			fprintf(out, ":%d", d->col);
		fprintf(out, "%s%s: %s", d->file ? ": " : "", d->is_warning ? "warning" : "error", d->msg);
		if (d->field && d->value)
			fprintf(out, " (column '%s', value '%s')", d->field, d->value);
		else if (d->field)
			fprintf(out, " (column '%s')", d->field);
		else if (d->value)
			fprintf(out, " (value '%s')", d->value);
		fputc('\n', out);
	}
	if (l->n_dropped)
		fprintf(out, "... and %zu more\n", l->n_dropped);
}
