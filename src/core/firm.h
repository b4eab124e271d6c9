/* firm.h - an enterprise as the evaluation methods see it (its figures year by year) and what
 * an evaluation answers: per method, every condition and every point with the rule and the
 * figure behind it, the verdict, and the smallest changes that would lift it. Pure types; the
 * methods are core/eval_*.c, reading firms from registry records is core/firm_load.c.
 *
 * Money is exact: whole yuan in int64 (万元 x 10000), so a ratio that is exactly 30% reads as
 * 30% (methods-cn.md 1.4: compare by cross-multiplication, never in floating point). */
#ifndef INNOMON_CORE_FIRM_H
#define INNOMON_CORE_FIRM_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

#define FIRM_NA INT64_MIN      /* a figure the registry does not give */
#define FIRM_WAN 10000          /* yuan per 万元 */
#define FIRM_PCT 10000          /* a share in 1/10000: 30% = 3000 */

enum firm_award { AWARD_NONE = 0, AWARD_PROVINCIAL, AWARD_NATIONAL };
enum firm_rd_org { RDORG_NONE = 0, RDORG_INHOUSE, RDORG_PROVINCIAL, RDORG_NATIONAL };
enum firm_standard { STD_NONE = 0, STD_PARTICIPATED, STD_LED };
enum firm_rd_measure { RDM_NONE = 0, RDM_SALES, RDM_COST };

/* Titles a firm holds in a year (firm_year.titles bits). */
enum firm_title {
	TITLE_TECH_INNOV_DEMO = 1u << 0, /* 国家级技术创新示范企业 */
	TITLE_IP_ADVANTAGE = 1u << 1,    /* 知识产权优势企业 */
	TITLE_IP_DEMO = 1u << 2,         /* 知识产权示范企业 */
	TITLE_CHUANGKE_500 = 1u << 3,    /* 「创客中国」全国500强企业名单 */
	TITLE_CHUANGKE_50 = 1u << 4,     /* 「创客中国」全国50强企业名单 */
	TITLE_QUALITY_AWARD = 1u << 5,   /* 省级以上质量奖 */
	TITLE_MGMT_CERT = 1u << 6,       /* 管理体系认证 (ISO 9001 and the like) */
	TITLE_OWN_BRAND = 1u << 7,       /* 自主品牌 */
};

/* One fiscal year of one firm. Every int64 is FIRM_NA when not given; tri-state flags are -1
 * unknown, 0 no, 1 yes. Written only by firm_load (or tests). */
struct firm_year {
	int year;
	int region;                       /* plan region index of this year's row, -1 unknown */
	int64_t staff, tech_staff, rd_staff; /* 职工总数, 科技人员, 研发人员 (persons) */
	int64_t revenue;                  /* 销售收入 = 营业收入 (yuan) */
	int64_t main_revenue;             /* 主营业务收入 */
	int64_t cost;                     /* 成本费用支出总额 */
	int64_t assets, liabilities;      /* 资产总额, 负债总额 at year end */
	int64_t net_profit;               /* 净利润 (may be negative) */
	int64_t rd, rd_domestic;          /* 研发费用总额, of it spent in China */
	int64_t hitech_revenue;           /* 高新技术产品（服务）收入 */
	int64_t total_income;             /* 总收入 (HNTE 第十一条(六) denominator) */
	int64_t equity;                   /* 新增股权融资 paid in by qualified investors in the year */
	int64_t ip1, ip1_self, ip1_hv;    /* Ⅰ类知识产权, of them 自主研发, of them 高价值 */
	int64_t ip2, ip2_self;            /* Ⅱ类知识产权 (no trademarks), of them 自主研发 */
	int64_t conversions;              /* 科技成果转化 in the year (items) */
	int64_t market_share;             /* 主导产品全国细分市场占有率, 1/10000 */
	int award, award_rank;            /* enum firm_award, the firm's rank among winning units (0 unknown); -1 unknown */
	int rd_org;                       /* enum firm_rd_org; -1 unknown */
	int standard;                     /* enum firm_standard; -1 unknown */
	int titles_known;                 /* 0: the titles column was empty */
	unsigned titles;                  /* enum firm_title bits */
	int market_since;                 /* year it entered its 细分市场, 0 unknown */
	int digital_level;                /* 数字化水平 1..4, 0 unknown */
	int emerging, hnte_field, compliance; /* tri-state: 战略性新兴产业, 国家重点支持的高新技术领域, 合规 */
	int rd_measure;                   /* enum firm_rd_measure: the measure the firm declared */
	int hnte_expert[4];               /* experts' points: 知识产权, 转化能力, 组织管理, 成长性; -1 none */
};

/* A certificate from the enterprises registry (cert codes as stored there). */
struct firm_cert {
	const char *cert, *valid_from, *valid_to; /* valid_to NULL: open-ended */
};

struct firm {
	const char *code, *name;   /* 统一社会信用代码 and the latest row's name */
	const char *founded;       /* 成立日期 YYYY-MM-DD, NULL unknown */
	int region;                /* the latest row's region */
	struct firm_year *years;   /* ascending by year, distinct */
	size_t n_years;
	const struct firm_cert *certs;
	size_t n_certs;
};

/* The row of year y, or NULL. */
const struct firm_year *firm_year_of(const struct firm *f, int y);
/* Whether f holds certificate cert valid on date (YYYY-MM-DD). */
int firm_has_cert(const struct firm *f, const char *cert, const char *date);
/* A fresh year with every figure unknown. */
void firm_year_init(struct firm_year *y, int year);

/* ---- evaluation results ------------------------------------------------------------------ */

enum firm_method { FM_TSME, FM_INNOV, FM_HNTE, FM_SRDI, FM_GIANT, FM_N };

/* Stable code ("tsme", "innov_sme", "hnte", "srdi", "little_giant") and names. */
const char *firm_method_code(enum firm_method m);
const char *firm_method_name(enum firm_method m, int is_en);
/* Method by code; 1 and *out, or 0. */
int firm_method_parse(const char *s, enum firm_method *out);
/* The method's rung on the 梯度培育 ladder: 1 科技型中小企业, 2 创新型中小企业, 3 专精特新,
 * 4 小巨人 and 高新技术企业. */
int firm_method_level(enum firm_method m);

enum item_kind {
	IK_CONDITION, /* must hold */
	IK_SCORE,     /* points towards a total */
	IK_DIRECT,    /* one route of several: any one that holds is enough */
};

enum item_state {
	IS_MET,        /* computed from the figures: holds (a score item: points computed) */
	IS_NOT_MET,    /* computed: does not hold */
	IS_MISSING,    /* a figure it needs is not in the registry */
	IS_MANUAL,     /* a fact the registry cannot hold: someone must check it (not computed) */
	IS_EXPERT,     /* points an expert chooses inside the range shown (not computed) */
	IS_NOT_PUBLIC, /* the published method does not give the rule: not computed */
};
const char *item_state_code(enum item_state s);

/* One condition, score item or route, with the rule and the figure behind it. Strings are
 * static or in the evaluation's arena. */
struct eval_item {
	const char *id;                /* stable: "tsme.staff_ratio" */
	const char *name_zh, *name_en; /* what is assessed */
	const char *basis;             /* the article it comes from: "国科发政〔2017〕115号 第七条" */
	const char *rule_zh, *rule_en; /* the rule or the band table, in words */
	enum item_kind kind;
	enum item_state state;
	const char *figure_zh, *figure_en; /* the firm's figure and how it was computed; NULL none */
	const char *band;              /* the band the figure falls in ("25% ≤ x < 30%"), NULL none */
	int pts_min, pts_max, pts_cap; /* score items: points (min = max when computed), the item's maximum */
	const char *note_zh, *note_en; /* an assumption made or why it is not computed; NULL none */
	int is_waivable;               /* a condition that a met direct route replaces */
};

/* One change in one way of lifting a firm to a pass; changes with the same option belong
 * together. */
struct eval_lift {
	int option;                    /* 0: needed in any case; 1, 2, ...: alternatives, fewest changes first */
	const char *item_id;
	const char *what_zh, *what_en; /* "研发费用占销售收入比例 2.70% → 3.00%" */
	const char *need_zh, *need_en; /* "研发费用约增加 45.00 万元" */
	int points_gain;               /* score items: points added, else 0 */
};

enum firm_verdict {
	FIRM_QUALIFIES,    /* every computed condition holds (manual checks noted) */
	FIRM_FAILS,        /* a computed condition fails */
	FIRM_UNDETERMINED, /* a figure is missing, or the experts' points decide */
	FIRM_NOT_COMPUTED, /* the rules for this year are not public */
};
const char *firm_verdict_code(enum firm_verdict v);

struct rule_set; /* core/eval.h */

struct eval_result {
	enum firm_method method;
	const struct rule_set *rules;  /* the version applied, NULL when none */
	int year;                      /* the fiscal year of the figures */
	enum firm_verdict verdict;
	int has_score;                 /* the method has a total score */
	int score_min, score_max;      /* the total the figures (and bands) allow */
	int pass_mark;                 /* the total needed */
	int expert_score;              /* HNTE with every expert point given, else -1 */
	int n_failed;                  /* conditions computed as not met (a short total counts one) */
	int n_manual;                  /* conditions left to a person */
	int is_direct;                 /* qualifies by a direct route */
	int points_short;              /* the total alone fails: pass_mark - score_max, else 0 */
	const char *summary_zh, *summary_en;
	struct eval_item *items;
	size_t n_items, cap_items;
	struct eval_lift *lifts;
	size_t n_lifts, cap_lifts;
};

#endif
