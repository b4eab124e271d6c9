/* registry_page.c - a page of a registry's current records, and their count, for the pages and
 * the API that list records: the store does the filtering (regions), the ordering (by key, the
 * order of the (rkey, revision) index) and the cutting (LIMIT / OFFSET), so a request holds one
 * page whatever the size of the registry. The current record of a key is the revision that
 * registry_superseded does not list. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "store/db.h"
#include "store/store.h"
#include "base/banned.h"

/* " FROM registry_K o WHERE <current> [AND o."region" IN (?1, ..., ?n_regions)]" */
static const char *from_where(struct arena *a, const struct reg_kind_info *k, size_t n_regions, int is_filtered)
{
	struct buf b;
	buf_init(&b, 0);
	bwf(&b, " FROM registry_%s o WHERE o.id NOT IN (SELECT id FROM registry_superseded WHERE kind = '%s')", k->name,
	    k->name);
	if (is_filtered) {
		bwf(&b, " AND o.\"%s\" IN (", k->fields[k->region_field].name);
		for (size_t i = 0; i < n_regions; i++)
			bwf(&b, i ? ", ?%zu" : "?%zu", i + 1);
		bwc(&b, ')');
	}
	const char *sql = arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return sql;
}

static void bind_regions(struct db_stmt *st, const char *const *regions, size_t n_regions)
{
	for (size_t i = 0; i < n_regions; i++)
		db_bind_text(st, (int)i + 1, regions[i]);
}

enum status store_registry_page(struct store *s, struct arena *a, enum reg_kind kind, const char *const *regions,
				size_t n_regions, size_t offset, size_t limit, struct reg_record **rows, size_t *n,
				size_t *total)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	*rows = NULL, *n = 0;
	if (total)
		*total = 0;
	if (regions && n_regions == 0)
		return ST_OK; /* no region may be listed: nothing */
	if (n_regions > STORE_REGISTRY_MAX_REGIONS)
		return db_fail(s, "more than %d regions to list records of", STORE_REGISTRY_MAX_REGIONS);
	const char *fw = from_where(a, k, n_regions, regions != NULL);
	if (total) {
		struct db_stmt *c = db_prep(s, a, arena_printf(a, "SELECT count(*)%s", fw));
		long long count = 0;
		if (!c)
			return ST_STORE;
		bind_regions(c, regions, n_regions);
		if (db_scalar(c, &count) != ST_OK)
			return ST_STORE;
		*total = (size_t)count;
	}
	if (limit == 0)
		return ST_OK;
	struct db_stmt *st = db_prep(s, a,
				   arena_printf(a, "SELECT %s%s ORDER BY o.rkey LIMIT ?%zu OFFSET ?%zu", db_registry_columns(a, k),
						fw, n_regions + 1, n_regions + 2));
	if (!st)
		return ST_STORE;
	bind_regions(st, regions, n_regions);
	db_bind_int(st, (int)n_regions + 1, limit < (size_t)LLONG_MAX ? (long long)limit : LLONG_MAX);
	db_bind_int(st, (int)n_regions + 2, offset < (size_t)LLONG_MAX ? (long long)offset : LLONG_MAX);
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**rows), limit < 1024 ? limit : 1024, db_registry_record, k, &v, n);
	*rows = v;
	return rc;
}
