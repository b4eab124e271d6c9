/* eval_srdi.c - 专精特新中小企业 and 专精特新"小巨人" (工信部企业〔2022〕63号; methods-cn.md §4b,
 * §4c). 专精特新: the four conditions; of the 100-point score only 专业化 and 精细化 are public,
 * so the score is the range the unpublished 特色化 (15) and 创新能力 (35) leave open. 小巨人: the
 * six aspects; 链 and 品 are not public in full and are not computed. Pure. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/eval_int.h"
#include "base/banned.h"

struct srdi_params {
	int min_market_years;
	int64_t rd_min, rd_bp;            /* 100万, 3% */
	int64_t revenue_min, equity_min;  /* 1000万; or 2000万 equity in two years */
	int pass_mark;
	struct band main_share[4], growth[6], margin[6];
	int years_per_point, market_cap;
	int digital_pts[4];               /* by level 1, 2, 3+ (index 1..3) */
	int quality_each, quality_cap;
	int64_t debt_bp[3];               /* < 50%: pts[0]; < 60%: [1]; <= 70%: [2]; else [3] */
	int debt_pts[4];
	int unpublished_max;              /* 特色化 15 + 创新能力 35 */
	int64_t route_rd_avg, route_equity; /* 1000万 a year, 6000万 */
};

const struct srdi_params srdi_2022 = {
	2, 1000000LL, 300, 10000000LL, 20000000LL, 60,
	{{8000, 5}, {7000, 3}, {6000, 1}, {0, 0}},
	{{1000, 10}, {800, 8}, {600, 6}, {400, 4}, {0, 2}, {BAND_ALL, 0}},
	{{1000, 10}, {800, 8}, {600, 6}, {400, 4}, {200, 2}, {BAND_ALL, 0}},
	2, 5, {0, 0, 3, 5}, 3, 5, {5000, 6000, 7000}, {5, 3, 1, 0}, 50, 10000000LL, 60000000LL,
};

struct giant_params {
	int min_market_years;
	int64_t main_bp, growth_bp, debt_max_bp, share_bp; /* 70%, 5%, 70%, 10% */
	int64_t tier_high, tier_mid;      /* 1亿, 5000万 */
	int64_t rd_bp_high, rd_bp_mid;    /* 3%, 6% each of two years */
	int64_t low_equity, low_rd, low_rd_staff_bp; /* 8000万, 3000万, 50% */
	int min_ip1;
};

const struct giant_params giant_2022 = {
	3, 7000, 500, 7000, 1000, 100000000LL, 50000000LL, 300, 600, 80000000LL, 30000000LL, 5000, 2,
};

#define BS "工信部企业〔2022〕63号 附件2 专精特新中小企业认定标准"
#define BG "工信部企业〔2022〕63号 附件3 专精特新“小巨人”企业认定标准"
#define MEAN_ZH "近2年平均增长率按两年增长率的算术平均计算（口径未见官方说明，假设）"
#define MEAN_EN "The two-year average growth is the mean of the two yearly rates (the official formula was not seen: an assumption)"

static const struct rule_desc s_sme = {"srdi.sme", "中小企业", "SME", BS,
	"在中华人民共和国境内工商注册登记、具有独立法人资格，符合《中小企业划型标准规定》的中小企业", "An SME under the SME classification rules",
	IK_CONDITION, 0, 0};
static const struct rule_desc s_market = {"srdi.market_years", "从事特定细分市场时间", "Years in the niche market", BS "（一）",
	"从事特定细分市场时间达到2年以上", "In a niche market for at least 2 years", IK_CONDITION, 0, 0};
static const struct rule_desc s_rd = {"srdi.rd", "上年度研发费用", "R&D last year", BS "（二）",
	"上年度研发费用总额不低于100万元，且占营业收入总额比重不低于3%", "R&D last year at least 1 million yuan and at least 3% of revenue",
	IK_CONDITION, 0, 0};
static const struct rule_desc s_rev = {"srdi.revenue", "上年度营业收入", "Revenue last year", BS "（三）",
	"上年度营业收入总额在1000万元以上，或上年度营业收入总额在1000万元以下，但近2年新增股权融资总额（合格机构投资者的实缴额）达到2000万元以上",
	"Revenue last year at least 10 million yuan, or below that with new equity of at least 20 million yuan in the last two years",
	IK_CONDITION, 0, 0};
static const struct rule_desc s_score = {"srdi.score", "评价得分", "Evaluation score", BS "（四）",
	"评价得分达到60分以上", "The score reaches 60", IK_CONDITION, 100, 1};
static const struct rule_desc s_main = {"srdi.main_share", "主营业务收入占营业收入比重", "Main-business share of revenue", BS " 专业化",
	"80%以上 5分；70%-80% 3分；60%-70% 1分；60%以下 0分", "80%+ 5; 70-80% 3; 60-70% 1; below 60% 0", IK_SCORE, 5, 0};
static const struct rule_desc s_growth = {"srdi.growth", "近2年主营业务收入平均增长率", "Two-year average main-business growth", BS " 专业化",
	"10%以上 10分；8%-10% 8分；6%-8% 6分；4%-6% 4分；0%-4% 2分；0%以下 0分", "10%+ 10; 8-10% 8; 6-8% 6; 4-6% 4; 0-4% 2; below 0 0",
	IK_SCORE, 10, 0};
static const struct rule_desc s_years = {"srdi.market_points", "从事特定细分市场年限", "Years in the niche market (points)", BS " 专业化",
	"每满2年得1分，最高5分", "1 point per full 2 years, at most 5", IK_SCORE, 5, 0};
static const struct rule_desc s_field = {"srdi.field", "主导产品所属领域情况", "Field of the main products", BS " 专业化",
	"属于补短板、锻长板、填空白等且取得实际成效 5分；属于工业“六基”、中华老字号或为产业链龙头企业配套 3分；其他 0分",
	"Fills a gap or strengthens a chain with results 5; industrial foundations, time-honoured brand or supplier to a chain leader 3; other 0",
	IK_SCORE, 5, 0};
static const struct rule_desc s_digital = {"srdi.digital", "数字化水平", "Digital level", BS " 精细化", "三级以上 5分；二级 3分；一级 0分",
	"level 3+ 5; level 2 3; level 1 0", IK_SCORE, 5, 0};
static const struct rule_desc s_quality = {"srdi.quality", "质量管理水平", "Quality management", BS " 精细化",
	"获省级以上质量奖、通过质量管理体系认证、拥有自主品牌、参与制修订标准，每项3分，最高5分",
	"Provincial or higher quality award, quality system certification, own brand, took part in standards: 3 each, at most 5", IK_SCORE, 5,
	0};
static const struct rule_desc s_margin = {"srdi.margin", "上年度净利润率", "Net margin last year", BS " 精细化",
	"10%以上 10分；8%-10% 8分；6%-8% 6分；4%-6% 4分；2%-4% 2分；2%以下 0分", "10%+ 10; 8-10% 8; 6-8% 6; 4-6% 4; 2-4% 2; below 2% 0",
	IK_SCORE, 10, 0};
static const struct rule_desc s_debt = {"srdi.debt", "上年度资产负债率", "Debt-to-asset ratio last year", BS " 精细化",
	"50%以下 5分；50%-60% 3分；60%-70% 1分；70%以上 0分", "below 50% 5; 50-60% 3; 60-70% 1; above 70% 0", IK_SCORE, 5, 0};
static const struct rule_desc s_special = {"srdi.specialty", "特色化指标", "Local specialty indicators", BS " 特色化",
	"由各省（区、市）结合本地产业状况和中小企业发展实际自主设定1–3个指标，共15分", "1-3 indicators each province sets, 15 points",
	IK_SCORE, 15, 0};
static const struct rule_desc s_innov = {"srdi.innovation", "创新能力指标", "Innovation capability indicators", BS " 创新能力",
	"知识产权数量、研发费用投入、研发人员占比、研发机构级别，共35分", "IP count, R&D spending, R&D staff share, R&D institution level: 35 points",
	IK_SCORE, 35, 0};
static const struct rule_desc s_d_award = {"srdi.direct_award", "近三年科技奖励", "S&T award in the last three years", BS "（四）",
	"近三年获得过省级科技奖励并在获奖单位中排名前三；或获得国家级科技奖励并在获奖单位中排名前五",
	"A provincial award among the first three winning units, or a national award among the first five, in the last three years", IK_DIRECT,
	0, 0};
static const struct rule_desc s_d_rd = {"srdi.direct_rd", "近两年研发费用", "R&D in the last two years", BS "（四）",
	"近两年研发费用总额均值在1000万元以上", "Average R&D over the last two years at least 10 million yuan", IK_DIRECT, 0, 0};
static const struct rule_desc s_d_equity = {"srdi.direct_equity", "近两年新增股权融资", "New equity in the last two years", BS "（四）",
	"近两年新增股权融资总额（合格机构投资者的实缴额）6000万元以上", "New equity of at least 60 million yuan in the last two years", IK_DIRECT,
	0, 0};
static const struct rule_desc s_d_ck = {"srdi.direct_chuangke", "「创客中国」500强", "Chuangke China top 500", BS "（四）",
	"近三年进入「创客中国」中小企业创新创业大赛全国500强企业组名单", "On the Chuangke China national top-500 list in the last three years",
	IK_DIRECT, 0, 0};

/* The two-year mean growth of main-business revenue ending in year; 0 when a figure is missing. */
static int mean_growth(const struct firm *f, int year, eval_i128 *n, eval_i128 *d, int64_t *v)
{
	for (int k = 0; k < 3; k++) {
		const struct firm_year *w = firm_year_of(f, year - 2 + k);
		if (!w || w->main_revenue == FIRM_NA)
			return 0;
		v[k] = w->main_revenue;
	}
	if (v[0] <= 0 || v[1] <= 0)
		return 0;
	growth_mean2(v[0], v[1], v[2], n, d);
	return 1;
}

static void market_item(struct arena *a, struct eval_item *it, const struct firm_year *y, int year, int min_years)
{
	int my = firm_market_years(y, year);
	if (my < 0)
		return;
	item_set(it, my >= min_years);
	item_figure(a, it, "%d 年进入，至 %d 年末满 %d 年", "entered in %d, %d full years by the end of %d", y->market_since, year, my);
	it->figure_en = arena_printf(a, "entered in %d, %d full years by the end of %d", y->market_since, my, year);
	item_note(it, "按进入年份至年末的整年数计（进入当年不计，保守口径）", "Counted as whole years from the year of entry to the year end (the entry year not counted: a cautious reading)");
}

void eval_srdi(struct arena *a, const struct firm *f, int year, const struct rule_set *rs, struct eval_result *r)
{
	const struct srdi_params *P = rs->params;
	const struct firm_year *y = firm_year_of(f, year);
	struct eval_item *it;
	int64_t eq2 = 0;
	for (int yy = year - 1; yy <= year; yy++) {
		const struct firm_year *w = firm_year_of(f, yy);
		if (w && w->equity != FIRM_NA)
			eq2 += w->equity;
	}

	item_manual(eval_add(a, r, &s_sme));
	struct eval_item *market = eval_add(a, r, &s_market);
	market_item(a, market, y, year, P->min_market_years);

	struct eval_item *rd = eval_add(a, r, &s_rd);
	if (y->rd != FIRM_NA && y->revenue != FIRM_NA && y->revenue > 0) {
		item_set(rd, y->rd >= P->rd_min && ratio_ge(y->rd, y->revenue, P->rd_bp));
		item_figure(a, rd, "研发费用 %s 万元，占营业收入 %s 万元的 %s", "R&D %s, of revenue %s (10k yuan): %s", fmt_wan(a, y->rd),
			    fmt_wan(a, y->revenue), fmt_share(a, y->rd, y->revenue));
	}
	struct eval_item *rev = eval_add(a, r, &s_rev);
	if (y->revenue != FIRM_NA) {
		item_set(rev, y->revenue >= P->revenue_min || eq2 >= P->equity_min);
		item_figure(a, rev, "营业收入 %s 万元；近2年新增股权融资 %s 万元", "revenue %s; new equity in two years %s (10k yuan)",
			    fmt_wan(a, y->revenue), fmt_wan(a, eq2));
	}

	/* the score: 专业化 and 精细化 computed, 特色化 and 创新能力 not public */
	int lo = 0, hi = 0, missing = 0;
	it = eval_add(a, r, &s_main);
	if (y->main_revenue != FIRM_NA && y->revenue != FIRM_NA && y->revenue > 0) {
		size_t i;
		item_points(it, band_pick(y->main_revenue, y->revenue, P->main_share, 4, &i));
		it->band = band_text(a, P->main_share, 4, i);
		item_figure(a, it, "%s ÷ %s = %s", "%s ÷ %s = %s", fmt_wan(a, y->main_revenue), fmt_wan(a, y->revenue),
			    fmt_share(a, y->main_revenue, y->revenue));
	}
	it = eval_add(a, r, &s_growth);
	eval_i128 gn, gd;
	int64_t mv[3];
	int has_growth = mean_growth(f, year, &gn, &gd, mv);
	if (has_growth) {
		int pts = 0;
		size_t row = 5;
		for (size_t i = 0; i < 5; i++)
			if (growth_ge(gn, gd, P->growth[i].bp)) {
				pts = P->growth[i].pts, row = i;
				break;
			}
		item_points(it, pts);
		it->band = band_text(a, P->growth, 6, row);
		item_figure(a, it, "主营业务收入 %s → %s → %s 万元，平均增长率 %s", "main-business revenue %s → %s → %s (10k yuan), mean growth %s",
			    fmt_wan(a, mv[0]), fmt_wan(a, mv[1]), fmt_wan(a, mv[2]), fmt_growth(a, gn, gd));
		item_note(it, MEAN_ZH, MEAN_EN);
	}
	it = eval_add(a, r, &s_years);
	int my = firm_market_years(y, year);
	if (my >= 0) {
		int pts = my / P->years_per_point;
		item_points(it, pts > P->market_cap ? P->market_cap : pts);
		item_figure(a, it, "满 %d 年", "%d full years", my);
	}
	item_manual(eval_add(a, r, &s_field));
	it = eval_add(a, r, &s_digital);
	if (y->digital_level > 0) {
		item_points(it, P->digital_pts[y->digital_level > 3 ? 3 : y->digital_level]);
		item_figure(a, it, "%d 级", "level %d", y->digital_level);
	}
	it = eval_add(a, r, &s_quality);
	{
		unsigned t = y->titles;
		int n = !!(t & TITLE_QUALITY_AWARD) + !!(t & TITLE_MGMT_CERT) + !!(t & TITLE_OWN_BRAND) + (y->standard >= STD_PARTICIPATED);
		int pts = n * P->quality_each;
		item_points(it, pts > P->quality_cap ? P->quality_cap : pts);
		item_figure(a, it, "符合 %d 项", "%d of the four", n);
	}
	it = eval_add(a, r, &s_margin);
	if (y->net_profit != FIRM_NA && y->revenue != FIRM_NA && y->revenue > 0) {
		size_t i;
		item_points(it, band_pick(y->net_profit, y->revenue, P->margin, 6, &i));
		it->band = band_text(a, P->margin, 6, i);
		item_figure(a, it, "净利润 %s ÷ 营业收入 %s = %s", "net profit %s ÷ revenue %s = %s", fmt_wan(a, y->net_profit),
			    fmt_wan(a, y->revenue), fmt_share(a, y->net_profit, y->revenue));
	}
	it = eval_add(a, r, &s_debt);
	if (y->liabilities != FIRM_NA && y->assets != FIRM_NA && y->assets > 0) {
		int k = !ratio_ge(y->liabilities, y->assets, P->debt_bp[0])   ? 0
			: !ratio_ge(y->liabilities, y->assets, P->debt_bp[1]) ? 1
			: !ratio_gt(y->liabilities, y->assets, P->debt_bp[2]) ? 2
									       : 3;
		static const char *const bands[] = {"x < 50%", "50% ≤ x < 60%", "60% ≤ x ≤ 70%", "x > 70%"};
		item_points(it, P->debt_pts[k]);
		it->band = bands[k];
		item_figure(a, it, "%s ÷ %s = %s", "%s ÷ %s = %s", fmt_wan(a, y->liabilities), fmt_wan(a, y->assets),
			    fmt_share(a, y->liabilities, y->assets));
		item_note(it, "端点归属未明示：50%、60% 归入较高一档，70% 归入 60%-70%（假设）",
			  "The standard does not say where edges fall: 50% and 60% go to the higher band, 70% to 60-70% (an assumption)");
	}
	it = eval_add(a, r, &s_special);
	it->state = IS_NOT_PUBLIC;
	item_note(it, "本省的特色化指标未见公开：不计算，按 0–15 分范围计", "The province's specialty indicators were not found: not computed, 0-15 allowed");
	it = eval_add(a, r, &s_innov);
	it->state = IS_NOT_PUBLIC;
	item_note(it, "创新能力各项的分档未见公开：不计算，按 0–35 分范围计", "The bands of these items were not found: not computed, 0-35 allowed");
	for (size_t i = 0; i < r->n_items; i++) {
		const struct eval_item *s = &r->items[i];
		if (s->kind != IK_SCORE)
			continue;
		if (s->state == IS_MET) {
			lo += s->pts_min, hi += s->pts_max;
		} else {
			hi += s->pts_cap;
			missing |= s->state == IS_MISSING;
		}
	}
	r->has_score = 1;
	r->pass_mark = P->pass_mark;
	r->score_min = lo, r->score_max = hi;
	struct eval_item *score = eval_add(a, r, &s_score);
	eval_score_condition(a, r, score, !missing);
	if (score->state == IS_EXPERT)
		item_note(score, "未公开的指标（特色化、创新能力）与需人工评定的领域情况决定是否达到60分", "The unpublished indicators and the field assessment decide");

	/* direct routes for (四) */
	int award = 0, ck = 0;
	for (int yy = year - 2; yy <= year; yy++) {
		const struct firm_year *w = firm_year_of(f, yy);
		if (!w)
			continue;
		if ((w->award == AWARD_PROVINCIAL && w->award_rank >= 1 && w->award_rank <= 3) ||
		    (w->award == AWARD_NATIONAL && w->award_rank >= 1 && w->award_rank <= 5))
			award = yy;
		if (w->titles & (TITLE_CHUANGKE_500 | TITLE_CHUANGKE_50))
			ck = yy;
	}
	it = eval_add(a, r, &s_d_award);
	item_set(it, award != 0);
	it = eval_add(a, r, &s_d_rd);
	int64_t rd2 = firm_sum(f, year - 1, year, offsetof(struct firm_year, rd));
	if (rd2 != FIRM_NA) {
		item_set(it, rd2 >= 2 * P->route_rd_avg);
		item_figure(a, it, "近两年研发费用均值 %s 万元", "two-year mean R&D %s (10k yuan)", fmt_wan(a, rd2 / 2));
	}
	it = eval_add(a, r, &s_d_equity);
	item_set(it, eq2 >= P->route_equity);
	item_figure(a, it, "%s 万元", "%s (10k yuan)", fmt_wan(a, eq2));
	it = eval_add(a, r, &s_d_ck);
	item_set(it, ck != 0);

	eval_finish(r);
	if (r->verdict != FIRM_FAILS)
		return;
	if (market->state == IS_NOT_MET)
		eval_add_lift(a, r, 0, market->id, arena_printf(a, "细分市场年限 %d → %d 年", my, P->min_market_years),
			      arena_printf(a, "years in the niche market %d → %d", my, P->min_market_years),
			      arena_printf(a, "再从事该细分市场 %d 年", P->min_market_years - my),
			      arena_printf(a, "%d more year(s) in the niche market", P->min_market_years - my), 0);
	if (rd->state == IS_NOT_MET) {
		int64_t d1 = P->rd_min - y->rd, d2 = lift_num(y->rd, y->revenue, P->rd_bp), d = d1 > d2 ? d1 : d2;
		eval_add_lift(a, r, 0, rd->id, arena_printf(a, "研发费用 %s 万元（%s）→ 至少 100 万元且 3%%", fmt_wan(a, y->rd), fmt_share(a, y->rd, y->revenue)),
			      arena_printf(a, "R&D %s (%s) → at least 100 and 3%%", fmt_wan(a, y->rd), fmt_share(a, y->rd, y->revenue)),
			      arena_printf(a, "研发费用约增加 %s 万元", fmt_wan_up(a, d)), arena_printf(a, "about %s (10k yuan) more R&D", fmt_wan_up(a, d)), 0);
	}
	if (rev->state == IS_NOT_MET)
		eval_add_lift(a, r, 0, rev->id, arena_printf(a, "营业收入 %s → 1000 万元", fmt_wan(a, y->revenue)),
			      arena_printf(a, "revenue %s → 1000 (10k yuan)", fmt_wan(a, y->revenue)),
			      arena_printf(a, "营业收入约增加 %s 万元，或近2年股权融资达到 2000 万元", fmt_wan_up(a, P->revenue_min - y->revenue)),
			      arena_printf(a, "about %s (10k yuan) more revenue, or 2000 of new equity in two years", fmt_wan_up(a, P->revenue_min - y->revenue)),
			      0);
}

/* ---- 小巨人 ------------------------------------------------------------------------------ */

static const struct rule_desc g_market = {"giant.market_years", "专：细分市场年限", "Specialised: years in the niche market", BG "（一）",
	"截至上年末，企业从事特定细分市场时间达到3年以上", "In a niche market for at least 3 years by the end of last year", IK_CONDITION, 0, 0};
static const struct rule_desc g_main = {"giant.main_share", "专：主营业务收入占比", "Specialised: main-business share", BG "（一）",
	"主营业务收入总额占营业收入总额比重不低于70%", "Main-business revenue is at least 70% of revenue", IK_CONDITION, 0, 0};
static const struct rule_desc g_growth = {"giant.growth", "专：近2年主营业务收入平均增长率", "Specialised: two-year average main-business growth",
	BG "（一）", "近2年主营业务收入平均增长率不低于5%", "Two-year average growth of main-business revenue at least 5%", IK_CONDITION, 0, 0};
static const struct rule_desc g_digital = {"giant.digital", "精：信息系统", "Refined: information systems", BG "（二）",
	"企业拥有稳定的质量管理及至少1项核心业务（研发设计、生产制造、供应链管理等）采用信息系统支撑",
	"At least one core process (R&D, production, supply chain) runs on an information system", IK_CONDITION, 0, 0};
static const struct rule_desc g_cert = {"giant.certification", "精：体系或产品认证", "Refined: certification", BG "（二）",
	"取得相关管理体系认证，或产品通过发达国家和地区产品认证（国际标准协会行业认证）",
	"Holds a management-system certification, or product certification of a developed country or region", IK_CONDITION, 0, 0};
static const struct rule_desc g_debt = {"giant.debt", "精：资产负债率", "Refined: debt ratio", BG "（二）",
	"截至上年末的近2年内资产负债率不高于70%", "Debt-to-asset ratio at most 70%", IK_CONDITION, 0, 0};
static const struct rule_desc g_share = {"giant.market_share", "特：细分市场占有率", "Distinctive: niche market share", BG "（三）",
	"主导产品在全国细分市场占有率达到10%以上，且享有较高知名度和影响力", "The main product holds at least 10% of its national niche market",
	IK_CONDITION, 0, 0};
static const struct rule_desc g_brand = {"giant.brand", "特：自主品牌", "Distinctive: own brand", BG "（三）",
	"拥有直接面向市场并具有竞争优势的自主品牌", "Owns a competitive brand of its own", IK_CONDITION, 0, 0};
static const struct rule_desc g_rd = {"giant.rd", "新：研发投入", "Innovative: R&D input", BG "（四）",
	"上年度营业收入1亿元以上的，近2年研发费用占营业收入比重均不低于3%；5000万元–1亿元的，均不低于6%；5000万元以下的，近2年新增股权融资8000万元以上且研发费用3000万元以上、研发人员占比50%以上",
	"Revenue 100 million+: R&D at least 3% in each of two years; 50-100 million: at least 6% each; below 50 million: 80 million new equity, 30 million R&D and half the staff in R&D over two years",
	IK_CONDITION, 0, 1};
static const struct rule_desc g_rdorg = {"giant.rd_org", "新：研发机构", "Innovative: R&D unit", BG "（四）",
	"自建或与高校、科研机构联合建立研发机构（技术研究院、企业技术中心、工程中心等）", "Has its own or a joint R&D unit", IK_CONDITION, 0, 1};
static const struct rule_desc g_ip = {"giant.ip", "新：Ⅰ类知识产权", "Innovative: class I IP", BG "（四）",
	"拥有2项以上与主导产品相关的Ⅰ类知识产权，且实际应用并已产生经济效益", "At least 2 class I IP rights tied to the main product, applied and paying",
	IK_CONDITION, 0, 1};
static const struct rule_desc g_chain = {"giant.chain", "链：产业链配套", "Chain: supporting the industry chain", BG "（五）",
	"位于产业链关键环节，围绕重点产业链实现关键基础技术和产品的产业化应用，发挥“补短板”“锻长板”“填空白”等作用",
	"In a key link of an industry chain", IK_CONDITION, 0, 0};
static const struct rule_desc g_field = {"giant.product_field", "品：主导产品所属领域", "Product: field of the main product", BG "（六）",
	"主导产品原则上属于工业“六基”领域、中华老字号名录或制造强国、网络强国战略十大重点产业领域",
	"The main product is in industrial foundations or the strategic key sectors", IK_CONDITION, 0, 0};
static const struct rule_desc g_d_award = {"giant.direct_award", "近三年国家级科技奖励", "National award in the last three years", BG "（四）",
	"近三年获得过国家级科技奖励，并在获奖单位中排名前三", "A national S&T award among the first three winning units in the last three years",
	IK_DIRECT, 0, 0};
static const struct rule_desc g_d_ck = {"giant.direct_chuangke", "「创客中国」50强", "Chuangke China top 50", BG "（四）",
	"近三年进入「创客中国」中小企业创新创业大赛全国50强企业组名单", "On the Chuangke China national top-50 list in the last three years",
	IK_DIRECT, 0, 0};

static void rd_year(struct arena *a, const struct firm_year *w, int64_t bp, int *ok, int *known, char **text)
{
	if (!w || w->rd == FIRM_NA || w->revenue == FIRM_NA || w->revenue <= 0) {
		*known = 0;
		return;
	}
	*ok &= ratio_ge(w->rd, w->revenue, bp);
	*text = arena_printf(a, "%s%s%d: %s", *text, **text ? "; " : "", w->year, fmt_share(a, w->rd, w->revenue));
}

void eval_giant(struct arena *a, const struct firm *f, int year, const struct rule_set *rs, struct eval_result *r)
{
	const struct giant_params *P = rs->params;
	const struct firm_year *y = firm_year_of(f, year), *prev = firm_year_of(f, year - 1);
	struct eval_item *it;

	struct eval_item *market = eval_add(a, r, &g_market);
	market_item(a, market, y, year, P->min_market_years);
	struct eval_item *main = eval_add(a, r, &g_main);
	if (y->main_revenue != FIRM_NA && y->revenue != FIRM_NA && y->revenue > 0) {
		item_set(main, ratio_ge(y->main_revenue, y->revenue, P->main_bp));
		item_figure(a, main, "%s ÷ %s = %s", "%s ÷ %s = %s", fmt_wan(a, y->main_revenue), fmt_wan(a, y->revenue),
			    fmt_share(a, y->main_revenue, y->revenue));
	}
	struct eval_item *growth = eval_add(a, r, &g_growth);
	eval_i128 gn, gd;
	int64_t mv[3];
	if (mean_growth(f, year, &gn, &gd, mv)) {
		item_set(growth, growth_ge(gn, gd, P->growth_bp));
		item_figure(a, growth, "%s → %s → %s 万元，平均增长率 %s", "%s → %s → %s (10k yuan), mean growth %s", fmt_wan(a, mv[0]),
			    fmt_wan(a, mv[1]), fmt_wan(a, mv[2]), fmt_growth(a, gn, gd));
		item_note(growth, MEAN_ZH, MEAN_EN);
	}
	it = eval_add(a, r, &g_digital);
	if (y->digital_level >= 2) {
		item_set(it, 1);
		item_figure(a, it, "数字化水平 %d 级", "digital level %d", y->digital_level);
		item_note(it, "以数字化水平二级及以上视为核心业务采用信息系统（假设）", "Digital level 2 or above is taken to mean a core process on information systems (an assumption)");
	} else if (y->digital_level == 1) {
		item_manual(it);
	}
	it = eval_add(a, r, &g_cert);
	if (y->titles & TITLE_MGMT_CERT)
		item_set(it, 1);
	else
		item_manual(it);
	struct eval_item *debt = eval_add(a, r, &g_debt);
	if (y->liabilities != FIRM_NA && y->assets != FIRM_NA && y->assets > 0) {
		item_set(debt, !ratio_gt(y->liabilities, y->assets, P->debt_max_bp));
		item_figure(a, debt, "%s ÷ %s = %s", "%s ÷ %s = %s", fmt_wan(a, y->liabilities), fmt_wan(a, y->assets),
			    fmt_share(a, y->liabilities, y->assets));
	}
	struct eval_item *share = eval_add(a, r, &g_share);
	if (y->market_share != FIRM_NA) {
		item_set(share, y->market_share >= P->share_bp);
		item_figure(a, share, "%s", "%s", fmt_bp(a, y->market_share));
		item_note(share, "知名度和影响力需人工核实", "Recognition and influence are to be checked by hand");
	}
	it = eval_add(a, r, &g_brand);
	if (y->titles_known)
		item_set(it, (y->titles & TITLE_OWN_BRAND) != 0);

	/* 新: the general conditions by last year's revenue, or a direct route */
	struct eval_item *rd = eval_add(a, r, &g_rd);
	if (y->revenue != FIRM_NA) {
		int ok = 1, known = 1;
		char *text = arena_strdup(a, "");
		if (y->revenue >= P->tier_mid) {
			int64_t bp = y->revenue >= P->tier_high ? P->rd_bp_high : P->rd_bp_mid;
			rd_year(a, prev, bp, &ok, &known, &text);
			rd_year(a, y, bp, &ok, &known, &text);
			if (known) {
				item_set(rd, ok);
				rd->figure_zh = arena_printf(a, "营业收入 %s 万元，要求两年均不低于 %s：%s", fmt_wan(a, y->revenue), fmt_bp(a, bp), text);
				rd->figure_en = arena_printf(a, "revenue %s, so at least %s in both years: %s", fmt_wan(a, y->revenue), fmt_bp(a, bp), text);
			}
		} else {
			int64_t eq = firm_sum(f, year - 1, year, offsetof(struct firm_year, equity));
			int64_t rd2 = firm_sum(f, year - 1, year, offsetof(struct firm_year, rd));
			if (eq != FIRM_NA && rd2 != FIRM_NA && y->rd_staff != FIRM_NA && y->staff != FIRM_NA && y->staff > 0) {
				item_set(rd, eq >= P->low_equity && rd2 >= P->low_rd && ratio_ge(y->rd_staff, y->staff, P->low_rd_staff_bp));
				item_figure(a, rd, "营业收入 %s 万元（5000万元以下）：近2年股权融资 %s 万元，研发费用 %s 万元，研发人员占比 %s",
					    "revenue %s (below 5000): equity %s, R&D %s over two years, R&D staff %s", fmt_wan(a, y->revenue),
					    fmt_wan(a, eq), fmt_wan(a, rd2), fmt_share(a, y->rd_staff, y->staff));
			}
		}
	}
	struct eval_item *rdorg = eval_add(a, r, &g_rdorg);
	item_set(rdorg, y->rd_org >= RDORG_INHOUSE);
	struct eval_item *ip = eval_add(a, r, &g_ip);
	if (y->ip1 != FIRM_NA) {
		item_set(ip, y->ip1 >= P->min_ip1);
		item_figure(a, ip, "Ⅰ类 %lld 项", "class I %lld", (long long)y->ip1);
		item_note(ip, "是否实际应用并产生经济效益需人工核实", "Whether they are applied and paying is to be checked by hand");
	}
	it = eval_add(a, r, &g_chain);
	it->state = IS_NOT_PUBLIC;
	item_note(it, "“链”的完整条文未见公开：不计算，需人工判断", "The full wording was not found: not computed, for a person to judge");
	it = eval_add(a, r, &g_field);
	it->state = IS_NOT_PUBLIC;
	item_note(it, "“品”的完整条文未见公开：不计算，需人工判断", "The full wording was not found: not computed, for a person to judge");

	int award = 0, ck = 0;
	for (int yy = year - 2; yy <= year; yy++) {
		const struct firm_year *w = firm_year_of(f, yy);
		if (!w)
			continue;
		if (w->award == AWARD_NATIONAL && w->award_rank >= 1 && w->award_rank <= 3)
			award = yy;
		if (w->titles & TITLE_CHUANGKE_50)
			ck = yy;
	}
	item_set(eval_add(a, r, &g_d_award), award != 0);
	item_set(eval_add(a, r, &g_d_ck), ck != 0);

	eval_finish(r);
	if (r->verdict != FIRM_FAILS)
		return;
	if (market->state == IS_NOT_MET) {
		int my = firm_market_years(y, year);
		eval_add_lift(a, r, 0, market->id, arena_printf(a, "细分市场年限 %d → %d 年", my, P->min_market_years),
			      arena_printf(a, "years in the niche market %d → %d", my, P->min_market_years),
			      arena_printf(a, "再从事该细分市场 %d 年", P->min_market_years - my),
			      arena_printf(a, "%d more year(s) in the niche market", P->min_market_years - my), 0);
	}
	if (main->state == IS_NOT_MET) {
		int64_t d = lift_both(y->main_revenue, y->revenue, P->main_bp);
		eval_add_lift(a, r, 0, main->id, arena_printf(a, "主营业务收入占比 %s → 70%%", fmt_share(a, y->main_revenue, y->revenue)),
			      arena_printf(a, "main-business share %s → 70%%", fmt_share(a, y->main_revenue, y->revenue)),
			      arena_printf(a, "主营业务收入约增加 %s 万元", fmt_wan_up(a, d)),
			      arena_printf(a, "about %s (10k yuan) more main-business revenue", fmt_wan_up(a, d)), 0);
	}
	if (growth->state == IS_NOT_MET) {
		int64_t d = growth_lift_v3(gn, gd, mv[0], P->growth_bp);
		eval_add_lift(a, r, 0, growth->id, arena_printf(a, "近2年主营业务收入平均增长率 %s → 5%%", fmt_growth(a, gn, gd)),
			      arena_printf(a, "two-year mean growth %s → 5%%", fmt_growth(a, gn, gd)),
			      arena_printf(a, "%d 年主营业务收入约增加 %s 万元", year, fmt_wan_up(a, d)),
			      arena_printf(a, "about %s (10k yuan) more main-business revenue in %d", fmt_wan_up(a, d), year), 0);
	}
	if (debt->state == IS_NOT_MET) {
		int64_t d = y->liabilities - y->assets * P->debt_max_bp / FIRM_PCT;
		eval_add_lift(a, r, 0, debt->id, arena_printf(a, "资产负债率 %s → 70%%", fmt_share(a, y->liabilities, y->assets)),
			      arena_printf(a, "debt ratio %s → 70%%", fmt_share(a, y->liabilities, y->assets)),
			      arena_printf(a, "负债约减少 %s 万元（资产不变）", fmt_wan_up(a, d)),
			      arena_printf(a, "about %s (10k yuan) less debt, assets unchanged", fmt_wan_up(a, d)), 0);
	}
	if (share->state == IS_NOT_MET)
		eval_add_lift(a, r, 0, share->id, arena_printf(a, "细分市场占有率 %s → 10%%", fmt_bp(a, y->market_share)),
			      arena_printf(a, "niche market share %s → 10%%", fmt_bp(a, y->market_share)),
			      arena_printf(a, "市场占有率提高 %s 个百分点", fmt_bp(a, P->share_bp - y->market_share)),
			      arena_printf(a, "%s more of the national niche market", fmt_bp(a, P->share_bp - y->market_share)), 0);
	if (!r->is_direct && rd->state == IS_NOT_MET && y->revenue >= P->tier_mid && y->rd != FIRM_NA) {
		int64_t bp = y->revenue >= P->tier_high ? P->rd_bp_high : P->rd_bp_mid;
		int64_t d = lift_num(y->rd, y->revenue, bp);
		eval_add_lift(a, r, 0, rd->id, arena_printf(a, "研发费用占比 %s → %s（两年均须达到）", fmt_share(a, y->rd, y->revenue), fmt_bp(a, bp)),
			      arena_printf(a, "R&D ratio %s → %s (needed in both years)", fmt_share(a, y->rd, y->revenue), fmt_bp(a, bp)),
			      d > 0 ? arena_printf(a, "%d 年研发费用约增加 %s 万元，并在下一年度保持", year, fmt_wan_up(a, d))
				    : arena_printf(a, "%d 年已达到：下一年度保持同一比例", year),
			      d > 0 ? arena_printf(a, "about %s (10k yuan) more R&D in %d, and keep it the next year", fmt_wan_up(a, d), year)
				    : arena_printf(a, "reached in %d: keep the ratio the next year", year),
			      0);
	}
	if (!r->is_direct && rdorg->state == IS_NOT_MET)
		eval_add_lift(a, r, 0, rdorg->id, "研发机构 无 → 有", "R&D unit none → one", "自建或与高校、科研机构联合建立研发机构",
			      "set up an R&D unit, alone or with a university or institute", 0);
	if (!r->is_direct && ip->state == IS_NOT_MET)
		eval_add_lift(a, r, 0, ip->id, arena_printf(a, "Ⅰ类知识产权 %lld → 2 项", (long long)y->ip1),
			      arena_printf(a, "class I IP %lld → 2", (long long)y->ip1),
			      arena_printf(a, "新增 %lld 项与主导产品相关的Ⅰ类知识产权", (long long)(P->min_ip1 - y->ip1)),
			      arena_printf(a, "%lld more class I IP rights tied to the main product", (long long)(P->min_ip1 - y->ip1)), 0);
}
