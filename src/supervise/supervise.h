/* supervise.h - task supervision (任务跟踪督办), the module's front door. Three layers:
 *  - pure decisions (logic.c, evidence.c): deadlines in Asia/Shanghai, a report's timeliness,
 *    when a notice escalates and a reminder is due, the webhook back-off, the scorecard
 *    formula, who may see a report or a notice, what an evidence file is;
 *  - operations (ops.c): opening cycles, saving, submitting and reviewing reports, raising,
 *    answering and closing notices, keeping evidence - each one store write with its events;
 *  - periodic work (tick.c, webhook.c): supervise_tick, idempotent, run by `innomon tick` and
 *    by a thread of `innomon serve`; and the scorecards (scorecard.c).
 * May call core and store (and libcurl, libzip, libsodium, jansson); never web or cli. */
#ifndef INNOMON_SUPERVISE_SUPERVISE_H
#define INNOMON_SUPERVISE_SUPERVISE_H

#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

#include "base/arena.h"
#include "base/status.h"
#include "core/authz.h"
#include "core/period.h"
#include "core/plan.h"
#include "core/progress.h"
#include "core/supervision.h"
#include "store/store.h"

/* The settings supervision needs (from base/config.h), borrowed strings. */
struct sup_settings {
	const char *webhook_url;      /* "" or NULL: no webhook */
	const char *webhook_secret;   /* HMAC key; "" signs with an empty key */
	long long reminder_days;      /* 0: no reminders */
	size_t evidence_max_bytes;
	const char *scan_command;     /* "" or NULL: no scan */
	const atomic_int *stop;       /* NULL, or set non-zero by a server shutting down: the
	                               * webhook loop stops between deliveries */
};

/* Why an operation refused, for the CLI, the API and the pages: a stable code (the pages show
 * the message "cycle.err_<code>" of the catalogue), the field concerned (may be NULL) and an
 * English sentence (lower-case start, no final period). Static strings. */
struct sup_error {
	const char *code, *field, *msg;
};

#define SUP_NARRATIVE_MAX_BYTES 20000u
#define SUP_TEXT_MAX_BYTES 4000u          /* subjects, reasons, replies, notes */
#define SUP_WEBHOOK_MAX_ATTEMPTS 10
#define SUP_WEBHOOK_FIRST_DELAY_S 60      /* then doubling */
#define SUP_WEBHOOK_MAX_DELAY_S (6 * 3600)
#define SUP_DAY_S 86400

/* ---- pure decisions (logic.c) -------------------------------------------------------------- */

/* The moment a deadline given as a date ("2025-10-15": the end of that day in Asia/Shanghai,
 * 23:59:59+08:00) or a UTC timestamp ("2025-10-15T08:00:00Z") falls; returns 1 and sets *out,
 * 0 when text is neither. */
int sup_deadline_parse(const char *text, time_t *out);
/* The end of day date (YYYY-MM-DD, Asia/Shanghai) as a time; 0 when date is not a date. */
time_t sup_end_of_day(const char *date);
/* The date (YYYY-MM-DD) in Asia/Shanghai of t, into out[11]. */
void sup_shanghai_date(time_t t, char out[11]);
/* The reply deadline of a notice raised at raised with reply_days to answer: the end of the
 * day reply_days later (Asia/Shanghai). */
time_t sup_reply_due(time_t raised, int reply_days);
/* The quarter (2025Q3) of t in Asia/Shanghai. */
struct period sup_quarter_of(time_t t);

/* How a report owed in a cycle stands against the deadline. */
enum sup_timeliness {
	SUP_PENDING,  /* not submitted, the deadline has not passed */
	SUP_ON_TIME,  /* first submitted at or before the deadline */
	SUP_LATE,     /* first submitted after the deadline */
	SUP_MISSING,  /* not submitted and the deadline has passed */
};
/* first_submitted: UTC timestamp text of the first submission, or NULL. Cannot fail. */
enum sup_timeliness sup_timeliness(const char *first_submitted, time_t deadline, time_t now);
const char *sup_timeliness_name(enum sup_timeliness t);

/* Whether a rule with grace_days fires for a deadline at now: now > deadline + grace. */
int sup_rule_fires(time_t deadline, int grace_days, time_t now);
/* Whether a notice should escalate: still open (not answered, escalated or closed) and now is
 * past its reply deadline plus escalate_days. */
int sup_should_escalate(enum notice_status st, time_t reply_due, int escalate_days, time_t now);
/* Whether a reminder for deadline is due: reminder_days > 0 and deadline - reminder_days <=
 * now < deadline. */
int sup_reminder_due(time_t deadline, long long reminder_days, time_t now);
/* Seconds to wait after failed attempt number attempts (1, 2, ...): 60 s, doubling, at most
 * SUP_WEBHOOK_MAX_DELAY_S. */
long long sup_backoff_s(int attempts);

/* Progress statuses counted as on track (met, on track, stable) and as off track (not met,
 * limited, deteriorating); needs acceleration and no status are neither. */
int sup_status_on_track(enum progress_status st);
int sup_status_off_track(enum progress_status st);
/* Whether statuses[n - k .. n) are all off track, k = periods (>= 1): the indicator rule. */
int sup_off_track_running(const enum progress_status *statuses, size_t n, int periods);

/* Who may see what (every decision through authz_check): a report of unit on measure is seen
 * by the department, by its own unit, by the reporters of a lead unit of the measure (lead
 * units see their co-units' reports, drafts included, to prepare their own), and once approved
 * by every signed-in user. lead_units: the measure's lead unit codes. */
int sup_report_visible(const struct principal *p, const char *unit, enum report_state st, const char *const *lead_units,
		       size_t n_lead);
/* A notice is seen by every signed-in user (it is no draft); only its unit answers it
 * (ACT_WRITE_REPORT on the unit) and only the department closes it. */
int sup_notice_visible(const struct principal *p, const char *unit);
/* The lead unit codes of measure number in p (arena array, *n of them). */
const char **sup_lead_units(struct arena *a, const struct plan *p, int measure, size_t *n);

/* The scorecard formula (docs/supervision.md): five shares, each in [0, 1] when defined,
 * weighted 40/15/20/15/10 and scaled to 100 over the defined ones.
 *   A on time      = reports submitted by the deadline / reports owed whose deadline passed
 *   B first time   = 1 - reports returned at least once / reports submitted
 *   C notices      = 1 - notices still open or escalated / notices raised
 *   D milestones   = milestones done / milestones due (by the period's end and already past)
 *   E indicators   = linked targets on track / linked targets assessed */
struct sup_score_in {
	int n_owed, n_on_time, n_late, n_missing, n_pending, n_submitted, n_returned, n_approved;
	int n_notices, n_open, n_answered, n_escalated, n_unresolved, n_closed;
	int n_ms_due, n_ms_done, n_ms_overdue;
	int n_ind_assessed, n_ind_on_track, n_ind_off_track;
};
#define SUP_SCORE_PARTS 5
struct sup_score {
	int has_part[SUP_SCORE_PARTS];
	double part[SUP_SCORE_PARTS];     /* the shares A..E */
	int has_score;
	double score;                     /* 0..100 */
};
extern const int sup_score_weights[SUP_SCORE_PARTS];
void sup_score_compute(const struct sup_score_in *in, struct sup_score *out);

/* ---- evidence files (evidence.c) ------------------------------------------------------------- */

struct sup_file_kind {
	const char *kind;          /* "pdf", "png", "jpeg", "docx", "xlsx", "doc", "xls" */
	const char *content_type;
};
/* What the bytes are, from the bytes alone: PDF, PNG, JPEG, an Office Open XML package (a zip
 * whose [Content_Types].xml declares a word or spreadsheet main part) or an OLE compound file
 * holding a WordDocument or Workbook stream. NULL when none of these. */
const struct sup_file_kind *sup_sniff(const void *data, size_t len);
/* The name to keep for an uploaded file: the base name of name, refused (NULL, *why set) when
 * empty, a path component is "..", it holds control characters or invalid UTF-8, or it is
 * longer than 200 bytes. The result is in arena a. */
const char *sup_file_name(struct arena *a, const char *name, struct sup_error *why);
/* Everything about a file before it is kept: the name (as sup_file_name), the size (at most
 * max_bytes: ST_TOO_LARGE), the type sniffed and, when the name has an extension, that it
 * names the same type. ST_OK with *kind and *clean_name set, else ST_INVALID / ST_TOO_LARGE
 * with *why. Pure. */
enum status sup_evidence_check(struct arena *a, const void *data, size_t len, const char *name, size_t max_bytes,
			       const struct sup_file_kind **kind, const char **clean_name, struct sup_error *why) WUR;
/* Run command (through /bin/sh, the path of a temporary copy of data appended as its last
 * argument) and wait at most 120 s: ST_OK when it exits 0, ST_DENIED ("scan_refused") when it
 * exits otherwise, ST_IO ("scan_failed") when it cannot be run (the shell's 126 or 127) or
 * times out. Either way the file is not kept. The copy is removed. */
enum status sup_evidence_scan(const char *command, const void *data, size_t len, struct sup_error *why) WUR;

/* ---- operations (ops.c) ---------------------------------------------------------------------- */

/* Open plan p's reporting cycle for period_text (any period_parse spelling) with deadline_text
 * (a date or a UTC timestamp, see sup_deadline_parse): the plan's responsibilities become its
 * duties, and every unit with a duty hears of it. Each plan has its own cycles: two plans in
 * force may both have one for the same period. */
enum status sup_cycle_open(struct store *s, struct arena *a, const struct plan *p, const char *period_text,
			   const char *deadline_text, struct sup_cycle **out, struct sup_error *err) WUR;
/* The cycle of plan plan_code for period_text (any spelling). ST_NOT_FOUND with err "no_cycle"
 * (another plan's cycle of that period is not this plan's). */
enum status sup_cycle_find(struct store *s, struct arena *a, const char *plan_code, const char *period_text,
			   struct sup_cycle **out, struct sup_error *err) WUR;
/* The open cycle of plan_code with the latest deadline; ST_NOT_FOUND when none is open. */
enum status sup_cycle_current(struct store *s, struct arena *a, const char *plan_code, struct sup_cycle **out) WUR;
/* The period a notice of plan_code not tied to a cycle is filed under: the plan's open cycle's,
 * else the quarter of now (arena text). */
const char *sup_notice_period(struct store *s, struct arena *a, const char *plan_code, time_t now);

/* One report owed in a cycle with its newest revision and how it stands. */
struct sup_owed {
	struct sup_duty duty;
	const struct sup_report *report;   /* NULL when nothing was written */
	enum sup_timeliness timeliness;
};
/* Every duty of cycle c with its report, in duty order. */
enum status sup_cycle_owed(struct store *s, struct arena *a, const struct sup_cycle *c, time_t now,
			   struct sup_owed **rows, size_t *n) WUR;

/* A report's content as given by a unit. figures: a JSON array text [{indicator, value, note}]
 * (NULL: none), checked against the measure's linked indicators. */
struct sup_report_input {
	enum report_progress progress;
	const char *narrative;
	const char *figures;
};
/* Save a draft (is_submit 0) or submit (1) the report of unit on measure in cycle c. in NULL
 * submits the newest draft as it is. expect_revision: the newest revision the writer saw
 * (0 none, -1 any). ST_NOT_FOUND ("not_owed"), ST_INVALID (a field), ST_CONFLICT (the state,
 * a closed cycle, a stale revision). */
enum status sup_report_save(struct store *s, struct arena *a, const struct plan *p, const struct sup_cycle *c,
			    int measure, const char *unit, const struct sup_report_input *in, int is_submit,
			    int expect_revision, struct sup_report **out, struct sup_error *err) WUR;
/* The department approves (is_approve) or returns (reason required) a submitted report. */
enum status sup_report_review(struct store *s, struct arena *a, const struct sup_cycle *c, int measure, const char *unit,
			      int is_approve, const char *reason, int expect_revision, struct sup_report **out,
			      struct sup_error *err) WUR;
/* Check and keep an evidence file for the report of unit on measure in cycle c (the settings
 * give the size cap and the scan command). */
enum status sup_evidence_add(struct store *s, struct arena *a, const struct sup_settings *cfg,
			     const struct sup_cycle *c, int measure, const char *unit, const char *name, const void *data,
			     size_t len, long long user_id, long long *id, struct sup_error *err) WUR;

/* Raise a notice of plan p by hand: unit (must have a duty on measure in the plan), measure,
 * subject, body (may be NULL), reply_days 1..365. */
enum status sup_notice_raise_manual(struct store *s, const struct plan *p, const char *unit, int measure,
				    const char *subject, const char *body, int reply_days, long long *id,
				    struct sup_error *err) WUR;
/* The unit answers; the department closes (note may be NULL). */
enum status sup_notice_reply(struct store *s, struct arena *a, long long id, const char *body, struct sup_error *err) WUR;
enum status sup_notice_close(struct store *s, struct arena *a, long long id, const char *note, struct sup_error *err) WUR;

/* ---- periodic work (tick.c, webhook.c) -------------------------------------------------------- */

struct sup_tick_result {
	int n_raised, n_escalated, n_reminders;
	int n_sent, n_failed, n_retry, n_skipped;
};
/* Everything due at now, in order: notices raised by the enabled rules (a report missing at a
 * cycle's deadline, a milestone overdue, a linked indicator off track `periods` running),
 * notices unanswered past their reply deadline escalated, reminders reminder_days before each
 * deadline, then webhook deliveries sent (or skipped when no webhook_url is set). Idempotent:
 * running it again, or on several servers at once, raises, escalates and sends nothing twice.
 * A store without a plan has nothing to do. */
enum status supervise_tick(struct store *s, const struct sup_settings *cfg, time_t now,
			   struct sup_tick_result *res) WUR;
/* Send the due webhook deliveries (part of supervise_tick). */
enum status sup_webhook_run(struct store *s, const struct sup_settings *cfg, time_t now,
			    struct sup_tick_result *res) WUR;
/* "sha256=" + hex HMAC-SHA256 of body under secret, into out[80]. */
void sup_webhook_sign(const char *secret, const char *body, size_t len, char out[80]);
/* Once per process before threads start (libcurl). */
void supervise_global_init(void);

/* ---- scorecards (scorecard.c) ------------------------------------------------------------------ */

struct sup_scorecard {
	const char *unit;        /* unit code */
	const char *region;      /* scorecards by place: the place's region code; else NULL */
	struct sup_score_in in;
	struct sup_score out;
};
/* The scorecard of every unit with a duty in plan p's cycle of period (is_city: of every local
 * government, city, county or district (core/plan_facts.h plan_unit_place), with its place's
 * targets as its indicators), in plan order. ST_NOT_FOUND when the
 * period has no cycle. */
enum status sup_scorecards(struct store *s, struct arena *a, const struct plan *p, const char *period, int is_city,
			   time_t now, struct sup_scorecard **rows, size_t *n) WUR;

#endif
