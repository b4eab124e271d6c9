/* geo.h - boundary data for maps: a GeoJSON FeatureCollection of Polygon / MultiPolygon
 * features keyed by properties.code (data/geo/, the national division code), read strictly
 * into arena memory. Pure: no I/O. */
#ifndef INNOMON_REPORT_GEO_H
#define INNOMON_REPORT_GEO_H

#include <stddef.h>

#include "base/arena.h"
#include "base/status.h"

#define GEO_MAX_FEATURES 2000
#define GEO_MAX_POINTS 500000
#define GEO_CODE_MAX 32

/* A closed ring of n points (the first repeated last), degrees. */
struct geo_ring {
	const double *lon, *lat;
	size_t n;
};

/* One feature: its rings (outer rings and holes alike; drawn with the even-odd rule) and the
 * box around them. */
struct geo_shape {
	const char *code, *name; /* name may be "" */
	struct geo_ring *rings;
	size_t n_rings;
	double lon0, lat0, lon1, lat1;
};

struct geo_map {
	struct geo_shape *shapes;
	size_t n;
};

/* Read data[0..len) into *out (arena a). ST_INVALID with a sentence in err (err_cap bytes)
 * when it is not such a collection: not JSON, another type, a feature without a code (or one
 * longer than GEO_CODE_MAX), a ring of fewer than four points, a coordinate that is not a
 * finite longitude/latitude, more than GEO_MAX_FEATURES features or GEO_MAX_POINTS points. */
enum status geo_parse(struct arena *a, const char *data, size_t len, struct geo_map *out, char *err, size_t err_cap) WUR;
/* The shape with code, or NULL. */
const struct geo_shape *geo_find(const struct geo_map *m, const char *code);

#endif
