/* units.c - the table of known unit scalings (docs/data.md). */
#include <string.h>

#include "ingest/units.h"
#include "base/banned.h"

static const struct {
	const char *from, *to;
	double factor;
} scalings[] = {
	{"人", "万人", 1e-4},
	{"万人", "人", 1e4},
	{"元", "亿元", 1e-8},
	{"万元", "亿元", 1e-4},
	{"万亿元", "亿元", 1e4},
	{"亿元", "万元", 1e4},
	{"亿元", "万亿元", 1e-4},
	{"千亿元", "亿元", 10},
	/* a density per 10,000 people is stored in the unit of its numerator (件 per 万人) */
	{"件/万人", "件", 1},
	{"件每万人", "件", 1},
	{"家/个", "家", 1},
	{"个", "家", 1},
	{"名", "人", 1},
	{"名", "万人", 1e-4},
	{"万名", "万人", 1},
	{"%", "％", 1},
	{"％", "%", 1},
};

int unit_convert(double value, const char *from, const char *to, double *out)
{
	if (strcmp(from, to) == 0) {
		*out = value;
		return 1;
	}
	for (size_t i = 0; i < sizeof(scalings) / sizeof(scalings[0]); i++)
		if (strcmp(scalings[i].from, from) == 0 && strcmp(scalings[i].to, to) == 0) {
			*out = value * scalings[i].factor;
			return 1;
		}
	return 0;
}
