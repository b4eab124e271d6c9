/* fuzz_config.c - libFuzzer target: config_parse_file over any bytes. Besides the sanitizers
 * it checks the parser's promises: success adds no error and failure says why, with a line
 * inside the file (or none, for a file too large); a failure changes nothing; and a parsed
 * config, printed by config_describe, parses back to the same values. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every setting of c formatted, one after another (caller releases out). */
static void format_all(const struct config *c, struct buf *out)
{
	size_t n;
	const struct config_setting *s = config_settings(&n);
	for (size_t i = 0; i < n; i++) {
		if (config_format_value(c, &s[i], out) != ST_OK || buf_putc(out, '\n') != ST_OK)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct diag_list d;
	struct config c, before, back;
	diag_init(&d, a);
	config_defaults(&c);
	before = c;
	enum status st = config_parse_file(&c, (const char *)data, size, "fuzz.conf", &d);
	if ((st == ST_OK) != (diag_errors(&d) == 0))
		abort();
	if (st != ST_OK && memcmp(&before, &c, sizeof(c)) != 0)
		abort(); /* all or nothing */
	size_t n_lines = 1;
	for (size_t i = 0; i < size; i++)
		n_lines += data[i] == '\n';
	for (size_t i = 0; i < d.n; i++) {
		const struct diag *g = &d.items[i];
		if (!g->code || !g->msg || g->line < 0 || (size_t)g->line > n_lines || g->col < 0)
			abort();
		if (g->line == 0 && st != ST_TOO_LARGE)
			abort();
	}
	if (st == ST_OK) {
		struct buf shown, first, second;
		buf_init(&shown, 0);
		buf_init(&first, 0);
		buf_init(&second, 0);
		if (config_describe(&c, &shown) != ST_OK)
			abort();
		config_defaults(&back);
		if (config_parse_file(&back, shown.p, shown.len, "shown.conf", &d) != ST_OK)
			abort();
		format_all(&c, &first);
		format_all(&back, &second);
		if (first.len != second.len || memcmp(first.p, second.p, first.len) != 0)
			abort();
		buf_release(&shown);
		buf_release(&first);
		buf_release(&second);
	}
	arena_free(a);
	return 0;
}
