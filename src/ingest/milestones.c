/* milestones.c - the milestone importer (see milestones.h): a sheet from CSV or XLSX, a header
 * mapped by Chinese or English names, each row resolved against the plan, duplicates found,
 * then one store transaction. */
#include <string.h>

#include "base/clock.h"
#include "base/num.h"
#include "ingest/encoding.h"
#include "ingest/milestones.h"
#include "ingest/sheet.h"
#include "ingest/xlsx.h"
#include "base/banned.h"

#define MILESTONES_MAX_ROWS 10000u
#define TITLE_MAX_BYTES 500u

enum col { C_CODE, C_MEASURE, C_TITLE_ZH, C_TITLE_EN, C_OWNER, C_DUE, C_DELIVERABLE, C_INDICATORS, C_DONE, N_COLS };

static const char *const al_code[] = {"编号", "代码", "里程碑编号", NULL};
static const char *const al_measure[] = {"举措", "举措编号", NULL};
static const char *const al_title_zh[] = {"里程碑", "任务", "名称", "title", NULL};
static const char *const al_title_en[] = {"英文名称", NULL};
static const char *const al_owner[] = {"责任单位", "牵头单位", "unit", NULL};
static const char *const al_due[] = {"完成时限", "截止日期", "due", NULL};
static const char *const al_deliverable[] = {"成果形式", "交付成果", "deliverable", NULL};
static const char *const al_indicators[] = {"关联指标", NULL};
static const char *const al_done[] = {"完成日期", "done", NULL};

static const struct col_spec cols[N_COLS] = {
	[C_CODE] = {"code", al_code, 1},
	[C_MEASURE] = {"measure", al_measure, 1},
	[C_TITLE_ZH] = {"title_zh", al_title_zh, 1},
	[C_TITLE_EN] = {"title_en", al_title_en, 0},
	[C_OWNER] = {"owner", al_owner, 1},
	[C_DUE] = {"due_date", al_due, 1},
	[C_DELIVERABLE] = {"deliverable_zh", al_deliverable, 0},
	[C_INDICATORS] = {"indicators", al_indicators, 0},
	[C_DONE] = {"done_on", al_done, 0},
};

static int is_date(const char *s)
{
	time_t t;
	return s && strlen(s) == 10 && clock_parse_utc(s, &t);
}

static int unit_has_duty(const struct plan *p, const char *unit, int measure)
{
	for (size_t i = 0; i < p->n_resps; i++)
		if (p->resps[i].measure_number == measure && strcmp(p->resps[i].unit_code, unit) == 0)
			return 1;
	return 0;
}

const char *milestone_indicator_codes(struct arena *a, const struct plan *p, const char *list, const char **bad)
{
	char *out = arena_alloc(a, strlen(list) * 2 + 2);
	size_t n = 0;
	const char *s = list;
	*bad = NULL;
	out[0] = '\0';
	while (*s) {
		size_t len = strcspn(s, ";");
		const char *full_semi = strstr(s, "；");
		if (full_semi && (size_t)(full_semi - s) < len)
			len = (size_t)(full_semi - s);
		struct str item = str_trim((struct str){s, len});
		if (item.len) {
			char *name = arena_strndup(a, item.p, item.len);
			int ind = plan_find_indicator_any(p, name);
			if (ind < 0) {
				*bad = name;
				return NULL;
			}
			size_t k = strlen(p->indicators[ind].code);
			if (n)
				out[n++] = ';';
			memcpy(out + n, p->indicators[ind].code, k);
			n += k;
			out[n] = '\0';
		}
		s += len;
		if (strncmp(s, "；", strlen("；")) == 0)
			s += strlen("；");
		else if (*s == ';')
			s++;
	}
	return n ? out : NULL;
}

size_t milestone_check(const struct plan *p, const struct sup_milestone *m, struct diag_list *diags)
{
	size_t before = diag_errors(diags);
	if (!m->code || !code_is_valid(m->code))
		diag_add(diags, NULL, 0, 0, "code", "bad_code",
			 "a milestone code is lower-case ASCII letters, digits, '-' and '_', starting with a letter");
	if (plan_find_measure(p, m->measure) < 0)
		diag_add(diags, NULL, 0, 0, "measure", "unknown_measure", "the plan has no measure %d", m->measure);
	if (!m->title_zh || !*m->title_zh || strlen(m->title_zh) > TITLE_MAX_BYTES)
		diag_add(diags, NULL, 0, 0, "title_zh", "bad_title", "a milestone needs a Chinese title of at most 500 bytes");
	if (!m->owner || plan_find_unit(p, m->owner) < 0)
		diag_add(diags, NULL, 0, 0, "owner", "unknown_unit", "unknown unit '%s'", m->owner ? m->owner : "");
	else if (!unit_has_duty(p, m->owner, m->measure))
		diag_add(diags, NULL, 0, 0, "owner", "not_responsible", "unit '%s' neither leads nor shares measure %d",
			 m->owner, m->measure);
	if (!is_date(m->due_date))
		diag_add(diags, NULL, 0, 0, "due_date", "bad_date", "the due date is a date YYYY-MM-DD");
	if (m->done_on && !is_date(m->done_on))
		diag_add(diags, NULL, 0, 0, "done_on", "bad_date", "the date done is a date YYYY-MM-DD (or empty)");
	if (m->indicators) {
		const char *bad;
		struct arena *a = arena_new();
		if (!milestone_indicator_codes(a, p, m->indicators, &bad) && bad)
			diag_add(diags, NULL, 0, 0, "indicators", "unknown_indicator", "unknown indicator '%s'", bad);
		arena_free(a);
	}
	return diag_errors(diags) - before;
}

static const char *cell(struct arena *a, const struct sheet_row *row, int idx)
{
	struct str v = sheet_cell(row, idx);
	return v.len ? arena_strndup(a, v.p, v.len) : NULL;
}

/* One row into m; every problem reported at its cell. Returns 1 when the row is good. */
static int read_row(struct arena *a, const struct plan *p, const struct sheet *sh, const struct sheet_row *row,
		    const int *idx, struct sup_milestone *m, struct diag_list *diags)
{
	size_t before = diag_errors(diags);
	memset(m, 0, sizeof(*m));
	m->plan_code = p->info.code;
	m->code = cell(a, row, idx[C_CODE]);
	m->title_zh = cell(a, row, idx[C_TITLE_ZH]);
	m->title_en = cell(a, row, idx[C_TITLE_EN]);
	m->due_date = cell(a, row, idx[C_DUE]);
	m->deliverable_zh = cell(a, row, idx[C_DELIVERABLE]);
	m->done_on = cell(a, row, idx[C_DONE]);
	if (!m->code || !code_is_valid(m->code))
		sheet_cell_error(sh, row, idx[C_CODE], cols[C_CODE].name, "bad_code", diags,
				 "a milestone code is lower-case ASCII letters, digits, '-' and '_', starting with a letter");
	int64_t number;
	struct str mv = sheet_cell(row, idx[C_MEASURE]);
	if (!num_parse_int(mv, 1, 10000, &number) || plan_find_measure(p, (int)number) < 0)
		sheet_cell_error(sh, row, idx[C_MEASURE], cols[C_MEASURE].name, "unknown_measure", diags,
				 "'%.*s' is not the number of a measure of the plan", (int)mv.len, mv.p);
	else
		m->measure = (int)number;
	if (!m->title_zh || strlen(m->title_zh) > TITLE_MAX_BYTES)
		sheet_cell_error(sh, row, idx[C_TITLE_ZH], cols[C_TITLE_ZH].name, "bad_title", diags,
				 "a milestone needs a Chinese title of at most 500 bytes");
	const char *owner = cell(a, row, idx[C_OWNER]);
	int u = owner ? plan_find_unit_any(p, owner) : -1;
	const char *cands = owner && u < 0 ? plan_name_candidates(a, p, PLAN_UNIT, owner) : NULL;
	if (cands)
		sheet_cell_error(sh, row, idx[C_OWNER], cols[C_OWNER].name, "ambiguous_unit", diags,
				 "unit '%s' names more than one; write the code of one of: %s", owner, cands);
	else if (u < 0)
		sheet_cell_error(sh, row, idx[C_OWNER], cols[C_OWNER].name, "unknown_unit", diags,
				 "unknown unit '%s': give its code, Chinese or English name as in the plan", owner ? owner : "");
	else if (m->measure && !unit_has_duty(p, p->units[u].code, m->measure))
		sheet_cell_error(sh, row, idx[C_OWNER], cols[C_OWNER].name, "not_responsible", diags,
				 "unit '%s' neither leads nor shares measure %d", p->units[u].code, m->measure);
	m->owner = u >= 0 ? p->units[u].code : NULL;
	if (!is_date(m->due_date))
		sheet_cell_error(sh, row, idx[C_DUE], cols[C_DUE].name, "bad_date", diags,
				 "'%s' is not a date: write YYYY-MM-DD", m->due_date ? m->due_date : "");
	if (m->done_on && !is_date(m->done_on))
		sheet_cell_error(sh, row, idx[C_DONE], cols[C_DONE].name, "bad_date", diags,
				 "'%s' is not a date: write YYYY-MM-DD, or leave it empty", m->done_on);
	const char *list = cell(a, row, idx[C_INDICATORS]);
	if (list) {
		const char *bad;
		m->indicators = milestone_indicator_codes(a, p, list, &bad);
		if (bad)
			sheet_cell_error(sh, row, idx[C_INDICATORS], cols[C_INDICATORS].name, "unknown_indicator", diags,
					 "unknown indicator '%s': give codes or Chinese names separated by ';'", bad);
	}
	return diag_errors(diags) == before;
}

static enum status read_sheet(struct arena *a, const char *file, const void *buf, size_t len,
			      const struct milestones_opts *opts, struct milestones_result *res, struct sheet *sh,
			      struct diag_list *diags)
{
	if (len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0) {
		res->format = "xlsx";
		return sheet_from_xlsx(a, file, buf, len, opts->sheet, sh, diags);
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
	return sheet_from_csv(a, file, text, text_len, sh, diags);
}

enum status milestones_import(struct store *s, struct arena *a, const struct plan *p, const char *file,
			      const void *buf, size_t len, const struct milestones_opts *opts,
			      struct milestones_result *res, struct diag_list *diags)
{
	struct sheet sh;
	int idx[N_COLS];
	memset(res, 0, sizeof(*res));
	enum status rc = read_sheet(a, file, buf, len, opts, res, &sh, diags);
	if (rc != ST_OK)
		return rc;
	if (sheet_map_columns(&sh, cols, N_COLS, 1, idx, diags))
		return ST_INVALID;
	if (sh.n_rows > MILESTONES_MAX_ROWS + 1) {
		diag_add(diags, file, 0, 0, NULL, "too_many_rows", "more than %u milestones in one file", MILESTONES_MAX_ROWS);
		return ST_TOO_LARGE;
	}
	size_t n = sh.n_rows - 1;
	struct sup_milestone *rows = arena_calloc(a, n + 1, sizeof(*rows));
	for (size_t i = 0; i < n; i++) {
		const struct sheet_row *row = &sh.rows[i + 1];
		if (!read_row(a, p, &sh, row, idx, &rows[i], diags))
			continue;
		for (size_t k = 0; k < i; k++)
			if (rows[k].code && strcmp(rows[k].code, rows[i].code) == 0) {
				sheet_cell_error(&sh, row, idx[C_CODE], cols[C_CODE].name, "duplicate_code", diags,
						 "milestone '%s' is given twice (also on line %ld)", rows[i].code, sh.rows[k + 1].line);
				break;
			}
	}
	res->n_rows = n;
	if (diag_errors(diags))
		return ST_INVALID;
	if (opts->is_dry_run)
		return ST_OK;
	return store_sup_milestones_upsert(s, rows, n, &res->n_new, &res->n_changed, &res->n_unchanged);
}
