/* page_entry.c - data entry for reporters and the department: a form of the indicators the
 * user may report for one region and period, checked (a dry run, errors shown beside the
 * inputs) before it is saved as drafts or submitted; and file import: upload, a preview of
 * what will change with the row errors in a table, then commit. Works without JavaScript. */
#include <string.h>

#include "app/imports.h"
#include "app/values.h"
#include "base/clock.h"
#include "core/period.h"
#include "ingest/import.h"
#include "report/explain.h"
#include "report/fmt.h"
#include "store/store.h"
#include "web/api.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/multipart.h"
#include "web/pages.h"
#include "web/route.h"
#include "base/banned.h"

/* The regions the user may report for, in plan order (department: all). */
static int region_allowed(struct req *r, const struct plan *p, int g)
{
	if (authz_is_department(&r->principal) || r->principal.role == ROLE_UNIT_REPORTER)
		return 1;
	return r->principal.region && strcmp(p->regions[g].code, r->principal.region) == 0;
}

static int indicator_allowed(struct req *r, const struct plan *p, int i, int g)
{
	const struct indicator *d = &p->indicators[i];
	struct scope sc = {d->owner_code, p->regions[g].code};
	return d->kind == IND_REPORTED && authz_check(&r->principal, ACT_WRITE_VALUES, &sc) == ST_OK;
}

/* The region the form is for: ?region=, else the user's own, else the first allowed one. */
static int form_region(struct req *r, const struct plan *p, const char *given)
{
	int g = given ? plan_find_region(p, given) : -1;
	if (g >= 0 && region_allowed(r, p, g))
		return g;
	if (r->principal.region && (g = plan_find_region(p, r->principal.region)) >= 0)
		return g;
	for (size_t k = 0; k < p->n_regions; k++)
		if (region_allowed(r, p, (int)k))
			return (int)k;
	return -1;
}

struct entry_row {
	int indicator;
	const char *value, *source, *url, *note; /* as typed */
	const char *error;                        /* the check's message for this row, or NULL */
	const char *change;                       /* "new" / "revised" / "unchanged" after a check */
};

static void region_select(struct req *r, const struct plan *p, int g_sel)
{
	struct buf *b = &r->out;
	bw(b, "<select id=\"region\" name=\"region\">");
	for (size_t g = 0; g < p->n_regions; g++) {
		if (!region_allowed(r, p, (int)g))
			continue;
		bw(b, "<option value=\"");
		html_esc(b, p->regions[g].code);
		bw(b, (int)g == g_sel ? "\" selected>" : "\">");
		html_esc(b, i18n_pick(r->lang, p->regions[g].name_zh, p->regions[g].name_en));
		bw(b, "</option>");
	}
	bw(b, "</select>");
}

static enum status render_form(struct req *r, const struct plan *p, int g, const char *period, struct entry_row *rows,
			       size_t n, const char *message, int is_error)
{
	struct buf *b = &r->out;
	struct obs *cur;
	size_t n_cur;
	enum status rc = store_obs_history(r->store, r->arena, NULL, p->regions[g].code, period, &cur, &n_cur);
	if (rc != ST_OK)
		return rc;
	page_begin(r, req_t(r, "entry.title"), "entry");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "entry.title"));
	bw(b, "</h1>\n<p><a href=\"/entry/import\">");
	html_esc(b, req_t(r, "entry.to_import"));
	bw(b, "</a></p>\n<form class=\"inline\" method=\"get\" action=\"/entry\"><label for=\"region\">");
	html_esc(b, req_t(r, "col.region"));
	bw(b, "</label>");
	region_select(r, p, g);
	bw(b, "<label for=\"period\">");
	html_esc(b, req_t(r, "col.period"));
	bw(b, "</label><input id=\"period\" name=\"period\" size=\"8\" value=\"");
	html_esc(b, period);
	bw(b, "\"><button type=\"submit\">");
	html_esc(b, req_t(r, "entry.show"));
	bw(b, "</button></form>\n");
	if (message) {
		bwf(b, "<p class=\"%s\" role=\"%s\">", is_error ? "error" : "ok", is_error ? "alert" : "status");
		html_esc(b, message);
		bw(b, "</p>\n");
	}
	if (n == 0) {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "entry.nothing"));
		bw(b, "</p>\n");
		page_end(r);
		return ST_OK;
	}
	bw(b, "<form method=\"post\" action=\"/entry\">");
	html_csrf_field(r);
	bw(b, "<input type=\"hidden\" name=\"region\" value=\"");
	html_esc(b, p->regions[g].code);
	bw(b, "\"><input type=\"hidden\" name=\"period\" value=\"");
	html_esc(b, period);
	bw(b, "\">\n<table class=\"entry\"><thead><tr>");
	const char *cols[] = {"col.indicator", "col.unit", "entry.current", "col.value", "col.source", "entry.source_url", "col.note"};
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		bw(b, "<th scope=\"col\">");
		html_esc(b, req_t(r, cols[i]));
		bw(b, "</th>");
	}
	bw(b, "</tr></thead><tbody>\n");
	for (size_t k = 0; k < n; k++) {
		const struct entry_row *row = &rows[k];
		const struct indicator *d = &p->indicators[row->indicator];
		const struct obs *latest = NULL;
		for (size_t i = 0; i < n_cur; i++)
			if (strcmp(cur[i].indicator, d->code) == 0 && req_obs_visible(r, p, &cur[i]))
				latest = &cur[i]; /* history is oldest first: the last seen is the newest */
		bwf(b, "<tr%s><th scope=\"row\"><label for=\"v_%s\">", row->error ? " class=\"has-error\"" : "", d->code);
		html_esc(b, i18n_pick(r->lang, d->name_zh, d->name_en));
		bw(b, "</label>");
		if (row->error) {
			bwf(b, "<p class=\"error\" id=\"e_%s\">", d->code);
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
		bwf(b, "</td><td><input id=\"v_%s\" name=\"v_%s\" size=\"10\" inputmode=\"decimal\"", d->code, d->code);
		if (row->error)
			bwf(b, " aria-invalid=\"true\" aria-describedby=\"e_%s\"", d->code);
		bw(b, " value=\"");
		html_esc(b, row->value ? row->value : "");
		bwf(b, "\"></td><td><input name=\"s_%s\" size=\"16\" aria-label=\"", d->code);
		html_esc(b, req_t(r, "col.source"));
		bw(b, "\" value=\"");
		html_esc(b, row->source ? row->source : "");
		bwf(b, "\"></td><td><input name=\"u_%s\" size=\"16\" type=\"url\" aria-label=\"", d->code);
		html_esc(b, req_t(r, "entry.source_url"));
		bw(b, "\" value=\"");
		html_esc(b, row->url ? row->url : "");
		bwf(b, "\"></td><td><input name=\"n_%s\" size=\"12\" aria-label=\"", d->code);
		html_esc(b, req_t(r, "col.note"));
		bw(b, "\" value=\"");
		html_esc(b, row->note ? row->note : "");
		bw(b, "\"></td></tr>\n");
	}
	bw(b, "</tbody></table>\n<p class=\"actions\"><button type=\"submit\" name=\"do\" value=\"check\">");
	html_esc(b, req_t(r, "entry.check"));
	bw(b, "</button> <button type=\"submit\" name=\"do\" value=\"draft\">");
	html_esc(b, req_t(r, "entry.save_draft"));
	bw(b, "</button> <button type=\"submit\" name=\"do\" value=\"submit\">");
	html_esc(b, req_t(r, "entry.submit"));
	bw(b, "</button></p></form>\n");
	page_end(r);
	return ST_OK;
}

static struct entry_row *rows_for(struct req *r, const struct plan *p, int g, size_t *n)
{
	struct entry_row *rows = arena_calloc(r->arena, p->n_indicators + 1, sizeof(*rows));
	*n = 0;
	for (size_t i = 0; i < p->n_indicators; i++)
		if (indicator_allowed(r, p, (int)i, g))
			rows[(*n)++].indicator = (int)i;
	return rows;
}

/* The given period, else last year: annual statistics are reported after the year ends. */
static const char *default_period(struct req *r, const char *given)
{
	struct period per;
	if (given && period_parse(given, strlen(given), &per)) {
		char *t = arena_alloc(r->arena, PERIOD_TEXT_MAX);
		period_format(&per, t);
		return t;
	}
	char now[32];
	clock_format_utc(clock_now(), now);
	return arena_printf(r->arena, "%d", (now[0] - '0') * 1000 + (now[1] - '0') * 100 + (now[2] - '0') * 10 + (now[3] - '0') - 1);
}

enum status page_entry(struct req *r)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	int g = form_region(r, p, req_query(r, "region"));
	if (g < 0)
		return ST_DENIED;
	size_t n;
	struct entry_row *rows = rows_for(r, p, g, &n);
	return render_form(r, p, g, default_period(r, req_query(r, "period")), rows, n, NULL, 0);
}

enum status page_entry_post(struct req *r)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	const char *given = req_form(r, "region");
	int g = form_region(r, p, given);
	/* a post writes for the region it names: one outside the user's scope is refused, never
	 * replaced by another (the form's default for GET) */
	if (g < 0 || (given && strcmp(p->regions[g].code, given) != 0))
		return ST_DENIED;
	const char *period = default_period(r, req_form(r, "period"));
	const char *what = req_form(r, "do");
	size_t n;
	struct entry_row *rows = rows_for(r, p, g, &n);

	/* the filled rows become a sheet, checked exactly like an import */
	struct sheet sh;
	memset(&sh, 0, sizeof(sh));
	sh.file = "form";
	sh.rows = arena_calloc(r->arena, n + 1, sizeof(*sh.rows));
	static const char *const head[] = {"indicator", "region", "period", "value", "source", "source_url", "note"};
	struct str *hc = arena_alloc(r->arena, 7 * sizeof(*hc));
	for (size_t k = 0; k < 7; k++)
		hc[k] = str_of(head[k]);
	sh.rows[sh.n_rows++] = (struct sheet_row){hc, 7, 0};
	size_t *row_of_line = arena_calloc(r->arena, n + 1, sizeof(size_t));
	for (size_t k = 0; k < n; k++) {
		const char *code = p->indicators[rows[k].indicator].code;
		rows[k].value = req_form(r, arena_printf(r->arena, "v_%s", code));
		rows[k].source = req_form(r, arena_printf(r->arena, "s_%s", code));
		rows[k].url = req_form(r, arena_printf(r->arena, "u_%s", code));
		rows[k].note = req_form(r, arena_printf(r->arena, "n_%s", code));
		if (!rows[k].value || str_trim(str_of(rows[k].value)).len == 0)
			continue;
		struct str *c = arena_alloc(r->arena, 7 * sizeof(*c));
		c[0] = str_of(code), c[1] = str_of(p->regions[g].code), c[2] = str_of(period);
		c[3] = str_trim(str_of(rows[k].value)), c[4] = str_trim(str_of(rows[k].source));
		c[5] = str_trim(str_of(rows[k].url)), c[6] = str_trim(str_of(rows[k].note));
		row_of_line[sh.n_rows] = k;
		sh.rows[sh.n_rows] = (struct sheet_row){c, 7, (long)sh.n_rows};
		sh.n_rows++;
	}
	if (sh.n_rows == 1)
		return render_form(r, p, g, period, rows, n, req_t(r, "entry.empty"), 1);
	int is_check = !what || strcmp(what, "check") == 0;
	enum obs_status st = what && strcmp(what, "submit") == 0 ? OBS_SUBMITTED : OBS_DRAFT;
	struct import_result res;
	struct diag_list d;
	diag_init(&d, r->arena);
	rc = app_values_enter(req_app(r), &sh, st, NULL, is_check, &res, &d);
	if (rc != ST_OK && rc != ST_INVALID && rc != ST_DENIED)
		return rc;
	for (size_t i = 0; i < d.n; i++)
		if (d.items[i].line > 0 && (size_t)d.items[i].line < sh.n_rows && !rows[row_of_line[d.items[i].line]].error)
			rows[row_of_line[d.items[i].line]].error = diag_text(r, p, &d.items[i]);
	if (rc != ST_OK) {
		r->status = 422;
		return render_form(r, p, g, period, rows, n, req_t(r, "entry.has_errors"), 1);
	}
	for (size_t i = 0; i < res.n_changes; i++)
		for (size_t k = 0; k < n; k++)
			if (strcmp(p->indicators[rows[k].indicator].code, res.changes[i].after.indicator) == 0)
				rows[k].change = res.changes[i].before ? "revised" : "new";
	const char *msg = is_check ? "entry.checked" : st == OBS_SUBMITTED ? "entry.submitted" : "entry.saved";
	return render_form(r, p, g, period, rows, n, req_t(r, msg), 0);
}

/* ---- file import ------------------------------------------------------------------------ */

enum status page_import(struct req *r)
{
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "import.title"), "entry");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "import.title"));
	bw(b, "</h1>\n<p>");
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

static void import_result_page(struct req *r, const struct plan *p, const struct upload *u, enum status rc,
			       const struct import_result *res, const struct diag_list *d, int is_done);

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
		struct plan *p;
		enum status prc = req_plan(r, &p);
		if (prc != ST_OK)
			return prc;
		r->status = status_http_code(rc);
		import_result_page(r, p, &u, rc, &res, &d, 0);
		return ST_OK;
	}
	if (rc != ST_OK)
		return rc;
	req_redirect(r, arena_printf(r->arena, "/entry/imports/%lld", u.id));
	return ST_OK;
}

static void import_result_page(struct req *r, const struct plan *p, const struct upload *u, enum status rc,
			       const struct import_result *res, const struct diag_list *d, int is_done)
{
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
	bwf(b, "</dt><dd class=\"summary\">%zu / %zu / %zu / %zu</dd></dl>\n", res->n_rows, res->n_new, res->n_revised, res->n_unchanged);
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
			bwf(b, "<tr><td class=\"num\">%ld</td><td>", ch->line);
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
		bwf(b, "<form method=\"post\" action=\"/entry/imports/%lld/commit\">", u->id);
		html_csrf_field(r);
		bw(b, "<button type=\"submit\">");
		html_esc(b, req_t(r, authz_is_department(&r->principal) ? "import.commit_approve" : "import.commit_submit"));
		bw(b, "</button></form>\n");
	} else if (!is_done && rc != ST_OK) {
		bw(b, "<p><a href=\"/entry/import\">");
		html_esc(b, req_t(r, "import.again"));
		bw(b, "</a></p>\n");
	}
	page_end(r);
}

enum status page_import_preview(struct req *r)
{
	struct plan *p;
	struct upload *u;
	enum status rc = req_plan(r, &p);
	if (rc == ST_OK)
		rc = upload_own(r, r->params[0], &u);
	if (rc != ST_OK)
		return rc;
	struct import_result res;
	struct diag_list d;
	diag_init(&d, r->arena);
	rc = app_upload_check(req_app(r), u, &res, &d);
	if (rc != ST_OK && rc != ST_INVALID && rc != ST_DENIED && rc != ST_TOO_LARGE)
		return rc;
	/* the preview itself is the answer, errors and all: 200 */
	import_result_page(r, p, u, rc, &res, &d, 0);
	return ST_OK;
}

enum status page_import_commit(struct req *r)
{
	struct plan *p;
	struct upload *u;
	enum status rc = req_plan(r, &p);
	if (rc == ST_OK)
		rc = upload_own(r, r->params[0], &u);
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
	import_result_page(r, p, u, rc, &res, &d, rc == ST_OK);
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
		bwf(b, "<tr class=\"%s\"><td class=\"num\">", x->is_warning ? "warning" : "error");
		if (x->line > 0) /* a form's problems have no row */
			bwf(b, "%ld", x->line);
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
	bwf(b, "<div class=\"%s\" role=\"%s\"><p>", is_error ? "error" : "ok", is_error ? "alert" : "status");
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
		static const char *const keys[] = {"value", "field"};
		const char *vals[] = {d->value ? d->value : "", d->field ? d->field : ""};
		struct buf b;
		buf_init(&b, 4096);
		i18n_fill(&b, t, keys, vals, 2);
		const char *out = arena_strdup(r->arena, buf_str(&b));
		buf_release(&b);
		return out;
	}
	for (size_t i = 0; p && i < p->n_rules; i++)
		if (strcmp(p->rules[i].code, d->code) == 0 && p->rules[i].note_zh)
			return arena_printf(r->arena, "%s（%s）", p->rules[i].note_zh, d->msg);
	return d->msg;
}
