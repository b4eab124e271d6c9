/* test_derived.c - a property test of ingest/derived.c: on random registries and random
 * definitions, the values every import keeps current by itself (adding what its records
 * change to the stored totals of the regions and years they count in) are, to the bit, the
 * values computed again from scratch (`registry recompute`), and the totals the same; and both
 * are what core/derive computes over the current records directly. Each seed builds a store of
 * the demo plan whose six derived indicators get random definitions (counts and sums with
 * conditions on dates, the period, texts and numbers; arithmetic over several aggregates,
 * divisions included), then imports random batches: new records, revisions that move a record
 * to another region, year or amount, records given again unchanged. The records a full
 * computation reads come from the registries' columnar copy (store/columns.c), which the
 * imports keep: every record read from it must be the record read from the rows, field by
 * field and in the same order, and a copy built again from the rows must give the same values.
 * The span of years read from the chunks' summaries follows revisions of a chunk's extreme
 * records (test_year_span_follows_revisions; the random imports rarely move one). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/buf.h"
#include "core/derive.h"
#include "fixture.h"
#include "ingest/plan_load.h"
#include "ingest/registries.h"
#include "store/store.h"
#include "base/banned.h"

#define N_SEEDS 6
#define N_ROUNDS 8
#define MAX_YEAR 2025

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* splitmix64: reproducible from the seed */
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

static int pick(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

static const char *choose(const char *const *list, int n)
{
	return list[pick(n)];
}

/* ---- random definitions ---- */

static const char *const ent_conds[] = {
	"cert = \"hnte\" and valid_on(period_end)", "cert = \"tsme\" and valid_on(period_start)",
	"valid_on(\"2021-06-30\")", "valid_to is null", "valid_from in period", "not (valid_from <= period_end)",
	"valid_from <= period_end and (valid_to is null or valid_to >= period_start)", "cert != \"leading\" or valid_to in period",
};
static const char *const con_conds[] = {
	"signed in period", "amount > 500 and signed in period", "signed >= period_start and signed <= period_end",
	"signed <= period_end", "buyer is not null", "region = \"changsha\" or signed < \"2019-01-01\"", "amount <= 123.45",
};
static const char *const pat_conds[] = {
	"granted <= period_end and (lapsed is null or lapsed > period_end)", "granted in period", "lapsed in period",
	"lapsed is not null and lapsed <= period_end",
};
static const char *const tal_conds[] = {"year in period", "year <= period_year", "programme = \"甲\"", "year > 2020"};
static const char *const pla_conds[] = {"level = \"national\" and recognised <= period_end", "recognised in period",
					"kind = \"lab\""};

static const char *aggregate(struct arena *a)
{
	switch (pick(8)) {
	case 6: return pick(2) ? "sum(contracts.amount)" : "count(talents)"; /* no condition: every year */
	case 7: return arena_printf(a, "sum(contracts.amount where %s)", choose(con_conds, 2)); /* the plain form and one beside it */
	case 0: return arena_printf(a, "count(enterprises where %s)", choose(ent_conds, 8));
	case 1: return arena_printf(a, "sum(contracts.amount where %s)", choose(con_conds, 7));
	case 2: return arena_printf(a, "count(contracts where %s)", choose(con_conds, 7));
	case 3: return arena_printf(a, "count(patents where %s)", choose(pat_conds, 4));
	case 4: return arena_printf(a, "count(talents where %s)", choose(tal_conds, 4));
	default: return arena_printf(a, "count(platforms where %s)", choose(pla_conds, 3));
	}
}

static const char *definition(struct arena *a)
{
	const char *x = aggregate(a), *y = aggregate(a);
	switch (pick(6)) {
	case 0: return x;
	case 1: return arena_printf(a, "%s / 10000", x);
	case 2: return arena_printf(a, "%s + %s * 2", x, y);
	case 3: return arena_printf(a, "(%s - %s) / %s", x, y, aggregate(a)); /* undefined where the divisor is 0 */
	case 4: return arena_printf(a, "-%s", x);
	default: return arena_printf(a, "%s / (%s + 1)", x, y);
	}
}

/* ---- random records ---- */

static const char *const regions[] = {"changsha", "zhuzhou", "xiangtan", "cs-hitech", "zz-hitech", "xt-hitech", "nx-hitech",
				      "czt", "zcq", "长沙"};

static void date(char out[32], int lo, int hi)
{
	snprintf(out, 32, "%04d-%02d-%02d", lo + pick(hi - lo + 1), 1 + pick(12), 1 + pick(28));
}

/* Record number i of kind as a CSV line; version picks its content (0: the first). */
static void record_line(struct buf *b, enum reg_kind k, int i, unsigned version)
{
	uint64_t saved = rng_state;
	rng_state = (uint64_t)i * 7919u + version * 104729u + (uint64_t)k * 15485863u;
	char d1[32], d2[32];
	const char *reg = regions[pick(10)];
	switch (k) {
	case REG_ENTERPRISES:
		date(d1, 2015, 2025);
		date(d2, 2015, 2028);
		if (strcmp(d2, d1) < 0)
			memcpy(d2, d1, 32);
		bwf(b, "E%d,企业%d,%s,%s,%s,%s\n", i, i, reg, choose((const char *const[]){"hnte", "tsme", "leading"}, 3), d1,
		    pick(3) ? d2 : "");
		break;
	case REG_CONTRACTS:
		date(d1, 2014, 2026);
		bwf(b, "C%d,%s,%d.%02d,%s,%s,\n", i, d1, pick(2000), pick(100), reg, pick(2) ? "买方" : "");
		break;
	case REG_PATENTS:
		date(d1, 2015, 2025);
		date(d2, 2016, 2027);
		if (strcmp(d2, d1) < 0)
			memcpy(d2, d1, 32);
		bwf(b, "P%d,%s,%s,%s\n", i, d1, pick(2) ? d2 : "", reg);
		break;
	case REG_PLATFORMS:
		date(d1, 2012, 2025);
		bwf(b, "F%d,平台%d,%s,%s,%s,%s\n", i, i, pick(2) ? "national" : "provincial", pick(2) ? "lab" : "center", d1, reg);
		break;
	case REG_TALENTS:
		bwf(b, "T%d,%s,%d,%s\n", i, pick(2) ? "甲" : "乙", 2016 + pick(11), reg);
		break;
	default:
		break;
	}
	rng_state = saved;
}

static const char *const headers[REG_FIRMS] = {
	"code,name,region,cert,valid_from,valid_to\n", "no,signed,amount,region,buyer,seller\n", "no,granted,lapsed,region\n",
	"code,name,level,kind,recognised,region\n", "id,programme,year,region\n",
};

/* ---- the property ---- */

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
	setenv("INNOMON_NOW", "2026-03-01T00:00:00Z", 1); /* 2025 has ended */
	fx.arena = arena_new();
	return fixture_demo_plan(fx.arena, &fx.demo);
}

static int group_teardown(void **state)
{
	(void)state;
	arena_free(fx.arena);
	return 0;
}

/* Every derived value stored, as "indicator region period value" lines (%a: to the bit). */
static char *snapshot_values(struct arena *a)
{
	struct buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i < fx.demo->n_indicators; i++) {
		struct obs *rows;
		size_t n;
		assert_int_equal(store_obs_current(fx.store, a, fx.demo->indicators[i].code, NULL, OBS_VIEW_INTERNAL, &rows, &n), ST_OK);
		for (size_t k = 0; k < n; k++)
			bwf(&b, "%s %s %s %a\n", rows[k].indicator, rows[k].region, rows[k].period, rows[k].value);
	}
	size_t len;
	char *s = arena_strdup(a, buf_str(&b));
	buf_release(&b);
	(void)len;
	return s;
}

/* Every stored total, as lines. */
static char *snapshot_totals(struct arena *a)
{
	struct buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i < fx.demo->n_indicators; i++) {
		const char *code = fx.demo->indicators[i].code;
		struct derived_state st;
		if (store_derived_state(fx.store, a, code, &st) != ST_OK)
			continue;
		bwf(&b, "%s %d..%d hi %d\n", code, st.first_year, st.last_year, st.hi_year);
		const char **codes;
		size_t n;
		assert_int_equal(store_derived_regions(fx.store, a, code, &codes, &n), ST_OK);
		for (size_t r = 0; r < n; r++)
			for (int y = st.first_year; y <= st.last_year; y++) {
				int64_t t[16];
				assert_int_equal(store_derived_get(fx.store, code, codes[r], y, 16, t), ST_OK);
				bwf(&b, "%s %s %d %lld %lld %lld\n", code, codes[r], y, (long long)t[0], (long long)t[1], (long long)t[2]);
			}
	}
	char *s = arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return s;
}

/* Every stored derived value equals core/derive's evaluation over the current records, where
 * that is defined. */
static void check_against_core(struct arena *a)
{
	struct reg_set sets[REG_N_KINDS];
	for (int k = 0; k < REG_N_KINDS; k++) {
		struct reg_record *recs;
		size_t n;
		assert_int_equal(store_registry_current(fx.store, a, (enum reg_kind)k, &recs, &n), ST_OK);
		int rf = reg_kind_info((enum reg_kind)k)->region_field;
		for (size_t i = 0; i < n; i++)
			recs[i].region = plan_find_region(fx.demo, recs[i].vals[rf]);
		sets[k] = (struct reg_set){recs, n};
	}
	size_t nr = fx.demo->n_regions;
	unsigned char *up = arena_alloc(a, nr * nr), *scope = arena_alloc(a, nr), *ok = arena_alloc(a, nr);
	double *vals = arena_alloc(a, nr * sizeof(*vals));
	for (size_t g = 0; g < nr; g++) {
		reg_region_scope(fx.demo, (int)g, scope);
		for (size_t r = 0; r < nr; r++)
			up[r * nr + g] = scope[r];
	}
	for (size_t i = 0; i < fx.demo->n_indicators; i++) {
		const struct indicator *ind = &fx.demo->indicators[i];
		size_t at;
		const char *err;
		struct derive *d = derive_parse(a, ind->formula, strlen(ind->formula), &at, &err);
		assert_non_null(d);
		struct obs *rows;
		size_t n;
		assert_int_equal(store_obs_current(fx.store, a, ind->code, NULL, OBS_VIEW_INTERNAL, &rows, &n), ST_OK);
		for (size_t k = 0; k < n; k++) {
			int year = (int)strtol(rows[k].period, NULL, 10);
			struct derive_ctx ctx = {NULL, NULL, year};
			derive_eval_regions(d, sets, &ctx, up, nr, vals, ok);
			int g = plan_find_region(fx.demo, rows[k].region);
			/* undefined now (a divisor turned 0): no value is written, the last one stands */
			if (ok[g] && vals[g] != rows[k].value)
				fail_msg("%s %s %s: stored %a, derive gives %a (%s) for '%s'", ind->code, rows[k].region, rows[k].period,
					 rows[k].value, vals[g], ok[g] ? "defined" : "undefined", ind->formula);
		}
	}
}

static int test_region(void *ctx, const char *code)
{
	(void)ctx;
	return code ? plan_find_region(fx.demo, code) : -1;
}

/* A scan's records as lines, in the order read: the region, then every field (empty or its
 * date, number to the bit, text). */
struct scan_text {
	enum reg_kind kind;
	struct buf b;
};

static enum status scan_line(void *ctx, struct reg_row *row)
{
	struct scan_text *st = ctx;
	const struct reg_kind_info *k = reg_kind_info(st->kind);
	bwf(&st->b, "%d", row->region);
	for (size_t f = 0; f < k->n_fields; f++) {
		if ((row->nulls >> f) & 1u)
			bwf(&st->b, " -%s", row->text[f] ? row->text[f] : "");
		else
			bwf(&st->b, " %d/%a/%s", (int)row->date[f], row->num[f], row->text[f] ? row->text[f] : "");
	}
	bw(&st->b, "\n");
	return ST_OK;
}

/* The current records of every kind read from the columns are those read from the rows, with
 * the same spans of years; is_kept: bit (1u << kind) when imports kept the columns of kind (no
 * building first; a kind never imported has none). */
static void check_columns(struct arena *a, unsigned is_kept)
{
	(void)a;
	assert_int_equal(store_tx_begin(fx.store), ST_OK);
	for (int kind = 0; kind < REG_FIRMS; kind++) {
		enum reg_kind k = (enum reg_kind)kind;
		const struct reg_kind_info *ki = reg_kind_info(k);
		uint64_t mask = 0; /* every field but free text: the columns hold them */
		for (size_t f = 0; f < ki->n_fields; f++)
			if (ki->fields[f].type != RT_TEXT && ki->fields[f].type != RT_USCC)
				mask |= (uint64_t)1 << f;
		if ((is_kept >> kind) & 1)
			assert_int_equal(store_registry_columns_ready(fx.store, k), 1);
		struct scan_text cols = {k, {0}}, rows = {k, {0}};
		buf_init(&cols.b, 0);
		buf_init(&rows.b, 0);
		assert_int_equal(store_registry_scan(fx.store, k, mask, test_region, scan_line, &cols), ST_OK);
		assert_int_equal(store_registry_columns_ready(fx.store, k), 1);
		assert_int_equal(store_registry_scan_rows(fx.store, k, mask, test_region, scan_line, &rows), ST_OK);
		assert_string_equal(buf_str(&cols.b), buf_str(&rows.b));
		buf_release(&cols.b);
		buf_release(&rows.b);
		int lo = 0, hi = 0, lo_rows = 0, hi_rows = 0;
		int any = store_registry_year_span(fx.store, k, &lo, &hi);
		assert_int_equal(any, store_registry_year_span_rows(fx.store, k, &lo_rows, &hi_rows));
		if (any) {
			assert_int_equal(lo, lo_rows);
			assert_int_equal(hi, hi_rows);
		}
	}
	store_tx_rollback(fx.store);
}

static void test_incremental_equals_recompute(void **state)
{
	(void)state;
	size_t n_incremental = 0;
	for (int seed = 1; seed <= N_SEEDS; seed++) {
		struct arena *a = arena_new();
		rng_state = (uint64_t)seed * 0x2545F4914F6CDD1Du;
		/* the demo plan with random definitions in place of its own */
		for (size_t i = 0; i < fx.demo->n_indicators; i++)
			fx.demo->indicators[i].formula = definition(a);
		assert_int_equal(fixture_tmpdir(fx.tmpdir, fx.db, "derived"), 0);
		assert_int_equal(fixture_store(fx.db, fx.demo, &fx.store), 0);
		unsigned versions[REG_FIRMS][64] = {{0}};
		unsigned imported = 0; /* bit (1u << kind) for each kind imported */
		for (int round = 0; round < N_ROUNDS; round++) {
			enum reg_kind k = (enum reg_kind)pick(REG_FIRMS); /* the kinds before firms: their definitions above */
			imported |= 1u << k;
			struct buf csv;
			buf_init(&csv, 0);
			bw(&csv, headers[k]);
			/* a few of the 64 records of the kind: new ones, changed ones, the same again */
			int n = 3 + pick(20);
			unsigned char is_in[64] = {0};
			for (int j = 0; j < n; j++) {
				int i = pick(64);
				if (is_in[i])
					continue;
				is_in[i] = 1;
				if (pick(3) == 0)
					versions[k][i]++;
				record_line(&csv, k, i, versions[k][i]);
			}
			struct diag_list d;
			diag_init(&d, a);
			struct registry_import_opts o = {NULL, NULL, "tester", 0};
			struct registry_import_result res;
			enum status rc = registry_import(fx.store, a, fx.demo, k, "t.csv", buf_str(&csv), csv.len, &o, &res, &d);
			if (rc != ST_OK) {
				diag_print(&d, stderr);
				fail_msg("seed %d round %d: import %s: %s", seed, round, buf_str(&csv), store_errmsg(fx.store));
			}
			n_incremental += res.derived.n_incremental;
			buf_release(&csv);
		}
		char *values = snapshot_values(a), *totals = snapshot_totals(a);
		check_against_core(a);
		struct diag_list d;
		diag_init(&d, a);
		struct registry_recompute_result rr;
		assert_int_equal(registry_recompute(fx.store, a, fx.demo, "tester", MAX_YEAR, 0, &rr, &d), ST_OK);
		if (rr.n_new + rr.n_revised) {
			for (size_t c = 0; c < rr.n_cells; c++)
				if (!rr.cells[c].is_unchanged)
					fprintf(stderr, "# %s %s %s: import kept %a, recompute gives %a\n", rr.cells[c].after.indicator,
						rr.cells[c].after.region, rr.cells[c].after.period,
						rr.cells[c].before ? rr.cells[c].before->value : -1.0, rr.cells[c].after.value);
			fail_msg("seed %d: recompute changed %zu values the imports kept", seed, rr.n_new + rr.n_revised);
		}
		assert_string_equal(snapshot_values(a), values);
		assert_string_equal(snapshot_totals(a), totals);
		/* the columns the imports kept read as the rows do; built again from the rows, they
		 * give the same values */
		check_columns(a, imported);
		assert_int_equal(store_tx_begin(fx.store), ST_OK);
		for (int k = 0; k < REG_FIRMS; k++)
			assert_int_equal(store_registry_columns_build(fx.store, (enum reg_kind)k), ST_OK);
		assert_int_equal(store_tx_commit(fx.store), ST_OK);
		check_columns(a, (1u << REG_FIRMS) - 1);
		assert_int_equal(registry_recompute(fx.store, a, fx.demo, "tester", MAX_YEAR, 0, &rr, &d), ST_OK);
		assert_int_equal(rr.n_new + rr.n_revised, 0);
		assert_string_equal(snapshot_values(a), values);
		assert_string_equal(snapshot_totals(a), totals);
		store_close(fx.store);
		fx.store = NULL;
		fixture_remove(fx.tmpdir, fx.db);
		arena_free(a);
	}
	/* the imports did update incrementally (not only from the records) */
	assert_true(n_incremental >= N_SEEDS * 2);
}

/* Import csv (contracts) into fx.store. */
static void import_contracts(struct arena *a, const char *csv)
{
	struct diag_list d;
	diag_init(&d, a);
	struct registry_import_opts o = {NULL, NULL, "tester", 0};
	struct registry_import_result res;
	const char *text = arena_printf(a, "%s%s", headers[REG_CONTRACTS], csv);
	if (registry_import(fx.store, a, fx.demo, REG_CONTRACTS, "t.csv", text, strlen(text), &o, &res, &d) != ST_OK) {
		diag_print(&d, stderr);
		fail_msg("import %s: %s", csv, store_errmsg(fx.store));
	}
}

/* The span of years of the contracts from the columns (their chunks' summaries, and the dates of
 * the chunks a revision touched) is the span of the rows. */
static void assert_span(int lo_want, int hi_want)
{
	int lo = 0, hi = 0, lo_rows = 0, hi_rows = 0;
	assert_int_equal(store_tx_begin(fx.store), ST_OK);
	assert_int_equal(store_registry_year_span_rows(fx.store, REG_CONTRACTS, &lo_rows, &hi_rows), 1);
	assert_int_equal(store_registry_year_span(fx.store, REG_CONTRACTS, &lo, &hi), 1);
	store_tx_rollback(fx.store);
	assert_int_equal(lo_rows, lo_want);
	assert_int_equal(hi_rows, hi_want);
	assert_int_equal(lo, lo_want);
	assert_int_equal(hi, hi_want);
}

/* Each import ends a chunk of the columns with its summary. A revision of the only record of
 * the earliest (or latest) year leaves that year in the summary of the old record's chunk:
 * the span must come from that chunk's current records, and from the other chunks' summaries. */
static void test_year_span_follows_revisions(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_int_equal(fixture_tmpdir(fx.tmpdir, fx.db, "span"), 0);
	assert_int_equal(fixture_store(fx.db, fx.demo, &fx.store), 0);
	import_contracts(a, "C1,2014-05-01,10.00,changsha,,\nC2,2020-01-01,20.00,zhuzhou,,\n");
	assert_span(2014, 2020);
	import_contracts(a, "C3,2022-07-01,30.00,xiangtan,,\nC4,2020-06-06,5.00,xiangtan,,\n"); /* a chunk of its own */
	assert_span(2014, 2022);
	import_contracts(a, "C1,2019-03-01,10.00,changsha,,\n"); /* the 2014 record moves: chunk 1 no longer stands for itself */
	assert_span(2019, 2022);
	import_contracts(a, "C3,2021-07-01,30.00,xiangtan,,\nC5,2018-02-02,1.00,czt,,\n"); /* the latest moves; an earlier one */
	assert_span(2018, 2021);
	import_contracts(a, "C5,2020-02-02,1.00,czt,,\nC2,2021-01-01,20.00,zhuzhou,,\n"); /* a chunk revised within itself */
	assert_span(2019, 2021);
	store_close(fx.store);
	fx.store = NULL;
	fixture_remove(fx.tmpdir, fx.db);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_year_span_follows_revisions), /* first: the property test changes the plan's definitions */
		cmocka_unit_test(test_incremental_equals_recompute),
	};
	return cmocka_run_group_tests_name("ingest/derived", tests, group_setup, group_teardown);
}
