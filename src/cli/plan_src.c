/* plan_src.c - where a plan folder's files come from: a folder on disk (innomon init --plan DIR)
 * or one of the plan folders compiled into the binary from data/plans/ (tools/embed.py names
 * each file "<folder>/<file>.csv"). innomon init stores every compiled-in plan, the one issued
 * last stored last so it becomes the store's default. Nothing here knows any plan: the folders
 * are whatever data/plans/ held at build time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embed.h"
#include "cli/cli.h"
#include "ingest/plan_load.h"
#include "base/banned.h"

extern const struct embedded_file shipped_plan_files[];

#define SHIPPED_DIR "data/plans"

/* The compiled-in file "<folder>/<file>", or NULL. */
static const struct embedded_file *shipped_file(const char *folder, const char *file)
{
	size_t n = strlen(folder);
	for (const struct embedded_file *e = shipped_plan_files; e->name; e++)
		if (strncmp(e->name, folder, n) == 0 && e->name[n] == '/' && strcmp(e->name + n + 1, file) == 0)
			return e;
	return NULL;
}

enum status cli_src_read(struct cli *c, const struct plan_src *src, const char *file, size_t max_bytes, const char **data,
			 size_t *len, const char **name)
{
	*name = arena_printf(c->arena, "%s/%s", src->label, file);
	if (!src->dir) {
		const struct embedded_file *e = shipped_file(src->folder, file);
		if (!e)
			return ST_NOT_FOUND;
		*data = e->data;
		*len = e->len;
		return ST_OK;
	}
	FILE *f = fopen(*name, "rb");
	if (!f)
		return ST_NOT_FOUND; /* a plan folder need not ship every optional file */
	fclose(f);
	char *d;
	enum status rc = file_read_all(c->arena, *name, max_bytes, &d, len);
	if (rc != ST_OK) {
		fprintf(stderr, "innomon: cannot read '%s'%s\n", *name, rc == ST_TOO_LARGE ? ": too large" : "");
		return rc == ST_TOO_LARGE ? rc : ST_IO;
	}
	*data = d;
	return ST_OK;
}

enum status cli_src_plan(struct cli *c, const struct plan_src *src, struct plan **out, struct diag_list *diags)
{
	if (src->dir)
		return plan_load_dir(c->arena, src->dir, out, diags);
	struct plan_files f;
	memset(&f, 0, sizeof(f));
	static const char *const names[] = {"plan.csv", "goals.csv", "regions.csv", "units.csv", "actions.csv",
					    "measures.csv", "responsibilities.csv", "indicators.csv", "targets.csv", "rules.csv"};
	const char **texts[] = {&f.plan, &f.goals, &f.regions, &f.units, &f.actions, &f.measures, &f.resps, &f.indicators, &f.targets, &f.rules};
	size_t *lens[] = {&f.plan_len, &f.goals_len, &f.regions_len, &f.units_len, &f.actions_len, &f.measures_len, &f.resps_len, &f.indicators_len, &f.targets_len, &f.rules_len};
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		const struct embedded_file *e = shipped_file(src->folder, names[k]);
		if (e) {
			*texts[k] = e->data;
			*lens[k] = e->len;
		}
	}
	return plan_parse(c->arena, src->label, &f, out, diags);
}

size_t cli_shipped_sources(struct arena *a, struct plan_src **out)
{
	size_t n = 0;
	for (const struct embedded_file *e = shipped_plan_files; e->name; e++)
		n += strchr(e->name, '/') && strcmp(strchr(e->name, '/') + 1, "plan.csv") == 0;
	struct plan_src *s = arena_calloc(a, n + 1, sizeof(*s));
	size_t k = 0;
	for (const struct embedded_file *e = shipped_plan_files; e->name && k < n; e++) {
		const char *slash = strchr(e->name, '/');
		if (!slash || strcmp(slash + 1, "plan.csv") != 0)
			continue;
		s[k].folder = arena_strndup(a, e->name, (size_t)(slash - e->name));
		s[k].label = arena_printf(a, "%s/%s", SHIPPED_DIR, s[k].folder);
		s[k].dir = NULL;
		k++;
	}
	*out = s;
	return k;
}
