/* test_gen.c - the DEMO generator (core/gen.c, core/gen_registries.c): the same seed and scale
 * give the same rows and another seed others; every record says DEMO; regions are the places
 * of the given tree, the first-listed city weighing most, never a grouping zone or the root;
 * dates are real days with ends after starts; twice the scale gives about twice the rows;
 * kinds draw from their own streams. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/gen.h"
#include "core/registry.h"
#include "base/banned.h"

/* a tree like the shipped plan's: province > metro > (zone, three cities) > parks; each park
 * belongs first to its city, then to the zone */
static int par_metro[] = {0}, par_zone[] = {1}, par_a[] = {1}, par_b[] = {1}, par_c[] = {1}, par_pa[] = {3, 2},
	   par_pb[] = {4, 2}, par_pa2[] = {3};
static struct region regions[] = {
	{.code = "prov", .name_zh = "省", .name_en = "P", .kind = "province", .n_parents = 0, .parents = NULL, .sums_into_idx = -1},
	{.code = "metro", .name_zh = "都市圈", .name_en = "M", .kind = "metro", .n_parents = 1, .parents = par_metro, .sums_into_idx = -1},
	{.code = "zone", .name_zh = "示范区", .name_en = "Z", .kind = "zone", .n_parents = 1, .parents = par_zone, .sums_into_idx = -1},
	{.code = "a", .name_zh = "甲市", .name_en = "A", .kind = "city", .n_parents = 1, .parents = par_a, .sums_into_idx = -1},
	{.code = "b", .name_zh = "乙市", .name_en = "B", .kind = "city", .n_parents = 1, .parents = par_b, .sums_into_idx = -1},
	{.code = "c", .name_zh = "丙市", .name_en = "C", .kind = "city", .n_parents = 1, .parents = par_c, .sums_into_idx = -1},
	{.code = "pa", .name_zh = "甲园区", .name_en = "PA", .kind = "park", .n_parents = 2, .parents = par_pa, .sums_into_idx = -1},
	{.code = "pb", .name_zh = "乙园区", .name_en = "PB", .kind = "park", .n_parents = 2, .parents = par_pb, .sums_into_idx = -1},
	{.code = "pa2", .name_zh = "甲二园区", .name_en = "PA2", .kind = "park", .n_parents = 1, .parents = par_pa2, .sums_into_idx = -1},
};
static struct plan plan = {.regions = regions, .n_regions = 9};

struct tally {
	uint64_t hash;
	size_t n_rows;
	size_t per_region[9];
	const struct gen_kind *kind;
	size_t region_col, n_bad;
	char bad[256];
};

static void note_bad(struct tally *t, const char *what, const char *value)
{
	if (!t->n_bad++)
		snprintf(t->bad, sizeof(t->bad), "%s: %s '%s'", t->kind->name, what, value ? value : "(null)");
}

static int tally_row(void *ctx, const char *const *cells, size_t n)
{
	struct tally *t = ctx;
	for (size_t i = 0; i < n; i++)
		for (const char *c = cells[i] ? cells[i] : ""; *c; c++)
			t->hash = (t->hash ^ (unsigned char)*c) * 1099511628211u;
	t->hash = (t->hash ^ 0xff) * 1099511628211u;
	t->n_rows++;
	if (n != t->kind->n_cols)
		note_bad(t, "cell count", NULL);
	/* the key column (the first) says DEMO */
	if (!strstr(cells[0], "DEMO"))
		note_bad(t, "a code without DEMO", cells[0]);
	int g = -1;
	for (size_t r = 0; r < 9; r++)
		if (strcmp(regions[r].name_zh, cells[t->region_col]) == 0)
			g = (int)r;
	if (g < 0)
		note_bad(t, "not a region of the tree", cells[t->region_col]);
	else
		t->per_region[g]++;
	/* every date a real day; every end on or after its start */
	const char *date = NULL, *end = NULL;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(cells[i]);
		if (len == 10 && cells[i][4] == '-' && cells[i][7] == '-') {
			if (!reg_date_valid(cells[i], len))
				note_bad(t, "a date that is no day", cells[i]);
			if (!date)
				date = cells[i];
			else
				end = cells[i];
		}
	}
	if (date && end && strcmp(end, date) < 0)
		note_bad(t, "an end before its start", end);
	return 0;
}

static struct tally run_kind(const struct gen_kind *k, double scale, uint64_t seed)
{
	struct arena *a = arena_new();
	struct gen_places places;
	gen_places_init(a, &plan, &places);
	struct gen_ctx g = {&plan, &places, scale, seed};
	struct tally t;
	memset(&t, 0, sizeof(t));
	t.hash = 14695981039346656037u;
	t.kind = k;
	for (size_t i = 0; i < k->n_cols; i++)
		if (strcmp(k->header[i], "地区") == 0)
			t.region_col = i;
	assert_int_equal(k->generate(&g, tally_row, &t), 0);
	arena_free(a);
	return t;
}

static void test_gen_every_kind_is_demo_and_in_the_tree(void **state)
{
	(void)state;
	const struct gen_kind *const *kinds = gen_kinds();
	size_t n_kinds = 0;
	for (; kinds[n_kinds]; n_kinds++) {
		struct tally t = run_kind(kinds[n_kinds], 0.05, 42);
		if (t.n_bad)
			fail_msg("%zu bad rows; first: %s", t.n_bad, t.bad);
		assert_true(t.n_rows > 0);
		/* neither the province, the metro area nor the grouping zone gets a record */
		assert_int_equal(t.per_region[0] + t.per_region[1] + t.per_region[2], 0);
	}
	assert_int_equal(n_kinds, 5);
}

static void test_gen_the_first_city_weighs_most(void **state)
{
	(void)state;
	struct tally t = run_kind(gen_kinds()[1], 1, 7); /* contracts: many rows */
	size_t a = t.per_region[3] + t.per_region[6] + t.per_region[8], b = t.per_region[4] + t.per_region[7], c = t.per_region[5];
	assert_true(a > b && b > c && c > 0);
}

static void test_gen_same_seed_same_rows(void **state)
{
	(void)state;
	for (const struct gen_kind *const *k = gen_kinds(); *k; k++) {
		struct tally x = run_kind(*k, 0.02, 9), y = run_kind(*k, 0.02, 9), z = run_kind(*k, 0.02, 10);
		assert_true(x.hash == y.hash);
		assert_int_equal(x.n_rows, y.n_rows);
		assert_true(x.hash != z.hash);
	}
}

static void test_gen_rows_follow_the_scale(void **state)
{
	(void)state;
	struct tally one = run_kind(gen_kinds()[1], 0.5, 3), two = run_kind(gen_kinds()[1], 1, 3);
	assert_true(two.n_rows >= 2 * one.n_rows - 11 && two.n_rows <= 2 * one.n_rows + 11);
	/* scale 1 is a zone: tens of thousands of contracts over the eleven years */
	assert_true(two.n_rows > 50000 && two.n_rows < 150000);
}

static void test_gen_dates_and_streams(void **state)
{
	(void)state;
	char out[16];
	gen_date(2024, 59, out);
	assert_string_equal(out, "2024-02-29");
	gen_date(2023, 59, out);
	assert_string_equal(out, "2023-03-01");
	gen_date(2024, -1, out);
	assert_string_equal(out, "2023-12-31");
	gen_date(2023, 365, out);
	assert_string_equal(out, "2024-01-01");
	struct gen_rng a, b;
	gen_rng_init(&a, 1, "contracts");
	gen_rng_init(&b, 1, "patents");
	assert_true(gen_next(&a) != gen_next(&b));
	double sum = 0;
	for (int i = 0; i < 10000; i++) {
		double u = gen_unit(&a);
		assert_true(u >= 0 && u < 1);
		sum += u;
	}
	assert_true(sum > 4800 && sum < 5200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gen_every_kind_is_demo_and_in_the_tree),
		cmocka_unit_test(test_gen_the_first_city_weighs_most),
		cmocka_unit_test(test_gen_same_seed_same_rows),
		cmocka_unit_test(test_gen_rows_follow_the_scale),
		cmocka_unit_test(test_gen_dates_and_streams),
	};
	return cmocka_run_group_tests_name("core/gen", tests, NULL, NULL);
}
