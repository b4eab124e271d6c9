/* page_registries.c - the registries in the browser (GET /registries?kind=K&region=R): the
 * five kinds with their record counts, the current records of one kind (of a region and the
 * regions below it), and for the department an upload form (POST /registries: a registry file,
 * checked all or nothing like `innomon import registry`, the derived indicators recomputed at
 * once: app_registry_import). Signed-in users only: registries are microdata (enterprises,
 * contracts, people). */
#include <string.h>

#include "app/registries.h"
#include "base/num.h"
#include "report/registry_json.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/multipart.h"
#include "web/pages.h"
#include "web/render_work.h"
#include "web/route.h"
#include "base/banned.h"


/* What a POST did, shown above the records. */

static const char *kind_name(struct req *r, enum reg_kind k)
{
	return req_t(r, arena_printf(r->arena, "registry.kind_%s", reg_kind_info(k)->name));
}

static void kind_tabs(struct req *r, enum reg_kind sel, const size_t *counts)
{
	struct buf *b = &r->out;
	bw(b, "<nav class=\"switch\" aria-label=\"");
	html_esc(b, req_t(r, "registry.kinds"));
	bw(b, "\"><ul>");
	for (int k = 0; k < REG_N_KINDS; k++) {
		hf(b, "<li><a href=\"/registries?kind=%s\"", reg_kind_info((enum reg_kind)k)->name);
		bw(b, k == (int)sel ? " aria-current=\"page\"" : "");
		bw(b, ">");
		html_esc(b, kind_name(r, (enum reg_kind)k));
		hf(b, "</a> <span class=\"muted count\">%zu</span></li>", counts[k]);
	}
	bw(b, "</ul></nav>\n");
}

static void region_filter(struct req *r, const struct plan *p, enum reg_kind k, int region)
{
	struct buf *b = &r->out;
	hf(b, "<form class=\"inline\" method=\"get\" action=\"/registries\"><input type=\"hidden\" name=\"kind\" value=\"%s\">",
	    reg_kind_info(k)->name);
	bw(b, "<label for=\"reg-region\">");
	html_esc(b, req_t(r, "col.region"));
	bw(b, "</label> <select id=\"reg-region\" name=\"region\"><option value=\"\">");
	html_esc(b, req_t(r, "registry.all_regions"));
	bw(b, "</option>");
	for (size_t g = 0; g < p->n_regions; g++) {
		bw(b, "<option value=\"");
		html_esc(b, p->regions[g].code);
		bw(b, (int)g == region ? "\" selected>" : "\">");
		html_esc(b, i18n_pick(r->lang, p->regions[g].name_zh, p->regions[g].name_en));
		bw(b, "</option>");
	}
	bw(b, "</select> <button type=\"submit\">");
	html_esc(b, req_t(r, "registry.show"));
	bw(b, "</button></form>\n");
}

/* A field's value as shown: a region by its name, an allowed value by its Chinese name (in
 * Chinese), anything else as stored. */
static void cell(struct req *r, const struct plan *p, const struct reg_field *f, const char *v)
{
	int g = v && f->type == RT_REGION ? plan_find_region(p, v) : -1;
	if (g >= 0) {
		html_esc(&r->out, i18n_pick(r->lang, p->regions[g].name_zh, p->regions[g].name_en));
		return;
	}
	for (size_t i = 0; v && f->type == RT_ENUM && r->lang == LANG_ZH && f->allowed[i]; i++)
		if (strcmp(f->allowed[i], v) == 0) {
			html_esc(&r->out, f->allowed_zh[i]);
			return;
		}
	html_esc(&r->out, v ? v : "—");
}

/* A field's heading: its Chinese or English name, with the unit of a number ("成交额（万元）"). */
static void field_name(struct req *r, const struct reg_field *f)
{
	const char *en = i18n_find(LANG_EN, arena_printf(r->arena, "registry.field_%s", f->name));
	html_esc(&r->out, r->lang == LANG_ZH ? f->name_zh : en ? en : f->name);
	if (f->unit_zh)
		hf(&r->out, r->lang == LANG_ZH ? "（%s）" : " (%s)", r->lang == LANG_ZH ? f->unit_zh : req_t(r, "registry.unit_10k_yuan"));
}

/* A link to page `page` of the records of kind k (and region). */
static void page_link(struct req *r, const struct plan *p, enum reg_kind k, int region, size_t page, const char *key)
{
	hf(&r->out, "<a href=\"/registries?kind=%s", reg_kind_info(k)->name);
	if (region >= 0) {
		bw(&r->out, "&amp;region=");
		html_esc(&r->out, p->regions[region].code);
	}
	hf(&r->out, "&amp;page=%zu\">", page);
	html_esc(&r->out, req_t(r, key));
	bw(&r->out, "</a>");
}

/* The records of the view's page, with their count and the links to the pages before and
 * after. */
static void records_table(struct req *r, const struct registries_view *v)
{
	struct buf *b = &r->out;
	const struct plan *p = v->plan;
	enum reg_kind k = v->kind;
	const struct reg_kind_info *info = reg_kind_info(k);
	bw(b, "<p class=\"summary\">");
	html_esc(b, req_t(r, "registry.count"));
	hf(b, " <strong>%zu</strong>", v->total);
	if (v->pages > 1) {
		bw(b, " · ");
		html_esc(b, req_t(r, "registry.page"));
		hf(b, " %zu / %zu", v->page, v->pages);
		if (v->page > 1) {
			bw(b, " · ");
			page_link(r, p, k, v->region, v->page - 1, "registry.prev");
		}
		if (v->page < v->pages) {
			bw(b, " · ");
			page_link(r, p, k, v->region, v->page + 1, "registry.next");
		}
	}
	bw(b, "</p>\n");
	if (v->n == 0)
		return;
	bw(b, "<div class=\"scroll\"><table class=\"registry\"><thead><tr>");
	for (size_t f = 0; f < info->n_fields; f++) {
		bw(b, "<th scope=\"col\">");
		field_name(r, &info->fields[f]);
		bw(b, "</th>");
	}
	bw(b, "<th scope=\"col\">");
	html_esc(b, req_t(r, "registry.revision"));
	bw(b, "</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < v->n; i++) {
		bw(b, "<tr>");
		for (size_t f = 0; f < info->n_fields; f++) {
			bw(b, info->fields[f].type == RT_NUMBER ? "<td class=\"num\">" : "<td>");
			cell(r, p, &info->fields[f], v->recs[i].vals[f]);
			bw(b, "</td>");
		}
		hf(b, "<td class=\"num\">%d</td></tr>\n", v->recs[i].revision);
	}
	bw(b, "</tbody></table></div>\n");
}

static void upload_form(struct req *r, enum reg_kind sel)
{
	struct buf *b = &r->out;
	bw(b, "<h2 id=\"upload\">");
	html_esc(b, req_t(r, "registry.upload"));
	bw(b, "</h2>\n<p class=\"muted\">");
	html_esc(b, req_t(r, "registry.upload_intro"));
	bw(b, "</p>\n<form class=\"stack\" method=\"post\" action=\"/registries\" enctype=\"multipart/form-data\">");
	html_csrf_field(r);
	bw(b, "<label for=\"up-kind\">");
	html_esc(b, req_t(r, "registry.kind"));
	bw(b, "</label><select id=\"up-kind\" name=\"kind\">");
	for (int k = 0; k < REG_N_KINDS; k++) {
		hf(b, "<option value=\"%s\"%s>", reg_kind_info((enum reg_kind)k)->name, k == (int)sel ? " selected" : "");
		html_esc(b, kind_name(r, (enum reg_kind)k));
		bw(b, "</option>");
	}
	bw(b, "</select><label for=\"up-file\">");
	html_esc(b, req_t(r, "import.file"));
	bw(b, "</label><input id=\"up-file\" type=\"file\" name=\"file\" accept=\".csv,.xlsx\" required>"
	      "<label><input type=\"checkbox\" name=\"dry_run\" value=\"1\"> ");
	html_esc(b, req_t(r, "supadmin.dry_run"));
	bw(b, "</label><button type=\"submit\">");
	html_esc(b, req_t(r, "supadmin.import_button"));
	bw(b, "</button></form>\n");
	/* the columns each file needs, keys in bold: what a person preparing the file must know */
	bw(b, "<table class=\"columns\"><caption>");
	html_esc(b, req_t(r, "registry.columns"));
	bw(b, "</caption><tbody>\n");
	for (int k = 0; k < REG_N_KINDS; k++) {
		const struct reg_kind_info *info = reg_kind_info((enum reg_kind)k);
		bw(b, "<tr><th scope=\"row\">");
		html_esc(b, kind_name(r, (enum reg_kind)k));
		bw(b, "</th><td>");
		for (size_t f = 0; f < info->n_fields; f++) {
			const struct reg_field *x = &info->fields[f];
			bw(b, f ? "、" : "");
			bw(b, x->is_key ? "<strong>" : "");
			html_esc(b, x->name_zh);
			bw(b, " / ");
			html_esc(b, x->name);
			if (x->unit_zh)
				hf(b, r->lang == LANG_ZH ? "（%s）" : " (%s)", r->lang == LANG_ZH ? x->unit_zh : req_t(r, "registry.unit_10k_yuan"));
			bw(b, x->is_key ? "</strong>" : "");
			if (!x->is_key && !x->is_required) {
				bw(b, r->lang == LANG_ZH ? "<span class=\"muted\">（" : " <span class=\"muted\">(");
				html_esc(b, req_t(r, "registry.optional"));
				bw(b, r->lang == LANG_ZH ? "）</span>" : ")</span>");
			}
		}
		bw(b, "</td></tr>\n");
	}
	bw(b, "</tbody></table>\n");
}

void render_registries(struct req *r, const struct registries_view *v, const struct registries_outcome *o)
{
	const struct plan *p = v->plan;
	enum reg_kind k = v->kind;
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "registry.title"), "registries");
	hf(b, "<h1>%s</h1>\n<p class=\"muted\">%s</p>\n", req_t(r, "registry.title"), req_t(r, "registry.intro"));
	if (o && o->text)
		html_outcome(r, p, o->text, o->is_error, o->diags);
	kind_tabs(r, k, v->counts);
	hf(b, "<h2>%s</h2>\n", kind_name(r, k));
	region_filter(r, p, k, v->region);
	records_table(r, v);
	if (v->may_upload)
		upload_form(r, k);
	page_end(r);
}

static enum status registries_page(struct req *r, enum reg_kind k, int region, size_t page,
				   const struct registries_outcome *o)
{
	struct registries_view v;
	enum status rc = app_registries_view(req_app(r), k, region, page, &v);
	if (rc != ST_OK)
		return rc;
	render_registries(r, &v, o);
	return ST_OK;
}

/* The kind named by text (the first kind when absent); 0 when named but unknown. */
static int kind_from(const char *text, enum reg_kind *k)
{
	*k = REG_ENTERPRISES;
	return !text || !*text || reg_kind_parse(text, strlen(text), k);
}

enum status page_registries(struct req *r)
{
	enum reg_kind k;
	if (!kind_from(req_query(r, "kind"), &k))
		return ST_NOT_FOUND;
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	const char *rq = req_query(r, "region");
	int region = rq && *rq ? plan_find_region_any(p, rq) : -1;
	if (rq && *rq && region < 0)
		return ST_NOT_FOUND;
	int64_t page = 1;
	const char *pq = req_query(r, "page");
	if (pq && !num_parse_int(str_of(pq), 1, 1000000, &page))
		return ST_NOT_FOUND;
	return registries_page(r, k, region, (size_t)page, NULL);
}

static enum status refused(struct req *r, enum reg_kind k, const char *key, const struct diag_list *d)
{
	r->status = 422;
	struct registries_outcome o = {req_t(r, key), d, 1};
	return registries_page(r, k, -1, 1, &o);
}

/* POST /registries: kind, file, dry_run (multipart). */
enum status page_registries_post(struct req *r)
{
	const struct form_field *kf = multipart_field(r, "kind"), *file = multipart_field(r, "file");
	enum reg_kind k;
	if (!kind_from(kf ? kf->data : NULL, &k))
		return refused(r, REG_ENTERPRISES, "registry.err_kind", NULL);
	if (!file || !file->filename || !file->len)
		return refused(r, k, "supadmin.err_no_file", NULL);
	int is_dry_run = multipart_field(r, "dry_run") != NULL;
	struct app_file f = {file->filename, file->data, file->len, NULL};
	struct app_registry_result res;
	struct diag_list d;
	diag_init(&d, r->arena);
	enum status rc = app_registry_import(req_app(r), k, &f, NULL, is_dry_run, &res, &d);
	if (rc == ST_INVALID || rc == ST_TOO_LARGE) {
		enum status why = rc;
		rc = refused(r, k, "registry.import_refused", &d);
		r->status = status_http_code(why); /* too large: 413, as every import route */
		return rc;
	}
	if (rc != ST_OK)
		return rc;
	const struct registry_import_result *ir = &res.import;
	struct buf t;
	buf_init(&t, 4096);
	tf(&t, "%s %zu / %zu / %zu / %zu (%s)", req_t(r, is_dry_run ? "supadmin.import_checked" : "supadmin.import_done"),
	    ir->n_rows, ir->n_new, ir->n_revised, ir->n_unchanged, req_t(r, "registry.counts"));
	/* a plan without derived indicators has nothing to say of them */
	if (res.is_recomputed && res.derived_status == ST_OK && res.derived.n_indicators)
		tf(&t, " %s %zu / %zu / %zu / %zu", req_t(r, "registry.derived"), res.derived.n_cells, res.derived.n_new,
		    res.derived.n_revised, res.derived.n_unchanged);
	else if (res.is_recomputed && res.derived_status != ST_OK)
		tf(&t, " %s", req_t(r, "registry.derived_failed"));
	struct registries_outcome o = {arena_strdup(r->arena, buf_str(&t)), NULL, 0};
	buf_release(&t);
	return registries_page(r, k, -1, 1, &o);
}
