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

/* "rkey, revision, "f1", "f2", ..., created_at, created_by" */
static char *column_list(struct arena *a, const struct reg_kind_info *k)
{
	char *cols = arena_strdup(a, "rkey, revision");
	for (size_t i = 0; i < k->n_fields; i++)
		cols = arena_printf(a, "%s, \"%s\"", cols, column(&k->fields[i]));
	return arena_printf(a, "%s, created_at, created_by", cols);
}

static void read_record(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	const struct reg_kind_info *k = ctx;
	struct reg_record *r = elem;
	memset(r, 0, sizeof(*r));
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
						column_list(a, k), k->name, k->name));
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
	enum status rc = db_collect(st, a, sizeof(**rows), n_keys > 0 ? (size_t)n_keys : 64, read_record, k, &v, n);
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

/* Bind record r's fields from parameter 3 on. */
static enum status bind_fields(struct store *s, const struct reg_kind_info *k, struct db_stmt *ins, const struct reg_record *r)
{
	for (size_t f = 0; f < k->n_fields; f++) {
		const char *v = r->vals[f];
		int p = 3 + (int)f;
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

enum status store_registry_write(struct store *s, struct arena *a, enum reg_kind kind, const struct reg_batch *batch,
				 struct reg_record *recs, size_t n, struct reg_write_result *res)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	char now[32];
	enum status rc;
	memset(res, 0, sizeof(*res));
	res->outcome = arena_calloc(a, n ? n : 1, 1);
	db_now(now);
	char *cols = column_list(a, k), *marks = arena_strdup(a, "?,?");
	for (size_t i = 0; i < k->n_fields + 3; i++) /* fields, created_at, created_by, batch_id */
		marks = arena_printf(a, "%s,?", marks);
	struct db_stmt *cur = db_prep(s, a,
				    arena_printf(a, "SELECT %s FROM registry_%s WHERE rkey = ? ORDER BY revision DESC LIMIT 1",
						 cols, k->name));
	struct db_stmt *ins = db_prep(s, a, arena_printf(a, "INSERT INTO registry_%s (%s, batch_id) VALUES (%s)", k->name, cols, marks));
	if (!cur || !ins)
		return ST_STORE;
	rc = db_begin(s);
	if (rc != ST_OK)
		return rc;
	/* first pass: what each record changes, read in the transaction that will write it */
	for (size_t i = 0; i < n; i++) {
		struct reg_record *r = &recs[i];
		db_bind_text(cur, 1, r->key);
		rc = db_row(cur);
		if (rc == ST_OK) {
			struct reg_record before;
			read_record(a, cur, &before, k);
			if (reg_record_same(kind, &before, r)) {
				res->outcome[i] = REG_UNCHANGED;
				r->revision = before.revision;
				res->n_unchanged++;
			} else {
				res->outcome[i] = REG_REVISED;
				r->revision = before.revision + 1;
				res->n_revised++;
			}
		} else if (rc == ST_NOT_FOUND) {
			res->outcome[i] = REG_NEW;
			r->revision = 1;
			res->n_new++;
		}
		db_reset(cur);
		if (rc == ST_STORE)
			goto fail;
	}
	if (batch->is_dry_run || res->n_new + res->n_revised == 0) {
		db_rollback(s);
		return ST_OK;
	}
	const struct db_batch b = {batch->who, batch->source_file, batch->file_sha256, batch->sheet, batch->encoding,
				   n, res->n_new, res->n_revised, res->n_unchanged};
	long long bid;
	rc = db_import_batch(s, &b, now, &bid);
	if (rc != ST_OK)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		if (res->outcome[i] == REG_UNCHANGED)
			continue;
		const struct reg_record *r = &recs[i];
		db_bind_text(ins, 1, r->key);
		db_bind_int(ins, 2, r->revision);
		rc = bind_fields(s, k, ins, r);
		if (rc != ST_OK)
			goto fail;
		int p = 3 + (int)k->n_fields;
		db_bind_text(ins, p, now), db_bind_text(ins, p + 1, batch->who), db_bind_int(ins, p + 2, bid);
		rc = db_classify(s, db_run(ins));
		if (rc != ST_OK)
			goto fail;
	}
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
