/* cmd_plan.c - innomon plan check|load|show|status|versions; checking and storing are app/plan.h's
 * operations. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/plan.h"
#include "app/plan_author.h"
#include "base/clock.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "ingest/plan_load.h"
#include "report/fmt.h"
#include "report/plan_json.h"
#include "store/store.h"
#include "base/banned.h"

static enum status load_checked(struct cli *c, const char *dir, struct plan **p)
{
	struct app_ctx x;
	struct diag_list d;
	cli_app(c, NULL, &x, &d);
	enum status rc = app_plan_check(&x, dir, p, &d);
	if (rc != ST_OK) {
		diag_print(&d, stderr);
		fprintf(stderr, "innomon: plan in '%s' has %zu error%s; nothing was stored\n", dir, diag_errors(&d),
			diag_errors(&d) == 1 ? "" : "s");
		return rc;
	}
	return ST_OK;
}

static void print_counts(const struct plan *p)
{
	size_t n_head = 0, n_measure_ind = 0;
	for (size_t i = 0; i < p->n_indicators; i++) {
		n_head += p->indicators[i].is_headline;
		n_measure_ind += p->indicators[i].measure_number != 0;
	}
	printf("plan %s: %zu goal groups, %zu indicators (%zu headline, %zu measure-level), %zu targets, "
	       "%zu actions, %zu measures, %zu units, %zu regions\n",
	       p->info.code, p->n_goals, p->n_indicators, n_head, n_measure_ind, p->n_targets, p->n_actions,
	       p->n_measures, p->n_units, p->n_regions);
}

enum status plan_store_and_report(struct cli *c, struct store *s, struct plan *p)
{
	struct app_ctx x;
	struct diag_list d;
	struct plan_save_result res;
	cli_app(c, s, &x, &d);
	enum status rc = app_plan_save(&x, p, &res, &d);
	if (rc != ST_OK) {
		diag_print(&d, stderr);
		if (rc == ST_STORE)
			fprintf(stderr, "innomon: cannot store plan '%s': %s\n", p->info.code, store_errmsg(s));
		return rc;
	}
	diag_print(&d, stderr); /* warnings of a stored plan (a series whose predecessor is not loaded yet) */
	if (res.is_unchanged)
		printf("plan %s is unchanged (version %d); nothing was written\n", p->info.code, res.version);
	else if (res.is_new_plan)
		printf("plan %s stored as version %d\n", p->info.code, res.version);
	else
		printf("plan %s changed: stored as version %d (earlier versions remain readable)\n", p->info.code, res.version);
	return ST_OK;
}

static void show_text(const struct plan *p)
{
	printf("%s (%s)\n%s, %s, valid until %s, version %d\n\n", p->info.title_zh, p->info.code,
	       p->info.doc_no ? p->info.doc_no : "no document number",
	       p->info.issued, p->info.valid_until, p->info.version);
	printf("行动目标 goals\n");
	for (size_t g = 0; g < p->n_goals; g++) {
		printf("  %d. %s\n", p->goals[g].number, p->goals[g].name_zh);
		for (size_t i = 0; i < p->n_indicators; i++) {
			if (p->indicators[i].goal != (int)g)
				continue;
			printf("     - %s [%s]", p->indicators[i].name_zh, p->indicators[i].code);
			for (size_t t = 0; t < p->n_targets; t++) {
				const struct target *tg = &p->targets[t];
				if (tg->indicator != (int)i)
					continue;
				struct buf b;
				buf_init(&b, 4096);
				fmt_target(&b, LANG_ZH, tg, &p->indicators[i]);
				printf("; %s %s (%d)", p->regions[tg->region].name_zh, buf_str(&b), tg->year);
				buf_release(&b);
			}
			printf("\n");
		}
	}
	printf("\n行动举措 actions and measures\n");
	for (size_t a = 0; a < p->n_actions; a++) {
		printf("  %d. %s\n", p->actions[a].number, p->actions[a].title_zh);
		for (size_t m = 0; m < p->n_measures; m++) {
			const struct measure *ms = &p->measures[m];
			if (ms->action != (int)a)
				continue;
			printf("     %2d. %s\n         lead:", ms->number, ms->title_zh);
			for (size_t r = 0; r < p->n_resps; r++)
				if (p->resps[r].measure_number == ms->number && p->resps[r].role == ROLE_LEAD)
					printf(" %s", p->units[p->resps[r].unit].name_zh);
			printf("\n         co:  ");
			for (size_t r = 0; r < p->n_resps; r++)
				if (p->resps[r].measure_number == ms->number && p->resps[r].role == ROLE_CO)
					printf(" %s", p->units[p->resps[r].unit].name_zh);
			printf("\n");
		}
	}
}

static enum status plan_show(struct cli *c, int argc, char **argv)
{
	int is_json = 0;
	const char *code = NULL, *version_s = NULL;
	const struct opt opts[] = {{"json", NULL, &is_json}, {"plan", &code, NULL}, {"version", &version_s, NULL}};
	const char *pos[1];
	size_t n_pos;
	long version = 0;
	enum status rc = opts_parse("plan show", argc, argv, opts, 3, pos, 0, &n_pos);
	if (rc == ST_OK && version_s)
		rc = opts_int("plan show", "version", version_s, 1, 1000000, &version);
	if (rc != ST_OK)
		return rc;
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	struct plan *p;
	rc = store_plan_get(s, c->arena, code, (int)version, &p);
	if (rc == ST_NOT_FOUND)
		fprintf(stderr, "innomon: no such plan%s%s%s in '%s'\n", code ? " '" : "", code ? code : "", code ? "'" : "", c->db_shown);
	else if (rc != ST_OK)
		fprintf(stderr, "innomon: %s\n", store_errmsg(s));
	if (rc == ST_OK) {
		if (is_json) {
			json_t *j = plan_to_json(p);
			if (json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)) != 0)
				rc = ST_IO;
			json_decref(j);
			fputc('\n', stdout);
		} else {
			show_text(p);
		}
	}
	store_close(s);
	return rc;
}

static enum status plan_versions(struct cli *c, int argc, char **argv)
{
	const char *pos[1];
	size_t n_pos;
	enum status rc = opts_parse("plan versions", argc, argv, NULL, 0, pos, 0, &n_pos);
	if (rc != ST_OK)
		return rc;
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	struct plan_version_row *rows;
	size_t n;
	rc = store_plan_versions(s, c->arena, &rows, &n);
	if (rc == ST_OK) {
		printf("%-12s %7s  %-20s  %-8s  %s\n", "plan", "version", "loaded_at", "by", "digest");
		for (size_t i = 0; i < n; i++)
			printf("%-12s %7d  %-20s  %-8s  %.16s\n", rows[i].code, rows[i].version, rows[i].loaded_at,
			       rows[i].loaded_by, rows[i].digest);
	} else {
		fprintf(stderr, "innomon: %s\n", store_errmsg(s));
	}
	store_close(s);
	return rc;
}

/* innomon plan status: every plan with its phase today; plan status CODE STATUS [--by CODE]
 * changes one (app_plan_set_status). */
static enum status plan_status(struct cli *c, int argc, char **argv)
{
	const char *by = NULL;
	const struct opt opts[] = {{"by", &by, NULL}};
	const char *pos[2];
	size_t n_pos;
	enum status rc = opts_parse("plan status", argc, argv, opts, 1, pos, 2, &n_pos);
	if (rc != ST_OK)
		return rc;
	if (n_pos == 1)
		return cli_usage("plan status", "missing the status: draft, in_force or superseded --by CODE");
	int status = n_pos == 2 ? plan_status_parse(pos[1]) : 0;
	if (status < 0)
		return cli_usage("plan status", "unknown status '%s': use draft, in_force or superseded --by CODE", pos[1]);
	if (n_pos == 0 && by)
		return cli_usage("plan status", "--by goes with a plan's code and the status superseded");
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	if (n_pos == 2) {
		struct app_ctx x;
		struct diag_list d;
		struct plan_status_result res;
		cli_app(c, s, &x, &d);
		rc = app_plan_set_status(&x, pos[0], (enum plan_status)status, by, &res, &d);
		if (rc == ST_OK)
			printf(res.is_unchanged ? "plan %s is %s already; nothing was written\n" : "plan %s is now %s\n", pos[0],
			       plan_status_name((enum plan_status)status));
		else
			rc = cli_refused("plan status", rc, &d, s);
		store_close(s);
		return rc;
	}
	struct plan_version_row *rows;
	size_t n;
	rc = store_plan_versions(s, c->arena, &rows, &n);
	char today[32];
	clock_today_shanghai(today);
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		int seen = 0;
		for (size_t k = 0; k < i && !seen; k++)
			seen = strcmp(rows[k].code, rows[i].code) == 0;
		if (seen)
			continue; /* one line a plan, in the order they were created */
		struct plan *p;
		rc = store_plan_get(s, c->arena, rows[i].code, 0, &p);
		if (rc != ST_OK)
			break;
		printf("%-16s %-10s %-10s %s%s%s\n", p->info.code, plan_phase_name(plan_phase_on(&p->info, today)),
		       plan_status_name(p->info.status), p->info.title_zh, p->info.superseded_by ? " -> " : "",
		       p->info.superseded_by ? p->info.superseded_by : "");
	}
	if (rc != ST_OK)
		fprintf(stderr, "innomon: %s\n", store_errmsg(s));
	store_close(s);
	return rc;
}

/* innomon plan template FILE.xlsx: the plan workbook's template (app_plan_template). */
static enum status plan_template(struct cli *c, int argc, char **argv)
{
	const char *pos[1];
	size_t n_pos;
	enum status rc = opts_parse("plan template", argc, argv, NULL, 0, pos, 1, &n_pos);
	if (rc != ST_OK)
		return rc;
	if (n_pos != 1)
		return cli_usage("plan template", "missing the workbook FILE.xlsx to write");
	struct app_ctx x;
	struct diag_list d;
	struct buf out;
	cli_app(c, NULL, &x, &d);
	buf_init(&out, (size_t)64 << 20);
	rc = app_plan_template(&x, &out);
	FILE *f = rc == ST_OK ? fopen(pos[0], "wb") : NULL;
	if (rc == ST_OK && (!f || fwrite(out.p, 1, out.len, f) != out.len))
		rc = ST_IO;
	if (f && fclose(f) != 0)
		rc = ST_IO;
	buf_release(&out);
	if (rc != ST_OK)
		fprintf(stderr, "innomon plan template: cannot write '%s'\n", pos[0]);
	else
		printf("wrote the plan workbook template to %s\n", pos[0]);
	return rc;
}

enum status cmd_plan(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("plan", "missing subcommand: check, load, show, status, template or versions");
	const char *sub = argv[1];
	if (strcmp(sub, "show") == 0)
		return plan_show(c, argc - 1, argv + 1);
	if (strcmp(sub, "versions") == 0)
		return plan_versions(c, argc - 1, argv + 1);
	if (strcmp(sub, "status") == 0)
		return plan_status(c, argc - 1, argv + 1);
	if (strcmp(sub, "template") == 0)
		return plan_template(c, argc - 1, argv + 1);
	if (strcmp(sub, "check") != 0 && strcmp(sub, "load") != 0)
		return cli_usage("plan", "unknown subcommand '%s': use check, load, show, status, template or versions", sub);
	const char *pos[1];
	size_t n_pos;
	char cmdname[32];
	int is_draft = 0;
	const struct opt opts[] = {{"draft", NULL, &is_draft}};
	snprintf(cmdname, sizeof(cmdname), "plan %s", sub);
	enum status rc = opts_parse(cmdname, argc - 1, argv + 1, opts, strcmp(sub, "load") == 0, pos, 1, &n_pos);
	if (rc != ST_OK)
		return rc;
	if (n_pos != 1)
		return cli_usage(cmdname, "missing the plan folder DIR (or workbook FILE.xlsx)");
	struct plan *p;
	rc = load_checked(c, pos[0], &p);
	if (rc != ST_OK)
		return rc;
	if (strcmp(sub, "check") == 0) {
		print_counts(p);
		printf("plan in '%s' is valid\n", pos[0]);
		return ST_OK;
	}
	if (is_draft)
		p->info.status = PLAN_STATUS_DRAFT; /* a new plan only: an existing one keeps its status */
	struct store *s;
	rc = cli_open_store(c, 1, &s);
	if (rc != ST_OK)
		return rc;
	rc = plan_store_and_report(c, s, p);
	store_close(s);
	return rc;
}
