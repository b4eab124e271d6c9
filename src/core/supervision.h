/* supervision.h - the words of task supervision (任务跟踪督办): the state of a progress report
 * in its workflow, the progress a unit reports for a measure, the status of a 督办 notice and
 * the kinds of rule that raise notices; their stable names and the report workflow's allowed
 * moves. Pure types and names, like obs.h; storing them is store/, the logic supervise/. */
#ifndef INNOMON_CORE_SUPERVISION_H
#define INNOMON_CORE_SUPERVISION_H

/* Where a report stands: a unit drafts and submits; the department approves or returns it
 * with a reason; a returned report is revised and submitted again. */
enum report_state { REPORT_DRAFT, REPORT_SUBMITTED, REPORT_APPROVED, REPORT_RETURNED };
#define REPORT_STATE_COUNT 4

/* What the unit says about the measure in the period. */
enum report_progress { PROGRESS_NOT_STARTED, PROGRESS_ON_TRACK, PROGRESS_DELAYED, PROGRESS_DONE };
#define REPORT_PROGRESS_COUNT 4

/* A notice is open until the unit answers; unanswered past its reply deadline it is escalated
 * (level 2); only the department closes it. */
enum notice_status { NOTICE_OPEN, NOTICE_ANSWERED, NOTICE_ESCALATED, NOTICE_CLOSED };
#define NOTICE_STATUS_COUNT 4

/* What a notice rule watches. */
enum notice_rule_kind { NRULE_REPORT_MISSING, NRULE_MILESTONE_OVERDUE, NRULE_INDICATOR_OFF_TRACK };
#define NOTICE_RULE_KIND_COUNT 3

/* Stable machine names ("draft", "on_track", "escalated", "report_missing"); "" when out of
 * range. Cannot fail. */
const char *report_state_name(enum report_state st);
const char *report_progress_name(enum report_progress p);
const char *notice_status_name(enum notice_status st);
const char *notice_rule_kind_name(enum notice_rule_kind k);
/* Parse a name; returns 1 and sets *out when s (may be NULL) is one of the names above. */
int report_state_parse(const char *s, enum report_state *out);
int report_progress_parse(const char *s, enum report_progress *out);
int notice_status_parse(const char *s, enum notice_status *out);
int notice_rule_kind_parse(const char *s, enum notice_rule_kind *out);

/* Whether a report may move to `to` from its newest revision's state `from`; has_from is 0
 * when the report has no revision yet. Draft: from nothing, a draft or a returned report.
 * Submitted: likewise. Approved and returned: from submitted only. Cannot fail. */
int report_transition_allowed(int has_from, enum report_state from, enum report_state to);

#endif
