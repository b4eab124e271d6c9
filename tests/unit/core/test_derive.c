/* test_derive.c - derived-indicator definitions: parsing (grammar, types, errors with their
 * position, caps) and evaluation over registry records (validity boundaries, lapsed patents,
 * empty registries, region scope through parent links). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/derive.h"
#include "base/banned.h"

/* regions: 0 hunan <- 1 czt <- 2 changsha <- 4 park; 3 zhuzhou under czt; the park also under 5 zone */
static int par_czt[] = {0}, par_cs[] = {1}, par_zz[] = {1}, par_park[] = {2, 5}, par_zone[] = {1};
static struct region regions[] = {
	{"hunan", "湖南", "Hunan", "province", NULL, 0, NULL, NULL, -1, {NULL, 0}, NULL, 0, 0, 0},
	{"czt", "长株潭", "CZT", "metro", NULL, 1, par_czt, NULL, -1, {NULL, 0}, NULL, 0, 0, 0},
	{"changsha", "长沙", "Changsha", "city", NULL, 1, par_cs, NULL, -1, {NULL, 0}, NULL, 0, 0, 0},
	{"zhuzhou", "株洲", "Zhuzhou", "city", NULL, 1, par_zz, NULL, -1, {NULL, 0}, NULL, 0, 0, 0},
	{"park", "园区", "Park", "park", NULL, 2, par_park, NULL, -1, {NULL, 0}, NULL, 0, 0, 0},
	{"zone", "自创区", "Zone", "zone", NULL, 1, par_zone, NULL, -1, {NULL, 0}, NULL, 0, 0, 0},
};
static struct plan plan = {.regions = regions, .n_regions = 6};

#define E(code, region, cert, from, to) {(const char *[]){code, "x", region, cert, from, to}, NULL, -1, 1, NULL, NULL}
static struct reg_record enterprises[] = {
	E("e1", "changsha", "hnte", "2022-01-01", "2024-12-31"),
	E("e2", "park", "hnte", "2024-12-31", NULL),
	E("e3", "zhuzhou", "hnte", "2025-01-01", "2027-12-31"),
	E("e4", "changsha", "tsme", "2023-05-01", "2024-04-30"),
};
#define P(no, granted, lapsed, region) {(const char *[]){no, granted, lapsed, region}, NULL, -1, 1, NULL, NULL}
static struct reg_record patents[] = {
	P("p1", "2023-03-01", NULL, "changsha"),
	P("p2", "2023-06-01", "2024-12-31", "changsha"),
	P("p3", "2024-06-01", "2024-06-30", "zhuzhou"),
	P("p4", "2025-01-01", NULL, "park"),
};
#define C(no, date, amount, region) {(const char *[]){no, date, amount, region, NULL, NULL}, NULL, -1, 1, NULL, NULL}
static struct reg_record contracts[] = {
	C("c1", "2024-01-01", "5000", "changsha"),
	C("c2", "2024-12-31", "15000.5", "park"),
	C("c3", "2025-01-01", "999", "changsha"),
	C("c4", "2023-12-31", "7", "zhuzhou"),
};

static int group_setup(void **state)
{
	(void)state;
	struct reg_record *sets[] = {enterprises, patents, contracts};
	size_t ns[] = {4, 4, 4};
	int rf[] = {2, 3, 3};
	for (size_t s = 0; s < 3; s++)
		for (size_t i = 0; i < ns[s]; i++) {
			const char *code = sets[s][i].vals[rf[s]];
			for (int g = 0; g < 6; g++)
				if (strcmp(regions[g].code, code) == 0)
					sets[s][i].region = g;
		}
	return 0;
}

/* Evaluate text for region reg in year; returns 1 and *out, 0 when undefined. */
static int eval(const char *text, const char *reg, int year, double *out, int with_records)
{
	struct arena *a = arena_new();
	size_t at;
	const char *err;
	struct derive *d = derive_parse(a, text, strlen(text), &at, &err);
	if (!d)
		fail_msg("'%s' at %zu: %s", text, at, err);
	struct reg_set sets[REG_N_KINDS] = {0};
	if (with_records) {
		sets[REG_ENTERPRISES] = (struct reg_set){enterprises, 4};
		sets[REG_PATENTS] = (struct reg_set){patents, 4};
		sets[REG_CONTRACTS] = (struct reg_set){contracts, 4};
	}
	int g = 0;
	while (strcmp(regions[g].code, reg) != 0)
		g++;
	/* up[r * 6 + h]: a record of region r counts for region h */
	unsigned char up[6 * 6], scope[6], ok[6];
	double all[6];
	for (int h = 0; h < 6; h++) {
		reg_region_scope(&plan, h, scope);
		for (int r = 0; r < 6; r++)
			up[r * 6 + h] = scope[r];
	}
	char start[11], end[11];
	snprintf(start, sizeof(start), "%04d-01-01", year);
	snprintf(end, sizeof(end), "%04d-12-31", year);
	struct derive_ctx ctx = {start, end, year};
	derive_eval_regions(d, sets, &ctx, up, 6, all, ok);
	*out = all[g];
	arena_free(a);
	return ok[g];
}

static double value(const char *text, const char *reg, int year)
{
	double v = -1;
	assert_true(eval(text, reg, year, &v, 1));
	return v;
}

static void test_derive_eval_validity_boundaries(void **state)
{
	(void)state;
	const char *hnte = "count(enterprises where cert = \"hnte\" and valid_on(period_end))";
	/* e1 valid to 2024-12-31 counts at the end of 2024; e2 valid from 2024-12-31 counts too */
	assert_int_equal(value(hnte, "changsha", 2024), 2);
	assert_int_equal(value(hnte, "changsha", 2025), 1);
	assert_int_equal(value(hnte, "changsha", 2023), 1);
	assert_int_equal(value(hnte, "changsha", 2021), 0);
	/* e3 starts on 2025-01-01: not at the end of 2024 */
	assert_int_equal(value(hnte, "zhuzhou", 2024), 0);
	assert_int_equal(value(hnte, "zhuzhou", 2025), 1);
	assert_int_equal(value("count(enterprises where valid_on(\"2024-04-30\"))", "czt", 2024), 2);
	assert_int_equal(value("count(enterprises where valid_on(\"2024-05-01\"))", "czt", 2024), 1);
}

static void test_derive_eval_regions_follow_every_parent(void **state)
{
	(void)state;
	const char *all = "count(enterprises)";
	assert_int_equal(value(all, "park", 2024), 1);
	assert_int_equal(value(all, "zone", 2024), 1);
	assert_int_equal(value(all, "changsha", 2024), 3);
	assert_int_equal(value(all, "czt", 2024), 4);
	assert_int_equal(value(all, "hunan", 2024), 4);
	assert_int_equal(value(all, "zhuzhou", 2024), 1);
}

static void test_derive_eval_lapsed_patents(void **state)
{
	(void)state;
	const char *stock = "count(patents where granted <= period_end and (lapsed is null or lapsed > period_end))";
	assert_int_equal(value(stock, "czt", 2023), 2);
	assert_int_equal(value(stock, "czt", 2024), 1); /* p2 lapsed on the last day; p3 within the year */
	assert_int_equal(value(stock, "czt", 2025), 2);
	assert_int_equal(value(stock, "zone", 2025), 1);
	assert_int_equal(value("count(patents where granted in period)", "hunan", 2024), 1);
	assert_int_equal(value("count(patents where lapsed is not null)", "hunan", 2024), 2);
	assert_int_equal(value("count(patents where not (lapsed is null))", "hunan", 2024), 2);
}

static void test_derive_eval_sums_and_arithmetic(void **state)
{
	(void)state;
	const char *tc = "sum(contracts.amount where signed in period) / 10000";
	assert_true(value(tc, "czt", 2024) == 2.00005);
	assert_true(value(tc, "changsha", 2025) == 0.0999);
	assert_true(value(tc, "zhuzhou", 2023) == 0.0007);
	assert_true(value("sum(contracts.amount where amount >= 5000 and signed >= \"2024-01-01\") + 1", "hunan", 2024) == 20001.5);
	assert_true(value("count(contracts) * 2 - -1", "hunan", 2024) == 9);
	assert_true(value("count(contracts where seller is null and region = \"park\")", "hunan", 2024) == 1);
	double v;
	assert_false(eval("count(contracts) / count(talents)", "hunan", 2024, &v, 1));
}

static void test_derive_eval_empty_registries_count_zero(void **state)
{
	(void)state;
	double v = -1;
	assert_true(eval("count(enterprises where valid_on(period_end))", "hunan", 2024, &v, 0));
	assert_true(v == 0);
	assert_true(eval("sum(contracts.amount)", "hunan", 2024, &v, 0));
	assert_true(v == 0);
	assert_true(eval("count(talents where year = period_year)", "hunan", 2024, &v, 0));
	assert_true(v == 0);
}

static void check_error(const char *text, size_t want_at, const char *want)
{
	struct arena *a = arena_new();
	size_t at = 9999;
	const char *err = NULL;
	assert_null(derive_parse(a, text, strlen(text), &at, &err));
	assert_non_null(err);
	if (!strstr(err, want))
		fail_msg("'%s': got '%s', wanted '%s'", text, err, want);
	if (at != want_at)
		fail_msg("'%s': error at %zu, wanted %zu (%s)", text, at, want_at, err);
	arena_free(a);
}

static void test_derive_parse_errors_name_the_position(void **state)
{
	(void)state;
	check_error("", 0, "ends where");
	check_error("count(widgets)", 6, "registry was expected");
	check_error("count(patents where colour = \"red\")", 20, "no such field");
	check_error("count(patents where granted = 5)", 28, "a number can only be compared");
	check_error("count(patents where granted < \"2024-13-01\")", 28, "not a date");
	check_error("count(patents where lapsed is nul)", 30, "'is' must be followed");
	check_error("count(patents where granted)", 27, "a comparison");
	check_error("count(patents", 13, "')' or 'where'");
	check_error("sum(contracts)", 13, "registry.field");
	check_error("sum(contracts.buyer)", 14, "number field");
	check_error("count(patents where valid_on(period_end))", 20, "enterprises only");
	check_error("count(enterprises where valid_on(3))", 33, "takes a date");
	check_error("count(patents where region in period)", 20, "date or year field");
	check_error("count(patents where region = \"x)", 29, "not closed");
	check_error("count(patents) 7", 15, "unexpected text");
	check_error("count(patents) / ", 17, "ends where");
	check_error("(count(patents)", 15, "')' is missing");
	check_error("count(patents where (granted in period)", 39, "')' or 'where'");
	check_error("1.2.3", 0, "not a number");
}

static void test_derive_parse_caps_hostile_input(void **state)
{
	(void)state;
	char deep[200];
	memset(deep, '(', sizeof(deep) - 1);
	deep[sizeof(deep) - 1] = '\0';
	struct arena *a = arena_new();
	size_t at;
	const char *err;
	assert_null(derive_parse(a, deep, strlen(deep), &at, &err));
	assert_non_null(strstr(err, "nests too deeply"));
	char many[1000];
	size_t n = 0;
	for (int i = 0; i < 300 && n + 4 < sizeof(many); i++) {
		memcpy(many + n, "1+", 2);
		n += 2;
	}
	many[n++] = '1';
	assert_null(derive_parse(a, many, n, &at, &err));
	assert_non_null(strstr(err, "too long"));
	char big[DERIVE_MAX_BYTES + 2];
	memset(big, ' ', sizeof(big));
	assert_null(derive_parse(a, big, sizeof(big), &at, &err));
	assert_int_equal(at, DERIVE_MAX_BYTES);
	arena_free(a);
}

/* A division by zero is undefined only in the regions where the divisor is zero. */
static void test_derive_eval_undefined_only_where_divisor_is_zero(void **state)
{
	(void)state;
	double v;
	/* 株洲 has no patent in force: its ratio is undefined, 长沙's is not */
	assert_false(eval("sum(contracts.amount) / count(patents where lapsed is null)", "zhuzhou", 2024, &v, 1));
	assert_true(eval("sum(contracts.amount) / count(patents where lapsed is null)", "changsha", 2024, &v, 1));
	assert_true(v == (5000 + 15000.5 + 999) / 2);
	assert_true(eval("-count(patents) * 2 + 1", "hunan", 2024, &v, 1));
	assert_true(v == -7);
}

static void test_derive_kinds_and_years(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	size_t at;
	const char *err;
	const char *text = "count(patents) + sum(contracts.amount)";
	struct derive *d = derive_parse(a, text, strlen(text), &at, &err);
	assert_non_null(d);
	assert_int_equal(derive_kinds(d), (1u << REG_PATENTS) | (1u << REG_CONTRACTS));
	struct reg_set sets[REG_N_KINDS] = {0};
	sets[REG_PATENTS] = (struct reg_set){patents, 4};
	sets[REG_CONTRACTS] = (struct reg_set){contracts, 4};
	int first, last;
	assert_true(derive_years(d, sets, 2100, &first, &last));
	assert_int_equal(first, 2023);
	assert_int_equal(last, 2025);
	assert_true(derive_years(d, sets, 2024, &first, &last));
	assert_int_equal(last, 2024);
	struct reg_set none[REG_N_KINDS] = {0};
	assert_false(derive_years(d, none, 2100, &first, &last));
	arena_free(a);
}

/* derive_round is llround to the bit: halves away from zero, the doubles just below a half, the
 * largest amounts, and many amounts in millionths as a recompute rounds them. */
static void test_derive_round_is_llround(void **state)
{
	(void)state;
	static const double edges[] = {0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
				       4503599627370495.5, -4503599627370495.5, 4503599627370497.0, 9007199254740993.0,
				       1e18, -1e18, 123456.4999999, 999999999999.5, 0.1 * 1e6, 1.0000005e6};
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		double x = edges[i];
		assert_int_equal(derive_round(x), llround(x));
		assert_int_equal(derive_round(nextafter(x, 0.0)), llround(nextafter(x, 0.0)));
		assert_int_equal(derive_round(nextafter(x, 2e18)), llround(nextafter(x, 2e18)));
	}
	uint64_t r = 0x9E3779B97F4A7C15u;
	for (int i = 0; i < 200000; i++) {
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		/* amounts with up to 8 decimals, of every magnitude up to REG_NUMBER_MAX */
		double v = (double)(int64_t)(r % 100000000000000000u) / pow(10.0, (double)((r >> 59) % 9));
		if (r & 1)
			v = -v;
		int64_t out = 0;
		if (!derive_amount(v, &out))
			continue;
		assert_int_equal(out, llround(v * 1e6));
	}
	int64_t out;
	assert_false(derive_amount(1e12 * 1.0000001, &out));
	assert_false(derive_amount(NAN, &out));
	assert_true(derive_amount(-1e12, &out));
	assert_int_equal(out, -1000000000000000000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_derive_eval_validity_boundaries),
		cmocka_unit_test(test_derive_eval_regions_follow_every_parent),
		cmocka_unit_test(test_derive_eval_lapsed_patents),
		cmocka_unit_test(test_derive_eval_sums_and_arithmetic),
		cmocka_unit_test(test_derive_eval_empty_registries_count_zero),
		cmocka_unit_test(test_derive_parse_errors_name_the_position),
		cmocka_unit_test(test_derive_parse_caps_hostile_input),
		cmocka_unit_test(test_derive_eval_undefined_only_where_divisor_is_zero),
		cmocka_unit_test(test_derive_kinds_and_years),
		cmocka_unit_test(test_derive_round_is_llround),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
