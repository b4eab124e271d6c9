/* gen_registries.c - the generator's five registries (see gen.h): enterprise certifications,
 * technology contracts, invention patents, innovation platforms and high-level talents, 2015 to
 * 2025, sized for one real zone at scale 1 from the figures the zone publishes (a province's
 * bulletin: about 33,000 contracts a year worth 5,400亿元, 45% of them in the three cities;
 * 高新技术企业 and 科技型中小企业 near ten thousand each). Pure. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/gen.h"
#include "base/banned.h"

#define FIRST_YEAR 2015
#define LAST_YEAR 2025

/* How many of something a year at this scale: base in the last year, growing by growth a year
 * before it. */
static long per_year(const struct gen_ctx *g, double base, double growth, int y)
{
	double n = base * g->scale * pow(growth, y - LAST_YEAR);
	return (long)floor(n + 0.5);
}

/* A year between lo and hi, drawn towards hi (registries grow: more records are recent). */
static int recent_year(struct gen_rng *r, int lo, int hi)
{
	double u = gen_unit(r);
	return hi - (int)floor((hi - lo + 1) * u * u);
}

static const char *place_name(const struct gen_ctx *g, struct gen_rng *r)
{
	return g->p->regions[gen_place(r, g->places)].name_zh;
}

/* ---- enterprises: one row per certificate, renewed or left to lapse ---- */

static const char *const h_enterprises[] = {"统一社会信用代码", "企业名称", "地区", "资质", "有效期起", "有效期止"};

/* The certificates of one firm of one kind: from first, years long (0: no end), renewed with
 * p_renew while they start by LAST_YEAR. */
static int certificates(struct gen_rng *r, const char *const *cells, gen_row_fn emit, void *ctx, const char *cert, int first,
			int years, double p_renew)
{
	char from[16], to[16];
	const char *row[6] = {cells[0], cells[1], cells[2], cert, from, to};
	int day = gen_int(r, 0, 364);
	for (int y = first; y <= LAST_YEAR; y += years ? years : 1) {
		gen_date(y, day, from);
		if (years)
			gen_date(y + years, day - 1, to);
		else
			to[0] = '\0';
		int rc = emit(ctx, row, 6);
		if (rc || !years || gen_unit(r) >= p_renew)
			return rc;
	}
	return 0;
}

static int gen_enterprises_rows(const struct gen_ctx *g, gen_row_fn emit, void *ctx)
{
	struct gen_rng r;
	gen_rng_init(&r, g->seed, "enterprises");
	long n = (long)floor(22000 * g->scale + 0.5);
	char code[32], name[64];
	const char *firm[3] = {code, name, NULL};
	for (long i = 1; i <= n; i++) {
		snprintf(code, sizeof(code), "91DEMO%012ld", i);
		snprintf(name, sizeof(name), "【演示】企业%07ld科技有限公司", i);
		firm[2] = place_name(g, &r);
		int rc = 0;
		/* 科技型中小企业: evaluated every year, most stay on the list */
		if (gen_unit(&r) < 0.7) {
			int y0 = recent_year(&r, FIRST_YEAR, LAST_YEAR);
			char from[16], to[16];
			const char *row[6] = {code, name, firm[2], "tsme", from, to};
			for (int y = y0; y <= LAST_YEAR && !rc; y++) {
				gen_date(y, gen_int(&r, 59, 180), from); /* entered in spring */
				snprintf(to, sizeof(to), "%04d-12-31", y % 10000);
				rc = emit(ctx, row, 6);
				if (gen_unit(&r) >= 0.8)
					break;
			}
		}
		/* 高新技术企业: three-year certificates, about seven in ten renewed */
		int is_hnte = gen_unit(&r) < 0.5;
		if (!rc && is_hnte)
			rc = certificates(&r, firm, emit, ctx, "hnte", recent_year(&r, FIRST_YEAR - 3, LAST_YEAR), 3, 0.72);
		if (!rc && is_hnte && gen_unit(&r) < 0.05)
			rc = certificates(&r, firm, emit, ctx, "little_giant", recent_year(&r, 2019, LAST_YEAR), 3, 0.85);
		if (!rc && gen_unit(&r) < 0.006)
			rc = certificates(&r, firm, emit, ctx, "leading", recent_year(&r, 2020, LAST_YEAR), 0, 0);
		if (rc)
			return rc;
	}
	return 0;
}

const struct gen_kind gen_enterprises = {"enterprises", h_enterprises, 6,
					 "enterprise certifications (科技型中小企业 yearly, 高新技术企业 and 小巨人 for three years, "
					 "renewed or lapsed; 科技领军企业)",
					 gen_enterprises_rows};

/* ---- contracts: amounts log-normal, a few very large ---- */

static const char *const h_contracts[] = {"合同编号", "签订日期", "成交额", "地区", "买方", "卖方"};

static int gen_contracts_rows(const struct gen_ctx *g, gen_row_fn emit, void *ctx)
{
	struct gen_rng r;
	gen_rng_init(&r, g->seed, "contracts");
	char no[40], day[16], amount[32], buyer[40], seller[40];
	const char *row[6] = {no, day, amount, NULL, buyer, seller};
	for (int y = FIRST_YEAR; y <= LAST_YEAR; y++) {
		long n = per_year(g, 15000, 1.13, y);
		for (long i = 1; i <= n; i++) {
			snprintf(no, sizeof(no), "DEMO-JS-%04d-%08ld", y, i);
			gen_day(&r, y, day);
			/* 万元: median about 120, mean about 1,350 (the province's 1,611) */
			double v = gen_lognormal(&r, log(120.0), 2.2);
			if (v < 0.01)
				v = 0.01;
			if (v > 1e7)
				v = 1e7;
			snprintf(amount, sizeof(amount), "%.2f", v);
			row[3] = place_name(g, &r);
			snprintf(buyer, sizeof(buyer), "【演示】买方%05d", gen_int(&r, 1, 20000));
			snprintf(seller, sizeof(seller), "【演示】卖方%05d", gen_int(&r, 1, 8000));
			int rc = emit(ctx, row, 6);
			if (rc)
				return rc;
		}
	}
	return 0;
}

const struct gen_kind gen_contracts = {"contracts", h_contracts, 6,
				       "technology contracts (about 15,000 a year at scale 1, amounts in 万元 log-normal)",
				       gen_contracts_rows};

/* ---- patents: granted, some lapse later ---- */

static const char *const h_patents[] = {"专利号", "授权日", "失效日", "地区"};

static int gen_patents_rows(const struct gen_ctx *g, gen_row_fn emit, void *ctx)
{
	struct gen_rng r;
	gen_rng_init(&r, g->seed, "patents");
	char no[40], granted[16], lapsed[16];
	const char *row[4] = {no, granted, lapsed, NULL};
	for (int y = FIRST_YEAR - 5; y <= LAST_YEAR; y++) {
		long n = per_year(g, 15000, 1.1, y);
		for (long i = 1; i <= n; i++) {
			snprintf(no, sizeof(no), "ZLDEMO%04d%07ld.%ld", y, i, i % 10);
			int day = gen_int(&r, 0, 364);
			gen_date(y, day, granted);
			lapsed[0] = '\0';
			if (gen_unit(&r) < 0.45) { /* the fees stop: a lapse some years on */
				int ly = y + 1 + (int)floor(-log(1.0 - gen_unit(&r)) * 5);
				if (ly <= LAST_YEAR)
					gen_date(ly, gen_int(&r, 0, 364), lapsed);
			}
			row[3] = place_name(g, &r);
			int rc = emit(ctx, row, 4);
			if (rc)
				return rc;
		}
	}
	return 0;
}

const struct gen_kind gen_patents = {"patents", h_patents, 4,
				     "invention patents granted since 2010 (about 15,000 a year at scale 1), almost half lapsing later",
				     gen_patents_rows};

/* ---- platforms ---- */

static const char *const h_platforms[] = {"平台代码", "平台名称", "级别", "类型", "认定日期", "地区"};
static const char *const national_kinds[] = {"全国重点实验室", "国家工程技术研究中心", "国家企业技术中心", "国家工程研究中心"};
static const char *const provincial_kinds[] = {"省重点实验室", "省工程技术研究中心", "省企业技术中心"};

static int gen_platforms_rows(const struct gen_ctx *g, gen_row_fn emit, void *ctx)
{
	struct gen_rng r;
	gen_rng_init(&r, g->seed, "platforms");
	long n = (long)floor(1200 * g->scale + 0.5);
	char code[32], name[64], day[16];
	for (long i = 1; i <= n; i++) {
		snprintf(code, sizeof(code), "DEMO-PT-%06ld", i);
		snprintf(name, sizeof(name), "【演示】平台%06ld", i);
		int is_national = gen_unit(&r) < 0.15;
		const char *kind = is_national ? national_kinds[gen_int(&r, 0, 3)] : provincial_kinds[gen_int(&r, 0, 2)];
		gen_day(&r, recent_year(&r, 2005, LAST_YEAR), day);
		const char *row[6] = {code, name, is_national ? "国家级" : "省级", kind, day, place_name(g, &r)};
		int rc = emit(ctx, row, 6);
		if (rc)
			return rc;
	}
	return 0;
}

const struct gen_kind gen_platforms = {"platforms", h_platforms, 6,
				       "innovation platforms recognised since 2005 (about 1,200 at scale 1, one in seven national)",
				       gen_platforms_rows};

/* ---- talents ---- */

static const char *const h_talents[] = {"编号", "人才计划", "入选年度", "地区"};
static const char *const programmes[] = {"【演示】湖湘英才", "【演示】芙蓉计划", "【演示】湖湘青年英才", "【演示】科技创新团队"};

static int gen_talents_rows(const struct gen_ctx *g, gen_row_fn emit, void *ctx)
{
	struct gen_rng r;
	gen_rng_init(&r, g->seed, "talents");
	char id[40], year[8];
	for (int y = FIRST_YEAR; y <= LAST_YEAR; y++) {
		long n = per_year(g, 700, 1.06, y);
		snprintf(year, sizeof(year), "%d", y);
		for (long i = 1; i <= n; i++) {
			snprintf(id, sizeof(id), "DEMO-RC-%04d-%06ld", y, i);
			const char *row[4] = {id, programmes[gen_int(&r, 0, 3)], year, place_name(g, &r)};
			int rc = emit(ctx, row, 4);
			if (rc)
				return rc;
		}
	}
	return 0;
}

const struct gen_kind gen_talents = {"talents", h_talents, 4, "high-level talents selected each year (about 700 at scale 1)",
				     gen_talents_rows};
