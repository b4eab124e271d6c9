/* gen.h - DEMO registries made up from a seed, for demonstrations and benchmarks: records that
 * look like a real zone's (certificates with their lifetimes, renewals and lapses; contract
 * amounts spread log-normally; patents that lapse; platforms; talents), placed in the regions of
 * a plan's own tree, never in a region the code names. Every record says it is DEMO (【演示】
 * in names, DEMO in codes). Scale 1 is about one real zone's registries (2015-2025), scale 100
 * a national registry's size. The same seed and scale give the same rows, to the byte.
 * Pure: rows are handed to a callback; writing them is the caller's (cli/cmd_gen.c).
 * To add a registry kind: write its struct gen_kind in a file of its own (as gen_registries.c
 * does) and add it to the table in gen.c. */
#ifndef INNOMON_CORE_GEN_H
#define INNOMON_CORE_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "core/plan.h"

/* A reproducible stream of random numbers (splitmix64). */
struct gen_rng {
	uint64_t s;
};
/* A stream for seed and one name (each kind draws from its own: adding a kind changes no
 * other kind's rows). */
void gen_rng_init(struct gen_rng *r, uint64_t seed, const char *name);
uint64_t gen_next(struct gen_rng *r);
/* Uniform in [0, 1). */
double gen_unit(struct gen_rng *r);
/* Uniform in lo..hi (both included). */
int gen_int(struct gen_rng *r, int lo, int hi);
/* exp(mu + sigma * a standard normal draw). */
double gen_lognormal(struct gen_rng *r, double mu, double sigma);
/* A day of year y as "YYYY-MM-DD" into out[11]; day_of_year from 0 (wraps past the year's end
 * into the next year). */
void gen_date(int y, int day_of_year, char out[16]);
/* A random day of year y into out[11]. */
void gen_day(struct gen_rng *r, int y, char out[16]);

/* Where records go: the places of a plan's region tree and their weights. A place is a region
 * at least two levels below a root (a city, a park) that is not only ever a second parent (a
 * zone that groups parks that belong to cities); each weighs 1 / (its rank among its siblings
 * + 1) times its parent's weight, so the first-listed city gets the most records, the next
 * fewer, and so on. */
struct gen_places {
	size_t n;
	int *region;   /* plan indexes */
	double *cum;   /* cumulative weights, the last 1 */
};
/* The places of p (arrays in a). n is 0 when the tree has none (every record then goes to the
 * first region). */
void gen_places_init(struct arena *a, const struct plan *p, struct gen_places *out);
/* A place drawn by weight: a plan index. */
int gen_place(struct gen_rng *r, const struct gen_places *pl);

/* What a kind's generator is given. */
struct gen_ctx {
	const struct plan *p;
	const struct gen_places *places;
	double scale;   /* 1: one real zone */
	uint64_t seed;
};

/* Hand one row (n cells, texts borrowed for the call) to the writer; 0 to go on, else the
 * generator stops and returns it. */
typedef int (*gen_row_fn)(void *ctx, const char *const *cells, size_t n);

/* One kind of registry the generator writes. */
struct gen_kind {
	const char *name;          /* the registry ("contracts"): file demo_<name>.csv */
	const char *const *header; /* the header row (the registry's Chinese column names) */
	size_t n_cols;
	const char *about;         /* one line for the README the generator writes */
	/* Emit every row of the kind for g; 0, or the writer's non-zero answer. */
	int (*generate)(const struct gen_ctx *g, gen_row_fn emit, void *emit_ctx);
};

/* Every kind, NULL-terminated. */
const struct gen_kind *const *gen_kinds(void);

#endif
