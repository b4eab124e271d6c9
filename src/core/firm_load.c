/* firm_load.c - firms from registry records: the `firms` rows (one per firm and year, text
 * values as the registry holds them) grouped by credit code into struct firm with exact
 * figures (万元 to whole yuan, shares to 1/10000), and the firm's certificates from the
 * `enterprises` registry attached by code. Text that does not read as its field's type is taken
 * as unknown, so stored or fuzzed records never crash an evaluation. Pure. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "core/firm_load.h"
#include "base/banned.h"

enum conv { CV_WAN, CV_COUNT, CV_PCT, CV_SIGNED_WAN };

static const struct {
	const char *field;
	size_t off;
	enum conv conv;
} figures[] = {
	{"staff", offsetof(struct firm_year, staff), CV_COUNT},
	{"tech_staff", offsetof(struct firm_year, tech_staff), CV_COUNT},
	{"rd_staff", offsetof(struct firm_year, rd_staff), CV_COUNT},
	{"revenue", offsetof(struct firm_year, revenue), CV_WAN},
	{"main_revenue", offsetof(struct firm_year, main_revenue), CV_WAN},
	{"cost", offsetof(struct firm_year, cost), CV_WAN},
	{"assets", offsetof(struct firm_year, assets), CV_WAN},
	{"liabilities", offsetof(struct firm_year, liabilities), CV_WAN},
	{"net_profit", offsetof(struct firm_year, net_profit), CV_SIGNED_WAN},
	{"rd", offsetof(struct firm_year, rd), CV_WAN},
	{"rd_domestic", offsetof(struct firm_year, rd_domestic), CV_WAN},
	{"hitech_revenue", offsetof(struct firm_year, hitech_revenue), CV_WAN},
	{"total_income", offsetof(struct firm_year, total_income), CV_WAN},
	{"equity", offsetof(struct firm_year, equity), CV_WAN},
	{"ip1", offsetof(struct firm_year, ip1), CV_COUNT},
	{"ip1_self", offsetof(struct firm_year, ip1_self), CV_COUNT},
	{"ip1_hv", offsetof(struct firm_year, ip1_hv), CV_COUNT},
	{"ip2", offsetof(struct firm_year, ip2), CV_COUNT},
	{"ip2_self", offsetof(struct firm_year, ip2_self), CV_COUNT},
	{"conversions", offsetof(struct firm_year, conversions), CV_COUNT},
	{"market_share", offsetof(struct firm_year, market_share), CV_PCT},
};

#define N_FIG (sizeof(figures) / sizeof(figures[0]))

/* The text of field name of r, or NULL. */
/* A year field's text as a year, 0 when it is not one. */
static int year_of(const char *v)
{
	int64_t y;
	return v && num_parse_int(str_of(v), 1900, 2200, &y) ? (int)y : 0;
}

static const char *val(const struct reg_record *r, const char *name)
{
	int f = reg_field_find(REG_FIRMS, name, strlen(name));
	return f >= 0 && r->vals ? r->vals[f] : NULL;
}

int64_t firm_parse_figure(const char *text, int is_wan, int is_pct)
{
	double d;
	/* 1e10 万元 (a hundred trillion yuan) is beyond any firm and keeps every product of a figure
	 * and a share in 1/10000 inside 64 bits */
	if (!text || !num_parse_double(str_of(text), &d) || !isfinite(d) || fabs(d) > FIRM_FIGURE_MAX)
		return FIRM_NA;
	/* 万元 with up to 4 decimals is whole yuan; a percent with up to 2 is 1/10000 */
	if (is_wan)
		return llround(d * FIRM_WAN);
	if (is_pct)
		return llround(d * 100);
	return (int64_t)d;
}

static int pick(const char *v, const char *const *codes, const int *values, int none)
{
	for (size_t i = 0; v && codes[i]; i++)
		if (strcmp(v, codes[i]) == 0)
			return values[i];
	return none;
}

static int tri(const char *v)
{
	return !v ? -1 : strcmp(v, "yes") == 0 ? 1 : strcmp(v, "no") == 0 ? 0 : -1;
}

static unsigned parse_titles(const char *v)
{
	static const char *const names[] = {"tech_innov_demo", "ip_advantage", "ip_demo", "chuangke500", "chuangke50",
					    "quality_award", "mgmt_cert", "own_brand"};
	unsigned bits = 0;
	for (size_t i = 0; v && i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n = strlen(names[i]);
		for (const char *p = strstr(v, names[i]); p; p = strstr(p + 1, names[i]))
			if ((p == v || p[-1] == ';') && (p[n] == '\0' || p[n] == ';'))
				bits |= 1u << i;
	}
	return bits;
}

void firm_year_from_record(const struct plan *p, const struct reg_record *r, struct firm_year *y)
{
	firm_year_init(y, year_of(val(r, "year")));
	y->region = r->region >= 0 ? r->region : (p && val(r, "region") ? plan_find_region(p, val(r, "region")) : -1);
	for (size_t i = 0; i < N_FIG; i++) {
		enum conv c = figures[i].conv;
		int64_t v = firm_parse_figure(val(r, figures[i].field), c == CV_WAN || c == CV_SIGNED_WAN, c == CV_PCT);
		if (v < 0 && c != CV_SIGNED_WAN)
			v = FIRM_NA; /* only a profit may be negative: anything else is not a figure */
		memcpy((char *)y + figures[i].off, &v, sizeof(v));
	}
	static const char *const awards[] = {"national", "provincial", NULL};
	static const int award_v[] = {AWARD_NATIONAL, AWARD_PROVINCIAL};
	static const char *const orgs[] = {"national", "provincial", "inhouse", NULL};
	static const int org_v[] = {RDORG_NATIONAL, RDORG_PROVINCIAL, RDORG_INHOUSE};
	static const char *const stds[] = {"led", "participated", NULL};
	static const int std_v[] = {STD_LED, STD_PARTICIPATED};
	static const char *const meas[] = {"sales", "cost", NULL};
	static const int meas_v[] = {RDM_SALES, RDM_COST};
	static const char *const levels[] = {"1", "2", "3", "4", NULL};
	static const int level_v[] = {1, 2, 3, 4};
	/* holdings left empty mean none (docs/firms.md); flags left empty mean unknown */
	y->award = pick(val(r, "award"), awards, award_v, AWARD_NONE);
	int64_t rank = firm_parse_figure(val(r, "award_rank"), 0, 0);
	y->award_rank = rank == FIRM_NA || rank < 0 || rank > 1000 ? 0 : (int)rank;
	y->rd_org = pick(val(r, "rd_org"), orgs, org_v, RDORG_NONE);
	y->standard = pick(val(r, "standard"), stds, std_v, STD_NONE);
	y->rd_measure = pick(val(r, "rd_measure"), meas, meas_v, RDM_NONE);
	y->digital_level = pick(val(r, "digital_level"), levels, level_v, 0);
	const char *t = val(r, "titles");
	y->titles_known = t != NULL;
	y->titles = parse_titles(t);
	y->market_since = year_of(val(r, "market_since"));
	y->emerging = tri(val(r, "emerging"));
	y->hnte_field = tri(val(r, "hnte_field"));
	y->compliance = tri(val(r, "compliance"));
	static const char *const pts[4] = {"hnte_pts_ip", "hnte_pts_conversion", "hnte_pts_management", "hnte_pts_growth"};
	static const int caps[4] = {30, 30, 20, 20};
	for (int k = 0; k < 4; k++) {
		int64_t v = firm_parse_figure(val(r, pts[k]), 0, 0);
		y->hnte_expert[k] = v == FIRM_NA || v < 0 || v > caps[k] ? -1 : (int)v;
	}
}

struct keyed {
	const struct reg_record *r;
	const char *code;
	int year;
};

static int keyed_cmp(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	int c = strcmp(a->code, b->code);
	return c ? c : (a->year > b->year) - (a->year < b->year);
}

static int cert_cmp(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	return strcmp(a->code, b->code);
}

size_t firm_load(struct arena *a, const struct plan *p, const struct reg_record *rows, size_t n, const struct reg_record *ent,
		 size_t n_ent, struct firm **out)
{
	struct keyed *k = arena_calloc(a, n ? n : 1, sizeof(*k));
	size_t nk = 0;
	for (size_t i = 0; i < n; i++) {
		const char *code = val(&rows[i], "code");
		int year = year_of(val(&rows[i], "year"));
		if (code && year)
			k[nk++] = (struct keyed){&rows[i], code, year};
	}
	qsort(k, nk, sizeof(*k), keyed_cmp);
	/* certificates by code, for a binary search per firm */
	struct keyed *c = arena_calloc(a, n_ent ? n_ent : 1, sizeof(*c));
	size_t nc = 0;
	int cf = reg_field_find(REG_ENTERPRISES, "code", 4);
	for (size_t i = 0; i < n_ent; i++)
		if (ent[i].vals && ent[i].vals[cf])
			c[nc++] = (struct keyed){&ent[i], ent[i].vals[cf], 0};
	qsort(c, nc, sizeof(*c), cert_cmp);
	int f_cert = reg_field_find(REG_ENTERPRISES, "cert", 4), f_from = reg_field_find(REG_ENTERPRISES, "valid_from", 10),
	    f_to = reg_field_find(REG_ENTERPRISES, "valid_to", 8);

	size_t n_firms = 0;
	for (size_t i = 0; i < nk; i++)
		n_firms += i == 0 || strcmp(k[i].code, k[i - 1].code) != 0;
	struct firm *firms = arena_calloc(a, n_firms ? n_firms : 1, sizeof(*firms));
	size_t at = 0;
	for (size_t i = 0; i < nk;) {
		size_t j = i;
		while (j < nk && strcmp(k[j].code, k[i].code) == 0)
			j++;
		struct firm *f = &firms[at++];
		f->code = k[i].code;
		f->years = arena_calloc(a, j - i, sizeof(*f->years));
		for (size_t m = i; m < j; m++) {
			if (f->n_years && f->years[f->n_years - 1].year == k[m].year)
				continue; /* one row per year: the registry's key makes this unreachable */
			firm_year_from_record(p, k[m].r, &f->years[f->n_years++]);
		}
		const struct reg_record *last = k[j - 1].r;
		f->name = val(last, "name");
		f->region = f->years[f->n_years - 1].region;
		/* the founding date: the latest row that gives one */
		for (size_t m = j; m > i && !f->founded; m--)
			f->founded = val(k[m - 1].r, "founded");
		struct keyed probe = {NULL, f->code, 0};
		struct keyed *hit = nc ? bsearch(&probe, c, nc, sizeof(*c), cert_cmp) : NULL;
		if (hit) {
			while (hit > c && strcmp(hit[-1].code, f->code) == 0)
				hit--;
			size_t m = 0;
			while (hit + m < c + nc && strcmp(hit[m].code, f->code) == 0)
				m++;
			struct firm_cert *certs = arena_calloc(a, m, sizeof(*certs));
			for (size_t q = 0; q < m; q++)
				certs[q] = (struct firm_cert){hit[q].r->vals[f_cert], hit[q].r->vals[f_from], hit[q].r->vals[f_to]};
			f->certs = certs;
			f->n_certs = m;
		}
		i = j;
	}
	*out = firms;
	return n_firms;
}

const struct firm *firm_find(const struct firm *firms, size_t n, const char *code)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(firms[mid].code, code);
		if (c == 0)
			return &firms[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
