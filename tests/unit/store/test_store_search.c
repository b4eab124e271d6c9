/* test_store_search.c - unit tests of store_search (store/search.c) on a store holding
 * the shipped plan (SQLite, or PostgreSQL under tools/pg-test.sh): Chinese substrings of three or
 * more characters through the index (ILIKE on PostgreSQL), one- and two-character queries by LIKE,
 * English and codes, several terms, notices only when asked for, only the current plan version,
 * hostile queries (quotes, LIKE wildcards, FTS5 syntax) taken literally, bad queries refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "store/store.h"
#include "supervise/supervise.h"
#include "base/banned.h"

static struct {
	struct arena *arena;
	char tmpdir[64], db[128];
	struct store *store;
	struct plan *plan;
} fx;

static int setup(void **state)
{
	(void)state;
	fx.arena = arena_new();
	if (fixture_shipped_plan(fx.arena, &fx.plan) != 0 || fixture_tmpdir(fx.tmpdir, fx.db, "search") != 0 ||
	    fixture_store(fx.db, fx.plan, &fx.store) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(fx.store);
	fixture_remove(fx.tmpdir, fx.db);
	arena_free(fx.arena);
	return 0;
}

/* Whether hits has kind/key, and at which place (-1: absent). */
static int place(const struct search_hit *hits, size_t n, enum search_kind kind, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (hits[i].kind == kind && strcmp(hits[i].key, key) == 0)
			return (int)i;
	return -1;
}

static size_t find(const char *q, int has_notices, struct search_hit **hits)
{
	size_t n;
	assert_int_equal(store_search(fx.store, fx.arena, NULL, q, has_notices, 50, hits, &n), ST_OK);
	return n;
}

static void test_search_chinese_substrings(void **state)
{
	(void)state;
	struct search_hit *h;
	size_t n = find("技术合同", 0, &h);
	assert_true(place(h, n, SEARCH_INDICATOR, "tech_contract_turnover") >= 0);
	assert_true(h[0].is_title);
	/* a measure by words inside its text only */
	n = find("岳麓山大学科技城", 0, &h);
	assert_int_equal(place(h, n, SEARCH_MEASURE, "1"), 0);
	assert_false(h[0].is_title);
	/* two characters: by LIKE over the same rows */
	n = find("科技", 0, &h);
	assert_true(place(h, n, SEARCH_UNIT, "kjt") >= 0);
	assert_true(n > 5);
	n = find("湘", 0, &h);
	assert_true(place(h, n, SEARCH_UNIT, "xjxq") >= 0);
	/* a unit by its abbreviation */
	n = find("工信厅", 0, &h);
	assert_int_equal(place(h, n, SEARCH_UNIT, "gxt"), 0);
}

static void test_search_english_codes_and_terms(void **state)
{
	(void)state;
	struct search_hit *h;
	size_t n = find("technology contract", 0, &h);
	assert_true(place(h, n, SEARCH_INDICATOR, "tech_contract_turnover") >= 0);
	n = find("TECH_CONTRACT", 0, &h); /* case does not matter */
	assert_true(place(h, n, SEARCH_INDICATOR, "tech_contract_turnover") >= 0);
	/* every term must occur: a long and a short one together */
	n = find("技术合同 亿", 0, &h);
	assert_true(place(h, n, SEARCH_INDICATOR, "tech_contract_turnover") < 0 || n >= 1);
	n = find("技术合同　xyzzy", 0, &h); /* ideographic space between the terms */
	assert_int_equal(n, 0);
}

static void test_search_notices_only_when_asked(void **state)
{
	(void)state;
	long long id;
	int is_new;
	struct sup_notice nt = {.plan_code = "czt-2024", .unit = "amr", .measure = 22, .period = "2025Q3", .subject = "逾期未报的季度进展",
				.body = "请于十日内补报质量强省举措进展", .reply_due = "2025-10-21T15:59:59Z"};
	assert_int_equal(store_sup_notice_raise(fx.store, &nt, NULL, &id, &is_new), ST_OK);
	char key[32];
	snprintf(key, sizeof(key), "%lld", id);
	struct search_hit *h;
	size_t n = find("季度进展", 1, &h);
	assert_true(place(h, n, SEARCH_NOTICE, key) >= 0);
	n = find("十日内补报", 1, &h);
	assert_true(place(h, n, SEARCH_NOTICE, key) >= 0);
	n = find("季度进展", 0, &h);
	assert_int_equal(place(h, n, SEARCH_NOTICE, key), -1);
}

static void test_search_hostile_queries_are_literal(void **state)
{
	(void)state;
	static const char *const none[] = {"\"\"\"", "a\" OR \"b", "NEAR(技术 合同)", "技术* OR 1=1",
					   "'; DROP TABLE search_docs; --", "title:技术", "%%%", "___", "\\"};
	struct search_hit *h;
	size_t n;
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		n = 99;
		assert_int_equal(store_search(fx.store, fx.arena, NULL, none[i], 1, 50, &h, &n), ST_OK);
		assert_int_equal(n, 0);
	}
	/* a wildcard alone is a character to find, not "anything" (every code has a '_') */
	size_t n_all = find("省", 0, &h);
	assert_true(n_all > 10 && find("%", 0, &h) < n_all);
	/* the table is still there */
	n = find("技术合同", 0, &h);
	assert_true(n >= 1);
}

static void test_search_refuses_bad_queries(void **state)
{
	(void)state;
	struct search_hit *h;
	size_t n;
	char big[SEARCH_QUERY_MAX_BYTES + 2];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(store_search(fx.store, fx.arena, NULL, "", 0, 10, &h, &n), ST_INVALID);
	assert_int_equal(store_search(fx.store, fx.arena, NULL, "  \t ", 0, 10, &h, &n), ST_INVALID);
	assert_int_equal(store_search(fx.store, fx.arena, NULL, NULL, 0, 10, &h, &n), ST_INVALID);
	assert_int_equal(store_search(fx.store, fx.arena, NULL, big, 0, 10, &h, &n), ST_INVALID);
	assert_int_equal(store_search(fx.store, fx.arena, NULL, "\xff\xfe", 0, 10, &h, &n), ST_INVALID);
	assert_int_equal(store_search(fx.store, fx.arena, NULL, "a b c d e f g h i", 0, 10, &h, &n), ST_INVALID);
	/* the limit holds */
	assert_int_equal(store_search(fx.store, fx.arena, NULL, "省", 0, 3, &h, &n), ST_OK);
	assert_int_equal(n, 3);
}

/* A new plan version replaces the old one in the results: a renamed indicator is found by its
 * new name only. */
static void test_search_current_version_only(void **state)
{
	(void)state;
	struct search_hit *h;
	assert_int_equal(find("技术交易登记", 0, &h), 0);
	int i = plan_find_indicator(fx.plan, "tech_contract_turnover");
	fx.plan->indicators[i].name_zh = "技术交易登记总额";
	struct plan_save_result res;
	assert_int_equal(store_plan_save(fx.store, fx.plan, "test", &res), ST_OK);
	assert_false(res.is_unchanged);
	size_t n = find("技术交易登记", 0, &h);
	assert_int_equal(place(h, n, SEARCH_INDICATOR, "tech_contract_turnover"), 0);
	/* one hit per indicator, not one per version */
	n = find("tech_contract_turnover", 0, &h);
	assert_int_equal(n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_chinese_substrings),
		cmocka_unit_test(test_search_english_codes_and_terms),
		cmocka_unit_test(test_search_notices_only_when_asked),
		cmocka_unit_test(test_search_hostile_queries_are_literal),
		cmocka_unit_test(test_search_refuses_bad_queries),
		cmocka_unit_test(test_search_current_version_only),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
