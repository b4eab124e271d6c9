/* sqlite.c - SQLite back end: opening a connection, pragmas, migrations, helpers.
 * Migrations are the embedded files sql/sqlite/NNNN_name.sql, applied in order on open, each
 * in its own transaction and recorded in schema_migrations. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/clock.h"
#include "base/embed.h"
#include "base/xalloc.h"
#include "store/sqlite_int.h"
#include "store/store.h"
#include "base/banned.h"

extern const struct embedded_file sqlite_migrations[];

enum status sq_fail(struct store *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof(s->errmsg), fmt, ap);
	va_end(ap);
	return ST_STORE;
}

static void finalize_stmt(void *p)
{
	sqlite3_finalize(p);
}

sqlite3_stmt *sq_prep(struct store *s, struct arena *a, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		sq_fail(s, "cannot prepare statement: %s", sqlite3_errmsg(s->db));
		sqlite3_finalize(st);
		return NULL;
	}
	arena_on_free(a, finalize_stmt, st);
	return st;
}

enum status sq_exec(struct store *s, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		sq_fail(s, "%s", err ? err : sqlite3_errmsg(s->db));
		sqlite3_free(err);
		return ST_STORE;
	}
	return ST_OK;
}

enum status sq_begin(struct store *s)
{
	/* inside a transaction (store_tx_begin, or a write function calling another): a savepoint,
	 * so the inner write can fail alone while the outer one decides */
	if (s->in_tx > 0) {
		enum status rc = sq_exec(s, "SAVEPOINT inner");
		if (rc == ST_OK)
			s->in_tx++;
		return rc;
	}
	/* A read statement left stepped (a one-row lookup whose statement lives until its arena is
	 * freed) keeps this connection's WAL snapshot open; once another connection commits, that
	 * stale snapshot makes BEGIN IMMEDIATE fail at once with SQLITE_BUSY_SNAPSHOT instead of
	 * waiting. Every row read was copied into an arena already, so reset them first. */
	for (sqlite3_stmt *st = sqlite3_next_stmt(s->db, NULL); st; st = sqlite3_next_stmt(s->db, st))
		if (sqlite3_stmt_busy(st) && sqlite3_stmt_readonly(st))
			sqlite3_reset(st);
	enum status rc = sq_exec(s, "BEGIN IMMEDIATE");
	if (rc == ST_OK)
		s->in_tx = 1;
	return rc;
}

/* After a durable transaction: back to the connection's usual flushing. */
static void end_durable(struct store *s)
{
	if (s->is_durable_tx)
		sqlite3_exec(s->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
	s->is_durable_tx = 0;
}

enum status sq_commit(struct store *s)
{
	if (s->in_tx > 1) {
		enum status rc = sq_exec(s, "RELEASE inner");
		if (rc != ST_OK) {
			sq_rollback(s);
			return rc;
		}
		s->in_tx--;
		return ST_OK;
	}
	enum status rc = sq_exec(s, "COMMIT");
	if (rc != ST_OK) {
		sq_rollback(s);
		return rc;
	}
	s->in_tx = 0;
	end_durable(s);
	return ST_OK;
}

void sq_rollback(struct store *s)
{
	if (s->in_tx > 1) {
		sqlite3_exec(s->db, "ROLLBACK TO inner; RELEASE inner", NULL, NULL, NULL);
		s->in_tx--;
		return;
	}
	if (s->in_tx)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = 0;
	end_durable(s);
}

enum status store_tx_begin(struct store *s)
{
	return sq_begin(s);
}

enum status store_tx_begin_durable(struct store *s)
{
	/* SQLite takes the setting only outside a transaction: in WAL mode, FULL syncs the log at
	 * each commit */
	if (s->in_tx == 0) {
		enum status rc = sq_exec(s, "PRAGMA synchronous = FULL");
		if (rc != ST_OK)
			return rc;
		s->is_durable_tx = 1;
	}
	enum status rc = sq_begin(s);
	if (rc != ST_OK)
		end_durable(s);
	return rc;
}

enum status store_tx_commit(struct store *s)
{
	return sq_commit(s);
}

void store_tx_rollback(struct store *s)
{
	sq_rollback(s);
}

enum status sq_step_done(struct store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sq_fail(s, "%s", sqlite3_errmsg(s->db));
	return ST_OK;
}

void sq_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void sq_bind_int(sqlite3_stmt *st, int i, long long v)
{
	sqlite3_bind_int64(st, i, v);
}

void sq_bind_opt_int(sqlite3_stmt *st, int i, int is_set, long long v)
{
	if (is_set)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

void sq_bind_opt_double(sqlite3_stmt *st, int i, int is_set, double v)
{
	if (is_set)
		sqlite3_bind_double(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

const char *sq_col_text(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	if (!t)
		return NULL;
	return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, i));
}

void sq_now(char out[32])
{
	clock_format_utc(clock_now(), out);
}

void sq_id_text(long long id, char out[32])
{
	snprintf(out, 32, "%lld", id);
}

void *sq_grow(struct arena *a, void *arr, size_t *cap, size_t n, size_t size)
{
	if (!arr || *cap == 0) {
		*cap = *cap ? *cap : 16;
		return arena_calloc(a, *cap, size);
	}
	if (n < *cap)
		return arr;
	void *g = arena_calloc(a, *cap * 2, size);
	memcpy(g, arr, *cap * size);
	*cap *= 2;
	return g;
}

enum status sq_batch_open(struct store *s, struct arena *a, const char *now, const char *who, const char *source_file,
			  const char *file_sha256, const char *sheet, const char *encoding, long long *id)
{
	sqlite3_stmt *b = sq_prep(s, a,
				  "INSERT INTO import_batches (created_at, created_by, source_file, file_sha256, sheet, encoding,"
				  " n_rows, n_new, n_revised, n_unchanged) VALUES (?,?,?,?,?,?,0,0,0,0)");
	*id = 0;
	if (!b)
		return ST_STORE;
	sq_bind_text(b, 1, now), sq_bind_text(b, 2, who), sq_bind_text(b, 3, source_file);
	sq_bind_text(b, 4, file_sha256), sq_bind_text(b, 5, sheet), sq_bind_text(b, 6, encoding);
	enum status rc = sq_step_done(s, b);
	if (rc == ST_OK)
		*id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

enum status sq_batch_close(struct store *s, struct arena *a, long long id, const char *now, size_t n_rows, size_t n_new,
			   size_t n_revised, size_t n_unchanged)
{
	sqlite3_stmt *st = sq_prep(s, a,
				   "UPDATE import_batches SET n_rows = ?, n_new = ?, n_revised = ?, n_unchanged = ?, closed_at = ?"
				   " WHERE id = ?");
	if (!st)
		return ST_STORE;
	sq_bind_int(st, 1, (long long)n_rows), sq_bind_int(st, 2, (long long)n_new);
	sq_bind_int(st, 3, (long long)n_revised), sq_bind_int(st, 4, (long long)n_unchanged);
	sq_bind_text(st, 5, now), sq_bind_int(st, 6, id);
	return sq_step_done(s, st);
}

enum status sq_row(struct store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return ST_NOT_FOUND;
	return rc == SQLITE_ROW ? ST_OK : sq_fail(s, "%s", sqlite3_errmsg(s->db));
}

enum status sq_done(struct store *s, int rc)
{
	return rc == SQLITE_DONE ? ST_OK : sq_fail(s, "%s", sqlite3_errmsg(s->db));
}

enum status sq_write_audited(struct store *s, sqlite3_stmt *st, const struct sq_write *w)
{
	char new_oid[32];
	const char *oid = w->object_id;
	if (w->new_id)
		*w->new_id = 0;
	enum status rc = sq_begin(s);
	if (rc != ST_OK)
		return rc;
	if (st)
		rc = sq_step_done(s, st);
	if (w->new_id) {
		*w->new_id = rc == ST_OK ? sqlite3_last_insert_rowid(s->db) : 0;
		sq_id_text(*w->new_id, new_oid);
		oid = oid ? oid : new_oid;
	}
	if (rc == ST_STORE && w->is_classified) {
		/* classify now: the ROLLBACK below resets the connection's error code */
		int ext = sqlite3_extended_errcode(s->db);
		if (ext == SQLITE_CONSTRAINT_UNIQUE)
			rc = ST_CONFLICT;
		else if (ext == SQLITE_CONSTRAINT_FOREIGNKEY || ext == SQLITE_CONSTRAINT_CHECK)
			rc = ST_INVALID;
	}
	if (rc == ST_OK && w->if_unchanged != ST_OK && sqlite3_changes(s->db) == 0)
		rc = w->if_unchanged;
	if (rc == ST_OK && w->check)
		rc = w->check(s);
	if (rc == ST_OK)
		rc = sq_audit(s, w->action, w->object_type, oid, w->before, w->after);
	if (rc != ST_OK) {
		sq_rollback(s);
		return rc;
	}
	return sq_commit(s);
}

const char *store_errmsg(const struct store *s)
{
	return s ? s->errmsg : "out of memory";
}

static int migration_number(const char *name)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return name[4] == '_' ? v : -1;
}

static enum status migrate(struct store *s)
{
	enum status rc = sq_exec(s, "CREATE TABLE IF NOT EXISTS schema_migrations ("
				    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
	if (rc != ST_OK)
		return rc;
	struct arena *a = arena_new();
	sqlite3_stmt *q = sq_prep(s, a, "SELECT 1 FROM schema_migrations WHERE version = ?");
	sqlite3_stmt *ins = sq_prep(s, a, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
	if (!q || !ins) {
		arena_free(a);
		return ST_STORE;
	}
	int last = 0;
	for (const struct embedded_file *m = sqlite_migrations; m->name; m++) {
		int v = migration_number(m->name);
		if (v <= last) {
			arena_free(a);
			return sq_fail(s, "migration '%s' is out of order", m->name);
		}
		last = v;
		sqlite3_bind_int(q, 1, v);
		int applied = sqlite3_step(q) == SQLITE_ROW;
		sqlite3_reset(q);
		if (applied)
			continue;
		char now[32];
		sq_now(now);
		rc = sq_begin(s);
		if (rc == ST_OK)
			rc = sq_exec(s, m->data);
		if (rc == ST_OK) {
			sqlite3_bind_int(ins, 1, v);
			sq_bind_text(ins, 2, m->name);
			sq_bind_text(ins, 3, now);
			rc = sq_step_done(s, ins);
		}
		if (rc == ST_OK)
			rc = sq_commit(s);
		if (rc != ST_OK) {
			char msg[512];
			snprintf(msg, sizeof(msg), "%s", s->errmsg);
			sq_rollback(s);
			arena_free(a);
			return sq_fail(s, "migration %s failed: %s", m->name, msg);
		}
	}
	arena_free(a);
	return ST_OK;
}

static enum status open_conn(const char *path, int flags, struct store **out)
{
	struct store *s = xcalloc(1, sizeof(*s));
	*out = s;
	if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return sq_fail(s, "cannot open store '%s': %s", path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
	sqlite3_busy_timeout(s->db, 10000);
	sqlite3_extended_result_codes(s->db, 1);
	enum status rc = sq_exec(s, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
				   " PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY;");
	if (rc != ST_OK)
		return sq_fail(s, "store '%s' is not usable: %s", path, s->errmsg);
	return migrate(s);
}

enum status store_global_init(void)
{
	if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
		return ST_STORE;
	return sqlite3_initialize() == SQLITE_OK ? ST_OK : ST_STORE;
}

enum status store_open(const char *path, struct store **out)
{
	return open_conn(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, out);
}

enum status store_open_existing(const char *path, struct store **out)
{
	struct stat st;
	*out = NULL;
	if (stat(path, &st) != 0)
		return ST_NOT_FOUND;
	return open_conn(path, SQLITE_OPEN_READWRITE, out);
}

void store_close(struct store *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->version_st);
	sqlite3_close_v2(s->db);
	free(s);
}

enum status store_version(struct store *s, long long *version)
{
	*version = 0;
	if (!s->version_st && sqlite3_prepare_v2(s->db, "SELECT coalesce(max(id), 0) FROM audit_events", -1, &s->version_st, NULL) !=
				      SQLITE_OK)
		return sq_fail(s, "cannot read the store version: %s", sqlite3_errmsg(s->db));
	int rc = sqlite3_step(s->version_st);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int64(s->version_st, 0);
	sqlite3_reset(s->version_st);
	return rc == SQLITE_ROW ? ST_OK : sq_fail(s, "cannot read the store version: %s", sqlite3_errmsg(s->db));
}

enum status store_ping(struct store *s)
{
	return sq_exec(s, "SELECT 1");
}

enum status store_migrations(struct store *s, struct arena *a, struct migration_row **rows, size_t *n)
{
	sqlite3_stmt *st = sq_prep(s, a, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
	*n = 0;
	if (!st)
		return ST_STORE;
	size_t cap = 0;
	*rows = sq_grow(a, NULL, &cap, 0, sizeof(**rows));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*rows = sq_grow(a, *rows, &cap, *n, sizeof(**rows));
		(*rows)[*n] = (struct migration_row){sqlite3_column_int(st, 0), sq_col_text(a, st, 1), sq_col_text(a, st, 2)};
		(*n)++;
	}
	return sq_done(s, rc);
}
