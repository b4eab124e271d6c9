/* session.c - credentials of a request (see session.h). */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <string.h>

#include "base/clock.h"
#include "store/store.h"
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
	struct user u;
	char hash[AUTH_HASH_HEX_MAX];
	memset(&r->principal, 0, sizeof(r->principal));
	find_client(r);
	const char *authz = req_header(r, "Authorization");
	if (authz && strncmp(authz, "Bearer ", 7) == 0) {
		const char *token = authz + 7;
		if (strlen(token) >= AUTH_TOKEN_TEXT_MAX)
			return ST_UNAUTH;
		auth_token_hash(token, hash);
		enum status rc = store_token_user(r->store, r->arena, hash, &u);
		if (rc != ST_OK)
			return rc == ST_NOT_FOUND ? ST_UNAUTH : rc;
		auth_principal_of(&u, &r->principal);
		return ST_OK;
	}
	const char *cookie = req_cookie(r, SESSION_COOKIE);
	if (!cookie || !*cookie || strlen(cookie) >= AUTH_TOKEN_TEXT_MAX)
		return ST_OK;
	auth_token_hash(cookie, hash);
	struct session_info si;
	enum status rc = store_session_get(r->store, r->arena, hash, cfg->auth.session_idle_s, &si);
	if (rc == ST_NOT_FOUND) {
		session_clear_cookie(r); /* expired or revoked: the visitor is anonymous again */
		return ST_OK;
	}
	if (rc != ST_OK)
		return rc;
	struct user *kept = arena_alloc(r->arena, sizeof(*kept));
	*kept = si.user;
	auth_principal_of(kept, &r->principal);
	r->is_cookie_session = 1;
	r->session_hash = arena_strdup(r->arena, hash);
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
