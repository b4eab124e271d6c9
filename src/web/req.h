/* req.h - one HTTP request's context: its arena, inputs (method, path, query, body, cookies,
 * language), the store connection it borrowed, and the response being built. Handlers read
 * the inputs and fill the response; the server sends it and frees everything. */
#ifndef INNOMON_WEB_REQ_H
#define INNOMON_WEB_REQ_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/status.h"
#include "core/authz.h"
#include "core/obs.h"
#include "core/plan.h"
#include "core/series.h"
#include "report/i18n.h"

struct MHD_Connection;
struct store;
struct server;
struct form;
struct route;
struct cached;

#define REQ_MAX_PARAMS 8
#define REQ_MAX_HEADERS 12

struct req {
	struct arena *arena;          /* request lifetime; freed after the response is sent */
	struct MHD_Connection *conn;  /* borrowed from libmicrohttpd */
	struct server *server;        /* borrowed: configuration and shared resources */
	struct store *store;          /* borrowed from the pool for this request */
	const char *method, *path;    /* path without the query string */
	const char *params[REQ_MAX_PARAMS]; /* values of :name segments in route order */
	size_t n_params;
	struct buf body;              /* request body, capped by the configured limit */
	enum lang lang;
	const char *request_id;
	const char *route_name;       /* the matched route's name (metrics, logs) */
	long long started_us;

	/* response */
	unsigned status;
	const char *content_type;
	struct buf out;
	const char *hdr_names[REQ_MAX_HEADERS], *hdr_values[REQ_MAX_HEADERS];
	size_t n_headers;

	struct plan *plan_cache;      /* the default plan, loaded on first use */
	int is_plan_shared;           /* plan_cache is the server's copy, kept while it runs */

	/* who is asking */
	struct principal principal;   /* role ROLE_NONE for an anonymous visitor */
	int is_cookie_session;        /* authenticated by the session cookie (CSRF applies) */
	const char *session_hash;     /* SHA-256 of the session token, or NULL */
	const char *csrf_token;       /* the session's CSRF token, or NULL */
	const char *client_ip;        /* peer address (or X-Forwarded-For from a trusted proxy) */
	int is_tls;                   /* came over TLS (a trusted proxy said so) */
	struct form *form;            /* a parsed multipart body (multipart.c), or NULL */
	unsigned n_charts;            /* charts drawn so far: their ids stay unique on the page */
	enum { JOB_NONE, JOB_QUEUED, JOB_DONE } job_state; /* a report built on a report worker */
	struct cached *cached;        /* the kept answer to send (web/cache.h), or NULL */
	const char *etag;             /* a cacheable read's ETag (its key's), or NULL */
	const struct route *job_route;
	struct series_input series_in; /* the values req_series read last, their order checked once */
};

/* The series of indicator ind in region g from cur[0..n_cur) (series_build_from), in the
 * request's arena; the order of the values is checked once for all the series the request
 * builds from them (series_input_of), not once per series. */
void req_series(struct req *r, const struct plan *p, const struct obs *cur, size_t n_cur, int ind, int g, struct series *out);

/* A query-string argument (decoded), or NULL. */
const char *req_query(struct req *r, const char *name);
/* The link that reproduces this view: the path and every query argument (encoded again, in
 * order; next and msg, which are no part of a view, left out) with lang set to lang, written
 * to b URL-encoded (escape it for an attribute). */
void req_view_url(struct req *r, struct buf *b, enum lang lang);
/* A cookie value, or NULL. */
const char *req_cookie(struct req *r, const char *name);
/* A request header, or NULL. */
const char *req_header(struct req *r, const char *name);
/* Add a response header (both strings borrowed for the request's life). */
void req_add_header(struct req *r, const char *name, const char *value);
/* The plan the request is about (web/plan_select.h: ?plan=CODE, the plan cookie, the plan in
 * force, the newest), its current version, shared with other requests: READ ONLY.
 * ST_NOT_FOUND when the store is empty or ?plan= names no plan. */
enum status req_plan(struct req *r, struct plan **out) WUR;
/* The same plan read into the request's own arena, for a plan edit to change and save. */
enum status req_plan_mutable(struct req *r, struct plan **out) WUR;
/* The message text for key in the request's language. */
const char *req_t(struct req *r, const char *key);

/* Whether this request may see revision o: published for all, approved for signed-in users,
 * drafts, submitted and returned ones only within the reader's scope or for the department. */
int req_obs_visible(struct req *r, const struct plan *p, const struct obs *o);

/* Which values this request may see (published only for the public): app_reader_of's view. */
enum obs_view req_view(struct req *r);

/* Set a JSON error answer {error: {code, message, details}} with the HTTP status of st.
 * code NULL means status_name(st); details (taken, may be NULL) is an array. */
struct json_t;
void req_json_error(struct req *r, enum status st, const char *message);
void req_json_error_full(struct req *r, enum status st, const char *code, const char *message, struct json_t *details);
/* Answer with a JSON document (takes the reference). */
enum status req_send_json(struct req *r, struct json_t *j) WUR;
/* Parse the request body as a JSON object whose keys are all in allowed (NULL-terminated).
 * On failure the JSON error answer is already set (422 with details naming the field, or 400
 * for malformed JSON) and ST_INVALID is returned; set r->status is kept. */
enum status req_json_body(struct req *r, const char *const *allowed, struct json_t **out) WUR;
/* A form field of an application/x-www-form-urlencoded body (decoded, in the arena), or NULL. */
const char *req_form(struct req *r, const char *name);
/* Every value of a repeated form field (up to max), in order; returns how many. */
size_t req_form_all(struct req *r, const char *name, const char **out, size_t max);
/* Redirect (303 See Other) to a local path. */
void req_redirect(struct req *r, const char *path);
/* The diagnostics as JSON details [{row, column, field, code, message, value}]. */
struct diag_list;
struct json_t *req_diag_details(const struct diag_list *d, int row_offset);

#endif
