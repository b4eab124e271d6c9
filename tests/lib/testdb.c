/* testdb.c - the store a test runs on (testdb.h). */
#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "store/db.h"
#include "store/store.h"
#include "testdb.h"
#include "base/banned.h"

int testdb_is_postgres(void)
{
	const char *v = getenv("INNOMON_TEST_PG");
	return v && *v;
}

/* The connection of the last target queried, kept: a test reads its store often, and a new
 * PostgreSQL connection each time costs more than the query. */
static pthread_mutex_t kept_mu = PTHREAD_MUTEX_INITIALIZER;
static struct store *kept;
static char kept_target[256];

static void forget_kept(void)
{
	store_close(kept);
	kept = NULL;
	kept_target[0] = '\0';
}

/* Run one statement on the test database (PGDATABASE of tools/pg-test.sh). 0 or -1. */
static int admin(const char *sql)
{
	PGconn *c = PQconnectdb("options=-cclient_min_messages=warning");
	int rc = -1;
	if (PQstatus(c) == CONNECTION_OK) {
		PGresult *r = PQexec(c, sql);
		rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
		if (rc)
			fprintf(stderr, "testdb: %s: %s", sql, PQresultErrorMessage(r));
		PQclear(r);
	} else {
		fprintf(stderr, "testdb: cannot reach the test cluster: %s", PQerrorMessage(c));
	}
	PQfinish(c);
	return rc;
}

/* The schema of a PostgreSQL target (its search_path), or NULL. */
static const char *schema_of(const char *target)
{
	const char *p = strstr(target, "search_path%3D");
	return p ? p + 14 : NULL;
}

int testdb_new(char *out, size_t cap, const char *tmpdir, const char *name)
{
	static int n;
	if (!testdb_is_postgres()) {
		snprintf(out, cap, "%s/store.db", tmpdir);
		return 0;
	}
	/* a store per test is a schema of the one test database: made and dropped in milliseconds,
	 * where a database takes a good part of a second */
	char schema[64], sql[128];
	const char *db = getenv("PGDATABASE");
	snprintf(schema, sizeof(schema), "s_%s_%ld_%d", name, (long)getpid(), ++n);
	for (char *p = schema; *p; p++)
		if (*p == '-')
			*p = '_';
	snprintf(sql, sizeof(sql), "CREATE SCHEMA \"%s\"", schema);
	if (admin(sql) != 0)
		return -1;
	snprintf(out, cap, "postgresql:///%s?options=-csearch_path%%3D%s", db && *db ? db : "postgres", schema);
	return 0;
}

void testdb_drop(const char *target)
{
	char sql[160];
	const char *schema = schema_of(target);
	if (!store_is_postgres_target(target) || !schema)
		return;
	pthread_mutex_lock(&kept_mu);
	if (strcmp(kept_target, target) == 0)
		forget_kept();
	pthread_mutex_unlock(&kept_mu);
	snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS \"%s\" CASCADE", schema);
	(void)admin(sql);
}

int testdb_at_migration(const char *target, int last, const char *const *sql, size_t n_sql)
{
	struct store *s = xcalloc(1, sizeof(*s));
	s->drv = store_is_postgres_target(target) ? &db_postgres : &db_sqlite;
	enum status rc = s->drv->connect(s, target, 1);
	if (rc == ST_OK)
		rc = db_exec(s, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
				" applied_at TEXT NOT NULL)");
	for (const struct embedded_file *m = s->drv->migrations; rc == ST_OK && m->name && strtol(m->name, NULL, 10) <= last;
	     m++) {
		char ins[160];
		snprintf(ins, sizeof(ins),
			 "INSERT INTO schema_migrations (version, name, applied_at) VALUES (%d, '%s', '2025-01-01T00:00:00Z')",
			 (int)strtol(m->name, NULL, 10), m->name);
		rc = db_begin(s);
		if (rc == ST_OK)
			rc = db_exec(s, m->data);
		if (rc == ST_OK)
			rc = db_exec(s, ins);
		if (rc == ST_OK)
			rc = db_commit(s);
		else
			db_rollback(s);
	}
	for (size_t i = 0; rc == ST_OK && i < n_sql; i++)
		rc = db_exec(s, sql[i]);
	if (rc != ST_OK)
		fprintf(stderr, "testdb: a store at migration %d: %s\n", last, s->conn ? store_errmsg(s) : "cannot connect");
	store_close(s);
	return rc == ST_OK ? 0 : -1;
}

int testdb_query(const char *target, const char *sql, const long long *arg, struct buf *out, char *err, size_t cap)
{
	struct arena *a = arena_new();
	int rc = -1;
	buf_reset(out);
	pthread_mutex_lock(&kept_mu);
	if (!kept || strcmp(kept_target, target) != 0) {
		forget_kept();
		if (store_open_existing(target, &kept) != ST_OK) {
			snprintf(err, cap, "%s", kept ? store_errmsg(kept) : "no such store");
			forget_kept();
			goto out;
		}
		snprintf(kept_target, sizeof(kept_target), "%s", target);
	}
	struct store *s = kept;
	struct db_stmt *st = db_prep(s, a, sql);
	if (!st) {
		snprintf(err, cap, "%s", store_errmsg(s));
		goto out;
	}
	for (int i = 1; arg && i <= 8; i++)
		db_bind_int(st, i, *arg);
	enum db_step r;
	while ((r = db_step(st)) == DB_STEP_ROW) {
		for (int k = 0; k < s->drv->n_cols(st->h); k++)
			bwf(out, "%s%s", k ? "|" : "", db_peek(st, k));
		bwc(out, '\n');
	}
	db_reset(st);
	if (r == DB_STEP_DONE)
		rc = 0;
	else
		snprintf(err, cap, "%s", store_errmsg(s));
out:
	arena_free(a);
	pthread_mutex_unlock(&kept_mu);
	return rc;
}

long long testdb_int(const char *target, const char *sql)
{
	struct buf b;
	char err[512];
	buf_init(&b, 0);
	long long v = -1;
	if (testdb_query(target, sql, NULL, &b, err, sizeof(err)) != 0)
		fprintf(stderr, "testdb: %s: %s\n", sql, err);
	else
		v = b.len ? strtoll(buf_str(&b), NULL, 10) : 0;
	buf_release(&b);
	return v;
}

int testdb_is_writing(const char *target)
{
	if (store_is_postgres_target(target)) /* the store's write lock: postgres.c */
		return testdb_int(target, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
					  " AND classid = 1768846959 AND objid = CAST(hashtext(current_schema()) AS oid)") > 0;
	sqlite3 *db;
	int is_busy = 0;
	if (sqlite3_open_v2(target, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(db, 0);
		int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		is_busy = rc == SQLITE_BUSY;
		if (rc == SQLITE_OK)
			(void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	}
	sqlite3_close(db);
	return is_busy;
}
