/* plan_check.c - the rules a plan must satisfy before it is stored (docs/plan-format.md):
 * unique codes, resolvable references, sound targets and responsibility lists, an acyclic
 * region graph. Pure: reports to a diag_list, never stops at the first problem. */
#include <string.h>

#include "base/str.h"
#include "core/derive.h"
#include "core/expr.h"
#include "core/plan.h"
#include "base/banned.h"

#define ERR(d, pos, fieldname, code, ...) diag_add((d), (pos).file, (pos).line, 0, (fieldname), (code), __VA_ARGS__)

static const char *const region_kinds[] = {"province", "metro", "zone", "city", "county", "district", "park", NULL};
static const char *const unit_kinds[] = {"provincial_dept", "party_dept", "central_agency", "city_gov", "new_area", "other", NULL};

static int in_set(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (streq(s, *set))
			return 1;
	return 0;
}

static int date_is_valid(const char *s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
}

static void check_info(struct plan *p, struct diag_list *d)
{
	struct plan_info *in = &p->info;
	if (!code_is_valid(in->code))
		ERR(d, in->pos, "code", "bad_code", "plan code '%s' is not a valid code (lower-case letters, digits, '-' and '_')", in->code ? in->code : "");
	if (in->issued && !date_is_valid(in->issued))
		ERR(d, in->pos, "issued", "bad_date", "date '%s' is not a valid YYYY-MM-DD date", in->issued);
	if (in->valid_until && !date_is_valid(in->valid_until))
		ERR(d, in->pos, "valid_until", "bad_date", "date '%s' is not a valid YYYY-MM-DD date", in->valid_until);
	if (in->issued && in->valid_until && date_is_valid(in->issued) && date_is_valid(in->valid_until) &&
	    strcmp(in->valid_until, in->issued) < 0)
		ERR(d, in->pos, "valid_until", "bad_date", "the plan ends (%s) before it is issued (%s)", in->valid_until, in->issued);
	if (in->base_year && in->target_year && in->base_year >= in->target_year)
		ERR(d, in->pos, "base_year", "bad_year", "base year %d is not before target year %d", in->base_year, in->target_year);
}

static void check_codes(struct diag_list *d, const char *what, const char *code, struct src_pos pos)
{
	if (!code_is_valid(code))
		ERR(d, pos, "code", "bad_code", "%s code '%s' is not a valid code (lower-case letters, digits, '-' and '_', starting with a letter)", what, code ? code : "");
}

static void check_goals(struct plan *p, struct diag_list *d)
{
	for (size_t i = 0; i < p->n_goals; i++) {
		struct goal *g = &p->goals[i];
		check_codes(d, "goal", g->code, g->pos);
		for (size_t k = 0; k < i; k++) {
			if (streq(p->goals[k].code, g->code))
				ERR(d, g->pos, "code", "duplicate", "goal code '%s' is already used on line %ld", g->code, p->goals[k].pos.line);
			if (p->goals[k].number == g->number)
				ERR(d, g->pos, "number", "duplicate", "goal number %d is already used on line %ld", g->number, p->goals[k].pos.line);
		}
	}
}

/* Depth-first search for a cycle through parent links; colour 0 new, 1 on stack, 2 done. */
static int region_cycle_from(struct plan *p, size_t i, unsigned char *colour)
{
	colour[i] = 1;
	struct region *r = &p->regions[i];
	for (size_t k = 0; k < r->n_parents; k++) {
		int j = r->parents[k];
		if (j < 0)
			continue;
		if (colour[j] == 1 || (colour[j] == 0 && region_cycle_from(p, (size_t)j, colour)))
			return 1;
	}
	colour[i] = 2;
	return 0;
}

static void check_regions(struct plan *p, struct diag_list *d)
{
	for (size_t i = 0; i < p->n_regions; i++) {
		struct region *r = &p->regions[i];
		check_codes(d, "region", r->code, r->pos);
		if (!in_set(r->kind, region_kinds))
			ERR(d, r->pos, "kind", "bad_kind", "region kind '%s' is not one of province, metro, zone, city, county, district, park", r->kind ? r->kind : "");
		for (size_t k = 0; k < i; k++)
			if (streq(p->regions[k].code, r->code))
				ERR(d, r->pos, "code", "duplicate", "region code '%s' is already used on line %ld", r->code, p->regions[k].pos.line);
		r->parents = arena_calloc(d->arena, r->n_parents ? r->n_parents : 1, sizeof(int));
		for (size_t k = 0; k < r->n_parents; k++) {
			r->parents[k] = plan_find_region(p, r->parent_codes[k]);
			if (r->parents[k] < 0)
				ERR(d, r->pos, "parents", "unknown_reference", "parent region '%s' is not defined in regions.csv", r->parent_codes[k]);
			else if ((size_t)r->parents[k] == i)
				ERR(d, r->pos, "parents", "cycle", "region '%s' is its own parent", r->code);
			for (size_t j = 0; j < k; j++)
				if (streq(r->parent_codes[j], r->parent_codes[k]))
					ERR(d, r->pos, "parents", "duplicate", "parent region '%s' is listed twice", r->parent_codes[k]);
		}
		r->sums_into_idx = -1;
		if (r->sums_into) {
			int is_parent = 0;
			for (size_t k = 0; k < r->n_parents; k++)
				is_parent |= streq(r->parent_codes[k], r->sums_into);
			r->sums_into_idx = plan_find_region(p, r->sums_into);
			if (!is_parent)
				ERR(d, r->pos, "sums_into", "unknown_reference", "sums_into '%s' must be one of the region's parents", r->sums_into);
		}
	}
	unsigned char *colour = arena_calloc(d->arena, p->n_regions + 1, 1);
	for (size_t i = 0; i < p->n_regions; i++)
		if (colour[i] == 0 && region_cycle_from(p, i, colour)) {
			ERR(d, p->regions[i].pos, "parents", "cycle", "the region graph has a cycle through '%s'", p->regions[i].code);
			break;
		}
}

static void check_units(struct plan *p, struct diag_list *d)
{
	for (size_t i = 0; i < p->n_units; i++) {
		struct unit *u = &p->units[i];
		check_codes(d, "unit", u->code, u->pos);
		if (!in_set(u->kind, unit_kinds))
			ERR(d, u->pos, "kind", "bad_kind", "unit kind '%s' is not one of provincial_dept, party_dept, central_agency, city_gov, new_area, other", u->kind ? u->kind : "");
		for (size_t k = 0; k < i; k++)
			if (streq(p->units[k].code, u->code))
				ERR(d, u->pos, "code", "duplicate", "unit code '%s' is already used on line %ld", u->code, p->units[k].pos.line);
	}
}

static void check_actions_measures(struct plan *p, struct diag_list *d)
{
	for (size_t i = 0; i < p->n_actions; i++) {
		struct action *a = &p->actions[i];
		if (a->number < 1)
			ERR(d, a->pos, "number", "bad_number", "action number %d must be 1 or more", a->number);
		for (size_t k = 0; k < i; k++)
			if (p->actions[k].number == a->number)
				ERR(d, a->pos, "number", "duplicate", "action number %d is already used on line %ld", a->number, p->actions[k].pos.line);
	}
	for (size_t i = 0; i < p->n_measures; i++) {
		struct measure *m = &p->measures[i];
		if (m->number < 1)
			ERR(d, m->pos, "number", "bad_number", "measure number %d must be 1 or more", m->number);
		for (size_t k = 0; k < i; k++)
			if (p->measures[k].number == m->number)
				ERR(d, m->pos, "number", "duplicate", "measure number %d is already used on line %ld", m->number, p->measures[k].pos.line);
		m->action = plan_find_action(p, m->action_number);
		if (m->action < 0)
			ERR(d, m->pos, "action", "unknown_reference", "action %d is not defined in actions.csv", m->action_number);
	}
}

static void check_resps(struct plan *p, struct diag_list *d)
{
	for (size_t i = 0; i < p->n_resps; i++) {
		struct responsibility *r = &p->resps[i];
		r->measure = plan_find_measure(p, r->measure_number);
		r->unit = plan_find_unit(p, r->unit_code);
		if (r->measure < 0)
			ERR(d, r->pos, "measure", "unknown_reference", "measure %d is not defined in measures.csv", r->measure_number);
		if (r->unit < 0)
			ERR(d, r->pos, "unit", "unknown_reference", "unit '%s' is not defined in units.csv", r->unit_code);
		for (size_t k = 0; k < i; k++) {
			struct responsibility *o = &p->resps[k];
			if (o->measure_number != r->measure_number)
				continue;
			if (streq(o->unit_code, r->unit_code))
				ERR(d, r->pos, "unit", "duplicate", "unit '%s' is already responsible for measure %d on line %ld", r->unit_code, r->measure_number, o->pos.line);
			if (o->position == r->position)
				ERR(d, r->pos, "position", "duplicate", "position %d of measure %d is already used on line %ld", r->position, r->measure_number, o->pos.line);
		}
	}
	/* per measure: positions 1..n, at least one lead, leads before co units */
	for (size_t mi = 0; mi < p->n_measures; mi++) {
		const struct measure *m = &p->measures[mi];
		int n = 0, max_pos = 0, n_lead = 0, last_lead = 0, first_co = 0;
		for (size_t i = 0; i < p->n_resps; i++) {
			const struct responsibility *r = &p->resps[i];
			if (r->measure_number != m->number)
				continue;
			n++;
			if (r->position > max_pos)
				max_pos = r->position;
			if (r->role == ROLE_LEAD) {
				n_lead++;
				if (r->position > last_lead)
					last_lead = r->position;
			} else if (!first_co || r->position < first_co) {
				first_co = r->position;
			}
		}
		if (n == 0)
			ERR(d, m->pos, "number", "no_units", "measure %d has no responsible unit in responsibilities.csv", m->number);
		else if (n_lead == 0)
			ERR(d, m->pos, "number", "no_lead", "measure %d has no lead unit in responsibilities.csv", m->number);
		else if (first_co && first_co < last_lead)
			ERR(d, m->pos, "number", "lead_order", "measure %d lists a co-responsible unit (position %d) before a lead unit (position %d)", m->number, first_co, last_lead);
		if (n && max_pos != n)
			ERR(d, m->pos, "number", "position_gap", "measure %d has %d units but positions up to %d: positions must run 1..%d", m->number, n, max_pos, n);
	}
}

static void check_indicators(struct plan *p, struct diag_list *d)
{
	for (size_t i = 0; i < p->n_indicators; i++) {
		struct indicator *x = &p->indicators[i];
		check_codes(d, "indicator", x->code, x->pos);
		for (size_t k = 0; k < i; k++)
			if (streq(p->indicators[k].code, x->code))
				ERR(d, x->pos, "code", "duplicate", "indicator code '%s' is already used on line %ld", x->code, p->indicators[k].pos.line);
		x->goal = x->goal_code ? plan_find_goal(p, x->goal_code) : -1;
		if (x->goal_code && x->goal < 0)
			ERR(d, x->pos, "goal", "unknown_reference", "goal '%s' is not defined in goals.csv", x->goal_code);
		x->measure = x->measure_number ? plan_find_measure(p, x->measure_number) : -1;
		if (x->measure_number && x->measure < 0)
			ERR(d, x->pos, "measure", "unknown_reference", "measure %d is not defined in measures.csv", x->measure_number);
		x->owner = x->owner_code ? plan_find_unit(p, x->owner_code) : -1;
		if (x->owner_code && x->owner < 0)
			ERR(d, x->pos, "owner", "unknown_reference", "unit '%s' is not defined in units.csv", x->owner_code);
		if (x->is_headline && !x->goal_code)
			ERR(d, x->pos, "goal", "missing", "headline indicator '%s' must name its goal group", x->code);
		if (x->kind == IND_FORMULA && !x->formula)
			ERR(d, x->pos, "formula", "missing", "indicator '%s' of kind formula has no formula", x->code);
		if (x->kind == IND_REPORTED && x->formula)
			ERR(d, x->pos, "formula", "unexpected", "indicator '%s' has a formula but its kind is not formula", x->code);
		if (x->decimals < 0 || x->decimals > 6)
			ERR(d, x->pos, "decimals", "bad_number", "decimals %d must be between 0 and 6", x->decimals);
	}
}

/* A formula parses, names only indicators of the plan that are not formulas themselves. */
static void check_formulas(struct plan *p, struct diag_list *d)
{
	for (size_t i = 0; i < p->n_indicators; i++) {
		struct indicator *x = &p->indicators[i];
		size_t err_at;
		const char *err;
		if (x->kind == IND_DERIVED && x->formula) {
			/* a derived indicator's formula column holds its registry definition (core/derive.h) */
			if (!derive_parse(d->arena, x->formula, strlen(x->formula), &err_at, &err))
				ERR(d, x->pos, "formula", "bad_definition", "definition of '%s', at character %zu: %s", x->code, err_at + 1, err);
			continue;
		}
		if (x->kind != IND_FORMULA || !x->formula)
			continue;
		struct expr *e = expr_parse(d->arena, x->formula, strlen(x->formula), &err_at, &err);
		if (!e) {
			ERR(d, x->pos, "formula", "bad_formula", "formula of '%s', at character %zu: %s", x->code, err_at + 1, err);
			continue;
		}
		const char *refs[64];
		size_t n = expr_refs(e, refs, 64);
		if (n > 64)
			ERR(d, x->pos, "formula", "bad_formula", "formula of '%s' names more than 64 indicators", x->code);
		for (size_t k = 0; k < n && k < 64; k++) {
			int j = plan_find_indicator(p, refs[k]);
			if (j < 0)
				ERR(d, x->pos, "formula", "unknown_reference", "formula of '%s' names '%s', which is not an indicator of the plan", x->code, refs[k]);
			else if (p->indicators[j].kind == IND_FORMULA)
				ERR(d, x->pos, "formula", "bad_formula", "formula of '%s' names '%s', itself a formula: name its inputs instead", x->code, refs[k]);
		}
	}
}

static void check_targets(struct plan *p, struct diag_list *d)
{
	for (size_t i = 0; i < p->n_targets; i++) {
		struct target *t = &p->targets[i];
		t->indicator = plan_find_indicator(p, t->indicator_code);
		t->region = plan_find_region(p, t->region_code);
		if (t->indicator < 0)
			ERR(d, t->pos, "indicator", "unknown_reference", "indicator '%s' is not defined in indicators.csv", t->indicator_code);
		if (t->region < 0)
			ERR(d, t->pos, "region", "unknown_reference", "region '%s' is not defined in regions.csv", t->region_code);
		if (t->year < 1900 || t->year > 2200)
			ERR(d, t->pos, "year", "bad_year", "target year %d is out of range 1900..2200", t->year);
		t->proxy_region = t->proxy_region_code ? plan_find_region(p, t->proxy_region_code) : -1;
		if (t->proxy_region_code && t->proxy_region < 0)
			ERR(d, t->pos, "proxy_region", "unknown_reference", "proxy region '%s' is not defined in regions.csv", t->proxy_region_code);
		else if (t->proxy_region_code && t->proxy_region == t->region)
			ERR(d, t->pos, "proxy_region", "bad_proxy", "proxy region '%s' is the target's own region: name another region whose figure stands in", t->proxy_region_code);
		if (t->proxy_region_code && !t->proxy_note_zh)
			ERR(d, t->pos, "proxy_note_zh", "missing", "a proxy region needs proxy_note_zh saying why its figure may stand in");
		if (!t->proxy_region_code && (t->proxy_note_zh || t->proxy_note_en))
			ERR(d, t->pos, "proxy_region", "missing", "a proxy note needs the proxy_region it explains");
		if (t->cmp == CMP_NONE)
			continue; /* the loader already reported the unknown comparator */
		if (cmp_needs_value(t->cmp) && !t->has_value)
			ERR(d, t->pos, "value", "missing", "comparator '%s' needs a value", cmp_name(t->cmp));
		if (t->cmp == CMP_BETWEEN && !t->has_value_max)
			ERR(d, t->pos, "value_max", "missing", "comparator 'between' needs value_max");
		if (t->cmp != CMP_BETWEEN && t->has_value_max)
			ERR(d, t->pos, "value_max", "unexpected", "value_max is only used with 'between', not '%s'", cmp_name(t->cmp));
		if (!cmp_needs_value(t->cmp) && t->has_value)
			ERR(d, t->pos, "value", "unexpected", "comparator '%s' takes no value: it compares with the baseline", cmp_name(t->cmp));
		if (t->cmp == CMP_BETWEEN && t->has_value && t->has_value_max && t->value > t->value_max)
			ERR(d, t->pos, "value_max", "bad_range", "value_max %g is less than value %g", t->value_max, t->value);
		if (t->base_year && t->base_year >= t->year)
			ERR(d, t->pos, "base_year", "bad_year", "base year %d is not before target year %d", t->base_year, t->year);
		if (t->has_base_value && !t->base_year)
			ERR(d, t->pos, "base_year", "missing", "a base_value needs its base_year");
		if (t->indicator >= 0 && (t->cmp == CMP_KEEP_OR_IMPROVE || t->cmp == CMP_RISING) &&
		    p->indicators[t->indicator].direction != DIR_DOWN)
			ERR(d, t->pos, "comparator", "bad_comparator", "comparator '%s' is for ranks, but indicator '%s' has direction up", cmp_name(t->cmp), t->indicator_code);
		for (size_t k = 0; k < i; k++) {
			const struct target *o = &p->targets[k];
			if (streq(o->indicator_code, t->indicator_code) && streq(o->region_code, t->region_code) && o->year == t->year)
				ERR(d, t->pos, "year", "duplicate", "a target for '%s' in '%s' for %d is already on line %ld", t->indicator_code, t->region_code, t->year, o->pos.line);
		}
	}
}

static void check_rules(struct plan *p, struct diag_list *d)
{
	for (size_t i = 0; i < p->n_rules; i++) {
		struct rule *r = &p->rules[i];
		check_codes(d, "rule", r->code, r->pos);
		for (size_t k = 0; k < i; k++)
			if (streq(p->rules[k].code, r->code))
				ERR(d, r->pos, "code", "duplicate", "rule code '%s' is already used on line %ld", r->code, p->rules[k].pos.line);
		if (!r->applies)
			continue;
		if (!streq(r->applies, "*") && strncmp(r->applies, "unit:", 5) != 0 && plan_find_indicator(p, r->applies) < 0)
			ERR(d, r->pos, "applies", "unknown_reference", "rule applies to '%s', which is neither an indicator code, '*' nor 'unit:<unit>'", r->applies);
		if (r->kind == RULE_RANGE && !r->has_min && !r->has_max)
			ERR(d, r->pos, "min", "missing", "a range rule needs min, max or both");
		if (r->kind == RULE_RANGE && r->has_min && r->has_max && r->min > r->max)
			ERR(d, r->pos, "max", "bad_range", "max %g is less than min %g", r->max, r->min);
		if (r->kind == RULE_YOY_JUMP && (!r->has_max || r->max <= 0))
			ERR(d, r->pos, "max", "missing", "a yoy_jump rule needs max, the largest allowed relative change (e.g. 1 = 100%%)");
	}
}

size_t plan_check(struct plan *p, struct diag_list *d)
{
	size_t before = diag_errors(d);
	check_info(p, d);
	check_goals(p, d);
	check_regions(p, d);
	check_units(p, d);
	check_actions_measures(p, d);
	check_resps(p, d);
	check_indicators(p, d);
	check_formulas(p, d);
	check_targets(p, d);
	check_rules(p, d);
	return diag_errors(d) - before;
}
