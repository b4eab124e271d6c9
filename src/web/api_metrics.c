/* api_metrics.c - GET /metrics: the server's metrics registry in Prometheus text format 0.0.4,
 * and what the server keeps per store version (the answers of cacheable reads, the progress
 * judged once per change). Reads only the server's memory (never the store); 404 when the
 * server runs without a registry (the setting metrics = false). */
#include "app/progress_memo.h"
#include "web/cache.h"
#include "web/metrics.h"
#include "web/route.h"
#include "web/server.h"
#include "base/banned.h"

/* The counters and sizes of the server's answer cache and progress memo. */
static void render_kept(struct server *sv, struct buf *out)
{
	struct cache_stats cs;
	unsigned long long computed = 0, shared = 0;
	cache_stats(server_cache(sv), &cs);
	if (server_progress(sv))
		progress_memo_counts(server_progress(sv), &computed, &shared);
	bwf(out,
	    "# HELP innomon_cache_answers_total Cacheable reads by how they were answered: sent from memory (hit),"
	    " built (miss), or 304 from the key alone (not_modified).\n"
	    "# TYPE innomon_cache_answers_total counter\n"
	    "innomon_cache_answers_total{how=\"hit\"} %llu\n"
	    "innomon_cache_answers_total{how=\"miss\"} %llu\n"
	    "innomon_cache_answers_total{how=\"not_modified\"} %llu\n"
	    "# HELP innomon_cache_bytes Memory the kept answers take (cache_max).\n"
	    "# TYPE innomon_cache_bytes gauge\n"
	    "innomon_cache_bytes %zu\n"
	    "# HELP innomon_progress_total Progress of a plan for one kind of reader, judged anew (computed) or"
	    " handed out again for the same store version (shared) (progress_max).\n"
	    "# TYPE innomon_progress_total counter\n"
	    "innomon_progress_total{how=\"computed\"} %llu\n"
	    "innomon_progress_total{how=\"shared\"} %llu\n",
	    cs.hits, cs.misses, cs.not_modified, cs.bytes, computed, shared);
}

enum status api_metrics(struct req *r)
{
	struct metrics *m = server_metrics(r->server);
	if (!m)
		return ST_NOT_FOUND;
	r->content_type = "text/plain; version=0.0.4; charset=utf-8";
	enum status rc = metrics_render(m, &r->out);
	if (rc == ST_OK)
		render_kept(r->server, &r->out);
	return rc;
}
