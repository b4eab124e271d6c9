/* sup.h - the operations of task supervision (任务跟踪督办): reporting cycles, progress reports
 * and their evidence, 督办 notices and their rules, milestones, the inbox, the tick and the
 * scorecards. Each wraps supervise/'s checks and writes (supervise/ops.c, which keep their own
 * sup_error vocabulary: its refusal becomes one entry of errs, keyed "cycle.err_<code>") with
 * the acting principal's right:
 *   ACT_READ_INTERNAL  cycles, their reports owed, reports, notices, milestones, scorecards
 *   ACT_SUPERVISE      open and close cycles, approve and return reports, raise and close
 *                      notices, read the notice rules, run the tick
 *   ACT_WRITE_REPORT   (on the unit) draft and submit its reports, add evidence, answer its notices
 *   ACT_EDIT_PLAN      change a notice rule, save or import milestones
 *   ACT_OWN_ACCOUNT    one's inbox
 * What a principal may see of a report or a notice is supervise's rule (sup_report_visible,
 * sup_notice_visible); a report or notice outside it is ST_NOT_FOUND, as if absent.
 * Supervision is the plan's: cycles, reports and notices are those of the context's plan
 * (app_plan: x->plan, else the default plan), so two plans in force, whose periods and
 * measure numbers repeat, never mix. A notice or an evidence file read by its id is found
 * whatever its plan (it names it); the inbox holds every plan's events, each naming its plan. */
#ifndef INNOMON_APP_SUP_H
#define INNOMON_APP_SUP_H

#include <time.h>

#include "app/app.h"
#include "ingest/milestones.h"
#include "supervise/supervise.h"

/* ---- cycles ------------------------------------------------------------------------------ */

/* The plan named code (the plan of a notice, a report or an evidence file): the context's plan
 * (app_plan) when it is that one or code is NULL, else read into x->arena. ST_NOT_FOUND when
 * there is no such plan. */
enum status app_sup_plan_of(struct app_ctx *x, const char *code, const struct plan **out) WUR;

/* Every cycle of the plan, the newest period first. */
enum status app_cycles(struct app_ctx *x, struct sup_cycle **rows, size_t *n) WUR;
/* The cycle to show when none is asked for: the open one with the latest deadline, else the
 * newest; ST_NOT_FOUND when there is none. With period set (any spelling), that cycle
 * (ST_NOT_FOUND when none or not a period). */
enum status app_cycle_pick(struct app_ctx *x, const char *period, struct sup_cycle **out) WUR;
/* Open the cycle of period (any spelling) with deadline (a date, the end of that day in Beijing
 * time, or a UTC time): the plan's responsibilities become its duties. */
enum status app_cycle_open(struct app_ctx *x, const char *period, const char *deadline, struct sup_cycle **out,
			   struct diag_list *errs) WUR;
/* Close the open cycle of period: reports can no longer be drafted or submitted. ST_CONFLICT
 * "cycle_closed" when it is closed already. *out: the cycle afterwards. */
enum status app_cycle_close(struct app_ctx *x, const char *period, struct sup_cycle **out, struct diag_list *errs) WUR;

/* A cycle with every report it owes, each marked with whether the principal may see it. */
struct app_owed {
	struct sup_owed owed;
	int is_visible;
};
struct app_cycle_status {
	struct sup_cycle *cycle;
	struct app_owed *rows;   /* every duty, in duty order */
	size_t n;
	size_t n_visible;
	int count[4];            /* the visible ones by enum sup_timeliness */
};
/* The cycle of period at now (ST_INVALID "bad_period", ST_NOT_FOUND "no_cycle"); period NULL:
 * app_cycle_pick's choice. */
enum status app_cycle_status(struct app_ctx *x, const char *period, time_t now, struct app_cycle_status *out,
			     struct diag_list *errs) WUR;

/* ---- progress reports ------------------------------------------------------------------------ */

/* A report's key as a front end received it: the period (any spelling), the measure number and
 * the unit code. A key the plan or the cycles do not know is ST_NOT_FOUND. */
struct app_report_key {
	const char *period;
	int measure;
	const char *unit;
};

/* Whether the principal may see the report of unit on measure of plan p (rep: its newest
 * revision, NULL when none: then as a draft): supervise's rule (sup_report_visible) with the
 * measure's lead units. The pages that list reports ask this for each row. */
int app_report_visible(struct app_ctx *x, const struct plan *p, int measure, const char *unit,
		       const struct sup_report *rep);

/* Everything about one report. */
struct app_report_view {
	struct sup_cycle *cycle;
	int measure;
	const char *unit;             /* the plan's copy of the code */
	const struct sup_owed *owed;  /* the duty, its newest revision and timeliness */
	struct sup_report *revisions; /* oldest first */
	size_t n_revisions;
	struct sup_evidence *evidence; /* contents not read */
	size_t n_evidence;
	int may_write;                /* the principal may draft, submit and add evidence */
};
/* The report of key (ACT_READ_INTERNAL, and visible to the principal). */
enum status app_report_get(struct app_ctx *x, const struct app_report_key *key, struct app_report_view *out) WUR;

/* The newest revision of every report the principal may see in the cycle of period (NULL:
 * all), of measure (0: all) and unit (NULL: all). */
enum status app_reports(struct app_ctx *x, const char *period, int measure, const char *unit, struct sup_report **rows,
			size_t *n, struct diag_list *errs) WUR;

/* Save a draft (is_submit 0) or submit the report of key (ACT_WRITE_REPORT on its unit). in
 * NULL submits the newest draft as it is. expect_revision: the newest revision the writer saw
 * (0 none, -1 any). */
enum status app_report_save(struct app_ctx *x, const struct app_report_key *key, const struct sup_report_input *in,
			    int is_submit, int expect_revision, struct sup_report **out, struct diag_list *errs) WUR;
/* Approve (is_approve) or return with a reason the submitted report of key (ACT_SUPERVISE). */
enum status app_report_review(struct app_ctx *x, const struct app_report_key *key, int is_approve, const char *reason,
			      int expect_revision, struct sup_report **out, struct diag_list *errs) WUR;
/* Keep an evidence file (name as uploaded, data[0..len)) for the report of key
 * (ACT_WRITE_REPORT on its unit): checked by its bytes, the size cap and the scan of x->sup.
 * *out: the file as kept (content not read). */
enum status app_evidence_add(struct app_ctx *x, const struct app_report_key *key, const char *name, const void *data,
			     size_t len, struct sup_evidence **out, struct diag_list *errs) WUR;
/* One evidence file with its content, when the principal may see its report. */
enum status app_evidence_get(struct app_ctx *x, long long id, struct sup_evidence **out) WUR;

/* ---- notices ----------------------------------------------------------------------------------- */

struct app_notice_filter {
	struct sup_notice_filter store; /* unit, measure, period, unresolved, overdue (overdue_at: now
	                                 * when NULL) */
	int has_status;
	enum notice_status status;
	int level;                      /* 1 or 2; 0: any */
};
/* The notices of the plan the principal may see matching f (NULL: all), newest first
 * (f->store.plan_code is set to the plan's). */
enum status app_notices(struct app_ctx *x, const struct app_notice_filter *f, struct sup_notice **rows, size_t *n) WUR;
/* One notice the principal may see, with its replies (replies may be NULL when not wanted). */
enum status app_notice_get(struct app_ctx *x, long long id, struct sup_notice **out, struct sup_reply **replies,
			   size_t *n_replies) WUR;

struct app_notice_new {
	const char *unit;     /* a unit with a duty on measure */
	int measure;
	const char *subject, *body; /* body may be NULL */
	int reply_days;       /* 1..365 */
};
/* Raise a notice by hand (ACT_SUPERVISE); *out the notice raised. */
enum status app_notice_raise(struct app_ctx *x, const struct app_notice_new *in, struct sup_notice **out,
			     struct diag_list *errs) WUR;
/* The unit answers its notice (ACT_WRITE_REPORT on the notice's unit). */
enum status app_notice_reply(struct app_ctx *x, long long id, const char *body, struct diag_list *errs) WUR;
/* The department closes a notice (ACT_SUPERVISE); note may be NULL. */
enum status app_notice_close(struct app_ctx *x, long long id, const char *note, struct diag_list *errs) WUR;

/* ---- notice rules ------------------------------------------------------------------------------- */

#define APP_RULE_NAME_MAX_BYTES 200

/* Every notice rule (ACT_SUPERVISE). */
enum status app_notice_rules(struct app_ctx *x, struct sup_rule **rows, size_t *n) WUR;

/* What to change of a rule: each member only when given. Names are trimmed. */
struct app_rule_change {
	const char *name_zh, *name_en;         /* NULL: kept; after trimming 1..200 bytes of text */
	int has_enabled, is_enabled;
	int has_grace_days, grace_days;        /* 0..365 */
	int has_reply_days, reply_days;        /* 1..365 */
	int has_escalate_days, escalate_days;  /* 0..365 */
	int has_periods, periods;              /* 1..12 */
};
/* Change the rule code (ACT_EDIT_PLAN): every member out of range listed (field, "bad_value"),
 * nothing written then. ST_NOT_FOUND for an unknown code. *out: the rule afterwards. */
enum status app_notice_rule_update(struct app_ctx *x, const char *code, const struct app_rule_change *in,
				   struct sup_rule **out, struct diag_list *errs) WUR;

/* ---- milestones --------------------------------------------------------------------------------- */

/* The milestones of the current plan, of measure (0: all), by measure and due date. */
enum status app_milestones(struct app_ctx *x, int measure, struct sup_milestone **rows, size_t *n) WUR;

enum app_milestone_mode {
	APP_MILESTONE_UPSERT, /* add it, or change the one with its code */
	APP_MILESTONE_NEW,    /* a new one: its code must be free ("duplicate_code") */
	APP_MILESTONE_EDIT,   /* an existing one: ST_NOT_FOUND when its code is unknown; its
	                       * measure and English title are kept */
};
/* Check m against the plan (milestone_check: every problem listed) and store it (ACT_EDIT_PLAN);
 * indicators given by Chinese name are stored as codes. plan_code is the current plan's.
 * *out the milestone as stored; *is_new / *is_changed what happened. */
enum status app_milestone_save(struct app_ctx *x, const struct sup_milestone *m, enum app_milestone_mode mode,
			       struct sup_milestone **out, int *is_new, int *is_changed, struct diag_list *errs) WUR;
/* Import a 任务分解表 (CSV or XLSX, name for messages) for the current plan (ACT_EDIT_PLAN):
 * all or nothing, every problem listed. */
enum status app_milestones_import(struct app_ctx *x, const char *name, const void *data, size_t len,
				  const struct milestones_opts *opts, struct milestones_result *res, struct diag_list *errs) WUR;

/* ---- inbox ----------------------------------------------------------------------------------------- */

/* The principal's notifications, newest first, at most limit (unread only when is_unread_only),
 * and how many are unread. */
enum status app_inbox(struct app_ctx *x, int is_unread_only, int limit, struct sup_notification **rows, size_t *n,
		      long long *unread) WUR;
/* Mark one notification (id) or all (0) of the principal read; *unread afterwards. ST_NOT_FOUND
 * when id is not theirs. */
enum status app_inbox_read(struct app_ctx *x, long long id, long long *unread) WUR;

/* ---- periodic work and scorecards --------------------------------------------------------------- */

/* Everything due at now (supervise_tick with x->sup): ACT_SUPERVISE (the operator, the server). */
enum status app_tick(struct app_ctx *x, time_t now, struct sup_tick_result *res) WUR;

/* The scorecards of the cycle of period (NULL: the newest cycle), per unit or per city (is_city).
 * *cycle the cycle scored. ST_NOT_FOUND without such a cycle. */
enum status app_scorecards(struct app_ctx *x, const char *period, int is_city, time_t now, struct sup_cycle **cycle,
			   struct sup_scorecard **rows, size_t *n) WUR;

#endif
