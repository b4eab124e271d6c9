/* sqlite_sup.h - private to the SQLite back end's supervision files (sqlite_sup_*.c): the
 * event writer every supervised change calls inside its transaction, and small helpers. */
#ifndef INNOMON_STORE_SQLITE_SUP_H
#define INNOMON_STORE_SQLITE_SUP_H

#include "store/sqlite_int.h"
#include "store/store.h"

/* Write ev inside the open transaction: the event row (skipped when its dedup_key exists:
 * *is_new 0, may be NULL), the inbox rows of its recipients and one webhook delivery.
 * new_id stands for ev->object_id when that is 0. */
enum status sq_sup_event(struct store *s, const struct sup_event *ev, long long new_id, int *is_new) WUR;

/* Room for one more element in an arena array: returns arr, or a copy twice as large when
 * *n == *cap (which doubles *cap). */
void *sq_grow(struct arena *a, void *arr, size_t *cap, size_t n, size_t size);

/* Finish a statement loop: ST_OK when rc is SQLITE_DONE, else the failure recorded. */
enum status sq_done(struct store *s, int rc) WUR;

/* The id as text for audit object ids, in out[32]. */
void sq_id_text(long long id, char out[32]);

#endif
