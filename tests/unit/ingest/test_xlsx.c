/* test_xlsx.c - unit tests of ingest/xlsx.c. Every workbook is built here, part by part, with
 * libzip in memory, so each case shows the exact XML it feeds: shared, rich and inline strings,
 * numbers, booleans, date formats and both date systems, formulas and error cells, column gaps,
 * sheet choice, and hostile input (truncation, random bytes, a zip bomb, a lying size field,
 * DTDs, rows and cells out of order). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <zip.h>

#include "ingest/xlsx.h"
#include "zip_parts.h"
#include "base/banned.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define SHEET_OPEN XML_DECL "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheetData>"
#define SHEET_CLOSE "</sheetData></worksheet>"
#define FORMULA_HINT "; paste the values instead (复制后选择性粘贴为数值)"
#define NOT_A_WORKBOOK "the file is not a readable .xlsx workbook (truncated or not a zip file)"

struct fixture {
	struct arena *arena;
	struct diag_list diags;
	struct sheet sheet;
};

/* A workbook described by its content; book_parts turns it into the XML parts. */
struct book {
	const char *names[3];   /* sheet names in workbook order (NULL-terminated) */
	const char *rows[3];    /* the <sheetData> content of each sheet */
	int is_parts_reversed;  /* the first sheet lives in the last sheetN.xml */
	const char *shared;     /* <si> items, or NULL for no sharedStrings part */
	const char *num_fmts;   /* <numFmt> items for the styles part */
	const char *cell_xfs;   /* <xf> items, or NULL for no styles part */
	const char *workbook_pr; /* attributes of <workbookPr> */
};

static int group_setup(void **state)
{
	(void)state;
	xlsx_global_init();
	return 0;
}

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


/* The parts of b, strings in the fixture's arena; returns the number written to parts[12]. */
static size_t book_parts(struct fixture *f, const struct book *b, struct part parts[12])
{
	struct arena *a = f->arena;
	size_t n_sheets = 0;
	while (n_sheets < 3 && b->names[n_sheets])
		n_sheets++;
	size_t n = 0;
	parts[n++] = (struct part){"[Content_Types].xml",
				   XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
					    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>", 0};
	parts[n++] = (struct part){"_rels/.rels",
				   XML_DECL "<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"rId1\" Type=\"" NS_REL
					    "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>", 0};
	char *sheets = "", *rels = "";
	for (size_t i = 0; i < n_sheets; i++) {
		size_t part_no = b->is_parts_reversed ? n_sheets - i : i + 1;
		sheets = arena_printf(a, "%s<sheet name=\"%s\" sheetId=\"%zu\" r:id=\"rId%zu\"/>", sheets, b->names[i], i + 1,
				      i + 1);
		rels = arena_printf(a, "%s<Relationship Id=\"rId%zu\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet%zu.xml\"/>",
				    rels, i + 1, part_no);
	}
	parts[n++] = (struct part){"xl/workbook.xml",
				   arena_printf(a, XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL
							    "\"><workbookPr %s/><bookViews/><sheets>%s</sheets></workbook>",
						b->workbook_pr ? b->workbook_pr : "", sheets), 0};
	parts[n++] = (struct part){"xl/_rels/workbook.xml.rels",
				   arena_printf(a, XML_DECL "<Relationships xmlns=\"" NS_PKG "\">%s"
							    "<Relationship Id=\"rId90\" Type=\"" NS_REL "/styles\" Target=\"styles.xml\"/>"
							    "<Relationship Id=\"rId91\" Type=\"" NS_REL "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
							    "</Relationships>", rels), 0};
	for (size_t k = 1; k <= n_sheets; k++) {
		size_t i = b->is_parts_reversed ? n_sheets - k : k - 1;
		parts[n++] = (struct part){arena_printf(a, "xl/worksheets/sheet%zu.xml", k),
					   arena_printf(a, SHEET_OPEN "%s" SHEET_CLOSE, b->rows[i] ? b->rows[i] : ""), 0};
	}
	if (b->shared)
		parts[n++] = (struct part){"xl/sharedStrings.xml",
					   arena_printf(a, XML_DECL "<sst xmlns=\"" NS_MAIN "\">%s</sst>", b->shared), 0};
	if (b->cell_xfs)
		/* cellStyleXfs comes first and holds a date format: only cellXfs may count. */
		parts[n++] = (struct part){"xl/styles.xml",
					   arena_printf(a, XML_DECL "<styleSheet xmlns=\"" NS_MAIN "\"><numFmts>%s</numFmts>"
								    "<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"
								    "<cellXfs>%s</cellXfs></styleSheet>",
							b->num_fmts ? b->num_fmts : "", b->cell_xfs), 0};
	return n;
}

static enum status read_bytes(struct fixture *f, const void *buf, size_t len, const char *sheet_name)
{
	return sheet_from_xlsx(f->arena, "values.xlsx", buf, len, sheet_name, &f->sheet, &f->diags);
}

/* Build b, read sheet_name from it, and free the zip: the sheet must not point into it. */
static enum status read_book(struct fixture *f, const struct book *b, const char *sheet_name)
{
	struct part parts[12];
	size_t n = book_parts(f, b, parts);
	size_t len;
	unsigned char *zip = zip_parts(parts, n, &len);
	enum status rc = read_bytes(f, zip, len, sheet_name);
	memset(zip, 0, len);
	free(zip);
	return rc;
}

/* Row i has exactly the cells in want (NULL-terminated) and the Excel row number line. */
static void expect_row(const struct fixture *f, size_t i, long line, const char *const *want)
{
	assert_true(i < f->sheet.n_rows);
	const struct sheet_row *row = &f->sheet.rows[i];
	size_t n = 0;
	while (want[n])
		n++;
	assert_int_equal(row->line, line);
	if (row->n_cells != n)
		fail_msg("row %zu (line %ld) has %zu cells, expected %zu", i, line, row->n_cells, n);
	for (size_t c = 0; c < n; c++)
		if (!str_eq(row->cells[c], want[c]))
			fail_msg("row %zu cell %zu is '%.*s', expected '%s'", i, c, (int)row->cells[c].len, row->cells[c].p,
				 want[c]);
}

static void expect_diag(const struct fixture *f, size_t k, const char *code, long line, int col, const char *msg)
{
	if (k >= f->diags.n)
		fail_msg("expected diagnostic %zu (%s), have only %zu", k, code, f->diags.n);
	const struct diag *d = &f->diags.items[k];
	assert_string_equal(d->file, "values.xlsx");
	assert_string_equal(d->code, code);
	assert_int_equal(d->line, line);
	assert_int_equal(d->col, col);
	assert_string_equal(d->msg, msg);
}

#define ROW(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_sheet_from_xlsx_reads_shared_strings(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"Sheet1"},
		.rows = {"<row r=\"1\" spans=\"1:4\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
			 "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c></row>"
			 "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>4</v></c><c r=\"B2\" t=\"s\"><v>5</v></c>"
			 "<c r=\"C2\" t=\"s\"><v>6</v></c><c r=\"D2\"><v>1200</v></c></row>"},
		/* 指标, 地区, 时期, 数值; a rich-text pair of runs; padding and a phonetic run; escapes */
		.shared = "<si><t>指标</t></si><si><t>地区</t></si><si><t>时期</t></si><si><t>数值</t></si>"
			  "<si><r><rPr><b/></rPr><t>长株潭</t></r><r><t xml:space=\"preserve\"> 示范区</t></r></si>"
			  "<si><t xml:space=\"preserve\">  长沙 </t><rPh sb=\"0\" eb=\"2\"><t>チャンシャ</t></rPh></si>"
			  "<si><t>a_x000D_b_x005F_x0041_</t></si>",
	};
	assert_int_equal(read_book(f, &b, NULL), ST_OK);
	assert_int_equal(f->diags.n, 0);
	assert_string_equal(f->sheet.file, "values.xlsx");
	assert_string_equal(f->sheet.sheet_name, "Sheet1");
	assert_int_equal(f->sheet.n_rows, 2);
	expect_row(f, 0, 1, ROW("指标", "地区", "时期", "数值"));
	expect_row(f, 1, 2, ROW("长株潭 示范区", "长沙", "a\rb_x0041_", "1200"));
}

static void test_sheet_from_xlsx_reads_inline_strings(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"Sheet1"},
		.rows = {"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>指标</t></is></c>"
			 "<c r=\"B1\" t=\"inlineStr\"><is><r><t>地</t></r><r><t>区</t></r><rPh><t>ちく</t></rPh></is></c>"
			 "<c r=\"C1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">  数值\xE3\x80\x80</t></is></c>"
			 "<c r=\"D1\" t=\"inlineStr\"><is><t><![CDATA[a<b]]></t></is></c></row>"},
	};
	assert_int_equal(read_book(f, &b, NULL), ST_OK);
	assert_int_equal(f->sheet.n_rows, 1);
	expect_row(f, 0, 1, ROW("指标", "地区", "数值", "a<b"));
}

static void test_sheet_from_xlsx_formats_numbers(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"Sheet1"},
		.rows = {"<row r=\"1\"><c r=\"A1\"><v>1200</v></c><c r=\"B1\"><v>0.5</v></c><c r=\"C1\"><v>12345.67</v></c>"
			 "<c r=\"D1\"><v>0.30000000000000004</v></c><c r=\"E1\" t=\"n\"><v>-3</v></c>"
			 "<c r=\"F1\"><v>1.5E-7</v></c><c r=\"G1\"><v>1E+21</v></c><c r=\"H1\"><v>123456789012</v></c>"
			 "<c r=\"I1\"><v>0.000001</v></c><c r=\"J1\"><v>2.5E-3</v></c><c r=\"K1\"><v>-0</v></c>"
			 "<c r=\"L1\"><v>1200.0</v></c><c r=\"M1\"><v> 42 </v></c></row>"},
	};
	assert_int_equal(read_book(f, &b, NULL), ST_OK);
	expect_row(f, 0, 1,
		   ROW("1200", "0.5", "12345.67", "0.30000000000000004", "-3", "1.5e-7", "1e+21", "123456789012", "0.000001",
		       "0.0025", "0", "1200", "42"));
}

static void test_sheet_from_xlsx_reads_booleans(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"Sheet1"},
		.rows = {"<row r=\"1\"><c r=\"A1\" t=\"b\"><v>1</v></c><c r=\"B1\" t=\"b\"><v>0</v></c></row>"},
	};
	assert_int_equal(read_book(f, &b, NULL), ST_OK);
	expect_row(f, 0, 1, ROW("TRUE", "FALSE"));
}

static const char date_fmts[] = "<numFmt numFmtId=\"164\" formatCode=\"yyyy-mm\"/>"
				"<numFmt numFmtId=\"165\" formatCode=\"0.00\"/>"
				"<numFmt numFmtId=\"166\" formatCode=\"[h]:mm:ss\"/>"
				"<numFmt numFmtId=\"167\" formatCode=\"&quot;day&quot; 0\"/>"
				"<numFmt numFmtId=\"168\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
				"<numFmt numFmtId=\"169\" formatCode=\"[Red]0.0;\\d0\"/>";
/* xf 0 General, 1 built-in 14 (m/d/yyyy), 2-7 the custom formats, 8 built-in 31 (zh-CN date) */
static const char date_xfs[] = "<xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/><xf numFmtId=\"164\"/>"
			       "<xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/><xf numFmtId=\"168\"/>"
			       "<xf numFmtId=\"169\"/><xf numFmtId=\"31\"/>";

static void test_sheet_from_xlsx_converts_dates(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"Sheet1"},
		.rows = {"<row r=\"1\"><c r=\"A1\" s=\"1\"><v>45474</v></c><c r=\"B1\" s=\"2\"><v>45474</v></c>"
			 "<c r=\"C1\" s=\"3\"><v>45474</v></c><c r=\"D1\" s=\"4\"><v>1.5</v></c>"
			 "<c r=\"E1\" s=\"5\"><v>45474</v></c><c r=\"F1\" s=\"6\"><v>45474.75</v></c>"
			 "<c r=\"G1\" s=\"7\"><v>45474</v></c><c r=\"H1\" s=\"8\"><v>45474</v></c>"
			 "<c r=\"I1\"><v>45474</v></c><c r=\"J1\" s=\"0\"><v>45474</v></c><c r=\"K1\" s=\"99\"><v>45474</v></c></row>"
			 /* Excel's 1900 leap-year bug and the last date it shows */
			 "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>1</v></c><c r=\"B2\" s=\"1\"><v>59</v></c>"
			 "<c r=\"C2\" s=\"1\"><v>61</v></c><c r=\"D2\" s=\"1\"><v>2958465</v></c></row>"},
		.num_fmts = date_fmts,
		.cell_xfs = date_xfs,
	};
	assert_int_equal(read_book(f, &b, NULL), ST_OK);
	assert_int_equal(f->diags.n, 0);
	expect_row(f, 0, 1,
		   ROW("2024-07-01", "2024-07-01", "45474", "1.5", "45474", "2024-07-01", "45474", "2024-07-01", "45474",
		       "45474", "45474"));
	expect_row(f, 1, 2, ROW("1900-01-01", "1900-02-28", "1900-03-01", "9999-12-31"));
}

static void test_sheet_from_xlsx_honours_date1904(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"Sheet1"},
		.rows = {"<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>44012</v></c>"
			 "<c r=\"C1\"><v>44012</v></c></row>"},
		.num_fmts = date_fmts,
		.cell_xfs = date_xfs,
		.workbook_pr = "date1904=\"1\"",
	};
	assert_int_equal(read_book(f, &b, NULL), ST_OK);
	expect_row(f, 0, 1, ROW("1904-01-01", "2024-07-01", "44012"));
}

static void test_sheet_from_xlsx_rejects_dates_out_of_range(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"Sheet1"},
		.rows = {"<row r=\"3\"><c r=\"A3\" s=\"1\"><v>0</v></c><c r=\"B3\" s=\"2\"><v>2958466</v></c>"
			 "<c r=\"C3\" s=\"1\"><v>-5.5</v></c></row>"},
		.num_fmts = date_fmts,
		.cell_xfs = date_xfs,
	};
	assert_int_equal(read_book(f, &b, NULL), ST_INVALID);
	assert_int_equal(f->diags.n, 3);
	expect_diag(f, 0, "bad_date", 3, 1, "cell A3 holds 0 in a date format, which is not a date Excel can show");
	expect_diag(f, 1, "bad_date", 3, 2, "cell B3 holds 2958466 in a date format, which is not a date Excel can show");
	expect_diag(f, 2, "bad_date", 3, 3, "cell C3 holds -5.5 in a date format, which is not a date Excel can show");
	assert_string_equal(f->diags.items[0].sheet, "Sheet1");
}

static void test_sheet_from_xlsx_rejects_formula_cells(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"数据"},
		.rows = {"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>数值</t></is></c></row>"
			 "<row r=\"5\"><c r=\"A5\"><v>1</v></c><c r=\"C5\"><f>A5*2</f><v>2</v></c>"
			 "<c r=\"D5\" t=\"str\"><v>abc</v></c><c r=\"E5\"><f t=\"shared\" si=\"0\"/><v>3</v></c>"
			 "<c r=\"F5\" t=\"s\"><f>T(\"x\")</f><v>0</v></c></row>"},
		.shared = "<si><t>x</t></si>",
	};
	assert_int_equal(read_book(f, &b, NULL), ST_INVALID);
	assert_int_equal(f->diags.n, 4);
	expect_diag(f, 0, "formula_cell", 5, 3, "cell C5 contains a formula" FORMULA_HINT);
	expect_diag(f, 1, "formula_cell", 5, 4, "cell D5 contains a formula" FORMULA_HINT);
	expect_diag(f, 2, "formula_cell", 5, 5, "cell E5 contains a formula" FORMULA_HINT);
	expect_diag(f, 3, "formula_cell", 5, 6, "cell F5 contains a formula" FORMULA_HINT);
	assert_string_equal(f->diags.items[0].sheet, "数据");
	/* the rest of the sheet is still read, so every problem is reported at once */
	assert_int_equal(f->sheet.n_rows, 2);
	expect_row(f, 1, 5, ROW("1"));
}

static void test_sheet_from_xlsx_rejects_error_cells(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"Sheet1"},
		.rows = {"<row r=\"7\"><c r=\"D7\" t=\"e\"><v>#DIV/0!</v></c><c r=\"E7\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
			 "<c r=\"F7\" t=\"e\"><v>#N/A</v></c></row>"},
	};
	assert_int_equal(read_book(f, &b, NULL), ST_INVALID);
	assert_int_equal(f->diags.n, 3);
	expect_diag(f, 0, "error_cell", 7, 4, "cell D7 holds the error #DIV/0!");
	expect_diag(f, 1, "formula_cell", 7, 5, "cell E7 contains a formula" FORMULA_HINT);
	expect_diag(f, 2, "error_cell", 7, 6, "cell F7 holds the error #N/A");
}

static void test_sheet_from_xlsx_rejects_bad_cell_values(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"Sheet1"},
		.rows = {"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>99</v></c><c r=\"B1\"><v>abc</v></c>"
			 "<c r=\"C1\" t=\"b\"><v>2</v></c><c r=\"D1\" t=\"x\"><v>1</v></c>"
			 "<c r=\"E1\" t=\"d\"><v>2024-07-01T00:00:00</v></c><c r=\"F1\" t=\"d\"><v>July</v></c></row>"},
		.shared = "<si><t>only</t></si>",
	};
	assert_int_equal(read_book(f, &b, NULL), ST_INVALID);
	assert_int_equal(f->diags.n, 5);
	expect_diag(f, 0, "bad_cell", 1, 1, "cell A1 refers to shared string '99', but the workbook has 1");
	expect_diag(f, 1, "bad_cell", 1, 2, "cell B1 holds 'abc', which is not a number");
	expect_diag(f, 2, "bad_cell", 1, 3, "cell C1 holds '2', which is not a boolean (0 or 1)");
	expect_diag(f, 3, "bad_cell", 1, 4, "cell D1 has the unknown type 'x'");
	expect_diag(f, 4, "bad_cell", 1, 6, "cell F1 holds 'July', which is not a date (YYYY-MM-DD)");
	expect_row(f, 0, 1, ROW("", "", "", "", "2024-07-01"));
}

static void test_sheet_from_xlsx_keeps_column_positions(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"Sheet1"},
		.rows = {"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c><c r=\"C1\"><v>3</v></c>"
			 "<c r=\"E1\" t=\"inlineStr\"><is><t>e</t></is></c><c r=\"G1\" s=\"0\"/>"
			 "<c r=\"H1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">   </t></is></c></row>"
			 "<row r=\"2\"><c r=\"A2\" s=\"0\"/><c r=\"B2\"><v></v></c></row>"
			 "<row r=\"3\"><c r=\"B3\"><v>7</v></c></row><row r=\"4\"/>"
			 "<row r=\"6\"><c r=\"AA6\"><v>27</v></c></row>"},
	};
	assert_int_equal(read_book(f, &b, NULL), ST_OK);
	assert_int_equal(f->sheet.n_rows, 3);
	expect_row(f, 0, 1, ROW("a", "", "3", "", "e"));
	expect_row(f, 1, 3, ROW("", "7"));
	assert_int_equal(f->sheet.rows[2].line, 6);
	assert_int_equal(f->sheet.rows[2].n_cells, 27);
	assert_true(str_eq(f->sheet.rows[2].cells[26], "27"));
	assert_true(str_eq(f->sheet.rows[2].cells[25], ""));
}

static void test_sheet_from_xlsx_reads_rows_and_cells_without_refs(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"Sheet1"},
		.rows = {"<row><c t=\"inlineStr\"><is><t>a</t></is></c><c><v>1</v></c></row>"
			 "<row><c><v>2</v></c></row>"
			 "<row r=\"5\"><c r=\"B5\"><v>3</v></c><c><v>4</v></c></row>"},
	};
	assert_int_equal(read_book(f, &b, NULL), ST_OK);
	assert_int_equal(f->sheet.n_rows, 3);
	expect_row(f, 0, 1, ROW("a", "1"));
	expect_row(f, 1, 2, ROW("2"));
	expect_row(f, 2, 5, ROW("", "3", "4"));
}

static void test_sheet_from_xlsx_selects_sheet_by_name(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"说明", "Data"},
		.rows = {"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>readme</t></is></c></row>",
			 "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>指标</t></is></c></row>"},
	};
	assert_int_equal(read_book(f, &b, "Data"), ST_OK);
	assert_string_equal(f->sheet.sheet_name, "Data");
	assert_int_equal(f->sheet.n_rows, 1);
	expect_row(f, 0, 2, ROW("指标"));

	/* Excel's sheet names ignore case */
	assert_int_equal(read_book(f, &b, "DATA"), ST_OK);
	assert_string_equal(f->sheet.sheet_name, "Data");
	expect_row(f, 0, 2, ROW("指标"));

	assert_int_equal(read_book(f, &b, "说明"), ST_OK);
	expect_row(f, 0, 1, ROW("readme"));
}

static void test_sheet_from_xlsx_reads_first_sheet_in_workbook_order(void **state)
{
	struct fixture *f = *state;
	/* "First" is listed first in workbook.xml but stored as sheet2.xml */
	struct book b = {
		.names = {"First", "Second"},
		.rows = {"<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", "<row r=\"1\"><c r=\"A1\"><v>2</v></c></row>"},
		.is_parts_reversed = 1,
	};
	assert_int_equal(read_book(f, &b, NULL), ST_OK);
	assert_string_equal(f->sheet.sheet_name, "First");
	expect_row(f, 0, 1, ROW("1"));
}

static void test_sheet_from_xlsx_reports_missing_sheet(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"指标", "Sheet2"},
		.rows = {"", ""},
	};
	assert_int_equal(read_book(f, &b, "Values"), ST_NOT_FOUND);
	assert_int_equal(f->diags.n, 1);
	expect_diag(f, 0, "no_such_sheet", 0, 0, "the workbook has no sheet named 'Values'; its sheets are '指标', 'Sheet2'");
	assert_null(f->sheet.sheet_name);
	assert_int_equal(f->sheet.n_rows, 0);
	assert_string_equal(f->sheet.file, "values.xlsx");
}

static void test_sheet_from_xlsx_reads_parts_where_relationships_say(void **state)
{
	struct fixture *f = *state;
	/* Workbook, sheet and shared strings away from the usual names; targets absolute and with "..". */
	const struct part parts[] = {
		{"_rels/.rels",
		 "<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"r\" Type=\"" NS_REL
		 "/officeDocument\" Target=\"/book/main.xml\"/></Relationships>", 0},
		{"book/main.xml",
		 "<x:workbook xmlns:x=\"" NS_MAIN "\" xmlns:rel=\"" NS_REL
		 "\"><x:sheets><x:sheet name=\"S\" sheetId=\"1\" rel:id=\"a\"/></x:sheets></x:workbook>", 0},
		{"book/_rels/main.xml.rels",
		 "<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"a\" Type=\"" NS_REL
		 "/worksheet\" Target=\"./tabs/../tabs/one.xml\"/><Relationship Id=\"b\" Type=\"" NS_REL
		 "/sharedStrings\" Target=\"/strings.xml\"/></Relationships>", 0},
		{"book/tabs/one.xml",
		 "<x:worksheet xmlns:x=\"" NS_MAIN "\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c>"
		 "</x:row></x:sheetData></x:worksheet>", 0},
		{"strings.xml", "<sst xmlns=\"" NS_MAIN "\"><si><t>地区</t></si></sst>", 0},
	};
	size_t len;
	unsigned char *zip = zip_parts(parts, sizeof(parts) / sizeof(parts[0]), &len);
	enum status rc = read_bytes(f, zip, len, NULL);
	free(zip);
	assert_int_equal(rc, ST_OK);
	assert_string_equal(f->sheet.sheet_name, "S");
	expect_row(f, 0, 1, ROW("地区"));
}

static void test_sheet_from_xlsx_rejects_missing_parts(void **state)
{
	struct fixture *f = *state;
	struct part parts[] = {
		{"xl/workbook.xml",
		 "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets><sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/>"
		 "<sheet name=\"B\" sheetId=\"2\" r:id=\"rId7\"/></sheets></workbook>", 0},
		{"xl/_rels/workbook.xml.rels",
		 "<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"rId1\" Type=\"" NS_REL
		 "/worksheet\" Target=\"worksheets/gone.xml\"/></Relationships>", 0},
	};
	size_t len;
	unsigned char *zip = zip_parts(parts, 2, &len);
	assert_int_equal(read_bytes(f, zip, len, "A"), ST_INVALID);
	assert_int_equal(read_bytes(f, zip, len, "B"), ST_INVALID);
	free(zip);
	assert_int_equal(f->diags.n, 2);
	expect_diag(f, 0, "bad_xlsx", 0, 0, "the workbook has no part 'xl/worksheets/gone.xml' for sheet 'A'");
	assert_string_equal(f->diags.items[0].sheet, "A");
	expect_diag(f, 1, "bad_xlsx", 0, 0, "the workbook does not say where sheet 'B' is (no relationship 'rId7')");
}

static void test_sheet_from_xlsx_rejects_truncated_file(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"Sheet1"},
		.rows = {"<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"},
	};
	struct part parts[12];
	size_t n = book_parts(f, &b, parts);
	size_t len;
	unsigned char *zip = zip_parts(parts, n, &len);
	enum status rc = read_bytes(f, zip, len / 2, NULL);
	free(zip);
	assert_int_equal(rc, ST_INVALID);
	assert_int_equal(f->diags.n, 1);
	expect_diag(f, 0, "bad_xlsx", 0, 0, NOT_A_WORKBOOK);
	assert_int_equal(f->sheet.n_rows, 0);
}

static void test_sheet_from_xlsx_rejects_random_bytes(void **state)
{
	struct fixture *f = *state;
	unsigned char junk[4096];
	uint32_t x = 2463534242u; /* xorshift32 (Marsaglia 2003), fixed seed */
	for (size_t i = 0; i < sizeof(junk); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		junk[i] = (unsigned char)x;
	}
	memcpy(junk, "PK\x03\x04", 4); /* looks like a zip to a sniffer */
	assert_int_equal(read_bytes(f, junk, sizeof(junk), NULL), ST_INVALID);
	assert_int_equal(read_bytes(f, NULL, 0, NULL), ST_INVALID);
	assert_int_equal(f->diags.n, 2);
	expect_diag(f, 0, "bad_xlsx", 0, 0, NOT_A_WORKBOOK);
	expect_diag(f, 1, "bad_xlsx", 0, 0, NOT_A_WORKBOOK);
}

static void test_sheet_from_xlsx_names_old_xls_files(void **state)
{
	struct fixture *f = *state;
	unsigned char ole[512];
	memset(ole, 0, sizeof(ole));
	memcpy(ole, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
	assert_int_equal(read_bytes(f, ole, sizeof(ole), NULL), ST_INVALID);
	expect_diag(f, 0, "bad_xlsx", 0, 0,
		    "the file is an old .xls workbook or a password-protected one; save it as .xlsx without a password");
}

static void test_sheet_from_xlsx_rejects_zip_without_workbook(void **state)
{
	struct fixture *f = *state;
	const struct part parts[] = {{"hello.txt", "hello", 0}};
	size_t len;
	unsigned char *zip = zip_parts(parts, 1, &len);
	enum status rc = read_bytes(f, zip, len, NULL);
	free(zip);
	assert_int_equal(rc, ST_INVALID);
	expect_diag(f, 0, "bad_xlsx", 0, 0, "the file is a zip archive but not an .xlsx workbook (it has no part 'xl/workbook.xml')");
}

/* A well-formed start of a sheet part of XLSX_MAX_PART_BYTES + 1 bytes: one row, then comments
 * of 1 MiB of spaces each (well under libxml2's own 10 MB node limit, so only the size cap can
 * stop it). It deflates to well under 1 MiB. */
static char *bomb_sheet(size_t *len)
{
	static const char head[] = SHEET_OPEN "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>";
	const size_t chunk = (size_t)1 << 20;
	*len = XLSX_MAX_PART_BYTES + 1;
	char *xml = malloc(*len);
	memset(xml, ' ', *len);
	memcpy(xml, head, sizeof(head) - 1);
	for (size_t p = sizeof(head) - 1; p + chunk <= *len; p += chunk) {
		memcpy(xml + p, "<!--", 4);
		memcpy(xml + p + chunk - 3, "-->", 3);
	}
	return xml;
}

static unsigned char *bomb_zip(struct fixture *f, const char *sheet_xml, size_t sheet_len, size_t *len)
{
	struct book b = {.names = {"Sheet1"}, .rows = {""}};
	struct part parts[12];
	size_t n = book_parts(f, &b, parts);
	for (size_t i = 0; i < n; i++)
		if (strcmp(parts[i].name, "xl/worksheets/sheet1.xml") == 0)
			parts[i] = (struct part){parts[i].name, sheet_xml, sheet_len};
	return zip_parts(parts, n, len);
}

static void test_sheet_from_xlsx_rejects_zip_bomb(void **state)
{
	struct fixture *f = *state;
	size_t xml_len, len;
	char *xml = bomb_sheet(&xml_len);
	unsigned char *zip = bomb_zip(f, xml, xml_len, &len);
	free(xml);
	assert_true(len < ((size_t)1 << 20));
	enum status rc = read_bytes(f, zip, len, NULL);
	free(zip);
	assert_int_equal(rc, ST_TOO_LARGE);
	assert_int_equal(f->diags.n, 1);
	expect_diag(f, 0, "xlsx_too_large", 0, 0,
		    "part 'xl/worksheets/sheet1.xml' of the workbook unpacks to more than 64 MiB; split the workbook into "
		    "smaller files");
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void test_sheet_from_xlsx_counts_bytes_when_size_lies(void **state)
{
	struct fixture *f = *state;
	size_t xml_len, len;
	char *xml = bomb_sheet(&xml_len);
	unsigned char *zip = bomb_zip(f, xml, xml_len, &len);
	free(xml);
	/* Rewrite the sheet's uncompressed size to 4000 in its central directory entry and local
	 * header (APPNOTE.TXT 4.3.7, 4.3.12): the directory now understates what inflates. */
	size_t eocd = len - 22;
	while (eocd > 0 && le32(zip + eocd) != 0x06054b50u)
		eocd--;
	size_t p = le32(zip + eocd + 16), n_patched = 0;
	for (unsigned i = 0; i < le16(zip + eocd + 10); i++) {
		assert_int_equal(le32(zip + p), 0x02014b50u);
		size_t name_len = le16(zip + p + 28);
		if (name_len == strlen("xl/worksheets/sheet1.xml") && memcmp(zip + p + 46, "xl/worksheets/sheet1.xml", name_len) == 0) {
			assert_int_equal(le32(zip + p + 24), XLSX_MAX_PART_BYTES + 1);
			put_le32(zip + p + 24, 4000);
			put_le32(zip + le32(zip + p + 42) + 22, 4000);
			n_patched++;
		}
		p += 46 + name_len + le16(zip + p + 30) + le16(zip + p + 32);
	}
	assert_int_equal(n_patched, 1);
	enum status rc = read_bytes(f, zip, len, NULL);
	free(zip);
	assert_int_equal(rc, ST_TOO_LARGE);
	assert_int_equal(f->diags.n, 1);
	assert_string_equal(f->diags.items[0].code, "xlsx_too_large");
}

static void test_sheet_from_xlsx_reports_rows_out_of_order(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"Sheet1"},
		.rows = {"<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"3\"><c r=\"A3\"><v>3</v></c></row>"
			 "<row r=\"2\"><c r=\"A2\"><v>2</v></c></row><row r=\"3\"><c r=\"A3\"><v>33</v></c></row>"
			 "<row r=\"0\"/><row r=\"1048577\"/><row r=\"4\"><c r=\"A4\"><v>4</v></c></row>"},
	};
	assert_int_equal(read_book(f, &b, NULL), ST_INVALID);
	assert_int_equal(f->diags.n, 4);
	expect_diag(f, 0, "row_out_of_order", 2, 0, "row 2 comes after row 3; rows must be in ascending order");
	expect_diag(f, 1, "row_out_of_order", 3, 0, "row 3 appears twice");
	expect_diag(f, 2, "bad_row_ref", 0, 0, "row number '0' is not between 1 and 1048576");
	expect_diag(f, 3, "bad_row_ref", 0, 0, "row number '1048577' is not between 1 and 1048576");
	assert_int_equal(f->sheet.n_rows, 3);
	expect_row(f, 0, 1, ROW("1"));
	expect_row(f, 1, 3, ROW("3"));
	expect_row(f, 2, 4, ROW("4"));
}

static void test_sheet_from_xlsx_reports_bad_cell_refs(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"Sheet1"},
		.rows = {"<row r=\"2\"><c r=\"B2\"><v>1</v></c><c r=\"B2\"><v>2</v></c><c r=\"A2\"><v>3</v></c>"
			 "<c r=\"C3\"><v>4</v></c><c r=\"2B\"><v>5</v></c><c r=\"XFE2\"><v>6</v></c>"
			 "<c r=\"IW2\"><v>7</v></c><c r=\"XFD2\" s=\"0\"/></row>"},
	};
	assert_int_equal(read_book(f, &b, NULL), ST_INVALID);
	assert_int_equal(f->diags.n, 6);
	expect_diag(f, 0, "duplicate_cell", 2, 2, "cell B2 appears twice");
	expect_diag(f, 1, "cell_out_of_order", 2, 1, "cell A2 comes after cell B2; cells must be in column order");
	expect_diag(f, 2, "bad_cell_ref", 2, 3, "cell reference 'C3' appears in row 2");
	expect_diag(f, 3, "bad_cell_ref", 2, 0,
		    "cell reference '2B' is not a column (A to XFD) followed by a row number (1 to 1048576)");
	expect_diag(f, 4, "bad_cell_ref", 2, 0, "cell reference 'XFE2' is past column XFD, the last column of a sheet");
	expect_diag(f, 5, "too_many_columns", 2, 257, "cell IW2 is past column IV; a sheet may use at most 256 columns");
	expect_row(f, 0, 2, ROW("", "1"));
}

static void test_sheet_from_xlsx_rejects_dtd(void **state)
{
	struct fixture *f = *state;
	/* A billion-laughs shape: never expanded, refused at the DOCTYPE. */
	const char sheet[] = XML_DECL "<!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
			     "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&b;</t>"
			     "</is></c></row></sheetData></worksheet>";
	size_t len;
	unsigned char *zip = bomb_zip(f, sheet, sizeof(sheet) - 1, &len);
	enum status rc = read_bytes(f, zip, len, NULL);
	free(zip);
	assert_int_equal(rc, ST_INVALID);
	assert_int_equal(f->diags.n, 1);
	expect_diag(f, 0, "bad_xlsx", 0, 0,
		    "part 'xl/worksheets/sheet1.xml' of the workbook has a document type declaration, which .xlsx files "
		    "never have");
	assert_int_equal(f->sheet.n_rows, 0);
}

static void test_sheet_from_xlsx_rejects_malformed_xml(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"Sheet1"},
		.rows = {"<row r=\"1\"><c r=\"A1\"><v>1</v></row>"},
	};
	assert_int_equal(read_book(f, &b, NULL), ST_INVALID);
	assert_int_equal(f->diags.n, 1);
	const struct diag *d = &f->diags.items[0];
	assert_string_equal(d->code, "bad_xlsx");
	static const char prefix[] = "part 'xl/worksheets/sheet1.xml' of the workbook is not well-formed XML (line 2: ";
	if (strncmp(d->msg, prefix, sizeof(prefix) - 1) != 0 || d->msg[strlen(d->msg) - 1] != ')')
		fail_msg("unexpected message: %s", d->msg);
	/* libxml2's own words follow; they must name the mismatched tags */
	assert_non_null(strstr(d->msg, "mismatch"));
}

static void test_sheet_from_xlsx_reads_parts_in_declared_encoding(void **state)
{
	struct fixture *f = *state;
	/* A sheet part written in GBK, as its XML declaration says: 指标 is D6 B8 B1 EA. */
	const char gbk[] = "<?xml version=\"1.0\" encoding=\"GBK\"?>\n<worksheet xmlns=\"" NS_MAIN "\"><sheetData>"
			   "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\xD6\xB8\xB1\xEA</t></is></c></row>" SHEET_CLOSE;
	size_t len;
	unsigned char *zip = bomb_zip(f, gbk, sizeof(gbk) - 1, &len);
	enum status rc = read_bytes(f, zip, len, NULL);
	free(zip);
	assert_int_equal(rc, ST_OK);
	expect_row(f, 0, 1, ROW("指标"));

	/* 81 2F is no GBK character: the part is refused, and libxml2 prints nothing */
	const char bad[] = "<?xml version=\"1.0\" encoding=\"GBK\"?>\n<worksheet xmlns=\"" NS_MAIN "\"><sheetData>"
			   "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\x81\x2F</t></is></c></row>" SHEET_CLOSE;
	zip = bomb_zip(f, bad, sizeof(bad) - 1, &len);
	rc = read_bytes(f, zip, len, NULL);
	free(zip);
	assert_int_equal(rc, ST_INVALID);
	assert_int_equal(f->diags.n, 1);
	static const char prefix[] = "part 'xl/worksheets/sheet1.xml' of the workbook is not well-formed XML";
	assert_string_equal(f->diags.items[0].code, "bad_xlsx");
	if (strncmp(f->diags.items[0].msg, prefix, sizeof(prefix) - 1) != 0)
		fail_msg("unexpected message: %s", f->diags.items[0].msg);
}

static void test_sheet_from_xlsx_caps_cells(void **state)
{
	struct fixture *f = *state;
	/* One value in column IV per row fills 256 slots: row 39063 passes XLSX_MAX_CELLS. */
	const size_t n_rows = XLSX_MAX_CELLS / 256 + 2, row_max = 64;
	char *rows = malloc(n_rows * row_max + 1);
	size_t used = 0;
	for (size_t r = 1; r <= n_rows; r++)
		used += (size_t)snprintf(rows + used, row_max, "<row r=\"%zu\"><c r=\"IV%zu\"><v>1</v></c></row>", r, r);
	struct book b = {.names = {"Sheet1"}, .rows = {rows}};
	enum status rc = read_book(f, &b, NULL);
	free(rows);
	assert_int_equal(rc, ST_TOO_LARGE);
	assert_int_equal(f->diags.n, 1);
	expect_diag(f, 0, "too_many_cells", 39063, 0,
		    "the sheet has more than 10000000 cells (counting empty cells before the last value of each row); split "
		    "it into smaller files");
	assert_int_equal(f->sheet.n_rows, 39062);
}

static void test_sheet_from_xlsx_counts_diagnostics_past_the_list_cap(void **state)
{
	struct fixture *f = *state;
	struct book b = {
		.names = {"Sheet1"},
		.rows = {"<row r=\"2\"><c r=\"A2\"><f>1</f></c><c r=\"B2\"><f>1</f></c><c r=\"C2\"><f>1</f></c>"
			 "<c r=\"D2\"><f>1</f></c><c r=\"E2\"><f>1</f></c></row>"},
	};
	f->diags.max = 2;
	assert_int_equal(read_book(f, &b, NULL), ST_INVALID);
	assert_int_equal(f->diags.n, 2);
	assert_int_equal(diag_errors(&f->diags), 5);
	assert_int_equal(f->diags.n_dropped, 3);
	expect_diag(f, 1, "formula_cell", 2, 2, "cell B2 contains a formula" FORMULA_HINT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_reads_shared_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_reads_inline_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_formats_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_reads_booleans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_converts_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_honours_date1904, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_rejects_dates_out_of_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_rejects_formula_cells, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_rejects_error_cells, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_rejects_bad_cell_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_keeps_column_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_reads_rows_and_cells_without_refs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_selects_sheet_by_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_reads_first_sheet_in_workbook_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_reports_missing_sheet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_reads_parts_where_relationships_say, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_rejects_missing_parts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_rejects_truncated_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_rejects_random_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_names_old_xls_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_rejects_zip_without_workbook, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_rejects_zip_bomb, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_counts_bytes_when_size_lies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_reports_rows_out_of_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_reports_bad_cell_refs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_rejects_dtd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_rejects_malformed_xml, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_reads_parts_in_declared_encoding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_caps_cells, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_from_xlsx_counts_diagnostics_past_the_list_cap, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
