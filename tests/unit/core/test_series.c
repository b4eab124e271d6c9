/* test_series.c - unit tests of core/series.c: a series from reported values (only its own
 * indicator and region, in time order), a summed point for a summing indicator only when every
 * part has a value, a reported total kept beside its parts' sum with a discrepancy beyond
 * SERIES_SUM_TOLERANCE and none within it, ordering on the time axis (a July snapshot before
 * the year), the same series from the same values in any order (many periods, parts missing
 * here and there, reported totals beside sums), the points handed to the progress assessment,
 * and a series continued from a
 * predecessor plan's indicator: shown whole, its own figure winning a period both have, and
 * assessed from the base year on only (the target's, else the plan's; none without one). The
 * plan is made in memory: three cities that sum into a metro region. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/period.h"
#include "core/series.h"
#include "base/banned.h"

#define MAX_OBS 32

enum { I_FIRMS, I_RANK, I_NEXT, I_SHARE, N_IND };
enum { R_METRO, R_A, R_B, R_C, R_OTHER, N_REG };

struct fixture {
	struct arena *arena;
	struct indicator ind[N_IND];
	struct region reg[N_REG];
	struct plan plan;
	struct obs obs[MAX_OBS];
	size_t n_obs;
	struct series s;
};

static int setup(void **state)
{
	static struct fixture f;
	memset(&f, 0, sizeof(f));
	f.arena = arena_new();
	f.ind[I_FIRMS] = (struct indicator){.code = "firms", .unit_zh = "家", .aggregation = AGG_SUM};
	f.ind[I_RANK] = (struct indicator){.code = "rank", .unit_zh = "位", .aggregation = AGG_NONE};
	/* a successor plan's indicator carrying on the series of "old" (another plan's code) */
	f.ind[I_NEXT] = (struct indicator){.code = "next", .unit_zh = "家", .aggregation = AGG_NONE, .continues = "old"};
	/* a formula over two others, one of them continuing a predecessor */
	f.ind[I_SHARE] = (struct indicator){
		.code = "share", .unit_zh = "%", .kind = IND_FORMULA, .formula = "firms / next", .aggregation = AGG_NONE};
	f.reg[R_METRO] = (struct region){.code = "metro", .sums_into_idx = -1};
	f.reg[R_A] = (struct region){.code = "a", .sums_into = "metro", .sums_into_idx = R_METRO};
	f.reg[R_B] = (struct region){.code = "b", .sums_into = "metro", .sums_into_idx = R_METRO};
	f.reg[R_C] = (struct region){.code = "c", .sums_into = "metro", .sums_into_idx = R_METRO};
	f.reg[R_OTHER] = (struct region){.code = "other", .sums_into_idx = -1};
	f.plan.indicators = f.ind;
	f.plan.n_indicators = N_IND;
	f.plan.regions = f.reg;
	f.plan.n_regions = N_REG;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_free(f->arena);
	return 0;
}

static const struct obs *add(struct fixture *f, const char *ind, const char *reg, const char *period, double value,
			     enum obs_qualifier q)
{
	struct period p;
	assert_true(f->n_obs < MAX_OBS);
	if (!period_parse(period, strlen(period), &p))
		fail_msg("bad period in the test: %s", period);
	struct obs *o = &f->obs[f->n_obs];
	memset(o, 0, sizeof(*o));
	o->id = (long long)f->n_obs + 1;
	o->indicator = ind;
	o->region = reg;
	o->period = period;
	o->period_t = period_time(&p);
	o->revision = 1;
	o->value = value;
	o->qualifier = q;
	o->status = OBS_PUBLISHED;
	f->n_obs++;
	return o;
}

static void build(struct fixture *f, int ind, int reg)
{
	series_build(&f->plan, f->obs, f->n_obs, ind, reg, f->arena, &f->s);
	assert_int_equal(f->s.indicator, ind);
	assert_int_equal(f->s.region, reg);
}

static void expect_point(const struct fixture *f, size_t i, const char *period, int year, double value,
			 enum obs_qualifier q, const struct obs *o, size_t n_parts)
{
	assert_true(i < f->s.n);
	const struct series_point *pt = &f->s.pts[i];
	struct period p;
	assert_true(period_parse(period, strlen(period), &p));
	assert_string_equal(pt->period, period);
	assert_true(pt->t == period_time(&p));
	assert_int_equal(pt->year, year);
	if (fabs(pt->value - value) > 1e-9)
		fail_msg("point %zu (%s) is %.17g, expected %.17g", i, period, pt->value, value);
	assert_int_equal(pt->qualifier, q);
	assert_ptr_equal(pt->obs, o);
	assert_int_equal(pt->is_derived, n_parts > 0);
	assert_int_equal(pt->n_parts, n_parts);
}

static void test_series_build_from_reported_values(void **state)
{
	struct fixture *f = *state;
	const struct obs *y21 = add(f, "rank", "a", "2021", 8, QUAL_EXACT);
	const struct obs *y19 = add(f, "rank", "a", "2019", 9, QUAL_EXACT);
	add(f, "rank", "b", "2020", 37, QUAL_EXACT);  /* another region */
	add(f, "firms", "a", "2020", 500, QUAL_EXACT); /* another indicator */
	const struct obs *y20 = add(f, "rank", "a", "2020", 10, QUAL_UPPER_BOUND);
	build(f, I_RANK, R_A);
	assert_int_equal(f->s.n, 3);
	expect_point(f, 0, "2019", 2019, 9, QUAL_EXACT, y19, 0);
	expect_point(f, 1, "2020", 2020, 10, QUAL_UPPER_BOUND, y20, 0);
	expect_point(f, 2, "2021", 2021, 8, QUAL_EXACT, y21, 0);
	assert_int_equal(f->s.n_disc, 0);
}

/* 60 months of three parts (each missing some months) and the metro's own figures for some of
 * them (some agreeing with the sum, some not): the series is the same whatever the order of the
 * values (parts found by period, the metro's own figure beside each sum). */
static void test_series_build_any_order(void **state)
{
	struct fixture *f = *state;
	enum { N_MONTHS = 60 };
	static struct obs many[4 * N_MONTHS];
	static char periods[N_MONTHS][8];
	const char *regs[] = {"a", "b", "c", "metro"};
	size_t n = 0;
	for (int m = 0; m < N_MONTHS; m++) {
		snprintf(periods[m], sizeof(periods[m]), "%d-%02d", 2020 + m / 12, 1 + m % 12);
		struct period per;
		assert_true(period_parse(periods[m], strlen(periods[m]), &per));
		for (int r = 0; r < 4; r++) {
			if ((r < 3 && (m + r) % 7 == 0) || (r == 3 && m % 3 != 0))
				continue; /* a part missing now and then; the metro's own figure every third month */
			double v = r < 3 ? 10.0 * (r + 1) + m : (m % 2 ? 60.0 + 3 * m : 1.0); /* the sum, or far off it */
			many[n] = (struct obs){.id = (long long)n + 1, .indicator = "firms", .region = regs[r], .period = periods[m],
					       .period_t = period_time(&per), .revision = 1, .value = v, .status = OBS_PUBLISHED};
			n++;
		}
	}
	struct series sorted, shuffled;
	series_build(&f->plan, many, n, I_FIRMS, R_METRO, f->arena, &sorted);
	unsigned long long seed = 7;
	for (size_t i = n - 1; i > 0; i--) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		size_t j = (size_t)(seed >> 33) % (i + 1);
		struct obs t = many[i];
		many[i] = many[j], many[j] = t;
	}
	series_build(&f->plan, many, n, I_FIRMS, R_METRO, f->arena, &shuffled);
	assert_true(sorted.n > 40);
	assert_int_equal(sorted.n, shuffled.n);
	assert_true(sorted.n_disc > 0);
	assert_int_equal(sorted.n_disc, shuffled.n_disc);
	size_t n_sums = 0;
	for (size_t i = 0; i < sorted.n; i++) {
		assert_string_equal(sorted.pts[i].period, shuffled.pts[i].period);
		assert_true(sorted.pts[i].value == shuffled.pts[i].value);
		assert_int_equal(sorted.pts[i].is_derived, shuffled.pts[i].is_derived);
		n_sums += (size_t)sorted.pts[i].is_derived;
		if (sorted.pts[i].is_derived) { /* a sum is a + b + c of its month */
			const char *t = sorted.pts[i].period; /* "yyyy-mm" */
			int m = ((t[2] - '0') * 10 + (t[3] - '0') - 20) * 12 + (t[5] - '0') * 10 + (t[6] - '0') - 1;
			assert_true(sorted.pts[i].value == 60.0 + 3 * m);
		}
	}
	assert_true(n_sums > 20);
}

static void test_series_build_empty(void **state)
{
	struct fixture *f = *state;
	add(f, "rank", "b", "2020", 37, QUAL_EXACT);
	build(f, I_RANK, R_A);
	assert_int_equal(f->s.n, 0);
	assert_int_equal(f->s.n_disc, 0);
	build(f, I_FIRMS, R_METRO);
	assert_int_equal(f->s.n, 0);
}

static void test_series_build_sums_parts_when_every_part_has_a_value(void **state)
{
	struct fixture *f = *state;
	add(f, "firms", "a", "2019", 100, QUAL_EXACT);
	add(f, "firms", "b", "2019", 20.5, QUAL_EXACT);
	add(f, "firms", "c", "2019", 3, QUAL_EXACT);
	/* 2020: c is missing, so there is no total */
	add(f, "firms", "a", "2020", 110, QUAL_EXACT);
	add(f, "firms", "b", "2020", 21, QUAL_EXACT);
	/* 2021: a is missing (the first part), so there is no total either */
	add(f, "firms", "b", "2021", 22, QUAL_EXACT);
	add(f, "firms", "c", "2021", 4, QUAL_EXACT);
	/* 2022: a part given as a lower bound makes the total a lower bound */
	add(f, "firms", "a", "2022", 130, QUAL_EXACT);
	add(f, "firms", "b", "2022", 25, QUAL_LOWER_BOUND);
	add(f, "firms", "c", "2022", 5, QUAL_EXACT);
	/* "other" does not sum into metro */
	add(f, "firms", "other", "2019", 1000, QUAL_EXACT);
	build(f, I_FIRMS, R_METRO);
	assert_int_equal(f->s.n, 2);
	expect_point(f, 0, "2019", 2019, 123.5, QUAL_EXACT, NULL, 3);
	expect_point(f, 1, "2022", 2022, 160, QUAL_LOWER_BOUND, NULL, 3);
	assert_int_equal(f->s.n_disc, 0);

	/* the parts' own series are plain reported values */
	build(f, I_FIRMS, R_B);
	assert_int_equal(f->s.n, 4);
	assert_int_equal(f->s.pts[0].is_derived, 0);
}

static void test_series_build_does_not_sum_a_non_summing_indicator(void **state)
{
	struct fixture *f = *state;
	add(f, "rank", "a", "2019", 8, QUAL_EXACT);
	add(f, "rank", "b", "2019", 37, QUAL_EXACT);
	add(f, "rank", "c", "2019", 58, QUAL_EXACT);
	build(f, I_RANK, R_METRO);
	assert_int_equal(f->s.n, 0);
}

static void test_series_build_keeps_reported_total_and_flags_discrepancy(void **state)
{
	struct fixture *f = *state;
	/* 2019: parts sum to 100, the total is reported as 101 (1% apart: flagged) */
	add(f, "firms", "a", "2019", 50, QUAL_EXACT);
	add(f, "firms", "b", "2019", 30, QUAL_EXACT);
	add(f, "firms", "c", "2019", 20, QUAL_EXACT);
	const struct obs *t19 = add(f, "firms", "metro", "2019", 101, QUAL_EXACT);
	/* 2020: parts sum to 200, the total is 200.9 (0.45% apart: within the tolerance) */
	add(f, "firms", "a", "2020", 100, QUAL_EXACT);
	add(f, "firms", "b", "2020", 60, QUAL_EXACT);
	add(f, "firms", "c", "2020", 40, QUAL_EXACT);
	const struct obs *t20 = add(f, "firms", "metro", "2020", 200.9, QUAL_EXACT);
	/* 2021: reported only */
	const struct obs *t21 = add(f, "firms", "metro", "2021", 230, QUAL_EXACT);
	build(f, I_FIRMS, R_METRO);
	/* one point per period: the reported total stands in the series */
	assert_int_equal(f->s.n, 3);
	expect_point(f, 0, "2019", 2019, 101, QUAL_EXACT, t19, 0);
	expect_point(f, 1, "2020", 2020, 200.9, QUAL_EXACT, t20, 0);
	expect_point(f, 2, "2021", 2021, 230, QUAL_EXACT, t21, 0);
	/* and the sum is kept beside it where the two disagree */
	assert_int_equal(f->s.n_disc, 1);
	assert_string_equal(f->s.disc[0].period, "2019");
	assert_true(f->s.disc[0].reported == 101);
	assert_true(f->s.disc[0].summed == 100);
	assert_true(fabs(200.9 - 200) < SERIES_SUM_TOLERANCE * 200.9);
	assert_true(101.0 - 100.0 > SERIES_SUM_TOLERANCE * 101);
}

/* A formula's period is computed once, however many of its references have it: a reported figure
 * that differs from it gives one discrepancy, not one per reference. Ten periods, each
 * flagged. */
static void test_series_formula_flags_a_period_once(void **state)
{
	struct fixture *f = *state;
	static const char *const years[] = {"2001", "2002", "2003", "2004", "2005", "2006", "2007",
					    "2008", "2009", "2010"};
	for (size_t i = 0; i < sizeof(years) / sizeof(years[0]); i++) {
		add(f, "firms", "other", years[i], 10, QUAL_EXACT);
		add(f, "next", "other", years[i], 5, QUAL_EXACT);
		add(f, "share", "other", years[i], 3, QUAL_EXACT); /* 10 / 5 is 2 */
	}
	build(f, I_SHARE, R_OTHER);
	assert_int_equal(f->s.n, 10); /* the reported figures stand */
	assert_int_equal(f->s.n_disc, 10);
	for (size_t i = 0; i < f->s.n_disc; i++) {
		assert_string_equal(f->s.disc[i].period, years[i]);
		assert_true(f->s.disc[i].reported == 3 && f->s.disc[i].summed == 2 && f->s.disc[i].is_formula);
	}
}

static void test_series_build_orders_by_period_time(void **state)
{
	struct fixture *f = *state;
	const struct obs *y25 = add(f, "rank", "a", "2025", 7, QUAL_EXACT);
	const struct obs *jul = add(f, "rank", "a", "2025-07", 9, QUAL_EXACT);
	const struct obs *y24 = add(f, "rank", "a", "2024", 8, QUAL_EXACT);
	const struct obs *q3 = add(f, "rank", "a", "2024Q3", 10, QUAL_EXACT);
	build(f, I_RANK, R_A);
	assert_int_equal(f->s.n, 4);
	/* 2024Q3 ends 2023.75, 2024 at 2024, 2025-07 at 2024.58, 2025 at 2025 */
	expect_point(f, 0, "2024Q3", 2024, 10, QUAL_EXACT, q3, 0);
	expect_point(f, 1, "2024", 2024, 8, QUAL_EXACT, y24, 0);
	expect_point(f, 2, "2025-07", 2025, 9, QUAL_EXACT, jul, 0);
	expect_point(f, 3, "2025", 2025, 7, QUAL_EXACT, y25, 0);
}

static void test_series_points_for_progress(void **state)
{
	struct fixture *f = *state;
	add(f, "firms", "a", "2025-07", 3, QUAL_EXACT);
	add(f, "firms", "a", "2023", 2, QUAL_EXACT);
	build(f, I_FIRMS, R_A);
	struct obs_point *pts = series_points(&f->s, f->arena);
	assert_non_null(pts);
	assert_true(pts[0].t == 2023.0);
	assert_true(pts[0].value == 2);
	assert_int_equal(pts[0].year, 2023);
	assert_true(fabs(pts[1].t - (2025.0 - 5.0 / 12.0)) < 1e-12);
	assert_true(pts[1].value == 3);
	assert_int_equal(pts[1].year, 2025);
}

static void test_series_build_continues_a_predecessor(void **state)
{
	struct fixture *f = *state;
	const struct obs *o19 = add(f, "old", "a", "2019", 100, QUAL_EXACT);
	const struct obs *o25 = add(f, "old", "a", "2025", 150, QUAL_LOWER_BOUND);
	add(f, "old", "a", "2026", 999, QUAL_EXACT);   /* the successor's own 2026 figure wins */
	add(f, "old", "b", "2024", 7, QUAL_EXACT);     /* another region */
	const struct obs *n26 = add(f, "next", "a", "2026", 170, QUAL_EXACT);
	build(f, I_NEXT, R_A);
	assert_int_equal(f->s.n, 3);
	expect_point(f, 0, "2019", 2019, 100, QUAL_EXACT, o19, 0);
	expect_point(f, 1, "2025", 2025, 150, QUAL_LOWER_BOUND, o25, 0);
	expect_point(f, 2, "2026", 2026, 170, QUAL_EXACT, n26, 0);
	assert_int_equal(f->s.pts[0].is_continued, 1);
	assert_int_equal(f->s.pts[1].is_continued, 1);
	assert_int_equal(f->s.pts[2].is_continued, 0);
	/* an indicator without continues never reads another code */
	build(f, I_FIRMS, R_A);
	assert_int_equal(f->s.n, 0);
	assert_true(indicator_reads_others(&f->ind[I_NEXT]));
	assert_false(indicator_reads_others(&f->ind[I_FIRMS]));
}

static void test_series_keep_assessed(void **state)
{
	struct fixture *f = *state;
	add(f, "old", "a", "2019", 100, QUAL_EXACT);
	add(f, "old", "a", "2024", 140, QUAL_EXACT);
	add(f, "old", "a", "2025", 150, QUAL_EXACT);
	add(f, "next", "a", "2023", 90, QUAL_EXACT); /* its own figure before the base year stays */
	add(f, "next", "a", "2026", 170, QUAL_EXACT);
	struct target t = {.indicator = I_NEXT, .region = R_A, .cmp = CMP_GE, .value = 200, .year = 2030};
	/* the plan's base year 2025: the predecessor from 2025 on, every own figure */
	f->plan.info.base_year = 2025;
	build(f, I_NEXT, R_A);
	series_keep_assessed(&f->plan, &t, &f->s);
	assert_int_equal(f->s.n, 3);
	assert_string_equal(f->s.pts[0].period, "2023");
	assert_string_equal(f->s.pts[1].period, "2025");
	assert_string_equal(f->s.pts[2].period, "2026");
	/* the target's own base year decides before the plan's, at the edge year itself */
	t.base_year = 2024;
	build(f, I_NEXT, R_A);
	series_keep_assessed(&f->plan, &t, &f->s);
	assert_int_equal(f->s.n, 4);
	assert_string_equal(f->s.pts[1].period, "2024");
	/* no base year at all: no predecessor figure */
	t.base_year = 0;
	f->plan.info.base_year = 0;
	build(f, I_NEXT, R_A);
	series_keep_assessed(&f->plan, &t, &f->s);
	assert_int_equal(f->s.n, 2);
	assert_int_equal(f->s.pts[0].is_continued + f->s.pts[1].is_continued, 0);
}

/* Property: on values in store_obs_current's order (series_input_of finds them sorted),
 * series_build_from, which then searches them, gives series_build's
 * series (points, the figures they point to, discrepancies) for every indicator and region:
 * 200 random stores of reported figures, sums and their parts, a formula over a continued
 * series, and values of indicators and regions the plan does not know. */
static void test_series_build_from_sorted_is_series_build(void **state)
{
	struct fixture *f = *state;
	static const char *const inds[] = {"firms", "rank", "next", "old", "share", "gone"};
	static const char *const regs[] = {"metro", "a", "b", "c", "other", "nowhere"};
	static const char *const periods[] = {"2019", "2020", "2021", "2022", "2023", "2024", "2025", "2024-07", "2025Q2"};
	enum { N_CELLS = 6 * 6 * 9 };
	struct obs *all = arena_alloc(f->arena, N_CELLS * sizeof(*all));
	unsigned seed = 20261207;
	for (int round = 0; round < 200; round++) {
		size_t n = 0;
		for (size_t i = 0; i < 6; i++)
			for (size_t r = 0; r < 6; r++)
				for (size_t k = 0; k < 9; k++) {
					seed = seed * 1103515245u + 12345u;
					if ((seed >> 16) % 3 == 0) /* a third of the cells have a figure */
						continue;
					struct period per;
					assert_true(period_parse(periods[k], strlen(periods[k]), &per));
					struct obs *o = &all[n++];
					memset(o, 0, sizeof(*o));
					o->indicator = inds[i], o->region = regs[r], o->period = periods[k];
					o->period_t = period_time(&per);
					o->revision = 1;
					o->value = (double)((seed >> 8) % 50 + 1); /* parts and totals agree or not */
					o->status = OBS_PUBLISHED;
				}
		qsort(all, n, sizeof(*all), obs_current_cmp);
		if (round % 2 && n > 1) { /* out of order: series_input_of sees it, nothing is searched */
			struct obs t = all[0];
			all[0] = all[n - 1], all[n - 1] = t;
		}
		const struct series_input in = series_input_of(all, n);
		assert_int_equal(in.is_sorted, !(round % 2 && n > 1 && obs_current_cmp(&all[0], &all[n - 1]) > 0));
		for (int ind = 0; ind < N_IND; ind++)
			for (int reg = 0; reg < N_REG; reg++) {
				struct series a, b;
				series_build(&f->plan, all, n, ind, reg, f->arena, &a);
				series_build_from(&f->plan, &in, ind, reg, f->arena, &b);
				assert_int_equal(a.n, b.n);
				assert_int_equal(a.n_disc, b.n_disc);
				for (size_t k = 0; k < a.n; k++) {
					assert_string_equal(a.pts[k].period, b.pts[k].period);
					assert_true(a.pts[k].value == b.pts[k].value);
					assert_ptr_equal(a.pts[k].obs, b.pts[k].obs);
					assert_int_equal(a.pts[k].n_parts, b.pts[k].n_parts);
					assert_int_equal(a.pts[k].is_formula, b.pts[k].is_formula);
					assert_int_equal(a.pts[k].is_continued, b.pts[k].is_continued);
				}
				for (size_t k = 0; k < a.n_disc; k++) {
					assert_string_equal(a.disc[k].period, b.disc[k].period);
					assert_true(a.disc[k].reported == b.disc[k].reported && a.disc[k].summed == b.disc[k].summed);
				}
			}
	}
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_series_build_from_reported_values),
		T(test_series_build_empty),
		T(test_series_build_any_order),
		T(test_series_build_sums_parts_when_every_part_has_a_value),
		T(test_series_build_does_not_sum_a_non_summing_indicator),
		T(test_series_build_keeps_reported_total_and_flags_discrepancy),
		T(test_series_formula_flags_a_period_once),
		T(test_series_build_orders_by_period_time),
		T(test_series_points_for_progress),
		T(test_series_build_continues_a_predecessor),
		T(test_series_keep_assessed),
		T(test_series_build_from_sorted_is_series_build),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
