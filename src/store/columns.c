/* columns.c - the columnar copy of the registries (0017_registry_columns.sql; columns.h). A
 * full computation of the derived indicators read 10.6 M records row by row out of SQLite at
 * about 1.5 us a record (docs/performance.md); the columns hold the same records as a few
 * arrays per 65,536 records, read with one large read each. Per kind and chunk, one BLOB per
 * column, little-endian:
 *   ids (field -1)            int64 base, then a uint32 per record: its row id less base
 *   RT_DATE                   int32 per record: yyyymmdd as reg_row_set reads the text, 0 empty
 *   RT_NUMBER, RT_YEAR        the IEEE double a scan of the rows reads (db_double), NaN empty
 *   RT_REGION, RT_ENUM, RT_SET  uint32 n, n NUL-terminated texts, a width byte (1, 2 or 4),
 *                             then an index per record: 0 empty (NULL), k the k-th text
 * Free text (RT_TEXT, RT_USCC) is not kept: a definition reading it is computed from the rows.
 * A record reads back exactly as store_registry_scan_rows reads it, so both give the same
 * values to the bit (tests/unit/ingest/test_derived.c). Kept on SQLite only: PostgreSQL stores
 * numbers as NUMERIC (its round trip is its own) and aggregates its rows fast enough itself
 * (docs/performance.md: 0.86x its own GROUP BY). */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "base/xalloc.h"
#include "store/columns.h"
#include "store/db.h"
#include "base/banned.h"

#define COL_CHUNK 65536u      /* records a chunk holds at most */
#define COL_IDS (-1)          /* the field number of the row ids' column */
#define COL_DICT_SLOTS 131072u /* twice COL_CHUNK: a chunk's dictionary never fills it */
#define COL_LAYOUT_MAX (REG_MAX_FIELDS + 4)

_Static_assert(REG_MAX_FIELDS <= 64, "a field mask is 64 bits");

static int is_kept(enum reg_type t)
{
	return t == RT_DATE || t == RT_NUMBER || t == RT_YEAR || t == RT_REGION || t == RT_ENUM || t == RT_SET;
}

static int is_dict(enum reg_type t)
{
	return t == RT_REGION || t == RT_ENUM || t == RT_SET;
}

/* The fields a scan reads for field_mask: those, the region, every date and year (as the scan
 * of the rows does, store/derived.c). */
static uint64_t read_set(const struct reg_kind_info *k, uint64_t field_mask)
{
	uint64_t m = 0;
	for (size_t f = 0; f < k->n_fields; f++) {
		enum reg_type t = k->fields[f].type;
		if (((field_mask >> f) & 1u) || (int)f == k->region_field || t == RT_DATE || t == RT_YEAR)
			m |= (uint64_t)1 << f;
	}
	return m;
}

/* "1:" and a letter per field (d date, n number or year, t dictionary, - not kept): the
 * columns were written for this list of fields, or are built again. */
static void layout_of(const struct reg_kind_info *k, char out[COL_LAYOUT_MAX])
{
	size_t i = 0;
	out[i++] = '1', out[i++] = ':';
	for (size_t f = 0; f < k->n_fields; f++) {
		enum reg_type t = k->fields[f].type;
		out[i++] = !is_kept(t) ? '-' : t == RT_DATE ? 'd' : is_dict(t) ? 't' : 'n';
	}
	out[i] = '\0';
}

int col_covers(const struct store *s, enum reg_kind kind, uint64_t field_mask)
{
	if (strcmp(s->drv->name, "sqlite") != 0)
		return 0;
	const struct reg_kind_info *k = reg_kind_info(kind);
	uint64_t m = read_set(k, field_mask);
	for (size_t f = 0; f < k->n_fields; f++)
		if (((m >> f) & 1u) && !is_kept(k->fields[f].type))
			return 0;
	return 1;
}

/* ---- little-endian ---------------------------------------------------------------------- */

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const unsigned char *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* ---- the state ---------------------------------------------------------------------------- */

/* The state of kind's columns: *has 0 when none, else their layout (matching the current one:
 * *is_layout), chunks and newest row id. */
static enum status state_get(struct store *s, struct arena *a, const struct reg_kind_info *k, int *has, int *is_layout,
			     long long *n_chunks, long long *last_id)
{
	struct db_stmt *st = db_prep(s, a, "SELECT layout, n_chunks, last_id FROM registry_columns_state WHERE kind = ?");
	*has = 0, *is_layout = 0, *n_chunks = 0, *last_id = 0;
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, k->name);
	enum status rc = db_row(st);
	if (rc == ST_OK) {
		char layout[COL_LAYOUT_MAX];
		layout_of(k, layout);
		*has = 1;
		*is_layout = strcmp(db_peek(st, 0), layout) == 0;
		*n_chunks = db_int(st, 1);
		*last_id = db_int(st, 2);
	}
	db_reset(st);
	return rc == ST_STORE ? ST_STORE : ST_OK;
}

/* The table's newest row id (0: no row). */
static enum status newest_id(struct store *s, struct arena *a, const struct reg_kind_info *k, long long *id)
{
	struct db_stmt *st = db_prep(s, a, arena_printf(a, "SELECT max(id) FROM registry_%s", k->name));
	return st ? db_scalar(st, id) : ST_STORE;
}

enum status col_ready(struct store *s, enum reg_kind kind, int *is_ready)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	struct arena *a = arena_new();
	int has, is_layout;
	long long n_chunks, last_id, newest = 0;
	enum status rc = state_get(s, a, k, &has, &is_layout, &n_chunks, &last_id);
	if (rc == ST_OK)
		rc = newest_id(s, a, k, &newest);
	*is_ready = rc == ST_OK && has && is_layout && last_id == newest;
	arena_free(a);
	return rc;
}

/* ---- appending ------------------------------------------------------------------------------ */

/* The texts of one dictionary column of the chunk. */
struct col_dict {
	const char **texts; /* in the chunk arena, COL_CHUNK at most */
	uint32_t n;
	size_t bytes;       /* of the texts with their NULs */
	uint32_t *slots;    /* open addressing: index in texts + 1, 0 free */
};

struct col_appender {
	struct store *s;
	enum reg_kind kind;
	const struct reg_kind_info *k;
	struct arena *a;       /* the statements and arrays (the caller's) */
	struct arena *chunk_a; /* the chunk's dictionary texts and blobs: reset per chunk */
	struct db_stmt *put;
	long long n_chunks, last_id;
	uint32_t n;            /* records buffered */
	long long *ids;
	void *col[REG_MAX_FIELDS]; /* int32_t dates, double numbers, uint32_t dictionary indexes */
	struct col_dict dict[REG_MAX_FIELDS];
};

static void appender_release(void *p)
{
	struct col_appender *ap = p;
	arena_free(ap->chunk_a);
}

enum status col_appender_open(struct store *s, struct arena *a, enum reg_kind kind, int is_rebuild, struct col_appender **out)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	*out = NULL;
	if (!col_covers(s, kind, 0))
		return ST_OK;
	int has, is_layout;
	long long n_chunks, last_id, newest;
	enum status rc = state_get(s, a, k, &has, &is_layout, &n_chunks, &last_id);
	if (rc == ST_OK)
		rc = newest_id(s, a, k, &newest);
	if (rc != ST_OK)
		return rc;
	if (is_rebuild) {
		struct db_stmt *del = db_prep(s, a, "DELETE FROM registry_columns WHERE kind = ?");
		if (!del)
			return ST_STORE;
		db_bind_text(del, 1, k->name);
		if ((rc = db_run(del)) != ST_OK)
			return rc;
		n_chunks = 0, last_id = 0;
	} else if (has ? !is_layout || last_id != newest : newest != 0) {
		return ST_OK; /* rows the columns do not hold: a full scan builds them again */
	}
	struct col_appender *ap = arena_calloc(a, 1, sizeof(*ap));
	ap->s = s, ap->kind = kind, ap->k = k, ap->a = a;
	ap->n_chunks = n_chunks, ap->last_id = last_id;
	ap->chunk_a = arena_new();
	arena_on_free(a, appender_release, ap);
	ap->put = db_prep(s, a, "INSERT INTO registry_columns (kind, chunk, field, n, data) VALUES (?,?,?,?,?)");
	if (!ap->put)
		return ST_STORE;
	ap->ids = arena_alloc(a, COL_CHUNK * sizeof(*ap->ids));
	for (size_t f = 0; f < k->n_fields; f++) {
		enum reg_type t = k->fields[f].type;
		if (!is_kept(t))
			continue;
		ap->col[f] = arena_alloc(a, COL_CHUNK * (t == RT_DATE ? sizeof(int32_t) : is_dict(t) ? sizeof(uint32_t) : sizeof(double)));
		if (is_dict(t)) {
			ap->dict[f].texts = arena_alloc(a, COL_CHUNK * sizeof(*ap->dict[f].texts));
			ap->dict[f].slots = arena_calloc(a, COL_DICT_SLOTS, sizeof(*ap->dict[f].slots));
		}
	}
	*out = ap;
	return ST_OK;
}

/* Write one column's blob of the buffered chunk. */
static enum status put_column(struct col_appender *ap, int field, const unsigned char *data, size_t len)
{
	db_bind_text(ap->put, 1, ap->k->name);
	db_bind_int(ap->put, 2, ap->n_chunks);
	db_bind_int(ap->put, 3, field);
	db_bind_int(ap->put, 4, ap->n);
	db_bind_blob(ap->put, 5, data, len);
	return db_run(ap->put);
}

/* Write the buffered records as the next chunk. */
static enum status flush_chunk(struct col_appender *ap)
{
	if (ap->n == 0)
		return ST_OK;
	uint32_t n = ap->n;
	unsigned char *b = arena_alloc(ap->chunk_a, 8 + 4 * (size_t)n);
	put64(b, (uint64_t)ap->ids[0]);
	for (uint32_t i = 0; i < n; i++)
		put32(b + 8 + 4 * (size_t)i, (uint32_t)(ap->ids[i] - ap->ids[0]));
	enum status rc = put_column(ap, COL_IDS, b, 8 + 4 * (size_t)n);
	for (size_t f = 0; rc == ST_OK && f < ap->k->n_fields; f++) {
		enum reg_type t = ap->k->fields[f].type;
		if (!is_kept(t))
			continue;
		if (t == RT_DATE) {
			const int32_t *v = ap->col[f];
			b = arena_alloc(ap->chunk_a, 4 * (size_t)n);
			for (uint32_t i = 0; i < n; i++)
				put32(b + 4 * (size_t)i, (uint32_t)v[i]);
			rc = put_column(ap, (int)f, b, 4 * (size_t)n);
		} else if (!is_dict(t)) {
			const double *v = ap->col[f];
			b = arena_alloc(ap->chunk_a, 8 * (size_t)n);
			for (uint32_t i = 0; i < n; i++) {
				uint64_t u;
				memcpy(&u, &v[i], sizeof(u));
				put64(b + 8 * (size_t)i, u);
			}
			rc = put_column(ap, (int)f, b, 8 * (size_t)n);
		} else {
			struct col_dict *d = &ap->dict[f];
			const uint32_t *v = ap->col[f];
			unsigned width = d->n < 255u ? 1u : d->n < 65535u ? 2u : 4u;
			size_t len = 4 + d->bytes + 1 + width * (size_t)n, at = 4;
			b = arena_alloc(ap->chunk_a, len);
			put32(b, d->n);
			for (uint32_t j = 0; j < d->n; j++) {
				size_t l = strlen(d->texts[j]) + 1;
				memcpy(b + at, d->texts[j], l);
				at += l;
			}
			b[at++] = (unsigned char)width;
			for (uint32_t i = 0; i < n; i++, at += width)
				for (unsigned w = 0; w < width; w++)
					b[at + w] = (unsigned char)(v[i] >> (8 * w));
			rc = put_column(ap, (int)f, b, len);
			memset(d->slots, 0, COL_DICT_SLOTS * sizeof(*d->slots));
			d->n = 0, d->bytes = 0;
		}
	}
	if (rc != ST_OK)
		return rc;
	ap->last_id = ap->ids[n - 1];
	ap->n_chunks++;
	ap->n = 0;
	arena_reset(ap->chunk_a);
	return ST_OK;
}

/* The index of text v (NULL: 0) in the chunk's dictionary of field f, added when new. */
static uint32_t dict_index(struct col_appender *ap, size_t f, const char *v)
{
	if (!v)
		return 0;
	struct col_dict *d = &ap->dict[f];
	uint32_t h = 2166136261u;
	for (const char *c = v; *c; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	for (uint32_t j = h & (COL_DICT_SLOTS - 1);; j = (j + 1) & (COL_DICT_SLOTS - 1)) {
		uint32_t at = d->slots[j];
		if (at == 0) {
			d->texts[d->n] = arena_strdup(ap->chunk_a, v);
			d->bytes += strlen(v) + 1;
			d->slots[j] = ++d->n;
			return d->n;
		}
		if (strcmp(d->texts[at - 1], v) == 0)
			return at;
	}
}

enum status col_append_row(struct col_appender *ap, long long id, const struct reg_row *row)
{
	if (ap->n == COL_CHUNK || (ap->n && (id < ap->ids[0] || id - ap->ids[0] > (long long)UINT32_MAX))) {
		enum status rc = flush_chunk(ap);
		if (rc != ST_OK)
			return rc;
	}
	uint32_t i = ap->n++;
	ap->ids[i] = id;
	for (size_t f = 0; f < ap->k->n_fields; f++) {
		enum reg_type t = ap->k->fields[f].type;
		int is_empty = (row->nulls >> f) & 1u;
		if (!is_kept(t))
			continue;
		if (t == RT_DATE)
			((int32_t *)ap->col[f])[i] = is_empty ? 0 : row->date[f];
		else if (!is_dict(t))
			((double *)ap->col[f])[i] = is_empty ? NAN : row->num[f];
		else /* the text itself: "" and NULL are not the same text */
			((uint32_t *)ap->col[f])[i] = dict_index(ap, f, row->text[f]);
	}
	return ST_OK;
}

enum status col_append_record(struct col_appender *ap, long long id, const struct reg_record *rec)
{
	const struct reg_kind_info *k = ap->k;
	struct reg_row row;
	row.nulls = ~(uint64_t)0;
	for (size_t f = 0; f < k->n_fields; f++) {
		enum reg_type t = k->fields[f].type;
		const char *v = rec->vals[f];
		row.text[f] = NULL;
		if (!is_kept(t) || !v)
			continue;
		if (t == RT_NUMBER || t == RT_YEAR) {
			/* what the writer bound (registry.c, bind_record) and a scan of the rows reads
			 * back: a year as a whole number; SQLite keeps a whole REAL as an integer, so
			 * -0 reads back as 0 */
			double d;
			if (!num_parse_double(str_of(v), &d) || !isfinite(d))
				return db_fail(ap->s, "'%s' of %s record '%s' is not a number", v, k->name, rec->key);
			if (t == RT_YEAR)
				d = (double)(long long)d;
			row.num[f] = d == 0 ? 0.0 : d;
			row.nulls &= ~((uint64_t)1 << f);
		} else {
			reg_row_set(ap->kind, &row, (int)f, v);
		}
	}
	return col_append_row(ap, id, &row);
}

enum status col_appender_finish(struct col_appender *ap)
{
	enum status rc = flush_chunk(ap);
	if (rc != ST_OK)
		return rc;
	struct arena *a = ap->chunk_a;
	char layout[COL_LAYOUT_MAX];
	layout_of(ap->k, layout);
	struct db_stmt *st = db_prep(ap->s, a,
				     "INSERT INTO registry_columns_state (kind, layout, n_chunks, last_id) VALUES (?,?,?,?)"
				     " ON CONFLICT (kind) DO UPDATE SET layout = excluded.layout, n_chunks = excluded.n_chunks,"
				     " last_id = excluded.last_id");
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, ap->k->name), db_bind_text(st, 2, layout);
	db_bind_int(st, 3, ap->n_chunks), db_bind_int(st, 4, ap->last_id);
	rc = db_run(st);
	arena_reset(a);
	return rc;
}

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
	struct span *sp;
	struct chunk_view v;
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

/* The span of years of the current records (col_year_span): as reg_row_years reads a row. */
struct span {
	int lo, hi, any;
};

static void span_add(struct span *sp, int y)
{
	if (!sp->any || y < sp->lo)
		sp->lo = y;
	if (!sp->any || y > sp->hi)
		sp->hi = y;
	sp->any = 1;
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

/* The current records of the chunk in p->v to p's fn (or the years to p->sp). */
static enum status chunk_rows(struct walk_part *p)
{
	const struct walk_ctx *w = p->w;
	struct chunk_view *v = &p->v;
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
						span_add(p->sp, d / 10000);
				} else if (cr->type == RT_YEAR) {
					uint64_t u = get64(cr->data + 8 * (size_t)i);
					double x;
					memcpy(&x, &u, sizeof(x));
					if (!isnan(x))
						span_add(p->sp, (int)x);
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
				if (j)
					reg_row_set(w->kind, row, f, cr->texts[j - 1]);
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
	int has_work, is_quit;
	struct walk_part part;
};

static void *helper_main(void *arg)
{
	struct helper *h = arg;
	pthread_mutex_lock(&h->mu);
	for (;;) {
		while (!h->has_work && !h->is_quit)
			pthread_cond_wait(&h->cv, &h->mu);
		if (!h->has_work)
			break;
		pthread_mutex_unlock(&h->mu);
		enum status rc = h->part.rc == ST_OK ? chunk_rows(&h->part) : h->part.rc;
		pthread_mutex_lock(&h->mu);
		h->part.rc = rc;
		h->has_work = 0;
		pthread_cond_broadcast(&h->cv);
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

/* Wait until the helper is idle; its status. */
static enum status helper_wait(struct helper *h)
{
	pthread_mutex_lock(&h->mu);
	while (h->has_work)
		pthread_cond_wait(&h->cv, &h->mu);
	enum status rc = h->part.rc;
	pthread_mutex_unlock(&h->mu);
	return rc;
}

static void part_init(struct walk_part *p, const struct walk_ctx *w, void *ctx, struct span *sp, const struct col_read *proto)
{
	memset(p, 0, sizeof(*p));
	p->w = w, p->ctx = ctx, p->sp = sp;
	for (size_t c = 0; c < w->n_cols; c++) {
		p->v.cols[c] = proto[c];
		if (is_dict(proto[c].type))
			p->v.cols[c].texts = xmalloc(COL_CHUNK * sizeof(*p->v.cols[c].texts));
		if (proto[c].field == w->k->region_field && w->region)
			p->v.cols[c].regions = xmalloc((COL_CHUNK + 1) * sizeof(*p->v.cols[c].regions));
	}
}

/* The current records of kind from the columns, the fields of m read (the others empty): each to
 * fn, or (sp not NULL) only the years of their date and year fields added to sp. With two
 * contexts, every other chunk is read on a second thread, to fn(ctxs[1], ...) (or a span of its
 * own, added to sp at the end). */
static enum status walk(struct store *s, enum reg_kind kind, uint64_t m, reg_region_fn region, reg_row_fn fn, size_t n_ctxs,
			void *const *ctxs, struct span *sp)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	struct arena *a = arena_new();
	struct walk_ctx w = {s, kind, k, {NULL}, 0, NULL, 0, region, fn};
	struct col_read proto[REG_MAX_FIELDS];
	long long *sup;
	enum status rc = superseded(s, a, k, &sup, &w.n_sup);
	w.sup = sup;
	for (int f = COL_IDS; rc == ST_OK && f < (int)k->n_fields; f++) {
		if (f != COL_IDS && !((m >> f) & 1u))
			continue;
		struct db_stmt *st = db_prep(s, a, "SELECT chunk, n, data FROM registry_columns WHERE kind = ? AND field = ? ORDER BY chunk");
		if (!st) {
			rc = ST_STORE;
			break;
		}
		db_bind_text(st, 1, k->name);
		db_bind_int(st, 2, f);
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
	part_init(&main_part, &w, n_ctxs ? ctxs[0] : NULL, sp, proto);
	struct helper *h = NULL;
	struct span sp_helper = {0, 0, 0};
	if (n_ctxs > 1) {
		h = xcalloc(1, sizeof(*h));
		part_init(&h->part, &w, ctxs[1], sp ? &sp_helper : NULL, proto);
		pthread_mutex_init(&h->mu, NULL);
		pthread_cond_init(&h->cv, NULL);
		if (pthread_create(&h->th, NULL, helper_main, h) != 0) { /* one thread then */
			pthread_mutex_destroy(&h->mu);
			pthread_cond_destroy(&h->cv);
			view_release(&h->part.v, w.n_cols);
			free(h);
			h = NULL;
		}
	}
	for (long long chunk = 0; rc == ST_OK; chunk++) {
		int has = 0;
		if (h && chunk % 2 == 1) { /* the helper's: copied out once it is done with its last */
			rc = helper_wait(h);
			if (rc == ST_OK)
				rc = fetch_chunk(&w, chunk, &h->part.v, 1, &has);
			if (rc != ST_OK || !has)
				break;
			pthread_mutex_lock(&h->mu);
			h->has_work = 1;
			pthread_cond_broadcast(&h->cv);
			pthread_mutex_unlock(&h->mu);
			continue;
		}
		rc = fetch_chunk(&w, chunk, &main_part.v, 0, &has);
		if (rc != ST_OK || !has)
			break;
		rc = chunk_rows(&main_part);
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
			span_add(sp, sp_helper.lo);
			span_add(sp, sp_helper.hi);
		}
		pthread_mutex_destroy(&h->mu);
		pthread_cond_destroy(&h->cv);
		view_release(&h->part.v, w.n_cols);
		free(h);
	}
	view_release(&main_part.v, w.n_cols);
	for (size_t c = 0; c <= w.n_cols; c++)
		if (w.st[c])
			db_reset(w.st[c]);
	arena_free(a);
	return rc;
}

enum status col_scan(struct store *s, enum reg_kind kind, uint64_t field_mask, reg_region_fn region, reg_row_fn fn, size_t n_ctxs,
		     void *const *ctxs)
{
	return walk(s, kind, read_set(reg_kind_info(kind), field_mask), region, fn, n_ctxs, ctxs, NULL);
}

int col_year_span(struct store *s, enum reg_kind kind, int *lo, int *hi)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	uint64_t m = 0;
	for (size_t f = 0; f < k->n_fields; f++)
		if (k->fields[f].type == RT_DATE || k->fields[f].type == RT_YEAR)
			m |= (uint64_t)1 << f;
	struct span sp = {0, 0, 0};
	void *none[2] = {NULL, NULL};
	if (walk(s, kind, m, NULL, NULL, 2, none, &sp) != ST_OK)
		return -1;
	if (sp.any)
		*lo = sp.lo, *hi = sp.hi;
	return sp.any;
}
