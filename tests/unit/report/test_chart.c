/* test_chart.c - unit tests of report/chart.c and report/canvas_svg.c: nice ticks, compact
 * 万/亿 and k/M/B numbers, and the SVG of every chart kind parsed with libxml2 (well-formed,
 * <title>/<desc> present and escaped, series lines, target star, inverted rank axis, 万 tick
 * labels, clipped progress), plus the line chart compared byte for byte with
 * tests/golden/chart_line.svg (INNOMON_GOLDEN_WRITE=1 rewrites it, as `make golden` does). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "report/chart.h"
#include "base/banned.h"

struct fixture {
	struct arena *arena;
	struct buf out;
	struct canvas_svg svg;
	xmlDocPtr doc;
	xmlXPathContextPtr xp;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	f->arena = arena_new();
	buf_init(&f->out, 1 << 20);
	canvas_svg_init(&f->svg, &f->out);
	*state = f;
	return 0;
}

static void drop_doc(struct fixture *f)
{
	if (f->xp)
		xmlXPathFreeContext(f->xp);
	if (f->doc)
		xmlFreeDoc(f->doc);
	f->xp = NULL;
	f->doc = NULL;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	drop_doc(f);
	buf_release(&f->out);
	arena_free(f->arena);
	free(f);
	return 0;
}

static double xp_number(struct fixture *f, const char *expr)
{
	xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, f->xp);
	assert_non_null(o);
	double v = xmlXPathCastToNumber(o);
	xmlXPathFreeObject(o);
	return v;
}

/* Parse what was drawn; fails the test unless it is well-formed XML with an <svg> root. */
static void parse(struct fixture *f)
{
	drop_doc(f);
	assert_int_equal(buf_status(&f->out), ST_OK);
	const char *s = buf_str(&f->out);
	f->doc = xmlReadMemory(s, (int)strlen(s), "chart.svg", "UTF-8", XML_PARSE_NONET);
	assert_non_null(f->doc);
	xmlNodePtr root = xmlDocGetRootElement(f->doc);
	assert_string_equal((const char *)root->name, "svg");
	f->xp = xmlXPathNewContext(f->doc);
	assert_non_null(f->xp);
	assert_int_equal(xmlXPathRegisterNs(f->xp, (const xmlChar *)"s", (const xmlChar *)"http://www.w3.org/2000/svg"), 0);
	assert_int_equal((int)xp_number(f, "count(//@*[starts-with(name(), 'on')])"), 0);
	/* What the CSP and the print path rely on, whatever the chart. */
	assert_null(strstr(s, "style="));
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "href"));
	assert_null(strstr(s, "nan"));
	assert_null(strstr(s, "inf"));
}

static int xp_count(struct fixture *f, const char *expr)
{
	char e[512];
	snprintf(e, sizeof(e), "count(%s)", expr);
	return (int)xp_number(f, e);
}

/* The string value of expr (the first node), copied into out. */
static void xp_string(struct fixture *f, const char *expr, char *out, size_t cap)
{
	xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, f->xp);
	assert_non_null(o);
	xmlChar *s = xmlXPathCastToString(o);
	snprintf(out, cap, "%s", (const char *)s);
	xmlFree(s);
	xmlXPathFreeObject(o);
}

/* ---- nice ticks ---- */

static void expect_ticks(double lo, double hi, size_t max_ticks, const double *want, size_t n_want)
{
	double got[16];
	size_t n = 99;
	chart_nice_ticks(lo, hi, max_ticks, got, &n);
	assert_int_equal(n, n_want);
	double span = fabs(want[n_want - 1] - want[0]);
	for (size_t i = 0; i < n; i++)
		assert_true(fabs(got[i] - want[i]) <= 1e-9 * fmax(fabs(want[i]), span));
}

static void test_chart_nice_ticks_ranges(void **state)
{
	(void)state;
	expect_ticks(0, 100, 6, (const double[]){0, 20, 40, 60, 80, 100}, 6);
	expect_ticks(3, 97, 6, (const double[]){0, 20, 40, 60, 80, 100}, 6);
	expect_ticks(100, 0, 6, (const double[]){0, 20, 40, 60, 80, 100}, 6);
	expect_ticks(-35, 12, 6, (const double[]){-40, -20, 0, 20}, 4);
	expect_ticks(-0.7, -0.2, 6, (const double[]){-0.7, -0.6, -0.5, -0.4, -0.3, -0.2}, 6);
	expect_ticks(0, 10, 5, (const double[]){0, 2.5, 5, 7.5, 10}, 5);
	expect_ticks(103, 142, 6, (const double[]){100, 110, 120, 130, 140, 150}, 6);
	expect_ticks(1e9, 5e12, 6, (const double[]){0, 1e12, 2e12, 3e12, 4e12, 5e12}, 6);
	expect_ticks(0.0012, 0.0047, 5, (const double[]){0.001, 0.002, 0.003, 0.004, 0.005}, 5);
	expect_ticks(0, 100, 1, (const double[]){0, 100}, 2);
}

static void test_chart_nice_ticks_zero_span(void **state)
{
	(void)state;
	expect_ticks(0, 0, 6, (const double[]){0, 0.2, 0.4, 0.6, 0.8, 1}, 6);
	expect_ticks(142, 142, 6, (const double[]){120, 130, 140, 150, 160}, 5);
	expect_ticks(-5, -5, 6, (const double[]){-5.5, -5.25, -5, -4.75, -4.5}, 5);
	double got[8];
	size_t n = 5;
	chart_nice_ticks(NAN, 1, 6, got, &n);
	assert_int_equal(n, 0);
	chart_nice_ticks(0, INFINITY, 6, got, &n);
	assert_int_equal(n, 0);
	chart_nice_ticks(-1e308, 1e308, 6, got, &n);
	assert_int_equal(n, 0);
	expect_ticks(0, 1e-200, 6, (const double[]){0, 2e-201, 4e-201, 6e-201, 8e-201, 1e-200}, 6);
	expect_ticks(3e-200, 7.1e-200, 5, (const double[]){2e-200, 4e-200, 6e-200, 8e-200}, 4);
	expect_ticks(1e-310, 1e-310, 6, (const double[]){0, 0.2, 0.4, 0.6, 0.8, 1}, 6);
}

/* For many ranges: the ticks cover the range, are evenly spaced, at most max_ticks, and nice. */
static void test_chart_nice_ticks_cover(void **state)
{
	(void)state;
	static const double los[] = {-1234567, -3.3, 0, 0.00042, 7, 1999.5, 2.4e8};
	static const double spans[] = {0.001, 0.37, 1, 9.9, 55, 1234, 7.7e6, 3e9};
	for (size_t i = 0; i < sizeof(los) / sizeof(los[0]); i++) {
		for (size_t j = 0; j < sizeof(spans) / sizeof(spans[0]); j++) {
			for (size_t max_ticks = 4; max_ticks <= 6; max_ticks++) {
				double lo = los[i], hi = los[i] + spans[j], t[8];
				size_t n;
				chart_nice_ticks(lo, hi, max_ticks, t, &n);
				assert_true(n >= 2 && n <= max_ticks);
				/* Differences of large ticks carry their rounding: compare within it. */
				double step = t[1] - t[0], eps = 1e-9 * fmax(fabs(lo), fabs(hi));
				double tol = 1e-6 + 1e-12 * fmax(fabs(lo), fabs(hi)) / step;
				assert_true(t[0] <= lo + eps && t[n - 1] >= hi - eps);
				double m = step / pow(10, floor(log10(step) + 1e-6));
				assert_true(fabs(m - 1) < tol || fabs(m - 2) < tol || fabs(m - 2.5) < tol || fabs(m - 5) < tol);
				for (size_t k = 1; k < n; k++)
					assert_true(fabs(t[k] - t[k - 1] - step) <= tol * step);
			}
		}
	}
}

/* ---- compact numbers ---- */

static void expect_compact(enum lang lang, double v, const char *want)
{
	struct buf b;
	buf_init(&b, 0);
	chart_format_compact(&b, lang, v);
	assert_string_equal(buf_str(&b), want);
	buf_release(&b);
}

static void test_chart_format_compact_zh(void **state)
{
	(void)state;
	expect_compact(LANG_ZH, 12000, "1.2万");
	expect_compact(LANG_ZH, 30000, "3万");
	expect_compact(LANG_ZH, 250000000, "2.5亿");
	expect_compact(LANG_ZH, 12345678, "1,235万");
	expect_compact(LANG_ZH, 99999999, "1亿");
	expect_compact(LANG_ZH, 9999, "9,999");
	expect_compact(LANG_ZH, 9999.999, "1万");
	expect_compact(LANG_ZH, 142.567, "142.57");
	expect_compact(LANG_ZH, -12000, "-1.2万");
	expect_compact(LANG_ZH, 0, "0");
	expect_compact(LANG_ZH, 0.001234, "0.00123");
	expect_compact(LANG_ZH, 3.2e12, "32,000亿");
	expect_compact(LANG_ZH, NAN, "–");
}

static void test_chart_format_compact_en(void **state)
{
	(void)state;
	expect_compact(LANG_EN, 12000, "12k");
	expect_compact(LANG_EN, 1500, "1.5k");
	expect_compact(LANG_EN, 999, "999");
	expect_compact(LANG_EN, 999.999, "1k");
	expect_compact(LANG_EN, 1.5e6, "1.5M");
	expect_compact(LANG_EN, 250000000, "250M");
	expect_compact(LANG_EN, 2.5e9, "2.5B");
	expect_compact(LANG_EN, 999999, "1M");
	expect_compact(LANG_EN, -0.5, "-0.5");
}

/* ---- the SVG canvas ---- */

static void test_canvas_svg_escapes_and_numbers(void **state)
{
	struct fixture *f = *state;
	struct canvas *c = &f->svg.canvas;
	struct canvas_style st = {.stroke = "#0b5cad", .stroke_width = 1.23456, .dash = {2, 3}, .n_dash = 2};
	c->begin(c, "ch\"1 x", 100.004, 50, "产值 <&> \"q\" 'a'", "desc \x01 bad \xff end");
	c->group_begin(c, "tip <b>");
	c->line(c, 0.333333, -0.001, 10.005, 2, &st);
	c->text(c, 1, 2, CANVAS_ANCHOR_MIDDLE, CANVAS_BASELINE_ALPHABETIC, 12, CANVAS_WEIGHT_BOLD, "a<b & c", NULL);
	c->group_end(c);
	c->end(c);
	const char *s = buf_str(&f->out);
	assert_non_null(strstr(s, "<title id=\"ch-1-x-title\">产值 &lt;&amp;&gt; &quot;q&quot; &#39;a&#39;</title>"));
	assert_non_null(strstr(s, "aria-labelledby=\"ch-1-x-title\" aria-describedby=\"ch-1-x-desc\""));
	assert_non_null(strstr(s, "<desc id=\"ch-1-x-desc\">desc \xef\xbf\xbd bad \xef\xbf\xbd end</desc>"));
	assert_non_null(strstr(s, "viewBox=\"0 0 100 50\""));
	assert_non_null(strstr(s, "x1=\"0.33\" y1=\"0\" x2=\"10.01\" y2=\"2\""));
	assert_non_null(strstr(s, "stroke-width=\"1.23\" stroke-dasharray=\"2 3\""));
	assert_non_null(strstr(s, "font-weight=\"600\" fill=\"#1b1f23\">a&lt;b &amp; c</text>"));
	assert_non_null(strstr(s, "<g><title>tip &lt;b&gt;</title>"));
	assert_non_null(strstr(s, "font-family=\"Noto Sans CJK SC, sans-serif\""));
	parse(f);
	char t[128];
	xp_string(f, "/s:svg/s:title", t, sizeof(t));
	assert_string_equal(t, "产值 <&> \"q\" 'a'");
}

static void test_canvas_svg_text_width(void **state)
{
	(void)state;
	assert_true(fabs(canvas_svg_text_width("长沙", 12, CANVAS_WEIGHT_NORMAL) - 24) < 1e-9);
	double digits = canvas_svg_text_width("2025", 12, CANVAS_WEIGHT_NORMAL);
	assert_true(digits > 20 && digits < 32);
	assert_true(canvas_svg_text_width("2025", 12, CANVAS_WEIGHT_BOLD) > digits);
	assert_true(canvas_svg_text_width(NULL, 12, CANVAS_WEIGHT_NORMAL) == 0);
}

/* ---- line chart ---- */

/* Each year at its middle (chart_period_x). */
static const double years[] = {2019.5, 2020.5, 2021.5, 2022.5, 2023.5};

static void test_chart_line_series_target_path(void **state)
{
	struct fixture *f = *state;
	static const double cs[] = {92, 101, 110, 118, 125}, zz[] = {60, 64, 70, 73, 80}, xt[] = {40, 45, NAN, 52, 55};
	struct chart_series series[] = {
		{.label = "长沙 <&>", .xs = years, .ys = cs, .n = 5},
		{.label = "株洲", .xs = years, .ys = zz, .n = 5},
		{.label = "湘潭", .xs = years, .ys = xt, .n = 5},
	};
	struct chart_line_spec sp = {
		.id = "ind-1", .title = "高新技术企业数 <&>", .desc = "2019–2023 与目标", .w = 640, .h = 320, .lang = LANG_ZH,
		.unit = "家", .series = series, .n_series = 3,
		.has_target = 1, .target_x = 2025.5, .target_y = 142, .target_tip = "目标 2025：≥ 142", .target_label = "目标",
		.has_path = 1, .path_x0 = 2019.5, .path_y0 = 92, .path_x1 = 2025.5, .path_y1 = 142, .path_label = "所需路径",
		.has_projection = 1, .projection_x = 2025.5, .projection_y = 139, .projection_tip = "预计 2025：139",
		.projection_label = "预测",
	};
	chart_line(f->arena, &f->svg.canvas, &sp);
	parse(f);
	const char *s = buf_str(&f->out);
	assert_non_null(strstr(s, "<title id=\"ind-1-title\">高新技术企业数 &lt;&amp;&gt;</title>"));
	assert_non_null(strstr(s, "<desc id=\"ind-1-desc\">2019–2023 与目标</desc>"));
	assert_non_null(strstr(s, "<g><title>长沙 &lt;&amp;&gt;</title>"));
	/* One line per series, the gap in 湘潭 splitting its line in two. */
	assert_int_equal(xp_count(f, "//s:polyline"), 4);
	assert_int_equal(xp_count(f, "//s:polyline[@stroke='#0b5cad']"), 1);
	assert_int_equal(xp_count(f, "//s:polyline[@stroke='#d9730d' and @stroke-dasharray='6 3']"), 1);
	/* The target: a star (10-point polygon) in a group whose tooltip says the target. */
	assert_int_equal(xp_count(f, "//s:g[s:title='目标 2025：≥ 142']/s:polygon"), 1);
	char pts[512];
	xp_string(f, "//s:g[s:title='目标 2025：≥ 142']/s:polygon/@points", pts, sizeof(pts));
	int n_pts = 0;
	for (const char *p = pts; *p; p++)
		n_pts += *p == ',';
	assert_int_equal(n_pts, 10);
	assert_int_equal(xp_count(f, "//s:g[s:title='所需路径']/s:line[@stroke-dasharray='5 4']"), 1);
	assert_int_equal(xp_count(f, "//s:g[s:title='预计 2025：139']/s:line[@stroke-dasharray='2 3']"), 1);
	/* Per-point tooltips (default text), 14 finite points. */
	assert_int_equal(xp_count(f, "//s:g[s:title='2021: 110']"), 1);
	assert_int_equal(xp_count(f, "//s:g[starts-with(s:title, '20')]"), 14);
	assert_int_equal(xp_count(f, "//s:g[s:title='2021: 47']"), 0);
	/* The legend names all three series and the overlays; years up to the target's. */
	assert_int_equal(xp_count(f, "//s:text[.='株洲']"), 1);
	assert_int_equal(xp_count(f, "//s:text[.='预测']"), 1);
	assert_int_equal(xp_count(f, "//s:text[.='2025']"), 1);
	assert_int_equal(xp_count(f, "//s:text[.='家']"), 1);
	/* The y axis starts at zero and covers the target. */
	assert_int_equal(xp_count(f, "//s:text[@text-anchor='end' and .='0']"), 1);
	assert_int_equal(xp_count(f, "//s:text[@text-anchor='end' and .='150']"), 1);
}

static void test_chart_line_rank_axis_inverted(void **state)
{
	struct fixture *f = *state;
	static const double ranks[] = {10, 7, 4, 2, 1};
	static const char *const tips[] = {"r10", "r7", "r4", "r2", "r1"};
	struct chart_series s = {.label = "长沙", .xs = years, .ys = ranks, .tips = tips, .n = 5};
	struct chart_line_spec sp = {.id = "rank", .title = "创新型城市排名", .w = 480, .h = 260, .lang = LANG_ZH,
		.series = &s, .n_series = 1, .is_rank_axis = 1};
	chart_line(f->arena, &f->svg.canvas, &sp);
	parse(f);
	double y1 = xp_number(f, "//s:g[s:title='r1']/s:circle/@cy");
	double y10 = xp_number(f, "//s:g[s:title='r10']/s:circle/@cy");
	assert_true(isfinite(y1) && isfinite(y10));
	assert_true(y1 < y10);
	/* Whole-number labels, 1 at the top of the label column. */
	double top1 = xp_number(f, "//s:text[@text-anchor='end' and .='1']/@y");
	double top10 = xp_number(f, "//s:text[@text-anchor='end' and .='10']/@y");
	assert_true(top1 < top10);
	assert_int_equal(xp_count(f, "//s:text[contains(., '.')]"), 0);
	/* One series: no legend. */
	assert_int_equal(xp_count(f, "//s:text[.='长沙']"), 0);
}

static void test_chart_line_wan_labels(void **state)
{
	struct fixture *f = *state;
	static const double v[] = {12000, 18000, 21000, 26000, 30500};
	struct chart_series s = {.label = "营业收入", .xs = years, .ys = v, .n = 5};
	struct chart_line_spec sp = {.id = "rev", .title = "营业收入", .w = 480, .h = 260, .lang = LANG_ZH,
		.unit = "亿元", .series = &s, .n_series = 1};
	chart_line(f->arena, &f->svg.canvas, &sp);
	parse(f);
	assert_int_equal(xp_count(f, "//s:text[.='1万']"), 1);
	assert_int_equal(xp_count(f, "//s:text[.='3万']"), 1);
	assert_int_equal(xp_count(f, "//s:text[.='亿元']"), 1);
	assert_int_equal(xp_count(f, "//s:text[contains(., '000')]"), 0);

	buf_reset(&f->out);
	sp.lang = LANG_EN;
	sp.unit = "100 million yuan";
	chart_line(f->arena, &f->svg.canvas, &sp);
	parse(f);
	assert_int_equal(xp_count(f, "//s:text[.='10k']"), 1);
	assert_int_equal(xp_count(f, "//s:text[.='30k']"), 1);
	assert_int_equal(xp_count(f, "//s:text[contains(., '万')]"), 0);
}

static void test_chart_line_monthly_and_negative(void **state)
{
	struct fixture *f = *state;
	double xs[18], ys[18];
	for (int i = 0; i < 18; i++) {
		char period[16];
		snprintf(period, sizeof(period), "%d-%02d", 2024 + i / 12, i % 12 + 1); /* 2024-01 .. 2025-06 */
		xs[i] = chart_period_x(period);
		ys[i] = -3.5 + 0.6 * i;
	}
	struct chart_series s = {.xs = xs, .ys = ys, .n = 18};
	struct chart_line_spec sp = {.id = "m", .title = "增速", .w = 400, .h = 240, .lang = LANG_ZH, .unit = "%",
		.series = &s, .n_series = 1};
	chart_line(f->arena, &f->svg.canvas, &sp);
	parse(f);
	assert_int_equal(xp_count(f, "//s:g[s:title='2025-07: 6.7']"), 0);
	assert_int_equal(xp_count(f, "//s:g[s:title='2024-07: 0.1']"), 1);
	assert_int_equal(xp_count(f, "//s:g[s:title='2025-06: 6.7']"), 1);
	/* Zero is inside the axis: its grid line is drawn as an axis line, labelled "0". */
	assert_int_equal(xp_count(f, "//s:text[.='0']"), 1);
	assert_int_equal(xp_count(f, "//s:text[.='-5']"), 1);
	assert_int_equal(xp_count(f, "//s:text[.='10']"), 1);
	assert_int_equal(xp_count(f, "//s:text[.='2024']"), 1);
}

/* 432 months in a 400-pixel chart: the markers would overlap, so the latest alone is marked
 * (with its tooltip) and the line carries the rest; the drawing stays small whatever the data. */
static void test_chart_line_dense_marks_the_latest(void **state)
{
	struct fixture *f = *state;
	double xs[432], ys[432];
	for (int i = 0; i < 432; i++) {
		char period[16];
		snprintf(period, sizeof(period), "%d-%02d", 1990 + i / 12, i % 12 + 1); /* 1990-01 .. 2025-12 */
		xs[i] = chart_period_x(period);
		ys[i] = 100 + i % 7;
	}
	struct chart_series s = {.xs = xs, .ys = ys, .n = 432};
	struct chart_line_spec sp = {.id = "d", .title = "月度", .w = 400, .h = 240, .lang = LANG_ZH, .unit = "家",
		.series = &s, .n_series = 1};
	chart_line(f->arena, &f->svg.canvas, &sp);
	parse(f);
	assert_int_equal(xp_count(f, "//s:circle"), 1);
	assert_int_equal(xp_count(f, "//s:g[s:title='2025-12: 104']"), 1); /* 100 + 431 % 7 */
	assert_int_equal(xp_count(f, "//s:g[s:title='2025-11: 103']"), 0);
	assert_true(f->out.len < 40000);
}

static void test_chart_line_empty(void **state)
{
	struct fixture *f = *state;
	static const double none[] = {NAN};
	struct chart_series s = {.label = "长沙", .xs = years, .ys = none, .n = 1};
	struct chart_line_spec sp = {.id = "e", .title = "研发投入", .w = 320, .h = 200, .lang = LANG_ZH,
		.series = &s, .n_series = 1, .has_target = 1, .target_x = 2025, .target_y = 3, .empty_text = "暂无数据"};
	chart_line(f->arena, &f->svg.canvas, &sp);
	parse(f);
	assert_int_equal(xp_count(f, "//s:text[.='暂无数据']"), 1);
	assert_int_equal(xp_count(f, "//s:polyline"), 0);
	assert_int_equal(xp_count(f, "//s:polygon"), 0);

	buf_reset(&f->out);
	sp.n_series = 0;
	chart_line(f->arena, &f->svg.canvas, &sp);
	parse(f);
	assert_int_equal(xp_count(f, "//s:text[.='暂无数据']"), 1);
}

/* ---- small multiples ---- */

static void test_chart_small_multiples_shared_scale(void **state)
{
	struct fixture *f = *state;
	static const double cs[] = {100, 120, 140, 150, 170}, zz[] = {40, 60, 100, 90, 95}, xt[] = {20, 25, 30, 35, 38};
	static const char *const cs_tips[] = {"cs0", "cs1", "cs2", "cs3", "cs4"};
	static const char *const zz_tips[] = {"zz0", "zz1", "zz2", "zz3", "zz4"};
	struct chart_panel panels[] = {
		{.title = "长沙", .series = {.xs = years, .ys = cs, .tips = cs_tips, .n = 5}, .has_target = 1,
			.target_x = 2025, .target_y = 200, .target_tip = "目标 2025：≥ 200"},
		{.title = "株洲", .series = {.xs = years, .ys = zz, .tips = zz_tips, .n = 5}},
		{.title = "湘潭", .series = {.xs = years, .ys = xt, .n = 5}},
		{.title = "衡阳", .series = {.xs = years, .ys = xt, .n = 0}},
	};
	struct chart_multiples_spec sp = {.id = "sm", .title = "各市对比", .lang = LANG_ZH, .unit = "亿元",
		.panels = panels, .n_panels = 4, .cols = 3, .panel_w = 200, .panel_h = 150, .empty_text = "暂无数据"};
	chart_small_multiples(f->arena, &f->svg.canvas, &sp);
	parse(f);
	assert_true(xp_number(f, "/s:svg/@width") == 600);
	assert_true(xp_number(f, "/s:svg/@height") == 320);
	assert_int_equal(xp_count(f, "//s:polyline"), 3);
	assert_int_equal(xp_count(f, "//s:g[s:title='长沙']/s:text[.='长沙']"), 1);
	assert_int_equal(xp_count(f, "//s:g[s:title='湘潭']"), 1);
	assert_int_equal(xp_count(f, "//s:text[.='暂无数据']"), 1);
	assert_int_equal(xp_count(f, "//s:g[s:title='目标 2025：≥ 200']/s:polygon"), 1);
	/* One y scale: 长沙 2021 and 株洲 2022 are both 100 and sit on the same row. */
	double y_cs = xp_number(f, "//s:g[s:title='cs0']/s:circle/@cy");
	double y_zz = xp_number(f, "//s:g[s:title='zz2']/s:circle/@cy");
	assert_true(fabs(y_cs - y_zz) < 0.011);
	/* Labels on the first column of each row only: the top tick labelled twice (2 rows). */
	assert_int_equal(xp_count(f, "//s:text[.='200']"), 2);
}

/* ---- bar chart ---- */

static void test_chart_bar_values_and_reference(void **state)
{
	struct fixture *f = *state;
	struct chart_bar_item items[] = {
		{.label = "长沙", .value = 1250000, .is_highlight = 1},
		{.label = "株洲", .value = 480000},
		{.label = "湘潭 <&>", .value = 36000, .value_text = "3.6万 家"},
		{.label = "衡阳", .value = NAN},
	};
	struct chart_bar_spec sp = {.id = "bar", .title = "各市营业收入", .w = 480, .lang = LANG_ZH, .unit = "万元",
		.items = items, .n_items = 4, .has_reference = 1, .reference = 1000000, .reference_label = "目标 100万"};
	assert_true(chart_bar_height(&sp) == 22 + 4 * 24 + 24);
	chart_bar(f->arena, &f->svg.canvas, &sp);
	parse(f);
	assert_true(xp_number(f, "/s:svg/@height") == chart_bar_height(&sp));
	assert_int_equal(xp_count(f, "//s:rect"), 3);
	assert_int_equal(xp_count(f, "//s:rect[@fill='#0b5cad']"), 1);
	assert_int_equal(xp_count(f, "//s:text[.='125万']"), 1);
	assert_int_equal(xp_count(f, "//s:text[.='48万']"), 1);
	assert_int_equal(xp_count(f, "//s:text[.='3.6万 家']"), 1);
	assert_int_equal(xp_count(f, "//s:text[.='–']"), 1);
	assert_int_equal(xp_count(f, "//s:g[s:title='湘潭 <&>: 3.6万 家']"), 1);
	assert_int_equal(xp_count(f, "//s:g[s:title='目标 100万']/s:line[@stroke-dasharray='4 3']"), 1);
	/* Bars are proportional: 长沙's is 1250000 / 480000 times 株洲's. */
	double w_cs = xp_number(f, "//s:g[s:title='长沙: 125万']/s:rect/@width");
	double w_zz = xp_number(f, "//s:g[s:title='株洲: 48万']/s:rect/@width");
	assert_true(fabs(w_cs / w_zz - 1250000.0 / 480000.0) < 0.01);

	buf_reset(&f->out);
	sp.n_items = 0;
	sp.empty_text = "暂无数据";
	chart_bar(f->arena, &f->svg.canvas, &sp);
	parse(f);
	assert_int_equal(xp_count(f, "//s:text[.='暂无数据']"), 1);
}

/* ---- sparkline ---- */

static void test_chart_sparkline_sizes(void **state)
{
	struct fixture *f = *state;
	static const double v[] = {3, 5, 4, 8, 7};
	chart_sparkline(f->arena, &f->svg.canvas, "sp1", v, 5, 80, 20, "近五年 <趋势>");
	parse(f);
	assert_int_equal(xp_count(f, "//s:polyline"), 1);
	assert_int_equal(xp_count(f, "//s:circle"), 1);
	assert_true(xp_number(f, "//s:circle/@cx") == 76.5);
	char t[64];
	xp_string(f, "/s:svg/s:title", t, sizeof(t));
	assert_string_equal(t, "近五年 <趋势>");

	buf_reset(&f->out);
	chart_sparkline(f->arena, &f->svg.canvas, "sp2", v, 1, 80, 20, "一个值");
	parse(f);
	assert_int_equal(xp_count(f, "//s:polyline"), 0);
	assert_int_equal(xp_count(f, "//s:circle"), 1);

	buf_reset(&f->out);
	chart_sparkline(f->arena, &f->svg.canvas, "sp3", NULL, 0, 80, 20, "无数据");
	parse(f);
	assert_int_equal(xp_count(f, "//s:circle"), 0);
	assert_int_equal(xp_count(f, "//s:line"), 1);
}

/* ---- progress bar ---- */

static void test_chart_progress_bar_clips(void **state)
{
	struct fixture *f = *state;
	chart_progress_bar(&f->svg.canvas, "pb1", 200, 16, 1.37, 0.8, CHART_ROLE_OK, "完成 137%，时间进度 80%");
	parse(f);
	assert_int_equal(xp_count(f, "//s:text[.='≥100%']"), 1);
	double track = xp_number(f, "//s:rect[1]/@width");
	double fill = xp_number(f, "//s:rect[@fill='#1a7f37']/@width");
	assert_true(fabs(track - fill) < 0.011);
	double tick_x = xp_number(f, "//s:line[@stroke='#1b1f23']/@x1");
	assert_true(fabs(tick_x - (0.5 + 0.8 * track)) < 0.011);
	char t[128];
	xp_string(f, "/s:svg/s:title", t, sizeof(t));
	assert_string_equal(t, "完成 137%，时间进度 80%");

	buf_reset(&f->out);
	chart_progress_bar(&f->svg.canvas, "pb2", 200, 16, -0.2, NAN, CHART_ROLE_BAD, "完成 -20%");
	parse(f);
	assert_int_equal(xp_count(f, "//s:text[.='<0%']"), 1);
	assert_int_equal(xp_count(f, "//s:line | //s:path"), 0); /* no fill, so no stripes; no tick */

	buf_reset(&f->out);
	chart_progress_bar(&f->svg.canvas, "pb3", 200, 16, 0.634, 0.5, CHART_ROLE_WARN, "完成 63%");
	parse(f);
	assert_int_equal(xp_count(f, "//s:text[.='63%']"), 1);
	/* Hatched for greyscale: one path of stripes, each inside the filled part of the bar. */
	char d[2048];
	xp_string(f, "//s:path[@stroke='#9a6700']/@d", d, sizeof(d));
	int n_stripes = 0;
	double fill_w = xp_number(f, "//s:rect[@fill='#f3ead6']/@width");
	for (const char *p = strchr(d, 'M'); p; p = strchr(p + 1, 'M')) {
		double x1, y1, x2, y2;
		assert_int_equal(sscanf(p, "M%lf %lfL%lf %lf", &x1, &y1, &x2, &y2), 4);
		assert_true(x1 >= 0.5 && x1 <= 0.5 + fill_w + 0.01 && x2 >= 0.5 && x2 <= 0.5 + fill_w + 0.01);
		assert_true(y1 >= 3.5 - 0.01 && y1 <= 12.5 + 0.01 && y2 >= 3.5 - 0.01 && y2 <= 12.5 + 0.01);
		n_stripes++;
	}
	assert_true(n_stripes > 20);
	assert_int_equal(xp_count(f, "//s:rect[@fill='#9a6700']"), 0);

	buf_reset(&f->out);
	chart_progress_bar(&f->svg.canvas, "pb4", 200, 16, 0.634, 0.5, CHART_ROLE_BAD, "完成 63%");
	parse(f);
	assert_int_equal(xp_count(f, "//s:rect[@fill='#b42318']"), 1);
	assert_int_equal(xp_count(f, "//s:path[@stroke='#ffffff' and @fill='none']"), 1);
}

/* Whatever numbers arrive (huge, infinite, NaN, denormal), every chart stays well-formed SVG
 * without "nan" or "inf" (parse checks both). */
static void test_chart_hostile_numbers(void **state)
{
	struct fixture *f = *state;
	static const double xs[] = {2019.5, NAN, 2021.5, INFINITY, 1e300};
	static const double ys[] = {1e300, 5e300, -INFINITY, 4.9e-324, NAN};
	struct chart_series s = {.label = "x", .xs = xs, .ys = ys, .n = 5};
	struct chart_line_spec sp = {.id = "h", .title = "t", .w = 300, .h = 200, .series = &s, .n_series = 1,
		.has_target = 1, .target_x = NAN, .target_y = 1, .has_path = 1, .path_x0 = INFINITY,
		.has_projection = 1, .projection_x = 2025, .projection_y = -1e308};
	chart_line(f->arena, &f->svg.canvas, &sp);
	parse(f);
	sp.is_rank_axis = 1;
	buf_reset(&f->out);
	chart_line(f->arena, &f->svg.canvas, &sp);
	parse(f);
	static const double far[] = {1e17, 1e17};
	struct chart_series fs = {.xs = far, .ys = far, .n = 2};
	struct chart_line_spec fsp = {.id = "f", .title = "t", .w = 300, .h = 200, .series = &fs, .n_series = 1};
	buf_reset(&f->out);
	chart_line(f->arena, &f->svg.canvas, &fsp);
	parse(f);
	struct chart_bar_item items[] = {{.label = "a", .value = INFINITY}, {.label = "b", .value = -1e308}};
	struct chart_bar_spec bs = {.id = "hb", .title = "t", .w = 300, .items = items, .n_items = 2, .has_reference = 1,
		.reference = NAN};
	buf_reset(&f->out);
	chart_bar(f->arena, &f->svg.canvas, &bs);
	parse(f);
	static const double sv[] = {NAN, 1e308, -1e308};
	buf_reset(&f->out);
	chart_sparkline(f->arena, &f->svg.canvas, "hs", sv, 3, 80, 20, "t");
	parse(f);
	buf_reset(&f->out);
	chart_progress_bar(&f->svg.canvas, "hp", 160, 16, NAN, INFINITY, (enum chart_role)99, NULL);
	parse(f);
	assert_int_equal(xp_count(f, "//s:text[.='–']"), 1);
}

/* ---- the time axis ---- */

static void test_chart_period_x_middles(void **state)
{
	(void)state;
	assert_true(fabs(chart_period_x("2024") - 2024.5) < 1e-9);
	assert_true(fabs(chart_period_x("2024Q3") - 2024.625) < 1e-9);
	assert_true(fabs(chart_period_x("2025-07") - (2025 + 13.0 / 24)) < 1e-9);
	assert_true(fabs(chart_period_x("2025-01") - (2025 + 1.0 / 24)) < 1e-9);
	assert_true(isnan(chart_period_x("July")));
	assert_true(isnan(chart_period_x(NULL)));
	assert_true(fabs(chart_year_x(2025) - 2025.5) < 1e-9);
	/* a period_time (the end of year Y is Y) back to the middle of its period */
	static const char *const periods[] = {"2024", "2025-07"};
	assert_true(fabs(chart_time_x(2024.0, periods, 2) - 2024.5) < 1e-9);
	assert_true(fabs(chart_time_x(2024 + 7.0 / 12, periods, 2) - chart_period_x("2025-07")) < 1e-9);
	assert_true(fabs(chart_time_x(2019.0, periods, 2) - 2019.5) < 1e-9);
}

/* A July figure sits inside its own year, beside that year's annual figure and under that
 * year's label: not a year early. */
static void test_chart_line_july_in_its_year(void **state)
{
	struct fixture *f = *state;
	static const char *const periods[] = {"2023", "2024", "2025-07"};
	static const char *const tips[] = {"y2023", "y2024", "m2025-07"};
	double xs[3], ys[] = {10, 12, 7};
	for (int i = 0; i < 3; i++)
		xs[i] = chart_period_x(periods[i]);
	struct chart_series s = {.label = "s", .xs = xs, .ys = ys, .tips = tips, .n = 3, .periods = periods};
	struct chart_line_spec sp = {.id = "t", .title = "t", .w = 480, .h = 240, .lang = LANG_ZH, .series = &s,
		.n_series = 1};
	chart_line(f->arena, &f->svg.canvas, &sp);
	parse(f);
	double x23 = xp_number(f, "//s:g[s:title='y2023']/s:circle/@cx");
	double x24 = xp_number(f, "//s:g[s:title='y2024']/s:circle/@cx");
	double x25 = xp_number(f, "//s:g[s:title='m2025-07']/s:circle/@cx");
	double l23 = xp_number(f, "//s:text[.='2023']/@x"), l24 = xp_number(f, "//s:text[.='2024']/@x");
	double l25 = xp_number(f, "//s:text[.='2025']/@x");
	double year_px = l25 - l24;
	assert_true(year_px > 20);
	/* an annual figure stands over its label; July just past the middle of its year */
	assert_true(fabs(x23 - l23) < 0.5 && fabs(x24 - l24) < 0.5);
	assert_true(x25 > l25 && x25 < l25 + year_px / 2);
	/* the default tooltip names the period given, not one guessed from x */
	s.tips = NULL;
	buf_reset(&f->out);
	chart_line(f->arena, &f->svg.canvas, &sp);
	parse(f);
	assert_int_equal(xp_count(f, "//s:g[s:title='2025-07: 7']"), 1);
	assert_int_equal(xp_count(f, "//s:g[s:title='2024: 12']"), 1);
}

/* Amounts start at zero unless the page says the axis is fitted to the data. */
static void test_chart_line_amounts_from_zero(void **state)
{
	struct fixture *f = *state;
	static const double v[] = {1000, 1040, 1090, 1120, 1180};
	struct chart_series s = {.label = "v", .xs = years, .ys = v, .n = 5};
	struct chart_line_spec sp = {.id = "z", .title = "z", .w = 480, .h = 260, .lang = LANG_ZH, .series = &s,
		.n_series = 1};
	chart_line(f->arena, &f->svg.canvas, &sp);
	parse(f);
	assert_int_equal(xp_count(f, "//s:text[@text-anchor='end' and .='0']"), 1);
	sp.is_zoomed = 1;
	buf_reset(&f->out);
	chart_line(f->arena, &f->svg.canvas, &sp);
	parse(f);
	assert_int_equal(xp_count(f, "//s:text[@text-anchor='end' and .='0']"), 0);
	assert_int_equal(xp_count(f, "//s:text[@text-anchor='end' and .='1,000']"), 1);
}

/* A rank axis reads top-down from 1 without crowding: 1, 4, 6, 8, 10 rather than 1, 2, 4. */
static void test_chart_line_rank_ticks_from_one(void **state)
{
	struct fixture *f = *state;
	static const double ranks[] = {8, 8, 9, 10, 8};
	struct chart_series s = {.label = "r", .xs = years, .ys = ranks, .n = 5};
	struct chart_line_spec sp = {.id = "r", .title = "r", .w = 480, .h = 260, .lang = LANG_ZH, .series = &s,
		.n_series = 1, .is_rank_axis = 1};
	chart_line(f->arena, &f->svg.canvas, &sp);
	parse(f);
	assert_int_equal(xp_count(f, "//s:text[@text-anchor='end' and .='1']"), 1);
	assert_int_equal(xp_count(f, "//s:text[@text-anchor='end' and .='2']"), 0);
	assert_int_equal(xp_count(f, "//s:text[@text-anchor='end' and .='10']"), 1);
	double y1 = xp_number(f, "//s:text[@text-anchor='end' and .='1']/@y");
	double y10 = xp_number(f, "//s:text[@text-anchor='end' and .='10']/@y");
	assert_true(y1 < y10);
}

/* ---- golden ---- */

static char *read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *p = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n + 4096 > cap) {
			cap = cap ? cap * 2 : 8192;
			char *q = realloc(p, cap);
			if (!q)
				break;
			p = q;
		}
		size_t got = fread(p + n, 1, cap - n - 1, fp);
		n += got;
		if (got == 0)
			break;
	}
	fclose(fp);
	if (p)
		p[n] = '\0';
	*len = n;
	return p;
}

static void test_chart_line_golden(void **state)
{
	struct fixture *f = *state;
	static const double x[] = {2019.5, 2020.5, 2021.5, 2022.5, 2023.5, 2024.5};
	static const double cs[] = {4120, 4860, 5410, 6180, 7020, 7650};
	static const double zz[] = {1530, 1720, 1950, 2080, 2310, 2460};
	static const double xt[] = {980, 1100, 1240, 1390, 1460, 1610};
	struct chart_series series[] = {
		{.label = "长沙", .xs = x, .ys = cs, .n = 6},
		{.label = "株洲", .xs = x, .ys = zz, .n = 6},
		{.label = "湘潭", .xs = x, .ys = xt, .n = 6},
	};
	struct chart_line_spec sp = {
		.id = "golden", .title = "高新技术产业增加值", .desc = "长株潭三市，2019–2024年，目标2025年", .w = 640, .h = 320,
		.lang = LANG_ZH, .unit = "亿元", .series = series, .n_series = 3,
		.has_target = 1, .target_x = 2025.5, .target_y = 9000, .target_tip = "目标 2025：≥ 9,000 亿元",
		.target_label = "目标",
		.has_path = 1, .path_x0 = 2019.5, .path_y0 = 4120, .path_x1 = 2025.5, .path_y1 = 9000, .path_label = "所需路径",
		.has_projection = 1, .projection_x = 2025.5, .projection_y = 8420, .projection_tip = "预计 2025：8,420 亿元",
		.projection_label = "预测",
	};
	chart_line(f->arena, &f->svg.canvas, &sp);
	parse(f);
	const char *root = getenv("INNOMON_SOURCE_ROOT");
	char path[1024];
	snprintf(path, sizeof(path), "%s/tests/golden/chart_line.svg", root ? root : ".");
	const char *write = getenv("INNOMON_GOLDEN_WRITE");
	if (write && strcmp(write, "1") == 0) {
		FILE *fp = fopen(path, "wb");
		assert_non_null(fp);
		assert_int_equal(fwrite(f->out.p, 1, f->out.len, fp), f->out.len);
		assert_int_equal(fclose(fp), 0);
		return;
	}
	size_t len = 0;
	char *want = read_all(path, &len);
	assert_non_null(want);
	const char *got = buf_str(&f->out);
	if (strcmp(want, got) != 0) {
		size_t i = 0, line = 1;
		for (; want[i] && want[i] == got[i]; i++)
			line += want[i] == '\n';
		print_error("chart_line differs from %s at line %zu (rerun with INNOMON_GOLDEN_WRITE=1 if the change is "
			"meant)\n", path, line);
	}
	int is_same = strcmp(want, got) == 0;
	free(want);
	assert_true(is_same);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chart_nice_ticks_ranges),
		cmocka_unit_test(test_chart_nice_ticks_zero_span),
		cmocka_unit_test(test_chart_nice_ticks_cover),
		cmocka_unit_test(test_chart_format_compact_zh),
		cmocka_unit_test(test_chart_format_compact_en),
		cmocka_unit_test(test_canvas_svg_text_width),
		cmocka_unit_test_setup_teardown(test_canvas_svg_escapes_and_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_line_series_target_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_line_rank_axis_inverted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_line_wan_labels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_line_monthly_and_negative, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_line_dense_marks_the_latest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_line_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_small_multiples_shared_scale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_bar_values_and_reference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_sparkline_sizes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_progress_bar_clips, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_hostile_numbers, setup, teardown),
		cmocka_unit_test(test_chart_period_x_middles),
		cmocka_unit_test_setup_teardown(test_chart_line_july_in_its_year, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_line_amounts_from_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_line_rank_ticks_from_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_line_golden, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
