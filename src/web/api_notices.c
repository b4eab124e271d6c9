/* api_notices.c - 督办 notices, notice rules, the inbox and milestones over HTTP:
 * GET/POST /api/v1/notices, GET /api/v1/notices/ID, POST .../reply (the unit), POST .../close
 * (the department); GET /api/v1/notice-rules, PUT /api/v1/notice-rules/CODE (admins);
 * GET /api/v1/inbox, POST /api/v1/inbox/read ({id} or all);
 * GET /api/v1/milestones, PUT /api/v1/milestones/CODE (admins). */
#include <jansson.h>
#include <string.h>

#include "base/clock.h"
#include "base/num.h"
#include "ingest/milestones.h"
#include "supervise/sup_json.h"
#include "web/api.h"
#include "web/route.h"
#include "web/sup_web.h"
#include "base/banned.h"

/* ---- notices ----------------------------------------------------------------------------- */

enum status api_notices_get(struct req *r)
{
	struct sup_notice *rows;
	size_t n;
	char now[32];
	int64_t measure = 0;
	const char *m = req_query(r, "measure"), *status = req_query(r, "status");
	enum notice_status want;
	if (m && !num_parse_int(str_of(m), 1, 10000, &measure))
		return api_field_error(r, "measure", "bad_value", req_t(r, "cycle.err_bad_measure"));
	if (status && !notice_status_parse(status, &want))
		return api_field_error(r, "status", "bad_value", req_t(r, "notice.err_bad_status"));
	clock_format_utc(clock_now(), now);
	struct sup_notice_filter f = {req_query(r, "unit"), (int)measure, req_query(r, "period"), 0,
				      req_query(r, "overdue") != NULL, now};
	enum status rc = store_sup_notices(r->store, r->arena, &f, &rows, &n);
	if (rc != ST_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		if (sup_notice_visible(&r->principal, rows[i].unit) && (!status || rows[i].status == want))
			json_array_append_new(arr, sup_notice_json(&rows[i]));
	return req_send_json(r, json_pack("{s:o}", "notices", arr));
}

enum status api_notices_post(struct req *r)
{
	static const char *const fields[] = {"unit", "measure", "subject", "body", "reply_days", NULL};
	json_t *body;
	struct plan *p;
	struct sup_error err = {0};
	long long id;
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	json_t *measure = json_object_get(body, "measure"), *days = json_object_get(body, "reply_days");
	if (!json_is_integer(measure))
		return api_field_error(r, "measure", "bad_value", req_t(r, "cycle.err_bad_measure"));
	if (days && !json_is_integer(days))
		return api_field_error(r, "reply_days", "bad_value", req_t(r, "cycle.err_bad_reply_days"));
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	json_int_t mv = json_integer_value(measure), dv = days ? json_integer_value(days) : 10;
	rc = sup_notice_raise_manual(r->store, p, json_get_string(body, "unit"), mv > 0 && mv < 10000 ? (int)mv : 0,
				     json_get_string(body, "subject"), json_get_string(body, "body"),
				     dv > 0 && dv < 1000 ? (int)dv : 0, &id, &err);
	if (rc != ST_OK)
		return sup_api_error(r, rc, &err);
	struct sup_notice *n;
	rc = store_sup_notice_get(r->store, r->arena, id, &n);
	if (rc != ST_OK)
		return rc;
	r->status = 201;
	return req_send_json(r, sup_notice_json(n));
}

/* The notice of the path if the caller may see it (else ST_NOT_FOUND). */
static enum status visible_notice(struct req *r, struct sup_notice **out)
{
	int64_t id;
	if (!num_parse_int(str_of(r->params[0]), 1, INT64_MAX, &id))
		return ST_NOT_FOUND;
	enum status rc = store_sup_notice_get(r->store, r->arena, id, out);
	if (rc == ST_OK && !sup_notice_visible(&r->principal, (*out)->unit))
		rc = ST_NOT_FOUND;
	return rc;
}

static enum status notice_answer(struct req *r, long long id)
{
	struct sup_notice *n;
	struct sup_reply *replies;
	size_t n_replies;
	enum status rc = store_sup_notice_get(r->store, r->arena, id, &n);
	if (rc == ST_OK)
		rc = store_sup_notice_replies(r->store, r->arena, id, &replies, &n_replies);
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
	struct sup_notice *n;
	enum status rc = visible_notice(r, &n);
	if (rc != ST_OK)
		return rc;
	return notice_answer(r, n->id);
}

enum status api_notice_reply(struct req *r)
{
	static const char *const fields[] = {"body", NULL};
	json_t *body;
	struct sup_notice *n;
	struct sup_error err = {0};
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	enum status rc = visible_notice(r, &n);
	if (rc != ST_OK)
		return rc;
	if (!sup_req_may_write(r, n->unit))
		return ST_DENIED;
	rc = sup_notice_reply(r->store, r->arena, n->id, json_get_string(body, "body"), &err);
	if (rc != ST_OK)
		return sup_api_error(r, rc, &err);
	return notice_answer(r, n->id);
}

enum status api_notice_close(struct req *r)
{
	static const char *const fields[] = {"note", NULL};
	json_t *body = NULL;
	struct sup_notice *n;
	struct sup_error err = {0};
	if (r->body.len && req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	enum status rc = visible_notice(r, &n);
	if (rc != ST_OK)
		return rc;
	rc = sup_notice_close(r->store, r->arena, n->id, json_get_string(body, "note"), &err);
	if (rc != ST_OK)
		return sup_api_error(r, rc, &err);
	return notice_answer(r, n->id);
}

/* ---- rules ------------------------------------------------------------------------------- */

enum status api_notice_rules_get(struct req *r)
{
	struct sup_rule *rows;
	size_t n;
	enum status rc = store_sup_rules(r->store, r->arena, &rows, &n);
	if (rc != ST_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, sup_rule_json(&rows[i]));
	return req_send_json(r, json_pack("{s:o}", "rules", arr));
}

/* An integer member in [min, max] into *out (kept when absent); 0 when present and bad. */
static int int_member(json_t *body, const char *key, int min, int max, int *out)
{
	json_t *v = json_object_get(body, key);
	if (!v)
		return 1;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return 0;
	*out = (int)json_integer_value(v);
	return 1;
}

enum status api_notice_rule_put(struct req *r)
{
	static const char *const fields[] = {"name_zh", "name_en", "enabled", "grace_days", "reply_days", "escalate_days",
					     "periods", NULL};
	json_t *body;
	struct sup_rule *rows, *rule;
	size_t n;
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	enum status rc = sup_req_rule(r, r->params[0], &rule);
	if (rc != ST_OK)
		return rc;
	struct sup_rule next = *rule;
	json_t *enabled = json_object_get(body, "enabled");
	if (enabled && !json_is_boolean(enabled))
		return api_field_error(r, "enabled", "bad_value", req_t(r, "notice.err_rule_value"));
	if (enabled)
		next.is_enabled = json_is_true(enabled);
	static const struct {
		const char *key;
		int min, max;
	} ranges[] = {{"grace_days", 0, 365}, {"reply_days", 1, 365}, {"escalate_days", 0, 365}, {"periods", 1, 12}};
	int *targets[] = {&next.grace_days, &next.reply_days, &next.escalate_days, &next.periods};
	for (size_t i = 0; i < 4; i++)
		if (!int_member(body, ranges[i].key, ranges[i].min, ranges[i].max, targets[i]))
			return api_field_error(r, ranges[i].key, "bad_value", req_t(r, "notice.err_rule_value"));
	const char *zh = json_get_string(body, "name_zh"), *en = json_get_string(body, "name_en");
	if ((json_object_get(body, "name_zh") && (!zh || !*zh || strlen(zh) > 200)) ||
	    (json_object_get(body, "name_en") && (!en || !*en || strlen(en) > 200)))
		return api_field_error(r, zh ? "name_en" : "name_zh", "bad_value", req_t(r, "notice.err_rule_value"));
	if (zh)
		next.name_zh = zh;
	if (en)
		next.name_en = en;
	rc = store_sup_rule_update(r->store, &next);
	if (rc == ST_INVALID)
		return api_field_error(r, "body", "bad_value", req_t(r, "notice.err_rule_value"));
	if (rc != ST_OK)
		return rc;
	rc = store_sup_rules(r->store, r->arena, &rows, &n);
	for (size_t i = 0; rc == ST_OK && i < n; i++)
		if (strcmp(rows[i].code, next.code) == 0)
			return req_send_json(r, sup_rule_json(&rows[i]));
	return rc == ST_OK ? ST_NOT_FOUND : rc;
}

/* ---- inbox ------------------------------------------------------------------------------- */

enum status api_inbox_get(struct req *r)
{
	struct sup_notification *rows;
	size_t n;
	long long unread;
	enum status rc = store_sup_inbox(r->store, r->arena, r->principal.user_id, req_query(r, "unread") != NULL, 200, &rows,
					 &n);
	if (rc == ST_OK)
		rc = store_sup_inbox_unread(r->store, r->principal.user_id, &unread);
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
	enum status rc = store_sup_inbox_read(r->store, r->principal.user_id, id);
	if (rc == ST_OK)
		rc = store_sup_inbox_unread(r->store, r->principal.user_id, &unread);
	if (rc != ST_OK)
		return rc;
	return req_send_json(r, json_pack("{s:I}", "unread", (json_int_t)unread));
}

/* ---- milestones -------------------------------------------------------------------------- */

enum status api_milestones_get(struct req *r)
{
	struct plan *p;
	struct sup_milestone *rows;
	size_t n;
	int64_t measure = 0;
	const char *m = req_query(r, "measure");
	if (m && !num_parse_int(str_of(m), 1, 10000, &measure))
		return api_field_error(r, "measure", "bad_value", req_t(r, "cycle.err_bad_measure"));
	enum status rc = req_plan(r, &p);
	if (rc == ST_OK)
		rc = store_sup_milestones(r->store, r->arena, p->info.code, (int)measure, &rows, &n);
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
	struct plan *p;
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	json_t *measure = json_object_get(body, "measure");
	struct sup_milestone m = {
		.plan_code = p->info.code,
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
		return api_field_error(r, "indicators", "bad_value", req_t(r, "milestone.err_invalid"));
	struct diag_list d;
	diag_init(&d, r->arena);
	if (milestone_check(p, &m, &d)) {
		req_json_error_full(r, ST_INVALID, "invalid", req_t(r, "milestone.err_invalid"), req_diag_details(&d, 0));
		return ST_INVALID;
	}
	const char *bad;
	if (m.indicators) /* stored as codes, however they were given */
		m.indicators = milestone_indicator_codes(r->arena, p, m.indicators, &bad);
	size_t n_new;
	rc = store_sup_milestones_upsert(r->store, &m, 1, &n_new, NULL, NULL);
	if (rc != ST_OK)
		return rc;
	struct sup_milestone *rows;
	size_t n;
	rc = store_sup_milestones(r->store, r->arena, p->info.code, m.measure, &rows, &n);
	for (size_t i = 0; rc == ST_OK && i < n; i++)
		if (strcmp(rows[i].code, m.code) == 0) {
			r->status = n_new ? 201 : 200;
			return req_send_json(r, sup_milestone_json(&rows[i], clock_now()));
		}
	return rc == ST_OK ? ST_NOT_FOUND : rc;
}
