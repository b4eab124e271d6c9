/* expr.c - a recursive-descent parser and evaluator for formulas (see expr.h). Pure. */
#include <math.h>
#include <string.h>

#include "base/num.h"
#include "core/expr.h"
#include "base/banned.h"

struct parser {
	struct arena *arena;
	const char *s;
	size_t len, pos;
	unsigned depth, nodes;
	const char *err;
	size_t err_at;
};

static void fail(struct parser *p, const char *msg)
{
	if (!p->err) {
		p->err = msg;
		p->err_at = p->pos;
	}
}

static void skip_space(struct parser *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t'))
		p->pos++;
}

static struct expr *node(struct parser *p, enum expr_op op)
{
	if (++p->nodes > EXPR_MAX_NODES) {
		fail(p, "the formula is too long");
		return NULL;
	}
	struct expr *e = arena_calloc(p->arena, 1, sizeof(*e));
	e->op = op;
	return e;
}

static int is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_ident(char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9') || c == '_';
}

static struct expr *parse_expr(struct parser *p);

static struct expr *parse_factor(struct parser *p)
{
	skip_space(p);
	if (p->err)
		return NULL;
	if (++p->depth > EXPR_MAX_DEPTH) {
		fail(p, "the formula nests too deeply");
		return NULL;
	}
	struct expr *e = NULL;
	if (p->pos >= p->len) {
		fail(p, "the formula ends where a number, a code or '(' was expected");
	} else if (p->s[p->pos] == '(') {
		p->pos++;
		e = parse_expr(p);
		skip_space(p);
		if (!p->err && (p->pos >= p->len || p->s[p->pos] != ')'))
			fail(p, "a ')' is missing");
		else
			p->pos++;
	} else if (p->s[p->pos] == '-') {
		p->pos++;
		e = node(p, EXPR_NEG);
		if (e)
			e->a = parse_factor(p);
	} else if ((p->s[p->pos] >= '0' && p->s[p->pos] <= '9') || p->s[p->pos] == '.') {
		size_t start = p->pos;
		while (p->pos < p->len && ((p->s[p->pos] >= '0' && p->s[p->pos] <= '9') || p->s[p->pos] == '.' ||
					   p->s[p->pos] == 'e' || p->s[p->pos] == 'E' ||
					   ((p->s[p->pos] == '+' || p->s[p->pos] == '-') && p->pos > start &&
					    (p->s[p->pos - 1] == 'e' || p->s[p->pos - 1] == 'E'))))
			p->pos++;
		double v;
		if (!num_parse_double((struct str){p->s + start, p->pos - start}, &v)) {
			p->pos = start;
			fail(p, "this is not a number");
		} else if ((e = node(p, EXPR_NUM)) != NULL) {
			e->num = v;
		}
	} else if (is_ident_start(p->s[p->pos])) {
		size_t start = p->pos;
		while (p->pos < p->len && is_ident(p->s[p->pos]))
			p->pos++;
		size_t n = p->pos - start;
		skip_space(p);
		if (n == 4 && memcmp(p->s + start, "last", 4) == 0 && p->pos < p->len && p->s[p->pos] == '(') {
			p->pos++;
			skip_space(p);
			size_t cs = p->pos;
			while (p->pos < p->len && is_ident(p->s[p->pos]))
				p->pos++;
			if (p->pos == cs || !is_ident_start(p->s[cs])) {
				p->pos = cs;
				fail(p, "last() takes an indicator code");
			} else if ((e = node(p, EXPR_LAST)) != NULL) {
				e->code = arena_strndup(p->arena, p->s + cs, p->pos - cs);
				skip_space(p);
				if (p->pos >= p->len || p->s[p->pos] != ')')
					fail(p, "a ')' is missing after last(code");
				else
					p->pos++;
			}
		} else if ((e = node(p, EXPR_REF)) != NULL) {
			e->code = arena_strndup(p->arena, p->s + start, n);
		}
	} else {
		fail(p, "a number, a code or '(' was expected here");
	}
	p->depth--;
	return p->err ? NULL : e;
}

static struct expr *parse_term(struct parser *p)
{
	struct expr *e = parse_factor(p);
	for (;;) {
		skip_space(p);
		if (p->err || p->pos >= p->len || (p->s[p->pos] != '*' && p->s[p->pos] != '/'))
			return p->err ? NULL : e;
		struct expr *n = node(p, p->s[p->pos] == '*' ? EXPR_MUL : EXPR_DIV);
		p->pos++;
		if (!n)
			return NULL;
		n->a = e;
		n->b = parse_factor(p);
		e = n;
	}
}

static struct expr *parse_expr(struct parser *p)
{
	if (++p->depth > EXPR_MAX_DEPTH) {
		fail(p, "the formula nests too deeply");
		return NULL;
	}
	struct expr *e = parse_term(p);
	for (;;) {
		skip_space(p);
		if (p->err || p->pos >= p->len || (p->s[p->pos] != '+' && p->s[p->pos] != '-'))
			break;
		struct expr *n = node(p, p->s[p->pos] == '+' ? EXPR_ADD : EXPR_SUB);
		p->pos++;
		if (!n)
			break;
		n->a = e;
		n->b = parse_term(p);
		e = n;
	}
	p->depth--;
	return p->err ? NULL : e;
}

struct expr *expr_parse(struct arena *arena, const char *s, size_t len, size_t *err_at, const char **err)
{
	struct parser p = {arena, s, len, 0, 0, 0, NULL, 0};
	if (len > EXPR_MAX_BYTES) {
		*err_at = EXPR_MAX_BYTES;
		*err = "the formula is longer than 1024 bytes";
		return NULL;
	}
	struct expr *e = parse_expr(&p);
	skip_space(&p);
	if (!p.err && p.pos < len)
		fail(&p, "unexpected text after the formula");
	if (p.err) {
		*err_at = p.err_at;
		*err = p.err;
		return NULL;
	}
	return e;
}

size_t expr_refs(const struct expr *e, const char **codes, size_t max)
{
	if (!e)
		return 0;
	size_t n = 0;
	if (e->op == EXPR_REF || e->op == EXPR_LAST) {
		if (max)
			codes[0] = e->code;
		return 1;
	}
	n += expr_refs(e->a, codes, max);
	n += expr_refs(e->b, n < max ? codes + n : codes, n < max ? max - n : 0);
	return n;
}

int expr_eval(const struct expr *e, expr_lookup_fn lookup, void *ctx, double *out)
{
	double x, y;
	switch (e->op) {
	case EXPR_NUM:
		*out = e->num;
		return 1;
	case EXPR_REF:
	case EXPR_LAST:
		return lookup(ctx, e->code, e->op == EXPR_LAST, out);
	case EXPR_NEG:
		if (!expr_eval(e->a, lookup, ctx, &x))
			return 0;
		*out = -x;
		return 1;
	default:
		break;
	}
	if (!expr_eval(e->a, lookup, ctx, &x) || !expr_eval(e->b, lookup, ctx, &y))
		return 0;
	return expr_arith(e->op, x, y, out);
}

int expr_arith(enum expr_op op, double x, double y, double *out)
{
	switch (op) {
	case EXPR_ADD: *out = x + y; break;
	case EXPR_SUB: *out = x - y; break;
	case EXPR_MUL: *out = x * y; break;
	case EXPR_DIV:
		if (y == 0)
			return 0;
		*out = x / y;
		break;
	default:
		return 0;
	}
	return isfinite(*out);
}
