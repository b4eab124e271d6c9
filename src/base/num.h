/* num.h - strict number parsing from untrusted text. Pure. */
#ifndef INNOMON_BASE_NUM_H
#define INNOMON_BASE_NUM_H

#include <stdint.h>

#include "base/str.h"

/* Parse a finite decimal number: optional sign, digits with an optional fraction and exponent,
 * optional thousands separators (',' in groups of three), nothing else (no spaces, hex, inf, nan).
 * Returns 1 and sets *out on success, 0 otherwise. */
int num_parse_double(struct str s, double *out);
/* Parse a decimal integer in [min, max] (no separators). Returns 1 on success. */
int num_parse_int(struct str s, int64_t min, int64_t max, int64_t *out);
/* Format a double with at most `decimals` places, trailing zeros trimmed, into out[cap]. */
void num_format(char *out, unsigned cap, double v, int decimals);

#endif
