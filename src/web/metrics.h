/* metrics.h - the process-wide metrics registry behind GET /metrics (Prometheus text format
 * 0.0.4). main creates one with metrics_new and passes it down (no global); every function
 * may be called from any thread at once. Memory is bounded whatever the requests look like:
 * at most METRICS_MAX_SERIES (route, status) label sets and METRICS_MAX_ROUTES histograms;
 * past the cap a request is counted under route="overflow" so totals stay right. */
#ifndef INNOMON_WEB_METRICS_H
#define INNOMON_WEB_METRICS_H

#include <stddef.h>

#include "base/buf.h"
#include "base/status.h"

#define METRICS_MAX_SERIES 256     /* distinct (route, status) pairs, the overflow pair included */
#define METRICS_MAX_ROUTES 128     /* distinct routes with a latency histogram, overflow included */
#define METRICS_ROUTE_MAX_BYTES 63 /* a longer route name is cut to this many bytes */
#define METRICS_N_BUCKETS 12       /* .005 .01 .025 .05 .1 .25 .5 1 2.5 5 10 +Inf */

struct metrics;

/* A new empty registry; caller frees with metrics_free. Cannot fail (aborts on OOM). */
struct metrics *metrics_new(void);
/* Release the registry; NULL is allowed. No other thread may use it any more. */
void metrics_free(struct metrics *m);

/* Count one answered request: route_name is the matched route's name (or "not_found"; copied,
 * cut to METRICS_ROUTE_MAX_BYTES), http_status the status sent, duration_seconds the time from
 * the first byte received to the response queued (negative or NaN counts as 0). */
void metrics_request(struct metrics *m, const char *route_name, unsigned http_status, double duration_seconds);
/* Count one store failure seen by a request. */
void metrics_store_error(struct metrics *m);
/* Count n rows of a finished import: outcome is "imported" or "rejected" (anything else is a
 * programmer error and aborts). */
void metrics_import_rows(struct metrics *m, const char *outcome, size_t n);

/* Append every metric to out in Prometheus text format 0.0.4, with HELP and TYPE lines:
 * innomon_http_requests_total{route,status}, innomon_http_request_duration_seconds{route}
 * (histogram), innomon_store_errors_total, innomon_import_rows_total{outcome},
 * innomon_build_info{version}. Series are sorted by label so the output is stable.
 * ST_TOO_LARGE when out's cap is reached (out then holds a prefix). */
enum status metrics_render(const struct metrics *m, struct buf *out) WUR;

#endif
