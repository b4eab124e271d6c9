/* test_xlsx_workbook.c - unit tests of ingest/xlsx_workbook.c's pure helper (through
 * xlsx_int.h): a relationship target resolved to a part name, relative to the source part's
 * folder or from the package root, with "." and ".." resolved and never above the root.
 * Reading workbooks and their relationships is tested in test_xlsx.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/arena.h"
#include "ingest/xlsx_int.h"
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

static void expect_part(struct arena *a, const char *base, const char *target, const char *want)
{
	const char *got = xlsx_part_resolve(a, base, target);
	if (strcmp(got, want) != 0)
		fail_msg("target '%s' from '%s' is '%s', expected '%s'", target, base, got, want);
}

static void test_xlsx_part_resolve_relative(void **state)
{
	struct arena *a = *state;
	expect_part(a, "", "xl/workbook.xml", "xl/workbook.xml");
	expect_part(a, "xl/", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml");
	expect_part(a, "xl/", "sharedStrings.xml", "xl/sharedStrings.xml");
	expect_part(a, "xl/worksheets/", "../styles.xml", "xl/styles.xml");
	expect_part(a, "xl/", "./styles.xml", "xl/styles.xml");
	expect_part(a, "xl/", "worksheets/../worksheets/./sheet2.xml", "xl/worksheets/sheet2.xml");
	expect_part(a, "xl/", "a//b", "xl/a/b");
}

static void test_xlsx_part_resolve_from_root(void **state)
{
	struct arena *a = *state;
	expect_part(a, "xl/", "/xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml");
	expect_part(a, "xl/worksheets/", "/sheet.xml", "sheet.xml");
	expect_part(a, "", "/", "");
}

static void test_xlsx_part_resolve_stays_in_the_package(void **state)
{
	struct arena *a = *state;
	expect_part(a, "xl/", "../../../etc/passwd", "etc/passwd");
	expect_part(a, "xl/", "..", "");
	expect_part(a, "", "../x.xml", "x.xml");
	expect_part(a, "xl/", "/../../x.xml", "x.xml");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_xlsx_part_resolve_relative, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xlsx_part_resolve_from_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xlsx_part_resolve_stays_in_the_package, setup, teardown),
	};
	return cmocka_run_group_tests_name("ingest/xlsx_workbook", tests, NULL, NULL);
}
