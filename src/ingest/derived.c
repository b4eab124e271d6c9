/* derived.c - derived indicators kept current (see derived.h). Totals are added in 128 bits
 * and stored in 64: a total past that is an error, never a wrapped number. A region counts a
 * record of its own and of every region below it (reg_region_scope): records add to their own
 * region first, and the totals of a region are the sums over the regions below it, so a record
 * is evaluated once however many regions it counts for. */
#include <stdlib.h>
#include <string.h>

#include "core/derive.h"
#include "core/period.h"
#include "ingest/derived.h"
#include "ingest/registries.h"
#include "store/store.h"
#include "base/banned.h"

__extension__ typedef __int128 wide; /* a total while it is added up (a GCC and Clang extension) */

/* One derived indicator. */
struct dind {
	int ind;                   /* index in the plan */
	const char *code;
	struct derive *d;
	size_t n_leaves;
	unsigned kinds;            /* the registries it reads */
	const char *source;        /* DERIVED_SOURCE_PREFIX + definition */
	struct derived_state st;   /* as stored, when has_state */
	int has_state;             /* ... and computed for this definition and region tree */
	int is_incremental;        /* the notes so far may be applied to the stored totals */
	unsigned char *covered;    /* regions with totals (n_regions flags) */
	/* what the notes add, per aggregate, own region and year of st's span */
	wide *delta;
	unsigned char *touched;    /* own regions of the noted records (old and new) */
	int hi;                    /* the latest year the noted records mention (st.hi_year at first) */
	int is_changed;            /* something was noted */
};

struct derived {
	struct store *s;
	struct arena *a;
	const struct plan *p;
	int max_year;
	struct diag_list *diags;
	char tree[17];
	size_t nr;
	unsigned char *up;         /* up[r * nr + g]: a record of region r counts for region g */
	struct dind *inds;
	size_t n;
	/* the region codes of a scan, resolved through a small open-addressing table */
	int *slots;
	size_t n_slots;
};

/* ---- regions ------------------------------------------------------------------------------ */

static size_t code_hash(const char *s)
{
	size_t h = 5381;
	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

static void index_regions(struct derived *dv)
{
	dv->n_slots = 16;
	while (dv->n_slots < 4 * dv->nr)
		dv->n_slots *= 2;
	dv->slots = arena_alloc(dv->a, dv->n_slots * sizeof(*dv->slots));
	for (size_t i = 0; i < dv->n_slots; i++)
		dv->slots[i] = -1;
	for (size_t g = 0; g < dv->nr; g++) {
		size_t h = code_hash(dv->p->regions[g].code) & (dv->n_slots - 1);
		while (dv->slots[h] >= 0)
			h = (h + 1) & (dv->n_slots - 1);
		dv->slots[h] = (int)g;
	}
}

static int region_of(const struct derived *dv, const char *code)
{
	if (!code)
		return -1;
	for (size_t h = code_hash(code) & (dv->n_slots - 1);; h = (h + 1) & (dv->n_slots - 1)) {
		int g = dv->slots[h];
		if (g < 0 || strcmp(dv->p->regions[g].code, code) == 0)
			return g;
	}
}

/* ---- opening -------------------------------------------------------------------------------- */

static int status_rank(enum obs_status st)
{
	return st == OBS_PUBLISHED ? 3 : st == OBS_APPROVED ? 2 : st == OBS_SUBMITTED ? 1 : 0;
}

enum status derived_open(struct store *s, struct arena *a, const struct plan *p, int max_year, unsigned kind_mask,
			 struct derived **out, struct diag_list *diags)
{
	struct derived *dv = arena_calloc(a, 1, sizeof(*dv));
	*out = dv;
	dv->s = s, dv->a = a, dv->p = p, dv->max_year = max_year, dv->diags = diags;
	dv->nr = p->n_regions;
	reg_tree_digest(p, dv->tree);
	index_regions(dv);
	size_t nr = dv->nr ? dv->nr : 1;
	dv->up = arena_alloc(a, nr * nr);
	unsigned char *scope = arena_alloc(a, nr);
	for (size_t g = 0; g < dv->nr; g++) {
		reg_region_scope(p, (int)g, scope);
		for (size_t r = 0; r < dv->nr; r++)
			dv->up[r * nr + g] = scope[r];
	}
	dv->inds = arena_calloc(a, p->n_indicators ? p->n_indicators : 1, sizeof(*dv->inds));
	for (size_t i = 0; i < p->n_indicators; i++) {
		const struct indicator *ind = &p->indicators[i];
		if (ind->kind != IND_DERIVED)
			continue;
		if (!ind->formula) {
			diag_warn(diags, NULL, 0, 0, ind->code, "no_definition",
				  "'%s' is derived but has no definition in its formula column: nothing to compute", ind->code);
			continue;
		}
		size_t err_at;
		const char *err;
		struct derive *d = derive_parse(a, ind->formula, strlen(ind->formula), &err_at, &err);
		if (!d) { /* plan_check refuses such a plan; a stored one is checked again */
			diag_add(diags, NULL, 0, 0, ind->code, "bad_definition", "definition of '%s', at character %zu: %s",
				 ind->code, err_at + 1, err);
			continue;
		}
		if (ind->frequency != FREQ_ANNUAL) {
			diag_warn(diags, NULL, 0, 0, ind->code, "not_annual", "'%s' is not annual: only annual derived indicators are computed",
				  ind->code);
			continue;
		}
		if (!(derive_kinds(d) & kind_mask))
			continue;
		struct dind *di = &dv->inds[dv->n++];
		di->ind = (int)i;
		di->code = ind->code;
		di->d = d;
		di->n_leaves = derive_n_leaves(d);
		di->kinds = derive_kinds(d);
		di->source = arena_printf(a, DERIVED_SOURCE_PREFIX "%s", ind->formula);
		di->covered = arena_calloc(a, nr, 1);
		di->touched = arena_calloc(a, nr, 1);
		enum status rc = store_derived_state(s, a, ind->code, &di->st);
		if (rc != ST_OK && rc != ST_NOT_FOUND)
			return rc;
		di->has_state = rc == ST_OK && strcmp(di->st.definition, ind->formula) == 0 && strcmp(di->st.tree, dv->tree) == 0 &&
				di->st.first_year <= di->st.last_year && di->st.last_year - di->st.first_year < DERIVE_MAX_YEARS;
		di->is_incremental = di->has_state;
		if (!di->has_state)
			continue;
		const char **codes;
		size_t n_codes;
		rc = store_derived_regions(s, a, ind->code, &codes, &n_codes);
		if (rc != ST_OK)
			return rc;
		for (size_t k = 0; k < n_codes; k++) {
			int g = region_of(dv, codes[k]);
			if (g >= 0)
				di->covered[g] = 1;
		}
		di->hi = di->st.hi_year;
		size_t n_years = (size_t)(di->st.last_year - di->st.first_year + 1);
		di->delta = arena_calloc(a, (di->n_leaves ? di->n_leaves : 1) * nr * n_years, sizeof(*di->delta));
	}
	return ST_OK;
}

/* ---- noting records ------------------------------------------------------------------------- */

/* Add sign times what rec adds to each aggregate of kind to the indicator's deltas. */
static void note_one(struct derived *dv, struct dind *di, enum reg_kind kind, const struct reg_record *rec, int sign)
{
	struct reg_row row;
	reg_row_from_record(kind, rec, &row);
	row.region = region_of(dv, rec->vals[reg_kind_info(kind)->region_field]);
	if (row.region < 0)
		return; /* a region the plan does not have counts nowhere (as in a full computation) */
	int lo, hi;
	if (sign > 0 && reg_row_years(kind, &row, &lo, &hi)) {
		if (lo < di->st.first_year) {
			di->is_incremental = 0; /* earlier years: every record may count there */
			return;
		}
		if (hi > di->hi)
			di->hi = hi;
	}
	di->touched[row.region] = 1;
	struct derive_years ys;
	int n_years = di->st.last_year - di->st.first_year + 1;
	derive_years_init(&ys, di->st.first_year, n_years);
	for (size_t l = 0; l < di->n_leaves; l++) {
		if (derive_leaf_kind(di->d, l) != kind)
			continue;
		uint64_t bits[DERIVE_YEAR_WORDS];
		int64_t v;
		if (!derive_leaf_years(di->d, l, &row, &ys, bits, &v))
			continue;
		wide *at = di->delta + (l * dv->nr + (size_t)row.region) * (size_t)n_years;
		for (int y = 0; y < n_years; y++)
			if ((bits[y / 64] >> (y % 64)) & 1u)
				at[y] += sign * (wide)v;
	}
}

enum status derived_note(struct derived *dv, enum reg_kind kind, const struct reg_record *old, const struct reg_record *new_)
{
	for (size_t i = 0; i < dv->n; i++) {
		struct dind *di = &dv->inds[i];
		if (!(di->kinds & (1u << kind)))
			continue;
		di->is_changed = 1;
		if (!di->is_incremental)
			continue;
		if (new_)
			note_one(dv, di, kind, new_, 1);
		if (old && di->is_incremental)
			note_one(dv, di, kind, old, -1);
	}
	return ST_OK;
}

/* ---- writing values ------------------------------------------------------------------------- */

/* What an apply writes: the derived values that changed, with one audit event. */
struct value_writer {
	struct derived *dv;
	const char *who;
	struct registry_recompute_result *res;
	struct obs_writer *w;  /* opened at the first value */
	size_t cap;
	struct arena *cell;    /* look-ups of one cell */
};

/* Compare the value of indicator di at region g and year y (totals of its aggregates) with its
 * stored revision; list the cell and write a revision when it changed. */
static enum status put_value(struct value_writer *vw, const struct dind *di, size_t g, int y, const int64_t *totals)
{
	struct derived *dv = vw->dv;
	struct registry_recompute_result *res = vw->res;
	double value;
	if (!derive_value(di->d, totals, &value))
		return ST_OK; /* undefined there (a division by zero): no value */
	enum status rc;
	if (!vw->w) {
		struct obs_batch *batch = arena_alloc(dv->a, sizeof(*batch));
		*batch = (struct obs_batch){vw->who, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, "registry.recompute"};
		rc = store_obs_writer_open(dv->s, dv->a, batch, &vw->w);
		if (rc != ST_OK)
			return rc;
	}
	char text[PERIOD_TEXT_MAX];
	struct period per = {y, PERIOD_YEAR, 0};
	period_format(&per, text);
	struct obs_key key = {di->code, dv->p->regions[g].code, text};
	struct obs *before;
	arena_reset(vw->cell);
	rc = store_obs_writer_latest(vw->w, vw->cell, &key, &before);
	if (rc != ST_OK)
		return rc;
	if (res->n_cells == vw->cap) {
		size_t cap = vw->cap ? vw->cap * 2 : 64;
		struct registry_cell *grown = arena_calloc(dv->a, cap, sizeof(*grown));
		if (res->n_cells)
			memcpy(grown, res->cells, res->n_cells * sizeof(*grown));
		res->cells = grown;
		vw->cap = cap;
	}
	struct registry_cell *c = &res->cells[res->n_cells++];
	struct obs *o = &c->after;
	o->indicator = di->code;
	o->region = dv->p->regions[g].code;
	o->period = arena_strdup(dv->a, text);
	o->period_t = period_time(&per);
	o->value = value;
	o->qualifier = QUAL_EXACT;
	o->status = OBS_APPROVED;
	o->source = di->source;
	o->created_by = vw->who;
	if (before) {
		struct obs *b = arena_alloc(dv->a, sizeof(*b));
		*b = *before;
		b->source = before->source ? arena_strdup(dv->a, before->source) : NULL;
		c->before = b;
	}
	if (before && before->status != OBS_RETURNED && status_rank(before->status) >= status_rank(OBS_APPROVED) &&
	    before->value == value && before->qualifier == QUAL_EXACT && before->source && strcmp(before->source, di->source) == 0) {
		c->is_unchanged = 1;
		res->n_unchanged++;
		return ST_OK;
	}
	o->revision = before ? before->revision + 1 : 1;
	if (before)
		res->n_revised++;
	else
		res->n_new++;
	return store_obs_put(vw->w, o);
}

/* A total of 128 bits as 64, or a diagnostic. */
static enum status narrow(struct derived *dv, const struct dind *di, size_t g, int y, wide total, int64_t *out)
{
	if (total > (wide)INT64_MAX || total < (wide)INT64_MIN) {
		diag_add(dv->diags, NULL, 0, 0, di->code, "total_too_large",
			 "a total of '%s' for '%s' in %d is too large to add up exactly", di->code, dv->p->regions[g].code, y);
		return ST_TOO_LARGE;
	}
	*out = (int64_t)total;
	return ST_OK;
}

/* ---- incremental ---------------------------------------------------------------------------- */

/* Add the noted deltas to the stored totals of every region they count for, and write the
 * values that changed. */
static enum status apply_incremental(struct value_writer *vw, struct dind *di)
{
	struct derived *dv = vw->dv;
	size_t nr = dv->nr, nl = di->n_leaves;
	int n_years = di->st.last_year - di->st.first_year + 1;
	/* the regions the touched regions count for; regions newly counted get every year */
	unsigned char *affected = arena_calloc(dv->a, nr ? nr : 1, 1);
	for (size_t r = 0; r < nr; r++)
		for (size_t g = 0; di->touched[r] && g < nr; g++)
			affected[g] |= dv->up[r * nr + g];
	int64_t *totals = arena_alloc(dv->a, (nl ? nl : 1) * sizeof(*totals));
	for (size_t g = 0; g < nr; g++) {
		if (!affected[g])
			continue;
		for (int y = 0; y < n_years; y++) {
			int year = di->st.first_year + y;
			enum status rc = store_derived_get(dv->s, di->code, dv->p->regions[g].code, year, nl, totals);
			if (rc != ST_OK)
				return rc;
			int is_moved = !di->covered[g];
			for (size_t l = 0; l < nl; l++) {
				wide t = totals[l];
				for (size_t r = 0; r < nr; r++)
					if (dv->up[r * nr + g])
						t += di->delta[(l * nr + r) * (size_t)n_years + (size_t)y];
				is_moved |= t != totals[l];
				rc = narrow(dv, di, g, year, t, &totals[l]);
				if (rc != ST_OK)
					return rc;
			}
			if (!is_moved)
				continue; /* nothing counted here changed: neither did the value */
			rc = store_derived_set(dv->s, di->code, dv->p->regions[g].code, year, nl, totals);
			if (rc == ST_OK)
				rc = put_value(vw, di, g, year, totals);
			if (rc != ST_OK)
				return rc;
		}
		di->covered[g] = 1;
	}
	if (di->hi != di->st.hi_year || di->st.max_year != dv->max_year) {
		di->st.hi_year = di->hi;
		di->st.max_year = dv->max_year;
		return store_derived_state_put(dv->s, &di->st);
	}
	return ST_OK;
}

/* ---- from the records ------------------------------------------------------------------------ */

/* One indicator computed from the records: its span, and what its aggregates add per own
 * region and year. */
struct full {
	struct dind *di;
	int first, last, hi;
	int is_empty;               /* no year to compute */
	wide *own;                  /* [leaf][own region][year] */
	unsigned char *had;         /* regions computed before (values or totals) */
};

/* An aggregate of an indicator being computed that reads the registry scanned. */
struct scan_leaf {
	struct full *f;
	size_t l;
	struct derive_years ys;
	wide *own;                  /* f->own at the leaf */
	int is_plain;               /* derive_leaf_plain: added here without derive_leaf_years */
	int period_field, sum_field, is_date;
};

/* The scan of one registry for every indicator being computed that reads it. */
struct scan {
	struct derived *dv;
	enum reg_kind kind;
	struct scan_leaf *leaves;   /* the aggregates reading the kind, found once */
	size_t n_leaves;
	unsigned char *has_record;  /* own regions with any record of the kind */
};

static int scan_region(void *ctx, const char *code)
{
	const struct scan *sc = ctx;
	return region_of(sc->dv, code);
}

static enum status scan_row(void *ctx, struct reg_row *row)
{
	struct scan *sc = ctx;
	int r = row->region; /* scan_region's */
	if (r < 0)
		return ST_OK;
	sc->has_record[r] = 1;
	for (size_t i = 0; i < sc->n_leaves; i++) {
		const struct scan_leaf *sl = &sc->leaves[i];
		uint64_t bits[DERIVE_YEAR_WORDS];
		int64_t v = 1;
		if (sl->is_plain) { /* what derive_leaf_years gives, without its bit sets */
			if (sl->sum_field >= 0 &&
			    (((row->nulls >> sl->sum_field) & 1u) || !derive_amount(row->num[sl->sum_field], &v)))
				continue;
			wide *at = sl->own + (size_t)r * (size_t)sl->ys.n;
			if (sl->period_field < 0) {
				for (int y = 0; y < sl->ys.n; y++)
					at[y] += v;
				continue;
			}
			if ((row->nulls >> sl->period_field) & 1u)
				continue;
			unsigned y = (unsigned)(derive_period_year(row, sl->period_field, sl->is_date) - sl->ys.first);
			if (y < (unsigned)sl->ys.n)
				at[y] += v;
			continue;
		}
		if (!derive_leaf_years(sl->f->di->d, sl->l, row, &sl->ys, bits, &v))
			continue;
		wide *at = sl->own + (size_t)r * (size_t)sl->ys.n;
		for (int w = 0; w < sl->ys.n_words; w++)
			for (uint64_t b = bits[w]; b; b &= b - 1)
				at[w * 64 + __builtin_ctzll(b)] += v;
	}
	return ST_OK;
}

/* The span of years of an indicator computed from the records: from the first year its
 * records mention, or it was computed for before (its values, or its totals' span), to the
 * last its records mention (at most max_year) or it was computed for before. Years computed
 * before stay computed, so an import's incremental update and this agree on the span. */
static enum status full_span(struct derived *dv, struct full *f, const int *kind_lo, const int *kind_hi, const int *kind_any)
{
	struct dind *di = f->di;
	int lo = 0, hi = 0, any = 0;       /* years the records mention */
	int had_lo = 0, had_hi = 0, had = 0; /* years computed before */
	for (int k = 0; k < REG_N_KINDS; k++) {
		if (!(di->kinds & (1u << k)) || !kind_any[k])
			continue;
		if (!any || kind_lo[k] < lo)
			lo = kind_lo[k];
		if (!any || kind_hi[k] > hi)
			hi = kind_hi[k];
		any = 1;
	}
	if (di->has_state) {
		if (!any || di->st.hi_year > hi)
			hi = di->st.hi_year;
		if (!any || di->st.first_year < lo)
			lo = di->st.first_year;
		any = 1;
		had_lo = di->st.first_year, had_hi = di->st.last_year, had = 1;
	}
	/* values computed before stay computed: a record moved to another region or year must
	 * revise the value it used to count towards, not leave it standing */
	struct obs *old;
	size_t n_old;
	enum status rc = store_obs_current(dv->s, dv->a, di->code, NULL, OBS_VIEW_INTERNAL, &old, &n_old);
	if (rc != ST_OK)
		return rc;
	f->had = arena_calloc(dv->a, dv->nr ? dv->nr : 1, 1);
	for (size_t o = 0; o < n_old; o++) {
		int g = region_of(dv, old[o].region);
		struct period per;
		if (!old[o].source || strncmp(old[o].source, DERIVED_SOURCE_PREFIX, strlen(DERIVED_SOURCE_PREFIX)) != 0 || g < 0 ||
		    !period_parse(old[o].period, strlen(old[o].period), &per) || per.kind != PERIOD_YEAR)
			continue;
		f->had[g] = 1;
		if (!had || per.year < had_lo)
			had_lo = per.year;
		if (!had || per.year > had_hi)
			had_hi = per.year;
		had = 1;
	}
	for (size_t g = 0; g < dv->nr; g++)
		f->had[g] |= di->covered[g];
	int last = hi < dv->max_year ? hi : dv->max_year;
	f->hi = hi;
	f->first = lo;
	f->last = last;
	f->is_empty = !any || lo > last;
	if (had) {
		if (f->is_empty || had_lo < f->first)
			f->first = had_lo;
		if (f->is_empty || had_hi > f->last)
			f->last = had_hi;
		if (!any)
			f->hi = had_hi;
		f->is_empty = 0;
	}
	if (!f->is_empty && f->last - f->first >= DERIVE_MAX_YEARS)
		f->first = f->last - DERIVE_MAX_YEARS + 1;
	if (!f->is_empty) {
		size_t n_years = (size_t)(f->last - f->first + 1);
		f->own = arena_calloc(dv->a, (di->n_leaves ? di->n_leaves : 1) * dv->nr * n_years, sizeof(*f->own));
	}
	return ST_OK;
}

/* Compute the indicators of fulls from the records: one scan per registry they read, then the
 * totals of every region, the state, and the values. */
static enum status apply_full(struct value_writer *vw, struct full *fulls, size_t n_fulls)
{
	struct derived *dv = vw->dv;
	size_t nr = dv->nr ? dv->nr : 1;
	int kind_lo[REG_N_KINDS] = {0}, kind_hi[REG_N_KINDS] = {0}, kind_any[REG_N_KINDS] = {0};
	unsigned kinds = 0;
	for (size_t i = 0; i < n_fulls; i++)
		kinds |= fulls[i].di->kinds;
	for (int k = 0; k < REG_N_KINDS; k++) {
		if (!(kinds & (1u << k)))
			continue;
		kind_any[k] = store_registry_year_span(dv->s, (enum reg_kind)k, &kind_lo[k], &kind_hi[k]);
		if (kind_any[k] < 0)
			return ST_STORE;
	}
	for (size_t i = 0; i < n_fulls; i++) {
		enum status rc = full_span(dv, &fulls[i], kind_lo, kind_hi, kind_any);
		if (rc != ST_OK)
			return rc;
	}
	unsigned char *has_record[REG_N_KINDS] = {NULL};
	for (int k = 0; k < REG_N_KINDS; k++) {
		if (!(kinds & (1u << k)))
			continue;
		/* only the fields the definitions compare or sum are read */
		uint64_t mask = 0;
		for (size_t i = 0; i < n_fulls; i++)
			mask |= derive_fields(fulls[i].di->d, (enum reg_kind)k);
		/* two parts that may be read at once (store_registry_scan_parts): the first adds into
		 * the indicators' own totals, the second into totals of its own, added to them after
		 * (whole numbers: in any order, the same sums) */
		size_t n_leaves = 0;
		for (size_t i = 0; i < n_fulls; i++)
			n_leaves += fulls[i].di->n_leaves;
		struct scan sc[2];
		for (int p = 0; p < 2; p++) {
			sc[p] = (struct scan){dv, (enum reg_kind)k, NULL, 0, arena_calloc(dv->a, nr, 1)};
			sc[p].leaves = arena_calloc(dv->a, n_leaves ? n_leaves : 1, sizeof(*sc[p].leaves));
			for (size_t i = 0; i < n_fulls; i++) {
				struct full *f = &fulls[i];
				for (size_t l = 0; !f->is_empty && l < f->di->n_leaves; l++) {
					if (derive_leaf_kind(f->di->d, l) != (enum reg_kind)k)
						continue;
					struct scan_leaf *sl = &sc[p].leaves[sc[p].n_leaves++];
					sl->f = f, sl->l = l;
					derive_years_init(&sl->ys, f->first, f->last - f->first + 1);
					sl->is_plain = derive_leaf_plain(f->di->d, l, &sl->period_field, &sl->sum_field);
					sl->is_date = sl->period_field >= 0 &&
						      reg_kind_info((enum reg_kind)k)->fields[sl->period_field].type == RT_DATE;
					sl->own = p == 0 ? f->own + l * dv->nr * (size_t)sl->ys.n
							 : arena_calloc(dv->a, dv->nr * (size_t)sl->ys.n, sizeof(*sl->own));
				}
			}
		}
		void *ctxs[2] = {&sc[0], &sc[1]};
		enum status rc = store_registry_scan_parts(dv->s, (enum reg_kind)k, mask, scan_region, scan_row, 2, ctxs);
		if (rc != ST_OK)
			return rc;
		for (size_t i = 0; i < sc[0].n_leaves; i++)
			for (size_t e = 0; e < dv->nr * (size_t)sc[0].leaves[i].ys.n; e++)
				sc[0].leaves[i].own[e] += sc[1].leaves[i].own[e];
		for (size_t r = 0; r < dv->nr; r++)
			sc[0].has_record[r] |= sc[1].has_record[r];
		has_record[k] = sc[0].has_record;
	}
	int64_t *totals = arena_alloc(dv->a, 64 * sizeof(*totals));
	for (size_t i = 0; i < n_fulls; i++) {
		struct full *f = &fulls[i];
		struct dind *di = f->di;
		size_t nl = di->n_leaves;
		enum status rc = store_derived_clear(dv->s, di->code);
		if (rc != ST_OK)
			return rc;
		memset(di->covered, 0, nr);
		if (f->is_empty)
			continue;
		if (nl > 64)
			totals = arena_alloc(dv->a, nl * sizeof(*totals));
		/* a region is computed where a record counts for it, or where it was computed before */
		for (size_t g = 0; g < dv->nr; g++) {
			int is_covered = f->had[g];
			for (int k = 0; k < REG_N_KINDS && !is_covered; k++)
				for (size_t r = 0; (di->kinds & (1u << k)) && r < dv->nr && !is_covered; r++)
					is_covered = has_record[k][r] && dv->up[r * nr + g];
			di->covered[g] = (unsigned char)is_covered;
		}
		int n_years = f->last - f->first + 1;
		for (size_t g = 0; g < dv->nr; g++) {
			if (!di->covered[g])
				continue; /* no record there: the registry says nothing about this region */
			for (int y = 0; y < n_years; y++) {
				for (size_t l = 0; l < nl; l++) {
					wide t = 0;
					for (size_t r = 0; r < dv->nr; r++)
						if (dv->up[r * nr + g])
							t += f->own[(l * dv->nr + r) * (size_t)n_years + (size_t)y];
					rc = narrow(dv, di, g, f->first + y, t, &totals[l]);
					if (rc != ST_OK)
						return rc;
				}
				rc = store_derived_set(dv->s, di->code, dv->p->regions[g].code, f->first + y, nl, totals);
				if (rc == ST_OK)
					rc = put_value(vw, di, g, f->first + y, totals);
				if (rc != ST_OK)
					return rc;
			}
		}
		di->st = (struct derived_state){di->code, dv->p->indicators[di->ind].formula, dv->tree, f->first, f->last,
						dv->max_year, f->hi};
		di->has_state = 1;
		rc = store_derived_state_put(dv->s, &di->st);
		if (rc != ST_OK)
			return rc;
	}
	return ST_OK;
}

/* ---- applying ---------------------------------------------------------------------------------- */

enum status derived_apply(struct derived *dv, const char *who, int is_full, struct registry_recompute_result *res)
{
	memset(res, 0, sizeof(*res));
	res->cells = arena_calloc(dv->a, 1, sizeof(*res->cells));
	struct value_writer vw = {dv, who, res, NULL, 0, arena_new()};
	struct full *fulls = arena_calloc(dv->a, dv->n ? dv->n : 1, sizeof(*fulls));
	size_t n_fulls = 0;
	enum status rc = ST_OK;
	res->n_indicators = dv->n;
	for (size_t i = 0; rc == ST_OK && i < dv->n; i++) {
		struct dind *di = &dv->inds[i];
		if (!is_full && !di->is_changed && di->has_state && di->st.max_year == dv->max_year)
			continue;
		/* the span of years stays put (it never shrinks: years computed before stay computed),
		 * or the totals cannot follow: the records decide */
		int last = di->hi < dv->max_year ? di->hi : dv->max_year;
		if (is_full || !di->is_incremental || last > di->st.last_year)
			fulls[n_fulls++].di = di;
		else if ((rc = apply_incremental(&vw, di)) == ST_OK)
			res->n_incremental++;
	}
	if (rc == ST_OK && n_fulls)
		rc = apply_full(&vw, fulls, n_fulls);
	if (rc == ST_OK && vw.w && res->n_new + res->n_revised)
		rc = store_obs_writer_finish(vw.w, res->n_cells, res->n_new, res->n_revised, res->n_unchanged, &res->batch_id);
	arena_free(vw.cell);
	return rc;
}
