/* sqlite_derived.c - the totals derived indicators are computed from (0011_derived_totals.sql)
 * and their state, read and written inside the caller's transaction; and the scan of a
 * registry's current records that a full computation reads them from, column by column, in
 * one pass. The store computes nothing here: ingest/derived.c does. */
#include <string.h>

#include "store/sqlite_int.h"
#include "store/store.h"
#include "base/banned.h"

/* The SQL column of a registry field (sqlite_registry.c: talents' "id" is "id_no"). */
static const char *column(const struct reg_field *f)
{
	return strcmp(f->name, "id") == 0 ? "id_no" : f->name;
}

enum status store_registry_scan(struct store *s, enum reg_kind kind, uint64_t field_mask, reg_row_fn fn, void *ctx)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	struct arena *a = arena_new();
	int cols[REG_MAX_FIELDS];
	size_t n_cols = 0;
	char *list = arena_strdup(a, "");
	for (size_t f = 0; f < k->n_fields; f++) {
		enum reg_type t = k->fields[f].type;
		if (!((field_mask >> f) & 1u) && (int)f != k->region_field && t != RT_DATE && t != RT_YEAR)
			continue;
		list = arena_printf(a, "%s%s\"%s\"", list, n_cols ? ", " : "", column(&k->fields[f]));
		cols[n_cols++] = (int)f;
	}
	/* registry_superseded is small (the revised records): the NOT IN is a look-up per row */
	sqlite3_stmt *st = sq_prep(s, a,
				   arena_printf(a, "SELECT %s FROM registry_%s WHERE id NOT IN"
						   " (SELECT id FROM registry_superseded WHERE kind = '%s')",
						list, k->name, k->name));
	enum status rc = st ? ST_OK : ST_STORE;
	int step = SQLITE_DONE;
	while (rc == ST_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct reg_row row;
		memset(&row, 0, sizeof(row));
		row.region = -1;
		row.nulls = ~(uint64_t)0;
		for (size_t c = 0; c < n_cols; c++) {
			int f = cols[c];
			if (sqlite3_column_type(st, (int)c) == SQLITE_NULL)
				continue;
			enum reg_type t = k->fields[f].type;
			if (t == RT_NUMBER || t == RT_YEAR) {
				/* the number as stored, to the bit (its text would round it) */
				row.num[f] = sqlite3_column_double(st, (int)c);
				row.nulls &= ~((uint64_t)1 << f); /* its text is not read: SQLite would print it */
			} else {
				reg_row_set(kind, &row, f, (const char *)sqlite3_column_text(st, (int)c));
			}
		}
		rc = fn(ctx, &row);
	}
	if (rc == ST_OK && step != SQLITE_DONE)
		rc = sq_fail(s, "%s", sqlite3_errmsg(s->db));
	arena_free(a);
	return rc;
}

enum status store_registry_count(struct store *s, enum reg_kind kind, size_t *n)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	struct arena *a = arena_new();
	*n = 0;
	/* every row less the revisions a later one replaced: two counts, no row read */
	sqlite3_stmt *st = sq_prep(s, a,
				   arena_printf(a, "SELECT (SELECT count(*) FROM registry_%s)"
						   " - (SELECT count(*) FROM registry_superseded WHERE kind = '%s')",
						k->name, k->name));
	enum status rc = st ? sq_row(s, st) : ST_STORE;
	if (rc == ST_OK)
		*n = (size_t)sqlite3_column_int64(st, 0);
	arena_free(a);
	return rc;
}

/* The year of column i: a date's first four characters, or a year column's number. */
static int year_of(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) != SQLITE_TEXT)
		return sqlite3_column_int(st, i);
	const unsigned char *t = sqlite3_column_text(st, i);
	int y = 0;
	for (int k = 0; k < 4 && t && t[k] >= '0' && t[k] <= '9'; k++)
		y = y * 10 + (t[k] - '0');
	return y;
}

int store_registry_year_span(struct store *s, enum reg_kind kind, int *lo, int *hi)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	struct arena *a = arena_new();
	char *list = arena_strdup(a, "");
	size_t n = 0;
	for (size_t f = 0; f < k->n_fields; f++) {
		enum reg_type t = k->fields[f].type;
		if (t != RT_DATE && t != RT_YEAR)
			continue;
		/* dates YYYY-MM-DD order as their text: the year is read from the extremes alone */
		const char *col = column(&k->fields[f]);
		list = arena_printf(a, "%s%smin(\"%s\"), max(\"%s\")", list, n ? ", " : "", col, col);
		n++;
	}
	int any = 0;
	if (n) {
		sqlite3_stmt *st = sq_prep(s, a,
					   arena_printf(a, "SELECT %s FROM registry_%s WHERE id NOT IN"
							   " (SELECT id FROM registry_superseded WHERE kind = '%s')",
							list, k->name, k->name));
		if (!st || sq_row(s, st) != ST_OK) {
			arena_free(a);
			return -1;
		}
		for (size_t i = 0; i < 2 * n; i += 2) {
			if (sqlite3_column_type(st, (int)i) == SQLITE_NULL)
				continue;
			int a_lo = year_of(st, (int)i), a_hi = year_of(st, (int)i + 1);
			if (!any || a_lo < *lo)
				*lo = a_lo;
			if (!any || a_hi > *hi)
				*hi = a_hi;
			any = 1;
		}
	}
	arena_free(a);
	return any;
}

enum status store_derived_state(struct store *s, struct arena *a, const char *indicator, struct derived_state *out)
{
	sqlite3_stmt *st = sq_prep(s, a,
				   "SELECT indicator, definition, tree, first_year, last_year, max_year, hi_year FROM derived_state"
				   " WHERE indicator = ?");
	if (!st)
		return ST_STORE;
	sq_bind_text(st, 1, indicator);
	enum status rc = sq_row(s, st);
	if (rc == ST_OK) {
		*out = (struct derived_state){sq_col_text(a, st, 0), sq_col_text(a, st, 1), sq_col_text(a, st, 2),
					      sqlite3_column_int(st, 3), sqlite3_column_int(st, 4), sqlite3_column_int(st, 5),
					      sqlite3_column_int(st, 6)};
	}
	sqlite3_reset(st);
	return rc;
}

enum status store_derived_state_put(struct store *s, const struct derived_state *v)
{
	struct arena *a = arena_new();
	sqlite3_stmt *st = sq_prep(s, a,
				   "INSERT OR REPLACE INTO derived_state (indicator, definition, tree, first_year, last_year,"
				   " max_year, hi_year) VALUES (?,?,?,?,?,?,?)");
	enum status rc = ST_STORE;
	if (st) {
		sq_bind_text(st, 1, v->indicator), sq_bind_text(st, 2, v->definition), sq_bind_text(st, 3, v->tree);
		sq_bind_int(st, 4, v->first_year), sq_bind_int(st, 5, v->last_year), sq_bind_int(st, 6, v->max_year);
		sq_bind_int(st, 7, v->hi_year);
		rc = sq_step_done(s, st);
	}
	arena_free(a);
	return rc;
}

enum status store_derived_regions(struct store *s, struct arena *a, const char *indicator, const char ***codes, size_t *n)
{
	sqlite3_stmt *st = sq_prep(s, a, "SELECT DISTINCT region FROM derived_totals WHERE indicator = ? ORDER BY region");
	*n = 0;
	if (!st)
		return ST_STORE;
	sq_bind_text(st, 1, indicator);
	size_t cap = 0;
	*codes = sq_grow(a, NULL, &cap, 0, sizeof(**codes));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*codes = sq_grow(a, *codes, &cap, *n, sizeof(**codes));
		(*codes)[(*n)++] = sq_col_text(a, st, 0);
	}
	return sq_done(s, rc);
}

enum status store_derived_clear(struct store *s, const char *indicator)
{
	struct arena *a = arena_new();
	sqlite3_stmt *st = sq_prep(s, a, "DELETE FROM derived_totals WHERE indicator = ?");
	enum status rc = ST_STORE;
	if (st) {
		sq_bind_text(st, 1, indicator);
		rc = sq_step_done(s, st);
	}
	arena_free(a);
	return rc;
}

enum status store_derived_get(struct store *s, const char *indicator, const char *region, int year, size_t n_leaves,
			      int64_t *totals)
{
	struct arena *a = arena_new();
	memset(totals, 0, n_leaves * sizeof(*totals));
	sqlite3_stmt *st = sq_prep(s, a, "SELECT leaf, total FROM derived_totals WHERE indicator = ? AND region = ? AND year = ?");
	enum status rc = ST_STORE;
	if (st) {
		sq_bind_text(st, 1, indicator), sq_bind_text(st, 2, region), sq_bind_int(st, 3, year);
		int step;
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			long long leaf = sqlite3_column_int64(st, 0);
			if (leaf >= 0 && (size_t)leaf < n_leaves)
				totals[leaf] = sqlite3_column_int64(st, 1);
		}
		rc = sq_done(s, step);
	}
	arena_free(a);
	return rc;
}

enum status store_derived_set(struct store *s, const char *indicator, const char *region, int year, size_t n_leaves,
			      const int64_t *totals)
{
	struct arena *a = arena_new();
	sqlite3_stmt *st = sq_prep(s, a, "INSERT OR REPLACE INTO derived_totals (indicator, region, year, leaf, total) VALUES (?,?,?,?,?)");
	enum status rc = st ? ST_OK : ST_STORE;
	for (size_t l = 0; rc == ST_OK && l < n_leaves; l++) {
		sq_bind_text(st, 1, indicator), sq_bind_text(st, 2, region), sq_bind_int(st, 3, year);
		sq_bind_int(st, 4, (long long)l), sq_bind_int(st, 5, totals[l]);
		rc = sq_step_done(s, st);
	}
	arena_free(a);
	return rc;
}
