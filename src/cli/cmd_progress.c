/* cmd_progress.c - innomon progress: every target's latest value, achievement, status and
 * projection; --json gives the progress JSON contract. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "app/progress.h"
#include "report/assess.h"
#include "report/fmt.h"
#include "store/store.h"
#include "base/banned.h"

static void cell_value(struct buf *b, int has, double v, int decimals)
{
	if (has)
		fmt_value(b, v, decimals);
	else
		bw(b, "-");
}

enum status cmd_progress(struct cli *c, int argc, char **argv)
{
	int is_json = 0, is_final = 0;
	const char *plan_code = NULL, *only = NULL;
	const struct opt opts[] = {{"json", NULL, &is_json}, {"final", NULL, &is_final}, {"plan", &plan_code, NULL},
				   {"indicator", &only, NULL}};
	const char *pos[1];
	size_t n_pos;
	enum status rc = opts_parse("progress", argc, argv, opts, 4, pos, 0, &n_pos);
	if (rc != ST_OK)
		return rc;
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	struct plan *p;
	struct app_progress pr = {0};
	rc = cli_plan(c, s, plan_code, &p);
	int ind = -1;
	if (rc == ST_OK && only && (ind = plan_find_indicator_any(p, only)) < 0) {
		fprintf(stderr, "innomon: unknown indicator '%s'\n", only);
		rc = ST_NOT_FOUND;
	}
	if (rc == ST_OK) {
		struct app_ctx x;
		struct diag_list errs;
		cli_app(c, s, &x, &errs);
		x.plan = p;
		/* indicators without a target: their trend, so none goes missing */
		rc = app_progress(&x, ind, APP_PROGRESS_TRENDS | (is_final ? APP_PROGRESS_FINAL : 0), &pr, &errs);
		if (rc != ST_OK)
			cli_refused(NULL, rc, &errs, s);
	}
	store_close(s);
	if (rc != ST_OK)
		return rc;
	const struct assess_row *rows = pr.rows, *trends = pr.trends;
	size_t n = pr.n_rows, n_trends = pr.n_trends;
	if (is_json) {
		json_t *arr = is_final ? assess_final_json(p, rows, n) : json_array();
		for (size_t i = 0; !is_final && i < n; i++)
			json_array_append_new(arr, assess_row_json(p, &rows[i]));
		if (is_final)
			json_object_set_new(arr, "trends", assess_trends_json(p, trends, n_trends));
		int bad = json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
		fputc('\n', stdout);
		json_decref(arr);
		return bad ? ST_IO : ST_OK;
	}
	printf("%-28s %-10s %-10s %-8s %-22s %8s  %-19s %-20s %s\n", "indicator", "region", "latest", "year", "target",
	       "achieved", "status", "verdict", "projection");
	for (size_t i = 0; i < n; i++) {
		const struct assess_row *r = &rows[i];
		const struct indicator *d = &p->indicators[r->indicator];
		const struct assessment *a = &r->a;
		struct buf latest, target, proj;
		buf_init(&latest, 256), buf_init(&target, 256), buf_init(&proj, 256);
		cell_value(&latest, r->series.n > 0, a->latest_value, d->decimals);
		struct indicator bare = *d; /* the table has no room for units */
		bare.unit_en = NULL;
		bare.unit_zh = NULL;
		fmt_target(&target, LANG_EN, &p->targets[r->target], &bare);
		if (a->has_projection) {
			fmt_value(&proj, a->projected_value, d->decimals);
			bwf(&proj, " in %d", p->targets[r->target].year);
		}
		if (a->projected_year_met)
			bwf(&proj, "%smet by %d", proj.len ? ", " : "", a->projected_year_met);
		char ach[16] = "-";
		if (a->status == PS_MET)
			snprintf(ach, sizeof(ach), ">=100%%");
		else if (a->has_achievement && isfinite(a->achievement))
			snprintf(ach, sizeof(ach), "%.0f%%", a->achievement * 100);
		printf("%-28s %-10s %-10s %-8s %-22s %8s  %-19s %-20s %s\n", d->code, p->regions[r->region].code,
		       buf_str(&latest), r->latest_period ? r->latest_period : "-", buf_str(&target), ach,
		       progress_status_name(a->status), verdict_name(r->j.verdict), buf_str(&proj));
		buf_release(&latest), buf_release(&target), buf_release(&proj);
	}
	if (n_trends)
		printf("\nwithout a target (the trend: average annual change since the earliest value)\n%-28s %-10s %-10s "
		       "%-8s %-10s %s\n", "indicator", "region", "latest", "year", "a year", "trend");
	for (size_t i = 0; i < n_trends; i++) {
		const struct assess_row *r = &trends[i];
		const struct indicator *d = &p->indicators[r->indicator];
		struct buf latest;
		buf_init(&latest, 256);
		cell_value(&latest, r->series.n > 0, r->a.latest_value, d->decimals);
		char pace[32] = "-";
		if (r->a.has_cagr && isfinite(r->a.cagr_actual))
			snprintf(pace, sizeof(pace), "%.1f%%", r->a.cagr_actual * 100);
		printf("%-28s %-10s %-10s %-8s %-10s %s\n", d->code, p->regions[r->region].code, buf_str(&latest),
		       r->latest_period ? r->latest_period : "-", pace, progress_status_name(r->a.status));
		buf_release(&latest);
	}
	size_t count[VERDICT__COUNT];
	assess_count_verdicts(p, rows, n, count);
	printf("\nheadline targets by %s verdict:", is_final ? "final" : "current");
	for (size_t i = 0; i < VERDICT__COUNT; i++)
		if (count[i])
			printf(" %s %zu", verdict_name((enum verdict)i), count[i]);
	printf("\n");
	return ST_OK;
}
