/* cmd_gen.c - innomon gen --scale N --seed S [--plan DIR] DIR: write DEMO registries made up
 * by core/gen (one CSV file per kind, demo_<kind>.csv, Chinese headers, ready for `innomon
 * import registry`) and a README.md that says they are DEMO data, into DIR. The rows are
 * core/gen's; this file only writes them. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "core/gen.h"
#include "ingest/plan_load.h"
#include "base/banned.h"

#define SCALE_MAX 1000.0

struct csv_out {
	FILE *f;
	unsigned long long n_rows;
};

/* One row as RFC 4180 CSV: a cell with a comma, quote or line break is quoted. */
static int write_row(void *ctx, const char *const *cells, size_t n)
{
	struct csv_out *o = ctx;
	for (size_t i = 0; i < n; i++) {
		const char *c = cells[i] ? cells[i] : "";
		if (i)
			putc(',', o->f);
		if (strpbrk(c, ",\"\r\n")) {
			putc('"', o->f);
			for (; *c; c++) {
				if (*c == '"')
					putc('"', o->f);
				putc(*c, o->f);
			}
			putc('"', o->f);
		} else {
			fputs(c, o->f);
		}
	}
	putc('\n', o->f);
	o->n_rows++;
	return ferror(o->f) ? 1 : 0;
}

static enum status write_readme(const char *dir, double scale, unsigned long long seed, const char *only,
				const char *plan_title, const unsigned long long *counts)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/README.md", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return ST_IO;
	fprintf(f, "# DEMO data — 演示数据（非真实）\n\n"
		   "Everything in this folder was **made up** by `innomon gen --scale %g --seed %llu%s%s`.\n"
		   "None of it is a real enterprise, contract, patent, platform or person: every name says\n"
		   "【演示】 and every code says DEMO. Never mix it with real figures.\n"
		   "本目录全部为 `innomon gen` 按随机种子生成的虚构演示数据，名称含【演示】、编码含 DEMO，不得与真实数据混用。\n\n"
		   "Regions are those of the plan's region tree (%s); scale 1 is about one real zone's\n"
		   "registries from 2015 to 2025, scale 100 a national registry's size. The same scale and\n"
		   "seed give the same files, byte for byte.\n\n",
		scale, seed, only ? " --only " : "", only ? only : "", plan_title);
	fprintf(f, "| file | rows | what |\n|---|---|---|\n");
	const struct gen_kind *const *kinds = gen_kinds();
	for (size_t k = 0; kinds[k]; k++)
		if (!only || strcmp(only, kinds[k]->name) == 0)
			fprintf(f, "| `demo_%s.csv` | %llu | %s |\n", kinds[k]->name, counts[k], kinds[k]->about);
	fprintf(f, "\n```sh\n"
		   "innomon --db demo.db init --plan data/demo/plan     # the demo plan, with derived indicators\n");
	for (size_t k = 0; kinds[k]; k++)
		if (!only || strcmp(only, kinds[k]->name) == 0)
			fprintf(f, "innomon --db demo.db import registry %s demo_%s.csv\n", kinds[k]->name, kinds[k]->name);
	fprintf(f, "```\n");
	int bad = ferror(f);
	return fclose(f) != 0 || bad ? ST_IO : ST_OK;
}

enum status cmd_gen(struct cli *c, int argc, char **argv)
{
	const char *scale_text = NULL, *seed_text = NULL, *plan_dir = NULL, *only = NULL;
	const struct opt opts[] = {{"scale", &scale_text, NULL}, {"seed", &seed_text, NULL}, {"plan", &plan_dir, NULL},
				   {"only", &only, NULL}};
	const char *pos[1];
	size_t n_pos;
	enum status rc = opts_parse("gen", argc, argv, opts, sizeof(opts) / sizeof(opts[0]), pos, 1, &n_pos);
	if (rc != ST_OK)
		return rc;
	if (n_pos != 1)
		return cli_usage("gen", "expected: gen --scale N --seed S DIR");
	double scale = 1;
	if (scale_text) {
		char *end;
		errno = 0;
		scale = strtod(scale_text, &end);
		if (errno || end == scale_text || *end || !(scale > 0) || scale > SCALE_MAX)
			return cli_usage("gen", "--scale must be a number above 0 and at most %g, not '%s'", SCALE_MAX, scale_text);
	}
	long seed = 1;
	if (seed_text && (rc = opts_int("gen", "seed", seed_text, 0, 2147483647L, &seed)) != ST_OK)
		return rc;
	const struct gen_kind *const *kinds = gen_kinds();
	int is_known = !only;
	for (size_t k = 0; kinds[k] && !is_known; k++)
		is_known = strcmp(kinds[k]->name, only) == 0;
	if (!is_known)
		return cli_usage("gen", "--only takes a registry the generator writes, not '%s'", only);
	struct diag_list d;
	diag_init(&d, c->arena);
	struct plan *p;
	if (plan_dir) {
		rc = plan_load_dir(c->arena, plan_dir, &p, &d);
	} else { /* the first plan compiled in, in folder order */
		struct plan_src *srcs;
		rc = cli_shipped_sources(c->arena, &srcs) ? cli_src_plan(c, &srcs[0], &p, &d) : ST_NOT_FOUND;
	}
	if (rc != ST_OK) {
		diag_print(&d, stderr);
		return rc;
	}
	const char *dir = pos[0];
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "innomon: cannot make folder '%s': %s\n", dir, strerror(errno));
		return ST_IO;
	}
	struct gen_places places;
	gen_places_init(c->arena, p, &places);
	struct gen_ctx g = {p, &places, scale, (uint64_t)seed};
	unsigned long long counts[32] = {0};
	for (size_t k = 0; kinds[k] && k < 32; k++) {
		if (only && strcmp(kinds[k]->name, only) != 0)
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/demo_%s.csv", dir, kinds[k]->name);
		struct csv_out o = {fopen(path, "w"), 0};
		if (!o.f) {
			fprintf(stderr, "innomon: cannot write '%s': %s\n", path, strerror(errno));
			return ST_IO;
		}
		static char wbuf[1 << 16];
		setvbuf(o.f, wbuf, _IOFBF, sizeof(wbuf));
		int bad = write_row(&o, kinds[k]->header, kinds[k]->n_cols) || kinds[k]->generate(&g, write_row, &o);
		bad |= fclose(o.f) != 0;
		if (bad) {
			fprintf(stderr, "innomon: cannot write '%s'\n", path);
			return ST_IO;
		}
		counts[k] = o.n_rows - 1;
		printf("%s: %llu DEMO %s records\n", path, counts[k], kinds[k]->name);
	}
	rc = write_readme(dir, scale, (unsigned long long)seed, only, p->info.title_zh ? p->info.title_zh : p->info.code, counts);
	if (rc != ST_OK)
		fprintf(stderr, "innomon: cannot write '%s/README.md'\n", dir);
	return rc;
}
