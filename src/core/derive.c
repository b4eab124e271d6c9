/* derive.c - a recursive-descent parser and evaluator for derived-indicator definitions (see
 * derive.h). The arithmetic mirrors core/expr.c; the conditions are typed at parse time, so a
 * definition that parses never compares a date with a number. Pure. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "base/xalloc.h"
#include "core/derive.h"
#include "core/expr.h"
#include "base/banned.h"

enum dv_op { DV_NUM, DV_COUNT, DV_SUM, DV_NEG, DV_ADD, DV_SUB, DV_MUL, DV_DIV };
enum dc_op { DC_AND, DC_OR, DC_NOT, DC_CMP, DC_IS_NULL, DC_NOT_NULL, DC_IN_PERIOD, DC_VALID_ON };
enum cmp { K_EQ, K_NE, K_LT, K_LE, K_GT, K_GE };
enum vtype { V_TEXT, V_DATE, V_NUM };
enum opnd_kind { O_FIELD, O_STR, O_NUM, O_PSTART, O_PEND, O_PYEAR };

struct operand {
	enum opnd_kind kind;
	enum vtype type;
	int field;        /* O_FIELD */
	const char *str;  /* O_STR */
	double num;       /* O_NUM */
};

struct cond {
	enum dc_op op;
	enum cmp cmp;
	struct operand l, r;  /* DC_CMP; l for DC_VALID_ON */
	int field;            /* DC_IS_NULL, DC_NOT_NULL, DC_IN_PERIOD */
	struct cond *a, *b;
};

struct derive {
	enum dv_op op;
	double num;
	enum reg_kind kind;   /* DV_COUNT, DV_SUM */
	int field;            /* DV_SUM */
	struct cond *where;   /* NULL: every record */
	struct derive *a, *b;
};

struct parser {
	struct arena *arena;
	const char *s;
	size_t len, pos;
	unsigned depth, nodes;
	const char *err;
	size_t err_at;
	enum reg_kind kind; /* the registry of the aggregate being parsed */
};

static void fail_at(struct parser *p, size_t at, const char *msg)
{
	if (!p->err) {
		p->err = msg;
		p->err_at = at;
	}
}

static void fail(struct parser *p, const char *msg)
{
	fail_at(p, p->pos, msg);
}

static void *node(struct parser *p, size_t size)
{
	if (++p->nodes > DERIVE_MAX_NODES) {
		fail(p, "the definition is too long");
		return NULL;
	}
	return arena_calloc(p->arena, 1, size);
}

static void skip_space(struct parser *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
		p->pos++;
}

static int is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_ident(char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

/* The identifier at the current position (after spaces): its length, 0 when none. */
static size_t peek_ident(struct parser *p)
{
	skip_space(p);
	size_t n = 0;
	if (p->pos < p->len && is_ident_start(p->s[p->pos]))
		while (p->pos + n < p->len && is_ident(p->s[p->pos + n]))
			n++;
	return n;
}

static int ident_is(struct parser *p, size_t n, const char *word)
{
	return n == strlen(word) && memcmp(p->s + p->pos, word, n) == 0;
}

/* Consume keyword word when it is next. */
static int accept_word(struct parser *p, const char *word)
{
	size_t n = peek_ident(p);
	if (n && ident_is(p, n, word)) {
		p->pos += n;
		return 1;
	}
	return 0;
}

static int accept_char(struct parser *p, char c)
{
	skip_space(p);
	if (p->pos < p->len && p->s[p->pos] == c) {
		p->pos++;
		return 1;
	}
	return 0;
}

static void expect_char(struct parser *p, char c, const char *msg)
{
	if (!p->err && !accept_char(p, c))
		fail(p, msg);
}

static int enter(struct parser *p)
{
	if (++p->depth > DERIVE_MAX_DEPTH) {
		fail(p, "the definition nests too deeply");
		return 0;
	}
	return 1;
}

static int parse_number(struct parser *p, double *out)
{
	size_t start = p->pos;
	while (p->pos < p->len && ((p->s[p->pos] >= '0' && p->s[p->pos] <= '9') || p->s[p->pos] == '.' || p->s[p->pos] == 'e' ||
				   p->s[p->pos] == 'E' ||
				   ((p->s[p->pos] == '+' || p->s[p->pos] == '-') && p->pos > start &&
				    (p->s[p->pos - 1] == 'e' || p->s[p->pos - 1] == 'E'))))
		p->pos++;
	if (!num_parse_double((struct str){p->s + start, p->pos - start}, out)) {
		fail_at(p, start, "this is not a number");
		return 0;
	}
	return 1;
}

static enum vtype field_vtype(enum reg_kind k, int f)
{
	enum reg_type t = reg_kind_info(k)->fields[f].type;
	return t == RT_DATE ? V_DATE : (t == RT_NUMBER || t == RT_YEAR) ? V_NUM : V_TEXT;
}

/* A field name of the current kind; -1 (error set) when it is not one. */
static int parse_field(struct parser *p, size_t n)
{
	int f = reg_field_find(p->kind, p->s + p->pos, n);
	if (f < 0)
		fail(p, "no such field in this registry (docs/registries.md lists them)");
	else
		p->pos += n;
	return f;
}

static void parse_operand(struct parser *p, struct operand *o)
{
	skip_space(p);
	memset(o, 0, sizeof(*o));
	if (p->pos >= p->len) {
		fail(p, "the definition ends where a field, a string or a number was expected");
		return;
	}
	char c = p->s[p->pos];
	if (c == '"') {
		size_t start = ++p->pos;
		while (p->pos < p->len && p->s[p->pos] != '"')
			p->pos++;
		if (p->pos >= p->len) {
			fail_at(p, start - 1, "a string is not closed with '\"'");
			return;
		}
		o->kind = O_STR;
		o->type = V_TEXT;
		o->str = arena_strndup(p->arena, p->s + start, p->pos - start);
		p->pos++;
	} else if ((c >= '0' && c <= '9') || c == '.') {
		o->kind = O_NUM;
		o->type = V_NUM;
		parse_number(p, &o->num);
	} else {
		size_t n = peek_ident(p);
		if (n == 0) {
			fail(p, "a field, a string or a number was expected here");
		} else if (ident_is(p, n, "period_start") || ident_is(p, n, "period_end")) {
			o->kind = ident_is(p, n, "period_start") ? O_PSTART : O_PEND;
			o->type = V_DATE;
			p->pos += n;
		} else if (ident_is(p, n, "period_year")) {
			o->kind = O_PYEAR;
			o->type = V_NUM;
			p->pos += n;
		} else {
			o->kind = O_FIELD;
			o->field = parse_field(p, n);
			if (o->field >= 0)
				o->type = field_vtype(p->kind, o->field);
		}
	}
}

/* Make the two sides of a comparison agree: a string beside a date must be a date. */
static void type_check(struct parser *p, struct operand *l, struct operand *r, size_t at)
{
	struct operand *sides[2] = {l, r};
	for (int i = 0; i < 2; i++) {
		struct operand *x = sides[i], *y = sides[1 - i];
		if (x->kind == O_STR && y->type == V_DATE) {
			if (!reg_date_valid(x->str, strlen(x->str))) {
				fail_at(p, at, "a date is compared with a string that is not a date YYYY-MM-DD");
				return;
			}
			x->type = V_DATE;
		}
	}
	if (l->type != r->type)
		fail_at(p, at, l->type == V_NUM || r->type == V_NUM ? "a number can only be compared with a number"
								     : "a date can only be compared with a date");
}

static struct cond *parse_cond(struct parser *p);

static struct cond *parse_atom(struct parser *p)
{
	size_t start;
	skip_space(p);
	start = p->pos;
	size_t n = peek_ident(p);
	if (n && ident_is(p, n, "valid_on")) {
		p->pos += n;
		if (p->kind != REG_ENTERPRISES) {
			fail_at(p, start, "valid_on() applies to enterprises only");
			return NULL;
		}
		struct cond *c = node(p, sizeof(*c));
		if (!c)
			return NULL;
		c->op = DC_VALID_ON;
		expect_char(p, '(', "a '(' is missing after valid_on");
		if (p->err)
			return NULL;
		size_t at = (skip_space(p), p->pos);
		parse_operand(p, &c->l);
		if (!p->err && c->l.kind == O_STR && reg_date_valid(c->l.str, strlen(c->l.str)))
			c->l.type = V_DATE;
		if (!p->err && c->l.type != V_DATE)
			fail_at(p, at, "valid_on() takes a date: period_start, period_end, a date field or \"YYYY-MM-DD\"");
		expect_char(p, ')', "a ')' is missing after valid_on(date");
		return p->err ? NULL : c;
	}
	struct cond *c = node(p, sizeof(*c));
	if (!c)
		return NULL;
	parse_operand(p, &c->l);
	if (p->err)
		return NULL;
	if (c->l.kind == O_FIELD && accept_word(p, "is")) {
		c->field = c->l.field;
		c->op = accept_word(p, "not") ? DC_NOT_NULL : DC_IS_NULL;
		if (!accept_word(p, "null"))
			fail(p, "'is' must be followed by 'null' or 'not null'");
		return p->err ? NULL : c;
	}
	if (c->l.kind == O_FIELD && accept_word(p, "in")) {
		c->field = c->l.field;
		c->op = DC_IN_PERIOD;
		enum reg_type t = reg_kind_info(p->kind)->fields[c->field].type;
		if (!accept_word(p, "period"))
			fail(p, "'in' must be followed by 'period'");
		else if (t != RT_DATE && t != RT_YEAR)
			fail_at(p, start, "only a date or year field can be 'in period'");
		return p->err ? NULL : c;
	}
	skip_space(p);
	static const struct {
		const char *text;
		enum cmp cmp;
	} ops[] = {{"!=", K_NE}, {"<=", K_LE}, {">=", K_GE}, {"=", K_EQ}, {"<", K_LT}, {">", K_GT}};
	size_t op_at = p->pos;
	size_t k;
	for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		size_t m = strlen(ops[k].text);
		if (p->pos + m <= p->len && memcmp(p->s + p->pos, ops[k].text, m) == 0) {
			p->pos += m;
			break;
		}
	}
	if (k == sizeof(ops) / sizeof(ops[0])) {
		fail(p, "a comparison (= != < <= > >=), 'is null' or 'in period' was expected here");
		return NULL;
	}
	c->op = DC_CMP;
	c->cmp = ops[k].cmp;
	parse_operand(p, &c->r);
	if (!p->err)
		type_check(p, &c->l, &c->r, op_at);
	return p->err ? NULL : c;
}

static struct cond *parse_unary(struct parser *p)
{
	if (!enter(p))
		return NULL;
	struct cond *c = NULL;
	if (accept_word(p, "not")) {
		c = node(p, sizeof(*c));
		if (c) {
			c->op = DC_NOT;
			c->a = parse_unary(p);
		}
	} else if (accept_char(p, '(')) {
		c = parse_cond(p);
		expect_char(p, ')', "a ')' is missing");
	} else {
		c = parse_atom(p);
	}
	p->depth--;
	return p->err ? NULL : c;
}

static struct cond *parse_conj(struct parser *p)
{
	struct cond *c = parse_unary(p);
	while (!p->err && accept_word(p, "and")) {
		struct cond *n = node(p, sizeof(*n));
		if (!n)
			return NULL;
		n->op = DC_AND;
		n->a = c;
		n->b = parse_unary(p);
		c = n;
	}
	return p->err ? NULL : c;
}

static struct cond *parse_cond(struct parser *p)
{
	if (!enter(p))
		return NULL;
	struct cond *c = parse_conj(p);
	while (!p->err && accept_word(p, "or")) {
		struct cond *n = node(p, sizeof(*n));
		if (!n)
			break;
		n->op = DC_OR;
		n->a = c;
		n->b = parse_conj(p);
		c = n;
	}
	p->depth--;
	return p->err ? NULL : c;
}

/* count(KIND [where cond]) or sum(KIND.FIELD [where cond]), after the function name. */
static struct derive *parse_aggregate(struct parser *p, enum dv_op op)
{
	struct derive *e = node(p, sizeof(*e));
	if (!e)
		return NULL;
	e->op = op;
	expect_char(p, '(', op == DV_COUNT ? "a '(' is missing after count" : "a '(' is missing after sum");
	if (p->err)
		return NULL;
	size_t n = peek_ident(p);
	if (!n || !reg_kind_parse(p->s + p->pos, n, &e->kind)) {
		fail(p, "a registry was expected here: enterprises, contracts, patents, platforms, talents or firms");
		return NULL;
	}
	p->pos += n;
	p->kind = e->kind;
	if (op == DV_SUM) {
		if (p->pos >= p->len || p->s[p->pos] != '.') {
			fail(p, "sum() takes registry.field, e.g. sum(contracts.amount)");
			return NULL;
		}
		p->pos++;
		size_t at = p->pos;
		n = peek_ident(p);
		e->field = parse_field(p, n);
		if (p->err)
			return NULL;
		if (field_vtype(e->kind, e->field) != V_NUM) {
			fail_at(p, at, "sum() needs a number field");
			return NULL;
		}
	}
	if (accept_word(p, "where"))
		e->where = parse_cond(p);
	expect_char(p, ')', op == DV_COUNT ? "a ')' or 'where' was expected to go on with count(" : "a ')' or 'where' was expected to go on with sum(");
	return p->err ? NULL : e;
}

static struct derive *parse_expr(struct parser *p);

static struct derive *parse_factor(struct parser *p)
{
	skip_space(p);
	if (p->err || !enter(p))
		return NULL;
	struct derive *e = NULL;
	size_t n;
	if (p->pos >= p->len) {
		fail(p, "the definition ends where a number, count(, sum( or '(' was expected");
	} else if (p->s[p->pos] == '(') {
		p->pos++;
		e = parse_expr(p);
		expect_char(p, ')', "a ')' is missing");
	} else if (p->s[p->pos] == '-') {
		p->pos++;
		e = node(p, sizeof(*e));
		if (e) {
			e->op = DV_NEG;
			e->a = parse_factor(p);
		}
	} else if ((p->s[p->pos] >= '0' && p->s[p->pos] <= '9') || p->s[p->pos] == '.') {
		double v;
		if (parse_number(p, &v) && (e = node(p, sizeof(*e))) != NULL) {
			e->op = DV_NUM;
			e->num = v;
		}
	} else if ((n = peek_ident(p)) && (ident_is(p, n, "count") || ident_is(p, n, "sum"))) {
		enum dv_op op = ident_is(p, n, "count") ? DV_COUNT : DV_SUM;
		p->pos += n;
		e = parse_aggregate(p, op);
	} else {
		fail(p, "a number, count(, sum( or '(' was expected here");
	}
	p->depth--;
	return p->err ? NULL : e;
}

static struct derive *binary(struct parser *p, enum dv_op op, struct derive *a)
{
	struct derive *n = node(p, sizeof(*n));
	if (!n)
		return NULL;
	n->op = op;
	n->a = a;
	return n;
}

static struct derive *parse_term(struct parser *p)
{
	struct derive *e = parse_factor(p);
	for (;;) {
		skip_space(p);
		if (p->err || p->pos >= p->len || (p->s[p->pos] != '*' && p->s[p->pos] != '/'))
			return p->err ? NULL : e;
		enum dv_op op = p->s[p->pos++] == '*' ? DV_MUL : DV_DIV;
		if ((e = binary(p, op, e)) == NULL)
			return NULL;
		e->b = parse_factor(p);
	}
}

static struct derive *parse_expr(struct parser *p)
{
	if (!enter(p))
		return NULL;
	struct derive *e = parse_term(p);
	for (;;) {
		skip_space(p);
		if (p->err || p->pos >= p->len || (p->s[p->pos] != '+' && p->s[p->pos] != '-'))
			break;
		enum dv_op op = p->s[p->pos++] == '+' ? DV_ADD : DV_SUB;
		if ((e = binary(p, op, e)) == NULL)
			break;
		e->b = parse_term(p);
	}
	p->depth--;
	return p->err ? NULL : e;
}

struct derive *derive_parse(struct arena *arena, const char *s, size_t len, size_t *err_at, const char **err)
{
	struct parser p = {arena, s, len, 0, 0, 0, NULL, 0, REG_ENTERPRISES};
	if (len > DERIVE_MAX_BYTES) {
		*err_at = DERIVE_MAX_BYTES;
		*err = "the definition is longer than 1024 bytes";
		return NULL;
	}
	struct derive *d = parse_expr(&p);
	skip_space(&p);
	if (!p.err && p.pos < len)
		fail(&p, "unexpected text after the definition");
	if (p.err) {
		*err_at = p.err_at > len ? len : p.err_at;
		*err = p.err;
		return NULL;
	}
	return d;
}

unsigned derive_kinds(const struct derive *d)
{
	if (!d)
		return 0;
	if (d->op == DV_COUNT || d->op == DV_SUM)
		return 1u << d->kind;
	return derive_kinds(d->a) | derive_kinds(d->b);
}

/* ---- evaluation ------------------------------------------------------------------------ */

struct value {
	int is_null;
	enum vtype type;
	const char *text; /* V_TEXT, V_DATE */
	double num;       /* V_NUM */
};

static struct value operand_value(const struct operand *o, const struct reg_record *r, const struct derive_ctx *ctx)
{
	struct value v = {0, o->type, NULL, 0};
	switch (o->kind) {
	case O_FIELD:
		v.text = r->vals[o->field];
		if (!v.text)
			v.is_null = 1;
		else if (o->type == V_NUM && !num_parse_double(str_of(v.text), &v.num))
			v.is_null = 1;
		break;
	case O_STR: v.text = o->str; break;
	case O_NUM: v.num = o->num; break;
	case O_PSTART: v.text = ctx->period_start; break;
	case O_PEND: v.text = ctx->period_end; break;
	case O_PYEAR: v.num = ctx->year; break;
	}
	return v;
}

static int compare(enum cmp k, const struct value *l, const struct value *r)
{
	if (l->is_null || r->is_null)
		return 0;
	int c = l->type == V_NUM ? (l->num > r->num) - (l->num < r->num) : strcmp(l->text, r->text);
	switch (k) {
	case K_EQ: return c == 0;
	case K_NE: return c != 0;
	case K_LT: return c < 0;
	case K_LE: return c <= 0;
	case K_GT: return c > 0;
	case K_GE: return c >= 0;
	}
	return 0;
}

static int year_of(const char *text, enum reg_type t, int *year)
{
	double v;
	if (!text)
		return 0;
	if (t == RT_DATE) {
		if (strlen(text) < 4 || !num_parse_double((struct str){text, 4}, &v))
			return 0;
	} else if (!num_parse_double(str_of(text), &v)) {
		return 0;
	}
	*year = (int)v;
	return 1;
}

static int holds(const struct cond *c, enum reg_kind kind, const struct reg_record *r, const struct derive_ctx *ctx)
{
	switch (c->op) {
	case DC_AND: return holds(c->a, kind, r, ctx) && holds(c->b, kind, r, ctx);
	case DC_OR: return holds(c->a, kind, r, ctx) || holds(c->b, kind, r, ctx);
	case DC_NOT: return !holds(c->a, kind, r, ctx);
	case DC_IS_NULL: return r->vals[c->field] == NULL;
	case DC_NOT_NULL: return r->vals[c->field] != NULL;
	case DC_CMP: {
		struct value l = operand_value(&c->l, r, ctx), rv = operand_value(&c->r, r, ctx);
		return compare(c->cmp, &l, &rv);
	}
	case DC_IN_PERIOD: {
		const char *v = r->vals[c->field];
		enum reg_type t = reg_kind_info(kind)->fields[c->field].type;
		int y;
		if (t == RT_DATE)
			return v && strcmp(v, ctx->period_start) >= 0 && strcmp(v, ctx->period_end) <= 0;
		return year_of(v, t, &y) && y == ctx->year;
	}
	case DC_VALID_ON: {
		struct value d = operand_value(&c->l, r, ctx);
		int from = reg_field_find(REG_ENTERPRISES, "valid_from", 10), to = reg_field_find(REG_ENTERPRISES, "valid_to", 8);
		const char *vf = r->vals[from], *vt = r->vals[to];
		return !d.is_null && vf && strcmp(vf, d.text) <= 0 && (!vt || strcmp(vt, d.text) >= 0);
	}
	}
	return 0;
}

/* count/sum for every region: each record that holds adds to every region it counts for. */
static void aggregate_regions(const struct derive *d, const struct reg_set *sets, const struct derive_ctx *ctx,
			      const unsigned char *up, size_t n_regions, double *out, unsigned char *ok)
{
	const struct reg_set *set = &sets[d->kind];
	memset(out, 0, n_regions * sizeof(*out));
	for (size_t i = 0; i < set->n; i++) {
		const struct reg_record *r = &set->recs[i];
		if (r->region < 0 || (size_t)r->region >= n_regions)
			continue;
		if (d->where && !holds(d->where, d->kind, r, ctx))
			continue;
		double v = 1;
		if (d->op == DV_SUM && !(r->vals[d->field] && num_parse_double(str_of(r->vals[d->field]), &v)))
			continue;
		const unsigned char *to = up + (size_t)r->region * n_regions;
		for (size_t g = 0; g < n_regions; g++)
			if (to[g])
				out[g] += v;
	}
	for (size_t g = 0; g < n_regions; g++)
		ok[g] = isfinite(out[g]) != 0;
}

void derive_eval_regions(const struct derive *d, const struct reg_set *sets, const struct derive_ctx *ctx,
			 const unsigned char *up, size_t n_regions, double *out, unsigned char *ok)
{
	switch (d->op) {
	case DV_NUM:
		for (size_t g = 0; g < n_regions; g++) {
			out[g] = d->num;
			ok[g] = 1;
		}
		return;
	case DV_COUNT:
	case DV_SUM:
		aggregate_regions(d, sets, ctx, up, n_regions, out, ok);
		return;
	case DV_NEG:
		derive_eval_regions(d->a, sets, ctx, up, n_regions, out, ok);
		for (size_t g = 0; g < n_regions; g++)
			out[g] = -out[g];
		return;
	default:
		break;
	}
	double *y = xmalloc((n_regions ? n_regions : 1) * sizeof(*y));
	unsigned char *y_ok = xmalloc(n_regions ? n_regions : 1);
	derive_eval_regions(d->a, sets, ctx, up, n_regions, out, ok);
	derive_eval_regions(d->b, sets, ctx, up, n_regions, y, y_ok);
	static const enum expr_op arith[] = {[DV_ADD] = EXPR_ADD, [DV_SUB] = EXPR_SUB, [DV_MUL] = EXPR_MUL, [DV_DIV] = EXPR_DIV};
	for (size_t g = 0; g < n_regions; g++)
		ok[g] = ok[g] && y_ok[g] && expr_arith(arith[d->op], out[g], y[g], &out[g]);
	free(y);
	free(y_ok);
}

int derive_years(const struct derive *d, const struct reg_set *sets, int max_year, int *first, int *last)
{
	unsigned kinds = derive_kinds(d);
	int lo = 0, hi = 0, any = 0;
	for (int k = 0; k < REG_N_KINDS; k++) {
		if (!(kinds & (1u << k)))
			continue;
		const struct reg_kind_info *info = reg_kind_info((enum reg_kind)k);
		for (size_t i = 0; i < sets[k].n; i++)
			for (size_t f = 0; f < info->n_fields; f++) {
				enum reg_type t = info->fields[f].type;
				int y;
				if ((t != RT_DATE && t != RT_YEAR) || !year_of(sets[k].recs[i].vals[f], t, &y))
					continue;
				if (!any || y < lo)
					lo = y;
				if (!any || y > hi)
					hi = y;
				any = 1;
			}
	}
	if (hi > max_year)
		hi = max_year;
	if (!any || lo > hi)
		return 0;
	*first = lo;
	*last = hi;
	return 1;
}
