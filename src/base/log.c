/* log.c - stderr logger. The two settings are written once by main before threads start
 * (the one place of process-wide state, as STYLE.md allows for main's setup). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/banned.h"

static enum log_level log_min_level = LOG_INFO;
static enum log_format log_fmt = LOG_FORMAT_TEXT;

void log_setup(enum log_level min_level, enum log_format format)
{
	log_min_level = min_level;
	log_fmt = format;
}

enum log_format log_current_format(void)
{
	return log_fmt;
}

static const char *const level_names[] = {"error", "warn", "info", "debug"};

static void json_escape_to(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
}

int log_enabled(enum log_level level)
{
	return level <= log_min_level;
}

void log_fields(enum log_level level, const char *module, const char *msg, const char *const *keys,
		const char *const *values, unsigned n)
{
	if (level > log_min_level)
		return;
	struct timespec ts;
	struct tm tm;
	char when[32], line[4096];
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	FILE *out = fmemopen(line, sizeof(line), "w");
	if (!out)
		return;
	if (log_fmt == LOG_FORMAT_JSON) {
		fprintf(out, "{\"time\":\"%s.%03ldZ\",\"level\":\"%s\",\"module\":\"", when, ts.tv_nsec / 1000000,
			level_names[level]);
		json_escape_to(out, module);
		fputs("\",\"msg\":\"", out);
		json_escape_to(out, msg);
		fputc('"', out);
		for (unsigned i = 0; i < n; i++) {
			fprintf(out, ",\"%s\":\"", keys[i]);
			json_escape_to(out, values[i] ? values[i] : "");
			fputc('"', out);
		}
		fputs("}\n", out);
	} else {
		fprintf(out, "%s.%03ldZ %s %s: %s", when, ts.tv_nsec / 1000000, level_names[level], module, msg);
		for (unsigned i = 0; i < n; i++)
			fprintf(out, " %s=%s", keys[i], values[i] ? values[i] : "-");
		fputc('\n', out);
	}
	fclose(out);
	line[sizeof(line) - 1] = '\0';
	fputs(line, stderr);
}

void log_msg(enum log_level level, const char *module, const char *fmt, ...)
{
	if (level > log_min_level)
		return;
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	struct timespec ts;
	struct tm tm;
	char when[32];
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);

	char line[2304];
	FILE *out = fmemopen(line, sizeof(line), "w");
	if (!out)
		return;
	if (log_fmt == LOG_FORMAT_JSON) {
		fprintf(out, "{\"time\":\"%s.%03ldZ\",\"level\":\"%s\",\"module\":\"", when,
			ts.tv_nsec / 1000000, level_names[level]);
		json_escape_to(out, module);
		fputs("\",\"msg\":\"", out);
		json_escape_to(out, msg);
		fputs("\"}\n", out);
	} else {
		fprintf(out, "%s.%03ldZ %s %s: %s\n", when, ts.tv_nsec / 1000000, level_names[level], module,
			msg);
	}
	fclose(out);
	line[sizeof(line) - 1] = '\0';
	fputs(line, stderr); /* one write per line so concurrent lines do not interleave */
}
