/* page_admin.c - administration pages: users and roles (GET/POST /admin/users, POST
 * /admin/users/NAME) and the audit trail viewer (GET /admin/audit). Forms only: they work
 * without JavaScript and every post carries the CSRF token. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/users.h"
#include "base/num.h"
#include "base/utf8.h"
#include "web/api.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/render_work.h"
#include "web/route.h"
#include "base/banned.h"

static void role_select(struct req *r, enum role selected)
{
	struct buf *b = &r->out;
	bw(b, "<select name=\"role\" aria-label=\"");
	html_esc(b, req_t(r, "account.role"));
	bw(b, "\">");
	for (int i = ROLE_ADMIN; i <= ROLE_READER; i++) {
		hf(b, "<option value=\"%s\"%s>", role_name((enum role)i), (enum role)i == selected ? " selected" : "");
		html_esc(b, req_t(r, arena_printf(r->arena, "role.%s", role_name((enum role)i))));
		bw(b, "</option>");
	}
	bw(b, "</select>");
}

/* A picker of the plan's units or regions (name and code), "—" for none; the current code kept
 * as an option even when the plan no longer has it, so saving a role does not lose it. */
static void code_select(struct req *r, const char *name, const char *label_key, const char *current, const char *const *codes,
			const char *const *names_zh, const char *const *names_en, size_t n, size_t stride)
{
	struct buf *b = &r->out;
	int is_found = !current;
	hf(b, "<select name=\"%s\" aria-label=\"", name);
	html_esc(b, req_t(r, label_key));
	bw(b, "\"><option value=\"\">—</option>");
	for (size_t i = 0; i < n; i++) {
		const char *code = *(const char *const *)((const char *)codes + i * stride);
		const char *zh = *(const char *const *)((const char *)names_zh + i * stride);
		const char *en = *(const char *const *)((const char *)names_en + i * stride);
		int is_sel = current && strcmp(current, code) == 0;
		is_found |= is_sel;
		bw(b, "<option value=\"");
		html_esc(b, code);
		bw(b, is_sel ? "\" selected>" : "\">");
		html_esc(b, i18n_pick(r->lang, zh, en));
		bw(b, " (");
		html_esc(b, code);
		bw(b, ")</option>");
	}
	if (!is_found) {
		bw(b, "<option selected value=\"");
		html_esc(b, current);
		bw(b, "\">");
		html_esc(b, current);
		bw(b, "</option>");
	}
	bw(b, "</select>");
}

static void scope_inputs(struct req *r, const struct plan *p, const struct user *u)
{
	if (!p || !p->n_units || !p->n_regions)
		return; /* no plan yet: nothing to pick; the role alone */
	code_select(r, "unit", "admin.unit_code", u ? u->unit : NULL, &p->units[0].code, &p->units[0].name_zh, &p->units[0].name_en,
		    p->n_units, sizeof(p->units[0]));
	code_select(r, "region", "admin.region_code", u ? u->region : NULL, &p->regions[0].code, &p->regions[0].name_zh,
		    &p->regions[0].name_en, p->n_regions, sizeof(p->regions[0]));
}


static enum status users_page_with(struct req *r, const char *message, int is_error, const char *one_time,
				   const struct users_add_form *add);

static enum status users_page(struct req *r, const char *message, int is_error, const char *one_time)
{
	return users_page_with(r, message, is_error, one_time, NULL);
}

void render_admin_users(struct req *r, const struct users_view *v, const char *message, int is_error, const char *one_time,
			const struct users_add_form *add)
{
	const struct user *rows = v->rows;
	size_t n = v->n;
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "admin.users"), "admin_users");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "admin.users"));
	bw(b, "</h1>\n");
	if (message) {
		hf(b, "<p class=\"%s\" role=\"%s\"", is_error ? "error" : "ok", is_error ? "alert" : "status");
		bw(b, is_error ? " id=\"errors\" tabindex=\"-1\" data-focus" : "");
		bw(b, ">");
		if (is_error && add && add->password_error)
			bw(b, "<a href=\"#password2\">");
		html_esc(b, message);
		if (is_error && add && add->password_error)
			bw(b, "</a>");
		if (one_time) {
			bw(b, " <code class=\"secret\">");
			html_esc(b, one_time);
			bw(b, "</code>");
		}
		bw(b, "</p>\n");
	}
	bw(b, "<table class=\"users\"><thead><tr>");
	const char *cols[] = {"signin.name", "account.role", "admin.scope", "admin.state", "admin.actions"};
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		bw(b, "<th scope=\"col\">");
		html_esc(b, req_t(r, cols[i]));
		bw(b, "</th>");
	}
	bw(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct user *u = &rows[i];
		struct buf action;
		buf_init(&action, 512);
		bw(&action, "/admin/users/");
		url_esc(&action, u->name);
		bw(b, "<tr><th scope=\"row\">");
		html_esc(b, u->name);
		bw(b, "</th><td>");
		html_esc(b, req_t(r, arena_printf(r->arena, "role.%s", role_name(u->role))));
		bw(b, "</td><td>");
		html_esc(b, u->unit ? u->unit : u->region ? u->region : "—");
		bw(b, "</td><td>");
		html_esc(b, req_t(r, u->is_disabled ? "admin.disabled" : u->must_change_password ? "admin.must_change" : "admin.active"));
		bw(b, "</td><td><form class=\"inline\" method=\"post\" action=\"");
		html_esc(b, buf_str(&action));
		bw(b, "\">");
		html_csrf_field(r);
		bw(b, "<input type=\"hidden\" name=\"do\" value=\"role\">");
		role_select(r, u->role);
		scope_inputs(r, v->plan, u);
		bw(b, "<button type=\"submit\">");
		html_esc(b, req_t(r, "admin.set_role"));
		bw(b, "</button></form> <form class=\"inline\" method=\"post\" action=\"");
		html_esc(b, buf_str(&action));
		bw(b, "\">");
		html_csrf_field(r);
		hf(b, "<input type=\"hidden\" name=\"do\" value=\"%s\"><button type=\"submit\">", u->is_disabled ? "enable" : "disable");
		html_esc(b, req_t(r, u->is_disabled ? "admin.enable" : "admin.disable"));
		bw(b, "</button></form> <form class=\"inline\" method=\"post\" action=\"");
		html_esc(b, buf_str(&action));
		bw(b, "\">");
		html_csrf_field(r);
		bw(b, "<input type=\"hidden\" name=\"do\" value=\"reset\"><button type=\"submit\">");
		html_esc(b, req_t(r, "admin.reset_password"));
		bw(b, "</button></form></td></tr>\n");
		buf_release(&action);
	}
	bw(b, "</tbody></table>\n<h2>");
	html_esc(b, req_t(r, "admin.add_user"));
	bw(b, "</h2>\n<form class=\"inline\" method=\"post\" action=\"/admin/users\">");
	html_csrf_field(r);
	/* the pattern is compiled with the 'v' flag by browsers: '-' is escaped in a class */
	bw(b, "<input name=\"name\" required pattern=\"[a-z0-9._\\-]{2,64}\" autocomplete=\"off\" placeholder=\"");
	html_esc(b, req_t(r, "signin.name"));
	bw(b, "\" aria-label=\"");
	html_esc(b, req_t(r, "signin.name"));
	bw(b, "\" title=\"");
	html_esc(b, req_t(r, "error.bad_user_name"));
	bw(b, "\" value=\"");
	html_esc(b, add && add->name ? add->name : "");
	bw(b, "\">");
	role_select(r, ROLE_READER);
	scope_inputs(r, v->plan, NULL);
	bw(b, "<label for=\"password\">");
	html_esc(b, req_t(r, "admin.password"));
	bw(b, "</label><input id=\"password\" name=\"password\" type=\"password\" minlength=\"10\" autocomplete=\"new-password\">"
	      "<label for=\"password2\">");
	html_esc(b, req_t(r, "admin.password2"));
	bw(b, "</label><input id=\"password2\" name=\"password2\" type=\"password\" minlength=\"10\" autocomplete=\"new-password\"");
	if (add && add->password_error) {
		bw(b, " aria-invalid=\"true\" aria-describedby=\"password2-error\"><span class=\"error\" id=\"password2-error\">");
		html_esc(b, add->password_error);
		bw(b, "</span>");
	} else {
		bw(b, ">");
	}
	bw(b, "<button type=\"submit\">");
	html_esc(b, req_t(r, "admin.add"));
	bw(b, "</button></form>\n<p class=\"muted\">");
	html_esc(b, req_t(r, "admin.add_hint"));
	bw(b, "</p>\n");
	page_end(r);
}

static enum status users_page_with(struct req *r, const char *message, int is_error, const char *one_time,
				   const struct users_add_form *add)
{
	struct users_view v;
	enum status rc = app_users_view(req_app(r), &v);
	if (rc != ST_OK)
		return rc;
	render_admin_users(r, &v, message, is_error, one_time, add);
	return ST_OK;
}

enum status page_admin_users(struct req *r)
{
	return users_page(r, NULL, 0, NULL);
}

static const char *blank_to_null(const char *s)
{
	return s && *s ? s : NULL;
}

/* Answer a refused change: the users page with every reason, and the status of rc. */
static enum status refused(struct req *r, enum status rc, const struct diag_list *errs)
{
	if (!errs->n)
		return rc;
	r->status = status_http_code(rc);
	return users_page(r, req_errs_text(r, errs), 1, NULL);
}

enum status page_admin_users_post(struct req *r)
{
	struct app_user_new in = {req_form(r, "name"), NULL, ROLE_NONE, NULL, NULL, NULL};
	/* a password chosen here is typed twice; none: the operation makes a one-time password */
	const char *pw = blank_to_null(req_form(r, "password")), *pw2 = blank_to_null(req_form(r, "password2"));
	if ((pw || pw2) && (!pw || !pw2 || strcmp(pw, pw2) != 0)) {
		struct users_add_form add = {in.name, req_t(r, "admin.password_mismatch")};
		r->status = 422;
		return users_page_with(r, add.password_error, 1, NULL, &add);
	}
	in.password = pw;
	const char *rn = req_form(r, "role");
	if (!rn || !role_parse(rn, &in.role))
		in.role = ROLE_NONE;
	/* the form has both scope inputs: only the one the role has counts */
	in.unit = in.role == ROLE_UNIT_REPORTER ? blank_to_null(req_form(r, "unit")) : NULL;
	in.region = in.role == ROLE_REGION_REPORTER ? blank_to_null(req_form(r, "region")) : NULL;
	struct diag_list *errs = req_errs(r);
	struct app_user_result res;
	enum status rc = app_user_add(req_app(r), &in, &res, errs);
	if (rc != ST_OK)
		return refused(r, rc, errs);
	return users_page(r, req_t(r, res.one_time_password ? "admin.added_with_password" : "admin.added"), 0,
			  res.one_time_password);
}

enum status page_admin_user_post(struct req *r)
{
	const char *what = req_form(r, "do");
	struct app_user_change in = {0};
	if (what && strcmp(what, "role") == 0) {
		const char *rn = req_form(r, "role");
		in.has_role = 1;
		if (!rn || !role_parse(rn, &in.role))
			in.role = ROLE_NONE;
		in.unit = in.role == ROLE_UNIT_REPORTER ? blank_to_null(req_form(r, "unit")) : NULL;
		in.region = in.role == ROLE_REGION_REPORTER ? blank_to_null(req_form(r, "region")) : NULL;
	} else if (what && (strcmp(what, "disable") == 0 || strcmp(what, "enable") == 0)) {
		in.has_disabled = 1;
		in.is_disabled = strcmp(what, "disable") == 0;
	} else if (what && strcmp(what, "reset") == 0) {
		in.is_reset = 1;
	} else {
		r->status = 422;
		return users_page(r, req_t(r, "error.bad_request"), 1, NULL);
	}
	struct diag_list *errs = req_errs(r);
	struct app_user_result res;
	enum status rc = app_user_change(req_app(r), r->params[0], &in, &res, errs);
	if (rc != ST_OK)
		return rc == ST_NOT_FOUND ? rc : refused(r, rc, errs);
	if (res.one_time_password)
		return users_page(r, req_t(r, "admin.reset_done"), 0, res.one_time_password);
	return users_page(r, req_t(r, "admin.saved"), 0, NULL);
}

/* A value of an audit record's JSON as text: a string as it is, anything else compact JSON;
 * cut at AUDIT_VALUE_MAX bytes (on a character boundary) with an ellipsis. */
#define AUDIT_VALUE_MAX 160
#define AUDIT_MEMBERS_MAX 12
static void audit_value(struct req *r, json_t *v)
{
	struct buf *b = &r->out;
	if (json_is_null(v)) {
		bw(b, "—");
		return;
	}
	char *dumped = NULL;
	const char *text = json_is_string(v) ? json_string_value(v) : (dumped = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY));
	if (!text) {
		bw(b, "—");
		return;
	}
	size_t len = strlen(text);
	html_esc(b, len > AUDIT_VALUE_MAX ? arena_strndup(r->arena, text, utf8_floor(text, AUDIT_VALUE_MAX)) : text);
	if (len > AUDIT_VALUE_MAX)
		bw(b, "…");
	free(dumped);
}

/* What an audit record changed, readable: for objects, one line per member ("name: value",
 * or "name: before → after" where both records hold it and it differs; members equal on both
 * sides left out), at most AUDIT_MEMBERS_MAX; anything that is not a JSON object as text. */
static void audit_change(struct req *r, const char *before_json, const char *after_json)
{
	struct buf *b = &r->out;
	json_t *before = before_json ? json_loads(before_json, JSON_DECODE_ANY, NULL) : NULL;
	json_t *after = after_json ? json_loads(after_json, JSON_DECODE_ANY, NULL) : NULL;
	if ((before_json && !json_is_object(before)) || (after_json && !json_is_object(after))) {
		if (before) {
			audit_value(r, before);
			bw(b, " → ");
		}
		if (after)
			audit_value(r, after);
		json_decref(before);
		json_decref(after);
		return;
	}
	json_t *shown = after ? after : before;
	const char *key;
	json_t *v;
	size_t k = 0, n_left = 0;
	bw(b, "<ul class=\"change\">");
	json_object_foreach(shown, key, v) {
		json_t *old = after && before ? json_object_get(before, key) : NULL;
		if (old && json_equal(old, v))
			continue;
		if (k++ >= AUDIT_MEMBERS_MAX) {
			n_left++;
			continue;
		}
		hf(b, "<li><span class=\"key\">%s</span>: ", key);
		if (old) {
			audit_value(r, old);
			bw(b, " → ");
		}
		audit_value(r, v);
		bw(b, "</li>");
	}
	if (after && before) { /* members the change removed */
		json_object_foreach(before, key, v) {
			if (json_object_get(after, key))
				continue;
			if (k++ >= AUDIT_MEMBERS_MAX) {
				n_left++;
				continue;
			}
			hf(b, "<li><span class=\"key\">%s</span>: ", key);
			audit_value(r, v);
			bw(b, " → —</li>");
		}
	}
	if (n_left)
		hf(b, "<li>… (+%zu)</li>", n_left);
	bw(b, "</ul>");
	json_decref(before);
	json_decref(after);
}

void render_admin_audit(struct req *r, const struct audit_view *v)
{
	const struct audit_filter f = v->filter;
	const struct audit_event *rows = v->rows;
	size_t n = v->n;
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "admin.audit"), "admin_audit");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "admin.audit"));
	bw(b, "</h1>\n<form class=\"inline\" method=\"get\" action=\"/admin/audit\"><input name=\"actor\" aria-label=\"");
	html_esc(b, req_t(r, "admin.actor"));
	bw(b, "\" placeholder=\"");
	html_esc(b, req_t(r, "admin.actor"));
	bw(b, "\" value=\"");
	html_esc(b, f.actor ? f.actor : "");
	bw(b, "\"><input name=\"action\" aria-label=\"");
	html_esc(b, req_t(r, "admin.action"));
	bw(b, "\" placeholder=\"");
	html_esc(b, req_t(r, "admin.action"));
	bw(b, "\" value=\"");
	html_esc(b, f.action ? f.action : "");
	bw(b, "\"><button type=\"submit\">");
	html_esc(b, req_t(r, "admin.filter"));
	bw(b, "</button></form>\n<table class=\"audit\"><thead><tr>");
	const char *cols[] = {"admin.event", "col.changed_at", "admin.actor", "admin.ip", "admin.action", "admin.object", "admin.change"};
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		bw(b, "<th scope=\"col\">");
		html_esc(b, req_t(r, cols[i]));
		bw(b, "</th>");
	}
	bw(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct audit_event *e = &rows[i];
		hf(b, "<tr><td class=\"num\">%lld</td><td>", e->id);
		html_time(r, e->at);
		bw(b, "</td><td>");
		html_esc(b, e->actor);
		bw(b, "</td><td>");
		html_esc(b, e->ip ? e->ip : "");
		bw(b, "</td><td><code>");
		html_esc(b, e->action);
		bw(b, "</code></td><td>");
		html_esc(b, e->object_type);
		bw(b, " ");
		html_esc(b, e->object_id ? e->object_id : "");
		bw(b, "</td><td class=\"note\">");
		audit_change(r, e->before_json, e->after_json);
		bw(b, "</td></tr>\n");
	}
	bw(b, "</tbody></table>\n");
	if (v->older_id)
		hf(b, "<p><a href=\"/admin/audit?before_id=%lld\">%s</a></p>\n", v->older_id, req_t(r, "admin.older"));
	page_end(r);
}

enum status page_admin_audit(struct req *r)
{
	struct audit_filter f;
	memset(&f, 0, sizeof(f));
	f.actor = blank_to_null(req_query(r, "actor"));
	f.action = blank_to_null(req_query(r, "action"));
	f.limit = 200;
	const char *before = req_query(r, "before_id");
	int64_t id;
	if (before && num_parse_int(str_of(before), 1, INT64_MAX, &id))
		f.before_id = id;
	struct audit_view v;
	enum status rc = app_audit_view(req_app(r), &f, &v);
	if (rc != ST_OK)
		return rc;
	render_admin_audit(r, &v);
	return ST_OK;
}
