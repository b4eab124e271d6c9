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
#include "render_fixture.h"
#include "base/banned.h"

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
