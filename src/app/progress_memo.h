/* progress_memo.h - the progress of a plan as one kind of reader sees it (its current values and
 * every target and trend judged from them: app_progress), computed once per store version and
 * shared by every request that asks, whichever page, API route or user it is for. A server
 * keeps one; a command line has none and computes its own. Keyed on everything the answer
 * depends on: the store's version (any committed change gives a new one), the plan (the
 * server's shared copy of one version), the view (public or internal: app_reader_of) and the
 * time judged as at. The first request of a key computes it while others of the same key wait
 * for it (one computation, not one per request); answers of an older store version go as soon
 * as a newer one is asked for, and at most PROGRESS_MEMO_MAX of at most max_bytes together are
 * kept (the least recently used go first; one larger alone is handed to its request only). An
 * answer is read-only and stays valid until the arena it was handed out with is freed.
 * Thread-safe. */
#ifndef INNOMON_APP_PROGRESS_MEMO_H
#define INNOMON_APP_PROGRESS_MEMO_H

#include <stddef.h>

#include "base/arena.h"
#include "base/status.h"
#include "core/obs.h"
#include "core/plan.h"
#include "report/assess.h"
#include "store/store.h"

#define PROGRESS_MEMO_MAX 4

struct progress_memo;

/* The progress computed: every indicator's current values of the view (sorted: obs_current_cmp),
 * every target judged (plan order) and every indicator without a target's trend. */
struct progress_answer {
	const struct obs *cur;
	size_t n_cur;
	const struct assess_row *rows;
	size_t n_rows;
	const struct assess_row *trends;
	size_t n_trends;
};

/* An empty memo keeping answers of at most max_bytes together. Cannot fail (aborts on OOM). */
struct progress_memo *progress_memo_new(size_t max_bytes);
/* Free it and every answer (no answer may be in use). NULL allowed. */
void progress_memo_free(struct progress_memo *m);

enum progress_memo_flags {
	PROGRESS_MEMO_TRENDS = 1u << 0,  /* the trends too (computed once, when first asked for;
	                                  * else they may be missing) */
	PROGRESS_MEMO_IF_KEPT = 1u << 1, /* only an answer computed already (with its trends when
	                                  * asked for): else ST_NOT_FOUND, nothing computed */
};

/* The answer of plan p (kept by the caller's server for as long as m lives) in view as judged as
 * at as_of_t, for the store version s holds now: computed through s when no request has, else
 * the one computed; flags of enum progress_memo_flags. It stays valid until a is freed.
 * ST_STORE (and s's message) when the values cannot be read. */
enum status progress_memo_get(struct progress_memo *m, struct store *s, struct arena *a, const struct plan *p,
			      enum obs_view view, double as_of_t, unsigned flags, struct progress_answer *out) WUR;

/* How many answers were computed and how many handed out again (tests, metrics). */
void progress_memo_counts(struct progress_memo *m, unsigned long long *computed, unsigned long long *shared);

#endif
