/* plan.h - the plan as data: goal groups, indicators, targets, actions, measures, units,
 * responsibilities and regions, as plain arrays that live in one arena.
 * Pure types and lookups; reading them from files is ingest/, storing them is store/.
 * Invariant after plan_check() reports no error: every index field points into its array. */
#ifndef INNOMON_CORE_PLAN_H
#define INNOMON_CORE_PLAN_H

#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"

/* Where a row came from, for diagnostics: file name (borrowed) and 1-based line. */
struct src_pos {
	const char *file;
	long line;
};

enum cmp_op {
	CMP_NONE = 0,
	CMP_GE,              /* >=  */
	CMP_GT,              /* >   */
	CMP_LE,              /* <=  (ranks) */
	CMP_BETWEEN,         /* value <= x <= value_max */
	CMP_ANNUAL_GE,       /* each year >= value */
	CMP_KEEP_OR_IMPROVE, /* 保位进位: rank no worse than the baseline */
	CMP_RISING,          /* 稳中有升: rank better than the baseline */
};

enum direction { DIR_UP = 1, DIR_DOWN = -1 };
enum ind_kind { IND_REPORTED, IND_DERIVED, IND_FORMULA };
enum aggregation { AGG_NONE, AGG_SUM };
enum frequency { FREQ_ANNUAL, FREQ_QUARTERLY, FREQ_MONTHLY };
enum resp_role { ROLE_LEAD, ROLE_CO };

struct plan_info {
	const char *code, *title_zh, *title_en, *issuer_zh, *issuer_en, *doc_no;
	const char *issued, *valid_until; /* YYYY-MM-DD */
	int base_year;                    /* 0 when the plan gives none */
	int target_year;
	int version;                      /* store version, 0 when not stored */
	struct src_pos pos;
};

struct goal {
	const char *code, *name_zh, *name_en, *text_zh;
	int number;
	struct src_pos pos;
};

struct region {
	const char *code, *name_zh, *name_en, *kind;
	const char **parent_codes; /* n_parents codes as written */
	size_t n_parents;
	int *parents;              /* resolved indexes into plan.regions */
	const char *sums_into;     /* the region this one adds up into with its siblings, or NULL */
	int sums_into_idx;         /* resolved index, -1 when none */
	struct src_pos pos;
};

struct unit {
	const char *code, *name_zh, *name_en, *kind;
	struct src_pos pos;
};

struct indicator {
	const char *code, *name_zh, *name_en, *unit_zh, *unit_en;
	const char *definition_zh, *definition_en, *formula;
	int decimals;
	enum direction direction;
	enum frequency frequency;
	enum ind_kind kind;
	enum aggregation aggregation;
	const char *goal_code;  /* NULL when none */
	int measure_number;     /* 0 when none */
	const char *owner_code; /* NULL when none */
	int is_headline;
	int goal, measure, owner; /* resolved indexes, -1 when none */
	struct src_pos pos;
};

struct target {
	const char *indicator_code, *region_code;
	int year;
	enum cmp_op cmp;
	double value, value_max;   /* value_max only for CMP_BETWEEN */
	int has_value, has_value_max;
	double base_value;
	int base_year;             /* 0 when no baseline given */
	int has_base_value;
	const char *note_zh;
	/* A stand-in for the final verdict (targets.csv proxy_region): when the target region has
	 * no figure for the target year, this region's figure may decide provisionally (e.g. the
	 * three cities' sum for a zone). NULL when none; the notes say why, in words. */
	const char *proxy_region_code, *proxy_note_zh, *proxy_note_en;
	int indicator, region;     /* resolved indexes */
	int proxy_region;          /* resolved index, -1 when none */
	struct src_pos pos;
};

struct action {
	int number;
	const char *title_zh, *title_en;
	struct src_pos pos;
};

struct measure {
	int number, action_number;
	const char *title_zh, *title_en, *text_zh;
	int action; /* resolved index */
	struct src_pos pos;
};

struct responsibility {
	int measure_number;
	const char *unit_code;
	enum resp_role role;
	int position; /* 1-based order in the plan's 责任单位 list */
	int measure, unit; /* resolved indexes */
	struct src_pos pos;
};

/* A validation rule, stored with the plan (rules.csv) so it is edited like the plan. */
enum rule_kind {
	RULE_RANGE,              /* min <= value <= max (either bound optional) */
	RULE_NON_NEGATIVE,       /* value >= 0 */
	RULE_POSITIVE_INTEGER,   /* a whole number >= 1 (ranks) */
	RULE_CHILDREN_LE_PARENT, /* a summing indicator: a sub-region's value <= its parent's */
	RULE_YOY_JUMP,           /* |x_t / x_{t-1} - 1| <= max, same period kind one year apart */
};

struct rule {
	const char *code;
	enum rule_kind kind;
	const char *applies;   /* an indicator code, "*" (every indicator), or "unit:<unit_zh>" */
	int has_min, has_max;
	double min, max;
	int is_warning;        /* warnings flag, errors reject an import */
	const char *note_zh;
	struct src_pos pos;
};

struct plan {
	struct plan_info info;
	struct goal *goals;
	size_t n_goals;
	struct region *regions;
	size_t n_regions;
	struct unit *units;
	size_t n_units;
	struct indicator *indicators;
	size_t n_indicators;
	struct target *targets;
	size_t n_targets;
	struct action *actions;
	size_t n_actions;
	struct measure *measures;
	size_t n_measures;
	struct responsibility *resps;
	size_t n_resps;
	struct rule *rules;
	size_t n_rules;
};

/* Comparator text ("<=", "keep-or-improve", ...) to enum; CMP_NONE when unknown. */
enum cmp_op cmp_parse(const char *s);
/* Canonical text of a comparator. */
const char *cmp_name(enum cmp_op op);
/* Whether the comparator needs value / value_max. */
int cmp_needs_value(enum cmp_op op);

/* Rule kind text ("range", "non_negative", ...) to enum; -1 when unknown. */
int rule_kind_parse(const char *s);
const char *rule_kind_name(enum rule_kind k);
/* Whether rule r applies to indicator ind of p (by code, "*" or "unit:"). */
int rule_applies_to(const struct plan *p, const struct rule *r, int ind);

/* Check references, uniqueness and invariants; append every problem to diags.
 * Resolves every index field. Returns the number of errors added. */
size_t plan_check(struct plan *p, struct diag_list *diags);

/* Lookups by code/number after plan_check; -1 when absent. Linear scans: plans are small. */
int plan_find_goal(const struct plan *p, const char *code);
int plan_find_region(const struct plan *p, const char *code);
int plan_find_unit(const struct plan *p, const char *code);
int plan_find_indicator(const struct plan *p, const char *code);
int plan_find_action(const struct plan *p, int number);
int plan_find_measure(const struct plan *p, int number);
/* Region or indicator by code or by Chinese name; -1 when absent. */
int plan_find_region_any(const struct plan *p, const char *code_or_name);
int plan_find_indicator_any(const struct plan *p, const char *code_or_name);

/* Canonical text of the whole plan (a stable, ordered serialisation used to tell whether a
 * plan changed); allocated in arena. */
const char *plan_canonical(const struct plan *p, struct arena *arena);

/* A code: lower-case ASCII letter first, then [a-z0-9_-], at most 64 bytes. */
int code_is_valid(const char *s);

#endif
