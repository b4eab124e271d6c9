/* obs.c - observations: append-only revisions, batch writes with an
 * optimistic revision check, current values per view, cell histories. */
#include <jansson.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "store/db.h"
#include "store/store.h"
#include "base/banned.h"

#define OBS_COLUMNS                                                                              \
	"o.id, o.indicator, o.region, o.period, o.period_t, o.revision, o.value, o.qualifier, o.status," \
	" o.source, o.source_url, o.note, o.unit_given, o.value_given, o.reason, o.created_at,"          \
	" o.created_by, o.batch_id, o.publisher, o.title, o.published"

static void read_obs(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	(void)ctx;
	struct obs *o = elem;
	memset(o, 0, sizeof(*o));
	o->id = db_int(st, 0);
	o->indicator = db_text(a, st, 1);
	o->region = db_text(a, st, 2);
	o->period = db_text(a, st, 3);
	o->period_t = db_double(st, 4);
	o->revision = db_int(st, 5);
	o->value = db_double(st, 6);
	if (!obs_qualifier_parse(db_peek(st, 7), &o->qualifier))
		o->qualifier = QUAL_EXACT;
	if (!obs_status_parse(db_peek(st, 8), &o->status))
		o->status = OBS_DRAFT;
	o->source = db_text(a, st, 9);
	o->source_url = db_text(a, st, 10);
	o->note = db_text(a, st, 11);
	o->unit_given = db_text(a, st, 12);
	o->has_value_given = !db_is_null(st, 13);
	o->value_given = db_double(st, 13);
	o->reason = db_text(a, st, 14);
	o->created_at = db_text(a, st, 15);
	o->created_by = db_text(a, st, 16);
	o->batch_id = db_int(st, 17);
	o->publisher = db_text(a, st, 18);
	o->title = db_text(a, st, 19);
	o->published = db_text(a, st, 20);
}

/* Run st and collect every row as a struct obs. */
static enum status collect_obs(struct db_stmt *st, struct arena *a, struct obs **rows, size_t *n)
{
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**rows), 64, read_obs, NULL, &v, n);
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
			read_obs(a, st, out[from + (size_t)i], NULL);
		}
		db_reset(st);
		rc = r == DB_STEP_DONE ? ST_OK : ST_STORE;
	}
	arena_free(t);
	return rc;
}

static json_t *obs_state(const struct obs *o, int revision, enum obs_status st)
{
	return json_pack("{s:i, s:f, s:s, s:s}", "revision", revision, "value", o->value, "qualifier",
			 obs_qualifier_name(o->qualifier), "status", obs_status_name(st));
}

#define AUDIT_CELLS_LISTED 200u /* a larger batch is recorded by count and digest */

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
							       "after", obs_state(o, o->revision, o->status)));
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

#define OBS_INSERT_COLS 20
#define OBS_INSERT_HEAD                                                                              \
	"INSERT INTO observations (indicator, region, period, period_t, revision, value, qualifier, status,"  \
	" source, source_url, note, unit_given, value_given, reason, created_at, created_by, batch_id,"      \
	" publisher, title, published) VALUES "
#define OBS_INSERT_ROWS 32u /* rows of one INSERT at most: 640 parameters */

/* Bind revision o (its status and reason as they are) by who at now, in batch bid (0: none), to
 * the parameters after p of an insert, run before any of the texts changes (they are borrowed). */
static void bind_obs(struct db_stmt *ins, int p, const struct obs *o, const char *now, const char *who, long long bid)
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
static const char *insert_rows_sql(struct arena *a, size_t n)
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
			ins = db_prep(s, a, insert_rows_sql(a, k));
			ins_n = k;
		}
		if (!ins) {
			rc = ST_STORE;
			goto fail;
		}
		for (size_t i = 0; i < k; i++)
			bind_obs(ins, (int)(OBS_INSERT_COLS * i), &rows[from + i], now, batch->who, bid);
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

/* ---- revisions written one at a time (a streamed import) -------------------------------- */

/* One batch of revisions being written inside the caller's transaction: its import batch
 * (opened first, closed with the counts at the end), and the audit event's material gathered
 * row by row as audit_batch gathers it for a whole batch.
 * Revisions are held and written many to an INSERT (OBS_INSERT_ROWS on SQLite, where a
 * statement a row costs more than the row; OBS_HELD where every statement is a round trip,
 * PostgreSQL), and before anything that must see them (a look-up or a put of a held cell, the
 * end). On PostgreSQL a look-up also reads the newest revisions of its whole
 * indicator at once (of its indicator and region when the indicator has more than
 * OBS_GROUP_MAX cells; a cell alone when the region has too), so a file costs a statement per
 * indicator and one per OBS_HELD revisions instead of two per cell. Writers take turns (db.h:
 * begin), so what the writer read stays true until it commits; the group notes every cell
 * written since it was read, and is read again past OBS_GROUP_MAX of them (memory stays
 * bounded). PostgreSQL still checks every row's keys as it inserts it. */
#define OBS_HELD 256u /* 5,120 parameters (PostgreSQL takes 65,535) */
#define OBS_GROUP_MAX 4096u

struct group_slot {
	const char *region, *period; /* NULL: a free place */
	long row;                    /* in the group's rows; -1: a cell written since the group was read */
	int is_stale;                /* the row's cell was written since: look it up alone */
};

struct obs_group { /* the newest revisions of one indicator (or of one of its regions) */
	char *indicator, *region; /* region NULL: every region */
	struct obs *rows;
	size_t n;
	struct group_slot *slots; /* open addressing; cap a power of 2, at most half used */
	size_t cap, used, n_written;
	int is_whole; /* every cell of the group is in rows or slots (else a cell is looked up alone) */
};

struct obs_writer {
	struct store *s;
	const struct obs_batch *batch;
	struct arena *a;
	struct db_stmt *cur, *latest;
	long long bid;
	long long upload_id; /* the upload this import commits (store_upload_commit_next), 0 none */
	char now[32];
	size_t n;
	/* the cell writer_latest read last in this transaction and its newest revision then: a
	 * revision of it that follows needs no second look-up (writers take turns) */
	char seen[512];
	int seen_revision;
	EVP_MD_CTX *digest;
	json_t *cells; /* NULL past AUDIT_CELLS_LISTED */
	int is_grouped;   /* look-ups read a whole indicator at once (PostgreSQL) */
	size_t held_max;  /* revisions to an INSERT: OBS_HELD where a statement is a round trip, else OBS_INSERT_ROWS */
	struct obs *held; /* held_max places; copies in held_a */
	enum status failed; /* a write that failed: nothing more is written */
	size_t n_held;
	struct arena *held_a, *group_a;
	struct db_stmt *ins_k[9]; /* an INSERT of 2^i rows */
	struct db_stmt *group_ind, *group_reg;
	struct obs_group group;
	char *big_indicator; /* the last indicator found to have more than OBS_GROUP_MAX cells */
};

static void obs_writer_release(void *p)
{
	struct obs_writer *w = p;
	EVP_MD_CTX_free(w->digest);
	json_decref(w->cells);
	arena_free(w->held_a);
	arena_free(w->group_a);
}

static char *dup_opt(struct arena *a, const char *t)
{
	return t ? arena_strdup(a, t) : NULL;
}

/* o with its texts copied into a. */
static void obs_copy(struct arena *a, struct obs *dst, const struct obs *o)
{
	*dst = *o;
	dst->indicator = dup_opt(a, o->indicator), dst->region = dup_opt(a, o->region), dst->period = dup_opt(a, o->period);
	dst->source = dup_opt(a, o->source), dst->source_url = dup_opt(a, o->source_url), dst->note = dup_opt(a, o->note);
	dst->publisher = dup_opt(a, o->publisher), dst->title = dup_opt(a, o->title), dst->published = dup_opt(a, o->published);
	dst->unit_given = dup_opt(a, o->unit_given), dst->reason = dup_opt(a, o->reason);
	dst->created_at = dup_opt(a, o->created_at), dst->created_by = dup_opt(a, o->created_by);
}

static int same_cell(const struct obs *o, const struct obs_key *k)
{
	return strcmp(o->indicator, k->indicator) == 0 && strcmp(o->region, k->region) == 0 && strcmp(o->period, k->period) == 0;
}

/* Write the held revisions. A failure sticks: nothing more is written (the caller rolls back). */
static enum status writer_flush(struct obs_writer *w)
{
	enum status rc = w->failed;
	for (size_t from = 0, k; rc == ST_OK && from < w->n_held; from += k) {
		k = db_chunk(w->n_held - from, w->held_max);
		size_t i = 0;
		while (((size_t)1 << i) < k)
			i++;
		if (!w->ins_k[i] && !(w->ins_k[i] = db_prep(w->s, w->a, insert_rows_sql(w->a, k)))) {
			rc = ST_STORE;
			break;
		}
		for (size_t j = 0; j < k; j++)
			bind_obs(w->ins_k[i], (int)(OBS_INSERT_COLS * j), &w->held[from + j], w->now, w->batch->who, w->bid);
		rc = db_run(w->ins_k[i]);
	}
	w->n_held = 0;
	arena_reset(w->held_a);
	w->failed = rc;
	return rc;
}

static size_t cell_hash(const char *region, const char *period)
{
	uint64_t h = 1469598103934665603ull;
	for (const char *c = region; *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211ull;
	h = (h ^ 0x1f) * 1099511628211ull;
	for (const char *c = period; *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211ull;
	return (size_t)h;
}

/* The place of a cell in the group: its slot, or the free one where it would go. */
static struct group_slot *slot_of(const struct obs_group *g, const char *region, const char *period)
{
	size_t j = cell_hash(region, period) & (g->cap - 1);
	while (g->slots[j].region && !(strcmp(g->slots[j].region, region) == 0 && strcmp(g->slots[j].period, period) == 0))
		j = (j + 1) & (g->cap - 1);
	return &g->slots[j];
}

static void slots_make(struct obs_group *g, struct arena *a, size_t cap)
{
	struct group_slot *old = g->slots;
	size_t old_cap = g->cap;
	g->slots = arena_calloc(a, cap, sizeof(*g->slots));
	g->cap = cap;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].region)
			*slot_of(g, old[i].region, old[i].period) = old[i];
}

/* Read the newest revisions of one indicator (region NULL) or of one of its regions: 1 when
 * there are at most OBS_GROUP_MAX, else 0 (nothing kept). */
static enum status group_read(struct obs_writer *w, const char *indicator, const char *region, int *fits)
{
	struct db_stmt **st = region ? &w->group_reg : &w->group_ind;
	if (!*st)
		*st = db_prep(w->s, w->a,
			      arena_printf(w->a,
					   "SELECT " OBS_COLUMNS " FROM observations o WHERE o.indicator = ?%s"
					   " AND o.revision = (SELECT max(i.revision) FROM observations i WHERE"
					   " i.indicator = o.indicator AND i.region = o.region AND i.period = o.period) LIMIT %u",
					   region ? " AND o.region = ?" : "", OBS_GROUP_MAX + 1));
	if (!*st)
		return ST_STORE;
	db_bind_text(*st, 1, indicator);
	if (region)
		db_bind_text(*st, 2, region);
	struct obs_group *g = &w->group;
	arena_reset(w->group_a);
	memset(g, 0, sizeof(*g));
	enum status rc = collect_obs(*st, w->group_a, &g->rows, &g->n);
	if (rc != ST_OK)
		return rc;
	*fits = g->n <= OBS_GROUP_MAX;
	g->indicator = arena_strdup(w->group_a, indicator);
	g->region = region ? arena_strdup(w->group_a, region) : NULL;
	if (!*fits) {
		g->n = 0;
		return ST_OK;
	}
	size_t cap = 64;
	while (cap < 2 * (g->n + 1))
		cap *= 2;
	slots_make(g, w->group_a, cap);
	for (size_t i = 0; i < g->n; i++) {
		struct group_slot *sl = slot_of(g, g->rows[i].region, g->rows[i].period);
		*sl = (struct group_slot){g->rows[i].region, g->rows[i].period, (long)i, 0};
		g->used++;
	}
	g->is_whole = 1;
	return ST_OK;
}

static int group_covers(const struct obs_group *g, const struct obs_key *key)
{
	return g->indicator && strcmp(g->indicator, key->indicator) == 0 && (!g->region || strcmp(g->region, key->region) == 0);
}

/* The group of key: held already, or read (after the held revisions of its indicator are
 * written, so that it sees them). */
static enum status group_load(struct obs_writer *w, const struct obs_key *key)
{
	struct obs_group *g = &w->group;
	if (group_covers(g, key))
		return ST_OK;
	for (size_t i = 0; i < w->n_held; i++)
		if (strcmp(w->held[i].indicator, key->indicator) == 0) {
			enum status rc = writer_flush(w);
			if (rc != ST_OK)
				return rc;
			break;
		}
	int fits = 0;
	enum status rc = ST_OK;
	if (!w->big_indicator || strcmp(w->big_indicator, key->indicator) != 0) {
		rc = group_read(w, key->indicator, NULL, &fits);
		if (rc == ST_OK && !fits)
			w->big_indicator = arena_strdup(w->a, key->indicator);
	}
	if (rc == ST_OK && !fits)
		rc = group_read(w, key->indicator, key->region, &fits); /* not whole when it does not fit either */
	return rc;
}

/* A revision of key is held: the group no longer says its cell's newest. Past OBS_GROUP_MAX
 * cells noted, the group is let go (read again at the next look-up). */
static void group_note(struct obs_writer *w, const struct obs_key *key)
{
	struct obs_group *g = &w->group;
	if (!group_covers(g, key) || !g->is_whole)
		return;
	struct group_slot *sl = slot_of(g, key->region, key->period);
	if (sl->region) {
		sl->is_stale = 1;
		return;
	}
	if (g->n_written == OBS_GROUP_MAX) {
		g->indicator = NULL;
		return;
	}
	*sl = (struct group_slot){arena_strdup(w->group_a, key->region), arena_strdup(w->group_a, key->period), -1, 1};
	g->n_written++;
	if (++g->used * 2 > g->cap)
		slots_make(g, w->group_a, 2 * g->cap);
}

enum status store_obs_writer_open(struct store *s, struct arena *a, const struct obs_batch *batch, struct obs_writer **out)
{
	struct obs_writer *w = arena_calloc(a, 1, sizeof(*w));
	*out = NULL;
	w->s = s;
	w->batch = batch;
	db_now(w->now);
	w->digest = EVP_MD_CTX_new();
	w->cells = json_array();
	arena_on_free(a, obs_writer_release, w);
	if (!w->digest || !w->cells || EVP_DigestInit_ex(w->digest, EVP_sha256(), NULL) != 1)
		return db_fail(s, "cannot start the digest of the cells");
	if (!s->in_tx)
		return db_fail(s, "an observation writer needs an open transaction");
	w->cur = db_prep(s, a, "SELECT coalesce(max(revision), 0) FROM observations WHERE indicator = ? AND region = ? AND period = ?");
	w->latest = db_prep(s, a,
			    "SELECT " OBS_COLUMNS " FROM observations o"
			    " WHERE o.indicator = ? AND o.region = ? AND o.period = ?"
			    " ORDER BY o.revision DESC LIMIT 1");
	w->a = a;
	if (!w->cur || !w->latest)
		return ST_STORE;
	/* revisions are held and written many to an INSERT on both drivers (a statement a row
	 * costs more than the row); a look-up of a whole indicator pays only where a statement is a
	 * round trip */
	w->is_grouped = s->drv == &db_postgres;
	w->held_max = w->is_grouped ? OBS_HELD : OBS_INSERT_ROWS;
	w->held = arena_alloc(a, w->held_max * sizeof(*w->held));
	w->held_a = arena_new();
	w->group_a = arena_new();
	if (batch->is_import) {
		/* the upload's committed mark goes with the rows: one transaction */
		w->upload_id = s->commit_upload_id;
		s->commit_upload_id = 0;
		const struct db_batch b = {batch->who, batch->source_file, batch->file_sha256, batch->sheet, batch->encoding,
					   0, 0, 0, 0};
		enum status rc = db_batch_open(s, &b, w->now, &w->bid);
		if (rc != ST_OK)
			return rc;
	}
	*out = w;
	return ST_OK;
}

enum status store_obs_put(struct obs_writer *w, const struct obs *o)
{
	struct store *s = w->s;
	char key[512];
	long long have;
	if (w->failed != ST_OK)
		return w->failed;
	snprintf(key, sizeof(key), "%s\x1f%s\x1f%s", o->indicator, o->region, o->period);
	int is_seen = w->seen[0] && strcmp(key, w->seen) == 0;
	if (is_seen) {
		have = w->seen_revision;
	} else {
		for (size_t i = 0; i < w->n_held; i++) /* the store must hold the cell's revisions held here */
			if (same_cell(&w->held[i], &(struct obs_key){o->indicator, o->region, o->period})) {
				enum status frc = writer_flush(w);
				if (frc != ST_OK)
					return frc;
				break;
			}
		db_bind_text(w->cur, 1, o->indicator), db_bind_text(w->cur, 2, o->region), db_bind_text(w->cur, 3, o->period);
		if (db_scalar(w->cur, &have) != ST_OK)
			return ST_STORE;
	}
	if (have != o->revision - 1) {
		db_fail(s, "the value of %s / %s / %s was changed by someone else meanwhile (revision %lld, expected %d);"
			   " nothing was written",
			o->indicator, o->region, o->period, have, o->revision - 1);
		return ST_CONFLICT;
	}
	obs_copy(w->held_a, &w->held[w->n_held++], o);
	if (w->is_grouped)
		group_note(w, &(struct obs_key){o->indicator, o->region, o->period});
	if (w->n_held == w->held_max) {
		enum status rc = writer_flush(w);
		if (rc != ST_OK)
			return rc;
	}
	if (is_seen)
		w->seen_revision = o->revision;
	char line[512];
	int len = snprintf(line, sizeof(line), "%s\x1f%s\x1f%s\x1f%d\x1f%.17g\x1f%s\n", o->indicator, o->region, o->period,
			   o->revision, o->value, obs_status_name(o->status));
	EVP_DigestUpdate(w->digest, line, len > 0 ? (size_t)len : 0);
	if (w->cells && json_array_size(w->cells) < AUDIT_CELLS_LISTED) {
		json_array_append_new(w->cells, json_pack("{s:s, s:s, s:s, s:o, s:o}", "indicator", o->indicator, "region",
							  o->region, "period", o->period, "before",
							  o->revision > 1 ? json_pack("{s:i}", "revision", o->revision - 1) : json_null(),
							  "after", obs_state(o, o->revision, o->status)));
	} else if (w->cells) {
		json_decref(w->cells);
		w->cells = NULL;
	}
	w->n++;
	return ST_OK;
}

/* The newest revision of key from its group, when the group knows it: 1 (*out NULL when the
 * cell has none), else 0. */
static int latest_in_group(struct obs_writer *w, struct arena *a, const struct obs_key *key, struct obs **out)
{
	const struct obs_group *g = &w->group;
	if (!group_covers(g, key) || !g->is_whole)
		return 0;
	const struct group_slot *sl = slot_of(g, key->region, key->period);
	if (sl->region && sl->is_stale)
		return 0;
	*out = NULL;
	if (sl->region) {
		*out = arena_alloc(a, sizeof(struct obs));
		obs_copy(a, *out, &g->rows[sl->row]);
	}
	return 1;
}

static void remember_seen(struct obs_writer *w, const struct obs_key *key, const struct obs *newest)
{
	int len = snprintf(w->seen, sizeof(w->seen), "%s\x1f%s\x1f%s", key->indicator, key->region, key->period);
	if (len < 0 || (size_t)len >= sizeof(w->seen))
		w->seen[0] = '\0'; /* too long to remember: the put looks again */
	w->seen_revision = newest ? newest->revision : 0;
}

enum status store_obs_writer_latest(struct obs_writer *w, struct arena *a, const struct obs_key *key, struct obs **out)
{
	*out = NULL;
	if (w->is_grouped) {
		enum status rc = group_load(w, key);
		if (rc != ST_OK)
			return rc;
		if (latest_in_group(w, a, key, out)) {
			remember_seen(w, key, *out);
			return ST_OK;
		}
	}
	/* the cell alone: the store must hold its revisions held here */
	for (size_t i = 0; i < w->n_held; i++)
		if (same_cell(&w->held[i], key)) {
			enum status rc = writer_flush(w);
			if (rc != ST_OK)
				return rc;
			break;
		}
	db_bind_text(w->latest, 1, key->indicator);
	db_bind_text(w->latest, 2, key->region);
	db_bind_text(w->latest, 3, key->period);
	enum status rc = db_row(w->latest);
	if (rc == ST_OK) {
		*out = arena_alloc(a, sizeof(struct obs));
		read_obs(a, w->latest, *out, NULL);
	}
	db_reset(w->latest);
	remember_seen(w, key, *out);
	return rc == ST_OK || rc == ST_NOT_FOUND ? ST_OK : rc;
}

enum status store_obs_writer_finish(struct obs_writer *w, size_t n_rows, size_t n_new, size_t n_revised, size_t n_unchanged,
				    long long *batch_id)
{
	struct store *s = w->s;
	const struct obs_batch *batch = w->batch;
	*batch_id = 0;
	enum status rc = writer_flush(w);
	if (rc != ST_OK)
		return rc;
	if (w->bid) {
		const struct db_batch b = {batch->who, batch->source_file, batch->file_sha256, batch->sheet, batch->encoding,
					   n_rows, n_new, n_revised, n_unchanged};
		rc = db_batch_close(s, w->bid, &b, w->now);
		if (rc != ST_OK)
			return rc;
	}
	unsigned char digest[32];
	unsigned dlen = 0;
	char hex[65];
	if (EVP_DigestFinal_ex(w->digest, digest, &dlen) != 1)
		return db_fail(s, "cannot finish the digest of the cells");
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	json_t *after = json_pack("{s:s?, s:s?, s:i, s:i, s:i, s:i, s:s}", "file", batch->source_file, "sha256",
				  batch->file_sha256, "written", (json_int_t)w->n, "new", (json_int_t)n_new, "revised",
				  (json_int_t)n_revised, "unchanged", (json_int_t)n_unchanged, "cells_digest", hex);
	if (after && w->cells) {
		json_object_set_new(after, "cells", w->cells);
		w->cells = NULL;
	}
	char *text = after ? json_dumps(after, JSON_COMPACT) : NULL;
	json_decref(after);
	char id[32];
	db_id_text(w->bid, id);
	rc = text ? db_audit(s, batch->action ? batch->action : "values.write", "observations", w->bid ? id : NULL, NULL, text)
		  : db_fail(s, "cannot encode the audit record");
	free(text);
	if (rc == ST_OK && w->upload_id) {
		rc = db_upload_mark(s, w->upload_id, w->bid);
		if (rc == ST_CONFLICT)
			db_fail(s, "the upload %lld was imported already; nothing was written", w->upload_id);
	}
	if (rc == ST_OK)
		*batch_id = w->bid;
	return rc;
}

enum status store_obs_current(struct store *s, struct arena *a, const char *indicator, const char *region,
			      enum obs_view view, struct obs **rows, size_t *n)
{
	const char *statuses = view == OBS_VIEW_PUBLIC ? "('published')" : "('approved', 'published')";
	/* only the conditions given: "?1 IS NULL OR ..." would keep the planners from the
	 * indexes, a scan of every value for one indicator's */
	char *sql = arena_printf(a,
				 "SELECT " OBS_COLUMNS " FROM observations o"
				 " WHERE %s AND %s"
				 "   AND o.status IN %s"
				 "   AND o.revision = (SELECT max(i.revision) FROM observations i WHERE i.indicator = o.indicator"
				 "       AND i.region = o.region AND i.period = o.period AND i.status IN %s)"
				 " ORDER BY o.indicator, o.region, o.period_t, length(o.period)",
				 indicator ? "o.indicator = ?1" : "CAST(?1 AS TEXT) IS NULL",
				 region ? "o.region = ?2" : "CAST(?2 AS TEXT) IS NULL", statuses, statuses);
	struct db_stmt *st = db_prep(s, a, sql);
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, indicator);
	db_bind_text(st, 2, region);
	return collect_obs(st, a, rows, n);
}

enum status store_obs_history(struct store *s, struct arena *a, const char *indicator, const char *region,
			      const char *period, struct obs **rows, size_t *n)
{
	/* only the conditions given, as store_obs_current: a cell's history is an index search */
	struct db_stmt *st = db_prep(s, a,
				     arena_printf(a,
						  "SELECT " OBS_COLUMNS " FROM observations o WHERE %s AND %s AND %s"
						  " ORDER BY o.indicator, o.region, o.period_t, o.period, o.revision",
						  indicator ? "o.indicator = ?1" : "CAST(?1 AS TEXT) IS NULL",
						  region ? "o.region = ?2" : "CAST(?2 AS TEXT) IS NULL",
						  period ? "o.period = ?3" : "CAST(?3 AS TEXT) IS NULL"));
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, indicator);
	db_bind_text(st, 2, region);
	db_bind_text(st, 3, period);
	return collect_obs(st, a, rows, n);
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
	read_obs(a, st, *out, NULL);
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
	struct db_stmt *ins = db_prep(s, a, arena_printf(a, "%s RETURNING id", insert_rows_sql(a, 1)));
	if (ins)
		bind_obs(ins, 0, n, now, db_actor(s), n->batch_id);
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

enum status store_obs_with_status(struct store *s, struct arena *a, enum obs_status st, struct obs **rows, size_t *n)
{
	struct db_stmt *q = db_prep(s, a,
				  "SELECT " OBS_COLUMNS " FROM observations o WHERE o.status = ?"
				  "   AND o.revision = (SELECT max(i.revision) FROM observations i WHERE i.indicator = o.indicator"
				  "       AND i.region = o.region AND i.period = o.period)"
				  " ORDER BY o.id");
	if (!q)
		return ST_STORE;
	db_bind_text(q, 1, obs_status_name(st));
	return collect_obs(q, a, rows, n);
}
