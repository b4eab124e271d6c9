/* test_firm_load.c - firms from registry records (core/firm_load.c): rows grouped by credit
 * code with their years in order, money read exactly (万元 with decimals to whole yuan), shares
 * to 1/10000, enumerations and titles decoded, text that is not a number read as unknown, and
 * certificates attached from the enterprises registry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/eval.h"
#include "core/firm_load.h"
#include "base/banned.h"

static struct arena *A;

static int setup(void **state)
{
	(void)state;
	A = arena_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

static void set(struct reg_record *r, enum reg_kind k, const char *field, const char *v)
{
	int f = reg_field_find(k, field, strlen(field));
	assert_true(f >= 0);
	r->vals[f] = v;
}

static struct reg_record firm_row(const char *code, const char *year)
{
	struct reg_record r;
	memset(&r, 0, sizeof(r));
	reg_record_alloc(A, REG_FIRMS, &r);
	r.region = -1;
	set(&r, REG_FIRMS, "code", code);
	set(&r, REG_FIRMS, "year", year);
	set(&r, REG_FIRMS, "name", "甲");
	return r;
}

static void test_firm_load_groups_and_orders(void **state)
{
	(void)state;
	struct reg_record rows[4] = {firm_row("B", "2024"), firm_row("A", "2024"), firm_row("B", "2022"), firm_row("A", "2023")};
	set(&rows[0], REG_FIRMS, "name", "乙 2024");
	set(&rows[2], REG_FIRMS, "name", "乙 2022");
	set(&rows[2], REG_FIRMS, "founded", "2019-04-01");
	struct firm *f;
	size_t n = firm_load(A, NULL, rows, 4, NULL, 0, &f);
	assert_int_equal(n, 2);
	assert_string_equal(f[0].code, "A");
	assert_int_equal(f[0].n_years, 2);
	assert_int_equal(f[0].years[0].year, 2023);
	assert_int_equal(f[0].years[1].year, 2024);
	assert_string_equal(f[1].name, "乙 2024"); /* the latest row's name */
	assert_string_equal(f[1].founded, "2019-04-01");
	assert_ptr_equal(firm_find(f, n, "B"), &f[1]);
	assert_null(firm_find(f, n, "C"));
}

static void test_firm_load_reads_figures_exactly(void **state)
{
	(void)state;
	struct reg_record r = firm_row("A", "2024");
	set(&r, REG_FIRMS, "revenue", "5005");
	set(&r, REG_FIRMS, "rd", "300.3");
	set(&r, REG_FIRMS, "net_profit", "-12.0001");
	set(&r, REG_FIRMS, "staff", "150");
	set(&r, REG_FIRMS, "market_share", "12.5");
	set(&r, REG_FIRMS, "cost", "n/a");
	set(&r, REG_FIRMS, "award", "national");
	set(&r, REG_FIRMS, "award_rank", "2");
	set(&r, REG_FIRMS, "rd_org", "provincial");
	set(&r, REG_FIRMS, "standard", "led");
	set(&r, REG_FIRMS, "titles", "ip_demo;own_brand");
	set(&r, REG_FIRMS, "digital_level", "3");
	set(&r, REG_FIRMS, "emerging", "no");
	set(&r, REG_FIRMS, "market_since", "2018");
	set(&r, REG_FIRMS, "hnte_pts_ip", "25");
	set(&r, REG_FIRMS, "hnte_pts_growth", "99"); /* above its maximum: not an expert point */
	struct firm *f;
	assert_int_equal(firm_load(A, NULL, &r, 1, NULL, 0, &f), 1);
	const struct firm_year *y = &f[0].years[0];
	assert_int_equal(y->revenue, 50050000);
	assert_int_equal(y->rd, 3003000);
	assert_int_equal(y->net_profit, -120001);
	assert_int_equal(y->staff, 150);
	assert_int_equal(y->market_share, 1250);
	assert_true(y->cost == FIRM_NA);
	assert_true(y->assets == FIRM_NA);
	assert_int_equal(y->award, AWARD_NATIONAL);
	assert_int_equal(y->award_rank, 2);
	assert_int_equal(y->rd_org, RDORG_PROVINCIAL);
	assert_int_equal(y->standard, STD_LED);
	assert_int_equal(y->titles, TITLE_IP_DEMO | TITLE_OWN_BRAND);
	assert_true(y->titles_known);
	assert_int_equal(y->digital_level, 3);
	assert_int_equal(y->emerging, 0);
	assert_int_equal(y->hnte_field, -1);
	assert_int_equal(y->market_since, 2018);
	assert_int_equal(y->hnte_expert[0], 25);
	assert_int_equal(y->hnte_expert[3], -1);
	/* a negative count or revenue is not a figure (only a profit may be negative) */
	set(&r, REG_FIRMS, "ip2", "-3");
	set(&r, REG_FIRMS, "revenue", "-1");
	assert_int_equal(firm_load(A, NULL, &r, 1, NULL, 0, &f), 1);
	assert_true(f[0].years[0].ip2 == FIRM_NA);
	assert_true(f[0].years[0].revenue == FIRM_NA);
	/* a title code inside another is not it */
	set(&r, REG_FIRMS, "titles", "chuangke500");
	assert_int_equal(firm_load(A, NULL, &r, 1, NULL, 0, &f), 1);
	assert_int_equal(f[0].years[0].titles, TITLE_CHUANGKE_500);
}

static void test_firm_load_attaches_certificates(void **state)
{
	(void)state;
	struct reg_record rows[2] = {firm_row("A", "2024"), firm_row("B", "2024")};
	struct reg_record ent[3];
	const char *codes[3] = {"B", "A", "B"}, *certs[3] = {"hnte", "tsme", "tsme"};
	for (int i = 0; i < 3; i++) {
		memset(&ent[i], 0, sizeof(ent[i]));
		reg_record_alloc(A, REG_ENTERPRISES, &ent[i]);
		set(&ent[i], REG_ENTERPRISES, "code", codes[i]);
		set(&ent[i], REG_ENTERPRISES, "cert", certs[i]);
		set(&ent[i], REG_ENTERPRISES, "valid_from", "2023-01-01");
	}
	set(&ent[0], REG_ENTERPRISES, "valid_to", "2025-12-31");
	struct firm *f;
	assert_int_equal(firm_load(A, NULL, rows, 2, ent, 3, &f), 2);
	assert_int_equal(f[0].n_certs, 1);
	assert_int_equal(f[1].n_certs, 2);
	assert_true(firm_has_cert(&f[1], "hnte", "2024-12-31"));
	assert_false(firm_has_cert(&f[1], "hnte", "2026-01-01"));
	assert_false(firm_has_cert(&f[0], "hnte", "2024-12-31"));
	assert_true(firm_has_cert(&f[0], "tsme", "2099-01-01")); /* open-ended */
	assert_false(firm_has_cert(&f[0], "tsme", "2022-12-31"));
}

static void test_firm_parse_figure(void **state)
{
	(void)state;
	assert_int_equal(firm_parse_figure("0.0001", 1, 0), 1);
	assert_int_equal(firm_parse_figure("1,234.5", 1, 0), 12345000);
	assert_true(firm_parse_figure("1e11", 1, 0) == FIRM_NA); /* beyond FIRM_FIGURE_MAX */
	assert_int_equal(firm_parse_figure("1e10", 0, 0), 10000000000LL);
	assert_true(firm_parse_figure("", 0, 0) == FIRM_NA);
	assert_true(firm_parse_figure(NULL, 0, 0) == FIRM_NA);
	assert_int_equal(firm_parse_figure("0.07", 0, 1), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_firm_load_groups_and_orders),
		cmocka_unit_test(test_firm_load_reads_figures_exactly),
		cmocka_unit_test(test_firm_load_attaches_certificates),
		cmocka_unit_test(test_firm_parse_figure),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
