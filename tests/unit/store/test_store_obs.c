/* test_store_obs.c - unit tests of the observations through store.h, on SQLite or (with
 * INNOMON_TEST_PG) PostgreSQL: a batch written as
 * revision 1 with its import batch, a second revision, histories oldest first, the current value
 * (the newest approved or published revision; the public sees only published ones), the newest
 * revision of any status, the optimistic revision check (a stale batch fails whole), and the
 * append-only table (UPDATE and DELETE refused by triggers, checked with SQL run directly on the
 * same store), and the streamed writer (store_obs_writer_*) over more cells than it reads or
 * holds at once: every look-up sees what the store and the writer itself wrote before.
 * Each test gets a fresh temporary store holding the shipped plan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/period.h"
#include "fixture.h"
#include "testdb.h"
#include "store/store.h"
#include "base/banned.h"

#define NOW "2025-03-01T08:00:00Z"

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
	if (fixture_tmpdir(fx.tmpdir, fx.db, "obs") != 0)
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

static struct obs row(const char *ind, const char *reg, const char *period, int revision, double value,
		      enum obs_status st)
{
	struct period p;
	if (!period_parse(period, strlen(period), &p))
		fail_msg("bad period in the test: %s", period);
	struct obs o;
	memset(&o, 0, sizeof(o));
	o.indicator = ind;
	o.region = reg;
	o.period = period;
	o.period_t = period_time(&p);
	o.revision = revision;
	o.value = value;
	o.status = st;
	return o;
}

static long long write_rows(const struct obs *rows, size_t n, int is_import)
{
	struct obs_batch b = {.who = "tester", .source_file = is_import ? "values.csv" : NULL,
			      .file_sha256 = is_import ? "ab12" : NULL, .encoding = is_import ? "utf-8" : NULL,
			      .n_rows = n, .n_new = n, .is_import = is_import};
	long long id = -1;
	enum status rc = store_obs_write(fx.store, &b, rows, n, &id);
	if (rc != ST_OK)
		fail_msg("store_obs_write: %d %s", rc, store_errmsg(fx.store));
	return id;
}

static struct obs *history(const char *ind, const char *reg, const char *period, size_t *n)
{
	struct obs *rows;
	assert_int_equal(store_obs_history(fx.store, fx.arena, ind, reg, period, &rows, n), ST_OK);
	return rows;
}

static struct obs *current(const char *ind, const char *reg, enum obs_view view, size_t *n)
{
	struct obs *rows;
	assert_int_equal(store_obs_current(fx.store, fx.arena, ind, reg, view, &rows, n), ST_OK);
	return rows;
}

/* Count rows of a table, read directly. */
static long long count_rows(const char *table)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	return testdb_int(fx.db, sql);
}

static void test_store_obs_write_first_revision(void **state)
{
	(void)state;
	struct obs rows[2] = {
		row("tech_contract_turnover", "changsha", "2019", 1, 233.82, OBS_PUBLISHED),
		row("population", "changsha", "2020", 1, 1004.7914, OBS_APPROVED),
	};
	rows[0].source = "长沙市233.82亿元";
	rows[0].source_url = "http://hunan.gov.cn/a.html";
	rows[0].publisher = "湖南日报；湖南省人民政府门户网站转载";
	rows[0].title = "2019年全省技术合同成交额同比增长7成多";
	rows[0].published = "2020-01-05";
	rows[1].qualifier = QUAL_APPROX;
	rows[1].note = "七普";
	rows[1].unit_given = "人";
	rows[1].has_value_given = 1;
	rows[1].value_given = 10047914;
	long long bid = write_rows(rows, 2, 1);
	assert_int_equal(bid, 1);
	assert_int_equal(count_rows("import_batches"), 1);
	assert_int_equal(count_rows("observations"), 2);

	size_t n;
	struct obs *h = history("tech_contract_turnover", NULL, NULL, &n);
	assert_int_equal(n, 1);
	assert_true(h[0].id > 0);
	assert_string_equal(h[0].indicator, "tech_contract_turnover");
	assert_string_equal(h[0].region, "changsha");
	assert_string_equal(h[0].period, "2019");
	assert_true(h[0].period_t == 2019.0);
	assert_int_equal(h[0].revision, 1);
	assert_true(h[0].value == 233.82);
	assert_int_equal(h[0].qualifier, QUAL_EXACT);
	assert_int_equal(h[0].status, OBS_PUBLISHED);
	assert_string_equal(h[0].source, "长沙市233.82亿元");
	assert_string_equal(h[0].source_url, "http://hunan.gov.cn/a.html");
	assert_string_equal(h[0].publisher, "湖南日报；湖南省人民政府门户网站转载");
	assert_string_equal(h[0].title, "2019年全省技术合同成交额同比增长7成多");
	assert_string_equal(h[0].published, "2020-01-05");
	assert_null(h[0].note);
	assert_null(h[0].unit_given);
	assert_int_equal(h[0].has_value_given, 0);
	assert_string_equal(h[0].created_at, NOW);
	assert_string_equal(h[0].created_by, "tester");
	assert_int_equal(h[0].batch_id, 1);

	h = history("population", "changsha", "2020", &n);
	assert_int_equal(n, 1);
	assert_true(h[0].value == 1004.7914);
	assert_int_equal(h[0].qualifier, QUAL_APPROX);
	assert_int_equal(h[0].status, OBS_APPROVED);
	assert_null(h[0].source);
	assert_null(h[0].source_url);
	assert_null(h[0].publisher);
	assert_null(h[0].title);
	assert_null(h[0].published);
	assert_string_equal(h[0].note, "七普");
	assert_string_equal(h[0].unit_given, "人");
	assert_int_equal(h[0].has_value_given, 1);
	assert_true(h[0].value_given == 10047914);
}

/* A workflow move (submitted -> approved) is a new revision that keeps where the figure was
 * published; the schema refuses a publication date of another shape. */
static void test_store_obs_transition_keeps_the_citation(void **state)
{
	(void)state;
	struct obs r = row("tech_contract_turnover", "hunan", "2025", 1, 5384.9, OBS_SUBMITTED);
	r.source = "技术合同成交金额5384.9亿元";
	r.source_url = "https://tjj.hunan.gov.cn/a.html";
	r.publisher = "湖南省统计局、国家统计局湖南调查总队";
	r.title = "湖南省2025年国民经济和社会发展统计公报";
	r.published = "2026-03";
	write_rows(&r, 1, 0);
	size_t n;
	struct obs *h = history("tech_contract_turnover", "hunan", "2025", &n);
	struct obs *moved;
	assert_int_equal(store_obs_transition(fx.store, fx.arena, h[0].id, OBS_APPROVED, NULL, &moved), ST_OK);
	h = history("tech_contract_turnover", "hunan", "2025", &n);
	assert_int_equal(n, 2);
	assert_int_equal(h[1].revision, 2);
	assert_int_equal(h[1].status, OBS_APPROVED);
	assert_string_equal(h[1].publisher, "湖南省统计局、国家统计局湖南调查总队");
	assert_string_equal(h[1].title, "湖南省2025年国民经济和社会发展统计公报");
	assert_string_equal(h[1].published, "2026-03");
	assert_string_equal(h[1].source_url, "https://tjj.hunan.gov.cn/a.html");

	struct obs bad = row("tech_contract_turnover", "zhuzhou", "2025", 1, 521.7, OBS_APPROVED);
	bad.published = "2026年4月";
	struct obs_batch b = {.who = "tester", .n_rows = 1, .n_new = 1};
	long long id = -1;
	assert_int_equal(store_obs_write(fx.store, &b, &bad, 1, &id), ST_STORE);
	history("tech_contract_turnover", "zhuzhou", "2025", &n);
	assert_int_equal(n, 0);
}

static void test_store_obs_write_by_hand_has_no_batch(void **state)
{
	(void)state;
	struct obs r = row("hnte_count", "zcq", "2024", 1, 8000, OBS_DRAFT);
	assert_int_equal(write_rows(&r, 1, 0), 0);
	assert_int_equal(count_rows("import_batches"), 0);
	size_t n;
	struct obs *h = history("hnte_count", "zcq", "2024", &n);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].batch_id, 0);
}

static void test_store_obs_write_second_revision_and_history(void **state)
{
	(void)state;
	struct obs r1[2] = {row("hnte_count", "zcq", "2023", 1, 7000, OBS_APPROVED),
			    row("hnte_count", "zcq", "2024", 1, 8000, OBS_APPROVED)};
	assert_int_equal(write_rows(r1, 2, 1), 1);
	struct obs r2 = row("hnte_count", "zcq", "2024", 2, 8100, OBS_APPROVED);
	r2.reason = "corrected by the 2024 bulletin";
	assert_int_equal(write_rows(&r2, 1, 1), 2);

	size_t n;
	struct obs *h = history("hnte_count", "zcq", "2024", &n);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].revision, 1);
	assert_true(h[0].value == 8000);
	assert_int_equal(h[0].batch_id, 1);
	assert_null(h[0].reason);
	assert_int_equal(h[1].revision, 2);
	assert_true(h[1].value == 8100);
	assert_int_equal(h[1].batch_id, 2);
	assert_string_equal(h[1].reason, "corrected by the 2024 bulletin");

	/* a whole indicator: cells by period, each oldest first */
	h = history("hnte_count", NULL, NULL, &n);
	assert_int_equal(n, 3);
	assert_string_equal(h[0].period, "2023");
	assert_string_equal(h[1].period, "2024");
	assert_int_equal(h[1].revision, 1);
	assert_string_equal(h[2].period, "2024");
	assert_int_equal(h[2].revision, 2);

	/* the current value is the newest revision */
	struct obs *c = current("hnte_count", "zcq", OBS_VIEW_INTERNAL, &n);
	assert_int_equal(n, 2);
	assert_string_equal(c[1].period, "2024");
	assert_int_equal(c[1].revision, 2);
	assert_true(c[1].value == 8100);
}

static void test_store_obs_current_is_newest_approved_or_published(void **state)
{
	(void)state;
	struct obs r = row("hnte_count", "zcq", "2024", 1, 100, OBS_PUBLISHED);
	write_rows(&r, 1, 0);
	r = row("hnte_count", "zcq", "2024", 2, 150, OBS_APPROVED);
	write_rows(&r, 1, 0);
	r = row("hnte_count", "zcq", "2024", 3, 200, OBS_DRAFT);
	write_rows(&r, 1, 0);
	r = row("hnte_count", "zcq", "2024", 4, 250, OBS_SUBMITTED);
	write_rows(&r, 1, 0);
	r = row("hnte_count", "zcq", "2024", 5, 300, OBS_RETURNED);
	write_rows(&r, 1, 0);

	size_t n;
	struct obs *c = current("hnte_count", "zcq", OBS_VIEW_INTERNAL, &n);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].revision, 2);
	assert_true(c[0].value == 150);
	assert_int_equal(c[0].status, OBS_APPROVED);

	c = current("hnte_count", "zcq", OBS_VIEW_PUBLIC, &n);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].revision, 1);
	assert_true(c[0].value == 100);
	assert_int_equal(c[0].status, OBS_PUBLISHED);

	/* a cell with drafts only has no current value */
	r = row("tsme_count", "zcq", "2024", 1, 9000, OBS_DRAFT);
	write_rows(&r, 1, 0);
	c = current("tsme_count", NULL, OBS_VIEW_INTERNAL, &n);
	assert_int_equal(n, 0);

	/* the newest revision of any status is what an import compares against */
	struct obs_key keys[3] = {{"hnte_count", "zcq", "2024"}, {"tsme_count", "zcq", "2024"}, {"tsme_count", "zcq", "2023"}};
	struct obs *latest[3];
	assert_int_equal(store_obs_latest(fx.store, fx.arena, keys, 3, latest), ST_OK);
	assert_non_null(latest[0]);
	assert_int_equal(latest[0]->revision, 5);
	assert_int_equal(latest[0]->status, OBS_RETURNED);
	assert_non_null(latest[1]);
	assert_int_equal(latest[1]->revision, 1);
	assert_true(latest[1]->value == 9000);
	assert_null(latest[2]);
}

static void test_store_obs_current_filters_and_orders(void **state)
{
	(void)state;
	struct obs rows[5] = {
		row("invention_patents_per_10k", "changsha", "2025", 1, 60, OBS_PUBLISHED),
		row("invention_patents_per_10k", "changsha", "2025-07", 1, 58, OBS_PUBLISHED),
		row("invention_patents_per_10k", "changsha", "2024", 1, 55, OBS_PUBLISHED),
		row("invention_patents_per_10k", "zhuzhou", "2024", 1, 20, OBS_PUBLISHED),
		row("hnte_count", "changsha", "2024", 1, 7000, OBS_PUBLISHED),
	};
	write_rows(rows, 5, 1);
	size_t n;
	struct obs *c = current("invention_patents_per_10k", "changsha", OBS_VIEW_PUBLIC, &n);
	assert_int_equal(n, 3);
	assert_string_equal(c[0].period, "2024");
	assert_string_equal(c[1].period, "2025-07");
	assert_string_equal(c[2].period, "2025");
	c = current(NULL, "changsha", OBS_VIEW_PUBLIC, &n);
	assert_int_equal(n, 4);
	assert_string_equal(c[0].indicator, "hnte_count");
	c = current(NULL, NULL, OBS_VIEW_INTERNAL, &n);
	assert_int_equal(n, 5);
	c = current("invention_patents_per_10k", NULL, OBS_VIEW_INTERNAL, &n);
	assert_int_equal(n, 4);
	assert_string_equal(c[3].region, "zhuzhou");
	/* up to a time: the periods ending by then, in the same order (2025-07 ends before 2025) */
	struct period y2024, m202507;
	assert_true(period_parse("2024", 4, &y2024) && period_parse("2025-07", 7, &m202507));
	assert_int_equal(store_obs_current_until(fx.store, fx.arena, period_time(&m202507), OBS_VIEW_PUBLIC, &c, &n), ST_OK);
	assert_int_equal(n, 4);
	assert_string_equal(c[0].indicator, "hnte_count");
	assert_string_equal(c[2].period, "2025-07");
	assert_string_equal(c[3].region, "zhuzhou");
	assert_int_equal(store_obs_current_until(fx.store, fx.arena, period_time(&y2024), OBS_VIEW_PUBLIC, &c, &n), ST_OK);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(c[i].period, "2024");
}

static void test_store_obs_write_stale_revision_conflicts(void **state)
{
	(void)state;
	struct obs r = row("hnte_count", "zcq", "2024", 1, 8000, OBS_APPROVED);
	write_rows(&r, 1, 1);
	assert_int_equal(count_rows("import_batches"), 1);

	/* another writer got there first: the cell is at revision 1, this batch saw none */
	struct obs batch[2] = {row("tsme_count", "zcq", "2024", 1, 9000, OBS_APPROVED),
			       row("hnte_count", "zcq", "2024", 1, 8100, OBS_APPROVED)};
	struct obs_batch b = {.who = "tester", .source_file = "late.csv", .file_sha256 = "cd34", .encoding = "utf-8",
			      .n_rows = 2, .n_new = 2, .is_import = 1};
	long long bid = -1;
	assert_int_equal(store_obs_write(fx.store, &b, batch, 2, &bid), ST_CONFLICT);
	assert_int_equal(bid, 0);
	assert_string_equal(store_errmsg(fx.store),
			    "the value of hnte_count / zcq / 2024 was changed by someone else meanwhile (revision 1, expected 0);"
			    " nothing was written");
	/* nothing of the batch: neither its other row nor its import record */
	size_t n;
	history("tsme_count", NULL, NULL, &n);
	assert_int_equal(n, 0);
	struct obs *h = history("hnte_count", "zcq", "2024", &n);
	assert_int_equal(n, 1);
	assert_true(h[0].value == 8000);
	assert_int_equal(count_rows("import_batches"), 1);
	assert_int_equal(count_rows("observations"), 1);

	/* a revision number that skips one is refused too */
	r = row("hnte_count", "zcq", "2024", 3, 8200, OBS_APPROVED);
	assert_int_equal(store_obs_write(fx.store, &b, &r, 1, &bid), ST_CONFLICT);
	/* and the right one goes through */
	r.revision = 2;
	assert_int_equal(store_obs_write(fx.store, &b, &r, 1, &bid), ST_OK);
	assert_true(bid > 1); /* ids of rolled-back batches may be skipped (PostgreSQL sequences) */
	assert_int_equal(count_rows("import_batches"), 2);
}

static void test_store_obs_write_rejects_unknown_codes(void **state)
{
	(void)state;
	struct obs r = row("no_such_indicator", "zcq", "2024", 1, 1, OBS_APPROVED);
	struct obs_batch b = {.who = "tester", .n_rows = 1, .n_new = 1};
	long long bid;
	assert_int_equal(store_obs_write(fx.store, &b, &r, 1, &bid), ST_STORE);
	assert_int_equal(count_rows("observations"), 0);
	int exists = -1;
	assert_int_equal(store_code_exists(fx.store, "indicator", "hnte_count", &exists), ST_OK);
	assert_int_equal(exists, 1);
	assert_int_equal(store_code_exists(fx.store, "indicator", "no_such_indicator", &exists), ST_OK);
	assert_int_equal(exists, 0);
	assert_int_equal(store_code_exists(fx.store, "region", "cs-hitech", &exists), ST_OK);
	assert_int_equal(exists, 1);
}

/* Run sql on the store directly; 0, or -1 with the error message in msg. */
static int exec_direct(const char *sql, char *msg, size_t msg_cap)
{
	struct buf out;
	buf_init(&out, 0);
	msg[0] = '\0';
	int rc = testdb_query(fx.db, sql, NULL, &out, msg, msg_cap);
	buf_release(&out);
	return rc;
}

static void test_store_obs_is_append_only(void **state)
{
	(void)state;
	struct obs r = row("hnte_count", "zcq", "2024", 1, 8000, OBS_APPROVED);
	write_rows(&r, 1, 1);
	char msg[256];
	assert_int_equal(exec_direct("UPDATE observations SET value = 1", msg, sizeof(msg)), -1);
	assert_string_equal(msg, "observations are append-only: write a new revision");
	assert_int_equal(exec_direct("DELETE FROM observations", msg, sizeof(msg)), -1);
	assert_string_equal(msg, "observations are append-only: nothing is deleted");
	assert_int_equal(exec_direct("UPDATE import_batches SET n_rows = 0", msg, sizeof(msg)), -1);
	assert_string_equal(msg, "import batches are a record: a batch is closed once, then never changed");
	assert_int_equal(exec_direct("DELETE FROM import_batches", msg, sizeof(msg)), -1);
	assert_string_equal(msg, "import batches are a record: they are not deleted");
	/* the same revision of a cell cannot be written twice */
	assert_int_equal(exec_direct("INSERT INTO observations (indicator, region, period, period_t, revision, value, status,"
				     " created_at, created_by) VALUES ('hnte_count', 'zcq', '2024', 2024, 1, 5, 'draft', 'x', 'y')",
				     msg, sizeof(msg)),
			 -1);
	size_t n;
	struct obs *h = history("hnte_count", "zcq", "2024", &n);
	assert_int_equal(n, 1);
	assert_true(h[0].value == 8000);
}

/* The streaming writer keeps revisions to write them many to a statement: what it reads of a
 * cell (its newest revision, the revision check of a put) still counts every revision put, and
 * finish writes the last of them. */
static void test_store_obs_writer_reads_what_it_put(void **state)
{
	(void)state;
	static const char *const regions[] = {"changsha", "zhuzhou", "zcq"};
	struct arena *a = arena_new();
	struct obs_batch b = {.who = "tester", .source_file = "values.csv", .file_sha256 = "ab12", .encoding = "utf-8",
			      .is_import = 1};
	struct obs_writer *w;
	assert_int_equal(store_tx_begin(fx.store), ST_OK);
	assert_int_equal(store_obs_writer_open(fx.store, a, &b, &w), ST_OK);
	char periods[75][8];
	for (int i = 0; i < 75; i++) { /* 75 cells: two full statements and 11 waiting */
		snprintf(periods[i], sizeof(periods[i]), "%d", 1950 + i / 3);
		struct obs o = row("hnte_count", regions[i % 3], periods[i], 1, 100 + i, OBS_APPROVED);
		assert_int_equal(store_obs_put(w, &o), ST_OK);
	}
	/* a waiting cell's newest revision is the one put */
	struct obs_key key = {"hnte_count", "zcq", periods[74]};
	struct obs *latest;
	assert_int_equal(store_obs_writer_latest(w, a, &key, &latest), ST_OK);
	assert_non_null(latest);
	assert_int_equal(latest->revision, 1);
	assert_true(latest->value == 174);
	/* a put checks the revision against the waiting ones too: a second revision 1 conflicts,
	 * a revision 2 follows (here without a look-up first) */
	struct obs o = row("hnte_count", "zhuzhou", periods[73], 1, 1, OBS_APPROVED);
	assert_int_equal(store_obs_put(w, &o), ST_CONFLICT);
	o = row("hnte_count", "zhuzhou", periods[73], 2, 2, OBS_APPROVED);
	assert_int_equal(store_obs_put(w, &o), ST_OK);
	long long id = 0;
	assert_int_equal(store_obs_writer_finish(w, 76, 75, 1, 0, &id), ST_OK);
	assert_true(id > 0);
	assert_int_equal(store_tx_commit(fx.store), ST_OK);
	assert_int_equal(count_rows("observations"), 76);
	size_t n;
	struct obs *h = history("hnte_count", "zhuzhou", periods[73], &n);
	assert_int_equal(n, 2);
	assert_true(h[0].value == 173 && h[1].value == 2);
	assert_int_equal(h[1].batch_id, id);
	arena_free(a);
}

/* The cell of the streamed test number i: a month of 2000 to 2199 in one of the regions. */
static struct obs_key streamed_key(size_t i, char period[16])
{
	snprintf(period, 16, "%04zu-%02zu", 2000 + (i / 12) % 200, i % 12 + 1);
	return (struct obs_key){"tech_contract_turnover", fx.shipped->regions[(i / 2400) % fx.shipped->n_regions].code, period};
}

/* look up, then write the next revision, as an import does */
static void streamed_put(struct obs_writer *w, struct arena *a, size_t i, int want_before, double value)
{
	char period[16];
	struct obs_key k = streamed_key(i, period);
	struct obs *before;
	assert_int_equal(store_obs_writer_latest(w, a, &k, &before), ST_OK);
	if (want_before != (before ? before->revision : 0))
		fail_msg("cell %zu (%s %s): revision %d before, expected %d", i, k.region, k.period,
			 before ? before->revision : 0, want_before);
	struct obs o = row(k.indicator, k.region, k.period, want_before + 1, value, OBS_APPROVED);
	assert_int_equal(store_obs_put(w, &o), ST_OK);
}

/* Unpiped or piped (the revisions written on the writer's thread, 2,048 to a buffer handed over). */
static void streams_many_cells(int is_piped)
{
	/* cells 0, 1 and 5000 are in the store already */
	struct obs had[3] = {row("tech_contract_turnover", fx.shipped->regions[0].code, "2000-01", 1, 1, OBS_APPROVED),
			     row("tech_contract_turnover", fx.shipped->regions[0].code, "2000-02", 1, 2, OBS_APPROVED),
			     row("tech_contract_turnover", fx.shipped->regions[2].code, "2016-09", 1, 3, OBS_APPROVED)};
	char period[16], period7000[16];
	struct obs_key k5000 = streamed_key(5000, period);
	assert_string_equal(k5000.region, had[2].region);
	assert_string_equal(k5000.period, had[2].period);
	write_rows(had, 3, 1);
	struct arena *a = arena_new();
	struct obs_batch b = {.who = "tester", .source_file = "many.csv", .file_sha256 = "ef56", .encoding = "utf-8",
			      .is_import = 1};
	struct obs_writer *w;
	assert_int_equal(store_tx_begin(fx.store), ST_OK);
	assert_int_equal(store_obs_writer_open(fx.store, a, &b, &w), ST_OK);
	if (is_piped)
		assert_int_equal(store_obs_writer_pipe(w), ST_OK);
	const size_t n = 9700; /* past what the writer holds (256, or 2,048 piped) and reads (4,096) at once */
	for (size_t i = 0; i < n; i++)
		streamed_put(w, a, i, i == 0 || i == 1 || i == 5000, (double)i);
	/* a cell written in this batch, looked up again: its revision of this batch */
	streamed_put(w, a, 1, 2, -1);
	streamed_put(w, a, 7000, 1, -2);
	streamed_put(w, a, 7000, 2, -3);
	/* a revision put again is refused (its cell's newest is 3 now), with the store's message */
	struct obs_key again_key = streamed_key(7000, period7000);
	struct obs *newest;
	assert_int_equal(store_obs_writer_latest(w, a, &again_key, &newest), ST_OK);
	assert_int_equal(newest->revision, 3);
	struct obs again = row(again_key.indicator, again_key.region, again_key.period, 3, -4, OBS_APPROVED);
	assert_int_equal(store_obs_put(w, &again), ST_CONFLICT);
	assert_non_null(strstr(store_errmsg(fx.store), "changed by someone else"));
	long long bid = 0;
	assert_int_equal(store_obs_writer_finish(w, n + 3, n - 3, 6, 0, &bid), ST_OK);
	assert_int_equal(store_tx_commit(fx.store), ST_OK);
	assert_true(bid > 0);
	arena_free(a);
	assert_int_equal(count_rows("observations"), 3 + n + 3);
	size_t nh;
	struct obs *h = history("tech_contract_turnover", fx.shipped->regions[0].code, "2000-02", &nh);
	assert_int_equal(nh, 3);
	assert_true(h[0].value == 2 && h[1].value == 1 && h[2].value == -1);
	struct obs_key k7000 = streamed_key(7000, period7000);
	h = history(k7000.indicator, k7000.region, k7000.period, &nh);
	assert_int_equal(nh, 3);
	assert_true(h[0].value == 7000 && h[2].value == -3);
	h = history(k5000.indicator, k5000.region, k5000.period, &nh);
	assert_int_equal(nh, 2);
	assert_true(h[1].value == 5000);
}

static void test_store_obs_writer_streams_many_cells(void **state)
{
	(void)state;
	streams_many_cells(0);
}

static void test_store_obs_writer_piped_streams_many_cells(void **state)
{
	(void)state;
	streams_many_cells(1);
}

/* The store refuses a revision the writer's thread writes (a publication date its CHECK
 * refuses; the writer leaves that to its callers): the failure reaches the caller at a later put
 * or at finish, with the store's message, nothing more is written, and the rollback leaves
 * the store as it was. Once at the first buffer, once in a buffer handed over later, once in
 * the last one, written at finish. */
static void test_store_obs_writer_piped_failure(void **state)
{
	(void)state;
	const size_t bad_at[] = {5, 4100, 6999};
	for (size_t t = 0; t < sizeof(bad_at) / sizeof(*bad_at); t++) {
		long long rows_before = count_rows("observations"), batches_before = count_rows("import_batches");
		struct arena *a = arena_new();
		struct obs_batch b = {.who = "tester", .source_file = "bad.csv", .file_sha256 = "ef57", .encoding = "utf-8",
				      .is_import = 1};
		struct obs_writer *w;
		assert_int_equal(store_tx_begin(fx.store), ST_OK);
		assert_int_equal(store_obs_writer_open(fx.store, a, &b, &w), ST_OK);
		assert_int_equal(store_obs_writer_pipe(w), ST_OK);
		enum status rc = ST_OK;
		size_t i = 0;
		for (; i < 7000 && rc == ST_OK; i++) {
			char period[16];
			struct obs_key k = streamed_key(i, period);
			struct obs o = row(k.indicator, k.region, k.period, 1, (double)i, OBS_APPROVED);
			o.published = i == bad_at[t] ? "not a date" : NULL;
			rc = store_obs_put(w, &o);
		}
		long long bid = 0;
		if (rc == ST_OK)
			rc = store_obs_writer_finish(w, i, i, 0, 0, &bid);
		if (rc != ST_STORE)
			fail_msg("bad row %zu: %d, expected a failure of the store", bad_at[t], rc);
		assert_true(i > bad_at[t]); /* the failure shows after the row was put, never before */
		assert_non_null(strstr(store_errmsg(fx.store), "published"));
		/* a failure sticks: nothing more is put or written */
		char period[16];
		struct obs_key k = streamed_key(7001, period);
		struct obs o = row(k.indicator, k.region, k.period, 1, 1, OBS_APPROVED);
		assert_int_equal(store_obs_put(w, &o), ST_STORE);
		assert_int_equal(store_obs_writer_pause(w), ST_STORE);
		store_tx_rollback(fx.store);
		arena_free(a);
		assert_int_equal(bid, 0);
		assert_int_equal(count_rows("observations"), rows_before);
		assert_int_equal(count_rows("import_batches"), batches_before);
	}
}

/* An indicator without revisions (a new store): the writer asks the store once and answers the
 * look-ups of its other cells itself; a cell it wrote, held or written out, is still read back
 * with its revision, and a revision put twice still conflicts, also after another indicator was
 * written in between. */
static void test_store_obs_writer_new_indicator(void **state)
{
	(void)state;
	struct obs had = row("tech_contract_turnover", "zcq", "2020", 1, 5, OBS_APPROVED);
	write_rows(&had, 1, 1);
	struct arena *a = arena_new();
	struct obs_batch b = {.who = "tester", .source_file = "new.csv", .file_sha256 = "cd34", .encoding = "utf-8",
			      .is_import = 1};
	struct obs_writer *w;
	assert_int_equal(store_tx_begin(fx.store), ST_OK);
	assert_int_equal(store_obs_writer_open(fx.store, a, &b, &w), ST_OK);
	const size_t n = 300; /* past what the writer holds before an INSERT */
	char periods[300][8];
	struct obs *before;
	for (size_t i = 0; i < n; i++) {
		snprintf(periods[i], sizeof(periods[i]), "%zu", 1900 + i);
		struct obs_key k = {"hnte_count", "changsha", periods[i]};
		assert_int_equal(store_obs_writer_latest(w, a, &k, &before), ST_OK);
		assert_null(before);
		struct obs o = row(k.indicator, k.region, k.period, 1, (double)i, OBS_APPROVED);
		assert_int_equal(store_obs_put(w, &o), ST_OK);
	}
	/* written out (the first) and still held (the last): read back with the revision put */
	struct obs_key first = {"hnte_count", "changsha", periods[0]}, last = {"hnte_count", "changsha", periods[n - 1]};
	assert_int_equal(store_obs_writer_latest(w, a, &first, &before), ST_OK);
	assert_non_null(before);
	assert_true(before->revision == 1 && before->value == 0);
	assert_int_equal(store_obs_writer_latest(w, a, &last, &before), ST_OK);
	assert_non_null(before);
	assert_true(before->revision == 1 && before->value == (double)(n - 1));
	struct obs o = row("hnte_count", "changsha", periods[0], 1, -1, OBS_APPROVED);
	assert_int_equal(store_obs_put(w, &o), ST_CONFLICT);
	arena_free(a);
	store_tx_rollback(fx.store);
	/* again, with another indicator (one with revisions) between two visits */
	a = arena_new();
	assert_int_equal(store_tx_begin(fx.store), ST_OK);
	assert_int_equal(store_obs_writer_open(fx.store, a, &b, &w), ST_OK);
	for (size_t i = 0; i < 3; i++) {
		struct obs_key k = {"hnte_count", "zhuzhou", periods[i]};
		assert_int_equal(store_obs_writer_latest(w, a, &k, &before), ST_OK);
		assert_null(before);
		o = row(k.indicator, k.region, k.period, 1, (double)i, OBS_APPROVED);
		assert_int_equal(store_obs_put(w, &o), ST_OK);
	}
	struct obs_key other = {"tech_contract_turnover", "zcq", "2020"};
	assert_int_equal(store_obs_writer_latest(w, a, &other, &before), ST_OK);
	assert_non_null(before);
	assert_int_equal(before->revision, 1);
	o = row("tech_contract_turnover", "zcq", "2020", 2, 6, OBS_APPROVED);
	assert_int_equal(store_obs_put(w, &o), ST_OK);
	struct obs_key back = {"hnte_count", "zhuzhou", periods[1]}, fresh = {"hnte_count", "zhuzhou", periods[5]};
	assert_int_equal(store_obs_writer_latest(w, a, &back, &before), ST_OK);
	assert_non_null(before);
	assert_true(before->revision == 1 && before->value == 1);
	o = row("hnte_count", "zhuzhou", periods[1], 2, 10, OBS_APPROVED);
	assert_int_equal(store_obs_put(w, &o), ST_OK);
	assert_int_equal(store_obs_writer_latest(w, a, &fresh, &before), ST_OK);
	assert_null(before);
	long long bid = 0;
	assert_int_equal(store_obs_writer_finish(w, 5, 3, 2, 0, &bid), ST_OK);
	assert_int_equal(store_tx_commit(fx.store), ST_OK);
	arena_free(a);
	assert_int_equal(count_rows("observations"), 1 + 3 + 2);
	size_t nh;
	struct obs *h = history("hnte_count", "zhuzhou", periods[1], &nh);
	assert_int_equal(nh, 2);
	assert_true(h[0].value == 1 && h[1].value == 10);
	assert_int_equal(count_rows("observations WHERE region = 'changsha'"), 0); /* the first batch rolled back */
}

/* An indicator read at once (store_obs_writer_read_indicator): each cell's newest revision of any
 * status, a cell written since read back with its new revision, a cell it lacks looked up as
 * none, and a stale revision still refused. */
static void test_store_obs_writer_reads_an_indicator(void **state)
{
	(void)state;
	struct obs had[4] = {row("hnte_count", "zcq", "2023", 1, 10, OBS_APPROVED), row("hnte_count", "zcq", "2023", 2, 11, OBS_DRAFT),
			     row("hnte_count", "changsha", "2023", 1, 20, OBS_PUBLISHED),
			     row("tech_contract_turnover", "zcq", "2023", 1, 30, OBS_APPROVED)};
	write_rows(had, 4, 1);
	struct arena *a = arena_new();
	struct obs_batch b = {.who = "tester", .source_file = "again.csv", .file_sha256 = "ef78", .encoding = "utf-8",
			      .is_import = 1};
	struct obs_writer *w;
	struct obs *before;
	assert_int_equal(store_tx_begin(fx.store), ST_OK);
	assert_int_equal(store_obs_writer_open(fx.store, a, &b, &w), ST_OK);
	assert_int_equal(store_obs_writer_read_indicator(w, "hnte_count"), ST_OK);
	struct obs_key zcq = {"hnte_count", "zcq", "2023"}, cs = {"hnte_count", "changsha", "2023"},
		       none = {"hnte_count", "zhuzhou", "2023"};
	assert_int_equal(store_obs_writer_latest(w, a, &zcq, &before), ST_OK);
	assert_non_null(before);
	assert_true(before->revision == 2 && before->value == 11 && before->status == OBS_DRAFT);
	struct obs o = row("hnte_count", "zcq", "2023", 3, 12, OBS_APPROVED);
	assert_int_equal(store_obs_put(w, &o), ST_OK);
	assert_int_equal(store_obs_writer_latest(w, a, &zcq, &before), ST_OK);
	assert_non_null(before);
	assert_true(before->revision == 3 && before->value == 12);
	assert_int_equal(store_obs_writer_latest(w, a, &cs, &before), ST_OK);
	assert_non_null(before);
	assert_true(before->revision == 1 && before->value == 20);
	o = row("hnte_count", "changsha", "2023", 1, 21, OBS_APPROVED);
	assert_int_equal(store_obs_put(w, &o), ST_CONFLICT);
	arena_free(a);
	store_tx_rollback(fx.store);
	a = arena_new();
	assert_int_equal(store_tx_begin(fx.store), ST_OK);
	assert_int_equal(store_obs_writer_open(fx.store, a, &b, &w), ST_OK);
	assert_int_equal(store_obs_writer_read_indicator(w, "hnte_count"), ST_OK);
	assert_int_equal(store_obs_writer_latest(w, a, &none, &before), ST_OK);
	assert_null(before);
	o = row("hnte_count", "zhuzhou", "2023", 1, 5, OBS_APPROVED);
	assert_int_equal(store_obs_put(w, &o), ST_OK);
	assert_int_equal(store_obs_writer_latest(w, a, &none, &before), ST_OK);
	assert_non_null(before);
	assert_true(before->revision == 1 && before->value == 5);
	long long bid = 0;
	assert_int_equal(store_obs_writer_finish(w, 1, 1, 0, 0, &bid), ST_OK);
	assert_int_equal(store_tx_commit(fx.store), ST_OK);
	arena_free(a);
	assert_int_equal(count_rows("observations"), 5);
}

/* The table's checks hold (written as comparisons since migration 0018): an unknown qualifier or
 * status is refused, as is revision 0. */
static void test_store_obs_checks_values(void **state)
{
	(void)state;
	char msg[256];
	static const char *const bad[] = {
		"INSERT INTO observations (indicator, region, period, period_t, revision, value, qualifier, status, created_at,"
		" created_by) VALUES ('hnte_count', 'zcq', '2024', 2024, 1, 5, 'about', 'draft', 'x', 'y')",
		"INSERT INTO observations (indicator, region, period, period_t, revision, value, qualifier, status, created_at,"
		" created_by) VALUES ('hnte_count', 'zcq', '2024', 2024, 1, 5, '', 'final', 'x', 'y')",
		"INSERT INTO observations (indicator, region, period, period_t, revision, value, qualifier, status, created_at,"
		" created_by) VALUES ('hnte_count', 'zcq', '2024', 2024, 0, 5, '', 'draft', 'x', 'y')",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(exec_direct(bad[i], msg, sizeof(msg)), -1);
	assert_int_equal(exec_direct("INSERT INTO observations (indicator, region, period, period_t, revision, value, qualifier,"
				     " status, created_at, created_by) VALUES ('hnte_count', 'zcq', '2024', 2024, 1, 5,"
				     " 'forecast_lower_bound', 'returned', 'x', 'y')",
				     msg, sizeof(msg)),
			 0);
	assert_int_equal(count_rows("observations"), 1);
}

int main(void)
{
	setenv("INNOMON_NOW", NOW, 1);
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_store_obs_write_first_revision),
		T(test_store_obs_write_by_hand_has_no_batch),
		T(test_store_obs_transition_keeps_the_citation),
		T(test_store_obs_write_second_revision_and_history),
		T(test_store_obs_current_is_newest_approved_or_published),
		T(test_store_obs_current_filters_and_orders),
		T(test_store_obs_write_stale_revision_conflicts),
		T(test_store_obs_write_rejects_unknown_codes),
		T(test_store_obs_is_append_only),
		T(test_store_obs_writer_streams_many_cells),
		T(test_store_obs_writer_piped_streams_many_cells),
		T(test_store_obs_writer_piped_failure),
		T(test_store_obs_writer_reads_what_it_put),
		T(test_store_obs_writer_new_indicator),
		T(test_store_obs_checks_values),
		T(test_store_obs_writer_reads_an_indicator),
	};
#undef T
	return cmocka_run_group_tests_name("store/obs", tests, group_setup, group_teardown);
}
