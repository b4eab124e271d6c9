/* fuzz_derive.c - libFuzzer target for derived-indicator definitions: any bytes either parse or
 * are refused with a position inside the input; a parsed definition evaluates over a few
 * records of every registry without crashing, and its years are found. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/derive.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct reg_record recs[REG_N_KINDS][2] = {
	{{(const char *[]){"e1", "a", "r", "hnte", "2022-01-01", NULL}, NULL, 0, 1, NULL, NULL},
	 {(const char *[]){"e2", "b", "r", "tsme", "2023-01-01", "2024-12-31"}, NULL, 1, 1, NULL, NULL}},
	{{(const char *[]){"c1", "2024-03-01", "12.5", "r", NULL, "s"}, NULL, 0, 1, NULL, NULL},
	 {(const char *[]){"c2", "2025-03-01", "x", "r", "b", NULL}, NULL, 1, 1, NULL, NULL}},
	{{(const char *[]){"p1", "2021-01-01", NULL, "r"}, NULL, 0, 1, NULL, NULL}, {(const char *[]){"p2", "2022-01-01", "2023-01-01", "r"}, NULL, 1, 1, NULL, NULL}},
	{{(const char *[]){"f1", "n", "national", "k", "2020-02-02", "r"}, NULL, 0, 1, NULL, NULL},
	 {(const char *[]){"f2", "n", "provincial", "k", NULL, "r"}, NULL, -1, 1, NULL, NULL}},
	{{(const char *[]){"t1", "p", "2024", "r"}, NULL, 0, 1, NULL, NULL}, {(const char *[]){"t2", "p", NULL, "r"}, NULL, 1, 1, NULL, NULL}},
	/* firms: every field exists (the unnamed ones empty) */
	{{(const char *[REG_MAX_FIELDS]){"91430100MA4L16JQ9B", "2024", "n", "r", "2010-05-01", "120", "40", "30", "5000.5"}, NULL, 0, 1, NULL, NULL},
	 {(const char *[REG_MAX_FIELDS]){"91430100MA4L16JQ9B", "2025", "n", "r", NULL, "x"}, NULL, 1, 1, NULL, NULL}},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	size_t at;
	const char *err;
	struct derive *d = derive_parse(a, (const char *)data, size, &at, &err);
	if (!d && (!err || at > size))
		abort();
	if (d) {
		struct reg_set sets[REG_N_KINDS];
		for (int k = 0; k < REG_N_KINDS; k++)
			sets[k] = (struct reg_set){recs[k], 2};
		/* two regions, the second under the first */
		static const unsigned char up[2 * 2] = {1, 0, 1, 1};
		struct derive_ctx ctx = {"2024-01-01", "2024-12-31", 2024};
		double v[2];
		unsigned char ok[2];
		int first, last;
		derive_eval_regions(d, sets, &ctx, up, 2, v, ok);
		(void)derive_kinds(d);
		(void)derive_years(d, sets, 2100, &first, &last);
	}
	arena_free(a);
	return 0;
}
