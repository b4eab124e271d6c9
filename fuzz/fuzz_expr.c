/* fuzz_expr.c - libFuzzer target for the formula parser: any bytes either parse or are refused
 * with a position inside the input; a parsed formula evaluates without crashing and lists its
 * references. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/expr.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int lookup(void *ctx, const char *code, int is_last, double *out)
{
	(void)ctx;
	if (code[0] == 'z')
		return 0; /* some references are missing */
	*out = is_last ? 2.5 : (double)(code[0] - 'a');
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	size_t at;
	const char *err;
	struct expr *e = expr_parse(a, (const char *)data, size, &at, &err);
	if (!e && (!err || at > size))
		abort();
	if (e) {
		const char *codes[8];
		double v;
		(void)expr_refs(e, codes, 8);
		(void)expr_eval(e, lookup, NULL, &v);
	}
	arena_free(a);
	return 0;
}
