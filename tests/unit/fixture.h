/* fixture.h - what several unit tests set up alike: the shipped plan (data/plans/czt-2024)
 * loaded from the source tree, a fresh temporary folder with a store in it holding a plan, and
 * the removal of both. Test code: no cmocka asserts here, so group setups may call it. */
#ifndef INNOMON_TESTS_UNIT_FIXTURE_H
#define INNOMON_TESTS_UNIT_FIXTURE_H

#include "core/plan.h"
#include "store/store.h"

/* The shipped plan's folder under INNOMON_SOURCE_ROOT ("." when unset), in arena a. */
const char *fixture_shipped_dir(struct arena *a);
/* Load the shipped plan into arena a (*out lives there). 0, or -1 with the loader's
 * diagnostics on stderr. */
int fixture_shipped_plan(struct arena *a, struct plan **out);
/* The demo plan (data/demo/plan: derived indicators over the DEMO registries) into *out, memory
 * from a. 0, or -1 with the reasons on stderr. */
int fixture_demo_plan(struct arena *a, struct plan **out);

/* Import the shipped figures (observations.csv of the shipped plan p) into store s as
 * published, by "init", as `innomon init` does; *n_new gets the number of new values. 0, or -1
 * with the diagnostics on stderr. */
int fixture_shipped_figures(struct store *s, struct arena *a, const struct plan *p, size_t *n_new);
/* Import the values file csv (the import's headers) with status st by user "unit". 0, or -1
 * with the reasons on stderr. */
int fixture_figures(struct store *s, struct arena *a, const struct plan *p, const char *csv, enum obs_status st);
/* The same as submitted: figures that wait for review. */
int fixture_submitted_figures(struct store *s, struct arena *a, const struct plan *p, const char *csv);

/* Make a fresh folder /tmp/innomon-NAME-XXXXXX into tmpdir and its store target into db
 * (TMPDIR/store.db, not created; with INNOMON_TEST_PG a new empty database: testdb.h). 0, or -1
 * when the folder or the database cannot be made. */
int fixture_tmpdir(char tmpdir[64], char db[128], const char *name);
/* Open a new store at db into *out (the caller closes it with store_close) and save plan p
 * there as "test" (p NULL: no plan). 0, or -1 with the store's message on stderr. */
int fixture_store(const char *db, const struct plan *p, struct store **out);
/* Remove the store at db (the file, its -wal and -shm; or the database), then the folder
 * tmpdir, which must be empty by then. Failures are ignored. */
void fixture_remove(const char *tmpdir, const char *db);

#endif
