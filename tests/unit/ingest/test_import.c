/* test_import.c - unit tests of ingest/import.c against a real temporary store holding the
 * shipped plan: the same values as CSV (UTF-8, UTF-8 with BOM, GBK, tab-separated) and XLSX
 * give identical observations; Chinese headers and names equal the code form; re-importing
 * changes nothing and a changed value becomes revision 2; a dry run writes nothing; every kind
 * of bad file is rejected with its exact diagnostics and leaves the store file byte-for-byte
 * as it was; units are converted with the given value kept; qualifier marks and the qualifier
 * column; a year-on-year jump is only a warning. The files are built here from one table. */
#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <zip.h>

#include "base/buf.h"
#include "ingest/import.h"
#include "ingest/xlsx.h"
#include "store/store.h"
#include "fixture.h"
#include "zip_parts.h"
#include "base/banned.h"

#define NOW "2025-03-01T08:00:00Z"
#define N_COLS 9
#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

struct fixture {
	struct arena *plan_arena;
	struct plan *plan;
	struct arena *arena; /* per test: files, diagnostics, copies of what was read */
	struct arena *io;    /* per store connection: import_values and store reads prepare their
			      * statements here, so it is freed before the store file is read */
	char tmpdir[64];
	char db[128];
	struct store *store;
	struct diag_list diags;
	struct import_result res;
};

static struct fixture fx;

/* The values every format carries: the header and six rows of the shipped plan's indicators,
 * with a lower bound, a unit to convert (人 -> 万人), a density unit (件/万人 -> 件), a month,
 * and texts with commas. */
#define N_BASE_ROWS 7
static const char *base_rows[N_BASE_ROWS][N_COLS] = {
	{"indicator", "region", "period", "value", "qualifier", "unit", "source", "source_url", "note"},
	{"tech_contract_turnover", "changsha", "2019", "233.82", "", "亿元", "其中,长沙市233.82亿元、株洲市105.61亿元",
	 "http://kjt.hunan.gov.cn/a.html", ""},
	{"tech_contract_turnover", "zhuzhou", "2019", "105.61", "", "亿元", "其中,长沙市233.82亿元、株洲市105.61亿元",
	 "http://kjt.hunan.gov.cn/a.html", ""},
	{"innovation_platforms_cs", "changsha", "2023", "3000", "lower_bound", "家", "全市各类创新平台超过3000家", "",
	 "各类创新平台总数"},
	{"population", "changsha", "2020", "10047914", "", "人", "长沙市 10047914", "http://tjj.hunan.gov.cn/b.html",
	 "第七次全国人口普查, 2020-11-01"},
	{"city_rank_changsha", "changsha", "2022", "8", "", "位", "排名前十的城市依次为深圳、南京、杭州……长沙", "",
	 "《国家创新型城市创新能力评价报告2022》"},
	{"invention_patents_per_10k", "changsha", "2024-06", "91.5", "", "件/万人", "长沙市 91.5", "", "截至6月底"},
};

/* The same values with Chinese headers, indicators and regions by Chinese name, Chinese periods. */
static const char *chinese_rows[N_BASE_ROWS][N_COLS] = {
	{"指标", "地区", "时期", "数值", "限定", "单位", "来源", "链接", "备注"},
	{"技术合同成交额", "长沙", "2019年", "233.82", "", "亿元", "其中,长沙市233.82亿元、株洲市105.61亿元",
	 "http://kjt.hunan.gov.cn/a.html", ""},
	{"技术合同成交额", "株洲", "2019", "105.61", "", "亿元", "其中,长沙市233.82亿元、株洲市105.61亿元",
	 "http://kjt.hunan.gov.cn/a.html", ""},
	{"创新平台数", "长沙", "2023年", "3000", "lower_bound", "家", "全市各类创新平台超过3000家", "", "各类创新平台总数"},
	{"常住人口", "长沙", "2020", "10047914", "", "人", "长沙市 10047914", "http://tjj.hunan.gov.cn/b.html",
	 "第七次全国人口普查, 2020-11-01"},
	{"长沙国家创新型城市创新能力排名", "长沙", "2022", "8", "", "位", "排名前十的城市依次为深圳、南京、杭州……长沙", "",
	 "《国家创新型城市创新能力评价报告2022》"},
	{"每万人有效发明专利拥有量", "长沙", "2024年6月", "91.5", "", "件/万人", "长沙市 91.5", "", "截至6月底"},
};

/* ---- building files ---------------------------------------------------------------------- */

/* rows[0..n) as CSV text with delimiter delim (quoting what needs it), in the test arena. */
static char *csv_of(const char *rows[][N_COLS], size_t n, char delim, int with_bom)
{
	struct buf b;
	buf_init(&b, 1u << 20);
	if (with_bom)
		bw(&b, "\xEF\xBB\xBF");
	for (size_t r = 0; r < n; r++) {
		for (size_t c = 0; c < N_COLS; c++) {
			const char *v = rows[r][c];
			if (c)
				bwc(&b, delim);
			if (strchr(v, delim) || strchr(v, '"') || strchr(v, '\n')) {
				bwc(&b, '"');
				for (const char *p = v; *p; p++) {
					if (*p == '"')
						bwc(&b, '"');
					bwc(&b, *p);
				}
				bwc(&b, '"');
			} else {
				bw(&b, v);
			}
		}
		bw(&b, "\r\n");
	}
	char *out = arena_strdup(fx.arena, buf_str(&b));
	buf_release(&b);
	return out;
}

/* UTF-8 text to GBK with iconv, in the test arena. */
static char *to_gbk(const char *utf8, size_t *len)
{
	iconv_t cd = iconv_open("GBK", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t in_left = strlen(utf8), cap = in_left + 1, out_left = cap;
	char *out = arena_alloc(fx.arena, cap), *o = out;
	char *in = (char *)(uintptr_t)utf8;
	if (iconv(cd, &in, &in_left, &o, &out_left) == (size_t)-1)
		fail_msg("iconv to GBK failed at byte %zu: errno %d", strlen(utf8) - in_left, errno);
	iconv_close(cd);
	*len = cap - out_left;
	return out;
}


static void xml_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			bw(b, "&amp;");
		else if (*s == '<')
			bw(b, "&lt;");
		else if (*s == '>')
			bw(b, "&gt;");
		else if (*s == '"')
			bw(b, "&quot;");
		else
			bwc(b, *s);
	}
}

/* A plain decimal ("2019", "233.82") is what a spreadsheet keeps as a number. */
static int is_plain_number(const char *s)
{
	size_t digits = 0, dots = 0;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p == '.')
			dots++;
		else
			return 0;
	}
	return digits > 0 && dots <= 1;
}

/* An .xlsx workbook with one sheet named sheet_name holding rows[0..n): plain decimals as number
 * cells, other text as shared strings, empty cells left out, as Excel writes them. The cell at
 * formula_ref (e.g. "D2"), when given, is written as a formula with its cached value.
 * Returns a heap buffer the caller frees. */
static unsigned char *xlsx_of(const char *rows[][N_COLS], size_t n, const char *sheet_name,
			      const char *formula_ref, size_t *len)
{
	struct buf sheet, sst;
	buf_init(&sheet, 1u << 20);
	buf_init(&sst, 1u << 20);
	size_t n_strings = 0;
	for (size_t r = 0; r < n; r++) {
		bwf(&sheet, "<row r=\"%zu\">", r + 1);
		for (size_t c = 0; c < N_COLS; c++) {
			const char *v = rows[r][c];
			char ref[32];
			snprintf(ref, sizeof(ref), "%c%zu", (char)('A' + c), r + 1);
			if (!*v)
				continue;
			if (formula_ref && strcmp(ref, formula_ref) == 0) {
				bwf(&sheet, "<c r=\"%s\"><f>SUM(%s,0)</f><v>%s</v></c>", ref, v, v);
			} else if (is_plain_number(v)) {
				bwf(&sheet, "<c r=\"%s\"><v>%s</v></c>", ref, v);
			} else {
				bwf(&sheet, "<c r=\"%s\" t=\"s\"><v>%zu</v></c>", ref, n_strings++);
				bw(&sst, "<si><t>");
				xml_escaped(&sst, v);
				bw(&sst, "</t></si>");
			}
		}
		bw(&sheet, "</row>");
	}
	struct arena *a = fx.arena;
	struct part parts[] = {
		{"[Content_Types].xml",
		 XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
			  "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>", 0},
		{"_rels/.rels",
		 XML_DECL "<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"rId1\" Type=\"" NS_REL
			  "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>", 0},
		{"xl/workbook.xml",
		 arena_printf(a, XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets>"
					  "<sheet name=\"%s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>", sheet_name), 0},
		{"xl/_rels/workbook.xml.rels",
		 XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
			  "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
			  "<Relationship Id=\"rId2\" Type=\"" NS_REL "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
			  "</Relationships>", 0},
		{"xl/worksheets/sheet1.xml",
		 arena_printf(a, XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>%s</sheetData></worksheet>",
			      buf_str(&sheet)), 0},
		{"xl/sharedStrings.xml",
		 arena_printf(a, XML_DECL "<sst xmlns=\"" NS_MAIN "\" count=\"%zu\" uniqueCount=\"%zu\">%s</sst>", n_strings,
			      n_strings, buf_str(&sst)), 0},
	};
	buf_release(&sheet);
	buf_release(&sst);
	return zip_parts(parts, sizeof(parts) / sizeof(parts[0]), len);
}

/* ---- the store --------------------------------------------------------------------------- */

static int group_setup(void **state)
{
	(void)state;
	xlsx_global_init();
	fx.plan_arena = arena_new();
	return fixture_shipped_plan(fx.plan_arena, &fx.plan);
}

static int group_teardown(void **state)
{
	(void)state;
	arena_free(fx.plan_arena);
	return 0;
}

static void open_store(void)
{
	fx.io = arena_new();
	if (store_open(fx.db, &fx.store) != ST_OK)
		fail_msg("store_open: %s", store_errmsg(fx.store));
}

/* Close the connection and free the statements its callers prepared, so it really closes:
 * SQLite checkpoints the WAL into the file and removes it. */
static void close_store(void)
{
	store_close(fx.store);
	fx.store = NULL;
	arena_free(fx.io);
	fx.io = NULL;
}

static void remove_store(void)
{
	if (fx.io)
		close_store();
	const char *suffixes[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++)
		unlink(arena_printf(fx.arena, "%s%s", fx.db, suffixes[i]));
}

/* A new empty store holding the shipped plan. */
static void fresh_store(void)
{
	remove_store();
	open_store();
	struct plan_save_result res;
	if (store_plan_save(fx.store, fx.plan, "test", &res) != ST_OK)
		fail_msg("store_plan_save: %s", store_errmsg(fx.store));
}

static int setup(void **state)
{
	(void)state;
	fx.arena = arena_new();
	if (fixture_tmpdir(fx.tmpdir, fx.db, "import") != 0)
		return -1;
	fx.store = NULL;
	fx.io = NULL;
	fresh_store();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_store();
	rmdir(fx.tmpdir);
	arena_free(fx.arena);
	return 0;
}

/* Import buf as file name; the result and diagnostics stay in fx. */
static enum status import_opts_buf(const char *name, const void *buf, size_t len, const char *encoding,
				   const char *sheet, enum obs_status st, int is_dry_run)
{
	struct import_opts o = {.encoding = encoding, .sheet = sheet, .status = st, .who = "tester", .is_dry_run = is_dry_run};
	diag_init(&fx.diags, fx.arena);
	return import_values(fx.store, fx.io, fx.plan, name, buf, len, &o, &fx.res, &fx.diags);
}

static enum status import_text(const char *name, const char *text)
{
	return import_opts_buf(name, text, strlen(text), NULL, NULL, OBS_APPROVED, 0);
}

static void print_diags(void)
{
	diag_print(&fx.diags, stderr);
}

/* Import and require success with no diagnostic at all. */
static void import_ok(const char *name, const void *buf, size_t len, const char *encoding)
{
	enum status rc = import_opts_buf(name, buf, len, encoding, NULL, OBS_APPROVED, 0);
	if (rc != ST_OK || fx.diags.n) {
		print_diags();
		fail_msg("import of %s: status %d, %zu diagnostics", name, rc, fx.diags.n);
	}
}

static const char *keep(const char *s)
{
	return s ? arena_strdup(fx.arena, s) : NULL;
}

/* Rows read from the store, copied out of the I/O arena so they outlive the connection. */
static struct obs *kept_rows(const struct obs *rows, size_t n)
{
	struct obs *out = arena_alloc(fx.arena, (n + 1) * sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		out[i] = rows[i];
		out[i].indicator = keep(rows[i].indicator);
		out[i].region = keep(rows[i].region);
		out[i].period = keep(rows[i].period);
		out[i].source = keep(rows[i].source);
		out[i].source_url = keep(rows[i].source_url);
		out[i].publisher = keep(rows[i].publisher);
		out[i].title = keep(rows[i].title);
		out[i].published = keep(rows[i].published);
		out[i].note = keep(rows[i].note);
		out[i].unit_given = keep(rows[i].unit_given);
		out[i].reason = keep(rows[i].reason);
		out[i].created_at = keep(rows[i].created_at);
		out[i].created_by = keep(rows[i].created_by);
	}
	return out;
}

static struct obs *history_of(const char *ind, const char *reg, const char *period, size_t *n)
{
	struct obs *rows;
	assert_int_equal(store_obs_history(fx.store, fx.io, ind, reg, period, &rows, n), ST_OK);
	return kept_rows(rows, *n);
}

static struct obs *all_history(size_t *n)
{
	return history_of(NULL, NULL, NULL, n);
}

static struct obs *current_of(const char *ind, const char *reg, enum obs_view view, size_t *n)
{
	struct obs *rows;
	assert_int_equal(store_obs_current(fx.store, fx.io, ind, reg, view, &rows, n), ST_OK);
	return kept_rows(rows, *n);
}

/* The store file's bytes after every connection is closed (so the WAL is checkpointed into
 * it and removed); the store is opened again afterwards. */
static unsigned char *db_bytes(size_t *len)
{
	/* what the import left in the I/O arena goes with it: keep the diagnostics' sheet names */
	for (size_t i = 0; i < fx.diags.n; i++)
		fx.diags.items[i].sheet = keep(fx.diags.items[i].sheet);
	close_store();
	struct stat st;
	assert_int_equal(stat(arena_printf(fx.arena, "%s-wal", fx.db), &st), -1);
	FILE *f = fopen(fx.db, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long size = ftell(f);
	assert_true(size > 0);
	rewind(f);
	unsigned char *data = arena_alloc(fx.arena, (size_t)size);
	assert_int_equal(fread(data, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	*len = (size_t)size;
	open_store();
	return data;
}

/* A store that already holds the base values, so "unchanged" means something. */
static void load_base(void)
{
	const char *csv = csv_of(base_rows, N_BASE_ROWS, ',', 0);
	import_ok("base.csv", csv, strlen(csv), NULL);
	assert_int_equal(fx.res.n_new, 6);
}

/* Import a bad file into a store holding the base values: ST_INVALID, and the store file is
 * byte-for-byte what it was. The diagnostics stay in fx for the caller to check. */
static void expect_rejected(const char *name, const void *buf, size_t len, const char *encoding, const char *sheet)
{
	load_base();
	size_t before_len, after_len;
	unsigned char *before = db_bytes(&before_len);
	enum status rc = import_opts_buf(name, buf, len, encoding, sheet, OBS_APPROVED, 0);
	if (rc != ST_INVALID) {
		print_diags();
		fail_msg("import of %s gave status %d, expected ST_INVALID", name, rc);
	}
	assert_int_equal(fx.res.batch_id, 0);
	unsigned char *after = db_bytes(&after_len);
	assert_int_equal(after_len, before_len);
	assert_memory_equal(after, before, before_len);
	size_t n;
	all_history(&n);
	assert_int_equal(n, 6);
}

static void expect_diag(size_t k, const char *file, const char *code, long line, int col, const char *field,
			const char *value, const char *msg)
{
	if (k >= fx.diags.n) {
		print_diags();
		fail_msg("expected diagnostic %zu (%s), have only %zu", k, code, fx.diags.n);
	}
	const struct diag *d = &fx.diags.items[k];
	if (strcmp(d->code, code) != 0 || d->line != line || d->col != col || strcmp(d->msg, msg) != 0) {
		print_diags();
		fail_msg("diagnostic %zu is %s %ld:%d '%s'", k, d->code, d->line, d->col, d->msg);
	}
	assert_string_equal(d->file, file);
	if (field)
		assert_string_equal(d->field, field);
	else
		assert_null(d->field);
	if (value)
		assert_string_equal(d->value, value);
	else
		assert_null(d->value);
}

static void expect_counts(size_t n_errors, size_t n_all)
{
	if (diag_errors(&fx.diags) != n_errors || fx.diags.n != n_all) {
		print_diags();
		fail_msg("%zu errors and %zu diagnostics, expected %zu and %zu", diag_errors(&fx.diags), fx.diags.n, n_errors,
			 n_all);
	}
}

static int same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Two stores hold the same observations: every field except id, created_at and batch_id
 * (which only say when and in which batch a row was written). */
static void expect_same_obs(const struct obs *a, size_t n_a, const struct obs *b, size_t n_b, const char *what)
{
	if (n_a != n_b)
		fail_msg("%s: %zu observations, expected %zu", what, n_b, n_a);
	for (size_t i = 0; i < n_a; i++) {
		const struct obs *x = &a[i], *y = &b[i];
		int is_same = strcmp(x->indicator, y->indicator) == 0 && strcmp(x->region, y->region) == 0 &&
			      strcmp(x->period, y->period) == 0 && x->period_t == y->period_t && x->revision == y->revision &&
			      x->value == y->value && x->qualifier == y->qualifier && x->status == y->status &&
			      same_text(x->source, y->source) && same_text(x->source_url, y->source_url) &&
			      same_text(x->note, y->note) && same_text(x->unit_given, y->unit_given) &&
			      x->has_value_given == y->has_value_given && x->value_given == y->value_given &&
			      same_text(x->reason, y->reason) && same_text(x->created_by, y->created_by);
		if (!is_same)
			fail_msg("%s: observation %zu (%s/%s/%s = %.17g) differs from %s/%s/%s = %.17g", what, i, y->indicator,
				 y->region, y->period, y->value, x->indicator, x->region, x->period, x->value);
	}
}

static const struct obs *find_obs(const struct obs *rows, size_t n, const char *ind, const char *reg, const char *period)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].indicator, ind) == 0 && strcmp(rows[i].region, reg) == 0 && strcmp(rows[i].period, period) == 0)
			return &rows[i];
	fail_msg("no observation %s/%s/%s", ind, reg, period);
	return NULL;
}

/* ---- the tests --------------------------------------------------------------------------- */

static void test_import_values_csv_utf8(void **state)
{
	(void)state;
	const char *csv = csv_of(base_rows, N_BASE_ROWS, ',', 0);
	import_ok("values.csv", csv, strlen(csv), NULL);
	assert_string_equal(fx.res.format, "csv");
	assert_string_equal(fx.res.encoding, "utf-8");
	assert_null(fx.res.sheet);
	assert_int_equal(strlen(fx.res.file_sha256), 64);
	assert_int_equal(fx.res.n_rows, 6);
	assert_int_equal(fx.res.n_new, 6);
	assert_int_equal(fx.res.n_revised, 0);
	assert_int_equal(fx.res.n_unchanged, 0);
	assert_int_equal(fx.res.n_changes, 6);
	assert_int_equal(fx.res.batch_id, 1);
	assert_int_equal(fx.res.changes[0].line, 2);
	assert_null(fx.res.changes[0].before);
	assert_string_equal(fx.res.changes[5].after.period, "2024-06");

	size_t n;
	struct obs *h = all_history(&n);
	assert_int_equal(n, 6);
	const struct obs *o = find_obs(h, n, "tech_contract_turnover", "changsha", "2019");
	assert_true(o->value == 233.82);
	assert_int_equal(o->revision, 1);
	assert_int_equal(o->status, OBS_APPROVED);
	assert_int_equal(o->qualifier, QUAL_EXACT);
	assert_string_equal(o->source, "其中,长沙市233.82亿元、株洲市105.61亿元");
	assert_string_equal(o->source_url, "http://kjt.hunan.gov.cn/a.html");
	assert_null(o->note);
	assert_null(o->unit_given);
	assert_string_equal(o->created_by, "tester");
	assert_string_equal(o->created_at, NOW);
	assert_int_equal(o->batch_id, 1);
	o = find_obs(h, n, "invention_patents_per_10k", "changsha", "2024-06");
	assert_true(o->period_t == 2024.0 - 6.0 / 12.0);
	assert_true(o->value == 91.5);
	assert_string_equal(o->unit_given, "件/万人");
	assert_true(o->value_given == 91.5);
}

static void test_import_values_same_data_in_every_format(void **state)
{
	(void)state;
	const char *csv = csv_of(base_rows, N_BASE_ROWS, ',', 0);
	import_ok("values.csv", csv, strlen(csv), NULL);
	size_t n_ref;
	struct obs *ref = all_history(&n_ref);
	assert_int_equal(n_ref, 6);

	/* UTF-8 with a byte-order mark */
	fresh_store();
	const char *bom = csv_of(base_rows, N_BASE_ROWS, ',', 1);
	import_ok("bom.csv", bom, strlen(bom), NULL);
	assert_string_equal(fx.res.encoding, "utf-8");
	size_t n;
	struct obs *h = all_history(&n);
	expect_same_obs(ref, n_ref, h, n, "UTF-8 with BOM");

	/* GBK, detected */
	fresh_store();
	size_t gbk_len;
	const char *gbk = to_gbk(csv, &gbk_len);
	assert_true(gbk_len < strlen(csv)); /* two bytes per Han character instead of three */
	import_ok("gbk.csv", gbk, gbk_len, NULL);
	assert_string_equal(fx.res.encoding, "gb18030");
	h = all_history(&n);
	expect_same_obs(ref, n_ref, h, n, "GBK detected");

	/* GBK, named */
	fresh_store();
	import_ok("gbk.csv", gbk, gbk_len, "gbk");
	assert_string_equal(fx.res.encoding, "gb18030");
	h = all_history(&n);
	expect_same_obs(ref, n_ref, h, n, "GBK named");

	/* tab-separated */
	fresh_store();
	const char *tsv = csv_of(base_rows, N_BASE_ROWS, '\t', 0);
	assert_null(strchr(tsv, '"')); /* nothing needs quoting with tabs */
	import_ok("values.tsv", tsv, strlen(tsv), NULL);
	h = all_history(&n);
	expect_same_obs(ref, n_ref, h, n, "tab-separated");

	/* XLSX */
	fresh_store();
	size_t xlsx_len;
	unsigned char *xlsx = xlsx_of(base_rows, N_BASE_ROWS, "Sheet1", NULL, &xlsx_len);
	enum status rc = import_opts_buf("values.xlsx", xlsx, xlsx_len, NULL, NULL, OBS_APPROVED, 0);
	free(xlsx);
	if (rc != ST_OK || fx.diags.n)
		print_diags();
	assert_int_equal(rc, ST_OK);
	assert_int_equal(fx.diags.n, 0);
	assert_string_equal(fx.res.format, "xlsx");
	assert_string_equal(fx.res.sheet, "Sheet1");
	assert_null(fx.res.encoding);
	assert_int_equal(fx.res.n_new, 6);
	h = all_history(&n);
	expect_same_obs(ref, n_ref, h, n, "XLSX");
}

static void test_import_values_skips_empty_rows_like_xlsx(void **state)
{
	(void)state;
	const char *csv = csv_of(base_rows, N_BASE_ROWS, ',', 0);
	import_ok("values.csv", csv, strlen(csv), NULL);
	size_t n_ref;
	struct obs *ref = all_history(&n_ref);

	/* a sheet saved as CSV keeps the rows it once formatted: ",,,," below and between the data */
	fresh_store();
	const char *padded = arena_printf(fx.arena, "%.*s,,,,,,,,\r\n , ,,,,,,,\r\n%s,,,,,,,,\r\n,,,,,,,,\r\n",
					  (int)(strchr(csv, '\n') - csv + 1), csv, strchr(csv, '\n') + 1);
	import_ok("padded.csv", padded, strlen(padded), NULL);
	assert_int_equal(fx.res.n_rows, 6);
	assert_int_equal(fx.res.changes[0].line, 4); /* the lines are still the file's */
	size_t n;
	struct obs *h = all_history(&n);
	expect_same_obs(ref, n_ref, h, n, "CSV with empty rows");
}

static void test_import_values_chinese_headers_and_names(void **state)
{
	(void)state;
	const char *csv = csv_of(base_rows, N_BASE_ROWS, ',', 0);
	import_ok("values.csv", csv, strlen(csv), NULL);
	size_t n_ref;
	struct obs *ref = all_history(&n_ref);

	fresh_store();
	const char *zh = csv_of(chinese_rows, N_BASE_ROWS, ',', 0);
	import_ok("数据.csv", zh, strlen(zh), NULL);
	assert_int_equal(fx.res.n_new, 6);
	size_t n;
	struct obs *h = all_history(&n);
	expect_same_obs(ref, n_ref, h, n, "Chinese headers and names");

	/* and as GBK in a workbook-less office: the same again */
	fresh_store();
	size_t gbk_len;
	const char *gbk = to_gbk(zh, &gbk_len);
	import_ok("数据.csv", gbk, gbk_len, NULL);
	h = all_history(&n);
	expect_same_obs(ref, n_ref, h, n, "Chinese headers and names in GBK");

	/* XLSX with Chinese headers and names */
	fresh_store();
	size_t xlsx_len;
	unsigned char *xlsx = xlsx_of(chinese_rows, N_BASE_ROWS, "数据", NULL, &xlsx_len);
	enum status rc = import_opts_buf("数据.xlsx", xlsx, xlsx_len, NULL, "数据", OBS_APPROVED, 0);
	free(xlsx);
	assert_int_equal(rc, ST_OK);
	assert_string_equal(fx.res.sheet, "数据");
	h = all_history(&n);
	expect_same_obs(ref, n_ref, h, n, "Chinese XLSX");
}

static void test_import_values_reimport_changes_nothing(void **state)
{
	(void)state;
	const char *csv = csv_of(base_rows, N_BASE_ROWS, ',', 0);
	import_ok("values.csv", csv, strlen(csv), NULL);
	size_t n_before;
	struct obs *before = all_history(&n_before);
	size_t len_before;
	unsigned char *bytes_before = db_bytes(&len_before);

	import_ok("values.csv", csv, strlen(csv), NULL);
	assert_int_equal(fx.res.n_rows, 6);
	assert_int_equal(fx.res.n_new, 0);
	assert_int_equal(fx.res.n_revised, 0);
	assert_int_equal(fx.res.n_unchanged, 6);
	assert_int_equal(fx.res.n_changes, 0);
	assert_int_equal(fx.res.batch_id, 0);
	size_t n;
	struct obs *h = all_history(&n);
	expect_same_obs(before, n_before, h, n, "re-import");
	/* not one byte: no new rows and no empty import batch */
	size_t len_after;
	unsigned char *bytes_after = db_bytes(&len_after);
	assert_int_equal(len_after, len_before);
	assert_memory_equal(bytes_after, bytes_before, len_before);

	/* the same values from the XLSX are unchanged too */
	size_t xlsx_len;
	unsigned char *xlsx = xlsx_of(base_rows, N_BASE_ROWS, "Sheet1", NULL, &xlsx_len);
	enum status rc = import_opts_buf("values.xlsx", xlsx, xlsx_len, NULL, NULL, OBS_APPROVED, 0);
	free(xlsx);
	assert_int_equal(rc, ST_OK);
	assert_int_equal(fx.res.n_unchanged, 6);
	assert_int_equal(fx.res.n_changes, 0);
}

static void test_import_values_changed_value_is_revision_2(void **state)
{
	(void)state;
	const char *csv = csv_of(base_rows, N_BASE_ROWS, ',', 0);
	import_ok("values.csv", csv, strlen(csv), NULL);

	const char *rows[N_BASE_ROWS][N_COLS];
	memcpy(rows, base_rows, sizeof(rows));
	const char *changed_row[N_COLS] = {"tech_contract_turnover", "changsha", "2019", "240.5", "", "亿元",
					   "其中,长沙市233.82亿元、株洲市105.61亿元", "http://kjt.hunan.gov.cn/a.html",
					   "revised by the 2020 bulletin"};
	memcpy(rows[1], changed_row, sizeof(changed_row));
	const char *changed = csv_of(rows, N_BASE_ROWS, ',', 0);
	size_t len_before, len_after;
	unsigned char *bytes_before = db_bytes(&len_before);
	import_ok("values-v2.csv", changed, strlen(changed), NULL);
	assert_int_equal(fx.res.n_new, 0);
	assert_int_equal(fx.res.n_revised, 1);
	assert_int_equal(fx.res.n_unchanged, 5);
	assert_int_equal(fx.res.n_changes, 1);
	assert_int_equal(fx.res.batch_id, 2);
	const struct import_change *ch = &fx.res.changes[0];
	assert_int_equal(ch->line, 2);
	assert_non_null(ch->before);
	assert_int_equal(ch->before->revision, 1);
	assert_true(ch->before->value == 233.82);
	assert_int_equal(ch->after.revision, 2);
	assert_true(ch->after.value == 240.5);
	/* the byte comparison the rejection tests rely on does see a write */
	unsigned char *bytes_after = db_bytes(&len_after);
	assert_true(len_after != len_before || memcmp(bytes_after, bytes_before, len_before) != 0);

	size_t n;
	struct obs *h;
	h = history_of("tech_contract_turnover", "changsha", "2019", &n);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].revision, 1);
	assert_true(h[0].value == 233.82);
	assert_null(h[0].note);
	assert_int_equal(h[0].batch_id, 1);
	assert_int_equal(h[1].revision, 2);
	assert_true(h[1].value == 240.5);
	assert_string_equal(h[1].note, "revised by the 2020 bulletin");
	assert_int_equal(h[1].batch_id, 2);
	h = all_history(&n);
	assert_int_equal(n, 7);

	/* the current value is the new one */
	struct obs *cur = current_of("tech_contract_turnover", "changsha", OBS_VIEW_INTERNAL, &n);
	assert_int_equal(n, 1);
	assert_int_equal(cur[0].revision, 2);
}

/* Who published a figure, in which publication and when: stored with it, compared on a
 * re-import (the same file changes nothing, a corrected title is a revision), Chinese headers. */
static void test_import_values_citation_columns(void **state)
{
	(void)state;
	const char *csv = "indicator,region,period,value,unit,source,publisher,title,published,source_url\n"
			  "tech_contract_turnover,hunan,2025,5384.9,亿元,技术合同成交金额5384.9亿元,"
			  "湖南省统计局、国家统计局湖南调查总队,湖南省2025年国民经济和社会发展统计公报,2026-03-25,"
			  "https://tjj.hunan.gov.cn/a.html\n"
			  "tech_contract_turnover,changsha,2021,520,亿元,技术合同成交额达520亿元,华声在线/湖南日报,"
			  "《国家创新型城市创新能力评价报告2021》出炉,2022-02,\n";
	import_ok("cite.csv", csv, strlen(csv), NULL);
	assert_int_equal(fx.res.n_new, 2);
	size_t n;
	struct obs *h = history_of("tech_contract_turnover", "hunan", "2025", &n);
	assert_int_equal(n, 1);
	assert_string_equal(h[0].publisher, "湖南省统计局、国家统计局湖南调查总队");
	assert_string_equal(h[0].title, "湖南省2025年国民经济和社会发展统计公报");
	assert_string_equal(h[0].published, "2026-03-25");
	assert_string_equal(h[0].source_url, "https://tjj.hunan.gov.cn/a.html");
	h = history_of("tech_contract_turnover", "changsha", "2021", &n);
	assert_string_equal(h[0].published, "2022-02");
	assert_null(h[0].source_url);

	import_ok("cite.csv", csv, strlen(csv), NULL);
	assert_int_equal(fx.res.n_unchanged, 2);
	assert_int_equal(fx.res.n_changes, 0);

	const char *zh = "指标,地区,时期,数值,单位,来源,发布机构,标题,发布日期\n"
			 "技术合同成交额,湖南,2025,5384.9,亿元,技术合同成交金额5384.9亿元,湖南省统计局、国家统计局湖南调查总队,"
			 "湖南省2025年统计公报,2026-03-25\n";
	import_ok("zh.csv", zh, strlen(zh), NULL);
	assert_int_equal(fx.res.n_revised, 1);
	h = history_of("tech_contract_turnover", "hunan", "2025", &n);
	assert_int_equal(n, 2);
	assert_string_equal(h[1].title, "湖南省2025年统计公报");
	assert_null(h[1].source_url);
}

static void test_import_values_rejects_bad_publication_dates(void **state)
{
	(void)state;
	const char *csv = "indicator,region,period,value,published\n"
			  "tech_contract_turnover,changsha,2021,520,2026年3月\n"
			  "tech_contract_turnover,zhuzhou,2021,206.2,2025-02-30\n"
			  "tech_contract_turnover,xiangtan,2021,160.24,2022-13\n";
	expect_rejected("dates.csv", csv, strlen(csv), NULL, NULL);
	expect_counts(3, 3);
	const char *msg = "is not a publication date: write 2026-03-25, or 2026-03 or 2026 when the source gives no day";
	expect_diag(0, "dates.csv", "bad_published", 2, 5, "published", "2026年3月",
		    arena_printf(fx.arena, "'2026年3月' %s", msg));
	expect_diag(1, "dates.csv", "bad_published", 3, 5, "published", "2025-02-30",
		    arena_printf(fx.arena, "'2025-02-30' %s", msg));
	expect_diag(2, "dates.csv", "bad_published", 4, 5, "published", "2022-13",
		    arena_printf(fx.arena, "'2022-13' %s", msg));
}

/* A figure and its revision in one file: written as revisions 1 and 2 in revision order
 * whatever the row order, each with its own source; the reason kept; the same file again
 * writes nothing; a store holding only the first figure gets only the revision. */
static void test_import_values_revision_rows(void **state)
{
	(void)state;
	const char *first = "indicator,region,period,value,unit,source,publisher,title,published\n"
			    "rd_intensity,hunan,2023,2.57,%,研发投入强度提升至2.57%,湖南省人民政府办公厅,2024湖南简况手册,2024\n";
	import_ok("first.csv", first, strlen(first), NULL);
	const char *csv = "indicator,region,period,revision,value,unit,source,publisher,title,published,reason\n"
			  "rd_intensity,hunan,2023,2,2.53,%,修订后2023年强度 2.53,国家统计局、科学技术部、财政部,"
			  "2024年全国科技经费投入统计公报,2025-09-29,按地区生产总值最终核实结果修订\n"
			  "rd_intensity,hunan,2023,1,2.57,%,研发投入强度提升至2.57%,湖南省人民政府办公厅,2024湖南简况手册,2024,\n";
	import_ok("revised.csv", csv, strlen(csv), NULL);
	assert_int_equal(fx.res.n_unchanged, 1);
	assert_int_equal(fx.res.n_revised, 1);
	assert_int_equal(fx.res.n_changes, 1);
	assert_int_equal(fx.res.changes[0].line, 2);
	assert_int_equal(fx.res.changes[0].after.revision, 2);
	size_t n;
	struct obs *h = history_of("rd_intensity", "hunan", "2023", &n);
	assert_int_equal(n, 2);
	assert_true(h[0].value == 2.57);
	assert_string_equal(h[0].title, "2024湖南简况手册");
	assert_null(h[0].reason);
	assert_true(h[1].value == 2.53);
	assert_string_equal(h[1].publisher, "国家统计局、科学技术部、财政部");
	assert_string_equal(h[1].reason, "按地区生产总值最终核实结果修订");
	struct obs *cur = current_of("rd_intensity", "hunan", OBS_VIEW_INTERNAL, &n);
	assert_int_equal(n, 1);
	assert_true(cur[0].value == 2.53);

	import_ok("revised.csv", csv, strlen(csv), NULL);
	assert_int_equal(fx.res.n_changes, 0);
	assert_int_equal(fx.res.n_unchanged, 2);

	/* into an empty store: both, in order, one new and one revised */
	fresh_store();
	import_ok("revised.csv", csv, strlen(csv), NULL);
	assert_int_equal(fx.res.n_new, 1);
	assert_int_equal(fx.res.n_revised, 1);
	assert_int_equal(fx.res.changes[0].after.revision, 1);
	assert_int_equal(fx.res.changes[0].line, 3);
	assert_null(fx.res.changes[0].before);
	assert_int_equal(fx.res.changes[1].after.revision, 2);
	assert_true(fx.res.changes[1].before->value == 2.57);
	h = history_of("rd_intensity", "hunan", "2023", &n);
	assert_int_equal(n, 2);
	assert_true(h[1].value == 2.53);
}

static void test_import_values_rejects_bad_revision_rows(void **state)
{
	(void)state;
	const char *csv = "indicator,region,period,revision,value,reason\n"
			  "rd_intensity,hunan,2023,1,2.57,\n"
			  "rd_intensity,hunan,2023,2,2.53,\n"
			  "rd_intensity,hunan,2022,1,2.41,\n"
			  "rd_intensity,hunan,2022,1,2.47,修订\n"
			  "rd_intensity,hunan,2021,first,2.23,\n";
	expect_rejected("rev.csv", csv, strlen(csv), NULL, NULL);
	expect_counts(3, 3);
	expect_diag(0, "rev.csv", "bad_number", 6, 4, "revision", "first",
		    "'first' is not a revision number: write 1 for the first figure of a cell, 2 for its revision");
	expect_diag(1, "rev.csv", "duplicate_row", 5, 4, "revision", NULL,
		    "revision 1 of this indicator, region and period is also on row 4");
	expect_diag(2, "rev.csv", "missing_reason", 3, 6, "reason", NULL,
		    "revision 2 revises the figure of row 2: say why in the 'reason' column");
}

static void test_import_values_dry_run_writes_nothing(void **state)
{
	(void)state;
	const char *csv = csv_of(base_rows, N_BASE_ROWS, ',', 0);
	size_t len_before;
	unsigned char *before = db_bytes(&len_before);
	enum status rc = import_opts_buf("values.csv", csv, strlen(csv), NULL, NULL, OBS_APPROVED, 1);
	assert_int_equal(rc, ST_OK);
	assert_int_equal(fx.res.n_rows, 6);
	assert_int_equal(fx.res.n_new, 6);
	assert_int_equal(fx.res.n_revised, 0);
	assert_int_equal(fx.res.n_unchanged, 0);
	assert_int_equal(fx.res.n_changes, 6);
	assert_int_equal(fx.res.batch_id, 0);
	assert_int_equal(fx.res.changes[3].after.revision, 1);
	size_t n;
	all_history(&n);
	assert_int_equal(n, 0);
	size_t len_after;
	unsigned char *after = db_bytes(&len_after);
	assert_int_equal(len_after, len_before);
	assert_memory_equal(after, before, len_before);

	/* the real import reports the same counts */
	import_ok("values.csv", csv, strlen(csv), NULL);
	assert_int_equal(fx.res.n_new, 6);
	assert_int_equal(fx.res.n_changes, 6);

	/* a dry run of a changed file reports the revision and writes nothing */
	const char *rows[N_BASE_ROWS][N_COLS];
	memcpy(rows, base_rows, sizeof(rows));
	rows[2][3] = "110";
	const char *changed = csv_of(rows, N_BASE_ROWS, ',', 0);
	rc = import_opts_buf("values.csv", changed, strlen(changed), NULL, NULL, OBS_APPROVED, 1);
	assert_int_equal(rc, ST_OK);
	assert_int_equal(fx.res.n_new, 0);
	assert_int_equal(fx.res.n_revised, 1);
	assert_int_equal(fx.res.n_unchanged, 5);
	assert_int_equal(fx.res.changes[0].after.revision, 2);
	assert_true(fx.res.changes[0].before->value == 105.61);
	all_history(&n);
	assert_int_equal(n, 6);
}

#define HEAD "indicator,region,period,value,unit,source\n"

static void test_import_values_rejects_wrong_encoding(void **state)
{
	(void)state;
	size_t len;
	const char *gbk = to_gbk("indicator,region,period,value,unit\n"
				 "tech_contract_turnover,changsha,2021,520,亿元\n", &len);
	expect_rejected("gbk.csv", gbk, len, "utf-8", NULL);
	expect_counts(1, 1);
	/* the header is 35 bytes; 亿 (GBK D2 DA) starts at column 42 of line 2 */
	expect_diag(0, "gbk.csv", "bad_encoding", 2, 42, NULL, "0xD2",
		    "the file is not valid UTF-8: byte 0xD2 at offset 76 (line 2) cannot be decoded; save the file as "
		    "UTF-8 or GBK, or give --encoding");
}

static void test_import_values_rejects_unknown_indicator_and_region(void **state)
{
	(void)state;
	const char *csv = HEAD "no_such_thing,changsha,2021,1,亿元,x\n"
			       "tech_contract_turnover,火星,2021,1,亿元,x\n";
	expect_rejected("bad.csv", csv, strlen(csv), NULL, NULL);
	expect_counts(2, 2);
	expect_diag(0, "bad.csv", "unknown_indicator", 2, 1, "indicator", "no_such_thing",
		    "unknown indicator 'no_such_thing': give its code, Chinese or English name as in the plan");
	expect_diag(1, "bad.csv", "unknown_region", 3, 2, "region", "火星",
		    "unknown region '火星': give its code, Chinese or English name as in the plan");
}

/* Regions and indicators as people type them: 长沙, 长沙市, Changsha and CHANGSHA CITY are one
 * region; an indicator by its English name in any case (core/names.c decides). */
static void test_import_values_names_as_typed(void **state)
{
	(void)state;
	const char *csv = HEAD "tech_contract_turnover,长沙市,2001,1,亿元,x\n"
			       "技术合同成交额,Changsha,2003,2,亿元,x\n"
			       "TURNOVER OF REGISTERED TECHNOLOGY CONTRACTS,changsha city,2005,3,亿元,x\n"
			       "tech_contract_turnover,株洲,2007,4,亿元,x\n";
	import_ok("names.csv", csv, strlen(csv), NULL);
	size_t n;
	struct obs *h = all_history(&n);
	assert_non_null(find_obs(h, n, "tech_contract_turnover", "changsha", "2001"));
	assert_non_null(find_obs(h, n, "tech_contract_turnover", "changsha", "2003"));
	assert_non_null(find_obs(h, n, "tech_contract_turnover", "changsha", "2005"));
	assert_non_null(find_obs(h, n, "tech_contract_turnover", "zhuzhou", "2007"));
}

/* A template's rows not filled in (the cell named, nothing given but its unit) are skipped; a
 * row with a detail but no value is still an error; nothing filled in at all: no values. */
static void test_import_values_skips_blank_template_rows(void **state)
{
	(void)state;
	const char *csv = HEAD "tech_contract_turnover,changsha,2001,,亿元,\n"
			       "tech_contract_turnover,zhuzhou,2001,7,亿元,x\n"
			       "tech_contract_turnover,xiangtan,2001, ,亿元, \n";
	import_ok("template.csv", csv, strlen(csv), NULL);
	assert_int_equal(fx.res.n_rows, 1);
	assert_int_equal(fx.res.n_new, 1);
	assert_string_equal(fx.res.changes[0].after.region, "zhuzhou");
}

static void test_import_values_rejects_template_not_filled_in(void **state)
{
	(void)state;
	const char *blank = HEAD "tech_contract_turnover,changsha,2001,,亿元,\n";
	expect_rejected("blank.csv", blank, strlen(blank), NULL, NULL);
	expect_diag(0, "blank.csv", "no_rows", 1, 0, NULL, NULL, "the file has a header but no values");
}

/* 长沙区 is no spelling of 长沙: unknown, not guessed. */
static void test_import_values_rejects_near_names(void **state)
{
	(void)state;
	const char *bad = HEAD "tech_contract_turnover,长沙区,2009,1,亿元,x\n";
	expect_rejected("bad.csv", bad, strlen(bad), NULL, NULL);
	expect_diag(0, "bad.csv", "unknown_region", 2, 2, "region", "长沙区",
		    "unknown region '长沙区': give its code, Chinese or English name as in the plan");
}

static void test_import_values_rejects_bad_periods(void **state)
{
	(void)state;
	const char *csv = HEAD "tech_contract_turnover,changsha,2024Q5,1,亿元,x\n"
			       "tech_contract_turnover,changsha,2024-13,1,亿元,x\n";
	expect_rejected("bad.csv", csv, strlen(csv), NULL, NULL);
	expect_counts(2, 2);
	expect_diag(0, "bad.csv", "bad_period", 2, 3, "period", "2024Q5",
		    "'2024Q5' is not a period: write 2024, 2024Q3 or 2024-07");
	expect_diag(1, "bad.csv", "bad_period", 3, 3, "period", "2024-13",
		    "'2024-13' is not a period: write 2024, 2024Q3 or 2024-07");
}

static void test_import_values_rejects_non_numbers(void **state)
{
	(void)state;
	const char *csv = HEAD "tech_contract_turnover,changsha,2021,12a,亿元,x\n"
			       "tech_contract_turnover,zhuzhou,2021,\"1,23\",亿元,x\n";
	expect_rejected("bad.csv", csv, strlen(csv), NULL, NULL);
	expect_counts(2, 2);
	expect_diag(0, "bad.csv", "bad_number", 2, 4, "value", "12a", "'12a' is not a number");
	expect_diag(1, "bad.csv", "bad_number", 3, 4, "value", "1,23", "'1,23' is not a number");
}

/* An unquoted thousands separator splits "1,234" into 1 and 234: the row is refused whole,
 * not stored as 1. A good row in the same file is not written either. */
static void test_import_values_rejects_row_of_another_shape(void **state)
{
	(void)state;
	const char *csv = HEAD "tech_contract_turnover,zhuzhou,2021,206.2,亿元,x\n"
			       "tech_contract_turnover,hunan,2024,1,234,亿元,统计公报\n"
			       "tech_contract_turnover,xiangtan,2021,亿元\n";
	expect_rejected("shape.csv", csv, strlen(csv), NULL, NULL);
	expect_counts(2, 2);
	expect_diag(0, "shape.csv", "row_shape", 3, 0, NULL, NULL,
		    "the row has 7 fields but the header has 6; a number with a thousands separator must be quoted "
		    "(\"1,234\") or written without it (1234), and a text with a comma must be quoted");
	expect_diag(1, "shape.csv", "row_shape", 4, 0, NULL, NULL,
		    "the row has 4 fields but the header has 6; a number with a thousands separator must be quoted "
		    "(\"1,234\") or written without it (1234), and a text with a comma must be quoted");
}

static void test_import_values_rejects_duplicate_rows(void **state)
{
	(void)state;
	/* 2021 and 2021年 are the same period */
	const char *csv = HEAD "tech_contract_turnover,changsha,2021,520,亿元,x\n"
			       "tech_contract_turnover,zhuzhou,2021,100,亿元,x\n"
			       "技术合同成交额,长沙,2021年,521,亿元,y\n";
	expect_rejected("dup.csv", csv, strlen(csv), NULL, NULL);
	expect_counts(1, 1);
	expect_diag(0, "dup.csv", "duplicate_row", 4, 0, NULL, NULL,
		    "the same indicator, region and period as row 2: give each value once, or number "
		    "the figure and its revisions in a 'revision' column");
}

static void test_import_values_rejects_truncated_xlsx(void **state)
{
	(void)state;
	size_t len;
	unsigned char *xlsx = xlsx_of(base_rows, N_BASE_ROWS, "Sheet1", NULL, &len);
	unsigned char *cut = arena_alloc(fx.arena, len / 2);
	memcpy(cut, xlsx, len / 2);
	free(xlsx);
	expect_rejected("cut.xlsx", cut, len / 2, NULL, NULL);
	assert_string_equal(fx.res.format, "xlsx");
	expect_counts(1, 1);
	expect_diag(0, "cut.xlsx", "bad_xlsx", 0, 0, NULL, NULL,
		    "the file is not a readable .xlsx workbook (truncated or not a zip file)");
}

static void test_import_values_rejects_formula_cells(void **state)
{
	(void)state;
	size_t len;
	unsigned char *xlsx = xlsx_of(base_rows, N_BASE_ROWS, "Sheet1", "D3", &len);
	unsigned char *copy = arena_alloc(fx.arena, len);
	memcpy(copy, xlsx, len);
	free(xlsx);
	expect_rejected("formula.xlsx", copy, len, NULL, NULL);
	expect_counts(1, 1);
	expect_diag(0, "formula.xlsx", "formula_cell", 3, 4, NULL, NULL,
		    "cell D3 contains a formula; paste the values instead (复制后选择性粘贴为数值)");
	assert_string_equal(fx.diags.items[0].sheet, "Sheet1");
}

static void test_import_values_rejects_missing_sheet(void **state)
{
	(void)state;
	size_t len;
	unsigned char *xlsx = xlsx_of(base_rows, N_BASE_ROWS, "2024年", NULL, &len);
	unsigned char *copy = arena_alloc(fx.arena, len);
	memcpy(copy, xlsx, len);
	free(xlsx);
	expect_rejected("values.xlsx", copy, len, NULL, "数据");
	expect_counts(1, 1);
	expect_diag(0, "values.xlsx", "no_such_sheet", 0, 0, NULL, NULL,
		    "the workbook has no sheet named '数据'; its sheets are '2024年'");
}

static void test_import_values_rejects_missing_column(void **state)
{
	(void)state;
	const char *csv = "indicator,region,period,source\ntech_contract_turnover,changsha,2021,x\n";
	expect_rejected("bad.csv", csv, strlen(csv), NULL, NULL);
	expect_counts(1, 1);
	expect_diag(0, "bad.csv", "missing_column", 1, 0, "value", NULL, "required column 'value' is missing from the header");
}

static void test_import_values_rejects_empty_value(void **state)
{
	(void)state;
	const char *csv = HEAD "tech_contract_turnover,changsha,2021,,亿元,x\n";
	expect_rejected("bad.csv", csv, strlen(csv), NULL, NULL);
	expect_counts(1, 1);
	expect_diag(0, "bad.csv", "missing", 2, 4, "value", NULL, "the value is empty");
}

static void test_import_values_rejects_negative_count(void **state)
{
	(void)state;
	const char *csv = HEAD "hnte_count,zcq,2024,-5,家,x\n";
	expect_rejected("bad.csv", csv, strlen(csv), NULL, NULL);
	expect_counts(1, 1);
	expect_diag(0, "bad.csv", "count-jia-non-negative", 2, 4, "value", "-5",
		    "rule 'count-jia-non-negative': value -5 is negative; this indicator cannot be");
}

static void test_import_values_rejects_child_above_parent(void **state)
{
	(void)state;
	/* the base holds 长沙 233.82 for 2019: a 长株潭 total below it is wrong */
	const char *csv = HEAD "tech_contract_turnover,czt,2019,200,亿元,x\n";
	expect_rejected("bad.csv", csv, strlen(csv), NULL, NULL);
	expect_counts(1, 1);
	expect_diag(0, "bad.csv", "children-le-parent", 2, 4, "value", "200",
		    "rule 'children-le-parent': value 233.82 of 'changsha' is larger than 200 of its parent region 'czt'");
}

static void test_import_values_rejects_unconvertible_unit(void **state)
{
	(void)state;
	const char *csv = HEAD "population,changsha,2021,1023.93,千人,x\n";
	expect_rejected("bad.csv", csv, strlen(csv), NULL, NULL);
	expect_counts(1, 1);
	expect_diag(0, "bad.csv", "bad_unit", 2, 5, "unit", "千人",
		    "unit '千人' cannot be converted to the indicator's unit '万人'");
}

static void test_import_values_reports_every_bad_row(void **state)
{
	(void)state;
	const char *csv = "indicator,region,period,value,unit,qualifier,source_url\n"
			  "tech_contract_turnover,changsha,2021,520,亿元,,https://a.cn/x\n" /* good */
			  "nope,changsha,2021,1,亿元,,\n"
			  "tech_contract_turnover,长沙,2021Q0,1,亿元,,\n"
			  "tech_contract_turnover,zhuzhou,2021,1.2.3,亿元,,\n"
			  "tech_contract_turnover,xiangtan,2021,5,米,,\n"
			  "tech_contract_turnover,hunan,2021,1000,亿元,maybe,\n"
			  "tech_contract_turnover,czt,2021,800,亿元,,ftp://a.cn/x\n"
			  "tech_contract_turnover,changsha,2021,520,亿元,,\n";
	expect_rejected("several.csv", csv, strlen(csv), NULL, NULL);
	expect_counts(7, 7);
	expect_diag(0, "several.csv", "unknown_indicator", 3, 1, "indicator", "nope",
		    "unknown indicator 'nope': give its code, Chinese or English name as in the plan");
	expect_diag(1, "several.csv", "bad_period", 4, 3, "period", "2021Q0",
		    "'2021Q0' is not a period: write 2024, 2024Q3 or 2024-07");
	expect_diag(2, "several.csv", "bad_number", 5, 4, "value", "1.2.3", "'1.2.3' is not a number");
	expect_diag(3, "several.csv", "bad_unit", 6, 5, "unit", "米", "unit '米' cannot be converted to the indicator's unit '亿元'");
	expect_diag(4, "several.csv", "bad_value", 7, 6, "qualifier", "maybe",
		    "unknown qualifier 'maybe': use lower_bound, approx, forecast_lower_bound or upper_bound");
	expect_diag(5, "several.csv", "bad_url", 8, 7, "source_url", "ftp://a.cn/x",
		    "a source link must start with http:// or https://");
	expect_diag(6, "several.csv", "duplicate_row", 9, 0, NULL, NULL,
		    "the same indicator, region and period as row 2: give each value once, or number "
		    "the figure and its revisions in a 'revision' column");
}

static void test_import_values_rejects_header_only_and_empty_files(void **state)
{
	(void)state;
	expect_rejected("head.csv", HEAD, strlen(HEAD), NULL, NULL);
	expect_counts(1, 1);
	expect_diag(0, "head.csv", "no_rows", 1, 0, NULL, NULL, "the file has a header but no values");

	teardown(state);
	setup(state);
	expect_rejected("empty.csv", "", 0, NULL, NULL);
	expect_counts(1, 1);
	expect_diag(0, "empty.csv", "empty_file", 1, 0, NULL, NULL, "the file is empty: a header row is required");
}

static void test_import_values_converts_units(void **state)
{
	(void)state;
	const char *csv = HEAD "population,changsha,2020,10047914,人,七普\n"
			       "population,zhuzhou,2021,388.33,万人,公报\n"
			       "tech_contract_turnover,xiangtan,2019,656600,万元,x\n";
	import_ok("units.csv", csv, strlen(csv), NULL);
	size_t n;
	struct obs *h = all_history(&n);
	assert_int_equal(n, 3);
	const struct obs *o = find_obs(h, n, "population", "changsha", "2020");
	assert_true(fabs(o->value - 1004.7914) < 1e-9);
	assert_string_equal(o->unit_given, "人");
	assert_int_equal(o->has_value_given, 1);
	assert_true(o->value_given == 10047914);
	o = find_obs(h, n, "population", "zhuzhou", "2021");
	assert_true(o->value == 388.33);
	assert_null(o->unit_given);
	assert_int_equal(o->has_value_given, 0);
	o = find_obs(h, n, "tech_contract_turnover", "xiangtan", "2019");
	assert_true(fabs(o->value - 65.66) < 1e-9);
	assert_string_equal(o->unit_given, "万元");
	assert_true(o->value_given == 656600);

	/* the same file again is unchanged: the converted value compares equal */
	import_ok("units.csv", csv, strlen(csv), NULL);
	assert_int_equal(fx.res.n_unchanged, 3);
}

static void test_import_values_qualifiers(void **state)
{
	(void)state;
	const char *csv = "indicator,region,period,value,qualifier\n"
			  "tech_contract_turnover,czt,2024,≥1200,\n"
			  "hnte_count,zcq,2024,约4000,\n"
			  "tsme_count,zcq,2024,>= 9000,\n"
			  "innovation_platforms_cs,changsha,2023,3000,lower_bound\n"
			  "city_rank_changsha,changsha,2023,≤10,\n"
			  "five_type_rd_centers,changsha,2024,130,approx\n"
			  "parks_100bn,czt,2024,≈12,forecast_lower_bound\n";
	import_ok("q.csv", csv, strlen(csv), NULL);
	size_t n;
	struct obs *h = all_history(&n);
	assert_int_equal(n, 7);
	const struct obs *o = find_obs(h, n, "tech_contract_turnover", "czt", "2024");
	assert_true(o->value == 1200);
	assert_int_equal(o->qualifier, QUAL_LOWER_BOUND);
	o = find_obs(h, n, "hnte_count", "zcq", "2024");
	assert_true(o->value == 4000);
	assert_int_equal(o->qualifier, QUAL_APPROX);
	o = find_obs(h, n, "tsme_count", "zcq", "2024");
	assert_true(o->value == 9000);
	assert_int_equal(o->qualifier, QUAL_LOWER_BOUND);
	o = find_obs(h, n, "innovation_platforms_cs", "changsha", "2023");
	assert_true(o->value == 3000);
	assert_int_equal(o->qualifier, QUAL_LOWER_BOUND);
	o = find_obs(h, n, "city_rank_changsha", "changsha", "2023");
	assert_true(o->value == 10);
	assert_int_equal(o->qualifier, QUAL_UPPER_BOUND);
	o = find_obs(h, n, "five_type_rd_centers", "changsha", "2024");
	assert_true(o->value == 130);
	assert_int_equal(o->qualifier, QUAL_APPROX);
	/* the qualifier column says more than the mark */
	o = find_obs(h, n, "parks_100bn", "czt", "2024");
	assert_true(o->value == 12);
	assert_int_equal(o->qualifier, QUAL_FORECAST_LOWER_BOUND);

	/* the same value with another qualifier is a new revision */
	const char *csv2 = "indicator,region,period,value\nhnte_count,zcq,2024,4000\n";
	import_ok("q2.csv", csv2, strlen(csv2), NULL);
	assert_int_equal(fx.res.n_revised, 1);
	assert_int_equal(fx.res.changes[0].after.qualifier, QUAL_EXACT);
}

static void test_import_values_yoy_jump_is_a_warning(void **state)
{
	(void)state;
	load_base();
	const char *csv = HEAD "tech_contract_turnover,changsha,2020,600,亿元,x\n"
			       "tech_contract_turnover,zhuzhou,2020,110,亿元,x\n";
	enum status rc = import_text("jump.csv", csv);
	assert_int_equal(rc, ST_OK);
	expect_counts(0, 1);
	expect_diag(0, "jump.csv", "yoy-jump", 2, 4, "value", "600",
		    "rule 'yoy-jump': value 600 changed by +157% from 233.82 a year earlier (more than 100%)");
	assert_int_equal(fx.diags.items[0].is_warning, 1);
	assert_int_equal(fx.res.n_new, 2);
	assert_int_equal(fx.res.batch_id, 2);
	size_t n;
	all_history(&n);
	assert_int_equal(n, 8);

	/* a stored value that jumps from a new one is blamed on the new one */
	const char *csv2 = HEAD "tech_contract_turnover,changsha,2018,100,亿元,x\n";
	rc = import_text("before.csv", csv2);
	assert_int_equal(rc, ST_OK);
	expect_counts(0, 1);
	expect_diag(0, "before.csv", "yoy-jump", 2, 4, "value", "100",
		    "rule 'yoy-jump': value 233.82 changed by +134% from 100 a year earlier (more than 100%)");
}

static void test_import_values_status_and_unused_column(void **state)
{
	(void)state;
	const char *csv = "indicator,region,period,value,remarks\nhnte_count,zcq,2024,8000,checked\n";
	enum status rc = import_opts_buf("v.csv", csv, strlen(csv), NULL, NULL, OBS_PUBLISHED, 0);
	assert_int_equal(rc, ST_OK);
	expect_counts(0, 1);
	expect_diag(0, "v.csv", "unused_column", 1, 5, NULL, NULL, "column 'remarks' is not used");
	size_t n;
	struct obs *cur = current_of("hnte_count", NULL, OBS_VIEW_PUBLIC, &n);
	assert_int_equal(n, 1);
	assert_int_equal(cur[0].status, OBS_PUBLISHED);
}

/* A file of many cells of an indicator the store already holds (the writer then reads the
 * indicator's newest revisions at once) and of another it holds none of: a duplicate row, or an
 * error on the last line, refuses the file and leaves the store's bytes as they were; the clean
 * file writes exactly its revisions and new cells; the same file again writes nothing. */
static void test_import_values_many_cells_of_stored_indicators(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	bw(&b, HEAD);
	for (int y = 1900; y < 2200; y++)
		bwf(&b, "hnte_count,changsha,%d,100,家,x\n", y);
	import_ok("first.csv", buf_str(&b), b.len, NULL);
	assert_int_equal(fx.res.n_new, 300);
	/* the second file: ten revised cells, ten new ones, the rest as stored */
	buf_reset(&b);
	bw(&b, HEAD);
	for (int y = 1900; y < 2200; y++)
		bwf(&b, "hnte_count,changsha,%d,%d,家,x\n", y, y < 1910 ? 101 : 100);
	for (int y = 1900; y < 1910; y++)
		bwf(&b, "hnte_count,zhuzhou,%d,50,家,x\n", y);
	size_t clean_len = b.len;
	size_t len_before, len_after;
	unsigned char *bytes_before = db_bytes(&len_before);
	bw(&b, "hnte_count,changsha,2000,100,家,x\n"); /* line 312: row 102 again */
	assert_int_equal(import_text("dup.csv", buf_str(&b)), ST_INVALID);
	expect_counts(1, 1);
	expect_diag(0, "dup.csv", "duplicate_row", 312, 0, NULL, NULL,
		    "the same indicator, region and period as row 102: give each value once, or number "
		    "the figure and its revisions in a 'revision' column");
	b.len = clean_len;
	bw(&b, "hnte_count,nowhere,2000,100,家,x\n");
	assert_int_equal(import_text("last.csv", buf_str(&b)), ST_INVALID);
	expect_counts(1, 1);
	assert_string_equal(fx.diags.items[0].code, "unknown_region");
	assert_int_equal(fx.diags.items[0].line, 312);
	unsigned char *bytes_after = db_bytes(&len_after);
	assert_int_equal(len_after, len_before);
	assert_memory_equal(bytes_after, bytes_before, len_before);
	b.len = clean_len;
	import_ok("second.csv", buf_str(&b), b.len, NULL);
	assert_int_equal(fx.res.n_rows, 310);
	assert_int_equal(fx.res.n_revised, 10);
	assert_int_equal(fx.res.n_new, 10);
	assert_int_equal(fx.res.n_unchanged, 290);
	size_t n;
	struct obs *h = history_of("hnte_count", "changsha", "1905", &n);
	assert_int_equal(n, 2);
	assert_true(h[0].value == 100 && h[1].value == 101 && h[1].revision == 2);
	h = history_of("hnte_count", "changsha", "1910", &n);
	assert_int_equal(n, 1);
	h = history_of("hnte_count", "zhuzhou", "1905", &n);
	assert_int_equal(n, 1);
	assert_true(h[0].value == 50);
	all_history(&n);
	assert_int_equal(n, 320);
	import_ok("second.csv", buf_str(&b), b.len, NULL);
	assert_int_equal(fx.res.n_unchanged, 310);
	assert_int_equal(fx.res.batch_id, 0);
	all_history(&n);
	assert_int_equal(n, 320);
	buf_release(&b);
}

int main(void)
{
	setenv("INNOMON_NOW", NOW, 1);
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_import_values_csv_utf8),
		T(test_import_values_same_data_in_every_format),
		T(test_import_values_skips_empty_rows_like_xlsx),
		T(test_import_values_chinese_headers_and_names),
		T(test_import_values_reimport_changes_nothing),
		T(test_import_values_changed_value_is_revision_2),
		T(test_import_values_dry_run_writes_nothing),
		T(test_import_values_rejects_wrong_encoding),
		T(test_import_values_rejects_unknown_indicator_and_region),
		T(test_import_values_names_as_typed),
		T(test_import_values_rejects_near_names),
		T(test_import_values_skips_blank_template_rows),
		T(test_import_values_rejects_template_not_filled_in),
	T(test_import_values_rejects_bad_periods),
		T(test_import_values_rejects_non_numbers),
		T(test_import_values_rejects_row_of_another_shape),
		T(test_import_values_citation_columns),
		T(test_import_values_rejects_bad_publication_dates),
		T(test_import_values_revision_rows),
		T(test_import_values_rejects_bad_revision_rows),
		T(test_import_values_rejects_duplicate_rows),
		T(test_import_values_rejects_truncated_xlsx),
		T(test_import_values_rejects_formula_cells),
		T(test_import_values_rejects_missing_sheet),
		T(test_import_values_rejects_missing_column),
		T(test_import_values_rejects_empty_value),
		T(test_import_values_rejects_negative_count),
		T(test_import_values_rejects_child_above_parent),
		T(test_import_values_rejects_unconvertible_unit),
		T(test_import_values_reports_every_bad_row),
		T(test_import_values_rejects_header_only_and_empty_files),
		T(test_import_values_converts_units),
		T(test_import_values_qualifiers),
		T(test_import_values_yoy_jump_is_a_warning),
		T(test_import_values_status_and_unused_column),
		T(test_import_values_many_cells_of_stored_indicators),
	};
#undef T
	return cmocka_run_group_tests_name("ingest/import", tests, group_setup, group_teardown);
}
