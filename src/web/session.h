/* session.h - who a request comes from: the session cookie or a bearer token, the client
 * address, the session cookie itself, and the CSRF and origin checks for state changes. */
#ifndef INNOMON_WEB_SESSION_H
#define INNOMON_WEB_SESSION_H

#include "app/sessions.h"
#include "web/req.h"

#define SESSION_COOKIE "innomon_session"

/* Fill r->principal (anonymous when no valid credential), r->client_ip and r->is_tls.
 * ST_UNAUTH for a bearer token that is not valid (a bad cookie just means anonymous and is
 * cleared); ST_STORE when the store fails. */
enum status session_resolve(struct req *r) WUR;
/* For a state-changing request: the Origin (when sent) must be this host, and a cookie session
 * must present its CSRF token (header X-CSRF-Token or form field csrf). ST_DENIED otherwise. */
enum status session_check_csrf(struct req *r) WUR;
/* Set the session cookie for token (HttpOnly, SameSite=Strict, Secure per configuration). */
void session_set_cookie(struct req *r, const char *token);
/* Expire the session cookie. */
void session_clear_cookie(struct req *r);

#endif
