/* api_notices.c - 督办 notices, notice rules, the inbox and milestones over HTTP:
 * GET/POST /api/v1/notices, GET /api/v1/notices/ID, POST .../reply (the unit), POST .../close
 * (the department); GET /api/v1/notice-rules, PUT /api/v1/notice-rules/CODE (admins);
 * GET /api/v1/inbox, POST /api/v1/inbox/read ({id} or all);
 * GET /api/v1/milestones, PUT /api/v1/milestones/CODE (admins). */
#include <jansson.h>
#include <string.h>

#include "app/sup.h"
#include "base/clock.h"
#include "base/num.h"
#include "supervise/sup_json.h"
#include "web/api.h"
#include "web/app_req.h"
#include "web/route.h"
#include "web/sup_web.h"
#include "base/banned.h"

/* ---- notices ----------------------------------------------------------------------------- */

enum status api_notices_get(struct req *r)
{
	struct sup_notice *rows;
	size_t n;
	int64_t measure = 0;
	const char *m = req_query(r, "measure"), *status = req_query(r, "status");
	struct app_notice_filter f = {{req_query(r, "unit"), 0, req_query(r, "period"), 0, req_query(r, "overdue") != NULL, NULL, NULL},
				      status != NULL, NOTICE_OPEN, 0};
	if (m && !num_parse_int(str_of(m), 1, 10000, &measure))
		return api_field_error(r, "measure", "bad_value", req_t(r, "cycle.err_bad_measure"));
	if (status && !notice_status_parse(status, &f.status))
		return api_field_error(r, "status", "bad_value", req_t(r, "notice.err_bad_status"));
	f.store.measure = (int)measure;
	enum status rc = app_notices(req_app(r), &f, &rows, &n);
	if (rc != ST_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, sup_notice_json(&rows[i]));
	return req_send_json(r, json_pack("{s:s?, s:o}", "plan", sup_req_plan_code(r), "notices", arr));
}

enum status api_notices_post(struct req *r)
{
	static const char *const fields[] = {"unit", "measure", "subject", "body", "reply_days", NULL};
	json_t *body;
	struct sup_notice *n;
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	struct diag_list *errs = req_errs(r);
	json_t *measure = json_object_get(body, "measure"), *days = json_object_get(body, "reply_days");
	if (!json_is_integer(measure))
		(void)app_refuse(errs, ST_INVALID, "measure", "bad_value", "cycle.err_bad_measure", "measure is a number");
	if (days && !json_is_integer(days))
		(void)app_refuse(errs, ST_INVALID, "reply_days", "bad_value", "cycle.err_bad_reply_days",
				 "reply_days is a whole number from 1 to 365");
	json_int_t mv = json_integer_value(measure), dv = days ? json_integer_value(days) : 10;
	struct app_notice_new in = {json_get_string(body, "unit"), mv > 0 && mv < 10000 ? (int)mv : 0,
				    json_get_string(body, "subject"), json_get_string(body, "body"),
				    dv > 0 && dv < 1000 ? (int)dv : 0};
	enum status rc = app_notice_raise(req_app(r), &in, &n, errs);
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, errs);
	r->status = 201;
	return req_send_json(r, sup_notice_json(n));
}

static long long path_id(struct req *r)
{
	int64_t id;
	return num_parse_int(str_of(r->params[0]), 1, INT64_MAX, &id) ? id : 0;
}

/* The notice id with its replies as JSON. */
static enum status notice_answer(struct req *r, long long id)
{
	struct sup_notice *n;
	struct sup_reply *replies;
	size_t n_replies;
	enum status rc = app_notice_get(req_app(r), id, &n, &replies, &n_replies);
	if (rc != ST_OK)
		return rc;
	json_t *j = sup_notice_json(n), *arr = json_array();
	for (size_t i = 0; i < n_replies; i++)
		json_array_append_new(arr, sup_reply_json(&replies[i]));
	json_object_set_new(j, "reply_list", arr);
	return req_send_json(r, j);
}

enum status api_notice_get(struct req *r)
{
	long long id = path_id(r);
	return id ? notice_answer(r, id) : ST_NOT_FOUND;
}

enum status api_notice_reply(struct req *r)
{
	static const char *const fields[] = {"body", NULL};
	json_t *body;
	long long id = path_id(r);
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	if (!id)
		return ST_NOT_FOUND;
	struct diag_list *errs = req_errs(r);
	enum status rc = app_notice_reply(req_app(r), id, json_get_string(body, "body"), errs);
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, errs);
	return notice_answer(r, id);
}

enum status api_notice_close(struct req *r)
{
	static const char *const fields[] = {"note", NULL};
	json_t *body = NULL;
	long long id = path_id(r);
	if (r->body.len && req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	if (!id)
		return ST_NOT_FOUND;
	struct diag_list *errs = req_errs(r);
	enum status rc = app_notice_close(req_app(r), id, json_get_string(body, "note"), errs);
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, errs);
	return notice_answer(r, id);
}

/* ---- rules ------------------------------------------------------------------------------- */

enum status api_notice_rules_get(struct req *r)
{
	struct sup_rule *rows;
	size_t n;
	enum status rc = app_notice_rules(req_app(r), &rows, &n);
	if (rc != ST_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, sup_rule_json(&rows[i]));
	return req_send_json(r, json_pack("{s:o}", "rules", arr));
}

/* A whole-number member into *value (*has set when present); another kind is listed. */
static void int_member(json_t *body, const char *key, int *has, int *value, struct diag_list *errs)
{
	json_t *v = json_object_get(body, key);
	*has = v != NULL;
	if (v && (!json_is_integer(v) || json_integer_value(v) < -1000000 || json_integer_value(v) > 1000000))
		(void)app_refuse(errs, ST_INVALID, key, "bad_value", "notice.err_rule_value", "%s is a whole number", key);
	else if (v)
		*value = (int)json_integer_value(v);
}

/* A text member: NULL when absent; "" when of another kind (refused by the operation). */
static const char *text_member(json_t *body, const char *key)
{
	json_t *v = json_object_get(body, key);
	return !v ? NULL : json_is_string(v) ? json_string_value(v) : "";
}

enum status api_notice_rule_put(struct req *r)
{
	static const char *const fields[] = {"name_zh", "name_en", "enabled", "grace_days", "reply_days", "escalate_days",
					     "periods", NULL};
	json_t *body;
	struct sup_rule *rule;
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	struct diag_list *errs = req_errs(r);
	struct app_rule_change in = {text_member(body, "name_zh"), text_member(body, "name_en"), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	json_t *enabled = json_object_get(body, "enabled");
	if (enabled && !json_is_boolean(enabled))
		(void)app_refuse(errs, ST_INVALID, "enabled", "bad_value", "notice.err_rule_value", "enabled is true or false");
	in.has_enabled = json_is_boolean(enabled);
	in.is_enabled = json_is_true(enabled);
	int_member(body, "grace_days", &in.has_grace_days, &in.grace_days, errs);
	int_member(body, "reply_days", &in.has_reply_days, &in.reply_days, errs);
	int_member(body, "escalate_days", &in.has_escalate_days, &in.escalate_days, errs);
	int_member(body, "periods", &in.has_periods, &in.periods, errs);
	enum status rc = app_notice_rule_update(req_app(r), r->params[0], &in, &rule, errs);
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, errs);
	return req_send_json(r, sup_rule_json(rule));
}

/* ---- inbox ------------------------------------------------------------------------------- */

enum status api_inbox_get(struct req *r)
{
	struct sup_notification *rows;
	size_t n;
	long long unread;
	enum status rc = app_inbox(req_app(r), req_query(r, "unread") != NULL, 200, &rows, &n, &unread);
	if (rc != ST_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, sup_notification_json(&rows[i]));
	return req_send_json(r, json_pack("{s:I, s:o}", "unread", (json_int_t)unread, "notifications", arr));
}

/* POST /api/v1/inbox/read: body {"id": N} marks one notification read, {} (or none) all. */
enum status api_inbox_read(struct req *r)
{
	static const char *const fields[] = {"id", NULL};
	json_t *body = NULL;
	long long unread, id = 0;
	if (r->body.len && req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	json_t *v = json_object_get(body, "id");
	if (v && (!json_is_integer(v) || json_integer_value(v) < 1))
		return api_field_error(r, "id", "bad_value", req_t(r, "inbox.err_bad_id"));
	if (v)
		id = (long long)json_integer_value(v);
	enum status rc = app_inbox_read(req_app(r), id, &unread);
	if (rc != ST_OK)
		return rc;
	return req_send_json(r, json_pack("{s:I}", "unread", (json_int_t)unread));
}

/* ---- milestones -------------------------------------------------------------------------- */

enum status api_milestones_get(struct req *r)
{
	struct sup_milestone *rows;
	size_t n;
	int64_t measure = 0;
	const char *m = req_query(r, "measure");
	if (m && !num_parse_int(str_of(m), 1, 10000, &measure))
		return api_field_error(r, "measure", "bad_value", req_t(r, "cycle.err_bad_measure"));
	enum status rc = app_milestones(req_app(r), (int)measure, &rows, &n);
	if (rc != ST_OK)
		return rc;
	time_t now = clock_now();
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, sup_milestone_json(&rows[i], now));
	return req_send_json(r, json_pack("{s:o}", "milestones", arr));
}

/* The indicators member: an array of codes, joined with ';' (NULL when empty). */
static int join_codes(struct req *r, json_t *v, const char **out)
{
	*out = NULL;
	if (!v || json_is_null(v))
		return 1;
	if (!json_is_array(v))
		return 0;
	struct buf b;
	buf_init(&b, 8192);
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		if (!json_is_string(x) || strchr(json_string_value(x), ';')) {
			buf_release(&b);
			return 0;
		}
		bwf(&b, "%s%s", i ? ";" : "", json_string_value(x));
	}
	*out = b.len ? arena_strdup(r->arena, buf_str(&b)) : NULL;
	int ok = buf_status(&b) == ST_OK;
	buf_release(&b);
	return ok;
}

enum status api_milestone_put(struct req *r)
{
	static const char *const fields[] = {"measure", "title_zh", "title_en", "owner", "due_date", "deliverable_zh",
					     "indicators", "done_on", NULL};
	json_t *body;
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	struct diag_list *errs = req_errs(r);
	json_t *measure = json_object_get(body, "measure");
	struct sup_milestone m = {
		.code = r->params[0],
		.measure = json_is_integer(measure) && json_integer_value(measure) > 0 && json_integer_value(measure) < 10000
				   ? (int)json_integer_value(measure)
				   : 0,
		.title_zh = json_get_string(body, "title_zh"),
		.title_en = json_get_string(body, "title_en"),
		.owner = json_get_string(body, "owner"),
		.due_date = json_get_string(body, "due_date"),
		.deliverable_zh = json_get_string(body, "deliverable_zh"),
		.done_on = json_get_string(body, "done_on"),
	};
	if (!join_codes(r, json_object_get(body, "indicators"), &m.indicators))
		(void)app_refuse(errs, ST_INVALID, "indicators", "bad_value", "milestone.err_invalid",
				 "indicators is a list of indicator codes or names");
	struct sup_milestone *saved;
	int is_new, is_changed;
	enum status rc = app_milestone_save(req_app(r), &m, APP_MILESTONE_UPSERT, &saved, &is_new, &is_changed, errs);
	if (rc != ST_OK)
		return req_app_error(r, rc, rc == ST_INVALID ? "invalid" : NULL, rc == ST_INVALID ? "milestone.err_invalid" : NULL,
				     errs);
	r->status = is_new ? 201 : 200;
	return req_send_json(r, sup_milestone_json(saved, clock_now()));
}
