/* import.h - importing indicator values from a CSV (UTF-8 or GBK/GB18030) or XLSX file:
 * read, map the header (Chinese or English names), resolve indicators and regions by code or
 * Chinese name, parse periods and numbers, convert units, check the plan's validation rules,
 * compare with what is stored, and write every change as a new revision in one transaction.
 * All or nothing: any bad row rejects the whole file and every bad row is reported (the list
 * capped, the rest counted). The file streams: memory does not grow with its size. */
#ifndef INNOMON_INGEST_IMPORT_H
#define INNOMON_INGEST_IMPORT_H

#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/status.h"
#include "core/authz.h"
#include "core/obs.h"
#include "core/plan.h"
#include "ingest/sheet.h"

struct store;

/* The largest file the web server holds in memory for an import (streamed imports from disk
 * have no cap). */
#define IMPORT_FILE_MAX_BYTES ((size_t)64 << 20)
/* How many changes an import lists in its result (all are counted). */
#define IMPORT_CHANGES_LISTED 10000u

struct import_opts {
	const char *encoding;  /* NULL or "auto" = detect; "utf-8", "gbk", "gb18030" */
	const char *sheet;     /* XLSX sheet name; NULL = the first sheet */
	enum obs_status status; /* status of the revisions written */
	const char *who;       /* acting user */
	int is_dry_run;        /* report what would change, write nothing */
	const struct principal *principal; /* when set, every row must lie in its write scope */
	const int *base_revisions; /* NULL, or per data row the cell's newest revision the writer saw
				      (0: none yet; -1: not said): a cell changed since is a
				      conflict and nothing is written */
};

struct import_change {
	const struct obs *before; /* the cell's newest revision before, NULL for a new cell */
	struct obs after;         /* the revision written (or that would be) */
	long line;                /* row in the file */
	long cell_line;           /* the row of the cell's first figure (changes are in its order) */
	size_t order;             /* the change's place among its cell's revisions */
};

struct import_result {
	const char *format;       /* "csv" or "xlsx" */
	const char *encoding;     /* detected or given (CSV) */
	const char *sheet;        /* XLSX sheet read */
	const char *file_sha256;
	size_t n_rows, n_new, n_revised, n_unchanged;
	struct import_change *changes; /* new and revised cells, in file order: at most
					* IMPORT_CHANGES_LISTED of the n_new + n_revised */
	size_t n_changes;
	long long batch_id;       /* 0 on a dry run or when nothing changed */
};

/* Import rows already in a sheet (rows[0] the header), e.g. from a JSON request. res must be
 * zeroed (or set by a reader) by the caller. */
enum status import_sheet(struct store *s, struct arena *a, const struct plan *p, const struct sheet *sh,
			 const struct import_opts *opts, struct import_result *res, struct diag_list *diags) WUR;

/* Read the small file held in buf[0..len) (named file) whole into a sheet (rows in a): an XLSX
 * workbook (opts->sheet or the first sheet) or a CSV in opts->encoding (detected when NULL);
 * sets res->format, ->encoding, ->sheet and ->file_sha256. For tables of a few rows (a plan's,
 * projections): an import streams instead. ST_OK, or ST_INVALID / ST_TOO_LARGE (past
 * SHEET_MAX_ROWS) with diagnostics. */
enum status import_read_sheet(struct arena *a, const char *file, const void *buf, size_t len, const struct import_opts *opts,
			      struct import_result *res, struct sheet *sh, struct diag_list *diags) WUR;

/* Import the file held in buf[0..len) (named file for messages) against plan p.
 * ST_OK: done (or, on a dry run, checked) — res says what changed; warnings may be in diags.
 * ST_INVALID: errors in diags, nothing written; ST_DENIED: some row lies outside the
 * principal's scope (also listed in diags), nothing written. ST_CONFLICT (a row's cell is past
 * its base revision, listed in diags, or another writer got there first) / ST_STORE: nothing
 * written. */
enum status import_values(struct store *s, struct arena *a, const struct plan *p, const char *file, const void *buf,
			  size_t len, const struct import_opts *opts, struct import_result *res,
			  struct diag_list *diags) WUR;
/* The same, reading src (a file read in place, e.g. by the CLI): the way to import a file of
 * any size. ST_IO when it cannot be read. */
struct byte_source;
enum status import_values_source(struct store *s, struct arena *a, const struct plan *p, struct byte_source *src,
				 const struct import_opts *opts, struct import_result *res, struct diag_list *diags) WUR;

#endif
