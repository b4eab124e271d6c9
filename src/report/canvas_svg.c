/* canvas_svg.c - the SVG backend of struct canvas: writes inline <svg> elements into a buf.
 * Owns the SVG dialect of the charts: presentation attributes only (the CSP allows no inline
 * script; style="" is avoided too), no external references, every text XML-escaped, numbers
 * with at most 2 decimals. Allocates nothing; overflow shows in the buf's sticky flag. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/html_esc.h"
#include "report/canvas.h"
#include "base/banned.h"

/* The page font of www/style.css, first choice and generic fallback. */
#define SVG_FONT "Noto Sans CJK SC, sans-serif"
#define SVG_INK "#1b1f23"

static struct canvas_svg *svg_of(struct canvas *c)
{
	return c->ctx;
}

/* A coordinate or length: at most 2 decimals, trailing zeros trimmed, never "-0", "nan" or
 * "inf" (a non-finite value, which chart code never passes on purpose, prints as 0). */
static void put_num(struct buf *b, double v)
{
	char s[48];
	if (!isfinite(v))
		v = 0;
	if (v > 1e9)
		v = 1e9;
	if (v < -1e9)
		v = -1e9;
	snprintf(s, sizeof(s), "%.2f", v);
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == '0')
		s[--n] = '\0';
	if (n > 0 && s[n - 1] == '.')
		s[--n] = '\0';
	if (strcmp(s, "-0") == 0)
		bw(b, "0");
	else
		html_esc(b, s); /* digits, '-' and '.': escaping changes nothing */
}

static void put_attr_num(struct buf *b, const char *name, double v)
{
	bwc(b, ' ');
	h_raw(b, name); /* raw: an attribute name, a literal of this file */
	bw(b, "=\"");
	put_num(b, v);
	bwc(b, '"');
}

/* A colour attribute: the palette's "#rrggbb" strings pass through; anything else is
 * escaped, so a careless caller can break the picture but never the markup. */
static void put_paint(struct buf *b, const char *name, const char *colour)
{
	bwc(b, ' ');
	h_raw(b, name); /* raw: an attribute name, a literal of this file */
	bw(b, "=\"");
	html_esc(b, colour ? colour : "none");
	bwc(b, '"');
}

/* has_fill: the shape has an inside (an unset fill paints it black in SVG, so say "none");
 * is_path: a polyline or polygon, whose corners are rounded. */
static void put_style(struct buf *b, const struct canvas_style *st, int has_fill, int is_path)
{
	if (has_fill)
		put_paint(b, "fill", st->fill);
	if (st->stroke) {
		put_paint(b, "stroke", st->stroke);
		put_attr_num(b, "stroke-width", st->stroke_width > 0 ? st->stroke_width : 1);
		if (st->n_dash > 0) {
			bw(b, " stroke-dasharray=\"");
			for (unsigned i = 0; i < st->n_dash && i < CANVAS_DASH_MAX; i++) {
				if (i)
					bwc(b, ' ');
				put_num(b, st->dash[i]);
			}
			bwc(b, '"');
		}
		if (is_path)
			bw(b, " stroke-linejoin=\"round\"");
	}
	if (st->opacity > 0 && st->opacity < 1)
		put_attr_num(b, "opacity", st->opacity);
}

static void put_points(struct buf *b, const double *xs, const double *ys, size_t n)
{
	bw(b, " points=\"");
	for (size_t i = 0; i < n; i++) {
		if (i)
			bwc(b, ' ');
		put_num(b, xs[i]);
		bwc(b, ',');
		put_num(b, ys[i]);
	}
	bwc(b, '"');
}

static void svg_begin(struct canvas *c, const char *id, double w, double h, const char *title, const char *desc)
{
	struct canvas_svg *s = svg_of(c);
	struct buf *b = s->out;
	/* Ids are written unescaped, so keep only characters that need no escaping anywhere. */
	size_t n = 0;
	for (const char *p = id ? id : ""; *p && n + 1 < sizeof(s->id); p++) {
		char ch = *p;
		int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
		s->id[n++] = ok ? ch : '-';
	}
	if (n == 0)
		s->id[n++] = 'c';
	s->id[n] = '\0';
	s->depth = 0;
	int has_desc = desc && *desc;

	bw(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"");
	put_attr_num(b, "width", w);
	put_attr_num(b, "height", h);
	bw(b, " viewBox=\"0 0 ");
	put_num(b, w);
	bwc(b, ' ');
	put_num(b, h);
	hf(b, "\" role=\"img\" aria-labelledby=\"%s-title\"", s->id);
	if (has_desc)
		hf(b, " aria-describedby=\"%s-desc\"", s->id);
	bw(b, " font-family=\"" SVG_FONT "\">\n");
	hf(b, "<title id=\"%s-title\">", s->id);
	html_esc(b, title);
	bw(b, "</title>\n");
	if (has_desc) {
		hf(b, "<desc id=\"%s-desc\">", s->id);
		html_esc(b, desc);
		bw(b, "</desc>\n");
	}
}

static void svg_end(struct canvas *c)
{
	struct canvas_svg *s = svg_of(c);
	assert(s->depth == 0);
	for (; s->depth > 0; s->depth--)
		bw(s->out, "</g>\n");
	bw(s->out, "</svg>\n");
}

static void svg_group_begin(struct canvas *c, const char *title)
{
	struct canvas_svg *s = svg_of(c);
	s->depth++;
	if (!title || !*title) {
		bw(s->out, "<g>\n");
		return;
	}
	bw(s->out, "<g><title>");
	html_esc(s->out, title);
	bw(s->out, "</title>\n");
}

static void svg_group_end(struct canvas *c)
{
	struct canvas_svg *s = svg_of(c);
	assert(s->depth > 0);
	if (s->depth <= 0)
		return;
	s->depth--;
	bw(s->out, "</g>\n");
}

static void svg_line(struct canvas *c, double x1, double y1, double x2, double y2, const struct canvas_style *st)
{
	struct buf *b = svg_of(c)->out;
	bw(b, "<line");
	put_attr_num(b, "x1", x1);
	put_attr_num(b, "y1", y1);
	put_attr_num(b, "x2", x2);
	put_attr_num(b, "y2", y2);
	put_style(b, st, 0, 0);
	bw(b, "/>\n");
}

static void svg_polyline(struct canvas *c, const double *xs, const double *ys, size_t n, const struct canvas_style *st)
{
	if (n < 2)
		return;
	struct buf *b = svg_of(c)->out;
	bw(b, "<polyline");
	put_points(b, xs, ys, n);
	put_style(b, st, 1, 1);
	bw(b, "/>\n");
}

static void svg_polygon(struct canvas *c, const double *xs, const double *ys, size_t n, const struct canvas_style *st)
{
	if (n < 2)
		return;
	struct buf *b = svg_of(c)->out;
	bw(b, "<polygon");
	put_points(b, xs, ys, n);
	put_style(b, st, 1, 1);
	bw(b, "/>\n");
}

static void svg_segments(struct canvas *c, const double *xy, size_t n, const struct canvas_style *st)
{
	if (n == 0)
		return;
	struct buf *b = svg_of(c)->out;
	bw(b, "<path d=\"");
	for (size_t i = 0; i < n; i++) {
		bw(b, i ? " M" : "M");
		put_num(b, xy[4 * i]);
		bwc(b, ' ');
		put_num(b, xy[4 * i + 1]);
		bwc(b, 'L');
		put_num(b, xy[4 * i + 2]);
		bwc(b, ' ');
		put_num(b, xy[4 * i + 3]);
	}
	bwc(b, '"');
	struct canvas_style line = *st;
	line.fill = NULL; /* segments have no inside: fill="none" */
	put_style(b, &line, 1, 0);
	bw(b, "/>\n");
}

static void svg_rect(struct canvas *c, double x, double y, double w, double h, const struct canvas_style *st)
{
	struct buf *b = svg_of(c)->out;
	bw(b, "<rect");
	put_attr_num(b, "x", x);
	put_attr_num(b, "y", y);
	put_attr_num(b, "width", w > 0 ? w : 0);
	put_attr_num(b, "height", h > 0 ? h : 0);
	put_style(b, st, 1, 0);
	bw(b, "/>\n");
}

static void svg_circle(struct canvas *c, double cx, double cy, double r, const struct canvas_style *st)
{
	struct buf *b = svg_of(c)->out;
	bw(b, "<circle");
	put_attr_num(b, "cx", cx);
	put_attr_num(b, "cy", cy);
	put_attr_num(b, "r", r > 0 ? r : 0);
	put_style(b, st, 1, 0);
	bw(b, "/>\n");
}

static void svg_text(struct canvas *c, double x, double y, enum canvas_anchor anchor, enum canvas_baseline baseline,
	double size, enum canvas_weight weight, const char *text, const struct canvas_style *st)
{
	struct buf *b = svg_of(c)->out;
	/* The baseline is moved here rather than with dominant-baseline, which renderers treat
	 * differently: 0.35 em and 0.8 em are the middle and the top of Noto Sans CJK's digits and
	 * ideographs (ascent 0.88 em, cap height 0.73 em), and the cairo canvas uses the same. */
	if (baseline == CANVAS_BASELINE_MIDDLE)
		y += 0.35 * size;
	else if (baseline == CANVAS_BASELINE_TOP)
		y += 0.8 * size;
	bw(b, "<text");
	put_attr_num(b, "x", x);
	put_attr_num(b, "y", y);
	if (anchor == CANVAS_ANCHOR_MIDDLE)
		bw(b, " text-anchor=\"middle\"");
	else if (anchor == CANVAS_ANCHOR_END)
		bw(b, " text-anchor=\"end\"");
	put_attr_num(b, "font-size", size);
	if (weight == CANVAS_WEIGHT_BOLD)
		bw(b, " font-weight=\"600\"");
	put_paint(b, "fill", st && st->fill ? st->fill : SVG_INK);
	if (st && st->opacity > 0 && st->opacity < 1)
		put_attr_num(b, "opacity", st->opacity);
	bwc(b, '>');
	html_esc(b, text);
	bw(b, "</text>\n");
}

double canvas_svg_text_width(const char *text, double size, enum canvas_weight weight)
{
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	double em = 0;
	for (; *p; p++) {
		unsigned ch = *p;
		if ((ch & 0xc0) == 0x80)
			continue; /* a continuation byte: counted with its lead byte */
		if (ch >= 0x80)
			em += 1.0; /* CJK ideographs and full-width punctuation are square */
		else if (ch == ' ' || ch == '.' || ch == ',' || ch == ':' || ch == ';' || ch == '\'' || ch == '|' || ch == '!')
			em += 0.27;
		else if (ch == '-' || ch == '(' || ch == ')' || ch == '[' || ch == ']' || ch == '/')
			em += 0.34;
		else if (ch == '%' || ch == 'M' || ch == 'W' || ch == 'm' || ch == 'w')
			em += 0.85;
		else if (ch >= 'A' && ch <= 'Z')
			em += 0.64;
		else
			em += 0.56; /* digits and lower case */
	}
	return em * size * (weight == CANVAS_WEIGHT_BOLD ? 1.05 : 1.0);
}

static double svg_text_width(struct canvas *c, const char *text, double size, enum canvas_weight weight)
{
	(void)c;
	return canvas_svg_text_width(text, size, weight);
}

void canvas_svg_init(struct canvas_svg *svg, struct buf *out)
{
	memset(svg, 0, sizeof(*svg));
	svg->out = out;
	svg->canvas = (struct canvas){
		.begin = svg_begin,
		.end = svg_end,
		.group_begin = svg_group_begin,
		.group_end = svg_group_end,
		.line = svg_line,
		.polyline = svg_polyline,
		.polygon = svg_polygon,
		.segments = svg_segments,
		.rect = svg_rect,
		.circle = svg_circle,
		.text = svg_text,
		.text_width = svg_text_width,
		.ctx = svg,
	};
}
