/* test_arena.c - unit tests of base/arena.c: alignment, large blocks, string copies,
 * zeroing, cleanup order on reset and free, and the used-bytes counter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/banned.h"

static void test_arena_alloc_is_aligned(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	for (size_t n = 1; n < 100; n++) {
		void *p = arena_alloc(a, n);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
	}
	arena_free(a);
}

static void test_arena_alloc_larger_than_a_block(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *small = arena_strdup(a, "before");
	size_t big_len = 100000;
	unsigned char *big = arena_alloc(a, big_len);
	memset(big, 0xAB, big_len);
	char *after = arena_strdup(a, "after");
	/* earlier and later allocations are untouched by the big one */
	assert_string_equal(small, "before");
	assert_string_equal(after, "after");
	assert_int_equal(big[0], 0xAB);
	assert_int_equal(big[big_len - 1], 0xAB);
	assert_int_equal(arena_used(a), 7 + big_len + 6);
	arena_free(a);
}

static void test_arena_strings_are_copies(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char src[] = "长株潭 abc";
	char *d = arena_strdup(a, src);
	char *n = arena_strndup(a, src, 3);
	char *f = arena_printf(a, "%s-%d-%.2f", "x", 42, 1.5);
	src[0] = 'X';
	assert_string_equal(d, "长株潭 abc");
	assert_string_equal(n, "长");
	assert_int_equal(strlen(n), 3);
	assert_string_equal(f, "x-42-1.50");
	arena_free(a);
}

static void test_arena_calloc_zeroes(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	/* dirty the block first so a zero result is calloc's doing */
	unsigned char *dirty = arena_alloc(a, 512);
	memset(dirty, 0xFF, 512);
	arena_reset(a);
	int *v = arena_calloc(a, 100, sizeof(int));
	for (int i = 0; i < 100; i++)
		assert_int_equal(v[i], 0);
	arena_free(a);
}

static int order[8];
static int n_order;

static void record(void *p)
{
	order[n_order++] = *(int *)p;
}

static void test_arena_on_free_runs_newest_first(void **state)
{
	(void)state;
	static int one = 1, two = 2, three = 3;
	struct arena *a = arena_new();
	n_order = 0;
	arena_on_free(a, record, &one);
	arena_on_free(a, record, &two);
	arena_on_free(a, record, &three);
	assert_int_equal(n_order, 0);
	arena_free(a);
	assert_int_equal(n_order, 3);
	assert_int_equal(order[0], 3);
	assert_int_equal(order[1], 2);
	assert_int_equal(order[2], 1);
}

static void test_arena_reset_runs_cleanups_once(void **state)
{
	(void)state;
	static int seven = 7;
	struct arena *a = arena_new();
	n_order = 0;
	arena_on_free(a, record, &seven);
	(void)arena_alloc(a, 20000); /* a second block, released by reset */
	arena_reset(a);
	assert_int_equal(n_order, 1);
	assert_int_equal(order[0], 7);
	assert_int_equal(arena_used(a), 0);
	/* usable after reset; the cleanup does not run a second time */
	assert_string_equal(arena_strdup(a, "again"), "again");
	arena_free(a);
	assert_int_equal(n_order, 1);
}

static void test_arena_used_counts_requested_bytes(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_int_equal(arena_used(a), 0);
	(void)arena_alloc(a, 10);
	(void)arena_alloc(a, 30);
	assert_int_equal(arena_used(a), 40);
	arena_free(a);
	arena_free(NULL); /* allowed */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_alloc_is_aligned),
		cmocka_unit_test(test_arena_alloc_larger_than_a_block),
		cmocka_unit_test(test_arena_strings_are_copies),
		cmocka_unit_test(test_arena_calloc_zeroes),
		cmocka_unit_test(test_arena_on_free_runs_newest_first),
		cmocka_unit_test(test_arena_reset_runs_cleanups_once),
		cmocka_unit_test(test_arena_used_counts_requested_bytes),
	};
	return cmocka_run_group_tests_name("base/arena", tests, NULL, NULL);
}
