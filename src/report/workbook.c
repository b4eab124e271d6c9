/* workbook.c - XLSX output through a temporary file, and workbooks of plain tables (see
 * workbook.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/clock.h"
#include "report/workbook.h"
#include "base/banned.h"

enum status workbook_capture(enum status (*write)(const char *path, const void *ctx), const void *ctx, struct buf *out)
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
		size_t n;
		while (rc == ST_OK && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			rc = buf_append(out, chunk, n);
		if (rc == ST_OK && ferror(f))
			rc = ST_IO;
		fclose(f);
	}
	unlink(path);
	return rc;
}

struct tables {
	const struct workbook_table *t;
	size_t n;
	const char *title;
};

static lxw_error write_table(lxw_workbook *wb, const struct workbook_table *t, lxw_format *head, lxw_format *strong)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, t->name);
	if (!ws)
		return LXW_ERROR_SHEETNAME_ALREADY_USED;
	lxw_error e = LXW_NO_ERROR;
	for (size_t c = 0; c < t->n_cols && e == LXW_NO_ERROR; c++) {
		e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, 16, NULL);
		const char *h = t->cells[c];
		if (e == LXW_NO_ERROR && h && *h)
			e = worksheet_write_string(ws, 0, (lxw_col_t)c, h, t->is_strong && t->is_strong[c] ? strong : head);
		if (e == LXW_NO_ERROR && t->notes && t->notes[c])
			e = worksheet_write_comment(ws, 0, (lxw_col_t)c, t->notes[c]);
	}
	for (size_t r = 1; r < t->n_rows && e == LXW_NO_ERROR; r++)
		for (size_t c = 0; c < t->n_cols && e == LXW_NO_ERROR; c++) {
			const char *v = t->cells[r * t->n_cols + c];
			if (v && *v)
				e = worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, v, NULL);
		}
	if (e == LXW_NO_ERROR)
		worksheet_freeze_panes(ws, 1, 0);
	return e;
}

static enum status write_tables(const char *path, const void *ctx)
{
	const struct tables *x = ctx;
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return ST_IO;
	lxw_doc_properties props = {.title = (char *)(uintptr_t)x->title, .created = clock_now()};
	workbook_set_properties(wb, &props);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bottom(head, LXW_BORDER_THIN);
	lxw_format *strong = workbook_add_format(wb);
	format_set_bold(strong);
	format_set_font_color(strong, LXW_COLOR_RED);
	format_set_bottom(strong, LXW_BORDER_THIN);
	lxw_error e = LXW_NO_ERROR;
	for (size_t i = 0; i < x->n && e == LXW_NO_ERROR; i++)
		e = write_table(wb, &x->t[i], head, strong);
	lxw_error ce = workbook_close(wb);
	return e == LXW_NO_ERROR && ce == LXW_NO_ERROR ? ST_OK : ST_IO;
}

enum status workbook_tables(const struct workbook_table *t, size_t n, const char *title, struct buf *out)
{
	struct tables x = {t, n, title ? title : ""};
	return workbook_capture(write_tables, &x, out);
}
