/* test_store_registry.c - unit tests of the registries through store.h (SQLite, or PostgreSQL): new records as
 * revision 1 with an import batch and an audit event, an identical re-import writing nothing, a
 * changed record becoming revision 2 (the old one kept), a dry run writing nothing, an unknown
 * region refused whole, numbers read back as numbers, the append-only tables, and the streaming
 * writer's batches: outcomes, revisions and a key given twice decided alike whichever side of
 * a batch's edge (the writer's 256 records) the records fall. Each test gets
 * a fresh temporary store holding the shipped plan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>


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

/* What a streaming writer reported for each record put (by tag). */
struct decided {
	size_t n;
	enum reg_outcome outcome[1024];
	int revision[1024];
	long dup_line[1024];
	const char *before_amount[1024];
};

static enum status note_decided(void *ctx, const struct reg_put *p)
{
	struct decided *d = ctx;
	assert_true(p->tag == d->n); /* in the order put */
	d->outcome[p->tag] = p->outcome;
	d->revision[p->tag] = p->rec->revision;
	d->dup_line[p->tag] = p->dup_line;
	d->before_amount[p->tag] = p->before ? arena_strdup(fx.arena, p->before->vals[2]) : NULL;
	d->n++;
	return ST_OK;
}

/* c<i> signed 2024-01-01 for amount. */
static struct reg_record numbered(int i, const char *amount)
{
	return contract(arena_printf(fx.arena, "c%d", i), "2024-01-01", amount, "changsha");
}

/* Put recs through a streaming writer as lines 2, 3, ... and commit: the outcomes into d. */
static void stream(struct reg_record *recs, size_t n, struct decided *d, long long *batch_id)
{
	struct reg_batch b = {"tester", "contracts.csv", "abc", NULL, "utf-8", 0};
	struct reg_writer *w;
	memset(d, 0, sizeof(*d));
	assert_int_equal(store_tx_begin(fx.store), ST_OK);
	assert_int_equal(store_registry_writer_open(fx.store, fx.arena, REG_CONTRACTS, &b, note_decided, d, &w), ST_OK);
	for (size_t i = 0; i < n; i++) {
		enum status rc = store_registry_put(w, &recs[i], (long)i + 2, i);
		if (rc != ST_OK)
			fail_msg("%s", store_errmsg(fx.store));
	}
	assert_int_equal(store_registry_writer_finish(w, n, batch_id), ST_OK);
	assert_int_equal(d->n, n);
	assert_int_equal(store_tx_commit(fx.store), ST_OK);
}

/* 300 records stored, then a file of 600 whose unchanged, revised, new and twice-given records
 * sit on both sides of the batch edges (after 256 and 512 records): every one decided as one at
 * a time would, the twice-given ones naming the line that was written. */
static void test_store_registry_writer_batches_decide_across_their_edges(void **state)
{
	(void)state;
	struct reg_record first[300];
	for (int i = 0; i < 300; i++)
		first[i] = numbered(i, "100");
	struct decided d;
	long long bid;
	stream(first, 300, &d, &bid);
	assert_true(bid > 0);
	for (int i = 0; i < 300; i++) {
		assert_int_equal(d.outcome[i], REG_NEW);
		assert_int_equal(d.revision[i], 1);
	}

	struct reg_record recs[600];
	for (int i = 0; i < 600; i++) /* c0..c299 as stored, then c300..c599 new */
		recs[i] = numbered(i, "100");
	recs[254] = numbered(254, "254");   /* revised, last but one of batch 1 */
	recs[255] = numbered(255, "255");   /* revised, the last of batch 1 */
	recs[256] = numbered(254, "999");   /* c254 again just past the edge: the first is named */
	recs[257] = numbered(10, "100");    /* c10 again: unchanged both times, no duplicate */
	recs[258] = numbered(10, "777");    /* ... then a new value: revised */
	recs[259] = numbered(255, "255");   /* c255 again, same values: still a duplicate */
	recs[300] = numbered(300, "1");     /* new ... */
	recs[511] = numbered(300, "2");     /* ... given again at the end of batch 2 */
	recs[512] = numbered(300, "3");     /* ... and at the start of batch 3 */
	recs[513] = numbered(3, "100");     /* unchanged */
	recs[514] = numbered(513, "100");   /* c513 before its own row (515) */
	recs[515] = numbered(513, "100");
	recs[599] = numbered(599, "100");
	stream(recs, 600, &d, &bid);
	assert_true(bid > 0);
	assert_int_equal(d.outcome[0], REG_UNCHANGED);
	assert_int_equal(d.revision[0], 1);
	assert_int_equal(d.outcome[254], REG_REVISED);
	assert_int_equal(d.revision[254], 2);
	assert_string_equal(d.before_amount[254], "100");
	assert_int_equal(d.outcome[255], REG_REVISED);
	assert_int_equal(d.outcome[256], REG_DUPLICATE);
	assert_int_equal(d.dup_line[256], 254 + 2);
	assert_int_equal(d.outcome[257], REG_UNCHANGED);
	assert_int_equal(d.outcome[258], REG_REVISED);
	assert_int_equal(d.revision[258], 2);
	assert_int_equal(d.outcome[259], REG_DUPLICATE);
	assert_int_equal(d.dup_line[259], 255 + 2);
	assert_int_equal(d.outcome[300], REG_NEW);
	assert_int_equal(d.outcome[511], REG_DUPLICATE);
	assert_int_equal(d.dup_line[511], 300 + 2);
	assert_int_equal(d.outcome[512], REG_DUPLICATE);
	assert_int_equal(d.dup_line[512], 300 + 2);
	assert_int_equal(d.outcome[513], REG_UNCHANGED);
	assert_int_equal(d.outcome[514], REG_NEW);
	assert_int_equal(d.outcome[515], REG_DUPLICATE);
	assert_int_equal(d.dup_line[515], 514 + 2);
	assert_int_equal(d.outcome[599], REG_NEW);

	size_t n_new = 0, n_revised = 0, n_unchanged = 0, n_dup = 0;
	for (int i = 0; i < 600; i++) {
		n_new += d.outcome[i] == REG_NEW;
		n_revised += d.outcome[i] == REG_REVISED;
		n_unchanged += d.outcome[i] == REG_UNCHANGED;
		n_dup += d.outcome[i] == REG_DUPLICATE;
	}
	assert_int_equal(n_revised, 3);
	assert_int_equal(n_dup, 5);
	assert_int_equal(n_new, 296); /* c300..c599 but c511, c512, c514 and c515, whose places hold others */
	assert_int_equal(n_new + n_revised + n_unchanged + n_dup, 600);
	assert_int_equal(count_rows("SELECT count(*) FROM registry_contracts"), 300 + (long long)(n_new + n_revised));
	assert_int_equal(count_rows("SELECT count(*) FROM registry_superseded WHERE kind = 'contracts'"), 3);
	assert_int_equal(count_rows(arena_printf(fx.arena, "SELECT n_new FROM import_batches WHERE id = %lld", bid)), (long long)n_new);
	assert_int_equal(count_rows(arena_printf(fx.arena, "SELECT n_unchanged FROM import_batches WHERE id = %lld", bid)),
			 (long long)n_unchanged);
	assert_int_equal(count_rows("SELECT line FROM registry_contracts WHERE rkey = 'c254' AND revision = 2"), 254 + 2);
	struct reg_record *cur;
	size_t n;
	assert_int_equal(store_registry_current(fx.store, fx.arena, REG_CONTRACTS, &cur, &n), ST_OK);
	assert_int_equal(n, 300 + 296);
	for (size_t i = 0; i < n; i++)
		if (strcmp(cur[i].key, "c300") == 0)
			assert_string_equal(cur[i].vals[2], "1"); /* the first given, not the duplicates */
}

/* Into a kind with no records: a
 * key given twice within a batch, across one edge and across two is a duplicate naming the line
 * written; 1,000 other keys are new; a second import of the same records finds them all. */
static void test_store_registry_writer_into_an_empty_kind(void **state)
{
	(void)state;
	static struct reg_record recs[1000];
	for (int i = 0; i < 1000; i++)
		recs[i] = numbered(i, "100");
	recs[100] = numbered(7, "5");	 /* c7 again in its batch */
	recs[300] = numbered(255, "100"); /* the last of batch 1, again in batch 2 */
	recs[900] = numbered(3, "100");	 /* c3 again three batches on */
	struct decided *d = arena_calloc(fx.arena, 1, sizeof(*d));
	long long bid;
	stream(recs, 1000, d, &bid);
	assert_true(bid > 0);
	size_t n_new = 0;
	for (int i = 0; i < 1000; i++)
		n_new += d->outcome[i] == REG_NEW;
	assert_int_equal(n_new, 997);
	assert_int_equal(d->outcome[100], REG_DUPLICATE);
	assert_int_equal(d->dup_line[100], 7 + 2);
	assert_int_equal(d->outcome[300], REG_DUPLICATE);
	assert_int_equal(d->dup_line[300], 255 + 2);
	assert_int_equal(d->outcome[900], REG_DUPLICATE);
	assert_int_equal(d->dup_line[900], 3 + 2);
	assert_int_equal(count_rows("SELECT count(*) FROM registry_contracts"), 997);
	/* the kind has records now: the same file again is unchanged throughout */
	recs[100] = numbered(100, "100"), recs[300] = numbered(300, "100"), recs[900] = numbered(900, "100");
	recs[999] = numbered(999, "101");
	stream(recs, 1000, d, &bid);
	for (int i = 0; i < 999; i++)
		assert_int_equal(d->outcome[i], i == 100 || i == 300 || i == 900 ? REG_NEW : REG_UNCHANGED);
	assert_int_equal(d->outcome[999], REG_REVISED);
	assert_int_equal(count_rows("SELECT count(*) FROM registry_contracts"), 1001);
}

/* The audit record's digest of the records is SHA-256 over each record written: its fields, each
 * followed by a unit separator, then a newline; a field longer than the writer gathers included. */
static void test_store_registry_digest_of_the_records(void **state)
{
	(void)state;
	char *long_buyer = arena_alloc(fx.arena, 3001);
	memset(long_buyer, 'b', 3000);
	long_buyer[3000] = '\0';
	struct reg_record recs[2] = {contract("d1", "2024-01-01", "12.5", "changsha"),
				     contract("d2", "2024-02-01", "3", "zhuzhou")};
	recs[1].vals[4] = long_buyer;
	struct decided d;
	long long bid;
	stream(recs, 2, &d, &bid);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	assert_non_null(md);
	assert_int_equal(EVP_DigestInit_ex(md, EVP_sha256(), NULL), 1);
	for (int i = 0; i < 2; i++) {
		for (size_t f = 0; f < reg_kind_info(REG_CONTRACTS)->n_fields; f++) {
			const char *v = recs[i].vals[f] ? recs[i].vals[f] : "";
			EVP_DigestUpdate(md, v, strlen(v));
			EVP_DigestUpdate(md, "\x1f", 1);
		}
		EVP_DigestUpdate(md, "\n", 1);
	}
	unsigned char h[32];
	unsigned hlen;
	assert_int_equal(EVP_DigestFinal_ex(md, h, &hlen), 1);
	EVP_MD_CTX_free(md);
	char want[65];
	for (int i = 0; i < 32; i++)
		snprintf(want + 2 * i, 3, "%02x", h[i]);
	struct buf out;
	char err[256];
	buf_init(&out, 0);
	assert_int_equal(testdb_query(fx.db, "SELECT after_json FROM audit_events WHERE action = 'registry.import'", NULL, &out,
				      err, sizeof(err)),
			 0);
	assert_non_null(strstr(buf_str(&out), arena_printf(fx.arena, "\"records_digest\":\"%s\"", want)));
	buf_release(&out);
}

/* A new SQLite store has 16 KiB pages (fewer reads and writes for an import); PostgreSQL has
 * its own, which nothing here sets. */
static void test_store_registry_new_store_pages(void **state)
{
	(void)state;
	if (!testdb_is_postgres())
		assert_int_equal(testdb_int(fx.db, "PRAGMA page_size"), 16384);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_store_registry_write_new_unchanged_revised),
		T(test_store_registry_write_dry_run_and_bad_region_write_nothing),
		T(test_store_registry_empty_and_append_only),
		T(test_store_registry_writer_batches_decide_across_their_edges),
		T(test_store_registry_writer_into_an_empty_kind),
		T(test_store_registry_digest_of_the_records),
		T(test_store_registry_new_store_pages),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
