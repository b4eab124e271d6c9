/* units.h - conversion of a reported unit to an indicator's unit (人 -> 万人, 万元 -> 亿元...).
 * Only exact, known scalings: anything else is refused, never guessed. Pure. */
#ifndef INNOMON_INGEST_UNITS_H
#define INNOMON_INGEST_UNITS_H

/* Convert value from unit `from` to unit `to`. Returns 1 and sets *out when from == to or a
 * known scaling exists; 0 otherwise. */
int unit_convert(double value, const char *from, const char *to, double *out);

#endif
