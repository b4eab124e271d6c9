/* spill.c - strings in memory, then in two temporary files (see spill.h): the bytes of every
 * string one after another, and each string's end offset as a 64-bit number. Appends go
 * through a write buffer; reads through a direct-mapped cache of blocks of each file, which
 * serves the common order (cells refer to shared strings roughly in the order they were first
 * written) with few reads. The files are unlinked at once: nothing is left behind on a crash. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "ingest/spill.h"
#include "base/banned.h"

#define BLOCK_BYTES ((size_t)64 << 10)
#define N_BLOCKS 32u /* per file: 2 MiB of cache each */
#define WBUF_BYTES ((size_t)256 << 10)

struct spill_file {
	int fd;
	size_t size;            /* bytes in the file, the write buffer included */
	char *wbuf;             /* the last bytes appended, not yet written */
	size_t wlen;
	char *blocks;           /* N_BLOCKS cached blocks */
	size_t tags[N_BLOCKS];  /* block number + 1 held in each slot, 0 for none */
};

struct spill {
	size_t mem_bytes;
	/* memory mode: */
	char *data;
	size_t data_len, data_cap;
	uint64_t *ends; /* end offset of each string in data */
	size_t n, ends_cap;
	/* file mode (after SPILL_MEM_BYTES): */
	int is_file;
	struct spill_file bytes, offsets;
};

struct spill *spill_new(size_t mem_bytes)
{
	struct spill *s = xcalloc(1, sizeof(*s));
	s->mem_bytes = mem_bytes ? mem_bytes : SPILL_MEM_BYTES;
	s->bytes.fd = s->offsets.fd = -1;
	return s;
}

size_t spill_count(const struct spill *s)
{
	return s->n;
}

static enum status file_open(struct spill_file *f)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof(path), "%s/innomon-spill-XXXXXX", dir && *dir ? dir : "/tmp");
	f->fd = mkstemp(path);
	if (f->fd < 0)
		return ST_IO;
	unlink(path);
	f->wbuf = xmalloc(WBUF_BYTES);
	f->blocks = xmalloc(BLOCK_BYTES * N_BLOCKS);
	return ST_OK;
}

static enum status file_flush(struct spill_file *f)
{
	size_t done = 0;
	while (done < f->wlen) {
		ssize_t w = pwrite(f->fd, f->wbuf + done, f->wlen - done, (off_t)(f->size - f->wlen + done));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return ST_IO;
		done += (size_t)w;
	}
	f->wlen = 0;
	return ST_OK;
}

static enum status file_append(struct spill_file *f, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		if (f->wlen == WBUF_BYTES) {
			enum status rc = file_flush(f);
			if (rc != ST_OK)
				return rc;
		}
		size_t k = WBUF_BYTES - f->wlen < n ? WBUF_BYTES - f->wlen : n;
		memcpy(f->wbuf + f->wlen, c, k);
		f->wlen += k;
		f->size += k;
		c += k;
		n -= k;
	}
	return ST_OK;
}

/* Copy file bytes [off, off + n) into dst through the cache (the write buffer first). */
static enum status file_read(struct spill_file *f, size_t off, size_t n, char *dst)
{
	while (n) {
		size_t wstart = f->size - f->wlen;
		if (off >= wstart) { /* still in the write buffer */
			memcpy(dst, f->wbuf + (off - wstart), n);
			return ST_OK;
		}
		size_t block = off / BLOCK_BYTES, slot = block % N_BLOCKS, in = off % BLOCK_BYTES;
		char *b = f->blocks + slot * BLOCK_BYTES;
		/* a block the file does not fill yet is read but not kept: later appends change it */
		int is_partial = block * BLOCK_BYTES + BLOCK_BYTES > wstart;
		if (f->tags[slot] != block + 1) {
			size_t want = is_partial ? wstart - block * BLOCK_BYTES : BLOCK_BYTES, got = 0;
			while (got < want) {
				ssize_t r = pread(f->fd, b + got, want - got, (off_t)(block * BLOCK_BYTES + got));
				if (r < 0 && errno == EINTR)
					continue;
				if (r <= 0)
					return ST_IO;
				got += (size_t)r;
			}
			f->tags[slot] = is_partial ? 0 : block + 1;
		}
		size_t avail = is_partial ? wstart - off : BLOCK_BYTES - in;
		size_t k = avail < n ? avail : n;
		memcpy(dst, b + in, k);
		dst += k;
		off += k;
		n -= k;
	}
	return ST_OK;
}

static void file_close(struct spill_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	free(f->wbuf);
	free(f->blocks);
}

/* Move what memory holds to the files: from now on every append goes there. */
static enum status to_files(struct spill *s)
{
	enum status rc = file_open(&s->bytes);
	if (rc == ST_OK)
		rc = file_open(&s->offsets);
	if (rc == ST_OK)
		rc = file_append(&s->bytes, s->data, s->data_len);
	if (rc == ST_OK)
		rc = file_append(&s->offsets, s->ends, s->n * sizeof(*s->ends));
	if (rc != ST_OK)
		return rc;
	free(s->data);
	free(s->ends);
	s->data = NULL;
	s->ends = NULL;
	s->is_file = 1;
	return ST_OK;
}

enum status spill_add(struct spill *s, const char *p, size_t n)
{
	if (!s->is_file && s->data_len + n + s->n * sizeof(*s->ends) > s->mem_bytes) {
		enum status rc = to_files(s);
		if (rc != ST_OK)
			return rc;
	}
	if (s->is_file) {
		uint64_t end = (uint64_t)(s->bytes.size + n);
		enum status rc = file_append(&s->bytes, p, n);
		if (rc == ST_OK)
			rc = file_append(&s->offsets, &end, sizeof(end));
		if (rc == ST_OK)
			s->n++;
		return rc;
	}
	if (s->data_len + n > s->data_cap) {
		s->data_cap = (s->data_len + n) * 2 + 1024;
		s->data = xrealloc(s->data, s->data_cap);
	}
	if (s->n == s->ends_cap) {
		s->ends_cap = s->ends_cap ? s->ends_cap * 2 : 1024;
		s->ends = xrealloc(s->ends, s->ends_cap * sizeof(*s->ends));
	}
	if (n)
		memcpy(s->data + s->data_len, p, n);
	s->data_len += n;
	s->ends[s->n++] = s->data_len;
	return ST_OK;
}

enum status spill_get(struct spill *s, size_t i, struct arena *a, struct str *out)
{
	uint64_t start = 0, end;
	if (!s->is_file) {
		start = i ? s->ends[i - 1] : 0;
		end = s->ends[i];
		char *c = arena_strndup(a, s->data + start, (size_t)(end - start));
		*out = (struct str){c, (size_t)(end - start)};
		return ST_OK;
	}
	uint64_t pair[2];
	enum status rc = i ? file_read(&s->offsets, (i - 1) * sizeof(uint64_t), 2 * sizeof(uint64_t), (char *)pair)
			   : file_read(&s->offsets, 0, sizeof(uint64_t), (char *)&pair[1]);
	if (rc != ST_OK)
		return rc;
	start = i ? pair[0] : 0;
	end = pair[1];
	if (end < start || end > s->bytes.size)
		return ST_IO;
	size_t len = (size_t)(end - start);
	char *c = arena_alloc(a, len + 1);
	rc = file_read(&s->bytes, (size_t)start, len, c);
	c[len] = '\0';
	*out = (struct str){c, len};
	return rc;
}

void spill_free(struct spill *s)
{
	if (!s)
		return;
	free(s->data);
	free(s->ends);
	if (s->is_file) {
		file_close(&s->bytes);
		file_close(&s->offsets);
	}
	free(s);
}
