/* source.c - input files read in chunks (see source.h). The hash is OpenSSL's SHA-256 (libcrypto
 * uses the CPU's SHA instructions: a file of hundreds of megabytes hashes in a fraction of a
 * second), the UTF-8 check base/utf8 over each chunk with a character cut at a chunk's end
 * carried into the next. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "base/utf8.h"
#include "base/xalloc.h"
#include "ingest/source.h"
#include "base/banned.h"

void source_init_mem(struct byte_source *s, const char *name, const void *buf, size_t len)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->mem = buf ? buf : "";
	s->mem_len = buf ? len : 0;
	s->chunk = SOURCE_CHUNK_BYTES;
	s->fd = -1;
}

enum status source_open_file(struct byte_source *s, const char *name, const char *path)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->path = path;
	s->chunk = SOURCE_CHUNK_BYTES;
	s->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s->fd < 0)
		return ST_IO;
	struct stat st;
	if (fstat(s->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		source_close(s);
		return ST_IO;
	}
	/* read once front to back (twice at most): tell the kernel, so it reads ahead */
	posix_fadvise(s->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	return ST_OK;
}

enum status source_read(struct byte_source *s, char *dst, size_t cap, size_t *got)
{
	size_t want = cap < s->chunk ? cap : s->chunk;
	*got = 0;
	if (!s->path) {
		size_t left = s->mem_len - s->pos;
		size_t n = want < left ? want : left;
		memcpy(dst, s->mem + s->pos, n);
		s->pos += n;
		*got = n;
		return ST_OK;
	}
	if (s->fd < 0)
		return ST_IO;
	for (;;) {
		ssize_t n = read(s->fd, dst, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return ST_IO;
		s->pos += (size_t)n;
		*got = (size_t)n;
		return ST_OK;
	}
}

enum status source_rewind(struct byte_source *s)
{
	s->pos = 0;
	if (!s->path)
		return ST_OK;
	return s->fd >= 0 && lseek(s->fd, 0, SEEK_SET) == 0 ? ST_OK : ST_IO;
}

void source_close(struct byte_source *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

enum status source_size(const struct byte_source *s, size_t *len)
{
	if (!s->path) {
		*len = s->mem_len;
		return ST_OK;
	}
	struct stat st;
	if (s->fd < 0 || fstat(s->fd, &st) != 0)
		return ST_IO;
	*len = (size_t)st.st_size;
	return ST_OK;
}

/* The first bad byte is at file offset at, which is p[i] of a chunk whose first byte is at base
 * (the lines of p before it counted here). */
static void mark_bad(struct source_check *c, size_t at, unsigned char byte, const char *p, size_t base, size_t i)
{
	struct source_scan *o = &c->found;
	o->is_utf8 = 0;
	o->bad_at = at;
	o->bad_byte = byte;
	for (const char *nl = p ? memchr(p, '\n', i) : NULL; nl; nl = memchr(nl + 1, '\n', i - (size_t)(nl + 1 - p))) {
		c->line++;
		c->line_start = base + (size_t)(nl - p) + 1;
	}
	o->bad_line = c->line;
	o->bad_col = (long)(at - c->line_start) + 1;
}

enum status source_check_init(struct source_check *c, int check_utf8)
{
	memset(c, 0, sizeof(*c));
	c->check_utf8 = check_utf8;
	c->found.is_utf8 = 1;
	c->line = 1;
	c->md = EVP_MD_CTX_new();
	if (!c->md || EVP_DigestInit_ex(c->md, EVP_sha256(), NULL) != 1) {
		source_check_release(c);
		return ST_IO;
	}
	return ST_OK;
}

enum status source_check_update(struct source_check *c, const char *p, size_t n)
{
	struct source_scan *o = &c->found;
	if (EVP_DigestUpdate(c->md, p, n) != 1)
		return ST_IO;
	if (o->n_bytes < sizeof(o->head)) {
		size_t k = sizeof(o->head) - o->n_bytes;
		memcpy(o->head + o->n_bytes, p, k < n ? k : n);
	}
	size_t base = o->n_bytes; /* file offset of p[0] */
	o->n_bytes += n;
	if (!c->check_utf8 || !o->is_utf8)
		return ST_OK;
	size_t i = 0, bad;
	if (c->n_carry) { /* a character the chunk before cut: its rest first (no newline in it) */
		size_t need = utf8_lead_len(c->carry[0]);
		while (c->n_carry < need && i < n)
			c->carry[c->n_carry++] = (unsigned char)p[i++];
		if (c->n_carry < need)
			return ST_OK;
		if (!utf8_valid((const char *)c->carry, need, &bad)) {
			mark_bad(c, base + i - need + bad, c->carry[bad], NULL, 0, 0);
			return ST_OK;
		}
		c->n_carry = 0;
	}
	size_t tail = utf8_cut_tail(p + i, n - i);
	if (!utf8_valid(p + i, n - i - tail, &bad)) {
		mark_bad(c, base + i + bad, (unsigned char)p[i + bad], p, base, i + bad);
		return ST_OK;
	}
	for (const char *nl = memchr(p + i, '\n', n - i - tail); nl; nl = memchr(nl + 1, '\n', n - tail - (size_t)(nl + 1 - p))) {
		c->line++;
		c->line_start = base + (size_t)(nl - p) + 1;
	}
	memcpy(c->carry, p + n - tail, tail);
	c->n_carry = tail;
	return ST_OK;
}

enum status source_check_end(struct source_check *c)
{
	struct source_scan *o = &c->found;
	if (c->check_utf8 && o->is_utf8 && c->n_carry) /* the file ends inside a character */
		mark_bad(c, o->n_bytes - c->n_carry, c->carry[0], NULL, 0, 0);
	return ST_OK;
}

enum status source_check_final(struct source_check *c, struct source_scan *out)
{
	struct source_scan *o = &c->found;
	enum status rc = source_check_end(c);
	if (rc != ST_OK)
		return rc;
	unsigned char digest[32];
	unsigned int dlen = 0;
	if (EVP_DigestFinal_ex(c->md, digest, &dlen) != 1)
		return ST_IO;
	static const char hex[] = "0123456789abcdef";
	for (unsigned i = 0; i < 32; i++) {
		o->sha256[2 * i] = hex[digest[i] >> 4];
		o->sha256[2 * i + 1] = hex[digest[i] & 15];
	}
	o->sha256[64] = '\0';
	*out = *o;
	return ST_OK;
}

void source_check_release(struct source_check *c)
{
	EVP_MD_CTX_free(c->md);
	c->md = NULL;
}

enum status source_scan(struct byte_source *s, int check_utf8, struct source_scan *out)
{
	memset(out, 0, sizeof(*out));
	struct source_check c;
	enum status rc = source_rewind(s);
	if (rc == ST_OK)
		rc = source_check_init(&c, check_utf8);
	if (rc != ST_OK)
		return rc;
	char *work = xmalloc(s->chunk);
	for (;;) {
		size_t got;
		rc = source_read(s, work, s->chunk, &got);
		if (rc != ST_OK || got == 0)
			break;
		if ((rc = source_check_update(&c, work, got)) != ST_OK)
			break;
	}
	free(work);
	if (rc == ST_OK)
		rc = source_check_final(&c, out);
	source_check_release(&c);
	return rc == ST_OK ? source_rewind(s) : rc;
}
