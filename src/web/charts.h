/* charts.h - the charts the pages draw (see charts.c). */
#ifndef INNOMON_WEB_CHARTS_H
#define INNOMON_WEB_CHARTS_H

#include "core/obs.h"
#include "report/assess.h"
#include "report/chart.h"
#include "web/req.h"

/* The chart colour role of a status (shared with the page's status badges). */
enum chart_role chart_role_of_status(enum progress_status st);
/* A tile's achievement bar (nothing when achievement is unknown). */
void dash_tile_bar(struct req *r, const struct assess_row *row);
/* A tile's sparkline (nothing with fewer than two points). */
void dash_tile_spark(struct req *r, const struct indicator *d, const struct series *s);
/* The line chart of one target: series, target star, required path, projection. */
void indicator_chart(struct req *r, const struct plan *p, const struct assess_row *row);
/* Every region's series of indicator ind on one chart (nothing when no region has values). */
void indicator_regions_chart(struct req *r, const struct plan *p, int ind, const struct obs *cur, size_t n_cur);
/* The headline and summing indicators of region g and its siblings (regions of the same kind
 * under a common parent) side by side; nothing for a region without siblings. */
void region_compare(struct req *r, const struct plan *p, int g, const struct obs *cur, size_t n_cur);

#endif
