/* test_http.c - HTTP tests of `innomon serve` through a real socket: a temporary store made by
 * `innomon init`, the server started as a child on port 0 (the port read from its "serving on"
 * line), libcurl as the client. Checks status, content type, headers and the text a user sees,
 * runs every HTML page through `tidy -q -e`, and stops the server with SIGTERM (exit 0).
 * INNOMON_BIN names the binary; INNOMON_SOURCE_ROOT the source tree. */
#include <curl/curl.h>
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "base/buf.h"
#include "http_util.h"
#include "base/banned.h"

#define TITLE_ZH "长株潭国家自主创新示范区提质升级行动计划"
#define TITLE_EN "Action Plan for Upgrading the Changsha-Zhuzhou-Xiangtan National Independent Innovation Demonstration Zone"

struct fixture {
	struct ht_env env;
	struct ht_server srv;   /* on env.db, for every test */
	struct ht_server other; /* started by one test, stopped by its teardown */
	json_t *cli_plan; /* `innomon plan show --json` */
};

static struct fixture fx;

static int group_setup(void **state)
{
	(void)state;
	if (ht_env_init(&fx.env, "http") != 0)
		return -1;
	struct buf out;
	buf_init(&out, 0);
	if (ht_innomon(&fx.env, NULL, NULL, "init", NULL) != 0) {
		fprintf(stderr, "innomon init failed\n");
		return -1;
	}
	json_error_t err;
	int rc = ht_innomon(&fx.env, NULL, &out, "plan", "show", "--json", NULL);
	fx.cli_plan = rc == 0 ? json_loadb(buf_str(&out), out.len, 0, &err) : NULL;
	buf_release(&out);
	if (!fx.cli_plan)
		return -1;
	char log_path[160];
	snprintf(log_path, sizeof(log_path), "%s/serve.log", fx.env.tmpdir);
	if (ht_server_start(&fx.srv, &fx.env, fx.env.db, NULL, NULL, log_path, 0) != 0) {
		fprintf(stderr, "the server did not start; its log is %s\n", log_path);
		return -1;
	}
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	if (fx.srv.pid > 0)
		(void)ht_server_stop(&fx.srv);
	json_decref(fx.cli_plan);
	curl_global_cleanup();
	ht_env_release(&fx.env);
	return 0;
}

/* ---- the client ------------------------------------------------------------------------- */

/* One request to the server at base; method NULL is GET, POST sends the form x=1; extra
 * header lines NULL-terminated (or NULL). Fails the test when no answer came; the caller
 * releases r with ht_resp_free. */
static void request_at(const char *base, struct ht_resp *r, const char *method, const char *path,
		       const char *const *extra)
{
	int is_post = method && strcmp(method, "POST") == 0;
	struct ht_request q = {base, method, path, NULL, extra, NULL, is_post ? "x=1" : NULL, is_post ? 3 : 0, 30};
	CURLcode rc = ht_send(r, &q);
	if (rc != CURLE_OK)
		fail_msg("%s %s%s: %s", method ? method : "GET", base, path, curl_easy_strerror(rc));
}

/* A request to the main server. */
static void request(struct ht_resp *r, const char *method, const char *path, const char *const *extra)
{
	request_at(fx.srv.url, r, method, path, extra);
}

static void expect_body_has(const struct ht_resp *r, const char *text)
{
	if (!strstr(buf_str(&r->body), text))
		fail_msg("the response does not contain '%s'", text);
}

static void expect_body_lacks(const struct ht_resp *r, const char *text)
{
	if (strstr(buf_str(&r->body), text))
		fail_msg("the response contains '%s'", text);
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The security headers every response carries. */
static void expect_security_headers(const struct ht_resp *r)
{
	char v[512];
	assert_non_null(ht_header(r, "X-Content-Type-Options", v, sizeof(v)));
	assert_string_equal(v, "nosniff");
	assert_non_null(ht_header(r, "X-Frame-Options", v, sizeof(v)));
	assert_string_equal(v, "DENY");
	assert_non_null(ht_header(r, "Referrer-Policy", v, sizeof(v)));
	assert_string_equal(v, "same-origin");
	assert_non_null(ht_header(r, "Content-Security-Policy", v, sizeof(v)));
	assert_non_null(strstr(v, "default-src 'self'"));
	assert_non_null(strstr(v, "frame-ancestors 'none'"));
}

static void expect_html_page(const struct ht_resp *r, long status, const char *what)
{
	assert_int_equal(r->status, status);
	assert_string_equal(r->content_type, "text/html; charset=utf-8");
	expect_security_headers(r);
	assert_true(strncmp(buf_str(&r->body), "<!DOCTYPE html>\n", 16) == 0);
	ht_expect_tidy(&fx.env, r, what);
}

/* ---- pages ------------------------------------------------------------------------------ */

static void test_http_home_links_the_plan(void **state)
{
	(void)state;
	struct ht_resp r;
	request(&r, NULL, "/", NULL);
	expect_html_page(&r, 200, "/");
	expect_body_has(&r, "<html lang=\"zh-CN\">");
	expect_body_has(&r, "<a href=\"/plan\">" TITLE_ZH "</a>");
	expect_body_has(&r, "湘政办发〔2024〕3号");
	expect_body_has(&r, "<li><a href=\"/plan\">计划</a></li>");
	/* the site's own (neutral, default) name and, beside it, the plan's */
	expect_body_has(&r, "<div class=\"brand\"><a href=\"/\">创新规划监测评估</a> <a class=\"tagline\" href=\"/plan\">" TITLE_ZH "</a></div>");
	ht_resp_free(&r);
}

static void test_http_plan_page(void **state)
{
	(void)state;
	struct ht_resp r;
	request(&r, NULL, "/plan", NULL);
	expect_html_page(&r, 200, "/plan");
	expect_body_has(&r, "<html lang=\"zh-CN\">");
	expect_body_has(&r, "<h1>" TITLE_ZH "</h1>");
	expect_body_has(&r, "湘政办发〔2024〕3号");
	expect_body_has(&r, "湖南省人民政府办公厅");
	static const char *const actions[] = {"自主创新登峰行动", "创新引领产业升级行动", "创新主体提质树标行动",
					      "创新人才引育强基行动", "改革创新先行先试行动", "创新发展联动融通行动"};
	for (size_t i = 0; i < 6; i++) {
		char want[160];
		snprintf(want, sizeof(want), "id=\"action-%zu\"", i + 1);
		expect_body_has(&r, want);
		expect_body_has(&r, actions[i]);
	}
	assert_int_equal(count_of(buf_str(&r.body), "<article class=\"action\""), 6);
	/* a link to every measure, numbered as in the plan */
	for (int m = 1; m <= 27; m++) {
		char want[64];
		snprintf(want, sizeof(want), "<a href=\"/measures/%d\">%d. ", m, m);
		expect_body_has(&r, want);
	}
	expect_body_has(&r, "<a href=\"/measures/1\">1. 争创国家区域科技创新中心</a>");
	assert_int_equal(count_of(buf_str(&r.body), "href=\"/measures/"), 27);
	/* a goal with its targets in words */
	expect_body_has(&r, "区域创新能力明显提升");
	expect_body_has(&r, "长沙 ≤ 10位");
	ht_resp_free(&r);
}

/* Escape like html_esc so texts from the plan can be found in a page. */
static const char *escaped(struct buf *b, const char *s)
{
	buf_reset(b);
	for (; *s; s++) {
		switch (*s) {
		case '&': bw(b, "&amp;"); break;
		case '<': bw(b, "&lt;"); break;
		case '>': bw(b, "&gt;"); break;
		case '"': bw(b, "&quot;"); break;
		case '\'': bw(b, "&#39;"); break;
		default: bwc(b, *s);
		}
	}
	return buf_str(b);
}

static const json_t *cli_measure(int number)
{
	size_t i, k;
	const json_t *a, *m;
	json_array_foreach(json_object_get(fx.cli_plan, "actions"), i, a)
		json_array_foreach(json_object_get(a, "measures"), k, m)
			if (json_integer_value(json_object_get(m, "number")) == number)
				return m;
	fail_msg("measure %d is not in the plan JSON", number);
	return NULL;
}

static void test_http_measure_page(void **state)
{
	(void)state;
	struct ht_resp r;
	struct buf esc;
	buf_init(&esc, 0);
	request(&r, NULL, "/measures/1", NULL);
	expect_html_page(&r, 200, "/measures/1");
	expect_body_has(&r, "<h1>1. 争创国家区域科技创新中心</h1>");
	const char *text = json_string_value(json_object_get(cli_measure(1), "text_zh"));
	assert_true(strlen(text) > 200);
	expect_body_has(&r, escaped(&esc, text));
	expect_body_has(&r, "<dd class=\"lead\"><a href=\"/units/kjt\">省科技厅</a></dd>");
	expect_body_has(&r, "<a href=\"/units/fgw\">省发展改革委</a>");
	expect_body_has(&r, "<a href=\"/units/xt-gov\">湘潭市人民政府</a></dd>");
	expect_body_has(&r, "重大原创科技成果");
	ht_resp_free(&r);

	/* measure 26 has three leads */
	request(&r, NULL, "/measures/26", NULL);
	expect_html_page(&r, 200, "/measures/26");
	expect_body_has(&r, "<dd class=\"lead\"><a href=\"/units/cs-gov\">长沙市人民政府</a>、<a href=\"/units/zz-gov\">株洲市人民政府</a>、<a href=\"/units/xt-gov\">湘潭市人民政府</a></dd>");
	ht_resp_free(&r);
	buf_release(&esc);
}

static void test_http_not_found_pages(void **state)
{
	(void)state;
	static const char *const paths[] = {"/measures/99", "/measures/abc", "/measures/0", "/measures/1/x",
					    "/units/nope", "/nope", "/static/nope.css"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct ht_resp r;
		request(&r, NULL, paths[i], NULL);
		expect_html_page(&r, 404, paths[i]);
		expect_body_has(&r, "<h1>未找到</h1>");
		expect_body_has(&r, "您要找的页面或数据不存在。");
		expect_body_has(&r, "<a href=\"/\">返回首页</a>");
		ht_resp_free(&r);
	}
}

static void test_http_units_matrix(void **state)
{
	(void)state;
	struct ht_resp r;
	request(&r, NULL, "/units", NULL);
	expect_html_page(&r, 200, "/units");
	expect_body_has(&r, "<h1>责任单位与分工</h1>");
	expect_body_has(&r, "<table class=\"matrix\">");
	/* one row per unit */
	assert_int_equal(count_of(buf_str(&r.body), "<tr><th scope=\"row\"><a href=\"/units/"), 24);
	expect_body_has(&r, "<tr><th scope=\"row\"><a href=\"/units/kjt\">省科技厅</a></th><td><a href=\"/measures/1\"");
	expect_body_has(&r, "<a href=\"/units/zzb\">省委组织部</a>");
	/* kjt leads 12 measures and shares 15 */
	expect_body_has(&r, "<td class=\"num\">27</td>");
	ht_resp_free(&r);
}

static void test_http_unit_page(void **state)
{
	(void)state;
	struct ht_resp r;
	request(&r, NULL, "/units/kjt", NULL);
	expect_html_page(&r, 200, "/units/kjt");
	expect_body_has(&r, "<h1>省科技厅</h1>");
	expect_body_has(&r, "<code>kjt</code>");
	expect_body_has(&r, "省直部门");
	expect_body_has(&r, "<h2>牵头的举措</h2>");
	expect_body_has(&r, "<li><a href=\"/measures/1\">1. 争创国家区域科技创新中心</a></li>");
	expect_body_has(&r, "<li><a href=\"/measures/27\">27. ");
	/* a shared measure names its lead */
	expect_body_has(&r, "<li><a href=\"/measures/2\">2. 全力推进湘江科学城建设</a> <span class=\"muted\">(牵头单位：<a href=\"/units/xjxq\">湘江新区</a>)</span></li>");
	assert_int_equal(count_of(buf_str(&r.body), "<li><a href=\"/measures/"), 27);
	ht_resp_free(&r);
}

/* ---- language --------------------------------------------------------------------------- */

static void test_http_english(void **state)
{
	(void)state;
	struct ht_resp r;
	char v[256];
	request(&r, NULL, "/plan?lang=en", NULL);
	expect_html_page(&r, 200, "/plan?lang=en");
	expect_body_has(&r, "<html lang=\"en\">");
	expect_body_has(&r, "<h1>" TITLE_EN "</h1>");
	expect_body_has(&r, "Action to scale new heights in independent innovation");
	expect_body_lacks(&r, "<h1>" TITLE_ZH);
	assert_non_null(ht_header(&r, "Set-Cookie", v, sizeof(v)));
	assert_true(strncmp(v, "lang=en;", 8) == 0);
	assert_non_null(strstr(v, "Path=/"));
	ht_resp_free(&r);

	/* the cookie keeps English on the next page */
	const char *const cookie[] = {"Cookie: lang=en", NULL};
	request(&r, NULL, "/measures/1", cookie);
	expect_html_page(&r, 200, "/measures/1 (en)");
	expect_body_has(&r, "<h1>1. Bid to become a national regional science and technology innovation centre</h1>");
	expect_body_has(&r, "Department of Science and Technology of Hunan Province");
	assert_null(ht_header(&r, "Set-Cookie", v, sizeof(v)));
	ht_resp_free(&r);

	/* and ?lang=zh switches back */
	request(&r, NULL, "/plan?lang=zh", cookie);
	expect_body_has(&r, "<h1>" TITLE_ZH "</h1>");
	assert_non_null(ht_header(&r, "Set-Cookie", v, sizeof(v)));
	assert_true(strncmp(v, "lang=zh;", 8) == 0);
	ht_resp_free(&r);
}

/* ---- escaping: a second store whose plan has markup in its texts ------------------------- */

static void copy_file(const char *from, const char *to, const char *old, const char *new_text)
{
	FILE *in = fopen(from, "rb");
	assert_non_null(in);
	struct buf b;
	buf_init(&b, 0);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		assert_int_equal(buf_append(&b, chunk, n), ST_OK);
	fclose(in);
	FILE *out = fopen(to, "wb");
	assert_non_null(out);
	const char *s = buf_str(&b), *hit = old ? strstr(s, old) : NULL;
	if (old && !hit)
		fail_msg("'%s' not found in %s", old, from);
	if (hit) {
		fwrite(s, 1, (size_t)(hit - s), out);
		fputs(new_text, out);
		fputs(hit + strlen(old), out);
	} else {
		fwrite(s, 1, b.len, out);
	}
	fclose(out);
	buf_release(&b);
}

static void test_http_html_escapes_plan_text(void **state)
{
	(void)state;
	static const char *const names[] = {"plan.csv", "goals.csv", "regions.csv", "units.csv", "actions.csv",
					    "measures.csv", "responsibilities.csv", "indicators.csv", "targets.csv"};
	char dir[160], from[256], to[256], db[160], log_path[160];
	snprintf(dir, sizeof(dir), "%s/markup-plan", fx.env.tmpdir);
	assert_int_equal(mkdir(dir, 0755), 0);
	for (size_t i = 0; i < 9; i++) {
		snprintf(from, sizeof(from), "%s/tests/data/plans/minimal/%s", fx.env.src, names[i]);
		snprintf(to, sizeof(to), "%s/%s", dir, names[i]);
		if (strcmp(names[i], "measures.csv") == 0)
			copy_file(from, to, "争创国家区域科技创新中心", "\"<script>alert('x')</script> & <b>co</b>\"");
		else if (strcmp(names[i], "units.csv") == 0)
			copy_file(from, to, "省科技厅", "省科技厅<i>");
		else
			copy_file(from, to, NULL, NULL);
	}
	assert_int_equal(ht_db_new(&fx.env, "markup", db, sizeof(db)), 0);
	char *init[] = {fx.env.bin, "--db", db, "init", "--plan", dir, NULL};
	assert_int_equal(ht_run(&fx.env, init, NULL, NULL), 0);

	snprintf(log_path, sizeof(log_path), "%s/markup.log", fx.env.tmpdir);
	assert_int_equal(ht_server_start(&fx.other, &fx.env, db, NULL, NULL, log_path, 0), 0);
	/* the dashboard shows no measure titles; every other page shows measure 1's */
	static const char *const pages[] = {"/", "/plan", "/measures/1", "/units", "/units/kjt"};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		struct ht_resp r;
		request_at(fx.other.url, &r, NULL, pages[i], NULL);
		expect_html_page(&r, 200, pages[i]);
		expect_body_lacks(&r, "<script>");
		expect_body_lacks(&r, "<b>co");
		expect_body_lacks(&r, "<i>");
		if (i > 0)
			expect_body_has(&r, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;");
		ht_resp_free(&r);
	}
	assert_int_equal(ht_server_stop(&fx.other), 0);
}

static int stop_other(void **state)
{
	(void)state;
	if (fx.other.pid > 0)
		(void)ht_server_stop(&fx.other);
	return 0;
}

/* ---- API, methods, health, static files -------------------------------------------------- */

static void test_http_api_plan_equals_cli(void **state)
{
	(void)state;
	struct ht_resp r;
	json_error_t err;
	request(&r, NULL, "/api/v1/plan", NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "application/json; charset=utf-8");
	expect_security_headers(&r);
	json_t *j = json_loadb(buf_str(&r.body), r.body.len, JSON_REJECT_DUPLICATES, &err);
	if (!j)
		fail_msg("the API answer is not JSON: %s", err.text);
	assert_true(json_equal(j, fx.cli_plan));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "plan"), "version")), 1);
	json_decref(j);
	ht_resp_free(&r);
}

static void test_http_api_not_found_is_json(void **state)
{
	(void)state;
	struct ht_resp r;
	json_error_t err;
	request(&r, NULL, "/api/v1/nope", NULL);
	assert_int_equal(r.status, 404);
	assert_string_equal(r.content_type, "application/json; charset=utf-8");
	expect_security_headers(&r);
	json_t *j = json_loadb(buf_str(&r.body), r.body.len, 0, &err);
	assert_non_null(j);
	const json_t *e = json_object_get(j, "error");
	assert_true(json_is_object(e));
	assert_string_equal(json_string_value(json_object_get(e, "code")), "not_found");
	assert_string_equal(json_string_value(json_object_get(e, "message")), "您要找的页面或数据不存在。");
	assert_true(json_is_array(json_object_get(e, "details")));
	json_decref(j);
	ht_resp_free(&r);
}

static void test_http_post_is_405(void **state)
{
	(void)state;
	struct ht_resp r;
	char v[64];
	request(&r, "POST", "/", NULL);
	expect_html_page(&r, 405, "POST /");
	assert_non_null(ht_header(&r, "Allow", v, sizeof(v)));
	assert_string_equal(v, "GET");
	expect_body_has(&r, "此地址不支持该请求方法。");
	ht_resp_free(&r);

	request(&r, "POST", "/api/v1/plan", NULL);
	assert_int_equal(r.status, 405);
	assert_string_equal(r.content_type, "application/json; charset=utf-8");
	expect_body_has(&r, "\"error\"");
	ht_resp_free(&r);
}

static void test_http_head_has_no_body(void **state)
{
	(void)state;
	struct ht_resp r;
	request(&r, "HEAD", "/", NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "text/html; charset=utf-8");
	assert_int_equal(r.body.len, 0);
	ht_resp_free(&r);
}

static void test_http_healthz(void **state)
{
	(void)state;
	struct ht_resp r;
	json_error_t err;
	request(&r, NULL, "/healthz", NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "application/json; charset=utf-8");
	json_t *j = json_loadb(buf_str(&r.body), r.body.len, 0, &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "ok");
	assert_string_equal(json_string_value(json_object_get(j, "store")), "ok");
	json_decref(j);
	ht_resp_free(&r);
}

static void test_http_static_etag(void **state)
{
	(void)state;
	struct ht_resp r;
	char etag[128], hdr[160], v[128];
	request(&r, NULL, "/static/style.css", NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "text/css; charset=utf-8");
	expect_security_headers(&r);
	assert_true(r.body.len > 100);
	assert_non_null(ht_header(&r, "ETag", etag, sizeof(etag)));
	assert_true(etag[0] == '"' && etag[strlen(etag) - 1] == '"');
	assert_non_null(ht_header(&r, "Cache-Control", v, sizeof(v)));
	assert_string_equal(v, "public, max-age=3600");
	size_t full_len = r.body.len;
	ht_resp_free(&r);

	snprintf(hdr, sizeof(hdr), "If-None-Match: %s", etag);
	const char *const inm[] = {hdr, NULL};
	request(&r, NULL, "/static/style.css", inm);
	assert_int_equal(r.status, 304);
	assert_int_equal(r.body.len, 0);
	assert_non_null(ht_header(&r, "ETag", v, sizeof(v)));
	assert_string_equal(v, etag);
	ht_resp_free(&r);

	const char *const stale[] = {"If-None-Match: \"0000000000000000\"", NULL};
	request(&r, NULL, "/static/style.css", stale);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body.len, full_len);
	ht_resp_free(&r);
}

/* Last: SIGTERM stops the server cleanly. */
static void test_http_server_stops_on_sigterm(void **state)
{
	(void)state;
	assert_int_equal(ht_server_stop(&fx.srv), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_home_links_the_plan),
		cmocka_unit_test(test_http_plan_page),
		cmocka_unit_test(test_http_measure_page),
		cmocka_unit_test(test_http_not_found_pages),
		cmocka_unit_test(test_http_units_matrix),
		cmocka_unit_test(test_http_unit_page),
		cmocka_unit_test(test_http_english),
		cmocka_unit_test_teardown(test_http_html_escapes_plan_text, stop_other),
		cmocka_unit_test(test_http_api_plan_equals_cli),
		cmocka_unit_test(test_http_api_not_found_is_json),
		cmocka_unit_test(test_http_post_is_405),
		cmocka_unit_test(test_http_head_has_no_body),
		cmocka_unit_test(test_http_healthz),
		cmocka_unit_test(test_http_static_etag),
		cmocka_unit_test(test_http_server_stops_on_sigterm),
	};
	return cmocka_run_group_tests_name("http", tests, group_setup, group_teardown);
}
