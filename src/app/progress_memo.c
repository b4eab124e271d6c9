/* progress_memo.c - progress computed once per store version and shared (see progress_memo.h).
 * An entry is counted once by the memo while it is kept and once by every arena it was handed
 * out with; the last of them to let go frees it. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "app/progress_memo.h"
#include "base/xalloc.h"
#include "base/banned.h"

struct entry {
	struct progress_memo *m;
	long long version;
	const struct plan *plan;
	enum obs_view view;
	double as_of_t;
	int is_building; /* computed by one request; the others of its key wait */
	int trends;      /* 0: not computed, 1: being computed (by one request), 2: computed */
	unsigned refs;   /* the memo's (while kept) and each holder's */
	unsigned long long used; /* when last handed out (the memo's clock), for eviction */
	size_t bytes;    /* its arena's, counted against the memo's budget while kept */
	struct arena *arena;
	struct progress_answer answer;
};

struct progress_memo {
	pthread_mutex_t mu;
	pthread_cond_t built;
	struct entry *kept[PROGRESS_MEMO_MAX];
	size_t n;
	size_t max_bytes, bytes; /* the budget, and what the kept answers take */
	unsigned long long clock, n_computed, n_shared;
};

struct progress_memo *progress_memo_new(size_t max_bytes)
{
	struct progress_memo *m = xcalloc(1, sizeof(*m));
	m->max_bytes = max_bytes;
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->built, NULL);
	return m;
}

static void entry_free(struct entry *e)
{
	arena_free(e->arena);
	free(e);
}

/* Let go of one count of e (under m->mu); the last frees it. */
static void unref_locked(struct entry *e)
{
	if (--e->refs == 0)
		entry_free(e);
}

/* Stop keeping kept[i] (under m->mu). */
static void drop_locked(struct progress_memo *m, size_t i)
{
	struct entry *e = m->kept[i];
	m->kept[i] = m->kept[--m->n];
	m->bytes -= e->bytes;
	unref_locked(e);
}

/* Where e is kept (under m->mu), or m->n when it is not. */
static size_t kept_at_locked(const struct progress_memo *m, const struct entry *e)
{
	size_t i = 0;
	while (i < m->n && m->kept[i] != e)
		i++;
	return i;
}

/* Stop keeping e if it is kept (under m->mu). */
static void forget_locked(struct progress_memo *m, struct entry *e)
{
	size_t i = kept_at_locked(m, e);
	if (i < m->n)
		drop_locked(m, i);
}

/* Count e's arena against the budget now (under m->mu; e kept and computed): the least recently
 * used of the others go while the kept answers take more than it, then e itself if it alone
 * does. */
static void fit_locked(struct progress_memo *m, struct entry *e)
{
	size_t now = arena_used(e->arena);
	m->bytes += now - e->bytes;
	e->bytes = now;
	while (m->bytes > m->max_bytes) {
		size_t victim = m->n;
		for (size_t i = 0; i < m->n; i++)
			if (m->kept[i] != e && !m->kept[i]->is_building &&
			    (victim == m->n || m->kept[i]->used < m->kept[victim]->used))
				victim = i;
		if (victim == m->n)
			break;
		drop_locked(m, victim);
	}
	if (m->bytes > m->max_bytes)
		forget_locked(m, e);
}

void progress_memo_free(struct progress_memo *m)
{
	if (!m)
		return;
	while (m->n)
		drop_locked(m, m->n - 1);
	pthread_cond_destroy(&m->built);
	pthread_mutex_destroy(&m->mu);
	free(m);
}

/* An arena's count of an entry, given back when the arena is freed. */
static void release(void *ptr)
{
	struct entry *e = ptr;
	struct progress_memo *m = e->m;
	pthread_mutex_lock(&m->mu);
	unref_locked(e);
	pthread_mutex_unlock(&m->mu);
}

/* Compute e's answer through s into e's arena (outside the lock: e is not handed out yet). */
static enum status compute(struct entry *e, struct store *s)
{
	struct obs *cur;
	size_t n_cur;
	struct assess_row *rows;
	size_t n_rows;
	enum status rc = store_obs_current(s, e->arena, NULL, NULL, e->view, &cur, &n_cur);
	if (rc != ST_OK)
		return rc;
	assess_plan_values(e->plan, cur, n_cur, e->as_of_t, e->arena, &rows, &n_rows);
	e->answer = (struct progress_answer){cur, n_cur, rows, n_rows, NULL, 0};
	return ST_OK;
}

/* e's trends, computed once when first asked for (under m->mu, released while computing:
 * readers of e's answer only read what is there, and this request alone allocates from e's
 * arena meanwhile). */
static void trends_locked(struct progress_memo *m, struct entry *e)
{
	while (e->trends == 1)
		pthread_cond_wait(&m->built, &m->mu);
	if (e->trends == 2)
		return;
	e->trends = 1;
	pthread_mutex_unlock(&m->mu);
	struct assess_row *trends;
	size_t n_trends;
	assess_trend_values(e->plan, e->answer.cur, e->answer.n_cur, e->as_of_t, e->arena, &trends, &n_trends);
	pthread_mutex_lock(&m->mu);
	e->answer.trends = trends, e->answer.n_trends = n_trends;
	e->trends = 2;
	if (kept_at_locked(m, e) < m->n)
		fit_locked(m, e);
	pthread_cond_broadcast(&m->built);
}

/* The kept entry of the key (under m->mu), or NULL. */
static struct entry *find_locked(struct progress_memo *m, long long version, const struct plan *p, enum obs_view view,
				 double as_of_t)
{
	for (size_t i = 0; i < m->n; i++) {
		struct entry *e = m->kept[i];
		if (e->version == version && e->plan == p && e->view == view && e->as_of_t == as_of_t)
			return e;
	}
	return NULL;
}

/* Room for one more entry of version (under m->mu): entries of older versions go, then the
 * least recently used one when the memo is full. Entries being computed stay. */
static int make_room_locked(struct progress_memo *m, long long version)
{
	for (size_t i = m->n; i-- > 0;)
		if (m->kept[i]->version < version && !m->kept[i]->is_building)
			drop_locked(m, i);
	if (m->n < PROGRESS_MEMO_MAX)
		return 1;
	size_t oldest = m->n;
	for (size_t i = 0; i < m->n; i++)
		if (!m->kept[i]->is_building && (oldest == m->n || m->kept[i]->used < m->kept[oldest]->used))
			oldest = i;
	if (oldest == m->n)
		return 0; /* every entry is being computed: this one is computed without being kept */
	drop_locked(m, oldest);
	return 1;
}

enum status progress_memo_get(struct progress_memo *m, struct store *s, struct arena *a, const struct plan *p,
			      enum obs_view view, double as_of_t, unsigned flags, struct progress_answer *out)
{
	int with_trends = (flags & PROGRESS_MEMO_TRENDS) != 0;
	long long version;
	memset(out, 0, sizeof(*out));
	enum status rc = store_version(s, &version);
	if (rc != ST_OK)
		return rc;
	pthread_mutex_lock(&m->mu);
	struct entry *e = find_locked(m, version, p, view, as_of_t);
	if ((flags & PROGRESS_MEMO_IF_KEPT) && (!e || e->is_building || (with_trends && e->trends != 2))) {
		pthread_mutex_unlock(&m->mu);
		return ST_NOT_FOUND;
	}
	while (e && e->is_building) {
		pthread_cond_wait(&m->built, &m->mu);
		e = find_locked(m, version, p, view, as_of_t); /* gone when its computation failed */
	}
	if (e) {
		e->refs++;
		e->used = ++m->clock;
		m->n_shared++;
		if (with_trends)
			trends_locked(m, e);
		*out = e->answer; /* under the lock: another request may be adding the trends */
		pthread_mutex_unlock(&m->mu);
		arena_on_free(a, release, e);
		return ST_OK;
	}
	e = xcalloc(1, sizeof(*e));
	*e = (struct entry){.m = m, .version = version, .plan = p, .view = view, .as_of_t = as_of_t, .is_building = 1,
			    .refs = 1, .used = ++m->clock, .arena = arena_new()};
	int is_kept = make_room_locked(m, version);
	if (is_kept) {
		e->refs++;
		m->kept[m->n++] = e;
	}
	m->n_computed++;
	pthread_mutex_unlock(&m->mu);

	rc = compute(e, s);

	pthread_mutex_lock(&m->mu);
	e->is_building = 0;
	if (rc != ST_OK)
		forget_locked(m, e);
	else if (kept_at_locked(m, e) < m->n)
		fit_locked(m, e);
	pthread_cond_broadcast(&m->built);
	if (rc != ST_OK) {
		unref_locked(e);
		pthread_mutex_unlock(&m->mu);
		return rc;
	}
	if (with_trends)
		trends_locked(m, e);
	*out = e->answer;
	pthread_mutex_unlock(&m->mu);
	arena_on_free(a, release, e);
	return ST_OK;
}

void progress_memo_counts(struct progress_memo *m, unsigned long long *computed, unsigned long long *shared)
{
	pthread_mutex_lock(&m->mu);
	*computed = m->n_computed;
	*shared = m->n_shared;
	pthread_mutex_unlock(&m->mu);
}
