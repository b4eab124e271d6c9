/* cmd_registry.c - the registries on the command line: innomon import registry KIND FILE (called
 * from cmd_import.c), innomon registry list KIND [--region R], innomon registry recompute. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/registries.h"
#include "app/view_registries.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "core/derive.h"
#include "ingest/import.h"
#include "ingest/plan_load.h"
#include "ingest/registries.h"
#include "ingest/source.h"
#include "report/fmt.h"
#include "report/registry_json.h"
#include "store/store.h"
#include "base/banned.h"

static enum status parse_kind(const char *cmd, const char *text, enum reg_kind *out)
{
	if (!reg_kind_parse(text, strlen(text), out))
		return cli_usage(cmd, "unknown registry '%s': enterprises, contracts, patents, platforms, talents or firms", text);
	return ST_OK;
}

/* Print what a recompute (rc, res) changed: each cell unless is_quiet, then the counts. */
static enum status print_recompute(struct store *s, const struct plan *p, enum status rc,
				   const struct registry_recompute_result *res, int is_dry_run, int is_quiet)
{
	if (rc != ST_OK) {
		fprintf(stderr, "innomon: %s; no derived value was written\n",
			rc == ST_TOO_LARGE || rc == ST_INVALID ? "the definitions above cannot be computed" : store_errmsg(s));
		return rc;
	}
	for (size_t i = 0; !is_quiet && i < res->n_cells; i++) {
		const struct registry_cell *cell = &res->cells[i];
		if (cell->is_unchanged)
			continue;
		int ind = plan_find_indicator(p, cell->after.indicator);
		int dec = ind >= 0 ? p->indicators[ind].decimals : 2;
		struct buf b;
		buf_init(&b, 256);
		if (cell->before) {
			fmt_value(&b, cell->before->value, dec > 4 ? dec : 4);
			bw(&b, " -> ");
		}
		fmt_value(&b, cell->after.value, dec > 4 ? dec : 4);
		printf("  %-8s %s / %s / %s: %s\n", cell->before ? "revised" : "new", cell->after.indicator, cell->after.region,
		       cell->after.period, buf_str(&b));
		buf_release(&b);
	}
	printf("%s%zu derived indicator%s: %zu values, %zu new, %zu revised, %zu unchanged\n",
	       is_dry_run ? "dry run, nothing written: " : "", res->n_indicators, res->n_indicators == 1 ? "" : "s", res->n_cells,
	       res->n_new, res->n_revised, res->n_unchanged);
	return ST_OK;
}

enum status cli_import_registry(struct cli *c, const char *kind_text, const char *path, const char *encoding, const char *sheet,
				int is_dry_run)
{
	enum reg_kind kind;
	enum status rc = parse_kind("import", kind_text, &kind);
	if (rc != ST_OK)
		return rc;
	/* streamed: memory stays flat whatever the file's size */
	struct byte_source src;
	if (source_open_file(&src, path, path) != ST_OK) {
		fprintf(stderr, "innomon: cannot read '%s'\n", path);
		return ST_IO;
	}
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK) {
		source_close(&src);
		return rc;
	}
	struct plan *p;
	rc = cli_plan(c, s, NULL, &p);
	if (rc != ST_OK) {
		source_close(&src);
		store_close(s);
		return rc;
	}
	struct app_ctx x;
	struct diag_list d;
	cli_app(c, s, &x, &d);
	x.plan = p;
	struct app_file f = {path, NULL, 0, &src};
	struct app_read_opts ro = {encoding, sheet};
	struct app_registry_result ar;
	rc = app_registry_import(&x, kind, &f, &ro, is_dry_run, &ar, &d);
	source_close(&src);
	diag_print(&d, stderr);
	const struct registry_import_result res = ar.import;
	if (rc == ST_INVALID || rc == ST_TOO_LARGE) {
		fprintf(stderr, "innomon: %zu error%s in '%s'; nothing was imported\n", diag_errors(&d), diag_errors(&d) == 1 ? "" : "s",
			path);
	} else if (rc != ST_OK) {
		fprintf(stderr, "innomon: %s; nothing was imported\n", store_errmsg(s));
	} else {
		printf("%s%s: %zu %s records, %zu new, %zu revised, %zu unchanged (%s%s%s)\n",
		       is_dry_run ? "dry run, nothing written: " : "", path, res.n_rows, reg_kind_info(kind)->name, res.n_new,
		       res.n_revised, res.n_unchanged, res.format, res.encoding ? ", " : res.sheet ? ", sheet " : "",
		       res.encoding ? res.encoding : res.sheet ? res.sheet : "");
		/* the derived indicators followed the records, in the import's transaction */
		if (ar.is_recomputed && ar.derived.n_indicators)
			rc = print_recompute(s, p, ar.derived_status, &ar.derived, 0, 1);
	}
	store_close(s);
	return rc;
}

#define LIST_CHUNK 10000u /* records read at once: memory stays flat in the registry's size */

/* Records as JSON objects, each line indented as inside the array registry list --json prints. */
static void print_json_records(json_t *arr, size_t *n_printed)
{
	for (size_t i = 0; i < json_array_size(arr); i++) {
		char *text = json_dumps(json_array_get(arr, i), JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (!text)
			continue;
		fputs((*n_printed)++ ? ",\n  " : "\n  ", stdout);
		for (const char *t = text; *t; t++) {
			fputc(*t, stdout);
			if (*t == '\n')
				fputs("  ", stdout);
		}
		free(text);
	}
}

/* registry list: the current records (of region's scope), read LIST_CHUNK at a time through the
 * same query as the page and the API (app_registry_page), printed as they come. */
static enum status registry_list(struct cli *c, const char *kind_text, const char *region, int is_json)
{
	enum reg_kind kind;
	enum status rc = parse_kind("registry", kind_text, &kind);
	if (rc != ST_OK)
		return rc;
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	struct plan *p;
	rc = cli_plan(c, s, NULL, &p);
	int reg = -1;
	if (rc == ST_OK && region && (reg = plan_find_region_any(p, region)) < 0) {
		fprintf(stderr, "innomon: unknown region '%s'\n", region);
		rc = ST_NOT_FOUND;
	}
	if (rc != ST_OK) {
		store_close(s);
		return rc;
	}
	const struct reg_kind_info *k = reg_kind_info(kind);
	struct app_ctx x;
	struct diag_list errs;
	cli_app(c, s, &x, &errs);
	x.plan = p;
	struct arena *chunk = arena_new();
	x.arena = chunk;
	size_t shown = 0, n;
	if (is_json)
		fputc('[', stdout);
	do {
		struct reg_record *recs;
		arena_reset(chunk);
		rc = app_registry_page(&x, kind, reg, shown, LIST_CHUNK, &recs, &n, NULL);
		if (rc != ST_OK)
			break;
		if (is_json) {
			json_t *arr = registry_records_json(p, kind, recs, n, -1, NULL);
			print_json_records(arr, &shown);
			json_decref(arr);
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			for (size_t f = 0; f < k->n_fields; f++)
				printf("%s%s", f ? "\t" : "  ", recs[i].vals[f] ? recs[i].vals[f] : "-");
			printf("\trev %d\n", recs[i].revision);
		}
		shown += n;
	} while (n == LIST_CHUNK);
	arena_free(chunk);
	if (rc != ST_OK) {
		if (is_json)
			fputc('\n', stdout);
		fprintf(stderr, "innomon: %s\n", store_errmsg(s));
	} else if (is_json) {
		fputs(shown ? "\n]\n" : "]\n", stdout);
	} else {
		printf("%zu %s record%s%s%s\n", shown, k->name, shown == 1 ? "" : "s", reg >= 0 ? " in " : "",
		       reg >= 0 ? p->regions[reg].name_zh : "");
	}
	store_close(s);
	return rc;
}

static enum status registry_recompute_cmd(struct cli *c, int is_dry_run, int is_quiet)
{
	struct store *s;
	enum status rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	struct plan *p;
	rc = cli_plan(c, s, NULL, &p);
	if (rc == ST_OK) {
		struct app_ctx x;
		struct diag_list d;
		struct registry_recompute_result res;
		cli_app(c, s, &x, &d);
		x.plan = p;
		rc = app_registry_recompute(&x, is_dry_run, &res, &d);
		diag_print(&d, stderr);
		rc = print_recompute(s, p, rc, &res, is_dry_run, is_quiet);
	}
	store_close(s);
	return rc;
}

enum status cmd_registry(struct cli *c, int argc, char **argv)
{
	int is_dry_run = 0, is_json = 0, is_quiet = 0;
	const char *region = NULL;
	const struct opt opts[] = {{"dry-run", NULL, &is_dry_run}, {"json", NULL, &is_json}, {"region", &region, NULL},
				   {"quiet", NULL, &is_quiet}};
	const char *pos[2];
	size_t n_pos;
	enum status rc = opts_parse("registry", argc, argv, opts, sizeof(opts) / sizeof(opts[0]), pos, 2, &n_pos);
	if (rc != ST_OK)
		return rc;
	if (n_pos == 2 && strcmp(pos[0], "list") == 0) {
		if (is_dry_run || is_quiet)
			return cli_usage("registry", "registry list takes --region and --json only");
		return registry_list(c, pos[1], region, is_json);
	}
	if (n_pos == 1 && strcmp(pos[0], "recompute") == 0) {
		if (region || is_json)
			return cli_usage("registry", "registry recompute takes --dry-run and --quiet only");
		return registry_recompute_cmd(c, is_dry_run, is_quiet);
	}
	return cli_usage("registry", "expected: registry list KIND, or registry recompute");
}
