/* view_figures.c - the view models of the read pages about the plan's figures (see
 * view_figures.h). */
#include <string.h>

#include "app/view_figures.h"
#include "base/clock.h"
#include "store/store.h"
#include "base/banned.h"

/* The plan and the reader, after the right to read public pages. */
static enum status begin(struct app_ctx *x, struct app_reader *who, const struct plan **p, struct diag_list *errs)
{
	enum status rc = app_authorize(x, ACT_READ_PUBLIC, NULL, errs);
	if (rc == ST_OK)
		rc = app_plan(x, p);
	if (rc == ST_OK)
		app_reader_of(x, who);
	return rc;
}

enum status app_figures_view(struct app_ctx *x, struct app_figures *out, struct diag_list *errs)
{
	memset(out, 0, sizeof(*out));
	enum status rc = begin(x, &out->who, &out->plan, errs);
	if (rc == ST_OK)
		rc = store_obs_current(x->store, x->arena, NULL, NULL, out->who.view, &out->cur, &out->n_cur);
	if (rc != ST_OK)
		return rc;
	assess_plan_values(out->plan, out->cur, out->n_cur, assess_now_t(), x->arena, &out->rows, &out->n_rows);
	return ST_OK;
}

enum status app_dashboard_view(struct app_ctx *x, int region, struct app_dashboard_view *out, struct diag_list *errs)
{
	memset(out, 0, sizeof(*out));
	enum status rc = app_figures_view(x, &out->f, errs);
	if (rc != ST_OK)
		return rc;
	const struct plan *p = out->f.plan;
	if (region < -1 || region >= (int)p->n_regions)
		return ST_NOT_FOUND;
	out->region = region;
	char today[32], until[11];
	clock_format_shanghai(clock_now(), today);
	out->has_ended = plan_date_bound(p->info.valid_until, 1, until) && strncmp(today, until, 10) > 0;
	return app_sup_dashboard_view(x, &out->sup);
}

enum status app_plan_view(struct app_ctx *x, struct app_plan_view *out, struct diag_list *errs)
{
	memset(out, 0, sizeof(*out));
	enum status rc = app_figures_view(x, &out->f, errs);
	if (rc == ST_OK)
		assess_trend_values(out->f.plan, out->f.cur, out->f.n_cur, assess_now_t(), x->arena, &out->trends,
				    &out->n_trends);
	return rc;
}

static int year_of(const char *period)
{
	int y = 0;
	for (int i = 0; i < 4 && period[i] >= '0' && period[i] <= '9'; i++)
		y = y * 10 + (period[i] - '0');
	return y;
}

int app_status_has(const struct app_status_view *v, size_t ind, int year)
{
	return v->has[ind * (size_t)(v->last - v->first + 1) + (size_t)(year - v->first)];
}

enum status app_status_view(struct app_ctx *x, struct app_status_view *out, struct diag_list *errs)
{
	struct app_reader who;
	const struct plan *p;
	struct obs *cur;
	size_t n_cur;
	memset(out, 0, sizeof(*out));
	enum status rc = begin(x, &who, &p, errs);
	if (rc == ST_OK)
		rc = store_obs_current(x->store, x->arena, NULL, NULL, who.view, &cur, &n_cur);
	if (rc != ST_OK)
		return rc;
	out->plan = p;
	/* the plan's years, widened to the figures held, the latest APP_STATUS_MAX_YEARS of them */
	int lo = p->info.base_year ? p->info.base_year : p->info.target_year, hi = p->info.target_year;
	for (size_t i = 0; i < n_cur; i++) {
		int y = year_of(cur[i].period);
		if (y >= 1900 && authz_obs_visible(x->who, p, &cur[i]))
			lo = y < lo ? y : lo, hi = y > hi ? y : hi;
	}
	out->last = hi;
	out->first = hi - lo + 1 > APP_STATUS_MAX_YEARS ? hi - APP_STATUS_MAX_YEARS + 1 : lo;
	size_t n_years = (size_t)(out->last - out->first + 1);
	out->has = arena_calloc(x->arena, p->n_indicators * n_years + 1, 1);
	out->latest = out->first;
	for (size_t i = 0; i < n_cur; i++) {
		int y = year_of(cur[i].period), ind = plan_find_indicator(p, cur[i].indicator);
		if (ind < 0 || y < out->first || y > out->last || !authz_obs_visible(x->who, p, &cur[i]))
			continue;
		out->has[(size_t)ind * n_years + (size_t)(y - out->first)] = 1;
		out->latest = y > out->latest ? y : out->latest;
	}
	return ST_OK;
}

enum status app_indicator_view(struct app_ctx *x, int ind, int with_history, struct app_indicator_view *out,
			       struct diag_list *errs)
{
	memset(out, 0, sizeof(*out));
	enum status rc = begin(x, &out->who, &out->plan, errs);
	if (rc != ST_OK)
		return rc;
	const struct plan *p = out->plan;
	if (ind < 0 || ind >= (int)p->n_indicators)
		return ST_NOT_FOUND;
	const struct indicator *d = &p->indicators[ind];
	out->ind = ind;
	out->may_review = out->who.is_department;
	rc = store_obs_current(x->store, x->arena, indicator_reads_others(d) ? NULL : d->code, NULL, out->who.view,
			       &out->cur, &out->n_cur);
	if (rc != ST_OK)
		return rc;
	out->own = arena_calloc(x->arena, out->n_cur + 1, sizeof(*out->own));
	for (size_t i = 0; i < out->n_cur; i++)
		if (strcmp(out->cur[i].indicator, d->code) == 0 && authz_obs_visible(x->who, p, &out->cur[i]))
			out->own[out->n_own++] = out->cur[i];
	/* the indicator's targets, judged from the same values (assess_indicator without a second read) */
	struct assess_row *all;
	size_t n_all;
	assess_plan_values(p, out->cur, out->n_cur, assess_now_t(), x->arena, &all, &n_all);
	out->rows = arena_calloc(x->arena, n_all + 1, sizeof(*out->rows));
	for (size_t i = 0; i < n_all; i++)
		if (all[i].indicator == ind)
			out->rows[out->n_rows++] = all[i];
	if (out->n_rows == 0) {
		struct assess_row *trends;
		size_t n_trends;
		assess_trend_values(p, out->cur, out->n_cur, assess_now_t(), x->arena, &trends, &n_trends);
		for (size_t i = 0; i < n_trends; i++)
			if (trends[i].indicator == ind)
				out->trend = &trends[i];
	}
	if (!with_history)
		return ST_OK;
	struct obs *hist;
	size_t n_hist;
	rc = store_obs_history(x->store, x->arena, d->code, NULL, NULL, &hist, &n_hist);
	if (rc != ST_OK)
		return rc;
	/* drafts and values under review stay within their unit/region and the department */
	out->history = arena_calloc(x->arena, n_hist + 1, sizeof(*out->history));
	for (size_t i = 0; i < n_hist; i++)
		if (authz_obs_visible(x->who, p, &hist[i]))
			out->history[out->n_history++] = hist[i];
	return ST_OK;
}
