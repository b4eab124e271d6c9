/* eval.c - what every method shares (eval_int.h): the rule-set table by method and year, items
 * and lifts, exact shares and bands, figure texts, the verdict rule, the ladder. Pure. */
#include <stdio.h>
#include <string.h>

#include "core/eval_int.h"
#include "base/banned.h"

__extension__ typedef __int128 i128;

/* ---- methods and the ladder -------------------------------------------------------------- */

static const struct {
	const char *code, *zh, *en;
	int level;
} methods[FM_N] = {
	[FM_TSME] = {"tsme", "科技型中小企业", "Technology-based SME", 1},
	[FM_INNOV] = {"innov_sme", "创新型中小企业", "Innovative SME", 2},
	[FM_HNTE] = {"hnte", "高新技术企业", "High and new technology enterprise", 4},
	[FM_SRDI] = {"srdi", "专精特新中小企业", "Specialised and sophisticated SME (专精特新)", 3},
	[FM_GIANT] = {"little_giant", "专精特新“小巨人”企业", "Little giant (专精特新“小巨人”)", 4},
};

const char *firm_method_code(enum firm_method m)
{
	return (unsigned)m < FM_N ? methods[m].code : "";
}

const char *firm_method_name(enum firm_method m, int is_en)
{
	return (unsigned)m < FM_N ? (is_en ? methods[m].en : methods[m].zh) : "";
}

int firm_method_parse(const char *s, enum firm_method *out)
{
	for (int m = 0; s && m < FM_N; m++)
		if (strcmp(s, methods[m].code) == 0) {
			*out = (enum firm_method)m;
			return 1;
		}
	return 0;
}

int firm_method_level(enum firm_method m)
{
	return (unsigned)m < FM_N ? methods[m].level : 0;
}

const char *item_state_code(enum item_state s)
{
	static const char *const names[] = {"met", "not_met", "missing", "manual", "expert", "not_public"};
	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "";
}

const char *firm_verdict_code(enum firm_verdict v)
{
	static const char *const names[] = {"qualifies", "fails", "undetermined", "not_computed"};
	return (unsigned)v < sizeof(names) / sizeof(names[0]) ? names[v] : "";
}

/* ---- rule sets --------------------------------------------------------------------------- */

/* the versions' thresholds live with their method (eval_*.c) */
extern const struct tsme_params tsme_2017;
extern const struct innov_params innov_2022;
extern const struct hnte_params hnte_2016;
extern const struct srdi_params srdi_2022;
extern const struct giant_params giant_2022;

#define NOT_PUBLIC_2026_ZH "工信部企业〔2026〕2号《优质中小企业梯度培育管理办法》自2026年4月1日起施行，其官方全文未见（仅有第三方转述），2026年及以后年度按此办法不作计算。"
#define NOT_PUBLIC_2026_EN "MIIT 〔2026〕 No. 2 (in force from 1 April 2026) replaces the 2022 rules; its official text was not seen (only third-party summaries), so years from 2026 are not computed."

static const struct rule_set sets[] = {
	{FM_TSME, "2017", 2017, "《科技型中小企业评价办法》（国科发政〔2017〕115号）",
	 "Technology-based SME Evaluation Measures (MOST/MOF/STA 〔2017〕 No. 115)", 1, NULL, NULL, eval_tsme, &tsme_2017},
	{FM_INNOV, "2022", 2022, "《优质中小企业梯度培育管理暂行办法》（工信部企业〔2022〕63号）附件 创新型中小企业评价标准",
	 "Interim Measures for Tiered Cultivation of Quality SMEs (MIIT 〔2022〕 No. 63), innovative SME standard", 1, NULL, NULL,
	 eval_innov, &innov_2022},
	{FM_HNTE, "2016", 2016, "《高新技术企业认定管理办法》（国科发火〔2016〕32号）及《工作指引》（国科发火〔2016〕195号）",
	 "HNTE Recognition Measures (〔2016〕 No. 32) and Work Guidelines (〔2016〕 No. 195)", 1, NULL, NULL, eval_hnte, &hnte_2016},
	{FM_SRDI, "2022", 2022, "《优质中小企业梯度培育管理暂行办法》（工信部企业〔2022〕63号）专精特新中小企业认定标准",
	 "MIIT 〔2022〕 No. 63, specialised and sophisticated SME standard", 1, NULL, NULL, eval_srdi, &srdi_2022},
	{FM_SRDI, "2026", 2026, "《优质中小企业梯度培育管理办法》（工信部企业〔2026〕2号）", "MIIT 〔2026〕 No. 2", 0, NOT_PUBLIC_2026_ZH,
	 NOT_PUBLIC_2026_EN, NULL, NULL},
	{FM_GIANT, "2022", 2022, "《优质中小企业梯度培育管理暂行办法》（工信部企业〔2022〕63号）专精特新“小巨人”企业认定标准",
	 "MIIT 〔2022〕 No. 63, little giant standard", 1, NULL, NULL, eval_giant, &giant_2022},
	{FM_GIANT, "2026", 2026, "《优质中小企业梯度培育管理办法》（工信部企业〔2026〕2号）", "MIIT 〔2026〕 No. 2", 0, NOT_PUBLIC_2026_ZH,
	 NOT_PUBLIC_2026_EN, NULL, NULL},
};

const struct rule_set *rule_sets(size_t *n)
{
	*n = sizeof(sets) / sizeof(sets[0]);
	return sets;
}

const struct rule_set *rule_set_for(enum firm_method m, int year)
{
	const struct rule_set *best = NULL;
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		if (sets[i].method == m && sets[i].from_year <= year && (!best || sets[i].from_year > best->from_year))
			best = &sets[i];
	return best;
}

void firm_evaluate(struct arena *a, const struct firm *f, int year, enum firm_method m, struct eval_result *out)
{
	memset(out, 0, sizeof(*out));
	out->method = m;
	out->year = year;
	out->expert_score = -1;
	out->rules = rule_set_for(m, year);
	if (!out->rules || !out->rules->is_public || !out->rules->eval) {
		out->verdict = FIRM_NOT_COMPUTED;
		out->summary_zh = out->rules ? out->rules->note_zh : arena_printf(a, "%d年早于该方法施行，不作计算。", year);
		out->summary_en = out->rules ? out->rules->note_en
					     : arena_printf(a, "%d is before the method took effect: not computed.", year);
		return;
	}
	if (!firm_year_of(f, year)) {
		out->verdict = FIRM_UNDETERMINED;
		out->summary_zh = arena_printf(a, "登记库中没有该企业%d年度的数据。", year);
		out->summary_en = arena_printf(a, "The registry holds no figures of this firm for %d.", year);
		return;
	}
	out->rules->eval(a, f, year, out->rules, out);
}

void firm_evaluate_all(struct arena *a, const struct firm *f, int year, struct eval_result *out)
{
	for (int m = 0; m < FM_N; m++)
		firm_evaluate(a, f, year, (enum firm_method)m, &out[m]);
}

int firm_tier(const struct eval_result *res)
{
	int level = 0;
	for (int m = 0; m < FM_N; m++)
		if (res[m].verdict == FIRM_QUALIFIES && firm_method_level((enum firm_method)m) > level)
			level = firm_method_level((enum firm_method)m);
	return level;
}

unsigned firm_next_tier(const struct eval_result *res)
{
	int tier = firm_tier(res);
	/* the lowest rung above the tier that has a method not yet reached (at the top rung, the
	 * top methods still missing) */
	for (int level = tier + 1; level <= 4; level++) {
		unsigned bits = 0;
		for (int m = 0; m < FM_N; m++)
			if (firm_method_level((enum firm_method)m) == level && res[m].verdict != FIRM_QUALIFIES)
				bits |= 1u << m;
		if (bits)
			return bits;
	}
	unsigned bits = 0;
	for (int m = 0; tier == 4 && m < FM_N; m++)
		if (firm_method_level((enum firm_method)m) == 4 && res[m].verdict != FIRM_QUALIFIES)
			bits |= 1u << m;
	return bits;
}

int eval_within_reach(const struct eval_result *r, int near_points)
{
	if (r->verdict == FIRM_QUALIFIES || r->verdict == FIRM_NOT_COMPUTED || r->n_failed != 1)
		return 0;
	return r->points_short == 0 || r->points_short <= near_points;
}

/* ---- items and lifts --------------------------------------------------------------------- */

struct eval_item *eval_add(struct arena *a, struct eval_result *r, const struct rule_desc *d)
{
	if (r->n_items == r->cap_items) {
		size_t cap = r->cap_items ? r->cap_items * 2 : 16;
		struct eval_item *bigger = arena_calloc(a, cap, sizeof(*bigger));
		if (r->n_items)
			memcpy(bigger, r->items, r->n_items * sizeof(*bigger));
		r->items = bigger;
		r->cap_items = cap;
	}
	struct eval_item *it = &r->items[r->n_items++];
	memset(it, 0, sizeof(*it));
	it->id = d->id;
	it->name_zh = d->name_zh, it->name_en = d->name_en;
	it->basis = d->basis;
	it->rule_zh = d->rule_zh, it->rule_en = d->rule_en;
	it->kind = d->kind;
	it->state = IS_MISSING;
	it->pts_cap = d->pts_cap;
	it->pts_max = d->pts_cap;
	it->is_waivable = d->is_waivable;
	return it;
}

struct eval_lift *eval_add_lift(struct arena *a, struct eval_result *r, int option, const char *item_id, const char *what_zh,
				const char *what_en, const char *need_zh, const char *need_en, int points_gain)
{
	if (r->n_lifts == r->cap_lifts) {
		size_t cap = r->cap_lifts ? r->cap_lifts * 2 : 8;
		struct eval_lift *bigger = arena_calloc(a, cap, sizeof(*bigger));
		if (r->n_lifts)
			memcpy(bigger, r->lifts, r->n_lifts * sizeof(*bigger));
		r->lifts = bigger;
		r->cap_lifts = cap;
	}
	struct eval_lift *l = &r->lifts[r->n_lifts++];
	*l = (struct eval_lift){option, item_id, what_zh, what_en, need_zh, need_en, points_gain};
	return l;
}

void item_set(struct eval_item *it, int cond)
{
	it->state = cond ? IS_MET : IS_NOT_MET;
}

void item_points(struct eval_item *it, int pts)
{
	it->state = IS_MET;
	it->pts_min = it->pts_max = pts;
}

void item_text(struct eval_item *it, const char *zh, const char *en)
{
	it->figure_zh = zh;
	it->figure_en = en;
}

void item_note(struct eval_item *it, const char *zh, const char *en)
{
	it->note_zh = zh;
	it->note_en = en;
}

void item_manual(struct eval_item *it)
{
	it->state = IS_MANUAL;
	item_note(it, "登记库不含此项：需人工核实", "Not held in the registry: to be checked by hand");
}

void item_flag(struct eval_item *it, int tri)
{
	if (tri < 0) {
		it->state = IS_MANUAL;
		item_note(it, "登记库未填写：需人工核实", "Not filled in the registry: to be checked by hand");
	} else {
		item_set(it, tri == 1);
	}
}

void item_staff_figure(struct arena *a, struct eval_item *it, const struct firm_year *y)
{
	item_figure(a, it, "科技人员 %lld ÷ 职工总数 %lld = %s", "S&T staff %lld ÷ staff %lld = %s", (long long)y->tech_staff,
		    (long long)y->staff, fmt_share(a, y->tech_staff, y->staff));
}

/* ---- lifts by bands ---------------------------------------------------------------------- */

void lift_item_init(struct lift_item *it, const char *id, int cur)
{
	memset(it, 0, sizeof(*it));
	it->id = id;
	it->steps[0].pts = cur;
	it->n = 1;
}

void lift_item_step(struct lift_item *it, int pts, const char *what_zh, const char *what_en, const char *need_zh, const char *need_en)
{
	if (it->n >= LIFT_MAX_STEPS || pts <= it->steps[it->n - 1].pts)
		return;
	it->steps[it->n++] = (struct lift_step){pts, what_zh, what_en, need_zh, need_en};
}

struct lift_search {
	const struct lift_item *items;
	size_t n_items;
	lift_pass_fn pass;
	const void *ctx;
	struct {
		size_t i[LIFT_MAX_ITEMS];
		int changes, steps;
	} best[LIFT_MAX_OPTIONS];
	size_t n_best;
};

static int search_passes(const struct lift_search *s, const size_t *i)
{
	int pts[LIFT_MAX_ITEMS];
	for (size_t k = 0; k < s->n_items; k++)
		pts[k] = s->items[k].steps[i[k]].pts;
	return s->pass(s->ctx, pts);
}

static void search_consider(struct lift_search *s, const size_t *i)
{
	if (!search_passes(s, i))
		return;
	int changes = 0, steps = 0;
	for (size_t k = 0; k < s->n_items; k++) {
		if (i[k] == 0)
			continue;
		size_t lower[LIFT_MAX_ITEMS];
		memcpy(lower, i, s->n_items * sizeof(*i));
		lower[k]--;
		if (search_passes(s, lower))
			return; /* not minimal */
		changes++;
		steps += (int)i[k];
	}
	if (changes == 0)
		return;
	size_t at = s->n_best;
	while (at > 0 && (s->best[at - 1].changes > changes || (s->best[at - 1].changes == changes && s->best[at - 1].steps > steps)))
		at--;
	if (at >= LIFT_MAX_OPTIONS)
		return;
	if (s->n_best < LIFT_MAX_OPTIONS)
		s->n_best++;
	memmove(&s->best[at + 1], &s->best[at], (s->n_best - 1 - at) * sizeof(s->best[0]));
	memcpy(s->best[at].i, i, s->n_items * sizeof(*i));
	s->best[at].changes = changes;
	s->best[at].steps = steps;
}

static void search_walk(struct lift_search *s, size_t *i, size_t k)
{
	if (k == s->n_items) {
		search_consider(s, i);
		return;
	}
	for (i[k] = 0; i[k] < s->items[k].n; i[k]++)
		search_walk(s, i, k + 1);
}

void eval_lift_search(struct arena *a, struct eval_result *r, const struct lift_item *items, size_t n_items, lift_pass_fn pass,
		      const void *ctx)
{
	struct lift_search s;
	memset(&s, 0, sizeof(s));
	s.items = items, s.n_items = n_items < LIFT_MAX_ITEMS ? n_items : LIFT_MAX_ITEMS;
	s.pass = pass, s.ctx = ctx;
	size_t i[LIFT_MAX_ITEMS] = {0};
	search_walk(&s, i, 0);
	for (size_t b = 0; b < s.n_best; b++)
		for (size_t k = 0; k < s.n_items; k++) {
			const struct lift_step *st = &items[k].steps[s.best[b].i[k]];
			if (s.best[b].i[k] > 0)
				eval_add_lift(a, r, (int)b + 1, items[k].id, st->what_zh, st->what_en, st->need_zh, st->need_en,
					      st->pts - items[k].steps[0].pts);
		}
}

/* ---- exact shares ------------------------------------------------------------------------ */

int ratio_ge(int64_t num, int64_t den, int64_t bp)
{
	return (i128)num * FIRM_PCT >= (i128)bp * den;
}

int ratio_gt(int64_t num, int64_t den, int64_t bp)
{
	return (i128)num * FIRM_PCT > (i128)bp * den;
}

int band_pick(int64_t num, int64_t den, const struct band *b, size_t n, size_t *idx)
{
	for (size_t i = 0; i < n; i++)
		if (ratio_ge(num, den, b[i].bp)) {
			*idx = i;
			return b[i].pts;
		}
	*idx = n - 1; /* a negative share: the lowest band */
	return b[n - 1].pts;
}

const char *fmt_bp(struct arena *a, int64_t bp)
{
	int64_t whole = bp / 100, frac = bp % 100;
	if (frac < 0)
		frac = -frac;
	if (frac == 0)
		return arena_printf(a, "%lld%%", (long long)whole);
	if (frac % 10 == 0)
		return arena_printf(a, "%s%lld.%lld%%", bp < 0 && whole == 0 ? "-" : "", (long long)whole, (long long)(frac / 10));
	return arena_printf(a, "%s%lld.%02lld%%", bp < 0 && whole == 0 ? "-" : "", (long long)whole, (long long)frac);
}

const char *band_text(struct arena *a, const struct band *b, size_t n, size_t idx)
{
	if (n == 1)
		return "";
	if (idx == 0)
		return arena_printf(a, "x ≥ %s", fmt_bp(a, b[0].bp));
	if (idx == n - 1)
		return arena_printf(a, "x < %s", fmt_bp(a, b[n - 2].bp));
	return arena_printf(a, "%s ≤ x < %s", fmt_bp(a, b[idx].bp), fmt_bp(a, b[idx - 1].bp));
}

static int64_t ceil_div(i128 num, i128 den) /* den > 0 */
{
	if (num <= 0)
		return 0;
	return (int64_t)((num + den - 1) / den);
}

int64_t lift_num(int64_t num, int64_t den, int64_t bp)
{
	/* (num + d) * 10000 >= bp * den */
	return ceil_div((i128)bp * den - (i128)num * FIRM_PCT, FIRM_PCT);
}

int64_t lift_both(int64_t num, int64_t den, int64_t bp)
{
	/* (num + d) * 10000 >= bp * (den + d)  <=>  d * (10000 - bp) >= bp * den - 10000 * num */
	return ceil_div((i128)bp * den - (i128)num * FIRM_PCT, FIRM_PCT - bp);
}

const char *fmt_share(struct arena *a, int64_t num, int64_t den)
{
	if (den <= 0)
		return "—";
	/* in 1/100 of a percent, truncated toward zero */
	i128 hund = (i128)num * 10000 / den;
	int neg = hund < 0;
	if (neg)
		hund = -hund;
	return arena_printf(a, "%s%lld.%02lld%%", neg ? "-" : "", (long long)(hund / 100), (long long)(hund % 100));
}

const char *fmt_wan(struct arena *a, int64_t yuan)
{
	int neg = yuan < 0;
	uint64_t u = neg ? (uint64_t)0 - (uint64_t)yuan : (uint64_t)yuan;
	uint64_t whole = u / FIRM_WAN, frac = u % FIRM_WAN;
	if (frac == 0)
		return arena_printf(a, "%s%llu", neg ? "-" : "", (unsigned long long)whole);
	char f[8];
	snprintf(f, sizeof(f), "%04llu", (unsigned long long)frac);
	for (int i = 3; i > 0 && f[i] == '0'; i--)
		f[i] = '\0';
	return arena_printf(a, "%s%llu.%s", neg ? "-" : "", (unsigned long long)whole, f);
}

const char *fmt_wan_up(struct arena *a, int64_t yuan)
{
	if (yuan <= 0)
		return "0";
	/* to 0.01 万元 (100 yuan), rounded up: a lift never asks for less than it needs */
	int64_t h = (yuan + 99) / 100;
	if (h % 100 == 0)
		return arena_printf(a, "%lld", (long long)(h / 100));
	return arena_printf(a, "%lld.%02lld", (long long)(h / 100), (long long)(h % 100));
}

/* ---- figures over years ------------------------------------------------------------------ */

const struct firm_year *firm_year_of(const struct firm *f, int y)
{
	for (size_t i = 0; i < f->n_years; i++)
		if (f->years[i].year == y)
			return &f->years[i];
	return NULL;
}

int firm_has_cert(const struct firm *f, const char *cert, const char *date)
{
	for (size_t i = 0; i < f->n_certs; i++) {
		const struct firm_cert *c = &f->certs[i];
		if (c->cert && strcmp(c->cert, cert) == 0 && c->valid_from && strcmp(c->valid_from, date) <= 0 &&
		    (!c->valid_to || strcmp(c->valid_to, date) >= 0))
			return 1;
	}
	return 0;
}

void firm_year_init(struct firm_year *y, int year)
{
	memset(y, 0, sizeof(*y));
	y->year = year;
	y->region = -1;
	int64_t *figs[] = {&y->staff, &y->tech_staff, &y->rd_staff, &y->revenue, &y->main_revenue, &y->cost, &y->assets,
			   &y->liabilities, &y->net_profit, &y->rd, &y->rd_domestic, &y->hitech_revenue, &y->total_income,
			   &y->equity, &y->ip1, &y->ip1_self, &y->ip1_hv, &y->ip2, &y->ip2_self, &y->conversions, &y->market_share};
	for (size_t i = 0; i < sizeof(figs) / sizeof(figs[0]); i++)
		*figs[i] = FIRM_NA;
	y->emerging = y->hnte_field = y->compliance = -1;
	for (int i = 0; i < 4; i++)
		y->hnte_expert[i] = -1;
}

int64_t firm_sum(const struct firm *f, int y0, int y1, size_t off)
{
	int64_t sum = 0;
	for (int y = y0; y <= y1; y++) {
		const struct firm_year *fy = firm_year_of(f, y);
		if (!fy)
			return FIRM_NA;
		int64_t v;
		memcpy(&v, (const char *)fy + off, sizeof(v));
		if (v == FIRM_NA)
			return FIRM_NA;
		sum += v;
	}
	return sum;
}

void growth_mean2(int64_t v1, int64_t v2, int64_t v3, eval_i128 *n, eval_i128 *d)
{
	*n = (i128)v2 * v2 + (i128)v1 * v3;
	*d = 2 * (i128)v1 * v2;
}

int growth_ge(eval_i128 n, eval_i128 d, int64_t bp)
{
	return n * FIRM_PCT >= (FIRM_PCT + (i128)bp) * d;
}

const char *fmt_growth(struct arena *a, eval_i128 n, eval_i128 d)
{
	if (d <= 0)
		return "—";
	i128 h = (n - d) * 10000 / d;
	int neg = h < 0;
	if (neg)
		h = -h;
	return arena_printf(a, "%s%lld.%02lld%%", neg ? "-" : "", (long long)(h / 100), (long long)(h % 100));
}

int64_t growth_lift_v3(eval_i128 n, eval_i128 d, int64_t v1, int64_t bp)
{
	i128 want = (FIRM_PCT + (i128)bp) * d, have = n * FIRM_PCT, step = (i128)(v1 > 0 ? v1 : 1) * FIRM_PCT;
	if (have >= want)
		return 0;
	return (int64_t)((want - have + step - 1) / step);
}

int firm_market_years(const struct firm_year *y, int year)
{
	return y->market_since > 0 && y->market_since <= year ? year - y->market_since : -1;
}

int firm_existed_in(const struct firm *f, int y)
{
	int fy;
	if (!f->founded || sscanf(f->founded, "%4d", &fy) != 1)
		return 1;
	return fy <= y;
}

/* ---- the verdict ------------------------------------------------------------------------- */

void eval_score_condition(struct arena *a, struct eval_result *r, struct eval_item *it, int open_by_expert)
{
	(void)a;
	it->figure_zh = r->score_min == r->score_max ? arena_printf(a, "%d 分", r->score_min)
						      : arena_printf(a, "%d–%d 分", r->score_min, r->score_max);
	it->figure_en = r->score_min == r->score_max ? arena_printf(a, "%d points", r->score_min)
						      : arena_printf(a, "%d–%d points", r->score_min, r->score_max);
	if (r->score_min >= r->pass_mark)
		it->state = IS_MET;
	else if (r->score_max < r->pass_mark)
		it->state = IS_NOT_MET;
	else
		it->state = open_by_expert ? IS_EXPERT : IS_MISSING;
	if (it->state == IS_NOT_MET)
		r->points_short = r->pass_mark - r->score_max;
}

void eval_finish(struct eval_result *r)
{
	int direct = 0, open = 0;
	for (size_t i = 0; i < r->n_items; i++)
		if (r->items[i].kind == IK_DIRECT && r->items[i].state == IS_MET)
			direct = 1;
	r->is_direct = direct;
	r->n_failed = r->n_manual = 0;
	for (size_t i = 0; i < r->n_items; i++) {
		const struct eval_item *it = &r->items[i];
		if (it->kind != IK_CONDITION || (direct && it->is_waivable))
			continue;
		switch (it->state) {
		case IS_NOT_MET: r->n_failed++; break;
		case IS_MISSING:
		case IS_EXPERT: open++; break;
		case IS_MANUAL:
		case IS_NOT_PUBLIC: r->n_manual++; break;
		case IS_MET: break;
		}
	}
	if (direct)
		r->points_short = 0;
	r->verdict = r->n_failed ? FIRM_FAILS : open ? FIRM_UNDETERMINED : FIRM_QUALIFIES;
}
