/* eval.h - evaluating a firm under the published methods (methods-cn.md): 科技型中小企业
 * (国科发政〔2017〕115号), 创新型中小企业 (工信部企业〔2022〕63号), 高新技术企业 (国科发火〔2016〕32号
 * and 195号), 专精特新中小企业 and 专精特新"小巨人" (2022). Each method's rules are versioned by
 * the year of the figures: a revision is a new rule_set, the old ones stay as they are. A
 * revision whose text is not public is listed and not computed. Pure: no I/O. */
#ifndef INNOMON_CORE_EVAL_H
#define INNOMON_CORE_EVAL_H

#include "core/firm.h"

struct rule_set {
	enum firm_method method;
	const char *version;          /* "2017" */
	int from_year;                /* first fiscal year of figures it applies to */
	const char *doc_zh, *doc_en;  /* the document(s) */
	int is_public;                /* 0: known revision whose text is not public: not computed */
	const char *note_zh, *note_en; /* why not computed, or NULL */
	void (*eval)(struct arena *a, const struct firm *f, int year, const struct rule_set *rs, struct eval_result *out);
	const void *params;           /* the version's thresholds (the method's params struct) */
};

/* Every rule set, by method then from_year. */
const struct rule_set *rule_sets(size_t *n);
/* The rule set of method m for figures of year y (the newest with from_year <= y), or NULL. */
const struct rule_set *rule_set_for(enum firm_method m, int year);

/* Evaluate firm f on its figures of year (and the years before it the method looks at) under
 * method m. out lives in arena a (items, lifts, texts). Cannot fail. A firm with no row for
 * year is FIRM_UNDETERMINED with the reason said. */
void firm_evaluate(struct arena *a, const struct firm *f, int year, enum firm_method m, struct eval_result *out);
/* Every method: out[m] for m < FM_N. */
void firm_evaluate_all(struct arena *a, const struct firm *f, int year, struct eval_result *out);

/* The highest ladder level (firm_method_level) of a method f qualifies under, 0 none. */
int firm_tier(const struct eval_result *res);
/* The methods of the next rung above the tier that f does not qualify under: bit (1u << m).
 * 0 when every rung is reached. */
unsigned firm_next_tier(const struct eval_result *res);

/* Within reach: not qualifying, computed, and exactly one condition fails; when that one is the
 * total score, short of it by at most near_points. */
int eval_within_reach(const struct eval_result *r, int near_points);

#endif
