/* test_write_behind.c - unit tests of store/write_behind.c and its use by the SQLite driver: the
 * thread pushes a file's pages while leaving its bytes as they are, skips a file it cannot open,
 * starts for nothing when given nothing and stops at once; an SQLite store runs it exactly while
 * a durable transaction is open (from store_tx_begin_durable to the commit or the rollback), and
 * what the transaction wrote is all there after the commit and none of it after the rollback.
 * (Under ASan, a thread or path not released fails the run.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "fixture.h"
#include "store/db.h"
#include "store/store.h"
#include "store/write_behind.h"
#include "base/banned.h"

static void pause_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&t, NULL);
}

static void test_write_behind_leaves_the_bytes_as_they_are(void **state)
{
	(void)state;
	char path[] = "/tmp/innomon-test-wb-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	static char block[1 << 16];
	for (size_t i = 0; i < sizeof(block); i++)
		block[i] = (char)(i * 31 + 7);
	for (int i = 0; i < 32; i++)
		assert_int_equal(write(fd, block, sizeof(block)), (ssize_t)sizeof(block));
	const char *const paths[] = {path, "/nonexistent/innomon-wb", NULL};
	struct write_behind *wb = write_behind_start(paths, 3);
	assert_non_null(wb);
	pause_ms(450); /* two rounds of pushing, one of them on a file that is not there */
	for (int i = 0; i < 8; i++)
		assert_int_equal(write(fd, block, sizeof(block)), (ssize_t)sizeof(block));
	write_behind_stop(wb);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	static char back[sizeof(block)];
	for (int i = 0; i < 40; i++) {
		assert_int_equal(read(fd, back, sizeof(back)), (ssize_t)sizeof(back));
		assert_memory_equal(back, block, sizeof(block));
	}
	assert_int_equal(read(fd, back, 1), 0);
	close(fd);
	unlink(path);
}

static void test_write_behind_of_nothing_is_nothing(void **state)
{
	(void)state;
	const char *const none[] = {NULL, ""};
	assert_null(write_behind_start(none, 2));
	assert_null(write_behind_start(none, 0));
	write_behind_stop(NULL);
	/* stopped before its first round: it ends without pushing anything */
	const char *const one[] = {"/nonexistent/innomon-wb"};
	struct write_behind *wb = write_behind_start(one, 1);
	assert_non_null(wb);
	write_behind_stop(wb);
}

static void test_a_durable_transaction_runs_it_while_it_is_open(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char tmpdir[64], db[128];
	assert_int_equal(fixture_tmpdir(tmpdir, db, "wb"), 0);
	struct store *s;
	assert_int_equal(store_open(db, &s), ST_OK);
	assert_null(s->write_behind);
	assert_int_equal(store_tx_begin_durable(s), ST_OK);
	assert_non_null(s->write_behind);
	assert_int_equal(db_exec(s, "CREATE TABLE wb_t (n INTEGER)"), ST_OK);
	assert_int_equal(db_exec(s, "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 50000)"
				    " INSERT INTO wb_t SELECT n FROM c"),
			 ST_OK);
	pause_ms(250);
	assert_int_equal(store_tx_commit(s), ST_OK);
	assert_null(s->write_behind);
	long long n = 0;
	struct db_stmt *q = db_prep(s, a, "SELECT count(*) FROM wb_t");
	assert_non_null(q);
	assert_int_equal(db_scalar(q, &n), ST_OK);
	assert_int_equal(n, 50000);
	/* rolled back: gone, and so is the thread */
	assert_int_equal(store_tx_begin_durable(s), ST_OK);
	assert_non_null(s->write_behind);
	assert_int_equal(db_exec(s, "INSERT INTO wb_t VALUES (0)"), ST_OK);
	store_tx_rollback(s);
	assert_null(s->write_behind);
	assert_int_equal(db_scalar(q, &n), ST_OK);
	assert_int_equal(n, 50000);
	/* a plain transaction does not start it */
	assert_int_equal(store_tx_begin(s), ST_OK);
	assert_null(s->write_behind);
	store_tx_rollback(s);
	/* closed while one is open: the store stops it */
	assert_int_equal(store_tx_begin_durable(s), ST_OK);
	assert_non_null(s->write_behind);
	arena_free(a);
	store_close(s);
	const char *suffixes[] = {"", "-wal", "-shm"};
	for (size_t k = 0; k < 3; k++) {
		char p[160];
		snprintf(p, sizeof(p), "%s%s", db, suffixes[k]);
		unlink(p);
	}
	rmdir(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_behind_leaves_the_bytes_as_they_are),
		cmocka_unit_test(test_write_behind_of_nothing_is_nothing),
		cmocka_unit_test(test_a_durable_transaction_runs_it_while_it_is_open),
	};
	return cmocka_run_group_tests_name("store/write_behind", tests, NULL, NULL);
}
