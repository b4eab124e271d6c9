/* cmd_cycle.c - innomon cycle open|close|status|list: the department's reporting cycles
 * (every unit owes a progress report per measure it leads or shares, by the deadline). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

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

static enum status failed(enum status rc, const struct sup_error *err, struct store *s)
{
	if (err->msg)
		fprintf(stderr, "innomon cycle: %s\n", err->msg);
	else if (rc == ST_STORE)
		fprintf(stderr, "innomon: %s\n", store_errmsg(s));
	return rc;
}

static enum status cycle_status(struct cli *c, struct store *s, const char *period, int is_json)
{
	struct sup_cycle *cy;
	struct sup_owed *owed;
	struct sup_error err = {0};
	size_t n;
	time_t now = clock_now();
	enum status rc = sup_cycle_find(s, c->arena, period, &cy, &err);
	if (rc == ST_OK)
		rc = sup_cycle_owed(s, c->arena, cy, now, &owed, &n);
	if (rc != ST_OK)
		return failed(rc, &err, s);
	int count[4] = {0};
	for (size_t i = 0; i < n; i++)
		count[owed[i].timeliness]++;
	if (is_json) {
		json_t *j = sup_cycle_json(cy);
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, sup_owed_json(&owed[i]));
		json_object_set_new(j, "owed", arr);
		json_object_set_new(j, "summary", json_pack("{s:I, s:i, s:i, s:i, s:i}", "owed", (json_int_t)n, "on_time",
							   count[SUP_ON_TIME], "late", count[SUP_LATE], "missing",
							   count[SUP_MISSING], "pending", count[SUP_PENDING]));
		print_json(j);
		return ST_OK;
	}
	time_t dl;
	char local[32] = "";
	if (clock_parse_utc(cy->deadline, &dl))
		clock_format_shanghai(dl, local);
	printf("cycle %s (%s), deadline %s Beijing time (%s)\n", cy->period, cy->is_open ? "open" : "closed", local,
	       cy->deadline);
	printf("%-8s %-10s %-5s %-10s %-8s %s\n", "measure", "unit", "role", "state", "revision", "timeliness");
	for (size_t i = 0; i < n; i++)
		printf("%-8d %-10s %-5s %-10s %-8d %s\n", owed[i].duty.measure, owed[i].duty.unit,
		       owed[i].duty.role == ROLE_LEAD ? "lead" : "co",
		       owed[i].report ? report_state_name(owed[i].report->state) : "none",
		       owed[i].report ? owed[i].report->revision : 0, sup_timeliness_name(owed[i].timeliness));
	printf("%zu reports owed: %d on time, %d late, %d missing, %d pending\n", n, count[SUP_ON_TIME], count[SUP_LATE],
	       count[SUP_MISSING], count[SUP_PENDING]);
	return ST_OK;
}

static enum status cycle_list(struct cli *c, struct store *s, int is_json)
{
	struct sup_cycle *rows;
	size_t n;
	enum status rc = store_sup_cycles(s, c->arena, &rows, &n);
	if (rc != ST_OK)
		return rc;
	if (is_json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, sup_cycle_json(&rows[i]));
		print_json(arr);
		return ST_OK;
	}
	for (size_t i = 0; i < n; i++)
		printf("%-8s %-6s deadline %s\n", rows[i].period, rows[i].is_open ? "open" : "closed", rows[i].deadline);
	if (!n)
		printf("no reporting cycle yet (innomon cycle open PERIOD --deadline DATE)\n");
	return ST_OK;
}

enum status cmd_cycle(struct cli *c, int argc, char **argv)
{
	const char *deadline = NULL;
	int is_json = 0;
	const struct opt opts[] = {{"deadline", &deadline, NULL}, {"json", NULL, &is_json}};
	const char *pos[2];
	size_t n_pos;
	enum status rc = opts_parse("cycle", argc, argv, opts, 2, pos, 2, &n_pos);
	if (rc != ST_OK)
		return rc;
	const char *verb = n_pos ? pos[0] : "";
	int is_list = strcmp(verb, "list") == 0;
	if ((!is_list && n_pos != 2) || (is_list && n_pos != 1) ||
	    (strcmp(verb, "open") != 0 && strcmp(verb, "close") != 0 && strcmp(verb, "status") != 0 && !is_list))
		return cli_usage("cycle", "expected: cycle open PERIOD --deadline DATE | close PERIOD | status PERIOD | list");
	if (strcmp(verb, "open") == 0 && !deadline)
		return cli_usage("cycle", "cycle open needs --deadline DATE (the end of that day, Beijing time)");
	if (deadline && strcmp(verb, "open") != 0)
		return cli_usage("cycle", "--deadline goes with cycle open only");
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	struct sup_error err = {0};
	if (strcmp(verb, "open") == 0) {
		struct plan *p;
		struct sup_cycle *cy;
		rc = cli_plan(c, s, NULL, &p);
		if (rc == ST_OK)
			rc = sup_cycle_open(s, c->arena, p, pos[1], deadline, &cy, &err);
		if (rc == ST_OK) {
			struct sup_duty *duties;
			size_t n;
			rc = store_sup_duties(s, c->arena, cy->id, &duties, &n);
			if (rc == ST_OK)
				printf("cycle %s opened: %zu reports owed by %s\n", cy->period, n, cy->deadline);
		}
	} else if (strcmp(verb, "close") == 0) {
		struct sup_cycle *cy;
		rc = sup_cycle_find(s, c->arena, pos[1], &cy, &err);
		if (rc == ST_OK) {
			rc = store_sup_cycle_close(s, cy->period);
			if (rc == ST_CONFLICT)
				err.msg = "the cycle is closed already";
		}
		if (rc == ST_OK)
			printf("cycle %s closed\n", cy->period);
	} else if (strcmp(verb, "status") == 0) {
		rc = cycle_status(c, s, pos[1], is_json);
	} else {
		rc = cycle_list(c, s, is_json);
	}
	if (rc != ST_OK)
		failed(rc, &err, s);
	store_close(s);
	return rc;
}
