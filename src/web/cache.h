/* cache.h - answers to reads kept in memory per store version. A cacheable GET (the public
 * pages and API reads of route.c's route_is_cacheable) is keyed on everything its answer
 * depends on: the store's version (store_version: any committed change, by any process, gives
 * a new key), the day (Beijing time: progress is judged as at today), who asks (the public, or
 * this user in this session: a signed-in reader sees approved values and its own page, never the
 * public's, nor the public theirs), the language, the plan chosen by cookie, and the path with
 * its query. The first request of a key builds the answer (the progress of every target
 * assessed once per change, not per request); the others are sent the same libmicrohttpd
 * response, no copy. The key's hash is the answer's ETag, so a browser (or nginx in front)
 * revalidates with a 304 without the page being built. Memory is capped (least recently used
 * answers go first); answers of an older version go as soon as a newer one is seen.
 * Thread-safe. */
#ifndef INNOMON_WEB_CACHE_H
#define INNOMON_WEB_CACHE_H

#include <stddef.h>

struct MHD_Response;
struct cache;

/* A cache of at most max_bytes of answers (0: keep nothing). Cannot fail (aborts on OOM). */
struct cache *cache_new(size_t max_bytes);
/* Release every answer (responses still being sent are freed when they are done). NULL allowed. */
void cache_free(struct cache *c);

/* A kept answer: its response (headers set) is the holder's to queue until cache_done. */
struct cached;
struct MHD_Response *cached_response(const struct cached *e);
/* Its body's bytes. */
size_t cached_size(const struct cached *e);

/* The kept answer of key (version: its store version), or NULL. A non-NULL answer is the
 * caller's until it gives it back with cache_done (an eviction meanwhile waits for that). */
struct cached *cache_get(struct cache *c, const char *key, long long version);
/* Give back an answer of cache_get or cache_put. */
void cache_done(struct cache *c, struct cached *e);
/* Keep resp (its headers set, its body owned by it; the caller's reference is taken) as the
 * answer of key, size the body's bytes, and hand it back as cache_get would. Drops the answers
 * of versions older than version. When the cache keeps nothing (max_bytes 0, or the answer
 * alone is larger) the answer is handed back all the same, kept by nobody. */
struct cached *cache_put(struct cache *c, const char *key, long long version, struct MHD_Response *resp, size_t size);

/* What the cache holds and did (for /metrics and tests). */
struct cache_stats {
	size_t n_entries, bytes;
	unsigned long long hits, misses, not_modified;
};
void cache_stats(struct cache *c, struct cache_stats *out);
/* Count a 304 answered from the key alone. */
void cache_count_not_modified(struct cache *c);

#endif
