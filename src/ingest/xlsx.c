/* xlsx.c - .xlsx sheet reader (see xlsx.h). libzip opens the package from memory and libxml2's
 * streaming xmlTextReader walks each part while it is inflated, so no part is ever held whole
 * as a tree and every part's size is counted as it is read. Parts: _rels/.rels (where the
 * workbook is), the workbook (sheet order, 1904 flag), its rels (sheet, shared-string and
 * style paths), sharedStrings, styles (which cell formats show dates), then the sheet itself.
 * Format: ECMA-376 Part 1 (SpreadsheetML, §18) and Part 2 (Open Packaging Conventions). */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlversion.h>
#include <zip.h>

#include "base/buf.h"
#include "base/num.h"
#include "base/utf8.h"
#include "ingest/csv.h"
#include "ingest/xlsx.h"
#include "base/banned.h"

/* No DTD loading, no entity substitution (XML_PARSE_NOENT is deliberately absent), no network;
 * libxml2 prints nothing itself: its errors come to on_xml_error. */
#define XLSX_XML_OPTIONS \
	(XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_COMPACT | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

#define NS_REL_TRANSITIONAL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_REL_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"

/* The last serial Excel shows as a date: 9999-12-31 in the 1900 system. */
#define XLSX_MAX_DATE_SERIAL 2958465L
/* Days between the 1900 and 1904 systems' day zero. */
#define XLSX_1904_OFFSET_DAYS 1462L
/* At most this many sheet names are listed when the asked-for one is missing. */
#define XLSX_MAX_LISTED_SHEETS 20u

struct wb_sheet {
	const char *name;   /* arena */
	const char *rel_id; /* arena */
};

struct rel {
	const char *id, *type, *target; /* arena */
};

struct rel_list {
	struct rel *items;
	size_t n, cap;
};

struct num_fmt {
	long id;
	int is_date;
};

/* Everything one sheet_from_xlsx call reads; lives on its stack. */
struct xlsx {
	struct arena *arena;
	const char *file;
	struct diag_list *diags;
	const char *diag_sheet; /* sheet named in cell diagnostics; NULL before the sheet is read */
	zip_t *zip;
	int is_date1904;
	struct wb_sheet *sheets;
	size_t n_sheets, sheets_cap;
	struct str *shared; /* shared strings, decoded, untrimmed */
	size_t n_shared, shared_cap;
	struct num_fmt *fmts; /* custom number formats */
	size_t n_fmts, fmts_cap;
	long *xf_fmt_ids; /* cellXfs: the numFmtId of each cell format */
	size_t n_xfs, xfs_cap;
	unsigned char *xf_is_date; /* n_xfs flags, set once styles are read */
	struct buf text;           /* the string or cell value being read, capped */
};

typedef enum status (*xml_node_fn)(struct xlsx *x, xmlTextReaderPtr r, void *state);

static void xml_quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

void xlsx_global_init(void)
{
	xmlInitParser();
	/* libxml2 reports a few errors (input encoding conversion) past the reader's handler,
	 * to stderr by default: untrusted uploads must not write to the server's log, and the
	 * reader's failure becomes a diagnostic anyway. New threads take the ThrDef handler. */
	xmlSetGenericErrorFunc(NULL, xml_quiet);
#if LIBXML_VERSION < 21200
	xmlThrDefSetGenericErrorFunc(NULL, xml_quiet);
#endif
}

/* Room for one more element in an arena array (doubling; the old copy stays in the arena). */
static void *array_grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return items;
	size_t new_cap = *cap ? *cap * 2 : 16;
	void *grown = arena_calloc(a, new_cap, size);
	if (n)
		memcpy(grown, items, n * size);
	*cap = new_cap;
	return grown;
}

static struct diag *xlsx_diag(struct xlsx *x, long line, int col, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static struct diag *xlsx_diag(struct xlsx *x, long line, int col, const char *code, const char *fmt, ...)
{
	if (x->diags->n >= x->diags->max) {
		/* full: only counted, so a sheet of a million bad cells costs no memory here */
		diag_add(x->diags, x->file, line, col, NULL, code, "%s", "");
		return NULL;
	}
	va_list ap;
	va_start(ap, fmt);
	char *msg = arena_vprintf(x->diags->arena, fmt, ap);
	va_end(ap);
	struct diag *d = diag_add(x->diags, x->file, line, col, NULL, code, "%s", msg);
	if (d && x->diag_sheet)
		d->sheet = arena_strdup(x->diags->arena, x->diag_sheet);
	return d;
}

/* Copy p[0..n) into dst[cap] for a message or a number parse, cut on a UTF-8 boundary.
 * Returns 1 when it fitted whole. */
static int copy_view(char *dst, size_t cap, const char *p, size_t n)
{
	int is_whole = n < cap;
	if (!is_whole)
		n = utf8_floor(p, cap - 1);
	memcpy(dst, p, n);
	dst[n] = '\0';
	return is_whole;
}

static int copy_short(char *dst, size_t cap, const char *s)
{
	return copy_view(dst, cap, s, strlen(s));
}

/* s cut to at most 100 bytes (arena memory), for names from the file quoted in messages:
 * Excel's names are short, a hostile file's need not be. */
static const char *clip(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	return n <= 100 ? s : arena_strndup(a, s, utf8_floor(s, 100));
}

/* Column index (0-based) to letters: 0 -> "A", 26 -> "AA", 16383 -> "XFD". */
static void col_letters(char out[4], int col)
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
	col_letters(letters, col);
	snprintf(out, 24, "%s%ld", letters, row);
}

enum ref_parse { REF_OK, REF_MALFORMED, REF_PAST_XFD, REF_BAD_ROW };

/* "C5" -> column 2, row 5 (ECMA-376 §18.18.62 ST_CellRef, without '$'). */
static enum ref_parse cell_ref_parse(const char *ref, int *col, long *row)
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

static int is_local_name(xmlTextReaderPtr r, const char *name)
{
	const xmlChar *n = xmlTextReaderConstLocalName(r);
	return n && strcmp((const char *)n, name) == 0;
}

/* Step through the current element's attributes: 1 with *name, *value and *ns (NULL when the
 * attribute has no namespace) set until the next call; 0 after the last, with the reader back
 * on the element. */
static int attr_next(xmlTextReaderPtr r, const char **name, const char **value, const char **ns)
{
	if (xmlTextReaderMoveToNextAttribute(r) != 1) {
		xmlTextReaderMoveToElement(r);
		return 0;
	}
	const xmlChar *n = xmlTextReaderConstLocalName(r);
	const xmlChar *v = xmlTextReaderConstValue(r);
	*name = n ? (const char *)n : "";
	*value = v ? (const char *)v : "";
	*ns = (const char *)xmlTextReaderConstNamespaceUri(r);
	return 1;
}

static int is_text_node(int type)
{
	return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA || type == XML_READER_TYPE_WHITESPACE ||
	       type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

static void text_append_node(struct xlsx *x, xmlTextReaderPtr r)
{
	const xmlChar *v = xmlTextReaderConstValue(r);
	if (v)
		bw(&x->text, (const char *)v);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Arena copy of p[0..n) with ST_Xstring escapes decoded: "_x000D_" is U+000D, "_x005F_" an
 * underscore (ECMA-376 §22.9.2.19). An escape of U+0000 or a surrogate is kept as written. */
static struct str xstring_decode(struct arena *a, const char *p, size_t n)
{
	char *out = arena_alloc(a, n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		if (i + 7 <= n && p[i] == '_' && p[i + 1] == 'x' && p[i + 6] == '_') {
			int d0 = hex_digit(p[i + 2]), d1 = hex_digit(p[i + 3]), d2 = hex_digit(p[i + 4]),
			    d3 = hex_digit(p[i + 5]);
			if (d0 >= 0 && d1 >= 0 && d2 >= 0 && d3 >= 0) {
				unsigned cp = (unsigned)(d0 << 12 | d1 << 8 | d2 << 4 | d3);
				if (cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
					if (cp < 0x80) {
						out[o++] = (char)cp;
					} else if (cp < 0x800) {
						out[o++] = (char)(0xC0 | cp >> 6);
						out[o++] = (char)(0x80 | (cp & 0x3F));
					} else {
						out[o++] = (char)(0xE0 | cp >> 12);
						out[o++] = (char)(0x80 | (cp >> 6 & 0x3F));
						out[o++] = (char)(0x80 | (cp & 0x3F));
					}
					i += 7;
					continue;
				}
			}
		}
		out[o++] = p[i++];
	}
	out[o] = '\0';
	return (struct str){out, o};
}

/* ---- reading one part ---- */

struct part_stream {
	zip_file_t *zf;
	size_t n_read;
	int is_too_large;
	int is_read_error;
};

/* libxml2 pulls the part through here: the uncompressed bytes are counted, so a part whose
 * directory entry understates its size still stops at the cap. */
static int part_read(void *ctx, char *buffer, int len)
{
	struct part_stream *ps = ctx;
	if (len <= 0)
		return 0;
	zip_int64_t n = zip_fread(ps->zf, buffer, (zip_uint64_t)len);
	if (n < 0) {
		ps->is_read_error = 1;
		return -1;
	}
	ps->n_read += (size_t)n;
	if (ps->n_read > XLSX_MAX_PART_BYTES) {
		ps->is_too_large = 1;
		return -1;
	}
	return (int)n;
}

struct xml_error {
	int has_error;
	int line;
	char msg[160];
};

#if LIBXML_VERSION >= 21200
static void on_xml_error(void *ctx, const xmlError *err)
#else
static void on_xml_error(void *ctx, xmlErrorPtr err)
#endif
{
	struct xml_error *e = ctx;
	if (e->has_error || !err || err->level < XML_ERR_ERROR)
		return;
	e->has_error = 1;
	e->line = err->line;
	copy_short(e->msg, sizeof(e->msg), err->message ? err->message : "unknown error");
	size_t n = strlen(e->msg);
	while (n > 0 && (e->msg[n - 1] == '\n' || e->msg[n - 1] == ' '))
		e->msg[--n] = '\0';
}

static enum status part_too_large(struct xlsx *x, const char *part)
{
	part = clip(x->arena, part);
	xlsx_diag(x, 0, 0, "xlsx_too_large",
		  "part '%s' of the workbook unpacks to more than %zu MiB; split the workbook into smaller files", part,
		  XLSX_MAX_PART_BYTES >> 20);
	return ST_TOO_LARGE;
}

static enum status part_unreadable(struct xlsx *x, const char *part)
{
	part = clip(x->arena, part);
	xlsx_diag(x, 0, 0, "bad_xlsx", "part '%s' of the workbook cannot be unpacked (the file is damaged or encrypted)",
		  part);
	return ST_INVALID;
}

/* Walk part (a path inside the package) calling fn on every node. ST_NOT_FOUND, with no
 * diagnostic, when the package has no such part; every other failure adds one. */
static enum status part_parse(struct xlsx *x, const char *part, xml_node_fn fn, void *state)
{
	zip_int64_t idx = zip_name_locate(x->zip, part, ZIP_FL_NOCASE);
	if (idx < 0)
		return ST_NOT_FOUND;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &st) != 0)
		return part_unreadable(x, part);
	if ((st.valid & ZIP_STAT_SIZE) && st.size > XLSX_MAX_PART_BYTES)
		return part_too_large(x, part);
	zip_file_t *zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
	if (!zf)
		return part_unreadable(x, part);

	struct part_stream ps = {zf, 0, 0, 0};
	struct xml_error xe;
	memset(&xe, 0, sizeof(xe));
	enum status rc = ST_OK;
	int read_rc = -1, has_dtd = 0;
	xmlTextReaderPtr r = xmlReaderForIO(part_read, NULL, &ps, part, NULL, XLSX_XML_OPTIONS);
	if (r) {
		xmlTextReaderSetStructuredErrorHandler(r, on_xml_error, &xe);
		for (;;) {
			read_rc = xmlTextReaderRead(r);
			if (read_rc != 1)
				break;
			/* .xlsx parts never carry a DTD; one can only be an attack on the parser. */
			if (xmlTextReaderNodeType(r) == XML_READER_TYPE_DOCUMENT_TYPE) {
				has_dtd = 1;
				break;
			}
			rc = fn(x, r, state);
			if (rc != ST_OK)
				break;
		}
		xmlFreeTextReader(r);
	}
	if (zip_fclose(zf) != 0 && rc == ST_OK && read_rc == 0)
		ps.is_read_error = 1;
	if (rc != ST_OK)
		return rc;
	if (ps.is_too_large)
		return part_too_large(x, part);
	if (ps.is_read_error)
		return part_unreadable(x, part);
	part = clip(x->arena, part);
	if (has_dtd) {
		xlsx_diag(x, 0, 0, "bad_xlsx",
			  "part '%s' of the workbook has a document type declaration, which .xlsx files never have", part);
		return ST_INVALID;
	}
	if (!r || read_rc < 0) {
		if (xe.has_error)
			xlsx_diag(x, 0, 0, "bad_xlsx", "part '%s' of the workbook is not well-formed XML (line %d: %s)", part,
				  xe.line, xe.msg);
		else
			xlsx_diag(x, 0, 0, "bad_xlsx", "part '%s' of the workbook is not well-formed XML", part);
		return ST_INVALID;
	}
	return ST_OK;
}

/* ---- package relationships ---- */

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static enum status on_rels_node(struct xlsx *x, xmlTextReaderPtr r, void *state)
{
	struct rel_list *l = state;
	if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || !is_local_name(r, "Relationship"))
		return ST_OK;
	struct rel rel = {NULL, "", NULL};
	int is_external = 0;
	const char *name, *value, *ns;
	while (attr_next(r, &name, &value, &ns)) {
		if (strcmp(name, "Id") == 0)
			rel.id = arena_strdup(x->arena, value);
		else if (strcmp(name, "Type") == 0)
			rel.type = arena_strdup(x->arena, value);
		else if (strcmp(name, "Target") == 0)
			rel.target = arena_strdup(x->arena, value);
		else if (strcmp(name, "TargetMode") == 0)
			is_external = strcmp(value, "External") == 0;
	}
	if (!rel.id || !rel.target || is_external)
		return ST_OK;
	l->items = array_grow(x->arena, l->items, l->n, &l->cap, sizeof(*l->items));
	l->items[l->n++] = rel;
	return ST_OK;
}

static const struct rel *rel_by_type(const struct rel_list *l, const char *type_suffix)
{
	for (size_t i = 0; i < l->n; i++)
		if (has_suffix(l->items[i].type, type_suffix))
			return &l->items[i];
	return NULL;
}

static const struct rel *rel_by_id(const struct rel_list *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].id, id) == 0)
			return &l->items[i];
	return NULL;
}

/* The part a relationship target names: relative to the source part's folder base (empty or
 * ending in '/'), or from the package root when it starts with '/' (ECMA-376 Part 2 §9.3).
 * "." and ".." segments are resolved; ".." never climbs above the root. */
static const char *part_resolve(struct arena *a, const char *base, const char *target)
{
	const char *joined = target[0] == '/' ? target + 1 : arena_printf(a, "%s%s", base, target);
	size_t n = strlen(joined);
	char *out = arena_alloc(a, n + 1);
	size_t o = 0;
	const char *p = joined;
	while (*p) {
		const char *seg = p;
		size_t seg_len = strcspn(p, "/");
		p += seg_len;
		if (*p == '/')
			p++;
		if (seg_len == 0 || (seg_len == 1 && seg[0] == '.'))
			continue;
		if (seg_len == 2 && seg[0] == '.' && seg[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			continue;
		}
		if (o > 0)
			out[o++] = '/';
		memcpy(out + o, seg, seg_len);
		o += seg_len;
	}
	out[o] = '\0';
	return out;
}

/* "xl/workbook.xml" -> folder "xl/" and rels part "xl/_rels/workbook.xml.rels". */
static void part_folder_and_rels(struct arena *a, const char *part, const char **folder, const char **rels)
{
	const char *slash = strrchr(part, '/');
	size_t folder_len = slash ? (size_t)(slash - part) + 1 : 0;
	*folder = arena_strndup(a, part, folder_len);
	*rels = arena_printf(a, "%s_rels/%s.rels", *folder, part + folder_len);
}

/* ---- workbook ---- */

struct wb_state {
	int in_sheets;
};

static enum status on_workbook_node(struct xlsx *x, xmlTextReaderPtr r, void *state)
{
	struct wb_state *w = state;
	int type = xmlTextReaderNodeType(r);
	if (type == XML_READER_TYPE_END_ELEMENT && is_local_name(r, "sheets"))
		w->in_sheets = 0;
	if (type != XML_READER_TYPE_ELEMENT)
		return ST_OK;
	const char *name, *value, *ns;
	if (is_local_name(r, "workbookPr")) {
		while (attr_next(r, &name, &value, &ns))
			if (strcmp(name, "date1904") == 0)
				x->is_date1904 = strcmp(value, "1") == 0 || strcmp(value, "true") == 0;
	} else if (is_local_name(r, "sheets")) {
		w->in_sheets = xmlTextReaderIsEmptyElement(r) != 1;
	} else if (w->in_sheets && is_local_name(r, "sheet")) {
		struct wb_sheet s = {NULL, NULL};
		while (attr_next(r, &name, &value, &ns)) {
			if (!ns && strcmp(name, "name") == 0)
				s.name = arena_strdup(x->arena, value);
			else if (ns && strcmp(name, "id") == 0 &&
				 (strcmp(ns, NS_REL_TRANSITIONAL) == 0 || strcmp(ns, NS_REL_STRICT) == 0))
				s.rel_id = arena_strdup(x->arena, value);
		}
		if (!s.name || !s.rel_id) {
			xlsx_diag(x, 0, 0, "bad_xlsx", "the workbook lists a sheet without a name or a relationship id");
			return ST_INVALID;
		}
		x->sheets = array_grow(x->arena, x->sheets, x->n_sheets, &x->sheets_cap, sizeof(*x->sheets));
		x->sheets[x->n_sheets++] = s;
	}
	return ST_OK;
}

static const struct wb_sheet *sheet_find(const struct xlsx *x, const char *name)
{
	if (!name)
		return x->n_sheets ? &x->sheets[0] : NULL;
	for (size_t i = 0; i < x->n_sheets; i++)
		if (strcmp(x->sheets[i].name, name) == 0)
			return &x->sheets[i];
	/* Excel keeps sheet names unique ignoring case, so this match is unambiguous. */
	for (size_t i = 0; i < x->n_sheets; i++)
		if (strcasecmp(x->sheets[i].name, name) == 0)
			return &x->sheets[i];
	return NULL;
}

static void report_no_such_sheet(struct xlsx *x, const char *name)
{
	struct buf list;
	buf_init(&list, 0);
	size_t n_listed = x->n_sheets < XLSX_MAX_LISTED_SHEETS ? x->n_sheets : XLSX_MAX_LISTED_SHEETS;
	for (size_t i = 0; i < n_listed; i++) {
		char shown[100];
		copy_short(shown, sizeof(shown), x->sheets[i].name);
		bwf(&list, "%s'%s'", i ? ", " : "", shown);
	}
	if (x->n_sheets > n_listed)
		bwf(&list, " and %zu more", x->n_sheets - n_listed);
	char asked[100];
	copy_short(asked, sizeof(asked), name);
	xlsx_diag(x, 0, 0, "no_such_sheet", "the workbook has no sheet named '%s'; its sheets are %s", asked,
		  buf_str(&list));
	buf_release(&list);
}

/* ---- shared strings ---- */

struct sst_state {
	int in_si, in_t, in_rph;
};

static void shared_push(struct xlsx *x)
{
	struct str s = {"", 0};
	if (buf_status(&x->text) != ST_OK)
		xlsx_diag(x, 0, 0, "field_too_large", "shared string %zu is longer than %u bytes", x->n_shared,
			  CSV_MAX_FIELD_BYTES);
	else
		s = xstring_decode(x->arena, buf_str(&x->text), x->text.len);
	x->shared = array_grow(x->arena, x->shared, x->n_shared, &x->shared_cap, sizeof(*x->shared));
	x->shared[x->n_shared++] = s;
	buf_reset(&x->text);
}

/* <si> holds <t>, or rich-text runs <r><t>; phonetic runs <rPh><t> are not part of the value. */
static enum status on_sst_node(struct xlsx *x, xmlTextReaderPtr r, void *state)
{
	struct sst_state *s = state;
	int type = xmlTextReaderNodeType(r);
	if (type == XML_READER_TYPE_ELEMENT) {
		int is_empty = xmlTextReaderIsEmptyElement(r) == 1;
		if (is_local_name(r, "si")) {
			if (s->in_si)
				shared_push(x);
			buf_reset(&x->text);
			s->in_si = 1;
			s->in_t = s->in_rph = 0;
			if (is_empty) {
				shared_push(x);
				s->in_si = 0;
			}
		} else if (s->in_si && is_local_name(r, "rPh")) {
			s->in_rph = !is_empty;
		} else if (s->in_si && !s->in_rph && is_local_name(r, "t")) {
			s->in_t = !is_empty;
		}
	} else if (type == XML_READER_TYPE_END_ELEMENT) {
		if (is_local_name(r, "t")) {
			s->in_t = 0;
		} else if (is_local_name(r, "rPh")) {
			s->in_rph = 0;
		} else if (s->in_si && is_local_name(r, "si")) {
			shared_push(x);
			s->in_si = 0;
		}
	} else if (s->in_t && is_text_node(type)) {
		text_append_node(x, r);
	}
	return ST_OK;
}

/* ---- styles: which cell formats show dates ---- */

/* Built-in formats that show a date or time: 14-22 and 45-47 (ECMA-376 §18.8.30), and the
 * East Asian locale formats 27-36 and 50-58 (yyyy"年"m"月"d"日" and the like in zh-CN). */
static int builtin_fmt_is_date(long id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/* A custom format code shows a date when a y, m or d stands outside quoted text, [brackets]
 * and escaped characters (\x, _x, *x), unless it is an elapsed-time format such as
 * "[h]:mm:ss" whose m can only mean minutes. */
static int fmt_code_is_date(const char *code)
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
		if (is_local_name(r, "numFmts"))
			s->in_num_fmts = 0;
		else if (is_local_name(r, "cellXfs"))
			s->in_cell_xfs = 0;
		return ST_OK;
	}
	if (type != XML_READER_TYPE_ELEMENT)
		return ST_OK;
	const char *name, *value, *ns;
	if (is_local_name(r, "numFmts")) {
		s->in_num_fmts = xmlTextReaderIsEmptyElement(r) != 1;
	} else if (is_local_name(r, "cellXfs")) {
		s->in_cell_xfs = xmlTextReaderIsEmptyElement(r) != 1;
	} else if (s->in_num_fmts && is_local_name(r, "numFmt")) {
		struct num_fmt f = {-1, 0};
		while (attr_next(r, &name, &value, &ns)) {
			if (strcmp(name, "numFmtId") == 0)
				f.id = fmt_id_parse(value);
			else if (strcmp(name, "formatCode") == 0)
				f.is_date = fmt_code_is_date(value);
		}
		if (f.id >= 0) {
			x->fmts = array_grow(x->arena, x->fmts, x->n_fmts, &x->fmts_cap, sizeof(*x->fmts));
			x->fmts[x->n_fmts++] = f;
		}
	} else if (s->in_cell_xfs && is_local_name(r, "xf")) {
		long id = 0;
		while (attr_next(r, &name, &value, &ns))
			if (strcmp(name, "numFmtId") == 0)
				id = fmt_id_parse(value);
		x->xf_fmt_ids = array_grow(x->arena, x->xf_fmt_ids, x->n_xfs, &x->xfs_cap, sizeof(*x->xf_fmt_ids));
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
		x->xf_is_date[i] = (unsigned char)(f ? f->is_date : builtin_fmt_is_date(key.id));
	}
}

/* ---- cell values ---- */

/* The shortest decimal text that reads back as v, laid out as JavaScript's Number toString does
 * (ECMA-262 §6.1.6.1.20): plain digits from 1e-6 up to 1e21, exponent form outside. */
static void number_text(double v, char out[40])
{
	if (v == 0) {
		snprintf(out, 40, "0");
		return;
	}
	char e[40];
	for (int precision = 1; precision <= 17; precision++) {
		snprintf(e, sizeof(e), "%.*e", precision - 1, v);
		if (strtod(e, NULL) == v)
			break;
	}
	const char *q = e;
	int is_neg = *q == '-';
	if (is_neg)
		q++;
	char digits[24];
	int n = 0;
	for (; *q && *q != 'e'; q++)
		if (*q != '.' && n < 20)
			digits[n++] = *q;
	int exp10 = *q == 'e' ? (int)strtol(q + 1, NULL, 10) : 0;
	while (n > 1 && digits[n - 1] == '0')
		n--;
	int k = exp10 + 1; /* v = 0.DIGITS x 10^k */
	int o = 0;
	if (is_neg)
		out[o++] = '-';
	if (n <= k && k <= 21) {
		for (int i = 0; i < n; i++)
			out[o++] = digits[i];
		for (int i = n; i < k; i++)
			out[o++] = '0';
	} else if (k > 0 && k <= 21) {
		for (int i = 0; i < n; i++) {
			if (i == k)
				out[o++] = '.';
			out[o++] = digits[i];
		}
	} else if (k > -6 && k <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (int i = k; i < 0; i++)
			out[o++] = '0';
		for (int i = 0; i < n; i++)
			out[o++] = digits[i];
	} else {
		out[o++] = digits[0];
		if (n > 1) {
			out[o++] = '.';
			for (int i = 1; i < n; i++)
				out[o++] = digits[i];
		}
		o += snprintf(out + o, (size_t)(40 - o), "e%c%d", k - 1 >= 0 ? '+' : '-', abs(k - 1));
	}
	out[o] = '\0';
}

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

/* An Excel date serial as "YYYY-MM-DD"; the time of day is dropped. 1900 system: serial 1 is
 * 1900-01-01 and Excel counts a 1900-02-29 that never was, so serials up to 60 are one day
 * later than the count from 1899-12-30 says. 1904 system: serial 0 is 1904-01-01.
 * Returns 0 when the serial is outside the dates Excel shows. */
static int date_text(double serial, int is_date1904, char out[16])
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

/* ---- the worksheet ---- */

enum cell_type { CT_NUMBER, CT_SHARED, CT_INLINE, CT_BOOL, CT_ERROR, CT_FORMULA_STR, CT_ISO_DATE, CT_UNKNOWN };

struct ws_state {
	struct sheet *out;
	size_t rows_cap;
	struct str *cells; /* CSV_MAX_FIELDS slots for the row being read */
	size_t n_used;     /* last non-empty column of that row + 1 */
	int in_sheet_data, in_row, is_row_skipped;
	long row_num, last_row_num;
	size_t n_cell_slots; /* cells stored so far, gaps included */
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
	while (attr_next(r, &name, &value, &ns)) {
		if (strcmp(name, "r") == 0) {
			has_ref = 1;
			is_ref_whole = copy_short(ref, sizeof(ref), value);
		} else if (strcmp(name, "t") == 0) {
			is_type_whole = copy_short(ttext, sizeof(ttext), value);
		} else if (strcmp(name, "s") == 0) {
			copy_short(stext, sizeof(stext), value);
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
		enum ref_parse pr = is_ref_whole ? cell_ref_parse(ref, &col, &ref_row) : REF_MALFORMED;
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
	copy_view(shown, sizeof(shown), raw.p, raw.len);
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
		if (!num_parse_int(raw, 0, INT64_MAX, &i) || (uint64_t)i >= x->n_shared) {
			xlsx_diag(x, row, col, "bad_cell", "cell %s refers to shared string '%s', but the workbook has %zu", name,
				  shown, x->n_shared);
			return 0;
		}
		*value = x->shared[i];
		break;
	}
	case CT_INLINE:
		*value = xstring_decode(x->arena, buf_str(&x->text), x->text.len);
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
			if (!date_text(v, x->is_date1904, text)) {
				number_text(v, text);
				xlsx_diag(x, row, col, "bad_date", "cell %s holds %s in a date format, which is not a date Excel can show",
					  name, text);
				return 0;
			}
		} else {
			number_text(v, text);
		}
		size_t n = strlen(text);
		*value = (struct str){arena_strndup(x->arena, text, n), n};
		break;
	}
	case CT_ISO_DATE:
		if (raw.len == 0)
			break;
		if (!is_iso_date(raw)) {
			xlsx_diag(x, row, col, "bad_cell", "cell %s holds '%s', which is not a date (YYYY-MM-DD)", name, shown);
			return 0;
		}
		*value = (struct str){arena_strndup(x->arena, raw.p, 10), 10};
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
		col_letters(last, (int)CSV_MAX_FIELDS - 1);
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
	while (attr_next(r, &name, &value, &ns))
		if (strcmp(name, "r") == 0) {
			has_r = 1;
			is_whole = copy_short(rtext, sizeof(rtext), value);
		}
	for (size_t i = 0; i < s->n_used; i++)
		s->cells[i] = (struct str){"", 0};
	s->n_used = 0;
	s->in_row = 1;
	s->in_cell = 0;
	s->prev_col = -1;
	s->is_row_skipped = 1;

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
	if (s->is_row_skipped || s->n_used == 0)
		return ST_OK;
	struct sheet *out = s->out;
	if (out->n_rows == SHEET_MAX_ROWS) {
		xlsx_diag(x, s->row_num, 0, "too_many_rows", "the sheet has more than %u rows", SHEET_MAX_ROWS);
		return ST_TOO_LARGE;
	}
	/* A row costs a slot per column up to its last value: one value in column IV is 256. */
	s->n_cell_slots += s->n_used;
	if (s->n_cell_slots > XLSX_MAX_CELLS) {
		xlsx_diag(x, s->row_num, 0, "too_many_cells",
			  "the sheet has more than %lu cells (counting empty cells before the last value of each row); split it "
			  "into smaller files", (unsigned long)XLSX_MAX_CELLS);
		return ST_TOO_LARGE;
	}
	out->rows = array_grow(x->arena, out->rows, out->n_rows, &s->rows_cap, sizeof(*out->rows));
	struct str *cells = arena_alloc(x->arena, s->n_used * sizeof(*cells));
	memcpy(cells, s->cells, s->n_used * sizeof(*cells));
	out->rows[out->n_rows++] = (struct sheet_row){cells, s->n_used, s->row_num};
	return ST_OK;
}

static enum status on_sheet_node(struct xlsx *x, xmlTextReaderPtr r, void *state)
{
	struct ws_state *s = state;
	int type = xmlTextReaderNodeType(r);
	if (type == XML_READER_TYPE_ELEMENT) {
		int is_empty = xmlTextReaderIsEmptyElement(r) == 1;
		if (is_local_name(r, "sheetData")) {
			s->in_sheet_data = !is_empty;
			return ST_OK;
		}
		if (!s->in_sheet_data)
			return ST_OK;
		if (is_local_name(r, "row")) {
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
		if (is_local_name(r, "c")) {
			if (s->in_cell)
				cell_finish(x, s);
			cell_start(x, s, r);
			if (is_empty)
				cell_finish(x, s);
			return ST_OK;
		}
		if (!s->in_cell || is_empty) {
			if (s->in_cell && is_local_name(r, "f"))
				s->has_formula = 1;
			return ST_OK;
		}
		if (is_local_name(r, "f"))
			s->has_formula = 1;
		else if (is_local_name(r, "v"))
			s->is_collecting = s->type != CT_INLINE;
		else if (is_local_name(r, "is"))
			s->in_is = 1;
		else if (is_local_name(r, "rPh"))
			s->in_rph = 1;
		else if (is_local_name(r, "t"))
			s->is_collecting = s->in_is && !s->in_rph && s->type == CT_INLINE;
		return ST_OK;
	}
	if (type == XML_READER_TYPE_END_ELEMENT) {
		if (is_local_name(r, "sheetData"))
			s->in_sheet_data = 0;
		else if (s->in_row && is_local_name(r, "row"))
			return row_finish(x, s);
		else if (s->in_cell && is_local_name(r, "c"))
			cell_finish(x, s);
		else if (is_local_name(r, "v") || is_local_name(r, "t"))
			s->is_collecting = 0;
		else if (is_local_name(r, "is"))
			s->in_is = 0;
		else if (is_local_name(r, "rPh"))
			s->in_rph = 0;
		return ST_OK;
	}
	if (s->is_collecting && is_text_node(type))
		text_append_node(x, r);
	return ST_OK;
}

/* ---- the whole read ---- */

static void report_not_a_workbook(struct xlsx *x, const void *buf, size_t len)
{
	/* An OLE compound file: an Excel 97-2003 .xls, or any workbook saved with a password. */
	if (len >= 8 && memcmp(buf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		xlsx_diag(x, 0, 0, "bad_xlsx",
			  "the file is an old .xls workbook or a password-protected one; save it as .xlsx without a password");
	else
		xlsx_diag(x, 0, 0, "bad_xlsx", "the file is not a readable .xlsx workbook (truncated or not a zip file)");
}

/* Read the workbook's sheet list and relationships and pick the sheet to read. */
static enum status workbook_open(struct xlsx *x, const char *sheet_name, const struct wb_sheet **sheet,
				 const char **sheet_part, struct rel_list *wb_rels, const char **wb_folder)
{
	struct rel_list root_rels = {NULL, 0, 0};
	enum status rc = part_parse(x, "_rels/.rels", on_rels_node, &root_rels);
	if (rc != ST_OK && rc != ST_NOT_FOUND)
		return rc;
	const struct rel *office = rel_by_type(&root_rels, "/officeDocument");
	const char *wb_part = office ? part_resolve(x->arena, "", office->target) : "xl/workbook.xml";
	const char *wb_rels_part;
	part_folder_and_rels(x->arena, wb_part, wb_folder, &wb_rels_part);

	struct wb_state ws = {0};
	rc = part_parse(x, wb_part, on_workbook_node, &ws);
	if (rc == ST_NOT_FOUND) {
		xlsx_diag(x, 0, 0, "bad_xlsx", "the file is a zip archive but not an .xlsx workbook (it has no part '%s')",
			  clip(x->arena, wb_part));
		return ST_INVALID;
	}
	if (rc != ST_OK)
		return rc;
	if (x->n_sheets == 0) {
		xlsx_diag(x, 0, 0, "bad_xlsx", "the workbook has no sheets");
		return ST_INVALID;
	}
	*sheet = sheet_find(x, sheet_name);
	if (!*sheet) {
		report_no_such_sheet(x, sheet_name);
		return ST_NOT_FOUND;
	}
	rc = part_parse(x, wb_rels_part, on_rels_node, wb_rels);
	if (rc == ST_NOT_FOUND) {
		xlsx_diag(x, 0, 0, "bad_xlsx", "the workbook has no part '%s', which says where its sheets are",
			  clip(x->arena, wb_rels_part));
		return ST_INVALID;
	}
	if (rc != ST_OK)
		return rc;
	const struct rel *rel = rel_by_id(wb_rels, (*sheet)->rel_id);
	if (!rel) {
		xlsx_diag(x, 0, 0, "bad_xlsx", "the workbook does not say where sheet '%s' is (no relationship '%s')",
			  clip(x->arena, (*sheet)->name), clip(x->arena, (*sheet)->rel_id));
		return ST_INVALID;
	}
	*sheet_part = part_resolve(x->arena, *wb_folder, rel->target);
	return ST_OK;
}

/* Read an optional workbook part found by relationship type, or at its usual name. */
static enum status optional_part(struct xlsx *x, const struct rel_list *wb_rels, const char *wb_folder,
				 const char *type_suffix, const char *usual_name, xml_node_fn fn, void *state)
{
	const struct rel *rel = rel_by_type(wb_rels, type_suffix);
	const char *part = rel ? part_resolve(x->arena, wb_folder, rel->target)
			       : arena_printf(x->arena, "%s%s", wb_folder, usual_name);
	enum status rc = part_parse(x, part, fn, state);
	return rc == ST_NOT_FOUND ? ST_OK : rc;
}

enum status sheet_from_xlsx(struct arena *arena, const char *file, const void *buf, size_t len, const char *sheet_name,
			    struct sheet *out, struct diag_list *diags)
{
	memset(out, 0, sizeof(*out));
	out->file = file;
	struct xlsx x;
	memset(&x, 0, sizeof(x));
	x.arena = arena;
	x.file = file;
	x.diags = diags;
	buf_init(&x.text, CSV_MAX_FIELD_BYTES);
	size_t errors_before = diag_errors(diags);
	enum status rc;

	/* libzip opens an empty source as a new, empty archive; an empty upload is no workbook. */
	zip_error_t zerr;
	zip_error_init(&zerr);
	zip_source_t *src = len ? zip_source_buffer_create(buf, len, 0, &zerr) : NULL;
	if (src) {
		x.zip = zip_open_from_source(src, ZIP_RDONLY, &zerr);
		if (!x.zip)
			zip_source_free(src);
	}
	zip_error_fini(&zerr);
	if (!x.zip) {
		report_not_a_workbook(&x, buf, len);
		rc = ST_INVALID;
		goto done;
	}

	const struct wb_sheet *sheet = NULL;
	const char *sheet_part = NULL, *wb_folder = NULL;
	struct rel_list wb_rels = {NULL, 0, 0};
	rc = workbook_open(&x, sheet_name, &sheet, &sheet_part, &wb_rels, &wb_folder);
	if (rc != ST_OK)
		goto done;
	out->sheet_name = sheet->name;

	struct sst_state sst = {0, 0, 0};
	rc = optional_part(&x, &wb_rels, wb_folder, "/sharedStrings", "sharedStrings.xml", on_sst_node, &sst);
	if (rc != ST_OK)
		goto done;
	struct styles_state styles = {0, 0};
	rc = optional_part(&x, &wb_rels, wb_folder, "/styles", "styles.xml", on_styles_node, &styles);
	if (rc != ST_OK)
		goto done;
	styles_resolve(&x);

	x.diag_sheet = clip(arena, sheet->name);
	struct ws_state ws;
	memset(&ws, 0, sizeof(ws));
	ws.out = out;
	ws.cells = arena_calloc(arena, CSV_MAX_FIELDS, sizeof(*ws.cells));
	for (size_t i = 0; i < CSV_MAX_FIELDS; i++)
		ws.cells[i] = (struct str){"", 0};
	rc = part_parse(&x, sheet_part, on_sheet_node, &ws);
	if (rc == ST_NOT_FOUND) {
		xlsx_diag(&x, 0, 0, "bad_xlsx", "the workbook has no part '%s' for sheet '%s'", clip(arena, sheet_part),
			  x.diag_sheet);
		rc = ST_INVALID;
	}
	if (rc == ST_OK && diag_errors(diags) > errors_before)
		rc = ST_INVALID;

done:
	if (x.zip)
		zip_discard(x.zip);
	buf_release(&x.text);
	if (rc == ST_OK && diag_errors(diags) > errors_before)
		rc = ST_INVALID;
	return rc;
}
