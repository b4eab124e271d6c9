/* report_doc.c - the evaluation report as a document (see report_doc.h): the builder and its
 * numbering, the wording shared by every part, the cover facts, the summary with its attention
 * list, the goal groups with their charts, the actions and measures, and the units' scorecards.
 * The data-quality notes and the annexes are in report_doc_annex.c. All text comes from the
 * message catalogue (www/i18n/messages.csv) and the plan. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/plan_facts.h"
#include "report/chart_spec.h"
#include "report/explain.h"
#include "report/fmt.h"
#include "report/report_doc_int.h"
#include "base/banned.h"

/* ---- the builder ----------------------------------------------------------------------- */

struct doc_block *db_add(struct docb *b, enum doc_block_kind kind)
{
	struct report_doc *d = b->d;
	if (d->n_blocks == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 256;
		struct doc_block *nb = arena_alloc(b->a, ncap * sizeof(*nb));
		if (d->n_blocks)
			memcpy(nb, d->blocks, d->n_blocks * sizeof(*nb));
		d->blocks = nb;
		b->cap = ncap;
	}
	struct doc_block *x = &d->blocks[d->n_blocks++];
	memset(x, 0, sizeof(*x));
	x->kind = kind;
	x->target = -1;
	return x;
}

static const char *zh_number(const struct docb *b, int n)
{
	char zh[16];
	return arena_strdup(b->a, zh_numeral(n, zh));
}

void db_heading(struct docb *b, int level, const char *text)
{
	struct doc_block *x = db_add(b, DB_HEADING);
	x->level = level;
	x->text = text;
	if (level == 1) {
		b->n_h1++;
		b->n_h2 = 0;
		x->number = b->lang == LANG_ZH ? db_printf(b, "%s、", zh_number(b, b->n_h1)) : db_printf(b, "%d.", b->n_h1);
		x->anchor = db_printf(b, "s%d", b->n_h1);
	} else {
		b->n_h2++;
		x->number = b->lang == LANG_ZH ? db_printf(b, "（%s）", zh_number(b, b->n_h2))
					       : db_printf(b, "%d.%d", b->n_h1, b->n_h2);
		x->anchor = db_printf(b, "s%d-%d", b->n_h1, b->n_h2);
	}
	/* Chinese numbering ends in 、 or ） and takes no space; everything else takes one */
	int tight = b->lang == LANG_ZH;
	x->label = db_printf(b, "%s%s%s", x->number, tight ? "" : " ", text);
}

void db_annex(struct docb *b, const char *text)
{
	struct doc_block *x = db_add(b, DB_HEADING);
	b->n_annex++;
	b->n_h2 = 0;
	x->level = 1;
	x->text = text;
	x->number = db_printf(b, "%s%d", db_t(b, "report.annex"), b->n_annex);
	x->anchor = db_printf(b, "annex%d", b->n_annex);
	x->label = db_printf(b, "%s %s", x->number, text);
}

void db_para(struct docb *b, const char *text)
{
	db_add(b, DB_PARA)->text = text;
}

void db_note(struct docb *b, const char *text, const char *url)
{
	struct doc_block *x = db_add(b, DB_NOTE);
	x->text = text;
	x->url = url;
}

void db_list(struct docb *b, int number, const char *text)
{
	struct doc_block *x = db_add(b, DB_LIST);
	x->number = db_printf(b, "%d.", number);
	x->text = text;
}

struct doc_table *db_table(struct docb *b, const char *sheet, const char *caption, size_t n_cols, size_t n_rows,
			   const char *const *header_keys, const double *widths, const int *is_numeric)
{
	struct doc_table *t = arena_calloc(b->a, 1, sizeof(*t));
	b->n_tables++;
	t->sheet = sheet;
	t->caption = db_printf(b, "%s%d %s", db_t(b, "report.table"), b->n_tables, caption);
	t->n_cols = n_cols;
	t->n_rows = n_rows;
	const char **h = arena_alloc(b->a, (n_cols + 1) * sizeof(*h));
	for (size_t i = 0; i < n_cols; i++)
		h[i] = header_keys[i][0] == '=' ? header_keys[i] + 1 : db_t(b, header_keys[i]);
	t->headers = h;
	t->widths = widths;
	t->is_numeric = is_numeric;
	t->cells = arena_calloc(b->a, n_rows * n_cols + 1, sizeof(*t->cells));
	for (size_t i = 0; i < n_rows * n_cols; i++) {
		t->cells[i].text = "";
		t->cells[i].role = CHART_ROLE_INK;
		t->cells[i].mark = "";
	}
	db_add(b, DB_TABLE)->table = t;
	return t;
}

struct doc_cell *db_cell(struct doc_table *t, size_t row, size_t col)
{
	return &t->cells[row * t->n_cols + col];
}

const char *db_t(const struct docb *b, const char *key)
{
	return i18n(b->lang, key);
}

const char *db_fill(const struct docb *b, const char *key, const char *const *names, const char *const *values, size_t n)
{
	struct buf x;
	buf_init(&x, 0);
	i18n_fill(&x, db_t(b, key), names, values, n);
	const char *out = arena_strdup(b->a, buf_str(&x));
	buf_release(&x);
	return out;
}

const char *db_printf(const struct docb *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(b->a, fmt, ap);
	va_end(ap);
	return s;
}

/* ---- cells and words ------------------------------------------------------------------- */

void cell_text(struct doc_cell *c, const char *text)
{
	c->kind = DC_TEXT;
	c->text = text ? text : "";
}

void cell_link(struct doc_cell *c, const char *text, const char *url)
{
	cell_text(c, text);
	c->url = url;
}

void cell_status(struct doc_cell *c, const char *text, enum chart_role role)
{
	c->kind = DC_STATUS;
	c->text = text;
	c->role = role;
}

void cell_empty(struct doc_cell *c)
{
	c->kind = DC_EMPTY;
	c->text = "—";
}

const char *db_value_text(const struct docb *b, double v, enum obs_qualifier q, const struct indicator *ind)
{
	struct buf x;
	buf_init(&x, 256);
	bw(&x, obs_qualifier_mark(q));
	fmt_ind_value_unit(&x, b->lang, ind, v);
	const char *out = arena_strdup(b->a, buf_str(&x));
	buf_release(&x);
	return out;
}

void cell_value(const struct docb *b, struct doc_cell *c, double v, enum obs_qualifier q, const struct indicator *ind,
		int with_unit)
{
	if (indicator_level_label(ind, v) || (ind->scale == SCALE_JUDGEMENT && (v == 0 || v == 1))) {
		struct buf w; /* a class or a verdict: its words, not a number */
		buf_init(&w, 64);
		fmt_ind_value(&w, b->lang, ind, v);
		cell_text(c, arena_strdup(b->a, buf_str(&w)));
		buf_release(&w);
		return;
	}
	struct buf x;
	buf_init(&x, 256);
	bw(&x, obs_qualifier_mark(q));
	fmt_value(&x, v, ind->decimals);
	c->kind = DC_NUMBER;
	c->num = v;
	c->decimals = ind->decimals;
	c->mark = obs_qualifier_mark(q);
	c->unit = NULL;
	if (with_unit) {
		const char *u = fmt_unit(b->lang, ind);
		if (u && *u) {
			if (b->lang == LANG_EN)
				bwc(&x, ' ');
			bw(&x, u);
			c->unit = u;
		}
	}
	c->text = arena_strdup(b->a, buf_str(&x));
	buf_release(&x);
}

void cell_count(const struct docb *b, struct doc_cell *c, size_t n)
{
	c->kind = DC_NUMBER;
	c->num = (double)n;
	c->decimals = 0;
	c->unit = NULL;
	c->mark = "";
	c->text = db_printf(b, "%zu", n);
}

const char *db_ind_name(const struct docb *b, int ind)
{
	return i18n_pick(b->lang, b->p->indicators[ind].name_zh, b->p->indicators[ind].name_en);
}

const char *db_region_name(const struct docb *b, int reg)
{
	return i18n_pick(b->lang, b->p->regions[reg].name_zh, b->p->regions[reg].name_en);
}

const char *db_unit_name(const struct docb *b, int unit)
{
	return i18n_pick(b->lang, b->p->units[unit].name_zh, b->p->units[unit].name_en);
}

const char *db_target_text(const struct docb *b, int target)
{
	const struct target *t = &b->p->targets[target];
	struct buf x;
	buf_init(&x, 512);
	fmt_target(&x, b->lang, t, &b->p->indicators[t->indicator]);
	const char *out = arena_strdup(b->a, buf_str(&x));
	buf_release(&x);
	return out;
}

const char *db_paren(const struct docb *b, const char *outer, const char *inner)
{
	return b->lang == LANG_EN ? db_printf(b, "%s (%s)", outer, inner) : db_printf(b, "%s（%s）", outer, inner);
}

const char *db_ind_region(const struct docb *b, int ind, int reg)
{
	return db_paren(b, db_ind_name(b, ind), db_region_name(b, reg));
}

const char *db_target_year(const struct docb *b, int target)
{
	return db_paren(b, db_target_text(b, target), db_printf(b, "%d", b->p->targets[target].year));
}

const char *db_doc_kind(const struct docb *b)
{
	return db_t(b, db_printf(b, "doc_kind.%s", plan_doc_kind(b->p)));
}

const char *db_colon(const struct docb *b)
{
	return b->lang == LANG_EN ? ": " : "：";
}

enum chart_role report_verdict_role(enum verdict v)
{
	switch (v) {
	case VERDICT_MET:
	case VERDICT_PROVISIONAL_MET:
	case VERDICT_ON_TRACK: return CHART_ROLE_OK;
	case VERDICT_OFF_TRACK:
	case VERDICT_PROVISIONAL_NOT_MET: return CHART_ROLE_WARN;
	case VERDICT_NOT_MET: return CHART_ROLE_BAD;
	case VERDICT_NO_FINAL:
	case VERDICT_NOT_ASSESSED:
	case VERDICT__COUNT:
	default: return CHART_ROLE_MUTED;
	}
}

static const char *verdict_label(const struct docb *b, enum verdict v)
{
	const char *year = db_printf(b, "%d", b->p->info.target_year);
	const char *names[] = {"target_year"}, *values[] = {year};
	return db_fill(b, db_printf(b, "report.verdict.%s", verdict_name(v)), names, values, 1);
}

const char *db_verdict_text(const struct docb *b, int ti)
{
	const struct eval_target *t = &b->ev->targets[ti];
	if (t->verdict == VERDICT_OFF_TRACK) /* the finer status says how far off */
		return db_t(b, db_printf(b, "status.%s", progress_status_name(t->row.a.status)));
	if (t->verdict == VERDICT_NO_FINAL) {
		const char *year = db_printf(b, "%d", b->p->targets[t->row.target].year);
		const char *names[] = {"target_year"}, *values[] = {year};
		return db_fill(b, t->row.j.gap == VG_CANNOT_JUDGE ? "report.verdict.cannot_judge" : "report.verdict.no_final",
			       names, values, 1);
	}
	return verdict_label(b, t->verdict);
}

static const char *explain_text(const struct docb *b, const struct assess_row *r)
{
	struct buf x;
	buf_init(&x, 0);
	explain_assessment(&x, b->lang, b->p, r);
	const char *out = arena_strdup(b->a, buf_str(&x));
	buf_release(&x);
	return out;
}

const char *db_judgement(const struct docb *b, int ti)
{
	const struct eval_target *t = &b->ev->targets[ti];
	const struct assess_row *r = &t->row;
	const struct indicator *ind = &b->p->indicators[r->indicator];
	const char *year = db_printf(b, "%d", b->p->targets[r->target].year);
	if (r->series.n == 0)
		return db_t(b, "reason.no_data");
	if (!t->is_final_period)
		return explain_text(b, r);
	/* final: in the words of the figure the verdict rests on (explain_verdict) */
	if (t->verdict == VERDICT_MET || t->verdict == VERDICT_NOT_MET || verdict_is_provisional(t->verdict)) {
		struct buf x;
		buf_init(&x, 0);
		explain_verdict(&x, b->lang, b->p, r);
		const char *out = arena_strdup(b->a, buf_str(&x));
		buf_release(&x);
		return out;
	}
	if (t->row.j.gap == VG_CANNOT_JUDGE) {
		enum obs_qualifier q = t->latest_obs ? t->latest_obs->qualifier : QUAL_EXACT;
		const char *names[] = {"period", "latest"};
		const char *values[] = {r->latest_period, db_value_text(b, r->a.latest_value, q, ind)};
		const char *head = db_fill(b, "report.final.figure", names, values, 2);
		const char *why = db_t(b, db_printf(b, "reason.%s", r->a.reason ? r->a.reason : "no_data"));
		return db_printf(b, "%s%s%s", head, b->lang == LANG_EN ? " " : "", why);
	}
	/* VERDICT_NO_FINAL: no verdict; what the latest figure says, and that it is not the final one */
	const char *names[] = {"target_year"}, *values[] = {year};
	const char *head = db_fill(b, "report.final.no_final", names, values, 1);
	return db_printf(b, "%s%s%s%s", head, b->lang == LANG_EN ? " " : "", db_t(b, "report.final.for_reference"),
			 explain_text(b, r));
}

/* ---- the cover and the summary ---------------------------------------------------------- */

static void cover(struct docb *b)
{
	struct report_doc *d = b->d;
	const struct plan_info *pi = &b->p->info;
	const struct evaluation *ev = b->ev;
	const char *plan_title = i18n_pick(b->lang, pi->title_zh, pi->title_en);
	const char *names[] = {"plan", "period"}, *values[] = {plan_title, ev->period};
	d->title = db_fill(b, "report.title", names, values, 2);
	d->subtitle = db_fill(b, ev->is_final ? "report.subtitle_final" : "report.subtitle_interim", names, values, 2);
	d->issuer = i18n_pick(b->lang, ev->issuer_zh, ev->issuer_en);
	int yy = 0, mm = 0, dd = 0;
	if (b->lang == LANG_ZH && sscanf(ev->prov.generated_date, "%4d-%2d-%2d", &yy, &mm, &dd) == 3)
		d->date = db_printf(b, "%d年%d月%d日", yy, mm, dd);
	else
		d->date = ev->prov.generated_date;
	d->toc_title = db_t(b, "report.toc");
	d->footer = db_printf(b, "%s v%d · %s %.12s", pi->code, ev->prov.plan_version, db_t(b, "report.audit_head_short"),
			      ev->prov.audit_head[0] ? ev->prov.audit_head : "—");
	d->facts = arena_calloc(b->a, 8, sizeof(*d->facts));
	struct doc_fact *f = d->facts;
	size_t n = 0;
	f[n++] = (struct doc_fact){db_t(b, "report.fact.plan"), plan_title};
	f[n++] = (struct doc_fact){db_t(b, "report.fact.doc_no"), pi->doc_no ? pi->doc_no : db_t(b, "plan.no_doc_no")};
	struct buf iss;
	buf_init(&iss, 256);
	fmt_issuers(&iss, b->lang, pi);
	f[n++] = (struct doc_fact){db_t(b, "report.fact.plan_issuer"), arena_strdup(b->a, buf_str(&iss))};
	buf_release(&iss);
	f[n++] = (struct doc_fact){db_t(b, "report.fact.period"), ev->period};
	f[n++] = (struct doc_fact){db_t(b, "report.fact.kind"), db_t(b, ev->is_final ? "report.kind_final" : "report.kind_interim")};
	f[n++] = (struct doc_fact){db_t(b, "report.fact.issuer"), d->issuer};
	f[n++] = (struct doc_fact){db_t(b, "report.fact.date"), ev->prov.generated_local};
	f[n++] = (struct doc_fact){db_t(b, "report.fact.store"), d->footer};
	d->n_facts = n;
}

static const enum verdict interim_rows[] = {VERDICT_MET, VERDICT_ON_TRACK, VERDICT_OFF_TRACK, VERDICT_NOT_ASSESSED};

static void summary_counts(struct docb *b)
{
	const struct evaluation *ev = b->ev;
	const enum verdict *rows = ev->is_final ? verdict_final_order : interim_rows;
	size_t n_rows = ev->is_final ? 5 : 4;
	static const char *const heads[] = {"report.col.verdict", "report.col.n_headline", "report.col.n_all"};
	static const double widths[] = {50, 25, 25};
	static const int numeric[] = {0, 1, 1};
	struct doc_table *t = db_table(b, db_t(b, "report.sheet.summary"), db_t(b, "report.cap.summary"), 3, n_rows + 1,
				       heads, widths, numeric);
	size_t tot = 0, tot_all = 0;
	for (size_t i = 0; i < n_rows; i++) {
		cell_status(db_cell(t, i, 0), verdict_label(b, rows[i]), report_verdict_role(rows[i]));
		cell_count(b, db_cell(t, i, 1), ev->n_verdict[rows[i]]);
		cell_count(b, db_cell(t, i, 2), ev->n_verdict_all[rows[i]]);
		tot += ev->n_verdict[rows[i]];
		tot_all += ev->n_verdict_all[rows[i]];
	}
	cell_text(db_cell(t, n_rows, 0), db_t(b, "report.total"));
	cell_count(b, db_cell(t, n_rows, 1), tot);
	cell_count(b, db_cell(t, n_rows, 2), tot_all);
}

static void summary_words(struct docb *b)
{
	const struct evaluation *ev = b->ev;
	const struct plan_info *pi = &b->p->info;
	const char *n[9];
	const char *names[] = {"plan", "doc_no", "period", "date", "version", "n_values", "valid_until", "target_year", "doc_kind"};
	n[0] = i18n_pick(b->lang, pi->title_zh, pi->title_en);
	n[1] = pi->doc_no ? pi->doc_no : db_t(b, "plan.no_doc_no");
	n[2] = ev->period;
	n[3] = ev->prov.generated_date;
	n[4] = db_printf(b, "%d", ev->prov.plan_version);
	n[5] = db_printf(b, "%zu", ev->n_values);
	n[6] = pi->valid_until ? pi->valid_until : "";
	n[7] = db_printf(b, "%d", pi->target_year);
	n[8] = db_doc_kind(b);
	db_para(b, db_fill(b, ev->prov.is_public ? "report.summary.intro_public" : "report.summary.intro", names, n, 9));
	if (ev->is_final)
		db_para(b, db_fill(b, "report.summary.final_rule", names, n, 9));
	const char *cn[VERDICT__COUNT + 3];
	const char *cv[VERDICT__COUNT + 3];
	for (int v = 0; v < VERDICT__COUNT; v++) {
		cn[v] = verdict_name((enum verdict)v);
		cv[v] = db_printf(b, "%zu", ev->n_verdict[v]);
	}
	cn[VERDICT__COUNT] = "n", cv[VERDICT__COUNT] = db_printf(b, "%zu", ev->n_headline);
	cn[VERDICT__COUNT + 1] = "at_target", cv[VERDICT__COUNT + 1] = db_printf(b, "%zu", ev->n_no_final_at_target);
	cn[VERDICT__COUNT + 2] = "target_year", cv[VERDICT__COUNT + 2] = n[7];
	db_para(b, db_fill(b, ev->is_final ? "report.summary.counts_final" : "report.summary.counts_interim", cn, cv,
			   VERDICT__COUNT + 3));
}

static void summary_attention(struct docb *b)
{
	const struct evaluation *ev = b->ev;
	db_heading(b, 2, db_t(b, "report.h.attention"));
	db_para(b, db_t(b, "report.attention.rule"));
	int n = 0;
	for (size_t k = 0; k < 3; k++) {
		int ti = ev->attention[k];
		if (ti < 0)
			continue;
		const struct eval_target *t = &ev->targets[ti];
		const char *names[] = {"what", "verdict", "judgement"};
		const char *values[] = {db_ind_region(b, t->row.indicator, t->row.region), db_verdict_text(b, ti),
					db_judgement(b, ti)};
		db_list(b, ++n, db_fill(b, "report.fmt.attention", names, values, 3));
	}
	if (n == 0)
		db_para(b, db_t(b, "report.attention.none"));
}

/* The columns of a table of targets. */
static const char *const target_heads[] = {"report.col.indicator", "report.col.region", "report.col.base",
					   "report.col.latest", "report.col.basis", "report.col.target",
					   "report.col.achievement", "report.col.verdict", "report.col.projection"};
static const double target_widths[] = {22, 8, 10, 12, 7, 12, 8, 11, 10};
static const int target_numeric[] = {0, 0, 1, 1, 0, 0, 1, 0, 1};

/* A share (achievement, a growth rate) as a percentage with pct_decimals places. */
static void cell_share(const struct docb *b, struct doc_cell *c, double v, int pct_decimals)
{
	c->kind = DC_NUMBER;
	c->num = v;
	c->decimals = -1; /* a share: shown as a percentage */
	c->mark = "";
	c->text = db_printf(b, "%.*f%%", pct_decimals, v * 100);
}

static void target_row(struct docb *b, struct doc_table *t, size_t row, int ti)
{
	const struct eval_target *et = &b->ev->targets[ti];
	const struct assess_row *r = &et->row;
	const struct assessment *a = &r->a;
	const struct indicator *ind = &b->p->indicators[r->indicator];
	cell_text(db_cell(t, row, 0), db_ind_name(b, r->indicator));
	cell_text(db_cell(t, row, 1), db_region_name(b, r->region));
	if (r->series.n > 0 || a->base_is_plan)
		cell_value(b, db_cell(t, row, 2), a->base_value, QUAL_EXACT, ind, 0);
	else
		cell_empty(db_cell(t, row, 2));
	if (r->series.n > 0)
		cell_value(b, db_cell(t, row, 3), a->latest_value, et->latest_obs ? et->latest_obs->qualifier : QUAL_EXACT,
			   ind, 1);
	else
		cell_empty(db_cell(t, row, 3));
	if (r->latest_period)
		cell_text(db_cell(t, row, 4), r->latest_period);
	else
		cell_empty(db_cell(t, row, 4));
	cell_text(db_cell(t, row, 5), db_target_year(b, r->target));
	if (a->status == PS_MET) { /* at the target: the share of the way is all of it */
		struct doc_cell *c = db_cell(t, row, 6);
		c->kind = DC_NUMBER;
		c->num = 1.0;
		c->decimals = -1;
		c->mark = "≥";
		c->text = "≥100%";
	} else if (a->has_achievement && isfinite(a->achievement)) {
		cell_share(b, db_cell(t, row, 6), a->achievement, 0);
	} else {
		cell_empty(db_cell(t, row, 6));
	}
	cell_status(db_cell(t, row, 7), db_verdict_text(b, ti), report_verdict_role(et->verdict));
	if (a->has_projection && !et->is_final_period && isfinite(a->projected_value))
		cell_value(b, db_cell(t, row, 8), a->projected_value, QUAL_EXACT, ind, 0);
	else
		cell_empty(db_cell(t, row, 8));
}

static void summary_table(struct docb *b)
{
	const struct evaluation *ev = b->ev;
	struct doc_table *t = db_table(b, db_t(b, "report.sheet.headline"), db_t(b, "report.cap.headline"), 9, ev->n_headline,
				       target_heads, target_widths, target_numeric);
	size_t row = 0;
	for (size_t i = 0; i < ev->n_targets; i++)
		if (ev->targets[i].is_headline)
			target_row(b, t, row++, (int)i);
}

static void summary(struct docb *b)
{
	db_heading(b, 1, db_t(b, "report.h.summary"));
	summary_words(b);
	summary_counts(b);
	summary_attention(b);
	summary_table(b);
	db_add(b, DB_PAGE_BREAK);
}

/* ---- goal groups ----------------------------------------------------------------------- */

/* "数据来源：publisher · title · date：“quote”" (what is known of it), or NULL. */
static const char *source_text(const struct docb *b, const struct obs *o)
{
	if (!o || (!o->source && !o->publisher && !o->title))
		return NULL;
	struct buf x;
	buf_init(&x, 0);
	if (fmt_cite(&x, o) && o->source)
		bwf(&x, "%s%s%s%s", db_colon(b), db_t(b, "report.quote_open"), o->source, db_t(b, "report.quote_close"));
	else if (o->source)
		bw(&x, o->source);
	const char *text = db_printf(b, "%s%s", db_t(b, "report.source"), buf_str(&x));
	buf_release(&x);
	return text;
}

static void target_detail(struct docb *b, int ti)
{
	const struct eval_target *t = &b->ev->targets[ti];
	const struct assess_row *r = &t->row;
	const char *title = db_ind_region(b, r->indicator, r->region);
	if (r->series.n > 0) {
		struct doc_block *c = db_add(b, DB_CHART);
		c->target = ti;
		b->n_figures++;
		c->caption = db_printf(b, "%s%d %s", db_t(b, "report.figure"), b->n_figures, title);
	}
	db_para(b, db_printf(b, "%s%s%s", title, db_colon(b), db_judgement(b, ti)));
	if (r->series.n > 0 && !r->a.base_is_plan) {
		struct buf x;
		buf_init(&x, 0);
		explain_baseline(&x, b->lang, b->p, r);
		db_note(b, arena_strdup(b->a, buf_str(&x)), NULL);
		buf_release(&x);
	}
	const char *src = source_text(b, t->latest_obs);
	if (src)
		db_note(b, src, t->latest_obs->source_url);
	else if (r->series.n > 0 && !t->latest_obs)
		db_note(b, db_t(b, "report.source_summed"), NULL);
}

/* Indicators the plan sets no target for: their trend since the earliest value (Open SDG
 * method 1), so none vanishes from the report. */
static void trends(struct docb *b)
{
	static const char *const heads[] = {"report.col.indicator", "report.col.region", "report.col.base",
					    "report.col.latest", "report.col.basis", "report.col.trend", "report.col.verdict"};
	static const double widths[] = {28, 10, 12, 14, 8, 12, 16};
	static const int numeric[] = {0, 0, 1, 1, 0, 1, 0};
	const struct evaluation *ev = b->ev;
	if (ev->n_trends == 0)
		return;
	db_heading(b, 2, db_t(b, "report.h.trends"));
	db_para(b, db_fill(b, "report.trends.intro", (const char *[]){"n"}, (const char *[]){db_printf(b, "%zu", ev->n_trends)}, 1));
	struct doc_table *t = db_table(b, db_t(b, "report.sheet.trends"), db_t(b, "report.cap.trends"), 7, ev->n_trends, heads,
				       widths, numeric);
	for (size_t i = 0; i < ev->n_trends; i++) {
		const struct assess_row *r = &ev->trends[i];
		const struct assessment *a = &r->a;
		const struct indicator *ind = &b->p->indicators[r->indicator];
		cell_text(db_cell(t, i, 0), db_ind_name(b, r->indicator));
		cell_text(db_cell(t, i, 1), db_region_name(b, r->region));
		if (r->series.n > 0) {
			cell_value(b, db_cell(t, i, 2), a->base_value, QUAL_EXACT, ind, 0);
			cell_value(b, db_cell(t, i, 3), a->latest_value, QUAL_EXACT, ind, 1);
			cell_text(db_cell(t, i, 4), r->latest_period ? r->latest_period : "—");
		} else {
			cell_empty(db_cell(t, i, 2)), cell_empty(db_cell(t, i, 3)), cell_empty(db_cell(t, i, 4));
		}
		if (a->has_cagr && isfinite(a->cagr_actual)) {
			cell_share(b, db_cell(t, i, 5), a->cagr_actual, 1);
		} else {
			cell_empty(db_cell(t, i, 5));
		}
		/* Open SDG's words for a trend (no target: never "on track") */
		cell_status(db_cell(t, i, 6), db_t(b, db_printf(b, "trend.%s", progress_status_name(a->status))),
			    report_verdict_role(verdict_of_status(a->status)));
	}
}

static void goals(struct docb *b)
{
	const struct evaluation *ev = b->ev;
	db_heading(b, 1, db_t(b, "report.h.goals"));
	for (size_t g = 0; g < ev->n_groups; g++) {
		const struct eval_group *gr = &ev->groups[g];
		const struct goal *go = &b->p->goals[gr->goal];
		const char *name = i18n_pick(b->lang, go->name_zh, go->name_en);
		db_heading(b, 2, name);
		if (b->lang == LANG_ZH && go->text_zh)
			db_note(b, db_printf(b, "%s%s", db_t(b, "report.goal_text"), go->text_zh), NULL);
		if (ev->is_final) {
			/* a final evaluation counts verdicts: a mean score of provisional statuses would
			 * read as "on track" */
			const char *names[] = {"n", "met", "not_met", "no_final", "not_assessed", "target_year"};
			const char *values[] = {db_printf(b, "%zu", gr->n_targets), db_printf(b, "%zu", gr->n_verdict[VERDICT_MET]),
						db_printf(b, "%zu", gr->n_verdict[VERDICT_NOT_MET]),
						db_printf(b, "%zu", gr->n_verdict[VERDICT_NO_FINAL]),
						db_printf(b, "%zu", gr->n_verdict[VERDICT_NOT_ASSESSED]),
						db_printf(b, "%d", b->p->info.target_year)};
			db_para(b, db_fill(b, "report.group.final", names, values, 6));
		} else {
			const char *names[] = {"n", "score", "status"};
			const char *values[] = {db_printf(b, "%zu", gr->n_targets), gr->has_score ? db_printf(b, "%.2f", gr->score) : "—",
						db_t(b, db_printf(b, "status.%s", progress_status_name(gr->status)))};
			db_para(b, db_fill(b, gr->has_score ? "report.group.score" : "report.group.no_score", names, values, 3));
		}
		if (gr->n_targets == 0)
			continue;
		struct doc_table *t = db_table(b, db_printf(b, "%s%d", db_t(b, "report.sheet.goal"), go->number), name, 9,
					       gr->n_targets, target_heads, target_widths, target_numeric);
		for (size_t k = 0; k < gr->n_targets; k++)
			target_row(b, t, k, gr->targets[k]);
		for (size_t k = 0; k < gr->n_targets; k++)
			target_detail(b, gr->targets[k]);
	}
	trends(b);
	db_firm_projections(b);
	db_add(b, DB_PAGE_BREAK);
}

/* ---- actions and measures ---------------------------------------------------------------- */

static const char *unit_list(const struct docb *b, const int *units, size_t n)
{
	if (n == 0)
		return "—";
	struct buf x;
	buf_init(&x, 0);
	for (size_t i = 0; i < n; i++) {
		if (i)
			bw(&x, b->lang == LANG_EN ? "; " : "、");
		bw(&x, db_unit_name(b, units[i]));
	}
	const char *out = arena_strdup(b->a, buf_str(&x));
	buf_release(&x);
	return out;
}

static const char *measure_targets_text(const struct docb *b, const struct eval_measure *m)
{
	if (m->n_targets == 0)
		return db_t(b, "report.measure.no_target");
	struct buf x;
	buf_init(&x, 0);
	for (size_t i = 0; i < m->n_targets; i++) {
		int ti = m->targets[i];
		const struct eval_target *t = &b->ev->targets[ti];
		if (i)
			bw(&x, b->lang == LANG_EN ? "; " : "；");
		bwf(&x, "%s %s%s%s", db_ind_name(b, t->row.indicator), db_target_text(b, t->row.target), db_colon(b),
		    db_verdict_text(b, ti));
	}
	const char *out = arena_strdup(b->a, buf_str(&x));
	buf_release(&x);
	return out;
}

static void actions(struct docb *b)
{
	const struct evaluation *ev = b->ev;
	static const char *const heads[] = {"report.col.measure_no", "report.col.measure", "report.col.lead",
					    "report.col.co", "report.col.measure_targets"};
	static const double widths[] = {6, 26, 18, 25, 25};
	static const int numeric[] = {1, 0, 0, 0, 0};
	db_heading(b, 1, db_t(b, "report.h.actions"));
	const char *names[] = {"n_actions", "n_measures", "doc_kind"};
	const char *values[] = {db_printf(b, "%zu", b->p->n_actions), db_printf(b, "%zu", b->p->n_measures), db_doc_kind(b)};
	if (b->p->n_measures == 0) {
		/* a plan that sets targets only (a 规划 or 纲要): nothing to track task by task, said once */
		db_para(b, db_fill(b, "report.actions.none", names, values, 3));
		db_add(b, DB_PAGE_BREAK);
		return;
	}
	db_para(b, db_fill(b, "report.actions.intro", names, values, 3));
	db_supervision_words(b);
	for (size_t ai = 0; ai < ev->n_actions; ai++) {
		const struct eval_action *ac = &ev->actions[ai];
		const struct action *pa = &b->p->actions[ac->action];
		const char *title = i18n_pick(b->lang, pa->title_zh, pa->title_en);
		db_heading(b, 2, title);
		struct doc_table *t = db_table(b, db_printf(b, "%s%d", db_t(b, "report.sheet.action"), pa->number),
					       db_printf(b, "%s%s", title, db_t(b, "report.cap.measures")), 5, ac->n_measures,
					       heads, widths, numeric);
		for (size_t k = 0; k < ac->n_measures; k++) {
			const struct eval_measure *m = &ac->measures[k];
			const struct measure *pm = &b->p->measures[m->measure];
			cell_count(b, db_cell(t, k, 0), (size_t)pm->number);
			cell_text(db_cell(t, k, 1), i18n_pick(b->lang, pm->title_zh, pm->title_en));
			cell_text(db_cell(t, k, 2), unit_list(b, m->leads, m->n_leads));
			cell_text(db_cell(t, k, 3), unit_list(b, m->cos, m->n_cos));
			cell_text(db_cell(t, k, 4), measure_targets_text(b, m));
		}
		db_action_supervision(b, ac);
		for (size_t k = 0; k < ac->n_measures; k++) {
			const struct eval_measure *m = &ac->measures[k];
			for (size_t i = 0; i < m->n_targets; i++) {
				int ti = m->targets[i];
				const struct eval_target *et = &ev->targets[ti];
				const char *keys[] = {"n", "what", "judgement"};
				const char *words[] = {db_printf(b, "%d", b->p->measures[m->measure].number),
						       db_ind_region(b, et->row.indicator, et->row.region), db_judgement(b, ti)};
				db_para(b, db_fill(b, "report.fmt.measure_item", keys, words, 3));
				const char *src = source_text(b, et->latest_obs);
				if (src)
					db_note(b, src, et->latest_obs->source_url);
			}
		}
	}
	db_add(b, DB_PAGE_BREAK);
}

/* ---- units' scorecards ------------------------------------------------------------------ */

static void units(struct docb *b)
{
	const struct evaluation *ev = b->ev;
	static const char *const heads[] = {"report.col.unit", "report.col.n_lead", "report.col.n_co",
					    "report.col.n_linked", "report.col.n_met", "report.col.n_behind",
					    "report.col.n_open"};
	static const double widths[] = {34, 11, 11, 11, 11, 11, 11};
	static const int numeric[] = {0, 1, 1, 1, 1, 1, 1};
	db_heading(b, 1, db_t(b, "report.h.units"));
	if (ev->n_units == 0) {
		const char *names[] = {"doc_kind"}, *values[] = {db_doc_kind(b)};
		db_para(b, db_fill(b, "report.units.none", names, values, 1));
		db_add(b, DB_PAGE_BREAK);
		return;
	}
	db_scorecards(b);
	db_para(b, db_t(b, ev->is_final ? "report.units.formula_final" : "report.units.formula_interim"));
	struct doc_table *t = db_table(b, db_t(b, "report.sheet.units"), db_t(b, "report.cap.units"), 7, ev->n_units, heads,
				       widths, numeric);
	for (size_t i = 0; i < ev->n_units; i++) {
		const struct eval_unit *u = &ev->units[i];
		cell_text(db_cell(t, i, 0), db_unit_name(b, u->unit));
		cell_count(b, db_cell(t, i, 1), u->n_lead);
		cell_count(b, db_cell(t, i, 2), u->n_co);
		cell_count(b, db_cell(t, i, 3), u->n_linked);
		cell_count(b, db_cell(t, i, 4), u->n_verdict[VERDICT_MET]);
		cell_count(b, db_cell(t, i, 5), u->n_verdict[VERDICT_NOT_MET] + u->n_verdict[VERDICT_OFF_TRACK]);
		cell_count(b, db_cell(t, i, 6), u->n_verdict[VERDICT_NO_FINAL] + u->n_verdict[VERDICT_NOT_ASSESSED]);
	}
	db_add(b, DB_PAGE_BREAK);
}

/* ---- charts ---------------------------------------------------------------------------- */

void report_chart_spec(const struct report_doc *d, int ti, double w, double h, struct arena *a,
		       struct chart_line_spec *spec)
{
	const struct eval_target *et = &d->ev->targets[ti];
	chart_spec_target(spec, a, d->ev->plan, &et->row, d->lang, et->is_final_period, arena_printf(a, "fig%d", ti + 1), w, h);
}

void report_doc_build(const struct evaluation *ev, enum lang lang, struct arena *a, struct report_doc *out)
{
	memset(out, 0, sizeof(*out));
	out->ev = ev;
	out->lang = lang;
	struct docb b = {out, ev, ev->plan, lang, a, 0, 0, 0, 0, 0, 0};
	cover(&b);
	summary(&b);
	goals(&b);
	actions(&b);
	units(&b);
	db_build_quality(&b);
	db_build_annexes(&b);
}
