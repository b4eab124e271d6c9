/* plan.c - comparator names, lookups and the canonical text of a plan. Pure. */
#include <string.h>

#include "base/buf.h"
#include "base/str.h"
#include "core/plan.h"
#include "base/banned.h"

static const char *const cmp_names[] = {
	[CMP_NONE] = "",
	[CMP_GE] = ">=",
	[CMP_GT] = ">",
	[CMP_LE] = "<=",
	[CMP_BETWEEN] = "between",
	[CMP_ANNUAL_GE] = "annual>=",
	[CMP_KEEP_OR_IMPROVE] = "keep-or-improve",
	[CMP_RISING] = "rising",
	[CMP_LT] = "<",
	[CMP_ABOUT] = "about",
	[CMP_CAGR_GE] = "cagr>=",
	[CMP_CAGR_LE] = "cagr<=",
	[CMP_CHANGE_GE] = "change>=",
	[CMP_CHANGE_LE] = "change<=",
	[CMP_CHANGE_PCT_GE] = "change%>=",
	[CMP_CHANGE_PCT_LE] = "change%<=",
	[CMP_CUMULATIVE_GE] = "cumulative>=",
	[CMP_ANNUAL_LE] = "annual<=",
	[CMP_QUALITATIVE] = "qualitative",
};
_Static_assert(sizeof(cmp_names) / sizeof(cmp_names[0]) == CMP__COUNT, "a comparator without a name");

enum cmp_op cmp_parse(const char *s)
{
	for (size_t i = 1; i < sizeof(cmp_names) / sizeof(cmp_names[0]); i++)
		if (streq(s, cmp_names[i]))
			return (enum cmp_op)i;
	return CMP_NONE;
}

const char *cmp_name(enum cmp_op op)
{
	return (unsigned)op < sizeof(cmp_names) / sizeof(cmp_names[0]) ? cmp_names[op] : "";
}

int cmp_needs_value(enum cmp_op op)
{
	return op != CMP_KEEP_OR_IMPROVE && op != CMP_RISING && op != CMP_QUALITATIVE && op != CMP_NONE;
}

int cmp_needs_base_year(enum cmp_op op)
{
	return op == CMP_CAGR_GE || op == CMP_CAGR_LE || op == CMP_CHANGE_GE || op == CMP_CHANGE_LE ||
	       op == CMP_CHANGE_PCT_GE || op == CMP_CHANGE_PCT_LE;
}

int cmp_is_annual(enum cmp_op op)
{
	return op == CMP_ANNUAL_GE || op == CMP_ANNUAL_LE;
}

int cmp_sense(enum cmp_op op)
{
	switch (op) {
	case CMP_GE:
	case CMP_GT:
	case CMP_ANNUAL_GE:
	case CMP_CAGR_GE:
	case CMP_CHANGE_GE:
	case CMP_CHANGE_PCT_GE:
	case CMP_CUMULATIVE_GE:
		return 1;
	case CMP_LE:
	case CMP_LT:
	case CMP_ANNUAL_LE:
	case CMP_CAGR_LE:
	case CMP_CHANGE_LE:
	case CMP_CHANGE_PCT_LE:
		return -1;
	case CMP_NONE:
	case CMP_BETWEEN:
	case CMP_ABOUT:
	case CMP_KEEP_OR_IMPROVE:
	case CMP_RISING:
	case CMP_QUALITATIVE:
	case CMP__COUNT:
	default:
		return 0;
	}
}

int nature_parse(const char *s)
{
	if (!s)
		return NATURE_NONE;
	if (streq(s, "binding") || streq(s, "约束性"))
		return NATURE_BINDING;
	if (streq(s, "indicative") || streq(s, "预期性"))
		return NATURE_INDICATIVE;
	return -1;
}

const char *nature_name(enum target_nature n)
{
	return n == NATURE_BINDING ? "binding" : n == NATURE_INDICATIVE ? "indicative" : "";
}

static const char *const scale_names[] = {
	[SCALE_NUMBER] = "number",
	[SCALE_RANK] = "rank",
	[SCALE_ORDINAL] = "ordinal",
	[SCALE_JUDGEMENT] = "judgement",
};

int scale_parse(const char *s)
{
	for (size_t i = 0; i < sizeof(scale_names) / sizeof(scale_names[0]); i++)
		if (streq(s, scale_names[i]))
			return (int)i;
	return -1;
}

const char *scale_name(enum ind_scale sc)
{
	return (unsigned)sc < sizeof(scale_names) / sizeof(scale_names[0]) ? scale_names[sc] : "";
}

int indicator_is_ranked(const struct indicator *d)
{
	return d->scale == SCALE_RANK || (d->scale == SCALE_ORDINAL && d->direction == DIR_DOWN);
}

const char *indicator_level_label(const struct indicator *d, double v)
{
	if (d->scale != SCALE_ORDINAL || !(v >= 1) || v > (double)d->n_levels || v != (double)(long)v)
		return NULL;
	return d->levels[(size_t)v - 1];
}

static const char *const rule_kind_names[] = {
	[RULE_RANGE] = "range",
	[RULE_NON_NEGATIVE] = "non_negative",
	[RULE_POSITIVE_INTEGER] = "positive_integer",
	[RULE_CHILDREN_LE_PARENT] = "children_le_parent",
	[RULE_YOY_JUMP] = "yoy_jump",
};

int rule_kind_parse(const char *s)
{
	for (size_t i = 0; i < sizeof(rule_kind_names) / sizeof(rule_kind_names[0]); i++)
		if (streq(s, rule_kind_names[i]))
			return (int)i;
	return -1;
}

const char *rule_kind_name(enum rule_kind k)
{
	return (unsigned)k < sizeof(rule_kind_names) / sizeof(rule_kind_names[0]) ? rule_kind_names[k] : "";
}

int rule_applies_to(const struct plan *p, const struct rule *r, int ind)
{
	const struct indicator *d = &p->indicators[ind];
	if (streq(r->applies, "*"))
		return 1;
	if (strncmp(r->applies, "unit:", 5) == 0)
		return streq(r->applies + 5, d->unit_zh);
	return streq(r->applies, d->code);
}

int plan_date_bound(const char *s, int is_end, char out[11])
{
	size_t len = s ? strlen(s) : 0;
	out[0] = '\0';
	if (len != 4 && len != 7 && len != 10)
		return 0;
	for (size_t i = 0; i < len; i++)
		if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	memcpy(out, is_end ? "0000-12-31" : "0000-01-01", 11);
	memcpy(out, s, len);
	return 1;
}

int code_is_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 64 || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

#define FIND_BY_CODE(arr, count, field, key)                                                     \
	do {                                                                                     \
		if (!(key))                                                                      \
			return -1;                                                               \
		for (size_t i_ = 0; i_ < (count); i_++)                                          \
			if (streq((arr)[i_].field, (key)))                                       \
				return (int)i_;                                                  \
		return -1;                                                                       \
	} while (0)

int plan_find_goal(const struct plan *p, const char *code)
{
	FIND_BY_CODE(p->goals, p->n_goals, code, code);
}

int plan_find_region(const struct plan *p, const char *code)
{
	FIND_BY_CODE(p->regions, p->n_regions, code, code);
}

int plan_find_unit(const struct plan *p, const char *code)
{
	FIND_BY_CODE(p->units, p->n_units, code, code);
}

int plan_find_indicator(const struct plan *p, const char *code)
{
	FIND_BY_CODE(p->indicators, p->n_indicators, code, code);
}

int plan_find_action(const struct plan *p, int number)
{
	for (size_t i = 0; i < p->n_actions; i++)
		if (p->actions[i].number == number)
			return (int)i;
	return -1;
}

int plan_find_measure(const struct plan *p, int number)
{
	for (size_t i = 0; i < p->n_measures; i++)
		if (p->measures[i].number == number)
			return (int)i;
	return -1;
}

/* Canonical text: one line per record, fields separated by US (0x1f), records in file order.
 * Any change a user can make to the plan folder changes this text. */
static void field(struct buf *b, const char *s)
{
	bw(b, s ? s : "\x1e");
	bwc(b, '\x1f');
}

static void field_int(struct buf *b, long v)
{
	bwf(b, "%ld\x1f", v);
}

static void field_num(struct buf *b, int has, double v)
{
	if (has)
		bwf(b, "%.17g\x1f", v);
	else
		bwc(b, '\x1f');
}

const char *plan_canonical(const struct plan *p, struct arena *arena)
{
	struct buf b;
	buf_init(&b, 0);
	const struct plan_info *in = &p->info;
	bw(&b, "plan\x1f");
	field(&b, in->code), field(&b, in->title_zh), field(&b, in->title_en);
	field(&b, in->issuer_zh), field(&b, in->issuer_en), field(&b, in->doc_no);
	field(&b, in->issued), field(&b, in->valid_until);
	field_int(&b, in->base_year), field_int(&b, in->target_year);
	for (size_t i = 0; i < p->n_goals; i++) {
		const struct goal *g = &p->goals[i];
		bw(&b, "\ngoal\x1f");
		field(&b, g->code), field_int(&b, g->number), field(&b, g->name_zh);
		field(&b, g->name_en), field(&b, g->text_zh);
	}
	for (size_t i = 0; i < p->n_regions; i++) {
		const struct region *r = &p->regions[i];
		bw(&b, "\nregion\x1f");
		field(&b, r->code), field(&b, r->name_zh), field(&b, r->name_en), field(&b, r->kind);
		field(&b, r->sums_into);
		for (size_t k = 0; k < r->n_parents; k++)
			field(&b, r->parent_codes[k]);
		if (r->geo || r->has_point) { /* only when given: older plans keep their digest */
			bw(&b, "map\x1f");
			field(&b, r->geo), field_num(&b, r->has_point, r->lon), field_num(&b, r->has_point, r->lat);
		}
	}
	for (size_t i = 0; i < p->n_units; i++) {
		const struct unit *u = &p->units[i];
		bw(&b, "\nunit\x1f");
		field(&b, u->code), field(&b, u->name_zh), field(&b, u->name_en), field(&b, u->kind);
		if (u->regions_text) { /* only when given: older plans keep their digest */
			bw(&b, "regions\x1f");
			field(&b, u->regions_text);
		}
		if (u->short_zh || u->short_en) { /* likewise */
			bw(&b, "short\x1f");
			field(&b, u->short_zh), field(&b, u->short_en);
		}
	}
	for (size_t i = 0; i < p->n_indicators; i++) {
		const struct indicator *d = &p->indicators[i];
		bw(&b, "\nindicator\x1f");
		field(&b, d->code), field(&b, d->name_zh), field(&b, d->name_en);
		field(&b, d->unit_zh), field(&b, d->unit_en), field_int(&b, d->decimals);
		field_int(&b, d->direction), field_int(&b, d->frequency), field_int(&b, d->kind);
		field_int(&b, d->aggregation), field(&b, d->goal_code), field_int(&b, d->measure_number);
		field(&b, d->owner_code), field_int(&b, d->is_headline), field(&b, d->definition_zh);
		field(&b, d->definition_en), field(&b, d->formula);
		if (d->scale_text || d->levels_text) { /* only when given: older plans keep their digest */
			bw(&b, "scale\x1f");
			field(&b, d->scale_text), field(&b, d->levels_text);
		}
		if (d->method_zh || d->method_en || d->source_zh || d->source_en || d->release_zh || d->release_en) {
			bw(&b, "meta\x1f"); /* likewise */
			field(&b, d->method_zh), field(&b, d->method_en), field(&b, d->source_zh), field(&b, d->source_en);
			field(&b, d->release_zh), field(&b, d->release_en);
		}
	}
	for (size_t i = 0; i < p->n_targets; i++) {
		const struct target *t = &p->targets[i];
		bw(&b, "\ntarget\x1f");
		field(&b, t->indicator_code), field(&b, t->region_code), field_int(&b, t->year);
		field(&b, cmp_name(t->cmp)), field_num(&b, t->has_value, t->value);
		field_num(&b, t->has_value_max, t->value_max);
		field_num(&b, t->has_base_value, t->base_value), field_int(&b, t->base_year);
		field(&b, t->note_zh);
		if (t->proxy_region_code) { /* only when given, so plans without proxies keep their digest */
			bw(&b, "proxy\x1f");
			field(&b, t->proxy_region_code), field(&b, t->proxy_note_zh), field(&b, t->proxy_note_en);
		}
		if (t->has_tolerance || t->nature != NATURE_NONE || t->unit_given) { /* likewise */
			bw(&b, "kind\x1f");
			field_num(&b, t->has_tolerance, t->tolerance), field(&b, nature_name(t->nature));
			field(&b, t->unit_given), field_num(&b, t->unit_given != NULL, t->unit_factor);
		}
	}
	for (size_t i = 0; i < p->n_actions; i++) {
		const struct action *a = &p->actions[i];
		bw(&b, "\naction\x1f");
		field_int(&b, a->number), field(&b, a->title_zh), field(&b, a->title_en);
		if (a->parent_number || a->text_zh) { /* likewise */
			bw(&b, "level\x1f");
			field_int(&b, a->parent_number), field(&b, a->text_zh);
		}
	}
	for (size_t i = 0; i < p->n_measures; i++) {
		const struct measure *m = &p->measures[i];
		bw(&b, "\nmeasure\x1f");
		field_int(&b, m->number), field_int(&b, m->action_number), field(&b, m->title_zh);
		field(&b, m->title_en), field(&b, m->text_zh);
		if (m->text_en) { /* only when given: older plans keep their digest */
			bw(&b, "en\x1f");
			field(&b, m->text_en);
		}
	}
	for (size_t i = 0; i < p->n_resps; i++) {
		const struct responsibility *r = &p->resps[i];
		bw(&b, "\nresp\x1f");
		field_int(&b, r->measure_number), field(&b, r->unit_code);
		field_int(&b, r->role), field_int(&b, r->position);
	}
	for (size_t i = 0; i < p->n_action_resps; i++) {
		const struct responsibility *r = &p->action_resps[i];
		bw(&b, "\naresp\x1f");
		field_int(&b, r->action_number), field(&b, r->unit_code);
		field_int(&b, r->role), field_int(&b, r->position);
	}
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct rule *r = &p->rules[i];
		bw(&b, "\nrule\x1f");
		field(&b, r->code), field(&b, rule_kind_name(r->kind)), field(&b, r->applies);
		field_num(&b, r->has_min, r->min), field_num(&b, r->has_max, r->max);
		field_int(&b, r->is_warning), field(&b, r->note_zh);
	}
	const char *out = arena_strndup(arena, buf_str(&b), b.len);
	buf_release(&b);
	return out;
}

enum plan_phase plan_phase_on(const struct plan_info *in, const char *today)
{
	/* compare as many characters as the plan's date gives: "2030" covers every day of 2030 */
	if (in->issued && *in->issued && strncmp(today, in->issued, strlen(in->issued)) < 0)
		return PLAN_PHASE_NOT_YET;
	if (in->valid_until && *in->valid_until && strncmp(today, in->valid_until, strlen(in->valid_until)) > 0)
		return PLAN_PHASE_ENDED;
	return PLAN_PHASE_IN_FORCE;
}

const char *plan_phase_name(enum plan_phase ph)
{
	return ph == PLAN_PHASE_NOT_YET ? "not_yet" : ph == PLAN_PHASE_ENDED ? "ended" : "in_force";
}

int plan_default_of(const struct plan_info *const *infos, size_t n, const char *today)
{
	for (size_t i = n; i-- > 0;)
		if (plan_phase_on(infos[i], today) == PLAN_PHASE_IN_FORCE)
			return (int)i;
	return (int)n - 1;
}
