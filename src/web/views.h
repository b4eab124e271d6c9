/* views.h - the renderers of the read pages: each writes its page from the view model app/
 * built (app/view_figures.h, app/view_sup.h, app/view_search.h) and asks nothing else - no
 * store, no rights - so it can be tested from a hand-made view. The handlers in page_*.c parse
 * the query, build the view through app/ and call these. */
#ifndef INNOMON_WEB_VIEWS_H
#define INNOMON_WEB_VIEWS_H

#include "app/view_figures.h"
#include "app/view_search.h"
#include "app/view_sup.h"
#include "web/req.h"

void render_dashboard(struct req *r, const struct app_dashboard_view *v);
/* Region g of v's plan. */
void render_region(struct req *r, const struct app_figures *v, int g);
/* The map, coloured by the targets of indicator ind (-1: all); ST_STORE when the shipped
 * boundary data does not parse (a bug of the build). */
enum status render_map(struct req *r, const struct app_figures *v, int ind) WUR;
void render_plan(struct req *r, const struct app_plan_view *v);
void render_reporting_status(struct req *r, const struct app_status_view *v);
/* The measure of index m of v's plan. */
void render_measure(struct req *r, const struct app_figures *v, int m, const struct app_sup_measure *sup);
void render_units(struct req *r, const struct plan *p, const struct app_reader *who);
void render_unit(struct req *r, const struct plan *p, int u, const struct app_sup_unit *sup);
void render_plans(struct req *r, struct plan *const *plans, size_t n, const struct plan *cur,
		  const struct app_reader *who);
void render_search(struct req *r, const struct app_search_view *v);
/* The matrix: action and unit the indices chosen (-1: all), is_print the print view. */
void render_matrix(struct req *r, const struct plan *p, const struct app_matrix_view *v, int action, int unit,
		   int is_print);
void render_scorecards(struct req *r, const struct plan *p, const struct app_scorecards_view *v);

#endif
