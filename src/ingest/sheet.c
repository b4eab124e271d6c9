/* sheet.c - CSV into a sheet; header mapping; cell errors with positions. */
#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
#include "ingest/csv.h"
#include "ingest/sheet.h"
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
	struct csv_reader r;
	size_t skip = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	csv_init(&r, buf, len, csv_sniff_delim(buf + skip, len - skip), file);
	size_t cap = 64;
	out->rows = arena_alloc(arena, cap * sizeof(*out->rows));
	size_t errors_before = diag_errors(diags);
	for (;;) {
		struct csv_record rec;
		int rc = csv_next(&r, arena, &rec, diags);
		if (rc == 0)
			break;
		if (rc < 0)
			continue;
		if (out->n_rows == SHEET_MAX_ROWS) {
			diag_add(diags, file, rec.line, 0, NULL, "too_many_rows", "the file has more than %u rows", SHEET_MAX_ROWS);
			return ST_TOO_LARGE;
		}
		if (out->n_rows == cap) {
			struct sheet_row *grown = arena_alloc(arena, cap * 2 * sizeof(*grown));
			memcpy(grown, out->rows, cap * sizeof(*grown));
			out->rows = grown;
			cap *= 2;
		}
		size_t n_filled = 0;
		for (size_t i = 0; i < rec.n_fields; i++) {
			rec.fields[i] = str_trim(rec.fields[i]);
			n_filled += rec.fields[i].len > 0;
		}
		/* ",,,," rows (a spreadsheet saved as CSV below its data) are skipped, as the XLSX
		 * reader skips empty rows, so both kinds of file read alike */
		if (n_filled == 0)
			continue;
		if (out->n_rows > 0 && rec.n_fields != out->rows[0].n_cells) {
			row_shape_error(diags, file, r.delim, rec.line, rec.n_fields, out->rows[0].n_cells);
			continue;
		}
		out->rows[out->n_rows++] = (struct sheet_row){rec.fields, rec.n_fields, rec.line};
	}
	return diag_errors(diags) > errors_before ? ST_INVALID : ST_OK;
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
