/* import.c - indicator value import (see import.h). The file streams row by row; each row is
 * resolved and checked into a pending revision and put in an external sort (ingest/extsort),
 * so memory does not grow with the file; read back in cell order, each cell's revisions are
 * written at once inside the import's one transaction and the plan's rules run an indicator at
 * a time over its pending values and what is stored; any error rolls everything back. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "core/period.h"
#include "base/buf.h"
#include "core/rules.h"
#include "ingest/extsort.h"
#include "ingest/import.h"
#include "ingest/sheet.h"
#include "ingest/source.h"
#include "ingest/units.h"
#include "store/store.h"
#include "base/banned.h"

#define IMPORT_MAX_VIOLATIONS 1000u

enum col {
	C_INDICATOR, C_REGION, C_PERIOD, C_VALUE, C_SOURCE, C_URL, C_NOTE, C_QUALIFIER, C_UNIT,
	C_PUBLISHER, C_TITLE, C_PUBLISHED, C_REVISION, C_REASON, N_COLS
};

static const char *const al_indicator[] = {"指标", "指标代码", "指标名称", "indicator_code", NULL};
static const char *const al_region[] = {"地区", "区域", "地区代码", "region_code", NULL};
static const char *const al_period[] = {"时期", "期间", "年份", "年度", "统计期", "year", NULL};
static const char *const al_value[] = {"数值", "值", "指标值", NULL};
static const char *const al_source[] = {"来源", "数据来源", NULL};
static const char *const al_url[] = {"链接", "来源链接", "网址", "url", NULL};
static const char *const al_note[] = {"备注", "说明", NULL};
static const char *const al_qualifier[] = {"限定", "数值限定", NULL};
static const char *const al_unit[] = {"单位", "计量单位", NULL};
static const char *const al_publisher[] = {"发布机构", "发布单位", "发布者", NULL};
static const char *const al_title[] = {"标题", "文件标题", "来源标题", NULL};
static const char *const al_published[] = {"发布日期", "发布时间", NULL};
static const char *const al_revision[] = {"修订", "修订次序", NULL};
static const char *const al_reason[] = {"修订原因", "原因", NULL};

static const struct col_spec value_cols[N_COLS] = {
	[C_INDICATOR] = {"indicator", al_indicator, 1},
	[C_REGION] = {"region", al_region, 1},
	[C_PERIOD] = {"period", al_period, 1},
	[C_VALUE] = {"value", al_value, 1},
	[C_SOURCE] = {"source", al_source, 0},
	[C_URL] = {"source_url", al_url, 0},
	[C_NOTE] = {"note", al_note, 0},
	[C_QUALIFIER] = {"qualifier", al_qualifier, 0},
	[C_UNIT] = {"unit", al_unit, 0},
	[C_PUBLISHER] = {"publisher", al_publisher, 0},
	[C_TITLE] = {"title", al_title, 0},
	[C_PUBLISHED] = {"published", al_published, 0},
	[C_REVISION] = {"revision", al_revision, 0},
	[C_REASON] = {"reason", al_reason, 0},
};

#define IMPORT_REVISION_MAX 1000

/* One parsed row, resolved against the plan. */
struct pending {
	int indicator, region;
	struct period period;
	char period_text[PERIOD_TEXT_MAX];
	double value;
	enum obs_qualifier qualifier;
	const char *source, *url, *note, *unit_given, *publisher, *title, *published, *reason;
	int has_value_given;
	double value_given;
	int revision;               /* the revision column, 0 when empty: orders a cell's rows */
	int base_revision;          /* the cell's newest revision the writer saw, -1: not said */
	long line;
	int is_bad;
	struct pending *next;       /* the cell's next row in revision order, NULL for its newest */
	int is_first;               /* the cell's first row in revision order */
};

static const char *opt_text(struct arena *a, const struct sheet_row *row, int idx)
{
	struct str v = sheet_cell(row, idx);
	return v.len ? arena_strndup(a, v.p, v.len) : NULL;
}

/* A period cell: the period forms of period_parse, or a spreadsheet date "YYYY-MM-01" that a
 * spreadsheet made of "2024-07". */
static int parse_period_cell(struct str v, struct period *out)
{
	if (period_parse(v.p, v.len, out))
		return 1;
	if (v.len == 10 && v.p[4] == '-' && v.p[7] == '-' && v.p[8] == '0' && v.p[9] == '1')
		return period_parse(v.p, 7, out) && out->kind == PERIOD_MONTH;
	return 0;
}

/* A value cell: a number, optionally led by a qualifier mark ("≥1200", "约4000", ">=5"). */
static int parse_value_cell(struct str v, double *out, enum obs_qualifier *q)
{
	static const struct {
		const char *mark;
		enum obs_qualifier q;
	} marks[] = {{"≥", QUAL_LOWER_BOUND}, {">=", QUAL_LOWER_BOUND}, {"＞", QUAL_LOWER_BOUND}, {"≈", QUAL_APPROX},
		     {"约", QUAL_APPROX}, {"~", QUAL_APPROX}, {"≤", QUAL_UPPER_BOUND}, {"<=", QUAL_UPPER_BOUND}};
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (str_has_prefix(v, marks[i].mark)) {
			size_t n = strlen(marks[i].mark);
			*q = marks[i].q;
			return num_parse_double(str_trim((struct str){v.p + n, v.len - n}), out);
		}
	return num_parse_double(v, out);
}

static void parse_row(struct arena *a, const struct plan *p, struct plan_name_memo *names, const struct sheet *sh,
		      const struct sheet_row *row, const int *idx, const struct principal *who, struct pending *pd,
		      struct diag_list *diags)
{
	struct str ind = sheet_cell(row, idx[C_INDICATOR]), reg = sheet_cell(row, idx[C_REGION]);
	struct str per = sheet_cell(row, idx[C_PERIOD]), val = sheet_cell(row, idx[C_VALUE]);
	memset(pd, 0, sizeof(*pd));
	pd->line = row->line;
	pd->indicator = pd->region = -1;
#define BAD(col, code, ...)                                                                         \
	do {                                                                                        \
		sheet_cell_error(sh, row, idx[col], value_cols[col].name, code, diags, __VA_ARGS__);   \
		pd->is_bad = 1;                                                                     \
	} while (0)
	const char *ind_s = arena_strndup(a, ind.p, ind.len), *reg_s = arena_strndup(a, reg.p, reg.len), *cands;
	if (ind.len == 0)
		BAD(C_INDICATOR, "missing", "the indicator is empty");
	else if ((pd->indicator = plan_name_memo_find(&names[PLAN_INDICATOR], ind.p, ind.len)) >= 0)
		;
	else if ((cands = plan_name_candidates(a, p, PLAN_INDICATOR, ind_s)))
		BAD(C_INDICATOR, "ambiguous_indicator", "indicator '%s' names more than one; write the code of one of: %s", ind_s, cands);
	else
		BAD(C_INDICATOR, "unknown_indicator", "unknown indicator '%s': give its code, Chinese or English name as in the plan", ind_s);
	if (reg.len == 0)
		BAD(C_REGION, "missing", "the region is empty");
	else if ((pd->region = plan_name_memo_find(&names[PLAN_REGION], reg.p, reg.len)) >= 0)
		;
	else if ((cands = plan_name_candidates(a, p, PLAN_REGION, reg_s)))
		BAD(C_REGION, "ambiguous_region", "region '%s' names more than one; write the code of one of: %s", reg_s, cands);
	else
		BAD(C_REGION, "unknown_region", "unknown region '%s': give its code, Chinese or English name as in the plan", reg_s);
	if (per.len == 0)
		BAD(C_PERIOD, "missing", "the period is empty");
	else if (!parse_period_cell(per, &pd->period))
		BAD(C_PERIOD, "bad_period", "'%.*s' is not a period: write 2024, 2024Q3 or 2024-07", (int)per.len, per.p);
	else
		period_format(&pd->period, pd->period_text);
	pd->qualifier = QUAL_EXACT;
	const struct indicator *d = pd->indicator >= 0 ? &p->indicators[pd->indicator] : NULL;
	int is_label = 0; /* an ordinal indicator's value may be written as its class label ("Ⅲ类") */
	for (size_t k = 0; d && d->scale == SCALE_ORDINAL && k < d->n_levels && !is_label; k++)
		if (str_eq(val, d->levels[k])) {
			pd->value = (double)(k + 1);
			is_label = 1;
		}
	if (val.len == 0)
		BAD(C_VALUE, "missing", "the value is empty");
	else if (!is_label && !parse_value_cell(val, &pd->value, &pd->qualifier))
		BAD(C_VALUE, "bad_number", "'%.*s' is not a number", (int)val.len, val.p);
	else if (d && d->scale == SCALE_ORDINAL && !indicator_level_label(d, pd->value))
		BAD(C_VALUE, "bad_value", "'%.*s' is not a class of '%s': use one of its labels (%s ...) or a position 1..%zu",
		    (int)val.len, val.p, d->code, d->levels[0], d->n_levels);
	else if (d && d->scale == SCALE_JUDGEMENT && pd->value != 0 && pd->value != 1)
		BAD(C_VALUE, "bad_value", "'%.*s' is not a reviewer's verdict on '%s': use 1 (met) or 0 (not met)",
		    (int)val.len, val.p, d->code);
	struct str q = sheet_cell(row, idx[C_QUALIFIER]);
	if (q.len) {
		enum obs_qualifier qq;
		if (!obs_qualifier_parse(arena_strndup(a, q.p, q.len), &qq))
			BAD(C_QUALIFIER, "bad_value", "unknown qualifier '%.*s': use lower_bound, approx, forecast_lower_bound or upper_bound", (int)q.len, q.p);
		else
			pd->qualifier = qq;
	}
	if (who && pd->indicator >= 0 && pd->region >= 0) {
		struct scope sc = {p->indicators[pd->indicator].owner_code, p->regions[pd->region].code};
		if (authz_check(who, ACT_WRITE_VALUES, &sc) != ST_OK) {
			sheet_cell_error(sh, row, idx[C_INDICATOR], value_cols[C_INDICATOR].name, "forbidden", diags,
					 "you may not write values of '%s' for '%s': your role covers only %s '%s'",
					 p->indicators[pd->indicator].code, p->regions[pd->region].code,
					 who->role == ROLE_REGION_REPORTER ? "region" : "unit",
					 who->role == ROLE_REGION_REPORTER ? (who->region ? who->region : "") : (who->unit ? who->unit : ""));
			pd->is_bad = 1;
		}
	}
	pd->source = opt_text(a, row, idx[C_SOURCE]);
	pd->url = opt_text(a, row, idx[C_URL]);
	pd->note = opt_text(a, row, idx[C_NOTE]);
	pd->publisher = opt_text(a, row, idx[C_PUBLISHER]);
	pd->title = opt_text(a, row, idx[C_TITLE]);
	pd->published = opt_text(a, row, idx[C_PUBLISHED]);
	pd->reason = opt_text(a, row, idx[C_REASON]);
	if (d && d->scale == SCALE_JUDGEMENT && !pd->note && !pd->is_bad)
		BAD(C_NOTE, "missing", "a reviewer's verdict on '%s' needs its reason in the note", d->code);
	if (pd->url && strncmp(pd->url, "http://", 7) != 0 && strncmp(pd->url, "https://", 8) != 0)
		BAD(C_URL, "bad_url", "a source link must start with http:// or https://");
	if (pd->published && !obs_published_valid(pd->published))
		BAD(C_PUBLISHED, "bad_published",
		    "'%s' is not a publication date: write 2026-03-25, or 2026-03 or 2026 when the source gives no day",
		    pd->published);
	struct str rev = sheet_cell(row, idx[C_REVISION]);
	int64_t rev_n;
	if (rev.len && !num_parse_int(rev, 1, IMPORT_REVISION_MAX, &rev_n))
		BAD(C_REVISION, "bad_number", "'%.*s' is not a revision number: write 1 for the first figure of a cell, 2 for its revision",
		    (int)rev.len, rev.p);
	else if (rev.len)
		pd->revision = (int)rev_n;
	const char *unit = opt_text(a, row, idx[C_UNIT]);
	if (unit && pd->indicator >= 0 && !pd->is_bad) {
		const char *want = d->unit_zh;
		double converted;
		if (d->unit_en && *d->unit_en && strcmp(unit, d->unit_en) == 0)
			unit = want; /* the indicator's own unit in English (the English entry template's) */
		if (!unit_convert(pd->value, unit, want, &converted)) {
			BAD(C_UNIT, "bad_unit", "unit '%s' cannot be converted to the indicator's unit '%s'", unit, want);
		} else if (strcmp(unit, want) != 0) {
			pd->unit_given = unit;
			pd->has_value_given = 1;
			pd->value_given = pd->value;
			pd->value = converted;
		}
	}
#undef BAD
}

static int cell_qsort_cmp(const void *x, const void *y)
{
	return cell_key_cmp(x, y);
}

static int same_text(const char *x, const char *y)
{
	return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* Workflow order: a re-import with a later status (a department approving what was submitted)
 * is a change; with the same or an earlier one it is not. */
static int status_rank(enum obs_status st)
{
	return st == OBS_PUBLISHED ? 3 : st == OBS_APPROVED ? 2 : st == OBS_SUBMITTED ? 1 : 0;
}

static int is_unchanged(const struct obs *before, const struct pending *pd, enum obs_status want)
{
	return before && before->status != OBS_RETURNED && status_rank(before->status) >= status_rank(want) &&
	       before->value == pd->value && before->qualifier == pd->qualifier &&
	       same_text(before->source, pd->source) && same_text(before->source_url, pd->url) &&
	       same_text(before->note, pd->note) && same_text(before->publisher, pd->publisher) &&
	       same_text(before->title, pd->title) && same_text(before->published, pd->published) &&
	       (!pd->reason || same_text(before->reason, pd->reason));
}

/* ---- a row as a sortable record ----------------------------------------------------------- */

/* The strings a row carries, in record order. */
enum { S_SOURCE, S_URL, S_NOTE, S_UNIT, S_PUBLISHER, S_TITLE, S_PUBLISHED, S_REASON, S_VALUE_TEXT, N_STRS };

/* A checked row as the external sort keeps it: this head, then each string present. */
struct pend_rec {
	int32_t indicator, region;
	int32_t period_kind, period_year, period_sub;
	char period_text[PERIOD_TEXT_MAX];
	double value, value_given;
	int32_t qualifier, revision, has_value_given, base_revision;
	int64_t line;
	uint32_t str_len[N_STRS]; /* UINT32_MAX: absent (NULL) */
};

/* Where each string of a row lives, in record order. */
static void pend_slots(struct pending *pd, const char **value_text, const char **slots[N_STRS])
{
	slots[S_SOURCE] = &pd->source, slots[S_URL] = &pd->url, slots[S_NOTE] = &pd->note;
	slots[S_UNIT] = &pd->unit_given, slots[S_PUBLISHER] = &pd->publisher, slots[S_TITLE] = &pd->title;
	slots[S_PUBLISHED] = &pd->published, slots[S_REASON] = &pd->reason, slots[S_VALUE_TEXT] = value_text;
}

static enum status pend_add(struct extsort *x, struct buf *b, struct pending *pd, const char *value_text)
{
	struct pend_rec h;
	memset(&h, 0, sizeof(h));
	h.indicator = pd->indicator, h.region = pd->region;
	h.period_kind = (int32_t)pd->period.kind, h.period_year = pd->period.year, h.period_sub = pd->period.sub;
	memcpy(h.period_text, pd->period_text, sizeof(h.period_text));
	h.value = pd->value, h.value_given = pd->value_given;
	h.qualifier = (int32_t)pd->qualifier, h.revision = pd->revision, h.has_value_given = pd->has_value_given;
	h.base_revision = pd->base_revision;
	h.line = pd->line;
	const char **slots[N_STRS];
	pend_slots(pd, &value_text, slots);
	for (int i = 0; i < N_STRS; i++)
		h.str_len[i] = *slots[i] ? (uint32_t)strlen(*slots[i]) : UINT32_MAX;
	buf_reset(b);
	bwn(b, &h, sizeof(h));
	for (int i = 0; i < N_STRS; i++)
		if (*slots[i])
			bwn(b, *slots[i], h.str_len[i]);
	if (buf_status(b) != ST_OK)
		return ST_TOO_LARGE;
	return extsort_add(x, b->p, b->len);
}

/* The record back as a pending row, its strings in arena a. */
static void pend_read(struct arena *a, const void *p, size_t len, struct pending *pd, const char **value_text)
{
	struct pend_rec h;
	memcpy(&h, p, sizeof(h));
	memset(pd, 0, sizeof(*pd));
	pd->indicator = h.indicator, pd->region = h.region;
	pd->period = (struct period){h.period_year, (enum period_kind)h.period_kind, h.period_sub};
	memcpy(pd->period_text, h.period_text, sizeof(pd->period_text));
	pd->value = h.value, pd->value_given = h.value_given;
	pd->qualifier = (enum obs_qualifier)h.qualifier, pd->revision = h.revision, pd->has_value_given = h.has_value_given;
	pd->base_revision = h.base_revision;
	pd->line = (long)h.line;
	const char *at = (const char *)p + sizeof(h), *end = (const char *)p + len;
	const char **slots[N_STRS];
	pend_slots(pd, value_text, slots);
	for (int i = 0; i < N_STRS; i++) {
		*slots[i] = NULL;
		if (h.str_len[i] == UINT32_MAX || at + h.str_len[i] > end)
			continue;
		*slots[i] = arena_strndup(a, at, h.str_len[i]);
		at += h.str_len[i];
	}
}

/* Cell order (indicator, region, period), then revision, then line (pending_cmp's order). */
static int pend_cmp(const void *x, size_t xl, const void *y, size_t yl)
{
	(void)xl, (void)yl;
	/* the fields compared, read one by one (a record need not be aligned) */
#define FIELD(rec, f, v) memcpy(&(v), (const char *)(rec) + offsetof(struct pend_rec, f), sizeof(v))
	int32_t ia, ib, ra, rb;
	FIELD(x, indicator, ia), FIELD(y, indicator, ib);
	if (ia != ib)
		return ia < ib ? -1 : 1;
	FIELD(x, region, ra), FIELD(y, region, rb);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	int c = strncmp((const char *)x + offsetof(struct pend_rec, period_text),
			(const char *)y + offsetof(struct pend_rec, period_text), PERIOD_TEXT_MAX);
	if (c)
		return c;
	FIELD(x, revision, ra), FIELD(y, revision, rb);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	int64_t la, lb;
	FIELD(x, line, la), FIELD(y, line, lb);
#undef FIELD
	return (la > lb) - (la < lb);
}

/* ---- the import ------------------------------------------------------------------------------ */

/* One rule-check subject: the newest pending figure of a cell, with where it came from. */
struct new_cell {
	long line;
	const char *value_text; /* the value cell as written (scratch arena of the indicator) */
};

/* The import of one file: the rows checked one by one into the external sort, then read back
 * in cell order, a cell at a time (its rows linked in revision order, compared with what is
 * stored, written at once inside the transaction), an indicator at a time (the plan's rules
 * over its pending figures and its stored ones). */
struct val_import {
	struct store *s;
	struct arena *a; /* the result's */
	const struct plan *p;
	const struct import_opts *opts;
	struct import_result *res;
	struct diag_list *diags;
	size_t errors_before, diags_before;
	const char *file, *sheet_name;
	int idx[N_COLS];
	size_t n_data_rows; /* rows after the header read, blank ones included (base_revisions' index) */
	int is_mapped;
	struct extsort *sort;
	size_t *ind_rows; /* rows of each indicator of the plan in the file */
	struct buf rec;
	struct arena *row;   /* one row, reset after it */
	struct plan_name_memo names[PLAN_INDICATOR + 1]; /* the names met so far, by kind */
	struct arena *cell;  /* one cell's rows and look-ups */
	struct arena *ind;   /* one indicator's rule subjects */
	struct obs_writer *w;
	size_t n_violations;
	size_t n_stale; /* rows whose cell is past the revision the writer saw (base_revisions) */
	size_t changes_cap;
	/* the indicator being read: its new cells for the rules, and its current values as stored
	 * before the import wrote any of them (read as the indicator begins) */
	int cur_ind;
	struct obs *cur;
	size_t n_cur;
	struct cell *cells;
	struct new_cell *subjects;
	size_t n_cells, cells_cap;
};

static enum status val_header(struct val_import *v, const struct sheet *sh)
{
	v->file = sh->file;
	v->sheet_name = sh->sheet_name ? arena_strdup(v->a, sh->sheet_name) : NULL;
	if (sheet_map_columns(sh, value_cols, N_COLS, 0, v->idx, v->diags))
		return ST_INVALID;
	/* columns we do not use are named, so a misspelt optional column does not vanish silently */
	for (size_t c = 0; c < sh->rows[0].n_cells; c++) {
		int used = 0;
		for (int k = 0; k < N_COLS; k++)
			used |= v->idx[k] == (int)c;
		if (!used && sh->rows[0].cells[c].len) {
			struct diag *d = diag_warn(v->diags, sh->file, sh->rows[0].line, (int)c + 1, NULL, "unused_column",
						   "column '%.*s' is not used", (int)sh->rows[0].cells[c].len, sh->rows[0].cells[c].p);
			if (d)
				d->sheet = sh->sheet_name;
		}
	}
	v->is_mapped = 1;
	return ST_OK;
}

static enum status val_row(void *ctx, const struct sheet *sh, const struct sheet_row *row)
{
	struct val_import *v = ctx;
	if (!v->is_mapped)
		return val_header(v, sh);
	size_t data_row = v->n_data_rows++;
	/* a row that names a cell and gives nothing for it (no value, source, note or other
	 * detail: a template's row not filled in) is no figure: skipped, not an error */
	int is_blank = 1;
	for (int k = C_VALUE; k < N_COLS && is_blank; k++)
		is_blank = k == C_UNIT || str_trim(sheet_cell(row, v->idx[k])).len == 0;
	if (is_blank)
		return ST_OK;
	struct pending pd;
	parse_row(v->row, v->p, v->names, sh, row, v->idx, v->opts->principal, &pd, v->diags);
	pd.base_revision = v->opts->base_revisions ? v->opts->base_revisions[data_row] : -1;
	v->res->n_rows++;
	enum status rc = ST_OK;
	if (!pd.is_bad) {
		v->ind_rows[pd.indicator]++;
		struct str val = sheet_cell(row, v->idx[C_VALUE]);
		rc = pend_add(v->sort, &v->rec, &pd, arena_strndup(v->row, val.p, val.len));
	}
	arena_reset(v->row);
	return rc;
}

/* A diagnostic on a row of the file, in the file's sheet. */
static struct diag *row_diag(struct val_import *v, int is_warning, long line, int col, const char *field, const char *code,
			     const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static struct diag *row_diag(struct val_import *v, int is_warning, long line, int col, const char *field, const char *code,
			     const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	struct diag *d = is_warning ? diag_warn(v->diags, v->file, line, col, field, code, "%s", msg)
				    : diag_add(v->diags, v->file, line, col, field, code, "%s", msg);
	if (d)
		d->sheet = v->sheet_name;
	return d;
}

static int is_clean(const struct val_import *v)
{
	return diag_errors(v->diags) == v->errors_before;
}

/* The plan's rules over the indicator's pending figures and its stored current values (the
 * pending ones replace stored ones of the same cell): a violation involving a pending figure
 * is an error (or a warning) on its row. Rules never compare two indicators, so checking an
 * indicator at a time finds what checking all at once would. */
static enum status check_indicator(struct val_import *v)
{
	if (v->cur_ind < 0 || v->n_cells == 0)
		return ST_OK;
	const struct plan *p = v->p;
	const struct obs *cur = v->cur;
	size_t n_cur = v->n_cur;
	size_t n_new = v->n_cells;
	struct cell *cells = arena_alloc(v->ind, (n_new + n_cur + 1) * sizeof(*cells));
	memcpy(cells, v->cells, n_new * sizeof(*cells));
	/* the new cells arrive in (region, period text) order: sort them for the look-up below */
	qsort(cells, n_new, sizeof(*cells), cell_qsort_cmp);
	size_t m = n_new;
	for (size_t i = 0; i < n_cur; i++) {
		struct cell c = {v->cur_ind, plan_find_region(p, cur[i].region), {0, 0, 0}, cur[i].value, cur[i].qualifier, 0, -1};
		if (c.region < 0 || !period_parse(cur[i].period, strlen(cur[i].period), &c.period))
			continue;
		if (!bsearch(&c, cells, n_new, sizeof(*cells), cell_qsort_cmp)) /* a pending value replaces it */
			cells[m++] = c;
	}
	size_t cap = IMPORT_MAX_VIOLATIONS - v->n_violations;
	struct violation *viol = arena_alloc(v->ind, (cap ? cap : 1) * sizeof(*viol));
	size_t nv = rules_check(p, cells, m, 1, v->ind, viol, cap);
	if (nv > cap)
		nv = cap;
	v->n_violations += nv;
	for (size_t i = 0; i < nv; i++) {
		const struct cell *c = &cells[viol[i].cell];
		const struct cell *blame = c->is_new ? c : &cells[viol[i].other];
		const struct new_cell *nc = &v->subjects[blame->ref];
		const struct rule *r = &p->rules[viol[i].rule];
		struct diag *d = row_diag(v, viol[i].is_warning, nc->line, v->idx[C_VALUE] + 1, "value", r->code, "rule '%s': %s",
					  r->code, viol[i].message);
		if (d && nc->value_text)
			diag_set_value(v->diags, d, nc->value_text, strlen(nc->value_text));
	}
	return ST_OK;
}

/* Note a written (or would-be) change in the result: counted always, listed while short. */
static void list_change(struct val_import *v, const struct obs *before, const struct obs *after, long line, long cell_line,
			size_t order)
{
	struct import_result *res = v->res;
	if (res->n_changes == IMPORT_CHANGES_LISTED)
		return;
	if (res->n_changes == v->changes_cap) {
		size_t cap = v->changes_cap ? v->changes_cap * 2 : 64;
		struct import_change *grown = arena_alloc(v->a, cap * sizeof(*grown));
		if (res->n_changes)
			memcpy(grown, res->changes, res->n_changes * sizeof(*grown));
		res->changes = grown;
		v->changes_cap = cap;
	}
	struct import_change *ch = &res->changes[res->n_changes++];
	memset(ch, 0, sizeof(*ch));
	ch->line = line;
	ch->cell_line = cell_line;
	ch->order = order;
	struct obs *o = &ch->after;
	*o = *after;
	o->indicator = arena_strdup(v->a, after->indicator);
	o->region = arena_strdup(v->a, after->region);
	o->period = arena_strdup(v->a, after->period);
#define COPY(f) o->f = after->f ? arena_strdup(v->a, after->f) : NULL
	COPY(source), COPY(source_url), COPY(note), COPY(publisher), COPY(title), COPY(published), COPY(reason);
	COPY(unit_given), COPY(created_by);
#undef COPY
	if (before) {
		struct obs *b = arena_alloc(v->a, sizeof(*b));
		*b = *before;
#define COPY(f) b->f = before->f ? arena_strdup(v->a, before->f) : NULL
		COPY(indicator), COPY(region), COPY(period), COPY(source), COPY(source_url), COPY(note), COPY(publisher);
		COPY(title), COPY(published), COPY(reason), COPY(unit_given), COPY(created_at), COPY(created_by);
#undef COPY
		ch->before = b;
	}
}

/* One cell's rows (sorted by revision, then line): link them as link_cells did, then compare
 * the chain with what is stored and write what is new. */
static enum status do_cell(struct val_import *v, struct pending *rows, const char **texts, size_t n)
{
	const struct plan *p = v->p;
	/* a cell may have several rows only when each carries its own revision number (the figure
	 * first published, then its revision): two rows without one, or with the same one, are a
	 * duplicate; a row revising an earlier row of the file must say why in the reason column */
	rows[0].is_first = 1;
	for (size_t i = 1; i < n; i++) {
		struct pending *cur = &rows[i], *prev = &rows[i - 1];
		int is_bad = 1;
		if (!prev->revision || prev->revision == cur->revision) {
			if (prev->revision)
				row_diag(v, 0, cur->line, v->idx[C_REVISION] + 1, value_cols[C_REVISION].name, "duplicate_row",
					 "revision %d of this indicator, region and period is also on row %ld", cur->revision, prev->line);
			else
				row_diag(v, 0, cur->line, 0, NULL, "duplicate_row",
					 "the same indicator, region and period as row %ld: give each value once, or number "
					 "the figure and its revisions in a 'revision' column", prev->line);
		} else if (!cur->reason) {
			row_diag(v, 0, cur->line, v->idx[C_REASON] >= 0 ? v->idx[C_REASON] + 1 : 0, value_cols[C_REASON].name,
				 "missing_reason", "revision %d revises the figure of row %ld: say why in the 'reason' column",
				 cur->revision, prev->line);
		} else {
			is_bad = 0;
		}
		if (is_bad)
			cur->is_bad = 1;
		else
			prev->next = cur;
	}
	/* the newest figure of the chain is the one the rules see */
	struct pending *newest = &rows[0];
	while (newest->next)
		newest = newest->next;
	if (v->n_cells == v->cells_cap) {
		size_t cap = v->cells_cap ? v->cells_cap * 2 : 256;
		struct cell *c = arena_alloc(v->ind, cap * sizeof(*c));
		struct new_cell *nc = arena_alloc(v->ind, cap * sizeof(*nc));
		if (v->n_cells) {
			memcpy(c, v->cells, v->n_cells * sizeof(*c));
			memcpy(nc, v->subjects, v->n_cells * sizeof(*nc));
		}
		v->cells = c, v->subjects = nc, v->cells_cap = cap;
	}
	const char *newest_text = texts[newest - rows];
	v->subjects[v->n_cells] = (struct new_cell){newest->line, newest_text ? arena_strdup(v->ind, newest_text) : NULL};
	v->cells[v->n_cells] = (struct cell){newest->indicator, newest->region, newest->period, newest->value, newest->qualifier,
					     1, (long)v->n_cells};
	v->n_cells++;
	if (diag_errors(v->diags) - v->errors_before > v->n_stale)
		return ST_OK; /* the import fails: checking goes on, writing stops */

	struct obs_key key = {p->indicators[rows[0].indicator].code, p->regions[rows[0].region].code, rows[0].period_text};
	struct obs *before;
	enum status rc = store_obs_writer_latest(v->w, v->cell, &key, &before);
	if (rc != ST_OK)
		return rc;
	/* an edit of a value someone changed since the writer read it: refused, never a silent
	 * overwrite (the writer checks again as it writes: store_obs_put) */
	size_t n_stale = v->n_stale;
	for (size_t i = 0; i < n; i++) {
		int have = before ? before->revision : 0;
		if (rows[i].base_revision >= 0 && rows[i].base_revision != have) {
			row_diag(v, 0, rows[i].line, 0, "revision", "conflict",
				 "the value was changed meanwhile: its newest revision is %d, not %d", have, rows[i].base_revision);
			v->n_stale++;
		}
	}
	if (v->n_stale != n_stale || !is_clean(v))
		return ST_OK;
	/* a cell's rows are its figures in order: what follows the last row equal to the
	 * stored value is new, so the same file again writes nothing */
	const struct pending *from = &rows[0];
	for (const struct pending *pd = from; pd; pd = pd->next)
		if (is_unchanged(before, pd, v->opts->status))
			from = pd->next;
	for (const struct pending *pd = &rows[0]; pd != from; pd = pd->next)
		v->res->n_unchanged++;
	const struct obs *prev = before;
	size_t order = 0;
	for (const struct pending *pd = from; pd; pd = pd->next) {
		struct obs *o = arena_calloc(v->cell, 1, sizeof(*o));
		o->indicator = key.indicator;
		o->region = key.region;
		o->period = pd->period_text;
		o->period_t = period_time(&pd->period);
		o->revision = prev ? prev->revision + 1 : 1;
		o->value = pd->value;
		o->qualifier = pd->qualifier;
		o->status = v->opts->status;
		o->source = pd->source, o->source_url = pd->url, o->note = pd->note;
		o->publisher = pd->publisher, o->title = pd->title, o->published = pd->published;
		o->reason = pd->reason;
		o->unit_given = pd->unit_given, o->has_value_given = pd->has_value_given, o->value_given = pd->value_given;
		o->created_by = v->opts->who;
		rc = store_obs_put(v->w, o);
		if (rc != ST_OK)
			return rc;
		list_change(v, prev, o, pd->line, rows[0].line, order++);
		if (prev)
			v->res->n_revised++;
		else
			v->res->n_new++;
		prev = o;
	}
	return ST_OK;
}

/* Listed changes back in file order: by the line of their cell's first row, then in the
 * cell's revision order. */
static int change_cmp(const void *x, const void *y)
{
	const struct import_change *a = x, *b = y;
	if (a->cell_line != b->cell_line)
		return a->cell_line < b->cell_line ? -1 : 1;
	return (a->order > b->order) - (a->order < b->order);
}

/* Read the sorted rows back, a cell at a time, an indicator at a time. */
static enum status run_cells(struct val_import *v)
{
	enum status rc = extsort_sort(v->sort);
	if (rc != ST_OK)
		return rc;
	struct pending *group = NULL;
	const char **texts = NULL;
	size_t n = 0, cap = 0;
	v->cur_ind = -1;
	for (;;) {
		const void *recp;
		size_t len;
		int got = extsort_next(v->sort, &recp, &len);
		if (got < 0)
			return ST_IO;
		struct pending pd;
		const char *text = NULL;
		if (got)
			pend_read(v->row, recp, len, &pd, &text);
		int is_same = got && n && pd.indicator == group[0].indicator && pd.region == group[0].region &&
			      strcmp(pd.period_text, group[0].period_text) == 0;
		if (n && !is_same) {
			rc = do_cell(v, group, texts, n);
			if (rc != ST_OK)
				return rc;
			arena_reset(v->cell); /* the group lived there */
			group = NULL, texts = NULL;
			n = cap = 0;
		}
		if (got && pd.indicator != v->cur_ind) {
			rc = check_indicator(v);
			if (rc != ST_OK)
				return rc;
			arena_reset(v->ind);
			v->cells = NULL, v->subjects = NULL, v->n_cells = v->cells_cap = 0;
			v->cur_ind = pd.indicator;
			/* read before the indicator's cells are written: a pending figure replaces its
			 * cell's stored one anyway, and an import into an empty store reads nothing back */
			rc = store_obs_writer_pause(v->w);
			if (rc == ST_OK)
				rc = store_obs_current(v->s, v->ind, v->p->indicators[v->cur_ind].code, NULL, OBS_VIEW_INTERNAL,
						       &v->cur, &v->n_cur);
			/* a file giving many of the indicator's cells: the writer reads the newest
			 * revisions of them all at once rather than a cell at a time */
			if (rc == ST_OK && v->n_cur && v->ind_rows[v->cur_ind] * 4 >= v->n_cur)
				rc = store_obs_writer_read_indicator(v->w, v->p->indicators[v->cur_ind].code);
			if (rc != ST_OK)
				return rc;
		}
		if (!got)
			break;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct pending *g = arena_alloc(v->cell, ncap * sizeof(*g));
			const char **t = arena_alloc(v->cell, ncap * sizeof(*t));
			if (n) {
				memcpy(g, group, n * sizeof(*g));
				memcpy(t, texts, n * sizeof(*t));
			}
			group = g, texts = t, cap = ncap;
		}
		/* the row's strings move to the cell's arena: the row arena is reset for the next */
		struct pending *dst = &group[n];
		*dst = pd;
#define MOVE(f) dst->f = pd.f ? arena_strdup(v->cell, pd.f) : NULL
		MOVE(source), MOVE(url), MOVE(note), MOVE(unit_given), MOVE(publisher), MOVE(title), MOVE(published), MOVE(reason);
#undef MOVE
		texts[n] = text ? arena_strdup(v->cell, text) : NULL;
		n++;
		arena_reset(v->row);
	}
	rc = check_indicator(v);
	if (rc == ST_OK && v->res->n_changes > 1)
		qsort(v->res->changes, v->res->n_changes, sizeof(*v->res->changes), change_cmp);
	return rc;
}

static int has_forbidden(const struct diag_list *d, size_t from)
{
	for (size_t i = from; i < d->n; i++)
		if (strcmp(d->items[i].code, "forbidden") == 0)
			return 1;
	return 0;
}

/* Everything after the rows went into the sort: the cells, the rules, the decision. */
static enum status val_finish(struct val_import *v, const char *sha256, const char *encoding)
{
	struct import_result *res = v->res;
	enum status rc;
	if (!v->is_mapped) { /* no header: an empty file */
		struct sheet empty = {v->file, v->sheet_name, NULL, 0};
		sheet_map_columns(&empty, value_cols, N_COLS, 0, v->idx, v->diags);
		return ST_INVALID;
	}
	if (res->n_rows == 0) {
		row_diag(v, 0, 1, 0, NULL, "no_rows", "the file has a header but no values");
		return ST_INVALID;
	}
	struct obs_batch *batch = arena_alloc(v->a, sizeof(*batch));
	*batch = (struct obs_batch){v->opts->who, v->file, sha256, v->sheet_name, encoding, 0, 0, 0, 0, 1, "values.import"};
	rc = store_tx_begin_durable(v->s);
	if (rc != ST_OK)
		return rc;
	rc = store_obs_writer_open(v->s, v->a, batch, &v->w);
	/* the revisions are written on the writer's thread while the next cells are checked; what
	 * follows (finish, roll back) uses the store here, once the thread has written all */
	if (rc == ST_OK && (rc = store_obs_writer_pipe(v->w)) == ST_OK)
		rc = run_cells(v);
	enum status paused = v->w ? store_obs_writer_pause(v->w) : ST_OK;
	rc = rc == ST_OK ? paused : rc;
	if (rc == ST_OK && !is_clean(v)) {
		/* stale cells alone are a conflict; any other error says more */
		if (has_forbidden(v->diags, v->diags_before))
			rc = ST_DENIED;
		else
			rc = diag_errors(v->diags) - v->errors_before > v->n_stale ? ST_INVALID : ST_CONFLICT;
	}
	if (rc != ST_OK || v->opts->is_dry_run || res->n_new + res->n_revised == 0) {
		store_tx_rollback(v->s);
		return rc;
	}
	rc = store_obs_writer_finish(v->w, res->n_rows, res->n_new, res->n_revised, res->n_unchanged, &res->batch_id);
	if (rc == ST_OK)
		rc = store_tx_commit(v->s);
	else
		store_tx_rollback(v->s);
	if (rc != ST_OK)
		res->batch_id = 0;
	return rc;
}

static void val_init(struct val_import *v, struct store *s, struct arena *a, const struct plan *p,
		     const struct import_opts *opts, struct import_result *res, struct diag_list *diags)
{
	memset(v, 0, sizeof(*v));
	v->s = s, v->a = a, v->p = p, v->opts = opts, v->res = res, v->diags = diags;
	v->errors_before = diag_errors(diags);
	v->diags_before = diags->n;
	v->sort = extsort_new(pend_cmp, 0);
	v->ind_rows = arena_calloc(a, p->n_indicators + 1, sizeof(*v->ind_rows));
	buf_init(&v->rec, 0);
	v->row = arena_new();
	plan_name_memo_init(&v->names[PLAN_REGION], a, p, PLAN_REGION);
	plan_name_memo_init(&v->names[PLAN_INDICATOR], a, p, PLAN_INDICATOR);
	v->cell = arena_new();
	v->ind = arena_new();
}

static void val_release(struct val_import *v)
{
	extsort_free(v->sort);
	buf_release(&v->rec);
	arena_free(v->row);
	arena_free(v->cell);
	arena_free(v->ind);
}

enum status import_values_source(struct store *s, struct arena *a, const struct plan *p, struct byte_source *src,
				 const struct import_opts *opts, struct import_result *res, struct diag_list *diags)
{
	memset(res, 0, sizeof(*res));
	struct val_import v;
	val_init(&v, s, a, p, opts, res, diags);
	v.file = src->name;
	struct sheet_info info;
	enum status rc = sheet_stream(a, src, opts->encoding, opts->sheet, val_row, &v, &info, diags);
	res->format = info.format, res->encoding = info.encoding, res->sheet = info.sheet;
	res->file_sha256 = arena_strdup(a, info.sha256);
	v.sheet_name = info.sheet;
	if (rc == ST_OK)
		rc = val_finish(&v, res->file_sha256, info.encoding);
	else if (rc == ST_NOT_FOUND)
		rc = ST_INVALID;
	val_release(&v);
	return rc;
}

enum status import_read_sheet(struct arena *a, const char *file, const void *buf, size_t len, const struct import_opts *opts,
			      struct import_result *res, struct sheet *sh, struct diag_list *diags)
{
	struct byte_source src;
	source_init_mem(&src, file, buf, len);
	memset(sh, 0, sizeof(*sh));
	sh->file = file;
	struct sheet_collector c = {a, sh, 0, diags};
	struct sheet_info info;
	enum status rc = sheet_stream(a, &src, opts->encoding, opts->sheet, sheet_collect_row, &c, &info, diags);
	res->format = info.format, res->encoding = info.encoding, res->sheet = info.sheet;
	res->file_sha256 = arena_strdup(a, info.sha256);
	sh->file = file;
	sh->sheet_name = info.sheet;
	return rc;
}

enum status import_values(struct store *s, struct arena *a, const struct plan *p, const char *file, const void *buf,
			  size_t len, const struct import_opts *opts, struct import_result *res, struct diag_list *diags)
{
	struct byte_source src;
	source_init_mem(&src, file, buf, len);
	return import_values_source(s, a, p, &src, opts, res, diags);
}

enum status import_sheet(struct store *s, struct arena *a, const struct plan *p, const struct sheet *sh,
			 const struct import_opts *opts, struct import_result *res, struct diag_list *diags)
{
	struct val_import v;
	val_init(&v, s, a, p, opts, res, diags);
	v.file = sh->file;
	v.sheet_name = sh->sheet_name;
	enum status rc = ST_OK;
	struct sheet view = *sh;
	view.n_rows = sh->n_rows ? 1 : 0;
	for (size_t i = 0; rc == ST_OK && i < sh->n_rows; i++)
		rc = val_row(&v, &view, &sh->rows[i]);
	if (rc == ST_OK)
		rc = val_finish(&v, res->file_sha256, res->encoding);
	val_release(&v);
	return rc;
}
