/* values.h - the operations on indicator values: entering them (the API's JSON and the entry
 * form, both a sheet checked exactly as an import file is: ingest/import.h), the workflow moves
 * of one revision (submit, approve, return, publish), and the review queue. The rights:
 *   ACT_WRITE_VALUES    enter drafts and submitted values, each row in the principal's scope
 *                       (the indicator's data owner or the region); submit one's own revision
 *   ACT_REVIEW_VALUES   approve or return a submitted value, write approved values, record a
 *                       verdict on a qualitative target, the queue
 *   ACT_PUBLISH_VALUES  publish an approved value, write published values
 * A revision the principal may not see (authz_obs_visible) is ST_NOT_FOUND, as if absent. The
 * store audits every write (values.write, values.import, values.<move>). */
#ifndef INNOMON_APP_VALUES_H
#define INNOMON_APP_VALUES_H

#include "app/app.h"
#include "ingest/import.h"
#include "store/store.h"

#define APP_REASON_MAX_BYTES 2000

/* The four-eyes rule: a value is approved by a person other than every person who entered,
 * imported or submitted it since it was last approved (a reviewer's return does not count),
 * so nobody approves their own figure; and nobody but the operator writes a value as approved
 * or published at once (an entry's or an import's status), which would approve it unseen.
 * The setting four_eyes (x->four_eyes) says where it holds: "all" (NULL; the default) for
 * every value, "none" nowhere, else a comma-separated list of plan codes: for the values of
 * indicators those plans define. The operator (app_operator: the CLI, whoever holds the store
 * file; a principal of no user) is not bound by it. Refusals: ST_DENIED "four_eyes" (key error.four_eyes). */
int app_four_eyes_holds(struct app_ctx *x, const char *indicator);
/* Whether the rule holds nowhere for the principal (the setting "none", or the operator). */
int app_four_eyes_is_off(const struct app_ctx *x);
/* Whether the rule keeps the principal from approving revision o (they entered, imported or
 * submitted it): for pages to say so before the attempt. A failed lookup counts as blocked. */
int app_four_eyes_blocks(struct app_ctx *x, const struct obs *o);
/* ST_OK, or the refusal of the rule for the values of res (a dry run of rows about to be
 * written with status st by the principal). The one check of entries and imports. */
enum status app_four_eyes_check_write(struct app_ctx *x, enum obs_status st, const struct import_result *res,
				      struct diag_list *errs) WUR;

/* Whether the principal may write revisions with status st at all (each row's scope is checked
 * by the import): draft and submitted ACT_WRITE_VALUES, approved ACT_REVIEW_VALUES, published
 * ACT_PUBLISH_VALUES, both refused "four_eyes" (field status) when the rule holds everywhere;
 * returned never (ST_INVALID "bad_value" on field status: a return is a
 * move of a submitted value). The one rule of which status an entry or an import may write. */
enum status app_value_status_allowed(const struct app_ctx *x, enum obs_status st, struct diag_list *errs) WUR;

/* Enter the rows of sh (rows[0] the header: indicator, region, period, value and the optional
 * columns of an import) as revisions with status st (app_value_status_allowed), recorded as
 * written by the acting principal; is_dry_run checks and says what would change, writing
 * nothing. *res (zeroed here) says what changed. Refusals: every bad row (ST_INVALID, each with
 * its line, column, field, code); rows outside the principal's scope ST_DENIED, each listed
 * with code "forbidden" (what the principal sent, so the list stays); ST_CONFLICT "conflict"
 * when another writer changed a cell meanwhile, or when base_revisions (NULL, or per data row
 * the cell's newest revision the writer saw, -1 for none given) names a revision the cell has
 * moved past (each such row listed). Warnings (unused columns, rules of severity
 * warning) stay in errs on success. Errors the caller listed first turn the run into a dry run
 * whose findings join them: the person sees every problem, nothing is written. */
enum status app_values_enter(struct app_ctx *x, const struct sheet *sh, enum obs_status st, const int *base_revisions,
			     int is_dry_run,
			     struct import_result *res, struct diag_list *errs) WUR;

/* Move revision id to status to (OBS_SUBMITTED, OBS_APPROVED, OBS_RETURNED or OBS_PUBLISHED) by
 * writing a new revision of its cell with the same value. The right per move: submit
 * ACT_WRITE_VALUES on the revision's indicator owner and region, approve and return
 * ACT_REVIEW_VALUES, publish ACT_PUBLISH_VALUES. An approval by a person who entered or submitted
 * the value is refused under the four-eyes rule (ST_DENIED "four_eyes", nothing written).
 * Refusals: to a draft "bad_value" (field to);
 * a return without a reason "missing" (field reason), a reason that is not text of at most
 * APP_REASON_MAX_BYTES "bad_value" (input is checked before the revision is looked up); an
 * unknown or invisible id ST_NOT_FOUND (nothing listed); ST_CONFLICT "conflict" when id is no
 * longer its cell's newest revision or the move is not allowed from its status. reason may be
 * NULL; it is kept with the new revision. *out: the revision written (x->arena). */
enum status app_value_move(struct app_ctx *x, long long id, enum obs_status to, const char *reason, struct obs **out,
			   struct diag_list *errs) WUR;

/* A reviewer's verdict on a qualitative target (targets.csv comparator qualitative), as given. */
struct app_target_verdict {
	const char *indicator, *region; /* codes */
	const char *year;               /* the year judged, a whole year up to the target's */
	const char *verdict;            /* "met" or "not_met" */
	const char *reason;             /* the milestones and evidence it rests on: text of at most
	                                 * APP_VERDICT_REASON_MAX_BYTES, not blank */
};
#define APP_VERDICT_REASON_MAX_BYTES 4000

/* Record the verdict (ACT_REVIEW_VALUES) as a revision of the indicator's value for the year
 * judged (1 met, 0 not met), the trimmed reason as its note and the principal as its author,
 * audited "target.review". Under the four-eyes rule (app_four_eyes_holds) it is written as
 * submitted and takes effect when a second reviewer approves it (app_value_move refuses its
 * author); without the rule it is published at once. Nothing is overwritten, a later verdict is a new revision,
 * and judge_target reads it like any figure (docs/methodology.md section 5). Refusals, all
 * listed: indicator or region "unknown_reference", indicator "not_qualitative" (no such
 * target), year "bad_year", verdict "bad_value", reason "missing" or "bad_value". *out: the
 * revision written. */
enum status app_target_review(struct app_ctx *x, const struct app_target_verdict *in, struct obs **out,
			      struct diag_list *errs) WUR;

/* The review queue (ACT_REVIEW_VALUES): the newest revision of every cell whose newest revision
 * has status st, oldest first, limit of them (at most APP_REVIEW_MAX; 0: that many) from the
 * offset-th on, and *total, how many wait in all. st published is ST_INVALID ("bad_value" on
 * field status: a published value waits for nobody). */
#define APP_REVIEW_MAX 1000u
enum status app_review_queue(struct app_ctx *x, enum obs_status st, size_t offset, size_t limit, struct obs **rows,
			     size_t *n, size_t *total, struct diag_list *errs) WUR;

#endif
