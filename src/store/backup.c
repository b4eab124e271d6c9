/* backup.c - store_backup: a consistent copy of a live store written to DEST.tmp (mode 0600: the
 * store holds password hashes) and renamed into place, so DEST is either absent or a complete
 * SQLite store. Never overwrites a non-empty file. The driver fills the copy (SQLite: its online
 * backup API); a driver without its own way is copied table by table (store_copy). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "store/db.h"
#include "store/store.h"
#include "base/banned.h"

/* Move the finished copy into place. When dest did not exist it must not be created meanwhile
 * by someone else: RENAME_NOREPLACE refuses then (EEXIST); file systems without it get a
 * fresh check and a plain rename. Returns 0 or -1 with errno set. */
static int move_into_place(const char *tmp_path, const char *dest_path, int dest_was_empty_file)
{
	struct stat st;
	if (dest_was_empty_file)
		return rename(tmp_path, dest_path);
	if (renameat2(AT_FDCWD, tmp_path, AT_FDCWD, dest_path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	if (lstat(dest_path, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(tmp_path, dest_path);
}

/* fsync the folder holding path, so the rename survives a crash. */
static int sync_parent_dir(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	const char *name = ".";
	if (slash == dir)
		name = "/";
	else if (slash) {
		*slash = '\0';
		name = dir;
	}
	int fd = open(name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ok = fd >= 0 && fsync(fd) == 0;
	if (fd >= 0)
		close(fd);
	free(dir);
	return ok;
}

/* Copy s into the new empty file tmp_path through a second store opened on it. */
static enum status copy_into_sqlite(struct store *s, const char *tmp_path)
{
	struct store *dst = NULL;
	long long n_rows;
	enum status rc = store_open(tmp_path, &dst);
	if (rc != ST_OK) {
		(void)db_fail(s, "cannot open '%s': %s", tmp_path, store_errmsg(dst));
	} else {
		rc = store_copy(s, dst, &n_rows);
		if (rc != ST_OK)
			(void)db_fail(s, "%s", store_errmsg(dst));
	}
	store_close(dst);
	return rc;
}

enum status store_backup(struct store *s, const char *dest_path)
{
	struct stat st;
	enum status rc;
	int dest_was_empty_file = 0;
	if (s->in_tx)
		return db_fail(s, "cannot back up inside a transaction of the same connection");
	if (stat(dest_path, &st) == 0) {
		dest_was_empty_file = 1;
		if (!S_ISREG(st.st_mode) || st.st_size > 0) {
			(void)db_fail(s, "'%s' already exists and is not empty: not overwriting it", dest_path);
			return ST_CONFLICT;
		}
	} else if (errno != ENOENT) {
		(void)db_fail(s, "cannot use '%s': %s", dest_path, strerror(errno));
		return ST_IO;
	}

	size_t tmp_len = strlen(dest_path) + sizeof(".tmp");
	char *tmp_path = xmalloc(tmp_len);
	snprintf(tmp_path, tmp_len, "%s.tmp", dest_path);
	int fd = open(tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		int is_taken = errno == EEXIST;
		(void)db_fail(s, "cannot create '%s': %s%s", tmp_path, strerror(errno),
			      is_taken ? " (another backup may be running; remove the file if not)" : "");
		free(tmp_path);
		return is_taken ? ST_CONFLICT : ST_IO;
	}
	close(fd);

	rc = s->drv->backup_into ? s->drv->backup_into(s, tmp_path) : copy_into_sqlite(s, tmp_path);
	if (rc != ST_OK)
		goto fail;
	if (move_into_place(tmp_path, dest_path, dest_was_empty_file) != 0) {
		int is_taken = errno == EEXIST;
		(void)db_fail(s, "cannot move the backup into place as '%s': %s", dest_path,
			      is_taken ? "it was created meanwhile" : strerror(errno));
		rc = is_taken ? ST_CONFLICT : ST_IO;
		goto fail;
	}
	free(tmp_path);
	if (!sync_parent_dir(dest_path)) {
		(void)db_fail(s, "backup '%s' written, but its folder could not be synced: %s", dest_path,
			      strerror(errno));
		return ST_IO;
	}
	return ST_OK;
fail:
	unlink(tmp_path);
	free(tmp_path);
	return rc;
}
