/* test_store_supervise.c - unit tests of the supervision tables (SQLite, or PostgreSQL) through
 * store/supervise.h: cycles and their duties; reports as append-only revisions checked
 * against the workflow, the optimistic revision and a closed cycle, with first submission and
 * returns as key facts; evidence; notices raised once per key, escalated only while open,
 * answered, closed once; events into the inbox of the right users and the webhook outbox,
 * deduplicated; the atomic claim with retry and a stale claim taken over; milestone upserts;
 * rule edits; the lists of reports, notices and audit events, with each filter and
 * without (the same rows as the whole list, filtered); and an intact audit chain at the end. Times come from INNOMON_NOW. Each test
 * gets a fresh temporary store holding the shipped plan and three users. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>


#include "fixture.h"
#include "testdb.h"
#include "store/store.h"
#include "base/banned.h"

struct fixture {
	struct arena *arena;
	struct plan *shipped;
	char tmpdir[64];
	char db[128];
	struct store *store;
	long long amr_user, kjt_user, analyst_user;
};

static struct fixture fx;

static int group_setup(void **state)
{
	(void)state;
	fx.arena = arena_new();
	return fixture_shipped_plan(fx.arena, &fx.shipped);
}

static int group_teardown(void **state)
{
	(void)state;
	arena_free(fx.arena);
	return 0;
}

static long long add_user(const char *name, enum role role, const char *unit)
{
	struct user u = {0, name, NULL, role, unit, NULL, 0, 0, NULL};
	long long id;
	if (store_user_add(fx.store, &u, "hash", &id) != ST_OK)
		fail_msg("user add %s: %s", name, store_errmsg(fx.store));
	return id;
}

static int setup(void **state)
{
	(void)state;
	setenv("INNOMON_NOW", "2025-07-01T00:00:00Z", 1);
	if (fixture_tmpdir(fx.tmpdir, fx.db, "sup") != 0 || fixture_store(fx.db, fx.shipped, &fx.store) != 0)
		return -1;
	fx.amr_user = add_user("amr-rep", ROLE_UNIT_REPORTER, "amr");
	fx.kjt_user = add_user("kjt-rep", ROLE_UNIT_REPORTER, "kjt");
	fx.analyst_user = add_user("analyst", ROLE_ANALYST, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(fx.store);
	fx.store = NULL;
	fixture_remove(fx.tmpdir, fx.db);
	unsetenv("INNOMON_NOW");
	return 0;
}

static const struct sup_duty duties[] = {{22, "amr", ROLE_LEAD}, {3, "kjt", ROLE_LEAD}, {3, "amr", ROLE_CO}};

static long long open_cycle(const char *period)
{
	long long id;
	assert_int_equal(store_sup_cycle_open(fx.store, "czt-2024", period, "2025-10-15T15:59:59Z", duties, 3, NULL, 0, &id),
			 ST_OK);
	return id;
}

static enum status put(long long cycle, int measure, const char *unit, enum report_state to, int expect,
			 const char *narrative, const char *reason)
{
	struct sup_report_write w = {cycle, measure, unit, to, PROGRESS_ON_TRACK, narrative, NULL, reason, expect};
	return store_sup_report_write(fx.store, fx.arena, &w, NULL, NULL);
}

/* One integer from a query on the store, read directly. */
static long long scalar(const char *sql)
{
	return testdb_int(fx.db, sql);
}

/* An SQL statement on the store, run directly: 0, or -1 when refused. */
static int exec_raw(const char *sql)
{
	struct buf out;
	char msg[256];
	buf_init(&out, 0);
	int rc = testdb_query(fx.db, sql, NULL, &out, msg, sizeof(msg));
	buf_release(&out);
	return rc;
}

static void test_store_sup_cycles_and_duties(void **state)
{
	(void)state;
	long long id = open_cycle("2025Q3"), again;
	assert_true(id > 0);
	assert_int_equal(store_sup_cycle_open(fx.store, "czt-2024", "2025Q3", "2025-10-15T15:59:59Z", duties, 3, NULL, 0, &again),
			 ST_CONFLICT);
	struct sup_cycle *c;
	assert_int_equal(store_sup_cycle_get(fx.store, fx.arena, "czt-2024", "2025Q3", &c), ST_OK);
	assert_true(c->is_open);
	assert_string_equal(c->deadline, "2025-10-15T15:59:59Z");
	assert_string_equal(c->opened_at, "2025-07-01T00:00:00Z");
	struct sup_duty *d;
	size_t n;
	assert_int_equal(store_sup_duties(fx.store, fx.arena, id, &d, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_int_equal(d[0].measure, 3); /* by measure, lead first */
	assert_string_equal(d[0].unit, "kjt");
	assert_int_equal(d[0].role, ROLE_LEAD);
	assert_string_equal(d[1].unit, "amr");
	assert_int_equal(d[2].measure, 22);
	assert_int_equal(store_sup_cycle_close(fx.store, "czt-2024", "2025Q3"), ST_OK);
	assert_int_equal(store_sup_cycle_close(fx.store, "czt-2024", "2025Q3"), ST_CONFLICT);
	assert_int_equal(store_sup_cycle_close(fx.store, "czt-2024", "2024Q1"), ST_NOT_FOUND);
	assert_int_equal(store_sup_cycle_get(fx.store, fx.arena, "czt-2024", "2025Q3", &c), ST_OK);
	assert_false(c->is_open);
	assert_int_equal(store_sup_cycle_get(fx.store, fx.arena, "czt-2024", "2030Q1", &c), ST_NOT_FOUND);
}

static void test_store_sup_report_workflow(void **state)
{
	(void)state;
	long long cy = open_cycle("2025Q3");
	/* not owed */
	assert_int_equal(put(cy, 22, "kjt", REPORT_DRAFT, 0, "x", NULL), ST_NOT_FOUND);
	/* nothing to approve yet; no content to keep */
	assert_int_equal(put(cy, 22, "amr", REPORT_APPROVED, -1, NULL, NULL), ST_CONFLICT);
	assert_int_equal(put(cy, 22, "amr", REPORT_SUBMITTED, -1, NULL, NULL), ST_CONFLICT);
	assert_int_equal(put(cy, 22, "amr", REPORT_DRAFT, 0, "first draft", NULL), ST_OK);
	/* a writer who saw nothing comes second */
	assert_int_equal(put(cy, 22, "amr", REPORT_DRAFT, 0, "stale", NULL), ST_CONFLICT);
	assert_int_equal(put(cy, 22, "amr", REPORT_DRAFT, 1, "second draft", NULL), ST_OK);
	setenv("INNOMON_NOW", "2025-10-10T02:00:00Z", 1);
	assert_int_equal(put(cy, 22, "amr", REPORT_SUBMITTED, 2, NULL, NULL), ST_OK);
	/* submitted: no more drafts; returning needs a reason */
	assert_int_equal(put(cy, 22, "amr", REPORT_DRAFT, -1, "x", NULL), ST_CONFLICT);
	assert_int_equal(put(cy, 22, "amr", REPORT_RETURNED, -1, NULL, ""), ST_CONFLICT);
	assert_int_equal(put(cy, 22, "amr", REPORT_RETURNED, 3, NULL, "add the figures"), ST_OK);
	setenv("INNOMON_NOW", "2025-10-20T02:00:00Z", 1);
	assert_int_equal(put(cy, 22, "amr", REPORT_SUBMITTED, 4, "with figures", NULL), ST_OK);
	struct sup_report *rows;
	size_t n;
	assert_int_equal(store_sup_reports(fx.store, fx.arena, cy, 22, "amr", &rows, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].revision, 5);
	assert_int_equal(rows[0].state, REPORT_SUBMITTED);
	assert_string_equal(rows[0].narrative, "with figures");
	assert_string_equal(rows[0].period, "2025Q3");
	assert_string_equal(rows[0].first_submitted_at, "2025-10-10T02:00:00Z"); /* the first, not the latest */
	assert_int_equal(rows[0].n_returned, 1);
	assert_int_equal(store_sup_report_history(fx.store, fx.arena, cy, 22, "amr", &rows, &n), ST_OK);
	assert_int_equal(n, 5);
	assert_string_equal(rows[1].narrative, "second draft");
	assert_string_equal(rows[2].narrative, "second draft"); /* a submission as is keeps the content */
	assert_string_equal(rows[3].reason, "add the figures");
	/* a closed cycle takes no drafts, but the review goes on */
	assert_int_equal(put(cy, 3, "kjt", REPORT_DRAFT, 0, "late", NULL), ST_OK);
	assert_int_equal(store_sup_cycle_close(fx.store, "czt-2024", "2025Q3"), ST_OK);
	assert_int_equal(put(cy, 3, "kjt", REPORT_SUBMITTED, 1, NULL, NULL), ST_CONFLICT);
	assert_int_equal(put(cy, 22, "amr", REPORT_APPROVED, 5, NULL, NULL), ST_OK);
	assert_int_equal(put(cy, 22, "amr", REPORT_RETURNED, 6, NULL, "too late"), ST_CONFLICT);
	/* nothing a unit wrote is lost: the table refuses UPDATE and DELETE */
	assert_int_not_equal(exec_raw("UPDATE reports SET narrative = 'x'"), 0);
	assert_int_not_equal(exec_raw("DELETE FROM reports"), 0);
	assert_int_equal(scalar("SELECT count(*) FROM reports"), 7);
	assert_int_equal(scalar("SELECT count(*) FROM audit_events WHERE object_type = 'report'"), 7);
}

static void test_store_sup_evidence(void **state)
{
	(void)state;
	long long cy = open_cycle("2025Q3"), id;
	struct sup_evidence e = {.cycle_id = cy, .user_id = fx.amr_user, .measure = 22, .unit = "amr", .file_name = "a.pdf",
				 .kind = "pdf", .content_type = "application/pdf", .sha256 = "00", .size = 9,
				 .content = "%PDF-1.7\0x"};
	assert_int_equal(store_sup_evidence_add(fx.store, &e, &id), ST_OK);
	e.unit = "kjt";
	assert_int_equal(store_sup_evidence_add(fx.store, &e, &id), ST_NOT_FOUND);
	struct sup_evidence *rows, *got;
	size_t n;
	const char *period;
	assert_int_equal(store_sup_evidence_list(fx.store, fx.arena, cy, 22, "amr", &rows, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_null(rows[0].content);
	assert_int_equal(store_sup_evidence_get(fx.store, fx.arena, rows[0].id, &got, &period), ST_OK);
	assert_int_equal(got->size, 9);
	assert_memory_equal(got->content, "%PDF-1.7\0", 9);
	assert_string_equal(period, "2025Q3");
	assert_int_equal(store_sup_cycle_close(fx.store, "czt-2024", "2025Q3"), ST_OK);
	e.unit = "amr";
	assert_int_equal(store_sup_evidence_add(fx.store, &e, &id), ST_CONFLICT);
	assert_int_not_equal(exec_raw("DELETE FROM evidence"), 0);
}

static struct sup_event event(const char *kind, const char *unit, int to_unit, int to_dept, const char *key)
{
	struct sup_event ev = {kind, "notice", 0, "czt-2024", unit, 22, "2025Q3", NULL, "subject", key, to_unit, to_dept};
	return ev;
}

static void test_store_sup_notices_move_once(void **state)
{
	(void)state;
	long long id, again;
	int is_new;
	struct sup_notice n = {.plan_code = "czt-2024", .rule_code = "report-missing", .dedup_key = "report_missing:czt-2024:2025Q3:22:amr", .unit = "amr",
			       .measure = 22, .period = "2025Q3", .subject = "逾期未报", .reply_due = "2025-10-21T15:59:59Z"};
	struct sup_event ev = event("notice.raised", "amr", 1, 0, NULL);
	assert_int_equal(store_sup_notice_raise(fx.store, &n, &ev, &id, &is_new), ST_OK);
	assert_true(is_new);
	assert_int_equal(store_sup_notice_raise(fx.store, &n, &ev, &again, &is_new), ST_OK);
	assert_false(is_new);
	assert_int_equal(again, id);
	assert_int_equal(scalar("SELECT count(*) FROM notices"), 1);
	/* the event reached amr's reporter only, and the outbox once */
	assert_int_equal(scalar("SELECT count(*) FROM notifications"), 1);
	assert_int_equal(scalar("SELECT count(*) FROM webhook_deliveries"), 1);
	struct sup_notice_filter overdue = {.only_overdue = 1, .overdue_at = "2025-10-22T00:00:00Z"};
	struct sup_notice *rows;
	size_t k;
	assert_int_equal(store_sup_notices(fx.store, fx.arena, &overdue, &rows, &k), ST_OK);
	assert_int_equal(k, 1);
	overdue.overdue_at = "2025-10-20T00:00:00Z";
	assert_int_equal(store_sup_notices(fx.store, fx.arena, &overdue, &rows, &k), ST_OK);
	assert_int_equal(k, 0);
	struct sup_event esc = event("notice.escalated", "amr", 1, 1, "esc");
	assert_int_equal(store_sup_notice_escalate(fx.store, id, &esc), ST_OK);
	assert_int_equal(store_sup_notice_escalate(fx.store, id, &esc), ST_CONFLICT);
	/* the unit answers the escalated notice; it stays level 2 */
	assert_int_equal(store_sup_notice_reply(fx.store, id, "已补报", NULL), ST_OK);
	struct sup_notice *got;
	assert_int_equal(store_sup_notice_get(fx.store, fx.arena, id, &got), ST_OK);
	assert_int_equal(got->status, NOTICE_ANSWERED);
	assert_int_equal(got->level, 2);
	assert_int_equal(got->n_replies, 1);
	assert_int_equal(store_sup_notice_escalate(fx.store, id, NULL), ST_CONFLICT);
	assert_int_equal(store_sup_notice_close(fx.store, id, "done", NULL), ST_OK);
	assert_int_equal(store_sup_notice_close(fx.store, id, "again", NULL), ST_CONFLICT);
	assert_int_equal(store_sup_notice_reply(fx.store, id, "late", NULL), ST_CONFLICT);
	assert_int_equal(store_sup_notice_close(fx.store, 999, NULL, NULL), ST_NOT_FOUND);
	struct sup_reply *replies;
	assert_int_equal(store_sup_notice_replies(fx.store, fx.arena, id, &replies, &k), ST_OK);
	assert_int_equal(k, 1);
	assert_string_equal(replies[0].body, "已补报");
	/* an unknown unit is refused */
	n.dedup_key = NULL, n.unit = "nobody";
	assert_int_equal(store_sup_notice_raise(fx.store, &n, NULL, &id, &is_new), ST_INVALID);
}

/* ---- the filters of the lists: each condition is written only when given (an index search),
 * so each list with any filters must be the unfiltered list with those rows kept ---------- */

static int str_is(const char *want, const char *got)
{
	return !want || (got && strcmp(want, got) == 0);
}

static void test_store_sup_report_filters(void **state)
{
	(void)state;
	long long c[2] = {open_cycle("2025Q2"), open_cycle("2025Q3")};
	assert_int_equal(put(c[0], 22, "amr", REPORT_DRAFT, 0, "q2 amr", NULL), ST_OK);
	assert_int_equal(put(c[0], 3, "kjt", REPORT_SUBMITTED, 0, "q2 kjt", NULL), ST_OK);
	assert_int_equal(put(c[1], 22, "amr", REPORT_DRAFT, 0, "q3 amr", NULL), ST_OK);
	assert_int_equal(put(c[1], 22, "amr", REPORT_SUBMITTED, 1, "q3 amr again", NULL), ST_OK);
	assert_int_equal(put(c[1], 3, "amr", REPORT_DRAFT, 0, "q3 amr co", NULL), ST_OK);
	struct sup_report *all, *rows;
	size_t n_all, n;
	assert_int_equal(store_sup_reports(fx.store, fx.arena, 0, 0, NULL, &all, &n_all), ST_OK);
	assert_int_equal(n_all, 4); /* the newest revision of each */
	const long long cycles[] = {0, c[0], c[1], 9999};
	const int measures[] = {0, 22, 3};
	const char *units[] = {NULL, "amr", "kjt"};
	for (size_t i = 0; i < 4; i++)
		for (size_t j = 0; j < 3; j++)
			for (size_t k = 0; k < 3; k++) {
				assert_int_equal(store_sup_reports(fx.store, fx.arena, cycles[i], measures[j], units[k], &rows, &n),
						 ST_OK);
				size_t want = 0;
				for (size_t r = 0; r < n_all; r++) {
					const struct sup_report *x = &all[r];
					if ((cycles[i] && x->cycle_id != cycles[i]) || (measures[j] && x->measure != measures[j]) ||
					    !str_is(units[k], x->unit))
						continue;
					assert_true(want < n);
					assert_int_equal(rows[want].id, x->id); /* the same rows in the same order */
					want++;
				}
				assert_int_equal(n, want);
			}
	assert_int_equal(store_sup_reports(fx.store, fx.arena, c[1], 22, "amr", &rows, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].narrative, "q3 amr again");
}

static void test_store_sup_notice_filters(void **state)
{
	(void)state;
	struct sup_notice ns[] = {
		{.plan_code = "czt-2024", .dedup_key = "t:1", .unit = "amr", .measure = 22, .period = "2025Q2", .subject = "一", .reply_due = "2025-07-10T15:59:59Z"},
		{.plan_code = "czt-2024", .dedup_key = "t:2", .unit = "kjt", .measure = 3, .period = "2025Q2", .subject = "二", .reply_due = "2025-07-20T15:59:59Z"},
		{.plan_code = "czt-2024", .dedup_key = "t:3", .unit = "amr", .measure = 3, .period = "2025Q3", .subject = "三", .reply_due = "2025-10-10T15:59:59Z"},
		{.plan_code = "other-2026", .dedup_key = "t:4", .unit = "kjt", .measure = 3, .period = "2025Q3", .subject = "四", .reply_due = "2025-10-20T15:59:59Z"},
	};
	long long ids[4];
	int is_new;
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(store_sup_notice_raise(fx.store, &ns[i], NULL, &ids[i], &is_new), ST_OK);
	assert_int_equal(store_sup_notice_reply(fx.store, ids[1], "已办", NULL), ST_OK);  /* answered */
	assert_int_equal(store_sup_notice_close(fx.store, ids[2], "done", NULL), ST_OK); /* closed */
	struct sup_notice *all, *rows;
	size_t n_all, n;
	assert_int_equal(store_sup_notices(fx.store, fx.arena, NULL, &all, &n_all), ST_OK);
	assert_int_equal(n_all, 4);
	const char *units[] = {NULL, "amr", "kjt"}, *periods[] = {NULL, "2025Q2", "2025Q3"};
	const char *plans[] = {NULL, "czt-2024", "other-2026"};
	const int measures[] = {0, 22, 3};
	const char *at = "2025-07-15T00:00:00Z";
	for (size_t pl = 0; pl < 3; pl++)
	for (size_t i = 0; i < 3; i++)
		for (size_t j = 0; j < 3; j++)
			for (size_t k = 0; k < 3; k++)
				for (int unresolved = 0; unresolved < 2; unresolved++)
					for (int overdue = 0; overdue < 2; overdue++) {
						struct sup_notice_filter f = {units[i], measures[j], periods[k], unresolved, overdue,
									      overdue ? at : NULL, plans[pl]};
						assert_int_equal(store_sup_notices(fx.store, fx.arena, &f, &rows, &n), ST_OK);
						size_t want = 0;
						for (size_t r = 0; r < n_all; r++) {
							const struct sup_notice *x = &all[r];
							int is_open = x->status == NOTICE_OPEN || x->status == NOTICE_ESCALATED;
							if (!str_is(f.unit, x->unit) || (f.measure && x->measure != f.measure) ||
							    !str_is(f.period, x->period) || !str_is(f.plan_code, x->plan_code) ||
							    (unresolved && x->status == NOTICE_CLOSED) ||
							    (overdue && !(is_open && strcmp(x->reply_due, at) < 0)))
								continue;
							assert_true(want < n);
							assert_int_equal(rows[want].id, x->id);
							want++;
						}
						assert_int_equal(n, want);
					}
	/* overdue on 15 July: only the first, still open and due on the 10th */
	struct sup_notice_filter late = {.only_overdue = 1, .overdue_at = at};
	assert_int_equal(store_sup_notices(fx.store, fx.arena, &late, &rows, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, ids[0]);
}

static void test_store_audit_list_filters(void **state)
{
	(void)state;
	/* events by two actors, of several actions and objects, at two times */
	open_cycle("2025Q3");
	assert_int_equal(store_set_actor(fx.store, "ana", fx.analyst_user, NULL), ST_OK);
	setenv("INNOMON_NOW", "2025-08-01T00:00:00Z", 1);
	open_cycle("2025Q4");
	struct audit_event *all, *rows;
	size_t n_all, n;
	struct audit_filter everything = {.limit = 1000};
	assert_int_equal(store_audit_list(fx.store, fx.arena, &everything, &all, &n_all), ST_OK);
	assert_true(n_all >= 5);
	const struct audit_event *last = &all[0], *first = &all[n_all - 1];
	const char *actors[] = {NULL, last->actor, first->actor, "nobody"};
	const char *actions[] = {NULL, last->action, first->action};
	const char *types[] = {NULL, last->object_type};
	const char *objects[] = {NULL, last->object_id};
	const char *sinces[] = {NULL, "2025-07-15T00:00:00Z"};
	const char *untils[] = {NULL, "2025-07-15T00:00:00Z"};
	const long long befores[] = {0, last->id};
	assert_string_not_equal(last->actor, first->actor);
	for (size_t i = 0; i < 4; i++)
		for (size_t j = 0; j < 3; j++)
			for (size_t k = 0; k < 16; k++) {
				struct audit_filter f = {actors[i], actions[j], types[k & 1], objects[(k >> 1) & 1], sinces[(k >> 2) & 1],
							 untils[(k >> 3) & 1], befores[(i + j + k) & 1], 1000};
				assert_int_equal(store_audit_list(fx.store, fx.arena, &f, &rows, &n), ST_OK);
				size_t want = 0;
				for (size_t r = 0; r < n_all; r++) {
					const struct audit_event *x = &all[r];
					if (!str_is(f.actor, x->actor) || !str_is(f.action, x->action) ||
					    !str_is(f.object_type, x->object_type) || !str_is(f.object_id, x->object_id) ||
					    (f.since && strcmp(x->at, f.since) < 0) || (f.until && strcmp(x->at, f.until) >= 0) ||
					    (f.before_id && x->id >= f.before_id))
						continue;
					assert_true(want < n);
					assert_int_equal(rows[want].id, x->id);
					want++;
				}
				assert_int_equal(n, want);
			}
	/* the limit keeps the newest */
	struct audit_filter two = {.limit = 2};
	assert_int_equal(store_audit_list(fx.store, fx.arena, &two, &rows, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, all[0].id);
	assert_int_equal(rows[1].id, all[1].id);
}

static void test_store_sup_events_inbox(void **state)
{
	(void)state;
	int is_new;
	struct sup_event to_amr = event("reminder.report", "amr", 1, 0, "reminder:amr");
	assert_int_equal(store_sup_event_add(fx.store, &to_amr, &is_new), ST_OK);
	assert_true(is_new);
	assert_int_equal(store_sup_event_add(fx.store, &to_amr, &is_new), ST_OK);
	assert_false(is_new);
	struct sup_event to_dept = event("notice.answered", "amr", 0, 1, NULL);
	assert_int_equal(store_sup_event_add(fx.store, &to_dept, &is_new), ST_OK);
	long long unread;
	assert_int_equal(store_sup_inbox_unread(fx.store, fx.amr_user, &unread), ST_OK);
	assert_int_equal(unread, 1);
	assert_int_equal(store_sup_inbox_unread(fx.store, fx.kjt_user, &unread), ST_OK);
	assert_int_equal(unread, 0);
	assert_int_equal(store_sup_inbox_unread(fx.store, fx.analyst_user, &unread), ST_OK);
	assert_int_equal(unread, 1);
	struct sup_notification *rows;
	size_t n;
	assert_int_equal(store_sup_inbox(fx.store, fx.arena, fx.amr_user, 0, 10, &rows, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].kind, "reminder.report");
	assert_int_equal(rows[0].measure, 22);
	/* another user's notification is not found; one's own is read */
	assert_int_equal(store_sup_inbox_read(fx.store, fx.kjt_user, rows[0].id), ST_NOT_FOUND);
	assert_int_equal(store_sup_inbox_read(fx.store, fx.amr_user, rows[0].id), ST_OK);
	assert_int_equal(store_sup_inbox_unread(fx.store, fx.amr_user, &unread), ST_OK);
	assert_int_equal(unread, 0);
	assert_int_equal(store_sup_inbox_read(fx.store, fx.analyst_user, 0), ST_OK);
	assert_int_equal(store_sup_inbox_unread(fx.store, fx.analyst_user, &unread), ST_OK);
	assert_int_equal(unread, 0);
	assert_int_equal(scalar("SELECT count(*) FROM webhook_deliveries"), 2);
}

static void test_store_sup_webhook_claim_retry_and_stale(void **state)
{
	(void)state;
	int is_new;
	struct sup_event ev = event("notice.raised", "amr", 1, 0, "k1");
	assert_int_equal(store_sup_event_add(fx.store, &ev, &is_new), ST_OK); /* created 2025-07-01T00:00:00Z */
	struct sup_delivery *d, *none;
	assert_int_equal(store_sup_webhook_claim(fx.store, fx.arena, "2025-06-30T23:59:59Z", "2025-06-30T00:00:00Z", "a", &d),
			 ST_NOT_FOUND); /* not due before it was made */
	assert_int_equal(store_sup_webhook_claim(fx.store, fx.arena, "2025-07-01T00:00:00Z", "2025-06-30T23:55:00Z", "a", &d),
			 ST_OK);
	assert_int_equal(d->attempts, 1);
	assert_string_equal(d->kind, "notice.raised");
	assert_non_null(strstr(d->payload, "\"event\":\"notice.raised\""));
	/* a second server finds nothing to take */
	assert_int_equal(store_sup_webhook_claim(fx.store, fx.arena, "2025-07-01T00:00:01Z", "2025-06-30T23:55:01Z", "b", &none),
			 ST_NOT_FOUND);
	assert_int_equal(store_sup_webhook_result(fx.store, d->id, 0, 500, "the receiver answered 500", "http://x",
						  "sha256=ab", "2025-07-01T00:01:00Z"),
			 ST_OK);
	assert_int_equal(store_sup_webhook_claim(fx.store, fx.arena, "2025-07-01T00:00:59Z", "2025-06-30T23:55:59Z", "b", &none),
			 ST_NOT_FOUND);
	assert_int_equal(store_sup_webhook_claim(fx.store, fx.arena, "2025-07-01T00:01:00Z", "2025-06-30T23:56:00Z", "b", &d),
			 ST_OK);
	assert_int_equal(d->attempts, 2);
	/* the claimer dies: after the stale time another takes it over */
	assert_int_equal(store_sup_webhook_claim(fx.store, fx.arena, "2025-07-01T00:02:00Z", "2025-07-01T00:00:00Z", "c", &none),
			 ST_NOT_FOUND);
	assert_int_equal(store_sup_webhook_claim(fx.store, fx.arena, "2025-07-01T00:07:00Z", "2025-07-01T00:02:00Z", "c", &d),
			 ST_OK);
	assert_int_equal(d->attempts, 3);
	assert_int_equal(store_sup_webhook_result(fx.store, d->id, 1, 200, NULL, "http://x", "sha256=ab", NULL), ST_OK);
	assert_int_equal(store_sup_webhook_result(fx.store, d->id, 1, 200, NULL, "http://x", "sha256=ab", NULL), ST_CONFLICT);
	struct sup_delivery *rows;
	size_t n;
	assert_int_equal(store_sup_webhooks(fx.store, fx.arena, 10, &rows, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].status, "delivered");
	assert_int_equal(rows[0].last_status, 200);
	/* without a webhook, pending ones are skipped */
	ev.dedup_key = "k2";
	assert_int_equal(store_sup_event_add(fx.store, &ev, &is_new), ST_OK);
	long long skipped;
	assert_int_equal(store_sup_webhook_skip_pending(fx.store, &skipped), ST_OK);
	assert_int_equal(skipped, 1);
	assert_int_equal(scalar("SELECT count(*) FROM webhook_deliveries WHERE status = 'skipped'"), 1);
}

static void test_store_sup_milestones_and_rules(void **state)
{
	(void)state;
	struct sup_milestone m[2] = {
		{.plan_code = "czt-2024", .code = "m22-1", .measure = 22, .title_zh = "试点", .owner = "amr", .due_date = "2025-12-31"},
		{.plan_code = "czt-2024", .code = "m3-1", .measure = 3, .title_zh = "装置", .owner = "kjt", .due_date = "2025-06-30",
		 .indicators = "p44_research_staff"},
	};
	size_t n_new, n_changed, n_same;
	assert_int_equal(store_sup_milestones_upsert(fx.store, m, 2, &n_new, &n_changed, &n_same), ST_OK);
	assert_int_equal(n_new, 2);
	m[1].done_on = "2025-06-20";
	assert_int_equal(store_sup_milestones_upsert(fx.store, m, 2, &n_new, &n_changed, &n_same), ST_OK);
	assert_int_equal(n_new, 0);
	assert_int_equal(n_changed, 1);
	assert_int_equal(n_same, 1);
	struct sup_milestone *rows;
	size_t n;
	assert_int_equal(store_sup_milestones(fx.store, fx.arena, "czt-2024", 3, &rows, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].done_on, "2025-06-20");
	assert_string_equal(rows[0].indicators, "p44_research_staff");
	m[0].owner = "no-such-unit";
	assert_int_equal(store_sup_milestones_upsert(fx.store, m, 1, NULL, NULL, NULL), ST_INVALID);
	struct sup_rule *rules;
	assert_int_equal(store_sup_rules(fx.store, fx.arena, &rules, &n), ST_OK);
	assert_int_equal(n, 3);
	struct sup_rule r = rules[2]; /* report-missing (by code) */
	assert_string_equal(r.code, "report-missing");
	assert_int_equal(r.reply_days, 5);
	r.reply_days = 7;
	r.is_enabled = 0;
	assert_int_equal(store_sup_rule_update(fx.store, &r), ST_OK);
	r.reply_days = 0;
	assert_int_equal(store_sup_rule_update(fx.store, &r), ST_INVALID);
	r.code = "nope";
	assert_int_equal(store_sup_rule_update(fx.store, &r), ST_NOT_FOUND);
	assert_int_equal(store_sup_rules(fx.store, fx.arena, &rules, &n), ST_OK);
	assert_int_equal(rules[2].reply_days, 7);
	assert_false(rules[2].is_enabled);
	/* every change above is in an intact audit chain */
	long long n_events, first_bad;
	const char *head, *why;
	assert_int_equal(store_audit_verify(fx.store, fx.arena, &n_events, &first_bad, &head, &why), ST_OK);
	assert_int_equal(first_bad, 0);
	assert_true(n_events >= 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_store_sup_cycles_and_duties, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_sup_report_workflow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_sup_evidence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_sup_notices_move_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_sup_report_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_sup_notice_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_audit_list_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_sup_events_inbox, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_sup_webhook_claim_retry_and_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_sup_milestones_and_rules, setup, teardown),
	};
	return cmocka_run_group_tests_name("store/supervise", tests, group_setup, group_teardown);
}
