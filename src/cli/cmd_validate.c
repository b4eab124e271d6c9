/* cmd_validate.c - innomon validate: run the plan's validation rules over every current value
 * and list the violations per rule with the offending cells. Exit 2 when an error rule is
 * violated, 0 when only warnings (or nothing) are found. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "core/rules.h"
#include "store/store.h"
#include "base/banned.h"

#define VALIDATE_MAX_VIOLATIONS 10000u

enum status cmd_validate(struct cli *c, int argc, char **argv)
{
	const char *plan_code = NULL;
	const struct opt opts[] = {{"plan", &plan_code, NULL}};
	const char *pos[1];
	size_t n_pos;
	enum status rc = opts_parse("validate", argc, argv, opts, 1, pos, 0, &n_pos);
	if (rc != ST_OK)
		return rc;
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	struct plan *p;
	struct obs *cur = NULL;
	size_t n_cur = 0;
	rc = cli_plan(c, s, plan_code, &p);
	if (rc == ST_OK && (rc = store_obs_current(s, c->arena, NULL, NULL, OBS_VIEW_INTERNAL, &cur, &n_cur)) != ST_OK)
		fprintf(stderr, "innomon: %s\n", store_errmsg(s));
	store_close(s);
	if (rc != ST_OK)
		return rc;
	struct cell *cells = arena_alloc(c->arena, (n_cur + 1) * sizeof(*cells));
	size_t m = 0;
	for (size_t i = 0; i < n_cur; i++) {
		struct cell x = {plan_find_indicator(p, cur[i].indicator), plan_find_region(p, cur[i].region), {0, 0, 0},
				 cur[i].value, cur[i].qualifier, 0, (long)i};
		if (x.indicator >= 0 && x.region >= 0 && period_parse(cur[i].period, strlen(cur[i].period), &x.period))
			cells[m++] = x;
	}
	struct violation *v = arena_alloc(c->arena, VALIDATE_MAX_VIOLATIONS * sizeof(*v));
	size_t nv = rules_check(p, cells, m, 0, c->arena, v, VALIDATE_MAX_VIOLATIONS);
	size_t shown = nv < VALIDATE_MAX_VIOLATIONS ? nv : VALIDATE_MAX_VIOLATIONS, n_err = 0;
	for (size_t ri = 0; ri < p->n_rules; ri++) {
		size_t count = 0;
		for (size_t i = 0; i < shown; i++)
			count += v[i].rule == (int)ri;
		const struct rule *r = &p->rules[ri];
		printf("%s %-26s %-8s %zu violation%s%s%s\n", count ? (r->is_warning ? "!" : "x") : " ", r->code,
		       r->is_warning ? "warning" : "error", count, count == 1 ? "" : "s", r->note_zh ? "  " : "", r->note_zh ? r->note_zh : "");
		for (size_t i = 0; i < shown; i++) {
			if (v[i].rule != (int)ri)
				continue;
			const struct obs *o = &cur[cells[v[i].cell].ref];
			printf("    %s / %s / %s: %s\n", o->indicator, o->region, o->period, v[i].message);
			n_err += !r->is_warning;
		}
	}
	printf("%zu cells checked against %zu rules: %zu error%s, %zu warning%s\n", m, p->n_rules, n_err, n_err == 1 ? "" : "s",
	       nv - n_err, nv - n_err == 1 ? "" : "s");
	return n_err ? ST_INVALID : ST_OK;
}
