/* fuzz_csv.c - libFuzzer target: the CSV reader (every record of the input, with the
 * delimiter sniffed as sheet_from_csv does) and sheet_from_csv over the same bytes.
 * Besides the sanitizers it checks the reader's promises: each call consumes input, fields
 * and records stay within their caps, and every error names the file and a line. */
#include <stdint.h>
#include <stdlib.h>

#include "ingest/csv.h"
#include "ingest/sheet.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct arena *a = arena_new();
	struct diag_list d;
	struct csv_reader r;
	struct csv_record rec;
	diag_init(&d, a);
	csv_init(&r, p, size, csv_sniff_delim(p, size), "fuzz.csv");
	for (;;) {
		size_t before = r.pos;
		long line_before = r.line;
		int rc = csv_next(&r, a, &rec, &d);
		if (rc == 0)
			break;
		if (r.pos <= before || r.pos > size || r.line < line_before)
			abort(); /* no progress, or past the end */
		if (rc > 0) {
			if (rec.n_fields == 0 || rec.n_fields > CSV_MAX_FIELDS || rec.line < line_before)
				abort();
			for (size_t i = 0; i < rec.n_fields; i++)
				if (rec.fields[i].len > CSV_MAX_FIELD_BYTES || rec.fields[i].p[rec.fields[i].len] != '\0')
					abort();
		}
	}
	for (size_t i = 0; i < d.n; i++)
		if (!d.items[i].file || d.items[i].line < 1 || !d.items[i].code || !d.items[i].msg)
			abort();

	struct sheet s;
	size_t errors_before = diag_errors(&d);
	enum status st = sheet_from_csv(a, "fuzz.csv", p, size, &s, &d);
	if ((st == ST_OK) != (diag_errors(&d) == errors_before))
		abort(); /* a failure always says why, and success adds no error */
	for (size_t i = 0; st == ST_OK && i < s.n_rows; i++)
		if (s.rows[i].line < 1 || (i && s.rows[i].line <= s.rows[i - 1].line))
			abort();
	arena_free(a);
	return 0;
}
