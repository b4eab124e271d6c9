/* cmd_values.c - innomon values INDICATOR: an indicator's series per region, with sources, and
 * every revision with --revisions. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "core/series.h"
#include "report/fmt.h"
#include "report/plan_json.h"
#include "store/store.h"
#include "base/banned.h"

static void print_value(double value, enum obs_qualifier q, int decimals)
{
	struct buf b;
	buf_init(&b, 128);
	bw(&b, obs_qualifier_mark(q));
	fmt_value(&b, value, decimals);
	printf("%-14s", buf_str(&b));
	buf_release(&b);
}

enum status cmd_values(struct cli *c, int argc, char **argv)
{
	int is_json = 0, is_revisions = 0;
	const char *region = NULL, *plan_code = NULL;
	const struct opt opts[] = {{"region", &region, NULL}, {"revisions", NULL, &is_revisions}, {"json", NULL, &is_json}, {"plan", &plan_code, NULL}};
	const char *pos[1];
	size_t n_pos;
	enum status rc = opts_parse("values", argc, argv, opts, 4, pos, 1, &n_pos);
	if (rc != ST_OK)
		return rc;
	if (n_pos != 1)
		return cli_usage("values", "missing the INDICATOR (a code or a Chinese name)");
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	struct plan *p;
	rc = cli_plan(c, s, plan_code, &p);
	int ind = -1, reg = -1;
	if (rc == ST_OK && (ind = plan_find_indicator_any(p, pos[0])) < 0) {
		fprintf(stderr, "innomon: unknown indicator '%s'\n", pos[0]);
		rc = ST_NOT_FOUND;
	}
	if (rc == ST_OK && region && (reg = plan_find_region_any(p, region)) < 0) {
		fprintf(stderr, "innomon: unknown region '%s'\n", region);
		rc = ST_NOT_FOUND;
	}
	struct obs *rows = NULL;
	size_t n = 0;
	if (rc == ST_OK) {
		const char *ind_code = p->indicators[ind].code, *reg_code = reg >= 0 ? p->regions[reg].code : NULL;
		rc = is_revisions ? store_obs_history(s, c->arena, ind_code, reg_code, NULL, &rows, &n)
				  : store_obs_current(s, c->arena, ind_code, reg_code, OBS_VIEW_INTERNAL, &rows, &n);
		if (rc != ST_OK)
			fprintf(stderr, "innomon: %s\n", store_errmsg(s));
	}
	if (rc == ST_OK && is_json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, obs_to_json(&rows[i]));
		json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
		fputc('\n', stdout);
		json_decref(arr);
	} else if (rc == ST_OK && is_revisions) {
		const struct indicator *d = &p->indicators[ind];
		printf("%s [%s] (%s)\n", d->name_zh, d->code, d->unit_zh);
		if (n == 0)
			printf("  no values\n");
		for (size_t i = 0; i < n; i++) {
			const struct obs *o = &rows[i];
			int r = plan_find_region(p, o->region);
			printf("  %-10s %-8s ", r >= 0 ? p->regions[r].name_zh : o->region, o->period);
			print_value(o->value, o->qualifier, d->decimals > 2 ? d->decimals : 2);
			printf(" rev %d %-9s %s %s %s\n", o->revision, obs_status_name(o->status), o->created_at, o->created_by,
			       o->source_url ? o->source_url : (o->source ? o->source : ""));
		}
	} else if (rc == ST_OK) {
		/* the series as the assessment sees it: reported values, sums of sub-regions, formulas */
		const struct indicator *d = &p->indicators[ind];
		struct obs *all = rows;
		size_t n_all = n;
		if (d->kind == IND_FORMULA && (rc = store_obs_current(s, c->arena, NULL, NULL, OBS_VIEW_INTERNAL, &all, &n_all)) != ST_OK)
			fprintf(stderr, "innomon: %s\n", store_errmsg(s));
		printf("%s [%s] (%s)%s%s\n", d->name_zh, d->code, d->unit_zh, d->formula ? " = " : "", d->formula ? d->formula : "");
		size_t shown = 0;
		const struct series_input in = series_input_of(all, rc == ST_OK ? n_all : 0);
		for (size_t g = 0; rc == ST_OK && g < p->n_regions; g++) {
			if (reg >= 0 && (int)g != reg)
				continue;
			struct series sr;
			series_build_from(p, &in, ind, (int)g, c->arena, &sr);
			for (size_t i = 0; i < sr.n; i++, shown++) {
				const struct series_point *pt = &sr.pts[i];
				printf("  %-10s %-8s ", p->regions[g].name_zh, pt->period);
				print_value(pt->value, pt->qualifier, d->decimals > 2 ? d->decimals : 2);
				if (pt->is_derived)
					printf(" (sum of %zu sub-regions)\n", pt->n_parts);
				else if (pt->is_formula)
					printf(" (computed by the formula)\n");
				else
					printf(" %s\n", pt->obs->source_url ? pt->obs->source_url : (pt->obs->source ? pt->obs->source : ""));
			}
		}
		if (rc == ST_OK && shown == 0)
			printf("  no values\n");
	}
	store_close(s);
	return rc;
}
