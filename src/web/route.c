/* route.c - the route table and a segment matcher. */
#include <string.h>

#include "web/route.h"
#include "base/banned.h"

static const struct route routes[] = {
	{"GET", "/", page_plan, ROUTE_PAGE, "plan"},
	{"GET", "/measures/:n", page_measure, ROUTE_PAGE, "measure"},
	{"GET", "/units", page_units, ROUTE_PAGE, "units"},
	{"GET", "/units/:code", page_unit, ROUTE_PAGE, "unit"},
	{"GET", "/indicators/:code", page_indicator, ROUTE_PAGE, "indicator"},
	{"GET", "/api/v1/plan", api_plan, ROUTE_API, "api_plan"},
	{"GET", "/api/v1/indicators", api_indicators, ROUTE_API, "api_indicators"},
	{"GET", "/api/v1/indicators/:code", api_indicator, ROUTE_API, "api_indicator"},
	{"GET", "/api/v1/progress", api_progress, ROUTE_API, "api_progress"},
	{"GET", "/healthz", api_health, ROUTE_API, "healthz"},
	{"GET", "/static/:file", static_asset, ROUTE_STATIC, "static"},
};

/* Match pattern against path, capturing :name segments into r->params. */
static int match(struct req *r, const char *pattern, const char *path)
{
	size_t n = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == ':') {
			const char *seg_end = strchr(s, '/');
			size_t len = seg_end ? (size_t)(seg_end - s) : strlen(s);
			if (len == 0 || n == REQ_MAX_PARAMS)
				return 0;
			r->params[n++] = arena_strndup(r->arena, s, len);
			s += len;
			while (*p && *p != '/')
				p++;
			continue;
		}
		if (*p != *s)
			return 0;
		p++, s++;
	}
	if (*p || *s)
		return 0;
	r->n_params = n;
	return 1;
}

const struct route *route_find(struct req *r, const char *method, const char *path, int *is_path_known)
{
	*is_path_known = 0;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (!match(r, routes[i].pattern, path))
			continue;
		if (strcmp(routes[i].method, method) == 0 || (strcmp(method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0))
			return &routes[i];
		*is_path_known = 1;
	}
	r->n_params = 0;
	return NULL;
}
