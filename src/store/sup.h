/* sup.h - private to the store's supervision files (sup_*.c): the event writer every
 * supervised change calls inside its transaction. Their other helpers are the store's own
 * (db.h). */
#ifndef INNOMON_STORE_SUP_H
#define INNOMON_STORE_SUP_H

#include "store/db.h"
#include "store/store.h"

/* Write ev inside the open transaction: the event row (skipped when its dedup_key exists:
 * *is_new 0, may be NULL), the inbox rows of its recipients and one webhook delivery.
 * new_id stands for ev->object_id when that is 0. */
enum status db_sup_event(struct store *s, const struct sup_event *ev, long long new_id, int *is_new) WUR;

#endif
