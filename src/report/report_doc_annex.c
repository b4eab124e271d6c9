/* report_doc_annex.c - the back of the evaluation report (see report_doc.h): the data-quality
 * notes, the methodology annex generated from the constants progress.c applies
 * (progress_constants), the 建设指标细化表 of every indicator x region x year, the sources of
 * every figure, and the store state the report was drawn from. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/period.h"
#include "core/series.h"
#include "report/fmt.h"
#include "report/report_doc_int.h"
#include "base/banned.h"

/* ---- data-quality notes ---------------------------------------------------------------- */

static size_t count_kind(const struct evaluation *ev, enum eval_note_kind k)
{
	return ev->n_note_kind[k];
}

/* The notes of kind k a table lists: the first EVAL_NOTES_LISTED; when there are more, a
 * paragraph before the table says how many are left out (*note: its text, else NULL). */
static size_t listed_kind(struct docb *b, enum eval_note_kind k, const char **note)
{
	const struct evaluation *ev = b->ev;
	size_t listed = ev->n_note_listed[k], all = ev->n_note_kind[k];
	*note = NULL;
	if (listed < all) {
		const char *names[] = {"listed", "rest"};
		const char *values[] = {db_printf(b, "%zu", listed), db_printf(b, "%zu", all - listed)};
		*note = db_fill(b, "report.quality.listed", names, values, 2);
		db_para(b, *note);
	}
	return listed;
}

static void missing_table(struct docb *b, enum eval_note_kind kind)
{
	const struct evaluation *ev = b->ev;
	static const char *const heads[] = {"report.col.indicator", "report.col.region", "report.col.target",
					    "report.col.latest", "report.col.basis"};
	static const double widths[] = {34, 12, 24, 18, 12};
	static const int numeric[] = {0, 0, 0, 1, 0};
	const char *note;
	size_t n_listed = listed_kind(b, kind, &note); /* its paragraph comes before the table */
	struct doc_table *t = db_table(b, db_t(b, "report.sheet.missing"),
				       db_t(b, kind == EN_MISSING_FINAL ? "report.cap.missing_final" : "report.cap.missing_period"),
				       5, n_listed, heads, widths, numeric);
	t->note = note;
	size_t row = 0;
	for (size_t i = 0; i < ev->n_notes; i++) {
		const struct eval_note *n = &ev->notes[i];
		if (n->kind != kind)
			continue;
		const struct eval_target *et = &ev->targets[n->target];
		const struct indicator *ind = &b->p->indicators[n->indicator];
		cell_text(db_cell(t, row, 0), db_ind_name(b, n->indicator));
		cell_text(db_cell(t, row, 1), db_region_name(b, n->region));
		cell_text(db_cell(t, row, 2), db_target_year(b, et->row.target));
		if (et->row.series.n > 0) {
			cell_value(b, db_cell(t, row, 3), et->row.a.latest_value,
				   et->latest_obs ? et->latest_obs->qualifier : QUAL_EXACT, ind, 1);
			cell_text(db_cell(t, row, 4), et->row.latest_period);
		} else {
			cell_empty(db_cell(t, row, 3));
			cell_empty(db_cell(t, row, 4));
		}
		row++;
	}
}

static void cell_period(struct doc_cell *c, const char *period)
{
	if (period)
		cell_text(c, period);
	else
		cell_empty(c);
}

static void pending_table(struct docb *b)
{
	const struct evaluation *ev = b->ev;
	static const char *const heads[] = {"report.col.indicator", "report.col.region", "report.col.period",
					    "report.col.value", "report.col.obs_status"};
	static const double widths[] = {40, 15, 13, 17, 15};
	static const int numeric[] = {0, 0, 0, 1, 0};
	const char *note;
	size_t n_listed = listed_kind(b, EN_PENDING, &note); /* its paragraph comes before the table */
	struct doc_table *t = db_table(b, db_t(b, "report.sheet.pending"), db_t(b, "report.cap.pending"), 5,
				       n_listed, heads, widths, numeric);
	t->note = note;
	size_t row = 0;
	for (size_t i = 0; i < ev->n_notes; i++) {
		const struct eval_note *n = &ev->notes[i];
		if (n->kind != EN_PENDING)
			continue;
		cell_text(db_cell(t, row, 0), db_ind_name(b, n->indicator));
		cell_text(db_cell(t, row, 1), db_region_name(b, n->region));
		cell_period(db_cell(t, row, 2), n->period);
		cell_value(b, db_cell(t, row, 3), n->value, QUAL_EXACT, &b->p->indicators[n->indicator], 1);
		cell_text(db_cell(t, row, 4), db_t(b, db_printf(b, "obs_status.%s", n->detail)));
		row++;
	}
}

static void rules_table(struct docb *b)
{
	const struct evaluation *ev = b->ev;
	static const char *const heads[] = {"report.col.rule", "report.col.indicator", "report.col.region",
					    "report.col.period", "report.col.value", "report.col.message"};
	static const double widths[] = {14, 22, 9, 9, 12, 34};
	static const int numeric[] = {0, 0, 0, 0, 1, 0};
	const char *note;
	size_t n_listed = listed_kind(b, EN_RULE, &note); /* its paragraph comes before the table */
	struct doc_table *t = db_table(b, db_t(b, "report.sheet.rules"), db_t(b, "report.cap.rules"), 6,
				       n_listed, heads, widths, numeric);
	t->note = note;
	size_t row = 0;
	for (size_t i = 0; i < ev->n_notes; i++) {
		const struct eval_note *n = &ev->notes[i];
		if (n->kind != EN_RULE)
			continue;
		const struct rule *r = &b->p->rules[n->rule];
		cell_status(db_cell(t, row, 0), db_paren(b, r->code, db_t(b, n->is_warning ? "report.warning" : "report.error")),
			    n->is_warning ? CHART_ROLE_WARN : CHART_ROLE_BAD);
		cell_text(db_cell(t, row, 1), db_ind_name(b, n->indicator));
		cell_text(db_cell(t, row, 2), db_region_name(b, n->region));
		cell_period(db_cell(t, row, 3), n->period);
		cell_value(b, db_cell(t, row, 4), n->value, QUAL_EXACT, &b->p->indicators[n->indicator], 1);
		/* the rule's own note (zh) says what it checks; the message gives the numbers */
		/* Chinese: the rule's own note and the cell it was compared with; English: the message */
		if (b->lang == LANG_ZH && r->note_zh && n->other_period) {
			const struct indicator *ind = &b->p->indicators[n->indicator];
			cell_text(db_cell(t, row, 5), db_printf(b, "%s（对照：%s %s %s）", r->note_zh, db_region_name(b, n->other_region),
								n->other_period, db_value_text(b, n->other, QUAL_EXACT, ind)));
		} else {
			cell_text(db_cell(t, row, 5), b->lang == LANG_ZH && r->note_zh ? r->note_zh : n->detail);
		}
		row++;
	}
}

/* The figures of kind (EN_DISCREPANCY: totals against the sums of their parts; EN_FORMULA_DIFF:
 * reported figures against what their formula gives). */
static void discrepancy_table(struct docb *b, enum eval_note_kind kind)
{
	const struct evaluation *ev = b->ev;
	int is_formula = kind == EN_FORMULA_DIFF;
	const char *const heads[] = {"report.col.indicator", "report.col.region", "report.col.period",
				     is_formula ? "report.col.reported_figure" : "report.col.reported",
				     is_formula ? "report.col.computed" : "report.col.summed"};
	static const double widths[] = {36, 14, 14, 18, 18};
	static const int numeric[] = {0, 0, 0, 1, 1};
	const char *note;
	size_t n_listed = listed_kind(b, kind, &note); /* its paragraph comes before the table */
	struct doc_table *t = db_table(b, db_t(b, is_formula ? "report.sheet.formula_diffs" : "report.sheet.discrepancies"),
				       db_t(b, is_formula ? "report.cap.formula_diffs" : "report.cap.discrepancies"), 5,
				       n_listed, heads, widths, numeric);
	t->note = note;
	size_t row = 0;
	for (size_t i = 0; i < ev->n_notes; i++) {
		const struct eval_note *n = &ev->notes[i];
		if (n->kind != kind)
			continue;
		const struct indicator *ind = &b->p->indicators[n->indicator];
		cell_text(db_cell(t, row, 0), db_ind_name(b, n->indicator));
		cell_text(db_cell(t, row, 1), db_region_name(b, n->region));
		cell_period(db_cell(t, row, 2), n->period);
		cell_value(b, db_cell(t, row, 3), n->value, QUAL_EXACT, ind, 1);
		cell_value(b, db_cell(t, row, 4), n->other, QUAL_EXACT, ind, 1);
		row++;
	}
}

static void baseline_table(struct docb *b)
{
	const struct evaluation *ev = b->ev;
	static const char *const heads[] = {"report.col.indicator", "report.col.region", "report.col.base",
					    "report.col.base_period"};
	static const double widths[] = {44, 16, 22, 18};
	static const int numeric[] = {0, 0, 1, 0};
	const char *note;
	size_t n_listed = listed_kind(b, EN_BASELINE, &note); /* its paragraph comes before the table */
	struct doc_table *t = db_table(b, db_t(b, "report.sheet.baselines"), db_t(b, "report.cap.baselines"), 4,
				       n_listed, heads, widths, numeric);
	t->note = note;
	size_t row = 0;
	for (size_t i = 0; i < ev->n_notes; i++) {
		const struct eval_note *n = &ev->notes[i];
		if (n->kind != EN_BASELINE)
			continue;
		cell_text(db_cell(t, row, 0), db_ind_name(b, n->indicator));
		cell_text(db_cell(t, row, 1), db_region_name(b, n->region));
		cell_value(b, db_cell(t, row, 2), n->value, QUAL_EXACT, &b->p->indicators[n->indicator], 1);
		cell_period(db_cell(t, row, 3), n->period);
		row++;
	}
}

void db_build_quality(struct docb *b)
{
	const struct evaluation *ev = b->ev;
	db_heading(b, 1, db_t(b, "report.h.quality"));
	db_para(b, db_t(b, "report.quality.intro"));
	enum eval_note_kind missing = ev->is_final ? EN_MISSING_FINAL : EN_MISSING_PERIOD;
	const char *names[] = {"n", "period", "target_year", "tolerance"};
	const char *values[] = {"", ev->period, db_printf(b, "%d", b->p->info.target_year),
				db_printf(b, "%g%%", SERIES_SUM_TOLERANCE * 100)};

	db_heading(b, 2, db_t(b, ev->is_final ? "report.h.missing_final" : "report.h.missing_period"));
	values[0] = db_printf(b, "%zu", count_kind(ev, missing));
	db_para(b, db_fill(b, ev->is_final ? "report.quality.missing_final" : "report.quality.missing_period", names, values, 4));
	if (count_kind(ev, missing))
		missing_table(b, missing);

	db_heading(b, 2, db_t(b, "report.h.pending"));
	values[0] = db_printf(b, "%zu", count_kind(ev, EN_PENDING));
	db_para(b, db_fill(b, ev->prov.is_public ? "report.quality.pending_public" : "report.quality.pending", names, values, 4));
	if (count_kind(ev, EN_PENDING))
		pending_table(b);

	db_heading(b, 2, db_t(b, "report.h.rules"));
	values[0] = db_printf(b, "%zu", count_kind(ev, EN_RULE));
	db_para(b, db_fill(b, "report.quality.rules", names, values, 4));
	if (count_kind(ev, EN_RULE))
		rules_table(b);

	db_heading(b, 2, db_t(b, "report.h.discrepancies"));
	values[0] = db_printf(b, "%zu", count_kind(ev, EN_DISCREPANCY));
	db_para(b, db_fill(b, "report.quality.discrepancies", names, values, 4));
	if (count_kind(ev, EN_DISCREPANCY))
		discrepancy_table(b, EN_DISCREPANCY);

	db_heading(b, 2, db_t(b, "report.h.formula_diffs"));
	values[0] = db_printf(b, "%zu", count_kind(ev, EN_FORMULA_DIFF));
	db_para(b, db_fill(b, "report.quality.formula_diffs", names, values, 4));
	if (count_kind(ev, EN_FORMULA_DIFF))
		discrepancy_table(b, EN_FORMULA_DIFF);

	db_heading(b, 2, db_t(b, "report.h.baselines"));
	values[0] = db_printf(b, "%zu", count_kind(ev, EN_BASELINE));
	db_para(b, db_fill(b, "report.quality.baselines", names, values, 4));
	if (count_kind(ev, EN_BASELINE))
		baseline_table(b);
	db_add(b, DB_PAGE_BREAK);
}

/* ---- annex 1: the method, from the code's own definitions --------------------------------- */

static void constants_table(struct docb *b)
{
	static const char *const heads[] = {"report.col.constant", "report.col.const_value", "report.col.meaning"};
	static const double widths[] = {38, 14, 48};
	static const int numeric[] = {0, 1, 0};
	size_t n;
	const struct progress_constant *c = progress_constants(&n);
	struct doc_table *t = db_table(b, db_t(b, "report.sheet.method"), db_t(b, "report.cap.constants"), 3, n, heads, widths,
				       numeric);
	for (size_t i = 0; i < n; i++) {
		cell_text(db_cell(t, i, 0), c[i].name);
		struct doc_cell *v = db_cell(t, i, 1);
		v->kind = DC_NUMBER;
		v->num = c[i].value;
		v->decimals = -2; /* as written in the code: %g */
		v->mark = "";
		v->text = db_printf(b, "%g", c[i].value);
		cell_text(db_cell(t, i, 2), db_t(b, db_printf(b, "const.%s", c[i].name)));
	}
}

static void method(struct docb *b)
{
	db_annex(b, db_t(b, "report.h.method"));
	static const char *const paras[] = {
		"report.method.sources", "report.method.axis", "report.method.achievement", "report.method.cagr",
		"report.method.ratio", "report.method.score", "report.method.projection", "report.method.final",
		"report.method.comparators", "report.method.trend", "report.method.group", "report.method.verdicts",
		"report.attention.rule", "report.method.values",
	};
	/* the formulas name the constants; their values come from the code (progress_constants) */
	size_t n_c;
	const struct progress_constant *c = progress_constants(&n_c);
	const char **names = arena_alloc(b->a, (n_c + 3) * sizeof(*names));
	const char **values = arena_alloc(b->a, (n_c + 3) * sizeof(*values));
	for (size_t i = 0; i < n_c; i++) {
		names[i] = c[i].name;
		values[i] = db_printf(b, "%g", c[i].value);
	}
	names[n_c] = "target_year";
	values[n_c] = db_printf(b, "%d", b->p->info.target_year);
	/* the worked example of the time axis: July of this plan's own target year */
	struct period july = {b->p->info.target_year, PERIOD_MONTH, 7};
	names[n_c + 1] = "example_year";
	values[n_c + 1] = values[n_c];
	names[n_c + 2] = "example_t";
	values[n_c + 2] = db_printf(b, "%.2f", period_time(&july));
	for (size_t i = 0; i < sizeof(paras) / sizeof(paras[0]); i++)
		db_para(b, db_fill(b, paras[i], names, values, n_c + 3));
	constants_table(b);
	db_note(b, db_t(b, "report.method.code"), NULL);
	db_add(b, DB_PAGE_BREAK);
}

/* ---- annex 2: the 建设指标细化表 ---------------------------------------------------------- */

static void detail(struct docb *b)
{
	const struct evaluation *ev = b->ev;
	size_t n_years = (size_t)(ev->year_last - ev->year_first + 1);
	size_t n_cols = 4 + n_years;
	const char **heads = arena_alloc(b->a, (n_cols + 1) * sizeof(*heads));
	double *widths = arena_alloc(b->a, (n_cols + 1) * sizeof(double));
	int *numeric = arena_calloc(b->a, n_cols + 1, sizeof(int));
	heads[0] = "report.col.indicator", widths[0] = 19;
	heads[1] = "report.col.region", widths[1] = 8;
	heads[2] = "report.col.unit_of", widths[2] = 5;
	double year_w = 54.0 / (double)n_years;
	for (size_t y = 0; y < n_years; y++) {
		heads[3 + y] = db_printf(b, "=%d", ev->year_first + (int)y);
		widths[3 + y] = year_w;
		numeric[3 + y] = 1;
	}
	heads[n_cols - 1] = "report.col.target", widths[n_cols - 1] = 14;
	db_annex(b, db_t(b, "report.h.detail"));
	db_para(b, db_t(b, "report.detail.intro"));
	struct doc_table *t = db_table(b, db_t(b, "report.sheet.detail"), db_t(b, "report.cap.detail"), n_cols, ev->n_detail,
				       heads, widths, numeric);
	for (size_t i = 0; i < ev->n_detail; i++) {
		const struct eval_detail_row *d = &ev->detail[i];
		const struct indicator *ind = &b->p->indicators[d->indicator];
		cell_text(db_cell(t, i, 0), db_ind_name(b, d->indicator));
		cell_text(db_cell(t, i, 1), db_region_name(b, d->region));
		cell_text(db_cell(t, i, 2), fmt_unit(b->lang, ind));
		for (size_t y = 0; y < n_years; y++) {
			struct doc_cell *c = db_cell(t, i, 3 + y);
			if (!d->has[y]) {
				cell_empty(c);
				continue;
			}
			cell_value(b, c, d->values[y], d->quals[y], ind, 0);
			struct period per;
			int is_year = period_parse(d->periods[y], strlen(d->periods[y]), &per) && per.kind == PERIOD_YEAR;
			/* a snapshot (month, quarter) or a sum of the parts says so beside the number */
			if (!is_year)
				c->text = db_printf(b, "%s\n[%s]", c->text, d->periods[y]);
			if (!d->obs[y]) /* derived: by the formula, or the sum of the sub-regions */
				c->text = db_printf(b, "%s %s", c->text, d->is_formula[y] ? "ƒ" : "Σ");
			c->url = d->obs[y] ? d->obs[y]->source_url : NULL;
		}
		if (d->target >= 0) {
			const struct eval_target *et = &ev->targets[d->target];
			cell_text(db_cell(t, i, n_cols - 1), db_target_year(b, et->row.target));
		} else {
			cell_empty(db_cell(t, i, n_cols - 1));
		}
	}
	db_note(b, db_t(b, "report.detail.legend"), NULL);
	db_add(b, DB_PAGE_BREAK);
}

/* ---- annex 3: sources; annex 4: the store state ------------------------------------------ */

static int same_text(const char *x, const char *y)
{
	return x == y || (x && y && strcmp(x, y) == 0);
}

/* Whether value j may share the sources row of value i: the same cell series (indicator,
 * region), published by the same source (citation, address, quoted text) and revised as often. */
static int same_source(const struct obs *i, const struct obs *j)
{
	return strcmp(i->indicator, j->indicator) == 0 && strcmp(i->region, j->region) == 0 &&
	       same_text(i->source, j->source) && same_text(i->source_url, j->source_url) &&
	       same_text(i->publisher, j->publisher) && same_text(i->title, j->title) &&
	       same_text(i->published, j->published) && i->revision == j->revision;
}

/* Shown figures of one source that share a sources row, at least; fewer get a row each. */
#define SOURCE_RUN_ROW 4u

/* The sources row of shown value i: the values after it in its cell series as long as they have
 * its source (figures not shown are passed over, and are of that source too), up to end; its
 * last shown figure, and how many are shown. A run of fewer than SOURCE_RUN_ROW shown figures is
 * value i alone. */
struct source_run {
	size_t end, last, n_shown;
};

static struct source_run source_run_of(const struct evaluation *ev, size_t i)
{
	struct source_run r = {i + 1, i, 1};
	for (size_t j = i + 1; j < ev->n_values && same_source(&ev->values[i], &ev->values[j]); j++)
		if (ev->is_shown[j])
			r.end = j + 1, r.last = j, r.n_shown++;
	if (r.n_shown < SOURCE_RUN_ROW)
		r = (struct source_run){i + 1, i, 1};
	return r;
}

static void sources(struct docb *b)
{
	const struct evaluation *ev = b->ev;
	static const char *const heads[] = {"report.col.indicator", "report.col.region", "report.col.code",
					    "report.col.period", "report.col.value", "report.col.cite",
					    "report.col.source", "report.col.revision"};
	static const double widths[] = {14, 6, 13, 7, 9, 20, 25, 6};
	static const int numeric[] = {0, 0, 0, 0, 1, 0, 0, 1};
	db_annex(b, db_t(b, "report.h.sources"));
	db_para(b, db_t(b, "report.sources.intro"));
	size_t n = 0;
	for (size_t i = 0; i < ev->n_values; i++)
		if (ev->is_shown[i] && plan_find_indicator(b->p, ev->values[i].indicator) >= 0 &&
		    plan_find_region(b->p, ev->values[i].region) >= 0) {
			n++;
			i = source_run_of(ev, i).end - 1;
		}
	struct doc_table *t = db_table(b, db_t(b, "report.sheet.sources"), db_t(b, "report.cap.sources"), 8, n, heads, widths,
				       numeric);
	size_t row = 0;
	for (size_t i = 0; i < ev->n_values; i++) {
		const struct obs *o = &ev->values[i];
		if (!ev->is_shown[i])
			continue;
		int ind = plan_find_indicator(b->p, o->indicator), reg = plan_find_region(b->p, o->region);
		if (ind < 0 || reg < 0)
			continue;
		struct source_run run = source_run_of(ev, i);
		cell_text(db_cell(t, row, 0), db_ind_name(b, ind));
		cell_text(db_cell(t, row, 1), db_region_name(b, reg));
		/* the codes let a reader of the workbook join it with the open-data export */
		cell_text(db_cell(t, row, 2), db_printf(b, "%s/%s", o->indicator, o->region));
		if (run.n_shown == 1) {
			cell_text(db_cell(t, row, 3), o->period);
			cell_value(b, db_cell(t, row, 4), o->value, o->qualifier, &b->p->indicators[ind], 1);
		} else { /* consecutive periods of one source: one row (their figures are in the charts and tables) */
			const char *names[] = {"first", "last", "n"};
			const char *values[] = {o->period, ev->values[run.last].period, db_printf(b, "%zu", run.n_shown)};
			cell_text(db_cell(t, row, 3), db_fill(b, "report.sources.periods", names, values, 2));
			cell_text(db_cell(t, row, 4), db_fill(b, "report.sources.n_figures", names, values, 3));
		}
		/* where it was published, linked to the original when its address is known; the quote */
		struct buf cite;
		buf_init(&cite, 0);
		int has_cite = fmt_cite(&cite, o);
		cell_link(db_cell(t, row, 5), has_cite ? db_printf(b, "%s", buf_str(&cite)) : "—", o->source_url);
		buf_release(&cite);
		cell_text(db_cell(t, row, 6), o->source ? o->source : "—");
		cell_count(b, db_cell(t, row, 7), (size_t)o->revision);
		row++;
		i = run.end - 1;
	}
	db_add(b, DB_PAGE_BREAK);
}

static void store_state(struct docb *b)
{
	const struct evaluation *ev = b->ev;
	const struct eval_provenance *pv = &ev->prov;
	static const char *const heads[] = {"report.col.item", "report.col.content"};
	static const double widths[] = {28, 72};
	static const int numeric[] = {0, 0};
	db_annex(b, db_t(b, "report.h.store"));
	db_para(b, db_t(b, "report.store.intro"));
	struct doc_table *t = db_table(b, db_t(b, "report.sheet.store"), db_t(b, "report.cap.store"), 2, 9, heads, widths,
				       numeric);
	const char *rows[9][2] = {
		{"report.store.plan", db_printf(b, "%s", pv->plan_code)},
		{"report.store.version", db_printf(b, "%d", pv->plan_version)},
		{"report.store.digest", pv->plan_digest ? pv->plan_digest : "—"},
		{"report.store.loaded", pv->plan_loaded_at ? pv->plan_loaded_at : "—"},
		{"report.store.audit_head", pv->audit_head[0] ? pv->audit_head : "—"},
		{"report.store.audit_events", db_printf(b, "%lld (%s)", pv->n_audit_events,
							db_t(b, pv->audit_intact ? "report.store.intact" : "report.store.broken"))},
		{"report.store.view", db_t(b, pv->view == OBS_VIEW_PUBLIC ? "report.store.view_public" : "report.store.view_internal")},
		{"report.store.values", db_printf(b, "%zu", pv->n_values)},
		{"report.store.generated", db_printf(b, "%s (UTC %s)", pv->generated_local, pv->generated_utc)},
	};
	for (size_t i = 0; i < 9; i++) {
		cell_text(db_cell(t, i, 0), db_t(b, rows[i][0]));
		cell_text(db_cell(t, i, 1), rows[i][1]);
	}
	db_note(b, db_t(b, "report.store.reproduce"), NULL);
}

void db_build_annexes(struct docb *b)
{
	method(b);
	detail(b);
	sources(b);
	store_state(b);
}
