/* chart_png.h - a chart as a PNG picture: drawn by cairo (canvas_cairo.c) onto an image in
 * memory, so a downloaded PNG shows what the page's SVG and the PDF show. */
#ifndef INNOMON_REPORT_CHART_PNG_H
#define INNOMON_REPORT_CHART_PNG_H

#include "base/buf.h"
#include "base/status.h"
#include "report/canvas.h"

/* Draws one chart on c (one begin ... end); arg is the caller's. */
typedef void (*chart_draw_fn)(struct canvas *c, void *arg);

#define CHART_PNG_MAX_PX 4096

/* Append to out the PNG of a w x h px chart drawn by draw at scale (1..4) on white. ST_INVALID
 * for a size or scale out of range (the picture at most CHART_PNG_MAX_PX a side); ST_IO when
 * cairo fails; ST_TOO_LARGE when out's cap is reached. */
enum status chart_png(struct buf *out, double w, double h, double scale, chart_draw_fn draw, void *arg) WUR;

#endif
