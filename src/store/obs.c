/* obs.c - observations: append-only revisions, batch writes with an
 * optimistic revision check, current values per view, cell histories, the workflow's moves.
 * The streamed writer of an import is obs_writer.c. */
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "store/db.h"
#include "store/obs_int.h"
#include "store/store.h"
#include "base/banned.h"


/* One row of OBS_COLUMNS into o, its texts copied into a, or prev's where they are the same
 * (prev NULL: none; o itself: a later revision of the same cell). */
static void read_row(struct arena *a, struct db_stmt *st, struct obs *o, const struct obs *prev)
{
	static const struct obs none;
	struct obs before;
	if (prev == o)
		before = *prev, prev = &before;
	else if (!prev)
		prev = &none;
	memset(o, 0, sizeof(*o));
	o->id = db_int(st, 0);
	o->indicator = db_text_again(a, st, 1, prev->indicator);
	o->region = db_text_again(a, st, 2, prev->region);
	o->period = db_text_again(a, st, 3, prev->period);
	o->period_t = db_double(st, 4);
	o->revision = db_int(st, 5);
	o->value = db_double(st, 6);
	if (!obs_qualifier_parse(db_peek(st, 7), &o->qualifier))
		o->qualifier = QUAL_EXACT;
	if (!obs_status_parse(db_peek(st, 8), &o->status))
		o->status = OBS_DRAFT;
	o->source = db_text_again(a, st, 9, prev->source);
	o->source_url = db_text_again(a, st, 10, prev->source_url);
	o->note = db_text_again(a, st, 11, prev->note);
	o->unit_given = db_text_again(a, st, 12, prev->unit_given);
	o->has_value_given = !db_is_null(st, 13);
	o->value_given = db_double(st, 13);
	o->reason = db_text_again(a, st, 14, prev->reason);
	o->created_at = db_text_again(a, st, 15, prev->created_at);
	o->created_by = db_text_again(a, st, 16, prev->created_by);
	o->batch_id = db_int(st, 17);
	o->publisher = db_text_again(a, st, 18, prev->publisher);
	o->title = db_text_again(a, st, 19, prev->title);
	o->published = db_text_again(a, st, 20, prev->published);
}

void obs_read_row(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	(void)ctx;
	read_row(a, st, elem, NULL);
}

/* Run st and collect every row as a struct obs. */
enum status obs_collect(struct db_stmt *st, struct arena *a, struct obs **rows, size_t *n)
{
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**rows), 64, obs_read_row, NULL, &v, n);
	*rows = v;
	return rc;
}

/* Cells are looked up and revisions written OBS_CHUNK at a time: one statement for many rows,
 * so an import of 50,000 values costs a few hundred round trips to a database server, not
 * 150,000 (and SQLite fewer statement runs). Chunks have a power-of-two size (db_chunk), so a
 * connection prepares a handful of such statements, whatever the batch sizes. */
#define OBS_CHUNK 128u

/* "(VALUES (?,?,?,0),(?,?,?,1),...) k": n cells (indicator, region, period) and their index in
 * the chunk, as k.column1..k.column4 (the column names both back ends give a VALUES list). */
static const char *cells_values(struct arena *a, size_t n)
{
	struct buf b;
	buf_init(&b, 0);
	bw(&b, "(VALUES ");
	for (size_t i = 0; i < n; i++)
		bwf(&b, "%s(?,?,?,%zu)", i ? "," : "", i);
	bw(&b, ") k");
	const char *out = arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return out;
}

static void bind_cells(struct db_stmt *st, const struct obs_key *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		db_bind_text(st, (int)(3 * i + 1), keys[i].indicator);
		db_bind_text(st, (int)(3 * i + 2), keys[i].region);
		db_bind_text(st, (int)(3 * i + 3), keys[i].period);
	}
}

enum status store_obs_latest(struct store *s, struct arena *a, const struct obs_key *keys, size_t n, struct obs **out)
{
	struct arena *t = arena_new();
	enum status rc = ST_OK;
	struct db_stmt *st = NULL;
	size_t st_n = 0;
	for (size_t from = 0, k; rc == ST_OK && from < n; from += k) {
		k = db_chunk(n - from, OBS_CHUNK);
		if (k != st_n) { /* a full chunk's statement serves every full chunk */
			st = db_prep(s, t,
				     arena_printf(t,
						  "SELECT " OBS_COLUMNS ", k.column4 FROM %s JOIN observations o ON o.indicator = k.column1"
						  " AND o.region = k.column2 AND o.period = k.column3 AND o.revision = (SELECT"
						  " max(i.revision) FROM observations i WHERE i.indicator = k.column1 AND i.region = k.column2"
						  " AND i.period = k.column3)",
						  cells_values(t, k)));
			st_n = k;
		}
		if (!st) {
			rc = ST_STORE;
			break;
		}
		for (size_t i = 0; i < k; i++)
			out[from + i] = NULL;
		bind_cells(st, keys + from, k);
		enum db_step r;
		while ((r = db_step(st)) == DB_STEP_ROW) {
			long long i = db_int(st, 21);
			if (i < 0 || (size_t)i >= k)
				continue;
			out[from + (size_t)i] = arena_alloc(a, sizeof(struct obs));
			obs_read_row(a, st, out[from + (size_t)i], NULL);
		}
		db_reset(st);
		rc = r == DB_STEP_DONE ? ST_OK : ST_STORE;
	}
	arena_free(t);
	return rc;
}

enum status obs_collect_newest(struct db_stmt *st, struct arena *a, size_t max_rows, struct obs **rows, size_t *n)
{
	size_t k = 0, n_read = 0;
	struct db_rows grow;
	db_rows_init(&grow, a, sizeof(struct obs), 64);
	struct obs *out = *grow.held;
	enum db_step r;
	*rows = NULL;
	*n = 0;
	while ((r = db_step(st)) == DB_STEP_ROW) {
		if (max_rows && ++n_read > max_rows)
			break;
		const char *ind = db_peek(st, 1), *reg = db_peek(st, 2), *per = db_peek(st, 3);
		struct obs *last = k ? &out[k - 1] : NULL;
		if (last && strcmp(last->indicator, ind) == 0 && strcmp(last->region, reg) == 0 &&
		    strcmp(last->period, per) == 0) {
			read_row(a, st, last, last); /* a later revision of the same cell */
			continue;
		}
		out = db_rows_room(&grow, k);
		read_row(a, st, &out[k], k ? &out[k - 1] : NULL);
		k++;
	}
	db_reset(st);
	if (r == DB_STEP_ROW)
		return ST_TOO_LARGE;
	if (r != DB_STEP_DONE)
		return ST_STORE;
	*rows = db_rows_done(&grow, k);
	*n = k;
	return ST_OK;
}

json_t *obs_state_json(const struct obs *o, int revision, enum obs_status st)
{
	return json_pack("{s:i, s:f, s:s, s:s}", "revision", revision, "value", o->value, "qualifier",
			 obs_qualifier_name(o->qualifier), "status", obs_status_name(st));
}


/* One audit event per batch: the counts, and every cell with its state before (the previous
 * revision's number) and after when the batch is small; always a SHA-256 digest over every
 * written cell (indicator, region, period, revision, value, status), so the event pins exactly
 * what was written while the rows themselves stay in observations with their batch id. */
static enum status audit_batch(struct store *s, const struct obs_batch *batch, const struct obs *rows, size_t n,
			       long long bid)
{
	crypto_hash_sha256_state h;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1], line[512];
	json_t *cells = n <= AUDIT_CELLS_LISTED ? json_array() : NULL;
	crypto_hash_sha256_init(&h);
	for (size_t i = 0; i < n; i++) {
		const struct obs *o = &rows[i];
		int len = snprintf(line, sizeof(line), "%s\x1f%s\x1f%s\x1f%d\x1f%.17g\x1f%s\n", o->indicator, o->region,
				   o->period, o->revision, o->value, obs_status_name(o->status));
		crypto_hash_sha256_update(&h, (const unsigned char *)line, len > 0 ? (size_t)len : 0);
		if (cells)
			json_array_append_new(cells, json_pack("{s:s, s:s, s:s, s:o, s:o}", "indicator", o->indicator, "region",
							       o->region, "period", o->period, "before",
							       o->revision > 1 ? json_pack("{s:i}", "revision", o->revision - 1) : json_null(),
							       "after", obs_state_json(o, o->revision, o->status)));
	}
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	json_t *after = json_pack("{s:s?, s:s?, s:i, s:i, s:i, s:i, s:s}", "file", batch->source_file, "sha256",
				  batch->file_sha256, "written", (json_int_t)n, "new", (json_int_t)batch->n_new, "revised",
				  (json_int_t)batch->n_revised, "unchanged", (json_int_t)batch->n_unchanged, "cells_digest", hex);
	if (after && cells)
		json_object_set_new(after, "cells", cells);
	else
		json_decref(cells);
	char *text = after ? json_dumps(after, JSON_COMPACT) : NULL;
	json_decref(after);
	char id[32];
	snprintf(id, sizeof(id), "%lld", bid);
	enum status rc = text ? db_audit(s, batch->action ? batch->action : "values.write", "observations",
					bid ? id : NULL, NULL, text)
			      : db_fail(s, "cannot encode the audit record");
	free(text);
	return rc;
}


/* Bind revision o (its status and reason as they are) by who at now, in batch bid (0: none), to
 * the parameters after p of an insert, run before any of the texts changes (they are borrowed). */
void obs_bind_insert(struct db_stmt *ins, int p, const struct obs *o, const char *now, const char *who, long long bid)
{
	const char *texts[] = {o->indicator, o->region, o->period, obs_qualifier_name(o->qualifier), obs_status_name(o->status),
			       o->source, o->source_url, o->note, o->unit_given, o->reason, now, who, o->publisher, o->title,
			       o->published};
	static const int at[] = {1, 2, 3, 7, 8, 9, 10, 11, 12, 14, 15, 16, 18, 19, 20};
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++)
		db_bind_text_borrowed(ins, p + at[i], texts[i]);
	db_bind_double(ins, p + 4, o->period_t), db_bind_int(ins, p + 5, o->revision), db_bind_double(ins, p + 6, o->value);
	db_bind_opt_double(ins, p + 13, o->has_value_given, o->value_given);
	db_bind_opt_int(ins, p + 17, bid != 0, bid);
}

/* An INSERT of n revisions. */
const char *obs_insert_rows_sql(struct arena *a, size_t n)
{
	struct buf b;
	buf_init(&b, 0);
	bw(&b, OBS_INSERT_HEAD);
	for (size_t i = 0; i < n; i++)
		bw(&b, i ? ",(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	const char *out = arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return out;
}

/* Inside the write transaction: every row's revision must be its cell's newest + 1 (or, for a
 * cell's second row in the batch, its first row's + 1). ST_CONFLICT naming the first that is not. */
static enum status check_revisions(struct store *s, struct arena *a, const struct obs *rows, size_t n)
{
	struct obs_key *keys = arena_alloc(a, (n ? n : 1) * sizeof(*keys));
	long long *have = arena_alloc(a, (n ? n : 1) * sizeof(*have));
	for (size_t i = 0; i < n; i++)
		keys[i] = (struct obs_key){rows[i].indicator, rows[i].region, rows[i].period}, have[i] = -1;
	struct db_stmt *st = NULL;
	size_t st_n = 0;
	for (size_t from = 0, k; from < n; from += k) {
		k = db_chunk(n - from, OBS_CHUNK);
		if (k != st_n) {
			st = db_prep(s, a,
				     arena_printf(a,
						  "SELECT k.column4, (SELECT coalesce(max(o.revision), 0) FROM observations o"
						  " WHERE o.indicator = k.column1 AND o.region = k.column2 AND o.period = k.column3) FROM %s",
						  cells_values(a, k)));
			st_n = k;
		}
		if (!st)
			return ST_STORE;
		bind_cells(st, keys + from, k);
		enum db_step r;
		while ((r = db_step(st)) == DB_STEP_ROW) {
			long long i = db_int(st, 0);
			if (i >= 0 && (size_t)i < k)
				have[from + (size_t)i] = db_int(st, 1);
		}
		db_reset(st);
		if (r != DB_STEP_DONE)
			return ST_STORE;
	}
	/* a cell may come twice in one batch (a figure and its revision): then the later row follows
	 * the earlier one, not the store */
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	size_t *slot = arena_calloc(a, cap, sizeof(*slot)); /* row index + 1, the cell's last row */
	for (size_t i = 0; i < n; i++) {
		const struct obs *o = &rows[i];
		uint64_t h = 1469598103934665603ull;
		for (const char *f[] = {o->indicator, "\x1f", o->region, "\x1f", o->period}, **q = f; q < f + 5; q++)
			for (const char *c = *q; *c; c++)
				h = (h ^ (unsigned char)*c) * 1099511628211ull;
		size_t j = (size_t)h & (cap - 1);
		while (slot[j] && !(strcmp(rows[slot[j] - 1].indicator, o->indicator) == 0 &&
				    strcmp(rows[slot[j] - 1].region, o->region) == 0 && strcmp(rows[slot[j] - 1].period, o->period) == 0))
			j = (j + 1) & (cap - 1);
		long long prev = slot[j] ? rows[slot[j] - 1].revision : have[i];
		slot[j] = i + 1;
		if (prev != o->revision - 1) {
			db_fail(s, "the value of %s / %s / %s was changed by someone else meanwhile (revision %lld, expected %d);"
				   " nothing was written",
				o->indicator, o->region, o->period, prev, o->revision - 1);
			return ST_CONFLICT;
		}
	}
	return ST_OK;
}

enum status store_obs_write(struct store *s, const struct obs_batch *batch, const struct obs *rows, size_t n,
			    long long *batch_id)
{
	struct arena *a = arena_new();
	char now[32];
	enum status rc;
	db_now(now);
	*batch_id = 0;
	long long upload_id = s->commit_upload_id;
	s->commit_upload_id = 0;
	struct db_stmt *ins = NULL;
	size_t ins_n = 0;
	rc = db_begin(s);
	if (rc != ST_OK)
		goto out;
	long long bid = 0;
	if (batch->is_import) {
		const struct db_batch b = {batch->who, batch->source_file, batch->file_sha256, batch->sheet, batch->encoding,
					   batch->n_rows, batch->n_new, batch->n_revised, batch->n_unchanged};
		rc = db_import_batch(s, &b, now, &bid);
		if (rc != ST_OK)
			goto fail;
	}
	rc = check_revisions(s, a, rows, n);
	if (rc != ST_OK)
		goto fail;
	for (size_t from = 0, k; from < n; from += k) {
		k = db_chunk(n - from, OBS_INSERT_ROWS);
		if (k != ins_n) {
			ins = db_prep(s, a, obs_insert_rows_sql(a, k));
			ins_n = k;
		}
		if (!ins) {
			rc = ST_STORE;
			goto fail;
		}
		for (size_t i = 0; i < k; i++)
			obs_bind_insert(ins, (int)(OBS_INSERT_COLS * i), &rows[from + i], now, batch->who, bid);
		rc = db_run(ins);
		if (rc != ST_OK)
			goto fail;
	}
	rc = audit_batch(s, batch, rows, n, bid);
	if (rc == ST_OK && upload_id)
		rc = db_upload_mark(s, upload_id, bid);
	if (rc == ST_CONFLICT)
		db_fail(s, "the upload %lld was imported already; nothing was written", upload_id);
	if (rc != ST_OK)
		goto fail;
	rc = db_commit(s);
	if (rc == ST_OK)
		*batch_id = bid;
	goto out;
fail:
	db_rollback(s);
out:
	arena_free(a);
	return rc;
}

/* store_obs_current, of the cells whose period_t is at most max_t when max_t is a number. */
static enum status obs_current(struct store *s, struct arena *a, const char *indicator, const char *region, double max_t,
			       enum obs_view view, struct obs **rows, size_t *n)
{
	const char *statuses = view == OBS_VIEW_PUBLIC ? "('published')" : "('approved', 'published')";
	/* the revisions the view shows, in cell order and a cell's revisions oldest first (the
	 * unique index's order: no sort, no look-up per row); a cell's last one is its current
	 * value. Only the conditions given: "?1 IS NULL OR ..." would keep the planners from the
	 * indexes, a scan of every value for one indicator's. */
	char *sql = arena_printf(a,
				 "SELECT " OBS_COLUMNS " FROM observations o WHERE %s AND %s AND o.status IN %s%s"
				 " ORDER BY o.indicator, o.region, o.period, o.revision",
				 indicator ? "o.indicator = ?1" : "CAST(?1 AS TEXT) IS NULL",
				 region ? "o.region = ?2" : "CAST(?2 AS TEXT) IS NULL", statuses,
				 isnan(max_t) ? "" : " AND o.period_t <= ?3");
	struct db_stmt *st = db_prep(s, a, sql);
	*rows = NULL;
	*n = 0;
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, indicator);
	db_bind_text(st, 2, region);
	if (!isnan(max_t))
		db_bind_double(st, 3, max_t);
	enum status rc = obs_collect_newest(st, a, 0, rows, n);
	if (rc == ST_OK && *n > 1)
		qsort(*rows, *n, sizeof(**rows), obs_current_cmp);
	return rc;
}

enum status store_obs_current(struct store *s, struct arena *a, const char *indicator, const char *region,
			      enum obs_view view, struct obs **rows, size_t *n)
{
	return obs_current(s, a, indicator, region, NAN, view, rows, n);
}

enum status store_obs_current_until(struct store *s, struct arena *a, double max_t, enum obs_view view, struct obs **rows,
				    size_t *n)
{
	return obs_current(s, a, NULL, NULL, max_t, view, rows, n);
}

/* The revisions of store_obs_history: ?1 indicator, ?2 region, ?3 period (each NULL for any),
 * and ?4 the status when is_status. */
static const char *history_sql(struct arena *a, const char *indicator, const char *region, const char *period,
			       int is_status)
{
	/* only the conditions given, as store_obs_current: a cell's history is an index search */
	return arena_printf(a,
			    "SELECT " OBS_COLUMNS " FROM observations o WHERE %s AND %s AND %s%s"
			    " ORDER BY o.indicator, o.region, o.period_t, o.period, o.revision",
			    indicator ? "o.indicator = ?1" : "CAST(?1 AS TEXT) IS NULL",
			    region ? "o.region = ?2" : "CAST(?2 AS TEXT) IS NULL",
			    period ? "o.period = ?3" : "CAST(?3 AS TEXT) IS NULL", is_status ? " AND o.status = ?4" : "");
}

enum status store_obs_history(struct store *s, struct arena *a, const char *indicator, const char *region,
			      const char *period, struct obs **rows, size_t *n)
{
	struct db_stmt *st = db_prep(s, a, history_sql(a, indicator, region, period, 0));
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, indicator);
	db_bind_text(st, 2, region);
	db_bind_text(st, 3, period);
	return obs_collect(st, a, rows, n);
}

enum status store_obs_each(struct store *s, const char *indicator, const char *region, const char *period,
			   const enum obs_status *status, int (*fn)(void *ctx, const struct obs *o), void *ctx)
{
	struct arena *a = arena_new(), *row = arena_new();
	enum status rc = ST_STORE;
	struct db_stmt *st = db_prep(s, a, history_sql(a, indicator, region, period, status != NULL));
	if (st) {
		db_bind_text(st, 1, indicator);
		db_bind_text(st, 2, region);
		db_bind_text(st, 3, period);
		if (status)
			db_bind_text(st, 4, obs_status_name(*status));
		db_stream(st);
		enum db_step r;
		int is_more = 1;
		while (is_more && (r = db_step(st)) == DB_STEP_ROW) {
			struct obs o;
			arena_reset(row);
			obs_read_row(row, st, &o, NULL);
			is_more = fn(ctx, &o);
		}
		rc = !is_more || r == DB_STEP_DONE ? ST_OK : ST_STORE;
		db_reset(st);
	}
	arena_free(row);
	arena_free(a);
	return rc;
}

enum status store_code_exists(struct store *s, const char *table_kind, const char *code, int *exists)
{
	const char *sql = strcmp(table_kind, "indicator") == 0 ? "SELECT 1 FROM code_indicator WHERE code = ?"
			: strcmp(table_kind, "region") == 0	 ? "SELECT 1 FROM code_region WHERE code = ?"
								 : "SELECT 1 FROM code_unit WHERE code = ?";
	struct arena *a = arena_new();
	struct db_stmt *st = db_prep(s, a, sql);
	enum status rc = ST_STORE;
	*exists = 0;
	if (st) {
		db_bind_text(st, 1, code);
		rc = db_row(st);
		*exists = rc == ST_OK;
		rc = rc == ST_NOT_FOUND ? ST_OK : rc;
	}
	arena_free(a);
	return rc;
}

enum status store_obs_get(struct store *s, struct arena *a, long long id, struct obs **out)
{
	struct db_stmt *st = db_prep(s, a, "SELECT " OBS_COLUMNS " FROM observations o WHERE o.id = ?");
	if (!st)
		return ST_STORE;
	db_bind_int(st, 1, id);
	enum status rc = db_row(st);
	if (rc != ST_OK)
		return rc;
	*out = arena_alloc(a, sizeof(**out));
	obs_read_row(a, st, *out, NULL);
	db_reset(st);
	return ST_OK;
}

enum status store_obs_transition(struct store *s, struct arena *a, long long id, enum obs_status to, const char *reason,
				 struct obs **out)
{
	enum status rc = db_begin(s);
	if (rc != ST_OK)
		return rc;
	struct obs *o;
	rc = store_obs_get(s, a, id, &o);
	if (rc != ST_OK)
		goto fail;
	struct db_stmt *max = db_prep(s, a, "SELECT max(revision) FROM observations WHERE indicator = ? AND region = ? AND period = ?");
	if (!max) {
		rc = ST_STORE;
		goto fail;
	}
	db_bind_text(max, 1, o->indicator), db_bind_text(max, 2, o->region), db_bind_text(max, 3, o->period);
	long long newest;
	rc = db_scalar(max, &newest);
	if (rc != ST_OK)
		goto fail;
	if (newest != o->revision) {
		rc = ST_CONFLICT;
		db_fail(s, "revision %d is no longer the newest of its cell (revision %lld is)", o->revision, newest);
		goto fail;
	}
	if (!obs_transition_allowed(o->status, to)) {
		rc = ST_CONFLICT;
		db_fail(s, "a value that is %s cannot become %s", obs_status_name(o->status), obs_status_name(to));
		goto fail;
	}
	struct obs *n = arena_alloc(a, sizeof(*n));
	*n = *o;
	n->revision = o->revision + 1;
	n->status = to;
	n->reason = reason;
	char now[32];
	db_now(now);
	struct db_stmt *ins = db_prep(s, a, arena_printf(a, "%s RETURNING id", obs_insert_rows_sql(a, 1)));
	if (ins)
		obs_bind_insert(ins, 0, n, now, db_actor(s), n->batch_id);
	rc = ins ? db_insert(ins, &n->id) : ST_STORE;
	if (rc != ST_OK)
		goto fail;
	n->created_at = arena_strdup(a, now);
	n->created_by = arena_strdup(a, db_actor(s));
	char *object = arena_printf(a, "%s/%s/%s", n->indicator, n->region, n->period);
	char *before = arena_printf(a, "{\"revision\":%d,\"status\":\"%s\"}", o->revision, obs_status_name(o->status));
	json_t *aj = json_pack("{s:i, s:s, s:s?}", "revision", n->revision, "status", obs_status_name(to), "reason", reason);
	char *after = aj ? json_dumps(aj, JSON_COMPACT) : NULL;
	json_decref(aj);
	rc = after ? db_audit(s, arena_printf(a, "values.%s", to == OBS_SUBMITTED ? "submit" : to == OBS_APPROVED ? "approve" : to == OBS_RETURNED ? "return" : "publish"),
			      "observation", object, before, after)
		   : ST_STORE;
	free(after);
	if (rc != ST_OK)
		goto fail;
	rc = db_commit(s);
	if (rc == ST_OK)
		*out = n;
	return rc;
fail:
	db_rollback(s);
	return rc;
}

/* The cells whose newest revision has status ?1 (status <> 'published' lets the partial index
 * observations_waiting serve both back ends). */
#define OBS_WAITING " FROM observations o WHERE o.status <> 'published' AND o.status = ?1" \
	"   AND o.revision = (SELECT max(i.revision) FROM observations i WHERE i.indicator = o.indicator" \
	"       AND i.region = o.region AND i.period = o.period)"

enum status store_obs_with_status(struct store *s, struct arena *a, enum obs_status st, size_t offset, size_t limit,
				  struct obs **rows, size_t *n, size_t *total)
{
	*rows = NULL, *n = 0;
	if (total) {
		long long count = 0;
		struct db_stmt *c = db_prep(s, a, "SELECT count(*)" OBS_WAITING);
		if (!c)
			return ST_STORE;
		db_bind_text(c, 1, obs_status_name(st));
		if (db_scalar(c, &count) != ST_OK)
			return ST_STORE;
		*total = (size_t)count;
	}
	struct db_stmt *q = db_prep(s, a, "SELECT " OBS_COLUMNS OBS_WAITING " ORDER BY o.id LIMIT ?2 OFFSET ?3");
	if (!q)
		return ST_STORE;
	db_bind_text(q, 1, obs_status_name(st));
	db_bind_int(q, 2, limit && limit < (size_t)LLONG_MAX ? (long long)limit : LLONG_MAX);
	db_bind_int(q, 3, offset < (size_t)LLONG_MAX ? (long long)offset : LLONG_MAX);
	return obs_collect(q, a, rows, n);
}
