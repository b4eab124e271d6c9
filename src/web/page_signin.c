/* page_signin.c - the sign-in page (GET/POST /signin), sign-out (POST /signout) and the
 * account page with the password change (GET /account, POST /account/password). Forms post
 * back to innomon itself; after sign-in the visitor returns to the page they came from. */
#include <string.h>

#include "web/api.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/route.h"
#include "web/server.h"
#include "web/session.h"
#include "base/banned.h"

/* Only a local path may be a redirect target ("/x", never "//host" or "http:"). */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 512)
		return "/";
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p < 0x20)
			return "/";
	return next;
}

static void signin_form(struct req *r, const char *next, const char *error_key, const char *name)
{
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "signin.title"), "signin");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "signin.title"));
	bw(b, "</h1>\n");
	if (error_key) {
		bw(b, "<p class=\"error\" role=\"alert\">");
		html_esc(b, req_t(r, error_key));
		bw(b, "</p>\n");
	}
	bw(b, "<form class=\"stack\" method=\"post\" action=\"/signin\"><input type=\"hidden\" name=\"next\" value=\"");
	html_esc(b, next);
	bw(b, "\"><label for=\"name\">");
	html_esc(b, req_t(r, "signin.name"));
	bw(b, "</label><input id=\"name\" name=\"name\" autocomplete=\"username\" required value=\"");
	html_esc(b, name ? name : "");
	bw(b, "\"><label for=\"password\">");
	html_esc(b, req_t(r, "signin.password"));
	bw(b, "</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>"
	      "<button type=\"submit\">");
	html_esc(b, req_t(r, "signin.submit"));
	bw(b, "</button></form>\n");
	page_end(r);
}

enum status page_signin(struct req *r)
{
	signin_form(r, safe_next(req_query(r, "next")), NULL, NULL);
	return ST_OK;
}

enum status page_signin_post(struct req *r)
{
	const char *name = req_form(r, "name"), *password = req_form(r, "password");
	const char *next = safe_next(req_form(r, "next"));
	struct signin si;
	enum status rc = app_signin(req_app(r), &server_config(r->server)->auth, name, password, r->client_ip, &si);
	if (rc == ST_UNAUTH || rc == ST_THROTTLED) {
		r->status = rc == ST_UNAUTH ? 401 : 429;
		signin_form(r, next, rc == ST_UNAUTH ? "signin.bad_credentials" : "signin.throttled", name);
		return ST_OK;
	}
	if (rc != ST_OK)
		return rc;
	session_set_cookie(r, si.token);
	req_redirect(r, si.principal.must_change_password ? "/account?first=1" : next);
	return ST_OK;
}

enum status page_signout_post(struct req *r)
{
	if (r->session_hash) {
		enum status rc = app_signout(req_app(r), r->session_hash);
		if (rc != ST_OK)
			return rc;
	}
	session_clear_cookie(r);
	req_redirect(r, "/");
	return ST_OK;
}

static void account_page(struct req *r, const char *message_key, int is_error)
{
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "account.title"), "account");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "account.title"));
	bw(b, "</h1>\n<dl class=\"facts\"><dt>");
	html_esc(b, req_t(r, "signin.name"));
	bw(b, "</dt><dd>");
	html_esc(b, r->principal.name);
	bw(b, "</dd><dt>");
	html_esc(b, req_t(r, "account.role"));
	bw(b, "</dt><dd>");
	html_esc(b, req_t(r, arena_printf(r->arena, "role.%s", role_name(r->principal.role))));
	if (r->principal.unit || r->principal.region) {
		bw(b, " · <code>");
		html_esc(b, r->principal.unit ? r->principal.unit : r->principal.region);
		bw(b, "</code>");
	}
	bw(b, "</dd></dl>\n");
	if (r->principal.must_change_password) {
		bw(b, "<p class=\"flag\" role=\"alert\">");
		html_esc(b, req_t(r, "account.must_change"));
		bw(b, "</p>\n");
	}
	if (message_key) {
		hf(b, "<p class=\"%s\" role=\"status\">", is_error ? "error" : "ok");
		html_esc(b, req_t(r, message_key));
		bw(b, "</p>\n");
	}
	bw(b, "<h2>");
	html_esc(b, req_t(r, "account.change_password"));
	bw(b, "</h2>\n<form class=\"stack\" method=\"post\" action=\"/account/password\">");
	html_csrf_field(r);
	bw(b, "<label for=\"current\">");
	html_esc(b, req_t(r, "account.current"));
	bw(b, "</label><input id=\"current\" name=\"current\" type=\"password\" autocomplete=\"current-password\" required>"
	      "<label for=\"new\">");
	html_esc(b, req_t(r, "account.new"));
	bw(b, "</label><input id=\"new\" name=\"new\" type=\"password\" autocomplete=\"new-password\" minlength=\"10\" required>"
	      "<label for=\"new2\">");
	html_esc(b, req_t(r, "account.new2"));
	bw(b, "</label><input id=\"new2\" name=\"new2\" type=\"password\" autocomplete=\"new-password\" minlength=\"10\" required>"
	      "<button type=\"submit\">");
	html_esc(b, req_t(r, "account.save"));
	bw(b, "</button></form>\n");
	page_end(r);
}

enum status page_account(struct req *r)
{
	account_page(r, NULL, 0);
	return ST_OK;
}

enum status page_account_password_post(struct req *r)
{
	const char *why;
	/* the new password is typed twice on the page (the API takes it once) */
	const char *pw = req_form(r, "new"), *pw2 = req_form(r, "new2");
	if (!pw || !pw2 || strcmp(pw, pw2) != 0) {
		r->status = 422;
		account_page(r, "account.mismatch", 1);
		return ST_OK;
	}
	enum status rc = account_change_password(r, req_form(r, "current"), pw, &why);
	if (rc == ST_UNAUTH || rc == ST_INVALID) {
		r->status = 422;
		account_page(r, why, 1);
		return ST_OK;
	}
	if (rc != ST_OK)
		return rc;
	r->principal.must_change_password = 0;
	account_page(r, "account.changed", 0);
	return ST_OK;
}
