/* eval_hnte.c - 高新技术企业认定 (国科发火〔2016〕32号 第十一条 and 工作指引 国科发火〔2016〕195号;
 * methods-cn.md §2): the eight conditions exactly where the figures decide them; the innovation
 * score as the range its bands allow (experts choose points inside a band), or the experts'
 * points when the registry has them; pass above 70 (>= 71). Pure. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/eval_int.h"
#include "base/banned.h"

__extension__ typedef __int128 i128;

/* A score band: a count or rate at least `at` allows lo..hi points. */
struct pband {
	int64_t at;
	int lo, hi;
};

struct hnte_params {
	int min_days;                  /* 注册成立一年以上 */
	int64_t staff_bp;              /* 科技人员 >= 10% */
	int64_t tier1_max, tier2_max;  /* sales <= 5000万, <= 2亿 (yuan) */
	int64_t rd_bp[3];              /* 5%, 4%, 3% */
	int64_t domestic_bp, hitech_bp; /* 60%, 60% */
	int pass_mark;                 /* > 70 */
	int ip_cap;
	struct pband growth[5];        /* rates in 1/10000; the last row is "> 0" */
	struct pband conversion[5];    /* yearly average at least n items */
};

const struct hnte_params hnte_2016 = {
	365, 1000, 50000000LL, 200000000LL, {500, 400, 300}, 6000, 6000, 71, 30,
	{{3500, 9, 10}, {2500, 7, 8}, {1500, 5, 6}, {500, 3, 4}, {1, 1, 2}},
	{{5, 25, 30}, {4, 19, 24}, {3, 13, 18}, {2, 7, 12}, {1, 1, 6}},
};

#define B11 "国科发火〔2016〕32号 第十一条"
#define BG "国科发火〔2016〕195号 工作指引 十"

static const struct rule_desc r_reg = {"hnte.registered", "注册成立一年以上", "Registered for a year", B11 "（一）",
	"企业申请认定时须注册成立一年以上", "Registered at least one year when applying", IK_CONDITION, 0, 0};
static const struct rule_desc r_ip_owned = {"hnte.ip_owned", "拥有核心知识产权", "Owns core IP", B11 "（二）",
	"通过自主研发、受让、受赠、并购等方式，获得对其主要产品（服务）在技术上发挥核心支持作用的知识产权的所有权",
	"Owns IP that gives core technical support to its main products or services", IK_CONDITION, 0, 0};
static const struct rule_desc r_field = {"hnte.field", "技术领域", "Technology field", B11 "（三）",
	"对企业主要产品（服务）发挥核心支持作用的技术属于《国家重点支持的高新技术领域》规定的范围",
	"The core technology is in the state's key supported high-tech fields", IK_CONDITION, 0, 0};
static const struct rule_desc r_staff = {"hnte.staff", "科技人员占比", "S&T staff share", B11 "（四）",
	"从事研发和相关技术创新活动的科技人员占企业当年职工总数的比例不低于10%", "S&T staff are at least 10% of the year's staff", IK_CONDITION, 0, 0};
static const struct rule_desc r_rd = {"hnte.rd_ratio", "近三年研发费用占销售收入比例", "R&D over sales, last three years", B11 "（五）",
	"最近一年销售收入小于5,000万元（含）的企业不低于5%；5,000万元至2亿元（含）的不低于4%；2亿元以上的不低于3%",
	"At least 5% when the latest year's sales are up to 50 million yuan; 4% up to 200 million; 3% above", IK_CONDITION, 0, 0};
static const struct rule_desc r_domestic = {"hnte.rd_domestic", "境内研发费用占比", "R&D spent in China", B11 "（五）",
	"在中国境内发生的研究开发费用总额占全部研究开发费用总额的比例不低于60%", "R&D spent in China is at least 60% of all R&D", IK_CONDITION, 0, 0};
static const struct rule_desc r_hitech = {"hnte.hitech_income", "高新技术产品（服务）收入占比", "High-tech products and services share", B11 "（六）",
	"近一年高新技术产品（服务）收入占企业同期总收入的比例不低于60%", "High-tech product and service income is at least 60% of total income in the latest year",
	IK_CONDITION, 0, 0};
static const struct rule_desc r_score = {"hnte.score", "企业创新能力评价", "Innovation capability score", B11 "（七）；" BG,
	"企业创新能力评价应达到相应要求：综合得分70分以上（不含70分）", "The innovation score must exceed 70 (71 or more)", IK_CONDITION, 100, 0};
static const struct rule_desc r_compliance = {"hnte.compliance", "安全、质量、环境", "Safety, quality, environment", B11 "（八）",
	"企业申请认定前一年内未发生重大安全、重大质量事故或严重环境违法行为",
	"No major safety or quality accident or serious environmental violation in the year before applying", IK_CONDITION, 0, 0};

static const struct rule_desc r_adv = {"hnte.ip_advanced", "技术的先进程度", "How advanced the technology is", BG "（一）1",
	"A 高 7–8分，B 较高 5–6分，C 一般 3–4分，D 较低 1–2分，E 无 0分（专家评定）", "A 7-8, B 5-6, C 3-4, D 1-2, E 0 (experts)", IK_SCORE, 8, 0};
static const struct rule_desc r_core = {"hnte.ip_core", "对主要产品（服务）在技术上发挥核心支持作用", "Core support to the main products",
	BG "（一）2", "A 强 7–8分，B 较强 5–6分，C 一般 3–4分，D 较弱 1–2分，E 无 0分（专家评定）",
	"A 7-8, B 5-6, C 3-4, D 1-2, E 0 (experts)", IK_SCORE, 8, 0};
static const struct rule_desc r_count = {"hnte.ip_count", "知识产权数量", "Number of IP rights", BG "（一）3",
	"A 1项及以上Ⅰ类 7–8分；B 5项及以上Ⅱ类 5–6分；C 3–4项Ⅱ类 3–4分；D 1–2项Ⅱ类 1–2分；E 0项 0分",
	"A 1+ class I 7-8; B 5+ class II 5-6; C 3-4 class II 3-4; D 1-2 class II 1-2; E none 0", IK_SCORE, 8, 0};
static const struct rule_desc r_acq = {"hnte.ip_acquired", "知识产权获得方式", "How the IP was obtained", BG "（一）4",
	"A 有自主研发 1–6分；B 仅有受让、受赠和并购等 1–3分", "A some self-developed 1-6; B only transferred, donated or acquired 1-3", IK_SCORE, 6, 0};
static const struct rule_desc r_bonus = {"hnte.ip_standard", "参与编制标准（加分项）", "Took part in drafting standards (bonus)", BG "（一）5",
	"企业参与编制国家标准、行业标准、检测方法、技术规范：A 是 1–2分，B 否 0分；知识产权总分不超过30分",
	"Took part in national or industry standards, test methods or specifications: yes 1-2, no 0; the IP total stays within 30", IK_SCORE,
	2, 0};
static const struct rule_desc r_conv = {"hnte.conversion", "科技成果转化能力", "Conversion of S&T results", BG "（二）",
	"近三年年均转化：A 5项以上 25–30分；B 4项以上 19–24分；C 3项以上 13–18分；D 2项以上 7–12分；E 1项以上 1–6分；F 0项 0分",
	"Yearly average over three years: A 5+ 25-30; B 4+ 19-24; C 3+ 13-18; D 2+ 7-12; E 1+ 1-6; F none 0", IK_SCORE, 30, 0};
static const struct rule_desc r_mgmt = {"hnte.rd_management", "研究开发组织管理水平", "R&D organisation and management", BG "（三）",
	"研发管理制度与辅助账 ≤6分，研发机构与产学研合作 ≤6分，成果转化激励与创新平台 ≤4分，人才培养与激励 ≤4分（专家评定）",
	"R&D rules and accounts ≤6, R&D unit and cooperation ≤6, conversion incentives and platforms ≤4, talent systems ≤4 (experts)",
	IK_SCORE, 20, 0};
static const struct rule_desc r_g_net = {"hnte.growth_net_assets", "净资产增长率", "Net asset growth", BG "（四）",
	"≥35% 9–10分，≥25% 7–8分，≥15% 5–6分，≥5% 3–4分，>0 1–2分，≤0 0分",
	"≥35% 9-10, ≥25% 7-8, ≥15% 5-6, ≥5% 3-4, >0 1-2, ≤0 0", IK_SCORE, 10, 0};
static const struct rule_desc r_g_sales = {"hnte.growth_sales", "销售收入增长率", "Sales growth", BG "（四）",
	"≥35% 9–10分，≥25% 7–8分，≥15% 5–6分，≥5% 3–4分，>0 1–2分，≤0 0分",
	"≥35% 9-10, ≥25% 7-8, ≥15% 5-6, ≥5% 3-4, >0 1-2, ≤0 0", IK_SCORE, 10, 0};

#define GROWTH_BANDS_ZH "成长性分档表仅见于第三方规则代码（🟨），官方表格未见"
#define GROWTH_BANDS_EN "The growth band table is seen only in third-party rule code; the official table was not seen"

/* days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil) */
static long days_of(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The first year of the last-three-years window: later when the firm was founded later. */
static int window_start(const struct firm *f, int year)
{
	int y0 = year - 2;
	while (y0 < year && !firm_existed_in(f, y0))
		y0++;
	return y0;
}

/* A range item: state expert when lo < hi, met when the band gives a single value. */
static void item_range(struct eval_item *it, int lo, int hi)
{
	it->pts_min = lo, it->pts_max = hi;
	it->state = lo == hi ? IS_MET : IS_EXPERT;
}

static const char *fmt_frac(struct arena *a, i128 num, i128 den) /* (num / den) as a share, truncated */
{
	if (den <= 0)
		return "—";
	i128 h = num * 10000 / den;
	int neg = h < 0;
	if (neg)
		h = -h;
	return arena_printf(a, "%s%lld.%02lld%%", neg ? "-" : "", (long long)(h / 100), (long long)(h % 100));
}

/* A growth rate g with g + 1 = n / d (d > 0): its band, points range and text. Returns 0 when
 * no rate applies (the item scores 0). */
static void growth_band(const struct hnte_params *P, i128 n, i128 d, int *lo, int *hi, int *row)
{
	*lo = *hi = 0;
	*row = 5;
	for (int i = 0; i < 4; i++)
		if (n * FIRM_PCT >= (FIRM_PCT + (i128)P->growth[i].at) * d) {
			*lo = P->growth[i].lo, *hi = P->growth[i].hi, *row = i;
			return;
		}
	if (n > d) /* > 0 */
		*lo = P->growth[4].lo, *hi = P->growth[4].hi, *row = 4;
}

static const char *const growth_band_texts[6] = {"g ≥ 35%", "25% ≤ g < 35%", "15% ≤ g < 25%", "5% ≤ g < 15%", "0 < g < 5%", "g ≤ 0"};

/* One growth item over values v[0..2] of years y0..year (net assets or sales); n_years 1..3.
 * Sets *n, *d of g + 1 = n / d for the lift (d 0 when no rate). */
static void growth_item(struct arena *a, const struct hnte_params *P, struct eval_item *it, const int64_t *v, int n_years, i128 *pn,
			i128 *pd)
{
	*pn = *pd = 0;
	int lo, hi, row;
	if (n_years < 2) {
		item_points(it, 0);
		item_text(it, "经营不足两年：0分", "under two years in business: 0");
		item_note(it, "经营一年的按0分计（第三方规则代码，🟨）", "One year in business scores 0 (third-party rule code)");
		return;
	}
	int64_t v1 = n_years == 3 ? v[0] : 0, v2 = v[n_years - 2], v3 = v[n_years - 1];
	if (v2 <= 0) {
		item_points(it, 0);
		item_figure(a, it, "第二年末为 %s 万元：0分", "year two is %s (10k yuan): 0", fmt_wan(a, v2));
		if (v2 < 0)
			item_note(it, "第二年为负值：按为0的规定计0分（假设）", "Year two is negative: scored 0 as the rule for 0 says (an assumption)");
		return;
	}
	i128 n, d;
	if (n_years == 3 && v1 > 0) {
		n = (i128)v2 * v2 + (i128)v1 * v3;
		d = 2 * (i128)v1 * v2;
		item_figure(a, it, "1/2 × (%s ÷ %s + %s ÷ %s) − 1 = %s", "1/2 × (%s ÷ %s + %s ÷ %s) − 1 = %s", fmt_wan(a, v2), fmt_wan(a, v1),
			    fmt_wan(a, v3), fmt_wan(a, v2), fmt_frac(a, n - d, d));
	} else {
		n = v3;
		d = v2;
		item_figure(a, it, "%s ÷ %s − 1 = %s", "%s ÷ %s − 1 = %s", fmt_wan(a, v3), fmt_wan(a, v2), fmt_frac(a, n - d, d));
		if (n_years == 3)
			item_note(it, v1 == 0 ? "第一年为0：按后两年计算" : "第一年为负值：按后两年计算（假设）",
				  v1 == 0 ? "Year one is 0: computed from the last two years" : "Year one is negative: computed from the last two years (an assumption)");
		else
			item_note(it, "经营两年：按两年计算（第三方规则代码，🟨）", "Two years in business: computed over two years (third-party rule code)");
	}
	growth_band(P, n, d, &lo, &hi, &row);
	item_range(it, lo, hi);
	it->band = growth_band_texts[row];
	if (!it->note_zh)
		item_note(it, GROWTH_BANDS_ZH, GROWTH_BANDS_EN);
	*pn = n, *pd = d;
}

/* The least extra in the last year's value (v3) that lifts a rate n / d - 1 to band row i:
 * n grows by v1 per unit of v3 with three years (n = v2^2 + v1 v3), by 1 with two. */
static int64_t growth_lift(const struct hnte_params *P, int i, i128 n, i128 d, int64_t v1, int n_years)
{
	i128 per = n_years == 3 && v1 > 0 ? v1 : 1;
	i128 want = i == 4 ? d * FIRM_PCT + 1 : (FIRM_PCT + (i128)P->growth[i].at) * d; /* n * 10000 must reach this */
	i128 have = n * FIRM_PCT;
	if (have >= want)
		return 0;
	i128 step = per * FIRM_PCT;
	return (int64_t)((want - have + step - 1) / step);
}

struct score_ctx {
	int fixed_max; /* the maxima of the items no lift changes */
	int ip_other_max;
	int cap, pass;
};

/* pts: ip count max, conversion max, net-asset growth max, sales growth max */
static int score_passes(const void *ctx, const int *pts)
{
	const struct score_ctx *c = ctx;
	int ip = c->ip_other_max + pts[0];
	if (ip > c->cap)
		ip = c->cap;
	return c->fixed_max + ip + pts[1] + pts[2] + pts[3] >= c->pass;
}

void eval_hnte(struct arena *a, const struct firm *f, int year, const struct rule_set *rs, struct eval_result *r)
{
	const struct hnte_params *P = rs->params;
	const struct firm_year *y = firm_year_of(f, year);
	struct eval_item *it;
	int y0 = window_start(f, year), n_years = year - y0 + 1;

	/* (一) */
	it = eval_add(a, r, &r_reg);
	int fy, fm, fd;
	if (f->founded && sscanf(f->founded, "%4d-%2d-%2d", &fy, &fm, &fd) == 3) {
		long age = days_of(year, 12, 31) - days_of(fy, fm, fd);
		item_set(it, age >= P->min_days);
		it->figure_zh = arena_printf(a, "成立于 %s，至 %d 年末 %ld 天", f->founded, year, age);
		it->figure_en = arena_printf(a, "founded %s, %ld days by the end of %d", f->founded, age, year);
		item_note(it, "按年度末计算成立天数，一年按365天（第三方规则代码，🟨）",
			  "Days counted to the end of the year, a year being 365 days (third-party rule code)");
	}
	/* (二) */
	it = eval_add(a, r, &r_ip_owned);
	if (y->ip1 != FIRM_NA && y->ip2 != FIRM_NA) {
		item_set(it, y->ip1 + y->ip2 >= 1);
		item_figure(a, it, "Ⅰ类 %lld 项，Ⅱ类 %lld 项", "class I %lld, class II %lld", (long long)y->ip1, (long long)y->ip2);
		if (it->state == IS_MET)
			item_note(it, "是否发挥核心支持作用由专家评定", "Whether it gives core support is for the experts");
	}
	/* (三) */
	it = eval_add(a, r, &r_field);
	item_flag(it, y->hnte_field);
	/* (四) */
	struct eval_item *staff = eval_add(a, r, &r_staff);
	if (y->staff != FIRM_NA && y->tech_staff != FIRM_NA && y->staff > 0) {
		item_set(staff, ratio_ge(y->tech_staff, y->staff, P->staff_bp));
		item_staff_figure(a, staff, y);
	}
	/* (五) over the window */
	int64_t rd3 = firm_sum(f, y0, year, offsetof(struct firm_year, rd));
	int64_t rev3 = firm_sum(f, y0, year, offsetof(struct firm_year, revenue));
	int64_t dom3 = firm_sum(f, y0, year, offsetof(struct firm_year, rd_domestic));
	int64_t need_bp = 0;
	struct eval_item *rd = eval_add(a, r, &r_rd);
	if (rd3 != FIRM_NA && rev3 != FIRM_NA && rev3 > 0 && y->revenue != FIRM_NA) {
		need_bp = y->revenue <= P->tier1_max ? P->rd_bp[0] : y->revenue <= P->tier2_max ? P->rd_bp[1] : P->rd_bp[2];
		item_set(rd, ratio_ge(rd3, rev3, need_bp));
		rd->figure_zh = arena_printf(a, "%d–%d 年研发费用 %s 万元 ÷ 销售收入 %s 万元 = %s；最近一年销售收入 %s 万元，要求不低于 %s", y0, year,
					     fmt_wan(a, rd3), fmt_wan(a, rev3), fmt_share(a, rd3, rev3), fmt_wan(a, y->revenue), fmt_bp(a, need_bp));
		rd->figure_en = arena_printf(a, "%d–%d R&D %s ÷ sales %s (10k yuan) = %s; latest sales %s, so at least %s", y0, year,
					     fmt_wan(a, rd3), fmt_wan(a, rev3), fmt_share(a, rd3, rev3), fmt_wan(a, y->revenue), fmt_bp(a, need_bp));
		if (n_years < 3)
			item_note(rd, "成立不足三年：按实际经营年限计算", "Under three years in business: the years actually operated");
	} else {
		item_note(rd, arena_printf(a, "需要 %d–%d 年的研发费用与销售收入", y0, year), arena_printf(a, "Needs R&D and sales of %d–%d", y0, year));
	}
	struct eval_item *dom = eval_add(a, r, &r_domestic);
	if (dom3 != FIRM_NA && rd3 != FIRM_NA && rd3 > 0) {
		item_set(dom, ratio_ge(dom3, rd3, P->domestic_bp));
		item_figure(a, dom, "境内 %s 万元 ÷ 全部 %s 万元 = %s", "in China %s ÷ all %s (10k yuan) = %s", fmt_wan(a, dom3), fmt_wan(a, rd3),
			    fmt_share(a, dom3, rd3));
	} else if (rd3 == 0) {
		item_set(dom, 0);
		item_text(dom, "无研发费用", "no R&D");
	}
	/* (六) */
	struct eval_item *hi = eval_add(a, r, &r_hitech);
	int64_t total = y->total_income != FIRM_NA ? y->total_income : y->revenue;
	if (y->hitech_revenue != FIRM_NA && total != FIRM_NA && total > 0) {
		item_set(hi, ratio_ge(y->hitech_revenue, total, P->hitech_bp));
		item_figure(a, hi, "高新技术产品（服务）收入 %s 万元 ÷ 总收入 %s 万元 = %s", "high-tech income %s ÷ total income %s (10k yuan) = %s",
			    fmt_wan(a, y->hitech_revenue), fmt_wan(a, total), fmt_share(a, y->hitech_revenue, total));
		if (y->total_income == FIRM_NA)
			item_note(hi, "未填写总收入：以销售收入代替（假设）", "No total income given: sales used instead (an assumption)");
	}

	/* (七) the score: IP */
	int ip_lo = 0, ip_hi = 0, ip_known = y->ip1 != FIRM_NA && y->ip2 != FIRM_NA;
	it = eval_add(a, r, &r_adv);
	item_range(it, 0, 8);
	it = eval_add(a, r, &r_core);
	item_range(it, 0, 8);
	struct eval_item *count = eval_add(a, r, &r_count);
	struct eval_item *acq = eval_add(a, r, &r_acq);
	int count_row = 4;
	if (ip_known) {
		int lo = 0, hv = 0;
		if (y->ip1 >= 1)
			lo = 7, hv = 8, count_row = 0;
		else if (y->ip2 >= 5)
			lo = 5, hv = 6, count_row = 1;
		else if (y->ip2 >= 3)
			lo = 3, hv = 4, count_row = 2;
		else if (y->ip2 >= 1)
			lo = 1, hv = 2, count_row = 3;
		item_range(count, lo, hv);
		item_figure(a, count, "Ⅰ类 %lld 项，Ⅱ类 %lld 项", "class I %lld, class II %lld", (long long)y->ip1, (long long)y->ip2);
		static const char *const rows[] = {"A", "B", "C", "D", "E"};
		count->band = rows[count_row];
		int64_t self = (y->ip1_self == FIRM_NA ? 0 : y->ip1_self) + (y->ip2_self == FIRM_NA ? 0 : y->ip2_self);
		if (y->ip1 + y->ip2 == 0)
			item_range(acq, 0, 0);
		else if (self > 0)
			item_range(acq, 1, 6), acq->band = "A";
		else
			item_range(acq, 1, 3), acq->band = "B";
		item_figure(a, acq, "自主研发 %lld 项", "self-developed %lld", (long long)self);
	}
	it = eval_add(a, r, &r_bonus);
	if (y->standard >= 0) {
		if (y->standard >= STD_PARTICIPATED)
			item_range(it, 1, 2), it->band = "A";
		else
			item_range(it, 0, 0), it->band = "B";
	}
	for (size_t i = r->n_items - 5; i < r->n_items; i++) {
		ip_lo += r->items[i].pts_min;
		ip_hi += r->items[i].pts_max;
	}
	int ip_raw_hi = ip_hi;
	if (ip_lo > P->ip_cap)
		ip_lo = P->ip_cap;
	if (ip_hi > P->ip_cap)
		ip_hi = P->ip_cap;

	/* conversion: yearly average over the window */
	struct eval_item *conv = eval_add(a, r, &r_conv);
	int64_t conv3 = firm_sum(f, y0, year, offsetof(struct firm_year, conversions));
	int conv_row = 5;
	if (conv3 != FIRM_NA) {
		int lo = 0, hv = 0;
		for (int i = 0; i < 5; i++)
			if (conv3 >= P->conversion[i].at * n_years) {
				lo = P->conversion[i].lo, hv = P->conversion[i].hi, conv_row = i;
				break;
			}
		item_range(conv, lo, hv);
		static const char *const rows[] = {"A", "B", "C", "D", "E", "F"};
		conv->band = rows[conv_row];
		item_figure(a, conv, "%d–%d 年共 %lld 项 ÷ %d 年 = 年均 %lld.%02lld 项", "%d–%d: %lld ÷ %d years = %lld.%02lld a year", y0, year,
			    (long long)conv3, n_years, (long long)(conv3 / n_years), (long long)(conv3 * 100 / n_years % 100));
		if (conv3 > 0 && conv_row == 5)
			item_note(conv, "年均不足1项：表中无对应档次，按F档0分计（假设）", "Below one a year: the table has no band for it, scored F (0) (an assumption)");
	}
	it = eval_add(a, r, &r_mgmt);
	item_range(it, 0, 20);

	/* growth */
	int64_t na[3], sales[3];
	int growth_known = 1;
	for (int yy = y0, k = 0; yy <= year; yy++, k++) {
		const struct firm_year *w = firm_year_of(f, yy);
		if (!w || w->assets == FIRM_NA || w->liabilities == FIRM_NA || w->revenue == FIRM_NA) {
			growth_known = 0;
			break;
		}
		na[k] = w->assets - w->liabilities;
		sales[k] = w->revenue;
	}
	struct eval_item *g_net = eval_add(a, r, &r_g_net), *g_sales = eval_add(a, r, &r_g_sales);
	i128 gn_n = 0, gn_d = 0, gs_n = 0, gs_d = 0;
	if (growth_known) {
		growth_item(a, P, g_net, na, n_years, &gn_n, &gn_d);
		growth_item(a, P, g_sales, sales, n_years, &gs_n, &gs_d);
	}

	/* the total */
	int lo_sum = 0, hi_sum = 0, open_expert = 0;
	for (size_t i = 0; i < r->n_items; i++) {
		const struct eval_item *s = &r->items[i];
		if (s->kind != IK_SCORE)
			continue;
		if (s->state == IS_EXPERT)
			open_expert = 1;
		if (strncmp(s->id, "hnte.ip_", 8) == 0)
			continue; /* counted capped below */
		lo_sum += s->pts_min;
		hi_sum += s->pts_max;
	}
	/* experts' points per indicator, when the registry has them */
	int ind_lo[4] = {ip_lo, conv->pts_min, 0, g_net->pts_min + g_sales->pts_min};
	int ind_hi[4] = {ip_hi, conv->pts_max, 20, g_net->pts_max + g_sales->pts_max};
	int n_given = 0, given_sum = 0, out_of_band = 0;
	for (int k = 0; k < 4; k++)
		if (y->hnte_expert[k] >= 0) {
			n_given++;
			given_sum += y->hnte_expert[k];
			if (y->hnte_expert[k] < ind_lo[k] || y->hnte_expert[k] > ind_hi[k])
				out_of_band = 1;
		}
	r->has_score = 1;
	r->pass_mark = P->pass_mark;
	r->score_min = lo_sum + ip_lo;
	r->score_max = hi_sum + ip_hi;
	if (n_given) {
		r->score_min = r->score_max = given_sum;
		for (int k = 0; k < 4; k++)
			if (y->hnte_expert[k] < 0)
				r->score_min += ind_lo[k], r->score_max += ind_hi[k];
		if (n_given == 4)
			r->expert_score = given_sum;
	}
	struct eval_item *score = eval_add(a, r, &r_score);
	int missing = !ip_known || conv3 == FIRM_NA || !growth_known;
	eval_score_condition(a, r, score, !missing && open_expert);
	if (n_given == 4)
		item_note(score, out_of_band ? "专家评分（部分指标超出档位允许的范围，请核对）" : "专家评分",
			  out_of_band ? "The experts' points (some outside the range the bands allow: please check)" : "The experts' points");
	else if (n_given)
		item_note(score, "部分指标已有专家评分，其余按档位范围", "Experts' points for some indicators, the bands' range for the rest");
	else
		item_note(score, "各档内具体分值由专家评定：此为档位允许的得分范围", "Experts choose the points within each band: this is the range the bands allow");

	/* (八) */
	it = eval_add(a, r, &r_compliance);
	item_flag(it, y->compliance);

	eval_finish(r);
	if (r->verdict != FIRM_FAILS)
		return;

	/* lifts: every failing condition the figures can fix (needed in any case), then the score */
	struct eval_item *owned = &r->items[1];
	if (owned->state == IS_NOT_MET)
		eval_add_lift(a, r, 0, owned->id, "知识产权 0 → 1 项", "IP rights 0 → 1", "取得 1 项对主要产品（服务）发挥核心支持作用的知识产权",
			      "obtain one IP right that gives core support to the main products", 0);
	if (staff->state == IS_NOT_MET) {
		int64_t d = lift_both(y->tech_staff, y->staff, P->staff_bp);
		eval_add_lift(a, r, 0, staff->id, arena_printf(a, "科技人员占比 %s → 10%%", fmt_share(a, y->tech_staff, y->staff)),
			      arena_printf(a, "S&T staff share %s → 10%%", fmt_share(a, y->tech_staff, y->staff)),
			      arena_printf(a, "新增科技人员 %lld 人", (long long)d), arena_printf(a, "%lld more S&T staff", (long long)d), 0);
	}
	if (rd->state == IS_NOT_MET) {
		int64_t d = lift_num(rd3, rev3, need_bp);
		eval_add_lift(a, r, 0, rd->id, arena_printf(a, "近三年研发费用占比 %s → %s", fmt_share(a, rd3, rev3), fmt_bp(a, need_bp)),
			      arena_printf(a, "three-year R&D ratio %s → %s", fmt_share(a, rd3, rev3), fmt_bp(a, need_bp)),
			      arena_printf(a, "%d 年研发费用约增加 %s 万元", year, fmt_wan_up(a, d)),
			      arena_printf(a, "about %s (10k yuan) more R&D in %d", fmt_wan_up(a, d), year), 0);
	}
	if (dom->state == IS_NOT_MET && rd3 > 0) {
		int64_t d = lift_num(dom3, rd3, P->domestic_bp);
		eval_add_lift(a, r, 0, dom->id, arena_printf(a, "境内研发费用占比 %s → 60%%", fmt_share(a, dom3, rd3)),
			      arena_printf(a, "R&D in China %s → 60%%", fmt_share(a, dom3, rd3)),
			      arena_printf(a, "约 %s 万元研发支出改在境内发生", fmt_wan_up(a, d)),
			      arena_printf(a, "about %s (10k yuan) of R&D spent in China instead of abroad", fmt_wan_up(a, d)), 0);
	}
	if (hi->state == IS_NOT_MET) {
		int64_t d = lift_num(y->hitech_revenue, total, P->hitech_bp);
		eval_add_lift(a, r, 0, hi->id, arena_printf(a, "高新技术产品（服务）收入占比 %s → 60%%", fmt_share(a, y->hitech_revenue, total)),
			      arena_printf(a, "high-tech income share %s → 60%%", fmt_share(a, y->hitech_revenue, total)),
			      arena_printf(a, "高新技术产品（服务）收入约增加 %s 万元（总收入不变）", fmt_wan_up(a, d)),
			      arena_printf(a, "about %s (10k yuan) more high-tech income within the same total", fmt_wan_up(a, d)), 0);
	}
	if (score->state != IS_NOT_MET || n_given || missing)
		return;
	/* the score's best case short of 71: climb the bands the figures set */
	struct lift_item items[4];
	lift_item_init(&items[0], count->id, count->pts_max);
	if (count_row == 4)
		lift_item_step(&items[0], 2, "Ⅱ类知识产权 0 → 1 项", "class II IP 0 → 1", "新增 1 项Ⅱ类知识产权", "1 class II IP right");
	if (count_row >= 3 && y->ip2 < 3)
		lift_item_step(&items[0], 4, arena_printf(a, "Ⅱ类知识产权 %lld → 3 项", (long long)y->ip2),
			       arena_printf(a, "class II IP %lld → 3", (long long)y->ip2), arena_printf(a, "新增 %lld 项Ⅱ类知识产权", (long long)(3 - y->ip2)),
			       arena_printf(a, "%lld more class II IP rights", (long long)(3 - y->ip2)));
	if (count_row >= 2 && y->ip2 < 5)
		lift_item_step(&items[0], 6, arena_printf(a, "Ⅱ类知识产权 %lld → 5 项", (long long)y->ip2),
			       arena_printf(a, "class II IP %lld → 5", (long long)y->ip2), arena_printf(a, "新增 %lld 项Ⅱ类知识产权", (long long)(5 - y->ip2)),
			       arena_printf(a, "%lld more class II IP rights", (long long)(5 - y->ip2)));
	if (count_row >= 1)
		lift_item_step(&items[0], 8, "Ⅰ类知识产权 0 → 1 项", "class I IP 0 → 1", "新增 1 项Ⅰ类知识产权（如发明专利）",
			       "1 class I IP right (e.g. an invention patent)");
	lift_item_init(&items[1], conv->id, conv->pts_max);
	for (int i = conv_row - 1; i >= 0; i--) {
		int64_t d = P->conversion[i].at * n_years - conv3;
		lift_item_step(&items[1], P->conversion[i].hi,
			       arena_printf(a, "近三年科技成果转化 %lld → %lld 项", (long long)conv3, (long long)(conv3 + d)),
			       arena_printf(a, "results converted in three years %lld → %lld", (long long)conv3, (long long)(conv3 + d)),
			       arena_printf(a, "%d 年再转化 %lld 项科技成果", year, (long long)d),
			       arena_printf(a, "%lld more results converted in %d", (long long)d, year));
	}
	struct {
		struct eval_item *it;
		i128 n, d;
		const int64_t *v;
		const char *zh, *en;
	} g[2] = {{g_net, gn_n, gn_d, na, "净资产", "net assets"}, {g_sales, gs_n, gs_d, sales, "销售收入", "sales"}};
	for (int k = 0; k < 2; k++) {
		lift_item_init(&items[2 + k], g[k].it->id, g[k].it->pts_max);
		if (g[k].d <= 0)
			continue;
		for (int i = 4; i >= 0; i--) {
			int64_t d = growth_lift(P, i, g[k].n, g[k].d, n_years == 3 ? g[k].v[0] : 0, n_years);
			if (d > 0)
				lift_item_step(&items[2 + k], P->growth[i].hi,
					       arena_printf(a, "%s增长率 → %s", g[k].zh, i == 4 ? "> 0" : fmt_bp(a, P->growth[i].at)),
					       arena_printf(a, "%s growth → %s", g[k].en, i == 4 ? "> 0" : fmt_bp(a, P->growth[i].at)),
					       arena_printf(a, "%d 年末%s约增加 %s 万元", year, g[k].zh, fmt_wan_up(a, d)),
					       arena_printf(a, "about %s (10k yuan) more %s in %d", fmt_wan_up(a, d), g[k].en, year));
		}
	}
	struct score_ctx ctx = {r->score_max - ip_hi - conv->pts_max - g_net->pts_max - g_sales->pts_max, ip_raw_hi - count->pts_max,
				P->ip_cap, P->pass_mark};
	eval_lift_search(a, r, items, 4, score_passes, &ctx);
}
