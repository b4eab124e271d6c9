/* route.c - the route table and a segment matcher. */
#include <string.h>

#include "web/route.h"
#include "base/banned.h"

#define PUB ACT_READ_PUBLIC

static const struct route routes[] = {
	/* pages */
	{"GET", "/", page_dashboard, ROUTE_PAGE, PUB, "dashboard"},
	{"GET", "/plan", page_plan, ROUTE_PAGE, PUB, "plan"},
	{"GET", "/regions/:code", page_region, ROUTE_PAGE, PUB, "region"},
	{"GET", "/measures/:n", page_measure, ROUTE_PAGE, PUB, "measure"},
	{"GET", "/units", page_units, ROUTE_PAGE, PUB, "units"},
	{"GET", "/units/:code", page_unit, ROUTE_PAGE, PUB, "unit"},
	{"GET", "/indicators/:code", page_indicator, ROUTE_PAGE, PUB, "indicator"},
	{"GET", "/signin", page_signin, ROUTE_PAGE, PUB, "signin"},
	{"POST", "/signin", page_signin_post, ROUTE_PAGE, PUB, "signin_post"},
	{"POST", "/signout", page_signout_post, ROUTE_PAGE, ACT_OWN_ACCOUNT, "signout"},
	{"GET", "/account", page_account, ROUTE_PAGE, ACT_OWN_ACCOUNT, "account"},
	{"POST", "/account/password", page_account_password_post, ROUTE_PAGE, ACT_OWN_ACCOUNT, "account_password"},
	{"GET", "/entry", page_entry, ROUTE_PAGE, ACT_WRITE_VALUES, "entry"},
	{"POST", "/entry", page_entry_post, ROUTE_PAGE, ACT_WRITE_VALUES, "entry_post"},
	{"GET", "/entry/import", page_import, ROUTE_PAGE, ACT_WRITE_VALUES, "import"},
	{"POST", "/entry/import", page_import_post, ROUTE_PAGE, ACT_WRITE_VALUES, "import_post"},
	{"GET", "/entry/imports/:id", page_import_preview, ROUTE_PAGE, ACT_WRITE_VALUES, "import_preview"},
	{"POST", "/entry/imports/:id/commit", page_import_commit, ROUTE_PAGE, ACT_WRITE_VALUES, "import_commit"},
	{"GET", "/review", page_review, ROUTE_PAGE, ACT_REVIEW_VALUES, "review"},
	{"POST", "/review", page_review_post, ROUTE_PAGE, ACT_REVIEW_VALUES, "review_post"},
	{"GET", "/admin/users", page_admin_users, ROUTE_PAGE, ACT_MANAGE_USERS, "admin_users"},
	{"POST", "/admin/users", page_admin_users_post, ROUTE_PAGE, ACT_MANAGE_USERS, "admin_users_post"},
	{"POST", "/admin/users/:name", page_admin_user_post, ROUTE_PAGE, ACT_MANAGE_USERS, "admin_user_post"},
	{"GET", "/admin/plan", page_admin_plan, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_plan"},
	{"POST", "/admin/plan/targets/:indicator/:region/:year", page_admin_target_post, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_target_post"},
	{"POST", "/admin/plan/rules", page_admin_rule_add, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_rule_add"},
	{"POST", "/admin/plan/rules/:code", page_admin_rule_post, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_rule_post"},
	{"GET", "/admin/plan/indicators/:code", page_admin_indicator, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_indicator"},
	{"POST", "/admin/plan/indicators/:code", page_admin_indicator_post, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_indicator_post"},
	{"GET", "/admin/supervision", page_admin_supervision, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_supervision"},
	{"POST", "/admin/supervision/rules/:code", page_admin_sup_rule_post, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_sup_rule_post"},
	{"POST", "/admin/supervision/milestones", page_admin_milestone_add, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_milestone_add"},
	{"POST", "/admin/supervision/milestones/:code", page_admin_milestone_post, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_milestone_post"},
	{"POST", "/admin/supervision/import", page_admin_milestones_import, ROUTE_PAGE, ACT_EDIT_PLAN, "admin_milestones_import"},
	{"GET", "/admin/audit", page_admin_audit, ROUTE_PAGE, ACT_READ_AUDIT, "admin_audit"},
	/* task supervision: reporting, review, notices, inbox, scorecards (page_reporting.c,
	 * page_supervision.c, page_notices.c, page_scorecards.c) */
	{"GET", "/reporting", page_reporting, ROUTE_PAGE, ACT_WRITE_REPORT, "reporting"},
	{"POST", "/reporting", page_reporting_post, ROUTE_PAGE, ACT_WRITE_REPORT, "reporting_post"},
	{"POST", "/reporting/evidence", page_reporting_evidence, ROUTE_PAGE, ACT_WRITE_REPORT, "reporting_evidence"},
	{"GET", "/reporting/:period/:measure/:unit", page_progress_report, ROUTE_PAGE, ACT_READ_INTERNAL, "progress_report"},
	{"GET", "/supervision", page_supervision, ROUTE_PAGE, ACT_SUPERVISE, "supervision"},
	{"POST", "/supervision", page_supervision_post, ROUTE_PAGE, ACT_SUPERVISE, "supervision_post"},
	{"GET", "/notices", page_notices, ROUTE_PAGE, ACT_READ_INTERNAL, "notices"},
	{"POST", "/notices", page_notices_post, ROUTE_PAGE, ACT_SUPERVISE, "notices_post"},
	{"GET", "/notices/:id", page_notice, ROUTE_PAGE, ACT_READ_INTERNAL, "notice"},
	{"POST", "/notices/:id/reply", page_notice_reply, ROUTE_PAGE, ACT_WRITE_REPORT, "notice_reply"},
	{"POST", "/notices/:id/close", page_notice_close, ROUTE_PAGE, ACT_SUPERVISE, "notice_close"},
	{"GET", "/inbox", page_inbox, ROUTE_PAGE, ACT_OWN_ACCOUNT, "inbox"},
	{"POST", "/inbox", page_inbox_post, ROUTE_PAGE, ACT_OWN_ACCOUNT, "inbox_post"},
	{"GET", "/scorecards", page_scorecards, ROUTE_PAGE, ACT_READ_INTERNAL, "scorecards"},
	{"GET", "/matrix", page_matrix, ROUTE_PAGE, ACT_READ_INTERNAL, "matrix"},
	{"GET", "/registries", page_registries, ROUTE_PAGE, ACT_READ_INTERNAL, "registries"},
	{"POST", "/registries", page_registries_post, ROUTE_PAGE, ACT_REVIEW_VALUES, "registries_post"},
	{"GET", "/reports", page_reports, ROUTE_PAGE, PUB, "reports"},
	{"GET", "/reports/evaluation", page_report_evaluation, ROUTE_PAGE, PUB, "report_evaluation"},
	/* read API */
	{"GET", "/api/v1/plan", api_plan, ROUTE_API, PUB, "api_plan"},
	{"GET", "/api/v1/indicators", api_indicators, ROUTE_API, PUB, "api_indicators"},
	{"GET", "/api/v1/indicators/:code", api_indicator, ROUTE_API, PUB, "api_indicator"},
	{"GET", "/api/v1/progress", api_progress, ROUTE_API, PUB, "api_progress"},
	{"GET", "/api/v1/export", api_export, ROUTE_API, PUB, "api_export"},
	{"GET", "/api/v1/openapi.json", api_openapi, ROUTE_API, PUB, "api_openapi"},
	/* sessions and accounts */
	{"POST", "/api/v1/session", api_session_create, ROUTE_API, PUB, "api_session_create"},
	{"GET", "/api/v1/session", api_session_get, ROUTE_API, ACT_OWN_ACCOUNT, "api_session_get"},
	{"DELETE", "/api/v1/session", api_session_delete, ROUTE_API, ACT_OWN_ACCOUNT, "api_session_delete"},
	{"POST", "/api/v1/account/password", api_account_password, ROUTE_API, ACT_OWN_ACCOUNT, "api_account_password"},
	/* values and their workflow */
	{"GET", "/api/v1/values", api_values_get, ROUTE_API, PUB, "api_values_get"},
	{"POST", "/api/v1/values", api_values_post, ROUTE_API, ACT_WRITE_VALUES, "api_values_post"},
	{"POST", "/api/v1/observations/:id/submit", api_obs_submit, ROUTE_API, ACT_WRITE_VALUES, "api_obs_submit"},
	{"POST", "/api/v1/observations/:id/approve", api_obs_approve, ROUTE_API, ACT_REVIEW_VALUES, "api_obs_approve"},
	{"POST", "/api/v1/observations/:id/return", api_obs_return, ROUTE_API, ACT_REVIEW_VALUES, "api_obs_return"},
	{"POST", "/api/v1/observations/:id/publish", api_obs_publish, ROUTE_API, ACT_PUBLISH_VALUES, "api_obs_publish"},
	{"GET", "/api/v1/review", api_review, ROUTE_API, ACT_REVIEW_VALUES, "api_review"},
	{"POST", "/api/v1/imports", api_imports_post, ROUTE_API, ACT_WRITE_VALUES, "api_imports_post"},
	{"GET", "/api/v1/imports/:id", api_import_get, ROUTE_API, ACT_WRITE_VALUES, "api_import_get"},
	{"POST", "/api/v1/imports/:id/commit", api_import_commit, ROUTE_API, ACT_WRITE_VALUES, "api_import_commit"},
	/* plan edits: each is a new plan version */
	{"PUT", "/api/v1/plan/indicators/:code", api_plan_indicator_put, ROUTE_API, ACT_EDIT_PLAN, "api_plan_indicator_put"},
	{"PUT", "/api/v1/plan/targets/:indicator/:region/:year", api_plan_target_put, ROUTE_API, ACT_EDIT_PLAN, "api_plan_target_put"},
	{"DELETE", "/api/v1/plan/targets/:indicator/:region/:year", api_plan_target_delete, ROUTE_API, ACT_EDIT_PLAN, "api_plan_target_delete"},
	{"PUT", "/api/v1/plan/measures/:n", api_plan_measure_put, ROUTE_API, ACT_EDIT_PLAN, "api_plan_measure_put"},
	{"PUT", "/api/v1/plan/units/:code", api_plan_unit_put, ROUTE_API, ACT_EDIT_PLAN, "api_plan_unit_put"},
	{"PUT", "/api/v1/plan/rules/:code", api_plan_rule_put, ROUTE_API, ACT_EDIT_PLAN, "api_plan_rule_put"},
	{"DELETE", "/api/v1/plan/rules/:code", api_plan_rule_delete, ROUTE_API, ACT_EDIT_PLAN, "api_plan_rule_delete"},
	/* administration */
	{"GET", "/api/v1/users", api_users_get, ROUTE_API, ACT_MANAGE_USERS, "api_users_get"},
	{"POST", "/api/v1/users", api_users_post, ROUTE_API, ACT_MANAGE_USERS, "api_users_post"},
	{"PATCH", "/api/v1/users/:name", api_user_patch, ROUTE_API, ACT_MANAGE_USERS, "api_user_patch"},
	{"GET", "/api/v1/audit", api_audit, ROUTE_API, ACT_READ_AUDIT, "api_audit"},
	/* task supervision (api_cycles.c, api_reports.c, api_notices.c) */
	{"GET", "/api/v1/cycles", api_cycles_get, ROUTE_API, ACT_READ_INTERNAL, "api_cycles_get"},
	{"POST", "/api/v1/cycles", api_cycles_post, ROUTE_API, ACT_SUPERVISE, "api_cycles_post"},
	{"GET", "/api/v1/cycles/:period", api_cycle_get, ROUTE_API, ACT_READ_INTERNAL, "api_cycle_get"},
	{"POST", "/api/v1/cycles/:period/close", api_cycle_close, ROUTE_API, ACT_SUPERVISE, "api_cycle_close"},
	{"GET", "/api/v1/progress-reports", api_reports_get, ROUTE_API, ACT_READ_INTERNAL, "api_reports_get"},
	{"GET", "/api/v1/progress-reports/:period/:measure/:unit", api_report_get, ROUTE_API, ACT_READ_INTERNAL, "api_report_get"},
	{"PUT", "/api/v1/progress-reports/:period/:measure/:unit", api_report_put, ROUTE_API, ACT_WRITE_REPORT, "api_report_put"},
	{"POST", "/api/v1/progress-reports/:period/:measure/:unit/submit", api_report_submit, ROUTE_API, ACT_WRITE_REPORT, "api_report_submit"},
	{"POST", "/api/v1/progress-reports/:period/:measure/:unit/approve", api_report_approve, ROUTE_API, ACT_SUPERVISE, "api_report_approve"},
	{"POST", "/api/v1/progress-reports/:period/:measure/:unit/return", api_report_return, ROUTE_API, ACT_SUPERVISE, "api_report_return"},
	{"POST", "/api/v1/progress-reports/:period/:measure/:unit/evidence", api_report_evidence, ROUTE_API, ACT_WRITE_REPORT, "api_report_evidence"},
	{"GET", "/api/v1/evidence/:id", api_evidence_get, ROUTE_API, ACT_READ_INTERNAL, "api_evidence_get"},
	{"GET", "/api/v1/milestones", api_milestones_get, ROUTE_API, ACT_READ_INTERNAL, "api_milestones_get"},
	{"PUT", "/api/v1/milestones/:code", api_milestone_put, ROUTE_API, ACT_EDIT_PLAN, "api_milestone_put"},
	{"GET", "/api/v1/notices", api_notices_get, ROUTE_API, ACT_READ_INTERNAL, "api_notices_get"},
	{"POST", "/api/v1/notices", api_notices_post, ROUTE_API, ACT_SUPERVISE, "api_notices_post"},
	{"GET", "/api/v1/notices/:id", api_notice_get, ROUTE_API, ACT_READ_INTERNAL, "api_notice_get"},
	{"POST", "/api/v1/notices/:id/reply", api_notice_reply, ROUTE_API, ACT_WRITE_REPORT, "api_notice_reply"},
	{"POST", "/api/v1/notices/:id/close", api_notice_close, ROUTE_API, ACT_SUPERVISE, "api_notice_close"},
	{"GET", "/api/v1/notice-rules", api_notice_rules_get, ROUTE_API, ACT_SUPERVISE, "api_notice_rules_get"},
	{"PUT", "/api/v1/notice-rules/:code", api_notice_rule_put, ROUTE_API, ACT_EDIT_PLAN, "api_notice_rule_put"},
	{"GET", "/api/v1/inbox", api_inbox_get, ROUTE_API, ACT_OWN_ACCOUNT, "api_inbox_get"},
	{"POST", "/api/v1/inbox/read", api_inbox_read, ROUTE_API, ACT_OWN_ACCOUNT, "api_inbox_read"},
	{"GET", "/api/v1/scorecards", api_scorecards, ROUTE_API, ACT_READ_INTERNAL, "api_scorecards"},
	/* operations */
	{"GET", "/api/v1/registries", api_registries_get, ROUTE_API, ACT_READ_INTERNAL, "api_registries_get"},
	{"GET", "/api/v1/registries/:kind", api_registry_get, ROUTE_API, ACT_READ_INTERNAL, "api_registry_get"},
	{"POST", "/api/v1/registries/:kind", api_registry_post, ROUTE_API, ACT_REVIEW_VALUES, "api_registry_post"},
	{"GET", "/healthz", api_health, ROUTE_API, PUB, "healthz"},
	{"GET", "/metrics", api_metrics, ROUTE_API, PUB, "metrics"},
	{"GET", "/static/:file", static_asset, ROUTE_STATIC, PUB, "static"},
};

const struct route *route_table(size_t *n)
{
	*n = sizeof(routes) / sizeof(routes[0]);
	return routes;
}

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
