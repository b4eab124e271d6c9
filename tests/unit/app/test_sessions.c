/* test_sessions.c - unit tests of app/sessions.h: a sign-in with a wrong name, a wrong password
 * or a disabled account is refused alike and recorded, bad input is refused unrecorded, the
 * throttle stops even the right password, a session opened is found by its cookie token (and
 * by nothing else) until signed out, and an API token is found until revoked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "app/sessions.h"
#include "app/users.h"
#include "app_fixture.h"
#include "base/banned.h"

#define PASSWORD "a-long-and-rare-password-7"

static struct app_fixture fx;
static const struct auth_settings cfg = {3600, 86400, 3, 5, 900};

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
	if (app_fixture_setup(&fx, "app-sessions", NULL) != 0)
		return -1;
	/* a user who can sign in (the fixture's users have no real password) */
	struct app_user_new in = {"signer", NULL, ROLE_ANALYST, NULL, NULL, PASSWORD};
	struct app_user_result res;
	struct app_ctx x;
	app_ctx_init(&x, fx.store, fx.arena, app_operator());
	diag_init(&fx.errs, fx.arena);
	return app_user_add(&x, &in, &res, &fx.errs) == ST_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	app_fixture_teardown(&fx);
	return 0;
}

/* Failed sign-ins recorded for name and for ip since the epoch. */
static long long failures(const char *name, const char *ip, long long *by_ip)
{
	long long by_name;
	assert_int_equal(store_signin_failures(fx.store, name, ip, "1970-01-01T00:00:00Z", &by_name, by_ip), ST_OK);
	return by_name;
}

static void test_signin_refusals_look_alike(void **state)
{
	(void)state;
	struct signin si;
	long long by_ip;
	assert_int_equal(app_signin(app_fixture_as(&fx, WHO_ANON), &cfg, "nobody", PASSWORD, "10.0.0.1", &si), ST_UNAUTH);
	assert_int_equal(app_signin(app_fixture_as(&fx, WHO_ANON), &cfg, "signer", "wrong password!", "10.0.0.1", &si), ST_UNAUTH);
	assert_int_equal(si.token[0], '\0');
	assert_int_equal(failures("nobody", "10.0.0.1", &by_ip), 1);
	assert_int_equal(failures("signer", "10.0.0.1", &by_ip), 1);
	assert_int_equal(by_ip, 2);
	/* a disabled account: the right password is refused the same way */
	struct app_user_change off = {.has_disabled = 1, .is_disabled = 1};
	struct app_user_result ur;
	struct app_ctx op;
	app_ctx_init(&op, fx.store, fx.arena, app_operator());
	assert_int_equal(app_user_change(&op, "signer", &off, &ur, &fx.errs), ST_OK);
	assert_int_equal(app_signin(app_fixture_as(&fx, WHO_ANON), &cfg, "signer", PASSWORD, "10.0.0.2", &si), ST_UNAUTH);
	assert_int_equal(failures("signer", "10.0.0.2", &by_ip), 2);
	/* input that cannot be a sign-in is refused unrecorded */
	char long_name[200];
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	assert_int_equal(app_signin(app_fixture_as(&fx, WHO_ANON), &cfg, "", PASSWORD, "10.0.0.3", &si), ST_UNAUTH);
	assert_int_equal(app_signin(app_fixture_as(&fx, WHO_ANON), &cfg, long_name, PASSWORD, "10.0.0.3", &si), ST_UNAUTH);
	assert_int_equal(app_signin(app_fixture_as(&fx, WHO_ANON), &cfg, "signer", NULL, "10.0.0.3", &si), ST_UNAUTH);
	(void)failures("x", "10.0.0.3", &by_ip);
	assert_int_equal(by_ip, 0);
}

static void test_signin_throttled(void **state)
{
	(void)state;
	struct signin si;
	for (int i = 0; i < 3; i++)
		assert_int_equal(app_signin(app_fixture_as(&fx, WHO_ANON), &cfg, "signer", "wrong password!", "10.0.0.9", &si),
				 ST_UNAUTH);
	/* three failures of the account: even the right password waits, from any address */
	assert_int_equal(app_signin(app_fixture_as(&fx, WHO_ANON), &cfg, "signer", PASSWORD, "10.0.0.8", &si), ST_THROTTLED);
	assert_int_equal(si.token[0], '\0');
	/* five of one address stop every name from it */
	for (int i = 0; i < 2; i++)
		assert_int_equal(app_signin(app_fixture_as(&fx, WHO_ANON), &cfg, "someone", "wrong password!", "10.0.0.9", &si),
				 ST_UNAUTH);
	assert_int_equal(app_signin(app_fixture_as(&fx, WHO_ANON), &cfg, "boss", "wrong password!", "10.0.0.9", &si), ST_THROTTLED);
}

static void test_signin_session_signout(void **state)
{
	(void)state;
	struct signin si;
	struct app_session as;
	assert_int_equal(app_signin(app_fixture_as(&fx, WHO_ANON), &cfg, "signer", PASSWORD, "10.0.0.1", &si), ST_OK);
	assert_string_equal(si.principal.name, "signer");
	assert_int_equal(si.principal.role, ROLE_ANALYST);
	assert_true(strlen(si.token) >= 43);
	assert_true(strlen(si.csrf) >= 43);
	assert_string_not_equal(si.token, si.csrf);
	/* the session is found by its token, and by nothing else */
	assert_int_equal(app_session_find(app_fixture_as(&fx, WHO_ANON), si.token, cfg.session_idle_s, &as), ST_OK);
	assert_string_equal(as.principal.name, "signer");
	assert_string_equal(as.csrf_token, si.csrf);
	assert_non_null(as.session_hash);
	assert_string_not_equal(as.session_hash, si.token); /* only the hash is kept */
	struct app_session none;
	assert_int_equal(app_session_find(app_fixture_as(&fx, WHO_ANON), si.csrf, cfg.session_idle_s, &none), ST_NOT_FOUND);
	assert_int_equal(app_session_find(app_fixture_as(&fx, WHO_ANON), "", cfg.session_idle_s, &none), ST_NOT_FOUND);
	char huge[AUTH_TOKEN_TEXT_MAX + 10];
	memset(huge, 'A', sizeof(huge) - 1);
	huge[sizeof(huge) - 1] = '\0';
	assert_int_equal(app_session_find(app_fixture_as(&fx, WHO_ANON), huge, cfg.session_idle_s, &none), ST_NOT_FOUND);
	/* signing out needs a signed-in principal; then the session is gone, and gone again is fine */
	assert_int_equal(app_signout(app_fixture_as(&fx, WHO_ANON), as.session_hash), ST_UNAUTH);
	assert_int_equal(app_session_find(app_fixture_as(&fx, WHO_ANON), si.token, cfg.session_idle_s, &none), ST_OK);
	app_fixture_as(&fx, WHO_ANON);
	fx.ctx.who = &as.principal;
	assert_int_equal(app_signout(&fx.ctx, as.session_hash), ST_OK);
	assert_int_equal(app_signout(&fx.ctx, as.session_hash), ST_OK);
	assert_int_equal(app_session_find(app_fixture_as(&fx, WHO_ANON), si.token, cfg.session_idle_s, &none), ST_NOT_FOUND);
}

static void test_token_find(void **state)
{
	(void)state;
	struct app_token_result tr;
	struct principal who;
	assert_int_equal(app_token_create(app_fixture_as(&fx, WHO_ADMIN), "signer", "script", 30, &tr, &fx.errs), ST_OK);
	assert_int_equal(app_token_find(app_fixture_as(&fx, WHO_ANON), tr.token, &who), ST_OK);
	assert_string_equal(who.name, "signer");
	assert_int_equal(who.role, ROLE_ANALYST);
	assert_int_equal(app_token_find(app_fixture_as(&fx, WHO_ANON), "not-a-token", &who), ST_NOT_FOUND);
	assert_int_equal(app_token_find(app_fixture_as(&fx, WHO_ANON), NULL, &who), ST_NOT_FOUND);
	assert_int_equal(app_token_revoke(app_fixture_as(&fx, WHO_ADMIN), tr.id, &fx.errs), ST_OK);
	assert_int_equal(app_token_find(app_fixture_as(&fx, WHO_ANON), tr.token, &who), ST_NOT_FOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_signin_refusals_look_alike, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signin_throttled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signin_session_signout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token_find, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
