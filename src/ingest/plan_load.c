/* plan_load.c - plan folder reader: one column table and one row reader per file, then
 * core's plan_check for the cross-file rules. Every diagnostic gets file, line and column. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/num.h"
#include "ingest/plan_load.h"
#include "ingest/sheet.h"
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

#define SPEC(n, req) {n, NULL, req}
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- per-file column tables and row readers ------------------------------------------- */

static const struct col_spec plan_cols[] = {
	SPEC("code", 1), SPEC("title_zh", 1), SPEC("title_en", 0), SPEC("issuer_zh", 1),
	SPEC("issuer_en", 0), SPEC("doc_no", 1), SPEC("issued", 1), SPEC("valid_until", 1),
	SPEC("base_year", 0), SPEC("target_year", 1),
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
	SPEC("code", 1), SPEC("number", 1), SPEC("name_zh", 1), SPEC("name_en", 0), SPEC("text_zh", 0),
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
	SPEC("code", 1), SPEC("name_zh", 1), SPEC("name_en", 0), SPEC("kind", 1), SPEC("parents", 0),
	SPEC("sums_into", 0),
};

static void read_region_row(struct rd *r, struct plan *p, size_t i)
{
	struct region *g = &p->regions[i];
	g->code = text(r, 0), g->name_zh = text(r, 1), g->name_en = text(r, 2), g->kind = text(r, 3);
	g->sums_into = text(r, 5);
	g->sums_into_idx = -1;
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
	SPEC("code", 1), SPEC("name_zh", 1), SPEC("name_en", 0), SPEC("kind", 1),
};

static void read_unit_row(struct rd *r, struct plan *p, size_t i)
{
	struct unit *u = &p->units[i];
	u->code = text(r, 0), u->name_zh = text(r, 1), u->name_en = text(r, 2), u->kind = text(r, 3);
	u->pos = pos_of(r);
}

static const struct col_spec action_cols[] = {
	SPEC("number", 1), SPEC("title_zh", 1), SPEC("title_en", 0),
};

static void read_action_row(struct rd *r, struct plan *p, size_t i)
{
	struct action *a = &p->actions[i];
	integer(r, 0, 1, 1000, &a->number);
	a->title_zh = text(r, 1), a->title_en = text(r, 2);
	a->pos = pos_of(r);
}

static const struct col_spec measure_cols[] = {
	SPEC("number", 1), SPEC("action", 1), SPEC("title_zh", 1), SPEC("title_en", 0), SPEC("text_zh", 1),
};

static void read_measure_row(struct rd *r, struct plan *p, size_t i)
{
	struct measure *m = &p->measures[i];
	integer(r, 0, 1, 10000, &m->number);
	integer(r, 1, 1, 1000, &m->action_number);
	m->title_zh = text(r, 2), m->title_en = text(r, 3), m->text_zh = text(r, 4);
	m->pos = pos_of(r);
}

static const struct col_spec resp_cols[] = {
	SPEC("measure", 1), SPEC("unit", 1), SPEC("role", 1), SPEC("position", 1),
};

static void read_resp_row(struct rd *r, struct plan *p, size_t i)
{
	static const char *const roles[] = {"lead", "co", NULL};
	struct responsibility *x = &p->resps[i];
	integer(r, 0, 1, 10000, &x->measure_number);
	x->unit_code = text(r, 1);
	int role = choice(r, 2, roles, -1);
	x->role = role == 1 ? ROLE_CO : ROLE_LEAD;
	integer(r, 3, 1, 1000, &x->position);
	x->pos = pos_of(r);
}

static const struct col_spec indicator_cols[] = {
	SPEC("code", 1), SPEC("name_zh", 1), SPEC("name_en", 0), SPEC("unit_zh", 1), SPEC("unit_en", 0),
	SPEC("decimals", 0), SPEC("direction", 1), SPEC("frequency", 0), SPEC("kind", 1),
	SPEC("aggregation", 0), SPEC("goal", 0), SPEC("measure", 0), SPEC("owner", 0), SPEC("headline", 1),
	SPEC("definition_zh", 0), SPEC("definition_en", 0), SPEC("formula", 0),
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
	x->goal = x->measure = x->owner = -1;
	x->pos = pos_of(r);
}

static const struct col_spec target_cols[] = {
	SPEC("indicator", 1), SPEC("region", 1), SPEC("year", 1), SPEC("comparator", 1), SPEC("value", 0),
	SPEC("value_max", 0), SPEC("base_value", 0), SPEC("base_year", 0), SPEC("note_zh", 0),
	SPEC("proxy_region", 0), SPEC("proxy_note_zh", 0), SPEC("proxy_note_en", 0),
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
					 "unknown comparator '%s': use >=, >, <=, between, annual>=, keep-or-improve or rising", cmp);
	}
	t->has_value = number(r, 4, &t->value);
	t->has_value_max = number(r, 5, &t->value_max);
	t->has_base_value = number(r, 6, &t->base_value);
	integer(r, 7, 1900, 2200, &t->base_year);
	t->note_zh = text(r, 8);
	t->proxy_region_code = text(r, 9), t->proxy_note_zh = text(r, 10), t->proxy_note_en = text(r, 11);
	t->indicator = t->region = t->proxy_region = -1;
	t->pos = pos_of(r);
}

static const struct col_spec rule_cols[] = {
	SPEC("code", 1), SPEC("kind", 1), SPEC("applies", 1), SPEC("min", 0), SPEC("max", 0),
	SPEC("severity", 1), SPEC("note_zh", 0),
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
	const struct col_spec *cols;
	size_t n_cols;
	row_reader_fn read_row;
	size_t elem_size;
	size_t off_items, off_count; /* where in struct plan the array and count live */
	int is_optional;             /* an absent optional file means no rows */
};

#define FILE_KIND(fname, cols, fn, type, items, count)                                            \
	{fname, cols, N_OF(cols), fn, sizeof(type), offsetof(struct plan, items), offsetof(struct plan, count), 0}

static const struct plan_file_kind file_kinds[] = {
	{"plan.csv", plan_cols, N_OF(plan_cols), read_plan_row, 0, 0, 0, 0},
	FILE_KIND("goals.csv", goal_cols, read_goal_row, struct goal, goals, n_goals),
	FILE_KIND("regions.csv", region_cols, read_region_row, struct region, regions, n_regions),
	FILE_KIND("units.csv", unit_cols, read_unit_row, struct unit, units, n_units),
	FILE_KIND("actions.csv", action_cols, read_action_row, struct action, actions, n_actions),
	FILE_KIND("measures.csv", measure_cols, read_measure_row, struct measure, measures, n_measures),
	FILE_KIND("responsibilities.csv", resp_cols, read_resp_row, struct responsibility, resps, n_resps),
	FILE_KIND("indicators.csv", indicator_cols, read_indicator_row, struct indicator, indicators, n_indicators),
	FILE_KIND("targets.csv", target_cols, read_target_row, struct target, targets, n_targets),
	{"rules.csv", rule_cols, N_OF(rule_cols), read_rule_row, sizeof(struct rule), offsetof(struct plan, rules),
	 offsetof(struct plan, n_rules), 1},
};
#define N_FILE_KINDS N_OF(file_kinds)

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

enum status plan_parse(struct arena *arena, const char *dir, const struct plan_files *f, struct plan **out,
		       struct diag_list *diags)
{
	struct plan *p = arena_calloc(arena, 1, sizeof(*p));
	struct sheet sheets[N_FILE_KINDS];
	int idx[N_FILE_KINDS][32];
	size_t errors_before = diag_errors(diags);
	memset(sheets, 0, sizeof(sheets));
	*out = NULL;

	for (size_t k = 0; k < N_FILE_KINDS; k++) {
		const struct plan_file_kind *fk = &file_kinds[k];
		const char *data;
		size_t len;
		file_text(f, k, &data, &len);
		const char *fname = dir ? arena_printf(arena, "%s/%s", dir, fk->name) : fk->name;
		if (!data) {
			if (!fk->is_optional)
				diag_add(diags, fname, 0, 0, NULL, "missing_file", "required file '%s' is missing", fk->name);
			continue;
		}
		if (sheet_from_csv(arena, fname, data, len, &sheets[k], diags) != ST_OK)
			continue;
		if (sheet_map_columns(&sheets[k], fk->cols, fk->n_cols, 1, idx[k], diags))
			continue;
		size_t n_rows = sheets[k].n_rows - 1;
		if (fk->elem_size == 0) {
			if (n_rows != 1) {
				diag_add(diags, fname, n_rows > 1 ? sheets[k].rows[2].line : 1, 0, NULL, "plan_rows",
					 "plan.csv must have exactly one plan row, not %zu", n_rows);
				if (n_rows == 0)
					continue;
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
	if (diag_errors(diags) > errors_before)
		return ST_INVALID;
	size_t check_from = diags->n;
	plan_check(p, diags);
	fill_columns(diags, check_from, sheets, idx);
	if (diag_errors(diags) > errors_before)
		return ST_INVALID;
	*out = p;
	return ST_OK;
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
