/* xlsx_styles.c - which .xlsx cells hold dates, and which date: the built-in number formats
 * that show dates, the test of a custom format code, the styles part (numFmts and cellXfs,
 * ECMA-376 §18.8) resolved to one "is a date" flag per cell format, and the conversion of an
 * Excel date serial (1900 or 1904 system) to YYYY-MM-DD. Only xlsx_styles_read reads a part;
 * the rest is pure. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "base/num.h"
#include "ingest/xlsx_int.h"
#include "base/banned.h"

/* The last serial Excel shows as a date: 9999-12-31 in the 1900 system. */
#define XLSX_MAX_DATE_SERIAL 2958465L
/* Days between the 1900 and 1904 systems' day zero. */
#define XLSX_1904_OFFSET_DAYS 1462L

/* ---- date formats ---- */

/* 14-22 and 45-47 (ECMA-376 §18.8.30), and the East Asian locale formats 27-36 and 50-58
 * (yyyy"年"m"月"d"日" and the like in zh-CN). */
int xlsx_builtin_fmt_is_date(long id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/* Escaped characters are \x, _x and *x; "[h]:mm:ss" is elapsed time, whose m can only mean
 * minutes. */
int xlsx_fmt_code_is_date(const char *code)
{
	int has_ymd = 0, has_y_or_d = 0, is_elapsed = 0;
	for (const char *p = code; *p; p++) {
		char c = *p;
		if (c == '"') {
			const char *close = strchr(p + 1, '"');
			if (!close)
				break;
			p = close;
		} else if (c == '\\' || c == '_' || c == '*') {
			if (p[1])
				p++;
		} else if (c == '[') {
			const char *close = strchr(p + 1, ']');
			if (!close)
				break;
			char first = (char)(p[1] | 0x20);
			int is_same = close > p + 1 && (first == 'h' || first == 'm' || first == 's');
			for (const char *q = p + 1; q < close && is_same; q++)
				is_same = (char)(*q | 0x20) == first;
			if (is_same)
				is_elapsed = 1;
			p = close;
		} else {
			char lower = (char)(c | 0x20);
			if (lower == 'y' || lower == 'd')
				has_ymd = has_y_or_d = 1;
			else if (lower == 'm')
				has_ymd = 1;
		}
	}
	return has_ymd && !(is_elapsed && !has_y_or_d);
}

/* ---- date serials ---- */

/* Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level
 * Date Algorithms", civil_from_days). */
static void civil_from_days(long z, long *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* 1900 system: serial 1 is 1900-01-01 and Excel counts a 1900-02-29 that never was, so
 * serials up to 60 are one day later than the count from 1899-12-30 says. 1904 system: serial
 * 0 is 1904-01-01. */
int xlsx_date_text(double serial, int is_date1904, char out[16])
{
	double day = floor(serial);
	double min = is_date1904 ? 0 : 1;
	double max = is_date1904 ? XLSX_MAX_DATE_SERIAL - XLSX_1904_OFFSET_DAYS : XLSX_MAX_DATE_SERIAL;
	if (!(day >= min && day <= max))
		return 0;
	long serial_day = (long)day;
	long unix_day;
	if (is_date1904)
		unix_day = serial_day - 24107; /* 1904-01-01 is day -24107 of the Unix epoch */
	else if (serial_day > 60)
		unix_day = serial_day - 25569; /* 1970-01-01 is serial 25569 */
	else
		unix_day = serial_day - 25568;
	long y;
	int m, d;
	civil_from_days(unix_day, &y, &m, &d);
	if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	snprintf(out, 16, "%04d-%02d-%02d", (int)y, m, d);
	return 1;
}

/* ---- the styles part ---- */

struct styles_state {
	int in_num_fmts, in_cell_xfs;
};

static long fmt_id_parse(const char *value)
{
	int64_t v;
	return num_parse_int(str_of(value), 0, INT32_MAX, &v) ? (long)v : -1;
}

static enum status on_styles_node(struct xlsx *x, xmlTextReaderPtr r, void *state)
{
	struct styles_state *s = state;
	int type = xmlTextReaderNodeType(r);
	if (type == XML_READER_TYPE_END_ELEMENT) {
		if (xlsx_is_local_name(r, "numFmts"))
			s->in_num_fmts = 0;
		else if (xlsx_is_local_name(r, "cellXfs"))
			s->in_cell_xfs = 0;
		return ST_OK;
	}
	if (type != XML_READER_TYPE_ELEMENT)
		return ST_OK;
	const char *name, *value, *ns;
	if (xlsx_is_local_name(r, "numFmts")) {
		s->in_num_fmts = xmlTextReaderIsEmptyElement(r) != 1;
	} else if (xlsx_is_local_name(r, "cellXfs")) {
		s->in_cell_xfs = xmlTextReaderIsEmptyElement(r) != 1;
	} else if (s->in_num_fmts && xlsx_is_local_name(r, "numFmt")) {
		struct num_fmt f = {-1, 0};
		while (xlsx_attr_next(r, &name, &value, &ns)) {
			if (strcmp(name, "numFmtId") == 0)
				f.id = fmt_id_parse(value);
			else if (strcmp(name, "formatCode") == 0)
				f.is_date = xlsx_fmt_code_is_date(value);
		}
		if (f.id >= 0) {
			x->fmts = xlsx_array_grow(x->arena, x->fmts, x->n_fmts, &x->fmts_cap, sizeof(*x->fmts));
			x->fmts[x->n_fmts++] = f;
		}
	} else if (s->in_cell_xfs && xlsx_is_local_name(r, "xf")) {
		long id = 0;
		while (xlsx_attr_next(r, &name, &value, &ns))
			if (strcmp(name, "numFmtId") == 0)
				id = fmt_id_parse(value);
		x->xf_fmt_ids = xlsx_array_grow(x->arena, x->xf_fmt_ids, x->n_xfs, &x->xfs_cap, sizeof(*x->xf_fmt_ids));
		x->xf_fmt_ids[x->n_xfs++] = id;
	}
	return ST_OK;
}

static int num_fmt_cmp(const void *a, const void *b)
{
	long x = ((const struct num_fmt *)a)->id, y = ((const struct num_fmt *)b)->id;
	return (x > y) - (x < y);
}

/* Decide once per cell format whether it shows a date; a custom format overrides a built-in id. */
static void styles_resolve(struct xlsx *x)
{
	if (x->n_fmts > 1)
		qsort(x->fmts, x->n_fmts, sizeof(*x->fmts), num_fmt_cmp);
	x->xf_is_date = arena_calloc(x->arena, x->n_xfs ? x->n_xfs : 1, 1);
	for (size_t i = 0; i < x->n_xfs; i++) {
		struct num_fmt key = {x->xf_fmt_ids[i], 0};
		const struct num_fmt *f = x->n_fmts ? bsearch(&key, x->fmts, x->n_fmts, sizeof(*x->fmts), num_fmt_cmp) : NULL;
		x->xf_is_date[i] = (unsigned char)(f ? f->is_date : xlsx_builtin_fmt_is_date(key.id));
	}
}

enum status xlsx_styles_read(struct xlsx *x, const struct rel_list *wb_rels, const char *wb_folder)
{
	struct styles_state styles = {0, 0};
	enum status rc = xlsx_optional_part(x, wb_rels, wb_folder, "/styles", "styles.xml", on_styles_node, &styles);
	if (rc != ST_OK)
		return rc;
	styles_resolve(x);
	return ST_OK;
}
