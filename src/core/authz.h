/* authz.h - who may do what: roles, the actions routes declare, and the one function that
 * decides (authz_check). Pure: the caller supplies the principal and, for scoped actions, the
 * unit and region the action touches. See ARCHITECTURE.md "Security model". */
#ifndef INNOMON_CORE_AUTHZ_H
#define INNOMON_CORE_AUTHZ_H

#include "base/status.h"

enum role { ROLE_NONE = 0, ROLE_ADMIN, ROLE_ANALYST, ROLE_UNIT_REPORTER, ROLE_REGION_REPORTER, ROLE_READER };

/* The acting person (or API token holder). role ROLE_NONE is an anonymous visitor. */
struct principal {
	enum role role;
	long long user_id;
	const char *name;
	const char *unit;     /* unit reporters: their unit code */
	const char *region;   /* region reporters: their region code */
	int must_change_password;
};

enum authz_action {
	ACT_READ_PUBLIC,     /* published figures, the plan: everyone */
	ACT_READ_INTERNAL,   /* approved figures, reports: any signed-in user */
	ACT_READ_SCOPED,     /* drafts and submitted values of a unit/region: its reporters and the department */
	ACT_WRITE_VALUES,    /* enter, import and submit values for a unit/region */
	ACT_REVIEW_VALUES,   /* approve or return submitted values: the department */
	ACT_PUBLISH_VALUES,  /* publish approved values: the department */
	ACT_EDIT_PLAN,       /* plan edits: admins */
	ACT_MANAGE_USERS,    /* users, roles, tokens of others: admins */
	ACT_READ_AUDIT,      /* the audit trail: admins */
	ACT_OWN_ACCOUNT,     /* change one's own password, sign out: any signed-in user */
	ACT_WRITE_REPORT,    /* draft and submit a unit's progress reports, upload their evidence, answer
	                      * its 督办 notices: the unit's reporters and the department (scope: unit) */
	ACT_SUPERVISE,       /* open and close reporting cycles, approve or return reports, raise and
	                      * close notices, run the supervision tick: the department */
	ACT_BACKUP,          /* copy the whole store (every account, draft and the audit trail): admins */
	ACT__COUNT
};

/* What a scoped action touches: the unit that owns the data (an indicator's data owner or a
 * report's unit) and the region. NULL fields are "not about a unit/region". */
struct scope {
	const char *unit;
	const char *region;
};

/* ST_OK when p may do act on scope (scope may be NULL for unscoped actions); ST_UNAUTH when p
 * is anonymous and the action needs a signed-in user; ST_DENIED otherwise. Cannot fail. */
enum status authz_check(const struct principal *p, enum authz_action act, const struct scope *scope);

/* Whether p could hold act for some scope (routes with scoped actions admit these users and
 * then check each item's scope with authz_check). */
enum status authz_may_attempt(const struct principal *p, enum authz_action act);

struct plan;
struct obs;
/* Whether p may see the revision o of an indicator of plan: a published one everyone, an
 * approved one any signed-in user, any other (draft, submitted, returned) only a reporter
 * whose unit owns the indicator or whose region it is, and the department. The one rule every
 * API answer, page, report and export follows. */
int authz_obs_visible(const struct principal *p, const struct plan *plan, const struct obs *o);

/* Whether p belongs to the department (admin or analyst), who see every draft. */
int authz_is_department(const struct principal *p);

const char *role_name(enum role r);
/* Returns 1 and sets *out when s names a role ("admin", "analyst", "unit_reporter",
 * "region_reporter", "reader"). */
int role_parse(const char *s, enum role *out);
const char *action_name(enum authz_action a);

#endif
