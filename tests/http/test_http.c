/* test_http.c - HTTP tests of `innomon serve` through a real socket: a temporary store made by
 * `innomon init`, the server started as a child on port 0 (the port read from its "serving on"
 * line), libcurl as the client. Checks status, content type, headers and the text a user sees,
 * runs every HTML page through `tidy -q -e`, and stops the server with SIGTERM (exit 0).
 * INNOMON_BIN names the binary; INNOMON_SOURCE_ROOT the source tree. */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/banned.h"

extern char **environ;

#define TITLE_ZH "长株潭国家自主创新示范区提质升级行动计划"
#define TITLE_EN "Action Plan for Upgrading the Changsha-Zhuzhou-Xiangtan National Independent Innovation Demonstration Zone"
#define START_TIMEOUT_MS 20000

struct server {
	pid_t pid;
	int out_fd;    /* read end of the child's stdout */
	char url[128]; /* "http://127.0.0.1:PORT" without the final slash */
};

struct fixture {
	char *bin;       /* INNOMON_BIN */
	const char *src; /* INNOMON_SOURCE_ROOT */
	char tmpdir[64];
	char db[128];
	struct server srv;   /* on db, for every test */
	struct server other; /* started by one test, stopped by its teardown */
	json_t *cli_plan; /* `innomon plan show --json` */
};

static struct fixture fx;

/* ---- processes -------------------------------------------------------------------------- */

/* Run bin with args (NULL-terminated, argv[0] first); stdout to out_path (or /dev/null),
 * stderr to TMPDIR/cmd.err (printed when the command fails).
 * Returns the exit code, -1 when it did not exit normally. */
static int run_cmd(char *const argv[], const char *out_path)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status;
	posix_spawn_file_actions_init(&fa);
	char err_path[160];
	snprintf(err_path, sizeof(err_path), "%s/cmd.err", fx.tmpdir);
	posix_spawn_file_actions_addopen(&fa, 1, out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return -1;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	if (WEXITSTATUS(status) != 0) {
		char line[512];
		FILE *f = fopen(err_path, "r");
		fprintf(stderr, "%s exited with %d:\n", argv[0], WEXITSTATUS(status));
		while (f && fgets(line, sizeof(line), f))
			fputs(line, stderr);
		if (f)
			fclose(f);
	}
	return WEXITSTATUS(status);
}

/* Start `innomon --db db serve --port 0`, wait for its "serving on" line. 0 on success. */
static int server_start(struct server *s, char *db, const char *log_path)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	posix_spawn_file_actions_addopen(&fa, 2, log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	char *argv[] = {fx.bin, "--db", db, "serve", "--port", "0", NULL};
	int rc = posix_spawn(&s->pid, fx.bin, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (rc != 0) {
		close(fds[0]);
		return -1;
	}
	s->out_fd = fds[0];
	char line[256];
	size_t n = 0;
	for (;;) {
		struct pollfd p = {s->out_fd, POLLIN, 0};
		if (poll(&p, 1, START_TIMEOUT_MS) != 1 || n + 1 == sizeof(line))
			return -1;
		if (read(s->out_fd, line + n, 1) != 1)
			return -1; /* the server exited: see its log */
		if (line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	unsigned port;
	if (sscanf(line, "innomon: serving on http://127.0.0.1:%u/", &port) != 1 || port == 0) {
		fprintf(stderr, "unexpected first line from the server: %s\n", line);
		return -1;
	}
	snprintf(s->url, sizeof(s->url), "http://127.0.0.1:%u", port);
	return 0;
}

/* SIGTERM and wait (at most 15 s). Returns the exit code, -1 when it did not exit normally. */
static int server_stop(struct server *s)
{
	int status;
	if (s->pid <= 0)
		return -1;
	kill(s->pid, SIGTERM);
	for (int i = 0; i < 1500; i++) {
		pid_t r = waitpid(s->pid, &status, WNOHANG);
		if (r == s->pid) {
			s->pid = 0;
			close(s->out_fd);
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		}
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	kill(s->pid, SIGKILL);
	waitpid(s->pid, &status, 0);
	s->pid = 0;
	close(s->out_fd);
	return -1;
}

static void remove_tree(char *dir)
{
	char *argv[] = {"/bin/rm", "-rf", dir, NULL};
	(void)run_cmd(argv, NULL);
}

static int group_setup(void **state)
{
	(void)state;
	fx.bin = getenv("INNOMON_BIN");
	fx.src = getenv("INNOMON_SOURCE_ROOT");
	if (!fx.bin || !fx.src) {
		fprintf(stderr, "INNOMON_BIN and INNOMON_SOURCE_ROOT must be set\n");
		return -1;
	}
	snprintf(fx.tmpdir, sizeof(fx.tmpdir), "/tmp/innomon-http-XXXXXX");
	if (!mkdtemp(fx.tmpdir))
		return -1;
	snprintf(fx.db, sizeof(fx.db), "%s/store.db", fx.tmpdir);
	char *init[] = {fx.bin, "--db", fx.db, "init", NULL};
	if (run_cmd(init, NULL) != 0) {
		fprintf(stderr, "innomon init failed\n");
		return -1;
	}
	char json_path[160];
	snprintf(json_path, sizeof(json_path), "%s/plan.json", fx.tmpdir);
	char *show[] = {fx.bin, "--db", fx.db, "plan", "show", "--json", NULL};
	json_error_t err;
	if (run_cmd(show, json_path) != 0 || !(fx.cli_plan = json_load_file(json_path, 0, &err)))
		return -1;
	char log_path[160];
	snprintf(log_path, sizeof(log_path), "%s/serve.log", fx.tmpdir);
	if (server_start(&fx.srv, fx.db, log_path) != 0) {
		fprintf(stderr, "the server did not start; its log is %s\n", log_path);
		return -1;
	}
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	if (fx.srv.pid > 0)
		(void)server_stop(&fx.srv);
	json_decref(fx.cli_plan);
	curl_global_cleanup();
	remove_tree(fx.tmpdir);
	return 0;
}

/* ---- the client ------------------------------------------------------------------------- */

struct resp {
	long status;
	struct buf body;
	struct buf headers; /* raw header lines */
	char content_type[128];
};

static size_t on_data(char *p, size_t size, size_t n, void *userdata)
{
	return buf_append(userdata, p, size * n) == ST_OK ? size * n : 0;
}

/* One request to the server at base; method NULL is GET; extra header lines NULL-terminated
 * (or NULL). The caller releases with resp_free. */
static void request_at(const char *base, struct resp *r, const char *method, const char *path,
		       const char *const *extra)
{
	CURL *c = curl_easy_init();
	struct curl_slist *hdrs = NULL;
	char url[512];
	assert_non_null(c);
	memset(r, 0, sizeof(*r));
	buf_init(&r->body, 16u << 20);
	buf_init(&r->headers, 64u << 10);
	snprintf(url, sizeof(url), "%s%s", base, path);
	for (const char *const *h = extra; h && *h; h++)
		hdrs = curl_slist_append(hdrs, *h);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &r->headers);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	if (method && strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (method && strcmp(method, "POST") == 0)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "x=1");
	CURLcode rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		fail_msg("%s %s: %s", method ? method : "GET", url, curl_easy_strerror(rc));
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	char *ct = NULL;
	curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
	snprintf(r->content_type, sizeof(r->content_type), "%s", ct ? ct : "");
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
}

/* A request to the main server. */
static void request(struct resp *r, const char *method, const char *path, const char *const *extra)
{
	request_at(fx.srv.url, r, method, path, extra);
}

static void resp_free(struct resp *r)
{
	buf_release(&r->body);
	buf_release(&r->headers);
}

/* The value of response header name (case-insensitive), copied into out; NULL when absent. */
static const char *header(const struct resp *r, const char *name, char *out, size_t cap)
{
	const char *p = buf_str(&r->headers);
	size_t n = strlen(name);
	while (*p) {
		const char *eol = strstr(p, "\r\n");
		if (!eol)
			break;
		if ((size_t)(eol - p) > n && strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1;
			while (*v == ' ')
				v++;
			snprintf(out, cap, "%.*s", (int)(eol - v), v);
			return out;
		}
		p = eol + 2;
	}
	return NULL;
}

static void expect_body_has(const struct resp *r, const char *text)
{
	if (!strstr(buf_str(&r->body), text))
		fail_msg("the response does not contain '%s'", text);
}

static void expect_body_lacks(const struct resp *r, const char *text)
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
static void expect_security_headers(const struct resp *r)
{
	char v[512];
	assert_non_null(header(r, "X-Content-Type-Options", v, sizeof(v)));
	assert_string_equal(v, "nosniff");
	assert_non_null(header(r, "X-Frame-Options", v, sizeof(v)));
	assert_string_equal(v, "DENY");
	assert_non_null(header(r, "Referrer-Policy", v, sizeof(v)));
	assert_string_equal(v, "same-origin");
	assert_non_null(header(r, "Content-Security-Policy", v, sizeof(v)));
	assert_non_null(strstr(v, "default-src 'self'"));
	assert_non_null(strstr(v, "frame-ancestors 'none'"));
}

/* Warnings tidy 5.6 gives for valid HTML5, filtered: aria-current is WAI-ARIA 1.1 (2017), newer
 * than tidy's attribute table; tidy reads inline SVG with HTML's tables, so it flags the SVG
 * presentation attribute font-family and an id on SVG's own <title> element. */
static const char *const tidy_false_alarms[] = {
	"<a> proprietary attribute \"aria-current\"",
	"<svg> proprietary attribute \"font-family\"",
	"<title> proprietary attribute \"id\"",
};

static int is_false_alarm(const char *line)
{
	for (size_t i = 0; i < sizeof(tidy_false_alarms) / sizeof(tidy_false_alarms[0]); i++)
		if (strstr(line, tidy_false_alarms[i]))
			return 1;
	return 0;
}

/* Run `tidy -q -e` over the body; anything but the false alarms above fails. */
static void expect_tidy_clean(const struct resp *r, const char *what)
{
	char path[160], cmd[256], line[512];
	snprintf(path, sizeof(path), "%s/page.html", fx.tmpdir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf_str(&r->body), 1, r->body.len, f), r->body.len);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "tidy -q -e -utf8 '%s' 2>&1", path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	struct buf problems;
	buf_init(&problems, 1u << 20);
	while (fgets(line, sizeof(line), p))
		if (!is_false_alarm(line))
			bw(&problems, line);
	int status = pclose(p);
	if (problems.len) {
		fprintf(stderr, "%s", buf_str(&problems));
		buf_release(&problems);
		fail_msg("tidy reports problems in %s", what);
	}
	buf_release(&problems);
	/* exit 2 means errors; 1 only warnings (all filtered above) */
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) < 2);
}

static void expect_html_page(const struct resp *r, long status, const char *what)
{
	assert_int_equal(r->status, status);
	assert_string_equal(r->content_type, "text/html; charset=utf-8");
	expect_security_headers(r);
	assert_true(strncmp(buf_str(&r->body), "<!DOCTYPE html>\n", 16) == 0);
	expect_tidy_clean(r, what);
}

/* ---- pages ------------------------------------------------------------------------------ */

static void test_http_home_links_the_plan(void **state)
{
	(void)state;
	struct resp r;
	request(&r, NULL, "/", NULL);
	expect_html_page(&r, 200, "/");
	expect_body_has(&r, "<html lang=\"zh-CN\">");
	expect_body_has(&r, "<a href=\"/plan\">" TITLE_ZH "</a>");
	expect_body_has(&r, "湘政办发〔2024〕3号");
	expect_body_has(&r, "<li><a href=\"/plan\">行动计划</a></li>");
	resp_free(&r);
}

static void test_http_plan_page(void **state)
{
	(void)state;
	struct resp r;
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
	resp_free(&r);
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
	struct resp r;
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
	resp_free(&r);

	/* measure 26 has three leads */
	request(&r, NULL, "/measures/26", NULL);
	expect_html_page(&r, 200, "/measures/26");
	expect_body_has(&r, "<dd class=\"lead\"><a href=\"/units/cs-gov\">长沙市人民政府</a>、<a href=\"/units/zz-gov\">株洲市人民政府</a>、<a href=\"/units/xt-gov\">湘潭市人民政府</a></dd>");
	resp_free(&r);
	buf_release(&esc);
}

static void test_http_not_found_pages(void **state)
{
	(void)state;
	static const char *const paths[] = {"/measures/99", "/measures/abc", "/measures/0", "/measures/1/x",
					    "/units/nope", "/nope", "/static/nope.css"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct resp r;
		request(&r, NULL, paths[i], NULL);
		expect_html_page(&r, 404, paths[i]);
		expect_body_has(&r, "<h1>未找到</h1>");
		expect_body_has(&r, "您要找的页面或数据不存在。");
		expect_body_has(&r, "<a href=\"/\">返回首页</a>");
		resp_free(&r);
	}
}

static void test_http_units_matrix(void **state)
{
	(void)state;
	struct resp r;
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
	resp_free(&r);
}

static void test_http_unit_page(void **state)
{
	(void)state;
	struct resp r;
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
	resp_free(&r);
}

/* ---- language --------------------------------------------------------------------------- */

static void test_http_english(void **state)
{
	(void)state;
	struct resp r;
	char v[256];
	request(&r, NULL, "/plan?lang=en", NULL);
	expect_html_page(&r, 200, "/plan?lang=en");
	expect_body_has(&r, "<html lang=\"en\">");
	expect_body_has(&r, "<h1>" TITLE_EN "</h1>");
	expect_body_has(&r, "Action to scale new heights in independent innovation");
	expect_body_lacks(&r, "<h1>" TITLE_ZH);
	assert_non_null(header(&r, "Set-Cookie", v, sizeof(v)));
	assert_true(strncmp(v, "lang=en;", 8) == 0);
	assert_non_null(strstr(v, "Path=/"));
	resp_free(&r);

	/* the cookie keeps English on the next page */
	const char *const cookie[] = {"Cookie: lang=en", NULL};
	request(&r, NULL, "/measures/1", cookie);
	expect_html_page(&r, 200, "/measures/1 (en)");
	expect_body_has(&r, "<h1>1. Bid to become a national regional science and technology innovation centre</h1>");
	expect_body_has(&r, "Department of Science and Technology of Hunan Province");
	assert_null(header(&r, "Set-Cookie", v, sizeof(v)));
	resp_free(&r);

	/* and ?lang=zh switches back */
	request(&r, NULL, "/plan?lang=zh", cookie);
	expect_body_has(&r, "<h1>" TITLE_ZH "</h1>");
	assert_non_null(header(&r, "Set-Cookie", v, sizeof(v)));
	assert_true(strncmp(v, "lang=zh;", 8) == 0);
	resp_free(&r);
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
	snprintf(dir, sizeof(dir), "%s/markup-plan", fx.tmpdir);
	assert_int_equal(mkdir(dir, 0755), 0);
	for (size_t i = 0; i < 9; i++) {
		snprintf(from, sizeof(from), "%s/tests/data/plans/minimal/%s", fx.src, names[i]);
		snprintf(to, sizeof(to), "%s/%s", dir, names[i]);
		if (strcmp(names[i], "measures.csv") == 0)
			copy_file(from, to, "争创国家区域科技创新中心", "\"<script>alert('x')</script> & <b>co</b>\"");
		else if (strcmp(names[i], "units.csv") == 0)
			copy_file(from, to, "省科技厅", "省科技厅<i>");
		else
			copy_file(from, to, NULL, NULL);
	}
	snprintf(db, sizeof(db), "%s/markup.db", fx.tmpdir);
	char *init[] = {fx.bin, "--db", db, "init", "--plan", dir, NULL};
	assert_int_equal(run_cmd(init, NULL), 0);

	snprintf(log_path, sizeof(log_path), "%s/markup.log", fx.tmpdir);
	assert_int_equal(server_start(&fx.other, db, log_path), 0);
	/* the dashboard shows no measure titles; every other page shows measure 1's */
	static const char *const pages[] = {"/", "/plan", "/measures/1", "/units", "/units/kjt"};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		struct resp r;
		request_at(fx.other.url, &r, NULL, pages[i], NULL);
		expect_html_page(&r, 200, pages[i]);
		expect_body_lacks(&r, "<script>");
		expect_body_lacks(&r, "<b>co");
		expect_body_lacks(&r, "<i>");
		if (i > 0)
			expect_body_has(&r, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;");
		resp_free(&r);
	}
	assert_int_equal(server_stop(&fx.other), 0);
}

static int stop_other(void **state)
{
	(void)state;
	if (fx.other.pid > 0)
		(void)server_stop(&fx.other);
	return 0;
}

/* ---- API, methods, health, static files -------------------------------------------------- */

static void test_http_api_plan_equals_cli(void **state)
{
	(void)state;
	struct resp r;
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
	resp_free(&r);
}

static void test_http_api_not_found_is_json(void **state)
{
	(void)state;
	struct resp r;
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
	resp_free(&r);
}

static void test_http_post_is_405(void **state)
{
	(void)state;
	struct resp r;
	char v[64];
	request(&r, "POST", "/", NULL);
	expect_html_page(&r, 405, "POST /");
	assert_non_null(header(&r, "Allow", v, sizeof(v)));
	assert_string_equal(v, "GET");
	expect_body_has(&r, "此地址不支持该请求方法。");
	resp_free(&r);

	request(&r, "POST", "/api/v1/plan", NULL);
	assert_int_equal(r.status, 405);
	assert_string_equal(r.content_type, "application/json; charset=utf-8");
	expect_body_has(&r, "\"error\"");
	resp_free(&r);
}

static void test_http_head_has_no_body(void **state)
{
	(void)state;
	struct resp r;
	request(&r, "HEAD", "/", NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "text/html; charset=utf-8");
	assert_int_equal(r.body.len, 0);
	resp_free(&r);
}

static void test_http_healthz(void **state)
{
	(void)state;
	struct resp r;
	json_error_t err;
	request(&r, NULL, "/healthz", NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "application/json; charset=utf-8");
	json_t *j = json_loadb(buf_str(&r.body), r.body.len, 0, &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "ok");
	assert_string_equal(json_string_value(json_object_get(j, "store")), "ok");
	json_decref(j);
	resp_free(&r);
}

static void test_http_static_etag(void **state)
{
	(void)state;
	struct resp r;
	char etag[128], hdr[160], v[128];
	request(&r, NULL, "/static/style.css", NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "text/css; charset=utf-8");
	expect_security_headers(&r);
	assert_true(r.body.len > 100);
	assert_non_null(header(&r, "ETag", etag, sizeof(etag)));
	assert_true(etag[0] == '"' && etag[strlen(etag) - 1] == '"');
	assert_non_null(header(&r, "Cache-Control", v, sizeof(v)));
	assert_string_equal(v, "public, max-age=3600");
	size_t full_len = r.body.len;
	resp_free(&r);

	snprintf(hdr, sizeof(hdr), "If-None-Match: %s", etag);
	const char *const inm[] = {hdr, NULL};
	request(&r, NULL, "/static/style.css", inm);
	assert_int_equal(r.status, 304);
	assert_int_equal(r.body.len, 0);
	assert_non_null(header(&r, "ETag", v, sizeof(v)));
	assert_string_equal(v, etag);
	resp_free(&r);

	const char *const stale[] = {"If-None-Match: \"0000000000000000\"", NULL};
	request(&r, NULL, "/static/style.css", stale);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body.len, full_len);
	resp_free(&r);
}

/* Last: SIGTERM stops the server cleanly. */
static void test_http_server_stops_on_sigterm(void **state)
{
	(void)state;
	assert_int_equal(server_stop(&fx.srv), 0);
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
