/* test_xlsx_sheet.c - unit tests of ingest/xlsx_sheet.c's pure helpers (through xlsx_int.h):
 * cell references ("C5") to column and row, within Excel's A..XFD and 1..1048576, and column
 * numbers to letters. Reading whole worksheets is tested in test_xlsx.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ingest/xlsx.h"
#include "ingest/xlsx_int.h"
#include "base/banned.h"

static void expect_ref(const char *ref, int want_col, long want_row)
{
	int col = -1;
	long row = -1;
	enum ref_parse pr = xlsx_cell_ref_parse(ref, &col, &row);
	if (pr != REF_OK || col != want_col || row != want_row)
		fail_msg("'%s' parsed as %d: column %d row %ld, expected column %d row %ld", ref, (int)pr, col, row,
			 want_col, want_row);
}

/* A refused reference leaves *col and *row alone. */
static void expect_ref_refused(const char *ref, enum ref_parse want)
{
	int col = -7;
	long row = -7;
	enum ref_parse pr = xlsx_cell_ref_parse(ref, &col, &row);
	if (pr != want || col != -7 || row != -7)
		fail_msg("'%s' parsed as %d (column %d row %ld), expected %d", ref, (int)pr, col, row, (int)want);
}

static void expect_letters(int col, const char *want)
{
	char out[4];
	xlsx_col_letters(out, col);
	if (strcmp(out, want) != 0)
		fail_msg("column %d is '%s', expected '%s'", col, out, want);
}

static void test_xlsx_cell_ref_parse_good_refs(void **state)
{
	(void)state;
	expect_ref("A1", 0, 1);
	expect_ref("C5", 2, 5);
	expect_ref("Z9", 25, 9);
	expect_ref("AA10", 26, 10);
	expect_ref("IV65536", 255, 65536);
	expect_ref("XFD1", 16383, 1);
	expect_ref("A1048576", 0, 1048576);
	expect_ref("XFD1048576", 16383, 1048576);
}

static void test_xlsx_cell_ref_parse_past_the_sheet(void **state)
{
	(void)state;
	expect_ref_refused("XFE1", REF_PAST_XFD);
	expect_ref_refused("AAAA1", REF_PAST_XFD);
	expect_ref_refused("ZZZZZZZZZZZZZZZZZZZZZZZZ1", REF_PAST_XFD);
	expect_ref_refused("A1048577", REF_BAD_ROW);
	expect_ref_refused("A99999999999999999999999", REF_BAD_ROW);
	/* both past: the column is reported */
	expect_ref_refused("XFE1048577", REF_PAST_XFD);
}

static void test_xlsx_cell_ref_parse_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "1", "A", "A0", "A01", "a1", "$A$1", "A$1", "A1B", "A-1", "A 1", "A1 ", " A1", "A1:B2", "1A", "Ä1",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_ref_refused(bad[i], REF_MALFORMED);
}

static void test_xlsx_col_letters_edges(void **state)
{
	(void)state;
	expect_letters(0, "A");
	expect_letters(25, "Z");
	expect_letters(26, "AA");
	expect_letters(51, "AZ");
	expect_letters(52, "BA");
	expect_letters(701, "ZZ");
	expect_letters(702, "AAA");
	expect_letters(16383, "XFD");
}

static void test_xlsx_col_letters_round_trip(void **state)
{
	(void)state;
	for (int c = 0; c < XLSX_MAX_COL; c++) {
		char letters[4], ref[16];
		xlsx_col_letters(letters, c);
		snprintf(ref, sizeof(ref), "%s7", letters);
		expect_ref(ref, c, 7);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsx_cell_ref_parse_good_refs),
		cmocka_unit_test(test_xlsx_cell_ref_parse_past_the_sheet),
		cmocka_unit_test(test_xlsx_cell_ref_parse_malformed),
		cmocka_unit_test(test_xlsx_col_letters_edges),
		cmocka_unit_test(test_xlsx_col_letters_round_trip),
	};
	return cmocka_run_group_tests_name("ingest/xlsx_sheet", tests, NULL, NULL);
}
