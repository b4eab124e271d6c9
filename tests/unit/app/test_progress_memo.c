/* test_progress_memo.c - unit tests of app/progress_memo.h through app_progress, as the server
 * uses it: one computation per store version and view, shared by every request that asks
 * (whichever user, page or indicator, and by requests asking at the same time), the same answer
 * as a request computing its own, a new one after any change, the public's never the
 * department's, trends computed when first asked for, one indicator's page reading its own
 * values while nothing is computed yet, a budget too small to keep anything, and an answer that
 * stays valid for as long as the arena it was handed out with. On the shared app fixture (the
 * shipped plan). */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "app/progress.h"
#include "app/progress_memo.h"
#include "app/values.h"
#include "app_fixture.h"
#include "base/banned.h"

#define NOW "2025-07-01T00:00:00Z"
#define IND "tech_contract_turnover"

static struct app_fixture fx;

APP_FIXTURE_HOOKS(fx, "app-progress-memo", NOW)

/* A request's context of principal w on store s with arena a and the server's memo m. */
static void request(struct app_ctx *x, struct store *s, struct arena *a, enum who w, struct progress_memo *m)
{
	app_ctx_init(x, s, a, &fx.who[w]);
	x->plan = fx.shipped; /* the server's copy, kept while it runs */
	x->progress = m;
}

/* The department approves a figure of IND for the zone in 2025. */
static void approve_zone_2025(void)
{
	struct sheet *sh = app_fixture_sheet(&fx, "indicator,region,period,value,source\n" IND ",zcq,2025,1300,统计公报\n");
	struct import_result res;
	assert_non_null(sh);
	app_fixture_as(&fx, WHO_ANALYST)->four_eyes = "none";
	assert_int_equal(app_values_enter(&fx.ctx, sh, OBS_APPROVED, NULL, 0, &res, &fx.errs), ST_OK);
}

static const struct assess_row *zone_row(const struct app_progress *pr)
{
	int ind = plan_find_indicator(fx.shipped, IND);
	for (size_t i = 0; i < pr->n_rows; i++)
		if (pr->rows[i].indicator == ind && strcmp(fx.shipped->regions[pr->rows[i].region].code, "zcq") == 0)
			return &pr->rows[i];
	return NULL;
}

static void counts(struct progress_memo *m, unsigned long long computed, unsigned long long shared)
{
	unsigned long long c, s;
	progress_memo_counts(m, &c, &s);
	assert_int_equal(c, computed);
	assert_int_equal(s, shared);
}

/* pr (shared) judges every target as a request computing its own does. */
static void same_as_alone(const struct app_progress *pr, enum who w, unsigned flags)
{
	struct app_ctx x;
	struct app_progress own;
	request(&x, fx.store, fx.arena, w, NULL);
	assert_int_equal(app_progress(&x, -1, flags, &own, &fx.errs), ST_OK);
	assert_int_equal(pr->n_cur, own.n_cur);
	assert_int_equal(pr->n_rows, own.n_rows);
	for (size_t i = 0; i < own.n_rows; i++) {
		assert_int_equal(pr->rows[i].target, own.rows[i].target);
		assert_int_equal(pr->rows[i].a.status, own.rows[i].a.status);
		assert_int_equal(pr->rows[i].j.verdict, own.rows[i].j.verdict);
	}
	assert_int_equal(pr->n_trends, own.n_trends);
	for (size_t i = 0; i < own.n_trends; i++) {
		assert_int_equal(pr->trends[i].indicator, own.trends[i].indicator);
		assert_int_equal(pr->trends[i].a.status, own.trends[i].a.status);
	}
}

static void test_progress_memo_one_answer_per_version_and_view(void **state)
{
	(void)state;
	struct progress_memo *m = progress_memo_new(SIZE_MAX);
	struct arena *a1 = arena_new(), *a2 = arena_new(), *a3 = arena_new(), *a4 = arena_new();
	struct app_ctx x1, x2, x3, x4;
	struct app_progress ana, boss, one, alone, pub, after, pub_after;
	int ind = plan_find_indicator(fx.shipped, IND);
	assert_true(ind >= 0);

	/* one indicator's page with nothing computed yet reads that indicator's values alone */
	request(&x1, fx.store, a1, WHO_ANALYST, m);
	assert_int_equal(app_progress(&x1, ind, APP_PROGRESS_TRENDS, &alone, &fx.errs), ST_OK);
	counts(m, 0, 0);
	assert_true(alone.n_rows > 0);
	for (size_t i = 0; i < alone.n_cur; i++)
		assert_string_equal(alone.cur[i].indicator, IND);

	/* two department users, two pages: one computation, the second request shares it */
	request(&x2, fx.store, a2, WHO_ADMIN, m);
	assert_int_equal(app_progress(&x1, -1, 0, &ana, &fx.errs), ST_OK);
	assert_null(ana.trends);
	assert_int_equal(app_progress(&x2, -1, APP_PROGRESS_TRENDS, &boss, &fx.errs), ST_OK);
	counts(m, 1, 1);
	assert_ptr_equal(ana.cur, boss.cur);
	assert_ptr_equal(ana.rows, boss.rows);
	assert_true(boss.n_trends > 0); /* computed when first asked for */
	same_as_alone(&boss, WHO_ADMIN, APP_PROGRESS_TRENDS);
	/* the values alone (the coverage page): the same read */
	const struct obs *vals, *own_vals;
	size_t n_vals, n_own_vals;
	struct app_ctx alone_x;
	assert_int_equal(app_current_values(&x2, fx.shipped, OBS_VIEW_INTERNAL, &vals, &n_vals), ST_OK);
	counts(m, 1, 2);
	assert_ptr_equal(vals, ana.cur);
	request(&alone_x, fx.store, fx.arena, WHO_ADMIN, NULL);
	assert_int_equal(app_current_values(&alone_x, fx.shipped, OBS_VIEW_INTERNAL, &own_vals, &n_own_vals), ST_OK);
	assert_int_equal(n_own_vals, n_vals);
	/* of one indicator: its rows alone, copied; the shared rows stay whole */
	assert_int_equal(app_progress(&x1, ind, APP_PROGRESS_TRENDS, &one, &fx.errs), ST_OK);
	counts(m, 1, 3);
	assert_true(one.n_rows > 0 && one.n_rows < ana.n_rows);
	assert_int_equal(one.n_rows, alone.n_rows);
	for (size_t i = 0; i < one.n_rows; i++) {
		assert_int_equal(one.rows[i].indicator, ind);
		assert_int_equal(one.rows[i].a.status, alone.rows[i].a.status);
	}
	assert_int_equal(one.n_trends, 0); /* it has targets */
	for (size_t i = 0; i < ana.n_rows; i++)
		assert_int_equal(ana.rows[i].target, (int)i);

	/* the public: an answer of its own */
	request(&x3, fx.store, a3, WHO_ANON, m);
	assert_int_equal(app_progress(&x3, -1, 0, &pub, &fx.errs), ST_OK);
	counts(m, 2, 3);
	assert_true(pub.cur != ana.cur);
	same_as_alone(&pub, WHO_ANON, 0);

	/* a change: the next request computes again and sees it; the department's approved
	 * figure counts for the department only */
	approve_zone_2025();
	request(&x4, fx.store, a4, WHO_ANALYST, m);
	assert_int_equal(app_progress(&x4, -1, 0, &after, &fx.errs), ST_OK);
	counts(m, 3, 3);
	assert_non_null(zone_row(&after));
	assert_true(zone_row(&after)->a.latest_value == 1300);
	same_as_alone(&after, WHO_ANALYST, 0);
	assert_int_equal(app_progress(&x3, -1, 0, &pub_after, &fx.errs), ST_OK);
	counts(m, 4, 3);
	assert_true(!zone_row(&pub_after) || zone_row(&pub_after)->a.latest_value != 1300);

	/* the answers handed out before the change stay readable until their arenas go */
	assert_true(zone_row(&ana) == NULL || zone_row(&ana)->a.latest_value != 1300);
	assert_int_equal(boss.n_cur, ana.n_cur);
	arena_free(a1);
	arena_free(a2);
	arena_free(a3);
	arena_free(a4);
	progress_memo_free(m);
}

/* Requests asking at the same time, each on its own connection. */
struct asker {
	struct progress_memo *m;
	pthread_barrier_t *start;
	const struct obs *cur;
	size_t n_rows;
	enum status rc;
};

static void *ask(void *arg)
{
	struct asker *k = arg;
	struct store *s;
	struct arena *a = arena_new();
	struct app_ctx x;
	struct app_progress pr;
	k->rc = store_open(fx.db, &s);
	pthread_barrier_wait(k->start);
	if (k->rc == ST_OK) {
		request(&x, s, a, WHO_READER, k->m);
		k->rc = app_progress(&x, -1, APP_PROGRESS_TRENDS, &pr, NULL);
		k->cur = pr.cur, k->n_rows = pr.n_rows;
	}
	arena_free(a);
	store_close(s);
	return NULL;
}

static void test_progress_memo_computes_once_for_requests_at_once(void **state)
{
	(void)state;
	enum { N = 4 };
	struct progress_memo *m = progress_memo_new(SIZE_MAX);
	pthread_barrier_t start;
	pthread_t th[N];
	struct asker k[N];
	pthread_barrier_init(&start, NULL, N);
	for (int i = 0; i < N; i++) {
		k[i] = (struct asker){.m = m, .start = &start};
		assert_int_equal(pthread_create(&th[i], NULL, ask, &k[i]), 0);
	}
	for (int i = 0; i < N; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&start);
	counts(m, 1, N - 1);
	for (int i = 0; i < N; i++) {
		assert_int_equal(k[i].rc, ST_OK);
		assert_ptr_equal(k[i].cur, k[0].cur);
		assert_int_equal(k[i].n_rows, fx.shipped->n_targets);
	}
	progress_memo_free(m);
}

/* A memo whose budget an answer does not fit: each request judges its own, and gets the same
 * answer as with room to keep it. */
static void test_progress_memo_keeps_nothing_past_its_budget(void **state)
{
	(void)state;
	struct progress_memo *m = progress_memo_new(1024);
	struct arena *a1 = arena_new(), *a2 = arena_new();
	struct app_ctx x1, x2;
	struct app_progress p1, p2;
	request(&x1, fx.store, a1, WHO_ANALYST, m);
	request(&x2, fx.store, a2, WHO_ANALYST, m);
	assert_int_equal(app_progress(&x1, -1, APP_PROGRESS_TRENDS, &p1, &fx.errs), ST_OK);
	assert_int_equal(app_progress(&x2, -1, APP_PROGRESS_TRENDS, &p2, &fx.errs), ST_OK);
	counts(m, 2, 0);
	assert_true(p1.cur != p2.cur);
	same_as_alone(&p1, WHO_ANALYST, APP_PROGRESS_TRENDS);
	same_as_alone(&p2, WHO_ANALYST, APP_PROGRESS_TRENDS);
	arena_free(a1);
	arena_free(a2);
	progress_memo_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_progress_memo_one_answer_per_version_and_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress_memo_computes_once_for_requests_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress_memo_keeps_nothing_past_its_budget, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
