/* fuzz_stream.c - libFuzzer target: the streaming CSV reader (sheet_stream) against itself. The
 * input's first byte picks an encoding (auto, utf-8, gbk) and a chunk size (1 to 64 bytes);
 * the rest is the file. Reading it in those chunks must give exactly the rows, errors and
 * status that reading it in one chunk gives: a record, a quoted field, a UTF-8 or GBK
 * character cut by a chunk's end reads the same as a whole one. Every error names the file.
 * (An undecodable byte stops the reading where it is met: the rows read before it, and their
 * errors, depend on the chunks, so then only the status and that byte's error must agree.) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "ingest/sheet.h"
#include "ingest/source.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum status keep_row(void *ctx, const struct sheet *sh, const struct sheet_row *row)
{
	struct buf *b = ctx;
	bwf(b, "%ld:%zu", row->line, row->n_cells);
	for (size_t i = 0; i < row->n_cells; i++) {
		bwc(b, '|');
		bwn(b, row->cells[i].p, row->cells[i].len);
	}
	bwc(b, '\n');
	(void)sh;
	return ST_OK;
}

/* The read of text in chunks of chunk bytes (0: the default): the rows as one text, the
 * status and errors as another (caller frees both); *is_stopped when an undecodable byte
 * stopped it. */
static char *read_all(const char *text, size_t len, const char *encoding, size_t chunk, char **errors, int *is_stopped)
{
	struct arena *a = arena_new();
	struct diag_list d;
	diag_init(&d, a);
	struct byte_source src;
	source_init_mem(&src, "fuzz.csv", text, len);
	if (chunk)
		src.chunk = chunk;
	struct buf b;
	buf_init(&b, 0);
	struct sheet_info info;
	enum status rc = sheet_stream(a, &src, encoding, NULL, keep_row, &b, &info, &d);
	struct buf e;
	buf_init(&e, 0);
	*is_stopped = 0;
	for (size_t i = 0; i < d.n; i++) {
		if (!d.items[i].file || !d.items[i].code || !d.items[i].msg)
			abort();
		*is_stopped |= strcmp(d.items[i].code, "bad_encoding") == 0;
	}
	bwf(&e, "status %d\n", (int)rc);
	if (!*is_stopped)
		bwf(&e, "%zu errors\n", diag_errors(&d));
	for (size_t i = 0; i < d.n; i++)
		if (!*is_stopped || strcmp(d.items[i].code, "bad_encoding") == 0)
			bwf(&e, "%s %ld %d %s\n", d.items[i].code, d.items[i].line, d.items[i].col, d.items[i].msg);
	if (rc != ST_OK && diag_errors(&d) == 0)
		abort(); /* a failure always says why */
	size_t n;
	*errors = buf_detach(&e, &n);
	char *out = buf_detach(&b, &n);
	arena_free(a);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	static const char *const encodings[] = {NULL, "utf-8", "gbk"};
	const char *encoding = encodings[data[0] % 3];
	size_t chunk = (size_t)(data[0] >> 2) + 1;
	const char *text = (const char *)data + 1;
	char *whole_errors, *parts_errors;
	int is_stopped, is_parts_stopped;
	char *whole = read_all(text, size - 1, encoding, 0, &whole_errors, &is_stopped);
	char *parts = read_all(text, size - 1, encoding, chunk, &parts_errors, &is_parts_stopped);
	if (strcmp(whole_errors, parts_errors) != 0 || (!is_stopped && strcmp(whole, parts) != 0))
		abort();
	free(whole);
	free(parts);
	free(whole_errors);
	free(parts_errors);
	return 0;
}
