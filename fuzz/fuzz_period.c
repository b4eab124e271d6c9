/* fuzz_period.c - libFuzzer target for period_parse: any bytes must either be rejected or parse
 * to a period whose canonical text parses back to the same period, with sane dates and time.
 * Aborts on the first mismatch so the fuzzer keeps the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct period p, back;
	char text[PERIOD_TEXT_MAX], start[11], end[11];
	if (!period_parse((const char *)data, size, &p))
		return 0;
	if (p.year < 1900 || p.year > 2200)
		abort();
	period_format(&p, text);
	if (!period_parse(text, strlen(text), &back))
		abort();
	if (back.year != p.year || back.kind != p.kind || back.sub != p.sub ||
	    period_cmp(&back, &p) != 0 || !period_contains(&p, &back))
		abort();
	period_start_date(&p, start);
	period_end_date(&p, end);
	if (strlen(start) != 10 || strlen(end) != 10 || strcmp(start, end) >= 0)
		abort();
	double t = period_time(&p);
	if (!(t > (double)p.year - 1.0 && t <= (double)p.year))
		abort();
	return 0;
}
