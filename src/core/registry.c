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
	{"code", "统一社会信用代码", RT_TEXT, 1, 1, NULL, NULL, NULL},
	{"name", "企业名称", RT_TEXT, 0, 1, NULL, NULL, NULL},
	{"region", "地区", RT_REGION, 0, 1, NULL, NULL, NULL},
	{"cert", "资质", RT_ENUM, 1, 1, certs, certs_zh, NULL},
	{"valid_from", "有效期起", RT_DATE, 1, 1, NULL, NULL, NULL},
	{"valid_to", "有效期止", RT_DATE, 0, 0, NULL, NULL, NULL},
};
static const struct reg_field f_contracts[] = {
	{"no", "合同编号", RT_TEXT, 1, 1, NULL, NULL, NULL},
	{"signed", "签订日期", RT_DATE, 0, 1, NULL, NULL, NULL},
	{"amount", "成交额", RT_NUMBER, 0, 1, NULL, NULL, "万元"},
	{"region", "地区", RT_REGION, 0, 1, NULL, NULL, NULL},
	{"buyer", "买方", RT_TEXT, 0, 0, NULL, NULL, NULL},
	{"seller", "卖方", RT_TEXT, 0, 0, NULL, NULL, NULL},
};
static const struct reg_field f_patents[] = {
	{"no", "专利号", RT_TEXT, 1, 1, NULL, NULL, NULL},
	{"granted", "授权日", RT_DATE, 0, 1, NULL, NULL, NULL},
	{"lapsed", "失效日", RT_DATE, 0, 0, NULL, NULL, NULL},
	{"region", "地区", RT_REGION, 0, 1, NULL, NULL, NULL},
};
static const struct reg_field f_platforms[] = {
	{"code", "平台代码", RT_TEXT, 1, 1, NULL, NULL, NULL},
	{"name", "平台名称", RT_TEXT, 0, 1, NULL, NULL, NULL},
	{"level", "级别", RT_ENUM, 0, 1, levels, levels_zh, NULL},
	{"kind", "类型", RT_TEXT, 0, 1, NULL, NULL, NULL},
	{"recognised", "认定日期", RT_DATE, 0, 1, NULL, NULL, NULL},
	{"region", "地区", RT_REGION, 0, 1, NULL, NULL, NULL},
};
static const struct reg_field f_talents[] = {
	{"id", "编号", RT_TEXT, 1, 1, NULL, NULL, NULL},
	{"programme", "人才计划", RT_TEXT, 0, 1, NULL, NULL, NULL},
	{"year", "入选年度", RT_YEAR, 0, 1, NULL, NULL, NULL},
	{"region", "地区", RT_REGION, 0, 1, NULL, NULL, NULL},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))
static const struct reg_kind_info kinds[REG_N_KINDS] = {
	[REG_ENTERPRISES] = {"enterprises", "企业", f_enterprises, N(f_enterprises), 2},
	[REG_CONTRACTS] = {"contracts", "技术合同", f_contracts, N(f_contracts), 3},
	[REG_PATENTS] = {"patents", "发明专利", f_patents, N(f_patents), 3},
	[REG_PLATFORMS] = {"platforms", "创新平台", f_platforms, N(f_platforms), 5},
	[REG_TALENTS] = {"talents", "高层次人才", f_talents, N(f_talents), 3},
};

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
	unsigned bit = 1u << f;
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
		if ((t != RT_DATE && t != RT_YEAR) || (row->nulls & (1u << f)))
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
