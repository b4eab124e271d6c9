/* test_rules.c - unit tests of core/rules.c and rule_applies_to: each rule kind (range,
 * non_negative, positive_integer, children_le_parent, yoy_jump) on cells built here, with the
 * exact violations a user is shown (rule, cell, other cell, severity, message), the only_new
 * filter an import uses, and the count returned past the caller's capacity. The plan is a small
 * one made in memory: a summing count in 家, a rank in 位, a share in %, and regions where a
 * park has two parents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/rules.h"
#include "base/banned.h"

#define NONE ((size_t)-1)
#define MAX_CELLS 16
#define MAX_VIOLATIONS 16

enum { I_FIRMS, I_RANK, I_SHARE, I_PATENTS, N_IND };
enum { R_PROV, R_CITY_A, R_CITY_B, R_ZONE, R_PARK, N_REG };

struct fixture {
	struct arena *arena;
	struct indicator ind[N_IND];
	struct region reg[N_REG];
	struct rule rule[4];
	struct plan plan;
	struct cell cells[MAX_CELLS];
	size_t n_cells;
	struct violation v[MAX_VIOLATIONS];
};

static int park_parents[] = {R_CITY_A, R_ZONE};
static int under_prov[] = {R_PROV};

static int setup(void **state)
{
	static struct fixture f;
	memset(&f, 0, sizeof(f));
	f.arena = arena_new();
	f.ind[I_FIRMS] = (struct indicator){.code = "firms", .name_zh = "高新技术企业数", .unit_zh = "家", .aggregation = AGG_SUM};
	f.ind[I_RANK] = (struct indicator){.code = "rank", .name_zh = "排名", .unit_zh = "位", .aggregation = AGG_NONE};
	f.ind[I_SHARE] = (struct indicator){.code = "share", .name_zh = "占比", .unit_zh = "%", .aggregation = AGG_NONE};
	f.ind[I_PATENTS] = (struct indicator){.code = "patents", .name_zh = "专利", .unit_zh = "件", .aggregation = AGG_NONE};
	f.reg[R_PROV] = (struct region){.code = "prov", .sums_into_idx = -1};
	f.reg[R_CITY_A] = (struct region){.code = "city_a", .n_parents = 1, .parents = under_prov, .sums_into_idx = -1};
	f.reg[R_CITY_B] = (struct region){.code = "city_b", .n_parents = 1, .parents = under_prov, .sums_into_idx = -1};
	f.reg[R_ZONE] = (struct region){.code = "zone", .n_parents = 1, .parents = under_prov, .sums_into_idx = -1};
	f.reg[R_PARK] = (struct region){.code = "park", .n_parents = 2, .parents = park_parents, .sums_into_idx = -1};
	f.plan.indicators = f.ind;
	f.plan.n_indicators = N_IND;
	f.plan.regions = f.reg;
	f.plan.n_regions = N_REG;
	f.plan.rules = f.rule;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_free(f->arena);
	return 0;
}

static void add_rule(struct fixture *f, struct rule r)
{
	f->rule[f->plan.n_rules++] = r;
}

static struct period per(const char *text)
{
	struct period p;
	if (!period_parse(text, strlen(text), &p))
		fail_msg("bad period in the test: %s", text);
	return p;
}

/* Append a cell and return its index. */
static size_t cell(struct fixture *f, int ind, int reg, const char *period, double value, enum obs_qualifier q, int is_new)
{
	assert_true(f->n_cells < MAX_CELLS);
	f->cells[f->n_cells] = (struct cell){ind, reg, per(period), value, q, is_new, (long)f->n_cells};
	return f->n_cells++;
}

static size_t check(struct fixture *f, int only_new)
{
	return rules_check(&f->plan, f->cells, f->n_cells, only_new, f->arena, f->v, MAX_VIOLATIONS);
}

static void expect(const struct fixture *f, size_t k, int rule, size_t cell_idx, size_t other, int is_warning, const char *msg)
{
	const struct violation *v = &f->v[k];
	assert_int_equal(v->rule, rule);
	assert_int_equal(v->cell, cell_idx);
	assert_int_equal(v->other, other);
	assert_int_equal(v->is_warning, is_warning);
	assert_string_equal(v->message, msg);
}

static void test_rules_check_range_min_and_max(void **state)
{
	struct fixture *f = *state;
	add_rule(f, (struct rule){.code = "share-range", .kind = RULE_RANGE, .applies = "share", .has_min = 1, .min = 0, .has_max = 1, .max = 100});
	size_t below = cell(f, I_SHARE, R_CITY_A, "2020", -0.5, QUAL_EXACT, 1);
	cell(f, I_SHARE, R_CITY_A, "2021", 0, QUAL_EXACT, 1);   /* the bounds themselves are allowed */
	cell(f, I_SHARE, R_CITY_A, "2022", 100, QUAL_EXACT, 1);
	size_t above = cell(f, I_SHARE, R_CITY_A, "2023", 100.5, QUAL_EXACT, 1);
	cell(f, I_RANK, R_CITY_A, "2023", 150, QUAL_EXACT, 1);  /* another indicator: not this rule's */
	assert_int_equal(check(f, 0), 2);
	expect(f, 0, 0, below, NONE, 0, "value -0.5 is below the minimum 0");
	expect(f, 1, 0, above, NONE, 0, "value 100.5 is above the maximum 100");
}

static void test_rules_check_range_with_one_bound(void **state)
{
	struct fixture *f = *state;
	add_rule(f, (struct rule){.code = "share-min", .kind = RULE_RANGE, .applies = "share", .has_min = 1, .min = 10});
	cell(f, I_SHARE, R_CITY_A, "2020", 1e9, QUAL_EXACT, 1);
	size_t low = cell(f, I_SHARE, R_CITY_A, "2021", 9.99, QUAL_EXACT, 1);
	assert_int_equal(check(f, 0), 1);
	expect(f, 0, 0, low, NONE, 0, "value 9.99 is below the minimum 10");
}

static void test_rules_check_non_negative(void **state)
{
	struct fixture *f = *state;
	add_rule(f, (struct rule){.code = "count-jia", .kind = RULE_NON_NEGATIVE, .applies = "unit:家"});
	cell(f, I_FIRMS, R_CITY_A, "2020", 0, QUAL_EXACT, 1);
	size_t neg = cell(f, I_FIRMS, R_CITY_A, "2021", -5, QUAL_EXACT, 1);
	cell(f, I_RANK, R_CITY_A, "2021", -5, QUAL_EXACT, 1); /* 位, not 家 */
	assert_int_equal(check(f, 0), 1);
	expect(f, 0, 0, neg, NONE, 0, "value -5 is negative; this indicator cannot be");
}

static void test_rules_check_positive_integer(void **state)
{
	struct fixture *f = *state;
	add_rule(f, (struct rule){.code = "rank-int", .kind = RULE_POSITIVE_INTEGER, .applies = "unit:位"});
	cell(f, I_RANK, R_CITY_A, "2019", 1, QUAL_EXACT, 1);
	size_t zero = cell(f, I_RANK, R_CITY_A, "2020", 0, QUAL_EXACT, 1);
	size_t half = cell(f, I_RANK, R_CITY_A, "2021", 2.5, QUAL_EXACT, 1);
	cell(f, I_RANK, R_CITY_A, "2022", 37, QUAL_EXACT, 1);
	size_t neg = cell(f, I_RANK, R_CITY_A, "2023", -3, QUAL_EXACT, 1);
	cell(f, I_SHARE, R_CITY_A, "2023", 2.5, QUAL_EXACT, 1); /* %, not 位 */
	assert_int_equal(check(f, 0), 3);
	expect(f, 0, 0, zero, NONE, 0, "value 0 is not a positive whole number (a rank starts at 1)");
	expect(f, 1, 0, half, NONE, 0, "value 2.5 is not a positive whole number (a rank starts at 1)");
	expect(f, 2, 0, neg, NONE, 0, "value -3 is not a positive whole number (a rank starts at 1)");
}

static void test_rules_check_children_le_parent(void **state)
{
	struct fixture *f = *state;
	add_rule(f, (struct rule){.code = "children", .kind = RULE_CHILDREN_LE_PARENT, .applies = "*"});
	size_t prov = cell(f, I_FIRMS, R_PROV, "2024", 100, QUAL_EXACT, 1);
	size_t city = cell(f, I_FIRMS, R_CITY_A, "2024", 120, QUAL_EXACT, 1);
	cell(f, I_FIRMS, R_CITY_B, "2024", 100, QUAL_EXACT, 1); /* equal to the parent: allowed */
	/* a non-summing indicator is never compared */
	cell(f, I_RANK, R_PROV, "2024", 3, QUAL_EXACT, 1);
	cell(f, I_RANK, R_CITY_A, "2024", 40, QUAL_EXACT, 1);
	/* a different period of the parent is not the parent's value */
	cell(f, I_FIRMS, R_CITY_B, "2023", 500, QUAL_EXACT, 1);
	assert_int_equal(check(f, 0), 1);
	expect(f, 0, 0, city, prov, 0, "value 120 of 'city_a' is larger than 100 of its parent region 'prov'");
}

static void test_rules_check_children_le_parent_skips_lower_bound_parent(void **state)
{
	struct fixture *f = *state;
	add_rule(f, (struct rule){.code = "children", .kind = RULE_CHILDREN_LE_PARENT, .applies = "*"});
	/* "超100家" for the province says at least 100: a city's 120 does not contradict it */
	cell(f, I_FIRMS, R_PROV, "2023", 100, QUAL_LOWER_BOUND, 1);
	cell(f, I_FIRMS, R_CITY_A, "2023", 120, QUAL_EXACT, 1);
	cell(f, I_FIRMS, R_PROV, "2024", 100, QUAL_FORECAST_LOWER_BOUND, 1);
	cell(f, I_FIRMS, R_CITY_A, "2024", 120, QUAL_EXACT, 1);
	/* a child given as "within the top N" (upper bound) is not compared either */
	cell(f, I_FIRMS, R_PROV, "2022", 100, QUAL_EXACT, 1);
	cell(f, I_FIRMS, R_CITY_A, "2022", 120, QUAL_UPPER_BOUND, 1);
	assert_int_equal(check(f, 0), 0);
}

static void test_rules_check_children_le_parent_child_of_two_parents(void **state)
{
	struct fixture *f = *state;
	add_rule(f, (struct rule){.code = "children", .kind = RULE_CHILDREN_LE_PARENT, .applies = "*"});
	cell(f, I_FIRMS, R_PROV, "2024", 1000, QUAL_EXACT, 1);
	cell(f, I_FIRMS, R_CITY_A, "2024", 120, QUAL_EXACT, 1);
	size_t zone = cell(f, I_FIRMS, R_ZONE, "2024", 80, QUAL_EXACT, 1);
	size_t park = cell(f, I_FIRMS, R_PARK, "2024", 90, QUAL_EXACT, 1);
	/* the park fits in its city (120) but not in its zone (80) */
	assert_int_equal(check(f, 0), 1);
	expect(f, 0, 0, park, zone, 0, "value 90 of 'park' is larger than 80 of its parent region 'zone'");
}

static void test_rules_check_yoy_jump(void **state)
{
	struct fixture *f = *state;
	add_rule(f, (struct rule){.code = "yoy", .kind = RULE_YOY_JUMP, .applies = "*", .has_max = 1, .max = 1, .is_warning = 1});
	size_t y2021 = cell(f, I_FIRMS, R_CITY_B, "2021", 100, QUAL_EXACT, 1);
	size_t y2022 = cell(f, I_FIRMS, R_CITY_B, "2022", 250, QUAL_EXACT, 1); /* +150%: over */
	cell(f, I_FIRMS, R_CITY_B, "2023", 300, QUAL_EXACT, 1);                 /* +20%: under */
	cell(f, I_FIRMS, R_CITY_B, "2024", 600, QUAL_EXACT, 1);                 /* +100%: at the bound */
	/* quarters compare with the same quarter a year earlier, not with the year */
	cell(f, I_FIRMS, R_CITY_B, "2023Q2", 10, QUAL_EXACT, 1);
	size_t q = cell(f, I_FIRMS, R_CITY_B, "2024Q2", 35, QUAL_EXACT, 1);     /* +250% */
	cell(f, I_FIRMS, R_CITY_B, "2024Q3", 1000, QUAL_EXACT, 1);              /* no 2023Q3 */
	/* a previous value of 0 gives no ratio */
	cell(f, I_FIRMS, R_CITY_A, "2020", 0, QUAL_EXACT, 1);
	cell(f, I_FIRMS, R_CITY_A, "2021", 50, QUAL_EXACT, 1);
	assert_int_equal(check(f, 0), 2);
	expect(f, 0, 0, y2022, y2021, 1, "value 250 changed by +150% from 100 a year earlier (more than 100%)");
	expect(f, 1, 0, q, q - 1, 1, "value 35 changed by +250% from 10 a year earlier (more than 100%)");
}

static void test_rules_check_yoy_jump_downwards(void **state)
{
	struct fixture *f = *state;
	add_rule(f, (struct rule){.code = "yoy", .kind = RULE_YOY_JUMP, .applies = "firms", .has_max = 1, .max = 0.5, .is_warning = 1});
	size_t a = cell(f, I_FIRMS, R_CITY_A, "2021", 100, QUAL_EXACT, 1);
	size_t b = cell(f, I_FIRMS, R_CITY_A, "2022", 40, QUAL_EXACT, 1);  /* -60% */
	cell(f, I_FIRMS, R_CITY_A, "2023", 30, QUAL_EXACT, 1);             /* -25% */
	assert_int_equal(check(f, 0), 1);
	expect(f, 0, 0, b, a, 1, "value 40 changed by -60% from 100 a year earlier (more than 50%)");
}

static void test_rules_check_only_new(void **state)
{
	struct fixture *f = *state;
	add_rule(f, (struct rule){.code = "share-range", .kind = RULE_RANGE, .applies = "share", .has_max = 1, .max = 100});
	add_rule(f, (struct rule){.code = "children", .kind = RULE_CHILDREN_LE_PARENT, .applies = "*"});
	add_rule(f, (struct rule){.code = "yoy", .kind = RULE_YOY_JUMP, .applies = "*", .has_max = 1, .max = 1, .is_warning = 1});
	/* stored values that already break rules: an import is not blamed for them */
	cell(f, I_SHARE, R_CITY_A, "2020", 150, QUAL_EXACT, 0);
	cell(f, I_FIRMS, R_PROV, "2020", 10, QUAL_EXACT, 0);
	cell(f, I_FIRMS, R_CITY_A, "2020", 20, QUAL_EXACT, 0);
	/* new values that do */
	size_t share = cell(f, I_SHARE, R_CITY_B, "2020", 101, QUAL_EXACT, 1);
	size_t city = cell(f, I_FIRMS, R_CITY_B, "2020", 30, QUAL_EXACT, 1);     /* new child, stored parent */
	size_t prov = cell(f, I_FIRMS, R_PROV, "2021", 10, QUAL_EXACT, 1);       /* new parent ... */
	size_t city_a = cell(f, I_FIRMS, R_CITY_A, "2021", 11, QUAL_EXACT, 0);   /* ... stored child */
	/* a new value whose jump is from a stored one */
	size_t y = cell(f, I_FIRMS, R_CITY_A, "2022", 33, QUAL_EXACT, 1);
	size_t n_all = check(f, 0);
	assert_int_equal(n_all, 6);
	assert_int_equal(check(f, 1), 4);
	expect(f, 0, 0, share, NONE, 0, "value 101 is above the maximum 100");
	expect(f, 1, 1, city, 1, 0, "value 30 of 'city_b' is larger than 10 of its parent region 'prov'");
	expect(f, 2, 1, city_a, prov, 0, "value 11 of 'city_a' is larger than 10 of its parent region 'prov'");
	expect(f, 3, 2, y, city_a, 1, "value 33 changed by +200% from 11 a year earlier (more than 100%)");
}

static void test_rules_check_counts_past_capacity(void **state)
{
	struct fixture *f = *state;
	add_rule(f, (struct rule){.code = "count-jia", .kind = RULE_NON_NEGATIVE, .applies = "unit:家"});
	cell(f, I_FIRMS, R_CITY_A, "2020", -1, QUAL_EXACT, 1);
	cell(f, I_FIRMS, R_CITY_A, "2021", -2, QUAL_EXACT, 1);
	cell(f, I_FIRMS, R_CITY_A, "2022", -3, QUAL_EXACT, 1);
	memset(f->v, 0, sizeof(f->v));
	assert_int_equal(rules_check(&f->plan, f->cells, f->n_cells, 0, f->arena, f->v, 1), 3);
	expect(f, 0, 0, 0, NONE, 0, "value -1 is negative; this indicator cannot be");
	assert_int_equal(f->v[1].message[0], '\0'); /* nothing written past the capacity */
}

static void test_rules_check_no_cells_no_rules(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(check(f, 0), 0);
	cell(f, I_FIRMS, R_CITY_A, "2020", -1, QUAL_EXACT, 1);
	assert_int_equal(check(f, 0), 0); /* no rules */
	add_rule(f, (struct rule){.code = "count-jia", .kind = RULE_NON_NEGATIVE, .applies = "unit:家"});
	f->n_cells = 0;
	assert_int_equal(check(f, 0), 0);
}

static void test_rule_applies_to(void **state)
{
	struct fixture *f = *state;
	struct rule all = {.code = "a", .applies = "*"};
	struct rule jia = {.code = "b", .applies = "unit:家"};
	struct rule ge = {.code = "c", .applies = "unit:个"};
	struct rule one = {.code = "d", .applies = "rank"};
	struct rule prefix = {.code = "e", .applies = "ran"};
	for (int i = 0; i < N_IND; i++) {
		assert_true(rule_applies_to(&f->plan, &all, i));
		assert_int_equal(rule_applies_to(&f->plan, &jia, i), i == I_FIRMS);
		assert_false(rule_applies_to(&f->plan, &ge, i));
		assert_int_equal(rule_applies_to(&f->plan, &one, i), i == I_RANK);
		assert_false(rule_applies_to(&f->plan, &prefix, i));
	}
}

static void test_cell_key_cmp_orders_cells(void **state)
{
	(void)state;
	struct cell a = {0, 1, per("2024"), 1, QUAL_EXACT, 0, 0}, b = a;
	assert_int_equal(cell_key_cmp(&a, &b), 0);
	b.value = 99; /* the value is not part of the key */
	assert_int_equal(cell_key_cmp(&a, &b), 0);
	b.period = per("2025");
	assert_true(cell_key_cmp(&a, &b) < 0 && cell_key_cmp(&b, &a) > 0);
	b = a;
	b.period = per("2024Q1");
	assert_true(cell_key_cmp(&a, &b) != 0);
	b = a;
	b.region = 2;
	assert_true(cell_key_cmp(&a, &b) < 0);
	b = a;
	b.indicator = 1;
	assert_true(cell_key_cmp(&a, &b) < 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_rules_check_range_min_and_max),
		T(test_rules_check_range_with_one_bound),
		T(test_rules_check_non_negative),
		T(test_rules_check_positive_integer),
		T(test_rules_check_children_le_parent),
		T(test_rules_check_children_le_parent_skips_lower_bound_parent),
		T(test_rules_check_children_le_parent_child_of_two_parents),
		T(test_rules_check_yoy_jump),
		T(test_rules_check_yoy_jump_downwards),
		T(test_rules_check_only_new),
		T(test_rules_check_counts_past_capacity),
		T(test_rules_check_no_cells_no_rules),
		T(test_rule_applies_to),
		T(test_cell_key_cmp_orders_cells),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
