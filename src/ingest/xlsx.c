/* xlsx.c - .xlsx sheet reader (see xlsx.h): the two public functions and the read context
 * (struct xlsx in xlsx_int.h) with its diagnostics and arena helpers. sheet_from_xlsx opens the
 * package from memory with libzip and reads its parts in order: the relationships and workbook
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

static void report_not_a_workbook(struct xlsx *x, const void *buf, size_t len)
{
	/* An OLE compound file: an Excel 97-2003 .xls, or any workbook saved with a password. */
	if (len >= 8 && memcmp(buf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		xlsx_diag(x, 0, 0, "bad_xlsx",
			  "the file is an old .xls workbook or a password-protected one; save it as .xlsx without a password");
	else
		xlsx_diag(x, 0, 0, "bad_xlsx", "the file is not a readable .xlsx workbook (truncated or not a zip file)");
}

/* Open buf as a zip into x (x->zip NULL and reported when it is none). */
static void open_zip(struct xlsx *x, const void *buf, size_t len)
{
	/* libzip opens an empty source as a new, empty archive; an empty upload is no workbook. */
	zip_error_t zerr;
	zip_error_init(&zerr);
	zip_source_t *src = len ? zip_source_buffer_create(buf, len, 0, &zerr) : NULL;
	if (src) {
		x->zip = zip_open_from_source(src, ZIP_RDONLY, &zerr);
		if (!x->zip)
			zip_source_free(src);
	}
	zip_error_fini(&zerr);
	if (!x->zip)
		report_not_a_workbook(x, buf, len);
}

/* A fresh read context (release x->text when done). */
static void xlsx_begin(struct xlsx *x, struct arena *arena, const char *file, struct diag_list *diags)
{
	memset(x, 0, sizeof(*x));
	x->arena = arena;
	x->file = file;
	x->diags = diags;
	buf_init(&x->text, CSV_MAX_FIELD_BYTES);
}

enum status xlsx_sheet_names(struct arena *arena, const char *file, const void *buf, size_t len, const char ***names,
			     size_t *n, struct diag_list *diags)
{
	struct xlsx x;
	xlsx_begin(&x, arena, file, diags);
	*names = NULL;
	*n = 0;
	enum status rc = ST_INVALID;
	open_zip(&x, buf, len);
	if (x.zip) {
		const struct wb_sheet *sheet = NULL;
		const char *sheet_part = NULL, *wb_folder = NULL;
		struct rel_list wb_rels = {NULL, 0, 0};
		rc = xlsx_workbook_open(&x, NULL, &sheet, &sheet_part, &wb_rels, &wb_folder);
		zip_discard(x.zip);
	}
	buf_release(&x.text);
	if (rc != ST_OK)
		return rc;
	*names = arena_alloc(arena, (x.n_sheets + 1) * sizeof(**names));
	for (size_t i = 0; i < x.n_sheets; i++)
		(*names)[i] = x.sheets[i].name;
	*n = x.n_sheets;
	return ST_OK;
}

enum status sheet_from_xlsx(struct arena *arena, const char *file, const void *buf, size_t len, const char *sheet_name,
			    struct sheet *out, struct diag_list *diags)
{
	memset(out, 0, sizeof(*out));
	out->file = file;
	struct xlsx x;
	xlsx_begin(&x, arena, file, diags);
	size_t errors_before = diag_errors(diags);
	enum status rc;

	open_zip(&x, buf, len);
	if (!x.zip) {
		rc = ST_INVALID;
		goto done;
	}

	const struct wb_sheet *sheet = NULL;
	const char *sheet_part = NULL, *wb_folder = NULL;
	struct rel_list wb_rels = {NULL, 0, 0};
	rc = xlsx_workbook_open(&x, sheet_name, &sheet, &sheet_part, &wb_rels, &wb_folder);
	if (rc != ST_OK)
		goto done;
	out->sheet_name = sheet->name;

	rc = xlsx_shared_strings_read(&x, &wb_rels, wb_folder);
	if (rc != ST_OK)
		goto done;
	rc = xlsx_styles_read(&x, &wb_rels, wb_folder);
	if (rc != ST_OK)
		goto done;

	x.diag_sheet = xlsx_clip(arena, sheet->name);
	rc = xlsx_sheet_read(&x, sheet_part, out);
	if (rc == ST_OK && diag_errors(diags) > errors_before)
		rc = ST_INVALID;

done:
	if (x.zip)
		zip_discard(x.zip);
	buf_release(&x.text);
	if (rc == ST_OK && diag_errors(diags) > errors_before)
		rc = ST_INVALID;
	return rc;
}
