/* rules.c - validation rules over a set of cells (see rules.h). Cross-cell lookups go through
 * a sorted index of (indicator, region, period) so a check is O(n log n). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rules.h"
#include "base/banned.h"

#define RULE_REL_TOLERANCE 1e-9 /* children <= parent allows rounding in published tables */

int cell_key_cmp(const struct cell *a, const struct cell *b)
{
	if (a->indicator != b->indicator)
		return a->indicator < b->indicator ? -1 : 1;
	if (a->region != b->region)
		return a->region < b->region ? -1 : 1;
	if (a->period.kind != b->period.kind)
		return a->period.kind < b->period.kind ? -1 : 1;
	if (a->period.year != b->period.year)
		return a->period.year < b->period.year ? -1 : 1;
	return (a->period.sub > b->period.sub) - (a->period.sub < b->period.sub);
}

/* qsort has no context argument: sort pairs that carry their cell pointer instead. */
struct keyed {
	const struct cell *c;
	size_t i;
};

static int keyed_cmp(const void *x, const void *y)
{
	return cell_key_cmp(((const struct keyed *)x)->c, ((const struct keyed *)y)->c);
}

static size_t find(const struct keyed *idx, size_t n, const struct cell *key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cell_key_cmp(idx[mid].c, key);
		if (c == 0)
			return idx[mid].i;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

struct sink {
	struct violation *out;
	size_t cap, n;
	int only_new;
	const struct cell *cells;
};

static void add(struct sink *s, int rule, const struct rule *r, size_t cell, size_t other, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void add(struct sink *s, int rule, const struct rule *r, size_t cell, size_t other, const char *fmt, ...)
{
	if (s->only_new && !s->cells[cell].is_new && (other == (size_t)-1 || !s->cells[other].is_new))
		return;
	if (s->n < s->cap) {
		struct violation *v = &s->out[s->n];
		va_list ap;
		v->rule = rule;
		v->cell = cell;
		v->other = other;
		v->is_warning = r->is_warning;
		va_start(ap, fmt);
		vsnprintf(v->message, sizeof(v->message), fmt, ap);
		va_end(ap);
	}
	s->n++;
}

static int is_lower_bound(enum obs_qualifier q)
{
	return q == QUAL_LOWER_BOUND || q == QUAL_FORECAST_LOWER_BOUND;
}

size_t rules_check(const struct plan *p, const struct cell *cells, size_t n, int only_new, struct arena *scratch,
		   struct violation *out, size_t cap)
{
	struct sink s = {out, cap, 0, only_new, cells};
	struct keyed *idx = arena_alloc(scratch, (n ? n : 1) * sizeof(*idx));
	for (size_t i = 0; i < n; i++)
		idx[i] = (struct keyed){&cells[i], i};
	qsort(idx, n, sizeof(*idx), keyed_cmp);

	for (size_t ri = 0; ri < p->n_rules; ri++) {
		const struct rule *r = &p->rules[ri];
		for (size_t i = 0; i < n; i++) {
			const struct cell *c = &cells[i];
			if (c->indicator < 0 || !rule_applies_to(p, r, c->indicator))
				continue;
			const struct indicator *ind = &p->indicators[c->indicator];
			switch (r->kind) {
			case RULE_RANGE:
				if (r->has_min && c->value < r->min)
					add(&s, (int)ri, r, i, (size_t)-1, "value %g is below the minimum %g", c->value, r->min);
				else if (r->has_max && c->value > r->max)
					add(&s, (int)ri, r, i, (size_t)-1, "value %g is above the maximum %g", c->value, r->max);
				break;
			case RULE_NON_NEGATIVE:
				if (c->value < 0)
					add(&s, (int)ri, r, i, (size_t)-1, "value %g is negative; this indicator cannot be", c->value);
				break;
			case RULE_POSITIVE_INTEGER:
				if (c->value < 1 || c->value != floor(c->value))
					add(&s, (int)ri, r, i, (size_t)-1, "value %g is not a positive whole number (a rank starts at 1)", c->value);
				break;
			case RULE_CHILDREN_LE_PARENT: {
				if (ind->aggregation != AGG_SUM || c->qualifier == QUAL_UPPER_BOUND)
					break;
				const struct region *rg = &p->regions[c->region];
				for (size_t k = 0; k < rg->n_parents; k++) {
					struct cell key = *c;
					key.region = rg->parents[k];
					size_t j = find(idx, n, &key);
					if (j == (size_t)-1 || is_lower_bound(cells[j].qualifier))
						continue;
					if (c->value > cells[j].value * (1 + RULE_REL_TOLERANCE) + RULE_REL_TOLERANCE)
						add(&s, (int)ri, r, i, j, "value %g of '%s' is larger than %g of its parent region '%s'",
						    c->value, rg->code, cells[j].value, p->regions[key.region].code);
				}
				break;
			}
			case RULE_YOY_JUMP: {
				struct cell key = *c;
				key.period.year--;
				size_t j = find(idx, n, &key);
				if (j == (size_t)-1 || cells[j].value == 0)
					break;
				double change = c->value / cells[j].value - 1;
				if (fabs(change) > r->max)
					add(&s, (int)ri, r, i, j, "value %g changed by %+.0f%% from %g a year earlier (more than %.0f%%)",
					    c->value, change * 100, cells[j].value, r->max * 100);
				break;
			}
			}
		}
	}
	return s.n;
}
