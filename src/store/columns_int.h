/* columns_int.h - what the parts of the columnar copy share (columns.c: layout and state;
 * col_append.c: writing chunks; col_scan.c: reading them), private to them. */
#ifndef INNOMON_STORE_COLUMNS_INT_H
#define INNOMON_STORE_COLUMNS_INT_H

#include <stdint.h>

#include "store/columns.h"

#define COL_CHUNK 65536u      /* records a chunk holds at most */
#define COL_IDS (-1)          /* the field number of the row ids' column */
#define COL_SUMMARY (-2)      /* the field number of a chunk's summary (col_append.c) */
#define COL_SUMMARY_BYTES 28u
#define COL_DICT_SLOTS 131072u /* twice COL_CHUNK: a chunk's dictionary never fills it */
#define COL_LAYOUT_MAX (REG_MAX_FIELDS + 4)

_Static_assert(REG_MAX_FIELDS <= 64, "a field mask is 64 bits");

static inline int is_kept(enum reg_type t)
{
	return t == RT_DATE || t == RT_NUMBER || t == RT_YEAR || t == RT_REGION || t == RT_ENUM || t == RT_SET;
}

static inline int is_dict(enum reg_type t)
{
	return t == RT_REGION || t == RT_ENUM || t == RT_SET;
}

/* ---- little-endian ---------------------------------------------------------------------- */

static inline void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static inline void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static inline uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t get64(const unsigned char *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* A span of years, as reg_row_years reads a row: a date's year, a year field's number. */
struct col_span {
	int lo, hi, any;
};

static inline void col_span_add(struct col_span *sp, int y)
{
	if (!sp->any || y < sp->lo)
		sp->lo = y;
	if (!sp->any || y > sp->hi)
		sp->hi = y;
	sp->any = 1;
}

/* The fields a scan reads for field_mask: those, the region, every date and year (as the scan
 * of the rows does, store/derived.c). */
uint64_t col_read_set(const struct reg_kind_info *k, uint64_t field_mask);
/* "1:" and a letter per field (d date, n number or year, t dictionary, - not kept): the
 * columns were written for this list of fields, or are built again. */
void col_layout_of(const struct reg_kind_info *k, char out[COL_LAYOUT_MAX]);
/* The state of kind's columns: *has 0 when none, else their layout (matching the current one:
 * *is_layout), chunks and newest row id. ST_OK or ST_STORE. */
enum status col_state_get(struct store *s, struct arena *a, const struct reg_kind_info *k, int *has, int *is_layout,
			  long long *n_chunks, long long *last_id) WUR;
/* The table's newest row id (0: no row). ST_OK or ST_STORE. */
enum status col_newest_id(struct store *s, struct arena *a, const struct reg_kind_info *k, long long *id) WUR;

#endif
