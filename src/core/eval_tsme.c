/* eval_tsme.c - 科技型中小企业评价 (国科发政〔2017〕115号; methods-cn.md §1): eligibility
 * (第六条), the 100-point table (第七条), the direct-qualification routes (第八条), and the
 * smallest changes that reach 60 points. Pure. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/eval_int.h"
#include "base/banned.h"

struct tsme_params {
	int64_t staff_max, revenue_max, assets_max; /* persons, yuan, yuan: "不超过" */
	struct band staff[6], rd_sales[6], rd_cost[6];
	int ip_class1_pts;       /* any Ⅰ类 */
	int ip_class2_pts[5];    /* by Ⅱ类 count 0, 1, 2, 3, 4 or more */
	int pass_mark;
	int direct_years;        /* "近五年" */
};

const struct tsme_params tsme_2017 = {
	500, 200000000LL, 200000000LL,
	{{3000, 20}, {2500, 16}, {2000, 12}, {1500, 8}, {1000, 4}, {0, 0}},
	{{600, 50}, {500, 40}, {400, 30}, {300, 20}, {200, 10}, {0, 0}},
	{{3000, 50}, {2500, 40}, {2000, 30}, {1500, 20}, {1000, 10}, {0, 0}},
	30, {0, 6, 12, 18, 24}, 60, 5,
};

#define B6 "国科发政〔2017〕115号 第六条"
#define B7 "国科发政〔2017〕115号 第七条"
#define B8 "国科发政〔2017〕115号 第八条"

static const struct rule_desc r_resident = {"tsme.resident", "居民企业", "Resident enterprise", B6 "（一）",
	"在中国境内（不包括港、澳、台地区）注册的居民企业", "A resident enterprise registered in mainland China (not Hong Kong, Macao or Taiwan)",
	IK_CONDITION, 0, 0};
static const struct rule_desc r_size = {"tsme.size", "企业规模", "Size", B6 "（二）",
	"职工总数不超过500人、年销售收入不超过2亿元、资产总额不超过2亿元",
	"At most 500 staff, annual sales at most 200 million yuan and total assets at most 200 million yuan", IK_CONDITION, 0, 0};
static const struct rule_desc r_products = {"tsme.products", "产品和服务", "Products and services", B6 "（三）",
	"提供的产品和服务不属于国家规定的禁止、限制和淘汰类", "Its products and services are not in the prohibited, restricted or obsolete categories",
	IK_CONDITION, 0, 0};
static const struct rule_desc r_compliance = {"tsme.compliance", "合规记录", "Compliance record", B6 "（四）",
	"上一年度至当年未发生重大安全、重大质量事故和严重环境违法、科研严重失信行为，且未列入经营异常名录和严重违法失信企业名单",
	"No major safety or quality accident, serious environmental violation or serious research misconduct in the previous and current year, and not on the abnormal-operations or serious-violations lists",
	IK_CONDITION, 0, 0};
static const struct rule_desc r_staff = {"tsme.staff_ratio", "科技人员", "S&T staff", B7 "（一）",
	"科技人员数占职工总数比例：≥30% 20分，25%–30% 16分，20%–25% 12分，15%–20% 8分，10%–15% 4分，<10% 0分（下限含）",
	"S&T staff as a share of all staff: ≥30% 20, 25–30% 16, 20–25% 12, 15–20% 8, 10–15% 4, <10% 0 (lower edges included)",
	IK_SCORE, 20, 0};
static const struct rule_desc r_rd = {"tsme.rd", "研发投入", "R&D input", B7 "（二）",
	"二选一：研发费用总额占销售收入总额比例 ≥6% 50分，5%–6% 40分，4%–5% 30分，3%–4% 20分，2%–3% 10分，<2% 0分；或占成本费用支出总额比例 ≥30% 50分，25%–30% 40分，20%–25% 30分，15%–20% 20分，10%–15% 10分，<10% 0分",
	"One of: R&D over sales ≥6% 50, 5–6% 40, 4–5% 30, 3–4% 20, 2–3% 10, <2% 0; or R&D over total costs ≥30% 50, 25–30% 40, 20–25% 30, 15–20% 20, 10–15% 10, <10% 0",
	IK_SCORE, 50, 0};
static const struct rule_desc r_ip = {"tsme.ip", "科技成果", "S&T results (IP)", B7 "（三）",
	"拥有有效知识产权：1项及以上Ⅰ类 30分，4项及以上Ⅱ类 24分，3项Ⅱ类 18分，2项Ⅱ类 12分，1项Ⅱ类 6分，无 0分",
	"Valid IP: 1+ class I 30; 4+ class II 24; 3 class II 18; 2 class II 12; 1 class II 6; none 0", IK_SCORE, 30, 0};
static const struct rule_desc r_score = {"tsme.score", "综合评价得分", "Total score", B6 "（五）",
	"综合评价得分不低于60分", "The total score is at least 60", IK_CONDITION, 100, 1};
static const struct rule_desc r_staff_nonzero = {"tsme.staff_nonzero", "科技人员指标不得为0分", "S&T staff score above 0", B6 "（五）",
	"科技人员指标得分不得为0分", "The S&T staff indicator must not score 0", IK_CONDITION, 0, 1};
static const struct rule_desc r_d_hnte = {"tsme.direct_hnte", "有效期内的高新技术企业", "Valid HNTE certificate", B8 "（一）",
	"企业拥有有效期内高新技术企业资格证书", "Holds a valid high and new technology enterprise certificate", IK_DIRECT, 0, 0};
static const struct rule_desc r_d_award = {"tsme.direct_award", "国家级科技奖励", "National S&T award", B8 "（二）",
	"近五年内获得过国家级科技奖励，并在获奖单位中排在前三名", "A national S&T award in the last five years, among the first three winning units",
	IK_DIRECT, 0, 0};
static const struct rule_desc r_d_rdorg = {"tsme.direct_rd_org", "省部级以上研发机构", "Provincial or national R&D institution", B8 "（三）",
	"拥有经认定的省部级以上研发机构", "Has a recognised R&D institution of provincial or ministerial level or above", IK_DIRECT, 0, 0};
static const struct rule_desc r_d_std = {"tsme.direct_standard", "主导制定标准", "Led a standard", B8 "（四）",
	"近五年内主导制定过国际标准、国家标准或行业标准", "Led the drafting of an international, national or industry standard in the last five years",
	IK_DIRECT, 0, 0};

/* The R&D item: both measures computed and shown, the declared one used (else the higher,
 * said to be an assumption). *which: 1 sales, 2 cost, 0 not computable. */
static void rd_item(struct arena *a, const struct tsme_params *P, const struct firm_year *y, struct eval_item *it, int *which)
{
	int has_s = y->rd != FIRM_NA && y->revenue != FIRM_NA && y->revenue > 0;
	int has_c = y->rd != FIRM_NA && y->cost != FIRM_NA && y->cost > 0;
	size_t is = 0, ic = 0;
	int ps = has_s ? band_pick(y->rd, y->revenue, P->rd_sales, 6, &is) : -1;
	int pc = has_c ? band_pick(y->rd, y->cost, P->rd_cost, 6, &ic) : -1;
	*which = 0;
	if (y->rd_measure == RDM_SALES)
		*which = has_s ? 1 : 0;
	else if (y->rd_measure == RDM_COST)
		*which = has_c ? 2 : 0;
	else if (has_s || has_c)
		*which = ps >= pc ? 1 : 2;
	const char *s_zh = has_s ? arena_printf(a, "研发费用 %s 万元 ÷ 销售收入 %s 万元 = %s", fmt_wan(a, y->rd), fmt_wan(a, y->revenue),
						fmt_share(a, y->rd, y->revenue))
				 : "研发费用占销售收入比例无法计算";
	const char *s_en = has_s ? arena_printf(a, "R&D %s ÷ sales %s (10k yuan) = %s", fmt_wan(a, y->rd), fmt_wan(a, y->revenue),
						fmt_share(a, y->rd, y->revenue))
				 : "R&D over sales cannot be computed";
	const char *c_zh = has_c ? arena_printf(a, "÷ 成本费用支出 %s 万元 = %s", fmt_wan(a, y->cost), fmt_share(a, y->rd, y->cost))
				 : "占成本费用比例无法计算";
	const char *c_en = has_c ? arena_printf(a, "÷ total costs %s = %s", fmt_wan(a, y->cost), fmt_share(a, y->rd, y->cost))
				 : "over costs cannot be computed";
	item_figure(a, it, "%s；%s", "%s; %s", s_zh, c_zh);
	it->figure_en = arena_printf(a, "%s; %s", s_en, c_en);
	if (*which == 0) {
		if (y->rd_measure != RDM_NONE && (has_s || has_c))
			item_note(it, "企业申报的计分口径缺少所需数据", "The measure the firm declared lacks the figures it needs");
		return;
	}
	item_points(it, *which == 1 ? ps : pc);
	it->band = *which == 1 ? arena_printf(a, "研发/销售 %s", band_text(a, P->rd_sales, 6, is))
			       : arena_printf(a, "研发/成本 %s", band_text(a, P->rd_cost, 6, ic));
	if (y->rd_measure == RDM_NONE)
		item_note(it, has_s && has_c ? "企业未申报计分口径：取两种口径中得分较高者（假设）" : "企业未申报计分口径：按可计算的口径计分（假设）",
			  has_s && has_c ? "No measure declared: the higher of the two is used (an assumption)"
					 : "No measure declared: the one that can be computed is used (an assumption)");
}

static int ip_points(const struct tsme_params *P, const struct firm_year *y, int *known)
{
	*known = 1;
	if (y->ip1 != FIRM_NA && y->ip1 >= 1)
		return P->ip_class1_pts;
	if (y->ip1 == FIRM_NA || y->ip2 == FIRM_NA) {
		*known = 0;
		return 0;
	}
	return P->ip_class2_pts[y->ip2 >= 4 ? 4 : y->ip2];
}

/* ---- lifts: the bands each indicator can climb ------------------------------------------ */

static void staff_steps(struct arena *a, const struct tsme_params *P, const struct firm_year *y, struct lift_item *it)
{
	for (int i = 4; i >= 0; i--) {
		int64_t d = lift_both(y->tech_staff, y->staff, P->staff[i].bp);
		if (d == 0 || y->staff + d > P->staff_max)
			continue; /* reached already, or the hires would break the size limit */
		lift_item_step(it, P->staff[i].pts,
			       arena_printf(a, "科技人员占比 %s → %s", fmt_share(a, y->tech_staff, y->staff), fmt_bp(a, P->staff[i].bp)),
			       arena_printf(a, "S&T staff share %s → %s", fmt_share(a, y->tech_staff, y->staff), fmt_bp(a, P->staff[i].bp)),
			       arena_printf(a, "新增科技人员 %lld 人（职工总数随之增加）", (long long)d),
			       arena_printf(a, "%lld more S&T staff (who also add to the total staff)", (long long)d));
	}
}

/* Either measure may be declared: for each band, whichever asks for less R&D. */
static void rd_steps(struct arena *a, const struct tsme_params *P, const struct firm_year *y, struct lift_item *it)
{
	for (int i = 4; i >= 0; i--) {
		int64_t ds = y->revenue != FIRM_NA && y->revenue > 0 ? lift_num(y->rd, y->revenue, P->rd_sales[i].bp) : -1;
		int64_t dc = y->cost != FIRM_NA && y->cost > 0 ? lift_both(y->rd, y->cost, P->rd_cost[i].bp) : -1;
		if (ds < 0 && dc < 0)
			continue;
		int use_cost = ds < 0 || (dc >= 0 && dc < ds);
		int64_t d = use_cost ? dc : ds;
		if (d == 0) {
			/* the other measure reaches the band already: declaring it is the whole change */
			lift_item_step(it, use_cost ? P->rd_cost[i].pts : P->rd_sales[i].pts,
				       use_cost ? arena_printf(a, "研发投入改按成本费用口径计分：%s", fmt_share(a, y->rd, y->cost))
						: arena_printf(a, "研发投入改按销售收入口径计分：%s", fmt_share(a, y->rd, y->revenue)),
				       use_cost ? arena_printf(a, "R&D scored over total costs instead: %s", fmt_share(a, y->rd, y->cost))
						: arena_printf(a, "R&D scored over sales instead: %s", fmt_share(a, y->rd, y->revenue)),
				       "申报时选择该计分口径，无需增加研发费用", "declare that measure: no more R&D is needed");
			continue;
		}
		if (use_cost)
			lift_item_step(it, P->rd_cost[i].pts,
				       arena_printf(a, "研发费用占成本费用比例 %s → %s", fmt_share(a, y->rd, y->cost), fmt_bp(a, P->rd_cost[i].bp)),
				       arena_printf(a, "R&D over total costs %s → %s", fmt_share(a, y->rd, y->cost), fmt_bp(a, P->rd_cost[i].bp)),
				       arena_printf(a, "研发费用约增加 %s 万元（按成本费用口径申报，新增研发费用计入成本费用）", fmt_wan_up(a, d)),
				       arena_printf(a, "about %s (10k yuan) more R&D, declared over total costs (the extra R&D is also a cost)",
						    fmt_wan_up(a, d)));
		else
			lift_item_step(it, P->rd_sales[i].pts,
				       arena_printf(a, "研发费用占销售收入比例 %s → %s", fmt_share(a, y->rd, y->revenue), fmt_bp(a, P->rd_sales[i].bp)),
				       arena_printf(a, "R&D over sales %s → %s", fmt_share(a, y->rd, y->revenue), fmt_bp(a, P->rd_sales[i].bp)),
				       arena_printf(a, "研发费用约增加 %s 万元（按销售收入口径申报）", fmt_wan_up(a, d)),
				       arena_printf(a, "about %s (10k yuan) more R&D, declared over sales", fmt_wan_up(a, d)));
	}
}

static void ip_steps(struct arena *a, const struct tsme_params *P, const struct firm_year *y, struct lift_item *it)
{
	if (y->ip2 == FIRM_NA)
		return;
	for (int k = 1; k <= 4; k++)
		if (k > y->ip2)
			lift_item_step(it, P->ip_class2_pts[k], arena_printf(a, "Ⅱ类知识产权 %lld → %d 项", (long long)y->ip2, k),
				       arena_printf(a, "class II IP %lld → %d", (long long)y->ip2, k),
				       arena_printf(a, "新增 %lld 项Ⅱ类知识产权（实用新型、外观设计、软件著作权等）", (long long)(k - y->ip2)),
				       arena_printf(a, "%lld more class II IP rights (utility models, designs, software copyrights)",
						    (long long)(k - y->ip2)));
	lift_item_step(it, P->ip_class1_pts, "Ⅰ类知识产权 0 → 1 项", "class I IP 0 → 1", "新增 1 项Ⅰ类知识产权（如发明专利）",
		       "1 class I IP right (e.g. an invention patent)");
}

static int tsme_passes(const void *ctx, const int *pts)
{
	const struct tsme_params *P = ctx;
	return pts[0] > 0 && pts[0] + pts[1] + pts[2] >= P->pass_mark;
}

static void add_lifts(struct arena *a, const struct tsme_params *P, const struct firm_year *y, const int cur[3], struct eval_result *r)
{
	struct lift_item items[3];
	lift_item_init(&items[0], "tsme.staff_ratio", cur[0]);
	staff_steps(a, P, y, &items[0]);
	lift_item_init(&items[1], "tsme.rd", cur[1]);
	rd_steps(a, P, y, &items[1]);
	lift_item_init(&items[2], "tsme.ip", cur[2]);
	ip_steps(a, P, y, &items[2]);
	eval_lift_search(a, r, items, 3, tsme_passes, P);
}

void eval_tsme(struct arena *a, const struct firm *f, int year, const struct rule_set *rs, struct eval_result *r)
{
	const struct tsme_params *P = rs->params;
	const struct firm_year *y = firm_year_of(f, year);
	struct eval_item *it;

	it = eval_add(a, r, &r_resident);
	item_manual(it);

	it = eval_add(a, r, &r_size);
	if (y->staff != FIRM_NA && y->revenue != FIRM_NA && y->assets != FIRM_NA) {
		item_set(it, y->staff <= P->staff_max && y->revenue <= P->revenue_max && y->assets <= P->assets_max);
		item_figure(a, it, "职工 %lld 人，销售收入 %s 万元，资产总额 %s 万元", "staff %lld, sales %s, assets %s (10k yuan)",
			    (long long)y->staff, fmt_wan(a, y->revenue), fmt_wan(a, y->assets));
	}

	it = eval_add(a, r, &r_products);
	item_manual(it);

	it = eval_add(a, r, &r_compliance);
	item_flag(it, y->compliance);

	/* 第七条: the three indicators */
	int cur[3] = {0, 0, 0}, known[3] = {0, 0, 0};
	struct eval_item *staff = eval_add(a, r, &r_staff);
	if (y->staff != FIRM_NA && y->tech_staff != FIRM_NA && y->staff > 0) {
		size_t i;
		item_points(staff, cur[0] = band_pick(y->tech_staff, y->staff, P->staff, 6, &i));
		staff->band = band_text(a, P->staff, 6, i);
		item_staff_figure(a, staff, y);
		known[0] = 1;
	}
	struct eval_item *rd = eval_add(a, r, &r_rd);
	int which;
	rd_item(a, P, y, rd, &which);
	if (which) {
		cur[1] = rd->pts_min;
		known[1] = 1;
	}
	struct eval_item *ip = eval_add(a, r, &r_ip);
	cur[2] = ip_points(P, y, &known[2]);
	if (known[2]) {
		item_points(ip, cur[2]);
		if (y->ip2 == FIRM_NA)
			item_figure(a, ip, "Ⅰ类 %lld 项", "class I %lld", (long long)y->ip1);
		else
			item_figure(a, ip, "Ⅰ类 %lld 项，Ⅱ类 %lld 项", "class I %lld, class II %lld", (long long)y->ip1, (long long)y->ip2);
	}

	r->has_score = 1;
	r->pass_mark = P->pass_mark;
	for (int k = 0; k < 3; k++) {
		r->score_min += known[k] ? cur[k] : 0;
		r->score_max += known[k] ? cur[k] : (k == 0 ? 20 : k == 1 ? 50 : 30);
	}
	eval_score_condition(a, r, eval_add(a, r, &r_score), 0);
	it = eval_add(a, r, &r_staff_nonzero);
	if (known[0]) {
		item_set(it, cur[0] > 0);
		item_figure(a, it, "科技人员指标 %d 分", "S&T staff indicator %d points", cur[0]);
	}

	/* 第八条: direct routes (they need 第六条（一）至（四）, not the score) */
	char end[32];
	snprintf(end, sizeof(end), "%04d-12-31", year);
	it = eval_add(a, r, &r_d_hnte);
	item_set(it, firm_has_cert(f, "hnte", end));
	if (it->state == IS_MET)
		item_figure(a, it, "%s 有效", "valid on %s", end);
	else
		item_figure(a, it, "%s 无有效证书记录", "no valid certificate on %s", end);
	item_note(it, "以企业资质登记库中的高新技术企业证书为准，按年末日期判断", "From the enterprise certifications registry, valid at the year end");

	int y0 = year - P->direct_years + 1, award_unknown = 0, award = 0, led = 0;
	for (int yy = y0; yy <= year; yy++) {
		const struct firm_year *w = firm_year_of(f, yy);
		if (!w)
			continue;
		if (w->award == AWARD_NATIONAL && w->award_rank >= 1 && w->award_rank <= 3)
			award = yy;
		else if (w->award == AWARD_NATIONAL && w->award_rank <= 0)
			award_unknown = 1;
		if (w->standard == STD_LED)
			led = yy;
	}
	it = eval_add(a, r, &r_d_award);
	if (award) {
		item_set(it, 1);
		item_figure(a, it, "%d 年获国家级科技奖励，排名前三", "national award in %d, among the first three", award);
	} else if (award_unknown) {
		item_note(it, "获国家级科技奖励但排名未填写", "A national award with no rank given");
	} else {
		item_set(it, 0);
		item_figure(a, it, "%d–%d 年无记录", "none recorded %d–%d", y0, year);
	}
	it = eval_add(a, r, &r_d_rdorg);
	item_set(it, y->rd_org >= RDORG_PROVINCIAL);
	it = eval_add(a, r, &r_d_std);
	item_set(it, led != 0);
	if (led)
		item_figure(a, it, "%d 年主导制定标准", "led a standard in %d", led);
	else
		item_figure(a, it, "%d–%d 年无记录", "none recorded %d–%d", y0, year);

	eval_finish(r);
	/* lifts: only the score stands between the firm and the pass, and every item is known */
	if (r->verdict == FIRM_FAILS && known[0] && known[1] && known[2]) {
		int other_fail = 0;
		for (size_t i = 0; i < r->n_items; i++)
			if (r->items[i].kind == IK_CONDITION && !r->items[i].is_waivable && r->items[i].state == IS_NOT_MET)
				other_fail = 1;
		if (!other_fail)
			add_lifts(a, P, y, cur, r);
	}
}
