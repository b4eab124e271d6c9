/* test_matrix.c - who may do what, through a real socket: every route of src/web/route.c
 * (the test fails when the table below lacks one, or names one that is gone) requested by
 * every kind of principal - anonymous, each role, an expired session, a cookie without and
 * with a wrong CSRF token, a bearer token, a revoked token - asserting the status, the JSON
 * error code, and that a refused request leaves the store as it was (the rows, newest ids and
 * user states of its tables, read with SQLite; the audit trail may grow only by sign-ins).
 * Then: another unit's or region's data, drafts kept within their scope, the values workflow
 * and users who must change their password. The server runs as a child on a temporary store
 * made by `innomon init`. INNOMON_BIN names the binary; INNOMON_SOURCE_ROOT the source tree. */
#include <curl/curl.h>
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/buf.h"
#include "http_util.h"
#include "base/banned.h"

#define TEXT(s) s, sizeof(s) - 1 /* a string literal as (bytes, length) */
#define PW "matrix-password-1"     /* every user the test makes has this password */
#define NEW_PW "matrix-password-2" /* what the password-change requests set */
#define IND "invention_patents_per_10k" /* owned by unit amr (data/plans/czt-2024/indicators.csv) */

/* ---- principals ------------------------------------------------------------------------- */

enum principal_kind {
	P_ANON,
	P_ADMIN,
	P_ANALYST,
	P_UNIT,          /* unit reporter of amr */
	P_REGION,        /* region reporter of zhuzhou */
	P_READER,
	P_EXPIRED,       /* an admin session signed out (revoked), its cookie sent again */
	P_NO_CSRF,       /* the admin's live cookie without X-CSRF-Token */
	P_BAD_CSRF,      /* the admin's live cookie with a wrong X-CSRF-Token */
	P_TOKEN,         /* a bearer token of the analyst from `innomon token create` */
	P_REVOKED_TOKEN, /* a bearer token of the admin, revoked with `innomon token revoke` */
	P__COUNT
};

static const char *const principal_names[P__COUNT] = {
	"anonymous", "admin", "analyst", "unit reporter (amr)", "region reporter (zhuzhou)", "reader",
	"expired session", "cookie without CSRF token", "cookie with a wrong CSRF token", "bearer token (analyst)",
	"revoked bearer token",
};

struct fixture {
	struct ht_env env;
	struct ht_server srv;
	struct ht_cred cred[P__COUNT];
	struct ht_cred kjt_rep; /* unit reporter of kjt: another unit */
	struct ht_cred cs_rep;  /* region reporter of changsha: another region */
	char mc_password[64]; /* the one-time password of mc_analyst (must change it) */
	int counter;          /* makes names and periods unique */
	struct buf workbook;  /* the plan workbook's template (innomon plan template), read once */
};

static struct fixture fx;

/* ---- the client ------------------------------------------------------------------------- */

/* A request to the fixture's server (ht_http). */
static void http(struct ht_resp *r, const char *method, const char *path, const struct ht_cred *c, const char *ctype,
		 const char *body, size_t body_len)
{
	ht_http(r, fx.srv.url, method, path, c, ctype, body, body_len);
}

/* A JSON request to the fixture's server (ht_api). */
static json_t *api(const struct ht_cred *c, const char *method, const char *path, const char *body, long want)
{
	return ht_api(fx.srv.url, c, method, path, body, want);
}

/* The token printed by `innomon token create` (its last line); *id gets its number. */
static void token_create(const char *user, char *token, size_t cap, long long *id)
{
	struct buf out;
	buf_init(&out, 0);
	char *u = (char *)(uintptr_t)user;
	assert_int_equal(ht_innomon(&fx.env, NULL, &out, "token", "create", u, "--name", "matrix", NULL), 0);
	const char *s = buf_str(&out);
	assert_int_equal(sscanf(s, "token %lld for", id), 1);
	const char *nl = strchr(s, '\n');
	assert_non_null(nl);
	size_t n = strcspn(nl + 1, "\n");
	assert_true(n > 30 && n < cap);
	memcpy(token, nl + 1, n);
	token[n] = '\0';
	buf_release(&out);
}

/* ---- the store, read directly ------------------------------------------------------------ */

/* Rows of sql with its '?' bound to arg (may be NULL), read directly (testdb.h). */
static void query_rows(const char *sql, const long long *arg, struct buf *out)
{
	char err[512];
	if (testdb_query(fx.env.db, sql, arg, out, err, sizeof(err)) != 0)
		fail_msg("%s: %s", sql, err);
}

/* What a refused request must not change: rows, newest ids and states of the tables that hold
 * values, uploads, plan versions, users (role, scope, state and password), sessions and tokens;
 * *audit_max gets the newest audit event id. */
static void store_digest(struct buf *out, long long *audit_max)
{
	static const char *const queries[] = {
		"SELECT 'observations', count(*), coalesce(max(id), 0) FROM observations",
		"SELECT 'import_batches', count(*), coalesce(max(id), 0) FROM import_batches",
		"SELECT 'uploads', count(*), coalesce(max(id), 0), count(committed_at) FROM uploads",
		"SELECT 'plan_versions', count(*), coalesce(max(id), 0) FROM plan_versions",
		"SELECT 'users', count(*), coalesce(max(id), 0) FROM users",
		"SELECT id || ':' || role || ':' || coalesce(unit, '') || ':' || coalesce(region, '') || ':' || is_disabled || ':' ||"
		" must_change_password || ':' || substr(password_hash, length(password_hash) - 15) FROM users ORDER BY id",
		"SELECT 'sessions', count(*), count(revoked_at) FROM sessions",
		"SELECT 'api_tokens', count(*), count(revoked_at) FROM api_tokens",
	};
	struct buf rows;
	buf_init(&rows, 0);
	buf_reset(out);
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		query_rows(queries[i], NULL, &rows);
		bw(out, buf_str(&rows));
	}
	buf_release(&rows);
	*audit_max = ht_db_int(fx.env.db, "SELECT coalesce(max(id), 0) FROM audit_events");
}

/* Audit events after id since that are not sign-ins. */
static long long audit_since(long long since)
{
	struct buf rows;
	buf_init(&rows, 0);
	query_rows("SELECT count(*) FROM audit_events WHERE id > ? AND action NOT IN"
		   " ('session.signin', 'session.signin_failed', 'session.create')",
		   &since, &rows);
	long long n = strtoll(buf_str(&rows), NULL, 10);
	buf_release(&rows);
	return n;
}

/* The rows of a query with one integer parameter, into out: columns joined by '|', rows by
 * '\n' (the last one without). */
static const char *query_text(const char *sql, long long arg, char *out, size_t cap)
{
	struct buf rows;
	buf_init(&rows, 0);
	query_rows(sql, &arg, &rows);
	if (rows.len)
		rows.len--; /* the last row's '\n' */
	snprintf(out, cap, "%.*s", (int)rows.len, buf_str(&rows));
	buf_release(&rows);
	return out;
}

/* The store snapshot taken before a request that must change nothing. */
struct snapshot {
	struct buf digest;
	long long audit_max;
};

static void snapshot_take(struct snapshot *s)
{
	buf_init(&s->digest, 0);
	store_digest(&s->digest, &s->audit_max);
}

/* 1 when the store is as in s (and the audit trail grew by sign-ins only); else says what
 * changed on stderr and returns 0. Releases s. */
static int snapshot_same(struct snapshot *s, const char *what)
{
	struct buf now;
	long long audit_max;
	buf_init(&now, 0);
	store_digest(&now, &audit_max);
	int same = strcmp(buf_str(&now), buf_str(&s->digest)) == 0;
	long long n_audit = audit_since(s->audit_max);
	if (!same)
		fprintf(stderr, "# %s changed the store:\n# before:\n%s# after:\n%s", what, buf_str(&s->digest), buf_str(&now));
	if (n_audit)
		fprintf(stderr, "# %s wrote %lld audit events\n", what, n_audit);
	buf_release(&now);
	buf_release(&s->digest);
	return same && n_audit == 0;
}

#define expect_unchanged(s, what) assert_true(snapshot_same((s), (what)))

/* ---- values through the API --------------------------------------------------------------- */

/* A period no request used before: months from 2040-01 on. */
static void new_period(char out[16])
{
	int n = fx.counter++;
	snprintf(out, 16, "%d-%02d", 2040 + n / 12, n % 12 + 1);
}

/* Enter one value of IND for region in period as c (submitted or draft); returns its id. */
static long long enter_value(const struct ht_cred *c, const char *region, const char *period, double value, int submit)
{
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"values\":[{\"indicator\":\"" IND "\",\"region\":\"%s\",\"period\":\"%s\",\"value\":%g}],\"submit\":%s}", region,
		 period, value, submit ? "true" : "false");
	json_t *j = api(c, "POST", "/api/v1/values", body, 201);
	json_t *v = json_array_get(json_object_get(j, "values"), 0);
	assert_true(json_is_integer(json_object_get(v, "id")));
	long long id = json_integer_value(json_object_get(v, "id"));
	assert_string_equal(json_string_value(json_object_get(v, "status")), submit ? "submitted" : "draft");
	json_decref(j);
	return id;
}

/* Move revision id as c (submit, approve, return, publish); returns the new revision's id. */
static long long move(const struct ht_cred *c, long long id, const char *to, const char *body)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/observations/%lld/%s", id, to);
	json_t *j = api(c, "POST", path, body, 200);
	long long next = json_integer_value(json_object_get(j, "id"));
	assert_true(next > id);
	json_decref(j);
	return next;
}

/* Upload a one-row CSV as c; returns the upload id. */
static long long upload(const struct ht_cred *c)
{
	char period[16], csv[256];
	struct ht_resp r;
	new_period(period);
	snprintf(csv, sizeof(csv), "indicator,region,period,value\n" IND ",zhuzhou,%s,12.5\n", period);
	http(&r, "POST", "/api/v1/imports?name=m.csv", c, "text/csv", csv, strlen(csv));
	if (r.status != 201)
		fail_msg("upload as %s: %ld %s", c->user, r.status, buf_str(&r.body));
	json_t *j = ht_json(&r, NULL);
	long long id = json_integer_value(json_object_get(j, "id"));
	assert_true(id > 0);
	json_decref(j);
	ht_resp_free(&r);
	return id;
}

/* The plan workbook's template: a workbook that loads as it is (a draft of its example plan). */
static const struct buf *plan_workbook(void)
{
	if (fx.workbook.len)
		return &fx.workbook;
	char path[256];
	snprintf(path, sizeof(path), "%s/template.xlsx", fx.env.tmpdir);
	assert_int_equal(ht_innomon(&fx.env, NULL, NULL, "plan", "template", path, NULL), 0);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	buf_init(&fx.workbook, (size_t)4 << 20);
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_int_equal(buf_append(&fx.workbook, chunk, n), ST_OK);
	fclose(f);
	return &fx.workbook;
}

/* The template as the file of an upload form (POST /admin/plans/new). */
static void workbook_form(struct buf *b)
{
	const struct buf *w = plan_workbook();
	static const char head[] = "--matrixboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plan.xlsx\"\r\n"
				   "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n";
	static const char tail[] = "\r\n--matrixboundary--\r\n";
	assert_int_equal(buf_append(b, head, sizeof(head) - 1), ST_OK);
	assert_int_equal(buf_append(b, w->p, w->len), ST_OK);
	assert_int_equal(buf_append(b, tail, sizeof(tail) - 1), ST_OK);
}

/* A plan workbook uploaded by the admin and kept (the page's redirect names it): its id. */
static long long plan_upload(void)
{
	struct buf body;
	buf_init(&body, (size_t)8 << 20);
	workbook_form(&body);
	struct ht_resp r;
	http(&r, "POST", "/admin/plans/new", &fx.cred[P_ADMIN], "multipart/form-data; boundary=matrixboundary", body.p, body.len);
	char loc[256];
	long long id = 0;
	if (r.status != 303 || !ht_header(&r, "Location", loc, sizeof(loc)) || sscanf(loc, "/admin/plans/uploads/%lld", &id) != 1)
		fail_msg("plan upload: %ld %s", r.status, buf_str(&r.body));
	ht_resp_free(&r);
	buf_release(&body);
	return id;
}

/* ---- the route table ---------------------------------------------------------------------- */

enum need {
	N_PUB, N_OWN, N_WRITE, N_REVIEW, N_PUBLISH, N_PLAN, N_USERS, N_AUDIT, N_READ,
	N_REPORT,    /* write_report: a unit's progress reports and notices: the department and unit reporters */
	N_SUPERVISE, /* supervise: cycles, review, notices raised and closed: the department */
	N_FIRMS,     /* firm-level results (core/firm_access.h): the department and region reporters */
	N_FIRM_NONE, /* a firm the registry does not hold: the department hears 404, anyone else 403 */
};
enum rkind { R_PAGE, R_API, R_STATIC };
enum trole { T_NONE, T_ADMIN, T_ANALYST, T_UNIT, T_REGION, T_READER };

#define F_FRESH 1u /* signs out or changes the password: a fresh user and session per success */

/* One request of a route for one principal, made by the route's prepare function. */
struct sample {
	char path[512];
	const char *ctype;
	struct buf body;
	int has_body;
};

typedef void (*prepare_fn)(struct sample *s, enum principal_kind p);

struct route_case {
	const char *method, *pattern; /* exactly as in src/web/route.c */
	enum rkind kind;
	enum need need;     /* what ARCHITECTURE.md's security model says the route needs */
	long ok_status;     /* the answer when allowed */
	unsigned flags;
	const char *path;   /* the sample path (NULL: the pattern) when there is no prepare */
	prepare_fn prepare;
};

static void body_text(struct sample *s, const char *ctype, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void body_text(struct sample *s, const char *ctype, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	assert_int_equal(buf_vprintf(&s->body, fmt, ap), ST_OK);
	va_end(ap);
	s->ctype = ctype;
	s->has_body = 1;
}

#define JSON "application/json"
#define FORM "application/x-www-form-urlencoded"

/* The principal whose own things (uploads) a request of p works on. */
static const struct ht_cred *owner_of(enum principal_kind p)
{
	return p == P_ANALYST || p == P_UNIT || p == P_REGION || p == P_TOKEN ? &fx.cred[p] : &fx.cred[P_ADMIN];
}

static void prep_signin_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	body_text(s, FORM, "name=signer&password=%s&next=%%2Funits", PW);
}

static void prep_session_json(struct sample *s, enum principal_kind p)
{
	(void)p;
	body_text(s, JSON, "{\"name\":\"signer\",\"password\":\"%s\"}", PW);
}

static void prep_password_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	body_text(s, FORM, "current=%s&new=%s&new2=%s", PW, NEW_PW, NEW_PW);
}

static void prep_password_json(struct sample *s, enum principal_kind p)
{
	(void)p;
	body_text(s, JSON, "{\"current\":\"%s\",\"new\":\"%s\"}", PW, NEW_PW);
}

static void prep_entry_form(struct sample *s, enum principal_kind p)
{
	char period[16];
	(void)p;
	new_period(period);
	body_text(s, FORM, "region=zhuzhou&period=%s&do=save&v_" IND "=12.5", period);
}

static void prep_import_form(struct sample *s, enum principal_kind p)
{
	char period[16];
	(void)p;
	new_period(period);
	body_text(s, "multipart/form-data; boundary=matrixboundary",
		  "--matrixboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.csv\"\r\n"
		  "Content-Type: text/csv\r\n\r\nindicator,region,period,value\n" IND ",zhuzhou,%s,12.5\n\r\n--matrixboundary--\r\n",
		  period);
}

static void prep_import_page(struct sample *s, enum principal_kind p)
{
	snprintf(s->path, sizeof(s->path), "/entry/imports/%lld", upload(owner_of(p)));
}

static void prep_import_page_cancel(struct sample *s, enum principal_kind p)
{
	snprintf(s->path, sizeof(s->path), "/entry/imports/%lld/cancel", upload(owner_of(p)));
	body_text(s, FORM, "%s", "");
}

static void prep_import_cancel(struct sample *s, enum principal_kind p)
{
	snprintf(s->path, sizeof(s->path), "/api/v1/imports/%lld/cancel", upload(owner_of(p)));
	body_text(s, JSON, "%s", "");
}

static void prep_import_page_commit(struct sample *s, enum principal_kind p)
{
	snprintf(s->path, sizeof(s->path), "/entry/imports/%lld/commit", upload(owner_of(p)));
	body_text(s, FORM, "%s", "");
}

static void prep_review_form(struct sample *s, enum principal_kind p)
{
	char period[16];
	(void)p;
	new_period(period);
	body_text(s, FORM, "do=approve&id=%lld", enter_value(&fx.cred[P_REGION], "zhuzhou", period, 12.5, 1));
}

static void prep_admin_add_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	body_text(s, FORM, "name=page-user-%d&role=reader", fx.counter++);
}

static void prep_admin_user_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/admin/users/victim");
	body_text(s, FORM, "do=role&role=reader");
}

static void prep_admin_target_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/admin/plan/targets/" IND "/zhuzhou/2031");
	body_text(s, FORM, "comparator=%%3E%%3D&value=%d", 40 + fx.counter++);
}

static void prep_admin_rule_add_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	body_text(s, FORM, "code=page-rule-%d&kind=range&applies=" IND "&min=0&max=1000", fx.counter++);
}

static void prep_admin_rule_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/admin/plan/rules/page-rule-edit");
	body_text(s, FORM, "kind=range&applies=" IND "&min=0&max=%d", 500 + fx.counter++);
}

/* The shipped plan's status set to what it is (in force): a success that changes nothing. */
static void prep_admin_plan_status_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	body_text(s, FORM, "%s", "status=in_force&superseded_by=");
}

static void prep_plan_status_json(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/api/v1/plans/czt-2024/status");
	body_text(s, JSON, "%s", "{\"status\":\"in_force\"}");
}

static void prep_author_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	workbook_form(&s->body);
	s->ctype = "multipart/form-data; boundary=matrixboundary";
	s->has_body = 1;
}

static void prep_author_upload(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/admin/plans/uploads/%lld", plan_upload());
}

static void prep_author_create(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/admin/plans/uploads/%lld/create", plan_upload());
	body_text(s, FORM, "%s", "");
}

static void prep_plans_post(struct sample *s, enum principal_kind p)
{
	(void)p;
	const struct buf *w = plan_workbook();
	snprintf(s->path, sizeof(s->path), "/api/v1/plans?name=plan.xlsx");
	assert_int_equal(buf_append(&s->body, w->p, w->len), ST_OK);
	s->ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	s->has_body = 1;
}

static void prep_admin_indicator_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/admin/plan/indicators/" IND);
	body_text(s, FORM, "name_en=Valid+invention+patents+per+10%%2C000+people+%%28page+edit+%d%%29", fx.counter++);
}

static void prep_admin_sup_rule_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/admin/supervision/rules/report-missing");
	body_text(s, FORM, "enabled=1&grace_days=0&reply_days=%d&escalate_days=5&periods=2", 5 + fx.counter++ % 20);
}

static void prep_admin_milestone_add_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	body_text(s, FORM, "code=mx-%d&measure=15&title_zh=%%E7%%9F%%A9%%E9%%98%%B5&owner=kjt&due_date=2026-06-30",
		  fx.counter++);
}

static void prep_admin_milestone_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/admin/supervision/milestones/m15-2025");
	body_text(s, FORM, "title_zh=%%E7%%9F%%A9%%E9%%98%%B5&owner=kjt&due_date=2025-12-31&deliverable_zh=v%d", fx.counter++);
}

static void prep_admin_milestones_import(struct sample *s, enum principal_kind p)
{
	(void)p;
	body_text(s, "multipart/form-data; boundary=matrixboundary",
		  "--matrixboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ms.csv\"\r\n"
		  "Content-Type: text/csv\r\n\r\ncode,measure,title_zh,owner,due_date\nmi-%d,15,x,kjt,2026-06-30\n\r\n"
		  "--matrixboundary--\r\n",
		  fx.counter++);
}

static void prep_registry_upload(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/api/v1/registries/talents?name=t.csv");
	body_text(s, "text/csv", "id,programme,year,region\nMX-%d,matrix,2024,zhuzhou\n", fx.counter++);
}

static void prep_registry_page_upload(struct sample *s, enum principal_kind p)
{
	(void)p;
	body_text(s, "multipart/form-data; boundary=matrixboundary",
		  "--matrixboundary\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ntalents\r\n"
		  "--matrixboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.csv\"\r\n"
		  "Content-Type: text/csv\r\n\r\nid,programme,year,region\nMP-%d,matrix,2024,zhuzhou\n\r\n--matrixboundary--\r\n",
		  fx.counter++);
}

/* A verdict on a qualitative target: the shipped plan has none, so the department is answered
 * 422 (not_qualitative) and everyone else is refused before that (tests/http/test_kinds.c
 * records real verdicts on a plan that has one). */
static void prep_qreview_json(struct sample *s, enum principal_kind p)
{
	(void)p;
	body_text(s, JSON, "%s", "{\"indicator\":\"" IND "\",\"region\":\"zhuzhou\",\"year\":2025,\"verdict\":\"met\",\"reason\":\"m\"}");
}

static void prep_qreview_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/indicators/" IND "/review");
	body_text(s, FORM, "%s", "region=zhuzhou&year=2025&verdict=met&reason=m");
}

static void prep_values_json(struct sample *s, enum principal_kind p)
{
	char period[16];
	(void)p;
	new_period(period);
	body_text(s, JSON, "{\"values\":[{\"indicator\":\"" IND "\",\"region\":\"zhuzhou\",\"period\":\"%s\",\"value\":12.5}]}",
		  period);
}

/* A revision of IND/zhuzhou entered by the region reporter (so that under the four-eyes rule
 * every reviewer may approve it), moved to status (draft, submitted, approved). */
static long long obs_in(const char *status)
{
	char period[16];
	new_period(period);
	long long id = enter_value(&fx.cred[P_REGION], "zhuzhou", period, 12.5, strcmp(status, "draft") != 0);
	if (strcmp(status, "approved") == 0)
		id = move(&fx.cred[P_ADMIN], id, "approve", NULL);
	return id;
}

static void prep_obs_submit(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/api/v1/observations/%lld/submit", obs_in("draft"));
	body_text(s, JSON, "%s", "");
}

static void prep_obs_approve(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/api/v1/observations/%lld/approve", obs_in("submitted"));
	body_text(s, JSON, "%s", "");
}

static void prep_obs_return(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/api/v1/observations/%lld/return", obs_in("submitted"));
	body_text(s, JSON, "%s", "{\"reason\":\"the source is missing\"}");
}

static void prep_obs_publish(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/api/v1/observations/%lld/publish", obs_in("approved"));
	body_text(s, JSON, "%s", "");
}

static void prep_imports_post(struct sample *s, enum principal_kind p)
{
	char period[16];
	(void)p;
	new_period(period);
	snprintf(s->path, sizeof(s->path), "/api/v1/imports?name=m.csv");
	body_text(s, "text/csv", "indicator,region,period,value\n" IND ",zhuzhou,%s,12.5\n", period);
}

static void prep_import_get(struct sample *s, enum principal_kind p)
{
	snprintf(s->path, sizeof(s->path), "/api/v1/imports/%lld", upload(owner_of(p)));
}

static void prep_import_commit(struct sample *s, enum principal_kind p)
{
	snprintf(s->path, sizeof(s->path), "/api/v1/imports/%lld/commit", upload(owner_of(p)));
	body_text(s, JSON, "%s", "");
}

static void prep_plan_indicator(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/api/v1/plan/indicators/" IND);
	body_text(s, JSON, "{\"name_en\":\"Valid invention patents per 10,000 people (edit %d)\"}", fx.counter++);
}

static void prep_plan_target(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/api/v1/plan/targets/" IND "/zhuzhou/2030");
	body_text(s, JSON, "{\"comparator\":\">=\",\"value\":%d}", 30 + fx.counter++);
}

static void prep_plan_target_delete(struct sample *s, enum principal_kind p)
{
	(void)p;
	json_decref(api(&fx.cred[P_ADMIN], "PUT", "/api/v1/plan/targets/" IND "/xiangtan/2029", "{\"comparator\":\">=\",\"value\":20}", 200));
	snprintf(s->path, sizeof(s->path), "/api/v1/plan/targets/" IND "/xiangtan/2029");
}

static void prep_plan_measure(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/api/v1/plan/measures/1");
	body_text(s, JSON, "{\"title_en\":\"Bid to become a national regional innovation centre (edit %d)\"}", fx.counter++);
}

static void prep_plan_unit(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/api/v1/plan/units/amr");
	body_text(s, JSON, "{\"name_en\":\"Hunan Administration for Market Regulation (edit %d)\"}", fx.counter++);
}

static void prep_plan_rule(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/api/v1/plan/rules/matrix-%d", fx.counter++);
	body_text(s, JSON, "%s", "{\"kind\":\"range\",\"applies\":\"" IND "\",\"min\":0,\"max\":1000}");
}

static void prep_plan_rule_delete(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/api/v1/plan/rules/matrix-del-%d", fx.counter++);
	json_decref(api(&fx.cred[P_ADMIN], "PUT", s->path, "{\"kind\":\"non_negative\",\"applies\":\"" IND "\"}", 200));
}

static void prep_users_post(struct sample *s, enum principal_kind p)
{
	(void)p;
	body_text(s, JSON, "{\"name\":\"api-user-%d\",\"role\":\"reader\"}", fx.counter++);
}

static void prep_user_patch(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/api/v1/users/victim");
	body_text(s, JSON, "%s", "{\"role\":\"reader\"}");
}

/* ---- task supervision (issue 6) ----------------------------------------------------------- */

#define SUP_PERIOD "2031Q1"       /* the cycle the samples report in */
#define SUP_KEY "2031Q1/22/amr"   /* a report amr (P_UNIT) owes: it leads measure 22 */
#define SUP_SEEN "2031Q1/3/kjt"   /* an approved report with evidence: every signed-in user sees it */

static const unsigned char tiny_png[] = {
	0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0,
	0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0a, 'I', 'D', 'A', 'T', 0x78, 0x9c, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0d, 0x0a,
	0x2d, 0xb4, 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82,
};

static int sup_is_ready;
static long long sup_evidence_id;

/* The cycle SUP_PERIOD and the approved report SUP_SEEN with one evidence file, made once. */
static void sup_setup(void)
{
	struct ht_resp r;
	if (sup_is_ready)
		return;
	sup_is_ready = 1;
	json_decref(api(&fx.cred[P_ADMIN], "POST", "/api/v1/cycles", "{\"period\":\"" SUP_PERIOD "\",\"deadline\":\"2031-04-15\"}", 201));
	json_decref(api(&fx.cred[P_ADMIN], "PUT", "/api/v1/progress-reports/" SUP_SEEN,
			"{\"progress\":\"on_track\",\"narrative\":\"matrix\"}", 200));
	http(&r, "POST", "/api/v1/progress-reports/" SUP_SEEN "/evidence?name=m.png", &fx.cred[P_ADMIN], "image/png",
	     (const char *)tiny_png, sizeof(tiny_png));
	if (r.status != 201)
		fail_msg("evidence upload: %ld %s", r.status, buf_str(&r.body));
	json_t *j = ht_json(&r, NULL);
	sup_evidence_id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	ht_resp_free(&r);
	json_decref(api(&fx.cred[P_ADMIN], "POST", "/api/v1/progress-reports/" SUP_SEEN "/submit", NULL, 200));
	json_decref(api(&fx.cred[P_ADMIN], "POST", "/api/v1/progress-reports/" SUP_SEEN "/approve", NULL, 200));
}

/* A new open cycle (a month from new_period) into out. */
static void sup_fresh_cycle(char out[16])
{
	char body[128];
	new_period(out);
	snprintf(body, sizeof(body), "{\"period\":\"%s\",\"deadline\":\"2099-12-31\"}", out);
	json_decref(api(&fx.cred[P_ADMIN], "POST", "/api/v1/cycles", body, 201));
}

/* A new notice to amr on measure 22; returns its id. */
static long long sup_notice(void)
{
	json_t *j = api(&fx.cred[P_ADMIN], "POST", "/api/v1/notices",
			"{\"unit\":\"amr\",\"measure\":22,\"subject\":\"matrix\",\"reply_days\":5}", 201);
	long long id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

static void prep_sup_plain(struct sample *s, enum principal_kind p)
{
	(void)s, (void)p;
	sup_setup();
}

static void prep_sup_report_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	sup_setup();
	body_text(s, FORM, "%s", "cycle=" SUP_PERIOD "&measure=22&unit=amr&progress=on_track&narrative=matrix&do=save");
}

static void prep_sup_evidence_form(struct sample *s, enum principal_kind p)
{
	static const char head[] = "--supboundary\r\nContent-Disposition: form-data; name=\"cycle\"\r\n\r\n" SUP_PERIOD
				   "\r\n--supboundary\r\nContent-Disposition: form-data; name=\"measure\"\r\n\r\n22\r\n"
				   "--supboundary\r\nContent-Disposition: form-data; name=\"unit\"\r\n\r\namr\r\n"
				   "--supboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.png\"\r\n"
				   "Content-Type: image/png\r\n\r\n";
	static const char tail[] = "\r\n--supboundary--\r\n";
	(void)p;
	sup_setup();
	s->ctype = "multipart/form-data; boundary=supboundary";
	s->has_body = 1;
	assert_int_equal(buf_append(&s->body, head, sizeof(head) - 1), ST_OK);
	assert_int_equal(buf_append(&s->body, tiny_png, sizeof(tiny_png)), ST_OK);
	assert_int_equal(buf_append(&s->body, tail, sizeof(tail) - 1), ST_OK);
}

static void prep_sup_open_form(struct sample *s, enum principal_kind p)
{
	char period[16];
	(void)p;
	new_period(period);
	body_text(s, FORM, "do=open&period=%s&deadline=2099-12-31", period);
}

static void prep_sup_notice_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	body_text(s, FORM, "%s", "unit=amr&measure=22&subject=matrix&reply_days=5");
}

static void prep_sup_notice_page(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/notices/%lld", sup_notice());
}

static void prep_sup_reply_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/notices/%lld/reply", sup_notice());
	body_text(s, FORM, "%s", "body=matrix");
}

static void prep_sup_close_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/notices/%lld/close", sup_notice());
	body_text(s, FORM, "%s", "note=matrix");
}

static void prep_sup_inbox_form(struct sample *s, enum principal_kind p)
{
	(void)p;
	body_text(s, FORM, "%s", "id=all");
}

static void prep_sup_cycle_json(struct sample *s, enum principal_kind p)
{
	char period[16];
	(void)p;
	new_period(period);
	body_text(s, JSON, "{\"period\":\"%s\",\"deadline\":\"2099-12-31\"}", period);
}

static void prep_sup_cycle_close(struct sample *s, enum principal_kind p)
{
	char period[16];
	(void)p;
	sup_fresh_cycle(period);
	snprintf(s->path, sizeof(s->path), "/api/v1/cycles/%s/close", period);
	body_text(s, JSON, "%s", "");
}

static void prep_sup_report_put(struct sample *s, enum principal_kind p)
{
	(void)p;
	sup_setup();
	snprintf(s->path, sizeof(s->path), "/api/v1/progress-reports/" SUP_KEY);
	body_text(s, JSON, "%s", "{\"progress\":\"delayed\",\"narrative\":\"matrix\"}");
}

/* A report of amr on measure 22 in a new cycle, a draft or submitted; the sample moves it with
 * `to`. */
static void sup_move_sample(struct sample *s, int is_submitted, const char *to, const char *body)
{
	char period[16], path[128];
	sup_fresh_cycle(period);
	snprintf(path, sizeof(path), "/api/v1/progress-reports/%s/22/amr", period);
	json_decref(api(&fx.cred[P_ADMIN], "PUT", path,
			is_submitted ? "{\"progress\":\"done\",\"narrative\":\"matrix\",\"submit\":true}"
				     : "{\"progress\":\"done\",\"narrative\":\"matrix\"}",
			200));
	snprintf(s->path, sizeof(s->path), "%s/%s", path, to);
	body_text(s, JSON, "%s", body);
}

static void prep_sup_submit(struct sample *s, enum principal_kind p)
{
	(void)p;
	sup_move_sample(s, 0, "submit", "");
}

static void prep_sup_approve(struct sample *s, enum principal_kind p)
{
	(void)p;
	sup_move_sample(s, 1, "approve", "");
}

static void prep_sup_return(struct sample *s, enum principal_kind p)
{
	(void)p;
	sup_move_sample(s, 1, "return", "{\"reason\":\"the figures are missing\"}");
}

static void prep_sup_evidence_json(struct sample *s, enum principal_kind p)
{
	(void)p;
	sup_setup();
	snprintf(s->path, sizeof(s->path), "/api/v1/progress-reports/" SUP_KEY "/evidence?name=m.png");
	s->ctype = "image/png";
	s->has_body = 1;
	assert_int_equal(buf_append(&s->body, tiny_png, sizeof(tiny_png)), ST_OK);
}

static void prep_sup_evidence_get(struct sample *s, enum principal_kind p)
{
	(void)p;
	sup_setup();
	snprintf(s->path, sizeof(s->path), "/api/v1/evidence/%lld", sup_evidence_id);
}

static void prep_sup_milestone_put(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/api/v1/milestones/matrix-%d", fx.counter++);
	body_text(s, JSON, "%s", "{\"measure\":22,\"title_zh\":\"矩阵里程碑\",\"owner\":\"amr\",\"due_date\":\"2031-06-30\"}");
}

static void prep_sup_notice_json(struct sample *s, enum principal_kind p)
{
	(void)p;
	body_text(s, JSON, "%s", "{\"unit\":\"amr\",\"measure\":22,\"subject\":\"matrix\",\"reply_days\":5}");
}

static void prep_sup_notice_get(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/api/v1/notices/%lld", sup_notice());
}

static void prep_sup_reply_json(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/api/v1/notices/%lld/reply", sup_notice());
	body_text(s, JSON, "%s", "{\"body\":\"matrix\"}");
}

static void prep_sup_close_json(struct sample *s, enum principal_kind p)
{
	(void)p;
	snprintf(s->path, sizeof(s->path), "/api/v1/notices/%lld/close", sup_notice());
	body_text(s, JSON, "%s", "{\"note\":\"matrix\"}");
}

static void prep_sup_rule_put(struct sample *s, enum principal_kind p)
{
	(void)p;
	body_text(s, JSON, "{\"reply_days\":%d}", 5 + fx.counter++ % 10);
}

static const struct route_case cases[] = {
	/* pages */
	{"GET", "/", R_PAGE, N_PUB, 200, 0, NULL, NULL},
	{"GET", "/plan", R_PAGE, N_PUB, 200, 0, NULL, NULL},
	{"GET", "/plans", R_PAGE, N_PUB, 200, 0, NULL, NULL},
	{"GET", "/regions/:code", R_PAGE, N_PUB, 200, 0, "/regions/zhuzhou", NULL},
	{"GET", "/measures/:n", R_PAGE, N_PUB, 200, 0, "/measures/1", NULL},
	{"GET", "/units", R_PAGE, N_PUB, 200, 0, NULL, NULL},
	{"GET", "/units/:code", R_PAGE, N_PUB, 200, 0, "/units/kjt", NULL},
	{"GET", "/indicators/:code", R_PAGE, N_PUB, 200, 0, "/indicators/" IND "?revisions=1", NULL},
	{"GET", "/indicators/:code/chart.svg", R_PAGE, N_PUB, 200, 0, "/indicators/" IND "/chart.svg?region=zhuzhou", NULL},
	{"GET", "/indicators/:code/chart.png", R_PAGE, N_PUB, 200, 0, "/indicators/" IND "/chart.png?region=zhuzhou", NULL},
	{"POST", "/indicators/:code/review", R_PAGE, N_REVIEW, 422, 0, NULL, prep_qreview_form},
	{"GET", "/signin", R_PAGE, N_PUB, 200, 0, NULL, NULL},
	{"POST", "/signin", R_PAGE, N_PUB, 303, 0, NULL, prep_signin_form},
	{"POST", "/signout", R_PAGE, N_OWN, 303, F_FRESH, NULL, NULL},
	{"GET", "/account", R_PAGE, N_OWN, 200, 0, NULL, NULL},
	{"POST", "/account/password", R_PAGE, N_OWN, 200, F_FRESH, NULL, prep_password_form},
	{"GET", "/entry", R_PAGE, N_WRITE, 200, 0, "/entry?region=zhuzhou", NULL},
	{"GET", "/entry/template.xlsx", R_PAGE, N_WRITE, 200, 0, "/entry/template.xlsx?region=zhuzhou", NULL},
	{"POST", "/entry", R_PAGE, N_WRITE, 200, 0, NULL, prep_entry_form},
	{"GET", "/entry/import", R_PAGE, N_WRITE, 200, 0, NULL, NULL},
	{"POST", "/entry/import", R_PAGE, N_WRITE, 303, 0, NULL, prep_import_form},
	{"GET", "/entry/imports/:id", R_PAGE, N_WRITE, 200, 0, NULL, prep_import_page},
	{"POST", "/entry/imports/:id/commit", R_PAGE, N_WRITE, 200, 0, NULL, prep_import_page_commit},
	{"POST", "/entry/imports/:id/cancel", R_PAGE, N_WRITE, 303, 0, NULL, prep_import_page_cancel},
	{"GET", "/review", R_PAGE, N_REVIEW, 200, 0, NULL, NULL},
	{"POST", "/review", R_PAGE, N_REVIEW, 200, 0, NULL, prep_review_form},
	{"GET", "/admin/users", R_PAGE, N_USERS, 200, 0, NULL, NULL},
	{"POST", "/admin/users", R_PAGE, N_USERS, 200, 0, NULL, prep_admin_add_form},
	{"POST", "/admin/users/:name", R_PAGE, N_USERS, 200, 0, NULL, prep_admin_user_form},
	{"GET", "/admin/audit", R_PAGE, N_AUDIT, 200, 0, NULL, NULL},
	{"GET", "/reports", R_PAGE, N_PUB, 200, 0, NULL, NULL},
	{"GET", "/reports/evaluation", R_PAGE, N_PUB, 200, 0, "/reports/evaluation?period=2025&format=md", NULL},
	{"GET", "/admin/plan", R_PAGE, N_PLAN, 200, 0, NULL, NULL},
	{"POST", "/admin/plan/targets/:indicator/:region/:year", R_PAGE, N_PLAN, 200, 0, NULL, prep_admin_target_form},
	{"POST", "/admin/plan/rules", R_PAGE, N_PLAN, 200, 0, NULL, prep_admin_rule_add_form},
	{"POST", "/admin/plan/rules/:code", R_PAGE, N_PLAN, 200, 0, NULL, prep_admin_rule_form},
	{"POST", "/admin/plan/status", R_PAGE, N_PLAN, 200, 0, NULL, prep_admin_plan_status_form},
	{"GET", "/admin/plans/new", R_PAGE, N_PLAN, 200, 0, NULL, NULL},
	{"POST", "/admin/plans/new", R_PAGE, N_PLAN, 303, 0, NULL, prep_author_form},
	{"GET", "/admin/plans/template.xlsx", R_PAGE, N_PLAN, 200, 0, NULL, NULL},
	{"GET", "/admin/plans/uploads/:id", R_PAGE, N_PLAN, 200, 0, NULL, prep_author_upload},
	{"POST", "/admin/plans/uploads/:id/create", R_PAGE, N_PLAN, 303, 0, NULL, prep_author_create},
	{"GET", "/admin/plan/indicators/:code", R_PAGE, N_PLAN, 200, 0, "/admin/plan/indicators/" IND, NULL},
	{"POST", "/admin/plan/indicators/:code", R_PAGE, N_PLAN, 200, 0, NULL, prep_admin_indicator_form},
	{"GET", "/admin/supervision", R_PAGE, N_PLAN, 200, 0, NULL, NULL},
	{"POST", "/admin/supervision/rules/:code", R_PAGE, N_PLAN, 200, 0, NULL, prep_admin_sup_rule_form},
	{"POST", "/admin/supervision/milestones", R_PAGE, N_PLAN, 200, 0, NULL, prep_admin_milestone_add_form},
	{"POST", "/admin/supervision/milestones/:code", R_PAGE, N_PLAN, 200, 0, NULL, prep_admin_milestone_form},
	{"POST", "/admin/supervision/import", R_PAGE, N_PLAN, 200, 0, NULL, prep_admin_milestones_import},
	/* read API */
	{"GET", "/api/v1/plan", R_API, N_PUB, 200, 0, NULL, NULL},
	{"GET", "/api/v1/plans", R_API, N_PUB, 200, 0, NULL, NULL},
	{"GET", "/api/v1/indicators", R_API, N_PUB, 200, 0, NULL, NULL},
	{"GET", "/api/v1/indicators/:code", R_API, N_PUB, 200, 0, "/api/v1/indicators/" IND, NULL},
	{"GET", "/api/v1/progress", R_API, N_PUB, 200, 0, NULL, NULL},
	{"GET", "/api/v1/export", R_API, N_PUB, 200, 0, "/api/v1/export?format=csv", NULL},
	{"GET", "/api/v1/openapi.json", R_API, N_PUB, 200, 0, NULL, NULL},
	/* sessions and accounts */
	{"POST", "/api/v1/session", R_API, N_PUB, 200, 0, NULL, prep_session_json},
	{"GET", "/api/v1/session", R_API, N_OWN, 200, 0, NULL, NULL},
	{"DELETE", "/api/v1/session", R_API, N_OWN, 200, F_FRESH, NULL, NULL},
	{"POST", "/api/v1/account/password", R_API, N_OWN, 200, F_FRESH, NULL, prep_password_json},
	/* values and their workflow */
	{"GET", "/api/v1/values", R_API, N_PUB, 200, 0, "/api/v1/values?indicator=" IND, NULL},
	{"POST", "/api/v1/values", R_API, N_WRITE, 201, 0, NULL, prep_values_json},
	{"POST", "/api/v1/reviews", R_API, N_REVIEW, 422, 0, NULL, prep_qreview_json},
	{"POST", "/api/v1/observations/:id/submit", R_API, N_WRITE, 200, 0, NULL, prep_obs_submit},
	{"POST", "/api/v1/observations/:id/approve", R_API, N_REVIEW, 200, 0, NULL, prep_obs_approve},
	{"POST", "/api/v1/observations/:id/return", R_API, N_REVIEW, 200, 0, NULL, prep_obs_return},
	{"POST", "/api/v1/observations/:id/publish", R_API, N_PUBLISH, 200, 0, NULL, prep_obs_publish},
	{"GET", "/api/v1/review", R_API, N_REVIEW, 200, 0, NULL, NULL},
	{"POST", "/api/v1/imports", R_API, N_WRITE, 201, 0, NULL, prep_imports_post},
	{"GET", "/api/v1/imports/:id", R_API, N_WRITE, 200, 0, NULL, prep_import_get},
	{"POST", "/api/v1/imports/:id/commit", R_API, N_WRITE, 200, 0, NULL, prep_import_commit},
	{"POST", "/api/v1/imports/:id/cancel", R_API, N_WRITE, 200, 0, NULL, prep_import_cancel},
	/* plan edits */
	{"PUT", "/api/v1/plan/indicators/:code", R_API, N_PLAN, 200, 0, NULL, prep_plan_indicator},
	{"PUT", "/api/v1/plan/targets/:indicator/:region/:year", R_API, N_PLAN, 200, 0, NULL, prep_plan_target},
	{"DELETE", "/api/v1/plan/targets/:indicator/:region/:year", R_API, N_PLAN, 200, 0, NULL, prep_plan_target_delete},
	{"PUT", "/api/v1/plan/measures/:n", R_API, N_PLAN, 200, 0, NULL, prep_plan_measure},
	{"PUT", "/api/v1/plan/units/:code", R_API, N_PLAN, 200, 0, NULL, prep_plan_unit},
	{"PUT", "/api/v1/plan/rules/:code", R_API, N_PLAN, 200, 0, NULL, prep_plan_rule},
	{"DELETE", "/api/v1/plan/rules/:code", R_API, N_PLAN, 200, 0, NULL, prep_plan_rule_delete},
	{"POST", "/api/v1/plans", R_API, N_PLAN, 201, 0, NULL, prep_plans_post},
	{"POST", "/api/v1/plans/:code/status", R_API, N_PLAN, 200, 0, NULL, prep_plan_status_json},
	/* administration */
	{"GET", "/api/v1/users", R_API, N_USERS, 200, 0, NULL, NULL},
	{"POST", "/api/v1/users", R_API, N_USERS, 201, 0, NULL, prep_users_post},
	{"PATCH", "/api/v1/users/:name", R_API, N_USERS, 200, 0, NULL, prep_user_patch},
	{"GET", "/api/v1/audit", R_API, N_AUDIT, 200, 0, "/api/v1/audit?limit=5", NULL},
	/* task supervision: pages */
	{"GET", "/reporting", R_PAGE, N_REPORT, 200, 0, NULL, prep_sup_plain},
	{"POST", "/reporting", R_PAGE, N_REPORT, 303, 0, NULL, prep_sup_report_form},
	{"POST", "/reporting/evidence", R_PAGE, N_REPORT, 303, 0, NULL, prep_sup_evidence_form},
	{"GET", "/reporting/:period/:measure/:unit", R_PAGE, N_READ, 200, 0, "/reporting/" SUP_SEEN, prep_sup_plain},
	{"GET", "/supervision", R_PAGE, N_SUPERVISE, 200, 0, NULL, NULL},
	{"POST", "/supervision", R_PAGE, N_SUPERVISE, 303, 0, NULL, prep_sup_open_form},
	{"GET", "/notices", R_PAGE, N_READ, 200, 0, NULL, NULL},
	{"POST", "/notices", R_PAGE, N_SUPERVISE, 303, 0, NULL, prep_sup_notice_form},
	{"GET", "/notices/:id", R_PAGE, N_READ, 200, 0, NULL, prep_sup_notice_page},
	{"POST", "/notices/:id/reply", R_PAGE, N_REPORT, 303, 0, NULL, prep_sup_reply_form},
	{"POST", "/notices/:id/close", R_PAGE, N_SUPERVISE, 303, 0, NULL, prep_sup_close_form},
	{"GET", "/inbox", R_PAGE, N_OWN, 200, 0, NULL, NULL},
	{"POST", "/inbox", R_PAGE, N_OWN, 303, 0, NULL, prep_sup_inbox_form},
	{"GET", "/scorecards", R_PAGE, N_READ, 200, 0, NULL, prep_sup_plain},
	{"GET", "/matrix", R_PAGE, N_READ, 200, 0, "/matrix?action=1&unit=kjt", NULL},
	{"GET", "/search", R_PAGE, N_PUB, 200, 0, "/search?q=%E6%8A%80%E6%9C%AF", NULL},
	{"GET", "/reporting-status", R_PAGE, N_PUB, 200, 0, NULL, NULL},
	{"GET", "/map", R_PAGE, N_PUB, 200, 0, "/map?indicator=" IND, NULL},
	/* task supervision: API */
	{"GET", "/api/v1/cycles", R_API, N_READ, 200, 0, NULL, NULL},
	{"POST", "/api/v1/cycles", R_API, N_SUPERVISE, 201, 0, NULL, prep_sup_cycle_json},
	{"GET", "/api/v1/cycles/:period", R_API, N_READ, 200, 0, "/api/v1/cycles/" SUP_PERIOD, prep_sup_plain},
	{"POST", "/api/v1/cycles/:period/close", R_API, N_SUPERVISE, 200, 0, NULL, prep_sup_cycle_close},
	{"GET", "/api/v1/progress-reports", R_API, N_READ, 200, 0, "/api/v1/progress-reports?cycle=" SUP_PERIOD, prep_sup_plain},
	{"GET", "/api/v1/progress-reports/:period/:measure/:unit", R_API, N_READ, 200, 0, "/api/v1/progress-reports/" SUP_SEEN,
	 prep_sup_plain},
	{"PUT", "/api/v1/progress-reports/:period/:measure/:unit", R_API, N_REPORT, 200, 0, NULL, prep_sup_report_put},
	{"POST", "/api/v1/progress-reports/:period/:measure/:unit/submit", R_API, N_REPORT, 200, 0, NULL, prep_sup_submit},
	{"POST", "/api/v1/progress-reports/:period/:measure/:unit/approve", R_API, N_SUPERVISE, 200, 0, NULL, prep_sup_approve},
	{"POST", "/api/v1/progress-reports/:period/:measure/:unit/return", R_API, N_SUPERVISE, 200, 0, NULL, prep_sup_return},
	{"POST", "/api/v1/progress-reports/:period/:measure/:unit/evidence", R_API, N_REPORT, 201, 0, NULL,
	 prep_sup_evidence_json},
	{"GET", "/api/v1/evidence/:id", R_API, N_READ, 200, 0, NULL, prep_sup_evidence_get},
	{"GET", "/api/v1/milestones", R_API, N_READ, 200, 0, "/api/v1/milestones?measure=4", NULL},
	{"PUT", "/api/v1/milestones/:code", R_API, N_PLAN, 201, 0, NULL, prep_sup_milestone_put},
	{"GET", "/api/v1/notices", R_API, N_READ, 200, 0, NULL, NULL},
	{"POST", "/api/v1/notices", R_API, N_SUPERVISE, 201, 0, NULL, prep_sup_notice_json},
	{"GET", "/api/v1/notices/:id", R_API, N_READ, 200, 0, NULL, prep_sup_notice_get},
	{"POST", "/api/v1/notices/:id/reply", R_API, N_REPORT, 200, 0, NULL, prep_sup_reply_json},
	{"POST", "/api/v1/notices/:id/close", R_API, N_SUPERVISE, 200, 0, NULL, prep_sup_close_json},
	{"GET", "/api/v1/notice-rules", R_API, N_SUPERVISE, 200, 0, NULL, NULL},
	{"PUT", "/api/v1/notice-rules/:code", R_API, N_PLAN, 200, 0, "/api/v1/notice-rules/report-missing", prep_sup_rule_put},
	{"GET", "/api/v1/inbox", R_API, N_OWN, 200, 0, NULL, NULL},
	{"POST", "/api/v1/inbox/read", R_API, N_OWN, 200, 0, NULL, NULL},
	{"GET", "/api/v1/scorecards", R_API, N_READ, 200, 0, "/api/v1/scorecards?period=" SUP_PERIOD, prep_sup_plain},
	/* registries */
	{"GET", "/api/v1/registries", R_API, N_READ, 200, 0, NULL, NULL},
	{"GET", "/api/v1/registries/:kind", R_API, N_READ, 200, 0, "/api/v1/registries/talents?region=zhuzhou", NULL},
	{"POST", "/api/v1/registries/:kind", R_API, N_REVIEW, 200, 0, NULL, prep_registry_upload},
	{"GET", "/registries", R_PAGE, N_READ, 200, 0, "/registries?kind=talents&region=zhuzhou", NULL},
	/* enterprise evaluation: the shipped plan has no firms registry */
	{"GET", "/pipeline", R_PAGE, N_PUB, 200, 0, NULL, NULL},
	{"GET", "/firms", R_PAGE, N_FIRMS, 200, 0, "/firms?year=2024", NULL},
	{"GET", "/firms/:code", R_PAGE, N_FIRM_NONE, 404, 0, "/firms/9144030071526726XG", NULL},
	{"GET", "/api/v1/pipeline", R_API, N_PUB, 200, 0, NULL, NULL},
	{"GET", "/api/v1/firms", R_API, N_FIRMS, 200, 0, "/api/v1/firms?region=zhuzhou", NULL},
	{"GET", "/api/v1/firms/:code", R_API, N_FIRM_NONE, 404, 0, "/api/v1/firms/9144030071526726XG", NULL},
	{"POST", "/registries", R_PAGE, N_REVIEW, 200, 0, NULL, prep_registry_page_upload},
	/* operations */
	{"GET", "/healthz", R_API, N_PUB, 200, 0, NULL, NULL},
	{"GET", "/metrics", R_API, N_PUB, 200, 0, NULL, NULL},
	{"GET", "/static/:file", R_STATIC, N_PUB, 200, 0, "/static/style.css", NULL},
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

/* Whether path (its query ignored) matches pattern, ":name" matching one non-empty segment. */
static int pattern_matches(const char *pattern, const char *path)
{
	const char *p = pattern, *s = path;
	while (*p && *s && *s != '?') {
		if (*p == ':') {
			size_t n = strcspn(s, "/?");
			if (n == 0)
				return 0;
			s += n;
			p += strcspn(p, "/");
			continue;
		}
		if (*p++ != *s++)
			return 0;
	}
	return !*p && (!*s || *s == '?');
}

/* ---- what each principal may do ------------------------------------------------------------ */

static enum trole role_of(enum principal_kind p)
{
	switch (p) {
	case P_ADMIN:
	case P_NO_CSRF:
	case P_BAD_CSRF:
		return T_ADMIN;
	case P_ANALYST:
	case P_TOKEN:
		return T_ANALYST;
	case P_UNIT:
		return T_UNIT;
	case P_REGION:
		return T_REGION;
	case P_READER:
		return T_READER;
	default:
		return T_NONE;
	}
}

/* The rights of each role (ARCHITECTURE.md, Security model; docs/api.md). */
static int may(enum trole role, enum need need)
{
	switch (need) {
	case N_PUB:
		return 1;
	case N_OWN:
	case N_READ: /* ACT_READ_INTERNAL: approved figures and reports, any signed-in user */
		return role != T_NONE;
	case N_WRITE:
		return role == T_ADMIN || role == T_ANALYST || role == T_UNIT || role == T_REGION;
	case N_REVIEW:
	case N_PUBLISH:
	case N_SUPERVISE:
		return role == T_ADMIN || role == T_ANALYST;
	case N_REPORT:
		return role == T_ADMIN || role == T_ANALYST || role == T_UNIT;
	case N_FIRMS:
		return role == T_ADMIN || role == T_ANALYST || role == T_REGION;
	case N_FIRM_NONE:
		return role == T_ADMIN || role == T_ANALYST;
	default:
		return role == T_ADMIN;
	}
}

enum outcome {
	O_OK,            /* the route's ok_status */
	O_BAD_TOKEN,     /* 401 "bad_token" (API), pages as O_UNAUTH / O_TO_SIGNIN */
	O_UNAUTH,        /* 401: "unauthorized" (API) or an HTML page */
	O_TO_SIGNIN,     /* 303 to /signin?next=PATH */
	O_FORBIDDEN,     /* 403: "forbidden" (API) or an HTML page */
	O_CSRF,          /* 403: "csrf" (API) or an HTML page */
	O_NOT_A_SESSION, /* 400 "not_a_session": signing out a bearer token */
};

static enum outcome expected(const struct route_case *c, enum principal_kind p)
{
	int is_change = strcmp(c->method, "GET") != 0;
	if (c->kind == R_STATIC)
		return O_OK;
	if (p == P_REVOKED_TOKEN)
		return c->kind == R_API ? O_BAD_TOKEN : is_change ? O_UNAUTH : O_TO_SIGNIN;
	if (is_change && (p == P_NO_CSRF || p == P_BAD_CSRF))
		return O_CSRF;
	enum trole role = role_of(p);
	if (!may(role, c->need))
		return role != T_NONE ? O_FORBIDDEN : c->kind == R_API || is_change ? O_UNAUTH : O_TO_SIGNIN;
	if (p == P_TOKEN && strcmp(c->method, "DELETE") == 0 && strcmp(c->pattern, "/api/v1/session") == 0)
		return O_NOT_A_SESSION;
	return O_OK;
}

/* A new user of p's role (through the admin API) with a session, or for P_TOKEN a bearer token:
 * for requests that sign out or change the password. */
static void fresh_cred(enum principal_kind p, struct ht_cred *out)
{
	static const char *const roles[] = {"", "admin", "analyst", "unit_reporter", "region_reporter", "reader"};
	enum trole role = role_of(p);
	char name[64], body[256];
	snprintf(name, sizeof(name), "fresh-%d", fx.counter++);
	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"role\":\"%s\",\"password\":\"%s\"%s}", name, roles[role], PW,
		 role == T_UNIT ? ",\"unit\":\"amr\"" : role == T_REGION ? ",\"region\":\"zhuzhou\"" : "");
	json_decref(api(&fx.cred[P_ADMIN], "POST", "/api/v1/users", body, 201));
	if (p == P_TOKEN) {
		long long id;
		memset(out, 0, sizeof(*out));
		snprintf(out->user, sizeof(out->user), "%s", name);
		token_create(name, out->bearer, sizeof(out->bearer), &id);
	} else {
		ht_signin_ok(fx.srv.url, name, PW, out);
	}
}

/* Run one route for one principal; 1 when the answer and the store are as expected. */
static int run_case(const struct route_case *c, enum principal_kind p)
{
	struct sample s;
	memset(&s, 0, sizeof(s));
	buf_init(&s.body, 0);
	snprintf(s.path, sizeof(s.path), "%s", c->path ? c->path : c->pattern);
	if (c->prepare)
		c->prepare(&s, p);
	if (!pattern_matches(c->pattern, s.path))
		fail_msg("the sample path %s does not match %s", s.path, c->pattern);
	enum outcome want = expected(c, p);
	struct ht_cred fresh;
	const struct ht_cred *cred = &fx.cred[p];
	if (want == O_OK && (c->flags & F_FRESH) && role_of(p) != T_NONE) {
		fresh_cred(p, &fresh);
		cred = &fresh;
	}
	struct snapshot snap;
	snapshot_take(&snap);
	struct ht_resp r;
	http(&r, c->method, s.path, cred, s.ctype, s.has_body ? buf_str(&s.body) : NULL, s.body.len);

	int is_ok = 1;
	char got[64], loc[512];
	const char *code = c->kind == R_API ? ht_error_code(&r, got, sizeof(got)) : NULL;
	int is_html = strcmp(r.content_type, "text/html; charset=utf-8") == 0;
	switch (want) {
	case O_OK:
		is_ok = r.status == c->ok_status;
		break;
	case O_BAD_TOKEN:
		is_ok = r.status == 401 && code && strcmp(code, "bad_token") == 0;
		break;
	case O_UNAUTH:
		is_ok = r.status == 401 && (c->kind == R_API ? code && strcmp(code, "unauthorized") == 0 : is_html);
		break;
	case O_TO_SIGNIN:
		is_ok = r.status == 303 && ht_header(&r, "Location", loc, sizeof(loc)) && strncmp(loc, "/signin?next=", 13) == 0;
		break;
	case O_FORBIDDEN:
		is_ok = r.status == 403 && (c->kind == R_API ? code && strcmp(code, "forbidden") == 0 : is_html);
		break;
	case O_CSRF:
		is_ok = r.status == 403 && (c->kind == R_API ? code && strcmp(code, "csrf") == 0 : is_html);
		break;
	case O_NOT_A_SESSION:
		is_ok = r.status == 400 && code && strcmp(code, "not_a_session") == 0;
		break;
	}
	static const char *const outcome_names[] = {"allowed", "401 bad_token", "401", "303 to /signin", "403 forbidden",
						    "403 csrf", "400 not_a_session"};
	char what[700];
	snprintf(what, sizeof(what), "%s %s as %s", c->method, s.path, principal_names[p]);
	if (!is_ok)
		fprintf(stderr, "# FAIL %s: expected %s (%ld), got %ld %.300s\n", what, outcome_names[want],
			want == O_OK ? c->ok_status : 0L, r.status, buf_str(&r.body));
	if (want != O_OK && !snapshot_same(&snap, what))
		is_ok = 0;
	else if (want == O_OK)
		buf_release(&snap.digest);
	ht_resp_free(&r);
	buf_release(&s.body);
	return is_ok;
}

/* ---- setup ---------------------------------------------------------------------------------- */

static int group_setup(void **state)
{
	(void)state;
	if (ht_env_init(&fx.env, "matrix") != 0)
		return -1;
	setenv("INNOMON_ADMIN_PASSWORD", PW, 1);
	if (ht_innomon(&fx.env, NULL, NULL, "init", NULL) != 0) {
		fprintf(stderr, "innomon init failed\n");
		return -1;
	}
	unsetenv("INNOMON_ADMIN_PASSWORD");
	static const char *const users[][4] = {
		{"analyst", "analyst", NULL, NULL},	  {"amr-rep", "unit_reporter", "--unit", "amr"},
		{"zz-rep", "region_reporter", "--region", "zhuzhou"}, {"reader", "reader", NULL, NULL},
		{"kjt-rep", "unit_reporter", "--unit", "kjt"},    {"cs-rep", "region_reporter", "--region", "changsha"},
		{"signer", "reader", NULL, NULL},	  {"victim", "reader", NULL, NULL},
	};
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		char *u = (char *)(uintptr_t)users[i][0], *role = (char *)(uintptr_t)users[i][1];
		char *opt = (char *)(uintptr_t)users[i][2], *val = (char *)(uintptr_t)users[i][3];
		int rc = opt ? ht_innomon(&fx.env, PW "\n", NULL, "user", "add", u, "--role", role, opt, val, "--password-stdin", NULL)
			     : ht_innomon(&fx.env, PW "\n", NULL, "user", "add", u, "--role", role, "--password-stdin", NULL);
		if (rc != 0) {
			fprintf(stderr, "innomon user add %s failed\n", users[i][0]);
			return -1;
		}
	}
	/* without --password-stdin: a one-time password the user must change */
	struct buf out;
	buf_init(&out, 0);
	if (ht_innomon(&fx.env, NULL, &out, "user", "add", "mc-analyst", "--role", "analyst", NULL) != 0 ||
	    sscanf(buf_str(&out), "user 'mc-analyst' added as analyst; one-time password: %63s", fx.mc_password) != 1) {
		fprintf(stderr, "innomon user add mc-analyst: %s\n", buf_str(&out));
		return -1;
	}
	buf_release(&out);
	/* no supervision tick in the background: it writes to the store (and the audit trail) on
	 * its own, which would look like a refused request changing the store */
	setenv("INNOMON_TICK_INTERVAL", "0", 0);
	char log_path[160];
	snprintf(log_path, sizeof(log_path), "%s/serve.log", fx.env.tmpdir);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || ht_server_start(&fx.srv, &fx.env, fx.env.db, NULL, NULL, log_path, 0) != 0) {
		fprintf(stderr, "the server did not start; its log is %s\n", log_path);
		return -1;
	}
	return 0;
}

/* Sessions, tokens and the broken credentials (inside a test: they use cmocka's asserts). */
static void test_matrix_principals(void **state)
{
	(void)state;
	ht_signin_ok(fx.srv.url, "admin", PW, &fx.cred[P_ADMIN]);
	ht_signin_ok(fx.srv.url, "analyst", PW, &fx.cred[P_ANALYST]);
	ht_signin_ok(fx.srv.url, "amr-rep", PW, &fx.cred[P_UNIT]);
	ht_signin_ok(fx.srv.url, "zz-rep", PW, &fx.cred[P_REGION]);
	ht_signin_ok(fx.srv.url, "reader", PW, &fx.cred[P_READER]);
	ht_signin_ok(fx.srv.url, "kjt-rep", PW, &fx.kjt_rep);
	ht_signin_ok(fx.srv.url, "cs-rep", PW, &fx.cs_rep);

	/* an expired session: signed out, then its cookie (and token) sent again */
	ht_signin_ok(fx.srv.url, "admin", PW, &fx.cred[P_EXPIRED]);
	json_t *j = api(&fx.cred[P_EXPIRED], "DELETE", "/api/v1/session", NULL, 200);
	assert_true(json_is_true(json_object_get(j, "signed_out")));
	json_decref(j);
	struct ht_resp r;
	http(&r, "GET", "/api/v1/session", &fx.cred[P_EXPIRED], NULL, NULL, 0);
	ht_expect_error(&r, 401, "unauthorized");
	ht_resp_free(&r);

	fx.cred[P_NO_CSRF] = fx.cred[P_ADMIN];
	fx.cred[P_NO_CSRF].csrf[0] = '\0';
	fx.cred[P_BAD_CSRF] = fx.cred[P_ADMIN];
	snprintf(fx.cred[P_BAD_CSRF].csrf, sizeof(fx.cred[P_BAD_CSRF].csrf), "%s", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

	long long id;
	snprintf(fx.cred[P_TOKEN].user, sizeof(fx.cred[P_TOKEN].user), "analyst (token)");
	token_create("analyst", fx.cred[P_TOKEN].bearer, sizeof(fx.cred[P_TOKEN].bearer), &id);
	j = api(&fx.cred[P_TOKEN], "GET", "/api/v1/session", NULL, 200);
	assert_string_equal(json_string_value(json_object_get(j, "auth")), "token");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "user"), "role")), "analyst");
	json_decref(j);

	snprintf(fx.cred[P_REVOKED_TOKEN].user, sizeof(fx.cred[P_REVOKED_TOKEN].user), "admin (revoked token)");
	token_create("admin", fx.cred[P_REVOKED_TOKEN].bearer, sizeof(fx.cred[P_REVOKED_TOKEN].bearer), &id);
	json_decref(api(&fx.cred[P_REVOKED_TOKEN], "GET", "/api/v1/session", NULL, 200));
	char id_text[32];
	snprintf(id_text, sizeof(id_text), "%lld", id);
	assert_int_equal(ht_innomon(&fx.env, NULL, NULL, "token", "revoke", id_text, NULL), 0);
	http(&r, "GET", "/api/v1/session", &fx.cred[P_REVOKED_TOKEN], NULL, NULL, 0);
	ht_expect_error(&r, 401, "bad_token");
	ht_resp_free(&r);
}

static int group_teardown(void **state)
{
	(void)state;
	if (fx.srv.pid > 0)
		(void)ht_server_stop(&fx.srv);
	curl_global_cleanup();
	buf_release(&fx.workbook);
	ht_env_release(&fx.env);
	return 0;
}

/* ---- the matrix ------------------------------------------------------------------------------ */

/* The table above and src/web/route.c name the same routes. */
static void test_matrix_covers_route_table(void **state)
{
	(void)state;
	char path[512], line[1024];
	snprintf(path, sizeof(path), "%s/src/web/route.c", fx.env.src);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	int seen[N_CASES] = {0};
	size_t n_routes = 0, n_missing = 0;
	while (fgets(line, sizeof(line), f)) {
		char method[16], pattern[256];
		if (sscanf(line, " {\"%15[A-Z]\", \"%255[^\"]\",", method, pattern) != 2)
			continue;
		n_routes++;
		size_t i = 0;
		while (i < N_CASES && (strcmp(cases[i].method, method) != 0 || strcmp(cases[i].pattern, pattern) != 0))
			i++;
		if (i == N_CASES) {
			fprintf(stderr, "# route %s %s of src/web/route.c is not in the matrix\n", method, pattern);
			n_missing++;
		} else {
			seen[i] = 1;
		}
	}
	fclose(f);
	for (size_t i = 0; i < N_CASES; i++)
		if (!seen[i]) {
			fprintf(stderr, "# the matrix names %s %s, which src/web/route.c does not have\n", cases[i].method, cases[i].pattern);
			n_missing++;
		}
	assert_true(n_routes >= 40);
	assert_int_equal(n_missing, 0);
}

static void test_matrix_every_route_every_principal(void **state)
{
	(void)state;
	size_t n_failed = 0;
	for (size_t i = 0; i < N_CASES; i++)
		for (int p = 0; p < P__COUNT; p++)
			n_failed += !run_case(&cases[i], (enum principal_kind)p);
	if (n_failed)
		fail_msg("%zu of %zu route x principal cases failed (listed above)", n_failed, N_CASES * P__COUNT);
}

/* ---- scopes ---------------------------------------------------------------------------------- */

static void test_matrix_other_region_and_unit(void **state)
{
	(void)state;
	struct snapshot snap;
	struct ht_resp r;
	char period[16], body[512], csv[512];
	new_period(period);

	/* the region reporter of zhuzhou posting a value for changsha */
	snprintf(body, sizeof(body), "{\"values\":[{\"indicator\":\"" IND "\",\"region\":\"changsha\",\"period\":\"%s\",\"value\":3}]}",
		 period);
	snapshot_take(&snap);
	http(&r, "POST", "/api/v1/values", &fx.cred[P_REGION], JSON, body, strlen(body));
	ht_expect_error(&r, 403, "forbidden");
	assert_non_null(strstr(buf_str(&r.body), "changsha"));
	ht_resp_free(&r);
	expect_unchanged(&snap, "a value for changsha by the zhuzhou reporter");

	/* the unit reporter of amr posting a value of an indicator kjt owns */
	snprintf(body, sizeof(body),
		 "{\"values\":[{\"indicator\":\"tech_contract_turnover\",\"region\":\"zhuzhou\",\"period\":\"%s\",\"value\":3}]}", period);
	snapshot_take(&snap);
	http(&r, "POST", "/api/v1/values", &fx.cred[P_UNIT], JSON, body, strlen(body));
	ht_expect_error(&r, 403, "forbidden");
	ht_resp_free(&r);
	expect_unchanged(&snap, "a kjt value by the amr reporter");

	/* one row in scope and one outside: nothing is written */
	snprintf(body, sizeof(body),
		 "{\"values\":[{\"indicator\":\"" IND "\",\"region\":\"zhuzhou\",\"period\":\"%s\",\"value\":3},"
		 "{\"indicator\":\"" IND "\",\"region\":\"xiangtan\",\"period\":\"%s\",\"value\":3}],\"submit\":true}",
		 period, period);
	snapshot_take(&snap);
	http(&r, "POST", "/api/v1/values", &fx.cred[P_REGION], JSON, body, strlen(body));
	ht_expect_error(&r, 403, "forbidden");
	ht_resp_free(&r);
	expect_unchanged(&snap, "a mixed batch by the zhuzhou reporter");

	/* the same through the entry form: refused, not written for another region */
	char form[256];
	snprintf(form, sizeof(form), "region=changsha&period=%s&do=save&v_" IND "=3", period);
	snapshot_take(&snap);
	http(&r, "POST", "/entry", &fx.cred[P_REGION], FORM, form, strlen(form));
	assert_int_equal(r.status, 403);
	ht_resp_free(&r);
	expect_unchanged(&snap, "the entry form for changsha by the zhuzhou reporter");
	snprintf(form, sizeof(form), "region=nowhere&period=%s&do=save&v_" IND "=3", period);
	snapshot_take(&snap);
	http(&r, "POST", "/entry", &fx.cred[P_REGION], FORM, form, strlen(form));
	assert_int_equal(r.status, 403);
	ht_resp_free(&r);
	expect_unchanged(&snap, "the entry form for an unknown region");

	/* the same through an import: refused at the upload, and the upload is not kept */
	snprintf(csv, sizeof(csv), "indicator,region,period,value\n" IND ",changsha,%s,3\n", period);
	snapshot_take(&snap);
	http(&r, "POST", "/api/v1/imports?name=other.csv", &fx.cred[P_REGION], "text/csv", csv, strlen(csv));
	ht_expect_error(&r, 403, "forbidden");
	ht_resp_free(&r);
	expect_unchanged(&snap, "an import of changsha values by the zhuzhou reporter");
	snprintf(csv, sizeof(csv), "indicator,region,period,value\ntech_contract_turnover,zhuzhou,%s,3\n", period);
	snapshot_take(&snap);
	http(&r, "POST", "/api/v1/imports?name=other.csv", &fx.cred[P_UNIT], "text/csv", csv, strlen(csv));
	ht_expect_error(&r, 403, "forbidden");
	ht_resp_free(&r);
	expect_unchanged(&snap, "an import of kjt values by the amr reporter");

	/* a draft of another unit and region is invisible, so it cannot be submitted */
	char other[16];
	new_period(other);
	snprintf(body, sizeof(body),
		 "{\"values\":[{\"indicator\":\"tech_contract_turnover\",\"region\":\"changsha\",\"period\":\"%s\",\"value\":7}]}", other);
	json_t *j = api(&fx.kjt_rep, "POST", "/api/v1/values", body, 201);
	long long id = json_integer_value(json_object_get(json_array_get(json_object_get(j, "values"), 0), "id"));
	json_decref(j);
	const enum principal_kind outsiders[] = {P_UNIT, P_REGION};
	for (size_t i = 0; i < 2; i++) {
		char path[128];
		snprintf(path, sizeof(path), "/api/v1/observations/%lld/submit", id);
		snapshot_take(&snap);
		http(&r, "POST", path, &fx.cred[outsiders[i]], JSON, TEXT(""));
		ht_expect_error(&r, 404, "not_found");
		ht_resp_free(&r);
		expect_unchanged(&snap, "submitting another unit's draft");
	}
	/* and another reporter's upload is not theirs to read or commit */
	long long up = upload(&fx.cred[P_REGION]);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/imports/%lld", up);
	http(&r, "GET", path, &fx.cred[P_UNIT], NULL, NULL, 0);
	ht_expect_error(&r, 404, "not_found");
	ht_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/imports/%lld/commit", up);
	snapshot_take(&snap);
	http(&r, "POST", path, &fx.cred[P_UNIT], JSON, TEXT(""));
	ht_expect_error(&r, 404, "not_found");
	ht_resp_free(&r);
	expect_unchanged(&snap, "committing another reporter's upload");
}

/* Whether the answer of GET path as c mentions period. */
static int sees(const struct ht_cred *c, const char *path, const char *needle)
{
	struct ht_resp r;
	http(&r, "GET", path, c, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	int found = strstr(buf_str(&r.body), needle) != NULL;
	ht_resp_free(&r);
	return found;
}

static void test_matrix_drafts_stay_in_scope(void **state)
{
	(void)state;
	char draft[16], submitted[16], approved[16];
	new_period(draft);
	new_period(submitted);
	new_period(approved);
	/* unlikely values, so a page showing them is easy to find */
	(void)enter_value(&fx.cred[P_UNIT], "zhuzhou", draft, 11.11, 0);
	(void)enter_value(&fx.cred[P_UNIT], "zhuzhou", submitted, 22.22, 1);
	(void)move(&fx.cred[P_ANALYST], enter_value(&fx.cred[P_UNIT], "zhuzhou", approved, 33.33, 1), "approve", NULL);

	const struct ht_cred *blind[] = {&fx.cred[P_ANON], &fx.cred[P_READER], &fx.kjt_rep, &fx.cs_rep, &fx.cred[P_EXPIRED]};
	const struct ht_cred *seeing[] = {&fx.cred[P_UNIT], &fx.cred[P_REGION], &fx.cred[P_ANALYST], &fx.cred[P_ADMIN], &fx.cred[P_TOKEN]};
	const char *api_path = "/api/v1/values?indicator=" IND "&region=zhuzhou";
	const char *page_path = "/indicators/" IND "?revisions=1";
	char in_api[3][40], in_page[3][40];
	const char *periods[3] = {draft, submitted, approved};
	for (int k = 0; k < 3; k++) {
		snprintf(in_api[k], sizeof(in_api[k]), "\"period\": \"%s\"", periods[k]);
		snprintf(in_page[k], sizeof(in_page[k]), "<td>%s</td>", periods[k]);
	}
	for (size_t i = 0; i < sizeof(blind) / sizeof(blind[0]); i++) {
		for (int k = 0; k < 2; k++) {
			if (sees(blind[i], api_path, in_api[k]))
				fail_msg("%s sees the %s value in %s", blind[i]->user[0] ? blind[i]->user : "anonymous",
					 k ? "submitted" : "draft", api_path);
			if (sees(blind[i], page_path, in_page[k]))
				fail_msg("%s sees the %s value in %s", blind[i]->user[0] ? blind[i]->user : "anonymous",
					 k ? "submitted" : "draft", page_path);
		}
		/* the public and readers see no draft at all (reporters see their own) */
		if ((blind[i] == &fx.cred[P_ANON] || blind[i] == &fx.cred[P_READER] || blind[i] == &fx.cred[P_EXPIRED]) &&
		    (sees(blind[i], "/api/v1/values?status=draft", "\"status\": \"draft\"") ||
		     sees(blind[i], "/api/v1/values?status=submitted", "\"status\": \"submitted\"")))
			fail_msg("%s sees drafts", blind[i]->user[0] ? blind[i]->user : "anonymous");
	}
	for (size_t i = 0; i < sizeof(seeing) / sizeof(seeing[0]); i++)
		for (int k = 0; k < 3; k++) {
			if (!sees(seeing[i], api_path, in_api[k]))
				fail_msg("%s does not see the value of %s in %s", seeing[i]->user, periods[k], api_path);
			if (!sees(seeing[i], page_path, in_page[k]))
				fail_msg("%s does not see the value of %s in %s", seeing[i]->user, periods[k], page_path);
		}
	/* approved figures are for signed-in users; the public sees published ones only */
	assert_false(sees(&fx.cred[P_ANON], api_path, in_api[2]));
	assert_false(sees(&fx.cred[P_ANON], page_path, in_page[2]));
	assert_true(sees(&fx.cred[P_READER], api_path, in_api[2]));
	assert_true(sees(&fx.kjt_rep, api_path, in_api[2]));
}

/* ---- the workflow ---------------------------------------------------------------------------- */

/* POST /api/v1/observations/ID/TO as c answers status with code, and changes nothing. */
static void expect_move_refused(const struct ht_cred *c, long long id, const char *to, const char *body, long status,
				const char *code)
{
	char path[128];
	struct snapshot snap;
	struct ht_resp r;
	snprintf(path, sizeof(path), "/api/v1/observations/%lld/%s", id, to);
	snapshot_take(&snap);
	http(&r, "POST", path, c, JSON, body, body ? strlen(body) : 0);
	ht_expect_error(&r, status, code);
	ht_resp_free(&r);
	expect_unchanged(&snap, path);
}

static void test_matrix_workflow(void **state)
{
	(void)state;
	char period[16], want[64], got[256];
	new_period(period);
	long long draft = enter_value(&fx.cred[P_UNIT], "zhuzhou", period, 44.5, 0);
	/* reviewing needs the department; a draft is not reviewed */
	expect_move_refused(&fx.cred[P_UNIT], draft, "approve", NULL, 403, "forbidden");
	expect_move_refused(&fx.cred[P_ANALYST], draft, "approve", NULL, 409, "conflict");
	expect_move_refused(&fx.cred[P_ANALYST], draft, "publish", NULL, 409, "conflict");
	long long submitted = move(&fx.cred[P_UNIT], draft, "submit", NULL);
	expect_move_refused(&fx.cred[P_UNIT], submitted, "submit", NULL, 409, "conflict");
	expect_move_refused(&fx.cred[P_ANALYST], submitted, "publish", NULL, 409, "conflict");
	expect_move_refused(&fx.cred[P_ANALYST], draft, "approve", NULL, 409, "conflict"); /* no longer the newest */
	long long approved = move(&fx.cred[P_ANALYST], submitted, "approve", NULL);
	snprintf(want, sizeof(want), "\"period\": \"%s\"", period);
	assert_false(sees(&fx.cred[P_ANON], "/api/v1/values?indicator=" IND "&region=zhuzhou", want));
	expect_move_refused(&fx.cred[P_REGION], approved, "publish", NULL, 403, "forbidden");
	long long published = move(&fx.cred[P_ADMIN], approved, "publish", NULL);
	expect_move_refused(&fx.cred[P_ADMIN], published, "approve", NULL, 409, "conflict");
	expect_move_refused(&fx.cred[P_ADMIN], published, "publish", NULL, 409, "conflict");
	expect_move_refused(&fx.cred[P_ADMIN], published, "submit", NULL, 409, "conflict");

	/* published: the public sees it, and the store holds every step */
	json_t *j = api(NULL, "GET", "/api/v1/values?indicator=" IND "&region=zhuzhou", NULL, 200);
	size_t i, n_found = 0;
	json_t *v;
	json_array_foreach(json_object_get(j, "values"), i, v)
		if (strcmp(json_string_value(json_object_get(v, "period")), period) == 0) {
			n_found++;
			assert_int_equal(json_integer_value(json_object_get(v, "id")), published);
			assert_string_equal(json_string_value(json_object_get(v, "status")), "published");
			assert_int_equal(json_integer_value(json_object_get(v, "revision")), 4);
			assert_true(json_real_value(json_object_get(v, "value")) == 44.5);
		}
	assert_int_equal(n_found, 1);
	json_decref(j);
	assert_string_equal(query_text("SELECT status || '/' || created_by FROM observations WHERE indicator = '" IND "'"
				       " AND region = 'zhuzhou' AND period = (SELECT period FROM observations WHERE id = ?)"
				       " ORDER BY revision",
				       published, got, sizeof(got)),
			    "draft/amr-rep\nsubmitted/amr-rep\napproved/analyst\npublished/admin");

	/* returned with a reason, which is required, then submitted again */
	new_period(period);
	long long sub = enter_value(&fx.cred[P_REGION], "zhuzhou", period, 5.5, 1);
	expect_move_refused(&fx.cred[P_ANALYST], sub, "return", NULL, 422, "missing");
	expect_move_refused(&fx.cred[P_ANALYST], sub, "return", "{\"reason\":\"\"}", 422, "missing");
	expect_move_refused(&fx.cred[P_ANALYST], sub, "return", "{\"why\":\"x\"}", 422, "unknown_field");
	expect_move_refused(&fx.cred[P_ANALYST], sub, "return", "{\"reason\":", 400, "bad_json");
	expect_move_refused(&fx.cred[P_REGION], sub, "return", "{\"reason\":\"no\"}", 403, "forbidden");
	long long ret = move(&fx.cred[P_ANALYST], sub, "return", "{\"reason\":\"cite the statistical bulletin\"}");
	assert_string_equal(query_text("SELECT status || ': ' || reason FROM observations WHERE id = ?", ret, got, sizeof(got)),
			    "returned: cite the statistical bulletin");
	expect_move_refused(&fx.cred[P_ANALYST], ret, "approve", NULL, 409, "conflict");
	long long again = move(&fx.cred[P_REGION], ret, "submit", NULL);
	assert_string_equal(query_text("SELECT status FROM observations WHERE id = ?", again, got, sizeof(got)), "submitted");
	/* an approved value may be returned too */
	long long appr = move(&fx.cred[P_ANALYST], again, "approve", NULL);
	(void)move(&fx.cred[P_ANALYST], appr, "return", "{\"reason\":\"the value was revised\"}");
	/* an id that does not exist */
	expect_move_refused(&fx.cred[P_ANALYST], 99999999, "approve", NULL, 404, "not_found");
}

/* ---- must change password -------------------------------------------------------------------- */

static void test_matrix_must_change_password(void **state)
{
	(void)state;
	struct ht_cred mc;
	struct snapshot snap;
	struct ht_resp r;
	char period[16], body[512];
	ht_signin_ok(fx.srv.url, "mc-analyst", fx.mc_password, &mc);
	json_t *j = api(&mc, "GET", "/api/v1/session", NULL, 200);
	assert_true(json_is_true(json_object_get(json_object_get(j, "user"), "must_change_password")));
	json_decref(j);
	/* reading is allowed */
	json_decref(api(&mc, "GET", "/api/v1/review", NULL, 200));
	json_decref(api(&mc, "GET", "/api/v1/values?indicator=" IND, NULL, 200));
	/* changes are not, until the password is changed */
	new_period(period);
	snprintf(body, sizeof(body), "{\"values\":[{\"indicator\":\"" IND "\",\"region\":\"zhuzhou\",\"period\":\"%s\",\"value\":1}]}",
		 period);
	snapshot_take(&snap);
	http(&r, "POST", "/api/v1/values", &mc, JSON, body, strlen(body));
	ht_expect_error(&r, 403, "password_change_required");
	ht_resp_free(&r);
	expect_unchanged(&snap, "a value by a user who must change their password");
	expect_move_refused(&mc, obs_in("submitted"), "approve", NULL, 403, "password_change_required");
	snapshot_take(&snap);
	http(&r, "PUT", "/api/v1/plan/rules/mc-rule", &mc, JSON, TEXT("{}"));
	ht_expect_error(&r, 403, "forbidden"); /* not an admin: the role is checked first */
	ht_resp_free(&r);
	expect_unchanged(&snap, "a plan edit by an analyst");
	snapshot_take(&snap);
	http(&r, "POST", "/review", &mc, FORM, TEXT("do=approve&id=1"));
	assert_int_equal(r.status, 403);
	ht_resp_free(&r);
	expect_unchanged(&snap, "a review by a user who must change their password");
	/* a weak new password is refused; then the change */
	snprintf(body, sizeof(body), "{\"current\":\"%s\",\"new\":\"short\"}", fx.mc_password);
	snapshot_take(&snap);
	http(&r, "POST", "/api/v1/account/password", &mc, JSON, body, strlen(body));
	ht_expect_error(&r, 422, "weak_password");
	ht_resp_free(&r);
	expect_unchanged(&snap, "a weak password");
	snprintf(body, sizeof(body), "{\"current\":\"%s\",\"new\":\"%s\"}", fx.mc_password, PW);
	j = api(&mc, "POST", "/api/v1/account/password", body, 200);
	assert_true(json_is_true(json_object_get(j, "changed")));
	json_decref(j);
	j = api(&mc, "GET", "/api/v1/session", NULL, 200);
	assert_true(json_is_false(json_object_get(json_object_get(j, "user"), "must_change_password")));
	json_decref(j);
	(void)enter_value(&mc, "zhuzhou", period, 1, 0);
}

/* ---- refusals of every kind write nothing ----------------------------------------------------- */

/* method path as c with a JSON body answers status and code, and changes nothing. */
static void expect_refused(const struct ht_cred *c, const char *method, const char *path, const char *ctype, const char *body,
			   long status, const char *code)
{
	struct snapshot snap;
	struct ht_resp r;
	char what[600];
	snprintf(what, sizeof(what), "%s %s %s", method, path, body ? body : "");
	snapshot_take(&snap);
	http(&r, method, path, c, ctype, body, body ? strlen(body) : 0);
	if (code) {
		ht_expect_error(&r, status, code);
	} else if (r.status != status) {
		fail_msg("%s: expected %ld, got %ld", what, status, r.status);
	}
	ht_resp_free(&r);
	expect_unchanged(&snap, what);
}

static void test_matrix_invalid_requests_write_nothing(void **state)
{
	(void)state;
	const struct ht_cred *admin = &fx.cred[P_ADMIN];
	/* a PATCH is checked whole before any of it is written */
	expect_refused(admin, "PATCH", "/api/v1/users/victim", JSON, "{\"role\":\"analyst\",\"password\":\"short\"}", 422,
		       "weak_password");
	expect_refused(admin, "PATCH", "/api/v1/users/admin", JSON, "{\"role\":\"reader\",\"disabled\":true}", 422, "self");
	expect_refused(admin, "PATCH", "/api/v1/users/victim", JSON, "{\"role\":\"analyst\",\"password\":12345678901}", 422,
		       "bad_type");
	expect_refused(admin, "PATCH", "/api/v1/users/victim", JSON, "{\"role\":\"analyst\",\"disabled\":\"yes\"}", 422,
		       "bad_type");
	expect_refused(admin, "PATCH", "/api/v1/users/victim", JSON, "{\"role\":\"unit_reporter\",\"unit\":\"nowhere\"}", 422,
		       "unknown_reference");
	expect_refused(admin, "PATCH", "/api/v1/users/victim", JSON, "{\"role\":\"unit_reporter\"}", 422, "bad_value");
	expect_refused(admin, "PATCH", "/api/v1/users/victim", JSON, "{\"role\":\"root\"}", 422, "bad_value");
	expect_refused(admin, "PATCH", "/api/v1/users/nobody", JSON, "{\"disabled\":true}", 404, "not_found");
	expect_refused(admin, "POST", "/api/v1/users", JSON, "{\"name\":\"Bad Name\",\"role\":\"reader\"}", 422, "bad_value");
	expect_refused(admin, "POST", "/api/v1/users", JSON, "{\"name\":\"victim\",\"role\":\"reader\"}", 409, "conflict");
	expect_refused(admin, "POST", "/api/v1/users", JSON, "{\"name\":\"weak\",\"role\":\"reader\",\"password\":\"x\"}", 422,
		       "weak_password");
	expect_refused(admin, "POST", "/api/v1/users", JSON,
		       "{\"name\":\"nowhere-rep\",\"role\":\"region_reporter\",\"region\":\"atlantis\"}", 422,
		       "unknown_reference");
	/* plan edits that do not pass the plan's checks */
	expect_refused(admin, "PUT", "/api/v1/plan/targets/" IND "/zhuzhou/2030", JSON, "{\"comparator\":\"=<\",\"value\":1}", 422,
		       "invalid");
	expect_refused(admin, "PUT", "/api/v1/plan/targets/nope/zhuzhou/2030", JSON, "{\"comparator\":\">=\",\"value\":1}", 422,
		       "invalid");
	expect_refused(admin, "PUT", "/api/v1/plan/indicators/brand_new", JSON, "{\"name_en\":\"x\"}", 422, "invalid");
	expect_refused(admin, "PUT", "/api/v1/plan/rules/r1", JSON, "{\"kind\":\"frobnicate\",\"applies\":\"*\"}", 422,
		       "invalid");
	expect_refused(admin, "PUT", "/api/v1/plan/measures/1", JSON, "{\"lead\":[\"nobody\"]}", 422, "invalid");
	expect_refused(admin, "DELETE", "/api/v1/plan/rules/no-such-rule", NULL, NULL, 404, "not_found");
	expect_refused(admin, "DELETE", "/api/v1/plan/targets/" IND "/zhuzhou/1999", NULL, NULL, 404, "not_found");
	/* values that do not pass the import checks */
	expect_refused(admin, "POST", "/api/v1/values", JSON,
		       "{\"values\":[{\"indicator\":\"nope\",\"region\":\"zhuzhou\",\"period\":\"2024\",\"value\":1}]}", 422,
		       "invalid");
	expect_refused(admin, "POST", "/api/v1/values", JSON,
		       "{\"values\":[{\"indicator\":\"" IND "\",\"region\":\"zhuzhou\",\"period\":\"2024\",\"value\":-1}]}", 422,
		       "invalid");
	expect_refused(admin, "POST", "/api/v1/values", JSON, "{\"values\":[]}", 422, "missing");
	expect_refused(admin, "POST", "/api/v1/values", JSON, "{\"values\":[1],\"submit\":\"yes\"}", 422, "bad_type");
	expect_refused(admin, "POST", "/api/v1/imports", "text/csv", "", 422, "missing");
	expect_refused(admin, "POST", "/api/v1/observations/abc/approve", JSON, "", 404, "not_found");
}

/* The CSRF token may come in a form field (HTML forms without JavaScript); a foreign Origin is
 * refused whatever the credentials. */
static void test_matrix_csrf_in_forms_and_origin(void **state)
{
	(void)state;
	struct ht_cred no_header = fx.cred[P_ADMIN];
	no_header.csrf[0] = '\0';
	struct ht_resp r;
	char form[256];
	snprintf(form, sizeof(form), "do=role&role=reader&csrf=%s", fx.cred[P_ADMIN].csrf);
	http(&r, "POST", "/admin/users/victim", &no_header, FORM, form, strlen(form));
	assert_int_equal(r.status, 200);
	ht_resp_free(&r);
	expect_refused(&no_header, "POST", "/admin/users/victim", FORM, "do=disable&csrf=wrong", 403, NULL);
	/* multipart: the file upload form */
	char period[16], body[1024];
	new_period(period);
	snprintf(body, sizeof(body),
		 "--b0undary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
		 "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.csv\"\r\n\r\n"
		 "indicator,region,period,value\n" IND ",zhuzhou,%s,2\n\r\n--b0undary--\r\n",
		 fx.cred[P_ADMIN].csrf, period);
	http(&r, "POST", "/entry/import", &no_header, "multipart/form-data; boundary=b0undary", body, strlen(body));
	assert_int_equal(r.status, 303);
	ht_resp_free(&r);
	char *field = strstr(body, fx.cred[P_ADMIN].csrf);
	memset(field, 'A', strlen(fx.cred[P_ADMIN].csrf));
	expect_refused(&no_header, "POST", "/entry/import", "multipart/form-data; boundary=b0undary", body, 403, NULL);
	/* another site's page posting with the user's cookie and even the right token */
	struct ht_cred foreign = fx.cred[P_ADMIN];
	snprintf(foreign.extra, sizeof(foreign.extra), "Origin: http://evil.example");
	expect_refused(&foreign, "POST", "/api/v1/values", JSON,
		       "{\"values\":[{\"indicator\":\"" IND "\",\"region\":\"zhuzhou\",\"period\":\"2024\",\"value\":1}]}", 403,
		       "csrf");
	struct ht_cred token = fx.cred[P_TOKEN];
	snprintf(token.extra, sizeof(token.extra), "Origin: http://evil.example");
	expect_refused(&token, "PATCH", "/api/v1/users/victim", JSON, "{\"disabled\":true}", 403, "csrf");
	/* the server's own origin is fine */
	struct ht_cred own = fx.cred[P_ADMIN];
	snprintf(own.extra, sizeof(own.extra), "Origin: %s", fx.srv.url);
	json_decref(api(&own, "PATCH", "/api/v1/users/victim", "{\"role\":\"reader\"}", 200));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix_principals),
		cmocka_unit_test(test_matrix_covers_route_table),
		cmocka_unit_test(test_matrix_every_route_every_principal),
		cmocka_unit_test(test_matrix_other_region_and_unit),
		cmocka_unit_test(test_matrix_drafts_stay_in_scope),
		cmocka_unit_test(test_matrix_workflow),
		cmocka_unit_test(test_matrix_must_change_password),
		cmocka_unit_test(test_matrix_invalid_requests_write_nothing),
		cmocka_unit_test(test_matrix_csrf_in_forms_and_origin),
	};
	return cmocka_run_group_tests_name("matrix", tests, group_setup, group_teardown);
}
