/* page_admin_sup.c - supervision settings for admins in the browser (GET /admin/supervision):
 * the 督办 rules (enabled, grace, reply and escalation days, periods off track), the milestones
 * of every measure (edit, mark done, add) and the upload of the department's 任务分解表. The
 * forms make the same changes as PUT /api/v1/notice-rules/CODE, PUT /api/v1/milestones/CODE and
 * `innomon milestones import`: checked the same way, audited by the store, all or nothing. */
#include <string.h>

#include "app/sup.h"
#include "base/num.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/multipart.h"
#include "web/pages.h"
#include "web/render_work.h"
#include "web/route.h"
#include "base/banned.h"


static void th(struct req *r, const char *key)
{
	bw(&r->out, "<th scope=\"col\">");
	html_esc(&r->out, req_t(r, key));
	bw(&r->out, "</th>");
}

static void input(struct req *r, const char *type, const char *name, const char *value, const char *label_key,
		  int size)
{
	hf(&r->out, "<input type=\"%s\" name=\"%s\" size=\"%d\" aria-label=\"", type, name, size);
	html_esc(&r->out, req_t(r, label_key));
	bw(&r->out, "\" placeholder=\"");
	html_esc(&r->out, req_t(r, label_key));
	bw(&r->out, "\" value=\"");
	html_esc(&r->out, value ? value : "");
	bw(&r->out, "\">");
}

/* A whole-number input: the stored value, or (as_typed) what the refused form held. */
static void int_input(struct req *r, const char *name, int value, const char *label_key, int as_typed)
{
	input(r, "number", name, as_typed ? req_form(r, name) : arena_printf(r->arena, "%d", value), label_key, 4);
}

static void submit(struct req *r, const char *key)
{
	bw(&r->out, "<button type=\"submit\">");
	html_esc(&r->out, req_t(r, key));
	bw(&r->out, "</button>");
}

static void rules_section(struct req *r, const struct sup_settings_view *v, const struct sup_settings_outcome *o)
{
	struct buf *b = &r->out;
	const struct sup_rule *rows = v->rules;
	size_t n = v->n_rules;
	bw(b, "<h2 id=\"rules\">");
	html_esc(b, req_t(r, "supadmin.rules"));
	bw(b, "</h2>\n<p class=\"muted\">");
	html_esc(b, req_t(r, "supadmin.rules_intro"));
	bw(b, "</p>\n<table class=\"edit\"><thead><tr>");
	th(r, "notice.rule");
	th(r, "supadmin.settings");
	bw(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct sup_rule *x = &rows[i];
		int as_typed = o && o->posted_rule && strcmp(o->posted_rule, x->code) == 0;
		bw(b, "<tr><th scope=\"row\">");
		html_esc(b, i18n_pick(r->lang, x->name_zh, x->name_en));
		bw(b, " <code>");
		html_esc(b, x->code);
		bw(b, "</code></th><td><form class=\"inline\" method=\"post\" action=\"/admin/supervision/rules/");
		html_esc(b, x->code);
		bw(b, "\">");
		html_csrf_field(r);
		input(r, "text", "name_zh", as_typed ? req_form(r, "name_zh") : x->name_zh, "admin.field_name_zh", 16);
		bw(b, "<label><input type=\"checkbox\" name=\"enabled\" value=\"1\"");
		bw(b, (as_typed ? req_form(r, "enabled") != NULL : x->is_enabled) ? " checked>" : ">");
		html_esc(b, req_t(r, "supadmin.enabled"));
		bw(b, "</label> ");
		static const char *const keys[] = {"grace_days", "reply_days", "escalate_days", "periods"};
		const int values[] = {x->grace_days, x->reply_days, x->escalate_days, x->periods};
		for (size_t k = 0; k < 4; k++) {
			bw(b, "<label>");
			html_esc(b, req_t(r, arena_printf(r->arena, "supadmin.%s", keys[k])));
			bw(b, " ");
			int_input(r, keys[k], values[k], arena_printf(r->arena, "supadmin.%s", keys[k]), as_typed);
			bw(b, "</label> ");
		}
		submit(r, "admin.save");
		bw(b, "</form></td></tr>\n");
	}
	bw(b, "</tbody></table>\n");
}

/* The owner choices of a milestone: the units that lead or share its measure (all units for a
 * new one, whose measure is not known yet). */
static void owner_select(struct req *r, const struct plan *p, int measure, const char *owner)
{
	struct buf *b = &r->out;
	bw(b, "<select name=\"owner\" aria-label=\"");
	html_esc(b, req_t(r, "milestone.col_owner"));
	bw(b, "\">");
	for (size_t u = 0; u < p->n_units; u++) {
		int takes_part = measure == 0;
		for (size_t k = 0; k < p->n_resps && !takes_part; k++)
			takes_part = p->resps[k].measure_number == measure && strcmp(p->resps[k].unit_code, p->units[u].code) == 0;
		if (!takes_part)
			continue;
		bw(b, "<option value=\"");
		html_esc(b, p->units[u].code);
		bw(b, owner && strcmp(owner, p->units[u].code) == 0 ? "\" selected>" : "\">");
		html_esc(b, i18n_pick(r->lang, p->units[u].name_zh, p->units[u].name_en));
		bw(b, "</option>");
	}
	bw(b, "</select>");
}

/* The fields of one milestone form: stored is NULL for the new-milestone form; v holds the
 * values to show (the stored ones, or a refused form's), NULL for an empty new form. */
static void milestone_fields(struct req *r, const struct plan *p, const struct sup_milestone *stored,
			     const struct sup_milestone *v)
{
	if (!stored) {
		input(r, "text", "code", v ? v->code : NULL, "supadmin.code", 10);
		input(r, "number", "measure", v && v->measure ? arena_printf(r->arena, "%d", v->measure) : NULL,
		      "supadmin.measure", 3);
	}
	input(r, "text", "title_zh", v ? v->title_zh : NULL, "milestone.col_title", 28);
	owner_select(r, p, stored ? stored->measure : 0, v ? v->owner : NULL);
	input(r, "date", "due_date", v ? v->due_date : NULL, "milestone.col_due", 10);
	input(r, "text", "deliverable_zh", v ? v->deliverable_zh : NULL, "milestone.col_deliverable", 16);
	input(r, "text", "indicators", v ? v->indicators : NULL, "supadmin.indicators", 14);
	input(r, "date", "done_on", v ? v->done_on : NULL, "supadmin.done_on", 10);
}

static void milestones_section(struct req *r, const struct sup_settings_view *v, const struct sup_settings_outcome *o)
{
	struct buf *b = &r->out;
	const struct plan *p = v->plan;
	const struct sup_milestone *rows = v->milestones;
	size_t n = v->n_milestones;
	bw(b, "<h2 id=\"milestones\">");
	html_esc(b, req_t(r, "milestone.title"));
	bw(b, "</h2>\n<p class=\"muted\">");
	html_esc(b, req_t(r, "supadmin.milestones_intro"));
	bw(b, "</p>\n<table class=\"edit\"><thead><tr>");
	th(r, "supadmin.measure");
	th(r, "milestone.title");
	bw(b, "</tr></thead><tbody>\n");
	const struct sup_milestone *posted = o ? o->posted : NULL;
	for (size_t i = 0; i <= n; i++) {
		const struct sup_milestone *m = i < n ? &rows[i] : NULL;
		/* a refused form comes back as it was typed, so nothing entered is lost */
		const struct sup_milestone *shown = m;
		if (posted && (m ? !o->posted_is_new && strcmp(m->code, posted->code) == 0 : o->posted_is_new))
			shown = posted;
		bw(b, "<tr><th scope=\"row\">");
		if (m)
			hf(b, "<a href=\"/measures/%d\">%d</a> <code>", m->measure, m->measure);
		else
			html_esc(b, req_t(r, "supadmin.new_milestone"));
		if (m) {
			html_esc(b, m->code);
			bw(b, "</code>");
		}
		bw(b, "</th><td><form class=\"inline\" method=\"post\" action=\"/admin/supervision/milestones");
		if (m) {
			bwc(b, '/');
			html_esc(b, m->code);
		}
		bw(b, "\">");
		html_csrf_field(r);
		milestone_fields(r, p, m, shown);
		submit(r, m ? "admin.save" : "admin.add");
		bw(b, "</form></td></tr>\n");
	}
	bw(b, "</tbody></table>\n<h3>");
	html_esc(b, req_t(r, "supadmin.import"));
	bw(b, "</h3>\n<p class=\"muted\">");
	html_esc(b, req_t(r, "supadmin.import_intro"));
	bw(b, "</p>\n<form class=\"stack\" method=\"post\" action=\"/admin/supervision/import\" "
	      "enctype=\"multipart/form-data\">");
	html_csrf_field(r);
	bw(b, "<label for=\"ms-file\">");
	html_esc(b, req_t(r, "import.file"));
	bw(b, "</label><input id=\"ms-file\" type=\"file\" name=\"file\" accept=\".csv,.xlsx\" required>"
	      "<label><input type=\"checkbox\" name=\"dry_run\" value=\"1\"> ");
	html_esc(b, req_t(r, "supadmin.dry_run"));
	bw(b, "</label>");
	submit(r, "supadmin.import_button");
	bw(b, "</form>\n");
}

void render_sup_settings(struct req *r, const struct sup_settings_view *v, const struct sup_settings_outcome *o)
{
	const struct plan *p = v->plan;
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "supadmin.title"), "admin_supervision");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "supadmin.title"));
	bw(b, "</h1>\n");
	if (o && o->text)
		html_outcome(r, p, o->text, o->is_error, o->diags);
	rules_section(r, v, o);
	milestones_section(r, v, o);
	page_end(r);
}

static enum status settings_page(struct req *r, const struct sup_settings_outcome *o)
{
	struct sup_settings_view v;
	enum status rc = app_sup_settings_view(req_app(r), &v, req_errs(r));
	if (rc != ST_OK)
		return rc;
	render_sup_settings(r, &v, o);
	return ST_OK;
}

enum status page_admin_supervision(struct req *r)
{
	return settings_page(r, NULL);
}

static enum status refused(struct req *r, const char *key, const struct diag_list *d)
{
	r->status = 422;
	struct sup_settings_outcome o = {.text = req_t(r, key), .diags = d, .is_error = 1};
	return settings_page(r, &o);
}

static enum status refused_rule(struct req *r, const char *code, const struct diag_list *d)
{
	r->status = 422;
	struct sup_settings_outcome o = {.text = req_t(r, "notice.err_rule_value"), .diags = d, .is_error = 1, .posted_rule = code};
	return settings_page(r, &o);
}

static enum status refused_milestone(struct req *r, const struct diag_list *d, const struct sup_milestone *m, int is_new)
{
	r->status = 422;
	struct sup_settings_outcome o = {.text = req_t(r, "milestone.err_invalid_form"), .diags = d, .is_error = 1, .posted = m, .posted_is_new = is_new};
	return settings_page(r, &o);
}

static enum status done(struct req *r, const char *text)
{
	struct sup_settings_outcome o = {.text = text};
	return settings_page(r, &o);
}

/* A whole-number form field into *value (*has set when present); text that is no number is
 * listed (the operation checks the range). */
static void form_int(struct req *r, const char *name, int *has, int *value, struct diag_list *errs)
{
	const char *v = req_form(r, name);
	int64_t x;
	*has = v != NULL;
	if (v && !num_parse_int(str_trim(str_of(v)), -1000000, 1000000, &x))
		(void)app_refuse(errs, ST_INVALID, name, "bad_value", "notice.err_rule_value", "%s is a whole number", name);
	else if (v)
		*value = (int)x;
}

/* POST /admin/supervision/rules/CODE: name, enabled (a checkbox: absent means off), days. */
enum status page_admin_sup_rule_post(struct req *r)
{
	struct diag_list *errs = req_errs(r);
	struct sup_rule *rule;
	struct app_rule_change in = {.name_zh = req_form(r, "name_zh"), .has_enabled = 1, .is_enabled = req_form(r, "enabled") != NULL};
	form_int(r, "grace_days", &in.has_grace_days, &in.grace_days, errs);
	form_int(r, "reply_days", &in.has_reply_days, &in.reply_days, errs);
	form_int(r, "escalate_days", &in.has_escalate_days, &in.escalate_days, errs);
	form_int(r, "periods", &in.has_periods, &in.periods, errs);
	enum status rc = app_notice_rule_update(req_app(r), r->params[0], &in, &rule, errs);
	if (rc == ST_INVALID)
		return refused_rule(r, r->params[0], errs);
	if (rc != ST_OK)
		return rc;
	return done(r, req_t(r, "admin.saved"));
}

/* A text field, trimmed; NULL when absent or empty. */
static const char *form_text(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	if (!v)
		return NULL;
	struct str t = str_trim(str_of(v));
	return t.len ? arena_strndup(r->arena, t.p, t.len) : NULL;
}

/* Save one milestone from its form: code from the path (edit) or the form (new). */
static enum status save_milestone(struct req *r, const char *code, int is_new)
{
	struct diag_list *errs = req_errs(r);
	int64_t measure = 0;
	const char *m = is_new ? req_form(r, "measure") : NULL;
	if (m && !num_parse_int(str_trim(str_of(m)), 1, 9999, &measure))
		measure = 0;
	struct sup_milestone in = {
		.code = code ? code : "",
		.measure = (int)measure,
		.title_zh = form_text(r, "title_zh"),
		.owner = form_text(r, "owner"),
		.due_date = form_text(r, "due_date"),
		.deliverable_zh = form_text(r, "deliverable_zh"),
		.indicators = form_text(r, "indicators"),
		.done_on = form_text(r, "done_on"),
	};
	struct sup_milestone *saved;
	int was_new, was_changed;
	enum status rc = app_milestone_save(req_app(r), &in, is_new ? APP_MILESTONE_NEW : APP_MILESTONE_EDIT, &saved, &was_new,
					    &was_changed, errs);
	if (rc == ST_INVALID) {
		struct sup_milestone *shown = arena_alloc(r->arena, sizeof(*shown));
		*shown = in;
		return refused_milestone(r, errs, shown, is_new);
	}
	if (rc != ST_OK)
		return rc;
	return done(r, req_t(r, was_new ? "supadmin.added" : was_changed ? "admin.saved" : "supadmin.unchanged"));
}

enum status page_admin_milestone_post(struct req *r)
{
	return save_milestone(r, r->params[0], 0);
}

enum status page_admin_milestone_add(struct req *r)
{
	return save_milestone(r, form_text(r, "code"), 1);
}

/* POST /admin/supervision/import: a 任务分解表 (CSV or XLSX), checked, stored unless a dry run. */
enum status page_admin_milestones_import(struct req *r)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	const struct form_field *file = multipart_field(r, "file");
	if (!file || !file->filename || !file->len)
		return refused(r, "supadmin.err_no_file", NULL);
	struct milestones_opts opts = {.is_dry_run = multipart_field(r, "dry_run") != NULL};
	struct milestones_result res = {0};
	struct diag_list *d = req_errs(r);
	rc = app_milestones_import(req_app(r), file->filename, file->data, file->len, &opts, &res, d);
	if (rc == ST_INVALID || rc == ST_TOO_LARGE)
		return refused(r, "supadmin.import_refused", d);
	if (rc != ST_OK)
		return rc;
	const char *text = arena_printf(r->arena, "%s %zu / %zu / %zu / %zu (%s)",
					req_t(r, opts.is_dry_run ? "supadmin.import_checked" : "supadmin.import_done"), res.n_rows,
					res.n_new, res.n_changed, res.n_unchanged, req_t(r, "supadmin.import_counts"));
	return done(r, text);
}
