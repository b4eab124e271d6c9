/* registry.h - the registries (microdata) as data: six kinds of record (enterprise
 * certifications, technology contracts, invention patents, innovation platforms, high-level
 * talents, and firms' yearly figures), each a fixed list of fields; a record is one text value
 * per field. Pure: reading records from files is ingest/, storing them is store/, computing
 * from them is core/derive and core/eval. */
#ifndef INNOMON_CORE_REGISTRY_H
#define INNOMON_CORE_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "core/plan.h"

enum reg_kind { REG_ENTERPRISES, REG_CONTRACTS, REG_PATENTS, REG_PLATFORMS, REG_TALENTS, REG_FIRMS, REG_N_KINDS };

enum reg_type {
	RT_TEXT,   /* free text */
	RT_ENUM,   /* one of the field's allowed values (canonical English code) */
	RT_DATE,   /* "YYYY-MM-DD" */
	RT_NUMBER, /* a finite decimal number */
	RT_YEAR,   /* a year 1900..2200 */
	RT_REGION, /* a region code of the plan */
	RT_USCC,   /* a 统一社会信用代码 with a valid check character (core/uscc.h) */
	RT_SET,    /* several of the field's allowed values, stored canonical and ';'-separated */
};

#define REG_MAX_FIELDS 48
#define REG_NUMBER_MAX 1e12 /* a number field's magnitude stays below (万元: a trillion) */

enum reg_field_flags {
	REGF_INTEGER = 1u << 0, /* RT_NUMBER: a whole number */
	REGF_SIGNED = 1u << 1,  /* RT_NUMBER: may be negative */
};

struct reg_field {
	const char *name;     /* column name in files, the store and definitions */
	const char *name_zh;  /* Chinese header name */
	enum reg_type type;
	int is_key;           /* part of the record's identity */
	int is_required;      /* a key field is always required */
	const char *const *allowed;    /* RT_ENUM: canonical values, NULL-terminated */
	const char *const *allowed_zh; /* RT_ENUM: the Chinese names, same order */
	const char *unit_zh;  /* RT_NUMBER: the unit values are written in ("万元"), else NULL */
	unsigned flags;       /* enum reg_field_flags */
	double max;           /* RT_NUMBER: the largest value allowed, 0 for none */
};

struct reg_kind_info {
	const char *name;    /* "enterprises" */
	const char *name_zh; /* "企业" */
	const struct reg_field *fields;
	size_t n_fields;
	int region_field;    /* index of the RT_REGION field */
	int is_confidential; /* firm-level figures: shown only as core/firm_access.h allows */
};

/* The schema of kind k. Cannot fail for k < REG_N_KINDS. */
const struct reg_kind_info *reg_kind_info(enum reg_kind k);
/* Kind by name ("enterprises", ...); returns 1 and *out, or 0 when unknown. */
int reg_kind_parse(const char *s, size_t len, enum reg_kind *out);
/* The index of the field that is kind k's whole key, when its key is one text field (its value
 * as stored is the key, reg_record_key): the store then keeps no key of its own but reads it from
 * that field (0021_registry_rows.sql). -1 when the key joins several fields or is not text. */
int reg_key_field(const struct reg_kind_info *k);
/* Index of field name[0..len) in kind k, -1 when absent. */
int reg_field_find(enum reg_kind k, const char *name, size_t len);

/* One record (one revision of it). vals[i] is the text of field i (n_fields of its kind, in
 * the arena of whoever made the record; reg_record_alloc), NULL when empty. region is the plan
 * index of the region field, -1 unknown. */
struct reg_record {
	const char **vals;
	const char *key;        /* the key fields joined with '|' (reg_record_key) */
	int region;
	int revision;
	const char *created_at, *created_by;
};

/* Point r->vals at n_fields empty values of kind k in arena a (the rest of r untouched). */
void reg_record_alloc(struct arena *a, enum reg_kind k, struct reg_record *r);

/* Whether s[0..len) is a valid date "YYYY-MM-DD" (a real day of the Gregorian calendar,
 * years 1900..2200). */
int reg_date_valid(const char *s, size_t len);
/* The record's key text in arena. */
const char *reg_record_key(struct arena *a, enum reg_kind k, const struct reg_record *r);
/* Whether two records hold the same values (numbers compared as numbers). */
int reg_record_same(enum reg_kind k, const struct reg_record *x, const struct reg_record *y);

/* A record as derived indicators read it (core/derive): dates as yyyymmdd numbers, years and
 * numbers as doubles, texts as pointers (borrowed, valid as long as the text is); an empty
 * field, or one whose text does not read as its type, has its bit in nulls. */
struct reg_row {
	int region;                       /* plan index, -1 unknown */
	int32_t date[REG_MAX_FIELDS];     /* RT_DATE: year * 10000 + month * 100 + day */
	double num[REG_MAX_FIELDS];       /* RT_NUMBER, RT_YEAR */
	const char *text[REG_MAX_FIELDS]; /* every field's text as given (NULL when empty) */
	uint64_t nulls;                   /* bit f: field f is empty */
};

/* Field f of row from its text v (borrowed; NULL: empty). Cannot fail. */
void reg_row_set(enum reg_kind k, struct reg_row *row, int f, const char *v);
/* Every field of row from the record's texts; row->region is rec->region. Cannot fail. */
void reg_row_from_record(enum reg_kind k, const struct reg_record *rec, struct reg_row *row);
/* The earliest and latest year the row's date and year fields mention: 1 and *lo, *hi; 0 when
 * they mention none. */
int reg_row_years(enum reg_kind k, const struct reg_row *row, int *lo, int *hi);

/* A digest of p's region tree (every region's code and its parents' codes, in order) as 16
 * hex digits in out[17]: totals kept per region follow one tree, and a changed tree changes
 * this. Cannot fail. */
void reg_tree_digest(const struct plan *p, char out[17]);

/* flags[0..p->n_regions): 1 for region reg and every region below it (following every parent
 * link, so a park under a city and the zone counts for both), else 0. */
void reg_region_scope(const struct plan *p, int reg, unsigned char *flags);

#endif
