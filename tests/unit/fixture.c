/* fixture.c - the shared unit-test fixtures (fixture.h): the shipped plan, a temporary store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "ingest/import.h"
#include "ingest/plan_load.h"
#include "fixture.h"
#include "testdb.h"
#include "base/banned.h"

const char *fixture_shipped_dir(struct arena *a)
{
	const char *root = getenv("INNOMON_SOURCE_ROOT");
	return arena_printf(a, "%s/data/plans/czt-2024", root ? root : ".");
}

/* The plan folder at dir into *out; -1 with the reasons on stderr. */
static int load_plan(struct arena *a, const char *dir, struct plan **out)
{
	struct diag_list d;
	diag_init(&d, a);
	if (plan_load_dir(a, dir, out, &d) != ST_OK) {
		diag_print(&d, stderr);
		return -1;
	}
	return 0;
}

int fixture_shipped_plan(struct arena *a, struct plan **out)
{
	return load_plan(a, fixture_shipped_dir(a), out);
}

int fixture_demo_plan(struct arena *a, struct plan **out)
{
	const char *root = getenv("INNOMON_SOURCE_ROOT");
	return load_plan(a, arena_printf(a, "%s/data/demo/plan", root ? root : "."), out);
}

int fixture_shipped_figures(struct store *s, struct arena *a, const struct plan *p, size_t *n_new)
{
	char *csv;
	size_t len;
	struct diag_list d;
	struct import_opts io = {.status = OBS_PUBLISHED, .who = "init"};
	struct import_result res;
	diag_init(&d, a);
	*n_new = 0;
	const char *path = arena_printf(a, "%s/observations.csv", fixture_shipped_dir(a));
	if (file_read_all(a, path, IMPORT_FILE_MAX_BYTES, &csv, &len) != ST_OK) {
		fprintf(stderr, "cannot read %s\n", path);
		return -1;
	}
	if (import_values(s, a, p, "observations.csv", csv, len, &io, &res, &d) != ST_OK) {
		diag_print(&d, stderr);
		return -1;
	}
	*n_new = res.n_new;
	return 0;
}

int fixture_submitted_figures(struct store *s, struct arena *a, const struct plan *p, const char *csv)
{
	return fixture_figures(s, a, p, csv, OBS_SUBMITTED);
}

int fixture_figures(struct store *s, struct arena *a, const struct plan *p, const char *csv, enum obs_status st)
{
	struct import_opts po = {.status = st, .who = "unit"};
	struct import_result res;
	struct diag_list d;
	diag_init(&d, a);
	if (import_values(s, a, p, "submitted.csv", csv, strlen(csv), &po, &res, &d) != ST_OK) {
		diag_print(&d, stderr);
		return -1;
	}
	return 0;
}

int fixture_tmpdir(char tmpdir[64], char db[128], const char *name)
{
	snprintf(tmpdir, 64, "/tmp/innomon-%s-XXXXXX", name);
	if (!mkdtemp(tmpdir))
		return -1;
	return testdb_new(db, 128, tmpdir, name);
}

int fixture_store(const char *db, const struct plan *p, struct store **out)
{
	struct plan_save_result res;
	if (store_open(db, out) != ST_OK || (p && store_plan_save(*out, p, "test", &res) != ST_OK)) {
		fprintf(stderr, "store %s: %s\n", db, store_errmsg(*out));
		return -1;
	}
	return 0;
}

void fixture_remove(const char *tmpdir, const char *db)
{
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	if (store_is_postgres_target(db)) {
		testdb_drop(db);
		rmdir(tmpdir);
		return;
	}
	char path[160];
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", db, suffixes[i]);
		unlink(path);
	}
	rmdir(tmpdir);
}
