/* view_entry.c - the entry form's view (see view_entry.h). */
#include <string.h>

#include "app/view_entry.h"
#include "base/clock.h"
#include "core/period.h"
#include "base/banned.h"

/* Whether the principal may report for region g at all (department and unit reporters: any; a
 * region reporter: its own). Which cells they owe there is app_values_owed's answer. */
static int region_allowed(const struct app_ctx *x, const struct plan *p, size_t g)
{
	if (authz_is_department(x->who) || x->who->role == ROLE_UNIT_REPORTER)
		return 1;
	return x->who->region && strcmp(p->regions[g].code, x->who->region) == 0;
}

/* The given period, else last year: annual statistics are reported after the year ends. */
static const char *default_period(struct arena *a, const char *given)
{
	struct period per;
	if (given && period_parse(given, strlen(given), &per)) {
		char *t = arena_alloc(a, PERIOD_TEXT_MAX);
		period_format(&per, t);
		return t;
	}
	char now[32];
	clock_format_utc(clock_now(), now);
	return arena_printf(a, "%d", (now[0] - '0') * 1000 + (now[1] - '0') * 100 + (now[2] - '0') * 10 + (now[3] - '0') - 1);
}

enum status app_entry_view(struct app_ctx *x, const char *region, const char *period, const char *every,
			   struct entry_view *out, struct diag_list *errs)
{
	memset(out, 0, sizeof(*out));
	enum status rc = app_plan(x, &out->plan);
	if (rc != ST_OK)
		return rc;
	const struct plan *p = out->plan;
	out->may_region = arena_calloc(x->arena, p->n_regions + 1, 1);
	for (size_t g = 0; g < p->n_regions; g++)
		out->may_region[g] = (unsigned char)region_allowed(x, p, g);
	out->region = -1;
	if (region && *region) {
		int g = plan_find_region_any(p, region);
		if (g < 0 || !out->may_region[g])
			return ST_DENIED; /* never another region than the one named */
		out->region = g;
	}
	out->is_every = out->region >= 0 && every && strcmp(every, "1") == 0;
	out->period = default_period(x->arena, period);
	return app_values_owed(x, p, out->region, out->period, out->is_every, &out->cells, &out->n, errs);
}

enum status app_import_view(struct app_ctx *x, const struct upload *u, enum status rc, const struct import_result *res,
			    const struct diag_list *diags, int is_done, struct import_view *out)
{
	memset(out, 0, sizeof(*out));
	enum status prc = app_plan(x, &out->plan);
	if (prc != ST_OK)
		return prc;
	out->upload = u;
	out->rc = rc;
	out->res = res;
	out->diags = diags;
	out->is_done = is_done;
	out->commit_approves = app_upload_commit_status(x) == OBS_APPROVED;
	return ST_OK;
}
