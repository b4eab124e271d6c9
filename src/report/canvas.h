/* canvas.h - the small drawing interface every chart draws through (report/chart.h).
 * A canvas is a table of function pointers plus a context: canvas_svg.c writes SVG into a
 * struct buf for pages; canvas_cairo.c draws on cairo for the PDF, so the same chart code yields the
 * same picture in both. Coordinates are doubles in px, origin top left, y growing downwards. */
#ifndef INNOMON_REPORT_CANVAS_H
#define INNOMON_REPORT_CANVAS_H

#include <stddef.h>

#include "base/buf.h"

enum canvas_anchor { CANVAS_ANCHOR_START = 0, CANVAS_ANCHOR_MIDDLE, CANVAS_ANCHOR_END };

/* Where y lies on the text: on the alphabetic baseline, the middle of the glyphs, or their top. */
enum canvas_baseline { CANVAS_BASELINE_ALPHABETIC = 0, CANVAS_BASELINE_MIDDLE, CANVAS_BASELINE_TOP };

enum canvas_weight { CANVAS_WEIGHT_NORMAL = 0, CANVAS_WEIGHT_BOLD };

/* The point symbol of a series. Backends ignore it: chart_marker() (report/chart.h) draws it
 * with polygon/circle/rect, so the symbol looks the same on every canvas. */
enum canvas_marker {
	CANVAS_MARKER_NONE = 0,
	CANVAS_MARKER_CIRCLE,
	CANVAS_MARKER_SQUARE,
	CANVAS_MARKER_TRIANGLE,
	CANVAS_MARKER_DIAMOND,
	CANVAS_MARKER_TRIANGLE_DOWN,
	CANVAS_MARKER_CROSS,
	CANVAS_MARKER_STAR /* reserved for targets */
};

#define CANVAS_DASH_MAX 4

/* How a shape is painted. Colours are "#rrggbb" strings (static storage, e.g. the chart palette)
 * or NULL for none; text is filled with fill (NULL: the ink colour #1b1f23). n_dash == 0 draws a
 * solid stroke; otherwise dash[0..n_dash) alternates on/off lengths in px. opacity applies to the
 * whole shape; any value outside (0, 1), including the 0 of a zeroed struct, means opaque. */
struct canvas_style {
	const char *stroke;
	const char *fill;
	double stroke_width;
	double dash[CANVAS_DASH_MAX];
	unsigned n_dash;
	enum canvas_marker marker;
	double opacity;
};

struct canvas;

/* The operations. Every pointer argument is borrowed for the duration of the call. Drawing
 * cannot fail: a backend remembers its own failure (the SVG canvas: its buf's sticky
 * is_too_large flag, read with buf_status) and the caller checks once at the end.
 *
 * begin opens one picture of w x h px. id is unique on the page (the SVG canvas derives the ids
 * of <title> and <desc> from it and keeps only [A-Za-z0-9_-]); title is the accessible name,
 * desc a longer description or NULL. Every begin is closed by one end; groups nest between them.
 * group_begin(title) opens a group whose title is the tooltip of everything drawn inside it
 * (NULL or "" for none). polyline and polygon take n points (n < 2 draws nothing). segments
 * strokes n separate straight segments, xy holding x1, y1, x2, y2 for each (hatching: one SVG
 * element instead of n keeps pages small). text draws one line of UTF-8 at (x, y), size in px.
 * text_width is the width text will take; the SVG canvas estimates it, a backend with real
 * font metrics may measure. */
struct canvas {
	void (*begin)(struct canvas *c, const char *id, double w, double h, const char *title, const char *desc);
	void (*end)(struct canvas *c);
	void (*group_begin)(struct canvas *c, const char *title);
	void (*group_end)(struct canvas *c);
	void (*line)(struct canvas *c, double x1, double y1, double x2, double y2, const struct canvas_style *st);
	void (*polyline)(struct canvas *c, const double *xs, const double *ys, size_t n, const struct canvas_style *st);
	void (*polygon)(struct canvas *c, const double *xs, const double *ys, size_t n, const struct canvas_style *st);
	void (*segments)(struct canvas *c, const double *xy, size_t n, const struct canvas_style *st);
	void (*rect)(struct canvas *c, double x, double y, double w, double h, const struct canvas_style *st);
	void (*circle)(struct canvas *c, double cx, double cy, double r, const struct canvas_style *st);
	void (*text)(struct canvas *c, double x, double y, enum canvas_anchor anchor, enum canvas_baseline baseline,
		double size, enum canvas_weight weight, const char *text, const struct canvas_style *st);
	double (*text_width)(struct canvas *c, const char *text, double size, enum canvas_weight weight);
	void *ctx; /* the backend's state */
};

/* The SVG backend. Fields are private to canvas_svg.c; embed the struct (stack or arena). */
struct canvas_svg {
	struct canvas canvas; /* hand &svg.canvas to the charts */
	struct buf *out;
	char id[64];
	int depth; /* open groups */
};

/* Make svg draw into out (borrowed; SVG is appended, never NUL-cut): each begin ... end pair
 * writes one self-contained <svg> element for inline use in HTML (no scripts, no event
 * handlers, no external references, presentation attributes only, text XML-escaped with
 * invalid UTF-8 and control characters replaced, numbers with at most 2 decimals).
 * Cannot fail; overflow shows in buf_status(out). */
void canvas_svg_init(struct canvas_svg *svg, struct buf *out);

/* The SVG canvas's width estimate for text: about 0.56 em per ASCII character and 1 em per
 * other character (CJK), bold 5% wider. Pure; used by tests and by canvas_svg's text_width. */
double canvas_svg_text_width(const char *text, double size, enum canvas_weight weight);

#endif
