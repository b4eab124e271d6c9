/* registry.c - the registry schema table and small record helpers (see registry.h). Pure. */
#include <stdio.h>
#include <string.h>

#include "base/num.h"
#include "core/registry.h"
#include "base/banned.h"

static const char *const certs[] = {"tsme", "hnte", "little_giant", "leading", NULL};
static const char *const certs_zh[] = {"科技型中小企业", "高新技术企业", "专精特新小巨人", "科技领军企业", NULL};
static const char *const levels[] = {"national", "provincial", NULL};
static const char *const levels_zh[] = {"国家级", "省级", NULL};

static const struct reg_field f_enterprises[] = {
	{"code", "统一社会信用代码", RT_TEXT, 1, 1, NULL, NULL, NULL, 0, 0},
	{"name", "企业名称", RT_TEXT, 0, 1, NULL, NULL, NULL, 0, 0},
	{"region", "地区", RT_REGION, 0, 1, NULL, NULL, NULL, 0, 0},
	{"cert", "资质", RT_ENUM, 1, 1, certs, certs_zh, NULL, 0, 0},
	{"valid_from", "有效期起", RT_DATE, 1, 1, NULL, NULL, NULL, 0, 0},
	{"valid_to", "有效期止", RT_DATE, 0, 0, NULL, NULL, NULL, 0, 0},
};
static const struct reg_field f_contracts[] = {
	{"no", "合同编号", RT_TEXT, 1, 1, NULL, NULL, NULL, 0, 0},
	{"signed", "签订日期", RT_DATE, 0, 1, NULL, NULL, NULL, 0, 0},
	{"amount", "成交额", RT_NUMBER, 0, 1, NULL, NULL, "万元", 0, 0},
	{"region", "地区", RT_REGION, 0, 1, NULL, NULL, NULL, 0, 0},
	{"buyer", "买方", RT_TEXT, 0, 0, NULL, NULL, NULL, 0, 0},
	{"seller", "卖方", RT_TEXT, 0, 0, NULL, NULL, NULL, 0, 0},
};
static const struct reg_field f_patents[] = {
	{"no", "专利号", RT_TEXT, 1, 1, NULL, NULL, NULL, 0, 0},
	{"granted", "授权日", RT_DATE, 0, 1, NULL, NULL, NULL, 0, 0},
	{"lapsed", "失效日", RT_DATE, 0, 0, NULL, NULL, NULL, 0, 0},
	{"region", "地区", RT_REGION, 0, 1, NULL, NULL, NULL, 0, 0},
};
static const struct reg_field f_platforms[] = {
	{"code", "平台代码", RT_TEXT, 1, 1, NULL, NULL, NULL, 0, 0},
	{"name", "平台名称", RT_TEXT, 0, 1, NULL, NULL, NULL, 0, 0},
	{"level", "级别", RT_ENUM, 0, 1, levels, levels_zh, NULL, 0, 0},
	{"kind", "类型", RT_TEXT, 0, 1, NULL, NULL, NULL, 0, 0},
	{"recognised", "认定日期", RT_DATE, 0, 1, NULL, NULL, NULL, 0, 0},
	{"region", "地区", RT_REGION, 0, 1, NULL, NULL, NULL, 0, 0},
};
static const char *const yes_no[] = {"yes", "no", NULL};
static const char *const yes_no_zh[] = {"是", "否", NULL};
static const char *const awards[] = {"national", "provincial", NULL};
static const char *const awards_zh[] = {"国家级", "省级", NULL};
static const char *const rd_orgs[] = {"national", "provincial", "inhouse", NULL};
static const char *const rd_orgs_zh[] = {"国家级", "省部级", "自建", NULL};
static const char *const standards[] = {"led", "participated", NULL};
static const char *const standards_zh[] = {"主导制定", "参与制定", NULL};
static const char *const measures[] = {"sales", "cost", NULL};
static const char *const measures_zh[] = {"销售收入", "成本费用", NULL};
static const char *const digital[] = {"1", "2", "3", "4", NULL};
static const char *const digital_zh[] = {"一级", "二级", "三级", "四级", NULL};
/* the order of enum firm_title in core/firm.h, then "none" */
static const char *const titles[] = {"tech_innov_demo", "ip_advantage", "ip_demo", "chuangke500", "chuangke50", "quality_award",
				     "mgmt_cert", "own_brand", "none", NULL};
static const char *const titles_zh[] = {"国家级技术创新示范企业", "知识产权优势企业", "知识产权示范企业", "创客中国500强", "创客中国50强",
					"省级以上质量奖", "管理体系认证", "自主品牌", "无", NULL};

#define WAN(name, zh) {name, zh, RT_NUMBER, 0, 0, NULL, NULL, "万元", 0, 0}
#define COUNT(name, zh) {name, zh, RT_NUMBER, 0, 0, NULL, NULL, NULL, REGF_INTEGER, 0}
#define PICK(name, zh, list) {name, zh, RT_ENUM, 0, 0, list, list##_zh, NULL, 0, 0}
/* one row per firm and fiscal year: the figures the evaluation methods read (core/eval.h) */
static const struct reg_field f_firms[] = {
	{"code", "统一社会信用代码", RT_USCC, 1, 1, NULL, NULL, NULL, 0, 0},
	{"year", "年度", RT_YEAR, 1, 1, NULL, NULL, NULL, 0, 0},
	{"name", "企业名称", RT_TEXT, 0, 1, NULL, NULL, NULL, 0, 0},
	{"region", "地区", RT_REGION, 0, 1, NULL, NULL, NULL, 0, 0},
	{"founded", "成立日期", RT_DATE, 0, 0, NULL, NULL, NULL, 0, 0},
	COUNT("staff", "职工总数"),
	COUNT("tech_staff", "科技人员数"),
	COUNT("rd_staff", "研发人员数"),
	WAN("revenue", "营业收入"),
	WAN("main_revenue", "主营业务收入"),
	WAN("cost", "成本费用支出总额"),
	WAN("assets", "资产总额"),
	WAN("liabilities", "负债总额"),
	{"net_profit", "净利润", RT_NUMBER, 0, 0, NULL, NULL, "万元", REGF_SIGNED, 0},
	WAN("rd", "研发费用总额"),
	WAN("rd_domestic", "境内研发费用"),
	WAN("hitech_revenue", "高新技术产品（服务）收入"),
	WAN("total_income", "总收入"),
	WAN("equity", "新增股权融资"),
	COUNT("ip1", "Ⅰ类知识产权"),
	COUNT("ip1_self", "其中自主研发Ⅰ类"),
	COUNT("ip1_hv", "其中高价值Ⅰ类"),
	COUNT("ip2", "Ⅱ类知识产权"),
	COUNT("ip2_self", "其中自主研发Ⅱ类"),
	COUNT("conversions", "科技成果转化数"),
	PICK("award", "科技奖励", awards),
	COUNT("award_rank", "获奖排名"),
	PICK("rd_org", "研发机构", rd_orgs),
	PICK("standard", "标准制定", standards),
	{"titles", "称号", RT_SET, 0, 0, titles, titles_zh, NULL, 0, 0},
	{"market_since", "进入细分市场年份", RT_YEAR, 0, 0, NULL, NULL, NULL, 0, 0},
	{"market_share", "细分市场占有率", RT_NUMBER, 0, 0, NULL, NULL, "%", 0, 100},
	PICK("digital_level", "数字化水平", digital),
	PICK("emerging", "战略性新兴产业", yes_no),
	PICK("hnte_field", "高新技术领域", yes_no),
	PICK("compliance", "合规", yes_no),
	PICK("rd_measure", "研发投入计分口径", measures),
	{"hnte_pts_ip", "专家评分知识产权", RT_NUMBER, 0, 0, NULL, NULL, NULL, REGF_INTEGER, 30},
	{"hnte_pts_conversion", "专家评分成果转化", RT_NUMBER, 0, 0, NULL, NULL, NULL, REGF_INTEGER, 30},
	{"hnte_pts_management", "专家评分研发管理", RT_NUMBER, 0, 0, NULL, NULL, NULL, REGF_INTEGER, 20},
	{"hnte_pts_growth", "专家评分成长性", RT_NUMBER, 0, 0, NULL, NULL, NULL, REGF_INTEGER, 20},
};
#undef WAN
#undef COUNT
#undef PICK

static const struct reg_field f_talents[] = {
	{"id", "编号", RT_TEXT, 1, 1, NULL, NULL, NULL, 0, 0},
	{"programme", "人才计划", RT_TEXT, 0, 1, NULL, NULL, NULL, 0, 0},
	{"year", "入选年度", RT_YEAR, 0, 1, NULL, NULL, NULL, 0, 0},
	{"region", "地区", RT_REGION, 0, 1, NULL, NULL, NULL, 0, 0},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))
static const struct reg_kind_info kinds[REG_N_KINDS] = {
	[REG_ENTERPRISES] = {"enterprises", "企业", f_enterprises, N(f_enterprises), 2, 0},
	[REG_CONTRACTS] = {"contracts", "技术合同", f_contracts, N(f_contracts), 3, 0},
	[REG_PATENTS] = {"patents", "发明专利", f_patents, N(f_patents), 3, 0},
	[REG_PLATFORMS] = {"platforms", "创新平台", f_platforms, N(f_platforms), 5, 0},
	[REG_TALENTS] = {"talents", "高层次人才", f_talents, N(f_talents), 3, 0},
	[REG_FIRMS] = {"firms", "企业年度数据", f_firms, N(f_firms), 3, 1},
};
_Static_assert(N(f_firms) <= REG_MAX_FIELDS, "REG_MAX_FIELDS holds every field of a kind");

void reg_record_alloc(struct arena *a, enum reg_kind k, struct reg_record *r)
{
	r->vals = arena_calloc(a, kinds[k].n_fields, sizeof(*r->vals));
}

const struct reg_kind_info *reg_kind_info(enum reg_kind k)
{
	return &kinds[k];
}

int reg_kind_parse(const char *s, size_t len, enum reg_kind *out)
{
	for (int k = 0; k < REG_N_KINDS; k++)
		if (strlen(kinds[k].name) == len && memcmp(kinds[k].name, s, len) == 0) {
			*out = (enum reg_kind)k;
			return 1;
		}
	return 0;
}

int reg_field_find(enum reg_kind k, const char *name, size_t len)
{
	for (size_t i = 0; i < kinds[k].n_fields; i++)
		if (strlen(kinds[k].fields[i].name) == len && memcmp(kinds[k].fields[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

static int digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

int reg_date_valid(const char *s, size_t len)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;
	if (len != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return 0;
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

int reg_key_field(const struct reg_kind_info *k)
{
	int key = -1;
	for (size_t i = 0; i < k->n_fields; i++) {
		if (!k->fields[i].is_key)
			continue;
		if (key >= 0 || k->fields[i].type != RT_TEXT)
			return -1;
		key = (int)i;
	}
	return key;
}

const char *reg_record_key(struct arena *a, enum reg_kind k, const struct reg_record *r)
{
	size_t len = 0;
	for (size_t i = 0; i < kinds[k].n_fields; i++)
		if (kinds[k].fields[i].is_key)
			len += (r->vals[i] ? strlen(r->vals[i]) : 0) + 1;
	char *key = arena_alloc(a, len + 1), *at = key;
	for (size_t i = 0; i < kinds[k].n_fields; i++) {
		if (!kinds[k].fields[i].is_key)
			continue;
		if (at != key)
			*at++ = '|';
		size_t n = r->vals[i] ? strlen(r->vals[i]) : 0;
		memcpy(at, r->vals[i] ? r->vals[i] : "", n);
		at += n;
	}
	*at = '\0';
	return key;
}

int reg_record_same(enum reg_kind k, const struct reg_record *x, const struct reg_record *y)
{
	for (size_t i = 0; i < kinds[k].n_fields; i++) {
		const char *a = x->vals[i], *b = y->vals[i];
		if (!a || !b) {
			if (a != b)
				return 0;
			continue;
		}
		enum reg_type t = kinds[k].fields[i].type;
		if (t == RT_NUMBER || t == RT_YEAR) {
			double u, v;
			if (num_parse_double(str_of(a), &u) && num_parse_double(str_of(b), &v)) {
				if (u != v)
					return 0;
				continue;
			}
		}
		if (strcmp(a, b) != 0)
			return 0;
	}
	return 1;
}

void reg_region_scope(const struct plan *p, int reg, unsigned char *flags)
{
	memset(flags, 0, p->n_regions);
	if (reg < 0 || (size_t)reg >= p->n_regions)
		return;
	flags[reg] = 1;
	/* a fixed point over the parent links: regions are few, the tree is shallow */
	for (int changed = 1; changed;) {
		changed = 0;
		for (size_t g = 0; g < p->n_regions; g++) {
			if (flags[g])
				continue;
			const struct region *r = &p->regions[g];
			for (size_t k = 0; k < r->n_parents; k++) {
				int up = r->parents ? r->parents[k] : -1;
				if (up >= 0 && (size_t)up < p->n_regions && flags[up]) {
					flags[g] = 1;
					changed = 1;
					break;
				}
			}
		}
	}
}

void reg_row_set(enum reg_kind k, struct reg_row *row, int f, const char *v)
{
	const struct reg_field *fd = &kinds[k].fields[f];
	uint64_t bit = (uint64_t)1 << f;
	row->text[f] = v;
	row->nulls |= bit;
	if (!v || !*v)
		return;
	int y, m, d;
	double x;
	switch (fd->type) {
	case RT_DATE:
		if (strlen(v) < 10 || !digits(v, 4, &y) || !digits(v + 5, 2, &m) || !digits(v + 8, 2, &d))
			return;
		row->date[f] = y * 10000 + m * 100 + d;
		break;
	case RT_NUMBER:
	case RT_YEAR:
		if (!num_parse_double(str_of(v), &x))
			return;
		row->num[f] = x;
		break;
	default:
		break;
	}
	row->nulls &= ~bit;
}

void reg_row_from_record(enum reg_kind k, const struct reg_record *rec, struct reg_row *row)
{
	memset(row, 0, sizeof(*row));
	row->region = rec->region;
	for (size_t f = 0; f < kinds[k].n_fields; f++)
		reg_row_set(k, row, (int)f, rec->vals[f]);
}

int reg_row_years(enum reg_kind k, const struct reg_row *row, int *lo, int *hi)
{
	int any = 0;
	for (size_t f = 0; f < kinds[k].n_fields; f++) {
		enum reg_type t = kinds[k].fields[f].type;
		if ((t != RT_DATE && t != RT_YEAR) || (row->nulls & ((uint64_t)1 << f)))
			continue;
		int y = t == RT_DATE ? row->date[f] / 10000 : (int)row->num[f];
		if (!any || y < *lo)
			*lo = y;
		if (!any || y > *hi)
			*hi = y;
		any = 1;
	}
	return any;
}

/* FNV-1a, 64 bits: a digest to notice a change, not a defence against anyone. */
static uint64_t fnv(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (h ^ 0x1f) * 1099511628211u;
}

void reg_tree_digest(const struct plan *p, char out[17])
{
	uint64_t h = 14695981039346656037u;
	for (size_t g = 0; g < p->n_regions; g++) {
		const struct region *r = &p->regions[g];
		h = fnv(h, r->code);
		for (size_t k = 0; k < r->n_parents; k++)
			h = fnv(h, r->parents && r->parents[k] >= 0 && (size_t)r->parents[k] < p->n_regions
					   ? p->regions[r->parents[k]].code
					   : "?");
		h = fnv(h, "\n");
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}
