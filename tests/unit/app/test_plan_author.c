/* test_plan_author.c - unit tests of app/plan_author.h and the plan workbook (ingest/plan_load.h
 * plan_parse_xlsx): the template loads as it is (Chinese sheets and headers) and only an admin
 * gets it; every header of a part is unique; a broken workbook lists every problem at once, each
 * with its sheet, row and column, in workbook order (an unknown sheet, a part given twice, a
 * missing sheet, a bad cell, a reference to nothing); an upload kept, previewed and created as
 * a draft, created once only; a code in force refused; the same code of a draft its next
 * version; refusals of rights write nothing. Workbooks are made in memory (zip_parts). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "app/plan.h"
#include "app/plan_author.h"
#include "app_fixture.h"
#include "ingest/plan_load.h"
#include "ingest/xlsx.h"
#include "zip_parts.h"
#include "base/banned.h"

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"

static struct app_fixture fx;

static int group_setup(void **state)
{
	(void)state;
	xlsx_global_init();
	return app_fixture_group_setup(&fx);
}

static int group_teardown(void **state)
{
	(void)state;
	app_fixture_group_teardown(&fx);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	return app_fixture_setup(&fx, "app-plan-author", NULL);
}

static int teardown(void **state)
{
	(void)state;
	app_fixture_teardown(&fx);
	return 0;
}

/* A sheet as text: rows split by '\n', cells by '|'. */
struct sheet_text {
	const char *name, *rows;
};

/* A workbook of the sheets (inline strings), heap memory of *len bytes: free() it. */
static unsigned char *workbook(const struct sheet_text *sheets, size_t n, size_t *len)
{
	struct arena *a = fx.arena;
	struct part *parts = arena_calloc(a, n + 4, sizeof(*parts));
	struct buf wb, rels;
	buf_init(&wb, 0), buf_init(&rels, 0);
	for (size_t i = 0; i < n; i++) {
		bwf(&wb, "<sheet name=\"%s\" sheetId=\"%zu\" r:id=\"rId%zu\"/>", sheets[i].name, i + 1, i + 1);
		bwf(&rels, "<Relationship Id=\"rId%zu\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet%zu.xml\"/>", i + 1,
		    i + 1);
		struct buf x;
		buf_init(&x, 0);
		int row = 1, col = 0;
		bw(&x, "<row r=\"1\">");
		for (const char *c = sheets[i].rows; *c;) {
			size_t len_cell = strcspn(c, "|\n");
			if (len_cell)
				bwf(&x, "<c r=\"%c%d\" t=\"inlineStr\"><is><t>%.*s</t></is></c>", 'A' + col, row, (int)len_cell, c);
			c += len_cell;
			if (*c == '|')
				col++, c++;
			else if (*c == '\n') {
				row++, col = 0, c++;
				bwf(&x, "</row><row r=\"%d\">", row);
			}
		}
		bw(&x, "</row>");
		parts[i + 4] = (struct part){arena_printf(a, "xl/worksheets/sheet%zu.xml", i + 1),
					     arena_printf(a, XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>%s</sheetData></worksheet>",
							  buf_str(&x)), 0};
		buf_release(&x);
	}
	parts[0] = (struct part){"[Content_Types].xml",
				 XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
					  "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>", 0};
	parts[1] = (struct part){"_rels/.rels", XML_DECL "<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"rId1\" Type=\"" NS_REL
						"/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>", 0};
	parts[2] = (struct part){"xl/workbook.xml", arena_printf(a, XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL
								     "\"><sheets>%s</sheets></workbook>", buf_str(&wb)), 0};
	parts[3] = (struct part){"xl/_rels/workbook.xml.rels",
				 arena_printf(a, XML_DECL "<Relationships xmlns=\"" NS_PKG "\">%s</Relationships>", buf_str(&rels)), 0};
	buf_release(&wb), buf_release(&rels);
	return zip_parts(parts, n + 4, len);
}

/* A small good plan of code code (in force from 2026 when new), sheets in Chinese. */
static unsigned char *good_plan(const char *code, size_t *len)
{
	struct sheet_text s[] = {
		{"规划", arena_printf(fx.arena, "规划代码|规划名称|印发单位|印发日期|有效期至|目标年份\n%s|测试规划|测试机关|2026-01-01|2030-12-31|2030", code)},
		{"目标", "目标代码|序号|目标名称\nt-goal|1|测试目标"},
		{"地区", "地区代码|地区名称|层级\nt-region|测试省|province"},
		{"责任单位", "单位代码|单位名称|单位类别\nt-unit|测试单位|provincial_dept"},
		{"行动", "行动序号|行动名称"},
		{"举措", "举措序号|所属行动|举措名称|原文"},
		{"责任分工", "举措序号|责任单位|分工|排序"},
		{"指标", "指标代码|指标名称|计量单位|指标方向|指标类型|所属目标|核心指标\nt-ind|测试指标|家|up|reported|t-goal|1"},
		{"目标值", "指标代码|地区代码|目标年份|比较符|目标值\nt-ind|t-region|2030|>=|100"},
	};
	return workbook(s, sizeof(s) / sizeof(s[0]), len);
}

static void test_template_loads_as_it_is(void **state)
{
	(void)state;
	struct buf out;
	buf_init(&out, (size_t)16 << 20);
	assert_int_equal(app_plan_template(app_fixture_as(&fx, WHO_ADMIN), &out), ST_OK);
	assert_true(out.len > 1000);
	struct plan *p;
	struct diag_list d;
	diag_init(&d, fx.arena);
	enum status rc = plan_parse_xlsx(fx.arena, "template.xlsx", out.p, out.len, &p, &d);
	if (rc != ST_OK)
		diag_print(&d, stderr);
	assert_int_equal(rc, ST_OK);
	assert_string_equal(p->info.code, "example-2030");
	assert_int_equal(p->n_indicators, 1);
	assert_int_equal(p->n_targets, 1);
	assert_int_equal(p->n_measures, 1);
	assert_int_equal(p->n_resps, 1);
	assert_int_equal(p->n_rules, 1);
	/* its sheets are named in Chinese and its headers are the Chinese ones */
	const char **names;
	size_t n;
	assert_int_equal(xlsx_sheet_names(fx.arena, "t.xlsx", out.p, out.len, &names, &n, &d), ST_OK);
	assert_int_equal(n, PLAN_N_PARTS);
	assert_string_equal(names[0], "规划");
	assert_string_equal(names[7], "指标");
	struct sheet sh;
	assert_int_equal(sheet_from_xlsx(fx.arena, "t.xlsx", out.p, out.len, "指标", &sh, &d), ST_OK);
	assert_true(sh.n_rows == 2 && sh.rows[0].n_cells >= 3);
	assert_true(str_eq(sh.rows[0].cells[0], "指标代码"));
	assert_true(str_eq(sh.rows[1].cells[0], "indicator-a"));
	buf_release(&out);
	/* the template is the admins' */
	buf_init(&out, 1 << 20);
	assert_int_equal(app_plan_template(app_fixture_as(&fx, WHO_ANALYST), &out), ST_DENIED);
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

static void test_layout_headers_unique(void **state)
{
	(void)state;
	struct plan_part_layout parts[PLAN_N_PARTS];
	assert_int_equal(plan_layout(parts, PLAN_N_PARTS), PLAN_N_PARTS);
	for (size_t k = 0; k < PLAN_N_PARTS; k++) {
		const char *seen[128];
		size_t n = 0;
		for (size_t c = 0; c < parts[k].n_cols; c++) {
			seen[n++] = parts[k].cols[c].name;
			for (const char *const *a = parts[k].cols[c].aliases; a && *a; a++)
				seen[n++] = *a;
			assert_true(parts[k].cols[c].aliases && parts[k].cols[c].aliases[0]); /* a Chinese header for the template */
		}
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++)
				if (strcasecmp(seen[i], seen[j]) == 0)
					fail_msg("%s: header '%s' names two columns", parts[k].file, seen[i]);
	}
	assert_string_equal(parts[8].sheet_zh, "目标值");
	assert_string_equal(parts[8].sheet_en, "targets");
}

static int has(const struct diag_list *d, const char *sheet, long line, int col, const char *code)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *x = &d->items[i];
		if (strcmp(x->code, code) == 0 && x->line == line && x->col == col &&
		    ((!sheet && !x->sheet) || (sheet && x->sheet && strcmp(sheet, x->sheet) == 0)))
			return 1;
	}
	return 0;
}

static void test_broken_workbook_every_problem(void **state)
{
	(void)state;
	struct sheet_text s[] = {
		{"规划", "code|title_zh|issuer_zh|issued|valid_until|target_year\nt-plan|测试规划|测试机关|2026-01-01|2030-12-31|20x0"},
		{"目标", "code|number|name_zh\nt-goal|1|测试目标"},
		{"goals", "code|number|name_zh\nt-goal|1|测试目标"},          /* the same part twice */
		{"责任单位", "code|name_zh|kind\nt-unit|测试单位|provincial_dept"},
		{"行动", "number|title_zh"},
		{"举措", "number|action|title_zh|text_zh"},
		{"责任分工", "measure|unit|role|position"},
		{"指标", "code|name_zh|unit_zh|direction|kind|goal|headline\nt-ind|测试指标|家|sideways|reported|t-goal|1"},
		{"目标值", "indicator|region|year|comparator|value\nt-ind|t-region|2030|>=|100\nno-ind|t-region|2030|>=|5"},
		{"指标表", "whatever"},                                      /* a typo of a sheet */
	};                                                                   /* and no 地区 at all */
	size_t len;
	unsigned char *data = workbook(s, sizeof(s) / sizeof(s[0]), &len);
	struct plan *p;
	struct diag_list d;
	diag_init(&d, fx.arena);
	assert_int_equal(plan_parse_xlsx(fx.arena, "broken.xlsx", data, len, &p, &d), ST_INVALID);
	assert_null(p);
	if (!(has(&d, "goals", 0, 0, "duplicate_sheet") && has(&d, "指标表", 0, 0, "unknown_sheet") &&
	      has(&d, NULL, 0, 0, "missing_sheet") && has(&d, "规划", 2, 6, "bad_number") && has(&d, "指标", 2, 4, "bad_value") &&
	      has(&d, "目标值", 3, 1, "unknown_reference"))) {
		diag_print(&d, stderr);
		fail_msg("a problem is missing or misplaced");
	}
	for (size_t i = 0; i < d.n; i++)
		assert_string_equal(d.items[i].file, "broken.xlsx");
	/* sheet by sheet in workbook order, rows in order */
	long last_line = -1;
	const char *last_sheet = "";
	for (size_t i = 0; i < d.n; i++)
		if (d.items[i].sheet && strcmp(d.items[i].sheet, "目标值") == 0) {
			if (strcmp(last_sheet, "目标值") == 0)
				assert_true(d.items[i].line >= last_line);
			last_sheet = "目标值", last_line = d.items[i].line;
		}
	free(data);
	/* not a workbook at all */
	diag_init(&d, fx.arena);
	assert_int_equal(plan_parse_xlsx(fx.arena, "x.xlsx", "plain text", 10, &p, &d), ST_INVALID);
	assert_true(d.n == 1 && strcmp(d.items[0].code, "bad_xlsx") == 0);
}

static int n_versions(const char *code)
{
	struct plan_version_row *rows;
	size_t n, k = 0;
	assert_int_equal(store_plan_versions(fx.store, fx.arena, &rows, &n), ST_OK);
	for (size_t i = 0; i < n; i++)
		k += strcmp(rows[i].code, code) == 0;
	return (int)k;
}

static void test_author_flow(void **state)
{
	(void)state;
	size_t len;
	unsigned char *data = good_plan("t-plan", &len);
	struct plan_author_result res;
	/* rights first: an analyst keeps nothing */
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_plan_author_check(app_fixture_as(&fx, WHO_ANALYST), "t.xlsx", data, len, 1, &res, &fx.errs), ST_DENIED);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* checked without keeping: nothing written */
	assert_int_equal(app_plan_author_check(app_fixture_as(&fx, WHO_ADMIN), "t.xlsx", data, len, 0, &res, &fx.errs), ST_OK);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	assert_true(res.plan && !res.is_new_version && res.upload_id == 0);
	/* kept, previewed, created as a draft, once */
	assert_int_equal(app_plan_author_check(app_fixture_as(&fx, WHO_ADMIN), "t.xlsx", data, len, 1, &res, &fx.errs), ST_OK);
	long long id = res.upload_id;
	assert_true(id > 0);
	assert_int_equal(app_plan_author_upload(app_fixture_as(&fx, WHO_ADMIN), id, 0, &res, &fx.errs), ST_OK);
	assert_string_equal(res.plan->info.code, "t-plan");
	assert_int_equal(n_versions("t-plan"), 0);
	assert_int_equal(app_plan_author_upload(app_fixture_as(&fx, WHO_ANALYST), id, 1, &res, &fx.errs), ST_DENIED);
	assert_int_equal(app_plan_author_upload(app_fixture_as(&fx, WHO_ADMIN), id, 1, &res, &fx.errs), ST_OK);
	assert_int_equal(res.version, 1);
	struct plan *p;
	assert_int_equal(store_plan_get(fx.store, fx.arena, "t-plan", 0, &p), ST_OK);
	assert_int_equal(p->info.status, PLAN_STATUS_DRAFT);
	assert_int_equal(app_plan_author_upload(app_fixture_as(&fx, WHO_ADMIN), id, 1, &res, &fx.errs), ST_CONFLICT);
	assert_int_equal(app_plan_author_upload(app_fixture_as(&fx, WHO_ADMIN), id + 100, 0, &res, &fx.errs), ST_NOT_FOUND);
	/* the same code again: the draft's next version */
	assert_int_equal(app_plan_author_check(app_fixture_as(&fx, WHO_ADMIN), "t.xlsx", data, len, 0, &res, &fx.errs), ST_OK);
	assert_true(res.is_new_version);
	free(data);
	/* the code of the shipped plan, in force: refused, and said where */
	data = good_plan(fx.shipped->info.code, &len);
	head = app_fixture_audit_head(&fx);
	assert_int_equal(app_plan_author_check(app_fixture_as(&fx, WHO_ADMIN), "t.xlsx", data, len, 1, &res, &fx.errs), ST_INVALID);
	assert_true(has(&fx.errs, "规划", 2, 0, "plan_exists"));
	assert_int_equal(app_fixture_audit_head(&fx), head);
	free(data);
}

/* Only a plan workbook is previewed or created from: an upload of values (CSV, or a workbook of
 * figures), a workbook missing its 规划 sheet or with a sheet no plan has is refused as no plan
 * workbook, alone, and nothing is written. */
static void test_upload_not_a_workbook(void **state)
{
	(void)state;
	size_t len_values, len_goals, len_extra;
	static const char csv[] = "indicator,region,period,value,source\ntech_contract_turnover,changsha,2025,1,test\n";
	struct sheet_text values[] = {{"数据", "indicator|region|period|value|source\ntech_contract_turnover|changsha|2025|1|test"}};
	struct sheet_text goals[] = {{"目标", "目标代码|序号|目标名称\nt-goal|1|测试目标"}};
	unsigned char *xlsx = workbook(values, 1, &len_values), *no_plan = workbook(goals, 1, &len_goals);
	size_t len_good;
	unsigned char *good = good_plan("t-extra", &len_good);
	struct sheet_text extra[] = {{"规划", "规划代码|规划名称|印发单位|印发日期|有效期至|目标年份\nt-x|测试规划|测试机关|2026-01-01|2030-12-31|2030"},
				     {"备注", "说明\n无"}};
	unsigned char *with_extra = workbook(extra, 2, &len_extra);
	const struct {
		const char *name;
		const void *data;
		size_t len;
	} uploads[] = {{"values.csv", csv, sizeof(csv) - 1}, {"values.xlsx", xlsx, len_values}, {"goals.xlsx", no_plan, len_goals},
		       {"extra.xlsx", with_extra, len_extra}};
	for (size_t i = 0; i < sizeof(uploads) / sizeof(uploads[0]); i++) {
		struct upload u = {.user_id = fx.who[WHO_ADMIN].user_id, .created_by = "boss", .file_name = uploads[i].name,
				   .sha256 = "0", .content = uploads[i].data, .content_len = uploads[i].len};
		long long id;
		assert_int_equal(store_upload_add(fx.store, &u, &id), ST_OK);
		long long head = app_fixture_audit_head(&fx);
		for (int is_create = 0; is_create < 2; is_create++) {
			struct plan_author_result res;
			assert_int_equal(app_plan_author_upload(app_fixture_as(&fx, WHO_ADMIN), id, is_create, &res, &fx.errs),
					 ST_INVALID);
			assert_true(res.is_not_workbook);
			assert_null(res.plan);
			assert_int_equal(fx.errs.n, 1);
			assert_true(app_fixture_has_error(&fx, "upload", "not_plan_workbook"));
			assert_string_equal(fx.errs.items[0].key, "author.err.not_workbook");
		}
		assert_int_equal(app_fixture_audit_head(&fx), head);
	}
	/* the plan workbook itself still is one */
	struct plan_author_result res;
	assert_int_equal(app_plan_author_check(app_fixture_as(&fx, WHO_ADMIN), "t.xlsx", good, len_good, 1, &res, &fx.errs), ST_OK);
	assert_int_equal(app_plan_author_upload(app_fixture_as(&fx, WHO_ADMIN), res.upload_id, 0, &res, &fx.errs), ST_OK);
	assert_false(res.is_not_workbook);
	free(xlsx), free(no_plan), free(with_extra), free(good);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_template_loads_as_it_is),
		T(test_layout_headers_unique),
		T(test_broken_workbook_every_problem),
		T(test_author_flow),
		T(test_upload_not_a_workbook),
	};
#undef T
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
