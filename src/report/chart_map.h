/* chart_map.h - a map of a plan's regions coloured by status: areas (a region's boundary,
 * report/geo.h) and points (a park), with the rest of the boundary data in light grey around
 * them for context. Drawn through struct canvas like every chart; text from the caller. */
#ifndef INNOMON_REPORT_CHART_MAP_H
#define INNOMON_REPORT_CHART_MAP_H

#include "report/chart.h"
#include "report/geo.h"

struct chart_map_area {
	const struct geo_shape *shape;
	const char *label, *tip; /* the region's name; the tooltip (its status in words) */
	enum chart_role role;    /* CHART_ROLE_OK, WARN, BAD or MUTED */
};

struct chart_map_point {
	double lon, lat;
	const char *label, *tip;
	enum chart_role role;
};

/* The view is the box around the areas and points, with a margin; w px wide and as high as
 * the box's shape asks (chart_map_height). context (may be NULL) is drawn grey under them. */
struct chart_map_spec {
	const char *id, *title, *desc;
	double w;
	const struct geo_map *context;
	const struct chart_map_area *areas;
	size_t n_areas;
	const struct chart_map_point *points;
	size_t n_points;
	const char *empty_text;
};

/* The height chart_map draws spec at (between 0.5 and 1.4 times its width). Pure. */
double chart_map_height(const struct chart_map_spec *spec);
/* Draw the map as one picture on c; scratch memory from a. */
void chart_map(struct arena *a, struct canvas *c, const struct chart_map_spec *spec);

#endif
