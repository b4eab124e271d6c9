/* chart_png.c - chart_png: an ARGB image surface, white, the chart drawn by the cairo canvas,
 * written as PNG into a buffer through cairo's stream writer. */
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "report/canvas_cairo.h"
#include "report/chart_png.h"
#include "base/banned.h"

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
	struct buf *b = closure;
	size_t before = b->len;
	bwn(b, (const char *)data, length);
	return b->len == before + length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

enum status chart_png(struct buf *out, double w, double h, double scale, chart_draw_fn draw, void *arg)
{
	if (!(scale >= 1 && scale <= 4) || !(w >= 1 && h >= 1) || w * scale > CHART_PNG_MAX_PX ||
	    h * scale > CHART_PNG_MAX_PX)
		return ST_INVALID;
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)ceil(w * scale), (int)ceil(h * scale));
	cairo_t *cr = cairo_create(img);
	PangoContext *pc = pango_cairo_create_context(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	struct canvas_cairo cc;
	canvas_cairo_init(&cc, cr, NULL);
	cc.pc = pc;
	draw(&cc.canvas, arg);
	g_object_unref(pc);
	cairo_destroy(cr);
	cairo_status_t st = cairo_surface_status(img);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_write_to_png_stream(img, write_out, out);
	cairo_surface_destroy(img);
	if (st == CAIRO_STATUS_WRITE_ERROR && out->is_too_large)
		return ST_TOO_LARGE;
	return st == CAIRO_STATUS_SUCCESS ? ST_OK : ST_IO;
}
