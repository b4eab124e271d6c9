/* supervise.h - the store's interface for task supervision (任务跟踪督办), included by
 * store.h: milestones, reporting cycles and the duties they owe, progress reports (append-only
 * revisions) and their evidence files, notice rules, 督办 notices and replies, events that feed
 * every user's inbox and the webhook outbox. Like the rest of store.h: no SQL outside, every
 * write one transaction with its audit event, strings of results in the caller's arena.
 * The decisions (which rule fires, escalation, formulas) are supervise/'s; the store keeps
 * state and refuses what would break it (a duty that is not owed, a move the workflow forbids,
 * a write that lost a race). */
#ifndef INNOMON_STORE_SUPERVISE_H
#define INNOMON_STORE_SUPERVISE_H

#include <stddef.h>

#include "base/arena.h"
#include "base/status.h"
#include "core/plan.h"
#include "core/supervision.h"

struct store;

/* ---- events: inbox and webhook outbox -------------------------------------------------- */

/* Something users should hear of, written in the same transaction as the change it reports.
 * The store records it once (a second event with the same dedup_key is silently dropped, so
 * periodic work may repeat), puts it in the inbox of every enabled reporter of unit (when
 * to_unit) and of every enabled admin and analyst (when to_department), and queues one webhook
 * delivery whose payload is the event as JSON. object_id 0 means "the row this write creates".
 * link is a local path; when NULL the store derives it from object_type and object_id
 * ("/notices/ID", a report's page with ?plan=). All strings borrowed. */
struct sup_event {
	const char *kind;        /* "notice.raised", "report.returned", "reminder.report", ... */
	const char *object_type; /* "notice", "report", "milestone", "cycle" */
	long long object_id;
	const char *plan_code;   /* the plan the event is about, or NULL */
	const char *unit;        /* the unit concerned, or NULL */
	int measure;             /* 0 when not about one measure */
	const char *period;      /* the period concerned, or NULL */
	const char *link;
	const char *text;        /* a subject, a reason, a reply: shown in the inbox */
	const char *dedup_key;   /* NULL: never deduplicated */
	int to_unit, to_department;
};

/* Record an event alone (reminders: nothing else changes). *is_new is 0 when its dedup_key was
 * already recorded (nothing written). */
enum status store_sup_event_add(struct store *s, const struct sup_event *ev, int *is_new) WUR;

/* ---- milestones ------------------------------------------------------------------------- */

struct sup_milestone {
	long long id;
	const char *plan_code, *code;  /* code: unique within the plan, the key of imports */
	int measure;
	const char *title_zh, *title_en; /* title_en may be NULL */
	const char *owner;             /* unit code */
	const char *due_date;          /* YYYY-MM-DD, a date in Asia/Shanghai */
	const char *deliverable_zh;    /* may be NULL */
	const char *indicators;        /* ';'-separated indicator codes, or NULL */
	const char *done_on;           /* YYYY-MM-DD when done, else NULL */
	const char *created_at, *updated_at, *updated_by;
};

/* Insert or update rows[0..n) (by plan_code + code) in one transaction: a row equal to the
 * stored one changes nothing; each new or changed row is audited with before and after. The
 * caller has checked the rows against the plan (ingest/milestones.h). Counts may be NULL. */
enum status store_sup_milestones_upsert(struct store *s, const struct sup_milestone *rows, size_t n, size_t *n_new,
					size_t *n_changed, size_t *n_unchanged) WUR;
/* The milestones of plan_code (NULL: every plan), of one measure (0: all), by measure and due
 * date. */
enum status store_sup_milestones(struct store *s, struct arena *a, const char *plan_code, int measure,
				 struct sup_milestone **rows, size_t *n) WUR;

/* ---- cycles ----------------------------------------------------------------------------- */

struct sup_cycle {
	long long id;
	const char *plan_code, *period;  /* period: canonical text, "2025Q3" */
	const char *deadline;            /* UTC timestamp */
	int is_open;
	const char *opened_at, *opened_by, *closed_at, *closed_by;
};

/* One report owed in a cycle: the unit leads or shares the measure. */
struct sup_duty {
	int measure;
	const char *unit;
	enum resp_role role;
};

/* Open plan_code's cycle for period with its deadline (UTC timestamp) and the duties owed (the
 * plan's responsibilities, fixed now so a later plan edit does not change what was owed), with
 * the events evs[0..n_ev) (object_id 0 = the new cycle). ST_CONFLICT when the plan has a cycle
 * of that period already (another plan's cycle of the same period is no conflict). */
enum status store_sup_cycle_open(struct store *s, const char *plan_code, const char *period, const char *deadline,
				 const struct sup_duty *duties, size_t n, const struct sup_event *evs, size_t n_ev,
				 long long *id) WUR;
/* Close plan_code's open cycle of period: reports can no longer be drafted or submitted
 * (review goes on). ST_NOT_FOUND when there is none, ST_CONFLICT when already closed. */
enum status store_sup_cycle_close(struct store *s, const char *plan_code, const char *period) WUR;
/* plan_code's cycle of period. ST_NOT_FOUND when none. */
enum status store_sup_cycle_get(struct store *s, struct arena *a, const char *plan_code, const char *period,
				struct sup_cycle **out) WUR;
/* Every cycle of plan_code (NULL: of every plan), the newest period first. */
enum status store_sup_cycles(struct store *s, struct arena *a, const char *plan_code, struct sup_cycle **rows,
			     size_t *n) WUR;
/* The duties of a cycle, by measure then lead first then unit. */
enum status store_sup_duties(struct store *s, struct arena *a, long long cycle_id, struct sup_duty **rows,
			     size_t *n) WUR;

/* ---- progress reports --------------------------------------------------------------------- */

/* One revision of the report of a unit on a measure in a cycle, with facts about its key. */
struct sup_report {
	long long id, cycle_id;
	const char *plan_code, *period; /* of its cycle */
	int measure;
	const char *unit;
	int revision;
	enum report_state state;
	enum report_progress progress;
	const char *narrative;
	const char *figures;           /* JSON array [{indicator, value, note}] as text */
	const char *reason;            /* why returned, else NULL */
	const char *created_at, *created_by;
	/* about the key (filled by the list functions, not the history) */
	const char *first_submitted_at; /* the first submission, NULL when never submitted */
	int n_returned;                 /* how many times it was returned */
};

struct sup_report_write {
	long long cycle_id;
	int measure;
	const char *unit;
	enum report_state to;
	/* the content; when narrative is NULL the newest revision's progress, narrative and
	 * figures are kept (approve, return, submit as is) */
	enum report_progress progress;
	const char *narrative;
	const char *figures;           /* JSON text; NULL = "[]" */
	const char *reason;            /* required for a return */
	int expect_revision;           /* the newest revision the writer saw (0: none); -1: any */
};

/* Write the next revision of a report, with ev (NULL: none) in the same transaction.
 * ST_NOT_FOUND when the cycle does not owe that duty; ST_CONFLICT when the move is not allowed
 * from the newest revision's state (report_transition_allowed), the cycle is closed (drafts and
 * submissions only), another writer got there first (expect_revision), or there is nothing to
 * keep for a content-less move. *out (may be NULL) gets the revision written, in a. */
enum status store_sup_report_write(struct store *s, struct arena *a, const struct sup_report_write *w,
				   const struct sup_event *ev, struct sup_report **out) WUR;
/* The newest revision of every report of cycle_id (0: all cycles), measure (0: all) and unit
 * (NULL: all), ordered by period, measure, unit. */
enum status store_sup_reports(struct store *s, struct arena *a, long long cycle_id, int measure, const char *unit,
			      struct sup_report **rows, size_t *n) WUR;
/* Every revision of one report, oldest first (key facts not filled). */
enum status store_sup_report_history(struct store *s, struct arena *a, long long cycle_id, int measure,
				     const char *unit, struct sup_report **rows, size_t *n) WUR;

/* ---- evidence files ----------------------------------------------------------------------- */

struct sup_evidence {
	long long id, cycle_id, user_id;
	int measure;
	const char *plan_code;         /* its cycle's (filled by reads) */
	const char *unit, *file_name, *kind, *content_type, *sha256, *created_at, *created_by;
	size_t size;
	const void *content;           /* NULL in lists */
};

/* Keep a checked file (supervise/evidence.h) for the report of (cycle, measure, unit).
 * ST_NOT_FOUND when that duty is not owed; ST_CONFLICT when the cycle is closed. */
enum status store_sup_evidence_add(struct store *s, const struct sup_evidence *e, long long *id) WUR;
/* The files of one report (contents not read), oldest first. */
enum status store_sup_evidence_list(struct store *s, struct arena *a, long long cycle_id, int measure,
				    const char *unit, struct sup_evidence **rows, size_t *n) WUR;
/* One file with its content (and its cycle's period in *period, may be NULL). */
enum status store_sup_evidence_get(struct store *s, struct arena *a, long long id, struct sup_evidence **out,
				   const char **period) WUR;

/* ---- notice rules --------------------------------------------------------------------------- */

struct sup_rule {
	const char *code;
	enum notice_rule_kind kind;
	const char *name_zh, *name_en;
	int is_enabled;
	int grace_days;     /* fire this many days after the deadline or due date */
	int reply_days;     /* the unit has this many days to answer */
	int escalate_days;  /* unanswered this many days past the reply deadline: level 2 */
	int periods;        /* indicator rules: periods running off track */
	const char *updated_at, *updated_by;
};

enum status store_sup_rules(struct store *s, struct arena *a, struct sup_rule **rows, size_t *n) WUR;
/* Change a rule's settings (name, enabled, days, periods; not its code or kind), audited.
 * ST_NOT_FOUND for an unknown code; ST_INVALID when a value is out of range. */
enum status store_sup_rule_update(struct store *s, const struct sup_rule *r) WUR;

/* ---- notices ---------------------------------------------------------------------------------- */

struct sup_notice {
	long long id;
	const char *plan_code;          /* the plan whose measure it is about (never NULL) */
	const char *rule_code;          /* NULL: raised by hand */
	const char *dedup_key;          /* what the rule fired on, naming the plan; NULL for
	                                 * manual notices */
	const char *unit;
	int measure;
	const char *period;
	long long cycle_id, milestone_id; /* 0 when not about one */
	const char *indicator, *region;   /* indicator rules */
	const char *subject, *body;
	int level;                      /* 1, or 2 once escalated */
	enum notice_status status;
	const char *reply_due;
	const char *raised_at, *raised_by, *answered_at, *escalated_at, *closed_at, *closed_by, *close_note;
	int n_replies;                  /* filled by reads */
};

struct sup_reply {
	long long id, notice_id;
	const char *body, *created_at, *created_by;
};

/* Raise a notice (status open, level 1) with ev (object_id 0 = the new notice). When n's
 * dedup_key is already a notice's, nothing is written and *is_new is 0 (*id its id). */
enum status store_sup_notice_raise(struct store *s, const struct sup_notice *n, const struct sup_event *ev,
				   long long *id, int *is_new) WUR;
enum status store_sup_notice_get(struct store *s, struct arena *a, long long id, struct sup_notice **out) WUR;

struct sup_notice_filter {
	const char *unit;        /* NULL: all */
	int measure;             /* 0: all */
	const char *period;      /* NULL: all */
	int only_unresolved;     /* open, answered or escalated */
	int only_overdue;        /* open or escalated, reply deadline before overdue_at */
	const char *overdue_at;  /* UTC timestamp for only_overdue */
	const char *plan_code;   /* NULL: every plan */
};
/* Notices matching f (NULL: all), newest first. */
enum status store_sup_notices(struct store *s, struct arena *a, const struct sup_notice_filter *f,
			      struct sup_notice **rows, size_t *n) WUR;
enum status store_sup_notice_replies(struct store *s, struct arena *a, long long id, struct sup_reply **rows,
				     size_t *n) WUR;
/* The unit's answer: a reply row, the notice answered. ST_CONFLICT when it is closed. */
enum status store_sup_notice_reply(struct store *s, long long id, const char *body, const struct sup_event *ev) WUR;
/* Level 2 for a notice still open (not answered, not closed). ST_CONFLICT otherwise (so that
 * two servers escalate it once). */
enum status store_sup_notice_escalate(struct store *s, long long id, const struct sup_event *ev) WUR;
/* The department closes a notice. ST_CONFLICT when already closed. */
enum status store_sup_notice_close(struct store *s, long long id, const char *note, const struct sup_event *ev) WUR;

/* ---- inbox ------------------------------------------------------------------------------------ */

struct sup_notification {
	long long id, event_id;
	const char *kind, *object_type, *object_id, *plan_code, *unit, *period, *link, *text, *created_at, *read_at;
	int measure;                    /* plan_code: NULL for an event about no plan */
};

/* A user's notifications, newest first, at most limit; unread ones only when is_unread_only. */
enum status store_sup_inbox(struct store *s, struct arena *a, long long user_id, int is_unread_only, int limit,
			    struct sup_notification **rows, size_t *n) WUR;
enum status store_sup_inbox_unread(struct store *s, long long user_id, long long *n) WUR;
/* Mark one notification (id) or all (id 0) of the user read. ST_NOT_FOUND when id is not the
 * user's. */
enum status store_sup_inbox_read(struct store *s, long long user_id, long long id) WUR;

/* ---- webhook outbox ---------------------------------------------------------------------------- */

struct sup_delivery {
	long long id, event_id;
	const char *kind;       /* the event's kind */
	const char *payload;    /* JSON text, sent as is */
	int attempts;           /* including the one just claimed */
	const char *status, *next_attempt_at, *url, *signature, *last_error;
	long last_status;
};

/* Claim the oldest delivery due at now (pending with next_attempt_at <= now, or left sending by
 * a claimer before stale_before): status sending, attempts + 1, claimed_by. One UPDATE in one
 * transaction, so two servers never claim the same delivery. ST_NOT_FOUND when none is due. */
enum status store_sup_webhook_claim(struct store *s, struct arena *a, const char *now, const char *stale_before,
				    const char *claimer, struct sup_delivery **out) WUR;
/* The outcome of a claimed attempt: delivered (is_ok), else pending again at next_attempt_at,
 * or failed for good when next_attempt_at is NULL. url and signature record what was sent. */
enum status store_sup_webhook_result(struct store *s, long long id, int is_ok, long http_status, const char *error,
				     const char *url, const char *signature, const char *next_attempt_at) WUR;
/* No webhook is configured: every pending delivery becomes skipped. *n gets how many. */
enum status store_sup_webhook_skip_pending(struct store *s, long long *n) WUR;
/* Every delivery, newest first, at most limit. */
enum status store_sup_webhooks(struct store *s, struct arena *a, int limit, struct sup_delivery **rows,
			       size_t *n) WUR;

#endif
