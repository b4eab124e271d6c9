/* server.c - libmicrohttpd glue: request contexts, body accumulation, dispatch through the
 * route table, responses, the store pool, the access log and graceful shutdown.
 * check_escape: no HTML (error pages are written by page_error in html.c). */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/progress_memo.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "base/clock.h"
#include "store/store.h"
#include "web/cache.h"
#include "web/conns.h"
#include "web/html.h"
#include "web/jobs.h"
#include "web/metrics.h"
#include "web/session.h"
#include "web/ticker.h"
#include "web/route.h"
#include "web/plan_select.h"
#include "web/server.h"
#include "base/banned.h"

#define POOL_MAX_IDLE 16

#define PLAN_CACHE_MAX 32u /* plan versions kept read; more are read per request */

/* One plan version read from the store, shared read-only by every request; kept by its code,
 * version and lifecycle status (a change of status writes no version, so it is part of the
 * key: a plan read before the change is never served after it). */
struct cached_plan {
	char code[64];
	int version;
	struct arena *arena; /* owns plan */
	struct plan *plan;
};

struct server {
	struct server_config cfg;
	pthread_mutex_t plans_mu;
	struct cached_plan plans[PLAN_CACHE_MAX];
	size_t n_plans;
	pthread_mutex_t pool_mu;
	struct store *idle[POOL_MAX_IDLE];
	size_t n_idle;
	pthread_mutex_t id_mu;
	unsigned long long next_id;
	unsigned long long n_plain; /* plain successes answered (access log sampling), under id_mu */
	struct conns *conns;      /* open connections and their request deadlines */
	struct jobs *jobs;        /* report workers */
	struct cache *cache;      /* answers of cacheable reads per store version */
	struct progress_memo *progress; /* progress computed once per store version, for every page */
};

const struct server_config *server_config(const struct server *s)
{
	return &s->cfg;
}

struct progress_memo *server_progress(const struct server *s)
{
	return s->progress;
}

struct cache *server_cache(const struct server *s)
{
	return s->cache;
}

struct metrics *server_metrics(const struct server *s)
{
	return s->cfg.metrics;
}

/* The newest version of a plan and its status now. */
struct plan_key {
	int version; /* 0 when the store has no such plan */
	enum plan_status status;
	char superseded_by[64];
};

static int same_status(const struct plan_info *in, const struct plan_key *k)
{
	const char *by = in->superseded_by ? in->superseded_by : "";
	return in->status == k->status && strcmp(by, k->superseded_by) == 0;
}

/* The kept plan of code in the state k, or NULL; the caller holds plans_mu. */
static struct plan *kept_plan(struct server *s, const char *code, const struct plan_key *k)
{
	for (size_t i = 0; i < s->n_plans; i++)
		if (s->plans[i].version == k->version && strcmp(s->plans[i].code, code) == 0 &&
		    same_status(&s->plans[i].plan->info, k))
			return s->plans[i].plan;
	return NULL;
}

/* The newest version of plan code and its status (version 0 when there is no such plan). */
static enum status newest_version(struct store *st, const char *code, struct plan_key *k)
{
	struct arena *a = arena_new();
	struct plan_version_row *rows;
	size_t n;
	memset(k, 0, sizeof(*k));
	enum status rc = store_plan_versions(st, a, &rows, &n);
	for (size_t i = 0; rc == ST_OK && i < n; i++)
		if (strcmp(rows[i].code, code) == 0 && rows[i].version > k->version) {
			k->version = rows[i].version;
			k->status = rows[i].status;
			snprintf(k->superseded_by, sizeof(k->superseded_by), "%s", rows[i].superseded_by ? rows[i].superseded_by : "");
		}
	arena_free(a);
	return rc;
}

enum status server_plan(struct server *s, struct store *st, const char *want, struct plan **out)
{
	char code[64];
	int version;
	struct plan_key key;
	enum status rc;
	if (want) {
		if (strlen(want) >= sizeof(code))
			return ST_NOT_FOUND;
		snprintf(code, sizeof(code), "%s", want);
	} else {
		rc = store_plan_current(st, code, sizeof(code), &version);
		if (rc != ST_OK)
			return rc;
	}
	rc = newest_version(st, code, &key);
	if (rc == ST_OK && key.version == 0)
		rc = ST_NOT_FOUND;
	if (rc != ST_OK)
		return rc;
	version = key.version;
	pthread_mutex_lock(&s->plans_mu);
	*out = kept_plan(s, code, &key);
	pthread_mutex_unlock(&s->plans_mu);
	if (*out)
		return ST_OK;
	/* read outside the lock; two requests may read the same version, the first kept wins */
	struct arena *a = arena_new();
	struct plan *p;
	rc = store_plan_get(st, a, code, version, &p);
	if (rc != ST_OK) {
		arena_free(a);
		return rc;
	}
	/* kept under the status it was read with (a change since the rows were read keeps the
	 * entry from matching them: the next request reads again) */
	struct plan_key read_key = key;
	read_key.status = p->info.status;
	snprintf(read_key.superseded_by, sizeof(read_key.superseded_by), "%s", p->info.superseded_by ? p->info.superseded_by : "");
	pthread_mutex_lock(&s->plans_mu);
	if ((*out = kept_plan(s, code, &read_key)) != NULL) {
		pthread_mutex_unlock(&s->plans_mu);
		arena_free(a);
		return ST_OK;
	}
	if (s->n_plans == PLAN_CACHE_MAX) {
		pthread_mutex_unlock(&s->plans_mu);
		arena_free(a);
		return ST_NOT_FOUND; /* the caller reads into its own arena */
	}
	struct cached_plan *c = &s->plans[s->n_plans++];
	snprintf(c->code, sizeof(c->code), "%s", code);
	c->version = version;
	c->arena = a;
	c->plan = p;
	*out = p;
	pthread_mutex_unlock(&s->plans_mu);
	return ST_OK;
}

static enum status pool_get(struct server *s, struct store **out)
{
	pthread_mutex_lock(&s->pool_mu);
	if (s->n_idle) {
		*out = s->idle[--s->n_idle];
		pthread_mutex_unlock(&s->pool_mu);
		return ST_OK;
	}
	pthread_mutex_unlock(&s->pool_mu);
	enum status rc = store_open_existing(s->cfg.db_path, out);
	if (rc != ST_OK) {
		log_error("web", "cannot open store: %s", *out ? store_errmsg(*out) : s->cfg.db_path);
		store_close(*out);
		*out = NULL;
		return ST_STORE;
	}
	return ST_OK;
}

static void pool_put(struct server *s, struct store *st)
{
	if (!st)
		return;
	pthread_mutex_lock(&s->pool_mu);
	if (s->n_idle < POOL_MAX_IDLE) {
		s->idle[s->n_idle++] = st;
		st = NULL;
	}
	pthread_mutex_unlock(&s->pool_mu);
	store_close(st);
}

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Room for the multipart framing and form fields around an evidence file. */
#define EVIDENCE_FRAMING_BYTES ((size_t)64 << 10)

/* The cap of a request's body: its route's column (route.c) in bytes. An evidence upload may be
 * as large as evidence_max (the operation refuses a file past it with a precise message; the
 * cap here only stops bodies far larger). */
static size_t body_max_bytes(const struct server *s, const char *method, const char *url)
{
	switch (route_body_of(method, url)) {
	case ROUTE_BODY_FILE:
		return s->cfg.upload_max_bytes;
	case ROUTE_BODY_EVIDENCE:
		return s->cfg.sup.evidence_max_bytes + EVIDENCE_FRAMING_BYTES;
	case ROUTE_BODY_FORM:
	default:
		return s->cfg.body_max_bytes;
	}
}

static struct req *req_new(struct server *s, struct MHD_Connection *c, const char *method, const char *url)
{
	struct arena *a = arena_new();
	struct req *r = arena_calloc(a, 1, sizeof(*r));
	r->arena = a;
	r->conn = c;
	r->server = s;
	r->method = arena_strdup(a, method);
	r->path = arena_strdup(a, url);
	r->started_us = now_us();
	buf_init(&r->body, body_max_bytes(s, method, url));
	buf_init(&r->out, 0);
	r->status = 200;
	r->content_type = "text/html; charset=utf-8";
	pthread_mutex_lock(&s->id_mu);
	unsigned long long id = ++s->next_id;
	pthread_mutex_unlock(&s->id_mu);
	r->request_id = arena_printf(a, "%llx-%llu", (unsigned long long)time(NULL), id);
	return r;
}

static void req_free(struct req *r)
{
	/* The arena finalizes the statements prepared on the request's store connection: that must
	 * happen before the connection goes back to the pool, where another thread may take it. */
	struct server *s = r->server;
	struct store *st = r->store;
	buf_release(&r->body);
	buf_release(&r->out);
	arena_free(r->arena);
	pool_put(s, st);
}

static void choose_lang(struct req *r)
{
	enum lang l = LANG_ZH;
	const char *q = req_query(r, "lang");
	if (q && lang_parse(q, &l)) {
		/* an explicit choice is remembered */
		req_add_header(r, "Set-Cookie", arena_printf(r->arena, "lang=%s; Path=/; Max-Age=31536000; SameSite=Strict", lang_code(l)));
	} else {
		const char *c = req_cookie(r, "lang");
		if (!c || !lang_parse(c, &l))
			l = LANG_ZH;
	}
	r->lang = l;
}

static void render_error(struct req *r, enum status st, const char *message, enum route_kind kind)
{
	buf_reset(&r->out);
	r->n_headers = 0;
	if (kind == ROUTE_API) {
		req_json_error(r, st, message);
		return;
	}
	r->status = status_http_code(st);
	r->content_type = "text/html; charset=utf-8";
	page_error(r, st, message);
}

static int is_state_change(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* Refuse a request before its handler runs: 401 (a page sends the visitor to sign in), 403. */
static void refuse(struct req *r, enum status st, const char *code, const char *message_key, enum route_kind kind)
{
	if (st == ST_UNAUTH && kind == ROUTE_PAGE && !is_state_change(r->method)) {
		struct buf next;
		buf_init(&next, 4096);
		bw(&next, "/signin?next=");
		url_esc(&next, r->path);
		req_redirect(r, arena_strdup(r->arena, buf_str(&next)));
		buf_release(&next);
		return;
	}
	if (kind == ROUTE_API) {
		req_json_error_full(r, st, code, req_t(r, message_key), NULL);
		return;
	}
	render_error(r, st, req_t(r, message_key), kind);
}

/* The route's handler, and its failure turned into an error answer. */
static void run_handler(struct req *r, const struct route *rt)
{
	enum status rc = rt->handler(r);
	if (rc == ST_OK)
		rc = buf_status(&r->out);
	if (rc != ST_OK && r->status < 400) {
		const char *key = rc == ST_NOT_FOUND ? "error.not_found"
			: rc == ST_TOO_LARGE	      ? "error.too_large"
			: rc == ST_STORE	      ? "error.store"
			: rc == ST_DENIED	      ? "error.forbidden"
			: rc == ST_UNAUTH	      ? "error.unauthorized"
			: rc == ST_CONFLICT	      ? "error.conflict"
						      : "error.bad_request";
		if (rc == ST_STORE && r->store) {
			log_error("web", "req=%s store failure: %s", r->request_id, store_errmsg(r->store));
			if (server_config(r->server)->metrics)
				metrics_store_error(server_config(r->server)->metrics);
		}
		render_error(r, rc, req_t(r, key), rt->kind);
	}
}

/* 503 with Retry-After: every report worker and queue place is taken. */
static void busy(struct req *r, enum route_kind kind)
{
	if (kind == ROUTE_API)
		req_json_error_full(r, ST_USAGE, "busy", req_t(r, "error.busy"), NULL);
	else
		render_error(r, ST_USAGE, req_t(r, "error.busy"), kind);
	r->status = 503;
	req_add_header(r, "Retry-After", "10");
}

static void security_headers(struct MHD_Response *resp);

static enum MHD_Result append_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct buf *b = cls;
	/* encoded, so an argument whose value holds "&x=1" is not read as two arguments */
	bwc(b, '&');
	url_esc(b, key);
	if (value) {
		bwc(b, '=');
		url_esc(b, value);
	}
	return MHD_YES;
}

/* Everything a cacheable read's answer depends on, as one text (cache.h): the version, the
 * day, who asks (the public, or this user in this session), the language, the plan cookie, and
 * the path with its query. */
static const char *cache_key(struct req *r, long long version)
{
	char day[32];
	clock_format_shanghai(clock_now(), day);
	struct buf b;
	buf_init(&b, 64 << 10);
	bwf(&b, "%lld|%s|", version, day);
	if (r->is_cookie_session)
		bwf(&b, "s:%s", r->session_hash);
	else if (r->principal.role)
		bwf(&b, "u:%lld", r->principal.user_id);
	else
		bw(&b, "-");
	const char *plan = req_cookie(r, "plan");
	bwf(&b, "|%s|", lang_code(r->lang));
	url_esc(&b, plan ? plan : "");
	bwc(&b, '|');
	url_esc(&b, r->path);
	bwc(&b, '?');
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, append_arg, &b);
	const char *key = buf_status(&b) == ST_OK ? arena_strdup(r->arena, buf_str(&b)) : NULL;
	buf_release(&b);
	return key;
}

static int etag_matches(const char *inm, const char *etag)
{
	/* If-None-Match may list several, or be "*" */
	return inm && (strcmp(inm, "*") == 0 || strstr(inm, etag) != NULL);
}

/* A cacheable read: 304 when the browser holds this key's answer, the kept answer when there
 * is one, else the handler's answer, kept when it is a plain 200. */
static void serve_cacheable(struct req *r, const struct route *rt)
{
	struct cache *c = r->server->cache;
	long long version;
	const char *key;
	if (store_version(r->store, &version) != ST_OK || !(key = cache_key(r, version))) {
		run_handler(r, rt); /* no version, no key: answered as any other read */
		return;
	}
	unsigned long long h = 14695981039346656037ull;
	for (const char *k = key; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ull;
	r->etag = arena_printf(r->arena, "W/\"%llx-%016llx\"", version, h);
	if (etag_matches(req_header(r, "If-None-Match"), r->etag)) {
		r->status = 304;
		cache_count_not_modified(c);
		return;
	}
	if ((r->cached = cache_get(c, key, version)) != NULL)
		return;
	run_handler(r, rt);
	if (r->status != 200 || buf_status(&r->out) != ST_OK)
		return;
	for (size_t i = 0; i < r->n_headers; i++)
		if (strcmp(r->hdr_names[i], "Set-Cookie") == 0)
			return; /* it sets something for this visitor alone */
	size_t len;
	char *body = buf_detach(&r->out, &len);
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return;
	}
	MHD_add_response_header(resp, "Content-Type", r->content_type);
	security_headers(resp);
	for (size_t i = 0; i < r->n_headers; i++)
		MHD_add_response_header(resp, r->hdr_names[i], r->hdr_values[i]);
	MHD_add_response_header(resp, "ETag", r->etag);
	MHD_add_response_header(resp, "Cache-Control", r->principal.role ? "private, no-cache" : "no-cache");
	r->cached = cache_put(c, key, version, resp, len);
}

static enum status dispatch(struct req *r)
{
	const char *allow;
	const struct route *rt = route_find(r, r->method, r->path, &allow);
	enum route_kind kind = strncmp(r->path, "/api/", 5) == 0 ? ROUTE_API : ROUTE_PAGE;
	r->route_name = rt ? rt->name : "not_found";
	if (!rt) {
		if (allow) {
			render_error(r, ST_USAGE, req_t(r, "error.method"), kind);
			r->status = 405;
			req_add_header(r, "Allow", allow);
		} else {
			render_error(r, ST_NOT_FOUND, req_t(r, "error.not_found"), kind);
		}
		return ST_OK;
	}
	if (rt->kind == ROUTE_STATIC) {
		if (rt->handler(r) != ST_OK)
			render_error(r, ST_NOT_FOUND, req_t(r, "error.not_found"), ROUTE_PAGE);
		return ST_OK;
	}
	if (pool_get(r->server, &r->store) != ST_OK) {
		render_error(r, ST_STORE, req_t(r, "error.store"), rt->kind);
		return ST_OK;
	}
	enum status rc = session_resolve(r);
	if (rc == ST_UNAUTH) {
		refuse(r, ST_UNAUTH, "bad_token", "error.bad_token", rt->kind);
		return ST_OK;
	}
	if (rc != ST_OK) {
		render_error(r, ST_STORE, req_t(r, "error.store"), rt->kind);
		return ST_OK;
	}
	struct app_ctx x; /* the request's writes are audited as its principal's, from its address */
	if (app_ctx_begin(&x, r->store, r->arena, &r->principal, NULL, r->client_ip) != ST_OK) {
		render_error(r, ST_TOO_LARGE, req_t(r, "error.too_large"), rt->kind);
		return ST_OK;
	}
	if (is_state_change(r->method) && session_check_csrf(r) != ST_OK) {
		refuse(r, ST_DENIED, "csrf", "error.csrf", rt->kind);
		return ST_OK;
	}
	rc = authz_may_attempt(&r->principal, rt->need);
	if (rc != ST_OK) {
		refuse(r, rc, NULL, rc == ST_UNAUTH ? "error.unauthorized" : "error.forbidden", rt->kind);
		return ST_OK;
	}
	if (r->principal.must_change_password && is_state_change(r->method) && rt->need != ACT_OWN_ACCOUNT &&
	    rt->need != ACT_READ_PUBLIC) {
		refuse(r, ST_DENIED, "password_change_required", "error.password_change_required", rt->kind);
		return ST_OK;
	}
	/* ?plan= naming no plan the request may see is refused on every route before its handler
	 * runs: an operation must not fall back to the default plan (and write there) instead */
	struct plan *plan;
	const char *plan_q = req_query(r, "plan");
	if (plan_q && req_plan(r, &plan) == ST_NOT_FOUND) {
		const char *why = plan_select_is_code(plan_q)
					  ? arena_printf(r->arena, "%s '%s'", req_t(r, "error.unknown_plan"), plan_q)
					  : req_t(r, "error.unknown_plan");
		buf_reset(&r->out);
		r->n_headers = 0;
		if (rt->kind == ROUTE_API)
			req_json_error_full(r, ST_NOT_FOUND, "unknown_plan", why, NULL);
		else
			render_error(r, ST_NOT_FOUND, why, rt->kind);
		return ST_OK;
	}
	if (route_is_cacheable(rt) && !is_state_change(r->method) && r->server->cache) {
		serve_cacheable(r, rt);
		return ST_OK;
	}
	if (route_is_report(rt)) {
		/* a report is built on a report worker; the request thread goes on serving */
		if (!jobs_reserve(r->server->jobs)) {
			busy(r, rt->kind);
			return ST_OK;
		}
		r->job_route = rt;
		r->job_state = JOB_QUEUED;
		return ST_OK;
	}
	run_handler(r, rt);
	return ST_OK;
}

static void security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
				"frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
}

/* FNV-1a of the body: a weak validator for GET answers, so a reader's browser can revalidate a
 * page cheaply (304) while the content still depends on who asks (private, no-cache). */
static void add_etag(struct req *r)
{
	if (r->status != 200 || (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0))
		return;
	for (size_t i = 0; i < r->n_headers; i++)
		if (strcmp(r->hdr_names[i], "ETag") == 0)
			return; /* static assets set their own */
	unsigned long long h = 1469598103934665603ull;
	for (size_t i = 0; i < r->out.len; i++) {
		h ^= (unsigned char)r->out.p[i];
		h *= 1099511628211ull;
	}
	const char *etag = arena_printf(r->arena, "W/\"%016llx\"", h);
	req_add_header(r, "ETag", etag);
	req_add_header(r, "Cache-Control", "private, no-cache");
	const char *inm = req_header(r, "If-None-Match");
	if (inm && strcmp(inm, etag) == 0) {
		r->status = 304;
		buf_reset(&r->out);
	}
}

/* Every error and slow answer is logged, and 1 in access_log_sample of the others (so a busy
 * server's log does not grow a line per request forever; /metrics counts them all). */
static int should_log(struct req *r, long long us)
{
	struct server *s = r->server;
	unsigned n = s->cfg.access_log_sample;
	if (r->status >= 400 || us >= 1000000 || n <= 1)
		return 1;
	pthread_mutex_lock(&s->id_mu);
	int pick = s->n_plain++ % n == 0;
	pthread_mutex_unlock(&s->id_mu);
	return pick;
}

static enum MHD_Result send_response(struct req *r)
{
	size_t len = 0;
	enum MHD_Result ret;
	if (r->cached) { /* the kept answer itself, no copy */
		ret = MHD_queue_response(r->conn, 200, cached_response(r->cached));
		len = cached_size(r->cached);
		cache_done(r->server->cache, r->cached);
		r->cached = NULL;
		r->status = 200;
		goto sent;
	}
	if (strcmp(r->method, "HEAD") == 0 || r->status == 304)
		buf_reset(&r->out);
	if (!r->etag)
		add_etag(r);
	char *body = buf_detach(&r->out, &len);
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", r->content_type);
	security_headers(resp);
	for (size_t i = 0; i < r->n_headers; i++)
		MHD_add_response_header(resp, r->hdr_names[i], r->hdr_values[i]);
	if (r->etag) {
		MHD_add_response_header(resp, "ETag", r->etag);
		MHD_add_response_header(resp, "Cache-Control", r->principal.role ? "private, no-cache" : "no-cache");
	}
	ret = MHD_queue_response(r->conn, r->status, resp);
	MHD_destroy_response(resp);
sent:;
	long long us = now_us() - r->started_us;
	if (should_log(r, us) && log_enabled(LOG_INFO)) { /* formatted only when written */
		static const char *const keys[] = {"req", "method", "path", "route", "status", "bytes", "duration_ms", "user", "ip"};
		const char *values[] = {r->request_id,
					r->method,
					r->path,
					r->route_name ? r->route_name : "not_found",
					arena_printf(r->arena, "%u", r->status),
					arena_printf(r->arena, "%zu", len),
					arena_printf(r->arena, "%.3f", (double)us / 1000.0),
					r->principal.role ? r->principal.name : "-",
					r->client_ip ? r->client_ip : "-"};
		log_fields(LOG_INFO, "http", "request", keys, values, 9);
	}
	if (r->server->cfg.metrics)
		metrics_request(r->server->cfg.metrics, r->route_name ? r->route_name : "not_found", r->status, (double)us / 1e6);
	return ret;
}

/* Whether a multipart body has a NUL in a part's headers (a file name would be cut short at
 * it: "x\0../../etc/passwd.pdf" read as "x"); file contents may hold any bytes. */
static int multipart_headers_have_nul(struct req *r, const char *ct)
{
	const char *bd = strstr(ct, "boundary=");
	if (!bd)
		return 0;
	bd += 9;
	size_t bn = strcspn(bd, "; \t");
	if (*bd == '"')
		bn = strcspn(++bd, "\"");
	const char *p = r->body.p, *end = r->body.p + r->body.len;
	while (bn && p < end) {
		const char *at = memmem(p, (size_t)(end - p), bd, bn);
		if (!at)
			break;
		const char *head = at + bn;
		const char *stop = memmem(head, (size_t)(end - head), "\r\n\r\n", 4);
		if (!stop)
			stop = end;
		if (memchr(head, 0, (size_t)(stop - head)))
			return 1;
		p = stop;
	}
	return 0;
}

/* Whether a form body holds a NUL where a name or value would be cut short at it: anywhere in
 * a urlencoded body, raw or as %00; in a multipart body's part headers. */
static int has_encoded_nul(struct req *r)
{
	const char *ct = req_header(r, "Content-Type");
	if (!ct || !r->body.len)
		return 0;
	if (strncmp(ct, "multipart/form-data", 19) == 0)
		return multipart_headers_have_nul(r, ct);
	if (strncmp(ct, "application/x-www-form-urlencoded", 33) != 0)
		return 0;
	if (memchr(r->body.p, 0, r->body.len))
		return 1;
	for (size_t i = 0; i + 2 < r->body.len; i++)
		if (r->body.p[i] == '%' && r->body.p[i + 1] == '0' && r->body.p[i + 2] == '0')
			return 1;
	return 0;
}

/* A report job on its worker: the handler, then the connection resumed to send the answer. */
static void report_job(void *arg)
{
	struct req *r = arg;
	run_handler(r, r->job_route);
	r->job_state = JOB_DONE;
	MHD_resume_connection(r->conn);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size, void **req_cls)
{
	(void)version;
	struct server *s = cls;
	struct req *r = *req_cls;
	if (!r) {
		r = req_new(s, c, method, url);
		*req_cls = r;
		/* more time for a declared body, up to what the route accepts (past it: refused) */
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		unsigned long long n = cl ? strtoull(cl, NULL, 10) : 0;
		if (n)
			conns_request_body(c, n < r->body.cap_max ? n : r->body.cap_max);
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (buf_append(&r->body, upload_data, *upload_data_size) != ST_OK)
			r->body.is_too_large = 1; /* keep draining; answer 413 at the end */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->job_state == JOB_DONE)
		return send_response(r); /* resumed by report_job */
	conns_request_in(c);
	choose_lang(r);
	enum route_kind kind = strncmp(r->path, "/api/", 5) == 0 ? ROUTE_API : ROUTE_PAGE;
	if (r->body.is_too_large) {
		render_error(r, ST_TOO_LARGE, req_t(r, "error.too_large"), kind);
	} else if (conns_has_nul(c) || has_encoded_nul(r)) {
		render_error(r, ST_USAGE, req_t(r, "error.nul"), kind);
	} else if (dispatch(r) != ST_OK) {
		return MHD_NO;
	}
	if (r->job_state == JOB_QUEUED) {
		MHD_suspend_connection(c);
		jobs_run(s->jobs, report_job, r);
		return MHD_YES;
	}
	return send_response(r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)toe;
	conns_request_done(c);
	struct req *r = *req_cls;
	if (r)
		req_free(r);
	*req_cls = NULL;
}

static void on_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void on_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n'))
		msg[--n] = '\0';
	log_warn("mhd", "%s", msg);
}

/* Room for conn_limit connections and the server's own files: the soft open-file limit is
 * raised toward the hard one when it is lower. */
static void raise_fd_limit(unsigned conn_limit)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)conn_limit + 128;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want ? rl.rlim_max : want;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
		log_warn("web", "cannot raise the open-file limit to %llu: %s", (unsigned long long)want, strerror(errno));
}

enum status server_run(const struct server_config *cfg)
{
	struct server *s = xcalloc(1, sizeof(*s));
	enum status rc = ST_OK;
	s->cfg = *cfg;
	pthread_mutex_init(&s->pool_mu, NULL);
	pthread_mutex_init(&s->id_mu, NULL);
	pthread_mutex_init(&s->plans_mu, NULL);

	struct sockaddr_in addr;
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->bind_addr, &addr.sin_addr) != 1) {
		log_error("web", "bind address '%s' is not an IPv4 address", cfg->bind_addr);
		rc = ST_USAGE;
		goto out;
	}

	/* SIGTERM/SIGINT are taken by sigwait below; block them in every thread MHD starts. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	raise_fd_limit(cfg->conn_limit);
	s->cache = cache_new(cfg->cache_max_bytes);
	s->progress = cfg->progress_max_bytes ? progress_memo_new(cfg->progress_max_bytes) : NULL;
	s->conns = conns_start(cfg->deadline_s ? cfg->deadline_s : 20);
	s->jobs = jobs_start(cfg->report_workers ? cfg->report_workers : 2, cfg->report_queue);
	if (!s->conns || !s->jobs) {
		log_error("web", "cannot start the server's threads");
		rc = ST_IO;
		goto out;
	}
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
			MHD_ALLOW_SUSPEND_RESUME,
		0, NULL, NULL, on_request, s,
		MHD_OPTION_EXTERNAL_LOGGER, on_log, s, /* first, so every message of MHD goes through it */
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads ? cfg->threads : 4),
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->conn_limit,
		/* behind a proxy every connection comes from it: the proxy limits its clients */
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->trusted_proxy ? 0u : (unsigned)cfg->per_ip_conn_limit,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout_s,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_NOTIFY_CONNECTION, conns_notify, s->conns,
		MHD_OPTION_UNESCAPE_CALLBACK, conns_unescape, s->conns,
		MHD_OPTION_URI_LOG_CALLBACK, conns_uri_seen, s->conns,
		MHD_OPTION_END);
	if (!d) {
		log_error("web", "cannot listen on %s:%u: %s", cfg->bind_addr, cfg->port, strerror(errno));
		rc = ST_IO;
		goto out;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = info ? info->port : cfg->port;
	printf("innomon: serving on http://%s:%u/\n", cfg->bind_addr, port);
	fflush(stdout);
	log_info("web", "listening addr=%s port=%u threads=%u", cfg->bind_addr, port, cfg->threads);
	/* the supervision tick: its own thread and store connection, stopped before MHD */
	struct ticker *tk = ticker_start(s->cfg.db_path, &s->cfg.sup, s->cfg.tick_interval_s);

	int sig = 0;
	sigwait(&sigs, &sig);
	log_info("web", "signal %d: finishing in-flight requests", sig);
	ticker_stop(tk);
	MHD_socket ls = MHD_quiesce_daemon(d); /* stop accepting; requests in flight go on */
	for (int i = 0; i < 300; i++) {
		const union MHD_DaemonInfo *ci = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (!ci || ci->num_connections == 0)
			break;
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	jobs_stop(s->jobs); /* reports in flight finish and resume their connections */
	s->jobs = NULL;
	MHD_stop_daemon(d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	log_info("web", "stopped");
out:
	jobs_stop(s->jobs);
	conns_stop(s->conns);
	cache_free(s->cache);
	progress_memo_free(s->progress);
	for (size_t i = 0; i < s->n_idle; i++)
		store_close(s->idle[i]);
	pthread_mutex_destroy(&s->pool_mu);
	pthread_mutex_destroy(&s->id_mu);
	for (size_t i = 0; i < s->n_plans; i++)
		arena_free(s->plans[i].arena);
	pthread_mutex_destroy(&s->plans_mu);
	free(s);
	return rc;
}
