/* canvas_cairo.c - the cairo backend of struct canvas (see canvas_cairo.h): strokes, fills,
 * dashes and opacity as canvas_svg.c writes them, text laid out by pango and placed on the
 * same baselines (middle +0.35 em, top +0.8 em), widths measured from the real font. Groups
 * (tooltips) have no meaning on paper and draw nothing. */
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "report/canvas_cairo.h"
#include "base/banned.h"

#define CAIRO_FONT "Noto Sans CJK SC"
#define CAIRO_INK "#1b1f23"

static struct canvas_cairo *cc_of(struct canvas *c)
{
	return c->ctx;
}

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* "#rrggbb" as the source colour with the style's opacity; anything else is ink. */
static void set_colour(cairo_t *cr, const char *colour, const struct canvas_style *st)
{
	double rgb[3] = {0x1b / 255.0, 0x1f / 255.0, 0x23 / 255.0};
	if (colour && colour[0] == '#' && strlen(colour) == 7) {
		int ok = 1;
		for (int i = 0; i < 3; i++) {
			int hi = hex_digit(colour[1 + 2 * i]), lo = hex_digit(colour[2 + 2 * i]);
			if (hi < 0 || lo < 0)
				ok = 0;
			else
				rgb[i] = (hi * 16 + lo) / 255.0;
		}
		if (!ok)
			rgb[0] = rgb[1] = rgb[2] = 0.1;
	}
	double alpha = st && st->opacity > 0 && st->opacity < 1 ? st->opacity : 1.0;
	cairo_set_source_rgba(cr, rgb[0], rgb[1], rgb[2], alpha);
}

static void set_stroke(cairo_t *cr, const struct canvas_style *st)
{
	set_colour(cr, st->stroke, st);
	cairo_set_line_width(cr, st->stroke_width > 0 ? st->stroke_width : 1);
	unsigned n = st->n_dash < CANVAS_DASH_MAX ? st->n_dash : CANVAS_DASH_MAX;
	cairo_set_dash(cr, st->dash, (int)n, 0);
}

/* Fill (when the style has a fill) and stroke (when it has a stroke) the current path. */
static void paint(cairo_t *cr, const struct canvas_style *st, int has_fill, int is_path)
{
	if (has_fill && st->fill) {
		set_colour(cr, st->fill, st);
		if (st->stroke)
			cairo_fill_preserve(cr);
		else
			cairo_fill(cr);
	}
	if (st->stroke) {
		set_stroke(cr, st);
		cairo_set_line_join(cr, is_path ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_MITER);
		cairo_stroke(cr);
	}
	cairo_new_path(cr);
}

static void cc_begin(struct canvas *c, const char *id, double w, double h, const char *title, const char *desc)
{
	struct canvas_cairo *cc = cc_of(c);
	(void)id, (void)title, (void)desc;
	cc->depth = 0;
	cairo_save(cc->cr);
	cairo_rectangle(cc->cr, -2, -2, w + 4, h + 4); /* markers at the edge may overhang a little */
	cairo_clip(cc->cr);
	cairo_new_path(cc->cr);
}

static void cc_end(struct canvas *c)
{
	cairo_restore(cc_of(c)->cr);
}

static void cc_group_begin(struct canvas *c, const char *title)
{
	(void)title;
	cc_of(c)->depth++;
}

static void cc_group_end(struct canvas *c)
{
	if (cc_of(c)->depth > 0)
		cc_of(c)->depth--;
}

static void cc_line(struct canvas *c, double x1, double y1, double x2, double y2, const struct canvas_style *st)
{
	cairo_t *cr = cc_of(c)->cr;
	cairo_move_to(cr, x1, y1);
	cairo_line_to(cr, x2, y2);
	paint(cr, st, 0, 0);
}

static void path_of(cairo_t *cr, const double *xs, const double *ys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(xs[i]) || !isfinite(ys[i]))
			continue;
		if (i == 0)
			cairo_move_to(cr, xs[i], ys[i]);
		else
			cairo_line_to(cr, xs[i], ys[i]);
	}
}

static void cc_polyline(struct canvas *c, const double *xs, const double *ys, size_t n, const struct canvas_style *st)
{
	if (n < 2)
		return;
	cairo_t *cr = cc_of(c)->cr;
	path_of(cr, xs, ys, n);
	paint(cr, st, 1, 1);
}

static void cc_polygon(struct canvas *c, const double *xs, const double *ys, size_t n, const struct canvas_style *st)
{
	if (n < 2)
		return;
	cairo_t *cr = cc_of(c)->cr;
	path_of(cr, xs, ys, n);
	cairo_close_path(cr);
	paint(cr, st, 1, 1);
}

static void cc_segments(struct canvas *c, const double *xy, size_t n, const struct canvas_style *st)
{
	cairo_t *cr = cc_of(c)->cr;
	for (size_t i = 0; i < n; i++) {
		cairo_move_to(cr, xy[4 * i], xy[4 * i + 1]);
		cairo_line_to(cr, xy[4 * i + 2], xy[4 * i + 3]);
	}
	paint(cr, st, 0, 0);
}

static void cc_rect(struct canvas *c, double x, double y, double w, double h, const struct canvas_style *st)
{
	cairo_t *cr = cc_of(c)->cr;
	cairo_rectangle(cr, x, y, w > 0 ? w : 0, h > 0 ? h : 0);
	paint(cr, st, 1, 0);
}

static void cc_circle(struct canvas *c, double cx, double cy, double r, const struct canvas_style *st)
{
	cairo_t *cr = cc_of(c)->cr;
	cairo_new_sub_path(cr);
	cairo_arc(cr, cx, cy, r > 0 ? r : 0, 0, 2 * M_PI);
	paint(cr, st, 1, 0);
}

static PangoLayout *layout_of(struct canvas_cairo *cc, const char *text, double size, enum canvas_weight weight)
{
	PangoLayout *l = cc->pc ? pango_layout_new(cc->pc) : pango_cairo_create_layout(cc->cr);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, cc->family);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, weight == CANVAS_WEIGHT_BOLD ? PANGO_WEIGHT_SEMIBOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(l, text ? text : "", -1);
	return l;
}

static void cc_text(struct canvas *c, double x, double y, enum canvas_anchor anchor, enum canvas_baseline baseline,
		    double size, enum canvas_weight weight, const char *text, const struct canvas_style *st)
{
	struct canvas_cairo *cc = cc_of(c);
	if (baseline == CANVAS_BASELINE_MIDDLE)
		y += 0.35 * size;
	else if (baseline == CANVAS_BASELINE_TOP)
		y += 0.8 * size;
	PangoLayout *l = layout_of(cc, text, size, weight);
	int w_pu, h_pu;
	pango_layout_get_size(l, &w_pu, &h_pu);
	double w = (double)w_pu / PANGO_SCALE, base = (double)pango_layout_get_baseline(l) / PANGO_SCALE;
	if (anchor == CANVAS_ANCHOR_MIDDLE)
		x -= w / 2;
	else if (anchor == CANVAS_ANCHOR_END)
		x -= w;
	set_colour(cc->cr, st && st->fill ? st->fill : CAIRO_INK, st);
	cairo_move_to(cc->cr, x, y - base);
	pango_cairo_show_layout(cc->cr, l);
	cairo_new_path(cc->cr);
	g_object_unref(l);
}

static double cc_text_width(struct canvas *c, const char *text, double size, enum canvas_weight weight)
{
	PangoLayout *l = layout_of(cc_of(c), text, size, weight);
	int w_pu, h_pu;
	pango_layout_get_size(l, &w_pu, &h_pu);
	g_object_unref(l);
	return (double)w_pu / PANGO_SCALE;
}

void canvas_cairo_init(struct canvas_cairo *cc, cairo_t *cr, const char *family)
{
	memset(cc, 0, sizeof(*cc));
	cc->cr = cr;
	cc->family = family ? family : CAIRO_FONT;
	cc->canvas = (struct canvas){
		.begin = cc_begin,
		.end = cc_end,
		.group_begin = cc_group_begin,
		.group_end = cc_group_end,
		.line = cc_line,
		.polyline = cc_polyline,
		.polygon = cc_polygon,
		.segments = cc_segments,
		.rect = cc_rect,
		.circle = cc_circle,
		.text = cc_text,
		.text_width = cc_text_width,
		.ctx = cc,
	};
}
