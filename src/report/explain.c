/* explain.c - assessments in words (see explain.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/explain.h"
#include "report/fmt.h"
#include "base/banned.h"

void i18n_fill(struct buf *b, const char *t, const char *const *keys, const char *const *values, size_t n)
{
	while (*t) {
		const char *open = strchr(t, '{');
		if (!open) {
			bw(b, t);
			return;
		}
		bwn(b, t, (size_t)(open - t));
		const char *close = strchr(open, '}');
		if (!close) {
			bw(b, open);
			return;
		}
		size_t klen = (size_t)(close - open - 1);
		int done = 0;
		for (size_t i = 0; i < n && !done; i++)
			if (strlen(keys[i]) == klen && strncmp(keys[i], open + 1, klen) == 0) {
				bw(b, values[i]);
				done = 1;
			}
		if (!done)
			bwn(b, open, (size_t)(close - open + 1));
		t = close + 1;
	}
}

enum { K_LATEST, K_PERIOD, K_TARGET, K_TARGET_YEAR, K_CAGR, K_REQUIRED, K_YEAR_MET, K_PROJECTED, K_SHORTFALL,
       K_YEARS, K_BASE, K_BASE_PERIOD, K_IMPLIED, K_CUMULATIVE, K_ACHIEVED, K_ELAPSED, K_N };

static const char *const key_names[K_N] = {"latest", "period", "target", "target_year", "cagr", "required",
					   "year_met", "projected", "shortfall", "years", "base", "base_period",
					   "implied", "cumulative", "achieved", "elapsed"};

static const char *value_text(struct arena *a, double v, enum obs_qualifier q, const struct indicator *ind,
			      enum lang lang)
{
	struct buf b;
	buf_init(&b, 256);
	bw(&b, obs_qualifier_mark(q));
	fmt_ind_value_unit(&b, lang, ind, v);
	const char *out = arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return out;
}

static const char *pct(struct arena *a, double v)
{
	return arena_printf(a, "%.1f%%", v * 100);
}

/* The message key of an assessment's status: the growth-rate sentences, or the kind's own when
 * its rule is not a growth rate (cumulative sums and ordinal classes by the linear pace,
 * reviewers' verdicts, trends without a target). NULL for no status. */
static const char *status_key(const struct target *t, const struct indicator *ind, const struct assessment *x)
{
	int is_linear = t && (t->cmp == CMP_CUMULATIVE_GE || ind->scale == SCALE_ORDINAL);
	if (x->status == PS_NO_STATUS)
		return NULL;
	if (!t)
		return "explain.trend";
	if (t->cmp == CMP_QUALITATIVE)
		return x->status == PS_MET ? "explain.review_met" : "explain.review_not_met";
	if (t->cmp == CMP_CUMULATIVE_GE)
		switch (x->status) {
		case PS_MET: return "explain.cumulative_met";
		case PS_NOT_MET: return "explain.cumulative_not_met";
		default: return x->projected_year_met ? "explain.cumulative_pace_year" : "explain.cumulative_pace";
		}
	switch (x->status) {
	case PS_MET: return x->is_final ? "explain.met_final" : "explain.met";
	case PS_NOT_MET:
		return cmp_is_annual(t->cmp) && x->n_years_short ? "explain.not_met_years"
		       : x->has_shortfall			   ? "explain.not_met_final"
								   : "explain.not_met";
	case PS_ON_TRACK:
	case PS_NEEDS_ACCELERATION:
	case PS_LIMITED:
		if (is_linear || !x->has_cagr)
			return x->has_ratio ? "explain.steps" : "explain.not_met";
		if (x->status == PS_ON_TRACK)
			return x->projected_year_met ? "explain.on_track_year" : "explain.on_track";
		if (x->status == PS_NEEDS_ACCELERATION)
			return x->projected_year_met ? "explain.needs_acceleration_year" : "explain.needs_acceleration";
		return x->projected_year_met ? "explain.limited_year" : "explain.limited";
	case PS_DETERIORATING: return is_linear || !x->has_cagr ? "explain.deteriorating_steps" : "explain.deteriorating";
	case PS_STABLE: return "explain.stable";
	case PS_NO_STATUS:
	default: return NULL;
	}
}

void explain_assessment(struct buf *b, enum lang lang, const struct plan *p, const struct assess_row *r)
{
	const struct assessment *x = &r->a;
	const struct target *t = r->target >= 0 ? &p->targets[r->target] : NULL;
	const struct indicator *ind = &p->indicators[r->indicator];
	struct arena *a = arena_new();
	const char *v[K_N] = {0};
	enum obs_qualifier q = QUAL_EXACT;
	for (size_t i = 0; i < r->series.n; i++)
		if (r->series.pts[i].t == x->latest_t)
			q = r->series.pts[i].qualifier;
	struct buf tb;
	buf_init(&tb, 256);
	if (t)
		fmt_target_in(&tb, lang, p, t, ind);
	v[K_TARGET] = arena_strdup(a, buf_str(&tb));
	buf_release(&tb);
	v[K_LATEST] = value_text(a, x->latest_value, q, ind, lang);
	v[K_PERIOD] = r->latest_period ? r->latest_period : "";
	v[K_TARGET_YEAR] = t ? arena_printf(a, "%d", t->year) : "";
	v[K_CAGR] = x->has_cagr ? pct(a, x->cagr_actual) : "";
	v[K_REQUIRED] = x->has_cagr_required ? pct(a, x->cagr_required) : "";
	v[K_YEAR_MET] = x->projected_year_met ? arena_printf(a, "%d", x->projected_year_met) : "";
	v[K_PROJECTED] = x->has_projection ? value_text(a, x->projected_value, QUAL_EXACT, ind, lang) : "";
	v[K_SHORTFALL] = x->has_shortfall ? value_text(a, fabs(x->shortfall), QUAL_EXACT, ind, lang) : "";
	struct buf yb;
	buf_init(&yb, 512);
	for (size_t i = 0; i < x->n_years_short; i++)
		bwf(&yb, "%s%d", i ? (lang == LANG_EN ? ", " : "、") : "", x->years_short[i]);
	v[K_YEARS] = arena_strdup(a, buf_str(&yb));
	buf_release(&yb);
	v[K_BASE] = value_text(a, x->base_value, QUAL_EXACT, ind, lang);
	v[K_BASE_PERIOD] = r->base_period ? r->base_period : "";
	v[K_IMPLIED] = x->has_implied_target ? value_text(a, x->implied_target, QUAL_EXACT, ind, lang) : "";
	v[K_CUMULATIVE] = x->has_cumulative ? value_text(a, x->cumulative, QUAL_EXACT, ind, lang) : "";
	v[K_ACHIEVED] = x->has_achievement ? pct(a, x->achievement) : "";
	v[K_ELAPSED] = x->has_elapsed ? pct(a, x->elapsed) : "";

	const char *key = status_key(t, ind, x);
	if (key) {
		i18n_fill(b, i18n(lang, key), key_names, v, K_N);
	} else {
		const char *reason = arena_printf(a, "reason.%s", x->reason ? x->reason : "no_data");
		i18n_fill(b, i18n(lang, reason), key_names, v, K_N);
	}
	if (key && x->has_implied_target) {
		if (lang == LANG_EN)
			bwc(b, ' ');
		i18n_fill(b, i18n(lang, "explain.implied"), key_names, v, K_N);
	}
	if (r->series.n > 0 && key && !x->is_final) {
		if (lang == LANG_EN) /* Chinese punctuation needs no space between sentences */
			bwc(b, ' ');
		i18n_fill(b, i18n(lang, "explain.rests_on"), key_names, v, K_N);
	}
	arena_free(a);
}

void explain_baseline(struct buf *b, enum lang lang, const struct plan *p, const struct assess_row *r)
{
	if (r->a.base_is_plan || r->series.n == 0)
		return;
	struct arena *a = arena_new();
	const struct indicator *ind = &p->indicators[r->indicator];
	const char *v[K_N] = {0};
	v[K_BASE] = value_text(a, r->a.base_value, QUAL_EXACT, ind, lang);
	v[K_BASE_PERIOD] = r->base_period ? r->base_period : "";
	i18n_fill(b, i18n(lang, "explain.baseline_earliest"), key_names, v, K_N);
	arena_free(a);
}

void explain_verdict(struct buf *b, enum lang lang, const struct plan *p, const struct assess_row *r)
{
	const struct judgement *j = &r->j;
	if (!j->is_final_phase) {
		explain_assessment(b, lang, p, r);
		return;
	}
	const struct target *t = &p->targets[r->target];
	const struct indicator *ind = &p->indicators[r->indicator];
	struct arena *a = arena_new();
	struct buf tb;
	buf_init(&tb, 256);
	fmt_target_in(&tb, lang, p, t, ind);
	const char *names[] = {"region", "proxy", "period", "value", "target_year", "note", "target", "outcome"};
	const char *v[8] = {0};
	v[0] = i18n_pick(lang, p->regions[r->region].name_zh, p->regions[r->region].name_en);
	v[1] = j->fig_region >= 0 ? i18n_pick(lang, p->regions[j->fig_region].name_zh, p->regions[j->fig_region].name_en) : "";
	v[2] = j->fig ? j->fig->period : r->latest_period ? r->latest_period : "";
	v[3] = j->fig ? value_text(a, j->fig->value, j->fig->qualifier, ind, lang)
	       : r->series.n ? value_text(a, r->a.latest_value, QUAL_EXACT, ind, lang) : "";
	v[4] = arena_printf(a, "%d", t->year);
	v[5] = j->basis == VB_PROXY ? i18n_pick(lang, t->proxy_note_zh, t->proxy_note_en) : "";
	v[6] = arena_strdup(a, buf_str(&tb));
	buf_release(&tb);
	switch (j->verdict) {
	case VERDICT_PROVISIONAL_MET:
	case VERDICT_PROVISIONAL_NOT_MET:
		v[7] = i18n(lang, j->verdict == VERDICT_PROVISIONAL_MET ? "report.stand_in.reached" : "report.stand_in.missed");
		i18n_fill(b, i18n(lang, j->basis == VB_PROXY ? "report.stand_in.proxy" : "report.stand_in.sub_annual"), names,
			  v, 8);
		break;
	case VERDICT_NO_FINAL:
		if (j->gap == VG_NO_FINAL_FIGURE && r->series.n > 0) {
			i18n_fill(b, i18n(lang, "report.final.no_final"), names, v, 8);
			if (lang == LANG_EN)
				bwc(b, ' ');
			bw(b, i18n(lang, "report.final.for_reference"));
			explain_assessment(b, lang, p, r);
		} else {
			i18n_fill(b, i18n(lang, arena_printf(a, "verdict.gap.%s", verdict_gap_name(j->gap))), names, v, 8);
		}
		break;
	case VERDICT_MET:
	case VERDICT_NOT_MET:
		/* a later figure than the deciding one (a plan that has ended, its figures going on):
		 * the verdict is the target year's, and so are its words; the latest is for reference */
		if (j->fig && r->latest_period && strcmp(j->fig->period, r->latest_period) != 0) {
			const char *fnames[] = {"period", "value", "target", "latest_period", "latest"};
			const char *fv[] = {j->fig->period, value_text(a, j->fig->value, j->fig->qualifier, ind, lang), v[6],
					    r->latest_period,
					    value_text(a, r->a.latest_value,
						       r->series.n ? r->series.pts[r->series.n - 1].qualifier : QUAL_EXACT, ind, lang)};
			i18n_fill(b, i18n(lang, j->verdict == VERDICT_MET ? "explain.final_at_met" : "explain.final_at_not_met"),
				  fnames, fv, 5);
			break;
		}
		explain_assessment(b, lang, p, r);
		break;
	case VERDICT_ON_TRACK:
	case VERDICT_OFF_TRACK:
	case VERDICT_NOT_ASSESSED:
	case VERDICT__COUNT:
	default:
		explain_assessment(b, lang, p, r);
		break;
	}
	arena_free(a);
}
