/* registry.c - registry records: one append-only table per kind (0007_registries.sql), written
 * as revisions a batch of records at a time (their keys' newest revisions read with one
 * statement, each record decided here, the new revisions written with multi-row statements)
 * inside the caller's transaction with an import batch and one audit event (a revision replaced
 * is listed in registry_superseded, 0014; every revision written is appended to the columnar
 * copy too, columns.c, when it is kept). Reading them back: registry_read.c. The column list of
 * every statement comes from the schema table in core/registry.c, never from input. */
#include <jansson.h>
#include <openssl/evp.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/num.h"
#include "store/columns.h"
#include "store/db.h"
#include "store/store.h"
#include "base/banned.h"

/* The columns a writer gives, in the order bind_record binds them: the key unless the store
 * reads it from the key field (reg_key_field), the revision, the fields, the batch and the line;
 * created_at and created_by are the batch's. */
static char *insert_columns(struct arena *a, const struct reg_kind_info *k)
{
	char *cols = arena_strdup(a, reg_key_field(k) < 0 ? "rkey, revision" : "revision");
	for (size_t i = 0; i < k->n_fields; i++)
		cols = arena_printf(a, "%s, \"%s\"", cols, db_registry_column(&k->fields[i]));
	return arena_printf(a, "%s, batch_id, line", cols);
}

/* The parameters bind_record binds a row. */
static size_t insert_width(const struct reg_kind_info *k)
{
	return k->n_fields + 3 + (reg_key_field(k) < 0);
}

#define AUDIT_RECORDS_LISTED 200u /* a larger batch is recorded by count and digest */

/* Records are decided and written REG_WRITE_BATCH at a time: the newest revisions of their keys
 * read with one statement, the new revisions and the replaced ones written with a few multi-row
 * statements. On PostgreSQL a statement is a round trip to the server, so one per record made
 * imports 46 times slower than COPY (docs/performance.md); SQLite runs fewer statements too. A
 * power of two, so the partial last batch is written in db_chunk sizes. */
#define REG_WRITE_BATCH 256u
#define REG_CHUNK_SIZES 9u /* 1, 2, 4, ..., REG_WRITE_BATCH rows */
#define REG_SLOTS (2 * REG_WRITE_BATCH)
/* a full chunk's INSERT binds at most (fields + 4) parameters a row (insert_width): within both
 * drivers' limit */
_Static_assert((REG_MAX_FIELDS + 4) * REG_WRITE_BATCH <= 32766, "a registry batch binds too many parameters");

/* A record put and not yet written, then what was decided for it. */
struct reg_pending {
	struct reg_record rec; /* a copy in the batch arena */
	long line;
	size_t tag;
	enum reg_outcome outcome;
	struct reg_record before; /* REG_REVISED: the revision replaced */
	long long before_id;
	long dup_line;
	int is_past; /* its key sorts after every key stored or put before it: no look-up */
	size_t n_dup_before; /* duplicates among the records put before it */
	double num[REG_MAX_FIELDS]; /* its number and year fields, read where it was put */
	int bad_num;                /* 1 + a number or year field that reads as none; 0 */
	struct reg_row row;         /* for the columns (when kept and no bad_num): col_record_row */
};

/* A batch of records put: filled by the putting thread, decided and written by the writer's
 * (the same thread unless piped), then its duplicates reported where they were put. */
struct reg_buf {
	struct reg_pending pend[REG_WRITE_BATCH];
	size_t n_pend;
	size_t n_done;       /* records decided and reported (fn) before a failure: all when none */
	struct arena *a;     /* the records' copies: reset when the batch is reused */
};

/* The putting thread hands full batches to the writer's thread and takes written ones back:
 * REG_BUFS batches in all, so the file is read at most REG_BUFS - 1 batches ahead of the writes.
 * The writer's thread is the slower one; waiting for a written batch, the putting thread sleeps
 * until half of them are written, so on a busy machine it is not woken (and does not wait to be
 * scheduled) once a batch. */
#define REG_BUFS 8
struct reg_pipe {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv_todo;            /* a batch queued, or the pipe closing */
	pthread_cond_t cv_done;            /* half of the batches written */
	struct reg_buf *todo[REG_BUFS];    /* to write, in order put (a ring) */
	struct reg_buf *done[REG_BUFS];    /* written, their duplicates to report (a ring) */
	size_t todo_at, n_todo, done_at, n_done;
	int is_closing;
	enum status failed;                /* the writer's thread's first failure */
};

/* A key's newest revision as the batch knows it: read from the store, or written by the batch. */
struct reg_known {
	struct reg_record rec;
	long long batch_id, id;
	long line;
};

struct reg_writer {
	struct store *s;
	enum reg_kind kind;
	const struct reg_kind_info *k;
	const struct reg_batch *batch;
	struct arena *a;       /* the statements */
	struct arena *batch_a; /* what was read for the batch being written: reset per batch */
	reg_put_fn fn;
	void *ctx;
	struct db_stmt *look, *drop_batch;
	struct db_stmt *ins[REG_CHUNK_SIZES], *sup[REG_CHUNK_SIZES]; /* by log2 of their rows */
	long long bid;
	char now[32];
	enum status failed; /* a batch that failed: the writer writes nothing more (the putting side's) */
	size_t n_new, n_revised, n_unchanged, n_dup;
	struct reg_buf bufs[REG_BUFS];
	struct reg_buf *fill; /* the batch being put */
	struct reg_buf *wb;   /* the batch being written */
	int is_piped;
	struct reg_pipe pipe;
	struct reg_known known[REG_WRITE_BATCH];
	size_t n_known;
	unsigned short slot[REG_SLOTS]; /* open addressing by key: index in known + 1, 0 free */
	struct col_appender *cols; /* the columnar copy the written records go to too (NULL: not kept) */
	long long last_row; /* the table's greatest row id, when the driver tells row ids (last_id) */
	int key_field;      /* reg_key_field: the field the store reads the key from, or -1 */
	char *max_key;      /* the greatest key stored or put (malloc'd; NULL: none yet) */
	size_t max_cap;
	EVP_MD_CTX *digest; /* over every written record, in the order written */
	char dig[16384];    /* records gathered for the digest (note_written) */
	size_t n_dig;
	json_t *listed;     /* the first AUDIT_RECORDS_LISTED written (key, revision); NULL past that */
};

static enum status pipe_close(struct reg_writer *w);

static void writer_release(void *p)
{
	struct reg_writer *w = p;
	if (w->is_piped)
		(void)pipe_close(w);
	for (size_t i = 0; i < REG_BUFS; i++)
		arena_free(w->bufs[i].a);
	EVP_MD_CTX_free(w->digest);
	json_decref(w->listed);
	free(w->max_key);
	arena_free(w->batch_a);
}

/* "(?,?,...)" n times, comma-separated, each of width marks, after head. */
static const char *rows_sql(struct arena *a, const char *head, size_t n, size_t width)
{
	struct buf b;
	buf_init(&b, 0);
	bw(&b, head);
	for (size_t i = 0; i < n; i++) {
		bw(&b, i ? ",(?" : "(?");
		for (size_t j = 1; j < width; j++)
			bw(&b, ",?");
		bwc(&b, ')');
	}
	const char *out = arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return out;
}

/* key as the greatest key known (it sorts after the one before). */
static enum status set_max_key(struct reg_writer *w, const char *key)
{
	size_t len = strlen(key) + 1;
	if (len > w->max_cap) {
		size_t cap = len < 64 ? 64 : 2 * len;
		char *m = realloc(w->max_key, cap);
		if (!m)
			return db_fail(w->s, "out of memory");
		w->max_key = m, w->max_cap = cap;
	}
	memcpy(w->max_key, key, len);
	return ST_OK;
}

/* The greatest key stored of the writer's kind (keys compare byte by byte in both back ends:
 * SQLite's BINARY, PostgreSQL's ctext), so that a record whose key sorts after it and after
 * every key put since is new without a look-up: files exported in key order skip them all. */
static enum status read_max_key(struct reg_writer *w, struct arena *a)
{
	struct db_stmt *st = db_prep(w->s, a, arena_printf(a, "SELECT max(rkey) FROM registry_%s", w->k->name));
	if (!st)
		return ST_STORE;
	enum status rc = ST_OK;
	enum db_step step = db_step(st);
	if (step == DB_STEP_ROW && !db_is_null(st, 0))
		rc = set_max_key(w, db_text(a, st, 0));
	else if (step != DB_STEP_ROW)
		rc = db_classify(w->s, ST_STORE);
	db_reset(st);
	return rc;
}

/* The table's greatest row id into w->last_row (0: none). */
static enum status read_last_row(struct reg_writer *w, struct arena *a)
{
	struct db_stmt *st = db_prep(w->s, a, arena_printf(a, "SELECT coalesce(max(id), 0) FROM registry_%s", w->k->name));
	return st ? db_scalar(st, &w->last_row) : ST_STORE;
}

enum status store_registry_writer_open(struct store *s, struct arena *a, enum reg_kind kind, const struct reg_batch *batch,
				       reg_put_fn fn, void *ctx, struct reg_writer **out)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	struct reg_writer *w = arena_calloc(a, 1, sizeof(*w));
	*out = NULL;
	w->s = s;
	w->kind = kind;
	w->k = k;
	w->batch = batch;
	w->key_field = reg_key_field(k);
	w->fn = fn;
	w->ctx = ctx;
	w->a = a;
	w->batch_a = arena_new();
	for (size_t i = 0; i < REG_BUFS; i++)
		w->bufs[i].a = arena_new();
	w->fill = &w->bufs[0];
	db_now(w->now);
	w->digest = EVP_MD_CTX_new();
	w->listed = json_array();
	arena_on_free(a, writer_release, w);
	if (!w->digest || !w->listed || EVP_DigestInit_ex(w->digest, EVP_sha256(), NULL) != 1)
		return db_fail(s, "cannot start the digest of the records");
	if (!s->in_tx)
		return db_fail(s, "a registry writer needs an open transaction");
	/* the newest revision of up to a batch of keys (unused places bound to NULL match nothing) */
	const char *look = rows_sql(a, "", 1, REG_WRITE_BATCH);
	w->look = db_prep(s, a,
			  arena_printf(a,
				       "SELECT %s, batch_id, line, id FROM registry_%s o WHERE o.rkey IN %s AND o.revision ="
				       " (SELECT max(i.revision) FROM registry_%s i WHERE i.rkey = o.rkey)",
				       db_registry_columns(a, k), k->name, look, k->name));
	w->drop_batch = db_prep(s, a, "DELETE FROM import_batches WHERE id = ?");
	if (!w->look || !w->drop_batch)
		return ST_STORE;
	const struct db_batch b = {batch->who, batch->source_file, batch->file_sha256, batch->sheet, batch->encoding, 0, 0, 0, 0};
	enum status rc = read_max_key(w, a);
	if (rc == ST_OK && s->drv->last_id)
		rc = read_last_row(w, a);
	if (rc == ST_OK)
		rc = db_batch_open(s, &b, w->now, &w->bid);
	if (rc == ST_OK)
		rc = col_appender_open(s, a, kind, 0, &w->cols);
	if (rc != ST_OK)
		return rc;
	*out = w;
	return ST_OK;
}

/* The statement writing n (a power of two) rows: registry rows (is_sup 0) or replaced ids. */
static struct db_stmt *chunk_stmt(struct reg_writer *w, int is_sup, size_t n)
{
	size_t i = 0;
	while (((size_t)1 << i) < n)
		i++;
	struct db_stmt **st = is_sup ? &w->sup[i] : &w->ins[i];
	if (*st)
		return *st;
	const struct reg_kind_info *k = w->k;
	if (is_sup)
		*st = db_prep(w->s, w->a, rows_sql(w->a, "INSERT INTO registry_superseded (kind, id) VALUES ", n, 2));
	else /* insert_columns; the row ids for the columns */
		*st = db_prep(w->s, w->a,
			      arena_printf(w->a, "%s%s",
					   rows_sql(w->a,
						    arena_printf(w->a, "INSERT INTO registry_%s (%s) VALUES ", k->name,
								 insert_columns(w->a, k)),
						    n, insert_width(k)),
					   w->cols && !w->s->drv->last_id ? " RETURNING id" : ""));
	return *st;
}

/* Bind pending record pd's insert_columns from parameter p + 1 on. */
static enum status bind_record(struct reg_writer *w, struct db_stmt *ins, int p, const struct reg_pending *pd)
{
	const struct reg_kind_info *k = w->k;
	const struct reg_record *r = &pd->rec;
	long line = pd->line;
	if (pd->bad_num)
		return db_fail(w->s, "'%s' of %s record '%s' is not a number", r->vals[pd->bad_num - 1], k->name, r->key);
	if (w->key_field < 0)
		db_bind_text_borrowed(ins, ++p, r->key); /* the batch's texts stay until its INSERTs ran */
	else if (!r->vals[w->key_field] || strcmp(r->key, r->vals[w->key_field]) != 0)
		return db_fail(w->s, "%s record '%s' is put with a key other than its field %s", k->name, r->key,
			       k->fields[w->key_field].name);
	db_bind_int(ins, ++p, r->revision);
	for (size_t f = 0; f < k->n_fields; f++) {
		const char *v = r->vals[f];
		++p;
		if (v && k->fields[f].type == RT_YEAR) {
			db_bind_int(ins, p, (long long)pd->num[f]);
		} else if (v && k->fields[f].type == RT_NUMBER) {
			db_bind_double(ins, p, pd->num[f]);
		} else {
			db_bind_text_borrowed(ins, p, v);
		}
	}
	db_bind_int(ins, p + 1, w->bid);
	db_bind_opt_int(ins, p + 2, line > 0, line);
	return ST_OK;
}

/* The records gathered for the digest into it. */
static void digest_flush(struct reg_writer *w)
{
	if (w->n_dig)
		EVP_DigestUpdate(w->digest, w->dig, w->n_dig);
	w->n_dig = 0;
}

/* A written record into the batch's digest and (while short) its list. */
static void note_written(struct reg_writer *w, const struct reg_record *r)
{
	/* each field and a unit separator, then a newline: gathered, so the digest is updated
	 * once every few hundred records (the same bytes in the same order, so the same digest) */
	for (size_t f = 0; f < w->k->n_fields; f++) {
		const char *v = r->vals[f] ? r->vals[f] : "";
		size_t len = strlen(v);
		if (w->n_dig + len + 2 > sizeof(w->dig)) { /* full: what was gathered first */
			digest_flush(w);
			if (len + 2 > sizeof(w->dig)) { /* a field longer than the buffer */
				EVP_DigestUpdate(w->digest, v, len);
				len = 0;
			}
		}
		memcpy(w->dig + w->n_dig, v, len);
		w->n_dig += len;
		w->dig[w->n_dig++] = '\x1f';
	}
	if (w->n_dig == sizeof(w->dig))
		digest_flush(w);
	w->dig[w->n_dig++] = '\n';
	if (w->listed && json_array_size(w->listed) < AUDIT_RECORDS_LISTED)
		json_array_append_new(w->listed, json_pack("{s:s, s:i}", "key", r->key, "revision", r->revision));
	else if (w->listed) {
		json_decref(w->listed);
		w->listed = NULL;
	}
}

/* The batch's entry for key: *is_new when it had none (then a fresh one). NULL when full, which
 * a batch's distinct keys never make it. */
static struct reg_known *known_get(struct reg_writer *w, const char *key, int *is_new)
{
	uint64_t h = 1469598103934665603ull;
	for (const char *c = key; *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211ull;
	size_t j = (size_t)h & (REG_SLOTS - 1);
	while (w->slot[j]) {
		struct reg_known *kn = &w->known[w->slot[j] - 1];
		if (strcmp(kn->rec.key, key) == 0) {
			*is_new = 0;
			return kn;
		}
		j = (j + 1) & (REG_SLOTS - 1);
	}
	if (w->n_known == REG_WRITE_BATCH)
		return NULL;
	struct reg_known *kn = &w->known[w->n_known++];
	memset(kn, 0, sizeof(*kn));
	kn->rec.key = key;
	w->slot[j] = (unsigned short)w->n_known;
	*is_new = 1;
	return kn;
}

/* Read the newest revision of every key of the batch into w->known, but for keys past every
 * key stored or put before them (the store has none of them, the batch knows them as new). */
static enum status look_up(struct reg_writer *w)
{
	const struct reg_kind_info *k = w->k;
	memset(w->slot, 0, sizeof(w->slot));
	w->n_known = 0;
	size_t n = 0;
	for (size_t i = 0; i < w->wb->n_pend; i++)
		if (!w->wb->pend[i].is_past)
			db_bind_text_borrowed(w->look, (int)++n, w->wb->pend[i].rec.key);
	if (n == 0)
		return ST_OK;
	for (size_t i = n; i < REG_WRITE_BATCH; i++)
		db_bind_text_borrowed(w->look, (int)i + 1, NULL);
	int c = 4 + (int)k->n_fields; /* after the fields, created_at, created_by */
	enum db_step step;
	while ((step = db_step(w->look)) == DB_STEP_ROW) {
		struct reg_record old;
		int is_new;
		db_registry_record(w->batch_a, w->look, &old, k);
		struct reg_known *kn = known_get(w, old.key, &is_new);
		if (!kn || !is_new) {
			db_reset(w->look);
			return db_fail(w->s, "%s record '%s' has two newest revisions", k->name, old.key);
		}
		kn->rec = old;
		kn->batch_id = db_int(w->look, c);
		kn->line = (long)db_int(w->look, c + 1);
		kn->id = db_int(w->look, c + 2);
	}
	db_reset(w->look);
	return step == DB_STEP_DONE ? ST_OK : ST_STORE;
}

/* Each pending record against its key's newest revision, in the order put: what the batch's
 * records did one at a time, the batch's own writes included (a key given twice). */
static enum status decide(struct reg_writer *w)
{
	for (size_t i = 0; i < w->wb->n_pend; i++) {
		struct reg_pending *p = &w->wb->pend[i];
		int is_new;
		struct reg_known *kn = known_get(w, p->rec.key, &is_new);
		if (!kn)
			return db_fail(w->s, "a batch of %s records has too many keys", w->k->name);
		if (is_new) {
			p->outcome = REG_NEW;
			p->rec.revision = 1;
		} else if (kn->batch_id == w->bid) {
			p->outcome = REG_DUPLICATE;
			p->rec.revision = 1; /* as nothing was written */
			p->dup_line = kn->line;
			continue;
		} else if (reg_record_same(w->kind, &kn->rec, &p->rec)) {
			p->outcome = REG_UNCHANGED;
			p->rec.revision = kn->rec.revision;
			continue;
		} else {
			p->outcome = REG_REVISED;
			p->rec.revision = kn->rec.revision + 1;
			p->before = kn->rec;
			p->before_id = kn->id;
		}
		kn->rec = p->rec;
		kn->batch_id = w->bid;
		kn->line = p->line;
	}
	return ST_OK;
}

static int id_cmp(const void *x, const void *y)
{
	long long a = *(const long long *)x, b = *(const long long *)y;
	return (a > b) - (a < b);
}

/* Run st, the INSERT of the m records pend[idx[0..m)], and append them to the columns with
 * their row ids, in the order the rows were inserted (the order of the VALUES). A driver that
 * tells the last row id gives them without RETURNING: one multi-row INSERT's rows get
 * consecutive ids, after the table's greatest (checked, so a store that broke the rule fails
 * the import rather than mislabelling its columns). Otherwise RETURNING gives them, in no
 * promised order, so they are sorted. */
static enum status insert_and_append(struct reg_writer *w, struct db_stmt *st, const size_t *idx, size_t m)
{
	long long ids[REG_WRITE_BATCH];
	size_t n = 0;
	if (w->s->drv->last_id) {
		enum status rc = db_classify(w->s, db_run(st));
		if (rc != ST_OK)
			return rc;
		long long last = w->s->drv->last_id(w->s);
		if (last - (long long)m != w->last_row)
			return db_fail(w->s, "%zu %s records written after row %lld, the last as row %lld", m, w->k->name,
				       w->last_row, last);
		for (; n < m; n++)
			ids[n] = w->last_row + 1 + (long long)n;
		w->last_row = last;
	} else {
		enum db_step step;
		while ((step = db_step(st)) == DB_STEP_ROW)
			if (n < m)
				ids[n++] = db_int(st, 0);
		db_reset(st);
		if (step != DB_STEP_DONE)
			return db_classify(w->s, ST_STORE);
		if (n != m)
			return db_fail(w->s, "%zu %s records written, %zu row ids returned", m, w->k->name, n);
		qsort(ids, n, sizeof(*ids), id_cmp);
	}
	enum status rc = ST_OK;
	for (size_t j = 0; rc == ST_OK && j < m; j++)
		rc = col_append_row(w->cols, ids[j], &w->wb->pend[idx[j]].row);
	return rc;
}

/* Write the new revisions decided (is_sup 0), or the ids they replace (is_sup 1), in the order
 * put, in chunks of a power of two rows. */
static enum status write_rows(struct reg_writer *w, int is_sup)
{
	size_t n = 0, from = 0;
	size_t idx[REG_WRITE_BATCH];
	for (size_t i = 0; i < w->wb->n_pend; i++) {
		enum reg_outcome o = w->wb->pend[i].outcome;
		if (o == REG_REVISED || (o == REG_NEW && !is_sup))
			idx[n++] = i;
	}
	for (size_t m; from < n; from += m) {
		m = db_chunk(n - from, REG_WRITE_BATCH);
		struct db_stmt *st = chunk_stmt(w, is_sup, m);
		if (!st)
			return ST_STORE;
		size_t width = is_sup ? 2 : insert_width(w->k);
		for (size_t j = 0; j < m; j++) {
			const struct reg_pending *p = &w->wb->pend[idx[from + j]];
			int base = (int)(j * width);
			if (is_sup) {
				db_bind_text(st, base + 1, w->k->name);
				db_bind_int(st, base + 2, p->before_id);
				continue;
			}
			enum status rc = bind_record(w, st, base, p);
			if (rc != ST_OK)
				return rc;
		}
		enum status rc = w->cols && !is_sup ? insert_and_append(w, st, &idx[from], m) : db_classify(w->s, db_run(st));
		if (rc != ST_OK)
			return rc;
	}
	return ST_OK;
}

/* Decide and write batch b (on the writer's thread when piped) and call fn for each record in
 * order, but for the duplicates when is_piped (take_back calls fn for them where they were put,
 * whose diagnostics that thread owns). */
static enum status write_buf(struct reg_writer *w, struct reg_buf *b, int is_piped)
{
	w->wb = b;
	b->n_done = 0;
	enum status rc = look_up(w);
	if (rc == ST_OK)
		rc = decide(w);
	if (rc == ST_OK)
		rc = write_rows(w, 0);
	if (rc == ST_OK)
		rc = write_rows(w, 1);
	for (size_t i = 0; rc == ST_OK && i < b->n_pend; i++) {
		struct reg_pending *p = &b->pend[i];
		w->n_new += p->outcome == REG_NEW;
		w->n_revised += p->outcome == REG_REVISED;
		w->n_unchanged += p->outcome == REG_UNCHANGED;
		p->n_dup_before = w->n_dup;
		w->n_dup += p->outcome == REG_DUPLICATE;
		if (!is_piped && (p->outcome == REG_NEW || p->outcome == REG_REVISED))
			note_written(w, &p->rec);
		const struct reg_put put = {&p->rec, p->line, p->tag, p->outcome,
					    p->outcome == REG_REVISED ? &p->before : NULL, p->dup_line, p->n_dup_before};
		if (w->fn && !(is_piped && p->outcome == REG_DUPLICATE))
			rc = w->fn(w->ctx, &put);
		if (rc == ST_OK)
			b->n_done = i + 1;
	}
	arena_reset(w->batch_a);
	return rc;
}

/* Batch b written on the writer's thread, back where it was put: its written records into the
 * digest (in the order written: the batches come back in order), fn for its duplicates; then b
 * is empty again. */
static enum status take_back(struct reg_writer *w, struct reg_buf *b)
{
	enum status rc = ST_OK;
	for (size_t i = 0; rc == ST_OK && i < b->n_done; i++) {
		const struct reg_pending *p = &b->pend[i];
		const struct reg_put put = {&p->rec, p->line, p->tag, p->outcome, NULL, p->dup_line, p->n_dup_before};
		if (p->outcome == REG_NEW || p->outcome == REG_REVISED)
			note_written(w, &p->rec);
		else if (p->outcome == REG_DUPLICATE && w->fn)
			rc = w->fn(w->ctx, &put);
	}
	b->n_pend = b->n_done = 0;
	arena_reset(b->a);
	return rc;
}

/* The writer's thread: write each batch queued, in order, until the pipe closes. After a failure
 * the batches still queued are handed back unwritten (n_done 0). */
static void *pipe_main(void *arg)
{
	struct reg_writer *w = arg;
	struct reg_pipe *pp = &w->pipe;
	pthread_mutex_lock(&pp->mu);
	for (;;) {
		while (pp->n_todo == 0 && !pp->is_closing)
			pthread_cond_wait(&pp->cv_todo, &pp->mu);
		if (pp->n_todo == 0)
			break;
		struct reg_buf *b = pp->todo[pp->todo_at];
		pp->todo_at = (pp->todo_at + 1) % REG_BUFS, pp->n_todo--;
		enum status failed = pp->failed;
		pthread_mutex_unlock(&pp->mu);
		enum status rc = failed;
		if (failed == ST_OK)
			rc = write_buf(w, b, 1);
		else
			b->n_done = 0;
		pthread_mutex_lock(&pp->mu);
		if (rc != ST_OK && pp->failed == ST_OK)
			pp->failed = rc;
		pp->done[(pp->done_at + pp->n_done) % REG_BUFS] = b, pp->n_done++;
		if (pp->n_done >= REG_BUFS / 2)
			pthread_cond_signal(&pp->cv_done);
	}
	pthread_mutex_unlock(&pp->mu);
	return NULL;
}

enum status store_registry_writer_pipe(struct reg_writer *w)
{
	if (w->is_piped || w->failed != ST_OK || w->fill->n_pend)
		return w->failed;
	/* every statement the writer's thread runs is prepared here: the arena is the caller's */
	for (size_t i = 0; i < REG_CHUNK_SIZES; i++)
		if (!chunk_stmt(w, 0, (size_t)1 << i) || !chunk_stmt(w, 1, (size_t)1 << i))
			return ST_STORE;
	struct reg_pipe *pp = &w->pipe;
	memset(pp, 0, sizeof(*pp));
	for (size_t i = 1; i < REG_BUFS; i++) /* the batches not being filled: written, empty */
		pp->done[pp->n_done++] = &w->bufs[i];
	if (pthread_mutex_init(&pp->mu, NULL) != 0)
		return ST_OK; /* no thread: the batches are written where they are put */
	if (pthread_cond_init(&pp->cv_todo, NULL) != 0) {
		pthread_mutex_destroy(&pp->mu);
		return ST_OK;
	}
	if (pthread_cond_init(&pp->cv_done, NULL) != 0) {
		pthread_cond_destroy(&pp->cv_todo);
		pthread_mutex_destroy(&pp->mu);
		return ST_OK;
	}
	if (pthread_create(&pp->th, NULL, pipe_main, w) != 0) {
		pthread_cond_destroy(&pp->cv_done);
		pthread_cond_destroy(&pp->cv_todo);
		pthread_mutex_destroy(&pp->mu);
		return ST_OK;
	}
	w->is_piped = 1;
	return ST_OK;
}

/* Queue the full batch being put; take back a written one (waiting for it) and report its
 * duplicates. The writer's failure, else fn's. */
static enum status pipe_submit(struct reg_writer *w)
{
	struct reg_pipe *pp = &w->pipe;
	pthread_mutex_lock(&pp->mu);
	pp->todo[(pp->todo_at + pp->n_todo) % REG_BUFS] = w->fill, pp->n_todo++;
	pthread_cond_signal(&pp->cv_todo);
	if (pp->n_done == 0) /* every other batch queued or being written: wait for half of them */
		while (pp->n_done < REG_BUFS / 2)
			pthread_cond_wait(&pp->cv_done, &pp->mu);
	struct reg_buf *b = pp->done[pp->done_at];
	pp->done_at = (pp->done_at + 1) % REG_BUFS, pp->n_done--;
	enum status failed = pp->failed;
	pthread_mutex_unlock(&pp->mu);
	w->fill = b;
	enum status rc = take_back(w, b);
	return failed != ST_OK ? failed : rc;
}

/* Queue what was put, wait for every batch to be written, report their duplicates in order: the
 * writer is no longer piped. */
static enum status pipe_close(struct reg_writer *w)
{
	struct reg_pipe *pp = &w->pipe;
	pthread_mutex_lock(&pp->mu);
	if (w->fill->n_pend && w->failed == ST_OK) {
		pp->todo[(pp->todo_at + pp->n_todo) % REG_BUFS] = w->fill, pp->n_todo++;
		w->fill = NULL;
	}
	pp->is_closing = 1;
	pthread_cond_signal(&pp->cv_todo);
	pthread_mutex_unlock(&pp->mu);
	pthread_join(pp->th, NULL);
	pthread_cond_destroy(&pp->cv_done);
	pthread_cond_destroy(&pp->cv_todo);
	pthread_mutex_destroy(&pp->mu);
	w->is_piped = 0;
	enum status rc = ST_OK;
	for (; pp->n_done; pp->done_at = (pp->done_at + 1) % REG_BUFS, pp->n_done--) {
		struct reg_buf *b = pp->done[pp->done_at];
		enum status r = take_back(w, b);
		if (rc == ST_OK)
			rc = r;
		if (!w->fill)
			w->fill = b;
	}
	if (w->fill->n_pend) /* put after a failure: never written */
		take_back(w, w->fill);
	return pp->failed != ST_OK ? pp->failed : rc;
}

enum status store_registry_writer_flush(struct reg_writer *w)
{
	if (w->is_piped) {
		enum status rc = pipe_close(w);
		if (w->failed == ST_OK)
			w->failed = rc;
	}
	if (w->failed != ST_OK || w->fill->n_pend == 0)
		return w->failed;
	enum status rc = write_buf(w, w->fill, 0);
	w->fill->n_pend = w->fill->n_done = 0;
	arena_reset(w->fill->a);
	w->failed = rc;
	return rc;
}

enum status store_registry_put(struct reg_writer *w, const struct reg_record *rec, long line, size_t tag)
{
	if (w->failed != ST_OK)
		return w->failed;
	const struct reg_kind_info *k = w->k;
	struct reg_buf *b = w->fill;
	struct reg_pending *p = &b->pend[b->n_pend];
	memset(p, 0, offsetof(struct reg_pending, row)); /* the row is filled below when it is used */
	/* the caller's record lives only until its next row: the batch keeps its own */
	p->rec.vals = arena_calloc(b->a, k->n_fields ? k->n_fields : 1, sizeof(*p->rec.vals));
	for (size_t f = 0; f < k->n_fields; f++) {
		const char *v = rec->vals[f];
		enum reg_type t = k->fields[f].type;
		p->rec.vals[f] = v ? arena_strdup(b->a, v) : NULL;
		/* numbers read here, where the file is read, not on the writer's thread */
		if (v && (t == RT_NUMBER || t == RT_YEAR) && (!num_parse_double(str_of(v), &p->num[f]) || !isfinite(p->num[f])))
			p->bad_num = p->bad_num ? p->bad_num : (int)f + 1;
	}
	p->rec.key = arena_strdup(b->a, rec->key);
	p->rec.region = rec->region;
	if (w->cols && !p->bad_num)
		col_record_row(w->kind, &p->rec, p->num, &p->row);
	p->is_past = !w->max_key || strcmp(rec->key, w->max_key) > 0;
	if (p->is_past && (w->failed = set_max_key(w, rec->key)) != ST_OK)
		return w->failed;
	p->line = line;
	p->tag = tag;
	if (++b->n_pend < REG_WRITE_BATCH)
		return ST_OK;
	if (!w->is_piped)
		return store_registry_writer_flush(w);
	return w->failed = pipe_submit(w);
}

void store_registry_writer_counts(const struct reg_writer *w, size_t *n_new, size_t *n_revised, size_t *n_unchanged)
{
	*n_new = w->n_new;
	*n_revised = w->n_revised;
	*n_unchanged = w->n_unchanged;
}

enum status store_registry_writer_finish(struct reg_writer *w, size_t n_rows, long long *batch_id)
{
	struct store *s = w->s;
	*batch_id = 0;
	enum status rc = store_registry_writer_flush(w);
	if (rc == ST_OK && w->cols)
		rc = col_appender_finish(w->cols);
	if (rc != ST_OK)
		return rc;
	if (w->n_new + w->n_revised == 0) {
		db_bind_int(w->drop_batch, 1, w->bid);
		return db_run(w->drop_batch);
	}
	const struct reg_batch *batch = w->batch;
	const struct db_batch b = {batch->who, batch->source_file, batch->file_sha256, batch->sheet, batch->encoding,
				   n_rows, w->n_new, w->n_revised, w->n_unchanged};
	rc = db_batch_close(s, w->bid, &b, w->now);
	if (rc != ST_OK)
		return rc;
	unsigned char digest[32];
	unsigned dlen = 0;
	char hex[65];
	digest_flush(w);
	if (EVP_DigestFinal_ex(w->digest, digest, &dlen) != 1)
		return db_fail(s, "cannot finish the digest of the records");
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	json_t *after = json_pack("{s:s, s:s?, s:s?, s:i, s:i, s:i, s:s}", "kind", w->k->name, "file", batch->source_file,
				  "sha256", batch->file_sha256, "new", (json_int_t)w->n_new, "revised",
				  (json_int_t)w->n_revised, "unchanged", (json_int_t)w->n_unchanged, "records_digest", hex);
	if (after && w->listed) {
		json_object_set_new(after, "records", w->listed);
		w->listed = NULL;
	}
	char *text = after ? json_dumps(after, JSON_COMPACT) : NULL;
	json_decref(after);
	char id[32], type[64];
	db_id_text(w->bid, id);
	snprintf(type, sizeof(type), "registry_%s", w->k->name);
	rc = text ? db_audit(s, "registry.import", type, id, NULL, text) : db_fail(s, "cannot encode the audit record");
	free(text);
	if (rc == ST_OK)
		*batch_id = w->bid;
	return rc;
}

/* store_registry_write's records: each outcome to its place (tag: the record's index). */
struct write_ctx {
	struct store *s;
	const char *kind;
	struct reg_record *recs;
	struct reg_write_result *res;
};

static enum status write_decided(void *ctx, const struct reg_put *p)
{
	struct write_ctx *c = ctx;
	c->res->outcome[p->tag] = (unsigned char)p->outcome;
	c->recs[p->tag].revision = p->rec->revision;
	if (p->outcome == REG_DUPLICATE)
		return db_fail(c->s, "%s record '%s' is given twice", c->kind, p->rec->key);
	return ST_OK;
}

enum status store_registry_write(struct store *s, struct arena *a, enum reg_kind kind, const struct reg_batch *batch,
				 struct reg_record *recs, size_t n, struct reg_write_result *res)
{
	memset(res, 0, sizeof(*res));
	res->outcome = arena_calloc(a, n ? n : 1, 1);
	enum status rc = db_begin(s);
	if (rc != ST_OK)
		return rc;
	struct reg_writer *w;
	struct write_ctx c = {s, reg_kind_info(kind)->name, recs, res};
	rc = store_registry_writer_open(s, a, kind, batch, write_decided, &c, &w);
	for (size_t i = 0; rc == ST_OK && i < n; i++)
		rc = store_registry_put(w, &recs[i], 0, i);
	if (rc == ST_OK)
		rc = store_registry_writer_flush(w);
	if (rc == ST_OK)
		store_registry_writer_counts(w, &res->n_new, &res->n_revised, &res->n_unchanged);
	if (rc == ST_OK && !batch->is_dry_run)
		rc = store_registry_writer_finish(w, n, &res->batch_id);
	if (rc != ST_OK || batch->is_dry_run || res->batch_id == 0) {
		db_rollback(s);
		if (rc != ST_OK || batch->is_dry_run)
			res->batch_id = 0;
		return rc;
	}
	rc = db_commit(s);
	if (rc != ST_OK)
		res->batch_id = 0;
	return rc;
}
