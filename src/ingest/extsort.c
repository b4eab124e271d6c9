/* extsort.c - external merge sort (see extsort.h). A record is kept as [u32 length][u64
 * sequence][bytes]; the sequence number makes the order stable. One run that fits is sorted
 * and read in memory; otherwise every run goes to its own unlinked file and a binary heap
 * merges them, one read buffer per run. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "ingest/extsort.h"
#include "base/banned.h"

#define HEAD_BYTES (sizeof(uint32_t) + sizeof(uint64_t))
#define READ_BUF_BYTES ((size_t)128 << 10)

struct run_reader {
	int fd;
	char *buf;            /* READ_BUF_BYTES of the file */
	size_t len, pos;      /* bytes in buf, next unread */
	char *rec;            /* the current record, whole */
	size_t rec_len, rec_cap;
	uint64_t seq;
	int is_done;
};

struct extsort {
	extsort_cmp_fn cmp;
	size_t run_bytes;
	char *mem;             /* the run being gathered */
	size_t mem_len, mem_cap;
	size_t *offs;          /* each record's offset in mem */
	size_t n_mem, offs_cap;
	size_t n_total;
	uint64_t seq;
	int *run_fds;          /* runs written so far */
	size_t n_runs;
	/* reading */
	int is_sorted;
	size_t next_mem;       /* in-memory reading: the next of offs */
	struct run_reader *readers;
	size_t *heap;          /* reader indexes, smallest on top */
	size_t n_heap;
	int is_top_out;        /* the top reader's record was handed out: advance it first */
};

static uint32_t rec_len(const char *r)
{
	uint32_t n;
	memcpy(&n, r, sizeof(n));
	return n;
}

static uint64_t rec_seq(const char *r)
{
	uint64_t s;
	memcpy(&s, r + sizeof(uint32_t), sizeof(s));
	return s;
}

struct extsort *extsort_new(extsort_cmp_fn cmp, size_t run_bytes)
{
	struct extsort *x = xcalloc(1, sizeof(*x));
	x->cmp = cmp;
	x->run_bytes = run_bytes ? run_bytes : EXTSORT_RUN_BYTES;
	return x;
}

size_t extsort_count(const struct extsort *x)
{
	return x->n_total;
}

static int mem_cmp(const void *pa, const void *pb, void *ctx)
{
	const struct extsort *x = ctx;
	const char *a = x->mem + *(const size_t *)pa, *b = x->mem + *(const size_t *)pb;
	int c = x->cmp(a + HEAD_BYTES, rec_len(a), b + HEAD_BYTES, rec_len(b));
	if (c)
		return c;
	uint64_t sa = rec_seq(a), sb = rec_seq(b);
	return (sa > sb) - (sa < sb);
}

static enum status write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return ST_IO;
		p += w;
		n -= (size_t)w;
	}
	return ST_OK;
}

/* Sort the gathered run and write it to a new temporary file. */
static enum status flush_run(struct extsort *x)
{
	qsort_r(x->offs, x->n_mem, sizeof(*x->offs), mem_cmp, x);
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof(path), "%s/innomon-sort-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return ST_IO;
	unlink(path);
	x->run_fds = xrealloc(x->run_fds, (x->n_runs + 1) * sizeof(*x->run_fds));
	x->run_fds[x->n_runs++] = fd;
	/* write through a buffer: records in sorted order are scattered in mem */
	char *out = xmalloc(READ_BUF_BYTES);
	size_t used = 0;
	enum status rc = ST_OK;
	for (size_t i = 0; i < x->n_mem && rc == ST_OK; i++) {
		const char *r = x->mem + x->offs[i];
		size_t n = HEAD_BYTES + rec_len(r);
		if (used + n > READ_BUF_BYTES) {
			rc = write_all(fd, out, used);
			used = 0;
		}
		if (rc != ST_OK)
			break;
		if (n > READ_BUF_BYTES) {
			rc = write_all(fd, r, n);
			continue;
		}
		memcpy(out + used, r, n);
		used += n;
	}
	if (rc == ST_OK)
		rc = write_all(fd, out, used);
	free(out);
	x->mem_len = 0;
	x->n_mem = 0;
	if (rc == ST_OK && lseek(fd, 0, SEEK_SET) != 0)
		rc = ST_IO;
	return rc;
}

enum status extsort_add(struct extsort *x, const void *p, size_t len)
{
	size_t need = HEAD_BYTES + len;
	if (x->n_mem && x->mem_len + need > x->run_bytes) {
		enum status rc = flush_run(x);
		if (rc != ST_OK)
			return rc;
	}
	if (x->mem_len + need > x->mem_cap) {
		x->mem_cap = (x->mem_len + need) * 2 > x->run_bytes + need ? x->run_bytes + need : (x->mem_len + need) * 2;
		x->mem = xrealloc(x->mem, x->mem_cap);
	}
	if (x->n_mem == x->offs_cap) {
		x->offs_cap = x->offs_cap ? x->offs_cap * 2 : 1024;
		x->offs = xrealloc(x->offs, x->offs_cap * sizeof(*x->offs));
	}
	char *r = x->mem + x->mem_len;
	uint32_t n32 = (uint32_t)len;
	uint64_t seq = x->seq++;
	memcpy(r, &n32, sizeof(n32));
	memcpy(r + sizeof(n32), &seq, sizeof(seq));
	if (len)
		memcpy(r + HEAD_BYTES, p, len);
	x->offs[x->n_mem++] = x->mem_len;
	x->mem_len += need;
	x->n_total++;
	return ST_OK;
}

/* Fill a reader's buffer so that at least want bytes are available from pos (fewer at the
 * end of the file). -1 on a read failure. */
static int reader_want(struct run_reader *r, size_t want)
{
	if (r->len - r->pos >= want)
		return 0;
	memmove(r->buf, r->buf + r->pos, r->len - r->pos);
	r->len -= r->pos;
	r->pos = 0;
	while (r->len < READ_BUF_BYTES) {
		ssize_t n = read(r->fd, r->buf + r->len, READ_BUF_BYTES - r->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		r->len += (size_t)n;
	}
	return 0;
}

/* Read the reader's next record into r->rec. -1 on failure; is_done at the end. */
static int reader_advance(struct run_reader *r)
{
	if (reader_want(r, HEAD_BYTES) < 0)
		return -1;
	if (r->len - r->pos < HEAD_BYTES) {
		r->is_done = 1;
		return 0;
	}
	uint32_t n = rec_len(r->buf + r->pos);
	r->seq = rec_seq(r->buf + r->pos);
	r->pos += HEAD_BYTES;
	if (n > r->rec_cap) {
		r->rec_cap = n;
		r->rec = xrealloc(r->rec, n);
	}
	size_t got = 0;
	while (got < n) { /* a record may be longer than the buffer */
		if (reader_want(r, 1) < 0 || r->len == r->pos)
			return -1;
		size_t k = r->len - r->pos < n - got ? r->len - r->pos : n - got;
		memcpy(r->rec + got, r->buf + r->pos, k);
		r->pos += k;
		got += k;
	}
	r->rec_len = n;
	return 0;
}

static int reader_less(const struct extsort *x, size_t a, size_t b)
{
	const struct run_reader *ra = &x->readers[a], *rb = &x->readers[b];
	int c = x->cmp(ra->rec, ra->rec_len, rb->rec, rb->rec_len);
	return c ? c < 0 : ra->seq < rb->seq;
}

static void heap_down(struct extsort *x, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < x->n_heap && reader_less(x, x->heap[l], x->heap[m]))
			m = l;
		if (r < x->n_heap && reader_less(x, x->heap[r], x->heap[m]))
			m = r;
		if (m == i)
			return;
		size_t t = x->heap[i];
		x->heap[i] = x->heap[m];
		x->heap[m] = t;
		i = m;
	}
}

enum status extsort_sort(struct extsort *x)
{
	x->is_sorted = 1;
	if (x->n_runs == 0) {
		if (x->n_mem) /* no record, no array: qsort may not be given NULL */
			qsort_r(x->offs, x->n_mem, sizeof(*x->offs), mem_cmp, x);
		return ST_OK;
	}
	if (x->n_mem) {
		enum status rc = flush_run(x);
		if (rc != ST_OK)
			return rc;
	}
	free(x->mem);
	x->mem = NULL;
	x->mem_cap = 0;
	x->readers = xcalloc(x->n_runs, sizeof(*x->readers));
	x->heap = xcalloc(x->n_runs, sizeof(*x->heap));
	for (size_t i = 0; i < x->n_runs; i++) {
		struct run_reader *r = &x->readers[i];
		r->fd = x->run_fds[i];
		r->buf = xmalloc(READ_BUF_BYTES);
		if (reader_advance(r) < 0)
			return ST_IO;
		if (!r->is_done)
			x->heap[x->n_heap++] = i;
	}
	for (size_t i = x->n_heap; i-- > 0;)
		heap_down(x, i);
	return ST_OK;
}

int extsort_next(struct extsort *x, const void **p, size_t *len)
{
	if (!x->is_sorted)
		return -1;
	if (x->n_runs == 0) {
		if (x->next_mem == x->n_mem)
			return 0;
		const char *r = x->mem + x->offs[x->next_mem++];
		*p = r + HEAD_BYTES;
		*len = rec_len(r);
		return 1;
	}
	if (x->n_heap == 0)
		return 0;
	if (x->is_top_out) { /* the top's record was handed out last time: move it on */
		struct run_reader *done = &x->readers[x->heap[0]];
		if (reader_advance(done) < 0)
			return -1;
		if (done->is_done)
			x->heap[0] = x->heap[--x->n_heap];
		if (x->n_heap)
			heap_down(x, 0);
		x->is_top_out = 0;
		if (x->n_heap == 0)
			return 0;
	}
	struct run_reader *top = &x->readers[x->heap[0]];
	*p = top->rec;
	*len = top->rec_len;
	x->is_top_out = 1;
	return 1;
}

void extsort_free(struct extsort *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->n_runs; i++)
		close(x->run_fds[i]);
	if (x->readers)
		for (size_t i = 0; i < x->n_runs; i++) {
			free(x->readers[i].buf);
			free(x->readers[i].rec);
		}
	free(x->readers);
	free(x->heap);
	free(x->run_fds);
	free(x->mem);
	free(x->offs);
	free(x);
}
