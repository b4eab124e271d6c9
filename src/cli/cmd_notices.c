/* cmd_notices.c - innomon notices [--plan CODE]: the 督办 notices of a plan, newest first;
 * --overdue keeps those whose reply deadline has passed without an answer. */
#include <jansson.h>
#include <stdio.h>

#include "app/sup.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "store/store.h"
#include "supervise/sup_json.h"
#include "base/banned.h"

enum status cmd_notices(struct cli *c, int argc, char **argv)
{
	int is_json = 0, is_overdue = 0, is_open = 0;
	const char *unit = NULL, *period = NULL, *code = NULL;
	const struct opt opts[] = {{"json", NULL, &is_json},
				   {"plan", &code, NULL},
				   {"overdue", NULL, &is_overdue},
				   {"open", NULL, &is_open},
				   {"unit", &unit, NULL},
				   {"period", &period, NULL}};
	const char *pos[1];
	size_t n_pos;
	enum status rc = opts_parse("notices", argc, argv, opts, sizeof(opts) / sizeof(opts[0]), pos, 0, &n_pos);
	if (rc != ST_OK)
		return rc;
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	struct app_notice_filter f = {{unit, 0, period, is_open, is_overdue, NULL, NULL}, 0, NOTICE_OPEN, 0};
	struct sup_notice *rows;
	size_t n;
	struct app_ctx x;
	struct diag_list errs;
	const struct plan *p;
	rc = cli_app_plan(c, s, code, &x, &errs, &p);
	if (rc == ST_OK)
		rc = app_notices(&x, &f, &rows, &n);
	store_close(s);
	if (rc != ST_OK)
		return rc;
	if (is_json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, sup_notice_json(&rows[i]));
		json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
		fputc('\n', stdout);
		json_decref(arr);
		return ST_OK;
	}
	printf("%-5s %-10s %-7s %-9s %-5s %-10s %-20s %s\n", "id", "unit", "measure", "period", "level", "status", "reply by",
	       "subject");
	for (size_t i = 0; i < n; i++)
		printf("%-5lld %-10s %-7d %-9s %-5d %-10s %-20s %s\n", rows[i].id, rows[i].unit, rows[i].measure, rows[i].period,
		       rows[i].level, notice_status_name(rows[i].status), rows[i].reply_due, rows[i].subject);
	printf("%zu notice%s of plan %s\n", n, n == 1 ? "" : "s", p->info.code);
	return ST_OK;
}
