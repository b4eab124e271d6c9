/* encoding.c - UTF-8 or GB18030 text to UTF-8 (see encoding.h). Conversion is glibc iconv from
 * GB18030, which decodes all of GBK and GB2312 too. Nothing is guessed past that: an undecodable
 * byte is an error naming its place, never a replacement character. */
#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
#include "ingest/encoding.h"
#include "base/banned.h"

#define ENCODING_HINT "save the file as UTF-8 or GBK, or give --encoding"

enum source_encoding { SRC_AUTO, SRC_UTF8, SRC_GB18030, SRC_UNKNOWN };

static enum source_encoding encoding_by_name(const char *name)
{
	if (!name || strcasecmp(name, "auto") == 0)
		return SRC_AUTO;
	if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0)
		return SRC_UTF8;
	if (strcasecmp(name, "gbk") == 0 || strcasecmp(name, "gb2312") == 0 || strcasecmp(name, "gb18030") == 0)
		return SRC_GB18030;
	return SRC_UNKNOWN;
}

/* One bad_encoding diagnostic at byte offset bad_at: the line holding it and the byte's column
 * within that line (1-based), the byte itself as the value. */
static void report_bad_byte(struct diag_list *diags, const char *file, const char *buf, size_t bad_at,
			    const char *what_failed)
{
	long line = 1;
	size_t line_start = 0;
	for (size_t i = 0; i < bad_at; i++)
		if (buf[i] == '\n') {
			line++;
			line_start = i + 1;
		}
	size_t col = bad_at - line_start + 1;
	unsigned byte = (unsigned char)buf[bad_at];
	struct diag *d = diag_add(diags, file, line, col <= INT_MAX ? (int)col : 0, NULL, "bad_encoding",
				  "%s: byte 0x%02X at offset %zu (line %ld) cannot be decoded; " ENCODING_HINT, what_failed,
				  byte, bad_at, line);
	char value[8];
	snprintf(value, sizeof(value), "0x%02X", byte);
	diag_set_value(diags, d, value, strlen(value));
}

/* Decode buf[0..len) as GB18030 into arena memory. On an undecodable or cut-off sequence
 * *bad_at gets its offset and ST_INVALID is returned. */
static enum status gb18030_to_utf8(struct arena *arena, const char *buf, size_t len, char **out, size_t *out_len,
				   size_t *bad_at)
{
	/* GB18030 needs 1, 2 or 4 bytes for what UTF-8 writes in 1, 3 or 4: the output is at most
	 * 1.5 times the input, so twice the input plus slack always fits. */
	if (len > (SIZE_MAX - 16) / 2)
		return ST_TOO_LARGE;
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return ST_IO;
	size_t cap = len * 2 + 16;
	char *dst = arena_alloc(arena, cap);
	/* iconv's prototype lacks const on the input; it never writes through it. */
	char *in = (char *)(uintptr_t)buf;
	size_t in_left = len;
	char *o = dst;
	size_t o_left = cap - 1;
	enum status rc = ST_OK;
	if (iconv(cd, &in, &in_left, &o, &o_left) == (size_t)-1) {
		if (errno == E2BIG) {
			rc = ST_TOO_LARGE;
		} else {
			*bad_at = (size_t)(in - buf);
			rc = ST_INVALID;
		}
	} else if (iconv(cd, NULL, NULL, &o, &o_left) == (size_t)-1) {
		rc = ST_TOO_LARGE;
	}
	iconv_close(cd);
	if (rc != ST_OK)
		return rc;
	*o = '\0';
	*out = dst;
	*out_len = (size_t)(o - dst);
	return ST_OK;
}

enum status text_to_utf8(struct arena *arena, const char *file, const char *buf, size_t len, const char *encoding,
			 const char **out, size_t *out_len, const char **detected, struct diag_list *diags)
{
	*out = NULL;
	*out_len = 0;
	*detected = NULL;
	if (!buf)
		buf = "";
	enum source_encoding src = encoding_by_name(encoding);
	if (src == SRC_UNKNOWN) {
		diag_add(diags, file, 0, 0, NULL, "unknown_encoding", "unknown encoding '%s': use utf-8, gbk or gb18030",
			 encoding);
		return ST_INVALID;
	}
	if (len >= 2 && ((buf[0] == '\xFF' && buf[1] == '\xFE') || (buf[0] == '\xFE' && buf[1] == '\xFF'))) {
		diag_add(diags, file, 1, 1, NULL, "bad_encoding", "the file is UTF-16; save it as UTF-8");
		return ST_INVALID;
	}
	if (src == SRC_AUTO || src == SRC_UTF8) {
		size_t bad_at;
		if (utf8_valid(buf, len, &bad_at)) {
			*out = buf;
			*out_len = len;
			*detected = "utf-8";
			return ST_OK;
		}
		if (src == SRC_UTF8) {
			report_bad_byte(diags, file, buf, bad_at, "the file is not valid UTF-8");
			return ST_INVALID;
		}
		/* A UTF-8 byte-order mark says what the file means to be; reading the rest as GB18030
		 * would turn a damaged UTF-8 file into plausible-looking nonsense. */
		if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
			report_bad_byte(diags, file, buf, bad_at,
					"the file starts with a UTF-8 byte-order mark but is not valid UTF-8");
			return ST_INVALID;
		}
	}
	char *text;
	size_t text_len, bad_at = 0;
	enum status rc = gb18030_to_utf8(arena, buf, len, &text, &text_len, &bad_at);
	if (rc == ST_INVALID) {
		report_bad_byte(diags, file, buf, bad_at,
				src == SRC_AUTO ? "the file is neither UTF-8 nor GBK/GB18030" : "the file is not valid GBK/GB18030");
		return ST_INVALID;
	}
	if (rc == ST_IO) {
		diag_add(diags, file, 0, 0, NULL, "encoding_unavailable",
			 "this system's iconv cannot convert from GB18030; save the file as UTF-8");
		return ST_IO;
	}
	if (rc != ST_OK) {
		diag_add(diags, file, 0, 0, NULL, "file_too_large", "the file is too large to convert to UTF-8");
		return rc;
	}
	*out = text;
	*out_len = text_len;
	*detected = "gb18030";
	return ST_OK;
}
