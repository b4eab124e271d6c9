/* test_backup.c - unit tests of app/backup.h: only administrators (and the CLI's operator) copy
 * the store, a file that is there already is never overwritten, and the copy opens as a store
 * holding the same users. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "app/backup.h"
#include "app_fixture.h"
#include "base/banned.h"

static struct app_fixture fx;
static char dest[160];

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

static int setup(void **state)
{
	(void)state;
	if (app_fixture_setup(&fx, "app-backup", NULL) != 0)
		return -1;
	snprintf(dest, sizeof(dest), "%s/copy.db", fx.tmpdir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	(void)unlink(dest);
	app_fixture_teardown(&fx);
	return 0;
}

static void test_backup_needs_an_administrator(void **state)
{
	(void)state;
	assert_int_equal(app_backup(app_fixture_as(&fx, WHO_ANON), dest, &fx.errs), ST_UNAUTH);
	for (enum who w = WHO_ANALYST; w < WHO__COUNT; w++) {
		assert_int_equal(app_backup(app_fixture_as(&fx, w), dest, &fx.errs), ST_DENIED);
		assert_int_equal(fx.errs.n, 0);
	}
	assert_int_equal(access(dest, F_OK), -1);
	assert_int_equal(app_backup(app_fixture_as(&fx, WHO_ADMIN), "", &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "file", "missing"));
	/* the operator of the command line makes the copy; it opens with the same users */
	struct app_ctx x;
	app_ctx_init(&x, fx.store, fx.arena, app_operator());
	assert_int_equal(app_backup(&x, dest, &fx.errs), ST_OK);
	struct store *copy;
	struct user *u;
	/* the copy's statements live in an arena of their own, gone before the copy closes: a
	 * statement left over would keep the copy open past the teardown, which then could not
	 * remove its folder */
	struct arena *copy_arena = arena_new();
	assert_int_equal(store_open_existing(dest, &copy), ST_OK);
	assert_int_equal(store_user_get(copy, copy_arena, "kjt-rep", &u, NULL), ST_OK);
	arena_free(copy_arena);
	store_close(copy);
}

static void test_backup_never_overwrites(void **state)
{
	(void)state;
	FILE *f = fopen(dest, "w");
	assert_non_null(f);
	fputs("precious", f);
	fclose(f);
	assert_int_equal(app_backup(app_fixture_as(&fx, WHO_ADMIN), dest, &fx.errs), ST_CONFLICT);
	assert_true(app_fixture_has_error(&fx, "file", "exists"));
	char buf[16] = "";
	f = fopen(dest, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "precious");
	/* a folder that does not exist */
	char nowhere[200];
	snprintf(nowhere, sizeof(nowhere), "%s/no/such/folder/copy.db", fx.tmpdir);
	assert_int_equal(app_backup(app_fixture_as(&fx, WHO_ADMIN), nowhere, &fx.errs), ST_IO);
	assert_true(app_fixture_has_error(&fx, "file", "cannot_write"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_backup_needs_an_administrator, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_never_overwrites, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
