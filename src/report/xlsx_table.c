/* xlsx_table.c - a one-sheet workbook of text cells as bytes (xlsx_table.h). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "report/xlsx_table.h"
#include "base/banned.h"

static enum status write_file(const char *path, const char *sheet, const char *const *head, const double *widths,
			      size_t n_cols, unsigned long text_cols, const char *const *cells, size_t n_rows)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return ST_IO;
	lxw_format *bold = workbook_add_format(wb);
	lxw_format *text = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_num_format(text, "@");
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
	lxw_error e = ws ? LXW_NO_ERROR : LXW_ERROR_SHEETNAME_ALREADY_USED;
	for (size_t c = 0; e == LXW_NO_ERROR && c < n_cols; c++) {
		e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c],
					 c < 64 && (text_cols >> c & 1u) ? text : NULL);
		if (e == LXW_NO_ERROR)
			e = worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], bold);
	}
	for (size_t r = 0; e == LXW_NO_ERROR && r < n_rows; r++)
		for (size_t c = 0; e == LXW_NO_ERROR && c < n_cols; c++)
			if (cells[r * n_cols + c])
				e = worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, cells[r * n_cols + c], NULL);
	if (e == LXW_NO_ERROR)
		worksheet_freeze_panes(ws, 1, 0);
	lxw_error ce = workbook_close(wb);
	return e == LXW_NO_ERROR && ce == LXW_NO_ERROR ? ST_OK : ST_IO;
}

enum status xlsx_bytes(enum status (*write)(const char *path, void *ctx), void *ctx, struct buf *out)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof(path), "%s/innomon-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return ST_IO;
	close(fd);
	enum status rc = write(path, ctx);
	FILE *f = rc == ST_OK ? fopen(path, "rb") : NULL;
	if (rc == ST_OK && !f)
		rc = ST_IO;
	if (f) {
		char chunk[65536];
		size_t k;
		while (rc == ST_OK && (k = fread(chunk, 1, sizeof(chunk), f)) > 0)
			rc = buf_append(out, chunk, k);
		fclose(f);
	}
	unlink(path);
	return rc;
}

struct table {
	const char *sheet;
	const char *const *head;
	const double *widths;
	size_t n_cols;
	unsigned long text_cols;
	const char *const *cells;
	size_t n_rows;
};

static enum status write_table(const char *path, void *ctx)
{
	const struct table *t = ctx;
	return write_file(path, t->sheet, t->head, t->widths, t->n_cols, t->text_cols, t->cells, t->n_rows);
}

enum status xlsx_table(const char *sheet, const char *const *head, const double *widths, size_t n_cols,
		       unsigned long text_cols, const char *const *cells, size_t n_rows, struct buf *out)
{
	struct table t = {sheet, head, widths, n_cols, text_cols, cells, n_rows};
	return xlsx_bytes(write_table, &t, out);
}
