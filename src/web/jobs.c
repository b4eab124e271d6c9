/* jobs.c - the report worker pool (see jobs.h): a ring of taken jobs under one mutex. */
#include <pthread.h>
#include <stdlib.h>

#include "base/xalloc.h"
#include "web/jobs.h"
#include "base/banned.h"

struct job {
	void (*fn)(void *arg);
	void *arg;
};

struct jobs {
	pthread_mutex_t mu;
	pthread_cond_t ready;
	unsigned cap;            /* workers + queue: the jobs that may be taken at once */
	unsigned n_taken;        /* reserved, queued or running */
	struct job *ring;        /* cap slots */
	unsigned head, n_queued; /* queued jobs: ring[head], ring[head + 1], ... */
	int is_stopping;
	unsigned n_threads;
	pthread_t *threads;
};

static void *worker(void *arg)
{
	struct jobs *j = arg;
	pthread_mutex_lock(&j->mu);
	for (;;) {
		while (!j->n_queued && !(j->is_stopping && j->n_taken == 0))
			pthread_cond_wait(&j->ready, &j->mu);
		if (!j->n_queued)
			break; /* stopping, and nothing is taken any more */
		struct job jb = j->ring[j->head];
		j->head = (j->head + 1) % j->cap;
		j->n_queued--;
		pthread_mutex_unlock(&j->mu);
		jb.fn(jb.arg);
		pthread_mutex_lock(&j->mu);
		j->n_taken--;
		if (j->is_stopping)
			pthread_cond_broadcast(&j->ready);
	}
	pthread_mutex_unlock(&j->mu);
	return NULL;
}

struct jobs *jobs_start(unsigned workers, unsigned queue)
{
	struct jobs *j = xcalloc(1, sizeof(*j));
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->ready, NULL);
	j->cap = workers + queue;
	j->ring = xcalloc(j->cap, sizeof(*j->ring));
	j->threads = xcalloc(workers, sizeof(*j->threads));
	for (; j->n_threads < workers; j->n_threads++)
		if (pthread_create(&j->threads[j->n_threads], NULL, worker, j) != 0)
			break;
	if (j->n_threads == 0) {
		jobs_stop(j);
		return NULL;
	}
	return j;
}

void jobs_stop(struct jobs *j)
{
	if (!j)
		return;
	pthread_mutex_lock(&j->mu);
	j->is_stopping = 1;
	pthread_cond_broadcast(&j->ready);
	pthread_mutex_unlock(&j->mu);
	for (unsigned i = 0; i < j->n_threads; i++)
		pthread_join(j->threads[i], NULL);
	pthread_cond_destroy(&j->ready);
	pthread_mutex_destroy(&j->mu);
	free(j->threads);
	free(j->ring);
	free(j);
}

int jobs_reserve(struct jobs *j)
{
	pthread_mutex_lock(&j->mu);
	int ok = !j->is_stopping && j->n_taken < j->cap;
	if (ok)
		j->n_taken++;
	pthread_mutex_unlock(&j->mu);
	return ok;
}

void jobs_run(struct jobs *j, void (*fn)(void *arg), void *arg)
{
	pthread_mutex_lock(&j->mu);
	j->ring[(j->head + j->n_queued) % j->cap] = (struct job){fn, arg};
	j->n_queued++;
	pthread_cond_signal(&j->ready);
	pthread_mutex_unlock(&j->mu);
}
