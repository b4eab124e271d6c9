/* plan_author.h - authoring a plan in the browser (issue 14 item 6): an administrator fills
 * the plan workbook (docs/plan-format.md, "A plan as a workbook": one sheet per file of a plan
 * folder, Chinese or English headers) from its template, uploads it, sees what it would create
 * with every problem at once (sheet, row, column, why), and creates the plan as a draft, which
 * is then edited like any plan and put in force (app_plan_set_status). The workbook is read by
 * the plan loader itself (plan_parse_xlsx): one reader, one set of checks. */
#ifndef INNOMON_APP_PLAN_AUTHOR_H
#define INNOMON_APP_PLAN_AUTHOR_H

#include "app/app.h"
#include "base/buf.h"

/* The template workbook: every sheet with its headers (the Chinese ones, required columns in
 * bold red, each header's canonical name and meaning in a comment) and one example row; as it
 * is, the template loads as a small valid plan. ACT_EDIT_PLAN. ST_IO when writing fails. */
enum status app_plan_template(struct app_ctx *x, struct buf *out) WUR;

struct plan_author_result {
	struct plan *plan;         /* what the workbook holds (checked), NULL when it has errors */
	int is_new_version;        /* its code names a draft already: it becomes its next version */
	long long upload_id;       /* app_plan_author_check with is_kept: the upload to create from */
	int version;               /* app_plan_author_create: the draft's version */
	int is_unchanged;          /* app_plan_author_create: the draft had this content already */
	int is_not_workbook;       /* app_plan_author_upload: the upload is no plan workbook (a file
	                            * of values, say): nothing read, nothing created */
};

/* Check the uploaded workbook file_name (data[0..len), borrowed): every problem listed (each
 * with file, sheet, row and column); a code that names a plan of the store that is not a draft
 * is refused ("code": a workbook makes a new plan or the next version of a draft, never changes
 * a plan in force). With is_kept and no problem, the upload is kept in the store for
 * app_plan_author_create (res->upload_id). ACT_EDIT_PLAN. ST_INVALID, ST_TOO_LARGE (past
 * PLAN_WORKBOOK_MAX_BYTES), ST_STORE. */
enum status app_plan_author_check(struct app_ctx *x, const char *file_name, const void *data, size_t len, int is_kept,
				  struct plan_author_result *res, struct diag_list *errs) WUR;

/* A kept upload checked again against the store as it is now (is_create 0: what it would
 * create, for its preview), or created as a draft, or stored as the draft's next version
 * (is_create 1; then the upload is used up). res->plan is set whenever the workbook itself has
 * no problem. ACT_EDIT_PLAN. ST_NOT_FOUND (no such upload), ST_CONFLICT (created from
 * already), ST_INVALID with every problem; an upload that is no plan workbook (an .xlsx whose
 * sheets are parts of a plan, 规划 among them: a file of values is not) is ST_INVALID
 * "not_plan_workbook" alone, with res->is_not_workbook set. */
enum status app_plan_author_upload(struct app_ctx *x, long long upload_id, int is_create, struct plan_author_result *res,
				   struct diag_list *errs) WUR;

#endif
