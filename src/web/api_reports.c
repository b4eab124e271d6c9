/* api_reports.c - progress reports over HTTP: GET /api/v1/progress-reports (the newest revision of
 * each report the caller may see), GET and PUT /api/v1/progress-reports/PERIOD/MEASURE/UNIT (read;
 * save a draft or submit), POST .../submit, .../approve, .../return (the workflow), POST
 * .../evidence (a file, its type judged by its bytes) and GET /api/v1/evidence/ID. A unit sees
 * and writes its own reports; a lead unit also sees its co-units'; the department all. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/num.h"
#include "supervise/sup_json.h"
#include "web/api.h"
#include "web/html.h"
#include "web/multipart.h"
#include "web/route.h"
#include "web/sup_web.h"
#include "base/banned.h"

enum status api_reports_get(struct req *r)
{
	struct plan *p;
	struct sup_cycle *c = NULL;
	struct sup_report *rows;
	struct sup_error err;
	size_t n;
	int64_t measure = 0;
	const char *period = req_query(r, "cycle"), *unit = req_query(r, "unit"), *m = req_query(r, "measure");
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	if (m && !num_parse_int(str_of(m), 1, 10000, &measure))
		return api_field_error(r, "measure", "bad_value", req_t(r, "cycle.err_bad_measure"));
	if (period && (rc = sup_cycle_find(r->store, r->arena, period, &c, &err)) != ST_OK)
		return rc == ST_INVALID ? sup_api_error(r, rc, &err) : rc;
	rc = store_sup_reports(r->store, r->arena, c ? c->id : 0, (int)measure, unit, &rows, &n);
	if (rc != ST_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		if (sup_req_report_visible(r, p, rows[i].measure, rows[i].unit, &rows[i]))
			json_array_append_new(arr, sup_report_json(&rows[i]));
	return req_send_json(r, json_pack("{s:o}", "reports", arr));
}

/* The report of the path's key: cycle, measure, unit, the duty and the revisions; ST_NOT_FOUND
 * when the cycle owes no such report or the caller may not see it. */
struct key {
	struct plan *p;
	struct sup_cycle *c;
	int measure;
	const char *unit;
	const struct sup_owed *owed;
	struct sup_report *revs;
	size_t n_revs;
};

static enum status load_key(struct req *r, struct key *k, int must_see)
{
	struct sup_owed *owed;
	size_t n;
	memset(k, 0, sizeof(*k));
	enum status rc = req_plan(r, &k->p);
	if (rc == ST_OK)
		rc = sup_req_key(r, r->params[0], r->params[1], r->params[2], &k->c, &k->measure, &k->unit);
	if (rc == ST_OK)
		rc = sup_cycle_owed(r->store, r->arena, k->c, clock_now(), &owed, &n);
	if (rc != ST_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (owed[i].duty.measure == k->measure && strcmp(owed[i].duty.unit, k->unit) == 0)
			k->owed = &owed[i];
	if (!k->owed)
		return ST_NOT_FOUND;
	if (must_see && !sup_req_report_visible(r, k->p, k->measure, k->unit, k->owed->report))
		return ST_NOT_FOUND;
	return store_sup_report_history(r->store, r->arena, k->c->id, k->measure, k->unit, &k->revs, &k->n_revs);
}

/* Write access to the key's unit, else 403 (the unit is known; nothing about its reports is
 * told). */
static enum status may_write(struct req *r, const struct key *k)
{
	return sup_req_may_write(r, k->unit) ? ST_OK : ST_DENIED;
}

static json_t *key_json(struct req *r, const struct key *k)
{
	struct sup_evidence *ev;
	size_t n_ev = 0;
	json_t *revs = json_array(), *files = json_array();
	for (size_t i = 0; i < k->n_revs; i++)
		json_array_append_new(revs, sup_report_json(&k->revs[i]));
	if (store_sup_evidence_list(r->store, r->arena, k->c->id, k->measure, k->unit, &ev, &n_ev) == ST_OK)
		for (size_t i = 0; i < n_ev; i++) {
			json_t *e = sup_evidence_json(&ev[i]);
			json_object_set_new(e, "url", json_string(arena_printf(r->arena, "/api/v1/evidence/%lld", ev[i].id)));
			json_array_append_new(files, e);
		}
	json_t *j = sup_owed_json(k->owed);
	json_object_set_new(j, "period", json_string(k->c->period));
	json_object_set_new(j, "report", k->owed->report ? sup_report_json(k->owed->report) : json_null());
	json_object_set_new(j, "revisions", revs);
	json_object_set_new(j, "evidence", files);
	json_object_set_new(j, "may_write", json_boolean(sup_req_may_write(r, k->unit)));
	return j;
}

enum status api_report_get(struct req *r)
{
	struct key k;
	enum status rc = load_key(r, &k, 1);
	if (rc != ST_OK)
		return rc;
	return req_send_json(r, key_json(r, &k));
}

/* Answer the key as it is after a write. */
static enum status answer(struct req *r, const struct sup_report *written)
{
	json_t *j = sup_report_json(written);
	return req_send_json(r, j);
}

enum status api_report_put(struct req *r)
{
	static const char *const fields[] = {"progress", "narrative", "figures", "revision", "submit", NULL};
	json_t *body;
	struct key k;
	struct sup_error err = {0};
	struct sup_report *out;
	int revision;
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	enum status rc = load_key(r, &k, 0);
	if (rc == ST_OK)
		rc = may_write(r, &k);
	if (rc != ST_OK)
		return rc;
	if (sup_body_revision(r, body, &revision) != ST_OK)
		return ST_INVALID;
	struct sup_report_input in = {PROGRESS_NOT_STARTED, json_get_string(body, "narrative"), NULL};
	const char *progress = json_get_string(body, "progress");
	if (!progress || !report_progress_parse(progress, &in.progress))
		return api_field_error(r, "progress", "bad_value", req_t(r, "cycle.err_bad_progress"));
	if (json_object_get(body, "narrative") && !in.narrative)
		return api_field_error(r, "narrative", "bad_value", req_t(r, "cycle.err_too_long"));
	json_t *figures = json_object_get(body, "figures");
	if (figures && !json_is_array(figures))
		return api_field_error(r, "figures", "bad_value", req_t(r, "cycle.err_bad_figures"));
	if (figures) {
		char *text = json_dumps(figures, JSON_COMPACT);
		in.figures = arena_strdup(r->arena, text ? text : "[]");
		free(text);
	}
	json_t *submit = json_object_get(body, "submit");
	if (submit && !json_is_boolean(submit))
		return api_field_error(r, "submit", "bad_value", req_t(r, "cycle.err_bad_submit"));
	rc = sup_report_save(r->store, r->arena, k.p, k.c, k.measure, k.unit, &in, json_is_true(submit), revision, &out, &err);
	if (rc != ST_OK)
		return sup_api_error(r, rc, &err);
	return answer(r, out);
}

/* POST .../submit, .../approve, .../return: body {revision} (and {reason} to return). */
static enum status move(struct req *r, enum report_state to)
{
	static const char *const fields[] = {"revision", "reason", NULL};
	json_t *body = NULL;
	struct key k;
	struct sup_error err = {0};
	struct sup_report *out;
	int revision = -1;
	if (r->body.len && req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	enum status rc = load_key(r, &k, 0);
	if (rc == ST_OK && to == REPORT_SUBMITTED)
		rc = may_write(r, &k);
	if (rc != ST_OK)
		return rc;
	if (body && sup_body_revision(r, body, &revision) != ST_OK)
		return ST_INVALID;
	if (to == REPORT_SUBMITTED)
		rc = sup_report_save(r->store, r->arena, k.p, k.c, k.measure, k.unit, NULL, 1, revision, &out, &err);
	else
		rc = sup_report_review(r->store, r->arena, k.c, k.measure, k.unit, to == REPORT_APPROVED,
				       json_get_string(body, "reason"), revision, &out, &err);
	if (rc != ST_OK)
		return sup_api_error(r, rc, &err);
	return answer(r, out);
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
	struct key k;
	struct sup_error err = {0};
	long long id;
	enum status rc = load_key(r, &k, 0);
	if (rc == ST_OK)
		rc = may_write(r, &k);
	if (rc != ST_OK)
		return rc;
	const char *name = req_query(r, "name");
	const void *data = r->body.p;
	size_t len = r->body.len;
	if (multipart_is(r)) {
		const struct form_field *f = multipart_field(r, "file");
		if (!f)
			return api_field_error(r, "file", "missing", req_t(r, "cycle.err_file_empty"));
		name = f->filename, data = f->data, len = f->len;
	}
	rc = sup_evidence_add(r->store, r->arena, sup_req_settings(r), k.c, k.measure, k.unit, name, data ? data : "", len,
			      r->principal.user_id, &id, &err);
	if (rc != ST_OK)
		return sup_api_error(r, rc, &err);
	struct sup_evidence *e;
	rc = store_sup_evidence_get(r->store, r->arena, id, &e, NULL);
	if (rc != ST_OK)
		return rc;
	json_t *j = sup_evidence_json(e);
	json_object_set_new(j, "url", json_string(arena_printf(r->arena, "/api/v1/evidence/%lld", id)));
	r->status = 201;
	return req_send_json(r, j);
}

enum status api_evidence_get(struct req *r)
{
	struct plan *p;
	struct sup_evidence *e;
	struct sup_report *rows;
	size_t n;
	const char *period;
	int64_t id;
	if (!num_parse_int(str_of(r->params[0]), 1, INT64_MAX, &id))
		return ST_NOT_FOUND;
	enum status rc = req_plan(r, &p);
	if (rc == ST_OK)
		rc = store_sup_evidence_get(r->store, r->arena, id, &e, &period);
	if (rc == ST_OK)
		rc = store_sup_reports(r->store, r->arena, e->cycle_id, e->measure, e->unit, &rows, &n);
	if (rc != ST_OK)
		return rc;
	if (!sup_req_report_visible(r, p, e->measure, e->unit, n ? &rows[0] : NULL))
		return ST_NOT_FOUND;
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
