/* sheet.h - a table of text cells read from a CSV file or an XLSX sheet, and the mapping of
 * its header row to the columns a reader expects. Both file kinds become a sheet, so every
 * importer validates one shape and reports positions the same way (file, sheet, line, column). */
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

#define SHEET_MAX_ROWS 1000000u

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
