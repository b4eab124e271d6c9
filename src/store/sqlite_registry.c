/* sqlite_registry.c - registry records in SQLite: one append-only table per kind
 * (0007_registries.sql), written as revisions in one transaction with an import batch and one
 * audit event; the current record of each key read back in key order. The column list of every
 * statement comes from the schema table in core/registry.c, never from input. */
#include <jansson.h>
#include <math.h>
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
						"SELECT %s FROM registry_%s o WHERE o.revision ="
						" (SELECT max(i.revision) FROM registry_%s i WHERE i.rkey = o.rkey) ORDER BY o.rkey",
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
	sq_id_text(bid, id);
	snprintf(type, sizeof(type), "registry_%s", k->name);
	enum status rc = text ? sq_audit(s, "registry.import", type, id, NULL, text) : sq_fail(s, "cannot encode the audit record");
	free(text);
	return rc;
}

/* Bind record r's fields from parameter 3 on. */
static enum status bind_fields(struct store *s, const struct reg_kind_info *k, sqlite3_stmt *ins, const struct reg_record *r)
{
	for (size_t f = 0; f < k->n_fields; f++) {
		const char *v = r->vals[f];
		int p = 3 + (int)f;
		double d;
		if (v && (k->fields[f].type == RT_NUMBER || k->fields[f].type == RT_YEAR)) {
			if (!num_parse_double(str_of(v), &d) || !isfinite(d))
				return sq_fail(s, "'%s' of %s record '%s' is not a number", v, k->name, r->key);
			if (k->fields[f].type == RT_YEAR)
				sq_bind_int(ins, p, (long long)d);
			else
				sqlite3_bind_double(ins, p, d);
		} else {
			sq_bind_text(ins, p, v);
		}
	}
	return ST_OK;
}

enum status store_registry_write(struct store *s, struct arena *a, enum reg_kind kind, const struct reg_batch *batch,
				 struct reg_record *recs, size_t n, struct reg_write_result *res)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	char now[32];
	enum status rc;
	memset(res, 0, sizeof(*res));
	res->outcome = arena_calloc(a, n ? n : 1, 1);
	sq_now(now);
	char *cols = sq_registry_columns(a, k), *marks = arena_strdup(a, "?,?");
	for (size_t i = 0; i < k->n_fields + 3; i++) /* fields, created_at, created_by, batch_id */
		marks = arena_printf(a, "%s,?", marks);
	sqlite3_stmt *cur = sq_prep(s, a,
				    arena_printf(a, "SELECT %s FROM registry_%s WHERE rkey = ? ORDER BY revision DESC LIMIT 1",
						 cols, k->name));
	sqlite3_stmt *ins = sq_prep(s, a, arena_printf(a, "INSERT INTO registry_%s (%s, batch_id) VALUES (%s)", k->name, cols, marks));
	if (!cur || !ins)
		return ST_STORE;
	rc = sq_begin(s);
	if (rc != ST_OK)
		return rc;
	/* first pass: what each record changes, read in the transaction that will write it */
	for (size_t i = 0; i < n; i++) {
		struct reg_record *r = &recs[i];
		sq_bind_text(cur, 1, r->key);
		int step = sqlite3_step(cur);
		if (step == SQLITE_ROW) {
			struct reg_record before;
			sq_registry_record(a, k, cur, &before);
			if (reg_record_same(kind, &before, r)) {
				res->outcome[i] = REG_UNCHANGED;
				r->revision = before.revision;
				res->n_unchanged++;
			} else {
				res->outcome[i] = REG_REVISED;
				r->revision = before.revision + 1;
				res->n_revised++;
			}
		} else if (step == SQLITE_DONE) {
			res->outcome[i] = REG_NEW;
			r->revision = 1;
			res->n_new++;
		} else {
			rc = sq_fail(s, "%s", sqlite3_errmsg(s->db));
			sqlite3_reset(cur);
			goto fail;
		}
		sqlite3_reset(cur);
	}
	if (batch->is_dry_run || res->n_new + res->n_revised == 0) {
		sq_rollback(s);
		return ST_OK;
	}
	sqlite3_stmt *b = sq_prep(s, a,
				  "INSERT INTO import_batches (created_at, created_by, source_file, file_sha256, sheet, encoding,"
				  " n_rows, n_new, n_revised, n_unchanged) VALUES (?,?,?,?,?,?,?,?,?,?)");
	if (!b) {
		rc = ST_STORE;
		goto fail;
	}
	sq_bind_text(b, 1, now), sq_bind_text(b, 2, batch->who), sq_bind_text(b, 3, batch->source_file);
	sq_bind_text(b, 4, batch->file_sha256), sq_bind_text(b, 5, batch->sheet), sq_bind_text(b, 6, batch->encoding);
	sq_bind_int(b, 7, (long long)n), sq_bind_int(b, 8, (long long)res->n_new);
	sq_bind_int(b, 9, (long long)res->n_revised), sq_bind_int(b, 10, (long long)res->n_unchanged);
	rc = sq_step_done(s, b);
	if (rc != ST_OK)
		goto fail;
	long long bid = sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; i < n; i++) {
		if (res->outcome[i] == REG_UNCHANGED)
			continue;
		const struct reg_record *r = &recs[i];
		sq_bind_text(ins, 1, r->key);
		sq_bind_int(ins, 2, r->revision);
		rc = bind_fields(s, k, ins, r);
		if (rc != ST_OK)
			goto fail;
		int p = 3 + (int)k->n_fields;
		sq_bind_text(ins, p, now), sq_bind_text(ins, p + 1, batch->who), sq_bind_int(ins, p + 2, bid);
		rc = sq_step_done(s, ins);
		if (rc != ST_OK) {
			int ext = sqlite3_extended_errcode(s->db);
			if (ext == SQLITE_CONSTRAINT_FOREIGNKEY || ext == SQLITE_CONSTRAINT_CHECK || ext == SQLITE_CONSTRAINT_NOTNULL)
				rc = ST_INVALID;
			else if (ext == SQLITE_CONSTRAINT_UNIQUE)
				rc = ST_CONFLICT;
			goto fail;
		}
	}
	rc = audit_batch(s, k, batch, recs, res->outcome, n, res, bid);
	if (rc != ST_OK)
		goto fail;
	rc = sq_commit(s);
	if (rc == ST_OK)
		res->batch_id = bid;
	return rc;
fail:
	sq_rollback(s);
	return rc;
}
