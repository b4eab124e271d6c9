/* plan_author.c - the plan workbook's template, and a plan authored as a workbook checked, kept
 * and created as a draft (see plan_author.h). */
#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "app/plan.h"
#include "app/plan_author.h"
#include "base/str.h"
#include "ingest/plan_load.h"
#include "ingest/xlsx.h"
#include "report/workbook.h"
#include "store/store.h"
#include "base/banned.h"

/* The template's example row: a small plan that passes every check, in generic words (it is
 * nobody's plan). A column not listed is left empty. */
static const struct {
	const char *part, *col, *value; /* part: the sheet's English name (the file's stem) */
} examples[] = {
	{"plan", "code", "example-2030"}, {"plan", "title_zh", "示例规划（请改为规划全称）"},
	{"plan", "title_en", "Example plan"}, {"plan", "issuer_zh", "示例发布机关"},
	{"plan", "issued", "2026-03-01"}, {"plan", "valid_until", "2030-12-31"},
	{"plan", "base_year", "2025"}, {"plan", "target_year", "2030"},
	{"goals", "code", "goal-1"}, {"goals", "number", "1"}, {"goals", "name_zh", "示例目标"},
	{"goals", "text_zh", "到2030年，示例指标达到100家以上。"},
	{"regions", "code", "region-a"}, {"regions", "name_zh", "示例省"}, {"regions", "kind", "province"},
	{"units", "code", "unit-a"}, {"units", "name_zh", "示例责任单位"}, {"units", "kind", "provincial_dept"},
	{"actions", "number", "1"}, {"actions", "title_zh", "示例行动"},
	{"measures", "number", "1"}, {"measures", "action", "1"}, {"measures", "title_zh", "示例举措"},
	{"measures", "text_zh", "举措原文。"},
	{"responsibilities", "measure", "1"}, {"responsibilities", "unit", "unit-a"},
	{"responsibilities", "role", "lead"}, {"responsibilities", "position", "1"},
	{"indicators", "code", "indicator-a"}, {"indicators", "name_zh", "示例指标"},
	{"indicators", "unit_zh", "家"}, {"indicators", "decimals", "0"}, {"indicators", "direction", "up"},
	{"indicators", "kind", "reported"}, {"indicators", "goal", "goal-1"}, {"indicators", "owner", "unit-a"},
	{"indicators", "headline", "1"}, {"indicators", "definition_zh", "指标的统计口径。"},
	{"targets", "indicator", "indicator-a"}, {"targets", "region", "region-a"}, {"targets", "year", "2030"},
	{"targets", "comparator", ">="}, {"targets", "value", "100"}, {"targets", "note_zh", "达到100家以上"},
	{"targets", "nature", "预期性"},
	{"rules", "code", "non-negative"}, {"rules", "kind", "non_negative"}, {"rules", "applies", "*"},
	{"rules", "severity", "error"}, {"rules", "note_zh", "数值不能为负"},
};

static const char *example_of(const char *part, const char *col)
{
	for (size_t i = 0; i < sizeof(examples) / sizeof(examples[0]); i++)
		if (strcmp(examples[i].part, part) == 0 && strcmp(examples[i].col, col) == 0)
			return examples[i].value;
	return NULL;
}

enum status app_plan_template(struct app_ctx *x, struct buf *out)
{
	enum status rc = app_authorize(x, ACT_EDIT_PLAN, NULL, NULL);
	if (rc != ST_OK)
		return rc;
	struct plan_part_layout parts[PLAN_N_PARTS];
	size_t n = plan_layout(parts, PLAN_N_PARTS);
	struct workbook_table *t = arena_calloc(x->arena, n, sizeof(*t));
	for (size_t k = 0; k < n; k++) {
		const struct plan_part_layout *pl = &parts[k];
		const char **cells = arena_calloc(x->arena, 2 * pl->n_cols, sizeof(*cells));
		const char **notes = arena_calloc(x->arena, pl->n_cols, sizeof(*notes));
		unsigned char *strong = arena_calloc(x->arena, pl->n_cols, 1);
		for (size_t c = 0; c < pl->n_cols; c++) {
			const struct col_spec *cs = &pl->cols[c];
			cells[c] = cs->aliases && cs->aliases[0] ? cs->aliases[0] : cs->name;
			cells[pl->n_cols + c] = example_of(pl->sheet_en, cs->name);
			notes[c] = arena_printf(x->arena, "%s（%s）— docs/plan-format.md, %s", cs->name, cs->is_required ? "必填" : "选填",
						pl->file);
			strong[c] = (unsigned char)cs->is_required;
		}
		t[k] = (struct workbook_table){pl->sheet_zh, pl->n_cols, 2, cells, notes, strong};
	}
	return workbook_tables(t, n, "innomon plan workbook", out);
}

/* The sheet a part's label "FILE[SHEET]" names (plan_parse_xlsx's positions), else NULL. */
static const char *sheet_of_label(struct arena *a, const char *label)
{
	const char *open = label ? strrchr(label, '[') : NULL;
	size_t n = open ? strlen(open) : 0;
	return n > 2 && open[n - 1] == ']' ? arena_strndup(a, open + 1, n - 2) : NULL;
}

/* The workbook's plan, checked: plan_parse_xlsx, then what depends on the store (the code is
 * new or a draft's; continued series keep their unit). */
static enum status read_checked(struct app_ctx *x, const char *file_name, const void *data, size_t len,
				struct plan_author_result *res, struct diag_list *errs)
{
	if (len > PLAN_WORKBOOK_MAX_BYTES) {
		(void)app_refuse(errs, ST_TOO_LARGE, "file", "too_large", "error.too_large", "the workbook is larger than %zu bytes",
				 PLAN_WORKBOOK_MAX_BYTES);
		return ST_TOO_LARGE;
	}
	struct plan *p;
	enum status rc = plan_parse_xlsx(x->arena, file_name, data, len, &p, errs);
	if (rc != ST_OK)
		return rc == ST_INVALID || rc == ST_NOT_FOUND ? ST_INVALID : rc;
	struct plan *old;
	rc = store_plan_get(x->store, x->arena, p->info.code, 0, &old);
	if (rc == ST_OK && old->info.status != PLAN_STATUS_DRAFT) {
		struct diag *d = diag_add(errs, file_name, p->info.pos.line, 0, "code", "plan_exists",
					  "plan '%s' is in the store already and is no draft: a workbook makes a new plan (or the "
					  "next version of a draft); edit that plan on its page, or give the workbook another code",
					  p->info.code);
		if (d) {
			d->sheet = sheet_of_label(x->arena, p->info.pos.file);
			d->key = "author.err.exists";
		}
	} else if (rc != ST_OK && rc != ST_NOT_FOUND) {
		return rc;
	}
	res->is_new_version = rc == ST_OK;
	res->plan = p; /* the workbook's own content: a preview shows it beside what the store refuses */
	p->info.status = PLAN_STATUS_DRAFT; /* a new plan is created a draft */
	rc = app_plan_check_continued(x, p, errs);
	if (rc != ST_OK)
		return rc;
	return app_errors_status(errs);
}

enum status app_plan_author_check(struct app_ctx *x, const char *file_name, const void *data, size_t len, int is_kept,
				  struct plan_author_result *res, struct diag_list *errs)
{
	memset(res, 0, sizeof(*res));
	enum status rc = app_authorize(x, ACT_EDIT_PLAN, NULL, errs);
	if (rc != ST_OK)
		return rc;
	if (!file_name || !*file_name || strlen(file_name) > 255 || !app_text_is_valid(file_name, 255, 0))
		file_name = "plan-workbook.xlsx";
	rc = read_checked(x, file_name, data, len, res, errs);
	if (rc != ST_OK || !is_kept)
		return rc;
	unsigned char h[crypto_hash_sha256_BYTES];
	char *hex = arena_alloc(x->arena, 2 * crypto_hash_sha256_BYTES + 1);
	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(hex, 2 * crypto_hash_sha256_BYTES + 1, h, sizeof(h));
	struct upload u = {.user_id = x->who->user_id, .created_by = x->who->name, .file_name = file_name, .sha256 = hex,
			   .content = data, .content_len = len};
	return store_upload_add(x->store, &u, &res->upload_id);
}

/* Whether upload u holds a plan workbook: an .xlsx within the cap whose sheets are all parts of
 * a plan, its 规划 (plan) sheet among them, as plan_parse_xlsx reads them. A workbook kept from
 * /admin/plans/new is one (it was kept only when it passed every check); an upload of values
 * (CSV, or a sheet of figures) is not, whatever it holds, and is not read as one. */
static int is_plan_workbook(struct app_ctx *x, const struct upload *u)
{
	const char **names;
	size_t n_names;
	struct diag_list quiet;
	diag_init(&quiet, x->arena);
	if (u->content_len > PLAN_WORKBOOK_MAX_BYTES ||
	    xlsx_sheet_names(x->arena, u->file_name, u->content, u->content_len, &names, &n_names, &quiet) != ST_OK)
		return 0;
	struct plan_part_layout parts[PLAN_N_PARTS];
	size_t n_parts = plan_layout(parts, PLAN_N_PARTS);
	int has_plan = 0;
	for (size_t i = 0; i < n_names; i++) {
		struct str name = str_trim(str_of(names[i]));
		size_t k = 0;
		for (; k < n_parts; k++) {
			size_t zh_len = strlen(parts[k].sheet_zh), en_len = strlen(parts[k].sheet_en);
			if ((name.len == zh_len && memcmp(name.p, parts[k].sheet_zh, zh_len) == 0) ||
			    (name.len == en_len && strncasecmp(name.p, parts[k].sheet_en, en_len) == 0))
				break;
		}
		if (k == n_parts)
			return 0; /* a sheet no plan has */
		has_plan |= strcmp(parts[k].sheet_en, "plan") == 0; /* the plan part: the file plan.csv */
	}
	return has_plan;
}

enum status app_plan_author_upload(struct app_ctx *x, long long upload_id, int is_create, struct plan_author_result *res,
				   struct diag_list *errs)
{
	memset(res, 0, sizeof(*res));
	enum status rc = app_authorize(x, ACT_EDIT_PLAN, NULL, errs);
	if (rc != ST_OK)
		return rc;
	struct upload *u;
	rc = store_upload_get(x->store, x->arena, upload_id, &u);
	if (rc != ST_OK)
		return rc;
	res->upload_id = upload_id;
	if (!is_plan_workbook(x, u)) {
		res->is_not_workbook = 1;
		return app_refuse(errs, ST_INVALID, "upload", "not_plan_workbook", "author.err.not_workbook",
				  "upload %lld is not a plan workbook: only a workbook uploaded to make a plan is previewed or "
				  "created from here", upload_id);
	}
	if (is_create && u->committed_at)
		return ST_CONFLICT;
	rc = read_checked(x, u->file_name, u->content, u->content_len, res, errs);
	if (rc != ST_OK || !is_create)
		return rc;
	struct plan_save_result saved;
	rc = app_plan_save(x, res->plan, &saved, errs);
	if (rc != ST_OK)
		return rc;
	res->version = saved.version;
	res->is_unchanged = saved.is_unchanged;
	/* after the plan: a crash between the two leaves the upload to create from again, which
	 * stores nothing new (the same content) */
	return store_upload_committed(x->store, upload_id, 0);
}
