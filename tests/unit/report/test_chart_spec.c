/* test_chart_spec.c - unit tests of report/chart_spec.c on the shipped plan: each point at the
 * middle of its period, the target and the required path at the middle of their years, a
 * rank's path never pointing to the worse side, the projection running forward. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/period.h"
#include "report/chart_spec.h"
#include "fixture.h"
#include "base/banned.h"

struct fx {
	struct arena *a;
	struct plan *p;
};

static int setup(void **state)
{
	static struct fx f;
	f.a = arena_new();
	if (fixture_shipped_plan(f.a, &f.p) != 0)
		return -1;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	arena_free(f->a);
	return 0;
}

/* A row for the target of indicator code in region code with the given points and baseline:
 * the fields chart_spec_target reads, set as report/assess.c sets them. */
static struct assess_row row_of(struct fx *f, const char *ind, const char *reg, const char *const *periods,
				const double *values, size_t n, double base_value)
{
	struct assess_row row;
	memset(&row, 0, sizeof(row));
	row.indicator = plan_find_indicator(f->p, ind);
	row.region = plan_find_region(f->p, reg);
	row.target = -1;
	for (size_t i = 0; i < f->p->n_targets; i++)
		if (f->p->targets[i].indicator == row.indicator && f->p->targets[i].region == row.region)
			row.target = (int)i;
	assert_true(row.indicator >= 0 && row.region >= 0 && row.target >= 0);
	row.series.pts = arena_calloc(f->a, n + 1, sizeof(*row.series.pts));
	row.series.n = n;
	for (size_t i = 0; i < n; i++) {
		struct period per;
		assert_true(period_parse(periods[i], strlen(periods[i]), &per));
		row.series.pts[i].period = periods[i];
		row.series.pts[i].t = period_time(&per);
		row.series.pts[i].value = values[i];
	}
	row.a.base_value = base_value;
	row.a.base_t = row.series.pts[0].t;
	return row;
}

/* 长沙's rank target is "≤ 10" (2025): from a baseline of 8 it already meets it, so the path
 * holds 10 instead of running from 8 down to 10; from 12 it runs up to 10. */
static void test_rank_path_direction(void **state)
{
	struct fx *f = *state;
	static const char *const periods[] = {"2021", "2022"};
	static const double met[] = {8, 8}, short_of[] = {12, 11};
	struct assess_row row = row_of(f, "city_rank_changsha", "changsha", periods, met, 2, 8);
	struct chart_line_spec sp;
	chart_spec_target(&sp, f->a, f->p, &row, LANG_ZH, 0, "t", 640, 300);
	assert_true(sp.is_rank_axis);
	assert_true(sp.has_target && sp.target_y == 10 && fabs(sp.target_x - 2025.5) < 1e-9);
	assert_true(sp.has_path);
	assert_true(fabs(sp.path_x0 - 2021.5) < 1e-9 && fabs(sp.path_x1 - 2025.5) < 1e-9);
	assert_true(sp.path_y0 == 10 && sp.path_y1 == 10);

	row = row_of(f, "city_rank_changsha", "changsha", periods, short_of, 2, 12);
	chart_spec_target(&sp, f->a, f->p, &row, LANG_EN, 0, "t", 640, 300);
	assert_true(sp.path_y0 == 12 && sp.path_y1 == 10); /* upwards on the top-down axis: better */
	assert_string_equal(sp.unit, f->p->indicators[row.indicator].unit_en);
}

/* Points at the middles of their periods; a projection from a July figure of the target year
 * runs forward to the year's end, never back to its middle. */
static void test_points_and_projection(void **state)
{
	struct fx *f = *state;
	static const char *const periods[] = {"2020-11", "2021-02", "2025-07"};
	static const double v[] = {29, 28, 61};
	struct assess_row row = row_of(f, "invention_patents_per_10k", "czt", periods, v, 3, 29);
	row.a.has_projection = 1;
	row.a.projected_value = 65;
	struct chart_line_spec sp;
	chart_spec_target(&sp, f->a, f->p, &row, LANG_ZH, 0, "p", 640, 300);
	assert_int_equal(sp.n_series, 1);
	assert_true(fabs(sp.series[0].xs[0] - (2020 + 21.0 / 24)) < 1e-9);
	assert_true(fabs(sp.series[0].xs[2] - (2025 + 13.0 / 24)) < 1e-9);
	assert_string_equal(sp.series[0].periods[2], "2025-07");
	assert_true(sp.has_projection && sp.projection_x > sp.series[0].xs[2]);
	assert_true(fabs(sp.projection_x - 2026.0) < 1e-9);
	/* the final verdict draws no projection */
	chart_spec_target(&sp, f->a, f->p, &row, LANG_ZH, 1, "p", 640, 300);
	assert_false(sp.has_projection);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rank_path_direction),
		cmocka_unit_test(test_points_and_projection),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
