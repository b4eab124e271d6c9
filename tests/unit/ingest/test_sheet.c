/* test_sheet.c - unit tests of ingest/sheet.c's CSV reading: every row must have the header's
 * number of fields (an unquoted "1,234" is an error naming the file, the line and both counts,
 * never a silently shortened row), every such row is reported, a quoted "1,234" is one cell,
 * rows with no text at all are skipped whatever their shape, and line numbers count from the
 * start of a record that spans lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ingest/sheet.h"
#include "base/banned.h"

struct fixture {
	struct arena *arena;
	struct diag_list diags;
	struct sheet sheet;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->arena = arena_new();
	diag_init(&f->diags, f->arena);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_free(f->arena);
	free(f);
	return 0;
}

static enum status read_csv(struct fixture *f, const char *text)
{
	return sheet_from_csv(f->arena, "values.csv", text, strlen(text), &f->sheet, &f->diags);
}

static void expect_shape_error(const struct diag *d, long line, const char *counts)
{
	assert_string_equal(d->code, "row_shape");
	assert_string_equal(d->file, "values.csv");
	assert_int_equal(d->line, line);
	assert_int_equal(d->is_warning, 0);
	if (!strstr(d->msg, counts))
		fail_msg("message '%s' does not say '%s'", d->msg, counts);
}

static void test_sheet_from_csv_thousands_separator_is_an_error(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(read_csv(f, "indicator,region,period,value,source\n"
				     "tech_contract_turnover,hunan,2024,1,234,统计公报\n"),
			 ST_INVALID);
	assert_int_equal(f->diags.n, 1);
	const struct diag *d = &f->diags.items[0];
	expect_shape_error(d, 2, "the row has 6 fields but the header has 5");
	assert_non_null(strstr(d->msg, "a number with a thousands separator must be quoted (\"1,234\")"));
}

static void test_sheet_from_csv_short_row_is_an_error(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(read_csv(f, "indicator,region,period,value,source\n"
				     "tech_contract_turnover,hunan,2024\n"),
			 ST_INVALID);
	assert_int_equal(f->diags.n, 1);
	expect_shape_error(&f->diags.items[0], 2, "the row has 3 fields but the header has 5");
}

static void test_sheet_from_csv_reports_every_bad_row(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(read_csv(f, "a,b,c\n"
				     "1,2,3\n"
				     "1,2,3,4\n"
				     "1,2,3\n"
				     "1,2\n"),
			 ST_INVALID);
	assert_int_equal(diag_errors(&f->diags), 2);
	expect_shape_error(&f->diags.items[0], 3, "the row has 4 fields but the header has 3");
	expect_shape_error(&f->diags.items[1], 5, "the row has 2 fields but the header has 3");
}

static void test_sheet_from_csv_quoted_thousands_separator_is_one_cell(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(read_csv(f, "indicator,region,period,value,source\r\n"
				     "tech_contract_turnover,hunan,2024,\"1,234\",统计公报\r\n"),
			 ST_OK);
	assert_int_equal(f->diags.n, 0);
	assert_int_equal(f->sheet.n_rows, 2);
	assert_int_equal(f->sheet.rows[1].n_cells, 5);
	assert_true(str_eq(f->sheet.rows[1].cells[3], "1,234"));
}

/* A spreadsheet saved as CSV below its data leaves ",,," rows: no text, nothing lost. */
static void test_sheet_from_csv_empty_rows_are_skipped_whatever_their_shape(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(read_csv(f, "a,b,c\n1,2,3\n,,,,\n,\n\n"), ST_OK);
	assert_int_equal(f->diags.n, 0);
	assert_int_equal(f->sheet.n_rows, 2);
}

/* The line named is where the record starts, after a quoted field spanning lines. */
static void test_sheet_from_csv_line_of_a_multiline_record(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(read_csv(f, "a,b,c\n\"x\ny\",2,3\n\"p\nq\",2,3,4\n"), ST_INVALID);
	assert_int_equal(f->diags.n, 1);
	expect_shape_error(&f->diags.items[0], 4, "the row has 4 fields but the header has 3");
}

static void test_sheet_from_csv_tab_separated_shape(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(read_csv(f, "a\tb\tc\n1\t2\n"), ST_INVALID);
	assert_int_equal(f->diags.n, 1);
	expect_shape_error(&f->diags.items[0], 2, "the row has 2 fields but the header has 3");
	assert_non_null(strstr(f->diags.items[0].msg, "a text with a tab must be quoted"));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_sheet_from_csv_thousands_separator_is_an_error),
		T(test_sheet_from_csv_short_row_is_an_error),
		T(test_sheet_from_csv_reports_every_bad_row),
		T(test_sheet_from_csv_quoted_thousands_separator_is_one_cell),
		T(test_sheet_from_csv_empty_rows_are_skipped_whatever_their_shape),
		T(test_sheet_from_csv_line_of_a_multiline_record),
		T(test_sheet_from_csv_tab_separated_shape),
	};
#undef T
	return cmocka_run_group_tests_name("ingest/sheet", tests, NULL, NULL);
}
