/* test_users.c - unit tests of app/users.h: who may manage users (refusals write nothing),
 * every problem of a new user listed at once, a change checked whole before any part is
 * written, the last administrator kept, one-time passwords, the first administrator, one's own
 * password, and API tokens. Each test gets a fresh store with the shipped plan and six users. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "app/credentials.h"
#include "app/users.h"
#include "app_fixture.h"
#include "fixture.h"
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
	return app_fixture_setup(&fx, "app-users", NULL);
}

static int teardown(void **state)
{
	(void)state;
	app_fixture_teardown(&fx);
	return 0;
}

static struct user *get(const char *name)
{
	struct user *u;
	assert_int_equal(store_user_get(fx.store, fx.arena, name, &u, NULL), ST_OK);
	return u;
}

static void test_user_add_refused_to_all_but_admins(void **state)
{
	(void)state;
	struct app_user_new in = {"newbie", NULL, ROLE_READER, NULL, NULL, "a-good-password-1"};
	struct app_user_result res;
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_user_add(app_fixture_as(&fx, WHO_ANON), &in, &res, &fx.errs), ST_UNAUTH);
	for (enum who w = WHO_ANALYST; w < WHO__COUNT; w++) {
		assert_int_equal(app_user_add(app_fixture_as(&fx, w), &in, &res, &fx.errs), ST_DENIED);
		assert_int_equal(fx.errs.n, 0); /* a refusal of rights says nothing about the input */
	}
	struct user *rows;
	size_t n;
	assert_int_equal(app_users(app_fixture_as(&fx, WHO_ANALYST), &rows, &n), ST_DENIED);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	assert_int_equal(store_user_get(fx.store, fx.arena, "newbie", &rows, NULL), ST_NOT_FOUND);
	/* the operator of the command line is an administrator */
	struct app_ctx x;
	app_ctx_init(&x, fx.store, fx.arena, app_operator());
	assert_int_equal(app_user_add(&x, &in, &res, &fx.errs), ST_OK);
	assert_null(res.one_time_password);
	assert_string_equal(res.user->name, "newbie");
	assert_int_equal(res.user->must_change_password, 0);
}

static void test_user_add_lists_every_problem(void **state)
{
	(void)state;
	struct app_user_new in = {"Bad Name", "ok", ROLE_READER, "amr", "atlantis", "short"};
	struct app_user_result res;
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_user_add(app_fixture_as(&fx, WHO_ADMIN), &in, &res, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "name", "bad_value"));
	assert_true(app_fixture_has_error(&fx, "unit", "bad_value"));   /* a reader has no unit */
	assert_true(app_fixture_has_error(&fx, "region", "bad_value")); /* nor a region */
	assert_true(app_fixture_has_error(&fx, "password", "weak_password"));
	assert_int_equal(fx.errs.n, 4);
	assert_string_equal(fx.errs.items[0].key, "error.bad_user_name");
	assert_int_equal(app_fixture_audit_head(&fx), head);

	/* a scope no plan defines, and a role with its scope missing */
	struct app_user_new ghost = {"ghost", NULL, ROLE_UNIT_REPORTER, "nowhere", NULL, NULL};
	assert_int_equal(app_user_add(app_fixture_as(&fx, WHO_ADMIN), &ghost, &res, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "unit", "unknown_reference"));
	struct app_user_new lost = {"lost", NULL, ROLE_REGION_REPORTER, NULL, NULL, NULL};
	assert_int_equal(app_user_add(app_fixture_as(&fx, WHO_ADMIN), &lost, &res, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "region", "bad_value"));
	struct app_user_new rootless = {"rootless", NULL, ROLE_NONE, NULL, NULL, NULL};
	assert_int_equal(app_user_add(app_fixture_as(&fx, WHO_ADMIN), &rootless, &res, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "role", "bad_value"));
	/* the caller's own parse errors count: nothing is written */
	struct app_user_new fine = {"fine", NULL, ROLE_READER, NULL, NULL, NULL};
	app_fixture_as(&fx, WHO_ADMIN);
	(void)app_refuse(&fx.errs, ST_INVALID, "display_name", "bad_type", NULL, "not a string");
	assert_int_equal(app_user_add(&fx.ctx, &fine, &res, &fx.errs), ST_INVALID);
	assert_int_equal(app_fixture_audit_head(&fx), head);
}

static void test_user_add_one_time_password_and_conflict(void **state)
{
	(void)state;
	struct app_user_new in = {"zz2", "株洲", ROLE_REGION_REPORTER, NULL, "zhuzhou", NULL};
	struct app_user_result res;
	assert_int_equal(app_user_add(app_fixture_as(&fx, WHO_ADMIN), &in, &res, &fx.errs), ST_OK);
	assert_non_null(res.one_time_password);
	assert_int_equal(strlen(res.one_time_password), 16);
	assert_int_equal(res.user->must_change_password, 1);
	assert_string_equal(res.user->region, "zhuzhou");
	const char *hash;
	struct user *u;
	assert_int_equal(store_user_get(fx.store, fx.arena, "zz2", &u, &hash), ST_OK);
	assert_true(auth_verify_password(hash, res.one_time_password));
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_user_add(app_fixture_as(&fx, WHO_ADMIN), &in, &res, &fx.errs), ST_CONFLICT);
	assert_true(app_fixture_has_error(&fx, "name", "conflict"));
	assert_int_equal(app_fixture_audit_head(&fx), head);
}

static void test_user_change_checked_whole(void **state)
{
	(void)state;
	struct app_user_result res;
	long long head = app_fixture_audit_head(&fx);
	/* a valid role with a weak password: neither is written */
	struct app_user_change c = {.has_role = 1, .role = ROLE_ANALYST, .password = "short", .is_one_time = 1};
	assert_int_equal(app_user_change(app_fixture_as(&fx, WHO_ADMIN), "rd", &c, &res, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "password", "weak_password"));
	assert_int_equal(get("rd")->role, ROLE_READER);
	/* disabling oneself, with a role that needs a unit */
	struct app_user_change self = {.has_role = 1, .role = ROLE_UNIT_REPORTER, .has_disabled = 1, .is_disabled = 1};
	assert_int_equal(app_user_change(app_fixture_as(&fx, WHO_ADMIN), "boss", &self, &res, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "disabled", "self"));
	assert_true(app_fixture_has_error(&fx, "unit", "bad_value"));
	assert_int_equal(fx.errs.n, 2);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* an unknown user; an analyst may not */
	struct app_user_change dis = {.has_disabled = 1, .is_disabled = 1};
	assert_int_equal(app_user_change(app_fixture_as(&fx, WHO_ADMIN), "nobody", &dis, &res, &fx.errs), ST_NOT_FOUND);
	assert_true(app_fixture_has_error(&fx, "name", "not_found"));
	assert_int_equal(app_user_change(app_fixture_as(&fx, WHO_ANALYST), "rd", &dis, &res, &fx.errs), ST_DENIED);
	assert_int_equal(get("rd")->is_disabled, 0);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* then all of it at once */
	struct app_user_change all = {.has_role = 1, .role = ROLE_UNIT_REPORTER, .unit = "kjt", .has_disabled = 1,
				      .is_disabled = 1, .password = "a-new-password-1", .is_one_time = 1};
	assert_int_equal(app_user_change(app_fixture_as(&fx, WHO_ADMIN), "rd", &all, &res, &fx.errs), ST_OK);
	assert_int_equal(res.user->role, ROLE_UNIT_REPORTER);
	assert_string_equal(res.user->unit, "kjt");
	assert_int_equal(res.user->is_disabled, 1);
	assert_int_equal(res.user->must_change_password, 1);
	assert_null(res.one_time_password);
}

static void test_user_change_keeps_an_admin_and_resets(void **state)
{
	(void)state;
	struct app_user_result res;
	struct app_ctx x;
	struct diag_list errs;
	diag_init(&errs, fx.arena);
	app_ctx_init(&x, fx.store, fx.arena, app_operator());
	struct app_user_change demote = {.has_role = 1, .role = ROLE_READER};
	assert_int_equal(app_user_change(&x, "boss", &demote, &res, &errs), ST_CONFLICT);
	assert_string_equal(errs.items[0].code, "last_admin");
	assert_int_equal(get("boss")->role, ROLE_ADMIN);
	struct app_user_change reset = {.is_reset = 1};
	diag_init(&errs, fx.arena);
	assert_int_equal(app_user_change(&x, "ana", &reset, &res, &errs), ST_OK);
	assert_non_null(res.one_time_password);
	assert_int_equal(res.user->must_change_password, 1);
	/* a password given by the operator (from stdin) need not be changed */
	struct app_user_change set = {.password = "operator-set-pw-1"};
	assert_int_equal(app_user_change(&x, "ana", &set, &res, &errs), ST_OK);
	assert_int_equal(res.user->must_change_password, 0);
	assert_null(res.one_time_password);
}

static void test_first_admin_once(void **state)
{
	(void)state;
	struct app_user_result res;
	int is_created;
	long long head = app_fixture_audit_head(&fx);
	struct app_ctx x;
	struct diag_list errs;
	diag_init(&errs, fx.arena);
	app_ctx_init(&x, fx.store, fx.arena, app_operator());
	/* the fixture's store has users: nothing to do */
	assert_int_equal(app_first_admin(&x, NULL, &is_created, &res, &errs), ST_OK);
	assert_int_equal(is_created, 0);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* a store without users */
	char tmpdir[64], db[128];
	struct store *s;
	assert_int_equal(fixture_tmpdir(tmpdir, db, "app-first"), 0);
	assert_int_equal(fixture_store(db, NULL, &s), 0);
	app_ctx_init(&x, s, fx.arena, app_operator());
	assert_int_equal(app_first_admin(&x, "short", &is_created, &res, &errs), ST_INVALID);
	assert_string_equal(errs.items[0].code, "weak_password");
	assert_int_equal(is_created, 0);
	diag_init(&errs, fx.arena);
	assert_int_equal(app_first_admin(&x, NULL, &is_created, &res, &errs), ST_OK);
	assert_int_equal(is_created, 1);
	assert_string_equal(res.user->name, "admin");
	assert_int_equal(res.user->role, ROLE_ADMIN);
	assert_int_equal(res.user->must_change_password, 1);
	assert_non_null(res.one_time_password);
	assert_int_equal(app_first_admin(&x, NULL, &is_created, &res, &errs), ST_OK);
	assert_int_equal(is_created, 0);
	/* only the operator (an administrator) makes one */
	struct principal reader = {ROLE_READER, 0, "r", NULL, NULL, 0};
	app_ctx_init(&x, s, fx.arena, &reader);
	assert_int_equal(app_first_admin(&x, NULL, &is_created, &res, &errs), ST_DENIED);
	store_close(s);
	fixture_remove(tmpdir, db);
}

static void test_account_password(void **state)
{
	(void)state;
	char hash[crypto_pwhash_STRBYTES];
	const char *why;
	assert_int_equal(auth_hash_password("the-old-password", hash, &why), ST_OK);
	assert_int_equal(store_user_set_password(fx.store, "rd", hash, 1, NULL), ST_OK);
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_account_password(app_fixture_as(&fx, WHO_ANON), "x", "y", NULL, &fx.errs), ST_UNAUTH);
	assert_int_equal(app_account_password(app_fixture_as(&fx, WHO_READER), "wrong-password", "a-new-password-1", NULL,
					      &fx.errs),
			 ST_UNAUTH);
	assert_true(app_fixture_has_error(&fx, "current", "wrong_password"));
	assert_int_equal(fx.errs.n, 1);
	assert_int_equal(app_account_password(app_fixture_as(&fx, WHO_READER), "the-old-password", "the-old-password", NULL,
					      &fx.errs),
			 ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "new", "weak_password"));
	assert_string_equal(fx.errs.items[0].key, "account.same_password");
	assert_int_equal(app_account_password(app_fixture_as(&fx, WHO_READER), "the-old-password", "short", NULL, &fx.errs),
			 ST_INVALID);
	assert_string_equal(fx.errs.items[0].key, "password.too_short");
	assert_int_equal(app_fixture_audit_head(&fx), head);
	assert_int_equal(app_account_password(app_fixture_as(&fx, WHO_READER), "the-old-password", "a-new-password-1", NULL,
					      &fx.errs),
			 ST_OK);
	const char *stored;
	struct user *u;
	assert_int_equal(store_user_get(fx.store, fx.arena, "rd", &u, &stored), ST_OK);
	assert_true(auth_verify_password(stored, "a-new-password-1"));
	assert_int_equal(u->must_change_password, 0);
}

static void test_tokens(void **state)
{
	(void)state;
	struct app_token_result t;
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_token_create(app_fixture_as(&fx, WHO_ANALYST), "ana", NULL, 0, &t, &fx.errs), ST_DENIED);
	assert_int_equal(app_token_create(app_fixture_as(&fx, WHO_ADMIN), "nobody", NULL, 0, &t, &fx.errs), ST_NOT_FOUND);
	assert_true(app_fixture_has_error(&fx, "name", "not_found"));
	assert_int_equal(app_token_create(app_fixture_as(&fx, WHO_ADMIN), "ana", "", 5000, &t, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "name", "bad_value"));
	assert_true(app_fixture_has_error(&fx, "days", "bad_value"));
	assert_int_equal(app_fixture_audit_head(&fx), head);
	assert_int_equal(app_token_create(app_fixture_as(&fx, WHO_ADMIN), "ana", "robot", 30, &t, &fx.errs), ST_OK);
	assert_true(t.id > 0);
	assert_int_equal(strlen(t.token), 43);
	assert_non_null(t.expires_at);
	/* the store keeps the token's hash, which finds its user */
	char hash[AUTH_HASH_HEX_MAX];
	struct user u;
	auth_token_hash(t.token, hash);
	assert_int_equal(store_token_user(fx.store, fx.arena, hash, &u), ST_OK);
	assert_string_equal(u.name, "ana");
	assert_int_equal(app_token_revoke(app_fixture_as(&fx, WHO_READER), t.id, &fx.errs), ST_DENIED);
	assert_int_equal(app_token_revoke(app_fixture_as(&fx, WHO_ADMIN), t.id, &fx.errs), ST_OK);
	assert_int_equal(store_token_user(fx.store, fx.arena, hash, &u), ST_NOT_FOUND);
	assert_int_equal(app_token_revoke(app_fixture_as(&fx, WHO_ADMIN), t.id, &fx.errs), ST_NOT_FOUND);
	assert_true(app_fixture_has_error(&fx, "id", "not_found"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_user_add_refused_to_all_but_admins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_add_lists_every_problem, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_add_one_time_password_and_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_change_checked_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_change_keeps_an_admin_and_resets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_admin_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_account_password, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
	};
	return cmocka_run_group_tests_name("app/users", tests, group_setup, group_teardown);
}
