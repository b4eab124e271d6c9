/* report_pdf.c - the evaluation report as an A4 PDF: cairo for the pages, pango for the text
 * (Noto Serif CJK SC body, Noto Sans CJK SC headings and tables, so the text is real, selectable
 * and searchable), the charts as vectors through the cairo canvas (the same chart code as the
 * HTML). A small flow layout: paragraphs that break between lines, tables that break between
 * rows and repeat their header row on each page, figures kept with their captions, numbered
 * pages with a running header, a table of contents with page numbers and links, and PDF
 * bookmarks. Laid out twice: the first pass only measures and records the page of every
 * heading, the second draws with the table of contents filled in.
 * Text entered by users can be long and unbroken (a 60,000-byte source), and pango's cost for
 * wrapping such a run grows faster than its length: a table cell lays out at most
 * CELL_MAX_BYTES and a paragraph PARA_MAX_BYTES, with a numbered reference to an annex at the
 * end that holds the full text laid out in pieces of ANNEX_CHUNK_BYTES (cost linear in the
 * length), up to ANNEX_MAX_BYTES in all; the other formats carry every text whole.
 * Shaping is most of the cost, and a report repeats itself (status words, dashes, running
 * headers, every text of the first pass again in the second): layouts live in a cache keyed by
 * their text and style, shared by both passes (one PangoContext for the whole document), up
 * to LAYOUT_CACHE_MAX of them and LAYOUT_CACHE_BYTES of keys; past that they are made afresh. */
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/xalloc.h"
#include "report/canvas_cairo.h"
#include "report/i18n.h"
#include "report/report.h"
#include "base/banned.h"

/* A4 in points, the type area and the type. */
#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN_X 62.0
#define MARGIN_TOP 70.0
#define MARGIN_BOTTOM 64.0
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define BOTTOM (PAGE_H - MARGIN_BOTTOM)
#define SERIF "Noto Serif CJK SC"
#define SANS "Noto Sans CJK SC"
#define BODY_PT 10.5
#define NOTE_PT 8.5
#define TABLE_PT 8.0
#define TABLE_SMALL_PT 6.8 /* tables of more than 8 columns */
#define CELL_PAD 3.0
#define CHART_W_PX 600.0
#define CHART_H_PX 260.0
#define CELL_MAX_BYTES 600
#define PARA_MAX_BYTES 4000
#define ANNEX_CHUNK_BYTES 600
#define ANNEX_MAX_BYTES ((size_t)256 << 10)
#define LAYOUT_CACHE_MAX 65536u
#define LAYOUT_CACHE_BYTES ((size_t)16 << 20)

struct pdf {
	const struct report_doc *d;
	cairo_surface_t *surf;
	cairo_t *cr;
	struct buf *out;
	int is_dry;          /* the measuring pass: nothing is drawn */
	int page;            /* the current page, 1 = the cover */
	double y;            /* the cursor on the current page */
	int *heading_page;   /* per block: the page a heading lands on (from the first pass) */
	int *outline_id;     /* per block: its bookmark (second pass) */
	int n_toc_pages;
	struct arena *a;     /* scratch for the pass */
	PangoContext *pc;    /* one context for every layout of both passes (made from the first pass's cairo) */
	PangoFontDescription *fonts[2][2]; /* [is_sans][is_bold], sizes set per layout */
	GHashTable *layouts; /* key (style and text, owned) -> PangoLayout (one reference, owned) */
	size_t layout_key_bytes;
	const char **longs;  /* texts shortened in this pass, for the annex (borrowed from d) */
	size_t n_longs, cap_longs;
};

/* ---- text ------------------------------------------------------------------------------- */

/* What a layout has besides its text, font and width; zero is pango's default. */
struct lay_style {
	PangoAlignment align;
	int spacing, indent; /* pango units */
	int is_justified, is_ellipsized;
};

static const struct lay_style plain_style;

/* A laid-out text, from the cache when the same text was laid out in the same style before.
 * The caller owns one reference and must not change the layout (it may be shared). */
static PangoLayout *styled_layout(struct pdf *p, const char *text, const char *family, double pt, int is_bold, double width,
				  const struct lay_style *st)
{
	int is_sans = strcmp(family, SANS) == 0;
	text = text ? text : "";
	char *key = g_strdup_printf("%d|%d|%a|%a|%d|%d|%d|%d|%d\x1f%s", is_sans, is_bold != 0, pt, width, (int)st->align,
				    st->spacing, st->indent, st->is_justified, st->is_ellipsized, text);
	PangoLayout *l = g_hash_table_lookup(p->layouts, key);
	if (l) {
		g_free(key);
		return g_object_ref(l);
	}
	l = pango_layout_new(p->pc);
	PangoFontDescription *fd = p->fonts[is_sans][is_bold != 0];
	pango_font_description_set_absolute_size(fd, pt * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	if (st->align != PANGO_ALIGN_LEFT)
		pango_layout_set_alignment(l, st->align);
	if (st->spacing)
		pango_layout_set_spacing(l, st->spacing);
	if (st->indent)
		pango_layout_set_indent(l, st->indent);
	if (st->is_justified)
		pango_layout_set_justify(l, 1);
	if (st->is_ellipsized)
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	pango_layout_set_text(l, text, -1);
	size_t n = strlen(key) + 1;
	if (g_hash_table_size(p->layouts) < LAYOUT_CACHE_MAX && p->layout_key_bytes + n <= LAYOUT_CACHE_BYTES) {
		p->layout_key_bytes += n;
		g_hash_table_insert(p->layouts, key, g_object_ref(l));
	} else {
		g_free(key);
	}
	return l;
}

static PangoLayout *text_layout(struct pdf *p, const char *text, const char *family, double pt, int is_bold, double width)
{
	return styled_layout(p, text, family, pt, is_bold, width, &plain_style);
}

static PangoLayout *aligned_layout(struct pdf *p, const char *text, const char *family, double pt, int is_bold, double width,
				   PangoAlignment align)
{
	return styled_layout(p, text, family, pt, is_bold, width, &(struct lay_style){.align = align});
}

/* text as it is laid out: whole when it has at most max bytes, else its head and a reference
 * to its number in the annex (in the pass's scratch arena). */
static const char *bounded(struct pdf *p, const char *text, size_t max)
{
	if (!text || strlen(text) <= max)
		return text;
	if (p->n_longs == p->cap_longs) {
		p->cap_longs = p->cap_longs ? 2 * p->cap_longs : 16;
		p->longs = xrealloc(p->longs, p->cap_longs * sizeof(*p->longs));
	}
	p->longs[p->n_longs++] = text;
	size_t m = utf8_floor(text, max);
	return arena_printf(p->a, "%.*s\u2026 [%s %zu]", (int)m, text, i18n(p->d->lang, "report.pdf.see_annex"), p->n_longs);
}

static double layout_height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static void set_rgb(cairo_t *cr, unsigned rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

#define INK 0x1b1f23u
#define MUTED 0x5a6169u
#define RULE 0xb8bec5u
#define ACCENT 0x0b5cadu

static void show_at(struct pdf *p, PangoLayout *l, double x, double y, unsigned rgb)
{
	if (p->is_dry)
		return;
	set_rgb(p->cr, rgb);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
	cairo_new_path(p->cr);
}

static void hline(struct pdf *p, double x0, double x1, double y, double width, unsigned rgb)
{
	if (p->is_dry)
		return;
	set_rgb(p->cr, rgb);
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x0, y);
	cairo_line_to(p->cr, x1, y);
	cairo_stroke(p->cr);
}

/* A link annotation around what the callback draws; only http(s) URLs, quotes escaped. */
static void link_begin(struct pdf *p, const char *url)
{
	if (p->is_dry || !url || (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0))
		return;
	struct buf a;
	buf_init(&a, 4096);
	bw(&a, "uri='");
	for (const char *s = url; *s; s++) {
		if (*s == '\'' || *s == '\\')
			bwc(&a, '\\');
		bwc(&a, *s);
	}
	bwc(&a, '\'');
	if (buf_status(&a) == ST_OK)
		cairo_tag_begin(p->cr, CAIRO_TAG_LINK, buf_str(&a));
	buf_release(&a);
}

static void link_end(struct pdf *p, const char *url)
{
	if (p->is_dry || !url || (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0))
		return;
	cairo_tag_end(p->cr, CAIRO_TAG_LINK);
}

/* ---- pages ------------------------------------------------------------------------------ */

static void page_furniture(struct pdf *p)
{
	const struct report_doc *d = p->d;
	PangoLayout *h = styled_layout(p, d->title, SANS, 7.5, 0, CONTENT_W, &(struct lay_style){.is_ellipsized = 1});
	show_at(p, h, MARGIN_X, MARGIN_TOP - 30, MUTED);
	g_object_unref(h);
	hline(p, MARGIN_X, PAGE_W - MARGIN_X, MARGIN_TOP - 17, 0.6, INK);
	PangoLayout *f = text_layout(p, d->footer, SANS, 6.5, 0, CONTENT_W * 0.7);
	show_at(p, f, MARGIN_X, PAGE_H - MARGIN_BOTTOM + 26, MUTED);
	g_object_unref(f);
	char num[32];
	snprintf(num, sizeof(num), "— %d —", p->page);
	PangoLayout *n = text_layout(p, num, SANS, 9, 0, 0);
	int w, hh;
	pango_layout_get_size(n, &w, &hh);
	show_at(p, n, PAGE_W - MARGIN_X - (double)w / PANGO_SCALE, PAGE_H - MARGIN_BOTTOM + 24, INK);
	g_object_unref(n);
}

static void new_page(struct pdf *p)
{
	if (!p->is_dry)
		cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN_TOP;
	page_furniture(p);
}

/* Make room for h points, starting a page when they do not fit (and the page is not fresh). */
static void need(struct pdf *p, double h)
{
	if (p->y + h > BOTTOM && p->y > MARGIN_TOP + 1)
		new_page(p);
}

/* Draw a layout line by line from the cursor, breaking pages between lines. */
static void flow(struct pdf *p, PangoLayout *l, double x, unsigned rgb)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double top_on_page = p->y;
	do {
		PangoRectangle log;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		double top = (double)log.y / PANGO_SCALE, h = (double)log.height / PANGO_SCALE;
		if (top_on_page + top + h > BOTTOM && top_on_page + top > MARGIN_TOP + 1) {
			new_page(p);
			top_on_page = p->y - top;
		}
		if (!p->is_dry) {
			double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
			set_rgb(p->cr, rgb);
			cairo_move_to(p->cr, x + (double)log.x / PANGO_SCALE, top_on_page + base);
			pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
			cairo_new_path(p->cr);
		}
		p->y = top_on_page + top + h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/* ---- blocks ----------------------------------------------------------------------------- */

static void heading(struct pdf *p, size_t bi, const struct doc_block *x)
{
	int is_1 = x->level == 1;
	const char *text = x->label;
	PangoLayout *l = text_layout(p, text, SANS, is_1 ? 15 : 12, 1, CONTENT_W);
	double h = layout_height(l);
	/* keep a heading with what follows: at least three lines of text below it */
	need(p, (is_1 ? 16 : 10) + h + 3 * BODY_PT * 1.8);
	if (p->y > MARGIN_TOP + 1)
		p->y += is_1 ? 16 : 10;
	p->heading_page[bi] = p->page;
	if (!p->is_dry) {
		struct buf a;
		buf_init(&a, 256);
		bwf(&a, "name='%s'", x->anchor);
		cairo_tag_begin(p->cr, CAIRO_TAG_DEST, buf_str(&a));
		buf_release(&a);
		int parent = CAIRO_PDF_OUTLINE_ROOT;
		if (!is_1)
			for (size_t k = bi; k-- > 0;)
				if (p->d->blocks[k].kind == DB_HEADING && p->d->blocks[k].level == 1) {
					parent = p->outline_id[k];
					break;
				}
		const char *dest = arena_printf(p->a, "dest='%s'", x->anchor);
		p->outline_id[bi] = cairo_pdf_surface_add_outline(p->surf, parent, text, dest, is_1 ? CAIRO_PDF_OUTLINE_FLAG_BOLD : 0);
	}
	flow(p, l, MARGIN_X, INK);
	if (!p->is_dry)
		cairo_tag_end(p->cr, CAIRO_TAG_DEST);
	if (is_1)
		hline(p, MARGIN_X, PAGE_W - MARGIN_X, p->y + 2, 0.8, INK);
	p->y += is_1 ? 8 : 4;
	g_object_unref(l);
}

static void paragraph(struct pdf *p, const struct doc_block *x)
{
	int is_note = x->kind == DB_NOTE, is_item = x->kind == DB_LIST;
	double pt = is_note ? NOTE_PT : BODY_PT;
	const char *text = bounded(p, is_item ? arena_printf(p->a, "%s %s", x->number, x->text) : x->text, PARA_MAX_BYTES);
	double indent = is_item ? 2 * BODY_PT : 0;
	struct lay_style st = {.spacing = (int)(pt * (is_note ? 0.25 : 0.55) * PANGO_SCALE)};
	if (!is_note && !is_item) {
		st.indent = (int)(2 * pt * PANGO_SCALE);
		st.is_justified = 1;
	}
	if (is_item)
		st.indent = (int)(-1.5 * pt * PANGO_SCALE);
	PangoLayout *l = styled_layout(p, text, is_note ? SANS : SERIF, pt, 0, CONTENT_W - indent, &st);
	link_begin(p, is_note ? x->url : NULL);
	flow(p, l, MARGIN_X + indent, is_note ? MUTED : INK);
	link_end(p, is_note ? x->url : NULL);
	p->y += is_note ? 4 : 5;
	g_object_unref(l);
}

static unsigned role_rgb(enum chart_role role)
{
	switch (role) {
	case CHART_ROLE_OK: return 0x1a7f37u;
	case CHART_ROLE_WARN: return 0x9a6700u;
	case CHART_ROLE_BAD: return 0xb42318u;
	case CHART_ROLE_MUTED: return MUTED;
	default: return INK;
	}
}

struct table_geom {
	double x[64], w[64]; /* column left edges and widths */
	double pt;
	size_t n;
};

static PangoLayout *cell_layout(struct pdf *p, const struct table_geom *g, const char *text, size_t c, int is_bold,
				int is_right)
{
	return aligned_layout(p, text, SANS, g->pt, is_bold, g->w[c] - 2 * CELL_PAD, is_right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
}

/* The header row at the cursor, between a thick and a thin rule. */
static void table_header(struct pdf *p, const struct doc_table *t, const struct table_geom *g)
{
	PangoLayout *ls[64];
	double h = 0;
	for (size_t c = 0; c < g->n; c++) {
		ls[c] = cell_layout(p, g, t->headers[c], c, 1, t->is_numeric[c]);
		double hc = layout_height(ls[c]);
		if (hc > h)
			h = hc;
	}
	hline(p, MARGIN_X, PAGE_W - MARGIN_X, p->y, 1.1, INK);
	for (size_t c = 0; c < g->n; c++) {
		/* headers sit on the bottom line of the row */
		show_at(p, ls[c], g->x[c] + CELL_PAD, p->y + CELL_PAD + h - layout_height(ls[c]), INK);
		g_object_unref(ls[c]);
	}
	p->y += h + 2 * CELL_PAD;
	hline(p, MARGIN_X, PAGE_W - MARGIN_X, p->y, 0.6, INK);
}

static void table(struct pdf *p, const struct doc_table *t)
{
	struct table_geom g;
	g.n = t->n_cols < 64 ? t->n_cols : 64;
	g.pt = g.n > 8 ? TABLE_SMALL_PT : TABLE_PT;
	double total = 0, x = MARGIN_X;
	for (size_t c = 0; c < g.n; c++)
		total += t->widths[c];
	for (size_t c = 0; c < g.n; c++) {
		g.x[c] = x;
		g.w[c] = CONTENT_W * t->widths[c] / (total > 0 ? total : 1);
		x += g.w[c];
	}
	PangoLayout *cap = aligned_layout(p, t->caption, SANS, 9.5, 1, CONTENT_W, PANGO_ALIGN_CENTER);
	/* the caption, the header and the first row start on one page */
	need(p, layout_height(cap) + 6 + 4 * (g.pt * 1.6 + 2 * CELL_PAD));
	p->y += 4;
	show_at(p, cap, MARGIN_X, p->y, INK);
	p->y += layout_height(cap) + 3;
	g_object_unref(cap);
	table_header(p, t, &g);
	PangoLayout **ls = xcalloc(g.n, sizeof(*ls));
	for (size_t r = 0; r < t->n_rows; r++) {
		double h = 0;
		for (size_t c = 0; c < g.n; c++) {
			const struct doc_cell *cell = &t->cells[r * t->n_cols + c];
			int right = cell->kind == DC_NUMBER || (t->is_numeric[c] && cell->kind != DC_TEXT);
			ls[c] = cell_layout(p, &g, bounded(p, cell->text, CELL_MAX_BYTES), c, cell->kind == DC_STATUS, right);
			double hc = layout_height(ls[c]);
			if (hc > h)
				h = hc;
		}
		h += 2 * CELL_PAD;
		if (p->y + h > BOTTOM) {
			hline(p, MARGIN_X, PAGE_W - MARGIN_X, p->y, 1.1, INK);
			new_page(p);
			table_header(p, t, &g); /* the header again on every page */
		}
		for (size_t c = 0; c < g.n; c++) {
			const struct doc_cell *cell = &t->cells[r * t->n_cols + c];
			unsigned rgb = cell->kind == DC_STATUS ? role_rgb(cell->role) : cell->kind == DC_EMPTY ? MUTED
				     : cell->url && cell->kind == DC_TEXT ? ACCENT : INK;
			const char *url = cell->kind == DC_TEXT ? cell->url : NULL;
			link_begin(p, url);
			show_at(p, ls[c], g.x[c] + CELL_PAD, p->y + CELL_PAD, rgb);
			link_end(p, url);
			g_object_unref(ls[c]);
		}
		p->y += h;
		if (r + 1 < t->n_rows)
			hline(p, MARGIN_X, PAGE_W - MARGIN_X, p->y, 0.3, RULE);
	}
	free(ls);
	hline(p, MARGIN_X, PAGE_W - MARGIN_X, p->y, 1.1, INK);
	p->y += 10;
}

static void chart(struct pdf *p, const struct doc_block *x)
{
	double scale = CONTENT_W * 0.92 / CHART_W_PX;
	double w = CHART_W_PX * scale, h = CHART_H_PX * scale;
	PangoLayout *cap = aligned_layout(p, x->caption, SANS, 9, 1, CONTENT_W, PANGO_ALIGN_CENTER);
	double ch = layout_height(cap);
	need(p, h + ch + 10);
	p->y += 4;
	if (!p->is_dry) {
		struct arena *a = arena_new();
		struct chart_line_spec spec;
		report_chart_spec(p->d, x->target, CHART_W_PX, CHART_H_PX, a, &spec);
		struct canvas_cairo cc;
		canvas_cairo_init(&cc, p->cr, SANS);
		cc.pc = p->pc;
		cairo_save(p->cr);
		cairo_translate(p->cr, MARGIN_X + (CONTENT_W - w) / 2, p->y);
		cairo_scale(p->cr, scale, scale);
		chart_line(a, &cc.canvas, &spec);
		cairo_restore(p->cr);
		arena_free(a);
	}
	p->y += h + 2;
	show_at(p, cap, MARGIN_X, p->y, INK);
	p->y += ch + 8;
	g_object_unref(cap);
}

/* ---- cover and contents ------------------------------------------------------------------- */

static void cover(struct pdf *p)
{
	const struct report_doc *d = p->d;
	p->page = 1;
	double y = 190;
	PangoLayout *t = styled_layout(p, d->title, SANS, 21, 1, CONTENT_W,
				       &(struct lay_style){.align = PANGO_ALIGN_CENTER, .spacing = 6 * PANGO_SCALE});
	show_at(p, t, MARGIN_X, y, INK);
	y += layout_height(t) + 18;
	g_object_unref(t);
	PangoLayout *s = aligned_layout(p, d->subtitle, SANS, 14, 0, CONTENT_W, PANGO_ALIGN_CENTER);
	show_at(p, s, MARGIN_X, y, INK);
	y += layout_height(s) + 56;
	g_object_unref(s);
	double lx = MARGIN_X + 40, vx = MARGIN_X + 130, vw = CONTENT_W - 170;
	for (size_t i = 0; i < d->n_facts; i++) {
		PangoLayout *lab = text_layout(p, d->facts[i].label, SANS, 10, 0, 0);
		PangoLayout *val = text_layout(p, d->facts[i].value, SERIF, 10, 0, vw);
		show_at(p, lab, lx, y, MUTED);
		show_at(p, val, vx, y, INK);
		y += layout_height(val) + 7;
		g_object_unref(lab);
		g_object_unref(val);
	}
	PangoLayout *iss = aligned_layout(p, d->issuer, SANS, 15, 1, CONTENT_W, PANGO_ALIGN_CENTER);
	show_at(p, iss, MARGIN_X, PAGE_H - 190, INK);
	g_object_unref(iss);
	PangoLayout *dt = aligned_layout(p, d->date, SANS, 13, 0, CONTENT_W, PANGO_ALIGN_CENTER);
	show_at(p, dt, MARGIN_X, PAGE_H - 160, INK);
	g_object_unref(dt);
}

static void toc(struct pdf *p)
{
	const struct report_doc *d = p->d;
	new_page(p);
	int first = p->page;
	PangoLayout *t = aligned_layout(p, d->toc_title, SANS, 16, 1, CONTENT_W, PANGO_ALIGN_CENTER);
	show_at(p, t, MARGIN_X, p->y, INK);
	p->y += layout_height(t) + 16;
	g_object_unref(t);
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *x = &d->blocks[i];
		if (x->kind != DB_HEADING)
			continue;
		int is_1 = x->level == 1;
		double indent = is_1 ? 0 : 2 * BODY_PT;
		const char *text = x->label;
		char num[16];
		snprintf(num, sizeof(num), "%d", p->heading_page[i]);
		PangoLayout *l = text_layout(p, text, is_1 ? SANS : SERIF, is_1 ? 11 : 10, is_1, CONTENT_W - indent - 40);
		PangoLayout *n = aligned_layout(p, num, SANS, is_1 ? 11 : 10, 0, 40, PANGO_ALIGN_RIGHT);
		double h = layout_height(l);
		need(p, h + 4);
		if (!p->is_dry) {
			const char *dest = arena_printf(p->a, "dest='%s'", x->anchor);
			cairo_tag_begin(p->cr, CAIRO_TAG_LINK, dest);
		}
		show_at(p, l, MARGIN_X + indent, p->y, INK);
		show_at(p, n, PAGE_W - MARGIN_X - 40, p->y + h - layout_height(n), INK);
		if (!p->is_dry)
			cairo_tag_end(p->cr, CAIRO_TAG_LINK);
		/* dotted leader from the end of the last line to the number */
		PangoRectangle ink, log;
		pango_layout_get_extents(l, &ink, &log);
		int n_lines = pango_layout_get_line_count(l);
		PangoLayoutLine *last = pango_layout_get_line_readonly(l, n_lines - 1);
		pango_layout_line_get_extents(last, &ink, &log);
		double lead_x0 = MARGIN_X + indent + (double)(log.x + log.width) / PANGO_SCALE + 4;
		double lead_x1 = PAGE_W - MARGIN_X - 40 + 30;
		if (!p->is_dry && lead_x1 > lead_x0) {
			double dash[2] = {0.8, 2.6};
			set_rgb(p->cr, MUTED);
			cairo_set_dash(p->cr, dash, 2, 0);
			cairo_set_line_width(p->cr, 0.8);
			cairo_move_to(p->cr, lead_x0, p->y + h - 4);
			cairo_line_to(p->cr, lead_x1 - 12, p->y + h - 4);
			cairo_stroke(p->cr);
			cairo_set_dash(p->cr, NULL, 0, 0);
		}
		p->y += h + (is_1 ? 6 : 3);
		g_object_unref(l);
		g_object_unref(n);
	}
	p->n_toc_pages = p->page - first + 1;
}

/* The annex of shortened texts: each in full, laid out in pieces, up to ANNEX_MAX_BYTES. */
static void annex_of_longs(struct pdf *p)
{
	if (!p->n_longs)
		return;
	enum lang lang = p->d->lang;
	new_page(p);
	PangoLayout *l = text_layout(p, i18n(lang, "report.pdf.annex"), SANS, 12, 1, CONTENT_W);
	flow(p, l, MARGIN_X, INK);
	g_object_unref(l);
	p->y += 6;
	size_t budget = ANNEX_MAX_BYTES;
	for (size_t i = 0; i < p->n_longs && budget; i++) {
		const char *t = p->longs[i];
		size_t n = strlen(t);
		l = text_layout(p, arena_printf(p->a, "[%s %zu]", i18n(lang, "report.pdf.see_annex"), i + 1), SANS, NOTE_PT, 1, CONTENT_W);
		flow(p, l, MARGIN_X, INK);
		g_object_unref(l);
		for (size_t off = 0; off < n && budget;) {
			size_t take = n - off < ANNEX_CHUNK_BYTES ? n - off : ANNEX_CHUNK_BYTES;
			if (take > budget)
				take = budget;
			size_t cut = utf8_floor(t + off, take);
			take = cut ? cut : take; /* never stuck on a broken sequence */
			char *piece = arena_alloc(p->a, take + 1);
			memcpy(piece, t + off, take);
			piece[take] = '\0';
			l = text_layout(p, piece, SANS, NOTE_PT, 0, CONTENT_W);
			flow(p, l, MARGIN_X, INK);
			g_object_unref(l);
			off += take;
			budget -= take;
		}
		p->y += 4;
		arena_reset(p->a);
	}
	if (!budget) {
		l = text_layout(p, i18n(lang, "report.pdf.annex_cut"), SANS, NOTE_PT, 0, CONTENT_W);
		flow(p, l, MARGIN_X, MUTED);
		g_object_unref(l);
	}
}

/* ---- the two passes --------------------------------------------------------------------- */

static void lay_out(struct pdf *p)
{
	const struct report_doc *d = p->d;
	cover(p);
	toc(p);
	new_page(p);
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *x = &d->blocks[i];
		switch (x->kind) {
		case DB_HEADING:
			heading(p, i, x);
			break;
		case DB_PARA:
		case DB_NOTE:
		case DB_LIST:
			paragraph(p, x);
			break;
		case DB_TABLE:
			table(p, x->table);
			break;
		case DB_CHART:
			chart(p, x);
			break;
		case DB_PAGE_BREAK:
			if (p->y > MARGIN_TOP + 1 && i + 1 < d->n_blocks)
				new_page(p);
			break;
		}
		arena_reset(p->a);
	}
	annex_of_longs(p);
	if (!p->is_dry)
		cairo_show_page(p->cr);
}

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
	struct pdf *p = closure;
	if (p->is_dry)
		return CAIRO_STATUS_SUCCESS;
	return buf_append(p->out, data, length) == ST_OK ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* "2026-03-01T08:00:00Z" as the PDF metadata date "2026-03-01T08:00:00". */
static void set_metadata(struct pdf *p)
{
	const struct report_doc *d = p->d;
	char date[32];
	snprintf(date, sizeof(date), "%.19s", d->ev->prov.generated_utc);
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_TITLE, d->title);
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_AUTHOR, d->issuer);
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_SUBJECT, d->subtitle);
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_CREATOR, "innomon " INNOMON_VERSION);
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_MOD_DATE, date);
}

static enum status run_pass(struct pdf *p)
{
	p->surf = cairo_pdf_surface_create_for_stream(write_out, p, PAGE_W, PAGE_H);
	p->cr = cairo_create(p->surf);
	if (!p->pc) /* both passes draw on an A4 PDF surface: the first one's font options serve both */
		p->pc = pango_cairo_create_context(p->cr);
	if (!p->is_dry)
		set_metadata(p);
	p->page = 1;
	p->y = MARGIN_TOP;
	p->n_longs = 0;
	lay_out(p);
	cairo_status_t cs = cairo_status(p->cr);
	cairo_destroy(p->cr);
	cairo_surface_finish(p->surf);
	if (cs == CAIRO_STATUS_SUCCESS)
		cs = cairo_surface_status(p->surf);
	cairo_surface_destroy(p->surf);
	if (cs == CAIRO_STATUS_WRITE_ERROR && buf_status(p->out) != ST_OK)
		return ST_TOO_LARGE;
	return cs == CAIRO_STATUS_SUCCESS ? ST_OK : ST_IO;
}

enum status report_pdf(const struct report_doc *d, struct buf *out)
{
	struct pdf p;
	memset(&p, 0, sizeof(p));
	p.d = d;
	p.out = out;
	p.a = arena_new();
	p.heading_page = xcalloc(d->n_blocks + 1, sizeof(int));
	p.outline_id = xcalloc(d->n_blocks + 1, sizeof(int));
	p.layouts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
	for (int sans = 0; sans < 2; sans++)
		for (int bold = 0; bold < 2; bold++) {
			PangoFontDescription *fd = pango_font_description_new();
			pango_font_description_set_family(fd, sans ? SANS : SERIF);
			pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
			p.fonts[sans][bold] = fd;
		}
	p.is_dry = 1;
	enum status rc = run_pass(&p);
	if (rc == ST_OK) {
		p.is_dry = 0;
		rc = run_pass(&p);
	}
	g_hash_table_destroy(p.layouts);
	for (int sans = 0; sans < 2; sans++)
		for (int bold = 0; bold < 2; bold++)
			pango_font_description_free(p.fonts[sans][bold]);
	if (p.pc)
		g_object_unref(p.pc);
	free(p.heading_page);
	free(p.outline_id);
	free(p.longs);
	arena_free(p.a);
	return rc;
}

void report_pdf_release_fonts(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
