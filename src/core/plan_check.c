/* plan_check.c - the rules a plan must satisfy before it is stored (docs/plan-format.md):
 * unique codes, resolvable references, sound targets of every kind, scales and class labels,
 * responsibility lists, an acyclic region graph. Pure: reports to a diag_list and never stops
 * at the first problem; rows may hold NULL where a loader could not read a value, and checks
 * that need a part the loader could not read at all (p->unread) are left out. */
#include <string.h>

#include "base/str.h"
#include "core/derive.h"
#include "core/expr.h"
#include "core/plan.h"
#include "base/banned.h"

#define ERR(d, pos, fieldname, code, ...) diag_add((d), (pos).file, (pos).line, 0, (fieldname), (code), __VA_ARGS__)

static const char *const region_kinds[] = {"nation", "province", "metro", "zone", "city", "county", "district", "park", NULL};
static const char *const unit_kinds[] = {"provincial_dept", "party_dept", "central_agency", "city_gov", "new_area", "other", NULL};

static int in_set(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (streq(s, *set))
			return 1;
	return 0;
}

/* A date as plans publish it: YYYY-MM-DD, or YYYY-MM or YYYY when only that is known. *len_out
 * gets its length (10, 7 or 4). */
static int date_is_valid(const char *s, size_t *len_out)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	size_t len = s ? strlen(s) : 0;
	if (len != 4 && len != 7 && len != 10)
		return 0;
	if ((len >= 7 && s[4] != '-') || (len == 10 && s[7] != '-'))
		return 0;
	for (size_t i = 0; i < len; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = len >= 7 ? (s[5] - '0') * 10 + (s[6] - '0') : 1;
	int d = len == 10 ? (s[8] - '0') * 10 + (s[9] - '0') : 1;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	*len_out = len;
	return 1;
}

static void check_info(struct plan *p, struct diag_list *d)
{
	struct plan_info *in = &p->info;
	if (p->unread & PART_INFO)
		return;
	size_t li = 0, lv = 0;
	if (!code_is_valid(in->code))
		ERR(d, in->pos, "code", "bad_code", "plan code '%s' is not a valid code (lower-case letters, digits, '-' and '_')", in->code ? in->code : "");
	if (in->issued && !date_is_valid(in->issued, &li))
		ERR(d, in->pos, "issued", "bad_date", "date '%s' is not a valid date: YYYY-MM-DD, or YYYY-MM or YYYY when only that is published", in->issued);
	if (in->valid_until && !date_is_valid(in->valid_until, &lv))
		ERR(d, in->pos, "valid_until", "bad_date", "date '%s' is not a valid date: YYYY-MM-DD, or YYYY-MM or YYYY when only that is published", in->valid_until);
	if (li && lv) {
		char start[11], end[11];
		plan_date_bound(in->issued, 0, start);
		plan_date_bound(in->valid_until, 1, end);
		if (strcmp(end, start) < 0)
			ERR(d, in->pos, "valid_until", "bad_date", "the plan ends (%s) before it is issued (%s)", in->valid_until, in->issued);
	}
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
			if (g->code && streq(p->goals[k].code, g->code))
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
			ERR(d, r->pos, "kind", "bad_kind", "region kind '%s' is not one of nation, province, metro, zone, city, county, district, park", r->kind ? r->kind : "");
		for (size_t k = 0; k < i; k++)
			if (r->code && streq(p->regions[k].code, r->code))
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
			if (u->code && streq(p->units[k].code, u->code))
				ERR(d, u->pos, "code", "duplicate", "unit code '%s' is already used on line %ld", u->code, p->units[k].pos.line);
		/* a group unit (各区、县级市): the regions it stands for */
		u->n_regions = 0;
		u->regions = NULL;
		if (!u->regions_text)
			continue;
		size_t n = 1;
		for (const char *c = u->regions_text; *c; c++)
			n += *c == ';';
		u->regions = arena_alloc(d->arena, n * sizeof(int));
		for (const char *c = u->regions_text;;) {
			const char *e = strchr(c, ';');
			size_t len = e ? (size_t)(e - c) : strlen(c);
			while (len && *c == ' ')
				c++, len--;
			while (len && c[len - 1] == ' ')
				len--;
			const char *code = arena_strndup(d->arena, c, len);
			int g = plan_find_region(p, code);
			if (g < 0 && !(p->unread & PART_REGIONS))
				ERR(d, u->pos, "regions", "unknown_reference", "region '%s' is not defined in regions.csv", code);
			else if (g >= 0)
				u->regions[u->n_regions++] = g;
			if (!e)
				break;
			c = e + 1;
		}
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
	/* actions in two levels: a sub-action's parent is a top-level action */
	for (size_t i = 0; i < p->n_actions; i++) {
		struct action *a = &p->actions[i];
		a->parent = a->parent_number ? plan_find_action(p, a->parent_number) : -1;
		if (!a->parent_number)
			continue;
		if (a->parent < 0)
			ERR(d, a->pos, "parent", "unknown_reference", "action %d is not defined in actions.csv", a->parent_number);
		else if ((size_t)a->parent == i)
			ERR(d, a->pos, "parent", "cycle", "action %d is its own parent", a->number);
		else if (p->actions[a->parent].parent_number)
			ERR(d, a->pos, "parent", "bad_level", "action %d is itself under action %d: actions have two levels at most", a->parent_number, p->actions[a->parent].parent_number);
	}
	for (size_t i = 0; i < p->n_measures; i++) {
		struct measure *m = &p->measures[i];
		if (m->number < 1)
			ERR(d, m->pos, "number", "bad_number", "measure number %d must be 1 or more", m->number);
		for (size_t k = 0; k < i; k++)
			if (p->measures[k].number == m->number)
				ERR(d, m->pos, "number", "duplicate", "measure number %d is already used on line %ld", m->number, p->measures[k].pos.line);
		m->action = plan_find_action(p, m->action_number);
		if (m->action < 0 && !(p->unread & PART_ACTIONS))
			ERR(d, m->pos, "action", "unknown_reference", "action %d is not defined in actions.csv", m->action_number);
	}
}

static void check_positions(struct diag_list *d, const struct responsibility *resps, size_t n_resps, int number,
			    int is_action, struct src_pos pos);
static void check_action_resps(struct plan *p, struct diag_list *d);

static void check_resps(struct plan *p, struct diag_list *d)
{
	for (size_t i = 0; i < p->n_resps; i++) {
		struct responsibility *r = &p->resps[i];
		r->measure = plan_find_measure(p, r->measure_number);
		r->unit = plan_find_unit(p, r->unit_code);
		if (r->measure < 0 && !(p->unread & PART_MEASURES))
			ERR(d, r->pos, "measure", "unknown_reference", "measure %d is not defined in measures.csv", r->measure_number);
		if (r->unit < 0 && r->unit_code && !(p->unread & PART_UNITS))
			ERR(d, r->pos, "unit", "unknown_reference", "unit '%s' is not defined in units.csv", r->unit_code);
		for (size_t k = 0; k < i; k++) {
			struct responsibility *o = &p->resps[k];
			if (o->measure_number != r->measure_number)
				continue;
			if (r->unit_code && streq(o->unit_code, r->unit_code))
				ERR(d, r->pos, "unit", "duplicate", "unit '%s' is already responsible for measure %d on line %ld", r->unit_code, r->measure_number, o->pos.line);
			if (o->position == r->position)
				ERR(d, r->pos, "position", "duplicate", "position %d of measure %d is already used on line %ld", r->position, r->measure_number, o->pos.line);
		}
	}
	for (size_t mi = 0; mi < p->n_measures && !(p->unread & PART_RESPS); mi++)
		check_positions(d, p->resps, p->n_resps, p->measures[mi].number, 0, p->measures[mi].pos);
	check_action_resps(p, d);
}

/* The units of one measure (or one whole action): positions 1..n, at least one lead, leads
 * before co units. */
static void check_positions(struct diag_list *d, const struct responsibility *resps, size_t n_resps, int number,
			    int is_action, struct src_pos pos)
{
	const char *what = is_action ? "action" : "measure";
	{
		int n = 0, max_pos = 0, n_lead = 0, last_lead = 0, first_co = 0;
		for (size_t i = 0; i < n_resps; i++) {
			const struct responsibility *r = &resps[i];
			if ((is_action ? r->action_number : r->measure_number) != number)
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
		if (n == 0 && !is_action)
			ERR(d, pos, "number", "no_units", "measure %d has no responsible unit in responsibilities.csv", number);
		else if (n && n_lead == 0)
			ERR(d, pos, "number", "no_lead", "%s %d has no lead unit in responsibilities.csv", what, number);
		else if (first_co && first_co < last_lead)
			ERR(d, pos, "number", "lead_order", "%s %d lists a co-responsible unit (position %d) before a lead unit (position %d)", what, number, first_co, last_lead);
		if (n && max_pos != n)
			ERR(d, pos, "number", "position_gap", "%s %d has %d units but positions up to %d: positions must run 1..%d", what, number, n, max_pos, n);
	}
}

/* Units responsible for a whole action (responsibilities.csv rows naming an action). */
static void check_action_resps(struct plan *p, struct diag_list *d)
{
	for (size_t i = 0; i < p->n_action_resps; i++) {
		struct responsibility *r = &p->action_resps[i];
		r->measure = plan_find_action(p, r->action_number);
		r->unit = plan_find_unit(p, r->unit_code);
		if (r->measure < 0 && !(p->unread & PART_ACTIONS))
			ERR(d, r->pos, "action", "unknown_reference", "action %d is not defined in actions.csv", r->action_number);
		if (r->unit < 0 && r->unit_code && !(p->unread & PART_UNITS))
			ERR(d, r->pos, "unit", "unknown_reference", "unit '%s' is not defined in units.csv", r->unit_code);
		for (size_t k = 0; k < i; k++) {
			const struct responsibility *o = &p->action_resps[k];
			if (o->action_number != r->action_number)
				continue;
			if (r->unit_code && streq(o->unit_code, r->unit_code))
				ERR(d, r->pos, "unit", "duplicate", "unit '%s' is already responsible for action %d on line %ld", r->unit_code, r->action_number, o->pos.line);
			if (o->position == r->position)
				ERR(d, r->pos, "position", "duplicate", "position %d of action %d is already used on line %ld", r->position, r->action_number, o->pos.line);
		}
	}
	for (size_t ai = 0; ai < p->n_actions && !(p->unread & PART_RESPS); ai++)
		check_positions(d, p->action_resps, p->n_action_resps, p->actions[ai].number, 1, p->actions[ai].pos);
}

/* The indicator's scale (given, else ordinal with levels, else rank for the unit 位, else a
 * number) and its class labels. */
static void check_scale(struct indicator *x, struct diag_list *d)
{
	int given = x->scale_text ? scale_parse(x->scale_text) : -1;
	if (x->scale_text && given < 0)
		ERR(d, x->pos, "scale", "bad_value", "scale '%s' is not one of number, rank, ordinal, judgement", x->scale_text);
	x->levels = NULL;
	x->n_levels = 0;
	if (x->levels_text) {
		size_t n = 1;
		for (const char *c = x->levels_text; *c; c++)
			n += *c == ';';
		x->levels = arena_alloc(d->arena, n * sizeof(*x->levels));
		const char *c = x->levels_text;
		for (;;) {
			const char *e = strchr(c, ';');
			size_t len = e ? (size_t)(e - c) : strlen(c);
			while (len && (*c == ' ' || *c == '\t'))
				c++, len--;
			while (len && (c[len - 1] == ' ' || c[len - 1] == '\t'))
				len--;
			const char *label = arena_strndup(d->arena, c, len);
			if (len == 0)
				ERR(d, x->pos, "levels", "bad_value", "an empty class label in the ';'-separated levels of '%s'", x->code ? x->code : "");
			for (size_t k = 0; k < x->n_levels && len; k++)
				if (streq(x->levels[k], label))
					ERR(d, x->pos, "levels", "duplicate", "class label '%s' is listed twice", label);
			x->levels[x->n_levels++] = label;
			if (!e)
				break;
			c = e + 1;
		}
		if (x->n_levels < 2)
			ERR(d, x->pos, "levels", "bad_value", "an ordinal scale needs at least two classes, ';'-separated");
	}
	if (given >= 0)
		x->scale = (enum ind_scale)given;
	else if (x->levels_text)
		x->scale = SCALE_ORDINAL;
	else if (streq(x->unit_zh, "位") || streq(x->unit_en, "rank"))
		x->scale = SCALE_RANK;
	else
		x->scale = SCALE_NUMBER;
	if (x->scale == SCALE_ORDINAL && !x->levels_text)
		ERR(d, x->pos, "levels", "missing", "an ordinal indicator needs its class labels in levels, best or worst first as the plan lists them");
	if (x->levels_text && x->scale != SCALE_ORDINAL)
		ERR(d, x->pos, "levels", "unexpected", "levels are only for scale ordinal, not '%s'", scale_name(x->scale));
}

static void check_indicators(struct plan *p, struct diag_list *d)
{
	for (size_t i = 0; i < p->n_indicators; i++) {
		struct indicator *x = &p->indicators[i];
		check_codes(d, "indicator", x->code, x->pos);
		for (size_t k = 0; k < i; k++)
			if (x->code && streq(p->indicators[k].code, x->code))
				ERR(d, x->pos, "code", "duplicate", "indicator code '%s' is already used on line %ld", x->code, p->indicators[k].pos.line);
		x->goal = x->goal_code ? plan_find_goal(p, x->goal_code) : -1;
		if (x->goal_code && x->goal < 0 && !(p->unread & PART_GOALS))
			ERR(d, x->pos, "goal", "unknown_reference", "goal '%s' is not defined in goals.csv", x->goal_code);
		x->measure = x->measure_number ? plan_find_measure(p, x->measure_number) : -1;
		if (x->measure_number && x->measure < 0 && !(p->unread & PART_MEASURES))
			ERR(d, x->pos, "measure", "unknown_reference", "measure %d is not defined in measures.csv", x->measure_number);
		x->owner = x->owner_code ? plan_find_unit(p, x->owner_code) : -1;
		if (x->owner_code && x->owner < 0 && !(p->unread & PART_UNITS))
			ERR(d, x->pos, "owner", "unknown_reference", "unit '%s' is not defined in units.csv", x->owner_code);
		if (x->is_headline && !x->goal_code)
			ERR(d, x->pos, "goal", "missing", "headline indicator '%s' must name its goal group", x->code ? x->code : "");
		if (x->kind == IND_FORMULA && !x->formula)
			ERR(d, x->pos, "formula", "missing", "indicator '%s' of kind formula has no formula", x->code ? x->code : "");
		if (x->kind == IND_REPORTED && x->formula)
			ERR(d, x->pos, "formula", "unexpected", "indicator '%s' has a formula but its kind is not formula", x->code ? x->code : "");
		if (x->decimals < 0 || x->decimals > 6)
			ERR(d, x->pos, "decimals", "bad_number", "decimals %d must be between 0 and 6", x->decimals);
		check_scale(x, d);
		/* a predecessor's indicator: another plan's code, so not one of this plan */
		if (x->continues && !code_is_valid(x->continues))
			ERR(d, x->pos, "continues", "bad_code", "continues '%s' is not an indicator code", x->continues);
		else if (x->continues && plan_find_indicator(p, x->continues) >= 0)
			ERR(d, x->pos, "continues", "bad_value",
			    "continues '%s' names an indicator of this plan: it names the predecessor plan's indicator whose series this one carries on",
			    x->continues);
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
			if (j < 0 && !(p->unread & PART_INDICATORS))
				ERR(d, x->pos, "formula", "unknown_reference", "formula of '%s' names '%s', which is not an indicator of the plan", x->code, refs[k]);
			else if (p->indicators[j].kind == IND_FORMULA)
				ERR(d, x->pos, "formula", "bad_formula", "formula of '%s' names '%s', itself a formula: name its inputs instead", x->code, refs[k]);
		}
	}
}

/* A target value written as a class label of an ordinal indicator becomes its position. */
static void resolve_label(struct target *t, const struct indicator *ind, struct diag_list *d)
{
	if (!t->value_label)
		return;
	if (ind && ind->scale == SCALE_ORDINAL)
		for (size_t k = 0; k < ind->n_levels; k++)
			if (streq(ind->levels[k], t->value_label)) {
				t->value = (double)(k + 1);
				t->has_value = 1;
				t->value_label = NULL;
				return;
			}
	struct diag *e = ERR(d, t->pos, "value", "bad_number", "'%s' is not a number%s", t->value_label,
			     ind && ind->scale == SCALE_ORDINAL ? " nor a class label listed in the indicator's levels" : "");
	diag_set_value(d, e, t->value_label, strlen(t->value_label));
}

/* What each kind of target needs (docs/plan-format.md, targets.csv). */
static void check_target_kind(struct target *t, const struct indicator *ind, struct diag_list *d)
{
	const char *cmp = cmp_name(t->cmp);
	if (cmp_needs_value(t->cmp) && !t->has_value && !t->value_label)
		ERR(d, t->pos, "value", "missing", "comparator '%s' needs a value", cmp);
	if (t->cmp == CMP_BETWEEN && !t->has_value_max)
		ERR(d, t->pos, "value_max", "missing", "comparator 'between' needs value_max");
	if (t->cmp != CMP_BETWEEN && t->has_value_max)
		ERR(d, t->pos, "value_max", "unexpected", "value_max is only used with 'between', not '%s'", cmp);
	if (!cmp_needs_value(t->cmp) && (t->has_value || t->value_label))
		ERR(d, t->pos, "value", "unexpected", "comparator '%s' takes no value: %s", cmp,
		    t->cmp == CMP_QUALITATIVE ? "a reviewer's verdict decides it" : "it compares with the baseline");
	if (t->cmp == CMP_BETWEEN && t->has_value && t->has_value_max && t->value > t->value_max)
		ERR(d, t->pos, "value_max", "bad_range", "value_max %g is less than value %g", t->value_max, t->value);
	if (t->cmp == CMP_ABOUT && !t->has_tolerance)
		ERR(d, t->pos, "tolerance", "missing", "comparator 'about' needs a tolerance: the band is value ± tolerance");
	if (t->cmp != CMP_ABOUT && t->has_tolerance)
		ERR(d, t->pos, "tolerance", "unexpected", "tolerance is only used with 'about', not '%s'", cmp);
	if (t->has_tolerance && t->tolerance < 0)
		ERR(d, t->pos, "tolerance", "bad_value", "tolerance %g must not be negative", t->tolerance);
	if (cmp_needs_base_year(t->cmp) && !t->base_year)
		ERR(d, t->pos, "base_year", "missing", "comparator '%s' needs base_year: the year the growth or change is measured from", cmp);
	if ((t->cmp == CMP_CAGR_GE || t->cmp == CMP_CAGR_LE || t->cmp == CMP_CHANGE_PCT_GE || t->cmp == CMP_CHANGE_PCT_LE) &&
	    t->has_value && !(t->value > -100))
		ERR(d, t->pos, "value", "bad_value", "a change of %g%% cannot be: a fall is at most 100%% (the value is in percent)", t->value);
	if (t->cmp == CMP_CUMULATIVE_GE && t->has_value && !(t->value > 0))
		ERR(d, t->pos, "value", "bad_value", "a cumulative target must be more than 0, not %g", t->value);
	if (t->base_year && t->year && t->base_year >= t->year)
		ERR(d, t->pos, "base_year", "bad_year", "base year %d is not before target year %d", t->base_year, t->year);
	if (t->has_base_value && !t->base_year)
		ERR(d, t->pos, "base_year", "missing", "a base_value needs its base_year");
	if (!ind)
		return;
	if (t->cmp == CMP_QUALITATIVE && ind->scale != SCALE_JUDGEMENT)
		ERR(d, t->pos, "comparator", "bad_comparator", "comparator 'qualitative' needs an indicator of scale judgement (a reviewer's verdict), but '%s' is %s", t->indicator_code, scale_name(ind->scale));
	if (t->cmp != CMP_QUALITATIVE && ind->scale == SCALE_JUDGEMENT)
		ERR(d, t->pos, "comparator", "bad_comparator", "indicator '%s' holds reviewers' verdicts (scale judgement): its targets are 'qualitative', not '%s'", t->indicator_code, cmp);
	int is_class_cmp = t->cmp == CMP_GE || t->cmp == CMP_GT || t->cmp == CMP_LE || t->cmp == CMP_LT || t->cmp == CMP_BETWEEN;
	if (ind->scale == SCALE_ORDINAL && cmp_needs_value(t->cmp) && !is_class_cmp)
		ERR(d, t->pos, "comparator", "bad_comparator", "indicator '%s' is a class on an ordinal scale: compare it with >=, >, <=, < or between, not '%s'", t->indicator_code, cmp);
	const double vals[] = {t->value, t->value_max};
	const int has[] = {t->has_value, t->has_value_max};
	const char *const fields[] = {"value", "value_max"};
	for (size_t k = 0; k < 2 && ind->scale == SCALE_ORDINAL && is_class_cmp; k++)
		if (has[k] && !(vals[k] >= 1 && vals[k] <= (double)ind->n_levels && vals[k] == (double)(long)vals[k]))
			ERR(d, t->pos, fields[k], "bad_value", "%g is not a class of '%s': use a label of its levels or a position 1..%zu", vals[k], t->indicator_code, ind->n_levels);
}

static void check_targets(struct plan *p, struct diag_list *d)
{
	for (size_t i = 0; i < p->n_targets; i++) {
		struct target *t = &p->targets[i];
		t->indicator = plan_find_indicator(p, t->indicator_code);
		t->region = plan_find_region(p, t->region_code);
		if (t->indicator < 0 && t->indicator_code && !(p->unread & PART_INDICATORS))
			ERR(d, t->pos, "indicator", "unknown_reference", "indicator '%s' is not defined in indicators.csv", t->indicator_code);
		if (t->region < 0 && t->region_code && !(p->unread & PART_REGIONS))
			ERR(d, t->pos, "region", "unknown_reference", "region '%s' is not defined in regions.csv", t->region_code);
		if (t->year < 1900 || t->year > 2200)
			ERR(d, t->pos, "year", "bad_year", "target year %d is out of range 1900..2200", t->year);
		t->proxy_region = t->proxy_region_code ? plan_find_region(p, t->proxy_region_code) : -1;
		if (t->proxy_region_code && t->proxy_region < 0 && !(p->unread & PART_REGIONS))
			ERR(d, t->pos, "proxy_region", "unknown_reference", "proxy region '%s' is not defined in regions.csv", t->proxy_region_code);
		else if (t->proxy_region_code && t->proxy_region >= 0 && t->proxy_region == t->region)
			ERR(d, t->pos, "proxy_region", "bad_proxy", "proxy region '%s' is the target's own region: name another region whose figure stands in", t->proxy_region_code);
		if (t->proxy_region_code && !t->proxy_note_zh)
			ERR(d, t->pos, "proxy_note_zh", "missing", "a proxy region needs proxy_note_zh saying why its figure may stand in");
		if (!t->proxy_region_code && (t->proxy_note_zh || t->proxy_note_en))
			ERR(d, t->pos, "proxy_region", "missing", "a proxy note needs the proxy_region it explains");
		const struct indicator *ind = t->indicator >= 0 ? &p->indicators[t->indicator] : NULL;
		resolve_label(t, ind, d);
		if (t->cmp != CMP_NONE) /* else the loader already reported the comparator */
			check_target_kind(t, ind, d);
		for (size_t k = 0; k < i; k++) {
			const struct target *o = &p->targets[k];
			if (t->indicator_code && t->region_code && t->year && streq(o->indicator_code, t->indicator_code) &&
			    streq(o->region_code, t->region_code) && o->year == t->year)
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
			if (r->code && streq(p->rules[k].code, r->code))
				ERR(d, r->pos, "code", "duplicate", "rule code '%s' is already used on line %ld", r->code, p->rules[k].pos.line);
		if (!r->applies)
			continue;
		if (!streq(r->applies, "*") && strncmp(r->applies, "unit:", 5) != 0 && plan_find_indicator(p, r->applies) < 0 &&
		    !(p->unread & PART_INDICATORS))
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
