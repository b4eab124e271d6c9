/* cmd_report.c - innomon report: the evaluation report (监测评估报告) of a period as HTML, PDF,
 * XLSX or Markdown, in Chinese or English, from the approved and published values of the store.
 * Reads only: generating a report changes nothing, so the same store and INNOMON_NOW give the
 * same HTML, Markdown and XLSX bytes. */
#include <stdio.h>
#include <string.h>

#include "app/report.h"
#include "base/config.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "report/evaluation.h"
#include "report/report.h"
#include "store/store.h"
#include "base/banned.h"

#define REPORT_MAX_ARGS 32

static enum status write_file(const char *path, const struct buf *b)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "innomon report: cannot write '%s'\n", path);
		return ST_IO;
	}
	size_t n = b->len ? fwrite(b->p, 1, b->len, f) : 0;
	int bad = n != b->len || fflush(f) != 0;
	if (f != stdout)
		bad |= fclose(f) != 0;
	if (bad) {
		fprintf(stderr, "innomon report: writing '%s' failed\n", path);
		return ST_IO;
	}
	return ST_OK;
}

enum status cmd_report(struct cli *c, int argc, char **argv)
{
	const char *period = NULL, *format = "html", *lang_text = "zh", *output = NULL, *plan_code = NULL;
	const char *issuer = NULL;
	int is_public = 0;
	const struct opt opts[] = {{"period", &period, NULL}, {"format", &format, NULL}, {"lang", &lang_text, NULL},
				   {"output", &output, NULL}, {"plan", &plan_code, NULL}, {"issuer", &issuer, NULL},
				   {"public", NULL, &is_public}};
	/* -o is the one short option: the same as --output */
	static char output_flag[] = "--output";
	char *args[REPORT_MAX_ARGS];
	if (argc > REPORT_MAX_ARGS)
		return cli_usage("report", "too many arguments");
	for (int i = 0; i < argc; i++)
		args[i] = strcmp(argv[i], "-o") == 0 ? output_flag : argv[i];
	const char *pos[1];
	size_t n_pos;
	enum status rc = opts_parse("report", argc, args, opts, sizeof(opts) / sizeof(opts[0]), pos, 0, &n_pos);
	if (rc != ST_OK)
		return rc;
	enum report_format f;
	enum lang lang;
	if (!period)
		return cli_usage("report", "--period is required (a year such as 2025, or 2025Q3, 2025-07)");
	if (!report_format_parse(format, &f))
		return cli_usage("report", "--format must be html, pdf, xlsx, md or json, not '%s'", format);
	if (!lang_parse(lang_text, &lang))
		return cli_usage("report", "--lang must be zh or en, not '%s'", lang_text);
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	/* who prepares it: --issuer, else the org_name settings, else (evaluation.c) the unit owning
	 * most headline indicators, else the site */
	const struct config *cf = c->config;
	const char *issuer_en = issuer;
	if (!issuer && cf && cf->org_name_zh[0]) {
		issuer = cf->org_name_zh;
		issuer_en = cf->org_name_en[0] ? cf->org_name_en : cf->org_name_zh;
	}
	struct app_ctx x;
	struct diag_list errs;
	struct app_report_in in = {plan_code, period, issuer, is_public, issuer_en, cf ? cf->site_name_zh : NULL,
				   cf ? cf->site_name_en : NULL};
	struct evaluation ev;
	cli_app(c, s, &x, &errs);
	rc = app_report_evaluation(&x, &in, &ev, &errs);
	if (rc == ST_INVALID || rc == ST_CONFLICT)
		cli_refused("report", rc, &errs, s);
	else if (rc == ST_NOT_FOUND)
		fprintf(stderr, "innomon report: no plan%s%s in '%s' (run 'innomon init')\n", plan_code ? " " : "",
			plan_code ? plan_code : "", c->db_shown);
	else if (rc != ST_OK)
		fprintf(stderr, "innomon report: %s\n", store_errmsg(s));
	store_close(s);
	if (rc != ST_OK)
		return rc;
	struct report_doc doc;
	report_doc_build(&ev, lang, c->arena, &doc);
	struct buf out;
	buf_init(&out, 0);
	rc = report_render(&doc, f, &out);
	if (rc != ST_OK) {
		fprintf(stderr, "innomon report: cannot render the %s report (%s)\n", report_format_ext(f), status_name(rc));
	} else {
		const char *path = output ? output : report_file_name(&doc, f, c->arena);
		rc = write_file(path, &out);
		if (rc == ST_OK && strcmp(path, "-") != 0)
			fprintf(stderr, "innomon report: wrote %s (%zu bytes)\n", path, out.len);
	}
	buf_release(&out);
	return rc;
}
