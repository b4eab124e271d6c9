/* evaluation.h - the evaluation report (监测评估报告) as one model, built once from the store and
 * rendered by the writers report_html.c, report_pdf.c, report_xlsx.c and report_md.c, so the four
 * formats can never disagree: the plan and its store state, every target's assessment on the
 * values up to the period with its verdict, goal groups, actions and measures with their units,
 * units' scorecards, data-quality notes, the method constants, and the table of every indicator
 * x region x year. Reads the store; writes nothing. */
#ifndef INNOMON_REPORT_EVALUATION_H
#define INNOMON_REPORT_EVALUATION_H

#include <stddef.h>
#include <time.h>

#include "base/arena.h"
#include "base/status.h"
#include "core/obs.h"
#include "core/period.h"
#include "core/authz.h"
#include "core/plan.h"
#include "core/progress.h"
#include "report/assess.h"
#include "store/store.h"

/* What the report says of one target is its verdict (core/verdict.h, judged at the report's
 * period): before the target year an interim evaluation (met, on track, off track, not
 * assessed); from the target year on the final one (met, not met, provisionally met or not met
 * on a stand-in figure, no final verdict). */

/* One target of the plan as the report reads it. */
struct eval_target {
	struct assess_row row;       /* the assessment on the values up to the period */
	enum verdict verdict;
	int is_final_period;         /* the period has reached the target year */
	int is_headline;             /* the indicator is a headline (行动目标) indicator */
	const struct obs *latest_obs; /* the revision of the latest value; NULL when none or summed */
	int attention;               /* 1..3: its place in the summary's attention list; 0 otherwise */
};

struct eval_group {
	int goal;                    /* index into plan.goals */
	int *targets;                /* indexes into eval.targets, plan order */
	size_t n_targets;
	int has_score;               /* some target has a score */
	double score;                /* progress_group_score of the scored targets */
	enum progress_status status; /* progress_status_of_score(score) */
	size_t n_verdict[VERDICT__COUNT];
};

/* Supervision (issue 6, store/supervise.h) as the report reads it. */
enum eval_ms_state {
	EMS_DONE = 0,    /* done by the end of the period */
	EMS_OVERDUE,     /* due by the end of the period (and already past), not done by then */
	EMS_PENDING,     /* due after the period, or not yet past its due date */
	EMS__COUNT
};

struct eval_milestone {
	const struct sup_milestone *ms;
	int owner;                   /* unit index, -1 when unknown */
	enum eval_ms_state state;
};

struct eval_report {
	const struct sup_report *r;  /* the newest revision (submitted, approved or returned) */
	int unit;                    /* unit index */
};

struct eval_notice {
	const struct sup_notice *n;  /* unresolved: open, answered or escalated */
	int unit;                    /* unit index, -1 when unknown */
};

/* A unit's supervision scorecard for one cycle (supervise/'s formula, docs/supervision.md),
 * attached by the caller with evaluation_set_scorecards: report/ does not call supervise/. */
#define EVAL_SCORE_PARTS 5
struct eval_scorecard {
	int unit;                    /* unit index */
	int n_owed, n_on_time, n_late, n_missing, n_returned;
	int n_notices, n_unresolved, n_escalated;
	int n_ms_due, n_ms_done, n_ms_overdue;
	int n_ind_assessed, n_ind_on_track;
	int has_part[EVAL_SCORE_PARTS];
	double part[EVAL_SCORE_PARTS]; /* on time, first time, notices, milestones, indicators */
	int weight[EVAL_SCORE_PARTS];
	int has_score;
	double score;                /* 0..100 */
};

struct eval_measure {
	int measure;                 /* index into plan.measures */
	int *leads, *cos;            /* unit indexes, in the plan's 责任单位 order */
	size_t n_leads, n_cos;
	int *targets;                /* measure-level targets (indexes into eval.targets) */
	size_t n_targets;
	struct eval_milestone *milestones; /* by due date */
	size_t n_milestones;
	struct eval_report *reports; /* of the cycle eval.cycle_period, lead units first */
	size_t n_reports;
	struct eval_notice *notices; /* unresolved 督办 notices about the measure, newest first */
	size_t n_notices;
};

struct eval_action {
	int action;                  /* index into plan.actions */
	struct eval_measure *measures;
	size_t n_measures;
};

/* A unit's scorecard from the plan and the assessments: measures it leads and shares, and the
 * targets linked to it (the measure-level targets of the measures it leads, and the targets of
 * the indicators whose data it owns) by verdict. */
struct eval_unit {
	int unit;                    /* index into plan.units */
	size_t n_lead, n_co;
	size_t n_linked;
	size_t n_verdict[VERDICT__COUNT];
};

enum eval_note_kind {
	EN_MISSING_FINAL,   /* final: a target has no figure for its target year */
	EN_MISSING_PERIOD,  /* interim: a target has no figure for the period's year */
	EN_PENDING,         /* a revision up to the period awaits review (draft, submitted, returned) */
	EN_RULE,            /* a current value breaks a validation rule (core/rules.h) */
	EN_DISCREPANCY,     /* a reported total differs from the sum of its parts (core/series.h) */
	EN_FORMULA_DIFF,    /* a reported figure differs from the one its indicator's formula gives */
	EN_BASELINE,        /* the plan gives no baseline: the earliest value stands in */
};
#define EN__COUNT (EN_BASELINE + 1)
/* Notes of one kind kept (and listed) at most; the rest are counted only. */
#define EVAL_NOTES_LISTED 200u

/* One data-quality note. Fields that do not apply are -1 / NULL. */
struct eval_note {
	enum eval_note_kind kind;
	int indicator, region;     /* indexes into the plan */
	const char *period;        /* the cell's period, or the latest period a target has */
	int target;                /* index into eval.targets (missing, baseline) */
	int rule;                  /* index into plan.rules (EN_RULE) */
	int is_warning;            /* EN_RULE: a warning rule */
	const char *detail;        /* EN_RULE: the rule's English message; EN_PENDING: the status name */
	double value, other;       /* EN_DISCREPANCY: reported, summed; EN_FORMULA_DIFF: reported,
	                            * computed; EN_PENDING/EN_RULE: the value;
	                            * EN_RULE: other is the compared cell's value (parent, year before) */
	const char *other_period;  /* EN_RULE: the compared cell's period, NULL when none */
	int other_region;          /* EN_RULE: the compared cell's region, -1 when none */
};

/* One row of the 建设指标细化表: an indicator in a region, its value in each year. */
struct eval_detail_row {
	int indicator, region;
	int target;                /* index into eval.targets for this indicator x region, or -1 */
	int *has;                  /* per year: a value exists */
	double *values;
	enum obs_qualifier *quals;
	const char **periods;      /* the period the year's value comes from ("2025-07" for a snapshot) */
	const struct obs **obs;    /* the revision, NULL for a summed or computed value */
	int *is_formula;           /* per year: computed by the indicator's formula (obs NULL) */
};

/* Where the report's figures come from. */
struct eval_provenance {
	const char *plan_code;
	int plan_version;
	const char *plan_digest;     /* SHA-256 of the plan version's canonical text, or NULL */
	const char *plan_loaded_at;
	long long n_audit_events;
	const char *audit_head;      /* the newest audit event's hash ("" when the trail is empty) */
	int audit_intact;            /* the hash chain verifies */
	time_t generated;            /* clock_now() */
	const char *generated_utc;   /* "2026-03-01T08:00:00Z" */
	const char *generated_local; /* "2026-03-01 16:00" (Asia/Shanghai) */
	const char *generated_date;  /* "2026-03-01" (Asia/Shanghai) */
	enum obs_view view;
	int is_public;               /* the public edition (eval_options.is_public) */
	size_t n_values;             /* current values up to the period */
};

struct evaluation {
	const struct plan *plan;
	const char *period;          /* canonical text */
	struct period per;
	int is_final;                /* the period has reached the plan's target year */
	const char *issuer_zh, *issuer_en; /* the preparing organisation (never the plan's issuer) */
	struct eval_provenance prov;

	struct eval_target *targets; /* plan order */
	size_t n_targets;
	size_t n_headline;
	size_t n_verdict[VERDICT__COUNT];          /* headline targets by verdict */
	size_t n_verdict_all[VERDICT__COUNT];      /* every target by verdict */
	size_t n_no_final_at_target;          /* final, headline, no final verdict, an earlier figure at the target */
	int attention[3];                     /* indexes into targets, -1 when fewer */

	/* indicators without any target, followed by their trend (assess_trend_values): plan order */
	struct assess_row *trends;
	size_t n_trends;

	struct eval_group *groups;
	size_t n_groups;
	struct eval_action *actions;
	size_t n_actions;
	struct eval_unit *units;     /* plan order; only units with a duty or a linked target */
	size_t n_units;

	struct eval_note *notes;     /* at most EVAL_NOTES_LISTED of each kind */
	size_t n_notes;
	size_t n_note_kind[EN__COUNT];   /* every note found, listed or not */
	size_t n_note_listed[EN__COUNT]; /* those in notes */
	struct eval_note note_spare;     /* a note past the listed ones is written here, and forgotten */

	int year_first, year_last;   /* columns of the detail table */
	struct eval_detail_row *detail;
	size_t n_detail;

	const struct obs *values;    /* the current values up to the period (indicator, region, period_t) */
	size_t n_values;
	unsigned char *is_shown;     /* per value: a figure the report shows (a point of a target's
	                              * series and chart, a trend's base and latest figures, a year
	                              * of the detail table); the sources annex cites these */
	size_t n_shown;

	/* supervision: milestones, the newest cycle's reports, unresolved notices, scorecards */
	int has_supervision;         /* the store holds milestones, cycles or notices */
	const char *cycle_period;    /* the newest reporting cycle within the period, or NULL */
	const char *cycle_deadline;
	size_t n_ms_state[EMS__COUNT];
	size_t n_reports;            /* reports of that cycle (submitted, approved, returned) */
	size_t n_reports_owed;       /* duties of that cycle */
	size_t n_notices;            /* unresolved notices */
	size_t n_notices_escalated;
	struct eval_scorecard *scorecards; /* NULL until evaluation_set_scorecards */
	size_t n_scorecards;
	/* the firms registry's projection (evaluation_firms.c), NULL without firms or mappings */
	const struct firm_projections *firms;
};

struct eval_options {
	const char *plan_code;       /* NULL: the default plan */
	const char *period;          /* "2025", "2025Q3", "2025-07" */
	enum obs_view view;          /* OBS_VIEW_INTERNAL for the department's report */
	const char *issuer_zh, *issuer_en; /* who prepares the report (the org_name settings); NULL or "":
					    * the unit owning most headline indicators, else site_name */
	int is_public;               /* the public edition: published values only, no revisions awaiting
	                              * review and no supervision records (progress reports, notices) */
	const struct principal *reader; /* whose rights the report follows (authz_obs_visible);
					 * NULL: the department's (the CLI) */
	const char *site_name_zh, *site_name_en; /* the site's name: the preparer when no unit owns a
						  * headline indicator (never the plan's issuer) */
};

/* Build the evaluation of opts->period from s. Everything lives in a. ST_INVALID when the
 * period does not parse, ST_NOT_FOUND without a plan, ST_CONFLICT when the period lies after
 * the plan's last year (plan_last_year: its final evaluation is of that year), ST_STORE when
 * reading fails. */
enum status evaluation_build(struct store *s, struct arena *a, const struct eval_options *opts,
			     struct evaluation *out) WUR;

/* Attach the scorecards of the cycle ev->cycle_period (computed by the caller with supervise/'s
 * sup_scorecards); rows are copied into a. */
void evaluation_set_scorecards(struct evaluation *ev, struct arena *a, const struct eval_scorecard *rows, size_t n);

/* The supervision part of the model (evaluation_sup.c), called by evaluation_build after the
 * actions are built: milestones per measure with their state at the end of the period, the
 * newest cycle within the period and its reports, the unresolved notices. */
enum status evaluation_build_supervision(struct evaluation *ev, struct store *s, struct arena *a) WUR;

/* The enterprise part of the model (evaluation_firms.c), called by evaluation_build. */
enum status evaluation_build_firms(struct evaluation *ev, struct store *s, struct arena *a) WUR;

/* How much a target needs attention: 0 (most) .. 5 (least), or -1 when it needs none (met, on
 * track, or final with no figure yet but the latest one already at the target). The summary
 * lists the three headline targets with the lowest tier, then the lowest score (none counts as
 * lowest), then plan order. Pure. */
int eval_attention_tier(const struct eval_target *t);

#endif
