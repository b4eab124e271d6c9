/* cmd_init.c - innomon init: create the store and load every plan shipped in data/plans/ (or
 * the one folder of --plan DIR), each with its observations (the real published figures, unless
 * --plan-only), milestones and projections. Every plan is read and checked before the store is
 * created: one bad plan and nothing is written. The plans are stored in the order they were
 * issued (which plan is shown by default is core/plan.h plan_default_of's rule). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "ingest/import.h"
#include "ingest/plan_load.h"
#include "store/store.h"
#include "base/banned.h"

struct loaded {
	const struct plan_src *src;
	struct plan *plan;
};

/* Issue date, then folder: the plan issued last is stored last. */
static int by_issued(const void *x, const void *y)
{
	const struct loaded *a = x, *b = y;
	int c = strcmp(a->plan->info.issued ? a->plan->info.issued : "", b->plan->info.issued ? b->plan->info.issued : "");
	return c ? c : strcmp(a->src->label, b->src->label);
}

/* The plan folder's figures (observations.csv, when it has one): published facts, each with its
 * source, imported against the plan p as stored. */
static enum status load_observations(struct cli *c, struct store *s, const struct plan *p, const struct plan_src *src)
{
	const char *data, *name;
	size_t len;
	enum status rc = cli_src_read(c, src, "observations.csv", IMPORT_FILE_MAX_BYTES, &data, &len, &name);
	if (rc == ST_NOT_FOUND)
		return ST_OK; /* a plan folder need not ship figures */
	if (rc != ST_OK)
		return rc;
	struct import_opts io = {NULL, NULL, OBS_PUBLISHED, "init", 0, NULL, NULL};
	return cli_import_buffer(c, s, p, name, data, len, &io, 1);
}

/* Store one checked plan and what its folder ships with it. */
static enum status load_one(struct cli *c, struct store *s, const struct loaded *l, int is_plan_only)
{
	enum status rc = plan_store_and_report(c, s, l->plan);
	struct plan *p = NULL;
	if (rc == ST_OK)
		rc = store_plan_get(s, c->arena, l->plan->info.code, 0, &p);
	if (rc == ST_OK && !is_plan_only)
		rc = load_observations(c, s, p, l->src);
	if (rc == ST_OK)
		rc = cli_load_milestones(c, s, p, l->src);
	if (rc == ST_OK)
		rc = cli_load_projections(c, s, p, l->src);
	return rc;
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
	struct plan_src *srcs;
	size_t n = 1;
	if (dir) {
		srcs = arena_calloc(c->arena, 1, sizeof(*srcs));
		srcs->label = srcs->dir = dir;
	} else {
		n = cli_shipped_sources(c->arena, &srcs);
	}
	struct loaded *ls = arena_calloc(c->arena, n + 1, sizeof(*ls));
	size_t n_bad = 0;
	for (size_t i = 0; i < n; i++) {
		struct diag_list d;
		diag_init(&d, c->arena);
		ls[i].src = &srcs[i];
		rc = cli_src_plan(c, &srcs[i], &ls[i].plan, &d);
		if (rc != ST_OK) {
			diag_print(&d, stderr);
			fprintf(stderr, "innomon: the plan in '%s' has errors\n", srcs[i].label);
			n_bad++;
		}
	}
	if (n_bad || n == 0) {
		fprintf(stderr, "innomon: %s; no store was created\n", n ? "a plan has errors" : "no plan to load");
		return n && rc == ST_IO ? ST_IO : ST_INVALID;
	}
	qsort(ls, n, sizeof(*ls), by_issued);
	struct store *s;
	rc = cli_open_store(c, 1, &s);
	if (rc != ST_OK)
		return rc;
	printf("store %s is ready\n", c->db_shown);
	for (size_t i = 0; i < n && rc == ST_OK; i++)
		rc = load_one(c, s, &ls[i], is_plan_only);
	if (rc == ST_OK)
		rc = cli_create_first_admin(c, s);
	store_close(s);
	return rc;
}
