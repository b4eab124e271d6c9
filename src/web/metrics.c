/* metrics.c - request, store and import counters with per-route latency histograms, kept
 * under one mutex (a request touches it twice: a linear scan of at most a few hundred short
 * names, far below the cost of the request). Owns its memory; never grows past the caps in
 * metrics.h, so hostile paths cannot make it allocate. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "web/metrics.h"
#include "base/banned.h"

#define OVERFLOW_ROUTE "overflow"
#define OVERFLOW_STATUS 0u /* rendered as status="other" */

/* Upper bounds of the latency buckets (Prometheus client defaults), as numbers and as the
 * exact text of the le label; the last bucket (+Inf) has no bound. */
static const double bucket_bounds[METRICS_N_BUCKETS - 1] = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};
static const char *const bucket_labels[METRICS_N_BUCKETS] = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
							      "0.5",   "1",    "2.5",   "5",    "10",  "+Inf"};

struct request_series {
	char route[METRICS_ROUTE_MAX_BYTES + 1];
	unsigned http_status; /* OVERFLOW_STATUS for the overflow pair */
	uint64_t n_requests;
};

struct latency_histogram {
	char route[METRICS_ROUTE_MAX_BYTES + 1];
	uint64_t n_in_bucket[METRICS_N_BUCKETS]; /* not cumulative: rendering adds them up */
	uint64_t n_observations;
	double sum_seconds;
};

struct metrics {
	pthread_mutex_t *mu; /* a pointer so that rendering a const registry can still lock it */
	struct request_series series[METRICS_MAX_SERIES];
	size_t n_series; /* the last slot is kept for the overflow pair */
	struct latency_histogram histograms[METRICS_MAX_ROUTES];
	size_t n_histograms; /* the last slot is kept for the overflow route */
	uint64_t n_store_errors;
	uint64_t n_rows_imported, n_rows_rejected;
};

struct metrics *metrics_new(void)
{
	struct metrics *m = xcalloc(1, sizeof(*m));
	m->mu = xmalloc(sizeof(*m->mu));
	if (pthread_mutex_init(m->mu, NULL) != 0)
		BUG("pthread_mutex_init failed");
	return m;
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	pthread_mutex_destroy(m->mu);
	free(m->mu);
	free(m);
}

static void copy_route(char out[METRICS_ROUTE_MAX_BYTES + 1], const char *route)
{
	size_t n = strnlen(route, METRICS_ROUTE_MAX_BYTES);
	memcpy(out, route, n);
	out[n] = '\0';
}

/* The series for (route, status), created when there is room, else the overflow pair.
 * route is already cut to METRICS_ROUTE_MAX_BYTES. Called with the mutex held. */
static struct request_series *series_for(struct metrics *m, const char *route, unsigned http_status)
{
	for (size_t i = 0; i < m->n_series; i++)
		if (m->series[i].http_status == http_status && strcmp(m->series[i].route, route) == 0)
			return &m->series[i];
	if (m->n_series < METRICS_MAX_SERIES - 1) {
		struct request_series *s = &m->series[m->n_series++];
		copy_route(s->route, route);
		s->http_status = http_status;
		return s;
	}
	struct request_series *overflow = &m->series[METRICS_MAX_SERIES - 1];
	if (!overflow->route[0]) {
		copy_route(overflow->route, OVERFLOW_ROUTE);
		overflow->http_status = OVERFLOW_STATUS;
	}
	return overflow;
}

static struct latency_histogram *histogram_for(struct metrics *m, const char *route)
{
	for (size_t i = 0; i < m->n_histograms; i++)
		if (strcmp(m->histograms[i].route, route) == 0)
			return &m->histograms[i];
	if (m->n_histograms < METRICS_MAX_ROUTES - 1) {
		struct latency_histogram *h = &m->histograms[m->n_histograms++];
		copy_route(h->route, route);
		return h;
	}
	struct latency_histogram *overflow = &m->histograms[METRICS_MAX_ROUTES - 1];
	if (!overflow->route[0])
		copy_route(overflow->route, OVERFLOW_ROUTE);
	return overflow;
}

void metrics_request(struct metrics *m, const char *route_name, unsigned http_status, double duration_seconds)
{
	char route[METRICS_ROUTE_MAX_BYTES + 1];
	copy_route(route, route_name && *route_name ? route_name : "unknown");
	if (http_status < 100 || http_status > 999)
		http_status = OVERFLOW_STATUS;
	if (!(duration_seconds > 0) || !isfinite(duration_seconds)) /* NaN, negative, inf */
		duration_seconds = 0;
	size_t bucket = METRICS_N_BUCKETS - 1;
	for (size_t i = 0; i < METRICS_N_BUCKETS - 1; i++)
		if (duration_seconds <= bucket_bounds[i]) {
			bucket = i;
			break;
		}
	pthread_mutex_lock(m->mu);
	series_for(m, route, http_status)->n_requests++;
	struct latency_histogram *h = histogram_for(m, route);
	h->n_in_bucket[bucket]++;
	h->n_observations++;
	h->sum_seconds += duration_seconds;
	pthread_mutex_unlock(m->mu);
}

void metrics_store_error(struct metrics *m)
{
	pthread_mutex_lock(m->mu);
	m->n_store_errors++;
	pthread_mutex_unlock(m->mu);
}

void metrics_import_rows(struct metrics *m, const char *outcome, size_t n)
{
	int is_imported = strcmp(outcome, "imported") == 0;
	if (!is_imported && strcmp(outcome, "rejected") != 0)
		BUG("metrics_import_rows: outcome '%s' is neither 'imported' nor 'rejected'", outcome);
	pthread_mutex_lock(m->mu);
	if (is_imported)
		m->n_rows_imported += n;
	else
		m->n_rows_rejected += n;
	pthread_mutex_unlock(m->mu);
}

/* A label value with the escapes of the text format (backslash, double quote, newline). */
static void put_label_value(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			bw(out, "\\\\");
		else if (*s == '"')
			bw(out, "\\\"");
		else if (*s == '\n')
			bw(out, "\\n");
		else
			bwc(out, *s);
	}
}

static int cmp_series(const void *a, const void *b)
{
	const struct request_series *x = a, *y = b;
	int c = strcmp(x->route, y->route);
	if (c)
		return c;
	return x->http_status < y->http_status ? -1 : x->http_status > y->http_status;
}

static int cmp_histogram(const void *a, const void *b)
{
	const struct latency_histogram *x = a, *y = b;
	return strcmp(x->route, y->route);
}

/* Copies of the live entries (the overflow slots included when used), sorted; caller frees. */
struct snapshot {
	struct request_series *series;
	size_t n_series;
	struct latency_histogram *histograms;
	size_t n_histograms;
	uint64_t n_store_errors, n_rows_imported, n_rows_rejected;
};

static void take_snapshot(const struct metrics *m, struct snapshot *s)
{
	s->series = xcalloc(METRICS_MAX_SERIES, sizeof(*s->series));
	s->histograms = xcalloc(METRICS_MAX_ROUTES, sizeof(*s->histograms));
	pthread_mutex_lock(m->mu);
	memcpy(s->series, m->series, m->n_series * sizeof(*s->series));
	s->n_series = m->n_series;
	if (m->series[METRICS_MAX_SERIES - 1].route[0])
		s->series[s->n_series++] = m->series[METRICS_MAX_SERIES - 1];
	memcpy(s->histograms, m->histograms, m->n_histograms * sizeof(*s->histograms));
	s->n_histograms = m->n_histograms;
	if (m->histograms[METRICS_MAX_ROUTES - 1].route[0])
		s->histograms[s->n_histograms++] = m->histograms[METRICS_MAX_ROUTES - 1];
	s->n_store_errors = m->n_store_errors;
	s->n_rows_imported = m->n_rows_imported;
	s->n_rows_rejected = m->n_rows_rejected;
	pthread_mutex_unlock(m->mu);
	qsort(s->series, s->n_series, sizeof(*s->series), cmp_series);
	qsort(s->histograms, s->n_histograms, sizeof(*s->histograms), cmp_histogram);
}

enum status metrics_render(const struct metrics *m, struct buf *out)
{
	struct snapshot s;
	take_snapshot(m, &s);

	bw(out, "# HELP innomon_http_requests_total HTTP requests answered, by route and status.\n"
		"# TYPE innomon_http_requests_total counter\n");
	for (size_t i = 0; i < s.n_series; i++) {
		const struct request_series *r = &s.series[i];
		bw(out, "innomon_http_requests_total{route=\"");
		put_label_value(out, r->route);
		if (r->http_status == OVERFLOW_STATUS)
			bw(out, "\",status=\"other\"} ");
		else
			bwf(out, "\",status=\"%u\"} ", r->http_status);
		bwf(out, "%llu\n", (unsigned long long)r->n_requests);
	}

	bw(out, "# HELP innomon_http_request_duration_seconds Time to answer an HTTP request, by route.\n"
		"# TYPE innomon_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i < s.n_histograms; i++) {
		const struct latency_histogram *h = &s.histograms[i];
		uint64_t cumulative = 0;
		for (size_t b = 0; b < METRICS_N_BUCKETS; b++) {
			cumulative += h->n_in_bucket[b];
			bw(out, "innomon_http_request_duration_seconds_bucket{route=\"");
			put_label_value(out, h->route);
			bwf(out, "\",le=\"%s\"} %llu\n", bucket_labels[b], (unsigned long long)cumulative);
		}
		bw(out, "innomon_http_request_duration_seconds_sum{route=\"");
		put_label_value(out, h->route);
		bwf(out, "\"} %.17g\n", h->sum_seconds);
		bw(out, "innomon_http_request_duration_seconds_count{route=\"");
		put_label_value(out, h->route);
		bwf(out, "\"} %llu\n", (unsigned long long)h->n_observations);
	}

	bwf(out,
	    "# HELP innomon_store_errors_total Store failures met while answering requests.\n"
	    "# TYPE innomon_store_errors_total counter\n"
	    "innomon_store_errors_total %llu\n",
	    (unsigned long long)s.n_store_errors);
	bwf(out,
	    "# HELP innomon_import_rows_total Rows of finished imports, by outcome.\n"
	    "# TYPE innomon_import_rows_total counter\n"
	    "innomon_import_rows_total{outcome=\"imported\"} %llu\n"
	    "innomon_import_rows_total{outcome=\"rejected\"} %llu\n",
	    (unsigned long long)s.n_rows_imported, (unsigned long long)s.n_rows_rejected);
	bw(out, "# HELP innomon_build_info The running innomon version (always 1).\n"
		"# TYPE innomon_build_info gauge\n"
		"innomon_build_info{version=\"");
	put_label_value(out, INNOMON_VERSION);
	bw(out, "\"} 1\n");

	free(s.series);
	free(s.histograms);
	return buf_status(out);
}
