/* test_sqlite_backup.c - unit tests of store_backup (store/sqlite_backup.c): a backup of a store
 * holding the shipped plan opens as a store and reads back the same plan; a backup taken while
 * another connection holds an open write transaction neither waits for it nor holds any of its
 * rows (the store is in WAL mode: one snapshot, as of the start), and a backup after the commit
 * holds them all; an existing non-empty target (or a leftover .tmp) is refused with ST_CONFLICT
 * and left untouched.
 * The other connections use the sqlite3 API directly, as another process would. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "fixture.h"
#include "store/store.h"
#include "base/banned.h"

struct fixture {
	struct arena *arena;
	char tmpdir[64];
	char db[128];
	char dest[128];
	struct store *store;
	struct plan *shipped;
};

static struct fixture fx;

static int setup(void **state)
{
	(void)state;
	fx.arena = arena_new();
	if (fixture_tmpdir(fx.tmpdir, fx.db, "backup") != 0)
		return -1;
	snprintf(fx.dest, sizeof(fx.dest), "%s/backup.db", fx.tmpdir);
	if (fixture_shipped_plan(fx.arena, &fx.shipped) != 0)
		return -1;
	return fixture_store(fx.db, fx.shipped, &fx.store);
}

static int teardown(void **state)
{
	(void)state;
	store_close(fx.store);
	fx.store = NULL;
	const char *files[] = {fx.db, fx.dest};
	const char *suffixes[] = {"", "-wal", "-shm", "-journal", ".tmp"};
	for (size_t i = 0; i < 2; i++)
		for (size_t k = 0; k < 5; k++)
			unlink(arena_printf(fx.arena, "%s%s", files[i], suffixes[k]));
	rmdir(fx.tmpdir);
	arena_free(fx.arena);
	return 0;
}

static void exec_ok(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
}

/* SELECT count(*) FROM table in the file at path (read-only). */
static long long count_rows(const char *path, const char *table)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	const char *sql = arena_printf(fx.arena, "SELECT count(*) FROM %s", table);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void test_store_backup_reads_back_the_same_plan(void **state)
{
	(void)state;
	if (store_backup(fx.store, fx.dest) != ST_OK)
		fail_msg("store_backup: %s", store_errmsg(fx.store));
	struct stat st;
	assert_int_equal(stat(fx.dest, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600); /* the store holds password hashes */
	assert_int_not_equal(stat(arena_printf(fx.arena, "%s.tmp", fx.dest), &st), 0);

	struct store *copy;
	if (store_open_existing(fx.dest, &copy) != ST_OK)
		fail_msg("the backup does not open: %s", store_errmsg(copy));
	struct plan *p;
	assert_int_equal(store_plan_get(copy, fx.arena, NULL, 0, &p), ST_OK);
	assert_string_equal(plan_canonical(p, fx.arena), plan_canonical(fx.shipped, fx.arena));
	assert_int_equal(p->n_indicators, fx.shipped->n_indicators);
	assert_int_equal(p->n_measures, 27);
	struct plan_version_row *orig_rows, *copy_rows;
	size_t n_orig, n_copy;
	assert_int_equal(store_plan_versions(fx.store, fx.arena, &orig_rows, &n_orig), ST_OK);
	assert_int_equal(store_plan_versions(copy, fx.arena, &copy_rows, &n_copy), ST_OK);
	assert_int_equal(n_copy, n_orig);
	assert_string_equal(copy_rows[0].digest, orig_rows[0].digest);
	assert_int_equal(store_ping(copy), ST_OK);
	store_close(copy);
	assert_int_equal(count_rows(fx.dest, "audit_events"), count_rows(fx.db, "audit_events"));

	/* an existing empty file is no backup yet: it is replaced */
	unlink(fx.dest);
	FILE *f = fopen(fx.dest, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(store_backup(fx.store, fx.dest), ST_OK);
	assert_int_equal(count_rows(fx.dest, "plan_versions"), (long long)n_orig);
}

struct writer {
	const char *db_path;
	int n_rows;
	int hold_ms;             /* keep the transaction open this long before committing */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int is_holding;          /* the transaction is open, its rows written */
	int is_released;         /* committed and the lock given up */
};

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static void *write_rows(void *arg)
{
	struct writer *w = arg;
	sqlite3 *db;
	if (sqlite3_open_v2(w->db_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		abort();
	sqlite3_busy_timeout(db, 10000);
	exec_ok(db, "BEGIN IMMEDIATE");
	for (int i = 0; i < w->n_rows; i++)
		exec_ok(db, "INSERT INTO backup_probe (x) VALUES (randomblob(64))");
	pthread_mutex_lock(&w->mu);
	w->is_holding = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	sleep_ms(w->hold_ms);
	exec_ok(db, "COMMIT");
	sqlite3_close(db);
	pthread_mutex_lock(&w->mu);
	w->is_released = 1;
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static void start_writer(struct writer *w, pthread_t *t)
{
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	assert_int_equal(pthread_create(t, NULL, write_rows, w), 0);
	pthread_mutex_lock(&w->mu);
	while (!w->is_holding)
		pthread_cond_wait(&w->cv, &w->mu);
	pthread_mutex_unlock(&w->mu);
}

static void finish_writer(struct writer *w, pthread_t t)
{
	assert_int_equal(pthread_join(t, NULL), 0);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
}

static void make_probe_table(void)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(fx.db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	exec_ok(db, "CREATE TABLE backup_probe (x BLOB)");
	sqlite3_close(db);
}

static void test_store_backup_neither_waits_for_nor_sees_an_open_write(void **state)
{
	(void)state;
	make_probe_table();
	struct writer w = {.db_path = fx.db, .n_rows = 2000, .hold_ms = 1500};
	pthread_t t;
	start_writer(&w, &t);
	/* WAL: a transaction being written does not block the backup, which copies the store as
	 * it was when the backup began, without any of the uncommitted rows */
	enum status rc = store_backup(fx.store, fx.dest);
	pthread_mutex_lock(&w.mu);
	int was_released = w.is_released;
	pthread_mutex_unlock(&w.mu);
	finish_writer(&w, t);
	if (rc != ST_OK)
		fail_msg("store_backup: %s", store_errmsg(fx.store));
	assert_false(was_released);
	assert_int_equal(count_rows(fx.dest, "backup_probe"), 0);
	assert_int_equal(count_rows(fx.dest, "plan_versions"), 1);
	/* the writer committed all the same, and a later backup holds every row */
	assert_int_equal(count_rows(fx.db, "backup_probe"), 2000);
	const char *second = arena_printf(fx.arena, "%s/second.db", fx.tmpdir);
	assert_int_equal(store_backup(fx.store, second), ST_OK);
	assert_int_equal(count_rows(second, "backup_probe"), 2000);
	const char *suffixes[] = {"", "-wal", "-shm"};
	for (size_t k = 0; k < 3; k++)
		unlink(arena_printf(fx.arena, "%s%s", second, suffixes[k]));
}

static void test_store_backup_refuses_to_overwrite(void **state)
{
	(void)state;
	FILE *f = fopen(fx.dest, "w");
	assert_non_null(f);
	fputs("precious", f);
	fclose(f);
	assert_int_equal(store_backup(fx.store, fx.dest), ST_CONFLICT);
	assert_non_null(strstr(store_errmsg(fx.store), "already exists and is not empty"));
	char text[16] = "";
	f = fopen(fx.dest, "r");
	assert_non_null(f);
	assert_non_null(fgets(text, sizeof(text), f));
	fclose(f);
	assert_string_equal(text, "precious");
	struct stat st;
	assert_int_not_equal(stat(arena_printf(fx.arena, "%s.tmp", fx.dest), &st), 0);

	/* a folder is not a backup file either */
	assert_int_equal(store_backup(fx.store, fx.tmpdir), ST_CONFLICT);

	/* a leftover DEST.tmp may be another backup running: refused, and left alone */
	unlink(fx.dest);
	const char *tmp = arena_printf(fx.arena, "%s.tmp", fx.dest);
	f = fopen(tmp, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(store_backup(fx.store, fx.dest), ST_CONFLICT);
	assert_int_equal(stat(tmp, &st), 0);
	assert_int_not_equal(stat(fx.dest, &st), 0);
	unlink(tmp);

	/* a folder that does not exist */
	const char *nowhere = arena_printf(fx.arena, "%s/no/such/dir/backup.db", fx.tmpdir);
	assert_int_equal(store_backup(fx.store, nowhere), ST_IO);
}

int main(void)
{
	unsetenv("INNOMON_TEST_PG"); /* SQLite's own backup: always on a file */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_store_backup_reads_back_the_same_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_backup_neither_waits_for_nor_sees_an_open_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_backup_refuses_to_overwrite, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
