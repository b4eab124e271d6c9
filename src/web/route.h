/* route.h - the one route table: method, path pattern (":name" matches one segment), handler,
 * the action it needs (core/authz.h), a stable name for logs and metrics, and the largest body
 * it takes. Every route is declared here and nowhere else; the server caps the body and checks
 * the action before the handler runs, and the operations (app/) check each item's scope. */
#ifndef INNOMON_WEB_ROUTE_H
#define INNOMON_WEB_ROUTE_H

#include "core/authz.h"
#include "web/req.h"

typedef enum status (*route_handler_fn)(struct req *r);

enum route_kind { ROUTE_PAGE, ROUTE_API, ROUTE_STATIC };

/* Which setting caps a route's request body (the server reads it into a buffer of that size and
 * answers 413 past it, before any handler runs). */
enum route_body {
	ROUTE_BODY_FORM,     /* body_max: forms, JSON, and whatever a GET carries */
	ROUTE_BODY_FILE,     /* upload_max: a file to import (values, registries, milestones) */
	ROUTE_BODY_EVIDENCE, /* evidence_max and the multipart framing around it */
};

struct route {
	const char *method;
	const char *pattern;
	route_handler_fn handler;
	enum route_kind kind;
	enum authz_action need;
	const char *name; /* stable name for metrics and logs */
	enum route_body body;
};

/* Find the route for method and path; fills r->params. Returns NULL when no pattern matches;
 * *allow gets the methods the path accepts ("GET, POST") when it matches with another method,
 * else NULL (405 rather than 404). */
const struct route *route_find(struct req *r, const char *method, const char *path, const char **allow);
/* Whether rt builds a report or an export: it runs on a report worker (jobs.h), never on a
 * request thread. */
int route_is_report(const struct route *rt);
/* Whether rt is a read whose answer depends only on what the store holds, the day, who asks,
 * the language, the plan chosen and the URL: it is answered from the cache (web/cache.h). */
int route_is_cacheable(const struct route *rt);
/* The body limit of the route method and path match (ROUTE_BODY_FORM when none does): known
 * from the request line alone, before the body arrives. */
enum route_body route_body_of(const char *method, const char *path);
/* Every route, for the OpenAPI document test and the route x role test matrix. */
const struct route *route_table(size_t *n);

/* Handlers, one file each (page_*.c, api_*.c). */
enum status page_dashboard(struct req *r);
enum status page_plan(struct req *r);
enum status page_plans(struct req *r);
enum status page_region(struct req *r);
enum status page_entry(struct req *r);
enum status page_entry_post(struct req *r);
enum status page_import(struct req *r);
enum status page_import_post(struct req *r);
enum status page_import_preview(struct req *r);
enum status page_import_commit(struct req *r);
enum status page_import_cancel(struct req *r);
enum status page_entry_template(struct req *r);
enum status page_review(struct req *r);
enum status page_review_post(struct req *r);
enum status page_measure(struct req *r);
enum status page_unit(struct req *r);
enum status page_units(struct req *r);
enum status page_indicator(struct req *r);
enum status page_indicator_review_post(struct req *r);
enum status page_signin(struct req *r);
enum status page_signin_post(struct req *r);
enum status page_signout_post(struct req *r);
enum status page_account(struct req *r);
enum status page_account_password_post(struct req *r);
enum status page_admin_users(struct req *r);
enum status page_admin_users_post(struct req *r);
enum status page_admin_user_post(struct req *r);
enum status page_admin_audit(struct req *r);
enum status page_reports(struct req *r);
enum status page_report_evaluation(struct req *r);
enum status page_admin_plan(struct req *r);
enum status page_admin_target_post(struct req *r);
enum status page_admin_rule_add(struct req *r);
enum status page_admin_supervision(struct req *r);
enum status page_admin_sup_rule_post(struct req *r);
enum status page_admin_milestone_post(struct req *r);
enum status page_admin_milestone_add(struct req *r);
enum status page_admin_milestones_import(struct req *r);
enum status page_admin_rule_post(struct req *r);
enum status page_admin_indicator(struct req *r);
enum status page_admin_indicator_post(struct req *r);
enum status api_plan(struct req *r);
enum status api_plans(struct req *r);
enum status api_indicators(struct req *r);
enum status api_indicator(struct req *r);
enum status api_progress(struct req *r);
enum status api_export(struct req *r);
enum status api_openapi(struct req *r);
enum status api_session_create(struct req *r);
enum status api_session_get(struct req *r);
enum status api_session_delete(struct req *r);
enum status api_account_password(struct req *r);
enum status api_values_post(struct req *r);
enum status api_reviews_post(struct req *r);
enum status api_values_get(struct req *r);
enum status api_obs_submit(struct req *r);
enum status api_obs_approve(struct req *r);
enum status api_obs_return(struct req *r);
enum status api_obs_publish(struct req *r);
enum status api_review(struct req *r);
enum status api_imports_post(struct req *r);
enum status api_import_get(struct req *r);
enum status api_import_commit(struct req *r);
enum status api_import_cancel(struct req *r);
enum status api_plan_indicator_put(struct req *r);
enum status api_plan_target_put(struct req *r);
enum status api_plan_target_delete(struct req *r);
enum status api_plan_measure_put(struct req *r);
enum status api_plan_unit_put(struct req *r);
enum status api_plan_rule_put(struct req *r);
enum status api_plan_rule_delete(struct req *r);
enum status api_users_get(struct req *r);
enum status api_users_post(struct req *r);
enum status api_user_patch(struct req *r);
enum status api_audit(struct req *r);
enum status api_health(struct req *r);
enum status api_metrics(struct req *r);
enum status static_asset(struct req *r);
/* task supervision */
enum status page_reporting(struct req *r);
enum status page_reporting_post(struct req *r);
enum status page_reporting_evidence(struct req *r);
enum status page_progress_report(struct req *r);
enum status page_supervision(struct req *r);
enum status page_supervision_post(struct req *r);
enum status page_notices(struct req *r);
enum status page_notices_post(struct req *r);
enum status page_notice(struct req *r);
enum status page_notice_reply(struct req *r);
enum status page_notice_close(struct req *r);
enum status page_inbox(struct req *r);
enum status page_inbox_post(struct req *r);
enum status page_scorecards(struct req *r);
enum status page_matrix(struct req *r);
enum status page_search(struct req *r);
enum status page_reporting_status(struct req *r);
enum status page_map(struct req *r);
enum status page_indicator_chart_svg(struct req *r);
enum status page_indicator_chart_png(struct req *r);
enum status api_cycles_get(struct req *r);
enum status api_cycles_post(struct req *r);
enum status api_cycle_get(struct req *r);
enum status api_cycle_close(struct req *r);
enum status api_reports_get(struct req *r);
enum status api_report_get(struct req *r);
enum status api_report_put(struct req *r);
enum status api_report_submit(struct req *r);
enum status api_report_approve(struct req *r);
enum status api_report_return(struct req *r);
enum status api_report_evidence(struct req *r);
enum status api_evidence_get(struct req *r);
enum status api_milestones_get(struct req *r);
enum status api_milestone_put(struct req *r);
enum status api_notices_get(struct req *r);
enum status api_notices_post(struct req *r);
enum status api_notice_get(struct req *r);
enum status api_notice_reply(struct req *r);
enum status api_notice_close(struct req *r);
enum status api_notice_rules_get(struct req *r);
enum status api_notice_rule_put(struct req *r);
enum status api_inbox_get(struct req *r);
enum status api_inbox_read(struct req *r);
enum status api_scorecards(struct req *r);
enum status api_registries_get(struct req *r);
/* enterprise evaluation (page_firms.c, api_firms.c) */
enum status page_pipeline(struct req *r);
enum status page_firms(struct req *r);
enum status page_firm(struct req *r);
enum status api_pipeline(struct req *r);
enum status api_firms(struct req *r);
enum status api_firm(struct req *r);
enum status page_registries(struct req *r);
enum status page_registries_post(struct req *r);
enum status api_registry_get(struct req *r);
enum status api_registry_post(struct req *r);

#endif
