/* cmd_cycle.c - innomon cycle open|close|status|list [--plan CODE]: the department's reporting
 * cycles of a plan (every unit owes a progress report per measure it leads or shares, by the
 * deadline); each plan has its own. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/sup.h"
#include "base/clock.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "store/store.h"
#include "supervise/sup_json.h"
#include "supervise/supervise.h"
#include "base/banned.h"

static void print_json(json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	fputc('\n', stdout);
	json_decref(j);
}

static enum status cycle_status(struct cli *c, struct app_ctx *x, struct diag_list *errs, const char *period, int is_json)
{
	struct app_cycle_status st;
	enum status rc = app_cycle_status(x, period, clock_now(), &st, errs);
	if (rc != ST_OK)
		return rc;
	struct sup_owed *owed = arena_calloc(c->arena, st.n + 1, sizeof(*owed));
	size_t n = st.n;
	for (size_t i = 0; i < n; i++)
		owed[i] = st.rows[i].owed; /* the operator sees every report owed */
	const struct sup_cycle *cy = st.cycle;
	if (is_json) {
		json_t *j = sup_cycle_json(cy);
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, sup_owed_json(&owed[i]));
		json_object_set_new(j, "owed", arr);
		json_object_set_new(j, "summary", json_pack("{s:I, s:i, s:i, s:i, s:i}", "owed", (json_int_t)n, "on_time",
							   st.count[SUP_ON_TIME], "late", st.count[SUP_LATE], "missing",
							   st.count[SUP_MISSING], "pending", st.count[SUP_PENDING]));
		print_json(j);
		return ST_OK;
	}
	time_t dl;
	char local[32] = "";
	if (clock_parse_utc(cy->deadline, &dl))
		clock_format_shanghai(dl, local);
	printf("cycle %s of plan %s (%s), deadline %s Beijing time (%s)\n", cy->period, cy->plan_code,
	       cy->is_open ? "open" : "closed", local, cy->deadline);
	printf("%-8s %-10s %-5s %-10s %-8s %s\n", "measure", "unit", "role", "state", "revision", "timeliness");
	for (size_t i = 0; i < n; i++)
		printf("%-8d %-10s %-5s %-10s %-8d %s\n", owed[i].duty.measure, owed[i].duty.unit,
		       owed[i].duty.role == ROLE_LEAD ? "lead" : "co",
		       owed[i].report ? report_state_name(owed[i].report->state) : "none",
		       owed[i].report ? owed[i].report->revision : 0, sup_timeliness_name(owed[i].timeliness));
	printf("%zu reports owed: %d on time, %d late, %d missing, %d pending\n", n, st.count[SUP_ON_TIME], st.count[SUP_LATE],
	       st.count[SUP_MISSING], st.count[SUP_PENDING]);
	return ST_OK;
}

static enum status cycle_list(struct app_ctx *x, const struct plan *p, int is_json)
{
	struct sup_cycle *rows;
	size_t n;
	enum status rc = app_cycles(x, &rows, &n);
	if (rc != ST_OK)
		return rc;
	if (is_json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, sup_cycle_json(&rows[i]));
		print_json(arr);
		return ST_OK;
	}
	printf("reporting cycles of plan %s\n", p->info.code);
	for (size_t i = 0; i < n; i++)
		printf("%-8s %-6s deadline %s\n", rows[i].period, rows[i].is_open ? "open" : "closed", rows[i].deadline);
	if (!n)
		printf("no reporting cycle yet (innomon cycle open PERIOD --deadline DATE --plan %s)\n", p->info.code);
	return ST_OK;
}

enum status cmd_cycle(struct cli *c, int argc, char **argv)
{
	const char *deadline = NULL, *code = NULL;
	int is_json = 0;
	const struct opt opts[] = {{"deadline", &deadline, NULL}, {"json", NULL, &is_json}, {"plan", &code, NULL}};
	const char *pos[2];
	size_t n_pos;
	enum status rc = opts_parse("cycle", argc, argv, opts, 3, pos, 2, &n_pos);
	if (rc != ST_OK)
		return rc;
	const char *verb = n_pos ? pos[0] : "";
	int is_list = strcmp(verb, "list") == 0;
	if ((!is_list && n_pos != 2) || (is_list && n_pos != 1) ||
	    (strcmp(verb, "open") != 0 && strcmp(verb, "close") != 0 && strcmp(verb, "status") != 0 && !is_list))
		return cli_usage("cycle", "expected: cycle open PERIOD --deadline DATE | close PERIOD | status PERIOD | list"
				 " (each with --plan CODE)");
	if (strcmp(verb, "open") == 0 && !deadline)
		return cli_usage("cycle", "cycle open needs --deadline DATE (the end of that day, Beijing time)");
	if (deadline && strcmp(verb, "open") != 0)
		return cli_usage("cycle", "--deadline goes with cycle open only");
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	struct app_ctx x;
	struct diag_list errs;
	struct sup_cycle *cy;
	const struct plan *p;
	rc = cli_app_plan(c, s, code, &x, &errs, &p);
	if (rc != ST_OK) {
		store_close(s);
		return rc;
	}
	const char *shown = arena_printf(c->arena, "cycle (plan %s)", p->info.code);
	if (strcmp(verb, "open") == 0) {
		rc = app_cycle_open(&x, pos[1], deadline, &cy, &errs);
		if (rc == ST_OK) {
			struct sup_duty *duties;
			size_t n;
			rc = store_sup_duties(s, c->arena, cy->id, &duties, &n);
			if (rc == ST_OK)
				printf("cycle %s of plan %s opened: %zu reports owed by %s\n", cy->period, cy->plan_code, n,
				       cy->deadline);
		}
	} else if (strcmp(verb, "close") == 0) {
		rc = app_cycle_close(&x, pos[1], &cy, &errs);
		if (rc == ST_OK)
			printf("cycle %s of plan %s closed\n", cy->period, cy->plan_code);
	} else if (strcmp(verb, "status") == 0) {
		rc = cycle_status(c, &x, &errs, pos[1], is_json);
	} else {
		rc = cycle_list(&x, p, is_json);
	}
	if (rc != ST_OK)
		cli_refused(shown, rc, &errs, s);
	store_close(s);
	return rc;
}
