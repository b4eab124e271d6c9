/* eval_int.h - what the method files (eval_*.c) share: the rule descriptor, adding items and
 * lifts, exact ratio comparisons and bands, the texts of figures, and the verdict rule. Private
 * to src/core. */
#ifndef INNOMON_CORE_EVAL_INT_H
#define INNOMON_CORE_EVAL_INT_H

#include "core/eval.h"

/* A rule as written in the method: everything of an item that does not depend on the firm. */
struct rule_desc {
	const char *id;
	const char *name_zh, *name_en;
	const char *basis;
	const char *rule_zh, *rule_en;
	enum item_kind kind;
	int pts_cap;
	int is_waivable; /* a condition a direct route replaces */
};

/* A band: a share at least bp (1/10000) scores pts. Tables run from the highest bp down; the
 * last row is bp 0. */
struct band {
	int64_t bp;
	int pts;
};
#define BAND_ALL INT64_MIN /* the last row of a table over shares that may be negative */

/* The method evaluators (rule_set.eval). */
void eval_tsme(struct arena *a, const struct firm *f, int year, const struct rule_set *rs, struct eval_result *out);
void eval_innov(struct arena *a, const struct firm *f, int year, const struct rule_set *rs, struct eval_result *out);
void eval_hnte(struct arena *a, const struct firm *f, int year, const struct rule_set *rs, struct eval_result *out);
void eval_srdi(struct arena *a, const struct firm *f, int year, const struct rule_set *rs, struct eval_result *out);
void eval_giant(struct arena *a, const struct firm *f, int year, const struct rule_set *rs, struct eval_result *out);

/* Append an item for rule d (state IS_MISSING until set). */
struct eval_item *eval_add(struct arena *a, struct eval_result *r, const struct rule_desc *d);
/* Append one change of lift option `option` (0: a change every option needs). Texts are taken as given (arena or static). */
struct eval_lift *eval_add_lift(struct arena *a, struct eval_result *r, int option, const char *item_id, const char *what_zh,
				const char *what_en, const char *need_zh, const char *need_en, int points_gain);
/* Set the item's state to met / not met by cond. */
void item_set(struct eval_item *it, int cond);
/* Set a score item's computed points. */
void item_points(struct eval_item *it, int pts);
/* A figure in both languages: two printf formats over the same arguments, each checked by
 * the compiler (the arguments are evaluated twice). item_text sets fixed texts. */
#define item_figure(a, it, fmt_zh, fmt_en, ...) \
	((it)->figure_zh = arena_printf((a), fmt_zh, __VA_ARGS__), (it)->figure_en = arena_printf((a), fmt_en, __VA_ARGS__))
void item_text(struct eval_item *it, const char *zh, const char *en);
void item_note(struct eval_item *it, const char *zh, const char *en);
/* A fact the registry cannot hold: left to a person (IS_MANUAL, said so). */
void item_manual(struct eval_item *it);
/* A yes/no the registry may leave empty (tri-state -1/0/1): empty is left to a person. */
void item_flag(struct eval_item *it, int tri);
/* The S&T staff share as a figure: "科技人员 30 ÷ 职工总数 100 = 30.00%". */
void item_staff_figure(struct arena *a, struct eval_item *it, const struct firm_year *y);

/* num / den >= bp / 10000 and num / den > bp / 10000, exactly (den > 0). */
int ratio_ge(int64_t num, int64_t den, int64_t bp);
int ratio_gt(int64_t num, int64_t den, int64_t bp);
/* The points of the first band num / den reaches (den > 0); *idx its row. */
int band_pick(int64_t num, int64_t den, const struct band *b, size_t n, size_t *idx);
/* The band row idx as text: "25% ≤ x < 30%", "x ≥ 30%", "x < 10%" (arena). */
const char *band_text(struct arena *a, const struct band *b, size_t n, size_t idx);
/* Lift: the least extra d >= 0 (whole units) with (num + d) / den >= bp / 10000. */
int64_t lift_num(int64_t num, int64_t den, int64_t bp);
/* Lift: the least extra d >= 0 with (num + d) / (den + d) >= bp / 10000 (bp < 10000): what is
 * added counts in both (R&D that is also a cost, a new hire who is also staff). */
int64_t lift_both(int64_t num, int64_t den, int64_t bp);

/* Lifts by bands: each item lists the steps it can climb, steps[0] being where it is now and
 * the points rising with the index; pass says whether points per item reach the method's pass.
 * The search keeps the minimal options (lowering any change by one step fails), fewest changes
 * first and then fewest steps, at most LIFT_MAX_OPTIONS, and adds them as lifts. */
#define LIFT_MAX_STEPS 8
#define LIFT_MAX_ITEMS 6
#define LIFT_MAX_OPTIONS 3
struct lift_step {
	int pts;
	const char *what_zh, *what_en, *need_zh, *need_en;
};
struct lift_item {
	const char *id;
	struct lift_step steps[LIFT_MAX_STEPS];
	size_t n;
};
/* Start item it at cur points (no change). */
void lift_item_init(struct lift_item *it, const char *id, int cur);
/* Add a step (ignored when full or not above the last step's points). */
void lift_item_step(struct lift_item *it, int pts, const char *what_zh, const char *what_en, const char *need_zh, const char *need_en);
typedef int (*lift_pass_fn)(const void *ctx, const int *pts);
void eval_lift_search(struct arena *a, struct eval_result *r, const struct lift_item *items, size_t n_items, lift_pass_fn pass,
		      const void *ctx);

/* Texts (arena): a share num/den truncated to 2 decimals "27.33%" (never rounded up across a
 * band edge); a share in 1/10000 "30%" / "2.5%"; yuan as 万元 "45" / "1234.5678". */
const char *fmt_share(struct arena *a, int64_t num, int64_t den);
const char *fmt_bp(struct arena *a, int64_t bp);
const char *fmt_wan(struct arena *a, int64_t yuan);
/* The least whole 万元 at or above yuan, as text ("45"): what a lift asks for. */
const char *fmt_wan_up(struct arena *a, int64_t yuan);

/* Sum of field off (byte offset in struct firm_year) over years [y0, y1]; FIRM_NA when a year
 * is absent or its figure unknown. */
int64_t firm_sum(const struct firm *f, int y0, int y1, size_t off);
/* The mean of two yearly growth rates, g = (v3/v2 + v2/v1) / 2 - 1 (v1, v2 > 0), written
 * g + 1 = n / d: n = v2^2 + v1 v3, d = 2 v1 v2 (128-bit, exact). HNTE's 3-year growth and the
 * 2-year average growth of 专精特新 share it. */
__extension__ typedef __int128 eval_i128;
void growth_mean2(int64_t v1, int64_t v2, int64_t v3, eval_i128 *n, eval_i128 *d);
/* g >= bp / 10000 for g + 1 = n / d (d > 0). */
int growth_ge(eval_i128 n, eval_i128 d, int64_t bp);
/* g as a share text, truncated ("5.12%"). */
const char *fmt_growth(struct arena *a, eval_i128 n, eval_i128 d);
/* The least extra in v3 that brings g to at least bp (v3 adds v1 per unit to n). */
int64_t growth_lift_v3(eval_i128 n, eval_i128 d, int64_t v1, int64_t bp);
/* Years in the 细分市场 by the end of year (year - the year it entered: full years for sure),
 * -1 unknown. */
int firm_market_years(const struct firm_year *y, int year);

/* Whether the firm existed in year y according to its founding date (1 when unknown). */
int firm_existed_in(const struct firm *f, int y);

/* Close the result: n_failed, n_manual, is_direct, points_short and the verdict from the
 * items (rule: a direct route that is met waives the waivable conditions; any computed failure
 * fails; else any missing figure or expert range leaves it undetermined; else it qualifies). */
void eval_finish(struct eval_result *r);
/* The score-threshold condition: state from [score_min, score_max] against pass_mark (MET when
 * min reaches it, NOT_MET when max does not, else IS_EXPERT when expert points are open or
 * IS_MISSING when a figure is). */
void eval_score_condition(struct arena *a, struct eval_result *r, struct eval_item *it, int open_by_expert);

#endif
