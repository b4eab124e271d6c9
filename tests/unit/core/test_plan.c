/* test_plan.c - unit tests of core/plan.c's lifecycle: a plan's phase on a day (draft and
 * superseded by status, else by dates at every edge of a day, a month or a year), the status
 * words, and which of several plans is shown by default (never a draft). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/plan.h"
#include "base/banned.h"

static struct plan_info info(const char *issued, const char *valid_until, enum plan_status st)
{
	struct plan_info in;
	memset(&in, 0, sizeof(in));
	in.issued = issued;
	in.valid_until = valid_until;
	in.status = st;
	return in;
}

static void test_plan_phase_on_dates(void **state)
{
	(void)state;
	struct plan_info in = info("2024-02-02", "2025-12-31", PLAN_STATUS_IN_FORCE);
	assert_int_equal(plan_phase_on(&in, "2024-02-01"), PLAN_PHASE_NOT_YET);
	assert_int_equal(plan_phase_on(&in, "2024-02-02"), PLAN_PHASE_IN_FORCE);
	assert_int_equal(plan_phase_on(&in, "2025-12-31"), PLAN_PHASE_IN_FORCE);
	assert_int_equal(plan_phase_on(&in, "2026-01-01"), PLAN_PHASE_ENDED);
	/* a year or a month covers all of its days */
	struct plan_info y = info("2026-03", "2030", PLAN_STATUS_IN_FORCE);
	assert_int_equal(plan_phase_on(&y, "2026-02-28"), PLAN_PHASE_NOT_YET);
	assert_int_equal(plan_phase_on(&y, "2026-03-01"), PLAN_PHASE_IN_FORCE);
	assert_int_equal(plan_phase_on(&y, "2030-12-31"), PLAN_PHASE_IN_FORCE);
	assert_int_equal(plan_phase_on(&y, "2031-01-01"), PLAN_PHASE_ENDED);
	struct plan_info open = info("2020-01-01", NULL, PLAN_STATUS_IN_FORCE);
	assert_int_equal(plan_phase_on(&open, "2099-01-01"), PLAN_PHASE_IN_FORCE);
}

static void test_plan_phase_on_status(void **state)
{
	(void)state;
	/* the status decides before the dates: a draft in its dates is a draft, a superseded plan
	 * is superseded before, in and after its dates */
	struct plan_info d = info("2024-02-02", "2030-12-31", PLAN_STATUS_DRAFT);
	assert_int_equal(plan_phase_on(&d, "2026-06-01"), PLAN_PHASE_DRAFT);
	struct plan_info s = info("2024-02-02", "2030-12-31", PLAN_STATUS_SUPERSEDED);
	assert_int_equal(plan_phase_on(&s, "2023-01-01"), PLAN_PHASE_SUPERSEDED);
	assert_int_equal(plan_phase_on(&s, "2026-06-01"), PLAN_PHASE_SUPERSEDED);
	assert_int_equal(plan_phase_on(&s, "2031-06-01"), PLAN_PHASE_SUPERSEDED);
	assert_string_equal(plan_phase_name(PLAN_PHASE_DRAFT), "draft");
	assert_string_equal(plan_phase_name(PLAN_PHASE_SUPERSEDED), "superseded");
	assert_string_equal(plan_phase_name(PLAN_PHASE_NOT_YET), "not_yet");
	assert_string_equal(plan_phase_name(PLAN_PHASE_ENDED), "ended");
}

static void test_plan_status_words(void **state)
{
	(void)state;
	for (int st = PLAN_STATUS_IN_FORCE; st <= PLAN_STATUS_SUPERSEDED; st++)
		assert_int_equal(plan_status_parse(plan_status_name((enum plan_status)st)), st);
	assert_int_equal(plan_status_parse("in_force"), PLAN_STATUS_IN_FORCE);
	assert_int_equal(plan_status_parse("ended"), -1); /* ended comes from the dates */
	assert_int_equal(plan_status_parse("Draft"), -1);
	assert_int_equal(plan_status_parse(""), -1);
	assert_int_equal(plan_status_parse(NULL), -1);
}

static int default_of(const struct plan_info *in, size_t n, const char *today)
{
	const struct plan_info *ptrs[8] = {NULL};
	for (size_t i = 0; i < n; i++)
		ptrs[i] = &in[i];
	return plan_default_of(ptrs, n, today);
}

static void test_plan_default_of(void **state)
{
	(void)state;
	assert_int_equal(default_of(NULL, 0, "2026-01-01"), -1);
	struct plan_info in[4] = {
		info("2018-12-30", "2022-12-31", PLAN_STATUS_IN_FORCE),
		info("2024-02-02", "2025-12-31", PLAN_STATUS_IN_FORCE),
		info("2026-03", "2030", PLAN_STATUS_DRAFT),
		info("2027-01-01", "2031", PLAN_STATUS_IN_FORCE),
	};
	/* in force today: the newest such, never the draft though its dates cover today */
	assert_int_equal(default_of(in, 4, "2025-06-01"), 1);
	/* none in force (the draft's dates would cover the day): the newest that is not a draft */
	assert_int_equal(default_of(in, 3, "2026-06-01"), 1);
	assert_int_equal(default_of(in, 4, "2026-06-01"), 3);
	/* put in force, the successor becomes the default */
	in[2].status = PLAN_STATUS_IN_FORCE;
	assert_int_equal(default_of(in, 3, "2026-06-01"), 2);
	/* a superseded plan is never "in force", though its dates say so */
	in[1].status = PLAN_STATUS_SUPERSEDED;
	assert_int_equal(default_of(in, 2, "2025-06-01"), 1);
	/* drafts only: none */
	struct plan_info d[2] = {info("2026-03", "2030", PLAN_STATUS_DRAFT), info("2026-03", "2030", PLAN_STATUS_DRAFT)};
	assert_int_equal(default_of(d, 2, "2026-06-01"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_phase_on_dates),
		cmocka_unit_test(test_plan_phase_on_status),
		cmocka_unit_test(test_plan_status_words),
		cmocka_unit_test(test_plan_default_of),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
