/* cmd_init.c - innomon init: create the store and load the shipped plan (or --plan DIR) with
 * its observations (the real published figures), unless --plan-only. */
#include <stdio.h>
#include <string.h>

#include "base/embed.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "ingest/import.h"
#include "ingest/plan_load.h"
#include "store/store.h"
#include "base/banned.h"

extern const struct embedded_file shipped_plan_files[];

static enum status load_observations(struct cli *c, struct store *s, const char *dir)
{
	struct plan *p;
	enum status rc = store_plan_get(s, c->arena, NULL, 0, &p);
	if (rc != ST_OK)
		return rc;
	/* the plan's figures are published facts, each with its source */
	struct import_opts io = {NULL, NULL, OBS_PUBLISHED, "init", 0, NULL};
	if (dir) {
		char *path = arena_printf(c->arena, "%s/observations.csv", dir);
		FILE *f = fopen(path, "rb");
		if (!f)
			return ST_OK; /* a plan folder need not ship figures */
		fclose(f);
		return cli_import_file(c, s, p, path, &io, 1);
	}
	for (const struct embedded_file *e = shipped_plan_files; e->name; e++)
		if (strcmp(e->name, "observations.csv") == 0)
			return cli_import_buffer(c, s, p, "data/plans/czt-2024/observations.csv", e->data, e->len, &io, 1);
	return ST_OK;
}

enum status cmd_init(struct cli *c, int argc, char **argv)
{
	const char *dir = NULL;
	int is_plan_only = 0;
	const struct opt opts[] = {{"plan", &dir, NULL}, {"plan-only", NULL, &is_plan_only}};
	const char *pos[1];
	size_t n_pos;
	enum status rc = opts_parse("init", argc, argv, opts, 2, pos, 0, &n_pos);
	if (rc != ST_OK)
		return rc;
	struct diag_list d;
	diag_init(&d, c->arena);
	struct plan *p;
	rc = dir ? plan_load_dir(c->arena, dir, &p, &d) : cli_shipped_plan(c->arena, &p, &d);
	if (rc != ST_OK) {
		diag_print(&d, stderr);
		fprintf(stderr, "innomon: the plan has errors; no store was created\n");
		return rc == ST_IO ? ST_IO : ST_INVALID;
	}
	struct store *s;
	rc = cli_open_store(c, 1, &s);
	if (rc != ST_OK)
		return rc;
	printf("store %s is ready\n", c->db_path);
	rc = plan_store_and_report(c, s, p);
	if (rc == ST_OK && !is_plan_only)
		rc = load_observations(c, s, dir);
	if (rc == ST_OK)
		rc = cli_load_milestones(c, s, dir);
	if (rc == ST_OK)
		rc = cli_load_projections(c, s, dir);
	if (rc == ST_OK)
		rc = cli_create_first_admin(c, s);
	store_close(s);
	return rc;
}
