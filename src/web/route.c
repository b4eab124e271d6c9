/* route.c - the route table (with each route's body limit) and a segment matcher. */
#include <string.h>

#include "web/route.h"
#include "base/banned.h"

#define PUB ACT_READ_PUBLIC
/* the body limit column (enum route_body): forms and JSON; file imports; evidence files */
#define BODY ROUTE_BODY_FORM
#define UPLOAD ROUTE_BODY_FILE
#define EVIDENCE ROUTE_BODY_EVIDENCE

static const struct route routes[] = {
	/* pages */
	{"GET", "/", page_dashboard, ROUTE_PAGE, PUB, "dashboard", BODY},
	{"GET", "/plan", page_plan, ROUTE_PAGE, PUB, "plan", BODY},
	{"GET", "/plans", page_plans, ROUTE_PAGE, PUB, "plans", BODY},
	{"GET", "/regions/:code", page_region, ROUTE_PAGE, PUB, "region", BODY},
	{"GET", "/measures/:n", page_measure, ROUTE_PAGE, PUB, "measure", BODY},
	{"GET", "/units", page_units, ROUTE_PAGE, PUB, "units", BODY},
	{"GET", "/units/:code", page_unit, ROUTE_PAGE, PUB, "unit", BODY},
	{"GET", "/indicators/:code", page_indicator, ROUTE_PAGE, PUB, "indicator", BODY},
	{"GET", "/indicators/:code/chart.svg", page_indicator_chart_svg, ROUTE_PAGE, PUB, "indicator_chart_svg", BODY},
	{"GET", "/indicators/:code/chart.png", page_indicator_chart_png, ROUTE_PAGE, PUB, "indicator_chart_png", BODY},
	{"POST", "/indicators/:code/review", page_indicator_review_post, ROUTE_PAGE, ACT_REVIEW_VALUES, "indicator_review", BODY},
	{"GET", "/signin", page_signin, ROUTE_PAGE, PUB, "signin", BODY},
	{"POST", "/signin", page_signin_post, ROUTE_PAGE, PUB, "signin_post", BODY},
	{"POST", "/signout", page_signout_post, ROUTE_PAGE, ACT_OWN_ACCOUNT, "signout", BODY},
	{"GET", "/account", page_account, ROUTE_PAGE, ACT_OWN_ACCOUNT, "account", BODY},
	{"POST", "/account/password", page_account_password_post, ROUTE_PAGE, ACT_OWN_ACCOUNT, "account_password", BODY},
	{"GET", "/entry", page_entry, ROUTE_PAGE, ACT_WRITE_VALUES, "entry", BODY},
	{"POST", "/entry", page_entry_post, ROUTE_PAGE, ACT_WRITE_VALUES, "entry_post", BODY},
	{"GET", "/entry/template.xlsx", page_entry_template, ROUTE_PAGE, ACT_WRITE_VALUES, "entry_template", BODY},
	{"GET", "/entry/import", page_import, ROUTE_PAGE, ACT_WRITE_VALUES, "import", BODY},
	{"POST", "/entry/import", page_import_post, ROUTE_PAGE, ACT_WRITE_VALUES, "import_post", UPLOAD},
	{"GET", "/entry/imports/:id", page_import_preview, ROUTE_PAGE, ACT_WRITE_VALUES, "import_preview", BODY},
	{"POST", "/entry/imports/:id/commit", page_import_commit, ROUTE_PAGE, ACT_WRITE_VALUES, "import_commit", BODY},
	{"POST", "/entry/imports/:id/cancel", page_import_cancel, ROUTE_PAGE, ACT_WRITE_VALUES, "import_cancel", BODY},
	{"GET", "/review", page_review, ROUTE_PAGE, ACT_REVIEW_VALUES, "review", BODY},
	{"POST", "/review", page_review_post, ROUTE_PAGE, ACT_REVIEW_VALUES, "review_post", BODY},
	{"GET", "/admin/users", page_admin_users, ROUTE_PAGE, ACT_MANAGE_USERS, "admin_users", BODY},
	{"POST", "/admin/users", page_admin_users_post, ROUTE_PAGE, ACT_MANAGE_USERS, "admin_users_post", BODY},
	{"POST", "/admin/users/:name", page_admin_user_post, ROUTE_PAGE, ACT_MANAGE_USERS, "admin_user_post", BODY},
	{"GET", "/admin/plan", page_admin_plan, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_plan", BODY},
	{"POST", "/admin/plan/targets/:indicator/:region/:year", page_admin_target_post, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_target_post", BODY},
	{"POST", "/admin/plan/rules", page_admin_rule_add, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_rule_add", BODY},
	{"POST", "/admin/plan/rules/:code", page_admin_rule_post, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_rule_post", BODY},
	{"GET", "/admin/plan/indicators/:code", page_admin_indicator, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_indicator", BODY},
	{"POST", "/admin/plan/indicators/:code", page_admin_indicator_post, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_indicator_post", BODY},
	{"GET", "/admin/supervision", page_admin_supervision, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_supervision", BODY},
	{"POST", "/admin/supervision/rules/:code", page_admin_sup_rule_post, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_sup_rule_post", BODY},
	{"POST", "/admin/supervision/milestones", page_admin_milestone_add, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_milestone_add", BODY},
	{"POST", "/admin/supervision/milestones/:code", page_admin_milestone_post, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_milestone_post", BODY},
	{"POST", "/admin/supervision/import", page_admin_milestones_import, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_milestones_import", UPLOAD},
	{"GET", "/admin/audit", page_admin_audit, ROUTE_PAGE, ACT_READ_AUDIT, "admin_audit", BODY},
	/* task supervision: reporting, review, notices, inbox, scorecards (page_reporting.c,
	 * page_supervision.c, page_notices.c, page_scorecards.c) */
	{"GET", "/reporting", page_reporting, ROUTE_PAGE, ACT_WRITE_REPORT, "reporting", BODY},
	{"POST", "/reporting", page_reporting_post, ROUTE_PAGE, ACT_WRITE_REPORT, "reporting_post", BODY},
	{"POST", "/reporting/evidence", page_reporting_evidence, ROUTE_PAGE, ACT_WRITE_REPORT, "reporting_evidence", EVIDENCE},
	{"GET", "/reporting/:period/:measure/:unit", page_progress_report, ROUTE_PAGE, ACT_READ_INTERNAL, "progress_report", BODY},
	{"GET", "/supervision", page_supervision, ROUTE_PAGE, ACT_SUPERVISE, "supervision", BODY},
	{"POST", "/supervision", page_supervision_post, ROUTE_PAGE, ACT_SUPERVISE, "supervision_post", BODY},
	{"GET", "/notices", page_notices, ROUTE_PAGE, ACT_READ_INTERNAL, "notices", BODY},
	{"POST", "/notices", page_notices_post, ROUTE_PAGE, ACT_SUPERVISE, "notices_post", BODY},
	{"GET", "/notices/:id", page_notice, ROUTE_PAGE, ACT_READ_INTERNAL, "notice", BODY},
	{"POST", "/notices/:id/reply", page_notice_reply, ROUTE_PAGE, ACT_WRITE_REPORT, "notice_reply", BODY},
	{"POST", "/notices/:id/close", page_notice_close, ROUTE_PAGE, ACT_SUPERVISE, "notice_close", BODY},
	{"GET", "/inbox", page_inbox, ROUTE_PAGE, ACT_OWN_ACCOUNT, "inbox", BODY},
	{"POST", "/inbox", page_inbox_post, ROUTE_PAGE, ACT_OWN_ACCOUNT, "inbox_post", BODY},
	{"GET", "/scorecards", page_scorecards, ROUTE_PAGE, ACT_READ_INTERNAL, "scorecards", BODY},
	{"GET", "/matrix", page_matrix, ROUTE_PAGE, ACT_READ_INTERNAL, "matrix", BODY},
	{"GET", "/search", page_search, ROUTE_PAGE, PUB, "search", BODY},
	{"GET", "/reporting-status", page_reporting_status, ROUTE_PAGE, PUB, "reporting_status", BODY},
	{"GET", "/map", page_map, ROUTE_PAGE, PUB, "map", BODY},
	{"GET", "/registries", page_registries, ROUTE_PAGE, ACT_READ_INTERNAL, "registries", BODY},
	{"POST", "/registries", page_registries_post, ROUTE_PAGE, ACT_REVIEW_VALUES, "registries_post", UPLOAD},
	{"GET", "/pipeline", page_pipeline, ROUTE_PAGE, PUB, "pipeline", BODY},
	{"GET", "/firms", page_firms, ROUTE_PAGE, ACT_READ_INTERNAL, "firms", BODY},
	{"GET", "/firms/:code", page_firm, ROUTE_PAGE, ACT_READ_INTERNAL, "firm", BODY},
	{"GET", "/reports", page_reports, ROUTE_PAGE, PUB, "reports", BODY},
	{"GET", "/reports/evaluation", page_report_evaluation, ROUTE_PAGE, PUB, "report_evaluation", BODY},
	/* read API */
	{"GET", "/api/v1/plan", api_plan, ROUTE_API, PUB, "api_plan", BODY},
	{"GET", "/api/v1/plans", api_plans, ROUTE_API, PUB, "api_plans", BODY},
	{"GET", "/api/v1/indicators", api_indicators, ROUTE_API, PUB, "api_indicators", BODY},
	{"GET", "/api/v1/indicators/:code", api_indicator, ROUTE_API, PUB, "api_indicator", BODY},
	{"GET", "/api/v1/progress", api_progress, ROUTE_API, PUB, "api_progress", BODY},
	{"GET", "/api/v1/export", api_export, ROUTE_API, PUB, "api_export", BODY},
	{"GET", "/api/v1/openapi.json", api_openapi, ROUTE_API, PUB, "api_openapi", BODY},
	{"GET", "/api/v1/pipeline", api_pipeline, ROUTE_API, PUB, "api_pipeline", BODY},
	{"GET", "/api/v1/firms", api_firms, ROUTE_API, ACT_READ_INTERNAL, "api_firms", BODY},
	{"GET", "/api/v1/firms/:code", api_firm, ROUTE_API, ACT_READ_INTERNAL, "api_firm", BODY},
	/* sessions and accounts */
	{"POST", "/api/v1/session", api_session_create, ROUTE_API, PUB, "api_session_create", BODY},
	{"GET", "/api/v1/session", api_session_get, ROUTE_API, ACT_OWN_ACCOUNT, "api_session_get", BODY},
	{"DELETE", "/api/v1/session", api_session_delete, ROUTE_API, ACT_OWN_ACCOUNT, "api_session_delete", BODY},
	{"POST", "/api/v1/account/password", api_account_password, ROUTE_API, ACT_OWN_ACCOUNT, "api_account_password", BODY},
	/* values and their workflow */
	{"GET", "/api/v1/values", api_values_get, ROUTE_API, PUB, "api_values_get", BODY},
	{"POST", "/api/v1/values", api_values_post, ROUTE_API, ACT_WRITE_VALUES, "api_values_post", BODY},
	{"POST", "/api/v1/reviews", api_reviews_post, ROUTE_API, ACT_REVIEW_VALUES, "api_reviews_post", BODY},
	{"POST", "/api/v1/observations/:id/submit", api_obs_submit, ROUTE_API, ACT_WRITE_VALUES, "api_obs_submit", BODY},
	{"POST", "/api/v1/observations/:id/approve", api_obs_approve, ROUTE_API, ACT_REVIEW_VALUES, "api_obs_approve", BODY},
	{"POST", "/api/v1/observations/:id/return", api_obs_return, ROUTE_API, ACT_REVIEW_VALUES, "api_obs_return", BODY},
	{"POST", "/api/v1/observations/:id/publish", api_obs_publish, ROUTE_API, ACT_PUBLISH_VALUES, "api_obs_publish", BODY},
	{"GET", "/api/v1/review", api_review, ROUTE_API, ACT_REVIEW_VALUES, "api_review", BODY},
	{"POST", "/api/v1/imports", api_imports_post, ROUTE_API, ACT_WRITE_VALUES, "api_imports_post", UPLOAD},
	{"GET", "/api/v1/imports/:id", api_import_get, ROUTE_API, ACT_WRITE_VALUES, "api_import_get", BODY},
	{"POST", "/api/v1/imports/:id/commit", api_import_commit, ROUTE_API, ACT_WRITE_VALUES, "api_import_commit", BODY},
	{"POST", "/api/v1/imports/:id/cancel", api_import_cancel, ROUTE_API, ACT_WRITE_VALUES, "api_import_cancel", BODY},
	/* plan edits: each is a new plan version */
	{"PUT", "/api/v1/plan/indicators/:code", api_plan_indicator_put, ROUTE_API, ACT_EDIT_PLAN, "api_plan_indicator_put", BODY},
	{"PUT", "/api/v1/plan/targets/:indicator/:region/:year", api_plan_target_put, ROUTE_API, ACT_EDIT_PLAN, "api_plan_target_put", BODY},
	{"DELETE", "/api/v1/plan/targets/:indicator/:region/:year", api_plan_target_delete, ROUTE_API, ACT_EDIT_PLAN, "api_plan_target_delete", BODY},
	{"PUT", "/api/v1/plan/measures/:n", api_plan_measure_put, ROUTE_API, ACT_EDIT_PLAN, "api_plan_measure_put", BODY},
	{"PUT", "/api/v1/plan/units/:code", api_plan_unit_put, ROUTE_API, ACT_EDIT_PLAN, "api_plan_unit_put", BODY},
	{"PUT", "/api/v1/plan/rules/:code", api_plan_rule_put, ROUTE_API, ACT_EDIT_PLAN, "api_plan_rule_put", BODY},
	{"DELETE", "/api/v1/plan/rules/:code", api_plan_rule_delete, ROUTE_API, ACT_EDIT_PLAN, "api_plan_rule_delete", BODY},
	/* administration */
	{"GET", "/api/v1/users", api_users_get, ROUTE_API, ACT_MANAGE_USERS, "api_users_get", BODY},
	{"POST", "/api/v1/users", api_users_post, ROUTE_API, ACT_MANAGE_USERS, "api_users_post", BODY},
	{"PATCH", "/api/v1/users/:name", api_user_patch, ROUTE_API, ACT_MANAGE_USERS, "api_user_patch", BODY},
	{"GET", "/api/v1/audit", api_audit, ROUTE_API, ACT_READ_AUDIT, "api_audit", BODY},
	/* task supervision (api_cycles.c, api_reports.c, api_notices.c) */
	{"GET", "/api/v1/cycles", api_cycles_get, ROUTE_API, ACT_READ_INTERNAL, "api_cycles_get", BODY},
	{"POST", "/api/v1/cycles", api_cycles_post, ROUTE_API, ACT_SUPERVISE, "api_cycles_post", BODY},
	{"GET", "/api/v1/cycles/:period", api_cycle_get, ROUTE_API, ACT_READ_INTERNAL, "api_cycle_get", BODY},
	{"POST", "/api/v1/cycles/:period/close", api_cycle_close, ROUTE_API, ACT_SUPERVISE, "api_cycle_close", BODY},
	{"GET", "/api/v1/progress-reports", api_reports_get, ROUTE_API, ACT_READ_INTERNAL, "api_reports_get", BODY},
	{"GET", "/api/v1/progress-reports/:period/:measure/:unit", api_report_get, ROUTE_API, ACT_READ_INTERNAL, "api_report_get", BODY},
	{"PUT", "/api/v1/progress-reports/:period/:measure/:unit", api_report_put, ROUTE_API, ACT_WRITE_REPORT, "api_report_put", BODY},
	{"POST", "/api/v1/progress-reports/:period/:measure/:unit/submit", api_report_submit, ROUTE_API, ACT_WRITE_REPORT, "api_report_submit", BODY},
	{"POST", "/api/v1/progress-reports/:period/:measure/:unit/approve", api_report_approve, ROUTE_API, ACT_SUPERVISE, "api_report_approve", BODY},
	{"POST", "/api/v1/progress-reports/:period/:measure/:unit/return", api_report_return, ROUTE_API, ACT_SUPERVISE, "api_report_return", BODY},
	{"POST", "/api/v1/progress-reports/:period/:measure/:unit/evidence", api_report_evidence, ROUTE_API, ACT_WRITE_REPORT, "api_report_evidence", EVIDENCE},
	{"GET", "/api/v1/evidence/:id", api_evidence_get, ROUTE_API, ACT_READ_INTERNAL, "api_evidence_get", BODY},
	{"GET", "/api/v1/milestones", api_milestones_get, ROUTE_API, ACT_READ_INTERNAL, "api_milestones_get", BODY},
	{"PUT", "/api/v1/milestones/:code", api_milestone_put, ROUTE_API, ACT_EDIT_PLAN, "api_milestone_put", BODY},
	{"GET", "/api/v1/notices", api_notices_get, ROUTE_API, ACT_READ_INTERNAL, "api_notices_get", BODY},
	{"POST", "/api/v1/notices", api_notices_post, ROUTE_API, ACT_SUPERVISE, "api_notices_post", BODY},
	{"GET", "/api/v1/notices/:id", api_notice_get, ROUTE_API, ACT_READ_INTERNAL, "api_notice_get", BODY},
	{"POST", "/api/v1/notices/:id/reply", api_notice_reply, ROUTE_API, ACT_WRITE_REPORT, "api_notice_reply", BODY},
	{"POST", "/api/v1/notices/:id/close", api_notice_close, ROUTE_API, ACT_SUPERVISE, "api_notice_close", BODY},
	{"GET", "/api/v1/notice-rules", api_notice_rules_get, ROUTE_API, ACT_SUPERVISE, "api_notice_rules_get", BODY},
	{"PUT", "/api/v1/notice-rules/:code", api_notice_rule_put, ROUTE_API, ACT_EDIT_PLAN, "api_notice_rule_put", BODY},
	{"GET", "/api/v1/inbox", api_inbox_get, ROUTE_API, ACT_OWN_ACCOUNT, "api_inbox_get", BODY},
	{"POST", "/api/v1/inbox/read", api_inbox_read, ROUTE_API, ACT_OWN_ACCOUNT, "api_inbox_read", BODY},
	{"GET", "/api/v1/scorecards", api_scorecards, ROUTE_API, ACT_READ_INTERNAL, "api_scorecards", BODY},
	/* operations */
	{"GET", "/api/v1/registries", api_registries_get, ROUTE_API, ACT_READ_INTERNAL, "api_registries_get", BODY},
	{"GET", "/api/v1/registries/:kind", api_registry_get, ROUTE_API, ACT_READ_INTERNAL, "api_registry_get", BODY},
	{"POST", "/api/v1/registries/:kind", api_registry_post, ROUTE_API, ACT_REVIEW_VALUES, "api_registry_post", UPLOAD},
	{"GET", "/healthz", api_health, ROUTE_API, PUB, "healthz", BODY},
	{"GET", "/metrics", api_metrics, ROUTE_API, PUB, "metrics", BODY},
	{"GET", "/static/:file", static_asset, ROUTE_STATIC, PUB, "static", BODY},
};

int route_is_report(const struct route *rt)
{
	return strcmp(rt->name, "report_evaluation") == 0 || strcmp(rt->name, "api_export") == 0;
}

const struct route *route_table(size_t *n)
{
	*n = sizeof(routes) / sizeof(routes[0]);
	return routes;
}

/* Match pattern against path, capturing :name segments into r->params (r NULL: no capture). */
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
			if (r)
				r->params[n] = arena_strndup(r->arena, s, len);
			n++;
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
	if (r)
		r->n_params = n;
	return 1;
}

int route_is_cacheable(const struct route *rt)
{
	/* the public pages and API reads; not sign-in (its form carries a fresh token), health,
	 * metrics, exports and reports (built on workers), static files (their own ETag) */
	static const char *const names[] = {"dashboard",     "plan",	      "plans",		 "region",	      "measure",
					    "units",	     "unit",	      "indicator",	 "pipeline",	      "reports",
					    "api_plan",	     "api_plans",     "api_indicators", "api_indicator",  "api_progress",
					    "api_values_get", "api_pipeline", "api_openapi"};
	if (!rt || strcmp(rt->method, "GET") != 0)
		return 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(rt->name, names[i]) == 0)
			return 1;
	return 0;
}

enum route_body route_body_of(const char *method, const char *path)
{
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (strcmp(routes[i].method, method) == 0 && match(NULL, routes[i].pattern, path))
			return routes[i].body;
	return ROUTE_BODY_FORM;
}

const struct route *route_find(struct req *r, const char *method, const char *path, const char **allow)
{
	*allow = NULL;
	char methods[64] = "";
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (!match(r, routes[i].pattern, path))
			continue;
		if (strcmp(routes[i].method, method) == 0 || (strcmp(method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0))
			return &routes[i];
		if (!strstr(methods, routes[i].method)) {
			if (methods[0])
				strncat(methods, ", ", sizeof(methods) - strlen(methods) - 1);
			strncat(methods, routes[i].method, sizeof(methods) - strlen(methods) - 1);
		}
	}
	r->n_params = 0;
	if (methods[0])
		*allow = arena_strdup(r->arena, methods);
	return NULL;
}
