/* sheet.h - a table of text cells read from a CSV file or an XLSX sheet, and the mapping of
 * its header row to the columns a reader expects. Both file kinds become a sheet, so every
 * importer validates one shape and reports positions the same way (file, sheet, line, column).
 * Importers stream a sheet (sheet_stream: one row at a time, memory flat in the file's size);
 * small files (a plan's tables) may be read whole (sheet_from_csv, sheet_from_xlsx). */
#ifndef INNOMON_INGEST_SHEET_H
#define INNOMON_INGEST_SHEET_H

#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/status.h"
#include "base/str.h"

struct sheet_row {
	struct str *cells; /* arena memory, trimmed of surrounding spaces */
	size_t n_cells;
	long line;         /* CSV line or XLSX row number, 1-based */
};

struct sheet {
	const char *file;       /* as the user named it, borrowed */
	const char *sheet_name; /* XLSX sheet name, NULL for CSV */
	struct sheet_row *rows; /* rows[0] is the header */
	size_t n_rows;
};

/* One expected column: its canonical name and other accepted header names (Chinese, English),
 * a NULL-terminated list. */
struct col_spec {
	const char *name;
	const char *const *aliases;
	int is_required;
};

/* The most rows a sheet read whole may hold (streamed sheets have no row cap). */
#define SHEET_MAX_ROWS 1000000u

struct byte_source;

/* What sheet_stream read. */
struct sheet_info {
	const char *format;   /* "csv" or "xlsx" */
	const char *encoding; /* CSV: "utf-8" or "gb18030" as read; NULL for XLSX */
	const char *sheet;    /* XLSX: the sheet read (arena); NULL for CSV */
	char sha256[65];      /* of the file's bytes, lower-case hex */
	size_t n_bytes;
};

/* Called once per row: first with the header (then sh->rows[0], which stays valid for the whole
 * stream), then with every data row in file order. A row's cells live until the call returns.
 * Returning anything but ST_OK stops the stream, which returns that status. */
typedef enum status (*sheet_row_fn)(void *ctx, const struct sheet *sh, const struct sheet_row *row);

/* Read src (a CSV in encoding, detected when NULL or "auto", or an .xlsx workbook's sheet
 * sheet_name, the first when NULL) row by row into fn. The header and names live in arena; a
 * row's cells in scratch memory the stream reuses. The whole file is read once first (its
 * hash, size, format and encoding), then parsed. Rows are as sheet_from_csv and
 * sheet_from_xlsx give them: trimmed, empty rows skipped; a CSV row of another shape than the
 * header is reported ("row_shape") and not passed on. info is filled as far as it got.
 * Returns ST_OK when every row was read without an error of the reader (fn may have added its
 * own); ST_INVALID after reader errors (rows read past a bad one were still passed on unless the
 * file could not be read further: bad encoding, a damaged workbook, a record past
 * CSV_MAX_RECORD_BYTES); ST_NOT_FOUND for a missing sheet; ST_TOO_LARGE; ST_IO when src cannot
 * be read; or fn's own status. Every failure but fn's and ST_IO adds a diagnostic. */
enum status sheet_stream(struct arena *arena, struct byte_source *src, const char *encoding, const char *sheet_name,
			 sheet_row_fn fn, void *ctx, struct sheet_info *info, struct diag_list *diags) WUR;

/* The stream of a UTF-8 CSV text (a text_reader of encoding.h, not yet read) into fn, as
 * sheet_stream does once it knows the encoding. */
struct text_reader;
enum status sheet_stream_csv(struct arena *arena, struct text_reader *tr, const char *file, sheet_row_fn fn, void *ctx,
			     struct diag_list *diags) WUR;

/* A sheet_row_fn that copies every row into the struct sheet ctx points to (rows and cells in
 * arena collector->arena), for the readers that return a whole sheet. ST_TOO_LARGE with a
 * diagnostic past SHEET_MAX_ROWS. */
struct sheet_collector {
	struct arena *arena;
	struct sheet *out;
	size_t cap;
	struct diag_list *diags;
};
enum status sheet_collect_row(void *ctx, const struct sheet *sh, const struct sheet_row *row);

/* Read a UTF-8 CSV held in buf[0..len) (borrowed) into a sheet in arena. The delimiter is
 * sniffed from the header line. Bad UTF-8, malformed quoting and a row with more or fewer
 * fields than the header (code "row_shape", naming both counts) are reported to diags.
 * Returns ST_OK, ST_INVALID (diagnostics added) or ST_TOO_LARGE. */
enum status sheet_from_csv(struct arena *arena, const char *file, const char *buf, size_t len,
			   struct sheet *out, struct diag_list *diags) WUR;

/* Map the header row to specs: idx[k] gets the column of specs[k], or -1 when absent.
 * Reports a missing required column, a header given twice, and (when is_strict) an unknown
 * header. Header names match case-insensitively for ASCII and ignore surrounding spaces.
 * Returns the number of errors added. */
size_t sheet_map_columns(const struct sheet *s, const struct col_spec *specs, size_t n_specs, int is_strict,
			 int *idx, struct diag_list *diags);

/* The cell of row at column idx (empty view when the column is absent or the row short). */
struct str sheet_cell(const struct sheet_row *row, int idx);
/* Add an error about one cell: position from row and column index, field from the spec. */
struct diag *sheet_cell_error(const struct sheet *s, const struct sheet_row *row, int idx, const char *field,
			      const char *code, struct diag_list *diags, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

#endif
