/* eval_innov.c - 创新型中小企业评价标准 (工信部企业〔2022〕63号; methods-cn.md §4a): the six
 * indicators (100 points) with the three group minima, the four direct routes, and the smallest
 * changes that pass. The standard writes bands as "5%以上", "3%-5%": "X以上" is read as >= X
 * (as the SME 办法 does) and said so. Pure. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/eval_int.h"
#include "base/banned.h"

struct innov_params {
	int ip_pts[5];               /* 高价值Ⅰ类, 自主研发Ⅰ类, Ⅰ类, Ⅱ类, none */
	struct band rd[5], growth[5], main_share[5];
	int64_t debt_low_bp, debt_high_bp; /* < low: debt_pts[0]; <= high: [1]; else [2] */
	int debt_pts[3];
	int emerging_pts[2];         /* other, 战略性新兴产业 */
	int pass_mark, min_innov, min_growth, min_special;
	int route_years;             /* "近三年" */
	int64_t equity_min;          /* yuan */
};

const struct innov_params innov_2022 = {
	{20, 15, 10, 5, 0},
	{{500, 20}, {300, 15}, {200, 10}, {100, 5}, {0, 0}},
	{{1500, 20}, {1000, 15}, {500, 10}, {0, 5}, {BAND_ALL, 0}},
	{{7000, 20}, {6000, 15}, {5500, 10}, {5000, 5}, {0, 0}},
	5500, 7500, {10, 5, 0},
	{5, 10},
	60, 20, 15, 15, 3, 5000000LL,
};

#define BS "工信部企业〔2022〕63号 附件1 创新型中小企业评价标准"
#define EDGE_ZH "标准写作“X以上”“X%-Y%”，未写明端点归属：按“X以上”含X处理（假设）"
#define EDGE_EN "The standard writes \"X or above\" and \"X-Y%\" without saying which band an edge falls in: X itself is taken as reaching the band (an assumption)"

static const struct rule_desc r_sme = {"innov.sme", "中小企业", "SME", BS "（一）",
	"在中华人民共和国境内工商注册登记、具有独立法人资格，符合《中小企业划型标准规定》的中小企业，且未被列入经营异常名录或严重失信主体名单",
	"An SME under the SME classification rules, registered in China with legal personality, not on the abnormal-operations or serious-dishonesty lists",
	IK_CONDITION, 0, 0};
static const struct rule_desc r_ip = {"innov.ip", "与主导产品相关的有效知识产权", "Valid IP linked to the main products", BS "（二）1",
	"Ⅰ类高价值知识产权1项以上 20分；自主研发Ⅰ类知识产权1项以上 15分；Ⅰ类知识产权1项以上 10分；Ⅱ类知识产权1项以上 5分；无 0分",
	"1+ high-value class I 20; 1+ self-developed class I 15; 1+ class I 10; 1+ class II 5; none 0", IK_SCORE, 20, 0};
static const struct rule_desc r_rd = {"innov.rd", "上年度研发费用投入占营业收入比重", "R&D over operating revenue, last year", BS "（二）2",
	"5%以上 20分；3%-5% 15分；2%-3% 10分；1%-2% 5分；1%以下 0分", "5%+ 20; 3-5% 15; 2-3% 10; 1-2% 5; below 1% 0", IK_SCORE, 20, 0};
static const struct rule_desc r_growth = {"innov.growth", "上年度主营业务收入增长率", "Growth of main-business revenue, last year", BS "（二）3",
	"15%以上 20分；10%-15% 15分；5%-10% 10分；0%-5% 5分；0%以下 0分", "15%+ 20; 10-15% 15; 5-10% 10; 0-5% 5; below 0% 0", IK_SCORE, 20, 0};
static const struct rule_desc r_debt = {"innov.debt", "上年度资产负债率", "Debt-to-asset ratio, last year", BS "（二）4",
	"55%以下 10分；55%-75% 5分；75%以上 0分", "below 55% 10; 55-75% 5; above 75% 0", IK_SCORE, 10, 0};
static const struct rule_desc r_field = {"innov.field", "主导产品所属领域", "Field of the main products", BS "（二）5",
	"属于《战略性新兴产业分类》 10分；其他 5分", "In the strategic emerging industries classification 10; other 5", IK_SCORE, 10, 0};
static const struct rule_desc r_main = {"innov.main_share", "上年度主营业务收入占营业收入比重", "Main-business share of operating revenue, last year",
	BS "（二）6", "70%以上 20分；60%-70% 15分；55%-60% 10分；50%-55% 5分；50%以下 0分",
	"70%+ 20; 60-70% 15; 55-60% 10; 50-55% 5; below 50% 0", IK_SCORE, 20, 0};
static const struct rule_desc r_score = {"innov.score", "评价得分", "Total score", BS "（二）",
	"评价得分达到60分以上", "The total score reaches 60", IK_CONDITION, 100, 1};
static const struct rule_desc r_g_innov = {"innov.min_innovation", "创新能力指标得分", "Innovation capability points", BS "（二）",
	"创新能力指标（知识产权、研发投入）得分不低于20分", "Innovation capability (IP and R&D) scores at least 20", IK_CONDITION, 40, 1};
static const struct rule_desc r_g_growth = {"innov.min_growth", "成长性指标得分", "Growth points", BS "（二）",
	"成长性指标（营收增长率、资产负债率）得分不低于15分", "Growth (revenue growth and debt ratio) scores at least 15", IK_CONDITION, 30, 1};
static const struct rule_desc r_g_special = {"innov.min_specialisation", "专业化指标得分", "Specialisation points", BS "（二）",
	"专业化指标（主导产品领域、主营业务收入占比）得分不低于15分", "Specialisation (field and main-business share) scores at least 15",
	IK_CONDITION, 30, 1};
static const struct rule_desc r_d_award = {"innov.direct_award", "近三年科技奖励", "S&T award in the last three years", BS "（三）1",
	"近三年内获得过国家级、省级科技奖励", "A national or provincial S&T award in the last three years", IK_DIRECT, 0, 0};
static const struct rule_desc r_d_title = {"innov.direct_title", "有效期内的称号", "Valid title", BS "（三）2",
	"获得高新技术企业、国家级技术创新示范企业、知识产权优势企业和知识产权示范企业等荣誉（均为有效期内）",
	"Holds a valid HNTE, national technology innovation demonstration, IP advantage or IP demonstration title", IK_DIRECT, 0, 0};
static const struct rule_desc r_d_rdorg = {"innov.direct_rd_org", "省部级以上研发机构", "Provincial or national R&D institution", BS "（三）3",
	"拥有经认定的省部级以上研发机构", "Has a recognised R&D institution of provincial or ministerial level or above", IK_DIRECT, 0, 0};
static const struct rule_desc r_d_equity = {"innov.direct_equity", "近三年新增股权融资", "New equity in the last three years", BS "（三）4",
	"近三年新增股权融资总额（合格机构投资者的实缴额）500万元以上",
	"New equity financing paid in by qualified institutional investors totals 5 million yuan or more in the last three years", IK_DIRECT, 0,
	0};

/* points per item in order: ip, rd, growth, debt, field, main */
static int innov_passes(const void *ctx, const int *p)
{
	const struct innov_params *P = ctx;
	return p[0] + p[1] + p[2] + p[3] + p[4] + p[5] >= P->pass_mark && p[0] + p[1] >= P->min_innov && p[2] + p[3] >= P->min_growth &&
	       p[4] + p[5] >= P->min_special;
}

static int debt_points(const struct innov_params *P, int64_t liab, int64_t assets, const char **band)
{
	if (!ratio_ge(liab, assets, P->debt_low_bp)) {
		*band = "x < 55%";
		return P->debt_pts[0];
	}
	if (!ratio_gt(liab, assets, P->debt_high_bp)) {
		*band = "55% ≤ x ≤ 75%";
		return P->debt_pts[1];
	}
	*band = "x > 75%";
	return P->debt_pts[2];
}

static void add_lifts(struct arena *a, const struct innov_params *P, const struct firm_year *y, const struct firm_year *prev,
		      const int *cur, struct eval_result *r)
{
	struct lift_item it[6];
	lift_item_init(&it[0], "innov.ip", cur[0]);
	if (y->ip1 == 0 && y->ip2 == 0)
		lift_item_step(&it[0], P->ip_pts[3], "Ⅱ类知识产权 0 → 1 项", "class II IP 0 → 1", "新增 1 项Ⅱ类知识产权",
			       "1 class II IP right");
	if (y->ip1 == 0)
		lift_item_step(&it[0], P->ip_pts[2], "Ⅰ类知识产权 0 → 1 项", "class I IP 0 → 1", "新增 1 项Ⅰ类知识产权（如发明专利）",
			       "1 class I IP right (e.g. an invention patent)");
	if (y->ip1_self == 0 || y->ip1_self == FIRM_NA)
		lift_item_step(&it[0], P->ip_pts[1], "自主研发Ⅰ类知识产权 0 → 1 项", "self-developed class I IP 0 → 1",
			       "自主研发取得 1 项Ⅰ类知识产权", "1 self-developed class I IP right");
	lift_item_init(&it[1], "innov.rd", cur[1]);
	for (int i = 3; i >= 0; i--) {
		int64_t d = lift_num(y->rd, y->revenue, P->rd[i].bp);
		if (d > 0)
			lift_item_step(&it[1], P->rd[i].pts,
				       arena_printf(a, "研发费用占营业收入比重 %s → %s", fmt_share(a, y->rd, y->revenue), fmt_bp(a, P->rd[i].bp)),
				       arena_printf(a, "R&D over revenue %s → %s", fmt_share(a, y->rd, y->revenue), fmt_bp(a, P->rd[i].bp)),
				       arena_printf(a, "研发费用约增加 %s 万元", fmt_wan_up(a, d)),
				       arena_printf(a, "about %s (10k yuan) more R&D", fmt_wan_up(a, d)));
	}
	lift_item_init(&it[2], "innov.growth", cur[2]);
	for (int i = 3; i >= 0; i--) {
		int64_t d = lift_num(y->main_revenue - prev->main_revenue, prev->main_revenue, P->growth[i].bp);
		if (d > 0)
			lift_item_step(&it[2], P->growth[i].pts,
				       arena_printf(a, "主营业务收入增长率 %s → %s", fmt_share(a, y->main_revenue - prev->main_revenue, prev->main_revenue),
						    fmt_bp(a, P->growth[i].bp)),
				       arena_printf(a, "main-business revenue growth %s → %s",
						    fmt_share(a, y->main_revenue - prev->main_revenue, prev->main_revenue), fmt_bp(a, P->growth[i].bp)),
				       arena_printf(a, "主营业务收入约增加 %s 万元", fmt_wan_up(a, d)),
				       arena_printf(a, "about %s (10k yuan) more main-business revenue", fmt_wan_up(a, d)));
	}
	lift_item_init(&it[3], "innov.debt", cur[3]);
	/* liabilities down (assets unchanged: debt turned into equity); <= 75% is 5, < 55% is 10 */
	int64_t to75 = y->liabilities - (y->assets * P->debt_high_bp) / FIRM_PCT;
	int64_t to55 = y->liabilities - ((y->assets * P->debt_low_bp + FIRM_PCT - 1) / FIRM_PCT - 1);
	if (to75 > 0)
		lift_item_step(&it[3], P->debt_pts[1], arena_printf(a, "资产负债率 %s → 75%%", fmt_share(a, y->liabilities, y->assets)),
			       arena_printf(a, "debt ratio %s → 75%%", fmt_share(a, y->liabilities, y->assets)),
			       arena_printf(a, "负债约减少 %s 万元（资产不变，如债转股）", fmt_wan_up(a, to75)),
			       arena_printf(a, "about %s (10k yuan) less debt, assets unchanged (e.g. debt into equity)", fmt_wan_up(a, to75)));
	if (to55 > 0)
		lift_item_step(&it[3], P->debt_pts[0], arena_printf(a, "资产负债率 %s → 55%% 以下", fmt_share(a, y->liabilities, y->assets)),
			       arena_printf(a, "debt ratio %s → below 55%%", fmt_share(a, y->liabilities, y->assets)),
			       arena_printf(a, "负债约减少 %s 万元（资产不变，如债转股）", fmt_wan_up(a, to55)),
			       arena_printf(a, "about %s (10k yuan) less debt, assets unchanged (e.g. debt into equity)", fmt_wan_up(a, to55)));
	lift_item_init(&it[4], "innov.field", cur[4]);
	lift_item_init(&it[5], "innov.main_share", cur[5]);
	for (int i = 3; i >= 0; i--) {
		/* more main-business revenue also adds to the operating revenue */
		int64_t d = lift_both(y->main_revenue, y->revenue, P->main_share[i].bp);
		if (d > 0)
			lift_item_step(&it[5], P->main_share[i].pts,
				       arena_printf(a, "主营业务收入占比 %s → %s", fmt_share(a, y->main_revenue, y->revenue), fmt_bp(a, P->main_share[i].bp)),
				       arena_printf(a, "main-business share %s → %s", fmt_share(a, y->main_revenue, y->revenue), fmt_bp(a, P->main_share[i].bp)),
				       arena_printf(a, "主营业务收入约增加 %s 万元（营业收入随之增加）", fmt_wan_up(a, d)),
				       arena_printf(a, "about %s (10k yuan) more main-business revenue (which adds to the revenue)", fmt_wan_up(a, d)));
	}
	eval_lift_search(a, r, it, 6, innov_passes, P);
}

void eval_innov(struct arena *a, const struct firm *f, int year, const struct rule_set *rs, struct eval_result *r)
{
	const struct innov_params *P = rs->params;
	const struct firm_year *y = firm_year_of(f, year), *prev = firm_year_of(f, year - 1);
	struct eval_item *it;
	int pts[6] = {0}, known[6] = {0};
	static const int caps[6] = {20, 20, 20, 10, 10, 20};

	it = eval_add(a, r, &r_sme);
	it->state = IS_MANUAL;
	item_note(it, "中小企业划型标准不在本方法资料内，需人工核实", "The SME classification is not part of this method's sources: to be checked by hand");

	it = eval_add(a, r, &r_ip);
	if (y->ip1 != FIRM_NA && y->ip2 != FIRM_NA) {
		int64_t hv = y->ip1_hv == FIRM_NA ? 0 : y->ip1_hv, self = y->ip1_self == FIRM_NA ? 0 : y->ip1_self;
		pts[0] = hv >= 1 ? P->ip_pts[0] : self >= 1 ? P->ip_pts[1] : y->ip1 >= 1 ? P->ip_pts[2] : y->ip2 >= 1 ? P->ip_pts[3] : P->ip_pts[4];
		item_points(it, pts[0]);
		known[0] = 1;
		item_figure(a, it, "Ⅰ类 %lld 项（其中自主研发 %lld、高价值 %lld），Ⅱ类 %lld 项", "class I %lld (self-developed %lld, high-value %lld), class II %lld",
			    (long long)y->ip1, (long long)self, (long long)hv, (long long)y->ip2);
	}

	it = eval_add(a, r, &r_rd);
	if (y->rd != FIRM_NA && y->revenue != FIRM_NA && y->revenue > 0) {
		size_t i;
		item_points(it, pts[1] = band_pick(y->rd, y->revenue, P->rd, 5, &i));
		it->band = band_text(a, P->rd, 5, i);
		known[1] = 1;
		item_figure(a, it, "研发费用 %s 万元 ÷ 营业收入 %s 万元 = %s", "R&D %s ÷ revenue %s (10k yuan) = %s", fmt_wan(a, y->rd),
			    fmt_wan(a, y->revenue), fmt_share(a, y->rd, y->revenue));
		item_note(it, EDGE_ZH, EDGE_EN);
	}

	it = eval_add(a, r, &r_growth);
	if (y->main_revenue != FIRM_NA && prev && prev->main_revenue != FIRM_NA && prev->main_revenue > 0) {
		size_t i;
		int64_t d = y->main_revenue - prev->main_revenue;
		item_points(it, pts[2] = band_pick(d, prev->main_revenue, P->growth, 5, &i));
		it->band = band_text(a, P->growth, 5, i);
		known[2] = 1;
		item_figure(a, it, "主营业务收入 %s 万元（%d）÷ %s 万元（%d）− 1 = %s", "main-business revenue %s (%d) ÷ %s (%d) − 1 = %s",
			    fmt_wan(a, y->main_revenue), year, fmt_wan(a, prev->main_revenue), year - 1, fmt_share(a, d, prev->main_revenue));
		item_note(it, EDGE_ZH, EDGE_EN);
	} else if (prev && prev->main_revenue == 0) {
		item_note(it, "上上年度主营业务收入为0：增长率无法计算", "The year before had no main-business revenue: the growth cannot be computed");
	} else {
		item_note(it, "需要上一年度的主营业务收入", "Needs the main-business revenue of the year before");
	}

	it = eval_add(a, r, &r_debt);
	if (y->liabilities != FIRM_NA && y->assets != FIRM_NA && y->assets > 0) {
		item_points(it, pts[3] = debt_points(P, y->liabilities, y->assets, &it->band));
		known[3] = 1;
		item_figure(a, it, "负债 %s 万元 ÷ 资产 %s 万元 = %s", "liabilities %s ÷ assets %s (10k yuan) = %s", fmt_wan(a, y->liabilities),
			    fmt_wan(a, y->assets), fmt_share(a, y->liabilities, y->assets));
		item_note(it, "55% 计入 55%-75% 档，75% 计入 55%-75% 档（端点归属未明示，假设）",
			  "55% falls in the 55-75% band, and so does 75% (the standard does not say: an assumption)");
	}

	it = eval_add(a, r, &r_field);
	if (y->emerging >= 0) {
		item_points(it, pts[4] = P->emerging_pts[y->emerging]);
		known[4] = 1;
		item_text(it, y->emerging ? "属于战略性新兴产业" : "不属于战略性新兴产业",
			  y->emerging ? "in a strategic emerging industry" : "not in a strategic emerging industry");
	} else {
		it->pts_min = P->emerging_pts[0];
	}

	it = eval_add(a, r, &r_main);
	if (y->main_revenue != FIRM_NA && y->revenue != FIRM_NA && y->revenue > 0) {
		size_t i;
		item_points(it, pts[5] = band_pick(y->main_revenue, y->revenue, P->main_share, 5, &i));
		it->band = band_text(a, P->main_share, 5, i);
		known[5] = 1;
		item_figure(a, it, "主营业务收入 %s 万元 ÷ 营业收入 %s 万元 = %s", "main-business %s ÷ revenue %s (10k yuan) = %s",
			    fmt_wan(a, y->main_revenue), fmt_wan(a, y->revenue), fmt_share(a, y->main_revenue, y->revenue));
		item_note(it, EDGE_ZH, EDGE_EN);
	}

	/* totals and the group minima over the range the unknown items allow */
	int lo[6], hi[6];
	for (int k = 0; k < 6; k++) {
		lo[k] = known[k] ? pts[k] : (k == 4 ? P->emerging_pts[0] : 0);
		hi[k] = known[k] ? pts[k] : caps[k];
	}
	r->has_score = 1;
	r->pass_mark = P->pass_mark;
	for (int k = 0; k < 6; k++)
		r->score_min += lo[k], r->score_max += hi[k];
	eval_score_condition(a, r, eval_add(a, r, &r_score), 0);
	const struct {
		const struct rule_desc *d;
		int k0, k1, min;
	} groups[] = {{&r_g_innov, 0, 1, P->min_innov}, {&r_g_growth, 2, 3, P->min_growth}, {&r_g_special, 4, 5, P->min_special}};
	for (size_t g = 0; g < 3; g++) {
		it = eval_add(a, r, groups[g].d);
		int gl = lo[groups[g].k0] + lo[groups[g].k1], gh = hi[groups[g].k0] + hi[groups[g].k1];
		it->state = gl >= groups[g].min ? IS_MET : gh < groups[g].min ? IS_NOT_MET : IS_MISSING;
		if (gl == gh)
			item_figure(a, it, "%d 分", "%d points", gl);
		else
			item_figure(a, it, "%d–%d 分", "%d–%d points", gl, gh);
	}

	/* direct routes */
	int y0 = year - P->route_years + 1, award = 0;
	int64_t equity = 0;
	for (int yy = y0; yy <= year; yy++) {
		const struct firm_year *w = firm_year_of(f, yy);
		if (!w)
			continue;
		if (w->award == AWARD_NATIONAL || w->award == AWARD_PROVINCIAL)
			award = yy;
		if (w->equity != FIRM_NA)
			equity += w->equity;
	}
	it = eval_add(a, r, &r_d_award);
	item_set(it, award != 0);
	if (award)
		item_figure(a, it, "%d 年获科技奖励", "an award in %d", award);
	else
		item_figure(a, it, "%d–%d 年无记录", "none recorded %d–%d", y0, year);

	char end[32];
	snprintf(end, sizeof(end), "%04d-12-31", year);
	it = eval_add(a, r, &r_d_title);
	int hnte = firm_has_cert(f, "hnte", end);
	unsigned t = y->titles & (TITLE_TECH_INNOV_DEMO | TITLE_IP_ADVANTAGE | TITLE_IP_DEMO);
	item_set(it, hnte || t);
	it->figure_zh = arena_printf(a, "%s%s%s%s", hnte ? "高新技术企业证书有效 " : "", t & TITLE_TECH_INNOV_DEMO ? "国家级技术创新示范企业 " : "",
				     t & TITLE_IP_ADVANTAGE ? "知识产权优势企业 " : "", t & TITLE_IP_DEMO ? "知识产权示范企业" : "");
	it->figure_en = arena_printf(a, "%s%s%s%s", hnte ? "valid HNTE certificate " : "", t & TITLE_TECH_INNOV_DEMO ? "innovation demonstration " : "",
				     t & TITLE_IP_ADVANTAGE ? "IP advantage " : "", t & TITLE_IP_DEMO ? "IP demonstration" : "");
	if (!hnte && !t)
		item_text(it, "无", "none");

	it = eval_add(a, r, &r_d_rdorg);
	item_set(it, y->rd_org >= RDORG_PROVINCIAL);

	it = eval_add(a, r, &r_d_equity);
	item_set(it, equity >= P->equity_min);
	it->figure_zh = arena_printf(a, "%d–%d 年合计 %s 万元", y0, year, fmt_wan(a, equity));
	it->figure_en = arena_printf(a, "%s (10k yuan) in %d–%d", fmt_wan(a, equity), y0, year);

	eval_finish(r);
	int all_known = 1;
	for (int k = 0; k < 6; k++)
		all_known &= known[k];
	if (r->verdict == FIRM_FAILS && all_known && prev)
		add_lifts(a, P, y, prev, pts, r);
}
