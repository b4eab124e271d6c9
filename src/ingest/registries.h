/* registries.h - the registry loaders and the derived indicators computed from them.
 * registry_import reads one registry file (CSV in UTF-8/GBK or XLSX, Chinese or English
 * headers) row by row, checks every row against the plan (regions, dates, numbers, allowed
 * values, duplicate keys) and writes the records as revisions in one transaction: all or
 * nothing.
 * registry_recompute evaluates every derived indicator's definition (core/derive.h) for every
 * region and year its registries cover and writes the results as observations. */
#ifndef INNOMON_INGEST_REGISTRIES_H
#define INNOMON_INGEST_REGISTRIES_H

#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/status.h"
#include "core/obs.h"
#include "core/plan.h"
#include "core/registry.h"

struct store;

struct registry_import_opts {
	const char *encoding; /* NULL = detect */
	const char *sheet;    /* XLSX sheet; NULL = the first */
	const char *who;
	int is_dry_run;
};

/* One computed cell and what happened to it. */
struct registry_cell {
	const struct obs *before; /* the cell's newest revision, NULL when new */
	struct obs after;         /* the revision written (or, when unchanged, the computed value) */
	int is_unchanged;
};

struct registry_recompute_result {
	size_t n_indicators;       /* derived indicators with a definition */
	size_t n_incremental;      /* of them, brought up to date from the stored totals (the rest
				    * from the records) */
	size_t n_new, n_revised, n_unchanged;
	struct registry_cell *cells;
	size_t n_cells;
	long long batch_id;
};

struct registry_import_result {
	const char *format, *encoding, *sheet, *file_sha256;
	size_t n_rows, n_new, n_revised, n_unchanged;
	long long batch_id; /* 0 on a dry run or when nothing changed */
	/* the derived indicators the import brought up to date, in its own transaction (the cells
	 * of the regions and years its records count in) */
	struct registry_recompute_result derived;
};

/* Import the registry file src (a file read in place, or memory) of kind k against plan p,
 * streaming: memory stays flat whatever the file's size. ST_OK (res says what changed, or
 * would on a dry run); ST_INVALID / ST_TOO_LARGE with every bad row in diags (file, row,
 * column, value, reason; the list capped, the rest counted) and nothing written; ST_IO when the
 * file cannot be read; ST_STORE / ST_CONFLICT: nothing written, store_errmsg explains. */
struct byte_source;
enum status registry_import_source(struct store *s, struct arena *a, const struct plan *p, enum reg_kind k,
				   struct byte_source *src, const struct registry_import_opts *opts,
				   struct registry_import_result *res, struct diag_list *diags) WUR;
/* registry_import_source over buf[0..len) (named file), e.g. an upload. */
enum status registry_import(struct store *s, struct arena *a, const struct plan *p, enum reg_kind k, const char *file,
			    const void *buf, size_t len, const struct registry_import_opts *opts,
			    struct registry_import_result *res, struct diag_list *diags) WUR;


/* Compute every derived indicator of p from scratch (ingest/derived.h), for every region whose
 * subtree holds records of the registries its definition reads, and every year from the first
 * its records mention to the last (at most max_year); a region and year computed before are
 * computed again even when no record is there any more (so a record moved elsewhere revises
 * the value it counted in). Values are written as approved revisions with source
 * "registry: <definition>" in one transaction, with the totals imports update from then on; an
 * unchanged value writes nothing. Only annual indicators are computed (others are reported as
 * warnings in diags). An import keeps the same values current on its own: this is for a new
 * year, a changed plan, or to check (a dry run writes nothing). */
enum status registry_recompute(struct store *s, struct arena *a, const struct plan *p, const char *who, int max_year,
			       int is_dry_run, struct registry_recompute_result *res, struct diag_list *diags) WUR;

/* The last year that has ended (Beijing time, from base/clock): the last year derived
 * indicators are computed for. */
int registry_max_year(void);

/* registry_recompute up to the last year that has ended (Beijing time, from base/clock): a
 * validity "at the end of" a year still running would be a guess. What every caller uses. */
enum status registry_recompute_ended(struct store *s, struct arena *a, const struct plan *p, const char *who,
				     int is_dry_run, struct registry_recompute_result *res, struct diag_list *diags) WUR;

#endif
