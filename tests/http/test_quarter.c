/* test_quarter.c - task supervision end to end through a real socket, as the "done
 * when" asks: a full quarter on the minimal plan (13 reports owed by 5 units): units draft and
 * report on time, one unit late, one never; a lead unit reads its co-units' drafts, other units
 * neither see nor touch them; the department returns and approves; `innomon tick` at the
 * deadline raises a notice for every report missing, unanswered it escalates, answered it does
 * not; the scorecards (API and page) show exactly that. Then: webhook deliveries signed with
 * HMAC-SHA256, the first failing and retried after its back-off (a receiver in this test);
 * evidence uploads refused (too large, a wrong type behind a right extension, a path-traversal
 * name, the scan hook) with clear errors and nothing stored; the background tick of `innomon
 * serve`. Time is INNOMON_NOW: the server is restarted at later times, ticks run with their
 * own. INNOMON_BIN names the binary; INNOMON_SOURCE_ROOT the source tree. */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <jansson.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/buf.h"
#include "http_util.h"
#include "base/banned.h"

#define PW "quarter-password-1"
#define CYCLE "2025Q3"
#define SECRET "oa-bridge-secret"

static struct {
	struct ht_env env;
	struct ht_server srv;
} fx;

/* ---- processes ---------------------------------------------------------------------------- */

/* innomon --db DB ARGS... (NULL-terminated) at the time now (INNOMON_NOW; NULL: unset). */
static int innomon_at(const char *now, const char *stdin_text, struct buf *out, ...)
{
	va_list ap;
	if (now)
		setenv("INNOMON_NOW", now, 1);
	else
		unsetenv("INNOMON_NOW");
	va_start(ap, out);
	int rc = ht_innomon_v(&fx.env, stdin_text, out, ap);
	va_end(ap);
	unsetenv("INNOMON_NOW");
	return rc;
}

/* Start `innomon serve --port 0` at the time now with extra environment settings (NAME=value
 * strings, NULL-terminated). */
static void server_start_at(const char *now, const char *const *env_extra)
{
	char log_path[160], envs[16][256];
	char *envp[512]; /* the whole environment: PGHOST and the like name the store under tools/pg-test.sh */
	size_t n = 0;
	for (char **e = environ; *e && n < 480; e++)
		if (strncmp(*e, "INNOMON_", 8) != 0)
			envp[n++] = *e;
	/* the first entry of a name counts: the extras before the defaults */
	size_t k_env = 0;
	for (size_t i = 0; env_extra && env_extra[i] && k_env < 12; i++) {
		snprintf(envs[k_env], sizeof(envs[k_env]), "%s", env_extra[i]);
		envp[n++] = envs[k_env++];
	}
	snprintf(envs[k_env], sizeof(envs[k_env]), "INNOMON_NOW=%s", now);
	envp[n++] = envs[k_env++];
	snprintf(envs[k_env], sizeof(envs[k_env]), "INNOMON_TICK_INTERVAL=0");
	envp[n++] = envs[k_env++];
	envp[n] = NULL;
	snprintf(log_path, sizeof(log_path), "%s/serve.log", fx.env.tmpdir);
	if (ht_server_start(&fx.srv, &fx.env, fx.env.db, NULL, envp, log_path, 1) != 0)
		fail_msg("the server did not start; see %s", log_path);
}

/* ---- the client --------------------------------------------------------------------------- */

/* A request to the fixture's server (ht_http). */
static void http(struct ht_resp *r, const char *method, const char *path, const struct ht_cred *c, const char *ctype,
		 const void *body, size_t body_len)
{
	ht_http(r, fx.srv.url, method, path, c, ctype, body, body_len);
}

/* A JSON request to the fixture's server (ht_api). */
static json_t *api(const struct ht_cred *c, const char *method, const char *path, const char *body, long want)
{
	return ht_api(fx.srv.url, c, method, path, body, want);
}

/* ---- pages ------------------------------------------------------------------------------- */

static void expect_page(const struct ht_resp *r, long status, const char *what)
{
	if (r->status != status)
		fail_msg("%s: expected %ld, got %ld: %.400s", what, status, r->status, buf_str(&r->body));
	assert_string_equal(r->content_type, "text/html; charset=utf-8");
	ht_expect_tidy(&fx.env, r, what);
	/* no message key left untranslated */
	assert_null(strstr(buf_str(&r->body), "⟦"));
}

static void page(const struct ht_cred *c, const char *path, long status, struct ht_resp *r)
{
	http(r, "GET", path, c, NULL, NULL, 0);
	expect_page(r, status, path);
}

/* ---- setup ---------------------------------------------------------------------------------- */

static int group_setup(void **state)
{
	(void)state;
	if (sodium_init() < 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	curl_global_cleanup();
	return 0;
}

/* A fresh store of the minimal plan (13 reports owed: kjt 4, fgw 3, cs-gov 3, gxt 2, xjxq 1)
 * with an admin, an analyst and a reporter of each unit. */
static int setup(void **state)
{
	(void)state;
	if (ht_env_init(&fx.env, "quarter") != 0)
		return -1;
	char plan[512];
	snprintf(plan, sizeof(plan), "%s/tests/data/plans/minimal", fx.env.src);
	setenv("INNOMON_ADMIN_PASSWORD", PW, 1);
	if (innomon_at("2025-07-01T00:00:00Z", NULL, NULL, "init", "--plan", plan, NULL) != 0)
		return -1;
	unsetenv("INNOMON_ADMIN_PASSWORD");
	static const char *const users[][2] = {{"kjt-rep", "kjt"}, {"fgw-rep", "fgw"}, {"gxt-rep", "gxt"},
					       {"cs-rep", "cs-gov"}, {"xjxq-rep", "xjxq"}};
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		char *u = (char *)(uintptr_t)users[i][0], *unit = (char *)(uintptr_t)users[i][1];
		if (innomon_at(NULL, PW "\n", NULL, "user", "add", u, "--role", "unit_reporter", "--unit", unit,
			       "--password-stdin", NULL) != 0)
			return -1;
	}
	if (innomon_at(NULL, PW "\n", NULL, "user", "add", "analyst", "--role", "analyst", "--password-stdin", NULL) != 0 ||
	    innomon_at(NULL, PW "\n", NULL, "user", "add", "reader", "--role", "reader", "--password-stdin", NULL) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (fx.srv.pid > 0)
		(void)ht_server_stop(&fx.srv);
	ht_env_release(&fx.env);
	return 0;
}

/* ---- the quarter ------------------------------------------------------------------------------ */

#define REPORT(measure, unit) "/api/v1/progress-reports/" CYCLE "/" measure "/" unit

static void save(const struct ht_cred *c, const char *path, const char *progress, const char *narrative, int submit)
{
	char body[512];
	snprintf(body, sizeof(body), "{\"progress\":\"%s\",\"narrative\":\"%s\",\"submit\":%s}", progress, narrative,
		 submit ? "true" : "false");
	json_t *j = api(c, "PUT", path, body, 200);
	assert_string_equal(json_string_value(json_object_get(j, "state")), submit ? "submitted" : "draft");
	json_decref(j);
}

static json_t *scorecard_of(json_t *cards, const char *unit)
{
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(cards, "scorecards"), i, x) {
		if (strcmp(json_string_value(json_object_get(x, "unit")), unit) == 0)
			return x;
	}
	fail_msg("no scorecard of %s", unit);
	return NULL;
}

static long long count_of(json_t *card, const char *name)
{
	return json_integer_value(json_object_get(json_object_get(card, "counts"), name));
}

static void expect_score(json_t *card, double want)
{
	json_t *s = json_object_get(card, "score");
	if (!json_is_number(s) || fabs(json_number_value(s) - want) > 0.051)
		fail_msg("score of %s: expected %.1f, got %s", json_string_value(json_object_get(card, "unit")), want,
			 json_dumps(s, JSON_ENCODE_ANY));
}

static void test_quarter_on_time_late_never(void **state)
{
	(void)state;
	struct ht_cred admin, analyst, kjt, fgw, gxt, cs, reader;
	struct ht_resp r;
	struct buf out;
	buf_init(&out, 0);

	/* 1 July: the department opens the quarter */
	assert_int_equal(innomon_at("2025-07-01T01:00:00Z", NULL, &out, "cycle", "open", CYCLE, "--deadline", "2025-10-15", NULL), 0);
	assert_non_null(strstr(buf_str(&out), "13 reports owed"));
	assert_int_equal(innomon_at("2025-07-01T01:00:00Z", NULL, NULL, "cycle", "open", CYCLE, "--deadline", "2025-10-15", NULL), 5);

	/* 10 October: reports come in */
	server_start_at("2025-10-10T02:00:00Z", NULL);
	ht_signin_ok(fx.srv.url, "admin", PW, &admin), ht_signin_ok(fx.srv.url, "analyst", PW, &analyst), ht_signin_ok(fx.srv.url, "kjt-rep", PW, &kjt), ht_signin_ok(fx.srv.url, "fgw-rep", PW, &fgw);
	ht_signin_ok(fx.srv.url, "gxt-rep", PW, &gxt), ht_signin_ok(fx.srv.url, "cs-rep", PW, &cs), ht_signin_ok(fx.srv.url, "reader", PW, &reader);
	/* every unit heard of the cycle in its inbox */
	json_t *j = api(&cs, "GET", "/api/v1/inbox", NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "unread")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "notifications"), 0), "event")),
			    "cycle.opened");
	json_decref(j);

	/* co-units draft measure 1 (kjt leads it) */
	save(&fgw, REPORT("1", "fgw"), "on_track", "发展改革委配合推进，已完成项目储备。", 0);
	save(&cs, REPORT("1", "cs-gov"), "delayed", "长沙市草稿：用地手续仍在办理。", 0);
	/* the lead unit reads both drafts before it submits its own */
	j = api(&kjt, "GET", REPORT("1", "fgw"), NULL, 200);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "report"), "narrative")),
			    "发展改革委配合推进，已完成项目储备。");
	json_decref(j);
	json_decref(api(&kjt, "GET", REPORT("1", "cs-gov"), NULL, 200));
	struct ht_resp lead_page;
	page(&kjt, "/reporting?cycle=" CYCLE, 200, &lead_page);
	assert_non_null(strstr(buf_str(&lead_page.body), "长沙市草稿：用地手续仍在办理。"));
	ht_resp_free(&lead_page);
	/* nobody else sees or touches a unit's draft */
	http(&r, "GET", REPORT("1", "fgw"), &cs, NULL, NULL, 0);
	ht_expect_error(&r, 404, "not_found");
	ht_resp_free(&r);
	http(&r, "GET", REPORT("1", "cs-gov"), &reader, NULL, NULL, 0);
	ht_expect_error(&r, 404, "not_found");
	ht_resp_free(&r);
	http(&r, "GET", "/reporting/" CYCLE "/1/fgw", &gxt, NULL, NULL, 0);
	assert_int_equal(r.status, 404);
	ht_resp_free(&r);
	long long audit_before = ht_db_int(fx.env.db, "SELECT max(id) FROM audit_events");
	const char *attempt = "{\"progress\":\"done\",\"narrative\":\"x\"}";
	http(&r, "PUT", REPORT("1", "fgw"), &cs, "application/json", attempt, strlen(attempt));
	ht_expect_error(&r, 403, "forbidden");
	ht_resp_free(&r);
	http(&r, "POST", REPORT("1", "fgw") "/submit", &cs, "application/json", "", 0);
	ht_expect_error(&r, 403, "forbidden");
	ht_resp_free(&r);
	const char *form = "cycle=2025Q3&measure=1&unit=fgw&progress=done&narrative=x&do=submit";
	http(&r, "POST", "/reporting", &cs, "application/x-www-form-urlencoded", form, strlen(form));
	assert_int_equal(r.status, 403);
	ht_resp_free(&r);
	assert_int_equal(ht_db_int(fx.env.db, "SELECT max(id) FROM audit_events"), audit_before);
	assert_int_equal(ht_db_int(fx.env.db, "SELECT count(*) FROM reports WHERE unit = 'fgw'"), 1);
	/* a co-unit does not read the lead unit's draft either */
	save(&kjt, REPORT("1", "kjt"), "on_track", "科技厅牵头：区域科技创新中心方案已报国家部委。", 0);
	http(&r, "GET", REPORT("1", "kjt"), &fgw, NULL, NULL, 0);
	ht_expect_error(&r, 404, "not_found");
	ht_resp_free(&r);

	/* on time: kjt all four, fgw all three, gxt both (one returned, then approved) */
	json_decref(api(&kjt, "POST", REPORT("1", "kjt") "/submit", NULL, 200));
	save(&kjt, REPORT("2", "kjt"), "on_track", "配合湘江新区推进首开区建设。", 1);
	save(&kjt, REPORT("6", "kjt"), "on_track", "新增国家企业技术中心申报4家。", 1);
	save(&kjt, REPORT("8", "kjt"), "done", "传统产业技改项目已完成。", 1);
	json_decref(api(&fgw, "POST", REPORT("1", "fgw") "/submit", "{\"revision\":1}", 200));
	/* a draft without a narrative cannot be submitted, as it is or through PUT */
	save(&fgw, REPORT("6", "fgw"), "on_track", "", 0);
	http(&r, "POST", REPORT("6", "fgw") "/submit", &fgw, "application/json", "", 0);
	ht_expect_error(&r, 422, "narrative_missing");
	ht_resp_free(&r);
	const char *empty = "{\"progress\":\"on_track\",\"narrative\":\"  \",\"submit\":true}";
	http(&r, "PUT", REPORT("6", "fgw"), &fgw, "application/json", empty, strlen(empty));
	ht_expect_error(&r, 422, "narrative_missing");
	ht_resp_free(&r);
	save(&fgw, REPORT("6", "fgw"), "on_track", "发展改革委认定工作按计划推进。", 1);
	save(&fgw, REPORT("8", "fgw"), "delayed", "部分项目资金未到位。", 1);
	save(&gxt, REPORT("6", "gxt"), "on_track", "工信厅配合推进。", 1);
	save(&gxt, REPORT("8", "gxt"), "on_track", "硬质合金集群建设中", 1);
	/* a stale revision and a draft over a submission are refused */
	http(&r, "PUT", REPORT("8", "gxt"), &gxt, "application/json", attempt, strlen(attempt));
	ht_expect_error(&r, 409, "conflict_state");
	ht_resp_free(&r);
	j = api(&analyst, "POST", REPORT("8", "gxt") "/return", "{\"reason\":\"请补充产值数据\"}", 200);
	assert_string_equal(json_string_value(json_object_get(j, "state")), "returned");
	json_decref(j);
	http(&r, "POST", REPORT("6", "gxt") "/return", &analyst, "application/json", "{}", 2);
	ht_expect_error(&r, 422, "reason_missing");
	ht_resp_free(&r);
	j = api(&gxt, "GET", "/api/v1/inbox", NULL, 200);
	char *inbox = json_dumps(j, 0);
	assert_non_null(strstr(inbox, "report.returned"));
	free(inbox);
	json_decref(j);
	save(&gxt, REPORT("8", "gxt"), "on_track", "硬质合金集群产值已补充：120亿元。", 1);
	json_decref(api(&analyst, "POST", REPORT("8", "gxt") "/approve", NULL, 200));
	json_decref(api(&admin, "POST", REPORT("6", "kjt") "/approve", NULL, 200));
	/* approved reports are read by every signed-in user */
	json_decref(api(&reader, "GET", REPORT("8", "gxt"), NULL, 200));
	/* cs-gov drafts its three reports but submits none by the deadline; xjxq writes nothing */
	save(&cs, REPORT("2", "cs-gov"), "on_track", "长沙市草稿二。", 0);
	save(&cs, REPORT("6", "cs-gov"), "on_track", "长沙市草稿六。", 0);
	assert_int_equal(ht_server_stop(&fx.srv), 0);

	/* before the deadline: 9 on time, 4 pending */
	assert_int_equal(innomon_at("2025-10-15T15:00:00Z", NULL, &out, "cycle", "status", CYCLE, "--json", NULL), 0);
	j = json_loads(buf_str(&out), 0, NULL);
	assert_int_equal(json_array_size(json_object_get(j, "owed")), 13);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "summary"), "on_time")), 9);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "summary"), "pending")), 4);
	json_decref(j);
	/* a tick before the deadline raises nothing */
	assert_int_equal(innomon_at("2025-10-15T15:59:59Z", NULL, &out, "tick", NULL), 0);
	assert_non_null(strstr(buf_str(&out), "0 notices raised"));

	/* the deadline passes: a notice for every report missing, once */
	assert_int_equal(innomon_at("2025-10-15T16:30:00Z", NULL, &out, "tick", NULL), 0);
	assert_non_null(strstr(buf_str(&out), "4 notices raised, 0 escalated"));
	assert_int_equal(innomon_at("2025-10-15T16:40:00Z", NULL, &out, "tick", NULL), 0);
	assert_non_null(strstr(buf_str(&out), "0 notices raised, 0 escalated"));
	assert_int_equal(innomon_at("2025-10-15T16:40:00Z", NULL, &out, "notices", "--json", NULL), 0);
	j = json_loads(buf_str(&out), 0, NULL);
	assert_int_equal(json_array_size(j), 4);
	size_t i;
	json_t *x;
	int n_cs = 0, n_xjxq = 0;
	json_array_foreach(j, i, x) {
		assert_string_equal(json_string_value(json_object_get(x, "rule")), "report-missing");
		assert_string_equal(json_string_value(json_object_get(x, "status")), "open");
		assert_string_equal(json_string_value(json_object_get(x, "reply_due")), "2025-10-21T15:59:59Z");
		n_cs += strcmp(json_string_value(json_object_get(x, "unit")), "cs-gov") == 0;
		n_xjxq += strcmp(json_string_value(json_object_get(x, "unit")), "xjxq") == 0;
	}
	assert_int_equal(n_cs, 3);
	assert_int_equal(n_xjxq, 1);
	json_decref(j);

	/* 16 October: cs-gov reports late and answers its notices */
	server_start_at("2025-10-16T02:00:00Z", NULL);
	ht_signin_ok(fx.srv.url, "cs-rep", PW, &cs), ht_signin_ok(fx.srv.url, "admin", PW, &admin), ht_signin_ok(fx.srv.url, "reader", PW, &reader);
	json_decref(api(&cs, "POST", REPORT("1", "cs-gov") "/submit", NULL, 200));
	json_decref(api(&cs, "POST", REPORT("2", "cs-gov") "/submit", NULL, 200));
	/* the third through the form, as a browser would */
	form = "cycle=2025Q3&measure=6&unit=cs-gov&progress=on_track&narrative=%E5%B7%B2%E8%A1%A5%E6%8A%A5&do=submit";
	http(&r, "POST", "/reporting", &cs, "application/x-www-form-urlencoded", form, strlen(form));
	assert_int_equal(r.status, 303);
	ht_resp_free(&r);
	j = api(&cs, "GET", "/api/v1/notices?unit=cs-gov", NULL, 200);
	json_array_foreach(json_object_get(j, "notices"), i, x) {
		char path[64];
		snprintf(path, sizeof(path), "/api/v1/notices/%lld/reply", (long long)json_integer_value(json_object_get(x, "id")));
		json_t *a = api(&cs, "POST", path, "{\"body\":\"已于10月16日补报。\"}", 200);
		assert_string_equal(json_string_value(json_object_get(a, "status")), "answered");
		json_decref(a);
	}
	json_decref(j);
	/* cs-gov may not answer xjxq's notice, nor close its own */
	j = api(&reader, "GET", "/api/v1/notices?unit=xjxq", NULL, 200);
	long long xjxq_notice = json_integer_value(json_object_get(json_array_get(json_object_get(j, "notices"), 0), "id"));
	json_decref(j);
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/notices/%lld/reply", xjxq_notice);
	http(&r, "POST", path, &cs, "application/json", "{\"body\":\"x\"}", 12);
	ht_expect_error(&r, 403, "forbidden");
	ht_resp_free(&r);
	assert_int_equal(ht_server_stop(&fx.srv), 0);

	/* past the reply deadline: only the unanswered notice escalates */
	assert_int_equal(innomon_at("2025-10-21T15:59:59Z", NULL, &out, "tick", NULL), 0);
	assert_non_null(strstr(buf_str(&out), "0 escalated"));
	assert_int_equal(innomon_at("2025-10-21T16:30:00Z", NULL, &out, "tick", NULL), 0);
	assert_non_null(strstr(buf_str(&out), "0 notices raised, 1 escalated"));
	assert_int_equal(innomon_at("2025-10-22T00:00:00Z", NULL, &out, "tick", NULL), 0);
	assert_non_null(strstr(buf_str(&out), "0 escalated"));
	assert_int_equal(innomon_at("2025-10-22T00:00:00Z", NULL, &out, "notices", "--overdue", "--json", NULL), 0);
	j = json_loads(buf_str(&out), 0, NULL);
	assert_int_equal(json_array_size(j), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "unit")), "xjxq");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 0), "level")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "status")), "escalated");
	json_decref(j);

	/* 22 October: the scorecards show exactly that */
	server_start_at("2025-10-22T02:00:00Z", NULL);
	ht_signin_ok(fx.srv.url, "admin", PW, &admin), ht_signin_ok(fx.srv.url, "reader", PW, &reader), ht_signin_ok(fx.srv.url, "cs-rep", PW, &cs);
	j = api(&reader, "GET", "/api/v1/scorecards?period=" CYCLE, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "scorecards")), 5);
	json_t *k = scorecard_of(j, "kjt"), *f = scorecard_of(j, "fgw"), *g = scorecard_of(j, "gxt");
	json_t *c = scorecard_of(j, "cs-gov"), *xj = scorecard_of(j, "xjxq");
	assert_int_equal(count_of(k, "owed"), 4), assert_int_equal(count_of(k, "on_time"), 4);
	assert_int_equal(count_of(f, "owed"), 3), assert_int_equal(count_of(f, "on_time"), 3);
	assert_int_equal(count_of(g, "on_time"), 2), assert_int_equal(count_of(g, "returned"), 1);
	assert_int_equal(count_of(c, "owed"), 3), assert_int_equal(count_of(c, "late"), 3);
	assert_int_equal(count_of(c, "on_time"), 0), assert_int_equal(count_of(c, "missing"), 0);
	assert_int_equal(count_of(c, "notices"), 3), assert_int_equal(count_of(c, "answered"), 3);
	assert_int_equal(count_of(c, "escalated"), 0);
	assert_int_equal(count_of(xj, "owed"), 1), assert_int_equal(count_of(xj, "missing"), 1);
	assert_int_equal(count_of(xj, "notices"), 1), assert_int_equal(count_of(xj, "escalated"), 1);
	assert_int_equal(count_of(xj, "unresolved"), 1);
	/* the formula: A on time (40), B first time (15), C notices (20); no milestones, no data */
	expect_score(k, 100.0);
	expect_score(f, 100.0);
	expect_score(g, 100.0 * (40 * 1.0 + 15 * 0.5) / 55);
	expect_score(c, 100.0 * (40 * 0.0 + 15 * 1.0 + 20 * 1.0) / 75);
	expect_score(xj, 0.0);
	assert_true(json_is_null(json_object_get(json_object_get(xj, "parts"), "first_time")));
	assert_non_null(strstr(json_string_value(json_object_get(j, "formula")), "40×A"));
	json_decref(j);
	/* the page shows the same, with the formula in words */
	page(&reader, "/scorecards?period=" CYCLE, 200, &r);
	const char *html = buf_str(&r.body);
	assert_non_null(strstr(html, "<tr data-unit=\"xjxq\">"));
	assert_non_null(strstr(html, "计分方法"));
	assert_non_null(strstr(html, "A 按时报送率"));
	const char *row = strstr(html, "<tr data-unit=\"cs-gov\">");
	assert_non_null(row);
	assert_non_null(strstr(row, "<td class=\"num late\">3</td>"));
	row = strstr(html, "<tr data-unit=\"xjxq\">");
	assert_non_null(strstr(row, "<td class=\"num escalated\">1</td>"));
	ht_resp_free(&r);
	/* the dashboard: overdue reports and open and escalated notices */
	page(&admin, "/", 200, &r);
	html = buf_str(&r.body);
	assert_non_null(strstr(html, "任务跟踪督办"));
	assert_non_null(strstr(html, "升级督办</a> <strong>1</strong>"));
	assert_non_null(strstr(html, "逾期未报</a> <strong>1</strong>"));
	ht_resp_free(&r);
	/* a unit's reporter: the counts are of what they may open, the cycle's summary in the API
	 * and the notices list (xjxq's missing report is not cs-gov's to open); unresolved notices
	 * are those not closed, the open ones those open or escalated */
	j = api(&cs, "GET", "/api/v1/cycles/" CYCLE, NULL, 200);
	json_t *sum = json_object_get(j, "summary");
	long long cs_missing = json_integer_value(json_object_get(sum, "missing"));
	long long cs_late = json_integer_value(json_object_get(sum, "late"));
	json_decref(j);
	assert_int_equal(cs_missing, 0);
	assert_int_equal(cs_late, 3);
	j = api(&cs, "GET", "/api/v1/notices", NULL, 200);
	json_t *ns = json_object_get(j, "notices");
	long long cs_open = 0, cs_escalated = 0;
	for (size_t k2 = 0; k2 < json_array_size(ns); k2++) {
		json_t *one = json_array_get(ns, k2);
		const char *st = json_string_value(json_object_get(one, "status"));
		cs_open += strcmp(st, "open") == 0 || strcmp(st, "escalated") == 0;
		cs_escalated += strcmp(st, "closed") != 0 && json_integer_value(json_object_get(one, "level")) == 2;
	}
	json_decref(j);
	page(&cs, "/", 200, &r);
	html = buf_str(&r.body);
	char want[96];
	snprintf(want, sizeof(want), "逾期未报 <strong>%lld</strong>", cs_missing);
	assert_non_null(strstr(html, want));
	snprintf(want, sizeof(want), "逾期补报 <strong>%lld</strong>", cs_late);
	assert_non_null(strstr(html, want));
	snprintf(want, sizeof(want), "未办结督办</a> <strong>%lld</strong>", cs_open);
	assert_non_null(strstr(html, want));
	snprintf(want, sizeof(want), "升级督办</a> <strong>%lld</strong>", cs_escalated);
	assert_non_null(strstr(html, want));
	ht_resp_free(&r);
	/* the department's screens and the unit's record render clean */
	page(&admin, "/supervision?cycle=" CYCLE, 200, &r);
	assert_non_null(strstr(buf_str(&r.body), "待审核报告"));
	ht_resp_free(&r);
	page(&admin, "/matrix", 200, &r);
	ht_resp_free(&r);
	page(&admin, "/notices", 200, &r);
	ht_resp_free(&r);
	page(&admin, "/notices?level=2", 200, &r);
	assert_non_null(strstr(buf_str(&r.body), "ns-level2"));
	ht_resp_free(&r);
	char notice_page[64];
	snprintf(notice_page, sizeof(notice_page), "/notices/%lld", xjxq_notice);
	page(&admin, notice_page, 200, &r);
	ht_resp_free(&r);
	page(&admin, "/measures/1", 200, &r);
	assert_non_null(strstr(buf_str(&r.body), "id=\"reports\""));
	ht_resp_free(&r);
	page(&cs, "/units/cs-gov", 200, &r);
	assert_non_null(strstr(buf_str(&r.body), "履职记录"));
	ht_resp_free(&r);
	page(&cs, "/reporting", 200, &r);
	ht_resp_free(&r);
	page(&cs, "/inbox", 200, &r);
	ht_resp_free(&r);
	page(&admin, "/reporting/" CYCLE "/8/gxt", 200, &r);
	assert_non_null(strstr(buf_str(&r.body), "请补充产值数据"));
	ht_resp_free(&r);
	/* the public sees none of it */
	http(&r, "GET", "/", NULL, NULL, NULL, 0);
	assert_null(strstr(buf_str(&r.body), "任务跟踪督办"));
	ht_resp_free(&r);
	/* only the department closes a notice */
	snprintf(path, sizeof(path), "/api/v1/notices/%lld/close", xjxq_notice);
	http(&r, "POST", path, &cs, "application/json", "{}", 2);
	ht_expect_error(&r, 403, "forbidden");
	ht_resp_free(&r);
	j = api(&admin, "POST", path, "{\"note\":\"已约谈\"}", 200);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "closed");
	json_decref(j);
	http(&r, "POST", path, &admin, "application/json", "{}", 2);
	ht_expect_error(&r, 409, "notice_closed");
	ht_resp_free(&r);
	assert_int_equal(ht_server_stop(&fx.srv), 0);
	/* and the audit trail is intact */
	assert_int_equal(innomon_at(NULL, NULL, &out, "audit", "verify", NULL), 0);
	buf_release(&out);
}

/* ---- webhooks ---------------------------------------------------------------------------------- */

#define HOOK_MAX 16

/* A tiny HTTP receiver: answers 500 to the first request, 200 to the rest, and keeps each
 * request's body, delivery id and whether its signature is right. */
static struct {
	int fd;
	unsigned port;
	pthread_t thread;
	int n;                       /* requests seen */
	char body[HOOK_MAX][2048];
	char delivery[HOOK_MAX][32];
	char event[HOOK_MAX][48];
	int is_signed[HOOK_MAX];
	pthread_mutex_t mu;
} hook;

static void hmac_hex_any(const char *key, const char *body, size_t len, char out[80])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)key, strlen(key));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(out, "sha256=", 7);
	sodium_bin2hex(out + 7, 73, mac, sizeof(mac));
}

/* "sha256=" + hex HMAC-SHA256 of body under SECRET, as the receiver expects it. */
static void hmac_hex(const char *body, size_t len, char out[80])
{
	hmac_hex_any(SECRET, body, len, out);
}

static void hmac_hex_key(const char *key, const char *body, char out[80])
{
	hmac_hex_any(key, body, strlen(body), out);
}

/* The value of a request header (case-insensitive) into out ("" when absent). */
static void req_header(const char *head, const char *name, char *out, size_t cap)
{
	size_t n = strlen(name);
	out[0] = '\0';
	for (const char *p = strstr(head, "\r\n"); p && p[2]; p = strstr(p + 2, "\r\n"))
		if (strncasecmp(p + 2, name, n) == 0 && p[2 + n] == ':') {
			const char *v = p + 3 + n;
			while (*v == ' ')
				v++;
			snprintf(out, cap, "%.*s", (int)strcspn(v, "\r\n"), v);
			return;
		}
}

static void *hook_run(void *arg)
{
	(void)arg;
	for (;;) {
		int c = accept(hook.fd, NULL, NULL);
		if (c < 0)
			return NULL;
		char req[8192];
		size_t got = 0;
		char *end = NULL;
		long length = -1;
		while (got < sizeof(req) - 1) {
			ssize_t k = read(c, req + got, sizeof(req) - 1 - got);
			if (k <= 0)
				break;
			got += (size_t)k;
			req[got] = '\0';
			if (!end && (end = strstr(req, "\r\n\r\n"))) {
				char cl[32];
				req_header(req, "Content-Length", cl, sizeof(cl));
				length = strtol(cl, NULL, 10);
			}
			if (end && (long)(got - (size_t)(end + 4 - req)) >= length)
				break;
		}
		pthread_mutex_lock(&hook.mu);
		int i = hook.n < HOOK_MAX ? hook.n : HOOK_MAX - 1;
		int is_first = hook.n == 0;
		hook.n++;
		if (end) {
			char sig[128], want[80];
			const char *body = end + 4;
			snprintf(hook.body[i], sizeof(hook.body[i]), "%s", body);
			req_header(req, "X-Innomon-Delivery", hook.delivery[i], sizeof(hook.delivery[i]));
			req_header(req, "X-Innomon-Event", hook.event[i], sizeof(hook.event[i]));
			req_header(req, "X-Innomon-Signature", sig, sizeof(sig));
			hmac_hex(body, strlen(body), want);
			hook.is_signed[i] = strcmp(sig, want) == 0;
		}
		pthread_mutex_unlock(&hook.mu);
		const char *answer = is_first ? "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
					      : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
		if (write(c, answer, strlen(answer)) < 0)
			fprintf(stderr, "# the receiver could not answer\n");
		close(c);
	}
}

static void hook_start(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	memset(&hook, 0, sizeof(hook));
	pthread_mutex_init(&hook.mu, NULL);
	hook.fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(hook.fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(hook.fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(hook.fd, 16), 0);
	assert_int_equal(getsockname(hook.fd, (struct sockaddr *)&a, &len), 0);
	hook.port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&hook.thread, NULL, hook_run, NULL), 0);
}

static void hook_stop(void)
{
	shutdown(hook.fd, SHUT_RDWR);
	close(hook.fd);
	pthread_join(hook.thread, NULL);
	pthread_mutex_destroy(&hook.mu);
}

static void test_quarter_webhook_signed_and_retried(void **state)
{
	(void)state;
	char url[96];
	struct buf out;
	buf_init(&out, 0);
	hook_start();
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/oa/innomon", hook.port);
	setenv("INNOMON_WEBHOOK_URL", url, 1);
	setenv("INNOMON_WEBHOOK_SECRET", SECRET, 1);
	/* five units hear of the new cycle: five events, five deliveries */
	assert_int_equal(innomon_at("2025-10-01T00:00:00Z", NULL, NULL, "cycle", "open", CYCLE, "--deadline", "2025-10-15", NULL), 0);
	assert_int_equal(ht_db_int(fx.env.db, "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'"), 5);
	/* the first attempt of the first delivery fails; the other four arrive */
	assert_int_equal(innomon_at("2025-10-01T00:00:00Z", NULL, &out, "tick", NULL), 0);
	assert_non_null(strstr(buf_str(&out), "webhook: 4 sent, 1 to retry, 0 failed"));
	assert_int_equal(hook.n, 5);
	char failed_id[32], failed_body[2048];
	snprintf(failed_id, sizeof(failed_id), "%s", hook.delivery[0]);
	snprintf(failed_body, sizeof(failed_body), "%s", hook.body[0]);
	/* the back-off: not again after 30 s, again after 60 s */
	assert_int_equal(innomon_at("2025-10-01T00:00:30Z", NULL, &out, "tick", NULL), 0);
	assert_non_null(strstr(buf_str(&out), "webhook: 0 sent, 0 to retry"));
	assert_int_equal(hook.n, 5);
	assert_int_equal(innomon_at("2025-10-01T00:01:00Z", NULL, &out, "tick", NULL), 0);
	assert_non_null(strstr(buf_str(&out), "webhook: 1 sent, 0 to retry"));
	assert_int_equal(hook.n, 6);
	/* the retry is the same delivery, byte for byte */
	assert_string_equal(hook.delivery[5], failed_id);
	assert_string_equal(hook.body[5], failed_body);
	/* every body was signed with the secret, and says what happened */
	for (int i = 0; i < 6; i++) {
		if (!hook.is_signed[i])
			fail_msg("delivery %s has a wrong signature", hook.delivery[i]);
		assert_string_equal(hook.event[i], "cycle.opened");
		json_t *j = json_loads(hook.body[i], 0, NULL);
		assert_non_null(j);
		assert_string_equal(json_string_value(json_object_get(j, "event")), "cycle.opened");
		assert_string_equal(json_string_value(json_object_get(j, "period")), CYCLE);
		json_decref(j);
	}
	/* the signature depends on the secret: under another key the first body would not verify */
	char right[80], wrong[80];
	hmac_hex_key(SECRET, hook.body[0], right);
	hmac_hex_key("another-secret", hook.body[0], wrong);
	assert_int_not_equal(strcmp(right, wrong), 0);
	assert_int_equal(ht_db_int(fx.env.db, "SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'"), 5);
	assert_int_equal(ht_db_int(fx.env.db, "SELECT max(attempts) FROM webhook_deliveries"), 2);
	/* delivered ones are not sent again */
	assert_int_equal(innomon_at("2025-10-01T01:00:00Z", NULL, &out, "tick", NULL), 0);
	assert_int_equal(hook.n, 6);
	unsetenv("INNOMON_WEBHOOK_URL");
	unsetenv("INNOMON_WEBHOOK_SECRET");
	hook_stop();
	/* without a webhook, new events are skipped, not piled up */
	assert_int_equal(innomon_at("2025-10-16T00:00:00Z", NULL, &out, "tick", NULL), 0);
	assert_int_equal(ht_db_int(fx.env.db, "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'"), 0);
	assert_true(ht_db_int(fx.env.db, "SELECT count(*) FROM webhook_deliveries WHERE status = 'skipped'") > 0);
	buf_release(&out);
}

/* ---- evidence uploads -------------------------------------------------------------------------- */

/* Store rows that an upload could have written. */
static long long evidence_and_audit(void)
{
	return ht_db_int(fx.env.db, "SELECT (SELECT count(*) FROM evidence) * 1000000 + (SELECT max(id) FROM audit_events)");
}

static void upload(const struct ht_cred *c, const char *name, const void *data, size_t len, long want_status,
		   const char *want_code)
{
	char path[256];
	struct ht_resp r;
	snprintf(path, sizeof(path), "%s/evidence?name=%s", REPORT("1", "fgw"), name);
	long long before = evidence_and_audit();
	http(&r, "POST", path, c, "application/octet-stream", data, len);
	if (want_code) {
		ht_expect_error(&r, want_status, want_code);
		/* the message is a sentence for people */
		json_t *j = ht_json(&r, NULL);
		assert_true(strlen(json_string_value(json_object_get(json_object_get(j, "error"), "message"))) > 10);
		json_decref(j);
		assert_int_equal(evidence_and_audit(), before);
	} else {
		assert_int_equal(r.status, want_status);
	}
	ht_resp_free(&r);
}

/* A multipart body with the fields of the reporting page and one file. */
static size_t multipart(char *out, size_t cap, const char *filename, const void *data, size_t len)
{
	int n = snprintf(out, cap,
			 "--qb\r\nContent-Disposition: form-data; name=\"cycle\"\r\n\r\n" CYCLE "\r\n"
			 "--qb\r\nContent-Disposition: form-data; name=\"measure\"\r\n\r\n1\r\n"
			 "--qb\r\nContent-Disposition: form-data; name=\"unit\"\r\n\r\nfgw\r\n"
			 "--qb\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
			 "Content-Type: application/pdf\r\n\r\n",
			 filename);
	assert_true(n > 0 && (size_t)n + len + 16 < cap);
	memcpy(out + n, data, len);
	memcpy(out + n + len, "\r\n--qb--\r\n", 10);
	return (size_t)n + len + 10;
}

static void test_quarter_uploads_refused(void **state)
{
	(void)state;
	struct ht_cred fgw, cs;
	struct ht_resp r;
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'};
	assert_int_equal(innomon_at("2025-07-01T01:00:00Z", NULL, NULL, "cycle", "open", CYCLE, "--deadline", "2025-10-15", NULL), 0);
	const char *env[] = {"INNOMON_EVIDENCE_MAX=64K", "INNOMON_SCAN_COMMAND=! grep -q EICAR-TEST", NULL};
	server_start_at("2025-10-10T02:00:00Z", env);
	ht_signin_ok(fx.srv.url, "fgw-rep", PW, &fgw);
	ht_signin_ok(fx.srv.url, "cs-rep", PW, &cs);
	save(&fgw, REPORT("1", "fgw"), "on_track", "佐证材料见附件。", 0);

	/* one byte over evidence_max: refused with the reason */
	size_t big = 64 * 1024 + 1;
	char *pdf = calloc(1, 200 * 1024);
	assert_non_null(pdf);
	memcpy(pdf, "%PDF-1.7\n", 9);
	upload(&fgw, "big.pdf", pdf, big, 413, "file_too_large");
	/* far over it: stopped before the handler */
	upload(&fgw, "huge.pdf", pdf, 200 * 1024, 413, "too_large");
	/* a PNG named .pdf, and a script named .pdf */
	upload(&fgw, "scan.pdf", png, sizeof(png), 422, "type_mismatch");
	upload(&fgw, "report.pdf", "#!/bin/sh\necho pwned\n", 21, 422, "unknown_type");
	/* names that climb out of their folder, URL-encoded and not */
	upload(&fgw, "..%2F..%2Fetc%2Fpasswd.pdf", pdf, 100, 422, "path_traversal");
	upload(&fgw, "..%5Cboot.pdf", pdf, 100, 422, "path_traversal");
	upload(&fgw, "bad%01name.pdf", pdf, 100, 422, "bad_name");
	/* the scan hook refuses a file carrying the test signature */
	memcpy(pdf + 100, "EICAR-TEST", 10);
	upload(&fgw, "infected.pdf", pdf, 200, 403, "scan_refused");
	memset(pdf + 100, 0, 10);
	/* another unit may not add evidence to fgw's report */
	upload(&cs, "ok.pdf", pdf, 100, 403, "forbidden");
	assert_int_equal(ht_db_int(fx.env.db, "SELECT count(*) FROM evidence"), 0);

	/* through the page's form: the same refusals as clear messages, nothing stored */
	char *body = malloc(300 * 1024);
	assert_non_null(body);
	long long before = evidence_and_audit();
	size_t n = multipart(body, 300 * 1024, "../../../etc/cron.d/x.pdf", pdf, 100);
	http(&r, "POST", "/reporting/evidence", &fgw, "multipart/form-data; boundary=qb", body, n);
	expect_page(&r, 422, "upload of a path-traversal name");
	assert_non_null(strstr(buf_str(&r.body), "文件名含有“..”路径，已拒绝"));
	ht_resp_free(&r);
	n = multipart(body, 300 * 1024, "chart.pdf", png, sizeof(png));
	http(&r, "POST", "/reporting/evidence", &fgw, "multipart/form-data; boundary=qb", body, n);
	expect_page(&r, 422, "upload of a wrong type");
	assert_non_null(strstr(buf_str(&r.body), "文件内容与扩展名不符"));
	ht_resp_free(&r);
	n = multipart(body, 300 * 1024, "big.pdf", pdf, big);
	http(&r, "POST", "/reporting/evidence", &fgw, "multipart/form-data; boundary=qb", body, n);
	expect_page(&r, 413, "upload of a large file");
	assert_non_null(strstr(buf_str(&r.body), "文件超过允许的大小"));
	ht_resp_free(&r);
	assert_int_equal(evidence_and_audit(), before);

	/* a good file is kept under its base name, with its type from its bytes */
	n = multipart(body, 300 * 1024, "C:\\Users\\wang\\佐证.pdf", pdf, 100);
	http(&r, "POST", "/reporting/evidence", &fgw, "multipart/form-data; boundary=qb", body, n);
	assert_int_equal(r.status, 303);
	ht_resp_free(&r);
	upload(&fgw, "chart.png", png, sizeof(png), 201, NULL);
	assert_int_equal(ht_db_int(fx.env.db, "SELECT count(*) FROM evidence"), 2);
	assert_int_equal(ht_db_int(fx.env.db, "SELECT count(*) FROM evidence WHERE file_name = '佐证.pdf' AND kind = 'pdf' AND size = 100"), 1);
	json_t *j = api(&fgw, "GET", REPORT("1", "fgw"), NULL, 200);
	json_t *files = json_object_get(j, "evidence");
	assert_int_equal(json_array_size(files), 2);
	const char *url = json_string_value(json_object_get(json_array_get(files, 1), "url"));
	http(&r, "GET", url, &fgw, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "image/png");
	assert_int_equal(r.body.len, sizeof(png));
	ht_resp_free(&r);
	/* another unit cannot download a draft's evidence */
	http(&r, "GET", url, &cs, NULL, NULL, 0);
	ht_expect_error(&r, 404, "not_found");
	ht_resp_free(&r);
	json_decref(j);
	free(body);
	free(pdf);
	assert_int_equal(ht_server_stop(&fx.srv), 0);
}

/* ---- the background tick ---------------------------------------------------------------------- */

static void test_quarter_serve_ticks_in_background(void **state)
{
	(void)state;
	struct ht_cred admin;
	assert_int_equal(innomon_at("2025-07-01T01:00:00Z", NULL, NULL, "cycle", "open", CYCLE, "--deadline", "2025-10-15", NULL), 0);
	/* after the deadline, with the tick thread on */
	const char *env[] = {"INNOMON_TICK_INTERVAL=1", NULL};
	server_start_at("2025-10-16T02:00:00Z", env);
	ht_signin_ok(fx.srv.url, "admin", PW, &admin);
	size_t n = 0;
	for (int i = 0; i < 100 && n < 13; i++) {
		json_t *j = api(&admin, "GET", "/api/v1/notices", NULL, 200);
		n = json_array_size(json_object_get(j, "notices"));
		json_decref(j);
		if (n < 13) {
			struct timespec ts = {0, 100 * 1000 * 1000};
			nanosleep(&ts, NULL);
		}
	}
	assert_int_equal(n, 13); /* every report owed is missing */
	/* SIGTERM stops the thread and the server cleanly */
	assert_int_equal(ht_server_stop(&fx.srv), 0);
	assert_int_equal(ht_db_int(fx.env.db, "SELECT count(*) FROM notices"), 13);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_quarter_on_time_late_never, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quarter_webhook_signed_and_retried, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quarter_uploads_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quarter_serve_ticks_in_background, setup, teardown),
	};
	return cmocka_run_group_tests_name("quarter", tests, group_setup, group_teardown);
}
