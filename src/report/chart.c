/* chart.c - line, small multiples, bar, sparkline and progress charts over struct canvas.
 * Owns the look shared by pages and reports: palette, 12 px labels, thin axes, light grid,
 * nice ticks and compact 万/亿 labels. Draws only through the canvas; allocates only in the
 * caller's arena; holds no UI text (every word comes from the caller). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/chart.h"
#include "report/chart_number.h"
#include "base/banned.h"

#define FONT_PX 12.0
#define TICK_MAX 8
#define LABEL_CAP 64
#define ROW_PX 18.0  /* a legend row */
#define BAR_ROW_PX 24.0
#define WHITE "#ffffff"

/* ---- palette ---------------------------------------------------------------------------- */

/* Hues far apart and lightness spread (greyscale Y' from 63 to 134), each with its own dash
 * and marker: the series stay apart on a black-and-white printer. */
static const struct canvas_style series_styles[CHART_N_SERIES_STYLES] = {
	{.stroke = "#0b5cad", .stroke_width = 2, .marker = CANVAS_MARKER_CIRCLE},
	{.stroke = "#d9730d", .stroke_width = 2, .dash = {6, 3}, .n_dash = 2, .marker = CANVAS_MARKER_SQUARE},
	{.stroke = "#0f7f7f", .stroke_width = 2, .dash = {8, 3, 2, 3}, .n_dash = 4, .marker = CANVAS_MARKER_TRIANGLE},
	{.stroke = "#7b3fa0", .stroke_width = 2, .dash = {3, 3}, .n_dash = 2, .marker = CANVAS_MARKER_DIAMOND},
	{.stroke = "#3d4349", .stroke_width = 2, .dash = {12, 4}, .n_dash = 2, .marker = CANVAS_MARKER_TRIANGLE_DOWN},
	{.stroke = "#c2185b", .stroke_width = 2, .dash = {6, 2, 2, 2}, .n_dash = 4, .marker = CANVAS_MARKER_CROSS},
};

static const struct canvas_style role_styles[CHART_ROLE__COUNT] = {
	[CHART_ROLE_AXIS] = {.stroke = "#6e757c", .stroke_width = 1},
	[CHART_ROLE_GRID] = {.stroke = "#e3e6ea", .stroke_width = 1},
	[CHART_ROLE_LABEL] = {.fill = "#5a6169"},
	[CHART_ROLE_INK] = {.fill = "#1b1f23"},
	[CHART_ROLE_TARGET] = {.fill = "#1b1f23", .stroke = WHITE, .stroke_width = 1, .marker = CANVAS_MARKER_STAR},
	[CHART_ROLE_REQUIRED_PATH] = {.stroke = "#5a6169", .stroke_width = 1.25, .dash = {5, 4}, .n_dash = 2},
	[CHART_ROLE_PROJECTION] = {.stroke = "#0b5cad", .stroke_width = 1.5, .dash = {2, 3}, .n_dash = 2},
	[CHART_ROLE_REFERENCE] = {.stroke = "#1b1f23", .stroke_width = 1.25, .dash = {4, 3}, .n_dash = 2},
	[CHART_ROLE_OK] = {.stroke = "#1a7f37", .fill = "#1a7f37", .stroke_width = 1},
	[CHART_ROLE_WARN] = {.stroke = "#9a6700", .fill = "#9a6700", .stroke_width = 1},
	[CHART_ROLE_BAD] = {.stroke = "#b42318", .fill = "#b42318", .stroke_width = 1},
	[CHART_ROLE_MUTED] = {.stroke = "#5a6169", .fill = "#5a6169", .stroke_width = 1},
	[CHART_ROLE_ACCENT] = {.stroke = "#0b5cad", .fill = "#0b5cad", .stroke_width = 1},
};

const struct canvas_style *chart_series_style(size_t i)
{
	return &series_styles[i % CHART_N_SERIES_STYLES];
}

const struct canvas_style *chart_role_style(enum chart_role role)
{
	return &role_styles[(unsigned)role < CHART_ROLE__COUNT ? role : CHART_ROLE_MUTED];
}

static struct canvas_style style_of(enum chart_role role)
{
	return *chart_role_style(role);
}

void chart_marker(struct canvas *c, double x, double y, double r, enum canvas_marker m, const struct canvas_style *st)
{
	double xs[10], ys[10];
	switch (m) {
	case CANVAS_MARKER_NONE:
		return;
	case CANVAS_MARKER_CIRCLE:
		c->circle(c, x, y, r, st);
		return;
	case CANVAS_MARKER_SQUARE:
		c->rect(c, x - 0.88 * r, y - 0.88 * r, 1.76 * r, 1.76 * r, st);
		return;
	case CANVAS_MARKER_TRIANGLE:
	case CANVAS_MARKER_TRIANGLE_DOWN: {
		double s = m == CANVAS_MARKER_TRIANGLE ? 1 : -1;
		double tx[] = {x, x + 1.1 * r, x - 1.1 * r}, ty[] = {y - s * 1.2 * r, y + s * 0.7 * r, y + s * 0.7 * r};
		c->polygon(c, tx, ty, 3, st);
		return;
	}
	case CANVAS_MARKER_DIAMOND: {
		double dx[] = {x, x + r, x, x - r}, dy[] = {y - 1.25 * r, y, y + 1.25 * r, y};
		c->polygon(c, dx, dy, 4, st);
		return;
	}
	case CANVAS_MARKER_CROSS: {
		/* An x drawn with the fill colour, so it reads like the filled markers. */
		struct canvas_style line = {.stroke = st->fill ? st->fill : st->stroke, .stroke_width = 2.2};
		double d = 0.85 * r;
		c->line(c, x - d, y - d, x + d, y + d, &line);
		c->line(c, x - d, y + d, x + d, y - d, &line);
		return;
	}
	case CANVAS_MARKER_STAR:
		/* Five points, inner radius 0.45 of the outer, the first point straight up. */
		for (int i = 0; i < 10; i++) {
			double rr = (i % 2) ? 0.45 * r : r;
			double ang = -M_PI / 2 + i * M_PI / 5;
			xs[i] = x + rr * cos(ang);
			ys[i] = y + rr * sin(ang);
		}
		c->polygon(c, xs, ys, 10, st);
		return;
	}
}

/* ---- the time axis ---------------------------------------------------------------------- */

/* x as a period label, the inverse of chart_period_x for years and months: a year's middle
 * "2019", else the month x falls in "2025-07". */
static void format_period(char *out, size_t cap, double x)
{
	double y = floor(x);
	double frac = x - y;
	if (fabs(frac - 0.5) < 1e-6)
		snprintf(out, cap, "%.0f", y);
	else
		snprintf(out, cap, "%.0f-%02d", y, (int)fmin(11, floor(frac * 12 + 1e-9)) + 1);
}

/* Ticks m * 10^e * k computed as an integer times a power of ten, so 0.1 * 3 prints 0.3. */
static double tick_value(double k, double m, int e)
{
	return e >= 0 ? k * m * pow(10, e) : k * m / pow(10, -e);
}

static void nice_ticks(double lo, double hi, size_t max_ticks, int is_integer, double *out, size_t *n, double *step_out)
{
	static const double mants[] = {1, 2, 2.5, 5};
	*n = 0;
	/* Beyond 1e300 the span and the powers of ten below would overflow. */
	if (!isfinite(lo) || !isfinite(hi) || fabs(lo) > 1e300 || fabs(hi) > 1e300)
		return;
	double min = fmin(lo, hi), max = fmax(lo, hi);
	if (max_ticks < 2)
		max_ticks = 2;
	/* A zero span (or one below 1e-290, whose powers of ten would underflow) widens. */
	if (max - min <= 1e-12 * fmax(fabs(min), fabs(max)) || max - min < 1e-290) {
		double d = fabs(min) * 0.1;
		min -= d;
		max = d >= 1e-290 ? max + d : min + 1;
	}
	double raw = (max - min) / (double)(max_ticks - 1);
	int e = (int)floor(log10(raw)) - 1;
	if (is_integer && e < 0)
		e = 0;
	for (;; e++) {
		for (size_t i = 0; i < sizeof(mants) / sizeof(mants[0]); i++) {
			if (is_integer && e == 0 && mants[i] == 2.5)
				continue;
			double step = tick_value(1, mants[i], e);
			/* 1e-9 of a step absorbs the rounding of min / step at the ends. */
			double k0 = floor(min / step + 1e-9);
			double k1 = ceil(max / step - 1e-9);
			if (k1 - k0 + 1 > (double)max_ticks)
				continue;
			for (double k = k0; k <= k1; k++)
				out[(*n)++] = tick_value(k, mants[i], e);
			if (step_out)
				*step_out = step;
			return;
		}
	}
}

void chart_nice_ticks(double min, double max, size_t max_ticks, double *out, size_t *n)
{
	nice_ticks(min, max, max_ticks, 0, out, n, NULL);
}

/* ---- axes ------------------------------------------------------------------------------- */

struct yaxis {
	double ticks[TICK_MAX];
	char labels[TICK_MAX][LABEL_CAP];
	size_t n;
	double d0, d1;   /* domain: d0 at the bottom, or at the top for ranks */
	double label_w;  /* widest label, px */
	int is_rank;
	double top, bottom; /* plot rows, px */
};

/* The unit of a column of numbers (tick labels, bar values), so the column reads as one scale:
 * once its largest number passes 10,000, the largest of 万/亿 (k/M/B) that number reaches and
 * that the spacing of the column (step; 0 for none) reaches at least halfway. */
static void column_unit(enum lang lang, double max_abs, double step, double *div, const char **suffix)
{
	size_t n_units;
	const struct chart_unit_step *u = chart_units_of(lang, &n_units);
	*div = 1;
	*suffix = "";
	for (size_t i = 0; i < n_units && max_abs >= 1e4; i++) {
		if (max_abs >= u[i].div && (step == 0 || step >= u[i].div / 2)) {
			*div = u[i].div;
			*suffix = u[i].suffix;
			return;
		}
	}
}

/* Tick labels share the unit and the number of decimals. */
static void yaxis_labels(struct yaxis *ya, enum lang lang, double step)
{
	double max_abs = 0, div = 1;
	const char *suffix = "";
	for (size_t i = 0; i < ya->n; i++)
		max_abs = fmax(max_abs, fabs(ya->ticks[i]));
	if (!ya->is_rank)
		column_unit(lang, max_abs, step, &div, &suffix);
	int d = 0;
	while (d < 6 && fabs(step / div * pow(10, d) - round(step / div * pow(10, d))) > 1e-6)
		d++;
	for (size_t i = 0; i < ya->n; i++) {
		char num[LABEL_CAP];
		int is_zero = ya->ticks[i] == 0; /* "0", never "0.0万" */
		chart_format_grouped(num, sizeof(num), ya->ticks[i] / div, d, 0);
		snprintf(ya->labels[i], LABEL_CAP, "%s%s", is_zero ? "0" : num, is_zero ? "" : suffix);
	}
}

static void yaxis_build(struct yaxis *ya, struct canvas *c, enum lang lang, double lo, double hi, size_t max_ticks,
	int is_rank, int is_zoomed, const char *const *levels, size_t n_levels)
{
	memset(ya, 0, sizeof(*ya));
	ya->is_rank = is_rank;
	double step = 1;
	if (max_ticks > TICK_MAX)
		max_ticks = TICK_MAX;
	if (is_rank) {
		/* Rank 1 is the best and sits at the top; the axis starts there (lower, should a
		 * figure below 1 ever come, so that no point is drawn outside the chart). The nice
		 * ticks start at 0: 1 takes the place of 0, and the next tick gives way when it would
		 * crowd it (1, 4, 6 rather than 1, 2, 4). */
		double first = lo < 1 ? floor(lo) : 1;
		nice_ticks(first, hi > first + 1 ? hi : first + 1, max_ticks, 1, ya->ticks, &ya->n, &step);
		if (ya->n > 0 && ya->ticks[0] < first)
			ya->ticks[0] = first;
		if (ya->n > 2 && ya->ticks[1] - ya->ticks[0] < 0.6 * step) {
			memmove(&ya->ticks[1], &ya->ticks[2], (ya->n - 2) * sizeof(ya->ticks[0]));
			ya->n--;
		}
	} else if (levels && n_levels) {
		/* An ordinal scale runs from its first class: there is no zero. */
		nice_ticks(fmin(lo, 1), fmax(hi, (double)n_levels), max_ticks, 1, ya->ticks, &ya->n, &step);
	} else {
		/* Amounts start at zero, so a bar's or a line's height reads as its size; a page that
		 * says so may fit the axis to the data instead (is_zoomed). */
		if (!is_zoomed && lo > 0)
			lo = 0;
		if (!is_zoomed && hi < 0)
			hi = 0;
		nice_ticks(lo, hi, max_ticks, 0, ya->ticks, &ya->n, &step);
	}
	ya->d0 = ya->n ? ya->ticks[0] : 0;
	ya->d1 = ya->n ? ya->ticks[ya->n - 1] : 1;
	yaxis_labels(ya, lang, step);
	for (size_t i = 0; i < ya->n && levels; i++) { /* an ordinal scale: its class labels */
		double v = ya->ticks[i];
		if (v >= 1 && v <= (double)n_levels && v == floor(v))
			snprintf(ya->labels[i], LABEL_CAP, "%s", levels[(size_t)v - 1]);
	}
	for (size_t i = 0; i < ya->n; i++)
		ya->label_w = fmax(ya->label_w, c->text_width(c, ya->labels[i], FONT_PX, CANVAS_WEIGHT_NORMAL));
}

static double yaxis_map(const struct yaxis *ya, double v)
{
	double f = ya->d1 > ya->d0 ? (v - ya->d0) / (ya->d1 - ya->d0) : 0.5;
	return ya->is_rank ? ya->top + f * (ya->bottom - ya->top) : ya->bottom - f * (ya->bottom - ya->top);
}

struct xaxis {
	double d0, d1;   /* whole years: the axis runs from the start of d0 to the start of d1 */
	double step;     /* years between labels */
	double left, right;
};

static void xaxis_build(struct xaxis *xa, double xmin, double xmax, double left, double right)
{
	/* Years past ±10000 are no period: clamping keeps the loops over years short. Every year
	 * a point falls in is shown whole. */
	xa->d0 = floor(fmax(fmin(xmin, 1e4), -1e4) + 1e-9);
	xa->d1 = floor(fmax(fmin(xmax, 1e4), -1e4) - 1e-9) + 1;
	if (xa->d1 <= xa->d0)
		xa->d1 = xa->d0 + 1;
	xa->left = left;
	xa->right = right;
	/* Label every 1, 2, 5, 10, 20, 50 ... years: as often as 40 px per label allows. */
	double slots = fmax(2, floor((right - left) / 40));
	for (double p = 1;; p *= 10) {
		for (int i = 0; i < 3; i++) {
			xa->step = p * (double[]){1, 2, 5}[i];
			if (floor((xa->d1 - 1) / xa->step) - ceil(xa->d0 / xa->step) + 1 <= slots)
				return;
		}
	}
}

static double xaxis_map(const struct xaxis *xa, double x)
{
	return xa->left + (x - xa->d0) / (xa->d1 - xa->d0) * (xa->right - xa->left);
}

/* Thin lines land on pixel centres so they stay crisp. */
static double crisp(double v)
{
	return floor(v) + 0.5;
}

static void draw_text(struct canvas *c, double x, double y, enum canvas_anchor an, enum canvas_baseline bl,
	enum chart_role role, enum canvas_weight wt, const char *s)
{
	struct canvas_style st = style_of(role);
	c->text(c, x, y, an, bl, FONT_PX, wt, s, &st);
}

/* Grid, y labels (when is_labelled), the bottom axis with year ticks and labels. */
static void draw_axes(struct canvas *c, const struct yaxis *ya, const struct xaxis *xa, int is_labelled)
{
	struct canvas_style grid = style_of(CHART_ROLE_GRID), axis = style_of(CHART_ROLE_AXIS);
	double base = crisp(fmax(ya->bottom, ya->top));
	for (size_t i = 0; i < ya->n; i++) {
		double y = crisp(yaxis_map(ya, ya->ticks[i]));
		int is_zero = ya->ticks[i] == 0 && !ya->is_rank;
		if (y != base) /* the axis line is drawn there */
			c->line(c, xa->left, y, xa->right, y, is_zero ? &axis : &grid);
		if (is_labelled)
			draw_text(c, xa->left - 8, y, CANVAS_ANCHOR_END, CANVAS_BASELINE_MIDDLE, CHART_ROLE_LABEL,
				CANVAS_WEIGHT_NORMAL, ya->labels[i]);
	}
	c->line(c, xa->left, base, xa->right, base, &axis);
	/* A tick where each labelled year begins, the label in the middle of its year. */
	for (double yr = ceil(xa->d0 / xa->step) * xa->step; yr <= xa->d1 + 1e-9; yr += xa->step) {
		double x = crisp(xaxis_map(xa, yr));
		c->line(c, x, base, x, base + 4, &axis);
		if (yr >= xa->d1 - 1e-9)
			continue;
		char s[LABEL_CAP];
		snprintf(s, sizeof(s), "%.0f", yr);
		draw_text(c, xaxis_map(xa, yr + 0.5), base + 7, CANVAS_ANCHOR_MIDDLE, CANVAS_BASELINE_TOP, CHART_ROLE_LABEL,
			CANVAS_WEIGHT_NORMAL, s);
	}
}

/* ---- series ---------------------------------------------------------------------------- */

struct extent {
	double x0, x1, y0, y1;
	int has;
};
#define EXTENT_EMPTY {INFINITY, -INFINITY, INFINITY, -INFINITY, 0}

static void extent_add(struct extent *e, double x, double y)
{
	if (!isfinite(x) || !isfinite(y))
		return;
	e->x0 = fmin(e->x0, x), e->x1 = fmax(e->x1, x);
	e->y0 = fmin(e->y0, y), e->y1 = fmax(e->y1, y);
	e->has = 1;
}

static void extent_add_series(struct extent *e, const struct chart_series *s)
{
	for (size_t i = 0; i < s->n; i++)
		extent_add(e, s->xs[i], s->ys[i]);
}

/* Polylines through the points, broken where a y is NaN (a gap). */
static void polyline_gaps(struct canvas *c, const double *px, const double *py, size_t n, const struct canvas_style *st)
{
	for (size_t i = 0, start = 0; i <= n; i++) {
		if (i < n && !isnan(py[i]))
			continue;
		c->polyline(c, px + start, py + start, i - start, st);
		start = i + 1;
	}
}

/* The style of a series' markers: its colour filled, outlined in white to stand off the line. */
static struct canvas_style marker_style(const struct canvas_style *line)
{
	return (struct canvas_style){.fill = line->stroke, .stroke = WHITE, .stroke_width = 1, .marker = line->marker};
}

/* One series in a group titled with its label: polylines between gaps, then each point as a
 * marker in a group titled with its tooltip; when the points lie closer than a marker is wide
 * (a long monthly series), the latest alone, so a chart's work stays bounded by its width, not
 * by its data. Returns the index of the last drawn point, or s->n when none. */
static size_t draw_series(struct arena *a, struct canvas *c, const struct chart_series *s, const struct canvas_style *st,
	const struct xaxis *xa, const struct yaxis *ya, double marker_r)
{
	size_t last = s->n;
	if (s->n == 0)
		return last;
	double *px = arena_calloc(a, s->n, sizeof(double)), *py = arena_calloc(a, s->n, sizeof(double));
	for (size_t i = 0; i < s->n; i++) {
		int is_ok = isfinite(s->xs[i]) && isfinite(s->ys[i]);
		px[i] = is_ok ? xaxis_map(xa, s->xs[i]) : NAN;
		py[i] = is_ok ? yaxis_map(ya, s->ys[i]) : NAN;
		last = is_ok ? i : last;
	}
	size_t n_drawn = 0;
	for (size_t i = 0; i < s->n; i++)
		n_drawn += !isnan(py[i]);
	int is_dense = n_drawn > 1 && (xa->right - xa->left) / (double)(n_drawn - 1) < 2 * marker_r;
	c->group_begin(c, s->label);
	polyline_gaps(c, px, py, s->n, st);
	struct canvas_style ms = marker_style(st);
	for (size_t i = is_dense ? last : 0; i < s->n; i++) {
		if (isnan(py[i]))
			continue;
		char tip[3 * LABEL_CAP + 8];
		const char *t = s->tips ? s->tips[i] : NULL;
		if (!t) {
			char when[LABEL_CAP], val[LABEL_CAP];
			if (s->periods && s->periods[i])
				snprintf(when, sizeof(when), "%s", s->periods[i]);
			else
				format_period(when, sizeof(when), s->xs[i]);
			double v = s->ys[i]; /* full precision, up to 2 decimals */
			chart_format_grouped(val, sizeof(val), v, fabs(v) >= 1 || v == 0 ? 2 : chart_compact_decimals(fabs(v)), 1);
			const char *note = s->notes ? s->notes[i] : NULL;
			snprintf(tip, sizeof(tip), note ? "%s: %s (%.*s)" : "%s: %s", when, val, LABEL_CAP, note ? note : "");
			t = tip;
		}
		c->group_begin(c, t);
		chart_marker(c, px[i], py[i], marker_r, st->marker, &ms);
		c->group_end(c);
	}
	c->group_end(c);
	return last;
}

static void draw_target(struct canvas *c, const struct xaxis *xa, const struct yaxis *ya, double x, double y,
	const char *tip, double r)
{
	struct canvas_style st = style_of(CHART_ROLE_TARGET);
	c->group_begin(c, tip);
	chart_marker(c, xaxis_map(xa, x), yaxis_map(ya, y), r, CANVAS_MARKER_STAR, &st);
	c->group_end(c);
}

static void draw_empty(struct canvas *c, double x, double y, const char *text)
{
	draw_text(c, x, y, CANVAS_ANCHOR_MIDDLE, CANVAS_BASELINE_MIDDLE, CHART_ROLE_LABEL, CANVAS_WEIGHT_NORMAL,
		text ? text : "");
}

/* ---- legend ----------------------------------------------------------------------------- */

/* An entry's swatch follows its style: a star alone, or a line with the marker if any. */
struct legend_entry {
	const struct canvas_style *st;
	const char *label;
	double x, y; /* swatch start and row middle */
};

#define SWATCH_PX 22.0

/* Lay entries out in rows across [x0, x1] from y0; returns the number of rows. */
static size_t legend_layout(struct canvas *c, struct legend_entry *e, size_t n, double x0, double x1, double y0)
{
	size_t rows = n ? 1 : 0;
	double x = x0;
	for (size_t i = 0; i < n; i++) {
		double wd = SWATCH_PX + 6 + c->text_width(c, e[i].label, FONT_PX, CANVAS_WEIGHT_NORMAL);
		if (x > x0 && x + wd > x1) {
			rows++;
			x = x0;
		}
		e[i].x = x;
		e[i].y = y0 + (double)(rows - 1) * ROW_PX + ROW_PX / 2;
		x += wd + 16;
	}
	return rows;
}

static void legend_draw(struct canvas *c, const struct legend_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		double x = e[i].x, y = e[i].y, mid = x + SWATCH_PX / 2;
		struct canvas_style ms = marker_style(e[i].st);
		if (e[i].st->marker == CANVAS_MARKER_STAR) {
			chart_marker(c, mid, y, 6, CANVAS_MARKER_STAR, e[i].st);
		} else {
			c->line(c, x, y, x + SWATCH_PX, y, e[i].st);
			chart_marker(c, mid, y, 3.5, e[i].st->marker, &ms);
		}
		draw_text(c, x + SWATCH_PX + 6, y, CANVAS_ANCHOR_START, CANVAS_BASELINE_MIDDLE, CHART_ROLE_INK,
			CANVAS_WEIGHT_NORMAL, e[i].label);
	}
}

/* ---- line chart ------------------------------------------------------------------------- */

/* One y tick per 32 px, between 3 and most. */
static size_t ticks_for_height(double plot_h, size_t most)
{
	return (size_t)fmin((double)most, fmax(3, floor(plot_h / 32)));
}

void chart_line(struct arena *a, struct canvas *c, const struct chart_line_spec *sp)
{
	c->begin(c, sp->id, sp->w, sp->h, sp->title, sp->desc);
	struct extent ex = EXTENT_EMPTY;
	for (size_t i = 0; i < sp->n_series; i++)
		extent_add_series(&ex, &sp->series[i]);
	if (!ex.has) {
		draw_empty(c, sp->w / 2, sp->h / 2, sp->empty_text);
		c->end(c);
		return;
	}
	if (sp->has_target)
		extent_add(&ex, sp->target_x, sp->target_y);
	if (sp->has_path) {
		extent_add(&ex, sp->path_x0, sp->path_y0);
		extent_add(&ex, sp->path_x1, sp->path_y1);
	}
	if (sp->has_projection)
		extent_add(&ex, sp->projection_x, sp->projection_y);

	/* The legend: series when several, then the labelled overlays. */
	struct legend_entry *leg = arena_calloc(a, sp->n_series + 3, sizeof(*leg)), *e = leg;
	const char *extra[] = {sp->has_target ? sp->target_label : NULL, sp->has_path ? sp->path_label : NULL,
		sp->has_projection ? sp->projection_label : NULL};
	enum chart_role extra_role[] = {CHART_ROLE_TARGET, CHART_ROLE_REQUIRED_PATH, CHART_ROLE_PROJECTION};
	for (size_t i = 0; i < sp->n_series && (sp->n_series > 1 || extra[0] || extra[1] || extra[2]); i++)
		if (sp->series[i].label && *sp->series[i].label)
			*e++ = (struct legend_entry){chart_series_style(i), sp->series[i].label, 0, 0};
	for (int k = 0; k < 3; k++)
		if (extra[k])
			*e++ = (struct legend_entry){chart_role_style(extra_role[k]), extra[k], 0, 0};
	size_t n_leg = (size_t)(e - leg);

	/* Rows from the top: legend, unit, plot; the year labels below. */
	size_t legend_rows = legend_layout(c, leg, n_leg, 4, sp->w - 8, 2);
	double top = 2 + (double)legend_rows * ROW_PX + (legend_rows ? 4 : 0);
	int has_unit = sp->unit && *sp->unit;
	double unit_y = top + 2;
	top += has_unit ? 26 : 8;
	double bottom = fmax(sp->h - 26, top + 20);

	struct yaxis ya;
	yaxis_build(&ya, c, sp->lang, ex.y0, ex.y1, ticks_for_height(bottom - top, 6), sp->is_rank_axis, sp->is_zoomed,
		    sp->levels, sp->n_levels);
	ya.top = top;
	ya.bottom = bottom;
	double unit_w = has_unit ? c->text_width(c, sp->unit, FONT_PX, CANVAS_WEIGHT_NORMAL) : 0;
	double left = 4 + fmax(ya.label_w, unit_w) + 8;
	struct xaxis xa;
	xaxis_build(&xa, ex.x0, ex.x1, left, sp->w - 16);

	draw_axes(c, &ya, &xa, 1);
	if (has_unit)
		draw_text(c, left - 8, unit_y, CANVAS_ANCHOR_END, CANVAS_BASELINE_TOP, CHART_ROLE_LABEL, CANVAS_WEIGHT_NORMAL,
			sp->unit);
	if (sp->has_path && isfinite(sp->path_x0 + sp->path_y0 + sp->path_x1 + sp->path_y1)) { /* all finite */
		struct canvas_style st = style_of(CHART_ROLE_REQUIRED_PATH);
		c->group_begin(c, sp->path_label);
		c->line(c, xaxis_map(&xa, sp->path_x0), yaxis_map(&ya, sp->path_y0), xaxis_map(&xa, sp->path_x1),
			yaxis_map(&ya, sp->path_y1), &st);
		c->group_end(c);
	}
	/* Draw the first series last, on top: it is the one the projection continues. */
	size_t last0 = sp->series[0].n;
	for (size_t k = sp->n_series; k-- > 0;) {
		double r = sp->series[k].n > 24 ? 2.5 : 3.5;
		size_t last = draw_series(a, c, &sp->series[k], chart_series_style(k), &xa, &ya, r);
		if (k == 0)
			last0 = last;
	}
	if (sp->has_projection && last0 < sp->series[0].n && isfinite(sp->projection_x) && isfinite(sp->projection_y)) {
		struct canvas_style st = style_of(CHART_ROLE_PROJECTION);
		struct canvas_style end = {.fill = WHITE, .stroke = st.stroke, .stroke_width = 1.5};
		double x1 = xaxis_map(&xa, sp->projection_x), y1 = yaxis_map(&ya, sp->projection_y);
		c->group_begin(c, sp->projection_tip);
		c->line(c, xaxis_map(&xa, sp->series[0].xs[last0]), yaxis_map(&ya, sp->series[0].ys[last0]), x1, y1, &st);
		c->circle(c, x1, y1, 3, &end);
		c->group_end(c);
	}
	if (sp->has_target && isfinite(sp->target_x) && isfinite(sp->target_y))
		draw_target(c, &xa, &ya, sp->target_x, sp->target_y, sp->target_tip, 7);
	legend_draw(c, leg, n_leg);
	c->end(c);
}

/* ---- small multiples -------------------------------------------------------------------- */

void chart_small_multiples(struct arena *a, struct canvas *c, const struct chart_multiples_spec *sp)
{
	size_t cols = sp->cols == 0 ? 1 : sp->n_panels && sp->cols > sp->n_panels ? sp->n_panels : sp->cols;
	size_t rows = sp->n_panels ? (sp->n_panels + cols - 1) / cols : 1;
	int has_unit = sp->unit && *sp->unit;
	double head = has_unit ? 20 : 0;
	double w = (double)cols * sp->panel_w, h = head + (double)rows * sp->panel_h;
	c->begin(c, sp->id, w, h, sp->title, sp->desc);
	struct extent ex = EXTENT_EMPTY;
	for (size_t i = 0; i < sp->n_panels; i++) {
		extent_add_series(&ex, &sp->panels[i].series);
		if (sp->panels[i].has_target)
			extent_add(&ex, sp->panels[i].target_x, sp->panels[i].target_y);
	}
	if (!ex.has) {
		draw_empty(c, w / 2, h / 2, sp->empty_text);
		c->end(c);
		return;
	}
	/* Every panel has the same plot box, labelled or not, so the panels compare exactly. */
	double ptop = 26, pbottom = fmax(sp->panel_h - 24, ptop + 20);
	struct yaxis ya;
	yaxis_build(&ya, c, sp->lang, ex.y0, ex.y1, ticks_for_height(pbottom - ptop, 5), sp->is_rank_axis, 0, sp->levels,
		    sp->n_levels);
	double unit_w = has_unit ? c->text_width(c, sp->unit, FONT_PX, CANVAS_WEIGHT_NORMAL) : 0;
	double left = 4 + fmax(ya.label_w, unit_w) + 8, right = sp->panel_w - 12;
	if (has_unit)
		draw_text(c, left - 8, 4, CANVAS_ANCHOR_END, CANVAS_BASELINE_TOP, CHART_ROLE_LABEL, CANVAS_WEIGHT_NORMAL,
			sp->unit);
	for (size_t i = 0; i < sp->n_panels; i++) {
		const struct chart_panel *p = &sp->panels[i];
		double ox = (double)(i % cols) * sp->panel_w, oy = head + (double)(i / cols) * sp->panel_h;
		struct xaxis xa;
		xaxis_build(&xa, ex.x0, ex.x1, ox + left, ox + right);
		ya.top = oy + ptop;
		ya.bottom = oy + pbottom;
		c->group_begin(c, p->title);
		draw_text(c, ox + left, oy + 6, CANVAS_ANCHOR_START, CANVAS_BASELINE_TOP, CHART_ROLE_INK, CANVAS_WEIGHT_BOLD,
			p->title ? p->title : "");
		draw_axes(c, &ya, &xa, i % cols == 0);
		size_t last = draw_series(a, c, &p->series, chart_series_style(0), &xa, &ya, p->series.n > 12 ? 2 : 3);
		if (last == p->series.n)
			draw_empty(c, (xa.left + xa.right) / 2, (ya.top + ya.bottom) / 2, sp->empty_text);
		if (p->has_target && isfinite(p->target_x) && isfinite(p->target_y))
			draw_target(c, &xa, &ya, p->target_x, p->target_y, p->target_tip, 6);
		c->group_end(c);
	}
	c->end(c);
}

/* ---- bar chart -------------------------------------------------------------------------- */

static double bar_top(const struct chart_bar_spec *sp)
{
	return sp->unit && *sp->unit ? 22 : 6;
}

double chart_bar_height(const struct chart_bar_spec *sp)
{
	size_t n = sp->n_items ? sp->n_items : 1;
	return bar_top(sp) + (double)n * BAR_ROW_PX + (sp->has_reference ? 24 : 6);
}

/* The text after a bar: the caller's, or the value in the column's unit. */
static void bar_value(char *out, size_t cap, const struct chart_bar_item *it, double div, const char *suffix)
{
	char num[LABEL_CAP];
	double m = it->value / div;
	chart_format_grouped(num, sizeof(num), m, chart_compact_decimals(fabs(m)), 1);
	snprintf(out, cap, "%s%s", it->value_text ? it->value_text : isfinite(m) ? num : "–",
		it->value_text || !isfinite(m) || m == 0 ? "" : suffix);
}

void chart_bar(struct arena *a, struct canvas *c, const struct chart_bar_spec *sp)
{
	double w = sp->w, h = chart_bar_height(sp), top = bar_top(sp);
	c->begin(c, sp->id, w, h, sp->title, sp->desc);
	if (sp->unit && *sp->unit)
		draw_text(c, w - 4, 4, CANVAS_ANCHOR_END, CANVAS_BASELINE_TOP, CHART_ROLE_LABEL, CANVAS_WEIGHT_NORMAL, sp->unit);
	if (sp->n_items == 0) {
		draw_empty(c, w / 2, top + BAR_ROW_PX / 2, sp->empty_text);
		c->end(c);
		return;
	}
	/* Value labels in one unit, as a column: 125万, 48万, 3.6万 (not 1.25M beside 990). */
	double lo = 0, hi = 0, label_w = 0, value_w = 0, div;
	const char *suffix;
	int has_highlight = 0;
	for (size_t i = 0; i < sp->n_items; i++)
		if (isfinite(sp->items[i].value))
			lo = fmin(lo, sp->items[i].value), hi = fmax(hi, sp->items[i].value);
	column_unit(sp->lang, fmax(-lo, hi), 0, &div, &suffix);
	char(*vals)[LABEL_CAP] = arena_calloc(a, sp->n_items, LABEL_CAP);
	for (size_t i = 0; i < sp->n_items; i++) {
		const struct chart_bar_item *it = &sp->items[i];
		bar_value(vals[i], LABEL_CAP, it, div, suffix);
		label_w = fmax(label_w, c->text_width(c, it->label ? it->label : "", FONT_PX, CANVAS_WEIGHT_BOLD));
		value_w = fmax(value_w, c->text_width(c, vals[i], FONT_PX, CANVAS_WEIGHT_BOLD));
		has_highlight |= it->is_highlight;
	}
	if (sp->has_reference && isfinite(sp->reference))
		lo = fmin(lo, sp->reference), hi = fmax(hi, sp->reference);
	if (hi == lo)
		hi = lo + 1;
	label_w = fmin(label_w, w * 0.4);
	double x0 = 4 + label_w + 8 + (lo < 0 ? value_w + 6 : 0), x1 = fmax(w - 4 - value_w - 6, x0 + 20);
#define BAR_X(v) (x0 + ((v) - lo) / (hi - lo) * (x1 - x0))
	double zero = crisp(BAR_X(0.0)), rows_end = top + (double)sp->n_items * BAR_ROW_PX;
	struct canvas_style dark = {.fill = chart_role_style(CHART_ROLE_ACCENT)->fill}, light = {.fill = "#a9c1de"};
	for (size_t i = 0; i < sp->n_items; i++) {
		const struct chart_bar_item *it = &sp->items[i];
		char tip[2 * LABEL_CAP + 256];
		snprintf(tip, sizeof(tip), "%.200s: %s", it->label ? it->label : "", vals[i]);
		double y = top + (double)i * BAR_ROW_PX, mid = y + BAR_ROW_PX / 2;
		enum canvas_weight wt = it->is_highlight ? CANVAS_WEIGHT_BOLD : CANVAS_WEIGHT_NORMAL;
		c->group_begin(c, it->tip ? it->tip : tip);
		draw_text(c, x0 - 8 - (lo < 0 ? value_w + 6 : 0), mid, CANVAS_ANCHOR_END, CANVAS_BASELINE_MIDDLE, CHART_ROLE_INK,
			wt, it->label ? it->label : "");
		double end = zero;
		if (isfinite(it->value)) {
			end = BAR_X(it->value);
			c->rect(c, fmin(zero, end), y + 5, fabs(end - zero), BAR_ROW_PX - 10,
				!has_highlight || it->is_highlight ? &dark : &light);
		}
		int is_neg = isfinite(it->value) && it->value < 0;
		draw_text(c, is_neg ? end - 4 : end + 4, mid, is_neg ? CANVAS_ANCHOR_END : CANVAS_ANCHOR_START,
			CANVAS_BASELINE_MIDDLE, CHART_ROLE_LABEL, wt, vals[i]);
		c->group_end(c);
	}
	struct canvas_style axis = style_of(CHART_ROLE_AXIS);
	c->line(c, zero, top, zero, rows_end, &axis);
	if (sp->has_reference && isfinite(sp->reference)) {
		struct canvas_style st = style_of(CHART_ROLE_REFERENCE);
		double x = crisp(BAR_X(sp->reference));
		const char *lbl = sp->reference_label ? sp->reference_label : "";
		double tw = c->text_width(c, lbl, FONT_PX, CANVAS_WEIGHT_NORMAL);
		double tx = fmin(fmax(x, 4 + tw / 2), w - 4 - tw / 2);
		c->group_begin(c, sp->reference_label);
		c->line(c, x, top - 3, x, rows_end + 3, &st);
		draw_text(c, tx, rows_end + 6, CANVAS_ANCHOR_MIDDLE, CANVAS_BASELINE_TOP, CHART_ROLE_INK, CANVAS_WEIGHT_NORMAL,
			lbl);
		c->group_end(c);
	}
#undef BAR_X
	c->end(c);
}

/* ---- sparkline -------------------------------------------------------------------------- */

void chart_sparkline(struct arena *a, struct canvas *c, const char *id, const double *ys, size_t n, double w, double h,
	const char *tooltip)
{
	const double pad = 3.5;
	struct canvas_style line = {.stroke = "#0b5cad", .stroke_width = 1.5};
	struct canvas_style dot = {.fill = "#0b5cad"};
	c->begin(c, id, w, h, tooltip, NULL);
	double lo = INFINITY, hi = -INFINITY;
	size_t last = n;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(ys[i]))
			continue;
		lo = fmin(lo, ys[i]), hi = fmax(hi, ys[i]);
		last = i;
	}
	if (last == n) {
		struct canvas_style none = style_of(CHART_ROLE_GRID);
		none.dash[0] = 2, none.dash[1] = 3, none.n_dash = 2;
		c->line(c, pad, crisp(h / 2), w - pad, crisp(h / 2), &none);
		c->end(c);
		return;
	}
	double *px = arena_calloc(a, n, sizeof(double)), *py = arena_calloc(a, n, sizeof(double));
	for (size_t i = 0; i < n; i++) {
		px[i] = n > 1 ? pad + (double)i * (w - 2 * pad) / (double)(n - 1) : w - pad;
		py[i] = !isfinite(ys[i]) ? NAN : hi > lo ? pad + (hi - ys[i]) / (hi - lo) * (h - 2 * pad) : h / 2;
	}
	polyline_gaps(c, px, py, n, &line);
	c->circle(c, px[last], py[last], 2.5, &dot);
	c->end(c);
}

/* ---- progress bar ----------------------------------------------------------------------- */

/* 45-degree stripes every gap px inside the box, rising ('/') or falling ('\'), as plain
 * segments so every canvas draws them (no patterns): the greyscale difference between statuses.
 * Drawn in batches of 32 segments from a stack array. */
static void hatch(struct canvas *c, double x, double y, double w, double h, double gap, int is_rising,
	const struct canvas_style *st)
{
	double xy[4 * 32];
	size_t n = 0;
	for (double k = gap / 2; k < w + h; k += gap) {
		/* Where the stripe x' + (y + h - y') = k crosses the box, u = y + h - y'. */
		double u0 = fmax(0, k - w), u1 = fmin(h, k);
		if (u1 <= u0)
			continue;
		double xa = x + k - u0, xb = x + k - u1; /* this stripe falls to the right: '\\' */
		if (is_rising)
			xa = 2 * x + w - xa, xb = 2 * x + w - xb;
		double *p = &xy[4 * n++];
		p[0] = xa, p[1] = y + h - u0, p[2] = xb, p[3] = y + h - u1;
		if (n == 32)
			c->segments(c, xy, n, st), n = 0;
	}
	c->segments(c, xy, n, st);
}

void chart_progress_bar(struct canvas *c, const char *id, double w, double h, double achieved_share,
	double expected_share, enum chart_role status, const char *label)
{
	c->begin(c, id, w, h, label, NULL);
	char pct[16];
	snprintf(pct, sizeof(pct), "%.0f%%", isfinite(achieved_share) ? achieved_share * 100 : 0);
	const char *text = !isfinite(achieved_share) ? "–" : achieved_share > 1 ? "≥100%" : achieved_share < 0 ? "<0%" : pct;
	double text_w = c->text_width(c, "≥100%", FONT_PX, CANVAS_WEIGHT_NORMAL) + 6;
	double bx = 0.5, bw_px = fmax(w - text_w - 1, 10), bh = fmax(h - 7, 4), by = (h - bh) / 2;
	const struct canvas_style *col = chart_role_style(status);
	struct canvas_style track = {.fill = "#eef0f2", .stroke = "#c4c9cf", .stroke_width = 1};
	c->rect(c, bx, by, bw_px, bh, &track);
	if (isfinite(achieved_share)) {
		double fw = fmin(fmax(achieved_share, 0), 1) * bw_px;
		/* WARN: light, dark stripes; BAD: dark, light stripes; OK: solid; MUTED: light grey. */
		struct canvas_style fill = {.fill = col->fill}, stripe = {.stroke = WHITE, .stroke_width = 1.25};
		if (status == CHART_ROLE_WARN)
			fill = (struct canvas_style){.fill = "#f3ead6", .stroke = col->stroke, .stroke_width = 1};
		else if (status == CHART_ROLE_MUTED)
			fill.fill = "#aab1b8";
		c->rect(c, bx, by, fw, bh, &fill);
		if (status == CHART_ROLE_WARN)
			hatch(c, bx, by, fw, bh, 4, 0, &(struct canvas_style){.stroke = col->stroke, .stroke_width = 1.5});
		else if (status == CHART_ROLE_BAD)
			hatch(c, bx, by, fw, bh, 4, 1, &stripe);
	}
	if (isfinite(expected_share)) {
		struct canvas_style tick = {.stroke = "#1b1f23", .stroke_width = 2};
		double x = bx + fmin(fmax(expected_share, 0), 1) * bw_px;
		c->line(c, x, 0.5, x, h - 0.5, &tick);
	}
	draw_text(c, w, h / 2, CANVAS_ANCHOR_END, CANVAS_BASELINE_MIDDLE, CHART_ROLE_INK, CANVAS_WEIGHT_NORMAL, text);
	c->end(c);
}
