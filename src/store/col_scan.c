/* col_scan.c - reading the columnar copy (columns.h; the encodings: columns.c): the current
 * records of a registry, chunk by chunk, on one or two threads. */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/columns_int.h"
#include "store/db.h"
#include "base/banned.h"

/* ---- scanning ------------------------------------------------------------------------------- */

/* One column of a chunk: its decoded view. */
struct col_read {
	int field;
	enum reg_type type;
	const unsigned char *data; /* the values */
	unsigned width;            /* dictionary: bytes an index */
	uint32_t n_texts;
	const char **texts;        /* dictionary: pointers into the blob */
	int *regions;              /* the region field's: region of each text (index 0: no text) */
};

/* One chunk as read: its records' ids and columns, in the statements' rows (valid until their
 * next step) or in mem, a copy of its own (for the other thread). */
struct chunk_view {
	long long chunk;
	uint32_t n;
	long long base;
	const unsigned char *ids;  /* n uint32 offsets from base */
	struct col_read cols[REG_MAX_FIELDS];
	unsigned char *mem;        /* the copy: xmalloc'd, grown as needed */
	size_t mem_cap;
};

/* What every part of a walk shares, read-only while the parts run. */
struct walk_ctx {
	struct store *s;
	enum reg_kind kind;
	const struct reg_kind_info *k;
	struct db_stmt *st[REG_MAX_FIELDS + 1]; /* the ids' column, then cols' */
	size_t n_cols;                          /* columns besides the ids */
	const long long *sup;                   /* superseded row ids, ascending */
	size_t n_sup;
	reg_region_fn region;
	reg_row_fn fn;
};

/* One part of a walk: the chunks it reads go to fn(ctx, ...). */
struct walk_part {
	const struct walk_ctx *w;
	void *ctx;
	struct reg_row row;
	size_t at_sup;
	long long prev;
	struct col_span *sp;
	struct chunk_view v[2];     /* the chunks read (the helper's: a queue of two) */
	enum status rc;
};

static void view_release(struct chunk_view *v, size_t n_cols)
{
	for (size_t c = 0; c < n_cols; c++) {
		free(v->cols[c].texts);
		free(v->cols[c].regions);
	}
	free(v->mem);
}

/* The index of record i in a dictionary column. */
static uint32_t dict_at(const struct col_read *c, uint32_t i)
{
	const unsigned char *q = c->data + (size_t)c->width * i;
	return c->width == 1 ? q[0] : c->width == 2 ? (uint32_t)q[0] | (uint32_t)q[1] << 8 : get32(q);
}

/* The row ids the registry_superseded lists for k, ascending, in a. */
static enum status superseded(struct store *s, struct arena *a, const struct reg_kind_info *k, long long **ids, size_t *n)
{
	struct db_stmt *st = db_prep(s, a, "SELECT id FROM registry_superseded WHERE kind = ? ORDER BY id");
	size_t cap = 1024;
	*n = 0;
	*ids = arena_alloc(a, cap * sizeof(**ids));
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, k->name);
	enum db_step step;
	while ((step = db_step(st)) == DB_STEP_ROW) {
		if (*n == cap) {
			long long *g = arena_alloc(a, 2 * cap * sizeof(*g));
			memcpy(g, *ids, cap * sizeof(*g));
			*ids = g, cap *= 2;
		}
		(*ids)[(*n)++] = db_int(st, 0);
	}
	db_reset(st);
	return step == DB_STEP_DONE ? ST_OK : ST_STORE;
}

/* Check and decode column c's blob p[0..len) of n records. */
static enum status decode_col(const struct walk_ctx *w, struct col_read *c, long long chunk, uint32_t n, const unsigned char *p,
			      size_t len)
{
	const struct reg_kind_info *k = w->k;
	if (c->type == RT_DATE || !is_dict(c->type)) {
		size_t each = c->type == RT_DATE ? 4 : 8;
		if (len != each * n)
			return db_fail(w->s, "the columns of the %s registry are damaged (chunk %lld, field %d)", k->name, chunk, c->field);
		c->data = p;
		return ST_OK;
	}
	if (len < 5 || get32(p) > n)
		return db_fail(w->s, "the columns of the %s registry are damaged (chunk %lld, field %d)", k->name, chunk, c->field);
	c->n_texts = get32(p);
	size_t at = 4;
	for (uint32_t j = 0; j < c->n_texts; j++) {
		const unsigned char *end = at < len ? memchr(p + at, '\0', len - at) : NULL;
		if (!end)
			return db_fail(w->s, "the columns of the %s registry are damaged (chunk %lld, field %d)", k->name, chunk, c->field);
		c->texts[j] = (const char *)p + at;
		at = (size_t)(end - p) + 1;
	}
	c->width = at < len ? p[at++] : 0;
	if ((c->width != 1 && c->width != 2 && c->width != 4) || len - at != (size_t)c->width * n)
		return db_fail(w->s, "the columns of the %s registry are damaged (chunk %lld, field %d)", k->name, chunk, c->field);
	c->data = p + at;
	return ST_OK;
}

/* Step every column's statement to the next chunk (chunk) into v: *has 0 when there is none.
 * is_copy: the blobs copied into v->mem, so v stays valid after the next step. */
static enum status fetch_chunk(const struct walk_ctx *w, long long chunk, struct chunk_view *v, int is_copy, int *has)
{
	const struct reg_kind_info *k = w->k;
	*has = 0;
	enum db_step step = db_step(w->st[0]);
	if (step != DB_STEP_ROW)
		return step == DB_STEP_DONE ? ST_OK : ST_STORE;
	const unsigned char *blob[REG_MAX_FIELDS + 1];
	size_t len[REG_MAX_FIELDS + 1], total = 0;
	long long n_ll = db_int(w->st[0], 1);
	if (db_int(w->st[0], 0) != chunk || n_ll < 1 || n_ll > (long long)COL_CHUNK)
		return db_fail(w->s, "the columns of the %s registry are damaged (chunk %lld)", k->name, chunk);
	for (size_t c = 0; c <= w->n_cols; c++) {
		struct db_stmt *st = w->st[c];
		if (c && (db_step(st) != DB_STEP_ROW || db_int(st, 0) != chunk || db_int(st, 1) != n_ll))
			return db_fail(w->s, "the columns of the %s registry lack chunk %lld of field %d", k->name, chunk,
				       v->cols[c - 1].field);
		blob[c] = st->drv->col_blob(st->h, 2);
		len[c] = blob[c] ? st->drv->col_bytes(st->h, 2) : 0;
		total += len[c];
	}
	uint32_t n = (uint32_t)n_ll;
	if (len[0] != 8 + 4 * (size_t)n)
		return db_fail(w->s, "the columns of the %s registry are damaged (chunk %lld)", k->name, chunk);
	if (is_copy) {
		if (v->mem_cap < total) {
			free(v->mem);
			v->mem = xmalloc(total);
			v->mem_cap = total;
		}
		size_t at = 0;
		for (size_t c = 0; c <= w->n_cols; c++) {
			if (len[c])
				memcpy(v->mem + at, blob[c], len[c]);
			blob[c] = v->mem + at;
			at += len[c];
		}
	}
	v->chunk = chunk, v->n = n;
	v->base = (long long)get64(blob[0]);
	v->ids = blob[0] + 8;
	for (size_t c = 0; c < w->n_cols; c++) {
		enum status rc = decode_col(w, &v->cols[c], chunk, n, blob[c + 1], len[c + 1]);
		if (rc != ST_OK)
			return rc;
	}
	*has = 1;
	return ST_OK;
}

/* The current records of the chunk in v to p's fn (or the years to p->sp). */
static enum status chunk_rows(struct walk_part *p, struct chunk_view *v)
{
	const struct walk_ctx *w = p->w;

	struct reg_row *row = &p->row;
	for (size_t c = 0; c < w->n_cols; c++) {
		struct col_read *cr = &v->cols[c];
		for (uint32_t j = 0; cr->regions && j <= cr->n_texts; j++)
			cr->regions[j] = w->region(p->ctx, j ? cr->texts[j - 1] : NULL);
	}
	for (uint32_t i = 0; i < v->n; i++) {
		long long id = v->base + (long long)get32(v->ids + 4 * (size_t)i);
		if (id < p->prev) { /* not in order (never written so): find its place again */
			size_t lo = 0, hi = w->n_sup;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (w->sup[mid] < id)
					lo = mid + 1;
				else
					hi = mid;
			}
			p->at_sup = lo;
		}
		p->prev = id;
		while (p->at_sup < w->n_sup && w->sup[p->at_sup] < id)
			p->at_sup++;
		if (p->at_sup < w->n_sup && w->sup[p->at_sup] == id)
			continue; /* a revision a later one replaced */
		if (p->sp) {
			for (size_t c = 0; c < w->n_cols; c++) {
				const struct col_read *cr = &v->cols[c];
				if (cr->type == RT_DATE) {
					int32_t d = (int32_t)get32(cr->data + 4 * (size_t)i);
					if (d)
						col_span_add(p->sp, d / 10000);
				} else if (cr->type == RT_YEAR) {
					uint64_t u = get64(cr->data + 8 * (size_t)i);
					double x;
					memcpy(&x, &u, sizeof(x));
					if (!isnan(x))
						col_span_add(p->sp, (int)x);
				}
			}
			continue;
		}
		row->region = -1;
		row->nulls = ~(uint64_t)0;
		for (size_t c = 0; c < w->n_cols; c++) {
			const struct col_read *cr = &v->cols[c];
			int f = cr->field;
			row->text[f] = NULL;
			if (cr->type == RT_DATE) {
				int32_t d = (int32_t)get32(cr->data + 4 * (size_t)i);
				row->date[f] = d;
				if (d)
					row->nulls &= ~((uint64_t)1 << f);
			} else if (!is_dict(cr->type)) {
				uint64_t u = get64(cr->data + 8 * (size_t)i);
				double x;
				memcpy(&x, &u, sizeof(x));
				row->num[f] = isnan(x) ? 0.0 : x;
				if (!isnan(x))
					row->nulls &= ~((uint64_t)1 << f);
			} else {
				uint32_t j = dict_at(cr, i);
				if (j > cr->n_texts)
					return db_fail(w->s, "the columns of the %s registry are damaged (chunk %lld)", w->k->name, v->chunk);
				if (j) { /* as reg_row_set reads a text of a region, enumeration or set: empty is NULL */
					row->text[f] = cr->texts[j - 1];
					if (*row->text[f])
						row->nulls &= ~((uint64_t)1 << f);
				}
				if (cr->regions)
					row->region = cr->regions[j];
			}
		}
		enum status rc = w->fn(p->ctx, row);
		if (rc != ST_OK)
			return rc;
	}
	return ST_OK;
}

/* The second thread of a walk: the chunks handed to it, one at a time. */
struct helper {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int head, n_queued;         /* part.v[head] is read next; n_queued of the two hold a chunk */
	int is_quit;
	struct walk_part part;
};

static void *helper_main(void *arg)
{
	struct helper *h = arg;
	pthread_mutex_lock(&h->mu);
	for (;;) {
		while (!h->n_queued && !h->is_quit)
			pthread_cond_wait(&h->cv, &h->mu);
		if (!h->n_queued)
			break;
		struct chunk_view *v = &h->part.v[h->head]; /* the reading thread leaves it alone while queued */
		pthread_mutex_unlock(&h->mu);
		enum status rc = h->part.rc == ST_OK ? chunk_rows(&h->part, v) : h->part.rc;
		pthread_mutex_lock(&h->mu);
		h->part.rc = rc;
		h->head = 1 - h->head;
		h->n_queued--;
		pthread_cond_broadcast(&h->cv);
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

/* Wait until the helper has read every chunk queued; its status. */
static enum status helper_wait(struct helper *h)
{
	pthread_mutex_lock(&h->mu);
	while (h->n_queued)
		pthread_cond_wait(&h->cv, &h->mu);
	enum status rc = h->part.rc;
	pthread_mutex_unlock(&h->mu);
	return rc;
}

/* The free place of the helper's queue (NULL: both hold a chunk), and *rc its status. */
static struct chunk_view *helper_free(struct helper *h, enum status *rc)
{
	pthread_mutex_lock(&h->mu);
	struct chunk_view *v = h->n_queued < 2 ? &h->part.v[(h->head + h->n_queued) % 2] : NULL;
	*rc = h->part.rc;
	pthread_mutex_unlock(&h->mu);
	return v;
}

/* A part with n_views views (1, or 2 for the helper's queue). */
static void part_init(struct walk_part *p, const struct walk_ctx *w, void *ctx, struct col_span *sp, const struct col_read *proto,
		      int n_views)
{
	memset(p, 0, sizeof(*p));
	p->w = w, p->ctx = ctx, p->sp = sp;
	for (int i = 0; i < n_views; i++) {
		struct chunk_view *v = &p->v[i];
		for (size_t c = 0; c < w->n_cols; c++) {
			v->cols[c] = proto[c];
			if (is_dict(proto[c].type))
				v->cols[c].texts = xmalloc(COL_CHUNK * sizeof(*v->cols[c].texts));
			if (proto[c].field == w->k->region_field && w->region)
				v->cols[c].regions = xmalloc((COL_CHUNK + 1) * sizeof(*v->cols[c].regions));
		}
	}
}

static void part_release(struct walk_part *p, size_t n_cols)
{
	view_release(&p->v[0], n_cols);
	view_release(&p->v[1], n_cols);
}

/* The current records of kind from the columns, the fields of m read (the others empty): each to
 * fn, or (sp not NULL) only the years of their date and year fields added to sp. With two
 * contexts, a chunk is read on a second thread whenever it is idle, to fn(ctxs[1], ...) (or a
 * span of its own, added to sp at the end): which chunks go where depends on timing, so fn
 * must give the same whatever records each context gets (sums of whole numbers do). */
static enum status walk(struct store *s, enum reg_kind kind, uint64_t m, reg_region_fn region, reg_row_fn fn, size_t n_ctxs,
			void *const *ctxs, struct col_span *sp, const long long *sup, size_t n_sup, long long first, long long last)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	struct arena *a = arena_new();
	struct walk_ctx w = {s, kind, k, {NULL}, 0, sup, n_sup, region, fn};
	struct col_read proto[REG_MAX_FIELDS];
	enum status rc = ST_OK;
	for (int f = COL_IDS; rc == ST_OK && f < (int)k->n_fields; f++) {
		if (f != COL_IDS && !((m >> f) & 1u))
			continue;
		struct db_stmt *st = db_prep(s, a, "SELECT chunk, n, data FROM registry_columns WHERE kind = ? AND field = ?"
						   " AND chunk BETWEEN ? AND ? ORDER BY chunk");
		if (!st) {
			rc = ST_STORE;
			break;
		}
		db_bind_text(st, 1, k->name);
		db_bind_int(st, 2, f);
		db_bind_int(st, 3, first);
		db_bind_int(st, 4, last);
		if (f != COL_IDS) {
			memset(&proto[w.n_cols], 0, sizeof(proto[w.n_cols]));
			proto[w.n_cols].field = f;
			proto[w.n_cols].type = k->fields[f].type;
			w.st[++w.n_cols] = st;
		} else {
			w.st[0] = st;
		}
	}
	if (rc != ST_OK) {
		arena_free(a);
		return rc;
	}
	struct walk_part main_part;
	part_init(&main_part, &w, n_ctxs ? ctxs[0] : NULL, sp, proto, 1);
	struct helper *h = NULL;
	struct col_span sp_helper = {0, 0, 0};
	if (n_ctxs > 1) {
		h = xcalloc(1, sizeof(*h));
		part_init(&h->part, &w, ctxs[1], sp ? &sp_helper : NULL, proto, 2);
		pthread_mutex_init(&h->mu, NULL);
		pthread_cond_init(&h->cv, NULL);
		if (pthread_create(&h->th, NULL, helper_main, h) != 0) { /* one thread then */
			pthread_mutex_destroy(&h->mu);
			pthread_cond_destroy(&h->cv);
			part_release(&h->part, w.n_cols);
			free(h);
			h = NULL;
		}
	}
	for (long long chunk = first; rc == ST_OK && chunk <= last; chunk++) {
		int has = 0;
		/* the helper's when its queue has room (copied out for it), else this thread's: the
		 * reading thread reads every chunk out of the store and decodes only what the helper
		 * has no time for */
		struct chunk_view *hv = h ? helper_free(h, &rc) : NULL;
		if (rc != ST_OK)
			break;
		if (hv) {
			rc = fetch_chunk(&w, chunk, hv, 1, &has);
			if (rc != ST_OK || !has)
				break;
			pthread_mutex_lock(&h->mu);
			h->n_queued++;
			pthread_cond_broadcast(&h->cv);
			pthread_mutex_unlock(&h->mu);
			continue;
		}
		rc = fetch_chunk(&w, chunk, &main_part.v[0], 0, &has);
		if (rc != ST_OK || !has)
			break;
		rc = chunk_rows(&main_part, &main_part.v[0]);
	}
	if (h) {
		enum status hrc = helper_wait(h);
		if (rc == ST_OK)
			rc = hrc;
		pthread_mutex_lock(&h->mu);
		h->is_quit = 1;
		pthread_cond_broadcast(&h->cv);
		pthread_mutex_unlock(&h->mu);
		pthread_join(h->th, NULL);
		if (sp && sp_helper.any) {
			col_span_add(sp, sp_helper.lo);
			col_span_add(sp, sp_helper.hi);
		}
		pthread_mutex_destroy(&h->mu);
		pthread_cond_destroy(&h->cv);
		part_release(&h->part, w.n_cols);
		free(h);
	}
	part_release(&main_part, w.n_cols);
	for (size_t c = 0; c <= w.n_cols; c++)
		if (w.st[c])
			db_reset(w.st[c]);
	arena_free(a);
	return rc;
}

enum status col_scan(struct store *s, enum reg_kind kind, uint64_t field_mask, reg_region_fn region, reg_row_fn fn, size_t n_ctxs,
		     void *const *ctxs)
{
	struct arena *a = arena_new();
	long long *sup;
	size_t n_sup;
	enum status rc = superseded(s, a, reg_kind_info(kind), &sup, &n_sup);
	if (rc == ST_OK)
		rc = walk(s, kind, col_read_set(reg_kind_info(kind), field_mask), region, fn, n_ctxs, ctxs, NULL, sup, n_sup, 0,
			  LLONG_MAX);
	arena_free(a);
	return rc;
}

/* Whether a superseded id (sup[0..n) ascending) lies in least..greatest. */
static int has_superseded(const long long *sup, size_t n, long long least, long long greatest)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sup[mid] < least)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && sup[lo] <= greatest;
}

/* Read the summaries of kind's n_chunks chunks: their spans added to sp where they stand for
 * the chunk's current records, else dirty[chunk] set (no summary, or a superseded id in its
 * range). */
static enum status read_summaries(struct store *s, struct arena *a, const struct reg_kind_info *k, long long n_chunks,
				  const long long *sup, size_t n_sup, struct col_span *sp, unsigned char *dirty)
{
	struct db_stmt *st = db_prep(s, a, "SELECT chunk, data FROM registry_columns WHERE kind = ? AND field = ? ORDER BY chunk");
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, k->name);
	db_bind_int(st, 2, COL_SUMMARY);
	memset(dirty, 1, (size_t)n_chunks);
	enum db_step step;
	while ((step = db_step(st)) == DB_STEP_ROW) {
		long long chunk = db_int(st, 0);
		const unsigned char *b = st->drv->col_blob(st->h, 1);
		size_t len = b ? st->drv->col_bytes(st->h, 1) : 0;
		if (chunk < 0 || chunk >= n_chunks || len != COL_SUMMARY_BYTES) {
			db_reset(st);
			return db_fail(s, "the columns of the %s registry are damaged (summary of chunk %lld)", k->name, chunk);
		}
		if (has_superseded(sup, n_sup, (long long)get64(b), (long long)get64(b + 8)))
			continue; /* a record of the chunk was replaced: its dates are read */
		dirty[chunk] = 0;
		if (get32(b + 16)) {
			col_span_add(sp, (int)get32(b + 20));
			col_span_add(sp, (int)get32(b + 24));
		}
	}
	db_reset(st);
	return step == DB_STEP_DONE ? ST_OK : ST_STORE;
}

int col_year_span(struct store *s, enum reg_kind kind, int *lo, int *hi)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	uint64_t m = 0;
	for (size_t f = 0; f < k->n_fields; f++)
		if (k->fields[f].type == RT_DATE || k->fields[f].type == RT_YEAR)
			m |= (uint64_t)1 << f;
	struct arena *a = arena_new();
	struct col_span sp = {0, 0, 0};
	void *none[2] = {NULL, NULL};
	long long *sup, n_chunks, last_id;
	size_t n_sup;
	int has, is_layout;
	enum status rc = superseded(s, a, k, &sup, &n_sup);
	if (rc == ST_OK)
		rc = col_state_get(s, a, k, &has, &is_layout, &n_chunks, &last_id);
	unsigned char *dirty = rc == ST_OK && n_chunks > 0 ? arena_alloc(a, (size_t)n_chunks) : NULL;
	if (dirty)
		rc = read_summaries(s, a, k, n_chunks, sup, n_sup, &sp, dirty);
	/* the chunks whose summary does not stand for them, a run of them at a time */
	for (long long c = 0; rc == ST_OK && dirty && c < n_chunks;) {
		if (!dirty[c]) {
			c++;
			continue;
		}
		long long end = c;
		while (end + 1 < n_chunks && dirty[end + 1])
			end++;
		rc = walk(s, kind, m, NULL, NULL, end > c ? 2 : 1, none, &sp, sup, n_sup, c, end);
		c = end + 1;
	}
	arena_free(a);
	if (rc != ST_OK)
		return -1;
	if (sp.any)
		*lo = sp.lo, *hi = sp.hi;
	return sp.any;
}
