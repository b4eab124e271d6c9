/* jobs.h - a bounded pool of worker threads for the slow work of a request (building an
 * evaluation report or an export), so that it never runs on, and never starves, the threads
 * that answer requests. At most workers jobs run and queue more wait; a request beyond that
 * is refused at once (the server answers 503 with Retry-After). */
#ifndef INNOMON_WEB_JOBS_H
#define INNOMON_WEB_JOBS_H

struct jobs;

/* Start workers threads (>= 1) with room for queue waiting jobs. NULL when no thread starts. */
struct jobs *jobs_start(unsigned workers, unsigned queue);
/* Run every job already taken, then stop the workers and free the pool. */
void jobs_stop(struct jobs *j);
/* Reserve room for one job: 1, or 0 when workers + queue jobs are already taken. */
int jobs_reserve(struct jobs *j);
/* Run fn(arg) on a worker, in the room jobs_reserve gave (cannot fail). */
void jobs_run(struct jobs *j, void (*fn)(void *arg), void *arg);

#endif
