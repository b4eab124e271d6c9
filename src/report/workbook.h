/* workbook.h - XLSX output shared by the report's writers: running a libxlsxwriter writer (which
 * only writes to a file path) into a buffer, and a workbook of plain tables, one sheet each,
 * with a bold header row whose cells may carry a comment (the template of a plan workbook). */
#ifndef INNOMON_REPORT_WORKBOOK_H
#define INNOMON_REPORT_WORKBOOK_H

#include <stddef.h>

#include "base/buf.h"
#include "base/status.h"

/* Run write(path, ctx) on a fresh temporary file (under $TMPDIR, else /tmp) and append what it
 * wrote to out; the file is removed whatever happens. Returns write's status, ST_IO when the
 * file cannot be made or read, ST_TOO_LARGE past out's cap. */
enum status workbook_capture(enum status (*write)(const char *path, const void *ctx), const void *ctx, struct buf *out) WUR;

/* One sheet of plain text cells: row 0 is the header (bold; a header cell with a note gets it
 * as a comment), the other rows data. cells[r * n_cols + c]; NULL or "" is an empty cell. */
struct workbook_table {
	const char *name;
	size_t n_cols, n_rows;         /* n_rows counts the header */
	const char *const *cells;
	const char *const *notes;      /* n_cols, NULL entries (or NULL) for none */
	const unsigned char *is_strong; /* n_cols: header cells shown as required (bold red), or NULL */
};

/* The tables as an .xlsx appended to out; title in the document properties. ST_IO when the
 * XLSX library fails (a sheet name it refuses). */
enum status workbook_tables(const struct workbook_table *t, size_t n, const char *title, struct buf *out) WUR;

#endif
