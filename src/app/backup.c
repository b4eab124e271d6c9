/* backup.c - the copy of the store (see backup.h). */
#include "app/backup.h"
#include "store/store.h"
#include "base/banned.h"

enum status app_backup(struct app_ctx *x, const char *dest_path, struct diag_list *errs)
{
	enum status rc = app_authorize(x, ACT_BACKUP, NULL, errs);
	if (rc != ST_OK)
		return rc;
	if (!dest_path || !*dest_path)
		return app_refuse(errs, ST_INVALID, "file", "missing", NULL, "name the file to write the backup to");
	rc = store_backup(x->store, dest_path);
	if (rc == ST_CONFLICT)
		return app_refuse(errs, rc, "file", "exists", NULL, "%s", store_errmsg(x->store));
	if (rc == ST_IO)
		return app_refuse(errs, rc, "file", "cannot_write", NULL, "%s", store_errmsg(x->store));
	return rc;
}
