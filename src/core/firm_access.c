/* firm_access.c - the visibility of firm-level results and the small-cell suppression of
 * counts (see firm_access.h). Region scope follows every parent link (reg_region_scope), as
 * registry counts do. Pure. */
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/firm_access.h"
#include "core/registry.h"
#include "base/banned.h"

int firm_may_list(const struct principal *p)
{
	return authz_is_department(p) || (p && p->role == ROLE_REGION_REPORTER && p->region);
}

int firm_may_see(const struct principal *p, const struct plan *plan, int region)
{
	if (authz_is_department(p))
		return 1;
	if (!p || p->role != ROLE_REGION_REPORTER || !p->region || region < 0 || (size_t)region >= plan->n_regions)
		return 0;
	int own = plan_find_region(plan, p->region);
	if (own < 0)
		return 0;
	unsigned char *scope = xmalloc(plan->n_regions);
	reg_region_scope(plan, own, scope);
	int ok = scope[region];
	free(scope);
	/* the reporter's own region decides through authz like any scoped read */
	return ok && authz_check(p, ACT_READ_SCOPED, &(struct scope){NULL, p->region}) == ST_OK;
}

int firm_kind_regions(const struct principal *p, const struct plan *plan, int kind, unsigned char *flags)
{
	if (!reg_kind_info((enum reg_kind)kind)->is_confidential || authz_is_department(p))
		return 1;
	for (size_t g = 0; g < plan->n_regions; g++)
		flags[g] = (unsigned char)firm_may_see(p, plan, (int)g);
	return 0;
}

/* Whether region c lists region g among its parents. */
static int is_child(const struct region *c, int g)
{
	for (size_t k = 0; k < c->n_parents; k++)
		if (c->parents && c->parents[k] == g)
			return 1;
	return 0;
}

/* Whether the firms of regions x and y can overlap: some region is below both. */
static int overlap(const unsigned char *below, size_t n, size_t x, size_t y)
{
	for (size_t r = 0; r < n; r++)
		if (below[x * n + r] && below[y * n + r])
			return 1;
	return 0;
}

/* One family of g's children (pairwise disjoint, so their counts add up): does subtracting the
 * shown ones from g leave a known small number? Hides the smallest shown child (or g) when it
 * does; returns 1 when something was hidden. */
static int check_family(const struct plan *plan, const long *counts, const unsigned char *known, unsigned char *shown,
			const unsigned char *family, size_t g)
{
	long rest = counts[g];
	int n_hidden = 0, smallest = -1;
	for (size_t c = 0; c < plan->n_regions; c++) {
		if (!family[c])
			continue;
		if (shown[c]) {
			rest -= counts[c];
			if (!known[c] && (smallest < 0 || counts[c] < counts[smallest]))
				smallest = (int)c;
		} else {
			n_hidden++;
		}
	}
	/* rest: the hidden children and the firms of g outside every child of the family */
	if (!(rest < FIRM_MIN_CELL && (n_hidden > 0 || rest > 0)))
		return 0;
	if (smallest >= 0)
		shown[smallest] = 0;
	else
		shown[g] = 0;
	return 1;
}

void firm_counts_shown(const struct principal *p, const struct plan *plan, const long *counts, unsigned char *shown)
{
	size_t n = plan->n_regions;
	if (n == 0)
		return;
	unsigned char *known = xmalloc(n), *below = xmalloc(n * n), *left = xmalloc(n), *family = xmalloc(n);
	for (size_t g = 0; g < n; g++) {
		known[g] = (unsigned char)firm_may_see(p, plan, (int)g);
		shown[g] = known[g] || counts[g] >= FIRM_MIN_CELL;
		reg_region_scope(plan, (int)g, below + g * n);
	}
	/* complementary suppression: repeat until no shown region lets a small hidden sum out */
	for (int changed = 1; changed;) {
		changed = 0;
		for (size_t g = 0; g < n && !changed; g++) {
			if (!shown[g] || known[g])
				continue; /* hidden already, or its firms are the reader's to see */
			for (size_t c = 0; c < n; c++)
				left[c] = is_child(&plan->regions[c], (int)g);
			/* split the children into families of disjoint regions, those that sum into g first */
			for (int any = 1; any && !changed;) {
				any = 0;
				memset(family, 0, n);
				for (int pass = 0; pass < 2; pass++)
					for (size_t c = 0; c < n; c++) {
						if (!left[c] || (pass == 0) != (plan->regions[c].sums_into_idx == (int)g))
							continue;
						int ok = 1;
						for (size_t f = 0; f < n && ok; f++)
							ok = !family[f] || !overlap(below, n, c, f);
						if (ok) {
							family[c] = 1;
							left[c] = 0;
							any = 1;
						}
					}
				if (any)
					changed = check_family(plan, counts, known, shown, family, g);
			}
		}
	}
	free(known);
	free(below);
	free(left);
	free(family);
}
