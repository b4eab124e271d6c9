/* http_util.c - the helpers of the HTTP tests (http_util.h): children through posix_spawn, the
 * server's port from its first line, libcurl requests, sign-in, tidy, SQLite reads. Owns no
 * state: every function works on what its caller passes. */
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "http_util.h"
#include "base/banned.h"

extern char **environ;

#define START_TIMEOUT_MS 20000
#define STOP_TIMEOUT_MS 60000
#define MAX_ARGS 24

/* ---- the temporary folder --------------------------------------------------------------- */

int ht_env_init(struct ht_env *e, const char *name)
{
	memset(e, 0, sizeof(*e));
	e->bin = getenv("INNOMON_BIN");
	e->src = getenv("INNOMON_SOURCE_ROOT");
	if (!e->bin || !e->src) {
		fprintf(stderr, "INNOMON_BIN and INNOMON_SOURCE_ROOT must be set\n");
		return -1;
	}
	snprintf(e->tmpdir, sizeof(e->tmpdir), "/tmp/innomon-%s-XXXXXX", name);
	if (!mkdtemp(e->tmpdir)) {
		fprintf(stderr, "cannot make a folder %s\n", e->tmpdir);
		return -1;
	}
	return testdb_new(e->db, sizeof(e->db), e->tmpdir, name);
}

int ht_db_new(const struct ht_env *e, const char *name, char *out, size_t cap)
{
	if (testdb_is_postgres())
		return testdb_new(out, cap, e->tmpdir, name);
	snprintf(out, cap, "%s/%s.db", e->tmpdir, name);
	return 0;
}

void ht_env_release(const struct ht_env *e)
{
	char *argv[] = {"/bin/rm", "-rf", (char *)(uintptr_t)e->tmpdir, NULL};
	pid_t pid;
	int status;
	testdb_drop(e->db);
	if (e->tmpdir[0] && posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) == 0)
		(void)waitpid(pid, &status, 0);
}

/* ---- children --------------------------------------------------------------------------- */

int ht_run(const struct ht_env *e, char *const argv[], const char *stdin_text, struct buf *out)
{
	char in_path[160], out_path[160];
	snprintf(in_path, sizeof(in_path), "%s/cmd.stdin", e->tmpdir);
	snprintf(out_path, sizeof(out_path), "%s/cmd.stdout", e->tmpdir);
	FILE *f = fopen(in_path, "wb");
	if (!f)
		return -1;
	fputs(stdin_text ? stdin_text : "", f);
	fclose(f);
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, in_path, O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	if (out) {
		buf_reset(out);
		f = fopen(out_path, "rb");
		char chunk[4096];
		size_t n;
		while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			if (buf_append(out, chunk, n) != ST_OK)
				break;
		if (f)
			fclose(f);
	}
	return WEXITSTATUS(status);
}

int ht_innomon_v(const struct ht_env *e, const char *stdin_text, struct buf *out, va_list ap)
{
	char *argv[MAX_ARGS];
	size_t n = 0;
	argv[n++] = e->bin;
	argv[n++] = "--db";
	argv[n++] = (char *)(uintptr_t)e->db;
	for (char *a = va_arg(ap, char *); a && n < MAX_ARGS - 1; a = va_arg(ap, char *))
		argv[n++] = a;
	argv[n] = NULL;
	return ht_run(e, argv, stdin_text, out);
}

int ht_innomon(const struct ht_env *e, const char *stdin_text, struct buf *out, ...)
{
	va_list ap;
	va_start(ap, out);
	int rc = ht_innomon_v(e, stdin_text, out, ap);
	va_end(ap);
	return rc;
}

/* The last lines of the file at path on stderr, as a test's diagnostics. */
static void print_tail(const char *path)
{
	FILE *f = fopen(path, "r");
	char buf[4096];
	if (!f)
		return;
	if (fseek(f, 0, SEEK_END) == 0 && ftell(f) > (long)sizeof(buf) - 1)
		(void)fseek(f, -(long)sizeof(buf) + 1, SEEK_END);
	else
		rewind(f);
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	fprintf(stderr, "# the server's log (%s) ends:\n%s\n", path, buf);
}

int ht_server_start(struct ht_server *s, const struct ht_env *e, const char *db, const char *const *args,
		    char *const *envp, const char *log_path, int is_log_append)
{
	char *argv[MAX_ARGS] = {e->bin, "--db", (char *)(uintptr_t)db, "serve", "--port", "0"};
	size_t n_args = 6;
	for (size_t i = 0; args && args[i] && n_args < 16; i++)
		argv[n_args++] = (char *)(uintptr_t)args[i];
	argv[n_args] = NULL;
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	posix_spawn_file_actions_addopen(&fa, 2, log_path, O_WRONLY | O_CREAT | (is_log_append ? O_APPEND : O_TRUNC), 0644);
	int rc = posix_spawn(&s->pid, e->bin, &fa, NULL, argv, envp ? envp : environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (rc != 0) {
		s->pid = 0;
		close(fds[0]);
		return -1;
	}
	s->out_fd = fds[0];
	snprintf(s->log, sizeof(s->log), "%s", log_path);
	char line[256];
	size_t n = 0;
	for (;;) {
		struct pollfd p = {s->out_fd, POLLIN, 0};
		if (poll(&p, 1, START_TIMEOUT_MS) != 1 || n + 1 == sizeof(line) || read(s->out_fd, line + n, 1) != 1) {
			print_tail(log_path); /* it exited, or said nothing in time: its log says why */
			return -1;
		}
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

int ht_server_wait(struct ht_server *s, int timeout_ms)
{
	int status;
	for (int i = 0; i < timeout_ms / 10; i++) {
		pid_t r = waitpid(s->pid, &status, WNOHANG);
		if (r == s->pid) {
			s->pid = 0;
			close(s->out_fd);
			if (WIFEXITED(status))
				return WEXITSTATUS(status);
			/* a server that did not end by itself: say how, and what it logged last, so a
			 * rare failure in CI can be read from the test's output */
			fprintf(stderr, "# the server ended by signal %d (%s); the end of %s:\n", WTERMSIG(status),
				strsignal(WTERMSIG(status)), s->log);
			print_tail(s->log);
			return -1;
		}
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "# the server did not stop within %d ms; the end of %s:\n", timeout_ms, s->log);
	print_tail(s->log);
	kill(s->pid, SIGKILL);
	waitpid(s->pid, &status, 0);
	s->pid = 0;
	close(s->out_fd);
	return -1;
}

int ht_server_stop(struct ht_server *s)
{
	if (s->pid <= 0)
		return -1;
	kill(s->pid, SIGTERM);
	return ht_server_wait(s, STOP_TIMEOUT_MS);
}

/* ---- the client ------------------------------------------------------------------------- */

static size_t on_data(char *p, size_t size, size_t n, void *userdata)
{
	return buf_append(userdata, p, size * n) == ST_OK ? size * n : 0;
}

/* Append the line prefix + value unless value is empty. */
static struct curl_slist *add_header(struct curl_slist *hdrs, const char *prefix, const char *value)
{
	char line[512];
	if (!value || !value[0])
		return hdrs;
	snprintf(line, sizeof(line), "%s%s", prefix, value);
	return curl_slist_append(hdrs, line);
}

CURLcode ht_send(struct ht_resp *r, const struct ht_request *q)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hdrs = NULL;
	const char *method = q->method ? q->method : "GET";
	const struct ht_cred *c = q->cred;
	char url[1024];
	memset(r, 0, sizeof(*r));
	buf_init(&r->body, 0);
	buf_init(&r->headers, 64u << 10);
	r->status = -1;
	if (!h)
		return CURLE_FAILED_INIT;
	snprintf(url, sizeof(url), "%s%s", q->base, q->path);
	hdrs = curl_slist_append(hdrs, "Expect:");
	if (c) {
		hdrs = add_header(hdrs, "Cookie: innomon_session=", c->cookie);
		hdrs = add_header(hdrs, "X-CSRF-Token: ", c->csrf);
		hdrs = add_header(hdrs, "Authorization: Bearer ", c->bearer);
		hdrs = add_header(hdrs, "", c->extra);
	}
	for (const char *const *x = q->headers; x && *x; x++)
		hdrs = curl_slist_append(hdrs, *x);
	hdrs = add_header(hdrs, "Content-Type: ", q->ctype);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &r->headers);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, q->timeout_s ? q->timeout_s : HT_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	int has_body = q->body || strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 || strcmp(method, "PATCH") == 0;
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	if (has_body) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(q->body ? q->body_len : 0));
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, q->body ? q->body : "");
	}
	CURLcode rc = curl_easy_perform(h);
	if (rc == CURLE_OK) {
		char *ct = NULL;
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
		curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct);
		snprintf(r->content_type, sizeof(r->content_type), "%s", ct ? ct : "");
	}
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(h);
	return rc;
}

void ht_http(struct ht_resp *r, const char *base, const char *method, const char *path, const struct ht_cred *c,
	     const char *ctype, const void *body, size_t body_len)
{
	struct ht_request q = {base, method, path, c, NULL, ctype, body, body_len, 0};
	CURLcode rc = ht_send(r, &q);
	if (rc != CURLE_OK)
		fail_msg("%s %s%s: %s", method, base, path, curl_easy_strerror(rc));
}

void ht_resp_free(struct ht_resp *r)
{
	buf_release(&r->body);
	buf_release(&r->headers);
}

const char *ht_header(const struct ht_resp *r, const char *name, char *out, size_t cap)
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

json_t *ht_json(const struct ht_resp *r, json_error_t *err)
{
	return json_loadb(buf_str(&r->body), r->body.len, JSON_REJECT_DUPLICATES, err);
}

const char *ht_error_code(const struct ht_resp *r, char *out, size_t cap)
{
	json_t *j = ht_json(r, NULL);
	const char *code = NULL;
	json_t *e = json_object_get(j, "error");
	if (json_is_object(j) && json_object_size(j) == 1 && json_is_object(e) && json_object_size(e) == 3 &&
	    json_is_string(json_object_get(e, "code")) && json_is_string(json_object_get(e, "message")) &&
	    json_string_length(json_object_get(e, "message")) > 0 && json_is_array(json_object_get(e, "details")) &&
	    strcmp(r->content_type, "application/json; charset=utf-8") == 0) {
		snprintf(out, cap, "%s", json_string_value(json_object_get(e, "code")));
		code = out;
	}
	json_decref(j);
	return code;
}

void ht_expect_error(const struct ht_resp *r, long status, const char *code)
{
	char got[64];
	if (r->status != status || !ht_error_code(r, got, sizeof(got)) || strcmp(got, code) != 0)
		fail_msg("expected %ld with error code '%s', got %ld: %s", status, code, r->status, buf_str(&r->body));
}

json_t *ht_api(const char *base, const struct ht_cred *c, const char *method, const char *path, const char *body,
	       long want)
{
	struct ht_resp r;
	ht_http(&r, base, method, path, c, body ? "application/json" : NULL, body, body ? strlen(body) : 0);
	if (r.status != want)
		fail_msg("%s %s as %s: expected %ld, got %ld: %s", method, path, c ? c->user : "anonymous", want, r.status,
			 buf_str(&r.body));
	json_t *j = ht_json(&r, NULL);
	ht_resp_free(&r);
	if (!j)
		fail_msg("%s %s: the answer is not JSON", method, path);
	return j;
}

long ht_signin(const char *base, const char *name, const char *password, struct ht_cred *out, struct ht_resp *keep)
{
	char body[256];
	struct ht_resp r;
	memset(out, 0, sizeof(*out));
	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"password\":\"%s\"}", name, password);
	ht_http(&r, base, "POST", "/api/v1/session", NULL, "application/json", body, strlen(body));
	long status = r.status;
	if (status == 200) {
		const char *c = strstr(buf_str(&r.headers), "innomon_session=");
		assert_non_null(c);
		c += strlen("innomon_session=");
		size_t n = strcspn(c, ";\r\n");
		assert_true(n > 0 && n < sizeof(out->cookie));
		memcpy(out->cookie, c, n);
		json_t *j = ht_json(&r, NULL);
		assert_non_null(j);
		assert_true(json_is_string(json_object_get(j, "csrf_token")));
		snprintf(out->csrf, sizeof(out->csrf), "%s", json_string_value(json_object_get(j, "csrf_token")));
		snprintf(out->user, sizeof(out->user), "%s", name);
		json_decref(j);
		status = 0;
	}
	if (keep)
		*keep = r;
	else
		ht_resp_free(&r);
	return status;
}

void ht_signin_ok(const char *base, const char *name, const char *password, struct ht_cred *out)
{
	struct ht_resp r;
	if (ht_signin(base, name, password, out, &r) != 0)
		fail_msg("sign-in of %s: %ld %s", name, r.status, buf_str(&r.body));
	ht_resp_free(&r);
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

void ht_expect_tidy(const struct ht_env *e, const struct ht_resp *r, const char *what)
{
	char path[160], cmd[256], line[512];
	snprintf(path, sizeof(path), "%s/page.html", e->tmpdir);
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
		fprintf(stderr, "# tidy (%s):\n%s", what, buf_str(&problems));
		buf_release(&problems);
		fail_msg("tidy reports problems in %s", what);
	}
	buf_release(&problems);
	/* exit 2 means errors; 1 only warnings (all filtered above) */
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) < 2);
}

/* ---- the store, read directly ----------------------------------------------------------- */

long long ht_db_int(const char *target, const char *sql)
{
	struct buf out;
	char err[512];
	buf_init(&out, 0);
	if (testdb_query(target, sql, NULL, &out, err, sizeof(err)) != 0)
		fail_msg("%s: %s", sql, err);
	if (!out.len)
		fail_msg("%s: no row", sql);
	long long v = strtoll(buf_str(&out), NULL, 10);
	buf_release(&out);
	return v;
}
