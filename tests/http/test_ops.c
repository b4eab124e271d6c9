/* test_ops.c - `innomon serve` as operations see it: /healthz, /metrics counting the requests
 * made, throttled sign-ins (per account and per address), the session cookie's flags, JSON
 * errors that always have {error: {code, message, details}}, unknown fields, malformed JSON,
 * the body size limit, and SIGTERM during a 50 000-row import - to the server (it finishes the
 * request and exits 0) and to `innomon import values` - leaving all of the import or none.
 * INNOMON_BIN names the binary; INNOMON_SOURCE_ROOT the source tree. */
#include <curl/curl.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <cmocka.h>

#include "base/buf.h"
#include "http_util.h"
#include "base/banned.h"

#define TEXT(s) s, sizeof(s) - 1 /* a string literal as (bytes, length) */
#define PW "ops-password-1"
#define BIG_ROWS 50000
#define BODY_MAX_BYTES (1u << 20)   /* the main server runs with --body-max 1M */
#define UPLOAD_MAX_BYTES (2u << 20) /* and --upload-max 2M (file uploads) */

struct fixture {
	struct ht_env env;
	char big_csv[160]; /* BIG_ROWS valid rows */
	struct ht_server srv;
	struct ht_server other; /* the shutdown test's own server (stopped by teardown if a check fails) */
	struct ht_cred admin;
};

static struct fixture fx;

/* The limits of the main server. */
static const char *const small_limits[] = {"--body-max", "1M", "--upload-max", "2M", NULL};

/* ---- the client ------------------------------------------------------------------------- */

/* One request to base (NULL: the fixture's server), 120 s at most; r->status is -1 when no
 * answer came (the caller decides: a request racing a shutdown). */
static void http_at(const char *base, struct ht_resp *r, const char *method, const char *path, const struct ht_cred *c,
		    const char *ctype, const char *body, size_t body_len)
{
	struct ht_request q = {base ? base : fx.srv.url, method, path, c, NULL, ctype, body, body_len, 120};
	(void)ht_send(r, &q);
}

static void http(struct ht_resp *r, const char *method, const char *path, const struct ht_cred *c, const char *ctype,
		 const char *body, size_t body_len)
{
	http_at(NULL, r, method, path, c, ctype, body, body_len);
	if (r->status < 0)
		fail_msg("%s %s: no answer", method, path);
}

static json_t *json_of(const struct ht_resp *r)
{
	json_error_t err;
	json_t *j = ht_json(r, &err);
	if (!j)
		fail_msg("the answer is not JSON (%s): %.300s", err.text, buf_str(&r->body));
	return j;
}

/* Assert r is exactly {error: {code, message, details}} with this status and code; returns
 * the details array (borrowed from *keep, which the caller decrefs). */
static json_t *expect_error(const struct ht_resp *r, long status, const char *code, json_t **keep)
{
	if (r->status != status)
		fail_msg("expected %ld %s, got %ld: %.300s", status, code, r->status, buf_str(&r->body));
	assert_string_equal(r->content_type, "application/json; charset=utf-8");
	json_t *j = json_of(r);
	json_t *e = json_object_get(j, "error");
	assert_int_equal(json_object_size(j), 1);
	assert_true(json_is_object(e));
	assert_int_equal(json_object_size(e), 3);
	assert_true(json_is_string(json_object_get(e, "code")));
	assert_string_equal(json_string_value(json_object_get(e, "code")), code);
	assert_true(json_is_string(json_object_get(e, "message")));
	assert_true(json_string_length(json_object_get(e, "message")) > 0);
	assert_true(json_is_array(json_object_get(e, "details")));
	*keep = j;
	return json_object_get(e, "details");
}

static void expect_error_only(const struct ht_resp *r, long status, const char *code)
{
	json_t *keep;
	(void)expect_error(r, status, code, &keep);
	json_decref(keep);
}

/* ---- the store ---------------------------------------------------------------------------- */

/* A store made by `innomon init` at path (admin password PW). */
static void make_store(char *path)
{
	setenv("INNOMON_ADMIN_PASSWORD", PW, 1);
	char *init[] = {fx.env.bin, "--db", path, "init", NULL};
	assert_int_equal(ht_run(&fx.env, init, NULL, NULL), 0);
	unsetenv("INNOMON_ADMIN_PASSWORD");
}

/* BIG_ROWS valid values: five percentage indicators without sums (so no child may exceed its
 * parent) x ten regions x months from 1950 on, every value 5 (inside every rule's range). */
static int write_big_csv(const char *path)
{
	static const char *const inds[] = {"other_tc_growth", "other_tc_gdp_ratio", "other_hightech_va_growth",
					   "other_hightech_mfg_growth", "rd_intensity"};
	static const char *const regs[] = {"hunan", "czt", "zcq", "changsha", "zhuzhou", "xiangtan",
					   "cs-hitech", "zz-hitech", "xt-hitech", "nx-hitech"};
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("indicator,region,period,value\n", f);
	int n = 0;
	for (int y = 1950; n < BIG_ROWS; y++)
		for (int m = 1; m <= 12 && n < BIG_ROWS; m++)
			for (int i = 0; i < 5 && n < BIG_ROWS; i++)
				for (int g = 0; g < 10 && n < BIG_ROWS; g++, n++)
					fprintf(f, "%s,%s,%d-%02d,5\n", inds[i], regs[g], y, m);
	return fclose(f) == 0 ? 0 : -1;
}

/* ---- setup -------------------------------------------------------------------------------- */

static int group_setup(void **state)
{
	(void)state;
	if (ht_env_init(&fx.env, "ops") != 0)
		return -1;
	snprintf(fx.big_csv, sizeof(fx.big_csv), "%s/big.csv", fx.env.tmpdir);
	setenv("INNOMON_ADMIN_PASSWORD", PW, 1);
	int rc = ht_innomon(&fx.env, NULL, NULL, "init", NULL);
	unsetenv("INNOMON_ADMIN_PASSWORD");
	if (rc != 0 || write_big_csv(fx.big_csv) != 0) {
		fprintf(stderr, "innomon init or writing big.csv failed\n");
		return -1;
	}
	/* no supervision tick in the background: it writes to the store (and the audit trail) on
	 * its own, which would look like a refused request changing the store */
	setenv("INNOMON_TICK_INTERVAL", "0", 0);
	char log_path[160];
	snprintf(log_path, sizeof(log_path), "%s/serve.log", fx.env.tmpdir);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || ht_server_start(&fx.srv, &fx.env, fx.env.db, small_limits, NULL, log_path, 0) != 0) {
		fprintf(stderr, "the server did not start; its log is %s\n", log_path);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (fx.srv.pid > 0)
		(void)ht_server_stop(&fx.srv);
	if (fx.other.pid > 0)
		(void)ht_server_stop(&fx.other);
	curl_global_cleanup();
	ht_env_release(&fx.env);
	return 0;
}

/* ---- health and metrics -------------------------------------------------------------------- */

static void test_ops_healthz(void **state)
{
	(void)state;
	struct ht_resp r;
	http(&r, "GET", "/healthz", NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "application/json; charset=utf-8");
	json_t *j = json_of(&r);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "ok");
	assert_string_equal(json_string_value(json_object_get(j, "store")), "ok");
	json_decref(j);
	ht_resp_free(&r);
}

/* The value of the sample line that starts with series (exact labels), or -1. */
static long long metric(const struct ht_resp *r, const char *series)
{
	const char *p = buf_str(&r->body);
	size_t n = strlen(series);
	for (; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p))
		if (strncmp(p, series, n) == 0 && p[n] == ' ')
			return strtoll(p + n + 1, NULL, 10);
	return -1;
}

static void test_ops_metrics_count_requests(void **state)
{
	(void)state;
	struct ht_resp r;
	/* this server answered nothing on these routes before */
	for (int i = 0; i < 7; i++) {
		http(&r, "GET", "/api/v1/progress", NULL, NULL, NULL, 0);
		assert_int_equal(r.status, 200);
		ht_resp_free(&r);
	}
	for (int i = 0; i < 3; i++) {
		http(&r, "GET", "/api/v1/nothing-here", NULL, NULL, NULL, 0);
		assert_int_equal(r.status, 404);
		ht_resp_free(&r);
	}
	http(&r, "GET", "/api/v1/users", NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 401);
	ht_resp_free(&r);

	http(&r, "GET", "/metrics", NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
	const char *text = buf_str(&r.body);
	assert_non_null(strstr(text, "# TYPE innomon_http_requests_total counter\n"));
	assert_non_null(strstr(text, "# TYPE innomon_http_request_duration_seconds histogram\n"));
	assert_non_null(strstr(text, "# TYPE innomon_store_errors_total counter\n"));
	assert_non_null(strstr(text, "# TYPE innomon_import_rows_total counter\n"));
	assert_int_equal(metric(&r, "innomon_http_requests_total{route=\"api_progress\",status=\"200\"}"), 7);
	assert_int_equal(metric(&r, "innomon_http_requests_total{route=\"not_found\",status=\"404\"}"), 3);
	assert_int_equal(metric(&r, "innomon_http_requests_total{route=\"api_users_get\",status=\"401\"}"), 1);
	assert_int_equal(metric(&r, "innomon_http_request_duration_seconds_count{route=\"api_progress\"}"), 7);
	assert_int_equal(metric(&r, "innomon_http_request_duration_seconds_bucket{route=\"api_progress\",le=\"+Inf\"}"), 7);
	assert_int_equal(metric(&r, "innomon_store_errors_total"), 0);
	/* /metrics is counted once answered */
	assert_int_equal(metric(&r, "innomon_http_requests_total{route=\"metrics\",status=\"200\"}"), -1);
	ht_resp_free(&r);
	http(&r, "GET", "/metrics", NULL, NULL, NULL, 0);
	assert_int_equal(metric(&r, "innomon_http_requests_total{route=\"metrics\",status=\"200\"}"), 1);
	assert_int_equal(metric(&r, "innomon_http_requests_total{route=\"api_progress\",status=\"200\"}"), 7);
	ht_resp_free(&r);
}

/* ---- sessions ------------------------------------------------------------------------------ */

static void test_ops_session_cookie_flags(void **state)
{
	(void)state;
	struct ht_resp r;
	char v[512];
	assert_int_equal(ht_signin(fx.srv.url, "admin", PW, &fx.admin, &r), 0);
	assert_non_null(ht_header(&r, "Set-Cookie", v, sizeof(v)));
	assert_true(strncmp(v, "innomon_session=", 16) == 0);
	assert_non_null(strstr(v, "; HttpOnly"));
	assert_non_null(strstr(v, "; SameSite=Strict"));
	assert_non_null(strstr(v, "; Path=/"));
	assert_null(strcasestr(v, "secure")); /* plain HTTP: not Secure */
	/* the token is 256 random bits (43 base64url characters); the store keeps only its hash */
	assert_int_equal(strlen(fx.admin.cookie), 43);
	assert_int_equal(ht_db_int(fx.env.db, "SELECT count(*) FROM sessions WHERE token_hash = 'x' OR length(token_hash) <> 64"), 0);
	ht_resp_free(&r);

	/* signing out (another session) clears the cookie with the same flags */
	struct ht_cred other;
	assert_int_equal(ht_signin(fx.srv.url, "admin", PW, &other, NULL), 0);
	http(&r, "DELETE", "/api/v1/session", &other, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_non_null(ht_header(&r, "Set-Cookie", v, sizeof(v)));
	assert_true(strncmp(v, "innomon_session=;", 17) == 0);
	assert_non_null(strstr(v, "Max-Age=0"));
	assert_non_null(strstr(v, "HttpOnly"));
	assert_non_null(strstr(v, "SameSite=Strict"));
	ht_resp_free(&r);
	/* and the signed-out cookie is anonymous: cleared again, refused where a user is needed */
	http(&r, "GET", "/api/v1/session", &other, NULL, NULL, 0);
	expect_error_only(&r, 401, "unauthorized");
	assert_non_null(ht_header(&r, "Set-Cookie", v, sizeof(v)));
	assert_non_null(strstr(v, "Max-Age=0"));
	ht_resp_free(&r);
}

/* ---- JSON errors --------------------------------------------------------------------------- */

static void test_ops_json_errors_have_one_shape(void **state)
{
	(void)state;
	struct ht_resp r;
	json_t *keep;
	char v[64];
	http(&r, "GET", "/api/v1/nope", NULL, NULL, NULL, 0);
	expect_error_only(&r, 404, "not_found");
	ht_resp_free(&r);
	http(&r, "DELETE", "/api/v1/plan", NULL, NULL, NULL, 0);
	expect_error_only(&r, 405, "usage");
	assert_non_null(ht_header(&r, "Allow", v, sizeof(v)));
	assert_string_equal(v, "GET");
	ht_resp_free(&r);
	http(&r, "GET", "/api/v1/review", NULL, NULL, NULL, 0);
	expect_error_only(&r, 401, "unauthorized");
	ht_resp_free(&r);
	http(&r, "GET", "/api/v1/indicators/nope", NULL, NULL, NULL, 0);
	expect_error_only(&r, 404, "not_found");
	ht_resp_free(&r);
	http(&r, "GET", "/api/v1/values?status=whatever", NULL, NULL, NULL, 0);
	json_t *d = expect_error(&r, 422, "bad_value", &keep);
	assert_string_equal(json_string_value(json_object_get(json_array_get(d, 0), "field")), "status");
	json_decref(keep);
	ht_resp_free(&r);
	/* wrong credentials: 401 with a code of its own */
	http(&r, "POST", "/api/v1/session", NULL, "application/json", TEXT("{\"name\":\"admin\",\"password\":\"nope-nope-nope\"}"));
	expect_error_only(&r, 401, "bad_credentials");
	ht_resp_free(&r);
	/* a cookie state change without the CSRF token */
	struct ht_cred no_csrf = fx.admin;
	no_csrf.csrf[0] = '\0';
	http(&r, "POST", "/api/v1/values", &no_csrf, "application/json", TEXT("{}"));
	expect_error_only(&r, 403, "csrf");
	ht_resp_free(&r);
	/* a commit of a committed upload: 409 */
	const char *csv = "indicator,region,period,value\ninvention_patents_per_10k,zhuzhou,2041-01,9\n";
	http(&r, "POST", "/api/v1/imports?name=one.csv", &fx.admin, "text/csv", csv, strlen(csv));
	assert_int_equal(r.status, 201);
	json_t *j = json_of(&r);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/imports/%lld/commit", (long long)json_integer_value(json_object_get(j, "id")));
	json_decref(j);
	ht_resp_free(&r);
	http(&r, "POST", path, &fx.admin, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	ht_resp_free(&r);
	http(&r, "POST", path, &fx.admin, NULL, NULL, 0);
	expect_error_only(&r, 409, "already_committed");
	ht_resp_free(&r);
	/* a file with a bad row: 422 with the row named */
	csv = "indicator,region,period,value\ninvention_patents_per_10k,zhuzhou,2041-02,not-a-number\n";
	http(&r, "POST", "/api/v1/imports?name=bad.csv", &fx.admin, "text/csv", csv, strlen(csv));
	d = expect_error(&r, 422, "invalid", &keep);
	json_t *errors = json_object_get(json_array_get(d, 0), "errors");
	assert_true(json_array_size(errors) >= 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(errors, 0), "row")), 2);
	json_decref(keep);
	ht_resp_free(&r);
}

static void test_ops_unknown_fields_are_refused(void **state)
{
	(void)state;
	struct ht_resp r;
	json_t *keep;
	long long versions = ht_db_int(fx.env.db, "SELECT count(*) FROM plan_versions");
	http(&r, "POST", "/api/v1/session", NULL, "application/json", TEXT("{\"name\":\"admin\",\"password\":\"x\",\"remember\":true}"));
	json_t *d = expect_error(&r, 422, "unknown_field", &keep);
	assert_int_equal(json_array_size(d), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(d, 0), "field")), "remember");
	assert_string_equal(json_string_value(json_object_get(json_array_get(d, 0), "code")), "unknown_field");
	json_decref(keep);
	ht_resp_free(&r);
	/* every unknown member is named; nothing is saved */
	const char *body = "{\"name_en\":\"x\",\"colour\":\"red\",\"size\":3}";
	http(&r, "PUT", "/api/v1/plan/units/amr", &fx.admin, "application/json", body, strlen(body));
	d = expect_error(&r, 422, "unknown_field", &keep);
	assert_int_equal(json_array_size(d), 2);
	json_decref(keep);
	ht_resp_free(&r);
	/* an unknown member of one value */
	body = "{\"values\":[{\"indicator\":\"invention_patents_per_10k\",\"region\":\"zhuzhou\",\"period\":\"2041-03\",\"value\":1,"
	       "\"unit\":\"件\"}]}";
	long long obs = ht_db_int(fx.env.db, "SELECT count(*) FROM observations");
	http(&r, "POST", "/api/v1/values", &fx.admin, "application/json", body, strlen(body));
	d = expect_error(&r, 422, "invalid", &keep);
	assert_string_equal(json_string_value(json_object_get(json_array_get(d, 0), "code")), "unknown_field");
	assert_string_equal(json_string_value(json_object_get(json_array_get(d, 0), "field")), "unit");
	json_decref(keep);
	ht_resp_free(&r);
	assert_int_equal(ht_db_int(fx.env.db, "SELECT count(*) FROM observations"), obs);
	assert_int_equal(ht_db_int(fx.env.db, "SELECT count(*) FROM plan_versions"), versions);
}

static void test_ops_malformed_json_is_400(void **state)
{
	(void)state;
	static const char *const bodies[] = {"{\"name\":", "not json", "", "[1,2]", "\"admin\"", "{\"name\":\"a\",\"name\":\"b\"}",
					     "{\"name\":\"admin\"} trailing"};
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		struct ht_resp r;
		http(&r, "POST", "/api/v1/session", NULL, "application/json", bodies[i], strlen(bodies[i]));
		expect_error_only(&r, 400, "bad_json");
		ht_resp_free(&r);
	}
	struct ht_resp r;
	json_t *keep;
	http(&r, "POST", "/api/v1/session", NULL, "application/json", TEXT("{\n\"name\": tru"));
	json_t *d = expect_error(&r, 400, "bad_json", &keep);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(d, 0), "line")), 2);
	assert_true(json_is_string(json_object_get(json_array_get(d, 0), "message")));
	json_decref(keep);
	ht_resp_free(&r);
}

static void test_ops_body_limit_is_413(void **state)
{
	(void)state;
	size_t n = UPLOAD_MAX_BYTES + 4096;
	char *big = malloc(n);
	assert_non_null(big);
	memset(big, ' ', n);
	big[0] = '{';
	long long obs = ht_db_int(fx.env.db, "SELECT count(*) FROM observations");
	long long uploads = ht_db_int(fx.env.db, "SELECT count(*) FROM uploads");
	struct ht_resp r;
	http(&r, "POST", "/api/v1/values", &fx.admin, "application/json", big, BODY_MAX_BYTES + 1);
	expect_error_only(&r, 413, "too_large");
	ht_resp_free(&r);
	/* a file upload has its own, larger limit */
	http(&r, "POST", "/api/v1/imports?name=big.csv", &fx.admin, "text/csv", big, UPLOAD_MAX_BYTES + 1);
	expect_error_only(&r, 413, "too_large");
	ht_resp_free(&r);
	http(&r, "POST", "/api/v1/imports?name=big.csv", &fx.admin, "text/csv", big, BODY_MAX_BYTES + 4096);
	expect_error_only(&r, 422, "invalid"); /* read, and refused for what it says */
	ht_resp_free(&r);
	/* a registry file is a file import too: the same limit (the route table's body column) */
	http(&r, "POST", "/api/v1/registries/talents?name=big.csv", &fx.admin, "text/csv", big, UPLOAD_MAX_BYTES + 1);
	expect_error_only(&r, 413, "too_large");
	ht_resp_free(&r);
	http(&r, "POST", "/api/v1/registries/talents?name=big.csv", &fx.admin, "text/csv", big, BODY_MAX_BYTES + 4096);
	expect_error_only(&r, 422, "invalid");
	ht_resp_free(&r);
	/* anonymous too: the limit holds before anything else */
	http(&r, "POST", "/api/v1/session", NULL, "application/json", big, BODY_MAX_BYTES + 1);
	expect_error_only(&r, 413, "too_large");
	ht_resp_free(&r);
	/* a page answers in HTML */
	http(&r, "POST", "/signin", NULL, "application/x-www-form-urlencoded", big, BODY_MAX_BYTES + 1);
	assert_int_equal(r.status, 413);
	assert_string_equal(r.content_type, "text/html; charset=utf-8");
	ht_resp_free(&r);
	/* just under the limit is read (and refused for what it says, not for its size) */
	size_t under = BODY_MAX_BYTES - 2;
	big[under - 1] = '}';
	http(&r, "POST", "/api/v1/values", &fx.admin, "application/json", big, under);
	expect_error_only(&r, 422, "missing");
	ht_resp_free(&r);
	free(big);
	assert_int_equal(ht_db_int(fx.env.db, "SELECT count(*) FROM observations"), obs);
	/* no file is kept: the one that was read failed its check (issue 11: refused uploads go) */
	assert_int_equal(ht_db_int(fx.env.db, "SELECT count(*) FROM uploads"), uploads);
}

/* ---- throttling ---------------------------------------------------------------------------- */

static void test_ops_signin_throttled_per_account(void **state)
{
	(void)state;
	struct ht_cred c;
	struct ht_resp r;
	char v[64];
	char *add[] = {fx.env.bin, "--db", fx.env.db, "user", "add", "throttled", "--role", "reader", "--password-stdin", NULL};
	assert_int_equal(ht_run(&fx.env, add, PW "\n", NULL), 0);
	long long failures = ht_db_int(fx.env.db, "SELECT count(*) FROM signin_attempts WHERE name = 'throttled' AND ok = 0");
	assert_int_equal(failures, 0);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(ht_signin(fx.srv.url, "throttled", "wrong-password", &c, &r), 401);
		expect_error_only(&r, 401, "bad_credentials");
		ht_resp_free(&r);
	}
	/* the sixth wrong password, and then the right one, are turned away */
	assert_int_equal(ht_signin(fx.srv.url, "throttled", "wrong-password", &c, &r), 429);
	expect_error_only(&r, 429, "too_many_attempts");
	assert_non_null(ht_header(&r, "Retry-After", v, sizeof(v)));
	assert_true(strtol(v, NULL, 10) > 0);
	ht_resp_free(&r);
	assert_int_equal(ht_signin(fx.srv.url, "throttled", PW, &c, &r), 429);
	expect_error_only(&r, 429, "too_many_attempts");
	assert_non_null(ht_header(&r, "Retry-After", v, sizeof(v)));
	ht_resp_free(&r);
	/* the sign-in page too */
	const char *form = "name=throttled&password=" PW;
	http(&r, "POST", "/signin", NULL, "application/x-www-form-urlencoded", form, strlen(form));
	assert_int_equal(r.status, 429);
	assert_null(strstr(buf_str(&r.headers), "innomon_session="));
	ht_resp_free(&r);
	assert_int_equal(ht_db_int(fx.env.db, "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.name = 'throttled'"), 0);
	/* other accounts are not held up by one account's failures */
	struct ht_cred ok;
	assert_int_equal(ht_signin(fx.srv.url, "admin", PW, &ok, NULL), 0);
}

static void test_ops_signin_throttled_per_address(void **state)
{
	(void)state;
	struct ht_cred c;
	struct ht_resp r;
	int n_unauth = 0;
	long st = 0;
	/* failures for many names from one address (127.0.0.1): at most 20 in the window */
	for (int i = 0; i < 25; i++) {
		char name[32];
		snprintf(name, sizeof(name), "nobody-%d", i);
		st = ht_signin(fx.srv.url, name, "wrong-password", &c, NULL);
		if (st != 401)
			break;
		n_unauth++;
	}
	assert_int_equal(st, 429);
	assert_true(n_unauth >= 1 && n_unauth <= 20);
	/* now even a right password from this address waits */
	assert_int_equal(ht_signin(fx.srv.url, "admin", PW, &c, &r), 429);
	expect_error_only(&r, 429, "too_many_attempts");
	ht_resp_free(&r);
	/* sessions already open keep working */
	http(&r, "GET", "/api/v1/session", &fx.admin, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	ht_resp_free(&r);
}

/* ---- SIGTERM during an import ---------------------------------------------------------------- */

struct commit_call {
	const char *base;
	const struct ht_cred *cred;
	char path[128];
	long status;
	long long n_new;
	struct timespec done; /* when the answer arrived */
};

static double seconds(const struct timespec *t)
{
	return (double)t->tv_sec + (double)t->tv_nsec / 1e9;
}

static void *commit_thread(void *arg)
{
	struct commit_call *cc = arg;
	struct ht_resp r;
	http_at(cc->base, &r, "POST", cc->path, cc->cred, NULL, NULL, 0);
	clock_gettime(CLOCK_MONOTONIC, &cc->done);
	cc->status = r.status;
	if (r.status == 200) {
		json_error_t err;
		json_t *j = json_loadb(buf_str(&r.body), r.body.len, 0, &err);
		cc->n_new = j ? json_integer_value(json_object_get(j, "new")) : -1;
		json_decref(j);
	}
	ht_resp_free(&r);
	return NULL;
}

/* Wait (at most 20 s) until another connection holds the write lock of the store db_path -
 * the import is writing its rows inside its transaction - or the process pid has exited.
 * 1 when the lock was seen. */
static int wait_for_writer(const char *db_path, pid_t pid)
{
	int seen = 0;
	for (int i = 0; i < 20000 && !seen; i++) {
		seen = testdb_is_writing(db_path);
		if (seen)
			break;
		siginfo_t info;
		memset(&info, 0, sizeof(info));
		if (pid > 0 && waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid)
			break; /* it has finished (left for the caller to reap) */
		struct timespec ts = {0, 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	return seen;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	struct buf b;
	buf_init(&b, 0);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_int_equal(buf_append(&b, chunk, n), ST_OK);
	fclose(f);
	return buf_detach(&b, len);
}

static void test_ops_sigterm_during_server_import(void **state)
{
	(void)state;
	char db[160], log_path[160];
	assert_int_equal(ht_db_new(&fx.env, "shutdown", db, sizeof(db)), 0);
	snprintf(log_path, sizeof(log_path), "%s/shutdown.log", fx.env.tmpdir);
	make_store(db);
	struct ht_server *srv = &fx.other;
	assert_int_equal(ht_server_start(srv, &fx.env, db, NULL, NULL, log_path, 0), 0);
	struct ht_cred admin;
	assert_int_equal(ht_signin(srv->url, "admin", PW, &admin, NULL), 0);
	size_t len;
	char *csv = read_all(fx.big_csv, &len);
	struct ht_resp r;
	http_at(srv->url, &r, "POST", "/api/v1/imports?name=big.csv", &admin, "text/csv", csv, len);
	free(csv);
	if (r.status != 201)
		fail_msg("upload: %ld %.300s", r.status, buf_str(&r.body));
	json_t *j = json_of(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "new")), BIG_ROWS);
	long long up = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	ht_resp_free(&r);

	long long before = ht_db_int(db, "SELECT count(*) FROM observations");
	struct commit_call cc = {srv->url, &admin, "", 0, 0, {0, 0}};
	snprintf(cc.path, sizeof(cc.path), "/api/v1/imports/%lld/commit", up);
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, commit_thread, &cc), 0);
	/* SIGTERM while the import's transaction is open */
	assert_true(wait_for_writer(db, 0));
	struct timespec killed;
	clock_gettime(CLOCK_MONOTONIC, &killed);
	assert_int_equal(kill(srv->pid, SIGTERM), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	fprintf(stderr, "# SIGTERM %.3f s before the commit was answered\n", seconds(&cc.done) - seconds(&killed));
	assert_true(seconds(&cc.done) > seconds(&killed)); /* it was in flight when the signal came */
	assert_int_equal(ht_server_wait(srv, 60000), 0);

	long long after = ht_db_int(db, "SELECT count(*) FROM observations");
	long long batches = ht_db_int(db, "SELECT count(*) FROM import_batches WHERE source_file = 'big.csv'");
	if (after - before != 0 && after - before != BIG_ROWS)
		fail_msg("the store holds %lld of the import's %d rows", after - before, BIG_ROWS);
	assert_int_equal(batches, after - before == BIG_ROWS ? 1 : 0);
	/* the request in flight was finished and answered: all of it */
	assert_int_equal(cc.status, 200);
	assert_int_equal(cc.n_new, BIG_ROWS);
	assert_int_equal(after - before, BIG_ROWS);
	assert_int_equal(ht_db_int(db, "SELECT count(*) FROM uploads WHERE committed_at IS NOT NULL"), 1);
	char *verify[] = {fx.env.bin, "--db", db, "audit", "verify", NULL};
	assert_int_equal(ht_run(&fx.env, verify, NULL, NULL), 0);
}

static void test_ops_sigterm_during_cli_import(void **state)
{
	(void)state;
	char db[160];
	assert_int_equal(ht_db_new(&fx.env, "cli", db, sizeof(db)), 0);
	make_store(db);
	long long before = ht_db_int(db, "SELECT count(*) FROM observations");
	long long batches_before = ht_db_int(db, "SELECT count(*) FROM import_batches"); /* init's: one a plan */
	int n_killed = 0; /* while its transaction was open */
	/* kill it while it writes, three times over; each time all or nothing */
	for (int k = 0; k < 3; k++) {
		char *argv[] = {fx.env.bin, "--db", db, "import", "values", fx.big_csv, "--quiet", NULL};
		posix_spawn_file_actions_t fa;
		pid_t pid;
		int status;
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
		assert_int_equal(posix_spawn(&pid, fx.env.bin, &fa, NULL, argv, environ), 0);
		posix_spawn_file_actions_destroy(&fa);
		/* at a different point of the write each time */
		int is_writing = wait_for_writer(db, pid);
		struct timespec later = {0, k * 200 * 1000 * 1000};
		nanosleep(&later, NULL);
		kill(pid, SIGTERM);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		int was_killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM;
		assert_true(was_killed || (WIFEXITED(status) && WEXITSTATUS(status) == 0));
		n_killed += was_killed && is_writing;
		long long after = ht_db_int(db, "SELECT count(*) FROM observations");
		long long batches = ht_db_int(db, "SELECT count(*) FROM import_batches");
		if (after - before != 0 && after - before != BIG_ROWS)
			fail_msg("after SIGTERM the store holds %lld of the import's %d rows", after - before, BIG_ROWS);
		assert_int_equal(batches - batches_before, after - before == BIG_ROWS ? 1 : 0);
		if (after - before == BIG_ROWS)
			break; /* it finished before the signal: nothing more to interrupt */
	}
	fprintf(stderr, "# the CLI import was killed %d time(s) while writing\n", n_killed);
	/* the store is sound afterwards and the import can be done */
	char *verify[] = {fx.env.bin, "--db", db, "audit", "verify", NULL};
	assert_int_equal(ht_run(&fx.env, verify, NULL, NULL), 0);
	char *again[] = {fx.env.bin, "--db", db, "import", "values", fx.big_csv, "--quiet", NULL};
	assert_int_equal(ht_run(&fx.env, again, NULL, NULL), 0);
	assert_int_equal(ht_db_int(db, "SELECT count(*) FROM observations") - before, BIG_ROWS);
}

/* /metrics shows what the server keeps per store version: five requests of one read are one
 * answer built and four sent from memory, and one judgement of progress (computed, or the one
 * an earlier request of the same version computed). */
static void test_ops_metrics_show_what_is_kept(void **state)
{
	(void)state;
	struct ht_resp r;
	http(&r, "GET", "/metrics", NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(buf_str(&r.body), "# TYPE innomon_cache_answers_total counter\n"));
	assert_non_null(strstr(buf_str(&r.body), "# TYPE innomon_progress_total counter\n"));
	long long hits = metric(&r, "innomon_cache_answers_total{how=\"hit\"}");
	long long misses = metric(&r, "innomon_cache_answers_total{how=\"miss\"}");
	long long judged = metric(&r, "innomon_progress_total{how=\"computed\"}") + metric(&r, "innomon_progress_total{how=\"shared\"}");
	assert_true(hits >= 0 && misses >= 0 && judged >= 0);
	ht_resp_free(&r);
	for (int i = 0; i < 5; i++) {
		http(&r, "GET", "/api/v1/progress?final=1", NULL, NULL, NULL, 0);
		assert_int_equal(r.status, 200);
		ht_resp_free(&r);
	}
	http(&r, "GET", "/metrics", NULL, NULL, NULL, 0);
	assert_int_equal(metric(&r, "innomon_cache_answers_total{how=\"hit\"}"), hits + 4);
	assert_int_equal(metric(&r, "innomon_cache_answers_total{how=\"miss\"}"), misses + 1);
	assert_int_equal(metric(&r, "innomon_progress_total{how=\"computed\"}") +
				 metric(&r, "innomon_progress_total{how=\"shared\"}"),
			 judged + 1);
	assert_true(metric(&r, "innomon_cache_bytes") > 0);
	ht_resp_free(&r);
}

/* Last: SIGTERM stops the idle server with exit code 0. */
static void test_ops_server_stops_on_sigterm(void **state)
{
	(void)state;
	assert_int_equal(ht_server_stop(&fx.srv), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ops_healthz),
		cmocka_unit_test(test_ops_metrics_count_requests),
		cmocka_unit_test(test_ops_metrics_show_what_is_kept),
		cmocka_unit_test(test_ops_session_cookie_flags),
		cmocka_unit_test(test_ops_json_errors_have_one_shape),
		cmocka_unit_test(test_ops_unknown_fields_are_refused),
		cmocka_unit_test(test_ops_malformed_json_is_400),
		cmocka_unit_test(test_ops_body_limit_is_413),
		cmocka_unit_test(test_ops_signin_throttled_per_account),
		cmocka_unit_test(test_ops_signin_throttled_per_address),
		cmocka_unit_test(test_ops_sigterm_during_server_import),
		cmocka_unit_test(test_ops_sigterm_during_cli_import),
		cmocka_unit_test(test_ops_server_stops_on_sigterm),
	};
	return cmocka_run_group_tests_name("ops", tests, group_setup, group_teardown);
}
