/* geo.c - geo_parse: a GeoJSON FeatureCollection read with jansson and checked member by
 * member before a byte of it is kept; every count capped before it is used. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/geo.h"
#include "base/banned.h"

struct reader {
	struct arena *a;
	size_t n_points;
	char *err;
	size_t err_cap;
};

static enum status fail(struct reader *r, const char *what, size_t feature)
{
	snprintf(r->err, r->err_cap, "feature %zu: %s", feature + 1, what);
	return ST_INVALID;
}

static enum status ring(struct reader *r, json_t *j, struct geo_ring *out, struct geo_shape *s, size_t fi)
{
	size_t n = json_array_size(j);
	if (!json_is_array(j) || n < 4)
		return fail(r, "a ring needs at least four points", fi);
	if (n > GEO_MAX_POINTS - r->n_points)
		return fail(r, "too many points", fi);
	r->n_points += n;
	double *lon = arena_alloc(r->a, n * sizeof(double)), *lat = arena_alloc(r->a, n * sizeof(double));
	for (size_t i = 0; i < n; i++) {
		json_t *pt = json_array_get(j, i);
		json_t *x = json_array_get(pt, 0), *y = json_array_get(pt, 1);
		if (!json_is_array(pt) || json_array_size(pt) < 2 || !json_is_number(x) || !json_is_number(y))
			return fail(r, "a point is not [longitude, latitude]", fi);
		lon[i] = json_number_value(x), lat[i] = json_number_value(y);
		if (!isfinite(lon[i]) || !isfinite(lat[i]) || fabs(lon[i]) > 180 || fabs(lat[i]) > 90)
			return fail(r, "a coordinate is outside ±180 / ±90 degrees", fi);
		s->lon0 = fmin(s->lon0, lon[i]), s->lon1 = fmax(s->lon1, lon[i]);
		s->lat0 = fmin(s->lat0, lat[i]), s->lat1 = fmax(s->lat1, lat[i]);
	}
	*out = (struct geo_ring){lon, lat, n};
	return ST_OK;
}

/* The rings of one polygon (an array of rings) appended to s. */
static enum status polygon(struct reader *r, json_t *poly, struct geo_shape *s, size_t *cap, size_t fi)
{
	if (!json_is_array(poly) || json_array_size(poly) == 0)
		return fail(r, "a polygon is not an array of rings", fi);
	for (size_t i = 0; i < json_array_size(poly); i++) {
		if (s->n_rings == *cap) {
			size_t ncap = *cap ? *cap * 2 : 4;
			struct geo_ring *rs = arena_alloc(r->a, ncap * sizeof(*rs));
			if (s->n_rings)
				memcpy(rs, s->rings, s->n_rings * sizeof(*rs));
			s->rings = rs, *cap = ncap;
		}
		enum status rc = ring(r, json_array_get(poly, i), &s->rings[s->n_rings], s, fi);
		if (rc != ST_OK)
			return rc;
		s->n_rings++;
	}
	return ST_OK;
}

static enum status feature(struct reader *r, json_t *f, struct geo_shape *s, size_t fi)
{
	json_t *props = json_object_get(f, "properties"), *geom = json_object_get(f, "geometry");
	const char *code = json_string_value(json_object_get(props, "code"));
	const char *name = json_string_value(json_object_get(props, "name"));
	const char *type = json_string_value(json_object_get(geom, "type"));
	json_t *coords = json_object_get(geom, "coordinates");
	if (!json_is_object(f) || !code || !*code || strlen(code) > GEO_CODE_MAX)
		return fail(r, "a feature needs properties.code (at most 32 bytes)", fi);
	if (!type || !json_is_array(coords) || (strcmp(type, "Polygon") != 0 && strcmp(type, "MultiPolygon") != 0))
		return fail(r, "the geometry is not a Polygon or MultiPolygon", fi);
	*s = (struct geo_shape){arena_strdup(r->a, code), arena_strdup(r->a, name ? name : ""), NULL, 0,
				INFINITY, INFINITY, -INFINITY, -INFINITY};
	size_t cap = 0;
	if (strcmp(type, "Polygon") == 0)
		return polygon(r, coords, s, &cap, fi);
	if (json_array_size(coords) == 0)
		return fail(r, "a MultiPolygon without polygons", fi);
	for (size_t i = 0; i < json_array_size(coords); i++) {
		enum status rc = polygon(r, json_array_get(coords, i), s, &cap, fi);
		if (rc != ST_OK)
			return rc;
	}
	return ST_OK;
}

enum status geo_parse(struct arena *a, const char *data, size_t len, struct geo_map *out, char *err, size_t err_cap)
{
	memset(out, 0, sizeof(*out));
	if (err_cap)
		err[0] = '\0';
	json_error_t je;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		snprintf(err, err_cap, "not JSON: %s (line %d, column %d)", je.text, je.line, je.column);
		return ST_INVALID;
	}
	struct reader r = {a, 0, err, err_cap};
	enum status rc = ST_OK;
	json_t *features = json_object_get(root, "features");
	const char *type = json_string_value(json_object_get(root, "type"));
	size_t n = json_array_size(features);
	if (!type || strcmp(type, "FeatureCollection") != 0 || !json_is_array(features)) {
		snprintf(err, err_cap, "not a GeoJSON FeatureCollection");
		rc = ST_INVALID;
	} else if (n > GEO_MAX_FEATURES) {
		snprintf(err, err_cap, "more than %d features", GEO_MAX_FEATURES);
		rc = ST_INVALID;
	} else {
		out->shapes = arena_alloc(a, (n + 1) * sizeof(*out->shapes));
		for (size_t i = 0; i < n && rc == ST_OK; i++)
			if ((rc = feature(&r, json_array_get(features, i), &out->shapes[i], i)) == ST_OK)
				out->n++;
	}
	json_decref(root);
	if (rc != ST_OK)
		out->n = 0;
	return rc;
}

const struct geo_shape *geo_find(const struct geo_map *m, const char *code)
{
	for (size_t i = 0; code && i < m->n; i++)
		if (strcmp(m->shapes[i].code, code) == 0)
			return &m->shapes[i];
	return NULL;
}
