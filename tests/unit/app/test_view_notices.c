/* test_view_notices.c - unit tests of app/view_notices.h: who may raise a notice by hand, who
 * may answer or close one, and that a closed notice offers neither; the inbox and its count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "app/view_notices.h"
#include "app_fixture.h"
#include "base/banned.h"

static struct app_fixture fx;

static int group_setup(void **state)
{
	(void)state;
	return app_fixture_group_setup(&fx);
}

static int group_teardown(void **state)
{
	(void)state;
	app_fixture_group_teardown(&fx);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	app_fixture_teardown(&fx);
	return 0;
}

/* A store with the cycle 2025Q3 open (deadline 2025-10-15), opened by the analyst. */
static int setup(void **state)
{
	(void)state;
	struct sup_cycle *c;
	if (app_fixture_setup(&fx, "app-view-notices", "2025-07-01T00:00:00Z") != 0)
		return -1;
	return app_cycle_open(app_fixture_as(&fx, WHO_ANALYST), "2025Q3", "2025-10-15", &c, &fx.errs) == ST_OK ? 0 : -1;
}

static long long raised(void)
{
	struct sup_notice *n;
	struct app_notice_new in = {"amr", 22, "请说明进展", NULL, 10};
	assert_int_equal(app_notice_raise(app_fixture_as(&fx, WHO_ANALYST), &in, &n, &fx.errs), ST_OK);
	return n->id;
}

static void test_notices_list(void **state)
{
	(void)state;
	struct notices_query q;
	struct notices_view v;
	memset(&q, 0, sizeof(q));
	long long id = raised();
	assert_int_equal(app_notices_view(app_fixture_as(&fx, WHO_ANON), &q, &v), ST_UNAUTH);
	assert_int_equal(app_notices_view(app_fixture_as(&fx, WHO_READER), &q, &v), ST_OK);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.rows[0].id, id);
	assert_false(v.may_raise);
	assert_int_equal(app_notices_view(app_fixture_as(&fx, WHO_AMR), &q, &v), ST_OK);
	assert_false(v.may_raise);
	assert_int_equal(app_notices_view(app_fixture_as(&fx, WHO_ANALYST), &q, &v), ST_OK);
	assert_true(v.may_raise);
	/* the filter asked for comes back as asked, and filters */
	q.filter.has_status = 1;
	q.filter.status = NOTICE_CLOSED;
	q.has_status_param = 1;
	assert_int_equal(app_notices_view(app_fixture_as(&fx, WHO_ANALYST), &q, &v), ST_OK);
	assert_int_equal(v.n, 0);
	assert_true(v.q.has_status_param);
	assert_int_equal(v.q.filter.status, NOTICE_CLOSED);
}

static void test_notice_rights(void **state)
{
	(void)state;
	struct notice_view v;
	long long id = raised();
	assert_int_equal(app_notice_view(app_fixture_as(&fx, WHO_READER), id, &v), ST_OK);
	assert_string_equal(v.notice->subject, "请说明进展");
	assert_false(v.may_reply || v.may_close);
	assert_int_equal(app_notice_view(app_fixture_as(&fx, WHO_AMR), id, &v), ST_OK);
	assert_true(v.may_reply);
	assert_false(v.may_close);
	assert_int_equal(app_notice_view(app_fixture_as(&fx, WHO_KJT), id, &v), ST_OK);
	assert_false(v.may_reply || v.may_close); /* another unit's notice */
	assert_int_equal(app_notice_view(app_fixture_as(&fx, WHO_ANALYST), id, &v), ST_OK);
	assert_true(v.may_close);
	assert_int_equal(app_notice_view(app_fixture_as(&fx, WHO_ANALYST), 999999, &v), ST_NOT_FOUND);
	/* answered and closed: the replies show, nobody may answer or close it again */
	assert_int_equal(app_notice_reply(app_fixture_as(&fx, WHO_AMR), id, "已推进", &fx.errs), ST_OK);
	assert_int_equal(app_notice_close(app_fixture_as(&fx, WHO_ANALYST), id, NULL, &fx.errs), ST_OK);
	assert_int_equal(app_notice_view(app_fixture_as(&fx, WHO_AMR), id, &v), ST_OK);
	assert_int_equal(v.n_replies, 1);
	assert_string_equal(v.replies[0].body, "已推进");
	assert_false(v.may_reply);
	assert_int_equal(app_notice_view(app_fixture_as(&fx, WHO_ANALYST), id, &v), ST_OK);
	assert_false(v.may_close);
}

static void test_inbox(void **state)
{
	(void)state;
	struct inbox_view v;
	assert_int_equal(app_inbox_view(app_fixture_as(&fx, WHO_ANON), 50, &v), ST_UNAUTH);
	/* the cycle's opening told amr's reporter */
	assert_int_equal(app_inbox_view(app_fixture_as(&fx, WHO_AMR), 50, &v), ST_OK);
	assert_true(v.n >= 1 && v.unread >= 1);
	assert_int_equal(app_inbox_view(app_fixture_as(&fx, WHO_AMR), 1, &v), ST_OK);
	assert_int_equal(v.n, 1);
	long long unread;
	assert_int_equal(app_inbox_read(app_fixture_as(&fx, WHO_AMR), 0, &unread), ST_OK);
	assert_int_equal(app_inbox_view(app_fixture_as(&fx, WHO_AMR), 50, &v), ST_OK);
	assert_int_equal(v.unread, 0);
	assert_true(v.n >= 1); /* read, still listed */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_notices_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notice_rights, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inbox, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
