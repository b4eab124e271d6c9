/* clock.c - now; UTC and Asia/Shanghai formatting without the process TZ (deadlines are
 * Beijing days whatever the setting); the zone pages show times in, set once as TZ. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/clock.h"
#include "base/banned.h"

#define SHANGHAI_OFFSET_SECONDS (8 * 3600)

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

int clock_parse_utc(const char *s, time_t *out)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, se = 0;
	size_t n = s ? strlen(s) : 0;
	memset(&tm, 0, sizeof(tm));
	if (n != 10 && n != 20)
		return 0;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' || !digits(s + 8, 2, &d))
		return 0;
	if (n == 20 && (s[10] != 'T' || !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) ||
			s[16] != ':' || !digits(s + 17, 2, &se) || s[19] != 'Z'))
		return 0;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return 0;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	time_t t = timegm(&tm);
	struct tm back;
	gmtime_r(&t, &back);
	if (back.tm_mday != d) /* 2025-02-30 and friends */
		return 0;
	*out = t;
	return 1;
}

time_t clock_now(void)
{
	const char *fixed = getenv("INNOMON_NOW");
	time_t t;
	if (fixed && clock_parse_utc(fixed, &t))
		return t;
	return time(NULL);
}

void clock_format_utc(time_t t, char out[32])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void clock_format_shanghai(time_t t, char out[32])
{
	struct tm tm;
	time_t local = t + SHANGHAI_OFFSET_SECONDS;
	gmtime_r(&local, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M", &tm);
}

int clock_zone_apply(const char *zone)
{
	size_t n = zone ? strlen(zone) : 0;
	if (n == 0 || n > 64 || zone[0] == '/' || strstr(zone, ".."))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)zone[i]) && !strchr("/_+-", zone[i]))
			return 0;
	if (strcmp(zone, "UTC") != 0) {
		const char *dir = getenv("TZDIR");
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", zone);
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			return 0;
	}
	if (setenv("TZ", zone, 1) != 0)
		return 0;
	tzset();
	return 1;
}

void clock_format_local(time_t t, char out[32])
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M", &tm);
}

int clock_year_shanghai(time_t t)
{
	struct tm tm;
	time_t local = t + SHANGHAI_OFFSET_SECONDS;
	gmtime_r(&local, &tm);
	return tm.tm_year + 1900;
}
