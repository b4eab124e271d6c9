/* registry.c - registry records: one append-only table per kind
 * (0007_registries.sql), written as revisions one at a time inside the caller's transaction
 * with an import batch and one audit event (a revision replaced is listed in
 * registry_superseded, 0014); the current record of each key read back in key order. The column list of every
 * statement comes from the schema table in core/registry.c, never from input. */
#include <jansson.h>
#include <openssl/evp.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "store/db.h"
#include "store/store.h"
#include "base/banned.h"

/* The SQL column of field f: the field's name, except talents' "id", which would collide
 * with the row id. */
static const char *column(const struct reg_field *f)
{
	return strcmp(f->name, "id") == 0 ? "id_no" : f->name;
}

char *db_registry_columns(struct arena *a, const struct reg_kind_info *k)
{
	char *cols = arena_strdup(a, "rkey, revision");
	for (size_t i = 0; i < k->n_fields; i++)
		cols = arena_printf(a, "%s, \"%s\"", cols, column(&k->fields[i]));
	return arena_printf(a, "%s, created_at, created_by", cols);
}

void db_registry_record(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	const struct reg_kind_info *k = ctx;
	struct reg_record *r = elem;
	memset(r, 0, sizeof(*r));
	r->vals = arena_calloc(a, k->n_fields ? k->n_fields : 1, sizeof(*r->vals));
	r->key = db_text(a, st, 0);
	r->revision = db_int(st, 1);
	r->region = -1;
	for (size_t i = 0; i < k->n_fields; i++) {
		int c = 2 + (int)i;
		char num[32];
		if (db_is_null(st, c)) {
			r->vals[i] = NULL;
		} else if (k->fields[i].type == RT_NUMBER) {
			db_number_text(db_double(st, c), num);
			r->vals[i] = arena_strdup(a, num);
		} else {
			r->vals[i] = db_text(a, st, c);
		}
	}
	r->created_at = db_text(a, st, 2 + (int)k->n_fields);
	r->created_by = db_text(a, st, 3 + (int)k->n_fields);
}

enum status store_registry_current(struct store *s, struct arena *a, enum reg_kind kind, struct reg_record **rows, size_t *n)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	struct db_stmt *st = db_prep(s, a,
				   arena_printf(a,
						"SELECT %s FROM registry_%s o WHERE o.id NOT IN"
						" (SELECT id FROM registry_superseded WHERE kind = '%s') ORDER BY o.rkey",
						db_registry_columns(a, k), k->name, k->name));
	if (!st)
		return ST_STORE;
	/* sized once by the number of keys, so a large registry is not copied while it grows */
	struct db_stmt *count = db_prep(s, a, arena_printf(a, "SELECT count(DISTINCT rkey) FROM registry_%s", k->name));
	if (!count)
		return ST_STORE;
	long long n_keys;
	if (db_scalar(count, &n_keys) != ST_OK)
		return ST_STORE;
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**rows), n_keys > 0 ? (size_t)n_keys : 64, db_registry_record, k, &v, n);
	*rows = v;
	return rc;
}

#define AUDIT_RECORDS_LISTED 200u /* a larger batch is recorded by count and digest */

struct reg_writer {
	struct store *s;
	enum reg_kind kind;
	const struct reg_kind_info *k;
	const struct reg_batch *batch;
	struct arena *a;
	struct db_stmt *ins_new, *ins, *cur, *sup, *drop_batch;
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
	db_now(w->now);
	w->digest = EVP_MD_CTX_new();
	w->listed = json_array();
	arena_on_free(a, writer_release, w);
	if (!w->digest || !w->listed || EVP_DigestInit_ex(w->digest, EVP_sha256(), NULL) != 1)
		return db_fail(s, "cannot start the digest of the records");
	if (!s->in_tx)
		return db_fail(s, "a registry writer needs an open transaction");
	char *cols = db_registry_columns(a, k), *marks = arena_strdup(a, "?,?");
	for (size_t i = 0; i < k->n_fields + 4; i++) /* fields, created_at, created_by, batch_id, line */
		marks = arena_printf(a, "%s,?", marks);
	const char *insert = arena_printf(a, "INSERT INTO registry_%s (%s, batch_id, line) VALUES (%s)", k->name, cols, marks);
	/* a key seen for the first time is the common case: try revision 1 straight away */
	w->ins_new = db_prep(s, a, arena_printf(a, "%s ON CONFLICT (rkey, revision) DO NOTHING", insert));
	w->ins = db_prep(s, a, insert);
	w->cur = db_prep(s, a,
			 arena_printf(a, "SELECT %s, batch_id, line, id FROM registry_%s WHERE rkey = ? ORDER BY revision DESC LIMIT 1",
				      cols, k->name));
	w->sup = db_prep(s, a, "INSERT INTO registry_superseded (kind, id) VALUES (?, ?)");
	w->drop_batch = db_prep(s, a, "DELETE FROM import_batches WHERE id = ?");
	w->a = a;
	if (!w->ins_new || !w->ins || !w->cur || !w->sup || !w->drop_batch)
		return ST_STORE;
	const struct db_batch b = {batch->who, batch->source_file, batch->file_sha256, batch->sheet, batch->encoding, 0, 0, 0, 0};
	enum status rc = db_batch_open(s, &b, w->now, &w->bid);
	if (rc != ST_OK)
		return rc;
	*out = w;
	return ST_OK;
}

/* Bind record r's fields from parameter 3 on, then created_at, created_by, batch and line. */
static enum status bind_record(struct reg_writer *w, struct db_stmt *ins, const struct reg_record *r, long line)
{
	const struct reg_kind_info *k = w->k;
	db_bind_text(ins, 1, r->key);
	db_bind_int(ins, 2, r->revision);
	for (size_t f = 0; f < k->n_fields; f++) {
		const char *v = r->vals[f];
		int p = 3 + (int)f;
		double d;
		if (v && (k->fields[f].type == RT_NUMBER || k->fields[f].type == RT_YEAR)) {
			if (!num_parse_double(str_of(v), &d) || !isfinite(d))
				return db_fail(w->s, "'%s' of %s record '%s' is not a number", v, k->name, r->key);
			if (k->fields[f].type == RT_YEAR)
				db_bind_int(ins, p, (long long)d);
			else
				db_bind_double(ins, p, d);
		} else {
			db_bind_text(ins, p, v);
		}
	}
	int p = 3 + (int)k->n_fields;
	db_bind_text(ins, p, w->now), db_bind_text(ins, p + 1, w->batch->who), db_bind_int(ins, p + 2, w->bid);
	db_bind_opt_int(ins, p + 3, line > 0, line);
	return ST_OK;
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
		rc = db_classify(s, db_run(w->ins_new));
	if (rc != ST_OK)
		return rc;
	if (s->changes == 1) {
		*outcome = REG_NEW;
		w->n_new++;
		note_written(w, r);
		return ST_OK;
	}
	/* the key is stored: compare with its newest revision */
	db_bind_text(w->cur, 1, r->key);
	rc = db_row(w->cur);
	if (rc != ST_OK) {
		db_reset(w->cur);
		return rc == ST_NOT_FOUND ? db_fail(s, "a registry key vanished while it was written") : rc;
	}
	struct reg_record old;
	db_registry_record(a, w->cur, &old, w->k);
	int c = 4 + (int)w->k->n_fields; /* after the fields, created_at, created_by */
	long long old_batch = db_int(w->cur, c), old_id = db_int(w->cur, c + 2);
	long old_line = (long)db_int(w->cur, c + 1);
	db_reset(w->cur);
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
		rc = db_classify(s, db_run(w->ins));
	if (rc != ST_OK)
		return rc;
	db_bind_text(w->sup, 1, w->k->name);
	db_bind_int(w->sup, 2, old_id);
	rc = db_run(w->sup);
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
		db_bind_int(w->drop_batch, 1, w->bid);
		return db_run(w->drop_batch);
	}
	const struct reg_batch *batch = w->batch;
	const struct db_batch b = {batch->who, batch->source_file, batch->file_sha256, batch->sheet, batch->encoding,
				   n_rows, w->n_new, w->n_revised, w->n_unchanged};
	enum status rc = db_batch_close(s, w->bid, &b, w->now);
	if (rc != ST_OK)
		return rc;
	unsigned char digest[32];
	unsigned dlen = 0;
	char hex[65];
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

enum status store_registry_write(struct store *s, struct arena *a, enum reg_kind kind, const struct reg_batch *batch,
				 struct reg_record *recs, size_t n, struct reg_write_result *res)
{
	memset(res, 0, sizeof(*res));
	res->outcome = arena_calloc(a, n ? n : 1, 1);
	enum status rc = db_begin(s);
	if (rc != ST_OK)
		return rc;
	struct reg_writer *w;
	rc = store_registry_writer_open(s, a, kind, batch, &w);
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		enum reg_outcome o = REG_UNCHANGED;
		long dup_line;
		rc = store_registry_put(w, &recs[i], 0, a, &o, NULL, &dup_line);
		if (rc == ST_OK && o == REG_DUPLICATE)
			rc = db_fail(s, "%s record '%s' is given twice", reg_kind_info(kind)->name, recs[i].key);
		res->outcome[i] = (unsigned char)o;
	}
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
