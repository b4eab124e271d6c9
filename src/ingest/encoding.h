/* encoding.h - turn an uploaded text file (CSV) into UTF-8: detect UTF-8 or GB18030/GBK, or
 * convert from the encoding the user names, with glibc iconv. It owns no state; the input is
 * untrusted, so the output size is bounded by the input size and every undecodable byte is
 * reported with its line and byte offset instead of being replaced. */
#ifndef INNOMON_INGEST_ENCODING_H
#define INNOMON_INGEST_ENCODING_H

#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/status.h"
#include "ingest/source.h"

/* Bring buf[0..len) (borrowed) to UTF-8. file names the input in diagnostics (borrowed).
 * encoding selects the source encoding, case-insensitively:
 *   NULL or "auto"           valid UTF-8 (with or without a BOM) is kept; otherwise the text is
 *                            decoded as GB18030 (a superset of GBK and GB2312);
 *   "utf-8" or "utf8"        the text must be valid UTF-8;
 *   "gbk", "gb2312", "gb18030"  the text is decoded as GB18030.
 * On ST_OK *out and *out_len hold the UTF-8 text: buf itself when it was already UTF-8 (a UTF-8 BOM is
 * kept; sheet_from_csv skips it), otherwise NUL-terminated arena memory; *detected is the static
 * string "utf-8" or "gb18030" naming how the bytes were read.
 * Errors, each with one diagnostic: ST_INVALID "bad_encoding" for undecodable bytes (line, column
 * and byte offset of the first one), a UTF-16 byte-order mark, or a UTF-8 BOM on text that is not
 * UTF-8; ST_INVALID "unknown_encoding" for an encoding name not listed above; ST_TOO_LARGE when len
 * is too large to convert; ST_IO "encoding_unavailable" when iconv lacks GB18030. On error *out,
 * *out_len and *detected are NULL, 0, NULL. */
enum status text_to_utf8(struct arena *arena, const char *file, const char *buf, size_t len, const char *encoding,
			 const char **out, size_t *out_len, const char **detected, struct diag_list *diags) WUR;

/* ---- streaming: a file of any size, converted chunk by chunk ---- */

/* Which encoding a CSV file is read in, from the name the user gave (as text_to_utf8 takes it)
 * and one pass over the file (source_scan with the UTF-8 check): *is_gb18030 says whether the
 * bytes are decoded as GB18030, *detected names it ("utf-8" or "gb18030"). Errors, each with one
 * diagnostic as text_to_utf8 gives them: ST_INVALID "unknown_encoding", "bad_encoding" (a UTF-16
 * mark, a UTF-8 file that is not, a UTF-8 BOM on text that is not UTF-8). */
enum status encoding_choose(const char *file, const char *encoding, const struct source_scan *scan, int *is_gb18030,
			    const char **detected, struct diag_list *diags) WUR;

/* Whether a CSV whose first chunk is head[0..n) is read as UTF-8 checked as it is read (the
 * text_reader's check), with no pass over the file first: when the user named UTF-8, when it
 * starts with a UTF-8 byte-order mark, or when its first chunk is well-formed UTF-8 with
 * characters beyond ASCII (GB18030's Chinese is not well-formed UTF-8). A first chunk of ASCII
 * says nothing of the rest, and a UTF-16 mark is not UTF-8: 0, encoding_choose decides after a
 * pass. *what is the complaint at a bad byte found later. 0 too for an unknown encoding name
 * (encoding_choose reports it). The caller has told a workbook from text already. */
int encoding_utf8_at_once(const char *encoding, const char *head, size_t n, const char **what);

/* A source's text as UTF-8, read chunk by chunk: UTF-8 passes through (source_scan checked it),
 * GB18030 goes through iconv with a character cut by a chunk's end carried into the next.
 * Holds one chunk of input besides the iconv state. */
struct text_reader {
	struct byte_source *src; /* borrowed */
	const char *file;        /* for diagnostics, borrowed */
	int is_gb18030;
	void *cd;                /* iconv_t when is_gb18030 */
	char *raw;               /* undecoded input raw[raw_pos..raw_len) */
	size_t raw_len, raw_pos, raw_cap;
	int is_src_eof;
	size_t raw_offset;       /* file offset of raw[0] */
	long line;               /* line of raw[raw_pos] and the offset where that line starts */
	size_t line_start;
	/* UTF-8 read without a pass of its own first (encoding_utf8_at_once): every chunk read is
	 * hashed and checked here, the first bad byte reported as check_what (NULL: no check) */
	struct source_check *check;
	const char *check_what;
};

/* Start reading src (rewound) as UTF-8 or GB18030. ST_OK, or ST_IO "encoding_unavailable" (with
 * a diagnostic) when iconv lacks GB18030. */
enum status text_reader_open(struct text_reader *t, struct byte_source *src, const char *file, int is_gb18030,
			     struct diag_list *diags) WUR;
/* Up to cap (at least 8) bytes of UTF-8 into dst; *got is 0 only at the end of the text.
 * ST_INVALID with a "bad_encoding" diagnostic (line, column, offset and the byte) at the first
 * byte that cannot be decoded, or a character the file cuts short; ST_IO when reading fails. */
enum status text_reader_read(struct text_reader *t, char *dst, size_t cap, size_t *got, struct diag_list *diags) WUR;
/* Release the iconv state and buffer (not the source). Safe after a failed open. */
void text_reader_close(struct text_reader *t);

#endif
