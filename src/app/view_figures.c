/* view_figures.c - the view models of the read pages about the plan's figures (see
 * view_figures.h). */
#include <string.h>

#include "app/progress.h"
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

/* f from the progress pr. */
static void figures_of(const struct app_progress *pr, struct app_figures *f)
{
	f->who = pr->who;
	f->plan = pr->plan;
	f->cur = pr->cur;
	f->n_cur = pr->n_cur;
	f->rows = pr->rows;
	f->n_rows = pr->n_rows;
}

enum status app_figures_view(struct app_ctx *x, struct app_figures *out, struct diag_list *errs)
{
	struct app_progress pr;
	memset(out, 0, sizeof(*out));
	enum status rc = app_progress(x, -1, 0, &pr, errs);
	if (rc == ST_OK)
		figures_of(&pr, out);
	return rc;
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
	struct app_progress pr;
	memset(out, 0, sizeof(*out));
	enum status rc = app_progress(x, -1, APP_PROGRESS_TRENDS, &pr, errs);
	if (rc != ST_OK)
		return rc;
	figures_of(&pr, &out->f);
	out->trends = pr.trends;
	out->n_trends = pr.n_trends;
	return ST_OK;
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
	const struct obs *cur;
	size_t n_cur;
	memset(out, 0, sizeof(*out));
	enum status rc = begin(x, &who, &p, errs);
	if (rc == ST_OK)
		rc = app_current_values(x, p, who.view, &cur, &n_cur);
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

/* Whether revision b of a cell is a workflow move of revision a (store_obs_transition: the
 * next revision, the same value of the same batch, a move the workflow allows), not a new
 * value written. */
static int is_move(const struct obs *a, const struct obs *b)
{
	return b->revision == a->revision + 1 && b->batch_id == a->batch_id && b->value == a->value &&
	       obs_transition_allowed(a->status, b->status);
}

/* Who gave the verdict in effect of qualitative target row (its latest point) and who approved
 * it, from the cell's revisions: an approval is a move, a new revision of the same verdict by
 * the approver (submitted -> approved), and publishing is one more (approved -> published);
 * the revision the approval moved is the verdict as its reviewer gave it. */
static enum status verdict_by(struct app_ctx *x, const struct assess_row *row, struct app_verdict_by *out)
{
	const struct series_point *lp = NULL;
	for (size_t k = 0; k < row->series.n; k++)
		if (!lp || row->series.pts[k].t > lp->t)
			lp = &row->series.pts[k];
	if (!lp || !lp->obs)
		return ST_OK;
	const struct obs *o = lp->obs;
	struct obs *hist;
	size_t n, c = 0;
	enum status rc = store_obs_history(x->store, x->arena, o->indicator, o->region, o->period, &hist, &n);
	if (rc != ST_OK)
		return rc;
	while (c < n && hist[c].id != o->id)
		c++;
	out->verdict = o;
	out->given_by = o->created_by, out->given_at = o->created_at; /* taken effect as given */
	if (c == n)
		return ST_OK;
	/* back from the revision in effect over its moves: published <- approved <- submitted */
	size_t a = c;
	if (hist[a].status == OBS_PUBLISHED && a > 0 && hist[a - 1].status == OBS_APPROVED && is_move(&hist[a - 1], &hist[a]))
		a--;
	if (hist[a].status != OBS_APPROVED || a == 0 || !is_move(&hist[a - 1], &hist[a]))
		return ST_OK; /* written in effect at once */
	out->approved_by = hist[a].created_by, out->approved_at = hist[a].created_at;
	out->given_by = hist[a - 1].created_by, out->given_at = hist[a - 1].created_at;
	return ST_OK;
}

enum status app_indicator_view(struct app_ctx *x, int ind, int with_history, struct app_indicator_view *out,
			       struct diag_list *errs)
{
	struct app_progress pr;
	memset(out, 0, sizeof(*out));
	if (ind < 0) /* app_progress's -1 is every indicator */
		return ST_NOT_FOUND;
	enum status rc = app_progress(x, ind, APP_PROGRESS_TRENDS, &pr, errs);
	if (rc != ST_OK)
		return rc;
	const struct plan *p = pr.plan;
	const struct indicator *d = &p->indicators[ind];
	out->who = pr.who;
	out->plan = p;
	out->ind = ind;
	out->may_review = out->who.is_department;
	out->cur = pr.cur;
	out->n_cur = pr.n_cur;
	/* the values are sorted by indicator first (obs_current_cmp): its own are one run */
	size_t lo = 0, hi;
	while (lo < out->n_cur && strcmp(out->cur[lo].indicator, d->code) != 0)
		lo++;
	for (hi = lo; hi < out->n_cur && strcmp(out->cur[hi].indicator, d->code) == 0;)
		hi++;
	out->own = arena_calloc(x->arena, hi - lo + 1, sizeof(*out->own));
	for (size_t i = lo; i < hi; i++)
		if (authz_obs_visible(x->who, p, &out->cur[i]))
			out->own[out->n_own++] = out->cur[i];
	/* the indicator's targets, else its trend: the API's answer (app_progress) */
	out->rows = pr.rows;
	out->n_rows = pr.n_rows;
	out->trend = pr.n_trends ? &pr.trends[0] : NULL;
	out->verdicts = arena_calloc(x->arena, out->n_rows + 1, sizeof(*out->verdicts));
	for (size_t i = 0; i < out->n_rows; i++)
		if (p->targets[out->rows[i].target].cmp == CMP_QUALITATIVE &&
		    (rc = verdict_by(x, &out->rows[i], &out->verdicts[i])) != ST_OK)
			return rc;
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
