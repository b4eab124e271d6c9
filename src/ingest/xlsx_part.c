/* xlsx_part.c - reading one part of the .xlsx package as a stream of XML nodes: libzip
 * inflates the part while libxml2's xmlTextReader pulls it, so no part is ever held whole as a
 * tree and its uncompressed bytes are counted against the part cap (xlsx.h) as they are read.
 * Owns the part size cap, the refusal of DTDs, turning libxml2's errors into diagnostics, and
 * the small reader helpers (names, attributes, text) every part's node handler uses. */
#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlversion.h>
#include <zip.h>

#include "base/buf.h"
#include "ingest/xlsx.h"
#include "ingest/xlsx_int.h"
#include "base/banned.h"

/* No DTD loading, no entity substitution (XML_PARSE_NOENT is deliberately absent), no network;
 * libxml2 prints nothing itself: its errors come to on_xml_error. */
#define XLSX_XML_OPTIONS \
	(XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_COMPACT | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

int xlsx_is_local_name(xmlTextReaderPtr r, const char *name)
{
	const xmlChar *n = xmlTextReaderConstLocalName(r);
	return n && strcmp((const char *)n, name) == 0;
}

int xlsx_attr_next(xmlTextReaderPtr r, const char **name, const char **value, const char **ns)
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

int xlsx_is_text_node(int type)
{
	return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA || type == XML_READER_TYPE_WHITESPACE ||
	       type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

void xlsx_text_append(struct xlsx *x, xmlTextReaderPtr r)
{
	const xmlChar *v = xmlTextReaderConstValue(r);
	if (v)
		bw(&x->text, (const char *)v);
}

struct part_stream {
	zip_file_t *zf;
	size_t n_read, cap;
	int is_too_large;
	int is_read_error;
};

/* How far a part may unpack (xlsx.h): XLSX_MAX_PART_BYTES, or XLSX_MAX_RATIO times the file. */
static size_t part_cap(const struct xlsx *x)
{
	size_t by_ratio = x->comp_bytes > SIZE_MAX / XLSX_MAX_RATIO ? SIZE_MAX : x->comp_bytes * XLSX_MAX_RATIO;
	return by_ratio > XLSX_MAX_PART_BYTES ? by_ratio : XLSX_MAX_PART_BYTES;
}

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
	if (ps->n_read > ps->cap) {
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
	xlsx_copy_short(e->msg, sizeof(e->msg), err->message ? err->message : "unknown error");
	size_t n = strlen(e->msg);
	while (n > 0 && (e->msg[n - 1] == '\n' || e->msg[n - 1] == ' '))
		e->msg[--n] = '\0';
}

static enum status part_too_large(struct xlsx *x, const char *part)
{
	part = xlsx_clip(x->arena, part);
	xlsx_diag(x, 0, 0, "xlsx_too_large",
		  "part '%s' of the workbook unpacks to more than %zu MiB; split the workbook into smaller files", part,
		  part_cap(x) >> 20);
	return ST_TOO_LARGE;
}

static enum status part_unreadable(struct xlsx *x, const char *part)
{
	part = xlsx_clip(x->arena, part);
	xlsx_diag(x, 0, 0, "bad_xlsx", "part '%s' of the workbook cannot be unpacked (the file is damaged or encrypted)",
		  part);
	return ST_INVALID;
}

enum status xlsx_part_parse(struct xlsx *x, const char *part, xml_node_fn fn, void *state)
{
	zip_int64_t idx = zip_name_locate(x->zip, part, ZIP_FL_NOCASE);
	if (idx < 0)
		return ST_NOT_FOUND;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &st) != 0)
		return part_unreadable(x, part);
	if ((st.valid & ZIP_STAT_SIZE) && st.size > part_cap(x))
		return part_too_large(x, part);
	zip_file_t *zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
	if (!zf)
		return part_unreadable(x, part);

	struct part_stream ps = {zf, 0, part_cap(x), 0, 0};
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
	part = xlsx_clip(x->arena, part);
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
