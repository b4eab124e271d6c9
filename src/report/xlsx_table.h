/* xlsx_table.h - a workbook of one sheet of text cells (libxlsxwriter), as bytes: for
 * templates a person fills in and imports back. */
#ifndef INNOMON_REPORT_XLSX_TABLE_H
#define INNOMON_REPORT_XLSX_TABLE_H

#include <stddef.h>

#include "base/buf.h"
#include "base/status.h"

/* The bytes of the workbook write makes at the path it is given (libxlsxwriter writes files
 * only): a temporary file under TMPDIR, appended to out and removed. write's status, or ST_IO. */
enum status xlsx_bytes(enum status (*write)(const char *path, void *ctx), void *ctx, struct buf *out) WUR;

/* Write a workbook whose sheet (named sheet) has a bold, frozen header row head[0..n_cols),
 * column widths[0..n_cols) (in characters) and n_rows rows of cells[row * n_cols + col] (text;
 * NULL is an empty cell; every cell a string, so codes and periods stay as written; the
 * columns of bit c in text_cols formatted as text, so what a person types there stays text too)
 * into out.
 * ST_IO when the workbook cannot be written (a temporary file under TMPDIR is used and removed),
 * ST_TOO_LARGE when out is full. */
enum status xlsx_table(const char *sheet, const char *const *head, const double *widths, size_t n_cols,
		       unsigned long text_cols, const char *const *cells, size_t n_rows, struct buf *out) WUR;

#endif
