/* col_append.c - writing the columnar copy (columns.h; the encodings: columns.c): the registry
 * writer appends every revision it writes, and a rebuild every row, a chunk of up to 65,536
 * records at a time, each column one BLOB. */
#include <math.h>
#include <string.h>

#include "store/columns_int.h"
#include "store/db.h"
#include "base/banned.h"

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
	enum status rc = col_state_get(s, a, k, &has, &is_layout, &n_chunks, &last_id);
	if (rc == ST_OK)
		rc = col_newest_id(s, a, k, &newest);
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

/* Write the summary of the buffered chunk: its least and greatest row id and the span of years
 * of its records. */
static enum status put_summary(struct col_appender *ap)
{
	uint32_t n = ap->n;
	long long least = ap->ids[0], greatest = ap->ids[0];
	for (uint32_t i = 1; i < n; i++) {
		least = ap->ids[i] < least ? ap->ids[i] : least;
		greatest = ap->ids[i] > greatest ? ap->ids[i] : greatest;
	}
	struct col_span sp = {0, 0, 0};
	for (size_t f = 0; f < ap->k->n_fields; f++) {
		enum reg_type t = ap->k->fields[f].type;
		if (t == RT_DATE) {
			const int32_t *v = ap->col[f];
			for (uint32_t i = 0; i < n; i++)
				if (v[i])
					col_span_add(&sp, v[i] / 10000);
		} else if (t == RT_YEAR) {
			const double *v = ap->col[f];
			for (uint32_t i = 0; i < n; i++)
				if (!isnan(v[i]))
					col_span_add(&sp, (int)v[i]);
		}
	}
	unsigned char b[COL_SUMMARY_BYTES];
	put64(b, (uint64_t)least), put64(b + 8, (uint64_t)greatest);
	put32(b + 16, (uint32_t)sp.any), put32(b + 20, (uint32_t)sp.lo), put32(b + 24, (uint32_t)sp.hi);
	return put_column(ap, COL_SUMMARY, b, sizeof(b));
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
	if (rc == ST_OK)
		rc = put_summary(ap);
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

void col_record_row(enum reg_kind kind, const struct reg_record *rec, const double *num, struct reg_row *row)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	row->nulls = ~(uint64_t)0;
	row->region = rec->region;
	for (size_t f = 0; f < k->n_fields; f++) {
		enum reg_type t = k->fields[f].type;
		const char *v = rec->vals[f];
		row->text[f] = NULL;
		if (!is_kept(t) || !v)
			continue;
		if (t == RT_NUMBER || t == RT_YEAR) {
			/* what the writer bound (registry.c, bind_record) and a scan of the rows reads
			 * back: a year as a whole number; SQLite keeps a whole REAL as an integer, so
			 * -0 reads back as 0 */
			double d = t == RT_YEAR ? (double)(long long)num[f] : num[f];
			row->num[f] = d == 0 ? 0.0 : d;
			row->nulls &= ~((uint64_t)1 << f);
		} else {
			reg_row_set(kind, row, (int)f, v);
		}
	}
}

enum status col_appender_finish(struct col_appender *ap)
{
	enum status rc = flush_chunk(ap);
	if (rc != ST_OK)
		return rc;
	struct arena *a = ap->chunk_a;
	char layout[COL_LAYOUT_MAX];
	col_layout_of(ap->k, layout);
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
