/* cache.c - answers kept per store version (see cache.h): a chained hash table of entries on
 * a least-recently-used list, under one mutex. An entry counts its holders: the cache itself
 * while it keeps it, and each request between cache_get and cache_done; the response is
 * destroyed when the count falls to 0 (libmicrohttpd keeps its own count while it sends). */
#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "web/cache.h"
#include "base/banned.h"

#define N_BUCKETS 1024u
#define ENTRY_OVERHEAD 512u /* what an entry costs besides its body: key, headers, bookkeeping */

struct cached {
	char *key;
	unsigned long long hash;
	long long version;
	struct MHD_Response *resp;
	size_t size;  /* the body */
	size_t bytes; /* what it costs the cache */
	unsigned holders;
	int is_kept;                 /* in the table and on the list */
	struct cached *next_in_bucket;
	struct cached *newer, *older; /* the use list: most recent at the cache's head */
};

struct cache {
	pthread_mutex_t mu;
	size_t max_bytes, bytes, n;
	long long newest_version;
	struct cached *buckets[N_BUCKETS];
	struct cached *head, *tail; /* most and least recently used */
	unsigned long long hits, misses, not_modified;
};

static unsigned long long hash_key(const char *k)
{
	unsigned long long h = 14695981039346656037ull;
	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ull;
	return h;
}

struct cache *cache_new(size_t max_bytes)
{
	struct cache *c = xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->mu, NULL);
	c->max_bytes = max_bytes;
	return c;
}

struct MHD_Response *cached_response(const struct cached *e)
{
	return e->resp;
}

size_t cached_size(const struct cached *e)
{
	return e->size;
}

/* Drop a holder; the last one frees. The caller holds mu. */
static void unhold(struct cached *e)
{
	if (--e->holders)
		return;
	MHD_destroy_response(e->resp);
	free(e->key);
	free(e);
}

static void list_unlink(struct cache *c, struct cached *e)
{
	if (e->newer)
		e->newer->older = e->older;
	else
		c->head = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else
		c->tail = e->newer;
	e->newer = e->older = NULL;
}

static void list_push(struct cache *c, struct cached *e)
{
	e->older = c->head;
	e->newer = NULL;
	if (c->head)
		c->head->newer = e;
	c->head = e;
	if (!c->tail)
		c->tail = e;
}

/* Take e out of the table and the list; the cache's hold goes. The caller holds mu. */
static void evict(struct cache *c, struct cached *e)
{
	struct cached **at = &c->buckets[e->hash % N_BUCKETS];
	while (*at && *at != e)
		at = &(*at)->next_in_bucket;
	if (*at)
		*at = e->next_in_bucket;
	list_unlink(c, e);
	c->bytes -= e->bytes;
	c->n--;
	e->is_kept = 0;
	unhold(e);
}

struct cached *cache_get(struct cache *c, const char *key, long long version)
{
	unsigned long long h = hash_key(key);
	pthread_mutex_lock(&c->mu);
	struct cached *e = c->buckets[h % N_BUCKETS];
	while (e && (e->hash != h || e->version != version || strcmp(e->key, key) != 0))
		e = e->next_in_bucket;
	if (e) {
		e->holders++;
		list_unlink(c, e);
		list_push(c, e);
		c->hits++;
	} else {
		c->misses++;
	}
	pthread_mutex_unlock(&c->mu);
	return e;
}

void cache_done(struct cache *c, struct cached *e)
{
	if (!e)
		return;
	pthread_mutex_lock(&c->mu);
	unhold(e);
	pthread_mutex_unlock(&c->mu);
}

struct cached *cache_put(struct cache *c, const char *key, long long version, struct MHD_Response *resp, size_t size)
{
	struct cached *e = xcalloc(1, sizeof(*e));
	e->key = xstrdup(key);
	e->hash = hash_key(key);
	e->version = version;
	e->resp = resp;
	e->size = size;
	e->bytes = size + strlen(key) + ENTRY_OVERHEAD;
	e->holders = 1; /* the caller's */
	pthread_mutex_lock(&c->mu);
	if (version > c->newest_version) {
		/* a newer version makes every older answer unreachable */
		c->newest_version = version;
		for (struct cached *x = c->tail, *up; x; x = up) {
			up = x->newer;
			if (x->version < version)
				evict(c, x);
		}
	}
	if (e->bytes <= c->max_bytes && version >= c->newest_version) {
		while (c->tail && c->bytes + e->bytes > c->max_bytes)
			evict(c, c->tail);
		e->holders++; /* the cache's */
		e->is_kept = 1;
		e->next_in_bucket = c->buckets[e->hash % N_BUCKETS];
		c->buckets[e->hash % N_BUCKETS] = e;
		list_push(c, e);
		c->bytes += e->bytes;
		c->n++;
	}
	pthread_mutex_unlock(&c->mu);
	return e;
}

void cache_count_not_modified(struct cache *c)
{
	pthread_mutex_lock(&c->mu);
	c->not_modified++;
	pthread_mutex_unlock(&c->mu);
}

void cache_stats(struct cache *c, struct cache_stats *out)
{
	pthread_mutex_lock(&c->mu);
	*out = (struct cache_stats){c->n, c->bytes, c->hits, c->misses, c->not_modified};
	pthread_mutex_unlock(&c->mu);
}

void cache_free(struct cache *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->mu);
	while (c->tail)
		evict(c, c->tail);
	pthread_mutex_unlock(&c->mu);
	pthread_mutex_destroy(&c->mu);
	free(c);
}
