/* report_xlsx.c - the evaluation report as an XLSX workbook (libxlsxwriter): a cover sheet with
 * the report's facts, then one sheet per table of the document, each with a bold frozen header
 * row repeated on every printed page, an autofilter, column widths from the table, numbers kept
 * numeric with their unit and qualifier in the number format ("≥"#,##0" 家"), shares as
 * percentages, verdicts as text and colour, and source links. The workbook's core properties
 * take the report's generated-at time, so the same document gives the same bytes (libxlsxwriter
 * stamps every zip entry 1980-01-01). libxlsxwriter writes only to a file: the workbook goes to a
 * temporary file that is read back and removed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "base/xalloc.h"
#include "report/report.h"
#include "report/workbook.h"
#include "base/banned.h"

/* Excel's limits: a sheet name of 31 characters, a hyperlink of 255 bytes. */
#define XLSX_LINK_MAX 255
#define XLSX_MAX_NUM_FORMATS 256
#define XLSX_CHARS_PER_WIDTH 1.25

struct num_format {
	int decimals;
	const char *mark, *unit;
	lxw_format *fmt;
};

struct xlsx {
	lxw_workbook *wb;
	lxw_format *head, *text, *wrap, *link, *empty, *title, *status[CHART_ROLE__COUNT];
	struct num_format nums[XLSX_MAX_NUM_FORMATS];
	size_t n_nums;
	lxw_format *general;
};

static lxw_color_t role_colour(enum chart_role role)
{
	switch (role) {
	case CHART_ROLE_OK: return 0x1A7F37;
	case CHART_ROLE_WARN: return 0x9A6700;
	case CHART_ROLE_BAD: return 0xB42318;
	case CHART_ROLE_ACCENT: return 0x0B5CAD;
	default: return 0x5A6169;
	}
}

static lxw_color_t role_fill(enum chart_role role)
{
	switch (role) {
	case CHART_ROLE_OK: return 0xE6F4EA;
	case CHART_ROLE_WARN: return 0xFFF4D6;
	case CHART_ROLE_BAD: return 0xFDE7E5;
	default: return 0xF1F3F5;
	}
}

static void make_formats(struct xlsx *x)
{
	x->head = workbook_add_format(x->wb);
	format_set_bold(x->head);
	format_set_bottom(x->head, LXW_BORDER_THIN);
	format_set_top(x->head, LXW_BORDER_MEDIUM);
	format_set_text_wrap(x->head);
	format_set_align(x->head, LXW_ALIGN_VERTICAL_BOTTOM);
	format_set_bg_color(x->head, 0xF4F6F8);
	x->text = workbook_add_format(x->wb);
	format_set_align(x->text, LXW_ALIGN_VERTICAL_TOP);
	x->wrap = workbook_add_format(x->wb);
	format_set_text_wrap(x->wrap);
	format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
	x->link = workbook_add_format(x->wb);
	format_set_font_color(x->link, 0x0B5CAD);
	format_set_underline(x->link, LXW_UNDERLINE_SINGLE);
	format_set_text_wrap(x->link);
	format_set_align(x->link, LXW_ALIGN_VERTICAL_TOP);
	x->empty = workbook_add_format(x->wb);
	format_set_align(x->empty, LXW_ALIGN_CENTER);
	format_set_font_color(x->empty, 0x5A6169);
	x->title = workbook_add_format(x->wb);
	format_set_bold(x->title);
	format_set_font_size(x->title, 14);
	x->general = workbook_add_format(x->wb);
	format_set_align(x->general, LXW_ALIGN_VERTICAL_TOP);
	for (int r = 0; r < CHART_ROLE__COUNT; r++) {
		x->status[r] = workbook_add_format(x->wb);
		format_set_bold(x->status[r]);
		format_set_font_color(x->status[r], role_colour((enum chart_role)r));
		format_set_bg_color(x->status[r], role_fill((enum chart_role)r));
		format_set_text_wrap(x->status[r]);
		format_set_align(x->status[r], LXW_ALIGN_VERTICAL_TOP);
	}
}

/* A number format text: the qualifier mark and the unit as literals around #,##0.00. */
static void quoted(struct buf *b, const char *s)
{
	bwc(b, '"');
	for (; *s; s++)
		if (*s != '"')
			bwc(b, *s);
	bwc(b, '"');
}

static lxw_format *num_format_of(struct xlsx *x, const struct doc_cell *c)
{
	const char *mark = c->mark ? c->mark : "", *unit = c->unit ? c->unit : "";
	if (c->decimals == -2)
		return x->general;
	for (size_t i = 0; i < x->n_nums; i++)
		if (x->nums[i].decimals == c->decimals && strcmp(x->nums[i].mark, mark) == 0 && strcmp(x->nums[i].unit, unit) == 0)
			return x->nums[i].fmt;
	if (x->n_nums == XLSX_MAX_NUM_FORMATS)
		return x->general;
	struct buf f;
	buf_init(&f, 512);
	if (*mark)
		quoted(&f, mark);
	if (c->decimals == -1) {
		bw(&f, "0%");
	} else {
		bw(&f, "#,##0");
		if (c->decimals > 0) {
			bwc(&f, '.');
			for (int i = 0; i < c->decimals && i < 10; i++)
				bwc(&f, '0');
		}
	}
	if (*unit) {
		bwc(&f, ' ');
		quoted(&f, unit);
	}
	lxw_format *fmt = workbook_add_format(x->wb);
	format_set_num_format(fmt, buf_str(&f));
	format_set_align(fmt, LXW_ALIGN_VERTICAL_TOP);
	buf_release(&f);
	x->nums[x->n_nums++] = (struct num_format){c->decimals, mark, unit, fmt};
	return fmt;
}

static int is_web_url(const char *u)
{
	return u && (strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0);
}

static lxw_error write_cell(struct xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const struct doc_cell *c,
			    int is_wide)
{
	switch (c->kind) {
	case DC_NUMBER:
		return worksheet_write_number(ws, row, col, c->num, num_format_of(x, c));
	case DC_STATUS:
		return worksheet_write_string(ws, row, col, c->text, x->status[c->role]);
	case DC_EMPTY:
		return worksheet_write_string(ws, row, col, "—", x->empty);
	case DC_TEXT:
	default:
		/* a link Excel accepts (http(s), at most 255 bytes); any other stays text */
		if (is_web_url(c->url) && strlen(c->url) <= XLSX_LINK_MAX &&
		    worksheet_write_url_opt(ws, row, col, c->url, x->link, c->text, NULL) == LXW_NO_ERROR)
			return LXW_NO_ERROR;
		return worksheet_write_string(ws, row, col, c->text, is_wide ? x->wrap : x->text);
	}
}

static lxw_error write_table(struct xlsx *x, const struct doc_table *t)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, t->sheet);
	if (!ws)
		return LXW_ERROR_SHEETNAME_ALREADY_USED;
	lxw_error e = LXW_NO_ERROR;
	double total = 0;
	for (size_t c = 0; c < t->n_cols; c++)
		total += t->widths[c];
	for (size_t c = 0; c < t->n_cols && e == LXW_NO_ERROR; c++) {
		double w = t->widths[c] * XLSX_CHARS_PER_WIDTH * (total > 0 ? 100.0 / total : 1.0);
		e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w < 6 ? 6 : w, NULL);
		if (e == LXW_NO_ERROR)
			e = worksheet_write_string(ws, 0, (lxw_col_t)c, t->headers[c], x->head);
	}
	for (size_t r = 0; r < t->n_rows && e == LXW_NO_ERROR; r++)
		for (size_t c = 0; c < t->n_cols && e == LXW_NO_ERROR; c++)
			e = write_cell(x, ws, (lxw_row_t)(r + 1), (lxw_col_t)c, &t->cells[r * t->n_cols + c], t->widths[c] >= 20);
	if (e == LXW_NO_ERROR && t->note) /* a blank row, then what is said of the rows */
		e = worksheet_write_string(ws, (lxw_row_t)(t->n_rows + 2), 0, t->note, x->text);
	if (e != LXW_NO_ERROR)
		return e;
	worksheet_freeze_panes(ws, 1, 0);
	if (t->n_rows > 0)
		e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->n_rows, (lxw_col_t)(t->n_cols - 1));
	worksheet_repeat_rows(ws, 0, 0);
	worksheet_set_paper(ws, 9); /* A4 */
	if (t->n_cols > 5)
		worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	/* the caption heads every printed page ("&&" is a literal ampersand in a header) */
	struct buf h;
	buf_init(&h, 1024);
	bw(&h, "&C");
	for (const char *s = t->caption; *s; s++)
		bw(&h, *s == '&' ? "&&" : (char[2]){*s, 0});
	if (e == LXW_NO_ERROR && buf_status(&h) == ST_OK && h.len < 250)
		e = worksheet_set_header(ws, buf_str(&h));
	buf_release(&h);
	return e;
}

static lxw_error write_cover(struct xlsx *x, const struct report_doc *d)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, i18n(d->lang, "report.sheet.cover"));
	if (!ws)
		return LXW_ERROR_SHEETNAME_ALREADY_USED;
	lxw_error e = worksheet_set_column(ws, 0, 0, 22, NULL);
	if (e == LXW_NO_ERROR)
		e = worksheet_set_column(ws, 1, 1, 90, NULL);
	if (e == LXW_NO_ERROR)
		e = worksheet_write_string(ws, 0, 0, d->title, x->title);
	if (e == LXW_NO_ERROR)
		e = worksheet_write_string(ws, 1, 0, d->subtitle, x->text);
	for (size_t i = 0; i < d->n_facts && e == LXW_NO_ERROR; i++) {
		e = worksheet_write_string(ws, (lxw_row_t)(3 + i), 0, d->facts[i].label, x->head);
		if (e == LXW_NO_ERROR)
			e = worksheet_write_string(ws, (lxw_row_t)(3 + i), 1, d->facts[i].value, x->wrap);
	}
	return e;
}

/* Build the workbook at path. */
static enum status write_workbook(const struct report_doc *d, const char *path)
{
	struct xlsx *x = xcalloc(1, sizeof(*x));
	x->wb = workbook_new(path);
	if (!x->wb) {
		free(x);
		return ST_IO;
	}
	/* libxlsxwriter's properties are not const: hand it copies */
	struct arena *a = arena_new();
	lxw_doc_properties props = {
		.title = arena_strdup(a, d->title),
		.subject = arena_strdup(a, d->subtitle),
		.author = arena_strdup(a, d->issuer),
		.company = arena_strdup(a, d->issuer),
		.comments = arena_strdup(a, d->footer),
		.created = d->ev->prov.generated,
	};
	workbook_set_properties(x->wb, &props);
	make_formats(x);
	lxw_error e = write_cover(x, d);
	for (size_t i = 0; i < d->n_blocks && e == LXW_NO_ERROR; i++)
		if (d->blocks[i].kind == DB_TABLE)
			e = write_table(x, d->blocks[i].table);
	lxw_error ce = workbook_close(x->wb);
	free(x);
	arena_free(a);
	return e == LXW_NO_ERROR && ce == LXW_NO_ERROR ? ST_OK : ST_IO;
}

static enum status write_doc(const char *path, const void *ctx)
{
	return write_workbook(ctx, path);
}

enum status report_xlsx(const struct report_doc *d, struct buf *out)
{
	return workbook_capture(write_doc, d, out);
}
