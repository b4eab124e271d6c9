/* req.h - one HTTP request's context: its arena, inputs (method, path, query, body, cookies,
 * language), the store connection it borrowed, and the response being built. Handlers read
 * the inputs and fill the response; the server sends it and frees everything. */
#ifndef INNOMON_WEB_REQ_H
#define INNOMON_WEB_REQ_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/status.h"
#include "core/obs.h"
#include "core/plan.h"
#include "report/i18n.h"

struct MHD_Connection;
struct store;
struct server;

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
	long long started_us;

	/* response */
	unsigned status;
	const char *content_type;
	struct buf out;
	const char *hdr_names[REQ_MAX_HEADERS], *hdr_values[REQ_MAX_HEADERS];
	size_t n_headers;

	struct plan *plan_cache;      /* the default plan, loaded on first use */
};

/* A query-string argument (decoded), or NULL. */
const char *req_query(struct req *r, const char *name);
/* A cookie value, or NULL. */
const char *req_cookie(struct req *r, const char *name);
/* A request header, or NULL. */
const char *req_header(struct req *r, const char *name);
/* Add a response header (both strings borrowed for the request's life). */
void req_add_header(struct req *r, const char *name, const char *value);
/* The default plan of the store, cached for this request; ST_NOT_FOUND when the store is empty. */
enum status req_plan(struct req *r, struct plan **out) WUR;
/* The message text for key in the request's language. */
const char *req_t(struct req *r, const char *key);

/* Which values this request may see (published only for the public). */
enum obs_view req_view(struct req *r);

/* Set a JSON error answer {error: {code, message, details}} with the HTTP status of st. */
void req_json_error(struct req *r, enum status st, const char *message);

#endif
