/* backup.h - a consistent copy of the whole store, taken while the server may go on serving and
 * writing (store_backup). The copy holds every account's password hash, every draft and the
 * audit trail, so it needs ACT_BACKUP (administrators; the CLI's operator). */
#ifndef INNOMON_APP_BACKUP_H
#define INNOMON_APP_BACKUP_H

#include "app/app.h"

/* Copy the store to the new file dest_path (written whole or not at all; an existing empty
 * file is replaced). Refusals: dest_path empty "missing" (field file); ST_CONFLICT "exists"
 * when dest_path is a non-empty file (nothing is overwritten); ST_IO "cannot_write" when it
 * cannot be written; ST_STORE when reading the store fails (store_errmsg). */
enum status app_backup(struct app_ctx *x, const char *dest_path, struct diag_list *errs) WUR;

#endif
