/* cmd_milestones.c - innomon milestones: the milestones under each measure (done, open or
 * overdue); and the loading of milestone files for `innomon init` and `innomon import
 * milestones`. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/sup.h"
#include "base/clock.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "ingest/milestones.h"
#include "ingest/plan_load.h"
#include "store/store.h"
#include "supervise/sup_json.h"
#include "base/banned.h"

#define MILESTONES_FILE_MAX_BYTES ((size_t)16 << 20)

/* Import a milestones file for plan p (NULL: the store's current plan). */
static enum status import_buffer(struct cli *c, struct store *s, const struct plan *p, const char *name, const char *data,
				 size_t len, const struct milestones_opts *mo)
{
	struct app_ctx x;
	struct diag_list d;
	struct milestones_result res;
	cli_app(c, s, &x, &d);
	x.plan = p;
	enum status rc = app_milestones_import(&x, name, data, len, mo, &res, &d);
	diag_print(&d, stderr);
	if (rc == ST_INVALID || rc == ST_TOO_LARGE) {
		fprintf(stderr, "innomon: %zu error%s in '%s'; no milestone was imported\n", diag_errors(&d),
			diag_errors(&d) == 1 ? "" : "s", name);
		return rc;
	}
	if (rc != ST_OK) {
		fprintf(stderr, "innomon: %s; no milestone was imported\n", store_errmsg(s));
		return rc;
	}
	if (mo->is_dry_run)
		printf("dry run, nothing written: %s: %zu milestones, all good (%s)\n", name, res.n_rows, res.format);
	else
		printf("%s: %zu milestones, %zu new, %zu changed, %zu unchanged (%s)\n", name, res.n_rows, res.n_new,
		       res.n_changed, res.n_unchanged, res.format);
	return ST_OK;
}

enum status cli_load_milestones(struct cli *c, struct store *s, const struct plan *p, const struct plan_src *src)
{
	struct milestones_opts mo = {NULL, NULL, 0};
	const char *data, *name;
	size_t len;
	enum status rc = cli_src_read(c, src, "milestones.csv", MILESTONES_FILE_MAX_BYTES, &data, &len, &name);
	if (rc == ST_NOT_FOUND)
		return ST_OK; /* a plan folder need not ship milestones */
	if (rc != ST_OK)
		return rc;
	return import_buffer(c, s, p, name, data, len, &mo);
}

enum status cli_import_milestones(struct cli *c, const char *path, const struct milestones_opts *mo)
{
	char *data;
	size_t len;
	enum status rc = file_read_all(c->arena, path, MILESTONES_FILE_MAX_BYTES, &data, &len);
	if (rc == ST_TOO_LARGE) {
		fprintf(stderr, "innomon: '%s' is larger than %zu bytes\n", path, MILESTONES_FILE_MAX_BYTES);
		return rc;
	}
	if (rc != ST_OK) {
		fprintf(stderr, "innomon: cannot read '%s'\n", path);
		return ST_IO;
	}
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	struct plan *p;
	rc = cli_plan(c, s, NULL, &p);
	if (rc == ST_OK)
		rc = import_buffer(c, s, NULL, path, data, len, mo);
	store_close(s);
	return rc;
}

enum status cmd_milestones(struct cli *c, int argc, char **argv)
{
	int is_json = 0;
	const char *measure_text = NULL, *code = NULL;
	const struct opt opts[] = {{"json", NULL, &is_json}, {"measure", &measure_text, NULL}, {"plan", &code, NULL}};
	const char *pos[1];
	size_t n_pos;
	long measure = 0;
	enum status rc = opts_parse("milestones", argc, argv, opts, 3, pos, 0, &n_pos);
	if (rc == ST_OK && measure_text)
		rc = opts_int("milestones", "measure", measure_text, 1, 10000, &measure);
	if (rc != ST_OK)
		return rc;
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	const struct plan *p;
	struct sup_milestone *rows;
	size_t n = 0;
	struct app_ctx x;
	struct diag_list errs;
	rc = cli_app_plan(c, s, code, &x, &errs, &p);
	if (rc == ST_OK)
		rc = app_milestones(&x, (int)measure, &rows, &n);
	store_close(s);
	if (rc != ST_OK)
		return rc;
	time_t now = clock_now();
	if (is_json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, sup_milestone_json(&rows[i], now));
		json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
		fputc('\n', stdout);
		json_decref(arr);
		return ST_OK;
	}
	printf("%-20s %-7s %-8s %-10s %-8s %s\n", "code", "measure", "owner", "due", "state", "milestone");
	for (size_t i = 0; i < n; i++) {
		time_t due = sup_end_of_day(rows[i].due_date);
		const char *state = rows[i].done_on ? "done" : due && now > due ? "overdue" : "open";
		printf("%-20s %-7d %-8s %-10s %-8s %s\n", rows[i].code, rows[i].measure, rows[i].owner, rows[i].due_date, state,
		       rows[i].title_zh);
	}
	printf("%zu milestone%s of plan %s\n", n, n == 1 ? "" : "s", p->info.code);
	return ST_OK;
}
