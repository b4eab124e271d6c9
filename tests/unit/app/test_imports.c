/* test_imports.c - unit tests of app/imports.h: an upload is kept only when its dry run passes
 * (every bad row listed, rows outside the scope refused, empty and oversized files refused),
 * uploads are their owner's and the department's, a commit writes with the status its
 * principal may write and marks the upload in the same write (a second commit is refused),
 * and a file imported at once. Refusals write nothing: neither an audit event nor an upload. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "app/imports.h"
#include "app/values.h"
#include "app_fixture.h"
#include "base/banned.h"

static struct app_fixture fx;

APP_FIXTURE_HOOKS(fx, "app-imports", NULL)

#define GOOD "indicator,region,period,value,source\n" \
	     "tech_contract_turnover,changsha,2023,1234.5,统计公报\n" \
	     "tech_contract_turnover,zhuzhou,2023,321,统计公报\n"

static struct app_file file_of(const char *name, const char *csv)
{
	return (struct app_file){name, csv, strlen(csv), NULL};
}

/* Whether the store holds upload id. */
static int has_upload(long long id)
{
	struct upload *u;
	return store_upload_get(fx.store, fx.arena, id, &u) == ST_OK;
}

/* An upload of GOOD by w; returns it as stored. */
static struct upload *uploaded(enum who w)
{
	struct upload u, *out;
	struct import_result res;
	struct app_file f = file_of("good.csv", GOOD);
	assert_int_equal(app_upload_add(app_fixture_as(&fx, w), &f, NULL, &u, &res, &fx.errs), ST_OK);
	assert_true(u.id > 0);
	assert_int_equal(res.n_rows, 2);
	assert_int_equal(store_upload_get(fx.store, fx.arena, u.id, &out), ST_OK);
	return out;
}

static void test_upload_add_refusals_keep_nothing(void **state)
{
	(void)state;
	struct upload u;
	struct import_result res;
	struct app_file good = file_of("good.csv", GOOD);
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_upload_add(app_fixture_as(&fx, WHO_ANON), &good, NULL, &u, &res, &fx.errs), ST_UNAUTH);
	assert_int_equal(app_upload_add(app_fixture_as(&fx, WHO_READER), &good, NULL, &u, &res, &fx.errs), ST_DENIED);
	assert_int_equal(fx.errs.n, 0);
	/* empty; past the cap (its bytes are never read) */
	struct app_file empty = file_of("empty.csv", "");
	assert_int_equal(app_upload_add(app_fixture_as(&fx, WHO_KJT), &empty, NULL, &u, &res, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "file", "missing"));
	struct app_file huge = {"huge.csv", GOOD, IMPORT_FILE_MAX_BYTES + 1, NULL};
	assert_int_equal(app_upload_add(app_fixture_as(&fx, WHO_KJT), &huge, NULL, &u, &res, &fx.errs), ST_TOO_LARGE);
	assert_true(app_fixture_has_error(&fx, NULL, "too_large"));
	/* every bad row at once */
	struct app_file bad = file_of("bad.csv", "indicator,region,period,value\n"
						 "tech_contract_turnover,atlantis,2023,1\n"
						 "tech_contract_turnover,changsha,2023,lots\n"
						 "nothing,changsha,2023,1\n");
	assert_int_equal(app_upload_add(app_fixture_as(&fx, WHO_KJT), &bad, NULL, &u, &res, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "region", "unknown_region"));
	assert_true(app_fixture_has_error(&fx, "value", "bad_number"));
	assert_true(app_fixture_has_error(&fx, "indicator", "unknown_indicator"));
	assert_int_equal(diag_errors(&fx.errs), 3);
	assert_int_equal(u.id, 0);
	/* rows outside the scope: Zhuzhou's reporter uploading Changsha's figure */
	assert_int_equal(app_upload_add(app_fixture_as(&fx, WHO_REGION), &good, NULL, &u, &res, &fx.errs), ST_DENIED);
	assert_true(app_fixture_has_error(&fx, NULL, "forbidden"));
	assert_int_equal(app_fixture_audit_head(&fx), head);
	assert_false(has_upload(1));
	/* a passing file is kept for its owner, with a plain name when it has none */
	struct app_file nameless = file_of("", GOOD);
	assert_int_equal(app_upload_add(app_fixture_as(&fx, WHO_KJT), &nameless, NULL, &u, &res, &fx.errs), ST_OK);
	assert_string_equal(u.file_name, "upload");
	assert_true(has_upload(u.id));
	assert_true(app_fixture_audit_head(&fx) > head);
}

static void test_upload_is_its_owners(void **state)
{
	(void)state;
	struct upload *u = uploaded(WHO_KJT), *out;
	struct import_result res;
	assert_int_equal(app_upload_get(app_fixture_as(&fx, WHO_KJT), u->id, &out), ST_OK);
	assert_int_equal(out->id, u->id);
	assert_int_equal(app_upload_get(app_fixture_as(&fx, WHO_ANALYST), u->id, &out), ST_OK);
	assert_int_equal(app_upload_get(app_fixture_as(&fx, WHO_AMR), u->id, &out), ST_NOT_FOUND);
	assert_int_equal(app_upload_get(app_fixture_as(&fx, WHO_READER), u->id, &out), ST_DENIED);
	assert_int_equal(app_upload_get(app_fixture_as(&fx, WHO_KJT), u->id + 1, &out), ST_NOT_FOUND);
	/* another reporter can neither look again nor commit it */
	assert_int_equal(app_upload_check(app_fixture_as(&fx, WHO_AMR), u, &res, &fx.errs), ST_NOT_FOUND);
	assert_int_equal(app_upload_commit(app_fixture_as(&fx, WHO_AMR), u, NULL, &res, &fx.errs), ST_NOT_FOUND);
	assert_int_equal(app_upload_check(app_fixture_as(&fx, WHO_KJT), u, &res, &fx.errs), ST_OK);
	assert_int_equal(res.n_new, 2);
	assert_int_equal(res.batch_id, 0);
}

static void test_upload_commit_status_and_once(void **state)
{
	(void)state;
	struct upload *u = uploaded(WHO_KJT), *now;
	struct import_result res;
	long long head = app_fixture_audit_head(&fx);
	/* a reporter submits for review: approving and publishing are not theirs; nobody imports
	 * "returned" */
	enum obs_status approved = OBS_APPROVED, returned = OBS_RETURNED;
	assert_int_equal(app_upload_commit(app_fixture_as(&fx, WHO_KJT), u, &approved, &res, &fx.errs), ST_DENIED);
	assert_int_equal(fx.errs.n, 0);
	assert_int_equal(app_upload_commit(app_fixture_as(&fx, WHO_ADMIN), u, &returned, &res, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "status", "bad_value"));
	assert_int_equal(app_fixture_audit_head(&fx), head);
	assert_int_equal(store_upload_get(fx.store, fx.arena, u->id, &now), ST_OK);
	assert_null(now->committed_at);
	/* the default: submitted; the rows and the mark together */
	assert_int_equal(app_upload_commit(app_fixture_as(&fx, WHO_KJT), u, NULL, &res, &fx.errs), ST_OK);
	assert_int_equal(res.n_new, 2);
	assert_true(res.batch_id > 0);
	assert_int_equal(res.changes[0].after.status, OBS_SUBMITTED);
	assert_string_equal(res.changes[0].after.created_by, "kjt-rep");
	assert_int_equal(store_upload_get(fx.store, fx.arena, u->id, &now), ST_OK);
	assert_non_null(now->committed_at);
	assert_int_equal(now->batch_id, res.batch_id);
	/* once: as read before the commit, and as read after it */
	head = app_fixture_audit_head(&fx);
	assert_int_equal(app_upload_commit(app_fixture_as(&fx, WHO_KJT), u, NULL, &res, &fx.errs), ST_CONFLICT);
	assert_true(app_fixture_has_error(&fx, NULL, "conflict") || app_fixture_has_error(&fx, NULL, "already_committed"));
	assert_int_equal(app_upload_commit(app_fixture_as(&fx, WHO_KJT), now, NULL, &res, &fx.errs), ST_CONFLICT);
	assert_true(app_fixture_has_error(&fx, NULL, "already_committed"));
	assert_int_equal(app_fixture_audit_head(&fx), head);
}

/* The context of principal w with the four-eyes rule off (the setting four_eyes = none). */
static struct app_ctx *single_eyes(enum who w)
{
	struct app_ctx *x = app_fixture_as(&fx, w);
	x->four_eyes = "none";
	return x;
}

static void test_upload_commit_department_and_nothing_new(void **state)
{
	(void)state;
	struct upload *u = uploaded(WHO_ANALYST), *v, *now;
	struct import_result res;
	/* the department's own import waits for a second person: submitted, not approved */
	assert_int_equal(app_upload_commit(app_fixture_as(&fx, WHO_ANALYST), u, NULL, &res, &fx.errs), ST_OK);
	assert_int_equal(res.changes[0].after.status, OBS_SUBMITTED);
	/* and nobody imports approved or published values at once */
	v = uploaded(WHO_ADMIN);
	long long head = app_fixture_audit_head(&fx);
	enum obs_status published = OBS_PUBLISHED, approved = OBS_APPROVED;
	assert_int_equal(app_upload_commit(app_fixture_as(&fx, WHO_ADMIN), v, &approved, &res, &fx.errs), ST_DENIED);
	assert_true(app_fixture_has_error(&fx, "status", "four_eyes"));
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* with the rule off, the department's import is approved on commit */
	struct upload *a = uploaded(WHO_ANALYST);
	assert_int_equal(app_upload_commit(single_eyes(WHO_ANALYST), a, NULL, &res, &fx.errs), ST_OK);
	assert_int_equal(res.changes[0].after.status, OBS_APPROVED);
	/* the same file again changes nothing: the upload is marked committed alone */
	assert_int_equal(store_upload_get(fx.store, fx.arena, v->id, &now), ST_OK);
	assert_null(now->committed_at);
	assert_int_equal(app_upload_commit(single_eyes(WHO_ADMIN), v, &published, &res, &fx.errs), ST_OK);
	assert_int_equal(res.n_new + res.n_revised, 2); /* approved to published is a revision */
	assert_int_equal(store_upload_get(fx.store, fx.arena, v->id, &now), ST_OK);
	assert_non_null(now->committed_at);
	struct upload *w = uploaded(WHO_ADMIN);
	assert_int_equal(app_upload_commit(single_eyes(WHO_ADMIN), w, &published, &res, &fx.errs), ST_OK);
	assert_int_equal(res.batch_id, 0);
	assert_int_equal(res.n_unchanged, 2);
	assert_int_equal(store_upload_get(fx.store, fx.arena, w->id, &now), ST_OK);
	assert_non_null(now->committed_at);
}

/* four_eyes names plans: the rule holds for their indicators only (the fixture holds the
 * shipped plan czt-2024). */
static void test_four_eyes_per_plan(void **state)
{
	(void)state;
	struct import_result res;
	struct app_file good = file_of("good.csv", GOOD);
	struct app_ctx *x = app_fixture_as(&fx, WHO_ADMIN);
	x->four_eyes = "other-plan, czt-2024";
	assert_true(app_four_eyes_holds(x, "tech_contract_turnover"));
	assert_int_equal(app_values_import(x, &good, NULL, OBS_PUBLISHED, 0, &res, &fx.errs), ST_DENIED);
	assert_true(app_fixture_has_error(&fx, "status", "four_eyes"));
	x = app_fixture_as(&fx, WHO_ADMIN);
	x->four_eyes = "other-plan";
	assert_false(app_four_eyes_holds(x, "tech_contract_turnover"));
	assert_int_equal(app_values_import(x, &good, NULL, OBS_PUBLISHED, 0, &res, &fx.errs), ST_OK);
	assert_int_equal(res.changes[0].after.status, OBS_PUBLISHED);
	/* the operator holds the store file: the rule does not bind it */
	struct app_ctx op;
	app_ctx_init(&op, fx.store, fx.arena, app_operator());
	assert_false(app_four_eyes_holds(&op, "tech_contract_turnover"));
}

static void test_values_import_at_once(void **state)
{
	(void)state;
	struct import_result res;
	struct app_file good = file_of("good.csv", GOOD);
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_values_import(app_fixture_as(&fx, WHO_KJT), &good, NULL, OBS_PUBLISHED, 0, &res, &fx.errs), ST_DENIED);
	assert_int_equal(app_values_import(app_fixture_as(&fx, WHO_ADMIN), &good, NULL, OBS_RETURNED, 0, &res, &fx.errs), ST_INVALID);
	assert_int_equal(app_values_import(app_fixture_as(&fx, WHO_ADMIN), &good, NULL, OBS_PUBLISHED, 0, &res, &fx.errs), ST_DENIED);
	assert_true(app_fixture_has_error(&fx, "status", "four_eyes"));
	assert_int_equal(app_values_import(single_eyes(WHO_ADMIN), &good, NULL, OBS_PUBLISHED, 1, &res, &fx.errs), ST_OK);
	assert_int_equal(res.n_new, 2);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* the caller's own error: a dry run whose findings join it */
	single_eyes(WHO_ADMIN);
	(void)app_refuse(&fx.errs, ST_INVALID, "status", "bad_value", NULL, "not a status");
	assert_int_equal(app_values_import(&fx.ctx, &good, NULL, OBS_PUBLISHED, 0, &res, &fx.errs), ST_INVALID);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	struct app_read_opts ro = {"utf-8", ""};
	assert_int_equal(app_values_import(single_eyes(WHO_ADMIN), &good, &ro, OBS_PUBLISHED, 0, &res, &fx.errs), ST_OK);
	assert_string_equal(res.encoding, "utf-8");
	assert_string_equal(res.changes[0].after.created_by, "boss");
	assert_int_equal(res.changes[0].after.status, OBS_PUBLISHED);
	assert_true(app_fixture_audit_head(&fx) > head);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_upload_add_refusals_keep_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upload_is_its_owners, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upload_commit_status_and_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upload_commit_department_and_nothing_new, setup, teardown),
		cmocka_unit_test_setup_teardown(test_four_eyes_per_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values_import_at_once, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
