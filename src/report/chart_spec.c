/* chart_spec.c - the chart of one assessed target (series, target, required path,
 * projection) and a region's series as a chart series, shared by pages and reports. */
#include <math.h>
#include <string.h>

#include "report/chart_spec.h"
#include "report/fmt.h"
#include "base/banned.h"

struct chart_series chart_series_of(struct arena *a, const struct series *s, const char *label, double factor,
				    enum lang lang)
{
	double *xs = arena_alloc(a, (s->n + 1) * sizeof(double));
	double *ys = arena_alloc(a, (s->n + 1) * sizeof(double));
	const char **periods = arena_alloc(a, (s->n + 1) * sizeof(char *));
	const char **notes = NULL;
	for (size_t i = 0; i < s->n; i++) {
		xs[i] = chart_period_x(s->pts[i].period);
		ys[i] = s->pts[i].value * factor;
		periods[i] = s->pts[i].period;
		if (s->pts[i].is_continued) {
			if (!notes)
				notes = arena_calloc(a, s->n + 1, sizeof(*notes));
			notes[i] = i18n(lang, "ind.continued");
		}
	}
	return (struct chart_series){.label = label, .xs = xs, .ys = ys, .n = s->n, .periods = periods, .notes = notes};
}

/* Whether value v already meets level: the comparator's sense, else the indicator's better
 * direction. */
static int meets(double v, double level, const struct target *t, const struct indicator *d)
{
	int sense = cmp_sense(t->cmp);
	if (sense == 0)
		sense = d->direction;
	return sense < 0 ? v <= level : v >= level;
}

void chart_spec_target(struct chart_line_spec *spec, struct arena *a, const struct plan *p, const struct assess_row *row,
		       enum lang lang, int is_final, const char *id, double w, double h)
{
	const struct indicator *d = &p->indicators[row->indicator];
	const struct region *rg = &p->regions[row->region];
	const struct target *t = &p->targets[row->target];
	const struct assessment *x = &row->a;
	const char *name = i18n_pick(lang, d->name_zh, d->name_en);
	const char *where = i18n_pick(lang, rg->name_zh, rg->name_en);
	double f;
	const char *unit = fmt_unit_scaled(lang, d, &f);
	struct chart_series *cs = arena_alloc(a, sizeof(*cs));
	*cs = chart_series_of(a, &row->series, where, f, lang);
	struct buf tt;
	buf_init(&tt, 512);
	fmt_target(&tt, lang, t, d);
	memset(spec, 0, sizeof(*spec));
	spec->id = id;
	spec->title = arena_printf(a, "%s · %s", name, where);
	spec->desc = arena_printf(a, "%s %d: %s", i18n(lang, "dash.target"), t->year, buf_str(&tt));
	buf_release(&tt);
	spec->w = w;
	spec->h = h;
	spec->lang = lang;
	spec->unit = unit;
	spec->series = cs;
	spec->n_series = 1;
	spec->is_rank_axis = indicator_is_ranked(d);
	spec->levels = d->levels;
	spec->n_levels = d->n_levels;
	spec->empty_text = i18n(lang, "ind.no_values");
	double level;
	int is_path;
	if (assess_target_level(t, x, &level, &is_path)) {
		spec->has_target = 1;
		spec->target_x = chart_year_x(t->year);
		spec->target_y = level * f;
		spec->target_tip = spec->desc;
		spec->target_label = i18n(lang, "chart.target");
	}
	if (spec->has_target && is_path && row->series.n && isfinite(x->base_value)) {
		spec->has_path = 1;
		spec->path_x0 = chart_time_x(x->base_t, cs->periods, cs->n);
		/* A baseline that already meets the target needs no movement: the path holds the
		 * target's level rather than running from the baseline towards the worse side. */
		spec->path_y0 = (meets(x->base_value, level, t, d) ? level : x->base_value) * f;
		spec->path_x1 = spec->target_x, spec->path_y1 = level * f;
		spec->path_label = i18n(lang, "chart.required_path");
	}
	if (x->has_projection && !is_final && isfinite(x->projected_value)) {
		/* Forward from the last point: a month past the middle of the target year projects to
		 * the year's end. */
		double last_x = -INFINITY;
		for (size_t i = 0; i < cs->n; i++)
			if (isfinite(cs->xs[i]) && isfinite(cs->ys[i]))
				last_x = fmax(last_x, cs->xs[i]);
		spec->has_projection = 1;
		spec->projection_x = last_x >= chart_year_x(t->year) ? t->year + 1.0 : chart_year_x(t->year);
		spec->projection_y = x->projected_value * f;
		spec->projection_label = i18n(lang, "chart.projection");
		spec->projection_tip = spec->projection_label;
	}
}
