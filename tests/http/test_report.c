/* test_report.c - HTTP tests of the open-data export and the evaluation report downloads through
 * a real socket: a store made by `innomon init`, plus a draft and an approved-but-unpublished
 * revision (imported with the CLI) that the export must never show; `innomon serve --port 0` as
 * a child, libcurl as the client. GET /api/v1/export as CSV, JSON and XLSX (public): the stable
 * columns, every published figure with its provenance, nothing else. GET /reports and
 * /reports/evaluation: sign-in required; a reader's token downloads the PDF and the XLSX.
 * INNOMON_BIN names the binary; INNOMON_SOURCE_ROOT the source tree. */
#include <curl/curl.h>
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/buf.h"
#include "http_util.h"
#include "base/banned.h"

#define N_PUBLISHED 222 /* the shipped figures: 223 rows, one of them a revision */

struct fixture {
	struct ht_env env;
	struct ht_server srv;
	struct ht_cred reader; /* the bearer token of the reader rd */
};

static struct fixture fx;

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static int group_setup(void **state)
{
	(void)state;
	if (ht_env_init(&fx.env, "httprep") != 0)
		return -1;
	if (ht_innomon(&fx.env, NULL, NULL, "init", NULL) != 0)
		return -1;
	/* a draft and an approved revision that is not published: never in the open data */
	char draft[160], approved[160];
	snprintf(draft, sizeof(draft), "%s/draft.csv", fx.env.tmpdir);
	snprintf(approved, sizeof(approved), "%s/approved.csv", fx.env.tmpdir);
	if (write_file(draft, "indicator,region,period,value,source\ntech_contract_turnover,zhuzhou,2024,777.77,draft figure\n") ||
	    write_file(approved, "indicator,region,period,value,source\n"
				 "tech_contract_turnover,xiangtan,2024,888.88,approved figure\n"
				 "tech_contract_turnover,changsha,2019,299.99,a newer approved revision\n"))
		return -1;
	if (ht_innomon(&fx.env, NULL, NULL, "import", "values", draft, "--status", "draft", "--quiet", NULL) != 0 ||
	    ht_innomon(&fx.env, NULL, NULL, "import", "values", approved, "--status", "approved", "--quiet", NULL) != 0 ||
	    ht_innomon(&fx.env, "Reader-pass-12345\n", NULL, "user", "add", "rd", "--role", "reader", "--password-stdin", NULL) != 0)
		return -1;
	struct buf out;
	buf_init(&out, 0);
	int rc = ht_innomon(&fx.env, NULL, &out, "token", "create", "rd", NULL);
	/* the token is its line without a space */
	const char *line = buf_str(&out);
	while (rc == 0 && *line) {
		size_t n = strcspn(line, "\n");
		if (n >= 30 && n < sizeof(fx.reader.bearer) && !memchr(line, ' ', n))
			snprintf(fx.reader.bearer, sizeof(fx.reader.bearer), "%.*s", (int)n, line);
		line += n + (line[n] == '\n');
	}
	buf_release(&out);
	char log_path[160];
	snprintf(log_path, sizeof(log_path), "%s/serve.log", fx.env.tmpdir);
	if (!fx.reader.bearer[0] || ht_server_start(&fx.srv, &fx.env, fx.env.db, NULL, NULL, log_path, 0) != 0)
		return -1;
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	(void)ht_server_stop(&fx.srv);
	curl_global_cleanup();
	ht_env_release(&fx.env);
	return 0;
}

struct answer {
	long status;
	struct buf body;
	char ctype[128];
	char disposition[256];
	char location[256];
};

/* GET path, with the reader's token when with_token; the caller releases a->body. */
static void get(const char *path, int with_token, struct answer *a)
{
	struct ht_request q = {fx.srv.url, "GET", path, with_token ? &fx.reader : NULL, NULL, NULL, NULL, 0, 0};
	struct ht_resp r;
	memset(a, 0, sizeof(*a));
	assert_int_equal(ht_send(&r, &q), CURLE_OK);
	a->status = r.status;
	a->body = r.body;
	snprintf(a->ctype, sizeof(a->ctype), "%s", r.content_type);
	(void)ht_header(&r, "Content-Disposition", a->disposition, sizeof(a->disposition));
	(void)ht_header(&r, "Location", a->location, sizeof(a->location));
	buf_release(&r.headers);
}

static void test_export_csv_published_only(void **state)
{
	(void)state;
	struct answer a;
	get("/api/v1/export?format=csv", 0, &a);
	assert_int_equal(a.status, 200);
	assert_string_equal(a.ctype, "text/csv; charset=utf-8");
	assert_non_null(strstr(a.disposition, "czt-2024-observations.csv"));
	const char *t = buf_str(&a.body);
	const char *head = "\xef\xbb\xbfINDICATOR,INDICATOR_NAME,REF_AREA,REF_AREA_NAME,TIME_PERIOD,FREQ,OBS_VALUE,UNIT_MEASURE,"
			   "OBS_STATUS,OBS_QUALIFIER,SOURCE,SOURCE_URL,REVISION,STATUS,UPDATED_AT,COMMENT,SOURCE_PUBLISHER,"
			   "SOURCE_TITLE,SOURCE_DATE\n";
	assert_memory_equal(t, head, strlen(head));
	size_t lines = 0;
	for (const char *p = t; *p; p++)
		lines += *p == '\n';
	/* quoted sources hold no line breaks in the shipped data: one line per figure */
	assert_int_equal(lines, 1 + N_PUBLISHED);
	/* a published figure with its provenance */
	assert_non_null(strstr(t, "tech_contract_turnover,技术合同成交额,hunan,湖南,2019,A,490.69,亿元,A,,"));
	assert_non_null(strstr(t, "http://hunan.gov.cn/hnszf/hnyw/20180408_sxhy/20/szbm/202001/t20200105_11142034.html,1,published,"));
	assert_non_null(strstr(t, ",2025-07,M,"));
	/* where it was published, at the end of the row */
	assert_non_null(strstr(t, "；数据：湖南省科学技术厅,【湖南省科技厅】2019年全省技术合同成交额同比增长7成多,2020-01-05\n"));
	/* never the draft nor the approved-but-unpublished figures */
	assert_null(strstr(t, "777.77"));
	assert_null(strstr(t, "888.88"));
	assert_null(strstr(t, "299.99"));
	assert_null(strstr(t, ",draft,"));
	assert_null(strstr(t, ",approved,"));
	/* the older published revision of 长沙 2019 is still what the public sees */
	assert_non_null(strstr(t, "tech_contract_turnover,技术合同成交额,changsha,长沙,2019,A,233.82,"));
	buf_release(&a.body);
}

static void test_export_one_indicator(void **state)
{
	(void)state;
	struct answer a;
	get("/api/v1/export?format=csv&indicator=tech_contract_turnover", 0, &a);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(a.disposition, "czt-2024-tech_contract_turnover.csv"));
	const char *t = buf_str(&a.body);
	assert_memory_equal(t, "\xef\xbb\xbfINDICATOR,", 13); /* UTF-8 with BOM, so Excel opens it */
	size_t lines = 0;
	for (const char *p = strchr(t, '\n'); p && p[1]; p = strchr(p + 1, '\n')) {
		lines++;
		assert_memory_equal(p + 1, "tech_contract_turnover,", 23); /* that indicator only */
	}
	assert_true(lines > 5);
	assert_non_null(strstr(t, "http://hunan.gov.cn/")); /* with its sources */
	assert_null(strstr(t, "777.77"));                 /* published only */
	buf_release(&a.body);
	get("/api/v1/export?format=csv&indicator=no_such_thing", 0, &a);
	assert_int_equal(a.status, 404);
	buf_release(&a.body);
	/* every page links the open data, and the indicator page its own figures */
	get("/indicators/tech_contract_turnover", 0, &a);
	assert_non_null(strstr(buf_str(&a.body), "href=\"/api/v1/export?format=csv&amp;indicator=tech_contract_turnover\""));
	assert_non_null(strstr(buf_str(&a.body), "<footer class=\"site\"><p class=\"open-data\">"));
	buf_release(&a.body);
	get("/plan", 0, &a);
	assert_non_null(strstr(buf_str(&a.body), "href=\"/api/v1/export?format=xlsx\""));
	assert_non_null(strstr(buf_str(&a.body), "href=\"/reports\""));
	buf_release(&a.body);
}

static void test_export_json(void **state)
{
	(void)state;
	struct answer a;
	get("/api/v1/export?format=json", 0, &a);
	assert_int_equal(a.status, 200);
	assert_string_equal(a.ctype, "application/json; charset=utf-8");
	json_error_t err;
	json_t *j = json_loadb(a.body.p, a.body.len, 0, &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "dataset"), "plan")), "czt-2024");
	json_t *cols = json_object_get(j, "columns");
	assert_int_equal(json_array_size(cols), 19);
	assert_string_equal(json_string_value(json_array_get(cols, 2)), "REF_AREA");
	json_t *obs = json_object_get(j, "observations");
	assert_int_equal(json_array_size(obs), N_PUBLISHED);
	size_t i;
	json_t *o;
	json_array_foreach(obs, i, o) {
		assert_string_equal(json_string_value(json_object_get(o, "STATUS")), "published");
		double v = json_real_value(json_object_get(o, "OBS_VALUE"));
		assert_true(v != 777.77 && v != 888.88 && v != 299.99);
		assert_true(json_is_integer(json_object_get(o, "REVISION")));
		assert_non_null(json_string_value(json_object_get(o, "UPDATED_AT")));
		assert_non_null(json_string_value(json_object_get(o, "SOURCE")));
		assert_non_null(json_string_value(json_object_get(o, "SOURCE_PUBLISHER")));
		assert_non_null(json_string_value(json_object_get(o, "SOURCE_TITLE")));
		assert_non_null(json_string_value(json_object_get(o, "SOURCE_DATE")));
	}
	json_decref(j);
	buf_release(&a.body);
}

static void test_export_xlsx(void **state)
{
	(void)state;
	struct answer a;
	get("/api/v1/export?format=xlsx", 0, &a);
	assert_int_equal(a.status, 200);
	assert_string_equal(a.ctype, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_true(a.body.len > 1000);
	assert_memory_equal(a.body.p, "PK\x03\x04", 4);
	/* unzip it and look at the sheet: the published figures, none of the others */
	char path[200], dir[200];
	snprintf(path, sizeof(path), "%s/export.xlsx", fx.env.tmpdir);
	snprintf(dir, sizeof(dir), "%s/export", fx.env.tmpdir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(a.body.p, 1, a.body.len, f), a.body.len);
	fclose(f);
	char *unzip[] = {"/usr/bin/unzip", "-o", "-q", path, "-d", dir, NULL};
	assert_int_equal(ht_run(&fx.env, unzip, NULL, NULL), 0);
	char sheet[240], strings[240];
	snprintf(sheet, sizeof(sheet), "%s/xl/worksheets/sheet1.xml", dir);
	snprintf(strings, sizeof(strings), "%s/xl/sharedStrings.xml", dir);
	struct buf s;
	buf_init(&s, 0);
	const char *files[] = {sheet, strings};
	for (size_t k = 0; k < 2; k++) {
		/* the export writes its texts in the sheet itself (inline: written as the rows come);
		 * a shared-strings part is read when there is one */
		FILE *x = fopen(files[k], "rb");
		if (k == 1 && !x)
			continue;
		assert_non_null(x);
		char chunk[4096];
		size_t n;
		while ((n = fread(chunk, 1, sizeof(chunk), x)) > 0)
			assert_int_equal(buf_append(&s, chunk, n), ST_OK);
		fclose(x);
	}
	assert_non_null(strstr(buf_str(&s), "<v>490.69</v>"));
	assert_non_null(strstr(buf_str(&s), "OBS_VALUE"));
	assert_null(strstr(buf_str(&s), "777.77"));
	assert_null(strstr(buf_str(&s), "888.88"));
	assert_null(strstr(buf_str(&s), "299.99"));
	buf_release(&s);
	buf_release(&a.body);
}

/* What an anonymous visitor reads under 来源 on an indicator page: publisher · title · date, the
 * title linked to the original only when its address is known, the quote as the tooltip; a
 * revised figure says so and why; ?revisions=1 shows both figures, each with its own source. */
static void test_indicator_page_cites_sources(void **state)
{
	(void)state;
	struct answer a;
	get("/indicators/rd_intensity", 0, &a);
	assert_int_equal(a.status, 200);
	const char *t = buf_str(&a.body);
	assert_non_null(strstr(t, "国家统计局、科学技术部、财政部 · <a class=\"source\" rel=\"noopener noreferrer\" "
				  "href=\"https://www.stats.gov.cn/xxgk/sjfb/zxfb2020/202509/t20250929_1961429.html\">"
				  "2024年全国科技经费投入统计公报（附表2）</a> · <time>2025-09-29</time>"));
	assert_non_null(strstr(t, ">修订：</a>国家统计局《2024年全国科技经费投入统计公报》附表2按地区生产总值最终核实结果修订"));
	/* no official address known: the citation without a link */
	assert_non_null(strstr(t, "红网（红网时刻新闻 记者 杨斌）；数据：湖南省统计局（2021年湖南省科技经费投入统计） · "
				  "湖南去年R&amp;D经费突破千亿 居全国第九位 · <time>2022-11-09</time>"));
	assert_null(strstr(t, "macandclayswedding"));
	buf_release(&a.body);

	get("/indicators/rd_intensity?revisions=1", 0, &a);
	assert_int_equal(a.status, 200);
	t = buf_str(&a.body);
	const char *first = strstr(t, "2024湖南简况手册·经济社会·动力");
	const char *revised = strstr(t, "2024年全国科技经费投入统计公报（附表2）</a> · <time>2025-09-29</time></span></td><td class=\"note\">"
				   "国家统计局《2024年全国科技经费投入统计公报》");
	assert_non_null(first);
	assert_non_null(revised);
	buf_release(&a.body);
}

static void test_export_bad_format(void **state)
{
	(void)state;
	struct answer a;
	get("/api/v1/export?format=pdf", 0, &a);
	assert_int_equal(a.status, 422);
	buf_release(&a.body);
}

static void test_reports_public_edition(void **state)
{
	(void)state;
	struct answer a;
	/* anonymous visitors get the public edition: published values only, no supervision records */
	get("/reports/evaluation?period=2025&format=md&lang=zh", 0, &a);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(buf_str(&a.body), "本报告为公开版"));
	assert_non_null(strstr(buf_str(&a.body), "公开版只使用已发布的数据"));
	buf_release(&a.body);
	get("/reports/evaluation?period=2025&format=pdf&lang=zh", 0, &a);
	assert_int_equal(a.status, 200);
	assert_memory_equal(buf_str(&a.body), "%PDF", 4);
	buf_release(&a.body);
	get("/reports", 0, &a);
	assert_int_equal(a.status, 200);
	buf_release(&a.body);
}

static void test_reports_page_and_downloads(void **state)
{
	(void)state;
	struct answer a;
	get("/reports", 1, &a);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(buf_str(&a.body), "action=\"/reports/evaluation\""));
	assert_non_null(strstr(buf_str(&a.body), "/api/v1/export?format=csv"));
	buf_release(&a.body);

	get("/reports/evaluation?period=2025&format=pdf&lang=zh", 1, &a);
	assert_int_equal(a.status, 200);
	assert_string_equal(a.ctype, "application/pdf");
	assert_non_null(strstr(a.disposition, "attachment; filename=\"czt-2024-evaluation-2025-zh.pdf\""));
	assert_memory_equal(a.body.p, "%PDF-", 5);
	buf_release(&a.body);

	get("/reports/evaluation?period=2024&format=xlsx&lang=en", 1, &a);
	assert_int_equal(a.status, 200);
	assert_memory_equal(a.body.p, "PK\x03\x04", 4);
	buf_release(&a.body);

	/* a signed-in reader's report uses approved figures too: the approved 湘潭 2024 figure */
	get("/reports/evaluation?period=2024&format=md&lang=zh", 1, &a);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(buf_str(&a.body), "888.88"));
	/* the draft is never used, and a reader may not see it at all, not even in the list of
	 * pending values (issue 11: the report follows the reader's rights as the values API does) */
	assert_null(strstr(buf_str(&a.body), "777.77"));
	buf_release(&a.body);

	get("/reports/evaluation?period=twenty&format=pdf", 1, &a);
	assert_int_equal(a.status, 400);
	buf_release(&a.body);
	get("/reports/evaluation?period=2025&format=doc", 1, &a);
	assert_int_equal(a.status, 400);
	buf_release(&a.body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_csv_published_only),
		cmocka_unit_test(test_export_one_indicator),
		cmocka_unit_test(test_export_json),
		cmocka_unit_test(test_export_xlsx),
		cmocka_unit_test(test_export_bad_format),
		cmocka_unit_test(test_indicator_page_cites_sources),
		cmocka_unit_test(test_reports_public_edition),
		cmocka_unit_test(test_reports_page_and_downloads),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
