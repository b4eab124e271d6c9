/* sup_web.c - helpers of the supervision pages and API (see sup_web.h). */
#include <string.h>

#include "base/clock.h"
#include "app/sup.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/plan_select.h"
#include "web/sup_web.h"
#include "base/banned.h"

int sup_req_report_visible(struct req *r, const struct plan *p, int measure, const char *unit,
			   const struct sup_report *rep)
{
	return app_report_visible(req_app(r), p, measure, unit, rep);
}

const char *sup_req_plan_code(struct req *r)
{
	struct plan *p;
	return req_plan(r, &p) == ST_OK && p ? p->info.code : NULL;
}

const char *sup_plan_param(struct req *r, int is_first)
{
	const char *q = plan_select_query(r, 0); /* "?plan=CODE" or "" */
	if (!*q || is_first)
		return q;
	return arena_printf(r->arena, "&%s", q + 1);
}

const char *sup_local(struct req *r, const char *utc)
{
	return html_local_time(r, utc);
}

const char *sup_unit_name(struct req *r, const struct plan *p, const char *code)
{
	int u = code ? plan_find_unit(p, code) : -1;
	return u >= 0 ? i18n_pick(r->lang, p->units[u].name_zh, p->units[u].name_en) : code ? code : "";
}
