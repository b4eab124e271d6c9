/* render_fixture.h - what the work pages' renderer tests share: a request of a signed-in
 * analyst in Chinese with an empty page, and a plan of one indicator, region, unit and measure
 * whose names are hostile markup, all without a store (render_fixture.c). */
#ifndef INNOMON_TESTS_RENDER_FIXTURE_H
#define INNOMON_TESTS_RENDER_FIXTURE_H

#include "core/plan.h"
#include "web/req.h"

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

/* cmocka's setup and teardown of *state as a struct fixture. */
int setup(void **state);
int teardown(void **state);
/* The page written so far. */
const char *out(struct fixture *f);
/* No raw hostile markup anywhere in the page; its escaped form at least once. */
void assert_escaped(struct fixture *f);

#endif
