/* session.c - credentials of a request (see session.h): the lookups are app/sessions.h's. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <string.h>

#include "web/multipart.h"
#include "web/server.h"
#include "web/session.h"
#include "base/banned.h"

static const char *peer_ip(struct req *r)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[INET6_ADDRSTRLEN] = "";
	if (ci && ci->client_addr) {
		if (ci->client_addr->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr, buf, sizeof(buf));
		else if (ci->client_addr->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)ci->client_addr)->sin6_addr, buf, sizeof(buf));
	}
	return arena_strdup(r->arena, buf);
}

static void find_client(struct req *r)
{
	const struct server_config *cfg = server_config(r->server);
	r->client_ip = peer_ip(r);
	if (!cfg->trusted_proxy || strcmp(cfg->trusted_proxy, r->client_ip) != 0)
		return;
	/* behind our own proxy: its view of the client and of TLS counts */
	const char *fwd = req_header(r, "X-Forwarded-For");
	if (fwd && *fwd) {
		const char *last = strrchr(fwd, ',');
		const char *ip = last ? last + 1 : fwd;
		while (*ip == ' ')
			ip++;
		if (strlen(ip) < 64)
			r->client_ip = arena_strdup(r->arena, ip);
	}
	const char *proto = req_header(r, "X-Forwarded-Proto");
	r->is_tls = proto && strcmp(proto, "https") == 0;
}

enum status session_resolve(struct req *r)
{
	const struct server_config *cfg = server_config(r->server);
	struct app_ctx x;
	memset(&r->principal, 0, sizeof(r->principal));
	find_client(r);
	app_ctx_init(&x, r->store, r->arena, &r->principal); /* anonymous until the lookup says */
	const char *authz = req_header(r, "Authorization");
	if (authz && strncmp(authz, "Bearer ", 7) == 0) {
		struct principal who;
		enum status rc = app_token_find(&x, authz + 7, &who);
		if (rc != ST_OK)
			return rc == ST_NOT_FOUND ? ST_UNAUTH : rc;
		r->principal = who;
		return ST_OK;
	}
	const char *cookie = req_cookie(r, SESSION_COOKIE);
	if (!cookie || !*cookie || strlen(cookie) >= AUTH_TOKEN_TEXT_MAX)
		return ST_OK;
	struct app_session si;
	enum status rc = app_session_find(&x, cookie, cfg->auth.session_idle_s, &si);
	if (rc == ST_NOT_FOUND) {
		session_clear_cookie(r); /* expired or revoked: the visitor is anonymous again */
		return ST_OK;
	}
	if (rc != ST_OK)
		return rc;
	r->principal = si.principal;
	r->is_cookie_session = 1;
	r->session_hash = si.session_hash;
	r->csrf_token = si.csrf_token;
	return ST_OK;
}

/* "http://host:port" or "https://host" must name this server's Host header. */
static int origin_matches_host(const char *origin, const char *host)
{
	const char *p = strstr(origin, "://");
	if (!p || !host)
		return 0;
	return strcmp(p + 3, host) == 0;
}

enum status session_check_csrf(struct req *r)
{
	const char *origin = req_header(r, "Origin");
	if (origin && strcmp(origin, "null") != 0 && !origin_matches_host(origin, req_header(r, "Host")))
		return ST_DENIED;
	if (!r->is_cookie_session)
		return ST_OK;
	const char *sent = req_header(r, "X-CSRF-Token");
	if (!sent) {
		const char *ct = req_header(r, "Content-Type");
		if (ct && strncmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
			sent = req_form(r, "csrf");
		} else if (multipart_is(r)) {
			const struct form_field *f = multipart_field(r, "csrf");
			sent = f ? f->data : NULL;
		}
	}
	if (!sent || !r->csrf_token || strlen(sent) != strlen(r->csrf_token) ||
	    sodium_memcmp(sent, r->csrf_token, strlen(sent)) != 0)
		return ST_DENIED;
	return ST_OK;
}

static int secure_flag(struct req *r)
{
	int mode = server_config(r->server)->secure_cookies;
	return mode == 1 || (mode == 0 && r->is_tls);
}

void session_set_cookie(struct req *r, const char *token)
{
	req_add_header(r, "Set-Cookie", arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s", SESSION_COOKIE,
						     token, secure_flag(r) ? "; Secure" : ""));
}

void session_clear_cookie(struct req *r)
{
	req_add_header(r, "Set-Cookie", arena_printf(r->arena, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s",
						     SESSION_COOKIE, secure_flag(r) ? "; Secure" : ""));
}
