/* plan_load.c - plan folder reader: one column table and one row reader per file, then
 * core's plan_check for the cross-file rules, in one pass: a file with bad rows is still read
 * and checked, so every problem in every file is reported at once; only a file that cannot be
 * read at all is left out of the checks that need it. Every diagnostic gets file, line and
 * column. */
#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/num.h"
#include "ingest/plan_load.h"
#include "ingest/sheet.h"
#include "ingest/units.h"
#include "ingest/xlsx.h"
#include "base/banned.h"

enum status file_read_all(struct arena *arena, const char *path, size_t max_bytes, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return ST_IO;
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return ST_IO;
	}
	if ((size_t)st.st_size > max_bytes) {
		fclose(f);
		return ST_TOO_LARGE;
	}
	char *p = arena_alloc(arena, (size_t)st.st_size + 1);
	size_t n = fread(p, 1, (size_t)st.st_size, f);
	int bad = ferror(f);
	fclose(f);
	if (bad || n != (size_t)st.st_size)
		return ST_IO;
	p[n] = '\0';
	*data = p;
	*len = n;
	return ST_OK;
}

/* The reading context of one file. */
struct rd {
	struct arena *arena;
	struct diag_list *diags;
	const struct sheet *sheet;
	const struct col_spec *specs;
	const int *idx;
	const struct sheet_row *row;
};

static const char *text(struct rd *r, int k)
{
	struct str v = sheet_cell(r->row, r->idx[k]);
	if (v.len == 0) {
		if (r->specs[k].is_required)
			sheet_cell_error(r->sheet, r->row, r->idx[k], r->specs[k].name, "missing", r->diags,
					 "required value '%s' is empty", r->specs[k].name);
		return NULL;
	}
	return arena_strndup(r->arena, v.p, v.len);
}

static int integer(struct rd *r, int k, int64_t min, int64_t max, int *out)
{
	struct str v = sheet_cell(r->row, r->idx[k]);
	int64_t x;
	*out = 0;
	if (v.len == 0) {
		if (r->specs[k].is_required)
			sheet_cell_error(r->sheet, r->row, r->idx[k], r->specs[k].name, "missing", r->diags,
					 "required value '%s' is empty", r->specs[k].name);
		return 0;
	}
	if (!num_parse_int(v, min, max, &x)) {
		sheet_cell_error(r->sheet, r->row, r->idx[k], r->specs[k].name, "bad_number", r->diags,
				 "'%.*s' is not a whole number between %lld and %lld", (int)v.len, v.p, (long long)min,
				 (long long)max);
		return 0;
	}
	*out = (int)x;
	return 1;
}

static int number(struct rd *r, int k, double *out)
{
	struct str v = sheet_cell(r->row, r->idx[k]);
	*out = 0;
	if (v.len == 0) {
		if (r->specs[k].is_required)
			sheet_cell_error(r->sheet, r->row, r->idx[k], r->specs[k].name, "missing", r->diags,
					 "required value '%s' is empty", r->specs[k].name);
		return 0;
	}
	if (!num_parse_double(v, out)) {
		sheet_cell_error(r->sheet, r->row, r->idx[k], r->specs[k].name, "bad_number", r->diags,
				 "'%.*s' is not a number", (int)v.len, v.p);
		return 0;
	}
	return 1;
}

/* One of a fixed set of words; returns its index or def when empty, -1 when bad. */
static int choice(struct rd *r, int k, const char *const *words, int def)
{
	struct str v = sheet_cell(r->row, r->idx[k]);
	if (v.len == 0) {
		if (r->specs[k].is_required) {
			sheet_cell_error(r->sheet, r->row, r->idx[k], r->specs[k].name, "missing", r->diags,
					 "required value '%s' is empty", r->specs[k].name);
			return -1;
		}
		return def;
	}
	for (int i = 0; words[i]; i++)
		if (str_eq(v, words[i]))
			return i;
	char list[256] = "";
	for (int i = 0; words[i]; i++) {
		if (i)
			strncat(list, ", ", sizeof(list) - strlen(list) - 1);
		strncat(list, words[i], sizeof(list) - strlen(list) - 1);
	}
	sheet_cell_error(r->sheet, r->row, r->idx[k], r->specs[k].name, "bad_value", r->diags,
			 "'%.*s' is not one of: %s", (int)v.len, v.p, list);
	return -1;
}

static struct src_pos pos_of(struct rd *r)
{
	return (struct src_pos){r->sheet->file, r->row->line};
}

/* A column with the Chinese headers a 指标细化表 / 任务分解表 may give it (a folder's CSV and a
 * workbook's sheet alike; docs/plan-format.md lists them). The first alias is the one the
 * template workbook writes. */
#define SPEC(n, req, ...) {n, (const char *const[]){__VA_ARGS__, NULL}, req}
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- per-file column tables and row readers ------------------------------------------- */

static const struct col_spec plan_cols[] = {
	SPEC("code", 1, "规划代码", "代码"),
	SPEC("title_zh", 1, "规划名称", "名称"),
	SPEC("title_en", 0, "英文名称"),
	SPEC("issuer_zh", 1, "印发单位", "发布机关"),
	SPEC("issuer_en", 0, "英文印发单位"),
	SPEC("doc_no", 0, "文号"),
	SPEC("issued", 1, "印发日期"),
	SPEC("valid_until", 1, "有效期至", "截止日期"),
	SPEC("base_year", 0, "基期年份", "基期年"),
	SPEC("target_year", 1, "目标年份", "目标年"),
};

static void read_plan_row(struct rd *r, struct plan *p, size_t i)
{
	(void)i;
	struct plan_info *in = &p->info;
	in->code = text(r, 0), in->title_zh = text(r, 1), in->title_en = text(r, 2);
	in->issuer_zh = text(r, 3), in->issuer_en = text(r, 4), in->doc_no = text(r, 5);
	in->issued = text(r, 6), in->valid_until = text(r, 7);
	integer(r, 8, 1900, 2200, &in->base_year);
	integer(r, 9, 1900, 2200, &in->target_year);
	in->pos = pos_of(r);
}

static const struct col_spec goal_cols[] = {
	SPEC("code", 1, "目标代码", "代码"),
	SPEC("number", 1, "序号"),
	SPEC("name_zh", 1, "目标名称", "名称"),
	SPEC("name_en", 0, "英文名称"),
	SPEC("text_zh", 0, "原文"),
};

static void read_goal_row(struct rd *r, struct plan *p, size_t i)
{
	struct goal *g = &p->goals[i];
	g->code = text(r, 0);
	integer(r, 1, 1, 1000, &g->number);
	g->name_zh = text(r, 2), g->name_en = text(r, 3), g->text_zh = text(r, 4);
	g->pos = pos_of(r);
}

static const struct col_spec region_cols[] = {
	SPEC("code", 1, "地区代码", "代码"),
	SPEC("name_zh", 1, "地区名称", "名称"),
	SPEC("name_en", 0, "英文名称"),
	SPEC("kind", 1, "层级", "类别"),
	SPEC("parents", 0, "上级地区", "上级"),
	SPEC("sums_into", 0, "加总至"),
	SPEC("geo", 0, "行政区划代码"),
	SPEC("lon", 0, "经度"),
	SPEC("lat", 0, "纬度"),
};

static void read_region_row(struct rd *r, struct plan *p, size_t i)
{
	struct region *g = &p->regions[i];
	g->code = text(r, 0), g->name_zh = text(r, 1), g->name_en = text(r, 2), g->kind = text(r, 3);
	g->sums_into = text(r, 5);
	g->sums_into_idx = -1;
	g->geo = text(r, 6);
	int has_lon = number(r, 7, &g->lon), has_lat = number(r, 8, &g->lat);
	g->has_point = has_lon && has_lat;
	if (has_lon != has_lat)
		sheet_cell_error(r->sheet, r->row, r->idx[has_lon ? 8 : 7], has_lon ? "lat" : "lon", "missing", r->diags,
				 "a point on the map needs both lon and lat");
	else if (g->has_point && (fabs(g->lon) > 180 || fabs(g->lat) > 90))
		sheet_cell_error(r->sheet, r->row, r->idx[fabs(g->lon) > 180 ? 7 : 8], fabs(g->lon) > 180 ? "lon" : "lat",
				 "bad_value", r->diags, "a longitude lies within ±180 and a latitude within ±90 degrees");
	g->pos = pos_of(r);
	const char *parents = text(r, 4);
	if (!parents)
		return;
	size_t n = 1;
	for (const char *s = parents; *s; s++)
		n += *s == ';';
	g->parent_codes = arena_alloc(r->arena, n * sizeof(char *));
	const char *s = parents;
	while (*s) {
		const char *e = strchr(s, ';');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		struct str code = str_trim((struct str){s, len});
		if (code.len == 0)
			sheet_cell_error(r->sheet, r->row, r->idx[4], "parents", "bad_value", r->diags,
					 "an empty parent code in the ';'-separated list");
		else
			g->parent_codes[g->n_parents++] = arena_strndup(r->arena, code.p, code.len);
		if (!e)
			break;
		s = e + 1;
	}
}

static const struct col_spec unit_cols[] = {
	SPEC("code", 1, "单位代码", "代码"),
	SPEC("name_zh", 1, "单位名称", "名称"),
	SPEC("name_en", 0, "英文名称"),
	SPEC("kind", 1, "单位类别", "类别"),
	SPEC("regions", 0, "代表地区"),
	SPEC("short_zh", 0, "单位简称", "简称"),
	SPEC("short_en", 0, "英文简称"),
};

static void read_unit_row(struct rd *r, struct plan *p, size_t i)
{
	struct unit *u = &p->units[i];
	u->code = text(r, 0), u->name_zh = text(r, 1), u->name_en = text(r, 2), u->kind = text(r, 3);
	u->regions_text = text(r, 4);
	u->short_zh = text(r, 5), u->short_en = text(r, 6);
	u->pos = pos_of(r);
}

static const struct col_spec action_cols[] = {
	SPEC("number", 1, "行动序号", "序号"),
	SPEC("title_zh", 1, "行动名称", "名称"),
	SPEC("title_en", 0, "英文名称"),
	SPEC("parent", 0, "上级行动"),
	SPEC("text_zh", 0, "原文"),
};

static void read_action_row(struct rd *r, struct plan *p, size_t i)
{
	struct action *a = &p->actions[i];
	integer(r, 0, 1, 1000, &a->number);
	a->title_zh = text(r, 1), a->title_en = text(r, 2);
	integer(r, 3, 1, 1000, &a->parent_number);
	a->text_zh = text(r, 4);
	a->parent = -1;
	a->pos = pos_of(r);
}

static const struct col_spec measure_cols[] = {
	SPEC("number", 1, "举措序号", "序号"),
	SPEC("action", 1, "所属行动", "行动"),
	SPEC("title_zh", 1, "举措名称", "名称"),
	SPEC("title_en", 0, "英文名称"),
	SPEC("text_zh", 1, "原文"),
	SPEC("text_en", 0, "英文原文"),
};

static void read_measure_row(struct rd *r, struct plan *p, size_t i)
{
	struct measure *m = &p->measures[i];
	integer(r, 0, 1, 10000, &m->number);
	integer(r, 1, 1, 1000, &m->action_number);
	m->title_zh = text(r, 2), m->title_en = text(r, 3), m->text_zh = text(r, 4);
	m->text_en = text(r, 5);
	m->pos = pos_of(r);
}

static const struct col_spec resp_cols[] = {
	SPEC("measure", 0, "举措序号", "举措"),
	SPEC("unit", 1, "责任单位", "单位"),
	SPEC("role", 1, "分工"),
	SPEC("position", 1, "排序"),
	SPEC("action", 0, "行动序号", "行动"),
};

static void read_resp_row(struct rd *r, struct plan *p, size_t i)
{
	static const char *const roles[] = {"lead", "co", NULL};
	struct responsibility *x = &p->resps[i];
	integer(r, 0, 1, 10000, &x->measure_number);
	integer(r, 4, 1, 1000, &x->action_number);
	/* a measure, or a whole action (the unit answers for all of it) */
	int has_measure = sheet_cell(r->row, r->idx[0]).len > 0, has_action = sheet_cell(r->row, r->idx[4]).len > 0;
	if (has_measure == has_action)
		sheet_cell_error(r->sheet, r->row, r->idx[has_measure ? 4 : 0], has_measure ? "action" : "measure",
				 has_measure ? "unexpected" : "missing", r->diags,
				 has_measure ? "a responsibility names a measure or an action, not both"
					     : "a responsibility needs the measure (or the whole action) it is for");
	x->unit_code = text(r, 1);
	int role = choice(r, 2, roles, -1);
	x->role = role == 1 ? ROLE_CO : ROLE_LEAD;
	integer(r, 3, 1, 1000, &x->position);
	x->pos = pos_of(r);
}

static const struct col_spec indicator_cols[] = {
	SPEC("code", 1, "指标代码", "代码"),
	SPEC("name_zh", 1, "指标名称", "名称"),
	SPEC("name_en", 0, "英文名称"),
	SPEC("unit_zh", 1, "计量单位", "单位"),
	SPEC("unit_en", 0, "英文单位"),
	SPEC("decimals", 0, "小数位数"),
	SPEC("direction", 1, "指标方向", "方向"),
	SPEC("frequency", 0, "统计频率", "频率"),
	SPEC("kind", 1, "指标类型", "类型"),
	SPEC("aggregation", 0, "汇总方式"),
	SPEC("goal", 0, "所属目标", "目标"),
	SPEC("measure", 0, "所属举措", "举措"),
	SPEC("owner", 0, "数据责任单位"),
	SPEC("headline", 1, "核心指标"),
	SPEC("definition_zh", 0, "指标解释", "定义"),
	SPEC("definition_en", 0, "英文定义"),
	SPEC("formula", 0, "计算公式", "公式"),
	SPEC("scale", 0, "尺度"),
	SPEC("levels", 0, "等级"),
	SPEC("continues", 0, "接续指标"),
	SPEC("method_zh", 0, "统计方法"),
	SPEC("method_en", 0, "英文统计方法"),
	SPEC("source_zh", 0, "数据来源"),
	SPEC("source_en", 0, "英文数据来源"),
	SPEC("release_zh", 0, "发布时间"),
	SPEC("release_en", 0, "英文发布时间"),
};

static void read_indicator_row(struct rd *r, struct plan *p, size_t i)
{
	static const char *const dirs[] = {"up", "down", NULL};
	static const char *const freqs[] = {"annual", "quarterly", "monthly", NULL};
	static const char *const kinds[] = {"reported", "derived", "formula", NULL};
	static const char *const aggs[] = {"none", "sum", NULL};
	static const char *const bools[] = {"0", "1", NULL};
	struct indicator *x = &p->indicators[i];
	x->code = text(r, 0), x->name_zh = text(r, 1), x->name_en = text(r, 2);
	x->unit_zh = text(r, 3), x->unit_en = text(r, 4);
	if (!integer(r, 5, 0, 6, &x->decimals) && sheet_cell(r->row, r->idx[5]).len == 0)
		x->decimals = 2;
	x->direction = choice(r, 6, dirs, 0) == 1 ? DIR_DOWN : DIR_UP;
	int f = choice(r, 7, freqs, 0);
	x->frequency = f == 1 ? FREQ_QUARTERLY : f == 2 ? FREQ_MONTHLY : FREQ_ANNUAL;
	int k = choice(r, 8, kinds, 0);
	x->kind = k == 1 ? IND_DERIVED : k == 2 ? IND_FORMULA : IND_REPORTED;
	x->aggregation = choice(r, 9, aggs, 0) == 1 ? AGG_SUM : AGG_NONE;
	x->goal_code = text(r, 10);
	integer(r, 11, 1, 10000, &x->measure_number);
	x->owner_code = text(r, 12);
	x->is_headline = choice(r, 13, bools, 0) == 1;
	x->definition_zh = text(r, 14), x->definition_en = text(r, 15), x->formula = text(r, 16);
	x->scale_text = text(r, 17), x->levels_text = text(r, 18);
	x->continues = text(r, 19);
	x->method_zh = text(r, 20), x->method_en = text(r, 21), x->source_zh = text(r, 22), x->source_en = text(r, 23);
	x->release_zh = text(r, 24), x->release_en = text(r, 25);
	x->goal = x->measure = x->owner = -1;
	x->pos = pos_of(r);
}

static const struct col_spec target_cols[] = {
	SPEC("indicator", 1, "指标代码", "指标"),
	SPEC("region", 1, "地区代码", "地区"),
	SPEC("year", 1, "目标年份", "年份"),
	SPEC("comparator", 1, "比较符"),
	SPEC("value", 0, "目标值"),
	SPEC("value_max", 0, "目标值上限"),
	SPEC("base_value", 0, "基期值"),
	SPEC("base_year", 0, "基期年份"),
	SPEC("note_zh", 0, "原文", "说明"),
	SPEC("proxy_region", 0, "替代地区"),
	SPEC("proxy_note_zh", 0, "替代说明"),
	SPEC("proxy_note_en", 0, "英文替代说明"),
	SPEC("tolerance", 0, "容差"),
	SPEC("nature", 0, "指标属性", "属性"),
	SPEC("unit", 0, "目标单位"),
};

static void read_target_row(struct rd *r, struct plan *p, size_t i)
{
	struct target *t = &p->targets[i];
	t->indicator_code = text(r, 0), t->region_code = text(r, 1);
	integer(r, 2, 1900, 2200, &t->year);
	const char *cmp = text(r, 3);
	if (cmp) {
		t->cmp = cmp_parse(cmp);
		if (t->cmp == CMP_NONE)
			sheet_cell_error(r->sheet, r->row, r->idx[3], "comparator", "bad_comparator", r->diags,
					 "unknown comparator '%s': use >=, >, <=, <, between, about, annual>=, annual<=, "
					 "cagr>=, cagr<=, change>=, change<=, change%%>=, change%%<=, cumulative>=, "
					 "keep-or-improve, rising or qualitative", cmp);
	}
	/* a number, or a class label of an ordinal indicator, which plan_check resolves */
	struct str v = sheet_cell(r->row, r->idx[4]);
	t->has_value = v.len && num_parse_double(v, &t->value);
	t->value_label = v.len && !t->has_value ? arena_strndup(r->arena, v.p, v.len) : NULL;
	t->has_value_max = number(r, 5, &t->value_max);
	t->has_base_value = number(r, 6, &t->base_value);
	integer(r, 7, 1900, 2200, &t->base_year);
	t->note_zh = text(r, 8);
	t->proxy_region_code = text(r, 9), t->proxy_note_zh = text(r, 10), t->proxy_note_en = text(r, 11);
	t->has_tolerance = number(r, 12, &t->tolerance);
	const char *nature = text(r, 13);
	int n = nature_parse(nature);
	if (n < 0)
		sheet_cell_error(r->sheet, r->row, r->idx[13], "nature", "bad_value", r->diags,
				 "'%s' is not one of: binding (约束性), indicative (预期性)", nature);
	t->nature = n < 0 ? NATURE_NONE : (enum target_nature)n;
	t->unit_given = text(r, 14);
	t->unit_factor = 1;
	t->indicator = t->region = t->proxy_region = -1;
	t->pos = pos_of(r);
}

static const struct col_spec rule_cols[] = {
	SPEC("code", 1, "规则代码", "代码"),
	SPEC("kind", 1, "规则类型", "类型"),
	SPEC("applies", 1, "适用指标", "适用"),
	SPEC("min", 0, "下限", "最小值"),
	SPEC("max", 0, "上限", "最大值"),
	SPEC("severity", 1, "级别"),
	SPEC("note_zh", 0, "说明"),
};

static void read_rule_row(struct rd *r, struct plan *p, size_t i)
{
	static const char *const kinds[] = {"range", "non_negative", "positive_integer", "children_le_parent", "yoy_jump", NULL};
	static const char *const severities[] = {"error", "warning", NULL};
	struct rule *x = &p->rules[i];
	x->code = text(r, 0);
	int k = choice(r, 1, kinds, -1);
	x->kind = k < 0 ? RULE_RANGE : (enum rule_kind)k;
	x->applies = text(r, 2);
	x->has_min = number(r, 3, &x->min);
	x->has_max = number(r, 4, &x->max);
	x->is_warning = choice(r, 5, severities, 0) == 1;
	x->note_zh = text(r, 6);
	x->pos = pos_of(r);
}

/* ---- the file table -------------------------------------------------------------------- */

typedef void (*row_reader_fn)(struct rd *, struct plan *, size_t);

struct plan_file_kind {
	const char *name;
	const char *sheet_zh;        /* its sheet's Chinese name in a plan workbook */
	const struct col_spec *cols;
	size_t n_cols;
	row_reader_fn read_row;
	size_t elem_size;
	size_t off_items, off_count; /* where in struct plan the array and count live */
	int is_optional;             /* an absent optional file means no rows */
	unsigned part;               /* enum plan_part */
};

#define FILE_KIND(fname, zh, cols, fn, type, items, count, part)                                  \
	{fname, zh, cols, N_OF(cols), fn, sizeof(type), offsetof(struct plan, items), offsetof(struct plan, count), 0, part}

static const struct plan_file_kind file_kinds[] = {
	{"plan.csv", "规划", plan_cols, N_OF(plan_cols), read_plan_row, 0, 0, 0, 0, PART_INFO},
	FILE_KIND("goals.csv", "目标", goal_cols, read_goal_row, struct goal, goals, n_goals, PART_GOALS),
	FILE_KIND("regions.csv", "地区", region_cols, read_region_row, struct region, regions, n_regions, PART_REGIONS),
	FILE_KIND("units.csv", "责任单位", unit_cols, read_unit_row, struct unit, units, n_units, PART_UNITS),
	FILE_KIND("actions.csv", "行动", action_cols, read_action_row, struct action, actions, n_actions, PART_ACTIONS),
	FILE_KIND("measures.csv", "举措", measure_cols, read_measure_row, struct measure, measures, n_measures, PART_MEASURES),
	FILE_KIND("responsibilities.csv", "责任分工", resp_cols, read_resp_row, struct responsibility, resps, n_resps,
		  PART_RESPS),
	FILE_KIND("indicators.csv", "指标", indicator_cols, read_indicator_row, struct indicator, indicators, n_indicators,
		  PART_INDICATORS),
	FILE_KIND("targets.csv", "目标值", target_cols, read_target_row, struct target, targets, n_targets, PART_TARGETS),
	{"rules.csv", "校验规则", rule_cols, N_OF(rule_cols), read_rule_row, sizeof(struct rule), offsetof(struct plan, rules),
	 offsetof(struct plan, n_rules), 1, PART_RULES},
};
#define N_FILE_KINDS N_OF(file_kinds)

size_t plan_layout(struct plan_part_layout *out, size_t cap)
{
	for (size_t k = 0; k < N_FILE_KINDS && k < cap; k++) {
		const struct plan_file_kind *fk = &file_kinds[k];
		size_t stem = strlen(fk->name) - 4; /* "goals.csv" -> "goals" */
		out[k] = (struct plan_part_layout){fk->name, fk->sheet_zh, {0}, fk->cols, fk->n_cols, fk->is_optional};
		memcpy(out[k].sheet_en, fk->name, stem);
		out[k].sheet_en[stem] = '\0';
	}
	return N_FILE_KINDS;
}

static void file_text(const struct plan_files *f, size_t k, const char **p, size_t *len)
{
	const char *const texts[] = {f->plan, f->goals, f->regions, f->units, f->actions, f->measures, f->resps, f->indicators, f->targets, f->rules};
	const size_t lens[] = {f->plan_len, f->goals_len, f->regions_len, f->units_len, f->actions_len, f->measures_len, f->resps_len, f->indicators_len, f->targets_len, f->rules_len};
	*p = texts[k];
	*len = lens[k];
}

/* Give plan_check's diagnostics (file, line, field) the column of that field in the file. */
static void fill_columns(struct diag_list *diags, size_t from, const struct sheet *sheets, int idx[][32])
{
	for (size_t i = from; i < diags->n; i++) {
		struct diag *d = &diags->items[i];
		if (d->col || !d->field || !d->file)
			continue;
		for (size_t k = 0; k < N_FILE_KINDS; k++) {
			if (!sheets[k].file || strcmp(sheets[k].file, d->file) != 0)
				continue;
			for (size_t c = 0; c < file_kinds[k].n_cols; c++)
				if (strcmp(file_kinds[k].cols[c].name, d->field) == 0 && idx[k][c] >= 0)
					d->col = idx[k][c] + 1;
		}
	}
}

/* A target written in another unit than its indicator's (targets.csv unit): its figures are
 * converted into the indicator's unit, the plan's unit kept for display. */
static void convert_target_units(struct plan *p, const struct sheet *sheet, const int *idx, struct diag_list *diags)
{
	for (size_t i = 0; i < p->n_targets; i++) {
		struct target *t = &p->targets[i];
		int ind = plan_find_indicator(p, t->indicator_code);
		if (!t->unit_given || ind < 0)
			continue;
		const struct sheet_row *row = &sheet->rows[i + 1];
		const char *want = p->indicators[ind].unit_zh;
		if (want && strcmp(t->unit_given, want) == 0) {
			t->unit_given = NULL; /* the indicator's own unit: nothing to convert */
			continue;
		}
		if (!cmp_needs_value(t->cmp) || t->cmp == CMP_CAGR_GE || t->cmp == CMP_CAGR_LE ||
		    t->cmp == CMP_CHANGE_PCT_GE || t->cmp == CMP_CHANGE_PCT_LE) {
			sheet_cell_error(sheet, row, idx[14], "unit", "unexpected", diags,
					 "comparator '%s' takes no figure in a unit: leave unit empty", cmp_name(t->cmp));
			continue;
		}
		double factor;
		if (!want || !unit_convert(1.0, t->unit_given, want, &factor) || !(factor > 0)) {
			sheet_cell_error(sheet, row, idx[14], "unit", "bad_unit", diags,
					 "unit '%s' cannot be converted to the indicator's unit '%s'", t->unit_given,
					 want ? want : "");
			continue;
		}
		t->unit_factor = factor;
		t->value *= factor, t->value_max *= factor, t->base_value *= factor, t->tolerance *= factor;
	}
}

/* responsibilities.csv rows naming an action go to plan.action_resps. */
static void split_action_resps(struct plan *p, struct arena *arena)
{
	size_t n_action = 0, n_measure = 0;
	for (size_t i = 0; i < p->n_resps; i++)
		n_action += p->resps[i].action_number != 0;
	p->action_resps = arena_calloc(arena, n_action ? n_action : 1, sizeof(*p->action_resps));
	for (size_t i = 0; i < p->n_resps; i++) {
		if (p->resps[i].action_number)
			p->action_resps[p->n_action_resps++] = p->resps[i];
		else
			p->resps[n_measure++] = p->resps[i];
	}
	p->n_resps = n_measure;
}

/* Drop a cross-file diagnostic about a cell the reader already reported (a value it could not
 * read shows up again as, say, "needs a value"): the first report says what is wrong. */
static void drop_repeats(struct diag_list *diags, size_t read_from, size_t check_from)
{
	size_t out = check_from;
	for (size_t i = check_from; i < diags->n; i++) {
		const struct diag *c = &diags->items[i];
		int is_repeat = 0;
		for (size_t k = read_from; k < check_from && !is_repeat; k++) {
			const struct diag *r = &diags->items[k];
			is_repeat = r->file && c->file && r->field && c->field && r->line == c->line &&
				    strcmp(r->file, c->file) == 0 && strcmp(r->field, c->field) == 0;
		}
		if (is_repeat) {
			if (!c->is_warning)
				diags->n_errors--;
			continue;
		}
		diags->items[out++] = *c;
	}
	diags->n = out;
}

/* Where a plan's parts come from: the CSV texts of a folder or the sheets of a workbook. get
 * reads part k into *out (its file label unique per part, for diagnostics) and returns ST_OK,
 * ST_NOT_FOUND when the part is absent (reporting it when it is required), or another status
 * when it cannot be read (reported). */
struct part_source {
	enum status (*get)(void *ctx, size_t k, struct sheet *out, struct diag_list *diags);
	void *ctx;
};

/* Read every part from src and check the plan (plan_parse's contract). */
static enum status parse_parts(struct arena *arena, const struct part_source *src, struct sheet *sheets, struct plan **out,
			       struct diag_list *diags)
{
	struct plan *p = arena_calloc(arena, 1, sizeof(*p));
	int idx[N_FILE_KINDS][32];
	size_t errors_before = diag_errors(diags), read_from = diags->n;
	memset(sheets, 0, N_FILE_KINDS * sizeof(*sheets));
	*out = NULL;

	for (size_t k = 0; k < N_FILE_KINDS; k++) {
		const struct plan_file_kind *fk = &file_kinds[k];
		enum status rc = src->get(src->ctx, k, &sheets[k], diags);
		if (rc != ST_OK) {
			memset(&sheets[k], 0, sizeof(sheets[k]));
			if (rc != ST_NOT_FOUND || !fk->is_optional)
				p->unread |= fk->part;
			continue;
		}
		/* a header with an unknown column is reported and its rows still read; without a
		 * required column the rows cannot be read */
		int is_unreadable = 0;
		if (sheet_map_columns(&sheets[k], fk->cols, fk->n_cols, 1, idx[k], diags))
			for (size_t c = 0; c < fk->n_cols; c++)
				is_unreadable |= fk->cols[c].is_required && idx[k][c] < 0;
		if (is_unreadable) {
			p->unread |= fk->part;
			continue;
		}
		size_t n_rows = sheets[k].n_rows - 1;
		if (fk->elem_size == 0) {
			if (n_rows != 1) {
				struct diag *d = diag_add(diags, sheets[k].file, n_rows > 1 ? sheets[k].rows[2].line : 1, 0, NULL,
							  "plan_rows", "%s must have exactly one plan row, not %zu",
							  sheets[k].sheet_name ? "the plan sheet" : "plan.csv", n_rows);
				if (d)
					d->sheet = sheets[k].sheet_name;
				if (n_rows == 0) {
					p->unread |= fk->part;
					continue;
				}
			}
			n_rows = 1;
		} else {
			void *items = arena_calloc(arena, n_rows ? n_rows : 1, fk->elem_size);
			memcpy((char *)p + fk->off_items, &items, sizeof(items));
			memcpy((char *)p + fk->off_count, &n_rows, sizeof(n_rows));
		}
		struct rd r = {arena, diags, &sheets[k], fk->cols, idx[k], NULL};
		for (size_t i = 0; i < n_rows; i++) {
			r.row = &sheets[k].rows[i + 1];
			fk->read_row(&r, p, i);
		}
	}
	for (size_t k = 0; k < N_FILE_KINDS; k++)
		if (file_kinds[k].part == PART_TARGETS && !(p->unread & (PART_TARGETS | PART_INDICATORS)))
			convert_target_units(p, &sheets[k], idx[k], diags);
	split_action_resps(p, arena);
	size_t check_from = diags->n;
	plan_check(p, diags);
	fill_columns(diags, check_from, sheets, idx);
	drop_repeats(diags, read_from, check_from);
	if (diag_errors(diags) > errors_before)
		return ST_INVALID;
	*out = p;
	return ST_OK;
}

/* ---- CSV texts (a folder) ----------------------------------------------------------------- */

struct csv_source {
	struct arena *arena;
	const char *dir;
	const struct plan_files *files;
};

static enum status csv_get(void *ctx, size_t k, struct sheet *out, struct diag_list *diags)
{
	struct csv_source *c = ctx;
	const struct plan_file_kind *fk = &file_kinds[k];
	const char *data;
	size_t len;
	file_text(c->files, k, &data, &len);
	const char *fname = c->dir ? arena_printf(c->arena, "%s/%s", c->dir, fk->name) : fk->name;
	if (!data) {
		if (!fk->is_optional)
			diag_add(diags, fname, 0, 0, NULL, "missing_file", "required file '%s' is missing", fk->name);
		return ST_NOT_FOUND;
	}
	return sheet_from_csv(c->arena, fname, data, len, out, diags);
}

enum status plan_parse(struct arena *arena, const char *dir, const struct plan_files *f, struct plan **out,
		       struct diag_list *diags)
{
	struct csv_source c = {arena, dir, f};
	struct part_source src = {csv_get, &c};
	struct sheet sheets[N_FILE_KINDS];
	return parse_parts(arena, &src, sheets, out, diags);
}

/* ---- a workbook --------------------------------------------------------------------------- */

struct xlsx_source {
	struct arena *arena;
	const char *file;
	const void *buf;
	size_t len;
	const char *found[N_FILE_KINDS]; /* the workbook's sheet for each part, NULL when none */
	const char *label[N_FILE_KINDS]; /* "FILE[SHEET]": a file label unique per part */
};

static enum status xlsx_get(void *ctx, size_t k, struct sheet *out, struct diag_list *diags)
{
	struct xlsx_source *x = ctx;
	const struct plan_file_kind *fk = &file_kinds[k];
	if (!x->found[k]) {
		if (!fk->is_optional) {
			size_t stem = strlen(fk->name) - 4;
			diag_add(diags, x->file, 0, 0, NULL, "missing_sheet",
				 "required sheet '%s' (or '%.*s') is missing from the workbook", fk->sheet_zh, (int)stem, fk->name);
		}
		return ST_NOT_FOUND;
	}
	x->label[k] = arena_printf(x->arena, "%s[%s]", x->file, x->found[k]);
	enum status rc = sheet_from_xlsx(x->arena, x->file, x->buf, x->len, x->found[k], out, diags);
	out->file = x->label[k];
	return rc;
}

/* Whether a workbook's sheet name names part k: its Chinese name, or its file's stem ("goals"),
 * ASCII case ignored and surrounding spaces too. */
static int sheet_names_part(const char *name, size_t k)
{
	struct str n = str_trim(str_of(name));
	const char *stem = file_kinds[k].name;
	size_t stem_len = strlen(stem) - 4;
	return (n.len == strlen(file_kinds[k].sheet_zh) && memcmp(n.p, file_kinds[k].sheet_zh, n.len) == 0) ||
	       (n.len == stem_len && strncasecmp(n.p, stem, stem_len) == 0);
}

/* Order of a diagnostic: its sheet's place in the workbook (none first), row, column, then the
 * order it was found in. */
struct diag_order {
	size_t sheet, k;
	long line;
	int col;
};

static int diag_order_cmp(const void *a, const void *b)
{
	const struct diag_order *x = a, *y = b;
	if (x->sheet != y->sheet)
		return x->sheet < y->sheet ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

static void sort_by_sheet(struct diag_list *diags, size_t from, const char *const *names, size_t n_names)
{
	size_t n = diags->n - from;
	if (n < 2)
		return;
	struct diag_order *o = arena_alloc(diags->arena, n * sizeof(*o));
	for (size_t i = 0; i < n; i++) {
		const struct diag *d = &diags->items[from + i];
		size_t sheet = 0;
		for (size_t k = 0; d->sheet && k < n_names && !sheet; k++)
			sheet = strcmp(names[k], d->sheet) == 0 ? k + 1 : 0;
		o[i] = (struct diag_order){sheet, i, d->line, d->col};
	}
	qsort(o, n, sizeof(*o), diag_order_cmp);
	struct diag *copy = arena_alloc(diags->arena, n * sizeof(*copy));
	for (size_t i = 0; i < n; i++)
		copy[i] = diags->items[from + o[i].k];
	memcpy(&diags->items[from], copy, n * sizeof(*copy));
}

enum status plan_parse_xlsx(struct arena *arena, const char *file, const void *buf, size_t len, struct plan **out,
			    struct diag_list *diags)
{
	*out = NULL;
	const char **names;
	size_t n_names;
	size_t errors_before = diag_errors(diags);
	enum status rc = xlsx_sheet_names(arena, file, buf, len, &names, &n_names, diags);
	if (rc != ST_OK)
		return diag_errors(diags) > errors_before ? ST_INVALID : rc;
	struct xlsx_source x = {arena, file, buf, len, {0}, {0}};
	/* every sheet names one part at most once; any other sheet is a typo, not ignored */
	for (size_t i = 0; i < n_names; i++) {
		size_t k = 0;
		while (k < N_FILE_KINDS && !sheet_names_part(names[i], k))
			k++;
		if (k == N_FILE_KINDS) {
			struct diag *d = diag_add(diags, file, 0, 0, NULL, "unknown_sheet",
						  "unknown sheet '%s': a plan workbook has the sheets 规划, 目标, 地区, 责任单位, 行动, "
						  "举措, 责任分工, 指标, 目标值 and 校验规则 (or plan, goals, ...)", names[i]);
			if (d)
				d->sheet = names[i];
		} else if (x.found[k]) {
			struct diag *d = diag_add(diags, file, 0, 0, NULL, "duplicate_sheet",
						  "sheets '%s' and '%s' are the same part of the plan: keep one", x.found[k], names[i]);
			if (d)
				d->sheet = names[i];
		} else {
			x.found[k] = names[i];
		}
	}
	struct part_source src = {xlsx_get, &x};
	struct sheet sheets[N_FILE_KINDS];
	size_t from = diags->n;
	rc = parse_parts(arena, &src, sheets, out, diags);
	/* the checks name a part by its label: give it back as the workbook and the sheet, and
	 * list the problems sheet by sheet, row by row, as a person goes through the workbook */
	for (size_t i = from; i < diags->n; i++)
		for (size_t k = 0; k < N_FILE_KINDS; k++)
			if (x.label[k] && diags->items[i].file && strcmp(diags->items[i].file, x.label[k]) == 0) {
				diags->items[i].file = file;
				diags->items[i].sheet = x.found[k];
			}
	sort_by_sheet(diags, from, names, n_names);
	if (diag_errors(diags) > errors_before && rc == ST_OK)
		rc = ST_INVALID, *out = NULL;
	return rc;
}

enum status plan_load_dir(struct arena *arena, const char *dir, struct plan **out, struct diag_list *diags)
{
	struct plan_files f;
	const char **texts[] = {&f.plan, &f.goals, &f.regions, &f.units, &f.actions, &f.measures, &f.resps, &f.indicators, &f.targets, &f.rules};
	size_t *lens[] = {&f.plan_len, &f.goals_len, &f.regions_len, &f.units_len, &f.actions_len, &f.measures_len, &f.resps_len, &f.indicators_len, &f.targets_len, &f.rules_len};
	enum status worst = ST_OK;
	memset(&f, 0, sizeof(f));
	*out = NULL;
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_add(diags, dir, 0, 0, NULL, "not_a_folder", "'%s' is not a readable folder", dir);
		return ST_IO;
	}
	for (size_t k = 0; k < N_FILE_KINDS; k++) {
		char *path = arena_printf(arena, "%s/%s", dir, file_kinds[k].name);
		char *data;
		size_t len;
		enum status rc = file_read_all(arena, path, PLAN_FILE_MAX_BYTES, &data, &len);
		if (rc == ST_TOO_LARGE) {
			diag_add(diags, path, 0, 0, NULL, "too_large", "the file is larger than %zu bytes", PLAN_FILE_MAX_BYTES);
			worst = ST_INVALID;
		} else if (rc != ST_OK && errno != ENOENT) {
			diag_add(diags, path, 0, 0, NULL, "unreadable", "cannot read the file: %s", strerror(errno));
			worst = ST_IO;
		} else if (rc == ST_OK) {
			*texts[k] = data;
			*lens[k] = len;
		}
	}
	if (worst != ST_OK)
		return worst;
	return plan_parse(arena, dir, &f, out, diags);
}
