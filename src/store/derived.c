/* derived.c - the totals derived indicators are computed from (0015_derived_totals.sql) and
 * their state, read and written inside the caller's transaction; and the scan of a registry's
 * current records that a full computation reads them from, only the columns it needs, in one
 * pass: from the columnar copy (columns.c) when it holds every row, else from the rows. The
 * store computes nothing here: ingest/derived.c does. */
#include <string.h>

#include "store/columns.h"
#include "store/db.h"
#include "store/store.h"
#include "base/banned.h"

/* The SQL column of a registry field (registry.c: talents' "id" is "id_no"). */
static const char *column(const struct reg_field *f)
{
	return strcmp(f->name, "id") == 0 ? "id_no" : f->name;
}

/* A scan of the rows of kind: the current records (is_all 0) or every revision in row-id
 * order (is_all 1, for building the columns), fn called with each record's row id. */
typedef enum status (*row_id_fn)(void *ctx, long long id, struct reg_row *row);

static enum status rows_scan(struct store *s, enum reg_kind kind, uint64_t field_mask, int is_all, reg_region_fn region,
			     row_id_fn fn, void *ctx)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	struct arena *a = arena_new();
	int cols[REG_MAX_FIELDS];
	size_t n_cols = 0;
	char *list = arena_strdup(a, "id");
	for (size_t f = 0; f < k->n_fields; f++) {
		enum reg_type t = k->fields[f].type;
		if (!((field_mask >> f) & 1u) && (int)f != k->region_field && t != RT_DATE && t != RT_YEAR)
			continue;
		list = arena_printf(a, "%s, \"%s\"", list, column(&k->fields[f]));
		cols[n_cols++] = (int)f;
	}
	/* registry_superseded is small (the revised records): the NOT IN is a look-up per row */
	struct db_stmt *st = db_prep(s, a,
				     is_all ? arena_printf(a, "SELECT %s FROM registry_%s ORDER BY id", list, k->name)
					    : arena_printf(a, "SELECT %s FROM registry_%s WHERE id NOT IN"
							      " (SELECT id FROM registry_superseded WHERE kind = '%s')",
							   list, k->name, k->name));
	enum status rc = st ? ST_OK : ST_STORE;
	enum db_step step = DB_STEP_DONE;
	if (st)
		db_stream(st); /* millions of rows: one at a time, not all at once */
	while (rc == ST_OK && (step = db_step(st)) == DB_STEP_ROW) {
		struct reg_row row;
		memset(&row, 0, sizeof(row));
		row.region = -1;
		row.nulls = ~(uint64_t)0;
		for (size_t c = 0; c < n_cols; c++) {
			int f = cols[c];
			if (db_is_null(st, (int)c + 1))
				continue;
			enum reg_type t = k->fields[f].type;
			if (t == RT_NUMBER || t == RT_YEAR) {
				/* the number as stored, to the bit (its text would round it) */
				row.num[f] = db_double(st, (int)c + 1);
				row.nulls &= ~((uint64_t)1 << f); /* its text is not read */
			} else {
				reg_row_set(kind, &row, f, db_peek(st, (int)c + 1));
				if (t == RT_DATE)
					row.text[f] = NULL; /* read as its yyyymmdd (the columns keep no text) */
			}
		}
		if (region)
			row.region = region(ctx, row.text[k->region_field]);
		rc = fn(ctx, db_int(st, 0), &row);
	}
	if (st && rc != ST_OK)
		db_reset(st); /* stopped early: the connection is free again */
	if (rc == ST_OK && step != DB_STEP_DONE)
		rc = ST_STORE;
	arena_free(a);
	return rc;
}

struct row_fn_ctx {
	reg_region_fn region;
	reg_row_fn fn;
	void *ctx;
};

static int region_of(void *ctx, const char *code)
{
	const struct row_fn_ctx *c = ctx;
	return c->region ? c->region(c->ctx, code) : -1;
}

static enum status without_id(void *ctx, long long id, struct reg_row *row)
{
	(void)id;
	const struct row_fn_ctx *c = ctx;
	return c->fn(c->ctx, row);
}

enum status store_registry_scan_rows(struct store *s, enum reg_kind kind, uint64_t field_mask, reg_region_fn region,
				     reg_row_fn fn, void *ctx)
{
	struct row_fn_ctx c = {region, fn, ctx};
	return rows_scan(s, kind, field_mask, 0, region_of, without_id, &c);
}

static enum status append_row(void *ctx, long long id, struct reg_row *row)
{
	return col_append_row(ctx, id, row);
}

enum status store_registry_columns_build(struct store *s, enum reg_kind kind)
{
	struct arena *a = arena_new();
	struct col_appender *ap;
	enum status rc = s->in_tx ? col_appender_open(s, a, kind, 1, &ap) : db_fail(s, "building the columns needs a transaction");
	if (rc == ST_OK && ap)
		rc = rows_scan(s, kind, ~(uint64_t)0, 1, NULL, append_row, ap);
	if (rc == ST_OK && ap)
		rc = col_appender_finish(ap);
	arena_free(a);
	return rc;
}

int store_registry_columns_ready(struct store *s, enum reg_kind kind)
{
	int is_ready;
	if (!col_covers(s, kind, 0))
		return 0;
	return col_ready(s, kind, &is_ready) == ST_OK ? is_ready : -1;
}

/* Whether a scan of kind reading field_mask reads the columns: *is_columns 1 when they cover the
 * fields and hold every row, built first when they do not (a store from before them, rows
 * written without them) and a transaction is open to write them in. */
static enum status use_columns(struct store *s, enum reg_kind kind, uint64_t field_mask, int *is_columns)
{
	*is_columns = 0;
	if (!col_covers(s, kind, field_mask))
		return ST_OK;
	enum status rc = col_ready(s, kind, is_columns);
	if (rc == ST_OK && !*is_columns && s->in_tx) {
		rc = store_registry_columns_build(s, kind);
		if (rc == ST_OK)
			rc = col_ready(s, kind, is_columns);
	}
	return rc;
}

enum status store_registry_scan_parts(struct store *s, enum reg_kind kind, uint64_t field_mask, reg_region_fn region,
				      reg_row_fn fn, size_t n_ctxs, void *const *ctxs)
{
	int is_columns;
	enum status rc = use_columns(s, kind, field_mask, &is_columns);
	if (rc != ST_OK)
		return rc;
	return is_columns ? col_scan(s, kind, field_mask, region, fn, n_ctxs, ctxs)
			  : store_registry_scan_rows(s, kind, field_mask, region, fn, ctxs[0]);
}

enum status store_registry_scan(struct store *s, enum reg_kind kind, uint64_t field_mask, reg_region_fn region, reg_row_fn fn,
				void *ctx)
{
	return store_registry_scan_parts(s, kind, field_mask, region, fn, 1, &ctx);
}

enum status store_registry_count(struct store *s, enum reg_kind kind, size_t *n)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	struct arena *a = arena_new();
	*n = 0;
	/* every row less the revisions a later one replaced: two counts, no row read */
	struct db_stmt *st = db_prep(s, a,
				     arena_printf(a, "SELECT (SELECT count(*) FROM registry_%s)"
						     " - (SELECT count(*) FROM registry_superseded WHERE kind = '%s')",
						  k->name, k->name));
	long long v = 0;
	enum status rc = st ? db_scalar(st, &v) : ST_STORE;
	*n = v > 0 ? (size_t)v : 0;
	arena_free(a);
	return rc;
}

/* The year of column i: a date's first four characters, or a year column's number. */
static int year_of(struct db_stmt *st, int i)
{
	const char *t = db_peek(st, i);
	int y = 0;
	for (int k = 0; k < 4 && t[k] >= '0' && t[k] <= '9'; k++)
		y = y * 10 + (t[k] - '0');
	return y;
}

int store_registry_year_span(struct store *s, enum reg_kind kind, int *lo, int *hi)
{
	int is_columns;
	if (use_columns(s, kind, 0, &is_columns) != ST_OK)
		return -1;
	if (is_columns)
		return col_year_span(s, kind, lo, hi);
	return store_registry_year_span_rows(s, kind, lo, hi);
}

int store_registry_year_span_rows(struct store *s, enum reg_kind kind, int *lo, int *hi)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	struct arena *a = arena_new();
	char *list = arena_strdup(a, "");
	size_t n = 0;
	for (size_t f = 0; f < k->n_fields; f++) {
		enum reg_type t = k->fields[f].type;
		if (t != RT_DATE && t != RT_YEAR)
			continue;
		/* dates YYYY-MM-DD order as their text: the year is read from the extremes alone; a
		 * year column is read as text so both kinds give their year the same way */
		const char *col = column(&k->fields[f]);
		list = arena_printf(a, "%s%sCAST(min(\"%s\") AS TEXT), CAST(max(\"%s\") AS TEXT)", list, n ? ", " : "", col, col);
		n++;
	}
	int any = 0;
	if (n) {
		struct db_stmt *st = db_prep(s, a,
					     arena_printf(a, "SELECT %s FROM registry_%s WHERE id NOT IN"
							     " (SELECT id FROM registry_superseded WHERE kind = '%s')",
							  list, k->name, k->name));
		if (!st || db_row(st) != ST_OK) {
			arena_free(a);
			return -1;
		}
		for (size_t i = 0; i < 2 * n; i += 2) {
			if (db_is_null(st, (int)i))
				continue;
			int a_lo = year_of(st, (int)i), a_hi = year_of(st, (int)i + 1);
			if (!any || a_lo < *lo)
				*lo = a_lo;
			if (!any || a_hi > *hi)
				*hi = a_hi;
			any = 1;
		}
		db_reset(st);
	}
	arena_free(a);
	return any;
}

enum status store_derived_state(struct store *s, struct arena *a, const char *indicator, struct derived_state *out)
{
	struct db_stmt *st = db_prep(s, a,
				     "SELECT indicator, definition, tree, first_year, last_year, max_year, hi_year FROM derived_state"
				     " WHERE indicator = ?");
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, indicator);
	enum status rc = db_row(st);
	if (rc == ST_OK) {
		*out = (struct derived_state){db_text(a, st, 0), db_text(a, st, 1), db_text(a, st, 2), (int)db_int(st, 3),
					      (int)db_int(st, 4), (int)db_int(st, 5), (int)db_int(st, 6)};
	}
	db_reset(st);
	return rc;
}

enum status store_derived_state_put(struct store *s, const struct derived_state *v)
{
	struct arena *a = arena_new();
	struct db_stmt *st = db_prep(s, a,
				     "INSERT INTO derived_state (indicator, definition, tree, first_year, last_year, max_year, hi_year)"
				     " VALUES (?,?,?,?,?,?,?) ON CONFLICT (indicator) DO UPDATE SET definition = excluded.definition,"
				     " tree = excluded.tree, first_year = excluded.first_year, last_year = excluded.last_year,"
				     " max_year = excluded.max_year, hi_year = excluded.hi_year");
	enum status rc = ST_STORE;
	if (st) {
		db_bind_text(st, 1, v->indicator), db_bind_text(st, 2, v->definition), db_bind_text(st, 3, v->tree);
		db_bind_int(st, 4, v->first_year), db_bind_int(st, 5, v->last_year), db_bind_int(st, 6, v->max_year);
		db_bind_int(st, 7, v->hi_year);
		rc = db_run(st);
	}
	arena_free(a);
	return rc;
}

static void read_code(struct arena *a, struct db_stmt *st, void *elem, const void *ctx)
{
	(void)ctx;
	*(const char **)elem = db_text(a, st, 0);
}

enum status store_derived_regions(struct store *s, struct arena *a, const char *indicator, const char ***codes, size_t *n)
{
	struct db_stmt *st = db_prep(s, a, "SELECT DISTINCT region FROM derived_totals WHERE indicator = ? ORDER BY region");
	*n = 0;
	*codes = NULL;
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, indicator);
	void *v = NULL;
	enum status rc = db_collect(st, a, sizeof(**codes), 16, read_code, NULL, &v, n);
	*codes = v;
	return rc;
}

enum status store_derived_clear(struct store *s, const char *indicator)
{
	struct arena *a = arena_new();
	struct db_stmt *st = db_prep(s, a, "DELETE FROM derived_totals WHERE indicator = ?");
	enum status rc = ST_STORE;
	if (st) {
		db_bind_text(st, 1, indicator);
		rc = db_run(st);
	}
	arena_free(a);
	return rc;
}

enum status store_derived_get(struct store *s, const char *indicator, const char *region, int year, size_t n_leaves,
			      int64_t *totals)
{
	struct arena *a = arena_new();
	memset(totals, 0, n_leaves * sizeof(*totals));
	struct db_stmt *st = db_prep(s, a, "SELECT leaf, total FROM derived_totals WHERE indicator = ? AND region = ? AND year = ?");
	enum status rc = ST_STORE;
	if (st) {
		db_bind_text(st, 1, indicator), db_bind_text(st, 2, region), db_bind_int(st, 3, year);
		enum db_step step;
		while ((step = db_step(st)) == DB_STEP_ROW) {
			long long leaf = db_int(st, 0);
			if (leaf >= 0 && (size_t)leaf < n_leaves)
				totals[leaf] = db_int(st, 1);
		}
		db_reset(st);
		rc = step == DB_STEP_DONE ? ST_OK : ST_STORE;
	}
	arena_free(a);
	return rc;
}

enum status store_derived_set(struct store *s, const char *indicator, const char *region, int year, size_t n_leaves,
			      const int64_t *totals)
{
	struct arena *a = arena_new();
	struct db_stmt *st = db_prep(s, a,
				     "INSERT INTO derived_totals (indicator, region, year, leaf, total) VALUES (?,?,?,?,?)"
				     " ON CONFLICT (indicator, region, year, leaf) DO UPDATE SET total = excluded.total");
	enum status rc = st ? ST_OK : ST_STORE;
	for (size_t l = 0; rc == ST_OK && l < n_leaves; l++) {
		db_bind_text(st, 1, indicator), db_bind_text(st, 2, region), db_bind_int(st, 3, year);
		db_bind_int(st, 4, (long long)l), db_bind_int(st, 5, totals[l]);
		rc = db_run(st);
	}
	arena_free(a);
	return rc;
}
