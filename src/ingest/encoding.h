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

#endif
