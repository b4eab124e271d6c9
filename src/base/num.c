/* num.c - strict decimal parsing (no locale, no strtod surprises like "inf" or hex). Pure. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "base/banned.h"

#define NUM_MAX_TEXT_BYTES 64u

int num_parse_double(struct str s, double *out)
{
	char tmp[NUM_MAX_TEXT_BYTES + 1];
	size_t n = 0, i = 0;
	uint64_t mantissa = 0; /* the digits read, while at most 15 of them: the exact path below */
	if (s.len == 0 || s.len > NUM_MAX_TEXT_BYTES)
		return 0;
	if (s.p[i] == '+' || s.p[i] == '-')
		tmp[n++] = s.p[i++];
	/* integer part, possibly with thousands separators */
	size_t digits = 0, group = 0;
	int has_sep = 0;
	for (; i < s.len; i++) {
		char c = s.p[i];
		if (c >= '0' && c <= '9') {
			tmp[n++] = c;
			mantissa = mantissa * 10 + (uint64_t)(c - '0');
			digits++;
			group++;
		} else if (c == ',') {
			if (digits == 0 || (has_sep && group != 3) || (!has_sep && group > 3))
				return 0;
			has_sep = 1;
			group = 0;
		} else {
			break;
		}
	}
	if (has_sep && group != 3)
		return 0;
	size_t frac = 0;
	if (i < s.len && s.p[i] == '.') {
		tmp[n++] = s.p[i++];
		for (; i < s.len && s.p[i] >= '0' && s.p[i] <= '9'; i++, frac++) {
			tmp[n++] = s.p[i];
			mantissa = mantissa * 10 + (uint64_t)(s.p[i] - '0');
		}
	}
	if (digits == 0 && frac == 0)
		return 0;
	if (i == s.len && digits + frac <= 15) {
		/* at most 15 digits and no exponent (a figure as typed, 645.09): the digits as a
		 * whole number and a power of ten are both exact doubles, and IEEE division rounds
		 * once, correctly, so this is the double strtod gives (Clinger's fast path) */
		static const double pow10[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
						 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
		double v = (double)mantissa / pow10[frac];
		*out = v == 0 ? 0.0 : tmp[0] == '-' ? -v : v; /* no negative zero */
		return 1;
	}
	if (i < s.len && (s.p[i] == 'e' || s.p[i] == 'E')) {
		tmp[n++] = s.p[i++];
		if (i < s.len && (s.p[i] == '+' || s.p[i] == '-'))
			tmp[n++] = s.p[i++];
		size_t exp_digits = 0;
		for (; i < s.len && s.p[i] >= '0' && s.p[i] <= '9'; i++, exp_digits++)
			tmp[n++] = s.p[i];
		if (exp_digits == 0)
			return 0;
	}
	if (i != s.len)
		return 0;
	tmp[n] = '\0';
	char *end;
	double v = strtod(tmp, &end);
	if (*end != '\0' || !isfinite(v))
		return 0;
	*out = v == 0 ? 0.0 : v; /* no negative zero */
	return 1;
}

int num_parse_int(struct str s, int64_t min, int64_t max, int64_t *out)
{
	size_t i = 0;
	int neg = 0;
	uint64_t u = 0, limit;
	int64_t v;
	if (s.len == 0 || s.len > 20)
		return 0;
	if (s.p[0] == '-' || s.p[0] == '+') {
		neg = s.p[0] == '-';
		i++;
	}
	if (i == s.len)
		return 0;
	/* accumulate the magnitude unsigned so that INT64_MIN itself parses */
	limit = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
	for (; i < s.len; i++) {
		char c = s.p[i];
		if (c < '0' || c > '9')
			return 0;
		if (u > (limit - (uint64_t)(c - '0')) / 10)
			return 0;
		u = u * 10 + (uint64_t)(c - '0');
	}
	if (neg)
		v = u == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)u;
	else
		v = (int64_t)u;
	if (v < min || v > max)
		return 0;
	*out = v;
	return 1;
}

void num_format(char *out, unsigned cap, double v, int decimals)
{
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	snprintf(out, cap, "%.*f", decimals, v);
	if (decimals > 0 && strchr(out, '.')) {
		size_t n = strlen(out);
		while (n > 0 && out[n - 1] == '0')
			out[--n] = '\0';
		if (n > 0 && out[n - 1] == '.')
			out[--n] = '\0';
	}
	if (strcmp(out, "-0") == 0) {
		out[0] = '0';
		out[1] = '\0';
	}
}
