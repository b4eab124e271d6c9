/* xlsx_workbook.c - finding the sheet in an .xlsx package: the package relationships
 * (_rels/.rels says where the workbook is), the workbook (sheet names in order, the 1904 flag),
 * its relationships (where each sheet, the shared strings and the styles are), resolving a
 * relationship's target to a part name, and the "no such sheet" message listing the sheets
 * there are. Format: ECMA-376 Part 1 §18.2 (workbook) and Part 2 §9 (relationships). */
#include <string.h>
#include <strings.h>

#include <libxml/xmlreader.h>

#include "base/buf.h"
#include "ingest/xlsx_int.h"
#include "base/banned.h"

#define NS_REL_TRANSITIONAL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_REL_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"

/* At most this many sheet names are listed when the asked-for one is missing. */
#define XLSX_MAX_LISTED_SHEETS 20u

/* ---- relationships ---- */

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static enum status on_rels_node(struct xlsx *x, xmlTextReaderPtr r, void *state)
{
	struct rel_list *l = state;
	if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || !xlsx_is_local_name(r, "Relationship"))
		return ST_OK;
	struct rel rel = {NULL, "", NULL};
	int is_external = 0;
	const char *name, *value, *ns;
	while (xlsx_attr_next(r, &name, &value, &ns)) {
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
	l->items = xlsx_array_grow(x->arena, l->items, l->n, &l->cap, sizeof(*l->items));
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

const char *xlsx_part_resolve(struct arena *a, const char *base, const char *target)
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

/* ---- the workbook ---- */

struct wb_state {
	int in_sheets;
};

static enum status on_workbook_node(struct xlsx *x, xmlTextReaderPtr r, void *state)
{
	struct wb_state *w = state;
	int type = xmlTextReaderNodeType(r);
	if (type == XML_READER_TYPE_END_ELEMENT && xlsx_is_local_name(r, "sheets"))
		w->in_sheets = 0;
	if (type != XML_READER_TYPE_ELEMENT)
		return ST_OK;
	const char *name, *value, *ns;
	if (xlsx_is_local_name(r, "workbookPr")) {
		while (xlsx_attr_next(r, &name, &value, &ns))
			if (strcmp(name, "date1904") == 0)
				x->is_date1904 = strcmp(value, "1") == 0 || strcmp(value, "true") == 0;
	} else if (xlsx_is_local_name(r, "sheets")) {
		w->in_sheets = xmlTextReaderIsEmptyElement(r) != 1;
	} else if (w->in_sheets && xlsx_is_local_name(r, "sheet")) {
		struct wb_sheet s = {NULL, NULL};
		while (xlsx_attr_next(r, &name, &value, &ns)) {
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
		x->sheets = xlsx_array_grow(x->arena, x->sheets, x->n_sheets, &x->sheets_cap, sizeof(*x->sheets));
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
		xlsx_copy_short(shown, sizeof(shown), x->sheets[i].name);
		bwf(&list, "%s'%s'", i ? ", " : "", shown);
	}
	if (x->n_sheets > n_listed)
		bwf(&list, " and %zu more", x->n_sheets - n_listed);
	char asked[100];
	xlsx_copy_short(asked, sizeof(asked), name);
	xlsx_diag(x, 0, 0, "no_such_sheet", "the workbook has no sheet named '%s'; its sheets are %s", asked,
		  buf_str(&list));
	buf_release(&list);
}

enum status xlsx_workbook_open(struct xlsx *x, const char *sheet_name, const struct wb_sheet **sheet,
			       const char **sheet_part, struct rel_list *wb_rels, const char **wb_folder)
{
	struct rel_list root_rels = {NULL, 0, 0};
	enum status rc = xlsx_part_parse(x, "_rels/.rels", on_rels_node, &root_rels);
	if (rc != ST_OK && rc != ST_NOT_FOUND)
		return rc;
	const struct rel *office = rel_by_type(&root_rels, "/officeDocument");
	const char *wb_part = office ? xlsx_part_resolve(x->arena, "", office->target) : "xl/workbook.xml";
	const char *wb_rels_part;
	part_folder_and_rels(x->arena, wb_part, wb_folder, &wb_rels_part);

	struct wb_state ws = {0};
	rc = xlsx_part_parse(x, wb_part, on_workbook_node, &ws);
	if (rc == ST_NOT_FOUND) {
		xlsx_diag(x, 0, 0, "bad_xlsx", "the file is a zip archive but not an .xlsx workbook (it has no part '%s')",
			  xlsx_clip(x->arena, wb_part));
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
	rc = xlsx_part_parse(x, wb_rels_part, on_rels_node, wb_rels);
	if (rc == ST_NOT_FOUND) {
		xlsx_diag(x, 0, 0, "bad_xlsx", "the workbook has no part '%s', which says where its sheets are",
			  xlsx_clip(x->arena, wb_rels_part));
		return ST_INVALID;
	}
	if (rc != ST_OK)
		return rc;
	const struct rel *rel = rel_by_id(wb_rels, (*sheet)->rel_id);
	if (!rel) {
		xlsx_diag(x, 0, 0, "bad_xlsx", "the workbook does not say where sheet '%s' is (no relationship '%s')",
			  xlsx_clip(x->arena, (*sheet)->name), xlsx_clip(x->arena, (*sheet)->rel_id));
		return ST_INVALID;
	}
	*sheet_part = xlsx_part_resolve(x->arena, *wb_folder, rel->target);
	return ST_OK;
}

enum status xlsx_optional_part(struct xlsx *x, const struct rel_list *wb_rels, const char *wb_folder,
			       const char *type_suffix, const char *usual_name, xml_node_fn fn, void *state)
{
	const struct rel *rel = rel_by_type(wb_rels, type_suffix);
	const char *part = rel ? xlsx_part_resolve(x->arena, wb_folder, rel->target)
			       : arena_printf(x->arena, "%s%s", wb_folder, usual_name);
	enum status rc = xlsx_part_parse(x, part, fn, state);
	return rc == ST_NOT_FOUND ? ST_OK : rc;
}
