/* ticker.h - the background thread of `innomon serve` that runs supervise_tick every
 * tick_interval seconds on its own store connection. Small and separate from the MHD glue:
 * server.c starts it once listening and stops it (joining the thread, so no tick is cut off
 * half way) before it stops the HTTP daemon on SIGTERM. */
#ifndef INNOMON_WEB_TICKER_H
#define INNOMON_WEB_TICKER_H

#include "supervise/supervise.h"

struct ticker;

/* Start the thread; cfg is copied (its strings and db_path are borrowed and must outlive
 * ticker_stop). Returns NULL (and starts nothing) when interval_s is 0 or the thread cannot
 * start (logged). The first tick runs at once. */
struct ticker *ticker_start(const char *db_path, const struct sup_settings *cfg, long long interval_s);
/* Wake the thread, wait for it to finish its tick in progress (the webhook loop stops between
 * deliveries), free it. NULL allowed. */
void ticker_stop(struct ticker *t);

#endif
