/* derive.h - the definition of a derived indicator: a value computed from registry records
 * (core/registry.h) for one region and one period. Pure; definitions are untrusted text: length,
 * depth and size are capped and every error names its byte position and reason.
 *
 * Grammar (docs/registries.md has examples); spaces between tokens are free:
 *   expr    := term (('+' | '-') term)*
 *   term    := factor (('*' | '/') factor)*
 *   factor  := NUMBER | '(' expr ')' | '-' factor
 *            | 'count' '(' KIND ['where' cond] ')'
 *            | 'sum' '(' KIND '.' FIELD ['where' cond] ')'      (FIELD a number field)
 *   cond    := conj ('or' conj)*
 *   conj    := unary ('and' unary)*
 *   unary   := 'not' unary | '(' cond ')' | atom
 *   atom    := operand CMP operand            CMP: = != < <= > >=
 *            | FIELD 'is' ['not'] 'null'
 *            | FIELD 'in' 'period'            (date field: inside the period; year field: its year)
 *            | 'valid_on' '(' operand ')'     (enterprises: valid_from <= d and (valid_to is
 *                                              null or valid_to >= d))
 *   operand := FIELD | STRING | NUMBER | 'period_start' | 'period_end' | 'period_year'
 * KIND is enterprises, contracts, patents, platforms, talents or firms; FIELD a field of that kind;
 * STRING is "..." (no escapes), compared with a date field it must be a date YYYY-MM-DD.
 * Only the records of the region or of a region below it (every parent link) count. A
 * comparison with an empty field is false. */
#ifndef INNOMON_CORE_DERIVE_H
#define INNOMON_CORE_DERIVE_H

#include <stddef.h>

#include "base/arena.h"
#include "core/registry.h"

#define DERIVE_MAX_BYTES 1024u
#define DERIVE_MAX_DEPTH 32u
#define DERIVE_MAX_NODES 256u

struct derive; /* a parsed definition, in the arena it was parsed into */

/* Parse s[0..len) into arena. Returns NULL on error with *err_at (byte offset, <= len) and
 * *err (a static English sentence) set. */
struct derive *derive_parse(struct arena *arena, const char *s, size_t len, size_t *err_at, const char **err);

/* Bit (1u << kind) for every registry the definition reads. */
unsigned derive_kinds(const struct derive *d);

/* The records of each kind (sets[k] for kind k; borrowed). */
struct reg_set {
	const struct reg_record *recs;
	size_t n;
};

/* When to evaluate: the period's dates "YYYY-MM-DD" and its year. */
struct derive_ctx {
	const char *period_start, *period_end;
	int year;
};

/* Evaluate d for every region at once, each record's condition once: up[r * n_regions + g] is
 * 1 when a record of region r counts for region g (reg_region_scope of g holds r). out[g] and
 * ok[g] for every g < n_regions: ok[g] 0 when the arithmetic is undefined there (a division
 * by zero, a non-finite result). No record of a kind counts 0 and sums 0. Aborts when out of
 * memory (base/xalloc). */
void derive_eval_regions(const struct derive *d, const struct reg_set *sets, const struct derive_ctx *ctx,
			 const unsigned char *up, size_t n_regions, double *out, unsigned char *ok);

/* The first and last year any record the definition reads mentions (any date or year field),
 * the last capped at max_year. Returns 0 when there is no such year. */
int derive_years(const struct derive *d, const struct reg_set *sets, int max_year, int *first, int *last);

#endif
