/* app_fixture.h - what the tests of the operations layer share: a fresh temporary store with the
 * shipped plan and one user of each role, the principals of those users (and an anonymous
 * visitor), an operation context for any of them, and a fingerprint of everything a write
 * leaves behind (the newest audit event: every store write audits), to prove that a refused
 * operation wrote nothing. Test code: no cmocka asserts in app_fixture.c. */
#ifndef INNOMON_TESTS_UNIT_APP_FIXTURE_H
#define INNOMON_TESTS_UNIT_APP_FIXTURE_H

#include "app/app.h"
#include "ingest/sheet.h"
#include "store/store.h"

enum who {
	WHO_ANON,
	WHO_ADMIN,    /* "boss" */
	WHO_ANALYST,  /* "ana" */
	WHO_AMR,      /* unit reporter of amr */
	WHO_KJT,      /* unit reporter of kjt */
	WHO_REGION,   /* region reporter of zhuzhou */
	WHO_READER,   /* "rd" */
	WHO__COUNT
};

struct app_fixture {
	struct arena *arena;   /* the test's: contexts, results, refusals */
	struct plan *shipped;  /* the shipped plan (group lifetime) */
	struct arena *group;
	char tmpdir[64], db[128];
	struct store *store;
	struct principal who[WHO__COUNT];
	struct app_ctx ctx;
	struct diag_list errs;
};

/* Group set-up and tear-down: the shipped plan. 0 or -1. */
int app_fixture_group_setup(struct app_fixture *f);
void app_fixture_group_teardown(struct app_fixture *f);
/* Per test: a new store (name in its folder's name) with the plan and the users; INNOMON_NOW
 * is set to now (NULL: unset). 0 or -1 (printed). */
int app_fixture_setup(struct app_fixture *f, const char *name, const char *now);
void app_fixture_teardown(struct app_fixture *f);

/* f->ctx for principal w with an empty f->errs; returns &f->ctx. */
struct app_ctx *app_fixture_as(struct app_fixture *f, enum who w);
/* The id of the newest audit event (0 when none). */
long long app_fixture_audit_head(struct app_fixture *f);
/* The form csv (a CSV text with its header row) as a sheet in f->arena, as the entry form
 * hands it to app_values_enter; NULL (printed) when it does not parse. */
struct sheet *app_fixture_sheet(struct app_fixture *f, const char *csv);
/* Whether f->errs lists a refusal of field (NULL: any) with code. */
int app_fixture_has_error(const struct app_fixture *f, const char *field, const char *code);

/* The cmocka hooks of a test file whose tests share the fixture fx: group_setup and
 * group_teardown (the shipped plan), setup (a new store named name, INNOMON_NOW now) and
 * teardown. */
#define APP_FIXTURE_HOOKS(fx, name, now)                                                      \
	static int group_setup(void **state)                                                  \
	{                                                                                     \
		(void)state;                                                                  \
		return app_fixture_group_setup(&(fx));                                        \
	}                                                                                     \
	static int group_teardown(void **state)                                               \
	{                                                                                     \
		(void)state;                                                                  \
		app_fixture_group_teardown(&(fx));                                            \
		return 0;                                                                     \
	}                                                                                     \
	static int setup(void **state)                                                        \
	{                                                                                     \
		(void)state;                                                                  \
		return app_fixture_setup(&(fx), (name), (now));                               \
	}                                                                                     \
	static int teardown(void **state)                                                     \
	{                                                                                     \
		(void)state;                                                                  \
		app_fixture_teardown(&(fx));                                                  \
		return 0;                                                                     \
	}

#endif
