/* api_reports.c - progress reports over HTTP: GET /api/v1/progress-reports (the newest revision of
 * each report the caller may see), GET and PUT /api/v1/progress-reports/PERIOD/MEASURE/UNIT (read;
 * save a draft or submit), POST .../submit, .../approve, .../return (the workflow), POST
 * .../evidence (a file, its type judged by its bytes) and GET /api/v1/evidence/ID. A unit sees
 * and writes its own reports; a lead unit also sees its co-units'; the department all
 * (app/sup.h decides; these handlers read the request and write the answer).
 * check_escape: no HTML (JSON, and evidence files sent as they were stored). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/sup.h"
#include "base/num.h"
#include "supervise/sup_json.h"
#include "web/api.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/multipart.h"
#include "web/route.h"
#include "web/sup_web.h"
#include "base/banned.h"

enum status api_reports_get(struct req *r)
{
	struct sup_report *rows;
	size_t n;
	int64_t measure = 0;
	const char *m = req_query(r, "measure");
	if (m && !num_parse_int(str_of(m), 1, 10000, &measure))
		return api_field_error(r, "measure", "bad_value", req_t(r, "cycle.err_bad_measure"));
	struct diag_list *errs = req_errs(r);
	enum status rc = app_reports(req_app(r), req_query(r, "cycle"), (int)measure, req_query(r, "unit"), &rows, &n, errs);
	if (rc == ST_NOT_FOUND)
		return rc;
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, errs);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, sup_report_json(&rows[i]));
	return req_send_json(r, json_pack("{s:s?, s:o}", "plan", sup_req_plan_code(r), "reports", arr));
}

/* The report key of the path: PERIOD/MEASURE/UNIT (a measure that is no number is none). */
static struct app_report_key path_key(struct req *r)
{
	int64_t n;
	struct app_report_key k = {r->params[0], 0, r->params[2]};
	if (num_parse_int(str_of(r->params[1]), 1, 10000, &n))
		k.measure = (int)n;
	return k;
}

static json_t *evidence_json(struct req *r, const struct sup_evidence *e)
{
	json_t *j = sup_evidence_json(e);
	json_object_set_new(j, "url", json_string(arena_printf(r->arena, "/api/v1/evidence/%lld", e->id)));
	return j;
}

enum status api_report_get(struct req *r)
{
	struct app_report_key k = path_key(r);
	struct app_report_view v;
	enum status rc = app_report_get(req_app(r), &k, &v);
	if (rc != ST_OK)
		return rc;
	json_t *revs = json_array(), *files = json_array();
	for (size_t i = 0; i < v.n_revisions; i++)
		json_array_append_new(revs, sup_report_json(&v.revisions[i]));
	for (size_t i = 0; i < v.n_evidence; i++)
		json_array_append_new(files, evidence_json(r, &v.evidence[i]));
	json_t *j = sup_owed_json(v.owed);
	json_object_set_new(j, "plan", json_string(v.cycle->plan_code));
	json_object_set_new(j, "period", json_string(v.cycle->period));
	json_object_set_new(j, "report", v.owed->report ? sup_report_json(v.owed->report) : json_null());
	json_object_set_new(j, "revisions", revs);
	json_object_set_new(j, "evidence", files);
	json_object_set_new(j, "may_write", json_boolean(v.may_write));
	return req_send_json(r, j);
}

/* An optional "revision" member: -1 when absent; a refusal when not a whole number >= 0. */
static int body_revision(json_t *body, struct diag_list *errs)
{
	json_t *v = json_object_get(body, "revision");
	if (!v)
		return -1;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000000) {
		(void)app_refuse(errs, ST_INVALID, "revision", "bad_value", "cycle.err_bad_revision",
				 "revision is the newest revision the writer saw: a whole number from 0");
		return -1;
	}
	return (int)json_integer_value(v);
}

enum status api_report_put(struct req *r)
{
	static const char *const fields[] = {"progress", "narrative", "figures", "revision", "submit", NULL};
	json_t *body;
	struct sup_report *out;
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	struct diag_list *errs = req_errs(r);
	int revision = body_revision(body, errs);
	struct sup_report_input in = {PROGRESS_NOT_STARTED, json_get_string(body, "narrative"), NULL};
	const char *progress = json_get_string(body, "progress");
	if (!progress || !report_progress_parse(progress, &in.progress))
		(void)app_refuse(errs, ST_INVALID, "progress", "bad_value", "cycle.err_bad_progress",
				 "progress is not_started, on_track, delayed or done");
	if (json_object_get(body, "narrative") && !in.narrative)
		(void)app_refuse(errs, ST_INVALID, "narrative", "bad_value", "cycle.err_too_long", "the narrative is text");
	json_t *figures = json_object_get(body, "figures");
	if (figures && !json_is_array(figures))
		(void)app_refuse(errs, ST_INVALID, "figures", "bad_value", "cycle.err_bad_figures",
				 "figures must be a JSON array of {indicator, value, note}");
	if (json_is_array(figures)) {
		char *text = json_dumps(figures, JSON_COMPACT);
		in.figures = arena_strdup(r->arena, text ? text : "[]");
		free(text);
	}
	json_t *submit = json_object_get(body, "submit");
	if (submit && !json_is_boolean(submit))
		(void)app_refuse(errs, ST_INVALID, "submit", "bad_value", "cycle.err_bad_submit", "submit is true or false");
	struct app_report_key k = path_key(r);
	enum status rc = app_report_save(req_app(r), &k, &in, json_is_true(submit), revision, &out, errs);
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, errs);
	return req_send_json(r, sup_report_json(out));
}

/* POST .../submit, .../approve, .../return: body {revision} (and {reason} to return). */
static enum status move(struct req *r, enum report_state to)
{
	static const char *const fields[] = {"revision", "reason", NULL};
	json_t *body = NULL;
	struct sup_report *out;
	if (r->body.len && req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	struct diag_list *errs = req_errs(r);
	struct app_report_key k = path_key(r);
	int revision = body_revision(body, errs);
	enum status rc = to == REPORT_SUBMITTED
		? app_report_save(req_app(r), &k, NULL, 1, revision, &out, errs)
		: app_report_review(req_app(r), &k, to == REPORT_APPROVED, json_get_string(body, "reason"), revision, &out, errs);
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, errs);
	return req_send_json(r, sup_report_json(out));
}

enum status api_report_submit(struct req *r)
{
	return move(r, REPORT_SUBMITTED);
}

enum status api_report_approve(struct req *r)
{
	return move(r, REPORT_APPROVED);
}

enum status api_report_return(struct req *r)
{
	return move(r, REPORT_RETURNED);
}

enum status api_report_evidence(struct req *r)
{
	struct sup_evidence *e;
	struct diag_list *errs = req_errs(r);
	const char *name = req_query(r, "name");
	const void *data = r->body.p;
	size_t len = r->body.len;
	if (multipart_is(r)) {
		const struct form_field *f = multipart_field(r, "file");
		if (!f)
			(void)app_refuse(errs, ST_INVALID, "file", "missing", "cycle.err_file_empty", "the form has no file");
		name = f ? f->filename : NULL, data = f ? f->data : NULL, len = f ? f->len : 0;
	}
	struct app_report_key k = path_key(r);
	enum status rc = app_evidence_add(req_app(r), &k, name, data, len, &e, errs);
	if (rc != ST_OK)
		return req_app_error(r, rc, NULL, NULL, errs);
	r->status = 201;
	return req_send_json(r, evidence_json(r, e));
}

enum status api_evidence_get(struct req *r)
{
	struct sup_evidence *e;
	int64_t id;
	if (!num_parse_int(str_of(r->params[0]), 1, INT64_MAX, &id))
		return ST_NOT_FOUND;
	enum status rc = app_evidence_get(req_app(r), id, &e);
	if (rc != ST_OK)
		return rc;
	struct buf name;
	buf_init(&name, 4096);
	url_esc(&name, e->file_name);
	req_add_header(r, "Content-Disposition",
		       arena_printf(r->arena, "attachment; filename=\"evidence-%lld.%s\"; filename*=UTF-8''%s", e->id,
				    e->kind, buf_str(&name)));
	buf_release(&name);
	r->content_type = arena_strdup(r->arena, e->content_type);
	bwn(&r->out, e->content, e->size);
	return ST_OK;
}
