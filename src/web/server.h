/* server.h - the HTTP server: libmicrohttpd with a thread pool, a pool of store connections,
 * one route table, an access log line per request, graceful shutdown on SIGTERM/SIGINT. */
#ifndef INNOMON_WEB_SERVER_H
#define INNOMON_WEB_SERVER_H

#include <stddef.h>

#include "app/sessions.h"
#include "base/status.h"
#include "supervise/supervise.h"

struct metrics;
struct progress_memo;
struct cache;

struct server_config {
	const char *db_path;
	const char *bind_addr;   /* "127.0.0.1" by default */
	unsigned port;           /* 0 = any free port (printed on start) */
	unsigned threads;        /* worker threads */
	size_t body_max_bytes;   /* request body cap */
	size_t upload_max_bytes; /* body cap of a file upload */
	unsigned per_ip_conn_limit; /* simultaneous connections per client address (0 = none) */
	unsigned conn_limit;     /* simultaneous connections */
	unsigned timeout_s;      /* idle connection timeout */
	unsigned deadline_s;     /* a request's line, headers and body arrive within this (conns.h) */
	unsigned report_workers; /* reports built at once, off the request threads (jobs.h) */
	unsigned report_queue;   /* report requests waiting for a worker; more: 503 */
	unsigned access_log_sample; /* log 1 in N plain successes (every error and slow request) */
	size_t cache_max_bytes;  /* answers kept per store version (web/cache.h); 0 = none */
	size_t progress_max_bytes; /* progress kept per store version (app/progress_memo.h); 0 = none */
	struct auth_settings auth;
	int secure_cookies;      /* 0 auto (Secure when the request came over TLS), 1 always, 2 never */
	const char *trusted_proxy; /* IPv4 of a reverse proxy whose X-Forwarded-* headers count, or NULL */
	struct metrics *metrics; /* borrowed; NULL = no metrics */
	struct sup_settings sup; /* task supervision: webhook, reminders, evidence cap, scan hook */
	long long tick_interval_s; /* the supervision tick thread runs this often; 0 = not at all */
	const char *site_name_zh, *site_name_en; /* the site's name at the top of every page */
	const char *org_name_zh, *org_name_en;   /* who prepares the reports; "" or NULL: the unit owning
						  * most headline indicators, else the site's name */
	const char *four_eyes;   /* the setting four_eyes (app/values.h); NULL: "all" */
};

struct server;

/* Start serving and block until SIGTERM or SIGINT; in-flight requests finish first.
 * Prints "innomon: serving on http://ADDR:PORT/" to stdout once listening. */
enum status server_run(const struct server_config *cfg) WUR;

/* Read-only access for handlers. */
const struct server_config *server_config(const struct server *s);

/* The metrics registry (NULL when none). */
struct metrics *server_metrics(const struct server *s);
/* The progress of plans computed once per store version and shared by its requests (app/progress_memo.h);
 * NULL when none is kept. */
struct progress_memo *server_progress(const struct server *s);
/* The answers of cacheable reads kept per store version (web/cache.h). */
struct cache *server_cache(const struct server *s);

struct store;
struct plan;
/* Plan code (NULL: the store's newest plan) as it is now in the store (its newest version),
 * read through st once per version and then shared by every request: READ ONLY (an edit works
 * on its own copy, req_plan_mutable). Kept until the server stops. ST_NOT_FOUND when the store
 * has no such plan (or the cache is full: the caller reads its own copy). */
enum status server_plan(struct server *s, struct store *st, const char *code, struct plan **out) WUR;

#endif
