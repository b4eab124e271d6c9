/* api_metrics.c - GET /metrics: the server's metrics registry in Prometheus text format 0.0.4.
 * Reads only the registry (never the store); 404 when the server runs without one
 * (the setting metrics = false). */
#include "web/metrics.h"
#include "web/route.h"
#include "web/server.h"
#include "base/banned.h"

enum status api_metrics(struct req *r)
{
	struct metrics *m = server_metrics(r->server);
	if (!m)
		return ST_NOT_FOUND;
	r->content_type = "text/plain; version=0.0.4; charset=utf-8";
	return metrics_render(m, &r->out);
}
