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

/* The kinds of target real plans set (docs/plan-format.md, docs/methodology.md). The order is
 * the stored text's table in plan.c; new kinds go at the end. */
enum cmp_op {
	CMP_NONE = 0,        /* no target: the trend only */
	CMP_GE,              /* >=  */
	CMP_GT,              /* >   */
	CMP_LE,              /* <=  (top N for a rank) */
	CMP_BETWEEN,         /* value <= x <= value_max */
	CMP_ANNUAL_GE,       /* each year >= value */
	CMP_KEEP_OR_IMPROVE, /* 保位进位: no worse than the baseline */
	CMP_RISING,          /* 稳中有升 / 显著提升: better than the baseline */
	CMP_LT,              /* <   (低于) */
	CMP_ABOUT,           /* |x - value| <= tolerance (左右) */
	CMP_CAGR_GE,         /* average annual growth from base_year to year >= value % (年均增长) */
	CMP_CAGR_LE,         /* average annual growth <= value % (年均下降: a negative value) */
	CMP_CHANGE_GE,       /* x - x(base_year) >= value */
	CMP_CHANGE_LE,       /* x - x(base_year) <= value */
	CMP_CHANGE_PCT_GE,   /* (x / x(base_year) - 1) x 100 >= value (较…增长) */
	CMP_CHANGE_PCT_LE,   /* (x / x(base_year) - 1) x 100 <= value (较…下降: a negative value) */
	CMP_CUMULATIVE_GE,   /* the years' values summed over the period >= value (累计) */
	CMP_ANNUAL_LE,       /* each year <= value */
	CMP_QUALITATIVE,     /* no figure: a reviewer's verdict from milestones and evidence */
	CMP__COUNT
};

/* What an indicator's values are: how they are compared, charted and shown. */
enum ind_scale {
	SCALE_NUMBER = 0, /* a quantity */
	SCALE_RANK,       /* a place in a ranking: 1 is first; charted with 1 at the top */
	SCALE_ORDINAL,    /* a class on an ordered scale (levels): the value is the 1-based position */
	SCALE_JUDGEMENT,  /* a reviewer's verdict on a qualitative target: 1 met, 0 not met */
};

/* 约束性 (binding) or 预期性 (indicative), as the plan says; NATURE_NONE when it does not. */
enum target_nature { NATURE_NONE = 0, NATURE_BINDING, NATURE_INDICATIVE };

enum direction { DIR_UP = 1, DIR_DOWN = -1 };
enum ind_kind { IND_REPORTED, IND_DERIVED, IND_FORMULA };
enum aggregation { AGG_NONE, AGG_SUM };
enum frequency { FREQ_ANNUAL, FREQ_QUARTERLY, FREQ_MONTHLY };
enum resp_role { ROLE_LEAD, ROLE_CO };

/* Where a plan stands beyond its dates (plans.status in the store; not part of a version: a
 * change writes no new version). A loaded plan is in force unless loaded as a draft. */
enum plan_status {
	PLAN_STATUS_IN_FORCE = 0, /* put in force: its dates say not yet / in force / ended */
	PLAN_STATUS_DRAFT,        /* authored, not yet put in force: never the default, the department's only */
	PLAN_STATUS_SUPERSEDED,   /* a successor named (superseded_by); still evaluable */
};

struct plan_info {
	const char *code, *title_zh, *title_en, *issuer_zh, *issuer_en;
	const char *doc_no;               /* NULL when the plan has no published document number */
	const char *issued, *valid_until; /* YYYY-MM-DD, or YYYY-MM / YYYY when only that is published */
	int base_year;                    /* 0 when the plan gives none */
	int target_year;
	int version;                      /* store version, 0 when not stored */
	enum plan_status status;          /* the store's (store_plan_get), or how to create the plan */
	const char *superseded_by;        /* PLAN_STATUS_SUPERSEDED: the successor's code, else NULL */
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
	/* Where the region is on a map (regions.csv geo, lon, lat; NULL / has_point 0 when not
	 * given): geo names its boundary in the boundary data (data/geo/, keyed by the national
	 * division code, GB/T 2260), the point stands for a region too small to draw (a park). */
	const char *geo;
	double lon, lat;
	int has_point;
};

struct unit {
	const char *code, *name_zh, *name_en, *kind;
	/* A group unit that stands for the governments of several regions (各区、县级市人民政府):
	 * units.csv regions as written (';'-separated codes, NULL when none); plan_check resolves
	 * them into regions[0..n_regions). */
	const char *regions_text;
	int *regions;
	size_t n_regions;
	struct src_pos pos;
	const char *short_zh, *short_en; /* abbreviations for tables and their legends, or NULL */
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
	/* indicators.csv continues: the code of a predecessor plan's indicator whose series this
	 * one carries on (shown with it, marked as the earlier plan's), NULL when none */
	const char *continues;
	/* indicators.csv scale and levels as written (NULL when not given, so plans without them
	 * keep their digest); plan_check resolves them into scale, levels and n_levels: scale
	 * given, else ordinal when levels are given, else rank when the unit is 位, else number. */
	const char *scale_text, *levels_text;
	enum ind_scale scale;
	const char **levels;    /* n_levels class labels, best-first as written (SCALE_ORDINAL) */
	size_t n_levels;
	int goal, measure, owner; /* resolved indexes, -1 when none */
	struct src_pos pos;
	/* How the figure is made, who publishes it and when it comes out (indicators.csv; NULL
	 * when not given): the indicator's metadata page shows them. */
	const char *method_zh, *method_en, *source_zh, *source_en, *release_zh, *release_en;
};

struct target {
	const char *indicator_code, *region_code;
	int year;
	enum cmp_op cmp;
	double value, value_max;   /* value_max only for CMP_BETWEEN */
	int has_value, has_value_max;
	/* A value written as a class label of an ordinal indicator ("Ⅱ类") rather than a number:
	 * plan_check turns it into the class's position (value) or reports it. NULL otherwise. */
	const char *value_label;
	double base_value;
	int base_year;             /* 0 when no baseline given */
	int has_base_value;
	const char *note_zh;
	/* A stand-in for the final verdict (targets.csv proxy_region): when the target region has
	 * no figure for the target year, this region's figure may decide provisionally (e.g. the
	 * three cities' sum for a zone). NULL when none; the notes say why, in words. */
	const char *proxy_region_code, *proxy_note_zh, *proxy_note_en;
	int has_tolerance;         /* CMP_ABOUT: the band is value +- tolerance */
	double tolerance;
	enum target_nature nature;
	/* The unit the plan wrote the target in when not the indicator's (targets.csv unit):
	 * value, value_max and base_value are converted into the indicator's unit on loading;
	 * a figure in the plan's unit is x / unit_factor. unit_given NULL when none (then
	 * unit_factor is meaningless). */
	const char *unit_given;
	double unit_factor;
	int indicator, region;     /* resolved indexes */
	int proxy_region;          /* resolved index, -1 when none */
	struct src_pos pos;
};

struct action {
	int number;
	const char *title_zh, *title_en;
	const char *text_zh;   /* the plan's text of the action, NULL when none */
	int parent_number;     /* a sub-action (the second level): its action's number; 0 at the top */
	int parent;            /* resolved index, -1 at the top */
	struct src_pos pos;
};

struct measure {
	int number, action_number;
	const char *title_zh, *title_en, *text_zh;
	int action; /* resolved index */
	struct src_pos pos;
	const char *text_en;  /* the text in English where the plan gives one, else NULL */
};

struct responsibility {
	int measure_number;   /* in plan.resps; 0 in plan.action_resps */
	int action_number;    /* in plan.action_resps: the whole action the unit answers for; 0 in plan.resps */
	const char *unit_code;
	enum resp_role role;
	int position; /* 1-based order in the plan's 责任单位 list */
	int measure, unit; /* resolved indexes (measure: the action's index in plan.action_resps) */
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

/* The parts of a plan, one per file of a plan folder. */
enum plan_part {
	PART_INFO = 1u << 0,
	PART_GOALS = 1u << 1,
	PART_REGIONS = 1u << 2,
	PART_UNITS = 1u << 3,
	PART_ACTIONS = 1u << 4,
	PART_MEASURES = 1u << 5,
	PART_RESPS = 1u << 6,
	PART_INDICATORS = 1u << 7,
	PART_TARGETS = 1u << 8,
	PART_RULES = 1u << 9,
};

struct plan {
	/* Parts (enum plan_part) a loader could not read at all (a missing file, a header it
	 * cannot map): plan_check leaves out the checks that need them, so one unreadable file
	 * does not bury the real problems under "not defined" errors. 0 for a whole plan. */
	unsigned unread;
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
	/* responsibilities.csv rows naming an action instead of a measure: a unit responsible for
	 * a whole action (measure there is the action's index). Supervision duties stay per measure. */
	struct responsibility *action_resps;
	size_t n_action_resps;
	struct rule *rules;
	size_t n_rules;
};

/* Comparator text ("<=", "keep-or-improve", ...) to enum; CMP_NONE when unknown. */
enum cmp_op cmp_parse(const char *s);
/* Canonical text of a comparator. */
const char *cmp_name(enum cmp_op op);
/* Whether the comparator needs value / value_max. */
int cmp_needs_value(enum cmp_op op);
/* Whether the comparator is judged against the figure of the base year (cagr, change). */
int cmp_needs_base_year(enum cmp_op op);
/* Whether the comparator judges every year on its own (annual>=, annual<=). */
int cmp_is_annual(enum cmp_op op);
/* The "better" direction a comparator asks for: +1 (>=, >, annual>=, cagr>=, ...), -1 (<=,
 * <, annual<=, cagr<=, ...), 0 when it asks for none (between, about, keep-or-improve, rising,
 * qualitative, none). */
int cmp_sense(enum cmp_op op);

/* Target nature text ("binding" / "约束性", "indicative" / "预期性") to enum; -1 when unknown,
 * NATURE_NONE for NULL. */
int nature_parse(const char *s);
/* "binding", "indicative" or "" (NATURE_NONE). */
const char *nature_name(enum target_nature n);
/* Scale text ("number", "rank", "ordinal", "judgement") to enum; -1 when unknown. */
int scale_parse(const char *s);
const char *scale_name(enum ind_scale s);
/* Whether 1 is the best value and charts put it at the top: a rank, or an ordinal scale whose
 * lower classes are better. Never decided by the direction alone (energy per GDP is down but
 * not ranked). */
int indicator_is_ranked(const struct indicator *d);
/* The label of value v of an ordinal indicator (v a whole position 1..n_levels), else NULL. */
const char *indicator_level_label(const struct indicator *d, double v);

/* Rule kind text ("range", "non_negative", ...) to enum; -1 when unknown. */
int rule_kind_parse(const char *s);
const char *rule_kind_name(enum rule_kind k);
/* Whether rule r applies to indicator ind of p (by code, "*" or "unit:"). */
int rule_applies_to(const struct plan *p, const struct rule *r, int ind);

/* Check references, uniqueness and invariants; append every problem to diags and keep going,
 * leaving out only what depends on a part in p->unread. Resolves every index field, the
 * indicators' scales and levels and the targets' class labels. Returns the number of errors
 * added. Rows may hold NULL where a value could not be read. */
size_t plan_check(struct plan *p, struct diag_list *diags);

/* Lookups by code/number after plan_check; -1 when absent. Linear scans: plans are small. */
int plan_find_goal(const struct plan *p, const char *code);
int plan_find_region(const struct plan *p, const char *code);

/* Where a plan stands on a day, the one answer every page, API and command shows: a draft or a
 * superseded plan by its status, else by its dates: not yet in force, in force, or ended.
 * today is "YYYY-MM-DD"; issued and valid_until may be a day, a month or a year (a plan that
 * runs to "2030" is in force all of 2030); a plan without valid_until never ends. Pure;
 * cannot fail. */
enum plan_phase { PLAN_PHASE_NOT_YET, PLAN_PHASE_IN_FORCE, PLAN_PHASE_ENDED, PLAN_PHASE_DRAFT, PLAN_PHASE_SUPERSEDED };
enum plan_phase plan_phase_on(const struct plan_info *in, const char *today);
/* "not_yet", "in_force", "ended", "draft", "superseded" */
const char *plan_phase_name(enum plan_phase ph);
/* Status text ("draft", "in_force", "superseded") to enum; -1 when unknown. */
int plan_status_parse(const char *s);
const char *plan_status_name(enum plan_status st);
/* Which of several plans (infos[0..n), oldest first) is shown when none is asked for: the newest
 * in force on today, else the newest that is not a draft. -1 when there is none (n is 0, or
 * every plan is a draft). Pure; the web and the CLI both ask here. */
int plan_default_of(const struct plan_info *const *infos, size_t n, const char *today);
int plan_find_unit(const struct plan *p, const char *code);
int plan_find_indicator(const struct plan *p, const char *code);
int plan_find_action(const struct plan *p, int number);
int plan_find_measure(const struct plan *p, int number);
/* Region, unit or indicator as a person types it (core/names.c, the one matcher): its code,
 * its Chinese or English name in any case and spacing, a name with or without 市/省 (长沙,
 * 长沙市, Changsha, Changsha City) or a unit's leading 省. -1 when nothing matches or two
 * records match a name equally well. */
int plan_find_region_any(const struct plan *p, const char *code_or_name);
int plan_find_unit_any(const struct plan *p, const char *code_or_name);
int plan_find_indicator_any(const struct plan *p, const char *code_or_name);
/* When s names two or more records of kind equally well (so plan_find_*_any refused it): them as
 * "长沙 (changsha), 长沙县 (csx)" (Chinese name and code, at most NAME_CANDIDATES_MAX) in arena
 * a, for the refusal to name; NULL when s matches one record or none. */
#define NAME_CANDIDATES_MAX 8
enum plan_record { PLAN_REGION, PLAN_UNIT, PLAN_INDICATOR };
const char *plan_name_candidates(struct arena *a, const struct plan *p, enum plan_record kind, const char *s);
/* plan_find_*_any for one kind, remembered: an import names the same few records millions of
 * times and the matcher compares a text with every record. Only texts that resolved are kept
 * (an unknown one is matched again, for its error, the same answer); at most
 * PLAN_NAME_MEMO_MAX of them (texts past that are matched each time), in the arena given. */
#define PLAN_NAME_MEMO_SLOTS 4096 /* a power of two */
#define PLAN_NAME_MEMO_MAX (PLAN_NAME_MEMO_SLOTS / 2)
struct plan_name_memo {
	const struct plan *p;
	enum plan_record kind;
	struct arena *a;
	struct plan_name_slot *slots;
	size_t n;
};
void plan_name_memo_init(struct plan_name_memo *m, struct arena *a, const struct plan *p, enum plan_record kind);
/* The record text[0..len) names (as plan_find_*_any(p, the text) answers), -1 when none. */
int plan_name_memo_find(struct plan_name_memo *m, const char *text, size_t len);

/* The first (is_end 0) or last (is_end 1) day a plan date stands for, as YYYY-MM-DD in
 * out[11]: "2030" ends 2030-12-31, "2024-02" starts 2024-02-01 (a month ends on day 31: only
 * the order of days matters). Returns 0 (out "") when s is NULL or not YYYY[-MM[-DD]]. */
int plan_date_bound(const char *s, int is_end, char out[11]);

/* Canonical text of the whole plan (a stable, ordered serialisation used to tell whether a
 * plan changed); allocated in arena. */
const char *plan_canonical(const struct plan *p, struct arena *arena);

/* A code: lower-case ASCII letter first, then [a-z0-9_-], at most 64 bytes. */
int code_is_valid(const char *s);

#endif
