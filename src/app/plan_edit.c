/* plan_edit.c - edits of the latest plan version (see plan.h): each is applied to a copy of the
 * latest version, passes the same checks as a plan folder (plan_check) and is stored as a new
 * version. The members come typed (struct edit_field) from the JSON API or the admin forms. */
#include <string.h>

#include "app/plan.h"
#include "base/banned.h"

/* The edit being applied: its members, where its problems go, where new things live. */
struct reader {
	const struct plan_edit *e;
	struct diag_list *errs;
	struct arena *a;
};

static const struct edit_field *member(const struct reader *rd, const char *name)
{
	for (size_t i = 0; i < rd->e->n_fields; i++)
		if (strcmp(rd->e->fields[i].name, name) == 0)
			return &rd->e->fields[i];
	return NULL;
}

static void bad(struct reader *rd, const char *field, const char *want)
{
	(void)app_refuse(rd->errs, ST_INVALID, field, "bad_type", NULL, "%s", want);
}

static void missing(struct reader *rd, const char *field, const char *what)
{
	(void)app_refuse(rd->errs, ST_INVALID, field, "missing", NULL, "%s", what);
}

/* Text member k into *out (null or "": NULL); 0 when absent or of another kind. */
static int get_str(struct reader *rd, const char *k, const char **out)
{
	const struct edit_field *v = member(rd, k);
	if (!v)
		return 0;
	if (v->kind == EDIT_NULL || (v->kind == EDIT_TEXT && !*v->text)) {
		*out = NULL;
		return 1;
	}
	if (v->kind != EDIT_TEXT) {
		bad(rd, k, "a string or null");
		return 0;
	}
	*out = arena_strdup(rd->a, v->text);
	return 1;
}

static int get_num(struct reader *rd, const char *k, int *has, double *out)
{
	const struct edit_field *v = member(rd, k);
	if (!v)
		return 0;
	if (v->kind == EDIT_NULL) {
		*has = 0;
		return 1;
	}
	if (v->kind != EDIT_NUMBER) {
		bad(rd, k, "a number or null");
		return 0;
	}
	*has = 1;
	*out = v->number;
	return 1;
}

static int get_int(struct reader *rd, const char *k, int *out)
{
	const struct edit_field *v = member(rd, k);
	if (!v)
		return 0;
	if (v->kind == EDIT_NULL) {
		*out = 0;
		return 1;
	}
	if (v->kind != EDIT_NUMBER || !v->is_integer || v->number < -1000000 || v->number > 1000000) {
		bad(rd, k, "a whole number or null");
		return 0;
	}
	*out = (int)v->number;
	return 1;
}

static int get_choice(struct reader *rd, const char *k, const char *const *words, int *out)
{
	const char *s = NULL;
	if (!get_str(rd, k, &s))
		return 0;
	for (int i = 0; words[i]; i++)
		if (s && strcmp(s, words[i]) == 0) {
			*out = i;
			return 1;
		}
	bad(rd, k, "one of the allowed words");
	return 0;
}

/* Grow an arena array by one element (the copy is new memory; the old stays valid). */
static void *append(struct arena *a, void *items, size_t *n, size_t size)
{
	char *grown = arena_calloc(a, *n + 1, size);
	if (*n)
		memcpy(grown, items, *n * size);
	(*n)++;
	return grown;
}

static void edit_indicator(struct reader *rd, struct plan *p)
{
	static const char *const dirs[] = {"up", "down", NULL}, *const freqs[] = {"annual", "quarterly", "monthly", NULL},
				 *const kinds[] = {"reported", "derived", "formula", NULL}, *const aggs[] = {"none", "sum", NULL};
	int i = plan_find_indicator(p, rd->e->code);
	if (i < 0) {
		p->indicators = append(rd->a, p->indicators, &p->n_indicators, sizeof(*p->indicators));
		i = (int)p->n_indicators - 1;
		struct indicator *x = &p->indicators[i];
		x->code = arena_strdup(rd->a, rd->e->code);
		x->decimals = 2;
		x->direction = DIR_UP;
		if (!member(rd, "name_zh") || !member(rd, "unit_zh"))
			missing(rd, "name_zh", "a new indicator needs name_zh and unit_zh");
	}
	struct indicator *x = &p->indicators[i];
	int v;
	get_str(rd, "name_zh", &x->name_zh), get_str(rd, "name_en", &x->name_en);
	get_str(rd, "unit_zh", &x->unit_zh), get_str(rd, "unit_en", &x->unit_en);
	get_int(rd, "decimals", &x->decimals);
	if (get_choice(rd, "direction", dirs, &v))
		x->direction = v ? DIR_DOWN : DIR_UP;
	if (get_choice(rd, "frequency", freqs, &v))
		x->frequency = (enum frequency)v;
	if (get_choice(rd, "kind", kinds, &v))
		x->kind = (enum ind_kind)v;
	if (get_choice(rd, "aggregation", aggs, &v))
		x->aggregation = (enum aggregation)v;
	get_str(rd, "goal", &x->goal_code);
	get_int(rd, "measure", &x->measure_number);
	get_str(rd, "owner", &x->owner_code);
	const struct edit_field *hl = member(rd, "headline");
	if (hl && hl->kind == EDIT_BOOL)
		x->is_headline = hl->boolean;
	else if (hl)
		bad(rd, "headline", "true or false");
	get_str(rd, "definition_zh", &x->definition_zh), get_str(rd, "definition_en", &x->definition_en);
	get_str(rd, "formula", &x->formula);
	get_str(rd, "method_zh", &x->method_zh), get_str(rd, "method_en", &x->method_en);
	get_str(rd, "source_zh", &x->source_zh), get_str(rd, "source_en", &x->source_en);
	get_str(rd, "release_zh", &x->release_zh), get_str(rd, "release_en", &x->release_en);
	if (!x->name_zh || !x->unit_zh)
		missing(rd, "name_zh", "name_zh and unit_zh cannot be empty");
}

static int find_target(const struct plan *p, const char *ind, const char *reg, int year)
{
	for (size_t i = 0; i < p->n_targets; i++)
		if (strcmp(p->targets[i].indicator_code, ind) == 0 && strcmp(p->targets[i].region_code, reg) == 0 &&
		    p->targets[i].year == year)
			return (int)i;
	return -1;
}

static void edit_target(struct reader *rd, struct plan *p)
{
	int i = find_target(p, rd->e->code, rd->e->region, rd->e->year);
	if (i < 0) {
		p->targets = append(rd->a, p->targets, &p->n_targets, sizeof(*p->targets));
		i = (int)p->n_targets - 1;
		p->targets[i].indicator_code = arena_strdup(rd->a, rd->e->code);
		p->targets[i].region_code = arena_strdup(rd->a, rd->e->region);
		p->targets[i].year = rd->e->year;
	}
	struct target *t = &p->targets[i];
	const char *cmp = NULL;
	if (get_str(rd, "comparator", &cmp)) {
		t->cmp = cmp ? cmp_parse(cmp) : CMP_NONE;
		if (t->cmp == CMP_NONE)
			bad(rd, "comparator", ">=, >, <=, <, between, about, annual>=, annual<=, cagr>=, cagr<=, change>=, "
					      "change<=, change%>=, change%<=, cumulative>=, keep-or-improve, rising or qualitative");
	} else if (t->cmp == CMP_NONE) {
		bad(rd, "comparator", "a new target needs a comparator");
	}
	get_num(rd, "value", &t->has_value, &t->value);
	get_num(rd, "value_max", &t->has_value_max, &t->value_max);
	get_num(rd, "base_value", &t->has_base_value, &t->base_value);
	get_int(rd, "base_year", &t->base_year);
	get_str(rd, "note_zh", &t->note_zh);
	get_num(rd, "tolerance", &t->has_tolerance, &t->tolerance);
	const char *nature = NULL;
	if (get_str(rd, "nature", &nature)) { /* null or "" clears it */
		int n = nature_parse(nature);
		if (n < 0)
			bad(rd, "nature", "binding (约束性), indicative (预期性) or null");
		else
			t->nature = (enum target_nature)n;
	}
}

/* Replace the units of measure m: leads first, then co units, positions 1..n. */
static void set_units(struct reader *rd, struct plan *p, int m, const struct edit_field *leads, const struct edit_field *co)
{
	size_t keep = 0;
	for (size_t i = 0; i < p->n_resps; i++)
		if (p->resps[i].measure_number != m)
			keep++;
	size_t n_new = (leads ? (leads->kind == EDIT_LIST ? leads->n_list : 1) : 0) + (co ? co->n_list : 0);
	struct responsibility *rs = arena_calloc(rd->a, keep + n_new + 1, sizeof(*rs));
	size_t k = 0;
	for (size_t i = 0; i < p->n_resps; i++)
		if (p->resps[i].measure_number != m)
			rs[k++] = p->resps[i];
	int pos = 1;
	const struct edit_field *lists[2] = {leads, co};
	for (int l = 0; l < 2; l++) {
		const struct edit_field *f = lists[l];
		size_t n = !f ? 0 : f->kind == EDIT_LIST ? f->n_list : 1;
		for (size_t idx = 0; idx < n; idx++) {
			const char *code = f->kind == EDIT_LIST ? f->list[idx] : f->text;
			if (!code) {
				bad(rd, l ? "co" : "lead", "unit codes");
				continue;
			}
			rs[k++] = (struct responsibility){.measure_number = m, .unit_code = arena_strdup(rd->a, code),
							  .role = l ? ROLE_CO : ROLE_LEAD, .position = pos++, .measure = -1, .unit = -1};
		}
	}
	p->resps = rs;
	p->n_resps = k;
}

static void edit_measure(struct reader *rd, struct plan *p)
{
	int i = plan_find_measure(p, rd->e->measure);
	if (i < 0) {
		p->measures = append(rd->a, p->measures, &p->n_measures, sizeof(*p->measures));
		i = (int)p->n_measures - 1;
		p->measures[i].number = rd->e->measure;
	}
	struct measure *m = &p->measures[i];
	get_int(rd, "action", &m->action_number);
	get_str(rd, "title_zh", &m->title_zh), get_str(rd, "title_en", &m->title_en), get_str(rd, "text_zh", &m->text_zh);
	get_str(rd, "text_en", &m->text_en);
	const struct edit_field *lead = member(rd, "lead"), *co = member(rd, "co");
	if (lead || co) {
		if (!lead || (lead->kind != EDIT_TEXT && lead->kind != EDIT_LIST) || (co && co->kind != EDIT_LIST))
			bad(rd, "lead", "lead: a unit code or a list of codes; co: a list of codes");
		else
			set_units(rd, p, m->number, lead, co);
	}
	if (!m->title_zh || !m->text_zh)
		missing(rd, "title_zh", "a measure needs title_zh and text_zh");
}

static void edit_unit(struct reader *rd, struct plan *p)
{
	int i = plan_find_unit(p, rd->e->code);
	if (i < 0) {
		p->units = append(rd->a, p->units, &p->n_units, sizeof(*p->units));
		i = (int)p->n_units - 1;
		p->units[i].code = arena_strdup(rd->a, rd->e->code);
	}
	struct unit *u = &p->units[i];
	get_str(rd, "name_zh", &u->name_zh), get_str(rd, "name_en", &u->name_en), get_str(rd, "kind", &u->kind);
	get_str(rd, "short_zh", &u->short_zh), get_str(rd, "short_en", &u->short_en);
	if (!u->name_zh)
		missing(rd, "name_zh", "a unit needs name_zh");
}

static int find_rule(const struct plan *p, const char *code)
{
	for (size_t i = 0; i < p->n_rules; i++)
		if (strcmp(p->rules[i].code, code) == 0)
			return (int)i;
	return -1;
}

static void edit_rule(struct reader *rd, struct plan *p)
{
	static const char *const kinds[] = {"range", "non_negative", "positive_integer", "children_le_parent", "yoy_jump", NULL};
	static const char *const sev[] = {"error", "warning", NULL};
	int i = find_rule(p, rd->e->code);
	int is_new = i < 0;
	if (is_new) {
		p->rules = append(rd->a, p->rules, &p->n_rules, sizeof(*p->rules));
		i = (int)p->n_rules - 1;
		p->rules[i].code = arena_strdup(rd->a, rd->e->code);
	}
	struct rule *x = &p->rules[i];
	int v;
	if (get_choice(rd, "kind", kinds, &v))
		x->kind = (enum rule_kind)v;
	else if (is_new && !member(rd, "kind"))
		bad(rd, "kind", "a new rule needs its kind");
	get_str(rd, "applies", &x->applies);
	get_num(rd, "min", &x->has_min, &x->min);
	get_num(rd, "max", &x->has_max, &x->max);
	if (get_choice(rd, "severity", sev, &v))
		x->is_warning = v;
	get_str(rd, "note_zh", &x->note_zh);
	if (!x->applies)
		bad(rd, "applies", "an indicator code, \"*\" or \"unit:<unit>\"");
}

static const char *const indicator_fields[] = {"name_zh", "name_en", "unit_zh", "unit_en", "decimals", "direction",
					       "frequency", "kind", "aggregation", "goal", "measure", "owner", "headline",
					       "definition_zh", "definition_en", "formula", "method_zh", "method_en",
					       "source_zh", "source_en", "release_zh", "release_en", NULL};
static const char *const target_fields[] = {"comparator", "value", "value_max", "base_value", "base_year", "note_zh",
					    "tolerance", "nature", NULL};
static const char *const measure_fields[] = {"action", "title_zh", "title_en", "text_zh", "text_en", "lead", "co", NULL};
static const char *const unit_fields[] = {"name_zh", "name_en", "kind", "short_zh", "short_en", NULL};
static const char *const rule_fields[] = {"kind", "applies", "min", "max", "severity", "note_zh", NULL};
static const char *const no_fields[] = {NULL};
static const char *const *const fields_of[PLAN_EDIT__COUNT] = {indicator_fields, target_fields, no_fields, measure_fields,
								 unit_fields, rule_fields, no_fields};
/* the members holding numbers: 1 any number, 2 a whole number */
static const struct {
	const char *name;
	int kind;
} number_fields[] = {{"value", 1}, {"value_max", 1}, {"base_value", 1}, {"min", 1}, {"max", 1}, {"tolerance", 1},
		     {"decimals", 2}, {"base_year", 2}, {"measure", 2}, {"action", 2}};

const char *const *app_plan_edit_fields(enum plan_edit_kind kind)
{
	return (unsigned)kind < PLAN_EDIT__COUNT ? fields_of[kind] : no_fields;
}

int app_plan_edit_field_is_number(enum plan_edit_kind kind, const char *name)
{
	int is_member = 0;
	for (const char *const *f = app_plan_edit_fields(kind); *f && !is_member; f++)
		is_member = strcmp(*f, name) == 0;
	for (size_t i = 0; is_member && i < sizeof(number_fields) / sizeof(number_fields[0]); i++)
		if (strcmp(number_fields[i].name, name) == 0)
			return number_fields[i].kind;
	return 0;
}

/* Delete the item of the key from p; ST_NOT_FOUND when it is not there. */
static enum status delete_item(const struct plan_edit *e, struct plan *p)
{
	if (e->kind == PLAN_EDIT_TARGET_DELETE) {
		int i = find_target(p, e->code, e->region, e->year);
		if (i < 0)
			return ST_NOT_FOUND;
		memmove(&p->targets[i], &p->targets[i + 1], (p->n_targets - (size_t)i - 1) * sizeof(*p->targets));
		p->n_targets--;
		return ST_OK;
	}
	int i = find_rule(p, e->code);
	if (i < 0)
		return ST_NOT_FOUND;
	memmove(&p->rules[i], &p->rules[i + 1], (p->n_rules - (size_t)i - 1) * sizeof(*p->rules));
	p->n_rules--;
	return ST_OK;
}

/* Whether the key names something an edit of its kind can be about. */
static int key_is_valid(const struct plan_edit *e)
{
	switch (e->kind) {
	case PLAN_EDIT_TARGET:
	case PLAN_EDIT_TARGET_DELETE:
		return e->code && e->region && e->year >= 1900 && e->year <= 2200;
	case PLAN_EDIT_MEASURE:
		return e->measure >= 1 && e->measure <= 10000;
	case PLAN_EDIT_INDICATOR:
	case PLAN_EDIT_UNIT:
	case PLAN_EDIT_RULE:
	case PLAN_EDIT_RULE_DELETE:
		return e->code && *e->code;
	default:
		return 0;
	}
}

enum status app_plan_edit(struct app_ctx *x, const struct plan_edit *e, struct plan_edit_result *res,
			  struct diag_list *errs)
{
	memset(res, 0, sizeof(*res));
	enum status rc = app_authorize(x, ACT_EDIT_PLAN, NULL, errs);
	if (rc != ST_OK)
		return rc;
	if (!key_is_valid(e))
		return ST_NOT_FOUND;
	struct plan *p; /* the edit's own copy of the plan worked on: x->plan may be shared read-only */
	rc = x->plan ? store_plan_get(x->store, x->arena, x->plan->info.code, 0, &p) : app_plan_default(x, &p);
	if (rc != ST_OK)
		return rc;
	struct reader rd = {e, errs, x->arena};
	for (size_t i = 0; i < e->n_fields; i++) {
		int is_known = 0;
		for (const char *const *f = app_plan_edit_fields(e->kind); *f && !is_known; f++)
			is_known = strcmp(*f, e->fields[i].name) == 0;
		if (!is_known)
			(void)app_refuse(errs, ST_INVALID, e->fields[i].name, "unknown_field", "error.unknown_field",
					 "'%s' is not a member of this edit", e->fields[i].name);
	}
	switch (e->kind) {
	case PLAN_EDIT_INDICATOR:
		edit_indicator(&rd, p);
		break;
	case PLAN_EDIT_TARGET:
		edit_target(&rd, p);
		break;
	case PLAN_EDIT_MEASURE:
		edit_measure(&rd, p);
		break;
	case PLAN_EDIT_UNIT:
		edit_unit(&rd, p);
		break;
	case PLAN_EDIT_RULE:
		edit_rule(&rd, p);
		break;
	default:
		rc = delete_item(e, p);
		if (rc != ST_OK)
			return rc;
		break;
	}
	/* the members first; the plan's own checks when they are fine (a member of a wrong kind
	 * would only repeat itself as a plan error) */
	if ((rc = app_errors_status(errs)) != ST_OK)
		return rc;
	struct plan_save_result saved;
	rc = app_plan_save(x, p, &saved, errs);
	if (rc != ST_OK)
		return rc;
	res->plan_code = p->info.code;
	res->version = saved.version;
	res->is_unchanged = saved.is_unchanged;
	return ST_OK;
}
