/* test_values.c - unit tests of app/values.h: which status a principal may write, rows outside
 * one's scope refused each by line, every bad row listed at once (with the caller's own parse
 * errors), dry runs, the four workflow moves with their rights, visibility and reason rule,
 * races, and the review queue. Refusals write nothing: the newest audit event stays. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <stdlib.h>

#include "app/plan.h"
#include "app/values.h"
#include "app/view_figures.h"
#include "app_fixture.h"
#include "ingest/plan_load.h"
#include "base/banned.h"

static struct app_fixture fx;

APP_FIXTURE_HOOKS(fx, "app-values", NULL)

/* A sheet of the CSV text (header and rows). */
static struct sheet *sheet_of(const char *csv)
{
	struct sheet *sh = app_fixture_sheet(&fx, csv);
	assert_non_null(sh);
	return sh;
}

#define HEAD "indicator,region,period,value,source\n"
#define KJT_ROW "tech_contract_turnover,changsha,2023,1234.5,统计公报\n"

/* A value of kjt's indicator entered by its reporter with status st; returns its id. */
static long long entered(enum obs_status st)
{
	struct import_result res;
	assert_int_equal(app_values_enter(app_fixture_as(&fx, WHO_KJT), sheet_of(HEAD KJT_ROW), st, NULL, 0, &res, &fx.errs), ST_OK);
	assert_int_equal(res.n_new, 1);
	struct obs_key key = {"tech_contract_turnover", "changsha", "2023"};
	struct obs *o;
	assert_int_equal(store_obs_latest(fx.store, fx.arena, &key, 1, &o), ST_OK);
	assert_non_null(o);
	return o->id;
}

static void test_values_enter_status_rights(void **state)
{
	(void)state;
	struct import_result res;
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_values_enter(app_fixture_as(&fx, WHO_ANON), sheet_of(HEAD KJT_ROW), OBS_DRAFT, NULL, 0, &res, &fx.errs),
			 ST_UNAUTH);
	assert_int_equal(app_values_enter(app_fixture_as(&fx, WHO_READER), sheet_of(HEAD KJT_ROW), OBS_DRAFT, NULL, 0, &res, &fx.errs),
			 ST_DENIED);
	assert_int_equal(fx.errs.n, 0);
	/* a reporter drafts and submits; approving and publishing are the department's */
	assert_int_equal(app_values_enter(app_fixture_as(&fx, WHO_KJT), sheet_of(HEAD KJT_ROW), OBS_APPROVED, NULL, 0, &res, &fx.errs),
			 ST_DENIED);
	assert_int_equal(app_values_enter(app_fixture_as(&fx, WHO_KJT), sheet_of(HEAD KJT_ROW), OBS_PUBLISHED, NULL, 0, &res, &fx.errs),
			 ST_DENIED);
	assert_int_equal(fx.errs.n, 0);
	/* nobody writes a returned value */
	assert_int_equal(app_values_enter(app_fixture_as(&fx, WHO_ADMIN), sheet_of(HEAD KJT_ROW), OBS_RETURNED, NULL, 0, &res, &fx.errs),
			 ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "status", "bad_value"));
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* under the four-eyes rule (the default) nobody writes an approved value at once */
	assert_int_equal(app_values_enter(app_fixture_as(&fx, WHO_ANALYST), sheet_of(HEAD KJT_ROW), OBS_APPROVED, NULL, 0, &res, &fx.errs),
			 ST_DENIED);
	assert_true(app_fixture_has_error(&fx, "status", "four_eyes"));
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* with the rule off the department writes approved values */
	app_fixture_as(&fx, WHO_ANALYST)->four_eyes = "none";
	assert_int_equal(app_values_enter(&fx.ctx, sheet_of(HEAD KJT_ROW), OBS_APPROVED, NULL, 0, &res, &fx.errs), ST_OK);
	assert_int_equal(res.n_new, 1);
	assert_string_equal(res.changes[0].after.created_by, "ana");
	assert_true(app_fixture_audit_head(&fx) > head);
}

static void test_values_enter_rows_outside_scope(void **state)
{
	(void)state;
	struct import_result res;
	long long head = app_fixture_audit_head(&fx);
	/* amr's reporter: one row of its own indicator, two of kjt's */
	const char *csv = HEAD "other_patent_grants,changsha,2023,10,x\n" KJT_ROW "revenue_tiq,zcq,2023,5,x\n";
	assert_int_equal(app_values_enter(app_fixture_as(&fx, WHO_AMR), sheet_of(csv), OBS_SUBMITTED, NULL, 0, &res, &fx.errs), ST_DENIED);
	size_t n_forbidden = 0;
	for (size_t i = 0; i < fx.errs.n; i++)
		if (strcmp(fx.errs.items[i].code, "forbidden") == 0) {
			n_forbidden++;
			assert_true(fx.errs.items[i].line == 3 || fx.errs.items[i].line == 4);
		}
	assert_int_equal(n_forbidden, 2);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* the region reporter of Zhuzhou writes Zhuzhou's figures of any unit, no other region's */
	assert_int_equal(app_values_enter(app_fixture_as(&fx, WHO_REGION), sheet_of(HEAD "tech_contract_turnover,zhuzhou,2023,7,x\n"
										  "tech_contract_turnover,xiangtan,2023,8,x\n"),
					  OBS_DRAFT, NULL, 0, &res, &fx.errs),
			 ST_DENIED);
	assert_true(app_fixture_has_error(&fx, NULL, "forbidden"));
	assert_int_equal(app_fixture_audit_head(&fx), head);
}

static void test_values_enter_lists_every_problem(void **state)
{
	(void)state;
	struct import_result res;
	long long head = app_fixture_audit_head(&fx);
	const char *csv = HEAD "no_such_indicator,changsha,2023,1,x\n"
			       "tech_contract_turnover,atlantis,2023,1,x\n"
			       "tech_contract_turnover,changsha,20x3,1,x\n"
			       "tech_contract_turnover,xiangtan,2023,,x\n";
	assert_int_equal(app_values_enter(app_fixture_as(&fx, WHO_ADMIN), sheet_of(csv), OBS_DRAFT, NULL, 0, &res, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "indicator", "unknown_indicator"));
	assert_true(app_fixture_has_error(&fx, "region", "unknown_region"));
	assert_true(app_fixture_has_error(&fx, "period", "bad_period"));
	assert_true(app_fixture_has_error(&fx, "value", "missing"));
	assert_int_equal(diag_errors(&fx.errs), 4);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* the caller's own parse error: the rows are still checked (both listed), nothing written */
	app_fixture_as(&fx, WHO_ADMIN);
	(void)app_refuse(&fx.errs, ST_INVALID, "submit", "bad_type", NULL, "not a boolean");
	assert_int_equal(app_values_enter(&fx.ctx, sheet_of(HEAD "tech_contract_turnover,changsha,2023,1,x\n"
							    "tech_contract_turnover,changsha,2024,-,x\n"),
					  OBS_DRAFT, NULL, 0, &res, &fx.errs),
			 ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "submit", "bad_type"));
	assert_true(app_fixture_has_error(&fx, "value", "bad_number"));
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* and with nothing else wrong, still nothing written */
	app_fixture_as(&fx, WHO_ADMIN);
	(void)app_refuse(&fx.errs, ST_INVALID, "submit", "bad_type", NULL, "not a boolean");
	assert_int_equal(app_values_enter(&fx.ctx, sheet_of(HEAD KJT_ROW), OBS_DRAFT, NULL, 0, &res, &fx.errs), ST_INVALID);
	assert_int_equal(fx.errs.n, 1);
	assert_int_equal(app_fixture_audit_head(&fx), head);
}

static void test_values_enter_dry_run_then_write(void **state)
{
	(void)state;
	struct import_result res;
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_values_enter(app_fixture_as(&fx, WHO_KJT), sheet_of(HEAD KJT_ROW), OBS_DRAFT, NULL, 1, &res, &fx.errs), ST_OK);
	assert_int_equal(res.n_new, 1);
	assert_int_equal(res.batch_id, 0);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	long long id = entered(OBS_DRAFT);
	struct obs *o;
	assert_int_equal(store_obs_get(fx.store, fx.arena, id, &o), ST_OK);
	assert_int_equal(o->status, OBS_DRAFT);
	assert_string_equal(o->created_by, "kjt-rep");
	/* the same again changes nothing */
	assert_int_equal(app_values_enter(app_fixture_as(&fx, WHO_KJT), sheet_of(HEAD KJT_ROW), OBS_DRAFT, NULL, 0, &res, &fx.errs), ST_OK);
	assert_int_equal(res.n_unchanged, 1);
	assert_int_equal(res.n_changes, 0);
}

static void test_value_move_rights_and_visibility(void **state)
{
	(void)state;
	struct obs *out;
	long long id = entered(OBS_DRAFT), head = app_fixture_audit_head(&fx);
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ANON), id, OBS_SUBMITTED, NULL, &out, &fx.errs), ST_UNAUTH);
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_READER), id, OBS_SUBMITTED, NULL, &out, &fx.errs), ST_DENIED);
	/* a draft is invisible outside its unit and region: as if absent */
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_AMR), id, OBS_SUBMITTED, NULL, &out, &fx.errs), ST_NOT_FOUND);
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_REGION), id, OBS_SUBMITTED, NULL, &out, &fx.errs), ST_NOT_FOUND);
	assert_int_equal(fx.errs.n, 0);
	/* reviewing and publishing are the department's */
	for (enum who w = WHO_AMR; w <= WHO_READER; w++) {
		assert_int_equal(app_value_move(app_fixture_as(&fx, w), id, OBS_APPROVED, NULL, &out, &fx.errs), ST_DENIED);
		assert_int_equal(app_value_move(app_fixture_as(&fx, w), id, OBS_RETURNED, "why", &out, &fx.errs), ST_DENIED);
		assert_int_equal(app_value_move(app_fixture_as(&fx, w), id, OBS_PUBLISHED, NULL, &out, &fx.errs), ST_DENIED);
		assert_int_equal(fx.errs.n, 0);
	}
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_KJT), 999999, OBS_SUBMITTED, NULL, &out, &fx.errs), ST_NOT_FOUND);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* the owner submits, the department approves and publishes */
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_KJT), id, OBS_SUBMITTED, NULL, &out, &fx.errs), ST_OK);
	assert_int_equal(out->status, OBS_SUBMITTED);
	long long submitted = out->id;
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ANALYST), submitted, OBS_APPROVED, NULL, &out, &fx.errs), ST_OK);
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ANALYST), out->id, OBS_PUBLISHED, NULL, &out, &fx.errs), ST_OK);
	assert_int_equal(out->status, OBS_PUBLISHED);
	assert_true(app_fixture_audit_head(&fx) > head);
}

static void test_value_move_input_and_races(void **state)
{
	(void)state;
	struct obs *out;
	long long id = entered(OBS_SUBMITTED), head = app_fixture_audit_head(&fx);
	/* a return needs a reason, and is checked before the revision is looked up */
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ANALYST), id, OBS_RETURNED, "  ", &out, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "reason", "missing"));
	assert_string_equal(fx.errs.items[0].key, "error.reason_missing");
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ANALYST), 999999, OBS_RETURNED, NULL, &out, &fx.errs), ST_INVALID);
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ANALYST), id, OBS_RETURNED, "bad\001text", &out, &fx.errs),
			 ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "reason", "bad_value"));
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ADMIN), id, OBS_DRAFT, NULL, &out, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "to", "bad_value"));
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* returned with its reason; the old revision can no longer move */
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ANALYST), id, OBS_RETURNED, "来源不清", &out, &fx.errs), ST_OK);
	assert_int_equal(out->status, OBS_RETURNED);
	assert_string_equal(out->reason, "来源不清");
	head = app_fixture_audit_head(&fx);
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ANALYST), id, OBS_APPROVED, NULL, &out, &fx.errs), ST_CONFLICT);
	assert_true(app_fixture_has_error(&fx, NULL, "conflict"));
	/* a returned value is not published */
	struct obs *now;
	struct obs_key key = {"tech_contract_turnover", "changsha", "2023"};
	assert_int_equal(store_obs_latest(fx.store, fx.arena, &key, 1, &now), ST_OK);
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ADMIN), now->id, OBS_PUBLISHED, NULL, &out, &fx.errs), ST_CONFLICT);
	assert_int_equal(app_fixture_audit_head(&fx), head);
}

/* Make tests/data/plans/every-kind (a qualitative target: ecosystem, hunan, 2030) the current
 * plan. */
static void use_every_kind_plan(void)
{
	const char *root = getenv("INNOMON_SOURCE_ROOT");
	struct plan *p;
	struct plan_save_result sr;
	struct app_ctx x;
	diag_init(&fx.errs, fx.arena);
	assert_int_equal(plan_load_dir(fx.arena, arena_printf(fx.arena, "%s/tests/data/plans/every-kind", root ? root : "."), &p,
				       &fx.errs),
			 ST_OK);
	app_ctx_init(&x, fx.store, fx.arena, app_operator());
	assert_int_equal(app_plan_save(&x, p, &sr, &fx.errs), ST_OK);
}

/* The verdict in effect on ecosystem/hunan as w sees it on the indicator page. */
static const struct app_verdict_by *verdict_shown(enum who w)
{
	struct app_indicator_view *v = arena_alloc(fx.arena, sizeof(*v));
	struct app_ctx *x = app_fixture_as(&fx, w);
	const struct plan *p;
	assert_int_equal(app_plan(x, &p), ST_OK);
	int ind = plan_find_indicator(p, "ecosystem");
	assert_int_equal(app_indicator_view(x, ind, 0, v, &fx.errs), ST_OK);
	for (size_t i = 0; i < v->n_rows; i++)
		if (strcmp(p->regions[v->rows[i].region].code, "hunan") == 0)
			return &v->verdicts[i];
	fail_msg("no ecosystem target in hunan");
	return NULL;
}

static void test_target_review(void **state)
{
	(void)state;
	use_every_kind_plan();
	struct obs *out;
	struct app_target_verdict ok = {"ecosystem", "hunan", "2026", "met", "  生态建设里程碑全部完成  "};
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_target_review(app_fixture_as(&fx, WHO_ANON), &ok, &out, &fx.errs), ST_UNAUTH);
	for (enum who w = WHO_AMR; w <= WHO_READER; w++) {
		assert_int_equal(app_target_review(app_fixture_as(&fx, w), &ok, &out, &fx.errs), ST_DENIED);
		assert_int_equal(fx.errs.n, 0);
	}
	/* every problem at once */
	struct app_target_verdict bad = {"ecosystem", "hunan", "2031", "maybe", " "};
	assert_int_equal(app_target_review(app_fixture_as(&fx, WHO_ANALYST), &bad, &out, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "year", "bad_year"));
	assert_true(app_fixture_has_error(&fx, "verdict", "bad_value"));
	assert_true(app_fixture_has_error(&fx, "reason", "missing"));
	assert_int_equal(fx.errs.n, 3);
	struct app_target_verdict nothing = {"gdp", "hunan", "2026", "met", "x"};
	assert_int_equal(app_target_review(app_fixture_as(&fx, WHO_ANALYST), &nothing, &out, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "indicator", "not_qualitative"));
	struct app_target_verdict nowhere = {"ecosystem", "atlantis", "2026", "met", "x"};
	assert_int_equal(app_target_review(app_fixture_as(&fx, WHO_ANALYST), &nowhere, &out, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "region", "unknown_reference"));
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* recorded under four eyes (the default): submitted, 1 for met, the reason trimmed, the
	 * reviewer its author; the reviewer cannot approve it, a second one can */
	assert_int_equal(app_target_review(app_fixture_as(&fx, WHO_ANALYST), &ok, &out, &fx.errs), ST_OK);
	assert_int_equal(out->value, 1);
	assert_int_equal(out->status, OBS_SUBMITTED);
	assert_string_equal(out->note, "生态建设里程碑全部完成");
	assert_string_equal(out->created_by, "ana");
	long long verdict_id = out->id;
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ANALYST), verdict_id, OBS_APPROVED, NULL, &out, &fx.errs),
			 ST_DENIED);
	assert_true(app_fixture_has_error(&fx, NULL, "four_eyes"));
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ADMIN), verdict_id, OBS_APPROVED, NULL, &out, &fx.errs), ST_OK);
	assert_int_equal(out->status, OBS_APPROVED);
	assert_int_equal(out->value, 1);
	/* the indicator page names the reviewer who gave it and the one who approved it; the public
	 * sees no verdict in effect until it is published */
	const struct app_verdict_by *by = verdict_shown(WHO_ANALYST);
	assert_non_null(by->verdict);
	assert_int_equal(by->verdict->value, 1);
	assert_string_equal(by->given_by, "ana");
	assert_string_equal(by->approved_by, "boss");
	assert_non_null(by->given_at);
	assert_non_null(by->approved_at);
	assert_null(verdict_shown(WHO_ANON)->verdict);
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ANALYST), out->id, OBS_PUBLISHED, NULL, &out, &fx.errs), ST_OK);
	by = verdict_shown(WHO_ANON);
	assert_string_equal(by->given_by, "ana");
	assert_string_equal(by->approved_by, "boss"); /* not the analyst who published it */
	/* a second verdict approved, then a third written in effect at once (the rule off): the
	 * third is its reviewer's alone, not taken for the approved one */
	assert_int_equal(app_target_review(app_fixture_as(&fx, WHO_ANALYST), &ok, &out, &fx.errs), ST_OK);
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ADMIN), out->id, OBS_APPROVED, NULL, &out, &fx.errs), ST_OK);
	assert_int_equal(out->revision, 5);
	struct app_target_verdict later = {"ecosystem", "hunan", "2026", "not_met", "复核发现两项里程碑逾期"};
	struct app_ctx *x = app_fixture_as(&fx, WHO_ADMIN);
	x->four_eyes = "none";
	assert_int_equal(app_target_review(x, &later, &out, &fx.errs), ST_OK);
	assert_int_equal(out->value, 0);
	assert_int_equal(out->status, OBS_PUBLISHED);
	assert_int_equal(out->revision, 6);
	by = verdict_shown(WHO_READER);
	assert_int_equal(by->verdict->value, 0);
	assert_string_equal(by->given_by, "boss");
	assert_null(by->approved_by);
}

/* The four-eyes rule: nobody approves a value they entered, imported or submitted. */
static void test_four_eyes_approval(void **state)
{
	(void)state;
	struct import_result res;
	struct obs *out;
	/* the analyst enters a value and cannot approve it; another person can */
	assert_int_equal(app_values_enter(app_fixture_as(&fx, WHO_ANALYST), sheet_of(HEAD KJT_ROW), OBS_SUBMITTED, NULL, 0, &res, &fx.errs),
			 ST_OK);
	struct obs_key key = {"tech_contract_turnover", "changsha", "2023"};
	struct obs *o;
	assert_int_equal(store_obs_latest(fx.store, fx.arena, &key, 1, &o), ST_OK);
	long long head = app_fixture_audit_head(&fx);
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ANALYST), o->id, OBS_APPROVED, NULL, &out, &fx.errs), ST_DENIED);
	assert_true(app_fixture_has_error(&fx, NULL, "four_eyes"));
	assert_null(out);
	assert_int_equal(app_fixture_audit_head(&fx), head);
	/* a return is the reviewer's move: whoever returned may approve what comes back */
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ADMIN), o->id, OBS_RETURNED, "来源不清", &out, &fx.errs), ST_OK);
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ANALYST), out->id, OBS_SUBMITTED, NULL, &out, &fx.errs), ST_OK);
	long long again = out->id;
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ANALYST), again, OBS_APPROVED, NULL, &out, &fx.errs), ST_DENIED);
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ADMIN), again, OBS_APPROVED, NULL, &out, &fx.errs), ST_OK);
	assert_string_equal(out->created_by, "boss");
	/* once approved, a new round: the reporter's new figure, submitted by the analyst: neither
	 * may approve it, the administrator may */
	const char *row = HEAD "tech_contract_turnover,changsha,2023,1300,统计公报\n";
	assert_int_equal(app_values_enter(app_fixture_as(&fx, WHO_KJT), sheet_of(row), OBS_DRAFT, NULL, 0, &res, &fx.errs), ST_OK);
	assert_int_equal(store_obs_latest(fx.store, fx.arena, &key, 1, &o), ST_OK);
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ANALYST), o->id, OBS_SUBMITTED, NULL, &out, &fx.errs), ST_OK);
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_KJT), out->id, OBS_APPROVED, NULL, &o, &fx.errs), ST_DENIED);
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ANALYST), out->id, OBS_APPROVED, NULL, &o, &fx.errs), ST_DENIED);
	assert_true(app_fixture_has_error(&fx, NULL, "four_eyes"));
	assert_int_equal(app_value_move(app_fixture_as(&fx, WHO_ADMIN), out->id, OBS_APPROVED, NULL, &o, &fx.errs), ST_OK);
	/* with the rule off one person may enter and approve */
	row = HEAD "tech_contract_turnover,changsha,2024,99,统计公报\n";
	app_fixture_as(&fx, WHO_ANALYST)->four_eyes = "none";
	assert_int_equal(app_values_enter(&fx.ctx, sheet_of(row), OBS_SUBMITTED, NULL, 0, &res, &fx.errs), ST_OK);
	struct obs_key k24 = {"tech_contract_turnover", "changsha", "2024"};
	assert_int_equal(store_obs_latest(fx.store, fx.arena, &k24, 1, &o), ST_OK);
	app_fixture_as(&fx, WHO_ANALYST)->four_eyes = "none";
	assert_int_equal(app_value_move(&fx.ctx, o->id, OBS_APPROVED, NULL, &out, &fx.errs), ST_OK);
}

static void test_review_queue(void **state)
{
	(void)state;
	struct obs *rows;
	size_t n, total;
	long long id = entered(OBS_SUBMITTED);
	assert_int_equal(app_review_queue(app_fixture_as(&fx, WHO_KJT), OBS_SUBMITTED, 0, 0, &rows, &n, &total, &fx.errs), ST_DENIED);
	assert_int_equal(app_review_queue(app_fixture_as(&fx, WHO_ANON), OBS_SUBMITTED, 0, 0, &rows, &n, &total, &fx.errs), ST_UNAUTH);
	assert_int_equal(app_review_queue(app_fixture_as(&fx, WHO_ANALYST), OBS_SUBMITTED, 0, 0, &rows, &n, &total, &fx.errs), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(total, 1);
	assert_int_equal(rows[0].id, id);
	assert_int_equal(app_review_queue(app_fixture_as(&fx, WHO_ANALYST), OBS_APPROVED, 0, 0, &rows, &n, &total, &fx.errs), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(app_review_queue(app_fixture_as(&fx, WHO_ANALYST), OBS_PUBLISHED, 0, 0, &rows, &n, &total, &fx.errs), ST_INVALID);
	assert_true(app_fixture_has_error(&fx, "status", "bad_value"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_values_enter_status_rights, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values_enter_rows_outside_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values_enter_lists_every_problem, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values_enter_dry_run_then_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_move_rights_and_visibility, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_move_input_and_races, setup, teardown),
		cmocka_unit_test_setup_teardown(test_target_review, setup, teardown),
		cmocka_unit_test_setup_teardown(test_four_eyes_approval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_queue, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
