/* cmd_init.c - innomon init: create the store and load the shipped plan (or --plan DIR). */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "ingest/plan_load.h"
#include "store/store.h"
#include "base/banned.h"

enum status cmd_init(struct cli *c, int argc, char **argv)
{
	const char *dir = NULL;
	const struct opt opts[] = {{"plan", &dir, NULL}};
	const char *pos[1];
	size_t n_pos;
	enum status rc = opts_parse("init", argc, argv, opts, 1, pos, 0, &n_pos);
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
	rc = plan_store_and_report(s, p);
	store_close(s);
	return rc;
}
