/* clock.h - the one source of "now" (all deadline and timestamp logic asks here), so tests
 * can set it: INNOMON_NOW=YYYY-MM-DDTHH:MM:SSZ fixes the clock for a process. */
#ifndef INNOMON_BASE_CLOCK_H
#define INNOMON_BASE_CLOCK_H

#include <time.h>

/* Seconds since the epoch, UTC: INNOMON_NOW when set and valid, else the system clock. */
time_t clock_now(void);
/* "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void clock_format_utc(time_t t, char out[32]);
/* Parse "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" as UTC; returns 1 on success. */
int clock_parse_utc(const char *s, time_t *out);
/* The calendar date in Asia/Shanghai (UTC+8, no DST) as "YYYY-MM-DD HH:MM". */
void clock_format_shanghai(time_t t, char out[32]);
/* Show times in zone (an IANA name such as "Asia/Shanghai", or "UTC") from now on: the
 * process's TZ, set once by main before any thread starts (the setting time_zone). Returns 0
 * (nothing changed) when the name is malformed or the system's tzdata has no such zone. */
int clock_zone_apply(const char *zone);
/* t in the zone clock_zone_apply set (UTC before) as "YYYY-MM-DD HH:MM", for pages. */
void clock_format_local(time_t t, char out[32]);
/* The calendar year in Asia/Shanghai at t. */
int clock_year_shanghai(time_t t);

#endif
