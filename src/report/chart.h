/* chart.h - the charts of pages and reports (line, small multiples, bar, sparkline, progress
 * bar), drawn only through struct canvas (report/canvas.h) so SVG and PDF look the same.
 * Owns the look: the palette, fonts, axes and number formats of every chart. No global state;
 * scratch memory comes from the caller's arena, text is passed in by the caller (the charts
 * hold no UI text of their own). All sizes are px. */
#ifndef INNOMON_REPORT_CHART_H
#define INNOMON_REPORT_CHART_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "report/canvas.h"
#include "report/i18n.h"

/* ---- palette ---- */

/* Named roles; status colours match www/style.css (--ok, --warn, --bad, --muted, --accent). */
enum chart_role {
	CHART_ROLE_AXIS = 0,     /* thin axis lines and tick marks */
	CHART_ROLE_GRID,         /* light horizontal grid lines */
	CHART_ROLE_LABEL,        /* tick labels, units, secondary text (fill) */
	CHART_ROLE_INK,          /* primary text (fill) */
	CHART_ROLE_TARGET,       /* the target star: ink fill, white outline */
	CHART_ROLE_REQUIRED_PATH, /* baseline -> target: grey dashed */
	CHART_ROLE_PROJECTION,   /* latest -> projected: blue dotted */
	CHART_ROLE_REFERENCE,    /* a reference value across bars: ink dashed */
	CHART_ROLE_OK,           /* #1a7f37 */
	CHART_ROLE_WARN,         /* #9a6700 */
	CHART_ROLE_BAD,          /* #b42318 */
	CHART_ROLE_MUTED,        /* #5a6169 */
	CHART_ROLE_ACCENT,       /* #0b5cad */
	CHART_ROLE__COUNT
};

#define CHART_N_SERIES_STYLES 6

/* Style of series i (i modulo 6): each differs from the others in colour, dash pattern and
 * marker, so series stay apart in greyscale print. Static storage; cannot fail. */
const struct canvas_style *chart_series_style(size_t i);
/* Style of a role (static storage); an out-of-range role gives the MUTED style. Cannot fail. */
const struct canvas_style *chart_role_style(enum chart_role role);
/* Draw marker m of radius r centred at (x, y): filled with st->fill, outlined with st->stroke
 * (NULL: no outline). CANVAS_MARKER_NONE draws nothing. */
void chart_marker(struct canvas *c, double x, double y, double r, enum canvas_marker m, const struct canvas_style *st);

/* ---- pure helpers (also for pages) ---- */

/* Nice ticks k * step covering [min, max] (first <= min, last >= max; the order of min and max
 * does not matter), step = {1, 2, 2.5, 5} x 10^e, as few as possible but at most max_ticks
 * (values below 2 count as 2); out must have room for that many. A zero span widens to 10% of
 * the value on each side ([0, 1] for zero). Non-finite input gives *n = 0. Pure. */
void chart_nice_ticks(double min, double max, size_t max_ticks, double *out, size_t *n);
/* Append v in compact form: zh with 万/亿 (12000 -> "1.2万", 30000 -> "3万", 250000000 ->
 * "2.5亿"), en with k/M/B/T (12000 -> "12k"); below 10,000 (zh) or 1,000 (en) the number with
 * thousands separators. At most 2 decimals (0 when the scaled number reaches 1,000), trailing
 * zeros trimmed; magnitudes below 1 keep 3 significant digits; non-finite gives "–". */
void chart_format_compact(struct buf *b, enum lang lang, double v);

/* ---- the time axis ---- */

/* Every time axis is calendar time in years: x = 2024.0 is 1 January 2024 and the year 2024
 * spans [2024, 2025). A period is drawn at its middle, so each sits over its own year label:
 * 2024 at 2024.5, 2024Q3 at 2024.625, 2025-07 at 2025.542 (not at period_time, which puts the
 * end of year Y at Y). Year labels stand at the middle of their year, ticks at its bounds.
 * Returns NAN for a NULL or unparsable period. Pure. */
double chart_period_x(const char *period);
/* The middle of year y: where an annual figure, a target year or a projection year is drawn. */
double chart_year_x(int year);
/* The x of a period_time t (the end of a period, core/period.h): the middle of the period
 * among periods[0..n) whose period_time is t, else of the year t ends (a base or target year).
 * Pure. */
double chart_time_x(double t, const char *const *periods, size_t n);

/* ---- line chart ---- */

/* One line. xs are positions on the time axis (chart_period_x); points whose x or y is not
 * finite are gaps. tips (NULL, or NULL entries) are per-point tooltips; the default is the
 * point's entry in periods (NULL: the year or month x falls in) and its value, "2025-07:
 * 12,345.6". All borrowed. */
struct chart_series {
	const char *label;
	const double *xs;
	const double *ys;
	const char *const *tips;
	size_t n;
	const char *const *periods;
	const char *const *notes; /* NULL, or per point NULL or a note its default tip ends with in
				     brackets (a predecessor plan's figure says so) */
};

/* A line chart of w x h px: years labelled at their middle, nice y ticks (3 to 6, one per 32 px
 * of plot) covering the data, target, required path and projection, compact y labels in lang,
 * the unit above the y labels. Amounts start at zero (a trend is read against zero) unless
 * is_zoomed says the page tells the reader the axis fits the data instead. A legend lists the
 * series when there are several, plus each of target/path/projection whose *_label is set.
 * With is_rank_axis the y axis reads top-down (rank 1 at the top) with whole-number ticks; an
 * ordinal scale (levels) runs from its first class.
 * When no series has a finite point the chart shows empty_text ("暂无数据") alone.
 * Strings are plain text (the canvas escapes them). */
struct chart_line_spec {
	const char *id;    /* unique on the page */
	const char *title; /* accessible name */
	const char *desc;  /* longer description, or NULL */
	double w, h;
	enum lang lang;
	const char *unit;  /* "亿元", or NULL */
	const struct chart_series *series;
	size_t n_series;
	int is_rank_axis;
	int is_zoomed;     /* the y axis fits the data, not from zero (the page says so) */
	const char *const *levels; /* class labels of an ordinal scale (n_levels): whole ticks 1..n show them */
	size_t n_levels;
	int has_target;    /* a star at (target_x, target_y), tooltip target_tip ("目标 2025：≥ 142") */
	double target_x, target_y;
	const char *target_tip, *target_label;
	int has_path;      /* the required path: a dashed straight line (path_x0, path_y0) -> (path_x1, path_y1) */
	double path_x0, path_y0, path_x1, path_y1;
	const char *path_label; /* also its tooltip */
	int has_projection; /* dotted from the last point of series[0] to (projection_x, projection_y) */
	double projection_x, projection_y;
	const char *projection_tip, *projection_label;
	const char *empty_text;
};

/* Draw the chart as one picture (begin ... end) on c. Scratch memory comes from a (about 16
 * bytes per point). Cannot fail (the canvas keeps its own overflow state). */
void chart_line(struct arena *a, struct canvas *c, const struct chart_line_spec *spec);

/* ---- small multiples ---- */

struct chart_panel {
	const char *title; /* "长沙" */
	struct chart_series series;
	int has_target;
	double target_x, target_y;
	const char *target_tip;
};

/* A grid of small line charts, cols per row, each panel_w x panel_h px, sharing one x and one
 * y scale (labels on the first column only; amounts from zero, ranks top-down, as chart_line)
 * so panels compare at a glance; each panel carries
 * its title and, without data, empty_text. The picture is cols * panel_w wide and rows *
 * panel_h high plus 20 px for the unit row when unit is set. */
struct chart_multiples_spec {
	const char *id, *title, *desc;
	enum lang lang;
	const char *unit;
	const struct chart_panel *panels;
	size_t n_panels;
	size_t cols; /* 0 counts as 1 */
	double panel_w, panel_h;
	int is_rank_axis;
	const char *const *levels; /* as in chart_line_spec */
	size_t n_levels;
	const char *empty_text;
};

void chart_small_multiples(struct arena *a, struct canvas *c, const struct chart_multiples_spec *spec);

/* ---- bar chart ---- */

struct chart_bar_item {
	const char *label;      /* "长沙" */
	double value;           /* not finite: no bar */
	const char *value_text; /* shown after the bar; NULL: the value, all in one unit (万/亿, k/M/B) */
	const char *tip;        /* tooltip; NULL: "label: value_text" */
	int is_highlight;       /* drawn dark, the others light */
};

/* Horizontal bars from zero, one 24 px row per item, labels on the left and values after the
 * bars; the unit top right; an optional dashed reference line (a target) labelled below. */
struct chart_bar_spec {
	const char *id, *title, *desc;
	double w;
	enum lang lang;
	const char *unit;
	const struct chart_bar_item *items;
	size_t n_items;
	int has_reference;
	double reference;
	const char *reference_label; /* text under the line and its tooltip */
	const char *empty_text;
};

/* The height chart_bar will use for spec (for page and PDF layout). Pure. */
double chart_bar_height(const struct chart_bar_spec *spec);
/* Draw the chart as one picture on c; scratch memory (64 bytes per item) from a. */
void chart_bar(struct arena *a, struct canvas *c, const struct chart_bar_spec *spec);

/* ---- sparkline and progress bar ---- */

/* A w x h line of ys (evenly spaced; non-finite values are gaps), the last point marked; n = 0
 * draws a dotted placeholder, n = 1 a single dot at the right. tooltip is the accessible name.
 * Scratch memory from a. */
void chart_sparkline(struct arena *a, struct canvas *c, const char *id, const double *ys, size_t n, double w, double h,
	const char *tooltip);

/* A w x h bar from 0 to 100%: filled to achieved_share (a fraction, clipped to [0, 1]; the text
 * at the right says "≥100%" above 1 and "<0%" below 0, "–" when not finite) in the colour of
 * status, with a fill pattern per status for greyscale (OK/ACCENT solid, WARN light with dark
 * stripes, BAD dark with light stripes, MUTED light grey), and a vertical tick at
 * expected_share (时间进度; not finite: none). label is the accessible name and tooltip. */
void chart_progress_bar(struct canvas *c, const char *id, double w, double h, double achieved_share,
	double expected_share, enum chart_role status, const char *label);

#endif
