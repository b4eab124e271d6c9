/* plan.c - plans and plan versions. A save compares the plan's canonical
 * digest with the latest version; only a difference writes a new version (a full copy of
 * every definition table under a new pv_id). Reading assembles a struct plan again. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/store.h"
#include "base/banned.h"

static void digest_hex(const char *text, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static const char *freq_name(enum frequency f)
{
	return f == FREQ_QUARTERLY ? "quarterly" : f == FREQ_MONTHLY ? "monthly" : "annual";
}

static const char *kind_name(enum ind_kind k)
{
	return k == IND_DERIVED ? "derived" : k == IND_FORMULA ? "formula" : "reported";
}

static enum status register_code(struct store *s, struct arena *a, const char *table, const char *code)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "INSERT INTO %s (code) VALUES (?) ON CONFLICT DO NOTHING", table);
	struct db_stmt *st = db_prep(s, a, sql);
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, code);
	return db_run(st);
}

/* Insert every definition row of p under plan version pv_id. */
static enum status write_version_rows(struct store *s, struct arena *a, const struct plan *p, long long pv)
{
	enum status rc = ST_OK;
	struct db_stmt *st;

	st = db_prep(s, a, "INSERT INTO pv_goals (pv_id, position, code, number, name_zh, name_en, text_zh) VALUES (?,?,?,?,?,?,?)");
	for (size_t i = 0; st && rc == ST_OK && i < p->n_goals; i++) {
		const struct goal *g = &p->goals[i];
		db_bind_int(st, 1, pv), db_bind_int(st, 2, (long long)i), db_bind_text(st, 3, g->code);
		db_bind_int(st, 4, g->number), db_bind_text(st, 5, g->name_zh), db_bind_text(st, 6, g->name_en);
		db_bind_text(st, 7, g->text_zh);
		rc = db_run(st);
	}
	if (!st)
		return ST_STORE;

	st = db_prep(s, a, "INSERT INTO pv_regions (pv_id, position, code, name_zh, name_en, kind, sums_into, geo, lon, lat)"
			   " VALUES (?,?,?,?,?,?,?,?,?,?)");
	for (size_t i = 0; st && rc == ST_OK && i < p->n_regions; i++) {
		const struct region *r = &p->regions[i];
		rc = register_code(s, a, "code_region", r->code);
		db_bind_int(st, 1, pv), db_bind_int(st, 2, (long long)i), db_bind_text(st, 3, r->code);
		db_bind_text(st, 4, r->name_zh), db_bind_text(st, 5, r->name_en), db_bind_text(st, 6, r->kind);
		db_bind_text(st, 7, r->sums_into), db_bind_text(st, 8, r->geo);
		db_bind_opt_double(st, 9, r->has_point, r->lon), db_bind_opt_double(st, 10, r->has_point, r->lat);
		if (rc == ST_OK)
			rc = db_run(st);
	}
	if (!st)
		return ST_STORE;
	st = db_prep(s, a, "INSERT INTO pv_region_parents (pv_id, region, parent, position) VALUES (?,?,?,?)");
	for (size_t i = 0; st && rc == ST_OK && i < p->n_regions; i++)
		for (size_t k = 0; rc == ST_OK && k < p->regions[i].n_parents; k++) {
			db_bind_int(st, 1, pv), db_bind_text(st, 2, p->regions[i].code);
			db_bind_text(st, 3, p->regions[i].parent_codes[k]), db_bind_int(st, 4, (long long)k);
			rc = db_run(st);
		}
	if (!st)
		return ST_STORE;

	st = db_prep(s, a, "INSERT INTO pv_units (pv_id, position, code, name_zh, name_en, kind, regions, short_zh, short_en)"
			   " VALUES (?,?,?,?,?,?,?,?,?)");
	for (size_t i = 0; st && rc == ST_OK && i < p->n_units; i++) {
		const struct unit *u = &p->units[i];
		rc = register_code(s, a, "code_unit", u->code);
		db_bind_int(st, 1, pv), db_bind_int(st, 2, (long long)i), db_bind_text(st, 3, u->code);
		db_bind_text(st, 4, u->name_zh), db_bind_text(st, 5, u->name_en), db_bind_text(st, 6, u->kind);
		db_bind_text(st, 7, u->regions_text), db_bind_text(st, 8, u->short_zh), db_bind_text(st, 9, u->short_en);
		if (rc == ST_OK)
			rc = db_run(st);
	}
	if (!st)
		return ST_STORE;

	st = db_prep(s, a,
		     "INSERT INTO pv_actions (pv_id, number, title_zh, title_en, parent, text_zh, position) VALUES (?,?,?,?,?,?,?)");
	for (size_t i = 0; st && rc == ST_OK && i < p->n_actions; i++) {
		const struct action *x = &p->actions[i];
		db_bind_int(st, 1, pv), db_bind_int(st, 2, x->number), db_bind_text(st, 3, x->title_zh);
		db_bind_text(st, 4, x->title_en), db_bind_opt_int(st, 5, x->parent_number != 0, x->parent_number);
		db_bind_text(st, 6, x->text_zh), db_bind_int(st, 7, (long long)i);
		rc = db_run(st);
	}
	if (!st)
		return ST_STORE;

	st = db_prep(s, a, "INSERT INTO pv_measures (pv_id, number, action, title_zh, title_en, text_zh, text_en) VALUES (?,?,?,?,?,?,?)");
	for (size_t i = 0; st && rc == ST_OK && i < p->n_measures; i++) {
		const struct measure *m = &p->measures[i];
		db_bind_int(st, 1, pv), db_bind_int(st, 2, m->number), db_bind_int(st, 3, m->action_number);
		db_bind_text(st, 4, m->title_zh), db_bind_text(st, 5, m->title_en), db_bind_text(st, 6, m->text_zh);
		db_bind_text(st, 7, m->text_en);
		rc = db_run(st);
	}
	if (!st)
		return ST_STORE;

	st = db_prep(s, a, "INSERT INTO pv_responsibilities (pv_id, measure, unit, role, position) VALUES (?,?,?,?,?)");
	for (size_t i = 0; st && rc == ST_OK && i < p->n_resps; i++) {
		const struct responsibility *r = &p->resps[i];
		db_bind_int(st, 1, pv), db_bind_int(st, 2, r->measure_number), db_bind_text(st, 3, r->unit_code);
		db_bind_text(st, 4, r->role == ROLE_LEAD ? "lead" : "co"), db_bind_int(st, 5, r->position);
		rc = db_run(st);
	}
	if (!st)
		return ST_STORE;

	st = db_prep(s, a, "INSERT INTO pv_action_units (pv_id, action, unit, role, position) VALUES (?,?,?,?,?)");
	for (size_t i = 0; st && rc == ST_OK && i < p->n_action_resps; i++) {
		const struct responsibility *r = &p->action_resps[i];
		db_bind_int(st, 1, pv), db_bind_int(st, 2, r->action_number), db_bind_text(st, 3, r->unit_code);
		db_bind_text(st, 4, r->role == ROLE_LEAD ? "lead" : "co"), db_bind_int(st, 5, r->position);
		rc = db_run(st);
	}
	if (!st)
		return ST_STORE;

	st = db_prep(s, a,
		     "INSERT INTO pv_indicators (pv_id, position, code, name_zh, name_en, unit_zh, unit_en, decimals,"
		     " direction, frequency, kind, aggregation, goal, measure, owner, headline, definition_zh,"
		     " definition_en, formula, scale, levels, method_zh, method_en, source_zh, source_en, release_zh,"
		     " release_en, continues) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	for (size_t i = 0; st && rc == ST_OK && i < p->n_indicators; i++) {
		const struct indicator *d = &p->indicators[i];
		rc = register_code(s, a, "code_indicator", d->code);
		db_bind_int(st, 1, pv), db_bind_int(st, 2, (long long)i), db_bind_text(st, 3, d->code);
		db_bind_text(st, 4, d->name_zh), db_bind_text(st, 5, d->name_en), db_bind_text(st, 6, d->unit_zh);
		db_bind_text(st, 7, d->unit_en), db_bind_int(st, 8, d->decimals), db_bind_int(st, 9, d->direction);
		db_bind_text(st, 10, freq_name(d->frequency)), db_bind_text(st, 11, kind_name(d->kind));
		db_bind_text(st, 12, d->aggregation == AGG_SUM ? "sum" : "none"), db_bind_text(st, 13, d->goal_code);
		db_bind_opt_int(st, 14, d->measure_number != 0, d->measure_number), db_bind_text(st, 15, d->owner_code);
		db_bind_int(st, 16, d->is_headline), db_bind_text(st, 17, d->definition_zh);
		db_bind_text(st, 18, d->definition_en), db_bind_text(st, 19, d->formula);
		db_bind_text(st, 20, d->scale_text), db_bind_text(st, 21, d->levels_text);
		db_bind_text(st, 22, d->method_zh), db_bind_text(st, 23, d->method_en), db_bind_text(st, 24, d->source_zh);
		db_bind_text(st, 25, d->source_en), db_bind_text(st, 26, d->release_zh), db_bind_text(st, 27, d->release_en);
		db_bind_text(st, 28, d->continues);
		if (rc == ST_OK)
			rc = db_run(st);
	}
	if (!st)
		return ST_STORE;

	st = db_prep(s, a,
		     "INSERT INTO pv_targets (pv_id, position, indicator, region, year, comparator, value, value_max,"
		     " base_value, base_year, note_zh, proxy_region, proxy_note_zh, proxy_note_en, tolerance, nature,"
		     " unit_given, unit_factor) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	for (size_t i = 0; st && rc == ST_OK && i < p->n_targets; i++) {
		const struct target *t = &p->targets[i];
		db_bind_int(st, 1, pv), db_bind_int(st, 2, (long long)i), db_bind_text(st, 3, t->indicator_code);
		db_bind_text(st, 4, t->region_code), db_bind_int(st, 5, t->year), db_bind_text(st, 6, cmp_name(t->cmp));
		db_bind_opt_double(st, 7, t->has_value, t->value), db_bind_opt_double(st, 8, t->has_value_max, t->value_max);
		db_bind_opt_double(st, 9, t->has_base_value, t->base_value);
		db_bind_opt_int(st, 10, t->base_year != 0, t->base_year), db_bind_text(st, 11, t->note_zh);
		db_bind_text(st, 12, t->proxy_region_code), db_bind_text(st, 13, t->proxy_note_zh);
		db_bind_text(st, 14, t->proxy_note_en), db_bind_opt_double(st, 15, t->has_tolerance, t->tolerance);
		db_bind_text(st, 16, t->nature != NATURE_NONE ? nature_name(t->nature) : NULL);
		db_bind_text(st, 17, t->unit_given), db_bind_opt_double(st, 18, t->unit_given != NULL, t->unit_factor);
		rc = db_run(st);
	}
	if (!st)
		return ST_STORE;

	st = db_prep(s, a,
		     "INSERT INTO pv_rules (pv_id, position, code, kind, applies, min, max, severity, note_zh)"
		     " VALUES (?,?,?,?,?,?,?,?,?)");
	for (size_t i = 0; st && rc == ST_OK && i < p->n_rules; i++) {
		const struct rule *x = &p->rules[i];
		db_bind_int(st, 1, pv), db_bind_int(st, 2, (long long)i), db_bind_text(st, 3, x->code);
		db_bind_text(st, 4, rule_kind_name(x->kind)), db_bind_text(st, 5, x->applies);
		db_bind_opt_double(st, 6, x->has_min, x->min), db_bind_opt_double(st, 7, x->has_max, x->max);
		db_bind_text(st, 8, x->is_warning ? "warning" : "error"), db_bind_text(st, 9, x->note_zh);
		rc = db_run(st);
	}
	if (!st)
		return ST_STORE;
	return rc;
}

enum status store_plan_save(struct store *s, const struct plan *p, const char *who, struct plan_save_result *res)
{
	struct arena *a = arena_new();
	char digest[65], now[32];
	enum status rc;
	memset(res, 0, sizeof(*res));
	digest_hex(plan_canonical(p, a), digest);
	db_now(now);

	rc = db_begin(s);
	if (rc != ST_OK)
		goto out;
	struct db_stmt *q = db_prep(s, a,
				  "SELECT p.id, v.version, v.digest FROM plans p LEFT JOIN plan_versions v ON v.plan_id = p.id"
				  " WHERE p.code = ? ORDER BY v.version DESC LIMIT 1");
	if (!q) {
		rc = ST_STORE;
		goto fail;
	}
	db_bind_text(q, 1, p->info.code);
	long long plan_id = 0;
	int version = 0;
	rc = db_row(q);
	if (rc == ST_STORE)
		goto fail;
	if (rc == ST_OK) {
		plan_id = db_int(q, 0);
		version = (int)db_int(q, 1);
		int is_same = strcmp(db_peek(q, 2), digest) == 0;
		db_reset(q);
		if (is_same) {
			res->version = version;
			res->is_unchanged = 1;
			db_rollback(s);
			goto out;
		}
	}
	if (!plan_id) {
		struct db_stmt *ins = db_prep(s, a, "INSERT INTO plans (code, created_at, status) VALUES (?, ?, ?) RETURNING id");
		if (!ins) {
			rc = ST_STORE;
			goto fail;
		}
		db_bind_text(ins, 1, p->info.code), db_bind_text(ins, 2, now);
		db_bind_text(ins, 3, plan_status_name(p->info.status == PLAN_STATUS_DRAFT ? PLAN_STATUS_DRAFT : PLAN_STATUS_IN_FORCE));
		rc = db_insert(ins, &plan_id);
		if (rc != ST_OK)
			goto fail;
		res->is_new_plan = 1;
	}
	struct db_stmt *pv = db_prep(s, a,
				   "INSERT INTO plan_versions (plan_id, version, digest, loaded_at, loaded_by, title_zh, title_en,"
				   " issuer_zh, issuer_en, doc_no, issued, valid_until, base_year, target_year)"
				   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
	if (!pv) {
		rc = ST_STORE;
		goto fail;
	}
	const struct plan_info *in = &p->info;
	db_bind_int(pv, 1, plan_id), db_bind_int(pv, 2, version + 1), db_bind_text(pv, 3, digest);
	db_bind_text(pv, 4, now), db_bind_text(pv, 5, who ? who : "cli"), db_bind_text(pv, 6, in->title_zh);
	db_bind_text(pv, 7, in->title_en), db_bind_text(pv, 8, in->issuer_zh), db_bind_text(pv, 9, in->issuer_en);
	/* doc_no is NOT NULL in 0001: a plan without a document number stores '' (read back as NULL) */
	db_bind_text(pv, 10, in->doc_no ? in->doc_no : ""), db_bind_text(pv, 11, in->issued);
	db_bind_text(pv, 12, in->valid_until);
	db_bind_opt_int(pv, 13, in->base_year != 0, in->base_year), db_bind_int(pv, 14, in->target_year);
	long long pv_id;
	rc = db_insert(pv, &pv_id);
	if (rc == ST_OK)
		rc = write_version_rows(s, a, p, pv_id);
	if (rc != ST_OK)
		goto fail;
	char *before = version ? arena_printf(a, "{\"version\":%d}", version) : NULL;
	char *after = arena_printf(a, "{\"version\":%d,\"digest\":\"%s\"}", version + 1, digest);
	rc = db_audit(s, res->is_new_plan ? "plan.create" : "plan.version", "plan", p->info.code, before, after);
	if (rc != ST_OK)
		goto fail;
	rc = db_commit(s);
	if (rc != ST_OK)
		goto out;
	res->version = version + 1;
	goto out;
fail:
	db_rollback(s);
out:
	arena_free(a);
	return rc;
}

/* ---- reading ----------------------------------------------------------------------------- */

/* Run a query bound to pv and collect its rows with fn. */
static enum status collect(struct store *s, struct arena *a, const char *sql, long long pv, size_t elem,
			   db_read_fn fn, void **items, size_t *n)
{
	struct db_stmt *st = db_prep(s, a, sql);
	*items = NULL, *n = 0;
	if (!st)
		return ST_STORE;
	db_bind_int(st, 1, pv);
	return db_collect(st, a, elem, 0, fn, NULL, items, n);
}

#define T(i) db_text(a, st, (i))
#define I(i) db_int(st, (i))
#define IS_NULL(i) db_is_null(st, (i))

static void goal_row(struct arena *a, struct db_stmt *st, void *e, const void *ctx)
{
	(void)ctx;
	struct goal *g = e;
	g->code = T(0), g->number = I(1), g->name_zh = T(2), g->name_en = T(3), g->text_zh = T(4);
}

static void region_row(struct arena *a, struct db_stmt *st, void *e, const void *ctx)
{
	(void)ctx;
	struct region *r = e;
	r->code = T(0), r->name_zh = T(1), r->name_en = T(2), r->kind = T(3), r->sums_into = T(4), r->geo = T(5);
	r->has_point = !IS_NULL(6) && !IS_NULL(7);
	r->lon = db_double(st, 6), r->lat = db_double(st, 7);
}

static void rule_row(struct arena *a, struct db_stmt *st, void *e, const void *ctx)
{
	(void)ctx;
	struct rule *r = e;
	r->code = T(0), r->kind = (enum rule_kind)rule_kind_parse(db_peek(st, 1));
	r->applies = T(2), r->has_min = !IS_NULL(3), r->min = db_double(st, 3);
	r->has_max = !IS_NULL(4), r->max = db_double(st, 4);
	r->is_warning = strcmp(db_peek(st, 5), "warning") == 0, r->note_zh = T(6);
}

static void unit_row(struct arena *a, struct db_stmt *st, void *e, const void *ctx)
{
	(void)ctx;
	struct unit *u = e;
	u->code = T(0), u->name_zh = T(1), u->name_en = T(2), u->kind = T(3), u->regions_text = T(4);
	u->short_zh = T(5), u->short_en = T(6);
}

static void action_row(struct arena *a, struct db_stmt *st, void *e, const void *ctx)
{
	(void)ctx;
	struct action *x = e;
	x->number = I(0), x->title_zh = T(1), x->title_en = T(2);
	x->parent_number = IS_NULL(3) ? 0 : I(3), x->text_zh = T(4);
}

static void action_resp_row(struct arena *a, struct db_stmt *st, void *e, const void *ctx)
{
	(void)ctx;
	struct responsibility *r = e;
	r->action_number = I(0), r->unit_code = T(1);
	r->role = strcmp(db_peek(st, 2), "lead") == 0 ? ROLE_LEAD : ROLE_CO;
	r->position = I(3);
}

static void measure_row(struct arena *a, struct db_stmt *st, void *e, const void *ctx)
{
	(void)ctx;
	struct measure *m = e;
	m->number = I(0), m->action_number = I(1), m->title_zh = T(2), m->title_en = T(3), m->text_zh = T(4);
	m->text_en = T(5);
}

static void resp_row(struct arena *a, struct db_stmt *st, void *e, const void *ctx)
{
	(void)ctx;
	struct responsibility *r = e;
	r->measure_number = I(0), r->unit_code = T(1);
	r->role = strcmp(db_peek(st, 2), "lead") == 0 ? ROLE_LEAD : ROLE_CO;
	r->position = I(3);
}

static void indicator_row(struct arena *a, struct db_stmt *st, void *e, const void *ctx)
{
	(void)ctx;
	struct indicator *d = e;
	d->code = T(0), d->name_zh = T(1), d->name_en = T(2), d->unit_zh = T(3), d->unit_en = T(4);
	d->decimals = I(5), d->direction = I(6) < 0 ? DIR_DOWN : DIR_UP;
	const char *f = T(7), *k = T(8), *g = T(9);
	d->frequency = strcmp(f, "quarterly") == 0 ? FREQ_QUARTERLY : strcmp(f, "monthly") == 0 ? FREQ_MONTHLY : FREQ_ANNUAL;
	d->kind = strcmp(k, "derived") == 0 ? IND_DERIVED : strcmp(k, "formula") == 0 ? IND_FORMULA : IND_REPORTED;
	d->aggregation = strcmp(g, "sum") == 0 ? AGG_SUM : AGG_NONE;
	d->goal_code = T(10), d->measure_number = IS_NULL(11) ? 0 : I(11), d->owner_code = T(12);
	d->is_headline = I(13), d->definition_zh = T(14), d->definition_en = T(15), d->formula = T(16);
	d->scale_text = T(17), d->levels_text = T(18);
	d->method_zh = T(19), d->method_en = T(20), d->source_zh = T(21), d->source_en = T(22);
	d->release_zh = T(23), d->release_en = T(24), d->continues = T(25);
}

static void target_row(struct arena *a, struct db_stmt *st, void *e, const void *ctx)
{
	(void)ctx;
	struct target *t = e;
	t->indicator_code = T(0), t->region_code = T(1), t->year = I(2);
	t->cmp = cmp_parse(db_peek(st, 3));
	t->has_value = !IS_NULL(4), t->value = db_double(st, 4);
	t->has_value_max = !IS_NULL(5), t->value_max = db_double(st, 5);
	t->has_base_value = !IS_NULL(6), t->base_value = db_double(st, 6);
	t->base_year = IS_NULL(7) ? 0 : I(7), t->note_zh = T(8);
	t->proxy_region_code = T(9), t->proxy_note_zh = T(10), t->proxy_note_en = T(11);
	t->has_tolerance = !IS_NULL(12), t->tolerance = db_double(st, 12);
	int nature = nature_parse(T(13));
	t->nature = nature < 0 ? NATURE_NONE : (enum target_nature)nature;
	t->unit_given = T(14), t->unit_factor = IS_NULL(15) ? 1 : db_double(st, 15);
}

struct parent_link {
	const char *region, *parent;
};

static void parent_row(struct arena *a, struct db_stmt *st, void *e, const void *ctx)
{
	(void)ctx;
	struct parent_link *l = e;
	l->region = T(0), l->parent = T(1);
}

enum status store_plan_current(struct store *s, char *code_out, size_t cap, int *version)
{
	struct arena *a = arena_new();
	struct db_stmt *st = db_prep(s, a,
				   "SELECT p.code, v.version FROM plan_versions v JOIN plans p ON p.id = v.plan_id"
				   " WHERE p.id = (SELECT max(id) FROM plans) ORDER BY v.version DESC LIMIT 1");
	enum status rc = st ? db_row(st) : ST_STORE;
	if (rc == ST_OK) {
		snprintf(code_out, cap, "%s", db_peek(st, 0));
		*version = (int)db_int(st, 1);
	}
	arena_free(a);
	return rc;
}

enum status store_plan_get(struct store *s, struct arena *a, const char *code, int version, struct plan **out)
{
	*out = NULL;
	struct db_stmt *st = db_prep(s, a,
				   "SELECT v.id, p.code, v.version, v.title_zh, v.title_en, v.issuer_zh, v.issuer_en, v.doc_no,"
				   " v.issued, v.valid_until, v.base_year, v.target_year, p.status, p.superseded_by"
				   " FROM plan_versions v JOIN plans p ON p.id = v.plan_id"
				   " WHERE (CAST(?1 AS TEXT) IS NULL AND p.id = (SELECT max(id) FROM plans) OR p.code = ?1)"
				   "   AND (?2 = 0 OR v.version = ?2)"
				   " ORDER BY v.version DESC LIMIT 1");
	if (!st)
		return ST_STORE;
	db_bind_text(st, 1, code);
	db_bind_int(st, 2, version);
	enum status rc = db_row(st);
	if (rc != ST_OK)
		return rc;
	struct plan *p = arena_calloc(a, 1, sizeof(*p));
	long long pv = db_int(st, 0);
	struct plan_info *in = &p->info;
	in->code = T(1), in->version = I(2), in->title_zh = T(3), in->title_en = T(4), in->issuer_zh = T(5);
	in->issuer_en = T(6), in->doc_no = T(7), in->issued = T(8), in->valid_until = T(9);
	if (in->doc_no && !*in->doc_no)
		in->doc_no = NULL;
	in->base_year = IS_NULL(10) ? 0 : I(10), in->target_year = I(11);
	int status = plan_status_parse(T(12));
	in->status = status < 0 ? PLAN_STATUS_IN_FORCE : (enum plan_status)status;
	in->superseded_by = T(13);
	/* done with the row (its texts are copied): a statement left on a row would keep this
	 * connection's read transaction open for as long as arena a lives, and a plan may be kept
	 * for the server's whole life (server_plan) */
	db_reset(st);

	enum status r = ST_OK;
	void *v;
	struct parent_link *links = NULL;
	size_t n_links = 0;
#define COLLECT(sql, type, fn, arr, cnt)                                                         \
	if (r == ST_OK) {                                                                       \
		r = collect(s, a, sql, pv, sizeof(type), fn, &v, &p->cnt);                      \
		p->arr = v;                                                                     \
	}
	COLLECT("SELECT code, number, name_zh, name_en, text_zh FROM pv_goals WHERE pv_id = ? ORDER BY position",
		struct goal, goal_row, goals, n_goals);
	COLLECT("SELECT code, name_zh, name_en, kind, sums_into, geo, lon, lat FROM pv_regions WHERE pv_id = ? ORDER BY position",
		struct region, region_row, regions, n_regions);
	COLLECT("SELECT code, name_zh, name_en, kind, regions, short_zh, short_en FROM pv_units WHERE pv_id = ? ORDER BY position",
		struct unit, unit_row, units, n_units);
	COLLECT("SELECT number, title_zh, title_en, parent, text_zh FROM pv_actions WHERE pv_id = ? ORDER BY position, number",
		struct action, action_row, actions, n_actions);
	COLLECT("SELECT action, unit, role, position FROM pv_action_units WHERE pv_id = ? ORDER BY action, position",
		struct responsibility, action_resp_row, action_resps, n_action_resps);
	COLLECT("SELECT number, action, title_zh, title_en, text_zh, text_en FROM pv_measures WHERE pv_id = ? ORDER BY number",
		struct measure, measure_row, measures, n_measures);
	COLLECT("SELECT measure, unit, role, position FROM pv_responsibilities WHERE pv_id = ? ORDER BY measure, position",
		struct responsibility, resp_row, resps, n_resps);
	COLLECT("SELECT code, name_zh, name_en, unit_zh, unit_en, decimals, direction, frequency, kind, aggregation,"
		" goal, measure, owner, headline, definition_zh, definition_en, formula, scale, levels,"
		" method_zh, method_en, source_zh, source_en, release_zh, release_en, continues"
		" FROM pv_indicators WHERE pv_id = ? ORDER BY position",
		struct indicator, indicator_row, indicators, n_indicators);
	COLLECT("SELECT indicator, region, year, comparator, value, value_max, base_value, base_year, note_zh,"
		" proxy_region, proxy_note_zh, proxy_note_en, tolerance, nature, unit_given, unit_factor FROM pv_targets WHERE pv_id = ? ORDER BY position",
		struct target, target_row, targets, n_targets);
	COLLECT("SELECT code, kind, applies, min, max, severity, note_zh FROM pv_rules WHERE pv_id = ? ORDER BY position",
		struct rule, rule_row, rules, n_rules);
#undef COLLECT
	if (r == ST_OK)
		r = collect(s, a, "SELECT region, parent FROM pv_region_parents WHERE pv_id = ? ORDER BY region, position",
			    pv, sizeof(struct parent_link), parent_row, &v, &n_links);
	if (r != ST_OK)
		return r;
	links = v;
	for (size_t i = 0; i < p->n_regions; i++) {
		struct region *g = &p->regions[i];
		g->parent_codes = arena_alloc(a, (n_links + 1) * sizeof(char *));
		for (size_t k = 0; k < n_links; k++)
			if (strcmp(links[k].region, g->code) == 0)
				g->parent_codes[g->n_parents++] = links[k].parent;
	}
	/* resolve indexes; a stored plan was checked when saved */
	struct diag_list d;
	diag_init(&d, a);
	if (plan_check(p, &d) != 0)
		return db_fail(s, "stored plan '%s' version %d fails its checks: %s", in->code, in->version, d.items[0].msg);
	*out = p;
	return ST_OK;
}

static void version_row(struct arena *a, struct db_stmt *st, void *e, const void *ctx)
{
	(void)ctx;
	struct plan_version_row *r = e;
	r->code = T(0), r->version = I(1), r->title_zh = T(2), r->loaded_at = T(3), r->loaded_by = T(4);
	r->digest = T(5);
	int status = plan_status_parse(T(6));
	r->status = status < 0 ? PLAN_STATUS_IN_FORCE : (enum plan_status)status;
	r->superseded_by = T(7);
}

enum status store_plan_versions(struct store *s, struct arena *a, struct plan_version_row **rows, size_t *n)
{
	void *v;
	enum status rc = collect(s, a,
				 "SELECT p.code, v.version, v.title_zh, v.loaded_at, v.loaded_by, v.digest, p.status, p.superseded_by"
				 " FROM plan_versions v JOIN plans p ON p.id = v.plan_id WHERE v.id > ? ORDER BY v.id",
				 0, sizeof(struct plan_version_row), version_row, &v, n);
	*rows = v;
	return rc;
}

enum status store_plan_set_status(struct store *s, const char *code, enum plan_status status, const char *superseded_by,
				  int *is_unchanged)
{
	struct arena *a = arena_new();
	*is_unchanged = 0;
	enum status rc = db_begin(s);
	if (rc != ST_OK)
		goto out;
	struct db_stmt *q = db_prep(s, a, "SELECT status, superseded_by FROM plans WHERE code = ?");
	if (!q) {
		rc = ST_STORE;
		goto fail;
	}
	db_bind_text(q, 1, code);
	rc = db_row(q);
	if (rc != ST_OK)
		goto fail;
	const char *old = db_text(a, q, 0), *old_by = db_text(a, q, 1);
	db_reset(q);
	const char *want = plan_status_name(status);
	if (strcmp(old, want) == 0 && ((!old_by && !superseded_by) || (old_by && superseded_by && strcmp(old_by, superseded_by) == 0))) {
		*is_unchanged = 1;
		db_rollback(s);
		goto out;
	}
	struct db_stmt *up = db_prep(s, a, "UPDATE plans SET status = ?, superseded_by = ? WHERE code = ?");
	if (!up) {
		rc = ST_STORE;
		goto fail;
	}
	db_bind_text(up, 1, want), db_bind_text(up, 2, superseded_by), db_bind_text(up, 3, code);
	rc = db_run(up);
	if (rc != ST_OK)
		goto fail;
	/* codes and status names are [a-z0-9_-]: nothing to escape */
	const char *b = arena_printf(a, "{\"status\":\"%s\",\"superseded_by\":%s%s%s}", old, old_by ? "\"" : "",
				     old_by ? old_by : "null", old_by ? "\"" : "");
	const char *f = arena_printf(a, "{\"status\":\"%s\",\"superseded_by\":%s%s%s}", want, superseded_by ? "\"" : "",
				     superseded_by ? superseded_by : "null", superseded_by ? "\"" : "");
	rc = db_audit(s, "plan.status", "plan", code, b, f);
	if (rc != ST_OK)
		goto fail;
	rc = db_commit(s);
	goto out;
fail:
	db_rollback(s);
out:
	arena_free(a);
	return rc;
}
