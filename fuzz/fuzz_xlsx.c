/* fuzz_xlsx.c - libFuzzer target: sheet_from_xlsx over the input bytes, reading the first sheet
 * and then a sheet by name. Besides the sanitizers it checks the reader's promises: a failure
 * always says why and success adds no error; rows come in ascending Excel row order within the
 * caps; every cell is trimmed, valid UTF-8 and no row ends in an empty cell; every diagnostic
 * names the file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "ingest/csv.h"
#include "ingest/xlsx.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_sheet(const struct sheet *s)
{
	if (!s->file || strcmp(s->file, "fuzz.xlsx") != 0 || !s->sheet_name || s->n_rows > SHEET_MAX_ROWS)
		abort();
	for (size_t i = 0; i < s->n_rows; i++) {
		const struct sheet_row *row = &s->rows[i];
		if (row->line < 1 || row->line > XLSX_MAX_ROW || (i && row->line <= s->rows[i - 1].line))
			abort();
		if (row->n_cells == 0 || row->n_cells > CSV_MAX_FIELDS || row->cells[row->n_cells - 1].len == 0)
			abort();
		for (size_t c = 0; c < row->n_cells; c++) {
			struct str v = row->cells[c];
			if (!v.p || v.len > CSV_MAX_FIELD_BYTES || str_trim(v).len != v.len || !utf8_valid(v.p, v.len, NULL))
				abort();
		}
	}
}

static void read_one(const uint8_t *data, size_t size, const char *sheet_name)
{
	struct arena *a = arena_new();
	struct diag_list d;
	struct sheet s;
	diag_init(&d, a);
	enum status st = sheet_from_xlsx(a, "fuzz.xlsx", data, size, sheet_name, &s, &d);
	if ((st == ST_OK) != (diag_errors(&d) == 0))
		abort(); /* a failure always says why, and success adds no error */
	if (st == ST_OK)
		check_sheet(&s);
	for (size_t i = 0; i < d.n; i++)
		if (!d.items[i].file || !d.items[i].code || !d.items[i].msg || !utf8_valid(d.items[i].msg, strlen(d.items[i].msg), NULL))
			abort();
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int is_initialised;
	if (!is_initialised) {
		xlsx_global_init();
		is_initialised = 1;
	}
	read_one(data, size, NULL);
	read_one(data, size, "Sheet2");
	return 0;
}
