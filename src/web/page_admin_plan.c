/* page_admin_plan.c - plan editing for admins in the browser (GET /admin/plan, an indicator's
 * form at /admin/plan/indicators/CODE, and the POSTs of targets, rules and indicators). The
 * forms become the same edits as the JSON API (app_plan_edit): checked like a plan folder and
 * saved as a new plan version, so the old version stays readable. */
#include <string.h>

#include "app/plan.h"
#include "base/num.h"
#include "report/fmt.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/route.h"
#include "base/banned.h"

/* The posted form as the typed members of an edit: an empty number is null; text that is not
 * a number stays text, so the edit refuses it as a wrong kind as it would from the API. */
static void form_fields(struct req *r, enum plan_edit_kind kind, struct plan_edit *e)
{
	const char *const *names = app_plan_edit_fields(kind);
	size_t n = 0;
	while (names[n])
		n++;
	struct edit_field *fs = arena_calloc(r->arena, n + 1, sizeof(*fs));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const char *v = req_form(r, names[i]);
		if (!v)
			continue;
		struct str t = str_trim(str_of(v));
		struct edit_field *f = &fs[k++];
		int number = app_plan_edit_field_is_number(kind, names[i]);
		double d;
		int64_t x;
		f->name = names[i];
		if (number && t.len == 0)
			f->kind = EDIT_NULL;
		else if (number == 2 && num_parse_int(t, -1000000, 1000000, &x))
			f->kind = EDIT_NUMBER, f->number = (double)x, f->is_integer = 1;
		else if (number == 1 && num_parse_double(t, &d))
			f->kind = EDIT_NUMBER, f->number = d;
		else
			f->kind = EDIT_TEXT, f->text = arena_strndup(r->arena, t.p, t.len);
	}
	e->fields = fs;
	e->n_fields = k;
}

static void message(struct req *r, const char *text, const struct diag_list *details)
{
	struct buf *b = &r->out;
	hf(b, "<div class=\"%s\" role=\"%s\"><p>", details ? "error" : "ok", details ? "alert" : "status");
	html_esc(b, text);
	bw(b, "</p>");
	if (details && details->n) {
		bw(b, "<ul>");
		for (size_t i = 0; i < details->n; i++) {
			const struct diag *d = &details->items[i];
			bw(b, "<li>");
			if (d->field) {
				bw(b, "<code>");
				html_esc(b, d->field);
				bw(b, "</code> ");
			}
			/* the checker's sentence is English; in Chinese it follows a translated gist */
			const char *gist = d->key ? req_t(r, d->key)
				: r->lang == LANG_ZH && d->code ? i18n_find(LANG_ZH, arena_printf(r->arena, "diag.%s", d->code))
								: NULL;
			if (gist && !strchr(gist, '{')) {
				html_esc(b, gist);
				bw(b, " <span class=\"muted\" lang=\"en\">");
				html_esc(b, d->msg);
				bw(b, "</span>");
			} else {
				html_esc(b, d->msg);
			}
			bw(b, "</li>");
		}
		bw(b, "</ul>");
	}
	bw(b, "</div>\n");
}

static void cmp_select(struct req *r, enum cmp_op sel)
{
	bw(&r->out, "<select name=\"comparator\" aria-label=\"");
	html_esc(&r->out, req_t(r, "admin.comparator"));
	bw(&r->out, "\">");
	for (int c = CMP_NONE + 1; c < CMP__COUNT; c++) {
		bw(&r->out, "<option value=\"");
		html_esc(&r->out, cmp_name((enum cmp_op)c));
		bw(&r->out, (enum cmp_op)c == sel ? "\" selected>" : "\">");
		html_esc(&r->out, cmp_name((enum cmp_op)c));
		bw(&r->out, "</option>");
	}
	bw(&r->out, "</select>");
}

static void num_input(struct req *r, const char *name, int has, double v, const char *label_key)
{
	hf(&r->out, "<input name=\"%s\" size=\"7\" inputmode=\"decimal\" aria-label=\"", name);
	html_esc(&r->out, req_t(r, label_key));
	bw(&r->out, "\" value=\"");
	if (has)
		hf(&r->out, "%.15g", v);
	bw(&r->out, "\">");
}

static void text_input(struct req *r, const char *name, const char *value, const char *label_key, int size)
{
	hf(&r->out, "<input name=\"%s\" size=\"%d\" aria-label=\"", name, size);
	html_esc(&r->out, req_t(r, label_key));
	bw(&r->out, "\" value=\"");
	html_esc(&r->out, value ? value : "");
	bw(&r->out, "\">");
}

/* What a rule may apply to, offered as the applies input is typed: "*", each indicator's code
 * (its name shown), each unit of measure as "unit:<unit>". */
static void applies_list(struct req *r, const struct plan *p)
{
	struct buf *b = &r->out;
	bw(b, "<datalist id=\"applies-list\"><option value=\"*\">");
	html_esc(b, req_t(r, "admin.applies_all"));
	bw(b, "</option>");
	for (size_t i = 0; i < p->n_indicators; i++) {
		bw(b, "<option value=\"");
		html_esc(b, p->indicators[i].code);
		bw(b, "\">");
		html_esc(b, i18n_pick(r->lang, p->indicators[i].name_zh, p->indicators[i].name_en));
		bw(b, "</option>");
	}
	for (size_t i = 0; i < p->n_indicators; i++) {
		int is_seen = 0; /* each unit once */
		for (size_t k = 0; k < i && !is_seen; k++)
			is_seen = strcmp(p->indicators[k].unit_zh, p->indicators[i].unit_zh) == 0;
		if (is_seen || !*p->indicators[i].unit_zh)
			continue;
		bw(b, "<option value=\"unit:");
		html_esc(b, p->indicators[i].unit_zh);
		bw(b, "\"></option>");
	}
	bw(b, "</datalist>\n");
}

static void button(struct req *r, const char *what, const char *key)
{
	hf(&r->out, "<button type=\"submit\" name=\"do\" value=\"%s\">", what);
	html_esc(&r->out, req_t(r, key));
	bw(&r->out, "</button>");
}

static enum status plan_page(struct req *r, const char *msg, const struct diag_list *details)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "admin.plan"), "admin_plan");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "admin.plan"));
	hf(b, "</h1>\n<p class=\"muted\">%s %d. ", req_t(r, "plan.version"), p->info.version);
	html_esc(b, req_t(r, "admin.plan_intro"));
	bw(b, "</p>\n");
	if (msg)
		message(r, msg, details);
	bw(b, "<h2>");
	html_esc(b, req_t(r, "admin.targets"));
	bw(b, "</h2>\n<table class=\"edit\"><tbody>\n");
	for (size_t i = 0; i < p->n_targets; i++) {
		const struct target *t = &p->targets[i];
		const struct indicator *d = &p->indicators[t->indicator];
		bw(b, "<tr><th scope=\"row\">");
		html_esc(b, i18n_pick(r->lang, d->name_zh, d->name_en));
		bw(b, " · ");
		html_esc(b, i18n_pick(r->lang, p->regions[t->region].name_zh, p->regions[t->region].name_en));
		hf(b, " · %d</th><td><form class=\"inline\" method=\"post\" action=\"/admin/plan/targets/%s/%s/%d\">", t->year,
		    d->code, p->regions[t->region].code, t->year);
		html_csrf_field(r);
		cmp_select(r, t->cmp);
		num_input(r, "value", t->has_value, t->value, "admin.value");
		num_input(r, "value_max", t->has_value_max, t->value_max, "admin.value_max");
		text_input(r, "note_zh", t->note_zh, "col.note", 14);
		button(r, "save", "admin.save");
		button(r, "delete", "admin.delete");
		bw(b, "</form></td></tr>\n");
	}
	bw(b, "</tbody></table>\n<h2>");
	html_esc(b, req_t(r, "admin.rules"));
	bw(b, "</h2>\n<table class=\"edit\"><tbody>\n");
	applies_list(r, p);
	static const char *const kinds[] = {"range", "non_negative", "positive_integer", "children_le_parent", "yoy_jump"};
	for (size_t i = 0; i <= p->n_rules; i++) {
		const struct rule *x = i < p->n_rules ? &p->rules[i] : NULL;
		bw(b, "<tr><th scope=\"row\">");
		if (x)
			html_esc(b, x->code);
		else {
			html_esc(b, req_t(r, "admin.new_rule"));
		}
		bw(b, "</th><td><form class=\"inline\" method=\"post\" action=\"/admin/plan/rules");
		if (x) {
			bwc(b, '/');
			html_esc(b, x->code);
		}
		bw(b, "\">");
		html_csrf_field(r);
		if (!x)
			text_input(r, "code", NULL, "units.code", 12);
		bw(b, "<select name=\"kind\" aria-label=\"");
		html_esc(b, req_t(r, "units.kind"));
		bw(b, "\">");
		for (int k = 0; k < 5; k++)
			hf(b, "<option value=\"%s\"%s>%s</option>", kinds[k], x && (int)x->kind == k ? " selected" : "", kinds[k]);
		bw(b, "</select>");
		bw(b, "<input name=\"applies\" size=\"14\" list=\"applies-list\" aria-label=\"");
		html_esc(b, req_t(r, "admin.applies"));
		bw(b, "\" value=\"");
		html_esc(b, x ? x->applies : "*");
		bw(b, "\">");
		num_input(r, "min", x && x->has_min, x ? x->min : 0, "admin.min");
		num_input(r, "max", x && x->has_max, x ? x->max : 0, "admin.max");
		hf(b, "<select name=\"severity\" aria-label=\"%s\"><option value=\"error\"%s>error</option>"
		       "<option value=\"warning\"%s>warning</option></select>",
		    req_t(r, "admin.severity"), x && !x->is_warning ? " selected" : "", x && x->is_warning ? " selected" : "");
		text_input(r, "note_zh", x ? x->note_zh : NULL, "col.note", 16);
		button(r, "save", x ? "admin.save" : "admin.add");
		if (x)
			button(r, "delete", "admin.delete");
		bw(b, "</form></td></tr>\n");
	}
	bw(b, "</tbody></table>\n<h2>");
	html_esc(b, req_t(r, "admin.indicators"));
	bw(b, "</h2>\n<ul class=\"columns\">");
	for (size_t i = 0; i < p->n_indicators; i++) {
		hf(b, "<li><a href=\"/admin/plan/indicators/%s\">", p->indicators[i].code);
		html_esc(b, i18n_pick(r->lang, p->indicators[i].name_zh, p->indicators[i].name_en));
		bw(b, "</a></li>");
	}
	bw(b, "</ul>\n");
	page_end(r);
	return ST_OK;
}

enum status page_admin_plan(struct req *r)
{
	return plan_page(r, NULL, NULL);
}

/* Apply the posted edit e (its key set) and show the plan page with the outcome. */
static enum status apply(struct req *r, struct plan_edit *e)
{
	if (e->kind != PLAN_EDIT_TARGET_DELETE && e->kind != PLAN_EDIT_RULE_DELETE)
		form_fields(r, e->kind, e);
	struct diag_list *errs = req_errs(r);
	struct plan_edit_result res;
	enum status rc = app_plan_edit(req_app(r), e, &res, errs);
	r->plan_cache = NULL; /* show the version just saved */
	if (rc == ST_INVALID) {
		r->status = 422;
		return plan_page(r, req_t(r, "error.plan_invalid"), errs);
	}
	if (rc != ST_OK)
		return rc;
	return plan_page(r, arena_printf(r->arena, "%s %d", req_t(r, "admin.saved_version"), res.version), NULL);
}

/* The target of the path (/admin/plan/targets/INDICATOR/REGION/YEAR). */
static struct plan_edit target_key(struct req *r, enum plan_edit_kind kind)
{
	int64_t y;
	struct plan_edit e = {.kind = kind, .code = r->params[0], .region = r->params[1]};
	e.year = num_parse_int(str_of(r->params[2]), 1900, 2200, &y) ? (int)y : 0;
	return e;
}

enum status page_admin_target_post(struct req *r)
{
	const char *what = req_form(r, "do");
	struct plan_edit e = target_key(r, what && strcmp(what, "delete") == 0 ? PLAN_EDIT_TARGET_DELETE : PLAN_EDIT_TARGET);
	return apply(r, &e);
}

enum status page_admin_rule_post(struct req *r)
{
	const char *what = req_form(r, "do");
	struct plan_edit e = {.kind = what && strcmp(what, "delete") == 0 ? PLAN_EDIT_RULE_DELETE : PLAN_EDIT_RULE,
			      .code = r->params[0]};
	return apply(r, &e);
}

enum status page_admin_rule_add(struct req *r)
{
	const char *code = req_form(r, "code");
	if (!code || !code_is_valid(code)) {
		struct diag_list *errs = req_errs(r);
		(void)app_refuse(errs, ST_INVALID, "code", "bad_value", "admin.bad_code", "not a code");
		r->status = 422;
		return plan_page(r, req_t(r, "error.plan_invalid"), errs);
	}
	struct plan_edit e = {.kind = PLAN_EDIT_RULE, .code = code};
	return apply(r, &e);
}

static enum status indicator_page(struct req *r, const char *msg, const struct diag_list *details)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	int i = plan_find_indicator(p, r->params[0]);
	if (i < 0)
		return ST_NOT_FOUND;
	const struct indicator *d = &p->indicators[i];
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "admin.edit_indicator"), "admin_plan");
	bw(b, "<p class=\"crumbs\"><a href=\"/admin/plan\">");
	html_esc(b, req_t(r, "admin.plan"));
	bw(b, "</a></p>\n<h1>");
	html_esc(b, i18n_pick(r->lang, d->name_zh, d->name_en));
	bw(b, "</h1>\n");
	if (msg)
		message(r, msg, details);
	hf(b, "<form class=\"stack wide\" method=\"post\" action=\"/admin/plan/indicators/%s\">", d->code);
	html_csrf_field(r);
	static const char *const fields[] = {"name_zh", "name_en", "unit_zh", "unit_en", "definition_zh", "definition_en"};
	const char *values[] = {d->name_zh, d->name_en, d->unit_zh, d->unit_en, d->definition_zh, d->definition_en};
	for (size_t k = 0; k < 6; k++) {
		hf(b, "<label for=\"%s\">", fields[k]);
		html_esc(b, req_t(r, arena_printf(r->arena, "admin.field_%s", fields[k])));
		hf(b, "</label><input id=\"%s\" name=\"%s\" value=\"", fields[k], fields[k]);
		html_esc(b, values[k] ? values[k] : "");
		bw(b, "\">");
	}
	bw(b, "<label for=\"decimals\">");
	html_esc(b, req_t(r, "admin.field_decimals"));
	hf(b, "</label><input id=\"decimals\" name=\"decimals\" inputmode=\"numeric\" value=\"%d\">", d->decimals);
	button(r, "save", "admin.save");
	bw(b, "</form>\n");
	page_end(r);
	return ST_OK;
}

enum status page_admin_indicator(struct req *r)
{
	return indicator_page(r, NULL, NULL);
}

enum status page_admin_indicator_post(struct req *r)
{
	struct plan_edit e = {.kind = PLAN_EDIT_INDICATOR, .code = r->params[0]};
	form_fields(r, PLAN_EDIT_INDICATOR, &e);
	struct diag_list *errs = req_errs(r);
	struct plan_edit_result res;
	enum status rc = app_plan_edit(req_app(r), &e, &res, errs);
	r->plan_cache = NULL;
	if (rc == ST_INVALID) {
		r->status = 422;
		return indicator_page(r, req_t(r, "error.plan_invalid"), errs);
	}
	if (rc != ST_OK)
		return rc;
	return indicator_page(r, arena_printf(r->arena, "%s %d", req_t(r, "admin.saved_version"), res.version), NULL);
}
