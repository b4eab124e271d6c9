/* firm_fixture.h - building firms by hand for the evaluation tests (test_eval_*.c): a firm
 * with up to 8 years, every figure unknown until a test sets it, money written in 万元. */
#ifndef INNOMON_TESTS_FIRM_FIXTURE_H
#define INNOMON_TESTS_FIRM_FIXTURE_H

#include <string.h>

#include "core/eval.h"

#define W(x) ((int64_t)(x) * FIRM_WAN) /* whole 万元 to yuan */

static struct arena *A; /* the test group's arena: fx_setup / fx_teardown */

static inline int fx_setup(void **state)
{
	(void)state;
	A = arena_new();
	return 0;
}

static inline int fx_teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

struct fx_firm {
	struct firm f;
	struct firm_year years[8];
	struct firm_cert certs[4];
};

static inline void fx_init(struct fx_firm *x, const char *founded)
{
	memset(x, 0, sizeof(*x));
	x->f.code = "91430100MA4L16JQ9B";
	x->f.name = "测试企业";
	x->f.founded = founded;
	x->f.years = x->years;
	x->f.certs = x->certs;
}

/* The row of year y, added (in ascending order) when absent. */
static inline struct firm_year *fx_year(struct fx_firm *x, int y)
{
	for (size_t i = 0; i < x->f.n_years; i++)
		if (x->years[i].year == y)
			return &x->years[i];
	struct firm_year *fy = &x->years[x->f.n_years++];
	firm_year_init(fy, y);
	return fy;
}

static inline void fx_cert(struct fx_firm *x, const char *cert, const char *from, const char *to)
{
	x->certs[x->f.n_certs++] = (struct firm_cert){cert, from, to};
}

/* The item with id in r, failing the test when absent. */
static inline const struct eval_item *fx_item(const struct eval_result *r, const char *id)
{
	for (size_t i = 0; i < r->n_items; i++)
		if (strcmp(r->items[i].id, id) == 0)
			return &r->items[i];
	fail_msg("no item '%s'", id);
	return NULL;
}

/* Whether some lift of r says `text` (in its Chinese what or need). */
static inline int fx_has_lift(const struct eval_result *r, const char *text)
{
	for (size_t i = 0; i < r->n_lifts; i++)
		if (strstr(r->lifts[i].what_zh, text) || strstr(r->lifts[i].need_zh, text))
			return 1;
	return 0;
}

#endif
