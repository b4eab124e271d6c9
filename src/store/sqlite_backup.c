/* sqlite_backup.c - store_backup: a consistent copy of a live SQLite store through SQLite's
 * online backup API, written to DEST.tmp (mode 0600: the store holds password hashes) and
 * renamed into place, so DEST is either absent or a complete store. Never overwrites a
 * non-empty file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "store/sqlite_int.h"
#include "store/store.h"
#include "base/banned.h"

#define BACKUP_RETRY_MS 50          /* pause between attempts while the store is locked */
#define BACKUP_MAX_WAIT_MS 120000   /* give up when it stays locked this long in total */

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

/* Copy every page of s into dst. One step of all pages (-1) reads the source in a single read
 * transaction: the copy is one snapshot, and with WAL writers go on meanwhile. Copying in
 * chunks would restart whenever another connection writes between chunks, possibly forever
 * on a busy server. BUSY/LOCKED (a writer holding the store exclusively, or WAL recovery) are
 * waited out up to BACKUP_MAX_WAIT_MS. */
static enum status copy_pages(struct store *s, sqlite3 *dst)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", s->db, "main");
	if (!b)
		return sq_fail(s, "cannot start the backup: %s", sqlite3_errmsg(dst));
	int waited_ms = 0, rc;
	for (;;) {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_OK) /* pages remain (not with -1, but the API allows it) */
			continue;
		int primary = rc & 0xff;
		if ((primary == SQLITE_BUSY || primary == SQLITE_LOCKED) && waited_ms < BACKUP_MAX_WAIT_MS) {
			sqlite3_sleep(BACKUP_RETRY_MS);
			waited_ms += BACKUP_RETRY_MS;
			continue;
		}
		break; /* SQLITE_DONE, or a failure */
	}
	int finish_rc = sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
			return sq_fail(s, "backup failed: the store stayed locked for %d seconds", waited_ms / 1000);
		return sq_fail(s, "backup failed: %s", sqlite3_errstr(rc));
	}
	if (finish_rc != SQLITE_OK)
		return sq_fail(s, "backup failed: %s", sqlite3_errmsg(dst));
	return ST_OK;
}

enum status store_backup(struct store *s, const char *dest_path)
{
	struct stat st;
	enum status rc;
	int dest_was_empty_file = 0;
	if (s->in_tx)
		return sq_fail(s, "cannot back up inside a transaction of the same connection");
	if (stat(dest_path, &st) == 0) {
		dest_was_empty_file = 1;
		if (!S_ISREG(st.st_mode) || st.st_size > 0) {
			(void)sq_fail(s, "'%s' already exists and is not empty: not overwriting it", dest_path);
			return ST_CONFLICT;
		}
	} else if (errno != ENOENT) {
		(void)sq_fail(s, "cannot use '%s': %s", dest_path, strerror(errno));
		return ST_IO;
	}

	size_t tmp_len = strlen(dest_path) + sizeof(".tmp");
	char *tmp_path = xmalloc(tmp_len);
	snprintf(tmp_path, tmp_len, "%s.tmp", dest_path);
	int fd = open(tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		int is_taken = errno == EEXIST;
		(void)sq_fail(s, "cannot create '%s': %s%s", tmp_path, strerror(errno),
			      is_taken ? " (another backup may be running; remove the file if not)" : "");
		free(tmp_path);
		return is_taken ? ST_CONFLICT : ST_IO;
	}
	close(fd);

	sqlite3 *dst = NULL;
	if (sqlite3_open_v2(tmp_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		(void)sq_fail(s, "cannot open '%s': %s", tmp_path, dst ? sqlite3_errmsg(dst) : "out of memory");
		rc = ST_IO;
		goto fail;
	}
	rc = copy_pages(s, dst);
	if (rc != ST_OK)
		goto fail;
	if (sqlite3_close(dst) != SQLITE_OK) {
		(void)sq_fail(s, "cannot finish '%s': %s", tmp_path, sqlite3_errmsg(dst));
		rc = ST_IO;
		goto fail;
	}
	dst = NULL;
	if (move_into_place(tmp_path, dest_path, dest_was_empty_file) != 0) {
		int is_taken = errno == EEXIST;
		(void)sq_fail(s, "cannot move the backup into place as '%s': %s", dest_path,
			      is_taken ? "it was created meanwhile" : strerror(errno));
		rc = is_taken ? ST_CONFLICT : ST_IO;
		goto fail;
	}
	free(tmp_path);
	if (!sync_parent_dir(dest_path)) {
		(void)sq_fail(s, "backup '%s' written, but its folder could not be synced: %s", dest_path,
			      strerror(errno));
		return ST_IO;
	}
	return ST_OK;
fail:
	sqlite3_close_v2(dst);
	unlink(tmp_path);
	free(tmp_path);
	return rc;
}
