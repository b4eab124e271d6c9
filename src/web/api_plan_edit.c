/* api_plan_edit.c - plan edits by admins: indicators, targets, measures (with their units),
 * units and validation rules. Each edit applies to the latest version in memory, passes the
 * same checks as a plan folder (plan_check) and is stored as a new plan version. */
#include <jansson.h>
#include <string.h>

#include "base/num.h"
#include "store/store.h"
#include "web/api.h"
#include "web/route.h"
#include "base/banned.h"

/* Typed optional members; a wrong type is recorded in details. */
struct reader {
	json_t *body;
	json_t *details;  /* problems found, as API error details */
	struct arena *a;
	int version;      /* the plan version after a successful save */
	int is_unchanged;
	const char *plan_code;
};

static void bad(struct reader *rd, const char *field, const char *want)
{
	json_array_append_new(rd->details, json_pack("{s:s, s:s, s:s}", "field", field, "code", "bad_type", "message", want));
}

static int get_str(struct reader *rd, const char *k, const char **out)
{
	json_t *v = json_object_get(rd->body, k);
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*out = NULL;
		return 1;
	}
	if (!json_is_string(v)) {
		bad(rd, k, "a string or null");
		return 0;
	}
	*out = *json_string_value(v) ? arena_strdup(rd->a, json_string_value(v)) : NULL;
	return 1;
}

static int get_num(struct reader *rd, const char *k, int *has, double *out)
{
	json_t *v = json_object_get(rd->body, k);
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*has = 0;
		return 1;
	}
	if (!json_is_number(v)) {
		bad(rd, k, "a number or null");
		return 0;
	}
	*has = 1;
	*out = json_number_value(v);
	return 1;
}

static int get_int(struct reader *rd, const char *k, int *out)
{
	json_t *v = json_object_get(rd->body, k);
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*out = 0;
		return 1;
	}
	if (!json_is_integer(v) || json_integer_value(v) < -1000000 || json_integer_value(v) > 1000000) {
		bad(rd, k, "a whole number or null");
		return 0;
	}
	*out = (int)json_integer_value(v);
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

static void json_release(void *p)
{
	json_decref(p);
}

static void reader_init(struct req *r, struct reader *rd, json_t *body)
{
	memset(rd, 0, sizeof(*rd));
	rd->a = r->arena;
	rd->body = body;
	rd->details = json_array();
	arena_on_free(r->arena, json_release, rd->details); /* every exit releases it */
}

/* Check the edited plan and store it as a new version; ST_INVALID leaves the problems in
 * rd->details. */
static enum status save(struct req *r, struct plan *p, struct reader *rd)
{
	if (json_array_size(rd->details))
		return ST_INVALID;
	struct diag_list d;
	diag_init(&d, r->arena);
	if (plan_check(p, &d) != 0) {
		/* refill the array reader_init registered for release: replacing it freed it twice */
		json_t *found = req_diag_details(&d, 0);
		json_array_clear(rd->details);
		json_array_extend(rd->details, found);
		json_decref(found);
		return ST_INVALID;
	}
	struct plan_save_result res;
	enum status rc = store_plan_save(r->store, p, r->principal.name, &res);
	if (rc != ST_OK)
		return rc;
	rd->version = res.version;
	rd->is_unchanged = res.is_unchanged;
	rd->plan_code = p->info.code;
	return ST_OK;
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

static enum status edit_indicator_put(struct req *r, struct reader *rdp)
{
	static const char *const dirs[] = {"up", "down", NULL}, *const freqs[] = {"annual", "quarterly", "monthly", NULL},
				 *const kinds[] = {"reported", "derived", "formula", NULL}, *const aggs[] = {"none", "sum", NULL};
	struct plan *p;
	struct reader rd = *rdp;
	enum status rc = req_plan_mutable(r, &p);
	if (rc != ST_OK)
		return rc;
	int i = plan_find_indicator(p, r->params[0]);
	if (i < 0) {
		p->indicators = append(r->arena, p->indicators, &p->n_indicators, sizeof(*p->indicators));
		i = (int)p->n_indicators - 1;
		struct indicator *x = &p->indicators[i];
		x->code = r->params[0];
		x->decimals = 2;
		x->direction = DIR_UP;
		if (!json_object_get(rd.body, "name_zh") || !json_object_get(rd.body, "unit_zh"))
			json_array_append_new(rd.details, json_pack("{s:s, s:s, s:s}", "field", "name_zh", "code", "missing",
								    "message", "a new indicator needs name_zh and unit_zh"));
	}
	struct indicator *x = &p->indicators[i];
	int v;
	get_str(&rd, "name_zh", &x->name_zh), get_str(&rd, "name_en", &x->name_en);
	get_str(&rd, "unit_zh", &x->unit_zh), get_str(&rd, "unit_en", &x->unit_en);
	get_int(&rd, "decimals", &x->decimals);
	if (get_choice(&rd, "direction", dirs, &v))
		x->direction = v ? DIR_DOWN : DIR_UP;
	if (get_choice(&rd, "frequency", freqs, &v))
		x->frequency = (enum frequency)v;
	if (get_choice(&rd, "kind", kinds, &v))
		x->kind = (enum ind_kind)v;
	if (get_choice(&rd, "aggregation", aggs, &v))
		x->aggregation = (enum aggregation)v;
	get_str(&rd, "goal", &x->goal_code);
	get_int(&rd, "measure", &x->measure_number);
	get_str(&rd, "owner", &x->owner_code);
	json_t *hl = json_object_get(rd.body, "headline");
	if (json_is_boolean(hl))
		x->is_headline = json_is_true(hl);
	else if (hl)
		bad(&rd, "headline", "true or false");
	get_str(&rd, "definition_zh", &x->definition_zh), get_str(&rd, "definition_en", &x->definition_en);
	get_str(&rd, "formula", &x->formula);
	if (!x->name_zh || !x->unit_zh)
		json_array_append_new(rd.details, json_pack("{s:s, s:s, s:s}", "field", "name_zh", "code", "missing",
							    "message", "name_zh and unit_zh cannot be empty"));
	rc = save(r, p, &rd);
	*rdp = rd;
	return rc;
}

static int find_target(const struct plan *p, const char *ind, const char *reg, int year)
{
	for (size_t i = 0; i < p->n_targets; i++)
		if (strcmp(p->targets[i].indicator_code, ind) == 0 && strcmp(p->targets[i].region_code, reg) == 0 &&
		    p->targets[i].year == year)
			return (int)i;
	return -1;
}

static int target_year(struct req *r)
{
	int64_t y;
	return num_parse_int(str_of(r->params[2]), 1900, 2200, &y) ? (int)y : 0;
}

static enum status edit_target_put(struct req *r, struct reader *rdp)
{
	struct plan *p;
	struct reader rd = *rdp;
	int year = target_year(r);
	if (!year)
		return ST_NOT_FOUND;
	enum status rc = req_plan_mutable(r, &p);
	if (rc != ST_OK)
		return rc;
	int i = find_target(p, r->params[0], r->params[1], year);
	if (i < 0) {
		p->targets = append(r->arena, p->targets, &p->n_targets, sizeof(*p->targets));
		i = (int)p->n_targets - 1;
		p->targets[i].indicator_code = r->params[0];
		p->targets[i].region_code = r->params[1];
		p->targets[i].year = year;
	}
	struct target *t = &p->targets[i];
	const char *cmp = NULL;
	if (get_str(&rd, "comparator", &cmp)) {
		t->cmp = cmp ? cmp_parse(cmp) : CMP_NONE;
		if (t->cmp == CMP_NONE)
			bad(&rd, "comparator", ">=, >, <=, <, between, about, annual>=, annual<=, cagr>=, cagr<=, change>=, "
					       "change<=, change%>=, change%<=, cumulative>=, keep-or-improve, rising or qualitative");
	} else if (t->cmp == CMP_NONE) {
		bad(&rd, "comparator", "a new target needs a comparator");
	}
	get_num(&rd, "value", &t->has_value, &t->value);
	get_num(&rd, "value_max", &t->has_value_max, &t->value_max);
	get_num(&rd, "base_value", &t->has_base_value, &t->base_value);
	get_int(&rd, "base_year", &t->base_year);
	get_str(&rd, "note_zh", &t->note_zh);
	get_num(&rd, "tolerance", &t->has_tolerance, &t->tolerance);
	const char *nature = NULL;
	if (get_str(&rd, "nature", &nature)) { /* null or "" clears it */
		int n = nature_parse(nature);
		if (n < 0)
			bad(&rd, "nature", "binding (约束性), indicative (预期性) or null");
		else
			t->nature = (enum target_nature)n;
	}
	rc = save(r, p, &rd);
	*rdp = rd;
	return rc;
}

static enum status edit_target_delete(struct req *r, struct reader *rdp)
{
	struct plan *p;
	int year = target_year(r);
	enum status rc = req_plan_mutable(r, &p);
	if (rc != ST_OK)
		return rc;
	int i = year ? find_target(p, r->params[0], r->params[1], year) : -1;
	if (i < 0)
		return ST_NOT_FOUND;
	memmove(&p->targets[i], &p->targets[i + 1], (p->n_targets - (size_t)i - 1) * sizeof(*p->targets));
	p->n_targets--;
	return save(r, p, rdp);
}

/* Replace the units of measure m: leads first, then co units, positions 1..n. */
static void set_units(struct req *r, struct plan *p, int m, json_t *leads, json_t *co, struct reader *rd)
{
	size_t keep = 0;
	for (size_t i = 0; i < p->n_resps; i++)
		if (p->resps[i].measure_number != m)
			keep++;
	size_t n_new = json_array_size(leads) + json_array_size(co);
	struct responsibility *rs = arena_calloc(r->arena, keep + n_new + 1, sizeof(*rs));
	size_t k = 0;
	for (size_t i = 0; i < p->n_resps; i++)
		if (p->resps[i].measure_number != m)
			rs[k++] = p->resps[i];
	int pos = 1;
	json_t *lists[2] = {leads, co};
	for (int l = 0; l < 2; l++) {
		size_t idx;
		json_t *v;
		json_array_foreach(lists[l], idx, v) {
			if (!json_is_string(v)) {
				bad(rd, l ? "co" : "lead", "unit codes");
				continue;
			}
			rs[k] = (struct responsibility){.measure_number = m, .unit_code = arena_strdup(r->arena, json_string_value(v)),
							.role = l ? ROLE_CO : ROLE_LEAD, .position = pos++, .measure = -1, .unit = -1};
			k++;
		}
	}
	p->resps = rs;
	p->n_resps = k;
}

static enum status edit_measure_put(struct req *r, struct reader *rdp)
{
	struct plan *p;
	struct reader rd = *rdp;
	int64_t number;
	if (!num_parse_int(str_of(r->params[0]), 1, 10000, &number))
		return ST_NOT_FOUND;
	enum status rc = req_plan_mutable(r, &p);
	if (rc != ST_OK)
		return rc;
	int i = plan_find_measure(p, (int)number);
	if (i < 0) {
		p->measures = append(r->arena, p->measures, &p->n_measures, sizeof(*p->measures));
		i = (int)p->n_measures - 1;
		p->measures[i].number = (int)number;
	}
	struct measure *m = &p->measures[i];
	get_int(&rd, "action", &m->action_number);
	get_str(&rd, "title_zh", &m->title_zh), get_str(&rd, "title_en", &m->title_en), get_str(&rd, "text_zh", &m->text_zh);
	json_t *lead = json_object_get(rd.body, "lead"), *co = json_object_get(rd.body, "co");
	if (lead || co) {
		json_t *leads = json_is_string(lead) ? json_pack("[O]", lead) : json_incref(lead);
		if (!json_is_array(leads) || (co && !json_is_array(co)))
			bad(&rd, "lead", "lead: a unit code or a list of codes; co: a list of codes");
		else {
			json_t *none = json_array(); /* set_units borrows its lists */
			set_units(r, p, m->number, leads, co ? co : none, &rd);
			json_decref(none);
		}
		json_decref(leads);
	}
	if (!m->title_zh || !m->text_zh)
		json_array_append_new(rd.details, json_pack("{s:s, s:s, s:s}", "field", "title_zh", "code", "missing",
							    "message", "a measure needs title_zh and text_zh"));
	rc = save(r, p, &rd);
	*rdp = rd;
	return rc;
}

static enum status edit_unit_put(struct req *r, struct reader *rdp)
{
	struct plan *p;
	struct reader rd = *rdp;
	enum status rc = req_plan_mutable(r, &p);
	if (rc != ST_OK)
		return rc;
	int i = plan_find_unit(p, r->params[0]);
	if (i < 0) {
		p->units = append(r->arena, p->units, &p->n_units, sizeof(*p->units));
		i = (int)p->n_units - 1;
		p->units[i].code = r->params[0];
	}
	struct unit *u = &p->units[i];
	get_str(&rd, "name_zh", &u->name_zh), get_str(&rd, "name_en", &u->name_en), get_str(&rd, "kind", &u->kind);
	if (!u->name_zh)
		json_array_append_new(rd.details, json_pack("{s:s, s:s, s:s}", "field", "name_zh", "code", "missing",
							    "message", "a unit needs name_zh"));
	rc = save(r, p, &rd);
	*rdp = rd;
	return rc;
}

static int find_rule(const struct plan *p, const char *code)
{
	for (size_t i = 0; i < p->n_rules; i++)
		if (strcmp(p->rules[i].code, code) == 0)
			return (int)i;
	return -1;
}

static enum status edit_rule_put(struct req *r, struct reader *rdp)
{
	static const char *const kinds[] = {"range", "non_negative", "positive_integer", "children_le_parent", "yoy_jump", NULL};
	static const char *const sev[] = {"error", "warning", NULL};
	struct plan *p;
	struct reader rd = *rdp;
	enum status rc = req_plan_mutable(r, &p);
	if (rc != ST_OK)
		return rc;
	int i = find_rule(p, r->params[0]);
	int is_new = i < 0;
	if (is_new) {
		p->rules = append(r->arena, p->rules, &p->n_rules, sizeof(*p->rules));
		i = (int)p->n_rules - 1;
		p->rules[i].code = r->params[0];
	}
	struct rule *x = &p->rules[i];
	int v;
	if (get_choice(&rd, "kind", kinds, &v))
		x->kind = (enum rule_kind)v;
	else if (is_new && !json_object_get(rd.body, "kind"))
		bad(&rd, "kind", "a new rule needs its kind");
	get_str(&rd, "applies", &x->applies);
	get_num(&rd, "min", &x->has_min, &x->min);
	get_num(&rd, "max", &x->has_max, &x->max);
	if (get_choice(&rd, "severity", sev, &v))
		x->is_warning = v;
	get_str(&rd, "note_zh", &x->note_zh);
	if (!x->applies)
		bad(&rd, "applies", "an indicator code, \"*\" or \"unit:<unit>\"");
	rc = save(r, p, &rd);
	*rdp = rd;
	return rc;
}

static enum status edit_rule_delete(struct req *r, struct reader *rdp)
{
	struct plan *p;
	enum status rc = req_plan_mutable(r, &p);
	if (rc != ST_OK)
		return rc;
	int i = find_rule(p, r->params[0]);
	if (i < 0)
		return ST_NOT_FOUND;
	memmove(&p->rules[i], &p->rules[i + 1], (p->n_rules - (size_t)i - 1) * sizeof(*p->rules));
	p->n_rules--;
	return save(r, p, rdp);
}

/* ---- the API and form entry points ------------------------------------------------------- */

typedef enum status (*edit_fn)(struct req *r, struct reader *rd);

static const char *const indicator_fields[] = {"name_zh", "name_en", "unit_zh", "unit_en", "decimals", "direction",
					       "frequency", "kind", "aggregation", "goal", "measure", "owner", "headline",
					       "definition_zh", "definition_en", "formula", NULL};
static const char *const target_fields[] = {"comparator", "value", "value_max", "base_value", "base_year", "note_zh",
					    "tolerance", "nature", NULL};
static const char *const measure_fields[] = {"action", "title_zh", "title_en", "text_zh", "lead", "co", NULL};
static const char *const unit_fields[] = {"name_zh", "name_en", "kind", NULL};
static const char *const rule_fields[] = {"kind", "applies", "min", "max", "severity", "note_zh", NULL};
static const char *const no_fields[] = {NULL};

static const struct {
	enum plan_edit kind;
	edit_fn fn;
	const char *const *fields;
} edits[] = {
	{PLAN_EDIT_INDICATOR, edit_indicator_put, indicator_fields},
	{PLAN_EDIT_TARGET, edit_target_put, target_fields},
	{PLAN_EDIT_TARGET_DELETE, edit_target_delete, no_fields},
	{PLAN_EDIT_MEASURE, edit_measure_put, measure_fields},
	{PLAN_EDIT_UNIT, edit_unit_put, unit_fields},
	{PLAN_EDIT_RULE, edit_rule_put, rule_fields},
	{PLAN_EDIT_RULE_DELETE, edit_rule_delete, no_fields},
};

const char *const *plan_edit_fields(enum plan_edit kind)
{
	return edits[kind].fields;
}

enum status plan_edit(struct req *r, enum plan_edit kind, json_t *body, json_t **details, int *version)
{
	struct reader rd;
	reader_init(r, &rd, body);
	enum status rc = edits[kind].fn(r, &rd);
	*details = rd.details;
	*version = rd.version;
	return rc;
}

static enum status api_edit(struct req *r, enum plan_edit kind)
{
	json_t *body = NULL;
	if (kind != PLAN_EDIT_TARGET_DELETE && kind != PLAN_EDIT_RULE_DELETE &&
	    req_json_body(r, edits[kind].fields, &body) != ST_OK)
		return ST_INVALID;
	struct reader rd;
	reader_init(r, &rd, body);
	enum status rc = edits[kind].fn(r, &rd);
	if (rc == ST_INVALID) {
		req_json_error_full(r, ST_INVALID, "invalid", req_t(r, "error.plan_invalid"), json_incref(rd.details));
		return rc;
	}
	if (rc != ST_OK)
		return rc;
	return req_send_json(r, json_pack("{s:s, s:i, s:b}", "plan", rd.plan_code, "version", rd.version, "unchanged",
					  rd.is_unchanged));
}

enum status api_plan_indicator_put(struct req *r)
{
	return api_edit(r, PLAN_EDIT_INDICATOR);
}

enum status api_plan_target_put(struct req *r)
{
	return api_edit(r, PLAN_EDIT_TARGET);
}

enum status api_plan_target_delete(struct req *r)
{
	return api_edit(r, PLAN_EDIT_TARGET_DELETE);
}

enum status api_plan_measure_put(struct req *r)
{
	return api_edit(r, PLAN_EDIT_MEASURE);
}

enum status api_plan_unit_put(struct req *r)
{
	return api_edit(r, PLAN_EDIT_UNIT);
}

enum status api_plan_rule_put(struct req *r)
{
	return api_edit(r, PLAN_EDIT_RULE);
}

enum status api_plan_rule_delete(struct req *r)
{
	return api_edit(r, PLAN_EDIT_RULE_DELETE);
}
