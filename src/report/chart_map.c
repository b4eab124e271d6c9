/* chart_map.c - the map chart: an equirectangular view of the box around the regions shown
 * (longitudes shrunk by the cosine of the middle latitude, which keeps a province's shapes
 * true to within a few per cent), context shapes in grey, areas filled by status with a
 * hatch-free palette (the status is also in the tooltip and in the page's table), points as
 * circles, names on top. */
#include <math.h>
#include <string.h>

#include "report/chart_map.h"
#include "base/banned.h"

#define MAP_FONT_PX 12.0

struct view {
	double lon0, lat0, lon1, lat1, k, w, h;
};

static void view_box(const struct chart_map_spec *sp, struct view *v)
{
	v->lon0 = v->lat0 = INFINITY, v->lon1 = v->lat1 = -INFINITY;
	for (size_t i = 0; i < sp->n_areas; i++) {
		const struct geo_shape *s = sp->areas[i].shape;
		v->lon0 = fmin(v->lon0, s->lon0), v->lon1 = fmax(v->lon1, s->lon1);
		v->lat0 = fmin(v->lat0, s->lat0), v->lat1 = fmax(v->lat1, s->lat1);
	}
	for (size_t i = 0; i < sp->n_points; i++) {
		v->lon0 = fmin(v->lon0, sp->points[i].lon), v->lon1 = fmax(v->lon1, sp->points[i].lon);
		v->lat0 = fmin(v->lat0, sp->points[i].lat), v->lat1 = fmax(v->lat1, sp->points[i].lat);
	}
	if (!(v->lon1 > v->lon0) || !(v->lat1 > v->lat0)) { /* one point, or nothing */
		double lon = isfinite(v->lon0) ? v->lon0 : 0, lat = isfinite(v->lat0) ? v->lat0 : 0;
		v->lon0 = lon - 0.5, v->lon1 = lon + 0.5, v->lat0 = lat - 0.5, v->lat1 = lat + 0.5;
	}
	double mx = (v->lon1 - v->lon0) * 0.08, my = (v->lat1 - v->lat0) * 0.08;
	v->lon0 -= mx, v->lon1 += mx, v->lat0 -= my, v->lat1 += my;
	v->k = cos((v->lat0 + v->lat1) / 2 * M_PI / 180);
	v->w = sp->w;
	double aspect = (v->lat1 - v->lat0) / ((v->lon1 - v->lon0) * v->k);
	v->h = sp->w * fmin(1.4, fmax(0.5, aspect));
}

double chart_map_height(const struct chart_map_spec *sp)
{
	struct view v;
	view_box(sp, &v);
	return v.h;
}

/* Degrees to px: the box fitted into w x h, centred, north up. */
static void project(const struct view *v, double lon, double lat, double *x, double *y)
{
	double sx = v->w / ((v->lon1 - v->lon0) * v->k), sy = v->h / (v->lat1 - v->lat0), s = fmin(sx, sy);
	double ox = (v->w - (v->lon1 - v->lon0) * v->k * s) / 2, oy = (v->h - (v->lat1 - v->lat0) * s) / 2;
	*x = ox + (lon - v->lon0) * v->k * s;
	*y = oy + (v->lat1 - lat) * s;
}

static void shape(struct arena *a, struct canvas *c, const struct view *v, const struct geo_shape *s,
		  const struct canvas_style *st)
{
	for (size_t i = 0; i < s->n_rings; i++) {
		const struct geo_ring *r = &s->rings[i];
		double *xs = arena_alloc(a, r->n * sizeof(double)), *ys = arena_alloc(a, r->n * sizeof(double));
		for (size_t k = 0; k < r->n; k++)
			project(v, r->lon[k], r->lat[k], &xs[k], &ys[k]);
		c->polygon(c, xs, ys, r->n, st);
	}
}

static int overlaps(const struct view *v, const struct geo_shape *s)
{
	return s->lon1 >= v->lon0 && s->lon0 <= v->lon1 && s->lat1 >= v->lat0 && s->lat0 <= v->lat1;
}

/* Where a name goes: the middle of the shape's largest ring (mean of its points). */
static void label_at(const struct view *v, const struct geo_shape *s, double *x, double *y)
{
	const struct geo_ring *big = s->n_rings ? &s->rings[0] : NULL;
	for (size_t i = 1; i < s->n_rings; i++)
		if (s->rings[i].n > big->n)
			big = &s->rings[i];
	double lon = 0, lat = 0;
	for (size_t k = 0; big && k < big->n; k++)
		lon += big->lon[k], lat += big->lat[k];
	if (big && big->n)
		lon /= (double)big->n, lat /= (double)big->n;
	project(v, lon, lat, x, y);
}

/* Fills light enough for dark names on top; each status its own lightness for greyscale. */
static const char *fill_of(enum chart_role role)
{
	switch (role) {
	case CHART_ROLE_OK:
		return "#8cc9a0";
	case CHART_ROLE_WARN:
		return "#e8c77a";
	case CHART_ROLE_BAD:
		return "#e39a8f";
	default:
		return "#d5d9de";
	}
}

void chart_map(struct arena *a, struct canvas *c, const struct chart_map_spec *sp)
{
	struct view v;
	view_box(sp, &v);
	c->begin(c, sp->id, v.w, v.h, sp->title, sp->desc);
	if (!sp->n_areas && !sp->n_points) {
		struct canvas_style st = *chart_role_style(CHART_ROLE_LABEL);
		c->text(c, v.w / 2, v.h / 2, CANVAS_ANCHOR_MIDDLE, CANVAS_BASELINE_MIDDLE, MAP_FONT_PX, CANVAS_WEIGHT_NORMAL,
			sp->empty_text ? sp->empty_text : "", &st);
		c->end(c);
		return;
	}
	struct canvas_style ctx = {.fill = "#f1f3f5", .stroke = "#c4c9cf", .stroke_width = 0.75};
	for (size_t i = 0; sp->context && i < sp->context->n; i++) {
		const struct geo_shape *s = &sp->context->shapes[i];
		int is_area = 0;
		for (size_t k = 0; k < sp->n_areas && !is_area; k++)
			is_area = sp->areas[k].shape == s;
		if (!is_area && overlaps(&v, s))
			shape(a, c, &v, s, &ctx);
	}
	for (size_t i = 0; i < sp->n_areas; i++) {
		const struct chart_map_area *ar = &sp->areas[i];
		struct canvas_style st = {.fill = fill_of(ar->role), .stroke = "#ffffff", .stroke_width = 1.5};
		c->group_begin(c, ar->tip ? ar->tip : ar->label);
		shape(a, c, &v, ar->shape, &st);
		c->group_end(c);
	}
	struct canvas_style ink = *chart_role_style(CHART_ROLE_INK);
	for (size_t i = 0; i < sp->n_areas; i++) {
		double x, y;
		label_at(&v, sp->areas[i].shape, &x, &y);
		c->text(c, x, y, CANVAS_ANCHOR_MIDDLE, CANVAS_BASELINE_MIDDLE, MAP_FONT_PX + 2, CANVAS_WEIGHT_BOLD,
			sp->areas[i].label ? sp->areas[i].label : "", &ink);
	}
	for (size_t i = 0; i < sp->n_points; i++) {
		const struct chart_map_point *pt = &sp->points[i];
		double x, y;
		project(&v, pt->lon, pt->lat, &x, &y);
		const struct canvas_style *role = chart_role_style(pt->role);
		struct canvas_style dot = {.fill = role->fill ? role->fill : "#5a6169", .stroke = "#ffffff", .stroke_width = 2};
		c->group_begin(c, pt->tip ? pt->tip : pt->label);
		c->circle(c, x, y, 6.5, &dot);
		c->text(c, x + 9, y, CANVAS_ANCHOR_START, CANVAS_BASELINE_MIDDLE, MAP_FONT_PX, CANVAS_WEIGHT_NORMAL,
			pt->label ? pt->label : "", &ink);
		c->group_end(c);
	}
	c->end(c);
}
