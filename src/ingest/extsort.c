/* extsort.c - external merge sort (see extsort.h). A record is kept as [u32 length][u64
 * sequence][bytes]; the sequence number makes the order stable. One run that fits is sorted
 * and read in memory; otherwise every run goes to its own unlinked file and a binary heap
 * merges them, one read buffer per run. Records are gathered in one of two buffers of half the
 * run budget each: a full one is sorted and written on a thread of its own while the other
 * fills (the caller's work and the sort overlap; memory stays the budget). */
#include <errno.h>
#include <pthread.h>
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

/* A run being gathered, or sorted and written. */
struct run_buf {
	char *mem;
	size_t mem_len, mem_cap;
	size_t *offs; /* each record's offset in mem */
	size_t n_mem, offs_cap;
};

/* The full run being sorted and written to fd on a thread of its own. */
struct flusher {
	pthread_t th;
	int is_running;
	extsort_cmp_fn cmp;
	struct run_buf *run;
	int fd;
	enum status rc;
};

struct extsort {
	extsort_cmp_fn cmp;
	size_t run_bytes;      /* each of the two buffers' share of the budget */
	struct run_buf bufs[2];
	struct run_buf *cur;   /* the run being gathered (the other is being written, or empty) */
	struct flusher fl;
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
	x->run_bytes = (run_bytes ? run_bytes : EXTSORT_RUN_BYTES) / 2;
	if (x->run_bytes == 0)
		x->run_bytes = 1;
	x->cur = &x->bufs[0];
	return x;
}

size_t extsort_count(const struct extsort *x)
{
	return x->n_total;
}

/* What a run is sorted by: the records' order in its memory. */
struct sort_ctx {
	extsort_cmp_fn cmp;
	const char *mem;
};

static int mem_cmp(const void *pa, const void *pb, void *ctx)
{
	const struct sort_ctx *sc = ctx;
	const char *a = sc->mem + *(const size_t *)pa, *b = sc->mem + *(const size_t *)pb;
	int c = sc->cmp(a + HEAD_BYTES, rec_len(a), b + HEAD_BYTES, rec_len(b));
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

static void run_sort(extsort_cmp_fn cmp, struct run_buf *run)
{
	struct sort_ctx sc = {cmp, run->mem};
	if (run->n_mem) /* no record, no array: qsort may not be given NULL */
		qsort_r(run->offs, run->n_mem, sizeof(*run->offs), mem_cmp, &sc);
}

/* Sort run and write it to fd (rewound after); the run is empty after. */
static enum status run_write(extsort_cmp_fn cmp, struct run_buf *run, int fd)
{
	run_sort(cmp, run);
	/* write through a buffer: records in sorted order are scattered in mem */
	char *out = xmalloc(READ_BUF_BYTES);
	size_t used = 0;
	enum status rc = ST_OK;
	for (size_t i = 0; i < run->n_mem && rc == ST_OK; i++) {
		const char *r = run->mem + run->offs[i];
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
	run->mem_len = 0;
	run->n_mem = 0;
	if (rc == ST_OK && lseek(fd, 0, SEEK_SET) != 0)
		rc = ST_IO;
	return rc;
}

/* A new unlinked temporary file for the next run, kept in x->run_fds: its fd, or -1. */
static int run_file(struct extsort *x)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof(path), "%s/innomon-sort-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	unlink(path);
	x->run_fds = xrealloc(x->run_fds, (x->n_runs + 1) * sizeof(*x->run_fds));
	x->run_fds[x->n_runs++] = fd;
	return fd;
}

static void *flusher_main(void *arg)
{
	struct flusher *fl = arg;
	fl->rc = run_write(fl->cmp, fl->run, fl->fd);
	return NULL;
}

/* Wait for the run being written, if any: the outcome of the last run written so (a failure
 * sticks: nothing more is written). */
static enum status flusher_wait(struct extsort *x)
{
	if (x->fl.is_running) {
		pthread_join(x->fl.th, NULL);
		x->fl.is_running = 0;
	}
	return x->fl.rc;
}

/* The gathered run to a new file: on a thread of its own (written where it is when no thread
 * can be started), gathering going on in the other buffer. */
static enum status flush_run(struct extsort *x)
{
	enum status rc = flusher_wait(x);
	int fd = rc == ST_OK ? run_file(x) : -1;
	if (fd < 0)
		return ST_IO;
	x->fl = (struct flusher){.cmp = x->cmp, .run = x->cur, .fd = fd, .rc = ST_OK};
	x->fl.is_running = pthread_create(&x->fl.th, NULL, flusher_main, &x->fl) == 0;
	if (!x->fl.is_running && (rc = run_write(x->cmp, x->cur, fd)) != ST_OK)
		return rc;
	x->cur = x->cur == &x->bufs[0] ? &x->bufs[1] : &x->bufs[0];
	return ST_OK;
}

enum status extsort_add(struct extsort *x, const void *p, size_t len)
{
	size_t need = HEAD_BYTES + len;
	struct run_buf *run = x->cur;
	if (run->n_mem && run->mem_len + need > x->run_bytes) {
		enum status rc = flush_run(x);
		if (rc != ST_OK)
			return rc;
		run = x->cur;
	}
	if (run->mem_len + need > run->mem_cap) {
		run->mem_cap = (run->mem_len + need) * 2 > x->run_bytes + need ? x->run_bytes + need : (run->mem_len + need) * 2;
		run->mem = xrealloc(run->mem, run->mem_cap);
	}
	if (run->n_mem == run->offs_cap) {
		run->offs_cap = run->offs_cap ? run->offs_cap * 2 : 1024;
		run->offs = xrealloc(run->offs, run->offs_cap * sizeof(*run->offs));
	}
	char *r = run->mem + run->mem_len;
	uint32_t n32 = (uint32_t)len;
	uint64_t seq = x->seq++;
	memcpy(r, &n32, sizeof(n32));
	memcpy(r + sizeof(n32), &seq, sizeof(seq));
	if (len)
		memcpy(r + HEAD_BYTES, p, len);
	run->offs[run->n_mem++] = run->mem_len;
	run->mem_len += need;
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
	if (x->n_runs == 0) { /* one run that fits: read in memory */
		run_sort(x->cmp, x->cur);
		return ST_OK;
	}
	enum status rc = flusher_wait(x);
	if (rc == ST_OK && x->cur->n_mem) { /* the last run, written here: the merge waits for it */
		int fd = run_file(x);
		rc = fd < 0 ? ST_IO : run_write(x->cmp, x->cur, fd);
	}
	if (rc != ST_OK)
		return rc;
	for (size_t i = 0; i < 2; i++) {
		free(x->bufs[i].mem), free(x->bufs[i].offs);
		x->bufs[i] = (struct run_buf){0};
	}
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
		if (x->next_mem == x->cur->n_mem)
			return 0;
		const char *r = x->cur->mem + x->cur->offs[x->next_mem++];
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
	flusher_wait(x); /* its outcome no longer matters */
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
	for (size_t i = 0; i < 2; i++)
		free(x->bufs[i].mem), free(x->bufs[i].offs);
	free(x);
}
