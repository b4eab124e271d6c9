/* test_diag.c - unit tests of base/diag.c: entries copy their strings, warnings do not count as
 * errors, the list stops recording at its cap but keeps counting, values are cut on a UTF-8
 * boundary, a diagnostic placed at an earlier place of the list reads as if added then (the
 * cap included), and diag_print writes the "file:line:col: error: msg" lines users see. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/diag.h"
#include "base/banned.h"

static int setup(void **state)
{
	*state = arena_new();
	return 0;
}

static int teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* diag_print into a heap string (caller frees). */
static char *printed(const struct diag_list *l)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	diag_print(l, f);
	fclose(f);
	return text;
}

static void test_diag_add_copies_everything(void **state)
{
	struct diag_list l;
	diag_init(&l, *state);
	char file[] = "units.csv", field[] = "kind";
	struct diag *d = diag_add(&l, file, 3, 4, field, "bad_kind", "kind '%s' is unknown", "dept");
	file[0] = 'X', field[0] = 'X';
	assert_non_null(d);
	assert_int_equal(l.n, 1);
	assert_int_equal(diag_errors(&l), 1);
	assert_string_equal(d->file, "units.csv");
	assert_int_equal(d->line, 3);
	assert_int_equal(d->col, 4);
	assert_string_equal(d->field, "kind");
	assert_string_equal(d->code, "bad_kind");
	assert_string_equal(d->msg, "kind 'dept' is unknown");
	assert_null(d->value);
	assert_null(d->sheet);
	assert_false(d->is_warning);
}

static void test_diag_warning_is_not_an_error(void **state)
{
	struct diag_list l;
	diag_init(&l, *state);
	assert_non_null(diag_warn(&l, "a.csv", 1, 0, NULL, "odd", "looks odd"));
	assert_int_equal(l.n, 1);
	assert_int_equal(diag_errors(&l), 0);
	assert_true(l.items[0].is_warning);
	assert_non_null(diag_add(&l, NULL, 0, 0, NULL, NULL, "no code given"));
	assert_int_equal(diag_errors(&l), 1);
	assert_string_equal(l.items[1].code, "invalid");
}

static void test_diag_keeps_growing(void **state)
{
	struct diag_list l;
	diag_init(&l, *state);
	for (int i = 0; i < 100; i++)
		assert_non_null(diag_add(&l, "f.csv", i + 1, 1, NULL, "x", "problem %d", i));
	assert_int_equal(l.n, 100);
	assert_string_equal(l.items[0].msg, "problem 0");
	assert_string_equal(l.items[99].msg, "problem 99");
	assert_int_equal(l.items[57].line, 58);
}

static void test_diag_cap_counts_dropped(void **state)
{
	struct diag_list l;
	diag_init(&l, *state);
	assert_int_equal(l.max, DIAG_DEFAULT_MAX);
	l.max = 2;
	assert_non_null(diag_add(&l, "f.csv", 1, 1, NULL, "x", "one"));
	assert_non_null(diag_add(&l, "f.csv", 2, 1, NULL, "x", "two"));
	struct diag *d = diag_add(&l, "f.csv", 3, 1, NULL, "x", "three");
	assert_null(d);
	diag_set_value(&l, d, "ignored", 7); /* NULL entry allowed */
	assert_int_equal(l.n, 2);
	assert_int_equal(l.n_dropped, 1);
	assert_int_equal(diag_errors(&l), 3);
	char *text = printed(&l);
	assert_string_equal(text, "f.csv:1:1: error: one\nf.csv:2:1: error: two\n... and 1 more\n");
	free(text);
}

/* Rows 1 and 3 add theirs, then row 2's finding is placed where row 2 stood: the list is the
 * one rows checked in turn would give, and with a cap of 2 the last one makes way. */
static void test_diag_add_at_reads_in_row_order(void **state)
{
	struct diag_list l;
	diag_init(&l, *state);
	assert_non_null(diag_add(&l, "f.csv", 1, 1, NULL, "x", "one"));
	size_t at = diag_count(&l);
	assert_non_null(diag_add(&l, "f.csv", 3, 1, NULL, "x", "three"));
	struct diag *d = diag_add_at(&l, at, "f.csv", 2, 1, NULL, "x", "two");
	assert_non_null(d);
	assert_string_equal(d->msg, "two");
	assert_non_null(diag_add_at(&l, diag_count(&l), "f.csv", 4, 1, NULL, "x", "four")); /* at the end */
	char *text = printed(&l);
	assert_string_equal(text, "f.csv:1:1: error: one\nf.csv:2:1: error: two\nf.csv:3:1: error: three\nf.csv:4:1: error: four\n");
	free(text);

	struct diag_list c;
	diag_init(&c, *state);
	c.max = 2;
	assert_non_null(diag_add(&c, "f.csv", 1, 1, NULL, "x", "one"));
	at = diag_count(&c);
	assert_non_null(diag_add(&c, "f.csv", 3, 1, NULL, "x", "three"));
	assert_null(diag_add(&c, "f.csv", 4, 1, NULL, "x", "four"));
	assert_non_null(diag_add_at(&c, at, "f.csv", 2, 1, NULL, "x", "two"));
	assert_null(diag_add_at(&c, diag_count(&c) - 1, "f.csv", 5, 1, NULL, "x", "past the cap"));
	assert_int_equal(c.n, 2);
	assert_int_equal(c.n_dropped, 3);
	assert_int_equal(diag_errors(&c), 5);
	text = printed(&c);
	assert_string_equal(text, "f.csv:1:1: error: one\nf.csv:2:1: error: two\n... and 3 more\n");
	free(text);
}

static void test_diag_set_value_cuts_on_utf8_boundary(void **state)
{
	struct diag_list l;
	diag_init(&l, *state);
	struct diag *d = diag_add(&l, "f.csv", 1, 1, NULL, "x", "long");
	char value[128] = "";
	for (int i = 0; i < 30; i++) /* 30 x 3 bytes = 90 bytes */
		memcpy(value + i * 3, "长", 3);
	diag_set_value(&l, d, value, 90);
	/* 80 bytes would split the 27th character: cut back to 26 whole characters */
	assert_int_equal(strlen(d->value), 78);
	assert_memory_equal(d->value, value, 78);
	diag_set_value(&l, d, "short", 5);
	assert_string_equal(d->value, "short");
}

static void test_diag_print_formats(void **state)
{
	struct diag_list l;
	diag_init(&l, *state);
	struct diag *d = diag_add(&l, "targets.csv", 9, 4, "comparator", "bad_comparator", "unknown comparator '=>'");
	diag_set_value(&l, d, "=>", 2);
	diag_add(&l, "plan.csv", 3, 0, NULL, "plan_rows", "plan.csv must have exactly one plan row, not 2");
	diag_add(&l, "goals.csv", 0, 0, NULL, "missing_file", "required file 'goals.csv' is missing");
	diag_add(&l, NULL, 0, 0, NULL, "x", "no position");
	diag_add(&l, "m.csv", 2, 3, "text_zh", "missing", "required value 'text_zh' is empty");
	d = diag_add(&l, NULL, 0, 0, NULL, "x", "only a value");
	diag_set_value(&l, d, "v", 1);
	diag_warn(&l, "w.csv", 5, 1, NULL, "odd", "a warning");
	char *text = printed(&l);
	assert_string_equal(text,
			    "targets.csv:9:4: error: unknown comparator '=>' (column 'comparator', value '=>')\n"
			    "plan.csv:3: error: plan.csv must have exactly one plan row, not 2\n"
			    "goals.csv: error: required file 'goals.csv' is missing\n"
			    "error: no position\n"
			    "m.csv:2:3: error: required value 'text_zh' is empty (column 'text_zh')\n"
			    "error: only a value (value 'v')\n"
			    "w.csv:5:1: warning: a warning\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_diag_add_copies_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diag_warning_is_not_an_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diag_keeps_growing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diag_cap_counts_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diag_add_at_reads_in_row_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diag_set_value_cuts_on_utf8_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diag_print_formats, setup, teardown),
	};
	return cmocka_run_group_tests_name("base/diag", tests, NULL, NULL);
}
