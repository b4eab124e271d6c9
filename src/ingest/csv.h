/* csv.h - RFC 4180 reader over a byte buffer: quoted fields with embedded delimiters, quotes and
 * newlines; CRLF or LF; a UTF-8 BOM is skipped. It records the line where each record starts,
 * and errors name that line and the field's column (1-based, as a spreadsheet counts). The input is untrusted: field and record
 * sizes are capped, and malformed quoting is reported, never guessed at.
 * The buffer may be a window on a longer input (csv_feed): a record the window cuts short is
 * left unread (CSV_MORE) until the caller moves it to the front and adds the input after it. */
#ifndef INNOMON_INGEST_CSV_H
#define INNOMON_INGEST_CSV_H

#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/str.h"

#define CSV_MAX_FIELDS 256u
#define CSV_MAX_FIELD_BYTES (64u * 1024u)
/* The longest record (row) a window must hold whole: a longer one stops the reading. */
#define CSV_MAX_RECORD_BYTES ((size_t)4 << 20)
/* csv_next's answer when the window ends inside a record and more input follows. */
#define CSV_MORE 2

struct csv_reader {
	const char *p;     /* borrowed input */
	size_t len, pos;
	char delim;        /* ',' or '\t' */
	long line;         /* line of the next byte, 1-based */
	const char *file;  /* for diagnostics, borrowed */
	int is_eof;        /* p[0..len) runs to the end of the input */
};

struct csv_record {
	struct str *fields; /* arena memory; quoted fields are unescaped copies */
	size_t n_fields;
	long line;          /* line where the record starts */
};

/* Start reading buf[0..len), the whole input (borrowed for the reader's life); skips a UTF-8
 * BOM. */
void csv_init(struct csv_reader *r, const char *buf, size_t len, char delim, const char *file);
/* Go on in a new window buf[0..len) (borrowed) that starts at the byte the reader stopped at
 * (its pos in the old window); is_eof says whether it runs to the end of the input. pos
 * becomes 0; the line count goes on. */
void csv_feed(struct csv_reader *r, const char *buf, size_t len, int is_eof);
/* Guess ',' or '\t' from the first line: whichever occurs more outside quotes (',' on a tie). */
char csv_sniff_delim(const char *buf, size_t len);
/* Whether buf[0..len) holds the whole first line csv_sniff_delim reads (it ends at a line break
 * outside quotes): a window that does not must grow before the delimiter is guessed. */
int csv_sniff_is_whole(const char *buf, size_t len);
/* Read the next record into rec (fields in arena). Returns 1 for a record, 0 at end of input,
 * -1 on a malformed record (an error appended to diags; reading may continue with the next
 * line), CSV_MORE when the window ends before the record does and is_eof is 0 (nothing of the
 * record consumed, no diagnostic added: feed more and call again). Blank lines are skipped. */
int csv_next(struct csv_reader *r, struct arena *arena, struct csv_record *rec, struct diag_list *diags);

#endif
