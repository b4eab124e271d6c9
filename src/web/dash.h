/* dash.h - the indicator tile shared by the dashboard and the region page. */
#ifndef INNOMON_WEB_DASH_H
#define INNOMON_WEB_DASH_H

#include "core/obs.h"
#include "report/assess.h"
#include "web/req.h"

/* One tile: indicator ind in region g; row is its assessment when g has a target (else NULL),
 * cur the current values (for the latest value and the sparkline when there is no target). */
void dash_tile(struct req *r, const struct plan *p, int ind, int g, const struct assess_row *row, const struct obs *cur,
	       size_t n_cur);

#endif
