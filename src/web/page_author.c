/* page_author.c - authoring a plan in the browser (admins; app/plan_author.h): GET
 * /admin/plans/new (the upload form and the template, GET /admin/plans/template.xlsx), POST
 * /admin/plans/new (the workbook checked: every problem with its sheet, row and column, or kept
 * and shown at GET /admin/plans/uploads/ID: what it would create), POST
 * /admin/plans/uploads/ID/create (the plan created as a draft, then edited on /admin/plan and
 * put in force there). */
#include <string.h>

#include "app/plan_author.h"
#include "base/num.h"
#include "report/fmt.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/multipart.h"
#include "web/pages.h"
#include "web/route.h"
#include "base/banned.h"

/* Excel's name of 1-based column n: A..Z, AA.. */
static const char *column_letters(struct req *r, int n)
{
	char s[8];
	size_t k = sizeof(s) - 1;
	s[k] = '\0';
	while (n > 0 && k > 0) {
		n--;
		s[--k] = (char)('A' + n % 26);
		n /= 26;
	}
	return arena_strdup(r->arena, s + k);
}

static void upload_form(struct req *r)
{
	struct buf *b = &r->out;
	bw(b, "<form class=\"stack\" method=\"post\" action=\"/admin/plans/new\" enctype=\"multipart/form-data\">");
	html_csrf_field(r);
	bw(b, "<label for=\"file\">");
	html_esc(b, req_t(r, "author.file"));
	bw(b, "</label><input id=\"file\" name=\"file\" type=\"file\" required accept=\".xlsx\"><button type=\"submit\">");
	html_esc(b, req_t(r, "author.check"));
	bw(b, "</button></form>\n");
}

/* Every problem: sheet, row, column (its letter), field, the value, why. */
static void problems(struct req *r, const struct diag_list *d)
{
	struct buf *b = &r->out;
	bw(b, "<h2 id=\"problems\">");
	html_esc(b, req_t(r, "author.problems"));
	hf(b, " (%zu)</h2>\n<table class=\"errors\"><thead><tr>", diag_errors(d));
	static const char *const cols[] = {"author.col.sheet", "import.row", "import.column", "author.col.field", "col.value",
					   "import.problem"};
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		bw(b, "<th scope=\"col\">");
		html_esc(b, req_t(r, cols[i]));
		bw(b, "</th>");
	}
	bw(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *x = &d->items[i];
		hf(b, "<tr class=\"%s\"><td>", x->is_warning ? "warning" : "error");
		html_esc(b, x->sheet ? x->sheet : "");
		bw(b, "</td><td class=\"num\">");
		if (x->line > 0)
			hf(b, "%ld", x->line);
		bw(b, "</td><td>");
		if (x->col > 0)
			html_esc(b, column_letters(r, x->col));
		bw(b, "</td><td>");
		html_esc(b, x->field ? x->field : "");
		bw(b, "</td><td>");
		html_esc(b, x->value ? x->value : "");
		bw(b, "</td><td>");
		html_esc(b, req_diag_text(r, x));
		if (r->lang == LANG_ZH && strcmp(req_diag_text(r, x), x->msg) != 0) {
			bw(b, " <span class=\"muted\" lang=\"en\">");
			html_esc(b, x->msg);
			bw(b, "</span>");
		}
		bw(b, "</td></tr>\n");
	}
	if (d->n_dropped)
		hf(b, "<tr><td colspan=\"6\">… +%zu</td></tr>\n", d->n_dropped);
	bw(b, "</tbody></table>\n");
}

static void intro(struct req *r)
{
	struct buf *b = &r->out;
	bw(b, "<p>");
	html_esc(b, req_t(r, "author.intro"));
	bw(b, "</p>\n<p><a href=\"/admin/plans/template.xlsx\" download>");
	html_esc(b, req_t(r, "author.template"));
	bw(b, "</a></p>\n");
}

static enum status new_page(struct req *r, const struct diag_list *d)
{
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "author.title"), "admin_plan");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "author.title"));
	bw(b, "</h1>\n");
	intro(r);
	if (d && d->n) {
		bw(b, "<div class=\"error\" role=\"alert\"><p>");
		html_esc(b, req_t(r, "author.refused"));
		bw(b, "</p></div>\n");
		problems(r, d);
	}
	upload_form(r);
	page_end(r);
	return ST_OK;
}

enum status page_author(struct req *r)
{
	return new_page(r, NULL);
}

enum status page_author_template(struct req *r)
{
	enum status rc = app_plan_template(req_app(r), &r->out);
	if (rc != ST_OK)
		return rc;
	r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	req_add_header(r, "Content-Disposition", "attachment; filename=\"plan-template.xlsx\"");
	return ST_OK;
}

enum status page_author_post(struct req *r)
{
	const struct form_field *file = multipart_field(r, "file");
	struct diag_list *d = req_errs(r);
	if (!file || !file->len) {
		(void)app_refuse(d, ST_INVALID, "file", "missing", "author.err.no_file", "choose the workbook to upload");
		r->status = 422;
		return new_page(r, d);
	}
	struct plan_author_result res;
	enum status rc = app_plan_author_check(req_app(r), file->filename, file->data, file->len, 1, &res, d);
	if (rc == ST_INVALID || rc == ST_TOO_LARGE) {
		/* nothing is kept: the problems are the answer */
		r->status = status_http_code(rc);
		return new_page(r, d);
	}
	if (rc != ST_OK)
		return rc;
	req_redirect(r, arena_printf(r->arena, "/admin/plans/uploads/%lld", res.upload_id));
	return ST_OK;
}

static void fact(struct req *r, const char *key, const char *value)
{
	bw(&r->out, "<dt>");
	html_esc(&r->out, req_t(r, key));
	bw(&r->out, "</dt><dd>");
	html_esc(&r->out, value);
	bw(&r->out, "</dd>");
}

static void count_row(struct req *r, const char *key, size_t n)
{
	bw(&r->out, "<tr><th scope=\"row\">");
	html_esc(&r->out, req_t(r, key));
	hf(&r->out, "</th><td class=\"num\">%zu</td></tr>", n);
}

/* What the workbook would create: the plan's facts, its parts counted, its indicators with
 * their targets. */
static void preview(struct req *r, const struct plan *p, int is_new_version)
{
	struct buf *b = &r->out;
	const struct plan_info *in = &p->info;
	bw(b, "<h2>");
	html_esc(b, req_t(r, is_new_version ? "author.would_version" : "author.would_create"));
	bw(b, "</h2>\n<dl class=\"facts\" id=\"would-create\">");
	struct buf iss;
	buf_init(&iss, 4096);
	fmt_issuers(&iss, r->lang, in);
	fact(r, "units.code", in->code);
	fact(r, "plans.col.title", in->title_zh);
	fact(r, "plans.col.issuer", buf_str(&iss));
	fact(r, "plans.col.doc_no", in->doc_no ? in->doc_no : req_t(r, "plans.no_doc_no"));
	fact(r, "plans.col.period", arena_printf(r->arena, "%s – %s", in->issued, in->valid_until));
	buf_release(&iss);
	bw(b, "</dl>\n<table class=\"counts\"><tbody>");
	size_t n_head = 0;
	for (size_t i = 0; i < p->n_indicators; i++)
		n_head += p->indicators[i].is_headline;
	count_row(r, "author.n_goals", p->n_goals);
	count_row(r, "author.n_indicators", p->n_indicators);
	count_row(r, "author.n_headline", n_head);
	count_row(r, "author.n_targets", p->n_targets);
	count_row(r, "author.n_actions", p->n_actions);
	count_row(r, "author.n_measures", p->n_measures);
	count_row(r, "author.n_units", p->n_units);
	count_row(r, "author.n_regions", p->n_regions);
	count_row(r, "author.n_rules", p->n_rules);
	bw(b, "</tbody></table>\n<h3>");
	html_esc(b, req_t(r, "admin.targets"));
	bw(b, "</h3>\n<ul class=\"targets\">");
	for (size_t i = 0; i < p->n_targets && i < 500; i++) {
		const struct target *t = &p->targets[i];
		const struct indicator *d = &p->indicators[t->indicator];
		struct buf tt;
		buf_init(&tt, 1024);
		fmt_target(&tt, r->lang, t, d);
		bw(b, "<li>");
		html_esc(b, d->name_zh);
		bw(b, " · ");
		html_esc(b, p->regions[t->region].name_zh);
		hf(b, " · %d: ", t->year);
		html_esc(b, buf_str(&tt));
		bw(b, "</li>");
		buf_release(&tt);
	}
	bw(b, "</ul>\n");
}

static enum status upload_page(struct req *r, long long id, enum status rc, const struct plan_author_result *res,
			       const struct diag_list *d)
{
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "author.preview"), "admin_plan");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "author.preview"));
	bw(b, "</h1>\n");
	if (res->is_not_workbook) {
		/* nothing of it is a plan: say so, and where a file of values is previewed */
		bw(b, "<div class=\"error\" role=\"alert\" id=\"not-workbook\"><p>");
		html_esc(b, req_t(r, "author.err.not_workbook"));
		hf(b, "</p><p><a href=\"/entry/imports/%lld\">", id);
		html_esc(b, req_t(r, "author.values_preview"));
		bw(b, "</a></p></div>\n");
	} else if (d->n) {
		bw(b, "<div class=\"error\" role=\"alert\"><p>");
		html_esc(b, req_t(r, "author.refused"));
		bw(b, "</p></div>\n");
		problems(r, d);
	}
	if (res->plan)
		preview(r, res->plan, res->is_new_version);
	if (rc == ST_OK) {
		hf(b, "<form method=\"post\" action=\"/admin/plans/uploads/%lld/create\">", id);
		html_csrf_field(r);
		bw(b, "<button type=\"submit\">");
		html_esc(b, req_t(r, "author.create"));
		bw(b, "</button></form>\n");
	} else {
		upload_form(r);
	}
	page_end(r);
	return ST_OK;
}

/* GET .../uploads/ID (is_create 0: the preview) or POST .../uploads/ID/create. */
static enum status author_upload(struct req *r, int is_create)
{
	int64_t id;
	if (!num_parse_int(str_of(r->params[0]), 1, INT64_MAX, &id))
		return ST_NOT_FOUND;
	struct diag_list *d = req_errs(r);
	struct plan_author_result res;
	enum status rc = app_plan_author_upload(req_app(r), id, is_create, &res, d);
	if (rc == ST_INVALID) {
		/* the preview itself is the answer, problems and all (200); a refused creation 422;
		 * an upload that is no plan workbook has no preview here (404, said in words) */
		r->status = res.is_not_workbook ? 404 : is_create ? 422 : 200;
		return upload_page(r, id, rc, &res, d);
	}
	if (rc != ST_OK)
		return rc;
	if (!is_create)
		return upload_page(r, id, rc, &res, d);
	/* the draft's own page: edit it, put it in force (codes are [a-z0-9_-]: safe in a URL) */
	req_redirect(r, arena_printf(r->arena, "/admin/plan?plan=%s&created=%d", res.plan->info.code, res.version));
	return ST_OK;
}

enum status page_author_upload(struct req *r)
{
	return author_upload(r, 0);
}

enum status page_author_create(struct req *r)
{
	return author_upload(r, 1);
}
