/* app_fixture.c - the fixture of the operations layer's tests (see app_fixture.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_fixture.h"
#include "fixture.h"
#include "base/banned.h"

static const struct {
	const char *name;
	enum role role;
	const char *unit, *region;
} users[WHO__COUNT] = {
	{NULL, ROLE_NONE, NULL, NULL},
	{"boss", ROLE_ADMIN, NULL, NULL},
	{"ana", ROLE_ANALYST, NULL, NULL},
	{"amr-rep", ROLE_UNIT_REPORTER, "amr", NULL},
	{"kjt-rep", ROLE_UNIT_REPORTER, "kjt", NULL},
	{"zz-rep", ROLE_REGION_REPORTER, NULL, "zhuzhou"},
	{"rd", ROLE_READER, NULL, NULL},
};

int app_fixture_group_setup(struct app_fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->group = arena_new();
	return fixture_shipped_plan(f->group, &f->shipped);
}

void app_fixture_group_teardown(struct app_fixture *f)
{
	arena_free(f->group);
	f->group = NULL;
}

int app_fixture_setup(struct app_fixture *f, const char *name, const char *now)
{
	if (now)
		setenv("INNOMON_NOW", now, 1);
	else
		unsetenv("INNOMON_NOW");
	f->arena = arena_new();
	if (fixture_tmpdir(f->tmpdir, f->db, name) != 0 || fixture_store(f->db, f->shipped, &f->store) != 0)
		return -1;
	memset(f->who, 0, sizeof(f->who));
	for (int w = WHO_ADMIN; w < WHO__COUNT; w++) {
		/* a valid argon2id hash is not needed: these users never sign in here */
		struct user u = {0, users[w].name, NULL, users[w].role, users[w].unit, users[w].region, 0, 0, NULL};
		long long id;
		if (store_user_add(f->store, &u, "x", &id) != ST_OK) {
			fprintf(stderr, "user %s: %s\n", users[w].name, store_errmsg(f->store));
			return -1;
		}
		f->who[w] = (struct principal){users[w].role, id, users[w].name, users[w].unit, users[w].region, 0};
	}
	return 0;
}

void app_fixture_teardown(struct app_fixture *f)
{
	store_close(f->store);
	f->store = NULL;
	fixture_remove(f->tmpdir, f->db);
	arena_free(f->arena);
	f->arena = NULL;
	unsetenv("INNOMON_NOW");
}

struct app_ctx *app_fixture_as(struct app_fixture *f, enum who w)
{
	/* as a request begins: what the principal writes is audited under its name */
	if (app_ctx_begin(&f->ctx, f->store, f->arena, &f->who[w], NULL, NULL) != ST_OK)
		abort();
	diag_init(&f->errs, f->arena);
	return &f->ctx;
}

long long app_fixture_audit_head(struct app_fixture *f)
{
	struct audit_filter af = {0};
	struct audit_event *rows;
	size_t n;
	af.limit = 1;
	if (store_audit_list(f->store, f->arena, &af, &rows, &n) != ST_OK)
		return -1;
	return n ? rows[0].id : 0;
}

struct sheet *app_fixture_sheet(struct app_fixture *f, const char *csv)
{
	struct sheet *sh = arena_alloc(f->arena, sizeof(*sh));
	struct diag_list d;
	diag_init(&d, f->arena);
	if (sheet_from_csv(f->arena, "form", csv, strlen(csv), sh, &d) != ST_OK) {
		fprintf(stderr, "form: %s\n", d.n ? d.items[0].msg : "does not parse");
		return NULL;
	}
	return sh;
}

int app_fixture_has_error(const struct app_fixture *f, const char *field, const char *code)
{
	for (size_t i = 0; i < f->errs.n; i++) {
		const struct diag *d = &f->errs.items[i];
		if ((!field || (d->field && strcmp(d->field, field) == 0)) && strcmp(d->code, code) == 0)
			return 1;
	}
	return 0;
}
