/* route.h - the one route table: method, path pattern (":name" matches one segment), handler,
 * and what the route needs. Every route is declared here and nowhere else. */
#ifndef INNOMON_WEB_ROUTE_H
#define INNOMON_WEB_ROUTE_H

#include "web/req.h"

typedef enum status (*route_handler_fn)(struct req *r);

enum route_kind { ROUTE_PAGE, ROUTE_API, ROUTE_STATIC };

struct route {
	const char *method;
	const char *pattern;
	route_handler_fn handler;
	enum route_kind kind;
	const char *name; /* stable name for metrics and logs */
};

/* Find the route for method and path; fills r->params. Returns NULL when no pattern matches;
 * *is_path_known is set when the path matches with another method (405 rather than 404). */
const struct route *route_find(struct req *r, const char *method, const char *path, int *is_path_known);

/* Handlers, one file each (page_*.c, api_*.c). */
enum status page_plan(struct req *r);
enum status page_measure(struct req *r);
enum status page_unit(struct req *r);
enum status page_units(struct req *r);
enum status page_indicator(struct req *r);
enum status api_plan(struct req *r);
enum status api_indicators(struct req *r);
enum status api_indicator(struct req *r);
enum status api_progress(struct req *r);
enum status static_asset(struct req *r);
enum status api_health(struct req *r);

#endif
