/* conns.c - open connections, their request deadlines and the sweeper (see conns.h).
 * The registry is a list under one mutex. A connection leaves it in MHD's "closed"
 * notification, which MHD sends before it closes the socket: the sweeper, holding the same
 * mutex, never shuts down a descriptor that already belongs to another connection. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "base/log.h"
#include "base/xalloc.h"
#include "web/conns.h"
#include "base/banned.h"

struct conn {
	struct conn *prev, *next;
	struct conns *owner;
	MHD_socket fd;
	long long started_us; /* when the current request's deadline began */
	int is_receiving;     /* from the first byte of a request until it has arrived whole */
	int has_nul;
	int is_cut;
	int has_line;         /* the current request's line has arrived (MHD parsed it) */
	long long body_us;    /* more time for the current request's declared body (conns_request_body) */
	unsigned long n_served;
};

struct conns {
	pthread_mutex_t mu;
	pthread_cond_t wake;
	pthread_t sweeper;
	int is_stopping;
	long long deadline_us;
	long long line_us;  /* a new connection's first request line arrives within this */
	struct conn head; /* sentinel of the circular list */
	unsigned long long n_cut;
};

static long long mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The answer to a new connection that sent no request line in time: binary or garbage bytes
 * that MHD keeps waiting on (a TLS hello, a line without a method), or nothing at all. MHD has
 * not parsed a request on it, so it has nothing of its own to write. */
static const char no_request_line[] = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n"
				      "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 37\r\n\r\n"
				      "no HTTP request line arrived in time\n";

static void sweep(struct conns *cs)
{
	long long now = mono_us();
	for (struct conn *c = cs->head.next; c != &cs->head; c = c->next) {
		if (!c->is_receiving || c->is_cut)
			continue;
		int is_lineless = !c->has_line && c->n_served == 0 && now - c->started_us > cs->line_us;
		if (!is_lineless && now - c->started_us <= cs->deadline_us + c->body_us)
			continue;
		if (is_lineless) /* best effort: the connection is cut either way */
			(void)!send(c->fd, no_request_line, sizeof(no_request_line) - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
		/* MHD sees the end of the stream on its next poll and closes the connection */
		if (shutdown(c->fd, SHUT_RDWR) == 0 || errno == ENOTCONN) {
			c->is_cut = 1;
			cs->n_cut++;
		}
	}
}

static void *sweeper(void *arg)
{
	struct conns *cs = arg;
	pthread_mutex_lock(&cs->mu);
	while (!cs->is_stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 500 * 1000 * 1000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&cs->wake, &cs->mu, &until);
		if (!cs->is_stopping)
			sweep(cs);
	}
	pthread_mutex_unlock(&cs->mu);
	return NULL;
}

struct conns *conns_start(long long deadline_s)
{
	struct conns *cs = xcalloc(1, sizeof(*cs));
	pthread_mutex_init(&cs->mu, NULL);
	pthread_cond_init(&cs->wake, NULL);
	cs->deadline_us = deadline_s * 1000000;
	cs->line_us = deadline_s < 5 ? cs->deadline_us : 5 * 1000000;
	cs->head.next = cs->head.prev = &cs->head;
	if (pthread_create(&cs->sweeper, NULL, sweeper, cs) != 0) {
		pthread_cond_destroy(&cs->wake);
		pthread_mutex_destroy(&cs->mu);
		free(cs);
		return NULL;
	}
	return cs;
}

void conns_stop(struct conns *cs)
{
	if (!cs)
		return;
	pthread_mutex_lock(&cs->mu);
	cs->is_stopping = 1;
	pthread_cond_signal(&cs->wake);
	pthread_mutex_unlock(&cs->mu);
	pthread_join(cs->sweeper, NULL);
	while (cs->head.next != &cs->head) { /* none after MHD_stop_daemon; freed for safety */
		struct conn *c = cs->head.next;
		cs->head.next = c->next;
		free(c);
	}
	pthread_cond_destroy(&cs->wake);
	pthread_mutex_destroy(&cs->mu);
	free(cs);
}

void conns_notify(void *cls, struct MHD_Connection *mc, void **socket_context, enum MHD_ConnectionNotificationCode code)
{
	struct conns *cs = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CONNECTION_FD);
		struct conn *c = xcalloc(1, sizeof(*c));
		c->owner = cs;
		c->fd = ci ? ci->connect_fd : MHD_INVALID_SOCKET;
		c->started_us = mono_us();
		c->is_receiving = c->fd != MHD_INVALID_SOCKET;
		pthread_mutex_lock(&cs->mu);
		c->next = cs->head.next;
		c->prev = &cs->head;
		cs->head.next->prev = c;
		cs->head.next = c;
		pthread_mutex_unlock(&cs->mu);
		*socket_context = c;
		return;
	}
	struct conn *c = *socket_context;
	if (!c)
		return;
	pthread_mutex_lock(&cs->mu);
	c->prev->next = c->next;
	c->next->prev = c->prev;
	pthread_mutex_unlock(&cs->mu);
	free(c);
	*socket_context = NULL;
}

static struct conn *conn_of(struct MHD_Connection *mc)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

void *conns_uri_seen(void *cls, const char *uri, struct MHD_Connection *mc)
{
	(void)cls, (void)uri;
	struct conn *c = conn_of(mc);
	if (c) {
		pthread_mutex_lock(&c->owner->mu);
		c->has_line = 1;
		pthread_mutex_unlock(&c->owner->mu);
	}
	return NULL; /* the request context is made by the access handler */
}

size_t conns_unescape(void *cls, struct MHD_Connection *mc, char *s)
{
	(void)cls;
	size_t n = MHD_http_unescape(s);
	if (strlen(s) != n) {
		struct conn *c = conn_of(mc);
		if (c)
			c->has_nul = 1; /* only this connection's thread reads it */
	}
	return n;
}

void conns_request_body(struct MHD_Connection *mc, unsigned long long bytes)
{
	struct conn *c = conn_of(mc);
	if (!c)
		return;
	pthread_mutex_lock(&c->owner->mu);
	c->body_us = (long long)(bytes / CONNS_BODY_MIN_RATE) * 1000000;
	pthread_mutex_unlock(&c->owner->mu);
}

void conns_request_in(struct MHD_Connection *mc)
{
	struct conn *c = conn_of(mc);
	if (!c)
		return;
	pthread_mutex_lock(&c->owner->mu);
	c->is_receiving = 0;
	pthread_mutex_unlock(&c->owner->mu);
}

void conns_request_done(struct MHD_Connection *mc)
{
	struct conn *c = conn_of(mc);
	if (!c)
		return;
	pthread_mutex_lock(&c->owner->mu);
	c->is_receiving = 1;
	c->started_us = mono_us();
	c->has_nul = 0;
	c->has_line = 0;
	c->body_us = 0;
	c->n_served++;
	pthread_mutex_unlock(&c->owner->mu);
}

int conns_has_nul(struct MHD_Connection *mc)
{
	struct conn *c = conn_of(mc);
	return c && c->has_nul;
}

unsigned long long conns_n_cut(struct conns *cs)
{
	pthread_mutex_lock(&cs->mu);
	unsigned long long n = cs->n_cut;
	pthread_mutex_unlock(&cs->mu);
	return n;
}
