/* canvas_cairo.h - the cairo backend of struct canvas (report/canvas.h): the charts of
 * report/chart.h drawn as vectors onto any cairo context (the PDF of report_pdf.c), with real
 * text through pango in the report's font, so the PDF shows the same pictures as the pages. */
#ifndef INNOMON_REPORT_CANVAS_CAIRO_H
#define INNOMON_REPORT_CANVAS_CAIRO_H

#include <cairo.h>
#include <pango/pango.h>

#include "report/canvas.h"

/* Fields are private to canvas_cairo.c; embed the struct (stack or arena). */
struct canvas_cairo {
	struct canvas canvas; /* hand &cc.canvas to the charts */
	cairo_t *cr;          /* borrowed */
	const char *family;   /* the font family, "Noto Sans CJK SC" */
	int depth;            /* open groups */
	PangoContext *pc;     /* borrowed: a context shared by every text (set after init), or NULL */
};

/* Make cc draw onto cr (borrowed) with text in family (borrowed, NULL: "Noto Sans CJK SC").
 * Coordinates are the chart's px in cr's current user space: the caller translates and scales
 * before begin (a chart of w x h px fills w x h user units). begin saves cr's state and end
 * restores it. Cannot fail; cairo keeps its own error state (cairo_status). */
void canvas_cairo_init(struct canvas_cairo *cc, cairo_t *cr, const char *family);

#endif
