/* test_route.c - unit tests of web/route.c: the route table and www/openapi.json describe
 * the same API (every OpenAPI path and method is a route and every API route is in the
 * document, with the same action as x-innomon-action), only sign-in changes state without a
 * signed-in user, and route_find matches segments, fills parameters and lists Allow methods.
 * INNOMON_SOURCE_ROOT names the source tree (for www/openapi.json). */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "web/route.h"
#include "base/banned.h"

static json_t *openapi;

static int group_setup(void **state)
{
	(void)state;
	const char *src = getenv("INNOMON_SOURCE_ROOT");
	char path[1024];
	json_error_t err;
	if (!src) {
		fprintf(stderr, "INNOMON_SOURCE_ROOT must be set\n");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/www/openapi.json", src);
	openapi = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
	if (!openapi)
		fprintf(stderr, "%s:%d: %s\n", path, err.line, err.text);
	return openapi ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	json_decref(openapi);
	return 0;
}

/* An OpenAPI path ("/a/{id}/b") as a route pattern ("/a/:id/b") in out. */
static void as_pattern(const char *path, char *out, size_t cap)
{
	size_t n = 0;
	for (const char *p = path; *p && n + 1 < cap; p++) {
		if (*p == '{')
			out[n++] = ':';
		else if (*p != '}')
			out[n++] = *p;
	}
	out[n] = '\0';
}

/* The route with this method and pattern, or NULL. */
static const struct route *route_of(const char *method, const char *pattern)
{
	size_t n;
	const struct route *t = route_table(&n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].method, method) == 0 && strcmp(t[i].pattern, pattern) == 0)
			return &t[i];
	return NULL;
}

static void upper(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	for (; *s && n + 1 < cap; s++)
		out[n++] = (char)(*s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s);
	out[n] = '\0';
}

static int is_http_method(const char *key)
{
	static const char *const methods[] = {"get", "put", "post", "delete", "patch", "head", "options", "trace"};
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(key, methods[i]) == 0)
			return 1;
	return 0;
}

static void test_route_every_openapi_operation_is_a_route(void **state)
{
	(void)state;
	const char *path, *method;
	json_t *item, *op;
	size_t n_ops = 0, n_bad = 0;
	json_object_foreach(json_object_get(openapi, "paths"), path, item) {
		json_object_foreach(item, method, op) {
			if (!is_http_method(method))
				continue;
			char pattern[256], m[16];
			as_pattern(path, pattern, sizeof(pattern));
			upper(method, m, sizeof(m));
			n_ops++;
			const struct route *rt = route_of(m, pattern);
			if (!rt) {
				fprintf(stderr, "# openapi.json has %s %s, the route table does not\n", m, path);
				n_bad++;
				continue;
			}
			if (rt->kind != ROUTE_API) {
				fprintf(stderr, "# %s %s is in openapi.json but is not an API route\n", m, path);
				n_bad++;
			}
			const char *action = json_string_value(json_object_get(op, "x-innomon-action"));
			if (!action || strcmp(action, action_name(rt->need)) != 0) {
				fprintf(stderr, "# %s %s: openapi.json says x-innomon-action %s, the route needs %s\n", m, path,
					action ? action : "(none)", action_name(rt->need));
				n_bad++;
			}
		}
	}
	assert_true(n_ops >= 30);
	assert_int_equal(n_bad, 0);
}

static void test_route_every_api_route_is_in_openapi(void **state)
{
	(void)state;
	size_t n, n_api = 0, n_bad = 0;
	const struct route *t = route_table(&n);
	json_t *paths = json_object_get(openapi, "paths");
	for (size_t i = 0; i < n; i++) {
		if (t[i].kind != ROUTE_API && strncmp(t[i].pattern, "/api/", 5) != 0)
			continue;
		n_api++;
		/* the OpenAPI path of the pattern: ":name" segments become "{name}" */
		char path[256], method[16];
		size_t k = 0;
		for (const char *p = t[i].pattern; *p && k + 2 < sizeof(path);) {
			if (*p == ':') {
				path[k++] = '{';
				p++;
				while (*p && *p != '/' && k + 2 < sizeof(path))
					path[k++] = *p++;
				path[k++] = '}';
			} else {
				path[k++] = *p++;
			}
		}
		path[k] = '\0';
		snprintf(method, sizeof(method), "%s", t[i].method);
		for (char *c = method; *c; c++)
			*c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
		if (!json_object_get(json_object_get(paths, path), method)) {
			fprintf(stderr, "# route %s %s (%s) is not in www/openapi.json\n", t[i].method, t[i].pattern, t[i].name);
			n_bad++;
		}
		if (strncmp(t[i].pattern, "/api/", 5) == 0 && t[i].kind != ROUTE_API) {
			fprintf(stderr, "# route %s %s is under /api/ but not an API route\n", t[i].method, t[i].pattern);
			n_bad++;
		}
	}
	assert_true(n_api >= 30);
	assert_int_equal(n_bad, 0);
}

/* The only state changes open to anonymous visitors are signing in. */
static void test_route_state_changes_need_a_user(void **state)
{
	(void)state;
	size_t n;
	const struct route *t = route_table(&n);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(t[i].method, "GET") == 0 || t[i].need != ACT_READ_PUBLIC)
			continue;
		if ((strcmp(t[i].method, "POST") == 0 && strcmp(t[i].pattern, "/api/v1/session") == 0) ||
		    (strcmp(t[i].method, "POST") == 0 && strcmp(t[i].pattern, "/signin") == 0))
			continue;
		fail_msg("%s %s changes state and is open to anonymous visitors", t[i].method, t[i].pattern);
	}
}

/* Every route has a handler, a unique method and pattern, and a unique name (metrics). */
static void test_route_table_is_well_formed(void **state)
{
	(void)state;
	size_t n;
	const struct route *t = route_table(&n);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(t[i].handler);
		assert_true(t[i].pattern[0] == '/');
		assert_true(t[i].need < ACT__COUNT);
		assert_true(t[i].name && *t[i].name);
		for (size_t k = i + 1; k < n; k++) {
			if (strcmp(t[i].method, t[k].method) == 0 && strcmp(t[i].pattern, t[k].pattern) == 0)
				fail_msg("%s %s is declared twice", t[i].method, t[i].pattern);
			if (strcmp(t[i].name, t[k].name) == 0)
				fail_msg("two routes are named %s", t[i].name);
		}
	}
}

static void test_route_find_matches_and_fills_params(void **state)
{
	(void)state;
	struct req r;
	const char *allow;
	memset(&r, 0, sizeof(r));
	r.arena = arena_new();
	const struct route *rt = route_find(&r, "PUT", "/api/v1/plan/targets/rd_intensity/changsha/2025", &allow);
	assert_non_null(rt);
	assert_string_equal(rt->name, "api_plan_target_put");
	assert_int_equal(rt->need, ACT_EDIT_PLAN);
	assert_int_equal(r.n_params, 3);
	assert_string_equal(r.params[0], "rd_intensity");
	assert_string_equal(r.params[1], "changsha");
	assert_string_equal(r.params[2], "2025");
	assert_null(allow);

	rt = route_find(&r, "POST", "/api/v1/observations/42/approve", &allow);
	assert_non_null(rt);
	assert_int_equal(rt->need, ACT_REVIEW_VALUES);
	assert_string_equal(r.params[0], "42");

	/* HEAD is answered by the GET route */
	rt = route_find(&r, "HEAD", "/api/v1/plan", &allow);
	assert_non_null(rt);
	assert_string_equal(rt->method, "GET");

	/* a known path with another method: no route, and the methods it takes */
	assert_null(route_find(&r, "PATCH", "/api/v1/session", &allow));
	assert_non_null(allow);
	assert_string_equal(allow, "POST, GET, DELETE");
	assert_int_equal(r.n_params, 0);

	/* an empty segment, an extra segment and an unknown path match nothing */
	assert_null(route_find(&r, "GET", "/api/v1/indicators/", &allow));
	assert_null(allow);
	assert_null(route_find(&r, "GET", "/api/v1/indicators/x/y", &allow));
	assert_null(route_find(&r, "GET", "/api/v2/plan", &allow));
	assert_null(route_find(&r, "GET", "", &allow));
	arena_free(r.arena);
}

/* The body limit column: file imports and evidence have theirs, found from the request line
 * alone; everything else (GETs, unknown paths, other methods) the form limit; only a POST
 * carries a file. */
static void test_route_body_of(void **state)
{
	(void)state;
	assert_int_equal(route_body_of("POST", "/api/v1/imports"), ROUTE_BODY_FILE);
	assert_int_equal(route_body_of("POST", "/entry/import"), ROUTE_BODY_FILE);
	assert_int_equal(route_body_of("POST", "/api/v1/registries/talents"), ROUTE_BODY_FILE);
	assert_int_equal(route_body_of("POST", "/admin/supervision/import"), ROUTE_BODY_FILE);
	assert_int_equal(route_body_of("POST", "/api/v1/progress-reports/2025Q3/1/kjt/evidence"), ROUTE_BODY_EVIDENCE);
	assert_int_equal(route_body_of("POST", "/reporting/evidence"), ROUTE_BODY_EVIDENCE);
	assert_int_equal(route_body_of("POST", "/api/v1/values"), ROUTE_BODY_FORM);
	assert_int_equal(route_body_of("GET", "/api/v1/imports/3"), ROUTE_BODY_FORM);
	assert_int_equal(route_body_of("PUT", "/api/v1/imports"), ROUTE_BODY_FORM);
	assert_int_equal(route_body_of("POST", "/api/v1/progress-reports/2025Q3/1/kjt/x/evidence"), ROUTE_BODY_FORM);
	assert_int_equal(route_body_of("POST", "/no/such/path"), ROUTE_BODY_FORM);
	size_t n;
	const struct route *t = route_table(&n);
	for (size_t i = 0; i < n; i++)
		if (t[i].body != ROUTE_BODY_FORM && strcmp(t[i].method, "POST") != 0)
			fail_msg("%s %s takes a file but is no POST", t[i].method, t[i].pattern);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_every_openapi_operation_is_a_route),
		cmocka_unit_test(test_route_every_api_route_is_in_openapi),
		cmocka_unit_test(test_route_state_changes_need_a_user),
		cmocka_unit_test(test_route_table_is_well_formed),
		cmocka_unit_test(test_route_find_matches_and_fills_params),
		cmocka_unit_test(test_route_body_of),
	};
	return cmocka_run_group_tests_name("web/route", tests, group_setup, group_teardown);
}
