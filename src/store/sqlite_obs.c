/* sqlite_obs.c - observations in SQLite: append-only revisions, batch writes with an
 * optimistic revision check, current values per view, cell histories. */
#include <jansson.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "store/store.h"
#include "base/banned.h"

#define OBS_COLUMNS                                                                              \
	"o.id, o.indicator, o.region, o.period, o.period_t, o.revision, o.value, o.qualifier, o.status," \
	" o.source, o.source_url, o.note, o.unit_given, o.value_given, o.reason, o.created_at,"          \
	" o.created_by, o.batch_id, o.publisher, o.title, o.published"

static void read_obs(struct arena *a, sqlite3_stmt *st, struct obs *o)
{
	memset(o, 0, sizeof(*o));
	o->id = sqlite3_column_int64(st, 0);
	o->indicator = sq_col_text(a, st, 1);
	o->region = sq_col_text(a, st, 2);
	o->period = sq_col_text(a, st, 3);
	o->period_t = sqlite3_column_double(st, 4);
	o->revision = sqlite3_column_int(st, 5);
	o->value = sqlite3_column_double(st, 6);
	if (!obs_qualifier_parse((const char *)sqlite3_column_text(st, 7), &o->qualifier))
		o->qualifier = QUAL_EXACT;
	if (!obs_status_parse((const char *)sqlite3_column_text(st, 8), &o->status))
		o->status = OBS_DRAFT;
	o->source = sq_col_text(a, st, 9);
	o->source_url = sq_col_text(a, st, 10);
	o->note = sq_col_text(a, st, 11);
	o->unit_given = sq_col_text(a, st, 12);
	o->has_value_given = sqlite3_column_type(st, 13) != SQLITE_NULL;
	o->value_given = sqlite3_column_double(st, 13);
	o->reason = sq_col_text(a, st, 14);
	o->created_at = sq_col_text(a, st, 15);
	o->created_by = sq_col_text(a, st, 16);
	o->batch_id = sqlite3_column_int64(st, 17);
	o->publisher = sq_col_text(a, st, 18);
	o->title = sq_col_text(a, st, 19);
	o->published = sq_col_text(a, st, 20);
}

/* The one INSERT of a revision; bind_obs fills its parameters but for the status (8), the
 * reason (14), when and by whom (15, 16) and the batch (17), which the callers set. */
#define OBS_INSERT                                                                                   \
	"INSERT INTO observations (indicator, region, period, period_t, revision, value, qualifier,"    \
	" status, source, source_url, note, unit_given, value_given, reason, created_at, created_by,"   \
	" batch_id, publisher, title, published) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"

static void bind_obs(sqlite3_stmt *ins, const struct obs *o)
{
	sq_bind_text(ins, 1, o->indicator), sq_bind_text(ins, 2, o->region), sq_bind_text(ins, 3, o->period);
	sqlite3_bind_double(ins, 4, o->period_t), sq_bind_int(ins, 5, o->revision);
	sqlite3_bind_double(ins, 6, o->value), sq_bind_text(ins, 7, obs_qualifier_name(o->qualifier));
	sq_bind_text(ins, 9, o->source), sq_bind_text(ins, 10, o->source_url), sq_bind_text(ins, 11, o->note);
	sq_bind_text(ins, 12, o->unit_given), sq_bind_opt_double(ins, 13, o->has_value_given, o->value_given);
	sq_bind_text(ins, 18, o->publisher), sq_bind_text(ins, 19, o->title), sq_bind_text(ins, 20, o->published);
}

/* Step st and collect every row as a struct obs. */
static enum status collect_obs(struct store *s, struct arena *a, sqlite3_stmt *st, struct obs **rows, size_t *n)
{
	size_t cap = 64;
	int rc;
	*rows = sq_grow(a, NULL, &cap, 0, sizeof(**rows));
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*rows = sq_grow(a, *rows, &cap, *n, sizeof(**rows));
		read_obs(a, st, &(*rows)[(*n)++]);
	}
	return sq_done(s, rc);
}

enum status store_obs_latest(struct store *s, struct arena *a, const struct obs_key *keys, size_t n, struct obs **out)
{
	sqlite3_stmt *st = sq_prep(s, a,
				   "SELECT " OBS_COLUMNS " FROM observations o"
				   " WHERE o.indicator = ? AND o.region = ? AND o.period = ?"
				   " ORDER BY o.revision DESC LIMIT 1");
	if (!st)
		return ST_STORE;
	for (size_t i = 0; i < n; i++) {
		sq_bind_text(st, 1, keys[i].indicator);
		sq_bind_text(st, 2, keys[i].region);
		sq_bind_text(st, 3, keys[i].period);
		int rc = sqlite3_step(st);
		out[i] = NULL;
		if (rc == SQLITE_ROW) {
			out[i] = arena_alloc(a, sizeof(struct obs));
			read_obs(a, st, out[i]);
		} else if (rc != SQLITE_DONE) {
			sqlite3_reset(st);
			return sq_fail(s, "%s", sqlite3_errmsg(s->db));
		}
		sqlite3_reset(st);
	}
	return ST_OK;
}

static json_t *obs_state(const struct obs *o, int revision, enum obs_status st)
{
	return json_pack("{s:i, s:f, s:s, s:s}", "revision", revision, "value", o->value, "qualifier",
			 obs_qualifier_name(o->qualifier), "status", obs_status_name(st));
}

#define AUDIT_CELLS_LISTED 200u /* a larger batch is recorded by count and digest */

/* One batch of revisions being written: its import batch (opened first, closed with the counts
 * at the end), and the audit event's material gathered row by row: a SHA-256 digest over every
 * written cell (indicator, region, period, revision, value, status) and, while the batch is
 * small, every cell with its state before (the previous revision's number) and after, so the
 * event pins exactly what was written while the rows themselves stay in observations. */
struct obs_writer {
	struct store *s;
	const struct obs_batch *batch;
	struct arena *a;
	sqlite3_stmt *cur, *ins, *latest;
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
};

static void obs_writer_release(void *p)
{
	struct obs_writer *w = p;
	EVP_MD_CTX_free(w->digest);
	json_decref(w->cells);
}

enum status store_obs_writer_open(struct store *s, struct arena *a, const struct obs_batch *batch, struct obs_writer **out)
{
	struct obs_writer *w = arena_calloc(a, 1, sizeof(*w));
	*out = NULL;
	w->s = s;
	w->batch = batch;
	sq_now(w->now);
	w->digest = EVP_MD_CTX_new();
	w->cells = json_array();
	arena_on_free(a, obs_writer_release, w);
	if (!w->digest || !w->cells || EVP_DigestInit_ex(w->digest, EVP_sha256(), NULL) != 1)
		return sq_fail(s, "cannot start the digest of the cells");
	if (!s->in_tx)
		return sq_fail(s, "an observation writer needs an open transaction");
	w->cur = sq_prep(s, a, "SELECT coalesce(max(revision), 0) FROM observations WHERE indicator = ? AND region = ? AND period = ?");
	w->ins = sq_prep(s, a, OBS_INSERT);
	w->latest = sq_prep(s, a,
			    "SELECT " OBS_COLUMNS " FROM observations o"
			    " WHERE o.indicator = ? AND o.region = ? AND o.period = ?"
			    " ORDER BY o.revision DESC LIMIT 1");
	w->a = a;
	if (!w->cur || !w->ins || !w->latest)
		return ST_STORE;
	if (batch->is_import) {
		/* the upload's committed mark goes with the rows: one transaction */
		w->upload_id = s->commit_upload_id;
		s->commit_upload_id = 0;
		enum status rc = sq_batch_open(s, a, w->now, batch->who, batch->source_file, batch->file_sha256, batch->sheet,
					       batch->encoding, &w->bid);
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
	int have;
	snprintf(key, sizeof(key), "%s\x1f%s\x1f%s", o->indicator, o->region, o->period);
	if (w->seen[0] && strcmp(key, w->seen) == 0) {
		have = w->seen_revision;
	} else {
		sq_bind_text(w->cur, 1, o->indicator), sq_bind_text(w->cur, 2, o->region), sq_bind_text(w->cur, 3, o->period);
		have = sqlite3_step(w->cur) == SQLITE_ROW ? sqlite3_column_int(w->cur, 0) : -1;
		sqlite3_reset(w->cur);
	}
	if (have != o->revision - 1) {
		sq_fail(s, "the value of %s / %s / %s was changed by someone else meanwhile (revision %d, expected %d); nothing was written",
			o->indicator, o->region, o->period, have, o->revision - 1);
		return ST_CONFLICT;
	}
	bind_obs(w->ins, o);
	sq_bind_text(w->ins, 8, obs_status_name(o->status)), sq_bind_text(w->ins, 14, o->reason);
	sq_bind_text(w->ins, 15, w->now), sq_bind_text(w->ins, 16, w->batch->who);
	sq_bind_opt_int(w->ins, 17, w->bid != 0, w->bid);
	enum status rc = sq_step_done(s, w->ins);
	if (rc != ST_OK)
		return rc;
	if (w->seen[0] && strcmp(key, w->seen) == 0)
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

enum status store_obs_writer_latest(struct obs_writer *w, struct arena *a, const struct obs_key *key, struct obs **out)
{
	sq_bind_text(w->latest, 1, key->indicator);
	sq_bind_text(w->latest, 2, key->region);
	sq_bind_text(w->latest, 3, key->period);
	int rc = sqlite3_step(w->latest);
	*out = NULL;
	if (rc == SQLITE_ROW) {
		*out = arena_alloc(a, sizeof(struct obs));
		read_obs(a, w->latest, *out);
	}
	sqlite3_reset(w->latest);
	int len = snprintf(w->seen, sizeof(w->seen), "%s\x1f%s\x1f%s", key->indicator, key->region, key->period);
	if (len < 0 || (size_t)len >= sizeof(w->seen))
		w->seen[0] = '\0'; /* too long to remember: the put looks again */
	w->seen_revision = *out ? (*out)->revision : 0;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : sq_fail(w->s, "%s", sqlite3_errmsg(w->s->db));
}

enum status store_obs_writer_finish(struct obs_writer *w, size_t n_rows, size_t n_new, size_t n_revised, size_t n_unchanged,
				    long long *batch_id)
{
	struct store *s = w->s;
	*batch_id = 0;
	enum status rc;
	if (w->bid) {
		rc = sq_batch_close(s, w->a, w->bid, w->now, n_rows, n_new, n_revised, n_unchanged);
		if (rc != ST_OK)
			return rc;
	}
	unsigned char digest[32];
	unsigned dlen = 0;
	char hex[65];
	if (EVP_DigestFinal_ex(w->digest, digest, &dlen) != 1)
		return sq_fail(s, "cannot finish the digest of the cells");
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	const struct obs_batch *batch = w->batch;
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
	snprintf(id, sizeof(id), "%lld", w->bid);
	rc = text ? sq_audit(s, batch->action ? batch->action : "values.write", "observations", w->bid ? id : NULL, NULL, text)
		  : sq_fail(s, "cannot encode the audit record");
	free(text);
	if (rc == ST_OK && w->upload_id) {
		rc = sq_upload_mark(s, w->upload_id, w->bid);
		if (rc == ST_CONFLICT)
			sq_fail(s, "the upload %lld was imported already; nothing was written", w->upload_id);
	}
	if (rc == ST_OK)
		*batch_id = w->bid;
	return rc;
}

enum status store_obs_write(struct store *s, const struct obs_batch *batch, const struct obs *rows, size_t n,
			    long long *batch_id)
{
	struct arena *a = arena_new();
	*batch_id = 0;
	enum status rc = sq_begin(s);
	if (rc != ST_OK)
		goto out;
	struct obs_writer *w;
	rc = store_obs_writer_open(s, a, batch, &w);
	for (size_t i = 0; rc == ST_OK && i < n; i++)
		rc = store_obs_put(w, &rows[i]);
	if (rc == ST_OK)
		rc = store_obs_writer_finish(w, batch->n_rows, batch->n_new, batch->n_revised, batch->n_unchanged, batch_id);
	if (rc == ST_OK)
		rc = sq_commit(s);
	else
		sq_rollback(s);
	if (rc != ST_OK)
		*batch_id = 0;
out:
	arena_free(a);
	return rc;
}

enum status store_obs_current(struct store *s, struct arena *a, const char *indicator, const char *region,
			      enum obs_view view, struct obs **rows, size_t *n)
{
	const char *statuses = view == OBS_VIEW_PUBLIC ? "('published')" : "('approved', 'published')";
	char *sql = arena_printf(a,
				 "SELECT " OBS_COLUMNS " FROM observations o"
				 " WHERE (?1 IS NULL OR o.indicator = ?1) AND (?2 IS NULL OR o.region = ?2)"
				 "   AND o.status IN %s"
				 "   AND o.revision = (SELECT max(i.revision) FROM observations i WHERE i.indicator = o.indicator"
				 "       AND i.region = o.region AND i.period = o.period AND i.status IN %s)"
				 " ORDER BY o.indicator, o.region, o.period_t, length(o.period)",
				 statuses, statuses);
	sqlite3_stmt *st = sq_prep(s, a, sql);
	if (!st)
		return ST_STORE;
	sq_bind_text(st, 1, indicator);
	sq_bind_text(st, 2, region);
	return collect_obs(s, a, st, rows, n);
}

enum status store_obs_history(struct store *s, struct arena *a, const char *indicator, const char *region,
			      const char *period, struct obs **rows, size_t *n)
{
	sqlite3_stmt *st = sq_prep(s, a,
				   "SELECT " OBS_COLUMNS " FROM observations o"
				   " WHERE (?1 IS NULL OR o.indicator = ?1) AND (?2 IS NULL OR o.region = ?2)"
				   "   AND (?3 IS NULL OR o.period = ?3)"
				   " ORDER BY o.indicator, o.region, o.period_t, o.period, o.revision");
	if (!st)
		return ST_STORE;
	sq_bind_text(st, 1, indicator);
	sq_bind_text(st, 2, region);
	sq_bind_text(st, 3, period);
	return collect_obs(s, a, st, rows, n);
}

enum status store_code_exists(struct store *s, const char *table_kind, const char *code, int *exists)
{
	const char *sql = strcmp(table_kind, "indicator") == 0 ? "SELECT 1 FROM code_indicator WHERE code = ?"
			: strcmp(table_kind, "region") == 0	 ? "SELECT 1 FROM code_region WHERE code = ?"
								 : "SELECT 1 FROM code_unit WHERE code = ?";
	struct arena *a = arena_new();
	sqlite3_stmt *st = sq_prep(s, a, sql);
	enum status rc = ST_OK;
	*exists = 0;
	if (!st) {
		rc = ST_STORE;
	} else {
		sq_bind_text(st, 1, code);
		int r = sqlite3_step(st);
		if (r == SQLITE_ROW)
			*exists = 1;
		else if (r != SQLITE_DONE)
			rc = sq_fail(s, "%s", sqlite3_errmsg(s->db));
	}
	arena_free(a);
	return rc;
}

enum status store_obs_get(struct store *s, struct arena *a, long long id, struct obs **out)
{
	sqlite3_stmt *st = sq_prep(s, a, "SELECT " OBS_COLUMNS " FROM observations o WHERE o.id = ?");
	if (!st)
		return ST_STORE;
	sq_bind_int(st, 1, id);
	enum status rc = sq_row(s, st);
	if (rc != ST_OK)
		return rc;
	*out = arena_alloc(a, sizeof(**out));
	read_obs(a, st, *out);
	return ST_OK;
}

enum status store_obs_transition(struct store *s, struct arena *a, long long id, enum obs_status to, const char *reason,
				 struct obs **out)
{
	enum status rc = sq_begin(s);
	if (rc != ST_OK)
		return rc;
	struct obs *o;
	rc = store_obs_get(s, a, id, &o);
	if (rc != ST_OK)
		goto fail;
	sqlite3_stmt *max = sq_prep(s, a, "SELECT max(revision) FROM observations WHERE indicator = ? AND region = ? AND period = ?");
	if (!max) {
		rc = ST_STORE;
		goto fail;
	}
	sq_bind_text(max, 1, o->indicator), sq_bind_text(max, 2, o->region), sq_bind_text(max, 3, o->period);
	if (sqlite3_step(max) != SQLITE_ROW) {
		rc = sq_fail(s, "%s", sqlite3_errmsg(s->db));
		goto fail;
	}
	int newest = sqlite3_column_int(max, 0);
	if (newest != o->revision) {
		rc = ST_CONFLICT;
		sq_fail(s, "revision %d is no longer the newest of its cell (revision %d is)", o->revision, newest);
		goto fail;
	}
	if (!obs_transition_allowed(o->status, to)) {
		rc = ST_CONFLICT;
		sq_fail(s, "a value that is %s cannot become %s", obs_status_name(o->status), obs_status_name(to));
		goto fail;
	}
	struct obs *n = arena_alloc(a, sizeof(*n));
	*n = *o;
	n->revision = o->revision + 1;
	n->status = to;
	n->reason = reason;
	char now[32];
	sq_now(now);
	sqlite3_stmt *ins = sq_prep(s, a, OBS_INSERT);
	if (!ins) {
		rc = ST_STORE;
		goto fail;
	}
	bind_obs(ins, n);
	sq_bind_text(ins, 8, obs_status_name(to)), sq_bind_text(ins, 14, reason);
	sq_bind_text(ins, 15, now), sq_bind_text(ins, 16, s->actor[0] ? s->actor : "system");
	sq_bind_opt_int(ins, 17, n->batch_id != 0, n->batch_id);
	rc = sq_step_done(s, ins);
	if (rc != ST_OK)
		goto fail;
	n->id = sqlite3_last_insert_rowid(s->db);
	n->created_at = arena_strdup(a, now);
	n->created_by = arena_strdup(a, s->actor[0] ? s->actor : "system");
	char *object = arena_printf(a, "%s/%s/%s", n->indicator, n->region, n->period);
	char *before = arena_printf(a, "{\"revision\":%d,\"status\":\"%s\"}", o->revision, obs_status_name(o->status));
	json_t *aj = json_pack("{s:i, s:s, s:s?}", "revision", n->revision, "status", obs_status_name(to), "reason", reason);
	char *after = aj ? json_dumps(aj, JSON_COMPACT) : NULL;
	json_decref(aj);
	rc = after ? sq_audit(s, arena_printf(a, "values.%s", to == OBS_SUBMITTED ? "submit" : to == OBS_APPROVED ? "approve" : to == OBS_RETURNED ? "return" : "publish"),
			      "observation", object, before, after)
		   : ST_STORE;
	free(after);
	if (rc != ST_OK)
		goto fail;
	rc = sq_commit(s);
	if (rc == ST_OK)
		*out = n;
	return rc;
fail:
	sq_rollback(s);
	return rc;
}

enum status store_obs_with_status(struct store *s, struct arena *a, enum obs_status st, struct obs **rows, size_t *n)
{
	sqlite3_stmt *q = sq_prep(s, a,
				  "SELECT " OBS_COLUMNS " FROM observations o WHERE o.status = ?"
				  "   AND o.revision = (SELECT max(i.revision) FROM observations i WHERE i.indicator = o.indicator"
				  "       AND i.region = o.region AND i.period = o.period)"
				  " ORDER BY o.id");
	if (!q)
		return ST_STORE;
	sq_bind_text(q, 1, obs_status_name(st));
	return collect_obs(s, a, q, rows, n);
}
