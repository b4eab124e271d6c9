/* test_jobs.c - unit tests of web/jobs.c, the report worker pool: at most workers + queue jobs
 * are taken at once (one more is refused until one finishes), every job taken runs exactly
 * once, no more than `workers` run at the same time, and stopping runs what was taken. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "web/jobs.h"
#include "base/banned.h"

struct counters {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int running, most_running, done;
	int hold; /* jobs wait while set */
};

static void job(void *arg)
{
	struct counters *c = arg;
	pthread_mutex_lock(&c->mu);
	c->running++;
	if (c->running > c->most_running)
		c->most_running = c->running;
	while (c->hold)
		pthread_cond_wait(&c->cv, &c->mu);
	c->running--;
	c->done++;
	pthread_cond_broadcast(&c->cv);
	pthread_mutex_unlock(&c->mu);
}

static void counters_init(struct counters *c)
{
	memset(c, 0, sizeof(*c));
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->cv, NULL);
}

static void release_and_wait(struct counters *c, int done)
{
	pthread_mutex_lock(&c->mu);
	c->hold = 0;
	pthread_cond_broadcast(&c->cv);
	while (c->done < done)
		pthread_cond_wait(&c->cv, &c->mu);
	pthread_mutex_unlock(&c->mu);
}

static void test_jobs_bounded_by_workers_and_queue(void **state)
{
	(void)state;
	struct counters c;
	counters_init(&c);
	c.hold = 1;
	struct jobs *j = jobs_start(2, 3);
	assert_non_null(j);
	for (int i = 0; i < 5; i++) {
		assert_true(jobs_reserve(j));
		jobs_run(j, job, &c);
	}
	assert_false(jobs_reserve(j)); /* 2 running + 3 waiting: full */
	release_and_wait(&c, 5);
	assert_int_equal(c.done, 5);
	assert_true(c.most_running <= 2);
	/* room again once the workers have counted their jobs finished */
	int ok = 0;
	for (int k = 0; k < 2000 && !(ok = jobs_reserve(j)); k++)
		nanosleep(&(struct timespec){0, 1000000}, NULL);
	assert_true(ok);
	jobs_run(j, job, &c);
	jobs_stop(j);
	assert_int_equal(c.done, 6);
}

static void test_jobs_stop_runs_what_was_taken(void **state)
{
	(void)state;
	struct counters c;
	counters_init(&c);
	struct jobs *j = jobs_start(1, 10);
	assert_non_null(j);
	for (int i = 0; i < 11; i++) {
		assert_true(jobs_reserve(j));
		jobs_run(j, job, &c);
	}
	jobs_stop(j);
	assert_int_equal(c.done, 11);
	assert_int_equal(c.most_running, 1);
}

static void test_jobs_no_queue(void **state)
{
	(void)state;
	struct counters c;
	counters_init(&c);
	c.hold = 1;
	struct jobs *j = jobs_start(1, 0);
	assert_non_null(j);
	assert_true(jobs_reserve(j));
	assert_false(jobs_reserve(j));
	jobs_run(j, job, &c);
	release_and_wait(&c, 1);
	jobs_stop(j);
	assert_int_equal(c.done, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jobs_bounded_by_workers_and_queue),
		cmocka_unit_test(test_jobs_stop_runs_what_was_taken),
		cmocka_unit_test(test_jobs_no_queue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
