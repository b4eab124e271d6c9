/* plan_json.c - struct plan to the JSON contract (see plan_json.h). */
#include <string.h>

#include "base/xalloc.h"
#include "report/plan_json.h"
#include "base/banned.h"

json_t *json_str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *json_num_or_null(int is_set, double v)
{
	return is_set ? json_real(v) : json_null();
}

json_t *obs_to_json(const struct obs *o)
{
	json_t *j = json_object();
	const char *q = obs_qualifier_name(o->qualifier);
	json_object_set_new(j, "id", json_integer(o->id));
	json_object_set_new(j, "indicator", json_string(o->indicator));
	json_object_set_new(j, "region", json_string(o->region));
	json_object_set_new(j, "period", json_string(o->period));
	json_object_set_new(j, "revision", json_integer(o->revision));
	json_object_set_new(j, "value", json_real(o->value));
	json_object_set_new(j, "qualifier", *q ? json_string(q) : json_null());
	json_object_set_new(j, "status", json_string(obs_status_name(o->status)));
	json_object_set_new(j, "source", json_str_or_null(o->source));
	json_object_set_new(j, "source_url", json_str_or_null(o->source_url));
	json_object_set_new(j, "publisher", json_str_or_null(o->publisher));
	json_object_set_new(j, "title", json_str_or_null(o->title));
	json_object_set_new(j, "published", json_str_or_null(o->published));
	json_object_set_new(j, "note", json_str_or_null(o->note));
	json_object_set_new(j, "reason", json_str_or_null(o->reason));
	json_object_set_new(j, "created_at", json_str_or_null(o->created_at));
	json_object_set_new(j, "created_by", json_str_or_null(o->created_by));
	return j;
}

/* jansson returns NULL only on OOM; treat it like every other allocation. */
static json_t *must(json_t *j)
{
	if (!j)
		BUG("jansson allocation failed");
	return j;
}

static void set(json_t *o, const char *k, json_t *v)
{
	if (json_object_set_new(o, k, must(v)) != 0)
		BUG("json_object_set_new(%s) failed", k);
}

static void push(json_t *a, json_t *v)
{
	if (json_array_append_new(a, must(v)) != 0)
		BUG("json_array_append_new failed");
}

static json_t *number_or_int(double v)
{
	if (v == (double)(long long)v && v > -9e15 && v < 9e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static json_t *targets_json(const struct plan *p, const char *indicator)
{
	json_t *arr = must(json_array());
	for (size_t i = 0; i < p->n_targets; i++) {
		const struct target *t = &p->targets[i];
		if (strcmp(t->indicator_code, indicator) != 0)
			continue;
		json_t *o = must(json_object());
		set(o, "region", json_string(t->region_code));
		set(o, "year", json_integer(t->year));
		set(o, "comparator", json_string(cmp_name(t->cmp)));
		set(o, "value", t->has_value ? number_or_int(t->value) : json_null());
		set(o, "value_max", t->has_value_max ? number_or_int(t->value_max) : json_null());
		set(o, "base_value", t->has_base_value ? number_or_int(t->base_value) : json_null());
		set(o, "base_year", t->base_year ? json_integer(t->base_year) : json_null());
		set(o, "note_zh", json_str_or_null(t->note_zh));
		/* the kinds' own fields only where a plan gives them (older consumers see nothing new) */
		if (t->has_tolerance)
			set(o, "tolerance", number_or_int(t->tolerance));
		if (t->nature != NATURE_NONE)
			set(o, "nature", json_string(nature_name(t->nature)));
		if (t->unit_given) {
			set(o, "unit_given", json_string(t->unit_given));
			set(o, "unit_factor", json_real(t->unit_factor));
		}
		if (t->proxy_region_code) {
			set(o, "proxy_region", json_string(t->proxy_region_code));
			set(o, "proxy_note_zh", json_str_or_null(t->proxy_note_zh));
			set(o, "proxy_note_en", json_str_or_null(t->proxy_note_en));
		}
		push(arr, o);
	}
	return arr;
}

static const char *freq_text(enum frequency f)
{
	return f == FREQ_QUARTERLY ? "quarterly" : f == FREQ_MONTHLY ? "monthly" : "annual";
}

static const char *kind_text(enum ind_kind k)
{
	return k == IND_DERIVED ? "derived" : k == IND_FORMULA ? "formula" : "reported";
}

json_t *plan_to_json(const struct plan *p)
{
	json_t *root = must(json_object());
	const struct plan_info *in = &p->info;

	json_t *plan = must(json_object());
	set(plan, "code", json_string(in->code));
	set(plan, "title_zh", json_str_or_null(in->title_zh));
	set(plan, "title_en", json_str_or_null(in->title_en));
	set(plan, "issuer_zh", json_str_or_null(in->issuer_zh));
	set(plan, "issuer_en", json_str_or_null(in->issuer_en));
	set(plan, "doc_no", json_str_or_null(in->doc_no));
	set(plan, "issued", json_str_or_null(in->issued));
	set(plan, "valid_until", json_str_or_null(in->valid_until));
	set(plan, "base_year", in->base_year ? json_integer(in->base_year) : json_null());
	set(plan, "target_year", json_integer(in->target_year));
	set(plan, "version", in->version ? json_integer(in->version) : json_null());
	set(root, "plan", plan);

	json_t *goals = must(json_array());
	for (size_t i = 0; i < p->n_goals; i++) {
		const struct goal *g = &p->goals[i];
		json_t *o = must(json_object());
		set(o, "code", json_string(g->code));
		set(o, "number", json_integer(g->number));
		set(o, "name_zh", json_str_or_null(g->name_zh));
		set(o, "name_en", json_str_or_null(g->name_en));
		set(o, "text_zh", json_str_or_null(g->text_zh));
		json_t *codes = must(json_array());
		for (size_t k = 0; k < p->n_indicators; k++)
			if (p->indicators[k].goal_code && strcmp(p->indicators[k].goal_code, g->code) == 0)
				push(codes, json_string(p->indicators[k].code));
		set(o, "indicators", codes);
		push(goals, o);
	}
	set(root, "goals", goals);

	json_t *inds = must(json_array());
	for (size_t i = 0; i < p->n_indicators; i++) {
		const struct indicator *d = &p->indicators[i];
		json_t *o = must(json_object());
		set(o, "code", json_string(d->code));
		set(o, "name_zh", json_str_or_null(d->name_zh));
		set(o, "name_en", json_str_or_null(d->name_en));
		set(o, "unit", json_str_or_null(d->unit_zh));
		set(o, "unit_en", json_str_or_null(d->unit_en));
		set(o, "decimals", json_integer(d->decimals));
		set(o, "direction", json_string(d->direction == DIR_DOWN ? "down" : "up"));
		set(o, "scale", json_string(scale_name(d->scale)));
		if (d->n_levels) {
			json_t *levels = must(json_array());
			for (size_t k = 0; k < d->n_levels; k++)
				push(levels, json_string(d->levels[k]));
			set(o, "levels", levels);
		}
		set(o, "frequency", json_string(freq_text(d->frequency)));
		set(o, "kind", json_string(kind_text(d->kind)));
		set(o, "aggregation", json_string(d->aggregation == AGG_SUM ? "sum" : "none"));
		set(o, "headline", json_boolean(d->is_headline));
		set(o, "goal", json_str_or_null(d->goal_code));
		set(o, "measure", d->measure_number ? json_integer(d->measure_number) : json_null());
		set(o, "owner", json_str_or_null(d->owner_code));
		if (d->continues)
			set(o, "continues", json_string(d->continues));
		set(o, "definition_zh", json_str_or_null(d->definition_zh));
		set(o, "definition_en", json_str_or_null(d->definition_en));
		set(o, "formula", json_str_or_null(d->formula));
		/* the metadata only where a plan gives it */
		static const char *const meta_keys[] = {"method_zh", "method_en", "source_zh", "source_en", "release_zh",
							"release_en"};
		const char *meta[] = {d->method_zh, d->method_en, d->source_zh, d->source_en, d->release_zh, d->release_en};
		for (size_t k = 0; k < sizeof(meta) / sizeof(meta[0]); k++)
			if (meta[k])
				set(o, meta_keys[k], json_string(meta[k]));
		set(o, "targets", targets_json(p, d->code));
		push(inds, o);
	}
	set(root, "indicators", inds);

	json_t *actions = must(json_array());
	for (size_t i = 0; i < p->n_actions; i++) {
		const struct action *a = &p->actions[i];
		json_t *o = must(json_object());
		set(o, "number", json_integer(a->number));
		set(o, "title_zh", json_str_or_null(a->title_zh));
		set(o, "title_en", json_str_or_null(a->title_en));
		/* the second level and whole-action units only where a plan gives them */
		if (a->parent_number)
			set(o, "parent", json_integer(a->parent_number));
		if (a->text_zh)
			set(o, "text_zh", json_string(a->text_zh));
		json_t *au = NULL;
		for (size_t r = 0; r < p->n_action_resps; r++) {
			const struct responsibility *x = &p->action_resps[r];
			if (x->action_number != a->number)
				continue;
			if (!au)
				au = must(json_array());
			push(au, json_pack("{s:s, s:s}", "unit", x->unit_code, "role", x->role == ROLE_LEAD ? "lead" : "co"));
		}
		if (au)
			set(o, "units", au);
		json_t *ms = must(json_array());
		for (size_t k = 0; k < p->n_measures; k++) {
			const struct measure *m = &p->measures[k];
			if (m->action_number != a->number)
				continue;
			json_t *mo = must(json_object());
			set(mo, "number", json_integer(m->number));
			set(mo, "title_zh", json_str_or_null(m->title_zh));
			set(mo, "title_en", json_str_or_null(m->title_en));
			set(mo, "text_zh", json_str_or_null(m->text_zh));
			if (m->text_en)
				set(mo, "text_en", json_string(m->text_en));
			json_t *leads = must(json_array()), *co = must(json_array());
			const char *lead = NULL;
			int lead_pos = 0;
			for (size_t r = 0; r < p->n_resps; r++) {
				const struct responsibility *x = &p->resps[r];
				if (x->measure_number != m->number)
					continue;
				if (x->role == ROLE_LEAD) {
					push(leads, json_string(x->unit_code));
					if (!lead || x->position < lead_pos) {
						lead = x->unit_code;
						lead_pos = x->position;
					}
				} else {
					push(co, json_string(x->unit_code));
				}
			}
			set(mo, "lead", json_str_or_null(lead));
			set(mo, "leads", leads);
			set(mo, "co", co);
			json_t *ic = must(json_array());
			for (size_t q = 0; q < p->n_indicators; q++)
				if (p->indicators[q].measure_number == m->number)
					push(ic, json_string(p->indicators[q].code));
			set(mo, "indicators", ic);
			push(ms, mo);
		}
		set(o, "measures", ms);
		push(actions, o);
	}
	set(root, "actions", actions);

	json_t *units = must(json_array());
	for (size_t i = 0; i < p->n_units; i++) {
		const struct unit *u = &p->units[i];
		json_t *o = must(json_object());
		set(o, "code", json_string(u->code));
		set(o, "name_zh", json_str_or_null(u->name_zh));
		set(o, "name_en", json_str_or_null(u->name_en));
		set(o, "kind", json_str_or_null(u->kind));
		if (u->short_zh)
			set(o, "short_zh", json_string(u->short_zh));
		if (u->short_en)
			set(o, "short_en", json_string(u->short_en));
		if (u->n_regions) {
			json_t *rs = must(json_array());
			for (size_t k = 0; k < u->n_regions; k++)
				push(rs, json_string(p->regions[u->regions[k]].code));
			set(o, "regions", rs);
		}
		push(units, o);
	}
	set(root, "units", units);

	json_t *regions = must(json_array());
	for (size_t i = 0; i < p->n_regions; i++) {
		const struct region *r = &p->regions[i];
		json_t *o = must(json_object());
		set(o, "code", json_string(r->code));
		set(o, "name_zh", json_str_or_null(r->name_zh));
		set(o, "name_en", json_str_or_null(r->name_en));
		set(o, "kind", json_str_or_null(r->kind));
		json_t *parents = must(json_array());
		for (size_t k = 0; k < r->n_parents; k++)
			push(parents, json_string(r->parent_codes[k]));
		set(o, "parents", parents);
		set(o, "sums_into", json_str_or_null(r->sums_into));
		if (r->geo)
			set(o, "geo", json_string(r->geo));
		if (r->has_point)
			set(o, "point", json_pack("[f, f]", r->lon, r->lat));
		push(regions, o);
	}
	set(root, "regions", regions);

	json_t *rules = must(json_array());
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct rule *x = &p->rules[i];
		json_t *o = must(json_object());
		set(o, "code", json_string(x->code));
		set(o, "kind", json_string(rule_kind_name(x->kind)));
		set(o, "applies", json_string(x->applies));
		set(o, "min", json_num_or_null(x->has_min, x->min));
		set(o, "max", json_num_or_null(x->has_max, x->max));
		set(o, "severity", json_string(x->is_warning ? "warning" : "error"));
		set(o, "note_zh", json_str_or_null(x->note_zh));
		push(rules, o);
	}
	set(root, "rules", rules);
	return root;
}
