/* report.h - the evaluation report (监测评估报告) as one operation for the page, the API and the
 * CLI: report/'s model of a period with the supervision scorecards of its newest reporting
 * cycle attached (supervise/ computes them; report/ may not call supervise/, app/ may). What a
 * reader sees follows their rights: the department's internal view for those who read
 * internal figures, else the public edition (published values only, no supervision records). */
#ifndef INNOMON_APP_REPORT_H
#define INNOMON_APP_REPORT_H

#include "app/app.h"
#include "report/evaluation.h"

struct app_report_in {
	const char *plan_code;   /* NULL: the current plan */
	const char *period;      /* "2025", "2025Q3", "2025-07" */
	const char *issuer;      /* who prepares it (the org_name settings); NULL or "": the unit owning
	                          * most headline indicators, else site_name; never the plan's issuer */
	int is_public;           /* the public edition even for an internal reader */
	const char *issuer_en;   /* the same in English; NULL: issuer */
	const char *site_name_zh, *site_name_en; /* the site's name (the settings) */
};

/* Build the evaluation of in->period into *out (x->arena), ACT_READ_PUBLIC (anyone): the values
 * the reader's rights give, and of supervision the progress reports and notices they may open
 * (app_report_visible, sup_notice_visible), counted as listed. ST_INVALID ("bad_period" listed)
 * when the period does not parse, ST_CONFLICT ("after_plan" listed) when it lies after the
 * plan's last year, ST_NOT_FOUND without the plan. */
enum status app_report_evaluation(struct app_ctx *x, const struct app_report_in *in, struct evaluation *out,
				  struct diag_list *errs) WUR;

#endif
