/* plan.h - the operations on plans: check a plan folder, store a plan (a new version unless
 * nothing changed), and the edits of the latest version an administrator makes in the browser
 * or through the API (indicators, targets, measures with their units, units, validation rules).
 * An edit is applied to a copy of the latest version, passes the same checks as a plan folder
 * (plan_check) and is stored as a new version: every older version stays readable. Storing and
 * editing need ACT_EDIT_PLAN; checking a folder reads nothing of the store. */
#ifndef INNOMON_APP_PLAN_H
#define INNOMON_APP_PLAN_H

#include "app/app.h"
#include "store/store.h"

/* Read and check the plan in folder dir, or in the plan workbook dir names when it ends in
 * .xlsx, into *out (x->arena); every problem listed (ST_INVALID, or ST_IO when a required file
 * cannot be read). Needs no store and no right. */
enum status app_plan_check(struct app_ctx *x, const char *dir, struct plan **out, struct diag_list *errs) WUR;

/* What a plan's check needs the store for: an indicator that continues a predecessor's series
 * (indicators.csv continues) is in the unit of the predecessor's indicator when a stored plan
 * defines it (a series keeps its unit; a predecessor not stored yet is no error: its figures
 * join once they are). Appends every problem to errs; ST_STORE when reading fails. */
enum status app_plan_check_continued(struct app_ctx *x, const struct plan *p, struct diag_list *errs) WUR;

/* Check p (plan_check resolves its indices) and store it, recorded as loaded by the acting
 * principal: identical content changes nothing (res->is_unchanged). ACT_EDIT_PLAN. */
enum status app_plan_save(struct app_ctx *x, struct plan *p, struct plan_save_result *res, struct diag_list *errs) WUR;

enum plan_edit_kind {
	PLAN_EDIT_INDICATOR, PLAN_EDIT_TARGET, PLAN_EDIT_TARGET_DELETE, PLAN_EDIT_MEASURE, PLAN_EDIT_UNIT,
	PLAN_EDIT_RULE, PLAN_EDIT_RULE_DELETE, PLAN_EDIT__COUNT
};

/* One member of an edit as given: the value's kind decides how it is read (a wrong kind is a
 * "bad_type" refusal naming the field). Text "" is the same as null: the member is cleared. */
enum edit_value_kind { EDIT_NULL, EDIT_TEXT, EDIT_NUMBER, EDIT_BOOL, EDIT_LIST, EDIT_OTHER };
struct edit_field {
	const char *name;
	enum edit_value_kind kind;
	const char *text;           /* EDIT_TEXT */
	double number;              /* EDIT_NUMBER */
	int is_integer;             /* EDIT_NUMBER: given as a whole number */
	int boolean;                /* EDIT_BOOL */
	const char *const *list;    /* EDIT_LIST: the items, NULL for one that is not text */
	size_t n_list;
};

/* What is edited: an indicator, unit or rule by code; a target by indicator code (in code),
 * region and year; a measure by number. */
struct plan_edit {
	enum plan_edit_kind kind;
	const char *code;
	const char *region;
	int year;                   /* targets: 1900..2200, else ST_NOT_FOUND */
	int measure;                /* measures: 1..10000, else ST_NOT_FOUND */
	const struct edit_field *fields;
	size_t n_fields;
};

struct plan_status_result {
	int is_unchanged; /* the plan had that status already: nothing written */
};

/* Change plan code's lifecycle status (ACT_EDIT_PLAN; audited): a draft (never the default,
 * seen by the department only), in force (its dates then say not yet / in force / ended) or
 * superseded by another plan, superseded_by (NULL otherwise). Refusals, every one listed:
 * superseded_by missing for superseded or given otherwise, naming no plan, this plan, a draft,
 * or a plan whose own successors lead back here ("superseded_by"); a plan some other plan is
 * superseded by made a draft ("status"). ST_NOT_FOUND (refusal "not_found") when code names no
 * plan. */
enum status app_plan_set_status(struct app_ctx *x, const char *code, enum plan_status status, const char *superseded_by,
				struct plan_status_result *res, struct diag_list *errs) WUR;

/* The members an edit of kind accepts (NULL-terminated): indicators name_zh, name_en, unit_zh,
 * unit_en, decimals, direction, frequency, kind, aggregation, goal, measure, owner, headline,
 * definition_zh, definition_en, formula; targets comparator, value, value_max, base_value,
 * base_year, note_zh; measures action, title_zh, title_en, text_zh, lead (a code or a list),
 * co (a list); units name_zh, name_en, kind; rules kind, applies, min, max, severity, note_zh;
 * deletions none. */
const char *const *app_plan_edit_fields(enum plan_edit_kind kind);
/* Which members of kind hold numbers (1) and whole numbers (2); 0 for the others. */
int app_plan_edit_field_is_number(enum plan_edit_kind kind, const char *name);

struct plan_edit_result {
	const char *plan_code;
	int version;                /* the plan's version afterwards */
	int is_unchanged;
};

/* Apply e to the latest plan and store it as a new version (ACT_EDIT_PLAN). Refusals: members
 * of the wrong kind ("bad_type"), unknown ones ("unknown_field"), what a new item needs
 * ("missing"); then, when those are fine, every problem plan_check finds in the edited plan.
 * ST_NOT_FOUND when the target, measure key or the item to delete does not exist. */
enum status app_plan_edit(struct app_ctx *x, const struct plan_edit *e, struct plan_edit_result *res,
			  struct diag_list *errs) WUR;

#endif
