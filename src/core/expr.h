/* expr.h - the formula of a formula indicator: arithmetic over other indicators' values, e.g.
 * "other_invention_patents_stock / last(population)". Numbers, indicator codes (letters,
 * digits and '_'; a code with '-' cannot be named), + - * /, parentheses, unary minus, and
 * last(code): the code's latest value at or before the period (for slow-moving denominators
 * such as population, which statistics publish less often). Pure; input is untrusted: length,
 * depth and size are capped and every error names its position. */
#ifndef INNOMON_CORE_EXPR_H
#define INNOMON_CORE_EXPR_H

#include <stddef.h>

#include "base/arena.h"

#define EXPR_MAX_BYTES 1024u
#define EXPR_MAX_DEPTH 32u
#define EXPR_MAX_NODES 256u

enum expr_op { EXPR_NUM, EXPR_REF, EXPR_LAST, EXPR_NEG, EXPR_ADD, EXPR_SUB, EXPR_MUL, EXPR_DIV };

struct expr {
	enum expr_op op;
	double num;          /* EXPR_NUM */
	const char *code;    /* EXPR_REF, EXPR_LAST */
	struct expr *a, *b;  /* operands (a only for EXPR_NEG) */
};

/* Parse s[0..len) into a tree in arena. Returns NULL on error with *err_at (byte offset) and
 * *err (a static English sentence) set. */
struct expr *expr_parse(struct arena *arena, const char *s, size_t len, size_t *err_at, const char **err);

/* Every code the expression names (in order, repeats kept), into codes[0..max); returns how many
 * there are (which may exceed max). */
size_t expr_refs(const struct expr *e, const char **codes, size_t max);

/* The value of a reference: 1 and *out when known, 0 when missing. is_last asks for the latest
 * value at or before the period instead of the period's own. */
typedef int (*expr_lookup_fn)(void *ctx, const char *code, int is_last, double *out);

/* x op y for op EXPR_ADD, EXPR_SUB, EXPR_MUL or EXPR_DIV: 1 and *out, or 0 when undefined (a
 * division by zero, a non-finite result, another op). The one arithmetic of formulas and of
 * registry definitions (core/derive). */
int expr_arith(enum expr_op op, double x, double y, double *out);

/* Evaluate e. Returns 1 and *out on success, 0 when a value is missing or the arithmetic is
 * undefined (division by zero, a non-finite result). */
int expr_eval(const struct expr *e, expr_lookup_fn lookup, void *ctx, double *out);

#endif
