/* authz.c - the authorisation decision (see authz.h). Every route names one action; this
 * function is the only place that maps roles to rights. */
#include "base/str.h"
#include "core/authz.h"
#include "core/obs.h"
#include "core/plan.h"
#include "base/banned.h"

static const char *const role_names[] = {"", "admin", "analyst", "unit_reporter", "region_reporter", "reader"};
static const char *const action_names[ACT__COUNT] = {
	"read_public", "read_internal", "read_scoped", "write_values", "review_values",
	"publish_values", "edit_plan", "manage_users", "read_audit", "own_account", "write_report", "supervise",
	"backup",
};

const char *role_name(enum role r)
{
	return (unsigned)r < sizeof(role_names) / sizeof(role_names[0]) ? role_names[r] : "";
}

int role_parse(const char *s, enum role *out)
{
	for (int i = 1; i < (int)(sizeof(role_names) / sizeof(role_names[0])); i++)
		if (streq(s, role_names[i])) {
			*out = (enum role)i;
			return 1;
		}
	return 0;
}

const char *action_name(enum authz_action a)
{
	return (unsigned)a < ACT__COUNT ? action_names[a] : "";
}

int authz_is_department(const struct principal *p)
{
	return p && (p->role == ROLE_ADMIN || p->role == ROLE_ANALYST);
}

/* A reporter's scope covers the action when the unit (or region) matches theirs. */
static int in_scope(const struct principal *p, const struct scope *s)
{
	if (!s)
		return 0;
	if (p->role == ROLE_UNIT_REPORTER)
		return p->unit && s->unit && streq(p->unit, s->unit);
	if (p->role == ROLE_REGION_REPORTER)
		return p->region && s->region && streq(p->region, s->region);
	return 0;
}

enum status authz_check(const struct principal *p, enum authz_action act, const struct scope *scope)
{
	int signed_in = p && p->role != ROLE_NONE;
	if (act == ACT_READ_PUBLIC)
		return ST_OK;
	if (!signed_in)
		return ST_UNAUTH;
	switch (act) {
	case ACT_READ_INTERNAL:
	case ACT_OWN_ACCOUNT:
		return ST_OK;
	case ACT_READ_SCOPED:
	case ACT_WRITE_VALUES:
		return authz_is_department(p) || in_scope(p, scope) ? ST_OK : ST_DENIED;
	case ACT_WRITE_REPORT:
		/* reports belong to units: a region reporter has none */
		return authz_is_department(p) || (p->role == ROLE_UNIT_REPORTER && in_scope(p, scope)) ? ST_OK : ST_DENIED;
	case ACT_REVIEW_VALUES:
	case ACT_PUBLISH_VALUES:
	case ACT_SUPERVISE:
		return authz_is_department(p) ? ST_OK : ST_DENIED;
	case ACT_EDIT_PLAN:
	case ACT_MANAGE_USERS:
	case ACT_READ_AUDIT:
	case ACT_BACKUP:
		return p->role == ROLE_ADMIN ? ST_OK : ST_DENIED;
	default:
		return ST_DENIED;
	}
}

enum status authz_may_attempt(const struct principal *p, enum authz_action act)
{
	if (act != ACT_READ_SCOPED && act != ACT_WRITE_VALUES && act != ACT_WRITE_REPORT)
		return authz_check(p, act, NULL);
	if (!p || p->role == ROLE_NONE)
		return ST_UNAUTH;
	if (act == ACT_WRITE_REPORT)
		return authz_is_department(p) || p->role == ROLE_UNIT_REPORTER ? ST_OK : ST_DENIED;
	return authz_is_department(p) || p->role == ROLE_UNIT_REPORTER || p->role == ROLE_REGION_REPORTER ? ST_OK : ST_DENIED;
}

int authz_obs_visible(const struct principal *p, const struct plan *plan, const struct obs *o)
{
	if (o->status == OBS_PUBLISHED)
		return 1;
	if (o->status == OBS_APPROVED)
		return authz_check(p, ACT_READ_INTERNAL, NULL) == ST_OK;
	int ind = plan_find_indicator(plan, o->indicator);
	struct scope sc = {ind >= 0 ? plan->indicators[ind].owner_code : NULL, o->region};
	return authz_check(p, ACT_READ_SCOPED, &sc) == ST_OK;
}
