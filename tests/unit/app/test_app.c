/* test_app.c - unit tests of app/app.h: a context begun for a principal names the store's audit
 * actor (the principal's name, another name given for it, "anonymous"; an address), and the
 * coarse authorisation of operations on items with their own scope. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "app/credentials.h"
#include "app/users.h"
#include "app_fixture.h"
#include "base/banned.h"

static struct app_fixture fx;

static int group_setup(void **state)
{
	(void)state;
	return auth_global_init() == ST_OK ? app_fixture_group_setup(&fx) : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	app_fixture_group_teardown(&fx);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	return app_fixture_setup(&fx, "app-app", NULL);
}

static int teardown(void **state)
{
	(void)state;
	app_fixture_teardown(&fx);
	return 0;
}

/* The newest audit event after a write as x (an API token for "rd"). */
static struct audit_event *written_as(struct app_ctx *x)
{
	struct app_token_result tr;
	struct audit_filter af = {0};
	struct audit_event *rows;
	size_t n;
	diag_init(&fx.errs, fx.arena);
	assert_int_equal(app_token_create(x, "rd", "t", 1, &tr, &fx.errs), ST_OK);
	af.limit = 1;
	assert_int_equal(store_audit_list(fx.store, fx.arena, &af, &rows, &n), ST_OK);
	assert_int_equal(n, 1);
	return &rows[0];
}

static void test_app_ctx_begin_names_the_actor(void **state)
{
	(void)state;
	struct app_ctx x;
	assert_int_equal(app_ctx_begin(&x, fx.store, fx.arena, &fx.who[WHO_ADMIN], NULL, "192.0.2.7"), ST_OK);
	assert_ptr_equal(x.who, &fx.who[WHO_ADMIN]);
	assert_null(x.plan);
	struct audit_event *e = written_as(&x);
	assert_string_equal(e->actor, "boss");
	assert_int_equal(e->actor_id, fx.who[WHO_ADMIN].user_id);
	assert_string_equal(e->ip, "192.0.2.7");
	/* the operator, named after the operating-system user */
	assert_int_equal(app_ctx_begin(&x, fx.store, fx.arena, app_operator(), "cli:someone", NULL), ST_OK);
	e = written_as(&x);
	assert_string_equal(e->actor, "cli:someone");
	/* an anonymous visitor is "anonymous" (what it may write: a failed sign-in) */
	assert_int_equal(app_ctx_begin(&x, fx.store, fx.arena, &fx.who[WHO_ANON], NULL, NULL), ST_OK);
	assert_int_equal(store_audit(fx.store, "probe", "test", "1", NULL, NULL), ST_OK);
	struct audit_filter af = {0};
	struct audit_event *rows;
	size_t n;
	af.limit = 1;
	assert_int_equal(store_audit_list(fx.store, fx.arena, &af, &rows, &n), ST_OK);
	assert_string_equal(rows[0].actor, "anonymous");
	/* too long: refused, nothing changed */
	char huge[600];
	memset(huge, 'a', sizeof(huge) - 1);
	huge[sizeof(huge) - 1] = '\0';
	assert_int_equal(app_ctx_begin(&x, fx.store, fx.arena, &fx.who[WHO_ADMIN], huge, NULL), ST_TOO_LARGE);
	assert_int_equal(app_ctx_begin(&x, fx.store, fx.arena, &fx.who[WHO_ADMIN], NULL, huge), ST_TOO_LARGE);
}

static void test_app_authorize_any(void **state)
{
	(void)state;
	/* any reporter may attempt to write values (each value's scope is checked later) */
	assert_int_equal(app_authorize_any(app_fixture_as(&fx, WHO_AMR), ACT_WRITE_VALUES, &fx.errs), ST_OK);
	assert_int_equal(app_authorize_any(app_fixture_as(&fx, WHO_REGION), ACT_WRITE_VALUES, &fx.errs), ST_OK);
	assert_int_equal(app_authorize_any(app_fixture_as(&fx, WHO_ANON), ACT_WRITE_VALUES, &fx.errs), ST_UNAUTH);
	/* a refusal of rights empties what the caller listed */
	app_fixture_as(&fx, WHO_READER);
	(void)app_refuse(&fx.errs, ST_INVALID, "x", "bad_value", NULL, "not good");
	assert_int_equal(app_authorize_any(&fx.ctx, ACT_WRITE_VALUES, &fx.errs), ST_DENIED);
	assert_int_equal(fx.errs.n, 0);
	/* unscoped actions are decided as app_authorize does */
	assert_int_equal(app_authorize_any(app_fixture_as(&fx, WHO_AMR), ACT_REVIEW_VALUES, &fx.errs), ST_DENIED);
	assert_int_equal(app_authorize_any(app_fixture_as(&fx, WHO_ANALYST), ACT_REVIEW_VALUES, &fx.errs), ST_OK);
	assert_int_equal(app_authorize_any(app_fixture_as(&fx, WHO_ANALYST), ACT_BACKUP, &fx.errs), ST_DENIED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_app_ctx_begin_names_the_actor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_app_authorize_any, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
