/* export.c - open data (see export.h): one row per published cell in the stable layout, written
 * as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheets read the Chinese text, LF line
 * ends), JSON (a dataset header, the column list and the observations as objects) or XLSX (the
 * same columns on one sheet with a frozen header, and a sheet describing the dataset). SDMX
 * names after the SDMX content-oriented guidelines: OBS_STATUS uses the code list CL_OBS_STATUS
 * (A normal, E estimated, F forecast); the innomon qualifier stays in OBS_QUALIFIER. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "base/clock.h"
#include "base/num.h"
#include "base/xalloc.h"
#include "core/period.h"
#include "report/export.h"
#include "report/workbook.h"
#include "store/store.h"
#include "base/banned.h"

const char *const export_columns[] = {
	"INDICATOR", "INDICATOR_NAME", "REF_AREA", "REF_AREA_NAME", "TIME_PERIOD", "FREQ", "OBS_VALUE",
	"UNIT_MEASURE", "OBS_STATUS", "OBS_QUALIFIER", "SOURCE", "SOURCE_URL", "REVISION", "STATUS", "UPDATED_AT",
	"COMMENT", "SOURCE_PUBLISHER", "SOURCE_TITLE", "SOURCE_DATE", NULL,
};
#define N_COLUMNS 19

int export_format_parse(const char *s, enum export_format *out)
{
	static const char *const names[] = {"csv", "json", "xlsx"};
	for (size_t i = 0; s && i < 3; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum export_format)i;
			return 1;
		}
	return 0;
}

const char *export_format_mime(enum export_format f)
{
	switch (f) {
	case EXPORT_CSV: return "text/csv; charset=utf-8";
	case EXPORT_JSON: return "application/json; charset=utf-8";
	case EXPORT_XLSX: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	default: return "application/octet-stream";
	}
}

/* One row's fields as text (the value as written by num_format, full precision). */
struct row {
	const char *f[N_COLUMNS];
	double value;
	int revision;
};

static const char *sdmx_period(struct arena *a, const char *period, const char **freq)
{
	struct period p;
	if (!period_parse(period, strlen(period), &p)) {
		*freq = "";
		return period;
	}
	switch (p.kind) {
	case PERIOD_QUARTER:
		*freq = "Q";
		return arena_printf(a, "%d-Q%d", p.year, p.sub);
	case PERIOD_MONTH:
		*freq = "M";
		return arena_printf(a, "%d-%02d", p.year, p.sub);
	case PERIOD_YEAR:
	default:
		*freq = "A";
		return arena_printf(a, "%d", p.year);
	}
}

static const char *obs_status_code(enum obs_qualifier q)
{
	switch (q) {
	case QUAL_APPROX: return "E";
	case QUAL_FORECAST_LOWER_BOUND: return "F";
	default: return "A";
	}
}

static void row_of(struct arena *a, const struct plan *p, const struct obs *o, struct row *r)
{
	int ind = plan_find_indicator(p, o->indicator), reg = plan_find_region(p, o->region);
	char num[64];
	num_format(num, sizeof(num), o->value, 10);
	const char *freq;
	r->value = o->value;
	r->revision = o->revision;
	r->f[0] = o->indicator;
	r->f[1] = ind >= 0 ? p->indicators[ind].name_zh : "";
	r->f[2] = o->region;
	r->f[3] = reg >= 0 ? p->regions[reg].name_zh : "";
	r->f[4] = sdmx_period(a, o->period, &freq);
	r->f[5] = freq;
	r->f[6] = arena_strdup(a, num);
	r->f[7] = ind >= 0 && p->indicators[ind].unit_zh ? p->indicators[ind].unit_zh : "";
	r->f[8] = obs_status_code(o->qualifier);
	r->f[9] = obs_qualifier_name(o->qualifier);
	r->f[10] = o->source ? o->source : "";
	r->f[11] = o->source_url ? o->source_url : "";
	r->f[12] = arena_printf(a, "%d", o->revision);
	r->f[13] = obs_status_name(o->status);
	r->f[14] = o->created_at ? o->created_at : "";
	r->f[15] = o->note ? o->note : "";
	r->f[16] = o->publisher ? o->publisher : "";
	r->f[17] = o->title ? o->title : "";
	r->f[18] = o->published ? o->published : "";
}

/* The rows of an export, formatted one at a time (a store's figures are never all formatted at
 * once): the published figures of cur[0..n_cur) that belong to the plan. */
struct rows_src {
	const struct plan *p;
	const struct obs *cur;
	size_t n_cur, next;
	struct arena *a; /* the current row's texts, reset for each */
};

/* The next row into *r (valid until the next call); 0 at the end. */
static int next_row(struct rows_src *src, struct row *r)
{
	while (src->next < src->n_cur) {
		const struct obs *o = &src->cur[src->next++];
		/* the public view holds nothing but published figures (said twice); and of a store with
		 * several plans, the plan's own */
		if (o->status != OBS_PUBLISHED || plan_find_indicator(src->p, o->indicator) < 0 ||
		    plan_find_region(src->p, o->region) < 0)
			continue;
		arena_reset(src->a);
		row_of(src->a, src->p, o, r);
		return 1;
	}
	return 0;
}

/* ---- CSV ---------------------------------------------------------------------------------- */

/* Whether a spreadsheet opening the CSV would take s for a formula (OWASP "CSV injection"):
 * it starts with = + - @, a tab or a carriage return and is not a plain number. */
static int looks_like_formula(const char *s)
{
	if (!strchr("=+-@\t\r", s[0]) || !s[0])
		return 0;
	double v;
	return !num_parse_double(str_of(s), &v);
}

static void csv_field(struct buf *b, const char *s)
{
	int neutral = looks_like_formula(s); /* a leading ' makes it text; numbers stay as they are */
	if (!neutral && !strpbrk(s, ",\"\r\n")) {
		bw(b, s);
		return;
	}
	bwc(b, '"');
	if (neutral)
		bwc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			bwc(b, '"');
		bwc(b, *s);
	}
	bwc(b, '"');
}

static void write_csv(struct buf *b, struct rows_src *src)
{
	bw(b, "\xef\xbb\xbf");
	for (size_t c = 0; c < N_COLUMNS; c++) {
		if (c)
			bwc(b, ',');
		bw(b, export_columns[c]);
	}
	bwc(b, '\n');
	struct row r;
	while (buf_status(b) == ST_OK && next_row(src, &r)) {
		for (size_t c = 0; c < N_COLUMNS; c++) {
			if (c)
				bwc(b, ',');
			csv_field(b, r.f[c]);
		}
		bwc(b, '\n');
	}
}

/* ---- JSON --------------------------------------------------------------------------------- */

static json_t *must(json_t *j)
{
	if (!j)
		BUG("jansson allocation failed");
	return j;
}

/* One row as the JSON object of the export, its members in column order. */
static json_t *row_json(const struct row *r)
{
	json_t *o = must(json_object());
	for (size_t c = 0; c < N_COLUMNS; c++) {
		if (c == 6)
			json_object_set_new(o, export_columns[c], json_real(r->value));
		else if (c == 12)
			json_object_set_new(o, export_columns[c], json_integer(r->revision));
		else if (*r->f[c] || c < 6)
			json_object_set_new(o, export_columns[c], json_string(r->f[c]));
		else
			json_object_set_new(o, export_columns[c], json_null());
	}
	return o;
}

#define JSON_FLAGS (JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/* text, every line after the first indented by two more spaces: an element of the top-level
 * object's array as json_dumps of the whole document would indent it. */
static void json_indented(struct buf *b, const char *text)
{
	for (const char *t = text; *t; t++) {
		bwc(b, *t);
		if (*t == '\n')
			bw(b, "  ");
	}
}

/* The document json_dumps(JSON_FLAGS) would give for {dataset, columns, observations: [rows]},
 * written a row at a time so that only the text is held, never a tree of every row. */
static enum status write_json(struct buf *b, const struct plan *p, struct rows_src *src)
{
	char now[32];
	clock_format_utc(clock_now(), now);
	json_t *root = must(json_object());
	json_t *ds = must(json_object());
	json_object_set_new(ds, "plan", json_string(p->info.code));
	json_object_set_new(ds, "plan_version", json_integer(p->info.version));
	json_object_set_new(ds, "title", json_string(p->info.title_zh));
	json_object_set_new(ds, "generated_at", json_string(now));
	json_object_set_new(ds, "content", json_string("published observations only"));
	json_object_set_new(ds, "layout", json_string("docs/data.md#stable-export-layout"));
	json_object_set_new(root, "dataset", ds);
	json_t *cols = must(json_array());
	for (size_t c = 0; c < N_COLUMNS; c++)
		json_array_append_new(cols, json_string(export_columns[c]));
	json_object_set_new(root, "columns", cols);
	json_object_set_new(root, "observations", must(json_array()));
	char *head = json_dumps(root, JSON_FLAGS);
	json_decref(root);
	/* the document ends "[]\n}" for the empty array: the rows go between the brackets */
	size_t len = head ? strlen(head) : 0;
	if (!head || len < 4 || strcmp(head + len - 4, "[]\n}") != 0) {
		free(head);
		return ST_IO;
	}
	bwn(b, head, len - 3);
	free(head);
	struct row r;
	size_t n = 0;
	while (buf_status(b) == ST_OK && next_row(src, &r)) {
		json_t *o = row_json(&r);
		char *text = json_dumps(o, JSON_FLAGS);
		json_decref(o);
		if (!text)
			return ST_IO;
		bw(b, n++ ? ",\n  " : "\n  ");
		json_indented(b, text);
		free(text);
	}
	bw(b, n ? "\n ]\n}\n" : "]\n}\n");
	return ST_OK;
}

/* ---- XLSX --------------------------------------------------------------------------------- */

static enum status write_xlsx_file(const char *path, const struct plan *p, struct rows_src *src)
{
	/* rows are written in order and flushed as they go: memory stays flat in the rows */
	lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
	lxw_workbook *wb = workbook_new_opt(path, &opts);
	if (!wb)
		return ST_IO;
	struct arena *a = arena_new();
	lxw_doc_properties props = {.title = arena_strdup(a, p->info.title_zh ? p->info.title_zh : ""),
				    .subject = arena_strdup(a, "published observations"),
				    .created = clock_now()};
	workbook_set_properties(wb, &props);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bottom(head, LXW_BORDER_THIN);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "observations");
	lxw_error e = ws ? LXW_NO_ERROR : LXW_ERROR_SHEETNAME_ALREADY_USED;
	static const double widths[N_COLUMNS] = {26, 28, 12, 14, 12, 6, 14, 10, 10, 14, 60, 40, 9, 11, 21, 40, 30, 40, 12};
	for (size_t c = 0; c < N_COLUMNS && e == LXW_NO_ERROR; c++) {
		e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
		if (e == LXW_NO_ERROR)
			e = worksheet_write_string(ws, 0, (lxw_col_t)c, export_columns[c], head);
	}
	struct row row;
	size_t n = 0;
	while (e == LXW_NO_ERROR && next_row(src, &row)) {
		lxw_row_t r = (lxw_row_t)(++n);
		for (size_t c = 0; c < N_COLUMNS && e == LXW_NO_ERROR; c++) {
			if (c == 6)
				e = worksheet_write_number(ws, r, (lxw_col_t)c, row.value, NULL);
			else if (c == 12)
				e = worksheet_write_number(ws, r, (lxw_col_t)c, row.revision, NULL);
			else if (*row.f[c])
				e = worksheet_write_string(ws, r, (lxw_col_t)c, row.f[c], NULL);
		}
	}
	if (e == LXW_NO_ERROR) {
		worksheet_freeze_panes(ws, 1, 0);
		if (n > 0)
			e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, N_COLUMNS - 1);
	}
	lxw_error ce = workbook_close(wb);
	arena_free(a);
	return e == LXW_NO_ERROR && ce == LXW_NO_ERROR ? ST_OK : ST_IO;
}

/* workbook_capture's context: the rows, read as the file is written. */
struct xlsx_ctx {
	struct rows_src *src;
};

static enum status write_xlsx_rows(const char *path, const void *ctx)
{
	const struct xlsx_ctx *x = ctx;
	return write_xlsx_file(path, x->src->p, x->src);
}

enum status export_observations(struct store *s, struct arena *a, const struct plan *p, const char *indicator,
				enum export_format f, struct buf *out)
{
	struct obs *cur;
	size_t n;
	enum status rc = store_obs_current(s, a, indicator, NULL, OBS_VIEW_PUBLIC, &cur, &n);
	if (rc != ST_OK)
		return rc;
	struct rows_src src = {p, cur, n, 0, arena_new()};
	switch (f) {
	case EXPORT_CSV:
		write_csv(out, &src);
		rc = buf_status(out);
		break;
	case EXPORT_JSON:
		rc = write_json(out, p, &src);
		rc = rc == ST_OK ? buf_status(out) : rc;
		break;
	case EXPORT_XLSX:
		rc = workbook_capture(write_xlsx_rows, &(struct xlsx_ctx){&src}, out);
		break;
	default:
		rc = ST_INVALID;
	}
	arena_free(src.a);
	return rc;
}
