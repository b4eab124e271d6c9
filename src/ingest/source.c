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

/* Bytes at the end of p[0..n) that begin a UTF-8 character the chunk cuts short (0..3). A
 * byte that cannot begin a character counts 0: the check reports it. */
static size_t cut_tail(const unsigned char *p, size_t n)
{
	for (size_t back = 1; back <= 3 && back <= n; back++) {
		unsigned c = p[n - back];
		if ((c & 0xC0) == 0x80)
			continue; /* a continuation byte: its lead is further back */
		size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		return need > back ? back : 0;
	}
	return 0;
}

enum status source_scan(struct byte_source *s, int check_utf8, struct source_scan *out)
{
	memset(out, 0, sizeof(*out));
	out->is_utf8 = 1;
	enum status rc = source_rewind(s);
	if (rc != ST_OK)
		return rc;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(md);
		return ST_IO;
	}
	/* carry[0..n_carry) + the chunk: a character cut by the chunk's end is checked whole */
	size_t cap = s->chunk + 4;
	char *work = xmalloc(cap);
	size_t n_carry = 0;
	long line = 1;
	size_t line_start = 0; /* offset of the current line's first byte */
	for (;;) {
		size_t got;
		rc = source_read(s, work + n_carry, cap - n_carry, &got);
		if (rc != ST_OK)
			break;
		if (got == 0) {
			if (check_utf8 && out->is_utf8 && n_carry) { /* the file ends inside a character */
				out->is_utf8 = 0;
				out->bad_at = out->n_bytes - n_carry;
				out->bad_line = line;
				out->bad_col = (long)(out->bad_at - line_start) + 1;
				out->bad_byte = (unsigned char)work[0];
			}
			break;
		}
		const char *chunk = work + n_carry;
		if (EVP_DigestUpdate(md, chunk, got) != 1) {
			rc = ST_IO;
			break;
		}
		if (out->n_bytes < sizeof(out->head)) {
			size_t k = sizeof(out->head) - out->n_bytes;
			memcpy(out->head + out->n_bytes, chunk, k < got ? k : got);
		}
		size_t base = out->n_bytes - n_carry; /* file offset of work[0] */
		out->n_bytes += got;
		if (!check_utf8 || !out->is_utf8) {
			n_carry = 0;
			continue;
		}
		size_t n = n_carry + got, tail = cut_tail((const unsigned char *)work, n), bad;
		if (!utf8_valid(work, n - tail, &bad)) {
			out->is_utf8 = 0;
			out->bad_at = base + bad;
			out->bad_byte = (unsigned char)work[bad];
			for (const char *nl = memchr(work, '\n', bad); nl; nl = memchr(nl + 1, '\n', bad - (size_t)(nl + 1 - work))) {
				line++;
				line_start = base + (size_t)(nl - work) + 1;
			}
			out->bad_line = line;
			out->bad_col = (long)(out->bad_at - line_start) + 1;
			n_carry = 0;
			continue;
		}
		for (const char *nl = memchr(work, '\n', n - tail); nl; nl = memchr(nl + 1, '\n', n - tail - (size_t)(nl + 1 - work))) {
			line++;
			line_start = base + (size_t)(nl - work) + 1;
		}
		memmove(work, work + n - tail, tail);
		n_carry = tail;
	}
	unsigned char digest[32];
	unsigned int dlen = 0;
	if (rc == ST_OK && EVP_DigestFinal_ex(md, digest, &dlen) != 1)
		rc = ST_IO;
	EVP_MD_CTX_free(md);
	free(work);
	if (rc == ST_OK) {
		static const char hex[] = "0123456789abcdef";
		for (unsigned i = 0; i < 32; i++) {
			out->sha256[2 * i] = hex[digest[i] >> 4];
			out->sha256[2 * i + 1] = hex[digest[i] & 15];
		}
		out->sha256[64] = '\0';
		rc = source_rewind(s);
	}
	return rc;
}
