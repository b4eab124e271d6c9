/* test_registry_writes.c - how a registry import writes, on the demo plan: keys past the
 * greatest key stored are not looked up, and that changes no outcome (a file in key order and
 * out of it, a key given twice within a batch and across a batch's edge, the same file again,
 * revisions below the greatest key); the batches are written on a thread of their own while the
 * file is read, and an error found anywhere, the last line included, leaves the store as it
 * was; the records written and their audit digest are those the single-threaded writer
 * (store_registry_write) writes for the same records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "base/buf.h"
#include "ingest/plan_load.h"
#include "ingest/registries.h"
#include "store/store.h"
#include "base/banned.h"

struct fixture {
	struct arena *arena;
	struct plan *demo;
	char tmpdir[64];
	char db[128];
	struct store *store;
};

static struct fixture fx;

static int group_setup(void **state)
{
	(void)state;
	fx.arena = arena_new();
	return fixture_demo_plan(fx.arena, &fx.demo);
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
	if (fixture_tmpdir(fx.tmpdir, fx.db, "regwrites") != 0)
		return -1;
	return fixture_store(fx.db, fx.demo, &fx.store);
}

static int teardown(void **state)
{
	(void)state;
	store_close(fx.store);
	fx.store = NULL;
	fixture_remove(fx.tmpdir, fx.db);
	return 0;
}

static enum status import_buf(struct buf *b, struct registry_import_result *res, struct diag_list *d)
{
	struct registry_import_opts o = {NULL, NULL, "tester", 0};
	diag_init(d, fx.arena);
	enum status rc = registry_import(fx.store, fx.arena, fx.demo, REG_PATENTS, "t.csv", buf_str(b), b->len, &o, res, d);
	buf_release(b);
	return rc;
}

/* A patents file: the header, then what the caller adds. */
static void file_start(struct buf *b)
{
	buf_init(b, 0);
	bw(b, "no,granted,lapsed,region\n");
}

/* The current patents: *n of them, in key order; the revision of key (0: none). */
static int revision_of(const char *key, size_t *n)
{
	struct reg_record *cur;
	assert_int_equal(store_registry_current(fx.store, fx.arena, REG_PATENTS, &cur, n), ST_OK);
	for (size_t i = 0; i < *n; i++)
		if (strcmp(cur[i].key, key) == 0)
			return (int)cur[i].revision;
	return 0;
}

/* K00100..K00399 in key order, granted 2024-01-01: 300 records over two batches. */
static void import_base(void)
{
	struct buf b;
	file_start(&b);
	for (int i = 100; i < 400; i++)
		bwf(&b, "K%05d,2024-01-01,,长沙\n", i);
	struct registry_import_result res;
	struct diag_list d;
	assert_int_equal(import_buf(&b, &res, &d), ST_OK);
	assert_int_equal(res.n_new, 300);
}

/* The outcomes around the greatest stored key: the same file again is unchanged (nothing
 * written, no batch); a key equal to the greatest is revised, one below it new; keys past it new;
 * a key past it given twice in its batch, and one given again a batch later, are duplicates
 * naming the line written first, in their rows' places. */
static void test_keys_past_the_greatest_keep_every_outcome(void **state)
{
	(void)state;
	import_base();
	struct buf b;
	struct registry_import_result res;
	struct diag_list d;
	file_start(&b);
	for (int i = 100; i < 400; i++)
		bwf(&b, "K%05d,2024-01-01,,长沙\n", i);
	assert_int_equal(import_buf(&b, &res, &d), ST_OK);
	assert_int_equal(res.n_new + res.n_revised, 0);
	assert_int_equal(res.n_unchanged, 300);
	assert_int_equal(res.batch_id, 0);

	/* lines: 2 K00399 changed, 3 K00050 new, then K00400.. from line 4 with K00450 again right
	 * after itself (line 55) and K00402 again (line 296: the second batch) after K00690 */
	for (int with_dups = 1; with_dups >= 0; with_dups--) {
		file_start(&b);
		bw(&b, "K00399,2024-02-01,,长沙\nK00050,2024-01-01,,长沙\n");
		for (int i = 400; i <= 700; i++) {
			bwf(&b, "K%05d,2024-01-01,,长沙\n", i);
			if (with_dups && i == 450)
				bw(&b, "K00450,2024-03-01,,长沙\n");
			if (with_dups && i == 690)
				bw(&b, "K00402,2024-01-01,,长沙\n");
		}
		enum status rc = import_buf(&b, &res, &d);
		if (with_dups) {
			assert_int_equal(rc, ST_INVALID);
			assert_int_equal(d.n, 2);
			assert_int_equal(d.items[0].line, 55);
			assert_string_equal(d.items[0].code, "duplicate_key");
			assert_non_null(strstr(d.items[0].msg, "as row 54 ('K00450')"));
			assert_int_equal(d.items[1].line, 296);
			assert_non_null(strstr(d.items[1].msg, "as row 6 ('K00402')"));
			size_t n;
			assert_int_equal(revision_of("K00399", &n), 1);
			assert_int_equal(n, 300);
		} else {
			assert_int_equal(rc, ST_OK);
			assert_int_equal(d.n, 0);
			assert_int_equal(res.n_new, 302);
			assert_int_equal(res.n_revised, 1);
			assert_int_equal(res.n_unchanged, 0);
			size_t n;
			assert_int_equal(revision_of("K00399", &n), 2);
			assert_int_equal(revision_of("K00050", &n), 1);
			assert_int_equal(revision_of("K00700", &n), 1);
			assert_int_equal(n, 602);
		}
	}
}

/* Keys out of order (K00000..K00999 visited by a stride): below the greatest put so far they
 * are looked up; a key given again far later is still found; the counts are the file's. */
static void test_unsorted_keys_decided_alike(void **state)
{
	(void)state;
	struct buf b;
	struct registry_import_result res;
	struct diag_list d;
	file_start(&b);
	for (int i = 0; i < 1000; i++)
		bwf(&b, "K%05d,2024-01-01,,长沙\n", (i * 7919) % 1000);
	bwf(&b, "K%05d,2024-01-01,,长沙\n", (3 * 7919) % 1000); /* line 1002: line 5's key */
	assert_int_equal(import_buf(&b, &res, &d), ST_INVALID);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.items[0].line, 1002);
	assert_non_null(strstr(d.items[0].msg, "as row 5"));
	file_start(&b);
	for (int i = 0; i < 1000; i++)
		bwf(&b, "K%05d,2024-01-01,,长沙\n", (i * 7919) % 1000);
	assert_int_equal(import_buf(&b, &res, &d), ST_OK);
	assert_int_equal(res.n_new, 1000);
	/* again, every other one changed, in reverse order */
	file_start(&b);
	for (int i = 999; i >= 0; i--)
		bwf(&b, "K%05d,%s,,长沙\n", i, i % 2 ? "2024-05-01" : "2024-01-01");
	assert_int_equal(import_buf(&b, &res, &d), ST_OK);
	assert_int_equal(res.n_new, 0);
	assert_int_equal(res.n_revised, 500);
	assert_int_equal(res.n_unchanged, 500);
}

/* An error on the last line of a file of several batches (written meanwhile on the writer's
 * thread), or a duplicate found in its last batch, and nothing of the file stays. */
static void test_error_on_last_line_leaves_store_unchanged(void **state)
{
	(void)state;
	import_base();
	struct buf b;
	struct registry_import_result res;
	struct diag_list d;
	for (int kind = 0; kind < 2; kind++) {
		file_start(&b);
		for (int i = 100; i < 400; i++) /* each revised */
			bwf(&b, "K%05d,2024-06-01,,长沙\n", i);
		for (int i = 1000; i < 1700; i++)
			bwf(&b, "K%05d,2024-01-01,,长沙\n", i);
		bw(&b, kind == 0 ? "K01700,2024-13-01,,长沙\n" : "K01000,2024-01-01,,长沙\n"); /* line 1002 */
		assert_int_equal(import_buf(&b, &res, &d), ST_INVALID);
		assert_int_equal(diag_errors(&d), 1);
		assert_int_equal(d.items[0].line, 1002);
		assert_string_equal(d.items[0].code, kind == 0 ? "bad_date" : "duplicate_key");
		assert_int_equal(res.batch_id, 0);
		size_t n;
		assert_int_equal(revision_of("K00100", &n), 1);
		assert_int_equal(revision_of("K01000", &n), 0);
		assert_int_equal(n, 300);
	}
	/* the audit trail holds the first import alone */
	struct audit_filter f = {NULL, "registry.import", NULL, NULL, NULL, NULL, 0, 10};
	struct audit_event *ev;
	size_t n_ev;
	assert_int_equal(store_audit_list(fx.store, fx.arena, &f, &ev, &n_ev), ST_OK);
	assert_int_equal(n_ev, 1);
}

/* More findings than the list holds, duplicates (found batches later, on the writer's thread)
 * among bad cells: the first DIAG_DEFAULT_MAX in row order, the rest counted. (Two duplicates
 * of one batch with no other finding between them used to be listed the second first.) */
static void test_findings_past_the_cap_in_row_order(void **state)
{
	(void)state;
	struct buf b;
	struct registry_import_result res;
	struct diag_list d;
	file_start(&b);
	size_t want = 0;
	for (int i = 0; i < 1500; i++) {
		int is_bad = i % 7 == 3;
		bwf(&b, "K%05d,%s,,长沙\n", i, is_bad ? "2024-13-01" : "2024-01-01");
		bwf(&b, "K%05d,2024-01-01,,长沙\n", i); /* a duplicate unless the first was refused */
		want++;
	}
	assert_int_equal(import_buf(&b, &res, &d), ST_INVALID);
	assert_int_equal(d.n, DIAG_DEFAULT_MAX);
	assert_int_equal(diag_errors(&d), want);
	assert_int_equal(d.n + d.n_dropped, want);
	for (size_t i = 0; i < d.n; i++) {
		if (i)
			assert_true(d.items[i].line > d.items[i - 1].line);
		int pair = (int)(d.items[i].line - 2) / 2;
		int is_second = (int)(d.items[i].line - 2) % 2;
		assert_string_equal(d.items[i].code, pair % 7 == 3 ? "bad_date" : "duplicate_key");
		assert_int_equal(is_second, pair % 7 == 3 ? 0 : 1);
	}
	/* a finding per pair: the last listed is pair 999's duplicate */
	assert_int_equal(d.items[999].line, 2 + 2 * 999 + 1);
}

/* The records_digest of the newest registry.import event of store s. */
static const char *records_digest(struct store *s)
{
	struct audit_filter f = {NULL, "registry.import", NULL, NULL, NULL, NULL, 0, 1};
	struct audit_event *ev;
	size_t n_ev;
	assert_int_equal(store_audit_list(s, fx.arena, &f, &ev, &n_ev), ST_OK);
	assert_int_equal(n_ev, 1);
	const char *at = strstr(ev[0].after_json, "\"records_digest\":\"");
	assert_non_null(at);
	return arena_strndup(fx.arena, at + 18, 64);
}

/* 1,000 records, some revising stored ones, imported (the writer's thread) and written by the
 * single-threaded writer into a second store with the same history: the same current records,
 * the same audit digest (over the records in the order written). */
static void test_piped_import_writes_what_one_thread_writes(void **state)
{
	(void)state;
	import_base();
	struct buf b;
	struct registry_import_result res;
	struct diag_list d;
	file_start(&b);
	for (int i = 0; i < 1000; i++) {
		int k = (i * 7919) % 1000 + 100;
		bwf(&b, "K%05d,%s,,cs-hitech\n", k, k % 3 ? "2024-01-01" : "2023-07-01");
	}
	assert_int_equal(import_buf(&b, &res, &d), ST_OK);
	assert_int_equal(res.n_new + res.n_revised + res.n_unchanged, 1000);
	const char *piped = records_digest(fx.store);

	char tmp2[64], db2[128];
	struct store *s2;
	assert_int_equal(fixture_tmpdir(tmp2, db2, "regwrites2"), 0);
	assert_int_equal(fixture_store(db2, fx.demo, &s2), 0);
	struct reg_batch batch = {"tester", "t.csv", NULL, NULL, NULL, 0};
	struct reg_record *recs = arena_calloc(fx.arena, 1000, sizeof(*recs));
	struct reg_write_result wr;
	for (int pass = 0; pass < 2; pass++) {
		size_t n = pass == 0 ? 300 : 1000;
		for (size_t i = 0; i < n; i++) {
			struct reg_record *r = &recs[i];
			int k = pass == 0 ? (int)i + 100 : (int)((i * 7919) % 1000) + 100;
			memset(r, 0, sizeof(*r));
			reg_record_alloc(fx.arena, REG_PATENTS, r);
			r->vals[0] = arena_printf(fx.arena, "K%05d", k);
			r->vals[1] = pass == 0 || k % 3 ? "2024-01-01" : "2023-07-01";
			r->vals[3] = pass == 0 ? "changsha" : "cs-hitech";
			r->region = -1;
			r->key = reg_record_key(fx.arena, REG_PATENTS, r);
		}
		assert_int_equal(store_registry_write(s2, fx.arena, REG_PATENTS, &batch, recs, n, &wr), ST_OK);
	}
	assert_int_equal(wr.n_new, res.n_new);
	assert_int_equal(wr.n_revised, res.n_revised);
	assert_string_equal(records_digest(s2), piped);
	struct reg_record *c1, *c2;
	size_t n1, n2;
	assert_int_equal(store_registry_current(fx.store, fx.arena, REG_PATENTS, &c1, &n1), ST_OK);
	assert_int_equal(store_registry_current(s2, fx.arena, REG_PATENTS, &c2, &n2), ST_OK);
	assert_int_equal(n1, n2);
	for (size_t i = 0; i < n1; i++) {
		assert_string_equal(c1[i].key, c2[i].key);
		assert_int_equal(c1[i].revision, c2[i].revision);
		assert_string_equal(c1[i].vals[1], c2[i].vals[1]);
	}
	store_close(s2);
	fixture_remove(tmp2, db2);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	setenv("INNOMON_NOW", "2026-03-01T00:00:00Z", 1);
	const struct CMUnitTest tests[] = {
		T(test_keys_past_the_greatest_keep_every_outcome),
		T(test_unsorted_keys_decided_alike),
		T(test_error_on_last_line_leaves_store_unchanged),
		T(test_findings_past_the_cap_in_row_order),
		T(test_piped_import_writes_what_one_thread_writes),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
