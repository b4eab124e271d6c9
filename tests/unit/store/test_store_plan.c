/* test_store_plan.c - unit tests of the store through store.h (SQLite, or PostgreSQL): migrations recorded on
 * open, plan versions (first save, unchanged re-save, a changed plan as a new version with
 * the old one still readable), reading plans back exactly, and the not-found answers.
 * Each test gets a fresh temporary store; INNOMON_NOW fixes the recorded times. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/buf.h"
#include "fixture.h"
#include "testdb.h"
#include "ingest/plan_load.h"
#include "store/store.h"
#include "base/banned.h"

#define NOW "2025-03-01T08:00:00Z"

struct fixture {
	struct arena *arena;
	char tmpdir[64];
	char db[128];
	struct store *store;
	struct plan *shipped;
};

static struct fixture fx;

static int setup(void **state)
{
	(void)state;
	fx.arena = arena_new();
	if (fixture_tmpdir(fx.tmpdir, fx.db, "store") != 0 || fixture_store(fx.db, NULL, &fx.store) != 0)
		return -1;
	return fixture_shipped_plan(fx.arena, &fx.shipped);
}

static int teardown(void **state)
{
	(void)state;
	store_close(fx.store);
	fx.store = NULL;
	fixture_remove(fx.tmpdir, fx.db);
	arena_free(fx.arena);
	return 0;
}

static struct plan_save_result save(const struct plan *p)
{
	struct plan_save_result res;
	memset(&res, 0x55, sizeof(res));
	enum status rc = store_plan_save(fx.store, p, "test", &res);
	if (rc != ST_OK)
		fail_msg("store_plan_save: %s", store_errmsg(fx.store));
	return res;
}

static struct plan_version_row *versions(size_t *n)
{
	struct plan_version_row *rows;
	assert_int_equal(store_plan_versions(fx.store, fx.arena, &rows, n), ST_OK);
	return rows;
}

static struct target *target_of(struct plan *p, const char *ind, const char *region)
{
	for (size_t i = 0; i < p->n_targets; i++)
		if (strcmp(p->targets[i].indicator_code, ind) == 0 && strcmp(p->targets[i].region_code, region) == 0)
			return &p->targets[i];
	fail_msg("no target %s/%s", ind, region);
	return NULL;
}

static int is_sql_file(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcmp(name + n - 4, ".sql") == 0;
}

/* The migration files of back end kind, sorted, as one line each into out. */
static size_t migration_files(const char *kind, struct buf *out)
{
	const char *root = getenv("INNOMON_SOURCE_ROOT");
	struct dirent **list;
	int n = scandir(arena_printf(fx.arena, "%s/src/store/sql/%s", root ? root : ".", kind), &list, NULL, alphasort);
	assert_true(n >= 0);
	size_t n_files = 0;
	buf_reset(out);
	for (int i = 0; i < n; i++) {
		if (is_sql_file(list[i]->d_name)) {
			bwf(out, "%s\n", list[i]->d_name);
			n_files++;
		}
		free(list[i]);
	}
	free(list);
	return n_files;
}

static void test_store_migrations_alike_on_both_back_ends(void **state)
{
	(void)state;
	/* a migration added for one back end must be added for the other, with the same number and
	 * name: the shared statements and `innomon migrate` rely on one schema */
	struct buf sqlite, postgres;
	buf_init(&sqlite, 0), buf_init(&postgres, 0);
	assert_true(migration_files("sqlite", &sqlite) >= 7);
	migration_files("postgres", &postgres);
	assert_string_equal(buf_str(&postgres), buf_str(&sqlite));
	buf_release(&sqlite), buf_release(&postgres);
}

static void test_store_open_records_migrations(void **state)
{
	(void)state;
	/* one row per migration file of the back end, in order */
	struct buf files;
	buf_init(&files, 0);
	size_t n_files = migration_files(store_kind(fx.store), &files);
	buf_release(&files);
	assert_true(n_files >= 1);

	struct migration_row *rows;
	size_t n;
	assert_int_equal(store_migrations(fx.store, fx.arena, &rows, &n), ST_OK);
	assert_int_equal(n, n_files);
	assert_string_equal(rows[0].name, "0001_plan.sql");
	for (size_t i = 0; i < n; i++) {
		/* numbered upward; a number may be left out (kept for a branch merged later) */
		assert_true(i == 0 ? rows[i].version == 1 : rows[i].version > rows[i - 1].version);
		assert_int_equal(strncmp(rows[i].name, arena_printf(fx.arena, "%04d_", rows[i].version), 5), 0);
		assert_string_equal(rows[i].applied_at, NOW);
	}
	/* opening again applies nothing twice */
	store_close(fx.store);
	assert_int_equal(store_open_existing(fx.db, &fx.store), ST_OK);
	assert_int_equal(store_migrations(fx.store, fx.arena, &rows, &n), ST_OK);
	assert_int_equal(n, n_files);
	assert_int_equal(store_ping(fx.store), ST_OK);
}

/* A store whose migrations are not this build's (another build gave a number to another
 * change, or a newer one added a migration) is refused on open, naming the migration. */
static void test_store_refuses_migrations_of_another_build(void **state)
{
	(void)state;
	struct buf out;
	char err[256];
	buf_init(&out, 0);
	store_close(fx.store);
	fx.store = NULL;
	assert_int_equal(testdb_query(fx.db, "UPDATE schema_migrations SET name = '0002_something_else.sql' WHERE version = 2",
				      NULL, &out, err, sizeof(err)),
			 0);
	struct store *s = NULL;
	assert_int_equal(store_open_existing(fx.db, &s), ST_STORE);
	assert_non_null(strstr(store_errmsg(s), "0002_something_else.sql"));
	assert_non_null(strstr(store_errmsg(s), "another version of innomon"));
	store_close(s);
	assert_int_equal(testdb_query(fx.db, "UPDATE schema_migrations SET name = '0002_observations.sql' WHERE version = 2",
				      NULL, &out, err, sizeof(err)),
			 0);
	assert_int_equal(testdb_query(fx.db,
				      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 'x')",
				      NULL, &out, err, sizeof(err)),
			 0);
	s = NULL;
	assert_int_equal(store_open_existing(fx.db, &s), ST_STORE);
	assert_non_null(strstr(store_errmsg(s), "9999_future.sql"));
	assert_non_null(strstr(store_errmsg(s), "a newer version"));
	store_close(s);
	assert_int_equal(testdb_query(fx.db, "DELETE FROM schema_migrations WHERE version = 9999", NULL, &out, err, sizeof(err)), 0);
	assert_int_equal(store_open_existing(fx.db, &fx.store), ST_OK);
	buf_release(&out);
}

static void test_store_target_shown_hides_passwords(void **state)
{
	(void)state;
	assert_string_equal(store_target_shown(fx.arena, "/var/lib/innomon/innomon.db"), "/var/lib/innomon/innomon.db");
	assert_string_equal(store_target_shown(fx.arena, "postgresql://innomon@db1/innomon"), "postgresql://innomon@db1/innomon");
	assert_string_equal(store_target_shown(fx.arena, "postgresql://innomon:s3cret@db1:5432/innomon"),
			    "postgresql://innomon:***@db1:5432/innomon");
	assert_string_equal(store_target_shown(fx.arena, "postgres://db1/innomon?user=u&password=s3cret&sslmode=require"),
			    "postgres://db1/innomon?user=u&password=***&sslmode=require");
	assert_string_equal(store_target_shown(fx.arena, "postgresql:///innomon?password=x"), "postgresql:///innomon?password=***");
	assert_true(store_is_postgres_target("postgres://h/d") && store_is_postgres_target("postgresql:///d"));
	assert_false(store_is_postgres_target("postgresql.db"));
}

static void test_store_open_existing_missing(void **state)
{
	(void)state;
	void *junk = &fx;
	struct store *s = junk; /* any non-NULL value: must be reset to NULL */
	assert_int_equal(store_open_existing(arena_printf(fx.arena, "%s/absent.db", fx.tmpdir), &s), ST_NOT_FOUND);
	assert_null(s);
}

static void test_store_plan_get_empty_store(void **state)
{
	(void)state;
	void *junk = &fx;
	struct plan *p = junk;
	size_t n;
	assert_int_equal(store_plan_get(fx.store, fx.arena, NULL, 0, &p), ST_NOT_FOUND);
	assert_null(p);
	(void)versions(&n);
	assert_int_equal(n, 0);
}

static void test_store_plan_save_first_version(void **state)
{
	(void)state;
	struct plan_save_result res = save(fx.shipped);
	assert_int_equal(res.version, 1);
	assert_int_equal(res.is_new_plan, 1);
	assert_int_equal(res.is_unchanged, 0);
	size_t n;
	struct plan_version_row *v = versions(&n);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].code, "czt-2024");
	assert_int_equal(v[0].version, 1);
	assert_string_equal(v[0].title_zh, "长株潭国家自主创新示范区提质升级行动计划");
	assert_string_equal(v[0].loaded_at, NOW);
	assert_string_equal(v[0].loaded_by, "test");
	assert_int_equal(strlen(v[0].digest), 64);
	assert_int_equal(strspn(v[0].digest, "0123456789abcdef"), 64);
}

static void test_store_plan_save_same_plan_is_unchanged(void **state)
{
	(void)state;
	(void)save(fx.shipped);
	size_t n;
	const char *digest = versions(&n)[0].digest;
	struct plan_save_result res = save(fx.shipped);
	assert_int_equal(res.version, 1);
	assert_int_equal(res.is_unchanged, 1);
	assert_int_equal(res.is_new_plan, 0);
	/* also across connections: the digest is stored, not remembered */
	store_close(fx.store);
	assert_int_equal(store_open_existing(fx.db, &fx.store), ST_OK);
	res = save(fx.shipped);
	assert_int_equal(res.version, 1);
	assert_int_equal(res.is_unchanged, 1);
	struct plan_version_row *v = versions(&n);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].digest, digest);
}

static void test_store_plan_save_changed_plan_is_new_version(void **state)
{
	(void)state;
	(void)save(fx.shipped);
	struct target *t = target_of(fx.shipped, "revenue_tiq", "zcq");
	assert_true(t->value == 30000);
	t->value = 31000;
	struct plan_save_result res = save(fx.shipped);
	assert_int_equal(res.version, 2);
	assert_int_equal(res.is_new_plan, 0);
	assert_int_equal(res.is_unchanged, 0);

	struct plan *latest, *v1;
	assert_int_equal(store_plan_get(fx.store, fx.arena, NULL, 0, &latest), ST_OK);
	assert_int_equal(latest->info.version, 2);
	assert_true(target_of(latest, "revenue_tiq", "zcq")->value == 31000);
	/* version 1 is still readable, with the old value */
	assert_int_equal(store_plan_get(fx.store, fx.arena, "czt-2024", 1, &v1), ST_OK);
	assert_int_equal(v1->info.version, 1);
	assert_true(target_of(v1, "revenue_tiq", "zcq")->value == 30000);

	size_t n;
	struct plan_version_row *v = versions(&n);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].version, 1);
	assert_int_equal(v[1].version, 2);
	assert_string_not_equal(v[0].digest, v[1].digest);

	/* going back to the first content is a change against the latest: version 3 */
	t->value = 30000;
	res = save(fx.shipped);
	assert_int_equal(res.version, 3);
	v = versions(&n);
	assert_int_equal(n, 3);
	assert_string_equal(v[2].digest, v[0].digest);
}

static void test_store_plan_save_text_change_is_new_version(void **state)
{
	(void)state;
	(void)save(fx.shipped);
	int m = plan_find_measure(fx.shipped, 1);
	fx.shipped->measures[m].title_en = "Changed title";
	assert_int_equal(save(fx.shipped).version, 2);
	struct plan *p;
	assert_int_equal(store_plan_get(fx.store, fx.arena, NULL, 2, &p), ST_OK);
	assert_string_equal(p->measures[plan_find_measure(p, 1)].title_en, "Changed title");
	assert_int_equal(store_plan_get(fx.store, fx.arena, NULL, 1, &p), ST_OK);
	assert_string_equal(p->measures[plan_find_measure(p, 1)].title_en,
			    "Bid to become a national regional science and technology innovation centre");
}

static void test_store_plan_get_reads_back_the_same_plan(void **state)
{
	(void)state;
	(void)save(fx.shipped);
	struct plan *p;
	assert_int_equal(store_plan_get(fx.store, fx.arena, "czt-2024", 0, &p), ST_OK);
	assert_int_equal(p->info.version, 1);
	assert_string_equal(plan_canonical(p, fx.arena), plan_canonical(fx.shipped, fx.arena));
	/* indexes are resolved on read */
	int m = plan_find_measure(p, 26);
	assert_int_equal(p->actions[p->measures[m].action].number, 6);
	for (size_t i = 0; i < p->n_resps; i++)
		assert_string_equal(p->units[p->resps[i].unit].code, p->resps[i].unit_code);
}

/* Every kind of target, a scale and class labels, a nature, a tolerance, a target in its own
 * unit and a plan without a document number come back as they were saved. */
static void test_store_plan_every_kind_round_trip(void **state)
{
	(void)state;
	const char *root = getenv("INNOMON_SOURCE_ROOT");
	struct diag_list d;
	struct plan *kinds, *p;
	diag_init(&d, fx.arena);
	if (plan_load_dir(fx.arena, arena_printf(fx.arena, "%s/tests/data/plans/every-kind", root ? root : "."), &kinds,
			  &d) != ST_OK) {
		diag_print(&d, stderr);
		fail();
	}
	struct plan_save_result res = save(kinds);
	assert_int_equal(res.version, 1);
	assert_int_equal(store_plan_get(fx.store, fx.arena, "kinds-2030", 0, &p), ST_OK);
	assert_string_equal(plan_canonical(p, fx.arena), plan_canonical(kinds, fx.arena));
	assert_null(p->info.doc_no);
	const struct target *t = target_of(p, "cpi_rise", "hunan");
	assert_int_equal(t->cmp, CMP_ABOUT);
	assert_true(t->has_tolerance && t->tolerance == 0.5);
	assert_int_equal(t->nature, NATURE_INDICATIVE);
	t = target_of(p, "talent_stock", "hunan");
	assert_string_equal(t->unit_given, "名");
	assert_true(t->unit_factor == 1e-4);
	t = target_of(p, "water_class", "hunan");
	assert_true(t->value == 2);
	const struct indicator *w = &p->indicators[t->indicator];
	assert_int_equal(w->scale, SCALE_ORDINAL);
	assert_int_equal(w->n_levels, 6);
	assert_int_equal(p->indicators[target_of(p, "ecosystem", "hunan")->indicator].scale, SCALE_JUDGEMENT);
	/* saving it again is no new version */
	res = save(p);
	assert_int_equal(res.is_unchanged, 1);
}

/* Actions in two levels, whole-action units and a group unit's regions come back as saved. */
static void test_store_plan_two_levels_round_trip(void **state)
{
	(void)state;
	const char *root = getenv("INNOMON_SOURCE_ROOT");
	struct diag_list d;
	struct plan *two, *p;
	diag_init(&d, fx.arena);
	if (plan_load_dir(fx.arena, arena_printf(fx.arena, "%s/tests/data/plans/two-levels", root ? root : "."), &two, &d) !=
	    ST_OK) {
		diag_print(&d, stderr);
		fail();
	}
	(void)save(two);
	assert_int_equal(store_plan_get(fx.store, fx.arena, "czt-2024", 0, &p), ST_OK);
	assert_string_equal(plan_canonical(p, fx.arena), plan_canonical(two, fx.arena));
	assert_int_equal(p->n_action_resps, 2);
	assert_int_equal(p->actions[plan_find_action(p, 12)].parent, plan_find_action(p, 1));
	assert_int_equal(p->units[plan_find_unit(p, "cities")].n_regions, 1);
}

static void test_store_plan_get_not_found(void **state)
{
	(void)state;
	(void)save(fx.shipped);
	struct plan *p;
	assert_int_equal(store_plan_get(fx.store, fx.arena, NULL, 9, &p), ST_NOT_FOUND);
	assert_int_equal(store_plan_get(fx.store, fx.arena, "nope", 0, &p), ST_NOT_FOUND);
	assert_int_equal(store_plan_get(fx.store, fx.arena, "czt-2024", 2, &p), ST_NOT_FOUND);
	assert_int_equal(store_plan_get(fx.store, fx.arena, "czt-2024", 1, &p), ST_OK);
}

static void test_store_plan_default_is_the_newest_plan(void **state)
{
	(void)state;
	(void)save(fx.shipped);
	const char *old_code = fx.shipped->info.code;
	fx.shipped->info.code = "czt-2026";
	struct plan_save_result res = save(fx.shipped);
	assert_int_equal(res.version, 1);
	assert_int_equal(res.is_new_plan, 1);
	struct plan *p;
	assert_int_equal(store_plan_get(fx.store, fx.arena, NULL, 0, &p), ST_OK);
	assert_string_equal(p->info.code, "czt-2026");
	assert_int_equal(store_plan_get(fx.store, fx.arena, old_code, 0, &p), ST_OK);
	assert_string_equal(p->info.code, "czt-2024");
	size_t n;
	struct plan_version_row *v = versions(&n);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].code, "czt-2024");
	assert_string_equal(v[1].code, "czt-2026");
}

int main(void)
{
	setenv("INNOMON_NOW", NOW, 1);
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_store_migrations_alike_on_both_back_ends),
		T(test_store_open_records_migrations),
		T(test_store_refuses_migrations_of_another_build),
		T(test_store_target_shown_hides_passwords),
		T(test_store_open_existing_missing),
		T(test_store_plan_get_empty_store),
		T(test_store_plan_save_first_version),
		T(test_store_plan_save_same_plan_is_unchanged),
		T(test_store_plan_save_changed_plan_is_new_version),
		T(test_store_plan_save_text_change_is_new_version),
		T(test_store_plan_get_reads_back_the_same_plan),
		T(test_store_plan_every_kind_round_trip),
		T(test_store_plan_two_levels_round_trip),
		T(test_store_plan_get_not_found),
		T(test_store_plan_default_is_the_newest_plan),
	};
#undef T
	return cmocka_run_group_tests_name("store/plan", tests, NULL, NULL);
}
