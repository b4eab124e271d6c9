/* xlsx_sheet.c - the worksheet reader: streams a sheet part (ECMA-376 §18.3) row by row into a
 * struct sheet. Owns cell references (C5, column letters), the order and position checks on
 * rows and cells, each cell's value by its type (shared or inline string, number, date,
 * boolean; formulas and error cells refused), and the column cap. Rows go to the stream's
 * callback one at a time; a row's values live in x->scratch until the next row. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "base/buf.h"
#include "base/num.h"
#include "ingest/csv.h"
#include "ingest/xlsx.h"
#include "ingest/xlsx_int.h"
#include "base/banned.h"

/* ---- cell references ---- */

void xlsx_col_letters(char out[4], int col)
{
	char tmp[4];
	int n = 0;
	unsigned c = (unsigned)col + 1;
	while (c > 0 && n < 3) {
		tmp[n++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

static void cell_name(char out[24], int col, long row)
{
	char letters[4];
	xlsx_col_letters(letters, col);
	snprintf(out, 24, "%s%ld", letters, row);
}

/* "C5" -> column 2, row 5 (ECMA-376 §18.18.62 ST_CellRef, without '$'). */
enum ref_parse xlsx_cell_ref_parse(const char *ref, int *col, long *row)
{
	const char *p = ref;
	long c = 0;
	while (*p >= 'A' && *p <= 'Z') {
		if (c <= XLSX_MAX_COL)
			c = c * 26 + (*p - 'A' + 1);
		p++;
	}
	if (p == ref || *p < '1' || *p > '9')
		return REF_MALFORMED;
	long r = 0;
	for (; *p >= '0' && *p <= '9'; p++)
		if (r <= XLSX_MAX_ROW)
			r = r * 10 + (*p - '0');
	if (*p != '\0')
		return REF_MALFORMED;
	if (c > XLSX_MAX_COL)
		return REF_PAST_XFD;
	if (r > XLSX_MAX_ROW)
		return REF_BAD_ROW;
	*col = (int)c - 1;
	*row = r;
	return REF_OK;
}

/* ---- rows and cells ---- */

enum cell_type { CT_NUMBER, CT_SHARED, CT_INLINE, CT_BOOL, CT_ERROR, CT_FORMULA_STR, CT_ISO_DATE, CT_UNKNOWN };

struct ws_state {
	struct sheet *out;   /* handed to on_row: rows[0] is header once it is read */
	struct sheet_row header;
	struct str *cells; /* CSV_MAX_FIELDS slots for the row being read */
	size_t n_used;     /* last non-empty column of that row + 1 */
	int in_sheet_data, in_row, is_row_skipped;
	long row_num, last_row_num;
	int prev_col; /* column of the row's previous cell, -1 before the first */
	int in_cell, is_cell_skipped, col, has_formula, in_is, in_rph, is_collecting;
	enum cell_type type;
	char type_text[16];
	long style;
};

static void cell_start(struct xlsx *x, struct ws_state *s, xmlTextReaderPtr r)
{
	char ref[24] = "", ttext[16] = "n", stext[24] = "";
	int has_ref = 0, is_ref_whole = 1, is_type_whole = 1;
	const char *name, *value, *ns;
	while (xlsx_attr_next(r, &name, &value, &ns)) {
		if (strcmp(name, "r") == 0) {
			has_ref = 1;
			is_ref_whole = xlsx_copy_short(ref, sizeof(ref), value);
		} else if (strcmp(name, "t") == 0) {
			is_type_whole = xlsx_copy_short(ttext, sizeof(ttext), value);
		} else if (strcmp(name, "s") == 0) {
			xlsx_copy_short(stext, sizeof(stext), value);
		}
	}
	s->in_cell = 1;
	s->is_cell_skipped = 1;
	s->has_formula = s->in_is = s->in_rph = s->is_collecting = 0;
	buf_reset(&x->text);
	if (s->is_row_skipped)
		return;

	int col = s->prev_col + 1;
	if (has_ref) {
		long ref_row = 0;
		enum ref_parse pr = is_ref_whole ? xlsx_cell_ref_parse(ref, &col, &ref_row) : REF_MALFORMED;
		if (pr == REF_PAST_XFD) {
			xlsx_diag(x, s->row_num, 0, "bad_cell_ref",
				  "cell reference '%s' is past column XFD, the last column of a sheet", ref);
			return;
		}
		if (pr != REF_OK) {
			xlsx_diag(x, s->row_num, 0, "bad_cell_ref",
				  "cell reference '%s' is not a column (A to XFD) followed by a row number (1 to %ld)", ref,
				  XLSX_MAX_ROW);
			return;
		}
		if (ref_row != s->row_num) {
			xlsx_diag(x, s->row_num, col + 1, "bad_cell_ref", "cell reference '%s' appears in row %ld", ref,
				  s->row_num);
			return;
		}
	} else if (col >= XLSX_MAX_COL) {
		xlsx_diag(x, s->row_num, 0, "bad_cell_ref", "row %ld has a cell past column XFD, the last column of a sheet",
			  s->row_num);
		return;
	}
	if (col <= s->prev_col) {
		char name_now[24], name_prev[24];
		cell_name(name_now, col, s->row_num);
		cell_name(name_prev, s->prev_col, s->row_num);
		if (col == s->prev_col)
			xlsx_diag(x, s->row_num, col + 1, "duplicate_cell", "cell %s appears twice", name_now);
		else
			xlsx_diag(x, s->row_num, col + 1, "cell_out_of_order",
				  "cell %s comes after cell %s; cells must be in column order", name_now, name_prev);
		return;
	}
	s->prev_col = col;
	s->col = col;
	s->is_cell_skipped = 0;

	static const struct {
		const char *name;
		enum cell_type type;
	} types[] = {
		{"n", CT_NUMBER}, {"s", CT_SHARED}, {"inlineStr", CT_INLINE}, {"b", CT_BOOL},
		{"e", CT_ERROR},  {"str", CT_FORMULA_STR}, {"d", CT_ISO_DATE},
	};
	s->type = CT_UNKNOWN;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]) && is_type_whole; i++)
		if (strcmp(ttext, types[i].name) == 0)
			s->type = types[i].type;
	memcpy(s->type_text, ttext, sizeof(s->type_text));
	int64_t style;
	s->style = stext[0] && num_parse_int(str_of(stext), 0, INT32_MAX, &style) ? (long)style : 0;
}

static int is_iso_date(struct str v)
{
	static const char pattern[] = "dddd-dd-dd";
	if (v.len < 10)
		return 0;
	for (size_t i = 0; i < 10; i++)
		if (pattern[i] == 'd' ? !(v.p[i] >= '0' && v.p[i] <= '9') : v.p[i] != '-')
			return 0;
	return 1;
}

/* The cell's value as text, or an error about it. Returns 0 after adding a diagnostic. */
static int cell_value(struct xlsx *x, struct ws_state *s, const char *name, struct str *value)
{
	struct str raw = str_trim((struct str){buf_str(&x->text), x->text.len});
	char shown[64];
	xlsx_copy_view(shown, sizeof(shown), raw.p, raw.len);
	long row = s->row_num;
	int col = s->col + 1;
	*value = (struct str){"", 0};
	switch (s->type) {
	case CT_FORMULA_STR:
		break; /* reported by the caller as a formula */
	case CT_ERROR:
		xlsx_diag(x, row, col, "error_cell", "cell %s holds the error %s", name, shown);
		return 0;
	case CT_SHARED: {
		int64_t i;
		size_t n_shared = spill_count(x->shared);
		if (!num_parse_int(raw, 0, INT64_MAX, &i) || (uint64_t)i >= n_shared) {
			xlsx_diag(x, row, col, "bad_cell", "cell %s refers to shared string '%s', but the workbook has %zu", name,
				  shown, n_shared);
			return 0;
		}
		if (spill_get(x->shared, (size_t)i, x->scratch, value) != ST_OK) {
			xlsx_diag(x, row, col, "unreadable", "the workbook's shared strings cannot be read back from a temporary file");
			return 0;
		}
		break;
	}
	case CT_INLINE:
		*value = xlsx_xstring_decode(x->scratch, buf_str(&x->text), x->text.len);
		break;
	case CT_BOOL:
		if (raw.len == 0)
			break;
		if (!str_eq(raw, "1") && !str_eq(raw, "0")) {
			xlsx_diag(x, row, col, "bad_cell", "cell %s holds '%s', which is not a boolean (0 or 1)", name, shown);
			return 0;
		}
		*value = str_eq(raw, "1") ? STR_LIT("TRUE") : STR_LIT("FALSE");
		break;
	case CT_NUMBER: {
		double v;
		if (raw.len == 0)
			break;
		if (!num_parse_double(raw, &v)) {
			xlsx_diag(x, row, col, "bad_cell", "cell %s holds '%s', which is not a number", name, shown);
			return 0;
		}
		char text[40];
		if (s->style >= 0 && (size_t)s->style < x->n_xfs && x->xf_is_date[s->style]) {
			if (!xlsx_date_text(v, x->is_date1904, text)) {
				xlsx_number_text(v, text);
				xlsx_diag(x, row, col, "bad_date", "cell %s holds %s in a date format, which is not a date Excel can show",
					  name, text);
				return 0;
			}
		} else {
			xlsx_number_text(v, text);
		}
		size_t n = strlen(text);
		*value = (struct str){arena_strndup(x->scratch, text, n), n};
		break;
	}
	case CT_ISO_DATE:
		if (raw.len == 0)
			break;
		if (!is_iso_date(raw)) {
			xlsx_diag(x, row, col, "bad_cell", "cell %s holds '%s', which is not a date (YYYY-MM-DD)", name, shown);
			return 0;
		}
		*value = (struct str){arena_strndup(x->scratch, raw.p, 10), 10};
		break;
	case CT_UNKNOWN:
		xlsx_diag(x, row, col, "bad_cell", "cell %s has the unknown type '%s'", name, s->type_text);
		return 0;
	}
	return 1;
}

static void cell_finish(struct xlsx *x, struct ws_state *s)
{
	s->in_cell = s->in_is = s->in_rph = s->is_collecting = 0;
	if (s->is_cell_skipped)
		return;
	char name[24];
	cell_name(name, s->col, s->row_num);
	if (s->has_formula || s->type == CT_FORMULA_STR) {
		xlsx_diag(x, s->row_num, s->col + 1, "formula_cell",
			  "cell %s contains a formula; paste the values instead (复制后选择性粘贴为数值)", name);
		return;
	}
	if (buf_status(&x->text) != ST_OK) {
		xlsx_diag(x, s->row_num, s->col + 1, "field_too_large", "cell %s is longer than %u bytes", name,
			  CSV_MAX_FIELD_BYTES);
		return;
	}
	struct str value;
	if (!cell_value(x, s, name, &value))
		return;
	value = str_trim(value);
	if (value.len == 0)
		return;
	if (s->col >= (int)CSV_MAX_FIELDS) {
		char last[4];
		xlsx_col_letters(last, (int)CSV_MAX_FIELDS - 1);
		xlsx_diag(x, s->row_num, s->col + 1, "too_many_columns",
			  "cell %s is past column %s; a sheet may use at most %u columns", name, last, CSV_MAX_FIELDS);
		return;
	}
	s->cells[s->col] = value;
	if ((size_t)s->col + 1 > s->n_used)
		s->n_used = (size_t)s->col + 1;
}

static void row_start(struct xlsx *x, struct ws_state *s, xmlTextReaderPtr r)
{
	char rtext[24] = "";
	int has_r = 0, is_whole = 1;
	const char *name, *value, *ns;
	while (xlsx_attr_next(r, &name, &value, &ns))
		if (strcmp(name, "r") == 0) {
			has_r = 1;
			is_whole = xlsx_copy_short(rtext, sizeof(rtext), value);
		}
	for (size_t i = 0; i < s->n_used; i++)
		s->cells[i] = (struct str){"", 0};
	s->n_used = 0;
	s->in_row = 1;
	s->in_cell = 0;
	s->prev_col = -1;
	s->is_row_skipped = 1;
	x->is_row_bad = 0;

	long num = s->last_row_num + 1;
	if (has_r) {
		int64_t v;
		if (!is_whole || !num_parse_int(str_of(rtext), 1, XLSX_MAX_ROW, &v)) {
			xlsx_diag(x, 0, 0, "bad_row_ref", "row number '%s' is not between 1 and %ld", rtext, XLSX_MAX_ROW);
			return;
		}
		num = (long)v;
	} else if (num > XLSX_MAX_ROW) {
		xlsx_diag(x, 0, 0, "bad_row_ref", "the sheet has a row past row %ld, the last row of a sheet", XLSX_MAX_ROW);
		return;
	}
	if (num <= s->last_row_num) {
		if (num == s->last_row_num)
			xlsx_diag(x, num, 0, "row_out_of_order", "row %ld appears twice", num);
		else
			xlsx_diag(x, num, 0, "row_out_of_order", "row %ld comes after row %ld; rows must be in ascending order",
				  num, s->last_row_num);
		return;
	}
	s->row_num = num;
	s->last_row_num = num;
	s->is_row_skipped = 0;
}

static enum status row_finish(struct xlsx *x, struct ws_state *s)
{
	if (s->in_cell)
		cell_finish(x, s);
	s->in_row = 0;
	/* a row with a bad cell is reported, not passed on (as a malformed CSV record is not) */
	if (s->is_row_skipped || s->n_used == 0 || (x->is_row_bad && !x->is_keep_bad_rows)) {
		arena_reset(x->scratch);
		return ST_OK;
	}
	struct sheet *out = s->out;
	enum status rc;
	if (out->n_rows == 0) {
		/* the header: kept for the whole stream */
		struct str *cells = arena_alloc(x->arena, s->n_used * sizeof(*cells));
		for (size_t i = 0; i < s->n_used; i++)
			cells[i] = (struct str){arena_strndup(x->arena, s->cells[i].p, s->cells[i].len), s->cells[i].len};
		s->header = (struct sheet_row){cells, s->n_used, s->row_num};
		out->rows = &s->header;
		out->n_rows = 1;
		rc = x->on_row(x->on_row_ctx, out, &s->header);
	} else {
		struct sheet_row row = {s->cells, s->n_used, s->row_num};
		rc = x->on_row(x->on_row_ctx, out, &row);
	}
	arena_reset(x->scratch);
	return rc;
}

static enum status on_sheet_node(struct xlsx *x, xmlTextReaderPtr r, void *state)
{
	struct ws_state *s = state;
	int type = xmlTextReaderNodeType(r);
	if (type == XML_READER_TYPE_ELEMENT) {
		int is_empty = xmlTextReaderIsEmptyElement(r) == 1;
		if (xlsx_is_local_name(r, "sheetData")) {
			s->in_sheet_data = !is_empty;
			return ST_OK;
		}
		if (!s->in_sheet_data)
			return ST_OK;
		if (xlsx_is_local_name(r, "row")) {
			if (s->in_row) {
				enum status rc = row_finish(x, s);
				if (rc != ST_OK)
					return rc;
			}
			row_start(x, s, r);
			return is_empty ? row_finish(x, s) : ST_OK;
		}
		if (!s->in_row)
			return ST_OK;
		if (xlsx_is_local_name(r, "c")) {
			if (s->in_cell)
				cell_finish(x, s);
			cell_start(x, s, r);
			if (is_empty)
				cell_finish(x, s);
			return ST_OK;
		}
		if (!s->in_cell || is_empty) {
			if (s->in_cell && xlsx_is_local_name(r, "f"))
				s->has_formula = 1;
			return ST_OK;
		}
		if (xlsx_is_local_name(r, "f"))
			s->has_formula = 1;
		else if (xlsx_is_local_name(r, "v"))
			s->is_collecting = s->type != CT_INLINE;
		else if (xlsx_is_local_name(r, "is"))
			s->in_is = 1;
		else if (xlsx_is_local_name(r, "rPh"))
			s->in_rph = 1;
		else if (xlsx_is_local_name(r, "t"))
			s->is_collecting = s->in_is && !s->in_rph && s->type == CT_INLINE;
		return ST_OK;
	}
	if (type == XML_READER_TYPE_END_ELEMENT) {
		if (xlsx_is_local_name(r, "sheetData"))
			s->in_sheet_data = 0;
		else if (s->in_row && xlsx_is_local_name(r, "row"))
			return row_finish(x, s);
		else if (s->in_cell && xlsx_is_local_name(r, "c"))
			cell_finish(x, s);
		else if (xlsx_is_local_name(r, "v") || xlsx_is_local_name(r, "t"))
			s->is_collecting = 0;
		else if (xlsx_is_local_name(r, "is"))
			s->in_is = 0;
		else if (xlsx_is_local_name(r, "rPh"))
			s->in_rph = 0;
		return ST_OK;
	}
	if (s->is_collecting && xlsx_is_text_node(type))
		xlsx_text_append(x, r);
	return ST_OK;
}

enum status xlsx_sheet_read(struct xlsx *x, const char *sheet_part, struct sheet *out)
{
	struct ws_state ws;
	memset(&ws, 0, sizeof(ws));
	ws.out = out;
	ws.cells = arena_calloc(x->arena, CSV_MAX_FIELDS, sizeof(*ws.cells));
	for (size_t i = 0; i < CSV_MAX_FIELDS; i++)
		ws.cells[i] = (struct str){"", 0};
	enum status rc = xlsx_part_parse(x, sheet_part, on_sheet_node, &ws);
	if (rc == ST_NOT_FOUND) {
		xlsx_diag(x, 0, 0, "bad_xlsx", "the workbook has no part '%s' for sheet '%s'", xlsx_clip(x->arena, sheet_part),
			  x->diag_sheet);
		rc = ST_INVALID;
	}
	return rc;
}
