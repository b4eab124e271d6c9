/* testdb.h - the store a test runs on, on either back end: a file in the test's folder, or,
 * when INNOMON_TEST_PG is set (tools/pg-test.sh sets it, with PGHOST, PGPORT and PGUSER), a new
 * database of the test cluster; and SQL run on it directly, as another process would, through the
 * store's own drivers (so the same '?'-parameter SQL runs on both). Test code. */
#ifndef INNOMON_TESTS_TESTDB_H
#define INNOMON_TESTS_TESTDB_H

#include <stddef.h>

#include "base/buf.h"

/* Whether the tests run on PostgreSQL (INNOMON_TEST_PG set and not empty). */
int testdb_is_postgres(void);
/* A new, empty store target for name into out (cap bytes): TMPDIR/store.db, or a new schema
 * of the test database: "postgresql:///DB?options=-csearch_path%3Ds_NAME_PID_N". 0, or -1 with a
 * message on stderr. */
int testdb_new(char *out, size_t cap, const char *tmpdir, const char *name);
/* Drop the schema of target (PostgreSQL; a file is removed with its folder by the caller). */
void testdb_drop(const char *target);

/* Make the store at target (new, empty) as a build of innomon whose last migration was number
 * last made it: migrations 1..last applied and recorded, the later ones not; then the
 * statements sql[0..n_sql) run on it (rows of that schema). Opening it with store_open then
 * upgrades it, as a newer innomon does. 0, or -1 with the store's message on stderr. */
int testdb_at_migration(const char *target, int last, const char *const *sql, size_t n_sql);

/* Run sql on the store at target (the arg, when not NULL, bound to every '?'): the rows into out
 * (reset first), columns joined by '|', each row ended by '\n', NULL as "". 0, or -1 with the
 * store's message in err (cap bytes). */
int testdb_query(const char *target, const char *sql, const long long *arg, struct buf *out, char *err, size_t cap);
/* The first column of the first row of sql as an integer; -1 printed and returned on failure,
 * 0 when there is no row. */
long long testdb_int(const char *target, const char *sql);

/* Whether another connection holds the store's write lock right now (a writer is inside its
 * transaction). */
int testdb_is_writing(const char *target);

#endif
