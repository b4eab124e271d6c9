/* test_expr.c - formulas: parsing (precedence, last(), errors with their position, caps) and
 * evaluation (missing values, division by zero). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/expr.h"
#include "base/banned.h"

struct vals {
	double stock, pop_now, pop_last;
	int has_stock, has_pop_now, has_pop_last;
};

static int lookup(void *ctx, const char *code, int is_last, double *out)
{
	const struct vals *v = ctx;
	if (strcmp(code, "stock") == 0 && v->has_stock) {
		*out = v->stock;
		return 1;
	}
	if (strcmp(code, "population") == 0 && !is_last && v->has_pop_now) {
		*out = v->pop_now;
		return 1;
	}
	if (strcmp(code, "population") == 0 && is_last && v->has_pop_last) {
		*out = v->pop_last;
		return 1;
	}
	return 0;
}

static double eval_text(const char *s, const struct vals *v, int *ok)
{
	struct arena *a = arena_new();
	size_t at;
	const char *err;
	struct expr *e = expr_parse(a, s, strlen(s), &at, &err);
	double out = NAN;
	*ok = e && expr_eval(e, lookup, (void *)(uintptr_t)v, &out);
	arena_free(a);
	return out;
}

static void test_expr_eval_precedence_and_parentheses(void **state)
{
	(void)state;
	struct vals v = {0};
	int ok;
	assert_float_equal(eval_text("1 + 2 * 3", &v, &ok), 7, 1e-12);
	assert_true(ok);
	assert_float_equal(eval_text("(1 + 2) * 3", &v, &ok), 9, 1e-12);
	assert_float_equal(eval_text("10 / 4 - 1", &v, &ok), 1.5, 1e-12);
	assert_float_equal(eval_text("-2 * -3", &v, &ok), 6, 1e-12);
	assert_float_equal(eval_text("8 / 2 / 2", &v, &ok), 2, 1e-12); /* left to right */
	assert_float_equal(eval_text("1e4 * 2.5", &v, &ok), 25000, 1e-9);
}

static void test_expr_eval_references_and_last(void **state)
{
	(void)state;
	/* 长株潭, July 2025: 104,255 valid invention patents over 1,714.61万 people (2024) */
	struct vals v = {104255, 0, 1714.61, 1, 0, 1};
	int ok;
	double d = eval_text("stock / last(population)", &v, &ok);
	assert_true(ok);
	assert_float_equal(d, 60.8039, 1e-3);
	/* the same period's population is missing: the plain reference is missing too */
	eval_text("stock / population", &v, &ok);
	assert_false(ok);
	v.has_stock = 0;
	eval_text("stock / last(population)", &v, &ok);
	assert_false(ok);
}

static void test_expr_eval_division_by_zero_is_missing(void **state)
{
	(void)state;
	struct vals v = {5, 0, 0, 1, 1, 1};
	int ok;
	eval_text("stock / population", &v, &ok);
	assert_false(ok);
	eval_text("1 / (2 - 2)", &v, &ok);
	assert_false(ok);
}

static void test_expr_refs_lists_every_code(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	size_t at;
	const char *err, *codes[4];
	struct expr *e = expr_parse(a, "a + b * last(c) - a", 19, &at, &err);
	assert_non_null(e);
	assert_int_equal(expr_refs(e, codes, 4), 4);
	assert_string_equal(codes[0], "a");
	assert_string_equal(codes[1], "b");
	assert_string_equal(codes[2], "c");
	assert_string_equal(codes[3], "a");
	assert_int_equal(expr_refs(e, codes, 2), 4); /* counts past max */
	/* '-' is subtraction, never part of a code: "cs-hitech" names cs and hitech */
	e = expr_parse(a, "a - cs-hitech", 13, &at, &err);
	assert_non_null(e);
	assert_int_equal(expr_refs(e, codes, 4), 3);
	assert_string_equal(codes[1], "cs");
	assert_string_equal(codes[2], "hitech");
	arena_free(a);
}

static void check_error(const char *s, size_t want_at, const char *want_text)
{
	struct arena *a = arena_new();
	size_t at = 999;
	const char *err = NULL;
	assert_null(expr_parse(a, s, strlen(s), &at, &err));
	assert_int_equal(at, want_at);
	assert_non_null(strstr(err, want_text));
	arena_free(a);
}

static void test_expr_parse_errors_name_the_position(void **state)
{
	(void)state;
	check_error("", 0, "ends where");
	check_error("a +", 3, "ends where");
	check_error("(a + b", 6, "')' is missing");
	check_error("a b", 2, "unexpected text");
	check_error("a + * b", 4, "was expected");
	check_error("1..2", 0, "not a number");
	check_error("last(1)", 5, "last() takes an indicator code");
	check_error("last(a", 6, "')' is missing after last(code");
	check_error("a ; b", 2, "unexpected text");
}

static void test_expr_parse_caps_hostile_input(void **state)
{
	(void)state;
	char deep[200];
	memset(deep, '(', 100);
	deep[100] = '1';
	memset(deep + 101, ')', 98);
	deep[199] = '\0';
	check_error(deep, EXPR_MAX_DEPTH / 2, "nests too deeply");
	char longer[EXPR_MAX_BYTES + 10];
	memset(longer, '1', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	check_error(longer, EXPR_MAX_BYTES, "longer than 1024");
	char many[1000];
	size_t n = 0;
	for (int i = 0; i < 300 && n + 4 < sizeof(many); i++) {
		memcpy(many + n, "1+", 2);
		n += 2;
	}
	many[n++] = '1';
	many[n] = '\0';
	struct arena *a = arena_new();
	size_t at;
	const char *err;
	assert_null(expr_parse(a, many, n, &at, &err));
	assert_non_null(strstr(err, "too long"));
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expr_eval_precedence_and_parentheses),
		cmocka_unit_test(test_expr_eval_references_and_last),
		cmocka_unit_test(test_expr_eval_division_by_zero_is_missing),
		cmocka_unit_test(test_expr_refs_lists_every_code),
		cmocka_unit_test(test_expr_parse_errors_name_the_position),
		cmocka_unit_test(test_expr_parse_caps_hostile_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
