/* page_entry.c - data entry for reporters and the department: a form of the indicators the
 * user may report for one region and period, checked (a dry run, errors shown beside the
 * inputs) before it is saved as drafts or submitted; and file import: upload, a preview of
 * what will change with the row errors in a table, then commit. Works without JavaScript. */
#include <string.h>

#include "app/imports.h"
#include "app/owed.h"
#include "app/values.h"
#include "base/clock.h"
#include "core/period.h"
#include "ingest/import.h"
#include "report/explain.h"
#include "report/fmt.h"
#include "web/api.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/multipart.h"
#include "web/pages.h"
#include "web/render_entry.h"
#include "web/route.h"
#include "base/banned.h"

/* ---- the entry form --------------------------------------------------------------------- */

/* The form's field of a cell: "v.IND.REGION" (codes hold no dot). */
static const char *field_name(struct req *r, char kind, const struct plan *p, const struct app_owed *o)
{
	return arena_printf(r->arena, "%c.%s.%s", kind, p->indicators[o->indicator].code, p->regions[o->region].code);
}

/* What the renderer writes: the view and the rows as typed (one per cell). */
struct entry_form {
	const struct entry_view *v;
	const struct entry_row *rows;
};

static void region_select(struct req *r, const struct entry_form *f)
{
	struct buf *b = &r->out;
	bw(b, "<select id=\"region\" name=\"region\"><option value=\"\">");
	html_esc(b, req_t(r, "entry.all_mine"));
	bw(b, "</option>");
	for (size_t g = 0; g < f->v->plan->n_regions; g++) {
		if (!f->v->may_region[g])
			continue;
		bw(b, "<option value=\"");
		html_esc(b, f->v->plan->regions[g].code);
		bw(b, (int)g == f->v->region ? "\" selected>" : "\">");
		html_esc(b, i18n_pick(r->lang, f->v->plan->regions[g].name_zh, f->v->plan->regions[g].name_en));
		bw(b, "</option>");
	}
	bw(b, "</select>");
}

static void actions(struct req *r)
{
	struct buf *b = &r->out;
	bw(b, "<p class=\"actions\"><button type=\"submit\" name=\"do\" value=\"check\">");
	html_esc(b, req_t(r, "entry.check"));
	bw(b, "</button> <button type=\"submit\" name=\"do\" value=\"draft\">");
	html_esc(b, req_t(r, "entry.save_draft"));
	bw(b, "</button> <button type=\"submit\" name=\"do\" value=\"submit\">");
	html_esc(b, req_t(r, "entry.submit"));
	bw(b, "</button></p>\n");
}

/* The rows' errors summarised at the top, each a link to its input; focused on load (app.js). */
static void error_summary(struct req *r, const struct entry_form *f, const char *message)
{
	struct buf *b = &r->out;
	bw(b, "<div class=\"error-summary\" id=\"errors\" role=\"alert\" tabindex=\"-1\" data-focus><p>");
	html_esc(b, message);
	bw(b, "</p><ul>");
	for (size_t k = 0; k < f->v->n; k++) {
		if (!f->rows[k].error)
			continue;
		const struct app_owed *o = &f->v->cells[k];
		bw(b, "<li><a href=\"#");
		html_esc(b, field_name(r, 'v', f->v->plan, o));
		bw(b, "\">");
		html_esc(b, i18n_pick(r->lang, f->v->plan->regions[o->region].name_zh, f->v->plan->regions[o->region].name_en));
		bw(b, " · ");
		html_esc(b, i18n_pick(r->lang, f->v->plan->indicators[o->indicator].name_zh, f->v->plan->indicators[o->indicator].name_en));
		bw(b, "</a>: ");
		html_esc(b, f->rows[k].error);
		bw(b, "</li>");
	}
	bw(b, "</ul></div>\n");
}

/* An input of the entry grid: attrs is a literal of this file; error_of, when not NULL, names
 * the field whose error message describes this one (aria-describedby). */
static void input(struct req *r, const struct plan *p, const struct app_owed *o, char kind, const char *value,
		  const char *attrs, const char *label_key, const char *error_of)
{
	struct buf *b = &r->out;
	const char *name = field_name(r, kind, p, o);
	bw(b, "<input name=\"");
	html_esc(b, name);
	bw(b, "\" ");
	h_raw(b, attrs); /* raw: a literal attribute list of this file's callers */
	if (error_of)
		hf(b, " aria-invalid=\"true\" aria-describedby=\"e.%s\"", error_of);
	if (label_key) {
		bw(b, " aria-label=\"");
		html_esc(b, req_t(r, label_key));
		bw(b, "\"");
	} else {
		bw(b, " id=\"");
		html_esc(b, name);
		bw(b, "\"");
	}
	bw(b, " value=\"");
	html_esc(b, value ? value : "");
	bw(b, "\">");
}

static void row_html(struct req *r, const struct entry_form *f, size_t k)
{
	struct buf *b = &r->out;
	const struct app_owed *o = &f->v->cells[k];
	const struct entry_row *row = &f->rows[k];
	const struct indicator *d = &f->v->plan->indicators[o->indicator];
	const char *vname = field_name(r, 'v', f->v->plan, o);
	bw(b, row->error ? "<tr class=\"has-error\"><th scope=\"row\"><label for=\"" : "<tr><th scope=\"row\"><label for=\"");
	html_esc(b, vname);
	bw(b, "\">");
	html_esc(b, i18n_pick(r->lang, d->name_zh, d->name_en));
	bw(b, "</label>");
	if (row->error) {
		bw(b, "<p class=\"error\" id=\"e.");
		html_esc(b, vname);
		bw(b, "\">");
		html_esc(b, row->error);
		bw(b, "</p>");
	} else if (row->change) {
		bw(b, "<p class=\"ok\">");
		html_esc(b, req_t(r, arena_printf(r->arena, "entry.change_%s", row->change)));
		bw(b, "</p>");
	}
	bw(b, "</th><td>");
	html_esc(b, fmt_unit(r->lang, d));
	bw(b, "</td><td>");
	const struct obs *latest = o->latest;
	if (latest) {
		html_value(r, latest->value, latest->qualifier, d, 0);
		bw(b, " <span class=\"muted\">");
		html_esc(b, req_t(r, arena_printf(r->arena, "obs_status.%s", obs_status_name(latest->status))));
		bw(b, "</span>");
		if (latest->status == OBS_RETURNED && latest->reason) {
			bw(b, "<br><span class=\"flag\">");
			html_esc(b, latest->reason);
			bw(b, "</span>");
		}
	} else {
		bw(b, "—");
	}
	bw(b, "</td><td>");
	input(r, f->v->plan, o, 'v', row->value, "size=\"10\" inputmode=\"decimal\"", NULL, row->error ? vname : NULL);
	bw(b, "</td><td>");
	input(r, f->v->plan, o, 's', row->source, "size=\"16\"", "col.source", NULL);
	bw(b, "</td><td>");
	input(r, f->v->plan, o, 'u', row->url, "size=\"16\" type=\"url\"", "entry.source_url", NULL);
	bw(b, "</td><td>");
	input(r, f->v->plan, o, 'n', row->note, "size=\"12\"", "col.note", NULL);
	bw(b, "</td></tr>\n");
}

void render_entry(struct req *r, const struct entry_view *v, const struct entry_row *rows, const char *message, int is_error)
{
	const struct entry_form form = {v, rows}, *f = &form;
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "entry.title"), "entry");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "entry.title"));
	bw(b, "</h1>\n<p class=\"links\"><a href=\"/entry/import\">");
	html_esc(b, req_t(r, "entry.to_import"));
	bw(b, "</a> · <a href=\"/entry/template.xlsx?period=");
	url_esc(b, f->v->period);
	if (f->v->region >= 0) {
		bw(b, "&amp;region=");
		url_esc(b, f->v->plan->regions[f->v->region].code);
		if (f->v->is_every)
			bw(b, "&amp;every=1");
	}
	bw(b, "\" download>");
	html_esc(b, req_t(r, "entry.template"));
	bw(b, "</a></p>\n<form class=\"inline\" method=\"get\" action=\"/entry\"><label for=\"region\">");
	html_esc(b, req_t(r, "col.region"));
	bw(b, "</label>");
	region_select(r, f);
	bw(b, "<label for=\"period\">");
	html_esc(b, req_t(r, "col.period"));
	bw(b, "</label><input id=\"period\" name=\"period\" size=\"8\" value=\"");
	html_esc(b, f->v->period);
	bw(b, f->v->is_every ? "\"><label><input type=\"checkbox\" name=\"every\" value=\"1\" checked> "
			  : "\"><label><input type=\"checkbox\" name=\"every\" value=\"1\"> ");
	html_esc(b, req_t(r, "entry.every"));
	bw(b, "</label><button type=\"submit\">");
	html_esc(b, req_t(r, "entry.show"));
	bw(b, "</button></form>\n");
	int has_row_errors = 0;
	for (size_t k = 0; k < f->v->n; k++)
		has_row_errors |= f->rows[k].error != NULL;
	if (message && has_row_errors) {
		error_summary(r, f, message);
	} else if (message) {
		hf(b, "<p class=\"%s\" role=\"%s\"", is_error ? "error" : "ok", is_error ? "alert" : "status");
		bw(b, is_error ? " id=\"errors\" tabindex=\"-1\" data-focus" : "");
		bw(b, ">");
		html_esc(b, message);
		bw(b, "</p>\n");
	}
	if (f->v->n == 0) {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, f->v->region >= 0 ? "entry.nothing" : "entry.nothing_owed"));
		bw(b, "</p>\n");
		page_end(r);
		return;
	}
	bw(b, "<form method=\"post\" action=\"/entry\">");
	html_csrf_field(r);
	bw(b, "<input type=\"hidden\" name=\"region\" value=\"");
	if (f->v->region >= 0)
		html_esc(b, f->v->plan->regions[f->v->region].code);
	bw(b, "\"><input type=\"hidden\" name=\"period\" value=\"");
	html_esc(b, f->v->period);
	bw(b, f->v->is_every ? "\"><input type=\"hidden\" name=\"every\" value=\"1\">\n" : "\">\n");
	bw(b, "<p class=\"muted\">");
	html_esc(b, req_t(r, "entry.owed_count"));
	hf(b, " %zu</p>\n", f->v->n);
	actions(r);
	bw(b, "<table class=\"entry\"><thead><tr>");
	const char *cols[] = {"col.indicator", "col.unit", "entry.current", "col.value", "col.source", "entry.source_url", "col.note"};
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		bw(b, "<th scope=\"col\">");
		html_esc(b, req_t(r, cols[i]));
		bw(b, "</th>");
	}
	bw(b, "</tr></thead>\n");
	for (size_t k = 0; k < f->v->n; k++) {
		if (k == 0 || f->v->cells[k].region != f->v->cells[k - 1].region) {
			const struct region *g = &f->v->plan->regions[f->v->cells[k].region];
			bw(b, k ? "</tbody><tbody>" : "<tbody>");
			bw(b, "<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"7\">");
			html_esc(b, i18n_pick(r->lang, g->name_zh, g->name_en));
			bw(b, "</th></tr>\n");
		}
		row_html(r, f, k);
	}
	bw(b, "</tbody></table>\n");
	actions(r);
	bw(b, "</form>\n");
	page_end(r);
}

/* The form the handlers work on: the view and a row per cell for what was typed. */
struct entry_page {
	struct entry_view v;
	struct entry_row *rows;
};

/* The form for the request's region, period and every (query on GET, form on POST). */
static enum status form_of(struct req *r, int is_post, struct entry_page *f)
{
	const char *(*get)(struct req *, const char *) = is_post ? req_form : req_query;
	enum status rc = app_entry_view(req_app(r), get(r, "region"), get(r, "period"), get(r, "every"), &f->v, req_errs(r));
	if (rc != ST_OK)
		return rc;
	f->rows = arena_calloc(r->arena, f->v.n + 1, sizeof(*f->rows));
	return ST_OK;
}

static enum status render_form(struct req *r, const struct entry_page *f, const char *message, int is_error)
{
	render_entry(r, &f->v, f->rows, message, is_error);
	return ST_OK;
}

enum status page_entry(struct req *r)
{
	struct entry_page f;
	enum status rc = form_of(r, 0, &f);
	if (rc != ST_OK)
		return rc;
	return render_form(r, &f, NULL, 0);
}

enum status page_entry_template(struct req *r)
{
	struct entry_page f;
	enum status rc = form_of(r, 0, &f);
	if (rc != ST_OK)
		return rc;
	buf_reset(&r->out);
	rc = app_owed_template(req_app(r), f.v.plan, f.v.cells, f.v.n, f.v.period, r->lang == LANG_EN, &r->out);
	if (rc != ST_OK)
		return rc;
	r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	req_add_header(r, "Content-Disposition",
		       arena_printf(r->arena, "attachment; filename=\"innomon-template-%s%s%s.xlsx\"", f.v.period,
				    f.v.region >= 0 ? "-" : "", f.v.region >= 0 ? f.v.plan->regions[f.v.region].code : ""));
	return ST_OK;
}

enum status page_entry_post(struct req *r)
{
	struct entry_page f;
	enum status rc = form_of(r, 1, &f);
	if (rc != ST_OK)
		return rc;
	const char *what = req_form(r, "do");
	const struct plan *p = f.v.plan;

	/* the filled rows become a sheet, checked exactly like an import */
	struct sheet sh;
	memset(&sh, 0, sizeof(sh));
	sh.file = "form";
	sh.rows = arena_calloc(r->arena, f.v.n + 2, sizeof(*sh.rows));
	static const char *const head[] = {"indicator", "region", "period", "value", "source", "source_url", "note"};
	struct str *hc = arena_alloc(r->arena, 7 * sizeof(*hc));
	for (size_t k = 0; k < 7; k++)
		hc[k] = str_of(head[k]);
	sh.rows[sh.n_rows++] = (struct sheet_row){hc, 7, 0};
	size_t *row_of_line = arena_calloc(r->arena, f.v.n + 2, sizeof(size_t));
	for (size_t k = 0; k < f.v.n; k++) {
		const struct app_owed *o = &f.v.cells[k];
		struct entry_row *row = &f.rows[k];
		row->value = req_form(r, field_name(r, 'v', p, o));
		row->source = req_form(r, field_name(r, 's', p, o));
		row->url = req_form(r, field_name(r, 'u', p, o));
		row->note = req_form(r, field_name(r, 'n', p, o));
		if (!row->value || str_trim(str_of(row->value)).len == 0)
			continue;
		struct str *c = arena_alloc(r->arena, 7 * sizeof(*c));
		c[0] = str_of(p->indicators[o->indicator].code), c[1] = str_of(p->regions[o->region].code), c[2] = str_of(f.v.period);
		c[3] = str_trim(str_of(row->value)), c[4] = str_trim(str_of(row->source));
		c[5] = str_trim(str_of(row->url)), c[6] = str_trim(str_of(row->note));
		row_of_line[sh.n_rows] = k;
		sh.rows[sh.n_rows] = (struct sheet_row){c, 7, (long)sh.n_rows};
		sh.n_rows++;
	}
	if (sh.n_rows == 1)
		return render_form(r, &f, req_t(r, "entry.empty"), 1);
	int is_check = !what || strcmp(what, "check") == 0;
	enum obs_status st = what && strcmp(what, "submit") == 0 ? OBS_SUBMITTED : OBS_DRAFT;
	struct import_result res;
	struct diag_list d;
	diag_init(&d, r->arena);
	rc = app_values_enter(req_app(r), &sh, st, NULL, is_check, &res, &d);
	if (rc != ST_OK && rc != ST_INVALID && rc != ST_DENIED)
		return rc;
	const char *form_errors = NULL;
	for (size_t i = 0; i < d.n; i++) {
		if (d.items[i].is_warning)
			continue;
		if (d.items[i].line > 0 && (size_t)d.items[i].line < sh.n_rows) {
			struct entry_row *row = &f.rows[row_of_line[d.items[i].line]];
			if (!row->error)
				row->error = diag_text(r, p, &d.items[i]);
		} else if (!form_errors) {
			form_errors = diag_text(r, p, &d.items[i]); /* not about one row: said at the top */
		}
	}
	if (rc != ST_OK) {
		r->status = status_http_code(rc);
		return render_form(r, &f, form_errors ? form_errors : req_t(r, "entry.has_errors"), 1);
	}
	for (size_t i = 0; i < res.n_changes; i++)
		for (size_t k = 0; k < f.v.n; k++)
			if (strcmp(p->indicators[f.v.cells[k].indicator].code, res.changes[i].after.indicator) == 0 &&
			    strcmp(p->regions[f.v.cells[k].region].code, res.changes[i].after.region) == 0)
				f.rows[k].change = res.changes[i].before ? "revised" : "new";
	if (!is_check) {
		/* what was written shows as the current value */
		rc = app_values_owed(req_app(r), p, f.v.region, f.v.period, f.v.is_every, &f.v.cells, &f.v.n, req_errs(r));
		if (rc != ST_OK)
			return rc;
	}
	const char *msg = is_check ? "entry.checked" : st == OBS_SUBMITTED ? "entry.submitted" : "entry.saved";
	return render_form(r, &f, req_t(r, msg), 0);
}

/* ---- file import ------------------------------------------------------------------------ */

enum status page_import(struct req *r)
{
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "import.title"), "entry");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "import.title"));
	bw(b, "</h1>\n");
	const char *msg = req_query(r, "msg");
	if (msg && strcmp(msg, "cancelled") == 0) {
		bw(b, "<p class=\"ok\" role=\"status\">");
		html_esc(b, req_t(r, "import.cancelled"));
		bw(b, "</p>\n");
	}
	bw(b, "<p>");
	html_esc(b, req_t(r, "import.intro"));
	bw(b, "</p>\n<form class=\"stack\" method=\"post\" action=\"/entry/import\" enctype=\"multipart/form-data\">");
	html_csrf_field(r);
	bw(b, "<label for=\"file\">");
	html_esc(b, req_t(r, "import.file"));
	bw(b, "</label><input id=\"file\" name=\"file\" type=\"file\" required accept=\".csv,.txt,.xlsx\"><label for=\"sheet\">");
	html_esc(b, req_t(r, "import.sheet"));
	bw(b, "</label><input id=\"sheet\" name=\"sheet\"><label for=\"encoding\">");
	html_esc(b, req_t(r, "import.encoding"));
	bw(b, "</label><select id=\"encoding\" name=\"encoding\"><option value=\"\">");
	html_esc(b, req_t(r, "import.encoding_auto"));
	bw(b, "</option><option value=\"utf-8\">UTF-8</option><option value=\"gbk\">GBK</option></select><button type=\"submit\">");
	html_esc(b, req_t(r, "import.check"));
	bw(b, "</button></form>\n");
	page_end(r);
	return ST_OK;
}

/* Build the view of an import's check or commit and render it. */
static enum status import_result_page(struct req *r, const struct upload *u, enum status rc, const struct import_result *res,
				      const struct diag_list *d, int is_done)
{
	struct import_view v;
	enum status vrc = app_import_view(req_app(r), u, rc, res, d, is_done, &v);
	if (vrc != ST_OK)
		return vrc;
	render_import(r, &v);
	return ST_OK;
}

enum status page_import_post(struct req *r)
{
	const struct form_field *file = multipart_field(r, "file");
	const struct form_field *sheet = multipart_field(r, "sheet"), *enc = multipart_field(r, "encoding");
	if (!file || !file->len) {
		r->status = 422;
		page_import(r);
		return ST_OK;
	}
	struct upload u;
	struct import_result res;
	struct diag_list d;
	diag_init(&d, r->arena);
	struct app_file f = {file->filename, file->data, file->len, NULL};
	struct app_read_opts ro = {enc ? enc->data : NULL, sheet ? sheet->data : NULL};
	enum status rc = app_upload_add(req_app(r), &f, &ro, &u, &res, &d);
	if ((rc == ST_INVALID || rc == ST_DENIED || rc == ST_TOO_LARGE) && d.n) {
		/* refused: nothing is kept; the check's findings are the answer */
		r->status = status_http_code(rc);
		return import_result_page(r, &u, rc, &res, &d, 0);
	}
	if (rc != ST_OK)
		return rc;
	req_redirect(r, arena_printf(r->arena, "/entry/imports/%lld", u.id));
	return ST_OK;
}

void render_import(struct req *r, const struct import_view *v)
{
	const struct plan *p = v->plan;
	const struct upload *u = v->upload;
	const struct import_result *res = v->res;
	const struct diag_list *d = v->diags;
	enum status rc = v->rc;
	int is_done = v->is_done;
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "import.preview"), "entry");
	bw(b, "<h1>");
	html_esc(b, req_t(r, is_done ? "import.done" : "import.preview"));
	bw(b, "</h1>\n<dl class=\"facts\"><dt>");
	html_esc(b, req_t(r, "import.file"));
	bw(b, "</dt><dd>");
	html_esc(b, u->file_name);
	bw(b, "</dd><dt>");
	html_esc(b, req_t(r, "import.summary"));
	hf(b, "</dt><dd class=\"summary\">%zu / %zu / %zu / %zu</dd></dl>\n", res->n_rows, res->n_new, res->n_revised, res->n_unchanged);
	bw(b, "<p class=\"muted\">");
	html_esc(b, req_t(r, "import.summary_legend"));
	bw(b, "</p>\n");
	size_t n_err = 0;
	for (size_t i = 0; i < d->n; i++)
		n_err += !d->items[i].is_warning;
	if (d->n) {
		bw(b, "<h2>");
		html_esc(b, req_t(r, n_err ? "import.errors" : "import.warnings"));
		bw(b, "</h2>\n");
		html_diag_table(r, p, d);
	}
	if (rc == ST_OK && res->n_changes) {
		bw(b, "<h2>");
		html_esc(b, req_t(r, is_done ? "import.written" : "import.would_change"));
		bw(b, "</h2>\n<table class=\"changes\"><thead><tr>");
		const char *cols[] = {"import.row", "col.indicator", "col.region", "col.period", "import.before", "import.after"};
		for (size_t i = 0; i < 6; i++) {
			bw(b, "<th scope=\"col\">");
			html_esc(b, req_t(r, cols[i]));
			bw(b, "</th>");
		}
		bw(b, "</tr></thead><tbody>\n");
		for (size_t i = 0; i < res->n_changes && i < 500; i++) {
			const struct import_change *ch = &res->changes[i];
			int ind = plan_find_indicator(p, ch->after.indicator), g = plan_find_region(p, ch->after.region);
			hf(b, "<tr><td class=\"num\">%ld</td><td>", ch->line);
			html_esc(b, ind >= 0 ? i18n_pick(r->lang, p->indicators[ind].name_zh, p->indicators[ind].name_en) : ch->after.indicator);
			bw(b, "</td><td>");
			html_esc(b, g >= 0 ? i18n_pick(r->lang, p->regions[g].name_zh, p->regions[g].name_en) : ch->after.region);
			bw(b, "</td><td>");
			html_esc(b, ch->after.period);
			bw(b, "</td><td class=\"num\">");
			if (ch->before && ind >= 0)
				html_value(r, ch->before->value, ch->before->qualifier, &p->indicators[ind], 0);
			else
				bw(b, "—");
			bw(b, "</td><td class=\"num\">");
			if (ind >= 0)
				html_value(r, ch->after.value, ch->after.qualifier, &p->indicators[ind], 0);
			bw(b, "</td></tr>\n");
		}
		bw(b, "</tbody></table>\n");
	}
	if (!is_done && rc == ST_OK && res->n_changes && !u->committed_at) {
		/* the department's import is approved at once only where the four-eyes rule is off */
		int is_approved = v->commit_approves;
		hf(b, "<div class=\"actions\"><form class=\"inline\" method=\"post\" action=\"/entry/imports/%lld/commit\">", u->id);
		html_csrf_field(r);
		bw(b, "<button type=\"submit\">");
		html_esc(b, req_t(r, is_approved ? "import.commit_approve" : "import.commit_submit"));
		hf(b, "</button></form> <form class=\"inline\" method=\"post\" action=\"/entry/imports/%lld/cancel\">", u->id);
		html_csrf_field(r);
		bw(b, "<button type=\"submit\" class=\"secondary\">");
		html_esc(b, req_t(r, "import.cancel"));
		bw(b, "</button></form></div>\n");
	} else if (!is_done && rc != ST_OK) {
		bw(b, "<p><a href=\"/entry/import\">");
		html_esc(b, req_t(r, "import.again"));
		bw(b, "</a></p>\n");
	}
	page_end(r);
}

enum status page_import_preview(struct req *r)
{
	struct upload *u;
	enum status rc = upload_own(r, r->params[0], &u);
	if (rc != ST_OK)
		return rc;
	struct import_result res;
	struct diag_list d;
	diag_init(&d, r->arena);
	rc = app_upload_check(req_app(r), u, &res, &d);
	if (rc != ST_OK && rc != ST_INVALID && rc != ST_DENIED && rc != ST_TOO_LARGE)
		return rc;
	/* the preview itself is the answer, errors and all: 200 */
	return import_result_page(r, u, rc, &res, &d, 0);
}

enum status page_import_commit(struct req *r)
{
	struct upload *u;
	enum status rc = upload_own(r, r->params[0], &u);
	if (rc != ST_OK)
		return rc;
	struct import_result res;
	struct diag_list d;
	diag_init(&d, r->arena);
	rc = upload_commit(r, u, NULL, &res, &d);
	if (rc != ST_OK && rc != ST_INVALID && rc != ST_DENIED && rc != ST_TOO_LARGE)
		return rc; /* committed before (or meanwhile): 409 */
	if (rc != ST_OK)
		r->status = status_http_code(rc);
	return import_result_page(r, u, rc, &res, &d, rc == ST_OK);
}

enum status page_import_cancel(struct req *r)
{
	struct upload *u;
	struct diag_list d;
	diag_init(&d, r->arena);
	enum status rc = upload_own(r, r->params[0], &u);
	if (rc == ST_OK)
		rc = app_upload_cancel(req_app(r), u, &d);
	if (rc != ST_OK)
		return rc; /* committed or cancelled before (or meanwhile): 409 */
	req_redirect(r, "/entry/import?msg=cancelled");
	return ST_OK;
}

void html_diag_table(struct req *r, const struct plan *p, const struct diag_list *d)
{
	struct buf *b = &r->out;
	bw(b, "<table class=\"errors\"><thead><tr>");
	const char *cols[] = {"import.row", "import.column", "col.value", "import.problem"};
	for (size_t i = 0; i < 4; i++) {
		bw(b, "<th scope=\"col\">");
		html_esc(b, req_t(r, cols[i]));
		bw(b, "</th>");
	}
	bw(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *x = &d->items[i];
		hf(b, "<tr class=\"%s\"><td class=\"num\">", x->is_warning ? "warning" : "error");
		if (x->line > 0) /* a form's problems have no row */
			hf(b, "%ld", x->line);
		bw(b, "</td><td>");
		html_esc(b, x->field ? x->field : "");
		bw(b, "</td><td>");
		html_esc(b, x->value ? x->value : "");
		bw(b, "</td><td>");
		html_esc(b, diag_text(r, p, x));
		bw(b, "</td></tr>\n");
	}
	bw(b, "</tbody></table>\n");
}

void html_outcome(struct req *r, const struct plan *p, const char *text, int is_error, const struct diag_list *d)
{
	struct buf *b = &r->out;
	hf(b, "<div class=\"%s\" role=\"%s\"><p>", is_error ? "error" : "ok", is_error ? "alert" : "status");
	html_esc(b, text);
	bw(b, "</p>");
	if (d && d->n)
		html_diag_table(r, p, d);
	bw(b, "</div>\n");
}

const char *diag_text(struct req *r, const struct plan *p, const struct diag *d)
{
	if (r->lang == LANG_EN)
		return d->msg;
	const char *t = i18n_find(r->lang, arena_printf(r->arena, "diag.%s", d->code));
	if (t) {
		/* {candidates}: what a message ends with after its last ": " (an ambiguous name's) */
		static const char *const keys[] = {"value", "field", "candidates"};
		const char *tail = d->msg ? strrchr(d->msg, ':') : NULL;
		const char *vals[] = {d->value ? d->value : "", d->field ? d->field : "", tail ? tail + 1 + (tail[1] == ' ') : ""};
		struct buf b;
		buf_init(&b, 4096);
		i18n_fill(&b, t, keys, vals, 3);
		const char *out = arena_strdup(r->arena, buf_str(&b));
		buf_release(&b);
		return out;
	}
	for (size_t i = 0; p && i < p->n_rules; i++)
		if (strcmp(p->rules[i].code, d->code) == 0 && p->rules[i].note_zh)
			return arena_printf(r->arena, "%s（%s）", p->rules[i].note_zh, d->msg);
	return d->msg;
}
