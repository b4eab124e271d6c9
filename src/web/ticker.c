/* ticker.c - the supervision tick thread of `innomon serve` (see ticker.h). It waits on a
 * condition variable between ticks so that stopping it is immediate; all "now" comes from
 * clock_now, so INNOMON_NOW fixes it in tests. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "app/sup.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "store/store.h"
#include "web/ticker.h"
#include "base/banned.h"

struct ticker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int is_stopping;            /* under mu */
	atomic_int stop_now;        /* the same, read by the webhook loop mid-tick */
	const char *db_path;
	struct sup_settings cfg;    /* the server's, with stop pointing at stop_now */
	long long interval_s;
};

static void tick_once(struct ticker *t, struct store **s)
{
	if (!*s) {
		enum status rc = store_open_existing(t->db_path, s);
		if (rc != ST_OK) {
			log_error("ticker", "cannot open the store: %s", *s ? store_errmsg(*s) : t->db_path);
			store_close(*s);
			*s = NULL;
			return;
		}
	}
	struct sup_tick_result res;
	struct app_ctx x;
	struct arena *a = arena_new();
	/* the same operation as `innomon tick`, audited as "tick" */
	if (app_ctx_begin(&x, *s, a, app_system(), "tick", NULL) != ST_OK)
		log_warn("ticker", "cannot name the tick as actor");
	x.sup = &t->cfg;
	enum status rc = app_tick(&x, clock_now(), &res);
	arena_free(a);
	if (rc != ST_OK) {
		log_error("ticker", "supervision tick failed: %s", store_errmsg(*s));
		store_close(*s);
		*s = NULL; /* reopen next time */
		return;
	}
	if (res.n_raised || res.n_escalated || res.n_reminders || res.n_sent || res.n_retry || res.n_failed)
		log_info("ticker", "raised=%d escalated=%d reminders=%d webhook_sent=%d webhook_retry=%d webhook_failed=%d",
			 res.n_raised, res.n_escalated, res.n_reminders, res.n_sent, res.n_retry, res.n_failed);
}

static void *run(void *arg)
{
	struct ticker *t = arg;
	struct store *s = NULL;
	pthread_mutex_lock(&t->mu);
	while (!t->is_stopping) {
		pthread_mutex_unlock(&t->mu);
		tick_once(t, &s);
		pthread_mutex_lock(&t->mu);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)t->interval_s;
		while (!t->is_stopping && pthread_cond_timedwait(&t->cv, &t->mu, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&t->mu);
	store_close(s);
	return NULL;
}

struct ticker *ticker_start(const char *db_path, const struct sup_settings *cfg, long long interval_s)
{
	if (interval_s <= 0)
		return NULL;
	struct ticker *t = xcalloc(1, sizeof(*t));
	t->db_path = db_path;
	t->cfg = *cfg;
	atomic_init(&t->stop_now, 0);
	t->cfg.stop = &t->stop_now;
	t->interval_s = interval_s;
	pthread_mutex_init(&t->mu, NULL);
	pthread_cond_init(&t->cv, NULL);
	if (pthread_create(&t->thread, NULL, run, t) != 0) {
		log_error("ticker", "cannot start the supervision tick thread");
		pthread_mutex_destroy(&t->mu);
		pthread_cond_destroy(&t->cv);
		free(t);
		return NULL;
	}
	log_info("ticker", "supervision tick every %llds", interval_s);
	return t;
}

void ticker_stop(struct ticker *t)
{
	if (!t)
		return;
	atomic_store(&t->stop_now, 1);
	pthread_mutex_lock(&t->mu);
	t->is_stopping = 1;
	pthread_cond_signal(&t->cv);
	pthread_mutex_unlock(&t->mu);
	pthread_join(t->thread, NULL);
	pthread_mutex_destroy(&t->mu);
	pthread_cond_destroy(&t->cv);
	free(t);
}
