/* period.c - reporting periods: strict parsing of the ASCII and Chinese spellings, the canonical
 * text, calendar dates, containment, stepping and the position on the time axis.
 * Pure: no I/O, no allocation. Input is untrusted text (CSV cells, URLs), so the parser accepts
 * only the spellings period.h lists and rejects everything else, including trailing bytes. */
#include <string.h>

#include "core/period.h"
#include "base/banned.h"

#define PERIOD_YEAR_MIN 1900
#define PERIOD_YEAR_MAX 2200
/* The longest accepted spelling, "2024年第三季度", is 4 + 3 + 3 + 3 + 6 = 19 bytes; anything
 * longer is rejected before looking at it. */
#define PERIOD_PARSE_MAX_BYTES 32u

#define ZH_YEAR "年"
#define ZH_MONTH "月"
#define ZH_ORDINAL "第"
#define ZH_QUARTER "季度"

/* Chinese numerals for quarters 1..4 (3 bytes each in UTF-8). */
static const char *const zh_quarter_numerals[] = {"一", "二", "三", "四"};

struct cursor {
	const char *p;
	size_t len, i;
};

static int at_end(const struct cursor *c)
{
	return c->i == c->len;
}

/* Consume the literal lit when it comes next. */
static int eat(struct cursor *c, const char *lit)
{
	size_t n = strlen(lit);
	if (c->len - c->i < n || memcmp(c->p + c->i, lit, n) != 0)
		return 0;
	c->i += n;
	return 1;
}

static int is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/* Consume 1..max_digits ASCII digits; the value into *out. Returns the number of digits. */
static size_t eat_digits(struct cursor *c, size_t max_digits, int *out)
{
	size_t n = 0;
	int v = 0;
	while (c->i < c->len && n < max_digits && is_digit(c->p[c->i])) {
		v = v * 10 + (c->p[c->i] - '0');
		c->i++;
		n++;
	}
	*out = v;
	return n;
}

/* A month of one or two digits, then the end or the given suffix; 1..12. */
static int finish_month(struct cursor *c, const char *suffix, struct period *out)
{
	int month;
	size_t n = eat_digits(c, 2, &month);
	if (n == 0 || (c->i < c->len && is_digit(c->p[c->i])))
		return 0;
	if (suffix && !eat(c, suffix))
		return 0;
	if (!at_end(c) || month < 1 || month > 12)
		return 0;
	out->kind = PERIOD_MONTH;
	out->sub = month;
	return 1;
}

/* "Q3" / "q3" then the end. */
static int finish_q_quarter(struct cursor *c, struct period *out)
{
	int quarter;
	if (!eat(c, "Q") && !eat(c, "q"))
		return 0;
	if (eat_digits(c, 1, &quarter) != 1 || !at_end(c) || quarter < 1 || quarter > 4)
		return 0;
	out->kind = PERIOD_QUARTER;
	out->sub = quarter;
	return 1;
}

/* What may follow "2024年": nothing, "Q3", "[第]3季度", "[第]三季度" or "7月". */
static int finish_zh(struct cursor *c, struct period *out)
{
	if (at_end(c)) {
		out->kind = PERIOD_YEAR;
		out->sub = 0;
		return 1;
	}
	if (c->p[c->i] == 'Q' || c->p[c->i] == 'q')
		return finish_q_quarter(c, out);
	int has_ordinal = eat(c, ZH_ORDINAL);
	for (int q = 0; q < 4; q++) {
		if (eat(c, zh_quarter_numerals[q])) {
			if (!eat(c, ZH_QUARTER) || !at_end(c))
				return 0;
			out->kind = PERIOD_QUARTER;
			out->sub = q + 1;
			return 1;
		}
	}
	/* A single digit followed by 季度 is a quarter; otherwise digits are a month (never with 第). */
	size_t save = c->i;
	int quarter;
	if (eat_digits(c, 1, &quarter) == 1 && eat(c, ZH_QUARTER)) {
		if (!at_end(c) || quarter < 1 || quarter > 4)
			return 0;
		out->kind = PERIOD_QUARTER;
		out->sub = quarter;
		return 1;
	}
	c->i = save;
	if (has_ordinal)
		return 0;
	return finish_month(c, ZH_MONTH, out);
}

int period_parse(const char *s, size_t len, struct period *out)
{
	struct cursor c = {s, len, 0};
	struct period p = {0, PERIOD_YEAR, 0};
	int year;
	if (s == NULL || len < 4 || len > PERIOD_PARSE_MAX_BYTES)
		return 0;
	if (eat_digits(&c, 4, &year) != 4 || year < PERIOD_YEAR_MIN || year > PERIOD_YEAR_MAX)
		return 0;
	p.year = year;
	int ok;
	if (at_end(&c)) {
		ok = 1;
	} else if (c.p[c.i] == 'Q' || c.p[c.i] == 'q') {
		ok = finish_q_quarter(&c, &p);
	} else if (eat(&c, "-")) {
		if (c.i < c.len && (c.p[c.i] == 'Q' || c.p[c.i] == 'q'))
			ok = finish_q_quarter(&c, &p);
		else
			ok = finish_month(&c, NULL, &p);
	} else if (eat(&c, "/")) {
		ok = finish_month(&c, NULL, &p);
	} else if (eat(&c, ZH_YEAR)) {
		ok = finish_zh(&c, &p);
	} else {
		ok = 0;
	}
	if (!ok)
		return 0;
	*out = p;
	return 1;
}

/* Exactly width decimal digits of v (the low ones), no terminator. */
static char *put_digits(char *out, unsigned v, int width)
{
	for (int k = width - 1; k >= 0; k--) {
		out[k] = (char)('0' + v % 10u);
		v /= 10u;
	}
	return out + width;
}

void period_format(const struct period *p, char *out)
{
	char *w = put_digits(out, (unsigned)p->year, 4);
	if (p->kind == PERIOD_QUARTER) {
		*w++ = 'Q';
		w = put_digits(w, (unsigned)p->sub, 1);
	} else if (p->kind == PERIOD_MONTH) {
		*w++ = '-';
		w = put_digits(w, (unsigned)p->sub, 2);
	}
	*w = '\0';
}

static int is_leap_year(int year)
{
	/* Gregorian rule: 2000 and 2024 are leap years, 1900, 2100 and 2023 are not. */
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month == 2 && is_leap_year(year))
		return 29;
	return days[month - 1];
}

/* First and last calendar month (1..12) of the period. */
static void month_range(const struct period *p, int *first, int *last)
{
	switch (p->kind) {
	case PERIOD_QUARTER:
		*first = 3 * p->sub - 2;
		*last = 3 * p->sub;
		break;
	case PERIOD_MONTH:
		*first = p->sub;
		*last = p->sub;
		break;
	case PERIOD_YEAR:
	default:
		*first = 1;
		*last = 12;
		break;
	}
}

static void put_date(char *out, int year, int month, int day)
{
	char *w = put_digits(out, (unsigned)year, 4);
	*w++ = '-';
	w = put_digits(w, (unsigned)month, 2);
	*w++ = '-';
	w = put_digits(w, (unsigned)day, 2);
	*w = '\0';
}

void period_start_date(const struct period *p, char *out)
{
	int first, last;
	month_range(p, &first, &last);
	put_date(out, p->year, first, 1);
}

void period_end_date(const struct period *p, char *out)
{
	int first, last;
	month_range(p, &first, &last);
	put_date(out, p->year, last, days_in_month(p->year, last));
}

/* Months counted from January of year 0, so ranges of different kinds compare directly. */
static long month_index(int year, int month)
{
	return (long)year * 12 + (month - 1);
}

int period_contains(const struct period *outer, const struct period *inner)
{
	int of, ol, inf, inl;
	month_range(outer, &of, &ol);
	month_range(inner, &inf, &inl);
	return month_index(outer->year, of) <= month_index(inner->year, inf) &&
	       month_index(inner->year, inl) <= month_index(outer->year, ol);
}

static int subs_per_year(enum period_kind kind)
{
	return kind == PERIOD_QUARTER ? 4 : kind == PERIOD_MONTH ? 12 : 0;
}

struct period period_next(const struct period *p)
{
	struct period r = *p;
	int n = subs_per_year(p->kind);
	if (n == 0) {
		r.year++;
	} else if (r.sub == n) {
		r.year++;
		r.sub = 1;
	} else {
		r.sub++;
	}
	return r;
}

struct period period_prev(const struct period *p)
{
	struct period r = *p;
	int n = subs_per_year(p->kind);
	if (n == 0) {
		r.year--;
	} else if (r.sub == 1) {
		r.year--;
		r.sub = n;
	} else {
		r.sub--;
	}
	return r;
}

/* Finer periods sort first among periods that end on the same day. */
static int kind_rank(enum period_kind kind)
{
	return kind == PERIOD_MONTH ? 0 : kind == PERIOD_QUARTER ? 1 : 2;
}

int period_cmp(const struct period *a, const struct period *b)
{
	int af, al, bf, bl;
	month_range(a, &af, &al);
	month_range(b, &bf, &bl);
	long a_end = month_index(a->year, al), b_end = month_index(b->year, bl);
	if (a_end != b_end)
		return a_end < b_end ? -1 : 1;
	int ak = kind_rank(a->kind), bk = kind_rank(b->kind);
	if (ak != bk)
		return ak < bk ? -1 : 1;
	return 0;
}

double period_time(const struct period *p)
{
	int first, last;
	month_range(p, &first, &last);
	/* The end of year Y is Y, so the end of month m of year Y is (Y - 1) + m / 12. */
	return (double)(p->year - 1) + (double)last / 12.0;
}
