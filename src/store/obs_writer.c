/* obs_writer.c - the streamed writer of observations (store_obs_writer_*): an import's revisions
 * written one at a time inside the caller's transaction, held and written many to an INSERT (on
 * a thread of the writer's own once piped), with the import batch and the audit event gathered
 * as they go. */
#include <jansson.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/obs_int.h"
#include "store/store.h"
#include "base/banned.h"

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
 * bounded). PostgreSQL still checks every row's keys as it inserts it.
 * On SQLite a look-up costs a statement but no round trip, so cells are looked up alone, but for
 * an indicator with no revision yet (an import into a new store, a new indicator): the first
 * look-up of an indicator asks whether it has any, and when it has none, the group is that
 * indicator without rows, every cell written since noted in it, and a look-up of a cell not
 * noted is answered at once (none). A caller about to look up many cells of an indicator that
 * has revisions asks for them all at once (store_obs_writer_read_indicator: one read in the
 * unique index's order, at most OBS_SCAN_MAX revisions). Past OBS_EMPTY_NOTED cells noted, the
 * group is let go and cells are looked up alone again (memory stays bounded). */
#define OBS_HELD 256u /* 5,120 parameters (PostgreSQL takes 65,535) */
#define OBS_GROUP_MAX 4096u
#define OBS_EMPTY_NOTED 65536u
#define OBS_SCAN_MAX 16384u /* revisions store_obs_writer_read_indicator reads at most */

/* Piped (store_obs_writer_pipe), the revisions put are held OBS_PIPE_ROWS to a buffer, and a full
 * buffer is handed to the writer's thread, which writes it (OBS_INSERT_ROWS or OBS_HELD to an
 * INSERT) while the next is filled. The buffers are used in turn, by both threads in the same
 * order: two can wait to be written while the third is filled, so the writer's thread, the
 * slower, takes the next buffer without waiting to be woken. The caller's thread touches the
 * store only once every buffer handed over is written (writer_quiet): a connection is used by
 * one thread at a time. */
#define OBS_PIPE_BUFS 3
#define OBS_PIPE_ROWS 2048u

struct obs_buf {
	struct obs *rows; /* copies, their texts in a */
	struct arena *a;
	size_t n;
	int is_queued; /* handed to the writer's thread, not yet written */
};

struct obs_pipe {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv; /* a buffer queued or written, or the pipe closing */
	struct obs_buf bufs[OBS_PIPE_BUFS];
	size_t fill; /* the buffer the caller's thread fills (its rows are w->held) */
	int is_closing;
	enum status failed; /* the writer's thread's first failure: it writes nothing more */
};

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
	size_t insert_max; /* revisions to an INSERT: OBS_HELD where a statement is a round trip, else OBS_INSERT_ROWS */
	size_t held_max;   /* revisions held before they are written: insert_max, or OBS_PIPE_ROWS piped */
	struct obs *held;  /* held_max places; copies in held_a */
	unsigned short held_slot[2 * OBS_PIPE_ROWS]; /* the held by cell (open addressing): index + 1, 0 free */
	enum status failed; /* a write that failed: nothing more is written */
	size_t n_held;
	struct arena *held_a, *group_a;
	struct db_stmt *ins_k[9]; /* an INSERT of 2^i rows */
	int is_piped;
	struct obs_pipe pipe;
	struct db_stmt *group_ind, *group_reg;
	struct obs_group group;
	char *big_indicator; /* the last indicator found to have more than OBS_GROUP_MAX cells */
	struct db_stmt *any;  /* SQLite: whether an indicator has a revision */
	struct db_stmt *scan; /* SQLite: every revision of an indicator (store_obs_writer_read_indicator) */
	char probed[256];     /* SQLite: the indicator asked last ("": none, or too long to keep) */
};

static void pipe_close(struct obs_writer *w);

static void obs_writer_release(void *p)
{
	struct obs_writer *w = p;
	pipe_close(w);
	EVP_MD_CTX_free(w->digest);
	json_decref(w->cells);
	if (w->pipe.bufs[0].a) /* the buffers' arenas, held_a among them */
		for (size_t i = 0; i < OBS_PIPE_BUFS; i++)
			arena_free(w->pipe.bufs[i].a);
	else
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

static uint64_t text_hash(uint64_t h, const char *t)
{
	for (const char *c = t; *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211ull;
	return (h ^ 0x1f) * 1099511628211ull;
}

static size_t cell_hash(const char *region, const char *period)
{
	return (size_t)text_hash(text_hash(1469598103934665603ull, region), period);
}

#define HELD_SLOTS (sizeof(((struct obs_writer *)0)->held_slot) / sizeof(unsigned short))

/* The place of cell key among the held: its slot, or the free one where it would go. */
static unsigned short *held_slot_of(struct obs_writer *w, const struct obs_key *key)
{
	size_t j = (size_t)text_hash(cell_hash(key->region, key->period), key->indicator) & (HELD_SLOTS - 1);
	while (w->held_slot[j] && !same_cell(&w->held[w->held_slot[j] - 1], key))
		j = (j + 1) & (HELD_SLOTS - 1);
	return &w->held_slot[j];
}

/* Whether a revision of cell key is held (not yet written). */
static int is_held(struct obs_writer *w, const struct obs_key *key)
{
	return w->n_held && *held_slot_of(w, key);
}

/* The held places emptied. */
static void held_clear(struct obs_writer *w)
{
	if (w->n_held)
		memset(w->held_slot, 0, sizeof(w->held_slot));
	w->n_held = 0;
}

/* The INSERT of 2^i rows, prepared once (in w->a: on the caller's thread only). */
static struct db_stmt *insert_stmt(struct obs_writer *w, size_t i)
{
	if (!w->ins_k[i])
		w->ins_k[i] = db_prep(w->s, w->a, obs_insert_rows_sql(w->a, (size_t)1 << i));
	return w->ins_k[i];
}

static size_t log2_up(size_t k)
{
	size_t i = 0;
	while (((size_t)1 << i) < k)
		i++;
	return i;
}

/* Write rows[0..n), insert_max to an INSERT whose statement is prepared already. */
static enum status write_rows(struct obs_writer *w, const struct obs *rows, size_t n)
{
	enum status rc = ST_OK;
	for (size_t from = 0, k; rc == ST_OK && from < n; from += k) {
		k = db_chunk(n - from, w->insert_max);
		struct db_stmt *ins = insert_stmt(w, log2_up(k)); /* piped: prepared already */
		if (!ins)
			return ST_STORE;
		for (size_t j = 0; j < k; j++)
			obs_bind_insert(ins, (int)(OBS_INSERT_COLS * j), &rows[from + j], w->now, w->batch->who, w->bid);
		rc = db_run(ins);
	}
	return rc;
}

/* Piped: wait until every buffer handed to the writer's thread is written (the store then
 * holds all that was put but the held revisions, and the caller's thread may use it). The
 * writer's failure, which sticks. */
static enum status writer_quiet(struct obs_writer *w)
{
	if (!w->is_piped)
		return w->failed;
	struct obs_pipe *pp = &w->pipe;
	pthread_mutex_lock(&pp->mu);
	for (size_t i = 0; i < OBS_PIPE_BUFS; i++)
		while (pp->bufs[i].is_queued)
			pthread_cond_wait(&pp->cv, &pp->mu);
	enum status failed = pp->failed;
	pthread_mutex_unlock(&pp->mu);
	if (w->failed == ST_OK)
		w->failed = failed;
	return w->failed;
}

/* Piped: hand the held revisions to the writer's thread and hold the next ones in the next
 * buffer, once the writer's thread has written what it held before. */
static enum status writer_hand_over(struct obs_writer *w)
{
	struct obs_pipe *pp = &w->pipe;
	pthread_mutex_lock(&pp->mu);
	pp->bufs[pp->fill].n = w->n_held;
	pp->bufs[pp->fill].is_queued = 1;
	pthread_cond_broadcast(&pp->cv);
	pp->fill = (pp->fill + 1) % OBS_PIPE_BUFS;
	struct obs_buf *next = &pp->bufs[pp->fill];
	while (next->is_queued)
		pthread_cond_wait(&pp->cv, &pp->mu);
	enum status failed = pp->failed;
	pthread_mutex_unlock(&pp->mu);
	arena_reset(next->a);
	held_clear(w);
	w->held = next->rows, w->held_a = next->a;
	if (w->failed == ST_OK)
		w->failed = failed;
	return w->failed;
}

/* Write the held revisions (piped: hand them over and wait until they are written, with all
 * handed over before). A failure sticks: nothing more is written (the caller rolls back). */
static enum status writer_flush(struct obs_writer *w)
{
	if (w->is_piped) {
		enum status rc = w->n_held && w->failed == ST_OK ? writer_hand_over(w) : w->failed;
		return rc == ST_OK ? writer_quiet(w) : rc;
	}
	enum status rc = w->failed == ST_OK ? write_rows(w, w->held, w->n_held) : w->failed;
	held_clear(w);
	arena_reset(w->held_a);
	w->failed = rc;
	return rc;
}

/* The held places are full: write them, or hand them over (piped). */
static enum status writer_spill(struct obs_writer *w)
{
	if (w->is_piped)
		return w->failed == ST_OK ? writer_hand_over(w) : w->failed;
	return writer_flush(w);
}

/* The writer's thread: write each buffer handed over, in turn, until the pipe closes. After a
 * failure the buffers are given back unwritten. */
static void *pipe_main(void *arg)
{
	struct obs_writer *w = arg;
	struct obs_pipe *pp = &w->pipe;
	size_t at = 0;
	pthread_mutex_lock(&pp->mu);
	for (;;) {
		struct obs_buf *b = &pp->bufs[at];
		while (!b->is_queued && !pp->is_closing)
			pthread_cond_wait(&pp->cv, &pp->mu);
		if (!b->is_queued)
			break;
		enum status failed = pp->failed;
		pthread_mutex_unlock(&pp->mu);
		enum status rc = failed == ST_OK ? write_rows(w, b->rows, b->n) : failed;
		pthread_mutex_lock(&pp->mu);
		pp->failed = rc;
		b->is_queued = 0;
		pthread_cond_broadcast(&pp->cv);
		at = (at + 1) % OBS_PIPE_BUFS;
	}
	pthread_mutex_unlock(&pp->mu);
	return NULL;
}

/* Stop the writer's thread (what it was handed is written first): the writer is no longer piped. */
static void pipe_close(struct obs_writer *w)
{
	if (!w->is_piped)
		return;
	struct obs_pipe *pp = &w->pipe;
	pthread_mutex_lock(&pp->mu);
	pp->is_closing = 1;
	pthread_cond_broadcast(&pp->cv);
	pthread_mutex_unlock(&pp->mu);
	pthread_join(pp->th, NULL);
	pthread_cond_destroy(&pp->cv);
	pthread_mutex_destroy(&pp->mu);
	if (w->failed == ST_OK)
		w->failed = pp->failed;
	w->is_piped = 0;
}

enum status store_obs_writer_pipe(struct obs_writer *w)
{
	if (w->is_piped || w->failed != ST_OK)
		return w->failed;
	enum status rc = writer_flush(w);
	if (rc != ST_OK)
		return rc;
	/* every statement the writer's thread runs is prepared here: the arena is the caller's */
	for (size_t i = 0; ((size_t)1 << i) <= w->insert_max; i++)
		if (!insert_stmt(w, i))
			return w->failed = ST_STORE;
	struct obs_pipe *pp = &w->pipe;
	memset(pp, 0, sizeof(*pp));
	if (pthread_mutex_init(&pp->mu, NULL) != 0)
		return ST_OK; /* no thread: the revisions are written where they are put */
	if (pthread_cond_init(&pp->cv, NULL) != 0) {
		pthread_mutex_destroy(&pp->mu);
		return ST_OK;
	}
	for (size_t i = 0; i < OBS_PIPE_BUFS; i++) {
		struct obs_buf *b = &pp->bufs[i];
		b->rows = arena_alloc(w->a, OBS_PIPE_ROWS * sizeof(*b->rows));
		b->a = i == 0 ? w->held_a : arena_new();
	}
	w->held = pp->bufs[0].rows;
	w->held_max = OBS_PIPE_ROWS;
	if (pthread_create(&pp->th, NULL, pipe_main, w) != 0) {
		pthread_cond_destroy(&pp->cv);
		pthread_mutex_destroy(&pp->mu);
		w->held_max = w->insert_max; /* unpiped: written insert_max at a time, as before */
		return ST_OK;
	}
	w->is_piped = 1;
	return ST_OK;
}

enum status store_obs_writer_pause(struct obs_writer *w)
{
	return writer_quiet(w);
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

/* The group's rows in its slots: the group is whole. */
static void group_index(struct obs_group *g, struct arena *a)
{
	size_t cap = 64;
	while (cap < 2 * (g->n + 1))
		cap *= 2;
	slots_make(g, a, cap);
	for (size_t i = 0; i < g->n; i++) {
		*slot_of(g, g->rows[i].region, g->rows[i].period) = (struct group_slot){g->rows[i].region, g->rows[i].period, (long)i, 0};
		g->used++;
	}
	g->is_whole = 1;
}

/* Write the held revisions first when one is of indicator: a read of it then sees them. */
static enum status flush_indicator(struct obs_writer *w, const char *indicator)
{
	for (size_t i = 0; i < w->n_held; i++)
		if (strcmp(w->held[i].indicator, indicator) == 0)
			return writer_flush(w);
	return ST_OK;
}

/* Read the newest revisions of one indicator (region NULL) or of one of its regions: 1 when
 * there are at most OBS_GROUP_MAX, else 0 (nothing kept). */
static enum status group_read(struct obs_writer *w, const char *indicator, const char *region, int *fits)
{
	struct db_stmt **st = region ? &w->group_reg : &w->group_ind;
	if (writer_quiet(w) != ST_OK)
		return w->failed;
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
	enum status rc = obs_collect(*st, w->group_a, &g->rows, &g->n);
	if (rc != ST_OK)
		return rc;
	*fits = g->n <= OBS_GROUP_MAX;
	g->indicator = arena_strdup(w->group_a, indicator);
	g->region = region ? arena_strdup(w->group_a, region) : NULL;
	if (!*fits) {
		g->n = 0;
		return ST_OK;
	}
	group_index(g, w->group_a);
	return ST_OK;
}

static int group_covers(const struct obs_group *g, const struct obs_key *key)
{
	return g->indicator && strcmp(g->indicator, key->indicator) == 0 && (!g->region || strcmp(g->region, key->region) == 0);
}

/* SQLite: once per indicator (the held revisions of it written first, so that the store shows
 * them), whether it has any revision; with none, the group is the indicator without rows. */
static enum status group_probe(struct obs_writer *w, const struct obs_key *key)
{
	size_t len = strlen(key->indicator);
	long long any = 0;
	if (writer_quiet(w) != ST_OK)
		return w->failed;
	db_bind_text(w->any, 1, key->indicator);
	enum status rc = db_scalar(w->any, &any);
	if (rc != ST_OK)
		return rc;
	if (len < sizeof(w->probed))
		memcpy(w->probed, key->indicator, len + 1);
	else
		w->probed[0] = '\0';
	if (any)
		return ST_OK;
	struct obs_group *g = &w->group;
	arena_reset(w->group_a);
	memset(g, 0, sizeof(*g));
	g->indicator = arena_strdup(w->group_a, key->indicator);
	slots_make(g, w->group_a, 64);
	g->is_whole = 1;
	return ST_OK;
}

enum status store_obs_writer_read_indicator(struct obs_writer *w, const char *indicator)
{
	if (w->is_grouped || w->failed != ST_OK)
		return w->failed; /* PostgreSQL reads groups at its look-ups */
	enum status rc = flush_indicator(w, indicator);
	if (rc == ST_OK)
		rc = writer_quiet(w);
	if (rc != ST_OK)
		return rc;
	if (!w->scan && !(w->scan = db_prep(w->s, w->a,
					   arena_printf(w->a,
							"SELECT " OBS_COLUMNS " FROM observations o WHERE o.indicator = ?"
							" ORDER BY o.region, o.period, o.revision LIMIT %u",
							OBS_SCAN_MAX + 1))))
		return ST_STORE;
	struct obs_group *g = &w->group;
	arena_reset(w->group_a);
	memset(g, 0, sizeof(*g));
	db_bind_text(w->scan, 1, indicator);
	rc = obs_collect_newest(w->scan, w->group_a, OBS_SCAN_MAX, &g->rows, &g->n);
	size_t len = strlen(indicator);
	if (len < sizeof(w->probed))
		memcpy(w->probed, indicator, len + 1);
	else
		w->probed[0] = '\0';
	if (rc == ST_TOO_LARGE) { /* too many: its cells are looked up alone */
		memset(g, 0, sizeof(*g));
		return ST_OK;
	}
	if (rc != ST_OK)
		return rc;
	g->indicator = arena_strdup(w->group_a, indicator);
	group_index(g, w->group_a);
	return ST_OK;
}

/* The group of key: held already, or read (after the held revisions of its indicator are
 * written, so that it sees them). */
static enum status group_load(struct obs_writer *w, const struct obs_key *key)
{
	struct obs_group *g = &w->group;
	if (group_covers(g, key))
		return ST_OK;
	if (!w->is_grouped && w->probed[0] && strcmp(w->probed, key->indicator) == 0)
		return ST_OK; /* asked already: it had revisions, or its group was let go */
	enum status rc = flush_indicator(w, key->indicator);
	if (rc != ST_OK)
		return rc;
	if (!w->is_grouped)
		return group_probe(w, key);
	int fits = 0;
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
	if (g->n_written == (w->is_grouped ? OBS_GROUP_MAX : OBS_EMPTY_NOTED)) {
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
	w->insert_max = w->held_max = w->is_grouped ? OBS_HELD : OBS_INSERT_ROWS;
	if (!w->is_grouped && !(w->any = db_prep(s, a, "SELECT 1 FROM observations WHERE indicator = ? LIMIT 1")))
		return ST_STORE;
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

/* "indicator\x1fregion\x1fperiod" in out[cap]: 1, or 0 when it does not fit. */
static int cell_text(char *out, size_t cap, const char *indicator, const char *region, const char *period)
{
	const char *parts[3] = {indicator, region, period};
	size_t at = 0;
	for (int i = 0; i < 3; i++) {
		size_t n = strlen(parts[i]);
		if (at + n + 1 >= cap)
			return 0;
		memcpy(out + at, parts[i], n);
		at += n;
		out[at++] = i < 2 ? '\x1f' : '\0';
	}
	return 1;
}

enum status store_obs_put(struct obs_writer *w, const struct obs *o)
{
	struct store *s = w->s;
	char key[512];
	long long have;
	if (w->failed != ST_OK)
		return w->failed;
	int is_seen = cell_text(key, sizeof(key), o->indicator, o->region, o->period) && w->seen[0] && strcmp(key, w->seen) == 0;
	if (is_seen) {
		have = w->seen_revision;
	} else {
		/* the store must hold the cell's revisions held here, and all handed over */
		enum status frc = is_held(w, &(struct obs_key){o->indicator, o->region, o->period}) ? writer_flush(w) : writer_quiet(w);
		if (frc != ST_OK)
			return frc;
		db_bind_text(w->cur, 1, o->indicator), db_bind_text(w->cur, 2, o->region), db_bind_text(w->cur, 3, o->period);
		if (db_scalar(w->cur, &have) != ST_OK)
			return ST_STORE;
	}
	if (have != o->revision - 1) {
		if (writer_quiet(w) != ST_OK) /* the store's message is written by one thread at a time */
			return w->failed;
		db_fail(s, "the value of %s / %s / %s was changed by someone else meanwhile (revision %lld, expected %d);"
			   " nothing was written",
			o->indicator, o->region, o->period, have, o->revision - 1);
		return ST_CONFLICT;
	}
	const struct obs_key okey = {o->indicator, o->region, o->period};
	unsigned short *slot = held_slot_of(w, &okey);
	obs_copy(w->held_a, &w->held[w->n_held++], o);
	if (!*slot)
		*slot = (unsigned short)w->n_held;
	group_note(w, &okey);
	if (w->n_held == w->held_max) {
		enum status rc = writer_spill(w);
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
							  "after", obs_state_json(o, o->revision, o->status)));
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
	if (!cell_text(w->seen, sizeof(w->seen), key->indicator, key->region, key->period))
		w->seen[0] = '\0'; /* too long to remember: the put looks again */
	w->seen_revision = newest ? newest->revision : 0;
}

enum status store_obs_writer_latest(struct obs_writer *w, struct arena *a, const struct obs_key *key, struct obs **out)
{
	*out = NULL;
	{
		enum status rc = group_load(w, key);
		if (rc != ST_OK)
			return rc;
		if (latest_in_group(w, a, key, out)) {
			remember_seen(w, key, *out);
			return ST_OK;
		}
	}
	/* the cell alone: the store must hold its revisions held here, and all handed over */
	{
		enum status rc = is_held(w, key) ? writer_flush(w) : writer_quiet(w);
		if (rc != ST_OK)
			return rc;
	}
	db_bind_text(w->latest, 1, key->indicator);
	db_bind_text(w->latest, 2, key->region);
	db_bind_text(w->latest, 3, key->period);
	enum status rc = db_row(w->latest);
	if (rc == ST_OK) {
		*out = arena_alloc(a, sizeof(struct obs));
		obs_read_row(a, w->latest, *out, NULL);
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
