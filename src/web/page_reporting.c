/* page_reporting.c - a unit's reporting page for a cycle (GET /reporting): every measure the
 * unit leads or shares, each with its report's state and a form (progress, narrative, figures
 * for the measure's linked indicators, evidence files); a lead unit also sees its co-units'
 * reports on the measure. POST /reporting saves a draft or submits; POST /reporting/evidence
 * uploads a file. Department users pick the unit. Works without JavaScript. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/sup.h"
#include "web/render_work.h"
#include "base/clock.h"
#include "base/num.h"
#include "base/utf8.h"
#include "report/fmt.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/multipart.h"
#include "web/pages.h"
#include "web/route.h"
#include "web/sup_pages.h"
#include "web/sup_web.h"
#include "base/banned.h"

#define NARRATIVE_EXCERPT_BYTES 240u

static int is_linked(const struct plan *p, int ind, int measure)
{
	int mi = p->indicators[ind].measure;
	return mi >= 0 && p->measures[mi].number == measure;
}

static void cycle_switch(struct req *r, const struct reporting_view *v)
{
	struct buf *b = &r->out;
	const char *unit = v->is_department ? v->unit : NULL;
	if (!v->n_cycles)
		return;
	hf(b, "<nav class=\"switch\" aria-label=\"%s\"><ul>", req_t(r, "cycle.cycles"));
	for (size_t i = 0; i < v->n_cycles; i++) {
		bw(b, "<li><a href=\"/reporting?cycle=");
		url_esc(b, v->cycles[i].period);
		if (unit) {
			bw(b, "&amp;unit=");
			url_esc(b, unit);
		}
		html_esc(b, sup_plan_param(r, 0));
		bw(b, strcmp(v->cycles[i].period, v->cycle->period) == 0 ? "\" aria-current=\"page\">" : "\">");
		html_esc(b, v->cycles[i].period);
		bw(b, "</a></li>");
	}
	bw(b, "</ul></nav>\n");
}

static void unit_select(struct req *r, const struct reporting_view *v)
{
	struct buf *b = &r->out;
	const struct plan *p = v->plan;
	hf(b, "<form class=\"inline\" method=\"get\" action=\"/reporting\"><input type=\"hidden\" name=\"cycle\" value=\"%s\">",
	   v->cycle->period);
	if (*sup_plan_param(r, 1)) /* a GET form sends its fields only: the plan is one of them */
		hf(b, "<input type=\"hidden\" name=\"plan\" value=\"%s\">", p->info.code);
	hf(b, "<label for=\"unit\">%s</label><select id=\"unit\" name=\"unit\">", req_t(r, "col.unit_name"));
	for (size_t i = 0; i < v->n_units; i++) {
		int u = plan_find_unit(p, v->units[i]);
		hf(b, "<option value=\"%s\"%s>%s</option>", v->units[i], strcmp(v->units[i], v->unit) == 0 ? " selected" : "",
		   i18n_pick(r->lang, p->units[u].name_zh, p->units[u].name_en));
	}
	hf(b, "</select><button type=\"submit\">%s</button></form>\n", req_t(r, "cycle.show"));
}

static void hidden(struct req *r, const char *name, const char *value)
{
	hf(&r->out, "<input type=\"hidden\" name=\"%s\" value=\"", name);
	html_esc(&r->out, value);
	bw(&r->out, "\">");
}

/* The typed figure of indicator code (value and note texts), or NULLs. */
static void typed_figure(const struct reporting_typed *t, json_t *stored, const char *code, const char **value, const char **note,
			 struct req *r)
{
	size_t i;
	json_t *f;
	*value = *note = NULL;
	json_array_foreach(t ? t->figures : stored, i, f) {
		const char *ind = json_string_value(json_object_get(f, "indicator"));
		if (!json_is_object(f) || !ind || strcmp(ind, code) != 0)
			continue;
		json_t *v = json_object_get(f, "value");
		if (json_is_string(v)) {
			*value = json_string_value(v);
		} else if (json_is_number(v)) {
			struct buf nb;
			buf_init(&nb, 64);
			fmt_value(&nb, json_number_value(v), 6);
			*value = arena_strdup(r->arena, buf_str(&nb));
			buf_release(&nb);
		}
		*note = json_string_value(json_object_get(f, "note"));
	}
}

static void report_form(struct req *r, const struct plan *p, const struct sup_cycle *c, const struct sup_owed *o,
			const struct reporting_typed *t)
{
	struct buf *b = &r->out;
	const struct sup_report *rep = o->report;
	int m = o->duty.measure;
	json_error_t jerr;
	json_t *stored = rep && rep->figures ? json_loads(rep->figures, 0, &jerr) : NULL;
	enum report_progress progress = t ? t->progress : rep ? rep->progress : PROGRESS_NOT_STARTED;
	const char *narrative = t ? t->narrative : rep ? rep->narrative : "";
	hf(b, "<form class=\"report\" method=\"post\" action=\"/reporting%s\" id=\"form-%d\">", sup_plan_param(r, 1), m);
	html_csrf_field(r);
	hidden(r, "cycle", c->period);
	hidden(r, "measure", arena_printf(r->arena, "%d", m));
	hidden(r, "unit", o->duty.unit);
	hidden(r, "revision", arena_printf(r->arena, "%d", rep ? rep->revision : 0));
	hf(b, "\n<p><label for=\"progress-%d\">", m);
	html_esc(b, req_t(r, "cycle.col_progress"));
	hf(b, "</label> <select id=\"progress-%d\" name=\"progress\">", m);
	for (int k = 0; k < REPORT_PROGRESS_COUNT; k++) {
		hf(b, "<option value=\"%s\"%s>", report_progress_name((enum report_progress)k), k == (int)progress ? " selected" : "");
		html_esc(b, req_t(r, arena_printf(r->arena, "cycle.progress_%s", report_progress_name((enum report_progress)k))));
		bw(b, "</option>");
	}
	hf(b, "</select></p>\n<p><label for=\"narrative-%d\">", m);
	html_esc(b, req_t(r, "cycle.narrative"));
	hf(b, "</label><br><textarea id=\"narrative-%d\" name=\"narrative\" rows=\"6\" cols=\"80\">", m);
	html_esc(b, narrative);
	bw(b, "</textarea></p>\n");
	int n_linked = 0;
	for (size_t i = 0; i < p->n_indicators; i++) {
		if (!is_linked(p, (int)i, m))
			continue;
		const struct indicator *d = &p->indicators[i];
		const char *value, *note;
		typed_figure(t, stored, d->code, &value, &note, r);
		if (n_linked++ == 0) {
			bw(b, "<table class=\"entry figures\"><caption>");
			html_esc(b, req_t(r, "cycle.figures"));
			bw(b, "</caption><thead><tr><th scope=\"col\">");
			html_esc(b, req_t(r, "col.indicator"));
			bw(b, "</th><th scope=\"col\">");
			html_esc(b, req_t(r, "col.value"));
			bw(b, "</th><th scope=\"col\">");
			html_esc(b, req_t(r, "col.note"));
			bw(b, "</th></tr></thead><tbody>\n");
		}
		hf(b, "<tr><th scope=\"row\"><label for=\"f-%d-%s\">", m, d->code);
		html_esc(b, i18n_pick(r->lang, d->name_zh, d->name_en));
		bw(b, "</label> <span class=\"muted\">(");
		html_esc(b, i18n_pick(r->lang, d->unit_zh, d->unit_en));
		hf(b, ")</span></th><td><input id=\"f-%d-%s\" name=\"f_%s\" size=\"10\" value=\"", m, d->code,
		    d->code);
		html_esc(b, value);
		hf(b, "\"></td><td><input name=\"n_%s\" size=\"30\" aria-label=\"", d->code);
		html_esc(b, req_t(r, "col.note"));
		bw(b, "\" value=\"");
		html_esc(b, note);
		bw(b, "\"></td></tr>\n");
	}
	if (n_linked)
		bw(b, "</tbody></table>\n");
	bw(b, "<p class=\"actions\"><button type=\"submit\" name=\"do\" value=\"save\">");
	html_esc(b, req_t(r, "cycle.save_draft"));
	bw(b, "</button> <button type=\"submit\" name=\"do\" value=\"submit\">");
	html_esc(b, req_t(r, "cycle.submit"));
	bw(b, "</button></p></form>\n");
	json_decref(stored);
}

static void report_view(struct req *r, const struct plan *p, const struct sup_report *rep)
{
	struct buf *b = &r->out;
	bw(b, "<p>");
	html_esc(b, req_t(r, "cycle.col_progress"));
	bw(b, " ");
	sup_html_progress(r, rep->progress);
	bw(b, "</p>\n<p class=\"text narrative\">");
	html_esc(b, rep->narrative);
	bw(b, "</p>\n");
	sup_html_figures(r, p, rep->figures);
}

static void evidence_block(struct req *r, const struct sup_cycle *c, const struct reporting_duty *d)
{
	struct buf *b = &r->out;
	const struct sup_owed *o = d->owed;
	const struct sup_evidence *files = d->evidence;
	size_t n = d->n_evidence;
	int is_writable = d->may_upload;
	bw(b, "<div class=\"evidence\"><h3>");
	html_esc(b, req_t(r, "cycle.evidence"));
	bw(b, "</h3>\n");
	if (n) {
		bw(b, "<ul class=\"files\">");
		for (size_t i = 0; i < n; i++) {
			hf(b, "<li><a href=\"/api/v1/evidence/%lld\">", files[i].id);
			html_esc(b, files[i].file_name);
			bw(b, "</a> <span class=\"muted\">");
			fmt_value(b, (double)files[i].size / 1024.0, 1);
			bw(b, " KiB · ");
			html_esc(b, files[i].kind);
			bw(b, "</span></li>");
		}
		bw(b, "</ul>\n");
	} else {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "cycle.no_evidence"));
		bw(b, "</p>\n");
	}
	if (is_writable) {
		int m = o->duty.measure;
		hf(b, "<form class=\"inline upload\" method=\"post\" action=\"/reporting/evidence%s\" enctype=\"multipart/form-data\">",
		   sup_plan_param(r, 1));
		html_csrf_field(r);
		hidden(r, "cycle", c->period);
		hidden(r, "measure", arena_printf(r->arena, "%d", m));
		hidden(r, "unit", o->duty.unit);
		hf(b, "<label for=\"file-%d\">", m);
		html_esc(b, req_t(r, "cycle.evidence_file"));
		hf(b, "</label><input id=\"file-%d\" type=\"file\" name=\"file\" accept=\".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx\">",
		    m);
		bw(b, "<button type=\"submit\">");
		html_esc(b, req_t(r, "cycle.upload"));
		bw(b, "</button></form>\n<p class=\"muted hint\">");
		html_esc(b, req_t(r, "cycle.evidence_hint"));
		bw(b, "</p>\n");
	}
	bw(b, "</div>\n");
}

/* The co-units' reports on a measure the unit leads. */
static void co_reports(struct req *r, const struct plan *p, const struct sup_cycle *c, const struct reporting_duty *d)
{
	struct buf *b = &r->out;
	int measure = d->owed->duty.measure;
	for (size_t i = 0; i < d->n_co; i++) {
		const struct sup_owed *o = &d->co[i]->owed;
		if (i == 0) {
			hf(b, "<details class=\"co-reports\"><summary>%s</summary><table><thead><tr><th scope=\"col\">%s</th>"
			      "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
			   req_t(r, "cycle.co_reports"), req_t(r, "col.unit_name"), req_t(r, "cycle.col_state"),
			   req_t(r, "cycle.col_progress"), req_t(r, "cycle.narrative"));
		}
		int is_visible = d->co[i]->is_visible;
		bw(b, "<tr><th scope=\"row\">");
		html_esc(b, sup_unit_name(r, p, o->duty.unit));
		bw(b, "</th><td>");
		if (is_visible && o->report)
			sup_html_report_link(r, c->period, measure, o->duty.unit,
					     req_t(r, arena_printf(r->arena, "cycle.state_%s", report_state_name(o->report->state))));
		else
			sup_html_state(r, NULL);
		bw(b, "</td><td>");
		if (is_visible && o->report)
			sup_html_progress(r, o->report->progress);
		bw(b, "</td><td class=\"note\">");
		if (is_visible && o->report) {
			size_t len = strlen(o->report->narrative);
			html_esc(b, arena_strndup(r->arena, o->report->narrative,
						  len > NARRATIVE_EXCERPT_BYTES ? utf8_floor(o->report->narrative, NARRATIVE_EXCERPT_BYTES) : len));
			if (len > NARRATIVE_EXCERPT_BYTES)
				bw(b, "…");
		}
		bw(b, "</td></tr>\n");
	}
	if (d->n_co)
		bw(b, "</tbody></table></details>\n");
}

/* The page of view v; t: a form as typed that was refused, msg an outcome line. */
void render_reporting(struct req *r, const struct reporting_view *v, const struct reporting_typed *t, const char *msg,
		      int is_error)
{
	struct buf *b = &r->out;
	const struct plan *p = v->plan;
	const struct sup_cycle *c = v->cycle;
	const char *unit = v->unit;
	page_begin(r, req_t(r, "cycle.reporting_title"), "reporting");
	hf(b, "<h1>%s</h1>\n", req_t(r, "cycle.reporting_title"));
	if (!c) {
		hf(b, "<p class=\"muted\">%s</p>\n", req_t(r, "cycle.none_yet"));
		page_end(r);
		return;
	}
	hf(b, "<p class=\"lead\">%s <strong class=\"period\">%s</strong> · %s · %s <strong class=\"deadline\">%s</strong></p>\n",
	   req_t(r, "cycle.cycle"), c->period, req_t(r, c->is_open ? "cycle.open" : "cycle.closed"), req_t(r, "cycle.deadline"),
	   sup_local(r, c->deadline));
	cycle_switch(r, v);
	if (v->is_department)
		unit_select(r, v);
	hf(b, "<h2 class=\"unit-name\">%s</h2>\n", sup_unit_name(r, p, unit));
	if (msg)
		sup_html_message(r, msg, is_error);
	for (size_t i = 0; i < v->n_duties; i++) {
		const struct reporting_duty *d = &v->duties[i];
		const struct sup_owed *o = d->owed;
		int m = o->duty.measure, mi = d->measure_index;
		const struct sup_report *rep = o->report;
		hf(b, "<article class=\"duty\" id=\"m-%d\" aria-labelledby=\"h-%d\"><h3 id=\"h-%d\">%d. ", m, m, m, m);
		html_esc(b, mi >= 0 ? i18n_pick(r->lang, p->measures[mi].title_zh, p->measures[mi].title_en) : "");
		hf(b, "</h3>\n<p class=\"state\">%s · ", req_t(r, o->duty.role == ROLE_LEAD ? "col.lead" : "col.co"));
		sup_html_state(r, rep);
		bw(b, " ");
		sup_html_timeliness(r, o->timeliness);
		if (rep) {
			hf(b, " <span class=\"muted\">%s %d · %s</span> ", req_t(r, "cycle.revision"), rep->revision,
			   sup_local(r, rep->created_at));
			sup_html_report_link(r, c->period, m, unit, req_t(r, "cycle.history"));
		}
		bw(b, "</p>\n");
		if (rep && rep->state == REPORT_RETURNED)
			hf(b, "<p class=\"error returned\">%s %s</p>\n", req_t(r, "cycle.returned_because"), rep->reason);
		const struct reporting_typed *mine = t && t->measure == m && strcmp(t->unit, unit) == 0 ? t : NULL;
		if (mine && mine->error)
			sup_html_message(r, mine->error, 1);
		if (o->duty.role == ROLE_LEAD)
			co_reports(r, p, c, d);
		if (d->is_writable)
			report_form(r, p, c, o, mine && mine->figures ? mine : NULL);
		else if (rep)
			report_view(r, p, rep);
		evidence_block(r, c, d);
		bw(b, "</article>\n");
	}
	if (!v->n_duties)
		hf(b, "<p class=\"muted\">%s</p>\n", req_t(r, "cycle.no_duties"));
	page_end(r);
}

/* Build the view of cycle period for unit and render it (t, msg: render_reporting's). */
static enum status reporting_page(struct req *r, const char *period, const char *unit, const struct reporting_typed *t,
				  const char *msg)
{
	struct reporting_view v;
	enum status rc = app_reporting_view(req_app(r), period, unit, &v, req_errs(r));
	if (rc != ST_OK)
		return rc;
	render_reporting(r, &v, t, msg, 0);
	return ST_OK;
}

enum status page_reporting(struct req *r)
{
	const char *msg = req_query(r, "msg");
	const char *text = NULL;
	if (msg && (strcmp(msg, "saved") == 0 || strcmp(msg, "submitted") == 0 || strcmp(msg, "uploaded") == 0))
		text = req_t(r, arena_printf(r->arena, "cycle.msg_%s", msg));
	return reporting_page(r, req_query(r, "cycle"), req_query(r, "unit"), NULL, text);
}

/* After a successful write: back to the unit's page at the measure. */
static void back(struct req *r, const struct sup_cycle *c, const char *unit, int measure, const char *msg)
{
	struct buf u;
	buf_init(&u, 4096);
	bw(&u, "/reporting?cycle=");
	url_esc(&u, c->period);
	bw(&u, "&unit=");
	url_esc(&u, unit);
	tf(&u, "&msg=%s%s#m-%d", msg, sup_plan_param(r, 0), measure);
	req_redirect(r, arena_strdup(r->arena, buf_str(&u)));
	buf_release(&u);
}

/* The report key of a posted form (its cycle, measure and unit fields). */
static struct app_report_key form_key(const char *cycle, const char *measure, const char *unit)
{
	int64_t n = 0;
	if (!measure || !num_parse_int(str_of(measure), 1, 10000, &n))
		n = 0;
	return (struct app_report_key){cycle, (int)n, unit};
}

/* Show the unit's page again with what was refused (t: the form as typed, or only the error). */
static enum status refused(struct req *r, const struct app_report_key *k, enum status rc, struct reporting_typed *t,
			   const struct diag_list *errs)
{
	struct reporting_view v;
	if (!req_errs_shown(rc, errs) || !k->unit)
		return rc;
	if (app_reporting_view(req_app(r), k->period, k->unit, &v, req_errs(r)) != ST_OK || !v.cycle ||
	    strcmp(v.unit, k->unit) != 0)
		return rc;
	t->unit = v.unit;
	t->error = req_errs_text(r, errs);
	r->status = status_http_code(rc);
	render_reporting(r, &v, t, NULL, 0);
	return ST_OK;
}

enum status page_reporting_post(struct req *r)
{
	struct plan *p;
	struct sup_report *out;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	struct app_report_key k = form_key(req_form(r, "cycle"), req_form(r, "measure"), req_form(r, "unit"));
	struct diag_list *errs = req_errs(r);
	int64_t revision = -1;
	const char *rev_text = req_form(r, "revision");
	if (rev_text && !num_parse_int(str_of(rev_text), 0, 1000000, &revision))
		revision = -1;
	const char *what = req_form(r, "do");
	int is_submit = what && strcmp(what, "submit") == 0;
	struct reporting_typed t = {k.measure, k.unit, PROGRESS_NOT_STARTED, req_form(r, "narrative"), json_array(), NULL};
	const char *progress = req_form(r, "progress");
	if (!t.narrative)
		t.narrative = "";
	struct sup_report_input in = {PROGRESS_NOT_STARTED, t.narrative, NULL};
	json_t *figures = json_array();
	int is_bad_value = 0;
	for (size_t i = 0; i < p->n_indicators; i++) {
		if (!is_linked(p, (int)i, k.measure))
			continue;
		const char *code = p->indicators[i].code;
		const char *v = req_form(r, arena_printf(r->arena, "f_%s", code));
		const char *note = req_form(r, arena_printf(r->arena, "n_%s", code));
		struct str vs = str_trim(str_of(v));
		if (!vs.len && (!note || !*note))
			continue;
		json_array_append_new(t.figures, json_pack("{s:s, s:s%, s:s}", "indicator", code, "value", vs.p ? vs.p : "", vs.len,
							   "note", note ? note : ""));
		double value;
		json_t *f = json_pack("{s:s}", "indicator", code);
		if (vs.len && num_parse_double(vs, &value))
			json_object_set_new(f, "value", json_real(value));
		else if (vs.len)
			is_bad_value = 1;
		else
			json_object_set_new(f, "value", json_null());
		if (note && *note)
			json_object_set_new(f, "note", json_string(note));
		json_array_append_new(figures, f);
	}
	char *text = json_dumps(figures, JSON_COMPACT);
	in.figures = arena_strdup(r->arena, text ? text : "[]");
	free(text);
	json_decref(figures);
	if (!progress || !report_progress_parse(progress, &in.progress))
		(void)app_refuse(errs, ST_INVALID, "progress", "bad_progress", "cycle.err_bad_progress",
				 "progress is not_started, on_track, delayed or done");
	if (is_bad_value)
		(void)app_refuse(errs, ST_INVALID, "figures", "bad_figures", "cycle.err_bad_figures", "a figure is not a number");
	t.progress = in.progress;
	rc = app_report_save(req_app(r), &k, &in, is_submit, (int)revision, &out, errs);
	if (rc == ST_OK) {
		json_decref(t.figures);
		struct sup_cycle c = {.period = out->period};
		back(r, &c, out->unit, k.measure, is_submit ? "submitted" : "saved");
		return ST_OK;
	}
	rc = refused(r, &k, rc, &t, errs);
	json_decref(t.figures);
	return rc;
}

static const char *field_text(struct req *r, const char *name)
{
	const struct form_field *f = multipart_field(r, name);
	return f && !f->filename ? f->data : NULL;
}

enum status page_reporting_evidence(struct req *r)
{
	struct plan *p;
	struct sup_evidence *e;
	if (!multipart_is(r))
		return ST_INVALID;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	struct app_report_key k = form_key(field_text(r, "cycle"), field_text(r, "measure"), field_text(r, "unit"));
	struct diag_list *errs = req_errs(r);
	const struct form_field *f = multipart_field(r, "file");
	if (!f || !f->len)
		(void)app_refuse(errs, ST_INVALID, "file", "file_empty", "cycle.err_file_empty", "the file is empty");
	rc = app_evidence_add(req_app(r), &k, f ? f->filename : NULL, f ? f->data : NULL, f ? f->len : 0, &e, errs);
	if (rc == ST_OK) {
		struct sup_cycle c = {.period = k.period};
		struct sup_cycle *kept;
		if (app_cycle_pick(req_app(r), k.period, &kept) == ST_OK)
			c.period = kept->period;
		back(r, &c, e->unit, k.measure, "uploaded");
		return ST_OK;
	}
	/* the stored draft is shown again: t carries only the error */
	struct reporting_typed t = {k.measure, k.unit, PROGRESS_NOT_STARTED, NULL, NULL, NULL};
	return refused(r, &k, rc, &t, errs);
}
