/* firm_pages.h - the enterprise-evaluation fragment other pages include (page_firms.c). */
#ifndef INNOMON_WEB_FIRM_PAGES_H
#define INNOMON_WEB_FIRM_PAGES_H

#include "core/plan.h"
#include "web/req.h"

/* On an indicator page: the registry's projection beside indicator ind's targets, when the
 * projections mapping names ind (nothing otherwise); counts as the reader may see them. */
void firm_projection_section(struct req *r, const struct plan *p, int ind);

#endif
