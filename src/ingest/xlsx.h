/* xlsx.h - read one sheet of an .xlsx workbook, whole into a struct sheet (a workbook in
 * memory) or streamed row by row (a file of any size), the same shape sheet_from_csv gives, so
 * importers validate CSV and XLSX alike. The workbook is
 * untrusted: every part is size-capped while it is unpacked, rows and columns are capped, XML is
 * parsed without DTDs, entities or network access, and formulas are refused, not evaluated. */
#ifndef INNOMON_INGEST_XLSX_H
#define INNOMON_INGEST_XLSX_H

#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/status.h"
#include "ingest/sheet.h"

/* Largest uncompressed size of any one part (workbook.xml, sharedStrings.xml, a sheet...)
 * unless the workbook itself is large: a part may always unpack to XLSX_MAX_RATIO times the
 * size of the whole file (real sheets compress 5 to 20 times; a zip bomb a thousand). */
#define XLSX_MAX_PART_BYTES ((size_t)64 << 20)
#define XLSX_MAX_RATIO 100u
/* Most cells a sheet read whole (sheet_from_xlsx) may fill, counting the empty cells before
 * the last value of each row (the memory such a sheet takes grows with this). A streamed sheet
 * has no such cap: its memory does not grow with the rows. */
#define XLSX_MAX_CELLS ((size_t)10000000)
/* Excel's own limits: rows 1..1048576, columns A..XFD. */
#define XLSX_MAX_ROW 1048576L
#define XLSX_MAX_COL 16384

/* Initialise libxml2 once for the process and silence its stderr reports (every parse error
 * becomes a diagnostic instead). main() calls it at start, before any thread starts; tests and
 * fuzzers call it before the first sheet_from_xlsx. Calling it again is harmless. The parser is
 * never cleaned up (xmlCleanupParser is not called), so other threads may keep parsing until
 * exit. Cannot fail. */
void xlsx_global_init(void);

/* Read the sheet called sheet_name (NULL: the first sheet in workbook order) from the .xlsx in
 * buf[0..len) (borrowed) into *out, its rows, cells and names in arena. file names the input in
 * out->file and in diagnostics (borrowed). Sheet names match exactly or, failing that,
 * ASCII-case-insensitively, as Excel does.
 * Like sheet_from_csv: rows[0] is the first non-empty row (the header); each row's line is its
 * Excel row number; cells sit at their column (gaps are empty strings, n_cells = last non-empty
 * column + 1); every cell is trimmed (str_trim); entirely empty rows are skipped. Shared and
 * inline strings (rich-text runs joined, phonetic runs dropped, _xHHHH_ escapes decoded),
 * numbers as the shortest text that reads back to the same double ("1200", "0.5"), booleans as
 * "TRUE"/"FALSE", and numbers in a date format as "YYYY-MM-DD" (1900 system with Excel's
 * 1900-02-29, or the workbook's 1904 system).
 * Returns ST_OK; ST_INVALID with diagnostics: "bad_xlsx" (not a zip, damaged, a part missing or
 * not well-formed XML, a DTD), "formula_cell", "error_cell", "bad_cell", "bad_date",
 * "bad_cell_ref", "bad_row_ref", "row_out_of_order", "duplicate_cell", "cell_out_of_order",
 * "too_many_columns", "field_too_large"; ST_NOT_FOUND with "no_such_sheet" (listing the sheets
 * there are); ST_TOO_LARGE with "xlsx_too_large" (a part unpacks past XLSX_MAX_PART_BYTES),
 * "too_many_rows" (past SHEET_MAX_ROWS) or "too_many_cells" (past XLSX_MAX_CELLS).
 * *out is always initialised; on error its rows are partial. */
enum status sheet_from_xlsx(struct arena *arena, const char *file, const void *buf, size_t len, const char *sheet_name,
			    struct sheet *out, struct diag_list *diags) WUR;

struct byte_source;
/* The same sheet streamed row by row into fn, as sheet_stream (sheet.h) describes: the
 * workbook read from src (a file is read in place, never into memory), the header and names in
 * arena, each row's cells in scratch memory reused for the next row; *sheet_read gets the
 * sheet's name (arena). The shared strings are kept in a spill (spill.h), so memory stays
 * bounded however many rows and strings the sheet has. Returns as sheet_from_xlsx, except that
 * no row or cell cap applies, or fn's own status. */
enum status xlsx_stream(struct arena *arena, struct byte_source *src, const char *sheet_name, sheet_row_fn fn, void *ctx,
			const char **sheet_read, struct diag_list *diags) WUR;

#endif
