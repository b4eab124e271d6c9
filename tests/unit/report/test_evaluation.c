/* test_evaluation.c - unit tests of report/evaluation.c and the report document
 * (report_doc.c) on a store holding the shipped plan and its shipped real figures (published),
 * plus one submitted revision that must stay out of the report: the final evaluation of 2025
 * has no "on track" and no "off track" (every target met, not met, without a 2025 figure, or
 * not assessable), the counts per verdict, the attention list and its order, the interim
 * evaluation of 2024 on the values up to 2024 only, the data-quality notes (a reported figure
 * against its formula's apart from totals against their parts), the detail table agreeing with
 * the verdicts (a formula's computed figure included), the method
 * constants with their words in both languages, and byte-identical HTML, Markdown and XLSX
 * from the same store and clock. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ingest/xlsx.h"
#include "report/evaluation.h"
#include "report/report.h"
#include "store/store.h"
#include "fixture.h"
#include "base/banned.h"

#define NOW "2026-03-01T08:00:00Z"

struct fixture {
	struct arena *arena;
	char tmpdir[64];
	char db[128];
	struct store *store;
	struct plan *plan;
	struct evaluation final, interim;
};

static struct fixture fx;

static int group_setup(void **state)
{
	(void)state;
	setenv("INNOMON_NOW", NOW, 1);
	fx.arena = arena_new();
	size_t n_new;
	if (fixture_shipped_plan(fx.arena, &fx.plan) != 0 || fixture_tmpdir(fx.tmpdir, fx.db, "eval") != 0 ||
	    fixture_store(fx.db, fx.plan, &fx.store) != 0 || fixture_shipped_figures(fx.store, fx.arena, fx.plan, &n_new) != 0 ||
	    n_new != 222)
		return -1;
	/* a submitted figure awaiting review: listed as pending, never used */
	if (fixture_submitted_figures(fx.store, fx.arena, fx.plan,
				      "indicator,region,period,value,source\n"
				      "tech_contract_turnover,changsha,2025,1999,pending figure\n") != 0)
		return -1;
	struct eval_options f = {NULL, "2025", OBS_VIEW_INTERNAL, NULL, NULL, 0, NULL, NULL, NULL};
	struct eval_options i = {NULL, "2024", OBS_VIEW_INTERNAL, NULL, NULL, 0, NULL, NULL, NULL};
	if (evaluation_build(fx.store, fx.arena, &f, &fx.final) != ST_OK ||
	    evaluation_build(fx.store, fx.arena, &i, &fx.interim) != ST_OK)
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	store_close(fx.store);
	arena_free(fx.arena);
	fixture_remove(fx.tmpdir, fx.db);
	return 0;
}

static int target_of(const struct evaluation *ev, const char *ind, const char *reg)
{
	for (size_t i = 0; i < ev->n_targets; i++)
		if (strcmp(ev->plan->indicators[ev->targets[i].row.indicator].code, ind) == 0 &&
		    strcmp(ev->plan->regions[ev->targets[i].row.region].code, reg) == 0)
			return (int)i;
	fail_msg("no target %s / %s", ind, reg);
	return -1;
}

static void test_evaluation_final_has_no_on_track(void **state)
{
	(void)state;
	const struct evaluation *ev = &fx.final;
	assert_int_equal(ev->is_final, 1);
	assert_string_equal(ev->period, "2025");
	assert_int_equal(ev->n_targets, 27);
	for (size_t i = 0; i < ev->n_targets; i++) {
		const struct eval_target *t = &ev->targets[i];
		assert_int_equal(t->is_final_period, 1);
		assert_int_not_equal(t->verdict, VERDICT_ON_TRACK);
		assert_int_not_equal(t->verdict, VERDICT_OFF_TRACK);
		/* met and not met rest on a figure of the target year itself */
		if (t->verdict == VERDICT_MET || t->verdict == VERDICT_NOT_MET)
			assert_true(t->row.a.latest_t >= 2025);
	}
	assert_int_equal(ev->n_verdict[VERDICT_ON_TRACK] + ev->n_verdict[VERDICT_OFF_TRACK], 0);
	assert_int_equal(ev->n_verdict_all[VERDICT_ON_TRACK] + ev->n_verdict_all[VERDICT_OFF_TRACK], 0);
}

static void test_evaluation_final_counts(void **state)
{
	(void)state;
	const struct evaluation *ev = &fx.final;
	/* the shipped figures with the 2025 statistical bulletins (docs/data.md) */
	assert_int_equal(ev->n_headline, 14);
	assert_int_equal(ev->n_verdict[VERDICT_MET], 1);
	assert_int_equal(ev->n_verdict[VERDICT_NOT_MET], 0);
	assert_int_equal(ev->n_verdict[VERDICT_NO_FINAL], 11);
	assert_int_equal(ev->n_verdict[VERDICT_NOT_ASSESSED], 0);
	assert_int_equal(ev->n_no_final_at_target, 2);
	/* 长株潭 patents per 10,000 people: 60.8 computed for 2025-07 stands in for the year's end */
	assert_int_equal(ev->n_verdict[VERDICT_PROVISIONAL_MET], 2);
	const struct eval_target *pt = &ev->targets[target_of(ev, "invention_patents_per_10k", "czt")];
	assert_int_equal(pt->verdict, VERDICT_PROVISIONAL_MET);
	assert_int_equal(pt->row.j.basis, VB_SUB_ANNUAL);
	assert_string_equal(pt->row.j.fig->period, "2025-07");
	/* 自创区 technology contracts: the three cities' 2025 sum (2443.38亿) stands in, said in words */
	const struct eval_target *tc = &ev->targets[target_of(ev, "tech_contract_turnover", "zcq")];
	assert_int_equal(tc->verdict, VERDICT_PROVISIONAL_MET);
	assert_int_equal(tc->row.j.basis, VB_PROXY);
	assert_string_equal(fx.final.plan->regions[tc->row.j.fig_region].code, "czt");
	assert_true(fabs(tc->row.j.fig->value - 2443.38) < 1e-6);
	assert_int_equal(ev->n_verdict_all[VERDICT_NO_FINAL], 24);
	assert_int_equal(ev->n_verdict_all[VERDICT_MET], 1);
	assert_int_equal(ev->n_verdict_all[VERDICT_NOT_ASSESSED], 0);
	/* 长沙's rank: 8th in the 2022 edition meets "top ten", but 2022 is not 2025 */
	const struct eval_target *cs = &ev->targets[target_of(ev, "city_rank_changsha", "changsha")];
	assert_int_equal(cs->verdict, VERDICT_NO_FINAL);
	assert_int_equal(cs->row.a.status, PS_MET);
	assert_string_equal(cs->row.latest_period, "2022");
	/* 长沙高新区: 22nd in 2024, 15th in 2025 — 稳中有升 met on the 2025 figure itself */
	const struct eval_target *hz = &ev->targets[target_of(ev, "hightech_zone_rank", "cs-hitech")];
	assert_int_equal(hz->verdict, VERDICT_MET);
	assert_int_equal(hz->row.a.status, PS_MET);
	assert_string_equal(hz->row.latest_period, "2025");
	/* groups add up */
	size_t sum = 0;
	for (size_t g = 0; g < ev->n_groups; g++)
		for (int v = 0; v < VERDICT__COUNT; v++)
			sum += ev->groups[g].n_verdict[v];
	assert_int_equal(sum, ev->n_headline);
}

static void test_evaluation_attention_list(void **state)
{
	(void)state;
	const struct evaluation *ev = &fx.final;
	int want[3] = {target_of(ev, "city_rank_zz_xt", "xiangtan"), target_of(ev, "hightech_zone_rank", "zz-hitech"),
		       target_of(ev, "revenue_tiq", "zcq")};
	for (int k = 0; k < 3; k++) {
		assert_int_equal(ev->attention[k], want[k]);
		assert_int_equal(ev->targets[want[k]].attention, k + 1);
		assert_true(ev->targets[want[k]].is_headline);
	}
	/* the order: never a met or provisionally met target, tiers never rise back */
	for (int k = 0; k < 3; k++) {
		int tier = eval_attention_tier(&ev->targets[ev->attention[k]]);
		assert_true(tier >= 0);
		if (k > 0)
			assert_true(tier >= eval_attention_tier(&ev->targets[ev->attention[k - 1]]));
	}
	/* any headline target outside the list is in a tier no lower than the last one listed */
	int last = eval_attention_tier(&ev->targets[ev->attention[2]]);
	for (size_t i = 0; i < ev->n_targets; i++)
		if (ev->targets[i].is_headline && !ev->targets[i].attention && eval_attention_tier(&ev->targets[i]) >= 0)
			assert_true(eval_attention_tier(&ev->targets[i]) >= last);
	assert_int_equal(eval_attention_tier(&ev->targets[target_of(ev, "city_rank_changsha", "changsha")]), -1);
}

static void test_evaluation_interim_uses_values_up_to_period(void **state)
{
	(void)state;
	const struct evaluation *ev = &fx.interim;
	assert_int_equal(ev->is_final, 0);
	for (size_t i = 0; i < ev->n_values; i++)
		assert_true(ev->values[i].period_t <= 2024.0);
	/* 长沙高新区's 2025 rank is not there in 2024: one point says nothing of rising */
	const struct eval_target *hz = &ev->targets[target_of(ev, "hightech_zone_rank", "cs-hitech")];
	assert_int_equal(hz->row.series.n, 1);
	assert_int_equal(hz->verdict, VERDICT_NOT_ASSESSED);
	/* before the target year a met rank is met */
	assert_int_equal(ev->targets[target_of(ev, "city_rank_changsha", "changsha")].verdict, VERDICT_MET);
	assert_int_equal(ev->n_verdict[VERDICT_NO_FINAL], 0);
	size_t sum = 0;
	for (int v = 0; v < VERDICT__COUNT; v++)
		sum += ev->n_verdict[v];
	assert_int_equal(sum, ev->n_headline);
}

static size_t notes_of(const struct evaluation *ev, enum eval_note_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < ev->n_notes; i++)
		n += ev->notes[i].kind == k;
	assert_int_equal(n, ev->n_note_kind[k]);
	return n;
}

static void test_evaluation_quality_notes(void **state)
{
	(void)state;
	const struct evaluation *ev = &fx.final;
	/* every target but 长沙高新区's rank lacks its 2025 figure */
	assert_int_equal(notes_of(ev, EN_MISSING_FINAL), 26);
	assert_int_equal(notes_of(ev, EN_MISSING_PERIOD), 0);
	/* the submitted 长沙 2025 turnover is pending and not among the values */
	assert_int_equal(notes_of(ev, EN_PENDING), 1);
	for (size_t i = 0; i < ev->n_notes; i++)
		if (ev->notes[i].kind == EN_PENDING) {
			assert_string_equal(ev->notes[i].period, "2025");
			assert_string_equal(ev->notes[i].detail, "submitted");
			assert_true(ev->notes[i].value == 1999);
		}
	for (size_t i = 0; i < ev->n_values; i++)
		assert_true(ev->values[i].status == OBS_PUBLISHED);
	/* the shipped figures break the year-on-year warning once (湖南 turnover 2022) */
	assert_true(notes_of(ev, EN_RULE) >= 1);
	/* targets measured against their earliest published figure (长沙's five-type R&D centres
	 * have none since their one unattributable figure was dropped) */
	assert_int_equal(notes_of(ev, EN_BASELINE), 9);
	assert_int_equal(fx.interim.n_note_kind[EN_PENDING], 0); /* 2025 is after the 2024 report */
}

/* The detail table shows, for every target's indicator and region, the figure its verdict took
 * for that year: a computed formula figure too (长株潭's patents per 10,000 people, marked as
 * the formula's), so the table and the verdicts give one answer. */
static void test_evaluation_detail_agrees_with_targets(void **state)
{
	(void)state;
	const struct evaluation *ev = &fx.final;
	size_t n_checked = 0, n_formula = 0;
	for (size_t i = 0; i < ev->n_targets; i++) {
		const struct assess_row *row = &ev->targets[i].row;
		if (!row->latest_period)
			continue;
		const struct series_point *latest = NULL;
		for (size_t k = 0; k < row->series.n; k++)
			if (strcmp(row->series.pts[k].period, row->latest_period) == 0)
				latest = &row->series.pts[k];
		assert_non_null(latest);
		if (latest->year < ev->year_first || latest->year > ev->year_last)
			continue;
		const struct eval_detail_row *d = NULL;
		for (size_t k = 0; k < ev->n_detail; k++)
			if (ev->detail[k].indicator == row->indicator && ev->detail[k].region == row->region)
				d = &ev->detail[k];
		assert_non_null(d);
		size_t yi = (size_t)(latest->year - ev->year_first);
		if (!d->has[yi] || d->values[yi] != latest->value)
			fail_msg("%s/%s %s: the verdict's figure %.17g, the detail table's %s", ev->plan->indicators[row->indicator].code,
				 ev->plan->regions[row->region].code, row->latest_period, latest->value,
				 d->has[yi] ? "another" : "none");
		assert_int_equal(d->is_formula[yi], latest->is_formula);
		n_checked++;
		n_formula += (size_t)latest->is_formula;
	}
	assert_true(n_checked >= 9); /* the targets with a figure by 2025 */
	assert_true(n_formula >= 1); /* 长株潭's patents per 10,000 people */
	/* the sources annex cites what the report shows: every point of a target's series (its chart
	 * draws them), not a snapshot no table or chart shows (株洲's February 2021 patents, its
	 * year shown by the annual figure) */
	size_t n_shown = 0;
	for (size_t i = 0; i < ev->n_values; i++)
		n_shown += ev->is_shown[i];
	assert_int_equal(n_shown, ev->n_shown);
	assert_true(n_shown > 100 && n_shown < ev->n_values);
	for (size_t i = 0; i < ev->n_targets; i++)
		for (size_t k = 0; k < ev->targets[i].row.series.n; k++) {
			const struct obs *o = ev->targets[i].row.series.pts[k].obs;
			if (o)
				assert_true(ev->is_shown[o - ev->values]);
		}
	for (size_t i = 0; i < ev->n_values; i++)
		if (strcmp(ev->values[i].indicator, "invention_patents_per_10k") == 0 &&
		    strcmp(ev->values[i].region, "zhuzhou") == 0 && strcmp(ev->values[i].period, "2021-02") == 0)
			assert_false(ev->is_shown[i]);
	/* a reported figure against its formula's result is its own kind of note, not a total */
	assert_int_equal(notes_of(ev, EN_DISCREPANCY), 0);
	assert_true(notes_of(ev, EN_FORMULA_DIFF) >= 1);
	for (size_t i = 0; i < ev->n_notes; i++)
		if (ev->notes[i].kind == EN_FORMULA_DIFF)
			assert_string_equal(ev->plan->indicators[ev->notes[i].indicator].code, "invention_patents_per_10k");
}

static void test_evaluation_provenance(void **state)
{
	(void)state;
	const struct eval_provenance *pv = &fx.final.prov;
	assert_string_equal(pv->plan_code, "czt-2024");
	assert_int_equal(pv->plan_version, 1);
	assert_non_null(pv->plan_digest);
	assert_int_equal(strlen(pv->plan_digest), 64);
	assert_int_equal(strlen(pv->audit_head), 64);
	assert_int_equal(pv->audit_intact, 1);
	assert_true(pv->n_audit_events >= 2);
	assert_string_equal(pv->generated_utc, NOW);
	assert_string_equal(pv->generated_local, "2026-03-01 16:00");
}

static void test_progress_constants_have_words(void **state)
{
	(void)state;
	size_t n;
	const struct progress_constant *c = progress_constants(&n);
	assert_true(n >= 30);
	for (size_t i = 0; i < n; i++) {
		char key[96];
		snprintf(key, sizeof(key), "const.%s", c[i].name);
		assert_null(strstr(i18n(LANG_ZH, key), "missing"));
		assert_null(strstr(i18n(LANG_EN, key), "missing"));
	}
	/* the thresholds the annex prints are the ones the code applies */
	int seen = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(c[i].name, "PROGRESS_RATIO_ON_TRACK") == 0) {
			assert_true(c[i].value == 0.95);
			seen = 1;
		}
	assert_true(seen);
}

static void test_report_doc_numbered_and_complete(void **state)
{
	(void)state;
	struct report_doc d;
	report_doc_build(&fx.final, LANG_ZH, fx.arena, &d);
	assert_non_null(strstr(d.title, "监测评估报告"));
	assert_non_null(strstr(d.subtitle, "终期评估"));
	const char *want[] = {"一、", "二、", "三、", "四、", "五、", "附件1 ", "附件2 ", "附件3 ", "附件4 "};
	size_t k = 0, n_charts = 0, n_tables = 0;
	for (size_t i = 0; i < d.n_blocks; i++) {
		const struct doc_block *x = &d.blocks[i];
		if (x->kind == DB_HEADING && x->level == 1) {
			assert_true(k < sizeof(want) / sizeof(want[0]));
			assert_memory_equal(x->label, want[k], strlen(want[k]));
			k++;
		}
		n_charts += x->kind == DB_CHART;
		n_tables += x->kind == DB_TABLE;
		if (x->kind == DB_CHART)
			assert_true(fx.final.targets[x->target].row.series.n > 0);
		/* no message is missing from the catalogue */
		if (x->text)
			assert_null(strstr(x->text, "\xe2\x9f\xa6"));
	}
	assert_int_equal(k, sizeof(want) / sizeof(want[0]));
	assert_true(n_charts >= 5);
	assert_true(n_tables >= 10);
	/* the word "on track" never labels a target of the final evaluation */
	for (size_t i = 0; i < d.n_blocks; i++) {
		const struct doc_table *t = d.blocks[i].table;
		for (size_t c = 0; t && c < t->n_rows * t->n_cols; c++)
			if (t->cells[c].kind == DC_STATUS)
				assert_null(strstr(t->cells[c].text, "进度正常"));
	}
}

static void render(const struct evaluation *ev, enum lang lang, enum report_format f, struct buf *out)
{
	struct arena *a = arena_new();
	struct report_doc d;
	report_doc_build(ev, lang, a, &d);
	buf_init(out, 0);
	assert_int_equal(report_render(&d, f, out), ST_OK);
	arena_free(a);
}

static void test_report_render_is_reproducible(void **state)
{
	(void)state;
	const enum report_format fs[] = {REPORT_HTML, REPORT_MD, REPORT_XLSX};
	for (size_t i = 0; i < 3; i++) {
		struct buf a, b;
		render(&fx.final, LANG_EN, fs[i], &a);
		render(&fx.final, LANG_EN, fs[i], &b);
		assert_true(a.len > 1000);
		assert_int_equal(a.len, b.len);
		assert_memory_equal(a.p, b.p, a.len);
		buf_release(&a);
		buf_release(&b);
	}
	struct buf pdf;
	render(&fx.interim, LANG_ZH, REPORT_PDF, &pdf);
	assert_memory_equal(pdf.p, "%PDF-", 5);
	buf_release(&pdf);
}

/* A store of its own holding the shipped plan and the figures of csv with status st, and its
 * evaluation of 2025, in a. */
struct side {
	char tmpdir[64], db[128];
	struct store *s;
	struct evaluation ev;
};

static void side_open(struct side *sd, struct arena *a, const char *csv, enum obs_status st)
{
	assert_int_equal(fixture_tmpdir(sd->tmpdir, sd->db, "side"), 0);
	assert_int_equal(fixture_store(sd->db, fx.plan, &sd->s), 0);
	assert_int_equal(fixture_figures(sd->s, a, fx.plan, csv, st), 0);
	struct eval_options o = {NULL, "2025", OBS_VIEW_INTERNAL, NULL, NULL, 0, NULL, NULL, NULL};
	assert_int_equal(evaluation_build(sd->s, a, &o, &sd->ev), ST_OK);
}

static void side_close(struct side *sd)
{
	store_close(sd->s);
	fixture_remove(sd->tmpdir, sd->db);
}

/* More notes of a kind than a report lists (250 figures awaiting review): the evaluation counts
 * them all and keeps the first EVAL_NOTES_LISTED; the report gives the count, lists those and
 * says in both languages how many it leaves out; the JSON counts every kind, all of them. */
static void test_report_lists_a_bounded_number_of_notes(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct buf csv;
	buf_init(&csv, 0);
	bw(&csv, "indicator,region,period,value,source\n");
	for (int y = 1900; y <= 2025; y++) /* 126 and 124 figures */
		bwf(&csv, "tech_contract_turnover,changsha,%d,100,pending figure\n", y);
	for (int y = 1900; y <= 2023; y++)
		bwf(&csv, "tech_contract_turnover,zhuzhou,%d,100,pending figure\n", y);
	struct side sd;
	side_open(&sd, a, buf_str(&csv), OBS_SUBMITTED);
	buf_release(&csv);
	const struct evaluation ev = sd.ev;
	assert_int_equal(ev.n_note_kind[EN_PENDING], 250);
	assert_int_equal(ev.n_note_listed[EN_PENDING], EVAL_NOTES_LISTED);
	size_t kept = 0;
	for (size_t i = 0; i < ev.n_notes; i++)
		kept += ev.notes[i].kind == EN_PENDING;
	assert_int_equal(kept, EVAL_NOTES_LISTED);
	struct buf zh, en, json;
	render(&ev, LANG_ZH, REPORT_MD, &zh);
	render(&ev, LANG_EN, REPORT_MD, &en);
	render(&ev, LANG_EN, REPORT_JSON, &json);
	assert_non_null(strstr(buf_str(&zh), "有250条数据处于草稿、已报送或已退回状态"));
	assert_non_null(strstr(buf_str(&zh), "下表仅列出前200处，其余50处未列出。"));
	assert_non_null(strstr(buf_str(&en), "250 values up to the period are drafts"));
	assert_non_null(strstr(buf_str(&en), "Only the first 200 are listed below; 50 more are not."));
	assert_non_null(strstr(buf_str(&json), "\"pending\": 250"));
	assert_non_null(strstr(buf_str(&json), "\"formula_diff\":"));
	/* the workbook's sheet: the 200 rows, and under them what is left out */
	struct buf xlsx;
	render(&ev, LANG_EN, REPORT_XLSX, &xlsx);
	struct sheet sh;
	struct diag_list diags;
	diag_init(&diags, a);
	assert_int_equal(sheet_from_xlsx(a, "report.xlsx", xlsx.p, xlsx.len, "Pending", &sh, &diags), ST_OK);
	assert_int_equal(sh.n_rows, 1 + EVAL_NOTES_LISTED + 1);
	assert_int_equal(sh.rows[sh.n_rows - 1].line, 1 + EVAL_NOTES_LISTED + 2);
	assert_true(str_eq(sh.rows[sh.n_rows - 1].cells[0], "Only the first 200 are listed below; 50 more are not."));
	buf_release(&xlsx);
	buf_release(&zh);
	buf_release(&en);
	buf_release(&json);
	side_close(&sd);
	arena_free(a);
}

/* The sources annex: four or more figures in a row of one indicator and region from one source
 * share a row (their periods and count), in both languages; a shorter run, or a figure of
 * another source, keeps a row of its own with its value. */
static void test_report_sources_share_rows(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct buf csv;
	buf_init(&csv, 0);
	bw(&csv, "indicator,region,period,value,source\n");
	for (int y = 2010; y <= 2020; y++)
		bwf(&csv, "tech_contract_turnover,changsha,%d,100,one bulletin\n", y);
	bw(&csv, "tech_contract_turnover,changsha,2021,101,another bulletin\n"
		 "tech_contract_turnover,zhuzhou,2020,30,a third\ntech_contract_turnover,zhuzhou,2021,31,a third\n");
	struct side sd;
	side_open(&sd, a, buf_str(&csv), OBS_PUBLISHED);
	buf_release(&csv);
	struct buf zh, en;
	render(&sd.ev, LANG_ZH, REPORT_MD, &zh);
	render(&sd.ev, LANG_EN, REPORT_MD, &en);
	const char *annex = strstr(buf_str(&zh), "数据来源清单");
	assert_non_null(annex);
	assert_non_null(strstr(annex, "| tech\\_contract\\_turnover/changsha | 2010至2020 | 11个数据 |"));
	assert_non_null(strstr(annex, "| tech\\_contract\\_turnover/changsha | 2021 | 101"));
	assert_non_null(strstr(annex, "| tech\\_contract\\_turnover/zhuzhou | 2020 | 30"));
	assert_non_null(strstr(annex, "| tech\\_contract\\_turnover/zhuzhou | 2021 | 31"));
	assert_null(strstr(annex, "| tech\\_contract\\_turnover/changsha | 2015 |"));
	assert_non_null(strstr(buf_str(&en), "| 2010 to 2020 | 11 figures |"));
	buf_release(&zh);
	buf_release(&en);
	side_close(&sd);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_evaluation_final_has_no_on_track),
		cmocka_unit_test(test_evaluation_final_counts),
		cmocka_unit_test(test_evaluation_attention_list),
		cmocka_unit_test(test_evaluation_interim_uses_values_up_to_period),
		cmocka_unit_test(test_evaluation_quality_notes),
		cmocka_unit_test(test_evaluation_detail_agrees_with_targets),
		cmocka_unit_test(test_evaluation_provenance),
		cmocka_unit_test(test_progress_constants_have_words),
		cmocka_unit_test(test_report_doc_numbered_and_complete),
		cmocka_unit_test(test_report_render_is_reproducible),
		cmocka_unit_test(test_report_lists_a_bounded_number_of_notes),
		cmocka_unit_test(test_report_sources_share_rows),
	};
	int failed = cmocka_run_group_tests(tests, group_setup, group_teardown);
	report_pdf_release_fonts(); /* pango's, cairo's and fontconfig's caches: not leaks of ours */
	return failed;
}
