/* write_behind.h - private to src/store/: a thread that starts the kernel's writeback of a
 * store's files while a durable write transaction runs (write_behind.c). */
#ifndef INNOMON_STORE_WRITE_BEHIND_H
#define INNOMON_STORE_WRITE_BEHIND_H

#include <stddef.h>

struct write_behind;

/* Start pushing the files at paths[0..n) (copied; NULL or empty ones skipped) to the disk every
 * 200 ms until write_behind_stop. NULL when there is nothing to push or no thread could be
 * started (then nothing happens: a hint, not a duty). */
struct write_behind *write_behind_start(const char *const *paths, size_t n);
/* Stop and free wb (NULL: nothing). Returns once its thread has ended. */
void write_behind_stop(struct write_behind *wb);

#endif
