/* xlsx.c - .xlsx sheet reader (see xlsx.h): the two public functions and the read context
 * (struct xlsx in xlsx_int.h) with its diagnostics and arena helpers. xlsx_stream opens the
 * package (a file in place, or memory) with libzip and reads its parts in order: the relationships and workbook
 * (xlsx_workbook.c), shared strings (xlsx_text.c), styles (xlsx_styles.c), then the sheet
 * itself (xlsx_sheet.c); each part is streamed by xlsx_part.c, never held whole as a tree.
 * Format: ECMA-376 Part 1 (SpreadsheetML, §18) and Part 2 (Open Packaging Conventions). */
#include <stdarg.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlversion.h>
#include <zip.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "ingest/csv.h"
#include "ingest/source.h"
#include "ingest/xlsx.h"
#include "ingest/xlsx_int.h"
#include "base/banned.h"

static void xml_quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

void xlsx_global_init(void)
{
	xmlInitParser();
	/* libxml2 reports a few errors (input encoding conversion) past the reader's handler,
	 * to stderr by default: untrusted uploads must not write to the server's log, and the
	 * reader's failure becomes a diagnostic anyway. New threads take the ThrDef handler. */
	xmlSetGenericErrorFunc(NULL, xml_quiet);
#if LIBXML_VERSION < 21200
	xmlThrDefSetGenericErrorFunc(NULL, xml_quiet);
#endif
}

void *xlsx_array_grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return items;
	size_t new_cap = *cap ? *cap * 2 : 16;
	void *grown = arena_calloc(a, new_cap, size);
	if (n)
		memcpy(grown, items, n * size);
	*cap = new_cap;
	return grown;
}

struct diag *xlsx_diag(struct xlsx *x, long line, int col, const char *code, const char *fmt, ...)
{
	x->n_errors++;
	x->is_row_bad = 1;
	if (x->diags->n >= x->diags->max) {
		/* full: only counted, so a sheet of a million bad cells costs no memory here */
		diag_add(x->diags, x->file, line, col, NULL, code, "%s", "");
		return NULL;
	}
	va_list ap;
	va_start(ap, fmt);
	char *msg = arena_vprintf(x->diags->arena, fmt, ap);
	va_end(ap);
	struct diag *d = diag_add(x->diags, x->file, line, col, NULL, code, "%s", msg);
	if (d && x->diag_sheet)
		d->sheet = arena_strdup(x->diags->arena, x->diag_sheet);
	return d;
}

int xlsx_copy_view(char *dst, size_t cap, const char *p, size_t n)
{
	int is_whole = n < cap;
	if (!is_whole)
		n = utf8_floor(p, cap - 1);
	memcpy(dst, p, n);
	dst[n] = '\0';
	return is_whole;
}

int xlsx_copy_short(char *dst, size_t cap, const char *s)
{
	return xlsx_copy_view(dst, cap, s, strlen(s));
}

/* Excel's names are short, a hostile file's need not be. */
const char *xlsx_clip(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	return n <= 100 ? s : arena_strndup(a, s, utf8_floor(s, 100));
}

static void report_not_a_workbook(struct xlsx *x, const unsigned char *head, size_t len)
{
	/* An OLE compound file: an Excel 97-2003 .xls, or any workbook saved with a password. */
	if (len >= 8 && memcmp(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		xlsx_diag(x, 0, 0, "bad_xlsx",
			  "the file is an old .xls workbook or a password-protected one; save it as .xlsx without a password");
	else
		xlsx_diag(x, 0, 0, "bad_xlsx", "the file is not a readable .xlsx workbook (truncated or not a zip file)");
}

/* The package of src: a file through libzip's file source (read in place), memory through a
 * buffer source. NULL when it is no zip archive. */
static zip_t *open_package(struct byte_source *src)
{
	zip_error_t zerr;
	zip_error_init(&zerr);
	zip_source_t *zs = NULL;
	if (src->path)
		zs = zip_source_file_create(src->path, 0, -1, &zerr);
	else if (src->mem_len) /* libzip opens an empty source as a new, empty archive */
		zs = zip_source_buffer_create(src->mem, src->mem_len, 0, &zerr);
	zip_t *zip = NULL;
	if (zs) {
		zip = zip_open_from_source(zs, ZIP_RDONLY, &zerr);
		if (!zip)
			zip_source_free(zs);
	}
	zip_error_fini(&zerr);
	return zip;
}

/* xlsx_stream; is_keep_bad_rows: a row with a bad cell is passed on with that cell empty (the
 * whole-sheet reader keeps every row: it fails anyway), else it is dropped. */
static enum status stream(struct arena *arena, struct byte_source *src, const char *sheet_name, sheet_row_fn fn, void *ctx,
			  const char **sheet_read, int is_keep_bad_rows, struct diag_list *diags)
{
	struct sheet out;
	memset(&out, 0, sizeof(out));
	out.file = src->name;
	*sheet_read = NULL;
	struct xlsx x;
	memset(&x, 0, sizeof(x));
	x.arena = arena;
	x.file = src->name;
	x.diags = diags;
	x.on_row = fn;
	x.on_row_ctx = ctx;
	x.is_keep_bad_rows = is_keep_bad_rows;
	x.shared = spill_new(0);
	x.scratch = arena_new();
	buf_init(&x.text, CSV_MAX_FIELD_BYTES);
	enum status rc;

	if (source_size(src, &x.comp_bytes) != ST_OK || !(x.zip = open_package(src))) {
		unsigned char head[8] = {0};
		size_t got = 0;
		if (source_rewind(src) != ST_OK || source_read(src, (char *)head, sizeof(head), &got) != ST_OK)
			got = 0;
		report_not_a_workbook(&x, head, got);
		rc = ST_INVALID;
		goto done;
	}

	const struct wb_sheet *sheet = NULL;
	const char *sheet_part = NULL, *wb_folder = NULL;
	struct rel_list wb_rels = {NULL, 0, 0};
	rc = xlsx_workbook_open(&x, sheet_name, &sheet, &sheet_part, &wb_rels, &wb_folder);
	if (rc != ST_OK)
		goto done;
	out.sheet_name = sheet->name;
	*sheet_read = sheet->name;

	rc = xlsx_shared_strings_read(&x, &wb_rels, wb_folder);
	if (rc != ST_OK)
		goto done;
	rc = xlsx_styles_read(&x, &wb_rels, wb_folder);
	if (rc != ST_OK)
		goto done;

	x.diag_sheet = xlsx_clip(arena, sheet->name);
	rc = xlsx_sheet_read(&x, sheet_part, &out);

done:
	if (x.zip)
		zip_discard(x.zip);
	buf_release(&x.text);
	spill_free(x.shared);
	arena_free(x.scratch);
	if (rc == ST_OK && x.n_errors)
		rc = ST_INVALID;
	return rc;
}

enum status xlsx_stream(struct arena *arena, struct byte_source *src, const char *sheet_name, sheet_row_fn fn, void *ctx,
			const char **sheet_read, struct diag_list *diags)
{
	return stream(arena, src, sheet_name, fn, ctx, sheet_read, 0, diags);
}

/* sheet_from_xlsx's collector: the rows, capped in cells as well as rows. */
struct xlsx_collector {
	struct sheet_collector c;
	size_t n_cell_slots;
};

static enum status collect_row(void *ctx, const struct sheet *sh, const struct sheet_row *row)
{
	struct xlsx_collector *xc = ctx;
	/* A row costs a slot per column up to its last value: one value in column IV is 256. */
	xc->n_cell_slots += row->n_cells;
	if (xc->n_cell_slots > XLSX_MAX_CELLS) {
		struct diag *d = diag_add(xc->c.diags, sh->file, row->line, 0, NULL, "too_many_cells",
					  "the sheet has more than %lu cells (counting empty cells before the last value of each row); "
					  "split it into smaller files", (unsigned long)XLSX_MAX_CELLS);
		if (d)
			d->sheet = sh->sheet_name;
		return ST_TOO_LARGE;
	}
	return sheet_collect_row(&xc->c, sh, row);
}

enum status sheet_from_xlsx(struct arena *arena, const char *file, const void *buf, size_t len, const char *sheet_name,
			    struct sheet *out, struct diag_list *diags)
{
	memset(out, 0, sizeof(*out));
	out->file = file;
	struct byte_source src;
	source_init_mem(&src, file, buf, len);
	struct xlsx_collector xc = {{arena, out, 0, diags}, 0};
	const char *read_name;
	enum status rc = stream(arena, &src, sheet_name, collect_row, &xc, &read_name, 1, diags);
	out->file = file;
	out->sheet_name = read_name;
	return rc;
}
