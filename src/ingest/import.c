/* import.c - indicator value import (see import.h). The file becomes a sheet; each row is
 * resolved and checked into a pending revision; the plan's rules run over the pending values
 * together with what is stored; only a clean batch is written, in one transaction. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "core/period.h"
#include "core/rules.h"
#include "ingest/encoding.h"
#include "ingest/import.h"
#include "ingest/sheet.h"
#include "ingest/units.h"
#include "ingest/xlsx.h"
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

static void parse_row(struct arena *a, const struct plan *p, const struct sheet *sh, const struct sheet_row *row,
		      const int *idx, const struct principal *who, struct pending *pd, struct diag_list *diags)
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
	if (ind.len == 0)
		BAD(C_INDICATOR, "missing", "the indicator is empty");
	else if ((pd->indicator = plan_find_indicator_any(p, arena_strndup(a, ind.p, ind.len))) < 0)
		BAD(C_INDICATOR, "unknown_indicator", "unknown indicator '%.*s': give its code or its Chinese name as in the plan", (int)ind.len, ind.p);
	if (reg.len == 0)
		BAD(C_REGION, "missing", "the region is empty");
	else if ((pd->region = plan_find_region_any(p, arena_strndup(a, reg.p, reg.len))) < 0)
		BAD(C_REGION, "unknown_region", "unknown region '%.*s': give its code or its Chinese name as in the plan", (int)reg.len, reg.p);
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
		const char *want = p->indicators[pd->indicator].unit_zh;
		double converted;
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

static int same_cell(const struct pending *a, const struct pending *b)
{
	return a->indicator == b->indicator && a->region == b->region && strcmp(a->period_text, b->period_text) == 0;
}

static int pending_cmp(const void *x, const void *y)
{
	const struct pending *a = *(const struct pending *const *)x, *b = *(const struct pending *const *)y;
	if (a->indicator != b->indicator)
		return a->indicator < b->indicator ? -1 : 1;
	if (a->region != b->region)
		return a->region < b->region ? -1 : 1;
	int c = strcmp(a->period_text, b->period_text);
	if (c)
		return c;
	if (a->revision != b->revision)
		return a->revision < b->revision ? -1 : 1;
	return (a->line > b->line) - (a->line < b->line);
}

/* Link the rows of each cell in revision order. A cell may have several rows only when each
 * carries its own revision number (the figure first published, then its revision): two rows
 * without one, or with the same one, are a duplicate; a row revising an earlier row of the
 * file must say why in the reason column. */
static void link_cells(struct arena *a, const struct sheet *sh, const int *idx, struct pending *rows, size_t n,
		       struct diag_list *diags)
{
	struct pending **sorted = arena_alloc(a, (n ? n : 1) * sizeof(*sorted));
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!rows[i].is_bad)
			sorted[m++] = &rows[i];
	qsort(sorted, m, sizeof(*sorted), pending_cmp);
	for (size_t i = 0; i < m; i++) {
		struct pending *cur = sorted[i], *prev = i ? sorted[i - 1] : NULL;
		if (!prev || !same_cell(prev, cur)) {
			cur->is_first = 1;
			continue;
		}
		struct diag *d = NULL;
		int is_bad = 1;
		if (!prev->revision || prev->revision == cur->revision) {
			d = prev->revision ? diag_add(diags, sh->file, cur->line, idx[C_REVISION] + 1, value_cols[C_REVISION].name,
						      "duplicate_row", "revision %d of this indicator, region and period is also on row %ld",
						      cur->revision, prev->line)
					   : diag_add(diags, sh->file, cur->line, 0, NULL, "duplicate_row",
						      "the same indicator, region and period as row %ld: give each value once, or number "
						      "the figure and its revisions in a 'revision' column", prev->line);
		} else if (!cur->reason) {
			d = diag_add(diags, sh->file, cur->line, idx[C_REASON] >= 0 ? idx[C_REASON] + 1 : 0, value_cols[C_REASON].name,
				     "missing_reason", "revision %d revises the figure of row %ld: say why in the 'reason' column",
				     cur->revision, prev->line);
		} else {
			is_bad = 0;
		}
		if (d)
			d->sheet = sh->sheet_name;
		if (is_bad)
			cur->is_bad = 1;
		else
			prev->next = cur;
	}
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

enum status import_read_sheet(struct arena *a, const char *file, const void *buf, size_t len, const struct import_opts *opts,
			      struct import_result *res, struct sheet *sh, struct diag_list *diags)
{
	if (len >= 8 && memcmp(buf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
		diag_add(diags, file, 0, 0, NULL, "old_xls",
			 "the file is an old Excel .xls workbook: save it as .xlsx (Excel 2007 or later) or as CSV");
		return ST_INVALID;
	}
	if (len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0) {
		res->format = "xlsx";
		enum status rc = sheet_from_xlsx(a, file, buf, len, opts->sheet, sh, diags);
		res->sheet = sh->sheet_name;
		return rc;
	}
	res->format = "csv";
	if (opts->sheet) {
		diag_add(diags, file, 0, 0, NULL, "not_a_workbook", "a sheet name was given, but the file is not an .xlsx workbook");
		return ST_INVALID;
	}
	const char *text, *enc;
	size_t text_len;
	enum status rc = text_to_utf8(a, file, buf, len, opts->encoding, &text, &text_len, &enc, diags);
	if (rc != ST_OK)
		return rc;
	res->encoding = enc;
	return sheet_from_csv(a, file, text, text_len, sh, diags);
}

static int cell_qsort_cmp(const void *x, const void *y)
{
	return cell_key_cmp(x, y);
}

/* Run the plan's rules over the stored current values plus the pending ones; report the
 * violations that involve a pending value: errors block, warnings are listed. */
static enum status check_rules(struct store *s, struct arena *a, const struct plan *p, const struct sheet *sh,
			       const int *idx, struct pending *rows, size_t n, struct diag_list *diags)
{
	struct obs *cur;
	size_t n_cur;
	enum status rc = store_obs_current(s, a, NULL, NULL, OBS_VIEW_INTERNAL, &cur, &n_cur);
	if (rc != ST_OK)
		return rc;
	struct cell *cells = arena_alloc(a, (n + n_cur + 1) * sizeof(*cells));
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].is_bad || rows[i].next) /* a cell's earlier figures are history: its newest is checked */
			continue;
		cells[m++] = (struct cell){rows[i].indicator, rows[i].region, rows[i].period, rows[i].value, rows[i].qualifier, 1, (long)i};
	}
	size_t n_new = m;
	qsort(cells, n_new, sizeof(*cells), cell_qsort_cmp);
	for (size_t i = 0; i < n_cur; i++) {
		struct cell c = {plan_find_indicator(p, cur[i].indicator), plan_find_region(p, cur[i].region), {0, 0, 0}, cur[i].value, cur[i].qualifier, 0, -1};
		if (c.indicator < 0 || c.region < 0 || !period_parse(cur[i].period, strlen(cur[i].period), &c.period))
			continue;
		if (!bsearch(&c, cells, n_new, sizeof(*cells), cell_qsort_cmp)) /* a pending value replaces it */
			cells[m++] = c;
	}
	struct violation *v = arena_alloc(a, IMPORT_MAX_VIOLATIONS * sizeof(*v));
	size_t nv = rules_check(p, cells, m, 1, a, v, IMPORT_MAX_VIOLATIONS);
	if (nv > IMPORT_MAX_VIOLATIONS)
		nv = IMPORT_MAX_VIOLATIONS;
	for (size_t i = 0; i < nv; i++) {
		const struct cell *c = &cells[v[i].cell];
		const struct cell *blame = c->is_new ? c : &cells[v[i].other];
		struct pending *pd = &rows[blame->ref];
		const struct rule *r = &p->rules[v[i].rule];
		/* rows[k] was read from sh->rows[k + 1]: name the value cell as every other error does */
		int col = idx[C_VALUE] + 1;
		struct diag *d = v[i].is_warning
			? diag_warn(diags, sh->file, pd->line, col, "value", r->code, "rule '%s': %s", r->code, v[i].message)
			: diag_add(diags, sh->file, pd->line, col, "value", r->code, "rule '%s': %s", r->code, v[i].message);
		if (d) {
			struct str cell_text = sheet_cell(&sh->rows[blame->ref + 1], idx[C_VALUE]);
			d->sheet = sh->sheet_name;
			diag_set_value(diags, d, cell_text.p, cell_text.len);
		}
		if (!v[i].is_warning)
			pd->is_bad = 1;
	}
	return ST_OK;
}

enum status import_values(struct store *s, struct arena *a, const struct plan *p, const char *file, const void *buf,
			  size_t len, const struct import_opts *opts, struct import_result *res, struct diag_list *diags)
{
	struct sheet sh;
	memset(res, 0, sizeof(*res));
	if (len > IMPORT_FILE_MAX_BYTES) {
		diag_add(diags, file, 0, 0, NULL, "too_large", "the file is larger than %zu bytes", IMPORT_FILE_MAX_BYTES);
		return ST_TOO_LARGE;
	}
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	crypto_hash_sha256(h, buf, len);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	res->file_sha256 = arena_strdup(a, hex);

	enum status rc = import_read_sheet(a, file, buf, len, opts, res, &sh, diags);
	if (rc != ST_OK)
		return rc == ST_TOO_LARGE ? rc : ST_INVALID;
	return import_sheet(s, a, p, &sh, opts, res, diags);
}

static int has_forbidden(const struct diag_list *d, size_t from)
{
	for (size_t i = from; i < d->n; i++)
		if (strcmp(d->items[i].code, "forbidden") == 0)
			return 1;
	return 0;
}

enum status import_sheet(struct store *s, struct arena *a, const struct plan *p, const struct sheet *shp,
			 const struct import_opts *opts, struct import_result *res, struct diag_list *diags)
{
	struct sheet sh = *shp;
	int idx[N_COLS];
	size_t errors_before = diag_errors(diags), diags_before = diags->n;
	enum status rc;
	if (sheet_map_columns(&sh, value_cols, N_COLS, 0, idx, diags))
		return ST_INVALID;
	/* columns we do not use are named, so a misspelt optional column does not vanish silently */
	for (size_t c = 0; c < sh.rows[0].n_cells; c++) {
		int used = 0;
		for (int k = 0; k < N_COLS; k++)
			used |= idx[k] == (int)c;
		if (!used && sh.rows[0].cells[c].len) {
			struct diag *d = diag_warn(diags, sh.file, sh.rows[0].line, (int)c + 1, NULL, "unused_column",
						   "column '%.*s' is not used", (int)sh.rows[0].cells[c].len, sh.rows[0].cells[c].p);
			if (d)
				d->sheet = sh.sheet_name;
		}
	}
	size_t n = sh.n_rows - 1;
	res->n_rows = n;
	if (n == 0) {
		diag_add(diags, sh.file, 1, 0, NULL, "no_rows", "the file has a header but no values");
		return ST_INVALID;
	}
	struct pending *rows = arena_alloc(a, n * sizeof(*rows));
	for (size_t i = 0; i < n; i++)
		parse_row(a, p, &sh, &sh.rows[i + 1], idx, opts->principal, &rows[i], diags);
	link_cells(a, &sh, idx, rows, n, diags);
	rc = check_rules(s, a, p, &sh, idx, rows, n, diags);
	if (rc != ST_OK)
		return rc;
	if (diag_errors(diags) > errors_before)
		return has_forbidden(diags, diags_before) ? ST_DENIED : ST_INVALID;

	struct obs_key *keys = arena_alloc(a, n * sizeof(*keys));
	struct obs **before = arena_alloc(a, n * sizeof(*before));
	for (size_t i = 0; i < n; i++)
		keys[i] = (struct obs_key){p->indicators[rows[i].indicator].code, p->regions[rows[i].region].code, rows[i].period_text};
	rc = store_obs_latest(s, a, keys, n, before);
	if (rc != ST_OK)
		return rc;
	/* an edit of a value someone changed since the writer read it: refused, never a silent
	 * overwrite (the store checks again under its write lock: store_obs_write) */
	size_t n_stale = 0;
	for (size_t i = 0; opts->base_revisions && i < n; i++) {
		int have = before[i] ? before[i]->revision : 0;
		if (opts->base_revisions[i] >= 0 && opts->base_revisions[i] != have) {
			diag_add(diags, sh.file, rows[i].line, 0, "revision", "conflict",
				 "the value was changed meanwhile: its newest revision is %d, not %d", have, opts->base_revisions[i]);
			n_stale++;
		}
	}
	if (n_stale)
		return ST_CONFLICT;
	res->changes = arena_alloc(a, n * sizeof(*res->changes));
	struct obs *to_write = arena_alloc(a, n * sizeof(*to_write));
	for (size_t i = 0; i < n; i++) {
		if (!rows[i].is_first)
			continue; /* written with its cell's first row */
		/* a cell's rows are its figures in order: what follows the last row equal to the
		 * stored value is new, so the same file again writes nothing */
		const struct pending *from = &rows[i];
		for (const struct pending *pd = from; pd; pd = pd->next)
			if (is_unchanged(before[i], pd, opts->status))
				from = pd->next;
		for (const struct pending *pd = &rows[i]; pd != from; pd = pd->next)
			res->n_unchanged++;
		const struct obs *prev = before[i];
		for (const struct pending *pd = from; pd; pd = pd->next) {
			struct import_change *ch = &res->changes[res->n_changes++];
			ch->before = prev;
			ch->line = pd->line;
			struct obs *o = &ch->after;
			memset(o, 0, sizeof(*o));
			o->indicator = keys[i].indicator;
			o->region = keys[i].region;
			o->period = arena_strdup(a, pd->period_text);
			o->period_t = period_time(&pd->period);
			o->revision = prev ? prev->revision + 1 : 1;
			o->value = pd->value;
			o->qualifier = pd->qualifier;
			o->status = opts->status;
			o->source = pd->source, o->source_url = pd->url, o->note = pd->note;
			o->publisher = pd->publisher, o->title = pd->title, o->published = pd->published;
			o->reason = pd->reason;
			o->unit_given = pd->unit_given, o->has_value_given = pd->has_value_given, o->value_given = pd->value_given;
			o->created_by = opts->who;
			to_write[res->n_changes - 1] = *o;
			if (prev)
				res->n_revised++;
			else
				res->n_new++;
			prev = o;
		}
	}
	if (opts->is_dry_run || res->n_changes == 0)
		return ST_OK;
	struct obs_batch batch = {opts->who, sh.file, res->file_sha256, res->sheet, res->encoding,
				  res->n_rows, res->n_new, res->n_revised, res->n_unchanged, 1, "values.import"};
	return store_obs_write(s, &batch, to_write, res->n_changes, &res->batch_id);
}
