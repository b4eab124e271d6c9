/* sheet.c - a file streamed as rows (CSV here, XLSX by xlsx.c) or read whole into a sheet;
 * header mapping; cell errors with positions. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
#include "base/xalloc.h"
#include "ingest/csv.h"
#include "ingest/encoding.h"
#include "ingest/sheet.h"
#include "ingest/source.h"
#include "ingest/xlsx.h"
#include "base/banned.h"

/* Every row has exactly the header's fields: an unquoted "1,234" splits a number in two and
 * would shift every later cell, so a row of another shape is an error, never read. This is the
 * one place every CSV reader (values, registries, milestones, plan files) passes through. */
static void row_shape_error(struct diag_list *diags, const char *file, char delim, long line, size_t n_fields,
			    size_t n_header)
{
	if (delim == ',')
		diag_add(diags, file, line, 0, NULL, "row_shape",
			 "the row has %zu fields but the header has %zu; a number with a thousands separator must be "
			 "quoted (\"1,234\") or written without it (1234), and a text with a comma must be quoted",
			 n_fields, n_header);
	else
		diag_add(diags, file, line, 0, NULL, "row_shape",
			 "the row has %zu fields but the header has %zu; a text with a tab must be quoted", n_fields,
			 n_header);
}

/* The CSV rows of a text stream: a window of the text grows only to hold the longest record,
 * each row's cells live in a scratch arena reset after the row, and the header is copied once
 * into arena. */
struct csv_window {
	char *buf;
	size_t len, cap;
	int is_eof;
};

/* The least room a read is given: a decoded character (4 bytes) must always fit. */
#define WINDOW_MIN_READ 64u

/* Append text after buf[0..len) until the window is full or the text ends. */
static enum status window_fill(struct csv_window *w, struct text_reader *tr, struct diag_list *diags)
{
	while (w->cap - w->len >= WINDOW_MIN_READ && !w->is_eof) {
		size_t got;
		enum status rc = text_reader_read(tr, w->buf + w->len, w->cap - w->len, &got, diags);
		if (rc != ST_OK)
			return rc;
		w->len += got;
		w->is_eof = got == 0;
		if (got && w->len < w->cap)
			break; /* a short read: parse what came */
	}
	return ST_OK;
}

enum status sheet_stream_csv(struct arena *arena, struct text_reader *tr, const char *file, sheet_row_fn fn, void *ctx,
			     struct diag_list *diags)
{
	struct sheet sh;
	memset(&sh, 0, sizeof(sh));
	sh.file = file;
	struct sheet_row header;
	struct csv_window w = {NULL, 0, 2 * tr->src->chunk + 16, 0};
	w.buf = xmalloc(w.cap);
	struct arena *row_arena = arena_new();
	struct csv_reader r;
	size_t n_errors = 0; /* the reader's own: fn may add others */
	enum status rc = window_fill(&w, tr, diags);
	/* the delimiter is sniffed from the first line: make sure the window holds it */
	while (rc == ST_OK && !w.is_eof && !csv_sniff_is_whole(w.buf, w.len)) {
		if (w.cap - w.len < WINDOW_MIN_READ) {
			if (w.cap > CSV_MAX_RECORD_BYTES)
				break;
			w.cap *= 2;
			w.buf = xrealloc(w.buf, w.cap);
		}
		rc = window_fill(&w, tr, diags);
	}
	if (rc != ST_OK)
		goto done;
	size_t skip = w.len >= 3 && memcmp(w.buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	csv_init(&r, w.buf, w.len, csv_sniff_delim(w.buf + skip, w.len - skip), file);
	r.is_eof = w.is_eof;
	for (;;) {
		struct csv_record rec;
		size_t before = diag_errors(diags);
		int got = csv_next(&r, row_arena, &rec, diags);
		n_errors += diag_errors(diags) - before;
		if (got == CSV_MORE) {
			/* move the unread record to the front and read on behind it */
			size_t keep = w.len - r.pos;
			if (w.cap - keep < WINDOW_MIN_READ) {
				if (w.cap > CSV_MAX_RECORD_BYTES) {
					diag_add(diags, file, r.line, 0, NULL, "record_too_large",
						 "a record (row) is longer than %zu MiB; check the file's quoting", CSV_MAX_RECORD_BYTES >> 20);
					rc = ST_INVALID;
					goto done;
				}
				w.cap *= 2;
				w.buf = xrealloc(w.buf, w.cap);
			}
			memmove(w.buf, w.buf + r.pos, keep);
			w.len = keep;
			rc = window_fill(&w, tr, diags);
			if (rc != ST_OK)
				goto done;
			csv_feed(&r, w.buf, w.len, w.is_eof);
			continue;
		}
		if (got == 0)
			break;
		if (got < 0)
			continue;
		size_t n_filled = 0;
		for (size_t i = 0; i < rec.n_fields; i++) {
			rec.fields[i] = str_trim(rec.fields[i]);
			n_filled += rec.fields[i].len > 0;
		}
		/* ",,,," rows (a spreadsheet saved as CSV below its data) are skipped, as the XLSX
		 * reader skips empty rows, so both kinds of file read alike */
		if (n_filled == 0) {
			arena_reset(row_arena);
			continue;
		}
		if (sh.n_rows == 0) {
			header.n_cells = rec.n_fields;
			header.line = rec.line;
			header.cells = arena_alloc(arena, rec.n_fields * sizeof(*header.cells));
			for (size_t i = 0; i < rec.n_fields; i++)
				header.cells[i] = (struct str){arena_strndup(arena, rec.fields[i].p, rec.fields[i].len), rec.fields[i].len};
			sh.rows = &header;
			sh.n_rows = 1;
			rc = fn(ctx, &sh, &header);
		} else if (rec.n_fields != header.n_cells) {
			row_shape_error(diags, file, r.delim, rec.line, rec.n_fields, header.n_cells);
			n_errors++;
		} else {
			struct sheet_row row = {rec.fields, rec.n_fields, rec.line};
			rc = fn(ctx, &sh, &row);
		}
		arena_reset(row_arena);
		if (rc != ST_OK)
			goto done;
	}
	rc = n_errors ? ST_INVALID : ST_OK;
done:
	arena_free(row_arena);
	free(w.buf);
	return rc;
}

enum status sheet_collect_row(void *ctx, const struct sheet *sh, const struct sheet_row *row)
{
	struct sheet_collector *c = ctx;
	struct sheet *out = c->out;
	out->file = sh->file;
	out->sheet_name = sh->sheet_name;
	if (out->n_rows == SHEET_MAX_ROWS) {
		struct diag *d = diag_add(c->diags, sh->file, row->line, 0, NULL, "too_many_rows", "the file has more than %u rows",
					  SHEET_MAX_ROWS);
		if (d)
			d->sheet = sh->sheet_name;
		return ST_TOO_LARGE;
	}
	if (out->n_rows == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct sheet_row *grown = arena_alloc(c->arena, cap * sizeof(*grown));
		if (out->n_rows)
			memcpy(grown, out->rows, out->n_rows * sizeof(*grown));
		out->rows = grown;
		c->cap = cap;
	}
	struct str *cells = arena_alloc(c->arena, (row->n_cells ? row->n_cells : 1) * sizeof(*cells));
	for (size_t i = 0; i < row->n_cells; i++)
		cells[i] = (struct str){arena_strndup(c->arena, row->cells[i].p, row->cells[i].len), row->cells[i].len};
	out->rows[out->n_rows++] = (struct sheet_row){cells, row->n_cells, row->line};
	return ST_OK;
}

enum status sheet_from_csv(struct arena *arena, const char *file, const char *buf, size_t len,
			   struct sheet *out, struct diag_list *diags)
{
	size_t bad_at;
	memset(out, 0, sizeof(*out));
	out->file = file;
	if (!utf8_valid(buf, len, &bad_at)) {
		long line = 1;
		for (size_t i = 0; i < bad_at; i++)
			line += buf[i] == '\n';
		diag_add(diags, file, line, 0, NULL, "bad_encoding",
			 "the file is not valid UTF-8 (byte offset %zu); save it as UTF-8 or give --encoding gbk", bad_at);
		return ST_INVALID;
	}
	struct byte_source src;
	struct text_reader tr;
	source_init_mem(&src, file, buf, len);
	enum status rc = text_reader_open(&tr, &src, file, 0, diags);
	if (rc != ST_OK)
		return rc;
	struct sheet_collector c = {arena, out, 0, diags};
	rc = sheet_stream_csv(arena, &tr, file, sheet_collect_row, &c, diags);
	text_reader_close(&tr);
	out->file = file;
	return rc;
}

/* Whether a file starting h[0..n) is an old .xls workbook, an .xlsx one (a zip), either. */
static int is_old_xls(const unsigned char *h, size_t n)
{
	return n >= 8 && memcmp(h, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
}

static int is_xlsx(const unsigned char *h, size_t n)
{
	return n >= 4 && memcmp(h, "PK\x03\x04", 4) == 0;
}

static int is_workbook(const unsigned char *h, size_t n)
{
	return is_old_xls(h, n) || is_xlsx(h, n);
}

/* A CSV read as UTF-8 in one pass (encoding_utf8_at_once): hashed and checked as the rows are
 * read. A stream stopped early (a refused row, a bad byte) reads the rest only to hash it. */
static enum status stream_utf8_csv(struct arena *arena, struct byte_source *src, const char *what, sheet_row_fn fn,
				   void *ctx, struct sheet_info *info, struct diag_list *diags)
{
	const char *file = src->name;
	struct source_check check;
	struct text_reader tr;
	size_t errors_before = diag_errors(diags);
	enum status rc = source_check_init(&check, 1);
	if (rc != ST_OK)
		return rc;
	info->format = "csv";
	info->encoding = "utf-8";
	rc = text_reader_open(&tr, src, file, 0, diags);
	if (rc == ST_OK) {
		tr.check = &check, tr.check_what = what;
		rc = sheet_stream_csv(arena, &tr, file, fn, ctx, diags);
	}
	text_reader_close(&tr);
	enum status hashed = ST_OK;
	if (rc != ST_OK && rc != ST_IO) {
		char *rest = xmalloc(src->chunk);
		size_t got = 1;
		while (hashed == ST_OK && got)
			if ((hashed = source_read(src, rest, src->chunk, &got)) == ST_OK && got)
				hashed = source_check_update(&check, rest, got);
		free(rest);
	}
	struct source_scan scan;
	if (hashed == ST_OK && rc != ST_IO && source_check_final(&check, &scan) == ST_OK) {
		memcpy(info->sha256, scan.sha256, sizeof(info->sha256));
		info->n_bytes = scan.n_bytes;
	}
	source_check_release(&check);
	if (rc == ST_IO && diag_errors(diags) == errors_before)
		diag_add(diags, file, 0, 0, NULL, "unreadable", "the file cannot be read");
	return rc;
}

/* Whether src is a CSV read as UTF-8 in one pass (*what: the complaint at a bad byte), from its
 * first SOURCE_CHUNK_BYTES (however small the chunks it is read in: the answer depends on the
 * file alone). Leaves src rewound. */
static enum status utf8_at_once(struct byte_source *src, const char *encoding, int *is_once, const char **what)
{
	char *head = xmalloc(SOURCE_CHUNK_BYTES);
	size_t n = 0, got = 1;
	enum status rc = source_rewind(src);
	while (rc == ST_OK && got && n < SOURCE_CHUNK_BYTES)
		if ((rc = source_read(src, head + n, SOURCE_CHUNK_BYTES - n, &got)) == ST_OK)
			n += got;
	*is_once = rc == ST_OK && !is_workbook((const unsigned char *)head, n) && encoding_utf8_at_once(encoding, head, n, what);
	free(head);
	return rc == ST_OK ? source_rewind(src) : rc;
}

enum status sheet_stream(struct arena *arena, struct byte_source *src, const char *encoding, const char *sheet_name,
			 sheet_row_fn fn, void *ctx, struct sheet_info *info, struct diag_list *diags)
{
	const char *file = src->name;
	memset(info, 0, sizeof(*info));
	int is_once = 0;
	const char *what;
	enum status rc = sheet_name ? ST_OK : utf8_at_once(src, encoding, &is_once, &what);
	if (rc == ST_OK && is_once)
		return stream_utf8_csv(arena, src, what, fn, ctx, info, diags);
	struct source_scan scan;
	if (rc == ST_OK)
		rc = source_scan(src, 1, &scan);
	if (rc != ST_OK) {
		diag_add(diags, file, 0, 0, NULL, "unreadable", "the file cannot be read");
		return ST_IO;
	}
	memcpy(info->sha256, scan.sha256, sizeof(info->sha256));
	info->n_bytes = scan.n_bytes;
	if (is_old_xls(scan.head, scan.n_bytes)) {
		diag_add(diags, file, 0, 0, NULL, "old_xls",
			 "the file is an old Excel .xls workbook: save it as .xlsx (Excel 2007 or later) or as CSV");
		return ST_INVALID;
	}
	if (is_xlsx(scan.head, scan.n_bytes)) {
		info->format = "xlsx";
		return xlsx_stream(arena, src, sheet_name, fn, ctx, &info->sheet, diags);
	}
	info->format = "csv";
	if (sheet_name) {
		diag_add(diags, file, 0, 0, NULL, "not_a_workbook", "a sheet name was given, but the file is not an .xlsx workbook");
		return ST_INVALID;
	}
	int is_gb18030;
	rc = encoding_choose(file, encoding, &scan, &is_gb18030, &info->encoding, diags);
	if (rc != ST_OK)
		return rc;
	struct text_reader tr;
	rc = text_reader_open(&tr, src, file, is_gb18030, diags);
	if (rc == ST_OK)
		rc = sheet_stream_csv(arena, &tr, file, fn, ctx, diags);
	text_reader_close(&tr);
	return rc;
}

static int header_matches(struct str h, const char *name)
{
	size_t n = strlen(name);
	return h.len == n && strncasecmp(h.p, name, n) == 0;
}

size_t sheet_map_columns(const struct sheet *s, const struct col_spec *specs, size_t n_specs, int is_strict,
			 int *idx, struct diag_list *diags)
{
	size_t before = diag_errors(diags);
	for (size_t k = 0; k < n_specs; k++)
		idx[k] = -1;
	if (s->n_rows == 0) {
		struct diag *d = diag_add(diags, s->file, 1, 0, NULL, "empty_file", "the file is empty: a header row is required");
		if (d)
			d->sheet = s->sheet_name;
		return diag_errors(diags) - before;
	}
	const struct sheet_row *h = &s->rows[0];
	for (size_t c = 0; c < h->n_cells; c++) {
		struct str name = h->cells[c];
		int found = -1;
		for (size_t k = 0; k < n_specs && found < 0; k++) {
			if (header_matches(name, specs[k].name))
				found = (int)k;
			for (const char *const *a = specs[k].aliases; a && *a && found < 0; a++)
				if (header_matches(name, *a))
					found = (int)k;
		}
		if (found < 0) {
			if (name.len == 0 && !is_strict)
				continue;
			if (is_strict || name.len == 0) {
				struct diag *d = sheet_cell_error(s, h, (int)c, NULL, "unknown_column", diags,
								  "unknown column '%.*s'", (int)name.len, name.p);
				(void)d;
			}
			continue;
		}
		if (idx[found] >= 0) {
			sheet_cell_error(s, h, (int)c, specs[found].name, "duplicate_column", diags,
					 "column '%s' appears twice (also column %d)", specs[found].name, idx[found] + 1);
			continue;
		}
		idx[found] = (int)c;
	}
	for (size_t k = 0; k < n_specs; k++)
		if (specs[k].is_required && idx[k] < 0) {
			struct diag *d = diag_add(diags, s->file, h->line, 0, specs[k].name, "missing_column",
						  "required column '%s' is missing from the header", specs[k].name);
			if (d)
				d->sheet = s->sheet_name;
		}
	return diag_errors(diags) - before;
}

struct str sheet_cell(const struct sheet_row *row, int idx)
{
	if (idx < 0 || (size_t)idx >= row->n_cells)
		return (struct str){"", 0};
	return row->cells[idx];
}

struct diag *sheet_cell_error(const struct sheet *s, const struct sheet_row *row, int idx, const char *field,
			      const char *code, struct diag_list *diags, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	struct diag *d = diag_add(diags, s->file, row->line, idx >= 0 ? idx + 1 : 0, field, code, "%s", msg);
	if (d) {
		d->sheet = s->sheet_name;
		struct str v = sheet_cell(row, idx);
		if (v.len)
			diag_set_value(diags, d, v.p, v.len);
	}
	return d;
}
