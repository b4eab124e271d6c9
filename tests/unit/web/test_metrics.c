/* test_metrics.c - unit tests of web/metrics.c: the rendered text is parsed as Prometheus
 * text format 0.0.4 (HELP and TYPE before each family's samples, well-formed names, labels and
 * numbers), and checked for request counts by route and status, cumulative histogram buckets
 * with _sum and _count, the store-error and import-row counters, the cap on label sets that
 * keeps hostile paths from growing memory, label escaping, and exact counts under threads. */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "web/metrics.h"
#include "base/banned.h"

#define MAX_SAMPLES 4096

struct sample {
	char key[256]; /* name{labels} exactly as written */
	char name[96];
	double value;
};

struct parsed {
	struct sample samples[MAX_SAMPLES];
	size_t n;
};

static int is_name_char(char c, int is_first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
	       (!is_first && c >= '0' && c <= '9');
}

/* Whether family has had its HELP and TYPE lines (in that order) before now. */
static int is_declared(char declared[][96], size_t n_declared, const char *family)
{
	for (size_t i = 0; i < n_declared; i++)
		if (strcmp(declared[i], family) == 0)
			return 1;
	return 0;
}

/* Parse the whole exposition; fail the test on anything malformed. */
static void parse_exposition(const char *text, struct parsed *out)
{
	static char declared[64][96];
	size_t n_declared = 0;
	char pending_help[96] = "";
	out->n = 0;
	for (const char *line = text; *line;) {
		const char *nl = strchr(line, '\n');
		if (!nl)
			fail_msg("the exposition does not end with a newline");
		size_t len = (size_t)(nl - line);
		char buf[512];
		assert_true(len < sizeof(buf));
		memcpy(buf, line, len);
		buf[len] = '\0';
		line = nl + 1;
		if (strncmp(buf, "# HELP ", 7) == 0) {
			assert_int_equal(sscanf(buf + 7, "%95s", pending_help), 1);
			assert_true(strlen(buf) > 7 + strlen(pending_help) + 1); /* has a text */
			continue;
		}
		if (strncmp(buf, "# TYPE ", 7) == 0) {
			char family[96], type[32];
			assert_int_equal(sscanf(buf + 7, "%95s %31s", family, type), 2);
			assert_string_equal(family, pending_help);
			assert_true(strcmp(type, "counter") == 0 || strcmp(type, "gauge") == 0 ||
				    strcmp(type, "histogram") == 0);
			assert_false(is_declared(declared, n_declared, family));
			assert_true(n_declared < 64);
			snprintf(declared[n_declared++], sizeof(declared[0]), "%s", family);
			continue;
		}
		assert_true(buf[0] != '#' && buf[0] != '\0');
		/* name */
		size_t i = 0;
		while (buf[i] && is_name_char(buf[i], i == 0))
			i++;
		assert_true(i > 0 && i < 96);
		struct sample *s = &out->samples[out->n];
		memcpy(s->name, buf, i);
		s->name[i] = '\0';
		/* labels */
		if (buf[i] == '{') {
			i++;
			for (;;) {
				size_t start = i;
				while (is_name_char(buf[i], i == start))
					i++;
				assert_true(i > start);
				assert_true(buf[i] == '=' && buf[i + 1] == '"');
				i += 2;
				while (buf[i] != '"') {
					assert_true(buf[i] != '\0');
					if (buf[i] == '\\') {
						assert_true(buf[i + 1] == '\\' || buf[i + 1] == '"' || buf[i + 1] == 'n');
						i++;
					}
					i++;
				}
				i++;
				if (buf[i] == ',') {
					i++;
					continue;
				}
				assert_true(buf[i] == '}');
				i++;
				break;
			}
		}
		assert_true(buf[i] == ' ');
		assert_true(i < sizeof(s->key));
		memcpy(s->key, buf, i);
		s->key[i] = '\0';
		char *end;
		s->value = strtod(buf + i + 1, &end);
		assert_true(end != buf + i + 1 && *end == '\0');
		/* the family a sample belongs to: histogram samples carry a suffix */
		char family[96];
		snprintf(family, sizeof(family), "%s", s->name);
		const char *suffixes[] = {"_bucket", "_sum", "_count"};
		if (!is_declared(declared, n_declared, family))
			for (size_t k = 0; k < 3; k++) {
				size_t fl = strlen(family), sl = strlen(suffixes[k]);
				if (fl > sl && strcmp(family + fl - sl, suffixes[k]) == 0) {
					family[fl - sl] = '\0';
					break;
				}
			}
		if (!is_declared(declared, n_declared, family))
			fail_msg("sample '%s' comes before the TYPE of its family", s->key);
		assert_true(out->n + 1 < MAX_SAMPLES);
		out->n++;
	}
}

/* The value of the sample with this exact key; fails when absent. */
static double value_of(const struct parsed *p, const char *key)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->samples[i].key, key) == 0)
			return p->samples[i].value;
	fail_msg("no sample '%s'", key);
	return NAN;
}

static int has_sample(const struct parsed *p, const char *key)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->samples[i].key, key) == 0)
			return 1;
	return 0;
}

static size_t count_named(const struct parsed *p, const char *name, double *sum)
{
	size_t n = 0;
	*sum = 0;
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->samples[i].name, name) == 0) {
			n++;
			*sum += p->samples[i].value;
		}
	return n;
}

static struct parsed *render(struct metrics *m)
{
	struct buf out;
	buf_init(&out, 0);
	assert_int_equal(metrics_render(m, &out), ST_OK);
	struct parsed *p = malloc(sizeof(*p));
	assert_non_null(p);
	parse_exposition(buf_str(&out), p);
	buf_release(&out);
	return p;
}

static const char *const bucket_les[] = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
					 "0.5",   "1",    "2.5",   "5",    "10",  "+Inf"};

/* The cumulative bucket counts of a route, checked to never decrease and to end at _count. */
static void buckets_of(const struct parsed *p, const char *route, double counts[METRICS_N_BUCKETS])
{
	char key[256];
	for (size_t b = 0; b < METRICS_N_BUCKETS; b++) {
		snprintf(key, sizeof(key), "innomon_http_request_duration_seconds_bucket{route=\"%s\",le=\"%s\"}", route,
			 bucket_les[b]);
		counts[b] = value_of(p, key);
		if (b > 0)
			assert_true(counts[b] >= counts[b - 1]);
	}
	snprintf(key, sizeof(key), "innomon_http_request_duration_seconds_count{route=\"%s\"}", route);
	assert_true(counts[METRICS_N_BUCKETS - 1] == value_of(p, key));
}

static void test_metrics_render_empty_registry(void **state)
{
	(void)state;
	struct metrics *m = metrics_new();
	struct parsed *p = render(m);
	assert_true(value_of(p, "innomon_store_errors_total") == 0);
	assert_true(value_of(p, "innomon_import_rows_total{outcome=\"imported\"}") == 0);
	assert_true(value_of(p, "innomon_import_rows_total{outcome=\"rejected\"}") == 0);
	assert_true(value_of(p, "innomon_build_info{version=\"" INNOMON_VERSION "\"}") == 1);
	double sum;
	assert_int_equal(count_named(p, "innomon_http_requests_total", &sum), 0);
	free(p);
	metrics_free(m);
	metrics_free(NULL);
}

static void test_metrics_request_counts_by_route_and_status(void **state)
{
	(void)state;
	struct metrics *m = metrics_new();
	for (int i = 0; i < 3; i++)
		metrics_request(m, "plan", 200, 0.003);
	metrics_request(m, "plan", 404, 0.2);
	metrics_request(m, "api_plan", 200, 0.07);
	metrics_request(m, "not_found", 404, 12.0);
	metrics_request(m, "healthz", 503, 0.001);
	struct parsed *p = render(m);
	assert_true(value_of(p, "innomon_http_requests_total{route=\"plan\",status=\"200\"}") == 3);
	assert_true(value_of(p, "innomon_http_requests_total{route=\"plan\",status=\"404\"}") == 1);
	assert_true(value_of(p, "innomon_http_requests_total{route=\"api_plan\",status=\"200\"}") == 1);
	assert_true(value_of(p, "innomon_http_requests_total{route=\"not_found\",status=\"404\"}") == 1);
	assert_true(value_of(p, "innomon_http_requests_total{route=\"healthz\",status=\"503\"}") == 1);
	assert_false(has_sample(p, "innomon_http_requests_total{route=\"api_plan\",status=\"404\"}"));
	double sum;
	assert_int_equal(count_named(p, "innomon_http_requests_total", &sum), 5);
	assert_true(sum == 7);
	/* sorted by route, then status: stable output */
	size_t first_api = p->n, first_plan = p->n;
	for (size_t i = 0; i < p->n; i++) {
		if (first_api == p->n && strstr(p->samples[i].key, "requests_total{route=\"api_plan\""))
			first_api = i;
		if (first_plan == p->n && strstr(p->samples[i].key, "requests_total{route=\"plan\""))
			first_plan = i;
	}
	assert_true(first_api < first_plan);
	free(p);
	metrics_free(m);
}

static void test_metrics_histogram_is_cumulative_with_sum_and_count(void **state)
{
	(void)state;
	struct metrics *m = metrics_new();
	const double durations[] = {0.003, 0.003, 0.005 /* on a bound: counts in le=0.005 */, 0.2, 0.7, 11.0};
	for (size_t i = 0; i < sizeof(durations) / sizeof(durations[0]); i++)
		metrics_request(m, "plan", i == 5 ? 500 : 200, durations[i]);
	metrics_request(m, "units", 200, -1.0); /* a clock step backwards counts as 0 */
	metrics_request(m, "units", 200, NAN);
	struct parsed *p = render(m);
	double counts[METRICS_N_BUCKETS];
	buckets_of(p, "plan", counts);
	const double expected[METRICS_N_BUCKETS] = {3, 3, 3, 3, 3, 4, 4, 5, 5, 5, 5, 6};
	for (size_t b = 0; b < METRICS_N_BUCKETS; b++)
		if (counts[b] != expected[b])
			fail_msg("bucket le=%s: %g, expected %g", bucket_les[b], counts[b], expected[b]);
	assert_true(value_of(p, "innomon_http_request_duration_seconds_count{route=\"plan\"}") == 6);
	double sum = value_of(p, "innomon_http_request_duration_seconds_sum{route=\"plan\"}");
	assert_true(fabs(sum - 11.911) < 1e-9);
	/* one histogram per route, not per status */
	buckets_of(p, "units", counts);
	for (size_t b = 0; b < METRICS_N_BUCKETS; b++)
		assert_true(counts[b] == 2);
	assert_true(value_of(p, "innomon_http_request_duration_seconds_sum{route=\"units\"}") == 0);
	double total;
	assert_int_equal(count_named(p, "innomon_http_request_duration_seconds_count", &total), 2);
	assert_true(total == 8);
	free(p);
	metrics_free(m);
}

static void test_metrics_store_errors_and_import_rows(void **state)
{
	(void)state;
	struct metrics *m = metrics_new();
	metrics_store_error(m);
	metrics_store_error(m);
	metrics_import_rows(m, "imported", 120);
	metrics_import_rows(m, "imported", 3);
	metrics_import_rows(m, "rejected", 7);
	metrics_import_rows(m, "rejected", 0);
	struct parsed *p = render(m);
	assert_true(value_of(p, "innomon_store_errors_total") == 2);
	assert_true(value_of(p, "innomon_import_rows_total{outcome=\"imported\"}") == 123);
	assert_true(value_of(p, "innomon_import_rows_total{outcome=\"rejected\"}") == 7);
	free(p);
	metrics_free(m);
}

static void test_metrics_label_sets_are_capped(void **state)
{
	(void)state;
	struct metrics *m = metrics_new();
	const int n_routes = 1000;
	char route[32];
	for (int i = 0; i < n_routes; i++) {
		snprintf(route, sizeof(route), "r%04d", i);
		metrics_request(m, route, 200, 0.01);
	}
	/* statuses are label values too: hostile values fold into the overflow pair */
	metrics_request(m, "r0000", 200, 0.01);
	metrics_request(m, "r0000", 99999, 0.01);
	struct parsed *p = render(m);
	double sum;
	size_t n_series = count_named(p, "innomon_http_requests_total", &sum);
	assert_int_equal(n_series, METRICS_MAX_SERIES);
	assert_true(sum == n_routes + 2);
	assert_true(value_of(p, "innomon_http_requests_total{route=\"r0000\",status=\"200\"}") == 2);
	assert_false(has_sample(p, "innomon_http_requests_total{route=\"r0000\",status=\"other\"}"));
	assert_true(value_of(p, "innomon_http_requests_total{route=\"overflow\",status=\"other\"}") ==
		    n_routes - (METRICS_MAX_SERIES - 2));
	size_t n_histograms = count_named(p, "innomon_http_request_duration_seconds_count", &sum);
	assert_int_equal(n_histograms, METRICS_MAX_ROUTES);
	assert_true(sum == n_routes + 2);
	assert_true(value_of(p, "innomon_http_request_duration_seconds_count{route=\"overflow\"}") ==
		    n_routes - (METRICS_MAX_ROUTES - 1));
	free(p);

	/* the rendered size is bounded whatever was recorded */
	struct buf out;
	buf_init(&out, 0);
	assert_int_equal(metrics_render(m, &out), ST_OK);
	size_t len_before = out.len;
	for (int i = 0; i < 5000; i++) {
		snprintf(route, sizeof(route), "x%05d", i);
		metrics_request(m, route, (unsigned)(100 + i % 900), 0.5);
	}
	buf_reset(&out);
	assert_int_equal(metrics_render(m, &out), ST_OK);
	assert_true(out.len < len_before + 1024);
	buf_release(&out);
	metrics_free(m);
}

static void test_metrics_route_names_are_cut_and_escaped(void **state)
{
	(void)state;
	struct metrics *m = metrics_new();
	char long_route[10000];
	memset(long_route, 'a', sizeof(long_route) - 1);
	long_route[sizeof(long_route) - 1] = '\0';
	metrics_request(m, long_route, 200, 0.01);
	metrics_request(m, "we\"ird\\route\nname", 200, 0.01);
	metrics_request(m, NULL, 200, 0.01);
	metrics_request(m, "", 200, 0.01);
	metrics_request(m, "plan", 99999, 0.01); /* not an HTTP status */
	metrics_request(m, "plan", 42, 0.01);
	struct parsed *p = render(m);
	char key[256];
	snprintf(key, sizeof(key), "innomon_http_requests_total{route=\"%.*s\",status=\"200\"}", METRICS_ROUTE_MAX_BYTES,
		 long_route);
	assert_true(value_of(p, key) == 1);
	assert_true(value_of(p, "innomon_http_requests_total{route=\"we\\\"ird\\\\route\\nname\",status=\"200\"}") == 1);
	assert_true(value_of(p, "innomon_http_requests_total{route=\"unknown\",status=\"200\"}") == 2);
	assert_true(value_of(p, "innomon_http_requests_total{route=\"plan\",status=\"other\"}") == 2);
	free(p);
	metrics_free(m);
}

static void test_metrics_render_respects_the_buffer_cap(void **state)
{
	(void)state;
	struct metrics *m = metrics_new();
	metrics_request(m, "plan", 200, 0.01);
	struct buf out;
	buf_init(&out, 256);
	assert_int_equal(metrics_render(m, &out), ST_TOO_LARGE);
	assert_true(out.len < 256);
	buf_release(&out);
	metrics_free(m);
}

#define N_THREADS 8
#define N_PER_THREAD 20000

static void *hammer(void *arg)
{
	struct metrics *m = arg;
	for (int i = 0; i < N_PER_THREAD; i++) {
		metrics_request(m, i % 2 ? "plan" : "api_plan", 200, 0.001 * (i % 7));
		if (i % 100 == 0) {
			metrics_store_error(m);
			metrics_import_rows(m, "imported", 2);
		}
	}
	return NULL;
}

static void test_metrics_counts_exactly_under_threads(void **state)
{
	(void)state;
	struct metrics *m = metrics_new();
	pthread_t threads[N_THREADS];
	for (int i = 0; i < N_THREADS; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, hammer, m), 0);
	/* rendering while others write must be safe too */
	struct buf out;
	buf_init(&out, 0);
	for (int i = 0; i < 20; i++) {
		buf_reset(&out);
		assert_int_equal(metrics_render(m, &out), ST_OK);
	}
	buf_release(&out);
	for (int i = 0; i < N_THREADS; i++)
		assert_int_equal(pthread_join(threads[i], NULL), 0);
	struct parsed *p = render(m);
	assert_true(value_of(p, "innomon_http_requests_total{route=\"plan\",status=\"200\"}") == N_THREADS * N_PER_THREAD / 2);
	assert_true(value_of(p, "innomon_http_requests_total{route=\"api_plan\",status=\"200\"}") ==
		    N_THREADS * N_PER_THREAD / 2);
	assert_true(value_of(p, "innomon_store_errors_total") == N_THREADS * (N_PER_THREAD / 100));
	assert_true(value_of(p, "innomon_import_rows_total{outcome=\"imported\"}") == 2 * N_THREADS * (N_PER_THREAD / 100));
	double counts[METRICS_N_BUCKETS];
	buckets_of(p, "plan", counts);
	assert_true(counts[METRICS_N_BUCKETS - 1] == N_THREADS * N_PER_THREAD / 2);
	free(p);
	metrics_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metrics_render_empty_registry),
		cmocka_unit_test(test_metrics_request_counts_by_route_and_status),
		cmocka_unit_test(test_metrics_histogram_is_cumulative_with_sum_and_count),
		cmocka_unit_test(test_metrics_store_errors_and_import_rows),
		cmocka_unit_test(test_metrics_label_sets_are_capped),
		cmocka_unit_test(test_metrics_route_names_are_cut_and_escaped),
		cmocka_unit_test(test_metrics_render_respects_the_buffer_cap),
		cmocka_unit_test(test_metrics_counts_exactly_under_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
