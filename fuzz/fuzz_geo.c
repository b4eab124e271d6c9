/* fuzz_geo.c - libFuzzer target: geo_parse (src/report/geo.h), the reading of the maps'
 * boundary data, over any bytes. Besides the sanitizers it checks the promises: refused input
 * gives no shapes and a reason; accepted input gives shapes whose rings have four points or
 * more, every coordinate finite and within range and inside its shape's box. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "report/geo.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct geo_map m;
	char err[200];
	enum status rc = geo_parse(a, (const char *)data, size, &m, err, sizeof(err));
	if (rc != ST_OK && (m.n != 0 || !err[0]))
		abort();
	for (size_t i = 0; rc == ST_OK && i < m.n; i++) {
		const struct geo_shape *s = &m.shapes[i];
		if (!s->code || !s->code[0] || geo_find(&m, s->code) == NULL)
			abort();
		for (size_t k = 0; k < s->n_rings; k++)
			for (size_t j = 0; j < s->rings[k].n; j++) {
				double x = s->rings[k].lon[j], y = s->rings[k].lat[j];
				if (s->rings[k].n < 4 || !isfinite(x) || !isfinite(y) || x < s->lon0 || x > s->lon1 || y < s->lat0 ||
				    y > s->lat1)
					abort();
			}
	}
	arena_free(a);
	return 0;
}
