/* conns.h - the server's open connections, each with the time its current request began, so
 * that a request whose line, headers and body trickle in for longer than the request deadline
 * is cut off (libmicrohttpd's own timeout measures silence only: a client sending a header
 * line every few seconds would hold its connection forever), and whether its path or query
 * held an encoded NUL (answered 400 instead of being silently truncated). A new connection
 * whose first request line has not arrived after 5 s (or the deadline, when shorter) is
 * answered 400 and closed: MHD would wait on a line of garbage bytes. A sweeper thread checks
 * twice a second. */
#ifndef INNOMON_WEB_CONNS_H
#define INNOMON_WEB_CONNS_H

#include <microhttpd.h>

#include "base/status.h"

struct conns;

/* A registry with its sweeper thread; deadline_s > 0. NULL when the thread cannot start. */
struct conns *conns_start(long long deadline_s);
/* Stop the sweeper and free the registry (after MHD_stop_daemon: no connection is left). */
void conns_stop(struct conns *cs);

/* MHD_OPTION_NOTIFY_CONNECTION callback (cls: the struct conns). */
void conns_notify(void *cls, struct MHD_Connection *c, void **socket_context, enum MHD_ConnectionNotificationCode code);
/* MHD_OPTION_URI_LOG_CALLBACK (cls: the struct conns): the request line has arrived. */
void *conns_uri_seen(void *cls, const char *uri, struct MHD_Connection *c);
/* MHD_OPTION_UNESCAPE_CALLBACK (cls: the struct conns): MHD's own unescaping, noting a NUL. */
size_t conns_unescape(void *cls, struct MHD_Connection *c, char *s);

/* A declared body earns its request 1 s more for every CONNS_BODY_MIN_RATE bytes (a 32 MiB
 * upload: 128 s), so a large file over a slow line is not cut while a trickle still is. */
#define CONNS_BODY_MIN_RATE (256ull << 10)
void conns_request_body(struct MHD_Connection *c, unsigned long long bytes);
/* The request on c has arrived whole: its deadline no longer runs. */
void conns_request_in(struct MHD_Connection *c);
/* The answer to the request on c is done: the next request's deadline starts now. */
void conns_request_done(struct MHD_Connection *c);
/* Whether the current request's path or query decoded to a NUL. */
int conns_has_nul(struct MHD_Connection *c);
/* Connections cut off for their deadline so far. */
unsigned long long conns_n_cut(struct conns *cs);

#endif
