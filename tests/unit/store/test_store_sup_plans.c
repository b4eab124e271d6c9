/* test_store_sup_plans.c - task supervision of two plans in force in one store (SQLite, or
 * PostgreSQL under tools/pg-test.sh), through store/supervise.h and supervise/'s operations
 * and tick: the shipped plan and a twin under another code (the same periods, measures and
 * units) each open a 2026Q1 cycle; a unit reports on measure 1 in each; the reports, the
 * evidence, the notices the rules raise for each plan and the events stay apart, each naming
 * its plan. And the upgrade of a store made at migration 0019 (cycles unique per period)
 * holding cycles, reports, notices, replies and events: nothing lost, every notice and event
 * given its plan, the rules' keys naming it, the constraints and triggers kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/clock.h"
#include "fixture.h"
#include "testdb.h"
#include "store/store.h"
#include "supervise/supervise.h"
#include "base/banned.h"

#define PLAN_A "czt-2024"
#define PLAN_B "twin-2026"

struct fixture {
	struct arena *arena;
	struct plan *a, *b;
	char tmpdir[64];
	char db[128];
	struct store *store;
	long long kjt_user;
};

static struct fixture fx;

static int group_setup(void **state)
{
	(void)state;
	fx.arena = arena_new();
	if (fixture_shipped_plan(fx.arena, &fx.a) != 0)
		return -1;
	/* both in force through 2026; the twin is the same plan under another code */
	fx.a->info.valid_until = "2026-12-31";
	fx.b = arena_alloc(fx.arena, sizeof(*fx.b));
	*fx.b = *fx.a;
	fx.b->info.code = PLAN_B;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	arena_free(fx.arena);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	struct plan_save_result res;
	struct user u = {0, "kjt-rep", NULL, ROLE_UNIT_REPORTER, "kjt", NULL, 0, 0, NULL};
	if (fixture_tmpdir(fx.tmpdir, fx.db, "supplans") != 0 || fixture_store(fx.db, fx.a, &fx.store) != 0)
		return -1;
	if (store_plan_save(fx.store, fx.b, "test", &res) != ST_OK || store_user_add(fx.store, &u, "hash", &fx.kjt_user) != ST_OK) {
		fprintf(stderr, "setup: %s\n", store_errmsg(fx.store));
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(fx.store);
	fx.store = NULL;
	fixture_remove(fx.tmpdir, fx.db);
	return 0;
}

static long long scalar(const char *sql)
{
	return testdb_int(fx.db, sql);
}

/* The text of the first column of the first row of sql ("" when none), in the arena. */
static const char *text_of(const char *sql)
{
	struct buf out;
	char err[256];
	buf_init(&out, 0);
	if (testdb_query(fx.db, sql, NULL, &out, err, sizeof(err)) != 0)
		fail_msg("%s: %s", sql, err);
	const char *s = buf_str(&out);
	size_t len = strcspn(s, "|\n");
	const char *t = arena_strndup(fx.arena, s, len);
	buf_release(&out);
	return t;
}

static time_t at(const char *utc)
{
	time_t t;
	assert_true(clock_parse_utc(utc, &t));
	return t;
}

static void test_two_plans_keep_their_supervision_apart(void **state)
{
	(void)state;
	struct sup_error err = {0};
	struct sup_cycle *ca, *cb, *c;
	struct sup_report *ra, *rb, *rows;
	size_t n;
	/* each plan opens its own 2026Q1 cycle; a plan's second is a conflict */
	assert_int_equal(sup_cycle_open(fx.store, fx.arena, fx.a, "2026Q1", "2026-04-15", &ca, &err), ST_OK);
	assert_int_equal(sup_cycle_open(fx.store, fx.arena, fx.b, "2026Q1", "2026-04-15", &cb, &err), ST_OK);
	assert_int_not_equal(ca->id, cb->id);
	assert_string_equal(ca->plan_code, PLAN_A);
	assert_string_equal(cb->plan_code, PLAN_B);
	assert_int_equal(sup_cycle_open(fx.store, fx.arena, fx.b, "2026Q1", "2026-04-15", &c, &err), ST_CONFLICT);
	assert_string_equal(err.code, "cycle_exists");
	assert_int_equal(store_sup_cycle_get(fx.store, fx.arena, PLAN_B, "2026Q1", &c), ST_OK);
	assert_int_equal(c->id, cb->id);
	assert_int_equal(store_sup_cycle_get(fx.store, fx.arena, "no-such-plan", "2026Q1", &c), ST_NOT_FOUND);
	assert_int_equal(sup_cycle_find(fx.store, fx.arena, PLAN_A, "2026年第一季度", &c, &err), ST_OK);
	assert_int_equal(c->id, ca->id);
	assert_int_equal(store_sup_cycles(fx.store, fx.arena, PLAN_A, &c, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(c[0].plan_code, PLAN_A);
	assert_int_equal(store_sup_cycles(fx.store, fx.arena, NULL, &c, &n), ST_OK);
	assert_int_equal(n, 2);

	/* kjt reports on measure 1 in each: submitted in A, a draft in B */
	struct sup_report_input in_a = {PROGRESS_ON_TRACK, "甲规划举措1进展", NULL}, in_b = {PROGRESS_DELAYED, "乙规划举措1进展", NULL};
	assert_int_equal(sup_report_save(fx.store, fx.arena, fx.a, ca, 1, "kjt", &in_a, 1, 0, &ra, &err), ST_OK);
	assert_int_equal(sup_report_save(fx.store, fx.arena, fx.b, cb, 1, "kjt", &in_b, 0, 0, &rb, &err), ST_OK);
	assert_string_equal(ra->plan_code, PLAN_A);
	assert_string_equal(rb->plan_code, PLAN_B);
	assert_int_equal(rb->revision, 1); /* not a second revision of A's */
	assert_int_equal(store_sup_reports(fx.store, fx.arena, ca->id, 1, "kjt", &rows, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].narrative, "甲规划举措1进展");
	assert_int_equal(rows[0].state, REPORT_SUBMITTED);
	assert_int_equal(store_sup_reports(fx.store, fx.arena, cb->id, 1, "kjt", &rows, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].narrative, "乙规划举措1进展");
	assert_int_equal(rows[0].state, REPORT_DRAFT);
	assert_string_equal(rows[0].plan_code, PLAN_B);

	/* evidence kept for B's report is B's alone */
	static const char pdf[] = "%PDF-1.4\n% evidence\n";
	struct sup_settings cfg = {.evidence_max_bytes = 1 << 20, .reminder_days = 0};
	long long eid;
	assert_int_equal(sup_evidence_add(fx.store, fx.arena, &cfg, cb, 1, "kjt", "证明.pdf", pdf, sizeof(pdf) - 1, fx.kjt_user,
					  &eid, &err),
			 ST_OK);
	struct sup_evidence *files, *e;
	const char *period;
	assert_int_equal(store_sup_evidence_list(fx.store, fx.arena, ca->id, 1, "kjt", &files, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_sup_evidence_list(fx.store, fx.arena, cb->id, 1, "kjt", &files, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_sup_evidence_get(fx.store, fx.arena, eid, &e, &period), ST_OK);
	assert_string_equal(e->plan_code, PLAN_B);
	assert_string_equal(period, "2026Q1");

	/* closing A's cycle leaves B's open */
	assert_int_equal(store_sup_cycle_close(fx.store, PLAN_A, "2026Q1"), ST_OK);
	assert_int_equal(store_sup_cycle_get(fx.store, fx.arena, PLAN_B, "2026Q1", &c), ST_OK);
	assert_true(c->is_open);
	assert_int_equal(store_sup_cycle_close(fx.store, PLAN_A, "2026Q1"), ST_CONFLICT);

	/* past the deadline the rules run for each plan: A's 213 reports missing (kjt submitted),
	 * B's 214 (kjt's is a draft); once */
	long long owed = scalar("SELECT count(*) FROM cycle_duties d JOIN cycles c ON c.id = d.cycle_id WHERE c.plan_code = 'twin-2026'");
	struct sup_tick_result res;
	assert_int_equal(supervise_tick(fx.store, &cfg, at("2026-04-16T00:00:00Z"), &res), ST_OK);
	assert_int_equal(res.n_raised, 2 * owed - 1);
	assert_int_equal(supervise_tick(fx.store, &cfg, at("2026-04-16T01:00:00Z"), &res), ST_OK);
	assert_int_equal(res.n_raised, 0);
	struct sup_notice *ns;
	struct sup_notice_filter f = {.unit = "kjt", .measure = 1, .period = "2026Q1", .plan_code = PLAN_A};
	assert_int_equal(store_sup_notices(fx.store, fx.arena, &f, &ns, &n), ST_OK);
	assert_int_equal(n, 0);
	f.plan_code = PLAN_B;
	assert_int_equal(store_sup_notices(fx.store, fx.arena, &f, &ns, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ns[0].cycle_id, cb->id);
	assert_string_equal(ns[0].plan_code, PLAN_B);
	assert_string_equal(ns[0].dedup_key, "report_missing:twin-2026:2026Q1:1:kjt");
	f.plan_code = NULL;
	assert_int_equal(store_sup_notices(fx.store, fx.arena, &f, &ns, &n), ST_OK);
	assert_int_equal(n, 1);
	struct sup_notice_filter all_a = {.plan_code = PLAN_A}, all_b = {.plan_code = PLAN_B};
	assert_int_equal(store_sup_notices(fx.store, fx.arena, &all_a, &ns, &n), ST_OK);
	assert_int_equal((long long)n, owed - 1);
	assert_int_equal(store_sup_notices(fx.store, fx.arena, &all_b, &ns, &n), ST_OK);
	assert_int_equal((long long)n, owed);
	/* a notice by hand is its plan's, filed under that plan's open cycle */
	long long id;
	assert_int_equal(sup_notice_raise_manual(fx.store, fx.b, "kjt", 1, "请补报", NULL, 5, &id, &err), ST_OK);
	struct sup_notice *one;
	assert_int_equal(store_sup_notice_get(fx.store, fx.arena, id, &one), ST_OK);
	assert_string_equal(one->plan_code, PLAN_B);
	assert_string_equal(one->period, "2026Q1");

	/* the unit's inbox: each plan's opening, each naming its plan (the second is no duplicate
	 * of the first), and the notices of each plan */
	struct sup_notification *inbox;
	assert_int_equal(store_sup_inbox(fx.store, fx.arena, fx.kjt_user, 0, 1000, &inbox, &n), ST_OK);
	int opened_a = 0, opened_b = 0, m1_a = 0, m1_b = 0;
	for (size_t i = 0; i < n; i++) {
		int is_a = inbox[i].plan_code && strcmp(inbox[i].plan_code, PLAN_A) == 0;
		int is_b = inbox[i].plan_code && strcmp(inbox[i].plan_code, PLAN_B) == 0;
		assert_true(is_a || is_b);
		if (strcmp(inbox[i].kind, "cycle.opened") == 0) {
			opened_a += is_a, opened_b += is_b;
			assert_non_null(strstr(inbox[i].link, is_a ? "plan=czt-2024" : "plan=twin-2026"));
		}
		if (strcmp(inbox[i].kind, "notice.raised") == 0 && inbox[i].measure == 1)
			m1_a += is_a, m1_b += is_b;
	}
	assert_int_equal(opened_a, 1);
	assert_int_equal(opened_b, 1);
	assert_int_equal(m1_a, 0);
	assert_int_equal(m1_b, 2); /* the rule's and the one by hand */
	assert_int_equal(scalar("SELECT count(*) FROM sup_events WHERE plan_code IS NULL"), 0);
}

/* ---- the upgrade from migration 0019 --------------------------------------------------------- */

/* Rows as innomon wrote them before 0020: one plan's cycle of 2025Q3 with its duties, two
 * revisions of a report, notices of each kind (one by hand, filed under the period; an
 * indicator notice of a period without a cycle), a reply, events with the keys and links of
 * then. A second plan, created later, holds nothing yet. Ids from 1001 (PostgreSQL's identity
 * sequences do not move for given ids). */
static const char *const rows_0019[] = {
	"INSERT INTO plans (id, code, created_at) VALUES (1001, 'czt-2024', '2024-03-01T00:00:00Z'),"
	" (1002, 'later-2026', '2025-01-01T00:00:00Z')",
	"INSERT INTO code_unit (code) VALUES ('kjt'), ('amr')",
	"INSERT INTO milestones (id, plan_code, code, measure, title_zh, owner, due_date, created_at, updated_at, updated_by)"
	" VALUES (1001, 'czt-2024', 'm1', 1, '里程碑', 'kjt', '2025-06-30', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'cli')",
	"INSERT INTO cycles (id, plan_code, period, deadline, status, opened_at, opened_by) VALUES (1007, 'czt-2024', '2025Q3',"
	" '2025-10-15T15:59:59Z', 'open', '2025-07-01T00:00:00Z', 'admin')",
	"INSERT INTO cycle_duties (cycle_id, measure, unit, role) VALUES (1007, 1, 'kjt', 'lead'), (1007, 1, 'amr', 'co')",
	"INSERT INTO reports (id, cycle_id, measure, unit, revision, state, progress, narrative, created_at, created_by) VALUES"
	" (1001, 1007, 1, 'kjt', 1, 'draft', 'on_track', '初稿', '2025-07-02T00:00:00Z', 'kjt-rep'),"
	" (1002, 1007, 1, 'kjt', 2, 'submitted', 'on_track', '定稿', '2025-07-03T00:00:00Z', 'kjt-rep')",
	"INSERT INTO notices (id, rule_code, dedup_key, unit, measure, period, cycle_id, milestone_id, indicator, region, subject,"
	" level, status, reply_due, raised_at, raised_by) VALUES"
	" (1001, 'report-missing', 'report_missing:2025Q3:1:amr', 'amr', 1, '2025Q3', 1007, NULL, NULL, NULL, '逾期未报', 1,"
	" 'open', '2025-10-21T15:59:59Z', '2025-10-16T00:00:00Z', 'system'),"
	" (1002, 'milestone-overdue', 'milestone_overdue:czt-2024:m1', 'kjt', 1, '2025Q3', NULL, 1001, NULL, NULL, '里程碑逾期', 1,"
	" 'open', '2025-07-11T15:59:59Z', '2025-07-01T00:00:00Z', 'system'),"
	" (1003, NULL, NULL, 'kjt', 1, '2025Q3', NULL, NULL, NULL, NULL, '请说明', 1, 'answered', '2025-07-11T15:59:59Z',"
	" '2025-07-01T00:00:00Z', 'admin'),"
	" (1004, 'indicator-off-track', 'indicator_off_track:ind1:reg1:2024:kjt', 'kjt', 1, '2024Q4', NULL, NULL, 'ind1',"
	" 'reg1', '指标滞后', 1, 'open', '2025-01-21T15:59:59Z', '2025-01-06T00:00:00Z', 'system')",
	"INSERT INTO notice_replies (id, notice_id, body, created_at, created_by) VALUES (1001, 1003, '已说明',"
	" '2025-07-02T00:00:00Z', 'kjt-rep')",
	"INSERT INTO sup_events (id, kind, dedup_key, object_type, object_id, unit, measure, period, link, text, created_at) VALUES"
	" (1001, 'cycle.opened', 'cycle.opened:2025Q3:kjt', 'cycle', '1007', 'kjt', NULL, '2025Q3', '/reporting?cycle=2025Q3',"
	" '开启', '2025-07-01T00:00:00Z'),"
	" (1002, 'report.submitted', NULL, 'report', '1002', 'kjt', 1, '2025Q3', '/reporting/2025Q3/1/kjt', NULL,"
	" '2025-07-03T00:00:00Z'),"
	" (1003, 'reminder.report', 'reminder.report:2025Q3:amr', 'cycle', '1007', 'amr', NULL, '2025Q3',"
	" '/reporting?cycle=2025Q3', '将截止', '2025-10-12T00:00:00Z'),"
	" (1004, 'notice.raised', NULL, 'notice', '1004', 'kjt', 1, '2024Q4', '/notices/1004', '指标滞后',"
	" '2025-01-06T00:00:00Z'),"
	" (1005, 'reminder.milestone', 'reminder.milestone:czt-2024:m1', 'milestone', '1001', 'kjt', 1, NULL, '/measures/1',"
	" '里程碑将到期', '2025-06-27T00:00:00Z')",
};

/* A draft is not in force: no reporting cycle is opened for it (its units could not even see
 * the plan), and the refusal says why; nothing is written. */
static void test_a_draft_plan_opens_no_cycle(void **state)
{
	(void)state;
	struct sup_error err = {0};
	struct sup_cycle *c;
	struct plan draft = *fx.b;
	draft.info.status = PLAN_STATUS_DRAFT;
	assert_int_equal(sup_cycle_open(fx.store, fx.arena, &draft, "2026Q1", "2026-04-15", &c, &err), ST_CONFLICT);
	assert_string_equal(err.code, "plan_draft");
	assert_non_null(strstr(err.msg, "draft"));
	assert_int_equal(store_sup_cycle_get(fx.store, fx.arena, PLAN_B, "2026Q1", &c), ST_NOT_FOUND);
	assert_int_equal(scalar("SELECT count(*) FROM sup_events"), 0);
	/* in force, the same plan opens it */
	assert_int_equal(sup_cycle_open(fx.store, fx.arena, fx.b, "2026Q1", "2026-04-15", &c, &err), ST_OK);
}

/* A notice names its plan on both back ends (0022): an empty plan is refused, as is an insert
 * that leaves the plan out (SQLite's default '' had let it in); with its plan it is raised. */
static void test_a_notice_names_its_plan(void **state)
{
	(void)state;
	long long id = 0;
	int is_new = 0;
	struct sup_notice nt = {.plan_code = "", .unit = "kjt", .measure = 1, .period = "2026Q1", .subject = "请说明",
				.body = "", .reply_due = "2026-04-21T15:59:59Z"};
	assert_int_equal(store_sup_notice_raise(fx.store, &nt, NULL, &id, &is_new), ST_STORE);
	assert_int_equal(scalar("SELECT count(*) FROM notices"), 0);
	struct buf out;
	char err[256];
	buf_init(&out, 0);
	assert_int_equal(testdb_query(fx.db,
				      "INSERT INTO notices (unit, measure, period, subject, level, status, reply_due, raised_at,"
				      " raised_by) VALUES ('kjt', 1, '2026Q1', 'x', 1, 'open', '2026-04-21T15:59:59Z',"
				      " '2026-04-01T00:00:00Z', 'admin')",
				      NULL, &out, err, sizeof(err)),
			 -1);
	buf_release(&out);
	nt.plan_code = PLAN_B;
	assert_int_equal(store_sup_notice_raise(fx.store, &nt, NULL, &id, &is_new), ST_OK);
	assert_int_equal(is_new, 1);
	assert_string_equal(text_of("SELECT plan_code FROM notices"), PLAN_B);
	buf_init(&out, 0);
	assert_int_equal(testdb_query(fx.db, "UPDATE notices SET plan_code = ''", NULL, &out, err, sizeof(err)), -1);
	buf_release(&out);
	assert_string_equal(text_of("SELECT plan_code FROM notices"), PLAN_B);
}

static void test_upgrade_from_0019_keeps_everything(void **state)
{
	(void)state;
	/* the fixture's store is not used: a store of its own, made at 0019 */
	store_close(fx.store);
	fx.store = NULL;
	fixture_remove(fx.tmpdir, fx.db);
	assert_int_equal(fixture_tmpdir(fx.tmpdir, fx.db, "sup0019"), 0);
	assert_int_equal(testdb_at_migration(fx.db, 19, rows_0019, sizeof(rows_0019) / sizeof(rows_0019[0])), 0);
	assert_int_equal(store_open_existing(fx.db, &fx.store), ST_OK);
	assert_int_equal(scalar("SELECT count(*) FROM schema_migrations WHERE version = 20"), 1);
	/* nothing lost */
	assert_int_equal(scalar("SELECT count(*) FROM cycles WHERE id = 1007 AND plan_code = 'czt-2024' AND period = '2025Q3'"
				" AND status = 'open'"),
			 1);
	assert_int_equal(scalar("SELECT count(*) FROM cycle_duties WHERE cycle_id = 1007"), 2);
	assert_int_equal(scalar("SELECT count(*) FROM reports WHERE cycle_id = 1007"), 2);
	assert_int_equal(scalar("SELECT count(*) FROM notices"), 4);
	assert_int_equal(scalar("SELECT count(*) FROM notice_replies WHERE notice_id = 1003"), 1);
	assert_int_equal(scalar("SELECT count(*) FROM sup_events"), 5);
	/* each notice's plan: its cycle's, its milestone's, its period's cycle's, the plan created last */
	assert_string_equal(text_of("SELECT plan_code FROM notices WHERE id = 1001"), "czt-2024");
	assert_string_equal(text_of("SELECT plan_code FROM notices WHERE id = 1002"), "czt-2024");
	assert_string_equal(text_of("SELECT plan_code FROM notices WHERE id = 1003"), "czt-2024");
	assert_string_equal(text_of("SELECT plan_code FROM notices WHERE id = 1004"), "later-2026");
	/* the rules' keys name the plan; a key that did already and a manual notice's stay */
	assert_string_equal(text_of("SELECT dedup_key FROM notices WHERE id = 1001"), "report_missing:czt-2024:2025Q3:1:amr");
	assert_string_equal(text_of("SELECT dedup_key FROM notices WHERE id = 1002"), "milestone_overdue:czt-2024:m1");
	assert_int_equal(scalar("SELECT count(*) FROM notices WHERE id = 1003 AND dedup_key IS NULL"), 1);
	assert_string_equal(text_of("SELECT dedup_key FROM notices WHERE id = 1004"),
			    "indicator_off_track:later-2026:ind1:reg1:2024:kjt");
	/* events: the plan of what they are about; cycle keys and links name it */
	assert_string_equal(text_of("SELECT plan_code FROM sup_events WHERE id = 1001"), "czt-2024");
	assert_string_equal(text_of("SELECT dedup_key FROM sup_events WHERE id = 1001"), "cycle.opened:czt-2024:2025Q3:kjt");
	assert_string_equal(text_of("SELECT link FROM sup_events WHERE id = 1001"), "/reporting?cycle=2025Q3&plan=czt-2024");
	assert_string_equal(text_of("SELECT plan_code FROM sup_events WHERE id = 1002"), "czt-2024");
	assert_string_equal(text_of("SELECT link FROM sup_events WHERE id = 1002"), "/reporting/2025Q3/1/kjt?plan=czt-2024");
	assert_string_equal(text_of("SELECT dedup_key FROM sup_events WHERE id = 1003"), "reminder.report:czt-2024:2025Q3:amr");
	assert_string_equal(text_of("SELECT plan_code FROM sup_events WHERE id = 1004"), "later-2026");
	assert_string_equal(text_of("SELECT link FROM sup_events WHERE id = 1005"), "/measures/1?plan=czt-2024");
	assert_string_equal(text_of("SELECT dedup_key FROM sup_events WHERE id = 1005"), "reminder.milestone:czt-2024:m1");

	/* the store reads them through its interface */
	struct sup_cycle *c;
	struct sup_notice *n;
	struct sup_report *rows;
	size_t k;
	assert_int_equal(store_sup_cycle_get(fx.store, fx.arena, "czt-2024", "2025Q3", &c), ST_OK);
	assert_int_equal(c->id, 1007);
	assert_int_equal(store_sup_reports(fx.store, fx.arena, 1007, 1, "kjt", &rows, &k), ST_OK);
	assert_int_equal(k, 1);
	assert_int_equal(rows[0].revision, 2);
	assert_string_equal(rows[0].plan_code, "czt-2024");
	assert_int_equal(store_sup_notice_get(fx.store, fx.arena, 1003, &n), ST_OK);
	assert_string_equal(n->plan_code, "czt-2024");
	assert_int_equal(n->n_replies, 1);

	/* the other plan may now open its own cycle of 2025Q3; the first plan still may not */
	long long id;
	const struct sup_duty duty = {1, "kjt", ROLE_LEAD};
	assert_int_equal(store_sup_cycle_open(fx.store, "later-2026", "2025Q3", "2025-10-15T15:59:59Z", &duty, 1, NULL, 0, &id),
			 ST_OK);
	assert_int_equal(store_sup_cycle_open(fx.store, "czt-2024", "2025Q3", "2025-10-15T15:59:59Z", &duty, 1, NULL, 0, &id),
			 ST_CONFLICT);
	/* the constraints and triggers hold: reports append-only, duties need their cycle */
	struct buf out;
	char err[256];
	buf_init(&out, 0);
	assert_int_not_equal(testdb_query(fx.db, "UPDATE reports SET narrative = 'x' WHERE id = 1001", NULL, &out, err, sizeof(err)),
			     0);
	assert_int_not_equal(testdb_query(fx.db, "DELETE FROM reports WHERE id = 1001", NULL, &out, err, sizeof(err)), 0);
	assert_int_not_equal(testdb_query(fx.db, "INSERT INTO cycle_duties (cycle_id, measure, unit, role) VALUES (999999, 1,"
					   " 'kjt', 'lead')",
					  NULL, &out, err, sizeof(err)),
			     0);
	assert_int_not_equal(testdb_query(fx.db, "DELETE FROM cycles WHERE id = 1007", NULL, &out, err, sizeof(err)), 0);
	buf_release(&out);
	assert_int_equal(scalar("SELECT count(*) FROM reports"), 2);
	assert_int_equal(scalar("SELECT count(*) FROM cycles WHERE id = 1007"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_two_plans_keep_their_supervision_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_draft_plan_opens_no_cycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_notice_names_its_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upgrade_from_0019_keeps_everything, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
