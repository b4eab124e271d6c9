/* encoding.c - UTF-8 or GB18030 text to UTF-8 (see encoding.h). Conversion is glibc iconv from
 * GB18030, which decodes all of GBK and GB2312 too. Nothing is guessed past that: an undecodable
 * byte is an error naming its place, never a replacement character. */
#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
#include "base/xalloc.h"
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

static void report_bad_at(struct diag_list *diags, const char *file, size_t offset, long line, long col, unsigned byte,
			  const char *what_failed);

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
	report_bad_at(diags, file, bad_at, line, (long)(bad_at - line_start) + 1, (unsigned char)buf[bad_at], what_failed);
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

/* ---- streaming ------------------------------------------------------------------------- */

/* The bad_encoding diagnostic at a byte whose line and column are known. */
static void report_bad_at(struct diag_list *diags, const char *file, size_t offset, long line, long col, unsigned byte,
			  const char *what_failed)
{
	struct diag *d = diag_add(diags, file, line, col <= INT_MAX ? (int)col : 0, NULL, "bad_encoding",
				  "%s: byte 0x%02X at offset %zu (line %ld) cannot be decoded; " ENCODING_HINT, what_failed,
				  byte, offset, line);
	char value[8];
	snprintf(value, sizeof(value), "0x%02X", byte);
	diag_set_value(diags, d, value, strlen(value));
}

/* Whether text starting h[0..n) starts with a UTF-16 byte-order mark. */
static int has_utf16_mark(const unsigned char *h, size_t n)
{
	return n >= 2 && ((h[0] == 0xFF && h[1] == 0xFE) || (h[0] == 0xFE && h[1] == 0xFF));
}

enum status encoding_choose(const char *file, const char *encoding, const struct source_scan *scan, int *is_gb18030,
			    const char **detected, struct diag_list *diags)
{
	*is_gb18030 = 0;
	*detected = NULL;
	enum source_encoding src = encoding_by_name(encoding);
	if (src == SRC_UNKNOWN) {
		diag_add(diags, file, 0, 0, NULL, "unknown_encoding", "unknown encoding '%s': use utf-8, gbk or gb18030",
			 encoding);
		return ST_INVALID;
	}
	const unsigned char *h = scan->head;
	if (has_utf16_mark(h, scan->n_bytes)) {
		diag_add(diags, file, 1, 1, NULL, "bad_encoding", "the file is UTF-16; save it as UTF-8");
		return ST_INVALID;
	}
	if (src == SRC_AUTO || src == SRC_UTF8) {
		if (scan->is_utf8) {
			*detected = "utf-8";
			return ST_OK;
		}
		int has_bom = scan->n_bytes >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF;
		if (src == SRC_UTF8 || has_bom) {
			report_bad_at(diags, file, scan->bad_at, scan->bad_line, scan->bad_col, scan->bad_byte,
				      src == SRC_UTF8 ? "the file is not valid UTF-8"
						      : "the file starts with a UTF-8 byte-order mark but is not valid UTF-8");
			return ST_INVALID;
		}
	}
	*is_gb18030 = 1;
	*detected = "gb18030";
	return ST_OK;
}

int encoding_utf8_at_once(const char *encoding, const char *head, size_t n, const char **what)
{
	enum source_encoding src = encoding_by_name(encoding);
	const unsigned char *h = (const unsigned char *)head;
	size_t bad;
	*what = NULL;
	if ((src != SRC_AUTO && src != SRC_UTF8) || n == 0 || has_utf16_mark(h, n))
		return 0;
	if (src == SRC_UTF8) {
		*what = "the file is not valid UTF-8";
		return 1;
	}
	if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) {
		*what = "the file starts with a UTF-8 byte-order mark but is not valid UTF-8";
		return 1;
	}
	int has_wide = 0;
	for (size_t i = 0; i < n && !has_wide; i++)
		has_wide = h[i] >= 0x80;
	/* a character the head's end cuts short is left to the reader's check */
	if (!has_wide || !utf8_valid(head, n - utf8_cut_tail(head, n), &bad))
		return 0;
	*what = "the file reads as UTF-8 where it starts but is not valid UTF-8 further on";
	return 1;
}

enum status text_reader_open(struct text_reader *t, struct byte_source *src, const char *file, int is_gb18030,
			     struct diag_list *diags)
{
	memset(t, 0, sizeof(*t));
	t->src = src;
	t->file = file;
	t->is_gb18030 = is_gb18030;
	t->line = 1;
	if (source_rewind(src) != ST_OK)
		return ST_IO;
	if (!is_gb18030)
		return ST_OK;
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1) {
		diag_add(diags, file, 0, 0, NULL, "encoding_unavailable",
			 "this system's iconv cannot convert from GB18030; save the file as UTF-8");
		return ST_IO;
	}
	t->cd = cd;
	t->raw_cap = src->chunk + 16;
	t->raw = xmalloc(t->raw_cap);
	return ST_OK;
}

/* Lines of raw[from..to): GB18030 never uses 0x0A inside a character, so counting newline
 * bytes of the input counts lines. */
static void count_lines(struct text_reader *t, size_t from, size_t to)
{
	for (const char *nl = memchr(t->raw + from, '\n', to - from); nl;
	     nl = memchr(nl + 1, '\n', to - (size_t)(nl + 1 - t->raw))) {
		t->line++;
		t->line_start = t->raw_offset + (size_t)(nl - t->raw) + 1;
	}
}

enum status text_reader_read(struct text_reader *t, char *dst, size_t cap, size_t *got, struct diag_list *diags)
{
	*got = 0;
	if (!t->is_gb18030 && !t->check)
		return source_read(t->src, dst, cap, got);
	if (!t->is_gb18030) {
		enum status rc = source_read(t->src, dst, cap, got);
		if (rc == ST_OK)
			rc = *got ? source_check_update(t->check, dst, *got) : source_check_end(t->check);
		const struct source_scan *f = &t->check->found;
		if (rc != ST_OK || f->is_utf8)
			return rc;
		*got = 0;
		report_bad_at(diags, t->file, f->bad_at, f->bad_line, f->bad_col, f->bad_byte, t->check_what);
		return ST_INVALID;
	}
	if (cap < 8)
		BUG("text_reader_read needs room for a character, got %zu bytes", cap);
	char *out = dst;
	size_t out_left = cap;
	while (out == dst) {
		if (t->raw_pos == t->raw_len || (t->raw_len - t->raw_pos < 4 && !t->is_src_eof)) {
			/* keep what is left (a character cut short), read the next chunk behind it */
			size_t keep = t->raw_len - t->raw_pos;
			t->raw_offset += t->raw_pos;
			memmove(t->raw, t->raw + t->raw_pos, keep);
			t->raw_pos = 0;
			t->raw_len = keep;
			if (!t->is_src_eof) {
				size_t n;
				enum status rc = source_read(t->src, t->raw + keep, t->raw_cap - keep, &n);
				if (rc != ST_OK)
					return rc;
				t->raw_len += n;
				t->is_src_eof = n == 0;
			}
			if (t->raw_len == 0)
				return ST_OK; /* the end */
		}
		/* iconv's prototype lacks const on the input; it never writes through it. */
		char *in = t->raw + t->raw_pos;
		size_t in_left = t->raw_len - t->raw_pos;
		size_t r = iconv((iconv_t)t->cd, &in, &in_left, &out, &out_left);
		int err = r == (size_t)-1 ? errno : 0;
		size_t used = (size_t)(in - (t->raw + t->raw_pos));
		count_lines(t, t->raw_pos, t->raw_pos + used);
		t->raw_pos += used;
		if (err == E2BIG || (err == EINVAL && !t->is_src_eof && t->raw_len - t->raw_pos < 4))
			continue; /* output full (the loop ends when something was written), or a cut character */
		if (err == EILSEQ || err == EINVAL) {
			size_t offset = t->raw_offset + t->raw_pos;
			report_bad_at(diags, t->file, offset, t->line, (long)(offset - t->line_start) + 1,
				      (unsigned char)t->raw[t->raw_pos], "the file is not valid GBK/GB18030");
			return ST_INVALID;
		}
		if (err)
			return ST_IO;
		if (t->is_src_eof && t->raw_pos == t->raw_len)
			break;
	}
	*got = (size_t)(out - dst);
	return ST_OK;
}

void text_reader_close(struct text_reader *t)
{
	if (t->cd)
		iconv_close((iconv_t)t->cd);
	t->cd = NULL;
	free(t->raw);
	t->raw = NULL;
}
