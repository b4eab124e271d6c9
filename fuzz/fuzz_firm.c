/* fuzz_firm.c - libFuzzer target for firm records and the evaluation methods: the first line
 * is checked as a 统一社会信用代码 (core/uscc.h); each further line is one `firms` record, its
 * fields in the registry's order separated by '|' (empty: not given). The records become firms
 * (core/firm_load.h) and every method evaluates every year they name and the years around it;
 * a total range that runs backwards or a lift without text aborts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/eval.h"
#include "core/firm_load.h"
#include "core/uscc.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_RECORDS 6

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 8192)
		return 0;
	struct arena *a = arena_new();
	const char *text = arena_strndup(a, (const char *)data, size);
	const struct reg_kind_info *k = reg_kind_info(REG_FIRMS);
	const char *line = text, *end;
	end = strchr(line, '\n');
	size_t n0 = end ? (size_t)(end - line) : strlen(line);
	size_t at;
	char want;
	enum uscc_error e = uscc_check(line, n0, &at, &want);
	if (e == USCC_CHAR && at >= n0)
		abort();
	struct reg_record recs[MAX_RECORDS];
	size_t n = 0;
	while (end && n < MAX_RECORDS) {
		line = end + 1;
		end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		struct reg_record *r = &recs[n++];
		memset(r, 0, sizeof(*r));
		reg_record_alloc(a, REG_FIRMS, r);
		r->region = -1;
		size_t f = 0, i = 0;
		while (f < k->n_fields && i <= len) {
			size_t j = i;
			while (j < len && line[j] != '|')
				j++;
			r->vals[f++] = j > i ? arena_strndup(a, line + i, j - i) : NULL;
			i = j + 1;
		}
	}
	struct firm *firms;
	size_t n_firms = firm_load(a, NULL, recs, n, recs, n, &firms);
	for (size_t i = 0; i < n_firms; i++)
		for (size_t y = 0; y < firms[i].n_years; y++)
			for (int d = -1; d <= 1; d++) {
				struct eval_result res[FM_N];
				firm_evaluate_all(a, &firms[i], firms[i].years[y].year + d, res);
				for (int m = 0; m < FM_N; m++) {
					if (res[m].has_score && res[m].score_min > res[m].score_max)
						abort();
					for (size_t l = 0; l < res[m].n_lifts; l++)
						if (!res[m].lifts[l].what_zh || !res[m].lifts[l].need_en)
							abort();
				}
				(void)firm_tier(res);
				(void)firm_next_tier(res);
			}
	arena_free(a);
	return 0;
}
