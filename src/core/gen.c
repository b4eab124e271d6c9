/* gen.c - the generator's common parts (see gen.h): the random stream, dates, the places of a
 * region tree, and the table of kinds. Pure. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/gen.h"
#include "base/banned.h"

/* The kinds, each in its own file (gen_registries.c): add a kind here. */
extern const struct gen_kind gen_enterprises, gen_contracts, gen_patents, gen_platforms, gen_talents;
static const struct gen_kind *const kinds[] = {&gen_enterprises, &gen_contracts, &gen_patents, &gen_platforms, &gen_talents,
					      NULL};

const struct gen_kind *const *gen_kinds(void)
{
	return kinds;
}

/* ---- random numbers ---- */

uint64_t gen_next(struct gen_rng *r)
{
	/* splitmix64 (Steele, Lea, Flood 2014): small, fast, every seed a good stream */
	uint64_t z = (r->s += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

void gen_rng_init(struct gen_rng *r, uint64_t seed, const char *name)
{
	uint64_t h = 14695981039346656037u; /* FNV-1a of the name, mixed with the seed */
	for (; name && *name; name++)
		h = (h ^ (unsigned char)*name) * 1099511628211u;
	r->s = seed ^ h;
	(void)gen_next(r);
}

double gen_unit(struct gen_rng *r)
{
	return (double)(gen_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

int gen_int(struct gen_rng *r, int lo, int hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int)(gen_next(r) % (uint64_t)(hi - lo + 1));
}

double gen_lognormal(struct gen_rng *r, double mu, double sigma)
{
	/* Box-Muller: one standard normal draw from two uniform ones */
	double u = gen_unit(r), v = gen_unit(r);
	double z = sqrt(-2.0 * log(1.0 - u)) * cos(2.0 * M_PI * v);
	return exp(mu + sigma * z);
}

/* ---- dates ---- */

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

void gen_date(int y, int day, char out[16])
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	while (day < 0)
		day += 365 + is_leap(--y);
	while (day >= 365 + is_leap(y))
		day -= 365 + is_leap(y++);
	int m = 0;
	while (day >= mdays[m] + (m == 1 && is_leap(y))) {
		day -= mdays[m] + (m == 1 && is_leap(y));
		m++;
	}
	snprintf(out, 16, "%04d-%02d-%02d", y % 10000, (m + 1) % 100, (day + 1) % 100);
}

void gen_day(struct gen_rng *r, int y, char out[16])
{
	gen_date(y, gen_int(r, 0, 364 + is_leap(y)), out);
}

/* ---- places ---- */

void gen_places_init(struct arena *a, const struct plan *p, struct gen_places *out)
{
	size_t n = p->n_regions;
	int *depth = arena_calloc(a, n ? n : 1, sizeof(*depth));
	double *weight = arena_calloc(a, n ? n : 1, sizeof(*weight));
	unsigned char *is_first_parent = arena_calloc(a, n ? n : 1, 1), *is_any_parent = arena_calloc(a, n ? n : 1, 1);
	for (size_t g = 0; g < n; g++)
		for (size_t k = 0; k < p->regions[g].n_parents; k++) {
			int up = p->regions[g].parents[k];
			if (up < 0 || (size_t)up >= n)
				continue;
			is_any_parent[up] = 1;
			if (k == 0)
				is_first_parent[up] = 1;
		}
	/* a grouping: the parent of regions that all belong first to another */
	unsigned char *is_group = arena_calloc(a, n ? n : 1, 1);
	for (size_t g = 0; g < n; g++)
		is_group[g] = is_any_parent[g] && !is_first_parent[g];
	/* depth and weight follow first parents; regions come after their parents in a plan, but
	 * go round until nothing changes rather than rely on it */
	for (size_t g = 0; g < n; g++)
		weight[g] = p->regions[g].n_parents ? -1 : 1;
	for (int changed = 1; changed;) {
		changed = 0;
		for (size_t g = 0; g < n; g++) {
			if (weight[g] >= 0)
				continue;
			int up = p->regions[g].parents[0];
			if (up < 0 || (size_t)up >= n || weight[up] < 0)
				continue;
			int rank = 0; /* among the siblings (not groupings) listed before it */
			for (size_t s = 0; s < g; s++)
				rank += p->regions[s].n_parents && p->regions[s].parents[0] == up && !is_group[s];
			depth[g] = depth[up] + 1;
			weight[g] = weight[up] / (rank + 1);
			changed = 1;
		}
	}
	out->region = arena_calloc(a, n ? n : 1, sizeof(*out->region));
	out->cum = arena_calloc(a, n ? n : 1, sizeof(*out->cum));
	out->n = 0;
	double total = 0;
	for (size_t g = 0; g < n; g++) {
		if (depth[g] < 2 || is_group[g] || weight[g] <= 0)
			continue;
		total += weight[g];
		out->region[out->n] = (int)g;
		out->cum[out->n++] = total;
	}
	for (size_t i = 0; i < out->n; i++)
		out->cum[i] /= total;
	if (out->n)
		out->cum[out->n - 1] = 1;
}

int gen_place(struct gen_rng *r, const struct gen_places *pl)
{
	if (pl->n == 0)
		return 0;
	double u = gen_unit(r);
	size_t lo = 0, hi = pl->n - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (pl->cum[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return pl->region[lo];
}
