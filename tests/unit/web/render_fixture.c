/* render_fixture.c - the renderer tests' request and hostile plan (render_fixture.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "render_fixture.h"
#include "base/banned.h"

int setup(void **state)
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

int teardown(void **state)
{
	struct fixture *f = *state;
	buf_release(&f->r.out);
	arena_free(f->arena);
	free(f);
	return 0;
}

const char *out(struct fixture *f)
{
	return buf_str(&f->r.out);
}

void assert_escaped(struct fixture *f)
{
	assert_null(strstr(out(f), "<script>"));
	assert_non_null(strstr(out(f), "&lt;script&gt;"));
}
