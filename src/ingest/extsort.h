/* extsort.h - sort more records than memory should hold: records (byte strings) are gathered
 * in a run of at most EXTSORT_RUN_BYTES, each full run is sorted and written to an unlinked
 * temporary file, and the runs are merged as they are read back. An import uses it to put a
 * file's rows in cell order without holding the file. Owns its memory, its files and the
 * thread that writes a full run while the next is gathered; not for concurrent use. */
#ifndef INNOMON_INGEST_EXTSORT_H
#define INNOMON_INGEST_EXTSORT_H

#include <stddef.h>

#include "base/status.h"

#define EXTSORT_RUN_BYTES ((size_t)16 << 20)

/* Order of two records (<0, 0, >0); equal records come back in the order they were added. */
typedef int (*extsort_cmp_fn)(const void *a, size_t a_len, const void *b, size_t b_len);

struct extsort;

/* An empty sorter ordering by cmp; run_bytes 0 means EXTSORT_RUN_BYTES (tests set it small).
 * Cannot fail. */
struct extsort *extsort_new(extsort_cmp_fn cmp, size_t run_bytes);
/* Add the record p[0..len) (copied). ST_OK, or ST_IO when a run cannot be written. */
enum status extsort_add(struct extsort *x, const void *p, size_t len) WUR;
/* Records added so far. */
size_t extsort_count(const struct extsort *x);
/* Stop adding; start reading in order. ST_OK or ST_IO. */
enum status extsort_sort(struct extsort *x) WUR;
/* The next record in order: *p and *len (valid until the next call), 1; 0 after the last;
 * -1 on a read failure. */
int extsort_next(struct extsort *x, const void **p, size_t *len);
/* Release everything, the temporary files included. NULL allowed. */
void extsort_free(struct extsort *x);

#endif
