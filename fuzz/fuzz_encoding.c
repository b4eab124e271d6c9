/* fuzz_encoding.c - libFuzzer target: text_to_utf8, its first input byte choosing the encoding
 * (auto, utf-8, gbk, gb18030, an unknown name) and the rest being the text; accepted text then
 * goes through sheet_from_csv as an import does. Checks: success gives valid UTF-8 within the
 * documented size bound, UTF-8 input comes back untouched, and a refusal leaves one diagnostic
 * and no output. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "ingest/encoding.h"
#include "ingest/sheet.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const encodings[] = {NULL, "utf-8", "gbk", "gb18030", "latin1"};
	const char *encoding = size ? encodings[data[0] % 5] : NULL;
	const char *text = size ? (const char *)data + 1 : "";
	size_t len = size ? size - 1 : 0;
	struct arena *a = arena_new();
	struct diag_list d;
	diag_init(&d, a);
	const char *out, *detected;
	size_t out_len;
	enum status st = text_to_utf8(a, "fuzz.csv", text, len, encoding, &out, &out_len, &detected, &d);
	if (st == ST_OK) {
		if (!out || !detected || d.n != 0 || out_len > len * 2 + 16 || !utf8_valid(out, out_len, NULL))
			abort();
		if (strcmp(detected, "utf-8") == 0 && (out != text || out_len != len))
			abort();
		if (strcmp(detected, "utf-8") != 0 && (strcmp(detected, "gb18030") != 0 || out[out_len] != '\0'))
			abort();
		struct sheet s;
		if (sheet_from_csv(a, "fuzz.csv", out, out_len, &s, &d) != ST_OK && diag_errors(&d) == 0)
			abort();
	} else if (out || detected || out_len || diag_errors(&d) != 1) {
		abort();
	}
	arena_free(a);
	return 0;
}
