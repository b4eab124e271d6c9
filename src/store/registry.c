/* registry.c - registry records: one append-only table per kind
 * (0007_registries.sql), written as revisions in one transaction with an import batch and one
 * audit event; the current record of each key read back in key order. The column list of every
 * statement comes from the schema table in core/registry.c, never from input. */
#include <jansson.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
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
						"SELECT %s FROM registry_%s o WHERE o.revision ="
						" (SELECT max(i.revision) FROM registry_%s i WHERE i.rkey = o.rkey) ORDER BY o.rkey",
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

static enum status audit_batch(struct store *s, const struct reg_kind_info *k, const struct reg_batch *batch,
			       const struct reg_record *recs, const unsigned char *outcome, size_t n,
			       const struct reg_write_result *res, long long bid)
{
	crypto_hash_sha256_state h;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	size_t n_written = res->n_new + res->n_revised;
	json_t *list = n_written <= AUDIT_RECORDS_LISTED ? json_array() : NULL;
	crypto_hash_sha256_init(&h);
	for (size_t i = 0; i < n; i++) {
		if (outcome[i] == REG_UNCHANGED)
			continue;
		for (size_t f = 0; f < k->n_fields; f++) {
			const char *v = recs[i].vals[f] ? recs[i].vals[f] : "";
			crypto_hash_sha256_update(&h, (const unsigned char *)v, strlen(v));
			crypto_hash_sha256_update(&h, (const unsigned char *)"\x1f", 1);
		}
		crypto_hash_sha256_update(&h, (const unsigned char *)"\n", 1);
		if (list)
			json_array_append_new(list, json_pack("{s:s, s:i}", "key", recs[i].key, "revision", recs[i].revision));
	}
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	json_t *after = json_pack("{s:s, s:s?, s:s?, s:i, s:i, s:i, s:s}", "kind", k->name, "file", batch->source_file, "sha256",
				  batch->file_sha256, "new", (json_int_t)res->n_new, "revised", (json_int_t)res->n_revised,
				  "unchanged", (json_int_t)res->n_unchanged, "records_digest", hex);
	if (after && list)
		json_object_set_new(after, "records", list);
	else
		json_decref(list);
	char *text = after ? json_dumps(after, JSON_COMPACT) : NULL;
	json_decref(after);
	char id[32], type[64];
	db_id_text(bid, id);
	snprintf(type, sizeof(type), "registry_%s", k->name);
	enum status rc = text ? db_audit(s, "registry.import", type, id, NULL, text) : db_fail(s, "cannot encode the audit record");
	free(text);
	return rc;
}

/* Bind record r's fields from parameter p0 on. */
static enum status bind_fields(struct store *s, const struct reg_kind_info *k, struct db_stmt *ins, int p0,
			       const struct reg_record *r)
{
	for (size_t f = 0; f < k->n_fields; f++) {
		const char *v = r->vals[f];
		int p = p0 + (int)f;
		double d;
		if (v && (k->fields[f].type == RT_NUMBER || k->fields[f].type == RT_YEAR)) {
			if (!num_parse_double(str_of(v), &d) || !isfinite(d))
				return db_fail(s, "'%s' of %s record '%s' is not a number", v, k->name, r->key);
			if (k->fields[f].type == RT_YEAR)
				db_bind_int(ins, p, (long long)d);
			else
				db_bind_double(ins, p, d);
		} else {
			db_bind_text(ins, p, v);
		}
	}
	return ST_OK;
}

/* Records are looked up and written in chunks: one statement for many records, so a registry of
 * 200,000 records costs a few thousand round trips to a database server, not 400,000. */
#define REG_CHUNK 128u
#define REG_INSERT_PARAMS 1000u /* parameters of one INSERT at most */

/* Into outcome[], revision and res: what each of recs[0..n) changes against the newest stored
 * revision of its key, read inside the write transaction. */
static enum status compare_stored(struct store *s, struct arena *a, const struct reg_kind_info *k, enum reg_kind kind,
				  struct reg_record *recs, size_t n, struct reg_write_result *res)
{
	const char *cols = db_registry_columns(a, k);
	struct db_stmt *st = NULL;
	size_t st_n = 0;
	int *found = arena_calloc(a, REG_CHUNK, sizeof(*found));
	for (size_t from = 0, m; from < n; from += m) {
		m = db_chunk(n - from, REG_CHUNK);
		if (m != st_n) {
			struct buf keys;
			buf_init(&keys, 0);
			for (size_t i = 0; i < m; i++)
				bwf(&keys, "%s(?,%zu)", i ? "," : "", i);
			st = db_prep(s, a,
				     arena_printf(a,
						  "SELECT %s, k.column2 FROM (VALUES %s) k JOIN registry_%s o ON o.rkey = k.column1"
						  " AND o.revision = (SELECT max(i.revision) FROM registry_%s i WHERE i.rkey = k.column1)",
						  cols, buf_str(&keys), k->name, k->name));
			buf_release(&keys);
			st_n = m;
		}
		if (!st)
			return ST_STORE;
		for (size_t i = 0; i < m; i++) {
			db_bind_text(st, (int)i + 1, recs[from + i].key);
			found[i] = 0;
		}
		enum db_step r;
		while ((r = db_step(st)) == DB_STEP_ROW) {
			long long i = db_int(st, 4 + (int)k->n_fields);
			if (i < 0 || (size_t)i >= m)
				continue;
			struct reg_record *rec = &recs[from + (size_t)i], before;
			db_registry_record(a, st, &before, k);
			found[i] = 1;
			if (reg_record_same(kind, &before, rec)) {
				res->outcome[from + (size_t)i] = REG_UNCHANGED;
				rec->revision = before.revision;
				res->n_unchanged++;
			} else {
				res->outcome[from + (size_t)i] = REG_REVISED;
				rec->revision = before.revision + 1;
				res->n_revised++;
			}
		}
		db_reset(st);
		if (r != DB_STEP_DONE)
			return ST_STORE;
		for (size_t i = 0; i < m; i++)
			if (!found[i]) {
				res->outcome[from + i] = REG_NEW;
				recs[from + i].revision = 1;
				res->n_new++;
			}
	}
	return ST_OK;
}

/* Insert the changed records of recs[0..n) in batch bid, by who at now. */
static enum status insert_changed(struct store *s, struct arena *a, const struct reg_kind_info *k,
				  const struct reg_record *recs, const unsigned char *outcome, size_t n, const char *now,
				  const char *who, long long bid)
{
	size_t per_row = k->n_fields + 5; /* key, revision, fields, when, who, batch */
	size_t rows_max = 1;
	while (rows_max * 2 * per_row <= REG_INSERT_PARAMS)
		rows_max *= 2;
	const char *cols = db_registry_columns(a, k);
	struct buf row;
	buf_init(&row, 0);
	bw(&row, "(?");
	for (size_t i = 1; i < per_row; i++)
		bw(&row, ",?");
	bwc(&row, ')');
	struct db_stmt *ins = NULL;
	size_t ins_n = 0, i = 0;
	enum status rc = ST_OK;
	size_t left = 0;
	for (size_t j = 0; j < n; j++)
		left += outcome[j] != REG_UNCHANGED;
	while (rc == ST_OK && left) {
		size_t take[REG_INSERT_PARAMS], m = 0, want = db_chunk(left, rows_max);
		for (; i < n && m < want; i++)
			if (outcome[i] != REG_UNCHANGED)
				take[m++] = i;
		left -= m;
		if (m != ins_n) {
			struct buf sql;
			buf_init(&sql, 0);
			bwf(&sql, "INSERT INTO registry_%s (%s, batch_id) VALUES ", k->name, cols);
			for (size_t j = 0; j < m; j++) {
				bw(&sql, j ? "," : "");
				bw(&sql, buf_str(&row));
			}
			ins = db_prep(s, a, buf_str(&sql));
			buf_release(&sql);
			ins_n = m;
		}
		if (!ins) {
			rc = ST_STORE;
			break;
		}
		for (size_t j = 0; rc == ST_OK && j < m; j++) {
			const struct reg_record *r = &recs[take[j]];
			int p = (int)(j * per_row);
			db_bind_text(ins, p + 1, r->key);
			db_bind_int(ins, p + 2, r->revision);
			rc = bind_fields(s, k, ins, p + 3, r);
			p += 3 + (int)k->n_fields;
			db_bind_text(ins, p, now), db_bind_text(ins, p + 1, who), db_bind_int(ins, p + 2, bid);
		}
		if (rc == ST_OK)
			rc = db_classify(s, db_run(ins));
	}
	buf_release(&row);
	return rc;
}

enum status store_registry_write(struct store *s, struct arena *a, enum reg_kind kind, const struct reg_batch *batch,
				 struct reg_record *recs, size_t n, struct reg_write_result *res)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	char now[32];
	memset(res, 0, sizeof(*res));
	res->outcome = arena_calloc(a, n ? n : 1, 1);
	db_now(now);
	enum status rc = db_begin(s);
	if (rc != ST_OK)
		return rc;
	/* first: what each record changes, read in the transaction that will write it */
	rc = compare_stored(s, a, k, kind, recs, n, res);
	if (rc != ST_OK)
		goto fail;
	if (batch->is_dry_run || res->n_new + res->n_revised == 0) {
		db_rollback(s);
		return ST_OK;
	}
	const struct db_batch b = {batch->who, batch->source_file, batch->file_sha256, batch->sheet, batch->encoding,
				   n, res->n_new, res->n_revised, res->n_unchanged};
	long long bid;
	rc = db_import_batch(s, &b, now, &bid);
	if (rc == ST_OK)
		rc = insert_changed(s, a, k, recs, res->outcome, n, now, batch->who, bid);
	if (rc == ST_OK)
		rc = audit_batch(s, k, batch, recs, res->outcome, n, res, bid);
	if (rc != ST_OK)
		goto fail;
	rc = db_commit(s);
	if (rc == ST_OK)
		res->batch_id = bid;
	return rc;
fail:
	db_rollback(s);
	return rc;
}
