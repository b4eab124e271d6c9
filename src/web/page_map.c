/* page_map.c - GET /map: the plan's regions on a map coloured by the status of their targets
 * (?indicator=CODE: of that indicator's targets only): regions with a boundary in the
 * shipped boundary data (data/geo/, matched by the geo code the plan gives each region) as
 * areas, parks by their point, the rest of the data in grey around them; the same facts as a
 * table for every region, with a legend and the data's source and licence. */
#include <string.h>

#include "base/embed.h"
#include "report/chart_map.h"
#include "report/fmt.h"
#include "web/app_req.h"
#include "web/charts.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/route.h"
#include "web/views.h"
#include "base/banned.h"

extern const struct embedded_file geo_data_files[];

/* The statuses a region's targets are in: met or on track, needing attention, off track, not
 * assessable (the chart roles of chart_role_of_status). */
struct region_tally {
	size_t n[4];
	enum chart_role role;
};

static size_t slot(enum chart_role role)
{
	return role == CHART_ROLE_OK ? 0 : role == CHART_ROLE_WARN ? 1 : role == CHART_ROLE_BAD ? 2 : 3;
}

/* The region's colour: off track when any target is, else needing attention, else on track,
 * else not assessable. */
static enum chart_role worst(const struct region_tally *t)
{
	return t->n[2] ? CHART_ROLE_BAD : t->n[1] ? CHART_ROLE_WARN : t->n[0] ? CHART_ROLE_OK : CHART_ROLE_MUTED;
}

static const char *const role_keys[] = {"map.ok", "map.warn", "map.bad", "map.none"};
static const char *const role_classes[] = {"ok", "warn", "bad", "none"};

enum status render_map(struct req *r, const struct app_figures *v, int ind)
{
	const struct plan *p = v->plan;
	const struct assess_row *rows = v->rows;
	size_t n_rows = v->n_rows;
	struct region_tally *t = arena_calloc(r->arena, p->n_regions + 1, sizeof(*t));
	for (size_t i = 0; i < n_rows; i++)
		if (ind < 0 || rows[i].indicator == ind)
			t[rows[i].region].n[slot(chart_role_of_status(rows[i].a.status))]++;
	/* every shipped boundary file; a region's geo code names its shape */
	struct geo_map *maps = arena_calloc(r->arena, 8, sizeof(*maps));
	size_t n_maps = 0;
	for (const struct embedded_file *f = geo_data_files; f->name && n_maps < 8; f++) {
		char err[160];
		if (geo_parse(r->arena, f->data, f->len, &maps[n_maps], err, sizeof(err)) != ST_OK)
			return ST_STORE; /* shipped data that does not parse is a bug of the build */
		n_maps++;
	}
	struct chart_map_area *areas = arena_calloc(r->arena, p->n_regions + 1, sizeof(*areas));
	struct chart_map_point *points = arena_calloc(r->arena, p->n_regions + 1, sizeof(*points));
	size_t n_areas = 0, n_points = 0;
	const struct geo_map *context = NULL;
	for (size_t g = 0; g < p->n_regions; g++) {
		const struct region *rg = &p->regions[g];
		t[g].role = worst(&t[g]);
		const char *name = i18n_pick(r->lang, rg->name_zh, rg->name_en);
		const char *tip = arena_printf(r->arena, "%s: %s", name, req_t(r, role_keys[slot(t[g].role)]));
		const struct geo_shape *s = NULL;
		for (size_t k = 0; k < n_maps && !s && rg->geo; k++)
			if ((s = geo_find(&maps[k], rg->geo)))
				context = &maps[k];
		if (s)
			areas[n_areas++] = (struct chart_map_area){s, name, tip, t[g].role};
		else if (rg->has_point)
			points[n_points++] = (struct chart_map_point){rg->lon, rg->lat, name, tip, t[g].role};
	}
	struct buf *b = &r->out;
	const char *title = req_t(r, "map.title");
	const char *ind_name = ind >= 0 ? i18n_pick(r->lang, p->indicators[ind].name_zh, p->indicators[ind].name_en) : NULL;
	page_begin(r, title, "map");
	bw(b, "<h1>");
	html_esc(b, title);
	bw(b, "</h1>\n<p>");
	html_esc(b, req_t(r, ind >= 0 ? "map.intro_indicator" : "map.intro"));
	if (ind_name) {
		bw(b, " <strong>");
		html_esc(b, ind_name);
		bw(b, "</strong>");
	}
	bw(b, "</p>\n<form class=\"filters\" method=\"get\" action=\"/map\"><label for=\"m-ind\">");
	html_esc(b, req_t(r, "col.indicator"));
	bw(b, "</label><select id=\"m-ind\" name=\"indicator\"><option value=\"\">");
	html_esc(b, req_t(r, "map.all_targets"));
	bw(b, "</option>");
	for (size_t i = 0; i < p->n_indicators; i++) {
		int has_target = 0;
		for (size_t k = 0; k < n_rows && !has_target; k++)
			has_target = rows[k].indicator == (int)i;
		if (!has_target)
			continue;
		bw(b, "<option value=\"");
		html_esc(b, p->indicators[i].code);
		bw(b, (int)i == ind ? "\" selected>" : "\">");
		html_esc(b, i18n_pick(r->lang, p->indicators[i].name_zh, p->indicators[i].name_en));
		bw(b, "</option>");
	}
	bw(b, "</select><button type=\"submit\">");
	html_esc(b, req_t(r, "matrix.apply"));
	bw(b, "</button></form>\n");
	struct chart_map_spec spec = {.id = "map", .title = ind_name ? arena_printf(r->arena, "%s · %s", title, ind_name) : title,
				      .desc = req_t(r, "map.desc"), .w = 720, .context = context, .areas = areas,
				      .n_areas = n_areas, .points = points, .n_points = n_points,
				      .empty_text = req_t(r, "map.no_regions")};
	struct canvas_svg svg;
	canvas_svg_init(&svg, b);
	bw(b, "<figure class=\"chart map\">");
	chart_map(r->arena, &svg.canvas, &spec);
	bw(b, "<figcaption><ul class=\"map-legend\">");
	for (size_t k = 0; k < 4; k++) {
		hf(b, "<li><span class=\"swatch sw-%s\" aria-hidden=\"true\"></span>", role_classes[k]);
		html_esc(b, req_t(r, role_keys[k]));
		bw(b, "</li>");
	}
	bw(b, "</ul><p class=\"muted\">");
	html_esc(b, req_t(r, "map.source"));
	bw(b, "</p></figcaption></figure>\n");
	/* the same as a table, every region, with the counts behind each colour */
	bw(b, "<details class=\"as-table\" open><summary>");
	html_esc(b, req_t(r, "chart.as_table"));
	bw(b, "</summary>\n<table class=\"map-table\"><thead><tr><th scope=\"col\">");
	html_esc(b, req_t(r, "col.region"));
	bw(b, "</th><th scope=\"col\">");
	html_esc(b, req_t(r, "col.status"));
	bw(b, "</th>");
	for (size_t k = 0; k < 4; k++) {
		bw(b, "<th scope=\"col\" class=\"num\">");
		html_esc(b, req_t(r, role_keys[k]));
		bw(b, "</th>");
	}
	bw(b, "</tr></thead><tbody>\n");
	for (size_t g = 0; g < p->n_regions; g++) {
		const struct region *rg = &p->regions[g];
		size_t total = t[g].n[0] + t[g].n[1] + t[g].n[2] + t[g].n[3];
		if (!total && !rg->geo && !rg->has_point)
			continue;
		hf(b, "<tr data-region=\"");
		html_esc(b, rg->code);
		bw(b, "\"><th scope=\"row\"><a href=\"/regions/");
		url_esc(b, rg->code);
		bw(b, "\">");
		html_esc(b, i18n_pick(r->lang, rg->name_zh, rg->name_en));
		hf(b, "</a></th><td><span class=\"swatch sw-%s\" aria-hidden=\"true\"></span>", role_classes[slot(t[g].role)]);
		html_esc(b, req_t(r, role_keys[slot(t[g].role)]));
		bw(b, "</td>");
		for (size_t k = 0; k < 4; k++)
			hf(b, "<td class=\"num\">%zu</td>", t[g].n[k]);
		bw(b, "</tr>\n");
	}
	bw(b, "</tbody></table></details>\n");
	page_end(r);
	return ST_OK;
}

enum status page_map(struct req *r)
{
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	const char *want = req_query(r, "indicator");
	int ind = want && *want ? plan_find_indicator(p, want) : -1;
	if (want && *want && ind < 0)
		return ST_NOT_FOUND;
	struct app_figures v;
	rc = app_figures_view(req_app(r), &v, req_errs(r));
	return rc == ST_OK ? render_map(r, &v, ind) : rc;
}
