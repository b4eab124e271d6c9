/* derive.c - a recursive-descent parser and evaluator for derived-indicator definitions (see
 * derive.h). The arithmetic mirrors core/expr.c; the conditions are typed at parse time, so a
 * definition that parses never compares a date with a number. Pure. */
#include <math.h>
#include <stdint.h>
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
	int32_t date;     /* O_STR of type V_DATE: the date as yyyymmdd */
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
	int leaf;             /* DV_COUNT, DV_SUM: its number among the aggregates (derive_n_leaves) */
	size_t n_leaves;      /* on the root: how many aggregates the definition has */
	struct derive **leaves; /* on the root: them, by number */
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
			x->date = (int32_t)strtol(x->str, NULL, 10) * 10000 + (int32_t)strtol(x->str + 5, NULL, 10) * 100 +
				  (int32_t)strtol(x->str + 8, NULL, 10);
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
		if (!p->err && c->l.kind == O_STR && reg_date_valid(c->l.str, strlen(c->l.str))) {
			c->l.type = V_DATE;
			c->l.date = (int32_t)strtol(c->l.str, NULL, 10) * 10000 + (int32_t)strtol(c->l.str + 5, NULL, 10) * 100 +
				    (int32_t)strtol(c->l.str + 8, NULL, 10);
		}
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

/* Number the aggregates of the tree under e in the order they are written, on the root. */
static void number_leaves(struct derive *root, struct derive *e)
{
	if (!e)
		return;
	if (e->op == DV_COUNT || e->op == DV_SUM) {
		e->leaf = (int)root->n_leaves;
		root->leaves[root->n_leaves++] = e;
		return;
	}
	number_leaves(root, e->a);
	number_leaves(root, e->b);
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
	d->leaves = arena_calloc(arena, p.nodes ? p.nodes : 1, sizeof(*d->leaves));
	number_leaves(d, d);
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

/* Every definition is evaluated the same way, whoever asks (a full recompute, an import's
 * incremental update, a test): each aggregate (count or sum) adds each record's value, for
 * the years its condition holds in, to the record's own region; the totals of a region add
 * the totals of the regions below it; the arithmetic runs over the totals. A sum adds whole
 * millionths, so the order records arrive in never changes a total: adding records one by one
 * gives, to the bit, what adding them all at once gives. */

#define BIT(f) ((uint64_t)1 << (f))

static uint64_t cond_fields(const struct cond *c)
{
	if (!c)
		return 0;
	uint64_t m = cond_fields(c->a) | cond_fields(c->b);
	if (c->op == DC_IS_NULL || c->op == DC_NOT_NULL || c->op == DC_IN_PERIOD)
		m |= BIT(c->field);
	if (c->op == DC_CMP || c->op == DC_VALID_ON) {
		if (c->l.kind == O_FIELD)
			m |= BIT(c->l.field);
		if (c->op == DC_CMP && c->r.kind == O_FIELD)
			m |= BIT(c->r.field);
	}
	if (c->op == DC_VALID_ON) /* valid_on reads the validity span */
		m |= BIT(reg_field_find(REG_ENTERPRISES, "valid_from", 10)) | BIT(reg_field_find(REG_ENTERPRISES, "valid_to", 8));
	return m;
}

uint64_t derive_fields(const struct derive *d, enum reg_kind kind)
{
	uint64_t m = 0;
	for (size_t i = 0; i < d->n_leaves; i++) {
		const struct derive *leaf = d->leaves[i];
		if (leaf->kind != kind)
			continue;
		m |= cond_fields(leaf->where);
		if (leaf->op == DV_SUM)
			m |= BIT(leaf->field);
	}
	return m;
}

size_t derive_n_leaves(const struct derive *d)
{
	return d->n_leaves;
}

enum reg_kind derive_leaf_kind(const struct derive *d, size_t i)
{
	return d->leaves[i]->kind;
}

int derive_leaf_is_sum(const struct derive *d, size_t i)
{
	return d->leaves[i]->op == DV_SUM;
}

void derive_years_init(struct derive_years *ys, int first, int n_years)
{
	if (n_years < 0)
		n_years = 0;
	if (n_years > DERIVE_MAX_YEARS)
		n_years = DERIVE_MAX_YEARS;
	ys->first = first;
	ys->n = n_years;
	ys->n_words = (n_years + 63) / 64;
}

struct value {
	int is_null;
	enum vtype type;
	const char *text; /* V_TEXT */
	int32_t date;     /* V_DATE */
	double num;       /* V_NUM */
};

/* The value of o for row r in year y (y only matters for the period operands). */
static struct value operand_value(const struct operand *o, const struct reg_row *r, int y)
{
	struct value v = {0, o->type, NULL, 0, 0};
	switch (o->kind) {
	case O_FIELD:
		if (r->nulls & ((uint64_t)1 << o->field))
			v.is_null = 1;
		else if (o->type == V_DATE)
			v.date = r->date[o->field];
		else if (o->type == V_NUM)
			v.num = r->num[o->field];
		else
			v.text = r->text[o->field];
		break;
	case O_STR:
		v.text = o->str;
		v.date = o->date;
		break;
	case O_NUM: v.num = o->num; break;
	case O_PSTART: v.date = y * 10000 + 101; break;
	case O_PEND: v.date = y * 10000 + 1231; break;
	case O_PYEAR: v.num = y; break;
	}
	return v;
}

static int compare(enum cmp k, const struct value *l, const struct value *r)
{
	if (l->is_null || r->is_null)
		return 0;
	int c = l->type == V_NUM ? (l->num > r->num) - (l->num < r->num)
		: l->type == V_DATE ? (l->date > r->date) - (l->date < r->date)
		: strcmp(l->text, r->text);
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

static int is_period_operand(const struct operand *o)
{
	return o->kind == O_PSTART || o->kind == O_PEND || o->kind == O_PYEAR;
}

static void bits_fill(const struct derive_years *ys, uint64_t *bits, int is_set)
{
	for (int w = 0; w < ys->n_words; w++)
		bits[w] = is_set ? ~(uint64_t)0 : 0;
	if (is_set && ys->n % 64)
		bits[ys->n_words - 1] = ((uint64_t)1 << (ys->n % 64)) - 1;
}

static void bit_set(uint64_t *bits, int i)
{
	bits[i / 64] |= (uint64_t)1 << (i % 64);
}

/* The years of ys in which c holds for row r, as bits. A condition that does not mention the
 * period is evaluated once; one that does, year by year with integer comparisons. */
static void cond_years(const struct cond *c, enum reg_kind kind, const struct reg_row *r, const struct derive_years *ys,
		       uint64_t *out)
{
	uint64_t other[DERIVE_YEAR_WORDS];
	switch (c->op) {
	case DC_AND:
	case DC_OR:
		cond_years(c->a, kind, r, ys, out);
		cond_years(c->b, kind, r, ys, other);
		for (int w = 0; w < ys->n_words; w++)
			out[w] = c->op == DC_AND ? out[w] & other[w] : out[w] | other[w];
		return;
	case DC_NOT:
		cond_years(c->a, kind, r, ys, out);
		bits_fill(ys, other, 1);
		for (int w = 0; w < ys->n_words; w++)
			out[w] = ~out[w] & other[w];
		return;
	case DC_IS_NULL:
	case DC_NOT_NULL:
		bits_fill(ys, out, ((r->nulls >> c->field) & 1u) == (c->op == DC_IS_NULL));
		return;
	case DC_IN_PERIOD: {
		bits_fill(ys, out, 0);
		if (r->nulls & ((uint64_t)1 << c->field))
			return;
		int y = derive_period_year(r, c->field, reg_kind_info(kind)->fields[c->field].type == RT_DATE);
		if (y >= ys->first && y < ys->first + ys->n)
			bit_set(out, y - ys->first);
		return;
	}
	case DC_CMP:
		if (!is_period_operand(&c->l) && !is_period_operand(&c->r)) {
			struct value l = operand_value(&c->l, r, 0), rv = operand_value(&c->r, r, 0);
			bits_fill(ys, out, compare(c->cmp, &l, &rv));
			return;
		}
		bits_fill(ys, out, 0);
		for (int i = 0; i < ys->n; i++) {
			struct value l = operand_value(&c->l, r, ys->first + i), rv = operand_value(&c->r, r, ys->first + i);
			if (compare(c->cmp, &l, &rv))
				bit_set(out, i);
		}
		return;
	case DC_VALID_ON: {
		int from = reg_field_find(REG_ENTERPRISES, "valid_from", 10), to = reg_field_find(REG_ENTERPRISES, "valid_to", 8);
		int has_from = !(r->nulls & ((uint64_t)1 << from)), has_to = !(r->nulls & ((uint64_t)1 << to));
		int n = is_period_operand(&c->l) ? ys->n : 1;
		bits_fill(ys, out, 0);
		for (int i = 0; i < n; i++) {
			struct value d = operand_value(&c->l, r, ys->first + i);
			int holds = !d.is_null && has_from && r->date[from] <= d.date && (!has_to || r->date[to] >= d.date);
			if (holds && n == 1)
				bits_fill(ys, out, 1);
			else if (holds)
				bit_set(out, i);
		}
		return;
	}
	}
}

int derive_leaf_plain(const struct derive *d, size_t i, int *period_field, int *sum_field)
{
	const struct derive *leaf = d->leaves[i];
	*sum_field = leaf->op == DV_SUM ? leaf->field : -1;
	*period_field = -1;
	if (!leaf->where)
		return 1;
	if (leaf->where->op != DC_IN_PERIOD)
		return 0;
	*period_field = leaf->where->field;
	return 1;
}

int derive_leaf_years(const struct derive *d, size_t i, const struct reg_row *row, const struct derive_years *ys, uint64_t *bits,
		      int64_t *value)
{
	const struct derive *leaf = d->leaves[i];
	*value = 1;
	if (leaf->op == DV_SUM) {
		if (row->nulls & ((uint64_t)1 << leaf->field))
			return 0;
		if (!derive_amount(row->num[leaf->field], value))
			return 0;
	}
	if (leaf->where)
		cond_years(leaf->where, leaf->kind, row, ys, bits);
	else
		bits_fill(ys, bits, 1);
	for (int w = 0; w < ys->n_words; w++)
		if (bits[w])
			return 1;
	return 0;
}

static int value_of(const struct derive *e, const int64_t *totals, double *out)
{
	double x, y;
	switch (e->op) {
	case DV_NUM:
		*out = e->num;
		return 1;
	case DV_COUNT:
		*out = (double)totals[e->leaf];
		return 1;
	case DV_SUM:
		*out = (double)totals[e->leaf] / 1e6;
		return isfinite(*out) != 0;
	case DV_NEG:
		if (!value_of(e->a, totals, &x))
			return 0;
		*out = -x;
		return 1;
	default:
		break;
	}
	if (!value_of(e->a, totals, &x) || !value_of(e->b, totals, &y))
		return 0;
	static const enum expr_op arith[] = {[DV_ADD] = EXPR_ADD, [DV_SUB] = EXPR_SUB, [DV_MUL] = EXPR_MUL, [DV_DIV] = EXPR_DIV};
	return expr_arith(arith[e->op], x, y, out);
}

int derive_value(const struct derive *d, const int64_t *totals, double *out)
{
	return value_of(d, totals, out) && isfinite(*out);
}

void derive_eval_regions(const struct derive *d, const struct reg_set *sets, const struct derive_ctx *ctx,
			 const unsigned char *up, size_t n_regions, double *out, unsigned char *ok)
{
	/* totals[leaf][region], the region's own records first, then every region's from below */
	size_t nl = d->n_leaves ? d->n_leaves : 1, nr = n_regions ? n_regions : 1;
	int64_t *own = xcalloc(nl * nr, sizeof(*own)), *all = xcalloc(nl * nr, sizeof(*all)), *cell = xcalloc(nl, sizeof(*cell));
	struct derive_years ys;
	derive_years_init(&ys, ctx->year, 1);
	for (size_t i = 0; i < d->n_leaves; i++) {
		const struct reg_set *set = &sets[d->leaves[i]->kind];
		for (size_t k = 0; k < set->n; k++) {
			const struct reg_record *rec = &set->recs[k];
			if (rec->region < 0 || (size_t)rec->region >= n_regions)
				continue;
			struct reg_row row;
			uint64_t bits[DERIVE_YEAR_WORDS];
			int64_t v;
			reg_row_from_record(d->leaves[i]->kind, rec, &row);
			if (derive_leaf_years(d, i, &row, &ys, bits, &v) && (bits[0] & 1))
				own[i * nr + (size_t)rec->region] += v;
		}
	}
	for (size_t i = 0; i < d->n_leaves; i++)
		for (size_t r = 0; r < n_regions; r++)
			for (size_t g = 0; g < n_regions; g++)
				if (up[r * n_regions + g])
					all[i * nr + g] += own[i * nr + r];
	for (size_t g = 0; g < n_regions; g++) {
		for (size_t i = 0; i < d->n_leaves; i++)
			cell[i] = all[i * nr + g];
		ok[g] = (unsigned char)derive_value(d, cell, &out[g]);
	}
	free(own);
	free(all);
	free(cell);
}

int derive_years(const struct derive *d, const struct reg_set *sets, int max_year, int *first, int *last)
{
	unsigned kinds = derive_kinds(d);
	int lo = 0, hi = 0, any = 0;
	for (int k = 0; k < REG_N_KINDS; k++) {
		if (!(kinds & (1u << k)))
			continue;
		for (size_t i = 0; i < sets[k].n; i++) {
			struct reg_row row;
			int a, b;
			reg_row_from_record((enum reg_kind)k, &sets[k].recs[i], &row);
			if (!reg_row_years((enum reg_kind)k, &row, &a, &b))
				continue;
			if (!any || a < lo)
				lo = a;
			if (!any || b > hi)
				hi = b;
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
