/* xlsx_int.h - private to the .xlsx reader (src/ingest/xlsx*.c): the state of one read
 * (struct xlsx), the workbook's parts and relationships, and the functions the reader's files
 * share. Everything else includes xlsx.h only. The pure helpers at the end (cell text, dates,
 * cell references, part names) take no struct xlsx and do no I/O, so unit tests call them. */
#ifndef INNOMON_INGEST_XLSX_INT_H
#define INNOMON_INGEST_XLSX_INT_H

#include <stddef.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/status.h"
#include "base/str.h"
#include "ingest/sheet.h"
#include "ingest/spill.h"

/* A sheet the workbook lists, in workbook order. */
struct wb_sheet {
	const char *name;   /* arena */
	const char *rel_id; /* arena */
};

/* One internal relationship of a part (ECMA-376 Part 2 §9.3); external ones are dropped. */
struct rel {
	const char *id, *type, *target; /* arena; type "" when the file gives none */
};

struct rel_list {
	struct rel *items; /* arena */
	size_t n, cap;
};

/* A custom number format of the styles part. */
struct num_fmt {
	long id;
	int is_date;
};

/* Everything one sheet_from_xlsx call reads; lives on its stack. Written by the part readers
 * in the order sheet_from_xlsx calls them: workbook, shared strings, styles, then the sheet. */
struct xlsx {
	struct arena *arena;
	const char *file;
	struct diag_list *diags;
	const char *diag_sheet; /* sheet named in cell diagnostics; NULL before the sheet is read */
	zip_t *zip;
	int is_date1904;
	struct wb_sheet *sheets;
	size_t n_sheets, sheets_cap;
	struct spill *shared; /* shared strings, decoded, untrimmed (bounded memory: spill.h) */
	struct arena *scratch;  /* one shared string, or one row's cell values: reset after each */
	struct num_fmt *fmts; /* custom number formats */
	size_t n_fmts, fmts_cap;
	long *xf_fmt_ids; /* cellXfs: the numFmtId of each cell format */
	size_t n_xfs, xfs_cap;
	unsigned char *xf_is_date; /* n_xfs flags, set once styles are read */
	struct buf text;           /* the string or cell value being read, capped */
	size_t comp_bytes;         /* the package's size: parts may unpack to XLSX_MAX_RATIO times it */
	size_t n_errors;           /* errors xlsx_diag added (the row callback may add others) */
	int is_row_bad;            /* the row being read has a bad cell: it is not passed on */
	int is_keep_bad_rows;      /* ... unless this is set (the whole-sheet reader) */
	sheet_row_fn on_row;       /* where the sheet's rows go, with on_row_ctx */
	void *on_row_ctx;
};

/* Called on every node of a part, in document order; state is the caller's. A status other
 * than ST_OK stops the walk and is what xlsx_part_parse returns. */
typedef enum status (*xml_node_fn)(struct xlsx *x, xmlTextReaderPtr r, void *state);

/* ---- the read context (xlsx.c) ---- */

/* Add an error about x's file (and sheet, once it is being read) to x->diags; past the list's
 * cap the error is only counted. Returns the entry, or NULL when it was only counted. */
struct diag *xlsx_diag(struct xlsx *x, long line, int col, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Room for one more element of size bytes in an arena array of n (items may be NULL when n is
 * 0): returns items, or a copy twice as large (the old one stays in the arena) with *cap
 * updated. Cannot fail. */
void *xlsx_array_grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size);
/* Copy p[0..n) into dst[cap] (cap >= 1) for a message or a number parse, cut on a UTF-8
 * boundary. Returns 1 when it fitted whole. */
int xlsx_copy_view(char *dst, size_t cap, const char *p, size_t n);
/* xlsx_copy_view of the string s. */
int xlsx_copy_short(char *dst, size_t cap, const char *s);
/* s cut to at most 100 bytes on a UTF-8 boundary (s itself when short, else arena memory),
 * for names from the file quoted in messages. */
const char *xlsx_clip(struct arena *a, const char *s);

/* ---- one part as a stream of XML nodes (xlsx_part.c) ---- */

/* Walk part (a path inside the package, matched ignoring case) calling fn on every node.
 * ST_NOT_FOUND, with no diagnostic, when the package has no such part; ST_TOO_LARGE past
 * XLSX_MAX_PART_BYTES; ST_INVALID when it cannot be unpacked, is not well-formed or has a DTD;
 * each failure but ST_NOT_FOUND and fn's own adds a diagnostic. */
enum status xlsx_part_parse(struct xlsx *x, const char *part, xml_node_fn fn, void *state);
/* 1 when the reader's node has the local name name. */
int xlsx_is_local_name(xmlTextReaderPtr r, const char *name);
/* Step through the current element's attributes: 1 with *name, *value and *ns (NULL when the
 * attribute has no namespace) set until the next call (reader memory); 0 after the last, with
 * the reader back on the element. */
int xlsx_attr_next(xmlTextReaderPtr r, const char **name, const char **value, const char **ns);
/* 1 when a node of this type carries character data (text, CDATA, whitespace). */
int xlsx_is_text_node(int type);
/* Append the reader's text node to x->text (capped: its status says when it overflowed). */
void xlsx_text_append(struct xlsx *x, xmlTextReaderPtr r);

/* ---- the workbook and its relationships (xlsx_workbook.c) ---- */

/* Read the package and workbook relationships and the workbook's sheet list (and 1904 flag)
 * into x, and pick the sheet called sheet_name (NULL: the first). Sets *sheet (x's memory),
 * *sheet_part (the sheet's part name), *wb_rels (the workbook's relationships) and *wb_folder
 * (the workbook part's folder, "" or ending in '/'); all arena memory. Returns ST_OK;
 * ST_NOT_FOUND with "no_such_sheet"; or a part's failure, with a diagnostic. */
enum status xlsx_workbook_open(struct xlsx *x, const char *sheet_name, const struct wb_sheet **sheet,
			       const char **sheet_part, struct rel_list *wb_rels, const char **wb_folder);
/* Read the optional workbook part whose relationship type ends in type_suffix, or else the one
 * at wb_folder + usual_name, calling fn on its nodes. A missing part is ST_OK. */
enum status xlsx_optional_part(struct xlsx *x, const struct rel_list *wb_rels, const char *wb_folder,
			       const char *type_suffix, const char *usual_name, xml_node_fn fn, void *state);

/* ---- shared strings (xlsx_text.c) ---- */

/* Read the shared strings part (optional) into x->shared. Returns ST_OK or the part's failure. */
enum status xlsx_shared_strings_read(struct xlsx *x, const struct rel_list *wb_rels, const char *wb_folder);

/* ---- styles (xlsx_styles.c) ---- */

/* Read the styles part (optional) and set x->xf_is_date for every cell format (none when the
 * part is missing). Returns ST_OK or the part's failure. */
enum status xlsx_styles_read(struct xlsx *x, const struct rel_list *wb_rels, const char *wb_folder);

/* ---- the worksheet (xlsx_sheet.c) ---- */

/* Stream the worksheet part sheet_part row by row to x->on_row (out is the sheet the rows are
 * handed with: its file and sheet name set, its rows[0] the header once read), with a
 * diagnostic for every bad cell or row. Returns ST_OK (check diag_errors), ST_INVALID with
 * "bad_xlsx" when the part is missing, the part's failure, or on_row's own status. */
enum status xlsx_sheet_read(struct xlsx *x, const char *sheet_part, struct sheet *out);

/* ---- pure helpers ---- */

/* The shortest decimal text that reads back as v (finite), laid out as JavaScript's Number
 * toString does: "1200", "0.5", "1e+21", "1.5e-7". Cannot fail. (xlsx_text.c) */
void xlsx_number_text(double v, char out[40]);
/* Arena copy of p[0..n) with ST_Xstring escapes decoded ("_x000D_" is U+000D, "_x005F_" an
 * underscore); an escape of U+0000, of a surrogate or with a non-hex digit is kept as written.
 * The result is NUL-terminated and never longer than n. (xlsx_text.c) */
struct str xlsx_xstring_decode(struct arena *a, const char *p, size_t n);

/* 1 when built-in number format id shows a date or time. (xlsx_styles.c) */
int xlsx_builtin_fmt_is_date(long id);
/* 1 when the custom number format code shows a date: a y, m or d outside quoted text,
 * [brackets] and escaped characters, unless only elapsed time ("[h]:mm"). (xlsx_styles.c) */
int xlsx_fmt_code_is_date(const char *code);
/* The Excel date serial as "YYYY-MM-DD" (the time of day dropped) in the 1900 system (with its
 * 1900-02-29) or, when is_date1904, the 1904 system. Returns 0 when the serial is outside the
 * dates Excel shows (before day 1, or 0 in 1904; after 9999-12-31). (xlsx_styles.c) */
int xlsx_date_text(double serial, int is_date1904, char out[16]);

enum ref_parse { REF_OK, REF_MALFORMED, REF_PAST_XFD, REF_BAD_ROW };
/* "C5" -> *col 2 (0-based), *row 5 (ECMA-376 §18.18.62 ST_CellRef, without '$'): upper-case
 * letters then a row number without leading zeros. *col and *row are set only on REF_OK;
 * REF_PAST_XFD past column XFD, REF_BAD_ROW past XLSX_MAX_ROW. (xlsx_sheet.c) */
enum ref_parse xlsx_cell_ref_parse(const char *ref, int *col, long *row);
/* Column index (0-based, below XLSX_MAX_COL) to letters: 0 -> "A", 26 -> "AA", 16383 -> "XFD".
 * (xlsx_sheet.c) */
void xlsx_col_letters(char out[4], int col);

/* The part a relationship target names (arena memory): relative to the source part's folder
 * base ("" or ending in '/'), or from the package root when it starts with '/' (ECMA-376
 * Part 2 §9.3); "." and ".." segments are resolved and ".." never climbs above the root.
 * (xlsx_workbook.c) */
const char *xlsx_part_resolve(struct arena *a, const char *base, const char *target);

#endif
