/* source.h - the bytes of an input file (a path on disk or memory already held, e.g. an upload
 * kept in the store), read front to back in fixed-size chunks, so no importer ever holds a file
 * whole. A source can be read again from the start (the readers make one pass to hash and check
 * the encoding, a second to parse). It owns the file descriptor and the SHA-256 state. */
#ifndef INNOMON_INGEST_SOURCE_H
#define INNOMON_INGEST_SOURCE_H

#include <stddef.h>

#include "base/status.h"

#define SOURCE_CHUNK_BYTES ((size_t)256 << 10)

struct byte_source {
	const char *name;  /* as the user named the file, for messages (borrowed) */
	const char *path;  /* the file read, or NULL for memory (borrowed) */
	const char *mem;   /* memory read when path is NULL (borrowed) */
	size_t mem_len;
	size_t chunk;      /* bytes handed out per read at most; tests set it small */
	int fd;            /* -1 when closed or reading memory */
	size_t pos;        /* bytes read since the start */
};

/* A source over buf[0..len) (borrowed for the source's life). Cannot fail. */
void source_init_mem(struct byte_source *s, const char *name, const void *buf, size_t len);
/* A source over the file at path (both strings borrowed). ST_IO when it cannot be opened or is
 * not a regular file; the source is then closed. */
enum status source_open_file(struct byte_source *s, const char *name, const char *path) WUR;
/* Read the next chunk: *got bytes (at most min(cap, s->chunk)) into dst, 0 at the end.
 * ST_OK or ST_IO. */
enum status source_read(struct byte_source *s, char *dst, size_t cap, size_t *got) WUR;
/* Back to the first byte. ST_OK or ST_IO. */
enum status source_rewind(struct byte_source *s) WUR;
/* Close the file (a memory source needs nothing). Safe to call twice. */
void source_close(struct byte_source *s);

/* The source's total size in bytes: ST_OK or ST_IO. */
enum status source_size(const struct byte_source *s, size_t *len) WUR;

/* What one pass over a source found (source_scan). */
struct source_scan {
	char sha256[65];     /* lower-case hex of the SHA-256 of every byte */
	size_t n_bytes;
	unsigned char head[8]; /* the first bytes (fewer when the file is shorter: n_bytes says) */
	int is_utf8;         /* every byte is well-formed UTF-8 (only looked at when check_utf8) */
	size_t bad_at;       /* !is_utf8: offset of the first bad byte */
	long bad_line;       /* its line (1-based) and column (bytes from the line's start, 1-based) */
	long bad_col;
	unsigned char bad_byte;
};

/* The same found a chunk at a time, as the chunks are read for some other purpose (the CSV
 * reader's single pass): init, update with every chunk in order, final. */
struct source_check {
	void *md;            /* EVP_MD_CTX */
	int check_utf8;
	struct source_scan found;
	unsigned char carry[4]; /* a character the last chunk cut short */
	size_t n_carry;
	long line;           /* the line of the next byte, and the offset that line starts at */
	size_t line_start;
};
/* ST_OK or ST_IO (then nothing to release). */
enum status source_check_init(struct source_check *c, int check_utf8) WUR;
/* The next n bytes. c->found.is_utf8 turns 0 at the first bad byte (where: c->found). ST_OK or
 * ST_IO. */
enum status source_check_update(struct source_check *c, const char *p, size_t n) WUR;
/* The file has ended: a character cut short by its end is a bad byte. ST_OK. */
enum status source_check_end(struct source_check *c) WUR;
/* After the last byte: what was found, the hash included (a character cut short by the end of
 * the file is a bad byte). ST_OK or ST_IO. */
enum status source_check_final(struct source_check *c, struct source_scan *out) WUR;
void source_check_release(struct source_check *c);

/* Read s from the start to the end once: its hash, size and first bytes and, when check_utf8,
 * whether it is well-formed UTF-8 (where the first bad byte is, when not). Leaves s rewound.
 * ST_OK or ST_IO: bad UTF-8 is a finding (is_utf8 0), not a failure. */
enum status source_scan(struct byte_source *s, int check_utf8, struct source_scan *out) WUR;

#endif
