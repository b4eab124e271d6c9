/* cmd_evaluate.c - innomon evaluate, pipeline and projections (docs/firms.md): each firm's
 * result per method with the reason for every point and the smallest lifts; the counts per
 * region that qualify, are within reach or are open, with the projection beside each mapped
 * indicator's target; and the projections mapping itself (loaded by init from the plan folder's
 * projections.csv). The CLI acts with the store's file rights: the department's view, unless
 * --public asks for what anyone may see. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/registries.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "core/eval.h"
#include "core/firm_access.h"
#include "ingest/import.h"
#include "ingest/plan_load.h"
#include "report/firms.h"
#include "store/firms.h"
#include "store/store.h"
#include "base/banned.h"

static const struct principal department = {ROLE_ADMIN, 0, "cli", NULL, NULL, 0};
static const struct principal public_reader = {ROLE_NONE, 0, NULL, NULL, NULL, 0};

static const char *pick(int is_en, const char *zh, const char *en)
{
	return is_en && en ? en : zh ? zh : "";
}

static const char *mark(enum item_state s)
{
	switch (s) {
	case IS_MET: return "✓";
	case IS_NOT_MET: return "✗";
	case IS_MISSING: return "?";
	case IS_MANUAL: return "人";
	case IS_EXPERT: return "~";
	case IS_NOT_PUBLIC: return "—";
	}
	return "";
}

static const char *verdict_text(enum firm_verdict v, int is_en)
{
	static const char *const zh[] = {"符合", "不符合", "待定", "不计算"};
	static const char *const en[] = {"qualifies", "fails", "open", "not computed"};
	return is_en ? en[v] : zh[v];
}

static void print_method(const struct eval_result *r, int is_en)
{
	printf("\n== %s: %s", firm_method_name(r->method, is_en), verdict_text(r->verdict, is_en));
	if (r->has_score && r->verdict != FIRM_NOT_COMPUTED) {
		if (r->score_min == r->score_max)
			printf(is_en ? " (%d points, pass %d)" : "（%d 分，合格线 %d）", r->score_min, r->pass_mark);
		else
			printf(is_en ? " (%d-%d points, pass %d)" : "（%d–%d 分，合格线 %d）", r->score_min, r->score_max, r->pass_mark);
	}
	if (r->is_direct)
		printf("%s", is_en ? " by a direct route" : "（直接认定）");
	printf("\n");
	if (r->rules)
		printf("   %s %s\n", pick(is_en, r->rules->doc_zh, r->rules->doc_en), r->rules->version);
	if (r->summary_zh)
		printf("   %s\n", pick(is_en, r->summary_zh, r->summary_en));
	for (size_t i = 0; i < r->n_items; i++) {
		const struct eval_item *it = &r->items[i];
		printf(" %s %s", it->kind == IK_SCORE && it->state == IS_MET ? "=" : mark(it->state), pick(is_en, it->name_zh, it->name_en));
		if (it->kind == IK_SCORE && (it->state == IS_MET || it->state == IS_EXPERT)) {
			if (it->pts_min == it->pts_max)
				printf(is_en ? ": %d/%d" : "：%d/%d 分", it->pts_min, it->pts_cap);
			else
				printf(is_en ? ": %d-%d/%d" : "：%d–%d/%d 分", it->pts_min, it->pts_max, it->pts_cap);
		}
		if (it->figure_zh)
			printf(" — %s", pick(is_en, it->figure_zh, it->figure_en));
		if (it->band)
			printf(" [%s]", it->band);
		printf("\n     %s (%s)\n", pick(is_en, it->rule_zh, it->rule_en), it->basis);
		if (it->note_zh)
			printf("     %s %s\n", is_en ? "note:" : "说明：", pick(is_en, it->note_zh, it->note_en));
	}
	int last = -1;
	for (size_t i = 0; i < r->n_lifts; i++) {
		const struct eval_lift *l = &r->lifts[i];
		if (l->option != last) {
			if (l->option == 0)
				printf(is_en ? " needed in any case:\n" : " 无论如何都需要：\n");
			else
				printf(is_en ? " option %d:\n" : " 方案%d：\n", l->option);
			last = l->option;
		}
		printf("   → %s: %s\n", pick(is_en, l->what_zh, l->what_en), pick(is_en, l->need_zh, l->need_en));
	}
}

static void print_firm(const struct plan *p, const struct firm *f, int year, const struct eval_result *res, int only, int is_en)
{
	const struct firm_year *y = firm_year_of(f, year);
	int g = y ? y->region : f->region;
	printf("%s %s · %s · %d\n", f->code, f->name ? f->name : "", g >= 0 ? pick(is_en, p->regions[g].name_zh, p->regions[g].name_en) : "",
	       year);
	int tier = firm_tier(res);
	unsigned next = firm_next_tier(res);
	printf(is_en ? "tier %d" : "梯度层级 %d", tier);
	if (next) {
		printf("%s", is_en ? "; next:" : "；下一层级：");
		for (int m = 0; m < FM_N; m++)
			if (next & (1u << m))
				printf(" %s", firm_method_name((enum firm_method)m, is_en));
	}
	printf("\n");
	for (int m = 0; m < FM_N; m++)
		if (only < 0 || only == m)
			print_method(&res[m], is_en);
}

static enum status open_plan(struct cli *c, struct store **s, struct plan **p)
{
	enum status rc = cli_open_store(c, 0, s);
	if (rc != ST_OK)
		return rc;
	rc = cli_plan(c, *s, NULL, p);
	if (rc != ST_OK)
		store_close(*s);
	return rc;
}

static enum status lang_opt(const char *cmd, const char *lang, int *is_en)
{
	*is_en = lang && strcmp(lang, "en") == 0;
	if (lang && !*is_en && strcmp(lang, "zh") != 0)
		return cli_usage(cmd, "--lang is zh or en, not '%s'", lang);
	return ST_OK;
}

enum status cmd_evaluate(struct cli *c, int argc, char **argv)
{
	const char *year_s = NULL, *method_s = NULL, *lang = NULL, *region_s = NULL;
	int is_json = 0;
	const struct opt opts[] = {{"year", &year_s, NULL}, {"method", &method_s, NULL}, {"lang", &lang, NULL}, {"region", &region_s, NULL},
				   {"json", NULL, &is_json}};
	const char *pos[1];
	size_t n_pos;
	enum status rc = opts_parse("evaluate", argc, argv, opts, 5, pos, 1, &n_pos);
	if (rc != ST_OK)
		return rc;
	long year = 0;
	if (year_s && (rc = opts_int("evaluate", "year", year_s, 1900, 2200, &year)) != ST_OK)
		return rc;
	int is_en;
	if ((rc = lang_opt("evaluate", lang, &is_en)) != ST_OK)
		return rc;
	enum firm_method only = FM_N;
	if (method_s && !firm_method_parse(method_s, &only))
		return cli_usage("evaluate", "unknown method '%s': tsme, innov_sme, hnte, srdi or little_giant", method_s);
	struct store *s;
	struct plan *p;
	if ((rc = open_plan(c, &s, &p)) != ST_OK)
		return rc;
	int region = -1;
	if (region_s && (region = plan_find_region_any(p, region_s)) < 0) {
		store_close(s);
		return cli_usage("evaluate", "unknown region '%s'", region_s);
	}
	if (n_pos == 1) {
		struct firm *f;
		rc = firms_read_one(s, c->arena, p, pos[0], &f);
		if (rc == ST_NOT_FOUND)
			fprintf(stderr, "innomon: no firm '%s' in the firms registry\n", pos[0]);
		else if (rc != ST_OK)
			fprintf(stderr, "innomon: %s\n", store_errmsg(s));
		store_close(s);
		if (rc != ST_OK)
			return rc;
		int y = year ? (int)year : f->years[f->n_years - 1].year;
		struct eval_result res[FM_N];
		firm_evaluate_all(c->arena, f, y, res);
		if (is_json) {
			json_t *j = firm_eval_json(p, f, y, res);
			json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			printf("\n");
			json_decref(j);
		} else {
			print_firm(p, f, y, res, only == FM_N ? -1 : (int)only, is_en);
		}
		return ST_OK;
	}
	struct firm *firms;
	size_t n;
	rc = firms_read_all(s, c->arena, p, &firms, &n);
	if (rc != ST_OK)
		fprintf(stderr, "innomon: %s\n", store_errmsg(s));
	store_close(s);
	if (rc != ST_OK)
		return rc;
	int y = year ? (int)year : firms_latest_year(firms, n);
	const struct firm **seen;
	size_t shown = firms_visible(c->arena, p, &department, firms, n, y, region, &seen);
	json_t *arr = is_json ? json_array() : NULL;
	struct arena *scratch = arena_new();
	if (!is_json)
		printf("%-18s %-6s %-10s %s  %s\n", "code", "tier", "region", is_en ? "tsme innov hnte srdi giant" : "科小 创新 高企 专精 巨人",
		       is_en ? "name" : "企业名称");
	for (size_t i = 0; i < shown; i++) {
		const struct firm_year *fy = firm_year_of(seen[i], y);
		struct eval_result res[FM_N];
		firm_evaluate_all(scratch, seen[i], y, res);
		if (arr) {
			json_array_append_new(arr, firm_row_json(p, seen[i], y, res));
		} else {
			printf("%-18s %-6d %-10s", seen[i]->code, firm_tier(res), fy->region >= 0 ? p->regions[fy->region].code : "-");
			static const char *const v[] = {"✓", "✗", "?", "—"};
			for (int m = 0; m < FM_N; m++)
				printf(" %-4s", v[res[m].verdict]);
			printf("  %s\n", seen[i]->name ? seen[i]->name : "");
		}
		arena_reset(scratch);
	}
	arena_free(scratch);
	if (arr) {
		json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("\n");
		json_decref(arr);
	} else {
		printf(is_en ? "%zu firms with figures for %d\n" : "%zu 家企业有 %d 年度数据\n", shown, y);
	}
	return ST_OK;
}

static void print_count(struct shown_count sc)
{
	if (sc.is_shown)
		printf(" %6ld", sc.value);
	else
		printf(" %6s", "<3");
}

enum status cmd_pipeline(struct cli *c, int argc, char **argv)
{
	const char *year_s = NULL, *lang = NULL;
	int is_json = 0, is_public = 0;
	const struct opt opts[] = {{"year", &year_s, NULL}, {"lang", &lang, NULL}, {"json", NULL, &is_json}, {"public", NULL, &is_public}};
	size_t n_pos;
	enum status rc = opts_parse("pipeline", argc, argv, opts, 4, NULL, 0, &n_pos);
	if (rc != ST_OK)
		return rc;
	long year = 0;
	if (year_s && (rc = opts_int("pipeline", "year", year_s, 1900, 2200, &year)) != ST_OK)
		return rc;
	int is_en;
	if ((rc = lang_opt("pipeline", lang, &is_en)) != ST_OK)
		return rc;
	struct store *s;
	struct plan *p;
	if ((rc = open_plan(c, &s, &p)) != ST_OK)
		return rc;
	struct firm_projections fp;
	rc = firm_projections_build(s, c->arena, p, (int)year, is_public ? &public_reader : &department,
				    is_public ? OBS_VIEW_PUBLIC : OBS_VIEW_INTERNAL, &fp);
	if (rc == ST_NOT_FOUND)
		fprintf(stderr, "innomon: the firms registry is empty: import one with 'innomon import registry firms FILE'\n");
	else if (rc != ST_OK)
		fprintf(stderr, "innomon: %s\n", store_errmsg(s));
	store_close(s);
	if (rc != ST_OK)
		return rc;
	if (is_json) {
		json_t *j = firm_projections_json(p, &fp);
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("\n");
		json_decref(j);
		return ST_OK;
	}
	printf(is_en ? "projection from the registry, %d (%zu firms; a count below %d for a region is withheld%s)\n"
		     : "登记库测算 %d 年（登记库 %zu 家企业；低于 %d 家的地区计数%s）\n",
	       fp.year, fp.n_firms, FIRM_MIN_CELL, is_public ? (is_en ? "" : "不公开") : (is_en ? " in public views" : "在公开页面不显示"));
	printf("%-12s %6s", "region", "firms");
	for (int m = 0; m < FM_N; m++)
		printf(" %6.6s %6s %6s", firm_method_code((enum firm_method)m), "reach", "open");
	printf("\n");
	for (size_t g = 0; g < p->n_regions; g++) {
		if (fp.rows[g].evaluated == 0)
			continue;
		printf("%-12s", p->regions[g].code);
		print_count(fp.shown[g][0]);
		for (int m = 0; m < FM_N; m++) {
			print_count(fp.shown[g][projection_col("qualifies", (enum firm_method)m)]);
			print_count(fp.shown[g][projection_col("reach", (enum firm_method)m)]);
			print_count(fp.shown[g][projection_col("open", (enum firm_method)m)]);
		}
		printf("\n");
	}
	for (size_t i = 0; i < fp.n_proj; i++) {
		const struct projection_row *r = &fp.proj[i];
		const struct target *t = &p->targets[r->target];
		printf("%s %s %s %s%s %g (%d): ", p->indicators[r->indicator].code, p->regions[r->region].code, firm_method_code(r->method),
		       is_en ? "target " : "目标 ", cmp_name(t->cmp), t->value, t->year);
		if (r->has_reported)
			printf(is_en ? "reported %g (%s); " : "报送 %g（%s）；", r->reported, r->reported_period);
		printf("%s", is_en ? "registry: qualify" : "登记库测算：符合");
		print_count(r->qualifies);
		printf("%s", is_en ? ", within reach" : "，临近");
		print_count(r->reach);
		printf("%s", is_en ? ", open" : "，待定");
		print_count(r->open);
		printf("\n");
	}
	return ST_OK;
}

/* Read and store a projections file (buf, named file) against p; prints what it did. */
static enum status projections_file_load(struct cli *c, struct store *s, const struct plan *p, const char *file, const void *buf,
					  size_t len)
{
	struct app_ctx x;
	struct diag_list d;
	cli_app(c, s, &x, &d);
	x.plan = p;
	struct app_file f = {file, buf, len, NULL};
	size_t n;
	enum status rc = app_projections_load(&x, &f, &n, &d);
	diag_print(&d, stderr);
	if (rc == ST_INVALID)
		fprintf(stderr, "innomon: %zu error%s in '%s'; the projections are unchanged\n", diag_errors(&d), diag_errors(&d) == 1 ? "" : "s",
			file);
	else if (rc != ST_OK)
		(void)cli_refused(NULL, rc, &d, s);
	else
		printf("%s: %zu projection%s\n", file, n, n == 1 ? "" : "s");
	return rc;
}

enum status cli_load_projections(struct cli *c, struct store *s, const struct plan *p, const struct plan_src *src)
{
	const char *data, *name;
	size_t len;
	enum status rc = cli_src_read(c, src, "projections.csv", IMPORT_FILE_MAX_BYTES, &data, &len, &name);
	if (rc == ST_NOT_FOUND)
		return ST_OK; /* a plan folder need not map any */
	if (rc != ST_OK)
		return rc;
	return projections_file_load(c, s, p, name, data, len);
}

enum status cmd_projections(struct cli *c, int argc, char **argv)
{
	const char *pos[1];
	size_t n_pos;
	enum status rc = opts_parse("projections", argc, argv, NULL, 0, pos, 1, &n_pos);
	if (rc != ST_OK)
		return rc;
	struct store *s;
	struct plan *p;
	if ((rc = open_plan(c, &s, &p)) != ST_OK)
		return rc;
	if (n_pos == 1) {
		char *data;
		size_t len;
		rc = file_read_all(c->arena, pos[0], IMPORT_FILE_MAX_BYTES, &data, &len);
		if (rc != ST_OK) {
			fprintf(stderr, "innomon: cannot read '%s'\n", pos[0]);
			store_close(s);
			return rc == ST_TOO_LARGE ? rc : ST_IO;
		}
		rc = projections_file_load(c, s, p, pos[0], data, len);
		store_close(s);
		return rc;
	}
	struct firm_projection *rows;
	size_t n;
	rc = store_projections_get(s, c->arena, &rows, &n);
	if (rc != ST_OK)
		fprintf(stderr, "innomon: %s\n", store_errmsg(s));
	store_close(s);
	for (size_t i = 0; rc == ST_OK && i < n; i++)
		printf("%s %s %d\n", rows[i].indicator, rows[i].method, rows[i].near_points);
	return rc;
}
