/* sqlite.c - the SQLite driver (db.h): one file per store, WAL, foreign keys on, writers one at
 * a time through BEGIN IMMEDIATE. The statements of the shared layer run as written: SQLite's
 * own dialect is the one db.h describes. Migrations: sql/sqlite/NNNN_name.sql. */
#include <sqlite3.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include "store/db.h"
#include "store/write_behind.h"
#include "store/store.h"
#include "base/banned.h"

extern const struct embedded_file sqlite_migrations[];

#define DB(s) ((sqlite3 *)(s)->conn)

/* The kind of the connection's last failure, read before anything resets it. */
static void note_error(struct store *s)
{
	switch (sqlite3_extended_errcode(DB(s))) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		s->err = DB_ERR_UNIQUE;
		break;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		s->err = DB_ERR_FOREIGN_KEY;
		break;
	case SQLITE_CONSTRAINT_CHECK:
		s->err = DB_ERR_CHECK;
		break;
	case SQLITE_CONSTRAINT_NOTNULL:
		s->err = DB_ERR_NOT_NULL;
		break;
	default:
		s->err = DB_ERR_OTHER;
	}
	db_fail(s, "%s", sqlite3_errmsg(DB(s)));
}

static enum status sl_exec(struct store *s, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(DB(s), sql, NULL, NULL, &err) != SQLITE_OK) {
		note_error(s);
		if (err)
			db_fail(s, "%s", err);
		sqlite3_free(err);
		return ST_STORE;
	}
	return ST_OK;
}

static enum status sl_connect(struct store *s, const char *path, int is_create)
{
	struct stat st;
	sqlite3 *db = NULL;
	if (!is_create && stat(path, &st) != 0)
		return ST_NOT_FOUND;
	int flags = SQLITE_OPEN_READWRITE | (is_create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		db_fail(s, "cannot open store '%s': %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close_v2(db);
		return ST_STORE;
	}
	s->conn = db;
	sqlite3_busy_timeout(db, 10000);
	sqlite3_extended_result_codes(db, 1);
	/* 16 KiB pages for a new store (an existing one keeps its own: the pragma does nothing there):
	 * a quarter of the reads and writes of 4 KiB pages, and shallower trees; an import of a
	 * million registry records took 10 to 25% less CPU (docs/performance.md) */
	/* Turning a new, empty file to WAL takes a lock that other processes opening it at the same
	 * moment hold too, and SQLite answers busy at once rather than through the busy handler:
	 * wait and try again, as long as the busy timeout would have waited. */
	enum status rc = ST_STORE;
	for (int attempt = 0; attempt < 200 && rc != ST_OK; attempt++) {
		rc = sl_exec(s, "PRAGMA page_size = 16384; PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;"
				" PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY;");
		if (rc != ST_OK && (sqlite3_errcode(db) & 0xff) != SQLITE_BUSY)
			break;
		if (rc != ST_OK)
			nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
	}
	if (rc != ST_OK) {
		char why[sizeof(s->errmsg)];
		snprintf(why, sizeof(why), "%s", s->errmsg); /* db_fail writes over s->errmsg */
		return db_fail(s, "store '%s' is not usable: %s", path, why);
	}
	return ST_OK;
}

static void sl_disconnect(struct store *s)
{
	write_behind_stop(s->write_behind);
	s->write_behind = NULL;
	sqlite3_close_v2(DB(s));
	s->conn = NULL;
}

static void *sl_prepare(struct store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(DB(s), sql, -1, &st, NULL) != SQLITE_OK) {
		db_fail(s, "cannot prepare statement: %s", sqlite3_errmsg(DB(s)));
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

static void sl_finalize(void *h)
{
	sqlite3_finalize(h);
}

static void sl_bind_null(void *h, int i)
{
	sqlite3_bind_null(h, i);
}

static void sl_bind_int(void *h, int i, long long v)
{
	sqlite3_bind_int64(h, i, v);
}

static void sl_bind_double(void *h, int i, double v)
{
	sqlite3_bind_double(h, i, v);
}

static void sl_bind_text(void *h, int i, const char *v)
{
	sqlite3_bind_text(h, i, v, -1, SQLITE_TRANSIENT);
}

static void sl_bind_text_borrowed(void *h, int i, const char *v)
{
	sqlite3_bind_text(h, i, v, -1, SQLITE_STATIC);
}

static void sl_bind_blob(void *h, int i, const void *p, size_t len)
{
	sqlite3_bind_blob64(h, i, p, len, SQLITE_TRANSIENT);
}

static enum db_step sl_step(struct store *s, void *h)
{
	int rc = sqlite3_step(h);
	if (rc == SQLITE_ROW)
		return DB_STEP_ROW;
	if (rc == SQLITE_DONE) {
		s->changes = sqlite3_changes64(DB(s));
		return DB_STEP_DONE;
	}
	note_error(s);
	return DB_STEP_FAIL;
}

static void sl_reset(void *h)
{
	sqlite3_reset(h);
}

static int sl_n_cols(void *h)
{
	return sqlite3_column_count(h);
}

static const char *sl_col_name(void *h, int i)
{
	return sqlite3_column_name(h, i);
}

static enum db_type sl_col_type(void *h, int i)
{
	switch (sqlite3_column_type(h, i)) {
	case SQLITE_INTEGER:
		return DB_INT;
	case SQLITE_FLOAT:
		return DB_FLOAT;
	case SQLITE_BLOB:
		return DB_BLOB;
	case SQLITE_NULL:
		return DB_NULL;
	default:
		return DB_TEXT;
	}
}

static long long sl_col_int(void *h, int i)
{
	return sqlite3_column_int64(h, i);
}

static double sl_col_double(void *h, int i)
{
	return sqlite3_column_double(h, i);
}

static const char *sl_col_text(void *h, int i)
{
	return (const char *)sqlite3_column_text(h, i);
}

static size_t sl_col_bytes(void *h, int i)
{
	return (size_t)sqlite3_column_bytes(h, i);
}

static const void *sl_col_blob(void *h, int i)
{
	return sqlite3_column_blob(h, i);
}

static enum status sl_begin(struct store *s)
{
	/* A read statement left stepped (a one-row lookup whose statement lives until its arena is
	 * freed) keeps this connection's WAL snapshot open; once another connection commits, that
	 * stale snapshot makes BEGIN IMMEDIATE fail at once with SQLITE_BUSY_SNAPSHOT instead of
	 * waiting. Every row read was copied into an arena already, so reset them first. */
	for (sqlite3_stmt *st = sqlite3_next_stmt(DB(s), NULL); st; st = sqlite3_next_stmt(DB(s), st))
		if (sqlite3_stmt_busy(st) && sqlite3_stmt_readonly(st))
			sqlite3_reset(st);
	return sl_exec(s, "BEGIN IMMEDIATE");
}

static enum status sl_begin_read(struct store *s)
{
	for (sqlite3_stmt *st = sqlite3_next_stmt(DB(s), NULL); st; st = sqlite3_next_stmt(DB(s), st))
		if (sqlite3_stmt_busy(st) && sqlite3_stmt_readonly(st))
			sqlite3_reset(st);
	/* a deferred transaction's snapshot starts with its first read: read at once */
	enum status rc = sl_exec(s, "BEGIN");
	if (rc == ST_OK)
		rc = sl_exec(s, "SELECT count(*) FROM sqlite_schema");
	return rc;
}

static enum status sl_commit(struct store *s)
{
	return sl_exec(s, "COMMIT");
}

static long long sl_last_id(struct store *s)
{
	return sqlite3_last_insert_rowid(s->conn);
}

static void sl_rollback(struct store *s)
{
	sqlite3_exec(DB(s), "ROLLBACK", NULL, NULL, NULL);
}

/* SQLite takes the setting only outside a transaction: in WAL mode, FULL syncs the log at each
 * commit, NORMAL at checkpoints. */
static enum status sl_set_durable(struct store *s, int is_durable)
{
	/* a durable transaction is an import's: its pages go to the disk as they are written
	 * (write_behind.c), so that the commit, which syncs the log and then copies it into the
	 * file, does not wait for all of them at once */
	write_behind_stop(s->write_behind);
	s->write_behind = NULL;
	enum status rc = sl_exec(s, is_durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
	const char *db = sqlite3_db_filename(DB(s), "main");
	if (rc == ST_OK && is_durable && db && *db) {
		const char *const paths[] = {db, sqlite3_filename_wal(db)};
		s->write_behind = write_behind_start(paths, 2);
	}
	return rc;
}

/* ---- backup ------------------------------------------------------------------------------ */

#define BACKUP_RETRY_MS 50          /* pause between attempts while the store is locked */
#define BACKUP_MAX_WAIT_MS 120000   /* give up when it stays locked this long in total */

/* Copy every page of s into dst. One step of all pages (-1) reads the source in a single read
 * transaction: the copy is one snapshot, and with WAL writers go on meanwhile. Copying in
 * chunks would restart whenever another connection writes between chunks, possibly forever
 * on a busy server. BUSY/LOCKED (a writer holding the store exclusively, or WAL recovery) are
 * waited out up to BACKUP_MAX_WAIT_MS. */
static enum status copy_pages(struct store *s, sqlite3 *dst)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", DB(s), "main");
	if (!b)
		return db_fail(s, "cannot start the backup: %s", sqlite3_errmsg(dst));
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
			return db_fail(s, "backup failed: the store stayed locked for %d seconds", waited_ms / 1000);
		return db_fail(s, "backup failed: %s", sqlite3_errstr(rc));
	}
	if (finish_rc != SQLITE_OK)
		return db_fail(s, "backup failed: %s", sqlite3_errmsg(dst));
	return ST_OK;
}

/* store_backup's copy: every page into the new empty file tmp_path. */
static enum status sl_backup_into(struct store *s, const char *tmp_path)
{
	sqlite3 *dst = NULL;
	if (sqlite3_open_v2(tmp_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		(void)db_fail(s, "cannot open '%s': %s", tmp_path, dst ? sqlite3_errmsg(dst) : "out of memory");
		sqlite3_close_v2(dst);
		return ST_IO;
	}
	enum status rc = copy_pages(s, dst);
	if (sqlite3_close(dst) != SQLITE_OK && rc == ST_OK) {
		(void)db_fail(s, "cannot finish '%s': %s", tmp_path, sqlite3_errmsg(dst));
		sqlite3_close_v2(dst);
		rc = ST_IO;
	}
	return rc;
}

const struct db_driver db_sqlite = {
	.name = "sqlite",
	.migrations = sqlite_migrations,
	.connect = sl_connect,
	.disconnect = sl_disconnect,
	.prepare = sl_prepare,
	.finalize = sl_finalize,
	.bind_null = sl_bind_null,
	.bind_int = sl_bind_int,
	.bind_double = sl_bind_double,
	.bind_text = sl_bind_text,
	.bind_text_borrowed = sl_bind_text_borrowed,
	.bind_blob = sl_bind_blob,
	.step = sl_step,
	.reset = sl_reset,
	.n_cols = sl_n_cols,
	.col_name = sl_col_name,
	.col_type = sl_col_type,
	.col_int = sl_col_int,
	.col_double = sl_col_double,
	.col_text = sl_col_text,
	.col_bytes = sl_col_bytes,
	.col_blob = sl_col_blob,
	.exec = sl_exec,
	.begin = sl_begin,
	.begin_read = sl_begin_read,
	.commit = sl_commit,
	.rollback = sl_rollback,
	.tables_sql = "SELECT m.name, f.\"table\" FROM sqlite_schema m LEFT JOIN pragma_foreign_key_list(m.name) f"
		      " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%'"
		      " AND m.name NOT LIKE 'search\\_docs%' ESCAPE '\\' ORDER BY m.name", /* derived: triggers fill it */
	.generated_sql = "SELECT name FROM pragma_table_xinfo(?1) WHERE hidden IN (2, 3)",
	.stream = NULL,
	.set_durable = sl_set_durable,
	.after_copy = NULL,
	.backup_into = sl_backup_into,
	.last_id = sl_last_id,
};

enum status store_global_init(void)
{
	/* no global memory statistics, whose mutex every allocation of every connection would take */
	if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
		return ST_STORE;
	return sqlite3_initialize() == SQLITE_OK ? ST_OK : ST_STORE;
}
