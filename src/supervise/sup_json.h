/* sup_json.h - supervision objects as JSON, one shape for `innomon ... --json` and the API
 * (docs/api.md). Each function returns a new reference (caller decrefs); strings copied. */
#ifndef INNOMON_SUPERVISE_SUP_JSON_H
#define INNOMON_SUPERVISE_SUP_JSON_H

#include <jansson.h>

#include "supervise/supervise.h"

/* {period, plan, deadline, deadline_local, status, opened_at, opened_by, closed_at, closed_by} */
json_t *sup_cycle_json(const struct sup_cycle *c);
/* {measure, unit, role, state ("none" when nothing was written), timeliness, revision,
 * first_submitted_at, returned} */
json_t *sup_owed_json(const struct sup_owed *o);
/* {id, period, measure, unit, revision, state, progress, narrative, figures (array), reason,
 * created_at, created_by[, first_submitted_at, returned]} */
json_t *sup_report_json(const struct sup_report *r);
/* {id, rule, unit, measure, period, subject, body, level, status, reply_due, raised_at, ...} */
json_t *sup_notice_json(const struct sup_notice *n);
json_t *sup_reply_json(const struct sup_reply *r);
json_t *sup_milestone_json(const struct sup_milestone *m, time_t now);
json_t *sup_rule_json(const struct sup_rule *r);
json_t *sup_evidence_json(const struct sup_evidence *e);
json_t *sup_notification_json(const struct sup_notification *n);
/* {unit, region, counts {...}, parts {on_time, first_time, notices, milestones, indicators},
 * score} (null for an undefined part or score) */
json_t *sup_scorecard_json(const struct sup_scorecard *s);

#endif
