/* sqlite_registry.c - registry records in SQLite: one append-only table per kind
 * (0007_registries.sql), written as revisions in one transaction with an import batch and one
 * audit event; the current record of each key read back in key order. The column list of every
 * statement comes from the schema table in core/registry.c, never from input. */
#include <jansson.h>
#include <math.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "store/sqlite_int.h"
#include "store/store.h"
#include "base/banned.h"

/* The SQL column of field f: the field's name, except talents' "id", which would collide
 * with the row id. */
static const char *column(const struct reg_field *f)
{
	return strcmp(f->name, "id") == 0 ? "id_no" : f->name;
}

/* "rkey, revision, "f1", "f2", ..., created_at, created_by" */
char *sq_registry_columns(struct arena *a, const struct reg_kind_info *k)
{
	char *cols = arena_strdup(a, "rkey, revision");
	for (size_t i = 0; i < k->n_fields; i++)
		cols = arena_printf(a, "%s, \"%s\"", cols, column(&k->fields[i]));
	return arena_printf(a, "%s, created_at, created_by", cols);
}

/* A number as its shortest text that reads back to the same double. */
static const char *number_text(struct arena *a, double v)
{
	char *t = arena_printf(a, "%.15g", v);
	double back;
	if (num_parse_double(str_of(t), &back) && back == v)
		return t;
	return arena_printf(a, "%.17g", v);
}

void sq_registry_record(struct arena *a, const struct reg_kind_info *k, sqlite3_stmt *st, struct reg_record *r)
{
	memset(r, 0, sizeof(*r));
	r->vals = arena_calloc(a, k->n_fields, sizeof(*r->vals));
	r->key = sq_col_text(a, st, 0);
	r->revision = sqlite3_column_int(st, 1);
	r->region = -1;
	for (size_t i = 0; i < k->n_fields; i++) {
		int c = 2 + (int)i;
		if (sqlite3_column_type(st, c) == SQLITE_NULL)
			r->vals[i] = NULL;
		else if (k->fields[i].type == RT_NUMBER)
			r->vals[i] = number_text(a, sqlite3_column_double(st, c));
		else
			r->vals[i] = sq_col_text(a, st, c);
	}
	r->created_at = sq_col_text(a, st, 2 + (int)k->n_fields);
	r->created_by = sq_col_text(a, st, 3 + (int)k->n_fields);
}

enum status store_registry_current(struct store *s, struct arena *a, enum reg_kind kind, struct reg_record **rows, size_t *n)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	sqlite3_stmt *st = sq_prep(s, a,
				   arena_printf(a,
						"SELECT %s FROM registry_%s o WHERE o.id NOT IN"
						" (SELECT id FROM registry_superseded WHERE kind = '%s') ORDER BY o.rkey",
						sq_registry_columns(a, k), k->name, k->name));
	if (!st)
		return ST_STORE;
	/* sized once by the number of keys, so a large registry is not copied while it grows */
	size_t cap = 64;
	sqlite3_stmt *count = sq_prep(s, a, arena_printf(a, "SELECT count(DISTINCT rkey) FROM registry_%s", k->name));
	if (!count)
		return ST_STORE;
	if (sq_row(s, count) == ST_OK && sqlite3_column_int64(count, 0) > 0)
		cap = (size_t)sqlite3_column_int64(count, 0);
	sqlite3_reset(count);
	int rc;
	*rows = sq_grow(a, NULL, &cap, 0, sizeof(**rows));
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*rows = sq_grow(a, *rows, &cap, *n, sizeof(**rows));
		sq_registry_record(a, k, st, &(*rows)[(*n)++]);
	}
	return sq_done(s, rc);
}

#define AUDIT_RECORDS_LISTED 200u /* a larger batch is recorded by count and digest */

struct reg_writer {
	struct store *s;
	enum reg_kind kind;
	const struct reg_kind_info *k;
	const struct reg_batch *batch;
	struct arena *a;
	sqlite3_stmt *ins_new, *ins, *cur, *sup, *drop_batch;
	long long bid;
	char now[32];
	size_t n_new, n_revised, n_unchanged;
	EVP_MD_CTX *digest; /* over every written record, in the order written */
	json_t *listed;     /* the first AUDIT_RECORDS_LISTED written (key, revision); NULL past that */
};

static void writer_release(void *p)
{
	struct reg_writer *w = p;
	EVP_MD_CTX_free(w->digest);
	json_decref(w->listed);
}

enum status store_registry_writer_open(struct store *s, struct arena *a, enum reg_kind kind, const struct reg_batch *batch,
				       struct reg_writer **out)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	struct reg_writer *w = arena_calloc(a, 1, sizeof(*w));
	*out = NULL;
	w->s = s;
	w->kind = kind;
	w->k = k;
	w->batch = batch;
	sq_now(w->now);
	w->digest = EVP_MD_CTX_new();
	w->listed = json_array();
	arena_on_free(a, writer_release, w);
	if (!w->digest || !w->listed || EVP_DigestInit_ex(w->digest, EVP_sha256(), NULL) != 1)
		return sq_fail(s, "cannot start the digest of the records");
	if (!s->in_tx)
		return sq_fail(s, "a registry writer needs an open transaction");
	char *cols = sq_registry_columns(a, k), *marks = arena_strdup(a, "?,?");
	for (size_t i = 0; i < k->n_fields + 4; i++) /* fields, created_at, created_by, batch_id, line */
		marks = arena_printf(a, "%s,?", marks);
	const char *insert = arena_printf(a, "INSERT INTO registry_%s (%s, batch_id, line) VALUES (%s)", k->name, cols, marks);
	/* a key seen for the first time is the common case: try revision 1 straight away */
	w->ins_new = sq_prep(s, a, arena_printf(a, "%s ON CONFLICT (rkey, revision) DO NOTHING", insert));
	w->ins = sq_prep(s, a, insert);
	w->cur = sq_prep(s, a,
			 arena_printf(a, "SELECT %s, batch_id, line, id FROM registry_%s WHERE rkey = ? ORDER BY revision DESC LIMIT 1",
				      cols, k->name));
	w->sup = sq_prep(s, a, "INSERT INTO registry_superseded (kind, id) VALUES (?, ?)");
	w->drop_batch = sq_prep(s, a, "DELETE FROM import_batches WHERE id = ?");
	w->a = a;
	if (!w->ins_new || !w->ins || !w->cur || !w->sup || !w->drop_batch)
		return ST_STORE;
	enum status rc = sq_batch_open(s, a, w->now, batch->who, batch->source_file, batch->file_sha256, batch->sheet,
				       batch->encoding, &w->bid);
	if (rc != ST_OK)
		return rc;
	*out = w;
	return ST_OK;
}

/* Text bound without a copy: the record's strings outlive the statement's step. */
static void bind_static(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Bind record r's fields from parameter 3 on, then created_at, created_by, batch and line. */
static enum status bind_record(struct reg_writer *w, sqlite3_stmt *ins, const struct reg_record *r, long line)
{
	const struct reg_kind_info *k = w->k;
	bind_static(ins, 1, r->key);
	sq_bind_int(ins, 2, r->revision);
	for (size_t f = 0; f < k->n_fields; f++) {
		const char *v = r->vals[f];
		int p = 3 + (int)f;
		double d;
		if (v && (k->fields[f].type == RT_NUMBER || k->fields[f].type == RT_YEAR)) {
			if (!num_parse_double(str_of(v), &d) || !isfinite(d))
				return sq_fail(w->s, "'%s' of %s record '%s' is not a number", v, k->name, r->key);
			if (k->fields[f].type == RT_YEAR)
				sq_bind_int(ins, p, (long long)d);
			else
				sqlite3_bind_double(ins, p, d);
		} else {
			bind_static(ins, p, v);
		}
	}
	int p = 3 + (int)k->n_fields;
	bind_static(ins, p, w->now), bind_static(ins, p + 1, w->batch->who), sq_bind_int(ins, p + 2, w->bid);
	sq_bind_opt_int(ins, p + 3, line > 0, line);
	return ST_OK;
}

/* Step an insert: ST_OK, ST_INVALID for a broken constraint on a value, else ST_STORE. */
static enum status step_insert(struct reg_writer *w, sqlite3_stmt *ins)
{
	enum status rc = sq_step_done(w->s, ins);
	if (rc == ST_OK)
		return ST_OK;
	int ext = sqlite3_extended_errcode(w->s->db);
	if (ext == SQLITE_CONSTRAINT_FOREIGNKEY || ext == SQLITE_CONSTRAINT_CHECK || ext == SQLITE_CONSTRAINT_NOTNULL)
		return ST_INVALID;
	return ext == SQLITE_CONSTRAINT_UNIQUE ? ST_CONFLICT : rc;
}

/* A written record into the batch's digest and (while short) its list. */
static void note_written(struct reg_writer *w, const struct reg_record *r)
{
	for (size_t f = 0; f < w->k->n_fields; f++) {
		const char *v = r->vals[f] ? r->vals[f] : "";
		EVP_DigestUpdate(w->digest, v, strlen(v));
		EVP_DigestUpdate(w->digest, "\x1f", 1);
	}
	EVP_DigestUpdate(w->digest, "\n", 1);
	if (w->listed && json_array_size(w->listed) < AUDIT_RECORDS_LISTED)
		json_array_append_new(w->listed, json_pack("{s:s, s:i}", "key", r->key, "revision", r->revision));
	else if (w->listed) {
		json_decref(w->listed);
		w->listed = NULL;
	}
}

enum status store_registry_put(struct reg_writer *w, struct reg_record *r, long line, struct arena *a,
			       enum reg_outcome *outcome, struct reg_record *before, long *dup_line)
{
	struct store *s = w->s;
	*dup_line = 0;
	r->revision = 1;
	enum status rc = bind_record(w, w->ins_new, r, line);
	if (rc == ST_OK)
		rc = step_insert(w, w->ins_new);
	if (rc != ST_OK)
		return rc;
	if (sqlite3_changes(s->db) == 1) {
		*outcome = REG_NEW;
		w->n_new++;
		note_written(w, r);
		return ST_OK;
	}
	/* the key is stored: compare with its newest revision */
	bind_static(w->cur, 1, r->key);
	int step = sqlite3_step(w->cur);
	if (step != SQLITE_ROW) {
		sqlite3_reset(w->cur);
		return sq_fail(s, "%s", step == SQLITE_DONE ? "a registry key vanished while it was written" : sqlite3_errmsg(s->db));
	}
	struct reg_record old;
	sq_registry_record(a, w->k, w->cur, &old);
	int c = 4 + (int)w->k->n_fields; /* after the fields, created_at, created_by */
	long long old_batch = sqlite3_column_int64(w->cur, c), old_id = sqlite3_column_int64(w->cur, c + 2);
	long old_line = sqlite3_column_type(w->cur, c + 1) == SQLITE_NULL ? 0 : (long)sqlite3_column_int64(w->cur, c + 1);
	sqlite3_reset(w->cur);
	if (old_batch == w->bid) {
		*outcome = REG_DUPLICATE;
		*dup_line = old_line;
		return ST_OK;
	}
	if (reg_record_same(w->kind, &old, r)) {
		*outcome = REG_UNCHANGED;
		r->revision = old.revision;
		w->n_unchanged++;
		return ST_OK;
	}
	r->revision = old.revision + 1;
	rc = bind_record(w, w->ins, r, line);
	if (rc == ST_OK)
		rc = step_insert(w, w->ins);
	if (rc != ST_OK)
		return rc;
	sq_bind_text(w->sup, 1, w->k->name);
	sq_bind_int(w->sup, 2, old_id);
	rc = sq_step_done(s, w->sup);
	if (rc != ST_OK)
		return rc;
	*outcome = REG_REVISED;
	w->n_revised++;
	if (before)
		*before = old;
	note_written(w, r);
	return ST_OK;
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
	if (w->n_new + w->n_revised == 0) {
		sq_bind_int(w->drop_batch, 1, w->bid);
		return sq_step_done(s, w->drop_batch);
	}
	enum status rc = sq_batch_close(s, w->a, w->bid, w->now, n_rows, w->n_new, w->n_revised, w->n_unchanged);
	if (rc != ST_OK)
		return rc;
	unsigned char digest[32];
	unsigned dlen = 0;
	char hex[65];
	if (EVP_DigestFinal_ex(w->digest, digest, &dlen) != 1)
		return sq_fail(s, "cannot finish the digest of the records");
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	json_t *after = json_pack("{s:s, s:s?, s:s?, s:i, s:i, s:i, s:s}", "kind", w->k->name, "file", w->batch->source_file,
				  "sha256", w->batch->file_sha256, "new", (json_int_t)w->n_new, "revised",
				  (json_int_t)w->n_revised, "unchanged", (json_int_t)w->n_unchanged, "records_digest", hex);
	if (after && w->listed) {
		json_object_set_new(after, "records", w->listed);
		w->listed = NULL;
	}
	char *text = after ? json_dumps(after, JSON_COMPACT) : NULL;
	json_decref(after);
	char id[32], type[64];
	sq_id_text(w->bid, id);
	snprintf(type, sizeof(type), "registry_%s", w->k->name);
	rc = text ? sq_audit(s, "registry.import", type, id, NULL, text) : sq_fail(s, "cannot encode the audit record");
	free(text);
	if (rc == ST_OK)
		*batch_id = w->bid;
	return rc;
}

enum status store_registry_write(struct store *s, struct arena *a, enum reg_kind kind, const struct reg_batch *batch,
				 struct reg_record *recs, size_t n, struct reg_write_result *res)
{
	memset(res, 0, sizeof(*res));
	res->outcome = arena_calloc(a, n ? n : 1, 1);
	enum status rc = sq_begin(s);
	if (rc != ST_OK)
		return rc;
	struct reg_writer *w;
	rc = store_registry_writer_open(s, a, kind, batch, &w);
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		enum reg_outcome o;
		long dup_line;
		rc = store_registry_put(w, &recs[i], 0, a, &o, NULL, &dup_line);
		if (rc == ST_OK && o == REG_DUPLICATE)
			rc = sq_fail(s, "%s record '%s' is given twice", reg_kind_info(kind)->name, recs[i].key);
		res->outcome[i] = (unsigned char)o;
	}
	if (rc == ST_OK)
		store_registry_writer_counts(w, &res->n_new, &res->n_revised, &res->n_unchanged);
	if (rc == ST_OK && !batch->is_dry_run)
		rc = store_registry_writer_finish(w, n, &res->batch_id);
	if (rc != ST_OK || batch->is_dry_run) {
		sq_rollback(s);
		return rc;
	}
	return sq_commit(s);
}
