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
#include <stdint.h>

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

/* ---- evaluation ---- */

/* The aggregates (count or sum) of d, numbered in the order written: d's value is arithmetic
 * over their totals. Each reads one registry; a sum's total is in millionths of the field's
 * unit (whole numbers: totals add exactly, in any order). */
size_t derive_n_leaves(const struct derive *d);
enum reg_kind derive_leaf_kind(const struct derive *d, size_t i);
int derive_leaf_is_sum(const struct derive *d, size_t i);
/* Bit ((uint64_t)1 << f) for every field f of registry kind that d's aggregates compare or sum. */
uint64_t derive_fields(const struct derive *d, enum reg_kind kind);

/* A span of years first .. first + n - 1 (at most DERIVE_MAX_YEARS), and its bits. */
#define DERIVE_MAX_YEARS 320
#define DERIVE_YEAR_WORDS ((DERIVE_MAX_YEARS + 63) / 64)
struct derive_years {
	int first, n, n_words;
};
void derive_years_init(struct derive_years *ys, int first, int n_years);

/* What record row adds to aggregate i: the years of ys its condition holds in (bit k for year
 * first + k, in bits[DERIVE_YEAR_WORDS]) and *value, the amount it adds in each (1 for a count;
 * a sum's field in millionths). Returns 0 when it adds to no year (its sum field empty, or past
 * REG_NUMBER_MAX). The period of year y runs from y-01-01 to y-12-31. */
int derive_leaf_years(const struct derive *d, size_t i, const struct reg_row *row, const struct derive_years *ys,
		      uint64_t *bits, int64_t *value);

/* The plain form most definitions' aggregates take, for a scan of millions of records to add
 * without the general evaluation: 1 when aggregate i has no condition (*period_field -1) or
 * exactly `FIELD in period` (*period_field that field; the record counts in the year
 * derive_period_year gives); *sum_field the field a sum adds (-1: a count). 0 for any other
 * condition: derive_leaf_years then. What a plain aggregate adds is what derive_leaf_years
 * gives (tests/unit/ingest/test_derived.c compares the two ways). */
int derive_leaf_plain(const struct derive *d, size_t i, int *period_field, int *sum_field);

/* x rounded to the nearest whole number, halves away from zero: llround(x), to the bit, for
 * |x| < 2^63, without its call (a recompute rounds every amount). x less its truncation is
 * exact (it is below 1 and the two share their leading bits), so the comparisons with 0.5
 * decide as llround does. */
static inline int64_t derive_round(double x)
{
	int64_t t = (int64_t)x;
	double frac = x - (double)t;
	return frac >= 0.5 ? t + 1 : frac <= -0.5 ? t - 1 : t;
}

/* A sum's amount v in millionths of its unit: 1 and *out, or 0 when it cannot be added exactly
 * (past REG_NUMBER_MAX, not finite). */
static inline int derive_amount(double v, int64_t *out)
{
	if (!(v <= REG_NUMBER_MAX && v >= -REG_NUMBER_MAX))
		return 0; /* a number past what the import accepts (or not finite): it cannot be added exactly */
	*out = derive_round(v * 1e6);
	return 1;
}

/* The year `FIELD in period` compares for row's field f (not empty): a date's year (is_date),
 * else a year field's number. */
static inline int derive_period_year(const struct reg_row *row, int f, int is_date)
{
	return is_date ? row->date[f] / 10000 : (int)row->num[f];
}

/* d's value from the totals of its aggregates (totals[i] for aggregate i) of one region and
 * year: 1 and *out, or 0 when the arithmetic is undefined there (a division by zero, a
 * non-finite result). */
int derive_value(const struct derive *d, const int64_t *totals, double *out);

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

/* Evaluate d for every region at once in the year of ctx (its period the calendar year):
 * up[r * n_regions + g] is 1 when a record of region r counts for region g (reg_region_scope
 * of g holds r). out[g] and ok[g] for every g < n_regions: ok[g] 0 when the arithmetic is
 * undefined there (a division by zero, a non-finite result). No record of a kind counts 0 and
 * sums 0. The same totals and arithmetic as derive_leaf_years and derive_value (a convenience
 * for small sets of records). Aborts when out of memory (base/xalloc). */
void derive_eval_regions(const struct derive *d, const struct reg_set *sets, const struct derive_ctx *ctx,
			 const unsigned char *up, size_t n_regions, double *out, unsigned char *ok);

/* The first and last year any record the definition reads mentions (any date or year field),
 * the last capped at max_year. Returns 0 when there is no such year. */
int derive_years(const struct derive *d, const struct reg_set *sets, int max_year, int *first, int *last);

#endif
