/* write_behind.c - while a durable write transaction runs (an import), start the kernel's
 * writeback of the store's files every WRITE_BEHIND_MS (Linux sync_file_range, as PostgreSQL's
 * backend_flush_after and checkpoint_flush_after do), so that the disk writes overlap the work
 * instead of all waiting for the commit: SQLite's WAL writes every page twice, the second time
 * in the checkpoint at the commit, and a large import's pages otherwise sit in the page cache
 * until then (docs/performance.md). A hint to the kernel only: what is durable, and when, does
 * not change; a file that cannot be opened is skipped. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "store/write_behind.h"
#include "base/banned.h"

#define WRITE_BEHIND_MS 200
#define WRITE_BEHIND_FILES 2

struct write_behind {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int is_stopping;
	char *paths[WRITE_BEHIND_FILES];
	size_t n;
};

/* Start the writeback of every dirty page of the file at path (not waiting for it). */
static void push(const char *path)
{
#ifdef __linux__
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	close(fd);
#else
	(void)path;
#endif
}

static void *behind_main(void *arg)
{
	struct write_behind *wb = arg;
	pthread_mutex_lock(&wb->mu);
	while (!wb->is_stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += WRITE_BEHIND_MS * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		/* the first round after a pause: a short transaction has committed before it */
		if (pthread_cond_timedwait(&wb->cv, &wb->mu, &until) != ETIMEDOUT || wb->is_stopping)
			continue;
		pthread_mutex_unlock(&wb->mu);
		for (size_t i = 0; i < wb->n; i++)
			push(wb->paths[i]);
		pthread_mutex_lock(&wb->mu);
	}
	pthread_mutex_unlock(&wb->mu);
	return NULL;
}

static void release(struct write_behind *wb)
{
	for (size_t i = 0; i < wb->n; i++)
		free(wb->paths[i]);
	pthread_cond_destroy(&wb->cv);
	pthread_mutex_destroy(&wb->mu);
	free(wb);
}

struct write_behind *write_behind_start(const char *const *paths, size_t n)
{
	struct write_behind *wb = xcalloc(1, sizeof(*wb));
	for (size_t i = 0; i < n && wb->n < WRITE_BEHIND_FILES; i++)
		if (paths[i] && *paths[i])
			wb->paths[wb->n++] = xstrdup(paths[i]);
	pthread_mutex_init(&wb->mu, NULL);
	pthread_cond_init(&wb->cv, NULL);
	if (wb->n == 0 || pthread_create(&wb->th, NULL, behind_main, wb) != 0) {
		release(wb);
		return NULL; /* nothing to push, or no thread: the writes wait for the commit, as before */
	}
	return wb;
}

void write_behind_stop(struct write_behind *wb)
{
	if (!wb)
		return;
	pthread_mutex_lock(&wb->mu);
	wb->is_stopping = 1;
	pthread_cond_signal(&wb->cv);
	pthread_mutex_unlock(&wb->mu);
	pthread_join(wb->th, NULL);
	release(wb);
}
