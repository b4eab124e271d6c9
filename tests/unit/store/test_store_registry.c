/* test_store_registry.c - unit tests of the registries through store.h (SQLite, or PostgreSQL): new records as
 * revision 1 with an import batch and an audit event, an identical re-import writing nothing, a
 * changed record becoming revision 2 (the old one kept), a dry run writing nothing, an unknown
 * region refused whole, numbers read back as numbers, and the append-only tables. Each test gets
 * a fresh temporary store holding the shipped plan. */
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
#include "store/store.h"
#include "base/banned.h"

struct fixture {
	struct arena *arena;
	struct plan *shipped;
	char tmpdir[64];
	char db[128];
	struct store *store;
};

static struct fixture fx;

static int group_setup(void **state)
{
	(void)state;
	fx.arena = arena_new();
	return fixture_shipped_plan(fx.arena, &fx.shipped);
}

static int group_teardown(void **state)
{
	(void)state;
	arena_free(fx.arena);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	if (fixture_tmpdir(fx.tmpdir, fx.db, "registry") != 0)
		return -1;
	return fixture_store(fx.db, fx.shipped, &fx.store);
}

static int teardown(void **state)
{
	(void)state;
	store_close(fx.store);
	fx.store = NULL;
	fixture_remove(fx.tmpdir, fx.db);
	return 0;
}

static struct reg_record contract(const char *no, const char *signed_on, const char *amount, const char *region)
{
	struct reg_record r;
	memset(&r, 0, sizeof(r));
	reg_record_alloc(fx.arena, REG_CONTRACTS, &r);
	r.vals[0] = no, r.vals[1] = signed_on, r.vals[2] = amount, r.vals[3] = region, r.vals[5] = "卖方";
	r.key = reg_record_key(fx.arena, REG_CONTRACTS, &r);
	r.region = -1;
	return r;
}

static long long count_rows(const char *sql)
{
	return testdb_int(fx.db, sql);
}

static void test_store_registry_write_new_unchanged_revised(void **state)
{
	(void)state;
	struct reg_record recs[] = {contract("c1", "2024-03-01", "5000", "changsha"), contract("c2", "2024-05-01", "12.5", "zhuzhou")};
	struct reg_batch b = {"tester", "contracts.csv", "abc", NULL, "utf-8", 0};
	struct reg_write_result res;
	enum status wrc = store_registry_write(fx.store, fx.arena, REG_CONTRACTS, &b, recs, 2, &res);
	if (wrc != ST_OK)
		fail_msg("%s", store_errmsg(fx.store));
	assert_int_equal(res.n_new, 2);
	assert_true(res.batch_id > 0);
	assert_int_equal(recs[0].revision, 1);
	long long audits = count_rows("SELECT count(*) FROM audit_events WHERE action = 'registry.import'");
	assert_int_equal(audits, 1);

	/* the same again (amount written differently): nothing */
	struct reg_record again[] = {contract("c1", "2024-03-01", "5000.0", "changsha"), contract("c2", "2024-05-01", "12.50", "zhuzhou")};
	assert_int_equal(store_registry_write(fx.store, fx.arena, REG_CONTRACTS, &b, again, 2, &res), ST_OK);
	assert_int_equal(res.n_unchanged, 2);
	assert_int_equal(res.batch_id, 0);
	assert_int_equal(count_rows("SELECT count(*) FROM registry_contracts"), 2);
	assert_int_equal(count_rows("SELECT count(*) FROM audit_events WHERE action = 'registry.import'"), 1);

	/* a changed amount: revision 2, the first kept */
	struct reg_record changed[] = {contract("c1", "2024-03-01", "6000", "changsha")};
	assert_int_equal(store_registry_write(fx.store, fx.arena, REG_CONTRACTS, &b, changed, 1, &res), ST_OK);
	assert_int_equal(res.n_revised, 1);
	assert_int_equal(res.outcome[0], REG_REVISED);
	assert_int_equal(changed[0].revision, 2);
	assert_int_equal(count_rows("SELECT count(*) FROM registry_contracts"), 3);

	struct reg_record *cur;
	size_t n;
	assert_int_equal(store_registry_current(fx.store, fx.arena, REG_CONTRACTS, &cur, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(cur[0].key, "c1");
	assert_int_equal(cur[0].revision, 2);
	assert_string_equal(cur[0].vals[2], "6000");
	assert_string_equal(cur[1].vals[2], "12.5");
	assert_null(cur[1].vals[4]);
	assert_string_equal(cur[1].vals[5], "卖方");
	assert_string_equal(cur[1].created_by, "tester");
}

static void test_store_registry_write_dry_run_and_bad_region_write_nothing(void **state)
{
	(void)state;
	struct reg_record recs[] = {contract("c1", "2024-03-01", "5000", "changsha")};
	struct reg_batch dry = {"tester", NULL, NULL, NULL, NULL, 1};
	struct reg_write_result res;
	assert_int_equal(store_registry_write(fx.store, fx.arena, REG_CONTRACTS, &dry, recs, 1, &res), ST_OK);
	assert_int_equal(res.n_new, 1);
	assert_int_equal(count_rows("SELECT count(*) FROM registry_contracts"), 0);

	struct reg_record bad[] = {contract("c1", "2024-03-01", "5000", "changsha"), contract("c2", "2024-03-01", "1", "atlantis")};
	struct reg_batch b = {"tester", NULL, NULL, NULL, NULL, 0};
	assert_int_equal(store_registry_write(fx.store, fx.arena, REG_CONTRACTS, &b, bad, 2, &res), ST_INVALID);
	assert_int_equal(count_rows("SELECT count(*) FROM registry_contracts"), 0);
	assert_int_equal(count_rows("SELECT count(*) FROM import_batches"), 0);
}

static void test_store_registry_empty_and_append_only(void **state)
{
	(void)state;
	struct reg_record *cur;
	size_t n = 9;
	for (int k = 0; k < REG_N_KINDS; k++) {
		assert_int_equal(store_registry_current(fx.store, fx.arena, (enum reg_kind)k, &cur, &n), ST_OK);
		assert_int_equal(n, 0);
	}
	struct reg_record t;
	memset(&t, 0, sizeof(t));
	reg_record_alloc(fx.arena, REG_TALENTS, &t);
	t.vals[0] = "t1", t.vals[1] = "芙蓉计划", t.vals[2] = "2024", t.vals[3] = "xiangtan";
	t.key = reg_record_key(fx.arena, REG_TALENTS, &t);
	struct reg_batch b = {"tester", NULL, NULL, NULL, NULL, 0};
	struct reg_write_result res;
	assert_int_equal(store_registry_write(fx.store, fx.arena, REG_TALENTS, &b, &t, 1, &res), ST_OK);
	assert_int_equal(store_registry_current(fx.store, fx.arena, REG_TALENTS, &cur, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(cur[0].vals[0], "t1");
	assert_string_equal(cur[0].vals[2], "2024");

	struct buf out;
	char msg[256];
	buf_init(&out, 0);
	assert_int_equal(testdb_query(fx.db, "UPDATE registry_talents SET year = 2020", NULL, &out, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "registry records are append-only: write a new revision");
	assert_int_equal(testdb_query(fx.db, "DELETE FROM registry_talents", NULL, &out, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "registry records are append-only: nothing is deleted");
	buf_release(&out);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_store_registry_write_new_unchanged_revised),
		T(test_store_registry_write_dry_run_and_bad_region_write_nothing),
		T(test_store_registry_empty_and_append_only),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
