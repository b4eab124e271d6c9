/* test_render_entry.c - unit tests of the entry form's renderer (web/render_entry.h), from a
 * hand-made view without a store: only the regions the view allows are offered, nothing owed
 * says so, the typed rows and their errors come back escaped with a summary linking to them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "web/render_entry.h"
#include "base/banned.h"

#define HOSTILE "<script>alert(1)</script>"

struct fixture {
	struct arena *arena;
	struct req r;
	struct plan plan;
	struct indicator ind;
	struct region region;
	struct unit unit;
	struct measure measure;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	f->arena = arena_new();
	f->r.arena = f->arena;
	f->r.lang = LANG_ZH;
	f->r.path = "/x";
	f->r.principal = (struct principal){ROLE_ANALYST, 2, "ana", NULL, NULL, 0};
	buf_init(&f->r.out, 0);
	/* a plan of one indicator, one region, one unit and one measure, named to be hostile */
	f->ind.code = "ind_a";
	f->ind.name_zh = f->ind.name_en = "指标" HOSTILE;
	f->ind.unit_zh = f->ind.unit_en = "个";
	f->ind.measure = -1;
	f->region.code = "r1";
	f->region.name_zh = f->region.name_en = "区" HOSTILE;
	f->unit.code = "u1";
	f->unit.name_zh = f->unit.name_en = "单位";
	f->measure.number = 7;
	f->measure.title_zh = f->measure.title_en = "举措" HOSTILE;
	f->plan.indicators = &f->ind, f->plan.n_indicators = 1;
	f->plan.regions = &f->region, f->plan.n_regions = 1;
	f->plan.units = &f->unit, f->plan.n_units = 1;
	f->plan.measures = &f->measure, f->plan.n_measures = 1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	buf_release(&f->r.out);
	arena_free(f->arena);
	free(f);
	return 0;
}

static const char *out(struct fixture *f)
{
	return buf_str(&f->r.out);
}

/* No raw hostile markup anywhere; its escaped form at least once. */
static void assert_escaped(struct fixture *f)
{
	assert_null(strstr(out(f), "<script>"));
	assert_non_null(strstr(out(f), "&lt;script&gt;"));
}

static void test_entry(void **state)
{
	struct fixture *f = *state;
	unsigned char may[1] = {0};
	struct entry_view v = {&f->plan, may, -1, 0, "2024", NULL, 0};
	render_entry(&f->r, &v, NULL, NULL, 0);
	assert_non_null(strstr(out(f), req_t(&f->r, "entry.nothing_owed")));
	assert_null(strstr(out(f), "<option value=\"r1\"")); /* a region the view does not allow */
	buf_reset(&f->r.out);
	may[0] = 1;
	struct app_owed cell = {0, 0, NULL};
	struct entry_row row = {"12" HOSTILE, NULL, NULL, NULL, "错误" HOSTILE, NULL};
	v.cells = &cell, v.n = 1;
	render_entry(&f->r, &v, &row, "有错误", 1);
	assert_escaped(f);
	assert_non_null(strstr(out(f), "<option value=\"r1\""));
	assert_non_null(strstr(out(f), "class=\"error-summary\""));
	assert_non_null(strstr(out(f), "name=\"v.ind_a.r1\""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_entry, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
