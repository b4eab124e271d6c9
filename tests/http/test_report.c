/* test_report.c - HTTP tests of the open-data export and the evaluation report downloads through
 * a real socket: a store made by `innomon init`, plus a draft and an approved-but-unpublished
 * revision (imported with the CLI) that the export must never show; `innomon serve --port 0` as
 * a child, libcurl as the client. GET /api/v1/export as CSV, JSON and XLSX (public): the stable
 * columns, every published figure with its provenance, nothing else. GET /reports and
 * /reports/evaluation: sign-in required; a reader's token downloads the PDF and the XLSX.
 * INNOMON_BIN names the binary; INNOMON_SOURCE_ROOT the source tree. */
#include <curl/curl.h>
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/banned.h"

extern char **environ;

#define START_TIMEOUT_MS 20000
#define N_PUBLISHED 185

struct fixture {
	char *bin;
	const char *src;
	char tmpdir[64];
	char db[128];
	pid_t pid;
	int out_fd;
	char url[128];
	char token[256];
};

static struct fixture fx;

/* Run argv with stdin from in_text (NULL: /dev/null) and stdout to out_path (NULL: /dev/null).
 * Returns the exit code, -1 when it did not exit normally. */
static int run_cmd(char *const argv[], const char *in_text, const char *out_path)
{
	char in_path[160];
	snprintf(in_path, sizeof(in_path), "%s/stdin", fx.tmpdir);
	FILE *f = fopen(in_path, "w");
	if (!f)
		return -1;
	fputs(in_text ? in_text : "", f);
	fclose(f);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, in_path, O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	pid_t pid;
	int status;
	int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static int server_start(void)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	char log_path[160];
	snprintf(log_path, sizeof(log_path), "%s/serve.log", fx.tmpdir);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	posix_spawn_file_actions_addopen(&fa, 2, log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	char *argv[] = {fx.bin, "--db", fx.db, "serve", "--port", "0", NULL};
	int rc = posix_spawn(&fx.pid, fx.bin, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (rc != 0) {
		close(fds[0]);
		return -1;
	}
	fx.out_fd = fds[0];
	char line[256];
	size_t n = 0;
	for (;;) {
		struct pollfd p = {fx.out_fd, POLLIN, 0};
		if (poll(&p, 1, START_TIMEOUT_MS) != 1 || n + 1 == sizeof(line) || read(fx.out_fd, line + n, 1) != 1)
			return -1;
		if (line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	unsigned port;
	if (sscanf(line, "innomon: serving on http://127.0.0.1:%u/", &port) != 1 || port == 0)
		return -1;
	snprintf(fx.url, sizeof(fx.url), "http://127.0.0.1:%u", port);
	return 0;
}

static void server_stop(void)
{
	int status;
	if (fx.pid <= 0)
		return;
	kill(fx.pid, SIGTERM);
	for (int i = 0; i < 1500; i++) {
		if (waitpid(fx.pid, &status, WNOHANG) == fx.pid) {
			fx.pid = 0;
			close(fx.out_fd);
			return;
		}
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	kill(fx.pid, SIGKILL);
	waitpid(fx.pid, &status, 0);
	fx.pid = 0;
	close(fx.out_fd);
}

static int group_setup(void **state)
{
	(void)state;
	fx.bin = getenv("INNOMON_BIN");
	fx.src = getenv("INNOMON_SOURCE_ROOT");
	if (!fx.bin || !fx.src)
		return -1;
	snprintf(fx.tmpdir, sizeof(fx.tmpdir), "/tmp/innomon-httprep-XXXXXX");
	if (!mkdtemp(fx.tmpdir))
		return -1;
	snprintf(fx.db, sizeof(fx.db), "%s/store.db", fx.tmpdir);
	char *init[] = {fx.bin, "--db", fx.db, "init", NULL};
	if (run_cmd(init, NULL, NULL) != 0)
		return -1;
	/* a draft and an approved revision that is not published: never in the open data */
	char draft[160], approved[160];
	snprintf(draft, sizeof(draft), "%s/draft.csv", fx.tmpdir);
	snprintf(approved, sizeof(approved), "%s/approved.csv", fx.tmpdir);
	if (write_file(draft, "indicator,region,period,value,source\ntech_contract_turnover,zhuzhou,2024,777.77,draft figure\n") ||
	    write_file(approved, "indicator,region,period,value,source\n"
				 "tech_contract_turnover,xiangtan,2024,888.88,approved figure\n"
				 "tech_contract_turnover,changsha,2019,299.99,a newer approved revision\n"))
		return -1;
	char *imp_d[] = {fx.bin, "--db", fx.db, "import", "values", draft, "--status", "draft", "--quiet", NULL};
	char *imp_a[] = {fx.bin, "--db", fx.db, "import", "values", approved, "--status", "approved", "--quiet", NULL};
	char *add[] = {fx.bin, "--db", fx.db, "user", "add", "rd", "--role", "reader", "--password-stdin", NULL};
	if (run_cmd(imp_d, NULL, NULL) != 0 || run_cmd(imp_a, NULL, NULL) != 0 || run_cmd(add, "Reader-pass-12345\n", NULL) != 0)
		return -1;
	char tok_path[160];
	snprintf(tok_path, sizeof(tok_path), "%s/token", fx.tmpdir);
	char *tok[] = {fx.bin, "--db", fx.db, "token", "create", "rd", NULL};
	if (run_cmd(tok, NULL, tok_path) != 0)
		return -1;
	FILE *f = fopen(tok_path, "r");
	char line[256];
	while (f && fgets(line, sizeof(line), f))
		if (strlen(line) > 30 && !strchr(line, ' ')) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(fx.token, sizeof(fx.token), "%s", line);
		}
	if (f)
		fclose(f);
	if (!fx.token[0] || server_start() != 0)
		return -1;
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	server_stop();
	curl_global_cleanup();
	char *rm[] = {"/bin/rm", "-rf", fx.tmpdir, NULL};
	(void)run_cmd(rm, NULL, NULL);
	return 0;
}

struct answer {
	long status;
	struct buf body;
	char ctype[128];
	char disposition[256];
	char location[256];
};

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct answer *a = ud;
	return buf_append(&a->body, p, size * n) == ST_OK ? size * n : 0;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct answer *a = ud;
	size_t len = size * n;
	if (len > 21 && strncasecmp(p, "Content-Disposition: ", 21) == 0)
		snprintf(a->disposition, sizeof(a->disposition), "%.*s", (int)(len - 23), p + 21);
	if (len > 10 && strncasecmp(p, "Location: ", 10) == 0)
		snprintf(a->location, sizeof(a->location), "%.*s", (int)(len - 12), p + 10);
	return len;
}

static void get(const char *path, int with_token, struct answer *a)
{
	memset(a, 0, sizeof(*a));
	buf_init(&a->body, 0);
	char url[512], auth[320];
	snprintf(url, sizeof(url), "%s%s", fx.url, path);
	CURL *c = curl_easy_init();
	assert_non_null(c);
	struct curl_slist *h = NULL;
	if (with_token) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", fx.token);
		h = curl_slist_append(h, auth);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, a);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a->status);
	char *ct = NULL;
	curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
	snprintf(a->ctype, sizeof(a->ctype), "%s", ct ? ct : "");
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
}

static void test_export_csv_published_only(void **state)
{
	(void)state;
	struct answer a;
	get("/api/v1/export?format=csv", 0, &a);
	assert_int_equal(a.status, 200);
	assert_string_equal(a.ctype, "text/csv; charset=utf-8");
	assert_non_null(strstr(a.disposition, "czt-2024-observations.csv"));
	const char *t = buf_str(&a.body);
	const char *head = "\xef\xbb\xbfINDICATOR,INDICATOR_NAME,REF_AREA,REF_AREA_NAME,TIME_PERIOD,FREQ,OBS_VALUE,UNIT_MEASURE,"
			   "OBS_STATUS,OBS_QUALIFIER,SOURCE,SOURCE_URL,REVISION,STATUS,UPDATED_AT,COMMENT\n";
	assert_memory_equal(t, head, strlen(head));
	size_t lines = 0;
	for (const char *p = t; *p; p++)
		lines += *p == '\n';
	/* quoted sources hold no line breaks in the shipped data: one line per figure */
	assert_int_equal(lines, 1 + N_PUBLISHED);
	/* a published figure with its provenance */
	assert_non_null(strstr(t, "tech_contract_turnover,技术合同成交额,hunan,湖南,2019,A,490.69,亿元,A,,"));
	assert_non_null(strstr(t, "http://hunan.gov.cn/hnszf/hnyw/20180408_sxhy/20/szbm/202001/t20200105_11142034.html,1,published,"));
	assert_non_null(strstr(t, ",2025-07,M,"));
	/* never the draft nor the approved-but-unpublished figures */
	assert_null(strstr(t, "777.77"));
	assert_null(strstr(t, "888.88"));
	assert_null(strstr(t, "299.99"));
	assert_null(strstr(t, ",draft,"));
	assert_null(strstr(t, ",approved,"));
	/* the older published revision of 长沙 2019 is still what the public sees */
	assert_non_null(strstr(t, "tech_contract_turnover,技术合同成交额,changsha,长沙,2019,A,233.82,"));
	buf_release(&a.body);
}

static void test_export_json(void **state)
{
	(void)state;
	struct answer a;
	get("/api/v1/export?format=json", 0, &a);
	assert_int_equal(a.status, 200);
	assert_string_equal(a.ctype, "application/json; charset=utf-8");
	json_error_t err;
	json_t *j = json_loadb(a.body.p, a.body.len, 0, &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "dataset"), "plan")), "czt-2024");
	json_t *cols = json_object_get(j, "columns");
	assert_int_equal(json_array_size(cols), 16);
	assert_string_equal(json_string_value(json_array_get(cols, 2)), "REF_AREA");
	json_t *obs = json_object_get(j, "observations");
	assert_int_equal(json_array_size(obs), N_PUBLISHED);
	size_t i;
	json_t *o;
	json_array_foreach(obs, i, o) {
		assert_string_equal(json_string_value(json_object_get(o, "STATUS")), "published");
		double v = json_real_value(json_object_get(o, "OBS_VALUE"));
		assert_true(v != 777.77 && v != 888.88 && v != 299.99);
		assert_true(json_is_integer(json_object_get(o, "REVISION")));
		assert_non_null(json_string_value(json_object_get(o, "UPDATED_AT")));
		assert_non_null(json_string_value(json_object_get(o, "SOURCE")));
	}
	json_decref(j);
	buf_release(&a.body);
}

static void test_export_xlsx(void **state)
{
	(void)state;
	struct answer a;
	get("/api/v1/export?format=xlsx", 0, &a);
	assert_int_equal(a.status, 200);
	assert_string_equal(a.ctype, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_true(a.body.len > 1000);
	assert_memory_equal(a.body.p, "PK\x03\x04", 4);
	/* unzip it and look at the sheet: the published figures, none of the others */
	char path[200], dir[200];
	snprintf(path, sizeof(path), "%s/export.xlsx", fx.tmpdir);
	snprintf(dir, sizeof(dir), "%s/export", fx.tmpdir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(a.body.p, 1, a.body.len, f), a.body.len);
	fclose(f);
	char *unzip[] = {"/usr/bin/unzip", "-o", "-q", path, "-d", dir, NULL};
	assert_int_equal(run_cmd(unzip, NULL, NULL), 0);
	char sheet[240], strings[240];
	snprintf(sheet, sizeof(sheet), "%s/xl/worksheets/sheet1.xml", dir);
	snprintf(strings, sizeof(strings), "%s/xl/sharedStrings.xml", dir);
	struct buf s;
	buf_init(&s, 0);
	const char *files[] = {sheet, strings};
	for (size_t k = 0; k < 2; k++) {
		FILE *x = fopen(files[k], "rb");
		assert_non_null(x);
		char chunk[4096];
		size_t n;
		while ((n = fread(chunk, 1, sizeof(chunk), x)) > 0)
			assert_int_equal(buf_append(&s, chunk, n), ST_OK);
		fclose(x);
	}
	assert_non_null(strstr(buf_str(&s), "<v>490.69</v>"));
	assert_non_null(strstr(buf_str(&s), "OBS_VALUE"));
	assert_null(strstr(buf_str(&s), "777.77"));
	assert_null(strstr(buf_str(&s), "888.88"));
	assert_null(strstr(buf_str(&s), "299.99"));
	buf_release(&s);
	buf_release(&a.body);
}

static void test_export_bad_format(void **state)
{
	(void)state;
	struct answer a;
	get("/api/v1/export?format=pdf", 0, &a);
	assert_int_equal(a.status, 422);
	buf_release(&a.body);
}

static void test_reports_need_sign_in(void **state)
{
	(void)state;
	struct answer a;
	get("/reports/evaluation?period=2025&format=pdf&lang=zh", 0, &a);
	assert_int_equal(a.status, 303);
	assert_non_null(strstr(a.location, "/signin"));
	buf_release(&a.body);
	get("/reports", 0, &a);
	assert_int_equal(a.status, 303);
	buf_release(&a.body);
}

static void test_reports_page_and_downloads(void **state)
{
	(void)state;
	struct answer a;
	get("/reports", 1, &a);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(buf_str(&a.body), "action=\"/reports/evaluation\""));
	assert_non_null(strstr(buf_str(&a.body), "/api/v1/export?format=csv"));
	buf_release(&a.body);

	get("/reports/evaluation?period=2025&format=pdf&lang=zh", 1, &a);
	assert_int_equal(a.status, 200);
	assert_string_equal(a.ctype, "application/pdf");
	assert_non_null(strstr(a.disposition, "attachment; filename=\"czt-2024-evaluation-2025-zh.pdf\""));
	assert_memory_equal(a.body.p, "%PDF-", 5);
	buf_release(&a.body);

	get("/reports/evaluation?period=2024&format=xlsx&lang=en", 1, &a);
	assert_int_equal(a.status, 200);
	assert_memory_equal(a.body.p, "PK\x03\x04", 4);
	buf_release(&a.body);

	/* a signed-in reader's report uses approved figures too: the approved 湘潭 2024 figure */
	get("/reports/evaluation?period=2024&format=md&lang=zh", 1, &a);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(buf_str(&a.body), "888.88"));
	/* the draft is never used: it shows only in the data-quality list of pending values */
	const char *draft = strstr(buf_str(&a.body), "777.77");
	assert_non_null(draft);
	assert_null(strstr(draft + 1, "777.77"));
	const char *line_end = strchr(draft, '\n');
	assert_non_null(line_end);
	const char *mark = strstr(draft, "草稿");
	assert_true(mark && mark < line_end);
	buf_release(&a.body);

	get("/reports/evaluation?period=twenty&format=pdf", 1, &a);
	assert_int_equal(a.status, 400);
	buf_release(&a.body);
	get("/reports/evaluation?period=2025&format=doc", 1, &a);
	assert_int_equal(a.status, 400);
	buf_release(&a.body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_csv_published_only),
		cmocka_unit_test(test_export_json),
		cmocka_unit_test(test_export_xlsx),
		cmocka_unit_test(test_export_bad_format),
		cmocka_unit_test(test_reports_need_sign_in),
		cmocka_unit_test(test_reports_page_and_downloads),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
