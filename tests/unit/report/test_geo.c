/* test_geo.c - unit tests of report/geo.c and report/chart_map.c: the shipped boundary data
 * reads (14 prefectures keyed by their division codes, boxes where Hunan is), hostile input is
 * refused with a reason and no shapes, and the map draws the chosen areas coloured, a point,
 * and the grey context, with every name escaped. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/chart_map.h"
#include "report/geo.h"
#include "base/banned.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	long n = ftell(fp);
	assert_true(n > 0);
	rewind(fp);
	char *p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	p[n] = '\0';
	*len = (size_t)n;
	return p;
}

static void test_geo_shipped_data(void **state)
{
	(void)state;
	const char *root = getenv("INNOMON_SOURCE_ROOT");
	char path[1024];
	snprintf(path, sizeof(path), "%s/data/geo/cn-43.geojson", root ? root : ".");
	size_t len;
	char *data = slurp(path, &len);
	struct arena *a = arena_new();
	struct geo_map m;
	char err[160];
	assert_int_equal(geo_parse(a, data, len, &m, err, sizeof(err)), ST_OK);
	assert_int_equal(m.n, 14);
	const struct geo_shape *cs = geo_find(&m, "430100");
	assert_non_null(cs);
	assert_string_equal(cs->name, "长沙市");
	/* 长沙市 lies between 111.8 and 114.3 degrees east, 27.8 and 28.7 north */
	assert_true(cs->lon0 > 111.8 && cs->lon1 < 114.3 && cs->lat0 > 27.8 && cs->lat1 < 28.7);
	assert_null(geo_find(&m, "110000"));

	/* the map: 长沙 on track, 株洲 off track, a park as a point, names escaped */
	struct chart_map_area areas[] = {{cs, "长沙 <&>", "长沙: ok", CHART_ROLE_OK},
					 {geo_find(&m, "430200"), "株洲", "株洲: bad", CHART_ROLE_BAD}};
	struct chart_map_point pt = {112.88, 28.23, "高新区", "高新区: warn", CHART_ROLE_WARN};
	struct chart_map_spec sp = {.id = "m", .title = "map", .w = 600, .context = &m, .areas = areas, .n_areas = 2,
				    .points = &pt, .n_points = 1};
	struct buf out;
	buf_init(&out, 1 << 22);
	struct canvas_svg svg;
	canvas_svg_init(&svg, &out);
	chart_map(a, &svg.canvas, &sp);
	const char *s = buf_str(&out);
	assert_non_null(strstr(s, "<g><title>长沙: ok</title>\n<polygon"));
	assert_non_null(strstr(s, "fill=\"#8cc9a0\""));
	assert_non_null(strstr(s, "fill=\"#e39a8f\""));
	assert_non_null(strstr(s, "长沙 &lt;&amp;&gt;"));
	assert_null(strstr(s, "<&>"));
	assert_non_null(strstr(s, "<g><title>高新区: warn</title>\n<circle"));
	assert_non_null(strstr(s, "fill=\"#f1f3f5\"")); /* the neighbours in grey */
	double h = chart_map_height(&sp);
	assert_true(h >= 300 && h <= 840);
	buf_release(&out);
	arena_free(a);
	free(data);
}

static void test_geo_refuses_bad_input(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "[]", "{\"type\":\"Feature\"}", "{\"type\":\"FeatureCollection\",\"features\":{}}",
		"{\"type\":\"FeatureCollection\",\"features\":[{\"properties\":{},\"geometry\":{\"type\":\"Polygon\","
		"\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}]}",
		"{\"type\":\"FeatureCollection\",\"features\":[{\"properties\":{\"code\":\"1\"},\"geometry\":{\"type\":"
		"\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0]]]}}]}",
		"{\"type\":\"FeatureCollection\",\"features\":[{\"properties\":{\"code\":\"1\"},\"geometry\":{\"type\":"
		"\"Polygon\",\"coordinates\":[[[0,0],[181,0],[1,1],[0,0]]]}}]}",
		"{\"type\":\"FeatureCollection\",\"features\":[{\"properties\":{\"code\":\"1\"},\"geometry\":{\"type\":"
		"\"LineString\",\"coordinates\":[[0,0],[1,1]]}}]}",
		"{\"type\":\"FeatureCollection\",\"features\":[{\"properties\":{\"code\":\"1\"},\"geometry\":{\"type\":"
		"\"Polygon\",\"coordinates\":[[[0,0],[\"a\",0],[1,1],[0,0]]]}}]}",
	};
	struct arena *a = arena_new();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct geo_map m;
		char err[160];
		assert_int_equal(geo_parse(a, bad[i], strlen(bad[i]), &m, err, sizeof(err)), ST_INVALID);
		assert_int_equal(m.n, 0);
		assert_true(err[0] != '\0');
	}
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_geo_shipped_data),
		cmocka_unit_test(test_geo_refuses_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
