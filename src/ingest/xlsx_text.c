/* xlsx_text.c - the text of .xlsx cells: numbers as the shortest text that reads back to the
 * same double, ST_Xstring escapes (_xHHHH_) decoded, and the shared strings part (sharedStrings,
 * ECMA-376 §18.4) read into the table that cells of type "s" index. The two text helpers are
 * pure; only xlsx_shared_strings_read reads a part. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "base/buf.h"
#include "ingest/csv.h"
#include "ingest/xlsx_int.h"
#include "base/banned.h"

/* ---- pure text helpers ---- */

/* Laid out as JavaScript's Number toString does (ECMA-262 §6.1.6.1.20): plain digits from 1e-6
 * up to 1e21, exponent form outside. */
void xlsx_number_text(double v, char out[40])
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

/* ECMA-376 §22.9.2.19 ST_Xstring. */
struct str xlsx_xstring_decode(struct arena *a, const char *p, size_t n)
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

/* ---- the shared strings part ---- */

struct sst_state {
	int in_si, in_t, in_rph;
};

static enum status shared_push(struct xlsx *x)
{
	struct str s = {"", 0};
	if (buf_status(&x->text) != ST_OK)
		xlsx_diag(x, 0, 0, "field_too_large", "shared string %zu is longer than %u bytes", spill_count(x->shared),
			  CSV_MAX_FIELD_BYTES);
	else
		s = xlsx_xstring_decode(x->scratch, buf_str(&x->text), x->text.len);
	enum status rc = spill_add(x->shared, s.p, s.len);
	arena_reset(x->scratch);
	buf_reset(&x->text);
	if (rc != ST_OK)
		xlsx_diag(x, 0, 0, "unreadable", "the workbook's shared strings cannot be kept in a temporary file");
	return rc;
}

/* <si> holds <t>, or rich-text runs <r><t>; phonetic runs <rPh><t> are not part of the value. */
static enum status on_sst_node(struct xlsx *x, xmlTextReaderPtr r, void *state)
{
	struct sst_state *s = state;
	int type = xmlTextReaderNodeType(r);
	if (type == XML_READER_TYPE_ELEMENT) {
		int is_empty = xmlTextReaderIsEmptyElement(r) == 1;
		if (xlsx_is_local_name(r, "si")) {
			enum status rc = s->in_si ? shared_push(x) : ST_OK;
			buf_reset(&x->text);
			s->in_si = 1;
			s->in_t = s->in_rph = 0;
			if (is_empty && rc == ST_OK) {
				rc = shared_push(x);
				s->in_si = 0;
			}
			if (rc != ST_OK)
				return rc;
		} else if (s->in_si && xlsx_is_local_name(r, "rPh")) {
			s->in_rph = !is_empty;
		} else if (s->in_si && !s->in_rph && xlsx_is_local_name(r, "t")) {
			s->in_t = !is_empty;
		}
	} else if (type == XML_READER_TYPE_END_ELEMENT) {
		if (xlsx_is_local_name(r, "t")) {
			s->in_t = 0;
		} else if (xlsx_is_local_name(r, "rPh")) {
			s->in_rph = 0;
		} else if (s->in_si && xlsx_is_local_name(r, "si")) {
			s->in_si = 0;
			return shared_push(x);
		}
	} else if (s->in_t && xlsx_is_text_node(type)) {
		xlsx_text_append(x, r);
	}
	return ST_OK;
}

enum status xlsx_shared_strings_read(struct xlsx *x, const struct rel_list *wb_rels, const char *wb_folder)
{
	struct sst_state sst = {0, 0, 0};
	return xlsx_optional_part(x, wb_rels, wb_folder, "/sharedStrings", "sharedStrings.xml", on_sst_node, &sst);
}
