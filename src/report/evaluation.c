/* evaluation.c - building the evaluation report's model from the store (see evaluation.h).
 * Reads the plan, the current values up to the period, the revisions awaiting review and the
 * audit chain's head; assesses every target on those values; derives verdicts, the attention
 * list, groups, actions, scorecards, data-quality notes and the detail table. No output. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "core/rules.h"
#include "core/series.h"
#include "core/plan_facts.h"
#include "report/evaluation.h"
#include "store/store.h"
#include "base/banned.h"


int eval_attention_tier(const struct eval_target *t)
{
	const struct assessment *a = &t->row.a;
	switch (t->verdict) {
	case VERDICT_MET:
	case VERDICT_ON_TRACK:
	case VERDICT_PROVISIONAL_MET:
	case VERDICT__COUNT:
		return -1;
	case VERDICT_NOT_MET:
		return 0;
	case VERDICT_PROVISIONAL_NOT_MET:
		return 1;
	case VERDICT_OFF_TRACK:
		if (a->status == PS_DETERIORATING || a->status == PS_NOT_MET)
			return 1;
		return a->status == PS_LIMITED ? 2 : 3;
	case VERDICT_NO_FINAL:
		if (a->status == PS_MET)
			return -1; /* the latest figure is already at the target: waits for confirmation */
		return t->row.series.n > 0 ? 4 : 5;
	case VERDICT_NOT_ASSESSED:
	default:
		return t->row.series.n > 0 ? 4 : 5;
	}
}

/* ---- values up to the period ------------------------------------------------------------ */

static int obs_in_period(const struct obs *o, const struct period *per)
{
	struct period op;
	if (!period_parse(o->period, strlen(o->period), &op))
		return 0;
	return period_cmp(&op, per) <= 0;
}

/* Keep, in place and in order, the values of vals[0..n) of periods ending by per and of p's own
 * indicators and regions (a store holds several plans, each reported on alone); their count. */
static size_t keep_until(const struct plan *p, struct obs *vals, size_t n, const struct period *per)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (obs_in_period(&vals[i], per) && plan_find_indicator(p, vals[i].indicator) >= 0 &&
		    plan_find_region(p, vals[i].region) >= 0)
			vals[k++] = vals[i];
	return k;
}

/* ---- targets, verdicts and the attention list ---------------------------------------------- */

static const struct obs *latest_obs_of(const struct assess_row *r)
{
	for (size_t i = 0; i < r->series.n; i++)
		if (r->series.pts[i].t == r->a.latest_t)
			return r->series.pts[i].obs;
	return NULL;
}

static int attention_before(const struct eval_target *x, int xi, const struct eval_target *y, int yi)
{
	int tx = eval_attention_tier(x), ty = eval_attention_tier(y);
	if (tx != ty)
		return tx < ty;
	int hx = x->row.a.has_score, hy = y->row.a.has_score;
	if (hx != hy)
		return !hx; /* no score (nothing to judge by) before a score */
	if (hx && x->row.a.score != y->row.a.score)
		return x->row.a.score < y->row.a.score;
	return xi < yi;
}

static void build_targets(struct evaluation *ev, struct arena *a, const struct assess_row *rows, size_t n)
{
	const struct plan *p = ev->plan;
	ev->targets = arena_calloc(a, n + 1, sizeof(*ev->targets));
	ev->n_targets = n;
	for (size_t i = 0; i < n; i++) {
		struct eval_target *t = &ev->targets[i];
		t->row = rows[i];
		t->is_final_period = rows[i].j.is_final_phase;
		t->is_headline = p->indicators[rows[i].indicator].is_headline;
		t->verdict = rows[i].j.verdict;
		t->latest_obs = latest_obs_of(&rows[i]);
		ev->n_verdict_all[t->verdict]++;
		if (!t->is_headline)
			continue;
		ev->n_headline++;
		ev->n_verdict[t->verdict]++;
		if (t->verdict == VERDICT_NO_FINAL && t->row.a.status == PS_MET)
			ev->n_no_final_at_target++;
	}
	for (size_t k = 0; k < 3; k++)
		ev->attention[k] = -1;
	for (size_t k = 0; k < 3; k++) {
		int best = -1;
		for (size_t i = 0; i < n; i++) {
			const struct eval_target *t = &ev->targets[i];
			if (!t->is_headline || t->attention || eval_attention_tier(t) < 0)
				continue;
			if (best < 0 || attention_before(t, (int)i, &ev->targets[best], best))
				best = (int)i;
		}
		if (best < 0)
			break;
		ev->attention[k] = best;
		ev->targets[best].attention = (int)k + 1;
	}
}

/* ---- goal groups, actions, units -------------------------------------------------------- */

static void build_groups(struct evaluation *ev, struct arena *a)
{
	const struct plan *p = ev->plan;
	ev->groups = arena_calloc(a, p->n_goals + 1, sizeof(*ev->groups));
	ev->n_groups = p->n_goals;
	double *scores = arena_alloc(a, (ev->n_targets + 1) * sizeof(double));
	for (size_t g = 0; g < p->n_goals; g++) {
		struct eval_group *gr = &ev->groups[g];
		gr->goal = (int)g;
		gr->targets = arena_alloc(a, (ev->n_targets + 1) * sizeof(int));
		size_t n_scored = 0;
		for (size_t i = 0; i < ev->n_targets; i++) {
			const struct eval_target *t = &ev->targets[i];
			if (p->indicators[t->row.indicator].goal != (int)g)
				continue;
			gr->targets[gr->n_targets++] = (int)i;
			gr->n_verdict[t->verdict]++;
			if (t->row.a.has_score)
				scores[n_scored++] = t->row.a.score;
		}
		gr->has_score = n_scored > 0;
		gr->score = progress_group_score(scores, n_scored);
		gr->status = gr->has_score ? progress_status_of_score(gr->score) : PS_NO_STATUS;
	}
}

/* Units of measure m with role, in the plan's 责任单位 order. */
static int *units_of(const struct plan *p, struct arena *a, int m, enum resp_role role, size_t *n)
{
	int *out = arena_alloc(a, (p->n_resps + 1) * sizeof(int));
	int *pos = arena_alloc(a, (p->n_resps + 1) * sizeof(int));
	*n = 0;
	for (size_t i = 0; i < p->n_resps; i++) {
		const struct responsibility *x = &p->resps[i];
		if (x->measure != m || x->role != role)
			continue;
		size_t k = (*n)++;
		while (k > 0 && pos[k - 1] > x->position) {
			out[k] = out[k - 1];
			pos[k] = pos[k - 1];
			k--;
		}
		out[k] = x->unit;
		pos[k] = x->position;
	}
	return out;
}

static void build_actions(struct evaluation *ev, struct arena *a)
{
	const struct plan *p = ev->plan;
	ev->actions = arena_calloc(a, p->n_actions + 1, sizeof(*ev->actions));
	ev->n_actions = p->n_actions;
	for (size_t ai = 0; ai < p->n_actions; ai++) {
		struct eval_action *ac = &ev->actions[ai];
		ac->action = (int)ai;
		ac->measures = arena_calloc(a, p->n_measures + 1, sizeof(*ac->measures));
		for (size_t mi = 0; mi < p->n_measures; mi++) {
			if (p->measures[mi].action != (int)ai)
				continue;
			struct eval_measure *m = &ac->measures[ac->n_measures++];
			m->measure = (int)mi;
			m->leads = units_of(p, a, (int)mi, ROLE_LEAD, &m->n_leads);
			m->cos = units_of(p, a, (int)mi, ROLE_CO, &m->n_cos);
			m->targets = arena_alloc(a, (ev->n_targets + 1) * sizeof(int));
			for (size_t i = 0; i < ev->n_targets; i++)
				if (p->indicators[ev->targets[i].row.indicator].measure == (int)mi)
					m->targets[m->n_targets++] = (int)i;
		}
	}
}

static int unit_leads(const struct plan *p, int unit, int measure)
{
	for (size_t i = 0; i < p->n_resps; i++)
		if (p->resps[i].unit == unit && p->resps[i].measure == measure && p->resps[i].role == ROLE_LEAD)
			return 1;
	return 0;
}

static void build_units(struct evaluation *ev, struct arena *a)
{
	const struct plan *p = ev->plan;
	ev->units = arena_calloc(a, p->n_units + 1, sizeof(*ev->units));
	for (size_t u = 0; u < p->n_units; u++) {
		struct eval_unit x = {(int)u, 0, 0, 0, {0}};
		for (size_t i = 0; i < p->n_resps; i++)
			if (p->resps[i].unit == (int)u) {
				if (p->resps[i].role == ROLE_LEAD)
					x.n_lead++;
				else
					x.n_co++;
			}
		for (size_t i = 0; i < ev->n_targets; i++) {
			const struct indicator *ind = &p->indicators[ev->targets[i].row.indicator];
			if (ind->owner == (int)u || (ind->measure >= 0 && unit_leads(p, (int)u, ind->measure))) {
				x.n_linked++;
				x.n_verdict[ev->targets[i].verdict]++;
			}
		}
		if (x.n_lead + x.n_co + x.n_linked > 0)
			ev->units[ev->n_units++] = x;
	}
}

/* ---- the detail table and discrepancies --------------------------------------------------- */

/* A new note of kind to fill in: kept while its kind has fewer than EVAL_NOTES_LISTED, else
 * counted only (the caller fills in a spare). */
static struct eval_note *note_add(struct evaluation *ev, size_t *cap, struct arena *a, enum eval_note_kind kind)
{
	struct eval_note *x = &ev->note_spare;
	ev->n_note_kind[kind]++;
	if (ev->n_note_listed[kind] < EVAL_NOTES_LISTED) {
		ev->n_note_listed[kind]++;
		if (ev->n_notes == *cap) {
			size_t ncap = *cap ? *cap * 2 : 64;
			struct eval_note *n = arena_alloc(a, ncap * sizeof(*n));
			if (ev->n_notes)
				memcpy(n, ev->notes, ev->n_notes * sizeof(*n));
			ev->notes = n;
			*cap = ncap;
		}
		x = &ev->notes[ev->n_notes++];
	}
	memset(x, 0, sizeof(*x));
	x->kind = kind;
	x->indicator = x->region = x->target = x->rule = x->other_region = -1;
	return x;
}

static int target_of(const struct evaluation *ev, int ind, int reg)
{
	for (size_t i = 0; i < ev->n_targets; i++)
		if (ev->targets[i].row.indicator == ind && ev->targets[i].row.region == reg)
			return (int)i;
	return -1;
}

static void build_detail(struct evaluation *ev, struct arena *a, size_t *note_cap)
{
	const struct plan *p = ev->plan;
	ev->year_last = ev->per.year;
	ev->year_first = ev->per.year;
	for (size_t i = 0; i < ev->n_values; i++) {
		struct period op;
		if (period_parse(ev->values[i].period, strlen(ev->values[i].period), &op) && op.year < ev->year_first)
			ev->year_first = op.year;
	}
	size_t n_years = (size_t)(ev->year_last - ev->year_first + 1);
	ev->detail = arena_alloc(a, (p->n_indicators * p->n_regions + 1) * sizeof(*ev->detail));
	ev->n_detail = 0;
	const struct series_input in = series_input_of(ev->values, ev->n_values);
	for (size_t ind = 0; ind < p->n_indicators; ind++) {
		/* each series finds its own values (a formula's and a continued series' those they
		 * read, as the assessment does: the table and the verdicts agree), by binary search
		 * in store_obs_current's order */
		for (size_t reg = 0; reg < p->n_regions; reg++) {
			struct series s;
			series_build_from(p, &in, (int)ind, (int)reg, a, &s);
			for (size_t k = 0; k < s.n_disc; k++) {
				struct eval_note *nt = note_add(ev, note_cap, a, s.disc[k].is_formula ? EN_FORMULA_DIFF : EN_DISCREPANCY);
				nt->indicator = (int)ind, nt->region = (int)reg;
				nt->period = s.disc[k].period;
				nt->value = s.disc[k].reported, nt->other = s.disc[k].summed;
			}
			int ti = target_of(ev, (int)ind, (int)reg);
			if (s.n == 0 && ti < 0)
				continue;
			struct eval_detail_row *d = &ev->detail[ev->n_detail++];
			d->indicator = (int)ind, d->region = (int)reg, d->target = ti;
			d->has = arena_calloc(a, n_years, sizeof(int));
			d->values = arena_calloc(a, n_years, sizeof(double));
			d->quals = arena_calloc(a, n_years, sizeof(enum obs_qualifier));
			d->periods = arena_calloc(a, n_years, sizeof(const char *));
			d->obs = arena_calloc(a, n_years, sizeof(const struct obs *));
			d->is_formula = arena_calloc(a, n_years, sizeof(int));
			/* a year's value is its point with the greatest time: the full-year figure beats a
			 * snapshot of the same year (as annual>= judges years, docs/methodology.md 5) */
			for (size_t k = 0; k < s.n; k++) {
				int y = s.pts[k].year;
				if (y < ev->year_first || y > ev->year_last)
					continue;
				size_t yi = (size_t)(y - ev->year_first);
				d->has[yi] = 1;
				d->values[yi] = s.pts[k].value;
				d->quals[yi] = s.pts[k].qualifier;
				d->periods[yi] = s.pts[k].period;
				d->obs[yi] = s.pts[k].obs;
				d->is_formula[yi] = s.pts[k].is_formula;
			}
		}
	}
}

/* ---- the figures the report shows ------------------------------------------------------ */

/* Mark the value o (a pointer into ev->values, or another's: then nothing) as shown. */
static void mark(struct evaluation *ev, const struct obs *o)
{
	if (!o || o < ev->values || o >= ev->values + ev->n_values)
		return;
	size_t i = (size_t)(o - ev->values);
	ev->n_shown += !ev->is_shown[i];
	ev->is_shown[i] = 1;
}

/* The revisions behind a row's figures: every point of its series (is_charted: a target's
 * chart draws them all), else its base and latest. */
static void mark_row(struct evaluation *ev, const struct assess_row *row, int is_charted)
{
	for (size_t k = 0; k < row->series.n; k++) {
		const struct series_point *pt = &row->series.pts[k];
		if (is_charted || (row->base_period && strcmp(pt->period, row->base_period) == 0) ||
		    (row->latest_period && strcmp(pt->period, row->latest_period) == 0))
			mark(ev, pt->obs);
	}
}

/* Which values the report's tables show: what its sources annex cites, however many values
 * the store holds (monthly figures over decades would otherwise fill thousands of pages). */
static void mark_shown(struct evaluation *ev, struct arena *a)
{
	ev->is_shown = arena_calloc(a, ev->n_values + 1, 1);
	ev->n_shown = 0;
	for (size_t i = 0; i < ev->n_targets; i++)
		mark_row(ev, &ev->targets[i].row, 1);
	for (size_t i = 0; i < ev->n_trends; i++)
		mark_row(ev, &ev->trends[i], 0);
	size_t n_years = (size_t)(ev->year_last - ev->year_first + 1);
	for (size_t i = 0; i < ev->n_detail; i++)
		for (size_t y = 0; y < n_years; y++)
			if (ev->detail[i].has[y])
				mark(ev, ev->detail[i].obs[y]);
}

/* ---- data-quality notes ---------------------------------------------------------------- */

static void notes_targets(struct evaluation *ev, struct arena *a, size_t *cap)
{
	for (size_t i = 0; i < ev->n_targets; i++) {
		const struct eval_target *t = &ev->targets[i];
		int want_year = t->is_final_period ? ev->plan->targets[t->row.target].year : ev->per.year;
		int has_year = t->row.series.n > 0 && t->row.a.latest_t >= (double)want_year;
		if (!has_year) {
			struct eval_note *nt = note_add(ev, cap, a, t->is_final_period ? EN_MISSING_FINAL : EN_MISSING_PERIOD);
			nt->indicator = t->row.indicator, nt->region = t->row.region, nt->target = (int)i;
			nt->period = t->row.latest_period;
		}
		if (t->row.series.n > 0 && !t->row.a.base_is_plan) {
			struct eval_note *nt = note_add(ev, cap, a, EN_BASELINE);
			nt->indicator = t->row.indicator, nt->region = t->row.region, nt->target = (int)i;
			nt->period = t->row.base_period;
			nt->value = t->row.a.base_value;
		}
	}
}

static enum status notes_pending(struct evaluation *ev, struct store *s, struct arena *a, size_t *cap,
				 const struct principal *reader)
{
	static const enum obs_status pending[] = {OBS_SUBMITTED, OBS_DRAFT, OBS_RETURNED};
	for (size_t k = 0; k < sizeof(pending) / sizeof(pending[0]); k++) {
		struct obs *rows;
		size_t n;
		enum status rc = store_obs_with_status(s, a, pending[k], 0, 0, &rows, &n, NULL);
		if (rc != ST_OK)
			return rc;
		for (size_t i = 0; i < n; i++) {
			if (!obs_in_period(&rows[i], &ev->per) || (reader && !authz_obs_visible(reader, ev->plan, &rows[i])))
				continue;
			int ind = plan_find_indicator(ev->plan, rows[i].indicator);
			int reg = plan_find_region(ev->plan, rows[i].region);
			if (ind < 0 || reg < 0)
				continue;
			struct eval_note *nt = note_add(ev, cap, a, EN_PENDING);
			nt->indicator = ind, nt->region = reg;
			nt->period = rows[i].period;
			nt->detail = obs_status_name(rows[i].status);
			nt->value = rows[i].value;
		}
	}
	return ST_OK;
}

static void notes_rules(struct evaluation *ev, struct arena *a, size_t *cap)
{
	const struct plan *p = ev->plan;
	struct cell *cells = arena_alloc(a, (ev->n_values + 1) * sizeof(*cells));
	size_t m = 0;
	for (size_t i = 0; i < ev->n_values; i++) {
		const struct obs *o = &ev->values[i];
		struct cell x = {plan_find_indicator(p, o->indicator), plan_find_region(p, o->region), {0, PERIOD_YEAR, 0},
				 o->value, o->qualifier, 0, (long)i};
		if (x.indicator >= 0 && x.region >= 0 && period_parse(o->period, strlen(o->period), &x.period))
			cells[m++] = x;
	}
	struct violation *v = arena_alloc(a, EVAL_NOTES_LISTED * sizeof(*v));
	size_t n_found = rules_check(p, cells, m, 0, a, v, EVAL_NOTES_LISTED);
	size_t nv = n_found < EVAL_NOTES_LISTED ? n_found : EVAL_NOTES_LISTED;
	ev->n_note_kind[EN_RULE] += n_found - nv; /* counted, not listed */
	for (size_t i = 0; i < nv; i++) {
		const struct obs *o = &ev->values[cells[v[i].cell].ref];
		struct eval_note *nt = note_add(ev, cap, a, EN_RULE);
		nt->indicator = cells[v[i].cell].indicator, nt->region = cells[v[i].cell].region;
		nt->period = o->period;
		nt->rule = v[i].rule;
		nt->is_warning = v[i].is_warning;
		nt->detail = arena_strdup(a, v[i].message);
		nt->value = o->value;
		if (v[i].other != (size_t)-1 && v[i].other < m) {
			const struct obs *x = &ev->values[cells[v[i].other].ref];
			nt->other = x->value;
			nt->other_period = x->period;
			nt->other_region = cells[v[i].other].region;
		}
	}
}

/* ---- provenance ------------------------------------------------------------------------ */

static enum status build_provenance(struct evaluation *ev, struct store *s, struct arena *a)
{
	struct eval_provenance *pv = &ev->prov;
	pv->plan_code = ev->plan->info.code;
	pv->plan_version = ev->plan->info.version;
	struct plan_version_row *vr;
	size_t n_vr;
	enum status rc = store_plan_versions(s, a, &vr, &n_vr);
	if (rc != ST_OK)
		return rc;
	for (size_t i = 0; i < n_vr; i++)
		if (strcmp(vr[i].code, pv->plan_code) == 0 && vr[i].version == pv->plan_version) {
			pv->plan_digest = vr[i].digest;
			pv->plan_loaded_at = vr[i].loaded_at;
		}
	long long first_bad = 0;
	const char *head = NULL, *why = NULL;
	rc = store_audit_verify(s, a, &pv->n_audit_events, &first_bad, &head, &why);
	if (rc != ST_OK)
		return rc;
	pv->audit_head = head ? head : "";
	pv->audit_intact = first_bad == 0;
	pv->generated = clock_now();
	char utc[32], local[32];
	clock_format_utc(pv->generated, utc);
	clock_format_shanghai(pv->generated, local);
	pv->generated_utc = arena_strdup(a, utc);
	pv->generated_local = arena_strdup(a, local);
	pv->generated_date = arena_strndup(a, local, 10);
	pv->n_values = ev->n_values;
	return ST_OK;
}

/* Who prepares the report when no organisation is set: the unit owning most headline
 * indicators (the monitoring department; the first such unit in plan order on a tie), else the
 * site. Never the plan's issuer: the issuer set the targets, it does not evaluate itself. */
static void default_issuer(struct evaluation *ev, const struct eval_options *opts)
{
	const struct plan *p = ev->plan;
	int best = -1;
	size_t best_n = 0;
	for (size_t u = 0; u < p->n_units; u++) {
		size_t n = 0;
		for (size_t i = 0; i < p->n_indicators; i++)
			n += p->indicators[i].is_headline && p->indicators[i].owner == (int)u;
		if (n > best_n) {
			best_n = n;
			best = (int)u;
		}
	}
	if (best >= 0) {
		ev->issuer_zh = p->units[best].name_zh;
		ev->issuer_en = p->units[best].name_en;
	} else {
		ev->issuer_zh = opts->site_name_zh && *opts->site_name_zh ? opts->site_name_zh : "—";
		ev->issuer_en = opts->site_name_en && *opts->site_name_en ? opts->site_name_en : ev->issuer_zh;
	}
}

enum status evaluation_build(struct store *s, struct arena *a, const struct eval_options *opts,
			     struct evaluation *out)
{
	memset(out, 0, sizeof(*out));
	if (!opts->period || !period_parse(opts->period, strlen(opts->period), &out->per))
		return ST_INVALID;
	char text[PERIOD_TEXT_MAX];
	period_format(&out->per, text);
	out->period = arena_strdup(a, text);
	struct plan *p;
	enum status rc = store_plan_get(s, a, opts->plan_code, 0, &p);
	if (rc != ST_OK)
		return rc;
	out->plan = p;
	/* a period after the plan's last year has nothing of the plan to evaluate: its final
	 * evaluation is of that last year */
	if (out->per.year > plan_last_year(p))
		return ST_CONFLICT;
	int target_year = p->info.target_year;
	for (size_t i = 0; i < p->n_targets; i++)
		if (p->targets[i].year > target_year)
			target_year = p->targets[i].year;
	out->is_final = target_year > 0 && period_time(&out->per) >= (double)target_year;
	out->prov.view = opts->is_public ? OBS_VIEW_PUBLIC : opts->view;
	out->prov.is_public = opts->is_public;
	if (opts->issuer_zh && *opts->issuer_zh) {
		out->issuer_zh = opts->issuer_zh;
		out->issuer_en = opts->issuer_en && *opts->issuer_en ? opts->issuer_en : opts->issuer_zh;
	} else {
		default_issuer(out, opts);
	}

	struct obs *vals;
	size_t n_vals;
	/* the values up to the period's end (keep_until decides a period ending with it) */
	rc = store_obs_current_until(s, a, period_time(&out->per) + 1e-9, out->prov.view, &vals, &n_vals);
	if (rc != ST_OK)
		return rc;
	n_vals = keep_until(p, vals, n_vals, &out->per);
	out->values = vals;
	out->n_values = n_vals;

	struct assess_row *rows;
	size_t n_rows;
	assess_plan_values(p, vals, n_vals, period_time(&out->per), a, &rows, &n_rows);
	build_targets(out, a, rows, n_rows);
	assess_trend_values(p, vals, n_vals, period_time(&out->per), a, &out->trends, &out->n_trends);
	build_groups(out, a);
	build_actions(out, a);
	build_units(out, a);

	rc = opts->is_public ? ST_OK : evaluation_build_supervision(out, s, a);
	if (rc == ST_OK)
		rc = evaluation_build_firms(out, s, a);
	if (rc != ST_OK)
		return rc;

	size_t note_cap = 0;
	notes_targets(out, a, &note_cap);
	rc = opts->is_public ? ST_OK : notes_pending(out, s, a, &note_cap, opts->reader);
	if (rc != ST_OK)
		return rc;
	notes_rules(out, a, &note_cap);
	build_detail(out, a, &note_cap);
	mark_shown(out, a);
	return build_provenance(out, s, a);
}
