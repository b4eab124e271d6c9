/* values.c - entering values, the workflow moves of a revision and the review queue (see
 * values.h), and a reviewer's verdict on a qualitative target. The checks of a row are the
 * import's (ingest/import.c); what is decided here is who may write which status and move which
 * revision. */
#include <stdio.h>
#include <string.h>

#include "app/values.h"
#include "base/num.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "core/period.h"
#include "base/banned.h"

/* The first year a period can name (core/period.c): a verdict is of a year up to the target's. */
#define VERDICT_YEAR_MIN 1900

/* ---- the four-eyes rule --------------------------------------------------------------------- */

enum four_eyes_mode { FOUR_EYES_ALL, FOUR_EYES_NONE, FOUR_EYES_PLANS };

static enum four_eyes_mode four_eyes_mode(const struct app_ctx *x)
{
	/* the operator (app_operator, or a copy naming "init"), and the server's own work: no user */
	if (x->who->user_id == 0 && x->who->role == ROLE_ADMIN)
		return FOUR_EYES_NONE;
	struct str s = str_trim(str_of(x->four_eyes ? x->four_eyes : ""));
	if (s.len == 0 || str_eq(s, "all"))
		return FOUR_EYES_ALL;
	return str_eq(s, "none") ? FOUR_EYES_NONE : FOUR_EYES_PLANS;
}

int app_four_eyes_is_off(const struct app_ctx *x)
{
	return four_eyes_mode(x) == FOUR_EYES_NONE;
}

int app_four_eyes_holds(struct app_ctx *x, const char *indicator)
{
	enum four_eyes_mode m = four_eyes_mode(x);
	if (m != FOUR_EYES_PLANS)
		return m == FOUR_EYES_ALL;
	/* the plans named: the rule holds for an indicator any of them defines */
	const char *p = x->four_eyes;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		struct str code = str_trim((struct str){p, len});
		struct plan *plan;
		if (code.len && store_plan_get(x->store, x->arena, arena_strndup(x->arena, code.p, code.len), 0, &plan) == ST_OK &&
		    plan_find_indicator(plan, indicator) >= 0)
			return 1;
		p += end ? len + 1 : len;
	}
	return 0;
}

static enum status four_eyes_refuse(struct diag_list *errs, const char *field, const char *what)
{
	return app_refuse(errs, ST_DENIED, field, "four_eyes", "error.four_eyes",
			  "four eyes: %s; another person approves it", what);
}

enum status app_four_eyes_check_write(struct app_ctx *x, enum obs_status st, const struct import_result *res,
				      struct diag_list *errs)
{
	if (st != OBS_APPROVED && st != OBS_PUBLISHED)
		return ST_OK;
	for (size_t i = 0; i < res->n_changes; i++)
		if (app_four_eyes_holds(x, res->changes[i].after.indicator))
			return four_eyes_refuse(errs, "status", "values are entered as drafts or submitted");
	return ST_OK;
}

/* Under the rule, whether the principal entered, imported or submitted the value of revision o:
 * the authors of the cell's revisions up to o since its last approved or published one, but
 * for returns (a reviewer's move). */
static enum status check_not_own(struct app_ctx *x, const struct obs *o, struct diag_list *errs)
{
	if (!app_four_eyes_holds(x, o->indicator))
		return ST_OK;
	struct obs *h;
	size_t n;
	enum status rc = store_obs_history(x->store, x->arena, o->indicator, o->region, o->period, &h, &n);
	if (rc != ST_OK)
		return rc;
	for (size_t i = n; i-- > 0;) {
		if (h[i].revision > o->revision || h[i].status == OBS_RETURNED)
			continue;
		if (h[i].status == OBS_APPROVED || h[i].status == OBS_PUBLISHED)
			break;
		if (h[i].created_by && strcmp(h[i].created_by, x->who->name) == 0)
			return four_eyes_refuse(errs, NULL, "you entered or submitted this value");
	}
	return ST_OK;
}

int app_four_eyes_blocks(struct app_ctx *x, const struct obs *o)
{
	struct diag_list scratch;
	diag_init(&scratch, x->arena);
	return check_not_own(x, o, &scratch) != ST_OK;
}

/* ---- the operations ------------------------------------------------------------------------ */

enum status app_value_status_allowed(const struct app_ctx *x, enum obs_status st, struct diag_list *errs)
{
	enum status rc;
	switch (st) {
	case OBS_DRAFT:
	case OBS_SUBMITTED:
		return app_authorize_any(x, ACT_WRITE_VALUES, errs);
	case OBS_APPROVED:
	case OBS_PUBLISHED:
		rc = app_authorize(x, st == OBS_APPROVED ? ACT_REVIEW_VALUES : ACT_PUBLISH_VALUES, NULL, errs);
		if (rc == ST_OK && four_eyes_mode(x) == FOUR_EYES_ALL)
			return four_eyes_refuse(errs, "status", "values are entered as drafts or submitted");
		return rc;
	default:
		rc = app_authorize_any(x, ACT_WRITE_VALUES, errs);
		if (rc != ST_OK)
			return rc;
		return app_refuse(errs, ST_INVALID, "status", "bad_value", "error.bad_status",
				  "values are written as draft, submitted, approved or published; a review returns them");
	}
}

enum status app_values_enter(struct app_ctx *x, const struct sheet *sh, enum obs_status st, const int *base_revisions,
			     int is_dry_run, struct import_result *res, struct diag_list *errs)
{
	const struct plan *p;
	memset(res, 0, sizeof(*res));
	enum status rc = app_value_status_allowed(x, st, errs);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc != ST_OK)
		return rc;
	/* the caller's own errors: check the rows too (so every problem is listed), write nothing */
	int has_errors = app_errors_status(errs) != ST_OK;
	struct import_opts io = {NULL, NULL, st, x->who->name, is_dry_run || has_errors, x->who, base_revisions};
	size_t n_before = errs->n;
	if (!io.is_dry_run && (st == OBS_APPROVED || st == OBS_PUBLISHED) && four_eyes_mode(x) == FOUR_EYES_PLANS) {
		/* which plans' indicators the rows hold is known once they are read */
		io.is_dry_run = 1;
		rc = import_sheet(x->store, x->arena, p, sh, &io, res, errs);
		if (rc == ST_OK)
			rc = app_four_eyes_check_write(x, st, res, errs);
		if (rc != ST_OK)
			return rc;
		memset(res, 0, sizeof(*res));
		io.is_dry_run = 0;
	}
	rc = import_sheet(x->store, x->arena, p, sh, &io, res, errs);
	if (rc == ST_CONFLICT && errs->n == n_before) /* another writer got there first: say so */
		return app_refuse(errs, rc, NULL, "conflict", NULL, "%s", store_errmsg(x->store));
	if (rc == ST_OK && has_errors)
		return ST_INVALID;
	return rc;
}

enum status app_value_move(struct app_ctx *x, long long id, enum obs_status to, const char *reason, struct obs **out,
			   struct diag_list *errs)
{
	*out = NULL;
	enum authz_action act = to == OBS_SUBMITTED ? ACT_WRITE_VALUES : to == OBS_PUBLISHED ? ACT_PUBLISH_VALUES : ACT_REVIEW_VALUES;
	/* a submit's right depends on the revision's scope, checked once it is known */
	enum status rc = act == ACT_WRITE_VALUES ? app_authorize_any(x, act, errs) : app_authorize(x, act, NULL, errs);
	if (rc != ST_OK)
		return rc;
	if (to != OBS_SUBMITTED && to != OBS_APPROVED && to != OBS_RETURNED && to != OBS_PUBLISHED)
		(void)app_refuse(errs, ST_INVALID, "to", "bad_value", "error.bad_status",
				 "a value moves to submitted, approved, returned or published");
	if (to == OBS_RETURNED && (!reason || str_trim(str_of(reason)).len == 0))
		(void)app_refuse(errs, ST_INVALID, "reason", "missing", "error.reason_missing", "a return needs a reason");
	else if (!app_text_is_valid(reason, APP_REASON_MAX_BYTES, 1))
		(void)app_refuse(errs, ST_INVALID, "reason", "bad_value", "error.bad_request",
				 "a reason is text of at most %d bytes", APP_REASON_MAX_BYTES);
	if ((rc = app_errors_status(errs)) != ST_OK)
		return rc;
	const struct plan *p;
	struct obs *o;
	rc = store_obs_get(x->store, x->arena, id, &o);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc != ST_OK)
		return rc;
	if (!authz_obs_visible(x->who, p, o))
		return ST_NOT_FOUND;
	if (act == ACT_WRITE_VALUES) {
		int ind = plan_find_indicator(p, o->indicator);
		struct scope sc = {ind >= 0 ? p->indicators[ind].owner_code : NULL, o->region};
		if ((rc = app_authorize(x, act, &sc, errs)) != ST_OK)
			return rc;
	}
	if (to == OBS_APPROVED && (rc = check_not_own(x, o, errs)) != ST_OK)
		return rc;
	rc = store_obs_transition(x->store, x->arena, id, to, reason, out);
	if (rc == ST_CONFLICT)
		return app_refuse(errs, rc, NULL, "conflict", NULL, "%s", store_errmsg(x->store));
	return rc;
}

/* The qualitative target of indicator ind in region reg, or -1. */
static int qualitative_target(const struct plan *p, int ind, int reg)
{
	for (size_t i = 0; i < p->n_targets; i++)
		if (p->targets[i].indicator == ind && p->targets[i].region == reg && p->targets[i].cmp == CMP_QUALITATIVE)
			return (int)i;
	return -1;
}

enum status app_target_review(struct app_ctx *x, const struct app_target_verdict *in, struct obs **out,
			      struct diag_list *errs)
{
	const struct plan *p;
	*out = NULL;
	enum status rc = app_authorize(x, ACT_REVIEW_VALUES, NULL, errs);
	if (rc == ST_OK)
		rc = app_plan(x, &p);
	if (rc != ST_OK)
		return rc;
	int ind = in->indicator ? plan_find_indicator(p, in->indicator) : -1;
	int reg = in->region ? plan_find_region(p, in->region) : -1;
	int ti = ind >= 0 && reg >= 0 ? qualitative_target(p, ind, reg) : -1;
	if (ind < 0)
		(void)app_refuse(errs, ST_INVALID, "indicator", "unknown_reference", "qreview.bad_indicator", "there is no such indicator");
	else if (reg < 0)
		(void)app_refuse(errs, ST_INVALID, "region", "unknown_reference", "qreview.bad_region", "there is no such region");
	else if (ti < 0)
		(void)app_refuse(errs, ST_INVALID, "indicator", "not_qualitative", "qreview.not_qualitative",
				 "the indicator has no qualitative target in that region: there is nothing to review");
	int64_t year = 0;
	if (ti >= 0 && (!in->year || !num_parse_int(str_of(in->year), VERDICT_YEAR_MIN, p->targets[ti].year, &year)))
		(void)app_refuse(errs, ST_INVALID, "year", "bad_year", "qreview.bad_year",
				 "the year judged must be a whole year, no later than the target year %d", p->targets[ti].year);
	int is_met = in->verdict && strcmp(in->verdict, "met") == 0;
	if (!is_met && !(in->verdict && strcmp(in->verdict, "not_met") == 0))
		(void)app_refuse(errs, ST_INVALID, "verdict", "bad_value", "qreview.bad_verdict", "the verdict is met or not_met");
	struct str reason = str_trim(str_of(in->reason ? in->reason : ""));
	if (reason.len == 0)
		(void)app_refuse(errs, ST_INVALID, "reason", "missing", "qreview.no_reason",
				 "give the reason: the milestones and evidence the verdict rests on");
	else if (!app_text_is_valid(in->reason, APP_VERDICT_REASON_MAX_BYTES, 1))
		(void)app_refuse(errs, ST_INVALID, "reason", "bad_value", "qreview.bad_reason",
				 "the reason is text of at most %d bytes", APP_VERDICT_REASON_MAX_BYTES);
	if ((rc = app_errors_status(errs)) != ST_OK)
		return rc;

	char period_text[16];
	struct period per;
	snprintf(period_text, sizeof(period_text), "%d", (int)year);
	if (!period_parse(period_text, strlen(period_text), &per))
		BUG("year %s does not parse as a period", period_text);
	struct obs_key key = {p->indicators[ind].code, p->regions[reg].code, period_text};
	struct obs *prev;
	rc = store_obs_latest(x->store, x->arena, &key, 1, &prev);
	if (rc != ST_OK)
		return rc;
	struct obs row = {
		.indicator = key.indicator,
		.region = key.region,
		.period = arena_strdup(x->arena, period_text),
		.period_t = period_time(&per),
		.revision = prev ? prev->revision + 1 : 1,
		.value = is_met ? 1 : 0,
		/* a verdict decides a target: under four eyes a second reviewer approves it */
		.status = app_four_eyes_holds(x, key.indicator) ? OBS_SUBMITTED : OBS_PUBLISHED,
		.note = arena_strndup(x->arena, reason.p, reason.len),
	};
	struct obs_batch batch = {.who = x->who->name, .action = "target.review"};
	long long batch_id;
	rc = store_obs_write(x->store, &batch, &row, 1, &batch_id);
	if (rc == ST_CONFLICT)
		return app_refuse(errs, rc, NULL, "conflict", NULL, "%s", store_errmsg(x->store));
	if (rc != ST_OK)
		return rc;
	return store_obs_latest(x->store, x->arena, &key, 1, out);
}

enum status app_review_queue(struct app_ctx *x, enum obs_status st, size_t offset, size_t limit, struct obs **rows,
			     size_t *n, size_t *total, struct diag_list *errs)
{
	*rows = NULL;
	*n = 0, *total = 0;
	enum status rc = app_authorize(x, ACT_REVIEW_VALUES, NULL, errs);
	if (rc != ST_OK)
		return rc;
	if (st == OBS_PUBLISHED)
		return app_refuse(errs, ST_INVALID, "status", "bad_value", "error.bad_status",
				  "published values wait for no review: ask for draft, submitted, approved or returned");
	if (limit == 0 || limit > APP_REVIEW_MAX)
		limit = APP_REVIEW_MAX;
	return store_obs_with_status(x->store, x->arena, st, offset, limit, rows, n, total);
}
