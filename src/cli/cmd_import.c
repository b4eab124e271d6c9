/* cmd_import.c - innomon import values FILE: import indicator values from CSV or XLSX (import
 * milestones and import registry are handed on to their own files). */
#include <stdio.h>
#include <string.h>

#include "app/imports.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "ingest/import.h"
#include "ingest/milestones.h"
#include "ingest/plan_load.h"
#include "ingest/source.h"
#include "report/fmt.h"
#include "store/store.h"
#include "base/banned.h"

static void print_change(const struct plan *p, const struct import_change *ch)
{
	int ind = plan_find_indicator(p, ch->after.indicator);
	int dec = ind >= 0 ? p->indicators[ind].decimals : 2;
	struct buf b;
	buf_init(&b, 256);
	if (ch->before) {
		bw(&b, obs_qualifier_mark(ch->before->qualifier));
		fmt_value(&b, ch->before->value, dec > 4 ? dec : 4);
		bw(&b, " -> ");
	}
	bw(&b, obs_qualifier_mark(ch->after.qualifier));
	fmt_value(&b, ch->after.value, dec > 4 ? dec : 4);
	printf("  %-8s line %-5ld %s / %s / %s: %s%s\n", ch->before ? "revised" : "new", ch->line, ch->after.indicator,
	       ch->after.region, ch->after.period, buf_str(&b),
	       ch->before && ch->before->value == ch->after.value ? " (source or note changed)" : "");
	buf_release(&b);
}

/* Import file f and print what changed (each change unless is_quiet, then the counts) or every
 * error. */
static enum status import_and_print(struct cli *c, struct store *s, const struct plan *p, const struct app_file *f,
				    const struct import_opts *io, int is_quiet)
{
	struct app_ctx x;
	struct diag_list d;
	struct import_result res;
	struct principal who = *app_operator();
	who.name = io->who; /* "cli", or "init" for the figures a new store starts with */
	cli_app(c, s, &x, &d);
	x.who = &who;
	x.plan = p;
	struct app_read_opts ro = {io->encoding, io->sheet};
	enum status rc = app_values_import(&x, f, &ro, io->status, io->is_dry_run, &res, &d);
	if (rc != ST_CONFLICT) /* a race is told once, below */
		diag_print(&d, stderr);
	const char *name = f->name;
	if (rc == ST_INVALID || rc == ST_TOO_LARGE) {
		fprintf(stderr, "innomon: %zu error%s in '%s'; nothing was imported\n", diag_errors(&d),
			diag_errors(&d) == 1 ? "" : "s", name);
		if (d.n_dropped)
			fprintf(stderr, "innomon: the first %zu are listed above\n", d.n);
		return rc;
	}
	if (rc == ST_IO) {
		fprintf(stderr, "innomon: cannot read '%s'; nothing was imported\n", name);
		return rc;
	}
	if (rc != ST_OK) {
		fprintf(stderr, "innomon: %s; nothing was imported\n", store_errmsg(s));
		return rc;
	}
	if (!is_quiet) {
		for (size_t i = 0; i < res.n_changes; i++)
			print_change(p, &res.changes[i]);
		if (res.n_new + res.n_revised > res.n_changes)
			printf("  ... and %zu more changes\n", res.n_new + res.n_revised - res.n_changes);
	}
	printf("%s%s: %zu rows, %zu new, %zu revised, %zu unchanged (%s%s%s)\n", io->is_dry_run ? "dry run, nothing written: " : "",
	       name, res.n_rows, res.n_new, res.n_revised, res.n_unchanged, res.format,
	       res.encoding ? ", " : res.sheet ? ", sheet " : "", res.encoding ? res.encoding : res.sheet ? res.sheet : "");
	return ST_OK;
}

enum status cli_import_file(struct cli *c, struct store *s, const struct plan *p, const char *path,
			    const struct import_opts *io, int is_quiet)
{
	/* streamed: memory stays flat whatever the file's size */
	struct byte_source src;
	if (source_open_file(&src, path, path) != ST_OK) {
		fprintf(stderr, "innomon: cannot read '%s'\n", path);
		return ST_IO;
	}
	struct app_file f = {path, NULL, 0, &src};
	enum status rc = import_and_print(c, s, p, &f, io, is_quiet);
	source_close(&src);
	return rc;
}

enum status cli_import_buffer(struct cli *c, struct store *s, const struct plan *p, const char *name, const char *data,
			      size_t len, const struct import_opts *io, int is_quiet)
{
	struct app_file f = {name, data, len, NULL};
	return import_and_print(c, s, p, &f, io, is_quiet);
}

enum status cmd_import(struct cli *c, int argc, char **argv)
{
	int is_dry_run = 0, is_quiet = 0;
	const char *encoding = NULL, *sheet = NULL, *status = NULL, *plan_code = NULL;
	const struct opt opts[] = {{"dry-run", NULL, &is_dry_run}, {"encoding", &encoding, NULL}, {"sheet", &sheet, NULL},
				   {"status", &status, NULL},	   {"plan", &plan_code, NULL},	 {"quiet", NULL, &is_quiet}};
	const char *pos[3];
	size_t n_pos;
	enum status rc = opts_parse("import", argc, argv, opts, sizeof(opts) / sizeof(opts[0]), pos, 3, &n_pos);
	if (rc != ST_OK)
		return rc;
	if (n_pos >= 1 && strcmp(pos[0], "registry") == 0) {
		if (n_pos != 3)
			return cli_usage("import", "expected: import registry KIND FILE");
		if (status || plan_code || is_quiet)
			return cli_usage("import", "import registry takes --dry-run, --encoding and --sheet only");
		return cli_import_registry(c, pos[1], pos[2], encoding, sheet, is_dry_run);
	}
	if (n_pos == 2 && strcmp(pos[0], "milestones") == 0) {
		if (status || plan_code || is_quiet)
			return cli_usage("import", "import milestones takes --dry-run, --encoding and --sheet only");
		struct milestones_opts mo = {encoding, sheet, is_dry_run};
		return cli_import_milestones(c, pos[1], &mo);
	}
	if (n_pos != 2 || strcmp(pos[0], "values") != 0)
		return cli_usage("import", "expected: import values FILE, import milestones FILE or import registry KIND FILE");
	struct import_opts io = {encoding, sheet, OBS_APPROVED, "cli", is_dry_run, NULL, NULL};
	if (status && (!obs_status_parse(status, &io.status) || io.status == OBS_RETURNED))
		return cli_usage("import", "--status must be draft, submitted, approved or published, not '%s'", status);
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	struct plan *p;
	rc = cli_plan(c, s, plan_code, &p);
	if (rc == ST_OK)
		rc = cli_import_file(c, s, p, pos[1], &io, is_quiet);
	store_close(s);
	return rc;
}
