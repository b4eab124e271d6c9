/* columns.c - the columnar copy of the registries (0017_registry_columns.sql; columns.h). A
 * full computation of the derived indicators read 10.6 M records row by row out of SQLite at
 * about 1.5 us a record (docs/performance.md); the columns hold the same records as a few
 * arrays per 65,536 records, read with one large read each. Per kind and chunk, one BLOB per
 * column, little-endian:
 *   ids (field -1)            int64 base, then a uint32 per record: its row id less base
 *   RT_DATE                   int32 per record: yyyymmdd as reg_row_set reads the text, 0 empty
 *   RT_NUMBER, RT_YEAR        the IEEE double a scan of the rows reads (db_double), NaN empty
 *   RT_REGION, RT_ENUM, RT_SET  uint32 n, n NUL-terminated texts, a width byte (1, 2 or 4),
 *                             then an index per record: 0 empty (NULL), k the k-th text
 *   summary (field -2)        int64 least and greatest row id of the chunk, then int32 any, lo,
 *                             hi: the span of years its records' dates and years mention (as
 *                             reg_row_years). A chunk no superseded id falls in (least to
 *                             greatest) has only current records, so its summary is their span:
 *                             col_year_span reads the dates of the other chunks alone. Chunks
 *                             written before the summaries have none and are read.
 * Free text (RT_TEXT, RT_USCC) is not kept: a definition reading it is computed from the rows.
 * A record reads back exactly as store_registry_scan_rows reads it, so both give the same
 * values to the bit (tests/unit/ingest/test_derived.c). Kept on SQLite only: PostgreSQL stores
 * numbers as NUMERIC (its round trip is its own) and aggregates its rows fast enough itself
 * (docs/performance.md: 0.86x its own GROUP BY). This file: which columns are kept and their
 * state; col_append.c writes them, col_scan.c reads them. */
#include <string.h>

#include "store/columns_int.h"
#include "store/db.h"
#include "base/banned.h"

/* The fields a scan reads for field_mask: those, the region, every date and year (as the scan
 * of the rows does, store/derived.c). */
uint64_t col_read_set(const struct reg_kind_info *k, uint64_t field_mask)
{
	uint64_t m = 0;
	for (size_t f = 0; f < k->n_fields; f++) {
		enum reg_type t = k->fields[f].type;
		if (((field_mask >> f) & 1u) || (int)f == k->region_field || t == RT_DATE || t == RT_YEAR)
			m |= (uint64_t)1 << f;
	}
	return m;
}

/* "1:" and a letter per field (d date, n number or year, t dictionary, - not kept): the
 * columns were written for this list of fields, or are built again. */
void col_layout_of(const struct reg_kind_info *k, char out[COL_LAYOUT_MAX])
{
	size_t i = 0;
	out[i++] = '1', out[i++] = ':';
	for (size_t f = 0; f < k->n_fields; f++) {
		enum reg_type t = k->fields[f].type;
		out[i++] = !is_kept(t) ? '-' : t == RT_DATE ? 'd' : is_dict(t) ? 't' : 'n';
	}
	out[i] = '\0';
}

int col_covers(const struct store *s, enum reg_kind kind, uint64_t field_mask)
{
	if (strcmp(s->drv->name, "sqlite") != 0)
		return 0;
	const struct reg_kind_info *k = reg_kind_info(kind);
	uint64_t m = col_read_set(k, field_mask);
	for (size_t f = 0; f < k->n_fields; f++)
		if (((m >> f) & 1u) && !is_kept(k->fields[f].type))
			return 0;
	return 1;
}


/* ---- the state ---------------------------------------------------------------------------- */

/* The state of kind's columns: *has 0 when none, else their layout (matching the current one:
 * *is_layout), chunks and newest row id. */
enum status col_state_get(struct store *s, struct arena *a, const struct reg_kind_info *k, int *has, int *is_layout,
			     long long *n_chunks, long long *last_id)
{
	struct db_stmt *st = db_prep(s, a, "SELECT layout, n_chunks, last_id FROM registry_columns_state WHERE kind = ?");
	*has = 0, *is_layout = 0, *n_chunks = 0, *last_id = 0;
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, k->name);
	enum status rc = db_row(st);
	if (rc == ST_OK) {
		char layout[COL_LAYOUT_MAX];
		col_layout_of(k, layout);
		*has = 1;
		*is_layout = strcmp(db_peek(st, 0), layout) == 0;
		*n_chunks = db_int(st, 1);
		*last_id = db_int(st, 2);
	}
	db_reset(st);
	return rc == ST_STORE ? ST_STORE : ST_OK;
}

/* The table's newest row id (0: no row). */
enum status col_newest_id(struct store *s, struct arena *a, const struct reg_kind_info *k, long long *id)
{
	struct db_stmt *st = db_prep(s, a, arena_printf(a, "SELECT max(id) FROM registry_%s", k->name));
	return st ? db_scalar(st, id) : ST_STORE;
}

enum status col_ready(struct store *s, enum reg_kind kind, int *is_ready)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	struct arena *a = arena_new();
	int has, is_layout;
	long long n_chunks, last_id, newest = 0;
	enum status rc = col_state_get(s, a, k, &has, &is_layout, &n_chunks, &last_id);
	if (rc == ST_OK)
		rc = col_newest_id(s, a, k, &newest);
	*is_ready = rc == ST_OK && has && is_layout && last_id == newest;
	arena_free(a);
	return rc;
}
