/* test_store_bulk.c - unit tests of db_copy_* (store/bulk.c; PostgreSQL's COPY path under
 * tools/pg-test.sh, a prepared INSERT per row on SQLite): every kind of value comes back as it was
 * sent, the texts a bulk format must escape among them (tab, new lines, backslashes, "\N", "\."),
 * blobs with NUL bytes, NULLs, integers at their limits and doubles to the last bit; a row that
 * breaks a constraint fails the copy with the table named and, after the rollback, nothing of it
 * is left while the connection serves the next statement; an abandoned copy writes nothing. */
#include <float.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "testdb.h"
#include "store/db.h"
#include "store/store.h"
#include "base/banned.h"

#define N_ROWS 3000 /* more than one 256 KiB flush of COPY data */

struct fixture {
	struct arena *arena;
	char tmpdir[64];
	char db[128];
	struct store *store;
};

static struct fixture fx;

static const char *const TEXTS[] = {
	"plain", "tab\there", "line\nbreak", "cr\rlf\r\n", "back\\slash", "\\N", "\\.", "\\", "末尾\\", "汉字\t\\N\n",
};
static const unsigned char BLOB[] = {0, 1, '\\', '\t', '\n', 0xff, 0x80, 0};

static int setup(void **state)
{
	(void)state;
	fx.arena = arena_new();
	if (fixture_tmpdir(fx.tmpdir, fx.db, "bulk") != 0 || fixture_store(fx.db, NULL, &fx.store) != 0)
		return -1;
	const char *sql = testdb_is_postgres()
		? "CREATE TABLE bulk_t (id BIGINT PRIMARY KEY, n BIGINT, d DOUBLE PRECISION, t TEXT NOT NULL, b BYTEA)"
		: "CREATE TABLE bulk_t (id INTEGER PRIMARY KEY, n INTEGER, d REAL, t TEXT NOT NULL, b BLOB)";
	return db_exec(fx.store, sql) == ST_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	store_close(fx.store);
	fx.store = NULL;
	fixture_remove(fx.tmpdir, fx.db);
	arena_free(fx.arena);
	return 0;
}

static const char *const COLS[] = {"id", "n", "d", "t", "b"};

/* Row i: every column's value is a function of i; some are NULL. */
static void make_row(int i, struct db_value v[5])
{
	memset(v, 0, 5 * sizeof(*v));
	v[0].type = DB_INT, v[0].i = i + 1;
	if (i % 7 == 3)
		v[1].type = DB_NULL;
	else
		v[1].type = DB_INT, v[1].i = i == 0 ? LLONG_MIN : i == 1 ? LLONG_MAX : (long long)i * -977;
	v[2].type = DB_FLOAT;
	v[2].d = i == 0 ? 0.1 : i == 1 ? DBL_MAX : i == 2 ? -DBL_MIN : (double)i / 3.0;
	v[3].type = DB_TEXT, v[3].text = TEXTS[i % (int)(sizeof(TEXTS) / sizeof(TEXTS[0]))];
	if (i % 5 == 4)
		v[4].type = DB_NULL;
	else
		v[4].type = DB_BLOB, v[4].blob = BLOB, v[4].len = (size_t)(i % (int)sizeof(BLOB)) + 1;
}

static enum status copy_rows(int n, int bad_row, int is_ok)
{
	struct db_copy *c = db_copy_begin(fx.store, fx.arena, "bulk_t", COLS, 5);
	if (!c)
		return ST_STORE;
	enum status rc = ST_OK;
	for (int i = 0; i < n && rc == ST_OK; i++) {
		struct db_value v[5];
		make_row(i, v);
		if (i == bad_row)
			v[3].type = DB_NULL; /* t is NOT NULL */
		rc = db_copy_put(c, v);
	}
	enum status end = db_copy_end(c, is_ok && rc == ST_OK);
	return rc != ST_OK ? rc : end;
}

static void every_value_comes_back(void **state)
{
	(void)state;
	assert_int_equal(db_begin(fx.store), ST_OK);
	assert_int_equal(copy_rows(N_ROWS, -1, 1), ST_OK);
	assert_int_equal(fx.store->changes, N_ROWS);
	assert_int_equal(db_commit(fx.store), ST_OK);
	struct db_stmt *q = db_prep(fx.store, fx.arena, "SELECT id, n, d, t, b FROM bulk_t ORDER BY id");
	assert_non_null(q);
	int i = 0;
	while (db_step(q) == DB_STEP_ROW) {
		struct db_value v[5];
		make_row(i, v);
		assert_int_equal(db_int(q, 0), v[0].i);
		assert_int_equal(db_is_null(q, 1), v[1].type == DB_NULL);
		if (v[1].type == DB_INT)
			assert_true(db_int(q, 1) == v[1].i);
		assert_true(db_double(q, 2) == v[2].d);
		assert_string_equal(db_peek(q, 3), v[3].text);
		assert_int_equal(db_is_null(q, 4), v[4].type == DB_NULL);
		if (v[4].type == DB_BLOB) {
			size_t len = 0;
			const void *b = db_blob(fx.arena, q, 4, &len);
			assert_int_equal(len, v[4].len);
			assert_memory_equal(b, v[4].blob, len);
		}
		i++;
	}
	db_reset(q);
	assert_int_equal(i, N_ROWS);
}

static void a_bad_row_fails_the_copy_and_leaves_nothing(void **state)
{
	(void)state;
	assert_int_equal(db_begin(fx.store), ST_OK);
	enum status rc = copy_rows(N_ROWS, N_ROWS - 2, 1);
	assert_int_equal(rc, ST_STORE);
	assert_non_null(strstr(store_errmsg(fx.store), "table bulk_t"));
	if (testdb_is_postgres()) /* the server names the row of the COPY */
		assert_non_null(strstr(store_errmsg(fx.store), "line 2999"));
	db_rollback(fx.store);
	assert_int_equal(testdb_int(fx.db, "SELECT count(*) FROM bulk_t"), 0);
	/* the connection serves the next copy */
	assert_int_equal(db_begin(fx.store), ST_OK);
	assert_int_equal(copy_rows(10, -1, 1), ST_OK);
	assert_int_equal(db_commit(fx.store), ST_OK);
	assert_int_equal(testdb_int(fx.db, "SELECT count(*) FROM bulk_t"), 10);
}

static void an_abandoned_copy_writes_nothing(void **state)
{
	(void)state;
	assert_int_equal(db_begin(fx.store), ST_OK);
	assert_int_not_equal(copy_rows(N_ROWS, -1, 0), ST_OK);
	db_rollback(fx.store);
	assert_int_equal(testdb_int(fx.db, "SELECT count(*) FROM bulk_t"), 0);
	struct db_stmt *q = db_prep(fx.store, fx.arena, "SELECT count(*) FROM bulk_t");
	long long n = -1;
	assert_non_null(q);
	assert_int_equal(db_scalar(q, &n), ST_OK);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_value_comes_back, setup, teardown),
		cmocka_unit_test_setup_teardown(a_bad_row_fails_the_copy_and_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(an_abandoned_copy_writes_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
