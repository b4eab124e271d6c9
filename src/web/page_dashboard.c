/* page_dashboard.c - GET /: the plan at a glance. Every headline indicator as a tile (latest
 * value, target, achievement bar, status in colour and words, sparkline), grouped by goal
 * group, with a summary of statuses and a region switch (?region=: 湖南, 长株潭, 自创区, each
 * city; default: each target in its own region). */
#include <math.h>
#include <string.h>

#include "base/clock.h"
#include "report/assess.h"
#include "report/fmt.h"
#include "store/store.h"
#include "web/dash.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/route.h"
#include "web/sup_pages.h"
#include "base/banned.h"

static const char *const switch_regions[] = {"hunan", "czt", "zcq", "changsha", "zhuzhou", "xiangtan"};

static void region_switch(struct req *r, const struct plan *p, int sel)
{
	struct buf *b = &r->out;
	bw(b, "<nav class=\"switch\" aria-label=\"");
	html_esc(b, req_t(r, "dash.region_switch"));
	bw(b, "\"><ul><li><a href=\"/\"");
	bw(b, sel < 0 ? " aria-current=\"page\">" : ">");
	html_esc(b, req_t(r, "dash.by_target"));
	bw(b, "</a></li>");
	for (size_t i = 0; i < sizeof(switch_regions) / sizeof(switch_regions[0]); i++) {
		int g = plan_find_region(p, switch_regions[i]);
		if (g < 0)
			continue;
		bwf(b, "<li><a href=\"/?region=%s\"%s>", p->regions[g].code, g == sel ? " aria-current=\"page\"" : "");
		html_esc(b, i18n_pick(r->lang, p->regions[g].name_zh, p->regions[g].name_en));
		bw(b, "</a></li>");
	}
	bw(b, "</ul></nav>\n");
}

static void summary(struct req *r, const struct plan *p, const struct assess_row *rows, size_t n)
{
	size_t count[PS_STABLE + 1] = {0};
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		if (p->indicators[rows[i].indicator].is_headline) {
			count[rows[i].a.status]++;
			total++;
		}
	struct buf *b = &r->out;
	bw(b, "<section class=\"summary\" aria-labelledby=\"summary\"><h2 id=\"summary\">");
	html_esc(b, req_t(r, "dash.summary"));
	bwf(b, "</h2>\n<p>%s %zu</p><ul class=\"counts\">", req_t(r, "dash.targets_total"), total);
	static const enum progress_status order[] = {PS_MET, PS_ON_TRACK, PS_NEEDS_ACCELERATION, PS_LIMITED, PS_STABLE,
						     PS_DETERIORATING, PS_NOT_MET, PS_NO_STATUS};
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (!count[order[i]])
			continue;
		bw(b, "<li>");
		html_status(r, order[i]);
		bwf(b, " <strong>%zu</strong></li>", count[order[i]]);
	}
	bw(b, "</ul></section>\n");
}

enum status page_dashboard(struct req *r)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	const char *want = req_query(r, "region");
	int sel = want ? plan_find_region(p, want) : -1;
	if (want && sel < 0)
		return ST_NOT_FOUND;
	struct assess_row *rows;
	size_t n;
	struct obs *cur;
	size_t n_cur;
	rc = assess_plan(r->store, r->arena, p, req_view(r), &rows, &n);
	if (rc == ST_OK)
		rc = store_obs_current(r->store, r->arena, NULL, NULL, req_view(r), &cur, &n_cur);
	if (rc != ST_OK)
		return rc;
	struct buf *b = &r->out;
	const char *title = i18n_pick(r->lang, p->info.title_zh, p->info.title_en);
	page_begin(r, req_t(r, "dash.title"), "dashboard");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "dash.title"));
	bw(b, "</h1>\n<p class=\"lead\"><a href=\"/plan\">");
	html_esc(b, title);
	bw(b, "</a> <span class=\"muted\">");
	html_esc(b, p->info.doc_no);
	bw(b, "</span></p>\n");
	char today[32];
	clock_format_shanghai(clock_now(), today);
	if (p->info.valid_until && strncmp(today, p->info.valid_until, 10) > 0) {
		/* the plan has run its course: the question now is the final evaluation */
		bw(b, "<p class=\"notice\">");
		html_esc(b, req_t(r, "dash.plan_ended"));
		bw(b, " ");
		html_esc(b, p->info.valid_until);
		bw(b, authz_check(&r->principal, ACT_READ_INTERNAL, NULL) == ST_OK ? " <a href=\"/reports\">" : " <span>");
		html_esc(b, req_t(r, "dash.final_evaluation"));
		bw(b, authz_check(&r->principal, ACT_READ_INTERNAL, NULL) == ST_OK ? "</a></p>\n" : "</span></p>\n");
	}
	region_switch(r, p, sel);
	if (sel < 0)
		summary(r, p, rows, n);
	/* task supervision: measures by status, overdue reports, open and escalated notices */
	rc = sup_section_dashboard(r, p);
	if (rc != ST_OK)
		return rc;
	if (r->principal.role == ROLE_NONE) {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "dash.public_note"));
		bw(b, "</p>\n");
	}
	for (size_t gi = 0; gi < p->n_goals; gi++) {
		bwf(b, "<section class=\"goal\" aria-labelledby=\"g-%s\"><h2 id=\"g-%s\">", p->goals[gi].code, p->goals[gi].code);
		html_esc(b, i18n_pick(r->lang, p->goals[gi].name_zh, p->goals[gi].name_en));
		bw(b, "</h2>\n<div class=\"tiles\">\n");
		int any = 0;
		for (size_t i = 0; i < p->n_indicators; i++) {
			const struct indicator *d = &p->indicators[i];
			if (d->goal != (int)gi || !d->is_headline)
				continue;
			if (sel < 0) {
				for (size_t k = 0; k < n; k++)
					if (rows[k].indicator == (int)i) {
						dash_tile(r, p, (int)i, rows[k].region, &rows[k], cur, n_cur);
						any = 1;
					}
			} else {
				const struct assess_row *row = NULL;
				for (size_t k = 0; k < n; k++)
					if (rows[k].indicator == (int)i && rows[k].region == sel)
						row = &rows[k];
				dash_tile(r, p, (int)i, sel, row, cur, n_cur);
				any = 1;
			}
		}
		if (!any) {
			bw(b, "<p class=\"muted\">");
			html_esc(b, req_t(r, "plan.goal_qualitative"));
			bw(b, "</p>");
		}
		bw(b, "</div></section>\n");
	}
	page_end(r);
	return ST_OK;
}
